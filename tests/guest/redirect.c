/* File-system redirection as a 32-bit program sees it (spec section 2):
 * System32 is SysWOW64 (which holds our 32-bit DLLs), Sysnative is the real
 * System32 (which holds no 32-bit DLLs in a fresh prefix). */
#include <string.h>
#include <windows.h>

#include "test.h"

static BOOL exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

int main(void)
{
    WIN32_FIND_DATAA fd;
    HANDLE h, find;
    int dlls = 0;

    ok(exists("C:\\Windows\\SysWOW64\\kernel32.dll"), "SysWOW64\\kernel32.dll");
    ok(exists("C:\\Windows\\System32\\kernel32.dll"), "System32 redirected to SysWOW64");
    ok(exists("c:\\windows\\SYSTEM32\\KERNEL32.DLL"), "redirection ignores case");
    SetLastError(0);
    ok(!exists("C:\\Windows\\Sysnative\\kernel32.dll"), "Sysnative is the real System32");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "Sysnative error %lu", GetLastError());
    h = CreateFileA("C:\\Windows\\System32\\ntdll.dll", GENERIC_READ, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile through System32: %lu", GetLastError());
    if (h != INVALID_HANDLE_VALUE) {
        char mz[2] = { 0 };
        DWORD n = 0;
        ok(ReadFile(h, mz, 2, &n, NULL) && n == 2 && mz[0] == 'M' && mz[1] == 'Z', "reads the DLL");
        CloseHandle(h);
    }
    find = FindFirstFileA("C:\\Windows\\System32\\*.dll", &fd);
    ok(find != INVALID_HANDLE_VALUE, "FindFirstFile in System32: %lu", GetLastError());
    if (find != INVALID_HANDLE_VALUE) {
        do
            dlls += !_stricmp(fd.cFileName, "msvcrt.dll");
        while (FindNextFileA(find, &fd));
        FindClose(find);
    }
    ok(dlls == 1, "the listing of System32 is SysWOW64's");
    ok(exists("C:\\Windows\\System32\\drivers") || GetLastError() == ERROR_FILE_NOT_FOUND,
       "drivers is redirected like any other subdirectory");
    return test_summary();
}
