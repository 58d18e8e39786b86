/* Exports that need services our kernel32 does not provide yet (process
 * creation, directories, file search, handle duplication, threads, renames,
 * C++ and SEH frame handlers). Each logs a FIXME naming itself and fails the
 * documented way: -1 (or NULL, or 0 for thread handles) with errno ENOSYS.
 * None of them pretends to succeed. */
#include "crtio.h"

#define FAIL_INT(name, ...)                     \
    int __cdecl name(__VA_ARGS__)               \
    {                                           \
        CRT_FIXME(#name);                       \
        crt_errno = CRT_ENOSYS;                 \
        return -1;                              \
    }

#define FAIL_PTR(type, name, ...)               \
    type __cdecl name(__VA_ARGS__)              \
    {                                           \
        CRT_FIXME(#name);                       \
        crt_errno = CRT_ENOSYS;                 \
        return NULL;                            \
    }

/* Processes (need CreateProcess, WaitForSingleObject). */
FAIL_INT(_spawnl, int mode, const char *cmd, ...)
FAIL_INT(_spawnle, int mode, const char *cmd, ...)
FAIL_INT(_spawnlp, int mode, const char *cmd, ...)
FAIL_INT(_spawnlpe, int mode, const char *cmd, ...)
FAIL_INT(_spawnv, int mode, const char *cmd, const char *const *argv)
FAIL_INT(_spawnve, int mode, const char *cmd, const char *const *argv, const char *const *envp)
FAIL_INT(_spawnvp, int mode, const char *cmd, const char *const *argv)
FAIL_INT(_spawnvpe, int mode, const char *cmd, const char *const *argv, const char *const *envp)
FAIL_INT(_wspawnv, int mode, const crt_wchar *cmd, const crt_wchar *const *argv)
FAIL_INT(_wspawnvp, int mode, const crt_wchar *cmd, const crt_wchar *const *argv)
FAIL_INT(_execl, const char *cmd, ...)
FAIL_INT(_execle, const char *cmd, ...)
FAIL_INT(_execlp, const char *cmd, ...)
FAIL_INT(_execlpe, const char *cmd, ...)
FAIL_INT(_execv, const char *cmd, const char *const *argv)
FAIL_INT(_execve, const char *cmd, const char *const *argv, const char *const *envp)
FAIL_INT(_execvp, const char *cmd, const char *const *argv)
FAIL_INT(_execvpe, const char *cmd, const char *const *argv, const char *const *envp)
FAIL_INT(_cwait, int *status, intptr_t pid, int action)
FAIL_INT(_wsystem, const crt_wchar *cmd)
FAIL_PTR(FILE *, _popen, const char *cmd, const char *mode)
FAIL_PTR(FILE *, _wpopen, const crt_wchar *cmd, const crt_wchar *mode)
FAIL_INT(_pclose, FILE *f)

/* system(NULL) asks whether a command processor exists: not yet. */
int __cdecl system(const char *cmd)
{
    CRT_FIXME("system");
    if (!cmd)
        return 0;
    crt_errno = CRT_ENOSYS;
    return -1;
}

/* Handles (need DuplicateHandle, CreatePipe, LockFile). */
FAIL_INT(_dup, int fd)
FAIL_INT(_dup2, int fd, int fd2)
FAIL_INT(_pipe, int *fds, unsigned int size, int mode)
FAIL_INT(_locking, int fd, int mode, crt_long n)

/* Names and directories (need MoveFile, Create/RemoveDirectory,
 * SetCurrentDirectory, SetFileAttributes, SetFileTime, FindFirstFile). */
FAIL_INT(rename, const char *from, const char *to)
FAIL_INT(_wrename, const crt_wchar *from, const crt_wchar *to)
FAIL_INT(_chdir, const char *dir)
FAIL_INT(_wchdir, const crt_wchar *dir)
FAIL_INT(_mkdir, const char *dir)
FAIL_INT(_wmkdir, const crt_wchar *dir)
FAIL_INT(_rmdir, const char *dir)
FAIL_INT(_wrmdir, const crt_wchar *dir)
FAIL_INT(_chdrive, int drive)
FAIL_INT(_chmod, const char *path, int mode)
FAIL_INT(_wchmod, const crt_wchar *path, int mode)
FAIL_INT(_utime, const char *path, void *times)
FAIL_INT(_wutime, const crt_wchar *path, void *times)
FAIL_INT(_futime, int fd, void *times)
FAIL_INT(_findnext, intptr_t h, void *data)
FAIL_INT(_findnext64, intptr_t h, void *data)
FAIL_INT(_findnexti64, intptr_t h, void *data)
FAIL_INT(_wfindnext, intptr_t h, void *data)
FAIL_INT(_findclose, intptr_t h)
FAIL_INT(_getdiskfree, unsigned int drive, void *info)
FAIL_PTR(char *, _getdcwd, int drive, char *buf, int size)
FAIL_PTR(char *, _tempnam, const char *dir, const char *prefix)
FAIL_INT(_rmtmp, void)

intptr_t __cdecl _findfirst(const char *spec, void *data)
{
    CRT_FIXME("_findfirst");
    crt_errno = CRT_ENOSYS;
    return -1;
}

intptr_t __cdecl _findfirst64(const char *spec, void *data)
{
    CRT_FIXME("_findfirst64");
    crt_errno = CRT_ENOSYS;
    return -1;
}

intptr_t __cdecl _findfirsti64(const char *spec, void *data)
{
    CRT_FIXME("_findfirsti64");
    crt_errno = CRT_ENOSYS;
    return -1;
}

intptr_t __cdecl _wfindfirst(const crt_wchar *spec, void *data)
{
    CRT_FIXME("_wfindfirst");
    crt_errno = CRT_ENOSYS;
    return -1;
}

/* Threads (need CreateThread, ExitThread). _beginthread reports failure
 * with -1, _beginthreadex with 0. */
uintptr_t __cdecl _beginthread(void *start, unsigned int stack, void *arg)
{
    CRT_FIXME("_beginthread");
    crt_errno = CRT_ENOSYS;
    return (uintptr_t)-1;
}

uintptr_t __cdecl _beginthreadex(void *sec, unsigned int stack, void *start, void *arg,
                                 unsigned int flags, unsigned int *tid)
{
    CRT_FIXME("_beginthreadex");
    crt_errno = CRT_ENOSYS;
    return 0;
}

/* Ending a thread needs ExitThread; returning is all we can do. */
void __cdecl _endthread(void)
{
    CRT_FIXME("_endthread");
}

void __cdecl _endthreadex(unsigned int code)
{
    CRT_FIXME("_endthreadex");
}

/* DLL helpers of old programs (need LoadLibrary, FreeLibrary). */
intptr_t __cdecl _loaddll(const char *name)
{
    CRT_FIXME("_loaddll");
    crt_errno = CRT_ENOSYS;
    return 0;
}

int __cdecl _unloaddll(intptr_t h)
{
    CRT_FIXME("_unloaddll");
    crt_errno = CRT_ENOSYS;
    return -1;
}

/* Positional printf variants (%1$d) and the size-checked scanf variants
 * are not in the shared engines yet. */
FAIL_INT(_printf_p, const char *fmt, ...)
FAIL_INT(_sprintf_p, char *buf, size_t n, const char *fmt, ...)
FAIL_INT(_vsprintf_p, char *buf, size_t n, const char *fmt, va_list ap)
FAIL_INT(sscanf_s, const char *s, const char *fmt, ...)
FAIL_INT(scanf_s, const char *fmt, ...)
FAIL_INT(fscanf_s, FILE *f, const char *fmt, ...)
FAIL_INT(swscanf_s, const crt_wchar *s, const crt_wchar *fmt, ...)
