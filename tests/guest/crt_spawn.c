/* msvcrt's _spawn/_exec family, _cwait and system (Microsoft's
 * documentation): modes _P_WAIT, _P_NOWAIT + _cwait, _P_OVERLAY (exec:
 * the caller ends with 0), environments, PATH search with implied .exe,
 * argv joined by spaces without quoting, documented failures. The program
 * runs itself as the child ("child" as first argument). */
#include <windows.h>
#include <process.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <io.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "test.h"

static char self[MAX_PATH], selfdir[MAX_PATH], marker[MAX_PATH];

/* Child: exit code 100 + argc, + 50 with FOO=bar in the environment. */
static int child(int argc, char **argv)
{
    const char *foo = getenv("FOO");

    if (argc >= 3 && !strcmp(argv[2], "marker")) {
        FILE *f = fopen(argv[3], "w");

        if (f)
            fclose(f);
    }
    return 100 + argc + (foo && !strcmp(foo, "bar") ? 50 : 0);
}

/* As %ComSpec%: "/c upcase" copies stdin to stdout in capitals, any other
 * command is echoed as "ran: <words>"; exit code 60 + argc. */
static int interpreter(int argc, char **argv)
{
    int c, i;

    if (argc >= 3 && !strcmp(argv[2], "upcase")) {
        while ((c = getchar()) != EOF)
            putchar(c >= 'a' && c <= 'z' ? c - 32 : c);
    } else {
        printf("ran:");
        for (i = 2; i < argc; i++)
            printf(" %s", argv[i]);
        printf("\n");
    }
    return 60 + argc;
}

int main(int argc, char **argv)
{
    const char *args[6];
    const char *env[] = { "FOO=bar", "SYSTEMROOT=C:\\Windows", NULL };
    wchar_t wself[MAX_PATH];
    const wchar_t *wargs[3];
    char *slash, tmp[MAX_PATH], path_var[MAX_PATH + 8];
    intptr_t r, h;
    int status = -1, i, saved, fd;

    if (argc >= 2 && !strcmp(argv[1], "child"))
        return child(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "/c"))
        return interpreter(argc, argv);
    if (argc >= 3 && !strcmp(argv[1], "exec")) {
        _execl(argv[0], argv[0], "child", "marker", argv[2], NULL);
        return 99;                          /* _execl returned: failure */
    }

    GetModuleFileNameA(NULL, self, sizeof self);
    strcpy(selfdir, self);
    slash = strrchr(selfdir, '\\');
    if (slash)
        *slash = 0;
    /* Work away from the program's directory, so that bare names need PATH. */
    GetTempPathA(sizeof tmp, tmp);
    ok(SetCurrentDirectoryA(tmp), "cd %s", tmp);

    r = _spawnl(_P_WAIT, self, self, "child", "x", NULL);
    ok(r == 103, "_spawnl _P_WAIT returns the exit code: %ld (errno %d)", (long)r, errno);

    args[0] = self;
    args[1] = "child";
    args[2] = "a b";
    args[3] = NULL;
    r = _spawnv(_P_WAIT, self, args);
    ok(r == 104, "_spawnv joins argv with spaces, unquoted: %ld", (long)r);

    r = _spawnle(_P_WAIT, self, self, "child", NULL, env);
    ok(r == 152, "_spawnle passes its environment: %ld", (long)r);
    args[2] = NULL;
    r = _spawnve(_P_WAIT, self, args, env);
    ok(r == 152, "_spawnve passes its environment: %ld", (long)r);
    r = _spawnv(_P_WAIT, self, args);
    ok(r == 102, "_spawnv inherits ours (no FOO): %ld", (long)r);

    h = _spawnl(_P_NOWAIT, self, self, "child", "1", "2", NULL);
    ok(h != -1 && h != 0, "_spawnl _P_NOWAIT returns a process handle: %ld", (long)h);
    r = _cwait(&status, h, _WAIT_CHILD);
    ok(r == h && status == 104, "_cwait: %ld, status %d", (long)r, status);
    errno = 0;
    ok(_cwait(&status, h, _WAIT_CHILD) == -1 && errno == ECHILD,
       "_cwait on a closed handle: -1, ECHILD (%d)", errno);

    /* Bare name: not in the current directory, found on PATH, .exe implied. */
    snprintf(path_var, sizeof path_var, "PATH=%s", selfdir);
    _putenv(path_var);
    args[0] = "crt_spawn";
    args[1] = "child";
    args[2] = NULL;
    errno = 0;
    r = _spawnv(_P_WAIT, "crt_spawn", args);
    ok(r == -1 && errno == ENOENT, "_spawnv does not search PATH: %ld, errno %d", (long)r, errno);
    r = _spawnvp(_P_WAIT, "crt_spawn", args);
    ok(r == 102, "_spawnvp searches PATH and adds .exe: %ld (errno %d)", (long)r, errno);
    r = _spawnlp(_P_WAIT, "crt_spawn.exe", "crt_spawn", "child", "z", NULL);
    ok(r == 103, "_spawnlp: %ld", (long)r);

    /* Wide. */
    MultiByteToWideChar(CP_ACP, 0, self, -1, wself, MAX_PATH);
    wargs[0] = wself;
    wargs[1] = L"child";
    wargs[2] = NULL;
    r = _wspawnv(_P_WAIT, wself, wargs);
    ok(r == 102, "_wspawnv: %ld", (long)r);

    /* _execl: the exec'ing process ends with 0 at once; the new one runs. */
    snprintf(marker, sizeof marker, "%scrt_spawn_marker_%lu", tmp, GetCurrentProcessId());
    DeleteFileA(marker);
    r = _spawnl(_P_WAIT, self, self, "exec", marker, NULL);
    ok(r == 0, "a process that called _execl ends with 0: %ld", (long)r);
    for (i = 0; i < 500 && GetFileAttributesA(marker) == INVALID_FILE_ATTRIBUTES; i++)
        Sleep(10);
    ok(i < 500, "the program _execl started ran (marker %s)", marker);
    DeleteFileA(marker);

    /* Failures. */
    errno = 0;
    ok(_spawnl(_P_WAIT, "no-such-program.exe", "no-such-program.exe", NULL) == -1 && errno == ENOENT,
       "missing program: -1, ENOENT (%d)", errno);
    errno = 0;
    ok(_spawnl(99, self, self, NULL) == -1 && errno == EINVAL, "bad mode: -1, EINVAL (%d)", errno);
    errno = 0;
    args[0] = NULL;
    ok(_spawnv(_P_WAIT, self, args) == -1 && errno == EINVAL, "empty argv: -1, EINVAL (%d)", errno);

    /* system: no command interpreter unless one is installed (libwow64
     * ships none): system(NULL) is 0, system(cmd) -1, both ENOENT. */
    _putenv("COMSPEC=");
    errno = 0;
    ok(_popen("echo hi", "r") == NULL && errno == ENOENT, "_popen without an interpreter: NULL, ENOENT (%d)", errno);
    errno = 0;
    ok(system(NULL) == 0 && errno == ENOENT, "system(NULL) without an interpreter: 0, ENOENT (%d)", errno);
    errno = 0;
    ok(system("echo hello") == -1 && errno == ENOENT, "system(cmd) without an interpreter: -1, ENOENT (%d)", errno);
    /* With %ComSpec% naming a program, system runs "%ComSpec% /c command". */
    snprintf(path_var, sizeof path_var, "COMSPEC=%s", self);
    _putenv(path_var);
    ok(system(NULL) == 1, "system(NULL) with an interpreter: nonzero");
    /* This program as the interpreter: it gets "/c" and the command. */
    fflush(stdout);
    r = system("one two");
    ok(r == 64, "system runs %%ComSpec%% /c command and returns its exit code: %ld", (long)r);

    /* _popen "r": the command's stdout; "w": its stdin. */
    {
        char line[128] = "";
        FILE *f = _popen("three words here", "r");

        ok(f != NULL, "_popen r: errno %d", errno);
        if (f) {
            ok(fgets(line, sizeof line, f) && !strcmp(line, "ran: three words here\n"), "read [%s]", line);
            ok(_pclose(f) == 65, "_pclose returns the exit code (60 + argc)");
        }
        snprintf(marker, sizeof marker, "%scrt_spawn_popen_%lu", tmp, GetCurrentProcessId());
        /* The command's stdout (our descriptor 1) goes to a file meanwhile. */
        fflush(stdout);
        saved = _dup(1);
        fd = _open(marker, _O_CREAT | _O_TRUNC | _O_WRONLY, _S_IREAD | _S_IWRITE);
        _dup2(fd, 1);
        _close(fd);
        f = _popen("upcase", "w");
        _dup2(saved, 1);
        _close(saved);
        ok(f != NULL, "_popen w: errno %d", errno);
        if (f) {
            fputs("shout this\n", f);
            ok(_pclose(f) == 63, "_pclose after writing");
        }
        f = fopen(marker, "r");
        line[0] = 0;
        ok(f && fgets(line, sizeof line, f) && !strcmp(line, "SHOUT THIS\n"), "the command read our stream: [%s]", line);
        if (f)
            fclose(f);
        DeleteFileA(marker);
        errno = 0;
        ok(_pclose(stdin) == -1 && errno == EINVAL, "_pclose of another stream: -1, EINVAL (%d)", errno);
    }
    return test_summary();
}
