/* msvcrt's _dup, _dup2, _pipe and _locking (Microsoft's documentation):
 * copies share the file position, _dup2 replaces an open descriptor, locks
 * belong to a descriptor, pipes carry data and end-of-file, and a child
 * started by _spawn writes into a pipe that was made its stdout with
 * _dup2. Also kernel32's DeviceIoControl(FSCTL_SET_SPARSE). */
#include <windows.h>
#include <winioctl.h>
#include <io.h>
#include <fcntl.h>
#include <process.h>
#include <sys/stat.h>
#include <sys/locking.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include "test.h"

int main(int argc, char **argv)
{
    char path[MAX_PATH], buf[64], self[MAX_PATH];
    int fd, fd2, p[2], saved, n, total;
    intptr_t h;
    int status = -1;

    if (argc >= 2 && !strcmp(argv[1], "child")) {
        _write(1, "child says hi", 13);
        return 9;
    }
    GetModuleFileNameA(NULL, self, sizeof self);
    GetTempPathA(sizeof path, path);
    snprintf(path + strlen(path), sizeof path - strlen(path), "crt_handles_%lu", GetCurrentProcessId());

    /* _dup: one file, one position. */
    fd = _open(path, _O_CREAT | _O_TRUNC | _O_RDWR | _O_BINARY, _S_IREAD | _S_IWRITE);
    ok(fd >= 0, "_open: errno %d", errno);
    fd2 = _dup(fd);
    ok(fd2 >= 0 && fd2 != fd, "_dup gives another descriptor: %d", fd2);
    ok(_write(fd, "ab", 2) == 2 && _write(fd2, "cd", 2) == 2, "writes through both");
    ok(_lseek(fd2, 0, SEEK_CUR) == 4 && _lseek(fd, 0, SEEK_CUR) == 4, "the position is shared");
    ok(_close(fd) == 0, "closing the original");
    ok(_lseek(fd2, 0, SEEK_SET) == 0 && _read(fd2, buf, sizeof buf) == 4 && !memcmp(buf, "abcd", 4),
       "the copy still reads the file");
    errno = 0;
    ok(_dup(fd) == -1 && errno == EBADF, "_dup of a closed descriptor: -1, EBADF (%d)", errno);

    /* _dup2: stdout into the file and back. */
    fflush(stdout);
    saved = _dup(1);
    ok(saved >= 0, "_dup(1)");
    ok(_dup2(fd2, 1) == 0, "_dup2 onto stdout");
    _write(1, "EF", 2);
    ok(_dup2(saved, 1) == 0, "_dup2 back");
    _close(saved);
    ok(_lseek(fd2, 0, SEEK_SET) == 0 && _read(fd2, buf, sizeof buf) == 6 && !memcmp(buf, "abcdEF", 6),
       "what went to descriptor 1 is in the file");
    errno = 0;
    ok(_dup2(fd2, -1) == -1 && errno == EBADF, "_dup2 to -1: EBADF (%d)", errno);
    ok(_dup2(fd2, fd2) == 0, "_dup2 onto itself");
    _close(fd2);

    /* _locking: bytes from the current position, per descriptor. */
    fd = _open(path, _O_RDWR | _O_BINARY);
    fd2 = _open(path, _O_RDWR | _O_BINARY);
    ok(fd >= 0 && fd2 >= 0, "two descriptors for one file");
    ok(_locking(fd, _LK_NBLCK, 4) == 0, "_LK_NBLCK of bytes 0-3: errno %d", errno);
    errno = 0;
    ok(_locking(fd2, _LK_NBLCK, 2) == -1 && errno == EACCES, "locked bytes refuse another lock: EACCES (%d)", errno);
    _lseek(fd2, 4, SEEK_SET);
    ok(_locking(fd2, _LK_NBLCK, 2) == 0, "bytes 4-5 are free");
    ok(_locking(fd2, _LK_UNLCK, 2) == 0, "_LK_UNLCK");
    ok(_locking(fd, _LK_UNLCK, 4) == 0, "_LK_UNLCK of the first lock");
    _lseek(fd2, 0, SEEK_SET);
    ok(_locking(fd2, _LK_LOCK, 4) == 0, "free again: _LK_LOCK succeeds at once");
    ok(_locking(fd2, _LK_UNLCK, 4) == 0, "and unlocks");
    errno = 0;
    ok(_locking(fd, _LK_UNLCK, 4) == -1 && errno == EACCES, "unlocking what is not locked: EACCES (%d)", errno);
    errno = 0;
    ok(_locking(fd, 99, 1) == -1 && errno == EINVAL, "bad mode: EINVAL (%d)", errno);
    _close(fd);
    _close(fd2);

    /* kernel32's DeviceIoControl(FSCTL_SET_SPARSE), as lz4 sends it on the
     * files it writes: disk files accept it, pipes do not
     * (ERROR_INVALID_FUNCTION). */
    {
        DWORD got = 1;
        HANDLE fh = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);

        ok(DeviceIoControl(fh, FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &got, NULL) && got == 0,
           "FSCTL_SET_SPARSE on a file: %lu", GetLastError());
        CloseHandle(fh);
        ok(_pipe(p, 256, _O_BINARY) == 0, "_pipe");
        SetLastError(0);
        ok(!DeviceIoControl((HANDLE)_get_osfhandle(p[1]), FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &got, NULL) &&
           GetLastError() == ERROR_INVALID_FUNCTION, "FSCTL_SET_SPARSE on a pipe: %lu", GetLastError());
        _close(p[0]);
        _close(p[1]);
    }
    DeleteFileA(path);

    /* _pipe: data, then end of file when the write end closes. */
    ok(_pipe(p, 256, _O_BINARY) == 0, "_pipe: errno %d", errno);
    ok(_write(p[1], "hello", 5) == 5, "write into the pipe");
    ok(_read(p[0], buf, sizeof buf) == 5 && !memcmp(buf, "hello", 5), "read it back");
    _close(p[1]);
    ok(_read(p[0], buf, sizeof buf) == 0, "end of file after the writer closed");
    _close(p[0]);

    /* A child's stdout into a pipe. */
    ok(_pipe(p, 256, _O_BINARY) == 0, "_pipe");
    fflush(stdout);
    saved = _dup(1);
    _dup2(p[1], 1);
    h = _spawnl(_P_NOWAIT, self, self, "child", NULL);
    _dup2(saved, 1);
    _close(saved);
    _close(p[1]);
    ok(h != -1, "_spawnl: errno %d", errno);
    total = 0;
    while (total < (int)sizeof buf - 1 && (n = _read(p[0], buf + total, sizeof buf - 1 - total)) > 0)
        total += n;
    buf[total] = 0;
    ok(!strcmp(buf, "child says hi"), "the child wrote into the pipe: [%s]", buf);
    ok(_cwait(&status, h, _WAIT_CHILD) == h && status == 9, "child exit code %d", status);
    _close(p[0]);
    return test_summary();
}
