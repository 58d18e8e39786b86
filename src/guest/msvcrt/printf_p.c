/* The positional printf family of msvcrt.dll: _printf_p, _fprintf_p,
 * _sprintf_p, _scprintf_p, _cprintf_p, their v and wide forms. The engine
 * (printf_core.c, CRT_FMT_POSITIONAL) takes "%n$" arguments by position
 * and validates the format; a broken rule returns -1 with errno EINVAL.
 *
 * _sprintf_p/_vsprintf_p (and the wide ones) take the buffer's size: the
 * output is always terminated; output that does not fit is cut, terminated
 * in the last unit and returns -1 (what corecrt_stdio.h's inline
 * _vsprintf_p_l makes of __stdio_common_vsprintf_p's -2). ucrtbase.dll
 * exports none of these: its headers inline them over
 * __stdio_common_v*printf_p (src/guest/ucrtbase/ucrt_stdio.c). */
#include "crtio.h"

#define P_OPT (CRT_FMT_DEFAULT | CRT_FMT_POSITIONAL)

static int stream_p(FILE *f, const void *fmt, int wide, va_list ap)
{
    return crt_stream_format_opt(f, fmt, wide, P_OPT, ap);
}

/* Into buf (count units, terminated), or only measured when buf is NULL
 * and count 0. */
static int string_p(void *buf, size_t count, const void *fmt, int wide, va_list ap)
{
    struct crt_strsink s;
    int r;

    if (!fmt || (!buf && count)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    crt_strsink_init(&s, buf, count, wide);
    r = crt_format_opt(&s.base, fmt, wide, P_OPT, ap);
    if (!buf)
        return r;
    if (!count)
        return -1;
    if (r < 0 || s.len >= count) {
        if (wide)
            ((crt_wchar *)buf)[r < 0 ? 0 : count - 1] = 0;
        else
            ((char *)buf)[r < 0 ? 0 : count - 1] = 0;
        return -1;
    }
    if (wide)
        ((crt_wchar *)buf)[s.len] = 0;
    else
        ((char *)buf)[s.len] = 0;
    return r;
}

int __cdecl _vfprintf_p(FILE *f, const char *fmt, va_list ap)
{
    return stream_p(f, fmt, 0, ap);
}

int __cdecl _fprintf_p(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_p(f, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vprintf_p(const char *fmt, va_list ap)
{
    return stream_p(crt_stdout, fmt, 0, ap);
}

int __cdecl _printf_p(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_p(crt_stdout, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vfwprintf_p(FILE *f, const crt_wchar *fmt, va_list ap)
{
    return stream_p(f, fmt, 1, ap);
}

int __cdecl _fwprintf_p(FILE *f, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_p(f, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl _vwprintf_p(const crt_wchar *fmt, va_list ap)
{
    return stream_p(crt_stdout, fmt, 1, ap);
}

int __cdecl _wprintf_p(const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_p(crt_stdout, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl _vsprintf_p(char *buf, size_t count, const char *fmt, va_list ap)
{
    return string_p(buf, count, fmt, 0, ap);
}

int __cdecl _sprintf_p(char *buf, size_t count, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_p(buf, count, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vswprintf_p(crt_wchar *buf, size_t count, const crt_wchar *fmt, va_list ap)
{
    return string_p(buf, count, fmt, 1, ap);
}

int __cdecl _swprintf_p(crt_wchar *buf, size_t count, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_p(buf, count, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl _vscprintf_p(const char *fmt, va_list ap)
{
    return string_p(NULL, 0, fmt, 0, ap);
}

int __cdecl _scprintf_p(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_p(NULL, 0, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vscwprintf_p(const crt_wchar *fmt, va_list ap)
{
    return string_p(NULL, 0, fmt, 1, ap);
}

int __cdecl _scwprintf_p(const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_p(NULL, 0, fmt, 1, ap);
    va_end(ap);
    return r;
}

/* The console forms: formatted, then written with _cputs. Also the engine
 * of ucrtbase's __conio_common_vcprintf_p (options given). */
int __cdecl _cputs(const char *s);

int crt_console_format_opt(const char *fmt, unsigned opt, va_list ap)
{
    struct crt_strsink s;
    char small[1024], *big;
    size_t len;
    va_list ap2;
    int r;

    if (!fmt) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    va_copy(ap2, ap);
    crt_strsink_init(&s, small, sizeof small - 1, 0);
    r = crt_format_opt(&s.base, fmt, 0, opt, ap2);
    va_end(ap2);
    if (r < 0)
        return -1;
    len = s.len;
    if (len < sizeof small) {
        small[len] = 0;
        return _cputs(small) ? -1 : r;
    }
    big = malloc(len + 1);
    if (!big)
        return -1;
    crt_strsink_init(&s, big, len, 0);
    crt_format_opt(&s.base, fmt, 0, opt, ap);
    big[len] = 0;
    r = _cputs(big) ? -1 : r;
    free(big);
    return r;
}

int __cdecl _vcprintf_p(const char *fmt, va_list ap)
{
    return crt_console_format_opt(fmt, P_OPT, ap);
}

int __cdecl _cprintf_p(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = crt_console_format_opt(fmt, P_OPT, ap);
    va_end(ap);
    return r;
}
