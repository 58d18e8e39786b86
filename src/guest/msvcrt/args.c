/* The command line and argv: _acmdln/_wcmdln, __argc/__argv/__wargv,
 * _pgmptr, and __getmainargs/__wgetmainargs, which program start-up code
 * (MinGW's and MSVC's) calls to get main's arguments. The split follows
 * Microsoft's rules (cmdline.c). With dowildcard (setargv.obj, MinGW's
 * _dowildcard) the arguments with * or ? outside quotes become the names
 * that match them ("Expanding Wildcard Arguments"). */
#include "crtio.h"

char *_acmdln;
crt_wchar *_wcmdln;
int __argc;
char **__argv;
crt_wchar **__wargv;
char *_pgmptr;
crt_wchar *_wpgmptr;

void crt_wenviron_init(void);
extern char **_environ, **__initenv;
extern crt_wchar **_wenviron, **__winitenv;

/* Splits cmd into one allocation holding the pointers and the strings. */
static char **split(const char *cmd, int *argc)
{
    size_t chars;
    char **argv;

    *argc = crt_parse_cmdline(cmd, NULL, NULL, &chars);
    argv = malloc((*argc + 1) * sizeof(char *) + chars);
    if (argv)
        crt_parse_cmdline(cmd, argv, (char *)(argv + *argc + 1), &chars);
    return argv;
}

static crt_wchar **wsplit(const crt_wchar *cmd, int *argc)
{
    size_t chars;
    crt_wchar **argv;

    *argc = crt_parse_wcmdline(cmd, NULL, NULL, &chars);
    argv = malloc((*argc + 1) * sizeof(crt_wchar *) + chars * sizeof(crt_wchar));
    if (argv)
        crt_parse_wcmdline(cmd, argv, (crt_wchar *)(argv + *argc + 1), &chars);
    return argv;
}

void crt_args_init(void)
{
    char path[520];
    DWORD n;

    _acmdln = _strdup(GetCommandLineA());
    if (!_acmdln)
        _acmdln = "";
    __argv = split(_acmdln, &__argc);
    n = GetModuleFileNameA(NULL, path, sizeof(path));
    path[n < sizeof(path) ? n : sizeof(path) - 1] = 0;
    _pgmptr = _strdup(path);
}

/* wildcard.c */
int crt_wildcard_expand(char ***argv, int *argc);
int crt_wildcard_wexpand(crt_wchar ***argv, int *argc);

/* _startupinfo: { int newmode; } */
int __cdecl __getmainargs(int *argc, char ***argv, char ***envp, int dowildcard, void *si)
{
    static int expanded;

    if (!__argv) {
        crt_errno = CRT_ENOMEM;
        return -1;
    }
    if (dowildcard && !expanded) {
        if (crt_wildcard_expand(&__argv, &__argc)) {
            crt_errno = CRT_ENOMEM;
            return -1;
        }
        expanded = 1;
    }
    *argc = __argc;
    *argv = __argv;
    *envp = _environ;
    if (si)
        _set_new_mode(*(int *)si);
    return 0;
}

int __cdecl __wgetmainargs(int *argc, crt_wchar ***wargv, crt_wchar ***wenvp, int dowildcard,
                           void *si)
{
    static int expanded, wargc;

    if (!_wcmdln)
        _wcmdln = _wcsdup(GetCommandLineW());
    if (!__wargv && _wcmdln)
        __wargv = wsplit(_wcmdln, &wargc);
    crt_wenviron_init();
    if (!__wargv) {
        crt_errno = CRT_ENOMEM;
        return -1;
    }
    if (dowildcard && !expanded) {
        /* The wide vector has its own count once expanded. */
        if (!wargc)
            for (wargc = 0; __wargv[wargc]; wargc++)
                ;
        if (crt_wildcard_wexpand(&__wargv, &wargc)) {
            crt_errno = CRT_ENOMEM;
            return -1;
        }
        __argc = wargc;
        expanded = 1;
    }
    *argc = __argc;
    *wargv = __wargv;
    *wenvp = _wenviron;
    if (si)
        _set_new_mode(*(int *)si);
    return 0;
}

int *__cdecl __p___argc(void)
{
    return &__argc;
}

char ***__cdecl __p___argv(void)
{
    return &__argv;
}

crt_wchar ***__cdecl __p___wargv(void)
{
    if (!__wargv) {
        int n;
        if (!_wcmdln)
            _wcmdln = _wcsdup(GetCommandLineW());
        if (_wcmdln)
            __wargv = wsplit(_wcmdln, &n);
    }
    return &__wargv;
}

char **__cdecl __p__acmdln(void)
{
    return &_acmdln;
}

crt_wchar **__cdecl __p__wcmdln(void)
{
    if (!_wcmdln)
        _wcmdln = _wcsdup(GetCommandLineW());
    return &_wcmdln;
}

char **__cdecl __p__pgmptr(void)
{
    return &_pgmptr;
}

crt_wchar **__cdecl __p__wpgmptr(void)
{
    if (!_wpgmptr) {
        crt_wchar path[520];
        DWORD n = GetModuleFileNameW(NULL, path, 520);
        path[n < 520 ? n : 519] = 0;
        _wpgmptr = _wcsdup(path);
    }
    return &_wpgmptr;
}

int __cdecl _get_pgmptr(char **p)
{
    if (!p)
        return CRT_EINVAL;
    *p = _pgmptr;
    return 0;
}

int __cdecl _get_wpgmptr(crt_wchar **p)
{
    if (!p)
        return CRT_EINVAL;
    *p = *__p__wpgmptr();
    return 0;
}

int *__cdecl __p__fmode(void)
{
    return &_fmode;
}

int *__cdecl __p__commode(void)
{
    return &_commode;
}

int __cdecl _get_fmode(int *mode)
{
    if (!mode)
        return CRT_EINVAL;
    *mode = _fmode;
    return 0;
}

int __cdecl _set_fmode(int mode)
{
    if (mode != _O_TEXT && mode != _O_BINARY && mode != 0)
        return CRT_EINVAL;
    _fmode = mode;
    return 0;
}
