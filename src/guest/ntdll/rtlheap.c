/* The Rtl*Heap API over heap.c, the heap_sys_* services on NT virtual
 * memory and the address-wait services, and the process heap list in the
 * PEB. */
#include "ntdll_private.h"
#include "heap.h"

/* The private address-wait services (src/thunks/syscalls.def). */
NTSYSAPI NTSTATUS NTAPI Wow64WaitOnAddress(PVOID address, PVOID compare, SIZE_T size,
                                           LARGE_INTEGER *timeout);
NTSYSAPI NTSTATUS NTAPI Wow64WakeAddress(PVOID address, ULONG all);

/* RtlWalkHeap's entry (RTL_HEAP_WALK_ENTRY): PROCESS_HEAP_ENTRY's layout
 * with the RTL_HEAP_* flags. */
typedef struct {
    PVOID DataAddress;
    SIZE_T DataSize;
    UCHAR OverheadBytes;
    UCHAR SegmentIndex;
    USHORT Flags;
    union {
        struct {
            SIZE_T Settable;
            USHORT TagIndex;
            USHORT AllocatorBackTraceIndex;
            ULONG Reserved[2];
        } Block;
        struct {
            ULONG CommittedSize;
            ULONG UnCommittedSize;
            PVOID FirstEntry;
            PVOID LastEntry;
        } Segment;
    };
} RTL_HEAP_WALK_ENTRY;

_Static_assert(sizeof(RTL_HEAP_WALK_ENTRY) == 28, "RTL_HEAP_WALK_ENTRY is PROCESS_HEAP_ENTRY's size");

#define RTL_HEAP_BUSY 0x0001
#define RTL_HEAP_SEGMENT 0x0002
#define RTL_HEAP_UNCOMMITTED_RANGE 0x0100

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

/* Set once the host says it has no address waits: then a lock waiter
 * yields and retries instead of sleeping, and nobody needs waking. */
static LONG no_address_wait;

void heap_sys_wait(volatile int *addr, int value)
{
    if (!no_address_wait) {
        if (Wow64WaitOnAddress((PVOID)addr, &value, sizeof(value), NULL) != STATUS_NOT_IMPLEMENTED)
            return;
        no_address_wait = 1;
    }
    NtYieldExecution();
}

void heap_sys_wake(volatile int *addr)
{
    if (!no_address_wait)
        Wow64WakeAddress((PVOID)addr, 0);
}

/* NtFlushProcessWriteBuffers (membarrier on the host) when this build's
 * syscall table has it: found among our own exports at run time, so that
 * the heap takes the cheaper thread-cache protocol as soon as the row
 * exists, and the locked-instruction one until then. */
int heap_sys_process_barrier(void)
{
    extern IMAGE_DOS_HEADER __ImageBase;
    static NTSTATUS(NTAPI * flush)(void);
    static int looked;

    if (!looked) {
        ANSI_STRING name;
        PVOID fn = NULL;

        RtlInitAnsiString(&name, "NtFlushProcessWriteBuffers");
        if (!LdrGetProcedureAddress(&__ImageBase, &name, 0, &fn))
            flush = (NTSTATUS(NTAPI *)(void))fn;
        looked = 1;
    }
    return flush && !flush() ? 0 : -1;
}

/* heap.c reads TEB+0xFA8 itself (fs-relative); this is the same word. */
void **heap_sys_thread_slot(void)
{
    return (void **)((char *)nt_teb() + 0xFA8);
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

/* Steps a walk of the heap's entries (HeapWalk): STATUS_NO_MORE_ENTRIES
 * after the last one. */
NTSTATUS NTAPI RtlWalkHeap(HANDLE handle, PVOID ptr)
{
    RTL_HEAP_WALK_ENTRY *entry = ptr;
    struct heap_walk_entry e = { 0 };
    int ret;

    if (!entry)
        return STATUS_INVALID_PARAMETER;
    if (!heap_is_valid_handle(handle))
        return STATUS_INVALID_HANDLE;
    e.data = entry->DataAddress;
    if (e.data) {
        e.kind = (entry->Flags & RTL_HEAP_SEGMENT)             ? HEAP_WALK_REGION
                 : (entry->Flags & RTL_HEAP_UNCOMMITTED_RANGE) ? HEAP_WALK_UNCOMMITTED
                 : (entry->Flags & RTL_HEAP_BUSY)              ? HEAP_WALK_BUSY
                                                               : HEAP_WALK_FREE;
        e.region = entry->SegmentIndex;
    }
    if ((ret = heap_walk(handle, &e)) <= 0)
        return ret ? STATUS_INVALID_PARAMETER : STATUS_NO_MORE_ENTRIES;
    memset(entry, 0, sizeof(*entry));
    entry->DataAddress = e.data;
    entry->DataSize = e.size;
    entry->OverheadBytes = (UCHAR)(e.overhead > 0xFF ? 0xFF : e.overhead);
    entry->SegmentIndex = (UCHAR)e.region;
    switch (e.kind) {
    case HEAP_WALK_REGION:
        entry->Flags = RTL_HEAP_SEGMENT;
        entry->Segment.CommittedSize = e.committed;
        entry->Segment.UnCommittedSize = e.uncommitted;
        entry->Segment.FirstEntry = e.first_block;
        entry->Segment.LastEntry = e.last_block;
        break;
    case HEAP_WALK_UNCOMMITTED:
        entry->Flags = RTL_HEAP_UNCOMMITTED_RANGE;
        break;
    case HEAP_WALK_BUSY:
        entry->Flags = RTL_HEAP_BUSY;
        break;
    }
    return STATUS_SUCCESS;
}

/* Merges free and cached blocks; the largest free committed block. */
SIZE_T NTAPI RtlCompactHeap(HANDLE handle, ULONG flags)
{
    if (!heap_is_valid_handle(handle)) {
        RtlSetLastWin32ErrorAndNtStatusFromNtStatus(STATUS_INVALID_HANDLE);
        return 0;
    }
    return heap_compact(handle, flags);
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
