/* Validation of the data directories the host does not walk when it loads
 * an image but whose tables a program or its DLLs follow later: the load
 * configuration, the resource tree and the delay-load import table.
 * pe_parse runs these after the section table is known good, so a file
 * whose tables point outside the image is refused up front instead of
 * handing bad addresses to whatever reads them. Layouts are those of the
 * PE Format specification ("The Load Configuration Structure", "The .rsrc
 * Section", "Delay-Load Import Tables"). Every walk is bounded: by the
 * file-backed bytes it reads, by SizeOfImage for what it points at, and by
 * an entry budget so a crafted file cannot make it slow. */
#include "pe.h"

#include <string.h>

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* Whether the directory is present: Windows treats RVA 0 as absent. */
static bool has_dir(const struct pe_image *img, enum pe_dir d)
{
    return img->num_dirs > (uint32_t)d && img->dirs[d].rva != 0;
}

/* [rva, rva+len) inside the image, without wrapping. */
static bool rva_in_image(const struct pe_image *img, uint32_t rva, uint64_t len)
{
    return (uint64_t)rva + len <= img->size_of_image;
}

/* [va, va+len) inside the image at its preferred base. */
static bool va_in_image(const struct pe_image *img, uint32_t va, uint64_t len)
{
    return va >= img->image_base && (uint64_t)(va - img->image_base) + len <= img->size_of_image;
}

/* ---- Load configuration ------------------------------------------------- */

/* IMAGE_LOAD_CONFIG_DIRECTORY32 field offsets. */
#define LC_SIZE 0
#define LC_LOCK_PREFIX_TABLE 32
#define LC_SECURITY_COOKIE 60
#define LC_SE_HANDLER_TABLE 64
#define LC_SE_HANDLER_COUNT 68
#define LC_GUARD_CF_FUNCTION_TABLE 80
#define LC_GUARD_CF_FUNCTION_COUNT 84
#define LC_GUARD_FLAGS 88
#define LC_END_OF_GUARD_FLAGS 92
/* IMAGE_GUARD_CF_FUNCTION_TABLE_SIZE_MASK: extra bytes per table entry. */
#define GUARD_CF_STRIDE_SHIFT 28

/* The structure says how many bytes of it exist (its first field); only
 * fields inside that size and inside the file are looked at, as Windows
 * reads only the fields an image's Size covers. Every address it holds
 * (they are VAs at the preferred base) must lie inside the image. */
static enum pe_error check_load_config(const struct pe_image *img)
{
    const uint8_t *lc;
    uint32_t have, n;

    if (!has_dir(img, PE_DIR_LOAD_CONFIG) || img->dirs[PE_DIR_LOAD_CONFIG].size == 0)
        return PE_OK;
    if (!(lc = pe_rva_to_data(img, img->dirs[PE_DIR_LOAD_CONFIG].rva, 4)))
        return PE_E_LOAD_CONFIG;
    have = rd32(lc + LC_SIZE);
    /* The directory's bytes in the file cap what can be read. */
    for (n = 4; n < have && n < 256 && pe_rva_to_data(img, img->dirs[PE_DIR_LOAD_CONFIG].rva, n + 4);)
        n += 4;
    if (have > n)
        have = n;
    if (have >= LC_LOCK_PREFIX_TABLE + 4) {
        uint32_t va = rd32(lc + LC_LOCK_PREFIX_TABLE);
        if (va && !va_in_image(img, va, 4))
            return PE_E_LOAD_CONFIG;
    }
    if (have >= LC_SECURITY_COOKIE + 4) {
        uint32_t va = rd32(lc + LC_SECURITY_COOKIE);
        if (va && !va_in_image(img, va, 4))
            return PE_E_LOAD_CONFIG;
    }
    if (have >= LC_SE_HANDLER_COUNT + 4) {
        uint32_t table = rd32(lc + LC_SE_HANDLER_TABLE), count = rd32(lc + LC_SE_HANDLER_COUNT);
        /* SafeSEH: a table of handler RVAs. */
        if (count && (!table || !va_in_image(img, table, (uint64_t)count * 4)))
            return PE_E_LOAD_CONFIG;
    }
    if (have >= LC_END_OF_GUARD_FLAGS) {
        uint32_t table = rd32(lc + LC_GUARD_CF_FUNCTION_TABLE);
        uint32_t count = rd32(lc + LC_GUARD_CF_FUNCTION_COUNT);
        uint32_t stride = 4 + (rd32(lc + LC_GUARD_FLAGS) >> GUARD_CF_STRIDE_SHIFT);
        if (count && (!table || !va_in_image(img, table, (uint64_t)count * stride)))
            return PE_E_LOAD_CONFIG;
    }
    return PE_OK;
}

/* ---- Resources ------------------------------------------------------------ */

/* Windows' tree has three levels (type, name, language); a fourth level
 * of directories is never looked at but tolerated. */
#define RSRC_MAX_DEPTH 4
/* More entries than any real program has; the budget keeps a tree whose
 * directories share subdirectories (a DAG) from taking exponential time. */
#define RSRC_MAX_ENTRIES (1u << 18)
#define RSRC_DIR_SIZE 16
#define RSRC_ENTRY_SIZE 8
#define RSRC_DATA_SIZE 16
#define RSRC_HIGH_BIT 0x80000000u

/* The directory at offset off from the start of the resource section:
 * its entries, names and data entries must be backed by the file, and
 * each resource's data must lie inside the image. */
static enum pe_error check_rsrc_dir(const struct pe_image *img, uint32_t root, uint32_t off,
                                    unsigned depth, uint32_t *budget)
{
    uint64_t at = (uint64_t)root + off;
    const uint8_t *dir, *ents;
    uint32_t count;

    if (depth >= RSRC_MAX_DEPTH || at > UINT32_MAX || !(dir = pe_rva_to_data(img, (uint32_t)at, RSRC_DIR_SIZE)))
        return PE_E_RESOURCES;
    count = (uint32_t)rd16(dir + 12) + rd16(dir + 14);
    if (count > *budget)
        return PE_E_RESOURCES;
    *budget -= count;
    if (!(ents = pe_rva_to_data(img, (uint32_t)at, RSRC_DIR_SIZE + count * RSRC_ENTRY_SIZE)))
        return PE_E_RESOURCES;
    ents += RSRC_DIR_SIZE;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t name = rd32(ents + RSRC_ENTRY_SIZE * i), target = rd32(ents + RSRC_ENTRY_SIZE * i + 4);
        enum pe_error err;

        if (name & RSRC_HIGH_BIT) {
            /* IMAGE_RESOURCE_DIR_STRING_U: a length, then that many WCHARs. */
            uint64_t s = (uint64_t)root + (name & ~RSRC_HIGH_BIT);
            const uint8_t *str = s <= UINT32_MAX ? pe_rva_to_data(img, (uint32_t)s, 2) : NULL;
            if (!str || !pe_rva_to_data(img, (uint32_t)s, 2 + 2u * rd16(str)))
                return PE_E_RESOURCES;
        }
        if (target & RSRC_HIGH_BIT) {
            if ((err = check_rsrc_dir(img, root, target & ~RSRC_HIGH_BIT, depth + 1, budget)) != PE_OK)
                return err;
        } else {
            /* IMAGE_RESOURCE_DATA_ENTRY: OffsetToData is an RVA. */
            uint64_t e = (uint64_t)root + target;
            const uint8_t *data = e <= UINT32_MAX ? pe_rva_to_data(img, (uint32_t)e, RSRC_DATA_SIZE) : NULL;
            if (!data || !rva_in_image(img, rd32(data), rd32(data + 4)))
                return PE_E_RESOURCES;
        }
    }
    return PE_OK;
}

/* Offsets in the tree count from the start of the resource directory;
 * they are checked against the file data there, not against the
 * directory's Size, which some linkers write as the size of the tree
 * alone. */
static enum pe_error check_resources(const struct pe_image *img)
{
    uint32_t budget = RSRC_MAX_ENTRIES;

    if (!has_dir(img, PE_DIR_RESOURCE) || img->dirs[PE_DIR_RESOURCE].size == 0)
        return PE_OK;
    return check_rsrc_dir(img, img->dirs[PE_DIR_RESOURCE].rva, 0, 0, &budget);
}

/* ---- Delay-load imports ------------------------------------------------- */

#define DELAY_DESC_SIZE 32
#define DELAY_ATTR_RVA 1u            /* dlattrRva: fields are RVAs, not VAs */
#define DELAY_MAX_FUNCTIONS (1u << 20)

/* A descriptor field as an RVA; VC6-era descriptors (no dlattrRva) hold
 * VAs at the preferred base. 0 stays 0 ("none"); an address below the
 * base becomes an RVA past any image, which the checks then refuse. */
static uint32_t delay_rva(const struct pe_image *img, uint32_t attrs, uint32_t v)
{
    if (!v || (attrs & DELAY_ATTR_RVA))
        return v;
    return v >= img->image_base ? v - img->image_base : UINT32_MAX;
}

/* One descriptor: its DLL name backed, its module handle slot and IAT in
 * the image, its name table backed and each named entry's hint/name too;
 * the optional bound and unload IATs in the image for as many entries. */
static enum pe_error check_delay_desc(const struct pe_image *img, const uint8_t *d, uint32_t *budget)
{
    uint32_t attrs = rd32(d);
    uint32_t name = delay_rva(img, attrs, rd32(d + 4)), hmod = delay_rva(img, attrs, rd32(d + 8));
    uint32_t iat = delay_rva(img, attrs, rd32(d + 12)), ints = delay_rva(img, attrs, rd32(d + 16));
    uint32_t bound = delay_rva(img, attrs, rd32(d + 20)), unload = delay_rva(img, attrs, rd32(d + 24));
    uint64_t n = 0;

    if (!pe_rva_string(img, name) || !hmod || !rva_in_image(img, hmod, 4) || !iat || !ints)
        return PE_E_DELAY_IMPORTS;
    for (;; n++) {
        uint64_t slot = (uint64_t)ints + 4 * n;
        const uint8_t *t = slot <= UINT32_MAX ? pe_rva_to_data(img, (uint32_t)slot, 4) : NULL;
        uint32_t v;

        if (!t || *budget == 0)
            return PE_E_DELAY_IMPORTS;
        if ((v = rd32(t)) == 0)
            break;
        (*budget)--;
        /* By name unless IMAGE_ORDINAL_FLAG32; a name is a 2-byte hint
         * and a string, addressed the way the descriptor addresses. */
        if (!(v & 0x80000000u)) {
            uint32_t hn = delay_rva(img, attrs, v);
            if (hn > UINT32_MAX - 2 || !pe_rva_to_data(img, hn, 2) || !pe_rva_string(img, hn + 2))
                return PE_E_DELAY_IMPORTS;
        }
    }
    if (!rva_in_image(img, iat, 4 * n) || (bound && !rva_in_image(img, bound, 4 * n)) ||
        (unload && !rva_in_image(img, unload, 4 * n)))
        return PE_E_DELAY_IMPORTS;
    return PE_OK;
}

/* The descriptor array ends at one whose DLL name is 0. */
static enum pe_error check_delay_imports(const struct pe_image *img)
{
    uint32_t budget = DELAY_MAX_FUNCTIONS;

    if (!has_dir(img, PE_DIR_DELAY_IMPORT) || img->dirs[PE_DIR_DELAY_IMPORT].size == 0)
        return PE_OK;
    for (uint64_t rva = img->dirs[PE_DIR_DELAY_IMPORT].rva;; rva += DELAY_DESC_SIZE) {
        const uint8_t *d = rva <= UINT32_MAX ? pe_rva_to_data(img, (uint32_t)rva, DELAY_DESC_SIZE) : NULL;
        enum pe_error err;

        if (!d)
            return PE_E_DELAY_IMPORTS;
        if (rd32(d + 4) == 0)
            return PE_OK;
        if ((err = check_delay_desc(img, d, &budget)) != PE_OK)
            return err;
    }
}

/* Checks the load configuration, resource and delay-import tables. (The
 * TLS directory is checked where it is read, by pe_tls_info.) */
enum pe_error pe_check_late_directories(const struct pe_image *img)
{
    enum pe_error err;

    if ((err = check_load_config(img)) != PE_OK || (err = check_resources(img)) != PE_OK)
        return err;
    return check_delay_imports(img);
}
