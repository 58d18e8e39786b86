/* Shared by the differential test programs: built once for i386 Linux
 * (gcc -m32, glibc) and once for Win32 (MinGW), run natively and under
 * wow64run, outputs compared by compare.cmake.
 *
 * CRT(name) is the C library function the test means: glibc's natively;
 * on Windows, with OUR_CRT defined, the export of msvcrt.dll itself (found
 * with GetProcAddress, so neither MinGW's libmingwex replacements nor gcc
 * builtins stand in for it), else whatever MinGW links (its own ANSI
 * printf/strtod/libm with __USE_MINGW_ANSI_STDIO). */
#ifndef DIFF_H
#define DIFF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#if defined(_WIN32) && defined(OUR_CRT)
#include <windows.h>
static inline void *diff_crt_proc(const char *name)
{
    HMODULE m = GetModuleHandleA("msvcrt.dll");
    void *p;

    if (!m)
        m = LoadLibraryA("msvcrt.dll");
    p = m ? (void *)GetProcAddress(m, name) : NULL;
    if (!p) {
        fprintf(stderr, "msvcrt.dll does not export %s\n", name);
        exit(2);
    }
    return p;
}
#define CRT(name) ((__typeof__(&name))diff_crt_proc(#name))
#else
#define CRT(name) (&name)
#endif

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
/* Byte-for-byte comparisons: no CRLF translation of stdout. */
#define DIFF_BINARY_STDOUT() _setmode(_fileno(stdout), _O_BINARY)
#else
#define DIFF_BINARY_STDOUT() ((void)0)
#endif

/* A fixed-seed generator of our own (rand() differs between the CRTs). */
static uint64_t diff_state = 0x9E3779B97F4A7C15ull;

static inline uint64_t diff_rand64(void)
{
    uint64_t x = diff_state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    diff_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static inline double diff_bits_to_double(uint64_t b)
{
    double d;

    memcpy(&d, &b, sizeof d);
    return d;
}

static inline uint64_t diff_double_bits(double d)
{
    uint64_t b;

    memcpy(&b, &d, sizeof b);
    return b;
}

/* A random double in [lo, hi), made from bits with integer arithmetic only,
 * so that x87 and SSE2 code, glibc and MinGW draw the same values: random
 * sign (when lo < 0), exponent spread over the 30 binades below the larger
 * bound (log-uniform magnitudes), random mantissa; redrawn until in range. */
static inline double diff_uniform(double lo, double hi)
{
    uint64_t lb = diff_double_bits(lo) & 0x7fffffffffffffffull;
    uint64_t hb = diff_double_bits(hi) & 0x7fffffffffffffffull;
    int emax = (int)((lb > hb ? lb : hb) >> 52), emin = emax - 30, e;

    if (emin < 1)
        emin = 1;
    for (;;) {
        uint64_t r = diff_rand64(), bits;
        double d;

        e = emin + (int)((r >> 53) % (uint64_t)(emax - emin + 1));
        bits = (uint64_t)e << 52 | (diff_rand64() & 0x000fffffffffffffull);
        if (lo < 0 && (r & 1))
            bits |= 1ull << 63;
        d = diff_bits_to_double(bits);
        if (d >= lo && d < hi)
            return d;
    }
}

#endif
