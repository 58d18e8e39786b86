/* Heaps (over ntdll's Rtl heap) and the Local/Global compatibility API.
 *
 * Local and Global memory live on the process heap. Fixed memory: the
 * handle is the pointer (8-byte aligned). Moveable memory: the handle is
 * the address of the pointer field of an 8-byte handle-table entry, so it
 * is 4 modulo 8, as on Windows; the entry holds the flags and the lock
 * count, and the data block stores its handle in the 8 bytes before the
 * data, for LocalHandle. The table and its entries have a lock of their
 * own (not HeapLock, which stops every thread's heap cache). */
#include "kernel32_private.h"

/* ntdll's heap walk and compaction (RTL_HEAP_WALK_ENTRY: PROCESS_HEAP_ENTRY's
 * layout with RTL_HEAP_* flags). */
NTSYSAPI NTSTATUS NTAPI RtlWalkHeap(HANDLE heap, PVOID entry);
NTSYSAPI SIZE_T NTAPI RtlCompactHeap(HANDLE heap, ULONG flags);

#define RTL_HEAP_BUSY 0x0001
#define RTL_HEAP_SEGMENT 0x0002
#define RTL_HEAP_UNCOMMITTED_RANGE 0x0100

HANDLE WINAPI GetProcessHeap(void)
{
    return nt_peb()->ProcessHeap;
}

DWORD WINAPI GetProcessHeaps(DWORD count, PHANDLE heaps)
{
    return RtlGetProcessHeaps(count, heaps);
}

HANDLE WINAPI HeapCreate(DWORD options, SIZE_T initial, SIZE_T maximum)
{
    ULONG flags = options & (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | HEAP_CREATE_ENABLE_EXECUTE);
    HANDLE h;

    if (!maximum)
        flags |= HEAP_GROWABLE;
    if (!(h = RtlCreateHeap(flags, NULL, maximum, initial, NULL, NULL)))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return h;
}

BOOL WINAPI HeapDestroy(HANDLE h)
{
    if (RtlDestroyHeap(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

LPVOID WINAPI HeapAlloc(HANDLE h, DWORD flags, SIZE_T size)
{
    return RtlAllocateHeap(h, flags, size);
}

BOOL WINAPI HeapFree(HANDLE h, DWORD flags, LPVOID p)
{
    return RtlFreeHeap(h, flags, p);
}

LPVOID WINAPI HeapReAlloc(HANDLE h, DWORD flags, LPVOID p, SIZE_T size)
{
    return RtlReAllocateHeap(h, flags, p, size);
}

SIZE_T WINAPI HeapSize(HANDLE h, DWORD flags, LPCVOID p)
{
    return RtlSizeHeap(h, flags, p);
}

BOOL WINAPI HeapValidate(HANDLE h, DWORD flags, LPCVOID p)
{
    return RtlValidateHeap(h, flags, p);
}

BOOL WINAPI HeapLock(HANDLE h)
{
    return RtlLockHeap(h);
}

BOOL WINAPI HeapUnlock(HANDLE h)
{
    return RtlUnlockHeap(h);
}

/* Merges the free blocks; the largest free committed block, or 0 with
 * NO_ERROR when there is none. */
SIZE_T WINAPI HeapCompact(HANDLE h, DWORD flags)
{
    SetLastError(NO_ERROR);
    return RtlCompactHeap(h, flags);
}

/* One entry of the heap per call, from lpData NULL on; FALSE with
 * ERROR_NO_MORE_ITEMS after the last. */
BOOL WINAPI HeapWalk(HANDLE h, LPPROCESS_HEAP_ENTRY entry)
{
    PROCESS_HEAP_ENTRY rtl;
    NTSTATUS status;

    if (!entry) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* The same layout; only the flag values differ. */
    rtl = *entry;
    rtl.wFlags = 0;
    if (entry->wFlags & PROCESS_HEAP_REGION)
        rtl.wFlags = RTL_HEAP_SEGMENT;
    else if (entry->wFlags & PROCESS_HEAP_UNCOMMITTED_RANGE)
        rtl.wFlags = RTL_HEAP_UNCOMMITTED_RANGE;
    else if (entry->wFlags & PROCESS_HEAP_ENTRY_BUSY)
        rtl.wFlags = RTL_HEAP_BUSY;
    if ((status = RtlWalkHeap(h, &rtl)))
        return k32_status(status);
    *entry = rtl;
    if (rtl.wFlags & RTL_HEAP_SEGMENT)
        entry->wFlags = PROCESS_HEAP_REGION;
    else if (rtl.wFlags & RTL_HEAP_UNCOMMITTED_RANGE)
        entry->wFlags = PROCESS_HEAP_UNCOMMITTED_RANGE;
    else if (rtl.wFlags & RTL_HEAP_BUSY)
        entry->wFlags = PROCESS_HEAP_ENTRY_BUSY;
    else
        entry->wFlags = 0;
    if (!(entry->wFlags & PROCESS_HEAP_REGION))
        memset(&entry->Block, 0, sizeof(entry->Block));
    return TRUE;
}

/* The allocator already behaves like the low-fragmentation heap and
 * needs no switching on; other information classes are not supported. */
BOOL WINAPI HeapSetInformation(HANDLE h, HEAP_INFORMATION_CLASS cls, PVOID info, SIZE_T len)
{
    if (cls == HeapCompatibilityInformation && info && len >= sizeof(ULONG) &&
        *(ULONG *)info == 2)
        return TRUE;
    if (cls == HeapEnableTerminationOnCorruption) {
        K32_FIXME_ONCE("HeapSetInformation: HeapEnableTerminationOnCorruption accepted; bad "
                       "pointers are refused but do not terminate the process\n");
        return TRUE;
    }
    K32_NOT_IMPLEMENTED("HeapSetInformation %p class %d\n", h, cls);
    return FALSE;
}

BOOL WINAPI HeapQueryInformation(HANDLE h, HEAP_INFORMATION_CLASS cls, PVOID info, SIZE_T len,
                                 PSIZE_T ret_len)
{
    if (cls != HeapCompatibilityInformation) {
        K32_NOT_IMPLEMENTED("HeapQueryInformation %p class %d\n", h, cls);
        return FALSE;
    }
    if (ret_len)
        *ret_len = sizeof(ULONG);
    if (len < sizeof(ULONG)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    *(ULONG *)info = 2;  /* low-fragmentation heap */
    return TRUE;
}

/* ---- Local* and Global* ---- */

#define MEM_USED 0x0001
#define MEM_DISCARDABLE 0x0002
#define MEM_DDESHARE 0x0004
#define MEM_HANDLES 0x10000          /* Windows' limit of moveable handles */
#define MEM_STORAGE 8                /* the handle before the data, 8-byte aligned */

struct mem_entry {
    union {
        struct {
            WORD flags;
            BYTE lock;
        };
        struct mem_entry *next_free;
    };
    void *ptr;                       /* the data, NULL when discarded */
};

_Static_assert(sizeof(struct mem_entry) == 8, "a handle is 4 modulo 8");

static struct mem_entry *mem_table, *mem_next_free;
static ULONG mem_used;               /* entries ever handed out */
static SRWLOCK mem_lock = SRWLOCK_INIT;

static void mem_lock_take(void)
{
    AcquireSRWLockExclusive(&mem_lock);
}

static void mem_lock_drop(void)
{
    ReleaseSRWLockExclusive(&mem_lock);
}

static HANDLE process_heap(void)
{
    return nt_peb()->ProcessHeap;
}

/* A fixed block's pointer, or NULL when h is not 8-byte aligned. */
static void *fixed_of(HLOCAL h)
{
    return ((ULONG_PTR)h & 7) ? NULL : h;
}

/* The entry of moveable handle h, or NULL. Call with mem_lock held. */
static struct mem_entry *entry_of(HLOCAL h)
{
    struct mem_entry *mem = (struct mem_entry *)((char *)h - offsetof(struct mem_entry, ptr));

    if (((ULONG_PTR)h & 7) != 4 || !mem_table || mem < mem_table || mem >= mem_table + mem_used)
        return NULL;
    return (mem->flags & MEM_USED) ? mem : NULL;
}

static HLOCAL handle_of(struct mem_entry *mem)
{
    return &mem->ptr;
}

/* A moveable block's data: size bytes after the storage for its handle. */
static void *data_alloc(HLOCAL h, SIZE_T size, ULONG heap_flags)
{
    char *block;

    if (size > MAXLONG - MEM_STORAGE ||
        !(block = HeapAlloc(process_heap(), heap_flags, size + MEM_STORAGE)))
        return NULL;
    *(HLOCAL *)block = h;
    return block + MEM_STORAGE;
}

static void *data_block(void *ptr)
{
    return (char *)ptr - MEM_STORAGE;
}

/* A new entry, or NULL (mem_lock held). */
static struct mem_entry *entry_new(void)
{
    struct mem_entry *mem;

    if (!mem_table &&
        !(mem_table = VirtualAlloc(NULL, MEM_HANDLES * sizeof(*mem), MEM_COMMIT, PAGE_READWRITE)))
        return NULL;
    if ((mem = mem_next_free))
        mem_next_free = mem->next_free;
    else if (mem_used < MEM_HANDLES)
        mem = &mem_table[mem_used++];
    else
        return NULL;
    mem->next_free = NULL;
    return mem;
}

static void entry_free(struct mem_entry *mem)
{
    mem->flags = 0;
    mem->ptr = NULL;
    mem->next_free = mem_next_free;
    mem_next_free = mem;
}

HLOCAL WINAPI LocalAlloc(UINT flags, SIZE_T size)
{
    ULONG heap_flags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    HANDLE heap = process_heap();
    struct mem_entry *mem;
    HLOCAL h = NULL;
    void *p;

    if (!(flags & LMEM_MOVEABLE)) {
        if (!(p = HeapAlloc(heap, heap_flags, size)))
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return p;
    }
    mem_lock_take();
    if ((mem = entry_new())) {
        h = handle_of(mem);
        mem->flags = MEM_USED | ((flags & LMEM_DISCARDABLE) ? MEM_DISCARDABLE : 0);
        mem->lock = 0;
        mem->ptr = NULL;
        /* Size 0 makes a discarded block: a handle without memory. */
        if (size && !(mem->ptr = data_alloc(h, size, heap_flags))) {
            entry_free(mem);
            h = NULL;
        }
    }
    mem_lock_drop();
    if (!h)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return h;
}

HGLOBAL WINAPI GlobalAlloc(UINT flags, SIZE_T size)
{
    HGLOBAL h;
    struct mem_entry *mem;

    /* A fixed global block is never empty (a local one may be). */
    if (!(flags & GMEM_MOVEABLE) && !size)
        size = 1;
    h = LocalAlloc(flags & (GMEM_MOVEABLE | GMEM_ZEROINIT), size);
    if (h && (flags & (GMEM_DISCARDABLE | GMEM_DDESHARE)) && !fixed_of(h)) {
        mem_lock_take();
        if ((mem = entry_of(h))) {
            if (flags & GMEM_DISCARDABLE)
                mem->flags |= MEM_DISCARDABLE;
            if (flags & GMEM_DDESHARE)
                mem->flags |= MEM_DDESHARE;
        }
        mem_lock_drop();
    }
    return h;
}

HLOCAL WINAPI LocalFree(HLOCAL h)
{
    HANDLE heap = process_heap();
    struct mem_entry *mem;
    HLOCAL ret = h;
    void *p;

    if (!h)
        return NULL;
    if ((p = fixed_of(h))) {
        if (HeapFree(heap, 0, p))
            return NULL;
        SetLastError(ERROR_INVALID_HANDLE);
        return h;
    }
    mem_lock_take();
    /* A locked block is freed all the same (LocalFree's documentation). */
    if ((mem = entry_of(h))) {
        if (!mem->ptr || HeapFree(heap, 0, data_block(mem->ptr)))
            ret = NULL;
        entry_free(mem);
    }
    mem_lock_drop();
    if (ret)
        SetLastError(ERROR_INVALID_HANDLE);
    return ret;
}

HGLOBAL WINAPI GlobalFree(HGLOBAL h)
{
    return LocalFree(h);
}

LPVOID WINAPI LocalLock(HLOCAL h)
{
    struct mem_entry *mem;
    void *ret = NULL;

    if (!h)
        return NULL;
    if (fixed_of(h))
        return h;
    mem_lock_take();
    if (!(mem = entry_of(h)))
        SetLastError(ERROR_INVALID_HANDLE);
    else if (!(ret = mem->ptr))
        SetLastError(ERROR_DISCARDED);
    else if (mem->lock < LMEM_LOCKCOUNT)
        mem->lock++;
    mem_lock_drop();
    return ret;
}

LPVOID WINAPI GlobalLock(HGLOBAL h)
{
    return LocalLock(h);
}

/* TRUE while still locked; FALSE with NO_ERROR when the count reached
 * zero, with ERROR_NOT_LOCKED when it was zero (always, for fixed memory). */
BOOL WINAPI LocalUnlock(HLOCAL h)
{
    struct mem_entry *mem;
    BOOL ret = FALSE;

    if (fixed_of(h)) {
        SetLastError(ERROR_NOT_LOCKED);
        return FALSE;
    }
    mem_lock_take();
    if (!(mem = entry_of(h))) {
        SetLastError(ERROR_INVALID_HANDLE);
    } else if (!mem->lock) {
        SetLastError(ERROR_NOT_LOCKED);
    } else if (!(ret = --mem->lock != 0)) {
        SetLastError(NO_ERROR);
    }
    mem_lock_drop();
    return ret;
}

/* GlobalUnlock of fixed memory succeeds (Windows' behaviour, unlike
 * LocalUnlock's). */
BOOL WINAPI GlobalUnlock(HGLOBAL h)
{
    if (fixed_of(h) && h)
        return TRUE;
    return LocalUnlock(h);
}

HLOCAL WINAPI LocalReAlloc(HLOCAL h, SIZE_T size, UINT flags)
{
    ULONG heap_flags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    HANDLE heap = process_heap();
    struct mem_entry *mem;
    HLOCAL ret = NULL;
    void *p;

    if ((p = fixed_of(h)) && h) {
        /* Fixed memory stays fixed; LMEM_MODIFY has nothing to change. */
        if (flags & LMEM_MODIFY)
            return h;
        if (flags & LMEM_DISCARDABLE) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        if (!(flags & LMEM_MOVEABLE))
            heap_flags |= HEAP_REALLOC_IN_PLACE_ONLY;
        if (!(ret = HeapReAlloc(heap, heap_flags, p, size)))
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return ret;
    }
    mem_lock_take();
    if (!(mem = entry_of(h))) {
        SetLastError(ERROR_INVALID_HANDLE);
    } else if (flags & LMEM_MODIFY) {
        if (flags & LMEM_DISCARDABLE)
            mem->flags |= MEM_DISCARDABLE;
        ret = h;
    } else if (flags & LMEM_DISCARDABLE) {
        SetLastError(ERROR_INVALID_PARAMETER);
    } else if (size) {
        /* An unlocked moveable block may move; a locked one only when
         * the caller says LMEM_MOVEABLE. */
        if (mem->lock && !(flags & LMEM_MOVEABLE))
            heap_flags |= HEAP_REALLOC_IN_PLACE_ONLY;
        if (!mem->ptr) {
            p = data_alloc(h, size, heap_flags);
        } else if (size <= MAXLONG - MEM_STORAGE &&
                   (p = HeapReAlloc(heap, heap_flags, data_block(mem->ptr), size + MEM_STORAGE))) {
            p = (char *)p + MEM_STORAGE;
        } else {
            p = NULL;
        }
        if (p) {
            mem->ptr = p;
            ret = h;
        } else {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        }
    } else if ((flags & LMEM_MOVEABLE) && !mem->lock) {
        /* Size 0: discard the data, keep the handle. */
        if (mem->ptr)
            HeapFree(heap, 0, data_block(mem->ptr));
        mem->ptr = NULL;
        ret = h;
    } else {
        SetLastError(ERROR_INVALID_PARAMETER);
    }
    mem_lock_drop();
    return ret;
}

HGLOBAL WINAPI GlobalReAlloc(HGLOBAL h, SIZE_T size, UINT flags)
{
    /* GMEM_DISCARDABLE is 0x100; LocalReAlloc knows LMEM_DISCARDABLE. */
    UINT lflags = flags & (GMEM_MOVEABLE | GMEM_ZEROINIT | GMEM_MODIFY);

    if (flags & GMEM_DISCARDABLE)
        lflags |= LMEM_DISCARDABLE;
    return LocalReAlloc(h, size, lflags);
}

SIZE_T WINAPI LocalSize(HLOCAL h)
{
    HANDLE heap = process_heap();
    struct mem_entry *mem;
    SIZE_T n = 0;
    void *p;

    if (!((ULONG_PTR)h >> 16)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    if ((p = fixed_of(h))) {
        if ((n = HeapSize(heap, 0, p)) != (SIZE_T)-1)
            return n;
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    mem_lock_take();
    if (!(mem = entry_of(h)))
        SetLastError(ERROR_INVALID_HANDLE);
    else if (mem->ptr && (n = HeapSize(heap, 0, data_block(mem->ptr))) != (SIZE_T)-1)
        n -= MEM_STORAGE;
    else
        n = 0;
    mem_lock_drop();
    return n;
}

SIZE_T WINAPI GlobalSize(HGLOBAL h)
{
    return LocalSize(h);
}

/* The handle of a block from its data pointer: the pointer itself for
 * fixed memory, the stored handle for moveable memory. */
HLOCAL WINAPI LocalHandle(LPCVOID p)
{
    HANDLE heap = process_heap();
    struct mem_entry *mem;
    HLOCAL ret = NULL;

    if (!p) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    mem_lock_take();
    if (!fixed_of((HLOCAL)p)) {
        /* A handle given for a pointer stays itself. */
        if (entry_of((HLOCAL)p))
            ret = (HLOCAL)p;
    } else if ((mem = entry_of(*(HLOCAL *)data_block((void *)p))) && mem->ptr == p) {
        ret = handle_of(mem);
    } else if (HeapSize(heap, 0, p) != (SIZE_T)-1) {
        ret = (HLOCAL)p;
    }
    mem_lock_drop();
    if (!ret)
        SetLastError(ERROR_INVALID_HANDLE);
    return ret;
}

HGLOBAL WINAPI GlobalHandle(LPCVOID p)
{
    return LocalHandle(p);
}

/* The flags and lock count of a block (GMEM_* values); 0 for fixed
 * memory, GMEM_INVALID_HANDLE for a bad handle. */
UINT WINAPI GlobalFlags(HGLOBAL h)
{
    struct mem_entry *mem;
    UINT flags;

    if (fixed_of(h))
        return 0;
    mem_lock_take();
    if ((mem = entry_of(h))) {
        flags = mem->lock;
        if (mem->flags & MEM_DISCARDABLE)
            flags |= GMEM_DISCARDABLE;
        if (!mem->ptr)
            flags |= GMEM_DISCARDED;
        if (mem->flags & MEM_DDESHARE)
            flags |= GMEM_DDESHARE;
    } else {
        SetLastError(ERROR_INVALID_HANDLE);
        flags = GMEM_INVALID_HANDLE;
    }
    mem_lock_drop();
    return flags;
}

UINT WINAPI LocalFlags(HLOCAL h)
{
    UINT flags = GlobalFlags(h);

    if (flags != GMEM_INVALID_HANDLE && (flags & GMEM_DISCARDABLE))
        flags = (flags & ~GMEM_DISCARDABLE) | LMEM_DISCARDABLE;
    return flags;
}
