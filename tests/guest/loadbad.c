/* LoadLibrary of malformed images (tests/guest/mkbad, copied next to this
 * program as <cause>.dll) fails with the Win32 error Windows gives and
 * never takes the process down; a good DLL loads afterwards. Expected
 * errors: ERROR_FILE_INVALID (1006) for an empty file (NtCreateSection:
 * STATUS_MAPPED_FILE_SIZE_ZERO), ERROR_BAD_EXE_FORMAT (193) for every
 * other image that is not a valid 32-bit one. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "test.h"

static const char *const bad[] = {
    "text", "dosonly", "ne16", "truncated", "badsig", "badlfanew", "arm", "sectdata",
    "huge", "entry", "badopt", "badalign", "badsections", "baddir", "badimports",
    "badloadcfg", "badrsrc", "baddelay", "badtls",
};

/* An .exe loaded by LoadLibrary (here argv.exe, one directory up, named
 * with ".."): it maps, but its entry point is not called as a DllMain (it
 * would run that program's main and exit), as on Windows. */
static void test_exe_as_library(void)
{
    char path[MAX_PATH], *slash;
    HMODULE h;

    GetModuleFileNameA(NULL, path, sizeof path);
    if ((slash = strrchr(path, '\\')))
        strcpy(slash, "\\..\\argv.exe");
    h = LoadLibraryA(path);
    ok(h != NULL, "LoadLibrary(%s): error %lu", path, GetLastError());
    ok(h != GetModuleHandleA(NULL), "a module of its own");
}

int main(void)
{
    HMODULE h;
    char name[64];

    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(name, sizeof name, "%s.dll", bad[i]);
        SetLastError(0);
        h = LoadLibraryA(name);
        ok(h == NULL, "LoadLibrary(%s) fails", name);
        ok(GetLastError() == ERROR_BAD_EXE_FORMAT, "LoadLibrary(%s): error %lu, want 193", name,
           GetLastError());
    }
    SetLastError(0);
    h = LoadLibraryA("empty.dll");
    ok(h == NULL && GetLastError() == ERROR_FILE_INVALID, "LoadLibrary(empty.dll): error %lu, want 1006",
       GetLastError());
    /* A failed load leaves nothing behind: a good DLL still loads. */
    h = LoadLibraryA("exportlib.dll");
    ok(h != NULL && GetProcAddress(h, "present") != NULL, "exportlib.dll loads after the failures");
    test_exe_as_library();
    return test_summary();
}
