/* The math functions, on the x87 unit as msvcrt.dll computes them: the
 * transcendental instructions work in 64-bit precision and the result is
 * rounded once to double. Domain errors give msvcrt's default NaN
 * (-1.#IND) with EDOM, overflow +-inf with ERANGE. floor, ceil, modf,
 * frexp and ldexp work on the bits and are exact. */
#include "crtio.h"

typedef long double ld;

static double bits2d(uint64_t u)
{
    union { uint64_t u; double d; } x = { u };
    return x.d;
}

static uint64_t d2bits(double d)
{
    union { double d; uint64_t u; } x = { d };
    return x.u;
}

#define IND_BITS 0xfff8000000000000ull
#define INF_BITS 0x7ff0000000000000ull
#define LOG2E 1.4426950408889634073599246810018921L

static int is_nan(double x)
{
    return (d2bits(x) & ~(1ull << 63)) > INF_BITS;
}

static int is_inf(double x)
{
    return (d2bits(x) & ~(1ull << 63)) == INF_BITS;
}

static double domain_error(void)
{
    crt_errno = CRT_EDOM;
    return bits2d(IND_BITS);
}

/* Rounds an extended result to double and flags overflow. */
static double finish(ld r)
{
    double d = (double)r;

    if (is_inf(d))
        crt_errno = CRT_ERANGE;
    return d;
}

double __cdecl fabs(double x)
{
    return bits2d(d2bits(x) & ~(1ull << 63));
}

/* fsqrt at 53-bit precision rounds once, so the result is the correctly
 * rounded square root even when a program runs the x87 at 64 bits (MinGW's
 * start-up code does). */
double __cdecl sqrt(double x)
{
    unsigned short cw, cw53;
    ld r;

    if (is_nan(x))
        return x;
    if (x < 0)
        return domain_error();
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    cw53 = (unsigned short)((cw & ~0x300) | 0x200);
    __asm__ volatile("fldcw %0" : : "m"(cw53));
    __asm__ volatile("fsqrt" : "=t"(r) : "0"((ld)x));
    __asm__ volatile("fldcw %0" : : "m"(cw));
    return (double)r;
}

static ld x87_log2_times(ld y, ld x)
{
    ld r;

    /* fyl2x: st1 * log2(st0) */
    __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

/* log(x) = log_base(2) * log2(x) with msvcrt's special cases: NaN passes,
 * negative is a domain error, zero is -inf with ERANGE, +inf stays. */
static double log_scaled(double x, ld log_of_2)
{
    if (is_nan(x))
        return x;
    if (x < 0)
        return domain_error();
    if (x == 0) {
        crt_errno = CRT_ERANGE;
        return bits2d(INF_BITS | (1ull << 63));
    }
    if (is_inf(x))
        return x;
    return (double)x87_log2_times(log_of_2, x);
}

static __attribute__((noinline)) double log_impl(double x)
{
    return log_scaled(x, 0.6931471805599453094172321214581766L);
}

static __attribute__((noinline)) double log10_impl(double x)
{
    return log_scaled(x, 0.3010299956639811952137388947244930L);
}

/* 2^t in extended precision: f2xm1 on the fraction, fscale for the rest. */
static ld exp2_ld(ld t)
{
    ld i, f, r;

    __asm__("frndint" : "=t"(i) : "0"(t));
    f = t - i;
    __asm__("f2xm1" : "=t"(r) : "0"(f));
    r += 1;
    __asm__("fscale" : "=t"(r) : "0"(r), "u"(i));
    return r;
}

static __attribute__((noinline)) double exp_impl(double x)
{
    if (is_nan(x))
        return x;
    if (is_inf(x))
        return x > 0 ? x : 0.0;
    if (x > 709.79)
        return finish(exp2_ld(16384));
    if (x < -745.2)
        return 0.0;
    return finish(exp2_ld((ld)x * LOG2E));
}

static int is_integer(double y)
{
    double f;
    __asm__("frndint" : "=t"(f) : "0"(y));
    return f == y;
}

static __attribute__((noinline)) double pow_impl(double x, double y)
{
    ld r, b;
    int neg = 0;
    uint64_t n;

    if (y == 0)
        return 1.0;
    if (is_nan(x) || is_nan(y))
        return is_nan(x) ? x : y;
    if (x == 0) {
        /* C99 F.9.4.4: an odd integer power keeps the sign of the zero. */
        uint64_t sign = (d2bits(x) >> 63) && is_integer(y) && !is_integer(y / 2) ? 1ull << 63 : 0;

        if (y < 0) {
            crt_errno = CRT_ERANGE;
            return bits2d(INF_BITS | sign);
        }
        return bits2d(sign);
    }
    if (x < 0) {
        if (!is_integer(y))
            return domain_error();
        /* odd integer powers keep the sign */
        neg = !is_integer(y / 2);
        x = -x;
    }
    if (is_integer(y) && y >= -64 && y <= 64) {
        /* Exact for small integer powers, by squaring in extended. */
        n = (uint64_t)(y < 0 ? -y : y);
        r = 1;
        b = x;
        for (; n; n >>= 1, b *= b)
            if (n & 1)
                r *= b;
        if (y < 0)
            r = 1 / r;
    } else {
        ld t = x87_log2_times(y, x);
        if (t > 16384)
            t = 16384;
        if (t < -16384)
            t = -16384;
        r = exp2_ld(t);
    }
    return finish(neg ? -r : r);
}

/* pi/2 in three parts (40, 40 and 64 bits), so k * part is exact in
 * extended precision for the k of |x| < 2^23. */
static const ld PIO2_1 = 0xc90fdaa221p-39L;
static const ld PIO2_2 = 0xd18469898dp-80L;
static const ld PIO2_3 = -0xeba3f91f1976b7eep-146L;

/* The first 1216 bits of 2/pi after the binary point. */
static const uint32_t two_over_pi[38] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041,
    0xfe5163ab, 0xdebbc561, 0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c,
    0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484, 0xe99c7026, 0xb45f7e41,
    0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
    0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d,
    0x7527bac7, 0xebe5f17b, 0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08,
    0x56033046, 0xfc7b6bab
};

static unsigned int two_over_pi_bit(int i)
{
    if (i < 1 || i > 38 * 32)
        return 0;
    i--;
    return (two_over_pi[i / 32] >> (31 - i % 32)) & 1;
}

/* Payne-Hanek reduction for |x| >= 2^23: with x = m * 2^e, only the bits
 * b[e-1 .. e+190] of 2/pi matter for x * 2/pi mod 4 (higher ones give
 * multiples of 4); their product with m holds the quadrant above bit 190
 * and the fraction below it. */
static ld reduce_big(double x, int *quadrant)
{
    uint64_t u = d2bits(x), m = (u & ((1ull << 52) - 1)) | (1ull << 52), hi, lo, carry;
    int e = (int)((u >> 52) & 0x7ff) - 1075, j, k, q;
    uint32_t w[6] = { 0 }, p[9] = { 0 };
    ld f;

    for (j = 0; j < 6; j++)
        for (k = 0; k < 32; k++)
            w[j] |= two_over_pi_bit(e - 1 + 32 * j + k) << (31 - k);
    /* p = m * w, w big-endian, p little-endian 32-bit words */
    for (j = 5; j >= 0; j--) {
        carry = 0;
        for (k = 0; k < 2; k++) {
            uint64_t mk = (m >> (32 * k)) & 0xffffffff;
            int at = (5 - j) + k;
            uint64_t v = mk * w[j] + p[at] + carry;
            p[at] = (uint32_t)v;
            carry = v >> 32;
        }
        for (k = 7 - j; carry && k < 9; k++) {
            uint64_t v = (uint64_t)p[k] + carry;
            p[k] = (uint32_t)v;
            carry = v >> 32;
        }
    }
    /* bits 190.. are the integer part, 62..189 the top of the fraction */
    q = (int)((p[5] >> 30) & 3);
    hi = ((uint64_t)(p[5] & 0x3fffffff) << 34) | ((uint64_t)p[4] << 2) | (p[3] >> 30);
    lo = ((uint64_t)(p[3] & 0x3fffffff) << 34) | ((uint64_t)p[2] << 2) | (p[1] >> 30);
    f = (ld)hi * 0x1p-64L + (ld)lo * 0x1p-128L;
    if (f >= 0.5L) {
        f -= 1;
        q++;
    }
    f *= 1.57079632679489661923132169163975144L;
    if (u >> 63) {
        f = -f;
        q = -q;
    }
    *quadrant = q & 3;
    return f;
}

/* x minus the nearest multiple k of pi/2, and k mod 4. fsin/fcos reduce
 * with a 66-bit pi of their own, which loses most digits of results near
 * multiples of pi; reducing here first keeps them within an ulp. */
static ld reduce(double x, int *quadrant)
{
    ld t = (ld)x * 0.63661977236758134307553505349005744813783858296182L, r;
    long long k;

    if (x > -8388608.0 && x < 8388608.0) {
        k = (long long)(t + (t >= 0 ? 0.5L : -0.5L));
        r = (((ld)x - (ld)k * PIO2_1) - (ld)k * PIO2_2) - (ld)k * PIO2_3;
        *quadrant = (int)(k & 3);
        return r;
    }
    return reduce_big(x, quadrant);
}

static ld x87_sin(ld r)
{
    ld v;
    __asm__("fsin" : "=t"(v) : "0"(r));
    return v;
}

static ld x87_cos(ld r)
{
    ld v;
    __asm__("fcos" : "=t"(v) : "0"(r));
    return v;
}

static ld x87_tan(ld r)
{
    ld one, v;
    __asm__("fptan" : "=t"(one), "=u"(v) : "0"(r));
    return v;
}

static __attribute__((noinline)) double sin_impl(double x)
{
    int q;
    ld r;

    if (is_nan(x))
        return x;
    if (is_inf(x))
        return domain_error();
    if (x == 0)
        return x;               /* sin(-0) is -0; the reduction loses the sign */
    r = reduce(x, &q);
    switch (q) {
    case 0: return (double)x87_sin(r);
    case 1: return (double)x87_cos(r);
    case 2: return (double)-x87_sin(r);
    default: return (double)-x87_cos(r);
    }
}

static __attribute__((noinline)) double cos_impl(double x)
{
    int q;
    ld r;

    if (is_nan(x))
        return x;
    if (is_inf(x))
        return domain_error();
    r = reduce(x, &q);
    switch (q) {
    case 0: return (double)x87_cos(r);
    case 1: return (double)-x87_sin(r);
    case 2: return (double)-x87_cos(r);
    default: return (double)x87_sin(r);
    }
}

static __attribute__((noinline)) double tan_impl(double x)
{
    int q;
    ld r;

    if (is_nan(x))
        return x;
    if (is_inf(x))
        return domain_error();
    if (x == 0)
        return x;               /* tan(-0) is -0 */
    r = reduce(x, &q);
    return (double)((q & 1) ? -1 / x87_tan(r) : x87_tan(r));
}

static ld x87_atan2(ld y, ld x)
{
    ld r;

    /* fpatan: atan(st1 / st0) */
    __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

static __attribute__((noinline)) double atan_impl(double x)
{
    if (is_nan(x))
        return x;
    return (double)x87_atan2(x, 1.0L);
}

static __attribute__((noinline)) double atan2_impl(double y, double x)
{
    if (is_nan(x) || is_nan(y))
        return is_nan(x) ? x : y;
    return (double)x87_atan2(y, x);
}

static __attribute__((noinline)) double asin_impl(double x)
{
    ld s;

    if (is_nan(x))
        return x;
    if (x > 1 || x < -1)
        return domain_error();
    /* (1 - x)(1 + x), not 1 - x*x: near |x| = 1 the product x*x loses
     * the low bits that the difference consists of. */
    __asm__("fsqrt" : "=t"(s) : "0"((1 - (ld)x) * (1 + (ld)x)));
    return (double)x87_atan2(x, s);
}

static __attribute__((noinline)) double acos_impl(double x)
{
    ld s;

    if (is_nan(x))
        return x;
    if (x > 1 || x < -1)
        return domain_error();
    /* (1 - x)(1 + x), not 1 - x*x: near |x| = 1 the product x*x loses
     * the low bits that the difference consists of. */
    __asm__("fsqrt" : "=t"(s) : "0"((1 - (ld)x) * (1 + (ld)x)));
    return (double)x87_atan2(s, x);
}

/* e^x - 1 without cancellation for small x: f2xm1 is exact near zero. */
static ld expm1_ld(ld x)
{
    ld t = x * LOG2E, r;

    if (t >= -1 && t <= 1) {
        __asm__("f2xm1" : "=t"(r) : "0"(t));
        return r;
    }
    return exp2_ld(t) - 1;
}

static __attribute__((noinline)) double sinh_impl(double x)
{
    ld e, u;

    if (is_nan(x) || is_inf(x))
        return x;
    if (x > -1 && x < 1) {
        u = expm1_ld(x);
        return (double)((u + u / (u + 1)) / 2);
    }
    e = exp2_ld((ld)x * LOG2E);
    return finish((e - 1 / e) / 2);
}

static __attribute__((noinline)) double cosh_impl(double x)
{
    ld e;

    if (is_nan(x))
        return x;
    if (is_inf(x))
        return fabs(x);
    e = exp2_ld((ld)x * LOG2E);
    return finish((e + 1 / e) / 2);
}

static __attribute__((noinline)) double tanh_impl(double x)
{
    ld u;

    if (is_nan(x))
        return x;
    if (x > 40)
        return 1.0;
    if (x < -40)
        return -1.0;
    u = expm1_ld(2 * (ld)x);
    return (double)(u / (u + 2));
}

double __cdecl fmod(double x, double y)
{
    ld r = x;
    unsigned short sw;

    if (is_nan(x) || is_nan(y))
        return is_nan(x) ? x : y;
    if (y == 0 || is_inf(x))
        return domain_error();
    if (is_inf(y))
        return x;
    do
        __asm__("fprem\n\tfnstsw %%ax" : "=t"(r), "=a"(sw) : "0"(r), "u"((ld)y));
    while (sw & 0x400);
    return (double)r;
}

/* Truncates toward zero on the bits: no rounding mode involved. */
static double trunc_bits(double x)
{
    uint64_t u = d2bits(x);
    int e = (int)((u >> 52) & 0x7ff) - 1023;

    if (e >= 52)
        return x;
    if (e < 0)
        return bits2d(u & (1ull << 63));
    return bits2d(u & ~((1ull << (52 - e)) - 1));
}

double __cdecl floor(double x)
{
    double t;

    if (is_nan(x) || is_inf(x))
        return x;
    t = trunc_bits(x);
    return (x < 0 && t != x) ? t - 1 : t;
}

double __cdecl ceil(double x)
{
    double t;

    if (is_nan(x) || is_inf(x))
        return x;
    t = trunc_bits(x);
    return (x > 0 && t != x) ? t + 1 : t;
}

double __cdecl modf(double x, double *ip)
{
    double t;

    if (is_nan(x)) {
        *ip = x;
        return x;
    }
    if (is_inf(x)) {
        *ip = x;
        return bits2d(d2bits(x) & (1ull << 63));
    }
    t = trunc_bits(x);
    *ip = t;
    return bits2d(d2bits(x - t) | (d2bits(x) & (1ull << 63)));
}

double __cdecl frexp(double x, int *e)
{
    uint64_t u = d2bits(x);
    int ex = (int)((u >> 52) & 0x7ff);

    *e = 0;
    if (ex == 0x7ff || x == 0)
        return x;
    if (!ex) {
        /* subnormal: normalize by 2^54 first */
        x *= 18014398509481984.0;
        u = d2bits(x);
        ex = (int)((u >> 52) & 0x7ff) - 54;
    }
    *e = ex - 1022;
    return bits2d((u & ~(0x7ffull << 52)) | (1022ull << 52));
}

double __cdecl ldexp(double x, int n)
{
    ld r;

    if (is_nan(x) || is_inf(x) || x == 0)
        return x;
    if (n > 4096)
        n = 4096;
    if (n < -4096)
        n = -4096;
    __asm__("fscale" : "=t"(r) : "0"((ld)x), "u"((ld)n));
    return finish(r);
}

static __attribute__((noinline)) double _hypot_impl(double x, double y)
{
    ld r;

    if (is_inf(x) || is_inf(y))
        return bits2d(INF_BITS);
    if (is_nan(x) || is_nan(y))
        return is_nan(x) ? x : y;
    __asm__("fsqrt" : "=t"(r) : "0"((ld)x * x + (ld)y * y));
    return finish(r);
}

struct crt_complex {
    double x, y;
};

double __cdecl _hypot(double x, double y);

double __cdecl _cabs(struct crt_complex z)
{
    return _hypot(z.x, z.y);
}

int __cdecl _finite(double x)
{
    return ((d2bits(x) >> 52) & 0x7ff) != 0x7ff;
}

int __cdecl _isnan(double x)
{
    return is_nan(x);
}

/* _fpclass: the _FPCLASS_* bits of float.h. */
int __cdecl _fpclass(double x)
{
    uint64_t u = d2bits(x);
    int neg = (int)(u >> 63), e = (int)((u >> 52) & 0x7ff);
    uint64_t m = u & ((1ull << 52) - 1);

    if (e == 0x7ff) {
        if (!m)
            return neg ? 0x0004 : 0x0200;                   /* NINF, PINF */
        return (m >> 51) ? 0x0002 : 0x0001;                 /* QNAN, SNAN */
    }
    if (!e)
        return m ? (neg ? 0x0010 : 0x0080) : (neg ? 0x0020 : 0x0040);
    return neg ? 0x0008 : 0x0100;                           /* NN, PN */
}

double __cdecl _copysign(double x, double y)
{
    return bits2d((d2bits(x) & ~(1ull << 63)) | (d2bits(y) & (1ull << 63)));
}

double __cdecl _chgsign(double x)
{
    return bits2d(d2bits(x) ^ (1ull << 63));
}

double __cdecl _logb(double x)
{
    int e;

    if (is_nan(x))
        return x;
    if (x == 0) {
        crt_errno = CRT_EDOM;
        return bits2d(INF_BITS | (1ull << 63));
    }
    if (is_inf(x))
        return bits2d(INF_BITS);
    frexp(x, &e);
    return e - 1;
}

double __cdecl _scalb(double x, crt_long n)
{
    return ldexp(x, (int)n);
}

double __cdecl _nextafter(double x, double y)
{
    uint64_t u = d2bits(x);

    if (is_nan(x) || is_nan(y))
        return is_nan(x) ? x : y;
    if (x == y)
        return y;
    if (x == 0)
        return bits2d((d2bits(y) & (1ull << 63)) | 1);
    if ((x < y) == !(u >> 63))
        u++;
    else
        u--;
    return bits2d(u);
}


/* The x87 work above assumes 64-bit precision (exact products in the
 * argument reduction, extended intermediates), but Windows starts threads
 * at 53 bits and programs may change the rounding mode. Each entry point
 * runs its body at 64 bits, round to nearest, and restores the caller's
 * control word after the result is rounded to double. The bodies are out
 * of line so the compiler cannot move their arithmetic across the switch. */
static unsigned short fpu_enter(void)
{
    unsigned short cw, work;

    __asm__ volatile("fnstcw %0" : "=m"(cw) : : "memory");
    work = (unsigned short)((cw & ~0x0f00) | 0x0300);
    __asm__ volatile("fldcw %0" : : "m"(work) : "memory");
    return cw;
}

static void fpu_leave(unsigned short cw)
{
    __asm__ volatile("fldcw %0" : : "m"(cw) : "memory");
}

#define WRAP1(name)                                 \
    double __cdecl name(double x)                   \
    {                                               \
        unsigned short cw = fpu_enter();            \
        volatile double r = name##_impl(x);         \
        fpu_leave(cw);                              \
        return r;                                   \
    }

#define WRAP2(name)                                 \
    double __cdecl name(double a, double b)         \
    {                                               \
        unsigned short cw = fpu_enter();            \
        volatile double r = name##_impl(a, b);      \
        fpu_leave(cw);                              \
        return r;                                   \
    }

WRAP1(log)
WRAP1(log10)
WRAP1(exp)
WRAP1(sin)
WRAP1(cos)
WRAP1(tan)
WRAP1(atan)
WRAP1(asin)
WRAP1(acos)
WRAP1(sinh)
WRAP1(cosh)
WRAP1(tanh)
WRAP2(pow)
WRAP2(atan2)
WRAP2(_hypot)

#if defined(__i386__) && !defined(CRT_HOST_TEST)
/* _CIxxx: MSVC's intrinsic forms, argument(s) and result on the x87 stack
 * (_CIpow and friends take st1 op st0). They call the C functions above. */
#define CI1(name, fn)                                                         \
    __asm__(".globl __" #name "\n__" #name ":\n\t"                            \
            "subl $8, %esp\n\tfstpl (%esp)\n\tcall _" #fn "\n\t"              \
            "addl $8, %esp\n\tret\n");
#define CI2(name, fn)                                                         \
    __asm__(".globl __" #name "\n__" #name ":\n\t"                            \
            "subl $16, %esp\n\tfstpl 8(%esp)\n\tfstpl (%esp)\n\tcall _" #fn "\n\t" \
            "addl $16, %esp\n\tret\n");

CI1(CIsqrt, sqrt)
CI1(CIsin, sin)
CI1(CIcos, cos)
CI1(CItan, tan)
CI1(CIatan, atan)
CI1(CIasin, asin)
CI1(CIacos, acos)
CI1(CIexp, exp)
CI1(CIlog, log)
CI1(CIlog10, log10)
CI1(CIsinh, sinh)
CI1(CIcosh, cosh)
CI1(CItanh, tanh)
CI2(CIpow, pow)
CI2(CIatan2, atan2)
CI2(CIfmod, fmod)

/* _ftol: st0 to a 64-bit integer in EDX:EAX, truncating, whatever the
 * rounding mode (MSVC's cast code). */
__asm__(".globl __ftol\n__ftol:\n\t"
        "subl $12, %esp\n\t"
        "fnstcw 8(%esp)\n\t"
        "movw 8(%esp), %ax\n\t"
        "orw $0x0c00, %ax\n\t"
        "movw %ax, 10(%esp)\n\t"
        "fldcw 10(%esp)\n\t"
        "fistpll (%esp)\n\t"
        "fldcw 8(%esp)\n\t"
        "movl (%esp), %eax\n\t"
        "movl 4(%esp), %edx\n\t"
        "addl $12, %esp\n\t"
        "ret\n");
#endif

/* HUGE_VAL of msvcrt's math.h reads this variable. */
double _HUGE = __builtin_inf();
