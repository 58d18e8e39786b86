/* kernel32's DllMain, its log helper, and the thread's last error. */
#include "kernel32_private.h"

void k32_log(ULONG level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    guest_vlog("kernel32", level, fmt, ap);
    va_end(ap);
}

DWORD WINAPI GetLastError(void)
{
    return nt_teb()->LastErrorValue;
}

void WINAPI SetLastError(DWORD error)
{
    nt_teb()->LastErrorValue = error;
}

NTSYSAPI void NTAPI RtlSetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER filter);

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        RtlSetUnhandledExceptionFilter(UnhandledExceptionFilter);
        k32_environ_init();
        k32_console_init();
    }
    return TRUE;
}
