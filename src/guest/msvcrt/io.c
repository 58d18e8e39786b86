/* Low-level I/O on descriptors: the table that maps descriptors to Win32
 * handles, _open/_read/_write/_lseek/_close and friends.
 *
 * Text mode lives here, as in msvcrt: _write turns each LF into CR LF on
 * the handle; _read turns CR LF into LF (peeking one byte ahead when a CR
 * ends the buffer: seeking back on files, keeping it in `pipech` on pipes
 * and devices) and treats Ctrl-Z as the end of a text file. Descriptors
 * 0..2 start as the process's standard handles, in text mode; handles a
 * parent passed through STARTUPINFO.lpReserved2 (msvcrt's _spawn
 * protocol) are taken over first. */
#include "crtio.h"

#define LF 10
#define CR 13
#define CTRLZ 26

static struct crt_fd fds[CRT_MAX_FD];

static void fd_lock(struct crt_fd *f)
{
    EnterCriticalSection(&f->lock);
}

static void fd_unlock(struct crt_fd *f)
{
    LeaveCriticalSection(&f->lock);
}

struct crt_fd *crt_fd_get(int fd)
{
    if (fd < 0 || fd >= CRT_MAX_FD || !(fds[fd].flags & FD_OPEN)) {
        crt_errno = CRT_EBADF;
        *__doserrno() = 0;
        return NULL;
    }
    return &fds[fd];
}

static int type_flags(HANDLE h)
{
    switch (GetFileType(h) & 0xff) {
    case FILE_TYPE_CHAR:
        return FD_DEV;
    case FILE_TYPE_PIPE:
        return FD_PIPE;
    default:
        return 0;
    }
}

static void fd_set(int fd, HANDLE h, int flags)
{
    struct crt_fd *f = &fds[fd];

    if (!f->lock_init) {
        InitializeCriticalSection(&f->lock);
        f->lock_init = 1;
    }
    f->handle = h;
    f->pipech = LF;
    f->flags = (unsigned char)(flags | FD_OPEN);
}

int crt_fd_new(HANDLE h, int flags)
{
    int fd;

    _lock(CRT_LOCK_OSFHND);
    for (fd = 0; fd < CRT_MAX_FD; fd++) {
        if (!(fds[fd].flags & FD_OPEN)) {
            fd_set(fd, h, flags | type_flags(h));
            _unlock(CRT_LOCK_OSFHND);
            return fd;
        }
    }
    _unlock(CRT_LOCK_OSFHND);
    crt_errno = CRT_EMFILE;
    *__doserrno() = 0;
    return -1;
}

/* Makes descriptor fd refer to h (for _dup2): an open fd is closed first.
 * 0, or -1 with EBADF for a number outside the table. */
int crt_fd_install(int fd, HANDLE h, int flags)
{
    if (fd < 0 || fd >= CRT_MAX_FD) {
        crt_errno = CRT_EBADF;
        *__doserrno() = 0;
        return -1;
    }
    _lock(CRT_LOCK_OSFHND);
    if (fds[fd].flags & FD_OPEN)
        _close(fd);
    fd_set(fd, h, flags | type_flags(h));
    _unlock(CRT_LOCK_OSFHND);
    return 0;
}

void crt_io_init(void)
{
    static const DWORD std[3] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE };
    STARTUPINFOA si;
    int i;

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    GetStartupInfoA(&si);
    if (si.cbReserved2 >= sizeof(int) && si.lpReserved2) {
        /* int count; BYTE flags[count]; HANDLE handles[count] */
        unsigned int count = *(unsigned int *)si.lpReserved2;
        BYTE *flags = si.lpReserved2 + sizeof(int);
        HANDLE *handles = (HANDLE *)(flags + count);
        unsigned int max = (si.cbReserved2 - sizeof(int)) / (sizeof(HANDLE) + 1);

        if (count > max)
            count = max;
        if (count > CRT_MAX_FD)
            count = CRT_MAX_FD;
        for (i = 0; i < (int)count; i++) {
            HANDLE h;
            memcpy(&h, &handles[i], sizeof(h));
            if ((flags[i] & FD_OPEN) && h != INVALID_HANDLE_VALUE && h &&
                GetFileType(h) != FILE_TYPE_UNKNOWN)
                fd_set(i, h, flags[i] & (FD_TEXT | FD_APPEND | FD_DEV | FD_PIPE));
        }
    }
    for (i = 0; i < 3; i++) {
        HANDLE h;
        if (fds[i].flags & FD_OPEN)
            continue;
        h = GetStdHandle(std[i]);
        if (h && h != INVALID_HANDLE_VALUE)
            fd_set(i, h, FD_TEXT | type_flags(h));
    }
}

static int is_text(int oflag)
{
    if (oflag & _O_BINARY)
        return 0;
    return (oflag & _O_TEXT) || _fmode != _O_BINARY;
}

/* The share mode values of _sopen (share.h). */
#define _SH_DENYRW 0x10
#define _SH_DENYWR 0x20
#define _SH_DENYRD 0x30
#define _SH_DENYNO 0x40

static int do_open(const void *path, int wide, int oflag, int shflag, int pmode)
{
    DWORD access, share, disp, attrs = FILE_ATTRIBUTE_NORMAL;
    HANDLE h;
    int fd, flags = 0;

    switch (oflag & (_O_RDONLY | _O_WRONLY | _O_RDWR)) {
    case _O_RDONLY: access = GENERIC_READ; break;
    case _O_WRONLY: access = GENERIC_WRITE; break;
    case _O_RDWR: access = GENERIC_READ | GENERIC_WRITE; break;
    default:
        crt_errno = CRT_EINVAL;
        *__doserrno() = 0;
        return -1;
    }
    switch (shflag) {
    case _SH_DENYRW: share = 0; break;
    case _SH_DENYWR: share = FILE_SHARE_READ; break;
    case _SH_DENYRD: share = FILE_SHARE_WRITE; break;
    default: share = FILE_SHARE_READ | FILE_SHARE_WRITE; break;
    }
    switch (oflag & (_O_CREAT | _O_EXCL | _O_TRUNC)) {
    case _O_CREAT: disp = OPEN_ALWAYS; break;
    case _O_CREAT | _O_EXCL:
    case _O_CREAT | _O_EXCL | _O_TRUNC: disp = CREATE_NEW; break;
    case _O_CREAT | _O_TRUNC: disp = CREATE_ALWAYS; break;
    case _O_TRUNC:
    case _O_TRUNC | _O_EXCL: disp = TRUNCATE_EXISTING; break;
    default: disp = OPEN_EXISTING; break;
    }
    if ((oflag & _O_CREAT) && !(pmode & _S_IWRITE))
        attrs = FILE_ATTRIBUTE_READONLY;
    if (oflag & _O_TEMPORARY) {
        attrs |= FILE_FLAG_DELETE_ON_CLOSE;
        access |= 0x00010000;   /* DELETE */
        share |= FILE_SHARE_DELETE;
    }
    if (oflag & _O_SHORT_LIVED)
        attrs |= FILE_ATTRIBUTE_TEMPORARY;
    if (oflag & _O_RANDOM)
        attrs |= FILE_FLAG_RANDOM_ACCESS;
    if (oflag & _O_SEQUENTIAL)
        attrs |= FILE_FLAG_SEQUENTIAL_SCAN;

    if (wide)
        h = CreateFileW(path, access, share, NULL, disp, attrs, NULL);
    else
        h = CreateFileA(path, access, share, NULL, disp, attrs, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    if (is_text(oflag))
        flags |= FD_TEXT;
    if (oflag & _O_APPEND)
        flags |= FD_APPEND;
    if (oflag & _O_NOINHERIT)
        flags |= FD_NOINHERIT;
    fd = crt_fd_new(h, flags);
    if (fd < 0) {
        CloseHandle(h);
        return -1;
    }
    /* msvcrt drops a Ctrl-Z that ends a text file opened read/write, so
     * appended text does not hide behind it. */
    if ((flags & FD_TEXT) && (oflag & _O_RDWR) && !(fds[fd].flags & (FD_DEV | FD_PIPE))) {
        char c;
        DWORD got;
        LARGE_INTEGER zero, end, back;
        zero.QuadPart = 0;
        back.QuadPart = -1;
        if (SetFilePointerEx(h, back, &end, FILE_END) && ReadFile(h, &c, 1, &got, NULL) &&
            got == 1 && c == CTRLZ) {
            SetFilePointerEx(h, back, NULL, FILE_END);
            SetEndOfFile(h);
        }
        SetFilePointerEx(h, zero, NULL, FILE_BEGIN);
    }
    return fd;
}

/* do_open with the pmode argument of the _open family, which is there
 * only with _O_CREAT. */
static int open_va(const void *path, int wide, int oflag, int shflag, va_list ap)
{
    int pmode = 0;

    if (oflag & _O_CREAT)
        pmode = va_arg(ap, int);
    return do_open(path, wide, oflag, shflag, pmode);
}

int __cdecl _open(const char *path, int oflag, ...)
{
    va_list ap;
    int fd;

    va_start(ap, oflag);
    fd = open_va(path, 0, oflag, _SH_DENYNO, ap);
    va_end(ap);
    return fd;
}

int __cdecl _wopen(const crt_wchar *path, int oflag, ...)
{
    va_list ap;
    int fd;

    va_start(ap, oflag);
    fd = open_va(path, 1, oflag, _SH_DENYNO, ap);
    va_end(ap);
    return fd;
}

int __cdecl _sopen(const char *path, int oflag, int shflag, ...)
{
    va_list ap;
    int fd;

    va_start(ap, shflag);
    fd = open_va(path, 0, oflag, shflag, ap);
    va_end(ap);
    return fd;
}

int __cdecl _wsopen(const crt_wchar *path, int oflag, int shflag, ...)
{
    va_list ap;
    int fd;

    va_start(ap, shflag);
    fd = open_va(path, 1, oflag, shflag, ap);
    va_end(ap);
    return fd;
}

int __cdecl _creat(const char *path, int pmode)
{
    return do_open(path, 0, _O_CREAT | _O_TRUNC | _O_RDWR, _SH_DENYNO, pmode);
}

int __cdecl _wcreat(const crt_wchar *path, int pmode)
{
    return do_open(path, 1, _O_CREAT | _O_TRUNC | _O_RDWR, _SH_DENYNO, pmode);
}

int __cdecl _close(int fd)
{
    struct crt_fd *f = crt_fd_get(fd);
    int ret = 0;

    if (!f)
        return -1;
    fd_lock(f);
    /* stdout and stderr often share one handle: close it only once. */
    if (!((fd == 1 && (fds[2].flags & FD_OPEN) && fds[2].handle == f->handle) ||
          (fd == 2 && (fds[1].flags & FD_OPEN) && fds[1].handle == f->handle))) {
        if (!CloseHandle(f->handle)) {
            crt_dosmaperr(GetLastError());
            ret = -1;
        }
    }
    f->flags = 0;
    f->handle = INVALID_HANDLE_VALUE;
    fd_unlock(f);
    return ret;
}

crt_int64 crt_lseek_lk(int fd, crt_int64 off, int whence)
{
    struct crt_fd *f = &fds[fd];
    LARGE_INTEGER dist, pos;

    if (whence < 0 || whence > 2) {
        crt_errno = CRT_EINVAL;
        *__doserrno() = 0;
        return -1;
    }
    dist.QuadPart = off;
    if (!SetFilePointerEx(f->handle, dist, &pos, (DWORD)whence)) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    f->flags &= ~FD_EOF;
    return pos.QuadPart;
}

crt_int64 __cdecl _lseeki64(int fd, crt_int64 off, int whence)
{
    struct crt_fd *f = crt_fd_get(fd);
    crt_int64 r;

    if (!f)
        return -1;
    fd_lock(f);
    r = crt_lseek_lk(fd, off, whence);
    fd_unlock(f);
    return r;
}

crt_long __cdecl _lseek(int fd, crt_long off, int whence)
{
    crt_int64 r = _lseeki64(fd, off, whence);

    if (r > 0x7fffffff) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    return (crt_long)r;
}

crt_long __cdecl _tell(int fd)
{
    return _lseek(fd, 0, 1);
}

crt_int64 __cdecl _telli64(int fd)
{
    return _lseeki64(fd, 0, 1);
}

crt_int64 __cdecl _filelengthi64(int fd)
{
    struct crt_fd *f = crt_fd_get(fd);
    LARGE_INTEGER size;

    if (!f)
        return -1;
    if (!GetFileSizeEx(f->handle, &size)) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    return size.QuadPart;
}

crt_long __cdecl _filelength(int fd)
{
    return (crt_long)_filelengthi64(fd);
}

int __cdecl _eof(int fd)
{
    struct crt_fd *f = crt_fd_get(fd);
    crt_int64 cur, end;

    if (!f)
        return -1;
    if (f->flags & FD_EOF)
        return 1;
    fd_lock(f);
    cur = crt_lseek_lk(fd, 0, 1);
    end = cur < 0 ? -1 : crt_lseek_lk(fd, 0, 2);
    if (cur >= 0)
        crt_lseek_lk(fd, cur, 0);
    fd_unlock(f);
    if (cur < 0 || end < 0)
        return -1;
    return cur == end;
}

/* Reads with msvcrt's text-mode translation; the descriptor is locked. */
int crt_read_lk(int fd, void *buf, unsigned int n)
{
    struct crt_fd *f = &fds[fd];
    char *p = buf, *q, *end;
    DWORD got = 0;
    unsigned int total = 0;
    char peek;

    if (!n || (f->flags & FD_EOF))
        return 0;
    if ((f->flags & (FD_PIPE | FD_DEV)) && f->pipech != LF) {
        *p++ = f->pipech;
        f->pipech = LF;
        total = 1;
        n--;
    }
    if (n && !ReadFile(f->handle, p, n, &got, NULL)) {
        DWORD err = GetLastError();
        if (err == ERROR_BROKEN_PIPE)
            return (int)total;
        if (err == ERROR_ACCESS_DENIED) {
            crt_errno = CRT_EBADF;
            *__doserrno() = err;
        } else {
            crt_dosmaperr(err);
        }
        return -1;
    }
    total += got;
    if (!(f->flags & FD_TEXT))
        return (int)total;

    p = buf;
    end = p + total;
    if (total && *p == LF)
        f->flags |= FD_CRLF;
    else
        f->flags &= ~FD_CRLF;
    for (q = p; p < end;) {
        if (*p == CTRLZ) {
            /* Ctrl-Z ends a text file; a device passes it through. */
            if (!(f->flags & FD_DEV))
                f->flags |= FD_EOF;
            else
                *q++ = *p++;
            break;
        }
        if (*p != CR) {
            *q++ = *p++;
            continue;
        }
        if (p + 1 < end) {
            if (p[1] == LF) {
                p += 2;
                *q++ = LF;
            } else {
                *q++ = *p++;
            }
            continue;
        }
        /* A CR ends the buffer: look at the next byte. */
        p++;
        if (!ReadFile(f->handle, &peek, 1, &got, NULL) || !got) {
            *q++ = CR;
        } else if (f->flags & (FD_DEV | FD_PIPE)) {
            if (peek == LF) {
                *q++ = LF;
            } else {
                *q++ = CR;
                f->pipech = peek;
            }
        } else if (q == (char *)buf && peek == LF) {
            *q++ = LF;
        } else {
            LARGE_INTEGER back;
            back.QuadPart = -1;
            SetFilePointerEx(f->handle, back, NULL, FILE_CURRENT);
            if (peek != LF)
                *q++ = CR;
        }
    }
    return (int)(q - (char *)buf);
}

int __cdecl _read(int fd, void *buf, unsigned int n)
{
    struct crt_fd *f = crt_fd_get(fd);
    int r;

    if (!f)
        return -1;
    fd_lock(f);
    r = crt_read_lk(fd, buf, n);
    fd_unlock(f);
    return r;
}

static int write_error(struct crt_fd *f, const void *buf, DWORD err)
{
    if (err) {
        if (err == ERROR_ACCESS_DENIED) {
            crt_errno = CRT_EBADF;
            *__doserrno() = err;
        } else {
            crt_dosmaperr(err);
        }
        return -1;
    }
    if ((f->flags & FD_DEV) && *(const char *)buf == CTRLZ)
        return 0;
    crt_errno = CRT_ENOSPC;
    *__doserrno() = 0;
    return -1;
}

/* Writes with LF -> CR LF in text mode; the descriptor is locked. Returns
 * the bytes of buf consumed. */
int crt_write_lk(int fd, const void *buf, unsigned int n)
{
    struct crt_fd *f = &fds[fd];
    const char *p = buf, *end = p + n;
    char lfbuf[1026];
    unsigned int user = 0;
    DWORD done, err = 0;

    if (!n)
        return 0;
    if (f->flags & FD_APPEND)
        crt_lseek_lk(fd, 0, 2);
    if (!(f->flags & FD_TEXT)) {
        if (!WriteFile(f->handle, buf, n, &done, NULL))
            err = GetLastError();
        if (err || !done)
            return write_error(f, buf, err);
        return (int)done;
    }
    while (p < end) {
        unsigned int k = 0, from_user = 0;
        while (p < end && k < sizeof(lfbuf) - 2) {
            if (*p == LF)
                lfbuf[k++] = CR;
            lfbuf[k++] = *p++;
            from_user++;
        }
        if (!WriteFile(f->handle, lfbuf, k, &done, NULL)) {
            err = GetLastError();
            break;
        }
        if (done < k) {
            /* Count the user bytes that made it out. */
            unsigned int i;
            for (i = 0; i < done; i++)
                if (lfbuf[i] != CR || i + 1 >= k || lfbuf[i + 1] != LF)
                    user++;
            break;
        }
        user += from_user;
    }
    if (!user)
        return write_error(f, buf, err);
    return (int)user;
}

int __cdecl _write(int fd, const void *buf, unsigned int n)
{
    struct crt_fd *f = crt_fd_get(fd);
    int r;

    if (!f)
        return -1;
    fd_lock(f);
    r = crt_write_lk(fd, buf, n);
    fd_unlock(f);
    return r;
}

int __cdecl _setmode(int fd, int mode)
{
    struct crt_fd *f = crt_fd_get(fd);
    int old;

    if (!f)
        return -1;
    if (mode & (_O_WTEXT | _O_U16TEXT | _O_U8TEXT)) {
        CRT_FIXME("_setmode(unicode text modes)");
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (mode != _O_TEXT && mode != _O_BINARY) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    fd_lock(f);
    old = (f->flags & FD_TEXT) ? _O_TEXT : _O_BINARY;
    if (mode == _O_TEXT)
        f->flags |= FD_TEXT;
    else
        f->flags &= ~FD_TEXT;
    fd_unlock(f);
    return old;
}

int __cdecl _isatty(int fd)
{
    if (fd < 0 || fd >= CRT_MAX_FD)
        return 0;
    return fds[fd].flags & FD_OPEN ? fds[fd].flags & FD_DEV : 0;
}

intptr_t __cdecl _get_osfhandle(int fd)
{
    struct crt_fd *f = crt_fd_get(fd);

    return f ? (intptr_t)f->handle : -1;
}

int __cdecl _open_osfhandle(intptr_t handle, int oflag)
{
    HANDLE h = (HANDLE)handle;
    int flags = 0;

    if (GetFileType(h) == FILE_TYPE_UNKNOWN) {
        crt_errno = CRT_EBADF;
        return -1;
    }
    if (oflag & _O_APPEND)
        flags |= FD_APPEND;
    if (oflag & _O_TEXT)
        flags |= FD_TEXT;
    if (oflag & _O_NOINHERIT)
        flags |= FD_NOINHERIT;
    return crt_fd_new(h, flags);
}

int __cdecl _commit(int fd)
{
    struct crt_fd *f = crt_fd_get(fd);

    if (!f)
        return -1;
    if (!FlushFileBuffers(f->handle) && GetLastError() != ERROR_INVALID_HANDLE) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    return 0;
}

int __cdecl _chsize_s(int fd, crt_int64 size)
{
    struct crt_fd *f = crt_fd_get(fd);
    crt_int64 cur;
    int ret = 0;

    if (!f)
        return CRT_EBADF;
    if (size < 0)
        return CRT_EINVAL;
    fd_lock(f);
    cur = crt_lseek_lk(fd, 0, 1);
    if (cur < 0 || crt_lseek_lk(fd, size, 0) < 0) {
        ret = crt_errno;
    } else if (!SetEndOfFile(f->handle)) {
        crt_dosmaperr(GetLastError());
        ret = crt_errno;
    }
    if (cur >= 0)
        crt_lseek_lk(fd, cur, 0);
    fd_unlock(f);
    return ret;
}

int __cdecl _chsize(int fd, crt_long size)
{
    return _chsize_s(fd, size) ? -1 : 0;
}

int __cdecl _unlink(const char *path)
{
    if (!DeleteFileA(path)) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    return 0;
}

int __cdecl remove(const char *path)
{
    return _unlink(path);
}

/* Our kernel32 has no DeleteFileW: wide names go through the ANSI code
 * page, which loses characters outside it. */
int __cdecl _wunlink(const crt_wchar *path)
{
    char a[520];

    if (!WideCharToMultiByte(CP_ACP, 0, path, -1, a, sizeof(a), NULL, NULL)) {
        crt_errno = CRT_ENOENT;
        return -1;
    }
    CRT_FIXME("_wunlink(non-ACP names)");
    return _unlink(a);
}

int __cdecl _wremove(const crt_wchar *path)
{
    return _wunlink(path);
}

/* _access through CreateFile (our kernel32 has no GetFileAttributes):
 * existence, and write access by asking for it. */
static int access_path(const void *path, int wide, int mode)
{
    DWORD access = (mode & 2) ? GENERIC_WRITE : 0;
    DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    DWORD flags = 0x02000000; /* FILE_FLAG_BACKUP_SEMANTICS: directories too */
    HANDLE h;

    if (!path || (mode & ~6)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (wide)
        h = CreateFileW(path, access, share, NULL, OPEN_EXISTING, flags, NULL);
    else
        h = CreateFileA(path, access, share, NULL, OPEN_EXISTING, flags, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    CloseHandle(h);
    return 0;
}

int __cdecl _access(const char *path, int mode)
{
    return access_path(path, 0, mode);
}

int __cdecl _waccess(const crt_wchar *path, int mode)
{
    return access_path(path, 1, mode);
}
