/* PE32 parsing and validation over the file's bytes. Offsets and field
 * names are those of the PE Format specification; every value read from
 * the file is checked before it is used as an offset, size or count, with
 * 64-bit sums so no check can wrap. */
#include "pe.h"

#include <stdio.h>
#include <string.h>

#define PE_ERROR_MSG(name, msg) msg,
static const char *const pe_messages[] = { PE_ERROR_MAP(PE_ERROR_MSG) };
#undef PE_ERROR_MSG

/* Offsets inside the headers (PE Format, "MS-DOS Stub", "COFF File
 * Header", "Optional Header (Image Only)", "Section Table"). */
#define DOS_E_LFARLC 0x18
#define DOS_E_LFANEW 0x3c
#define DOS_HEADER_SIZE 64
#define FH_SIZE 20
#define OPT_DATA_DIRECTORY 96       /* first data directory in a PE32 optional header */
#define SECTION_HEADER_SIZE 40
#define PAGE_SIZE_X86 4096

/* Little-endian reads that do not care about alignment. */
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, (uint16_t)v); wr16(p + 2, (uint16_t)(v >> 16)); }
static bool is_pow2(uint32_t x) { return x && !(x & (x - 1)); }

/* The message for an error code, for "<file>: <message>" lines. */
const char *pe_strerror(enum pe_error e)
{
    if ((unsigned)e >= sizeof pe_messages / sizeof pe_messages[0])
        return "unknown PE error";
    return pe_messages[e];
}

/* Windows reads a section's raw data from PointerToRawData rounded down to
 * 512 bytes. Images with a file alignment under 512 (section alignment
 * below a page, mapped flat) have no such rounding: their raw offsets are
 * used as they are. */
static uint64_t raw_start(const struct pe_image *img, const struct pe_section *s)
{
    return img->file_alignment >= 512 ? (s->raw_offset & ~(uint32_t)0x1ff) : s->raw_offset;
}

/* A section with VirtualSize 0 takes SizeOfRawData as its size, as the
 * Windows loader does. */
static uint32_t virtual_size(const struct pe_section *s)
{
    return s->vsize ? s->vsize : s->raw_size;
}

/* Finds the NT headers. The rule for telling a DOS program from a broken
 * PE image: e_lfanew == 0 means no new header (DOS). An "NE" at e_lfanew
 * is a 16-bit Windows program, "PE\0\0" a PE image. Otherwise
 * e_lfarlc decides: every linker that writes a new header puts the DOS
 * relocation table at 0x40 or later, so e_lfarlc < 0x40 is a classic DOS
 * program whose bytes at 0x3c are not a header offset at all (DOS_ONLY);
 * with e_lfarlc >= 0x40 the file promised a new header and is broken
 * (BAD_LFANEW when the offset leaves the file, NOT_PE otherwise). */
static enum pe_error find_nt_headers(const uint8_t *d, size_t size, uint32_t *nt)
{
    uint32_t lfanew = rd32(d + DOS_E_LFANEW);
    uint16_t lfarlc = rd16(d + DOS_E_LFARLC);
    uint64_t avail;

    if (lfanew == 0)
        return PE_E_DOS_ONLY;
    avail = lfanew < size ? size - lfanew : 0;
    if (avail >= 2 && d[lfanew] == 'N' && d[lfanew + 1] == 'E')
        return PE_E_NE;
    if (avail >= 4 && memcmp(d + lfanew, "PE\0\0", 4) == 0) {
        *nt = lfanew;
        return PE_OK;
    }
    /* A signature cut off by the end of the file is a truncated image. */
    if (avail > 0 && avail < 4 && memcmp(d + lfanew, "PE\0\0", (size_t)avail) == 0)
        return PE_E_TRUNCATED;
    if (lfarlc < 0x40)
        return PE_E_DOS_ONLY;
    return avail < 4 ? PE_E_BAD_LFANEW : PE_E_NOT_PE;
}

/* Reads the optional header fields and data directories. */
static enum pe_error read_optional_header(const uint8_t *opt, uint16_t soh, struct pe_image *out)
{
    uint32_t ndirs = rd32(opt + 92);

    out->entry_rva = rd32(opt + 16);
    out->image_base = rd32(opt + 28);
    out->section_alignment = rd32(opt + 32);
    out->file_alignment = rd32(opt + 36);
    out->major_subsystem_version = rd16(opt + 48);
    out->minor_subsystem_version = rd16(opt + 50);
    out->size_of_image = rd32(opt + 56);
    out->size_of_headers = rd32(opt + 60);
    out->checksum = rd32(opt + 64);
    out->subsystem = rd16(opt + 68);
    out->dll_characteristics = rd16(opt + 70);
    out->stack_reserve = rd32(opt + 72);
    out->stack_commit = rd32(opt + 76);
    out->heap_reserve = rd32(opt + 80);
    out->heap_commit = rd32(opt + 84);
    /* Windows ignores directory entries past the sixteen it defines. */
    if (ndirs > PE_NUM_DIRS)
        ndirs = PE_NUM_DIRS;
    if (OPT_DATA_DIRECTORY + 8 * ndirs > soh)
        return PE_E_OPTIONAL_HEADER;
    out->num_dirs = ndirs;
    for (uint32_t i = 0; i < ndirs; i++) {
        out->dirs[i].rva = rd32(opt + OPT_DATA_DIRECTORY + 8 * i);
        out->dirs[i].size = rd32(opt + OPT_DATA_DIRECTORY + 8 * i + 4);
    }
    return PE_OK;
}

/* Section alignment: a power of two, at least the file alignment; file
 * alignment a power of two in 512..64K, except that images with a
 * section alignment below the page size must have equal alignments. */
static enum pe_error check_alignment(const struct pe_image *img)
{
    uint32_t sa = img->section_alignment, fa = img->file_alignment;

    if (!is_pow2(sa) || !is_pow2(fa))
        return PE_E_ALIGNMENT;
    if (sa < PAGE_SIZE_X86)
        return fa == sa ? PE_OK : PE_E_ALIGNMENT;
    if (fa < 512 || fa > 0x10000 || fa > sa)
        return PE_E_ALIGNMENT;
    return PE_OK;
}

/* Copies the section table and checks it: sections aligned, in ascending
 * order, not overlapping each other or the headers, inside SizeOfImage,
 * and with raw data inside the file. */
static enum pe_error read_sections(const uint8_t *table, struct pe_image *out)
{
    uint64_t prev_end = out->size_of_headers;

    for (unsigned i = 0; i < out->nsections; i++) {
        const uint8_t *h = table + (size_t)i * SECTION_HEADER_SIZE;
        struct pe_section *s = &out->sections[i];

        memcpy(s->name, h, 8);
        s->name[8] = '\0';
        s->vsize = rd32(h + 8);
        s->vaddr = rd32(h + 12);
        s->raw_size = rd32(h + 16);
        s->raw_offset = rd32(h + 20);
        s->characteristics = rd32(h + 36);
        if (s->vaddr % out->section_alignment || s->vaddr < prev_end)
            return PE_E_SECTIONS;
        prev_end = (uint64_t)s->vaddr + virtual_size(s);
        if (prev_end > out->size_of_image)
            return PE_E_SECTIONS;
        if (s->raw_size && raw_start(out, s) + s->raw_size > out->size)
            return PE_E_SECTION_DATA;
    }
    return PE_OK;
}

/* Every data directory must lie inside the image. The security directory
 * holds a file offset, not an RVA, and is never mapped: it is skipped. An
 * entry with RVA 0 is absent whatever its size says. */
static enum pe_error check_directories(const struct pe_image *img)
{
    for (uint32_t i = 0; i < img->num_dirs; i++) {
        if (i == PE_DIR_SECURITY || img->dirs[i].rva == 0)
            continue;
        if ((uint64_t)img->dirs[i].rva + img->dirs[i].size > img->size_of_image)
            return PE_E_DIRECTORY;
    }
    return PE_OK;
}

/* Records the CLR flags of a .NET image. The loader decides what to do
 * with it; a COM descriptor too short to hold Flags, or not backed by the
 * file, is a bad directory. */
static enum pe_error read_clr_header(struct pe_image *out)
{
    const uint8_t *cor;

    if (out->num_dirs <= PE_DIR_COM_DESCRIPTOR || out->dirs[PE_DIR_COM_DESCRIPTOR].rva == 0 ||
        out->dirs[PE_DIR_COM_DESCRIPTOR].size == 0)
        return PE_OK;
    if (out->dirs[PE_DIR_COM_DESCRIPTOR].size < 20)
        return PE_E_DIRECTORY;
    cor = pe_rva_to_data(out, out->dirs[PE_DIR_COM_DESCRIPTOR].rva, 20);
    if (!cor)
        return PE_E_DIRECTORY;
    out->is_dotnet = true;
    out->clr_flags = rd32(cor + 16);   /* IMAGE_COR20_HEADER.Flags */
    return PE_OK;
}

/* Parses and validates the headers and section table of a PE32 file. */
enum pe_error pe_parse(const void *data, size_t size, struct pe_image *out)
{
    const uint8_t *d = data;
    const uint8_t *fh, *opt;
    uint32_t nt = 0;
    uint16_t magic, soh;
    uint64_t table;
    enum pe_error err;

    memset(out, 0, sizeof *out);
    out->data = d;
    out->size = size;
    if (size == 0)
        return PE_E_EMPTY;
    if (d[0] != 'M' || (size >= 2 && d[1] != 'Z'))
        return PE_E_NOT_MZ;
    if (size < DOS_HEADER_SIZE)
        return PE_E_TRUNCATED;
    if ((err = find_nt_headers(d, size, &nt)) != PE_OK)
        return err;

    /* The file header and the optional header's Magic must be present. */
    if ((uint64_t)nt + 4 + FH_SIZE + 2 > size)
        return PE_E_TRUNCATED;
    fh = d + nt + 4;
    opt = fh + FH_SIZE;
    out->machine = rd16(fh);
    out->timestamp = rd32(fh + 4);
    out->characteristics = rd16(fh + 18);
    soh = rd16(fh + 16);
    magic = rd16(opt);
    /* Magic first: a 64-bit image gets the 64-bit message although its
     * machine (0x8664) is not i386 either. */
    if (magic == PE_MAGIC_PE32PLUS)
        return PE_E_PE32PLUS;
    if (out->machine != PE_MACHINE_I386)
        return PE_E_MACHINE;
    if (magic != PE_MAGIC_PE32 || soh < OPT_DATA_DIRECTORY ||
        (uint64_t)nt + 4 + FH_SIZE + soh > size)
        return PE_E_OPTIONAL_HEADER;
    if ((err = read_optional_header(opt, soh, out)) != PE_OK)
        return err;
    if ((err = check_alignment(out)) != PE_OK)
        return err;
    if (out->size_of_image == 0 || out->size_of_image > 0xFFFF0000u ||
        (uint64_t)out->image_base + out->size_of_image > 0x100000000ull)
        return PE_E_TOO_LARGE;
    if (out->size_of_headers > out->size_of_image)
        return PE_E_OPTIONAL_HEADER;

    out->nsections = rd16(fh + 2);
    if (out->nsections > PE_MAX_SECTIONS)
        return PE_E_SECTIONS;
    table = (uint64_t)nt + 4 + FH_SIZE + soh;
    if (table + (uint64_t)out->nsections * SECTION_HEADER_SIZE > size)
        return PE_E_TRUNCATED;
    if ((err = read_sections(d + table, out)) != PE_OK)
        return err;

    /* Entry point 0 means "none", which only a DLL may have. */
    if (out->entry_rva == 0 ? !(out->characteristics & PE_FILE_DLL)
                            : out->entry_rva >= out->size_of_image)
        return PE_E_ENTRY;
    if ((err = check_directories(out)) != PE_OK || (err = read_clr_header(out)) != PE_OK)
        return err;
    return pe_check_late_directories(out);
}

/* The file bytes at rva and how many follow it in the same backed region
 * (headers, or the part of a section that has raw data); NULL if none.
 * Bounds are rechecked here so a hand-edited pe_image cannot lead outside
 * the file. */
static const uint8_t *backed_region(const struct pe_image *img, uint32_t rva, uint64_t *avail)
{
    uint64_t hdr = img->size_of_headers;

    if (hdr > img->size)
        hdr = img->size;
    if (hdr > img->size_of_image)
        hdr = img->size_of_image;
    if (rva < hdr) {
        *avail = hdr - rva;
        return img->data + rva;
    }
    for (unsigned i = 0; i < img->nsections && i < PE_MAX_SECTIONS; i++) {
        const struct pe_section *s = &img->sections[i];
        uint64_t n = s->raw_size < virtual_size(s) ? s->raw_size : virtual_size(s);
        uint64_t start = raw_start(img, s);

        /* Past VirtualSize the loader maps zeros, not file data. */
        if (rva < s->vaddr || rva - s->vaddr >= n)
            continue;
        if (start + n > img->size)
            return NULL;
        *avail = n - (rva - s->vaddr);
        return img->data + start + (rva - s->vaddr);
    }
    return NULL;
}

/* File bytes backing [rva, rva+len) of the loaded image, or NULL. */
const void *pe_rva_to_data(const struct pe_image *img, uint32_t rva, uint32_t len)
{
    uint64_t avail;
    const uint8_t *p = backed_region(img, rva, &avail);

    return p && len <= avail ? p : NULL;
}

/* The NUL-terminated string at rva, or NULL if it runs out of its region. */
const char *pe_rva_string(const struct pe_image *img, uint32_t rva)
{
    uint64_t avail;
    const uint8_t *p = backed_region(img, rva, &avail);

    return p && memchr(p, 0, (size_t)avail) ? (const char *)p : NULL;
}

/* Names the set COMIMAGE_FLAGS in buf ("ILONLY|32BITREQUIRED"). */
const char *pe_describe_clr_flags(uint32_t flags, char *buf, size_t n)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { PE_CLR_ILONLY, "ILONLY" },
        { PE_CLR_32BITREQUIRED, "32BITREQUIRED" },
        { PE_CLR_IL_LIBRARY, "IL_LIBRARY" },
        { PE_CLR_STRONGNAMESIGNED, "STRONGNAMESIGNED" },
        { PE_CLR_NATIVE_ENTRYPOINT, "NATIVE_ENTRYPOINT" },
        { PE_CLR_TRACKDEBUGDATA, "TRACKDEBUGDATA" },
        { PE_CLR_32BITPREFERRED, "32BITPREFERRED" },
    };
    size_t len = 0;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0] && len < n; i++) {
        if (!(flags & names[i].bit))
            continue;
        flags &= ~names[i].bit;
        len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? "|" : "", names[i].name);
    }
    if (flags && len < n)
        len += (size_t)snprintf(buf + len, n - len, "%s0x%x", len ? "|" : "", flags);
    if (len == 0)
        snprintf(buf, n, "none");
    return buf;
}

/* Whether the image can be moved. */
bool pe_has_relocs(const struct pe_image *img)
{
    return !(img->characteristics & PE_FILE_RELOCS_STRIPPED) && img->num_dirs > PE_DIR_BASERELOC &&
           img->dirs[PE_DIR_BASERELOC].rva != 0 && img->dirs[PE_DIR_BASERELOC].size != 0;
}

/* Applies one fixup of the given type (PE Format, "Base Relocation
 * Types"); low is the HIGHADJ entry's second slot. The caller has checked
 * that the field lies inside the image. The HIGHADJ rounding (+0x8000)
 * follows the Windows loader: the low half is added back sign-extended. */
static void fixup(uint8_t *p, unsigned type, uint32_t delta, uint16_t low)
{
    uint32_t v;

    switch (type) {
    case 1:     /* IMAGE_REL_BASED_HIGH */
        wr16(p, (uint16_t)(rd16(p) + (delta >> 16)));
        break;
    case 2:     /* IMAGE_REL_BASED_LOW */
        wr16(p, (uint16_t)(rd16(p) + delta));
        break;
    case 3:     /* IMAGE_REL_BASED_HIGHLOW */
        wr32(p, rd32(p) + delta);
        break;
    case 4:     /* IMAGE_REL_BASED_HIGHADJ */
        v = ((uint32_t)rd16(p) << 16) + (uint32_t)(int32_t)(int16_t)low;
        v += delta + 0x8000;
        wr16(p, (uint16_t)(v >> 16));
        break;
    }
}

/* Walks the base relocation blocks; writes only when mapped is set, so the
 * same walk first validates the whole table and then applies it. */
static enum pe_error walk_relocs(const struct pe_image *img, uint8_t *mapped, uint32_t delta)
{
    uint32_t size = img->dirs[PE_DIR_BASERELOC].size, off = 0;
    const uint8_t *p = pe_rva_to_data(img, img->dirs[PE_DIR_BASERELOC].rva, size);

    if (!p)
        return PE_E_RELOC;
    while (size - off >= 8) {
        uint32_t page = rd32(p + off), bsize = rd32(p + off + 4), n;

        /* Linkers may pad the directory with zeros after the last block;
         * Windows stops at a block of size 0 too. */
        if (bsize == 0)
            break;
        if (bsize < 8 || bsize > size - off || page >= img->size_of_image)
            return PE_E_RELOC;
        n = (bsize - 8) / 2;
        for (uint32_t i = 0; i < n; i++) {
            uint16_t e = rd16(p + off + 8 + 2 * i), low = 0;
            unsigned type = e >> 12, width;
            uint64_t target = (uint64_t)page + (e & 0xfff);

            switch (type) {
            case 0: continue;   /* IMAGE_REL_BASED_ABSOLUTE: padding */
            case 1: case 2: width = 2; break;
            case 3: width = 4; break;
            case 4:
                /* HIGHADJ takes the next slot as the low half. */
                if (i + 1 >= n)
                    return PE_E_RELOC;
                low = rd16(p + off + 8 + 2 * ++i);
                width = 2;
                break;
            default: return PE_E_RELOC;
            }
            if (target + width > img->size_of_image)
                return PE_E_RELOC;
            if (mapped)
                fixup(mapped + target, type, delta, low);
        }
        off += bsize;
    }
    return PE_OK;
}

/* Applies delta to the image copied to mapped; nothing is written unless
 * the whole table is good. */
enum pe_error pe_apply_relocs(const struct pe_image *img, uint8_t *mapped, int64_t delta)
{
    enum pe_error err;

    if (img->num_dirs <= PE_DIR_BASERELOC || img->dirs[PE_DIR_BASERELOC].rva == 0 ||
        img->dirs[PE_DIR_BASERELOC].size == 0)
        return PE_OK;
    if ((err = walk_relocs(img, NULL, 0)) != PE_OK)
        return err;
    /* Addresses are 32-bit: the delta applies modulo 2^32. */
    return walk_relocs(img, mapped, (uint32_t)(uint64_t)delta);
}

/* Upper bound on imported functions in one walk. Real programs import a
 * few thousand; the cap only stops a crafted file from making many
 * descriptors share one huge thunk array and the walk quadratic. */
#define MAX_IMPORTED_FUNCTIONS (1u << 20)

/* Walks one descriptor's thunk array and reports each function. */
static enum pe_error walk_thunks(const struct pe_image *img, const char *dll, uint32_t lookup,
                                 uint32_t iat, pe_import_fn fn, void *ctx, int *result,
                                 uint32_t *budget)
{
    for (uint64_t i = 0;; i++) {
        uint64_t slot = (uint64_t)lookup + 4 * i, iat_slot = (uint64_t)iat + 4 * i;
        const uint8_t *t;
        const uint8_t *hn;
        const char *name;
        uint32_t v;
        int r;

        if (slot > UINT32_MAX || !(t = pe_rva_to_data(img, (uint32_t)slot, 4)))
            return PE_E_IMPORTS;
        if ((v = rd32(t)) == 0)
            return PE_OK;
        if (iat_slot + 4 > img->size_of_image || (*budget)-- == 0)
            return PE_E_IMPORTS;
        if (v & 0x80000000u) {
            /* IMAGE_ORDINAL32: only the low 16 bits are the ordinal. */
            r = fn(ctx, dll, NULL, 0, (uint16_t)v, (uint32_t)iat_slot);
        } else {
            /* IMAGE_IMPORT_BY_NAME: a 2-byte hint, then the name. */
            hn = pe_rva_to_data(img, v, 2);
            name = pe_rva_string(img, v + 2);
            if (!hn || !name)
                return PE_E_IMPORTS;
            r = fn(ctx, dll, name, rd16(hn), 0, (uint32_t)iat_slot);
        }
        if (r) {
            *result = r;
            return PE_OK;
        }
    }
}

/* Walks the import descriptors, calling dll_fn per DLL and fn per
 * function (either may be NULL). */
static enum pe_error walk_imports(const struct pe_image *img, pe_import_dll_fn dll_fn,
                                  pe_import_fn fn, void *ctx, int *cb_result)
{
    uint32_t budget = MAX_IMPORTED_FUNCTIONS;
    int result = 0;
    enum pe_error err = PE_OK;

    if (img->num_dirs <= PE_DIR_IMPORT || img->dirs[PE_DIR_IMPORT].rva == 0)
        goto out;
    for (uint64_t rva = img->dirs[PE_DIR_IMPORT].rva;; rva += 20) {
        const uint8_t *desc = rva <= UINT32_MAX ? pe_rva_to_data(img, (uint32_t)rva, 20) : NULL;
        uint32_t oft, name_rva, ft;
        const char *dll;

        if (!desc) {
            err = PE_E_IMPORTS;
            break;
        }
        oft = rd32(desc);          /* OriginalFirstThunk */
        name_rva = rd32(desc + 12);
        ft = rd32(desc + 16);      /* FirstThunk */
        /* The Windows loader ends the list at the first descriptor
         * without a Name or a FirstThunk, not only at an all-zero one. */
        if (name_rva == 0 || ft == 0)
            break;
        if (!(dll = pe_rva_string(img, name_rva))) {
            err = PE_E_IMPORTS;
            break;
        }
        if (dll_fn && (result = dll_fn(ctx, dll)) != 0)
            break;
        if (fn) {
            err = walk_thunks(img, dll, oft ? oft : ft, ft, fn, ctx, &result, &budget);
            if (err != PE_OK || result)
                break;
        }
    }
out:
    if (cb_result)
        *cb_result = result;
    return err;
}

/* Walks the imported DLL names in descriptor order. */
enum pe_error pe_for_each_import_dll(const struct pe_image *img, pe_import_dll_fn fn,
                                     void *ctx, int *cb_result)
{
    return walk_imports(img, fn, NULL, ctx, cb_result);
}

/* Walks every imported function. */
enum pe_error pe_for_each_import(const struct pe_image *img, pe_import_fn fn,
                                 void *ctx, int *cb_result)
{
    return walk_imports(img, NULL, fn, ctx, cb_result);
}

/* The export directory's tables, each checked to lie in backed file data
 * for its full declared count. */
struct export_table {
    uint32_t dir_rva, dir_size, base, nfuncs, nnames, name_rva;
    const uint8_t *funcs, *names, *ords;
};

/* A table of count entries of elsize bytes at rva, or NULL. */
static const uint8_t *table_at(const struct pe_image *img, uint32_t rva, uint32_t count, uint32_t elsize)
{
    uint64_t len = (uint64_t)count * elsize;

    return len <= UINT32_MAX ? pe_rva_to_data(img, rva, (uint32_t)len) : NULL;
}

/* Reads IMAGE_EXPORT_DIRECTORY; MISSING when the image exports nothing. */
static enum pe_export_status read_export_table(const struct pe_image *img, struct export_table *t)
{
    const uint8_t *d;

    if (img->num_dirs <= PE_DIR_EXPORT || img->dirs[PE_DIR_EXPORT].rva == 0)
        return PE_EXPORT_MISSING;
    t->dir_rva = img->dirs[PE_DIR_EXPORT].rva;
    t->dir_size = img->dirs[PE_DIR_EXPORT].size;
    if (!(d = pe_rva_to_data(img, t->dir_rva, 40)))
        return PE_EXPORT_BAD_TABLE;
    t->name_rva = rd32(d + 12);
    t->base = rd32(d + 16);
    t->nfuncs = rd32(d + 20);
    t->nnames = rd32(d + 24);
    t->funcs = t->names = t->ords = NULL;
    if (t->nfuncs && !(t->funcs = table_at(img, rd32(d + 28), t->nfuncs, 4)))
        return PE_EXPORT_BAD_TABLE;
    if (t->nnames && (!(t->names = table_at(img, rd32(d + 32), t->nnames, 4)) ||
                      !(t->ords = table_at(img, rd32(d + 36), t->nnames, 2))))
        return PE_EXPORT_BAD_TABLE;
    return PE_EXPORT_FOUND;
}

/* Resolves an index into the address table: an RVA in the image, or a
 * forwarder string when the RVA lies inside the export directory. */
static enum pe_export_status resolve_export(const struct pe_image *img, const struct export_table *t,
                                            uint32_t idx, struct pe_export *out)
{
    uint32_t rva;

    if (idx >= t->nfuncs)
        return PE_EXPORT_BAD_TABLE;
    rva = rd32(t->funcs + 4 * (size_t)idx);
    /* An unused slot in a sparse ordinal range. */
    if (rva == 0)
        return PE_EXPORT_MISSING;
    out->rva = rva;
    out->forward = NULL;
    if (rva >= t->dir_rva && rva - t->dir_rva < t->dir_size) {
        out->forward = pe_rva_string(img, rva);
        if (!out->forward || !strchr(out->forward, '.'))
            return PE_EXPORT_BAD_TABLE;
        return PE_EXPORT_FOUND;
    }
    return rva < img->size_of_image ? PE_EXPORT_FOUND : PE_EXPORT_BAD_TABLE;
}

/* The i-th name of the name pointer table, or NULL when unreadable. */
static const char *export_name(const struct pe_image *img, const struct export_table *t, uint32_t i)
{
    return pe_rva_string(img, rd32(t->names + 4 * (size_t)i));
}

/* Resolves the export named by name-table entry i. */
static enum pe_export_status resolve_named(const struct pe_image *img, const struct export_table *t,
                                           uint32_t i, struct pe_export *out)
{
    return resolve_export(img, t, rd16(t->ords + 2 * (size_t)i), out);
}

/* Looks an export up by name: hint, binary search, then linear scan. */
enum pe_export_status pe_find_export(const struct pe_image *img, const char *name,
                                     uint16_t hint, struct pe_export *out)
{
    struct export_table t;
    enum pe_export_status st = read_export_table(img, &t);
    const char *s;
    uint32_t lo = 0, hi;

    if (st != PE_EXPORT_FOUND)
        return st;
    if (hint < t.nnames) {
        if (!(s = export_name(img, &t, hint)))
            return PE_EXPORT_BAD_TABLE;
        if (strcmp(s, name) == 0)
            return resolve_named(img, &t, hint, out);
    }
    /* The specification orders the name table lexically (by byte value,
     * which is what strcmp compares). */
    hi = t.nnames;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c;

        if (!(s = export_name(img, &t, mid)))
            return PE_EXPORT_BAD_TABLE;
        if ((c = strcmp(name, s)) == 0)
            return resolve_named(img, &t, mid, out);
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    /* Not every linker sorts; a miss costs a scan, which only happens on
     * the way to a "missing export" error or with an unsorted table. */
    for (uint32_t i = 0; i < t.nnames; i++) {
        if (!(s = export_name(img, &t, i)))
            return PE_EXPORT_BAD_TABLE;
        if (strcmp(s, name) == 0)
            return resolve_named(img, &t, i, out);
    }
    return PE_EXPORT_MISSING;
}

/* Looks an export up by its biased ordinal. */
enum pe_export_status pe_find_export_ordinal(const struct pe_image *img, uint32_t ordinal,
                                             struct pe_export *out)
{
    struct export_table t;
    enum pe_export_status st = read_export_table(img, &t);

    if (st != PE_EXPORT_FOUND)
        return st;
    if (ordinal < t.base || ordinal - t.base >= t.nfuncs)
        return PE_EXPORT_MISSING;
    return resolve_export(img, &t, ordinal - t.base, out);
}

/* Walks all named exports in name-table order. */
enum pe_error pe_for_each_export(const struct pe_image *img, pe_export_fn fn,
                                 void *ctx, int *cb_result)
{
    struct export_table t;
    enum pe_export_status st = read_export_table(img, &t);
    enum pe_error err = PE_OK;
    int result = 0;

    if (st == PE_EXPORT_BAD_TABLE)
        err = PE_E_EXPORTS;
    for (uint32_t i = 0; st == PE_EXPORT_FOUND && i < t.nnames; i++) {
        const char *name = export_name(img, &t, i);
        uint16_t idx = rd16(t.ords + 2 * (size_t)i);
        struct pe_export exp;
        enum pe_export_status rs;

        if (!name || (rs = resolve_export(img, &t, idx, &exp)) == PE_EXPORT_BAD_TABLE) {
            err = PE_E_EXPORTS;
            break;
        }
        /* A name pointing at an unused slot exports nothing. */
        if (rs == PE_EXPORT_MISSING)
            continue;
        if ((result = fn(ctx, name, t.base + idx, &exp)) != 0)
            break;
    }
    if (cb_result)
        *cb_result = result;
    return err;
}

/* The DLL's own name from the export directory, or NULL. */
const char *pe_export_dll_name(const struct pe_image *img)
{
    struct export_table t;

    if (read_export_table(img, &t) != PE_EXPORT_FOUND)
        return NULL;
    return pe_rva_string(img, t.name_rva);
}

/* Whether [va, va+len) at the preferred base lies inside the image. */
static bool va_in_image(const struct pe_image *img, uint32_t va, uint32_t len)
{
    return va >= img->image_base && (uint64_t)(va - img->image_base) + len <= img->size_of_image;
}

/* Reads the TLS directory and its callback list. */
int pe_tls_info(const struct pe_image *img, int64_t delta, struct pe_tls *tls,
                uint32_t *callbacks, unsigned max)
{
    uint32_t d32 = (uint32_t)(uint64_t)delta, start, end, index, cbs;
    const uint8_t *d;
    int count = 0;

    memset(tls, 0, sizeof *tls);
    if (img->num_dirs <= PE_DIR_TLS || img->dirs[PE_DIR_TLS].rva == 0)
        return 0;
    /* IMAGE_TLS_DIRECTORY32 is 24 bytes. */
    if (!(d = pe_rva_to_data(img, img->dirs[PE_DIR_TLS].rva, 24)))
        return -1;
    start = rd32(d);
    end = rd32(d + 4);
    index = rd32(d + 8);
    cbs = rd32(d + 12);
    /* Zero means "none" for each address; anything else must be a VA
     * inside the image at its preferred base. */
    if ((start || end) && (end < start || !va_in_image(img, start, end - start)))
        return -1;
    if (index && !va_in_image(img, index, 4))
        return -1;
    if (cbs) {
        if (!va_in_image(img, cbs, 4))
            return -1;
        for (uint64_t rva = cbs - img->image_base;; rva += 4) {
            const uint8_t *p = rva <= UINT32_MAX ? pe_rva_to_data(img, (uint32_t)rva, 4) : NULL;
            uint32_t va;

            if (!p)
                return -1;
            if ((va = rd32(p)) == 0)
                break;
            if (!va_in_image(img, va, 1) || count == INT32_MAX)
                return -1;
            if ((unsigned)count < max)
                callbacks[count] = va + d32;
            count++;
        }
    }
    tls->start_va = start ? start + d32 : 0;
    tls->end_va = end ? end + d32 : 0;
    tls->index_va = index ? index + d32 : 0;
    tls->callbacks_va = cbs ? cbs + d32 : 0;
    tls->zero_fill = rd32(d + 16);
    return count;
}
