/* strtod round trips: 100000 doubles from random bit patterns (fixed seed;
 * every finite value, subnormals included, both signs) printed with
 * "%.17g" and read back with strtod, which must give the same bits. Every
 * printed string is output too, so the native run (glibc) checks the
 * formatting digit for digit. With OUR_CRT the Windows side uses
 * msvcrt.dll's sprintf and strtod; msvcrt writes at least three exponent
 * digits ("1e+020", documented), which is turned into C's two here, and
 * rounds an exact tie at the 17th digit half up where C rounds it to even:
 * those few values print as "tie" on both sides (their round trip is still
 * checked). */
#include "diff.h"

#define COUNT 100000

/* "1.5e+020" -> "1.5e+20": C prints at least two exponent digits. */
static void c_exponent(char *s)
{
    char *e = strchr(s, 'e');

    if (e && (e[1] == '+' || e[1] == '-') && e[2] == '0' && strlen(e + 2) == 3)
        memmove(e + 2, e + 3, 3);
}

#ifdef OUR_CRT
/* Whether d lies exactly halfway between two 17-digit decimals: its exact
 * expansion (from an exact formatter: glibc's, or MinGW's own) has 18
 * significant digits, the last a 5. */
static int tie_at_17(double d)
{
    char exact[64], *p;
    int digits = 0, last = 0, last_digit = 0;

#ifdef _WIN32
    __mingw_snprintf(exact, sizeof exact, "%.30e", d);
#else
    snprintf(exact, sizeof exact, "%.30e", d);
#endif
    for (p = exact; *p && *p != 'e'; p++) {
        if (*p < '0' || *p > '9')
            continue;
        digits++;
        if (*p != '0') {
            last = digits;
            last_digit = *p;
        }
    }
    return last == 18 && last_digit == '5';
}
#endif

int main(void)
{
    char buf[64];
    int i, bad = 0;

    DIFF_BINARY_STDOUT();
    for (i = 0; i < COUNT; i++) {
        uint64_t bits = diff_rand64();
        double d, back;
        char *end;

        if ((bits >> 52 & 0x7ff) == 0x7ff)      /* no infinities or NaNs */
            bits ^= 1ull << 62;
        d = diff_bits_to_double(bits);
        CRT(sprintf)(buf, "%.17g", d);
        back = CRT(strtod)(buf, &end);
        if (diff_double_bits(back) != bits || *end) {
            printf("MISMATCH %016llx -> %s -> %016llx\n", (unsigned long long)bits, buf,
                   (unsigned long long)diff_double_bits(back));
            bad++;
        }
        c_exponent(buf);
#ifdef OUR_CRT
        if (tie_at_17(d))
            strcpy(buf, "tie");
#endif
        puts(buf);
    }
    printf("%d round trips, %d mismatches\n", COUNT, bad);
    return bad != 0;
}
