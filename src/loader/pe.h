/* PE32 image parsing and validation over the file's bytes in host memory.
 * Nothing here trusts the file: every RVA, size and count is checked
 * against the image and the file before it is followed. No I/O, no
 * globals, no allocation. Layouts and field meanings follow Microsoft's
 * "PE Format" specification (pecoff). */
#ifndef WOW64_LOADER_PE_H
#define WOW64_LOADER_PE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Refusal causes: enum value and the one-line message a caller prints as
 * "<file>: <message>". */
#define PE_ERROR_MAP(X) \
  X(PE_OK, "ok") \
  X(PE_E_EMPTY, "empty file") \
  X(PE_E_TRUNCATED, "truncated headers") \
  X(PE_E_NOT_MZ, "not a PE image (no MZ signature)") \
  X(PE_E_BAD_LFANEW, "bad e_lfanew (PE header offset outside the file)") \
  X(PE_E_DOS_ONLY, "16-bit MS-DOS (MZ-only) program: not supported, as on 64-bit Windows") \
  X(PE_E_NE, "16-bit Windows (NE) program: not supported, as on 64-bit Windows") \
  X(PE_E_NOT_PE, "not a PE image (bad PE signature)") \
  X(PE_E_PE32PLUS, "64-bit (PE32+) image: wow64run runs 32-bit programs only") \
  X(PE_E_MACHINE, "not an x86 (i386) image") \
  X(PE_E_OPTIONAL_HEADER, "bad optional header") \
  X(PE_E_ALIGNMENT, "bad section or file alignment") \
  X(PE_E_SECTIONS, "bad section table") \
  X(PE_E_SECTION_DATA, "section data outside the file") \
  X(PE_E_TOO_LARGE, "image larger than the 32-bit address space") \
  X(PE_E_ENTRY, "entry point outside the image") \
  X(PE_E_DIRECTORY, "data directory outside the image") \
  X(PE_E_RELOC, "bad base relocation") \
  X(PE_E_IMPORTS, "bad import table") \
  X(PE_E_EXPORTS, "bad export table") \
  X(PE_E_TLS, "bad TLS directory") \
  X(PE_E_NO_RELOCS, "image cannot be relocated (relocations stripped) and its base is taken") \
  X(PE_E_LOAD_CONFIG, "bad load configuration directory") \
  X(PE_E_RESOURCES, "bad resource directory") \
  X(PE_E_DELAY_IMPORTS, "bad delay-load import table")

#define PE_ERROR_ENUM(name, msg) name,
enum pe_error { PE_ERROR_MAP(PE_ERROR_ENUM) PE_ERROR_COUNT };
#undef PE_ERROR_ENUM

/* Constants from the PE specification that callers need too. */
#define PE_MACHINE_I386 0x014c
#define PE_MAGIC_PE32 0x010b
#define PE_MAGIC_PE32PLUS 0x020b
#define PE_FILE_RELOCS_STRIPPED 0x0001
#define PE_FILE_EXECUTABLE_IMAGE 0x0002
#define PE_FILE_LARGE_ADDRESS_AWARE 0x0020
#define PE_FILE_32BIT_MACHINE 0x0100
#define PE_FILE_DLL 0x2000
#define PE_MAX_SECTIONS 96
#define PE_NUM_DIRS 16

enum pe_dir {
    PE_DIR_EXPORT = 0, PE_DIR_IMPORT = 1, PE_DIR_RESOURCE = 2,
    PE_DIR_EXCEPTION = 3, PE_DIR_SECURITY = 4, PE_DIR_BASERELOC = 5,
    PE_DIR_DEBUG = 6, PE_DIR_ARCHITECTURE = 7, PE_DIR_GLOBALPTR = 8,
    PE_DIR_TLS = 9, PE_DIR_LOAD_CONFIG = 10, PE_DIR_BOUND_IMPORT = 11,
    PE_DIR_IAT = 12, PE_DIR_DELAY_IMPORT = 13, PE_DIR_COM_DESCRIPTOR = 14,
};

/* COMIMAGE_FLAGS_* of the IMAGE_COR20_HEADER (ECMA-335 II.25.3.3.1). */
#define PE_CLR_ILONLY 0x00000001
#define PE_CLR_32BITREQUIRED 0x00000002
#define PE_CLR_IL_LIBRARY 0x00000004
#define PE_CLR_STRONGNAMESIGNED 0x00000008
#define PE_CLR_NATIVE_ENTRYPOINT 0x00000010
#define PE_CLR_TRACKDEBUGDATA 0x00010000
#define PE_CLR_32BITPREFERRED 0x00020000

struct pe_section {
    char name[9];               /* NUL-terminated copy of the 8-byte name */
    uint32_t vaddr, vsize, raw_offset, raw_size, characteristics;
};

struct pe_image {
    const uint8_t *data; size_t size;           /* the file, not owned */
    uint16_t machine, characteristics, subsystem, dll_characteristics;
    uint16_t major_subsystem_version, minor_subsystem_version;
    uint32_t image_base, size_of_image, size_of_headers, entry_rva;
    uint32_t section_alignment, file_alignment, timestamp, checksum;
    uint32_t stack_reserve, stack_commit, heap_reserve, heap_commit;
    uint32_t num_dirs; struct { uint32_t rva, size; } dirs[PE_NUM_DIRS]; /* past num_dirs: zero */
    unsigned nsections; struct pe_section sections[PE_MAX_SECTIONS];
    uint32_t clr_flags; bool is_dotnet;         /* from the COM descriptor (dir 14) */
};

/* The message for an error code, for "<file>: <message>" lines. */
const char *pe_strerror(enum pe_error e);
/* Parses and validates the headers and section table of a PE32 file. */
enum pe_error pe_parse(const void *data, size_t size, struct pe_image *out);
/* Checks the tables pe_parse does not need for mapping but a program
 * follows later: load configuration (security cookie, SafeSEH and CFG
 * tables), the resource tree and the delay-load imports (pe_dirs.c).
 * pe_parse calls it last. */
enum pe_error pe_check_late_directories(const struct pe_image *img);
/* File bytes backing [rva, rva+len) of the loaded image, or NULL when any
 * byte is not backed by file data (headers or a section's raw data). */
const void *pe_rva_to_data(const struct pe_image *img, uint32_t rva, uint32_t len);
/* The NUL-terminated string at rva, or NULL if it is not terminated
 * inside the same backed region. */
const char *pe_rva_string(const struct pe_image *img, uint32_t rva);
/* Names the set COMIMAGE_FLAGS in buf ("ILONLY|32BITREQUIRED"), for the
 * loader's refusal message; returns buf. */
const char *pe_describe_clr_flags(uint32_t flags, char *buf, size_t n);

/* Whether the image can be moved: false when IMAGE_FILE_RELOCS_STRIPPED
 * is set or it has no base relocation directory. */
bool pe_has_relocs(const struct pe_image *img);
/* Applies delta to an image already copied to mapped (size_of_image
 * writable bytes). The whole table is checked before anything is
 * written, so on PE_E_RELOC mapped is unchanged. */
enum pe_error pe_apply_relocs(const struct pe_image *img, uint8_t *mapped, int64_t delta);

/* One imported function: by name (name != NULL, hint set) or by ordinal
 * (name == NULL). iat_rva is the IAT slot (FirstThunk entry) to fill. A
 * nonzero return stops the walk and is passed back in *cb_result. */
typedef int (*pe_import_fn)(void *ctx, const char *dll, const char *name,
                            uint16_t hint, uint16_t ordinal, uint32_t iat_rva);
/* One imported DLL, in descriptor order; nonzero stops the walk. */
typedef int (*pe_import_dll_fn)(void *ctx, const char *dll);
/* Walks the import descriptors. Callbacks run as the walk goes, so some
 * may have run before a later entry is found bad. cb_result may be NULL;
 * it is 0 unless a callback stopped the walk. */
enum pe_error pe_for_each_import_dll(const struct pe_image *img, pe_import_dll_fn fn,
                                     void *ctx, int *cb_result);
/* Walks every imported function (OriginalFirstThunk when nonzero, else
 * FirstThunk, both read from the file). Same conventions as above. */
enum pe_error pe_for_each_import(const struct pe_image *img, pe_import_fn fn,
                                 void *ctx, int *cb_result);

/* An export: an RVA inside the image, or a forwarder ("DLL.Func",
 * "DLL.#12") when its RVA lies inside the export directory. */
struct pe_export { uint32_t rva; const char *forward; };
enum pe_export_status { PE_EXPORT_FOUND, PE_EXPORT_MISSING, PE_EXPORT_BAD_TABLE };
/* Looks an export up by name: the hint (index into the name table) first,
 * then binary search, then a linear scan for tables that are not sorted. */
enum pe_export_status pe_find_export(const struct pe_image *img, const char *name,
                                     uint16_t hint, struct pe_export *out);
/* Looks an export up by ordinal as importers write it (biased by Base). */
enum pe_export_status pe_find_export_ordinal(const struct pe_image *img, uint32_t ordinal,
                                             struct pe_export *out);
/* One named export, with its biased ordinal; nonzero stops the walk. */
typedef int (*pe_export_fn)(void *ctx, const char *name, uint32_t ordinal,
                            const struct pe_export *exp);
/* Walks all named exports in name-table order (tracing, tests). */
enum pe_error pe_for_each_export(const struct pe_image *img, pe_export_fn fn,
                                 void *ctx, int *cb_result);
/* The DLL's own name from the export directory, or NULL. */
const char *pe_export_dll_name(const struct pe_image *img);

/* TLS directory values, as VAs already adjusted by the load delta. */
struct pe_tls { uint32_t start_va, end_va, index_va, zero_fill, callbacks_va; };
/* Reads the TLS directory (dir 9): fills *tls and up to max callback VAs
 * (adjusted by delta). Returns the number of callbacks before the 0
 * terminator (which may exceed max; only max are stored), 0 with *tls
 * zeroed when there is no TLS directory, -1 when the directory is bad. */
int pe_tls_info(const struct pe_image *img, int64_t delta, struct pe_tls *tls,
                uint32_t *callbacks, unsigned max);

#endif
