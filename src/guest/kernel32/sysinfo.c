/* System information as a WOW64 process sees it (spec section 5): the
 * 32-bit view from GetSystemInfo, the AMD64 view from GetNativeSystemInfo,
 * the version from the PEB, processor features from cpuid. */
#include "kernel32_private.h"
#include "ntreg.h"

static void cpuid(unsigned leaf, unsigned sub, unsigned regs[4])
{
    __asm__ volatile ("cpuid" : "=a" (regs[0]), "=b" (regs[1]), "=c" (regs[2]), "=d" (regs[3])
                      : "a" (leaf), "c" (sub));
}

/* XCR0: which register states the OS saves (valid when OSXSAVE is set). */
static unsigned long long xgetbv0(void)
{
    unsigned lo, hi;

    __asm__ volatile ("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
    return ((unsigned long long)hi << 32) | lo;
}

static void fill_system_info(LPSYSTEM_INFO info, BOOL native)
{
    PEB32 *peb = nt_peb();
    const IMAGE_DOS_HEADER *dos = peb->ImageBaseAddress;
    const IMAGE_NT_HEADERS32 *nt = (const void *)((const char *)dos + dos->e_lfanew);
    unsigned regs[4], family, model;
    ULONG cpus = peb->NumberOfProcessors ? peb->NumberOfProcessors : 1;

    cpuid(1, 0, regs);
    family = (regs[0] >> 8) & 0xf;
    model = (regs[0] >> 4) & 0xf;
    if (family == 0xf)
        family += (regs[0] >> 20) & 0xff;
    if (family == 0x6 || family >= 0xf)
        model |= ((regs[0] >> 16) & 0xf) << 4;

    memset(info, 0, sizeof(*info));
    info->wProcessorArchitecture = native ? PROCESSOR_ARCHITECTURE_AMD64
                                          : PROCESSOR_ARCHITECTURE_INTEL;
    info->dwPageSize = 0x1000;
    info->lpMinimumApplicationAddress = (void *)0x10000;
    if (native || (nt->FileHeader.Characteristics & IMAGE_FILE_LARGE_ADDRESS_AWARE))
        info->lpMaximumApplicationAddress = (void *)0xFFFEFFFF;
    else
        info->lpMaximumApplicationAddress = (void *)0x7FFEFFFF;
    info->dwActiveProcessorMask = cpus >= 32 ? ~0u : (1u << cpus) - 1;
    info->dwNumberOfProcessors = cpus;
    info->dwProcessorType = native ? PROCESSOR_AMD_X8664 : PROCESSOR_INTEL_PENTIUM;
    info->dwAllocationGranularity = 0x10000;
    info->wProcessorLevel = (WORD)family;
    info->wProcessorRevision = (WORD)((model << 8) | (regs[0] & 0xf));
}

void WINAPI GetSystemInfo(LPSYSTEM_INFO info)
{
    fill_system_info(info, FALSE);
}

void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO info)
{
    fill_system_info(info, TRUE);
}

DWORD WINAPI GetVersion(void)
{
    PEB32 *peb = nt_peb();

    return (DWORD)peb->OSBuildNumber << 16 | (peb->OSMinorVersion & 0xff) << 8 |
           (peb->OSMajorVersion & 0xff);
}

BOOL WINAPI GetVersionExW(LPOSVERSIONINFOW info)
{
    PEB32 *peb = nt_peb();

    if (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOW) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXW)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    info->dwMajorVersion = peb->OSMajorVersion;
    info->dwMinorVersion = peb->OSMinorVersion;
    info->dwBuildNumber = peb->OSBuildNumber;
    info->dwPlatformId = peb->OSPlatformId;
    memset(info->szCSDVersion, 0, sizeof(info->szCSDVersion));
    if (info->dwOSVersionInfoSize == sizeof(OSVERSIONINFOEXW)) {
        OSVERSIONINFOEXW *ex = (OSVERSIONINFOEXW *)info;

        ex->wServicePackMajor = ex->wServicePackMinor = 0;
        ex->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        ex->wProductType = VER_NT_WORKSTATION;
        ex->wReserved = 0;
    }
    return TRUE;
}

BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA info)
{
    OSVERSIONINFOEXW w;

    if (info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOA) &&
        info->dwOSVersionInfoSize != sizeof(OSVERSIONINFOEXA)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    w.dwOSVersionInfoSize = sizeof(w);
    GetVersionExW((LPOSVERSIONINFOW)&w);
    info->dwMajorVersion = w.dwMajorVersion;
    info->dwMinorVersion = w.dwMinorVersion;
    info->dwBuildNumber = w.dwBuildNumber;
    info->dwPlatformId = w.dwPlatformId;
    memset(info->szCSDVersion, 0, sizeof(info->szCSDVersion));
    if (info->dwOSVersionInfoSize == sizeof(OSVERSIONINFOEXA)) {
        OSVERSIONINFOEXA *ex = (OSVERSIONINFOEXA *)info;

        ex->wServicePackMajor = w.wServicePackMajor;
        ex->wServicePackMinor = w.wServicePackMinor;
        ex->wSuiteMask = w.wSuiteMask;
        ex->wProductType = w.wProductType;
        ex->wReserved = 0;
    }
    return TRUE;
}

/* Whether the OS saves the given XCR0 state bits. */
static BOOL os_saves(unsigned ecx1, unsigned long long mask)
{
    return (ecx1 & (1u << 27)) && (xgetbv0() & mask) == mask;
}

BOOL WINAPI IsProcessorFeaturePresent(DWORD feature)
{
    unsigned l1[4], l7[4] = { 0 }, x1[4] = { 0 }, max, xmax;

    cpuid(0, 0, l1);
    max = l1[0];
    cpuid(1, 0, l1);
    if (max >= 7)
        cpuid(7, 0, l7);
    cpuid(0x80000000, 0, x1);
    xmax = x1[0];
    memset(x1, 0, sizeof(x1));
    if (xmax >= 0x80000001)
        cpuid(0x80000001, 0, x1);

    switch (feature) {
    case PF_FLOATING_POINT_PRECISION_ERRATA:
        return FALSE;
    case PF_FLOATING_POINT_EMULATED:
        return !(l1[3] & 1);                            /* no x87 unit */
    case PF_COMPARE_EXCHANGE_DOUBLE:
        return (l1[3] >> 8) & 1;                        /* CX8 */
    case PF_MMX_INSTRUCTIONS_AVAILABLE:
        return (l1[3] >> 23) & 1;
    case PF_XMMI_INSTRUCTIONS_AVAILABLE:
        return (l1[3] >> 25) & 1;                       /* SSE */
    case PF_3DNOW_INSTRUCTIONS_AVAILABLE:
        return (x1[3] >> 31) & 1;
    case PF_RDTSC_INSTRUCTION_AVAILABLE:
        return (l1[3] >> 4) & 1;
    case PF_PAE_ENABLED:
        return (l1[3] >> 6) & 1;                        /* the 64-bit host pages with PAE */
    case PF_XMMI64_INSTRUCTIONS_AVAILABLE:
        return (l1[3] >> 26) & 1;                       /* SSE2 */
    case PF_SSE_DAZ_MODE_AVAILABLE: {
        /* DAZ is there when FXSAVE's MXCSR_MASK has bit 6. */
        unsigned char area[512 + 16] __attribute__((aligned(16)));
        unsigned mask;

        if (!((l1[3] >> 24) & 1))
            return FALSE;
        memset(area, 0, sizeof(area));
        __asm__ volatile ("fxsave %0" : "=m" (*(unsigned char (*)[512])area));
        memcpy(&mask, area + 28, sizeof(mask));
        return (mask >> 6) & 1;
    }
    case PF_NX_ENABLED:
        return (x1[3] >> 20) & 1;
    case PF_SSE3_INSTRUCTIONS_AVAILABLE:
        return l1[2] & 1;
    case PF_COMPARE_EXCHANGE128:
        return (l1[2] >> 13) & 1;                       /* CX16 */
    case PF_XSAVE_ENABLED:
        return (l1[2] >> 27) & 1;                       /* OSXSAVE */
    case PF_RDWRFSGSBASE_AVAILABLE:
        return l7[1] & 1;
    case PF_FASTFAIL_AVAILABLE:
        return TRUE;                                    /* int 0x29, Windows 8+ */
    case PF_RDRAND_INSTRUCTION_AVAILABLE:
        return (l1[2] >> 30) & 1;
    case PF_RDTSCP_INSTRUCTION_AVAILABLE:
        return (x1[3] >> 27) & 1;
    case 33:  /* PF_RDPID_INSTRUCTION_AVAILABLE */
        return (l7[2] >> 22) & 1;
    case 35:  /* PF_MONITORX_INSTRUCTION_AVAILABLE */
        return (x1[2] >> 29) & 1;
    case 36:  /* PF_SSSE3_INSTRUCTIONS_AVAILABLE */
        return (l1[2] >> 9) & 1;
    case 37:  /* PF_SSE4_1_INSTRUCTIONS_AVAILABLE */
        return (l1[2] >> 19) & 1;
    case 38:  /* PF_SSE4_2_INSTRUCTIONS_AVAILABLE */
        return (l1[2] >> 20) & 1;
    case 39:  /* PF_AVX_INSTRUCTIONS_AVAILABLE */
        return ((l1[2] >> 28) & 1) && os_saves(l1[2], 0x6);
    case 40:  /* PF_AVX2_INSTRUCTIONS_AVAILABLE */
        return ((l7[1] >> 5) & 1) && os_saves(l1[2], 0x6);
    case 41:  /* PF_AVX512F_INSTRUCTIONS_AVAILABLE */
        return ((l7[1] >> 16) & 1) && os_saves(l1[2], 0xe6);
    }
    return FALSE;
}

/* SYSTEM_BASIC_INFORMATION's 32-bit layout (winternl.h keeps it opaque). */
typedef struct {
    ULONG Reserved;
    ULONG TimerResolution;
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress;
    ULONG_PTR MaximumUserModeAddress;
    ULONG_PTR ActiveProcessorsAffinityMask;
    CCHAR NumberOfProcessors;
} BASIC_INFO;

/* The memory counters at the start of SYSTEM_PERFORMANCE_INFORMATION (in
 * pages), inside the 0x138 bytes every Windows version returns. */
typedef struct {
    LARGE_INTEGER IdleTime;
    LARGE_INTEGER ReadTransferCount;
    LARGE_INTEGER WriteTransferCount;
    LARGE_INTEGER OtherTransferCount;
    ULONG ReadOperationCount;
    ULONG WriteOperationCount;
    ULONG OtherOperationCount;
    ULONG AvailablePages;
    ULONG CommittedPages;
    ULONG CommitLimit;
    ULONG PeakCommitment;
    BYTE Rest[0x138 - 0x3C];
} PERFORMANCE_INFO;

_Static_assert(sizeof(BASIC_INFO) == 0x2C, "SYSTEM_BASIC_INFORMATION is 0x2C bytes");
_Static_assert(sizeof(PERFORMANCE_INFO) == 0x138, "SYSTEM_PERFORMANCE_INFORMATION prefix");

/* Bytes of the address range [min, max] that no allocation uses. */
static ULONGLONG free_virtual(ULONG_PTR min, ULONG_PTR max)
{
    MEMORY_BASIC_INFORMATION mbi;
    ULONGLONG total = 0;
    ULONG_PTR addr = min;

    while (addr <= max && addr >= min &&
           VirtualQuery((void *)addr, &mbi, sizeof(mbi)) == sizeof(mbi) && mbi.RegionSize) {
        if (mbi.State == MEM_FREE)
            total += mbi.RegionSize;
        addr = (ULONG_PTR)mbi.BaseAddress + mbi.RegionSize;
    }
    return total;
}

/* Physical memory and commit from the host, the address space as this
 * 32-bit process has it: ullTotalVirtual is 0x7FFE0000, or 0xFFFE0000 for
 * a large-address-aware exe (lowest to highest user address, as on
 * Windows' WOW64). */
BOOL WINAPI GlobalMemoryStatusEx(LPMEMORYSTATUSEX status)
{
    BASIC_INFO basic;
    PERFORMANCE_INFO perf;
    ULONGLONG page;
    NTSTATUS st;

    if (status->dwLength != sizeof(*status)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if ((st = NtQuerySystemInformation(SystemBasicInformation, &basic, sizeof(basic), NULL)) ||
        (st = NtQuerySystemInformation(SystemPerformanceInformation, &perf, sizeof(perf), NULL)))
        return k32_status(st);
    page = basic.PageSize;
    status->ullTotalPhys = basic.NumberOfPhysicalPages * page;
    status->ullAvailPhys = perf.AvailablePages * page;
    status->ullTotalPageFile = perf.CommitLimit * page;
    status->ullAvailPageFile =
        perf.CommitLimit > perf.CommittedPages ? (perf.CommitLimit - perf.CommittedPages) * page : 0;
    status->ullTotalVirtual = basic.MaximumUserModeAddress - basic.MinimumUserModeAddress + 1;
    status->ullAvailVirtual = free_virtual(basic.MinimumUserModeAddress,
                                           basic.MaximumUserModeAddress);
    status->ullAvailExtendedVirtual = 0;
    status->dwMemoryLoad = status->ullTotalPhys && status->ullAvailPhys <= status->ullTotalPhys
        ? (DWORD)((status->ullTotalPhys - status->ullAvailPhys) * 100 / status->ullTotalPhys)
        : 0;
    return TRUE;
}

/* GlobalMemoryStatusEx in 32-bit fields: values above 4 GiB read as -1,
 * and without large-address awareness physical memory and the address
 * space are capped at 2 GiB - 1 (Microsoft's GlobalMemoryStatus page). */
void WINAPI GlobalMemoryStatus(LPMEMORYSTATUS status)
{
    const IMAGE_DOS_HEADER *dos = nt_peb()->ImageBaseAddress;
    const IMAGE_NT_HEADERS32 *nt = (const void *)((const char *)dos + dos->e_lfanew);
    BOOL laa = (nt->FileHeader.Characteristics & IMAGE_FILE_LARGE_ADDRESS_AWARE) != 0;
    SIZE_T cap = laa ? MAXDWORD : MAXLONG;
    MEMORYSTATUSEX ex;

    memset(status, 0, sizeof(*status));
    status->dwLength = sizeof(*status);
    ex.dwLength = sizeof(ex);
    if (!GlobalMemoryStatusEx(&ex))
        return;
    status->dwMemoryLoad = ex.dwMemoryLoad;
    status->dwTotalPhys = ex.ullTotalPhys > cap ? cap : (SIZE_T)ex.ullTotalPhys;
    status->dwAvailPhys = ex.ullAvailPhys > cap ? cap : (SIZE_T)ex.ullAvailPhys;
    status->dwTotalPageFile = ex.ullTotalPageFile > MAXDWORD ? MAXDWORD : (SIZE_T)ex.ullTotalPageFile;
    status->dwAvailPageFile = ex.ullAvailPageFile > MAXDWORD ? MAXDWORD : (SIZE_T)ex.ullAvailPageFile;
    status->dwTotalVirtual = ex.ullTotalVirtual > cap ? cap : (SIZE_T)ex.ullTotalVirtual;
    status->dwAvailVirtual = ex.ullAvailVirtual > cap ? cap : (SIZE_T)ex.ullAvailVirtual;
}

/* The computer name, as Windows keeps it: the value ComputerName of
 * HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName
 * (the host's name, made by the registry store). On success *size is the
 * length without the terminator; a buffer too small fails with
 * ERROR_BUFFER_OVERFLOW and *size the length with it. */
static DWORD computer_name(WCHAR *out, DWORD max)
{
    static const WCHAR path[] = L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
                                L"ComputerName\\ActiveComputerName";
    BYTE buf[sizeof(NT_KEY_VALUE_PARTIAL) + 64 * sizeof(WCHAR)];
    NT_KEY_VALUE_PARTIAL *info = (NT_KEY_VALUE_PARTIAL *)buf;
    UNICODE_STRING name, value;
    OBJECT_ATTRIBUTES attr;
    HANDLE key;
    ULONG len;
    NTSTATUS status;
    DWORD n;

    RtlInitUnicodeString(&name, path);
    InitializeObjectAttributes(&attr, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    if ((status = NtOpenKey(&key, KEY_QUERY_VALUE, &attr))) {
        k32_status(status);
        return 0;
    }
    RtlInitUnicodeString(&value, L"ComputerName");
    status = NtQueryValueKey(key, &value, NT_KEY_VALUE_PARTIAL_INFORMATION, buf, sizeof(buf), &len);
    NtClose(key);
    if (status || info->Type != REG_SZ) {
        k32_status(status ? status : STATUS_OBJECT_NAME_NOT_FOUND);
        return 0;
    }
    n = info->DataLength / sizeof(WCHAR);
    while (n && !((WCHAR *)info->Data)[n - 1])
        n--;
    if (n >= max)
        n = max - 1;
    memcpy(out, info->Data, n * sizeof(WCHAR));
    out[n] = 0;
    return n;
}

BOOL WINAPI GetComputerNameW(LPWSTR buf, LPDWORD size)
{
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 2];
    DWORD n;

    if (!size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(n = computer_name(name, sizeof(name) / sizeof(*name))))
        return FALSE;
    if (!buf || *size <= n) {
        *size = n + 1;
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    memcpy(buf, name, (n + 1) * sizeof(WCHAR));
    *size = n;
    return TRUE;
}

BOOL WINAPI GetComputerNameA(LPSTR buf, LPDWORD size)
{
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 2];
    char a[(MAX_COMPUTERNAME_LENGTH + 2) * 2];
    DWORD n;
    int len;

    if (!size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(n = computer_name(name, sizeof(name) / sizeof(*name))))
        return FALSE;
    if ((len = WideCharToMultiByte(CP_ACP, 0, name, (int)n, a, sizeof(a) - 1, NULL, NULL)) <= 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!buf || *size <= (DWORD)len) {
        *size = (DWORD)len + 1;
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    memcpy(buf, a, (size_t)len);
    buf[len] = 0;
    *size = (DWORD)len;
    return TRUE;
}
