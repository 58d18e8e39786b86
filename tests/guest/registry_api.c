/* The advapi32 registry API from a 32-bit program, A and W forms, with
 * the results and error codes Microsoft documents for each function
 * (RegOpenKeyEx, RegCreateKeyEx, RegQueryValueEx, RegSetValueEx,
 * RegGetValue, RegEnumKeyEx, RegEnumValue, RegQueryInfoKey, RegDeleteKey,
 * RegDeleteTree, RegCopyTree, ... pages), the HKEY_CLASSES_ROOT merge and
 * the default content a prefix starts with. Keys are named after the
 * process id and removed at the end. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <sddl.h>

#include "test.h"

static WCHAR base_name[64];   /* Software\wow64test_api_<pid> under HKCU */
static char base_name_a[64];
static HKEY base;

/* The user's SID string, from the process token (HKEY_USERS\<sid> is
 * HKEY_CURRENT_USER). */
static void user_sid(WCHAR *out, size_t max)
{
    BYTE buf[256];
    DWORD len;
    HANDLE tok;
    WCHAR *str = NULL;

    out[0] = 0;
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        if (GetTokenInformation(tok, TokenUser, buf, sizeof buf, &len) &&
            ConvertSidToStringSidW(((TOKEN_USER *)buf)->User.Sid, &str)) {
            wcsncpy(out, str, max - 1);
            out[max - 1] = 0;
            LocalFree(str);
        }
        CloseHandle(tok);
    }
}

static HKEY create(HKEY parent, const WCHAR *name)
{
    HKEY k = NULL;
    LONG err = RegCreateKeyExW(parent, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);

    ok(err == ERROR_SUCCESS, "create %ls: %ld", name, err);
    return k;
}

static void test_open_create(void)
{
    DWORD disp = 0;
    HKEY k;
    LONG err;

    err = RegCreateKeyExW(HKEY_CURRENT_USER, base_name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &base, &disp);
    ok(err == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "create base: %ld disp %lu", err, disp);
    err = RegCreateKeyExW(HKEY_CURRENT_USER, base_name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(err == ERROR_SUCCESS && disp == REG_OPENED_EXISTING_KEY, "create again: %ld disp %lu", err, disp);
    RegCloseKey(k);

    /* Missing keys on the path are created too. */
    err = RegCreateKeyExW(base, L"a\\b\\c", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(err == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "nested create: %ld disp %lu", err, disp);
    RegCloseKey(k);
    err = RegOpenKeyExW(base, L"a\\b", 0, KEY_READ, &k);
    ok(err == ERROR_SUCCESS, "open a\\b: %ld", err);
    RegCloseKey(k);
    err = RegOpenKeyExW(base, L"A\\B\\C", 0, KEY_READ, &k);
    ok(err == ERROR_SUCCESS, "names are case-insensitive: %ld", err);
    RegCloseKey(k);

    k = (HKEY)0xdead;
    err = RegOpenKeyExW(base, L"missing", 0, KEY_READ, &k);
    ok(err == ERROR_FILE_NOT_FOUND, "missing key: %ld", err);
    ok(k == NULL, "result cleared on failure");
    err = RegOpenKeyExW(base, L"x", 0, KEY_READ | KEY_WOW64_64KEY | KEY_WOW64_32KEY, &k);
    ok(err == ERROR_INVALID_PARAMETER, "both view flags: %ld", err);
    err = RegCreateKeyExW(base, L"x", 0, NULL, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY | KEY_WOW64_32KEY, NULL, &k, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "create with both view flags: %ld", err);
    err = RegOpenKeyExW(base, L"a", 0, KEY_READ, NULL);
    ok(err == ERROR_INVALID_PARAMETER, "NULL result: %ld", err);

    /* An empty name: a new handle to the same key. */
    err = RegOpenKeyExW(base, L"", 0, KEY_READ, &k);
    ok(err == ERROR_SUCCESS && k != base, "open empty name: %ld", err);
    RegCloseKey(k);
    /* The 3.1 forms give the key itself back. */
    ok(RegOpenKeyW(base, NULL, &k) == ERROR_SUCCESS && k == base, "RegOpenKeyW(NULL)");
    ok(RegCreateKeyW(base, L"legacy", &k) == ERROR_SUCCESS, "RegCreateKeyW");
    RegCloseKey(k);
    ok(RegOpenKeyW(base, L"legacy", &k) == ERROR_SUCCESS, "RegOpenKeyW");
    RegCloseKey(k);
    ok(RegCreateKeyA(base, "legacy_a", &k) == ERROR_SUCCESS, "RegCreateKeyA");
    RegCloseKey(k);
    ok(RegOpenKeyA(base, "LEGACY_A", &k) == ERROR_SUCCESS, "RegOpenKeyA");
    RegCloseKey(k);

    err = RegCreateKeyExA(base, "ansi\\sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(err == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "RegCreateKeyExA: %ld", err);
    RegCloseKey(k);
    err = RegOpenKeyExA(base, "ansi\\sub", 0, KEY_READ, &k);
    ok(err == ERROR_SUCCESS, "RegOpenKeyExA: %ld", err);
    RegCloseKey(k);
    ok(RegOpenKeyExA(base, "ansi\\none", 0, KEY_READ, &k) == ERROR_FILE_NOT_FOUND, "RegOpenKeyExA missing");
    /* ANSI names go through the ANSI code page (1252: 0xE9 is U+00E9). */
    ok(RegCreateKeyExA(base, "caf\xe9", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL) == ERROR_SUCCESS, "ANSI name");
    RegCloseKey(k);
    ok(RegOpenKeyExW(base, L"caf\x00e9", 0, KEY_READ, &k) == ERROR_SUCCESS, "same key by its UTF-16 name");
    RegCloseKey(k);
    ok(RegDeleteKeyW(base, L"CAF\x00c9") == ERROR_SUCCESS, "case-insensitive beyond ASCII");

    ok(RegCloseKey(NULL) == ERROR_INVALID_HANDLE, "RegCloseKey(NULL)");
    ok(RegCloseKey((HKEY)(ULONG_PTR)0x7ff0) == ERROR_INVALID_HANDLE, "RegCloseKey(bad)");
    ok(RegCloseKey(HKEY_LOCAL_MACHINE) == ERROR_SUCCESS, "closing a predefined key");
    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM", 0, KEY_READ, &k) == ERROR_SUCCESS,
       "predefined key still usable after RegCloseKey");
    RegCloseKey(k);
    ok(RegOpenKeyExW((HKEY)(ULONG_PTR)0x7ff0, L"x", 0, KEY_READ, &k) == ERROR_INVALID_HANDLE, "bad parent handle");
}

static void test_values(void)
{
    BYTE buf[64];
    WCHAR wbuf[32];
    char abuf[32];
    DWORD type, size, dw = 0x12345678;
    ULONGLONG qw = 0x1122334455667788ull;
    HKEY ro;
    LONG err;

    ok(RegSetValueExW(base, L"sz", 0, REG_SZ, (const BYTE *)L"hello", 12) == ERROR_SUCCESS, "set REG_SZ");
    size = 0;
    err = RegQueryValueExW(base, L"sz", NULL, &type, NULL, &size);
    ok(err == ERROR_SUCCESS && size == 12 && type == REG_SZ, "size query: %ld size %lu type %lu", err, size, type);
    size = 4;
    err = RegQueryValueExW(base, L"sz", NULL, &type, buf, &size);
    ok(err == ERROR_MORE_DATA && size == 12, "small buffer: %ld size %lu", err, size);
    size = sizeof buf;
    err = RegQueryValueExW(base, L"sz", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && size == 12 && !wcscmp((WCHAR *)buf, L"hello"), "read REG_SZ: %ld", err);
    size = sizeof buf;
    err = RegQueryValueExA(base, "sz", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && size == 6 && !strcmp((char *)buf, "hello") && type == REG_SZ,
       "RegQueryValueExA: %ld size %lu", err, size);
    size = 3;
    err = RegQueryValueExA(base, "sz", NULL, NULL, buf, &size);
    ok(err == ERROR_MORE_DATA && size == 6, "RegQueryValueExA small: %ld size %lu", err, size);
    size = 4;
    ok(RegQueryValueExW(base, L"sz", NULL, NULL, buf, NULL) == ERROR_INVALID_PARAMETER, "data without size");
    ok(RegQueryValueExW(base, L"nope", NULL, NULL, buf, &size) == ERROR_FILE_NOT_FOUND, "missing value");

    /* REG_SZ written without its terminator: a query with room adds one. */
    ok(RegSetValueExW(base, L"noterm", 0, REG_SZ, (const BYTE *)L"abc", 6) == ERROR_SUCCESS, "set unterminated");
    memset(buf, 'x', sizeof buf);
    size = sizeof buf;
    err = RegQueryValueExW(base, L"noterm", NULL, NULL, buf, &size);
    ok(err == ERROR_SUCCESS && size == 6 && buf[6] == 0 && buf[7] == 0, "terminator added, size %lu", size);
    memset(buf, 'x', sizeof buf);
    size = 6;
    err = RegQueryValueExW(base, L"noterm", NULL, NULL, buf, &size);
    ok(err == ERROR_SUCCESS && size == 6 && buf[6] == 'x', "no room: no terminator");

    ok(RegSetValueExW(base, L"dw", 0, REG_DWORD, (BYTE *)&dw, 4) == ERROR_SUCCESS, "set DWORD");
    ok(RegSetValueExW(base, L"qw", 0, REG_QWORD, (BYTE *)&qw, 8) == ERROR_SUCCESS, "set QWORD");
    ok(RegSetValueExW(base, L"bin", 0, REG_BINARY, (BYTE *)"\x01\x02\x03", 3) == ERROR_SUCCESS, "set BINARY");
    ok(RegSetValueExW(base, L"none", 0, REG_NONE, NULL, 0) == ERROR_SUCCESS, "set REG_NONE empty");
    ok(RegSetValueExW(base, L"multi", 0, REG_MULTI_SZ, (BYTE *)L"a\0bc\0", 12) == ERROR_SUCCESS, "set MULTI_SZ");
    ok(RegSetValueExW(base, NULL, 0, REG_SZ, (BYTE *)L"default", 16) == ERROR_SUCCESS, "set default value");
    size = sizeof buf;
    err = RegQueryValueExW(base, L"dw", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_DWORD && size == 4 && *(DWORD *)buf == dw, "read DWORD");
    size = sizeof buf;
    err = RegQueryValueExW(base, L"qw", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_QWORD && size == 8 && *(ULONGLONG *)buf == qw, "read QWORD");
    size = sizeof buf;
    err = RegQueryValueExA(base, "bin", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_BINARY && size == 3 && !memcmp(buf, "\x01\x02\x03", 3), "read BINARY (A)");
    size = 99;
    err = RegQueryValueExW(base, L"none", NULL, &type, NULL, &size);
    ok(err == ERROR_SUCCESS && type == REG_NONE && size == 0, "REG_NONE: size %lu", size);
    size = sizeof buf;
    err = RegQueryValueExA(base, "multi", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_MULTI_SZ && size == 6 && !memcmp(buf, "a\0bc\0", 6), "MULTI_SZ (A) size %lu", size);
    size = sizeof buf;
    err = RegQueryValueExW(base, L"", NULL, &type, buf, &size);
    ok(err == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"default"), "default value by empty name");

    ok(RegSetValueExA(base, "ansi", 0, REG_SZ, (BYTE *)"w\xe9lt", 5) == ERROR_SUCCESS, "RegSetValueExA");
    size = sizeof wbuf;
    err = RegQueryValueExW(base, L"ansi", NULL, &type, (BYTE *)wbuf, &size);
    ok(err == ERROR_SUCCESS && size == 10 && !wcscmp(wbuf, L"w\x00e9lt"), "ANSI string stored as UTF-16: size %lu", size);

    /* Writing through a read-only handle. */
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, base_name, 0, KEY_READ, &ro) == ERROR_SUCCESS, "open read-only");
    err = RegSetValueExW(ro, L"denied", 0, REG_DWORD, (BYTE *)&dw, 4);
    ok(err == ERROR_ACCESS_DENIED, "set through KEY_READ: %ld", err);
    err = RegDeleteValueW(ro, L"dw");
    ok(err == ERROR_ACCESS_DENIED, "delete through KEY_READ: %ld", err);
    RegCloseKey(ro);

    ok(RegDeleteValueW(base, L"qw") == ERROR_SUCCESS, "delete value");
    ok(RegDeleteValueW(base, L"qw") == ERROR_FILE_NOT_FOUND, "delete it again");
    ok(RegDeleteValueA(base, "bin") == ERROR_SUCCESS, "RegDeleteValueA");

    /* The 3.1 default-value pair. */
    ok(RegSetValueW(base, L"legacy", REG_SZ, L"def", 0) == ERROR_SUCCESS, "RegSetValueW");
    ok(RegSetValueW(base, L"legacy", REG_DWORD, L"def", 0) == ERROR_INVALID_PARAMETER, "RegSetValueW non-REG_SZ");
    {
        LONG n = sizeof wbuf;

        err = RegQueryValueW(base, L"legacy", wbuf, &n);
        ok(err == ERROR_SUCCESS && n == 8 && !wcscmp(wbuf, L"def"), "RegQueryValueW: %ld %ld", err, n);
        ok(RegSetValueA(base, "legacy_a", REG_SZ, "xyz", 3) == ERROR_SUCCESS, "RegSetValueA");
        n = sizeof abuf;
        err = RegQueryValueA(base, "legacy_a", abuf, &n);
        ok(err == ERROR_SUCCESS && n == 4 && !strcmp(abuf, "xyz"), "RegQueryValueA: %ld %ld", err, n);
        n = 2;
        ok(RegQueryValueA(base, "legacy_a", abuf, &n) == ERROR_MORE_DATA && n == 4, "RegQueryValueA small");
    }

    /* RegSetKeyValue creates the subkey; RegDeleteKeyValue removes the value. */
    err = RegSetKeyValueW(base, L"skv\\deep", L"v", REG_DWORD, &dw, 4);
    ok(err == ERROR_SUCCESS, "RegSetKeyValueW: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(base, L"skv\\deep", L"v", RRF_RT_REG_DWORD, &type, buf, &size);
    ok(err == ERROR_SUCCESS && *(DWORD *)buf == dw, "read back RegSetKeyValueW: %ld", err);
    ok(RegSetKeyValueA(base, "skv", "a", REG_SZ, "text", 5) == ERROR_SUCCESS, "RegSetKeyValueA");
    ok(RegDeleteKeyValueW(base, L"skv\\deep", L"v") == ERROR_SUCCESS, "RegDeleteKeyValueW");
    ok(RegDeleteKeyValueW(base, L"skv\\deep", L"v") == ERROR_FILE_NOT_FOUND, "RegDeleteKeyValueW again");
    ok(RegDeleteKeyValueA(base, "skv", "a") == ERROR_SUCCESS, "RegDeleteKeyValueA");
    ok(RegDeleteKeyValueA(base, "nokey", "a") == ERROR_FILE_NOT_FOUND, "RegDeleteKeyValueA missing key");
}

static void test_get_value(void)
{
    BYTE buf[128];
    char abuf[64];
    DWORD type, size, dw = 7;
    LONG err;

    RegSetValueExW(base, L"gdw", 0, REG_DWORD, (BYTE *)&dw, 4);
    RegSetValueExW(base, L"gsz", 0, REG_SZ, (BYTE *)L"abc", 6); /* no terminator */
    SetEnvironmentVariableW(L"WOW64TESTVAR", L"expanded");
    RegSetValueExW(base, L"gexp", 0, REG_EXPAND_SZ, (BYTE *)L"%WOW64TESTVAR%\\x", 34);

    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gdw", RRF_RT_REG_DWORD, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_DWORD && size == 4 && *(DWORD *)buf == 7, "DWORD: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gdw", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_UNSUPPORTED_TYPE, "type restriction: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gdw", RRF_RT_DWORD, &type, buf, &size);
    ok(err == ERROR_SUCCESS, "RRF_RT_DWORD takes REG_DWORD: %ld", err);
    RegSetValueExW(base, L"gbin4", 0, REG_BINARY, (BYTE *)"\x01\x02\x03\x04", 4);
    RegSetValueExW(base, L"gbin3", 0, REG_BINARY, (BYTE *)"\x01\x02\x03", 3);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gbin4", RRF_RT_DWORD, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_BINARY && size == 4, "RRF_RT_DWORD takes 32-bit REG_BINARY: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gbin3", RRF_RT_DWORD, &type, buf, &size);
    ok(err != ERROR_SUCCESS, "RRF_RT_DWORD refuses other REG_BINARY sizes: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gbin3", RRF_RT_REG_BINARY, &type, buf, &size);
    ok(err == ERROR_SUCCESS && size == 3, "RRF_RT_REG_BINARY takes any size: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gexp", RRF_RT_REG_EXPAND_SZ, &type, buf, &size);
    ok(err == ERROR_INVALID_PARAMETER, "RRF_RT_REG_EXPAND_SZ without RRF_NOEXPAND: %ld", err);
    err = RegGetValueW(base, NULL, L"gdw", RRF_RT_ANY | RRF_SUBKEY_WOW6464KEY | RRF_SUBKEY_WOW6432KEY, &type, buf, &size);
    ok(err == ERROR_INVALID_PARAMETER, "both RRF_SUBKEY view flags: %ld", err);
    ok(RegGetValueW(base, NULL, L"gdw", RRF_RT_ANY, &type, buf, NULL) == ERROR_INVALID_PARAMETER, "data without size");
    size = sizeof buf;
    ok(RegGetValueW(base, NULL, L"nothere", RRF_RT_ANY, &type, buf, &size) == ERROR_FILE_NOT_FOUND, "missing value");
    size = sizeof buf;
    ok(RegGetValueW(base, L"nokey", L"x", RRF_RT_ANY, &type, buf, &size) == ERROR_FILE_NOT_FOUND, "missing key");

    /* Strings always come back terminated. */
    size = 0;
    err = RegGetValueW(base, NULL, L"gsz", RRF_RT_REG_SZ, &type, NULL, &size);
    ok(err == ERROR_SUCCESS && size == 8, "size with the terminator: %ld %lu", err, size);
    size = 6;
    err = RegGetValueW(base, NULL, L"gsz", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_MORE_DATA && size == 8, "no room for the terminator: %ld %lu", err, size);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gsz", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && size == 8 && !wcscmp((WCHAR *)buf, L"abc"), "terminated string");

    /* REG_EXPAND_SZ: expanded into REG_SZ unless RRF_NOEXPAND. */
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gexp", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_SZ && !wcscmp((WCHAR *)buf, L"expanded\\x") && size == 22,
       "expanded: %ld type %lu size %lu", err, type, size);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gexp", RRF_RT_ANY, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_SZ && !wcscmp((WCHAR *)buf, L"expanded\\x"), "expanded with RRF_RT_ANY");
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gexp", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, buf, &size);
    ok(err == ERROR_SUCCESS && type == REG_EXPAND_SZ && !wcscmp((WCHAR *)buf, L"%WOW64TESTVAR%\\x"),
       "RRF_NOEXPAND: %ld type %lu", err, type);
    size = sizeof buf;
    err = RegGetValueW(base, NULL, L"gexp", RRF_RT_REG_SZ | RRF_NOEXPAND, &type, buf, &size);
    ok(err == ERROR_UNSUPPORTED_TYPE, "unexpanded REG_EXPAND_SZ is not REG_SZ: %ld", err);

    /* RRF_ZEROONFAILURE clears the caller's buffer. */
    memset(buf, 0xAA, sizeof buf);
    size = 4;
    err = RegGetValueW(base, NULL, L"gsz", RRF_RT_REG_SZ | RRF_ZEROONFAILURE, &type, buf, &size);
    ok(err == ERROR_MORE_DATA && buf[0] == 0 && buf[3] == 0 && buf[4] == 0xAA, "zeroed on failure: %ld", err);
    memset(buf, 0xAA, sizeof buf);
    size = 4;
    err = RegGetValueW(base, NULL, L"gsz", RRF_RT_REG_DWORD | RRF_ZEROONFAILURE, &type, buf, &size);
    ok(err == ERROR_UNSUPPORTED_TYPE && buf[0] == 0, "zeroed on type mismatch: %ld", err);

    size = sizeof abuf;
    err = RegGetValueA(base, NULL, "gsz", RRF_RT_REG_SZ, &type, abuf, &size);
    ok(err == ERROR_SUCCESS && size == 4 && !strcmp(abuf, "abc"), "RegGetValueA: %ld size %lu", err, size);
    size = sizeof abuf;
    err = RegGetValueA(base, NULL, "gexp", RRF_RT_REG_SZ, &type, abuf, &size);
    ok(err == ERROR_SUCCESS && !strcmp(abuf, "expanded\\x") && size == 11, "RegGetValueA expanded: %lu", size);
}

/* Whether name is among the count names in list. */
static int count_name(const WCHAR *name, const WCHAR *const *list, int n)
{
    int found = 0;

    for (int i = 0; i < n; i++)
        found += !wcscmp(name, list[i]);
    return found;
}

static void test_enum_info(void)
{
    static const WCHAR *const keys[] = { L"a", L"bbbb", L"cc" };
    static const WCHAR *const vals[] = { L"x", L"longname" };
    WCHAR name[32], cls[32];
    char aname[32];
    DWORD n, subkeys, maxsub, maxcls, values, maxvn, maxv, ncls, type, size, dw = 5;
    BYTE data[64];
    HKEY e, k;
    LONG err;
    int seen = 0;

    e = create(base, L"enum");
    for (int i = 0; i < 3; i++)
        RegCloseKey(create(e, keys[i]));
    RegSetValueExW(e, L"x", 0, REG_DWORD, (BYTE *)&dw, 4);
    RegSetValueExW(e, L"longname", 0, REG_SZ, (BYTE *)L"0123456789", 22);

    for (DWORD i = 0;; i++) {
        n = 32;
        err = RegEnumKeyExW(e, i, name, &n, NULL, NULL, NULL, NULL);
        if (err != ERROR_SUCCESS)
            break;
        ok(n == wcslen(name) && count_name(name, keys, 3) == 1, "subkey %lu: %ls", i, name);
        seen++;
    }
    ok(err == ERROR_NO_MORE_ITEMS && seen == 3, "end of subkeys: %ld after %d", err, seen);
    n = 2;
    ok(RegEnumKeyExW(e, 0, name, &n, NULL, NULL, NULL, NULL) == ERROR_MORE_DATA ||
       RegEnumKeyExW(e, 1, name, &n, NULL, NULL, NULL, NULL) == ERROR_MORE_DATA, "name buffer too small");
    ok(RegEnumKeyW(e, 0, name, 32) == ERROR_SUCCESS && count_name(name, keys, 3), "RegEnumKeyW");
    ok(RegEnumKeyW(e, 3, name, 32) == ERROR_NO_MORE_ITEMS, "RegEnumKeyW end");
    n = sizeof aname;
    ok(RegEnumKeyExA(e, 0, aname, &n, NULL, NULL, NULL, NULL) == ERROR_SUCCESS && n == strlen(aname), "RegEnumKeyExA");
    ok(RegEnumKeyA(e, 2, aname, sizeof aname) == ERROR_SUCCESS, "RegEnumKeyA");
    ok(RegEnumKeyA(e, 3, aname, sizeof aname) == ERROR_NO_MORE_ITEMS, "RegEnumKeyA end");

    seen = 0;
    for (DWORD i = 0;; i++) {
        n = 32;
        size = sizeof data;
        err = RegEnumValueW(e, i, name, &n, NULL, &type, data, &size);
        if (err != ERROR_SUCCESS)
            break;
        ok(count_name(name, vals, 2) == 1, "value %lu: %ls", i, name);
        if (!wcscmp(name, L"x"))
            ok(type == REG_DWORD && size == 4 && *(DWORD *)data == 5, "value x data");
        else
            ok(type == REG_SZ && size == 22 && !wcscmp((WCHAR *)data, L"0123456789"), "value longname data");
        seen++;
    }
    ok(err == ERROR_NO_MORE_ITEMS && seen == 2, "end of values: %ld after %d", err, seen);
    for (DWORD i = 0; i < 2; i++) {
        n = 32;
        size = 4;
        err = RegEnumValueW(e, i, name, &n, NULL, &type, data, &size);
        if (!wcscmp(name, L"longname"))
            ok(err == ERROR_MORE_DATA && size == 22, "value data too small: %ld, size needed %lu", err, size);
    }
    n = 3;
    size = sizeof data;
    err = RegEnumValueW(e, 0, name, &n, NULL, &type, data, &size);
    err = err ? err : RegEnumValueW(e, 1, name, &n, NULL, &type, data, &size);
    ok(err == ERROR_MORE_DATA, "value name buffer too small: %ld", err);
    for (DWORD i = 0; i < 2; i++) {
        n = sizeof aname;
        size = sizeof data;
        err = RegEnumValueA(e, i, aname, &n, NULL, &type, data, &size);
        ok(err == ERROR_SUCCESS, "RegEnumValueA %lu: %ld", i, err);
        if (!err && type == REG_SZ)
            ok(size == 11 && !strcmp((char *)data, "0123456789"), "RegEnumValueA string in ANSI: %lu", size);
    }

    err = RegQueryInfoKeyW(e, NULL, NULL, NULL, &subkeys, &maxsub, &maxcls, &values, &maxvn, &maxv, NULL, NULL);
    ok(err == ERROR_SUCCESS, "RegQueryInfoKeyW: %ld", err);
    ok(subkeys == 3 && maxsub == 4, "subkeys %lu max name %lu", subkeys, maxsub);
    ok(values == 2 && maxvn == 8 && maxv == 22, "values %lu max name %lu max data %lu", values, maxvn, maxv);
    err = RegQueryInfoKeyA(e, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    ok(err == ERROR_SUCCESS && subkeys == 3 && values == 2, "RegQueryInfoKeyA: %ld", err);

    /* A key with a class. */
    err = RegCreateKeyExW(e, L"classy", 0, (WCHAR *)L"myclass", 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(err == ERROR_SUCCESS, "create with class: %ld", err);
    ncls = 32;
    err = RegQueryInfoKeyW(k, cls, &ncls, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(err == ERROR_SUCCESS && ncls == 7 && !wcscmp(cls, L"myclass"), "class: %ld %lu", err, ncls);
    ncls = 3;
    err = RegQueryInfoKeyW(k, cls, &ncls, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(err == ERROR_MORE_DATA, "class buffer too small: %ld", err);
    RegCloseKey(k);
    n = 32;
    ncls = 32;
    for (DWORD i = 0; RegEnumKeyExW(e, i, name, &n, NULL, cls, &ncls, NULL) == ERROR_SUCCESS; i++) {
        if (!wcscmp(name, L"classy"))
            ok(ncls == 7 && !wcscmp(cls, L"myclass"), "RegEnumKeyExW class %ls", cls);
        n = 32;
        ncls = 32;
    }
    RegCloseKey(e);
}

static void test_delete(void)
{
    HKEY k;
    LONG err;

    RegCloseKey(create(base, L"del\\child"));
    err = RegDeleteKeyW(base, L"del");
    ok(err == ERROR_ACCESS_DENIED, "deleting a key with subkeys: %ld", err);
    ok(RegDeleteKeyW(base, L"del\\child") == ERROR_SUCCESS, "delete leaf");
    ok(RegDeleteKeyW(base, L"del") == ERROR_SUCCESS, "delete now empty key");
    ok(RegDeleteKeyW(base, L"del") == ERROR_FILE_NOT_FOUND, "delete missing key");
    ok(RegDeleteKeyW(base, NULL) == ERROR_INVALID_PARAMETER, "RegDeleteKeyW(NULL)");
    RegCloseKey(create(base, L"dela"));
    ok(RegDeleteKeyA(base, "dela") == ERROR_SUCCESS, "RegDeleteKeyA");
    RegCloseKey(create(base, L"delex"));
    ok(RegDeleteKeyExW(base, L"delex", 0, 0) == ERROR_SUCCESS, "RegDeleteKeyExW");
    RegCloseKey(create(base, L"delexa"));
    ok(RegDeleteKeyExA(base, "delexa", 0, 0) == ERROR_SUCCESS, "RegDeleteKeyExA");
    ok(RegDeleteKeyExW(base, L"x", KEY_WOW64_64KEY | KEY_WOW64_32KEY, 0) == ERROR_INVALID_PARAMETER,
       "RegDeleteKeyExW both flags");

    /* An open handle to a deleted key. */
    k = create(base, L"gone");
    ok(RegDeleteKeyW(base, L"gone") == ERROR_SUCCESS, "delete open key");
    err = RegSetValueExW(k, L"v", 0, REG_SZ, (BYTE *)L"", 2);
    ok(err == ERROR_KEY_DELETED, "write to a deleted key: %ld", err);
    RegCloseKey(k);
}

static void test_volatile_link_times(void)
{
    typedef LONG (WINAPI *delete_key_fn)(HANDLE);
    delete_key_fn nt_delete_key = (delete_key_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtDeleteKey");
    WCHAR target[160], buf[32], sid[80];
    FILETIME t1 = { 0, 0 }, t2 = { 0, 0 }, te = { 0, 0 };
    DWORD size, disp, dw = 9;
    HKEY v, c, l, t;
    LONG err;

    /* Volatile keys take only volatile children (RegCreateKeyEx). */
    err = RegCreateKeyExW(base, L"vol", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &v, NULL);
    ok(err == ERROR_SUCCESS, "volatile key: %ld", err);
    err = RegCreateKeyExW(v, L"child", 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL, &c, NULL);
    ok(err == ERROR_CHILD_MUST_BE_VOLATILE, "non-volatile child of a volatile key: %ld", err);
    err = RegCreateKeyExW(v, L"child", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &c, NULL);
    ok(err == ERROR_SUCCESS, "volatile child: %ld", err);
    RegCloseKey(c);
    RegCloseKey(v);

    /* A symbolic link (REG_OPTION_CREATE_LINK + SymbolicLinkValue). */
    t = create(base, L"target");
    RegSetValueExW(t, L"through", 0, REG_DWORD, (BYTE *)&dw, 4);
    RegCloseKey(t);
    user_sid(sid, 80);
    swprintf(target, 160, L"\\REGISTRY\\USER\\%ls\\%ls\\target", sid, base_name);
    err = RegCreateKeyExW(base, L"link", 0, NULL, REG_OPTION_CREATE_LINK, KEY_ALL_ACCESS | KEY_CREATE_LINK, NULL, &l,
                          &disp);
    ok(err == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "create link key: %ld", err);
    if (!err) {
        err = RegSetValueExW(l, L"SymbolicLinkValue", 0, REG_LINK, (BYTE *)target, wcslen(target) * sizeof(WCHAR));
        ok(err == ERROR_SUCCESS, "SymbolicLinkValue: %ld", err);
        RegCloseKey(l);
        size = sizeof dw;
        dw = 0;
        err = RegGetValueW(base, L"link", L"through", RRF_RT_REG_DWORD, NULL, &dw, &size);
        ok(err == ERROR_SUCCESS && dw == 9, "read through the link: %ld", err);
        err = RegOpenKeyExW(base, L"link", REG_OPTION_OPEN_LINK, KEY_ALL_ACCESS, &l);
        ok(err == ERROR_SUCCESS, "REG_OPTION_OPEN_LINK: %ld", err);
        if (!err) {
            size = sizeof buf;
            err = RegQueryValueExW(l, L"through", NULL, NULL, (BYTE *)buf, &size);
            ok(err == ERROR_FILE_NOT_FOUND, "the link key itself has no such value: %ld", err);
            ok(nt_delete_key && nt_delete_key(l) == 0, "NtDeleteKey on the link");
            RegCloseKey(l);
        }
        ok(RegOpenKeyExW(base, L"target", 0, KEY_READ, &t) == ERROR_SUCCESS, "the target outlives its link");
        RegCloseKey(t);
    }

    /* Last-write times move forward with writes. */
    ok(RegQueryInfoKeyW(base, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &t1) == ERROR_SUCCESS &&
       (t1.dwHighDateTime || t1.dwLowDateTime), "last write time");
    Sleep(20);
    RegSetValueExW(base, L"touch", 0, REG_DWORD, (BYTE *)&dw, 4);
    RegQueryInfoKeyW(base, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &t2);
    ok(((ULONGLONG)t2.dwHighDateTime << 32 | t2.dwLowDateTime) > ((ULONGLONG)t1.dwHighDateTime << 32 | t1.dwLowDateTime),
       "a value write updates the key's time");
    size = 32;
    ok(RegEnumKeyExW(base, 0, buf, &size, NULL, NULL, NULL, &te) == ERROR_SUCCESS && (te.dwHighDateTime || te.dwLowDateTime),
       "RegEnumKeyExW last write time");
}

static DWORD subkey_count(HKEY k)
{
    DWORD n = 99, v = 99;

    RegQueryInfoKeyW(k, NULL, NULL, NULL, &n, NULL, NULL, &v, NULL, NULL, NULL, NULL);
    return n * 100 + v;
}

static void test_trees(void)
{
    HKEY t, c, k;
    DWORD dw = 3, type, size;
    BYTE buf[32];
    LONG err;

    t = create(base, L"tree");
    RegSetValueExW(t, L"top", 0, REG_DWORD, (BYTE *)&dw, 4);
    RegCloseKey(create(t, L"a\\b\\c"));
    ok(RegSetKeyValueW(t, L"a\\b", L"deep", REG_SZ, L"yes", 8) == ERROR_SUCCESS, "value in the tree");

    /* RegCopyTree copies values and subkeys, recursively. */
    c = create(base, L"copy");
    err = RegCopyTreeW(t, NULL, c);
    ok(err == ERROR_SUCCESS, "RegCopyTreeW: %ld", err);
    size = sizeof buf;
    ok(RegGetValueW(c, L"a\\b", L"deep", RRF_RT_REG_SZ, &type, buf, &size) == ERROR_SUCCESS &&
       !wcscmp((WCHAR *)buf, L"yes"), "copied deep value");
    size = sizeof buf;
    ok(RegGetValueW(c, NULL, L"top", RRF_RT_REG_DWORD, &type, buf, &size) == ERROR_SUCCESS, "copied top value");
    ok(RegOpenKeyExW(c, L"a\\b\\c", 0, KEY_READ, &k) == ERROR_SUCCESS, "copied leaf key");
    RegCloseKey(k);
    RegCloseKey(c);
    c = create(base, L"copya");
    ok(RegCopyTreeA(base, "tree\\a", c) == ERROR_SUCCESS, "RegCopyTreeA with a subkey");
    ok(RegOpenKeyExW(c, L"b\\c", 0, KEY_READ, &k) == ERROR_SUCCESS, "RegCopyTreeA copied b\\c");
    RegCloseKey(k);
    ok(RegCopyTreeW(base, L"notree", c) == ERROR_FILE_NOT_FOUND, "RegCopyTreeW missing source");

    /* RegDeleteTree without a subkey empties the key and keeps it. */
    err = RegDeleteTreeW(t, NULL);
    ok(err == ERROR_SUCCESS, "RegDeleteTreeW(key, NULL): %ld", err);
    ok(subkey_count(t) == 0, "no subkeys or values left: %lu", subkey_count(t));
    RegCloseKey(t);
    ok(RegOpenKeyExW(base, L"tree", 0, KEY_READ, &k) == ERROR_SUCCESS, "the key itself stays");
    RegCloseKey(k);
    /* With a subkey: everything, the subkey included. */
    err = RegDeleteTreeW(base, L"copy");
    ok(err == ERROR_SUCCESS, "RegDeleteTreeW(copy): %ld", err);
    ok(RegOpenKeyExW(base, L"copy", 0, KEY_READ, &k) == ERROR_FILE_NOT_FOUND, "copy deleted");
    ok(RegDeleteTreeA(base, "copya") == ERROR_SUCCESS, "RegDeleteTreeA");
    ok(RegDeleteTreeW(base, L"copy") == ERROR_FILE_NOT_FOUND, "RegDeleteTreeW missing");
    RegCloseKey(c);
}

static void test_classes_root(void)
{
    WCHAR user_ext[32], mach_ext[32], new_ext[32], path[96], name[64];
    WCHAR buf[32];
    LONG n, err;
    DWORD i, cnt, found = 0;
    HKEY k;

    swprintf(user_ext, 32, L".w64u%lu", GetCurrentProcessId());
    swprintf(mach_ext, 32, L".w64m%lu", GetCurrentProcessId());
    swprintf(new_ext, 32, L".w64n%lu", GetCurrentProcessId());
    swprintf(path, 96, L"Software\\Classes\\%ls", user_ext);
    ok(RegSetValueW(HKEY_CURRENT_USER, path, REG_SZ, L"user", 0) == ERROR_SUCCESS, "user class key");
    ok(RegSetValueW(HKEY_LOCAL_MACHINE, path, REG_SZ, L"machine", 0) == ERROR_SUCCESS, "machine class key");
    swprintf(path, 96, L"Software\\Classes\\%ls", mach_ext);
    ok(RegSetValueW(HKEY_LOCAL_MACHINE, path, REG_SZ, L"machine only", 0) == ERROR_SUCCESS, "machine-only key");

    n = sizeof buf;
    err = RegQueryValueW(HKEY_CLASSES_ROOT, user_ext, buf, &n);
    ok(err == ERROR_SUCCESS && !wcscmp(buf, L"user"), "HKCR reads the user's key first: %ld %ls", err, buf);
    n = sizeof buf;
    err = RegQueryValueW(HKEY_CLASSES_ROOT, mach_ext, buf, &n);
    ok(err == ERROR_SUCCESS && !wcscmp(buf, L"machine only"), "then the machine's: %ld", err);

    /* A new key through HKCR goes to the machine's Classes. */
    err = RegCreateKeyExW(HKEY_CLASSES_ROOT, new_ext, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(err == ERROR_SUCCESS, "create through HKCR: %ld", err);
    RegCloseKey(k);
    swprintf(path, 96, L"Software\\Classes\\%ls", new_ext);
    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ, &k) == ERROR_SUCCESS, "created under HKLM");
    RegCloseKey(k);
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, &k) == ERROR_FILE_NOT_FOUND, "not under HKCU");

    /* Enumeration merges both: the overridden key once. */
    cnt = 0;
    for (i = 0;; i++) {
        DWORD len = 64;

        if (RegEnumKeyExW(HKEY_CLASSES_ROOT, i, name, &len, NULL, NULL, NULL, NULL))
            break;
        cnt++;
        found += !_wcsicmp(name, user_ext) ? 1 : !_wcsicmp(name, mach_ext) ? 100 : !_wcsicmp(name, new_ext) ? 10000 : 0;
    }
    ok(found == 10101, "merged enumeration: each key once (%lu)", found);
    {
        DWORD subkeys = 0;

        ok(RegQueryInfoKeyW(HKEY_CLASSES_ROOT, NULL, NULL, NULL, &subkeys, NULL, NULL, NULL, NULL, NULL, NULL, NULL) == 0 &&
           subkeys == cnt, "HKCR subkey count %lu matches the enumeration %lu", subkeys, cnt);
    }

    /* The merge goes on below a key opened through HKCR: the user's
     * .ext has sub_u, the machine's has sub_m. */
    swprintf(path, 96, L"Software\\Classes\\%ls\\sub_u", user_ext);
    RegCloseKey(create(HKEY_CURRENT_USER, path));
    swprintf(path, 96, L"Software\\Classes\\%ls\\sub_m", user_ext);
    RegCloseKey(create(HKEY_LOCAL_MACHINE, path));
    ok(RegOpenKeyExW(HKEY_CLASSES_ROOT, user_ext, 0, KEY_ALL_ACCESS, &k) == ERROR_SUCCESS, "open .ext through HKCR");
    {
        HKEY sub;
        DWORD subkeys = 0, len;

        ok(RegOpenKeyExW(k, L"sub_m", 0, KEY_READ, &sub) == ERROR_SUCCESS, "the machine's subkey under the user's key");
        RegCloseKey(sub);
        ok(RegOpenKeyExW(k, L"sub_u", 0, KEY_READ, &sub) == ERROR_SUCCESS, "the user's subkey");
        RegCloseKey(sub);
        found = 0;
        for (i = 0;; i++) {
            len = 64;
            if (RegEnumKeyExW(k, i, name, &len, NULL, NULL, NULL, NULL))
                break;
            found += !wcscmp(name, L"sub_u") ? 1 : !wcscmp(name, L"sub_m") ? 10 : 100;
        }
        ok(found == 11, "merged enumeration below HKCR (%lu)", found);
        ok(RegQueryInfoKeyW(k, NULL, NULL, NULL, &subkeys, NULL, NULL, NULL, NULL, NULL, NULL, NULL) == 0 &&
           subkeys == 2, "merged subkey count %lu", subkeys);
        ok(RegCreateKeyExW(k, L"sub_new", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL) == ERROR_SUCCESS,
           "create below a merged key");
        RegCloseKey(sub);
        swprintf(path, 96, L"Software\\Classes\\%ls\\sub_new", user_ext);
        ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ, &sub) == ERROR_SUCCESS, "new subkey in the machine's Classes");
        RegCloseKey(sub);
        ok(RegDeleteKeyW(k, L"sub_new") == ERROR_SUCCESS && RegDeleteKeyW(k, L"sub_m") == ERROR_SUCCESS &&
           RegDeleteKeyW(k, L"sub_u") == ERROR_SUCCESS, "delete below a merged key");
    }
    RegCloseKey(k);

    swprintf(path, 96, L"Software\\Classes\\%ls", user_ext);
    ok(RegDeleteKeyW(HKEY_CURRENT_USER, path) == ERROR_SUCCESS, "cleanup user");
    ok(RegDeleteKeyW(HKEY_LOCAL_MACHINE, path) == ERROR_SUCCESS, "cleanup machine");
    swprintf(path, 96, L"Software\\Classes\\%ls", mach_ext);
    ok(RegDeleteKeyW(HKEY_LOCAL_MACHINE, path) == ERROR_SUCCESS, "cleanup machine-only");
    ok(RegDeleteKeyW(HKEY_CLASSES_ROOT, new_ext) == ERROR_SUCCESS, "delete through HKCR");
}

static void test_default_content(void)
{
    static const WCHAR cv[] = L"Software\\Microsoft\\Windows\\CurrentVersion";
    WCHAR buf[MAX_PATH], sid[96];
    DWORD size, type;
    HKEY k;
    LONG err;

    size = sizeof buf;
    err = RegGetValueW(HKEY_LOCAL_MACHINE, cv, L"ProgramFilesDir", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && !wcscmp(buf, L"C:\\Program Files (x86)"), "ProgramFilesDir (32-bit view): %ld %ls", err, buf);
    size = sizeof buf;
    err = RegGetValueW(HKEY_LOCAL_MACHINE, cv, L"ProgramW6432Dir", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && !wcscmp(buf, L"C:\\Program Files"), "ProgramW6432Dir: %ld %ls", err, buf);
    size = sizeof buf;
    err = RegGetValueW(HKEY_LOCAL_MACHINE, cv, L"ProgramFilesDir", RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, &type, buf, &size);
    ok(err == ERROR_SUCCESS && !wcscmp(buf, L"C:\\Program Files"), "ProgramFilesDir (64-bit view): %ld %ls", err, buf);
    size = sizeof buf;
    err = RegGetValueW(HKEY_LOCAL_MACHINE, cv, L"ProgramFilesDir (x86)", RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && !wcscmp(buf, L"C:\\Program Files (x86)"), "ProgramFilesDir (x86): %ld %ls", err, buf);
    size = sizeof buf;
    err = RegGetValueW(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion", L"ProductName",
                       RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && size > 2, "ProductName: %ld", err);
    size = sizeof buf;
    err = RegGetValueW(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion", L"CurrentBuildNumber",
                       RRF_RT_REG_SZ, &type, buf, &size);
    ok(err == ERROR_SUCCESS && size > 2, "CurrentBuildNumber: %ld", err);
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, L"Environment", 0, KEY_READ, &k) == ERROR_SUCCESS, "HKCU\\Environment");
    RegCloseKey(k);
    ok(RegOpenCurrentUser(KEY_READ, &k) == ERROR_SUCCESS, "RegOpenCurrentUser");
    {
        HKEY sw;

        ok(RegOpenKeyExW(k, L"Software", 0, KEY_READ, &sw) == ERROR_SUCCESS, "Software under RegOpenCurrentUser");
        RegCloseKey(sw);
    }
    RegCloseKey(k);
    user_sid(sid, 80);
    wcscat(sid, L"\\Software");
    ok(RegOpenKeyExW(HKEY_USERS, sid, 0, KEY_READ, &k) == ERROR_SUCCESS, "the user's hive under HKEY_USERS: %ls", sid);
    RegCloseKey(k);
}

static void test_override(void)
{
    HKEY b2, k;

    ok(RegOpenKeyExW(HKEY_CURRENT_USER, base_name, 0, KEY_ALL_ACCESS, &b2) == ERROR_SUCCESS, "open base again");
    ok(RegOverridePredefKey(HKEY_CURRENT_USER, b2) == ERROR_SUCCESS, "RegOverridePredefKey");
    RegCloseKey(b2); /* the override keeps its own handle */
    ok(RegCreateKeyExW(HKEY_CURRENT_USER, L"overridden", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL) == ERROR_SUCCESS,
       "create through the overridden HKCU");
    RegCloseKey(k);
    ok(RegOverridePredefKey(HKEY_CURRENT_USER, NULL) == ERROR_SUCCESS, "restore HKCU");
    ok(RegOpenKeyExW(base, L"overridden", 0, KEY_READ, &k) == ERROR_SUCCESS, "the key went to the override");
    RegCloseKey(k);
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, L"overridden", 0, KEY_READ, &k) == ERROR_FILE_NOT_FOUND, "not to HKCU");
    ok(RegOverridePredefKey(base, NULL) == ERROR_INVALID_HANDLE, "only predefined keys");
}

static DWORD WINAPI later_write(void *arg)
{
    DWORD dw = 2;

    Sleep(100);
    RegSetValueExW((HKEY)arg, L"later", 0, REG_DWORD, (BYTE *)&dw, 4);
    return 0;
}

static void test_flush_notify(void)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD dw = 1;
    HKEY k;
    LONG err;

    ok(RegFlushKey(base) == ERROR_SUCCESS, "RegFlushKey");
    ok(RegFlushKey(HKEY_CURRENT_USER) == ERROR_SUCCESS, "RegFlushKey(HKCU)");
    ok(RegFlushKey((HKEY)(ULONG_PTR)0x7ff0) == ERROR_INVALID_HANDLE, "RegFlushKey(bad)");

    k = create(base, L"notify");
    ok(RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, TRUE) == ERROR_INVALID_PARAMETER,
       "asynchronous without an event");
    err = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, ev, TRUE);
    ok(err == ERROR_SUCCESS, "RegNotifyChangeKeyValue: %ld", err);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "not signaled before a change");
    RegSetValueExW(k, L"v", 0, REG_DWORD, (BYTE *)&dw, 4);
    ok(WaitForSingleObject(ev, 5000) == WAIT_OBJECT_0, "signaled by a value change");
    {
        /* Synchronous: returns once another thread has changed the key. */
        HANDLE th = CreateThread(NULL, 0, later_write, k, 0, NULL);
        DWORD size = 0;

        err = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, FALSE);
        ok(err == ERROR_SUCCESS && RegQueryValueExW(k, L"later", NULL, NULL, NULL, &size) == ERROR_SUCCESS,
           "synchronous notification after the write: %ld", err);
        WaitForSingleObject(th, 5000);
        CloseHandle(th);
    }
    RegCloseKey(k);
    CloseHandle(ev);
}

int main(void)
{
    HKEY k;

    swprintf(base_name, 64, L"Software\\wow64test_api_%lu", GetCurrentProcessId());
    snprintf(base_name_a, sizeof base_name_a, "Software\\wow64test_api_%lu", GetCurrentProcessId());
    test_open_create();
    if (!base) {
        printf("no base key\n");
        return test_summary() ? test_summary() : 1;
    }
    test_values();
    test_get_value();
    test_enum_info();
    test_delete();
    test_volatile_link_times();
    test_trees();
    test_classes_root();
    test_default_content();
    test_override();
    test_flush_notify();

    RegCloseKey(base);
    ok(RegDeleteTreeA(HKEY_CURRENT_USER, base_name_a) == ERROR_SUCCESS, "cleanup");
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, base_name, 0, KEY_READ, &k) == ERROR_FILE_NOT_FOUND, "cleaned up");
    return test_summary();
}
