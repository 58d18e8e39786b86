/* Unit tests of the guest address-space manager (src/nt/vm.c) and the NT
 * memory services (src/nt/vm_service.c). Expected values come from
 * Windows' behaviour as Wine's conformance tests (dlls/kernel32/tests/
 * virtual.c, dlls/ntdll/tests/virtual.c) and ReactOS' apitests/kmtests
 * (NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory,
 * ZwAllocateVirtualMemory), which pass on Windows, record it.
 *
 * vm_init reserves the low 4 GiB of this test process; tests work at
 * fixed addresses (0x50000000, 0x60000000) after checking they are free,
 * and leave the address space as they found it. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <pthread.h>

#include <cmocka.h>

#include "cpu/cpu.h"
#include "nt/nt.h"

#define PAGE 0x1000u
#define GRAN 0x10000u
#define PAGE_WRITECOMBINE 0x400
#define MEM_RESET_UNDO 0x01000000
#define MEM_WRITE_WATCH 0x00200000
#define AT_ROUND_TO_PAGE 0x40000000
#define MEMORY_BASIC_INFORMATION_CLASS 0
#define TEST_AREA 0x50000000u

/* The CPU module's fault-safe copies, trivially: tests pass host-valid
 * pointers or NULL. */
bool guest_read(void *dst, const void *guest_src, size_t n)
{
    memcpy(dst, guest_src, n);
    return true;
}

bool guest_write(void *guest_dst, const void *src, size_t n)
{
    memcpy(guest_dst, src, n);
    return true;
}

/* --- helpers ----------------------------------------------------------- */

static void *ptr(uint32_t addr) { return (void *)(uintptr_t)addr; }

static MEMORY_BASIC_INFORMATION32 query(uint32_t addr)
{
    MEMORY_BASIC_INFORMATION32 mbi;

    assert_int_equal(vm_query(addr, &mbi), STATUS_SUCCESS);
    return mbi;
}

static void check_mbi(uint32_t addr, uint32_t base, uint32_t alloc_base, ULONG alloc_protect,
                      uint32_t region, ULONG state, ULONG protect, ULONG type)
{
    MEMORY_BASIC_INFORMATION32 mbi = query(addr);

    assert_int_equal(mbi.BaseAddress, base);
    assert_int_equal(mbi.AllocationBase, alloc_base);
    assert_int_equal(mbi.AllocationProtect, alloc_protect);
    assert_int_equal(mbi.RegionSize, region);
    assert_int_equal(mbi.State, state);
    assert_int_equal(mbi.Protect, protect);
    assert_int_equal(mbi.Type, type);
}

/* [addr, addr+size) is free guest memory. */
static bool is_free(uint32_t addr, uint32_t size)
{
    MEMORY_BASIC_INFORMATION32 mbi = query(addr);

    return mbi.State == MEM_FREE &&
           (uint64_t)mbi.BaseAddress + mbi.RegionSize >= (uint64_t)addr + size;
}

static NTSTATUS alloc_at(uint32_t base, uint32_t size, ULONG type, ULONG protect, uint32_t *ob,
                         uint32_t *os)
{
    uint32_t b = base, s = size;
    NTSTATUS status = vm_allocate(&b, &s, type, protect);

    if (ob)
        *ob = b;
    if (os)
        *os = s;
    return status;
}

static NTSTATUS free_at(uint32_t base, uint32_t size, ULONG type, uint32_t *ob, uint32_t *os)
{
    uint32_t b = base, s = size;
    NTSTATUS status = vm_free(&b, &s, type);

    if (ob)
        *ob = b;
    if (os)
        *os = s;
    return status;
}

static void release(uint32_t base)
{
    assert_int_equal(free_at(base, 0, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
}

/* Probing host access without crashing: a SIGSEGV/SIGBUS while probing
 * jumps back. */
static sigjmp_buf probe_jmp;
static volatile sig_atomic_t probing;
static struct sigaction old_segv, old_bus;

static void probe_handler(int sig, siginfo_t *si, void *ctx)
{
    (void)si;
    (void)ctx;
    if (probing)
        siglongjmp(probe_jmp, 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void probe_begin(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = probe_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
}

static void probe_end(void)
{
    sigaction(SIGSEGV, &old_segv, NULL);
    sigaction(SIGBUS, &old_bus, NULL);
}

static bool can_read(uint32_t addr)
{
    volatile uint8_t *p = ptr(addr);

    probing = 1;
    if (sigsetjmp(probe_jmp, 1)) {
        probing = 0;
        return false;
    }
    (void)*p;
    probing = 0;
    return true;
}

static bool can_write(uint32_t addr)
{
    volatile uint8_t *p = ptr(addr);

    probing = 1;
    if (sigsetjmp(probe_jmp, 1)) {
        probing = 0;
        return false;
    }
    *p = *p;
    probing = 0;
    return true;
}

static bool all_bytes(uint32_t addr, uint32_t size, uint8_t v)
{
    const uint8_t *p = ptr(addr);

    for (uint32_t i = 0; i < size; i++)
        if (p[i] != v)
            return false;
    return true;
}

/* The lowest 64 KiB aligned address at which size bytes are free, found
 * with queries only (independent of the allocator's search). */
static uint32_t first_fit_by_query(uint32_t size, uint32_t highest)
{
    uint64_t a = GUEST_MIN_ADDRESS;

    while (a + size - 1 <= highest) {
        MEMORY_BASIC_INFORMATION32 mbi = query((uint32_t)a);
        uint64_t end = (uint64_t)mbi.BaseAddress + mbi.RegionSize;

        if (mbi.State == MEM_FREE && end >= a + size)
            return (uint32_t)a;
        a = (end + GRAN - 1) & ~(uint64_t)(GRAN - 1);
    }
    return 0;
}

/* The highest 64 KiB aligned address at which size bytes are free. */
static uint32_t highest_fit_by_query(uint32_t size, uint32_t highest)
{
    int64_t a = (int64_t)(((uint64_t)highest + 1 - size) & ~(uint64_t)(GRAN - 1));

    for (; a >= GUEST_MIN_ADDRESS; a -= GRAN)
        if (is_free((uint32_t)a, size))
            return (uint32_t)a;
    return 0;
}

/* A host mapping in the low 4 GiB made before vm_init, as a non-PIE
 * embedder's image or heap would be. */
#define HOST_MAPPING 0x40000000u
static bool host_mapping_made;

static int group_setup(void **state)
{
    void *p = mmap(ptr(HOST_MAPPING), 2 * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

    (void)state;
    if (p == ptr(HOST_MAPPING)) {
        host_mapping_made = true;
        strcpy(p, "host data");
    } else if (p != MAP_FAILED) {
        munmap(p, 2 * PAGE);
    }
    return vm_init();
}

/* --- start-up and the system block -------------------------------------- */

static void test_init_is_idempotent_and_maps_kuser_shared_data(void **state)
{
    (void)state;
    assert_int_equal(vm_init(), 0);
    assert_int_equal(vm_init(), 0);
    assert_int_equal(vm_max_address(), 0x7FFEFFFF);
    check_mbi(KUSER_SHARED_DATA_ADDRESS + 0x10, KUSER_SHARED_DATA_ADDRESS,
              KUSER_SHARED_DATA_ADDRESS, PAGE_READONLY, PAGE, MEM_COMMIT, PAGE_READONLY,
              MEM_PRIVATE);
    probe_begin();
    assert_true(can_read(KUSER_SHARED_DATA_ADDRESS));
    assert_false(can_write(KUSER_SHARED_DATA_ADDRESS));
    probe_end();
}

static void test_host_mappings_present_at_init_are_left_alone(void **state)
{
    MEMORY_BASIC_INFORMATION32 mbi;
    ULONG old;

    (void)state;
    if (!host_mapping_made)
        skip();
    assert_string_equal((char *)ptr(HOST_MAPPING), "host data");
    mbi = query(HOST_MAPPING + PAGE);
    assert_int_equal(mbi.State, MEM_RESERVE);
    assert_true(mbi.AllocationBase <= HOST_MAPPING);
    assert_true((uint64_t)mbi.BaseAddress + mbi.RegionSize >= HOST_MAPPING + 2 * PAGE);
    assert_int_equal(alloc_at(HOST_MAPPING, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(alloc_at(HOST_MAPPING, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_protect(HOST_MAPPING, PAGE, PAGE_NOACCESS, &old),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_not_equal(free_at(HOST_MAPPING, 0, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
    assert_int_not_equal(vm_release(mbi.AllocationBase), STATUS_SUCCESS);
    assert_int_not_equal(vm_reserve_fixed(HOST_MAPPING, PAGE, MEM_IMAGE), STATUS_SUCCESS);
    assert_string_equal((char *)ptr(HOST_MAPPING), "host data");
}

static void test_system_block_cannot_be_allocated_freed_or_protected(void **state)
{
    uint32_t b = KUSER_SHARED_DATA_ADDRESS, s = 0;
    ULONG old;

    (void)state;
    assert_int_equal(
        alloc_at(KUSER_SHARED_DATA_ADDRESS, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
        STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(
        alloc_at(KUSER_SHARED_DATA_ADDRESS + 0x2000, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
        STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(alloc_at(KUSER_SHARED_DATA_ADDRESS - GRAN, 2 * GRAN, MEM_RESERVE,
                              PAGE_READWRITE, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_free(&b, &s, MEM_RELEASE), STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(vm_release(KUSER_SHARED_DATA_ADDRESS), STATUS_UNABLE_TO_FREE_VM);
    assert_int_not_equal(vm_protect(KUSER_SHARED_DATA_ADDRESS, PAGE, PAGE_READWRITE, &old),
                         STATUS_SUCCESS);
    check_mbi(KUSER_SHARED_DATA_ADDRESS, KUSER_SHARED_DATA_ADDRESS, KUSER_SHARED_DATA_ADDRESS,
              PAGE_READONLY, PAGE, MEM_COMMIT, PAGE_READONLY, MEM_PRIVATE);
}

static void test_system_page_is_writable_then_protected(void **state)
{
    uint8_t *p;

    (void)state;
    assert_null(vm_system_page(KUSER_SHARED_DATA_ADDRESS - PAGE));
    assert_null(vm_system_page(KUSER_SHARED_DATA_ADDRESS + GRAN));
    p = vm_system_page(WOW64_TRANSITION_PAGE);
    assert_ptr_equal(p, ptr(WOW64_TRANSITION_PAGE));
    probe_begin();
    assert_true(can_write(WOW64_TRANSITION_PAGE));
    p[0] = 0xC3;
    assert_int_equal(vm_protect_system_page(WOW64_TRANSITION_PAGE, PAGE_EXECUTE_READ),
                     STATUS_SUCCESS);
    assert_false(can_write(WOW64_TRANSITION_PAGE));
    assert_true(can_read(WOW64_TRANSITION_PAGE));
    probe_end();
    assert_int_equal(p[0], 0xC3);
    check_mbi(WOW64_TRANSITION_PAGE, WOW64_TRANSITION_PAGE, KUSER_SHARED_DATA_ADDRESS,
              PAGE_READONLY, PAGE, MEM_COMMIT, PAGE_EXECUTE_READ, MEM_PRIVATE);
    check_mbi(WOW64_TRANSITION_PAGE + PAGE, WOW64_TRANSITION_PAGE + PAGE, KUSER_SHARED_DATA_ADDRESS,
              PAGE_READONLY, GRAN - 2 * PAGE, MEM_RESERVE, 0, MEM_PRIVATE);
}

/* --- reserve / commit / decommit / release ------------------------------ */

/* Wine's test_VirtualAlloc, at the NT level. */
static void test_reserve_commit_protect_decommit_release_round_trip(void **state)
{
    uint32_t base, size, b, s;
    ULONG old;

    (void)state;
    assert_int_equal(alloc_at(0, 0xFFFC, MEM_RESERVE, PAGE_NOACCESS, &base, &size), STATUS_SUCCESS);
    assert_int_equal(base % GRAN, 0);
    assert_int_equal(size, GRAN);
    /* Not committed: NT reports Protect 0. */
    check_mbi(base, base, base, PAGE_NOACCESS, GRAN, MEM_RESERVE, 0, MEM_PRIVATE);
    assert_int_equal(vm_protect(base, 0xFFFC, PAGE_READONLY, &old), STATUS_NOT_COMMITTED);

    assert_int_equal(alloc_at(base, PAGE, MEM_COMMIT, PAGE_NOACCESS, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, base);
    assert_int_equal(s, PAGE);
    check_mbi(base, base, base, PAGE_NOACCESS, PAGE, MEM_COMMIT, PAGE_NOACCESS, MEM_PRIVATE);
    check_mbi(base + PAGE, base + PAGE, base, PAGE_NOACCESS, GRAN - PAGE, MEM_RESERVE, 0,
              MEM_PRIVATE);
    /* Not the whole range is committed yet. */
    assert_int_equal(vm_protect(base, 0xFFFC, PAGE_READONLY, &old), STATUS_NOT_COMMITTED);

    old = 0;
    assert_int_equal(vm_protect(base, PAGE, PAGE_READONLY, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_NOACCESS);
    assert_int_equal(vm_protect(base, PAGE, PAGE_READWRITE, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READONLY);
    check_mbi(base, base, base, PAGE_NOACCESS, PAGE, MEM_COMMIT, PAGE_READWRITE, MEM_PRIVATE);
    memset(ptr(base), 0x55, 20);

    assert_int_equal(free_at(base, GRAN, MEM_DECOMMIT, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, base);
    assert_int_equal(s, GRAN);
    check_mbi(base, base, base, PAGE_NOACCESS, GRAN, MEM_RESERVE, 0, MEM_PRIVATE);

    assert_int_equal(free_at(base, 0, MEM_RELEASE, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, base);
    assert_int_equal(s, GRAN);
    check_mbi(base, base, 0, 0, query(base).RegionSize, MEM_FREE, PAGE_NOACCESS, 0);
}

static void test_recommitted_pages_read_as_zero(void **state)
{
    uint32_t base, size;
    ULONG old;

    (void)state;
    assert_int_equal(alloc_at(0, 3 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &base, &size),
                     STATUS_SUCCESS);
    assert_true(all_bytes(base, 3 * PAGE, 0));
    memset(ptr(base), 0xAB, 3 * PAGE);

    assert_int_equal(free_at(base + PAGE, PAGE, MEM_DECOMMIT, NULL, NULL), STATUS_SUCCESS);
    assert_int_equal(alloc_at(base + PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_true(all_bytes(base + PAGE, PAGE, 0));
    assert_true(all_bytes(base, PAGE, 0xAB));
    assert_true(all_bytes(base + 2 * PAGE, PAGE, 0xAB));

    /* Committing committed pages again keeps their contents; so does
     * PAGE_NOACCESS. */
    assert_int_equal(alloc_at(base, 3 * PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_true(all_bytes(base, PAGE, 0xAB));
    assert_int_equal(vm_protect(base, PAGE, PAGE_NOACCESS, &old), STATUS_SUCCESS);
    assert_int_equal(vm_protect(base, PAGE, PAGE_READWRITE, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_NOACCESS);
    assert_true(all_bytes(base, PAGE, 0xAB));

    /* Released and allocated again at the same place: zeros. */
    release(base);
    assert_int_equal(alloc_at(base, 3 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_true(all_bytes(base, 3 * PAGE, 0));
    release(base);
}

/* ReactOS NtAllocateVirtualMemory apitest, CheckSize. */
static void check_reserve_size(uint32_t base, uint32_t in_size, uint32_t expected)
{
    uint32_t b, s;

    assert_int_equal(alloc_at(base, in_size, MEM_RESERVE, PAGE_NOACCESS, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, base & ~(GRAN - 1));
    assert_int_equal(s, expected);
    assert_int_equal(free_at(b, s, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
}

static void test_reserve_base_rounds_down_to_64k_and_size_up_to_pages(void **state)
{
    (void)state;
    assert_true(is_free(TEST_AREA, 0x100000));
    check_reserve_size(0x50000000, 0x0001, 0x1000);
    check_reserve_size(0x50008000, 0x0001, 0x9000);
    check_reserve_size(0x50000010, 0x1000, 0x2000);
    check_reserve_size(0x50010000, 0x2000, 0x2000);
    check_reserve_size(0x5000FFFF, 0x3000, 0x13000);
    check_reserve_size(0x50001010, 0x7000, 0x9000);
    check_reserve_size(0x50001010, 0xC000, 0xe000);
    assert_true(is_free(TEST_AREA, 0x100000));
}

/* ReactOS NtAllocateVirtualMemory apitest, CheckAlignment. */
static void test_reserve_commit_and_release_in_one_64k_granule(void **state)
{
    uint32_t b, s;

    (void)state;
    assert_true(is_free(TEST_AREA, 0x100000));
    assert_int_equal(alloc_at(0x50001010, 0x1000, MEM_RESERVE, PAGE_NOACCESS, &b, &s),
                     STATUS_SUCCESS);
    assert_int_equal(b, 0x50000000);
    assert_int_equal(s, 0x3000);
    /* The rest of the granule cannot be reserved, though it is free. */
    assert_int_equal(alloc_at(0x50008000, 0x1000, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_true(is_free(0x50008000, 0x8000));
    assert_int_equal(query(0x50008000).AllocationBase, 0);

    assert_int_equal(alloc_at(0x50002000, 0x1000, MEM_COMMIT, PAGE_NOACCESS, &b, &s),
                     STATUS_SUCCESS);
    assert_int_equal(b, 0x50002000);
    assert_int_equal(s, 0x1000);
    assert_int_equal(alloc_at(0x50002000, 0x1000, MEM_COMMIT, PAGE_READWRITE, &b, &s),
                     STATUS_SUCCESS);
    check_mbi(0x50002000, 0x50002000, 0x50000000, PAGE_NOACCESS, 0x1000, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    /* Past the reservation. */
    assert_int_equal(alloc_at(0x50003000, 0x1000, MEM_COMMIT, PAGE_NOACCESS, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    /* Decommitting pages that were never committed is fine. */
    assert_int_equal(free_at(0x50000000, 0x3000, MEM_DECOMMIT, NULL, NULL), STATUS_SUCCESS);

    assert_int_equal(free_at(0x50010000, 0x1000, MEM_RELEASE, NULL, NULL),
                     STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(free_at(0x50008000, 0x1000, MEM_RELEASE, NULL, NULL),
                     STATUS_MEMORY_NOT_ALLOCATED);
    assert_int_equal(free_at(0x50000000, 0x4000, MEM_RELEASE, NULL, NULL),
                     STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(free_at(0x50000000, 0x3000, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);

    /* Reserve and commit at once from an unaligned base. */
    assert_int_equal(alloc_at(0x50004080, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &b, &s),
                     STATUS_SUCCESS);
    assert_int_equal(b, 0x50000000);
    assert_int_equal(s, 0x6000);
    *(volatile int *)ptr(0x50000000) = 1;
    *(volatile int *)ptr(0x50004080) = 1;
    check_mbi(0x50000000, 0x50000000, 0x50000000, PAGE_READWRITE, 0x6000, MEM_COMMIT,
              PAGE_READWRITE, MEM_PRIVATE);
    release(0x50000000);
    assert_true(is_free(TEST_AREA, 0x100000));
}

/* ReactOS NtAllocateVirtualMemory apitest, CheckAdjacentVADs. */
static void test_operations_spanning_two_allocations_fail(void **state)
{
    uint32_t b, s;

    (void)state;
    assert_true(is_free(TEST_AREA, 0x100000));
    assert_int_equal(alloc_at(0x50000000, 0x10000, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(0x50020000, 0x10000, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(free_at(0x50000000, 0x30000, MEM_RELEASE, NULL, NULL),
                     STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(alloc_at(0x50010000, 0x10000, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(0x50004000, 0x10000, MEM_COMMIT, PAGE_NOACCESS, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);

    assert_int_equal(alloc_at(0x50000000, 0x1000, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(0x50002000, 0x1000, MEM_COMMIT, PAGE_NOACCESS, NULL, NULL),
                     STATUS_SUCCESS);
    probe_begin();
    assert_true(can_write(0x50000000));
    assert_false(can_read(0x50002000));
    /* Three pages on top of the two: all read-only now. */
    assert_int_equal(alloc_at(0x50000000, 0x3000, MEM_COMMIT, PAGE_READONLY, NULL, NULL),
                     STATUS_SUCCESS);
    assert_false(can_write(0x50000000));
    assert_true(can_read(0x50002000));
    probe_end();

    assert_int_equal(alloc_at(0x5000F000, 0x1000, MEM_COMMIT, PAGE_READWRITE, &b, &s),
                     STATUS_SUCCESS);
    assert_int_equal(b, 0x5000F000);
    check_mbi(0x5000F700, 0x5000F000, 0x50000000, PAGE_NOACCESS, 0x1000, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    check_mbi(0x50000000, 0x50000000, 0x50000000, PAGE_NOACCESS, 0x3000, MEM_COMMIT, PAGE_READONLY,
              MEM_PRIVATE);
    check_mbi(0x50003000, 0x50003000, 0x50000000, PAGE_NOACCESS, 0xC000, MEM_RESERVE, 0,
              MEM_PRIVATE);

    assert_int_equal(free_at(0x50000000, 0x30000, MEM_RELEASE, NULL, NULL),
                     STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(free_at(0x50000000, 0x10000, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
    assert_int_equal(free_at(0x50010000, 0x10000, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
    assert_int_equal(free_at(0x50020000, 0x10000, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
    assert_true(is_free(TEST_AREA, 0x100000));
}

/* Wine's test_NtAllocateVirtualMemory, NtFreeVirtualMemory part. */
static void test_free_rounds_to_pages_and_checks_the_base(void **state)
{
    uint32_t base, b, s;

    (void)state;
    assert_int_equal(
        alloc_at(0, GRAN, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE, &base, NULL),
        STATUS_SUCCESS);

    assert_int_equal(free_at(base + 0x1fff, 2, MEM_DECOMMIT, &b, &s), STATUS_SUCCESS);
    assert_int_equal(s, 0x2000);
    assert_int_equal(b, base + 0x1000);

    b = base + 0x1001;
    s = 0;
    assert_int_equal(vm_free(&b, &s, MEM_DECOMMIT), STATUS_FREE_VM_NOT_AT_BASE);
    assert_int_equal(s, 0);
    assert_int_equal(b, base + 0x1001);

    /* The whole allocation, from inside its first page; Windows 10 1803+
     * answers size 0. */
    assert_int_equal(free_at(base + 0xffe, 0, MEM_DECOMMIT, &b, &s), STATUS_SUCCESS);
    assert_int_equal(s, 0);
    assert_int_equal(b, base);
    check_mbi(base, base, base, PAGE_EXECUTE_READWRITE, GRAN, MEM_RESERVE, 0, MEM_PRIVATE);

    b = base + 0x1001;
    s = 0;
    assert_int_equal(vm_free(&b, &s, MEM_RELEASE), STATUS_FREE_VM_NOT_AT_BASE);
    assert_int_equal(s, 0);
    assert_int_equal(b, base + 0x1001);

    assert_int_equal(free_at(base + 0xfff, 0, MEM_RELEASE, &b, &s), STATUS_SUCCESS);
    assert_int_equal(s, GRAN);
    assert_int_equal(b, base);
}

/* ReactOS NtFreeVirtualMemory apitest. */
static void test_release_of_part_of_an_allocation_splits_it(void **state)
{
    uint32_t buf, b, s;

    (void)state;
    assert_int_equal(alloc_at(0, PAGE, MEM_RESERVE, PAGE_READWRITE, &buf, &s), STATUS_SUCCESS);
    assert_int_equal(s, PAGE);
    assert_int_equal(free_at(buf, PAGE, MEM_DECOMMIT, NULL, NULL), STATUS_SUCCESS);
    assert_int_equal(free_at(buf, PAGE + 1, MEM_DECOMMIT, NULL, NULL), STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(free_at(buf, PAGE + 1, MEM_RELEASE, NULL, NULL), STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(free_at(buf + 1, PAGE, MEM_DECOMMIT, NULL, NULL), STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(free_at(buf + 1, PAGE, MEM_RELEASE, NULL, NULL), STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(free_at(buf + 1, PAGE - 1, MEM_DECOMMIT, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, buf);
    assert_int_equal(s, PAGE);
    assert_int_equal(free_at(buf + 1, PAGE - 1, MEM_RELEASE, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, buf);
    assert_int_equal(s, PAGE);

    /* Two pages, released one after the other, in both orders. */
    assert_int_equal(alloc_at(0, 2 * PAGE, MEM_RESERVE, PAGE_READWRITE, &buf, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(free_at(buf, PAGE, MEM_RELEASE, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, buf);
    assert_int_equal(s, PAGE);
    check_mbi(buf + PAGE, buf + PAGE, buf + PAGE, PAGE_READWRITE, PAGE, MEM_RESERVE, 0,
              MEM_PRIVATE);
    assert_int_equal(free_at(buf + PAGE, PAGE, MEM_RELEASE, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, buf + PAGE);
    assert_int_equal(s, PAGE);

    assert_int_equal(alloc_at(0, 2 * PAGE, MEM_RESERVE, PAGE_READWRITE, &buf, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(free_at(buf + PAGE, PAGE, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
    check_mbi(buf, buf, buf, PAGE_READWRITE, PAGE, MEM_RESERVE, 0, MEM_PRIVATE);
    assert_int_equal(free_at(buf, PAGE, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);

    /* The middle pages, with an unaligned base and a length that covers
     * both pages. */
    assert_int_equal(alloc_at(0, 2 * PAGE, MEM_RESERVE, PAGE_READWRITE, &buf, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(free_at(buf + 1, PAGE, MEM_RELEASE, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, buf);
    assert_int_equal(s, 2 * PAGE);

    /* The middle 64 KiB of three (ReactOS CheckAdjacentVADs). */
    assert_true(is_free(TEST_AREA, 0x100000));
    assert_int_equal(alloc_at(0x50000000, 0x30000, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(free_at(0x50010000, 0x10000, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
    check_mbi(0x50000000, 0x50000000, 0x50000000, PAGE_NOACCESS, 0x10000, MEM_RESERVE, 0,
              MEM_PRIVATE);
    check_mbi(0x50010000, 0x50010000, 0, 0, 0x10000, MEM_FREE, PAGE_NOACCESS, 0);
    check_mbi(0x50020000, 0x50020000, 0x50020000, PAGE_NOACCESS, 0x10000, MEM_RESERVE, 0,
              MEM_PRIVATE);
    assert_int_equal(free_at(0x50010000, 0, MEM_RELEASE, NULL, NULL), STATUS_MEMORY_NOT_ALLOCATED);
    release(0x50020000);
    release(0x50000000);
    assert_true(is_free(TEST_AREA, 0x100000));
}

/* --- placement ----------------------------------------------------------- */

static void test_blind_allocation_is_bottom_up_first_fit(void **state)
{
    uint32_t a, b, expect;

    (void)state;
    expect = first_fit_by_query(0x20000, vm_max_address());
    assert_int_not_equal(expect, 0);
    assert_int_equal(alloc_at(0, 0x20000, MEM_RESERVE, PAGE_NOACCESS, &a, NULL), STATUS_SUCCESS);
    assert_int_equal(a, expect);
    expect = first_fit_by_query(0x1000, vm_max_address());
    assert_int_equal(alloc_at(0, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &b, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(b, expect);
    release(a);
    /* The freed space is found again. */
    assert_int_equal(alloc_at(0, 0x10000, MEM_RESERVE, PAGE_NOACCESS, &expect, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(expect, a);
    release(expect);
    release(b);
}

static void test_top_down_allocation_is_the_highest_fit(void **state)
{
    uint32_t a, expect;

    (void)state;
    expect = highest_fit_by_query(0x10000, vm_max_address());
    /* Right below the KUSER_SHARED_DATA block, in a fresh process. */
    assert_int_equal(expect, KUSER_SHARED_DATA_ADDRESS - GRAN);
    assert_int_equal(alloc_at(0, 0x10000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE, &a, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(a, expect);
    expect = highest_fit_by_query(0x3000, vm_max_address());
    assert_int_equal(expect, KUSER_SHARED_DATA_ADDRESS - 2 * GRAN);
    assert_int_equal(alloc_at(0, 0x3000, MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE, &expect, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(expect, KUSER_SHARED_DATA_ADDRESS - 2 * GRAN);
    release(expect);
    release(a);
}

static void test_limits_without_large_address_awareness(void **state)
{
    MEMORY_BASIC_INFORMATION32 mbi;

    (void)state;
    assert_int_equal(vm_max_address(), GUEST_MAX_ADDRESS);
    assert_int_equal(alloc_at(0x80000000, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_2);
    assert_int_equal(alloc_at(0x7FFF0000, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_2);
    assert_int_equal(alloc_at(0x7FF00000, 0x100000, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_4);
    assert_int_equal(alloc_at(0, 0x80000000, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_4);
    assert_int_equal(alloc_at(0, 0xFFFFFFFF, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_4);
    /* Reserve memory below 0x10000 (ReactOS apitest). */
    assert_int_equal(alloc_at(0xf000, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_2);
    assert_int_equal(vm_query(0x7FFF0000, &mbi), STATUS_INVALID_PARAMETER);
    assert_int_equal(vm_query(0xFFFFFFFF, &mbi), STATUS_INVALID_PARAMETER);
    assert_int_equal(vm_query(0x7FFEFFFF, &mbi), STATUS_SUCCESS);
    assert_int_equal(mbi.AllocationBase, KUSER_SHARED_DATA_ADDRESS);
    /* The lowest 64 KiB is free and unusable. */
    check_mbi(0x1234, 0x1000, 0, 0, query(0x1234).RegionSize, MEM_FREE, PAGE_NOACCESS, 0);
}

static void test_limits_with_large_address_awareness(void **state)
{
    MEMORY_BASIC_INFORMATION32 mbi;
    uint32_t a, top;
    void *base;
    SIZE_T size;

    (void)state;
    vm_set_large_address_aware(true);
    assert_int_equal(vm_max_address(), GUEST_MAX_ADDRESS_LAA);
    assert_int_equal(vm_query(0xFFFF0000, &mbi), STATUS_INVALID_PARAMETER);
    assert_int_equal(alloc_at(0xFFFF0000, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_2);
    assert_int_equal(vm_query(0xFFFEFFFF, &mbi), STATUS_SUCCESS);
    assert_int_equal(vm_query(0x80000000, &mbi), STATUS_SUCCESS);

    /* Top-down now starts below 4 GiB, where the host has left room (a
     * sanitizer's shadow may own parts of it). */
    top = highest_fit_by_query(0x10000, GUEST_MAX_ADDRESS_LAA);
    assert_int_not_equal(top, 0);
    assert_int_equal(alloc_at(0, 0x10000, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE, &a, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(a, top);
    if (top > 0x80000000u) {
        /* ZeroBits 1 still keeps an allocation in the low 2 GiB. */
        base = NULL;
        size = 0x1000;
        assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &base, 1, &size,
                                                     MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE),
                         STATUS_SUCCESS);
        assert_true((uintptr_t)base < 0x80000000u);
        release((uint32_t)(uintptr_t)base);
    }
    release(a);
    vm_set_large_address_aware(false);
    assert_int_equal(vm_max_address(), GUEST_MAX_ADDRESS);
}

/* --- query ------------------------------------------------------------- */

static void test_query_of_free_memory_reaches_the_next_allocation(void **state)
{
    (void)state;
    assert_true(is_free(TEST_AREA, 0x200000));
    assert_int_equal(alloc_at(0x50000000, 0x1000, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(0x50100000, 0x1000, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    check_mbi(0x50001000, 0x50001000, 0, 0, 0xFF000, MEM_FREE, PAGE_NOACCESS, 0);
    check_mbi(0x50012345, 0x50012000, 0, 0, 0xEE000, MEM_FREE, PAGE_NOACCESS, 0);
    check_mbi(0x500FFFFF, 0x500FF000, 0, 0, 0x1000, MEM_FREE, PAGE_NOACCESS, 0);
    release(0x50000000);
    release(0x50100000);
}

static void test_query_reports_runs_of_equal_state_and_protection(void **state)
{
    uint32_t base;
    ULONG old;

    (void)state;
    assert_int_equal(alloc_at(0, 8 * PAGE, MEM_RESERVE, PAGE_EXECUTE_READ, &base, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(base, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(base + 2 * PAGE, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(vm_protect(base + 2 * PAGE, PAGE, PAGE_READONLY, &old), STATUS_SUCCESS);
    assert_int_equal(alloc_at(base + 6 * PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);

    check_mbi(base, base, base, PAGE_EXECUTE_READ, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    check_mbi(base + PAGE, base + PAGE, base, PAGE_EXECUTE_READ, PAGE, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    check_mbi(base + 2 * PAGE, base + 2 * PAGE, base, PAGE_EXECUTE_READ, PAGE, MEM_COMMIT,
              PAGE_READONLY, MEM_PRIVATE);
    check_mbi(base + 3 * PAGE, base + 3 * PAGE, base, PAGE_EXECUTE_READ, PAGE, MEM_COMMIT,
              PAGE_READWRITE, MEM_PRIVATE);
    check_mbi(base + 4 * PAGE, base + 4 * PAGE, base, PAGE_EXECUTE_READ, 2 * PAGE, MEM_RESERVE, 0,
              MEM_PRIVATE);
    check_mbi(base + 6 * PAGE, base + 6 * PAGE, base, PAGE_EXECUTE_READ, PAGE, MEM_COMMIT,
              PAGE_READWRITE, MEM_PRIVATE);
    check_mbi(base + 7 * PAGE, base + 7 * PAGE, base, PAGE_EXECUTE_READ, PAGE, MEM_RESERVE, 0,
              MEM_PRIVATE);
    release(base);
}

static void test_image_reservation_is_image_memory(void **state)
{
    const uint32_t img = 0x51000000;
    uint32_t b = img, s = 0;
    ULONG old;

    (void)state;
    assert_true(is_free(img, 0x10000));
    assert_int_equal(vm_reserve_fixed(img, 0x3000, MEM_IMAGE), STATUS_SUCCESS);
    assert_int_equal(vm_reserve_fixed(img, 0x3000, MEM_IMAGE), STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_reserve_fixed(img - 0x1000, 0x2000, MEM_IMAGE),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(alloc_at(img + 0x8000, PAGE, MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    check_mbi(img + 0x10, img, img, PAGE_EXECUTE_WRITECOPY, 0x3000, MEM_COMMIT, PAGE_READWRITE,
              MEM_IMAGE);
    memset(ptr(img), 0x4d, 0x3000);

    /* The loader's per-section protections; copy-on-write is an image's. */
    assert_int_equal(vm_protect(img, 0x1000, PAGE_READONLY, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READWRITE);
    assert_int_equal(vm_protect(img + 0x1000, 0x1000, PAGE_EXECUTE_READ, &old), STATUS_SUCCESS);
    assert_int_equal(vm_protect(img + 0x2000, 0x1000, PAGE_WRITECOPY, &old), STATUS_SUCCESS);
    check_mbi(img, img, img, PAGE_EXECUTE_WRITECOPY, 0x1000, MEM_COMMIT, PAGE_READONLY, MEM_IMAGE);
    check_mbi(img + 0x1000, img + 0x1000, img, PAGE_EXECUTE_WRITECOPY, 0x1000, MEM_COMMIT,
              PAGE_EXECUTE_READ, MEM_IMAGE);
    check_mbi(img + 0x2000, img + 0x2000, img, PAGE_EXECUTE_WRITECOPY, 0x1000, MEM_COMMIT,
              PAGE_WRITECOPY, MEM_IMAGE);
    probe_begin();
    assert_false(can_write(img));
    assert_true(can_write(img + 0x2000));
    probe_end();
    assert_true(all_bytes(img, 0x3000, 0x4d));

    /* NtFreeVirtualMemory cannot free an image. */
    assert_int_equal(vm_free(&b, &s, MEM_RELEASE), STATUS_UNABLE_TO_FREE_VM);
    b = img;
    s = 0x1000;
    assert_int_equal(vm_free(&b, &s, MEM_DECOMMIT), STATUS_UNABLE_TO_FREE_VM);
    assert_int_equal(vm_release(img + 0x1000), STATUS_FREE_VM_NOT_AT_BASE);
    assert_int_equal(vm_release(img), STATUS_SUCCESS);
    assert_true(is_free(img, 0x10000));
    assert_int_equal(vm_release(img), STATUS_MEMORY_NOT_ALLOCATED);

    /* A private fixed reservation, and bad requests. */
    assert_int_equal(vm_reserve_fixed(img, 0x2000, MEM_PRIVATE), STATUS_SUCCESS);
    check_mbi(img, img, img, PAGE_READWRITE, 0x2000, MEM_COMMIT, PAGE_READWRITE, MEM_PRIVATE);
    assert_int_equal(vm_release(img), STATUS_SUCCESS);
    assert_int_equal(vm_reserve_fixed(img, 0x2000, 0), STATUS_INVALID_PARAMETER);
    assert_int_equal(vm_reserve_fixed(img + 0x800, 0x2000, MEM_IMAGE), STATUS_INVALID_PARAMETER);
    assert_int_equal(vm_reserve_fixed(img, 0, MEM_IMAGE), STATUS_INVALID_PARAMETER);
    assert_int_equal(vm_reserve_fixed(0x7FFF0000, 0x1000, MEM_IMAGE), STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_reserve_fixed(0x0000F000, 0x1000, MEM_IMAGE), STATUS_CONFLICTING_ADDRESSES);
}

/* --- protection ---------------------------------------------------------- */

/* ReactOS NtProtectVirtualMemory apitest, TestReadWrite. */
static void test_protection_changes_return_the_old_value_and_are_enforced(void **state)
{
    uint32_t base, size = PAGE;
    ULONG old;

    (void)state;
    assert_int_equal(alloc_at(0, PAGE, MEM_RESERVE, PAGE_NOACCESS, &base, &size), STATUS_SUCCESS);
    assert_int_equal(alloc_at(base, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL), STATUS_SUCCESS);
    *(volatile uint32_t *)ptr(base) = 0xFF;

    probe_begin();
    assert_int_equal(vm_protect(base, PAGE, PAGE_READONLY, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READWRITE);
    assert_false(can_write(base));
    assert_true(can_read(base));

    assert_int_equal(vm_protect(base, PAGE, PAGE_NOACCESS, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READONLY);
    assert_false(can_read(base));

    assert_int_equal(vm_protect(base, PAGE, PAGE_READONLY, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_NOACCESS);
    assert_true(can_read(base));
    assert_int_equal(*(volatile uint32_t *)ptr(base), 0xFF);

    assert_int_equal(vm_protect(base, PAGE, PAGE_EXECUTE_READWRITE, &old), STATUS_SUCCESS);
    assert_true(can_write(base));
    probe_end();

    /* Protect over free memory, past the allocation, and above the limit. */
    assert_int_equal(vm_protect(base + PAGE, PAGE, PAGE_READWRITE, &old),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_protect(base, 2 * PAGE, PAGE_READWRITE, &old),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(vm_protect(0x7FFF0000, PAGE, PAGE_READWRITE, &old),
                     STATUS_INVALID_PARAMETER_2);
    release(base);
    assert_int_equal(vm_protect(base, PAGE, PAGE_READWRITE, &old), STATUS_CONFLICTING_ADDRESSES);
}

/* Wine's test_VirtualProtect and test_VirtualAlloc_protection: which
 * protection values private memory accepts. */
static void test_valid_protections_for_private_memory(void **state)
{
    static const ULONG valid[] = {
        PAGE_NOACCESS, PAGE_READONLY,     PAGE_READWRITE,
        PAGE_EXECUTE,  PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE,
    };
    uint32_t base, b;
    ULONG old;

    (void)state;
    assert_int_equal(alloc_at(0, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_NOACCESS, &base, NULL),
                     STATUS_SUCCESS);
    for (ULONG prot = 0; prot <= 0xF0; prot++) {
        bool ok = false;
        NTSTATUS expect;

        if ((prot & 0xf) && (prot & 0xf0))
            continue; /* the Wine tables: low nibble or high nibble */
        for (size_t i = 0; i < sizeof valid / sizeof *valid; i++)
            ok |= prot == valid[i];
        expect = ok ? STATUS_SUCCESS : STATUS_INVALID_PAGE_PROTECTION;

        old = 0xdeadbeef;
        assert_int_equal(vm_protect(base, PAGE, prot, &old), expect);
        if (ok) {
            assert_int_equal(old, PAGE_NOACCESS);
            check_mbi(base, base, base, PAGE_NOACCESS, PAGE, MEM_COMMIT, prot, MEM_PRIVATE);
            assert_int_equal(vm_protect(base, PAGE, PAGE_NOACCESS, &old), STATUS_SUCCESS);
            assert_int_equal(old, prot);
        }

        assert_int_equal(alloc_at(0, PAGE, MEM_COMMIT, prot, &b, NULL), expect);
        if (ok) {
            check_mbi(b, b, b, prot, PAGE, MEM_COMMIT, prot, MEM_PRIVATE);
            /* Committing again with the same protection is fine. */
            assert_int_equal(alloc_at(b, PAGE, MEM_COMMIT, prot, NULL, NULL), STATUS_SUCCESS);
            release(b);
        }
    }
    release(base);
}

static void test_protection_modifiers(void **state)
{
    uint32_t base;
    ULONG old;

    (void)state;
    /* ZwAllocateVirtualMemory kmtest. */
    assert_int_equal(
        alloc_at(0, 200, MEM_COMMIT | MEM_RESERVE, PAGE_NOACCESS | PAGE_GUARD, NULL, NULL),
        STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(
        alloc_at(0, 200, MEM_COMMIT | MEM_RESERVE, PAGE_NOACCESS | PAGE_WRITECOMBINE, NULL, NULL),
        STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(
        alloc_at(0, 200, MEM_COMMIT | MEM_RESERVE, PAGE_READONLY | PAGE_WRITECOMBINE, &base, NULL),
        STATUS_SUCCESS);
    release(base);
    assert_int_equal(alloc_at(0, 200, MEM_COMMIT | MEM_RESERVE,
                              PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE, NULL, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);

    /* Wine's test_VirtualAlloc: PAGE_NOCACHE is reported back. */
    assert_int_equal(alloc_at(0, 0x2000, MEM_COMMIT, PAGE_READWRITE | PAGE_NOCACHE, &base, NULL),
                     STATUS_SUCCESS);
    check_mbi(base, base, base, PAGE_READWRITE | PAGE_NOCACHE, 0x2000, MEM_COMMIT,
              PAGE_READWRITE | PAGE_NOCACHE, MEM_PRIVATE);
    release(base);
    assert_int_equal(alloc_at(0, 0x2000, MEM_COMMIT, PAGE_READWRITE, &base, NULL), STATUS_SUCCESS);
    assert_int_equal(vm_protect(base, PAGE, PAGE_READONLY | PAGE_NOCACHE, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READWRITE);
    release(base);
}

static void test_guard_page_is_inaccessible_until_cleared(void **state)
{
    uint32_t base;
    ULONG old;

    (void)state;
    assert_int_equal(
        alloc_at(0, 1000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE | PAGE_GUARD, &base, NULL),
        STATUS_SUCCESS);
    check_mbi(base, base, base, PAGE_READWRITE | PAGE_GUARD, PAGE, MEM_COMMIT,
              PAGE_READWRITE | PAGE_GUARD, MEM_PRIVATE);
    probe_begin();
    assert_false(can_read(base));
    assert_true(vm_clear_guard(base + 0x10));
    check_mbi(base, base, base, PAGE_READWRITE | PAGE_GUARD, PAGE, MEM_COMMIT, PAGE_READWRITE,
              MEM_PRIVATE);
    assert_true(can_write(base));
    assert_false(vm_clear_guard(base));

    assert_int_equal(vm_protect(base, PAGE, PAGE_READONLY | PAGE_GUARD, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READWRITE);
    assert_false(can_read(base));
    assert_int_equal(vm_protect(base, PAGE, PAGE_READWRITE, &old), STATUS_SUCCESS);
    assert_int_equal(old, PAGE_READONLY | PAGE_GUARD);
    assert_true(can_write(base));
    probe_end();
    release(base);
    assert_false(vm_clear_guard(base));
}

/* Wine's test_VirtualAlloc, MEM_RESET part. */
static void test_mem_reset_keeps_the_pages_committed(void **state)
{
    uint32_t base, b, s;

    (void)state;
    assert_int_equal(alloc_at(0, GRAN, MEM_RESERVE, PAGE_NOACCESS, &base, NULL), STATUS_SUCCESS);
    assert_int_equal(alloc_at(base, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL), STATUS_SUCCESS);
    memset(ptr(base), 0x55, 20);
    assert_int_equal(alloc_at(base, PAGE, MEM_RESET, PAGE_NOACCESS, &b, &s), STATUS_SUCCESS);
    assert_int_equal(b, base);
    assert_true(*(uint32_t *)ptr(base) == 0x55555555 || *(uint32_t *)ptr(base) == 0);
    check_mbi(base, base, base, PAGE_NOACCESS, PAGE, MEM_COMMIT, PAGE_READWRITE, MEM_PRIVATE);

    assert_int_equal(alloc_at(base + PAGE, PAGE, MEM_RESET, PAGE_NOACCESS, &b, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(b, base + PAGE);
    check_mbi(base + PAGE, base + PAGE, base, PAGE_NOACCESS, 0xF000, MEM_RESERVE, 0, MEM_PRIVATE);

    assert_int_equal(alloc_at(base + 0xF000, 0x2000, MEM_RESET, PAGE_NOACCESS, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    assert_int_equal(alloc_at(base, PAGE, MEM_RESET_UNDO, PAGE_READWRITE, NULL, NULL),
                     STATUS_SUCCESS);
    release(base);
}

/* --- bad parameters ------------------------------------------------------ */

/* ZwAllocateVirtualMemory kmtest and Wine's tests. */
static void test_bad_allocation_parameters(void **state)
{
    uint32_t base;

    (void)state;
    assert_int_equal(alloc_at(0, 0, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_INVALID_PARAMETER_4);
    assert_int_equal(alloc_at(0, 200, 0, PAGE_READWRITE, NULL, NULL), STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, MEM_TOP_DOWN, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, MEM_COMMIT | MEM_RESET, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, MEM_TOP_DOWN | MEM_RESET, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_5);
    assert_int_equal(
        alloc_at(0, 200, MEM_RESET | MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE, NULL, NULL),
        STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, 0xFFFFFFFF, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_5);
    assert_int_equal(
        alloc_at(0, 200, MEM_RESERVE | MEM_COMMIT | AT_ROUND_TO_PAGE, PAGE_READWRITE, NULL, NULL),
        STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, MEM_COMMIT | MEM_WRITE_WATCH, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, MEM_FREE, PAGE_READWRITE, NULL, NULL),
                     STATUS_INVALID_PARAMETER_5);
    assert_int_equal(alloc_at(0, 200, MEM_RESERVE, 0, NULL, NULL), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(alloc_at(0, 200, MEM_COMMIT, 0, NULL, NULL), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(alloc_at(0, 200, MEM_COMMIT | MEM_RESERVE, 0xFFFFFFFF, NULL, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(alloc_at(0, 200, MEM_RESERVE, PAGE_WRITECOPY, NULL, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(alloc_at(0, 200, MEM_RESERVE, PAGE_EXECUTE_WRITECOPY, NULL, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_allocate(NULL, &base, MEM_RESERVE, PAGE_READWRITE),
                     STATUS_ACCESS_VIOLATION);

    /* Committing in a reservation with copy-on-write or a bad value. */
    assert_int_equal(alloc_at(0, PAGE, MEM_RESERVE, PAGE_READWRITE, &base, NULL), STATUS_SUCCESS);
    assert_int_equal(alloc_at(base, PAGE, MEM_COMMIT, PAGE_WRITECOPY, NULL, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(alloc_at(base, PAGE, MEM_COMMIT, PAGE_READONLY | PAGE_EXECUTE, NULL, NULL),
                     STATUS_INVALID_PAGE_PROTECTION);
    /* Committing free memory. */
    assert_int_equal(alloc_at(base + GRAN, PAGE, MEM_COMMIT, PAGE_READWRITE, NULL, NULL),
                     STATUS_CONFLICTING_ADDRESSES);
    release(base);
}

/* ReactOS NtFreeVirtualMemory_Parameters. */
static void test_bad_free_and_protect_parameters(void **state)
{
    uint32_t base, b = 0, s = 0;
    ULONG old;

    (void)state;
    assert_int_equal(vm_free(NULL, NULL, 0), STATUS_INVALID_PARAMETER_4);
    for (int i = 0; i < 32; i++) {
        ULONG t = 1u << i;
        if (t != MEM_DECOMMIT && t != MEM_RELEASE)
            assert_int_equal(vm_free(NULL, NULL, t), STATUS_INVALID_PARAMETER_4);
    }
    assert_int_equal(vm_free(NULL, NULL, MEM_DECOMMIT | MEM_RELEASE), STATUS_INVALID_PARAMETER_4);
    assert_int_equal(vm_free(NULL, &s, MEM_RELEASE), STATUS_ACCESS_VIOLATION);
    /* NULL is not allocated (ZwAllocateVirtualMemory kmtest). */
    assert_int_equal(vm_free(&b, &s, MEM_RELEASE), STATUS_MEMORY_NOT_ALLOCATED);
    b = 0x80000000;
    assert_int_equal(vm_free(&b, &s, MEM_RELEASE), STATUS_INVALID_PARAMETER_2);

    assert_int_equal(alloc_at(0, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE, &base, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(vm_protect(base, PAGE, 0, &old), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_protect(base, PAGE, PAGE_READWRITE | PAGE_EXECUTE_WRITECOPY, &old),
                     STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_protect(base, PAGE, PAGE_WRITECOPY, &old), STATUS_INVALID_PAGE_PROTECTION);
    assert_int_equal(vm_protect(base, PAGE, PAGE_EXECUTE_WRITECOPY, &old),
                     STATUS_INVALID_PAGE_PROTECTION);
    release(base);
}

/* --- the services -------------------------------------------------------- */

static void test_services_check_handles_and_pointers(void **state)
{
    void *base = NULL;
    SIZE_T size = 200, ret = 0;
    ULONG old = 0;
    MEMORY_BASIC_INFORMATION32 mbi;

    (void)state;
    assert_int_equal(svc_NtAllocateVirtualMemory(NULL, &base, 0, &size, MEM_COMMIT | MEM_RESERVE,
                                                 PAGE_READWRITE),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(svc_NtAllocateVirtualMemory((HANDLE)(uintptr_t)0xDEADBEEF, &base, 0, &size,
                                                 MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), NULL, 0, &size,
                                                 MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, NULL,
                                                 MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE),
                     STATUS_ACCESS_VIOLATION);

    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size,
                                                 MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE),
                     STATUS_SUCCESS);
    assert_non_null(base);
    assert_int_equal((uintptr_t)base % GRAN, 0);
    assert_int_equal(size, PAGE);

    /* NtProtectVirtualMemory rounds base and size and writes OldProtect. */
    {
        void *pb = (char *)base + 0x10;
        SIZE_T ps = 0x10;
        assert_int_equal(
            svc_NtProtectVirtualMemory(NtCurrentProcess(), &pb, &ps, PAGE_READONLY, NULL),
            STATUS_ACCESS_VIOLATION);
        assert_int_equal(svc_NtProtectVirtualMemory(NULL, &pb, &ps, PAGE_READONLY, &old),
                         STATUS_INVALID_HANDLE);
        assert_int_equal(
            svc_NtProtectVirtualMemory(NtCurrentProcess(), &pb, &ps, PAGE_READONLY, &old),
            STATUS_SUCCESS);
        assert_ptr_equal(pb, base);
        assert_int_equal(ps, PAGE);
        assert_int_equal(old, PAGE_READWRITE);
    }

    /* NtQueryVirtualMemory. */
    assert_int_equal(svc_NtQueryVirtualMemory(NtCurrentProcess(), base, 1, &mbi, sizeof mbi, &ret),
                     STATUS_INVALID_INFO_CLASS);
    assert_int_equal(svc_NtQueryVirtualMemory(NtCurrentProcess(), base,
                                              MEMORY_BASIC_INFORMATION_CLASS, &mbi, sizeof mbi - 1,
                                              &ret),
                     STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(svc_NtQueryVirtualMemory(NtCurrentProcess(), base,
                                              MEMORY_BASIC_INFORMATION_CLASS, NULL, sizeof mbi,
                                              &ret),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(svc_NtQueryVirtualMemory(NULL, base, MEMORY_BASIC_INFORMATION_CLASS, &mbi,
                                              sizeof mbi, &ret),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(svc_NtQueryVirtualMemory(NtCurrentProcess(), ptr(0x80000000),
                                              MEMORY_BASIC_INFORMATION_CLASS, &mbi, sizeof mbi,
                                              &ret),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(svc_NtQueryVirtualMemory(NtCurrentProcess(), (char *)base + 0x123,
                                              MEMORY_BASIC_INFORMATION_CLASS, &mbi, sizeof mbi + 4,
                                              NULL),
                     STATUS_SUCCESS);
    assert_int_equal(svc_NtQueryVirtualMemory(NtCurrentProcess(), (char *)base + 0x123,
                                              MEMORY_BASIC_INFORMATION_CLASS, &mbi, sizeof mbi,
                                              &ret),
                     STATUS_SUCCESS);
    assert_int_equal(ret, 28);
    assert_int_equal(mbi.BaseAddress, (uintptr_t)base);
    assert_int_equal(mbi.AllocationBase, (uintptr_t)base);
    assert_int_equal(mbi.Protect, PAGE_READONLY);
    assert_int_equal(mbi.State, MEM_COMMIT);

    /* NtFreeVirtualMemory. */
    size = 0;
    assert_int_equal(svc_NtFreeVirtualMemory(NULL, &base, &size, MEM_RELEASE),
                     STATUS_INVALID_HANDLE);
    assert_int_equal(svc_NtFreeVirtualMemory(NtCurrentProcess(), NULL, &size, MEM_RELEASE),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(svc_NtFreeVirtualMemory(NtCurrentProcess(), &base, NULL, MEM_RELEASE),
                     STATUS_ACCESS_VIOLATION);
    assert_int_equal(svc_NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, 0),
                     STATUS_INVALID_PARAMETER_4);
    assert_int_equal(svc_NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE),
                     STATUS_SUCCESS);
    assert_int_equal(size, PAGE);
}

/* Wine's test_NtAllocateVirtualMemory, ZeroBits part, for a WOW64 caller. */
/* --- NtQuerySystemInformation's memory classes, NtFlushProcessWriteBuffers - */

NTSTATUS svc_NtQuerySystemInformation(ULONG info_class, void *buffer, ULONG length,
                                      ULONG *return_length);
NTSTATUS svc_NtFlushProcessWriteBuffers(void);

static void test_system_basic_information_is_the_32_bit_view(void **state)
{
    ULONG info[11], len = 0;

    (void)state;
    /* Exactly 0x2C bytes, or STATUS_INFO_LENGTH_MISMATCH with the size. */
    assert_int_equal(svc_NtQuerySystemInformation(0, info, sizeof info + 4, &len),
                     STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(len, 0x2C);
    assert_int_equal(svc_NtQuerySystemInformation(0, info, 0x2C, &len), STATUS_SUCCESS);
    assert_int_equal(info[2], PAGE);                 /* PageSize */
    assert_true(info[3] > 0);                        /* NumberOfPhysicalPages */
    assert_int_equal(info[6], GRAN);                 /* AllocationGranularity */
    assert_int_equal(info[7], 0x10000);              /* MinimumUserModeAddress */
    assert_int_equal(info[8], 0x7FFEFFFF);           /* MaximumUserModeAddress */
    assert_true((info[10] & 0xff) >= 1);             /* NumberOfProcessors */
    vm_set_large_address_aware(true);
    assert_int_equal(svc_NtQuerySystemInformation(0, info, 0x2C, NULL), STATUS_SUCCESS);
    assert_int_equal(info[8], 0xFFFEFFFF);
    vm_set_large_address_aware(false);
}

static void test_system_performance_information_has_the_memory_counters(void **state)
{
    unsigned char perf[0x140];
    ULONG basic[11], len = 0, avail, committed, limit;

    (void)state;
    assert_int_equal(svc_NtQuerySystemInformation(2, perf, 0x100, &len),
                     STATUS_INFO_LENGTH_MISMATCH);
    assert_int_equal(len, 0x138);
    assert_int_equal(svc_NtQuerySystemInformation(2, perf, sizeof perf, &len), STATUS_SUCCESS);
    assert_int_equal(len, 0x138);
    assert_int_equal(svc_NtQuerySystemInformation(0, basic, 0x2C, NULL), STATUS_SUCCESS);
    memcpy(&avail, perf + 0x2C, 4);
    memcpy(&committed, perf + 0x30, 4);
    memcpy(&limit, perf + 0x34, 4);
    assert_true(avail > 0 && avail <= basic[3]);
    assert_true(limit >= basic[3]);                  /* RAM + swap */
    assert_true(committed <= limit);
    /* A class we do not serve says so. */
    assert_int_equal(svc_NtQuerySystemInformation(3, perf, sizeof perf, NULL),
                     STATUS_NOT_IMPLEMENTED);
}

static void test_flush_process_write_buffers_succeeds(void **state)
{
    (void)state;
    assert_int_equal(svc_NtFlushProcessWriteBuffers(), STATUS_SUCCESS);
    assert_int_equal(svc_NtFlushProcessWriteBuffers(), STATUS_SUCCESS);
}

static void test_zero_bits_limit_blind_allocations(void **state)
{
    void *base, *other;
    SIZE_T size;
    ULONG_PTR zb;

    (void)state;
    size = PAGE;
    base = NULL;
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size,
                                                 MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE),
                     STATUS_SUCCESS);
    /* It conflicts, even when zero_bits is set. */
    other = (char *)base + PAGE;
    size = PAGE;
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &other, 12, &size,
                                                 MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE),
                     STATUS_CONFLICTING_ADDRESSES);

    for (zb = 1; zb <= 20; zb++) {
        NTSTATUS status;

        other = NULL;
        size = PAGE;
        status =
            svc_NtAllocateVirtualMemory(NtCurrentProcess(), &other, zb, &size,
                                        MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);
        assert_true(status == STATUS_SUCCESS || status == STATUS_NO_MEMORY);
        if (status == STATUS_SUCCESS) {
            assert_int_equal((uintptr_t)other >> (32 - zb), 0);
            release((uint32_t)(uintptr_t)other);
        }
    }
    other = NULL;
    size = PAGE;
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &other, 21, &size,
                                                 MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE),
                     STATUS_NO_MEMORY);
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &other, 22, &size,
                                                 MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE),
                     STATUS_INVALID_PARAMETER_3);
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &other, 31, &size,
                                                 MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE),
                     STATUS_INVALID_PARAMETER_3);
    /* Above 31 a mask: only its leading zeros matter. */
    zb = 0x1aaaaaaa;
    other = NULL;
    size = PAGE;
    assert_int_equal(svc_NtAllocateVirtualMemory(NtCurrentProcess(), &other, zb, &size,
                                                 MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN,
                                                 PAGE_READWRITE),
                     STATUS_SUCCESS);
    assert_int_equal((uintptr_t)other & ~(uintptr_t)0x1FFFFFFF, 0);
    release((uint32_t)(uintptr_t)other);
    release((uint32_t)(uintptr_t)base);
}

/* --- randomized consistency against a page-array model ------------------- */

/* The model: Windows' rules re-stated over a 4 MiB window, page by page,
 * with no search structures. Sentinel reservations around the window
 * make free runs end at its edges. */
#define W_BASE 0x60000000u
#define W_PAGES 1024u
#define W_END (W_BASE + W_PAGES * PAGE)
#define M_MAX_ALLOCS 8192

struct m_alloc {
    uint32_t base, end;
    ULONG aprot;
};
struct m_page {
    int alloc; /* -1: free */
    bool committed;
    ULONG prot;
    uint32_t marker; /* first dword of the page, 0 when never written */
};
static struct m_alloc m_allocs[M_MAX_ALLOCS];
static int m_nallocs;
static struct m_page m_pages[W_PAGES];

static unsigned mp(uint32_t a) { return (a - W_BASE) / PAGE; }
static uint32_t pg_down(uint32_t a) { return a & ~(PAGE - 1); }
static uint32_t pg_up(uint64_t a) { return (uint32_t)((a + PAGE - 1) & ~(uint64_t)(PAGE - 1)); }

static NTSTATUS m_reserve(uint32_t base, uint32_t size, ULONG type, ULONG prot, uint32_t *ob,
                          uint32_t *os)
{
    uint32_t start = base & ~(GRAN - 1), end = pg_up((uint64_t)base + size);
    int id;

    for (uint32_t a = start; a < end; a += PAGE)
        if (m_pages[mp(a)].alloc >= 0)
            return STATUS_CONFLICTING_ADDRESSES;
    id = m_nallocs++;
    assert_true(id < M_MAX_ALLOCS);
    m_allocs[id] = (struct m_alloc){start, end, prot};
    for (uint32_t a = start; a < end; a += PAGE)
        m_pages[mp(a)] =
            (struct m_page){id, (type & MEM_COMMIT) != 0, (type & MEM_COMMIT) ? prot : 0, 0};
    *ob = start;
    *os = end - start;
    return STATUS_SUCCESS;
}

/* The allocation holding all of [start, end), or -1. */
static int m_alloc_of_range(uint32_t start, uint32_t end)
{
    int id = m_pages[mp(start)].alloc;

    if (id < 0)
        return -1;
    for (uint32_t a = start; a < end; a += PAGE)
        if (m_pages[mp(a)].alloc != id)
            return -1;
    return id;
}

static NTSTATUS m_commit(uint32_t base, uint32_t size, ULONG prot, uint32_t *ob, uint32_t *os)
{
    uint32_t start = pg_down(base), end = pg_up((uint64_t)base + size);

    if (m_alloc_of_range(start, end) < 0)
        return STATUS_CONFLICTING_ADDRESSES;
    for (uint32_t a = start; a < end; a += PAGE) {
        m_pages[mp(a)].committed = true;
        m_pages[mp(a)].prot = prot;
    }
    *ob = start;
    *os = end - start;
    return STATUS_SUCCESS;
}

static NTSTATUS m_reset(uint32_t base, uint32_t size, uint32_t *ob, uint32_t *os)
{
    uint32_t start = pg_down(base), end = pg_up((uint64_t)base + size);

    if (m_alloc_of_range(start, end) < 0)
        return STATUS_CONFLICTING_ADDRESSES;
    *ob = start;
    *os = end - start;
    return STATUS_SUCCESS;
}

static NTSTATUS m_free(uint32_t base, uint32_t size, ULONG type, uint32_t *ob, uint32_t *os)
{
    uint32_t start = pg_down(base), end = pg_up((uint64_t)base + size);
    int id = m_pages[mp(start)].alloc;
    struct m_alloc *A;

    if (id < 0)
        return STATUS_MEMORY_NOT_ALLOCATED;
    A = &m_allocs[id];
    if (!size) {
        if (start != A->base)
            return STATUS_FREE_VM_NOT_AT_BASE;
        end = A->end;
    } else if (end > A->end) {
        return STATUS_UNABLE_TO_FREE_VM;
    }
    for (uint32_t a = start; a < end; a += PAGE) {
        struct m_page *p = &m_pages[mp(a)];
        p->committed = false;
        p->prot = 0;
        p->marker = 0;
        if (type == MEM_RELEASE)
            p->alloc = -1;
    }
    if (type == MEM_RELEASE) {
        /* What is left on either side stays allocated; the upper part is
         * an allocation of its own. */
        if (start > A->base && end < A->end) {
            int nid = m_nallocs++;
            assert_true(nid < M_MAX_ALLOCS);
            m_allocs[nid] = (struct m_alloc){end, A->end, A->aprot};
            for (uint32_t a = end; a < A->end; a += PAGE)
                m_pages[mp(a)].alloc = nid;
            A->end = start;
        } else if (start == A->base) {
            A->base = end;
        } else {
            A->end = start;
        }
    }
    *ob = start;
    *os = type == MEM_DECOMMIT && !size ? 0 : end - start;
    return STATUS_SUCCESS;
}

static NTSTATUS m_protect(uint32_t base, uint32_t size, ULONG prot, ULONG *old)
{
    uint32_t start = pg_down(base), end = pg_up((uint64_t)base + size);
    int id = m_pages[mp(start)].alloc;

    if (id < 0 || end > m_allocs[id].end)
        return STATUS_CONFLICTING_ADDRESSES;
    if (!m_pages[mp(start)].committed)
        return STATUS_NOT_COMMITTED;
    for (uint32_t a = start; a < end; a += PAGE)
        if (!m_pages[mp(a)].committed)
            return STATUS_NOT_COMMITTED;
    *old = m_pages[mp(start)].prot;
    for (uint32_t a = start; a < end; a += PAGE)
        m_pages[mp(a)].prot = prot;
    return STATUS_SUCCESS;
}

static bool m_readable(const struct m_page *p)
{
    return p->committed && !(p->prot & PAGE_GUARD) && (p->prot & 0xff) != PAGE_NOACCESS;
}

static bool m_writable(const struct m_page *p)
{
    return m_readable(p) &&
           ((p->prot & 0xff) == PAGE_READWRITE || (p->prot & 0xff) == PAGE_EXECUTE_READWRITE);
}

/* Walks the window the way VirtualQuery loops do, against the model. */
static void m_check_queries(void)
{
    uint32_t a = W_BASE;

    while (a < W_END) {
        MEMORY_BASIC_INFORMATION32 mbi = query(a);
        const struct m_page *p = &m_pages[mp(a)];
        uint32_t e = a + PAGE;

        assert_int_equal(mbi.BaseAddress, a);
        if (p->alloc < 0) {
            while (e < W_END && m_pages[mp(e)].alloc < 0)
                e += PAGE;
            assert_int_equal(mbi.State, MEM_FREE);
            assert_int_equal(mbi.AllocationBase, 0);
            assert_int_equal(mbi.Protect, PAGE_NOACCESS);
            assert_int_equal(mbi.Type, 0);
        } else {
            const struct m_alloc *A = &m_allocs[p->alloc];
            while (e < A->end && m_pages[mp(e)].alloc == p->alloc &&
                   m_pages[mp(e)].committed == p->committed && m_pages[mp(e)].prot == p->prot)
                e += PAGE;
            assert_int_equal(mbi.AllocationBase, A->base);
            assert_int_equal(mbi.AllocationProtect, A->aprot);
            assert_int_equal(mbi.State, p->committed ? MEM_COMMIT : MEM_RESERVE);
            assert_int_equal(mbi.Protect, p->committed ? p->prot : 0);
            assert_int_equal(mbi.Type, MEM_PRIVATE);
        }
        if (mbi.RegionSize != e - a)
            fail_msg("query %#x: region size %#x, model %#x (state %#x)", a, mbi.RegionSize, e - a,
                     mbi.State);
        a = e;
    }
}

/* Host access and contents of pages in [start, end) against the model. */
static void m_check_host(uint32_t start, uint32_t end)
{
    if (start < W_BASE)
        start = W_BASE;
    if (end > W_END)
        end = W_END;
    for (uint32_t a = start; a < end; a += PAGE) {
        const struct m_page *p = &m_pages[mp(a)];

        assert_int_equal(can_read(a), m_readable(p));
        assert_int_equal(can_write(a), m_writable(p));
        if (m_readable(p))
            assert_int_equal(*(volatile uint32_t *)ptr(a), p->marker);
    }
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static void test_random_operations_match_the_page_model(void **state)
{
    static const ULONG prots[] = {
        PAGE_NOACCESS,
        PAGE_READONLY,
        PAGE_READWRITE,
        PAGE_EXECUTE,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_READWRITE | PAGE_GUARD,
        PAGE_READONLY | PAGE_GUARD,
        PAGE_READWRITE | PAGE_NOCACHE,
    };
    uint32_t marker = 1;
    int ops = 6000;

    (void)state;
    if (getenv("VM_TEST_SEED"))
        rng_state = strtoull(getenv("VM_TEST_SEED"), NULL, 0) | 1;
    assert_true(is_free(W_BASE - GRAN, W_PAGES * PAGE + 2 * GRAN));
    assert_int_equal(alloc_at(W_BASE - GRAN, GRAN, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL),
                     STATUS_SUCCESS);
    assert_int_equal(alloc_at(W_END, GRAN, MEM_RESERVE, PAGE_NOACCESS, NULL, NULL), STATUS_SUCCESS);
    for (unsigned i = 0; i < W_PAGES; i++)
        m_pages[i] = (struct m_page){-1, false, 0, 0};
    m_nallocs = 0;
    probe_begin();

    for (int op = 0; op < ops; op++) {
        uint32_t base = W_BASE + rnd(W_PAGES) * PAGE + (rnd(4) == 0 ? rnd(PAGE) : 0);
        uint32_t npages = rnd(8) == 0 ? 1 + rnd(48) : 1 + rnd(6);
        uint32_t size = npages * PAGE - (rnd(3) == 0 ? rnd(PAGE) : 0);
        ULONG prot = prots[rnd(sizeof prots / sizeof *prots)];
        uint32_t kind = rnd(100), gb = 0, gs = 0, mb = 0, ms = 0;
        NTSTATUS got, want;
        ULONG gold = 0, mold = 0;

        /* Often aim at the base of a live allocation. */
        if (rnd(3) == 0) {
            unsigned p = rnd(W_PAGES);
            if (m_pages[p].alloc >= 0)
                base = m_allocs[m_pages[p].alloc].base + (rnd(4) == 0 ? rnd(PAGE) : 0);
        }
        if (size > W_END - base)
            size = W_END - base;
        if (!size)
            continue;

        if (kind < 35) {
            ULONG type = kind < 20 ? MEM_RESERVE : MEM_RESERVE | MEM_COMMIT;
            if (rnd(8) == 0 && base - (base & ~(GRAN - 1)) + size > GRAN)
                size = GRAN; /* whole granules now and then */
            got = alloc_at(base, size, type, prot, &gb, &gs);
            want = m_reserve(base, size, type, prot, &mb, &ms);
        } else if (kind < 50) {
            got = alloc_at(base, size, MEM_COMMIT, prot, &gb, &gs);
            want = m_commit(base, size, prot, &mb, &ms);
        } else if (kind < 53) {
            got = alloc_at(base, size, MEM_RESET, PAGE_NOACCESS, &gb, &gs);
            want = m_reset(base, size, &mb, &ms);
        } else if (kind < 80) {
            ULONG type = kind < 65 ? MEM_DECOMMIT : MEM_RELEASE;
            uint32_t fsize = rnd(3) == 0 ? 0 : size;
            got = free_at(base, fsize, type, &gb, &gs);
            want = m_free(base, fsize, type, &mb, &ms);
        } else if (kind < 94) {
            got = vm_protect(base, size, prot, &gold);
            want = m_protect(base, size, prot, &mold);
        } else if (kind < 97) {
            struct m_page *p = &m_pages[mp(base)];
            bool expect = p->committed && (p->prot & PAGE_GUARD);
            assert_int_equal(vm_clear_guard(base), expect);
            if (expect)
                p->prot &= ~(ULONG)PAGE_GUARD;
            got = want = STATUS_SUCCESS;
        } else {
            struct m_page *p = &m_pages[mp(base)];
            if (m_writable(p)) {
                assert_true(can_write(pg_down(base)));
                *(volatile uint32_t *)ptr(pg_down(base)) = marker;
                p->marker = marker++;
            }
            got = want = STATUS_SUCCESS;
        }

        if (got != want)
            fail_msg("op %d kind %u base %#x size %#x prot %#x: got %#x, model %#x", op, kind, base,
                     size, prot, (unsigned)got, (unsigned)want);
        if (NT_SUCCESS(got)) {
            assert_int_equal(gb, mb);
            assert_int_equal(gs, ms);
            assert_int_equal(gold, mold);
        }
        m_check_queries();
        m_check_host(pg_down(base) - GRAN, pg_up((uint64_t)base + size) + GRAN);
        if (op % 500 == 0)
            m_check_host(W_BASE, W_END);
    }
    m_check_host(W_BASE, W_END);
    probe_end();

    /* Clean up through the model's view of what is live. */
    for (unsigned i = 0; i < W_PAGES; i++) {
        if (m_pages[i].alloc >= 0) {
            uint32_t b = m_allocs[m_pages[i].alloc].base, ob, os;
            assert_int_equal(m_free(b, 0, MEM_RELEASE, &ob, &os), STATUS_SUCCESS);
            release(b);
        }
    }
    m_check_queries();
    release(W_BASE - GRAN);
    release(W_END);
}

/* Blind allocations and releases at random: every placement is the first
 * (or, top-down, the last) fit that queries find. */
static void test_random_blind_allocations_are_first_fit(void **state)
{
    uint32_t live[64];
    int nlive = 0;

    (void)state;
    for (int op = 0; op < 1500; op++) {
        if (nlive < 64 && (nlive == 0 || rnd(100) < 55)) {
            uint32_t size = rnd(4) == 0 ? (1 + rnd(16)) * GRAN : (1 + rnd(16)) * PAGE;
            bool top = rnd(4) == 0;
            uint32_t expect = top ? highest_fit_by_query(size, vm_max_address())
                                  : first_fit_by_query(size, vm_max_address());
            uint32_t got;

            assert_int_equal(alloc_at(0, size, MEM_RESERVE | (top ? MEM_TOP_DOWN : 0),
                                      PAGE_NOACCESS, &got, NULL),
                             STATUS_SUCCESS);
            assert_int_equal(got, expect);
            live[nlive++] = got;
        } else {
            int i = (int)rnd((uint32_t)nlive);
            uint32_t b = live[i];
            /* Sometimes release only the first page: the rest stays
             * allocated under its own base. */
            if (rnd(4) == 0 && query(b).RegionSize > PAGE) {
                assert_int_equal(free_at(b, PAGE, MEM_RELEASE, NULL, NULL), STATUS_SUCCESS);
                live[i] = b + PAGE;
            } else {
                release(b);
                live[i] = live[--nlive];
            }
        }
    }
    while (nlive)
        release(live[--nlive]);
}

/* Threads allocating, filling, checking and freeing at once: no two
 * allocations overlap and no thread sees another's bytes. */
static void *thread_worker(void *arg)
{
    uint8_t tag = (uint8_t)(uintptr_t)arg;
    bool ok = true;

    for (int i = 0; i < 400 && ok; i++) {
        uint32_t size = (1 + (uint32_t)(i * 7 + tag) % 5) * PAGE, b = 0, s = size;
        ULONG old;

        if (vm_allocate(&b, &s, MEM_RESERVE | MEM_COMMIT | (i % 3 ? 0 : MEM_TOP_DOWN),
                        PAGE_READWRITE) != STATUS_SUCCESS)
            return (void *)0;
        ok = all_bytes(b, s, 0);
        memset(ptr(b), tag, s);
        ok = ok && vm_protect(b, s, PAGE_READONLY, &old) == STATUS_SUCCESS && old == PAGE_READWRITE;
        ok = ok && all_bytes(b, s, tag);
        ok = ok && free_at(b, 0, MEM_RELEASE, NULL, NULL) == STATUS_SUCCESS;
    }
    return (void *)(uintptr_t)ok;
}

static void test_concurrent_allocations_do_not_overlap(void **state)
{
    pthread_t threads[6];
    void *ret;

    (void)state;
    for (uintptr_t i = 0; i < 6; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, thread_worker, (void *)(i + 1)), 0);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(pthread_join(threads[i], &ret), 0);
        assert_true(ret == (void *)1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_is_idempotent_and_maps_kuser_shared_data),
        cmocka_unit_test(test_host_mappings_present_at_init_are_left_alone),
        cmocka_unit_test(test_system_block_cannot_be_allocated_freed_or_protected),
        cmocka_unit_test(test_system_page_is_writable_then_protected),
        cmocka_unit_test(test_reserve_commit_protect_decommit_release_round_trip),
        cmocka_unit_test(test_recommitted_pages_read_as_zero),
        cmocka_unit_test(test_reserve_base_rounds_down_to_64k_and_size_up_to_pages),
        cmocka_unit_test(test_reserve_commit_and_release_in_one_64k_granule),
        cmocka_unit_test(test_operations_spanning_two_allocations_fail),
        cmocka_unit_test(test_free_rounds_to_pages_and_checks_the_base),
        cmocka_unit_test(test_release_of_part_of_an_allocation_splits_it),
        cmocka_unit_test(test_blind_allocation_is_bottom_up_first_fit),
        cmocka_unit_test(test_top_down_allocation_is_the_highest_fit),
        cmocka_unit_test(test_limits_without_large_address_awareness),
        cmocka_unit_test(test_limits_with_large_address_awareness),
        cmocka_unit_test(test_query_of_free_memory_reaches_the_next_allocation),
        cmocka_unit_test(test_query_reports_runs_of_equal_state_and_protection),
        cmocka_unit_test(test_image_reservation_is_image_memory),
        cmocka_unit_test(test_protection_changes_return_the_old_value_and_are_enforced),
        cmocka_unit_test(test_valid_protections_for_private_memory),
        cmocka_unit_test(test_protection_modifiers),
        cmocka_unit_test(test_guard_page_is_inaccessible_until_cleared),
        cmocka_unit_test(test_mem_reset_keeps_the_pages_committed),
        cmocka_unit_test(test_bad_allocation_parameters),
        cmocka_unit_test(test_bad_free_and_protect_parameters),
        cmocka_unit_test(test_services_check_handles_and_pointers),
        cmocka_unit_test(test_zero_bits_limit_blind_allocations),
        cmocka_unit_test(test_system_basic_information_is_the_32_bit_view),
        cmocka_unit_test(test_system_performance_information_has_the_memory_counters),
        cmocka_unit_test(test_flush_process_write_buffers_succeeds),
        cmocka_unit_test(test_random_operations_match_the_page_model),
        cmocka_unit_test(test_random_blind_allocations_are_first_fit),
        cmocka_unit_test(test_concurrent_allocations_do_not_overlap),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
