/* The guest code page converters (src/guest/ntdll/codepage.c): the 1252 and
 * 437 tables and UTF-8 <-> UTF-16 with Windows' error handling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest/ntdll/codepage.h"

static void test_cp1252_maps_the_c1_range_to_windows_punctuation(void **state)
{
    (void)state;
    assert_int_equal(codepage_sbcs_decode(1252, 0x80, 0), 0x20ac);
    assert_int_equal(codepage_sbcs_decode(1252, 0x9f, 0), 0x0178);
    assert_int_equal(codepage_sbcs_decode(1252, 0x81, 0), 0x0081);  /* unassigned: itself */
    assert_int_equal(codepage_sbcs_decode(1252, 0xe9, 0), 0x00e9);
    assert_int_equal(codepage_sbcs_encode(1252, 0x20ac), 0x80);
    assert_int_equal(codepage_sbcs_encode(1252, 0x00e9), 0xe9);
    assert_int_equal(codepage_sbcs_encode(1252, 0x0100), -1);
    assert_int_equal(codepage_sbcs_encode(1252, 0x0085), -1);   /* NEL is not in 1252 */
    for (int c = 0; c < 256; c++)
        assert_int_equal(codepage_sbcs_encode(1252, codepage_sbcs_decode(1252, (unsigned char)c, 0)), c);
}

static void test_cp437_round_trips_and_has_glyphs_on_request(void **state)
{
    (void)state;
    assert_int_equal(codepage_sbcs_decode(437, 0x82, 0), 0x00e9);
    assert_int_equal(codepage_sbcs_decode(437, 0xdb, 0), 0x2588);
    assert_int_equal(codepage_sbcs_decode(437, 0x01, 0), 0x0001);
    assert_int_equal(codepage_sbcs_decode(437, 0x01, 1), 0x263a);
    assert_int_equal(codepage_sbcs_decode(437, 0x7f, 1), 0x2302);
    assert_int_equal(codepage_sbcs_decode(437, 0x00, 1), 0x0000);
    for (int c = 0; c < 256; c++)
        assert_int_equal(codepage_sbcs_encode(437, codepage_sbcs_decode(437, (unsigned char)c, 0)), c);
    assert_int_equal(codepage_sbcs_encode(437, 0x20ac), -1);
    assert_true(codepage_is_sbcs(437) && codepage_is_sbcs(1252) && !codepage_is_sbcs(65001));
}

static void test_utf8_decodes_all_lengths_and_surrogate_pairs(void **state)
{
    const unsigned char in[] = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    uint16_t out[8];
    unsigned flags = 0;
    size_t n = codepage_utf8_to_utf16(out, 8, in, sizeof(in) - 1, &flags);

    (void)state;
    assert_int_equal(n, 5);
    assert_int_equal(flags, 0);
    assert_int_equal(out[0], 'A');
    assert_int_equal(out[1], 0xe9);
    assert_int_equal(out[2], 0x20ac);
    assert_int_equal(out[3], 0xd83d);
    assert_int_equal(out[4], 0xde00);
    assert_int_equal(codepage_utf8_to_utf16(NULL, 0, in, sizeof(in) - 1, &flags), 5);
}

static void test_utf8_replaces_each_maximal_invalid_subpart(void **state)
{
    /* lone continuation, truncated 3-byte sequence, overlong '/', encoded
     * surrogate, above U+10FFFF */
    const unsigned char in[] = "\x80" "\xe2\x82" "A" "\xc0\xaf" "\xed\xa0\x80" "\xf4\x90\x80\x80";
    uint16_t out[32];
    unsigned flags = 0;
    size_t n = codepage_utf8_to_utf16(out, 32, in, sizeof(in) - 1, &flags);
    const uint16_t want[] = { 0xfffd, 0xfffd, 'A', 0xfffd, 0xfffd, 0xfffd, 0xfffd, 0xfffd,
                              0xfffd, 0xfffd, 0xfffd, 0xfffd };

    (void)state;
    assert_true(flags & CODEPAGE_INVALID);
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    assert_memory_equal(out, want, sizeof(want));
}

static void test_utf8_reports_overflow_without_splitting_a_pair(void **state)
{
    const unsigned char in[] = "ab\xf0\x9f\x98\x80";
    uint16_t out[3];
    unsigned flags = 0;

    (void)state;
    assert_int_equal(codepage_utf8_to_utf16(out, 3, in, sizeof(in) - 1, &flags), 2);
    assert_true(flags & CODEPAGE_OVERFLOW);
}

static void test_utf16_encodes_and_replaces_lone_surrogates(void **state)
{
    const uint16_t in[] = { 'A', 0xe9, 0x20ac, 0xd83d, 0xde00, 0xd800, 'B', 0xdc00 };
    unsigned char out[32];
    unsigned flags = 0;
    size_t n = codepage_utf16_to_utf8(out, sizeof(out), in, 8, &flags);
    const unsigned char want[] = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd" "B\xef\xbf\xbd";

    (void)state;
    assert_int_equal(n, sizeof(want) - 1);
    assert_memory_equal(out, want, n);
    assert_true(flags & CODEPAGE_INVALID);
    flags = 0;
    assert_int_equal(codepage_utf16_to_utf8(out, 2, in + 2, 1, &flags), 0);
    assert_true(flags & CODEPAGE_OVERFLOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cp1252_maps_the_c1_range_to_windows_punctuation),
        cmocka_unit_test(test_cp437_round_trips_and_has_glyphs_on_request),
        cmocka_unit_test(test_utf8_decodes_all_lengths_and_surrogate_pairs),
        cmocka_unit_test(test_utf8_replaces_each_maximal_invalid_subpart),
        cmocka_unit_test(test_utf8_reports_overflow_without_splitting_a_pair),
        cmocka_unit_test(test_utf16_encodes_and_replaces_lone_surrogates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
