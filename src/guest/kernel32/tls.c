/* Thread-local storage: TLS slots (bitmaps in the PEB, set up by ntdll,
 * changed under the PEB lock; the values in each TEB) and fiber-local
 * storage on top of them. */
#include "kernel32_private.h"
#include "tls.h"

/* The current thread's expansion slots, allocated on first use. */
static void **expansion_slots(BOOL create)
{
    TEB32 *teb = nt_teb();

    if (!teb->TlsExpansionSlots && create)
        teb->TlsExpansionSlots = RtlAllocateHeap(nt_peb()->ProcessHeap, HEAP_ZERO_MEMORY,
                                                 TLS_EXPANSION_SLOTS_32 * sizeof(void *));
    return teb->TlsExpansionSlots;
}

DWORD WINAPI TlsAlloc(void)
{
    PEB32 *peb = nt_peb();
    DWORD index;

    RtlAcquirePebLock();
    index = RtlFindClearBitsAndSet(peb->TlsBitmap, 1, 0);
    if (index != ~0u) {
        nt_teb()->TlsSlots[index] = NULL;
    } else if ((index = RtlFindClearBitsAndSet(peb->TlsExpansionBitmap, 1, 0)) != ~0u) {
        void **slots = expansion_slots(TRUE);

        if (!slots) {
            RtlClearBits(peb->TlsExpansionBitmap, index, 1);
            RtlReleasePebLock();
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return TLS_OUT_OF_INDEXES;
        }
        slots[index] = NULL;
        index += TLS_MINIMUM_AVAILABLE_32;
    } else {
        RtlReleasePebLock();
        SetLastError(ERROR_NO_MORE_ITEMS);
        return TLS_OUT_OF_INDEXES;
    }
    RtlReleasePebLock();
    return index;
}

BOOL WINAPI TlsFree(DWORD index)
{
    PEB32 *peb = nt_peb();
    RTL_BITMAP32 *bitmap = peb->TlsBitmap;
    DWORD bit = index;
    BOOL ret;

    if (index >= TLS_MINIMUM_AVAILABLE_32) {
        bitmap = peb->TlsExpansionBitmap;
        bit = index - TLS_MINIMUM_AVAILABLE_32;
    }
    RtlAcquirePebLock();
    ret = bit < bitmap->SizeOfBitMap && RtlAreBitsSet(bitmap, bit, 1);
    if (ret) {
        /* The slot must read NULL in every thread afterwards: the kernel
         * clears it in all threads (ThreadZeroTlsCell); the calling
         * thread's is cleared here too, so a host without that service
         * still serves a single-threaded process correctly. */
        void **slots = expansion_slots(FALSE);

        NtSetInformationThread(GetCurrentThread(), NT_THREAD_ZERO_TLS_CELL, &index, sizeof(index));
        if (index < TLS_MINIMUM_AVAILABLE_32)
            nt_teb()->TlsSlots[index] = NULL;
        else if (slots)
            slots[bit] = NULL;
        RtlClearBits(bitmap, bit, 1);
    }
    RtlReleasePebLock();
    if (!ret)
        SetLastError(ERROR_INVALID_PARAMETER);
    return ret;
}

/* Windows clears the last error on success, so callers can tell a stored
 * NULL from a failure. */
LPVOID WINAPI TlsGetValue(DWORD index)
{
    TEB32 *teb = nt_teb();

    if (index < TLS_MINIMUM_AVAILABLE_32) {
        teb->LastErrorValue = ERROR_SUCCESS;
        return teb->TlsSlots[index];
    }
    index -= TLS_MINIMUM_AVAILABLE_32;
    if (index >= TLS_EXPANSION_SLOTS_32) {
        teb->LastErrorValue = ERROR_INVALID_PARAMETER;
        return NULL;
    }
    teb->LastErrorValue = ERROR_SUCCESS;
    return teb->TlsExpansionSlots ? teb->TlsExpansionSlots[index] : NULL;
}

BOOL WINAPI TlsSetValue(DWORD index, LPVOID value)
{
    void **slots;

    if (index < TLS_MINIMUM_AVAILABLE_32) {
        nt_teb()->TlsSlots[index] = value;
        return TRUE;
    }
    index -= TLS_MINIMUM_AVAILABLE_32;
    if (index >= TLS_EXPANSION_SLOTS_32) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(slots = expansion_slots(TRUE))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    slots[index] = value;
    return TRUE;
}

/* ---- fiber-local storage ----
 * Without fibers, FLS is per-thread storage with a destructor: each FLS
 * index is backed by a TLS slot. The callbacks run for the values of a
 * thread that leaves by ExitThread (not at process exit, as on Windows);
 * FlsFree runs it on the calling thread's value only (Windows: every
 * thread's). */

#define FLS_MAX 128

static PFLS_CALLBACK_FUNCTION fls_callbacks[FLS_MAX];
static DWORD fls_tls[FLS_MAX];
static BOOL fls_used[FLS_MAX];

DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION callback)
{
    DWORD i, tls = TlsAlloc();

    if (tls == TLS_OUT_OF_INDEXES)
        return FLS_OUT_OF_INDEXES;
    RtlAcquirePebLock();
    for (i = 0; i < FLS_MAX && fls_used[i]; i++)
        ;
    if (i < FLS_MAX) {
        fls_used[i] = TRUE;
        fls_tls[i] = tls;
        fls_callbacks[i] = callback;
    }
    RtlReleasePebLock();
    if (i == FLS_MAX) {
        TlsFree(tls);
        SetLastError(ERROR_NO_MORE_ITEMS);
        return FLS_OUT_OF_INDEXES;
    }
    return i;
}

BOOL WINAPI FlsFree(DWORD index)
{
    PFLS_CALLBACK_FUNCTION callback;
    void *value;
    DWORD tls;

    RtlAcquirePebLock();
    if (index >= FLS_MAX || !fls_used[index]) {
        RtlReleasePebLock();
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    fls_used[index] = FALSE;
    callback = fls_callbacks[index];
    tls = fls_tls[index];
    RtlReleasePebLock();
    value = TlsGetValue(tls);
    if (callback && value)
        callback(value);
    return TlsFree(tls);
}

PVOID WINAPI FlsGetValue(DWORD index)
{
    if (index >= FLS_MAX || !fls_used[index]) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return TlsGetValue(fls_tls[index]);
}

BOOL WINAPI FlsSetValue(DWORD index, PVOID value)
{
    if (index >= FLS_MAX || !fls_used[index]) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TlsSetValue(fls_tls[index], value);
}

void k32_fls_thread_exit(void)
{
    PFLS_CALLBACK_FUNCTION callbacks[FLS_MAX];
    DWORD tls[FLS_MAX], i, n = 0;

    RtlAcquirePebLock();
    for (i = 0; i < FLS_MAX; i++)
        if (fls_used[i] && fls_callbacks[i]) {
            callbacks[n] = fls_callbacks[i];
            tls[n++] = fls_tls[i];
        }
    RtlReleasePebLock();
    for (i = 0; i < n; i++) {
        void *value = TlsGetValue(tls[i]);

        if (value) {
            TlsSetValue(tls[i], NULL);
            callbacks[i](value);
        }
    }
}
