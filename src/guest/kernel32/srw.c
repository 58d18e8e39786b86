/* Slim reader/writer locks, condition variables and one-time
 * initialisation. Their state is one pointer-sized word, as on Windows.
 * Waiting yields to the host (and sleeps a millisecond at a time once a
 * wait gets long): correct, and cheap while guest threads are few; a
 * keyed-event implementation would make long waits free of polling. */
#include "kernel32_private.h"

#define SRW_EXCLUSIVE 1u
#define SRW_SHARED 2u   /* the shared count, in units of 2 */

/* One step of a polling wait: yield at first, sleep later. */
static void wait_step(unsigned *round)
{
    if (++*round < 64) {
        NtYieldExecution();
    } else {
        LARGE_INTEGER t;

        NtDelayExecution(FALSE, k32_timeout(&t, 1));
    }
}

static inline volatile ULONG_PTR *srw_word(PSRWLOCK lock)
{
    return (volatile ULONG_PTR *)&lock->Ptr;
}

void WINAPI InitializeSRWLock(PSRWLOCK lock)
{
    lock->Ptr = NULL;
}

BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK lock)
{
    return __sync_bool_compare_and_swap(srw_word(lock), 0, SRW_EXCLUSIVE);
}

BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK lock)
{
    volatile ULONG_PTR *w = srw_word(lock);
    ULONG_PTR v = *w;

    return !(v & SRW_EXCLUSIVE) && __sync_bool_compare_and_swap(w, v, v + SRW_SHARED);
}

void WINAPI AcquireSRWLockExclusive(PSRWLOCK lock)
{
    unsigned round = 0;

    while (!TryAcquireSRWLockExclusive(lock))
        wait_step(&round);
}

void WINAPI AcquireSRWLockShared(PSRWLOCK lock)
{
    unsigned round = 0;

    while (!TryAcquireSRWLockShared(lock))
        wait_step(&round);
}

void WINAPI ReleaseSRWLockExclusive(PSRWLOCK lock)
{
    __atomic_store_n(srw_word(lock), 0, __ATOMIC_RELEASE);
}

void WINAPI ReleaseSRWLockShared(PSRWLOCK lock)
{
    __sync_sub_and_fetch(srw_word(lock), SRW_SHARED);
}

/* ---- condition variables: a wake-up counter ---- */

static inline volatile ULONG_PTR *cv_word(PCONDITION_VARIABLE cv)
{
    return (volatile ULONG_PTR *)&cv->Ptr;
}

void WINAPI InitializeConditionVariable(PCONDITION_VARIABLE cv)
{
    cv->Ptr = NULL;
}

void WINAPI WakeConditionVariable(PCONDITION_VARIABLE cv)
{
    __sync_add_and_fetch(cv_word(cv), 1);
}

/* Without a wait queue, a single wake may wake several sleepers, which
 * condition-variable users must tolerate anyway (spurious wake-ups). */
void WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE cv)
{
    __sync_add_and_fetch(cv_word(cv), 1);
}

/* Waits until the counter moves past seq or ms elapse; FALSE on timeout. */
static BOOL cv_wait(PCONDITION_VARIABLE cv, ULONG_PTR seq, DWORD ms)
{
    ULONGLONG start = GetTickCount64();
    unsigned round = 0;

    while (*cv_word(cv) == seq) {
        if (ms != INFINITE && GetTickCount64() - start >= ms)
            return FALSE;
        wait_step(&round);
    }
    return TRUE;
}

BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE cv, PCRITICAL_SECTION crit, DWORD ms)
{
    ULONG_PTR seq = *cv_word(cv);
    BOOL woken;

    LeaveCriticalSection(crit);
    woken = cv_wait(cv, seq, ms);
    EnterCriticalSection(crit);
    if (!woken)
        SetLastError(ERROR_TIMEOUT);
    return woken;
}

BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE cv, PSRWLOCK lock, DWORD ms, ULONG flags)
{
    ULONG_PTR seq = *cv_word(cv);
    BOOL woken;

    if (flags & CONDITION_VARIABLE_LOCKMODE_SHARED)
        ReleaseSRWLockShared(lock);
    else
        ReleaseSRWLockExclusive(lock);
    woken = cv_wait(cv, seq, ms);
    if (flags & CONDITION_VARIABLE_LOCKMODE_SHARED)
        AcquireSRWLockShared(lock);
    else
        AcquireSRWLockExclusive(lock);
    if (!woken)
        SetLastError(ERROR_TIMEOUT);
    return woken;
}

/* ---- one-time initialisation ----
 * The word: 0 not started, 1 running, context | 2 done (contexts have
 * their two low bits clear, as INIT_ONCE_CTX_RESERVED_BITS requires). */

void WINAPI InitOnceInitialize(PINIT_ONCE once)
{
    once->Ptr = NULL;
}

BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE once, PINIT_ONCE_FN fn, PVOID param, LPVOID *context)
{
    volatile ULONG_PTR *w = (volatile ULONG_PTR *)&once->Ptr;
    unsigned round = 0;

    for (;;) {
        ULONG_PTR v = *w;

        if ((v & 3) == 2) {
            if (context)
                *context = (void *)(v & ~(ULONG_PTR)3);
            return TRUE;
        }
        if (!v && __sync_bool_compare_and_swap(w, 0, 1)) {
            void *ctx = NULL;

            if (!fn(once, param, &ctx)) {
                __atomic_store_n(w, 0, __ATOMIC_RELEASE);
                return FALSE;
            }
            __atomic_store_n(w, ((ULONG_PTR)ctx & ~(ULONG_PTR)3) | 2, __ATOMIC_RELEASE);
            if (context)
                *context = ctx;
            return TRUE;
        }
        wait_step(&round);
    }
}
