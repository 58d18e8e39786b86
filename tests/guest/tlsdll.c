/* A DLL with static TLS (a variable in its TLS template: MinGW's tlssup
 * gives every image a TLS directory, whose template is the .tls section
 * between _tls_start and _tls_end), built as tls_static.dll (imported by
 * dlltls.exe, so loaded at start-up) and tls_dynamic.dll (LoadLibrary).
 * Each thread's copy is at ThreadLocalStoragePointer[_tls_index] plus the
 * variable's offset in the template. A TLS callback counts thread
 * attaches. */
#include <windows.h>

extern char _tls_start;
extern ULONG _tls_index;
__attribute__((section(".tls$WOW"), used)) int dll_tls_var = 1234;
__attribute__((section(".tls$WOW"), used)) char dll_tls_text[16] = "template";

static volatile LONG thread_attaches;

__declspec(dllexport) ULONG tls_index_of(void)
{
    return _tls_index;
}

/* The calling thread's copy of dll_tls_var. */
__declspec(dllexport) int *tls_var(void)
{
    char **array;

    __asm__("movl %%fs:0x2C, %0" : "=r"(array));
    return (int *)(array[_tls_index] + ((char *)&dll_tls_var - &_tls_start));
}

__declspec(dllexport) char *tls_text(void)
{
    char **array;

    __asm__("movl %%fs:0x2C, %0" : "=r"(array));
    return array[_tls_index] + (dll_tls_text - &_tls_start);
}

__declspec(dllexport) LONG tls_thread_attaches(void)
{
    return thread_attaches;
}

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason == DLL_THREAD_ATTACH)
        InterlockedIncrement(&thread_attaches);
}

__attribute__((section(".CRT$XLW"), used)) PIMAGE_TLS_CALLBACK tls_callback_ptr = tls_callback;
