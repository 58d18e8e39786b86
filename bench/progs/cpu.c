/* CPU-bound work with no system calls inside the timed loops: three
 * kernels written here, self-contained (no C library calls while timed),
 * so that both builds run the same instructions and the ratio measures
 * only how the 32-bit code runs, natively or under wow64run:
 *   cpu_sha256  integer: SHA-256 (FIPS 180-4) over generated data
 *   cpu_nbody   floating point: a five-body gravity simulation (doubles)
 *   cpu_sort    memory and strings: merge sort of generated words with a
 *               byte-wise comparison, then a checksum of the order
 * usage: cpu [SCALE]   (SCALE 1 = the default sizes; smaller for a smoke
 * run, e.g. 0.1). Prints "<name> <ms> ms" per kernel and checks each
 * result against a known value, so a wrong build cannot look fast. */
#include "bench.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

volatile uint32_t cpu_sink;

/* A fixed pseudo-random sequence (xorshift32), the same in both builds. */
static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

/* ---- SHA-256 ---- */

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;

    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
                      sha_k[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

/* SHA-256 of n bytes (n a multiple of 64 is not required). */
static void sha256(const unsigned char *data, size_t n, uint32_t h[8])
{
    static const uint32_t init[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    unsigned char last[128];
    size_t full = n & ~(size_t)63, rest = n - full, pad;
    uint64_t bits = (uint64_t)n * 8;

    memcpy(h, init, sizeof init);
    for (size_t i = 0; i < full; i += 64)
        sha256_block(h, data + i);
    memset(last, 0, sizeof last);
    memcpy(last, data + full, rest);
    last[rest] = 0x80;
    pad = rest < 56 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        last[pad - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha256_block(h, last);
    if (pad == 128)
        sha256_block(h, last + 64);
}

/* ---- n-body (the classic five planets, symplectic Euler steps) ---- */

struct body {
    double x, y, z, vx, vy, vz, m;
};

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS 365.24

static void nbody_init(struct body *b)
{
    static const struct body init[5] = {
        { 0, 0, 0, 0, 0, 0, SOLAR_MASS },
        { 4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
          1.66007664274403694e-03 * DAYS, 7.69901118419740425e-03 * DAYS,
          -6.90460016972063023e-05 * DAYS, 9.54791938424326609e-04 * SOLAR_MASS },
        { 8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
          -2.76742510726862411e-03 * DAYS, 4.99852801234917238e-03 * DAYS,
          2.30417297573763929e-05 * DAYS, 2.85885980666130812e-04 * SOLAR_MASS },
        { 1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
          2.96460137564761618e-03 * DAYS, 2.37847173959480950e-03 * DAYS,
          -2.96589568540237556e-05 * DAYS, 4.36624404335156298e-05 * SOLAR_MASS },
        { 1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
          2.68067772490389322e-03 * DAYS, 1.62824170038242295e-03 * DAYS,
          -9.51592254519715870e-05 * DAYS, 5.15138902046611451e-05 * SOLAR_MASS },
    };
    double px = 0, py = 0, pz = 0;

    memcpy(b, init, sizeof init);
    for (int i = 0; i < 5; i++)
        px += b[i].vx * b[i].m, py += b[i].vy * b[i].m, pz += b[i].vz * b[i].m;
    b[0].vx = -px / SOLAR_MASS, b[0].vy = -py / SOLAR_MASS, b[0].vz = -pz / SOLAR_MASS;
}

static double nbody_energy(const struct body *b)
{
    double e = 0;

    for (int i = 0; i < 5; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < 5; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void nbody_advance(struct body *b, double dt)
{
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            b[i].vx -= dx * b[j].m * mag, b[i].vy -= dy * b[j].m * mag, b[i].vz -= dz * b[j].m * mag;
            b[j].vx += dx * b[i].m * mag, b[j].vy += dy * b[i].m * mag, b[j].vz += dz * b[i].m * mag;
        }
    for (int i = 0; i < 5; i++)
        b[i].x += dt * b[i].vx, b[i].y += dt * b[i].vy, b[i].z += dt * b[i].vz;
}

/* ---- merge sort of words ---- */

static int word_cmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

static void merge_sort(char **v, char **tmp, size_t n)
{
    size_t h = n / 2, i = 0, j = h, k = 0;

    if (n < 2)
        return;
    merge_sort(v, tmp, h);
    merge_sort(v + h, tmp, n - h);
    while (i < h && j < n)
        tmp[k++] = word_cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    for (k = 0; k < n; k++)
        v[k] = tmp[k];
}

static void report(const char *name, double t0, double t1)
{
    printf("%s %.2f ms\n", name, (t1 - t0) / 1e6);
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    size_t sha_bytes = (size_t)(24.0 * 1048576 * scale) & ~(size_t)63;
    long steps = (long)(1500000 * scale);
    size_t words = (size_t)(300000 * scale);
    unsigned char *data;
    char **v, **tmp, *pool;
    /* Static and aligned: on the stack the doubles would be 8-aligned
     * natively but only 4-aligned in the Windows build (the i386 Windows
     * ABI keeps the stack 4-aligned), and the ratio would measure that. */
    static struct body bodies[5] __attribute__((aligned(64)));
    uint32_t h[8], sum;
    double t0, t1, e0, e1;

    if (scale <= 0 || sha_bytes < 64 || steps < 1 || words < 2) {
        fprintf(stderr, "usage: cpu [SCALE > 0]\n");
        return 2;
    }
    /* SHA-256 of "abc" (FIPS 180-2, appendix B.1) checks the kernel. */
    sha256((const unsigned char *)"abc", 3, h);
    if (h[0] != 0xba7816bf || h[7] != 0xf20015ad) {
        fprintf(stderr, "cpu: SHA-256 self-test failed\n");
        return 1;
    }
    if (!(data = malloc(sha_bytes)) || !(v = malloc(words * sizeof *v)) ||
        !(tmp = malloc(words * sizeof *tmp)) || !(pool = malloc(words * 16))) {
        fprintf(stderr, "cpu: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < sha_bytes; i += 4) {
        uint32_t r = rnd();
        memcpy(data + i, &r, 4);
    }
    t0 = bench_now_ns();
    sha256(data, sha_bytes, h);
    t1 = bench_now_ns();
    report("cpu_sha256", t0, t1);

    /* The energy stays within a part in a thousand (it oscillates by
     * ~1e-4 over millions of steps): a wrong floating-point build fails
     * here instead of printing a time. */
    nbody_init(bodies);
    e0 = nbody_energy(bodies);
    t0 = bench_now_ns();
    for (long i = 0; i < steps; i++)
        nbody_advance(bodies, 0.01);
    t1 = bench_now_ns();
    e1 = nbody_energy(bodies);
    if (fabs((e1 - e0) / e0) > 1e-3) {
        fprintf(stderr, "cpu: n-body energy drifted from %.9f to %.9f\n", e0, e1);
        return 1;
    }
    report("cpu_nbody", t0, t1);

    /* Words of 3-14 letters from a 12-letter alphabet (many shared
     * prefixes, so comparisons walk several bytes). */
    for (size_t i = 0; i < words; i++) {
        char *w = pool + 16 * i;
        unsigned len = 3 + rnd() % 12;
        for (unsigned k = 0; k < len; k++)
            w[k] = (char)('a' + rnd() % 12);
        w[len] = 0;
        v[i] = w;
    }
    t0 = bench_now_ns();
    merge_sort(v, tmp, words);
    t1 = bench_now_ns();
    sum = 0;
    for (size_t i = 1; i < words; i++) {
        if (word_cmp(v[i - 1], v[i]) > 0) {
            fprintf(stderr, "cpu: sort out of order at %u\n", (unsigned)i);
            return 1;
        }
        sum = sum * 31 + (uint32_t)(v[i] - pool);
    }
    report("cpu_sort", t0, t1);
    /* The digest and the order's checksum, so no kernel is optimized away. */
    cpu_sink = h[0] ^ sum;
    free(data);
    free(v);
    free(tmp);
    free(pool);
    return 0;
}
