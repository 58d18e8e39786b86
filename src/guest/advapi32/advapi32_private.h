/* advapi32's private header: the NT registry, token and random services
 * it calls (MinGW's winternl.h does not declare them), their 32-bit
 * information layouts, and what advapi32's files share. */
#ifndef WOW64_ADVAPI32_PRIVATE_H
#define WOW64_ADVAPI32_PRIVATE_H

/* Our definitions of the advapi32 API are not imports. */
#define _ADVAPI32_
#define NO_OLDNAMES
#include "ntguest.h"

#include "ntreg.h"

/* Tokens and random bytes (rows 0x05d-0x062), and ntdll's reg.c. */
NTSYSAPI NTSTATUS NTAPI NtOpenProcessToken(HANDLE Process, ACCESS_MASK Access, PHANDLE Token);
NTSYSAPI NTSTATUS NTAPI NtOpenThreadToken(HANDLE Thread, ACCESS_MASK Access, BOOLEAN OpenAsSelf,
    PHANDLE Token);
NTSYSAPI NTSTATUS NTAPI NtQueryInformationToken(HANDLE Token, ULONG InformationClass,
    PVOID Buffer, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI Wow64GenRandom(PVOID Buffer, ULONG Size);
NTSYSAPI NTSTATUS NTAPI RtlOpenCurrentUser(ACCESS_MASK Access, PHANDLE Key);
NTSYSAPI NTSTATUS NTAPI RtlFormatCurrentUserKeyPath(PUNICODE_STRING Path);

/* ------------------------------------------------------------------------
 * What advapi32's files share.
 * ------------------------------------------------------------------------ */

/* main.c: "<class>:advapi32:<message>" through Wow64LogMessage. */
void adv_log(ULONG level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define ADV_FIXME_ONCE(...)                                          \
    do {                                                             \
        static LONG once_;                                           \
        if (!__atomic_exchange_n(&once_, 1, __ATOMIC_RELAXED))       \
            adv_log(WOW64_LOG_FIXME, __VA_ARGS__);                   \
    } while (0)

/* A status as a Win32 error (the one table, RtlNtStatusToDosError). */
static inline LONG adv_error(NTSTATUS status)
{
    return NT_SUCCESS(status) ? ERROR_SUCCESS : (LONG)RtlNtStatusToDosError(status);
}

/* Sets the last error from a failed status and returns FALSE; TRUE for
 * success statuses (the BOOL-returning APIs). */
static inline BOOL adv_status(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return TRUE;
    SetLastError(RtlNtStatusToDosError(status));
    return FALSE;
}

static inline void *adv_alloc(SIZE_T size)
{
    return RtlAllocateHeap(nt_peb()->ProcessHeap, 0, size);
}

static inline void adv_free(void *p)
{
    if (p)
        RtlFreeHeap(nt_peb()->ProcessHeap, 0, p);
}

/* ansi.c: ANSI code page <-> UTF-16. adv_a2w: a heap copy (NULL stays
 * NULL; *ok FALSE when memory ran out). adv_w2a_size: the ANSI bytes of
 * len UTF-16 units. adv_w2a: converts len units into buf. */
WCHAR *adv_a2w(const char *s, BOOL *ok);
DWORD adv_w2a_size(const WCHAR *w, DWORD len);
void adv_w2a(char *buf, DWORD size, const WCHAR *w, DWORD len);
/* Copies a counted UTF-16 name into an ANSI buffer of *count characters
 * (the RegEnum*A convention): ERROR_MORE_DATA when the name and its NUL do
 * not fit, else the name, NUL-terminated, and *count its length. */
LONG adv_name_to_ansi(const WCHAR *w, DWORD len, char *buf, DWORD *count);

/* hkey.c: predefined keys and the HKEY_CLASSES_ROOT merge. */
/* The NT handle behind hkey (a predefined key is opened on first use). */
LONG reg_handle(HKEY hkey, HANDLE *out);
BOOL reg_is_predefined(HKEY hkey);
/* Opens subkey (may be NULL or empty: hkey itself, a new handle) of hkey
 * with access; under HKEY_CLASSES_ROOT the user's Classes key first, then
 * the machine's. */
LONG reg_open(HKEY hkey, const WCHAR *subkey, DWORD options, REGSAM access, HKEY *out);
/* Creates or opens subkey; under HKEY_CLASSES_ROOT an existing user key
 * is opened, else the machine's key is created. */
LONG reg_create(HKEY hkey, const WCHAR *subkey, DWORD options, REGSAM access,
                const WCHAR *class_name, HKEY *out, DWORD *disposition);
/* The user's Classes key (for the merge), or NULL when it does not exist. */
HANDLE reg_user_classes(void);
/* Whether hkey is HKEY_CLASSES_ROOT itself (and not overridden). */
BOOL reg_is_classes_root(HKEY hkey);
/* The machine's Classes key (HKEY_CLASSES_ROOT's own handle). */
LONG reg_machine_classes(HANDLE *out);

/* classes.c: keys opened through the merged view. classes_path: when
 * hkey is HKEY_CLASSES_ROOT or such a key, TRUE with its path below the
 * Classes roots joined with subkey (a heap string; *err set when memory
 * ran out) and the view flags it was opened with. classes_record takes
 * path over; classes_forget drops a closed handle. */
BOOL classes_path(HKEY hkey, const WCHAR *subkey, WCHAR **path, REGSAM *view, LONG *err);
void classes_record(HKEY key, WCHAR *path, REGSAM view);
void classes_forget(HKEY key);

/* value.c: one value of a key, read into a heap buffer (freed by the
 * caller) as NT_KEY_VALUE_PARTIAL; under HKEY_CLASSES_ROOT the user's
 * value first. */
LONG reg_read_value(HKEY hkey, const WCHAR *name, NT_KEY_VALUE_PARTIAL **out);
/* Value index of h as NT_KEY_VALUE_FULL in a heap buffer. */
NTSTATUS reg_enum_value(HANDLE h, DWORD index, NT_KEY_VALUE_FULL **out);
/* RegGetValue's work (getvalue.c): the value as the caller gets it (type
 * checked against flags, REG_EXPAND_SZ expanded unless RRF_NOEXPAND,
 * strings terminated) in a heap buffer of *len bytes. */
LONG reg_get_value(HKEY hkey, const WCHAR *subkey, const WCHAR *name, DWORD flags, DWORD *type,
                   BYTE **data, DWORD *len);
/* An UNICODE_STRING of a possibly NULL name. */
void reg_name(UNICODE_STRING *us, const WCHAR *name);

/* Opens the subkey for a value function (RegGetValue, RegSetKeyValue,
 * RegDeleteKeyValue): hkey itself when subkey is NULL or empty
 * (*opened FALSE), else a new handle. */
LONG reg_open_for_value(HKEY hkey, const WCHAR *subkey, REGSAM access, HKEY *key, BOOL *opened);

#ifndef RRF_SUBKEY_WOW6464KEY
#define RRF_SUBKEY_WOW6464KEY 0x00010000
#define RRF_SUBKEY_WOW6432KEY 0x00020000
#endif
#ifndef RRF_WOW64_MASK
#define RRF_WOW64_MASK 0x00030000
#endif

#endif
