/* Descriptors that share or make handles: _dup and _dup2 over
 * DuplicateHandle, _pipe over CreatePipe; and _locking over
 * LockFile/UnlockFile. The new descriptors keep the
 * text/binary mode (and for _dup/_dup2 the append flag) of their source. */
#include "crtio.h"

WINIMPORT BOOL WINAPI DuplicateHandle(HANDLE src_process, HANDLE src, HANDLE dst_process,
                                      HANDLE *dst, DWORD access, BOOL inherit, DWORD options);
WINIMPORT BOOL WINAPI CreatePipe(HANDLE *read, HANDLE *write, void *sa, DWORD size);
WINIMPORT BOOL WINAPI LockFile(HANDLE h, DWORD off_low, DWORD off_high, DWORD n_low, DWORD n_high);
WINIMPORT BOOL WINAPI UnlockFile(HANDLE h, DWORD off_low, DWORD off_high, DWORD n_low, DWORD n_high);

#define CRT_DUPLICATE_SAME_ACCESS 2

/* A duplicate of fd's handle and the flags a copy of fd carries. */
static int duplicate(int fd, HANDLE *h, int *flags)
{
    struct crt_fd *f = crt_fd_get(fd);

    if (!f)
        return -1;
    if (!DuplicateHandle(GetCurrentProcess(), f->handle, GetCurrentProcess(), h, 0, 1,
                         CRT_DUPLICATE_SAME_ACCESS)) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    *flags = f->flags & (FD_TEXT | FD_APPEND);
    return 0;
}

/* The lowest free descriptor, for the same file as fd. */
int __cdecl _dup(int fd)
{
    HANDLE h;
    int flags, nfd;

    if (duplicate(fd, &h, &flags))
        return -1;
    nfd = crt_fd_new(h, flags);
    if (nfd < 0)
        CloseHandle(h);
    return nfd;
}

/* fd2 becomes a copy of fd (fd2 is closed first when open); 0 or -1. */
int __cdecl _dup2(int fd, int fd2)
{
    HANDLE h;
    int flags;

    if (fd2 < 0 || fd2 >= CRT_MAX_FD) {
        crt_errno = CRT_EBADF;
        return -1;
    }
    if (fd == fd2)
        return crt_fd_get(fd) ? 0 : -1;
    if (duplicate(fd, &h, &flags))
        return -1;
    if (crt_fd_install(fd2, h, flags)) {
        CloseHandle(h);
        return -1;
    }
    return 0;
}

/* fds[0] reads what fds[1] writes; mode _O_BINARY or _O_TEXT (else the
 * default _fmode); _O_NOINHERIT keeps both from child processes. */
int __cdecl _pipe(int *fds, unsigned int size, int mode)
{
    HANDLE r, w;
    int flags = 0;

    if (!fds) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (mode & _O_TEXT || (!(mode & _O_BINARY) && !(_fmode & _O_BINARY)))
        flags |= FD_TEXT;
    if (mode & _O_NOINHERIT)
        flags |= FD_NOINHERIT;
    if (!CreatePipe(&r, &w, NULL, size)) {
        crt_dosmaperr(GetLastError());
        return -1;
    }
    fds[0] = crt_fd_new(r, flags | FD_PIPE);
    if (fds[0] < 0) {
        CloseHandle(r);
        CloseHandle(w);
        return -1;
    }
    fds[1] = crt_fd_new(w, flags | FD_PIPE);
    if (fds[1] < 0) {
        _close(fds[0]);
        CloseHandle(w);
        return -1;
    }
    return 0;
}

#define CRT_LK_UNLCK 0
#define CRT_LK_LOCK 1
#define CRT_LK_NBLCK 2
#define CRT_LK_RLCK 3
#define CRT_LK_NBRLCK 4

/* Locks or unlocks n bytes from the current position. _LK_LOCK and
 * _LK_RLCK try 10 times, a second apart, then fail with EDEADLOCK; the
 * non-blocking modes and unlocking fail with EACCES. */
int __cdecl _locking(int fd, int mode, crt_long n)
{
    struct crt_fd *f = crt_fd_get(fd);
    crt_int64 pos;
    int tries;

    if (!f)
        return -1;
    if (n < 0 || mode < CRT_LK_UNLCK || mode > CRT_LK_NBRLCK) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    pos = _lseeki64(fd, 0, 1);
    if (pos < 0)
        return -1;
    if (mode == CRT_LK_UNLCK) {
        if (UnlockFile(f->handle, (DWORD)pos, (DWORD)(pos >> 32), (DWORD)n, 0))
            return 0;
        *__doserrno() = GetLastError();
        crt_errno = CRT_EACCES;
        return -1;
    }
    tries = mode == CRT_LK_LOCK || mode == CRT_LK_RLCK ? 10 : 1;
    while (tries--) {
        if (LockFile(f->handle, (DWORD)pos, (DWORD)(pos >> 32), (DWORD)n, 0))
            return 0;
        if (tries)
            Sleep(1000);
    }
    *__doserrno() = GetLastError();
    crt_errno = mode == CRT_LK_LOCK || mode == CRT_LK_RLCK ? CRT_EDEADLK : CRT_EACCES;
    return -1;
}
