/* Number and string formatting through sprintf: the same lines natively
 * (glibc) and on Windows, either through MinGW's own C99 printf
 * (__USE_MINGW_ANSI_STDIO=1, every format) or, with OUR_CRT, through
 * msvcrt.dll's sprintf limited to what msvcrt and C agree on: integers,
 * strings, characters, %f/%.Nf of values whose digits fit in 17 significant
 * digits and are not exact ties, and %g of values printed without exponent. */
#include <limits.h>
#include <float.h>
#include <math.h>
#include "diff.h"

static char buf[4096];
static int lines;

/* One line: the format, the result between brackets, the return value. */
#define F(fmt, ...)                                                     \
    do {                                                                \
        int n_ = CRT(sprintf)(buf, fmt, __VA_ARGS__);                   \
        printf("%-8s [%s] %d\n", fmt, buf, n_);                         \
        lines++;                                                        \
    } while (0)

static const char *const int_formats[] = {
    "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%x", "%X", "%#x", "%#X", "%o",
    "%#o", "%u", "%.3d", "%8.3d", "%-8.3d|", "%+08d", "%ld", "%lx", "%hd", "%hu", "%hx",
};

static const char *const float_formats[] = {
    "%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.6f", "%.10f", "%10.3f", "%-12.4f|", "%+.2f",
    "%010.2f", "% .3f", "%#.0f",
};

static void integers(void)
{
    static const int values[] = {
        0, 1, -1, 7, 42, -42, 255, 256, 4095, 65535, -65536, 123456789, -987654321,
        INT_MAX, INT_MIN, INT_MIN + 1,
    };
    size_t i, j;

    for (i = 0; i < sizeof(int_formats) / sizeof(int_formats[0]); i++)
        for (j = 0; j < sizeof(values) / sizeof(values[0]); j++)
            F(int_formats[i], values[j]);
    for (i = 0; i < 500; i++) {
        int v = (int)(uint32_t)diff_rand64();

        F("%d", v);
        F("%x", v);
        F("%o", v);
        F("%u", v);
        F("%d", v >> (i % 31));
    }
    F("%*d|", 8, 5);
    F("%-*d|", 8, 5);
    F("%.*d|", 4, 5);
    F("%*.*d|", 9, 4, -5);
    F("%*d|", -6, 3);
}

static void strings(void)
{
    static const char *const values[] = { "", "a", "hello", "hello, world", "tab\there" };
    static const char *const formats[] = { "%s", "%10s", "%-10s|", "%.3s", "%10.3s", "%-10.0s|", "%.20s" };
    size_t i, j;
    int c;

    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        for (j = 0; j < sizeof(values) / sizeof(values[0]); j++)
            F(formats[i], values[j]);
    for (c = 32; c < 127; c++) {
        F("%c", c);
        F("%3c|", c);
        F("%-3c|", c);
    }
    F("%s and %s: %d%%", "this", "that", 100);
    F("%c%c%c%d", 'a', 'b', 'c', 7);
}

static void floats(void)
{
    static const double values[] = {
        0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 3.14159, -2.71828, 100.0, 1234.5678, 0.001, 0.0001,
        99999.99, 0.33333333, 2.0 / 3.0, -0.0001234, 1e5 + 0.3, 65536.0, 987654.321,
    };
    size_t i, j;
    int k;

    for (i = 0; i < sizeof(float_formats) / sizeof(float_formats[0]); i++)
        for (j = 0; j < sizeof(values) / sizeof(values[0]); j++)
            F(float_formats[i], values[j]);
    /* Random values: their binary expansions never end in an exact decimal
     * tie at these precisions, and integer + fraction digits stay <= 12, far
     * enough from msvcrt's 17-digit limit that its second rounding (of the
     * 17-digit string) cannot change the result. */
    for (k = 0; k < 400; k++) {
        double big = diff_uniform(-1e6, 1e6), small = diff_uniform(-1.0, 1.0);

        F("%f", big);
        F("%.2f", big);
        F("%.4f", big);
        F("%.0f", big);
        F("%.3f", small);
        F("%.10f", small);
        F("%.12f", small);
    }
    for (k = 0; k < 300; k++) {
        double g = diff_uniform(1e-4, 99999.0), s = diff_uniform(1e-4, 99.0);

        F("%g", g);
        F("%g", -s);
        F("%.3g", g < 99.0 ? g : 12.3456);
        F("%.10g", g);
        F("%G", s);
    }
}

#ifndef OUR_CRT
/* Everything C fixes that msvcrt prints its own way (exponents with three
 * digits, exact expansions, ties, special values, C99 length modifiers). */
static void c99_only(void)
{
    static const double values[] = {
        0.0, -0.0, 1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e22, 1e23, 1e-5, 123456789.0,
        1e100, -1e-100, 1e300, DBL_MAX, DBL_MIN, 4.9406564584124654e-324, 0.1, 1.0 / 3.0,
        HUGE_VAL, -HUGE_VAL,
    };
    static const char *const formats[] = {
        "%e", "%E", "%.0e", "%.3e", "%.17e", "%g", "%G", "%.0g", "%.17g", "%#g", "%.0f",
        "%.2f", "%.20f", "%.40f", "%12.4e|", "%-14g|", "%+e",
    };
    size_t i, j;
    int k;

    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        for (j = 0; j < sizeof(values) / sizeof(values[0]); j++) {
            if (isinf(values[j]) && strchr("0123456789", formats[i][1]) == NULL &&
                formats[i][1] != '.')
                continue;
            F(formats[i], values[j]);
        }
    for (k = 0; k < 1000; k++) {
        double d = diff_bits_to_double(diff_rand64() & 0x7fefffffffffffffull);

        F("%.17g", d);
        F("%e", d);
        F("%.3g", -d);
    }
    F("%lld", LLONG_MIN);
    F("%llu", ULLONG_MAX);
    F("%llx", 0x123456789abcdefull);
    F("%hhd", 300);
    F("%hhu", -1);
    F("%zu", (size_t)12345);
    F("%jd", (intmax_t)-77);
    F("%5.1s|", "xyz");
    F("%.0d|", 0);
}
#endif

int main(void)
{
    DIFF_BINARY_STDOUT();
    integers();
    strings();
    floats();
#ifndef OUR_CRT
    c99_only();
#endif
    printf("%d lines\n", lines);
    return 0;
}
