/* Heaps (over ntdll's Rtl heap) and the Local/Global compatibility API.
 * Local and Global memory is always fixed here: a handle is the pointer.
 * Moveable memory would need handle tables and lock counts; requests for it
 * fail with ERROR_CALL_NOT_IMPLEMENTED rather than pretend. */
#include "kernel32_private.h"

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

SIZE_T WINAPI HeapCompact(HANDLE h, DWORD flags)
{
    K32_NOT_IMPLEMENTED("HeapCompact %p %08lx\n", h, flags);
    return 0;
}

BOOL WINAPI HeapWalk(HANDLE h, LPPROCESS_HEAP_ENTRY entry)
{
    K32_NOT_IMPLEMENTED("HeapWalk %p\n", h);
    return FALSE;
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

/* ---- Local* and Global* (fixed memory only) ---- */

static HLOCAL local_alloc(UINT flags, SIZE_T size, const char *fn)
{
    void *p;

    if (flags & LMEM_MOVEABLE) {
        K32_NOT_IMPLEMENTED("%s flags %04x: moveable memory is not supported\n", fn, flags);
        return NULL;
    }
    if (!(p = RtlAllocateHeap(GetProcessHeap(), (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0, size)))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return p;
}

static HLOCAL local_free(HLOCAL h)
{
    if (!h)
        return NULL;
    if (!RtlFreeHeap(GetProcessHeap(), 0, h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return h;
    }
    return NULL;
}

/* A fixed block may move only when the caller says LMEM_MOVEABLE. */
static HLOCAL local_realloc(HLOCAL h, SIZE_T size, UINT flags, const char *fn)
{
    ULONG hflags = (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
    void *p;

    if (flags & LMEM_MODIFY) {
        K32_NOT_IMPLEMENTED("%s flags %04x: changing a block's attributes is not supported\n", fn,
                            flags);
        return NULL;
    }
    if (!(flags & LMEM_MOVEABLE))
        hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
    if (!h)
        return local_alloc(flags & ~LMEM_MOVEABLE, size, fn);
    if (!(p = RtlReAllocateHeap(GetProcessHeap(), hflags, h, size)))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return p;
}

static SIZE_T local_size(HLOCAL h)
{
    SIZE_T n = RtlSizeHeap(GetProcessHeap(), 0, h);

    if (n == (SIZE_T)-1) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    return n;
}

HLOCAL WINAPI LocalAlloc(UINT flags, SIZE_T size)
{
    return local_alloc(flags, size, "LocalAlloc");
}

HLOCAL WINAPI LocalFree(HLOCAL h)
{
    return local_free(h);
}

HLOCAL WINAPI LocalReAlloc(HLOCAL h, SIZE_T size, UINT flags)
{
    return local_realloc(h, size, flags, "LocalReAlloc");
}

SIZE_T WINAPI LocalSize(HLOCAL h)
{
    return local_size(h);
}

LPVOID WINAPI LocalLock(HLOCAL h)
{
    return h;  /* fixed memory: the handle is the pointer */
}

/* Fixed memory has no lock count: "unlocked" with NO_ERROR. */
BOOL WINAPI LocalUnlock(HLOCAL h)
{
    SetLastError(NO_ERROR);
    return FALSE;
}

HLOCAL WINAPI LocalHandle(LPCVOID p)
{
    return (HLOCAL)p;
}

UINT WINAPI LocalFlags(HLOCAL h)
{
    return 0;  /* fixed, not discarded, lock count 0 */
}

HGLOBAL WINAPI GlobalAlloc(UINT flags, SIZE_T size)
{
    /* GMEM_* share their values with LMEM_* for the bits we honour. */
    return local_alloc(flags & (GMEM_MOVEABLE | GMEM_ZEROINIT), size, "GlobalAlloc");
}

HGLOBAL WINAPI GlobalFree(HGLOBAL h)
{
    return local_free(h);
}

HGLOBAL WINAPI GlobalReAlloc(HGLOBAL h, SIZE_T size, UINT flags)
{
    return local_realloc(h, size, flags & (GMEM_MOVEABLE | GMEM_ZEROINIT | GMEM_MODIFY),
                         "GlobalReAlloc");
}

SIZE_T WINAPI GlobalSize(HGLOBAL h)
{
    return local_size(h);
}

LPVOID WINAPI GlobalLock(HGLOBAL h)
{
    return h;
}

BOOL WINAPI GlobalUnlock(HGLOBAL h)
{
    SetLastError(NO_ERROR);
    return FALSE;
}

HGLOBAL WINAPI GlobalHandle(LPCVOID p)
{
    return (HGLOBAL)p;
}

UINT WINAPI GlobalFlags(HGLOBAL h)
{
    return 0;
}
