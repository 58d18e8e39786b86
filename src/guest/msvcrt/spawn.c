/* Processes: the _spawn and _exec families, _cwait, system and _popen,
 * over CreateProcessW. As in the Microsoft CRT, the command line is argv joined
 * with single spaces (arguments are not quoted), a name without extension
 * tries .com, .exe, .bat and .cmd, the "p" forms then search PATH, and
 * _exec ends the caller with _exit(0) once the new process runs.
 *
 * system() and _popen() run %ComSpec% /c command, or cmd.exe found on
 * PATH. libwow64 ships no command interpreter: unless one is installed in
 * the prefix, system(NULL) returns 0, system(command) -1 and _popen NULL,
 * all with errno ENOENT. */
#include "crtio.h"

typedef struct {
    DWORD cb;
    WCHAR *lpReserved, *lpDesktop, *lpTitle;
    DWORD dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars;
    DWORD dwFillAttribute, dwFlags;
    WORD wShowWindow, cbReserved2;
    BYTE *lpReserved2;
    HANDLE hStdInput, hStdOutput, hStdError;
} CRT_STARTUPINFOW;

typedef struct {
    HANDLE hProcess, hThread;
    DWORD dwProcessId, dwThreadId;
} CRT_PROCESS_INFORMATION;

WINIMPORT BOOL WINAPI CreateProcessW(const WCHAR *app, WCHAR *cmdline, void *psa, void *tsa,
                                     BOOL inherit, DWORD flags, void *env, const WCHAR *dir,
                                     CRT_STARTUPINFOW *si, CRT_PROCESS_INFORMATION *pi);
WINIMPORT DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD ms);
WINIMPORT BOOL WINAPI GetExitCodeProcess(HANDLE h, DWORD *code);
WINIMPORT DWORD WINAPI GetFileAttributesW(const WCHAR *name);

#define CRT_P_WAIT 0
#define CRT_P_NOWAIT 1
#define CRT_P_OVERLAY 2
#define CRT_P_NOWAITO 3
#define CRT_P_DETACH 4
#define CRT_STARTF_USESTDHANDLES 0x100
#define CRT_CREATE_UNICODE_ENVIRONMENT 0x400
#define CRT_DETACHED_PROCESS 0x8
#define CRT_WAIT_FAILED 0xffffffff
#define CRT_INFINITE 0xffffffff
#define CRT_MAX_CMDLINE 32767
#define CRT_PATH_CHARS 1024

intptr_t __cdecl _get_osfhandle(int fd);

static const crt_wchar PATH_VAR[] = { 'P', 'A', 'T', 'H', 0 };
static const crt_wchar COMSPEC_VAR[] = { 'C', 'O', 'M', 'S', 'P', 'E', 'C', 0 };
static const crt_wchar CMD_EXE[] = { 'c', 'm', 'd', '.', 'e', 'x', 'e', 0 };
static const crt_wchar SLASH_C[] = { '/', 'c', 0 };

static size_t wlen(const crt_wchar *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

/* A heap copy of an ANSI string in UTF-16 (the ANSI code page). */
static crt_wchar *to_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_ACP, 0, s, -1, NULL, 0);
    crt_wchar *w;

    if (n <= 0 || !(w = crt_alloc((size_t)n * sizeof(crt_wchar))))
        return NULL;
    MultiByteToWideChar(CP_ACP, 0, s, -1, (WCHAR *)w, n);
    return w;
}

static void free_list(crt_wchar **list)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; list[i]; i++)
        crt_free(list[i]);
    crt_free(list);
}

/* A NULL-terminated heap copy of an ANSI string list in UTF-16. */
static crt_wchar **to_wide_list(const char *const *list)
{
    size_t n = 0, i;
    crt_wchar **w;

    while (list[n])
        n++;
    if (!(w = crt_alloc((n + 1) * sizeof(*w))))
        return NULL;
    memset(w, 0, (n + 1) * sizeof(*w));
    for (i = 0; i < n; i++)
        if (!(w[i] = to_wide(list[i]))) {
            free_list(w);
            return NULL;
        }
    return w;
}

/* Whether name is an existing file (not a directory). */
static int is_file(const crt_wchar *name)
{
    DWORD attr = GetFileAttributesW((const WCHAR *)name);

    return attr != 0xffffffff && !(attr & 0x10);
}

/* out = dir [+ '\'] + name [+ ext] when that is a file; with no extension
 * in name, .com, .exe, .bat and .cmd are tried in that order. */
static int try_name(crt_wchar *out, const crt_wchar *dir, size_t dlen, const crt_wchar *name)
{
    static const char exts[4][5] = { ".com", ".exe", ".bat", ".cmd" };
    size_t nlen = wlen(name), at = 0, i, j;
    const crt_wchar *base = name, *p;
    int has_ext;

    for (p = name; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    has_ext = 0;
    for (p = base; *p; p++)
        if (*p == '.')
            has_ext = 1;
    if (dlen + 1 + nlen + 5 > CRT_PATH_CHARS)
        return 0;
    if (dlen) {
        memcpy(out, dir, dlen * sizeof(crt_wchar));
        at = dlen;
        if (dir[dlen - 1] != '\\' && dir[dlen - 1] != '/')
            out[at++] = '\\';
    }
    memcpy(out + at, name, (nlen + 1) * sizeof(crt_wchar));
    if (has_ext)
        return is_file(out);
    for (i = 0; i < 4; i++) {
        for (j = 0; j < 5; j++)
            out[at + nlen + j] = (unsigned char)exts[i][j];
        if (is_file(out))
            return 1;
    }
    return 0;
}

/* The program file for name: as given (relative to the current
 * directory), then, for the "p" forms and a bare name, in each PATH entry. */
static int find_program(crt_wchar *out, const crt_wchar *name, int search)
{
    /* PATH on the heap: guest DLLs have no stack probes, so no frame may
     * span the guard page. */
    const DWORD size = CRT_PATH_CHARS * 8;
    crt_wchar *path;
    const crt_wchar *p, *q;
    DWORD n;
    int found = 0;

    if (try_name(out, NULL, 0, name))
        return 1;
    for (p = name; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            return 0;
    if (!search || !(path = crt_alloc(size * sizeof(crt_wchar))))
        return 0;
    n = GetEnvironmentVariableW((const WCHAR *)PATH_VAR, (WCHAR *)path, size);
    if (n && n < size) {
        for (p = path; *p && !found; p = *q ? q + 1 : q) {
            for (q = p; *q && *q != ';'; q++)
                ;
            found = q > p && try_name(out, p, (size_t)(q - p), name);
        }
    }
    crt_free(path);
    return found;
}

/* argv joined with spaces, as the Microsoft CRT builds it (no quoting). */
static crt_wchar *join_args(const crt_wchar *const *argv)
{
    size_t n = 0, i, at = 0;
    crt_wchar *cmd;

    for (i = 0; argv[i]; i++)
        n += wlen(argv[i]) + 1;
    if (n > CRT_MAX_CMDLINE) {
        crt_errno = CRT_E2BIG;
        return NULL;
    }
    if (!(cmd = crt_alloc((n + 1) * sizeof(crt_wchar)))) {
        crt_errno = CRT_ENOMEM;
        return NULL;
    }
    for (i = 0; argv[i]; i++) {
        size_t l = wlen(argv[i]);

        if (i)
            cmd[at++] = ' ';
        memcpy(cmd + at, argv[i], l * sizeof(crt_wchar));
        at += l;
    }
    cmd[at] = 0;
    return cmd;
}

/* "NAME=value\0...\0\0" from envp. */
static crt_wchar *env_block(const crt_wchar *const *envp)
{
    size_t n = 1, i, at = 0;
    crt_wchar *env;

    for (i = 0; envp[i]; i++)
        n += wlen(envp[i]) + 1;
    if (!(env = crt_alloc((n + 1) * sizeof(crt_wchar)))) {
        crt_errno = CRT_ENOMEM;
        return NULL;
    }
    for (i = 0; envp[i]; i++) {
        size_t l = wlen(envp[i]) + 1;

        memcpy(env + at, envp[i], l * sizeof(crt_wchar));
        at += l;
    }
    env[at++] = 0;
    if (at == 1)
        env[at] = 0;
    return env;
}

/* The one spawn: -1 with errno on failure; else by mode the exit code
 * (_P_WAIT), the process handle (_P_NOWAIT, _P_NOWAITO), 0 (_P_DETACH),
 * or no return (_P_OVERLAY). The child's std handles are those of
 * descriptors 0-2, or std[] when given (_popen). */
static intptr_t spawn_std(int mode, const crt_wchar *name, const crt_wchar *const *argv,
                          const crt_wchar *const *envp, int search, const HANDLE *std)
{
    crt_wchar image[CRT_PATH_CHARS], *cmd = NULL, *env = NULL;
    CRT_STARTUPINFOW si;
    CRT_PROCESS_INFORMATION pi;
    intptr_t ret = -1;
    DWORD code;
    int i;

    if (!name || !*name || !argv || !argv[0] || !*argv[0] || mode < CRT_P_WAIT ||
        mode > CRT_P_DETACH) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (!find_program(image, name, search)) {
        *__doserrno() = 2;  /* ERROR_FILE_NOT_FOUND */
        crt_errno = CRT_ENOENT;
        return -1;
    }
    if (!(cmd = join_args(argv)) || (envp && !(env = env_block(envp))))
        goto done;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = CRT_STARTF_USESTDHANDLES;
    for (i = 0; i < 3; i++)
        (&si.hStdInput)[i] = std ? std[i] : (HANDLE)_get_osfhandle(i);
    if (!CreateProcessW((WCHAR *)image, (WCHAR *)cmd, NULL, NULL, 1,
                        (env ? CRT_CREATE_UNICODE_ENVIRONMENT : 0) |
                            (mode == CRT_P_DETACH ? CRT_DETACHED_PROCESS : 0),
                        env, NULL, &si, &pi)) {
        crt_dosmaperr(GetLastError());
        goto done;
    }
    CloseHandle(pi.hThread);
    switch (mode) {
    case CRT_P_WAIT:
        WaitForSingleObject(pi.hProcess, CRT_INFINITE);
        code = 0;
        GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hProcess);
        ret = (intptr_t)(int)code;
        break;
    case CRT_P_OVERLAY:
        CloseHandle(pi.hProcess);
        _exit(0);
    case CRT_P_DETACH:
        CloseHandle(pi.hProcess);
        ret = 0;
        break;
    default:
        ret = (intptr_t)pi.hProcess;
        break;
    }
done:
    crt_free(cmd);
    crt_free(env);
    return ret;
}

static intptr_t spawn(int mode, const crt_wchar *name, const crt_wchar *const *argv,
                      const crt_wchar *const *envp, int search)
{
    return spawn_std(mode, name, argv, envp, search, NULL);
}

/* The ANSI forms: everything to UTF-16, then spawn. */
static intptr_t spawn_a(int mode, const char *name, const char *const *argv,
                        const char *const *envp, int search)
{
    crt_wchar *wname = NULL, **wargv = NULL, **wenvp = NULL;
    intptr_t ret = -1;

    if (!name || !argv) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (!(wname = to_wide(name)) || !(wargv = to_wide_list(argv)) ||
        (envp && !(wenvp = to_wide_list(envp))))
        crt_errno = CRT_ENOMEM;
    else
        ret = spawn(mode, wname, (const crt_wchar *const *)wargv,
                    (const crt_wchar *const *)wenvp, search);
    crt_free(wname);
    free_list(wargv);
    free_list(wenvp);
    return ret;
}

/* The argument list of the "l" forms, and the envp after its NULL. */
#define CRT_MAX_LARGS 1024
static int collect(const char *first, va_list ap, const char **argv, const char *const **envp)
{
    int n = 0;
    const char *a = first;

    while (a) {
        if (n == CRT_MAX_LARGS - 1) {
            crt_errno = CRT_E2BIG;
            return -1;
        }
        argv[n++] = a;
        a = va_arg(ap, const char *);
    }
    argv[n] = NULL;
    if (envp)
        *envp = va_arg(ap, const char *const *);
    return n;
}

#define SPAWN_L(fname, mode_arg, mode_expr, search, with_env)                       \
    intptr_t __cdecl fname(mode_arg const char *name, const char *arg0, ...)         \
    {                                                                               \
        const char *argv[CRT_MAX_LARGS];                                            \
        const char *const *envp = NULL;                                             \
        va_list ap;                                                                 \
        int n;                                                                      \
                                                                                    \
        va_start(ap, arg0);                                                         \
        n = collect(arg0, ap, argv, with_env ? &envp : NULL);                       \
        va_end(ap);                                                                 \
        if (n < 0)                                                                  \
            return -1;                                                              \
        return spawn_a(mode_expr, name, argv, envp, search);                        \
    }

#define MODE_ARG int mode,
#define NO_MODE_ARG

SPAWN_L(_spawnl, MODE_ARG, mode, 0, 0)
SPAWN_L(_spawnle, MODE_ARG, mode, 0, 1)
SPAWN_L(_spawnlp, MODE_ARG, mode, 1, 0)
SPAWN_L(_spawnlpe, MODE_ARG, mode, 1, 1)
SPAWN_L(_execl, NO_MODE_ARG, CRT_P_OVERLAY, 0, 0)
SPAWN_L(_execle, NO_MODE_ARG, CRT_P_OVERLAY, 0, 1)
SPAWN_L(_execlp, NO_MODE_ARG, CRT_P_OVERLAY, 1, 0)
SPAWN_L(_execlpe, NO_MODE_ARG, CRT_P_OVERLAY, 1, 1)

intptr_t __cdecl _spawnv(int mode, const char *name, const char *const *argv)
{
    return spawn_a(mode, name, argv, NULL, 0);
}

intptr_t __cdecl _spawnve(int mode, const char *name, const char *const *argv,
                          const char *const *envp)
{
    return spawn_a(mode, name, argv, envp, 0);
}

intptr_t __cdecl _spawnvp(int mode, const char *name, const char *const *argv)
{
    return spawn_a(mode, name, argv, NULL, 1);
}

intptr_t __cdecl _spawnvpe(int mode, const char *name, const char *const *argv,
                           const char *const *envp)
{
    return spawn_a(mode, name, argv, envp, 1);
}

intptr_t __cdecl _execv(const char *name, const char *const *argv)
{
    return spawn_a(CRT_P_OVERLAY, name, argv, NULL, 0);
}

intptr_t __cdecl _execve(const char *name, const char *const *argv, const char *const *envp)
{
    return spawn_a(CRT_P_OVERLAY, name, argv, envp, 0);
}

intptr_t __cdecl _execvp(const char *name, const char *const *argv)
{
    return spawn_a(CRT_P_OVERLAY, name, argv, NULL, 1);
}

intptr_t __cdecl _execvpe(const char *name, const char *const *argv, const char *const *envp)
{
    return spawn_a(CRT_P_OVERLAY, name, argv, envp, 1);
}

intptr_t __cdecl _wspawnv(int mode, const crt_wchar *name, const crt_wchar *const *argv)
{
    return spawn(mode, name, argv, NULL, 0);
}

intptr_t __cdecl _wspawnve(int mode, const crt_wchar *name, const crt_wchar *const *argv,
                           const crt_wchar *const *envp)
{
    return spawn(mode, name, argv, envp, 0);
}

intptr_t __cdecl _wspawnvp(int mode, const crt_wchar *name, const crt_wchar *const *argv)
{
    return spawn(mode, name, argv, NULL, 1);
}

intptr_t __cdecl _wspawnvpe(int mode, const crt_wchar *name, const crt_wchar *const *argv,
                            const crt_wchar *const *envp)
{
    return spawn(mode, name, argv, envp, 1);
}

/* Waits for the process of a _P_NOWAIT spawn, stores its exit code and
 * closes its handle; returns the handle, or -1 with ECHILD for a handle
 * that is no process (EINVAL for other failures). */
intptr_t __cdecl _cwait(int *status, intptr_t h, int action)
{
    DWORD code = 0;

    if (WaitForSingleObject((HANDLE)h, CRT_INFINITE) == CRT_WAIT_FAILED ||
        !GetExitCodeProcess((HANDLE)h, &code)) {
        DWORD err = GetLastError();

        *__doserrno() = err;
        crt_errno = err == 6 ? CRT_ECHILD : CRT_EINVAL;     /* ERROR_INVALID_HANDLE */
        return -1;
    }
    if (status)
        *status = (int)code;
    CloseHandle((HANDLE)h);
    return h;
}

/* The command interpreter: %ComSpec% if that file exists, else cmd.exe on
 * PATH. */
static int find_interpreter(crt_wchar *out)
{
    crt_wchar comspec[CRT_PATH_CHARS];
    DWORD n = GetEnvironmentVariableW((const WCHAR *)COMSPEC_VAR, (WCHAR *)comspec, CRT_PATH_CHARS);

    if (n && n < CRT_PATH_CHARS && is_file(comspec)) {
        memcpy(out, comspec, (n + 1) * sizeof(crt_wchar));
        return 1;
    }
    return find_program(out, CMD_EXE, 1);
}

int __cdecl _wsystem(const crt_wchar *command)
{
    crt_wchar shell[CRT_PATH_CHARS];
    const crt_wchar *argv[4];

    if (!find_interpreter(shell)) {
        crt_errno = CRT_ENOENT;
        return command ? -1 : 0;
    }
    if (!command)
        return 1;
    argv[0] = shell;
    argv[1] = SLASH_C;
    argv[2] = command;
    argv[3] = NULL;
    return (int)spawn(CRT_P_WAIT, shell, argv, NULL, 0);
}

int __cdecl system(const char *command)
{
    crt_wchar *w;
    int ret;

    if (!command)
        return _wsystem(NULL);
    if (!(w = to_wide(command))) {
        crt_errno = CRT_ENOMEM;
        return -1;
    }
    ret = _wsystem(w);
    crt_free(w);
    return ret;
}

/* _popen's streams and the processes behind them, for _pclose. */
#define CRT_MAX_POPEN 64
static struct {
    FILE *f;
    HANDLE process;
} popens[CRT_MAX_POPEN];

FILE *__cdecl _fdopen(int fd, const char *mode);
int __cdecl _pipe(int *fds, unsigned int size, int mode);

/* Runs "%ComSpec% /c command" with its stdout (mode "r") or stdin ("w")
 * on a pipe, and returns our end as a stream. NULL with ENOENT when there
 * is no command interpreter. */
static FILE *popen_w(const crt_wchar *command, const char *mode)
{
    crt_wchar shell[CRT_PATH_CHARS];
    const crt_wchar *argv[4];
    HANDLE std[3];
    int fds[2], reading, ours, theirs, slot, pmode = 0;
    const char *m;
    char fmode[4];
    intptr_t h;
    FILE *f;

    if (!command || !mode || (mode[0] != 'r' && mode[0] != 'w')) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    reading = mode[0] == 'r';
    for (m = mode + 1; *m; m++)
        pmode |= *m == 'b' ? _O_BINARY : *m == 't' ? _O_TEXT : 0;
    if (!find_interpreter(shell)) {
        crt_errno = CRT_ENOENT;
        return NULL;
    }
    _lock(CRT_LOCK_OSFHND);
    for (slot = 0; slot < CRT_MAX_POPEN && popens[slot].f; slot++)
        ;
    _unlock(CRT_LOCK_OSFHND);
    if (slot == CRT_MAX_POPEN) {
        crt_errno = CRT_EMFILE;
        return NULL;
    }
    if (_pipe(fds, 4096, pmode | _O_NOINHERIT))
        return NULL;
    ours = reading ? fds[0] : fds[1];
    theirs = reading ? fds[1] : fds[0];
    std[0] = reading ? (HANDLE)_get_osfhandle(0) : (HANDLE)_get_osfhandle(theirs);
    std[1] = reading ? (HANDLE)_get_osfhandle(theirs) : (HANDLE)_get_osfhandle(1);
    std[2] = (HANDLE)_get_osfhandle(2);
    argv[0] = shell;
    argv[1] = SLASH_C;
    argv[2] = command;
    argv[3] = NULL;
    h = spawn_std(CRT_P_NOWAIT, shell, argv, NULL, 0, std);
    _close(theirs);
    fmode[0] = mode[0];
    fmode[1] = pmode & _O_BINARY ? 'b' : pmode & _O_TEXT ? 't' : 0;
    fmode[2] = 0;
    if (h == -1 || !(f = _fdopen(ours, fmode))) {
        _close(ours);
        if (h != -1)
            CloseHandle((HANDLE)h);
        return NULL;
    }
    _lock(CRT_LOCK_OSFHND);
    for (slot = 0; slot < CRT_MAX_POPEN && popens[slot].f; slot++)
        ;
    if (slot < CRT_MAX_POPEN) {
        popens[slot].f = f;
        popens[slot].process = (HANDLE)h;
    }
    _unlock(CRT_LOCK_OSFHND);
    if (slot == CRT_MAX_POPEN) {
        fclose(f);
        CloseHandle((HANDLE)h);
        crt_errno = CRT_EMFILE;
        return NULL;
    }
    return f;
}

FILE *__cdecl _wpopen(const crt_wchar *command, const crt_wchar *mode)
{
    char m[8];
    int i;

    if (!mode) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    for (i = 0; i < 7 && mode[i]; i++)
        m[i] = mode[i] < 128 ? (char)mode[i] : '?';
    m[i] = 0;
    return popen_w(command, m);
}

FILE *__cdecl _popen(const char *command, const char *mode)
{
    crt_wchar *w;
    FILE *f;

    if (!command) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    if (!(w = to_wide(command))) {
        crt_errno = CRT_ENOMEM;
        return NULL;
    }
    f = popen_w(w, mode);
    crt_free(w);
    return f;
}

/* Closes a _popen stream, waits for its command and returns the
 * interpreter's exit code; -1 with EINVAL for a stream _popen did not
 * make. */
int __cdecl _pclose(FILE *f)
{
    HANDLE process = NULL;
    DWORD code = 0;
    int slot;

    _lock(CRT_LOCK_OSFHND);
    for (slot = 0; slot < CRT_MAX_POPEN; slot++)
        if (f && popens[slot].f == f) {
            process = popens[slot].process;
            popens[slot].f = NULL;
            break;
        }
    _unlock(CRT_LOCK_OSFHND);
    if (!process) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    fclose(f);
    WaitForSingleObject(process, CRT_INFINITE);
    GetExitCodeProcess(process, &code);
    CloseHandle(process);
    return (int)code;
}
