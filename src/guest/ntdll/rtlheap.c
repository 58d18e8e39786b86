/* The Rtl*Heap API over heap.c, the heap_sys_* services on NT virtual
 * memory, and the process heap list in the PEB. */
#include "ntdll_private.h"
#include "heap.h"

/* HEAP_GENERATE_EXCEPTIONS is accepted and ignored: raising STATUS_NO_MEMORY
 * needs the exception dispatcher, which is a separate piece of work; callers
 * see a NULL return as without the flag. */

#define MAX_HEAPS 128

static HANDLE process_heaps[MAX_HEAPS];

void *heap_sys_reserve(size_t size)
{
    void *addr = NULL;
    SIZE_T len = size;

    if (NtAllocateVirtualMemory(NtCurrentProcess(), &addr, 0, &len, MEM_RESERVE, PAGE_READWRITE))
        return NULL;
    return addr;
}

int heap_sys_commit(void *addr, size_t size, int exec)
{
    SIZE_T len = size;

    return NtAllocateVirtualMemory(NtCurrentProcess(), &addr, 0, &len, MEM_COMMIT,
                                   exec ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE) != 0;
}

void heap_sys_release(void *addr)
{
    SIZE_T len = 0;

    NtFreeVirtualMemory(NtCurrentProcess(), &addr, &len, MEM_RELEASE);
}

void heap_sys_yield(void)
{
    NtYieldExecution();
}

uintptr_t heap_sys_thread_id(void)
{
    return (uintptr_t)nt_teb()->ClientId.UniqueThread;
}

/* Adds or removes h in the PEB's list of process heaps. */
static void register_heap(HANDLE h, BOOL add)
{
    PEB32 *peb = nt_peb();
    ULONG i;

    RtlAcquirePebLock();
    if (!peb->ProcessHeaps) {
        peb->ProcessHeaps = process_heaps;
        peb->MaximumNumberOfHeaps = MAX_HEAPS;
    }
    if (add) {
        if (peb->NumberOfHeaps < MAX_HEAPS)
            peb->ProcessHeaps[peb->NumberOfHeaps++] = h;
    } else {
        for (i = 0; i < peb->NumberOfHeaps; i++) {
            if (peb->ProcessHeaps[i] == h) {
                peb->ProcessHeaps[i] = peb->ProcessHeaps[--peb->NumberOfHeaps];
                peb->ProcessHeaps[peb->NumberOfHeaps] = NULL;
                break;
            }
        }
    }
    RtlReleasePebLock();
}

/* Creates a heap. HeapBase and Lock (caller-provided memory and lock) are not
 * supported: they would put the heap in memory we cannot grow or commit. */
PVOID NTAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock,
                          PRTL_HEAP_PARAMETERS params)
{
    struct heap *h;

    if (base || lock) {
        NTDLL_FIXME_ONCE("RtlCreateHeap base %p lock %p: caller-provided heap memory "
                         "is not supported\n", base, lock);
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_NOT_IMPLEMENTED);
        return NULL;
    }
    if (!(h = heap_create(flags, reserve, commit))) {
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_NO_MEMORY);
        return NULL;
    }
    register_heap(h, TRUE);
    return h;
}

/* Destroys a heap: NULL on success, the handle on failure (Windows' rule). */
PVOID NTAPI RtlDestroyHeap(PVOID handle)
{
    if (!heap_is_valid_handle(handle) || handle == nt_peb()->ProcessHeap) {
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_INVALID_HANDLE);
        return handle;
    }
    register_heap(handle, FALSE);
    heap_destroy(handle);
    return NULL;
}

PVOID NTAPI RtlAllocateHeap(PVOID handle, ULONG flags, SIZE_T size)
{
    void *p = heap_alloc(handle, flags, size);

    if (!p)
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_NO_MEMORY);
    return p;
}

BOOLEAN NTAPI RtlFreeHeap(PVOID handle, ULONG flags, PVOID ptr)
{
    if (!ptr)
        return TRUE;
    if (heap_free(handle, flags, ptr))
        return TRUE;
    RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_INVALID_PARAMETER);
    return FALSE;
}

PVOID NTAPI RtlReAllocateHeap(PVOID handle, ULONG flags, PVOID ptr, SIZE_T size)
{
    void *p;

    if (!ptr)
        return NULL;
    if (!(p = heap_realloc(handle, flags, ptr, size)))
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_NO_MEMORY);
    return p;
}

SIZE_T NTAPI RtlSizeHeap(PVOID handle, ULONG flags, const void *ptr)
{
    SIZE_T size = heap_size(handle, flags, ptr);

    if (size == (SIZE_T)-1)
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_INVALID_PARAMETER);
    return size;
}

BOOLEAN NTAPI RtlValidateHeap(PVOID handle, ULONG flags, const void *ptr)
{
    return heap_validate(handle, flags, ptr) != 0;
}

BOOLEAN NTAPI RtlLockHeap(PVOID handle)
{
    if (!heap_is_valid_handle(handle))
        return FALSE;
    heap_lock(handle);
    return TRUE;
}

BOOLEAN NTAPI RtlUnlockHeap(PVOID handle)
{
    if (!heap_is_valid_handle(handle))
        return FALSE;
    heap_unlock(handle);
    return TRUE;
}

/* Copies up to count heap handles; returns how many heaps exist. */
ULONG NTAPI RtlGetProcessHeaps(ULONG count, HANDLE *heaps)
{
    PEB32 *peb = nt_peb();
    ULONG n, i;

    RtlAcquirePebLock();
    n = peb->NumberOfHeaps;
    for (i = 0; i < n && i < count; i++)
        heaps[i] = peb->ProcessHeaps[i];
    RtlReleasePebLock();
    return n;
}

/* The process heap, sized from the exe's SizeOfHeapReserve/Commit. */
NTSTATUS ntdll_heap_init(void)
{
    PEB32 *peb = nt_peb();
    SIZE_T reserve = 0, commit = 0;
    const IMAGE_DOS_HEADER *dos = peb->ImageBaseAddress;
    HANDLE h;

    if (dos && dos->e_magic == IMAGE_DOS_SIGNATURE && dos->e_lfanew > 0 &&
        dos->e_lfanew < 0x10000) {
        const IMAGE_NT_HEADERS32 *nt = (const void *)((const char *)dos + dos->e_lfanew);

        if (nt->Signature == IMAGE_NT_SIGNATURE &&
            nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC) {
            reserve = nt->OptionalHeader.SizeOfHeapReserve;
            commit = nt->OptionalHeader.SizeOfHeapCommit;
        }
    }
    if (!(h = RtlCreateHeap(HEAP_GROWABLE, NULL, reserve, commit, NULL, NULL)))
        return STATUS_NO_MEMORY;
    peb->ProcessHeap = h;
    return STATUS_SUCCESS;
}
