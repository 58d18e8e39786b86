/* The four NT virtual-memory services as the dispatcher calls them:
 * arguments already widened, "host" pointers at the dispatcher's
 * temporaries (NULL when the guest passed NULL), "guest" pointers raw
 * guest addresses written with guest_write. The rules live in vm.c.
 * Also NtQuerySystemInformation's memory classes (what
 * GlobalMemoryStatusEx reads), from the host's /proc/meminfo, and
 * NtFlushProcessWriteBuffers (membarrier). */
#include "nt.h"
#include "log.h"
#include "../cpu/cpu.h"

#include <linux/membarrier.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* MEMORY_INFORMATION_CLASS values Windows has beyond MemoryBasicInformation. */
#define MEMORY_BASIC_INFORMATION_CLASS 0
#define MEMORY_INFORMATION_CLASS_LAST 16

/* Only our own process: cross-process memory is not supported. */
static bool is_current_process(HANDLE process)
{
    return process == NtCurrentProcess();
}

/* The highest address a blind allocation may end at, from ZeroBits as a
 * 32-bit caller passes it: 1..21 leading zero bits counted from bit 31,
 * 22..31 invalid, 32 and above a mask whose leading zeros count. */
static NTSTATUS zero_bits_limit(ULONG_PTR zero_bits, uint32_t *highest)
{
    if (!zero_bits)
        *highest = UINT32_MAX;
    else if (zero_bits <= 21)
        *highest = (uint32_t)((1ull << (32 - zero_bits)) - 1);
    else if (zero_bits < 32 || zero_bits > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_3;
    else
        *highest = UINT32_MAX >> __builtin_clz((uint32_t)zero_bits);
    return STATUS_SUCCESS;
}

/* NtAllocateVirtualMemory: reserve and/or commit guest memory. */
NTSTATUS svc_NtAllocateVirtualMemory(HANDLE process, void **base, ULONG_PTR zero_bits,
                                     SIZE_T *size, ULONG type, ULONG protect)
{
    uint32_t b = 0, s = 0, highest;
    NTSTATUS status;

    if ((status = zero_bits_limit(zero_bits, &highest)))
        return status;
    if (!is_current_process(process))
        return STATUS_INVALID_HANDLE;
    if (base && (uintptr_t)*base > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_2;
    if (size && *size > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_4;
    if (base)
        b = (uint32_t)(uintptr_t)*base;
    if (size)
        s = (uint32_t)*size;
    status = vm_allocate_below(base ? &b : NULL, size ? &s : NULL, highest, type, protect);
    if (NT_SUCCESS(status)) {
        *base = (void *)(uintptr_t)b;
        *size = s;
    }
    return status;
}

/* NtFreeVirtualMemory: decommit or release guest memory. */
NTSTATUS svc_NtFreeVirtualMemory(HANDLE process, void **base, SIZE_T *size, ULONG type)
{
    uint32_t b = 0, s = 0;
    NTSTATUS status;

    if (!is_current_process(process))
        return STATUS_INVALID_HANDLE;
    if (base && (uintptr_t)*base > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_2;
    if (size && *size > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_3;
    if (base)
        b = (uint32_t)(uintptr_t)*base;
    if (size)
        s = (uint32_t)*size;
    status = vm_free(base ? &b : NULL, size ? &s : NULL, type);
    if (NT_SUCCESS(status)) {
        *base = (void *)(uintptr_t)b;
        *size = s;
    }
    return status;
}

/* NtProtectVirtualMemory: change committed pages' protection. */
NTSTATUS svc_NtProtectVirtualMemory(HANDLE process, void **base, SIZE_T *size, ULONG new_protect,
                                    ULONG *old_protect)
{
    uint32_t b, s;
    ULONG old = 0, probe;
    NTSTATUS status;
    uint64_t end;

    if (!is_current_process(process))
        return STATUS_INVALID_HANDLE;
    if (!base || !size || !old_protect)
        return STATUS_ACCESS_VIOLATION;
    if ((uintptr_t)*base > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_2;
    if (*size > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_3;
    /* Windows probes OldProtect before changing anything. */
    if (!guest_read(&probe, old_protect, sizeof probe) ||
        !guest_write(old_protect, &probe, sizeof probe))
        return STATUS_ACCESS_VIOLATION;
    b = (uint32_t)(uintptr_t)*base;
    s = (uint32_t)*size;
    status = vm_protect(b, s, new_protect, &old);
    if (!NT_SUCCESS(status))
        return status;
    end = ((uint64_t)b + s + GUEST_PAGE_SIZE - 1) & ~(uint64_t)(GUEST_PAGE_SIZE - 1);
    *base = (void *)(uintptr_t)(b & ~(GUEST_PAGE_SIZE - 1));
    *size = end - (b & ~(GUEST_PAGE_SIZE - 1));
    if (!guest_write(old_protect, &old, sizeof old))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* NtQueryVirtualMemory: MemoryBasicInformation only. */
NTSTATUS svc_NtQueryVirtualMemory(HANDLE process, void *addr, ULONG info_class, void *buffer,
                                  SIZE_T length, SIZE_T *return_length)
{
    MEMORY_BASIC_INFORMATION32 info;
    NTSTATUS status;

    if (info_class != MEMORY_BASIC_INFORMATION_CLASS) {
        if (info_class < MEMORY_INFORMATION_CLASS_LAST)
            log_fixme("ntdll", "NtQueryVirtualMemory", "class %u", info_class);
        return STATUS_INVALID_INFO_CLASS;
    }
    if (length < sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((uintptr_t)addr > UINT32_MAX)
        return STATUS_INVALID_PARAMETER;
    if (!is_current_process(process))
        return STATUS_INVALID_HANDLE;
    status = vm_query((uint32_t)(uintptr_t)addr, &info);
    if (!NT_SUCCESS(status))
        return status;
    if (!buffer || !guest_write(buffer, &info, sizeof info))
        return STATUS_ACCESS_VIOLATION;
    if (return_length)
        *return_length = sizeof info;
    return STATUS_SUCCESS;
}

/* --- NtQuerySystemInformation: memory ---------------------------------- */

#define SYSTEM_BASIC_INFORMATION_CLASS 0
#define SYSTEM_PERFORMANCE_INFORMATION_CLASS 2

/* SYSTEM_BASIC_INFORMATION as a 32-bit process sees it. */
typedef struct {
    ULONG Reserved;
    ULONG TimerResolution;              /* 100 ns units */
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG MinimumUserModeAddress;
    ULONG MaximumUserModeAddress;
    ULONG ActiveProcessorsAffinityMask;
    UCHAR NumberOfProcessors;
} SYSTEM_BASIC_INFORMATION32;

_Static_assert(sizeof(SYSTEM_BASIC_INFORMATION32) == 0x2C, "SYSTEM_BASIC_INFORMATION32");

/* The first 0x138 bytes of SYSTEM_PERFORMANCE_INFORMATION (NT 4's whole
 * structure, the size Windows accepts at least); only the memory counters
 * are filled, the rest reads 0. Counters are in pages. */
#define SYSTEM_PERFORMANCE_INFORMATION_SIZE 0x138
#define SPI_AVAILABLE_PAGES 0x2C
#define SPI_COMMITTED_PAGES 0x30
#define SPI_COMMIT_LIMIT 0x34
#define SPI_PEAK_COMMITMENT 0x38

/* Reads the named fields (kB) of /proc/meminfo; 0 for absent ones. */
static void meminfo(uint64_t *total, uint64_t *avail, uint64_t *swap, uint64_t *committed)
{
    char line[256];
    FILE *f = fopen("/proc/meminfo", "re");
    unsigned long long v;

    *total = *avail = *swap = *committed = 0;
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "MemTotal: %llu", &v) == 1)
            *total = v;
        else if (sscanf(line, "MemAvailable: %llu", &v) == 1)
            *avail = v;
        else if (sscanf(line, "SwapTotal: %llu", &v) == 1)
            *swap = v;
        else if (sscanf(line, "Committed_AS: %llu", &v) == 1)
            *committed = v;
    }
    fclose(f);
}

static ULONG pages_of_kb(uint64_t kb)
{
    uint64_t pages = kb / (GUEST_PAGE_SIZE / 1024);

    return pages > UINT32_MAX ? UINT32_MAX : (ULONG)pages;
}

static NTSTATUS put_system_info(void *buffer, const void *info, ULONG size, ULONG length,
                                ULONG *return_length)
{
    if (return_length && !guest_write(return_length, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    if (length < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!buffer || !guest_write(buffer, info, size))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* NtQuerySystemInformation: SystemBasicInformation and
 * SystemPerformanceInformation (memory counters); other classes are not
 * implemented yet (a FIXME and STATUS_NOT_IMPLEMENTED). */
NTSTATUS svc_NtQuerySystemInformation(ULONG info_class, void *buffer, ULONG length,
                                      ULONG *return_length)
{
    uint64_t total, avail, swap, committed;

    switch (info_class) {
    case SYSTEM_BASIC_INFORMATION_CLASS: {
        SYSTEM_BASIC_INFORMATION32 info = { 0 };
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);

        /* Windows wants the exact size for this class. */
        if (length != sizeof info) {
            ULONG size = sizeof info;

            if (return_length && !guest_write(return_length, &size, sizeof size))
                return STATUS_ACCESS_VIOLATION;
            return STATUS_INFO_LENGTH_MISMATCH;
        }
        meminfo(&total, &avail, &swap, &committed);
        if (cpus < 1)
            cpus = 1;
        info.TimerResolution = 156250;
        info.PageSize = GUEST_PAGE_SIZE;
        info.NumberOfPhysicalPages = pages_of_kb(total);
        info.LowestPhysicalPageNumber = 1;
        info.HighestPhysicalPageNumber = info.NumberOfPhysicalPages;
        info.AllocationGranularity = GUEST_GRANULARITY;
        info.MinimumUserModeAddress = GUEST_MIN_ADDRESS;
        info.MaximumUserModeAddress = vm_max_address();
        info.ActiveProcessorsAffinityMask = cpus >= 32 ? UINT32_MAX : (1u << cpus) - 1;
        info.NumberOfProcessors = (UCHAR)(cpus > 32 ? 32 : cpus);
        return put_system_info(buffer, &info, sizeof info, length, return_length);
    }
    case SYSTEM_PERFORMANCE_INFORMATION_CLASS: {
        unsigned char info[SYSTEM_PERFORMANCE_INFORMATION_SIZE] = { 0 };
        ULONG v;

        meminfo(&total, &avail, &swap, &committed);
        v = pages_of_kb(avail);
        memcpy(info + SPI_AVAILABLE_PAGES, &v, sizeof v);
        /* Windows' commit limit is RAM plus page file: RAM plus swap. */
        v = pages_of_kb(committed < total + swap ? committed : total + swap);
        memcpy(info + SPI_COMMITTED_PAGES, &v, sizeof v);
        memcpy(info + SPI_PEAK_COMMITMENT, &v, sizeof v);
        v = pages_of_kb(total + swap);
        memcpy(info + SPI_COMMIT_LIMIT, &v, sizeof v);
        return put_system_info(buffer, info, sizeof info, length, return_length);
    }
    default:
        log_fixme("ntdll", "NtQuerySystemInformation", "class %u not implemented", info_class);
        return STATUS_NOT_IMPLEMENTED;
    }
}

/* --- NtFlushProcessWriteBuffers ----------------------------------------- */

/* Every thread of the process passes a full memory barrier before this
 * returns: membarrier's private expedited command (IPIs to the CPUs that
 * run our threads; a few microseconds), registered on first use; the
 * global command (an RCU grace period, milliseconds) on kernels without
 * it. The guest heap's thread caches rely on it (src/guest/ntdll/heap.c),
 * and so does the handle table's lock-free lookup (handle.c). */
static int barrier_state(void)
{
    static int state; /* 0: not tried, 1: private expedited, -1: global only */
    int s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);

    if (!s) {
        long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

        s = cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
                    syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0
                ? 1
                : -1;
        __atomic_store_n(&state, s, __ATOMIC_RELEASE);
    }
    return s;
}

bool process_barrier_is_fast(void)
{
    return barrier_state() > 0;
}

bool process_barrier(void)
{
    if (barrier_state() > 0 && syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
        return true;
    return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) == 0;
}

NTSTATUS svc_NtFlushProcessWriteBuffers(void)
{
    if (process_barrier())
        return STATUS_SUCCESS;
    log_fixme("ntdll", "NtFlushProcessWriteBuffers", "membarrier unavailable");
    return STATUS_NOT_SUPPORTED;
}
