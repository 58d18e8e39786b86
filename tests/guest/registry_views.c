/* Registry redirection seen from a real 32-bit process (issue 3; spec
 * section 4; Microsoft's "Registry Redirector", "Registry Keys Affected
 * by WOW64" and "Accessing an Alternate Registry View" pages): HKLM\Software
 * writes land in Wow6432Node, KEY_WOW64_64KEY reaches the 64-bit view,
 * relative opens keep their parent's view, shared keys are one copy, the
 * five Classes subkeys are redirected, RegDeleteKeyEx reaches the other
 * view, and the %ProgramFiles% value rewrite. Keys are named after the
 * process id and removed at the end. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "test.h"

#define R KEY_READ
#define W64 KEY_WOW64_64KEY
#define W32 KEY_WOW64_32KEY

static WCHAR x_name[64], path[160];

static const WCHAR *p(const WCHAR *fmt)
{
    swprintf(path, 160, fmt, x_name);
    return path;
}

static LONG open_key(HKEY root, const WCHAR *name, REGSAM sam)
{
    HKEY k;
    LONG err = RegOpenKeyExW(root, name, 0, sam, &k);

    if (!err)
        RegCloseKey(k);
    return err;
}

static LONG create_key(HKEY root, const WCHAR *name, REGSAM sam)
{
    HKEY k;
    LONG err = RegCreateKeyExW(root, name, 0, NULL, 0, KEY_ALL_ACCESS | sam, NULL, &k, NULL);

    if (!err)
        RegCloseKey(k);
    return err;
}

static void test_software_redirected(void)
{
    LONG err;

    err = create_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls"), 0);
    ok(err == ERROR_SUCCESS, "create HKLM\\Software\\X (32-bit view): %ld", err);
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls"), R) == ERROR_SUCCESS, "visible in the 32-bit view");
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls"), R | W32) == ERROR_SUCCESS, "visible with KEY_WOW64_32KEY");
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\Wow6432Node\\%ls"), R | W64) == ERROR_SUCCESS,
       "stored at Software\\Wow6432Node\\X");
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls"), R | W64) == ERROR_FILE_NOT_FOUND,
       "absent from the 64-bit view's Software\\X");

    err = create_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"), W64);
    ok(err == ERROR_SUCCESS, "create Software\\X64 with KEY_WOW64_64KEY: %ld", err);
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"), R | W64) == ERROR_SUCCESS, "in the 64-bit view");
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"), R) == ERROR_FILE_NOT_FOUND, "not in the 32-bit view");
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\Wow6432Node\\%ls64"), R | W64) == ERROR_FILE_NOT_FOUND,
       "not under Wow6432Node");
}

static void test_relative_views(void)
{
    HKEY sw64, sw32;

    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software", 0, R | W64, &sw64) == ERROR_SUCCESS, "open Software (64)");
    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software", 0, R, &sw32) == ERROR_SUCCESS, "open Software (32)");
    ok(open_key(sw64, p(L"%ls64"), R) == ERROR_SUCCESS, "relative open under a 64KEY handle stays 64-bit");
    ok(open_key(sw64, x_name, R) == ERROR_FILE_NOT_FOUND, "... and does not see the 32-bit key");
    ok(open_key(sw64, x_name, R | W32) == ERROR_SUCCESS, "KEY_WOW64_32KEY overrides the parent's view");
    ok(open_key(sw32, x_name, R) == ERROR_SUCCESS, "relative open under a 32-bit handle stays 32-bit");
    ok(open_key(sw32, p(L"%ls64"), R) == ERROR_FILE_NOT_FOUND, "... and does not see the 64-bit key");
    ok(open_key(sw32, p(L"Wow6432Node\\%ls"), R) == ERROR_FILE_NOT_FOUND,
       "Wow6432Node is reserved under a 32-bit view handle");
    RegCloseKey(sw64);
    RegCloseKey(sw32);
}

/* A value written in the 32-bit view is read in the 64-bit one. */
static void check_shared(HKEY root, const WCHAR *name, const char *what)
{
    DWORD v = 0x5151, got = 0, size = sizeof got;
    HKEY k;
    LONG err;

    err = RegCreateKeyExW(root, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(err == ERROR_SUCCESS, "%s: create %ld", what, err);
    if (err)
        return;
    RegSetValueExW(k, L"shared", 0, REG_DWORD, (BYTE *)&v, 4);
    RegCloseKey(k);
    err = RegGetValueW(root, name, L"shared", RRF_RT_REG_DWORD | RRF_SUBKEY_WOW6464KEY, NULL, &got, &size);
    ok(err == ERROR_SUCCESS && got == v, "%s: one copy for both views (%ld)", what, err);
    ok(RegDeleteKeyExW(root, name, KEY_WOW64_64KEY, 0) == ERROR_SUCCESS, "%s: delete through the other view", what);
}

static void test_shared(void)
{
    check_shared(HKEY_LOCAL_MACHINE, p(L"Software\\Classes\\.w64v%ls"), "HKLM\\Software\\Classes\\.ext");
    check_shared(HKEY_LOCAL_MACHINE, p(L"Software\\Microsoft\\OLE\\%ls"), "HKLM\\Software\\Microsoft\\OLE");
    check_shared(HKEY_LOCAL_MACHINE, p(L"SYSTEM\\%ls"), "HKLM\\SYSTEM");
    check_shared(HKEY_CURRENT_USER, p(L"Software\\%ls"), "HKCU\\Software");
}

static void test_classes_subkeys(void)
{
    static const WCHAR *const five[] = { L"CLSID", L"Interface", L"DirectShow", L"Media Type", L"MediaFoundation" };
    WCHAR name[160];

    for (int i = 0; i < 5; i++) {
        swprintf(name, 160, L"Software\\Classes\\%ls\\{%ls}", five[i], x_name);
        ok(create_key(HKEY_LOCAL_MACHINE, name, 0) == ERROR_SUCCESS, "create Classes\\%ls\\{X}", five[i]);
        ok(open_key(HKEY_LOCAL_MACHINE, name, R | W64) == ERROR_FILE_NOT_FOUND,
           "Classes\\%ls is redirected: absent from the 64-bit view", five[i]);
        swprintf(name, 160, L"Software\\Classes\\Wow6432Node\\%ls\\{%ls}", five[i], x_name);
        ok(open_key(HKEY_LOCAL_MACHINE, name, R | W64) == ERROR_SUCCESS,
           "stored at Classes\\Wow6432Node\\%ls", five[i]);
        ok(RegDeleteKeyExW(HKEY_LOCAL_MACHINE, name, KEY_WOW64_64KEY, 0) == ERROR_SUCCESS, "cleanup %ls", five[i]);
    }
}

/* The same rules apply through HKEY_CLASSES_ROOT. */
static void test_classes_root_view(void)
{
    WCHAR name[160];

    swprintf(name, 160, L"CLSID\\{%ls-cr}", x_name);
    ok(create_key(HKEY_CLASSES_ROOT, name, 0) == ERROR_SUCCESS, "create HKCR\\CLSID\\{X}");
    ok(open_key(HKEY_CLASSES_ROOT, name, R) == ERROR_SUCCESS, "visible through HKCR in the 32-bit view");
    swprintf(name, 160, L"Software\\Classes\\Wow6432Node\\CLSID\\{%ls-cr}", x_name);
    ok(open_key(HKEY_LOCAL_MACHINE, name, R | W64) == ERROR_SUCCESS, "stored under Classes\\Wow6432Node\\CLSID");
    ok(RegDeleteKeyExW(HKEY_LOCAL_MACHINE, name, W64, 0) == ERROR_SUCCESS, "cleanup HKCR key");

    /* A 64-bit CLSID, reached below an HKCR handle opened with 64KEY. */
    swprintf(name, 160, L"Software\\Classes\\CLSID\\{%ls-64}", x_name);
    ok(create_key(HKEY_LOCAL_MACHINE, name, W64) == ERROR_SUCCESS, "create a 64-bit CLSID");
    swprintf(name, 160, L"CLSID\\{%ls-64}", x_name);
    ok(open_key(HKEY_CLASSES_ROOT, name, R) == ERROR_FILE_NOT_FOUND, "not in HKCR's 32-bit view");
    ok(open_key(HKEY_CLASSES_ROOT, name, R | W64) == ERROR_SUCCESS, "in HKCR's 64-bit view");
    {
        HKEY clsid64;

        ok(RegOpenKeyExW(HKEY_CLASSES_ROOT, L"CLSID", 0, R | W64, &clsid64) == ERROR_SUCCESS, "HKCR\\CLSID (64)");
        swprintf(name, 160, L"{%ls-64}", x_name);
        ok(open_key(clsid64, name, R) == ERROR_SUCCESS, "relative open below it stays 64-bit");
        RegCloseKey(clsid64);
    }
    swprintf(name, 160, L"Software\\Classes\\CLSID\\{%ls-64}", x_name);
    ok(RegDeleteKeyExW(HKEY_LOCAL_MACHINE, name, W64, 0) == ERROR_SUCCESS, "cleanup 64-bit CLSID");
}

static void test_flags_and_delete(void)
{
    HKEY k;
    LONG err;

    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software", 0, R | W64 | W32, &k) == ERROR_INVALID_PARAMETER,
       "RegOpenKeyEx with both flags");
    ok(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Software\\x", 0, NULL, 0, KEY_ALL_ACCESS | W64 | W32, NULL, &k, NULL) ==
       ERROR_INVALID_PARAMETER, "RegCreateKeyEx with both flags");
    ok(RegDeleteKeyExW(HKEY_LOCAL_MACHINE, L"Software\\x", W64 | W32, 0) == ERROR_INVALID_PARAMETER,
       "RegDeleteKeyEx with both flags");

    /* The 64-bit key X64: RegDeleteKey stays in the 32-bit view. */
    err = RegDeleteKeyW(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"));
    ok(err == ERROR_FILE_NOT_FOUND, "RegDeleteKey cannot reach the 64-bit view: %ld", err);
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"), R | W64) == ERROR_SUCCESS, "still there");
    err = RegDeleteKeyExW(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"), KEY_WOW64_64KEY, 0);
    ok(err == ERROR_SUCCESS, "RegDeleteKeyEx with KEY_WOW64_64KEY: %ld", err);
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\%ls64"), R | W64) == ERROR_FILE_NOT_FOUND, "gone");
}

static void test_value_rewrite(void)
{
    static const WCHAR pf[] = L"%ProgramFiles%\\App";
    static const WCHAR cpf[] = L"%commonprogramfiles%\\Lib";
    WCHAR buf[64];
    DWORD size;
    HKEY k32, k64;

    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, p(L"Software\\%ls"), 0, KEY_ALL_ACCESS, &k32) == ERROR_SUCCESS, "open X");
    ok(RegCreateKeyExW(HKEY_LOCAL_MACHINE, p(L"Software\\%lsv64"), 0, NULL, 0, KEY_ALL_ACCESS | W64, NULL, &k64,
                       NULL) == ERROR_SUCCESS, "create a 64-bit key");
    RegSetValueExW(k32, L"pf", 0, REG_SZ, (BYTE *)pf, sizeof pf);
    RegSetValueExW(k32, L"cpf", 0, REG_EXPAND_SZ, (BYTE *)cpf, sizeof cpf);
    RegSetValueExW(k64, L"pf", 0, REG_SZ, (BYTE *)pf, sizeof pf);
    size = sizeof buf;
    RegQueryValueExW(k32, L"pf", NULL, NULL, (BYTE *)buf, &size);
    ok(!_wcsicmp(buf, L"%ProgramFiles(x86)%\\App"), "32-bit writer: %%ProgramFiles%% stored as (x86): %ls", buf);
    size = sizeof buf;
    RegQueryValueExW(k32, L"cpf", NULL, NULL, (BYTE *)buf, &size);
    ok(!_wcsicmp(buf, L"%CommonProgramFiles(x86)%\\Lib"), "%%commonprogramfiles%% stored as (x86): %ls", buf);
    size = sizeof buf;
    RegQueryValueExW(k64, L"pf", NULL, NULL, (BYTE *)buf, &size);
    ok(!wcscmp(buf, pf), "KEY_WOW64_64KEY writer: unchanged: %ls", buf);
    RegCloseKey(k32);
    RegCloseKey(k64);
    ok(RegDeleteKeyExW(HKEY_LOCAL_MACHINE, p(L"Software\\%lsv64"), W64, 0) == ERROR_SUCCESS, "cleanup v64");
}

int main(void)
{
    swprintf(x_name, 64, L"w64views_%lu", GetCurrentProcessId());
    test_software_redirected();
    test_relative_views();
    test_shared();
    test_classes_subkeys();
    test_classes_root_view();
    test_flags_and_delete();
    test_value_rewrite();
    ok(RegDeleteKeyW(HKEY_LOCAL_MACHINE, p(L"Software\\%ls")) == ERROR_SUCCESS, "cleanup X");
    ok(open_key(HKEY_LOCAL_MACHINE, p(L"Software\\Wow6432Node\\%ls"), R | W64) == ERROR_FILE_NOT_FOUND,
       "cleanup reached Wow6432Node");
    return test_summary();
}
