/* Files: CreateFile and friends over the NT file services. Paths go through
 * GetFullPathName's rules and get the \??\ prefix (path.c); ANSI paths are
 * converted through the ANSI code page. */
#include "kernel32_private.h"

#ifndef FILE_ATTRIBUTE_VALID_FLAGS
#define FILE_ATTRIBUTE_VALID_FLAGS 0x00007fb7
#endif
#ifndef FILE_ATTRIBUTE_VALID_SET_FLAGS
#define FILE_ATTRIBUTE_VALID_SET_FLAGS 0x000031a7
#endif

/* Opens the DOS path name with NtOpenFile. */
static NTSTATUS open_path(const WCHAR *name, ACCESS_MASK access, ULONG share, ULONG options,
                          HANDLE *h)
{
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    UNICODE_STRING nt;
    NTSTATUS status;

    if (!k32_dos_path_to_nt(name, &nt))
        return STATUS_OBJECT_PATH_NOT_FOUND;  /* last error already set; see callers */
    InitializeObjectAttributes(&attr, &nt, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenFile(h, access, &attr, &io, share, options);
    RtlFreeUnicodeString(&nt);
    return status;
}

/* Wraps an A entry point around its W twin for one path argument. */
#define WITH_WIDE(name, fail, call)                                  \
    do {                                                             \
        WCHAR *w_;                                                   \
        if (!(name)) {                                               \
            SetLastError(ERROR_INVALID_PARAMETER);                   \
            return fail;                                             \
        }                                                            \
        if (!(w_ = k32_ansi_to_wide(name)))                          \
            return fail;                                             \
        {                                                            \
            __typeof__(fail) r_ = call;                              \
            k32_free(w_);                                            \
            return r_;                                               \
        }                                                            \
    } while (0)

/* CONIN$, CONOUT$ and CON name the console: they open (duplicate) the
 * standard handles when those are the console. */
static BOOL console_name(const WCHAR *name, DWORD access, HANDLE *source)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();

    if (!_wcsicmp(name, L"CONIN$"))
        *source = params->StandardInput;
    else if (!_wcsicmp(name, L"CONOUT$"))
        *source = params->StandardOutput;
    else if (!_wcsicmp(name, L"CON"))
        *source = (access & (GENERIC_WRITE | FILE_WRITE_DATA)) ? params->StandardOutput
                                                                : params->StandardInput;
    else
        return FALSE;
    return k32_is_console(*source);
}

HANDLE WINAPI CreateFileW(LPCWSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES sa,
                          DWORD creation, DWORD flags, HANDLE template)
{
    static const ULONG dispositions[] = {
        0, FILE_CREATE, FILE_OVERWRITE_IF, FILE_OPEN, FILE_OPEN_IF, FILE_OVERWRITE,
    };
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    UNICODE_STRING nt;
    ULONG options = 0, attributes = 0;
    HANDLE h, source;
    NTSTATUS status;

    if (!name || creation < CREATE_NEW || creation > TRUNCATE_EXISTING) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!name[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (console_name(name, access, &source)) {
        if (!DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &h, 0,
                             sa && sa->bInheritHandle, DUPLICATE_SAME_ACCESS))
            return INVALID_HANDLE_VALUE;
        k32_console_note(h, source == nt_params()->StandardInput);
        SetLastError(ERROR_SUCCESS);
        return h;
    }
    if (template)
        K32_FIXME_ONCE("CreateFileW: the template file's attributes are not copied\n");
    if (!k32_dos_path_to_nt(name, &nt))
        return INVALID_HANDLE_VALUE;

    /* The documented translation of the Win32 flags. */
    options |= (flags & FILE_FLAG_BACKUP_SEMANTICS) ? FILE_OPEN_FOR_BACKUP_INTENT
                                                    : FILE_NON_DIRECTORY_FILE;
    if (flags & FILE_FLAG_DELETE_ON_CLOSE) {
        options |= FILE_DELETE_ON_CLOSE;
        access |= DELETE;
    }
    if (flags & FILE_FLAG_NO_BUFFERING)
        options |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (!(flags & FILE_FLAG_OVERLAPPED))
        options |= FILE_SYNCHRONOUS_IO_NONALERT;
    if (flags & FILE_FLAG_RANDOM_ACCESS)
        options |= FILE_RANDOM_ACCESS;
    if (flags & FILE_FLAG_SEQUENTIAL_SCAN)
        options |= FILE_SEQUENTIAL_ONLY;
    if (flags & FILE_FLAG_WRITE_THROUGH)
        options |= FILE_WRITE_THROUGH;
    if (flags & FILE_FLAG_OPEN_REPARSE_POINT)
        options |= FILE_OPEN_REPARSE_POINT;
    if (flags & FILE_FLAG_OPEN_NO_RECALL)
        options |= FILE_OPEN_NO_RECALL;
    if (!(flags & FILE_FLAG_POSIX_SEMANTICS))
        attributes |= OBJ_CASE_INSENSITIVE;
    if (sa && sa->bInheritHandle)
        attributes |= OBJ_INHERIT;
    InitializeObjectAttributes(&attr, &nt, attributes, NULL, sa ? sa->lpSecurityDescriptor : NULL);

    status = NtCreateFile(&h, access | SYNCHRONIZE | FILE_READ_ATTRIBUTES, &attr, &io, NULL,
                          flags & FILE_ATTRIBUTE_VALID_FLAGS, share, dispositions[creation],
                          options, NULL, 0);
    RtlFreeUnicodeString(&nt);
    if (status) {
        /* CreateFile's documented special case: CREATE_NEW on an existing
         * file says ERROR_FILE_EXISTS, not the table's ERROR_ALREADY_EXISTS. */
        if (status == STATUS_OBJECT_NAME_COLLISION && creation == CREATE_NEW)
            SetLastError(ERROR_FILE_EXISTS);
        else
            k32_status(status);
        return INVALID_HANDLE_VALUE;
    }
    if ((creation == CREATE_ALWAYS && io.Information == FILE_OVERWRITTEN) ||
        (creation == OPEN_ALWAYS && io.Information == FILE_OPENED))
        SetLastError(ERROR_ALREADY_EXISTS);
    else
        SetLastError(ERROR_SUCCESS);
    return h;
}

HANDLE WINAPI CreateFileA(LPCSTR name, DWORD access, DWORD share, LPSECURITY_ATTRIBUTES sa,
                          DWORD creation, DWORD flags, HANDLE template)
{
    WITH_WIDE(name, INVALID_HANDLE_VALUE,
              CreateFileW(w_, access, share, sa, creation, flags, template));
}

/* Finishes a synchronous I/O call on a handle opened without
 * FILE_FLAG_OVERLAPPED (the host normally completes it at once). */
static NTSTATUS wait_io(HANDLE h, NTSTATUS status, IO_STATUS_BLOCK *io)
{
    if (status == STATUS_PENDING) {
        NtWaitForSingleObject(h, FALSE, NULL);
        status = io->Status;
    }
    return status;
}

/* ReadFile/WriteFile with an OVERLAPPED: the offset comes from it and the
 * OVERLAPPED is the IO_STATUS_BLOCK. */
static BOOL overlapped_io(HANDLE h, void *buf, DWORD n, LPDWORD done, LPOVERLAPPED ov, BOOL write)
{
    LARGE_INTEGER offset;
    /* An event handle with bit 0 set asks for no completion-port post. */
    PVOID ctx = ((ULONG_PTR)ov->hEvent & 1) ? NULL : ov;
    NTSTATUS status;

    offset.u.LowPart = ov->Offset;
    offset.u.HighPart = (LONG)ov->OffsetHigh;
    ov->Internal = STATUS_PENDING;
    ov->InternalHigh = 0;
    status = write ? NtWriteFile(h, ov->hEvent, NULL, ctx, (IO_STATUS_BLOCK *)ov, buf, n, &offset, NULL)
                   : NtReadFile(h, ov->hEvent, NULL, ctx, (IO_STATUS_BLOCK *)ov, buf, n, &offset, NULL);
    if (status == STATUS_PENDING) {
        SetLastError(ERROR_IO_PENDING);
        return FALSE;
    }
    if (done)
        *done = (DWORD)ov->InternalHigh;
    return k32_status(status);
}

BOOL WINAPI ReadFile(HANDLE h, LPVOID buf, DWORD n, LPDWORD read, LPOVERLAPPED ov)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if (read)
        *read = 0;
    if (ov)
        return overlapped_io(h, (void *)buf, n, read, ov, FALSE);
    if (k32_console_known(h))
        return k32_console_read_bytes(h, buf, n, read);
    status = wait_io(h, NtReadFile(h, NULL, NULL, NULL, &io, buf, n, NULL, NULL), &io);
    /* End of file is success with nothing read for synchronous reads. */
    if (status == STATUS_END_OF_FILE)
        return TRUE;
    if ((status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW) && read)
        *read = (DWORD)io.Information;
    return k32_status(status);
}

BOOL WINAPI WriteFile(HANDLE h, LPCVOID buf, DWORD n, LPDWORD written, LPOVERLAPPED ov)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if (written)
        *written = 0;
    if (ov)
        return overlapped_io(h, (void *)buf, n, written, ov, TRUE);
    if (k32_console_known(h))
        return k32_console_write_bytes(h, buf, n, written);
    status = wait_io(h, NtWriteFile(h, NULL, NULL, NULL, &io, buf, n, NULL, NULL), &io);
    if (status == STATUS_SUCCESS && written)
        *written = (DWORD)io.Information;
    return k32_status(status);
}

BOOL WINAPI GetOverlappedResult(HANDLE h, LPOVERLAPPED ov, LPDWORD count, BOOL wait)
{
    if (ov->Internal == STATUS_PENDING) {
        if (!wait) {
            SetLastError(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
        NtWaitForSingleObject(ov->hEvent ? ov->hEvent : h, FALSE, NULL);
    }
    if (count)
        *count = (DWORD)ov->InternalHigh;
    return k32_status((NTSTATUS)ov->Internal);
}

DWORD WINAPI GetFileType(HANDLE h)
{
    FILE_FS_DEVICE_INFORMATION info;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    status = NtQueryVolumeInformationFile(h, &io, &info, sizeof(info), NT_FILE_FS_DEVICE_INFORMATION);
    if (status) {
        k32_status(status);
        return FILE_TYPE_UNKNOWN;
    }
    SetLastError(NO_ERROR);
    switch (info.DeviceType) {
    case FILE_DEVICE_CONSOLE:
    case FILE_DEVICE_NULL:
    case FILE_DEVICE_SERIAL_PORT:
    case FILE_DEVICE_PARALLEL_PORT:
    case FILE_DEVICE_KEYBOARD:
    case FILE_DEVICE_MOUSE:
    case FILE_DEVICE_SCREEN:
    case FILE_DEVICE_SOUND:
    case FILE_DEVICE_MODEM:
        return FILE_TYPE_CHAR;
    case FILE_DEVICE_NAMED_PIPE:
        return FILE_TYPE_PIPE;
    case FILE_DEVICE_DISK:
    case FILE_DEVICE_DISK_FILE_SYSTEM:
    case FILE_DEVICE_CD_ROM:
    case FILE_DEVICE_CD_ROM_FILE_SYSTEM:
    case FILE_DEVICE_NETWORK_FILE_SYSTEM:
    case FILE_DEVICE_VIRTUAL_DISK:
    case FILE_DEVICE_DFS:
        return FILE_TYPE_DISK;
    }
    return FILE_TYPE_UNKNOWN;
}

/* The absolute position distance/method names, without moving. */
static BOOL file_position(HANDLE h, LONGLONG distance, DWORD method, LONGLONG *pos)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    switch (method) {
    case FILE_BEGIN:
        *pos = distance;
        break;
    case FILE_CURRENT: {
        FILE_POSITION_INFORMATION info;

        if ((status = NtQueryInformationFile(h, &io, &info, sizeof(info), FilePositionInformation)))
            return k32_status(status);
        *pos = info.CurrentByteOffset.QuadPart + distance;
        break;
    }
    case FILE_END: {
        FILE_STANDARD_INFORMATION info;

        if ((status = NtQueryInformationFile(h, &io, &info, sizeof(info), FileStandardInformation)))
            return k32_status(status);
        *pos = info.EndOfFile.QuadPart + distance;
        break;
    }
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (*pos < 0) {
        SetLastError(ERROR_NEGATIVE_SEEK);
        return FALSE;
    }
    return TRUE;
}

static BOOL set_position(HANDLE h, LONGLONG pos)
{
    FILE_POSITION_INFORMATION info;
    IO_STATUS_BLOCK io;

    info.CurrentByteOffset.QuadPart = pos;
    return k32_status(NtSetInformationFile(h, &io, &info, sizeof(info), FilePositionInformation));
}

BOOL WINAPI SetFilePointerEx(HANDLE h, LARGE_INTEGER distance, PLARGE_INTEGER newpos, DWORD method)
{
    LONGLONG pos;

    if (!file_position(h, distance.QuadPart, method, &pos))
        return FALSE;
    /* Asking where the pointer is (FILE_CURRENT, 0) moves nothing: one
     * service call instead of two. */
    if ((method != FILE_CURRENT || distance.QuadPart) && !set_position(h, pos))
        return FALSE;
    if (newpos)
        newpos->QuadPart = pos;
    return TRUE;
}

DWORD WINAPI SetFilePointer(HANDLE h, LONG lo, PLONG hi, DWORD method)
{
    LONGLONG distance = hi ? (LONGLONG)(((ULONGLONG)(ULONG)*hi << 32) | (ULONG)lo) : lo, pos;

    if (!file_position(h, distance, method, &pos))
        return INVALID_SET_FILE_POINTER;
    /* Without a high part the result must fit in 32 bits. */
    if (!hi && pos > 0xFFFFFFFELL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    if ((method != FILE_CURRENT || distance) && !set_position(h, pos))
        return INVALID_SET_FILE_POINTER;
    if (hi)
        *hi = (LONG)(pos >> 32);
    if ((DWORD)pos == INVALID_SET_FILE_POINTER)
        SetLastError(NO_ERROR);
    return (DWORD)pos;
}

BOOL WINAPI GetFileSizeEx(HANDLE h, PLARGE_INTEGER size)
{
    FILE_STANDARD_INFORMATION info;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = NtQueryInformationFile(h, &io, &info, sizeof(info), FileStandardInformation)))
        return k32_status(status);
    *size = info.EndOfFile;
    return TRUE;
}

DWORD WINAPI GetFileSize(HANDLE h, LPDWORD hi)
{
    LARGE_INTEGER size = { .QuadPart = 0 };

    if (!GetFileSizeEx(h, &size))
        return INVALID_FILE_SIZE;
    if (hi)
        *hi = (DWORD)size.u.HighPart;
    if (size.u.LowPart == INVALID_FILE_SIZE)
        SetLastError(NO_ERROR);
    return size.u.LowPart;
}

BOOL WINAPI FlushFileBuffers(HANDLE h)
{
    IO_STATUS_BLOCK io;

    return k32_status(NtFlushBuffersFile(h, &io));
}

/* Ends the file at the current position. (Windows also sets the
 * allocation size; on the host the end of file is all there is.) */
BOOL WINAPI SetEndOfFile(HANDLE h)
{
    FILE_POSITION_INFORMATION pos;
    FILE_END_OF_FILE_INFORMATION eof;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = NtQueryInformationFile(h, &io, &pos, sizeof(pos), FilePositionInformation)))
        return k32_status(status);
    eof.EndOfFile = pos.CurrentByteOffset;
    return k32_status(NtSetInformationFile(h, &io, &eof, sizeof(eof), FileEndOfFileInformation));
}

/* Marks the open file h for deletion. */
static BOOL dispose(HANDLE h)
{
    FILE_DISPOSITION_INFORMATION info = { TRUE };
    IO_STATUS_BLOCK io;
    BOOL ret = k32_status(NtSetInformationFile(h, &io, &info, sizeof(info),
                                               FileDispositionInformation));

    NtClose(h);
    return ret;
}

BOOL WINAPI DeleteFileW(LPCWSTR name)
{
    NTSTATUS status;
    HANDLE h;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!name[0]) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return FALSE;
    }
    status = open_path(name, DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT |
                           FILE_OPEN_FOR_BACKUP_INTENT | FILE_OPEN_REPARSE_POINT, &h);
    if (status)
        return k32_status(status);
    return dispose(h);
}

BOOL WINAPI DeleteFileA(LPCSTR name)
{
    WITH_WIDE(name, FALSE, DeleteFileW(w_));
}

BOOL WINAPI RemoveDirectoryW(LPCWSTR name)
{
    NTSTATUS status;
    HANDLE h;

    if (!name || !name[0]) {
        SetLastError(name ? ERROR_PATH_NOT_FOUND : ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    status = open_path(name, DELETE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT |
                           FILE_OPEN_FOR_BACKUP_INTENT | FILE_OPEN_REPARSE_POINT, &h);
    if (status)
        return k32_status(status);
    return dispose(h);
}

BOOL WINAPI RemoveDirectoryA(LPCSTR name)
{
    WITH_WIDE(name, FALSE, RemoveDirectoryW(w_));
}

BOOL WINAPI CreateDirectoryW(LPCWSTR name, LPSECURITY_ATTRIBUTES sa)
{
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    UNICODE_STRING nt;
    NTSTATUS status;
    HANDLE h;

    if (!name || !name[0]) {
        SetLastError(name ? ERROR_PATH_NOT_FOUND : ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!k32_dos_path_to_nt(name, &nt))
        return FALSE;
    InitializeObjectAttributes(&attr, &nt, OBJ_CASE_INSENSITIVE, NULL,
                               sa ? sa->lpSecurityDescriptor : NULL);
    status = NtCreateFile(&h, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attr, &io, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
                          FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT |
                              FILE_OPEN_FOR_BACKUP_INTENT, NULL, 0);
    RtlFreeUnicodeString(&nt);
    if (status)
        return k32_status(status);
    NtClose(h);
    return TRUE;
}

BOOL WINAPI CreateDirectoryA(LPCSTR name, LPSECURITY_ATTRIBUTES sa)
{
    WITH_WIDE(name, FALSE, CreateDirectoryW(w_, sa));
}

DWORD WINAPI GetFileAttributesW(LPCWSTR name)
{
    OBJECT_ATTRIBUTES attr;
    FILE_BASIC_INFORMATION info;
    UNICODE_STRING nt;
    NTSTATUS status;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_FILE_ATTRIBUTES;
    }
    if (!k32_dos_path_to_nt(name, &nt))
        return INVALID_FILE_ATTRIBUTES;
    InitializeObjectAttributes(&attr, &nt, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtQueryAttributesFile(&attr, &info);
    RtlFreeUnicodeString(&nt);
    if (status) {
        k32_status(status);
        return INVALID_FILE_ATTRIBUTES;
    }
    return info.FileAttributes;
}

DWORD WINAPI GetFileAttributesA(LPCSTR name)
{
    WITH_WIDE(name, INVALID_FILE_ATTRIBUTES, GetFileAttributesW(w_));
}

BOOL WINAPI GetFileAttributesExW(LPCWSTR name, GET_FILEEX_INFO_LEVELS level, LPVOID out)
{
    WIN32_FILE_ATTRIBUTE_DATA *data = out;
    FILE_NETWORK_OPEN_INFORMATION info;
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING nt;
    NTSTATUS status;

    if (!name || level != GetFileExInfoStandard || !data) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!k32_dos_path_to_nt(name, &nt))
        return FALSE;
    InitializeObjectAttributes(&attr, &nt, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtQueryFullAttributesFile(&attr, &info);
    RtlFreeUnicodeString(&nt);
    if (status)
        return k32_status(status);
    data->dwFileAttributes = info.FileAttributes;
    data->ftCreationTime.dwLowDateTime = info.CreationTime.u.LowPart;
    data->ftCreationTime.dwHighDateTime = info.CreationTime.u.HighPart;
    data->ftLastAccessTime.dwLowDateTime = info.LastAccessTime.u.LowPart;
    data->ftLastAccessTime.dwHighDateTime = info.LastAccessTime.u.HighPart;
    data->ftLastWriteTime.dwLowDateTime = info.LastWriteTime.u.LowPart;
    data->ftLastWriteTime.dwHighDateTime = info.LastWriteTime.u.HighPart;
    data->nFileSizeHigh = info.EndOfFile.u.HighPart;
    data->nFileSizeLow = info.EndOfFile.u.LowPart;
    return TRUE;
}

BOOL WINAPI GetFileAttributesExA(LPCSTR name, GET_FILEEX_INFO_LEVELS level, LPVOID out)
{
    WITH_WIDE(name, FALSE, GetFileAttributesExW(w_, level, out));
}

BOOL WINAPI SetFileAttributesW(LPCWSTR name, DWORD attributes)
{
    FILE_BASIC_INFORMATION info;
    IO_STATUS_BLOCK io;
    NTSTATUS status;
    HANDLE h;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    status = open_path(name, FILE_WRITE_ATTRIBUTES | SYNCHRONIZE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT, &h);
    if (status)
        return k32_status(status);
    memset(&info, 0, sizeof(info));  /* zero times: unchanged */
    info.FileAttributes = (attributes & FILE_ATTRIBUTE_VALID_SET_FLAGS) | FILE_ATTRIBUTE_NORMAL;
    if (info.FileAttributes != FILE_ATTRIBUTE_NORMAL)
        info.FileAttributes &= ~FILE_ATTRIBUTE_NORMAL;
    status = NtSetInformationFile(h, &io, &info, sizeof(info), FileBasicInformation);
    NtClose(h);
    return k32_status(status);
}

BOOL WINAPI SetFileAttributesA(LPCSTR name, DWORD attributes)
{
    WITH_WIDE(name, FALSE, SetFileAttributesW(w_, attributes));
}

static void to_filetime(const LARGE_INTEGER *t, FILETIME *ft)
{
    ft->dwLowDateTime = t->u.LowPart;
    ft->dwHighDateTime = (DWORD)t->u.HighPart;
}

BOOL WINAPI GetFileTime(HANDLE h, LPFILETIME create, LPFILETIME access, LPFILETIME write)
{
    FILE_BASIC_INFORMATION info;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = NtQueryInformationFile(h, &io, &info, sizeof(info), FileBasicInformation)))
        return k32_status(status);
    if (create)
        to_filetime(&info.CreationTime, create);
    if (access)
        to_filetime(&info.LastAccessTime, access);
    if (write)
        to_filetime(&info.LastWriteTime, write);
    return TRUE;
}

BOOL WINAPI SetFileTime(HANDLE h, const FILETIME *create, const FILETIME *access,
                        const FILETIME *write)
{
    FILE_BASIC_INFORMATION info;
    IO_STATUS_BLOCK io;

    /* Zero leaves a time unchanged. */
    memset(&info, 0, sizeof(info));
    if (create) {
        info.CreationTime.u.LowPart = create->dwLowDateTime;
        info.CreationTime.u.HighPart = (LONG)create->dwHighDateTime;
    }
    if (access) {
        info.LastAccessTime.u.LowPart = access->dwLowDateTime;
        info.LastAccessTime.u.HighPart = (LONG)access->dwHighDateTime;
    }
    if (write) {
        info.LastWriteTime.u.LowPart = write->dwLowDateTime;
        info.LastWriteTime.u.HighPart = (LONG)write->dwHighDateTime;
    }
    return k32_status(NtSetInformationFile(h, &io, &info, sizeof(info), FileBasicInformation));
}

BOOL WINAPI GetFileInformationByHandle(HANDLE h, LPBY_HANDLE_FILE_INFORMATION out)
{
    FILE_BASIC_INFORMATION basic;
    FILE_STANDARD_INFORMATION std;
    FILE_INTERNAL_INFORMATION internal;
    struct {
        FILE_FS_VOLUME_INFORMATION info;
        WCHAR label[32];
    } volume;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if ((status = NtQueryInformationFile(h, &io, &basic, sizeof(basic), FileBasicInformation)) ||
        (status = NtQueryInformationFile(h, &io, &std, sizeof(std), FileStandardInformation)) ||
        (status = NtQueryInformationFile(h, &io, &internal, sizeof(internal), FileInternalInformation)))
        return k32_status(status);
    status = NtQueryVolumeInformationFile(h, &io, &volume, sizeof(volume), FileFsVolumeInformation);
    if (status && status != STATUS_BUFFER_OVERFLOW)
        return k32_status(status);
    out->dwFileAttributes = basic.FileAttributes;
    to_filetime(&basic.CreationTime, &out->ftCreationTime);
    to_filetime(&basic.LastAccessTime, &out->ftLastAccessTime);
    to_filetime(&basic.LastWriteTime, &out->ftLastWriteTime);
    out->dwVolumeSerialNumber = volume.info.VolumeSerialNumber;
    out->nFileSizeHigh = (DWORD)std.EndOfFile.u.HighPart;
    out->nFileSizeLow = std.EndOfFile.u.LowPart;
    out->nNumberOfLinks = std.NumberOfLinks;
    out->nFileIndexHigh = (DWORD)internal.IndexNumber.u.HighPart;
    out->nFileIndexLow = internal.IndexNumber.u.LowPart;
    return TRUE;
}

BOOL WINAPI MoveFileExW(LPCWSTR from, LPCWSTR to, DWORD flags)
{
    FILE_RENAME_INFORMATION *info;
    IO_STATUS_BLOCK io;
    UNICODE_STRING nt;
    NTSTATUS status;
    HANDLE h;
    ULONG size;

    if (!from || (!to && !(flags & MOVEFILE_DELAY_UNTIL_REBOOT))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT) {
        K32_NOT_IMPLEMENTED("MoveFileExW %ls -> %ls: MOVEFILE_DELAY_UNTIL_REBOOT\n", from,
                            to ? to : L"(delete)");
        return FALSE;
    }
    status = open_path(from, DELETE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT |
                           FILE_OPEN_REPARSE_POINT, &h);
    if (status)
        return k32_status(status);
    if (!k32_dos_path_to_nt(to, &nt)) {
        NtClose(h);
        return FALSE;
    }
    size = offsetof(FILE_RENAME_INFORMATION, FileName) + nt.Length;
    if (!(info = k32_alloc(size))) {
        RtlFreeUnicodeString(&nt);
        NtClose(h);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    info->ReplaceIfExists = (flags & MOVEFILE_REPLACE_EXISTING) != 0;
    info->RootDirectory = NULL;
    info->FileNameLength = nt.Length;
    memcpy(info->FileName, nt.Buffer, nt.Length);
    status = NtSetInformationFile(h, &io, info, size, FileRenameInformation);
    k32_free(info);
    RtlFreeUnicodeString(&nt);
    NtClose(h);
    if (status == STATUS_NOT_SAME_DEVICE && (flags & MOVEFILE_COPY_ALLOWED)) {
        if (!CopyFileW(from, to, !(flags & MOVEFILE_REPLACE_EXISTING)))
            return FALSE;
        return DeleteFileW(from);
    }
    if (status == STATUS_OBJECT_NAME_COLLISION) {
        SetLastError(ERROR_ALREADY_EXISTS);
        return FALSE;
    }
    return k32_status(status);
}

BOOL WINAPI MoveFileW(LPCWSTR from, LPCWSTR to)
{
    return MoveFileExW(from, to, MOVEFILE_COPY_ALLOWED);
}

BOOL WINAPI MoveFileExA(LPCSTR from, LPCSTR to, DWORD flags)
{
    WCHAR *wto = NULL;
    BOOL ret;

    if (to && !(wto = k32_ansi_to_wide(to)))
        return FALSE;
    {
        WCHAR *w_;

        if (!from || !(w_ = k32_ansi_to_wide(from))) {
            if (!from)
                SetLastError(ERROR_INVALID_PARAMETER);
            k32_free(wto);
            return FALSE;
        }
        ret = MoveFileExW(w_, wto, flags);
        k32_free(w_);
    }
    k32_free(wto);
    return ret;
}

BOOL WINAPI MoveFileA(LPCSTR from, LPCSTR to)
{
    return MoveFileExA(from, to, MOVEFILE_COPY_ALLOWED);
}

/* Copies the data and the attributes; the new file gets the old one's
 * last-write time, as CopyFile does. */
BOOL WINAPI CopyFileW(LPCWSTR from, LPCWSTR to, BOOL fail_if_exists)
{
    FILE_BASIC_INFORMATION info;
    IO_STATUS_BLOCK io;
    HANDLE src, dst;
    DWORD got, put;
    char *buf;
    BOOL ok = TRUE;

    if (!from || !to) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    src = CreateFileW(from, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                      FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (src == INVALID_HANDLE_VALUE)
        return FALSE;
    if (NtQueryInformationFile(src, &io, &info, sizeof(info), FileBasicInformation))
        info.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    dst = CreateFileW(to, GENERIC_WRITE, 0, NULL, fail_if_exists ? CREATE_NEW : CREATE_ALWAYS,
                      info.FileAttributes & ~FILE_ATTRIBUTE_DIRECTORY, NULL);
    if (dst == INVALID_HANDLE_VALUE) {
        NtClose(src);
        return FALSE;
    }
    if (!(buf = k32_alloc(0x10000))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        ok = FALSE;
    }
    while (ok && (ok = ReadFile(src, buf, 0x10000, &got, NULL)) && got)
        ok = WriteFile(dst, buf, got, &put, NULL) && put == got;
    k32_free(buf);
    if (ok) {
        FILE_BASIC_INFORMATION times;

        memset(&times, 0, sizeof(times));
        times.LastWriteTime = info.LastWriteTime;
        NtSetInformationFile(dst, &io, &times, sizeof(times), FileBasicInformation);
    }
    NtClose(src);
    NtClose(dst);
    if (!ok) {
        DWORD err = GetLastError();

        DeleteFileW(to);
        SetLastError(err);
    }
    return ok;
}

BOOL WINAPI CopyFileA(LPCSTR from, LPCSTR to, BOOL fail_if_exists)
{
    WCHAR *wfrom, *wto;
    BOOL ret = FALSE;

    if (!from || !to) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(wfrom = k32_ansi_to_wide(from)))
        return FALSE;
    if ((wto = k32_ansi_to_wide(to))) {
        ret = CopyFileW(wfrom, wto, fail_if_exists);
        k32_free(wto);
    }
    k32_free(wfrom);
    return ret;
}

/* Writes "<hex>.tmp" (upper-case hex digits, no leading zeros). */
static void format_unique(WCHAR *out, UINT n)
{
    static const WCHAR ext[] = L".tmp";
    WCHAR digits[8];
    int k = 0;

    do {
        digits[k++] = L"0123456789ABCDEF"[n & 15];
        n >>= 4;
    } while (n);
    while (k)
        *out++ = digits[--k];
    memcpy(out, ext, sizeof(ext));
}

/* "<path>\<prefix up to 3 chars><hex>.tmp"; with unique == 0 a free name
 * is found and the file created. */
UINT WINAPI GetTempFileNameW(LPCWSTR path, LPCWSTR prefix, UINT unique, LPWSTR buf)
{
    size_t len, i;
    UINT num = unique, tries;
    LARGE_INTEGER now;

    if (!path || !buf) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    len = wcslen(path);
    if (len + 15 > MAX_PATH) {
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return 0;
    }
    memmove(buf, path, len * sizeof(WCHAR));
    if (!len || buf[len - 1] != '\\')
        buf[len++] = '\\';
    for (i = 0; prefix && i < 3 && prefix[i]; i++)
        buf[len++] = prefix[i];
    if (!num) {
        NtQuerySystemTime(&now);
        num = (UINT)(now.QuadPart / 10000) & 0xffff;
    }
    for (tries = 0; tries < 0x10000; tries++) {
        UINT n = unique ? unique & 0xffff : num & 0xffff;
        HANDLE h;

        if (!n)
            n = 1;
        format_unique(buf + len, n);
        if (unique)
            return unique;
        h = CreateFileW(buf, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h != INVALID_HANDLE_VALUE) {
            NtClose(h);
            return n;
        }
        if (GetLastError() != ERROR_FILE_EXISTS && GetLastError() != ERROR_SHARING_VIOLATION)
            return 0;
        num++;
    }
    SetLastError(ERROR_FILE_EXISTS);
    return 0;
}

UINT WINAPI GetTempFileNameA(LPCSTR path, LPCSTR prefix, UINT unique, LPSTR buf)
{
    WCHAR *wpath, *wprefix = NULL, wbuf[MAX_PATH];
    UINT ret = 0;

    if (!path || !buf) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!(wpath = k32_ansi_to_wide(path)))
        return 0;
    if (!prefix || (wprefix = k32_ansi_to_wide(prefix))) {
        if ((ret = GetTempFileNameW(wpath, wprefix, unique, wbuf)))
            k32_copy_wide_to_ansi(wbuf, (DWORD)wcslen(wbuf), buf, MAX_PATH);
    }
    k32_free(wprefix);
    k32_free(wpath);
    return ret;
}

/* Our file systems have no 8.3 short names, so long and short forms are
 * the same path; both check that it exists, as Windows does. */
DWORD WINAPI GetLongPathNameW(LPCWSTR in, LPWSTR out, DWORD size)
{
    if (!in) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (GetFileAttributesW(in) == INVALID_FILE_ATTRIBUTES)
        return 0;
    if (in == out)
        return (DWORD)wcslen(in);
    return k32_copy_wide(in, (DWORD)wcslen(in), out, size);
}

DWORD WINAPI GetShortPathNameW(LPCWSTR in, LPWSTR out, DWORD size)
{
    return GetLongPathNameW(in, out, size);
}

DWORD WINAPI GetLongPathNameA(LPCSTR in, LPSTR out, DWORD size)
{
    if (!in) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (GetFileAttributesA(in) == INVALID_FILE_ATTRIBUTES)
        return 0;
    if (strlen(in) >= size)
        return (DWORD)strlen(in) + 1;
    if (in != out)
        memmove(out, in, strlen(in) + 1);
    return (DWORD)strlen(out);
}

DWORD WINAPI GetShortPathNameA(LPCSTR in, LPSTR out, DWORD size)
{
    return GetLongPathNameA(in, out, size);
}

/* The byte-range lock services complete synchronously; a pending status
 * (overlapped handles, in principle) is waited for like other I/O. */
BOOL WINAPI LockFile(HANDLE h, DWORD off_lo, DWORD off_hi, DWORD len_lo, DWORD len_hi)
{
    LARGE_INTEGER offset, count;
    IO_STATUS_BLOCK io;

    offset.u.LowPart = off_lo;
    offset.u.HighPart = (LONG)off_hi;
    count.u.LowPart = len_lo;
    count.u.HighPart = (LONG)len_hi;
    /* LockFile takes an exclusive lock and never waits. */
    return k32_status(wait_io(h, NtLockFile(h, NULL, NULL, NULL, &io, &offset, &count, 0, TRUE, TRUE),
                              &io));
}

BOOL WINAPI UnlockFile(HANDLE h, DWORD off_lo, DWORD off_hi, DWORD len_lo, DWORD len_hi)
{
    LARGE_INTEGER offset, count;
    IO_STATUS_BLOCK io;

    offset.u.LowPart = off_lo;
    offset.u.HighPart = (LONG)off_hi;
    count.u.LowPart = len_lo;
    count.u.HighPart = (LONG)len_hi;
    return k32_status(NtUnlockFile(h, &io, &offset, &count, 0));
}

BOOL WINAPI LockFileEx(HANDLE h, DWORD flags, DWORD reserved, DWORD len_lo, DWORD len_hi,
                       LPOVERLAPPED ov)
{
    LARGE_INTEGER offset, count;
    NTSTATUS status;

    if (reserved || !ov) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    offset.u.LowPart = ov->Offset;
    offset.u.HighPart = (LONG)ov->OffsetHigh;
    count.u.LowPart = len_lo;
    count.u.HighPart = (LONG)len_hi;
    ov->Internal = STATUS_PENDING;
    ov->InternalHigh = 0;
    status = NtLockFile(h, ov->hEvent, NULL, NULL, (IO_STATUS_BLOCK *)ov, &offset, &count, 0,
                        (flags & LOCKFILE_FAIL_IMMEDIATELY) != 0,
                        (flags & LOCKFILE_EXCLUSIVE_LOCK) != 0);
    if (status == STATUS_PENDING) {
        SetLastError(ERROR_IO_PENDING);
        return FALSE;
    }
    return k32_status(status);
}

BOOL WINAPI UnlockFileEx(HANDLE h, DWORD reserved, DWORD len_lo, DWORD len_hi, LPOVERLAPPED ov)
{
    LARGE_INTEGER offset, count;

    if (reserved || !ov) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    offset.u.LowPart = ov->Offset;
    offset.u.HighPart = (LONG)ov->OffsetHigh;
    count.u.LowPart = len_lo;
    count.u.HighPart = (LONG)len_hi;
    return k32_status(NtUnlockFile(h, (IO_STATUS_BLOCK *)ov, &offset, &count, 0));
}

BOOL WINAPI GetDiskFreeSpaceExW(LPCWSTR root, PULARGE_INTEGER avail, PULARGE_INTEGER total,
                                PULARGE_INTEGER free)
{
    FILE_FS_SIZE_INFORMATION info;
    IO_STATUS_BLOCK io;
    NTSTATUS status;
    ULONGLONG unit;
    HANDLE h;

    status = open_path(root ? root : L"\\", FILE_READ_ATTRIBUTES | SYNCHRONIZE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT |
                           FILE_OPEN_FOR_BACKUP_INTENT, &h);
    if (status)
        return k32_status(status);
    status = NtQueryVolumeInformationFile(h, &io, &info, sizeof(info), FileFsSizeInformation);
    NtClose(h);
    if (status)
        return k32_status(status);
    unit = (ULONGLONG)info.SectorsPerAllocationUnit * info.BytesPerSector;
    if (avail)
        avail->QuadPart = info.AvailableAllocationUnits.QuadPart * unit;
    if (total)
        total->QuadPart = info.TotalAllocationUnits.QuadPart * unit;
    if (free)
        free->QuadPart = info.AvailableAllocationUnits.QuadPart * unit;
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceExA(LPCSTR root, PULARGE_INTEGER avail, PULARGE_INTEGER total,
                                PULARGE_INTEGER free)
{
    WCHAR *w = NULL;
    BOOL ret;

    if (root && !(w = k32_ansi_to_wide(root)))
        return FALSE;
    ret = GetDiskFreeSpaceExW(w, avail, total, free);
    k32_free(w);
    return ret;
}
