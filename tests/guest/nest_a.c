/* DllMain of this DLL loads nest_b.dll, whose DllMain makes system calls:
 * host -> guest -> host -> guest -> host, nested call32 frames. */
#include <stdio.h>
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        HMODULE b = LoadLibraryA("nest_b.dll");
        int (*get)(void) = b ? (int (*)(void))GetProcAddress(b, "nest_b_value") : NULL;
        printf("a: attach, b says %d\n", get ? get() : -1);
    }
    return TRUE;
}

__declspec(dllexport) int nest_a_value(void)
{
    return 1;
}
