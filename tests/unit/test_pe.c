/* Tests of the PE32 parser and walkers (src/loader/pe.c). Images come
 * from pe_builder, which writes fields as the PE Format specification
 * lays them out, so expected values here are the builder's inputs and the
 * specification's arithmetic, never what the parser happened to return. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "loader/pe.h"
#include "pe_builder.h"

/* ---- The reference image ------------------------------------------------ */

#define TEXT_RVA 0x1000
#define DATA_RVA 0x2000
#define BSS_RVA 0x3000
#define RDATA_RVA 0x4000
#define EXE_BASE 0x400000u

static uint8_t text_bytes[0x40] = { 0x55, 0x89, 0xe5, 0x31, 0xc0, 0x5d, 0xc3 };
static uint8_t data_bytes[0x40];

static const struct pb_section ref_sections[] = {
    { ".text", 0, text_bytes, sizeof text_bytes, 0x60000020 },
    { ".data", 0, data_bytes, sizeof data_bytes, 0xC0000040 },
    { ".bss", 0x100, NULL, 0, 0xC0000080 },
};

/* Export i has ordinal 5 + i. "Zeta" sorts before the lowercase names
 * because the specification orders names by byte value. Slot 5 is an
 * unused ordinal. */
#define EXPORT_BASE 5
static const struct pb_export ref_exports[] = {
    { "alpha", 0x1000, NULL },
    { "beta", 0x1010, NULL },
    { NULL, 0x1020, NULL },
    { "gamma", 0, "other.delta" },
    { "Zeta", 0x1030, NULL },
    { NULL, 0, NULL },
};

static const struct pb_import_fn kernel32_fns[] = {
    { "ExitProcess", 0x10, 0 },
    { "GetStdHandle", 0x20, 0 },
    { NULL, 0, 7 },
};
static const struct pb_import_fn msvcrt_fns[] = { { "puts", 3, 0 } };
static const struct pb_import_dll ref_imports[] = {
    { "KERNEL32.dll", kernel32_fns, 3 },
    { "msvcrt.dll", msvcrt_fns, 1 },
};

/* Fixups in .data; their initial values are set in make_ref(). */
static const struct pb_reloc ref_relocs[] = {
    { DATA_RVA + 0x00, 3, 0 },          /* HIGHLOW */
    { DATA_RVA + 0x04, 3, 0 },          /* HIGHLOW */
    { DATA_RVA + 0x08, 1, 0 },          /* HIGH */
    { DATA_RVA + 0x0c, 2, 0 },          /* LOW */
    { DATA_RVA + 0x10, 4, 0x7000 },     /* HIGHADJ, low half 0x7000 */
};

static const uint32_t ref_tls_callbacks[] = { TEXT_RVA, TEXT_RVA + 0x10 };
static const struct pb_tls ref_tls = {
    DATA_RVA + 0x20, DATA_RVA + 0x30, DATA_RVA + 0x34, 0x10, ref_tls_callbacks, 2,
};

static struct pb_desc ref_desc(void)
{
    struct pb_desc d = {
        .sections = ref_sections, .nsections = 3,
        .export_name = "ref.dll", .export_base = EXPORT_BASE,
        .exports = ref_exports, .nexports = 6,
        .imports = ref_imports, .nimports = 2,
        .relocs = ref_relocs, .nrelocs = 5,
        .tls = &ref_tls,
    };
    return d;
}

static void init_data_bytes(void)
{
    memset(data_bytes, 0, sizeof data_bytes);
    pb_put32(data_bytes + 0x00, EXE_BASE + TEXT_RVA);          /* 0x00401000 */
    pb_put32(data_bytes + 0x04, EXE_BASE + DATA_RVA + 0x10);   /* 0x00402010 */
    pb_put16(data_bytes + 0x08, 0x0040);                       /* high half of 0x0040xxxx */
    pb_put16(data_bytes + 0x0c, 0x1234);
    pb_put16(data_bytes + 0x10, 0x0040);                       /* HIGHADJ pair: 0x00407000 */
}

static void make_image(const struct pb_desc *d, struct pb_image *im)
{
    init_data_bytes();
    assert_true(pb_build(d, im));
}

static void make_ref(struct pb_image *im)
{
    struct pb_desc d = ref_desc();
    make_image(&d, im);
}

/* Copies a parsed image to a zeroed buffer of SizeOfImage bytes, the way
 * a loader maps it, so relocations can be applied. */
static uint8_t *map_copy(const struct pe_image *img)
{
    uint8_t *m = calloc(1, img->size_of_image);
    size_t h = img->size_of_headers < img->size ? img->size_of_headers : img->size;

    assert_non_null(m);
    memcpy(m, img->data, h < img->size_of_image ? h : img->size_of_image);
    for (unsigned i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        uint32_t vs = s->vsize ? s->vsize : s->raw_size, n = s->raw_size < vs ? s->raw_size : vs;
        const void *src = n ? pe_rva_to_data(img, s->vaddr, n) : NULL;
        if (src)
            memcpy(m + s->vaddr, src, n);
    }
    return m;
}

/* Header field helpers (offsets from the PE Format specification). */
static uint8_t *fh(struct pb_image *im, unsigned off) { return im->data + PB_FH_OFFSET + off; }
static uint8_t *opt(struct pb_image *im, unsigned off) { return im->data + PB_OPT_OFFSET + off; }
static uint8_t *sect(struct pb_image *im, unsigned i, unsigned off) { return im->data + PB_SECT_OFFSET + 40 * i + off; }

static void resize(struct pb_image *im, size_t n)
{
    im->data = realloc(im->data, n ? n : 1);
    assert_non_null(im->data);
    im->size = n;
}

/* The RVA just past the file-backed bytes of .rdata (its VirtualSize). */
static uint32_t rdata_end(struct pb_image *im)
{
    for (unsigned i = 0; i < im->nsections; i++)
        if (im->sec_rva[i] == im->rdata_rva)
            return im->rdata_rva + pb_get32(sect(im, i, 8));
    fail();
    return 0;
}

/* ---- Basic parsing ------------------------------------------------------- */

static void test_minimal_exe_parses_with_header_fields(void **state)
{
    static const struct pb_section text[] = { { ".text", 0, text_bytes, 16, 0x60000020 } };
    struct pb_desc d = { .sections = text, .nsections = 1 };
    struct pb_image im;
    struct pe_image img;

    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(img.machine, 0x14c);
    assert_int_equal(img.characteristics, 0x0102);     /* EXECUTABLE_IMAGE | 32BIT_MACHINE */
    assert_int_equal(img.subsystem, 3);                /* WINDOWS_CUI */
    assert_int_equal(img.major_subsystem_version, 4);
    assert_int_equal(img.image_base, 0x400000);
    assert_int_equal(img.entry_rva, 0x1000);
    assert_int_equal(img.section_alignment, 0x1000);
    assert_int_equal(img.file_alignment, 0x200);
    assert_int_equal(img.size_of_headers, 0x400);
    assert_int_equal(img.size_of_image, 0x2000);
    assert_int_equal(img.timestamp, 0x5f000000);
    assert_int_equal(img.stack_reserve, 0x200000);
    assert_int_equal(img.stack_commit, 0x1000);
    assert_int_equal(img.heap_reserve, 0x100000);
    assert_int_equal(img.heap_commit, 0x1000);
    assert_int_equal(img.num_dirs, 16);
    assert_int_equal(img.nsections, 1);
    assert_string_equal(img.sections[0].name, ".text");
    assert_int_equal(img.sections[0].vaddr, 0x1000);
    assert_int_equal(img.sections[0].vsize, 16);
    assert_int_equal(img.sections[0].raw_offset, 0x400);
    assert_int_equal(img.sections[0].raw_size, 0x200);
    assert_int_equal(img.sections[0].characteristics, 0x60000020);
    assert_false(img.is_dotnet);
    assert_false(pe_has_relocs(&img));
    pb_free(&im);
}

static void test_minimal_dll_parses_with_zero_entry(void **state)
{
    static const struct pb_section text[] = { { ".text", 0, text_bytes, 16, 0 } };
    struct pb_desc d = { .dll = true, .sections = text, .nsections = 1 };
    struct pb_image im;
    struct pe_image img;

    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(img.characteristics & PE_FILE_DLL, PE_FILE_DLL);
    assert_int_equal(img.image_base, 0x10000000);
    assert_int_equal(img.entry_rva, 0);
    pb_free(&im);
}

static void test_strerror_gives_each_error_its_own_message(void **state)
{
    for (int i = 0; i < PE_ERROR_COUNT; i++) {
        assert_non_null(pe_strerror(i));
        assert_true(strlen(pe_strerror(i)) > 0);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(pe_strerror(i), pe_strerror(k));
    }
    assert_string_equal(pe_strerror(PE_E_NE),
                        "16-bit Windows (NE) program: not supported, as on 64-bit Windows");
    assert_non_null(pe_strerror(PE_ERROR_COUNT));
    assert_non_null(pe_strerror((enum pe_error)-1));
}

static void test_rva_to_data_maps_headers_and_section_raw_data(void **state)
{
    struct pb_image im;
    struct pe_image img;
    const uint8_t *p;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_ptr_equal(pe_rva_to_data(&img, 0, 2), im.data);
    assert_ptr_equal(pe_rva_to_data(&img, 0x3fe, 2), im.data + 0x3fe);
    assert_null(pe_rva_to_data(&img, 0x3fe, 4));                 /* crosses SizeOfHeaders */
    p = pe_rva_to_data(&img, TEXT_RVA, sizeof text_bytes);
    assert_ptr_equal(p, im.data + im.sec_raw[0]);
    assert_null(pe_rva_to_data(&img, TEXT_RVA, sizeof text_bytes + 1));  /* past VirtualSize */
    assert_null(pe_rva_to_data(&img, TEXT_RVA + 0x100, 1));      /* raw padding past VirtualSize */
    assert_null(pe_rva_to_data(&img, BSS_RVA, 1));               /* uninitialised data */
    assert_null(pe_rva_to_data(&img, 0x0800, 1));                /* gap between headers and .text */
    assert_null(pe_rva_to_data(&img, 0xffffffffu, 1));
    assert_null(pe_rva_to_data(&img, TEXT_RVA, 0xffffffffu));
    pb_free(&im);
}

static void test_rva_string_needs_a_terminator_inside_backed_data(void **state)
{
    struct pb_image im;
    struct pe_image img;
    uint32_t end;

    make_ref(&im);
    end = rdata_end(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_string_equal(pe_rva_string(&img, PB_NT_OFFSET), "PE");
    memset(pb_at_rva(&im, end - 3), 'x', 3);
    assert_null(pe_rva_string(&img, end - 3));
    pb_at_rva(&im, end - 1)[0] = 0;
    assert_string_equal(pe_rva_string(&img, end - 3), "xx");
    assert_null(pe_rva_string(&img, BSS_RVA));
    pb_free(&im);
}

static void test_number_of_rva_and_sizes_above_16_is_clamped(void **state)
{
    struct pb_image im;
    struct pe_image img;

    make_ref(&im);
    pb_put32(opt(&im, 92), 0x20);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(img.num_dirs, 16);
    pb_free(&im);
}

static void test_fewer_data_directories_leave_the_rest_zero(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_tls tls;
    struct pe_export e;

    make_ref(&im);
    pb_put32(opt(&im, 92), 2);      /* exports and imports only */
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(img.num_dirs, 2);
    for (unsigned i = 2; i < 16; i++)
        assert_true(img.dirs[i].rva == 0 && img.dirs[i].size == 0);
    assert_false(pe_has_relocs(&img));
    assert_int_equal(pe_tls_info(&img, 0, &tls, NULL, 0), 0);
    assert_int_equal(pe_find_export(&img, "alpha", 0, &e), PE_EXPORT_FOUND);
    pb_free(&im);
}

static void test_security_directory_holds_a_file_offset_and_is_not_checked(void **state)
{
    struct pb_image im;
    struct pe_image img;

    make_ref(&im);
    pb_put32(im.data + PB_DIR_OFFSET(4), 0x10000000);
    pb_put32(im.data + PB_DIR_OFFSET(4) + 4, 0x1000);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    pb_free(&im);
}

static void test_equal_alignments_below_page_size_are_accepted(void **state)
{
    struct pb_image im;
    struct pe_image img;

    make_ref(&im);
    pb_put32(opt(&im, 32), 0x200);
    pb_put32(opt(&im, 36), 0x200);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    pb_free(&im);
}

/* Windows reads raw data from PointerToRawData rounded down to 512. */
static void test_raw_offset_is_rounded_down_to_512(void **state)
{
    struct pb_image im;
    struct pe_image img;

    make_ref(&im);
    pb_put32(sect(&im, 0, 20), im.sec_raw[0] + 0x10);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_ptr_equal(pe_rva_to_data(&img, TEXT_RVA, 4), im.data + im.sec_raw[0]);
    pb_free(&im);
}

/* ---- Malformed images, one row per refusal cause ------------------------ */

enum stage { STAGE_PARSE, STAGE_RELOCS, STAGE_IMPORTS, STAGE_EXPORTS, STAGE_TLS };

static int count_import(void *ctx, const char *dll, const char *name, uint16_t hint, uint16_t ord, uint32_t iat)
{
    ++*(int *)ctx;
    return 0;
}

static int count_export(void *ctx, const char *name, uint32_t ordinal, const struct pe_export *e)
{
    ++*(int *)ctx;
    return 0;
}

/* Runs the parser and then the walker a stage names; the first error. */
static enum pe_error run_stage(struct pb_image *im, enum stage stage)
{
    struct pe_image img;
    enum pe_error err = pe_parse(im->data, im->size, &img);
    struct pe_tls tls;
    uint32_t cbs[8];
    uint8_t *m;
    int n = 0;

    if (err != PE_OK)
        return err;
    switch (stage) {
    case STAGE_PARSE:
        break;
    case STAGE_RELOCS:
        if (!pe_has_relocs(&img))
            return PE_E_NO_RELOCS;
        m = map_copy(&img);
        err = pe_apply_relocs(&img, m, 0x10000);
        free(m);
        break;
    case STAGE_IMPORTS:
        err = pe_for_each_import(&img, count_import, &n, NULL);
        break;
    case STAGE_EXPORTS:
        err = pe_for_each_export(&img, count_export, &n, NULL);
        break;
    case STAGE_TLS:
        err = pe_tls_info(&img, 0, &tls, cbs, 8) < 0 ? PE_E_TLS : PE_OK;
        break;
    }
    return err;
}

static void m_empty(struct pb_image *im) { resize(im, 0); }
static void m_ten_bytes(struct pb_image *im) { resize(im, 10); }
static void m_63_bytes(struct pb_image *im) { resize(im, 63); }
static void m_no_mz(struct pb_image *im) { im->data[0] = 'X'; }
static void m_zm(struct pb_image *im) { im->data[0] = 'Z'; im->data[1] = 'M'; }
static void m_ten_bytes_no_mz(struct pb_image *im) { resize(im, 10); im->data[1] = 'X'; }
/* A DOS program from a linker that writes no new header: e_lfanew 0. */
static void m_dos_lfanew_zero(struct pb_image *im) { pb_put32(im->data + 0x3c, 0); }
/* A classic DOS program: relocations at 0x1c, so 0x3c is code or data. */
static void m_dos_classic(struct pb_image *im)
{
    pb_put16(im->data + 0x18, 0x1c);
    pb_put32(im->data + 0x3c, 0xdeadbeef);
}
static void m_dos_classic_in_file(struct pb_image *im)
{
    pb_put16(im->data + 0x18, 0x1e);
    pb_put32(im->data + 0x3c, 0x200);
}
static void m_ne(struct pb_image *im) { memcpy(im->data + PB_NT_OFFSET, "NE\x05\x0a", 4); }
static void m_lfanew_outside(struct pb_image *im) { pb_put32(im->data + 0x3c, 0x7ffffff0); }
static void m_lfanew_negative(struct pb_image *im) { pb_put32(im->data + 0x3c, 0xfffffff0); }
static void m_bad_pe_signature(struct pb_image *im) { im->data[PB_NT_OFFSET + 1] = 'X'; }
static void m_pe_signature_tail(struct pb_image *im) { im->data[PB_NT_OFFSET + 3] = 1; }
static void m_le_signature(struct pb_image *im) { memcpy(im->data + PB_NT_OFFSET, "LE\0\0", 4); }
static void m_file_header_cut(struct pb_image *im) { resize(im, PB_FH_OFFSET + 10); }
static void m_signature_cut(struct pb_image *im) { resize(im, PB_NT_OFFSET + 2); }
static void m_pe32plus(struct pb_image *im)
{
    pb_put16(opt(im, 0), 0x20b);
    pb_put16(fh(im, 0), 0x8664);
}
static void m_amd64_with_pe32_magic(struct pb_image *im) { pb_put16(fh(im, 0), 0x8664); }
static void m_arm(struct pb_image *im) { pb_put16(fh(im, 0), 0x01c0); }
static void m_opt_size_small(struct pb_image *im) { pb_put16(fh(im, 16), 64); }
static void m_opt_past_eof(struct pb_image *im) { pb_put16(fh(im, 16), 0xfff0); resize(im, 0x400); }
static void m_rom_magic(struct pb_image *im) { pb_put16(opt(im, 0), 0x107); }
static void m_dirs_do_not_fit(struct pb_image *im) { pb_put16(fh(im, 16), 96 + 8 * 4); }
static void m_sect_align_not_pow2(struct pb_image *im) { pb_put32(opt(im, 32), 0x1800); }
static void m_file_align_small(struct pb_image *im) { pb_put32(opt(im, 36), 0x100); }
static void m_file_align_big(struct pb_image *im) { pb_put32(opt(im, 32), 0x20000); pb_put32(opt(im, 36), 0x20000); }
static void m_file_above_sect_align(struct pb_image *im) { pb_put32(opt(im, 36), 0x2000); }
static void m_small_alignments_differ(struct pb_image *im) { pb_put32(opt(im, 32), 0x400); pb_put32(opt(im, 36), 0x200); }
static void m_zero_alignment(struct pb_image *im) { pb_put32(opt(im, 32), 0); }
static void m_image_size_zero(struct pb_image *im) { pb_put32(opt(im, 56), 0); }
static void m_image_size_huge(struct pb_image *im) { pb_put32(opt(im, 56), 0xFFFF1000); }
/* 0xFFFF0000 + 0x20000 ends 0x10000 bytes past 4 GiB. */
static void m_image_past_4g(struct pb_image *im) { pb_put32(opt(im, 28), 0xFFFF0000); pb_put32(opt(im, 56), 0x20000); }
static void m_headers_past_image(struct pb_image *im) { pb_put32(opt(im, 60), im->size_of_image + 0x200); }
static void m_97_sections(struct pb_image *im) { pb_put16(fh(im, 2), 97); }
static void m_section_table_cut(struct pb_image *im) { resize(im, PB_SECT_OFFSET + 40 + 20); }
static void m_raw_size_past_eof(struct pb_image *im) { pb_put32(sect(im, 0, 16), 0x10000); }
static void m_raw_offset_past_eof(struct pb_image *im) { pb_put32(sect(im, 1, 20), 0x100000); }
/* .text (at 0x1000) grows one byte into .data (at 0x2000). */
static void m_overlapping_sections(struct pb_image *im) { pb_put32(sect(im, 0, 8), 0x1001); }
static void m_sections_unsorted(struct pb_image *im) { pb_put32(sect(im, 1, 12), TEXT_RVA); }
static void m_section_unaligned(struct pb_image *im) { pb_put32(sect(im, 1, 12), DATA_RVA + 0x100); }
static void m_section_past_image(struct pb_image *im) { pb_put32(sect(im, 2, 8), 0x100000); }
static void m_section_over_headers(struct pb_image *im) { pb_put32(opt(im, 60), 0x1200); }
static void m_entry_outside(struct pb_image *im) { pb_put32(opt(im, 16), im->size_of_image); }
static void m_exe_entry_zero(struct pb_image *im) { pb_put32(opt(im, 16), 0); }
static void m_dir_outside(struct pb_image *im)
{
    pb_put32(im->data + PB_DIR_OFFSET(2), im->size_of_image - 4);
    pb_put32(im->data + PB_DIR_OFFSET(2) + 4, 8);
}
static void m_dir_wraps(struct pb_image *im)
{
    pb_put32(im->data + PB_DIR_OFFSET(6), 0xfffffff0);
    pb_put32(im->data + PB_DIR_OFFSET(6) + 4, 0x20);
}
static void m_com_descriptor_unbacked(struct pb_image *im)
{
    pb_put32(im->data + PB_DIR_OFFSET(14), TEXT_RVA + 0x100);
    pb_put32(im->data + PB_DIR_OFFSET(14) + 4, 72);
}

static uint8_t *reloc_block(struct pb_image *im) { return pb_at_rva(im, im->reloc_rva); }
static void m_reloc_type_dir64(struct pb_image *im) { pb_put16(reloc_block(im) + 8, 0xA000); }
static void m_reloc_type_mips(struct pb_image *im) { pb_put16(reloc_block(im) + 8, 0x5000); }
static void m_reloc_target_outside(struct pb_image *im)
{
    pb_put32(reloc_block(im), im->size_of_image - 0x1000);
    pb_put16(reloc_block(im) + 8, 0x3ffe);          /* HIGHLOW at SizeOfImage - 2 */
}
static void m_reloc_block_outside(struct pb_image *im) { pb_put32(reloc_block(im), 0x00100000); }
static void m_reloc_block_too_small(struct pb_image *im) { pb_put32(reloc_block(im) + 4, 4); }
static void m_reloc_block_past_dir(struct pb_image *im) { pb_put32(reloc_block(im) + 4, 0x1000); }
/* Cuts the block before HIGHADJ's second slot (five 2-byte entries). */
static void m_reloc_highadj_alone(struct pb_image *im) { pb_put32(reloc_block(im) + 4, 8 + 2 * 5); }
static void m_reloc_dir_unbacked(struct pb_image *im) { pb_put32(im->data + PB_DIR_OFFSET(5) + 4, 0x800); }
static void m_relocs_stripped(struct pb_image *im) { pb_put16(fh(im, 18), pb_get16(fh(im, 18)) | 1); }

static uint8_t *import_desc(struct pb_image *im, unsigned i) { return pb_at_rva(im, im->import_dir + 20 * i); }
static void m_import_name_outside(struct pb_image *im) { pb_put32(import_desc(im, 0) + 12, 0x7ffffff0); }
static void m_import_name_unterminated(struct pb_image *im)
{
    uint32_t end = rdata_end(im);
    memset(pb_at_rva(im, end - 3), 'x', 3);
    pb_put32(import_desc(im, 0) + 12, end - 3);
}
static void m_import_fn_name_unterminated(struct pb_image *im)
{
    uint32_t end = rdata_end(im);
    memset(pb_at_rva(im, end - 4), 'x', 4);         /* hint "xx", name "xx" with no NUL */
    pb_put32(pb_at_rva(im, pb_get32(import_desc(im, 1))), end - 4);
}
static void m_import_thunks_outside(struct pb_image *im) { pb_put32(import_desc(im, 0), 0x7ffffff0); }
static void m_import_iat_outside(struct pb_image *im) { pb_put32(import_desc(im, 0) + 16, im->size_of_image - 2); }
static void m_import_list_unterminated(struct pb_image *im) { pb_put32(im->data + PB_DIR_OFFSET(1), rdata_end(im) - 10); }

static uint8_t *export_dir(struct pb_image *im) { return pb_at_rva(im, im->export_dir); }
static void m_export_names_beyond_tables(struct pb_image *im) { pb_put32(export_dir(im) + 24, 0x00ffffff); }
static void m_export_functions_overflow(struct pb_image *im) { pb_put32(export_dir(im) + 20, 0x40000001); }
static void m_export_ordinal_out_of_range(struct pb_image *im) { pb_put16(pb_at_rva(im, pb_get32(export_dir(im) + 36)), 50); }
static void m_export_rva_outside(struct pb_image *im) { pb_put32(pb_at_rva(im, pb_get32(export_dir(im) + 28)), 0x7fff0000); }
static void m_export_name_outside(struct pb_image *im) { pb_put32(pb_at_rva(im, pb_get32(export_dir(im) + 32)), 0x7fffffff); }
static void m_export_forwarder_without_dot(struct pb_image *im)
{
    uint8_t *p = memmem(im->data, im->size, "other.delta", 11);
    assert_non_null(p);
    p[5] = '_';
}

static uint8_t *tls_dir(struct pb_image *im) { return pb_at_rva(im, im->tls_dir); }
static void m_tls_callbacks_outside(struct pb_image *im) { pb_put32(tls_dir(im) + 12, 0x10); }
static void m_tls_callback_outside(struct pb_image *im) { pb_put32(tls_dir(im) + 24, EXE_BASE + im->size_of_image); }
static void m_tls_end_before_start(struct pb_image *im) { pb_put32(tls_dir(im) + 4, EXE_BASE + DATA_RVA + 0x10); }
static void m_tls_callbacks_unterminated(struct pb_image *im)
{
    uint32_t end = rdata_end(im);
    pb_put32(pb_at_rva(im, end - 4), EXE_BASE + TEXT_RVA);
    pb_put32(tls_dir(im) + 12, EXE_BASE + end - 4);
}
static void m_tls_dir_unbacked(struct pb_image *im) { pb_put32(im->data + PB_DIR_OFFSET(9), rdata_end(im) - 8); }
static void m_tls_index_outside(struct pb_image *im) { pb_put32(tls_dir(im) + 8, EXE_BASE - 4); }

struct malformed_case {
    const char *what;
    void (*mutate)(struct pb_image *);
    enum stage stage;
    enum pe_error expect;
};

static const struct malformed_case malformed_cases[] = {
    { "empty file", m_empty, STAGE_PARSE, PE_E_EMPTY },
    { "10 bytes starting MZ", m_ten_bytes, STAGE_PARSE, PE_E_TRUNCATED },
    { "63 bytes starting MZ", m_63_bytes, STAGE_PARSE, PE_E_TRUNCATED },
    { "10 bytes, no MZ", m_ten_bytes_no_mz, STAGE_PARSE, PE_E_NOT_MZ },
    { "no MZ", m_no_mz, STAGE_PARSE, PE_E_NOT_MZ },
    { "ZM is not MZ", m_zm, STAGE_PARSE, PE_E_NOT_MZ },
    { "DOS-only: e_lfanew 0", m_dos_lfanew_zero, STAGE_PARSE, PE_E_DOS_ONLY },
    { "DOS-only: classic header, e_lfanew outside", m_dos_classic, STAGE_PARSE, PE_E_DOS_ONLY },
    { "DOS-only: classic header, e_lfanew inside", m_dos_classic_in_file, STAGE_PARSE, PE_E_DOS_ONLY },
    { "NE header", m_ne, STAGE_PARSE, PE_E_NE },
    { "e_lfanew outside the file", m_lfanew_outside, STAGE_PARSE, PE_E_BAD_LFANEW },
    { "e_lfanew negative", m_lfanew_negative, STAGE_PARSE, PE_E_BAD_LFANEW },
    { "bad PE signature", m_bad_pe_signature, STAGE_PARSE, PE_E_NOT_PE },
    { "PE signature with nonzero tail", m_pe_signature_tail, STAGE_PARSE, PE_E_NOT_PE },
    { "LE signature", m_le_signature, STAGE_PARSE, PE_E_NOT_PE },
    { "signature cut by EOF", m_signature_cut, STAGE_PARSE, PE_E_TRUNCATED },
    { "file header cut by EOF", m_file_header_cut, STAGE_PARSE, PE_E_TRUNCATED },
    { "PE32+ (magic 0x20b, machine 0x8664)", m_pe32plus, STAGE_PARSE, PE_E_PE32PLUS },
    { "machine 0x8664 with PE32 magic", m_amd64_with_pe32_magic, STAGE_PARSE, PE_E_MACHINE },
    { "ARM machine", m_arm, STAGE_PARSE, PE_E_MACHINE },
    { "optional header size too small", m_opt_size_small, STAGE_PARSE, PE_E_OPTIONAL_HEADER },
    { "optional header past EOF", m_opt_past_eof, STAGE_PARSE, PE_E_OPTIONAL_HEADER },
    { "ROM optional header magic", m_rom_magic, STAGE_PARSE, PE_E_OPTIONAL_HEADER },
    { "data directories past the optional header", m_dirs_do_not_fit, STAGE_PARSE, PE_E_OPTIONAL_HEADER },
    { "SizeOfHeaders past SizeOfImage", m_headers_past_image, STAGE_PARSE, PE_E_OPTIONAL_HEADER },
    { "section alignment not a power of two", m_sect_align_not_pow2, STAGE_PARSE, PE_E_ALIGNMENT },
    { "section alignment zero", m_zero_alignment, STAGE_PARSE, PE_E_ALIGNMENT },
    { "file alignment below 512", m_file_align_small, STAGE_PARSE, PE_E_ALIGNMENT },
    { "file alignment above 64K", m_file_align_big, STAGE_PARSE, PE_E_ALIGNMENT },
    { "file alignment above section alignment", m_file_above_sect_align, STAGE_PARSE, PE_E_ALIGNMENT },
    { "sub-page alignments that differ", m_small_alignments_differ, STAGE_PARSE, PE_E_ALIGNMENT },
    { "SizeOfImage 0", m_image_size_zero, STAGE_PARSE, PE_E_TOO_LARGE },
    { "SizeOfImage above 0xFFFF0000", m_image_size_huge, STAGE_PARSE, PE_E_TOO_LARGE },
    { "ImageBase + SizeOfImage past 4 GiB", m_image_past_4g, STAGE_PARSE, PE_E_TOO_LARGE },
    { "97 sections", m_97_sections, STAGE_PARSE, PE_E_SECTIONS },
    { "section table cut by EOF", m_section_table_cut, STAGE_PARSE, PE_E_TRUNCATED },
    { "section raw size past EOF", m_raw_size_past_eof, STAGE_PARSE, PE_E_SECTION_DATA },
    { "section raw offset past EOF", m_raw_offset_past_eof, STAGE_PARSE, PE_E_SECTION_DATA },
    { "overlapping sections", m_overlapping_sections, STAGE_PARSE, PE_E_SECTIONS },
    { "sections out of order", m_sections_unsorted, STAGE_PARSE, PE_E_SECTIONS },
    { "section address not aligned", m_section_unaligned, STAGE_PARSE, PE_E_SECTIONS },
    { "section past SizeOfImage", m_section_past_image, STAGE_PARSE, PE_E_SECTIONS },
    { "section over the headers", m_section_over_headers, STAGE_PARSE, PE_E_SECTIONS },
    { "entry point outside the image", m_entry_outside, STAGE_PARSE, PE_E_ENTRY },
    { "exe without an entry point", m_exe_entry_zero, STAGE_PARSE, PE_E_ENTRY },
    { "directory outside the image", m_dir_outside, STAGE_PARSE, PE_E_DIRECTORY },
    { "directory RVA + size wraps", m_dir_wraps, STAGE_PARSE, PE_E_DIRECTORY },
    { "COM descriptor not in file data", m_com_descriptor_unbacked, STAGE_PARSE, PE_E_DIRECTORY },
    { "relocation type DIR64", m_reloc_type_dir64, STAGE_RELOCS, PE_E_RELOC },
    { "relocation type MIPS_JMPADDR", m_reloc_type_mips, STAGE_RELOCS, PE_E_RELOC },
    { "relocation target outside the image", m_reloc_target_outside, STAGE_RELOCS, PE_E_RELOC },
    { "relocation block outside the image", m_reloc_block_outside, STAGE_RELOCS, PE_E_RELOC },
    { "relocation block smaller than its header", m_reloc_block_too_small, STAGE_RELOCS, PE_E_RELOC },
    { "relocation block past the directory", m_reloc_block_past_dir, STAGE_RELOCS, PE_E_RELOC },
    { "HIGHADJ without its second slot", m_reloc_highadj_alone, STAGE_RELOCS, PE_E_RELOC },
    { "relocation directory not in file data", m_reloc_dir_unbacked, STAGE_RELOCS, PE_E_RELOC },
    { "relocations stripped", m_relocs_stripped, STAGE_RELOCS, PE_E_NO_RELOCS },
    { "import DLL name RVA outside", m_import_name_outside, STAGE_IMPORTS, PE_E_IMPORTS },
    { "import DLL name unterminated", m_import_name_unterminated, STAGE_IMPORTS, PE_E_IMPORTS },
    { "import function name unterminated", m_import_fn_name_unterminated, STAGE_IMPORTS, PE_E_IMPORTS },
    { "import lookup table outside", m_import_thunks_outside, STAGE_IMPORTS, PE_E_IMPORTS },
    { "IAT slot outside the image", m_import_iat_outside, STAGE_IMPORTS, PE_E_IMPORTS },
    { "import descriptors unterminated", m_import_list_unterminated, STAGE_IMPORTS, PE_E_IMPORTS },
    { "export NumberOfNames beyond its tables", m_export_names_beyond_tables, STAGE_EXPORTS, PE_E_EXPORTS },
    { "export NumberOfFunctions overflows", m_export_functions_overflow, STAGE_EXPORTS, PE_E_EXPORTS },
    { "export name ordinal >= NumberOfFunctions", m_export_ordinal_out_of_range, STAGE_EXPORTS, PE_E_EXPORTS },
    { "export RVA outside the image", m_export_rva_outside, STAGE_EXPORTS, PE_E_EXPORTS },
    { "export name RVA outside", m_export_name_outside, STAGE_EXPORTS, PE_E_EXPORTS },
    { "forwarder without a dot", m_export_forwarder_without_dot, STAGE_EXPORTS, PE_E_EXPORTS },
    { "TLS callback array outside the image", m_tls_callbacks_outside, STAGE_TLS, PE_E_TLS },
    { "TLS callback outside the image", m_tls_callback_outside, STAGE_TLS, PE_E_TLS },
    { "TLS raw data end before start", m_tls_end_before_start, STAGE_TLS, PE_E_TLS },
    { "TLS callback list unterminated", m_tls_callbacks_unterminated, STAGE_TLS, PE_E_TLS },
    { "TLS directory not in file data", m_tls_dir_unbacked, STAGE_TLS, PE_E_TLS },
    { "TLS index outside the image", m_tls_index_outside, STAGE_TLS, PE_E_TLS },
};

static void test_reference_image_passes_every_stage(void **state)
{
    static const enum stage stages[] = { STAGE_PARSE, STAGE_RELOCS, STAGE_IMPORTS, STAGE_EXPORTS, STAGE_TLS };
    struct pb_image im;

    make_ref(&im);
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
        assert_int_equal(run_stage(&im, stages[i]), PE_OK);
    pb_free(&im);
}

static void test_malformed_images_are_refused_with_their_cause(void **state)
{
    for (size_t i = 0; i < sizeof malformed_cases / sizeof malformed_cases[0]; i++) {
        const struct malformed_case *c = &malformed_cases[i];
        struct pb_image im;
        enum pe_error got;

        make_ref(&im);
        /* The untouched image passes the same stage. */
        assert_int_equal(run_stage(&im, c->stage), PE_OK);
        c->mutate(&im);
        got = run_stage(&im, c->stage);
        if (got != c->expect)
            print_error("%s: expected \"%s\", got \"%s\"\n", c->what, pe_strerror(c->expect), pe_strerror(got));
        assert_int_equal(got, c->expect);
        pb_free(&im);
    }
}

/* ---- Relocations --------------------------------------------------------- */

static void test_relocations_apply_the_delta_per_type(void **state)
{
    struct pb_image im;
    struct pe_image img;
    uint8_t *m;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    m = map_copy(&img);
    /* delta 0x01238000: HIGHLOW adds it, HIGH adds its high half
     * (0x0123), LOW its low half (0x8000). HIGHADJ: the pair is
     * 0x0040 << 16 + 0x7000 = 0x00407000; plus delta is 0x0163F000,
     * whose low half 0xF000 reads as -0x1000 when added back, so the high
     * half must become 0x0164. */
    assert_int_equal(pe_apply_relocs(&img, m, 0x01238000), PE_OK);
    assert_int_equal(pb_get32(m + DATA_RVA + 0x00), 0x01639000);
    assert_int_equal(pb_get32(m + DATA_RVA + 0x04), 0x0163A010);
    assert_int_equal(pb_get16(m + DATA_RVA + 0x08), 0x0163);
    assert_int_equal(pb_get16(m + DATA_RVA + 0x0c), 0x9234);
    assert_int_equal(pb_get16(m + DATA_RVA + 0x10), 0x0164);
    assert_int_equal(pb_get16(m + DATA_RVA + 0x12), 0);     /* untouched neighbour */
    free(m);
    pb_free(&im);
}

static void test_negative_delta_moves_addresses_down(void **state)
{
    struct pb_image im;
    struct pe_image img;
    uint8_t *m;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    m = map_copy(&img);
    assert_int_equal(pe_apply_relocs(&img, m, (int64_t)0x100000 - EXE_BASE), PE_OK);
    assert_int_equal(pb_get32(m + DATA_RVA), 0x00101000);
    free(m);
    pb_free(&im);
}

static void test_bad_relocation_leaves_the_mapped_image_unchanged(void **state)
{
    struct pb_image im;
    struct pe_image img;
    uint8_t *m, *before;

    make_ref(&im);
    /* The last entry (HIGHADJ's pair) becomes an unknown type; the
     * HIGHLOW entries before it must not have been applied. */
    pb_put16(reloc_block(&im) + 8 + 2 * 4, 0x9010);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    m = map_copy(&img);
    before = malloc(img.size_of_image);
    memcpy(before, m, img.size_of_image);
    assert_int_equal(pe_apply_relocs(&img, m, 0x10000), PE_E_RELOC);
    assert_memory_equal(m, before, img.size_of_image);
    free(before);
    free(m);
    pb_free(&im);
}

static void test_zero_sized_block_ends_the_relocation_table(void **state)
{
    static const struct pb_reloc relocs[] = { { DATA_RVA, 3, 0 } };
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;
    uint8_t *m;

    d.relocs = relocs;
    d.nrelocs = 1;
    make_image(&d, &im);
    /* One 12-byte block; claim 24 bytes (directory and .reloc's
     * VirtualSize) so zero padding follows it. */
    pb_put32(im.data + PB_DIR_OFFSET(5) + 4, 24);
    pb_put32(sect(&im, im.nsections - 1, 8), 24);
    pb_put32(pb_at_rva(&im, im.reloc_rva + 12), 0);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    m = map_copy(&img);
    assert_int_equal(pe_apply_relocs(&img, m, 0x10000), PE_OK);
    assert_int_equal(pb_get32(m + DATA_RVA), EXE_BASE + TEXT_RVA + 0x10000);
    free(m);
    pb_free(&im);
}

static void test_has_relocs_is_false_without_a_directory_or_when_stripped(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;

    d.nrelocs = 0;
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_false(pe_has_relocs(&img));
    pb_free(&im);

    d = ref_desc();
    d.relocs_stripped = true;
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_false(pe_has_relocs(&img));
    pb_free(&im);
}

/* ---- Imports ------------------------------------------------------------- */

struct seen_import { char dll[32], name[32]; bool by_name; uint16_t hint, ordinal; uint32_t iat; };
struct import_log { struct seen_import e[16]; int n, stop_at; };

static int log_import(void *ctx, const char *dll, const char *name, uint16_t hint, uint16_t ordinal, uint32_t iat)
{
    struct import_log *log = ctx;
    struct seen_import *s = &log->e[log->n++];

    snprintf(s->dll, sizeof s->dll, "%s", dll);
    snprintf(s->name, sizeof s->name, "%s", name ? name : "");
    s->by_name = name != NULL;
    s->hint = hint;
    s->ordinal = ordinal;
    s->iat = iat;
    return log->n == log->stop_at ? 42 : 0;
}

static void check_ref_imports(struct pb_image *im, const struct import_log *log)
{
    uint32_t ft0 = pb_get32(import_desc(im, 0) + 16), ft1 = pb_get32(import_desc(im, 1) + 16);

    assert_int_equal(log->n, 4);
    assert_string_equal(log->e[0].dll, "KERNEL32.dll");
    assert_string_equal(log->e[0].name, "ExitProcess");
    assert_int_equal(log->e[0].hint, 0x10);
    assert_int_equal(log->e[0].iat, ft0);
    assert_string_equal(log->e[1].name, "GetStdHandle");
    assert_int_equal(log->e[1].hint, 0x20);
    assert_int_equal(log->e[1].iat, ft0 + 4);
    assert_false(log->e[2].by_name);
    assert_int_equal(log->e[2].ordinal, 7);
    assert_int_equal(log->e[2].iat, ft0 + 8);
    assert_string_equal(log->e[3].dll, "msvcrt.dll");
    assert_string_equal(log->e[3].name, "puts");
    assert_int_equal(log->e[3].hint, 3);
    assert_int_equal(log->e[3].iat, ft1);
}

static void test_imports_report_names_hints_ordinals_and_iat_slots(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct import_log log = { .n = 0 };
    int r = -1;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_import(&img, log_import, &log, &r), PE_OK);
    assert_int_equal(r, 0);
    check_ref_imports(&im, &log);
    pb_free(&im);
}

static void test_imports_use_first_thunk_without_original_first_thunk(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;
    struct import_log log = { .n = 0 };

    d.no_original_first_thunk = true;
    make_image(&d, &im);
    assert_int_equal(pb_get32(import_desc(&im, 0)), 0);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_import(&img, log_import, &log, NULL), PE_OK);
    check_ref_imports(&im, &log);
    pb_free(&im);
}

static void test_imports_prefer_original_first_thunk(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct import_log log = { .n = 0 };
    uint32_t ft0;

    make_ref(&im);
    /* A bound IAT holds addresses, not name RVAs: the walk must not read it. */
    ft0 = pb_get32(import_desc(&im, 0) + 16);
    pb_put32(pb_at_rva(&im, ft0), 0x7c801234);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_import(&img, log_import, &log, NULL), PE_OK);
    check_ref_imports(&im, &log);
    pb_free(&im);
}

static void test_import_callback_result_stops_the_walk(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct import_log log = { .n = 0, .stop_at = 2 };
    int r = 0;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_import(&img, log_import, &log, &r), PE_OK);
    assert_int_equal(r, 42);
    assert_int_equal(log.n, 2);
    pb_free(&im);
}

struct dll_log { char names[4][32]; int n; };

static int log_dll(void *ctx, const char *dll)
{
    struct dll_log *log = ctx;
    snprintf(log->names[log->n++], 32, "%s", dll);
    return 0;
}

static void test_import_dll_walk_lists_dlls_in_descriptor_order(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct dll_log log = { .n = 0 };

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_import_dll(&img, log_dll, &log, NULL), PE_OK);
    assert_int_equal(log.n, 2);
    assert_string_equal(log.names[0], "KERNEL32.dll");
    assert_string_equal(log.names[1], "msvcrt.dll");
    pb_free(&im);
}

static void test_image_without_imports_walks_nothing(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;
    struct import_log log = { .n = 0 };

    d.nimports = 0;
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_import(&img, log_import, &log, NULL), PE_OK);
    assert_int_equal(log.n, 0);
    pb_free(&im);
}

/* ---- Exports ------------------------------------------------------------- */

/* Sorted name table of the reference image: Zeta, alpha, beta, gamma. */
static void test_export_found_through_its_hint(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export(&img, "alpha", 1, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1000);
    assert_null(e.forward);
    assert_int_equal(pe_find_export(&img, "Zeta", 0, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1030);
    assert_string_equal(pe_export_dll_name(&img), "ref.dll");
    pb_free(&im);
}

static void test_export_hint_miss_falls_back_to_search(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export(&img, "beta", 0, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1010);
    assert_int_equal(pe_find_export(&img, "beta", 0xffff, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1010);
    assert_int_equal(pe_find_export(&img, "Zeta", 3, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1030);
    /* Lookup is case-sensitive, as on Windows. */
    assert_int_equal(pe_find_export(&img, "zeta", 0, &e), PE_EXPORT_MISSING);
    assert_int_equal(pe_find_export(&img, "nothere", 0, &e), PE_EXPORT_MISSING);
    pb_free(&im);
}

static void test_export_in_unsorted_name_table_is_found_by_scan(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    d.unsorted_names = true;    /* alpha, beta, gamma, Zeta */
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export(&img, "Zeta", 0xffff, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1030);
    pb_free(&im);
}

static void test_export_inside_export_directory_is_a_forwarder(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export(&img, "gamma", 3, &e), PE_EXPORT_FOUND);
    assert_non_null(e.forward);
    assert_string_equal(e.forward, "other.delta");
    assert_true(e.rva >= im.export_dir && e.rva < im.export_dir + im.export_size);
    assert_int_equal(pe_find_export_ordinal(&img, EXPORT_BASE + 3, &e), PE_EXPORT_FOUND);
    assert_string_equal(e.forward, "other.delta");
    pb_free(&im);
}

static void test_export_ordinal_lookup_is_biased_by_base(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export_ordinal(&img, 5, &e), PE_EXPORT_FOUND);
    assert_int_equal(e.rva, 0x1000);
    assert_int_equal(pe_find_export_ordinal(&img, 7, &e), PE_EXPORT_FOUND);   /* ordinal-only */
    assert_int_equal(e.rva, 0x1020);
    assert_null(e.forward);
    assert_int_equal(pe_find_export_ordinal(&img, 0, &e), PE_EXPORT_MISSING);
    assert_int_equal(pe_find_export_ordinal(&img, 4, &e), PE_EXPORT_MISSING);
    assert_int_equal(pe_find_export_ordinal(&img, 10, &e), PE_EXPORT_MISSING); /* unused slot */
    assert_int_equal(pe_find_export_ordinal(&img, 11, &e), PE_EXPORT_MISSING);
    assert_int_equal(pe_find_export_ordinal(&img, 0xffffffffu, &e), PE_EXPORT_MISSING);
    pb_free(&im);
}

struct export_log { char names[8][16]; uint32_t ordinals[8], rvas[8]; int n; };

static int log_export(void *ctx, const char *name, uint32_t ordinal, const struct pe_export *e)
{
    struct export_log *log = ctx;
    snprintf(log->names[log->n], 16, "%s", name);
    log->ordinals[log->n] = ordinal;
    log->rvas[log->n++] = e->rva;
    return 0;
}

static void test_for_each_export_lists_named_exports_with_ordinals(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct export_log log = { .n = 0 };

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_for_each_export(&img, log_export, &log, NULL), PE_OK);
    assert_int_equal(log.n, 4);
    assert_string_equal(log.names[0], "Zeta");
    assert_int_equal(log.ordinals[0], 9);
    assert_string_equal(log.names[1], "alpha");
    assert_int_equal(log.ordinals[1], 5);
    assert_string_equal(log.names[2], "beta");
    assert_int_equal(log.ordinals[2], 6);
    assert_string_equal(log.names[3], "gamma");
    assert_int_equal(log.ordinals[3], 8);
    pb_free(&im);
}

static void test_lookup_in_bad_export_table_says_bad_table(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    make_ref(&im);
    m_export_names_beyond_tables(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export(&img, "alpha", 1, &e), PE_EXPORT_BAD_TABLE);
    assert_int_equal(pe_find_export_ordinal(&img, 5, &e), PE_EXPORT_BAD_TABLE);
    pb_free(&im);
}

static void test_image_without_exports_finds_nothing(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;
    struct pe_export e;

    d.nexports = 0;
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_find_export(&img, "alpha", 0, &e), PE_EXPORT_MISSING);
    assert_int_equal(pe_find_export_ordinal(&img, 5, &e), PE_EXPORT_MISSING);
    assert_null(pe_export_dll_name(&img));
    pb_free(&im);
}

/* ---- TLS and .NET -------------------------------------------------------- */

static void test_tls_callbacks_are_adjusted_by_delta(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_tls tls;
    uint32_t cbs[4] = { 0 };
    const uint32_t delta = 0x00100000;

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_tls_info(&img, delta, &tls, cbs, 4), 2);
    assert_int_equal(cbs[0], EXE_BASE + TEXT_RVA + delta);
    assert_int_equal(cbs[1], EXE_BASE + TEXT_RVA + 0x10 + delta);
    assert_int_equal(tls.start_va, EXE_BASE + DATA_RVA + 0x20 + delta);
    assert_int_equal(tls.end_va, EXE_BASE + DATA_RVA + 0x30 + delta);
    assert_int_equal(tls.index_va, EXE_BASE + DATA_RVA + 0x34 + delta);
    assert_int_equal(tls.zero_fill, 0x10);
    /* The builder puts the callback array right after the 24-byte directory. */
    assert_int_equal(tls.callbacks_va, EXE_BASE + im.tls_dir + 24 + delta);
    pb_free(&im);
}

static void test_tls_reports_all_callbacks_but_stores_at_most_max(void **state)
{
    struct pb_image im;
    struct pe_image img;
    struct pe_tls tls;
    uint32_t cbs[2] = { 0, 0xdeadbeef };

    make_ref(&im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_tls_info(&img, 0, &tls, cbs, 1), 2);
    assert_int_equal(cbs[0], EXE_BASE + TEXT_RVA);
    assert_int_equal(cbs[1], 0xdeadbeef);
    pb_free(&im);
}

static void test_image_without_tls_reports_none(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;
    struct pe_tls tls;

    d.tls = NULL;
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_int_equal(pe_tls_info(&img, 0x10000, &tls, NULL, 0), 0);
    assert_int_equal(tls.start_va, 0);
    assert_int_equal(tls.callbacks_va, 0);
    pb_free(&im);
}

static void test_com_descriptor_marks_dotnet_and_clr_flags(void **state)
{
    struct pb_desc d = ref_desc();
    struct pb_image im;
    struct pe_image img;

    d.clr = true;
    d.clr_flags = PE_CLR_ILONLY | PE_CLR_32BITREQUIRED;
    make_image(&d, &im);
    assert_int_equal(pe_parse(im.data, im.size, &img), PE_OK);
    assert_true(img.is_dotnet);
    assert_int_equal(img.clr_flags, 3);
    pb_free(&im);
}

static void test_describe_clr_flags_names_each_set_flag(void **state)
{
    char buf[96], tiny[4];

    assert_string_equal(pe_describe_clr_flags(0x3, buf, sizeof buf), "ILONLY|32BITREQUIRED");
    assert_string_equal(pe_describe_clr_flags(0x20003, buf, sizeof buf), "ILONLY|32BITREQUIRED|32BITPREFERRED");
    assert_string_equal(pe_describe_clr_flags(0x1, buf, sizeof buf), "ILONLY");
    assert_string_equal(pe_describe_clr_flags(0, buf, sizeof buf), "none");
    assert_string_equal(pe_describe_clr_flags(0x80000001u, buf, sizeof buf), "ILONLY|0x80000000");
    assert_string_equal(pe_describe_clr_flags(0x3, tiny, sizeof tiny), "ILO");
}

/* ---- A real MinGW-built image ------------------------------------------- */

#define MINGW_GCC "/usr/bin/i686-w64-mingw32-gcc"
#define MINGW_OBJDUMP "/usr/bin/i686-w64-mingw32-objdump"

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* Reads a hex field from `objdump -p`, an independent PE reader. */
static bool objdump_field(const char *file, const char *field, uint32_t *value)
{
    char cmd[512], line[256];
    FILE *p;
    bool found = false;

    if (access(MINGW_OBJDUMP, X_OK) != 0)
        return false;
    snprintf(cmd, sizeof cmd, "%s -p '%s'", MINGW_OBJDUMP, file);
    p = popen(cmd, "r");
    if (!p)
        return false;
    while (!found && fgets(line, sizeof line, p)) {
        size_t n = strlen(field);
        unsigned v;
        if (strncmp(line, field, n) == 0 && (line[n] == ' ' || line[n] == '\t') &&
            sscanf(line + n, " %x", &v) == 1) {
            *value = v;
            found = true;
        }
    }
    pclose(p);
    return found;
}

struct mingw_dir { char path[64]; };

static void mingw_setup(struct mingw_dir *d)
{
    if (access(MINGW_GCC, X_OK) != 0)
        skip();
    snprintf(d->path, sizeof d->path, "/tmp/test_pe_XXXXXX");
    assert_non_null(mkdtemp(d->path));
}

static void mingw_cleanup(struct mingw_dir *d)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
    assert_int_equal(system(cmd), 0);
}

static int find_in_section_with(const struct pe_image *img, uint32_t rva, uint32_t flag)
{
    for (unsigned i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        if (rva >= s->vaddr && rva - s->vaddr < s->vsize)
            return (s->characteristics & flag) ? 1 : 0;
    }
    return 0;
}

struct mingw_imports { bool puts_from_msvcrt, kernel32; };

static int mingw_import(void *ctx, const char *dll, const char *name, uint16_t hint, uint16_t ord, uint32_t iat)
{
    struct mingw_imports *m = ctx;
    if (name && strcmp(name, "puts") == 0 && strcasecmp(dll, "msvcrt.dll") == 0)
        m->puts_from_msvcrt = true;
    return 0;
}

static int mingw_dll(void *ctx, const char *dll)
{
    struct mingw_imports *m = ctx;
    if (strcasecmp(dll, "kernel32.dll") == 0)
        m->kernel32 = true;
    return 0;
}

static void test_mingw_exe_parses_and_walks(void **state)
{
    struct mingw_dir dir;
    char src[128], exe[128], cmd[512];
    struct pe_image img;
    struct mingw_imports mi = { false, false };
    struct pe_tls tls;
    uint32_t cbs[8], v;
    uint8_t *data, *m;
    size_t size;

    mingw_setup(&dir);
    snprintf(src, sizeof src, "%s/hello.c", dir.path);
    snprintf(exe, sizeof exe, "%s/hello.exe", dir.path);
    write_text(src, "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
    snprintf(cmd, sizeof cmd, "%s -O1 -o '%s' '%s' -Wl,--image-base=0x400000,--dynamicbase", MINGW_GCC, exe, src);
    assert_int_equal(system(cmd), 0);
    data = read_all(exe, &size);

    assert_int_equal(pe_parse(data, size, &img), PE_OK);
    assert_int_equal(img.machine, 0x14c);
    assert_int_equal(img.characteristics & (PE_FILE_EXECUTABLE_IMAGE | PE_FILE_DLL), PE_FILE_EXECUTABLE_IMAGE);
    assert_int_equal(img.subsystem, 3);                 /* console program */
    assert_int_equal(img.image_base, 0x400000);         /* as linked */
    assert_true(find_in_section_with(&img, img.entry_rva, 0x20000000));  /* IMAGE_SCN_MEM_EXECUTE */
    assert_false(img.is_dotnet);
    if (objdump_field(exe, "AddressOfEntryPoint", &v))
        assert_int_equal(img.entry_rva, v);
    if (objdump_field(exe, "SizeOfImage", &v))
        assert_int_equal(img.size_of_image, v);

    assert_int_equal(pe_for_each_import_dll(&img, mingw_dll, &mi, NULL), PE_OK);
    assert_int_equal(pe_for_each_import(&img, mingw_import, &mi, NULL), PE_OK);
    assert_true(mi.kernel32);
    assert_true(mi.puts_from_msvcrt);
    assert_true(pe_has_relocs(&img));                   /* --dynamicbase keeps them */
    m = map_copy(&img);
    assert_int_equal(pe_apply_relocs(&img, m, 0x10000), PE_OK);
    free(m);
    assert_true(pe_tls_info(&img, 0x10000, &tls, cbs, 8) >= 0);

    free(data);
    mingw_cleanup(&dir);
}

static void test_mingw_dll_exports_and_forwarder(void **state)
{
    struct mingw_dir dir;
    char src[128], def[128], dll[128], cmd[768];
    struct pe_image img;
    struct pe_export e, by_ord;
    struct export_log log = { .n = 0 };
    uint8_t *data;
    size_t size;

    mingw_setup(&dir);
    snprintf(src, sizeof src, "%s/lib.c", dir.path);
    snprintf(def, sizeof def, "%s/lib.def", dir.path);
    snprintf(dll, sizeof dll, "%s/lib.dll", dir.path);
    write_text(src, "int add(int a, int b) { return a + b; }\nint sub(int a, int b) { return a - b; }\n");
    write_text(def, "LIBRARY lib.dll\nEXPORTS\nadd\nsub\nfwd = KERNEL32.GetTickCount\n");
    snprintf(cmd, sizeof cmd, "%s -shared -O1 -o '%s' '%s' '%s' -Wl,--image-base=0x10000000",
             MINGW_GCC, dll, src, def);
    assert_int_equal(system(cmd), 0);
    data = read_all(dll, &size);

    assert_int_equal(pe_parse(data, size, &img), PE_OK);
    assert_int_equal(img.characteristics & PE_FILE_DLL, PE_FILE_DLL);
    assert_int_equal(img.image_base, 0x10000000);
    assert_string_equal(pe_export_dll_name(&img), "lib.dll");
    assert_int_equal(pe_find_export(&img, "add", 0, &e), PE_EXPORT_FOUND);
    assert_null(e.forward);
    assert_true(find_in_section_with(&img, e.rva, 0x20000000));
    assert_int_equal(pe_find_export(&img, "sub", 0, &e), PE_EXPORT_FOUND);
    assert_true(find_in_section_with(&img, e.rva, 0x20000000));
    assert_int_equal(pe_find_export(&img, "fwd", 0, &e), PE_EXPORT_FOUND);
    assert_non_null(e.forward);
    assert_string_equal(e.forward, "KERNEL32.GetTickCount");
    assert_int_equal(pe_find_export(&img, "mul", 0, &e), PE_EXPORT_MISSING);
    /* Every named export is reachable by its ordinal too. */
    assert_int_equal(pe_for_each_export(&img, log_export, &log, NULL), PE_OK);
    assert_int_equal(log.n, 3);
    for (int i = 0; i < log.n; i++) {
        assert_int_equal(pe_find_export_ordinal(&img, log.ordinals[i], &by_ord), PE_EXPORT_FOUND);
        assert_int_equal(by_ord.rva, log.rvas[i]);
    }
    free(data);
    mingw_cleanup(&dir);
}

/* ---- Random mutations ---------------------------------------------------- */

/* Raise with -DPE_FUZZ_ITERATIONS=... for a longer run by hand. */
#ifndef PE_FUZZ_ITERATIONS
#define PE_FUZZ_ITERATIONS 4000
#endif

static uint32_t rng_state = 0x2545F491u;

static uint32_t rng(void)
{
    /* xorshift32: fixed seed, same sequence on every run. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static int any_import(void *ctx, const char *dll, const char *name, uint16_t hint, uint16_t ord, uint32_t iat)
{
    /* Touch every byte the walker handed out. */
    *(size_t *)ctx += strlen(dll) + (name ? strlen(name) : 0);
    return 0;
}

static int any_dll(void *ctx, const char *dll) { *(size_t *)ctx += strlen(dll); return 0; }

static int any_export(void *ctx, const char *name, uint32_t ordinal, const struct pe_export *e)
{
    *(size_t *)ctx += strlen(name) + (e->forward ? strlen(e->forward) : 0);
    return 0;
}

static void exercise(const struct pe_image *img, size_t *sink)
{
    static const char *names[] = { "alpha", "beta", "gamma", "Zeta", "nothere", "" };
    struct pe_export e;
    struct pe_tls tls;
    uint32_t cbs[4];
    const char *s;

    pe_for_each_import_dll(img, any_dll, sink, NULL);
    pe_for_each_import(img, any_import, sink, NULL);
    pe_for_each_export(img, any_export, sink, NULL);
    for (unsigned i = 0; i < 6; i++)
        if (pe_find_export(img, names[i], (uint16_t)i, &e) == PE_EXPORT_FOUND && e.forward)
            *sink += strlen(e.forward);
    for (uint32_t o = 0; o < 12; o++)
        if (pe_find_export_ordinal(img, o, &e) == PE_EXPORT_FOUND && e.forward)
            *sink += strlen(e.forward);
    if ((s = pe_export_dll_name(img)))
        *sink += strlen(s);
    pe_tls_info(img, 0x10000, &tls, cbs, 4);
    if (img->size_of_image <= (16u << 20)) {
        uint8_t *m = map_copy(img);
        pe_apply_relocs(img, m, 0x10000);
        pe_apply_relocs(img, m, -0x10000);
        free(m);
    }
}

static void test_random_mutations_never_crash_the_parser_or_walkers(void **state)
{
    struct pb_image im;
    size_t sink = 0;
    unsigned ok = 0;

    make_ref(&im);
    for (unsigned iter = 0; iter < PE_FUZZ_ITERATIONS; iter++) {
        size_t size = im.size;
        uint8_t *buf;
        struct pe_image img;
        unsigned flips = 1 + rng() % 8;

        /* Sometimes cut the file short too. */
        if (rng() % 10 == 0)
            size = rng() % im.size;
        buf = malloc(size ? size : 1);
        assert_non_null(buf);
        memcpy(buf, im.data, size);
        for (unsigned k = 0; k < flips && size; k++) {
            /* Half the flips hit the headers, where every field matters. */
            size_t at = (rng() & 1) ? rng() % (size < 0x400 ? size : 0x400) : rng() % size;
            buf[at] ^= (uint8_t)(1u << (rng() % 8));
            if (rng() % 4 == 0)
                buf[at] = (uint8_t)rng();
        }
        if (pe_parse(buf, size, &img) == PE_OK) {
            ok++;
            exercise(&img, &sink);
        }
        free(buf);
    }
    /* Enough mutants parse for the walkers to have been exercised. */
    assert_true(ok > PE_FUZZ_ITERATIONS / 10);
    pb_free(&im);
    (void)sink;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_exe_parses_with_header_fields),
        cmocka_unit_test(test_minimal_dll_parses_with_zero_entry),
                cmocka_unit_test(test_strerror_gives_each_error_its_own_message),
        cmocka_unit_test(test_rva_to_data_maps_headers_and_section_raw_data),
        cmocka_unit_test(test_rva_string_needs_a_terminator_inside_backed_data),
        cmocka_unit_test(test_number_of_rva_and_sizes_above_16_is_clamped),
        cmocka_unit_test(test_fewer_data_directories_leave_the_rest_zero),
        cmocka_unit_test(test_security_directory_holds_a_file_offset_and_is_not_checked),
        cmocka_unit_test(test_equal_alignments_below_page_size_are_accepted),
        cmocka_unit_test(test_raw_offset_is_rounded_down_to_512),
        cmocka_unit_test(test_reference_image_passes_every_stage),
        cmocka_unit_test(test_malformed_images_are_refused_with_their_cause),
        cmocka_unit_test(test_relocations_apply_the_delta_per_type),
        cmocka_unit_test(test_negative_delta_moves_addresses_down),
        cmocka_unit_test(test_bad_relocation_leaves_the_mapped_image_unchanged),
        cmocka_unit_test(test_zero_sized_block_ends_the_relocation_table),
        cmocka_unit_test(test_has_relocs_is_false_without_a_directory_or_when_stripped),
        cmocka_unit_test(test_imports_report_names_hints_ordinals_and_iat_slots),
        cmocka_unit_test(test_imports_use_first_thunk_without_original_first_thunk),
        cmocka_unit_test(test_imports_prefer_original_first_thunk),
        cmocka_unit_test(test_import_callback_result_stops_the_walk),
        cmocka_unit_test(test_import_dll_walk_lists_dlls_in_descriptor_order),
        cmocka_unit_test(test_image_without_imports_walks_nothing),
        cmocka_unit_test(test_export_found_through_its_hint),
        cmocka_unit_test(test_export_hint_miss_falls_back_to_search),
        cmocka_unit_test(test_export_in_unsorted_name_table_is_found_by_scan),
        cmocka_unit_test(test_export_inside_export_directory_is_a_forwarder),
        cmocka_unit_test(test_export_ordinal_lookup_is_biased_by_base),
        cmocka_unit_test(test_for_each_export_lists_named_exports_with_ordinals),
        cmocka_unit_test(test_lookup_in_bad_export_table_says_bad_table),
        cmocka_unit_test(test_image_without_exports_finds_nothing),
        cmocka_unit_test(test_tls_callbacks_are_adjusted_by_delta),
        cmocka_unit_test(test_tls_reports_all_callbacks_but_stores_at_most_max),
        cmocka_unit_test(test_image_without_tls_reports_none),
        cmocka_unit_test(test_com_descriptor_marks_dotnet_and_clr_flags),
        cmocka_unit_test(test_describe_clr_flags_names_each_set_flag),
        cmocka_unit_test(test_mingw_exe_parses_and_walks),
        cmocka_unit_test(test_mingw_dll_exports_and_forwarder),
        cmocka_unit_test(test_random_mutations_never_crash_the_parser_or_walkers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
