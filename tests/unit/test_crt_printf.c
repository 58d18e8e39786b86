/* The printf engine of our msvcrt against msvcrt.dll's documented output.
 * Expected strings are native results as recorded by Wine's conformance
 * tests (dlls/msvcrt/tests/printf.c) and Microsoft's format documentation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest/msvcrt/crt.h"

static char buf[1024];

static int fmt(const char *f, ...)
{
    struct crt_strsink s;
    va_list ap;
    int r;

    crt_strsink_init(&s, buf, sizeof(buf) - 1, 0);
    va_start(ap, f);
    r = crt_format(&s.base, f, 0, ap);
    va_end(ap);
    buf[s.len < sizeof(buf) - 1 ? s.len : sizeof(buf) - 1] = 0;
    return r;
}

#define CHECK(expect, ...)                                  \
    do {                                                    \
        int r_ = fmt(__VA_ARGS__);                          \
        assert_string_equal(buf, expect);                   \
        assert_int_equal(r_, (int)strlen(expect));          \
    } while (0)

static double make(uint64_t bits)
{
    union { uint64_t u; double d; } x = { bits };
    return x.d;
}

static void test_printf_integers_follow_msvcrt(void **state)
{
    (void)state;
    CHECK("-8589934591", "%I64d", (long long)0xffffffffULL * 0xffffffffULL);
    CHECK("    +100", "%+8I64d", 100LL);
    CHECK("+00000100", "%+.8I64d", 100LL);
    CHECK(" +00000100", "%+10.8I64d", 100LL);
    CHECK("_1I64d", "%_1I64d", 100LL);
    CHECK("-00100", "%-1.5I64d", -100LL);
    CHECK(" -100", "%5I64d", -100LL);
    CHECK("-100 ", "%-5I64d", -100LL);
    CHECK("-00100  ", "%-8.5I64d", -100LL);
    CHECK("-0100", "%05I64d", -100LL);
    CHECK(" 100", "% I64d", 100LL);
    CHECK("  -00100", "% 8.5I64d", -100LL);
    CHECK("", "%.0I64d", 0LL);
    CHECK(" 0x00ffffffffffffff9c", "%#+21.18I64x", -100LL);
    CHECK("0001777777777777777777634", "%#.25I64o", -100LL);
    CHECK(" 01777777777777777777634", "%#+24.20I64o", -100LL);
    CHECK("0X00000FFFFFFFFFFFFFF9C", "%#+18.21I64X", -100LL);
    CHECK("001777777777777777777634", "%#+20.24I64o", -100LL);
    CHECK("   0018446744073709551615", "%#+25.22I64u", -1LL);
    CHECK("  -0000000000000000000001", "%+#25.22I64d", -1LL);
    CHECK("00144   ", "%#-8.5I64o", 100LL);
    CHECK("+00100  ", "%#-+ 08.5I64d", 100LL);
    CHECK(" 00000000000000000000000000000000000000000000000000000000000000000000000000000001",
          "% .80d", 1);
    CHECK("-8589934591", "%lld", (long long)0xffffffffULL * 0xffffffffULL);
    CHECK("1", "%I32d", 1);
    CHECK("0x0000000001", "%#012x", 1);
    CHECK("000000000000", "%#012x", 0);
    CHECK("0x00000001", "%#04.8x", 1);
    CHECK("00000000", "%#04.8x", 0);
    CHECK("0x01    ", "%#-08.2x", 1);
    CHECK("00      ", "%#-08.2x", 0);
    CHECK("0x1", "%#.0x", 1);
    CHECK("", "%#.0x", 0);
    CHECK("00000001", "%#08o", 1);
    CHECK("01", "%#o", 1);
    CHECK("0", "%#o", 0);
    CHECK("1234", "%3d", 1234);
    CHECK("2", "%-1d", 2);
    CHECK("-1", "%-i", -1);
    CHECK("+1", "%+i", 1);
    CHECK("12", "%o", 10);
    CHECK("4294967295", "%u", -1);
    CHECK("2345", "%hx", 0x12345);
    CHECK("123", "%hhx", 0x123);
    CHECK("2345", "%hhx", 0x12345);
    CHECK("-1", "%jd", -1LL);
    CHECK("1", "%zx", 1);
    CHECK("1", "%tx", 1);
    CHECK("123456 1", "%Ix %d", 0x123456, 1);
    CHECK(" 1", "% d", 1);
    CHECK("+1", "%+ d", 1);
    CHECK("          3", "%*1d", 1, 3);
    CHECK("0000000002", "%0*0d", 1, 2);
    CHECK(" 7", "% *2d", 0, 7);
    CHECK("foo  ", "%*s", -5, "foo");
}

static void test_printf_unknown_conversions_print_themselves(void **state)
{
    (void)state;
    CHECK("I", "%I", 1);
    CHECK("Iq", "%Iq", 1);
    CHECK("Ihd", "%Ihd", 1);
    CHECK("I0d", "%I0d", 1);
    CHECK("D", "%I64D", -1LL);
    CHECK("z", "%z", 1);
    CHECK("t", "%t", 1);
    CHECK("b", "%b");
    CHECK("", "%3h");
    CHECK("kmqrtvyz", "%k%m%q%r%t%v%y%z");
    CHECK("", "%w", -1);
    CHECK("", "%h", -1);
    CHECK("", "%j", -1LL);
    CHECK("", "%F", -1);
    CHECK("", "%N", -1);
    CHECK("H", "%H", -1);
    CHECK("%0", "%%0");
    CHECK("0s", "%w0s", u"wide");
    CHECK("-s", "%w-s", u"wide");
}

static void test_printf_strings_and_chars(void **state)
{
    (void)state;
    CHECK("wide", "%S", u"wide");
    CHECK("0001", "%04c", '1');
    CHECK("1   ", "%-04c", '1');
    CHECK("0foo", "%04s", "foo");
    CHECK("f", "%.1s", "foo");
    CHECK("f", "%.*s", 1, "foo");
    CHECK("hello", "hello");
    CHECK("wide", "%ws", u"wide");
    CHECK("wide      ", "%-10ws", u"wide");
    CHECK("      wide", "%10ws", u"wide");
    CHECK("wide", "%#+ -03whlls", u"wide");
    CHECK("wide", "%ls", u"wide");
    CHECK("not wide", "%Ls", "not wide");
    CHECK("  a", "%3c", 'a');
    CHECK("(null)", "%s", (char *)NULL);
    CHECK("%%%%", "%s", "%%%%");
    CHECK("xXx", "x%cx", 0x100 + 'X');
    CHECK("\x82", "%c", 0xa082);
    CHECK("a", "%C", 'a');
    CHECK("", "%C", 0x3042);
    CHECK("ab", "a%Cb", 0x3042);
    /* A wide string that does not convert fails the whole call. */
    assert_int_equal(fmt("%S", u"\x3042"), -1);
}

static void test_printf_pointers_are_eight_uppercase_digits(void **state)
{
    (void)state;
    CHECK("00000039", "%p", (void *)57);
    CHECK("  0X00000039", "%#012p", (void *)57);
    CHECK("00000039", "%Fp", (void *)57);
    CHECK("00000039", "%Np", (void *)57);
    CHECK("0X00000039  ", "%#-012p", (void *)57);
    CHECK("00000000", "%p", (void *)0);
}

static void test_printf_doubles_follow_msvcrt(void **state)
{
    (void)state;
    CHECK("+7.894561230000000e+008", "%+#23.15e", 789456123.0);
    CHECK("7.894561230000000e+008 ", "%-#23.15e", 789456123.0);
    CHECK(" 7.894561230000000e+008", "%#23.15e", 789456123.0);
    CHECK("8.e+008", "%#1.1g", 789456123.0);
    CHECK("8.6000", "%2.4f", 8.6);
    CHECK("0.600000", "%0f", 0.6);
    CHECK("1", "%.0f", 0.6);
    CHECK("8.6000e+000", "%2.4e", 8.6);
    CHECK(" 8.6000e+000", "% 2.4e", 8.6);
    CHECK(" 008.6000e+000", "% 014.4e", 8.6);
    CHECK("-8.6000e+000", "% 2.4e", -8.6);
    CHECK("+8.6000e+000", "%+2.4e", 8.6);
    CHECK("8.6", "%2.4g", 8.6);
    CHECK("1.000000e+000", "%e", 1.0);
    CHECK("1.230000E+000", "%E", 1.23);
    CHECK("-2", "%.0f", -1.5);
    CHECK("-1", "%.0f", -0.5);
    CHECK("1", "%.0f", 0.5);
    CHECK("2", "%.0f", 1.5);
    CHECK("3", "%.0f", 2.5);
    CHECK("0.333333333333333310000000000000", "%.30f", 1.0 / 3.0);
    CHECK("1.414213562373095100000000000000", "%.30lf", 1.4142135623730951);
    CHECK("0.10000000000000001000", "%.20f", 0.1);
    CHECK("3.141593", "%f", 3.141592653590000);
    CHECK("3.1415926536", "%.10f", 3.141592653590000);
    CHECK("3.14159265359", "%.11f", 3.141592653590000);
    CHECK("3.141592653590000", "%.15f", 3.141592653590000);
    CHECK("3.141592653589793", "%.15f", 3.14159265358979323846);
    CHECK("37.8662615745371", "%.13f", 37.866261574537077);
    CHECK("37.86626157453708", "%.14f", 37.866261574537077);
    CHECK("37.866261574537077", "%.15f", 37.866261574537077);
    CHECK("0.0005", "%g", 0.0005);
    CHECK("5e-005", "%g", 0.00005);
    CHECK("5e-006", "%g", 0.000005);
    CHECK("1e+015", "%g", 999999999999999.0);
    CHECK("1e+015", "%g", 1000000000000000.0);
    CHECK("0.0005", "%.15g", 0.0005);
    CHECK("5e-005", "%.15g", 0.00005);
    CHECK("999999999999999", "%.15g", 999999999999999.0);
    CHECK("1e+015", "%.15g", 1000000000000000.0);
    CHECK("0.000000", "%f", 0.0);
    CHECK("-0.000000", "%f", -0.0);
    CHECK("0", "%g", 0.0);
    CHECK("0.000000e+000", "%e", 0.0);
    CHECK("1.797693e+308", "%e", 1.7976931348623157e308);
    CHECK("4.940656e-324", "%e", 4.9406564584124654e-324);
    CHECK("100000000000000000000.000000", "%f", 1e20);
    CHECK("123456789012345680000.0", "%.1f", 123456789012345678901.0);
}

static void test_printf_specials_print_msvcrt_strings(void **state)
{
    double inf = make(0x7ff0000000000000ULL), ind = make(0xfff8000000000000ULL);
    double qnan = make(0x7ff8000000000000ULL);

    (void)state;
    CHECK("-1.#IND00", "%lf", ind);
    CHECK("1.#QNAN0", "%lf", qnan);
    CHECK("1.#INF00", "%lf", inf);
    CHECK("-1.#INF00", "%f", -inf);
    CHECK("-1.#IND00e+000", "%le", ind);
    CHECK("1.#QNAN0e+000", "%le", qnan);
    CHECK("1.#INF00e+000", "%le", inf);
    CHECK("-1.#IND", "%lg", ind);
    CHECK("1.#QNAN", "%lg", qnan);
    CHECK("1.#INF", "%lg", inf);
    CHECK("-000001.#J", "%010.2lf", ind);
    CHECK("0000001.#R", "%010.2lf", qnan);
    CHECK("0000001.#J", "%010.2lf", inf);
}

static void test_printf_two_digit_exponent_mode(void **state)
{
    (void)state;
    crt_output_format = 1;
    CHECK("1.230000E+00", "%E", 1.23);
    CHECK("1e+15", "%g", 1e15);
    CHECK("1.000000e+100", "%e", 1e100);
    crt_output_format = 0;
}

static void test_printf_hex_floats(void **state)
{
    (void)state;
    CHECK("0x1.0000000000000p+0", "%a", 1.0);
    CHECK("-0x1.8000000000000p+1", "%a", -3.0);
    CHECK("0x1.0p+0", "%.1a", 1.0);
    CHECK("0x2p+0", "%.0a", 1.9);
    CHECK("0X0.0000000000000P+0", "%A", 0.0);
}

static int fmt_into(char *out, size_t cap, size_t *len, const char *f, ...)
{
    struct crt_strsink s;
    va_list ap;
    int r;

    crt_strsink_init(&s, out, cap, 0);
    va_start(ap, f);
    r = crt_format(&s.base, f, 0, ap);
    va_end(ap);
    *len = s.len;
    return r;
}

static void test_printf_n_counts_and_sinks_count_overflow(void **state)
{
    char small[8];
    size_t len;
    int n = 0;

    (void)state;
    CHECK("asdf", "asdf%n", &n);
    assert_int_equal(n, 4);

    /* The string sink stores what fits and counts the rest, which is what
     * _snprintf, snprintf and _vscprintf build on. */
    memset(small, 'x', sizeof(small));
    assert_int_equal(fmt_into(small, 8, &len, "muchlonger"), 10);
    assert_int_equal(len, 10);
    assert_memory_equal(small, "muchlong", 8);
    assert_int_equal(fmt_into(NULL, 0, &len, "%s %d", "number", 1), 8);
    assert_int_equal(len, 8);
}

static int wfmt(crt_wchar *out, size_t cap, const crt_wchar *f, ...)
{
    struct crt_strsink s;
    va_list ap;
    int r;

    crt_strsink_init(&s, out, cap - 1, 1);
    va_start(ap, f);
    r = crt_format(&s.base, f, 1, ap);
    va_end(ap);
    out[s.len < cap - 1 ? s.len : cap - 1] = 0;
    return r;
}

static void test_wprintf_shares_the_engine(void **state)
{
    crt_wchar out[64];

    (void)state;
    assert_int_equal(wfmt(out, 64, u"%s %d", u"number", 123), 10);
    assert_memory_equal(out, u"number 123", 11 * 2);
    assert_int_equal(wfmt(out, 64, u"%S|%hs|%c|%C", "narrow", "hs", 0x3042, 'n'), 13);
    assert_memory_equal(out, u"narrow|hs|\x3042|n", 14 * 2);
    assert_int_equal(wfmt(out, 64, u"%+#23.15e", 789456123.0), 23);
    assert_memory_equal(out, u"+7.894561230000000e+008", 24 * 2);
    assert_int_equal(wfmt(out, 64, u"%I64d", (long long)0xffffffffULL * 0xffffffffULL), 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printf_integers_follow_msvcrt),
        cmocka_unit_test(test_printf_unknown_conversions_print_themselves),
        cmocka_unit_test(test_printf_strings_and_chars),
        cmocka_unit_test(test_printf_pointers_are_eight_uppercase_digits),
        cmocka_unit_test(test_printf_doubles_follow_msvcrt),
        cmocka_unit_test(test_printf_specials_print_msvcrt_strings),
        cmocka_unit_test(test_printf_two_digit_exponent_mode),
        cmocka_unit_test(test_printf_hex_floats),
        cmocka_unit_test(test_printf_n_counts_and_sinks_count_overflow),
        cmocka_unit_test(test_wprintf_shares_the_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
