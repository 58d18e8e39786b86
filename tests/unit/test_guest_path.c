/* Windows' DOS path rules as kernel32's GetFullPathName applies them
 * (src/guest/kernel32/pathname.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <uchar.h>
#include <cmocka.h>

#include "guest/kernel32/pathname.h"

static const char *narrow(const uint16_t *w)
{
    static char buf[512];
    size_t i;

    for (i = 0; w[i] && i < sizeof(buf) - 1; i++)
        buf[i] = w[i] < 0x80 ? (char)w[i] : '?';
    buf[i] = 0;
    return buf;
}

/* Checks pathname_full(path) against want, and the file part offset. */
static void check(const char16_t *path, const char16_t *cwd, const char16_t *drive_dir,
                  const char *want, long want_file)
{
    uint16_t work[512];
    size_t file, n;

    assert_true(pathname_work_size(path, cwd, drive_dir) <= 512);
    n = pathname_full(path, cwd, drive_dir, work, &file);
    assert_string_equal(narrow(work), want);
    assert_int_equal(n, strlen(want));
    assert_int_equal((long)file, want_file);
}

static void test_path_types_follow_rtl_rules(void **state)
{
    (void)state;
    assert_int_equal(pathname_type(u"\\\\server\\share"), PATHNAME_UNC);
    assert_int_equal(pathname_type(u"//server/share"), PATHNAME_UNC);
    assert_int_equal(pathname_type(u"C:\\x"), PATHNAME_DRIVE_ABSOLUTE);
    assert_int_equal(pathname_type(u"C:/x"), PATHNAME_DRIVE_ABSOLUTE);
    assert_int_equal(pathname_type(u"C:x"), PATHNAME_DRIVE_RELATIVE);
    assert_int_equal(pathname_type(u"\\x"), PATHNAME_ROOTED);
    assert_int_equal(pathname_type(u"x"), PATHNAME_RELATIVE);
    assert_int_equal(pathname_type(u"\\\\.\\COM1"), PATHNAME_LOCAL_DEVICE);
    assert_int_equal(pathname_type(u"\\\\?\\C:\\x"), PATHNAME_ROOT_LOCAL_DEVICE);
    assert_int_equal(pathname_type(u"\\\\."), PATHNAME_ROOT_LOCAL_DEVICE);
}

static void test_path_relative_forms_resolve_against_the_current_directory(void **state)
{
    (void)state;
    check(u"file.txt", u"C:\\dir\\", NULL, "C:\\dir\\file.txt", 7);
    check(u"sub/file.txt", u"C:\\dir", NULL, "C:\\dir\\sub\\file.txt", 11);
    check(u"\\top.txt", u"C:\\dir\\", NULL, "C:\\top.txt", 3);
    check(u"\\top.txt", u"\\\\srv\\share\\dir\\", NULL, "\\\\srv\\share\\top.txt", 12);
    check(u"D:x.txt", u"C:\\dir\\", NULL, "D:\\x.txt", 3);
    check(u"D:x.txt", u"C:\\dir\\", u"D:\\work", "D:\\work\\x.txt", 8);
    check(u".", u"C:\\dir\\", NULL, "C:\\dir", 3);
    check(u"..", u"C:\\dir\\", NULL, "C:\\", -1);
}

static void test_path_dots_separators_and_root_are_normalised(void **state)
{
    (void)state;
    check(u"C:\\a\\.\\b\\..\\c", u"C:\\", NULL, "C:\\a\\c", 5);
    check(u"C:/a//b///c", u"C:\\", NULL, "C:\\a\\b\\c", 7);
    check(u"C:\\..\\..\\a", u"C:\\", NULL, "C:\\a", 3);
    check(u"C:\\a\\b\\", u"C:\\", NULL, "C:\\a\\b\\", -1);
    check(u"C:\\a.\\b", u"C:\\", NULL, "C:\\a\\b", 5);
    check(u"C:\\a\\b. . ", u"C:\\", NULL, "C:\\a\\b", 5);
    check(u"C:\\", u"C:\\", NULL, "C:\\", -1);
    check(u"\\\\srv\\share\\a\\..\\..\\b", u"C:\\", NULL, "\\\\srv\\share\\b", 12);
    check(u"\\\\srv\\share\\..", u"C:\\", NULL, "\\\\srv\\share", 6);
    check(u"\\\\.\\C:\\a\\..\\b", u"C:\\", NULL, "\\\\.\\C:\\b", 7);
}

static void test_path_device_names_and_verbatim_paths(void **state)
{
    (void)state;
    check(u"nul", u"C:\\dir\\", NULL, "\\\\.\\nul", 4);
    check(u"C:\\dir\\CON.txt", u"C:\\", NULL, "\\\\.\\CON", 4);
    check(u"com1:", u"C:\\", NULL, "\\\\.\\com1", 4);
    check(u"console", u"C:\\dir\\", NULL, "C:\\dir\\console", 7);
    check(u"\\\\?\\C:\\a\\..\\b", u"C:\\", NULL, "\\\\?\\C:\\a\\..\\b", 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_types_follow_rtl_rules),
        cmocka_unit_test(test_path_relative_forms_resolve_against_the_current_directory),
        cmocka_unit_test(test_path_dots_separators_and_root_are_normalised),
        cmocka_unit_test(test_path_device_names_and_verbatim_paths),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
