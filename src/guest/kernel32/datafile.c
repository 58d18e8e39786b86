/* LoadLibraryEx with LOAD_LIBRARY_AS_DATAFILE(_EXCLUSIVE) or
 * LOAD_LIBRARY_AS_IMAGE_RESOURCE: the file mapped read-only as data, not
 * as an image, so nothing of it runs and any bitness loads (a 32-bit
 * program reading a 64-bit DLL's resources). The handle is the view's
 * address with its low bits tagged, as Windows returns it (1: data file,
 * 2: image resource); FreeLibrary of such a handle unmaps the view. */
#include "kernel32_private.h"

/* name in each directory PATH lists, in order. */
static BOOL search_path_variable(LPCWSTR name, WCHAR *out, DWORD size)
{
    DWORD n = GetEnvironmentVariableW(L"PATH", NULL, 0);
    WCHAR *path, *p, *next;
    size_t len = wcslen(name);
    BOOL found = FALSE;

    if (!n || !(path = k32_alloc(n * sizeof(WCHAR))))
        return FALSE;
    if (GetEnvironmentVariableW(L"PATH", path, n) >= n)
        path[0] = 0;
    for (p = path; p && !found; p = next) {
        size_t dlen;

        if ((next = wcschr(p, ';')))
            *next++ = 0;
        dlen = wcslen(p);
        if (dlen >= 2 && p[0] == '"' && p[dlen - 1] == '"') {
            p[--dlen] = 0;
            p++;
            dlen--;
        }
        if (!dlen || dlen + 1 + len >= size)
            continue;
        memcpy(out, p, dlen * sizeof(WCHAR));
        out[dlen] = '\\';
        memcpy(out + dlen + 1, name, (len + 1) * sizeof(WCHAR));
        found = GetFileAttributesW(out) != INVALID_FILE_ATTRIBUTES;
    }
    k32_free(path);
    return found;
}

/* Where a bare name is looked for: the exe's directory, the system
 * directory, the Windows directory, the current directory and the
 * directories in PATH (the standard DLL search order). */
static BOOL search(LPCWSTR name, WCHAR *out, DWORD size)
{
    WCHAR dir[MAX_PATH], *slash;
    size_t len = wcslen(name);
    DWORD n;
    int i;

    for (i = 0; i < 4; i++) {
        if (i == 0) {
            n = GetModuleFileNameW(NULL, dir, MAX_PATH);
            if (!n || n >= MAX_PATH || !(slash = wcsrchr(dir, '\\')))
                continue;
            *slash = 0;
            n = (DWORD)(slash - dir);
        } else if (i == 1) {
            n = GetSystemDirectoryW(dir, MAX_PATH);
        } else if (i == 2) {
            n = GetWindowsDirectoryW(dir, MAX_PATH);
        } else {
            n = GetCurrentDirectoryW(MAX_PATH, dir);
        }
        if (!n || n >= MAX_PATH || n + 1 + len >= size)
            continue;
        memcpy(out, dir, n * sizeof(WCHAR));
        out[n] = '\\';
        memcpy(out + n + 1, name, (len + 1) * sizeof(WCHAR));
        if (GetFileAttributesW(out) != INVALID_FILE_ATTRIBUTES)
            return TRUE;
    }
    return search_path_variable(name, out, size);
}

/* Whether the view starts with DOS and PE headers. */
static BOOL is_pe(const BYTE *p, SIZE_T size)
{
    DWORD lfanew;

    if (size < 0x40 || p[0] != 'M' || p[1] != 'Z')
        return FALSE;
    memcpy(&lfanew, p + 0x3c, 4);
    return lfanew <= size - 24 && !memcmp(p + lfanew, "PE\0\0", 4);
}

HMODULE k32_load_datafile(LPCWSTR name, DWORD flags)
{
    WCHAR path[MAX_PATH];
    DWORD share = FILE_SHARE_READ | FILE_SHARE_DELETE;
    LARGE_INTEGER size;
    HANDLE file, mapping;
    BYTE *view;

    if (!wcschr(name, '\\') && !wcschr(name, '/') && !(name[0] && name[1] == ':')) {
        if (!search(name, path, MAX_PATH)) {
            SetLastError(ERROR_MOD_NOT_FOUND);
            return NULL;
        }
        name = path;
    }
    if (!(flags & LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE))
        share |= FILE_SHARE_WRITE;
    file = CreateFileW(name, GENERIC_READ, share, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND)
            SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if (!GetFileSizeEx(file, &size) || !size.QuadPart) {
        CloseHandle(file);
        SetLastError(ERROR_BAD_EXE_FORMAT);
        return NULL;
    }
    mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
    CloseHandle(file);
    if (!mapping)
        return NULL;
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    CloseHandle(mapping);
    if (!view)
        return NULL;
    if (size.HighPart || !is_pe(view, size.LowPart)) {
        UnmapViewOfFile(view);
        SetLastError(ERROR_BAD_EXE_FORMAT);
        return NULL;
    }
    return (HMODULE)(view + ((flags & LOAD_LIBRARY_AS_IMAGE_RESOURCE) ? 2 : 1));
}

BOOL k32_free_datafile(HMODULE h)
{
    return UnmapViewOfFile((void *)((ULONG_PTR)h & ~(ULONG_PTR)3));
}
