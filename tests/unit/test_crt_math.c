/* Our msvcrt's math functions (x87-based, as msvcrt computes them) against
 * the host's libm, and their msvcrt error conventions: domain errors give
 * the default NaN (-1.#IND) with EDOM, poles and overflow +-inf with
 * ERANGE. Also the floating-point control word mapping of _control87. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

static double h_sqrt(double x) { return sqrt(x); }
static double h_exp(double x) { return exp(x); }
static double h_log(double x) { return log(x); }
static double h_log10(double x) { return log10(x); }
static double h_pow(double x, double y) { return pow(x, y); }
static double h_sin(double x) { return sin(x); }
static double h_cos(double x) { return cos(x); }
static double h_tan(double x) { return tan(x); }
static double h_atan(double x) { return atan(x); }
static double h_atan2(double y, double x) { return atan2(y, x); }
static double h_asin(double x) { return asin(x); }
static double h_acos(double x) { return acos(x); }
static double h_fmod(double x, double y) { return fmod(x, y); }
static double h_sinh(double x) { return sinh(x); }
static double h_tanh(double x) { return tanh(x); }

#include "guest/msvcrt/crtfuncs.h"

double __cdecl sqrt(double x);
double __cdecl exp(double x);
double __cdecl log(double x);
double __cdecl log10(double x);
double __cdecl pow(double x, double y);
double __cdecl sin(double x);
double __cdecl cos(double x);
double __cdecl tan(double x);
double __cdecl atan(double x);
double __cdecl atan2(double y, double x);
double __cdecl asin(double x);
double __cdecl acos(double x);
double __cdecl sinh(double x);
double __cdecl tanh(double x);
double __cdecl fmod(double x, double y);
double __cdecl floor(double x);
double __cdecl ceil(double x);
double __cdecl modf(double x, double *ip);
double __cdecl frexp(double x, int *e);
double __cdecl ldexp(double x, int n);
int __cdecl _finite(double x);
int __cdecl _isnan(double x);
int __cdecl _fpclass(double x);
unsigned int __cdecl _control87(unsigned int v, unsigned int mask);
unsigned int __cdecl _controlfp(unsigned int v, unsigned int mask);
void __cdecl _fpreset(void);
void crt_fpu_init(void);

/* float.c asks kernel32 whether SSE is there (it is on any x86-64). */
int IsProcessorFeaturePresent(unsigned long feature)
{
    return 1;
}

static uint64_t bits(double d)
{
    union { double d; uint64_t u; } x = { d };
    return x.u;
}

static double from_bits(uint64_t u)
{
    union { uint64_t u; double d; } x = { u };
    return x.d;
}

/* Within one unit in the last place. */
static void close_to(double got, double want)
{
    int64_t a = (int64_t)bits(got), b = (int64_t)bits(want);

    if (a != b && (a - b > 1 || b - a > 1))
        fail_msg("got %.17g want %.17g", got, want);
}

static void test_exact_functions(void **state)
{
    double ip;
    int e;
    uint64_t r = 88172645463325252ULL;
    int i;

    (void)state;
    for (i = 0; i < 10000; i++) {
        double x;
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        x = from_bits(r & 0x7fefffffffffffffULL);
        assert_true(bits(sqrt(x)) == bits(h_sqrt(x)));
    }
    assert_true(floor(-2.5) == -3.0 && floor(2.5) == 2.0 && floor(-0.0) == 0.0);
    assert_true(bits(floor(-0.5)) == bits(-1.0));
    assert_true(ceil(-2.5) == -2.0 && ceil(2.1) == 3.0);
    assert_true(bits(ceil(-0.5)) == bits(-0.0));
    assert_true(modf(-3.75, &ip) == -0.75 && ip == -3.0);
    assert_true(frexp(8.0, &e) == 0.5 && e == 4);
    assert_true(frexp(4.9406564584124654e-324, &e) == 0.5 && e == -1073);
    assert_true(ldexp(0.75, 3) == 6.0);
    assert_true(fmod(7.5, 2.0) == 1.5);
    assert_true(fmod(-7.5, 2.0) == -1.5);
    close_to(fmod(1e300, 3.0), h_fmod(1e300, 3.0));
}

static void test_transcendental_functions_match_libm(void **state)
{
    static const double xs[] = { 0.1, 0.5, 1.0, 2.0, 3.14159, 10.0, 100.0, 1e-5, 123.456, 700.0 };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        double x = xs[i];
        close_to(exp(x), h_exp(x));
        close_to(exp(-x), h_exp(-x));
        close_to(log(x), h_log(x));
        close_to(log10(x), h_log10(x));
        close_to(sin(x), h_sin(x));
        close_to(cos(x), h_cos(x));
        close_to(tan(x), h_tan(x));
        close_to(atan(x), h_atan(x));
        close_to(atan2(x, -1.5), h_atan2(x, -1.5));
        close_to(pow(x, 2.5), h_pow(x, 2.5));
        close_to(pow(x, -3.0), h_pow(x, -3.0));
        if (x < 20) {
            close_to(sinh(x), h_sinh(x));
            close_to(tanh(x), h_tanh(x));
        }
        if (x <= 1) {
            close_to(asin(x), h_asin(x));
            close_to(acos(x), h_acos(x));
        }
    }
    assert_true(pow(2.0, 10.0) == 1024.0);
    assert_true(pow(10.0, 2.0) == 100.0);
    assert_true(pow(-2.0, 3.0) == -8.0);
    assert_true(pow(-2.0, 2.0) == 4.0);
    assert_true(pow(12345.0, 0.0) == 1.0);
    assert_true(log10(1000.0) == 3.0);
    close_to(sin(1e22), h_sin(1e22));
}

/* Argument reduction near multiples of pi/2 and for huge arguments. */
static void test_trig_reduction_over_all_magnitudes(void **state)
{
    uint64_t r = 0x2545f4914f6cdd1dULL;
    int i;

    (void)state;
    for (i = 0; i < 20000; i++) {
        double x;
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        /* exponents from 2^-30 to 2^1000 */
        x = from_bits(((r % 1030 + 993) << 52) | (r & ((1ULL << 52) - 1)));
        if (r & (1ULL << 63))
            x = -x;
        close_to(sin(x), h_sin(x));
        close_to(cos(x), h_cos(x));
    }
    close_to(sin(3.141592653589793), h_sin(3.141592653589793));
    close_to(cos(1.5707963267948966), h_cos(1.5707963267948966));
    close_to(tan(1.5707963267948966), h_tan(1.5707963267948966));
    close_to(sin(6755399441055744.0 * 3.14159), h_sin(6755399441055744.0 * 3.14159));
}

/* Windows starts threads with the x87 at 53 bits (0x27f); results must
 * not depend on it. */
static void test_results_do_not_depend_on_x87_precision(void **state)
{
    unsigned short saved, win = 0x27f;

    __asm__ volatile("fnstcw %0" : "=m"(saved));
    __asm__ volatile("fldcw %0" : : "m"(win));
    test_transcendental_functions_match_libm(state);
    test_trig_reduction_over_all_magnitudes(state);
    __asm__ volatile("fldcw %0" : : "m"(saved));
}

static void test_msvcrt_error_conventions(void **state)
{
    (void)state;
    crt_errno = 0;
    assert_true(bits(sqrt(-1.0)) == 0xfff8000000000000ULL);
    assert_int_equal(crt_errno, CRT_EDOM);
    crt_errno = 0;
    assert_true(bits(log(0.0)) == 0xfff0000000000000ULL);
    assert_int_equal(crt_errno, CRT_ERANGE);
    crt_errno = 0;
    assert_true(bits(log(-1.0)) == 0xfff8000000000000ULL);
    assert_int_equal(crt_errno, CRT_EDOM);
    crt_errno = 0;
    assert_true(bits(exp(1000.0)) == 0x7ff0000000000000ULL);
    assert_int_equal(crt_errno, CRT_ERANGE);
    crt_errno = 0;
    assert_true(bits(pow(-8.0, 1.0 / 3)) == 0xfff8000000000000ULL);
    assert_int_equal(crt_errno, CRT_EDOM);
    crt_errno = 0;
    assert_true(bits(fmod(1.0, 0.0)) == 0xfff8000000000000ULL);
    assert_int_equal(crt_errno, CRT_EDOM);
    assert_true(_isnan(from_bits(0x7ff8000000000000ULL)) && !_finite(1.0 / 0.0 + 0 * 0));
    assert_int_equal(_fpclass(-0.0), 0x0020);
    assert_int_equal(_fpclass(1.0), 0x0100);
    assert_int_equal(_fpclass(from_bits(0xfff0000000000000ULL)), 0x0004);
}

static void test_control_word_mapping(void **state)
{
    unsigned short saved;
    unsigned int csr;

    (void)state;
    __asm__ volatile("fnstcw %0" : "=m"(saved));
    __asm__ volatile("stmxcsr %0" : "=m"(csr));
    crt_fpu_init();
    _fpreset();
    /* Windows' default: _RC_NEAR | _PC_53 | all exceptions masked. */
    assert_int_equal(_control87(0, 0), 0x9001f);
    assert_int_equal(_controlfp(0x300, 0x300), 0x9031f);       /* _RC_CHOP */
    assert_int_equal(_control87(0x20000, 0x30000), 0xa031f);   /* _PC_24 */
    assert_int_equal(_controlfp(0, 0x10), 0xa030f);            /* unmask invalid */
    _fpreset();
    assert_int_equal(_control87(0, 0), 0x9001f);
    __asm__ volatile("fldcw %0" : : "m"(saved));
    __asm__ volatile("ldmxcsr %0" : : "m"(csr));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_functions),
        cmocka_unit_test(test_transcendental_functions_match_libm),
        cmocka_unit_test(test_trig_reduction_over_all_magnitudes),
        cmocka_unit_test(test_results_do_not_depend_on_x87_precision),
        cmocka_unit_test(test_msvcrt_error_conventions),
        cmocka_unit_test(test_control_word_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
