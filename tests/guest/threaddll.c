/* A DLL that counts its DLL_THREAD_ATTACH and DLL_THREAD_DETACH
 * notifications, and starts a thread from its DllMain(PROCESS_ATTACH)
 * without waiting for it (which Windows allows); built a second time with
 * -DNO_THREAD_CALLS, which turns the notifications off with
 * DisableThreadLibraryCalls. */
#include <windows.h>

static volatile LONG attached, detached, worker_ran;
static HANDLE worker;

/* Runs once the loader lock is free: after the LoadLibrary that started
 * it has returned. */
static DWORD WINAPI dllmain_worker(void *arg)
{
    worker_ran = 1;
    return 0;
}

/* The thread DllMain started (the caller waits for it). */
__declspec(dllexport) HANDLE dllmain_thread(void)
{
    return worker;
}

__declspec(dllexport) LONG thread_attach_count(void)
{
    return attached;
}

__declspec(dllexport) LONG thread_detach_count(void)
{
    return detached;
}

__declspec(dllexport) LONG dllmain_thread_ran(void)
{
    return worker_ran;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
#ifdef NO_THREAD_CALLS
        DisableThreadLibraryCalls(inst);
#endif
        worker = CreateThread(NULL, 0, dllmain_worker, NULL, 0, NULL);
        break;
    case DLL_THREAD_ATTACH:
        InterlockedIncrement(&attached);
        break;
    case DLL_THREAD_DETACH:
        InterlockedIncrement(&detached);
        break;
    }
    return TRUE;
}
