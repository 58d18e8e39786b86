/* The process and its threads: identity, exit, and the pieces of the
 * exception API that do not need the exception dispatcher. */
#include "kernel32_private.h"

static LPTOP_LEVEL_EXCEPTION_FILTER top_filter;
static UINT error_mode;
static ULONG pointer_cookie;

HANDLE WINAPI GetCurrentProcess(void)
{
    return NtCurrentProcess();
}

HANDLE WINAPI GetCurrentThread(void)
{
    return NtCurrentThread();
}

DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)(ULONG_PTR)nt_teb()->ClientId.UniqueProcess;
}

DWORD WINAPI GetCurrentThreadId(void)
{
    return (DWORD)(ULONG_PTR)nt_teb()->ClientId.UniqueThread;
}

void WINAPI ExitProcess(UINT code)
{
    RtlExitUserProcess((NTSTATUS)code);
}

BOOL WINAPI TerminateProcess(HANDLE h, UINT code)
{
    if (!h) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_status(NtTerminateProcess(h, (NTSTATUS)code));
}

BOOL WINAPI GetExitCodeProcess(HANDLE h, LPDWORD code)
{
    PROCESS_BASIC_INFORMATION info;
    NTSTATUS status;

    status = NtQueryInformationProcess(h, ProcessBasicInformation, &info, sizeof(info), NULL);
    if (status)
        return k32_status(status);
    if (code)
        *code = (DWORD)info.ExitStatus;  /* STILL_ACTIVE (STATUS_PENDING) while running */
    return TRUE;
}

DWORD WINAPI GetProcessId(HANDLE h)
{
    PROCESS_BASIC_INFORMATION info;
    NTSTATUS status;

    if (h == GetCurrentProcess())
        return GetCurrentProcessId();
    status = NtQueryInformationProcess(h, ProcessBasicInformation, &info, sizeof(info), NULL);
    if (status) {
        k32_status(status);
        return 0;
    }
    return (DWORD)info.UniqueProcessId;
}

/* Ends the calling thread; the last thread's exit ends the process (with
 * the DLLs' DLL_PROCESS_DETACH), as on Windows. */
void WINAPI ExitThread(DWORD code)
{
    ULONG last = 1;

    NtQueryInformationThread(GetCurrentThread(), ThreadAmILastThread, &last, sizeof(last), NULL);
    if (last)
        RtlExitUserProcess((NTSTATUS)code);
    K32_FIXME_ONCE("ExitThread: DLL_THREAD_DETACH notifications are not sent\n");
    for (;;)
        NtTerminateThread(GetCurrentThread(), (NTSTATUS)code);
}

BOOL WINAPI TerminateThread(HANDLE h, DWORD code)
{
    return k32_status(NtTerminateThread(h, (NTSTATUS)code));
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES sa, SIZE_T stack, LPTHREAD_START_ROUTINE start,
                           LPVOID arg, DWORD flags, LPDWORD id)
{
    K32_NOT_IMPLEMENTED("CreateThread %p %p: there is no thread-creation service yet\n", start, arg);
    return NULL;
}

BOOL WINAPI CreateProcessW(LPCWSTR app, LPWSTR cmdline, LPSECURITY_ATTRIBUTES psa,
                           LPSECURITY_ATTRIBUTES tsa, BOOL inherit, DWORD flags, LPVOID env,
                           LPCWSTR dir, LPSTARTUPINFOW si, LPPROCESS_INFORMATION pi)
{
    K32_NOT_IMPLEMENTED("CreateProcessW %ls %ls: there is no process-creation service yet\n",
                        app ? app : L"", cmdline ? cmdline : L"");
    return FALSE;
}

BOOL WINAPI CreateProcessA(LPCSTR app, LPSTR cmdline, LPSECURITY_ATTRIBUTES psa,
                           LPSECURITY_ATTRIBUTES tsa, BOOL inherit, DWORD flags, LPVOID env,
                           LPCSTR dir, LPSTARTUPINFOA si, LPPROCESS_INFORMATION pi)
{
    K32_NOT_IMPLEMENTED("CreateProcessA %s %s: there is no process-creation service yet\n",
                        app ? app : "", cmdline ? cmdline : "");
    return FALSE;
}

BOOL WINAPI IsDebuggerPresent(void)
{
    return nt_peb()->BeingDebugged;
}

void WINAPI OutputDebugStringA(LPCSTR text)
{
    if (text)
        k32_log(WOW64_LOG_TRACE, "OutputDebugString: %s", text);
}

void WINAPI OutputDebugStringW(LPCWSTR text)
{
    if (text)
        k32_log(WOW64_LOG_TRACE, "OutputDebugString: %ls", text);
}

void WINAPI DebugBreak(void)
{
    __asm__ volatile ("int3");
}

LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER filter)
{
    return __atomic_exchange_n(&top_filter, filter, __ATOMIC_SEQ_CST);
}

/* The last stage of an unhandled exception: the program's top-level filter
 * decides, else the process is to be terminated (EXCEPTION_EXECUTE_HANDLER).
 * No error dialog or debugger hand-off: the host's crash report covers that
 * once the exception dispatcher exists. */
LONG WINAPI UnhandledExceptionFilter(PEXCEPTION_POINTERS info)
{
    static LONG nesting;
    LPTOP_LEVEL_EXCEPTION_FILTER filter = top_filter;
    LONG ret = EXCEPTION_CONTINUE_SEARCH;

    if (filter && !__atomic_exchange_n(&nesting, 1, __ATOMIC_SEQ_CST)) {
        ret = filter(info);
        nesting = 0;
        if (ret != EXCEPTION_CONTINUE_SEARCH)
            return ret;
    }
    if (info && info->ExceptionRecord)
        k32_log(WOW64_LOG_ERROR, "unhandled exception %08lx at %p\n",
                info->ExceptionRecord->ExceptionCode, info->ExceptionRecord->ExceptionAddress);
    return EXCEPTION_EXECUTE_HANDLER;
}

/* Raising needs the exception dispatcher (ntdll's RtlRaiseException and
 * the SEH chain walk), which is separate work: until it exists, the
 * exception is reported and the process ends with its code, as an
 * unhandled exception would end it. */
void WINAPI RaiseException(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR *args)
{
    k32_log(WOW64_LOG_FIXME, "RaiseException code %08lx flags %lx nargs %lu: exception dispatch "
            "is not implemented yet; terminating the process\n", code, flags, nargs);
    NtTerminateProcess(GetCurrentProcess(), (NTSTATUS)code);
    for (;;)
        NtTerminateProcess(GetCurrentProcess(), (NTSTATUS)code);
}

BOOL WINAPI IsWow64Process(HANDLE h, PBOOL wow64)
{
    ULONG_PTR peb32 = 0;
    NTSTATUS status;

    if (!wow64) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* We are the 32-bit side of WOW64 ourselves. */
    if (h == GetCurrentProcess()) {
        *wow64 = TRUE;
        return TRUE;
    }
    status = NtQueryInformationProcess(h, ProcessWow64Information, &peb32, sizeof(peb32), NULL);
    if (status)
        return k32_status(status);
    *wow64 = peb32 != 0;
    return TRUE;
}

BOOL WINAPI IsWow64Process2(HANDLE h, USHORT *process_machine, USHORT *native_machine)
{
    BOOL wow64 = FALSE;

    if (!process_machine) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!IsWow64Process(h, &wow64))
        return FALSE;
    *process_machine = wow64 ? IMAGE_FILE_MACHINE_I386 : IMAGE_FILE_MACHINE_UNKNOWN;
    if (native_machine)
        *native_machine = IMAGE_FILE_MACHINE_AMD64;
    return TRUE;
}

/* No error dialogs are ever shown, so the mode only needs remembering. */
UINT WINAPI SetErrorMode(UINT mode)
{
    return __atomic_exchange_n(&error_mode, mode, __ATOMIC_SEQ_CST);
}

UINT WINAPI GetErrorMode(void)
{
    return error_mode;
}

/* EncodePointer & co.: XOR with a per-process cookie, then rotate, so that
 * stored function pointers are not plain addresses. The cookie is made
 * once from the clock and the counters. */
static ULONG cookie(void)
{
    if (!pointer_cookie) {
        LARGE_INTEGER now, counter;
        ULONG c;

        NtQuerySystemTime(&now);
        RtlQueryPerformanceCounter(&counter);
        c = now.u.LowPart ^ now.u.HighPart ^ counter.u.LowPart ^ GetCurrentProcessId() << 16;
        __sync_bool_compare_and_swap(&pointer_cookie, 0, c ? c : 0x5a5a5a5a);
    }
    return pointer_cookie;
}

static ULONG rotr(ULONG v, unsigned n)
{
    n &= 31;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

PVOID WINAPI EncodePointer(PVOID p)
{
    ULONG c = cookie();

    return (PVOID)rotr((ULONG)(ULONG_PTR)p ^ c, c);
}

PVOID WINAPI DecodePointer(PVOID p)
{
    ULONG c = cookie();

    return (PVOID)(rotr((ULONG)(ULONG_PTR)p, 32 - (c & 31)) ^ c);
}

PVOID WINAPI EncodeSystemPointer(PVOID p)
{
    return EncodePointer(p);
}

PVOID WINAPI DecodeSystemPointer(PVOID p)
{
    return DecodePointer(p);
}
