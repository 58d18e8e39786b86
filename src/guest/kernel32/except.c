/* Exceptions, kernel32's part: RaiseException, the top-level
 * (unhandled-exception) filter, the vectored handler entry points, the
 * thread context and DebugBreak. The dispatching itself is ntdll's
 * (src/guest/ntdll/exception.c); kernel32's DllMain registers
 * UnhandledExceptionFilter as ntdll's last resort. */
#include "kernel32_private.h"

NTSYSAPI void NTAPI RtlRaiseException(EXCEPTION_RECORD *Record);
NTSYSAPI PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG First,
                                                    PVECTORED_EXCEPTION_HANDLER Handler);
NTSYSAPI ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID Handle);
NTSYSAPI PVOID NTAPI RtlAddVectoredContinueHandler(ULONG First,
                                                   PVECTORED_EXCEPTION_HANDLER Handler);
NTSYSAPI ULONG NTAPI RtlRemoveVectoredContinueHandler(PVOID Handle);
NTSYSAPI NTSTATUS NTAPI NtGetContextThread(HANDLE Thread, CONTEXT *Context);
NTSYSAPI NTSTATUS NTAPI NtSetContextThread(HANDLE Thread, const CONTEXT *Context);

static LPTOP_LEVEL_EXCEPTION_FILTER top_filter;

/* Raises a software exception: at most 15 parameters are kept. */
void WINAPI RaiseException(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR *args)
{
    EXCEPTION_RECORD rec;

    rec.ExceptionCode = code;
    /* Only the noncontinuable bit is the caller's to set. */
    rec.ExceptionFlags = flags & EXCEPTION_NONCONTINUABLE;
    rec.ExceptionRecord = NULL;
    rec.ExceptionAddress = NULL; /* RtlRaiseException sets it */
    rec.NumberParameters = 0;
    if (args) {
        rec.NumberParameters = nargs > EXCEPTION_MAXIMUM_PARAMETERS ? EXCEPTION_MAXIMUM_PARAMETERS
                                                                    : nargs;
        memcpy(rec.ExceptionInformation, args, rec.NumberParameters * sizeof(*args));
    }
    RtlRaiseException(&rec);
}

/* The program's top-level filter; returns the previous one. */
LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER filter)
{
    return __atomic_exchange_n(&top_filter, filter, __ATOMIC_SEQ_CST);
}

/* The last stage of an unhandled exception: the program's top-level
 * filter decides; without one, or when it passes, the search goes on,
 * and ntdll hands the exception to the host, whose crash report stands in
 * for Windows' error dialog. */
LONG WINAPI UnhandledExceptionFilter(PEXCEPTION_POINTERS info)
{
    static DWORD filtering; /* the thread running the filter */
    LPTOP_LEVEL_EXCEPTION_FILTER filter = __atomic_load_n(&top_filter, __ATOMIC_SEQ_CST);
    DWORD tid = GetCurrentThreadId(), idle = 0;
    BOOL guarded;
    LONG ret;

    if (!filter)
        return EXCEPTION_CONTINUE_SEARCH;
    /* A filter that faults would be called again for its own exception,
     * and again: its thread gets the crash report instead. */
    if (__atomic_load_n(&filtering, __ATOMIC_SEQ_CST) == tid)
        return EXCEPTION_CONTINUE_SEARCH;
    guarded = __atomic_compare_exchange_n(&filtering, &idle, tid, FALSE, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST);
    ret = filter(info);
    if (guarded)
        __atomic_store_n(&filtering, 0, __ATOMIC_SEQ_CST);
    return ret;
}

/* The vectored handlers are ntdll's. */
PVOID WINAPI AddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    return RtlAddVectoredExceptionHandler(first, handler);
}

ULONG WINAPI RemoveVectoredExceptionHandler(PVOID handle)
{
    return RtlRemoveVectoredExceptionHandler(handle);
}

PVOID WINAPI AddVectoredContinueHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    return RtlAddVectoredContinueHandler(first, handler);
}

ULONG WINAPI RemoveVectoredContinueHandler(PVOID handle)
{
    return RtlRemoveVectoredContinueHandler(handle);
}

/* The calling thread's context (others: not implemented yet, in the host). */
BOOL WINAPI GetThreadContext(HANDLE thread, LPCONTEXT ctx)
{
    return k32_status(NtGetContextThread(thread, ctx));
}

BOOL WINAPI SetThreadContext(HANDLE thread, const CONTEXT *ctx)
{
    return k32_status(NtSetContextThread(thread, ctx));
}

void WINAPI DebugBreak(void)
{
    __asm__ volatile("int3");
}
