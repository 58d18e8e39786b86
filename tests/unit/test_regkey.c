/* Registry redirection, one test per rule of spec section 4 (Microsoft's
 * "Registry Redirector" and "Registry Keys Affected by WOW64" pages for
 * Windows 7 and later). Every expected name is written here by hand from
 * the spec; none is taken from the implementation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "nt/token.h"
#include "redirect/redirect.h"

#define HKLM_SW "\\REGISTRY\\MACHINE\\SOFTWARE"
#define HKCU "\\REGISTRY\\USER\\" WOW64_USER_SID
#define V32 REDIRECT_REG_VIEW_32
#define V64 REDIRECT_REG_VIEW_64

static size_t widen(const char *s, uint16_t *w)
{
    size_t n = strlen(s);

    for (size_t i = 0; i < n; i++)
        w[i] = (uint16_t)(unsigned char)s[i];
    return n;
}

static const char *result_name(enum redirect_reg_result r)
{
    switch (r) {
    case REDIRECT_REG_SAME:
        return "SAME";
    case REDIRECT_REG_CHANGED:
        return "CHANGED";
    case REDIRECT_REG_DENIED:
        return "DENIED";
    case REDIRECT_REG_TOO_LONG:
        return "TOO_LONG";
    }
    return "?";
}

/* The store name of a key in a view: "SAME", "DENIED" or the new name. */
static const char *map(const char *name, enum redirect_reg_view view)
{
    static char got[1024];
    uint16_t in[512], out[512];
    size_t n = widen(name, in), olen = 0;
    enum redirect_reg_result r = redirect_reg_key(in, n, view, out, 512, &olen);

    if (r != REDIRECT_REG_CHANGED)
        return result_name(r);
    for (size_t i = 0; i < olen; i++)
        got[i] = (char)out[i];
    got[olen] = 0;
    return got;
}

static bool shared(const char *name)
{
    uint16_t in[512];
    size_t n = widen(name, in);

    return redirect_reg_shared(in, n);
}

#define expect_map(name, view, want)                                                               \
    do {                                                                                           \
        const char *got_ = map(name, view);                                                        \
        if (strcmp(got_, want))                                                                    \
            fail_msg("%s (view %d): got %s, want %s", name, (int)(view), got_, want);              \
    } while (0)

/* ---- Views: flags, parent handles, process bitness ---- */

static void test_both_view_flags_invalid(void **state)
{
    uint32_t both = REDIRECT_KEY_WOW64_64KEY | REDIRECT_KEY_WOW64_32KEY;

    assert_int_equal(redirect_reg_view(both, -1, true), -1);
    assert_int_equal(redirect_reg_view(both, -1, false), -1);
    assert_int_equal(redirect_reg_view(both, V64, true), -1);
    assert_int_equal(redirect_reg_view(both | 0x20019 /* KEY_READ */, V32, true), -1);
}

static void test_wow64_process_defaults_to_32bit_view(void **state)
{
    assert_int_equal(redirect_reg_view(0x20019, -1, true), V32);
}

static void test_64bit_process_defaults_to_64bit_view(void **state)
{
    assert_int_equal(redirect_reg_view(0x20019, -1, false), V64);
}

static void test_64key_flag_reaches_64bit_view_from_32bit_process(void **state)
{
    assert_int_equal(redirect_reg_view(REDIRECT_KEY_WOW64_64KEY, -1, true), V64);
    assert_int_equal(redirect_reg_view(0xF003F | REDIRECT_KEY_WOW64_64KEY, -1, true), V64);
}

static void test_32key_flag_reaches_32bit_view_from_64bit_process(void **state)
{
    assert_int_equal(redirect_reg_view(REDIRECT_KEY_WOW64_32KEY, -1, false), V32);
}

static void test_relative_open_inherits_64key_view(void **state)
{
    /* A handle opened with KEY_WOW64_64KEY: subkeys opened under it stay
     * in the 64-bit view without the flag. */
    assert_int_equal(redirect_reg_view(0x20019, V64, true), V64);
    assert_int_equal(redirect_reg_view(0x20019, V32, false), V32);
}

static void test_relative_open_32key_overrides_parent_view(void **state)
{
    assert_int_equal(redirect_reg_view(REDIRECT_KEY_WOW64_32KEY, V64, true), V32);
    assert_int_equal(redirect_reg_view(REDIRECT_KEY_WOW64_64KEY, V32, true), V64);
}

/* ---- HKLM\SOFTWARE ---- */

static void test_hklm_software_redirects_to_wow6432node(void **state)
{
    expect_map(HKLM_SW "\\Vendor\\App", V32, HKLM_SW "\\Wow6432Node\\Vendor\\App");
    expect_map(HKLM_SW "\\Microsoft\\Windows\\CurrentVersion\\Run", V32,
               HKLM_SW "\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run");
    assert_false(shared(HKLM_SW "\\Vendor"));
}

static void test_hklm_software_key_itself_redirects(void **state)
{
    expect_map(HKLM_SW, V32, HKLM_SW "\\Wow6432Node");
    assert_false(shared(HKLM_SW));
}

static void test_64bit_view_uses_names_as_they_are(void **state)
{
    expect_map(HKLM_SW, V64, "SAME");
    expect_map(HKLM_SW "\\Vendor\\App", V64, "SAME");
    expect_map(HKLM_SW "\\Classes\\CLSID\\{00000000-0000-0000-0000-000000000001}", V64, "SAME");
    expect_map(HKCU "\\Software\\Classes\\Interface", V64, "SAME");
}

static void test_match_is_case_insensitive_and_keeps_the_callers_case(void **state)
{
    expect_map("\\registry\\machine\\software\\vendor", V32,
               "\\registry\\machine\\software\\Wow6432Node\\vendor");
    expect_map("\\Registry\\Machine\\Software\\MICROSOFT\\ole\\x", V32, "SAME");
    expect_map(HKLM_SW "\\classes\\clsid\\x", V32, HKLM_SW "\\classes\\Wow6432Node\\clsid\\x");
}

static void test_whole_component_match(void **state)
{
    /* "OLEx" is not the shared "OLE", "SOFTWAREX" is not SOFTWARE, and a
     * shared key's prefix is not shared. */
    expect_map(HKLM_SW "\\Microsoft\\OLEx", V32, HKLM_SW "\\Wow6432Node\\Microsoft\\OLEx");
    expect_map(HKLM_SW "\\Microsoft\\OL", V32, HKLM_SW "\\Wow6432Node\\Microsoft\\OL");
    expect_map(HKLM_SW "\\Clientsx", V32, HKLM_SW "\\Wow6432Node\\Clientsx");
    expect_map(HKLM_SW "\\Microsoft\\Windows\\CurrentVersion\\App Paths2", V32,
               HKLM_SW "\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\App Paths2");
    expect_map("\\REGISTRY\\MACHINE\\SOFTWAREX\\a", V32, "SAME");
    expect_map(HKLM_SW "\\Classes\\CLSIDx", V32, "SAME");
    expect_map(HKLM_SW "\\Classes\\Media Types", V32, "SAME");
    assert_false(shared(HKLM_SW "\\Microsoft\\OLEx"));
}

static void test_hklm_outside_software_is_shared(void **state)
{
    static const char *const names[] = {
        "\\REGISTRY\\MACHINE",
        "\\REGISTRY\\MACHINE\\SYSTEM",
        "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services",
        "\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION\\System",
        "\\REGISTRY\\MACHINE\\SAM",
        "\\REGISTRY\\MACHINE\\SECURITY",
        "\\REGISTRY",
    };

    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        expect_map(names[i], V32, "SAME");
        expect_map(names[i], V64, "SAME");
        if (!shared(names[i]))
            fail_msg("%s not shared", names[i]);
    }
}

/* The shared subkeys of HKLM\SOFTWARE, typed from spec section 4. */
static const char *const spec_shared[] = {
    "Classes",
    "Clients",
    "Policies",
    "RegisteredApplications",
    "Microsoft\\COM3",
    "Microsoft\\Cryptography\\Calais\\Current",
    "Microsoft\\Cryptography\\Calais\\Readers",
    "Microsoft\\Cryptography\\Services",
    "Microsoft\\CTF\\SystemShared",
    "Microsoft\\CTF\\TIP",
    "Microsoft\\DFS",
    "Microsoft\\Driver Signing",
    "Microsoft\\EnterpriseCertificates",
    "Microsoft\\EventSystem",
    "Microsoft\\MSMQ",
    "Microsoft\\Non-Driver Signing",
    "Microsoft\\Notepad\\DefaultFonts",
    "Microsoft\\OLE",
    "Microsoft\\RAS",
    "Microsoft\\RPC",
    "Microsoft\\Shared Tools\\MSInfo",
    "Microsoft\\SystemCertificates",
    "Microsoft\\TermServLicensing",
    "Microsoft\\TransactionServer",
    "Microsoft\\Windows\\CurrentVersion\\App Paths",
    "Microsoft\\Windows\\CurrentVersion\\Control Panel\\Cursors\\Schemes",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\DriveIcons",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\KindMap",
    "Microsoft\\Windows\\CurrentVersion\\Group Policy",
    "Microsoft\\Windows\\CurrentVersion\\Policies",
    "Microsoft\\Windows\\CurrentVersion\\PreviewHandlers",
    "Microsoft\\Windows\\CurrentVersion\\Setup",
    "Microsoft\\Windows\\CurrentVersion\\Telephony\\Locations",
    "Microsoft\\Windows NT\\CurrentVersion\\Console",
    "Microsoft\\Windows NT\\CurrentVersion\\FontDpi",
    "Microsoft\\Windows NT\\CurrentVersion\\FontLink",
    "Microsoft\\Windows NT\\CurrentVersion\\FontMapper",
    "Microsoft\\Windows NT\\CurrentVersion\\Fonts",
    "Microsoft\\Windows NT\\CurrentVersion\\FontSubstitutes",
    "Microsoft\\Windows NT\\CurrentVersion\\Gre_Initialize",
    "Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
    "Microsoft\\Windows NT\\CurrentVersion\\Language Pack",
    "Microsoft\\Windows NT\\CurrentVersion\\NetworkCards",
    "Microsoft\\Windows NT\\CurrentVersion\\Perflib",
    "Microsoft\\Windows NT\\CurrentVersion\\Ports",
    "Microsoft\\Windows NT\\CurrentVersion\\Print",
    "Microsoft\\Windows NT\\CurrentVersion\\ProfileList",
    "Microsoft\\Windows NT\\CurrentVersion\\Time Zones",
};

static void test_every_shared_key_in_the_spec_is_not_redirected(void **state)
{
    char name[512];

    for (size_t i = 0; i < sizeof spec_shared / sizeof *spec_shared; i++) {
        /* The key itself, a subkey, a deeper subkey, and in upper case. */
        snprintf(name, sizeof name, HKLM_SW "\\%s", spec_shared[i]);
        expect_map(name, V32, "SAME");
        assert_true(shared(name));
        snprintf(name, sizeof name, HKLM_SW "\\%s\\Sub", spec_shared[i]);
        expect_map(name, V32, "SAME");
        assert_true(shared(name));
        snprintf(name, sizeof name, HKLM_SW "\\%s\\Sub\\Deeper Key", spec_shared[i]);
        expect_map(name, V32, "SAME");
        snprintf(name, sizeof name, HKLM_SW "\\%s", spec_shared[i]);
        for (char *c = name; *c; c++)
            if (*c >= 'a' && *c <= 'z')
                *c = (char)(*c - 32);
        expect_map(name, V32, "SAME");
    }
}

static void test_parents_of_shared_keys_are_redirected(void **state)
{
    static const char *const parents[] = {
        "Microsoft",
        "Microsoft\\Cryptography",
        "Microsoft\\Cryptography\\Calais",
        "Microsoft\\CTF",
        "Microsoft\\Notepad",
        "Microsoft\\Shared Tools",
        "Microsoft\\Windows",
        "Microsoft\\Windows\\CurrentVersion",
        "Microsoft\\Windows\\CurrentVersion\\Control Panel",
        "Microsoft\\Windows\\CurrentVersion\\Control Panel\\Cursors",
        "Microsoft\\Windows\\CurrentVersion\\Explorer",
        "Microsoft\\Windows\\CurrentVersion\\Telephony",
        "Microsoft\\Windows NT",
        "Microsoft\\Windows NT\\CurrentVersion",
        /* Siblings of shared keys. */
        "Microsoft\\Cryptography\\Calais\\SmartCards",
        "Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders",
        "Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
    };
    char name[512], want[512];

    for (size_t i = 0; i < sizeof parents / sizeof *parents; i++) {
        snprintf(name, sizeof name, HKLM_SW "\\%s", parents[i]);
        snprintf(want, sizeof want, HKLM_SW "\\Wow6432Node\\%s", parents[i]);
        expect_map(name, V32, want);
        assert_false(shared(name));
    }
}

static void test_shared_microsoft_ole_not_redirected(void **state)
{
    expect_map(HKLM_SW "\\Microsoft\\OLE", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\OLE\\Extensions", V32, "SAME");
}

static void test_shared_clients_policies_registeredapplications(void **state)
{
    expect_map(HKLM_SW "\\Clients\\StartMenuInternet", V32, "SAME");
    expect_map(HKLM_SW "\\Policies\\Microsoft", V32, "SAME");
    expect_map(HKLM_SW "\\RegisteredApplications", V32, "SAME");
}

static void test_shared_windows_currentversion_app_paths(void **state)
{
    expect_map(HKLM_SW "\\Microsoft\\Windows\\CurrentVersion\\App Paths\\app.exe", V32, "SAME");
}

static void test_shared_windows_nt_currentversion_fonts(void **state)
{
    expect_map(HKLM_SW "\\Microsoft\\Windows NT\\CurrentVersion\\Fonts", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\UTC", V32, "SAME");
}

static void test_formerly_reflected_keys_are_shared(void **state)
{
    /* Windows Vista reflected these; Windows 7 shares them. */
    expect_map(HKLM_SW "\\Classes\\.txt", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\COM3", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\EventSystem", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\OLE", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\RPC", V32, "SAME");
    expect_map(HKCU "\\Software\\Classes\\.txt", V32, "SAME");
}

static void test_view_flags_ignored_on_shared_keys(void **state)
{
    /* A shared key names one key in the store from both views. */
    expect_map(HKLM_SW "\\Microsoft\\RPC\\x", V32, "SAME");
    expect_map(HKLM_SW "\\Microsoft\\RPC\\x", V64, "SAME");
    expect_map("\\REGISTRY\\MACHINE\\SYSTEM\\x", V32, "SAME");
    expect_map("\\REGISTRY\\MACHINE\\SYSTEM\\x", V64, "SAME");
}

/* ---- Classes ---- */

static const char *const spec_split_classes[] = { "CLSID", "DirectShow", "Interface", "Media Type",
                                                  "MediaFoundation" };

static void test_classes_clsid_redirected(void **state)
{
    expect_map(HKLM_SW "\\Classes\\CLSID\\{0002DF01-0000-0000-C000-000000000046}", V32,
               HKLM_SW "\\Classes\\Wow6432Node\\CLSID\\{0002DF01-0000-0000-C000-000000000046}");
    expect_map(HKLM_SW "\\Classes\\CLSID", V32, HKLM_SW "\\Classes\\Wow6432Node\\CLSID");
}

static void test_five_classes_subkeys_redirected_under_hklm(void **state)
{
    char name[256], want[256];

    for (size_t i = 0; i < 5; i++) {
        snprintf(name, sizeof name, HKLM_SW "\\Classes\\%s", spec_split_classes[i]);
        snprintf(want, sizeof want, HKLM_SW "\\Classes\\Wow6432Node\\%s", spec_split_classes[i]);
        expect_map(name, V32, want);
        expect_map(name, V64, "SAME");
        assert_false(shared(name));
        snprintf(name, sizeof name, HKLM_SW "\\Classes\\%s\\Sub\\Key", spec_split_classes[i]);
        snprintf(want, sizeof want, HKLM_SW "\\Classes\\Wow6432Node\\%s\\Sub\\Key",
                 spec_split_classes[i]);
        expect_map(name, V32, want);
    }
}

static void test_five_classes_subkeys_redirected_under_user_classes(void **state)
{
    char name[256], want[256];

    for (size_t i = 0; i < 5; i++) {
        snprintf(name, sizeof name, HKCU "\\Software\\Classes\\%s\\x", spec_split_classes[i]);
        snprintf(want, sizeof want, HKCU "\\Software\\Classes\\Wow6432Node\\%s\\x",
                 spec_split_classes[i]);
        expect_map(name, V32, want);
        expect_map(name, V64, "SAME");
        assert_false(shared(name));
    }
    /* Any user's hive, not only the token's. */
    expect_map("\\REGISTRY\\USER\\S-1-5-18\\Software\\Classes\\CLSID", V32,
               "\\REGISTRY\\USER\\S-1-5-18\\Software\\Classes\\Wow6432Node\\CLSID");
}

static void test_five_classes_subkeys_redirected_in_the_user_classes_hive(void **state)
{
    /* HKCU\Software\Classes is a link to \REGISTRY\USER\<sid>_Classes. */
    expect_map(HKCU "_Classes\\CLSID\\{x}", V32, HKCU "_Classes\\Wow6432Node\\CLSID\\{x}");
    expect_map(HKCU "_Classes\\Media Type", V32, HKCU "_Classes\\Wow6432Node\\Media Type");
    expect_map(HKCU "_Classes\\CLSID", V64, "SAME");
    expect_map(HKCU "_Classes\\Wow6432Node\\TypeLib", V32, HKCU "_Classes\\TypeLib");
    expect_map(HKCU "_Classes\\.txt", V32, "SAME");
    expect_map(HKCU "_Classes", V32, "SAME");
    expect_map("\\REGISTRY\\USER\\_Classes\\CLSID", V32, "SAME");
    expect_map(HKCU "_ClassesX\\CLSID", V32, "SAME");
}

static void test_other_classes_subkeys_shared(void **state)
{
    static const char *const names[] = {
        HKLM_SW "\\Classes",
        HKLM_SW "\\Classes\\.txt",
        HKLM_SW "\\Classes\\txtfile\\shell\\open\\command",
        HKLM_SW "\\Classes\\AppID\\{x}",
        HKLM_SW "\\Classes\\TypeLib\\{x}",
        HKLM_SW "\\Classes\\Wow6432Node",
        HKCU "\\Software\\Classes",
        HKCU "\\Software\\Classes\\.txt",
    };

    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        expect_map(names[i], V32, "SAME");
        if (!shared(names[i]))
            fail_msg("%s not shared", names[i]);
    }
}

static void test_hkcu_shared_apart_from_classes(void **state)
{
    static const char *const names[] = {
        HKCU,
        HKCU "\\Software",
        HKCU "\\Software\\Vendor\\App",
        HKCU "\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        HKCU "\\Environment",
        HKCU "\\Software\\ClassesX\\CLSID",
        "\\REGISTRY\\USER",
    };

    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        expect_map(names[i], V32, "SAME");
        if (!shared(names[i]))
            fail_msg("%s not shared", names[i]);
    }
}

/* ---- Compatibility links and the reserved name ---- */

static void test_compat_link_wow6432node_classes(void **state)
{
    /* SOFTWARE\Wow6432Node\Classes -> SOFTWARE\Classes\Wow6432Node. */
    expect_map(HKLM_SW "\\Wow6432Node\\Classes", V64, HKLM_SW "\\Classes\\Wow6432Node");
    expect_map(HKLM_SW "\\Wow6432Node\\Classes\\CLSID\\{x}", V64,
               HKLM_SW "\\Classes\\Wow6432Node\\CLSID\\{x}");
    expect_map(HKLM_SW "\\wow6432node\\classes\\Interface", V64,
               HKLM_SW "\\Classes\\Wow6432Node\\Interface");
    /* Through it, the links back to Classes. */
    expect_map(HKLM_SW "\\Wow6432Node\\Classes\\TypeLib\\{x}", V64,
               HKLM_SW "\\Classes\\TypeLib\\{x}");
}

static void test_compat_links_classes_wow6432node_appid_protocols_typelib(void **state)
{
    static const char *const linked[] = { "AppID", "PROTOCOLS", "TypeLib" };
    static const char *const roots[] = { HKLM_SW "\\Classes", HKCU "\\Software\\Classes" };
    char name[256], want[256];

    for (size_t r = 0; r < 2; r++)
        for (size_t i = 0; i < 3; i++) {
            snprintf(name, sizeof name, "%s\\Wow6432Node\\%s", roots[r], linked[i]);
            snprintf(want, sizeof want, "%s\\%s", roots[r], linked[i]);
            expect_map(name, V32, want);
            expect_map(name, V64, want);
            assert_true(shared(name));
            snprintf(name, sizeof name, "%s\\Wow6432Node\\%s\\{x}\\1.0", roots[r], linked[i]);
            snprintf(want, sizeof want, "%s\\%s\\{x}\\1.0", roots[r], linked[i]);
            expect_map(name, V32, want);
            expect_map(name, V64, want);
        }
    /* Only those three. */
    expect_map(HKLM_SW "\\Classes\\Wow6432Node\\CLSID", V32, "SAME");
    expect_map(HKLM_SW "\\Classes\\Wow6432Node\\AppIDs", V64, "SAME");
}

static void test_reserved_wow6432node_denied_in_32bit_view(void **state)
{
    expect_map(HKLM_SW "\\Wow6432Node", V32, "DENIED");
    expect_map(HKLM_SW "\\Wow6432Node\\Vendor", V32, "DENIED");
    expect_map(HKLM_SW "\\WOW6432NODE\\Classes", V32, "DENIED");
    assert_false(shared(HKLM_SW "\\Wow6432Node\\Vendor"));
}

static void test_wow6432node_reached_as_is_in_64bit_view(void **state)
{
    expect_map(HKLM_SW "\\Wow6432Node", V64, "SAME");
    expect_map(HKLM_SW "\\Wow6432Node\\Vendor\\App", V64, "SAME");
    expect_map(HKLM_SW "\\Wow6432Node\\Classesx", V64, "SAME");
}

static void test_wow6432node_elsewhere_is_an_ordinary_name(void **state)
{
    expect_map(HKLM_SW "\\Vendor\\Wow6432Node", V32, HKLM_SW "\\Wow6432Node\\Vendor\\Wow6432Node");
    expect_map(HKCU "\\Software\\Wow6432Node", V32, "SAME");
}

static void test_too_small_output_reports_too_long(void **state)
{
    uint16_t in[128], out[8];
    size_t n = widen(HKLM_SW "\\Vendor", in), olen = 0;

    assert_int_equal(redirect_reg_key(in, n, V32, out, 8, &olen), REDIRECT_REG_TOO_LONG);
    /* Exactly the needed size is enough. */
    {
        uint16_t big[128];
        size_t need = strlen(HKLM_SW "\\Wow6432Node\\Vendor");

        assert_int_equal(redirect_reg_key(in, n, V32, big, need, &olen), REDIRECT_REG_CHANGED);
        assert_int_equal(olen, need);
        assert_int_equal(redirect_reg_key(in, n, V32, big, need - 1, &olen), REDIRECT_REG_TOO_LONG);
    }
}

/* ---- Value rewriting ---- */

static const char *rewrite(uint32_t type, const char *value, bool nul)
{
    static char got[512];
    uint16_t in[256], out[256];
    size_t n = widen(value, in), olen = 0;

    if (nul)
        in[n++] = 0;
    if (!redirect_reg_value(type, in, n, out, 256, &olen))
        return "UNCHANGED";
    if (nul) {
        assert_int_equal(out[olen - 1], 0);
        olen--;
    }
    for (size_t i = 0; i < olen; i++)
        got[i] = (char)out[i];
    got[olen] = 0;
    return got;
}

static void test_programfiles_value_rewritten(void **state)
{
    assert_string_equal(rewrite(1, "%ProgramFiles%\\App\\app.exe", true),
                        "%ProgramFiles(x86)%\\App\\app.exe");
    assert_string_equal(rewrite(2, "%ProgramFiles%\\App\\app.exe", false),
                        "%ProgramFiles(x86)%\\App\\app.exe");
    assert_string_equal(rewrite(2, "%ProgramFiles%", false), "%ProgramFiles(x86)%");
    assert_string_equal(rewrite(1, "%PROGRAMFILES%\\a", true), "%ProgramFiles(x86)%\\a");
}

static void test_commonprogramfiles_value_rewritten(void **state)
{
    assert_string_equal(rewrite(2, "%commonprogramfiles%\\System\\x.dll", true),
                        "%CommonProgramFiles(x86)%\\System\\x.dll");
    assert_string_equal(rewrite(1, "%CommonProgramFiles%\\x", false),
                        "%CommonProgramFiles(x86)%\\x");
}

static void test_value_rewrite_only_for_reg_sz_and_expand_sz(void **state)
{
    assert_string_equal(rewrite(0, "%ProgramFiles%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(3, "%ProgramFiles%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(4, "%ProgramFiles%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(7, "%ProgramFiles%\\a", true), "UNCHANGED");
}

static void test_value_rewrite_only_at_the_start(void **state)
{
    assert_string_equal(rewrite(1, "C:\\x;%ProgramFiles%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(1, " %ProgramFiles%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(1, "%ProgramFiles(x86)%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(1, "%ProgramW6432%\\a", true), "UNCHANGED");
    assert_string_equal(rewrite(1, "%ProgramFiles", true), "UNCHANGED");
    assert_string_equal(rewrite(1, "", true), "UNCHANGED");
    assert_string_equal(rewrite(2, "C:\\Program Files\\a", true), "UNCHANGED");
}

static void test_value_rewrite_needs_room(void **state)
{
    uint16_t in[64], out[64];
    size_t n = widen("%ProgramFiles%\\a", in), olen;

    /* len + 5 ("(x86)") is what it needs. */
    assert_true(redirect_reg_value(1, in, n, out, n + 5, &olen));
    assert_int_equal(olen, n + 5);
    assert_false(redirect_reg_value(1, in, n, out, n + 4, &olen));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_view_flags_invalid),
        cmocka_unit_test(test_wow64_process_defaults_to_32bit_view),
        cmocka_unit_test(test_64bit_process_defaults_to_64bit_view),
        cmocka_unit_test(test_64key_flag_reaches_64bit_view_from_32bit_process),
        cmocka_unit_test(test_32key_flag_reaches_32bit_view_from_64bit_process),
        cmocka_unit_test(test_relative_open_inherits_64key_view),
        cmocka_unit_test(test_relative_open_32key_overrides_parent_view),
        cmocka_unit_test(test_hklm_software_redirects_to_wow6432node),
        cmocka_unit_test(test_hklm_software_key_itself_redirects),
        cmocka_unit_test(test_64bit_view_uses_names_as_they_are),
        cmocka_unit_test(test_match_is_case_insensitive_and_keeps_the_callers_case),
        cmocka_unit_test(test_whole_component_match),
        cmocka_unit_test(test_hklm_outside_software_is_shared),
        cmocka_unit_test(test_every_shared_key_in_the_spec_is_not_redirected),
        cmocka_unit_test(test_parents_of_shared_keys_are_redirected),
        cmocka_unit_test(test_shared_microsoft_ole_not_redirected),
        cmocka_unit_test(test_shared_clients_policies_registeredapplications),
        cmocka_unit_test(test_shared_windows_currentversion_app_paths),
        cmocka_unit_test(test_shared_windows_nt_currentversion_fonts),
        cmocka_unit_test(test_formerly_reflected_keys_are_shared),
        cmocka_unit_test(test_view_flags_ignored_on_shared_keys),
        cmocka_unit_test(test_classes_clsid_redirected),
        cmocka_unit_test(test_five_classes_subkeys_redirected_under_hklm),
        cmocka_unit_test(test_five_classes_subkeys_redirected_under_user_classes),
        cmocka_unit_test(test_five_classes_subkeys_redirected_in_the_user_classes_hive),
        cmocka_unit_test(test_other_classes_subkeys_shared),
        cmocka_unit_test(test_hkcu_shared_apart_from_classes),
        cmocka_unit_test(test_compat_link_wow6432node_classes),
        cmocka_unit_test(test_compat_links_classes_wow6432node_appid_protocols_typelib),
        cmocka_unit_test(test_reserved_wow6432node_denied_in_32bit_view),
        cmocka_unit_test(test_wow6432node_reached_as_is_in_64bit_view),
        cmocka_unit_test(test_wow6432node_elsewhere_is_an_ordinary_name),
        cmocka_unit_test(test_too_small_output_reports_too_long),
        cmocka_unit_test(test_programfiles_value_rewritten),
        cmocka_unit_test(test_commonprogramfiles_value_rewritten),
        cmocka_unit_test(test_value_rewrite_only_for_reg_sz_and_expand_sz),
        cmocka_unit_test(test_value_rewrite_only_at_the_start),
        cmocka_unit_test(test_value_rewrite_needs_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
