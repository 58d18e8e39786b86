/* The scanf family's entry points on crt_scan (scanf_core.c): strings,
 * counted strings and streams, narrow and wide. The _s variants, which take
 * a size after each %s/%c/%[ buffer, are not provided by this engine. */
#include "crtio.h"

struct file_source {
    struct crt_source base;
    FILE *f;
};

static int file_get(struct crt_source *s)
{
    FILE *f = ((struct file_source *)s)->f;
    int c = s->wide ? crt_fgetwc_lk(f) : crt_fgetc_lk(f);

    if (s->wide)
        return c == CRT_WEOF ? -1 : c;
    return c;
}

static void file_unget(struct crt_source *s, int c)
{
    FILE *f = ((struct file_source *)s)->f;

    if (s->wide) {
        /* Binary streams push back two bytes, text ones the character. */
        char mb[8];
        int n = crt_wctomb_cp(mb, (crt_wchar)c);
        if (n == 1)
            crt_ungetc_lk((unsigned char)mb[0], f);
    } else {
        crt_ungetc_lk(c, f);
    }
}

static int stream_scan(FILE *f, const void *fmt, int wide, va_list ap)
{
    return crt_stream_scan_opt(f, fmt, wide, CRT_SCAN_DEFAULT, ap);
}

int crt_stream_scan_opt(FILE *f, const void *fmt, int wide, unsigned options, va_list ap)
{
    struct file_source src;
    int r;

    if (!f || !fmt) {
        crt_errno = CRT_EINVAL;
        return CRT_EOF;
    }
    src.base.wide = wide;
    src.base.get = file_get;
    src.base.unget = file_unget;
    src.f = f;
    crt_lock_file(f);
    r = crt_scan_opt(&src.base, fmt, wide, options, ap);
    crt_unlock_file(f);
    return r;
}

static int string_scan(const void *str, size_t len, const void *fmt, int wide, va_list ap)
{
    struct crt_strsource src;

    if (!str || !fmt) {
        crt_errno = CRT_EINVAL;
        return CRT_EOF;
    }
    crt_strsource_init(&src, str, len, wide);
    return crt_scan(&src.base, fmt, wide, ap);
}

int __cdecl vsscanf(const char *s, const char *fmt, va_list ap)
{
    return string_scan(s, (size_t)-1, fmt, 0, ap);
}

int __cdecl sscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_scan(s, (size_t)-1, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl _snscanf(const char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_scan(s, n, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vswscanf(const crt_wchar *s, const crt_wchar *fmt, va_list ap)
{
    return string_scan(s, (size_t)-1, fmt, 1, ap);
}

int __cdecl swscanf(const crt_wchar *s, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_scan(s, (size_t)-1, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl _snwscanf(const crt_wchar *s, size_t n, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = string_scan(s, n, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl vfscanf(FILE *f, const char *fmt, va_list ap)
{
    return stream_scan(f, fmt, 0, ap);
}

int __cdecl fscanf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_scan(f, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vscanf(const char *fmt, va_list ap)
{
    return stream_scan(crt_stdin, fmt, 0, ap);
}

int __cdecl scanf(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_scan(crt_stdin, fmt, 0, ap);
    va_end(ap);
    return r;
}

int __cdecl vfwscanf(FILE *f, const crt_wchar *fmt, va_list ap)
{
    return stream_scan(f, fmt, 1, ap);
}

int __cdecl fwscanf(FILE *f, const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_scan(f, fmt, 1, ap);
    va_end(ap);
    return r;
}

int __cdecl vwscanf(const crt_wchar *fmt, va_list ap)
{
    return stream_scan(crt_stdin, fmt, 1, ap);
}

int __cdecl wscanf(const crt_wchar *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = stream_scan(crt_stdin, fmt, 1, ap);
    va_end(ap);
    return r;
}
