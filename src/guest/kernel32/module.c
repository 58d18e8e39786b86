/* Modules: handles, file names and loading. Loading and lookups are the
 * host loader's (LdrLoadDll & co. are system services that run the new
 * DLLs' entry points themselves); file names come from PEB->Ldr. */
#include "kernel32_private.h"

/* LdrLoadDll's DLL characteristics bits that our host loader takes from
 * our kernel32 (src/loader/loader.h): pin the module, and only an already
 * loaded module will do. */
#define LDR_PIN 0x80000000u
#define LDR_LOADED_ONLY 0x40000000u
#define SEARCH_FLAGS (LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_APPLICATION_DIR | \
                      LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32 |          \
                      LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)

/* The loader entry for module h (NULL: the exe), or NULL. Caller holds the
 * loader lock. */
static LDR_DATA_TABLE_ENTRY32 *find_module(HMODULE h)
{
    PEB32 *peb = nt_peb();
    LIST_ENTRY *head, *le;

    if (!h)
        h = peb->ImageBaseAddress;
    if (!peb->Ldr)
        return NULL;
    head = &peb->Ldr->InLoadOrderModuleList;
    for (le = head->Flink; le && le != head; le = le->Flink) {
        LDR_DATA_TABLE_ENTRY32 *mod = CONTAINING_RECORD(le, LDR_DATA_TABLE_ENTRY32, InLoadOrderLinks);

        if (mod->DllBase == (void *)h)
            return mod;
    }
    return NULL;
}

/* A heap copy of module h's full file name, *len units long. */
static WCHAR *module_file_name(HMODULE h, DWORD *len)
{
    LDR_DATA_TABLE_ENTRY32 *mod;
    WCHAR *name = NULL;

    RtlEnterCriticalSection(nt_peb()->LoaderLock);
    if ((mod = find_module(h))) {
        *len = mod->FullDllName.Length / sizeof(WCHAR);
        if ((name = k32_alloc((*len + 1) * sizeof(WCHAR)))) {
            memcpy(name, mod->FullDllName.Buffer, *len * sizeof(WCHAR));
            name[*len] = 0;
        } else {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        }
    } else {
        SetLastError(ERROR_MOD_NOT_FOUND);
    }
    RtlLeaveCriticalSection(nt_peb()->LoaderLock);
    return name;
}

/* Vista+ rule: a too-small buffer gets the truncated, terminated name, the
 * return value is the buffer size and the error ERROR_INSUFFICIENT_BUFFER. */
DWORD WINAPI GetModuleFileNameW(HMODULE h, LPWSTR buf, DWORD size)
{
    DWORD len, n;
    WCHAR *name = module_file_name(h, &len);

    if (!name)
        return 0;
    n = len < size ? len : size;
    memcpy(buf, name, n * sizeof(WCHAR));
    k32_free(name);
    if (n < size) {
        buf[n] = 0;
        return n;
    }
    if (size)
        buf[size - 1] = 0;
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return size;
}

DWORD WINAPI GetModuleFileNameA(HMODULE h, LPSTR buf, DWORD size)
{
    DWORD len, n;
    WCHAR *name = module_file_name(h, &len);

    if (!name)
        return 0;
    n = len < size ? len : size;
    RtlUnicodeToMultiByteN(buf, n, NULL, name, n * sizeof(WCHAR));
    k32_free(name);
    if (n < size) {
        buf[n] = 0;
        return n;
    }
    if (size)
        buf[size - 1] = 0;
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return size;
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR name)
{
    UNICODE_STRING us;
    PVOID base;
    NTSTATUS status;

    if (!name)
        return nt_peb()->ImageBaseAddress;
    RtlInitUnicodeString(&us, name);
    if ((status = LdrGetDllHandle(NULL, NULL, &us, &base))) {
        k32_status(status);
        return NULL;
    }
    return base;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR name)
{
    WCHAR *w;
    HMODULE h;

    if (!name)
        return nt_peb()->ImageBaseAddress;
    if (!(w = k32_ansi_to_wide(name)))
        return NULL;
    h = GetModuleHandleW(w);
    k32_free(w);
    return h;
}

/* GetModuleHandleEx: by name or by an address inside the module; takes a
 * reference (through LdrLoadDll, only for a module that is loaded) unless
 * told not to, or pins the module (never unloaded from then on). */
BOOL WINAPI GetModuleHandleExW(DWORD flags, LPCWSTR name, HMODULE *out)
{
    LDR_DATA_TABLE_ENTRY32 *mod;
    HMODULE h;

    if (!out) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *out = NULL;
    if ((flags & ~(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT |
                   GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)) ||
        (flags & (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) ==
            (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
        if (LdrFindEntryForAddress(name, &mod)) {
            SetLastError(ERROR_MOD_NOT_FOUND);
            return FALSE;
        }
        h = mod->DllBase;
    } else if (!(h = GetModuleHandleW(name))) {
        return FALSE;
    }
    if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT) && h != nt_peb()->ImageBaseAddress) {
        WCHAR path[MAX_PATH];
        UNICODE_STRING us;
        PVOID base;
        NTSTATUS status;
        ULONG chars = LDR_LOADED_ONLY | (flags & GET_MODULE_HANDLE_EX_FLAG_PIN ? LDR_PIN : 0);
        DWORD n = GetModuleFileNameW(h, path, MAX_PATH);

        if (!n || n == MAX_PATH)
            return FALSE;
        RtlInitUnicodeString(&us, path);
        if ((status = LdrLoadDll(NULL, &chars, &us, &base)))
            return k32_status(status);
    }
    *out = h;
    return TRUE;
}

BOOL WINAPI GetModuleHandleExA(DWORD flags, LPCSTR name, HMODULE *out)
{
    WCHAR *w;
    BOOL ret;

    if ((flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) || !name)
        return GetModuleHandleExW(flags, (LPCWSTR)name, out);
    if (!(w = k32_ansi_to_wide(name)))
        return FALSE;
    ret = GetModuleHandleExW(flags, w, out);
    k32_free(w);
    return ret;
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR name, HANDLE file, DWORD flags)
{
    const DWORD data_flags = LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE |
                             LOAD_LIBRARY_AS_IMAGE_RESOURCE;
    UNICODE_STRING us;
    ULONG chars = 0;
    PVOID base;
    NTSTATUS status;
    size_t len;
    WCHAR *copy, *dll_path;
    DWORD search;
    BOOL is_file;

    if (!name || file) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (flags & data_flags)
        return k32_load_datafile(name, flags);
    /* LOAD_WITH_ALTERED_SEARCH_PATH does not combine with the
     * LOAD_LIBRARY_SEARCH_* flags (Microsoft's LoadLibraryEx page). */
    if ((flags & LOAD_WITH_ALTERED_SEARCH_PATH) && (flags & SEARCH_FLAGS)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR needs a fully qualified name (a
     * drive, a UNC name or a root); a relative one is refused. */
    if ((flags & LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) &&
        !(name[0] && name[1] == ':' && (name[2] == '\\' || name[2] == '/')) &&
        name[0] != '\\' && name[0] != '/') {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (flags & ~(DONT_RESOLVE_DLL_REFERENCES | LOAD_WITH_ALTERED_SEARCH_PATH | SEARCH_FLAGS))
        K32_FIXME_ONCE("LoadLibraryExW flags %08lx: flags other than the search flags are "
                       "ignored\n", flags);
    if (flags & DONT_RESOLVE_DLL_REFERENCES)
        chars = IMAGE_FILE_EXECUTABLE_IMAGE;  /* what LdrLoadDll understands for it */
    /* Trailing spaces are not part of the name. */
    len = wcslen(name);
    while (len && name[len - 1] == ' ')
        len--;
    if (!len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(copy = k32_alloc((len + 1) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    memcpy(copy, name, len * sizeof(WCHAR));
    copy[len] = 0;
    /* A name with a directory part is a file: made full (the current
     * directory, "..", forward slashes) for the loader. */
    if ((is_file = wcschr(copy, '\\') || wcschr(copy, '/'))) {
        WCHAR *full;
        DWORD n = GetFullPathNameW(copy, 0, NULL, NULL);

        if (!n || !(full = k32_alloc(n * sizeof(WCHAR)))) {
            k32_free(copy);
            SetLastError(n ? ERROR_NOT_ENOUGH_MEMORY : ERROR_MOD_NOT_FOUND);
            return NULL;
        }
        GetFullPathNameW(copy, n, full, NULL);
        k32_free(copy);
        copy = full;
    }
    /* SetDllDirectory, AddDllDirectory, SetDefaultDllDirectories and
     * LOAD_WITH_ALTERED_SEARCH_PATH (dlldir.c): a search path string, or
     * the search flags to use. */
    if (!k32_dll_search(is_file ? copy : NULL, flags, &search, &dll_path)) {
        k32_free(copy);
        return NULL;
    }
    RtlInitUnicodeString(&us, copy);
    /* The search flags go to the loader as Windows 8's kernel32 passes
     * them: in the search-path argument, with its low bit set. */
    status = LdrLoadDll(dll_path ? dll_path : search ? (PWSTR)(ULONG_PTR)(search | 1) : NULL,
                        chars ? &chars : NULL, &us, &base);
    if (dll_path)
        k32_free(dll_path);
    k32_free(copy);
    if (status) {
        k32_status(status);
        return NULL;
    }
    return base;
}

HMODULE WINAPI LoadLibraryExA(LPCSTR name, HANDLE file, DWORD flags)
{
    WCHAR *w;
    HMODULE h;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(w = k32_ansi_to_wide(name)))
        return NULL;
    h = LoadLibraryExW(w, file, flags);
    k32_free(w);
    return h;
}

HMODULE WINAPI LoadLibraryW(LPCWSTR name)
{
    return LoadLibraryExW(name, NULL, 0);
}

HMODULE WINAPI LoadLibraryA(LPCSTR name)
{
    return LoadLibraryExA(name, NULL, 0);
}

BOOL WINAPI FreeLibrary(HMODULE h)
{
    if (!h) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if ((ULONG_PTR)h & 3)
        return k32_free_datafile(h);
    return k32_status(LdrUnloadDll(h));
}

/* Frees the module and ends the calling thread, so that a thread running
 * a DLL's code can unload that DLL: nothing returns into it. */
void WINAPI FreeLibraryAndExitThread(HMODULE h, DWORD code)
{
    FreeLibrary(h);
    ExitThread(code);
}

FARPROC WINAPI GetProcAddress(HMODULE h, LPCSTR name)
{
    ANSI_STRING as;
    PVOID proc;
    NTSTATUS status;

    if (!h)
        h = nt_peb()->ImageBaseAddress;
    /* A "name" below 64K is an ordinal. */
    if ((ULONG_PTR)name >> 16) {
        RtlInitAnsiString(&as, name);
        status = LdrGetProcedureAddress(h, &as, 0, &proc);
    } else {
        status = LdrGetProcedureAddress(h, NULL, (ULONG)(ULONG_PTR)name, &proc);
    }
    if (status) {
        k32_status(status);
        return NULL;
    }
    return (FARPROC)proc;
}

BOOL WINAPI DisableThreadLibraryCalls(HMODULE h)
{
    return k32_status(LdrDisableThreadCalloutsForDll(h));
}
