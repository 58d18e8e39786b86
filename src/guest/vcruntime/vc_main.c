/* vcruntime140.dll, the compiler-support half of MSVC 2015+'s runtime:
 * memory functions, SEH and C++ exception support, setjmp/longjmp, the
 * std::exception and type_info helpers. Built from msvcrt's sources for
 * what they share (string.c, eh.c, eh_seh.c, setjmp.c, common/crtstring.c)
 * plus the files here; malloc, free and terminate come from ucrtbase.dll,
 * as in Microsoft's. */
#include "vcruntime.h"

DWORD vc_tls_index = 0xffffffff;

BOOL WINAPI DllMain(HANDLE module, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        vc_tls_index = TlsAlloc();
        if (vc_tls_index == 0xffffffff)
            return 0;
    } else if (reason == DLL_THREAD_DETACH) {
        free(TlsGetValue(vc_tls_index));
    }
    return 1;
}

/* Logs "fixme:vcruntime140:<func>" through ntdll's logging service. */
void crt_fixme(const char *func)
{
    char msg[96];
    static const char prefix[] = "fixme:vcruntime140:";
    size_t n = sizeof(prefix) - 1, k = strlen(func);

    if (k > sizeof(msg) - n - 2)
        k = sizeof(msg) - n - 2;
    memcpy(msg, prefix, n);
    memcpy(msg + n, func, k);
    msg[n + k] = '\n';
    msg[n + k + 1] = 0;
    Wow64LogMessage(0, msg);
}
