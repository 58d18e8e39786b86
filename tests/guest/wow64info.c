/* The APIs that reveal WOW64 and the 32-bit environment (spec sections 3
 * and 5; Microsoft's IsWow64Process(2), GetSystemInfo,
 * GetNativeSystemInfo, GetSystemWow64Directory pages). */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "test.h"

static void test_is_wow64(void)
{
    BOOL wow64 = FALSE;
    USHORT process = 0xFFFF, native = 0;

    ok(IsWow64Process(GetCurrentProcess(), &wow64) && wow64, "IsWow64Process");
    ok(IsWow64Process2(GetCurrentProcess(), &process, &native), "IsWow64Process2");
    ok(process == IMAGE_FILE_MACHINE_I386, "process machine %#x", process);
    ok(native == IMAGE_FILE_MACHINE_AMD64, "native machine %#x", native);
}

static void test_system_info(void)
{
    SYSTEM_INFO si, ni;

    GetSystemInfo(&si);
    GetNativeSystemInfo(&ni);
    ok(si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL, "arch %u", si.wProcessorArchitecture);
    ok(si.dwProcessorType == 586, "type %lu", si.dwProcessorType);
    ok(si.dwPageSize == 0x1000, "page %#lx", si.dwPageSize);
    ok(si.dwAllocationGranularity == 0x10000, "granularity %#lx", si.dwAllocationGranularity);
    ok(si.lpMinimumApplicationAddress == (void *)0x10000, "min %p", si.lpMinimumApplicationAddress);
    ok(si.lpMaximumApplicationAddress == (void *)0x7FFEFFFF, "max %p (no LAA)", si.lpMaximumApplicationAddress);
    ok(si.dwNumberOfProcessors >= 1, "processors");
    ok(ni.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "native arch %u", ni.wProcessorArchitecture);
    ok(ni.dwProcessorType == 8664, "native type %lu", ni.dwProcessorType);
    ok(ni.lpMaximumApplicationAddress == (void *)0xFFFEFFFF, "native max %p", ni.lpMaximumApplicationAddress);
}

static void test_directories(void)
{
    char buf[MAX_PATH], small[4];
    WCHAR wbuf[MAX_PATH];
    UINT n;

    n = GetSystemWow64DirectoryA(buf, sizeof buf);
    ok(n == strlen("C:\\Windows\\SysWOW64") && !strcmp(buf, "C:\\Windows\\SysWOW64"), "SysWOW64 dir \"%s\" %u", buf, n);
    n = GetSystemWow64DirectoryA(small, sizeof small);
    ok(n == strlen("C:\\Windows\\SysWOW64") + 1, "small buffer: size needed with the NUL, got %u", n);
    n = GetSystemWow64DirectoryW(wbuf, MAX_PATH);
    ok(n == 19 && !wcscmp(wbuf, L"C:\\Windows\\SysWOW64"), "SysWOW64 dir (W) %u", n);
    n = GetSystemDirectoryA(buf, sizeof buf);
    ok(n && !_stricmp(buf, "C:\\Windows\\system32"), "system dir \"%s\"", buf);
}

static void test_environment(void)
{
    static const struct { const char *name, *value; } vars[] = {
        { "PROCESSOR_ARCHITECTURE", "x86" },
        { "PROCESSOR_ARCHITEW6432", "AMD64" },
        { "ProgramFiles", "C:\\Program Files (x86)" },
        { "ProgramFiles(x86)", "C:\\Program Files (x86)" },
        { "ProgramW6432", "C:\\Program Files" },
        { "CommonProgramFiles", "C:\\Program Files (x86)\\Common Files" },
        { "CommonProgramFiles(x86)", "C:\\Program Files (x86)\\Common Files" },
        { "CommonProgramW6432", "C:\\Program Files\\Common Files" },
    };
    char buf[512];

    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        DWORD n = GetEnvironmentVariableA(vars[i].name, buf, sizeof buf);
        ok(n && !strcmp(buf, vars[i].value), "%s = \"%s\"", vars[i].name, n ? buf : "(unset)");
    }
    ok(ExpandEnvironmentStringsA("%ProgramFiles%\\x", buf, sizeof buf) &&
       !strcmp(buf, "C:\\Program Files (x86)\\x"), "ExpandEnvironmentStrings \"%s\"", buf);
}

int main(void)
{
    test_is_wow64();
    test_system_info();
    test_directories();
    test_environment();
    return test_summary();
}
