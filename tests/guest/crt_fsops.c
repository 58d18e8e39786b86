/* msvcrt's rename, _mkdir, _rmdir, _chdir, _chmod and _utime/_futime
 * (Microsoft's documentation): results, errno of the failures, and the
 * effects seen through other functions (_getcwd, _access, _findfirst);
 * then _getdcwd, _chdrive, _tempnam and the _loaddll helpers. */
#include <windows.h>
#include <io.h>
#include <direct.h>
#include <sys/stat.h>
#include <sys/utime.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include <process.h>
#include "test.h"

static void touch(const char *name)
{
    FILE *f = fopen(name, "w");

    ok(f != NULL, "create %s", name);
    if (f) {
        fputs("data", f);
        fclose(f);
    }
}

static long long written(const char *name)
{
    struct __finddata64_t fd;
    intptr_t h = _findfirst64(name, &fd);

    if (h == -1)
        return -1;
    _findclose(h);
    return fd.time_write;
}

int main(void)
{
    char base[MAX_PATH], dir[MAX_PATH], cwd[MAX_PATH];
    struct _utimbuf t;
    time_t now = time(NULL);
    int fd, e;

    GetTempPathA(sizeof base, base);
    ok(_chdir(base) == 0, "_chdir %s", base);
    snprintf(dir, sizeof dir, "crt_fsops_%lu", GetCurrentProcessId());

    ok(_mkdir(dir) == 0, "_mkdir: errno %d", errno);
    errno = 0;
    ok(_mkdir(dir) == -1 && errno == EEXIST, "_mkdir of an existing directory: -1, EEXIST (%d)", errno);
    errno = 0;
    ok(_mkdir("no\\such\\parent") == -1 && errno == ENOENT, "_mkdir without a parent: ENOENT (%d)", errno);
    ok(_chdir(dir) == 0, "_chdir into it");
    ok(_getcwd(cwd, sizeof cwd) && strstr(cwd, dir) && strlen(strstr(cwd, dir)) == strlen(dir),
       "_getcwd ends with it: %s", cwd);
    errno = 0;
    ok(_chdir("no-such-dir") == -1 && errno == ENOENT, "_chdir to a missing directory: ENOENT (%d)", errno);

    /* rename: a file, onto a new name; never over an existing one. */
    touch("one");
    touch("two");
    ok(rename("one", "three") == 0, "rename: errno %d", errno);
    ok(_access("one", 0) == -1 && _access("three", 0) == 0, "the file moved");
    errno = 0;
    e = rename("three", "two");
    /* MoveFileEx fails with ERROR_ALREADY_EXISTS, which _dosmaperr makes
     * EEXIST (older documentation says EACCES). */
    ok(e == -1 && (errno == EEXIST || errno == EACCES), "rename onto an existing file: -1 (%d, %d)", e, errno);
    errno = 0;
    ok(rename("missing", "four") == -1 && errno == ENOENT, "rename of a missing file: ENOENT (%d)", errno);

    /* _chmod: without _S_IWRITE the file is read-only. */
    ok(_chmod("two", _S_IREAD) == 0, "_chmod read-only");
    errno = 0;
    ok(_access("two", 2) == -1 && errno == EACCES, "not writable now (%d)", errno);
    ok(_open("two", _O_WRONLY) == -1, "opening it for writing fails");
    ok(_chmod("two", _S_IREAD | _S_IWRITE) == 0 && _access("two", 2) == 0, "writable again");
    errno = 0;
    ok(_chmod("missing", _S_IWRITE) == -1 && errno == ENOENT, "_chmod of a missing file: ENOENT (%d)", errno);

    /* _utime and _futime set the modification time (seen by _findfirst). */
    t.actime = 1000000000;
    t.modtime = 1000000000;
    ok(_utime("two", &t) == 0, "_utime: errno %d", errno);
    ok(written("two") == 1000000000, "time_write %lld", written("two"));
    {
        struct _stat st;
        struct _stat64 st64;

        ok(_stat("two", &st) == 0 && st.st_mtime == 1000000000 && st.st_atime == 1000000000,
           "_stat sees the times: %ld %ld", (long)st.st_mtime, (long)st.st_atime);
        ok(_stat64("two", &st64) == 0 && st64.st_mtime == 1000000000, "_stat64 too");
        ok(_stat(".", &st) == 0 && (st.st_mode & _S_IFDIR) && st.st_mtime > (long)now - 600,
           "a directory's times: %ld", (long)st.st_mtime);
    }
    ok(_utime("two", NULL) == 0, "_utime(NULL)");
    ok(written("two") > (long long)now - 600 && written("two") < (long long)now + 600,
       "NULL means now: %lld", written("two"));
    fd = _open("three", _O_RDWR);
    t.modtime = 1200000000;
    ok(fd >= 0 && _futime(fd, &t) == 0, "_futime: errno %d", errno);
    _close(fd);
    ok(written("three") == 1200000000, "time_write %lld", written("three"));
    errno = 0;
    ok(_futime(-1, &t) == -1 && errno == EBADF, "_futime(-1): EBADF (%d)", errno);
    errno = 0;
    ok(_utime("missing", &t) == -1 && errno == ENOENT, "_utime of a missing file: ENOENT (%d)", errno);

    /* _rmdir: only empty directories. */
    ok(_chdir("..") == 0, "_chdir ..");
    errno = 0;
    ok(_rmdir(dir) == -1 && errno == ENOTEMPTY, "_rmdir of a full directory: ENOTEMPTY (%d)", errno);
    snprintf(cwd, sizeof cwd, "%s\\two", dir);
    remove(cwd);
    snprintf(cwd, sizeof cwd, "%s\\three", dir);
    remove(cwd);
    ok(_rmdir(dir) == 0, "_rmdir: errno %d", errno);
    errno = 0;
    ok(_rmdir(dir) == -1 && errno == ENOENT, "_rmdir again: ENOENT (%d)", errno);

    /* Drives: _getdcwd of the current drive is _getcwd; Q: does not exist. */
    {
        char a[MAX_PATH], b[MAX_PATH], *t, *t2;
        int drive = _getdrive();

        ok(drive >= 1 && drive <= 26, "_getdrive %d", drive);
        ok(_getdcwd(0, a, sizeof a) && _getcwd(b, sizeof b) && !strcmp(a, b), "_getdcwd(0) = _getcwd: %s", a);
        ok(_getdcwd(drive, a, sizeof a) && !strcmp(a, b), "_getdcwd(current drive)");
        errno = 0;
        ok(_getdcwd(drive, a, 2) == NULL && errno == ERANGE, "too small a buffer: ERANGE (%d)", errno);
        t = _getdcwd(0, NULL, 0);
        ok(t && !strcmp(t, b), "_getdcwd(NULL) allocates");
        free(t);
        errno = 0;
        ok(_getdcwd(17, a, sizeof a) == NULL && errno == EACCES, "_getdcwd(Q:): EACCES (%d)", errno);
        errno = 0;
        ok(_chdrive(17) == -1 && errno == EACCES, "_chdrive(Q:): -1, EACCES (%d)", errno);
        ok(_chdrive(drive) == 0 && _getdrive() == drive, "_chdrive to the current drive");

        /* _tempnam: in %TMP% when that is a directory, new names each time. */
        snprintf(a, sizeof a, "TMP=%s", base);
        _putenv(a);
        t = _tempnam("ignored-dir", "pfx");
        t2 = _tempnam(NULL, "pfx");
        ok(t && t2 && strcmp(t, t2) != 0, "two different names");
        ok(t && !strncmp(t, base, strlen(base) - 1) && strstr(t, "pfx"), "in %%TMP%% with the prefix: %s", t ? t : "-");
        ok(t && _access(t, 0) == -1, "that does not exist");
        free(t);
        free(t2);
    }

    /* _loaddll/_getdllprocaddr/_unloaddll. */
    {
        intptr_t m = _loaddll((char *)"kernel32.dll");

        ok(m != 0, "_loaddll(kernel32)");
        ok((void *)_getdllprocaddr(m, (char *)"GetTickCount", -1) ==
               (void *)GetProcAddress((HMODULE)m, "GetTickCount"),
           "_getdllprocaddr by name");
        ok(_getdllprocaddr(m, (char *)"GetTickCount", 5) == NULL, "name and ordinal together: NULL");
        ok(_unloaddll(m) == 0, "_unloaddll");
        ok(_loaddll((char *)"no-such-library.dll") == 0, "_loaddll of a missing DLL: 0");
    }
    return test_summary();
}
