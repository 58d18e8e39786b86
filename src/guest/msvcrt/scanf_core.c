/* The one scanning engine behind every scanf variant, narrow and wide.
 *
 * Conversions: d i u o x X p (integers, wrapping like msvcrt's
 * accumulator), e f g E G a (through strtod's parser), s c [ with ranges
 * and ^, n, and %% as a literal. Prefixes: h, hh, l, ll, I64, I32, I, L, w;
 * '*' suppresses assignment; a width limits the characters read. %s, %c and
 * %[ store narrow or wide text by the same rules as printf (%S, %hs, %ls,
 * %ws...). White space in the format matches any amount of input white
 * space. The result is the number of assigned fields, or EOF when the input
 * ends before the first conversion.
 *
 * crt_scan_opt takes ucrtbase's scanf options: _CRT_INTERNAL_SCANF_SECURECRT
 * (the _s family: an unsigned size in units follows each %s/%c/%[ buffer;
 * input that does not fit leaves the buffer empty and ends the scan) and
 * LEGACY_WIDE_SPECIFIERS (without it, %s/%c/%[ of the wide functions store
 * narrow text and %S/%C wide, as ISO C says). */
#include "crt.h"

#define NUMBUF 512

struct scan {
    struct crt_source *src;
    int count;          /* units consumed, for %n */
    int eof;
    size_t room;        /* units the destination still holds (SECURECRT) */
    int overflow;       /* a store did not fit */
};

static int sc_get(struct scan *s)
{
    int c = s->src->get(s->src);

    if (c < 0)
        s->eof = 1;
    else
        s->count++;
    return c;
}

static void sc_unget(struct scan *s, int c)
{
    if (c >= 0) {
        s->src->unget(s->src, c);
        s->count--;
    }
}

static int sc_isspace(struct scan *s, int c)
{
    if (c < 0)
        return 0;
    return s->src->wide ? iswctype((crt_wchar)c, CRT_SPACE) != 0 : crt_isspace((unsigned)c);
}

/* Skips white space; returns the first other unit (consumed) or -1. */
static int skip_space(struct scan *s)
{
    int c;

    do
        c = sc_get(s);
    while (sc_isspace(s, c));
    return c;
}

static int fmt_at(const void *fmt, int wide, size_t i)
{
    return wide ? ((const crt_wchar *)fmt)[i] : ((const unsigned char *)fmt)[i];
}

static int digit_in_base(int c, int base)
{
    int d;

    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'z')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
        d = c - 'A' + 10;
    else
        return -1;
    return d < base ? d : -1;
}

/* Reads an integer of at most `width` units; returns 0 if none. */
static int scan_int(struct scan *s, int c, int width, int base, crt_uint64 *out)
{
    int neg = 0, any = 0, d, used = 0;
    crt_uint64 acc = 0;

    if (!width)
        width = 0x7fffffff;
    if (c == '-' || c == '+') {
        neg = c == '-';
        if (++used >= width)
            return 0;
        c = sc_get(s);
    }
    if (c == '0' && (base == 0 || base == 16)) {
        any = 1;
        if (++used < width) {
            c = sc_get(s);
            if (c == 'x' || c == 'X') {
                /* "0x" without hex digits still read a zero. */
                base = 16;
                c = ++used < width ? sc_get(s) : -1;
            } else if (base == 0) {
                base = 8;
            }
        } else {
            c = -1;
        }
    } else if (base == 0) {
        base = 10;
    }
    while (c >= 0 && (d = digit_in_base(c, base)) >= 0) {
        any = 1;
        acc = acc * (unsigned)base + (unsigned)d;
        if (++used >= width) {
            c = -1;
            break;
        }
        c = sc_get(s);
    }
    sc_unget(s, c);
    *out = neg ? 0 - acc : acc;
    return any;
}

/* Collects the longest float prefix (sign, digits, point, exponent). */
static int scan_float(struct scan *s, int c, int width, double *out)
{
    char buf[NUMBUF];
    int n = 0, any = 0, err;
    size_t used;

    if (!width || width >= NUMBUF)
        width = NUMBUF - 1;
    if (c == '-' || c == '+') {
        buf[n++] = (char)c;
        c = n < width ? sc_get(s) : -1;
    }
    while (c >= 0 && crt_isdigit((unsigned)c) && n < width) {
        buf[n++] = (char)c;
        any = 1;
        c = n < width ? sc_get(s) : -1;
    }
    if (c == '.' && n < width) {
        buf[n++] = '.';
        c = n < width ? sc_get(s) : -1;
        while (c >= 0 && crt_isdigit((unsigned)c) && n < width) {
            buf[n++] = (char)c;
            any = 1;
            c = n < width ? sc_get(s) : -1;
        }
    }
    if (any && (c == 'e' || c == 'E' || c == 'd' || c == 'D') && n < width) {
        buf[n++] = (char)c;
        c = n < width ? sc_get(s) : -1;
        if ((c == '-' || c == '+') && n < width) {
            buf[n++] = (char)c;
            c = n < width ? sc_get(s) : -1;
        }
        while (c >= 0 && crt_isdigit((unsigned)c) && n < width) {
            buf[n++] = (char)c;
            c = n < width ? sc_get(s) : -1;
        }
    }
    sc_unget(s, c);
    if (!any)
        return 0;
    buf[n] = 0;
    *out = crt_strtod_core(buf, 0, &used, &err);
    return 1;
}

/* Whether unit c is in the scanset fmt[start, end) (after any '^'). */
static int in_set(const void *fmt, int wide, size_t start, size_t end, int c)
{
    size_t i;

    for (i = start; i < end; i++) {
        int lo = fmt_at(fmt, wide, i);
        if (i + 2 < end && fmt_at(fmt, wide, i + 1) == '-') {
            int hi = fmt_at(fmt, wide, i + 2);
            if (lo > hi) {
                int t = lo;
                lo = hi;
                hi = t;
            }
            if (c >= lo && c <= hi)
                return 1;
            i += 2;
        } else if (c == lo) {
            return 1;
        }
    }
    return 0;
}

/* Stores one input unit into a narrow or wide destination. */
static void *store_unit(struct scan *s, void *dst, int c, int dst_wide)
{
    if (!dst)
        return NULL;
    if (!s->room) {
        s->overflow = 1;
        return NULL;
    }
    s->room--;
    if (dst_wide) {
        crt_wchar w = (crt_wchar)c;
        if (!s->src->wide) {
            char b = (char)c;
            if (crt_mbtowc_cp(&w, &b, 1) < 0)
                w = (unsigned char)c;
        }
        *(crt_wchar *)dst = w;
        return (crt_wchar *)dst + 1;
    } else {
        char mb[8];
        int n = 1, k;
        if (s->src->wide) {
            n = crt_wctomb_cp(mb, (crt_wchar)c);
            if (n < 0) {
                mb[0] = '?';
                n = 1;
            }
        } else {
            mb[0] = (char)c;
        }
        for (k = 0; k < n; k++)
            ((char *)dst)[k] = mb[k];
        return (char *)dst + n;
    }
}

static void store_int(void *p, int size, crt_uint64 v)
{
    if (size == 'H')
        *(char *)p = (char)v;
    else if (size == 'h')
        *(short *)p = (short)v;
    else if (size == 64)
        *(crt_uint64 *)p = v;
    else
        *(int32_t *)p = (int32_t)v;
}

int crt_scan(struct crt_source *src, const void *fmt, int fmt_wide, va_list ap_in)
{
    return crt_scan_opt(src, fmt, fmt_wide, CRT_SCAN_DEFAULT, ap_in);
}

int crt_scan_opt(struct crt_source *src, const void *fmt, int fmt_wide, unsigned options,
                 va_list ap_in)
{
    struct scan s = { src, 0, 0, (size_t)-1, 0 };
    int iso = !(options & CRT_SCAN_LEGACY_WIDE_SPECIFIERS);
    va_list ap;
    size_t i = 0;
    int assigned = 0, converted = 0, c, f;

    va_copy(ap, ap_in);
    while ((f = fmt_at(fmt, fmt_wide, i)) != 0) {
        int suppress = 0, width = 0, size = 0, conv, dst_wide;
        void *dst = NULL, *start;
        size_t cap;

        if (fmt_wide ? iswctype((crt_wchar)f, CRT_SPACE) : crt_isspace((unsigned)f)) {
            c = skip_space(&s);
            sc_unget(&s, c);
            while ((f = fmt_at(fmt, fmt_wide, ++i)) != 0 &&
                   (fmt_wide ? iswctype((crt_wchar)f, CRT_SPACE) : crt_isspace((unsigned)f)))
                ;
            continue;
        }
        if (f != '%' || fmt_at(fmt, fmt_wide, i + 1) == '%') {
            if (f == '%')
                i++;
            c = sc_get(&s);
            if (c != f) {
                sc_unget(&s, c);
                if (c < 0 && !converted)
                    assigned = CRT_EOF;
                goto done;
            }
            i++;
            continue;
        }

        f = fmt_at(fmt, fmt_wide, ++i);
        if (f == '*') {
            suppress = 1;
            f = fmt_at(fmt, fmt_wide, ++i);
        }
        for (; crt_isdigit((unsigned)f); f = fmt_at(fmt, fmt_wide, ++i))
            width = width * 10 + (f - '0');
        for (;; f = fmt_at(fmt, fmt_wide, ++i)) {
            int n1, n2;
            if (!f)
                break;
            n1 = fmt_at(fmt, fmt_wide, i + 1);
            n2 = n1 ? fmt_at(fmt, fmt_wide, i + 2) : 0;
            if (f == 'h') {
                size = size == 'h' ? 'H' : 'h';
            } else if (f == 'l') {
                size = size == 'l' ? 64 : 'l';
            } else if (f == 'L' || f == 'w') {
                size = f;
            } else if (f == 'I' && n1 == '6' && n2 == '4') {
                size = 64;
                i += 2;
            } else if (f == 'I' && n1 == '3' && n2 == '2') {
                size = 'l';
                i += 2;
            } else if (f == 'I') {
                size = 'l';
            } else {
                break;
            }
        }
        if (!f)
            break;
        conv = f;
        i++;
        if (!suppress && conv != '%')
            dst = va_arg(ap, void *);
        start = dst;
        s.room = (size_t)-1;
        if (dst && (options & CRT_SCAN_SECURECRT) &&
            (conv == 's' || conv == 'S' || conv == 'c' || conv == 'C' || conv == '['))
            s.room = va_arg(ap, unsigned int);
        cap = s.room;
        s.overflow = 0;

        if (size == 'h' || size == 'H')
            dst_wide = 0;
        else if (size == 'l' || size == 'w')
            dst_wide = 1;
        else if (conv == 'S' || conv == 'C')
            dst_wide = iso ? 1 : !fmt_wide;
        else
            dst_wide = iso ? 0 : fmt_wide;

        switch (conv) {
        case 'n':
            if (dst)
                store_int(dst, size, (crt_uint64)(crt_int64)s.count);
            continue;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
            crt_uint64 v;
            int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
            c = skip_space(&s);
            if (c < 0)
                goto input_failure;
            if (!scan_int(&s, c, width, base, &v))
                goto done;
            if (dst)
                store_int(dst, conv == 'p' ? 'l' : size, v);
            break;
        }
        case 'e': case 'E': case 'f': case 'g': case 'G': case 'a': case 'A': {
            double v;
            c = skip_space(&s);
            if (c < 0)
                goto input_failure;
            if (!scan_float(&s, c, width, &v))
                goto done;
            if (dst) {
                if (size == 'l' || size == 'L' || size == 64)
                    *(double *)dst = v;
                else
                    *(float *)dst = (float)v;
            }
            break;
        }
        case 's': case 'S': {
            int n = 0;
            c = skip_space(&s);
            if (c < 0)
                goto input_failure;
            while (c >= 0 && !sc_isspace(&s, c)) {
                dst = store_unit(&s, dst, c, dst_wide);
                if (width && ++n >= width) {
                    c = -2;
                    break;
                }
                c = sc_get(&s);
            }
            if (c != -2)
                sc_unget(&s, c);
            if (dst)
                dst = store_unit(&s, dst, 0, dst_wide);
            break;
        }
        case 'c': case 'C': {
            int n;
            if (!width)
                width = 1;
            for (n = 0; n < width; n++) {
                c = sc_get(&s);
                if (c < 0)
                    break;
                dst = store_unit(&s, dst, c, dst_wide);
            }
            if (!n)
                goto input_failure;
            break;
        }
        case '[': {
            size_t start, end;
            int negate = 0, n = 0;
            if (fmt_at(fmt, fmt_wide, i) == '^') {
                negate = 1;
                i++;
            }
            start = i;
            if (fmt_at(fmt, fmt_wide, i) == ']')
                i++;
            while (fmt_at(fmt, fmt_wide, i) && fmt_at(fmt, fmt_wide, i) != ']')
                i++;
            end = i;
            if (fmt_at(fmt, fmt_wide, i) == ']')
                i++;
            c = sc_get(&s);
            if (c < 0)
                goto input_failure;
            while (c >= 0 && in_set(fmt, fmt_wide, start, end, c) != negate) {
                dst = store_unit(&s, dst, c, dst_wide);
                n++;
                if (width && n >= width) {
                    c = -2;
                    break;
                }
                c = sc_get(&s);
            }
            if (c != -2)
                sc_unget(&s, c);
            if (!n)
                goto done;
            if (dst)
                dst = store_unit(&s, dst, 0, dst_wide);
            break;
        }
        default:
            /* An unknown conversion ends the scan, as a mismatch would. */
            goto done;
        }
        if (s.overflow) {
            /* SECURECRT: the buffer was too small; it is left empty. */
            s.room = 1;
            if (start && cap)
                store_unit(&s, start, 0, dst_wide);
            goto done;
        }
        converted++;
        if (!suppress)
            assigned++;
        continue;

input_failure:
        if (!converted)
            assigned = CRT_EOF;
        goto done;
    }
done:
    va_end(ap);
    return assigned;
}

static int strsrc_get(struct crt_source *src)
{
    struct crt_strsource *s = (struct crt_strsource *)src;
    int c;

    if (s->pos >= s->len)
        return -1;
    c = src->wide ? ((const crt_wchar *)s->str)[s->pos] : ((const unsigned char *)s->str)[s->pos];
    if (!c)
        return -1;
    s->pos++;
    return c;
}

static void strsrc_unget(struct crt_source *src, int c)
{
    struct crt_strsource *s = (struct crt_strsource *)src;

    if (s->pos)
        s->pos--;
}

void crt_strsource_init(struct crt_strsource *s, const void *str, size_t len, int wide)
{
    s->base.wide = wide;
    s->base.get = strsrc_get;
    s->base.unget = strsrc_unget;
    s->str = str;
    s->len = len;
    s->pos = 0;
}
