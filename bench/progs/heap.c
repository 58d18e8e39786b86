/* Cost of a small-block allocation and free: HeapAlloc/HeapFree on the
 * process heap against glibc's malloc/free, sizes 16-256 bytes from one
 * fixed pseudo-random sequence, in two patterns:
 *   heap_pair    allocate, touch, free at once (a thread cache's best case)
 *   heap_window  1024 live blocks; each step frees a pseudo-randomly chosen
 *                one and allocates a new block in its place
 * Usage: heap [pairs (5000000)] */
#include "bench.h"

#define NSIZES 4096     /* power of two */
#define WINDOW 1024     /* power of two */

static unsigned short sizes[NSIZES];
static unsigned short slots[NSIZES];
static unsigned char *live[WINDOW];

static unsigned xorshift(unsigned *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* n alloc/free pairs, freed at once; returns a checksum. */
static unsigned pairs(unsigned long n)
{
    unsigned sum = 0;

    for (unsigned long i = 0; i < n; i++) {
        unsigned char *p = bench_alloc(sizes[i & (NSIZES - 1)]);

        if (!p)
            return 0;
        p[0] = (unsigned char)i;
        sum += p[0];
        bench_free(p);
    }
    return sum | 1;
}

/* n steps over the live window; returns a checksum. */
static unsigned window(unsigned long n)
{
    unsigned sum = 0;

    for (unsigned long i = 0; i < n; i++) {
        unsigned k = slots[i & (NSIZES - 1)] ^ (unsigned)(i >> 12 & (WINDOW - 1));
        unsigned char *p;

        sum += live[k][0];
        bench_free(live[k]);
        if (!(p = bench_alloc(sizes[i & (NSIZES - 1)])))
            return 0;
        p[0] = (unsigned char)k;
        live[k] = p;
    }
    return sum | 1;
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 5000000;
    unsigned seed = 12345;
    double t0, t1, t2;

    if (!n)
        n = 1;
    for (int i = 0; i < NSIZES; i++) {
        sizes[i] = (unsigned short)(16 + xorshift(&seed) % 241);
        slots[i] = (unsigned short)(xorshift(&seed) & (WINDOW - 1));
    }
    for (int i = 0; i < WINDOW; i++) {
        if (!(live[i] = bench_alloc(sizes[i])))
            goto fail;
        live[i][0] = (unsigned char)i;
    }
    /* A tenth of each as warm-up: fill the caches, page in the code. */
    if (!pairs(n / 10) || !window(n / 10))
        goto fail;
    t0 = bench_now_ns();
    if (!pairs(n))
        goto fail;
    t1 = bench_now_ns();
    if (!window(n))
        goto fail;
    t2 = bench_now_ns();
    for (int i = 0; i < WINDOW; i++)
        bench_free(live[i]);
    printf("heap_pair %.1f ns/pair\n", (t1 - t0) / n);
    printf("heap_window %.1f ns/pair\n", (t2 - t1) / n);
    return 0;
fail:
    fprintf(stderr, "allocation failed\n");
    return 1;
}
