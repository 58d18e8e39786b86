/* Changes in the file system by name: rename, _mkdir, _rmdir, _chdir,
 * _chmod and the _utime family, over MoveFile, Create/RemoveDirectory,
 * SetCurrentDirectory, Get/SetFileAttributes and SetFileTime. Failures
 * map the Win32 error to errno (crt_dosmaperr) and return -1. */
#include "crtio.h"

WINIMPORT BOOL WINAPI MoveFileExA(const char *from, const char *to, DWORD flags);
WINIMPORT BOOL WINAPI MoveFileExW(const WCHAR *from, const WCHAR *to, DWORD flags);
WINIMPORT BOOL WINAPI CreateDirectoryA(const char *name, void *sa);
WINIMPORT BOOL WINAPI CreateDirectoryW(const WCHAR *name, void *sa);
WINIMPORT BOOL WINAPI RemoveDirectoryA(const char *name);
WINIMPORT BOOL WINAPI RemoveDirectoryW(const WCHAR *name);
WINIMPORT BOOL WINAPI SetCurrentDirectoryA(const char *name);
WINIMPORT BOOL WINAPI SetCurrentDirectoryW(const WCHAR *name);
WINIMPORT DWORD WINAPI GetFileAttributesA(const char *name);
WINIMPORT DWORD WINAPI GetFileAttributesW(const WCHAR *name);
WINIMPORT BOOL WINAPI SetFileAttributesA(const char *name, DWORD attr);
WINIMPORT BOOL WINAPI SetFileAttributesW(const WCHAR *name, DWORD attr);
WINIMPORT BOOL WINAPI SetFileTime(HANDLE h, const FILETIME *created, const FILETIME *accessed,
                                  const FILETIME *written);

#define CRT_INVALID_FILE_ATTRIBUTES 0xffffffff
#define CRT_MOVEFILE_COPY_ALLOWED 0x2          /* rename moves across volumes too */
#define CRT_FILE_WRITE_ATTRIBUTES 0x100
#define CRT_FILE_FLAG_BACKUP_SEMANTICS 0x02000000

intptr_t __cdecl _get_osfhandle(int fd);

/* -1 with errno from the last Win32 error, 0 on success. */
static int result(BOOL ok)
{
    if (ok)
        return 0;
    crt_dosmaperr(GetLastError());
    return -1;
}

int __cdecl rename(const char *from, const char *to)
{
    return result(MoveFileExA(from, to, CRT_MOVEFILE_COPY_ALLOWED));
}

int __cdecl _wrename(const crt_wchar *from, const crt_wchar *to)
{
    return result(MoveFileExW((const WCHAR *)from, (const WCHAR *)to, CRT_MOVEFILE_COPY_ALLOWED));
}

int __cdecl _mkdir(const char *dir)
{
    return result(CreateDirectoryA(dir, NULL));
}

int __cdecl _wmkdir(const crt_wchar *dir)
{
    return result(CreateDirectoryW((const WCHAR *)dir, NULL));
}

int __cdecl _rmdir(const char *dir)
{
    return result(RemoveDirectoryA(dir));
}

int __cdecl _wrmdir(const crt_wchar *dir)
{
    return result(RemoveDirectoryW((const WCHAR *)dir));
}

int __cdecl _chdir(const char *dir)
{
    return result(SetCurrentDirectoryA(dir));
}

int __cdecl _wchdir(const crt_wchar *dir)
{
    return result(SetCurrentDirectoryW((const WCHAR *)dir));
}

/* _chmod: only _S_IWRITE matters on Windows: without it the file becomes
 * read-only, with it writable again. */
static DWORD new_attributes(DWORD attr, int mode)
{
    return mode & _S_IWRITE ? attr & ~FILE_ATTRIBUTE_READONLY : attr | FILE_ATTRIBUTE_READONLY;
}

int __cdecl _chmod(const char *path, int mode)
{
    DWORD attr = GetFileAttributesA(path);

    if (attr == CRT_INVALID_FILE_ATTRIBUTES)
        return result(0);
    return result(SetFileAttributesA(path, new_attributes(attr, mode)));
}

int __cdecl _wchmod(const crt_wchar *path, int mode)
{
    DWORD attr = GetFileAttributesW((const WCHAR *)path);

    if (attr == CRT_INVALID_FILE_ATTRIBUTES)
        return result(0);
    return result(SetFileAttributesW((const WCHAR *)path, new_attributes(attr, mode)));
}

/* struct _utimbuf (32-bit time_t) and struct __utimbuf64. */
struct crt_utimbuf32 {
    crt_time32 actime, modtime;
};
struct crt_utimbuf64 {
    crt_time64 actime, modtime;
};

static FILETIME to_filetime(crt_int64 t)
{
    crt_uint64 v = (crt_uint64)(t * 10000000 + 116444736000000000LL);
    FILETIME ft = { (DWORD)v, (DWORD)(v >> 32) };

    return ft;
}

/* Sets access and modification times; no times means now. Times before
 * 1970 are EINVAL, as the Microsoft CRT has them. */
static int set_times(HANDLE h, int have, crt_int64 access, crt_int64 modified)
{
    FILETIME a, m;

    if (have && (access < 0 || modified < 0)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (!have) {
        GetSystemTimeAsFileTime(&a);
        m = a;
    } else {
        a = to_filetime(access);
        m = to_filetime(modified);
    }
    return result(SetFileTime(h, NULL, &a, &m));
}

static int futime_any(int fd, int have, crt_int64 access, crt_int64 modified)
{
    intptr_t h = _get_osfhandle(fd);

    if (h == -1)
        return -1;                          /* errno EBADF set */
    return set_times((HANDLE)h, have, access, modified);
}

static int utime_a(const char *path, int have, crt_int64 access, crt_int64 modified)
{
    HANDLE h;
    int ret;

    h = CreateFileA(path, CRT_FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                    OPEN_EXISTING, CRT_FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return result(0);
    ret = set_times(h, have, access, modified);
    CloseHandle(h);
    return ret;
}

static int utime_w(const crt_wchar *path, int have, crt_int64 access, crt_int64 modified)
{
    HANDLE h;
    int ret;

    h = CreateFileW((const WCHAR *)path, CRT_FILE_WRITE_ATTRIBUTES,
                    FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    CRT_FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return result(0);
    ret = set_times(h, have, access, modified);
    CloseHandle(h);
    return ret;
}

#define T32(t) (t) != NULL, (t) ? (t)->actime : 0, (t) ? (t)->modtime : 0
int __cdecl _utime(const char *p, struct crt_utimbuf32 *t) { return utime_a(p, T32(t)); }
int __cdecl _utime32(const char *p, struct crt_utimbuf32 *t) { return utime_a(p, T32(t)); }
int __cdecl _utime64(const char *p, struct crt_utimbuf64 *t) { return utime_a(p, T32(t)); }
int __cdecl _wutime(const crt_wchar *p, struct crt_utimbuf32 *t) { return utime_w(p, T32(t)); }
int __cdecl _wutime32(const crt_wchar *p, struct crt_utimbuf32 *t) { return utime_w(p, T32(t)); }
int __cdecl _wutime64(const crt_wchar *p, struct crt_utimbuf64 *t) { return utime_w(p, T32(t)); }
int __cdecl _futime(int fd, struct crt_utimbuf32 *t) { return futime_any(fd, T32(t)); }
int __cdecl _futime32(int fd, struct crt_utimbuf32 *t) { return futime_any(fd, T32(t)); }
int __cdecl _futime64(int fd, struct crt_utimbuf64 *t) { return futime_any(fd, T32(t)); }

/* _getdiskfree: the volume's geometry and free clusters, as GetDiskFreeSpace
 * gives them (the FileFsSizeInformation of the drive's root directory).
 * Returns 0 or the Win32 error (errno set from it); a NULL info or a drive
 * above 26 is ERROR_INVALID_PARAMETER with errno EINVAL (and ucrtbase's
 * invalid parameter handler), as Microsoft's CRT source does. */
struct crt_diskfree {
    unsigned total_clusters, avail_clusters, sectors_per_cluster, bytes_per_sector;
};

typedef struct {
    LONG Status;
    ULONG_PTR Information;
} CRT_IO_STATUS_BLOCK;

typedef struct {
    LARGE_INTEGER TotalAllocationUnits;
    LARGE_INTEGER AvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit;
    ULONG BytesPerSector;
} CRT_FILE_FS_SIZE_INFORMATION;

WINIMPORT LONG WINAPI NtQueryVolumeInformationFile(HANDLE h, CRT_IO_STATUS_BLOCK *io, void *buf,
                                                   ULONG len, int cls);
WINIMPORT ULONG WINAPI RtlNtStatusToDosError(LONG status);
int __cdecl _getdrive(void);
#ifdef CRT_UCRT
void __cdecl _invalid_parameter_noinfo(void);
#endif

#define CRT_FILE_FS_SIZE_INFORMATION_CLASS 3
#define CRT_ERROR_INVALID_PARAMETER 87

unsigned __cdecl _getdiskfree(unsigned drive, struct crt_diskfree *info)
{
    CRT_FILE_FS_SIZE_INFORMATION fs;
    CRT_IO_STATUS_BLOCK io;
    char root[4] = "A:\\";
    DWORD err = 0;
    LONG status;
    HANDLE h;

    if (!info || drive > 26) {
        crt_errno = CRT_EINVAL;
#ifdef CRT_UCRT
        _invalid_parameter_noinfo();
#endif
        return CRT_ERROR_INVALID_PARAMETER;
    }
    memset(info, 0, sizeof *info);
    if (!drive)
        drive = (unsigned)_getdrive();
    root[0] = (char)('A' + drive - 1);
    h = CreateFileA(root, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, CRT_FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        err = GetLastError();
    } else {
        status = NtQueryVolumeInformationFile(h, &io, &fs, sizeof fs,
                                              CRT_FILE_FS_SIZE_INFORMATION_CLASS);
        CloseHandle(h);
        if (status < 0)
            err = RtlNtStatusToDosError(status);
    }
    if (err) {
        crt_dosmaperr(err);
        return err;
    }
    /* GetDiskFreeSpace reports at most 0xffffffff clusters. */
    info->total_clusters = fs.TotalAllocationUnits.QuadPart > 0xffffffffLL
                               ? 0xffffffffu : (unsigned)fs.TotalAllocationUnits.QuadPart;
    info->avail_clusters = fs.AvailableAllocationUnits.QuadPart > 0xffffffffLL
                               ? 0xffffffffu : (unsigned)fs.AvailableAllocationUnits.QuadPart;
    info->sectors_per_cluster = fs.SectorsPerAllocationUnit;
    info->bytes_per_sector = fs.BytesPerSector;
    return 0;
}
