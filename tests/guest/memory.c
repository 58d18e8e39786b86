/* Virtual memory, heaps and Local/Global memory through kernel32 (and
 * NtAllocateVirtualMemory's ZeroBits), as a 32-bit process on 64-bit
 * Windows sees them. Expected values: Microsoft's documentation of
 * VirtualAlloc, VirtualFree, VirtualProtect, VirtualQuery,
 * MEMORY_BASIC_INFORMATION, SYSTEM_INFO, GlobalMemoryStatus(Ex),
 * NtAllocateVirtualMemory, the Heap functions and the Local and Global
 * functions; where the documentation is silent, Windows' behaviour as
 * Wine's conformance tests record it (kernel32/tests/virtual.c, heap.c).
 *
 * memory_laa.c builds this program with -Wl,--large-address-aware and
 * MEMORY_LAA defined: the same checks, with the 4 GiB address space. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

#ifndef MEMORY_LAA
#define MEMORY_LAA 0
#endif

#define GRAN 0x10000u
#define PAGE 0x1000u
#define TOP (MEMORY_LAA ? 0xFFFEFFFFu : 0x7FFEFFFFu)

NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE process, PVOID *base, ULONG_PTR zero_bits,
                                       PSIZE_T size, ULONG type, ULONG protect);
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE process, PVOID *base, PSIZE_T size, ULONG type);

static MEMORY_BASIC_INFORMATION query(const void *addr)
{
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T n;

    memset(&mbi, 0xcc, sizeof(mbi));
    n = VirtualQuery(addr, &mbi, sizeof(mbi));
    ok(n == sizeof(mbi), "VirtualQuery(%p) returned %lu, error %lu", addr, (unsigned long)n,
       GetLastError());
    return mbi;
}

/* Checks every MEMORY_BASIC_INFORMATION field for addr. */
#define check_mbi(addr, base, abase, aprot, size, state, prot, type)                          \
    do {                                                                                       \
        MEMORY_BASIC_INFORMATION m_ = query(addr);                                             \
        ok(m_.BaseAddress == (void *)(base), "%s: BaseAddress %p, want %p", #addr,             \
           m_.BaseAddress, (void *)(base));                                                    \
        ok(m_.AllocationBase == (void *)(abase), "%s: AllocationBase %p, want %p", #addr,      \
           m_.AllocationBase, (void *)(abase));                                                \
        ok(m_.AllocationProtect == (DWORD)(aprot), "%s: AllocationProtect %#lx, want %#lx",    \
           #addr, m_.AllocationProtect, (DWORD)(aprot));                                       \
        ok(m_.RegionSize == (SIZE_T)(size), "%s: RegionSize %#lx, want %#lx", #addr,           \
           (unsigned long)m_.RegionSize, (unsigned long)(size));                               \
        ok(m_.State == (DWORD)(state), "%s: State %#lx, want %#lx", #addr, m_.State,           \
           (DWORD)(state));                                                                    \
        ok(m_.Protect == (DWORD)(prot), "%s: Protect %#lx, want %#lx", #addr, m_.Protect,      \
           (DWORD)(prot));                                                                     \
        ok(m_.Type == (DWORD)(type), "%s: Type %#lx, want %#lx", #addr, m_.Type, (DWORD)(type)); \
    } while (0)

static int is_zero(const void *p, SIZE_T n)
{
    const unsigned char *c = p;

    for (SIZE_T i = 0; i < n; i++)
        if (c[i])
            return 0;
    return 1;
}

static BOOL exe_is_large_address_aware(void)
{
    const IMAGE_DOS_HEADER *dos = (const void *)GetModuleHandleA(NULL);
    const IMAGE_NT_HEADERS32 *nt = (const void *)((const char *)dos + dos->e_lfanew);

    return (nt->FileHeader.Characteristics & IMAGE_FILE_LARGE_ADDRESS_AWARE) != 0;
}

static void test_system_info(void)
{
    SYSTEM_INFO si;

    ok(exe_is_large_address_aware() == MEMORY_LAA, "the exe's LARGE_ADDRESS_AWARE flag is %d",
       exe_is_large_address_aware());
    GetSystemInfo(&si);
    ok(si.dwPageSize == PAGE, "dwPageSize %#lx", si.dwPageSize);
    ok(si.dwAllocationGranularity == GRAN, "dwAllocationGranularity %#lx", si.dwAllocationGranularity);
    ok(si.lpMinimumApplicationAddress == (void *)0x10000, "lpMinimumApplicationAddress %p",
       si.lpMinimumApplicationAddress);
    ok(si.lpMaximumApplicationAddress == (void *)TOP, "lpMaximumApplicationAddress %p, want %#x",
       si.lpMaximumApplicationAddress, TOP);
}

/* MEM_RESERVE, then MEM_COMMIT of pages inside; the query of each run. */
static void test_reserve_then_commit(void)
{
    char *p, *q;

    p = VirtualAlloc(NULL, 0x30000, MEM_RESERVE, PAGE_READWRITE);
    ok(p != NULL, "reserve: %lu", GetLastError());
    if (!p)
        return;
    ok(((ULONG_PTR)p & (GRAN - 1)) == 0, "reservation base %p is 64 KiB aligned", p);
    ok((ULONG_PTR)p + 0x30000 - 1 <= TOP, "reservation %p below the top", p);
    check_mbi(p, p, p, PAGE_READWRITE, 0x30000, MEM_RESERVE, 0, MEM_PRIVATE);

    /* A commit inside rounds to pages: base down, end up. */
    q = VirtualAlloc(p + 0x1800, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(q == p + 0x1000, "commit returned %p, want %p", q, p + 0x1000);
    ok(q && is_zero(q, 0x2000), "committed pages read as zero");
    if (q)
        memset(q, 0x5a, 0x2000);
    check_mbi(p, p, p, PAGE_READWRITE, 0x1000, MEM_RESERVE, 0, MEM_PRIVATE);
    check_mbi(p + 0x1000, p + 0x1000, p, PAGE_READWRITE, 0x2000, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    check_mbi(p + 0x2fff, p + 0x2000, p, PAGE_READWRITE, 0x1000, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    check_mbi(p + 0x3000, p + 0x3000, p, PAGE_READWRITE, 0x2d000, MEM_RESERVE, 0, MEM_PRIVATE);

    /* Committing committed pages again keeps their contents. */
    q = VirtualAlloc(p + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    ok(q == p + 0x1000 && (unsigned char)q[0] == 0x5a, "recommit keeps the data");
    /* MEM_RESERVE | MEM_COMMIT in one call: all committed, zero. */
    q = VirtualAlloc(NULL, 0x5000, MEM_RESERVE | MEM_COMMIT, PAGE_READONLY);
    ok(q != NULL, "reserve+commit: %lu", GetLastError());
    if (q) {
        check_mbi(q, q, q, PAGE_READONLY, 0x5000, MEM_COMMIT, PAGE_READONLY, MEM_PRIVATE);
        ok(is_zero(q, 0x5000), "fresh pages are zero");
        ok(VirtualFree(q, 0, MEM_RELEASE), "release: %lu", GetLastError());
    }
    /* A commit reaching past the reservation fails. */
    SetLastError(0xdeadbeef);
    ok(!VirtualAlloc(p + 0x2f000, 0x2000, MEM_COMMIT, PAGE_READWRITE) &&
           GetLastError() == ERROR_INVALID_ADDRESS,
       "commit past the end: error %lu", GetLastError());
    ok(VirtualFree(p, 0, MEM_RELEASE), "release: %lu", GetLastError());
    check_mbi(p, p, NULL, 0, query(p).RegionSize, MEM_FREE, PAGE_NOACCESS, 0);
}

/* Reservations start on 64 KiB boundaries; a 4 KiB allocation takes its
 * whole granule; an explicit address rounds down to 64 KiB. */
static void test_granularity(void)
{
    char *a[8], *fixed, *r;
    MEMORY_BASIC_INFORMATION mbi;
    int i, j;

    for (i = 0; i < 8; i++) {
        a[i] = VirtualAlloc(NULL, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        ok(a[i] && ((ULONG_PTR)a[i] & (GRAN - 1)) == 0, "allocation %d at %p is 64 KiB aligned",
           i, a[i]);
    }
    for (i = 0; i < 8; i++)
        for (j = 0; j < i; j++)
            ok(a[i] != a[j] && (a[i] >= a[j] + GRAN || a[j] >= a[i] + GRAN),
               "allocations %p and %p share a granule", a[i], a[j]);
    /* The rest of the granule is free but cannot start an allocation. */
    mbi = query(a[0] + PAGE);
    ok(mbi.State == MEM_FREE, "the granule's tail is MEM_FREE (%#lx)", mbi.State);
    SetLastError(0xdeadbeef);
    r = VirtualAlloc(a[0] + PAGE, PAGE, MEM_RESERVE, PAGE_READWRITE);
    ok(!r && GetLastError() == ERROR_INVALID_ADDRESS,
       "reserving in a used granule: %p, error %lu (want ERROR_INVALID_ADDRESS)", r, GetLastError());
    for (i = 0; i < 8; i++)
        ok(VirtualFree(a[i], 0, MEM_RELEASE), "release %d", i);

    /* An explicit unaligned base rounds down to its granule. */
    fixed = VirtualAlloc(NULL, 4 * GRAN, MEM_RESERVE, PAGE_NOACCESS);
    ok(fixed != NULL, "reserve: %lu", GetLastError());
    if (!fixed)
        return;
    ok(VirtualFree(fixed, 0, MEM_RELEASE), "release");
    r = VirtualAlloc(fixed + GRAN + 0x1234, 0x2000, MEM_RESERVE, PAGE_READWRITE);
    ok(r == fixed + GRAN, "explicit base %p rounded to %p, got %p", fixed + GRAN + 0x1234,
       fixed + GRAN, r);
    if (r) {
        /* The size counts from the given address: [base, addr+size) rounded to pages. */
        check_mbi(r, r, r, PAGE_READWRITE, 0x4000, MEM_RESERVE, 0, MEM_PRIVATE);
        ok(VirtualFree(r, 0, MEM_RELEASE), "release");
    }
}

static void test_top_down(void)
{
    char *up = VirtualAlloc(NULL, GRAN, MEM_RESERVE, PAGE_READWRITE);
    char *down = VirtualAlloc(NULL, GRAN, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE);

    ok(up && down, "allocations: %p %p", up, down);
    ok(down > up, "MEM_TOP_DOWN %p is above the bottom-up %p", down, up);
    ok(down && (ULONG_PTR)down + GRAN - 1 <= TOP, "MEM_TOP_DOWN %p ends below %#x", down, TOP);
    if (MEMORY_LAA)
        ok((ULONG_PTR)down >= 0x80000000u, "large address aware: MEM_TOP_DOWN %p above 2 GiB", down);
    else
        ok((ULONG_PTR)down < 0x80000000u, "MEM_TOP_DOWN %p below 2 GiB", down);
    VirtualFree(up, 0, MEM_RELEASE);
    VirtualFree(down, 0, MEM_RELEASE);
}

/* Reserves 64 MiB pieces until the address space runs out: with large
 * address awareness some lie above 2 GiB, without none ever does. */
static void test_address_space_limit(void)
{
    enum { PIECE = 64 << 20, MAX_PIECES = 64 };
    char *pieces[MAX_PIECES], *fixed;
    int n = 0, high = 0;

    while (n < MAX_PIECES && (pieces[n] = VirtualAlloc(NULL, PIECE, MEM_RESERVE, PAGE_NOACCESS))) {
        if ((ULONG_PTR)pieces[n] >= 0x80000000u)
            high++;
        ok((ULONG_PTR)pieces[n] + PIECE - 1 <= TOP, "piece %p ends below the top", pieces[n]);
        n++;
    }
    ok(n > 4, "%d pieces of 64 MiB reserved", n);
    if (MEMORY_LAA)
        ok(high > 0, "large address aware: %d of %d pieces above 2 GiB", high, n);
    else
        ok(high == 0, "%d of %d pieces above 2 GiB without large address awareness", high, n);
    while (n)
        ok(VirtualFree(pieces[--n], 0, MEM_RELEASE), "release piece %d", n);

    /* An explicit address above 2 GiB. */
    SetLastError(0xdeadbeef);
    fixed = VirtualAlloc((void *)0x90000000u, GRAN, MEM_RESERVE, PAGE_READWRITE);
    if (MEMORY_LAA) {
        ok(fixed == (void *)0x90000000u, "reserve at 0x90000000: %p, error %lu", fixed,
           GetLastError());
        if (fixed)
            VirtualFree(fixed, 0, MEM_RELEASE);
    } else {
        ok(!fixed && GetLastError() == ERROR_INVALID_PARAMETER,
           "reserve at 0x90000000 without large address awareness: %p, error %lu", fixed,
           GetLastError());
    }
}

/* NtAllocateVirtualMemory's ZeroBits: that many high bits of the address
 * must be zero; 22 and more (below 32) are invalid for a 32-bit caller. */
static void test_zero_bits(void)
{
    PVOID base = NULL, top = NULL;
    SIZE_T size = GRAN;
    NTSTATUS st;

    st = NtAllocateVirtualMemory(GetCurrentProcess(), &base, 2, &size,
                                 MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE);
    ok(st == 0, "ZeroBits 2: status %#lx", st);
    ok((ULONG_PTR)base + size - 1 <= 0x3FFFFFFFu, "ZeroBits 2: %p + %#lx below 1 GiB", base,
       (unsigned long)size);
    ok(((ULONG_PTR)base & (GRAN - 1)) == 0, "ZeroBits 2: aligned");
    size = GRAN;
    st = NtAllocateVirtualMemory(GetCurrentProcess(), &top, 0, &size, MEM_RESERVE | MEM_TOP_DOWN,
                                 PAGE_READWRITE);
    ok(st == 0 && (ULONG_PTR)top > 0x40000000u, "without ZeroBits MEM_TOP_DOWN goes higher: %p", top);
    size = 0;
    if (base)
        ok(!NtFreeVirtualMemory(GetCurrentProcess(), &base, &size, MEM_RELEASE), "free");
    size = 0;
    if (top)
        ok(!NtFreeVirtualMemory(GetCurrentProcess(), &top, &size, MEM_RELEASE), "free");

    base = NULL;
    size = GRAN;
    st = NtAllocateVirtualMemory(GetCurrentProcess(), &base, 22, &size, MEM_RESERVE, PAGE_READWRITE);
    ok(st == (NTSTATUS)0xC00000F1, "ZeroBits 22: status %#lx (want STATUS_INVALID_PARAMETER_3)", st);
}

/* The exe's image: MEM_IMAGE, allocated PAGE_EXECUTE_WRITECOPY, each
 * section with its own protection. */
static int written_global = 1;
static const char readonly_global[64] = "read-only data";

static void test_image(void)
{
    char *base = (char *)GetModuleHandleA(NULL);
    const IMAGE_NT_HEADERS32 *nt = (const void *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    const IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);
    MEMORY_BASIC_INFORMATION mbi;
    int found_text = 0;

    mbi = query(base);
    ok(mbi.AllocationBase == base && mbi.BaseAddress == base, "headers: bases %p %p",
       mbi.AllocationBase, mbi.BaseAddress);
    ok(mbi.Type == MEM_IMAGE, "headers: Type %#lx", mbi.Type);
    ok(mbi.State == MEM_COMMIT, "headers: State %#lx", mbi.State);
    ok(mbi.AllocationProtect == PAGE_EXECUTE_WRITECOPY, "image AllocationProtect %#lx",
       mbi.AllocationProtect);
    ok(mbi.Protect == PAGE_READONLY, "headers: Protect %#lx", mbi.Protect);

    for (int i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        if (memcmp(sec[i].Name, ".text", 6))
            continue;
        found_text = 1;
        mbi = query(base + sec[i].VirtualAddress);
        ok(mbi.Protect == PAGE_EXECUTE_READ, ".text: Protect %#lx", mbi.Protect);
        ok(mbi.Type == MEM_IMAGE && mbi.AllocationBase == base, ".text: Type %#lx base %p",
           mbi.Type, mbi.AllocationBase);
    }
    ok(found_text, "the exe has a .text section");
    /* A written global: its page is private read/write now. */
    written_global++;
    mbi = query(&written_global);
    ok(mbi.Protect == PAGE_READWRITE, ".data page: Protect %#lx", mbi.Protect);
    ok(mbi.Type == MEM_IMAGE && mbi.AllocationBase == base && mbi.State == MEM_COMMIT,
       ".data page: Type %#lx base %p state %#lx", mbi.Type, mbi.AllocationBase, mbi.State);
    mbi = query(readonly_global);
    ok(mbi.Protect == PAGE_READONLY, ".rdata: Protect %#lx", mbi.Protect);
    /* kernel32 is an image too. */
    mbi = query((void *)GetProcAddress(GetModuleHandleA("kernel32.dll"), "VirtualQuery"));
    ok(mbi.Type == MEM_IMAGE && mbi.Protect == PAGE_EXECUTE_READ &&
           mbi.AllocationBase == (void *)GetModuleHandleA("kernel32.dll"),
       "kernel32 code: Type %#lx Protect %#lx", mbi.Type, mbi.Protect);
}

/* A pagefile-backed view is MEM_MAPPED. */
static void test_mapped(void)
{
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, GRAN, NULL);
    char *v;

    ok(m != NULL, "CreateFileMapping: %lu", GetLastError());
    if (!m)
        return;
    v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    ok(v != NULL, "MapViewOfFile: %lu", GetLastError());
    if (v) {
        check_mbi(v, v, v, PAGE_READWRITE, GRAN, MEM_COMMIT, PAGE_READWRITE, MEM_MAPPED);
        ok(UnmapViewOfFile(v), "UnmapViewOfFile");
    }
    CloseHandle(m);
}

static void test_free_region(void)
{
    char *p = VirtualAlloc(NULL, 2 * GRAN, MEM_RESERVE, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;

    ok(p != NULL, "reserve");
    if (!p)
        return;
    ok(VirtualFree(p, 0, MEM_RELEASE), "release");
    mbi = query(p + 0x1234);
    ok(mbi.BaseAddress == p + 0x1000, "free: BaseAddress %p (the page)", mbi.BaseAddress);
    ok(mbi.State == MEM_FREE, "free: State %#lx", mbi.State);
    ok(mbi.Protect == PAGE_NOACCESS, "free: Protect %#lx", mbi.Protect);
    ok(mbi.AllocationBase == NULL && mbi.AllocationProtect == 0 && mbi.Type == 0,
       "free: AllocationBase %p AllocationProtect %#lx Type %#lx", mbi.AllocationBase,
       mbi.AllocationProtect, mbi.Type);
    ok(mbi.RegionSize >= 2 * GRAN - 0x1000, "free: RegionSize %#lx", (unsigned long)mbi.RegionSize);
    /* A too small buffer. */
    SetLastError(0xdeadbeef);
    ok(VirtualQuery(p, &mbi, sizeof(mbi) - 1) == 0 && GetLastError() == ERROR_BAD_LENGTH,
       "short buffer: error %lu", GetLastError());
}

static void test_protect(void)
{
    char *p = VirtualAlloc(NULL, 0x4000, MEM_RESERVE, PAGE_NOACCESS);
    DWORD old = 0xdeadbeef;

    ok(p && VirtualAlloc(p, 0x2000, MEM_COMMIT, PAGE_READWRITE) == p, "allocations");
    if (!p)
        return;
    ok(VirtualProtect(p, 0x1000, PAGE_READONLY, &old) && old == PAGE_READWRITE,
       "to read-only: old %#lx", old);
    check_mbi(p, p, p, PAGE_NOACCESS, 0x1000, MEM_COMMIT, PAGE_READONLY, MEM_PRIVATE);
    /* Across two pages: the old value is the first page's. */
    ok(VirtualProtect(p + 0x800, 0x1000, PAGE_EXECUTE_READWRITE, &old) && old == PAGE_READONLY,
       "two pages: old %#lx", old);
    check_mbi(p, p, p, PAGE_NOACCESS, 0x2000, MEM_COMMIT, PAGE_EXECUTE_READWRITE, MEM_PRIVATE);
    /* PAGE_GUARD shows in Protect (what a guard page does is tested elsewhere). */
    ok(VirtualProtect(p + 0x1000, 0x1000, PAGE_READWRITE | PAGE_GUARD, &old) &&
           old == PAGE_EXECUTE_READWRITE,
       "guard: old %#lx", old);
    check_mbi(p + 0x1000, p + 0x1000, p, PAGE_NOACCESS, 0x1000, MEM_COMMIT,
              PAGE_READWRITE | PAGE_GUARD, MEM_PRIVATE);
    ok(VirtualProtect(p + 0x1000, 0x1000, PAGE_READWRITE, &old) &&
           old == (PAGE_READWRITE | PAGE_GUARD),
       "unguard: old %#lx", old);
    /* lpflOldProtect is required. */
    SetLastError(0xdeadbeef);
    ok(!VirtualProtect(p, 0x1000, PAGE_READONLY, NULL) && GetLastError() == ERROR_NOACCESS,
       "NULL old protection: error %lu", GetLastError());
    /* Reserved pages have no protection to change. */
    SetLastError(0xdeadbeef);
    ok(!VirtualProtect(p + 0x2000, 0x1000, PAGE_READONLY, &old) &&
           GetLastError() == ERROR_INVALID_ADDRESS,
       "reserved page: error %lu", GetLastError());
    /* Copy-on-write needs a section. */
    SetLastError(0xdeadbeef);
    ok(!VirtualProtect(p, 0x1000, PAGE_WRITECOPY, &old) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "PAGE_WRITECOPY on private memory: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualAlloc(NULL, PAGE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE | PAGE_READONLY) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "two base protections: error %lu", GetLastError());
    ok(VirtualFree(p, 0, MEM_RELEASE), "release");
}

static void test_free_rules(void)
{
    char *p = VirtualAlloc(NULL, 0x3000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    ok(p != NULL, "allocation");
    if (!p)
        return;
    memset(p, 0x77, 0x3000);
    /* MEM_RELEASE takes the base and size 0. */
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(p, 0x3000, MEM_RELEASE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "release with a size: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(p + 0x1000, 0, MEM_RELEASE) && GetLastError() == ERROR_INVALID_ADDRESS,
       "release not at the base: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(p, 0, MEM_RELEASE | MEM_DECOMMIT) && GetLastError() == ERROR_INVALID_PARAMETER,
       "both free types: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(p, 0, 0) && GetLastError() == ERROR_INVALID_PARAMETER,
       "no free type: error %lu", GetLastError());
    /* MEM_DECOMMIT of one page inside, rounding to pages. */
    ok(VirtualFree(p + 0x1800, 0x10, MEM_DECOMMIT), "decommit a page: %lu", GetLastError());
    check_mbi(p, p, p, PAGE_READWRITE, 0x1000, MEM_COMMIT, PAGE_READWRITE, MEM_PRIVATE);
    check_mbi(p + 0x1000, p + 0x1000, p, PAGE_READWRITE, 0x1000, MEM_RESERVE, 0, MEM_PRIVATE);
    check_mbi(p + 0x2000, p + 0x2000, p, PAGE_READWRITE, 0x1000, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    /* Committed again, the page reads as zero; its neighbours kept theirs. */
    ok(VirtualAlloc(p + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE) == p + 0x1000, "recommit");
    ok(is_zero(p + 0x1000, 0x1000) && (unsigned char)p[0] == 0x77 &&
           (unsigned char)p[0x2fff] == 0x77,
       "recommitted page is zero, neighbours kept");
    /* MEM_DECOMMIT of the base with size 0: the whole allocation. */
    ok(VirtualFree(p, 0, MEM_DECOMMIT), "decommit all: %lu", GetLastError());
    check_mbi(p, p, p, PAGE_READWRITE, 0x3000, MEM_RESERVE, 0, MEM_PRIVATE);
    ok(VirtualFree(p, 0, MEM_RELEASE), "release: %lu", GetLastError());
    check_mbi(p, p, NULL, 0, query(p).RegionSize, MEM_FREE, PAGE_NOACCESS, 0);
    /* Released already. */
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(p, 0, MEM_RELEASE) && GetLastError() == ERROR_INVALID_ADDRESS,
       "double release: error %lu", GetLastError());
}

static void test_memory_status(void)
{
    MEMORYSTATUSEX ex, ex2;
    MEMORYSTATUS ms;
    char *p;

    memset(&ex, 0, sizeof(ex));
    ex.dwLength = sizeof(ex) - 1;
    SetLastError(0xdeadbeef);
    ok(!GlobalMemoryStatusEx(&ex) && GetLastError() == ERROR_INVALID_PARAMETER,
       "wrong dwLength: error %lu", GetLastError());
    ex.dwLength = sizeof(ex);
    ok(GlobalMemoryStatusEx(&ex), "GlobalMemoryStatusEx: %lu", GetLastError());
    ok(ex.ullTotalVirtual == (MEMORY_LAA ? 0xFFFE0000ull : 0x7FFE0000ull),
       "ullTotalVirtual %#llx", ex.ullTotalVirtual);
    ok(ex.ullAvailVirtual > 0 && ex.ullAvailVirtual < ex.ullTotalVirtual, "ullAvailVirtual %#llx",
       ex.ullAvailVirtual);
    ok(ex.ullTotalPhys > 0 && ex.ullAvailPhys <= ex.ullTotalPhys, "phys %#llx of %#llx",
       ex.ullAvailPhys, ex.ullTotalPhys);
    ok(ex.ullTotalPageFile >= ex.ullTotalPhys && ex.ullAvailPageFile <= ex.ullTotalPageFile,
       "page file %#llx of %#llx", ex.ullAvailPageFile, ex.ullTotalPageFile);
    ok(ex.dwMemoryLoad <= 100, "dwMemoryLoad %lu", ex.dwMemoryLoad);
    ok(ex.ullAvailExtendedVirtual == 0, "ullAvailExtendedVirtual %#llx", ex.ullAvailExtendedVirtual);
    /* Reserving address space shows in ullAvailVirtual. */
    p = VirtualAlloc(NULL, 16 << 20, MEM_RESERVE, PAGE_NOACCESS);
    ex2.dwLength = sizeof(ex2);
    ok(p && GlobalMemoryStatusEx(&ex2) && ex2.ullAvailVirtual + (16 << 20) <= ex.ullAvailVirtual,
       "16 MiB reserved: avail %#llx -> %#llx", ex.ullAvailVirtual, ex2.ullAvailVirtual);
    VirtualFree(p, 0, MEM_RELEASE);

    memset(&ms, 0xcc, sizeof(ms));
    GlobalMemoryStatus(&ms);
    ok(ms.dwLength == sizeof(ms), "MEMORYSTATUS dwLength %lu", ms.dwLength);
    ok(ms.dwTotalVirtual == (MEMORY_LAA ? 0xFFFE0000u : 0x7FFE0000u), "dwTotalVirtual %#lx",
       (unsigned long)ms.dwTotalVirtual);
    if (!MEMORY_LAA)
        ok(ms.dwTotalPhys <= 0x7FFFFFFF && ms.dwAvailPhys <= 0x7FFFFFFF,
           "without large address awareness physical memory reads at most 2 GiB: %#lx",
           (unsigned long)ms.dwTotalPhys);
    ok(ms.dwMemoryLoad <= 100 && ms.dwAvailPhys <= ms.dwTotalPhys, "MEMORYSTATUS phys");
}

/* ---- heaps ---- */

static void test_heap_basics(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    unsigned char *p, *q;
    PROCESS_HEAP_ENTRY e;
    int busy = 0, regions = 0, found = 0;

    ok(heap != NULL, "HeapCreate: %lu", GetLastError());
    if (!heap)
        return;
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 300);
    ok(p && ((ULONG_PTR)p & 7) == 0 && is_zero(p, 300), "zeroed 8-aligned block");
    ok(HeapSize(heap, 0, p) == 300, "HeapSize %lu", (unsigned long)HeapSize(heap, 0, p));
    memset(p, 0x11, 300);
    q = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 5000);
    ok(q && q[0] == 0x11 && q[299] == 0x11 && is_zero(q + 300, 4700), "grown, tail zeroed");
    ok(HeapValidate(heap, 0, NULL) && HeapValidate(heap, 0, q), "HeapValidate");
    /* A walk finds the region and the busy block with its size. */
    e.lpData = NULL;
    while (HeapWalk(heap, &e)) {
        if (e.wFlags & PROCESS_HEAP_REGION)
            regions++;
        if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
            busy++;
            if (e.lpData == q)
                found = e.cbData == 5000;
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_ITEMS, "walk ends with ERROR_NO_MORE_ITEMS (%lu)",
       GetLastError());
    ok(regions >= 1 && busy >= 1 && found, "walk: %d regions, %d busy, block found %d", regions,
       busy, found);
    ok(HeapFree(heap, 0, q), "HeapFree");
    SetLastError(0xdeadbeef);
    ok(!HeapFree(heap, 0, q), "double HeapFree refused");
    ok(HeapSize(heap, 0, q) == (SIZE_T)-1, "HeapSize of a freed block");
    ok(HeapCompact(heap, 0) > 0, "HeapCompact finds a free block");
    ok(HeapLock(heap) && HeapLock(heap), "HeapLock, recursively");
    p = HeapAlloc(heap, 0, 10);
    ok(p != NULL, "the holder allocates");
    HeapFree(heap, 0, p);
    ok(HeapUnlock(heap) && HeapUnlock(heap), "HeapUnlock");
    ok(HeapDestroy(heap), "HeapDestroy");

    /* HEAP_NO_SERIALIZE heaps work the same for one thread. */
    heap = HeapCreate(HEAP_NO_SERIALIZE, 0x10000, 0x100000);
    ok(heap != NULL, "HeapCreate(HEAP_NO_SERIALIZE, fixed size)");
    if (heap) {
        p = HeapAlloc(heap, 0, 100);
        ok(p && HeapSize(heap, 0, p) == 100, "no-serialize allocation");
        ok(!HeapAlloc(heap, 0, 0x200000), "a fixed-size heap refuses a block larger than itself");
        ok(HeapFree(heap, 0, p) && HeapDestroy(heap), "free, destroy");
    }
    /* The process heap cannot be destroyed. */
    ok(!HeapDestroy(GetProcessHeap()), "HeapDestroy(GetProcessHeap()) fails");
}

static volatile LONG locked_alloc_done;
static HANDLE shared_heap, thread_ready, thread_go;

/* Uses the heap once (so that the thread has a cache of it, holding the
 * freed block), says so, then allocates again when told. */
static DWORD WINAPI alloc_under_lock(LPVOID arg)
{
    void *p = HeapAlloc(shared_heap, 0, 32);

    (void)arg;
    HeapFree(shared_heap, 0, p);
    SetEvent(thread_ready);
    WaitForSingleObject(thread_go, INFINITE);
    p = HeapAlloc(shared_heap, 0, 32);
    InterlockedExchange(&locked_alloc_done, 1);
    HeapFree(shared_heap, 0, p);
    return 0;
}

static volatile LONG stress_failures;

/* Random small allocations on the process heap, checked contents. */
static DWORD WINAPI heap_stress(LPVOID arg)
{
    enum { SLOTS = 64 };
    unsigned char *p[SLOTS] = { 0 };
    unsigned len[SLOTS] = { 0 };
    unsigned seed = (unsigned)(ULONG_PTR)arg;
    HANDLE heap = GetProcessHeap();

    for (int r = 0; r < 20000; r++) {
        unsigned i, n;

        seed = seed * 1103515245 + 12345;
        i = (seed >> 16) % SLOTS;
        n = 1 + (seed >> 8) % 300;
        if (p[i]) {
            for (unsigned k = 0; k < len[i]; k++)
                if (p[i][k] != (unsigned char)(i + k))
                    InterlockedIncrement(&stress_failures);
            if (!HeapFree(heap, 0, p[i]))
                InterlockedIncrement(&stress_failures);
            p[i] = NULL;
        } else if ((p[i] = HeapAlloc(heap, 0, n))) {
            len[i] = n;
            for (unsigned k = 0; k < n; k++)
                p[i][k] = (unsigned char)(i + k);
        } else {
            InterlockedIncrement(&stress_failures);
        }
    }
    for (int i = 0; i < SLOTS; i++)
        if (p[i])
            HeapFree(heap, 0, p[i]);
    return 0;
}

/* HeapLock keeps other threads out until HeapUnlock, their thread caches
 * included; several threads share the process heap. */
static void test_heap_threads(void)
{
    HANDLE t[4];
    DWORD err;
    int i;

    shared_heap = HeapCreate(0, 0, 0);
    thread_ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    thread_go = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(shared_heap && thread_ready && thread_go, "heap and events");
    t[0] = CreateThread(NULL, 0, alloc_under_lock, NULL, 0, NULL);
    if (!t[0]) {
        err = GetLastError();
        HeapDestroy(shared_heap);
        if (err == ERROR_CALL_NOT_IMPLEMENTED) {
            skip("CreateThread not implemented: no multithreaded heap tests");
            return;
        }
        ok(0, "CreateThread: %lu", err);
        return;
    }
    ok(WaitForSingleObject(thread_ready, 10000) == WAIT_OBJECT_0, "the thread used the heap");
    ok(HeapLock(shared_heap), "HeapLock");
    SetEvent(thread_go);
    /* A broken lock lets the thread through within this time; a working
     * one never does, so the wait cannot make the test flaky. */
    Sleep(200);
    ok(!locked_alloc_done, "HeapAlloc of another thread waits while the heap is locked");
    ok(HeapUnlock(shared_heap), "HeapUnlock");
    ok(WaitForSingleObject(t[0], 10000) == WAIT_OBJECT_0, "the thread ends");
    ok(locked_alloc_done, "and its HeapAlloc returned");
    CloseHandle(t[0]);
    CloseHandle(thread_ready);
    CloseHandle(thread_go);
    ok(HeapValidate(shared_heap, 0, NULL), "the heap is consistent");
    ok(HeapDestroy(shared_heap), "HeapDestroy after another thread used the heap");

    for (i = 0; i < 4; i++)
        t[i] = CreateThread(NULL, 0, heap_stress, (LPVOID)(ULONG_PTR)(i * 7919 + 1), 0, NULL);
    for (i = 0; i < 4; i++) {
        ok(t[i] && WaitForSingleObject(t[i], 60000) == WAIT_OBJECT_0, "stress thread %d", i);
        CloseHandle(t[i]);
    }
    ok(stress_failures == 0, "%ld failures in four threads sharing the process heap",
       stress_failures);
    ok(HeapValidate(GetProcessHeap(), 0, NULL), "the process heap is consistent");
}

/* ---- Local* and Global* ---- */

static void test_local_fixed(void)
{
    char *p = LocalAlloc(LMEM_FIXED | LMEM_ZEROINIT, 100), *q;

    ok(p && ((ULONG_PTR)p & 7) == 0 && is_zero(p, 100), "LMEM_FIXED|LMEM_ZEROINIT");
    if (!p)
        return;
    ok(LocalSize(p) == 100, "LocalSize %lu", (unsigned long)LocalSize(p));
    ok(LocalLock(p) == p, "LocalLock of fixed memory is the pointer");
    SetLastError(0xdeadbeef);
    ok(!LocalUnlock(p) && GetLastError() == ERROR_NOT_LOCKED, "LocalUnlock of fixed: %lu",
       GetLastError());
    ok(LocalFlags(p) == 0, "LocalFlags %#x", LocalFlags(p));
    ok(LocalHandle(p) == p, "LocalHandle of fixed memory");
    memcpy(p, "fixed", 6);
    q = LocalReAlloc(p, 20000, LMEM_MOVEABLE);
    ok(q && !strcmp(q, "fixed") && LocalSize(q) == 20000, "LocalReAlloc(LMEM_MOVEABLE) keeps data");
    ok(LocalFree(q) == NULL, "LocalFree");
    SetLastError(0xdeadbeef);
    ok(LocalFree(NULL) == NULL, "LocalFree(NULL)");
}

static void test_local_moveable(void)
{
    HLOCAL h = LocalAlloc(LMEM_MOVEABLE, 100), h0;
    char *p, *p2;

    ok(h != NULL, "LMEM_MOVEABLE: %lu", GetLastError());
    if (!h)
        return;
    ok(LocalFlags(h) == 0, "unlocked: flags %#x", LocalFlags(h));
    p = LocalLock(h);
    ok(p && (void *)p != (void *)h, "LocalLock gives the data, not the handle");
    ok(LocalFlags(h) == 1, "lock count 1: %#x", LocalFlags(h));
    ok(LocalLock(h) == p && LocalFlags(h) == 2, "lock count 2");
    ok(LocalHandle(p) == h, "LocalHandle(data) is the handle: %p", LocalHandle(p));
    ok(LocalSize(h) == 100, "LocalSize %lu", (unsigned long)LocalSize(h));
    strcpy(p, "moveable");
    ok(LocalUnlock(h), "still locked after one unlock");
    SetLastError(0xdeadbeef);
    ok(!LocalUnlock(h) && GetLastError() == NO_ERROR, "unlocked: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!LocalUnlock(h) && GetLastError() == ERROR_NOT_LOCKED, "not locked: error %lu",
       GetLastError());
    /* Unlocked, it may move. */
    ok(LocalReAlloc(h, 50000, LMEM_MOVEABLE) == h, "LocalReAlloc keeps the handle");
    p2 = LocalLock(h);
    ok(p2 && !strcmp(p2, "moveable") && LocalSize(h) == 50000, "data kept, size %lu",
       (unsigned long)LocalSize(h));
    LocalUnlock(h);
    /* Size 0: discarded, the handle stays. */
    ok(LocalReAlloc(h, 0, LMEM_MOVEABLE) == h, "discard");
    ok(LocalFlags(h) & LMEM_DISCARDED, "LMEM_DISCARDED: %#x", LocalFlags(h));
    SetLastError(0xdeadbeef);
    ok(!LocalLock(h) && GetLastError() == ERROR_DISCARDED, "LocalLock of a discarded block: %lu",
       GetLastError());
    ok(LocalSize(h) == 0, "discarded size");
    ok(LocalReAlloc(h, 64, LMEM_MOVEABLE | LMEM_ZEROINIT) == h && LocalSize(h) == 64,
       "revived");
    p = LocalLock(h);
    ok(p && is_zero(p, 64), "revived zeroed");
    ok(LocalFree(h) == NULL, "LocalFree of a locked block frees it");
    SetLastError(0xdeadbeef);
    ok(LocalFree(h) == h && GetLastError() == ERROR_INVALID_HANDLE, "second LocalFree: %lu",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(LocalFlags(h) == LMEM_INVALID_HANDLE && GetLastError() == ERROR_INVALID_HANDLE,
       "freed handle: flags %#x", LocalFlags(h));

    h0 = LocalAlloc(LMEM_MOVEABLE, 0);
    ok(h0 && (LocalFlags(h0) & LMEM_DISCARDED) && !LocalLock(h0), "size 0 moveable is discarded");
    LocalFree(h0);
    h0 = LocalAlloc(LMEM_MOVEABLE | LMEM_DISCARDABLE, 10);
    ok(h0 && (LocalFlags(h0) & LMEM_DISCARDABLE) == LMEM_DISCARDABLE, "discardable: %#x",
       LocalFlags(h0));
    LocalFree(h0);
}

static void test_global(void)
{
    HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, 64), f;
    char *p;

    ok(h != NULL, "GMEM_MOVEABLE: %lu", GetLastError());
    if (h) {
        p = GlobalLock(h);
        ok(p && is_zero(p, 64), "GlobalLock: zeroed data");
        ok(GlobalFlags(h) == 1, "GlobalFlags %#x", GlobalFlags(h));
        ok(GlobalSize(h) == 64, "GlobalSize %lu", (unsigned long)GlobalSize(h));
        ok(GlobalHandle(p) == h, "GlobalHandle");
        SetLastError(0xdeadbeef);
        ok(!GlobalUnlock(h) && GetLastError() == NO_ERROR, "GlobalUnlock: %lu", GetLastError());
        ok(GlobalReAlloc(h, 0, GMEM_MODIFY | GMEM_DISCARDABLE) == h &&
               (GlobalFlags(h) & GMEM_DISCARDABLE),
           "GMEM_MODIFY|GMEM_DISCARDABLE: %#x", GlobalFlags(h));
        ok(GlobalFree(h) == NULL, "GlobalFree");
    }
    f = GlobalAlloc(GMEM_FIXED, 64);
    ok(f && ((ULONG_PTR)f & 7) == 0, "GMEM_FIXED");
    if (f) {
        ok(GlobalLock(f) == f, "GlobalLock of fixed memory");
        ok(GlobalUnlock(f), "GlobalUnlock of fixed memory succeeds");
        ok(GlobalFlags(f) == 0 && GlobalSize(f) == 64, "fixed: flags %#x size %lu",
           GlobalFlags(f), (unsigned long)GlobalSize(f));
        ok(GlobalFree(f) == NULL, "GlobalFree");
    }
    f = GlobalAlloc(GMEM_FIXED, 0);
    ok(f != NULL, "GMEM_FIXED of size 0 gives a block");
    GlobalFree(f);
}

int main(void)
{
    test_system_info();
    test_reserve_then_commit();
    test_granularity();
    test_top_down();
    test_address_space_limit();
    test_zero_bits();
    test_image();
    test_mapped();
    test_free_region();
    test_protect();
    test_free_rules();
    test_memory_status();
    test_heap_basics();
    test_heap_threads();
    test_local_fixed();
    test_local_moveable();
    test_global();
    return test_summary();
}
