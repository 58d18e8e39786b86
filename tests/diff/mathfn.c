/* The math.h functions over many arguments, one line per call: function,
 * argument bits, result bits. ulpcmp compares the Windows lines (msvcrt.dll's
 * functions with OUR_CRT, called from x87 or SSE2 code) with glibc's and
 * allows 1 ulp; infinities, zeros' signs and NaN-ness must match exactly. */
#include <math.h>
#include <float.h>
#include "diff.h"

#define N_RANDOM 1500

static void out1(const char *name, double x, double r)
{
    printf("%s %016llx %016llx\n", name, (unsigned long long)diff_double_bits(x),
           (unsigned long long)diff_double_bits(r));
}

static void out2(const char *name, double x, double y, double r)
{
    printf("%s %016llx %016llx %016llx\n", name, (unsigned long long)diff_double_bits(x),
           (unsigned long long)diff_double_bits(y), (unsigned long long)diff_double_bits(r));
}

static const double special[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, 10.0, 0.1, 0.75, 3.141592653589793,
    1.5707963267948966, 0.7853981633974483, 2.718281828459045, 1e-300, 4.9406564584124654e-324,
    2.2250738585072014e-308, 1.7976931348623157e308, 100.0, 700.0, 709.78, 710.0, -745.0,
    -746.0, 1e10, 1e22, 9007199254740992.0, 9.2233720368547758e18, 1e300, 1e-10, 0.9999999,
    1.0000001, 6.283185307179586, 1e6, -1e6, 355.0, 1e15, 20.0, -20.0, 30.0, 1e-8, 0.001,
};

/* The argument sets: special values, then random values in ranges that
 * suit the function, then random bit patterns (any finite double). */
static double arg(int i, double lo, double hi)
{
    int ns = (int)(sizeof(special) / sizeof(special[0]));

    if (i < ns)
        return special[i];
    if (i < ns + 3)
        return i == ns ? HUGE_VAL : i == ns + 1 ? -HUGE_VAL : NAN;
    if (i < ns + 3 + N_RANDOM)
        return diff_uniform(lo, hi);
    return diff_bits_to_double(diff_rand64() & 0xffefffffffffffffull);
}

#define COUNT(n) ((int)(sizeof(special) / sizeof(special[0])) + 3 + N_RANDOM + (n))

#define ONE(fn, lo, hi, nbits)                                  \
    do {                                                        \
        int i_;                                                 \
        for (i_ = 0; i_ < COUNT(nbits); i_++) {                 \
            double x_ = arg(i_, lo, hi);                        \
            out1(#fn, x_, CRT(fn)(x_));                         \
        }                                                       \
    } while (0)

int main(void)
{
    int i, j;

    DIFF_BINARY_STDOUT();
    ONE(sin, -10.0, 10.0, 300);
    ONE(cos, -10.0, 10.0, 300);
    ONE(tan, -10.0, 10.0, 300);
    ONE(sin, -1e6, 1e6, 0);
    ONE(cos, -1e6, 1e6, 0);
    ONE(asin, -1.0, 1.0, 50);
    ONE(acos, -1.0, 1.0, 50);
    ONE(atan, -50.0, 50.0, 300);
    ONE(sinh, -20.0, 20.0, 100);
    ONE(cosh, -20.0, 20.0, 100);
    ONE(tanh, -10.0, 10.0, 100);
    ONE(exp, -700.0, 700.0, 100);
    ONE(exp, -2.0, 2.0, 0);
    ONE(log, 0.0, 1000.0, 300);
    ONE(log, 0.5, 2.0, 0);
    ONE(log10, 0.0, 1e6, 300);
    ONE(sqrt, 0.0, 1e6, 300);
    ONE(floor, -1e6, 1e6, 300);
    ONE(ceil, -1e6, 1e6, 300);
    ONE(fabs, -1e6, 1e6, 100);
    for (i = 0; i < COUNT(100); i++) {
        double y = arg(i, -100.0, 100.0);

        for (j = 0; j < 12; j += 5) {
            double x = arg((i * 7 + j) % COUNT(0), -100.0, 100.0);

            out2("atan2", y, x, CRT(atan2)(y, x));
            out2("fmod", y, x, CRT(fmod)(y, x));
        }
    }
    for (i = 0; i < 3000; i++) {
        double x = diff_uniform(0.0, 100.0), y = diff_uniform(-30.0, 30.0);

        if (i % 3 == 0)
            y = (double)(int)y;                 /* integer powers */
        if (i % 5 == 0)
            x = -x;
        out2("pow", x, y, CRT(pow)(x, y));
    }
    for (i = 0; i < 45; i++)
        for (j = 0; j < 45; j++)
            out2("pow", special[i % 43], special[j % 43], CRT(pow)(special[i % 43], special[j % 43]));
    for (i = 0; i < COUNT(200); i++) {
        double x = arg(i, -1e6, 1e6), ip, f;
        int e;

        f = CRT(modf)(x, &ip);
        out2("modf", x, ip, f);
        f = CRT(frexp)(x, &e);
        out2("frexp", x, (double)e, f);
        out2("ldexp", x, (double)(i % 40 - 20), CRT(ldexp)(x, i % 40 - 20));
    }
    return 0;
}
