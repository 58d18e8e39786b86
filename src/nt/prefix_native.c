/* The prefix's System32 holds 64-bit files of the same names as our 32-bit
 * DLLs, as on 64-bit Windows, so that file-system redirection can be seen:
 * with redirection off, LoadLibrary of System32\kernel32.dll finds a
 * PE32+ image and fails with ERROR_BAD_EXE_FORMAT, LoadLibraryEx(...,
 * LOAD_LIBRARY_AS_DATAFILE) of it works, and the DLL search skips it.
 * Each is a minimal resource-only AMD64 DLL: headers and one .rsrc section
 * holding an empty resource directory (no code; nothing here can run). */
#include "path.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_ALIGN 0x200
#define SECTION_ALIGN 0x1000

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* The image: 0x200 bytes of headers, then 0x200 of .rsrc. */
static void build(uint8_t img[2 * FILE_ALIGN])
{
    uint8_t *pe = img + 0x40, *opt = pe + 24, *sec;

    memset(img, 0, 2 * FILE_ALIGN);
    img[0] = 'M';
    img[1] = 'Z';
    put32(img + 0x3c, 0x40);                 /* e_lfanew */
    memcpy(pe, "PE\0\0", 4);
    put16(pe + 4, 0x8664);                   /* Machine: AMD64 */
    put16(pe + 6, 1);                        /* NumberOfSections */
    put16(pe + 20, 240);                     /* SizeOfOptionalHeader (PE32+) */
    put16(pe + 22, 0x2022);                  /* EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL */
    put16(opt, 0x20b);                       /* Magic: PE32+ */
    opt[2] = 14;                             /* linker version */
    put32(opt + 8, FILE_ALIGN);              /* SizeOfInitializedData */
    put64(opt + 24, 0x180000000ull);         /* ImageBase */
    put32(opt + 32, SECTION_ALIGN);
    put32(opt + 36, FILE_ALIGN);
    put16(opt + 40, 10);                     /* OS version 10.0 */
    put16(opt + 48, 10);                     /* subsystem version 10.0 */
    put32(opt + 56, 2 * SECTION_ALIGN);      /* SizeOfImage */
    put32(opt + 60, FILE_ALIGN);             /* SizeOfHeaders */
    put16(opt + 68, 3);                      /* Subsystem: console */
    put16(opt + 70, 0x0160);                 /* HIGH_ENTROPY_VA | DYNAMIC_BASE | NX_COMPAT */
    put64(opt + 72, 0x40000);                /* stack reserve, commit, heap reserve, commit */
    put64(opt + 80, 0x1000);
    put64(opt + 88, 0x100000);
    put64(opt + 96, 0x1000);
    put32(opt + 108, 16);                    /* NumberOfRvaAndSizes */
    put32(opt + 112 + 2 * 8, SECTION_ALIGN); /* resource directory */
    put32(opt + 112 + 2 * 8 + 4, 16);
    sec = opt + 240;
    memcpy(sec, ".rsrc", 5);
    put32(sec + 8, 16);                      /* VirtualSize */
    put32(sec + 12, SECTION_ALIGN);          /* VirtualAddress */
    put32(sec + 16, FILE_ALIGN);             /* SizeOfRawData */
    put32(sec + 20, FILE_ALIGN);             /* PointerToRawData */
    put32(sec + 36, 0x40000040);             /* INITIALIZED_DATA | MEM_READ */
    /* .rsrc: an IMAGE_RESOURCE_DIRECTORY with no entries (all zero). */
}

int prefix_write_native_dll(const char *system32, const char *name)
{
    uint8_t img[2 * FILE_ALIGN];
    char path[4096], tmp[4200];
    struct stat st;
    bool ok;
    int fd;

    if ((size_t)snprintf(path, sizeof path, "%s/%s", system32, name) >= sizeof path)
        return -1;
    if (stat(path, &st) == 0 && st.st_size == (off_t)sizeof img)
        return 0;
    build(img);
    snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
        return -1;
    ok = write(fd, img, sizeof img) == (ssize_t)sizeof img;
    if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}
