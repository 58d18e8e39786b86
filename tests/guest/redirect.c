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

/* Wow64DisableWow64FsRedirection & co. (spec section 2, Microsoft's
 * wow64apiset documentation): per thread, nestable, NULL -> ERROR_NOACCESS,
 * Sysnative unaffected. */
static void test_control(void)
{
    PVOID old1 = (PVOID)0x55, old2 = (PVOID)0x55;

    SetLastError(0);
    ok(!Wow64DisableWow64FsRedirection(NULL), "NULL OldValue fails");
    ok(GetLastError() == ERROR_NOACCESS, "NULL OldValue error %lu", GetLastError());
    ok(Wow64DisableWow64FsRedirection(&old1), "disable");
    ok(old1 == NULL, "the previous value was 0 (on): %p", old1);
    ok(!exists("C:\\Windows\\System32\\kernel32.dll"), "disabled: System32 is the real one");
    ok(exists("C:\\Windows\\SysWOW64\\kernel32.dll"), "SysWOW64 still reachable");
    ok(!exists("C:\\Windows\\Sysnative\\kernel32.dll"), "Sysnative still maps to System32");
    ok(Wow64DisableWow64FsRedirection(&old2), "nested disable");
    ok(old2 != NULL, "nested: the previous value says disabled");
    ok(Wow64RevertWow64FsRedirection(old2), "inner revert");
    ok(!exists("C:\\Windows\\System32\\kernel32.dll"), "still disabled after the inner revert");
    ok(Wow64RevertWow64FsRedirection(old1), "outer revert");
    ok(exists("C:\\Windows\\System32\\kernel32.dll"), "redirected again");
    ok(Wow64EnableWow64FsRedirection(FALSE), "Wow64EnableWow64FsRedirection(FALSE)");
    ok(!exists("C:\\Windows\\System32\\kernel32.dll"), "disabled by the old switch");
    ok(Wow64EnableWow64FsRedirection(TRUE), "Wow64EnableWow64FsRedirection(TRUE)");
    ok(exists("C:\\Windows\\System32\\kernel32.dll"), "enabled by the old switch");
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
    test_control();
    return test_summary();
}
