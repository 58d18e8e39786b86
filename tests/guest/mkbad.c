/* Writes the malformed and unsupported images the loader must refuse,
 * derived from a valid 32-bit exe:
 *   mkbad <valid.exe> <outdir> */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *img;
static long size;

static void save(const char *dir, const char *name, const void *data, long n)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "wb")) || fwrite(data, 1, (size_t)n, f) != (size_t)n || fclose(f)) {
        perror(path);
        exit(1);
    }
}

static uint32_t rd32(long off) { uint32_t v; memcpy(&v, img + off, 4); return v; }
static void wr16(unsigned char *b, long off, uint16_t v) { memcpy(b + off, &v, 2); }
static void wr32(unsigned char *b, long off, uint32_t v) { memcpy(b + off, &v, 4); }

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char *c;
    long pe, opt, sect;
    unsigned char dos[128] = { 'M', 'Z' };

    if (argc != 3 || !(f = fopen(argv[1], "rb")))
        return 2;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    img = malloc((size_t)size);
    c = malloc((size_t)size);
    if (!img || !c || fread(img, 1, (size_t)size, f) != (size_t)size)
        return 2;
    fclose(f);
    pe = rd32(0x3c);
    opt = pe + 24;

    save(argv[2], "empty.exe", "", 0);
    save(argv[2], "text.exe", "this is a text file, not a program\n", 35);

    /* MZ-only DOS program: e_lfanew 0, a DOS stub that exits. */
    save(argv[2], "dosonly.exe", dos, sizeof dos);

    /* 16-bit Windows: MZ with e_lfanew -> "NE". */
    memset(dos, 0, sizeof dos);
    dos[0] = 'M', dos[1] = 'Z';
    wr32(dos, 0x3c, 0x40);
    dos[0x40] = 'N', dos[0x41] = 'E';
    save(argv[2], "ne16.exe", dos, sizeof dos);

    /* 64-bit: PE32+ optional header magic and the AMD64 machine. */
    memcpy(c, img, (size_t)size);
    wr16(c, pe + 4, 0x8664);
    wr16(c, opt, 0x20b);
    save(argv[2], "pe64.exe", c, size);

    /* A DLL run as a program. */
    memcpy(c, img, (size_t)size);
    wr16(c, pe + 22, (uint16_t)(c[pe + 22] | (c[pe + 23] << 8) | 0x2000));
    save(argv[2], "isdll.exe", c, size);

    /* .NET: a COM descriptor (directory 14) pointing at an IMAGE_COR20_HEADER
     * written over the start of the first section's raw data, with the
     * flags ILONLY|32BITREQUIRED. */
    memcpy(c, img, (size_t)size);
    sect = opt + (c[pe + 20] | (c[pe + 21] << 8));
    {
        uint32_t rva = rd32(sect + 12), raw = rd32(sect + 20);
        long dir14 = opt + 96 + 14 * 8;
        memset(c + raw, 0, 72);
        wr32(c, raw, 72);         /* cb */
        wr16(c, raw + 4, 2);      /* MajorRuntimeVersion */
        wr16(c, raw + 6, 5);
        wr32(c, raw + 16, 3);     /* Flags: ILONLY | 32BITREQUIRED */
        wr32(c, dir14, rva);
        wr32(c, dir14 + 4, 72);
    }
    save(argv[2], "dotnet.exe", c, size);

    /* Truncated: the headers cut short. */
    save(argv[2], "truncated.exe", img, pe + 40);
    return 0;
}
