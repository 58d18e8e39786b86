/* A DLL for the unload tests, built several times (WHO_CHAR names it in
 * the event log; NEEDS_B makes it import unload_b.dll): DllMain logs
 * attach and detach; a global shows whether a reload starts afresh; a
 * thread routine unloads the DLL it runs in with FreeLibraryAndExitThread. */
#include <windows.h>

#define WHO ((char)WHO_CHAR)

void unload_log_event(char who, char what);
#ifdef NEEDS_B
int get_global(void);
#endif

static int global = 7;

__declspec(dllexport) int get_global_here(void)
{
    return global;
}

__declspec(dllexport) void set_global(int v)
{
    global = v;
}

#ifdef NEEDS_B
/* Makes the import of unload_b.dll real. */
__declspec(dllexport) int b_global(void)
{
    return get_global();
}
#else
__declspec(dllexport) int get_global(void)
{
    return global;
}
#endif

/* A thread that runs in this DLL and unloads it on its way out. */
__declspec(dllexport) DWORD WINAPI unload_self_thread(void *module)
{
    FreeLibraryAndExitThread((HMODULE)module, 42);
    return 1; /* not reached */
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        unload_log_event(WHO, 'A');
    else if (reason == DLL_PROCESS_DETACH)
        unload_log_event(WHO, reserved ? 'X' : 'D');
    return TRUE;
}
