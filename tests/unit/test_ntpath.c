/* NT names -> host paths over a temporary drive_c with mixed-case names,
 * and the wildcard matching of NtQueryDirectoryFile. Expected values come
 * from Windows' documented behaviour: "Naming Files, Paths, and
 * Namespaces" (reserved names, invalid characters, "." and ".."), the
 * ZwCreateFile/NtCreateFile status codes (path vs name not found), and
 * the FsRtlIsNameInExpression wildcard rules. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "nt/ntpath.h"

static char drive_c[PATH_MAX];

/* UTF-8 -> UTF-16 for test literals; returns the length in units. */
static size_t to_utf16(const char *s, uint16_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    while (*p) {
        uint32_t c;

        if (*p < 0x80)
            c = *p++;
        else if (*p < 0xE0)
            c = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu), p += 2;
        else if (*p < 0xF0)
            c = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu), p += 3;
        else
            c = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
                (p[3] & 0x3Fu),
            p += 4;
        if (c >= 0x10000) {
            c -= 0x10000;
            out[n++] = (uint16_t)(0xD800 + (c >> 10));
            out[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
        } else {
            out[n++] = (uint16_t)c;
        }
    }
    return n;
}

static NTSTATUS resolve(const char *name, const char *root, struct ntpath *out)
{
    static uint16_t buf[8192];
    size_t n = to_utf16(name, buf);

    return ntpath_resolve(buf, n * 2, root, out);
}

/* drive_c + "/" + rel */
static const char *host(const char *rel)
{
    static char buf[2][PATH_MAX];
    static int k;

    k ^= 1;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", drive_c, rel);
    return buf[k];
}

static void touch(const char *rel)
{
    FILE *f = fopen(host(rel), "w");

    assert_non_null(f);
    fclose(f);
}

static int setup(void **state)
{
    strcpy(drive_c, "/tmp/ntpathXXXXXX");
    if (!mkdtemp(drive_c))
        return -1;
    mkdir(host("Windows"), 0755);
    mkdir(host("Windows/System32"), 0755);
    touch("Windows/System32/Foo.TXT");
    mkdir(host("dir With Space"), 0755);
    touch("dir With Space/inner.txt");
    mkdir(host("Case"), 0755);
    touch("Case/abc");
    touch("Case/ABC");
    touch("file.txt");
    touch("\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9.txt"); /* Ünïcødé.txt */
    touch("\xf0\x9d\x84\x9e.txt");                          /* U+1D11E, a surrogate pair */
    if (symlink("Windows", host("link")) != 0 || symlink("nowhere", host("dangling")) != 0)
        return -1;
    ntpath_set_roots(drive_c);
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static int teardown(void **state)
{
    return nftw(drive_c, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void expect_path(const char *name, const char *root, const char *unix_path, bool exists)
{
    struct ntpath r;
    NTSTATUS s = resolve(name, root, &r);

    if (s != STATUS_SUCCESS)
        fail_msg("%s: status %#x", name, (unsigned)s);
    assert_string_equal(r.unix_path, unix_path);
    assert_int_equal(r.exists, exists);
    assert_true(r.parent_exists);
    assert_int_equal(r.device, 0);
    ntpath_free(&r);
}

static void expect_status(const char *name, const char *root, NTSTATUS want)
{
    struct ntpath r;
    NTSTATUS s = resolve(name, root, &r);

    if (s != want)
        fail_msg("%s: status %#x, want %#x", name, (unsigned)s, (unsigned)want);
    assert_null(r.unix_path);
    ntpath_free(&r);
}

static void expect_device(const char *name, const char *root, int device)
{
    struct ntpath r;
    NTSTATUS s = resolve(name, root, &r);

    if (s != STATUS_SUCCESS || r.device != device)
        fail_msg("%s: status %#x device %d, want device %d", name, (unsigned)s, r.device, device);
    assert_true(r.exists);
    assert_non_null(r.unix_path);
    ntpath_free(&r);
}

static void test_exact_case_is_found(void **state)
{
    expect_path("\\??\\C:\\Windows\\System32\\Foo.TXT", NULL, host("Windows/System32/Foo.TXT"), true);
}

static void test_other_case_returns_on_disk_spelling(void **state)
{
    struct ntpath r;

    expect_path("\\??\\c:\\WINDOWS\\system32\\foo.txt", NULL, host("Windows/System32/Foo.TXT"), true);
    expect_path("\\??\\C:\\DIR WITH SPACE\\Inner.TXT", NULL, host("dir With Space/inner.txt"), true);
    assert_int_equal(resolve("\\??\\C:\\windows\\SYSTEM32", NULL, &r), STATUS_SUCCESS);
    assert_true(r.is_dir);
    ntpath_free(&r);
}

static void test_names_differing_only_in_case_prefer_the_exact_one(void **state)
{
    struct ntpath r;

    expect_path("\\??\\C:\\Case\\abc", NULL, host("Case/abc"), true);
    expect_path("\\??\\C:\\Case\\ABC", NULL, host("Case/ABC"), true);
    /* Neither is exact: either is a correct answer. */
    assert_int_equal(resolve("\\??\\C:\\Case\\aBc", NULL, &r), STATUS_SUCCESS);
    assert_true(r.exists);
    assert_true(strcmp(r.unix_path, host("Case/abc")) == 0 || strcmp(r.unix_path, host("Case/ABC")) == 0);
    ntpath_free(&r);
}

static void test_missing_last_component_is_success_without_file(void **state)
{
    struct ntpath r;

    /* Kept as given, below the on-disk spelling of its directory. */
    expect_path("\\??\\C:\\windows\\NewFile.Txt", NULL, host("Windows/NewFile.Txt"), false);
    expect_path("\\??\\C:\\Windows\\System32\\missing.dll", NULL, host("Windows/System32/missing.dll"), false);
    assert_int_equal(resolve("\\??\\C:\\Windows\\NewFile.Txt", NULL, &r), STATUS_SUCCESS);
    assert_false(r.is_dir);
    assert_false(r.trailing_slash);
    ntpath_free(&r);
}

static void test_missing_middle_component_is_path_not_found(void **state)
{
    struct ntpath r;

    assert_int_equal(resolve("\\??\\C:\\NoSuchDir\\x.txt", NULL, &r), STATUS_OBJECT_PATH_NOT_FOUND);
    assert_false(r.parent_exists);
    assert_false(r.exists);
    assert_null(r.unix_path);
    ntpath_free(&r);
    expect_status("\\??\\C:\\Windows\\NoSuchDir\\deeper\\x.txt", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void test_file_used_as_directory_is_path_not_found(void **state)
{
    expect_status("\\??\\C:\\file.txt\\x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    expect_status("\\??\\C:\\FILE.TXT\\x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    expect_status("\\??\\C:\\Windows\\System32\\foo.txt\\a\\b", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void test_drive_root_with_and_without_backslash(void **state)
{
    struct ntpath r;

    expect_path("\\??\\C:", NULL, drive_c, true);
    expect_path("\\??\\c:\\", NULL, drive_c, true);
    assert_int_equal(resolve("\\??\\C:\\", NULL, &r), STATUS_SUCCESS);
    assert_true(r.is_dir);
    ntpath_free(&r);
}

static void test_z_drive_is_the_host_root(void **state)
{
    char name[PATH_MAX + 16], *p;

    expect_path("\\??\\Z:", NULL, "/", true);
    expect_path("\\??\\Z:\\", NULL, "/", true);
    expect_path("\\??\\z:\\tmp", NULL, "/tmp", true);
    /* drive_c itself reached through Z:, in another case. */
    snprintf(name, sizeof(name), "\\??\\Z:%s\\WINDOWS\\System32\\FOO.txt", drive_c);
    for (p = name + 6; *p; p++)
        if (*p == '/')
            *p = '\\';
    expect_path(name, NULL, host("Windows/System32/Foo.TXT"), true);
}

static void test_other_namespace_prefixes(void **state)
{
    expect_path("\\DosDevices\\C:\\Windows", NULL, host("Windows"), true);
    expect_path("\\GLOBAL??\\C:\\Windows", NULL, host("Windows"), true);
    expect_path("\\global??\\c:\\windows", NULL, host("Windows"), true);
}

static void test_unknown_drive_or_prefix_is_path_not_found(void **state)
{
    expect_status("\\??\\D:\\x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    expect_status("\\??\\Q:", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    expect_status("\\??\\UNC\\server\\share\\x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    expect_status("\\Device\\HarddiskVolume1\\x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    expect_status("\\??\\C:x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void test_unset_drive_c_is_an_unknown_drive(void **state)
{
    ntpath_set_roots(NULL);
    expect_status("\\??\\C:\\Windows", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
    ntpath_set_roots(drive_c);
    expect_path("\\??\\C:\\Windows", NULL, host("Windows"), true);
}

static void test_device_names_in_the_dos_namespace(void **state)
{
    expect_device("\\??\\NUL", NULL, NTPATH_DEVICE_NUL);
    expect_device("\\??\\nul", NULL, NTPATH_DEVICE_NUL);
    expect_device("\\??\\CON", NULL, NTPATH_DEVICE_CON);
    expect_device("\\??\\CONIN$", NULL, NTPATH_DEVICE_CONIN);
    expect_device("\\??\\conout$", NULL, NTPATH_DEVICE_CONOUT);
    expect_device("\\Device\\Null", NULL, NTPATH_DEVICE_NUL);
}

static void test_device_names_in_any_directory(void **state)
{
    struct ntpath r;

    expect_device("\\??\\C:\\Windows\\NUL", NULL, NTPATH_DEVICE_NUL);
    /* The directory need not exist, as for CreateFile("C:\\nope\\nul"). */
    expect_device("\\??\\C:\\nonexistent\\nul", NULL, NTPATH_DEVICE_NUL);
    /* A reserved name followed immediately by an extension is reserved. */
    expect_device("\\??\\C:\\Windows\\nul.txt", NULL, NTPATH_DEVICE_NUL);
    expect_device("\\??\\C:\\x\\NUL.tar.gz", NULL, NTPATH_DEVICE_NUL);
    expect_device("\\??\\C:\\Windows\\NUL .txt", NULL, NTPATH_DEVICE_NUL);
    expect_device("\\??\\C:\\Windows\\con.log", NULL, NTPATH_DEVICE_CON);
    expect_device("\\??\\C:\\Windows\\CONIN$", NULL, NTPATH_DEVICE_CONIN);
    expect_device("\\??\\C:\\Windows\\CONOUT$", NULL, NTPATH_DEVICE_CONOUT);
    expect_device("NUL", drive_c, NTPATH_DEVICE_NUL);
    assert_int_equal(resolve("\\??\\C:\\x\\nul.txt", NULL, &r), STATUS_SUCCESS);
    assert_string_equal(r.unix_path, "/dev/null");
    ntpath_free(&r);
    /* Names that merely start like a device are files. */
    expect_path("\\??\\C:\\Windows\\nullify.txt", NULL, host("Windows/nullify.txt"), false);
    expect_path("\\??\\C:\\Windows\\CONSOLE", NULL, host("Windows/CONSOLE"), false);
    expect_path("\\??\\C:\\Windows\\CONIN$.txt", NULL, host("Windows/CONIN$.txt"), false);
    expect_path("\\??\\C:\\Windows\\xNUL", NULL, host("Windows/xNUL"), false);
    /* Only the last component is a device. */
    expect_status("\\??\\C:\\NUL\\x", NULL, STATUS_OBJECT_PATH_NOT_FOUND);
}

static void test_invalid_characters_are_rejected(void **state)
{
    static const char *bad[] = { "a<b", "a>b", "a:b", "a\"b", "a|b", "a?b", "a*b", "a/b", "a\x01" "b",
                                 "a\x1f" };
    char name[64];
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(name, sizeof(name), "\\??\\C:\\Windows\\%s", bad[i]);
        expect_status(name, NULL, STATUS_OBJECT_NAME_INVALID);
        snprintf(name, sizeof(name), "\\??\\C:\\%s\\x", bad[i]);
        expect_status(name, NULL, STATUS_OBJECT_NAME_INVALID);
    }
    /* An embedded NUL character. */
    {
        static const uint16_t nul_in_name[] = { '\\', '?', '?', '\\', 'C', ':', '\\', 'a', 0, 'b' };
        struct ntpath r;

        assert_int_equal(ntpath_resolve(nul_in_name, sizeof(nul_in_name), NULL, &r), STATUS_OBJECT_NAME_INVALID);
        ntpath_free(&r);
    }
}

static void test_dot_and_empty_components_are_rejected(void **state)
{
    expect_status("\\??\\C:\\Windows\\.\\System32", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_status("\\??\\C:\\Windows\\..\\file.txt", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_status("\\??\\C:\\..", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_status("\\??\\C:\\Windows\\.", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_status("..\\x", drive_c, STATUS_OBJECT_NAME_INVALID);
    expect_status("\\??\\C:\\Windows\\\\System32", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_status("\\??\\C:\\\\", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_status("\\??\\C:\\Windows\\\\", NULL, STATUS_OBJECT_NAME_INVALID);
    /* Names that only contain dots among other characters are fine. */
    expect_path("\\??\\C:\\Windows\\...x", NULL, host("Windows/...x"), false);
}

static void test_relative_names_need_a_root(void **state)
{
    char root[PATH_MAX];
    struct ntpath r;

    snprintf(root, sizeof(root), "%s/Windows", drive_c);
    expect_path("system32\\FOO.TXT", root, host("Windows/System32/Foo.TXT"), true);
    expect_path("New.txt", root, host("Windows/New.txt"), false);
    snprintf(root, sizeof(root), "%s/Windows/", drive_c);
    expect_path("System32", root, host("Windows/System32"), true);
    expect_status("Windows\\System32", NULL, STATUS_OBJECT_PATH_SYNTAX_BAD);
    expect_status("C:\\Windows", NULL, STATUS_OBJECT_PATH_SYNTAX_BAD);
    expect_status("\\x", root, STATUS_INVALID_PARAMETER);
    expect_status("nodir\\x", root, STATUS_OBJECT_PATH_NOT_FOUND);
    /* An empty name with a root is the root directory itself. */
    assert_int_equal(ntpath_resolve(NULL, 0, drive_c, &r), STATUS_SUCCESS);
    assert_string_equal(r.unix_path, drive_c);
    assert_true(r.exists);
    assert_true(r.is_dir);
    ntpath_free(&r);
    expect_status("", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_path("tmp", "/", "/tmp", true);
}

static void test_trailing_backslash_means_a_directory(void **state)
{
    struct ntpath r;

    assert_int_equal(resolve("\\??\\C:\\windows\\", NULL, &r), STATUS_SUCCESS);
    assert_string_equal(r.unix_path, host("Windows"));
    assert_true(r.exists);
    assert_true(r.is_dir);
    assert_true(r.trailing_slash);
    ntpath_free(&r);
    /* A new name: the caller may create a directory. */
    assert_int_equal(resolve("\\??\\C:\\NewDir\\", NULL, &r), STATUS_SUCCESS);
    assert_string_equal(r.unix_path, host("NewDir"));
    assert_false(r.exists);
    assert_true(r.trailing_slash);
    ntpath_free(&r);
    /* A file cannot be named as a directory. */
    expect_status("\\??\\C:\\file.txt\\", NULL, STATUS_OBJECT_NAME_INVALID);
    expect_path("System32\\", host("Windows"), host("Windows/System32"), true);
}

static void test_non_ascii_names_round_trip(void **state)
{
    static const uint16_t lone_high[] = { '\\', '?', '?', '\\', 'C', ':', '\\', 0xD834, 'x' };
    static const uint16_t lone_low[] = { '\\', '?', '?', '\\', 'C', ':', '\\', 0xDD1E };
    struct ntpath r;

    /* Ünïcødé.txt on disk, opened as ÜNÏCØDÉ.TXT and as ünïcødé.txt. */
    expect_path("\\??\\C:\\\xc3\x9c" "N\xc3\x8f" "C\xc3\x98" "D\xc3\x89.TXT", NULL,
                host("\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9.txt"), true);
    expect_path("\\??\\C:\\\xc3\xbcn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9.txt", NULL,
                host("\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9.txt"), true);
    /* A character outside the BMP (a surrogate pair in UTF-16). */
    expect_path("\\??\\C:\\\xf0\x9d\x84\x9e.TXT", NULL, host("\xf0\x9d\x84\x9e.txt"), true);
    /* A new non-ASCII name keeps its spelling. */
    expect_path("\\??\\C:\\Windows\\\xc3\x9f.txt", NULL, host("Windows/\xc3\x9f.txt"), false);
    assert_int_equal(ntpath_resolve(lone_high, sizeof(lone_high), NULL, &r), STATUS_OBJECT_NAME_INVALID);
    ntpath_free(&r);
    assert_int_equal(ntpath_resolve(lone_low, sizeof(lone_low), NULL, &r), STATUS_OBJECT_NAME_INVALID);
    ntpath_free(&r);
}

static void test_symlinks_are_followed(void **state)
{
    struct ntpath r;

    expect_path("\\??\\C:\\LINK\\system32\\foo.txt", NULL, host("link/System32/Foo.TXT"), true);
    assert_int_equal(resolve("\\??\\C:\\link", NULL, &r), STATUS_SUCCESS);
    assert_true(r.exists);
    assert_true(r.is_dir);
    ntpath_free(&r);
    /* A dangling link is a missing file to the guest. */
    expect_path("\\??\\C:\\DANGLING", NULL, host("dangling"), false);
}

static void test_length_limits(void **state)
{
    static char name[PATH_MAX * 2];
    struct ntpath r;
    size_t i;

    /* One component over 255 UTF-16 units. */
    strcpy(name, "\\??\\C:\\");
    memset(name + strlen(name), 'a', 256);
    expect_status(name, NULL, STATUS_OBJECT_NAME_INVALID);
    /* A path past PATH_MAX. */
    strcpy(name, "\\??\\C:");
    for (i = 0; i < PATH_MAX / 200 + 2; i++) {
        size_t l = strlen(name);

        name[l] = '\\';
        memset(name + l + 1, 'b', 200);
        name[l + 201] = 0;
    }
    expect_status(name, NULL, STATUS_NAME_TOO_LONG);
    /* An odd byte length is not a UTF-16 string. */
    {
        uint16_t w[16];
        size_t n = to_utf16("\\??\\NUL", w);

        assert_int_equal(ntpath_resolve(w, n * 2 - 1, NULL, &r), STATUS_OBJECT_NAME_INVALID);
        ntpath_free(&r);
    }
}

struct match_case {
    const char *pattern, *name;
    bool match;
};

static void test_wildcard_table(void **state)
{
    static const struct match_case cases[] = {
        { "*.txt", "a.txt", true },
        { "*.txt", "A.TXT", true },
        { "*.TXT", "notes.txt", true },
        { "*.txt", "a.txt.bak", false },
        { "*.txt", "txt", false },
        { "*.txt", "a.b.txt", true },
        { "a?c", "abc", true },
        { "a?c", "ABC", true },
        { "a?c", "ac", false },
        { "a?c", "abbc", false },
        { "*", "anything", true },
        { "*", ".", true },
        { "*", "..", true },
        { "*.*", "a.b", true },
        /* FsRtl's "*.*" needs a dot; kernel32 sends "*.*" as "*". */
        { "*.*", "README", false },
        { "*.*", "README.", true },
        { "he*o", "hello", true },
        { "he*o", "hella", false },
        { "*a*ab*abc", "aabaabcdadabdabc", true },
        { "nt??krnl.???", "ntoskrnl.exe", true },
        { "*?", "a", true },
        { "?*?", "a", false },
        { "?*?", "aa", true },
        { "*.?.c.d", "a.b.c.d", true },
        { "a.b.*??.d", "a.b.c.d", false },
        { ".*", ".txt", true },
        { ".*", "1.txt", false },
        { "abc.exe", "abc.exe.", false },
        /* DOS_STAR: any run up to and including the final period. */
        { "<.exe", "test.exe", true },
        { "<.EXE", "test.exe", true },
        { "ab<exe", "abcd.exe", true },
        { "ab<exe", "ab.exe", true },
        { "ab<exe", "abcdexe", true },
        { "ab<exe", "acd.exe", false },
        { "a.b<exe", "a.bcd.exe", true },
        { "a<b.exe", "a.bcd.exe", false },
        { "<", "abc", true },
        { "<", "a.b", false },
        /* DOS_QM: one character, or nothing at a period or the end. */
        { "a>c.exe", "abc.exe", true },
        { "a>c.exe", "ac.exe", false },
        { "a>>>exe", "abc.exe", false },
        { ">>>", "ab", true },
        { ">>>", "abc", true },
        { ">>>", "abcd", false },
        { ">>>\">>>", "ab.c", true },
        { ">>>\">>>", "abc.def", true },
        { ">>>\">>>", "abcd.txt", false },
        /* DOS_DOT: a period, or nothing past the end of the name. */
        { "ntoskrnl\"exe", "ntoskrnl.exe", true },
        { "ntoskrnl.exe\"", "ntoskrnl.exe", true },
        { "\"ntoskrnl.exe", "ntoskrnl.exe", false },
        { "ntoskrnl.\"exe", "ntoskrnl.exe", false },
        /* The DOS forms of "*.*" and "*.": any name; names without an extension. */
        { "<\"*", "README", true },
        { "<\"*", "a.b.c", true },
        { "<\"", "README", true },
        { "<\"", "a.txt", false },
        { "F0_<\"*", "f0_001.txt", true },
        { "F0_<\"*", "F0_", true },
        { "F0_<\"*", "SETUP.EXE", false },
        /* Case folding beyond ASCII. */
        { "*.TXT", "\xc3\xbcn\xc3\xaf.txt", true },
        { "\xc3\x9cN\xc3\x8f*", "\xc3\xbcn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9", true },
        { "\xc3\xa9", "\xc3\x89", true },
        { "\xc3\xbf", "\xc5\xb8", true },       /* ÿ and Ÿ */
        { "\xd0\xb4\xd0\xb0", "\xd0\x94\xd0\x90", true }, /* да and ДА */
        { "\xc3\x9f", "ss", false },
        { "?.txt", "\xf0\x9d\x84\x9e.txt", true }, /* one character, two UTF-16 units */
        { "", "a", false },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint16_t w[64];
        size_t n = to_utf16(cases[i].pattern, w);

        if (ntpath_match(w, n, cases[i].name) != cases[i].match)
            fail_msg("ntpath_match(\"%s\", \"%s\") should be %s", cases[i].pattern, cases[i].name,
                     cases[i].match ? "true" : "false");
    }
}

static void test_wildcard_long_names_and_patterns(void **state)
{
    static char name[1024];
    static uint16_t pat[600];
    size_t i;

    memset(name, 'x', 1000);
    name[1000] = 0;
    for (i = 0; i < 599; i++)
        pat[i] = '*';
    pat[599] = 'x';
    assert_true(ntpath_match(pat, 600, name));
    pat[599] = 'y';
    assert_false(ntpath_match(pat, 600, name));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_case_is_found),
        cmocka_unit_test(test_other_case_returns_on_disk_spelling),
        cmocka_unit_test(test_names_differing_only_in_case_prefer_the_exact_one),
        cmocka_unit_test(test_missing_last_component_is_success_without_file),
        cmocka_unit_test(test_missing_middle_component_is_path_not_found),
        cmocka_unit_test(test_file_used_as_directory_is_path_not_found),
        cmocka_unit_test(test_drive_root_with_and_without_backslash),
        cmocka_unit_test(test_z_drive_is_the_host_root),
        cmocka_unit_test(test_other_namespace_prefixes),
        cmocka_unit_test(test_unknown_drive_or_prefix_is_path_not_found),
        cmocka_unit_test(test_unset_drive_c_is_an_unknown_drive),
        cmocka_unit_test(test_device_names_in_the_dos_namespace),
        cmocka_unit_test(test_device_names_in_any_directory),
        cmocka_unit_test(test_invalid_characters_are_rejected),
        cmocka_unit_test(test_dot_and_empty_components_are_rejected),
        cmocka_unit_test(test_relative_names_need_a_root),
        cmocka_unit_test(test_trailing_backslash_means_a_directory),
        cmocka_unit_test(test_non_ascii_names_round_trip),
        cmocka_unit_test(test_symlinks_are_followed),
        cmocka_unit_test(test_length_limits),
        cmocka_unit_test(test_wildcard_table),
        cmocka_unit_test(test_wildcard_long_names_and_patterns),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
