/* Writes count random mutations of a valid 32-bit exe, for the loader's
 * corpus test: each one has one to four edits of the headers (a byte, a
 * header or section-table field set to a boundary value, a data
 * directory pointed somewhere, a dword inside the import, relocation or
 * TLS tables, e_lfanew) or is cut short. The generator is seeded, so a
 * seed and a count always give the same files:
 *   mutate <valid.exe> <outdir> <count> <seed> */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

/* xorshift64*: small and the same on every host. */
static uint32_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(uint32_t n)
{
    return n ? rnd() % n : 0;
}

static uint32_t rd32(const uint8_t *b, size_t off) { uint32_t v; memcpy(&v, b + off, 4); return v; }
static uint16_t rd16(const uint8_t *b, size_t off) { uint16_t v; memcpy(&v, b + off, 2); return v; }
static void wr32(uint8_t *b, size_t size, size_t off, uint32_t v)
{
    if (off + 4 <= size)
        memcpy(b + off, &v, 4);
}

struct layout {
    size_t pe, opt, sect;
    unsigned nsect;
    uint32_t size_of_image;
};

/* A boundary value for a field: the ones parsers get wrong. */
static uint32_t interesting(const struct layout *l, size_t file_size)
{
    static const uint32_t fixed[] = {
        0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x100, 0x200, 0x1000, 0xffff, 0x10000,
        0x7ffffffe, 0x7fffffff, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu,
    };
    switch (below(4)) {
    case 0: return fixed[below(sizeof fixed / sizeof fixed[0])];
    case 1: return l->size_of_image + below(9) - 4;
    case 2: return (uint32_t)file_size + below(9) - 4;
    default: return rnd();
    }
}

/* The file offset of an RVA through the section table, or 0. */
static size_t rva_to_off(const uint8_t *b, size_t size, const struct layout *l, uint32_t rva)
{
    for (unsigned i = 0; i < l->nsect; i++) {
        size_t h = l->sect + 40 * (size_t)i;
        uint32_t va, vs, raw, rs;
        if (h + 40 > size)
            break;
        vs = rd32(b, h + 8), va = rd32(b, h + 12), rs = rd32(b, h + 16), raw = rd32(b, h + 20);
        if (rva >= va && rva - va < (vs > rs ? vs : rs) && rva - va < rs)
            return raw + (rva - va);
    }
    return 0;
}

static size_t mutate(uint8_t *b, size_t size, const struct layout *l)
{
    unsigned edits = 1 + below(4);
    size_t hdr_end = l->sect + 40 * (size_t)l->nsect;

    if (hdr_end > size)
        hdr_end = size;
    for (unsigned e = 0; e < edits; e++) {
        switch (below(8)) {
        case 0:     /* a random byte of the headers */
            b[below((uint32_t)hdr_end)] = (uint8_t)rnd();
            break;
        case 1:     /* a file or optional header field */
            wr32(b, size, l->pe + 4 + 2 * below((uint32_t)(l->sect - l->pe - 4) / 2), interesting(l, size));
            break;
        case 2: {   /* a data directory entry */
            unsigned d = below(16);
            wr32(b, size, l->opt + 96 + 8 * d, below(2) ? below(l->size_of_image + 0x2000) : interesting(l, size));
            if (below(2))
                wr32(b, size, l->opt + 96 + 8 * d + 4, interesting(l, size));
            break;
        }
        case 3:     /* a section header field */
            wr32(b, size, l->sect + 40 * below(l->nsect) + 8 + 4 * below(8), interesting(l, size));
            break;
        case 4: {   /* a dword inside the import, relocation, TLS or IAT tables */
            static const unsigned dirs[] = { 1, 5, 9, 12 };
            unsigned d = dirs[below(4)];
            size_t off = rva_to_off(b, size, l, rd32(b, l->opt + 96 + 8 * d));
            if (off)
                wr32(b, size, off + 4 * below(64), below(2) ? interesting(l, size) : rnd());
            break;
        }
        case 5:     /* e_lfanew */
            wr32(b, size, 0x3c, below(2) ? interesting(l, size) : below(0x200));
            break;
        case 6:     /* a flipped bit in the first KiB */
            b[below(size < 1024 ? (uint32_t)size : 1024)] ^= (uint8_t)(1u << below(8));
            break;
        default:    /* cut short */
            if (below(4) == 0)
                return below((uint32_t)size);
            break;
        }
    }
    return size;
}

int main(int argc, char **argv)
{
    FILE *f;
    uint8_t *img, *buf;
    long size;
    struct layout l;
    unsigned count;

    if (argc != 5 || !(f = fopen(argv[1], "rb"))) {
        fprintf(stderr, "usage: mutate <valid.exe> <outdir> <count> <seed>\n");
        return 2;
    }
    count = (unsigned)strtoul(argv[3], NULL, 0);
    rng_state = strtoull(argv[4], NULL, 0) * 0x9E3779B97F4A7C15ULL + 1;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    img = malloc((size_t)size);
    buf = malloc((size_t)size);
    if (!img || !buf || size < 0x200 || fread(img, 1, (size_t)size, f) != (size_t)size)
        return 2;
    fclose(f);
    l.pe = rd32(img, 0x3c);
    l.opt = l.pe + 24;
    l.nsect = rd16(img, l.pe + 6);
    l.sect = l.opt + rd16(img, l.pe + 20);
    l.size_of_image = rd32(img, l.opt + 56);
    if (l.sect + 40 * (size_t)l.nsect > (size_t)size || l.nsect == 0)
        return 2;
    for (unsigned i = 0; i < count; i++) {
        char path[4096];
        size_t n;

        memcpy(buf, img, (size_t)size);
        n = mutate(buf, (size_t)size, &l);
        snprintf(path, sizeof path, "%s/mut%04u.exe", argv[2], i);
        if (!(f = fopen(path, "wb")) || fwrite(buf, 1, n, f) != n || fclose(f)) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
