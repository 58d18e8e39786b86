/* ntsync.h: the synchronisation exports of our ntdll (sync.c, critsec.c)
 * and the services under them that ntguest.h and MinGW's headers do not
 * declare. Windows prototypes. */
#ifndef WOW64_NTSYNC_H
#define WOW64_NTSYNC_H

#include "ntguest.h"

/* System services (src/thunks/syscalls.def). */
NTSYSAPI NTSTATUS NTAPI NtOpenEvent(PHANDLE Event, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes);
NTSYSAPI NTSTATUS NTAPI NtPulseEvent(HANDLE Event, PLONG PreviousState);
NTSYSAPI NTSTATUS NTAPI NtClearEvent(HANDLE Event);
NTSYSAPI NTSTATUS NTAPI NtQueryEvent(HANDLE Event, ULONG InformationClass, PVOID Information,
    ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI NtCreateMutant(PHANDLE Mutant, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, BOOLEAN InitialOwner);
NTSYSAPI NTSTATUS NTAPI NtOpenMutant(PHANDLE Mutant, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes);
NTSYSAPI NTSTATUS NTAPI NtReleaseMutant(HANDLE Mutant, PLONG PreviousCount);
NTSYSAPI NTSTATUS NTAPI NtCreateSemaphore(PHANDLE Semaphore, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, LONG InitialCount, LONG MaximumCount);
NTSYSAPI NTSTATUS NTAPI NtOpenSemaphore(PHANDLE Semaphore, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes);
NTSYSAPI NTSTATUS NTAPI NtReleaseSemaphore(HANDLE Semaphore, LONG ReleaseCount,
    PLONG PreviousCount);
/* TimerType: NotificationTimer 0, SynchronizationTimer 1. */
NTSYSAPI NTSTATUS NTAPI NtCreateTimer(PHANDLE Timer, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, ULONG TimerType);
NTSYSAPI NTSTATUS NTAPI NtOpenTimer(PHANDLE Timer, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes);
typedef VOID (NTAPI *PNT_TIMER_APC_ROUTINE)(PVOID Context, ULONG Low, LONG High);
NTSYSAPI NTSTATUS NTAPI NtSetTimer(HANDLE Timer, const LARGE_INTEGER *DueTime,
    PNT_TIMER_APC_ROUTINE ApcRoutine, PVOID ApcContext, BOOLEAN Resume, LONG Period,
    PBOOLEAN PreviousState);
NTSYSAPI NTSTATUS NTAPI NtCancelTimer(HANDLE Timer, PBOOLEAN CurrentState);
NTSYSAPI NTSTATUS NTAPI NtSignalAndWaitForSingleObject(HANDLE Signal, HANDLE Wait,
    BOOLEAN Alertable, const LARGE_INTEGER *Timeout);
NTSYSAPI NTSTATUS NTAPI NtTestAlert(void);
NTSYSAPI NTSTATUS NTAPI Wow64WaitOnAddress(const volatile void *Address, const void *Compare,
    SIZE_T Size, const LARGE_INTEGER *Timeout);
NTSYSAPI NTSTATUS NTAPI Wow64WakeAddress(const volatile void *Address, ULONG All);
/* Info: TIME_ZONE_INFORMATION (172 bytes) or DYNAMIC_TIME_ZONE_INFORMATION
 * (432); Id: the TIME_ZONE_ID_* in force now. */
NTSYSAPI NTSTATUS NTAPI Wow64QueryTimeZone(void *Info, ULONG Size, ULONG *Id);
NTSYSAPI NTSTATUS NTAPI Wow64EnableConsoleCtrl(void);

#define NT_TIMER_NOTIFICATION 0
#define NT_TIMER_SYNCHRONIZATION 1
#define NT_EVENT_BASIC_INFORMATION 0

#ifndef STATUS_OBJECT_NAME_EXISTS
#define STATUS_OBJECT_NAME_EXISTS ((NTSTATUS)0x40000000)
#endif
#ifndef STATUS_TIMER_RESUME_IGNORED
#define STATUS_TIMER_RESUME_IGNORED ((NTSTATUS)0x40000025)
#endif

/* ntdll: address waits, SRW locks, condition variables, run-once
 * (sync.c). */
NTSYSAPI NTSTATUS NTAPI RtlWaitOnAddress(const volatile void *Address, const void *Compare,
    SIZE_T Size, const LARGE_INTEGER *Timeout);
NTSYSAPI void NTAPI RtlWakeAddressSingle(const void *Address);
NTSYSAPI void NTAPI RtlWakeAddressAll(const void *Address);
NTSYSAPI void NTAPI RtlInitializeSRWLock(RTL_SRWLOCK *Lock);
NTSYSAPI void NTAPI RtlAcquireSRWLockExclusive(RTL_SRWLOCK *Lock);
NTSYSAPI void NTAPI RtlAcquireSRWLockShared(RTL_SRWLOCK *Lock);
NTSYSAPI void NTAPI RtlReleaseSRWLockExclusive(RTL_SRWLOCK *Lock);
NTSYSAPI void NTAPI RtlReleaseSRWLockShared(RTL_SRWLOCK *Lock);
NTSYSAPI BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(RTL_SRWLOCK *Lock);
NTSYSAPI BOOLEAN NTAPI RtlTryAcquireSRWLockShared(RTL_SRWLOCK *Lock);
NTSYSAPI void NTAPI RtlInitializeConditionVariable(RTL_CONDITION_VARIABLE *Cv);
NTSYSAPI void NTAPI RtlWakeConditionVariable(RTL_CONDITION_VARIABLE *Cv);
NTSYSAPI void NTAPI RtlWakeAllConditionVariable(RTL_CONDITION_VARIABLE *Cv);
NTSYSAPI NTSTATUS NTAPI RtlSleepConditionVariableCS(RTL_CONDITION_VARIABLE *Cv,
    RTL_CRITICAL_SECTION *Crit, const LARGE_INTEGER *Timeout);
NTSYSAPI NTSTATUS NTAPI RtlSleepConditionVariableSRW(RTL_CONDITION_VARIABLE *Cv,
    RTL_SRWLOCK *Lock, const LARGE_INTEGER *Timeout, ULONG Flags);
NTSYSAPI void NTAPI RtlRunOnceInitialize(RTL_RUN_ONCE *Once);
NTSYSAPI NTSTATUS NTAPI RtlRunOnceBeginInitialize(RTL_RUN_ONCE *Once, ULONG Flags,
    PVOID *Context);
NTSYSAPI NTSTATUS NTAPI RtlRunOnceComplete(RTL_RUN_ONCE *Once, ULONG Flags, PVOID Context);
NTSYSAPI NTSTATUS NTAPI RtlRunOnceExecuteOnce(RTL_RUN_ONCE *Once, PRTL_RUN_ONCE_INIT_FN Fn,
    PVOID Parameter, PVOID *Context);

#endif
