/* The DLL search through PATH (Microsoft's "Dynamic-link library search
 * order": the standard order ends with the directories listed in the PATH
 * environment variable), and LoadLibraryEx's LOAD_LIBRARY_SEARCH_* flags,
 * which search only the directories they name (never PATH). pathonly.dll
 * and its import pathdep.dll exist only in <exe dir>\pathdir. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

typedef int (*value_fn)(void);

static char exe_dir[MAX_PATH];

/* Whether the module's file name ends with suffix (case-insensitively). */
static BOOL file_ends_with(HMODULE h, const char *suffix)
{
    char name[MAX_PATH];
    DWORD n = GetModuleFileNameA(h, name, MAX_PATH);
    size_t len = strlen(suffix);

    return n >= len && !_stricmp(name + n - len, suffix);
}

static BOOL file_starts_with(HMODULE h, const char *prefix)
{
    char name[MAX_PATH];

    return GetModuleFileNameA(h, name, MAX_PATH) && !_strnicmp(name, prefix, strlen(prefix));
}

static void unload_both(HMODULE h)
{
    ok(FreeLibrary(h), "FreeLibrary");
    ok(GetModuleHandleA("pathonly.dll") == NULL && GetModuleHandleA("pathdep.dll") == NULL,
       "both DLLs unloaded");
}

static void test_not_found_without_path(void)
{
    SetLastError(0);
    ok(LoadLibraryA("pathonly.dll") == NULL, "pathonly.dll found before PATH names its directory");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "error %lu", GetLastError());
}

static void test_found_through_path(void)
{
    char path[3 * MAX_PATH];
    HMODULE h;
    value_fn v;

    /* A directory that does not exist first, then the DLL's, spelled in
     * another case (Windows paths are case-insensitive). */
    snprintf(path, sizeof(path), "C:\\no\\such\\dir;%s\\PATHDIR", exe_dir);
    ok(SetEnvironmentVariableA("PATH", path), "SetEnvironmentVariable");
    h = LoadLibraryA("pathonly.dll");
    ok(h != NULL, "LoadLibrary through PATH: %lu", GetLastError());
    if (!h)
        return;
    ok(file_ends_with(h, "\\pathdir\\pathonly.dll"), "loaded from pathdir");
    ok(GetModuleHandleA("pathdep.dll") != NULL, "its import was found through PATH too");
    v = (value_fn)GetProcAddress(h, "path_value");
    ok(v && v() == 18, "path_value() = %d", v ? v() : -1);
    unload_both(h);
    /* As a data file too (the same search). */
    h = LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_AS_DATAFILE);
    ok(h != NULL, "LoadLibraryEx(AS_DATAFILE) through PATH: %lu", GetLastError());
    if (h)
        ok(FreeLibrary(h), "FreeLibrary of the data file");
}

static void test_search_flags_skip_path(void)
{
    HMODULE h;

    /* PATH still names the directory. */
    SetLastError(0);
    ok(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS) == NULL,
       "LOAD_LIBRARY_SEARCH_DEFAULT_DIRS searched PATH");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "error %lu", GetLastError());
    ok(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32 |
                                                LOAD_LIBRARY_SEARCH_APPLICATION_DIR) == NULL,
       "LOAD_LIBRARY_SEARCH_SYSTEM32 | APPLICATION_DIR searched PATH");
    /* exportlib.dll is next to the program, not in the system directory. */
    h = LoadLibraryExA("exportlib.dll", NULL, LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
    ok(h != NULL, "LOAD_LIBRARY_SEARCH_APPLICATION_DIR: %lu", GetLastError());
    if (h)
        FreeLibrary(h);
    ok(GetModuleHandleA("exportlib.dll") == NULL, "exportlib.dll unloaded");
    SetLastError(0);
    ok(LoadLibraryExA("exportlib.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32) == NULL &&
           GetLastError() == ERROR_MOD_NOT_FOUND,
       "LOAD_LIBRARY_SEARCH_SYSTEM32 found a DLL outside System32: %lu", GetLastError());
    h = LoadLibraryExA("kernel32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    ok(h == GetModuleHandleA("kernel32.dll"), "LOAD_LIBRARY_SEARCH_SYSTEM32 gives kernel32");
    SetLastError(0);
    ok(LoadLibraryExA("exportlib.dll", NULL, LOAD_WITH_ALTERED_SEARCH_PATH |
                                                 LOAD_LIBRARY_SEARCH_SYSTEM32) == NULL &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "LOAD_WITH_ALTERED_SEARCH_PATH with a search flag: %lu", GetLastError());
}

/* A directory on C: named by PATH. */
static void test_c_drive(void)
{
    const char *dir = "C:\\wow64_dllpath_test";
    char from[MAX_PATH], to[MAX_PATH];
    HMODULE h;

    CreateDirectoryA(dir, NULL);
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "pathdep.dll" : "pathonly.dll";

        snprintf(from, sizeof(from), "%s\\pathdir\\%s", exe_dir, name);
        snprintf(to, sizeof(to), "%s\\%s", dir, name);
        ok(CopyFileA(from, to, FALSE), "CopyFile %s: %lu", name, GetLastError());
    }
    ok(SetEnvironmentVariableA("PATH", "c:\\wow64_dllpath_test"), "SetEnvironmentVariable");
    h = LoadLibraryA("pathonly.dll");
    ok(h != NULL, "LoadLibrary through a C: PATH entry: %lu", GetLastError());
    if (!h)
        return;
    ok(file_starts_with(h, "C:\\wow64_dllpath_test\\"), "loaded from C:\\wow64_dllpath_test");
    unload_both(h);
}

/* A relative PATH entry is relative to the current directory. */
static void test_relative_entry(void)
{
    HMODULE h;

    ok(SetCurrentDirectoryA(exe_dir), "SetCurrentDirectory");
    ok(SetEnvironmentVariableA("PATH", "pathdir"), "SetEnvironmentVariable");
    h = LoadLibraryA("pathonly.dll");
    ok(h != NULL, "LoadLibrary through a relative PATH entry: %lu", GetLastError());
    if (h) {
        ok(file_ends_with(h, "\\pathdir\\pathonly.dll"), "loaded from pathdir");
        unload_both(h);
    }
    ok(SetEnvironmentVariableA("PATH", NULL), "PATH removed");
    ok(LoadLibraryA("pathonly.dll") == NULL, "found without PATH");
}

int main(void)
{
    char *slash;

    GetModuleFileNameA(NULL, exe_dir, MAX_PATH);
    if ((slash = strrchr(exe_dir, '\\')))
        *slash = 0;
    test_not_found_without_path();
    test_found_through_path();
    test_search_flags_skip_path();
    test_c_drive();
    test_relative_entry();
    return test_summary();
}
