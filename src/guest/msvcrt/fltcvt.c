/* The decimal digits of a double, the way msvcrt.dll produces them for
 * printf, _ecvt, _fcvt and _gcvt.
 *
 * msvcrt.dll converts a double to at most 17 significant digits (its
 * $I10_OUTPUT, called by _fltout with 17) and then rounds that digit string
 * again, half up, to what the format asks for; digits past the 17th print as
 * zeros. Wine's conformance tests record it (dlls/msvcrt/tests/printf.c):
 * printf("%.30f", 1.0/3) is "0.333333333333333310000000000000" and
 * _ecvt(123456789012345678901.0, 30) is "123456789012345680000000000000";
 * "%.0f" of 0.5, 1.5, -0.5 gives "1", "2", "-1". (ucrtbase prints exact
 * digits instead.) We compute the exact decimal expansion with a big integer
 * and round it half up to 17 digits, so nothing here depends on the x87
 * precision setting.
 *
 * Infinities and NaNs become the digit strings "1#INF", "1#IND" (the x87
 * default NaN, sign set), "1#QNAN" and "1#SNAN" with the decimal point after
 * the first digit; the same rounding then yields msvcrt's "1.#INF00",
 * "-1.#IND00", "1.#QNAN0" and, at precision 2, "1.#J" and "1.#R". */
#include "crt.h"

#define LIMB_BASE 1000000000u
#define MAX_LIMBS 96    /* m * 5^1074 has 767 digits: 86 limbs */

struct decbig {
    uint32_t l[MAX_LIMBS];      /* base 10^9, least significant first */
    int n;
};

static void decbig_mul(struct decbig *b, uint32_t m)
{
    uint64_t carry = 0;
    int i;

    for (i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->l[i] * m + carry;
        b->l[i] = (uint32_t)(v % LIMB_BASE);
        carry = v / LIMB_BASE;
    }
    while (carry) {
        b->l[b->n++] = (uint32_t)(carry % LIMB_BASE);
        carry /= LIMB_BASE;
    }
}

static int digits_of(uint32_t v)
{
    int n = 1;

    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

static void set_special(struct crt_digits *out, const char *s)
{
    int i;

    for (i = 0; s[i]; i++)
        out->d[i] = s[i];
    out->n = i;
    out->decpt = 1;
    out->kind = CRT_FLT_SPECIAL;
}

/* Rounds the digit string half up so that `keep` digits remain, and drops
 * trailing zeros. The carry rule works on any character: '#' + 1 is '$',
 * which is what msvcrt prints for rounded NaN and infinity strings. */
void crt_round_digits(struct crt_digits *dg, int keep)
{
    int up, i;

    if (dg->kind == CRT_FLT_ZERO || keep >= dg->n)
        return;
    if (keep < 0) {
        dg->n = 0;
        return;
    }
    up = dg->d[keep] >= '5';
    dg->n = keep;
    if (up) {
        for (i = keep - 1; i >= 0 && dg->d[i] == '9'; i--)
            ;
        if (i < 0) {
            dg->d[0] = '1';
            dg->n = 1;
            dg->decpt++;
        } else {
            dg->d[i]++;
            dg->n = i + 1;
        }
    }
    while (dg->n > 0 && dg->d[dg->n - 1] == '0')
        dg->n--;
}

/* Fills `out` with at most 17 significant digits of v, rounded half up
 * from its exact binary value. */
void crt_fltcvt(double v, struct crt_digits *out)
{
    crt_fltcvt_n(v, out, CRT_DBL_DIGITS);
}

/* At most `max` digits; with CRT_DBL_EXACT_DIGITS the exact expansion. */
void crt_fltcvt_n(double v, struct crt_digits *out, int max)
{
    union { double d; uint64_t u; } x;
    struct decbig b;
    uint64_t m;
    int e, q, total, i, k, top;
    char tmp[10];

    x.d = v;
    out->neg = (int)(x.u >> 63);
    e = (int)((x.u >> 52) & 0x7ff);
    m = x.u & ((1ull << 52) - 1);

    if (e == 0x7ff) {
        if (!m)
            set_special(out, "1#INF");
        else if (!(m & (1ull << 51)))
            set_special(out, "1#SNAN");
        else if (out->neg && m == (1ull << 51))
            set_special(out, "1#IND");
        else
            set_special(out, "1#QNAN");
        return;
    }
    if (!e && !m) {
        out->n = 0;
        out->decpt = 1;
        out->kind = CRT_FLT_ZERO;
        return;
    }
    out->kind = CRT_FLT_FINITE;
    if (e)
        m |= 1ull << 52;
    else
        e = 1;
    q = e - 1075;               /* v = m * 2^q */

    b.l[0] = (uint32_t)(m % LIMB_BASE);
    b.l[1] = (uint32_t)(m / LIMB_BASE % LIMB_BASE);
    b.l[2] = (uint32_t)(m / LIMB_BASE / LIMB_BASE);
    b.n = b.l[2] ? 3 : b.l[1] ? 2 : 1;
    for (k = q; k > 0; k -= 29)
        decbig_mul(&b, 1u << (k < 29 ? k : 29));
    /* m * 2^q = m * 5^-q / 10^-q: the digits of m * 5^-q, point moved. */
    for (k = -q; k > 0; k -= 13) {
        uint32_t p = 1;
        for (i = 0; i < (k < 13 ? k : 13); i++)
            p *= 5;
        decbig_mul(&b, p);
    }

    top = digits_of(b.l[b.n - 1]);
    total = top + 9 * (b.n - 1);
    out->decpt = total - (q < 0 ? -q : 0);

    /* The first max + 1 digits: max to keep and one to round on. */
    if (max > CRT_DBL_EXACT_DIGITS)
        max = CRT_DBL_EXACT_DIGITS;
    out->n = 0;
    for (i = b.n - 1; i >= 0 && out->n < max + 1; i--) {
        uint32_t limb = b.l[i];
        int len = (i == b.n - 1) ? top : 9;
        for (k = len - 1; k >= 0; k--) {
            tmp[k] = (char)('0' + limb % 10);
            limb /= 10;
        }
        for (k = 0; k < len && out->n < max + 1; k++)
            out->d[out->n++] = tmp[k];
    }
    crt_round_digits(out, max);
    while (out->d[out->n - 1] == '0')
        out->n--;
}

/* _ecvt/_fcvt's work: `ndigits` significant digits (fixed == 0) or digits
 * after the point (fixed != 0), padded with zeros, into buf. */
char *crt_cvt(double v, int ndigits, int fixed, int *decpt, int *sign, char *buf, size_t size)
{
    struct crt_digits dg;
    int keep, i, len;

    crt_fltcvt(v, &dg);
    *sign = dg.neg;
    if (dg.kind == CRT_FLT_ZERO) {
        /* msvcrt reports zero with the point before the first digit. */
        dg.decpt = 0;
    }
    keep = fixed ? dg.decpt + ndigits : ndigits;
    crt_round_digits(&dg, keep);
    if (fixed)
        keep = dg.decpt + ndigits;  /* a carry moved the point */
    len = keep < 0 ? 0 : keep;
    if ((size_t)len >= size)
        len = (int)size - 1;
    for (i = 0; i < len; i++)
        buf[i] = i < dg.n ? dg.d[i] : '0';
    buf[len] = 0;
    *decpt = dg.decpt;
    return buf;
}
