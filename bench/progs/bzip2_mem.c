/* A real program's CPU work: bzip2's library (Debian's bzip2 source,
 * fetched and built for both targets by bench/realprog.sh) compressing
 * generated text in memory at level 9 and decompressing it again, with
 * no system calls in the timed part.
 * usage: bzip2_mem [MIB]   (default 4). Prints "bzip2_compress <ms> ms"
 * and "bzip2_decompress <ms> ms"; the round trip must give the input
 * back byte for byte. */
#include "bench.h"

#include <stdint.h>
#include <string.h>

#include "bzlib.h"

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

/* Text-like data: words from a small vocabulary with a skewed choice,
 * spaces, line breaks and numbers (compresses about 3:1, like prose). */
static void generate(char *p, size_t n)
{
    static const char *const vocab[] = {
        "the", "of", "and", "a", "to", "in", "is", "you", "that", "it", "he", "was", "for",
        "on", "are", "as", "with", "his", "they", "at", "be", "this", "have", "from", "or",
        "one", "had", "by", "word", "but", "not", "what", "all", "were", "we", "when", "your",
        "can", "said", "there", "use", "an", "each", "which", "she", "do", "how", "their",
        "if", "will", "up", "other", "about", "out", "many", "then", "them", "these", "so",
        "some", "her", "would", "make", "like", "him", "into", "time", "has", "look", "two",
        "more", "write", "go", "see", "number", "no", "way", "could", "people", "my",
    };
    size_t i = 0, nv = sizeof vocab / sizeof *vocab;

    while (i < n) {
        uint32_t r = rnd();
        const char *w = vocab[(r % nv) * ((r >> 8) % nv) / nv];
        char num[16];

        if ((r >> 20) % 23 == 0) {
            snprintf(num, sizeof num, "%u", (unsigned)(r >> 12) % 100000);
            w = num;
        }
        while (*w && i < n)
            p[i++] = *w++;
        if (i < n)
            p[i++] = (r >> 27) == 0 ? '\n' : ' ';
    }
}

int main(int argc, char **argv)
{
    unsigned mib = argc > 1 ? (unsigned)atoi(argv[1]) : 4;
    size_t n = (size_t)mib << 20;
    unsigned int clen, dlen;
    char *in, *comp, *back;
    double t0, t1, t2;
    int r;

    if (!mib || mib > 256) {
        fprintf(stderr, "usage: bzip2_mem [MIB 1-256]\n");
        return 2;
    }
    clen = (unsigned int)(n + n / 100 + 600); /* bzip2's documented worst case */
    if (!(in = malloc(n)) || !(comp = malloc(clen)) || !(back = malloc(n))) {
        fprintf(stderr, "bzip2_mem: out of memory\n");
        return 1;
    }
    generate(in, n);
    t0 = bench_now_ns();
    r = BZ2_bzBuffToBuffCompress(comp, &clen, in, (unsigned int)n, 9, 0, 0);
    t1 = bench_now_ns();
    if (r != BZ_OK) {
        fprintf(stderr, "bzip2_mem: compress failed (%d)\n", r);
        return 1;
    }
    dlen = (unsigned int)n;
    r = BZ2_bzBuffToBuffDecompress(back, &dlen, comp, clen, 0, 0);
    t2 = bench_now_ns();
    if (r != BZ_OK || dlen != n || memcmp(in, back, n) != 0) {
        fprintf(stderr, "bzip2_mem: decompressed data differ (%d)\n", r);
        return 1;
    }
    printf("bzip2_compress %.2f ms\n", (t1 - t0) / 1e6);
    printf("bzip2_decompress %.2f ms\n", (t2 - t1) / 1e6);
    free(in);
    free(comp);
    free(back);
    return 0;
}
