/* Decimal text to double: strtod, atof, wcstod, _wtof.
 *
 * msvcrt's syntax: white space, a sign, digits with an optional point, and
 * an exponent introduced by e, E, d or D (the FORTRAN spellings are
 * msvcrt's). It knows no "inf", "nan" or hex floats; those parse as no
 * number. The result is correctly rounded (nearest, ties to even), computed
 * exactly with big integers: value = digits * 10^e becomes a quotient of two
 * big integers whose leading 55 bits and remainder decide the rounding. No
 * floating-point arithmetic is involved, so the x87 precision setting does
 * not matter. Overflow gives +-HUGE_VAL and underflow to zero gives 0, both
 * with ERANGE.
 *
 * ucrtbase (CRT_UCRT) also takes what C99 adds, as Microsoft documents for
 * the UCRT's strtod: "inf"/"infinity", "nan" and "nan(chars)" in any case,
 * and hexadecimal floats "0x1.8p3" (correctly rounded, ties to even). */
#include "crt.h"

#define BIG_LIMBS 132       /* 4224 bits: 10^1131 shifted by 56 fits */
#define MAX_DIGITS 800      /* halfway points of doubles need <= 768 */

struct big {
    uint32_t l[BIG_LIMBS];
    int n;
};

static void big_trim(struct big *b)
{
    while (b->n > 0 && !b->l[b->n - 1])
        b->n--;
}

static void big_mul_add(struct big *b, uint32_t m, uint32_t add)
{
    uint64_t carry = add;
    int i;

    for (i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->l[i] * m + carry;
        b->l[i] = (uint32_t)v;
        carry = v >> 32;
    }
    if (carry)
        b->l[b->n++] = (uint32_t)carry;
}

static void big_mul_pow10(struct big *b, int e)
{
    for (; e >= 9; e -= 9)
        big_mul_add(b, 1000000000u, 0);
    if (e > 0) {
        uint32_t p = 1;
        while (e--)
            p *= 10;
        big_mul_add(b, p, 0);
    }
}

static void big_shl(struct big *b, int bits)
{
    int words = bits / 32, sh = bits % 32, i;

    if (!b->n || bits <= 0)
        return;
    b->l[b->n] = 0;
    for (i = b->n; i >= 0; i--) {
        uint32_t v = b->l[i] << sh;
        if (sh && i > 0)
            v |= b->l[i - 1] >> (32 - sh);
        b->l[i + words] = v;
    }
    for (i = 0; i < words; i++)
        b->l[i] = 0;
    b->n += words + 1;
    big_trim(b);
}

static void big_shr1(struct big *b)
{
    int i;

    for (i = 0; i < b->n; i++)
        b->l[i] = (b->l[i] >> 1) | (i + 1 < b->n ? b->l[i + 1] << 31 : 0);
    big_trim(b);
}

static int big_cmp(const struct big *a, const struct big *b)
{
    int i;

    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (i = a->n - 1; i >= 0; i--)
        if (a->l[i] != b->l[i])
            return a->l[i] < b->l[i] ? -1 : 1;
    return 0;
}

static void big_sub(struct big *a, const struct big *b)
{
    uint64_t borrow = 0;
    int i;

    for (i = 0; i < a->n; i++) {
        uint64_t v = (uint64_t)a->l[i] - (i < b->n ? b->l[i] : 0) - borrow;
        a->l[i] = (uint32_t)v;
        borrow = (v >> 32) & 1;
    }
    big_trim(a);
}

static int big_bitlen(const struct big *b)
{
    uint32_t top;
    int n;

    if (!b->n)
        return 0;
    top = b->l[b->n - 1];
    for (n = 0; top; n++)
        top >>= 1;
    return (b->n - 1) * 32 + n;
}

/* floor(a / b) for a quotient below 2^57; a keeps the remainder. */
static uint64_t big_div_small_quotient(struct big *a, struct big *b)
{
    uint64_t q = 0;
    int k;

    big_shl(b, 56);
    for (k = 56; k >= 0; k--) {
        if (big_cmp(a, b) >= 0) {
            big_sub(a, b);
            q |= 1ull << k;
        }
        big_shr1(b);
    }
    return q;
}

static double make_double(int neg, uint64_t bits)
{
    union { uint64_t u; double d; } x;

    x.u = bits | ((uint64_t)neg << 63);
    return x.d;
}

/* digits[0..n) (no leading zeros) times 10^e10, correctly rounded. */
static double convert(const char *digits, int n, int e10, int neg, int *err)
{
    struct big a, b;
    uint64_t q, mant, rem, half, bits;
    int i, sh, len, lead, keep, drop, sticky, up;

    if (n + e10 > 310) {
        *err = CRT_ERANGE;
        return make_double(neg, 0x7ff0000000000000ull);
    }
    if (n + e10 < -330) {
        *err = CRT_ERANGE;
        return make_double(neg, 0);
    }
    /* Small integers convert exactly through the integer path. */
    if (e10 >= 0 && n + e10 <= 15) {
        q = 0;
        for (i = 0; i < n; i++)
            q = q * 10 + (uint64_t)(digits[i] - '0');
        for (i = 0; i < e10; i++)
            q *= 10;
        return neg ? -(double)(int64_t)q : (double)(int64_t)q;
    }

    a.n = 1;
    a.l[0] = 0;
    for (i = 0; i < n; i++) {
        big_mul_add(&a, 10, (uint32_t)(digits[i] - '0'));
        big_trim(&a);
        if (!a.n)
            a.n = 1;
    }
    b.n = 1;
    b.l[0] = 1;
    if (e10 >= 0)
        big_mul_pow10(&a, e10);
    else
        big_mul_pow10(&b, -e10);

    /* Scale so the quotient has 55 or 56 bits: lead bit of value = L-1-sh. */
    sh = 55 - (big_bitlen(&a) - big_bitlen(&b));
    if (sh > 0)
        big_shl(&a, sh);
    else
        big_shl(&b, -sh);
    q = big_div_small_quotient(&a, &b);
    sticky = a.n != 0;
    for (len = 0; len < 64 && (q >> len); len++)
        ;
    lead = len - 1 - sh;
    if (lead > 1023) {
        *err = CRT_ERANGE;
        return make_double(neg, 0x7ff0000000000000ull);
    }
    keep = lead >= -1022 ? 53 : lead + 1075;
    drop = len - keep;
    if (drop > 63) {
        *err = CRT_ERANGE;
        return make_double(neg, 0);
    }
    mant = drop > 0 ? q >> drop : q;
    rem = drop > 0 ? q & ((1ull << drop) - 1) : 0;
    half = drop > 0 ? 1ull << (drop - 1) : 0;
    up = drop > 0 && (rem > half || (rem == half && (sticky || (mant & 1))));
    mant += up;
    if (lead >= -1022) {
        if (mant >> 53) {
            mant >>= 1;
            lead++;
        }
        if (lead > 1023) {
            *err = CRT_ERANGE;
            return make_double(neg, 0x7ff0000000000000ull);
        }
        bits = ((uint64_t)(lead + 1022) << 52) + mant;
    } else {
        /* Subnormal: a carry into bit 52 yields the smallest normal. */
        bits = mant;
        if (!bits)
            *err = CRT_ERANGE;
    }
    return make_double(neg, bits);
}

static unsigned unit_at(const void *s, int wide, size_t i)
{
    return wide ? ((const crt_wchar *)s)[i] : ((const unsigned char *)s)[i];
}

#ifdef CRT_UCRT
static int lower_at(const void *s, int wide, size_t i)
{
    unsigned c = unit_at(s, wide, i);

    return c >= 'A' && c <= 'Z' ? (int)(c + 32) : (int)c;
}

/* Whether the text at i starts with the lowercase word w (any case). */
static int word_at(const void *s, int wide, size_t i, const char *w)
{
    for (; *w; w++, i++)
        if (lower_at(s, wide, i) != *w)
            return 0;
    return 1;
}

static int hex_value(unsigned c)
{
    if (crt_isdigit(c))
        return (int)(c - '0');
    c |= 32;
    return c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10) : -1;
}

/* m * 2^e2 (m != 0; sticky: nonzero bits below m), rounded to nearest even. */
static double hex_to_double(uint64_t m, int e2, int sticky, int neg, int *err)
{
    int len = 64 - __builtin_clzll(m), e = len - 1 + e2, keep, shift;
    uint64_t rem, half;

    if (e > 1023) {
        *err = CRT_ERANGE;
        return make_double(neg, 0x7ff0000000000000ull);
    }
    keep = e >= -1022 ? 53 : e + 1075;
    if (keep < 0) {
        *err = CRT_ERANGE;
        return make_double(neg, 0);
    }
    shift = len - keep;
    if (shift > 0) {
        rem = shift >= 64 ? m : m & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
        m = shift >= 64 ? 0 : m >> shift;
        if (rem > half || (rem == half && (sticky || (m & 1))))
            m++;
    } else {
        m <<= -shift;
    }
    if (e >= -1022) {
        if (m >> 53) {          /* the rounding carried into a new bit */
            m >>= 1;
            if (++e > 1023) {
                *err = CRT_ERANGE;
                return make_double(neg, 0x7ff0000000000000ull);
            }
        }
        return make_double(neg, ((uint64_t)(e + 1023) << 52) | (m & ((1ull << 52) - 1)));
    }
    if (!m)
        *err = CRT_ERANGE;
    return make_double(neg, m);     /* subnormal; 2^52 is the least normal */
}

/* inf, nan and hex floats at i (after the sign); returns the units used
 * from the start of the string, or 0. */
static size_t ucrt_special(const void *str, int wide, size_t i, int neg, double *out, int *err)
{
    uint64_t m = 0;
    int e2 = 0, sticky = 0, any = 0, v;
    unsigned c;

    if (word_at(str, wide, i, "inf")) {
        *out = make_double(neg, 0x7ff0000000000000ull);
        return i + (word_at(str, wide, i, "infinity") ? 8 : 3);
    }
    if (word_at(str, wide, i, "nan")) {
        size_t j = i + 3;
        *out = make_double(neg, 0x7ff8000000000000ull);
        if (unit_at(str, wide, j) == '(') {
            size_t k = j + 1;
            for (c = unit_at(str, wide, k); crt_isdigit(c) || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '_';
                 c = unit_at(str, wide, ++k))
                ;
            if (c == ')')
                j = k + 1;
        }
        return j;
    }
    if (unit_at(str, wide, i) != '0' || lower_at(str, wide, i + 1) != 'x')
        return 0;
    i += 2;
    for (; (v = hex_value(unit_at(str, wide, i))) >= 0; i++) {
        any = 1;
        if (m >> 56) {
            e2 += 4;
            sticky |= v != 0;
        } else {
            m = m << 4 | (unsigned)v;
        }
    }
    if (unit_at(str, wide, i) == '.') {
        for (i++; (v = hex_value(unit_at(str, wide, i))) >= 0; i++) {
            any = 1;
            if (m >> 56) {
                sticky |= v != 0;
            } else {
                m = m << 4 | (unsigned)v;
                e2 -= 4;
            }
        }
    }
    if (!any)
        return 0;       /* "0x" alone: the "0" parses as decimal */
    if (lower_at(str, wide, i) == 'p') {
        size_t save = i;
        int eneg = 0, exp = 0;
        c = unit_at(str, wide, ++i);
        if (c == '-' || c == '+') {
            eneg = c == '-';
            c = unit_at(str, wide, ++i);
        }
        if (crt_isdigit(c)) {
            for (; crt_isdigit(c); c = unit_at(str, wide, ++i))
                if (exp < 100000)
                    exp = exp * 10 + (int)(c - '0');
            e2 += eneg ? -exp : exp;
        } else {
            i = save;
        }
    }
    *out = m ? hex_to_double(m, e2, sticky, neg, err) : make_double(neg, 0);
    return i;
}
#endif

/* Parses a double at str; *consumed gets the units used (0: no number). */
double crt_strtod_core(const void *str, int wide, size_t *consumed, int *err)
{
    char digits[MAX_DIGITS + 1];
    size_t i = 0, save;
    int n = 0, e10 = 0, neg = 0, any = 0, dropped_nonzero = 0, exp = 0, eneg = 0;
    unsigned c;

    *consumed = 0;
    *err = 0;
    while (wide ? iswctype((crt_wchar)unit_at(str, 1, i), CRT_SPACE) : crt_isspace(unit_at(str, 0, i)))
        i++;
    c = unit_at(str, wide, i);
    if (c == '-' || c == '+') {
        neg = c == '-';
        c = unit_at(str, wide, ++i);
    }
#ifdef CRT_UCRT
    {
        double special;
        size_t used = ucrt_special(str, wide, i, neg, &special, err);
        if (used) {
            *consumed = used;
            return special;
        }
    }
#endif
    for (; crt_isdigit(c); c = unit_at(str, wide, ++i)) {
        any = 1;
        if (!n && c == '0')
            continue;
        if (n < MAX_DIGITS)
            digits[n++] = (char)c;
        else {
            e10++;
            dropped_nonzero |= c != '0';
        }
    }
    if (c == '.') {
        for (c = unit_at(str, wide, ++i); crt_isdigit(c); c = unit_at(str, wide, ++i)) {
            any = 1;
            if (!n && c == '0') {
                e10--;
                continue;
            }
            if (n < MAX_DIGITS) {
                digits[n++] = (char)c;
                e10--;
            } else {
                dropped_nonzero |= c != '0';
            }
        }
    }
    if (!any)
        return 0.0;
    if (c == 'e' || c == 'E' || c == 'd' || c == 'D') {
        save = i;
        c = unit_at(str, wide, ++i);
        if (c == '-' || c == '+') {
            eneg = c == '-';
            c = unit_at(str, wide, ++i);
        }
        if (crt_isdigit(c)) {
            for (; crt_isdigit(c); c = unit_at(str, wide, ++i))
                if (exp < 100000)
                    exp = exp * 10 + (int)(c - '0');
            e10 += eneg ? -exp : exp;
        } else {
            i = save;
        }
    }
    *consumed = i;
    if (!n)
        return make_double(neg, 0);
    /* Digits past MAX_DIGITS only matter as "a bit more than shown". */
    if (dropped_nonzero) {
        digits[n++] = '1';
        e10--;
    }
    return convert(digits, n, e10, neg, err);
}

static double do_strtod(const void *s, void **end, int wide)
{
    size_t used;
    int err;
    double v = crt_strtod_core(s, wide, &used, &err);

    if (end)
        *end = (char *)s + used * (wide ? sizeof(crt_wchar) : 1);
    if (err)
        crt_errno = err;
    return v;
}

double __cdecl strtod(const char *s, char **end)
{
    return do_strtod(s, (void **)end, 0);
}

double __cdecl wcstod(const crt_wchar *s, crt_wchar **end)
{
    return do_strtod(s, (void **)end, 1);
}

double __cdecl atof(const char *s)
{
    return do_strtod(s, NULL, 0);
}

double __cdecl _wtof(const crt_wchar *s)
{
    return do_strtod(s, NULL, 1);
}
