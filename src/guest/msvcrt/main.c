/* DllMain of our msvcrt.dll: sets up the heap, per-thread data, locks, the
 * descriptor table and standard streams, argv and the environment when the
 * process attaches, frees a thread's data when it ends, and flushes the
 * streams at process detach when no exit path did. */
#include "crtio.h"

/* msvcrt.dll is loaded once per process; its PROCESS_ATTACH runs before any
 * program code can call into it. */
BOOL WINAPI DllMain(HANDLE module, DWORD reason, void *reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        crt_heap = GetProcessHeap();
        crt_thread_init();
        crt_locks_init();
        crt_locale_init();
        crt_time_init();
        crt_fpu_init();
        crt_io_init();
        crt_stdio_init();
        crt_args_init();
        crt_environ_init();
        break;
    case DLL_THREAD_DETACH:
        crt_thread_detach();
        break;
    case DLL_PROCESS_DETACH:
        /* ExitProcess without exit(): buffered output still goes out,
         * but _exit and exit have already decided for themselves. */
        if (!crt_exit_done)
            crt_flushall_streams();
        break;
    }
    return 1;
}
