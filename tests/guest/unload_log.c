/* The event log of the unload tests: the test DLLs' DllMains write what
 * happens to them here ("bA": b attached, "bD": b detached by FreeLibrary,
 * lpReserved NULL; "bX": detached with lpReserved set, as at process
 * exit). The test program imports this DLL, so it stays loaded while the
 * DLLs it watches come and go. With unload_log_report_at_exit() it
 * writes the log to standard output in its own DLL_PROCESS_DETACH at
 * process exit (it was loaded before the DLLs it watches, so it is
 * detached after them). */
#include <windows.h>

static char events[1024];
static LONG used;

__declspec(dllexport) void unload_log_event(char who, char what)
{
    LONG at = InterlockedExchangeAdd(&used, 2);

    if (at + 2 < (LONG)sizeof(events)) {
        events[at] = who;
        events[at + 1] = what;
    }
}

__declspec(dllexport) const char *unload_log_events(void)
{
    return events;
}

__declspec(dllexport) void unload_log_clear(void)
{
    memset(events, 0, sizeof(events));
    used = 0;
}

/* How many times an event occurs in the log. */
__declspec(dllexport) int unload_log_count(char who, char what)
{
    int n = 0;

    for (LONG i = 0; i + 1 < used && i + 1 < (LONG)sizeof(events); i += 2)
        n += events[i] == who && events[i + 1] == what;
    return n;
}

static BOOL report_at_exit;

__declspec(dllexport) void unload_log_report_at_exit(void)
{
    report_at_exit = TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_DETACH && report_at_exit) {
        const char *parts[] = { "events at exit: ", events,
                                reserved ? " (process exit)\r\n" : " (FreeLibrary)\r\n" };
        DWORD written;

        /* Plain WriteFile: no CRT (this DLL's or msvcrt's) needed here. */
        for (int i = 0; i < 3; i++)
            WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), parts[i], (DWORD)strlen(parts[i]), &written, NULL);
    }
    return TRUE;
}
