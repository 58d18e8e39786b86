/* ucrtbase.dll's start-up and run-time interface, what the start-up code
 * of UCRT programs (MSVC's vcstartup, MinGW-w64's crtexe with
 * ucrtbase_compat) calls in place of msvcrt's __getmainargs and _onexit:
 * argv and environment configuration, onexit tables, the application
 * type, the invalid-parameter handler and quick_exit.
 *
 * argv and the environment are built when the DLL attaches (args.c,
 * environ.c), so the _configure/_initialize calls only make sure the
 * wide forms exist. */
#include "../msvcrt/crtio.h"

typedef void(__cdecl *vfn)(void);
typedef void(__cdecl *invalid_parameter_fn)(const crt_wchar *expr, const crt_wchar *func,
                                            const crt_wchar *file, unsigned int line,
                                            uintptr_t reserved);

extern crt_wchar **__winitenv;
extern crt_wchar **_wenviron;
void crt_wenviron_init(void);
crt_wchar ***__cdecl __p___wargv(void);
crt_wchar **__cdecl __p__wcmdln(void);
void __cdecl __set_app_type(int type);

/* _crt_argv_mode: 0 none, 1 unexpanded, 2 expanded (wildcards). */
/* wildcard.c */
int crt_wildcard_expand(char ***argv, int *argc);
int crt_wildcard_wexpand(crt_wchar ***argv, int *argc);

int __cdecl _configure_narrow_argv(int mode)
{
    static int expanded;

    if (mode == 2 && !expanded) {
        if (crt_wildcard_expand(&__argv, &__argc))
            return CRT_ENOMEM;
        expanded = 1;
    }
    return 0;
}

int __cdecl _configure_wide_argv(int mode)
{
    static int expanded;
    crt_wchar ***wargv = __p___wargv();
    int wargc = 0;

    if (!*wargv)
        return CRT_ENOMEM;
    if (mode == 2 && !expanded) {
        while ((*wargv)[wargc])
            wargc++;
        if (crt_wildcard_wexpand(wargv, &wargc))
            return CRT_ENOMEM;
        __argc = wargc;
        expanded = 1;
    }
    return 0;
}

int __cdecl _initialize_narrow_environment(void)
{
    return _environ ? 0 : -1;
}

int __cdecl _initialize_wide_environment(void)
{
    crt_wenviron_init();
    return _wenviron ? 0 : -1;
}

char **__cdecl _get_initial_narrow_environment(void)
{
    return __initenv;
}

crt_wchar **__cdecl _get_initial_wide_environment(void)
{
    crt_wenviron_init();
    return __winitenv;
}

/* The command line after the program name, as WinMain receives it: the
 * name ends at the closing quote or the first blank; blanks after it go. */
char *__cdecl _get_narrow_winmain_command_line(void)
{
    const char *p = _acmdln;
    int quoted = 0;

    if (!p)
        return (char *)"";
    while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
        if (*p == '"')
            quoted = !quoted;
        p++;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    return (char *)p;
}

crt_wchar *__cdecl _get_wide_winmain_command_line(void)
{
    static const crt_wchar empty[1];
    const crt_wchar *p = *__p__wcmdln();
    int quoted = 0;

    if (!p)
        return (crt_wchar *)empty;
    while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
        if (*p == '"')
            quoted = !quoted;
        p++;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    return (crt_wchar *)p;
}

/* _onexit_table_t: first, last (one past the newest), end of the array. */
struct onexit_table {
    vfn *first, *last, *end;
};

int __cdecl _initialize_onexit_table(struct onexit_table *t)
{
    if (!t)
        return -1;
    if (!t->first)
        t->first = t->last = t->end = NULL;
    return 0;
}

int __cdecl _register_onexit_function(struct onexit_table *t, vfn f)
{
    int r = 0;

    if (!t)
        return -1;
    _lock(CRT_LOCK_EXIT);
    if (t->last == t->end) {
        size_t n = t->last - t->first, cap = n ? n * 2 : 32;
        vfn *a = realloc(t->first, cap * sizeof(vfn));
        if (a) {
            t->first = a;
            t->last = a + n;
            t->end = a + cap;
        } else {
            r = -1;
        }
    }
    if (!r)
        *t->last++ = f;
    _unlock(CRT_LOCK_EXIT);
    return r;
}

/* Runs the functions newest first and empties the table; functions that
 * register more while it runs get run too. */
int __cdecl _execute_onexit_table(struct onexit_table *t)
{
    vfn *first, *last;

    if (!t)
        return -1;
    for (;;) {
        _lock(CRT_LOCK_EXIT);
        first = t->first;
        last = t->last;
        t->first = t->last = t->end = NULL;
        _unlock(CRT_LOCK_EXIT);
        if (first == last) {
            free(first);
            return 0;
        }
        while (last > first)
            if (*--last)
                (*last)();
        free(first);
    }
}

/* atexit of the program: the list exit() runs (exit.c). */
int __cdecl _crt_atexit(vfn f)
{
    return atexit(f);
}

static struct onexit_table quick_exit_table;

int __cdecl _crt_at_quick_exit(vfn f)
{
    return _register_onexit_function(&quick_exit_table, f);
}

void __cdecl quick_exit(int code)
{
    _execute_onexit_table(&quick_exit_table);
    _exit(code);
}

void __cdecl _set_app_type(int type)
{
    __set_app_type(type);
}

int __cdecl _query_app_type(void)
{
    return crt_app_type;
}

/* The invalid-parameter handler: without one, ucrtbase ends the process
 * as __fastfail(FAST_FAIL_INVALID_ARG) does, with STATUS_STACK_BUFFER_OVERRUN. */
static invalid_parameter_fn invalid_parameter_handler;

invalid_parameter_fn __cdecl _set_invalid_parameter_handler(invalid_parameter_fn f)
{
    return __atomic_exchange_n(&invalid_parameter_handler, f, __ATOMIC_SEQ_CST);
}

invalid_parameter_fn __cdecl _get_invalid_parameter_handler(void)
{
    return invalid_parameter_handler;
}

invalid_parameter_fn __cdecl _set_thread_local_invalid_parameter_handler(invalid_parameter_fn f)
{
    CRT_FIXME("_set_thread_local_invalid_parameter_handler");
    return NULL;
}

invalid_parameter_fn __cdecl _get_thread_local_invalid_parameter_handler(void)
{
    return NULL;
}

void __cdecl _invoke_watson(const crt_wchar *expr, const crt_wchar *func, const crt_wchar *file,
                            unsigned int line, uintptr_t reserved)
{
    TerminateProcess(GetCurrentProcess(), 0xC0000409);
    for (;;)
        ;
}

void __cdecl _invalid_parameter_noinfo(void)
{
    invalid_parameter_fn f = invalid_parameter_handler;

    if (f) {
        f(NULL, NULL, NULL, 0, 0);
        return;
    }
    _invoke_watson(NULL, NULL, NULL, 0, 0);
}

void __cdecl _invalid_parameter_noinfo_noreturn(void)
{
    _invalid_parameter_noinfo();
    _invoke_watson(NULL, NULL, NULL, 0, 0);
}

void __cdecl _crt_debugger_hook(int reserved)
{
}

/* abort's behaviour flags: _WRITE_ABORT_MSG (1), _CALL_REPORTFAULT (2). */
static unsigned int abort_behavior = 3;

unsigned int __cdecl _set_abort_behavior(unsigned int flags, unsigned int mask)
{
    unsigned int old = abort_behavior;

    abort_behavior = (old & ~mask) | (flags & mask);
    return old;
}

/* _configthreadlocale: the mode is recorded and reported, but locales are
 * per process here: with _ENABLE_PER_THREAD_LOCALE (1) a thread's
 * setlocale still changes every thread's locale (FIXME). */
int __cdecl _configthreadlocale(int type)
{
    static int mode = 2;
    int old = mode;

    if (type == 1)
        CRT_FIXME("_configthreadlocale(_ENABLE_PER_THREAD_LOCALE): locales stay per process");
    if (type == 1 || type == 2)
        mode = type;
    else if (type != 0 && type != -1) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    return old;
}

typedef void(__cdecl *terminate_fn)(void);
terminate_fn __cdecl crt_set_terminate(terminate_fn f);

terminate_fn __cdecl _get_terminate(void)
{
    terminate_fn f = crt_set_terminate(NULL);

    crt_set_terminate(f);
    return f;
}

/* C99 functions msvcrt.dll lacked. */
typedef struct {
    crt_int64 quot, rem;
} ucrt_lldiv_t;

ucrt_lldiv_t __cdecl lldiv(crt_int64 num, crt_int64 den)
{
    ucrt_lldiv_t r = { num / den, num % den };

    return r;
}

int __cdecl _get_timezone(crt_long *seconds)
{
    extern crt_long _timezone;

    if (!seconds) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    *seconds = _timezone;
    return 0;
}

int __cdecl _get_daylight(int *hours)
{
    extern int _daylight;

    if (!hours) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    *hours = _daylight;
    return 0;
}

int __cdecl _get_dstbias(crt_long *seconds)
{
    extern crt_long _dstbias;

    if (!seconds) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    *seconds = _dstbias;
    return 0;
}
