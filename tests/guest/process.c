/* The process as a 32-bit Windows program sees it: TEB/PEB through fs,
 * the loader's module list, the process parameters, the CPU state at
 * start, and the loader APIs. Expected values: spec section 6 and
 * Microsoft's documentation of the APIs used. */
#include <windows.h>
#include <winternl.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "test.h"

static uint32_t fs_read(unsigned off)
{
    uint32_t v;
    __asm__ volatile("movl %%fs:(%1), %0" : "=r"(v) : "r"(off));
    return v;
}

/* The CPU state the process starts with, captured by a TLS callback,
 * which runs before the entry point (MinGW's start-up code then resets
 * the x87 control word to its own 0x37F default, so main() cannot see
 * Windows' initial value). */
static uint16_t initial_cw;
static uint32_t initial_mxcsr, initial_eflags;
static int captured;

static void NTAPI capture_cpu_state(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason != DLL_PROCESS_ATTACH || captured)
        return;
    captured = 1;
    __asm__ volatile("fnstcw %0" : "=m"(initial_cw));
    __asm__ volatile("stmxcsr %0" : "=m"(initial_mxcsr));
    __asm__ volatile("pushfl; popl %0" : "=r"(initial_eflags));
}

extern const IMAGE_TLS_DIRECTORY _tls_used; /* MinGW's TLS directory */
__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK capture_callback = capture_cpu_state;

static void test_cpu_state(void)
{
    uint16_t cw = initial_cw;
    uint32_t mxcsr = initial_mxcsr, eflags = initial_eflags;

    ok(captured && _tls_used.AddressOfCallBacks, "TLS callback ran before the entry point");
    ok(cw == 0x27F, "x87 control word %#x", cw);
    ok((mxcsr & ~0x3Fu) == 0x1F80, "MXCSR %#x", mxcsr);
    ok(!(eflags & 0x400), "direction flag set");
}

static void test_teb_peb(void)
{
    uint32_t teb = fs_read(0x18), peb = fs_read(0x30);
    uint8_t *p = (uint8_t *)(uintptr_t)peb;
    uint32_t stack_base = fs_read(4), stack_limit = fs_read(8), local = (uint32_t)(uintptr_t)&teb;

    ok(teb == (uint32_t)(uintptr_t)NtCurrentTeb(), "fs:[0x18] %#x", teb);
    ok(peb != 0, "fs:[0x30]");
    ok(local < stack_base && local >= stack_limit, "stack %#x not in [%#x,%#x)", local, stack_limit,
       stack_base);
    {
        /* The stack is sized from the image header's SizeOfStackReserve:
         * the reservation starts at DeallocationStack; StackLimit is the
         * lowest committed page, above the guard page. */
        uint8_t *image = (uint8_t *)GetModuleHandleA(NULL);
        IMAGE_NT_HEADERS32 *nt = (IMAGE_NT_HEADERS32 *)(image + ((IMAGE_DOS_HEADER *)image)->e_lfanew);
        uint32_t reserve = nt->OptionalHeader.SizeOfStackReserve, dealloc = fs_read(0xE0C);
        ok(stack_base - dealloc >= reserve && stack_base - dealloc < reserve + 0x10000,
           "stack size %#x for a reserve of %#x", stack_base - dealloc, reserve);
        ok(stack_limit > dealloc && stack_limit < stack_base, "StackLimit %#x in (%#x, %#x)",
           stack_limit, dealloc, stack_base);
    }
    ok(fs_read(0x20) == GetCurrentProcessId(), "ClientId.UniqueProcess");
    ok(fs_read(0x24) == GetCurrentThreadId(), "ClientId.UniqueThread");
    ok(*(uint32_t *)(p + 0x08) == (uint32_t)(uintptr_t)GetModuleHandleA(NULL), "PEB ImageBaseAddress");
    ok(*(uint32_t *)(p + 0x18) == (uint32_t)(uintptr_t)GetProcessHeap(), "PEB ProcessHeap");
    ok(*(uint32_t *)(p + 0xA4) == 10, "OSMajorVersion %u", *(uint32_t *)(p + 0xA4));
    ok(*(uint32_t *)(p + 0xB0) == 2, "OSPlatformId");
    SetLastError(1234);
    ok(fs_read(0x34) == 1234, "TEB LastErrorValue %u", fs_read(0x34));
}

static void test_ldr_lists(void)
{
    uint8_t *peb = (uint8_t *)(uintptr_t)fs_read(0x30);
    uint8_t *ldr = *(uint8_t **)(peb + 0x0C);
    LIST_ENTRY *head = (LIST_ENTRY *)(ldr + 0x0C), *e;
    int n = 0, saw_ntdll = 0, saw_kernel32 = 0, saw_exe = 0;

    for (e = head->Flink; e != head && n < 100; e = e->Flink, n++) {
        uint8_t *entry = (uint8_t *)e;
        UNICODE_STRING *base = (UNICODE_STRING *)(entry + 0x2C);
        void *dll_base = *(void **)(entry + 0x18);

        if (!_wcsicmp(base->Buffer, L"ntdll.dll"))
            saw_ntdll = dll_base == GetModuleHandleA("ntdll.dll");
        if (!_wcsicmp(base->Buffer, L"kernel32.dll"))
            saw_kernel32 = dll_base == GetModuleHandleA("kernel32.dll");
        if (dll_base == GetModuleHandleA(NULL))
            saw_exe = n == 0;
    }
    ok(n >= 3, "%d modules in InLoadOrderModuleList", n);
    ok(saw_exe, "the exe is first in load order");
    ok(saw_ntdll, "ntdll.dll in the list with its base");
    ok(saw_kernel32, "kernel32.dll in the list with its base");
}

static void test_parameters(void)
{
    uint8_t *peb = (uint8_t *)(uintptr_t)fs_read(0x30);
    uint8_t *params = *(uint8_t **)(peb + 0x10);
    UNICODE_STRING *cmd = (UNICODE_STRING *)(params + 0x40);
    UNICODE_STRING *image = (UNICODE_STRING *)(params + 0x38);
    wchar_t path[MAX_PATH];

    ok(cmd->Buffer && !wcscmp(cmd->Buffer, GetCommandLineW()), "CommandLine");
    ok(GetModuleFileNameW(NULL, path, MAX_PATH) > 0 && !_wcsicmp(path, image->Buffer),
       "ImagePathName matches GetModuleFileName");
    ok(*(HANDLE *)(params + 0x1C) == GetStdHandle(STD_OUTPUT_HANDLE), "StandardOutput");
    ok(*(HANDLE *)(params + 0x20) == GetStdHandle(STD_ERROR_HANDLE), "StandardError");
}

static void test_loader_apis(void)
{
    HMODULE k32 = GetModuleHandleA("KERNEL32.DLL"), k32b = GetModuleHandleW(L"kernel32");
    HMODULE crt = LoadLibraryA("msvcrt.dll");
    FARPROC p;

    ok(k32 != NULL && k32 == k32b, "GetModuleHandle ignores case and the extension");
    ok(crt != NULL, "LoadLibrary(msvcrt.dll)");
    p = GetProcAddress(k32, "GetCurrentProcessId");
    ok(p != NULL && ((DWORD(WINAPI *)(void))p)() == GetCurrentProcessId(), "GetProcAddress by name");
    SetLastError(0);
    ok(GetProcAddress(k32, "NoSuchFunctionAnywhere") == NULL, "missing export");
    ok(GetLastError() == ERROR_PROC_NOT_FOUND, "missing export error %lu", GetLastError());
    SetLastError(0);
    ok(LoadLibraryA("no_such_library_here.dll") == NULL, "missing DLL");
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "missing DLL error %lu", GetLastError());
}

int main(void)
{
    test_cpu_state();
    test_teb_peb();
    test_ldr_lists();
    test_parameters();
    test_loader_apis();
    return test_summary();
}
