/* ulpcmp NATIVE WINDOWS: compares two outputs of mathfn line by line. The
 * function name and argument bits must be equal; results may differ by 1
 * ulp, except that NaN must meet NaN, infinities and the sign of a zero
 * must match exactly. Prints the differing lines (up to 30) and a summary;
 * exit status 1 when any line differs beyond that. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>

static int is_nan(uint64_t b)
{
    return (b & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

static int is_inf_or_zero(uint64_t b)
{
    uint64_t m = b & 0x7fffffffffffffffull;

    return m == 0x7ff0000000000000ull || m == 0;
}

/* Distance in ulps between two finite doubles of the same sign. */
static uint64_t ulps(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}

int main(int argc, char **argv)
{
    FILE *fa, *fb;
    char la[256], lb[256];
    unsigned long line = 0, bad = 0, exact = 0, off1 = 0;

    if (argc != 3 || !(fa = fopen(argv[1], "r")) || !(fb = fopen(argv[2], "r"))) {
        fprintf(stderr, "usage: ulpcmp NATIVE WINDOWS\n");
        return 2;
    }
    for (;;) {
        char *ga = fgets(la, sizeof la, fa), *gb = fgets(lb, sizeof lb, fb);
        char *ra, *rb;
        uint64_t a, b;
        int ok;

        if (!ga || !gb) {
            if (ga || gb) {
                printf("line %lu: one output ends early\n", line + 1);
                bad++;
            }
            break;
        }
        line++;
        ra = strrchr(la, ' ');
        rb = strrchr(lb, ' ');
        if (!ra || !rb || ra - la != rb - lb || memcmp(la, lb, (size_t)(ra - la)) != 0) {
            printf("line %lu: different calls:\n  %s  %s", line, la, lb);
            bad++;
            break;
        }
        a = strtoull(ra + 1, NULL, 16);
        b = strtoull(rb + 1, NULL, 16);
        if (a == b) {
            exact++;
            continue;
        }
        if (is_nan(a) || is_nan(b))
            ok = is_nan(a) && is_nan(b);
        else if (is_inf_or_zero(a) || is_inf_or_zero(b) || (a >> 63) != (b >> 63))
            ok = 0;
        else
            ok = ulps(a, b) <= 1;
        if (ok) {
            off1++;
            continue;
        }
        if (++bad <= 30)
            printf("line %lu: %.*s native %016" PRIx64 " windows %016" PRIx64 " (%" PRIu64 " ulps)\n",
                   line, (int)(ra - la), la, a, b,
                   (is_nan(a) || is_nan(b) || (a >> 63) != (b >> 63)) ? UINT64_MAX : ulps(a, b));
    }
    printf("%lu lines: %lu equal, %lu within 1 ulp, %lu beyond\n", line, exact, off1, bad);
    return bad != 0;
}
