/* argv splitting of our msvcrt against the examples of Microsoft's
 * "Parsing C Command-Line Arguments" and its argv[0] rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

static void *host_malloc(size_t n) { return malloc(n); }
static void host_free(void *p) { free(p); }

#include "guest/msvcrt/crtfuncs.h"

static int split(const char *cmd, char ***argv_out)
{
    size_t chars;
    int argc = crt_parse_cmdline(cmd, NULL, NULL, &chars);
    char **argv = host_malloc((argc + 1) * sizeof(char *) + chars);
    int again;

    again = crt_parse_cmdline(cmd, argv, (char *)(argv + argc + 1), &chars);
    assert_int_equal(again, argc);
    assert_null(argv[argc]);
    *argv_out = argv;
    return argc;
}

static void expect(const char *cmd, int n, ...)
{
    char **argv;
    int argc = split(cmd, &argv), i;
    va_list ap;

    assert_int_equal(argc, n);
    va_start(ap, n);
    for (i = 0; i < n; i++)
        assert_string_equal(argv[i], va_arg(ap, const char *));
    va_end(ap);
    host_free(argv);
}

static void test_cmdline_documented_examples(void **state)
{
    (void)state;
    expect("prog \"a b c\" d e", 4, "prog", "a b c", "d", "e");
    expect("prog \"ab\\\"c\" \"\\\\\" d", 4, "prog", "ab\"c", "\\", "d");
    expect("prog a\\\\\\b d\"e f\"g h", 4, "prog", "a\\\\\\b", "de fg", "h");
    expect("prog a\\\\\\\"b c d", 4, "prog", "a\\\"b", "c", "d");
    expect("prog a\\\\\\\\\"b c\" d e", 4, "prog", "a\\\\b c", "d", "e");
    expect("prog a\"b\"\" c d", 4, "prog", "ab\"", "c", "d");
}

static void test_cmdline_argv0_rules(void **state)
{
    (void)state;
    /* Quotes in the program name are dropped and backslashes stay. */
    expect("\"C:\\Program Files\\x.exe\" arg", 2, "C:\\Program Files\\x.exe", "arg");
    expect("C:\\dir\\x.exe\\\" y", 2, "C:\\dir\\x.exe\\\"", "y");
    expect("\"prog\"x y", 3, "prog", "x", "y");
    expect("prog", 1, "prog");
    expect("", 1, "");
}

static void test_cmdline_whitespace_and_empty_args(void **state)
{
    (void)state;
    expect("prog \t a \t\tb  ", 3, "prog", "a", "b");
    expect("prog \"\" x", 3, "prog", "", "x");
    expect("prog \"unterminated arg", 2, "prog", "unterminated arg");
    expect("prog a\\\\", 2, "prog", "a\\\\");
}

static void test_wide_cmdline_matches_narrow(void **state)
{
    const crt_wchar *cmd = u"prog a\"b\"\" c \"x y\"";
    crt_wchar *argv[8], args[64];
    size_t chars;
    int argc;

    (void)state;
    argc = crt_parse_wcmdline(cmd, NULL, NULL, &chars);
    assert_int_equal(argc, 4);
    assert_true(chars <= 64);
    crt_parse_wcmdline(cmd, argv, args, &chars);
    assert_memory_equal(argv[1], u"ab\"", 4 * 2);
    assert_memory_equal(argv[2], u"c", 2 * 2);
    assert_memory_equal(argv[3], u"x y", 4 * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmdline_documented_examples),
        cmocka_unit_test(test_cmdline_argv0_rules),
        cmocka_unit_test(test_cmdline_whitespace_and_empty_args),
        cmocka_unit_test(test_wide_cmdline_matches_narrow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
