/* Threads: creation (NtCreateThreadEx), the start thunk every thread runs,
 * exit and termination, suspension, identity, priorities, times, user
 * APCs. */
#include "kernel32_private.h"
#include "tls.h"

/* NtCreateThreadEx's attribute list (32-bit PS_ATTRIBUTE_LIST). */
typedef struct {
    ULONG_PTR Attribute;
    SIZE_T Size;
    union {
        ULONG_PTR Value;
        PVOID ValuePtr;
    };
    PSIZE_T ReturnLength;
} K32_PS_ATTRIBUTE;

typedef struct {
    SIZE_T TotalLength;
    K32_PS_ATTRIBUTE Attributes[1];
} K32_PS_ATTRIBUTE_LIST;

_Static_assert(sizeof(K32_PS_ATTRIBUTE) == 16, "PS_ATTRIBUTE");

#define PS_ATTRIBUTE_CLIENT_ID 0x10003
#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED 0x1

/* THREAD_BASIC_INFORMATION, which winternl.h does not define. */
typedef struct {
    NTSTATUS ExitStatus;
    PVOID TebBaseAddress;
    CLIENT_ID ClientId;
    ULONG_PTR AffinityMask;
    LONG Priority;
    LONG BasePriority;
} K32_THREAD_BASIC_INFORMATION;

_Static_assert(sizeof(K32_THREAD_BASIC_INFORMATION) == 28, "THREAD_BASIC_INFORMATION");

/* THREADINFOCLASS values winternl.h lacks. */
#define K32_ThreadBasePriority 3
#define K32_ThreadAffinityMask 4
#define K32_ThreadIdealProcessor 13

/* The base-priority values of the saturated levels (as Windows passes
 * THREAD_PRIORITY_TIME_CRITICAL and THREAD_PRIORITY_IDLE down). */
#define BASE_PRIORITY_SATURATE 16

NTSYSAPI NTSTATUS NTAPI NtCreateThreadEx(PHANDLE Thread, ACCESS_MASK Access,
    POBJECT_ATTRIBUTES Attributes, HANDLE Process, PVOID StartRoutine, PVOID Argument,
    ULONG CreateFlags, SIZE_T ZeroBits, SIZE_T StackSize, SIZE_T MaximumStackSize,
    K32_PS_ATTRIBUTE_LIST *AttributeList);
NTSYSAPI NTSTATUS NTAPI NtOpenThread(PHANDLE Thread, ACCESS_MASK Access,
    POBJECT_ATTRIBUTES Attributes, CLIENT_ID *ClientId);
NTSYSAPI NTSTATUS NTAPI NtSuspendThread(HANDLE Thread, PULONG PreviousSuspendCount);
NTSYSAPI NTSTATUS NTAPI NtResumeThread(HANDLE Thread, PULONG PreviousSuspendCount);
NTSYSAPI NTSTATUS NTAPI NtQueueApcThread(HANDLE Thread, PVOID ApcRoutine, PVOID Argument1,
    PVOID Argument2, PVOID Argument3);
NTSYSAPI void NTAPI RtlExitUserThread(NTSTATUS Status) __attribute__((noreturn));

/* Calls start(arg) with a stack pointer of its own: a start routine that
 * does not pop its argument (cdecl, or an entry point taking none) must
 * not shift ours. The call is made with a 16-byte aligned stack, as
 * MinGW's code expects. */
static DWORD call_start(LPTHREAD_START_ROUTINE start, void *arg)
{
    DWORD ret, ecx, edx;

    __asm__ volatile("movl %%esp, %%esi\n\t"
                     "andl $-16, %%esp\n\t"
                     "subl $12, %%esp\n\t"
                     "pushl %%edx\n\t"
                     "call *%%ecx\n\t"
                     "movl %%esi, %%esp"
                     : "=a"(ret), "=c"(ecx), "=d"(edx)
                     : "c"(start), "d"(arg)
                     : "esi", "memory", "cc");
    return ret;
}

/* Where every thread's code starts (the host calls it after the DLLs'
 * DLL_THREAD_ATTACH; the main thread with the exe's entry and the PEB):
 * the start routine, then ExitThread with its return value. */
void WINAPI BaseThreadInitThunk(DWORD unused, LPTHREAD_START_ROUTINE start, void *arg)
{
    (void)unused;
    ExitThread(call_start(start, arg));
}

HANDLE WINAPI CreateRemoteThreadEx(HANDLE process, LPSECURITY_ATTRIBUTES sa, SIZE_T stack,
                                   LPTHREAD_START_ROUTINE start, LPVOID arg, DWORD flags,
                                   LPPROC_THREAD_ATTRIBUTE_LIST attributes, LPDWORD id)
{
    K32_PS_ATTRIBUTE_LIST list;
    OBJECT_ATTRIBUTES attr;
    CLIENT_ID cid = { 0, 0 };
    SIZE_T commit = stack, reserve = 0;
    NTSTATUS status;
    HANDLE h;

    if (attributes)
        K32_FIXME_ONCE("CreateRemoteThreadEx: attribute list ignored\n");
    /* The stack size is the commit, or with this flag the reserve. */
    if (flags & STACK_SIZE_PARAM_IS_A_RESERVATION) {
        reserve = stack;
        commit = 0;
    }
    list.TotalLength = sizeof(list);
    list.Attributes[0].Attribute = PS_ATTRIBUTE_CLIENT_ID;
    list.Attributes[0].Size = sizeof(cid);
    list.Attributes[0].ValuePtr = &cid;
    list.Attributes[0].ReturnLength = NULL;
    InitializeObjectAttributes(&attr, NULL, (sa && sa->bInheritHandle) ? OBJ_INHERIT : 0, NULL,
                               sa ? sa->lpSecurityDescriptor : NULL);
    status = NtCreateThreadEx(&h, THREAD_ALL_ACCESS, &attr, process, (PVOID)start, arg,
                              (flags & CREATE_SUSPENDED) ? THREAD_CREATE_FLAGS_CREATE_SUSPENDED : 0,
                              0, commit, reserve, &list);
    if (!NT_SUCCESS(status)) {
        k32_status(status);
        return NULL;
    }
    if (id)
        *id = (DWORD)(ULONG_PTR)cid.UniqueThread;
    return h;
}

HANDLE WINAPI CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES sa, SIZE_T stack,
                                 LPTHREAD_START_ROUTINE start, LPVOID arg, DWORD flags, LPDWORD id)
{
    return CreateRemoteThreadEx(process, sa, stack, start, arg, flags, NULL, id);
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES sa, SIZE_T stack, LPTHREAD_START_ROUTINE start,
                           LPVOID arg, DWORD flags, LPDWORD id)
{
    return CreateRemoteThreadEx(GetCurrentProcess(), sa, stack, start, arg, flags, NULL, id);
}

/* Ends the calling thread: its FLS callbacks, then ntdll (the DLLs'
 * DLL_THREAD_DETACH; the last thread's exit ends the process). */
void WINAPI ExitThread(DWORD code)
{
    k32_fls_thread_exit();
    RtlExitUserThread((NTSTATUS)code);
}

BOOL WINAPI TerminateThread(HANDLE h, DWORD code)
{
    if (!h) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_status(NtTerminateThread(h, (NTSTATUS)code));
}

static BOOL basic_info(HANDLE h, K32_THREAD_BASIC_INFORMATION *info)
{
    return k32_status(NtQueryInformationThread(h, ThreadBasicInformation, info, sizeof(*info), NULL));
}

BOOL WINAPI GetExitCodeThread(HANDLE h, LPDWORD code)
{
    K32_THREAD_BASIC_INFORMATION info;

    if (!basic_info(h, &info))
        return FALSE;
    if (code)
        *code = (DWORD)info.ExitStatus; /* STILL_ACTIVE (STATUS_PENDING) while it runs */
    return TRUE;
}

DWORD WINAPI SuspendThread(HANDLE h)
{
    ULONG prev;

    if (!k32_status(NtSuspendThread(h, &prev)))
        return (DWORD)-1;
    return prev;
}

DWORD WINAPI ResumeThread(HANDLE h)
{
    ULONG prev;

    if (!k32_status(NtResumeThread(h, &prev)))
        return (DWORD)-1;
    return prev;
}

DWORD WINAPI GetThreadId(HANDLE h)
{
    K32_THREAD_BASIC_INFORMATION info;

    if (h == GetCurrentThread())
        return GetCurrentThreadId();
    return basic_info(h, &info) ? (DWORD)(ULONG_PTR)info.ClientId.UniqueThread : 0;
}

DWORD WINAPI GetProcessIdOfThread(HANDLE h)
{
    K32_THREAD_BASIC_INFORMATION info;

    if (h == GetCurrentThread())
        return GetCurrentProcessId();
    return basic_info(h, &info) ? (DWORD)(ULONG_PTR)info.ClientId.UniqueProcess : 0;
}

HANDLE WINAPI OpenThread(DWORD access, BOOL inherit, DWORD id)
{
    OBJECT_ATTRIBUTES attr;
    CLIENT_ID cid = { 0, (HANDLE)(ULONG_PTR)id };
    HANDLE h;

    InitializeObjectAttributes(&attr, NULL, inherit ? OBJ_INHERIT : 0, NULL, NULL);
    if (!k32_status(NtOpenThread(&h, access, &attr, &cid)))
        return NULL;
    return h;
}

BOOL WINAPI SetThreadPriority(HANDLE h, int priority)
{
    LONG base = priority;

    if (priority == THREAD_PRIORITY_TIME_CRITICAL)
        base = BASE_PRIORITY_SATURATE;
    else if (priority == THREAD_PRIORITY_IDLE)
        base = -BASE_PRIORITY_SATURATE;
    else if (priority < THREAD_PRIORITY_LOWEST || priority > THREAD_PRIORITY_HIGHEST) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return k32_status(NtSetInformationThread(h, K32_ThreadBasePriority, &base, sizeof(base)));
}

int WINAPI GetThreadPriority(HANDLE h)
{
    K32_THREAD_BASIC_INFORMATION info;

    if (!basic_info(h, &info))
        return THREAD_PRIORITY_ERROR_RETURN;
    if (info.BasePriority == BASE_PRIORITY_SATURATE)
        return THREAD_PRIORITY_TIME_CRITICAL;
    if (info.BasePriority == -BASE_PRIORITY_SATURATE)
        return THREAD_PRIORITY_IDLE;
    return info.BasePriority;
}

BOOL WINAPI GetThreadTimes(HANDLE h, LPFILETIME creation, LPFILETIME exit, LPFILETIME kernel,
                           LPFILETIME user)
{
    KERNEL_USER_TIMES times;

    if (!k32_status(NtQueryInformationThread(h, ThreadTimes, &times, sizeof(times), NULL)))
        return FALSE;
    if (creation)
        *creation = times.CreateTime;
    if (exit)
        *exit = times.ExitTime;
    if (kernel) {
        kernel->dwLowDateTime = times.KernelTime.u.LowPart;
        kernel->dwHighDateTime = (DWORD)times.KernelTime.u.HighPart;
    }
    if (user) {
        user->dwLowDateTime = times.UserTime.u.LowPart;
        user->dwHighDateTime = (DWORD)times.UserTime.u.HighPart;
    }
    return TRUE;
}

/* A user APC as NtQueueApcThread calls it (three arguments): the
 * program's routine takes one. */
static void WINAPI call_user_apc(PVOID routine, PVOID data, PVOID unused)
{
    (void)unused;
    ((PAPCFUNC)routine)((ULONG_PTR)data);
}

DWORD WINAPI QueueUserAPC(PAPCFUNC routine, HANDLE h, ULONG_PTR data)
{
    return k32_status(NtQueueApcThread(h, (PVOID)call_user_apc, (PVOID)routine, (PVOID)data, NULL));
}

/* The affinity is kept (and reported), not applied: the host schedules
 * the thread on any processor. Returns the previous mask. */
DWORD_PTR WINAPI SetThreadAffinityMask(HANDLE h, DWORD_PTR mask)
{
    K32_THREAD_BASIC_INFORMATION info;
    ULONG value = mask;

    if (!basic_info(h, &info) ||
        !k32_status(NtSetInformationThread(h, K32_ThreadAffinityMask, &value, sizeof(value))))
        return 0;
    return info.AffinityMask;
}

/* Returns the previous ideal processor (kept, not applied). */
DWORD WINAPI SetThreadIdealProcessor(HANDLE h, DWORD processor)
{
    NTSTATUS status = NtSetInformationThread(h, K32_ThreadIdealProcessor, &processor,
                                             sizeof(processor));

    if (!NT_SUCCESS(status)) {
        k32_status(status);
        return (DWORD)-1;
    }
    return (DWORD)status;
}

/* The processor the thread runs on: Linux keeps it in the limit of a GDT
 * segment (selector 0x7b: (node << 12) | cpu), readable with lsl from any
 * mode, as the vDSO's getcpu does. */
DWORD WINAPI GetCurrentProcessorNumber(void)
{
    DWORD limit = 0;
    BYTE ok;

    __asm__ volatile("lsl %2, %0\n\tsetz %1" : "=r"(limit), "=q"(ok) : "r"(0x7bu) : "cc");
    return ok ? (limit & 0xfff) : 0;
}
