/* Integer parsing (strtol family, atoi family) and formatting (_itoa
 * family), narrow and wide.
 *
 * msvcrt's rules: leading white space and one sign are skipped; base 0
 * picks 16 for "0x", 8 for "0", else 10; base 16 accepts "0x". Without a
 * digit nothing is converted and *end is the start of the string (even
 * after "0x"). strtol/_strtoi64 clamp to their range with ERANGE; strtoul
 * and _strtoui64 negate a negative value and clamp only on overflow. The
 * ato* functions do not check overflow: they wrap like msvcrt's. */
#include "crt.h"

static unsigned unit_at(const void *s, int wide, size_t i)
{
    return wide ? ((const crt_wchar *)s)[i] : ((const unsigned char *)s)[i];
}

static int is_space_unit(unsigned c, int wide)
{
    return wide ? iswctype((crt_wchar)c, CRT_SPACE) != 0 : crt_isspace(c);
}

static int digit_value(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'z')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'Z')
        return (int)(c - 'A' + 10);
    if (c >= 0xff10 && c <= 0xff19)     /* fullwidth digits */
        return (int)(c - 0xff10);
    return 99;
}

/* Parses an integer; *consumed gets the units used (0: no conversion).
 * The result is the value modulo 2^64, already clamped on overflow:
 * signed parses to [-(max_pos + 1), max_pos], unsigned to max_pos. */
crt_uint64 crt_strtoi_core(const void *str, int wide, size_t *consumed, int base,
                           int is_signed, crt_uint64 max_pos, int *overflow)
{
    size_t i = 0;
    int neg = 0, any = 0, d;
    crt_uint64 acc = 0, limit;
    unsigned c;

    *consumed = 0;
    *overflow = 0;
    if (base < 0 || base == 1 || base > 36)
        return 0;
    while (is_space_unit(unit_at(str, wide, i), wide))
        i++;
    c = unit_at(str, wide, i);
    if (c == '-' || c == '+') {
        neg = c == '-';
        c = unit_at(str, wide, ++i);
    }
    if ((base == 0 || base == 16) && c == '0' &&
        (unit_at(str, wide, i + 1) == 'x' || unit_at(str, wide, i + 1) == 'X')) {
        base = 16;
        i += 2;
    } else if (base == 0) {
        base = c == '0' ? 8 : 10;
    }
    limit = is_signed && neg ? max_pos + 1 : max_pos;
    for (;; i++) {
        d = digit_value(unit_at(str, wide, i));
        if (d >= base)
            break;
        any = 1;
        if (acc > (limit - (crt_uint64)d) / (crt_uint64)base)
            *overflow = 1;
        else
            acc = acc * (crt_uint64)base + (crt_uint64)d;
    }
    if (!any)
        return 0;
    *consumed = i;
    if (*overflow)
        return is_signed ? (neg ? 0 - (max_pos + 1) : max_pos) : max_pos;
    return neg ? 0 - acc : acc;
}

static crt_uint64 parse(const void *s, void **end, int base, int wide, int is_signed,
                        crt_uint64 max)
{
    size_t used;
    int ovf;
    crt_uint64 v = crt_strtoi_core(s, wide, &used, base, is_signed, max, &ovf);

    if (end)
        *end = (char *)s + used * (wide ? sizeof(crt_wchar) : 1);
    if (ovf)
        crt_errno = CRT_ERANGE;
    return v;
}

crt_long __cdecl strtol(const char *s, char **end, int base)
{
    return (crt_long)parse(s, (void **)end, base, 0, 1, 0x7fffffff);
}

crt_ulong __cdecl strtoul(const char *s, char **end, int base)
{
    return (crt_ulong)parse(s, (void **)end, base, 0, 0, 0xffffffffu);
}

crt_int64 __cdecl _strtoi64(const char *s, char **end, int base)
{
    return (crt_int64)parse(s, (void **)end, base, 0, 1, 0x7fffffffffffffffull);
}

crt_uint64 __cdecl _strtoui64(const char *s, char **end, int base)
{
    return parse(s, (void **)end, base, 0, 0, ~0ull);
}

crt_long __cdecl wcstol(const crt_wchar *s, crt_wchar **end, int base)
{
    return (crt_long)parse(s, (void **)end, base, 1, 1, 0x7fffffff);
}

crt_ulong __cdecl wcstoul(const crt_wchar *s, crt_wchar **end, int base)
{
    return (crt_ulong)parse(s, (void **)end, base, 1, 0, 0xffffffffu);
}

crt_int64 __cdecl _wcstoi64(const crt_wchar *s, crt_wchar **end, int base)
{
    return (crt_int64)parse(s, (void **)end, base, 1, 1, 0x7fffffffffffffffull);
}

crt_uint64 __cdecl _wcstoui64(const crt_wchar *s, crt_wchar **end, int base)
{
    return parse(s, (void **)end, base, 1, 0, ~0ull);
}

/* The ato* family: decimal, no overflow check, wrapping arithmetic. */
static crt_uint64 ato(const void *s, int wide)
{
    size_t i = 0;
    crt_uint64 acc = 0;
    int neg = 0;
    unsigned c;

    while (is_space_unit(unit_at(s, wide, i), wide))
        i++;
    c = unit_at(s, wide, i);
    if (c == '-' || c == '+') {
        neg = c == '-';
        i++;
    }
    while (crt_isdigit(c = unit_at(s, wide, i))) {
        acc = acc * 10 + (c - '0');
        i++;
    }
    return neg ? 0 - acc : acc;
}

int __cdecl atoi(const char *s) { return (int)(uint32_t)ato(s, 0); }
crt_long __cdecl atol(const char *s) { return (crt_long)(uint32_t)ato(s, 0); }
crt_int64 __cdecl _atoi64(const char *s) { return (crt_int64)ato(s, 0); }
int __cdecl _wtoi(const crt_wchar *s) { return (int)(uint32_t)ato(s, 1); }
crt_long __cdecl _wtol(const crt_wchar *s) { return (crt_long)(uint32_t)ato(s, 1); }
crt_int64 __cdecl _wtoi64(const crt_wchar *s) { return (crt_int64)ato(s, 1); }

/* Formats v in radix 2..36, lower-case digits; a '-' only when neg. */
static void *xtoa(crt_uint64 v, int neg, void *out, int radix, int wide)
{
    char buf[72];
    int n = 0, i;

    if (radix < 2 || radix > 36)
        radix = 10;
    do {
        buf[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % (unsigned)radix];
        v /= (unsigned)radix;
    } while (v);
    if (neg)
        buf[n++] = '-';
    for (i = 0; i < n; i++) {
        if (wide)
            ((crt_wchar *)out)[i] = (unsigned char)buf[n - 1 - i];
        else
            ((char *)out)[i] = buf[n - 1 - i];
    }
    if (wide)
        ((crt_wchar *)out)[n] = 0;
    else
        ((char *)out)[n] = 0;
    return out;
}

/* Signed conversions show a sign only in radix 10; other radixes print
 * the two's complement bits. */
static crt_uint64 mag(crt_int64 v, int radix, int *neg)
{
    *neg = radix == 10 && v < 0;
    return *neg ? 0 - (crt_uint64)v : (crt_uint64)v;
}

char *__cdecl _itoa(int v, char *s, int radix)
{
    int neg;
    crt_uint64 m = radix == 10 ? mag(v, radix, &neg) : (neg = 0, (uint32_t)v);
    return xtoa(m, neg, s, radix, 0);
}

char *__cdecl _ltoa(crt_long v, char *s, int radix)
{
    return _itoa((int)v, s, radix);
}

char *__cdecl _ultoa(crt_ulong v, char *s, int radix)
{
    return xtoa(v, 0, s, radix, 0);
}

char *__cdecl _i64toa(crt_int64 v, char *s, int radix)
{
    int neg;
    crt_uint64 m = mag(v, radix, &neg);
    return xtoa(m, neg, s, radix, 0);
}

char *__cdecl _ui64toa(crt_uint64 v, char *s, int radix)
{
    return xtoa(v, 0, s, radix, 0);
}

crt_wchar *__cdecl _itow(int v, crt_wchar *s, int radix)
{
    int neg;
    crt_uint64 m = radix == 10 ? mag(v, radix, &neg) : (neg = 0, (uint32_t)v);
    return xtoa(m, neg, s, radix, 1);
}

crt_wchar *__cdecl _ltow(crt_long v, crt_wchar *s, int radix)
{
    return _itow((int)v, s, radix);
}

crt_wchar *__cdecl _ultow(crt_ulong v, crt_wchar *s, int radix)
{
    return xtoa(v, 0, s, radix, 1);
}

crt_wchar *__cdecl _i64tow(crt_int64 v, crt_wchar *s, int radix)
{
    int neg;
    crt_uint64 m = mag(v, radix, &neg);
    return xtoa(m, neg, s, radix, 1);
}

crt_wchar *__cdecl _ui64tow(crt_uint64 v, crt_wchar *s, int radix)
{
    return xtoa(v, 0, s, radix, 1);
}

int __cdecl abs(int v) { return v < 0 ? -v : v; }
crt_long __cdecl labs(crt_long v) { return v < 0 ? -v : v; }
crt_int64 __cdecl _abs64(crt_int64 v) { return v < 0 ? -v : v; }

/* div and ldiv return their struct in EDX:EAX, which is what a 64-bit
 * integer return does on i386. */
crt_uint64 __cdecl div(int num, int den)
{
    int q = num / den, r = num % den;
    return (uint32_t)q | ((crt_uint64)(uint32_t)r << 32);
}

crt_uint64 __cdecl ldiv(crt_long num, crt_long den)
{
    return div((int)num, (int)den);
}

unsigned int __cdecl _rotl(unsigned int v, int n)
{
    n &= 31;
    return n ? (v << n) | (v >> (32 - n)) : v;
}

unsigned int __cdecl _rotr(unsigned int v, int n)
{
    n &= 31;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

crt_ulong __cdecl _lrotl(crt_ulong v, int n) { return _rotl(v, n); }
crt_ulong __cdecl _lrotr(crt_ulong v, int n) { return _rotr(v, n); }
