/* Writes the malformed and unsupported images the loader must refuse, one
 * per refusal cause, derived from a valid 32-bit exe, plus one valid image
 * that carries a load configuration, a resource tree and a delay-import
 * table (the loader must accept and run it):
 *   mkbad <valid.exe> <outdir>
 * Tables that a cause needs are written into the slack between the end
 * of the section table and SizeOfHeaders: header bytes are backed by the
 * file and lie inside the image, so an RVA there is a file offset. Field
 * offsets are those of Microsoft's PE Format specification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *img, *c;
static long size, pe, fh, opt, sect, nsect, slack, slack_end;
static const char *outdir;

static void save(const char *name, const void *data, long n)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", outdir, name);
    if (!(f = fopen(path, "wb")) || fwrite(data, 1, (size_t)n, f) != (size_t)n || fclose(f)) {
        perror(path);
        exit(1);
    }
}

static uint16_t rd16(const unsigned char *b, long off) { uint16_t v; memcpy(&v, b + off, 2); return v; }
static uint32_t rd32(const unsigned char *b, long off) { uint32_t v; memcpy(&v, b + off, 4); return v; }
static void wr16(unsigned char *b, long off, uint16_t v) { memcpy(b + off, &v, 2); }
static void wr32(unsigned char *b, long off, uint32_t v) { memcpy(b + off, &v, 4); }

/* A fresh copy of the valid image to corrupt. */
static unsigned char *fresh(void)
{
    memcpy(c, img, (size_t)size);
    return c;
}

/* Data directory i of the copy. */
static void set_dir(int i, uint32_t rva, uint32_t len)
{
    wr32(c, opt + 96 + 8 * i, rva);
    wr32(c, opt + 96 + 8 * i + 4, len);
}

/* Section i's header field at off (8 VirtualSize, 12 VirtualAddress,
 * 16 SizeOfRawData, 20 PointerToRawData). */
static long sect_field(int i, int off)
{
    return sect + 40L * i + off;
}

/* A valid load configuration (IMAGE_LOAD_CONFIG_DIRECTORY32, 0x48 bytes
 * as Visual C++ 2005 writes it) at the slack; cookie is the
 * SecurityCookie VA. */
static void put_load_config(uint32_t cookie)
{
    long lc = slack;

    memset(c + lc, 0, 0x48);
    wr32(c, lc, 0x48);              /* Size */
    wr32(c, lc + 60, cookie);       /* SecurityCookie */
    set_dir(10, (uint32_t)lc, 0x48);
}

/* A resource tree type 16 (RT_VERSION) / id 1 / language 0x409 with one
 * data entry of data_size bytes at data_rva; sub is the offset of the
 * second level. */
static void put_resources(uint32_t sub, uint32_t data_rva, uint32_t data_size)
{
    long r = slack;

    memset(c + r, 0, 0x60);
    wr16(c, r + 14, 1);                             /* root: NumberOfIdEntries */
    wr32(c, r + 16, 16);                            /* RT_VERSION */
    wr32(c, r + 20, 0x80000000u | sub);             /* -> name level */
    wr16(c, r + 0x18 + 14, 1);
    wr32(c, r + 0x18 + 16, 1);                      /* id 1 */
    wr32(c, r + 0x18 + 20, 0x80000000u | 0x30);     /* -> language level */
    wr16(c, r + 0x30 + 14, 1);
    wr32(c, r + 0x30 + 16, 0x409);
    wr32(c, r + 0x30 + 20, 0x48);                   /* -> data entry */
    wr32(c, r + 0x48, data_rva);                    /* OffsetToData (an RVA) */
    wr32(c, r + 0x48 + 4, data_size);
    set_dir(2, (uint32_t)r, 0x58);
}

/* A delay-load descriptor (dlattrRva) for "exportlib.dll" importing
 * ordinal 1, with its module handle slot, IAT and name table in the
 * slack; iat is the IAT's RVA. */
static void put_delay_imports(uint32_t iat)
{
    long d = slack;

    memset(c + d, 0, 0x90);
    wr32(c, d, 1);                                  /* grAttrs: dlattrRva */
    wr32(c, d + 4, (uint32_t)(d + 0x40));           /* rvaDLLName */
    wr32(c, d + 8, (uint32_t)(d + 0x60));           /* rvaHmod */
    wr32(c, d + 12, iat ? iat : (uint32_t)(d + 0x68)); /* rvaIAT */
    wr32(c, d + 16, (uint32_t)(d + 0x70));          /* rvaINT */
    /* d + 32: the all-zero descriptor that ends the array. */
    memcpy(c + d + 0x40, "exportlib.dll", 14);
    wr32(c, d + 0x68, 0);
    wr32(c, d + 0x70, 0x80000001u);                 /* by ordinal 1 */
    wr32(c, d + 0x74, 0);
    set_dir(13, (uint32_t)d, 64);
}

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char dos[128] = { 'M', 'Z' };
    uint32_t size_of_image, image_base;

    if (argc != 3 || !(f = fopen(argv[1], "rb")))
        return 2;
    outdir = argv[2];
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    img = malloc((size_t)size);
    c = malloc((size_t)size);
    if (!img || !c || fread(img, 1, (size_t)size, f) != (size_t)size)
        return 2;
    fclose(f);
    pe = rd32(img, 0x3c);
    fh = pe + 4;
    opt = pe + 24;
    nsect = rd16(img, fh + 2);
    sect = opt + rd16(img, fh + 16);
    slack = (sect + 40 * nsect + 15) & ~15L;
    slack_end = rd32(img, opt + 60);             /* SizeOfHeaders */
    size_of_image = rd32(img, opt + 56);
    image_base = rd32(img, opt + 28);
    if (slack_end - slack < 0xa0 || slack_end > size) {
        fprintf(stderr, "mkbad: %s has no room for tables in its headers\n", argv[1]);
        return 2;
    }

    save("empty.exe", "", 0);
    save("text.exe", "this is a text file, not a program\n", 35);

    /* MZ-only DOS program: e_lfanew 0, a DOS stub that exits. */
    save("dosonly.exe", dos, sizeof dos);

    /* 16-bit Windows: MZ with e_lfanew -> "NE". */
    memset(dos, 0, sizeof dos);
    dos[0] = 'M', dos[1] = 'Z';
    wr32(dos, 0x3c, 0x40);
    dos[0x40] = 'N', dos[0x41] = 'E';
    save("ne16.exe", dos, sizeof dos);

    /* 64-bit: PE32+ optional header magic and the AMD64 machine. */
    fresh();
    wr16(c, fh, 0x8664);
    wr16(c, opt, 0x20b);
    save("pe64.exe", c, size);

    /* A DLL run as a program. */
    fresh();
    wr16(c, fh + 18, (uint16_t)(rd16(c, fh + 18) | 0x2000));
    save("isdll.exe", c, size);

    /* .NET: a COM descriptor (directory 14) pointing at an IMAGE_COR20_HEADER
     * written over the start of the first section's raw data, with the
     * flags ILONLY|32BITREQUIRED. */
    fresh();
    {
        uint32_t rva = rd32(c, sect_field(0, 12)), raw = rd32(c, sect_field(0, 20));
        memset(c + raw, 0, 72);
        wr32(c, raw, 72);         /* cb */
        wr16(c, raw + 4, 2);      /* MajorRuntimeVersion */
        wr16(c, raw + 6, 5);
        wr32(c, raw + 16, 3);     /* Flags: ILONLY | 32BITREQUIRED */
        set_dir(14, rva, 72);
    }
    save("dotnet.exe", c, size);

    /* Truncated: the headers cut short. */
    save("truncated.exe", img, pe + 40);

    /* MZ and a PE header offset, but no "PE\0\0" there. */
    fresh();
    memcpy(c + pe, "XY\0\0", 4);
    save("badsig.exe", c, size);

    /* e_lfanew far past the end of the file. */
    fresh();
    wr32(c, 0x3c, 0x7ffffff0u);
    save("badlfanew.exe", c, size);

    /* A PE32 image for another machine (ARM Thumb-2, 0x01c4). */
    fresh();
    wr16(c, fh, 0x01c4);
    save("arm.exe", c, size);

    /* The last section's raw data runs past the end of the file. */
    fresh();
    wr32(c, sect_field((int)nsect - 1, 16), (uint32_t)size);
    save("sectdata.exe", c, size);

    /* SizeOfImage beyond what 32 bits address (base + size > 4 GiB). */
    fresh();
    wr32(c, opt + 56, 0xfff00000u);
    save("huge.exe", c, size);

    /* A valid header but an image that fits no 2 GiB address space. */
    fresh();
    wr32(c, opt + 56, 0x90000000u);
    save("toobig.exe", c, size);

    /* AddressOfEntryPoint past SizeOfImage. */
    fresh();
    wr32(c, opt + 16, size_of_image + 0x1000);
    save("entry.exe", c, size);

    /* SizeOfOptionalHeader too small for the data directories. */
    fresh();
    wr16(c, fh + 16, 0x40);
    save("badopt.exe", c, size);

    /* SectionAlignment not a power of two. */
    fresh();
    wr32(c, opt + 32, 0x3000);
    save("badalign.exe", c, size);

    /* The second section overlaps the first. */
    fresh();
    wr32(c, sect_field(1, 12), rd32(c, sect_field(0, 12)));
    save("badsections.exe", c, size);

    /* The import directory runs past SizeOfImage. */
    fresh();
    set_dir(1, rd32(c, opt + 96 + 8), 0xfffff000u);
    save("baddir.exe", c, size);

    /* An import descriptor whose DLL name is not in the file. */
    fresh();
    memset(c + slack, 0, 40);
    wr32(c, slack + 12, size_of_image - 4);         /* Name */
    wr32(c, slack + 16, (uint32_t)slack + 20);      /* FirstThunk */
    set_dir(1, (uint32_t)slack, 40);
    save("badimports.exe", c, size);

    /* A relocation block for a page past SizeOfImage. The preferred base
     * 0x7fff0000 leaves no room below the 2 GiB line, so the loader must
     * move the image and apply the table. The TLS directory holds VAs at
     * the old base and goes (the image is refused before it would run). */
    fresh();
    memset(c + slack, 0, 16);
    wr32(c, slack, 0x7ffff000u);                    /* VirtualAddress */
    wr32(c, slack + 4, 12);                         /* SizeOfBlock */
    wr16(c, slack + 8, 0x3000);                     /* HIGHLOW at +0 */
    set_dir(5, (uint32_t)slack, 12);
    set_dir(9, 0, 0);
    wr32(c, opt + 28, 0x7fff0000u);
    wr16(c, opt + 70, (uint16_t)(rd16(c, opt + 70) & ~0x0040));
    wr16(c, fh + 18, (uint16_t)(rd16(c, fh + 18) & ~1));
    save("badreloc.exe", c, size);

    /* Relocations stripped and a preferred base that cannot be had (0). */
    fresh();
    wr16(c, fh + 18, (uint16_t)(rd16(c, fh + 18) | 1));
    wr32(c, opt + 28, 0);
    set_dir(9, 0, 0);
    save("norelocs.exe", c, size);

    /* A TLS directory whose template ends before it starts. */
    fresh();
    memset(c + slack, 0, 24);
    wr32(c, slack, image_base + 0x2000);            /* StartAddressOfRawData */
    wr32(c, slack + 4, image_base + 0x1000);        /* EndAddressOfRawData */
    set_dir(9, (uint32_t)slack, 24);
    save("badtls.exe", c, size);

    /* A load configuration whose security cookie lies outside the image. */
    fresh();
    put_load_config(0x7fff0000u);
    save("badloadcfg.exe", c, size);

    /* A resource tree whose subdirectory offset leaves the file. */
    fresh();
    put_resources(0x7ffffff0u, 0, 0);
    save("badrsrc.exe", c, size);

    /* A delay-import descriptor whose IAT lies outside the image. */
    fresh();
    put_delay_imports(0xfffffff0u);
    save("baddelay.exe", c, size);

    /* Valid: each of the three tables well-formed (must run). The cookie
     * and the resource data point into the first section. */
    {
        uint32_t text = rd32(img, sect_field(0, 12));
        fresh();
        put_load_config(image_base + text);
        save("goodloadcfg.exe", c, size);
        fresh();
        put_resources(0x18, text, 16);
        save("goodrsrc.exe", c, size);
        fresh();
        put_delay_imports(0);
        save("gooddelay.exe", c, size);
    }
    return 0;
}
