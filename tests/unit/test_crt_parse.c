/* Number parsing and scanning of our msvcrt: strtol/strtoul/_strtoi64 and
 * atoi (msvcrt's overflow rules), strtod (correct rounding, msvcrt's
 * syntax), the 17-digit conversion behind printf, and the scanf engine.
 * The exact conversions are also checked against the host C library,
 * which rounds correctly, on many random values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Host libc versions, taken before crt.h renames the CRT's names. */
static double host_strtod(const char *s) { return strtod(s, NULL); }
static int host_snprintf_e(char *b, size_t n, int prec, double v) { return snprintf(b, n, "%.*e", prec, v); }
static int host_snprintf_exp(char *b, size_t n, int e) { return snprintf(b, n, "e%d", e); }

#include "guest/msvcrt/crtfuncs.h"

static uint64_t bits_of(double d)
{
    union { double d; uint64_t u; } x = { d };
    return x.u;
}

static void test_strtol_follows_msvcrt_rules(void **state)
{
    char *end;
    const char *s;

    (void)state;
    assert_int_equal(strtol("  -123abc", &end, 10), -123);
    assert_string_equal(end, "abc");
    assert_int_equal(strtol("0x1F", &end, 0), 31);
    assert_int_equal(strtol("017", &end, 0), 15);
    assert_int_equal(strtol("ff", &end, 16), 255);
    assert_int_equal(strtol("0xff", &end, 16), 255);
    crt_errno = 0;
    assert_int_equal(strtol("2147483648", &end, 10), 0x7fffffff);
    assert_int_equal(crt_errno, CRT_ERANGE);
    crt_errno = 0;
    assert_int_equal(strtol("-2147483648", &end, 10), (crt_long)0x80000000);
    assert_int_equal(crt_errno, 0);
    assert_int_equal(strtol("-2147483649", &end, 10), (crt_long)0x80000000);
    assert_int_equal(crt_errno, CRT_ERANGE);
    /* No digits: nothing converted, end at the very start. */
    s = "  xyz";
    assert_int_equal(strtol(s, &end, 10), 0);
    assert_ptr_equal(end, s);
    s = "0xg";
    assert_int_equal(strtol(s, &end, 16), 0);
    assert_ptr_equal(end, s);
    assert_int_equal(strtol("12", &end, 1), 0);

    assert_int_equal(strtoul("-1", &end, 10), 0xffffffffu);
    crt_errno = 0;
    assert_int_equal(strtoul("4294967296", &end, 10), 0xffffffffu);
    assert_int_equal(crt_errno, CRT_ERANGE);
    assert_true(_strtoi64("-9223372036854775808", &end, 10) == INT64_MIN);
    assert_true(_strtoi64("9223372036854775808", &end, 10) == INT64_MAX);
    assert_true(_strtoui64("18446744073709551615", &end, 10) == UINT64_MAX);
    assert_int_equal(wcstol(u" -42z", NULL, 10), -42);
}

static void test_atoi_wraps_like_msvcrt(void **state)
{
    (void)state;
    assert_int_equal(atoi("  +42xyz"), 42);
    assert_int_equal(atoi("-17"), -17);
    assert_int_equal(atoi("4294967297"), 1);
    assert_true(_atoi64("-9000000000") == -9000000000LL);
    assert_int_equal(_wtoi(u"123"), 123);
}

static void test_itoa_family(void **state)
{
    char b[80];
    crt_wchar w[40];

    (void)state;
    assert_string_equal(_itoa(-255, b, 10), "-255");
    assert_string_equal(_itoa(-1, b, 16), "ffffffff");
    assert_string_equal(_itoa(255, b, 2), "11111111");
    assert_string_equal(_ultoa(4294967295u, b, 36), "1z141z3");
    assert_string_equal(_i64toa(-9223372036854775807LL - 1, b, 10), "-9223372036854775808");
    assert_string_equal(_i64toa(-1, b, 16), "ffffffffffffffff");
    assert_string_equal(_ui64toa(~0ULL, b, 10), "18446744073709551615");
    _itow(-12, w, 10);
    assert_memory_equal(w, u"-12", 8);
}

static void test_strtod_parses_msvcrt_syntax(void **state)
{
    char *end;
    const char *s;

    (void)state;
    assert_true(strtod("  1.5e3xyz", &end) == 1500.0);
    assert_string_equal(end, "xyz");
    assert_true(strtod("1d2", &end) == 100.0);          /* FORTRAN exponent */
    assert_true(strtod("-.25", &end) == -0.25);
    assert_true(strtod("1e", &end) == 1.0);
    assert_string_equal(end, "e");
    assert_true(strtod("1e+", &end) == 1.0);
    assert_string_equal(end, "e+");
    s = "inf";
    assert_true(strtod(s, &end) == 0.0);
    assert_ptr_equal(end, s);
    s = " .";
    assert_true(strtod(s, &end) == 0.0);
    assert_ptr_equal(end, s);
    assert_true(bits_of(strtod("-0", &end)) == 0x8000000000000000ULL);
    assert_true(wcstod(u"  2.5", NULL) == 2.5);
}

static void test_strtod_rounds_correctly_at_the_edges(void **state)
{
    char *end;

    (void)state;
    assert_true(bits_of(strtod("9007199254740993", &end)) == bits_of(9007199254740992.0));
    assert_true(bits_of(strtod("9007199254740995", &end)) == bits_of(9007199254740996.0));
    assert_true(bits_of(strtod("0.1", &end)) == 0x3fb999999999999aULL);
    assert_true(bits_of(strtod("2.2250738585072011e-308", &end)) == 0x000fffffffffffffULL);
    assert_true(bits_of(strtod("2.2250738585072014e-308", &end)) == 0x0010000000000000ULL);
    assert_true(bits_of(strtod("4.9406564584124654e-324", &end)) == 1);
    assert_true(bits_of(strtod("2.4703282292062328e-324", &end)) == 1);
    crt_errno = 0;
    assert_true(bits_of(strtod("2.4703282292062327e-324", &end)) == 0);
    assert_int_equal(crt_errno, CRT_ERANGE);
    assert_true(bits_of(strtod("1.7976931348623158e308", &end)) == 0x7fefffffffffffffULL);
    crt_errno = 0;
    assert_true(bits_of(strtod("1.7976931348623159e308", &end)) == 0x7ff0000000000000ULL);
    assert_int_equal(crt_errno, CRT_ERANGE);
    assert_true(bits_of(strtod("-1e400", &end)) == 0xfff0000000000000ULL);
    assert_true(strtod("1e-400", &end) == 0.0);
    /* 2^-1074 * 1.5 written out in full is a tie, and rounds to even. */
    assert_true(bits_of(strtod("7.4109846876186981626485318930233205854758970392148714663837852375101326090531312779794975454245398856969484704316857659638998506553390969459816219401617281718945106978546710679176872575177347315553307795408549809608457500958111373034747658096871009590975442271004757307809711118935784838675653998783503015228055934046593739791790738723868299395818481660169122019456499931289798411362062484498678713572180352209017023903285791732520220528974020802906854021606612375549983402671300035812486479041385743401875520901590172592547146296175134159774938718574737870961645638908718119841271673056017045493004705269590165763776884908267986972573366521765567941072508764337560846003984904972149117463085539556354188641513168478436313080237596295773983001708984375e-324", &end)) == 2);
    /* Many digits beyond the 800 kept still round up a truncated half. */
    {
        char big[1200];
        memset(big, '0', sizeof(big));
        memcpy(big, "9007199254740993", 16);
        big[1100] = '1';
        big[1101] = 'e';
        big[1102] = '-';
        big[1103] = '1';
        big[1104] = '0';
        big[1105] = '8';
        big[1106] = '5';
        big[1107] = 0;
        /* 9007199254740993000...0001e-1085 = (2^53 + 1 + tiny) * 10^0 */
        assert_true(bits_of(strtod(big, &end)) == bits_of(9007199254740994.0));
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_strtod_matches_a_correct_reference(void **state)
{
    char text[64];
    int i, k, nd;

    (void)state;
    for (i = 0; i < 20000; i++) {
        uint64_t r = next();
        nd = 1 + (int)(r % 20);
        for (k = 0; k < nd; k++)
            text[k] = (char)('0' + next() % 10);
        if (text[0] == '0')
            text[0] = '1';
        host_snprintf_exp(text + nd, sizeof(text) - nd, (int)(next() % 660) - 340);
        assert_true(bits_of(strtod(text, NULL)) == bits_of(host_strtod(text)));
    }
}

/* The 17 digits behind printf equal a correct rounding, except that an
 * exact tie rounds up (msvcrt's rule) where the reference rounds to even. */
static void test_fltcvt_gives_17_correct_digits(void **state)
{
    struct crt_digits dg;
    char ref[128], exact[1200], mine[32];
    int i, k;

    (void)state;
    for (i = 0; i < 20000; i++) {
        union { uint64_t u; double d; } x;
        do
            x.u = next();
        while (((x.u >> 52) & 0x7ff) == 0x7ff);
        crt_fltcvt(x.d, &dg);
        host_snprintf_e(ref, sizeof(ref), 16, x.d < 0 ? -x.d : x.d);
        /* ref: d.dddddddddddddddde+XXX */
        for (k = 0; k < 17; k++)
            mine[k] = k < dg.n ? dg.d[k] : '0';
        mine[17] = 0;
        {
            char refdigits[18];
            refdigits[0] = ref[0];
            memcpy(refdigits + 1, ref + 2, 16);
            refdigits[17] = 0;
            if (strcmp(mine, refdigits)) {
                host_snprintf_e(exact, sizeof(exact), 1100, x.d < 0 ? -x.d : x.d);
                /* Only an exact tie at digit 18 may differ. */
                assert_int_equal(exact[2 + 16], '5');
                for (k = 2 + 17; exact[k] && exact[k] != 'e'; k++)
                    assert_int_equal(exact[k], '0');
            } else {
                assert_int_equal(dg.decpt - 1, atoi(strchr(ref, 'e') + 1));
            }
        }
    }
}

static void test_ecvt_fcvt_follow_msvcrt(void **state)
{
    static const struct {
        double v;
        int nd;
        const char *e, *f;
        int de, df, sign;
    } t[] = {
        { 45.0, 2, "45", "4500", 2, 2, 0 },
        { 0.0001, 1, "1", "", -3, -3, 0 },
        { 0.0001, 10, "1000000000", "1000000", -3, -3, 0 },
        { -111.0001, 5, "11100", "11100010", 3, 3, 1 },
        { 3333.3, 2, "33", "333330", 4, 4, 0 },
        { 999999999999.9, 3, "100", "999999999999900", 13, 12, 0 },
        { 0.0, 5, "00000", "00000", 0, 0, 0 },
        { -0.0, 0, "", "", 0, 0, 1 },
        { -123.0001, 0, "", "123", 3, 3, 1 },
        { -123.0001, -1, "", "12", 3, 3, 1 },
        { -123.0001, -3, "", "", 3, 3, 1 },
        { 99.99, 1, "1", "1000", 3, 3, 0 },
        { 0.0063, 2, "63", "1", -2, -1, 0 },
        { 0.0063, 3, "630", "6", -2, -2, 0 },
        { 0.09999999996, 2, "10", "10", 0, 0, 0 },
        { 0.6, 0, "", "1", 1, 1, 0 },
        { 0.4, 0, "", "", 0, 0, 0 },
        { 0.51, 0, "", "1", 1, 1, 0 },
        { 123456789012345678901.0, 30, "123456789012345680000000000000",
          "123456789012345680000000000000000000000000000000000", 21, 21, 0 },
    };
    char buf[400];
    int i, decpt, sign;

    (void)state;
    for (i = 0; i < (int)(sizeof(t) / sizeof(t[0])); i++) {
        crt_cvt(t[i].v, t[i].nd, 0, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, t[i].e);
        assert_int_equal(decpt, t[i].de);
        assert_int_equal(sign, t[i].sign);
        crt_cvt(t[i].v, t[i].nd, 1, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, t[i].f);
        assert_int_equal(decpt, t[i].df);
    }
    {
        union { uint64_t u; double d; } nan = { 0x7ff8000000000000ULL }, ind = { 0xfff8000000000000ULL },
                                        inf = { 0x7ff0000000000000ULL };
        crt_cvt(nan.d, 2, 0, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, "1$");
        crt_cvt(nan.d, 2, 1, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, "1#R");
        crt_cvt(nan.d, 5, 0, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, "1#QNB");
        crt_cvt(ind.d, 5, 1, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, "1#IND0");
        assert_int_equal(sign, 1);
        crt_cvt(inf.d, 5, 0, &decpt, &sign, buf, sizeof(buf));
        assert_string_equal(buf, "1#INF");
        assert_int_equal(decpt, 1);
    }
}

static int scan(const char *in, const char *fmt, ...)
{
    struct crt_strsource src;
    va_list ap;
    int r;

    crt_strsource_init(&src, in, strlen(in), 0);
    va_start(ap, fmt);
    r = crt_scan(&src.base, fmt, 0, ap);
    va_end(ap);
    return r;
}

static void test_scanf_basic_conversions(void **state)
{
    int a = 0, b = 0, n = 0;
    unsigned u = 0;
    float f = 0;
    double d = 0;
    char s1[32], s2[32], c3[4] = { 0 };
    long long ll = 0;
    short h = 0;

    (void)state;
    assert_int_equal(scan("12 -34", "%d %d", &a, &b), 2);
    assert_int_equal(a, 12);
    assert_int_equal(b, -34);
    assert_int_equal(scan("0x1f 017 ff", "%i %i %x", &a, &b, &u), 3);
    assert_int_equal(a, 31);
    assert_int_equal(b, 15);
    assert_int_equal(u, 255);
    assert_int_equal(scan("3.25 -1e3", "%f %lf", &f, &d), 2);
    assert_true(f == 3.25f);
    assert_true(d == -1000.0);
    assert_int_equal(scan("hello world", "%s %s", s1, s2), 2);
    assert_string_equal(s1, "hello");
    assert_string_equal(s2, "world");
    assert_int_equal(scan("abcdef", "%3c", c3), 1);
    assert_memory_equal(c3, "abc", 3);
    assert_int_equal(scan("key=value;", "%[^=]=%[a-z]", s1, s2), 2);
    assert_string_equal(s1, "key");
    assert_string_equal(s2, "value");
    assert_int_equal(scan("]x]y", "%[]x]", s1), 1);
    assert_string_equal(s1, "]x]");
    assert_int_equal(scan("  42abc", "%d%n", &a, &n), 1);
    assert_int_equal(n, 4);
    assert_int_equal(scan("12345", "%2d%3d", &a, &b), 2);
    assert_int_equal(a, 12);
    assert_int_equal(b, 345);
    assert_int_equal(scan("9000000000", "%I64d", &ll), 1);
    assert_true(ll == 9000000000LL);
    assert_int_equal(scan("70000", "%hd", &h), 1);
    assert_int_equal(h, (short)70000);
    assert_int_equal(scan("7 8", "%*d %d", &a), 1);
    assert_int_equal(a, 8);
    assert_int_equal(scan("50%", "%d%%", &a), 1);
}

static void test_scanf_reports_eof_and_mismatch(void **state)
{
    int a = 0, b = 0;

    (void)state;
    assert_int_equal(scan("", "%d", &a), -1);
    assert_int_equal(scan("   ", "%d", &a), -1);
    assert_int_equal(scan("abc", "%d", &a), 0);
    assert_int_equal(scan("1", "%d %d", &a, &b), 1);
    assert_int_equal(scan("1,2", "%d;%d", &a, &b), 1);
    assert_int_equal(scan("x", "x%d", &a), -1);
}

static int wscan(const crt_wchar *in, const crt_wchar *fmt, ...)
{
    struct crt_strsource src;
    va_list ap;
    int r;

    crt_strsource_init(&src, in, wcslen(in), 1);
    va_start(ap, fmt);
    r = crt_scan(&src.base, fmt, 1, ap);
    va_end(ap);
    return r;
}

static void test_wscanf_shares_the_engine(void **state)
{
    crt_wchar ws[16];
    char ns[16];
    int a = 0;

    (void)state;
    assert_int_equal(wscan(u"7 wide narrow", u"%d %s %S", &a, ws, ns), 3);
    assert_int_equal(a, 7);
    assert_memory_equal(ws, u"wide", 5 * 2);
    assert_string_equal(ns, "narrow");
    assert_int_equal(wscan(u"\x3042x", u"%hs", ns), 1);
    assert_string_equal(ns, "?x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strtol_follows_msvcrt_rules),
        cmocka_unit_test(test_atoi_wraps_like_msvcrt),
        cmocka_unit_test(test_itoa_family),
        cmocka_unit_test(test_strtod_parses_msvcrt_syntax),
        cmocka_unit_test(test_strtod_rounds_correctly_at_the_edges),
        cmocka_unit_test(test_strtod_matches_a_correct_reference),
        cmocka_unit_test(test_fltcvt_gives_17_correct_digits),
        cmocka_unit_test(test_ecvt_fcvt_follow_msvcrt),
        cmocka_unit_test(test_scanf_basic_conversions),
        cmocka_unit_test(test_scanf_reports_eof_and_mismatch),
        cmocka_unit_test(test_wscanf_shares_the_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
