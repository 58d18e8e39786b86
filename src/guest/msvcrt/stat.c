/* _stat and _fstat in their 32-bit, i64 and 64-bit layouts.
 *
 * Times come from GetFileTime (0 for devices and pipes). A directory is
 * told from a file by CreateFile: without FILE_FLAG_BACKUP_SEMANTICS
 * Windows refuses to open a directory, with it the open succeeds. */
#include "crtio.h"

WINIMPORT BOOL WINAPI GetFileTime(HANDLE h, FILETIME *created, FILETIME *accessed,
                                  FILETIME *written);

struct stat32 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int32_t st_size;
    int32_t st_atime, st_mtime, st_ctime;
};
_Static_assert(sizeof(struct stat32) == 36 || CRT_HOST, "struct _stat");

struct stati64 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int64_t st_size __attribute__((aligned(8)));
    int32_t st_atime, st_mtime, st_ctime;
};
_Static_assert(sizeof(struct stati64) == 48 || CRT_HOST, "struct _stati64");

struct stat64 {
    uint32_t st_dev;
    uint16_t st_ino, st_mode;
    int16_t st_nlink, st_uid, st_gid;
    uint32_t st_rdev;
    int64_t st_size __attribute__((aligned(8)));
    int64_t st_atime, st_mtime, st_ctime;
};
_Static_assert(sizeof(struct stat64) == 56 || CRT_HOST, "struct _stat64");

#define S_IFDIR 0x4000
#define S_IFCHR 0x2000
#define S_IFIFO 0x1000
#define S_IFREG 0x8000
#define S_IREAD 0x0100
#define S_IWRITE 0x0080
#define S_IEXEC 0x0040

int __cdecl _getdrive(void);

struct info {
    unsigned int dev, mode;
    crt_int64 size;
    crt_int64 atime, mtime, ctime;
};

/* FILETIME (100 ns since 1601) -> seconds since 1970, 0 for no time. */
static crt_int64 unix_time(const FILETIME *ft)
{
    crt_int64 t = (crt_int64)((crt_uint64)ft->dwHighDateTime << 32 | ft->dwLowDateTime);

    return t ? (t - 116444736000000000LL) / 10000000 : 0;
}

/* st_ctime is the creation time on Windows. */
static void file_times(HANDLE h, struct info *in)
{
    FILETIME c, a, w;

    in->atime = in->mtime = in->ctime = 0;
    if (GetFileTime(h, &c, &a, &w)) {
        in->ctime = unix_time(&c);
        in->atime = unix_time(&a);
        in->mtime = unix_time(&w);
    }
}

static unsigned int perms(unsigned int p)
{
    return p | (p >> 3) | (p >> 6);
}

static int handle_info(HANDLE h, struct info *in)
{
    LARGE_INTEGER size;

    in->size = 0;
    in->atime = in->mtime = in->ctime = 0;
    switch (GetFileType(h) & 0xff) {
    case FILE_TYPE_CHAR:
        in->mode = S_IFCHR | perms(S_IREAD | S_IWRITE);
        return 0;
    case FILE_TYPE_PIPE:
        in->mode = S_IFIFO | perms(S_IREAD | S_IWRITE);
        return 0;
    case FILE_TYPE_DISK:
        in->mode = S_IFREG | perms(S_IREAD | S_IWRITE);
        if (GetFileSizeEx(h, &size))
            in->size = size.QuadPart;
        file_times(h, in);
        return 0;
    default:
        crt_dosmaperr(GetLastError());
        return -1;
    }
}

static int fd_info(int fd, struct info *in)
{
    struct crt_fd *f = crt_fd_get(fd);

    if (!f)
        return -1;
    if (handle_info(f->handle, in) < 0)
        return -1;
    in->dev = (in->mode & S_IFREG) ? 0 : (unsigned int)fd;
    return 0;
}

static int has_exec_ext(const char *path)
{
    const char *dot = strrchr(path, '.');

    return dot && (!_stricmp(dot, ".exe") || !_stricmp(dot, ".com") || !_stricmp(dot, ".bat") ||
                   !_stricmp(dot, ".cmd"));
}

static int path_info(const char *path, struct info *in)
{
    DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    HANDLE h;
    int r;

    if (!path || !*path || strpbrk(path, "?*")) {
        crt_errno = CRT_ENOENT;
        return -1;
    }
    h = CreateFileA(path, 0, share, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        h = CreateFileA(path, 0, share, NULL, OPEN_EXISTING, 0x02000000, NULL);
        if (h == INVALID_HANDLE_VALUE) {
            crt_dosmaperr(err);
            return -1;
        }
        file_times(h, in);
        CloseHandle(h);
        in->mode = S_IFDIR | perms(S_IREAD | S_IWRITE | S_IEXEC);
        in->size = 0;
    } else {
        r = handle_info(h, in);
        CloseHandle(h);
        if (r < 0)
            return -1;
        if (has_exec_ext(path))
            in->mode |= perms(S_IEXEC);
    }
    in->dev = path[0] && path[1] == ':' ? (unsigned int)(toupper((unsigned char)path[0]) - 'A')
                                        : (unsigned int)(_getdrive() - 1);
    return 0;
}


static void fill32(struct stat32 *st, const struct info *in)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = st->st_rdev = in->dev;
    st->st_mode = (uint16_t)in->mode;
    st->st_nlink = 1;
    st->st_size = (int32_t)in->size;
    st->st_atime = (int32_t)in->atime;
    st->st_mtime = (int32_t)in->mtime;
    st->st_ctime = (int32_t)in->ctime;
}

static void filli64(struct stati64 *st, const struct info *in)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = st->st_rdev = in->dev;
    st->st_mode = (uint16_t)in->mode;
    st->st_nlink = 1;
    st->st_size = in->size;
    st->st_atime = in->atime;
    st->st_mtime = in->mtime;
    st->st_ctime = in->ctime;
}

static void fill64(struct stat64 *st, const struct info *in)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = st->st_rdev = in->dev;
    st->st_mode = (uint16_t)in->mode;
    st->st_nlink = 1;
    st->st_size = in->size;
    st->st_atime = in->atime;
    st->st_mtime = in->mtime;
    st->st_ctime = in->ctime;
}

int __cdecl _fstat(int fd, struct stat32 *st)
{
    struct info in;

    if (!st || fd_info(fd, &in) < 0)
        return -1;
    fill32(st, &in);
    return 0;
}

int __cdecl _fstati64(int fd, struct stati64 *st)
{
    struct info in;

    if (!st || fd_info(fd, &in) < 0)
        return -1;
    filli64(st, &in);
    return 0;
}

int __cdecl _fstat64(int fd, struct stat64 *st)
{
    struct info in;

    if (!st || fd_info(fd, &in) < 0)
        return -1;
    fill64(st, &in);
    return 0;
}

int __cdecl _stat(const char *path, struct stat32 *st)
{
    struct info in;

    if (!st || path_info(path, &in) < 0)
        return -1;
    fill32(st, &in);
    return 0;
}

int __cdecl _stati64(const char *path, struct stati64 *st)
{
    struct info in;

    if (!st || path_info(path, &in) < 0)
        return -1;
    filli64(st, &in);
    return 0;
}

int __cdecl _stat64(const char *path, struct stat64 *st)
{
    struct info in;

    if (!st || path_info(path, &in) < 0)
        return -1;
    fill64(st, &in);
    return 0;
}

/* Wide paths go through the ANSI code page (no wide CreateFile search for
 * directories is needed beyond that). */
static int narrow_path(const crt_wchar *w, char *a, int size)
{
    if (!w || !WideCharToMultiByte(CP_ACP, 0, w, -1, a, size, NULL, NULL)) {
        crt_errno = CRT_ENOENT;
        return -1;
    }
    return 0;
}

int __cdecl _wstat(const crt_wchar *path, struct stat32 *st)
{
    char a[520];
    return narrow_path(path, a, sizeof(a)) < 0 ? -1 : _stat(a, st);
}

int __cdecl _wstati64(const crt_wchar *path, struct stati64 *st)
{
    char a[520];
    return narrow_path(path, a, sizeof(a)) < 0 ? -1 : _stati64(a, st);
}

int __cdecl _wstat64(const crt_wchar *path, struct stat64 *st)
{
    char a[520];
    return narrow_path(path, a, sizeof(a)) < 0 ? -1 : _stat64(a, st);
}
