/* File-system redirection as a 32-bit program sees it (spec section 2):
 * System32 is SysWOW64 (which holds our 32-bit DLLs), Sysnative is the real
 * System32 (which holds 64-bit DLLs of the same names, as on Windows). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "test.h"

static BOOL exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

#define I386 0x014c
#define AMD64 0x8664

/* The Machine field of a PE file, or 0. */
static WORD machine_of(const char *path)
{
    BYTE hdr[512];
    DWORD n = 0, lfanew;
    WORD machine = 0;
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);

    if (h == INVALID_HANDLE_VALUE)
        return 0;
    if (ReadFile(h, hdr, sizeof(hdr), &n, NULL) && n >= 0x40 && hdr[0] == 'M') {
        memcpy(&lfanew, hdr + 0x3c, 4);
        if (lfanew + 6 <= n)
            memcpy(&machine, hdr + lfanew + 4, 2);
    }
    CloseHandle(h);
    return machine;
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
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == AMD64, "disabled: System32 is the real one");
    ok(machine_of("C:\\Windows\\SysWOW64\\kernel32.dll") == I386, "SysWOW64 still reachable");
    ok(machine_of("C:\\Windows\\Sysnative\\kernel32.dll") == AMD64, "Sysnative still maps to System32");
    ok(Wow64DisableWow64FsRedirection(&old2), "nested disable");
    ok(old2 != NULL, "nested: the previous value says disabled");
    ok(Wow64RevertWow64FsRedirection(old2), "inner revert");
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == AMD64, "still disabled after the inner revert");
    ok(Wow64RevertWow64FsRedirection(old1), "outer revert");
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == I386, "redirected again");
    ok(Wow64EnableWow64FsRedirection(FALSE), "Wow64EnableWow64FsRedirection(FALSE)");
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == AMD64, "disabled by the old switch");
    ok(Wow64EnableWow64FsRedirection(TRUE), "Wow64EnableWow64FsRedirection(TRUE)");
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == I386, "enabled by the old switch");
}

/* A file written through System32 is in SysWOW64, not in System32. */
static void test_write_lands_in_syswow64(void)
{
    char via[MAX_PATH], wow[MAX_PATH], real[MAX_PATH];
    PVOID old;
    HANDLE h;

    snprintf(via, sizeof(via), "C:\\Windows\\System32\\written_%lu.txt", GetCurrentProcessId());
    snprintf(wow, sizeof(wow), "C:\\Windows\\SysWOW64\\written_%lu.txt", GetCurrentProcessId());
    snprintf(real, sizeof(real), "C:\\Windows\\Sysnative\\written_%lu.txt", GetCurrentProcessId());
    h = CreateFileA(via, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create through System32: %lu", GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return;
    CloseHandle(h);
    ok(exists(wow), "the file is in SysWOW64");
    ok(!exists(real), "and not in the real System32");
    ok(Wow64DisableWow64FsRedirection(&old), "disable");
    ok(!exists(via), "with redirection off, System32 does not have it");
    ok(Wow64RevertWow64FsRedirection(old), "revert");
    ok(DeleteFileA(via), "delete through System32: %lu", GetLastError());
    ok(!exists(wow), "deleted from SysWOW64");
}

/* System32\drivers\etc is exempt (the real one for both), System32\drivers
 * itself is not. */
static void test_exempt_drivers_etc(void)
{
    char etc_file[MAX_PATH], drv_file[MAX_PATH];
    PVOID old;
    HANDLE h;

    snprintf(etc_file, sizeof(etc_file), "C:\\Windows\\System32\\drivers\\etc\\hosts_%lu",
             GetCurrentProcessId());
    snprintf(drv_file, sizeof(drv_file), "C:\\Windows\\System32\\drivers\\drv_%lu.sys",
             GetCurrentProcessId());
    ok(Wow64DisableWow64FsRedirection(&old), "disable");
    CreateDirectoryA("C:\\Windows\\System32\\drivers", NULL);
    CreateDirectoryA("C:\\Windows\\System32\\drivers\\etc", NULL);
    h = CreateFileA(etc_file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create in the real drivers\\etc: %lu", GetLastError());
    CloseHandle(h);
    h = CreateFileA(drv_file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create in the real drivers: %lu", GetLastError());
    CloseHandle(h);
    ok(Wow64RevertWow64FsRedirection(old), "revert");
    ok(exists(etc_file), "redirected: drivers\\etc is the real one (exempt)");
    ok(!exists(drv_file), "redirected: drivers is SysWOW64's");
    ok(Wow64DisableWow64FsRedirection(&old), "disable");
    DeleteFileA(etc_file);
    DeleteFileA(drv_file);
    ok(Wow64RevertWow64FsRedirection(old), "revert");
}

static DWORD WINAPI other_thread_machine(void *arg)
{
    *(WORD *)arg = machine_of("C:\\Windows\\System32\\kernel32.dll");
    return 0;
}

/* Disabling is per thread: another thread stays redirected. */
static void test_per_thread(void)
{
    WORD other = 0;
    PVOID old;
    HANDLE th;

    ok(Wow64DisableWow64FsRedirection(&old), "disable");
    th = CreateThread(NULL, 0, other_thread_machine, &other, 0, NULL);
    ok(th != NULL, "CreateThread");
    WaitForSingleObject(th, INFINITE);
    CloseHandle(th);
    ok(other == I386, "another thread is still redirected: machine %04x", other);
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == AMD64, "this thread is not");
    ok(Wow64RevertWow64FsRedirection(old), "revert");
}

/* A 64-bit DLL: LoadLibrary fails with ERROR_BAD_EXE_FORMAT, it loads as
 * a data file, and the DLL search skips it for a 32-bit one further on. */
static void test_load_64bit(void)
{
    char native[MAX_PATH], exedir[MAX_PATH], lib32[MAX_PATH], skip64[MAX_PATH], skip32[MAX_PATH];
    char name[64], got[MAX_PATH], *slash;
    HMODULE m;
    PVOID old;

    snprintf(native, sizeof(native), "C:\\Windows\\System32\\native_%lu.dll", GetCurrentProcessId());
    ok(Wow64DisableWow64FsRedirection(&old), "disable");
    ok(CopyFileA("C:\\Windows\\System32\\kernel32.dll", native, FALSE), "copy a 64-bit DLL: %lu",
       GetLastError());
    SetLastError(0);
    m = LoadLibraryA(native);
    ok(!m && GetLastError() == ERROR_BAD_EXE_FORMAT, "LoadLibrary of a 64-bit DLL: %p, error %lu", m,
       GetLastError());
    m = LoadLibraryExA(native, NULL, LOAD_LIBRARY_AS_DATAFILE);
    ok(m && ((ULONG_PTR)m & 3) == 1, "LoadLibraryEx(AS_DATAFILE): %p, error %lu", m, GetLastError());
    if (m) {
        const BYTE *p = (const BYTE *)((ULONG_PTR)m & ~3);
        DWORD lfanew;

        memcpy(&lfanew, p + 0x3c, 4);
        ok(p[0] == 'M' && *(const WORD *)(p + lfanew + 4) == AMD64, "the view holds the 64-bit image");
        ok(FreeLibrary(m), "FreeLibrary of a data file");
    }
    m = LoadLibraryExA(native, NULL, LOAD_LIBRARY_AS_IMAGE_RESOURCE);
    ok(m && ((ULONG_PTR)m & 3) == 2, "LoadLibraryEx(AS_IMAGE_RESOURCE): %p", m);
    if (m)
        FreeLibrary(m);
    DeleteFileA(native);
    ok(Wow64RevertWow64FsRedirection(old), "revert");

    /* The search: a 64-bit skiptest_N.dll next to the exe, a 32-bit one in
     * SysWOW64: the 32-bit one loads. */
    GetModuleFileNameA(NULL, exedir, sizeof(exedir));
    if ((slash = strrchr(exedir, '\\')))
        *slash = 0;
    snprintf(name, sizeof(name), "skiptest_%lu.dll", GetCurrentProcessId());
    snprintf(lib32, sizeof(lib32), "%s\\exportlib.dll", exedir);
    snprintf(skip64, sizeof(skip64), "%s\\%s", exedir, name);
    snprintf(skip32, sizeof(skip32), "C:\\Windows\\SysWOW64\\%s", name);
    ok(CopyFileA("C:\\Windows\\Sysnative\\kernel32.dll", skip64, FALSE), "64-bit copy: %lu", GetLastError());
    ok(CopyFileA(lib32, skip32, FALSE), "32-bit copy of %s: %lu", lib32, GetLastError());
    m = LoadLibraryA(name);
    ok(m != NULL, "the search skips the 64-bit DLL: error %lu", GetLastError());
    if (m) {
        GetModuleFileNameA(m, got, sizeof(got));
        ok(!_stricmp(got, skip32), "loaded %s", got);
        ok(GetProcAddress(m, "present") != NULL, "the 32-bit DLL's export");
        FreeLibrary(m);
    }
    DeleteFileA(skip64);
    DeleteFileA(skip32);
}

int main(void)
{
    WIN32_FIND_DATAA fd;
    HANDLE h, find;
    int dlls = 0;

    ok(exists("C:\\Windows\\SysWOW64\\kernel32.dll"), "SysWOW64\\kernel32.dll");
    ok(exists("C:\\Windows\\System32\\kernel32.dll"), "System32 redirected to SysWOW64");
    ok(exists("c:\\windows\\SYSTEM32\\KERNEL32.DLL"), "redirection ignores case");
    ok(machine_of("C:\\Windows\\System32\\kernel32.dll") == I386, "System32\\kernel32.dll is 32-bit");
    ok(machine_of("C:\\Windows\\Sysnative\\kernel32.dll") == AMD64,
       "Sysnative is the real System32, with 64-bit DLLs");
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
    test_control();
    test_write_lands_in_syswow64();
    test_exempt_drivers_etc();
    test_per_thread();
    test_load_64bit();
    return test_summary();
}
