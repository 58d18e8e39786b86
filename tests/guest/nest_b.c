/* Loaded from nest_a.dll's DllMain; its own DllMain writes through the
 * system call path while two host->guest calls are in progress. */
#include <windows.h>

static int value;

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        DWORD n;
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "b: attach\r\n", 11, &n, NULL);
        Sleep(0);
        value = 42;
    }
    return TRUE;
}

__declspec(dllexport) int nest_b_value(void)
{
    return value;
}
