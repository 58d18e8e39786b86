/* File-system redirection rules, one row per rule of spec section 2
 * (Microsoft's "File System Redirector" page). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "redirect/redirect.h"

static size_t widen(const char *s, uint16_t *w)
{
    size_t n = strlen(s);

    for (size_t i = 0; i < n; i++)
        w[i] = (uint16_t)(unsigned char)s[i];
    return n;
}

static void narrow(const uint16_t *w, size_t n, char *s)
{
    for (size_t i = 0; i < n; i++)
        s[i] = (char)w[i];
    s[n] = 0;
}

struct row {
    const char *in;
    bool disabled;
    const char *out; /* NULL: not redirected */
};

static const struct row rows[] = {
    { "\\??\\C:\\Windows\\System32\\kernel32.dll", false, "\\??\\C:\\Windows\\SysWOW64\\kernel32.dll" },
    { "\\??\\c:\\windows\\system32\\KERNEL32.DLL", false, "\\??\\c:\\windows\\SysWOW64\\KERNEL32.DLL" },
    { "\\??\\C:\\Windows\\System32", false, "\\??\\C:\\Windows\\SysWOW64" },
    { "\\??\\C:\\Windows\\System32\\", false, "\\??\\C:\\Windows\\SysWOW64\\" },
    { "\\??\\C:\\Windows\\System32\\drivers\\x.sys", false, "\\??\\C:\\Windows\\SysWOW64\\drivers\\x.sys" },
    { "\\??\\C:\\Windows\\System32\\drivers\\etc\\hosts", false, NULL },
    { "\\??\\C:\\Windows\\System32\\catroot\\x", false, NULL },
    { "\\??\\C:\\Windows\\System32\\catroot2\\x", false, NULL },
    { "\\??\\C:\\Windows\\System32\\catroot2x\\x", false, "\\??\\C:\\Windows\\SysWOW64\\catroot2x\\x" },
    { "\\??\\C:\\Windows\\System32\\DriverStore\\FileRepository", false, NULL },
    { "\\??\\C:\\Windows\\System32\\LogFiles", false, NULL },
    { "\\??\\C:\\Windows\\System32\\spool\\drivers", false, NULL },
    { "\\??\\C:\\Windows\\System32x\\a", false, NULL },
    { "\\??\\C:\\Windows\\lastgood\\System32\\a.dll", false, "\\??\\C:\\Windows\\lastgood\\SysWOW64\\a.dll" },
    { "\\??\\C:\\Windows\\regedit.exe", false, "\\??\\C:\\Windows\\SysWOW64\\regedit.exe" },
    { "\\??\\C:\\Windows\\regedit.exe.bak", false, NULL },
    { "\\??\\C:\\Windows\\notepad.exe", false, NULL },
    { "\\??\\C:\\Windows\\Sysnative\\cmd.exe", false, "\\??\\C:\\Windows\\System32\\cmd.exe" },
    { "\\??\\C:\\Windows\\Sysnative\\cmd.exe", true, "\\??\\C:\\Windows\\System32\\cmd.exe" },
    { "\\??\\C:\\Windows\\System32\\kernel32.dll", true, NULL },
    { "\\??\\C:\\Windows\\regedit.exe", true, NULL },
    { "\\??\\C:\\\\Windows\\System32\\a", false, NULL },          /* double backslash */
    { "\\??\\C:\\Windows\\\\System32\\a", false, NULL },
    { "\\DosDevices\\C:\\Windows\\System32\\a", false, NULL },
    { "\\??\\D:\\Windows\\System32\\a", false, NULL },
    { "\\??\\C:\\Windows", false, NULL },
    { "\\??\\C:\\WindowsX\\System32\\a", false, NULL },
};

static void test_rules_table(void **state)
{
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        uint16_t in[256], out[256];
        char got[256];
        size_t n = widen(rows[i].in, in), olen = 0;
        bool r = redirect_fs_path(in, n, rows[i].disabled, out, 256, &olen);

        if (!rows[i].out) {
            if (r) {
                narrow(out, olen, got);
                fail_msg("row %zu: %s redirected to %s", i, rows[i].in, got);
            }
            continue;
        }
        if (!r)
            fail_msg("row %zu: %s not redirected", i, rows[i].in);
        narrow(out, olen, got);
        assert_string_equal(got, rows[i].out);
    }
}

static void test_small_output_buffer_refuses(void **state)
{
    uint16_t in[64], out[8];
    size_t n = widen("\\??\\C:\\Windows\\System32\\a", in), olen;

    assert_false(redirect_fs_path(in, n, false, out, 8, &olen));
}

static void test_relative_to_windows_and_system32_handles(void **state)
{
    uint16_t in[64], out[256];
    char got[256];
    size_t n, olen;

    n = widen("System32\\a.dll", in);
    assert_true(redirect_fs_relative(REDIRECT_ROOT_WINDOWS, in, n, false, out, 256, &olen));
    narrow(out, olen, got);
    assert_string_equal(got, "\\??\\C:\\Windows\\SysWOW64\\a.dll");
    n = widen("a.dll", in);
    assert_true(redirect_fs_relative(REDIRECT_ROOT_SYSTEM32, in, n, false, out, 256, &olen));
    narrow(out, olen, got);
    assert_string_equal(got, "\\??\\C:\\Windows\\SysWOW64\\a.dll");
    n = widen("drivers\\etc\\hosts", in);
    assert_false(redirect_fs_relative(REDIRECT_ROOT_SYSTEM32, in, n, false, out, 256, &olen));
    n = widen("\\a.dll", in);
    assert_false(redirect_fs_relative(REDIRECT_ROOT_SYSTEM32, in, n, false, out, 256, &olen));
    n = widen("a.dll", in);
    assert_false(redirect_fs_relative(REDIRECT_ROOT_OTHER, in, n, false, out, 256, &olen));
    assert_false(redirect_fs_relative(REDIRECT_ROOT_SYSTEM32, in, n, true, out, 256, &olen));
}

/* Spec section 3's environment table, both columns, typed from the spec. */
struct env_row {
    const char *name;
    const char *wow64;  /* 32-bit process on x64; NULL: not set */
    const char *native; /* 64-bit process; NULL: not set */
};

static const struct env_row env_rows[] = {
    { "PROCESSOR_ARCHITECTURE", "x86", "AMD64" },
    { "PROCESSOR_ARCHITEW6432", "AMD64", NULL },
    { "ProgramFiles", "C:\\Program Files (x86)", "C:\\Program Files" },
    { "ProgramFiles(x86)", "C:\\Program Files (x86)", "C:\\Program Files (x86)" },
    { "ProgramW6432", "C:\\Program Files", "C:\\Program Files" },
    { "CommonProgramFiles", "C:\\Program Files (x86)\\Common Files",
      "C:\\Program Files\\Common Files" },
    { "CommonProgramFiles(x86)", "C:\\Program Files (x86)\\Common Files",
      "C:\\Program Files (x86)\\Common Files" },
    { "CommonProgramW6432", "C:\\Program Files\\Common Files", "C:\\Program Files\\Common Files" },
};

static const char *env_get(const struct env_var *vars, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(vars[i].name, name))
            return vars[i].value;
    return NULL;
}

static void check_env_column(bool wow64)
{
    struct env_var vars[64];
    size_t n = redirect_env_defaults(wow64, "user", "PC", 4, vars, 64);

    for (size_t i = 0; i < sizeof env_rows / sizeof *env_rows; i++) {
        const char *want = wow64 ? env_rows[i].wow64 : env_rows[i].native;
        const char *got = env_get(vars, n, env_rows[i].name);

        if (!want && got)
            fail_msg("%s set to \"%s\" in a %s process", env_rows[i].name, got,
                     wow64 ? "32-bit" : "64-bit");
        if (want && (!got || strcmp(got, want)))
            fail_msg("%s is \"%s\" in a %s process, want \"%s\"", env_rows[i].name,
                     got ? got : "(not set)", wow64 ? "32-bit" : "64-bit", want);
    }
}

static void test_env_32bit_process_column(void **state)
{
    check_env_column(true);
}

static void test_env_64bit_process_column(void **state)
{
    check_env_column(false);
}

static void test_env_defaults_fill_at_most_max(void **state)
{
    struct env_var vars[3];

    assert_int_equal(redirect_env_defaults(true, "user", "PC", 4, vars, 3), 3);
    assert_int_equal(redirect_env_defaults(true, "user", "PC", 4, vars, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_32bit_process_column),
        cmocka_unit_test(test_env_64bit_process_column),
        cmocka_unit_test(test_env_defaults_fill_at_most_max),
        cmocka_unit_test(test_rules_table),
        cmocka_unit_test(test_small_output_buffer_refuses),
        cmocka_unit_test(test_relative_to_windows_and_system32_handles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
