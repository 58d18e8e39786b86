/* The NT key services as the registry guest programs call them (ntdll's
 * exports, linked through MinGW's libntdll.a), and small helpers. */
#ifndef WOW64_TEST_NTREG_H
#define WOW64_TEST_NTREG_H

#include <windows.h>
#include <winternl.h>
#include <wchar.h>

NTSTATUS NTAPI NtCreateKey(PHANDLE key, ACCESS_MASK access, POBJECT_ATTRIBUTES attr, ULONG title,
                           PUNICODE_STRING cls, ULONG options, PULONG disposition);
NTSTATUS NTAPI NtOpenKey(PHANDLE key, ACCESS_MASK access, POBJECT_ATTRIBUTES attr);
NTSTATUS NTAPI NtOpenKeyEx(PHANDLE key, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                           ULONG options);
NTSTATUS NTAPI NtDeleteKey(HANDLE key);
NTSTATUS NTAPI NtQueryKey(HANDLE key, ULONG cls, PVOID buf, ULONG len, PULONG retlen);
NTSTATUS NTAPI NtEnumerateKey(HANDLE key, ULONG index, ULONG cls, PVOID buf, ULONG len,
                              PULONG retlen);
NTSTATUS NTAPI NtEnumerateValueKey(HANDLE key, ULONG index, ULONG cls, PVOID buf, ULONG len,
                                   PULONG retlen);
NTSTATUS NTAPI NtQueryValueKey(HANDLE key, PUNICODE_STRING name, ULONG cls, PVOID buf, ULONG len,
                               PULONG retlen);
NTSTATUS NTAPI NtSetValueKey(HANDLE key, PUNICODE_STRING name, ULONG title, ULONG type,
                             PVOID data, ULONG size);
NTSTATUS NTAPI NtDeleteValueKey(HANDLE key, PUNICODE_STRING name);
NTSTATUS NTAPI NtFlushKey(HANDLE key);
NTSTATUS NTAPI NtNotifyChangeKey(HANDLE key, HANDLE event, PVOID apc, PVOID apc_context,
                                 PIO_STATUS_BLOCK iosb, ULONG filter, BOOLEAN tree, PVOID buf,
                                 ULONG len, BOOLEAN async);
NTSTATUS NTAPI NtClose(HANDLE h);

/* HKEY_CURRENT_USER's hive (src/nt/token.h). */
#define HKCU_NAME L"\\REGISTRY\\USER\\S-1-5-21-0-0-0-1000"

static inline UNICODE_STRING us(const wchar_t *s)
{
    UNICODE_STRING u;

    u.Buffer = (PWSTR)s;
    u.Length = s ? (USHORT)(wcslen(s) * 2) : 0;
    u.MaximumLength = u.Length;
    return u;
}

/* Opens or creates name (relative to root when root is not NULL). */
static inline NTSTATUS key_create(HANDLE *out, HANDLE root, const wchar_t *name, ACCESS_MASK access,
                                  ULONG options, ULONG *disposition)
{
    UNICODE_STRING n = us(name);
    OBJECT_ATTRIBUTES a;

    InitializeObjectAttributes(&a, &n, OBJ_CASE_INSENSITIVE, root, NULL);
    return NtCreateKey(out, access, &a, 0, NULL, options, disposition);
}

static inline NTSTATUS key_open(HANDLE *out, HANDLE root, const wchar_t *name, ACCESS_MASK access)
{
    UNICODE_STRING n = us(name);
    OBJECT_ATTRIBUTES a;

    InitializeObjectAttributes(&a, &n, OBJ_CASE_INSENSITIVE, root, NULL);
    return NtOpenKey(out, access, &a);
}

static inline NTSTATUS set_dword(HANDLE key, const wchar_t *name, DWORD v)
{
    UNICODE_STRING n = us(name);
    return NtSetValueKey(key, &n, 0, REG_DWORD, &v, sizeof v);
}

/* KEY_VALUE_PARTIAL_INFORMATION's DWORD, or -1 when absent. */
static inline LONGLONG get_dword(HANDLE key, const wchar_t *name)
{
    UNICODE_STRING n = us(name);
    ULONG buf[8], len;

    if (NtQueryValueKey(key, &n, 2, buf, sizeof buf, &len) != 0 || buf[1] != REG_DWORD ||
        buf[2] != 4)
        return -1;
    return buf[3];
}

#endif
