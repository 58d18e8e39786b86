/* The .reg writer (src/nt/regtext_write.c) against text written by hand
 * from regedit's format, and round trips through the parser. Part of the
 * test_regtext program (its main runs these groups too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nt/regtext.h"

int regtext_write_tests(void);
int regtext_roundtrip_tests(void);

/* ASCII or UTF-8 text as UTF-16 (the test's own converter). */
static size_t utf16(const char *s, uint16_t *out)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t o = 0;

    while (*u) {
        uint32_t c = *u++;

        if (c >= 0xF0) {
            c = (c & 7) << 18 | (u[0] & 0x3Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
            u += 3;
        } else if (c >= 0xE0) {
            c = (c & 15) << 12 | (u[0] & 0x3Fu) << 6 | (u[1] & 0x3Fu);
            u += 2;
        } else if (c >= 0xC0) {
            c = (c & 31) << 6 | (u[0] & 0x3Fu);
            u += 1;
        }
        if (c >= 0x10000) {
            out[o++] = (uint16_t)(0xD800 | (c - 0x10000) >> 10);
            c = 0xDC00 | ((c - 0x10000) & 0x3FF);
        }
        out[o++] = (uint16_t)c;
    }
    return o;
}

/* A REG_SZ's data: the string as UTF-16LE with its NUL (size in bytes). */
static size_t sz(const char *s, uint8_t *out)
{
    uint16_t w[512];
    size_t n = utf16(s, w);

    w[n++] = 0;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = (uint8_t)w[i];
        out[2 * i + 1] = (uint8_t)(w[i] >> 8);
    }
    return 2 * n;
}

/* Multi-strings "a\0b\0\0": parts separated by '|', ending in "||". */
static size_t multi(const char *s, uint8_t *out)
{
    size_t n = 0;

    for (; *s; s++) {
        uint16_t c = *s == '|' ? 0 : (uint8_t)*s;

        out[n++] = (uint8_t)c;
        out[n++] = (uint8_t)(c >> 8);
    }
    return n;
}

static struct regtext_buf out;

static void key(const char *path)
{
    uint16_t w[512];

    regtext_write_key(&out, w, utf16(path, w));
}

static void value(enum regtext_version v, const char *name, uint32_t type, const void *data,
                  size_t size)
{
    uint16_t w[512];
    size_t n = name ? utf16(name, w) : 0;

    regtext_write_value(&out, v, name ? w : NULL, n, type, data, size);
}

static const char *text(void)
{
    static char copy[65536];

    assert_false(out.failed);
    assert_true(out.len < sizeof copy);
    memcpy(copy, out.data, out.len);
    copy[out.len] = 0;
    regtext_buf_free(&out);
    return copy;
}

#define BASE "HKEY_CURRENT_USER\\Software\\Wine\\reg_test"

/* The export Wine's reg tests compare with on Windows (complex_test). */
static void test_write_matches_regedit_export(void **state)
{
    uint8_t d[256];
    uint32_t dw;

    regtext_write_header(&out, REGTEXT_V5);
    key(BASE);
    dw = 0x100;
    value(REGTEXT_V5, "DWORD", REGTEXT_REG_DWORD, &dw, 4);
    value(REGTEXT_V5, "String", REGTEXT_REG_SZ, d, sz("Your text here...", d));
    key(BASE "\\Subkey1");
    value(REGTEXT_V5, "Binary", REGTEXT_REG_BINARY, "\x11\x22\x33\x44", 4);
    value(REGTEXT_V5, "Undefined hex", 0x100, "%PATH%", 7);
    key(BASE "\\Subkey2a");
    value(REGTEXT_V5, "double\"quote", REGTEXT_REG_SZ, d, sz("\"Hello, World!\"", d));
    dw = 8;
    value(REGTEXT_V5, "single'quote", REGTEXT_REG_DWORD, &dw, 4);
    key(BASE "\\Subkey2a\\Subkey2b");
    value(REGTEXT_V5, NULL, REGTEXT_REG_SZ, d, sz("Default value name", d));
    value(REGTEXT_V5, "Multiple strings", REGTEXT_REG_MULTI_SZ, d, multi("Line1|Line2|Line3||", d));
    key(BASE "\\Subkey3a");
    value(REGTEXT_V5, "Backslash", REGTEXT_REG_SZ, d, sz("Use \\\\ to escape a backslash", d));
    key(BASE "\\Subkey3a\\Subkey3b");
    key(BASE "\\Subkey3a\\Subkey3b\\Subkey3c");
    value(REGTEXT_V5, "String expansion", REGTEXT_REG_EXPAND_SZ, d, sz("%HOME%\\%PATH%", d));
    value(REGTEXT_V5, "Zero data type", REGTEXT_REG_NONE, "Value", 6);
    key(BASE "\\Subkey4");
    dw = 0x12345678;
    value(REGTEXT_V5, NULL, REGTEXT_REG_DWORD, &dw, 4);
    value(REGTEXT_V5, "43981", 0xabcd, "Value", 6);
    regtext_write_end(&out);
    assert_string_equal(
        text(),
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[" BASE "]\r\n"
        "\"DWORD\"=dword:00000100\r\n"
        "\"String\"=\"Your text here...\"\r\n\r\n"
        "[" BASE "\\Subkey1]\r\n"
        "\"Binary\"=hex:11,22,33,44\r\n"
        "\"Undefined hex\"=hex(100):25,50,41,54,48,25,00\r\n\r\n"
        "[" BASE "\\Subkey2a]\r\n"
        "\"double\\\"quote\"=\"\\\"Hello, World!\\\"\"\r\n"
        "\"single'quote\"=dword:00000008\r\n\r\n"
        "[" BASE "\\Subkey2a\\Subkey2b]\r\n"
        "@=\"Default value name\"\r\n"
        "\"Multiple strings\"=hex(7):4c,00,69,00,6e,00,65,00,31,00,00,00,4c,00,69,00,6e,\\\r\n"
        "  00,65,00,32,00,00,00,4c,00,69,00,6e,00,65,00,33,00,00,00,00,00\r\n\r\n"
        "[" BASE "\\Subkey3a]\r\n"
        "\"Backslash\"=\"Use \\\\\\\\ to escape a backslash\"\r\n\r\n"
        "[" BASE "\\Subkey3a\\Subkey3b]\r\n\r\n"
        "[" BASE "\\Subkey3a\\Subkey3b\\Subkey3c]\r\n"
        "\"String expansion\"=hex(2):25,00,48,00,4f,00,4d,00,45,00,25,00,5c,00,25,00,50,\\\r\n"
        "  00,41,00,54,00,48,00,25,00,00,00\r\n"
        "\"Zero data type\"=hex(0):56,61,6c,75,65,00\r\n\r\n"
        "[" BASE "\\Subkey4]\r\n"
        "@=dword:12345678\r\n"
        "\"43981\"=hex(abcd):56,61,6c,75,65,00\r\n\r\n");
}

static void test_write_empty_data_of_each_type(void **state)
{
    /* The empty_hex_test export of Wine's tests, apart from REG_SZ: see
     * test_write_reg_sz_that_quotes_cannot_hold_as_hex1. */
    regtext_write_header(&out, REGTEXT_V5);
    key("K");
    value(REGTEXT_V5, "Wine1a", REGTEXT_REG_NONE, NULL, 0);
    value(REGTEXT_V5, "Wine1c", REGTEXT_REG_EXPAND_SZ, NULL, 0);
    value(REGTEXT_V5, "Wine1d", REGTEXT_REG_BINARY, NULL, 0);
    value(REGTEXT_V5, "Wine1e", REGTEXT_REG_DWORD, NULL, 0);
    value(REGTEXT_V5, "Wine1f", REGTEXT_REG_MULTI_SZ, NULL, 0);
    value(REGTEXT_V5, "Wine1g", 0x100, NULL, 0);
    value(REGTEXT_V5, "Wine1h", 0xabcd, NULL, 0);
    value(REGTEXT_V5, "empty", REGTEXT_REG_SZ, "\0", 2);
    assert_string_equal(text(), "Windows Registry Editor Version 5.00\r\n\r\n[K]\r\n"
                                "\"Wine1a\"=hex(0):\r\n"
                                "\"Wine1c\"=hex(2):\r\n"
                                "\"Wine1d\"=hex:\r\n"
                                "\"Wine1e\"=hex(4):\r\n"
                                "\"Wine1f\"=hex(7):\r\n"
                                "\"Wine1g\"=hex(100):\r\n"
                                "\"Wine1h\"=hex(abcd):\r\n"
                                "\"empty\"=\"\"\r\n");
}

static void test_write_hex_wraps_within_80_columns(void **state)
{
    uint8_t d[60];
    const char *t, *line;

    for (int i = 0; i < 60; i++)
        d[i] = (uint8_t)i;
    value(REGTEXT_V5, "Bin", REGTEXT_REG_BINARY, d, 60);
    t = text();
    assert_string_equal(
        t, "\"Bin\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,\\\r\n"
           "  17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27,28,29,2a,2b,2c,2d,2e,2f,\\\r\n"
           "  30,31,32,33,34,35,36,37,38,39,3a,3b\r\n");
    for (line = t; *line; line = strstr(line, "\r\n") + 2)
        assert_true(strstr(line, "\r\n") - line <= 80);
}

static void test_write_hex_wrap_boundary(void **state)
{
    uint8_t d[24] = { 0 };

    /* 23 bytes end the first line at column 78 without a continuation;
     * the 24th needs one. */
    value(REGTEXT_V5, "Bin", REGTEXT_REG_BINARY, d, 23);
    assert_string_equal(text(), "\"Bin\"=hex:00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,"
                                "00,00,00,00,00\r\n");
    value(REGTEXT_V5, "Bin", REGTEXT_REG_BINARY, d, 24);
    assert_string_equal(text(), "\"Bin\"=hex:00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,"
                                "00,00,00,00,00,\\\r\n  00\r\n");
    /* The default value's line is shorter: "@=hex:" leaves room for 24. */
    value(REGTEXT_V5, NULL, REGTEXT_REG_BINARY, d, 24);
    assert_string_equal(text(), "@=hex:00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,"
                                "00,00,00,00,00,00\r\n");
}

static void test_write_long_name_wraps_after_the_first_byte(void **state)
{
    char name[80], want[160];

    memset(name, 'n', 70);
    name[70] = 0;
    /* "<70 n>"=hex: is 77 columns already: the first "xx," wraps. */
    value(REGTEXT_V5, name, REGTEXT_REG_BINARY, "\x01\x02\x03", 3);
    snprintf(want, sizeof want, "\"%s\"=hex:01,\\\r\n  02,03\r\n", name);
    assert_string_equal(text(), want);
}

static void test_write_escapes_quotes_and_backslashes(void **state)
{
    uint8_t d[64];

    value(REGTEXT_V5, "a\\b\"c=d", REGTEXT_REG_SZ, d, sz("C:\\x\\\"y\"", d));
    assert_string_equal(text(), "\"a\\\\b\\\"c=d\"=\"C:\\\\x\\\\\\\"y\\\"\"\r\n");
}

static void test_write_non_ascii_as_utf8_in_version_5(void **state)
{
    uint8_t d[64];

    key("HKEY_CURRENT_USER\\Caf\xc3\xa9");
    value(REGTEXT_V5, "\xe2\x82\xac", REGTEXT_REG_SZ, d, sz("\xf0\x9f\x98\x80 \xe6\x97\xa5", d));
    assert_string_equal(text(), "\r\n[HKEY_CURRENT_USER\\Caf\xc3\xa9]\r\n"
                                "\"\xe2\x82\xac\"=\"\xf0\x9f\x98\x80 \xe6\x97\xa5\"\r\n");
}

static void test_write_dword_of_other_sizes_as_hex4(void **state)
{
    value(REGTEXT_V5, "d", REGTEXT_REG_DWORD, "\x01\x02", 2);
    value(REGTEXT_V5, "e", REGTEXT_REG_DWORD, "\x01\x02\x03\x04\x05", 5);
    value(REGTEXT_V5, "be", REGTEXT_REG_DWORD_BIG_ENDIAN, "\x01\x02\x03\x04", 4);
    assert_string_equal(text(), "\"d\"=hex(4):01,02\r\n\"e\"=hex(4):01,02,03,04,05\r\n"
                                "\"be\"=hex(5):01,02,03,04\r\n");
}

static void test_write_qword_as_hex_b(void **state)
{
    value(REGTEXT_V5, "q", REGTEXT_REG_QWORD, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    assert_string_equal(text(), "\"q\"=hex(b):08,07,06,05,04,03,02,01\r\n");
}

static void test_write_reg_sz_that_quotes_cannot_hold_as_hex1(void **state)
{
    /* regedit writes these as "..." and loses data (no NUL, a NUL inside,
     * an odd size, a line break); we keep them whole as hex(1). */
    value(REGTEXT_V5, "nonul", REGTEXT_REG_SZ, "a\0b\0", 4);
    value(REGTEXT_V5, "empty", REGTEXT_REG_SZ, NULL, 0);
    value(REGTEXT_V5, "inner", REGTEXT_REG_SZ, "a\0\0\0b\0\0\0", 8);
    value(REGTEXT_V5, "odd", REGTEXT_REG_SZ, "a\0\0", 3);
    value(REGTEXT_V5, "lf", REGTEXT_REG_SZ, "a\0\n\0\0\0", 6);
    value(REGTEXT_V5, "cr", REGTEXT_REG_SZ, "\r\0\0\0", 4);
    value(REGTEXT_V5, "surrogate", REGTEXT_REG_SZ, "\x00\xd8\0\0", 4);
    assert_string_equal(text(), "\"nonul\"=hex(1):61,00,62,00\r\n"
                                "\"empty\"=hex(1):\r\n"
                                "\"inner\"=hex(1):61,00,00,00,62,00,00,00\r\n"
                                "\"odd\"=hex(1):61,00,00\r\n"
                                "\"lf\"=hex(1):61,00,0a,00,00,00\r\n"
                                "\"cr\"=hex(1):0d,00,00,00\r\n"
                                "\"surrogate\"=hex(1):00,d8,00,00\r\n");
}

static void test_write_name_with_line_break_escaped(void **state)
{
    uint32_t one = 1;

    value(REGTEXT_V5, "a\nb\rc", REGTEXT_REG_DWORD, &one, 4);
    assert_string_equal(text(), "\"a\\nb\\rc\"=dword:00000001\r\n");
}

static void test_write_line_breaks_in_key_and_class_cannot_forge_lines(void **state)
{
    uint16_t cls[32];
    size_t n = utf16("c\n[HKEY_LOCAL_MACHINE\\Evil]", cls);

    key("HKEY_CURRENT_USER\\a\r\n[HKEY_LOCAL_MACHINE\\Evil]");
    regtext_write_key_meta(&out, 1, cls, n);
    assert_string_equal(
        text(), "\r\n[HKEY_CURRENT_USER\\a\xef\xbf\xbd\xef\xbf\xbd[HKEY_LOCAL_MACHINE\\Evil]]\r\n"
                ";@time=0000000000000001\r\n;@class=c\xef\xbf\xbd[HKEY_LOCAL_MACHINE\\Evil]\r\n");
}

static void test_write_key_meta_lines(void **state)
{
    uint16_t cls[16];
    size_t n = utf16("My Class", cls);

    key("HKEY_LOCAL_MACHINE\\Software\\T");
    regtext_write_key_meta(&out, 0x01d2c3b4a5968778ull, cls, n);
    key("HKEY_LOCAL_MACHINE\\Software\\U");
    regtext_write_key_meta(&out, 0, NULL, 0);
    assert_string_equal(text(), "\r\n[HKEY_LOCAL_MACHINE\\Software\\T]\r\n"
                                ";@time=01d2c3b4a5968778\r\n;@class=My Class\r\n"
                                "\r\n[HKEY_LOCAL_MACHINE\\Software\\U]\r\n"
                                ";@time=0000000000000000\r\n");
}

static void test_write_regedit4_in_code_page_1252(void **state)
{
    uint8_t d[64];

    regtext_write_header(&out, REGTEXT_V4);
    key("HKEY_CURRENT_USER\\Caf\xc3\xa9");
    value(REGTEXT_V4, "\xe2\x82\xac", REGTEXT_REG_SZ, d, sz("caf\xc3\xa9", d));
    /* U+263A has no byte in code page 1252: hex(1), kept as UTF-16. */
    value(REGTEXT_V4, "smile", REGTEXT_REG_SZ, d, sz("\xe2\x98\xba", d));
    /* REG_EXPAND_SZ and REG_MULTI_SZ data are ANSI bytes in REGEDIT4. */
    value(REGTEXT_V4, "e", REGTEXT_REG_EXPAND_SZ, d, sz("%A%\xe2\x82\xac", d));
    value(REGTEXT_V4, "m", REGTEXT_REG_MULTI_SZ, d, multi("a|b||", d));
    regtext_write_end(&out);
    assert_string_equal(text(), "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Caf\xe9]\r\n"
                                "\"\x80\"=\"caf\xe9\"\r\n"
                                "\"smile\"=hex(1):3a,26,00,00\r\n"
                                "\"e\"=hex(2):25,41,25,80,00\r\n"
                                "\"m\"=hex(7):61,00,62,00,00\r\n\r\n");
}

static void test_write_grows_and_frees_the_buffer(void **state)
{
    static uint8_t big[100000];

    value(REGTEXT_V5, "big", REGTEXT_REG_BINARY, big, sizeof big);
    assert_false(out.failed);
    /* "big"=hex: (10 columns), 100000 "xx," less the last comma, a
     * "\\\r\n  " after the bytes at index 22, 47, ... 99997 (4000 of
     * them), and the line end. */
    assert_int_equal(out.len, 10 + 100000 * 3 - 1 + 4000 * 5 + 2);
    regtext_buf_free(&out);
    assert_null(out.data);
    assert_int_equal(out.len, 0);
}

int regtext_write_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_matches_regedit_export),
        cmocka_unit_test(test_write_empty_data_of_each_type),
        cmocka_unit_test(test_write_hex_wraps_within_80_columns),
        cmocka_unit_test(test_write_hex_wrap_boundary),
        cmocka_unit_test(test_write_long_name_wraps_after_the_first_byte),
        cmocka_unit_test(test_write_escapes_quotes_and_backslashes),
        cmocka_unit_test(test_write_non_ascii_as_utf8_in_version_5),
        cmocka_unit_test(test_write_dword_of_other_sizes_as_hex4),
        cmocka_unit_test(test_write_qword_as_hex_b),
        cmocka_unit_test(test_write_reg_sz_that_quotes_cannot_hold_as_hex1),
        cmocka_unit_test(test_write_name_with_line_break_escaped),
        cmocka_unit_test(test_write_line_breaks_in_key_and_class_cannot_forge_lines),
        cmocka_unit_test(test_write_key_meta_lines),
        cmocka_unit_test(test_write_regedit4_in_code_page_1252),
        cmocka_unit_test(test_write_grows_and_frees_the_buffer),
    };
    return cmocka_run_group_tests_name("regtext_write", tests, NULL, NULL);
}

/* ---- Round trips: parse(write(x)) == x ---- */

struct item {
    bool is_key;
    uint16_t name[64];
    size_t name_len;
    bool has_name;
    uint32_t type;
    uint8_t *data;
    size_t size;
    uint64_t time;
    bool has_class;
};

static struct item got[64];
static size_t ngot;

static int rt_key(void *c, const uint16_t *p, size_t n, bool d)
{
    assert_true(ngot < 64 && n <= 64 && !d);
    got[ngot].is_key = true;
    memcpy(got[ngot].name, p, n * 2);
    got[ngot++].name_len = n;
    return 0;
}

static int rt_meta(void *c, uint64_t t, const uint16_t *cls, size_t n)
{
    assert_true(ngot > 0 && got[ngot - 1].is_key);
    got[ngot - 1].time = t;
    got[ngot - 1].has_class = cls != NULL;
    got[ngot - 1].size = n;
    got[ngot - 1].data = malloc(n * 2 + 1);
    memcpy(got[ngot - 1].data, cls, n * 2);
    return 0;
}

static int rt_value(void *c, const uint16_t *name, size_t n, uint32_t type, const void *data,
                    size_t size, bool d)
{
    assert_true(ngot < 64 && n <= 64 && !d);
    got[ngot].has_name = name != NULL;
    if (n)
        memcpy(got[ngot].name, name, n * 2);
    got[ngot].name_len = n;
    got[ngot].type = type;
    got[ngot].data = malloc(size + 1);
    if (size)
        memcpy(got[ngot].data, data, size);
    got[ngot++].size = size;
    return 0;
}

static void rt_parse(const void *buf, size_t n)
{
    struct regtext_sink sink = { NULL, rt_key, rt_meta, rt_value };
    struct regtext_error e;
    int rc;

    for (size_t i = 0; i < ngot; i++)
        free(got[i].data);
    memset(got, 0, sizeof got);
    ngot = 0;
    rc = regtext_parse(buf, n, &sink, &e);
    if (rc)
        fail_msg("parse of the writer's output failed: line %u: %s", e.line, e.msg);
}

struct val {
    const char *name; /* UTF-8; NULL: default */
    uint32_t type;
    const void *data;
    size_t size;
};

/* Writes one key with the values, parses it back (as written, and for
 * version 5 also converted to UTF-16LE with a BOM) and compares. */
static void round_trip(enum regtext_version v, const struct val *vals, size_t n)
{
    static uint8_t wide[1 << 20];
    uint16_t w[512], path[64], cls[8];
    size_t wl = utf16("HKEY_CURRENT_USER\\Software\\Round \xc3\xa9", path);

    regtext_buf_free(&out);
    regtext_write_header(&out, v);
    regtext_write_key(&out, path, wl);
    regtext_write_key_meta(&out, 0x0123456789abcdefull, cls, utf16("cl", cls));
    for (size_t i = 0; i < n; i++)
        value(v, vals[i].name, vals[i].type, vals[i].data, vals[i].size);
    regtext_write_end(&out);
    assert_false(out.failed);
    for (int pass = 0; pass < (v == REGTEXT_V5 ? 2 : 1); pass++) {
        if (pass == 0) {
            rt_parse(out.data, out.len);
        } else {
            /* The UTF-16 file `--reg export` makes of it. */
            uint16_t *u = malloc((out.len + 1) * 2);
            char *z = malloc(out.len + 1);
            size_t un;

            memcpy(z, out.data, out.len);
            z[out.len] = 0;
            un = utf16(z, u);
            assert_true(2 + un * 2 <= sizeof wide);
            wide[0] = 0xFF;
            wide[1] = 0xFE;
            for (size_t i = 0; i < un; i++) {
                wide[2 + 2 * i] = (uint8_t)u[i];
                wide[3 + 2 * i] = (uint8_t)(u[i] >> 8);
            }
            rt_parse(wide, 2 + un * 2);
            free(u);
            free(z);
        }
        assert_int_equal(ngot, n + 1);
        assert_true(got[0].is_key);
        assert_int_equal(got[0].name_len, wl);
        assert_memory_equal(got[0].name, path, wl * 2);
        assert_true(got[0].time == 0x0123456789abcdefull && got[0].has_class);
        assert_int_equal(got[0].size, 2);
        for (size_t i = 0; i < n; i++) {
            struct item *g = &got[i + 1];
            size_t nl = vals[i].name ? utf16(vals[i].name, w) : 0;

            if (g->type != vals[i].type || g->size != vals[i].size ||
                g->has_name != (vals[i].name != NULL) || g->name_len != nl)
                fail_msg("pass %d value %zu (%s): type %x size %zu, want type %x size %zu", pass, i,
                         vals[i].name ? vals[i].name : "@", g->type, g->size, vals[i].type,
                         vals[i].size);
            assert_memory_equal(g->name, w, nl * 2);
            if (vals[i].size)
                assert_memory_equal(g->data, vals[i].data, vals[i].size);
        }
    }
    regtext_buf_free(&out);
}

static uint8_t big_bin[100000], big_sz[60002];

static void test_round_trip_every_type_version5(void **state)
{
    static uint8_t s1[128], s2[128], s3[128], e1[128], m1[128];
    static const uint8_t q[8] = { 1, 2, 3, 4, 5, 6, 7, 0x80 };
    const struct val vals[] = {
        { "sz", REGTEXT_REG_SZ, s1, sz("plain text", s1) },
        { "empty sz", REGTEXT_REG_SZ, "\0", 2 },
        { "no nul", REGTEXT_REG_SZ, "a\0b\0", 4 },
        { "no data", REGTEXT_REG_SZ, NULL, 0 },
        { "inner nul", REGTEXT_REG_SZ, "a\0\0\0b\0\0\0", 8 },
        { "odd", REGTEXT_REG_SZ, "abc", 3 },
        { "line\nbreak", REGTEXT_REG_SZ, "a\0\r\0\n\0\0\0", 8 },
        { "lone surrogate", REGTEXT_REG_SZ, "\x00\xdc\0\0", 4 },
        { "non-ascii \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", REGTEXT_REG_SZ, s2,
          sz("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xc3\xa9", s2) },
        { "q\"u\\o=t[e]@;", REGTEXT_REG_SZ, s3, sz("\\\"\\\\ \"=\" ;x", s3) },
        { NULL, REGTEXT_REG_SZ, s1, sz("default", s1) },
        { "", REGTEXT_REG_DWORD, "\x78\x56\x34\x12", 4 },
        { "dword short", REGTEXT_REG_DWORD, "\x01", 1 },
        { "be", REGTEXT_REG_DWORD_BIG_ENDIAN, "\x12\x34\x56\x78", 4 },
        { "expand", REGTEXT_REG_EXPAND_SZ, e1, sz("%SystemRoot%\\x \xc3\xa9", e1) },
        { "multi", REGTEXT_REG_MULTI_SZ, m1, multi("one|two|||", m1) },
        { "empty binary", REGTEXT_REG_BINARY, NULL, 0 },
        { "binary", REGTEXT_REG_BINARY, "\x00\xff\x10", 3 },
        { "none", REGTEXT_REG_NONE, "\x01", 1 },
        { "link", REGTEXT_REG_LINK, "\\\0R\0", 4 },
        { "qword", REGTEXT_REG_QWORD, q, 8 },
        { "type ffffffff", 0xffffffffu, "\x01\x02", 2 },
        { "big binary", REGTEXT_REG_BINARY, big_bin, sizeof big_bin },
        { "big string", REGTEXT_REG_SZ, big_sz, sizeof big_sz },
    };

    for (size_t i = 0; i < sizeof big_bin; i++)
        big_bin[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < sizeof big_sz / 2 - 1; i++) {
        big_sz[2 * i] = (uint8_t)('a' + i % 26);
        big_sz[2 * i + 1] = (uint8_t)(i % 3 == 0 ? 0x04 : 0); /* some Cyrillic */
    }
    round_trip(REGTEXT_V5, vals, sizeof vals / sizeof *vals);
}

static void test_round_trip_regedit4(void **state)
{
    static uint8_t s1[128], s2[128], e1[128], m1[128];
    const struct val vals[] = {
        { "sz", REGTEXT_REG_SZ, s1, sz("caf\xc3\xa9 \xe2\x82\xac", s1) },
        { "not in 1252", REGTEXT_REG_SZ, s2, sz("\xe2\x98\xba", s2) },
        { "no nul", REGTEXT_REG_SZ, "a\0", 2 },
        { "q\"u\\o", REGTEXT_REG_SZ, "\0", 2 },
        { NULL, REGTEXT_REG_DWORD, "\x01\x00\x00\x00", 4 },
        { "expand", REGTEXT_REG_EXPAND_SZ, e1, sz("%A%\\\xc3\xa9", e1) },
        { "multi", REGTEXT_REG_MULTI_SZ, m1, multi("x|y||", m1) },
        { "binary", REGTEXT_REG_BINARY, "\x00\xff", 2 },
        { "qword", REGTEXT_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8 },
        { "big", REGTEXT_REG_BINARY, big_bin, 5000 },
    };

    round_trip(REGTEXT_V4, vals, sizeof vals / sizeof *vals);
}

static void test_round_trip_every_byte_value(void **state)
{
    static uint8_t all[256];
    const struct val vals[] = {
        { "bytes", REGTEXT_REG_BINARY, all, 256 },
        { "bytes as none", REGTEXT_REG_NONE, all, 256 },
    };

    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    round_trip(REGTEXT_V5, vals, 2);
    round_trip(REGTEXT_V4, vals, 2);
}

int regtext_roundtrip_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_every_type_version5),
        cmocka_unit_test(test_round_trip_regedit4),
        cmocka_unit_test(test_round_trip_every_byte_value),
    };
    int failed = cmocka_run_group_tests_name("regtext_roundtrip", tests, NULL, NULL);

    for (size_t i = 0; i < ngot; i++)
        free(got[i].data);
    return failed;
}
