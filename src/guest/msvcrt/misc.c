/* Odds and ends: msvcrt's numbered locks, FIXME logging, rand/srand, the
 * app type and the error-mode switches. */
#include "crtio.h"

static CRITICAL_SECTION locks[CRT_TOTAL_LOCKS];

void crt_locks_init(void)
{
    int i;

    for (i = 0; i < CRT_TOTAL_LOCKS; i++)
        InitializeCriticalSection(&locks[i]);
}

/* _lock/_unlock: MinGW's startup code takes _EXIT_LOCK1 (8) around its
 * atexit list. Numbers outside msvcrt's table are ignored. */
void __cdecl _lock(int n)
{
    if (n >= 0 && n < CRT_TOTAL_LOCKS)
        EnterCriticalSection(&locks[n]);
}

void __cdecl _unlock(int n)
{
    if (n >= 0 && n < CRT_TOTAL_LOCKS)
        LeaveCriticalSection(&locks[n]);
}

/* Logs "fixme:msvcrt:<func>" through ntdll's logging service. */
void crt_fixme(const char *func)
{
    char msg[96];
#ifdef CRT_UCRT
    static const char prefix[] = "fixme:ucrtbase:";
#else
    static const char prefix[] = "fixme:msvcrt:";
#endif
    size_t n = sizeof(prefix) - 1, k = strlen(func);

    if (k > sizeof(msg) - n - 2)
        k = sizeof(msg) - n - 2;
    memcpy(msg, prefix, n);
    memcpy(msg + n, func, k);
    msg[n + k] = '\n';
    msg[n + k + 1] = 0;
    Wow64LogMessage(0, msg);
}

/* Microsoft's generator, per thread: seed = seed * 214013 + 2531011,
 * result bits 16..30. The seed starts at 1. */
int __cdecl rand(void)
{
    struct crt_thread *t = crt_thread_data();

    t->rand_seed = t->rand_seed * 214013u + 2531011u;
    return (int)((t->rand_seed >> 16) & 0x7fff);
}

void __cdecl srand(unsigned int seed)
{
    crt_thread_data()->rand_seed = seed;
}

int crt_app_type;
static int error_mode;

void __cdecl __set_app_type(int type)
{
    crt_app_type = type;
}

int __cdecl _set_error_mode(int mode)
{
    int old = error_mode;

    if (mode == 3)          /* _REPORT_ERRMODE */
        return old;
    if (mode < 0 || mode > 2) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    error_mode = mode;
    return old;
}

unsigned int __cdecl _get_output_format(void)
{
    return crt_output_format;
}

unsigned int __cdecl _set_output_format(unsigned int fmt)
{
    unsigned int old = crt_output_format;

    crt_output_format = fmt & 1;
    return old;
}

/* Math error handler registration (__setusermatherr): kept so _matherr
 * callers see it, though our math functions report through errno. */
typedef int(__cdecl *matherr_fn)(void *);
static matherr_fn user_matherr;

void __cdecl __setusermatherr(matherr_fn f)
{
    user_matherr = f;
}

int __cdecl _matherr(void *e)
{
    return 0;
}

unsigned int __cdecl _getpid(void)
{
    return GetCurrentProcessId();
}

unsigned long __cdecl __threadid(void)
{
    return GetCurrentThreadId();
}

void __cdecl _sleep(unsigned long ms)
{
    Sleep(ms);
}

/* The Windows version variables some old programs read. */
unsigned int _osver = 7601, _winmajor = 6, _winminor = 1, _winver = 0x0601;
unsigned int _osplatform = 2;

unsigned int *__cdecl __p__osver(void) { return &_osver; }
unsigned int *__cdecl __p__winmajor(void) { return &_winmajor; }
unsigned int *__cdecl __p__winminor(void) { return &_winminor; }
unsigned int *__cdecl __p__winver(void) { return &_winver; }

/* strtok/wcstok keep their position per thread. */
char *__cdecl strtok(char *s, const char *delim)
{
    return crt_strtok_r(s, delim, &crt_thread_data()->strtok_ctx);
}

crt_wchar *__cdecl wcstok(crt_wchar *s, const crt_wchar *delim)
{
    return crt_wcstok_r(s, delim, &crt_thread_data()->wcstok_ctx);
}

char *__cdecl strtok_s(char *s, const char *delim, char **ctx)
{
    if (!delim || !ctx || (!s && !*ctx)) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    return crt_strtok_r(s, delim, ctx);
}

/* Hooks some start-up code calls. */
int __cdecl __lconv_init(void)
{
    return 0;
}

uintptr_t __cdecl __threadhandle(void)
{
    return (uintptr_t)-2;       /* GetCurrentThread's pseudo-handle */
}
