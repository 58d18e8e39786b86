/* The .reg text parser and writer (src/nt/regtext*.c). Expected output is
 * written by hand from regedit's documented format (Microsoft's "How to
 * add, modify, or delete registry subkeys and values by using a .reg
 * file", and the exports Wine's reg/regedit tests check on Windows). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nt/regtext.h"

#define V5 "Windows Registry Editor Version 5.00\r\n"

/* ---- A sink that renders what it is told as text ---- */

struct log {
    char text[65536];
    size_t len;
    int stop_at; /* return 42 from the stop_at-th callback (1-based), 0: never */
    int calls;
};

static void logf_(struct log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(struct log *l, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    l->len += (size_t)vsnprintf(l->text + l->len, sizeof l->text - l->len, fmt, ap);
    va_end(ap);
    assert_true(l->len < sizeof l->text);
}

static void log_units(struct log *l, const uint16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7F)
            logf_(l, "%c", (char)s[i]);
        else
            logf_(l, "<%04x>", s[i]);
    }
}

static int on_key(void *ctx, const uint16_t *path, size_t len, bool del)
{
    struct log *l = ctx;

    logf_(l, "[%s", del ? "-" : "");
    log_units(l, path, len);
    logf_(l, "]\n");
    return ++l->calls == l->stop_at ? 42 : 0;
}

static int on_meta(void *ctx, uint64_t t, const uint16_t *cls, size_t len)
{
    struct log *l = ctx;

    logf_(l, "meta %016llx ", (unsigned long long)t);
    if (cls) {
        logf_(l, "class=");
        log_units(l, cls, len);
    } else {
        logf_(l, "noclass");
    }
    logf_(l, "\n");
    return ++l->calls == l->stop_at ? 42 : 0;
}

static int on_value(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                    size_t size, bool del)
{
    struct log *l = ctx;
    const uint8_t *d = data;

    if (name) {
        logf_(l, "\"");
        log_units(l, name, len);
        logf_(l, "\"");
    } else {
        assert_int_equal(len, 0);
        logf_(l, "@");
    }
    if (del) {
        assert_int_equal(size, 0);
        logf_(l, "=-\n");
    } else {
        logf_(l, "=%x:", (unsigned)type);
        for (size_t i = 0; i < size; i++)
            logf_(l, "%s%02x", i ? "," : "", d[i]);
        logf_(l, "\n");
    }
    return ++l->calls == l->stop_at ? 42 : 0;
}

static struct log logbuf;
static struct regtext_error err;

static int parse_n(const void *buf, size_t n)
{
    struct regtext_sink sink = { &logbuf, on_key, on_meta, on_value };
    int stop = logbuf.stop_at;

    memset(&logbuf, 0, sizeof logbuf);
    logbuf.stop_at = stop;
    memset(&err, 0x55, sizeof err);
    return regtext_parse(buf, n, &sink, &err);
}

static int parse(const char *text)
{
    return parse_n(text, strlen(text));
}

static int setup(void **state)
{
    memset(&logbuf, 0, sizeof logbuf);
    return 0;
}

/* Parses and compares the log; on an error, shows it. */
#define expect_parse(input, want)                                                                  \
    do {                                                                                           \
        int rc_ = parse(input);                                                                    \
        if (rc_)                                                                                   \
            fail_msg("parse failed (%d): line %u: %s", rc_, err.line, err.msg);                    \
        assert_string_equal(logbuf.text, want);                                                    \
    } while (0)

#define expect_error(input, want_line, msg_part)                                                   \
    do {                                                                                           \
        int rc_ = parse(input);                                                                    \
        assert_int_equal(rc_, -1);                                                                 \
        if (err.line != (want_line) || !strstr(err.msg, msg_part))                                 \
            fail_msg("got line %u \"%s\", want line %u \"...%s...\"", err.line, err.msg,           \
                     (unsigned)(want_line), msg_part);                                             \
    } while (0)

/* ---- Syntax elements ---- */

static void test_parse_key_and_string_value(void **state)
{
    expect_parse(V5 "\r\n[HKEY_CURRENT_USER\\Software\\Test]\r\n\"Name\"=\"Value\"\r\n\r\n",
                 "[HKEY_CURRENT_USER\\Software\\Test]\n"
                 "\"Name\"=1:56,00,61,00,6c,00,75,00,65,00,00,00\n");
}

static void test_parse_default_value(void **state)
{
    expect_parse(V5 "[HKLM\\A]\r\n@=\"x\"\r\n@=dword:00000001\r\n",
                 "[HKLM\\A]\n@=1:78,00,00,00\n@=4:01,00,00,00\n");
}

static void test_parse_empty_string_has_its_nul(void **state)
{
    expect_parse(V5 "[K]\r\n\"\"=\"\"\r\n", "[K]\n\"\"=1:00,00\n");
}

static void test_parse_string_escapes(void **state)
{
    /* \\ and \" as regedit writes them; \n and \r as Wine writes them; a
     * backslash before anything else stays as written. */
    expect_parse(V5 "[K]\r\n\"a\\\\b\\\"c\"=\"C:\\\\Dir\\\\\\\"q\\\"\"\r\n",
                 "[K]\n\"a\\b\"c\"=1:43,00,3a,00,5c,00,44,00,69,00,72,00,5c,00,22,00,71,00,"
                 "22,00,00,00\n");
    expect_parse(V5 "[K]\r\n\"n\\nr\\r\"=\"C:\\Program Files\"\r\n",
                 "[K]\n\"n<000a>r<000d>\"=1:43,00,3a,00,5c,00,50,00,72,00,6f,00,67,00,72,00,61,00,"
                 "6d,00,20,00,46,00,69,00,6c,00,65,00,73,00,00,00\n");
}

static void test_parse_names_with_equals_brackets_and_at(void **state)
{
    expect_parse(V5 "[K]\r\n\"a=b\"=dword:1\r\n\"[x]\"=dword:2\r\n\"@\"=dword:3\r\n",
                 "[K]\n\"a=b\"=4:01,00,00,00\n\"[x]\"=4:02,00,00,00\n\"@\"=4:03,00,00,00\n");
}

static void test_parse_blanks_around_equals_and_indented_lines(void **state)
{
    expect_parse(V5 "  [K]\r\n\t\"a\" = \"b\"  \r\n  @ =\tdword:ff ; note\r\n",
                 "[K]\n\"a\"=1:62,00,00,00\n@=4:ff,00,00,00\n");
}

static void test_parse_dword_forms(void **state)
{
    expect_parse(V5 "[K]\r\n\"a\"=dword:0000000A\r\n\"b\"=dword:ffffffff\r\n\"c\"=DWORD:1\r\n",
                 "[K]\n\"a\"=4:0a,00,00,00\n\"b\"=4:ff,ff,ff,ff\n\"c\"=4:01,00,00,00\n");
    expect_parse(V5 "[K]\r\n\"a\"=dword:12345678\r\n", "[K]\n\"a\"=4:78,56,34,12\n");
    expect_parse(V5 "[K]\r\n\"a\"=dword: 1f ;c\r\n", "[K]\n\"a\"=4:1f,00,00,00\n");
}

static void test_parse_hex_binary(void **state)
{
    expect_parse(V5 "[K]\r\n\"b\"=hex:00,ff,7F,a,10\r\n", "[K]\n\"b\"=3:00,ff,7f,0a,10\n");
}

static void test_parse_hex_typed(void **state)
{
    expect_parse(V5 "[K]\r\n"
                    "\"n\"=hex(0):01\r\n"
                    "\"s\"=hex(1):41,00,00,00\r\n"
                    "\"e\"=hex(2):25,00,00,00\r\n"
                    "\"d\"=hex(4):01,02,03,04\r\n"
                    "\"be\"=hex(5):01,02,03,04\r\n"
                    "\"l\"=hex(6):41,00\r\n"
                    "\"m\"=hex(7):41,00,00,00,00,00\r\n"
                    "\"q\"=hex(b):01,00,00,00,00,00,00,00\r\n"
                    "\"u\"=hex(100):01\r\n"
                    "\"U\"=hex(ABCD):01\r\n"
                    "\"max\"=hex(ffffffff):01\r\n",
                 "[K]\n\"n\"=0:01\n\"s\"=1:41,00,00,00\n\"e\"=2:25,00,00,00\n\"d\"=4:01,02,03,04\n"
                 "\"be\"=5:01,02,03,04\n\"l\"=6:41,00\n\"m\"=7:41,00,00,00,00,00\n"
                 "\"q\"=b:01,00,00,00,00,00,00,00\n\"u\"=100:01\n\"U\"=abcd:01\n"
                 "\"max\"=ffffffff:01\n");
}

static void test_parse_empty_hex(void **state)
{
    expect_parse(V5 "[K]\r\n\"a\"=hex:\r\n\"b\"=hex(1):\r\n\"c\"=hex(7):  \r\n",
                 "[K]\n\"a\"=3:\n\"b\"=1:\n\"c\"=7:\n");
}

static void test_parse_hex_continuation_lines(void **state)
{
    expect_parse(V5 "[K]\r\n"
                    "\"b\"=hex:01,02,\\\r\n"
                    "  03,04 , \\\r\n"
                    "\t05\r\n"
                    "\"c\"=dword:1\r\n",
                 "[K]\n\"b\"=3:01,02,03,04,05\n\"c\"=4:01,00,00,00\n");
    /* Comment lines between continued lines, and a continuation right
     * after the type. */
    expect_parse(V5 "[K]\r\n\"b\"=hex(2):\\\n  ; comment\n  41,00,\\\n  00,00\n",
                 "[K]\n\"b\"=2:41,00,00,00\n");
}

static void test_parse_value_deletion(void **state)
{
    expect_parse(V5 "[K]\r\n\"gone\"=-\r\n@=-\r\n", "[K]\n\"gone\"=-\n@=-\n");
}

static void test_parse_key_deletion_ignores_its_values(void **state)
{
    expect_parse(V5 "[-HKEY_CURRENT_USER\\Software\\Old]\r\n\"a\"=\"b\"\r\n\"c\"=hex:01,\\\r\n"
                    "  02\r\n[HKCU\\New]\r\n\"d\"=dword:2\r\n",
                 "[-HKEY_CURRENT_USER\\Software\\Old]\n[HKCU\\New]\n\"d\"=4:02,00,00,00\n");
}

static void test_parse_key_name_up_to_the_last_bracket(void **state)
{
    expect_parse(V5 "[K\\a]b]\r\n[K\\c] \r\n", "[K\\a]b]\n[K\\c]\n");
}

static void test_parse_comments_and_blank_lines(void **state)
{
    expect_parse(V5
                 "; a comment\r\n\r\n   \r\n[K]\r\n;\"x\"=\"y\"\r\n  ; [L]\r\n\"a\"=\"b\" ; c\r\n",
                 "[K]\n\"a\"=1:62,00,00,00\n");
}

static void test_parse_header_only_reports_nothing(void **state)
{
    expect_parse("Windows Registry Editor Version 5.00", "");
    expect_parse("REGEDIT4\r\n", "");
    expect_parse("Windows Registry Editor Version 5.00  \n\n", "");
    expect_parse(" \tREGEDIT4\t\r\n[K\xe9]\r\n", "[K<00e9>]\n");
}

static void test_parse_lf_and_cr_line_ends(void **state)
{
    expect_parse("Windows Registry Editor Version 5.00\n[K]\n\"a\"=dword:1\n",
                 "[K]\n\"a\"=4:01,00,00,00\n");
    expect_parse("Windows Registry Editor Version 5.00\r[K]\r\"a\"=dword:1",
                 "[K]\n\"a\"=4:01,00,00,00\n");
    /* CRLF is one line end, CR CR two: the error is on line 4 in both. */
    expect_error(V5 "\r\n[K]\r\nbad\r\n", 4, "unexpected");
    expect_error("Windows Registry Editor Version 5.00\r\r[K]\rbad", 4, "unexpected");
}

static void test_parse_extension_lines(void **state)
{
    expect_parse(V5 "[K]\r\n;@time=01d2c3b4a5968778\r\n;@class=My Class\r\n\"a\"=dword:1\r\n",
                 "[K]\nmeta 01d2c3b4a5968778 class=My Class\n\"a\"=4:01,00,00,00\n");
    /* Time only, class only (an empty one too), and a key with no values. */
    expect_parse(V5 "[K]\r\n;@time=00000000000000FF\r\n\r\n[L]\r\n;@class=\r\n[M]\r\n;@class=x\r\n",
                 "[K]\nmeta 00000000000000ff noclass\n[L]\nmeta 0000000000000000 class=\n"
                 "[M]\nmeta 0000000000000000 class=x\n");
}

static void test_parse_extension_lines_after_values_are_comments(void **state)
{
    expect_parse(V5 "[K]\r\n\"a\"=dword:1\r\n;@time=zz\r\n;@class=x\r\n",
                 "[K]\n\"a\"=4:01,00,00,00\n");
    expect_parse(V5 ";@time=0000000000000001\r\n[-K]\r\n;@time=0000000000000001\r\n", "[-K]\n");
}

static void test_parse_without_meta_callback(void **state)
{
    static const char text[] = V5 "[K]\r\n;@time=0000000000000001\r\n\"a\"=dword:1\r\n";
    struct regtext_sink sink = { &logbuf, on_key, NULL, on_value };

    memset(&logbuf, 0, sizeof logbuf);
    assert_int_equal(regtext_parse(text, strlen(text), &sink, &err), 0);
    assert_string_equal(logbuf.text, "[K]\n\"a\"=4:01,00,00,00\n");
}

/* ---- Encodings ---- */

/* UTF-8 to UTF-16LE bytes with a BOM (the test's own converter). */
static size_t to_utf16le(const char *s, uint8_t *out)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t o = 0;

    out[o++] = 0xFF;
    out[o++] = 0xFE;
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
            uint32_t hi = 0xD800 | (c - 0x10000) >> 10, lo = 0xDC00 | ((c - 0x10000) & 0x3FF);

            out[o++] = (uint8_t)hi;
            out[o++] = (uint8_t)(hi >> 8);
            c = lo;
        }
        out[o++] = (uint8_t)c;
        out[o++] = (uint8_t)(c >> 8);
    }
    return o;
}

static void test_parse_utf16le_with_bom(void **state)
{
    static uint8_t buf[512];
    size_t n =
        to_utf16le(V5 "\r\n[HKCU\\Caf\xc3\xa9]\r\n\"\xe2\x82\xac\"=\"\xf0\x9f\x98\x80\"\r\n", buf);

    assert_int_equal(parse_n(buf, n), 0);
    assert_string_equal(logbuf.text, "[HKCU\\Caf<00e9>]\n\"<20ac>\"=1:3d,d8,00,de,00,00\n");
    /* An odd trailing byte is not a character. */
    assert_int_equal(parse_n(buf, n + 1), 0);
}

static void test_parse_utf8_with_bom(void **state)
{
    expect_parse("\xef\xbb\xbf" V5 "[K]\r\n\"\xc3\xa9\"=\"\xe6\x97\xa5\"\r\n",
                 "[K]\n\"<00e9>\"=1:e5,65,00,00\n");
}

static void test_parse_utf8_without_bom(void **state)
{
    expect_parse(V5 "[K\\\xc3\xbc]\r\n@=\"\xf0\x9f\x98\x80\"\r\n",
                 "[K\\<00fc>]\n@=1:3d,d8,00,de,00,00\n");
}

static void test_parse_bad_utf8_becomes_replacement_characters(void **state)
{
    /* A lone continuation byte, an overlong '/', an encoded surrogate and
     * a truncated sequence at the end of the line. */
    expect_parse(V5 "[K]\r\n@=\"\x80\xc0\xaf\xed\xa0\x80\xe2\x82\"\r\n",
                 "[K]\n@=1:fd,ff,fd,ff,fd,ff,fd,ff,fd,ff,fd,ff,fd,ff,fd,ff,00,00\n");
}

static void test_parse_regedit4_is_code_page_1252(void **state)
{
    /* 0xE9 is e acute, 0x80 the euro sign, 0x9F Y diaeresis. */
    expect_parse("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Caf\xe9]\r\n\"\x80\"=\"\x9f\"\r\n",
                 "[HKEY_CURRENT_USER\\Caf<00e9>]\n\"<20ac>\"=1:78,01,00,00\n");
}

static void test_parse_regedit4_hex_strings_are_ansi(void **state)
{
    /* REGEDIT4 writes REG_EXPAND_SZ and REG_MULTI_SZ data as ANSI bytes;
     * they are widened on import. Other types stay as they are. */
    expect_parse("REGEDIT4\r\n[K]\r\n\"e\"=hex(2):25,41,25,00\r\n\"m\"=hex(7):e9,00,80,00,00\r\n"
                 "\"b\"=hex:e9,00\r\n\"s\"=hex(1):41,00,00,00\r\n",
                 "[K]\n\"e\"=2:25,00,41,00,25,00,00,00\n"
                 "\"m\"=7:e9,00,00,00,ac,20,00,00,00,00\n\"b\"=3:e9,00\n\"s\"=1:41,00,00,00\n");
}

static void test_parse_regedit4_in_utf8_file_with_bom(void **state)
{
    expect_parse("\xef\xbb\xbfREGEDIT4\r\n[K]\r\n\"\xc3\xa9\"=\"a\"\r\n",
                 "[K]\n\"<00e9>\"=1:61,00,00,00\n");
}

/* ---- Errors ---- */

static void test_error_wrong_header_reports_nothing(void **state)
{
    expect_error("Windows Registry Editor Version 4.00\r\n[K]\r\n\"a\"=\"b\"\r\n", 1, "header");
    assert_string_equal(logbuf.text, "");
    expect_error("[K]\r\n\"a\"=\"b\"\r\n", 1, "header");
    assert_string_equal(logbuf.text, "");
    expect_error("REGEDIT5\r\n[K]\r\n", 1, "header");
    expect_error("\r\nREGEDIT4\r\n[K]\r\n", 1, "header");
    expect_error("REGEDIT 4\r\n[K]\r\n", 1, "header");
    expect_error("", 1, "header");
    expect_error("\xff\xfe", 1, "header");
    assert_string_equal(logbuf.text, "");
}

static void test_error_value_outside_a_key(void **state)
{
    expect_error(V5 "\r\n\"a\"=\"b\"\r\n", 3, "outside a key");
}

static void test_error_key_without_closing_bracket(void **state)
{
    expect_error(V5 "[K]\r\n[HKCU\\Software\r\n", 3, "missing ']'");
    assert_string_equal(logbuf.text, "[K]\n");
}

static void test_error_empty_key_name(void **state)
{
    expect_error(V5 "[]\r\n", 2, "empty key name");
    expect_error(V5 "\n\n[-]\r\n", 4, "empty key name");
}

static void test_error_unterminated_name(void **state)
{
    expect_error(V5 "[K]\r\n\"abc=\"d\r\n", 3, "expected '='");
    expect_error(V5 "[K]\r\n\"abc\\\"=1\r\n", 3, "unterminated value name");
}

static void test_error_missing_equals(void **state)
{
    expect_error(V5 "[K]\r\n\"a\" \"b\"\r\n", 3, "expected '='");
    expect_error(V5 "[K]\r\n@\r\n", 3, "expected '='");
}

static void test_error_unterminated_string(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=\"b\r\n\"\r\n", 3, "unterminated string");
}

static void test_error_text_after_value(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=\"b\" c\r\n", 3, "text after the string");
    expect_error(V5 "[K]\r\n\"a\"=- x\r\n", 3, "text after '-'");
}

static void test_error_bad_dword(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=dword:\r\n", 3, "bad dword");
    expect_error(V5 "[K]\r\n\"a\"=dword:123456789\r\n", 3, "bad dword");
    expect_error(V5 "[K]\r\n\"a\"=dword:12g\r\n", 3, "bad dword");
    expect_error(V5 "[K]\r\n\"a\"=dword:-1\r\n", 3, "bad dword");
}

static void test_error_bad_hex_byte_names_it(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=hex:01,zz,02\r\n", 3, "bad hex byte 'zz'");
    expect_error(V5 "[K]\r\n\"a\"=hex:01,123\r\n", 3, "bad hex byte '123'");
    expect_error(V5 "[K]\r\n\"a\"=hex:01,,02\r\n", 3, "bad hex byte ''");
    expect_error(V5 "[K]\r\n\"a\"=hex:01,\\\r\n  02,0x3\r\n", 4, "bad hex byte '0x3'");
}

static void test_error_hex_bytes_need_commas(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=hex:01 02\r\n", 3, "expected ','");
}

static void test_error_bad_hex_type(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=hex():01\r\n", 3, "hex(type)");
    expect_error(V5 "[K]\r\n\"a\"=hex(1:01\r\n", 3, "hex(type)");
    expect_error(V5 "[K]\r\n\"a\"=hex(100000000):01\r\n", 3, "hex(type)");
    expect_error(V5 "[K]\r\n\"a\"=hex(", 3, "hex(type)");
}

static void test_error_unknown_value_type(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=qword:1\r\n", 3, "unknown value type");
    expect_error(V5 "[K]\r\n\"a\"=\r\n", 3, "unknown value type");
    expect_error(V5 "[K]\r\n\"a\"=b\r\n", 3, "unknown value type");
}

static void test_parse_continuation_skips_blank_and_comment_lines(void **state)
{
    expect_parse(V5 "[K]\r\n\"a\"=hex:01,\\\r\n\r\n  ; note\r\n\t\r\n  02\r\n\"b\"=dword:1\r\n",
                 "[K]\n\"a\"=3:01,02\n\"b\"=4:01,00,00,00\n");
}

static void test_parse_end_of_file_ends_continued_hex_data(void **state)
{
    /* As regedit reads it: the value is complete at the end of the file. */
    expect_parse(V5 "[K]\r\n\"a\"=hex:01,\\", "[K]\n\"a\"=3:01\n");
    expect_parse(V5 "[K]\r\n\"a\"=hex:01,\\\r\n", "[K]\n\"a\"=3:01\n");
    expect_parse(V5 "[K]\r\n\"a\"=hex:01,\\\r\n\r\n; end\r\n", "[K]\n\"a\"=3:01\n");
}

static void test_error_continuation_onto_a_line_without_hex(void **state)
{
    /* regedit drops the value and that line; we say so. */
    expect_error(V5 "[K]\r\n\"a\"=hex:01,\\\r\n\"b\"=dword:1\r\n", 4, "hex bytes expected");
    expect_error(V5 "[K]\r\n\"a\"=hex:01,\\\r\n\r\n[L]\r\n", 5, "hex bytes expected");
    assert_string_equal(logbuf.text, "[K]\n");
}

static void test_error_text_after_continuation(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=hex:01,\\ 02\r\n", 3, "text after '\\'");
}

static void test_error_bad_time_line(void **state)
{
    expect_error(V5 "[K]\r\n;@time=123\r\n", 3, ";@time");
    expect_error(V5 "[K]\r\n;@time=0123456789abcdef0\r\n", 3, ";@time");
    expect_error(V5 "[K]\r\n;@time=0123456789abcdeg\r\n", 3, ";@time");
}

static void test_error_unexpected_line(void **state)
{
    expect_error(V5 "[K]\r\nname=value\r\n", 3, "unexpected");
    expect_error(V5 "[K]\r\n# comment\r\n", 3, "unexpected");
}

static void test_error_stops_after_reporting_earlier_items(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=dword:1\r\n\"b\"=hex:zz\r\n\"c\"=dword:2\r\n", 4, "bad hex byte");
    assert_string_equal(logbuf.text, "[K]\n\"a\"=4:01,00,00,00\n");
}

static void test_error_line_counts_continuations(void **state)
{
    expect_error(V5 "[K]\r\n\"a\"=hex:01,\\\r\n 02,\\\r\n 03\r\n\"b\"=bad\r\n", 6,
                 "unknown value type");
}

static void test_null_sink_only_checks(void **state)
{
    static const char good[] = V5 "[K]\r\n;@time=0000000000000001\r\n\"a\"=dword:1\r\n";
    static const char bad[] = V5 "[K]\r\n\"a\"=dword:1\r\n\"b\"=dword:x\r\n";

    assert_int_equal(regtext_parse(good, strlen(good), NULL, NULL), 0);
    assert_int_equal(regtext_parse(bad, strlen(bad), NULL, NULL), -1);
    assert_int_equal(regtext_parse(bad, strlen(bad), NULL, &err), -1);
    assert_int_equal(err.line, 4);
}

static void test_sink_code_stops_the_parse(void **state)
{
    static const char text[] = V5 "[K]\r\n\"a\"=dword:1\r\n\"b\"=dword:2\r\n[L]\r\n";

    logbuf.stop_at = 2;
    assert_int_equal(parse(text), 42);
    assert_string_equal(logbuf.text, "[K]\n\"a\"=4:01,00,00,00\n");
    logbuf.stop_at = 1;
    assert_int_equal(parse(text), 42);
    assert_string_equal(logbuf.text, "[K]\n");
    logbuf.stop_at = 0;
}

/* ---- Robustness (the fuzzer goes further; these run in every build) ---- */

static int quiet_key(void *c, const uint16_t *p, size_t n, bool d)
{
    for (size_t i = 0; i < n; i++)
        (*(size_t *)c) += p[i];
    return 0;
}

static int quiet_meta(void *c, uint64_t t, const uint16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        (*(size_t *)c) += s[i];
    return 0;
}

static int quiet_value(void *c, const uint16_t *name, size_t len, uint32_t type, const void *data,
                       size_t size, bool del)
{
    for (size_t i = 0; i < len; i++)
        (*(size_t *)c) += name[i];
    for (size_t i = 0; i < size; i++)
        (*(size_t *)c) += ((const uint8_t *)data)[i];
    return 0;
}

/* Parses a heap copy of exactly n bytes, so a read past the end shows
 * under ASan. */
static int parse_exact(const void *buf, size_t n)
{
    size_t sum = 0;
    struct regtext_sink sink = { &sum, quiet_key, quiet_meta, quiet_value };
    struct regtext_error e;
    void *copy = malloc(n ? n : 1);
    int rc;

    memcpy(copy, buf, n);
    rc = regtext_parse(copy, n, &sink, &e);
    if (rc) {
        assert_int_equal(rc, -1);
        assert_true(e.line >= 1);
        assert_true(strlen(e.msg) > 0 && strlen(e.msg) < sizeof e.msg);
    }
    free(copy);
    return rc;
}

static const char sample[] =
    V5 "\r\n[HKEY_CURRENT_USER\\Software\\T]\r\n;@time=0123456789abcdef\r\n"
       ";@class=c\r\n@=\"v\\\\\\\"\"\r\n\"d\"=dword:0000000a\r\n"
       "\"h\"=hex(7):41,00,\\\r\n  00,00\r\n\"x\"=-\r\n[-HKCU\\Old]\r\n";

static void test_every_prefix_of_a_file_parses_safely(void **state)
{
    uint8_t wide[1024];
    size_t wn = to_utf16le(sample, wide);

    assert_int_equal(parse_exact(sample, sizeof sample - 1), 0);
    assert_int_equal(parse_exact(wide, wn), 0);
    for (size_t n = 0; n <= sizeof sample - 1; n++)
        parse_exact(sample, n);
    for (size_t n = 0; n <= wn; n++)
        parse_exact(wide, n);
}

static void test_random_and_mutated_inputs_parse_safely(void **state)
{
    uint32_t seed = 12345;
    uint8_t buf[600];
    static const char alphabet[] =
        "[]-\"\\@=:,;()hexdwor0123456789abcdefABCDEF \t\r\n;@time=;@class=\x80\xc3\xff\xfe";

    for (int round = 0; round < 4000; round++) {
        size_t n;

        seed = seed * 1103515245u + 12345u;
        n = (seed >> 8) % sizeof buf;
        if (round % 2) {
            /* The sample with a few bytes changed. */
            n = sizeof sample - 1;
            memcpy(buf, sample, n);
            for (int k = 0; k < 4; k++) {
                seed = seed * 1103515245u + 12345u;
                buf[(seed >> 8) % n] = (uint8_t)alphabet[(seed >> 20) % (sizeof alphabet - 1)];
            }
        } else {
            /* The header, then characters that mean something. */
            memcpy(buf, V5, strlen(V5));
            for (size_t i = strlen(V5); i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[i] = (uint8_t)alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
            if (n < strlen(V5))
                n = strlen(V5);
        }
        parse_exact(buf, n);
    }
}

int regtext_write_tests(void);
int regtext_roundtrip_tests(void);

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_parse_key_and_string_value, setup),
        cmocka_unit_test_setup(test_parse_default_value, setup),
        cmocka_unit_test_setup(test_parse_empty_string_has_its_nul, setup),
        cmocka_unit_test_setup(test_parse_string_escapes, setup),
        cmocka_unit_test_setup(test_parse_names_with_equals_brackets_and_at, setup),
        cmocka_unit_test_setup(test_parse_blanks_around_equals_and_indented_lines, setup),
        cmocka_unit_test_setup(test_parse_dword_forms, setup),
        cmocka_unit_test_setup(test_parse_hex_binary, setup),
        cmocka_unit_test_setup(test_parse_hex_typed, setup),
        cmocka_unit_test_setup(test_parse_empty_hex, setup),
        cmocka_unit_test_setup(test_parse_hex_continuation_lines, setup),
        cmocka_unit_test_setup(test_parse_value_deletion, setup),
        cmocka_unit_test_setup(test_parse_key_deletion_ignores_its_values, setup),
        cmocka_unit_test_setup(test_parse_key_name_up_to_the_last_bracket, setup),
        cmocka_unit_test_setup(test_parse_comments_and_blank_lines, setup),
        cmocka_unit_test_setup(test_parse_header_only_reports_nothing, setup),
        cmocka_unit_test_setup(test_parse_lf_and_cr_line_ends, setup),
        cmocka_unit_test_setup(test_parse_extension_lines, setup),
        cmocka_unit_test_setup(test_parse_extension_lines_after_values_are_comments, setup),
        cmocka_unit_test_setup(test_parse_without_meta_callback, setup),
        cmocka_unit_test_setup(test_parse_utf16le_with_bom, setup),
        cmocka_unit_test_setup(test_parse_utf8_with_bom, setup),
        cmocka_unit_test_setup(test_parse_utf8_without_bom, setup),
        cmocka_unit_test_setup(test_parse_bad_utf8_becomes_replacement_characters, setup),
        cmocka_unit_test_setup(test_parse_regedit4_is_code_page_1252, setup),
        cmocka_unit_test_setup(test_parse_regedit4_hex_strings_are_ansi, setup),
        cmocka_unit_test_setup(test_parse_regedit4_in_utf8_file_with_bom, setup),
        cmocka_unit_test_setup(test_error_wrong_header_reports_nothing, setup),
        cmocka_unit_test_setup(test_error_value_outside_a_key, setup),
        cmocka_unit_test_setup(test_error_key_without_closing_bracket, setup),
        cmocka_unit_test_setup(test_error_empty_key_name, setup),
        cmocka_unit_test_setup(test_error_unterminated_name, setup),
        cmocka_unit_test_setup(test_error_missing_equals, setup),
        cmocka_unit_test_setup(test_error_unterminated_string, setup),
        cmocka_unit_test_setup(test_error_text_after_value, setup),
        cmocka_unit_test_setup(test_error_bad_dword, setup),
        cmocka_unit_test_setup(test_error_bad_hex_byte_names_it, setup),
        cmocka_unit_test_setup(test_error_hex_bytes_need_commas, setup),
        cmocka_unit_test_setup(test_error_bad_hex_type, setup),
        cmocka_unit_test_setup(test_error_unknown_value_type, setup),
        cmocka_unit_test_setup(test_parse_continuation_skips_blank_and_comment_lines, setup),
        cmocka_unit_test_setup(test_parse_end_of_file_ends_continued_hex_data, setup),
        cmocka_unit_test_setup(test_error_continuation_onto_a_line_without_hex, setup),
        cmocka_unit_test_setup(test_error_text_after_continuation, setup),
        cmocka_unit_test_setup(test_error_bad_time_line, setup),
        cmocka_unit_test_setup(test_error_unexpected_line, setup),
        cmocka_unit_test_setup(test_error_stops_after_reporting_earlier_items, setup),
        cmocka_unit_test_setup(test_error_line_counts_continuations, setup),
        cmocka_unit_test_setup(test_null_sink_only_checks, setup),
        cmocka_unit_test_setup(test_sink_code_stops_the_parse, setup),
        cmocka_unit_test(test_every_prefix_of_a_file_parses_safely),
        cmocka_unit_test(test_random_and_mutated_inputs_parse_safely),
    };
    int failed = cmocka_run_group_tests_name("regtext_parse", tests, NULL, NULL);

    failed += regtext_write_tests();
    failed += regtext_roundtrip_tests();
    return failed;
}
