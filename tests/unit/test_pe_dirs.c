/* Tests of the load configuration, resource tree and delay-import checks
 * (src/loader/pe_dirs.c, run by pe_parse). Each image is pe_builder's
 * exe with one data section holding the table under test, laid out as
 * the PE Format specification describes it; a test corrupts one field. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "loader/pe.h"
#include "pe_builder.h"

#define BASE 0x400000u
#define TBL_SIZE 0x6000u
#define DIR_RESOURCE 2
#define DIR_LOAD_CONFIG 10
#define DIR_DELAY_IMPORT 13

static uint8_t tbl[TBL_SIZE];
static uint32_t tbl_rva;

static const struct pb_section sections[] = {
    { ".text", 0, "\xc3", 1, 0 },
    { ".tbl", 0, tbl, TBL_SIZE, 0xC0000040 },
};

static struct pb_desc desc(void)
{
    struct pb_desc d = { .sections = sections, .nsections = 2 };
    tbl_rva = pb_section_rva(&d, 1);
    return d;
}

/* Builds the image with directory dir at tbl offset off, size len, and
 * parses it. */
static enum pe_error parse_with(int dir, uint32_t off, uint32_t len)
{
    struct pb_desc d = desc();
    struct pb_image im;
    struct pe_image img;
    enum pe_error e;

    assert_true(pb_build(&d, &im));
    pb_put32(im.data + PB_DIR_OFFSET(dir), tbl_rva + off);
    pb_put32(im.data + PB_DIR_OFFSET(dir) + 4, len);
    e = pe_parse(im.data, im.size, &img);
    pb_free(&im);
    return e;
}

static void reset(void)
{
    desc();
    memset(tbl, 0, sizeof tbl);
}

/* ---- Load configuration -------------------------------------------------- */

/* IMAGE_LOAD_CONFIG_DIRECTORY32 of size bytes at tbl+0. */
static void load_config(uint32_t size, uint32_t cookie_va)
{
    pb_put32(tbl, size);
    pb_put32(tbl + 60, cookie_va);
}

static void test_load_config_with_cookie_inside_is_accepted(void **state)
{
    reset();
    load_config(0x48, BASE + tbl_rva + 0x100);
    assert_int_equal(parse_with(DIR_LOAD_CONFIG, 0, 0x48), PE_OK);
}

static void test_load_config_cookie_outside_the_image_is_refused(void **state)
{
    reset();
    load_config(0x48, 0x7fff0000u);
    assert_int_equal(parse_with(DIR_LOAD_CONFIG, 0, 0x48), PE_E_LOAD_CONFIG);
}

static void test_load_config_fields_past_its_size_are_not_read(void **state)
{
    reset();
    load_config(0x3c, 0x7fff0000u);     /* Size ends before SecurityCookie */
    assert_int_equal(parse_with(DIR_LOAD_CONFIG, 0, 0x48), PE_OK);
}

static void test_safeseh_table_outside_the_image_is_refused(void **state)
{
    reset();
    load_config(0x48, 0);
    pb_put32(tbl + 64, BASE + tbl_rva);     /* SEHandlerTable */
    pb_put32(tbl + 68, 0x10000000);         /* SEHandlerCount */
    assert_int_equal(parse_with(DIR_LOAD_CONFIG, 0, 0x48), PE_E_LOAD_CONFIG);
}

/* SizeOfImage of the test image (pe_builder may add sections). */
static uint32_t image_size(void)
{
    struct pb_desc d = desc();
    struct pb_image im;
    uint32_t n;

    assert_true(pb_build(&d, &im));
    n = im.size_of_image;
    pb_free(&im);
    return n;
}

/* GuardFlags bits 28-31 add bytes to each GuardCFFunctionTable entry: a
 * table that ends exactly at SizeOfImage at 4 bytes an entry is refused
 * at 5. */
static void test_cfg_table_counts_its_extra_bytes_per_entry(void **state)
{
    uint32_t table, count;

    reset();
    table = tbl_rva + 0x1000;
    count = (image_size() - table) / 4;
    load_config(0x5c, 0);
    pb_put32(tbl + 80, BASE + table);
    pb_put32(tbl + 84, count);
    assert_int_equal(parse_with(DIR_LOAD_CONFIG, 0, 0x5c), PE_OK);
    pb_put32(tbl + 88, 1u << 28);           /* 5 bytes an entry */
    assert_int_equal(parse_with(DIR_LOAD_CONFIG, 0, 0x5c), PE_E_LOAD_CONFIG);
}

/* ---- Resources ------------------------------------------------------------ */

/* A directory at off with n id entries, each -> target (high bit: a
 * subdirectory). */
static void rsrc_dir(uint32_t off, unsigned n, uint32_t target)
{
    pb_put16(tbl + off + 14, (uint16_t)n);
    for (unsigned i = 0; i < n; i++) {
        pb_put32(tbl + off + 16 + 8 * i, i + 1);
        pb_put32(tbl + off + 16 + 8 * i + 4, target);
    }
}

/* type -> name -> language -> data entry at 0x80 (data at rva, len). */
static void rsrc_tree(uint32_t data_rva, uint32_t len)
{
    rsrc_dir(0x00, 1, 0x80000000u | 0x20);
    rsrc_dir(0x20, 1, 0x80000000u | 0x40);
    rsrc_dir(0x40, 1, 0x80);
    pb_put32(tbl + 0x80, data_rva);
    pb_put32(tbl + 0x84, len);
}

static void test_three_level_resource_tree_is_accepted(void **state)
{
    reset();
    rsrc_tree(tbl_rva + 0x200, 0x10);
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x90), PE_OK);
}

static void test_resource_data_outside_the_image_is_refused(void **state)
{
    reset();
    rsrc_tree(0x7ffff000u, 0x10);
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x90), PE_E_RESOURCES);
}

static void test_resource_subdirectory_outside_the_file_is_refused(void **state)
{
    reset();
    rsrc_tree(tbl_rva, 4);
    pb_put32(tbl + 0x20 + 16 + 4, 0x80000000u | 0x7ffff0);
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x90), PE_E_RESOURCES);
}

static void test_resource_name_running_out_of_the_file_is_refused(void **state)
{
    reset();
    rsrc_tree(tbl_rva, 4);
    pb_put32(tbl + 16, 0x80000000u | 0x100);     /* a named type */
    pb_put16(tbl + 0x100, 0xffff);               /* 65535 WCHARs */
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x90), PE_E_RESOURCES);
}

static void test_resource_directory_that_contains_itself_is_refused(void **state)
{
    reset();
    rsrc_dir(0x00, 1, 0x80000000u | 0x00);
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x20), PE_E_RESOURCES);
}

/* Directories sharing one subdirectory: n x n entries to visit. The
 * walk's budget (2^18 entries) refuses 600 x 600 but not 400 x 400. */
static void test_resource_walk_is_bounded_for_shared_subdirectories(void **state)
{
    reset();
    rsrc_dir(0x0, 400, 0x80000000u | 0x2000);
    rsrc_dir(0x2000, 400, 0x4000);
    pb_put32(tbl + 0x4000, tbl_rva);
    pb_put32(tbl + 0x4004, 4);
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x4010), PE_OK);
    reset();
    rsrc_dir(0x0, 600, 0x80000000u | 0x2000);
    rsrc_dir(0x2000, 600, 0x4000);
    pb_put32(tbl + 0x4000, tbl_rva);
    pb_put32(tbl + 0x4004, 4);
    assert_int_equal(parse_with(DIR_RESOURCE, 0, 0x4010), PE_E_RESOURCES);
}

/* ---- Delay-load imports ---------------------------------------------------- */

/* One descriptor at tbl+0 (dlattrRva, or VAs when va), name "x.dll", a
 * handle slot, IAT and INT with one import by name and one by ordinal. */
static void delay_desc(int va, uint32_t iat)
{
    uint32_t b = va ? BASE : 0;

    pb_put32(tbl, va ? 0 : 1);
    pb_put32(tbl + 4, b + tbl_rva + 0x100);
    pb_put32(tbl + 8, b + tbl_rva + 0x110);
    pb_put32(tbl + 12, iat ? iat : b + tbl_rva + 0x120);
    pb_put32(tbl + 16, b + tbl_rva + 0x140);
    memcpy(tbl + 0x100, "x.dll", 6);
    pb_put32(tbl + 0x140, b + tbl_rva + 0x160);  /* by name */
    pb_put32(tbl + 0x144, 0x80000002u);          /* by ordinal */
    memcpy(tbl + 0x162, "Func", 5);
}

static void test_delay_imports_with_rvas_are_accepted(void **state)
{
    reset();
    delay_desc(0, 0);
    assert_int_equal(parse_with(DIR_DELAY_IMPORT, 0, 64), PE_OK);
}

static void test_vc6_delay_imports_with_vas_are_accepted(void **state)
{
    reset();
    delay_desc(1, 0);
    assert_int_equal(parse_with(DIR_DELAY_IMPORT, 0, 64), PE_OK);
}

static void test_delay_import_iat_outside_the_image_is_refused(void **state)
{
    reset();
    delay_desc(0, 0xfffffff0u);
    assert_int_equal(parse_with(DIR_DELAY_IMPORT, 0, 64), PE_E_DELAY_IMPORTS);
}

static void test_delay_import_name_unterminated_is_refused(void **state)
{
    reset();
    delay_desc(0, 0);
    pb_put32(tbl + 0x140, tbl_rva + TBL_SIZE - 4);   /* hint + 2 chars, no NUL */
    memset(tbl + TBL_SIZE - 2, 'x', 2);
    assert_int_equal(parse_with(DIR_DELAY_IMPORT, 0, 64), PE_E_DELAY_IMPORTS);
}

static void test_delay_import_without_a_module_handle_slot_is_refused(void **state)
{
    reset();
    delay_desc(0, 0);
    pb_put32(tbl + 8, 0);                   /* rvaHmod */
    assert_int_equal(parse_with(DIR_DELAY_IMPORT, 0, 64), PE_E_DELAY_IMPORTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_config_with_cookie_inside_is_accepted),
        cmocka_unit_test(test_load_config_cookie_outside_the_image_is_refused),
        cmocka_unit_test(test_load_config_fields_past_its_size_are_not_read),
        cmocka_unit_test(test_safeseh_table_outside_the_image_is_refused),
        cmocka_unit_test(test_cfg_table_counts_its_extra_bytes_per_entry),
        cmocka_unit_test(test_three_level_resource_tree_is_accepted),
        cmocka_unit_test(test_resource_data_outside_the_image_is_refused),
        cmocka_unit_test(test_resource_subdirectory_outside_the_file_is_refused),
        cmocka_unit_test(test_resource_name_running_out_of_the_file_is_refused),
        cmocka_unit_test(test_resource_directory_that_contains_itself_is_refused),
        cmocka_unit_test(test_resource_walk_is_bounded_for_shared_subdirectories),
        cmocka_unit_test(test_delay_imports_with_rvas_are_accepted),
        cmocka_unit_test(test_vc6_delay_imports_with_vas_are_accepted),
        cmocka_unit_test(test_delay_import_iat_outside_the_image_is_refused),
        cmocka_unit_test(test_delay_import_name_unterminated_is_refused),
        cmocka_unit_test(test_delay_import_without_a_module_handle_slot_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
