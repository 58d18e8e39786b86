/* The one format engine behind every printf variant, narrow and wide.
 *
 * It follows msvcrt.dll, not C99, where they differ (Wine's conformance
 * tests, dlls/msvcrt/tests/printf.c, record the native results):
 * - exponents have at least three digits ("1.000000e+000") unless
 *   _set_output_format(_TWO_DIGIT_EXPONENT);
 * - doubles print at most 17 significant digits (see fltcvt.c), infinities
 *   and NaNs as "1.#INF00", "-1.#IND00", "1.#QNAN0";
 * - %p is 8 uppercase hex digits without 0x ("%#p" adds "0X");
 * - size prefixes: h (hh is h again), l, ll, L (floats only), w, I, I32, I64,
 *   j; z and t only directly before an integer conversion; F and N are
 *   ignored; "I" not followed by 32/64/diouxX is itself the conversion;
 * - an unknown conversion character is printed as is;
 * - after '*', further width or precision digits keep accumulating
 *   ("%*1d" with 1 has width 11);
 * - '0' pads strings and characters too; it is dropped for integers that
 *   have a precision, and for %p;
 * - %S/%C take the other character width, %hs/%hc narrow, %ls/%lc/%ws/%wc
 *   wide; a wide string that does not convert fails the call (-1), a wide
 *   character that does not convert prints nothing;
 * - %n is enabled (msvcrt.dll has no _set_printf_count_output).
 *
 * With CRT_FMT_POSITIONAL (the _p family, both CRTs) arguments may be taken
 * by position, "%2$s %1$*3$d", following Microsoft's rules: the first
 * specifier decides whether all are positional or none; every position up
 * to the highest must be used, at most _ARGMAX (100), one type each; the
 * format is validated (no unknown conversion, nothing cut off). A broken
 * rule fails the call: -1, errno EINVAL and, in ucrtbase, the invalid
 * parameter handler. Without the option, "%1$d" is width 1 and the unknown
 * conversion '$', so it prints "$d", as both Microsoft CRTs do.
 *
 * ucrtbase.dll's face (options without CRT_FMT_MSVCRT, crt.h) differs where
 * Microsoft documents it: every digit of a double is exact (printf("%.20f",
 * 0.1) is "0.10000000000000000555"; ties of exactly representable values
 * round half up, the behaviour before _CRT_INTERNAL_PRINTF_STANDARD_ROUNDING);
 * exponents have at least two digits unless
 * _CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS; infinities and NaNs
 * print as "inf", "nan", "-nan(ind)" (the default NaN), "nan(snan)", in
 * capitals for %E/%F/%G/%A, unless LEGACY_MSVCRT_COMPATIBILITY; %s/%c of
 * the wide functions take narrow arguments (and %S/%C wide ones) unless
 * LEGACY_WIDE_SPECIFIERS; hh is char; F is a conversion; %n fails unless
 * _set_printf_count_output enabled it. */
#include "crt.h"

unsigned int crt_output_format;
/* ucrtbase's _set_printf_count_output switch. */
int crt_printf_count_output;

enum { F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16 };

struct out {
    struct crt_sink *sink;
    int count;
    int error;
    int invalid;        /* a _p format broke the rules (EINVAL) */
    int scan;           /* pass 1 of a _p call: nothing is output */
    unsigned opt;       /* CRT_FMT_* */
};

struct spec {
    int flags;
    int width;
    int prec;           /* -1: none given */
    int size;           /* last of 'h', 'l', 'L', or 0 */
    int wide;           /* 'w' seen */
    int i64;            /* ll, I64 or j seen */
    int hh;             /* hh seen (ucrt: char) */
    unsigned conv;
};

struct args {
    va_list ap;
    struct crt_posctx *pc;  /* the _p family's argument table, or NULL */
    int mode;               /* _p family: PM_UNKNOWN until the first specifier */
};

enum { PM_UNKNOWN, PM_PLAIN, PM_POSITIONAL };

/* The _p family's arguments (Microsoft's "printf_p positional parameters"):
 * pass 1 records each %n$ argument's type, then the va_list is read once in
 * position order, and pass 2 formats from the table. */
enum { PK_NONE, PK_I32, PK_I64, PK_DBL, PK_PTR };

union crt_posval {
    uint32_t i32;
    crt_uint64 i64;
    double d;
    void *p;
};

struct crt_posctx {
    struct {
        unsigned char kind, cls, wide;
    } type[CRT_ARGMAX + 1];
    union crt_posval val[CRT_ARGMAX + 1];
    union crt_posval dummy;     /* what pass 1 hands out */
    int max;
    int scan;           /* pass 1: record, hand out dummies */
};

static const crt_wchar empty_wstr[1];

/* The table slot of argument `pos` (1-based) for a conversion of class cls
 * ('i' integer or '*', 'f', 's', 'c', 'p', 'n'); NULL when the arguments
 * come from the va_list. `wide` is, for s and c, whether the argument is a
 * wide character, and for integers their size (hh 1, h 2...). In pass 1 a
 * use that contradicts an earlier use of the same argument in any of these
 * is invalid (the UCRT's rule), as is a position outside 1.._ARGMAX. */
static void *pos_slot(struct out *o, struct args *a, int pos, int kind, int cls, int wide)
{
    struct crt_posctx *pc = a->pc;
    union crt_posval *dummy;

    if (!pc)
        return NULL;
    if (!pc->scan)
        return &pc->val[pos];
    dummy = &pc->dummy;
    dummy->i64 = 0;
    if (cls == 's')
        dummy->p = (void *)empty_wstr;
    if (a->mode != PM_POSITIONAL)
        return dummy;
    if (pos < 1 || pos > CRT_ARGMAX) {
        o->invalid = 1;
        return dummy;
    }
    if (pc->type[pos].kind == PK_NONE) {
        pc->type[pos].kind = (unsigned char)kind;
        pc->type[pos].cls = (unsigned char)cls;
        pc->type[pos].wide = (unsigned char)wide;
    } else if (pc->type[pos].kind != kind || pc->type[pos].cls != cls ||
               pc->type[pos].wide != wide) {
        o->invalid = 1;
    }
    if (pos > pc->max)
        pc->max = pos;
    return dummy;
}

/* After pass 1: every position up to the highest one must be used; then
 * the va_list is read in order. */
static int pos_fill(struct crt_posctx *pc, va_list ap)
{
    int k;

    for (k = 1; k <= pc->max; k++) {
        switch (pc->type[k].kind) {
        case PK_I32: pc->val[k].i32 = va_arg(ap, uint32_t); break;
        case PK_I64: pc->val[k].i64 = va_arg(ap, crt_uint64); break;
        case PK_DBL: pc->val[k].d = va_arg(ap, double); break;
        case PK_PTR: pc->val[k].p = va_arg(ap, void *); break;
        default: return -1;
        }
    }
    return 0;
}

static void out_units(struct out *o, const void *u, int n)
{
    if (o->error || o->scan || n <= 0)
        return;
    if (o->sink->put(o->sink, u, n) < 0)
        o->error = 1;
    else
        o->count += n;
}

/* ASCII text into the sink's unit type. */
static void out_ascii(struct out *o, const char *s, int n)
{
    crt_wchar w[64];
    int i, k;

    if (!o->sink->wide) {
        out_units(o, s, n);
        return;
    }
    while (n > 0) {
        k = n < 64 ? n : 64;
        for (i = 0; i < k; i++)
            w[i] = (unsigned char)s[i];
        out_units(o, w, k);
        s += k;
        n -= k;
    }
}

static void out_rep(struct out *o, char c, int n)
{
    char buf[64];
    int i;

    for (i = 0; i < 64 && i < n; i++)
        buf[i] = c;
    while (n > 0) {
        out_ascii(o, buf, n < 64 ? n : 64);
        n -= 64;
    }
}

/* Right-alignment spaces, the sign or prefix, then zero padding. */
static void field_begin(struct out *o, const struct spec *sp, const char *prefix, int plen,
                        int body)
{
    int pad = sp->width - plen - body;

    if (!(sp->flags & (F_LEFT | F_ZERO)))
        out_rep(o, ' ', pad);
    out_ascii(o, prefix, plen);
    if ((sp->flags & (F_LEFT | F_ZERO)) == F_ZERO)
        out_rep(o, '0', pad);
}

static void field_end(struct out *o, const struct spec *sp, int total)
{
    if (sp->flags & F_LEFT)
        out_rep(o, ' ', sp->width - total);
}

/* A small staging buffer so bodies built one character at a time reach
 * the sink in chunks. */
struct chunk {
    struct out *o;
    char buf[128];
    int n;
};

static void chunk_put(struct chunk *c, char ch)
{
    if (c->n == (int)sizeof(c->buf)) {
        out_ascii(c->o, c->buf, c->n);
        c->n = 0;
    }
    c->buf[c->n++] = ch;
}

static void chunk_flush(struct chunk *c)
{
    out_ascii(c->o, c->buf, c->n);
    c->n = 0;
}

static void fmt_int(struct out *o, struct spec *sp, crt_uint64 v, int neg)
{
    char digits[72], prefix[3];
    const char *dig = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned base = sp->conv == 'o' ? 8 : (sp->conv == 'x' || sp->conv == 'X') ? 16 : 10;
    int nd = 0, plen = 0, prec = sp->prec, zeros, i;
    int is_zero = v == 0;

    if (v <= 0xffffffffu) {
        uint32_t v32 = (uint32_t)v;
        while (v32) {
            digits[nd++] = dig[v32 % base];
            v32 /= base;
        }
    } else {
        while (v) {
            digits[nd++] = dig[v % base];
            v /= base;
        }
    }
    if (prec < 0)
        prec = 1;
    else
        sp->flags &= ~F_ZERO;
    zeros = prec > nd ? prec - nd : 0;

    if (sp->conv == 'd' || sp->conv == 'i') {
        if (neg)
            prefix[plen++] = '-';
        else if (sp->flags & F_PLUS)
            prefix[plen++] = '+';
        else if (sp->flags & F_SPACE)
            prefix[plen++] = ' ';
    } else if ((sp->flags & F_ALT) && !is_zero && base == 16) {
        prefix[plen++] = '0';
        prefix[plen++] = (char)sp->conv;
    } else if ((sp->flags & F_ALT) && base == 8 && !zeros) {
        zeros = 1;
    }

    field_begin(o, sp, prefix, plen, zeros + nd);
    out_rep(o, '0', zeros);
    for (i = nd - 1; i >= 0; i--)
        out_ascii(o, &digits[i], 1);
    field_end(o, sp, plen + zeros + nd);
}

static char digit_at(const struct crt_digits *dg, int pos)
{
    return pos >= 0 && pos < dg->n ? dg->d[pos] : '0';
}

static int exp_digits(const struct out *o, int x)
{
    int n = x >= 100 ? 3 : x >= 10 ? 2 : 1;
    int min;

    if (o->opt & CRT_FMT_MSVCRT)
        min = (crt_output_format & 1) ? 2 : 3;
    else
        min = (o->opt & CRT_FMT_LEGACY_THREE_DIGIT_EXPONENTS) ? 3 : 2;

    return n < min ? min : n;
}

static void fmt_hexfloat(struct out *o, struct spec *sp, double v);

/* ucrtbase's spelling of infinities and NaNs. */
static void fmt_special_ucrt(struct out *o, struct spec *sp, const struct crt_digits *dg)
{
    int upper = sp->conv == 'E' || sp->conv == 'F' || sp->conv == 'G' || sp->conv == 'A';
    const char *text;
    char prefix[2], body[12];
    int plen = 0, n, i;

    if (dg->d[2] == 'I' && dg->d[4] == 'F')      /* "1#INF" */
        text = "inf";
    else if (dg->d[2] == 'I')
        text = "nan(ind)";
    else if (dg->d[2] == 'S')
        text = "nan(snan)";
    else
        text = "nan";
    for (n = 0; text[n]; n++)
        body[n] = (char)(upper && text[n] >= 'a' ? text[n] - 32 : text[n]);
    if (dg->neg)
        prefix[plen++] = '-';
    else if (sp->flags & F_PLUS)
        prefix[plen++] = '+';
    else if (sp->flags & F_SPACE)
        prefix[plen++] = ' ';
    sp->flags &= ~F_ZERO;
    i = plen + n;
    field_begin(o, sp, prefix, plen, n);
    out_ascii(o, body, n);
    field_end(o, sp, i);
}

static void fmt_float(struct out *o, struct spec *sp, double v)
{
    struct crt_digits dg;
    unsigned conv = sp->conv;
    int prec = sp->prec < 0 ? 6 : sp->prec;
    int style_e, x, len, ed, i, plen = 0, point;
    char prefix[2], expbuf[8];
    struct chunk c;

    /* msvcrt stops at 17 significant digits, ucrtbase prints them exactly. */
    crt_fltcvt_n(v, &dg, (o->opt & CRT_FMT_MSVCRT) ? CRT_DBL_DIGITS : CRT_DBL_EXACT_DIGITS);
    if (dg.kind == CRT_FLT_SPECIAL &&
        !(o->opt & (CRT_FMT_MSVCRT | CRT_FMT_LEGACY_MSVCRT_COMPATIBILITY))) {
        fmt_special_ucrt(o, sp, &dg);
        return;
    }
    if (conv == 'F')
        conv = 'f';
    if ((conv == 'a' || conv == 'A') && dg.kind != CRT_FLT_SPECIAL) {
        fmt_hexfloat(o, sp, v);
        return;
    }

    if (conv == 'g' || conv == 'G') {
        int p = prec ? prec : 1;
        crt_round_digits(&dg, p);
        x = dg.kind == CRT_FLT_ZERO ? 0 : dg.decpt - 1;
        style_e = x < -4 || x >= p;
        prec = style_e ? p - 1 : p - 1 - x;
        if (!(sp->flags & F_ALT)) {
            /* Trailing zeros go; round_digits left none inside dg.n. */
            int have = style_e ? dg.n - 1 : dg.n - dg.decpt;
            if (have < prec)
                prec = have < 0 ? 0 : have;
        }
    } else if (conv == 'e' || conv == 'E') {
        style_e = 1;
        crt_round_digits(&dg, prec + 1);
    } else {
        style_e = 0;
        crt_round_digits(&dg, dg.decpt + prec);
    }

    if (dg.neg)
        prefix[plen++] = '-';
    else if (sp->flags & F_PLUS)
        prefix[plen++] = '+';
    else if (sp->flags & F_SPACE)
        prefix[plen++] = ' ';

    point = prec > 0 || (sp->flags & F_ALT);
    if (style_e) {
        x = dg.kind == CRT_FLT_ZERO ? 0 : dg.decpt - 1;
        ed = exp_digits(o, x < 0 ? -x : x);
        len = 1 + point + prec + 2 + ed;
    } else {
        len = (dg.decpt > 0 ? dg.decpt : 1) + point + prec;
        x = ed = 0;
    }

    field_begin(o, sp, prefix, plen, len);
    c.o = o;
    c.n = 0;
    if (style_e) {
        int ax = x < 0 ? -x : x;
        chunk_put(&c, digit_at(&dg, 0));
        if (point)
            chunk_put(&c, '.');
        for (i = 1; i <= prec; i++)
            chunk_put(&c, digit_at(&dg, i));
        chunk_put(&c, (conv == 'E' || conv == 'G') ? 'E' : 'e');
        chunk_put(&c, x < 0 ? '-' : '+');
        for (i = ed - 1; i >= 0; i--) {
            expbuf[i] = (char)('0' + ax % 10);
            ax /= 10;
        }
        for (i = 0; i < ed; i++)
            chunk_put(&c, expbuf[i]);
    } else {
        if (dg.decpt <= 0)
            chunk_put(&c, '0');
        for (i = 0; i < dg.decpt; i++)
            chunk_put(&c, digit_at(&dg, i));
        if (point)
            chunk_put(&c, '.');
        for (i = 0; i < prec; i++)
            chunk_put(&c, digit_at(&dg, dg.decpt + i));
    }
    chunk_flush(&c);
    field_end(o, sp, plen + len);
}

/* %a: msvcrt prints all 13 hex digits by default and, given a precision,
 * rounds up when the first dropped digit is 8 or more. */
static void fmt_hexfloat(struct out *o, struct spec *sp, double v)
{
    union { double d; uint64_t u; } x;
    const char *dig = sp->conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
    char hex[13], prefix[4], body[24], tail[8];
    int e, lead, exp, prec, i, n = 0, t = 0, plen = 0, ax, extra;
    uint64_t m;

    x.d = v;
    e = (int)((x.u >> 52) & 0x7ff);
    m = x.u & ((1ull << 52) - 1);
    lead = e ? 1 : 0;
    exp = e ? e - 1023 : (m ? -1022 : 0);
    for (i = 12; i >= 0; i--) {
        hex[i] = (char)(m & 15);
        m >>= 4;
    }
    prec = sp->prec < 0 ? 13 : sp->prec;
    if (prec < 13 && hex[prec] >= 8) {
        for (i = prec - 1; i >= 0; i--) {
            if (++hex[i] < 16)
                break;
            hex[i] = 0;
        }
        if (i < 0)
            lead++;
    }

    if (x.u >> 63)
        prefix[plen++] = '-';
    else if (sp->flags & F_PLUS)
        prefix[plen++] = '+';
    else if (sp->flags & F_SPACE)
        prefix[plen++] = ' ';
    prefix[plen++] = '0';
    prefix[plen++] = sp->conv == 'A' ? 'X' : 'x';
    body[n++] = (char)('0' + lead);
    if (prec > 0 || (sp->flags & F_ALT))
        body[n++] = '.';
    for (i = 0; i < prec && i < 13; i++)
        body[n++] = dig[(int)hex[i]];
    tail[t++] = sp->conv == 'A' ? 'P' : 'p';
    tail[t++] = exp < 0 ? '-' : '+';
    ax = exp < 0 ? -exp : exp;
    i = ax >= 1000 ? 4 : ax >= 100 ? 3 : ax >= 10 ? 2 : 1;
    for (e = i - 1; e >= 0; e--) {
        tail[t + e] = (char)('0' + ax % 10);
        ax /= 10;
    }
    t += i;
    extra = prec > 13 ? prec - 13 : 0;
    field_begin(o, sp, prefix, plen, n + extra + t);
    out_ascii(o, body, n);
    out_rep(o, '0', extra);
    out_ascii(o, tail, t);
    field_end(o, sp, plen + n + extra + t);
}

static size_t str_len(const char *s, int max)
{
    size_t n = 0;

    while ((max < 0 || n < (size_t)max) && s[n])
        n++;
    return n;
}

static size_t wstr_len(const crt_wchar *s, int max)
{
    size_t n = 0;

    while ((max < 0 || n < (size_t)max) && s[n])
        n++;
    return n;
}

/* A narrow string argument; converted to wide for a wide sink. */
static void fmt_str(struct out *o, struct spec *sp, const char *s, int len)
{
    crt_wchar w[64];
    int i, k, wlen;

    if (len < 0)
        len = (int)str_len(s, sp->prec);
    if (!o->sink->wide) {
        field_begin(o, sp, "", 0, len);
        out_units(o, s, len);
        field_end(o, sp, len);
        return;
    }
    for (i = 0, wlen = 0; i < len; wlen++) {
        k = crt_mbtowc_cp(NULL, s + i, len - i);
        i += k > 0 ? k : 1;
    }
    field_begin(o, sp, "", 0, wlen);
    for (i = 0, k = 0; i < len;) {
        int used = crt_mbtowc_cp(&w[k], s + i, len - i);
        if (used <= 0) {
            w[k] = (unsigned char)s[i];
            used = 1;
        }
        i += used;
        if (++k == 64) {
            out_units(o, w, k);
            k = 0;
        }
    }
    out_units(o, w, k);
    field_end(o, sp, wlen);
}

/* A wide string argument; converted to multibyte for a narrow sink, where
 * one character that does not convert fails the whole call. */
static int fmt_wstr(struct out *o, struct spec *sp, const crt_wchar *s, int len)
{
    char mb[128];
    int i, k, n, total;

    if (len < 0)
        len = (int)wstr_len(s, sp->prec);
    if (o->sink->wide) {
        field_begin(o, sp, "", 0, len);
        out_units(o, s, len);
        field_end(o, sp, len);
        return 0;
    }
    for (i = 0, total = 0; i < len; i++) {
        n = crt_wctomb_cp(mb, s[i]);
        if (n < 0)
            return -1;
        total += n;
    }
    field_begin(o, sp, "", 0, total);
    for (i = 0, k = 0; i < len; i++) {
        k += crt_wctomb_cp(mb + k, s[i]);
        if (k > (int)sizeof(mb) - 8) {
            out_units(o, mb, k);
            k = 0;
        }
    }
    out_units(o, mb, k);
    field_end(o, sp, total);
    return 0;
}

/* Whether %s/%c take a wide argument, from the prefix and the case. */
static int arg_is_wide(const struct spec *sp, int fmt_wide, unsigned opt)
{
    int iso = !(opt & CRT_FMT_LEGACY_WIDE_SPECIFIERS);

    if (sp->wide || sp->size == 'l')
        return 1;
    if (sp->size == 'h')
        return 0;
    if (sp->conv == 'S' || sp->conv == 'C')
        return iso ? 1 : !fmt_wide;
    return iso ? 0 : fmt_wide;
}

static const char null_str[] = "(null)";
static const crt_wchar null_wstr[] = { '(', 'n', 'u', 'l', 'l', ')', 0 };

static int fmt_at(const void *fmt, int wide, size_t i)
{
    return wide ? ((const crt_wchar *)fmt)[i] : ((const unsigned char *)fmt)[i];
}

static int is_int_conv(int c)
{
    return c == 'd' || c == 'i' || c == 'o' || c == 'u' || c == 'x' || c == 'X';
}

/* Formats `fmt` (char or wchar units per fmt_wide) into the sink; returns
 * the units produced or -1. */
int crt_format(struct crt_sink *sink, const void *fmt, int fmt_wide, va_list ap_in)
{
    return crt_format_opt(sink, fmt, fmt_wide, CRT_FMT_DEFAULT, ap_in);
}

/* "n$" at fmt[*i]: the position n with *i past the '$'; 0 (and *i
 * unchanged) when digits and '$' do not follow. */
static int pos_number(const void *fmt, int wide, size_t *i)
{
    size_t j = *i;
    int n = 0, c;

    while (crt_isdigit(c = fmt_at(fmt, wide, j))) {
        if (n <= CRT_ARGMAX)
            n = n * 10 + (c - '0');
        j++;
    }
    if (j == *i || c != '$')
        return 0;
    *i = j + 1;
    return n ? n : CRT_ARGMAX + 1;
}

/* The argument for a '*' width or precision: next in the va_list, or for
 * the _p family "*n$". */
static int star_arg(struct out *o, struct args *a, const void *fmt, int wide, size_t *i)
{
    uint32_t *slot;
    int pos = 0;

    if (a->pc) {
        if (a->mode == PM_POSITIONAL && !(pos = pos_number(fmt, wide, i))) {
            o->invalid = 1;
            return 0;
        }
        slot = pos_slot(o, a, pos, PK_I32, 'i', 4);
        if (slot)
            return (int)*slot;
    }
    return va_arg(a->ap, int);
}

/* The next argument of a conversion: from the _p family's table when there
 * is one, else from the va_list. */
#define ARG(type, field, kind, cls, wide)                        \
    ((slot = pos_slot(o, a, pos, kind, cls, wide)) != NULL       \
         ? (type)((union crt_posval *)slot)->field               \
         : va_arg(a->ap, type))

/* One pass over the format. */
static void format_pass(struct out *o, const void *fmt, int fmt_wide, struct args *a)
{
    unsigned options = o->opt;
    int msvcrt = (options & CRT_FMT_MSVCRT) != 0;
    int checked = a->pc != NULL;    /* the _p family validates the format */
    struct spec sp;
    size_t i = 0, start;
    void *slot;
    int c, pos = 0;

    while ((c = fmt_at(fmt, fmt_wide, i)) != 0 && !o->error && !o->invalid) {
        if (c != '%') {
            start = i;
            while ((c = fmt_at(fmt, fmt_wide, i)) != 0 && c != '%')
                i++;
            if (fmt_wide)
                out_units(o, (const crt_wchar *)fmt + start, (int)(i - start));
            else
                out_units(o, (const char *)fmt + start, (int)(i - start));
            continue;
        }
        c = fmt_at(fmt, fmt_wide, ++i);
        if (c == '%') {
            out_ascii(o, "%", 1);
            i++;
            continue;
        }

        if (checked) {
            /* The first specifier decides: all positional or none. */
            pos = pos_number(fmt, fmt_wide, &i);
            if (a->mode == PM_UNKNOWN)
                a->mode = pos ? PM_POSITIONAL : PM_PLAIN;
            if ((a->mode == PM_POSITIONAL) != (pos != 0)) {
                o->invalid = 1;
                break;
            }
            c = fmt_at(fmt, fmt_wide, i);
        }
        sp.flags = 0;
        sp.width = 0;
        sp.prec = -1;
        sp.size = 0;
        sp.wide = 0;
        sp.i64 = 0;
        sp.hh = 0;
        for (;; c = fmt_at(fmt, fmt_wide, ++i)) {
            if (c == '-')
                sp.flags |= F_LEFT;
            else if (c == '+')
                sp.flags |= F_PLUS;
            else if (c == ' ')
                sp.flags |= F_SPACE;
            else if (c == '#')
                sp.flags |= F_ALT;
            else if (c == '0')
                sp.flags |= F_ZERO;
            else
                break;
        }
        if (c == '*') {
            ++i;
            sp.width = star_arg(o, a, fmt, fmt_wide, &i);
            if (sp.width < 0) {
                sp.flags |= F_LEFT;
                sp.width = -sp.width;
            }
            c = fmt_at(fmt, fmt_wide, i);
        }
        for (; crt_isdigit(c); c = fmt_at(fmt, fmt_wide, ++i))
            sp.width = sp.width * 10 + (c - '0');
        if (c == '.') {
            sp.prec = 0;
            c = fmt_at(fmt, fmt_wide, ++i);
            if (c == '*') {
                ++i;
                sp.prec = star_arg(o, a, fmt, fmt_wide, &i);
                if (sp.prec < 0)
                    sp.prec = -1;
                c = fmt_at(fmt, fmt_wide, i);
            }
            for (; crt_isdigit(c); c = fmt_at(fmt, fmt_wide, ++i))
                sp.prec = (sp.prec < 0 ? 0 : sp.prec * 10) + (c - '0');
        }
        for (;; c = fmt_at(fmt, fmt_wide, ++i)) {
            int n1, n2;
            if (!c)
                break;
            n1 = fmt_at(fmt, fmt_wide, i + 1);
            n2 = n1 ? fmt_at(fmt, fmt_wide, i + 2) : 0;
            if (c == 'h' || c == 'L') {
                if (c == 'h' && n1 == 'h' && !msvcrt) {
                    sp.hh = 1;
                    i++;
                }
                sp.size = c;
            } else if (c == 'w') {
                sp.wide = 1;
            } else if (c == 'l') {
                if (n1 == 'l') {
                    sp.i64 = 1;
                    i++;
                } else {
                    sp.size = 'l';
                }
            } else if (c == 'I') {
                if (n1 == '6' && n2 == '4') {
                    sp.i64 = 1;
                    i += 2;
                } else if (n1 == '3' && n2 == '2') {
                    i += 2;
                } else if (!is_int_conv(n1)) {
                    break;
                }
            } else if (c == 'j') {
                sp.i64 = 1;
            } else if ((c == 'z' || c == 't') && is_int_conv(n1)) {
                /* size_t and ptrdiff_t are 32 bits */
            } else if ((c != 'F' || !msvcrt) && c != 'N') {
                break;
            }
        }
        if (!c) {
            /* A specifier cut off by the end of the format. */
            o->invalid |= checked;
            break;
        }
        if (o->invalid)
            break;
        i++;
        sp.conv = (unsigned)c;

        switch (c) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': {
            crt_uint64 v;
            int neg = 0, is_signed = c == 'd' || c == 'i';
            if (sp.i64) {
                v = ARG(crt_uint64, i64, PK_I64, 'i', 8);
                if (is_signed && (crt_int64)v < 0) {
                    neg = 1;
                    v = 0 - v;
                }
            } else {
                int isize = sp.hh ? 1 : sp.size == 'h' ? 2 : 4;
                uint32_t u = ARG(uint32_t, i32, PK_I32, 'i', isize);
                if (sp.hh)
                    u = is_signed ? (uint32_t)(int32_t)(int8_t)u : (uint8_t)u;
                else if (sp.size == 'h')
                    u = is_signed ? (uint32_t)(int32_t)(int16_t)u : (uint16_t)u;
                if (is_signed && (int32_t)u < 0) {
                    neg = 1;
                    u = 0 - u;
                }
                v = u;
            }
            fmt_int(o, &sp, v, neg);
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            fmt_float(o, &sp, ARG(double, d, PK_DBL, 'f', 0));
            break;
        case 'p': {
            char buf[12];
            uint32_t v = (uint32_t)(uintptr_t)ARG(void *, p, PK_PTR, 'p', 0);
            int k, n = 0;
            if (sp.flags & F_ALT) {
                buf[n++] = '0';
                buf[n++] = 'X';
            }
            for (k = 7; k >= 0; k--)
                buf[n++] = "0123456789ABCDEF"[(v >> (k * 4)) & 15];
            sp.flags &= ~F_ZERO;
            sp.prec = -1;
            fmt_str(o, &sp, buf, n);
            break;
        }
        case 's': case 'S': {
            int w = arg_is_wide(&sp, fmt_wide, options);
            void *p = ARG(void *, p, PK_PTR, 's', w);
            if (w) {
                if (fmt_wstr(o, &sp, p ? p : null_wstr, -1) < 0) {
                    o->error = 1;
                    return;
                }
            } else {
                fmt_str(o, &sp, p ? p : null_str, -1);
            }
            break;
        }
        case 'c': case 'C': {
            int w = arg_is_wide(&sp, fmt_wide, options);
            int ch = (int)ARG(uint32_t, i32, PK_I32, 'c', w);
            if (w) {
                crt_wchar wc = (crt_wchar)ch;
                char mb[8];
                if (!o->sink->wide && crt_wctomb_cp(mb, wc) < 0)
                    fmt_str(o, &sp, "", 0);
                else
                    fmt_wstr(o, &sp, &wc, 1);
            } else {
                char b = (char)ch;
                fmt_str(o, &sp, &b, 1);
            }
            break;
        }
        case 'n': {
            void *p = ARG(void *, p, PK_PTR, 'n', 0);
            if (!msvcrt && !crt_printf_count_output) {
                /* ucrtbase: an invalid parameter unless enabled */
                crt_errno = CRT_EINVAL;
                o->error = 1;
                return;
            }
            if (o->scan)
                break;
            if (sp.size == 'h')
                *(short *)p = (short)o->count;
            else
                *(int *)p = o->count;
            break;
        }
        default:
            if (checked) {
                /* The _p family validates: no unknown conversions. */
                o->invalid = 1;
                break;
            }
            if (fmt_wide) {
                crt_wchar w = (crt_wchar)c;
                out_units(o, &w, 1);
            } else {
                char b = (char)c;
                out_units(o, &b, 1);
            }
            break;
        }
    }
}

#if defined(CRT_UCRT) && !CRT_HOST
void __cdecl _invalid_parameter_noinfo(void);
#endif

/* The _p family: pass 1 checks the format and records the positional
 * arguments' types; pass 2 formats. Apart, so that plain calls do not
 * carry the argument table on their stack. */
static __attribute__((noinline)) void format_positional(struct out *o, const void *fmt,
                                                        int fmt_wide, struct args *a)
{
    struct crt_posctx pc;

    memset(pc.type, 0, sizeof pc.type);
    pc.max = 0;
    pc.scan = 1;
    a->pc = &pc;
    o->scan = 1;
    format_pass(o, fmt, fmt_wide, a);
    if (!o->invalid && !o->error && a->mode == PM_POSITIONAL && pos_fill(&pc, a->ap) < 0)
        o->invalid = 1;
    pc.scan = 0;
    o->scan = 0;
    o->count = 0;
    if (o->invalid || o->error)
        return;
    if (a->mode != PM_POSITIONAL) {
        /* A plain format, checked: formatted as usual. */
        a->pc = NULL;
        a->mode = PM_UNKNOWN;
    }
    format_pass(o, fmt, fmt_wide, a);
}

int crt_format_opt(struct crt_sink *sink, const void *fmt, int fmt_wide, unsigned options,
                   va_list ap_in)
{
    struct out o = { sink, 0, 0, 0, 0, options };
    struct args a;

    va_copy(a.ap, ap_in);
    a.pc = NULL;
    a.mode = PM_UNKNOWN;
    if (options & CRT_FMT_POSITIONAL)
        format_positional(&o, fmt, fmt_wide, &a);
    else
        format_pass(&o, fmt, fmt_wide, &a);
    va_end(a.ap);
    if (o.invalid) {
        crt_errno = CRT_EINVAL;
#if defined(CRT_UCRT) && !CRT_HOST
        _invalid_parameter_noinfo();
#endif
        return -1;
    }
    return o.error ? -1 : o.count;
}

static int strsink_put(struct crt_sink *s, const void *units, int n)
{
    struct crt_strsink *ss = (struct crt_strsink *)s;
    size_t unit = s->wide ? sizeof(crt_wchar) : 1;

    if (ss->len < ss->cap) {
        size_t k = ss->cap - ss->len < (size_t)n ? ss->cap - ss->len : (size_t)n;
        memcpy((char *)ss->buf + ss->len * unit, units, k * unit);
    }
    ss->len += n;
    return 0;
}

void crt_strsink_init(struct crt_strsink *s, void *buf, size_t cap, int wide)
{
    s->base.wide = wide;
    s->base.put = strsink_put;
    s->buf = buf;
    s->cap = buf ? cap : 0;
    s->len = 0;
}
