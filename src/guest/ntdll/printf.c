/* A small printf engine for ntdll's exported _vsnprintf/_snprintf/sprintf,
 * DbgPrint and our own logging. Supports the flags - + space # 0, width and
 * precision (numbers or *), the size prefixes h hh l ll L I I32 I64 z j t w,
 * and the conversions d i u o x X c C s S p Z (ANSI_STRING*) wZ
 * (UNICODE_STRING*) and %%. No floating point: ntdll's CRT has none either
 * (msvcrt's printf is its own). Wide strings become ANSI (code page 1252,
 * '?' when unmappable), or UTF-8 in log mode, where narrow bytes above 0x7F
 * are likewise converted from 1252 so that the host gets valid UTF-8. */
#include "ntdll_private.h"
#include "codepage.h"

#define F_LEFT 1
#define F_PLUS 2
#define F_SPACE 4
#define F_ALT 8
#define F_ZERO 16

struct sink {
    char *buf;
    size_t size;
    size_t len;
    int utf8;
};

static void put(struct sink *s, char c)
{
    if (s->len < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void pad(struct sink *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

static void put_unicode(struct sink *s, const uint16_t *w, size_t n)
{
    unsigned char u[4];
    unsigned flags;
    size_t i, k, len;

    for (i = 0; i < n; i++) {
        if (!s->utf8) {
            int c = codepage_sbcs_encode(CODEPAGE_ANSI, w[i]);

            put(s, c < 0 ? '?' : (char)c);
            continue;
        }
        len = (w[i] >= 0xd800 && w[i] <= 0xdbff && i + 1 < n) ? 2 : 1;
        flags = 0;
        k = codepage_utf16_to_utf8(u, sizeof(u), w + i, len, &flags);
        if (len == 2 && k < 4) {
            /* Not a valid pair after all: convert the first unit alone. */
            len = 1;
            flags = 0;
            k = codepage_utf16_to_utf8(u, sizeof(u), w + i, 1, &flags);
        }
        i += len - 1;
        for (len = 0; len < k; len++)
            put(s, (char)u[len]);
    }
}

static void put_narrow(struct sink *s, const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];

        if (s->utf8 && c >= 0x80) {
            uint16_t w = codepage_sbcs_decode(CODEPAGE_ANSI, c, 0);

            put_unicode(s, &w, 1);
        } else {
            put(s, (char)c);
        }
    }
}

static void put_string(struct sink *s, const void *str, size_t n, int wide, int flags, int width)
{
    if (!(flags & F_LEFT))
        pad(s, ' ', width - (int)n);
    if (wide)
        put_unicode(s, str, n);
    else
        put_narrow(s, str, n);
    if (flags & F_LEFT)
        pad(s, ' ', width - (int)n);
}

static void put_number(struct sink *s, unsigned long long v, int neg, unsigned base, int upper,
                       int flags, int width, int prec)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24], prefix[3];
    int n = 0, np = 0, zeros, total;

    while (v) {
        tmp[n++] = digits[v % base];
        v /= base;
    }
    if (neg)
        prefix[np++] = '-';
    else if (flags & F_PLUS)
        prefix[np++] = '+';
    else if (flags & F_SPACE)
        prefix[np++] = ' ';
    if ((flags & F_ALT) && n) {
        if (base == 16) {
            prefix[np++] = '0';
            prefix[np++] = upper ? 'X' : 'x';
        } else if (base == 8) {
            prefix[np++] = '0';
        }
    }
    if (prec < 0)
        prec = 1;
    else
        flags &= ~F_ZERO;
    zeros = prec > n ? prec - n : 0;
    total = np + zeros + n;
    if (!(flags & (F_LEFT | F_ZERO)))
        pad(s, ' ', width - total);
    for (int i = 0; i < np; i++)
        put(s, prefix[i]);
    if ((flags & (F_LEFT | F_ZERO)) == F_ZERO)
        pad(s, '0', width - total);
    pad(s, '0', zeros);
    while (n)
        put(s, tmp[--n]);
    if (flags & F_LEFT)
        pad(s, ' ', width - total);
}

static size_t wide_len(const WCHAR *w, int prec)
{
    size_t n = 0;

    while ((prec < 0 || n < (size_t)prec) && w[n])
        n++;
    return n;
}

static size_t narrow_len(const char *p, int prec)
{
    size_t n = 0;

    while ((prec < 0 || n < (size_t)prec) && p[n])
        n++;
    return n;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    while (*fmt) {
        int flags = 0, width = 0, prec = -1, size = 0, wide = -1;
        unsigned long long v;
        const char *start = fmt;

        if (*fmt != '%') {
            put(s, *fmt++);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-') flags |= F_LEFT;
            else if (*fmt == '+') flags |= F_PLUS;
            else if (*fmt == ' ') flags |= F_SPACE;
            else if (*fmt == '#') flags |= F_ALT;
            else if (*fmt == '0') flags |= F_ZERO;
            else break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        /* size: 8 for 64-bit integers; wide: 1 wide, 0 narrow, -1 default */
        for (;; fmt++) {
            if (*fmt == 'l') {
                if (fmt[1] == 'l') {
                    size = 8;
                    fmt++;
                } else {
                    wide = 1;
                }
            } else if (*fmt == 'h') {
                wide = 0;
            } else if (*fmt == 'w') {
                wide = 1;
            } else if (*fmt == 'L' || *fmt == 'j' || *fmt == 'q') {
                size = 8;
            } else if (*fmt == 'z' || *fmt == 't') {
                /* pointer-sized: 32 bits */
            } else if (*fmt == 'I') {
                if (fmt[1] == '6' && fmt[2] == '4') {
                    size = 8;
                    fmt += 2;
                } else if (fmt[1] == '3' && fmt[2] == '2') {
                    fmt += 2;
                }
            } else {
                break;
            }
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long x = size == 8 ? va_arg(ap, long long) : va_arg(ap, int);

            v = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
            put_number(s, v, x < 0, 10, 0, flags, width, prec);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            v = size == 8 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
            put_number(s, v, 0, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X',
                       flags & ~(F_PLUS | F_SPACE), width, prec);
            break;
        case 'p':
            v = (ULONG_PTR)va_arg(ap, void *);
            put_number(s, v, 0, 16, 1, (flags & F_LEFT) | F_ZERO, width ? width : 8, -1);
            break;
        case 'c':
        case 'C': {
            int c = va_arg(ap, int);

            if (wide == 1 || (wide == -1 && *fmt == 'C')) {
                uint16_t w = (uint16_t)c;

                if (!(flags & F_LEFT))
                    pad(s, ' ', width - 1);
                put_unicode(s, &w, 1);
                if (flags & F_LEFT)
                    pad(s, ' ', width - 1);
            } else {
                char ch = (char)c;

                put_string(s, &ch, 1, 0, flags, width);
            }
            break;
        }
        case 's':
        case 'S': {
            const void *str = va_arg(ap, const void *);
            int w = wide == 1 || (wide == -1 && *fmt == 'S');

            if (!str)
                put_string(s, "(null)", 6, 0, flags, width);
            else if (w)
                put_string(s, str, wide_len(str, prec), 1, flags, width);
            else
                put_string(s, str, narrow_len(str, prec), 0, flags, width);
            break;
        }
        case 'Z': {
            const void *str = va_arg(ap, const void *);

            if (!str) {
                put_string(s, "(null)", 6, 0, flags, width);
            } else if (wide == 1) {
                const UNICODE_STRING *us = str;

                put_string(s, us->Buffer, us->Buffer ? us->Length / sizeof(WCHAR) : 0, 1,
                           flags, width);
            } else {
                const ANSI_STRING *as = str;

                put_string(s, as->Buffer, as->Buffer ? as->Length : 0, 0, flags, width);
            }
            break;
        }
        case '%':
            put(s, '%');
            break;
        case 0:
            fmt--;
            /* fall through: a lone '%' at the end is printed as is */
        default:
            /* Unknown conversion: print it literally. */
            while (start <= fmt)
                put(s, *start++);
            break;
        }
        fmt++;
    }
}

/* Formats into buf (always NUL-terminated when size > 0); returns the full
 * length the output needed. utf8: log mode (see above). */
int ntdll_vformat(char *buf, size_t size, const char *fmt, va_list ap, int utf8)
{
    struct sink s = { buf, size ? size - 1 : 0, 0, utf8 };

    format(&s, fmt, ap);
    if (size)
        buf[s.len < size - 1 ? s.len : size - 1] = 0;
    return (int)s.len;
}

/* Microsoft semantics: -1 when the output does not fit, and no terminator
 * when it fits exactly. */
int __cdecl _vsnprintf(char *buf, size_t count, const char *fmt, va_list ap)
{
    struct sink s = { buf, count, 0, 0 };

    format(&s, fmt, ap);
    if (s.len < count)
        buf[s.len] = 0;
    else if (s.len > count)
        return -1;
    return (int)s.len;
}

int __cdecl _snprintf(char *buf, size_t count, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = _vsnprintf(buf, count, fmt, ap);
    va_end(ap);
    return ret;
}

int __cdecl sprintf(char *buf, const char *fmt, ...)
{
    struct sink s = { buf, (size_t)-1, 0, 0 };
    va_list ap;

    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    buf[s.len] = 0;
    return (int)s.len;
}

int __cdecl vsprintf(char *buf, const char *fmt, va_list ap)
{
    struct sink s = { buf, (size_t)-1, 0, 0 };

    format(&s, fmt, ap);
    buf[s.len] = 0;
    return (int)s.len;
}

/* Debug output goes to the host's log as a trace message. */
ULONG __cdecl DbgPrint(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    ntdll_vformat(buf, sizeof(buf), fmt, ap, 1);
    va_end(ap);
    Wow64LogMessage(WOW64_LOG_TRACE, buf);
    return STATUS_SUCCESS;
}
