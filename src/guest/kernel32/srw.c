/* Slim reader/writer locks, condition variables, one-time initialisation
 * and address waits: kernel32's names for ntdll's implementations
 * (ntdll/sync.c), with the Win32 error conventions. */
#include "kernel32_private.h"
#include "ntsync.h"

/* ---- SRW locks ---- */

void WINAPI InitializeSRWLock(PSRWLOCK lock)
{
    RtlInitializeSRWLock(lock);
}

void WINAPI AcquireSRWLockExclusive(PSRWLOCK lock)
{
    RtlAcquireSRWLockExclusive(lock);
}

void WINAPI AcquireSRWLockShared(PSRWLOCK lock)
{
    RtlAcquireSRWLockShared(lock);
}

void WINAPI ReleaseSRWLockExclusive(PSRWLOCK lock)
{
    RtlReleaseSRWLockExclusive(lock);
}

void WINAPI ReleaseSRWLockShared(PSRWLOCK lock)
{
    RtlReleaseSRWLockShared(lock);
}

BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK lock)
{
    return RtlTryAcquireSRWLockExclusive(lock);
}

BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK lock)
{
    return RtlTryAcquireSRWLockShared(lock);
}

/* ---- condition variables ---- */

void WINAPI InitializeConditionVariable(PCONDITION_VARIABLE cv)
{
    RtlInitializeConditionVariable(cv);
}

void WINAPI WakeConditionVariable(PCONDITION_VARIABLE cv)
{
    RtlWakeConditionVariable(cv);
}

void WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE cv)
{
    RtlWakeAllConditionVariable(cv);
}

/* FALSE with ERROR_TIMEOUT when the time ran out (STATUS_TIMEOUT is a
 * success code, so it needs saying). */
static BOOL timed_result(NTSTATUS status)
{
    if (status == STATUS_TIMEOUT) {
        SetLastError(ERROR_TIMEOUT);
        return FALSE;
    }
    return k32_status(status);
}

BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE cv, PCRITICAL_SECTION crit, DWORD ms)
{
    LARGE_INTEGER t;

    return timed_result(RtlSleepConditionVariableCS(cv, crit, k32_timeout(&t, ms)));
}

BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE cv, PSRWLOCK lock, DWORD ms, ULONG flags)
{
    LARGE_INTEGER t;

    return timed_result(RtlSleepConditionVariableSRW(cv, lock, k32_timeout(&t, ms), flags));
}

/* ---- one-time initialisation ---- */

void WINAPI InitOnceInitialize(PINIT_ONCE once)
{
    RtlRunOnceInitialize(once);
}

/* TRUE with *pending: the caller initialises (then InitOnceComplete);
 * TRUE without: done, *context holds the result. */
BOOL WINAPI InitOnceBeginInitialize(LPINIT_ONCE once, DWORD flags, PBOOL pending, LPVOID *context)
{
    NTSTATUS status = RtlRunOnceBeginInitialize(once, flags, context);

    if (!NT_SUCCESS(status))
        return k32_status(status);
    *pending = status == STATUS_PENDING;
    return TRUE;
}

BOOL WINAPI InitOnceComplete(LPINIT_ONCE once, DWORD flags, LPVOID context)
{
    return k32_status(RtlRunOnceComplete(once, flags, context));
}

/* The callback's failure is the caller's: its last error stands. */
BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE once, PINIT_ONCE_FN fn, PVOID param, LPVOID *context)
{
    return RtlRunOnceExecuteOnce(once, (PRTL_RUN_ONCE_INIT_FN)fn, param, context) ==
           STATUS_SUCCESS;
}

/* ---- address waits (kernelbase's on Windows 8 and later) ---- */

BOOL WINAPI WaitOnAddress(volatile VOID *address, PVOID compare, SIZE_T size, DWORD ms)
{
    LARGE_INTEGER t;

    return timed_result(RtlWaitOnAddress(address, compare, size, k32_timeout(&t, ms)));
}

void WINAPI WakeByAddressSingle(PVOID address)
{
    RtlWakeAddressSingle(address);
}

void WINAPI WakeByAddressAll(PVOID address)
{
    RtlWakeAddressAll(address);
}
