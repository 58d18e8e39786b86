/* ucrtbase.dll's stdio entry points. The Universal CRT exports no printf or
 * scanf: its headers inline them as calls to __stdio_common_* with an
 * options word (corecrt_stdio_config.h) and a locale (ignored: only "C").
 * All of them end in the shared engines, crt_format_opt and crt_scan_opt,
 * which interpret the option bits.
 *
 * The string printf contract by options (Microsoft's documentation of
 * _snprintf, snprintf and vsnprintf, and the results Wine's ucrtbase tests
 * record):
 * - _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR (snprintf, vsnprintf,
 *   _vscprintf): always terminated, returns the full length;
 * - LEGACY_VSPRINTF_NULL_TERMINATION (_snprintf, _vsnprintf): terminated
 *   only when there is room; -1 when the output was cut;
 * - neither (vsprintf, vswprintf): cut output is terminated in the last
 *   unit and the result is -2 (-1 with an empty buffer);
 * - a NULL buffer with count 0 measures. */
#include "../msvcrt/crtio.h"

typedef crt_uint64 ucrt_options;

/* The documented bits; CRT_FMT_MSVCRT and CRT_FMT_POSITIONAL are never
 * taken from a caller. */
#define PRINTF_BITS 0x1fu
#define SCANF_BITS 0x7u
#define CRT_TRUNCATE ((size_t)-1)

extern int crt_printf_count_output;

static int string_format(void *buf, size_t cap, size_t *len, const void *fmt, int wide,
                         unsigned opt, va_list ap)
{
    struct crt_strsink s;
    int r;

    crt_strsink_init(&s, buf, cap, wide);
    r = crt_format_opt(&s.base, fmt, wide, opt, ap);
    *len = s.len;
    return r;
}

static void put0(void *buf, size_t at, int wide)
{
    if (wide)
        ((crt_wchar *)buf)[at] = 0;
    else
        ((char *)buf)[at] = 0;
}

static int common_vsprintf(ucrt_options options, void *buf, size_t count, const void *fmt,
                           int wide, va_list ap)
{
    unsigned opt = (unsigned)options & (PRINTF_BITS | CRT_FMT_POSITIONAL);
    size_t len;
    int r;

    if (!fmt || (!buf && count)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    r = string_format(buf, count, &len, fmt, wide, opt, ap);
    if (r < 0) {
        if (buf && count)
            put0(buf, 0, wide);
        return -1;
    }
    if (!buf)
        return (int)len;
    if (opt & CRT_FMT_LEGACY_VSPRINTF_NULL_TERMINATION) {
        if (len < count)
            put0(buf, len, wide);
        return len > count ? -1 : (int)len;
    }
    if (len >= count) {
        if (count)
            put0(buf, count - 1, wide);
        if (opt & CRT_FMT_STANDARD_SNPRINTF_BEHAVIOR)
            return (int)len;
        return count ? -2 : -1;
    }
    put0(buf, len, wide);
    return (int)len;
}

/* The _s forms: output that does not fit empties the buffer (ERANGE), or
 * with count _TRUNCATE (or a count that fits the buffer) is cut and
 * terminated, returning -1. */
static int common_vsnprintf_s(ucrt_options options, void *buf, size_t size, size_t count,
                              const void *fmt, int wide, va_list ap)
{
    unsigned opt = (unsigned)options & PRINTF_BITS;
    size_t len, limit;
    int r;

    if (!buf || !size || !fmt) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    limit = count == CRT_TRUNCATE || count >= size ? size - 1 : count;
    r = string_format(buf, limit, &len, fmt, wide, opt, ap);
    if (r < 0) {
        put0(buf, 0, wide);
        return -1;
    }
    if (len <= limit) {
        put0(buf, len, wide);
        return (int)len;
    }
    if (count == CRT_TRUNCATE || count < size) {
        put0(buf, limit, wide);
        return -1;
    }
    put0(buf, 0, wide);
    crt_errno = CRT_ERANGE;
    return -1;
}

int __cdecl __stdio_common_vfprintf(ucrt_options options, FILE *f, const char *fmt,
                                    void *locale, va_list ap)
{
    return crt_stream_format_opt(f, fmt, 0, (unsigned)options & PRINTF_BITS, ap);
}

int __cdecl __stdio_common_vfwprintf(ucrt_options options, FILE *f, const crt_wchar *fmt,
                                     void *locale, va_list ap)
{
    return crt_stream_format_opt(f, fmt, 1, (unsigned)options & PRINTF_BITS, ap);
}

/* The _s stream forms differ only in validating their arguments (%n is
 * refused either way unless _set_printf_count_output enabled it). */
int __cdecl __stdio_common_vfprintf_s(ucrt_options options, FILE *f, const char *fmt,
                                      void *locale, va_list ap)
{
    return crt_stream_format_opt(f, fmt, 0, (unsigned)options & PRINTF_BITS, ap);
}

int __cdecl __stdio_common_vfwprintf_s(ucrt_options options, FILE *f, const crt_wchar *fmt,
                                       void *locale, va_list ap)
{
    return crt_stream_format_opt(f, fmt, 1, (unsigned)options & PRINTF_BITS, ap);
}

/* The _p forms: "%n$" positional arguments and a validated format
 * (CRT_FMT_POSITIONAL); otherwise as the plain forms. */
int __cdecl __stdio_common_vfprintf_p(ucrt_options options, FILE *f, const char *fmt,
                                      void *locale, va_list ap)
{
    return crt_stream_format_opt(f, fmt, 0,
                                 ((unsigned)options & PRINTF_BITS) | CRT_FMT_POSITIONAL, ap);
}

int __cdecl __stdio_common_vfwprintf_p(ucrt_options options, FILE *f, const crt_wchar *fmt,
                                       void *locale, va_list ap)
{
    return crt_stream_format_opt(f, fmt, 1,
                                 ((unsigned)options & PRINTF_BITS) | CRT_FMT_POSITIONAL, ap);
}

int __cdecl __stdio_common_vsprintf(ucrt_options options, char *buf, size_t count,
                                    const char *fmt, void *locale, va_list ap)
{
    return common_vsprintf(options & PRINTF_BITS, buf, count, fmt, 0, ap);
}

int __cdecl __stdio_common_vswprintf(ucrt_options options, crt_wchar *buf, size_t count,
                                     const crt_wchar *fmt, void *locale, va_list ap)
{
    return common_vsprintf(options & PRINTF_BITS, buf, count, fmt, 1, ap);
}

int __cdecl __stdio_common_vsprintf_p(ucrt_options options, char *buf, size_t count,
                                      const char *fmt, void *locale, va_list ap)
{
    return common_vsprintf(options | CRT_FMT_POSITIONAL, buf, count, fmt, 0, ap);
}

int __cdecl __stdio_common_vswprintf_p(ucrt_options options, crt_wchar *buf, size_t count,
                                       const crt_wchar *fmt, void *locale, va_list ap)
{
    return common_vsprintf(options | CRT_FMT_POSITIONAL, buf, count, fmt, 1, ap);
}

int __cdecl __stdio_common_vsprintf_s(ucrt_options options, char *buf, size_t size,
                                      const char *fmt, void *locale, va_list ap)
{
    return common_vsnprintf_s(options, buf, size, size, fmt, 0, ap);
}

int __cdecl __stdio_common_vswprintf_s(ucrt_options options, crt_wchar *buf, size_t size,
                                       const crt_wchar *fmt, void *locale, va_list ap)
{
    return common_vsnprintf_s(options, buf, size, size, fmt, 1, ap);
}

int __cdecl __stdio_common_vsnprintf_s(ucrt_options options, char *buf, size_t size,
                                       size_t count, const char *fmt, void *locale, va_list ap)
{
    return common_vsnprintf_s(options, buf, size, count, fmt, 0, ap);
}

int __cdecl __stdio_common_vsnwprintf_s(ucrt_options options, crt_wchar *buf, size_t size,
                                        size_t count, const crt_wchar *fmt, void *locale,
                                        va_list ap)
{
    return common_vsnprintf_s(options, buf, size, count, fmt, 1, ap);
}

int __cdecl __stdio_common_vfscanf(ucrt_options options, FILE *f, const char *fmt,
                                   void *locale, va_list ap)
{
    return crt_stream_scan_opt(f, fmt, 0, (unsigned)options & SCANF_BITS, ap);
}

int __cdecl __stdio_common_vfwscanf(ucrt_options options, FILE *f, const crt_wchar *fmt,
                                    void *locale, va_list ap)
{
    return crt_stream_scan_opt(f, fmt, 1, (unsigned)options & SCANF_BITS, ap);
}

static int common_vsscanf(ucrt_options options, const void *str, size_t len, const void *fmt,
                          int wide, va_list ap)
{
    struct crt_strsource src;

    if (!str || !fmt) {
        crt_errno = CRT_EINVAL;
        return CRT_EOF;
    }
    crt_strsource_init(&src, str, len, wide);
    return crt_scan_opt(&src.base, fmt, wide, (unsigned)options & SCANF_BITS, ap);
}

int __cdecl __stdio_common_vsscanf(ucrt_options options, const char *str, size_t len,
                                   const char *fmt, void *locale, va_list ap)
{
    return common_vsscanf(options, str, len, fmt, 0, ap);
}

int __cdecl __stdio_common_vswscanf(ucrt_options options, const crt_wchar *str, size_t len,
                                    const crt_wchar *fmt, void *locale, va_list ap)
{
    return common_vsscanf(options, str, len, fmt, 1, ap);
}

/* The console forms, on msvcrt's _vcprintf/_vcwprintf (options ignored). */
int __cdecl _vcprintf(const char *fmt, va_list ap);

int __cdecl __conio_common_vcprintf(ucrt_options options, const char *fmt, void *locale,
                                    va_list ap)
{
    return _vcprintf(fmt, ap);
}

int crt_console_format_opt(const char *fmt, unsigned opt, va_list ap);

int __cdecl __conio_common_vcprintf_p(ucrt_options options, const char *fmt, void *locale,
                                      va_list ap)
{
    return crt_console_format_opt(fmt, ((unsigned)options & PRINTF_BITS) | CRT_FMT_POSITIONAL,
                                  ap);
}

/* stdin, stdout, stderr and the rest of the first streams. */
FILE *__cdecl __acrt_iob_func(unsigned int index)
{
    return index < CRT_IOB_ENTRIES ? &_iob[index] : NULL;
}

int __cdecl _set_printf_count_output(int enable)
{
    int old = crt_printf_count_output;

    crt_printf_count_output = enable != 0;
    return old;
}

int __cdecl _get_printf_count_output(void)
{
    return crt_printf_count_output;
}
