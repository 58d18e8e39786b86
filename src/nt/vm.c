/* The guest address-space manager: the low 4 GiB of the host process is
 * reserved at start-up and carved into Windows-style allocations (64 KiB
 * granular reservations, per-page commit and protection), with the rules
 * NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory and
 * NtQueryVirtualMemory follow for a 32-bit process.
 *
 * Bookkeeping: a sorted array of allocations (binary search) and one state
 * byte per guest page. Host side: reserved pages are PROT_NONE in our
 * MAP_NORESERVE reservation, committed pages are mprotect()ed to their
 * protection, decommitted and released pages are replaced by fresh
 * PROT_NONE anonymous memory so that a later commit reads as zeros. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "nt.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* winnt.h values not in nt.h's list. */
#define PAGE_WRITECOMBINE 0x400
#define MEM_WRITE_WATCH 0x00200000
#define MEM_PHYSICAL 0x00400000
#define MEM_RESET_UNDO 0x01000000
#define MEM_LARGE_PAGES 0x20000000

#define PAGE_SHIFT 12
#define GUEST_TOP 0x100000000ull /* end of the guest range, exclusive */
#define SYSTEM_BLOCK_END (KUSER_SHARED_DATA_ADDRESS + GUEST_GRANULARITY)
#define NGRANULES (GUEST_TOP / GUEST_GRANULARITY)

/* Page state byte: commit bit, protection modifiers, and the index
 * (1..8) of the base protection in prot_values. Reserved and free pages
 * are 0. */
#define PS_COMMIT 0x80
#define PS_GUARD 0x40
#define PS_NOCACHE 0x20
#define PS_WRITECOMBINE 0x10
#define PS_PROT 0x0f

enum region_kind {
    KIND_GUEST,  /* NtAllocateVirtualMemory or loader allocation */
    KIND_SYSTEM, /* the KUSER_SHARED_DATA block: never the guest's to change */
    KIND_HOST,   /* host mapping that was there before vm_init */
};

struct region {
    uint32_t base;
    uint32_t size;
    ULONG alloc_protect;
    ULONG type;
    enum region_kind kind;
};

static const ULONG prot_values[9] = {
    0, PAGE_NOACCESS, PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY,
    PAGE_EXECUTE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY,
};

static pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;
static bool vm_ready;
static uint32_t vm_limit = GUEST_MAX_ADDRESS;
static uint8_t page_state[GUEST_TOP >> PAGE_SHIFT];
static struct region *regions;
static size_t nregions, regions_cap;
/* Bit g set: the first page of 64 KiB granule g is free, so an allocation
 * may start there. Bottom-up searches scan this by words instead of
 * walking the regions, and start at first_free (no bit below is set). */
static uint64_t granule_free[NGRANULES / 64];
static uint64_t first_free = NGRANULES;

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
static uint64_t region_end(const struct region *r) { return (uint64_t)r->base + r->size; }
static uint8_t *state_of(uint64_t addr) { return &page_state[addr >> PAGE_SHIFT]; }
static void *host_ptr(uint64_t addr) { return (void *)(uintptr_t)addr; }

static void set_state(uint64_t start, uint64_t end, uint8_t st)
{
    memset(state_of(start), st, (size_t)((end - start) >> PAGE_SHIFT));
}

/* Marks the granules whose first page lies in [start, end) free or taken. */
static void mark_granules(uint64_t start, uint64_t end, bool is_free)
{
    uint64_t g = align_up(start, GUEST_GRANULARITY) / GUEST_GRANULARITY;

    for (; g * GUEST_GRANULARITY < end; g++) {
        if (is_free)
            granule_free[g / 64] |= 1ull << (g % 64);
        else
            granule_free[g / 64] &= ~(1ull << (g % 64));
    }
    if (is_free && align_up(start, GUEST_GRANULARITY) / GUEST_GRANULARITY < first_free)
        first_free = align_up(start, GUEST_GRANULARITY) / GUEST_GRANULARITY;
}

/* The first granule at or after g whose first page is free; NGRANULES if none. */
static uint64_t next_free_granule(uint64_t g)
{
    while (g < NGRANULES) {
        uint64_t w = granule_free[g / 64] & (~0ull << (g % 64));
        if (w)
            return (g & ~63ull) + (uint64_t)__builtin_ctzll(w);
        g = (g & ~63ull) + 64;
    }
    return NGRANULES;
}

/* Index of the first region ending above addr (regions are sorted and
 * disjoint); nregions when there is none. */
static size_t region_lower_bound(uint64_t addr)
{
    size_t lo = 0, hi = nregions;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (region_end(&regions[mid]) <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct region *region_at(uint64_t addr)
{
    size_t i = region_lower_bound(addr);

    return i < nregions && regions[i].base <= addr ? &regions[i] : NULL;
}

static bool range_is_free(uint64_t start, uint64_t end)
{
    size_t i = region_lower_bound(start);

    return i == nregions || regions[i].base >= end;
}

/* Makes room for n more regions, so that later steps cannot fail. */
static bool regions_reserve(size_t n)
{
    struct region *p;
    size_t cap;

    if (nregions + n <= regions_cap)
        return true;
    cap = regions_cap ? regions_cap * 2 : 64;
    while (cap < nregions + n)
        cap *= 2;
    p = realloc(regions, cap * sizeof *p);
    if (!p)
        return false;
    regions = p;
    regions_cap = cap;
    return true;
}

/* Inserts r, whose range must be free; capacity must have been reserved. */
static void region_insert(const struct region *r)
{
    size_t i = region_lower_bound(r->base);

    memmove(&regions[i + 1], &regions[i], (nregions - i) * sizeof *regions);
    regions[i] = *r;
    nregions++;
    mark_granules(r->base, region_end(r), false);
}

static void region_remove(struct region *r)
{
    size_t i = (size_t)(r - regions);

    memmove(&regions[i], &regions[i + 1], (nregions - i - 1) * sizeof *regions);
    nregions--;
}

/* The page state for a protection value, or 0 when Windows rejects the
 * value (STATUS_INVALID_PAGE_PROTECTION): exactly one base protection, and
 * only the modifier combinations winnt.h documents. */
static uint8_t prot_encode(ULONG prot)
{
    ULONG base = prot & 0xff, mods = prot & ~0xffu;
    uint8_t st;

    if (!base || (base & (base - 1)))
        return 0;
    if (mods & ~(ULONG)(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE))
        return 0;
    if (mods && base == PAGE_NOACCESS)
        return 0;
    if ((mods & PAGE_NOCACHE) && (mods & (PAGE_GUARD | PAGE_WRITECOMBINE)))
        return 0;
    if ((mods & PAGE_WRITECOMBINE) && (mods & PAGE_GUARD))
        return 0;
    st = (uint8_t)(__builtin_ctz(base) + 1);
    if (mods & PAGE_GUARD)
        st |= PS_GUARD;
    if (mods & PAGE_NOCACHE)
        st |= PS_NOCACHE;
    if (mods & PAGE_WRITECOMBINE)
        st |= PS_WRITECOMBINE;
    return st;
}

/* The Protect value Windows reports for a page: 0 when not committed. */
static ULONG prot_decode(uint8_t st)
{
    ULONG prot;

    if (!(st & PS_COMMIT))
        return 0;
    prot = prot_values[st & PS_PROT];
    if (st & PS_GUARD)
        prot |= PAGE_GUARD;
    if (st & PS_NOCACHE)
        prot |= PAGE_NOCACHE;
    if (st & PS_WRITECOMBINE)
        prot |= PAGE_WRITECOMBINE;
    return prot;
}

static bool prot_is_writecopy(uint8_t st)
{
    ULONG p = prot_values[st & PS_PROT];

    return p == PAGE_WRITECOPY || p == PAGE_EXECUTE_WRITECOPY;
}

/* Host protection of a page. Our copy of an image is private, so
 * copy-on-write is plain read/write; x86 cannot map execute-only, so
 * PAGE_EXECUTE is readable. Guard pages trap on any access until the
 * exception path calls vm_clear_guard. */
static int host_prot(uint8_t st)
{
    if (!(st & PS_COMMIT) || (st & PS_GUARD))
        return PROT_NONE;
    switch (prot_values[st & PS_PROT]) {
    case PAGE_READONLY:
        return PROT_READ;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
        return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
        return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:
        return PROT_NONE;
    }
}

static bool host_protect(uint64_t start, uint64_t end, int prot)
{
    return end == start || mprotect(host_ptr(start), (size_t)(end - start), prot) == 0;
}

/* Drops the pages' contents: fresh anonymous PROT_NONE memory in place. */
static bool host_drop(uint64_t start, uint64_t end)
{
    void *p = mmap(host_ptr(start), (size_t)(end - start), PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);

    return p != MAP_FAILED;
}

/* --- Start-up ---------------------------------------------------------- */

/* Finds the first host mapping in /proc/self/maps that ends above from and
 * starts below GUEST_TOP. 1 found, 0 none, -1 error. Plain read() into a
 * stack buffer: no allocation while the guest range is half reserved. */
static int next_host_mapping(uint64_t from, uint64_t *start, uint64_t *end)
{
    char buf[4096];
    uint64_t lo = 0, hi = 0;
    int field = 0, fd, found = 0; /* field 0: start, 1: end, 2: rest of line */
    ssize_t n;

    fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (!found && (n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n && !found; i++) {
            char c = buf[i];
            if (c == '\n') {
                if (field == 2 && hi > from && lo < GUEST_TOP) {
                    *start = lo;
                    *end = hi;
                    found = 1;
                } else if (field == 2 && lo >= GUEST_TOP) {
                    break;
                }
                lo = hi = 0;
                field = 0;
            } else if (field < 2) {
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (d >= 0 && field == 0)
                    lo = lo << 4 | (uint64_t)d;
                else if (d >= 0)
                    hi = hi << 4 | (uint64_t)d;
                else
                    field++;
            }
        }
        if (!found && lo >= GUEST_TOP && field == 2)
            break;
    }
    close(fd);
    return n < 0 ? -1 : found;
}

/* Reserves every part of [GUEST_MIN_ADDRESS, 4 GiB) the host does not
 * already use; ranges it uses are recorded as unavailable. */
struct vm_host_hole vm_host_holes[VM_MAX_HOST_HOLES];
unsigned vm_host_nholes;

static int reserve_guest_space(void)
{
    uint64_t cursor = GUEST_MIN_ADDRESS;
    int retries = 0;

    while (cursor < GUEST_TOP) {
        uint64_t hs = 0, he = 0, gap_end;
        int found = next_host_mapping(cursor, &hs, &he);

        if (found < 0)
            return -1;
        gap_end = !found ? GUEST_TOP : hs > cursor ? hs : cursor;
        if (gap_end > cursor) {
            void *want = host_ptr(cursor);
            int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE;
            void *p = mmap(want, (size_t)(gap_end - cursor), PROT_NONE, flags, -1, 0);
            if (p != want) {
                /* Another thread mapped something meanwhile (EEXIST), or a
                 * pre-4.17 kernel took the flag as a hint: look again. */
                if (p != MAP_FAILED)
                    munmap(p, (size_t)(gap_end - cursor));
                else if (errno != EEXIST)
                    return -1;
                if (++retries > 64)
                    return -1;
                continue;
            }
            cursor = gap_end;
        }
        if (found) {
            struct region r = { (uint32_t)cursor, 0, PAGE_NOACCESS, MEM_PRIVATE, KIND_HOST };
            uint64_t e = he < GUEST_TOP ? he : GUEST_TOP;

            if (vm_host_nholes < VM_MAX_HOST_HOLES)
                vm_host_holes[vm_host_nholes++] = (struct vm_host_hole){ cursor, e };
            else
                vm_host_holes[VM_MAX_HOST_HOLES - 1].end = GUEST_TOP;

            r.size = (uint32_t)(e - cursor);
            if (!regions_reserve(1))
                return -1;
            region_insert(&r);
            cursor = e;
        }
    }
    return 0;
}

/* The KUSER_SHARED_DATA block: the first page committed read-only and
 * zero-filled, the rest reserved for the CPU module's transition page. */
static int map_system_block(void)
{
    struct region r = { KUSER_SHARED_DATA_ADDRESS, GUEST_GRANULARITY, PAGE_READONLY,
                        MEM_PRIVATE, KIND_SYSTEM };

    if (!range_is_free(r.base, region_end(&r)) || !regions_reserve(1))
        return -1;
    if (!host_protect(r.base, r.base + GUEST_PAGE_SIZE, PROT_READ))
        return -1;
    region_insert(&r);
    *state_of(r.base) = PS_COMMIT | prot_encode(PAGE_READONLY);
    return 0;
}

/* Reserves the guest's 4 GiB in the host; idempotent. 0 on success. */
int vm_init(void)
{
    int ret = 0;

    pthread_mutex_lock(&vm_lock);
    if (!vm_ready) {
        nregions = 0;
        memset(granule_free, 0xff, sizeof granule_free);
        first_free = GUEST_MIN_ADDRESS / GUEST_GRANULARITY;
        mark_granules(0, GUEST_MIN_ADDRESS, false);
        ret = reserve_guest_space();
        if (ret == 0)
            ret = map_system_block();
        __atomic_store_n(&vm_ready, ret == 0, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&vm_lock);
    return ret;
}

static bool ensure_init(void)
{
    return __atomic_load_n(&vm_ready, __ATOMIC_ACQUIRE) || vm_init() == 0;
}

/* Selects the 2 GiB user space, or 4 GiB for a large-address-aware exe. */
void vm_set_large_address_aware(bool laa)
{
    __atomic_store_n(&vm_limit, laa ? GUEST_MAX_ADDRESS_LAA : GUEST_MAX_ADDRESS, __ATOMIC_RELAXED);
}

/* Highest guest user address (0x7FFEFFFF or 0xFFFEFFFF). */
uint32_t vm_max_address(void)
{
    return __atomic_load_n(&vm_limit, __ATOMIC_RELAXED);
}

/* --- Placement --------------------------------------------------------- */

/* Lowest 64 KiB aligned start of size free bytes ending at or below highest. */
static bool find_bottom_up(uint64_t size, uint64_t highest, uint64_t *out)
{
    uint64_t g = first_free = next_free_granule(first_free);

    for (; g < NGRANULES; g = next_free_granule(g)) {
        uint64_t cand = g * GUEST_GRANULARITY;
        size_t i = region_lower_bound(cand);

        if (cand + size - 1 > highest)
            break;
        if (i == nregions || regions[i].base >= cand + size) {
            *out = cand;
            return true;
        }
        /* Too small a gap: go on past the region that ends it. */
        g = align_up(region_end(&regions[i]), GUEST_GRANULARITY) / GUEST_GRANULARITY;
    }
    return false;
}

/* Highest 64 KiB aligned start of size free bytes ending at or below highest. */
static bool find_top_down(uint64_t size, uint64_t highest, uint64_t *out)
{
    uint64_t cand;

    if (size > highest + 1)
        return false;
    cand = align_down(highest + 1 - size, GUEST_GRANULARITY);
    while (cand >= GUEST_MIN_ADDRESS) {
        size_t i = region_lower_bound(cand);

        if (i < nregions && regions[i].base < cand + size) {
            if (regions[i].base < size)
                return false;
            cand = align_down(regions[i].base - size, GUEST_GRANULARITY);
            continue;
        }
        *out = cand;
        return true;
    }
    return false;
}

/* --- NtAllocateVirtualMemory ------------------------------------------- */

/* AllocationType checks in Windows' order (ZwAllocateVirtualMemory tests
 * that pass on Windows: unknown bits, no base operation, MEM_RESET or
 * MEM_RESET_UNDO not alone, ...: STATUS_INVALID_PARAMETER_5). */
static NTSTATUS check_alloc_type(ULONG type)
{
    const ULONG known = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO | MEM_TOP_DOWN |
                        MEM_WRITE_WATCH | MEM_PHYSICAL | MEM_LARGE_PAGES;
    const ULONG reset = MEM_RESET | MEM_RESET_UNDO;

    if (type & ~known)
        return STATUS_INVALID_PARAMETER_5;
    if (!(type & (MEM_COMMIT | MEM_RESERVE | reset)))
        return STATUS_INVALID_PARAMETER_5;
    if ((type & reset) && type != MEM_RESET && type != MEM_RESET_UNDO)
        return STATUS_INVALID_PARAMETER_5;
    if ((type & MEM_LARGE_PAGES) &&
        (!(type & MEM_COMMIT) || (type & (MEM_PHYSICAL | MEM_WRITE_WATCH))))
        return STATUS_INVALID_PARAMETER_5;
    if ((type & MEM_WRITE_WATCH) && (!(type & MEM_RESERVE) || (type & MEM_PHYSICAL)))
        return STATUS_INVALID_PARAMETER_5;
    if ((type & MEM_PHYSICAL) && (!(type & MEM_RESERVE) ||
                                  (type & ~(ULONG)(MEM_RESERVE | MEM_TOP_DOWN | MEM_PHYSICAL))))
        return STATUS_INVALID_PARAMETER_5;
    return STATUS_SUCCESS;
}

/* A new private allocation: at base rounded down to 64 KiB, or (base 0)
 * wherever it fits below highest. */
static NTSTATUS reserve_new(uint64_t *base, uint64_t *size, uint64_t highest, ULONG type,
                            ULONG protect, uint8_t pst)
{
    struct region r = { 0, 0, protect, MEM_PRIVATE, KIND_GUEST };
    uint64_t start, end;
    uint8_t st = (type & MEM_COMMIT) ? PS_COMMIT | pst : 0;

    /* Copy-on-write needs a section behind it. */
    if (prot_is_writecopy(pst))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!*base) {
        uint64_t len = align_up(*size, GUEST_PAGE_SIZE);
        bool ok = (type & MEM_TOP_DOWN) ? find_top_down(len, highest, &start)
                                        : find_bottom_up(len, highest, &start);
        if (!ok)
            return STATUS_NO_MEMORY;
        end = start + len;
    } else {
        start = align_down(*base, GUEST_GRANULARITY);
        end = align_up(*base + *size, GUEST_PAGE_SIZE);
        if (!range_is_free(start, end))
            return STATUS_CONFLICTING_ADDRESSES;
    }
    if (!regions_reserve(1) || !host_protect(start, end, host_prot(st)))
        return STATUS_NO_MEMORY;
    r.base = (uint32_t)start;
    r.size = (uint32_t)(end - start);
    region_insert(&r);
    set_state(start, end, st);
    *base = start;
    *size = end - start;
    return STATUS_SUCCESS;
}

/* MEM_COMMIT inside an existing private allocation. Pages already
 * committed keep their contents and take the new protection. */
static NTSTATUS commit_range(uint64_t *base, uint64_t *size, uint8_t pst)
{
    uint64_t start = align_down(*base, GUEST_PAGE_SIZE);
    uint64_t end = align_up(*base + *size, GUEST_PAGE_SIZE);
    struct region *r = region_at(start);

    if (!r || end > region_end(r) || r->kind != KIND_GUEST || r->type != MEM_PRIVATE)
        return STATUS_CONFLICTING_ADDRESSES;
    if (prot_is_writecopy(pst))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!host_protect(start, end, host_prot(PS_COMMIT | pst)))
        return STATUS_NO_MEMORY;
    set_state(start, end, PS_COMMIT | pst);
    *base = start;
    *size = end - start;
    return STATUS_SUCCESS;
}

/* MEM_RESET says the contents may be discarded, not that they must be:
 * keeping them is correct for private memory, and keeps MEM_RESET_UNDO
 * trivially successful. Only the range is checked. */
static NTSTATUS reset_range(uint64_t *base, uint64_t *size)
{
    uint64_t start = align_down(*base, GUEST_PAGE_SIZE);
    uint64_t end = align_up(*base + *size, GUEST_PAGE_SIZE);
    struct region *r = region_at(start);

    if (!r || end > region_end(r) || r->kind != KIND_GUEST)
        return STATUS_CONFLICTING_ADDRESSES;
    *base = start;
    *size = end - start;
    return STATUS_SUCCESS;
}

/* NtAllocateVirtualMemory for a 32-bit caller, with the blind placement
 * limited to addresses <= highest (from ZeroBits). base and size are the
 * caller's in/out values; NULL gives STATUS_ACCESS_VIOLATION. */
NTSTATUS vm_allocate_below(uint32_t *base_ptr, uint32_t *size_ptr, uint32_t highest, ULONG type,
                           ULONG protect)
{
    uint64_t base, size, max = vm_max_address();
    NTSTATUS status;
    uint8_t pst;

    if ((status = check_alloc_type(type)))
        return status;
    if (!(pst = prot_encode(protect)))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!base_ptr || !size_ptr)
        return STATUS_ACCESS_VIOLATION;
    base = *base_ptr;
    size = *size_ptr;
    if (base > max || (base && base < GUEST_MIN_ADDRESS))
        return STATUS_INVALID_PARAMETER_2;
    if (max + 1 - base < size || !size)
        return STATUS_INVALID_PARAMETER_4;
    if (type & (MEM_WRITE_WATCH | MEM_PHYSICAL | MEM_LARGE_PAGES)) {
        log_fixme("ntdll", "NtAllocateVirtualMemory", "type %#x (write watch, AWE, large pages)",
                  type);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (!ensure_init())
        return STATUS_NO_MEMORY;
    if (highest > max)
        highest = (uint32_t)max;

    pthread_mutex_lock(&vm_lock);
    if (type & (MEM_RESET | MEM_RESET_UNDO))
        status = reset_range(&base, &size);
    else if (!base || (type & MEM_RESERVE))
        status = reserve_new(&base, &size, highest, type, protect, pst);
    else
        status = commit_range(&base, &size, pst);
    pthread_mutex_unlock(&vm_lock);

    if (NT_SUCCESS(status)) {
        *base_ptr = (uint32_t)base;
        *size_ptr = (uint32_t)size;
    }
    return status;
}

/* NtAllocateVirtualMemory for a 32-bit caller without ZeroBits. */
NTSTATUS vm_allocate(uint32_t *base, uint32_t *size, ULONG type, ULONG protect)
{
    return vm_allocate_below(base, size, UINT32_MAX, type, protect);
}

/* Reserves exactly [base, base+size) for an image or system use, committed
 * read/write in the host so the loader can copy sections in. */
NTSTATUS vm_reserve_fixed(uint32_t base, uint32_t size, ULONG type)
{
    struct region r = { base, 0, PAGE_READWRITE, type, KIND_GUEST };
    uint8_t st = PS_COMMIT | prot_encode(PAGE_READWRITE);
    uint64_t end = align_up((uint64_t)base + size, GUEST_PAGE_SIZE);
    NTSTATUS status = STATUS_SUCCESS;

    if ((type != MEM_IMAGE && type != MEM_PRIVATE && type != MEM_MAPPED) || !size ||
        base % GUEST_PAGE_SIZE)
        return STATUS_INVALID_PARAMETER;
    if (base < GUEST_MIN_ADDRESS || end - 1 > vm_max_address())
        return STATUS_CONFLICTING_ADDRESSES;
    if (!ensure_init())
        return STATUS_NO_MEMORY;
    /* Windows reports image views as allocated PAGE_EXECUTE_WRITECOPY. */
    if (type == MEM_IMAGE)
        r.alloc_protect = PAGE_EXECUTE_WRITECOPY;
    r.size = (uint32_t)(end - base);

    pthread_mutex_lock(&vm_lock);
    if (!range_is_free(base, end))
        status = STATUS_CONFLICTING_ADDRESSES;
    else if (!regions_reserve(1) || !host_protect(base, end, host_prot(st)))
        status = STATUS_NO_MEMORY;
    else {
        region_insert(&r);
        set_state(base, end, st);
    }
    pthread_mutex_unlock(&vm_lock);
    return status;
}

/* --- NtFreeVirtualMemory ----------------------------------------------- */

/* Releases [start, end) of r: the whole allocation, or a part of it,
 * which splits it as Windows splits the VAD (the rest keeps its own
 * AllocationBase). Capacity for one more region must be reserved. */
static void release_range(struct region *r, uint64_t start, uint64_t end)
{
    uint64_t rend = region_end(r);

    if (start == r->base && end == rend) {
        region_remove(r);
    } else if (start == r->base) {
        r->base = (uint32_t)end;
        r->size = (uint32_t)(rend - end);
    } else if (end == rend) {
        r->size = (uint32_t)(start - r->base);
    } else {
        struct region tail = *r;

        tail.base = (uint32_t)end;
        tail.size = (uint32_t)(rend - end);
        r->size = (uint32_t)(start - r->base);
        region_insert(&tail);
    }
    set_state(start, end, 0);
    mark_granules(start, end, true);
}

/* NtFreeVirtualMemory for a 32-bit caller: MEM_DECOMMIT or MEM_RELEASE of
 * [page of base, base+size) inside one private allocation; size 0 means
 * the whole allocation and then base must be its base. base and size are
 * in/out; NULL gives STATUS_ACCESS_VIOLATION. */
NTSTATUS vm_free(uint32_t *base_ptr, uint32_t *size_ptr, ULONG type)
{
    uint64_t base, size, start, end, max = vm_max_address();
    NTSTATUS status = STATUS_SUCCESS;
    struct region *r;

    if (type != MEM_DECOMMIT && type != MEM_RELEASE)
        return STATUS_INVALID_PARAMETER_4;
    if (!base_ptr || !size_ptr)
        return STATUS_ACCESS_VIOLATION;
    base = *base_ptr;
    size = *size_ptr;
    if (base > max)
        return STATUS_INVALID_PARAMETER_2;
    if (max + 1 - base < size)
        return STATUS_INVALID_PARAMETER_3;
    if (!ensure_init())
        return STATUS_NO_MEMORY;
    start = align_down(base, GUEST_PAGE_SIZE);
    end = align_up(base + size, GUEST_PAGE_SIZE);

    pthread_mutex_lock(&vm_lock);
    /* Room for a split first: growing the array moves the regions. */
    if (!regions_reserve(1))
        status = STATUS_NO_MEMORY;
    else if (!(r = region_at(start)))
        status = STATUS_MEMORY_NOT_ALLOCATED;
    else if (r->kind != KIND_GUEST || r->type != MEM_PRIVATE)
        status = STATUS_UNABLE_TO_FREE_VM;
    else if (!size && start != r->base)
        status = STATUS_FREE_VM_NOT_AT_BASE;
    else if (size && end > region_end(r))
        status = STATUS_UNABLE_TO_FREE_VM;
    else {
        if (!size)
            end = region_end(r);
        if (!host_drop(start, end))
            status = STATUS_NO_MEMORY;
        else if (type == MEM_DECOMMIT)
            set_state(start, end, 0);
        else
            release_range(r, start, end);
    }
    pthread_mutex_unlock(&vm_lock);

    if (NT_SUCCESS(status)) {
        *base_ptr = (uint32_t)start;
        /* Windows 10 1803+ answers a whole-allocation decommit with size
         * 0 (Wine's ntdll tests); a release reports the size released. */
        *size_ptr = (uint32_t)(type == MEM_DECOMMIT && !size ? 0 : end - start);
    }
    return status;
}

/* Releases the whole allocation that starts at base, whatever its type
 * (the loader's undo of vm_reserve_fixed). */
NTSTATUS vm_release(uint32_t base)
{
    NTSTATUS status = STATUS_SUCCESS;
    struct region *r;

    pthread_mutex_lock(&vm_lock);
    r = vm_ready ? region_at(base) : NULL;
    if (!r)
        status = STATUS_MEMORY_NOT_ALLOCATED;
    else if (r->base != base)
        status = STATUS_FREE_VM_NOT_AT_BASE;
    else if (r->kind != KIND_GUEST)
        status = STATUS_UNABLE_TO_FREE_VM;
    else if (!host_drop(r->base, region_end(r)))
        status = STATUS_NO_MEMORY;
    else
        release_range(r, r->base, region_end(r));
    pthread_mutex_unlock(&vm_lock);
    return status;
}

/* --- Section views ----------------------------------------------------- */

NTSTATUS vm_map_view(uint32_t *base_ptr, uint32_t *size_ptr, uint32_t highest, bool top_down,
                     ULONG protect, int fd, uint64_t offset)
{
    struct region r = { 0, 0, protect, MEM_MAPPED, KIND_GUEST };
    uint64_t start = *base_ptr, len = align_up(*size_ptr, GUEST_PAGE_SIZE), max = vm_max_address();
    NTSTATUS status = STATUS_SUCCESS;
    uint8_t pst = prot_encode(protect), st;
    int flags = MAP_FIXED;
    void *p;

    if (!pst || (protect & ~0xffu))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!len || start % GUEST_GRANULARITY)
        return STATUS_INVALID_PARAMETER;
    if (!ensure_init())
        return STATUS_NO_MEMORY;
    if (highest > max)
        highest = (uint32_t)max;
    st = PS_COMMIT | pst;
    /* Copy-on-write views are private copies; every other view shares the
     * pages with the file (or the memfd) and so with the other views. */
    flags |= prot_is_writecopy(pst) ? MAP_PRIVATE : MAP_SHARED;

    pthread_mutex_lock(&vm_lock);
    if (start) {
        if (start < GUEST_MIN_ADDRESS || start + len - 1 > max || !range_is_free(start, start + len))
            status = STATUS_CONFLICTING_ADDRESSES;
    } else if (!(top_down ? find_top_down(len, highest, &start) : find_bottom_up(len, highest, &start))) {
        status = STATUS_NO_MEMORY;
    }
    if (status == STATUS_SUCCESS && !regions_reserve(1))
        status = STATUS_NO_MEMORY;
    if (status == STATUS_SUCCESS) {
        p = mmap(host_ptr(start), (size_t)len, host_prot(st), flags, fd, (off_t)offset);
        if (p == MAP_FAILED) {
            /* (vm.c stands alone in its unit test, without status.c.) */
            status = errno == EACCES || errno == EPERM ? STATUS_ACCESS_DENIED
                     : errno == ENOMEM                 ? STATUS_NO_MEMORY
                                                       : STATUS_INVALID_PARAMETER;
            /* A failed MAP_FIXED may have dropped the reservation. */
            host_drop(start, start + len);
        } else {
            r.base = (uint32_t)start;
            r.size = (uint32_t)len;
            region_insert(&r);
            set_state(start, start + len, st);
        }
    }
    pthread_mutex_unlock(&vm_lock);
    if (status == STATUS_SUCCESS) {
        *base_ptr = (uint32_t)start;
        *size_ptr = (uint32_t)len;
    }
    return status;
}

NTSTATUS vm_unmap_view(uint32_t addr)
{
    NTSTATUS status = STATUS_SUCCESS;
    struct region *r;

    pthread_mutex_lock(&vm_lock);
    r = vm_ready ? region_at(addr) : NULL;
    if (!r || r->kind != KIND_GUEST || r->type != MEM_MAPPED)
        status = STATUS_NOT_MAPPED_VIEW;
    else if (!host_drop(r->base, region_end(r)))
        status = STATUS_NO_MEMORY;
    else
        release_range(r, r->base, region_end(r));
    pthread_mutex_unlock(&vm_lock);
    return status;
}

NTSTATUS vm_find_view(uint32_t addr, uint32_t *base, uint32_t *size)
{
    NTSTATUS status = STATUS_SUCCESS;
    struct region *r;

    pthread_mutex_lock(&vm_lock);
    r = vm_ready ? region_at(addr) : NULL;
    if (!r || r->kind == KIND_HOST)
        status = STATUS_INVALID_PARAMETER;
    else if (r->kind != KIND_GUEST || r->type != MEM_MAPPED)
        status = STATUS_NOT_MAPPED_DATA;
    else {
        *base = r->base;
        *size = r->size;
    }
    pthread_mutex_unlock(&vm_lock);
    return status;
}

/* --- NtProtectVirtualMemory -------------------------------------------- */

/* NtProtectVirtualMemory for a 32-bit caller: [page of base, base+size)
 * must be committed and inside one allocation; *old (may be NULL) gets the
 * first page's protection. */
NTSTATUS vm_protect(uint32_t base, uint32_t size, ULONG protect, ULONG *old)
{
    uint64_t start, end, max = vm_max_address();
    NTSTATUS status = STATUS_SUCCESS;
    struct region *r;
    uint8_t pst = prot_encode(protect), first;

    if (!pst)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (base > max)
        return STATUS_INVALID_PARAMETER_2;
    if (max + 1 - base < size)
        return STATUS_INVALID_PARAMETER_3;
    if (!ensure_init())
        return STATUS_NO_MEMORY;
    start = align_down(base, GUEST_PAGE_SIZE);
    end = align_up((uint64_t)base + size, GUEST_PAGE_SIZE);

    pthread_mutex_lock(&vm_lock);
    r = region_at(start);
    first = *state_of(start);
    if (!r || end > region_end(r) || r->kind == KIND_HOST)
        status = STATUS_CONFLICTING_ADDRESSES;
    else if (r->kind == KIND_SYSTEM)
        status = STATUS_INVALID_PAGE_PROTECTION;
    else if (prot_is_writecopy(pst) && r->type == MEM_PRIVATE)
        status = STATUS_INVALID_PAGE_PROTECTION;
    /* Reserved pages have state 0 and committed ones never do. */
    else if (!(first & PS_COMMIT) ||
             memchr(state_of(start), 0, (size_t)((end - start) >> PAGE_SHIFT)))
        status = STATUS_NOT_COMMITTED;
    else if (!host_protect(start, end, host_prot(PS_COMMIT | pst)))
        status = STATUS_NO_MEMORY;
    else
        set_state(start, end, PS_COMMIT | pst);
    pthread_mutex_unlock(&vm_lock);

    if (NT_SUCCESS(status) && old)
        *old = prot_decode(first);
    return status;
}

/* Clears the guard bit of the page at addr and gives the page its
 * protection back; true when it was a guard page (STATUS_GUARD_PAGE_VIOLATION
 * is then the guest's exception). */
bool vm_clear_guard(uint32_t addr)
{
    uint8_t *st = state_of(addr);
    uint64_t page = align_down(addr, GUEST_PAGE_SIZE);
    bool was_guard = false;

    pthread_mutex_lock(&vm_lock);
    if ((*st & PS_COMMIT) && (*st & PS_GUARD) &&
        host_protect(page, page + GUEST_PAGE_SIZE, host_prot(*st & ~PS_GUARD))) {
        *st &= ~PS_GUARD;
        was_guard = true;
    }
    pthread_mutex_unlock(&vm_lock);
    return was_guard;
}

/* --- Thread stacks ------------------------------------------------------ */

#define STACK_DEFAULT_RESERVE 0x100000u

/* A thread stack: reservation, committed top, guard page below it. */
NTSTATUS vm_alloc_stack(uint32_t reserve, uint32_t commit, uint32_t *dealloc, uint32_t *base,
                        uint32_t *limit)
{
    uint8_t rw = prot_encode(PAGE_READWRITE);
    uint64_t start = 0, size, top, low;
    uint64_t committed = align_up(commit ? commit : 1, GUEST_PAGE_SIZE);
    NTSTATUS status;

    if (!ensure_init())
        return STATUS_NO_MEMORY;
    size = align_up(reserve ? reserve : STACK_DEFAULT_RESERVE, GUEST_GRANULARITY);
    /* The committed part, its guard page and the bottom page that is
     * never committed must fit: a bigger commit makes a bigger stack. */
    if (committed + 2 * GUEST_PAGE_SIZE > size)
        size = align_up(committed + 2 * GUEST_PAGE_SIZE, GUEST_GRANULARITY);
    if (size > vm_max_address())
        return STATUS_NO_MEMORY;

    pthread_mutex_lock(&vm_lock);
    status = reserve_new(&start, &size, vm_max_address(), MEM_RESERVE, PAGE_READWRITE, rw);
    if (status == STATUS_SUCCESS) {
        top = start + size;
        low = top - committed;
        if (host_protect(low, top, host_prot(PS_COMMIT | rw))) {
            set_state(low, top, PS_COMMIT | rw);
            /* A guard page is PROT_NONE in the host, as reserved pages are. */
            set_state(low - GUEST_PAGE_SIZE, low, PS_COMMIT | PS_GUARD | rw);
            *dealloc = (uint32_t)start;
            *base = (uint32_t)top;
            *limit = (uint32_t)low;
        } else {
            host_drop(start, top);
            release_range(region_at(start), start, top);
            status = STATUS_NO_MEMORY;
        }
    }
    pthread_mutex_unlock(&vm_lock);
    return status;
}

/* An access to a guard page: one-shot clear, and stack growth. */
enum vm_guard_result vm_guard_fault(uint32_t addr, uint32_t dealloc, uint32_t base,
                                    uint32_t *limit)
{
    uint64_t page = align_down(addr, GUEST_PAGE_SIZE), below = page - GUEST_PAGE_SIZE;
    enum vm_guard_result res = VM_GUARD_NONE;
    uint8_t *st = state_of(page);

    if (!__atomic_load_n(&vm_ready, __ATOMIC_ACQUIRE))
        return VM_GUARD_NONE;
    pthread_mutex_lock(&vm_lock);
    if ((*st & (PS_COMMIT | PS_GUARD)) == (PS_COMMIT | PS_GUARD) &&
        host_protect(page, page + GUEST_PAGE_SIZE, host_prot(*st & ~PS_GUARD))) {
        /* Guard pages are one-shot, as on Windows. */
        *st &= ~PS_GUARD;
        res = VM_GUARD_CLEARED;
        if (page >= dealloc && page < base) {
            const struct region *r = region_at(page);

            *limit = (uint32_t)page;
            /* The bounds come from the guest's TEB: never grow out of the
             * allocation that holds the guard page. */
            if (below >= (uint64_t)dealloc + GUEST_PAGE_SIZE && r && below >= r->base) {
                uint8_t *bst = state_of(below);

                /* A page the program committed itself keeps its state. */
                if (!(*bst & PS_COMMIT))
                    *bst = PS_COMMIT | PS_GUARD | (*st & PS_PROT);
                res = VM_GUARD_STACK_GROWN;
            } else {
                res = VM_GUARD_STACK_OVERFLOW;
            }
        }
    }
    pthread_mutex_unlock(&vm_lock);
    return res;
}

/* --- The system block -------------------------------------------------- */

/* Commits the page at addr inside the KUSER_SHARED_DATA block read/write/
 * execute for host code to fill; NULL outside the block. */
uint8_t *vm_system_page(uint32_t addr)
{
    uint64_t page = align_down(addr, GUEST_PAGE_SIZE);
    uint8_t st = PS_COMMIT | prot_encode(PAGE_EXECUTE_READWRITE);
    uint8_t *ret = NULL;

    if (page < KUSER_SHARED_DATA_ADDRESS || page >= SYSTEM_BLOCK_END || !ensure_init())
        return NULL;
    pthread_mutex_lock(&vm_lock);
    if (host_protect(page, page + GUEST_PAGE_SIZE, host_prot(st))) {
        *state_of(page) = st;
        ret = host_ptr(page);
    }
    pthread_mutex_unlock(&vm_lock);
    return ret;
}

/* Sets the protection of a page of the system block (after filling it). */
NTSTATUS vm_protect_system_page(uint32_t addr, ULONG protect)
{
    uint64_t page = align_down(addr, GUEST_PAGE_SIZE);
    uint8_t pst = prot_encode(protect);
    NTSTATUS status = STATUS_SUCCESS;

    if (!pst)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (page < KUSER_SHARED_DATA_ADDRESS || page >= SYSTEM_BLOCK_END || !ensure_init())
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&vm_lock);
    if (!host_protect(page, page + GUEST_PAGE_SIZE, host_prot(PS_COMMIT | pst)))
        status = STATUS_NO_MEMORY;
    else
        *state_of(page) = PS_COMMIT | pst;
    pthread_mutex_unlock(&vm_lock);
    return status;
}

/* --- NtQueryVirtualMemory ---------------------------------------------- */

/* MEMORY_BASIC_INFORMATION32 for addr, filled as Windows fills it. */
NTSTATUS vm_query(uint32_t addr, MEMORY_BASIC_INFORMATION32 *info)
{
    uint64_t page = align_down(addr, GUEST_PAGE_SIZE), top = (uint64_t)vm_max_address() + 1;
    size_t i;

    if (addr >= top)
        return STATUS_INVALID_PARAMETER;
    memset(info, 0, sizeof *info);
    info->BaseAddress = (ULONG)page;

    pthread_mutex_lock(&vm_lock);
    i = region_lower_bound(page);
    if (i < nregions && regions[i].base <= page) {
        const struct region *r = &regions[i];
        uint64_t end = region_end(r), a = page + GUEST_PAGE_SIZE;
        uint8_t st = *state_of(page);

        /* The run of pages with the same state and protection. */
        while (a < end && *state_of(a) == st)
            a += GUEST_PAGE_SIZE;
        info->AllocationBase = r->base;
        info->AllocationProtect = r->alloc_protect;
        info->RegionSize = (ULONG)(a - page);
        info->State = (st & PS_COMMIT) ? MEM_COMMIT : MEM_RESERVE;
        info->Protect = prot_decode(st);
        info->Type = r->type;
    } else {
        uint64_t next = i < nregions && regions[i].base < top ? regions[i].base : top;

        info->RegionSize = (ULONG)(next - page);
        info->State = MEM_FREE;
        info->Protect = PAGE_NOACCESS;
    }
    pthread_mutex_unlock(&vm_lock);
    return STATUS_SUCCESS;
}
