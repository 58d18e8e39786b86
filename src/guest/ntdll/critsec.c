/* Critical sections with Windows' RTL_CRITICAL_SECTION layout and the
 * LockCount encoding Windows has used since Server 2003 SP1 (Microsoft's
 * "Displaying a Critical Section" documents it), which debuggers and some
 * programs read directly:
 *   bit 0       1 = not locked, 0 = locked
 *   bit 1       1 = no thread has been woken, 0 = one has been woken
 *   bits 2..31  the ones' complement of the number of waiting threads
 * so a free section reads -1 and a held one without waiters -2.
 *   RecursionCount  how often the owner has entered
 *   OwningThread    the owner's thread id
 * A free section may be taken by any thread, also while others wait (no
 * hand-off, so no lock convoys): a leaving owner with waiters and none
 * woken yet wakes one through the process-wide keyed event (handle NULL)
 * keyed by the section's address, and the woken thread competes again.
 * Entering spins SpinCount times first on multiprocessor hosts. */
#include "ntdll_private.h"

#define NO_DEBUG_INFO ((PRTL_CRITICAL_SECTION_DEBUG)(LONG_PTR)-1)

RTL_CRITICAL_SECTION ntdll_loader_lock = { NO_DEBUG_INFO, -1, 0, 0, 0, 0 };
RTL_CRITICAL_SECTION ntdll_peb_lock = { NO_DEBUG_INFO, -1, 0, 0, 0, 0 };

static inline HANDLE current_tid(void)
{
    return nt_teb()->ClientId.UniqueThread;
}

/* The keyed event's key: the section's address, made even (keys must be)
 * for a section at an odd address. */
static inline void *section_key(RTL_CRITICAL_SECTION *crit)
{
    return (void *)((ULONG_PTR)crit & ~(ULONG_PTR)1);
}

/* After a failed keyed-event call, which only a host without the service
 * produces: wait a moment rather than spin. */
static void backoff(RTL_CRITICAL_SECTION *crit, NTSTATUS status)
{
    LARGE_INTEGER t;

    NTDLL_FIXME_ONCE("critical section %p: keyed event failed with %08lx; retrying\n", crit,
                     status);
    t.QuadPart = -10000;
    NtDelayExecution(FALSE, &t);
}

/* Blocks until a leaving owner hands the section to us. The wait has no
 * timeout: Windows' only reports a possible deadlock and waits on, and a
 * terminated thread never returns here. */
static void wait_for_section(RTL_CRITICAL_SECTION *crit)
{
    NTSTATUS status;

    while ((status = NtWaitForKeyedEvent(NULL, section_key(crit), FALSE, NULL)) != STATUS_SUCCESS)
        backoff(crit, status);
}

/* Wakes one waiter of crit (LockCount said there is one). */
static void wake_section(RTL_CRITICAL_SECTION *crit)
{
    NTSTATUS status;

    while ((status = NtReleaseKeyedEvent(NULL, section_key(crit), FALSE, NULL)) != STATUS_SUCCESS)
        backoff(crit, status);
}

NTSTATUS NTAPI RtlInitializeCriticalSectionEx(RTL_CRITICAL_SECTION *crit, ULONG spin, ULONG flags)
{
    HANDLE heap = nt_peb()->ProcessHeap;

    /* Windows allocates debug information unless told not to; without a
     * heap yet (early start-up) there is nowhere to put it. */
    crit->DebugInfo = NO_DEBUG_INFO;
    if (!(flags & RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO) && heap) {
        RTL_CRITICAL_SECTION_DEBUG *dbg = RtlAllocateHeap(heap, HEAP_ZERO_MEMORY, sizeof(*dbg));

        if (dbg) {
            dbg->CriticalSection = crit;
            dbg->ProcessLocksList.Flink = dbg->ProcessLocksList.Blink = &dbg->ProcessLocksList;
            crit->DebugInfo = dbg;
        }
    }
    crit->LockCount = -1;
    crit->RecursionCount = 0;
    crit->OwningThread = NULL;
    crit->LockSemaphore = NULL;
    crit->SpinCount = nt_peb()->NumberOfProcessors > 1 ? (spin & 0x00FFFFFF) : 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(RTL_CRITICAL_SECTION *crit, ULONG spin)
{
    return RtlInitializeCriticalSectionEx(crit, spin, 0);
}

NTSTATUS NTAPI RtlInitializeCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    return RtlInitializeCriticalSectionEx(crit, 0, 0);
}

/* Returns the previous spin count. */
ULONG NTAPI RtlSetCriticalSectionSpinCount(RTL_CRITICAL_SECTION *crit, ULONG spin)
{
    ULONG old = crit->SpinCount;

    crit->SpinCount = nt_peb()->NumberOfProcessors > 1 ? (spin & 0x00FFFFFF) : 0;
    return old;
}

NTSTATUS NTAPI RtlDeleteCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    if (crit->DebugInfo && crit->DebugInfo != NO_DEBUG_INFO)
        RtlFreeHeap(nt_peb()->ProcessHeap, 0, crit->DebugInfo);
    crit->DebugInfo = NULL;
    crit->LockCount = -1;
    crit->RecursionCount = 0;
    crit->OwningThread = NULL;
    crit->LockSemaphore = NULL;
    return STATUS_SUCCESS;
}

#define CS_UNLOCKED 1
#define CS_NOT_WOKEN 2
#define CS_WAITER 4 /* one waiter, subtracted from LockCount */

static inline BOOL try_lock(RTL_CRITICAL_SECTION *crit)
{
    LONG v = crit->LockCount;

    return (v & CS_UNLOCKED) && __sync_bool_compare_and_swap(&crit->LockCount, v, v - CS_UNLOCKED);
}

static inline void take(RTL_CRITICAL_SECTION *crit, HANDLE self)
{
    crit->OwningThread = self;
    crit->RecursionCount = 1;
}

NTSTATUS NTAPI RtlEnterCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    HANDLE self = current_tid();
    BOOL woken = FALSE;

    if (try_lock(crit)) {
        take(crit, self);
        return STATUS_SUCCESS;
    }
    if (crit->OwningThread == self) {
        crit->RecursionCount++;
        return STATUS_SUCCESS;
    }
    for (ULONG n = crit->SpinCount; n; n--) {
        __builtin_ia32_pause();
        if (try_lock(crit)) {
            take(crit, self);
            return STATUS_SUCCESS;
        }
    }
    if (crit->DebugInfo && crit->DebugInfo != NO_DEBUG_INFO)
        crit->DebugInfo->ContentionCount++;
    for (;;) {
        LONG v = crit->LockCount, nv;

        /* A woken thread gives the "woken" bit back in the same step in
         * which it takes the section or queues again. */
        if (v & CS_UNLOCKED)
            nv = (v - CS_UNLOCKED) | (woken ? CS_NOT_WOKEN : 0);
        else
            nv = (v | (woken ? CS_NOT_WOKEN : 0)) - CS_WAITER;
        if (!__sync_bool_compare_and_swap(&crit->LockCount, v, nv))
            continue;
        if (v & CS_UNLOCKED)
            break;
        wait_for_section(crit);
        woken = TRUE;
    }
    take(crit, self);
    return STATUS_SUCCESS;
}

BOOL NTAPI RtlTryEnterCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    HANDLE self = current_tid();

    if (try_lock(crit)) {
        take(crit, self);
        return TRUE;
    }
    if (crit->OwningThread == self) {
        crit->RecursionCount++;
        return TRUE;
    }
    return FALSE;
}

NTSTATUS NTAPI RtlLeaveCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    LONG v, nv;

    /* Like Windows, any thread may leave; leaving a free section is the
     * one error we can see (and must not act on). */
    if (crit->RecursionCount <= 0) {
        ntdll_log(WOW64_LOG_ERROR, "critical section %p left by thread %p but not entered\n",
                  crit, current_tid());
        return STATUS_SUCCESS;
    }
    if (--crit->RecursionCount)
        return STATUS_SUCCESS;
    crit->OwningThread = NULL;
    for (;;) {
        v = crit->LockCount;
        /* Waiters and none woken yet: unlock, and take one waiter off the
         * count as the one to wake. */
        if ((v | (CS_UNLOCKED | CS_NOT_WOKEN)) != -1 && (v & CS_NOT_WOKEN))
            nv = (v | CS_UNLOCKED) - CS_NOT_WOKEN + CS_WAITER;
        else
            nv = v | CS_UNLOCKED;
        if (__sync_bool_compare_and_swap(&crit->LockCount, v, nv))
            break;
    }
    if (nv != (v | CS_UNLOCKED))
        wake_section(crit);
    return STATUS_SUCCESS;
}

BOOL NTAPI RtlIsCriticalSectionLocked(RTL_CRITICAL_SECTION *crit)
{
    return crit->RecursionCount != 0;
}

BOOL NTAPI RtlIsCriticalSectionLockedByThread(RTL_CRITICAL_SECTION *crit)
{
    return crit->OwningThread == current_tid() && crit->RecursionCount;
}

void NTAPI RtlAcquirePebLock(void)
{
    RtlEnterCriticalSection(&ntdll_peb_lock);
}

void NTAPI RtlReleasePebLock(void)
{
    RtlLeaveCriticalSection(&ntdll_peb_lock);
}
