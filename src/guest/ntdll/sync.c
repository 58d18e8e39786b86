/* Address waits, slim reader/writer locks, condition variables and
 * run-once initialisation. Each keeps its state in one pointer-sized word,
 * as on Windows (SRWLOCK_INIT, CONDITION_VARIABLE_INIT and
 * INIT_ONCE_STATIC_INIT are all zero), and blocks through the host's
 * address waits (Wow64WaitOnAddress): no polling, no yielding. */
#include "ntdll_private.h"
#include "ntsync.h"

/* ---- address waits ---- */

/* Whether the size bytes at a and b differ (sizes 1, 2, 4, 8). */
static BOOL values_differ(const volatile void *a, const void *b, SIZE_T size)
{
    switch (size) {
    case 1: return *(const volatile BYTE *)a != *(const BYTE *)b;
    case 2: return *(const volatile WORD *)a != *(const WORD *)b;
    case 4: return *(const volatile DWORD *)a != *(const DWORD *)b;
    default: return *(const volatile ULONGLONG *)a != *(const ULONGLONG *)b;
    }
}

/* Sleeps while *address equals *compare: STATUS_SUCCESS when woken (or
 * when they differ), STATUS_TIMEOUT. Wake-ups may be spurious, as on
 * Windows: callers look at the value again. */
NTSTATUS NTAPI RtlWaitOnAddress(const volatile void *address, const void *compare, SIZE_T size,
                                const LARGE_INTEGER *timeout)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return STATUS_INVALID_PARAMETER;
    /* The host compares again under its lock; this only saves the call. */
    if (values_differ(address, compare, size))
        return STATUS_SUCCESS;
    return Wow64WaitOnAddress(address, compare, size, timeout);
}

void NTAPI RtlWakeAddressSingle(const void *address)
{
    Wow64WakeAddress(address, FALSE);
}

void NTAPI RtlWakeAddressAll(const void *address)
{
    Wow64WakeAddress(address, TRUE);
}

/* Waits while the word holds v, without a timeout. */
static void wait_word(volatile ULONG_PTR *w, ULONG_PTR v)
{
    RtlWaitOnAddress(w, &v, sizeof v, NULL);
}

static BOOL cas(volatile ULONG_PTR *w, ULONG_PTR old, ULONG_PTR new)
{
    return __atomic_compare_exchange_n(w, &old, new, FALSE, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

/* ---- SRW locks ----
 * The word: bit 0 held exclusively, bit 1 a thread waits to take it
 * exclusively, bit 2 a thread waits to share it, bits 3+ the number of
 * shared holders. New sharers queue behind a waiting writer, so writers
 * are not starved. Releasing a contended lock clears both waiting bits
 * and wakes every waiter; those that lose the race set their bit again
 * and sleep on. */

#define SRW_OWNED 1u
#define SRW_EXCLUSIVE_WAIT 2u
#define SRW_SHARED_WAIT 4u
#define SRW_SHARED_ONE 8u
#define SRW_WAITERS (SRW_EXCLUSIVE_WAIT | SRW_SHARED_WAIT)

static inline volatile ULONG_PTR *srw_word(RTL_SRWLOCK *lock)
{
    return (volatile ULONG_PTR *)&lock->Ptr;
}

void NTAPI RtlInitializeSRWLock(RTL_SRWLOCK *lock)
{
    lock->Ptr = NULL;
}

BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(RTL_SRWLOCK *lock)
{
    volatile ULONG_PTR *w = srw_word(lock);
    ULONG_PTR v;

    while (!((v = *w) & SRW_OWNED) && v < SRW_SHARED_ONE)
        if (cas(w, v, v | SRW_OWNED))
            return TRUE;
    return FALSE;
}

BOOLEAN NTAPI RtlTryAcquireSRWLockShared(RTL_SRWLOCK *lock)
{
    volatile ULONG_PTR *w = srw_word(lock);
    ULONG_PTR v;

    while (!((v = *w) & (SRW_OWNED | SRW_EXCLUSIVE_WAIT)))
        if (cas(w, v, v + SRW_SHARED_ONE))
            return TRUE;
    return FALSE;
}

void NTAPI RtlAcquireSRWLockExclusive(RTL_SRWLOCK *lock)
{
    volatile ULONG_PTR *w = srw_word(lock);

    for (;;) {
        ULONG_PTR v = *w, nv;

        if (!(v & SRW_OWNED) && v < SRW_SHARED_ONE) {
            if (cas(w, v, v | SRW_OWNED))
                return;
            continue;
        }
        nv = v | SRW_EXCLUSIVE_WAIT;
        if (nv != v && !cas(w, v, nv))
            continue;
        wait_word(w, nv);
    }
}

void NTAPI RtlAcquireSRWLockShared(RTL_SRWLOCK *lock)
{
    volatile ULONG_PTR *w = srw_word(lock);

    for (;;) {
        ULONG_PTR v = *w, nv;

        if (!(v & (SRW_OWNED | SRW_EXCLUSIVE_WAIT))) {
            if (cas(w, v, v + SRW_SHARED_ONE))
                return;
            continue;
        }
        nv = v | SRW_SHARED_WAIT;
        if (nv != v && !cas(w, v, nv))
            continue;
        wait_word(w, nv);
    }
}

void NTAPI RtlReleaseSRWLockExclusive(RTL_SRWLOCK *lock)
{
    volatile ULONG_PTR *w = srw_word(lock);

    /* While it is held exclusively nobody shares it: all but the waiting
     * bits is ours to clear. */
    if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) & SRW_WAITERS)
        RtlWakeAddressAll((void *)w);
}

void NTAPI RtlReleaseSRWLockShared(RTL_SRWLOCK *lock)
{
    volatile ULONG_PTR *w = srw_word(lock);
    ULONG_PTR v, nv;

    do {
        v = *w;
        nv = v - SRW_SHARED_ONE;
        /* The last sharer leaves the lock free, waiting bits cleared. */
        if (nv < SRW_SHARED_ONE)
            nv = 0;
    } while (!cas(w, v, nv));
    if (!nv && (v & SRW_WAITERS))
        RtlWakeAddressAll((void *)w);
}

/* ---- condition variables ----
 * The word: bit 0 someone may be sleeping, bits 1+ a sequence number
 * that every wake-up advances. A sleeper notes the word (setting bit 0)
 * before it leaves the lock and sleeps while the word is unchanged, so a
 * wake-up after it left the lock is never missed. */

#define CV_SLEEPERS 1u
#define CV_STEP 2u

static inline volatile ULONG_PTR *cv_word(RTL_CONDITION_VARIABLE *cv)
{
    return (volatile ULONG_PTR *)&cv->Ptr;
}

void NTAPI RtlInitializeConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    cv->Ptr = NULL;
}

void NTAPI RtlWakeConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    volatile ULONG_PTR *w = cv_word(cv);

    if (!(*w & CV_SLEEPERS))
        return;
    __atomic_add_fetch(w, CV_STEP, __ATOMIC_ACQ_REL);
    RtlWakeAddressSingle((void *)w);
}

void NTAPI RtlWakeAllConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    volatile ULONG_PTR *w = cv_word(cv);
    ULONG_PTR v;

    do {
        v = *w;
        if (!(v & CV_SLEEPERS))
            return;
    } while (!cas(w, v, (v + CV_STEP) & ~(ULONG_PTR)CV_SLEEPERS));
    RtlWakeAddressAll((void *)w);
}

/* Marks the sleeper; returns the word to sleep on. */
static ULONG_PTR cv_prepare(RTL_CONDITION_VARIABLE *cv)
{
    volatile ULONG_PTR *w = cv_word(cv);
    ULONG_PTR v;

    do
        v = *w;
    while (!(v & CV_SLEEPERS) && !cas(w, v, v | CV_SLEEPERS));
    return v | CV_SLEEPERS;
}

static NTSTATUS cv_sleep(RTL_CONDITION_VARIABLE *cv, ULONG_PTR seq, const LARGE_INTEGER *timeout)
{
    NTSTATUS status = RtlWaitOnAddress(cv_word(cv), &seq, sizeof seq, timeout);

    return status == STATUS_TIMEOUT ? STATUS_TIMEOUT : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSleepConditionVariableCS(RTL_CONDITION_VARIABLE *cv, RTL_CRITICAL_SECTION *crit,
                                           const LARGE_INTEGER *timeout)
{
    ULONG_PTR seq = cv_prepare(cv);
    NTSTATUS status;

    RtlLeaveCriticalSection(crit);
    status = cv_sleep(cv, seq, timeout);
    RtlEnterCriticalSection(crit);
    return status;
}

NTSTATUS NTAPI RtlSleepConditionVariableSRW(RTL_CONDITION_VARIABLE *cv, RTL_SRWLOCK *lock,
                                            const LARGE_INTEGER *timeout, ULONG flags)
{
    BOOL shared = (flags & RTL_CONDITION_VARIABLE_LOCKMODE_SHARED) != 0;
    ULONG_PTR seq;
    NTSTATUS status;

    if (flags & ~RTL_CONDITION_VARIABLE_LOCKMODE_SHARED)
        return STATUS_INVALID_PARAMETER_4;
    seq = cv_prepare(cv);
    if (shared)
        RtlReleaseSRWLockShared(lock);
    else
        RtlReleaseSRWLockExclusive(lock);
    status = cv_sleep(cv, seq, timeout);
    if (shared)
        RtlAcquireSRWLockShared(lock);
    else
        RtlAcquireSRWLockExclusive(lock);
    return status;
}

/* ---- run-once ----
 * The word's low two bits: 0 not started, 1 being initialised (others
 * wait), 3 being initialised asynchronously (others initialise too), 2
 * done, with the context in the upper bits (INIT_ONCE_CTX_RESERVED_BITS
 * keeps its two low bits clear). */

#define ONCE_STATE 3u
#define ONCE_BUSY 1u
#define ONCE_DONE 2u
#define ONCE_ASYNC 3u

static inline volatile ULONG_PTR *once_word(RTL_RUN_ONCE *once)
{
    return (volatile ULONG_PTR *)&once->Ptr;
}

void NTAPI RtlRunOnceInitialize(RTL_RUN_ONCE *once)
{
    once->Ptr = NULL;
}

/* STATUS_PENDING: the caller initialises (then calls RtlRunOnceComplete);
 * STATUS_SUCCESS: done, *context is the result. */
NTSTATUS NTAPI RtlRunOnceBeginInitialize(RTL_RUN_ONCE *once, ULONG flags, PVOID *context)
{
    volatile ULONG_PTR *w = once_word(once);
    BOOL async = (flags & RTL_RUN_ONCE_ASYNC) != 0;

    if (flags & ~(RTL_RUN_ONCE_CHECK_ONLY | RTL_RUN_ONCE_ASYNC))
        return STATUS_INVALID_PARAMETER_2;
    if (flags & RTL_RUN_ONCE_CHECK_ONLY) {
        ULONG_PTR v = *w;

        if (async)
            return STATUS_INVALID_PARAMETER_2;
        if ((v & ONCE_STATE) != ONCE_DONE)
            return STATUS_UNSUCCESSFUL;
        if (context)
            *context = (void *)(v & ~(ULONG_PTR)ONCE_STATE);
        return STATUS_SUCCESS;
    }
    for (;;) {
        ULONG_PTR v = *w;

        switch (v & ONCE_STATE) {
        case 0:
            if (cas(w, 0, async ? ONCE_ASYNC : ONCE_BUSY))
                return STATUS_PENDING;
            break;
        case ONCE_BUSY:
            if (async)
                return STATUS_INVALID_PARAMETER;
            wait_word(w, v);
            break;
        case ONCE_DONE:
            if (context)
                *context = (void *)(v & ~(ULONG_PTR)ONCE_STATE);
            return STATUS_SUCCESS;
        case ONCE_ASYNC:
            if (!async)
                return STATUS_INVALID_PARAMETER;
            return STATUS_PENDING;
        }
    }
}

NTSTATUS NTAPI RtlRunOnceComplete(RTL_RUN_ONCE *once, ULONG flags, PVOID context)
{
    volatile ULONG_PTR *w = once_word(once);
    ULONG_PTR done;

    if ((ULONG_PTR)context & ONCE_STATE)
        return STATUS_INVALID_PARAMETER;
    if (flags & ~(RTL_RUN_ONCE_ASYNC | RTL_RUN_ONCE_INIT_FAILED))
        return STATUS_INVALID_PARAMETER_2;
    if (flags & RTL_RUN_ONCE_INIT_FAILED) {
        /* Back to "not started": a waiter (or a later call) tries again. */
        if (context || (flags & RTL_RUN_ONCE_ASYNC))
            return STATUS_INVALID_PARAMETER;
        done = 0;
    } else {
        done = (ULONG_PTR)context | ONCE_DONE;
    }
    for (;;) {
        ULONG_PTR v = *w;

        switch (v & ONCE_STATE) {
        case ONCE_BUSY:
            if (!cas(w, v, done))
                break;
            RtlWakeAddressAll((void *)w);
            return STATUS_SUCCESS;
        case ONCE_ASYNC:
            if (!(flags & RTL_RUN_ONCE_ASYNC))
                return STATUS_INVALID_PARAMETER;
            if (!cas(w, v, done))
                break;
            return STATUS_SUCCESS;
        default:
            /* Not begun, or another thread completed it first. */
            return STATUS_UNSUCCESSFUL;
        }
    }
}

NTSTATUS NTAPI RtlRunOnceExecuteOnce(RTL_RUN_ONCE *once, PRTL_RUN_ONCE_INIT_FN fn, PVOID param,
                                     PVOID *context)
{
    NTSTATUS status = RtlRunOnceBeginInitialize(once, 0, context);

    if (status != STATUS_PENDING)
        return status;
    if (!fn(once, param, context)) {
        RtlRunOnceComplete(once, RTL_RUN_ONCE_INIT_FAILED, NULL);
        return STATUS_UNSUCCESSFUL;
    }
    return RtlRunOnceComplete(once, 0, context ? *context : NULL);
}
