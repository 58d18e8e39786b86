/* Builds valid PE32 images in memory from a short description, so tests
 * can start from a known-good file and corrupt one field. The layout is
 * fixed and simple: 0x400 bytes of headers (e_lfanew 0x80, 16 data
 * directories), then the caller's sections, then a generated ".rdata"
 * (exports, imports, TLS, COM descriptor) and ".reloc". Section
 * alignment 0x1000, file alignment 0x200. */
#ifndef WOW64_TESTS_PE_BUILDER_H
#define WOW64_TESTS_PE_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PB_MAX_SECTIONS 16
#define PB_NT_OFFSET 0x80                  /* e_lfanew: "PE\0\0" */
#define PB_FH_OFFSET (PB_NT_OFFSET + 4)    /* IMAGE_FILE_HEADER */
#define PB_OPT_OFFSET (PB_FH_OFFSET + 20)  /* IMAGE_OPTIONAL_HEADER32 */
#define PB_SECT_OFFSET (PB_OPT_OFFSET + 224)
#define PB_DIR_OFFSET(i) (PB_OPT_OFFSET + 96 + 8 * (i))

/* A caller section; vsize 0 means "the data size". */
struct pb_section {
    const char *name;
    uint32_t vsize;
    const void *data;
    uint32_t size;
    uint32_t characteristics;   /* 0: code, execute, read */
};

/* An imported function: by name when name != NULL, else by ordinal. */
struct pb_import_fn { const char *name; uint16_t hint; uint16_t ordinal; };
struct pb_import_dll { const char *dll; const struct pb_import_fn *fns; unsigned nfns; };

/* Export i has ordinal base + i. name NULL: exported by ordinal only;
 * forward != NULL: a forwarder string placed inside the export directory. */
struct pb_export { const char *name; uint32_t rva; const char *forward; };

/* A base relocation entry; low is the second slot of a HIGHADJ (type 4). */
struct pb_reloc { uint32_t rva; uint16_t type; uint16_t low; };

/* TLS directory; RVAs here become VAs at the preferred base in the file. */
struct pb_tls {
    uint32_t start_rva, end_rva, index_rva, zero_fill;
    const uint32_t *callback_rvas; unsigned ncallbacks;
};

struct pb_desc {
    bool dll;
    bool relocs_stripped;               /* sets IMAGE_FILE_RELOCS_STRIPPED */
    uint32_t image_base;                /* 0: 0x400000 (exe) / 0x10000000 (dll) */
    uint32_t entry_rva;                 /* 0: first section (exe), none (dll) */
    const struct pb_section *sections; unsigned nsections;
    const char *export_name; uint32_t export_base;  /* base 0 means 1 */
    const struct pb_export *exports; unsigned nexports;
    bool unsorted_names;                /* keep the names in the given order */
    const struct pb_import_dll *imports; unsigned nimports;
    bool no_original_first_thunk;       /* OriginalFirstThunk 0: use FirstThunk */
    const struct pb_reloc *relocs; unsigned nrelocs;
    const struct pb_tls *tls;
    bool clr; uint32_t clr_flags;
};

struct pb_image {
    uint8_t *data; size_t size;         /* malloc'd, exactly size bytes */
    unsigned nsections;
    uint32_t sec_rva[PB_MAX_SECTIONS], sec_raw[PB_MAX_SECTIONS], sec_raw_size[PB_MAX_SECTIONS];
    uint32_t size_of_image, image_base;
    uint32_t rdata_rva, reloc_rva;      /* 0 when not generated */
    uint32_t export_dir, export_size, import_dir, tls_dir, cor_dir;
};

/* Builds the image described by d; false only on a bad description. */
bool pb_build(const struct pb_desc *d, struct pb_image *out);
/* Frees the image's buffer. */
void pb_free(struct pb_image *im);
/* RVA of caller section i in an image built from d, before building
 * (for export and relocation RVAs that point into it). */
uint32_t pb_section_rva(const struct pb_desc *d, unsigned i);
/* Writable file bytes at rva (headers or a section's raw data), or NULL. */
uint8_t *pb_at_rva(struct pb_image *im, uint32_t rva);
/* Little-endian field access at a byte pointer. */
void pb_put16(uint8_t *p, uint16_t v);
void pb_put32(uint8_t *p, uint32_t v);
uint16_t pb_get16(const uint8_t *p);
uint32_t pb_get32(const uint8_t *p);

#endif
