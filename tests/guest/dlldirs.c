/* The DLL directory APIs and the search orders they change (Microsoft's
 * "Dynamic-link library search order", SetDllDirectory, GetDllDirectory,
 * AddDllDirectory, RemoveDllDirectory, SetDefaultDllDirectories and
 * LoadLibraryEx's LOAD_WITH_ALTERED_SEARCH_PATH pages). pathonly.dll and
 * its import pathdep.dll exist only in <exe dir>\pathdir (built for
 * dllpath.c); exportlib.dll only next to the program. PATH is removed
 * first, so that only the directories under test can find them. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

typedef int (*value_fn)(void);

static char exe_dir[MAX_PATH], dll_dir[MAX_PATH];
static WCHAR dll_dir_w[MAX_PATH];

/* Whether the module's file name ends with suffix (case-insensitively). */
static BOOL file_ends_with(HMODULE h, const char *suffix)
{
    char name[MAX_PATH];
    DWORD n = GetModuleFileNameA(h, name, MAX_PATH);
    size_t len = strlen(suffix);

    return n >= len && !_stricmp(name + n - len, suffix);
}

/* pathonly.dll is loaded from pathdir and works (its import was found
 * too); it and its import are then unloaded. */
static void check_loaded_and_unload(HMODULE h, const char *what)
{
    value_fn v;

    ok(h != NULL, "%s: LoadLibrary failed: %lu", what, GetLastError());
    if (!h)
        return;
    ok(file_ends_with(h, "\\pathdir\\pathonly.dll"), "%s: not loaded from pathdir", what);
    ok(GetModuleHandleA("pathdep.dll") != NULL, "%s: its import is not loaded", what);
    v = (value_fn)GetProcAddress(h, "path_value");
    ok(v && v() == 18, "%s: path_value() = %d", what, v ? v() : -1);
    ok(FreeLibrary(h), "%s: FreeLibrary", what);
    ok(GetModuleHandleA("pathonly.dll") == NULL && GetModuleHandleA("pathdep.dll") == NULL,
       "%s: not unloaded", what);
}

static void check_not_found(HMODULE h, const char *what)
{
    DWORD err = GetLastError();

    ok(h == NULL, "%s: loaded", what);
    ok(err == ERROR_MOD_NOT_FOUND, "%s: error %lu", what, err);
    if (h)
        FreeLibrary(h);
}

static void test_baseline(void)
{
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "before any setting");
}

/* "After calling SetDllDirectory, the standard DLL search path is: the
 * directory from which the application loaded, the directory specified by
 * lpPathName, ..." */
static void test_set_dll_directory(void)
{
    ok(SetDllDirectoryA(dll_dir), "SetDllDirectoryA");
    check_loaded_and_unload(LoadLibraryA("pathonly.dll"), "SetDllDirectoryA(pathdir)");
    ok(SetDllDirectoryW(dll_dir_w), "SetDllDirectoryW");
    check_loaded_and_unload(LoadLibraryW(L"pathonly.dll"), "SetDllDirectoryW(pathdir)");
    /* Each call replaces the previous directory. */
    ok(SetDllDirectoryA(exe_dir), "SetDllDirectoryA(exe dir)");
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "after the directory was replaced");
    ok(SetDllDirectoryA(NULL), "SetDllDirectoryA(NULL)");
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "after SetDllDirectory(NULL)");
}

/* The return value is the length copied without the NUL, or, when it is
 * greater than the buffer size, the size the buffer needs. */
static void test_get_dll_directory(void)
{
    char buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];
    DWORD len = (DWORD)strlen(dll_dir), n;

    ok(SetDllDirectoryA(dll_dir), "SetDllDirectoryA");
    memset(buf, 'x', sizeof(buf));
    n = GetDllDirectoryA(MAX_PATH, buf);
    ok(n == len && !strcmp(buf, dll_dir), "GetDllDirectoryA: %lu '%.*s'", n, MAX_PATH - 1, buf);
    n = GetDllDirectoryA(len + 1, buf);
    ok(n == len && !strcmp(buf, dll_dir), "GetDllDirectoryA(exact size): %lu", n);
    n = GetDllDirectoryA(len, buf);
    ok(n > len && n == len + 1, "GetDllDirectoryA(too small): %lu", n);
    n = GetDllDirectoryA(0, NULL);
    ok(n == len + 1, "GetDllDirectoryA(0, NULL): %lu", n);
    memset(wbuf, 'x', sizeof(wbuf));
    n = GetDllDirectoryW(MAX_PATH, wbuf);
    ok(n == len && !wcscmp(wbuf, dll_dir_w), "GetDllDirectoryW: %lu", n);
    n = GetDllDirectoryW(len, wbuf);
    ok(n == len + 1, "GetDllDirectoryW(too small): %lu", n);
    ok(SetDllDirectoryW(L""), "SetDllDirectoryW(\"\")");
    n = GetDllDirectoryW(MAX_PATH, wbuf);
    ok(n == 0 && wbuf[0] == 0, "GetDllDirectoryW after \"\": %lu", n);
    ok(SetDllDirectoryA(NULL), "SetDllDirectoryA(NULL)");
}

/* The current directory is in the standard order; SetDllDirectory("")
 * removes it, SetDllDirectory(NULL) puts it back, and a set directory
 * takes its place. */
static void test_current_directory(void)
{
    ok(SetCurrentDirectoryA(dll_dir), "SetCurrentDirectory(pathdir)");
    check_loaded_and_unload(LoadLibraryA("pathonly.dll"), "current directory");
    ok(SetDllDirectoryA(""), "SetDllDirectoryA(\"\")");
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "SetDllDirectory(\"\") still searched the current directory");
    ok(SetDllDirectoryA(exe_dir), "SetDllDirectoryA(exe dir)");
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "a set DLL directory still left the current directory in");
    ok(SetDllDirectoryA(NULL), "SetDllDirectoryA(NULL)");
    check_loaded_and_unload(LoadLibraryA("pathonly.dll"), "current directory after SetDllDirectory(NULL)");
    ok(SetCurrentDirectoryA(exe_dir), "SetCurrentDirectory(exe dir)");
}

/* AddDllDirectory needs an absolute path; its directories are searched by
 * LOAD_LIBRARY_SEARCH_USER_DIRS loads only, until RemoveDllDirectory. */
static void test_add_dll_directory(void)
{
    DLL_DIRECTORY_COOKIE cookie;
    char missing[MAX_PATH];
    WCHAR wmissing[MAX_PATH];

    SetLastError(0);
    ok(AddDllDirectory(L"pathdir") == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "AddDllDirectory(relative): %lu", GetLastError());
    SetLastError(0);
    ok(AddDllDirectory(L"C:pathdir") == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "AddDllDirectory(drive-relative): %lu", GetLastError());
    snprintf(missing, sizeof(missing), "%s\\no-such-dir", exe_dir);
    MultiByteToWideChar(CP_ACP, 0, missing, -1, wmissing, MAX_PATH);
    ok(AddDllDirectory(wmissing) == NULL, "AddDllDirectory(a missing directory) succeeded");

    SetLastError(0);
    check_not_found(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_USER_DIRS),
                    "USER_DIRS before AddDllDirectory");
    cookie = AddDllDirectory(dll_dir_w);
    ok(cookie != NULL, "AddDllDirectory: %lu", GetLastError());
    check_loaded_and_unload(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_USER_DIRS),
                            "LOAD_LIBRARY_SEARCH_USER_DIRS");
    check_loaded_and_unload(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS),
                            "LOAD_LIBRARY_SEARCH_DEFAULT_DIRS with a user directory");
    /* The standard order does not search the user directories. */
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "LoadLibrary searched an AddDllDirectory directory");
    ok(RemoveDllDirectory(cookie), "RemoveDllDirectory: %lu", GetLastError());
    SetLastError(0);
    check_not_found(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_USER_DIRS),
                    "USER_DIRS after RemoveDllDirectory");

    /* SetDllDirectory's directory is a user directory too. */
    ok(SetDllDirectoryA(dll_dir), "SetDllDirectoryA");
    check_loaded_and_unload(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_USER_DIRS),
                            "USER_DIRS with SetDllDirectory's directory");
    ok(SetDllDirectoryA(NULL), "SetDllDirectoryA(NULL)");
}

/* A DLL named by full path whose import is only in its own directory:
 * the standard order does not look there, the alternate order
 * (LOAD_WITH_ALTERED_SEARCH_PATH) looks there first. */
static void test_altered_search_path(void)
{
    char full[MAX_PATH];

    snprintf(full, sizeof(full), "%s\\pathonly.dll", dll_dir);
    SetLastError(0);
    check_not_found(LoadLibraryExA(full, NULL, 0), "full path, standard order (import in its directory)");
    check_loaded_and_unload(LoadLibraryExA(full, NULL, LOAD_WITH_ALTERED_SEARCH_PATH),
                            "LOAD_WITH_ALTERED_SEARCH_PATH");
}

/* LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR: "the lpFileName parameter must
 * specify a fully qualified path"; the DLL's directory is searched for its
 * dependencies. */
static void test_dll_load_dir(void)
{
    char full[MAX_PATH];

    SetLastError(0);
    ok(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) == NULL &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "DLL_LOAD_DIR with a bare name: %lu", GetLastError());
    SetLastError(0);
    ok(LoadLibraryExA("pathdir\\pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) == NULL &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "DLL_LOAD_DIR with a relative path: %lu", GetLastError());
    snprintf(full, sizeof(full), "%s\\pathonly.dll", dll_dir);
    check_loaded_and_unload(LoadLibraryExA(full, NULL, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR |
                                                          LOAD_LIBRARY_SEARCH_SYSTEM32),
                            "DLL_LOAD_DIR | SYSTEM32 with a full path");
}

/* Whether the loaded module name's file is in directory dir. */
static BOOL module_in(const char *name, const char *dir)
{
    char path[MAX_PATH];
    HMODULE h = GetModuleHandleA(name);
    size_t len = strlen(dir);

    return h && GetModuleFileNameA(h, path, MAX_PATH) && !_strnicmp(path, dir, len) &&
           path[len] == '\\' && !strchr(path + len + 1, '\\');
}

/* The order: SetDllDirectory's directory comes before PATH; with
 * LOAD_WITH_ALTERED_SEARCH_PATH the DLL's own directory comes before
 * PATH for its imports, which the standard order finds through PATH.
 * Both directories hold both DLLs. */
static void test_order(void)
{
    static const char *const dirs[] = { "C:\\wow64_dlldirs_a", "C:\\wow64_dlldirs_b" };
    char from[MAX_PATH], to[MAX_PATH];
    HMODULE h;

    for (int d = 0; d < 2; d++) {
        CreateDirectoryA(dirs[d], NULL);
        for (int i = 0; i < 2; i++) {
            const char *name = i ? "pathdep.dll" : "pathonly.dll";

            snprintf(from, sizeof(from), "%s\\%s", dll_dir, name);
            snprintf(to, sizeof(to), "%s\\%s", dirs[d], name);
            ok(CopyFileA(from, to, FALSE), "CopyFile %s: %lu", to, GetLastError());
        }
    }
    ok(SetEnvironmentVariableA("PATH", dirs[1]), "SetEnvironmentVariable");
    ok(SetDllDirectoryA(dirs[0]), "SetDllDirectoryA");
    h = LoadLibraryA("pathonly.dll");
    ok(h != NULL, "LoadLibrary: %lu", GetLastError());
    ok(module_in("pathonly.dll", dirs[0]) && module_in("pathdep.dll", dirs[0]),
       "SetDllDirectory's directory did not come before PATH");
    if (h)
        FreeLibrary(h);
    ok(SetDllDirectoryA(NULL), "SetDllDirectoryA(NULL)");

    snprintf(to, sizeof(to), "%s\\pathonly.dll", dirs[0]);
    h = LoadLibraryExA(to, NULL, 0);
    ok(h != NULL, "LoadLibraryEx(full path): %lu", GetLastError());
    ok(module_in("pathonly.dll", dirs[0]) && module_in("pathdep.dll", dirs[1]),
       "standard order: the import did not come from PATH");
    if (h)
        FreeLibrary(h);
    h = LoadLibraryExA(to, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    ok(h != NULL, "LoadLibraryEx(full path, ALTERED): %lu", GetLastError());
    ok(module_in("pathonly.dll", dirs[0]) && module_in("pathdep.dll", dirs[0]),
       "LOAD_WITH_ALTERED_SEARCH_PATH: the import did not come from the DLL's directory");
    if (h)
        FreeLibrary(h);
    ok(GetModuleHandleA("pathonly.dll") == NULL && GetModuleHandleA("pathdep.dll") == NULL, "unloaded");
    ok(SetEnvironmentVariableA("PATH", NULL), "PATH removed");
}

/* SetDefaultDllDirectories: LoadLibrary without search flags searches the
 * directories it names (and cannot go back: this runs last). */
static void test_default_dll_directories(void)
{
    DLL_DIRECTORY_COOKIE cookie;
    HMODULE h;

    SetLastError(0);
    ok(!SetDefaultDllDirectories(0) && GetLastError() == ERROR_INVALID_PARAMETER,
       "SetDefaultDllDirectories(0): %lu", GetLastError());
    SetLastError(0);
    ok(!SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "SetDefaultDllDirectories(DLL_LOAD_DIR): %lu", GetLastError());
    SetLastError(0);
    ok(!SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_APPLICATION_DIR | 0x8000) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "SetDefaultDllDirectories(an unknown flag): %lu", GetLastError());

    cookie = AddDllDirectory(dll_dir_w);
    ok(cookie != NULL, "AddDllDirectory: %lu", GetLastError());
    /* A system DLL that is not a known DLL (nor loaded yet; system DLLs
     * stay loaded): System32 is searched only when SYSTEM32 is among the
     * defaults. */
    ok(SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_USER_DIRS), "SetDefaultDllDirectories(USER_DIRS)");
    SetLastError(0);
    check_not_found(LoadLibraryA("api-ms-win-crt-math-l1-1-0.dll"),
                    "default USER_DIRS alone searched System32");
    ok(SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32),
       "SetDefaultDllDirectories(USER_DIRS | SYSTEM32): %lu", GetLastError());
    h = LoadLibraryA("api-ms-win-crt-math-l1-1-0.dll");
    ok(h != NULL, "a System32 DLL with default SYSTEM32: %lu", GetLastError());
    if (h)
        FreeLibrary(h);
    check_loaded_and_unload(LoadLibraryA("pathonly.dll"), "LoadLibrary with default USER_DIRS");
    /* The application directory is not among them now. */
    SetLastError(0);
    check_not_found(LoadLibraryA("exportlib.dll"), "LoadLibrary searched the application directory");
    h = LoadLibraryA("kernel32.dll");
    ok(h == GetModuleHandleA("kernel32.dll"), "kernel32 through the defaults");
    /* Explicit flags override the defaults. */
    h = LoadLibraryExA("exportlib.dll", NULL, LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
    ok(h != NULL, "LoadLibraryEx(APPLICATION_DIR) with other defaults: %lu", GetLastError());
    if (h)
        FreeLibrary(h);
    SetLastError(0);
    check_not_found(LoadLibraryExA("pathonly.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32),
                    "explicit SYSTEM32 searched the default user directories");

    ok(SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_DEFAULT_DIRS), "SetDefaultDllDirectories(DEFAULT_DIRS)");
    h = LoadLibraryA("exportlib.dll");
    ok(h != NULL, "LoadLibrary(exportlib) with DEFAULT_DIRS: %lu", GetLastError());
    if (h)
        FreeLibrary(h);
    check_loaded_and_unload(LoadLibraryA("pathonly.dll"), "LoadLibrary with DEFAULT_DIRS");
    ok(RemoveDllDirectory(cookie), "RemoveDllDirectory");
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "LoadLibrary with DEFAULT_DIRS after RemoveDllDirectory");
    /* The current directory is not part of the defaults. */
    ok(SetCurrentDirectoryA(dll_dir), "SetCurrentDirectory(pathdir)");
    SetLastError(0);
    check_not_found(LoadLibraryA("pathonly.dll"), "LoadLibrary with DEFAULT_DIRS searched the current directory");
    ok(SetCurrentDirectoryA(exe_dir), "SetCurrentDirectory(exe dir)");
}

int main(void)
{
    char *slash;

    GetModuleFileNameA(NULL, exe_dir, MAX_PATH);
    if ((slash = strrchr(exe_dir, '\\')))
        *slash = 0;
    snprintf(dll_dir, sizeof(dll_dir), "%s\\pathdir", exe_dir);
    MultiByteToWideChar(CP_ACP, 0, dll_dir, -1, dll_dir_w, MAX_PATH);
    SetEnvironmentVariableA("PATH", NULL);
    SetCurrentDirectoryA(exe_dir);
    test_baseline();
    test_set_dll_directory();
    test_get_dll_directory();
    test_current_directory();
    test_add_dll_directory();
    test_altered_search_path();
    test_dll_load_dir();
    test_order();
    test_default_dll_directories();
    return test_summary();
}
