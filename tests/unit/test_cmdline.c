/* Command lines built from argv must parse back to the same argv under
 * Microsoft's documented rules ("Parsing C command-line arguments"). The
 * parser here is written from that page, independently of the builder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "loader/cmdline.h"

/* The documented parse of arguments after the program name. */
static int parse(const char *p, char out[][64], int max)
{
    int n = 0;

    /* argv[0]: up to the first unquoted blank, quotes toggle, no escapes. */
    {
        bool q = false;
        int k = 0;
        for (; *p && (q || (*p != ' ' && *p != '\t')); p++)
            if (*p == '"')
                q = !q;
            else
                out[n][k++] = *p;
        out[n++][k] = 0;
    }
    for (;;) {
        bool q = false;
        int k = 0;

        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || n == max)
            return n;
        for (; *p && (q || (*p != ' ' && *p != '\t'));) {
            int bs = 0;
            while (*p == '\\')
                p++, bs++;
            if (*p == '"') {
                for (int i = 0; i < bs / 2; i++)
                    out[n][k++] = '\\';
                if (bs % 2)
                    out[n][k++] = '"', p++;
                else if (q && p[1] == '"')
                    out[n][k++] = '"', p += 2; /* "" inside quotes is a literal quote */
                else
                    q = !q, p++;
            } else {
                for (int i = 0; i < bs; i++)
                    out[n][k++] = '\\';
                if (*p && (q || (*p != ' ' && *p != '\t')))
                    out[n][k++] = *p++;
            }
        }
        out[n++][k] = 0;
    }
}

static void roundtrip(int argc, const char *const argv[])
{
    char line[1024], back[16][64];
    int n;

    cmdline_build(argc, argv, line, sizeof line);
    n = parse(line, back, 16);
    assert_int_equal(n, argc);
    for (int i = 0; i < argc; i++)
        assert_string_equal(back[i], argv[i]);
}

static void test_plain_arguments_are_not_quoted(void **state)
{
    const char *argv[] = { "prog.exe", "a", "b" };
    char line[64];

    cmdline_build(3, argv, line, sizeof line);
    assert_string_equal(line, "prog.exe a b");
}

static void test_spaces_and_empty_arguments_are_quoted(void **state)
{
    const char *argv[] = { "prog.exe", "a b", "" };
    char line[64];

    cmdline_build(3, argv, line, sizeof line);
    assert_string_equal(line, "prog.exe \"a b\" \"\"");
    roundtrip(3, argv);
}

static void test_documented_examples_round_trip(void **state)
{
    /* The rows of Microsoft's table, as argv values. */
    const char *a1[] = { "prog", "a b c", "d", "e" };
    const char *a2[] = { "prog", "ab\"c", "\\", "d" };
    const char *a3[] = { "prog", "a\\\\\\b", "de fg", "h" };
    const char *a4[] = { "prog", "a\\\"b", "c", "d" };
    const char *a5[] = { "prog", "a\\\\b c", "d", "e" };

    roundtrip(4, a1);
    roundtrip(4, a2);
    roundtrip(4, a3);
    roundtrip(4, a4);
    roundtrip(4, a5);
}

static void test_trailing_backslashes_before_closing_quote_double(void **state)
{
    const char *argv[] = { "prog", "dir with space\\", "x\\\\" };
    char line[128];

    cmdline_build(3, argv, line, sizeof line);
    assert_string_equal(line, "prog \"dir with space\\\\\" x\\\\");
    roundtrip(3, argv);
}

static void test_program_name_with_space_is_quoted_whole(void **state)
{
    const char *argv[] = { "C:\\Program Files\\x.exe", "1" };
    char line[128];

    cmdline_build(2, argv, line, sizeof line);
    assert_string_equal(line, "\"C:\\Program Files\\x.exe\" 1");
    roundtrip(2, argv);
}

static void test_length_is_reported_when_truncated(void **state)
{
    const char *argv[] = { "prog", "abcdef" };
    char line[4];

    assert_int_equal(cmdline_build(2, argv, line, sizeof line), 11);
    assert_string_equal(line, "pro");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_arguments_are_not_quoted),
        cmocka_unit_test(test_spaces_and_empty_arguments_are_quoted),
        cmocka_unit_test(test_documented_examples_round_trip),
        cmocka_unit_test(test_trailing_backslashes_before_closing_quote_double),
        cmocka_unit_test(test_program_name_with_space_is_quoted_whole),
        cmocka_unit_test(test_length_is_reported_when_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
