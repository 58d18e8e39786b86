/* A LoadLibrary that fails half-way (a dependency is missing) leaves
 * nothing behind: the DLL is not "loaded" for a second attempt or for
 * GetModuleHandle (Microsoft's LoadLibrary documentation: NULL and
 * ERROR_MOD_NOT_FOUND). */
#include <windows.h>

#include "test.h"

int main(void)
{
    SetLastError(0);
    ok(LoadLibraryA("badimport.dll") == NULL, "first attempt fails");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "error %lu", GetLastError());
    ok(GetModuleHandleA("badimport.dll") == NULL, "not left loaded");
    SetLastError(0);
    ok(LoadLibraryA("badimport.dll") == NULL, "second attempt fails too");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "error %lu", GetLastError());
    ok(LoadLibraryA("exportlib.dll") != NULL, "another DLL still loads");
    return test_summary();
}
