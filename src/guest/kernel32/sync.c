/* Synchronisation: critical sections (ntdll's), waits, events, and TLS
 * slots (bitmaps in the PEB, set up by ntdll, changed under the PEB lock). */
#include "kernel32_private.h"

/* ---- critical sections ---- */

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlInitializeCriticalSection(crit);
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION crit, DWORD spin)
{
    return k32_status(RtlInitializeCriticalSectionAndSpinCount(crit, spin));
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION crit, DWORD spin, DWORD flags)
{
    return k32_status(RtlInitializeCriticalSectionEx(crit, spin, flags));
}

void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlDeleteCriticalSection(crit);
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlEnterCriticalSection(crit);
}

void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlLeaveCriticalSection(crit);
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION crit)
{
    return RtlTryEnterCriticalSection(crit);
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION crit, DWORD spin)
{
    return RtlSetCriticalSectionSpinCount(crit, spin);
}

/* ---- waits ---- */

/* NTSTATUS of a wait -> WaitFor* result: the success codes are the WAIT_*
 * values themselves (WAIT_OBJECT_0 + n, WAIT_ABANDONED_0 + n,
 * WAIT_IO_COMPLETION, WAIT_TIMEOUT). */
static DWORD wait_result(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return (DWORD)status;
    k32_status(status);
    return WAIT_FAILED;
}

/* Console handles here are terminals, which the host waits on as they are. */
DWORD WINAPI WaitForSingleObjectEx(HANDLE h, DWORD ms, BOOL alertable)
{
    LARGE_INTEGER t;

    return wait_result(NtWaitForSingleObject(h, (BOOLEAN)alertable, k32_timeout(&t, ms)));
}

DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD ms)
{
    return WaitForSingleObjectEx(h, ms, FALSE);
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL all, DWORD ms,
                                      BOOL alertable)
{
    LARGE_INTEGER t;

    if (!count || count > MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    /* WaitType: 0 WaitAll, 1 WaitAny */
    return wait_result(NtWaitForMultipleObjects(count, handles, all ? 0 : 1, (BOOLEAN)alertable,
                                                k32_timeout(&t, ms)));
}

DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL all, DWORD ms)
{
    return WaitForMultipleObjectsEx(count, handles, all, ms, FALSE);
}

/* ---- events ---- */

/* Named objects live in \BaseNamedObjects. */
static BOOL object_name(const WCHAR *name, UNICODE_STRING *us)
{
    static const WCHAR dir[] = L"\\BaseNamedObjects\\";
    size_t n = wcslen(name), d = wcslen(dir);

    if ((n + d) * sizeof(WCHAR) >= 0xFFFE) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    if (!(us->Buffer = k32_alloc((n + d + 1) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(us->Buffer, dir, d * sizeof(WCHAR));
    memcpy(us->Buffer + d, name, (n + 1) * sizeof(WCHAR));
    us->Length = (USHORT)((n + d) * sizeof(WCHAR));
    us->MaximumLength = us->Length + sizeof(WCHAR);
    return TRUE;
}

HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags, DWORD access)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us = { 0, 0, NULL };
    NTSTATUS status;
    HANDLE h;

    if (flags & ~(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (name && !object_name(name, &us))
        return NULL;
    InitializeObjectAttributes(&attr, name ? &us : NULL,
                               (sa && sa->bInheritHandle ? OBJ_INHERIT : 0) | (name ? OBJ_OPENIF : 0),
                               NULL, sa ? sa->lpSecurityDescriptor : NULL);
    status = NtCreateEvent(&h, access, &attr,
                           (flags & CREATE_EVENT_MANUAL_RESET) ? NT_EVENT_NOTIFICATION
                                                               : NT_EVENT_SYNCHRONIZATION,
                           (flags & CREATE_EVENT_INITIAL_SET) != 0);
    k32_free(us.Buffer);
    if (!NT_SUCCESS(status)) {
        k32_status(status);
        return NULL;
    }
    /* Opening an existing named event succeeds with ERROR_ALREADY_EXISTS. */
    SetLastError(status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return h;
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial, LPCWSTR name)
{
    return CreateEventExW(sa, name, (manual ? CREATE_EVENT_MANUAL_RESET : 0) |
                          (initial ? CREATE_EVENT_INITIAL_SET : 0), EVENT_ALL_ACCESS);
}

HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags, DWORD access)
{
    WCHAR *w = NULL;
    HANDLE h;

    if (name && !(w = k32_ansi_to_wide(name)))
        return NULL;
    h = CreateEventExW(sa, w, flags, access);
    k32_free(w);
    return h;
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial, LPCSTR name)
{
    return CreateEventExA(sa, name, (manual ? CREATE_EVENT_MANUAL_RESET : 0) |
                          (initial ? CREATE_EVENT_INITIAL_SET : 0), EVENT_ALL_ACCESS);
}

BOOL WINAPI SetEvent(HANDLE h)
{
    return k32_status(NtSetEvent(h, NULL));
}

BOOL WINAPI ResetEvent(HANDLE h)
{
    return k32_status(NtResetEvent(h, NULL));
}

/* ---- thread-local storage ---- */

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
 * index is backed by a TLS slot. FlsFree runs the callback on the calling
 * thread's value; running them for exiting threads waits for thread
 * support (process exit does not run them on Windows either). */

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
