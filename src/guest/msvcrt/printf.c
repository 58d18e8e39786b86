/* The printf family's entry points: stream, string and counting variants,
 * narrow and wide, all on crt_format (printf_core.c).
 *
 * String variants keep msvcrt's contracts: sprintf/vsprintf are unbounded;
 * _snprintf/_vsnprintf (and the wide _snwprintf) store at most `count`
 * characters, add the terminator only if it fits, and return -1 when the
 * output was cut; snprintf/vsnprintf (C99, exported for MinGW's sake)
 * always terminate and return the full length; swprintf/vswprintf have
 * msvcrt.dll's old signature without a count. */
#include "crtio.h"

/* A sink into a locked stream (its temporary console buffer set up). */
struct file_sink {
    struct crt_sink base;
    FILE *f;
};

static int file_put(struct crt_sink *s, const void *units, int n)
{
    FILE *f = ((struct file_sink *)s)->f;
    const crt_wchar *w = units;
    int i;

    if (!s->wide)
        return crt_fwrite_lk(units, 1, (size_t)n, f) == (size_t)n ? 0 : -1;
    for (i = 0; i < n; i++)
        if (crt_fputwc_lk(w[i], f) == CRT_WEOF)
            return -1;
    return 0;
}

static int stream_format(FILE *f, const void *fmt, int wide, va_list ap)
{
    return crt_stream_format_opt(f, fmt, wide, CRT_FMT_DEFAULT, ap);
}

int crt_stream_format_opt(FILE *f, const void *fmt, int wide, unsigned options, va_list ap)
{
    struct file_sink sink;
    int r, tmp;

    if (!f || !fmt) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    sink.base.wide = wide;
    sink.base.put = file_put;
    sink.f = f;
    crt_lock_file(f);
    tmp = crt_stbuf(f);
    r = crt_format_opt(&sink.base, fmt, wide, options, ap);
    crt_ftbuf(tmp, f);
    crt_unlock_file(f);
    return r;
}

int __cdecl vfprintf(FILE *f, const char *fmt, va_list ap)
{
    return stream_format(f, fmt, 0, ap);
}

int __cdecl fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_format(f, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vprintf(const char *fmt, va_list ap)
{
    return stream_format(crt_stdout, fmt, 0, ap);
}

int __cdecl printf(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_format(crt_stdout, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vfwprintf(FILE *f, const crt_wchar *fmt, va_list ap)
{
    return stream_format(f, fmt, 1, ap);
}

int __cdecl fwprintf(FILE *f, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_format(f, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl vwprintf(const crt_wchar *fmt, va_list ap)
{
    return stream_format(crt_stdout, fmt, 1, ap);
}

int __cdecl wprintf(const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_format(crt_stdout, fmt, 1, ap);
    va_end(ap);
    return r;
}

/* Formats into buf (cap units); *len gets the full length. */
static int string_format(void *buf, size_t cap, size_t *len, const void *fmt, int wide,
                         va_list ap)
{
    struct crt_strsink s;
    int r;

    crt_strsink_init(&s, buf, cap, wide);
    r = crt_format(&s.base, fmt, wide, ap);
    *len = s.len;
    return r;
}

static void terminate(void *buf, size_t at, int wide)
{
    if (wide)
        ((crt_wchar *)buf)[at] = 0;
    else
        ((char *)buf)[at] = 0;
}

/* sprintf/vsprintf/vswprintf: no bound. */
static int unbounded(void *buf, const void *fmt, int wide, va_list ap)
{
    size_t len;
    int r;

    if (!buf || !fmt) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    r = string_format(buf, (size_t)-1 / 4, &len, fmt, wide, ap);
    if (r >= 0)
        terminate(buf, len, wide);
    return r;
}

/* _snprintf/_vsnprintf/_snwprintf/_vsnwprintf. */
static int ms_bounded(void *buf, size_t count, const void *fmt, int wide, va_list ap)
{
    size_t len;
    int r;

    if (!fmt || (!buf && count)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    r = string_format(buf, count, &len, fmt, wide, ap);
    if (r < 0)
        return -1;
    if (!buf)
        return (int)len;
    if (len < count)
        terminate(buf, len, wide);
    return len > count ? -1 : (int)len;
}

/* snprintf/vsnprintf of C99. */
static int c99_bounded(void *buf, size_t count, const void *fmt, int wide, va_list ap)
{
    size_t len;
    int r;

    if (!fmt || (!buf && count)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    r = string_format(buf, count ? count - 1 : 0, &len, fmt, wide, ap);
    if (r < 0)
        return -1;
    if (count)
        terminate(buf, len < count - 1 ? len : count - 1, wide);
    return (int)len;
}

/* The _s variants: a result that does not fit empties the buffer (or, with
 * _TRUNCATE, is cut) and returns -1. */
#define CRT_TRUNCATE ((size_t)-1)

static int secure_bounded(void *buf, size_t size, size_t count, const void *fmt, int wide,
                          va_list ap)
{
    size_t len, limit;
    int r;

    if (!buf || !size || !fmt) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    limit = count == CRT_TRUNCATE || count >= size ? size - 1 : count;
    r = string_format(buf, limit, &len, fmt, wide, ap);
    if (r < 0) {
        terminate(buf, 0, wide);
        return -1;
    }
    if (len <= limit) {
        terminate(buf, len, wide);
        return (int)len;
    }
    if (count == CRT_TRUNCATE || count < size) {
        terminate(buf, limit, wide);
        return -1;
    }
    terminate(buf, 0, wide);
    crt_errno = CRT_ERANGE;
    return -1;
}

int __cdecl vsprintf(char *buf, const char *fmt, va_list ap)
{
    return unbounded(buf, fmt, 0, ap);
}

int __cdecl sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = unbounded(buf, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vswprintf(crt_wchar *buf, const crt_wchar *fmt, va_list ap)
{
    return unbounded(buf, fmt, 1, ap);
}

int __cdecl swprintf(crt_wchar *buf, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = unbounded(buf, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl _vsnprintf(char *buf, size_t count, const char *fmt, va_list ap)
{
    return ms_bounded(buf, count, fmt, 0, ap);
}

int __cdecl _snprintf(char *buf, size_t count, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = ms_bounded(buf, count, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vsnwprintf(crt_wchar *buf, size_t count, const crt_wchar *fmt, va_list ap)
{
    return ms_bounded(buf, count, fmt, 1, ap);
}

int __cdecl _snwprintf(crt_wchar *buf, size_t count, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = ms_bounded(buf, count, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl vsnprintf(char *buf, size_t count, const char *fmt, va_list ap)
{
    return c99_bounded(buf, count, fmt, 0, ap);
}

int __cdecl snprintf(char *buf, size_t count, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = c99_bounded(buf, count, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vscprintf(const char *fmt, va_list ap)
{
    return ms_bounded(NULL, 0, fmt, 0, ap);
}

int __cdecl _scprintf(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = ms_bounded(NULL, 0, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vscwprintf(const crt_wchar *fmt, va_list ap)
{
    return ms_bounded(NULL, 0, fmt, 1, ap);
}

int __cdecl _scwprintf(const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = ms_bounded(NULL, 0, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl vsprintf_s(char *buf, size_t size, const char *fmt, va_list ap)
{
    return secure_bounded(buf, size, size, fmt, 0, ap);
}

int __cdecl sprintf_s(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = secure_bounded(buf, size, size, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _vsnprintf_s(char *buf, size_t size, size_t count, const char *fmt, va_list ap)
{
    return secure_bounded(buf, size, count, fmt, 0, ap);
}

int __cdecl _snprintf_s(char *buf, size_t size, size_t count, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = secure_bounded(buf, size, count, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vswprintf_s(crt_wchar *buf, size_t size, const crt_wchar *fmt, va_list ap)
{
    return secure_bounded(buf, size, size, fmt, 1, ap);
}

int __cdecl swprintf_s(crt_wchar *buf, size_t size, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = secure_bounded(buf, size, size, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl _vsnwprintf_s(crt_wchar *buf, size_t size, size_t count, const crt_wchar *fmt,
                          va_list ap)
{
    return secure_bounded(buf, size, count, fmt, 1, ap);
}

int __cdecl _snwprintf_s(crt_wchar *buf, size_t size, size_t count, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = secure_bounded(buf, size, count, fmt, 1, ap);
    va_end(ap);
    return r;
}

/* The console printf (_cprintf) writes to the console output handle. */
int __cdecl _cputs(const char *s);

int __cdecl _vcprintf(const char *fmt, va_list ap)
{
    char buf[1024];
    size_t len;
    va_list ap2;
    int r;

    va_copy(ap2, ap);
    r = string_format(buf, sizeof(buf) - 1, &len, fmt, 0, ap2);
    va_end(ap2);
    if (r < 0)
        return -1;
    if (len < sizeof(buf)) {
        buf[len] = 0;
        return _cputs(buf) ? -1 : r;
    } else {
        char *big = malloc(len + 1);
        if (!big)
            return -1;
        string_format(big, len, &len, fmt, 0, ap);
        big[len] = 0;
        r = _cputs(big) ? -1 : r;
        free(big);
        return r;
    }
}

int __cdecl _cprintf(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = _vcprintf(fmt, ap);
    va_end(ap);
    return r;
}
