/* Nested host<->guest calls: LoadLibrary runs DllMain, which loads
 * another DLL whose DllMain makes system calls. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    HMODULE a;
    int (*get)(void);

    setvbuf(stdout, NULL, _IONBF, 0);
    a = LoadLibraryA("nest_a.dll");
    get = a ? (int (*)(void))GetProcAddress(a, "nest_a_value") : NULL;
    printf("main: a=%s value=%d\n", a ? "loaded" : "missing", get ? get() : -1);
    return a && get && get() == 1 ? 0 : 1;
}
