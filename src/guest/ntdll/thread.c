/* Thread exit: RtlExitUserThread, behind kernel32's ExitThread. */
#include "ntdll_private.h"
#include "heap.h"

/* Ends the calling thread with status; the last thread's exit ends the
 * process instead, with the DLLs' DLL_PROCESS_DETACH. The DLLs'
 * DLL_THREAD_DETACH notifications are sent by the host inside
 * NtTerminateThread (under its loader lock, like the attach ones). */
void NTAPI RtlExitUserThread(NTSTATUS status)
{
    ULONG last = 0;

    if (!NtQueryInformationThread(NtCurrentThread(), ThreadAmILastThread, &last, sizeof(last), NULL) &&
        last)
        RtlExitUserProcess(status);
    /* The thread's heap caches go back to their heaps (later frees, in
     * DLL_THREAD_DETACH, take the locked path). */
    heap_thread_exit();
    for (;;)
        NtTerminateThread(NtCurrentThread(), status);
}
