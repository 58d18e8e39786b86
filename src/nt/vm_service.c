/* The four NT virtual-memory services as the dispatcher calls them:
 * arguments already widened, "host" pointers at the dispatcher's
 * temporaries (NULL when the guest passed NULL), "guest" pointers raw
 * guest addresses written with guest_write. The rules live in vm.c. */
#include "nt.h"
#include "log.h"
#include "../cpu/cpu.h"

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
