/* Paths: GetFullPathName (rules in pathname.c), the current directory
 * (kept where Windows keeps it, in the process parameters), the system
 * directories, and DOS -> NT name conversion for the file functions. */
#include "kernel32_private.h"
#include "pathname.h"

static const WCHAR windows_dir[] = L"C:\\Windows";
static const WCHAR system_dir[] = L"C:\\Windows\\system32";
static const WCHAR wow64_dir[] = L"C:\\Windows\\SysWOW64";

/* The buffer we allocated for CurrentDirectory.DosPath, if any (the
 * host's original buffer is not ours to free). */
static WCHAR *cwd_buffer;

/* A heap copy of the current directory (with its trailing backslash). */
static WCHAR *copy_cwd(void)
{
    UNICODE_STRING *cur = &nt_params()->CurrentDirectory.DosPath;
    WCHAR *copy;
    size_t n;

    RtlAcquirePebLock();
    n = cur->Length / sizeof(WCHAR);
    if ((copy = k32_alloc((n + 1) * sizeof(WCHAR)))) {
        memcpy(copy, cur->Buffer, n * sizeof(WCHAR));
        copy[n] = 0;
    }
    RtlReleasePebLock();
    if (!copy)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return copy;
}

/* The current directory of drive letter d (for "D:x" paths): the process's
 * current directory when it is on that drive, else the "=D:" variable that
 * cmd.exe maintains, else NULL (the drive's root). Heap copy. */
static WCHAR *drive_cwd(WCHAR d, const WCHAR *cwd)
{
    WCHAR name[4] = { '=', d, ':', 0 };
    WCHAR *buf;
    DWORD n;

    if (cwd[1] == ':' && (cwd[0] | 0x20) == (d | 0x20)) {
        size_t len = wcslen(cwd);

        if ((buf = k32_alloc((len + 1) * sizeof(WCHAR))))
            memcpy(buf, cwd, (len + 1) * sizeof(WCHAR));
        return buf;
    }
    if (!(n = GetEnvironmentVariableW(name, NULL, 0)))
        return NULL;
    if ((buf = k32_alloc(n * sizeof(WCHAR))) && GetEnvironmentVariableW(name, buf, n) < n)
        return buf;
    k32_free(buf);
    return NULL;
}

/* The full path of name in a heap buffer; *file gets the offset of the
 * final component or -1. NULL + last error on failure. */
static WCHAR *full_path(const WCHAR *name, size_t *len, size_t *file)
{
    WCHAR *cwd, *ddir = NULL, *work;

    if (!(cwd = copy_cwd()))
        return NULL;
    if (pathname_type(name) == PATHNAME_DRIVE_RELATIVE)
        ddir = drive_cwd(name[0], cwd);
    work = k32_alloc(pathname_work_size(name, cwd, ddir) * sizeof(WCHAR));
    if (work)
        *len = pathname_full(name, cwd, ddir, work, file);
    else
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    k32_free(ddir);
    k32_free(cwd);
    return work;
}

DWORD WINAPI GetFullPathNameW(LPCWSTR name, DWORD size, LPWSTR buf, LPWSTR *file)
{
    size_t len, part;
    WCHAR *full;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!*name) {
        SetLastError(ERROR_INVALID_NAME);
        return 0;
    }
    if (!(full = full_path(name, &len, &part)))
        return 0;
    if (len >= size) {
        k32_free(full);
        return (DWORD)len + 1;
    }
    memcpy(buf, full, (len + 1) * sizeof(WCHAR));
    if (file)
        *file = part == (size_t)-1 ? NULL : buf + part;
    k32_free(full);
    return (DWORD)len;
}

DWORD WINAPI GetFullPathNameA(LPCSTR name, DWORD size, LPSTR buf, LPSTR *file)
{
    size_t len, part;
    WCHAR *wname, *full;
    DWORD ret;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!*name) {
        SetLastError(ERROR_INVALID_NAME);
        return 0;
    }
    if (!(wname = k32_ansi_to_wide(name)))
        return 0;
    full = full_path(wname, &len, &part);
    k32_free(wname);
    if (!full)
        return 0;
    ret = k32_copy_wide_to_ansi(full, (DWORD)len, buf, size);
    /* The ANSI code page is single-byte: offsets carry over. */
    if (file && ret == len)
        *file = part == (size_t)-1 ? NULL : buf + part;
    k32_free(full);
    return ret;
}

BOOL k32_dos_path_to_nt(const WCHAR *dos, UNICODE_STRING *nt)
{
    static const WCHAR prefix[] = L"\\??\\", unc[] = L"UNC\\";
    const WCHAR *tail;
    size_t len, part, total, head = 4;
    WCHAR *full = NULL, *out;

    nt->Buffer = NULL;
    if (!dos[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    if (dos[0] == '\\' && dos[1] == '?' && dos[2] == '?' && dos[3] == '\\') {
        tail = dos + 4;  /* already an NT name: passed through */
    } else if (dos[0] == '\\' && dos[1] == '\\' && dos[2] == '?' && dos[3] == '\\') {
        tail = dos + 4;  /* \\?\ means "no normalisation" */
    } else {
        if (!(full = full_path(dos, &len, &part)))
            return FALSE;
        if (full[0] == '\\' && full[1] == '\\' && full[2] == '.' && full[3] == '\\') {
            tail = full + 4;
        } else if (full[0] == '\\' && full[1] == '\\') {
            tail = full + 2;
            head = 8;    /* \??\UNC\ */
        } else {
            tail = full;
        }
    }
    total = head + wcslen(tail);
    if (total * sizeof(WCHAR) >= 0xFFFE) {
        k32_free(full);
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    if (!(out = k32_alloc((total + 1) * sizeof(WCHAR)))) {
        k32_free(full);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(out, prefix, 4 * sizeof(WCHAR));
    if (head == 8)
        memcpy(out + 4, unc, 4 * sizeof(WCHAR));
    wcscpy(out + head, tail);
    k32_free(full);
    nt->Buffer = out;
    nt->Length = (USHORT)(total * sizeof(WCHAR));
    nt->MaximumLength = nt->Length + sizeof(WCHAR);
    return TRUE;
}

/* The current directory without its trailing backslash (kept for roots). */
static DWORD current_dir(WCHAR **out)
{
    WCHAR *cwd = copy_cwd();
    size_t n;

    *out = cwd;
    if (!cwd)
        return 0;
    n = wcslen(cwd);
    if (n > 1 && cwd[n - 1] == '\\' && n > pathname_root_length(cwd) &&
        !(n == 3 && cwd[1] == ':'))
        cwd[--n] = 0;
    return (DWORD)n;
}

DWORD WINAPI GetCurrentDirectoryW(DWORD size, LPWSTR buf)
{
    WCHAR *cwd;
    DWORD n = current_dir(&cwd), ret;

    if (!cwd)
        return 0;
    ret = k32_copy_wide(cwd, n, buf, size);
    k32_free(cwd);
    return ret;
}

DWORD WINAPI GetCurrentDirectoryA(DWORD size, LPSTR buf)
{
    WCHAR *cwd;
    DWORD n = current_dir(&cwd), ret;

    if (!cwd)
        return 0;
    ret = k32_copy_wide_to_ansi(cwd, n, buf, size);
    k32_free(cwd);
    return ret;
}

BOOL WINAPI SetCurrentDirectoryW(LPCWSTR path)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();
    UNICODE_STRING nt, *cur = &params->CurrentDirectory.DosPath;
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    size_t len, part;
    WCHAR *full;
    HANDLE dir, old;
    NTSTATUS status;

    if (!path) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(full = full_path(path, &len, &part)))
        return FALSE;
    if (len + 2 > MAX_PATH) {
        k32_free(full);
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    if (!len || full[len - 1] != '\\') {
        full[len++] = '\\';
        full[len] = 0;
    }
    if (!k32_dos_path_to_nt(full, &nt)) {
        k32_free(full);
        return FALSE;
    }
    InitializeObjectAttributes(&attr, &nt, OBJ_CASE_INSENSITIVE | OBJ_INHERIT, NULL, NULL);
    status = NtOpenFile(&dir, FILE_TRAVERSE | SYNCHRONIZE, &attr, &io,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    RtlFreeUnicodeString(&nt);
    if (status) {
        k32_free(full);
        return k32_status(status);
    }
    RtlAcquirePebLock();
    if ((len + 1) * sizeof(WCHAR) <= cur->MaximumLength) {
        memcpy(cur->Buffer, full, (len + 1) * sizeof(WCHAR));
        k32_free(full);
    } else {
        k32_free(cwd_buffer);
        cwd_buffer = cur->Buffer = full;
        cur->MaximumLength = (USHORT)((len + 1) * sizeof(WCHAR));
    }
    cur->Length = (USHORT)(len * sizeof(WCHAR));
    old = params->CurrentDirectory.Handle;
    params->CurrentDirectory.Handle = dir;
    RtlReleasePebLock();
    if (old)
        NtClose(old);
    return TRUE;
}

BOOL WINAPI SetCurrentDirectoryA(LPCSTR path)
{
    WCHAR *w;
    BOOL ret;

    if (!path) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(w = k32_ansi_to_wide(path)))
        return FALSE;
    ret = SetCurrentDirectoryW(w);
    k32_free(w);
    return ret;
}

UINT WINAPI GetWindowsDirectoryW(LPWSTR buf, UINT size)
{
    return k32_copy_wide(windows_dir, (DWORD)wcslen(windows_dir), buf, size);
}

UINT WINAPI GetWindowsDirectoryA(LPSTR buf, UINT size)
{
    return k32_copy_wide_to_ansi(windows_dir, (DWORD)wcslen(windows_dir), buf, size);
}

UINT WINAPI GetSystemWindowsDirectoryW(LPWSTR buf, UINT size)
{
    return GetWindowsDirectoryW(buf, size);
}

UINT WINAPI GetSystemWindowsDirectoryA(LPSTR buf, UINT size)
{
    return GetWindowsDirectoryA(buf, size);
}

UINT WINAPI GetSystemDirectoryW(LPWSTR buf, UINT size)
{
    return k32_copy_wide(system_dir, (DWORD)wcslen(system_dir), buf, size);
}

UINT WINAPI GetSystemDirectoryA(LPSTR buf, UINT size)
{
    return k32_copy_wide_to_ansi(system_dir, (DWORD)wcslen(system_dir), buf, size);
}

UINT WINAPI GetSystemWow64DirectoryW(LPWSTR buf, UINT size)
{
    return k32_copy_wide(wow64_dir, (DWORD)wcslen(wow64_dir), buf, size);
}

UINT WINAPI GetSystemWow64DirectoryA(LPSTR buf, UINT size)
{
    return k32_copy_wide_to_ansi(wow64_dir, (DWORD)wcslen(wow64_dir), buf, size);
}

/* TMP, then TEMP, then USERPROFILE, then the Windows directory; always a
 * full path with a trailing backslash. */
DWORD WINAPI GetTempPathW(DWORD size, LPWSTR buf)
{
    static const WCHAR *const vars[] = { L"TMP", L"TEMP", L"USERPROFILE" };
    WCHAR *value = NULL, *full;
    size_t len, part;
    DWORD n, ret;
    unsigned i;

    for (i = 0; i < 3 && !value; i++) {
        if (!(n = GetEnvironmentVariableW(vars[i], NULL, 0)) || n == 1)
            continue;
        if ((value = k32_alloc(n * sizeof(WCHAR))) && GetEnvironmentVariableW(vars[i], value, n) >= n) {
            k32_free(value);
            value = NULL;
        }
    }
    full = full_path(value ? value : windows_dir, &len, &part);
    k32_free(value);
    if (!full)
        return 0;
    if (!len || full[len - 1] != '\\') {
        WCHAR *more = RtlReAllocateHeap(nt_peb()->ProcessHeap, 0, full, (len + 2) * sizeof(WCHAR));

        if (!more) {
            k32_free(full);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        full = more;
        full[len++] = '\\';
        full[len] = 0;
    }
    ret = k32_copy_wide(full, (DWORD)len, buf, size);
    k32_free(full);
    return ret;
}

DWORD WINAPI GetTempPathA(DWORD size, LPSTR buf)
{
    WCHAR w[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, w);

    if (!n || n > MAX_PATH)
        return n;
    return k32_copy_wide_to_ansi(w, n, buf, size);
}
