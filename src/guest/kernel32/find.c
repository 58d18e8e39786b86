/* Directory searches (FindFirstFile & co.) over NtQueryDirectoryFile. The
 * host matches the mask with NT wildcard rules; "*.*" is passed as "*",
 * which is what it means to Windows programs. */
#include "kernel32_private.h"

#define FIND_MAGIC 0x46494e44u  /* "FIND" */
#define FIND_BUFFER 8192

struct find {
    ULONG magic;
    HANDLE dir;
    ULONG pos;          /* offset of the next entry in buf */
    BOOL have;          /* buf holds unread entries */
    ULONG_PTR buf[FIND_BUFFER / sizeof(ULONG_PTR)];
};

static void fill_data(const FILE_BOTH_DIR_INFORMATION *e, WIN32_FIND_DATAW *data)
{
    ULONG n = e->FileNameLength / sizeof(WCHAR);

    memset(data, 0, sizeof(*data));
    data->dwFileAttributes = e->FileAttributes;
    data->ftCreationTime.dwLowDateTime = e->CreationTime.u.LowPart;
    data->ftCreationTime.dwHighDateTime = e->CreationTime.u.HighPart;
    data->ftLastAccessTime.dwLowDateTime = e->LastAccessTime.u.LowPart;
    data->ftLastAccessTime.dwHighDateTime = e->LastAccessTime.u.HighPart;
    data->ftLastWriteTime.dwLowDateTime = e->LastWriteTime.u.LowPart;
    data->ftLastWriteTime.dwHighDateTime = e->LastWriteTime.u.HighPart;
    data->nFileSizeHigh = (DWORD)e->EndOfFile.u.HighPart;
    data->nFileSizeLow = e->EndOfFile.u.LowPart;
    /* For reparse points the EA size field carries the reparse tag. */
    if (e->FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
        data->dwReserved0 = e->EaSize;
    if (n >= MAX_PATH)
        n = MAX_PATH - 1;
    memcpy(data->cFileName, e->FileName, n * sizeof(WCHAR));
    n = e->ShortNameLength / sizeof(WCHAR);
    if (n > 13)
        n = 13;
    memcpy(data->cAlternateFileName, e->ShortName, n * sizeof(WCHAR));
}

/* Fetches more entries; FALSE (with the status) when there are none. */
static NTSTATUS refill(struct find *f, UNICODE_STRING *mask, BOOLEAN restart)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    status = NtQueryDirectoryFile(f->dir, NULL, NULL, NULL, &io, f->buf, sizeof(f->buf),
                                  FileBothDirectoryInformation, FALSE, mask, restart);
    if (status == STATUS_PENDING) {
        NtWaitForSingleObject(f->dir, FALSE, NULL);
        status = io.Status;
    }
    f->pos = 0;
    f->have = status == STATUS_SUCCESS && io.Information;
    if (!status && !f->have)
        status = STATUS_NO_MORE_FILES;
    return status;
}

static BOOL next_entry(struct find *f, WIN32_FIND_DATAW *data)
{
    const FILE_BOTH_DIR_INFORMATION *e;
    NTSTATUS status;

    if (!f->have && (status = refill(f, NULL, FALSE))) {
        SetLastError(status == STATUS_NO_MORE_FILES || status == STATUS_NO_SUCH_FILE
                         ? ERROR_NO_MORE_FILES : RtlNtStatusToDosError(status));
        return FALSE;
    }
    e = (const FILE_BOTH_DIR_INFORMATION *)((const char *)f->buf + f->pos);
    fill_data(e, data);
    if (e->NextEntryOffset && f->pos + e->NextEntryOffset < sizeof(f->buf))
        f->pos += e->NextEntryOffset;
    else
        f->have = FALSE;
    return TRUE;
}

HANDLE WINAPI FindFirstFileExW(LPCWSTR name, FINDEX_INFO_LEVELS level, LPVOID out,
                               FINDEX_SEARCH_OPS op, LPVOID filter, DWORD flags)
{
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    UNICODE_STRING nt, mask;
    const WCHAR *p, *sep = NULL, *mask_start;
    WCHAR *dir;
    struct find *f;
    NTSTATUS status;
    size_t dlen;

    if (!name || !out || (level != FindExInfoStandard && level != FindExInfoBasic) ||
        (op != FindExSearchNameMatch && op != FindExSearchLimitToDirectories) || filter) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    for (p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            sep = p;
    /* A name ending in a separator has no mask: nothing can match. */
    if (!*name || (sep && !sep[1])) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (sep)
        dlen = sep + 1 - name;
    else if (name[0] && name[1] == ':')
        dlen = 2;
    else
        dlen = 0;
    mask_start = name + dlen;
    if (!(dir = k32_alloc((dlen + 2) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    memcpy(dir, name, dlen * sizeof(WCHAR));
    if (!dlen || (dlen == 2 && name[1] == ':'))
        dir[dlen++] = '.';
    dir[dlen] = 0;
    if (!k32_dos_path_to_nt(dir, &nt)) {
        k32_free(dir);
        return INVALID_HANDLE_VALUE;
    }
    k32_free(dir);
    if (!(f = k32_alloc(sizeof(*f)))) {
        RtlFreeUnicodeString(&nt);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    InitializeObjectAttributes(&attr, &nt, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenFile(&f->dir, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attr, &io,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT |
                            FILE_OPEN_FOR_BACKUP_INTENT);
    RtlFreeUnicodeString(&nt);
    if (status) {
        k32_free(f);
        /* The directory part is missing: that is a path error. */
        SetLastError(status == STATUS_OBJECT_NAME_NOT_FOUND ? ERROR_PATH_NOT_FOUND
                                                            : RtlNtStatusToDosError(status));
        return INVALID_HANDLE_VALUE;
    }
    f->magic = FIND_MAGIC;
    RtlInitUnicodeString(&mask, mask_start);
    if (!wcscmp(mask.Buffer, L"*.*"))
        RtlInitUnicodeString(&mask, L"*");
    if ((status = refill(f, &mask, TRUE))) {
        NtClose(f->dir);
        k32_free(f);
        SetLastError(status == STATUS_NO_MORE_FILES || status == STATUS_NO_SUCH_FILE
                         ? ERROR_FILE_NOT_FOUND : RtlNtStatusToDosError(status));
        return INVALID_HANDLE_VALUE;
    }
    next_entry(f, out);
    if (level == FindExInfoBasic)
        ((WIN32_FIND_DATAW *)out)->cAlternateFileName[0] = 0;
    return (HANDLE)f;
}

HANDLE WINAPI FindFirstFileW(LPCWSTR name, LPWIN32_FIND_DATAW data)
{
    return FindFirstFileExW(name, FindExInfoStandard, data, FindExSearchNameMatch, NULL, 0);
}

static struct find *get_find(HANDLE h)
{
    struct find *f = (struct find *)h;

    if (!f || h == INVALID_HANDLE_VALUE || f->magic != FIND_MAGIC) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return f;
}

BOOL WINAPI FindNextFileW(HANDLE h, LPWIN32_FIND_DATAW data)
{
    struct find *f = get_find(h);

    return f && next_entry(f, data);
}

BOOL WINAPI FindClose(HANDLE h)
{
    struct find *f = get_find(h);

    if (!f)
        return FALSE;
    f->magic = 0;
    NtClose(f->dir);
    k32_free(f);
    return TRUE;
}

static void to_ansi(const WIN32_FIND_DATAW *w, WIN32_FIND_DATAA *a)
{
    memcpy(a, w, offsetof(WIN32_FIND_DATAA, cFileName));
    RtlUnicodeToMultiByteN(a->cFileName, MAX_PATH, NULL, w->cFileName, MAX_PATH * sizeof(WCHAR));
    RtlUnicodeToMultiByteN(a->cAlternateFileName, 14, NULL, w->cAlternateFileName,
                           14 * sizeof(WCHAR));
}

HANDLE WINAPI FindFirstFileExA(LPCSTR name, FINDEX_INFO_LEVELS level, LPVOID out,
                               FINDEX_SEARCH_OPS op, LPVOID filter, DWORD flags)
{
    WIN32_FIND_DATAW w;
    WCHAR *wname;
    HANDLE h;

    if (!name || !out) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!(wname = k32_ansi_to_wide(name)))
        return INVALID_HANDLE_VALUE;
    h = FindFirstFileExW(wname, level, &w, op, filter, flags);
    k32_free(wname);
    if (h != INVALID_HANDLE_VALUE)
        to_ansi(&w, out);
    return h;
}

HANDLE WINAPI FindFirstFileA(LPCSTR name, LPWIN32_FIND_DATAA data)
{
    return FindFirstFileExA(name, FindExInfoStandard, data, FindExSearchNameMatch, NULL, 0);
}

BOOL WINAPI FindNextFileA(HANDLE h, LPWIN32_FIND_DATAA data)
{
    WIN32_FIND_DATAW w;

    if (!FindNextFileW(h, &w))
        return FALSE;
    to_ansi(&w, data);
    return TRUE;
}
