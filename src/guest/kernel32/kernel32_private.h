/* kernel32's private header: what its C files share beyond ntguest.h. */
#ifndef WOW64_KERNEL32_PRIVATE_H
#define WOW64_KERNEL32_PRIVATE_H

/* Our definitions of the kernel32 API are not imports. */
#define _KERNEL32_
#define NO_OLDNAMES
#include "ntguest.h"

/* Logs "<class>:kernel32:<message>" through Wow64LogMessage (printf-style;
 * the text goes through the ANSI code page, and reaches the host as UTF-8). */
void k32_log(ULONG level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A FIXME, logged once per call site. */
#define K32_FIXME_ONCE(...)                                          \
    do {                                                             \
        static LONG once_;                                           \
        if (!__atomic_exchange_n(&once_, 1, __ATOMIC_RELAXED))       \
            k32_log(WOW64_LOG_FIXME, __VA_ARGS__);                   \
    } while (0)

/* For functions we cannot implement yet: log once, fail honestly. */
#define K32_NOT_IMPLEMENTED(...)                                     \
    do {                                                             \
        K32_FIXME_ONCE(__VA_ARGS__);                                 \
        SetLastError(ERROR_CALL_NOT_IMPLEMENTED);                    \
    } while (0)

/* Sets the last error from a failed status (through RtlNtStatusToDosError,
 * the one table) and returns FALSE; TRUE for success statuses. */
static inline BOOL k32_status(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return TRUE;
    SetLastError(RtlNtStatusToDosError(status));
    return FALSE;
}

/* name's NT name in \BaseNamedObjects for the named objects (sync.c);
 * us->Buffer is freed with k32_free. FALSE with the last error set. */
BOOL k32_object_name(const WCHAR *name, UNICODE_STRING *us);
/* Opens the named object name with an Nt*Open* function (sync.c):
 * ERROR_INVALID_PARAMETER without a name, else the status's error. */
typedef NTSTATUS (NTAPI *open_fn)(PHANDLE, ACCESS_MASK, const OBJECT_ATTRIBUTES *);
HANDLE k32_open_named(open_fn fn, DWORD access, BOOL inherit, const WCHAR *name);

/* The process heap, for our own allocations. */
static inline void *k32_alloc(SIZE_T size)
{
    return RtlAllocateHeap(nt_peb()->ProcessHeap, 0, size);
}

static inline void k32_free(void *p)
{
    RtlFreeHeap(nt_peb()->ProcessHeap, 0, p);
}

/* strings.c: ANSI (code page 1252) <-> UTF-16 helpers for the A entry points. */
WCHAR *k32_ansi_to_wide(const char *s);   /* heap copy; NULL + last error on failure */
char *k32_wide_to_ansi(const WCHAR *s);   /* heap copy; NULL + last error on failure */
/* Copies len UTF-16 units of w into the ANSI buffer buf of size bytes, with
 * the convention of GetCurrentDirectoryA & co.: returns the length copied
 * (without NUL), or the size needed (with NUL) when buf is too small. */
DWORD k32_copy_wide_to_ansi(const WCHAR *w, DWORD len, char *buf, DWORD size);
/* Same convention for a UTF-16 destination. */
DWORD k32_copy_wide(const WCHAR *w, DWORD len, WCHAR *buf, DWORD size);

/* dlldir.c: LoadLibraryEx's search (file: the full name of a DLL named by
 * path, else NULL): the LOAD_LIBRARY_SEARCH_* flags to pass, or a search
 * path string (*path, k32_free) for LdrLoadDll. FALSE + last error. */
BOOL k32_dll_search(LPCWSTR file, DWORD flags, DWORD *search, WCHAR **path);

/* path.c: the NT name (\??\...) of a DOS path, in a heap buffer that
 * RtlFreeUnicodeString releases. FALSE + last error on failure. */
BOOL k32_dos_path_to_nt(const WCHAR *dos, UNICODE_STRING *nt);

/* console.c: console detection, and console I/O for ReadFile/WriteFile
 * (text in the console code pages, converted for the UTF-8 terminal). */
BOOL k32_is_console(HANDLE h);           /* may ask the host */
BOOL k32_console_known(HANDLE h);        /* std and noted handles only: cheap */
void k32_console_note(HANDLE h, BOOL input);
void k32_console_forget(HANDLE h);
BOOL k32_console_write_bytes(HANDLE h, const void *buf, DWORD len, DWORD *written);
BOOL k32_console_read_bytes(HANDLE h, void *buf, DWORD len, DWORD *read);
void k32_console_init(void);

/* environ.c, process start-up state. */
void k32_environ_init(void);

/* time.c: Windows' relative timeout from milliseconds (NULL for INFINITE). */
LARGE_INTEGER *k32_timeout(LARGE_INTEGER *buf, DWORD ms);

/* LoadLibraryEx as a data file / image resource, and its FreeLibrary
 * (datafile.c). */
HMODULE k32_load_datafile(LPCWSTR name, DWORD flags);
BOOL k32_free_datafile(HMODULE h);

#endif
