/* qsort, bsearch, _lfind, _lsearch.
 *
 * qsort is not stable, so which of two equal elements comes first is part
 * of what a program prints. We use the scheme of the Microsoft CRT's
 * quicksort: partitions of up to 8 elements are finished by a selection
 * sort that moves the maximum to the end; larger ones take the median of
 * first, middle and last as pivot, partition around it while tracking
 * where the pivot moves, skip runs equal to the pivot, and continue with
 * the smaller side first from an explicit stack. bsearch probes the same
 * midpoints as Microsoft's (the lower middle for even counts), so it
 * returns the same one of several equal elements. */
#include "crt.h"

typedef int(__cdecl *cmp_fn)(const void *, const void *);

#define CUTOFF 8
#define STACK 64    /* 2 * bits of size_t is enough: smaller side first */

static void swap(char *a, char *b, size_t width)
{
    char t;

    if (a == b)
        return;
    while (width--) {
        t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void shortsort(char *lo, char *hi, size_t width, cmp_fn cmp)
{
    char *p, *max;

    while (hi > lo) {
        max = lo;
        for (p = lo + width; p <= hi; p += width)
            if (cmp(p, max) > 0)
                max = p;
        swap(max, hi, width);
        hi -= width;
    }
}

void __cdecl qsort(void *base, size_t num, size_t width, cmp_fn cmp)
{
    char *lo, *hi, *mid, *loguy, *higuy;
    char *lostk[STACK], *histk[STACK];
    int sp = 0;
    size_t size;

    if (num < 2 || !width)
        return;
    lo = base;
    hi = (char *)base + width * (num - 1);

    for (;;) {
        size = (size_t)(hi - lo) / width + 1;
        if (size <= CUTOFF) {
            shortsort(lo, hi, width, cmp);
        } else {
            mid = lo + (size / 2) * width;
            if (cmp(lo, mid) > 0)
                swap(lo, mid, width);
            if (cmp(lo, hi) > 0)
                swap(lo, hi, width);
            if (cmp(mid, hi) > 0)
                swap(mid, hi, width);

            loguy = lo;
            higuy = hi;
            for (;;) {
                if (mid > loguy) {
                    do
                        loguy += width;
                    while (loguy < mid && cmp(loguy, mid) <= 0);
                }
                if (mid <= loguy) {
                    do
                        loguy += width;
                    while (loguy <= hi && cmp(loguy, mid) <= 0);
                }
                do
                    higuy -= width;
                while (higuy > mid && cmp(higuy, mid) > 0);
                if (higuy < loguy)
                    break;
                swap(loguy, higuy, width);
                /* The pivot moved if it was the one swapped. */
                if (mid == higuy)
                    mid = loguy;
            }

            /* Skip the elements equal to the pivot next to it. */
            higuy += width;
            if (mid < higuy) {
                do
                    higuy -= width;
                while (higuy > mid && cmp(higuy, mid) == 0);
            }
            if (mid >= higuy) {
                do
                    higuy -= width;
                while (higuy > lo && cmp(higuy, mid) == 0);
            }

            if (higuy - lo >= hi - loguy) {
                if (lo < higuy) {
                    lostk[sp] = lo;
                    histk[sp] = higuy;
                    sp++;
                }
                if (loguy < hi) {
                    lo = loguy;
                    continue;
                }
            } else {
                if (loguy < hi) {
                    lostk[sp] = loguy;
                    histk[sp] = hi;
                    sp++;
                }
                if (lo < higuy) {
                    hi = higuy;
                    continue;
                }
            }
        }
        if (--sp < 0)
            return;
        lo = lostk[sp];
        hi = histk[sp];
    }
}

void *__cdecl bsearch(const void *key, const void *base, size_t num, size_t width, cmp_fn cmp)
{
    const char *lo = base, *mid;
    size_t half;
    int r;

    while (num > 0) {
        half = num / 2;
        if (half) {
            mid = lo + ((num & 1) ? half : half - 1) * width;
            r = cmp(key, mid);
            if (!r)
                return (void *)mid;
            if (r < 0) {
                num = (num & 1) ? half : half - 1;
            } else {
                lo = mid + width;
                num = half;
            }
        } else {
            return cmp(key, lo) ? NULL : (void *)lo;
        }
    }
    return NULL;
}

void *__cdecl _lfind(const void *key, const void *base, unsigned int *num, unsigned int width,
                     cmp_fn cmp)
{
    const char *p = base;
    unsigned int i;

    for (i = 0; i < *num; i++, p += width)
        if (!cmp(key, p))
            return (void *)p;
    return NULL;
}

void *__cdecl _lsearch(const void *key, void *base, unsigned int *num, unsigned int width,
                       cmp_fn cmp)
{
    char *p = _lfind(key, base, num, width, cmp);

    if (p)
        return p;
    p = (char *)base + (size_t)*num * width;
    memcpy(p, key, width);
    (*num)++;
    return p;
}
