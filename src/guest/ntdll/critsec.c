/* Critical sections with Windows' RTL_CRITICAL_SECTION layout and its
 * classic counting rules, which programs read directly:
 *   LockCount       -1 when free; otherwise the number of threads that
 *                   have entered or are waiting, minus one
 *   RecursionCount  how often the owner has entered
 *   OwningThread    the owner's thread id
 * Entering spins SpinCount times while another thread holds the section
 * (on multiprocessor hosts), then waits on the process-wide keyed event
 * (handle NULL) keyed by the section's address, as Windows does: a
 * leaving owner that sees waiters (LockCount) releases exactly one, and
 * the release meets that waiter even when it has not started to wait yet. */
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

NTSTATUS NTAPI RtlEnterCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    HANDLE self = current_tid();

    if (crit->SpinCount) {
        ULONG n;

        /* Spin only while another thread holds it. */
        for (n = crit->SpinCount; n && crit->OwningThread != self; n--) {
            if (__sync_bool_compare_and_swap(&crit->LockCount, -1, 0))
                goto acquired;
            __builtin_ia32_pause();
        }
    }
    if (__sync_add_and_fetch(&crit->LockCount, 1)) {
        if (crit->OwningThread == self) {
            crit->RecursionCount++;
            return STATUS_SUCCESS;
        }
        if (crit->DebugInfo && crit->DebugInfo != NO_DEBUG_INFO)
            crit->DebugInfo->ContentionCount++;
        wait_for_section(crit);
    }
acquired:
    crit->OwningThread = self;
    crit->RecursionCount = 1;
    return STATUS_SUCCESS;
}

BOOL NTAPI RtlTryEnterCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    HANDLE self = current_tid();

    if (__sync_bool_compare_and_swap(&crit->LockCount, -1, 0)) {
        crit->OwningThread = self;
        crit->RecursionCount = 1;
        return TRUE;
    }
    if (crit->OwningThread == self) {
        __sync_add_and_fetch(&crit->LockCount, 1);
        crit->RecursionCount++;
        return TRUE;
    }
    return FALSE;
}

NTSTATUS NTAPI RtlLeaveCriticalSection(RTL_CRITICAL_SECTION *crit)
{
    /* Like Windows, any thread may leave; leaving a free section is the
     * one error we can see (and must not act on). */
    if (crit->RecursionCount <= 0) {
        ntdll_log(WOW64_LOG_ERROR, "critical section %p left by thread %p but not entered\n",
                  crit, current_tid());
        return STATUS_SUCCESS;
    }
    if (--crit->RecursionCount) {
        __sync_sub_and_fetch(&crit->LockCount, 1);
        return STATUS_SUCCESS;
    }
    crit->OwningThread = NULL;
    if (__sync_sub_and_fetch(&crit->LockCount, 1) >= 0)
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
