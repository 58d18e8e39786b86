/* kernel32's DllMain, its log helper, and the thread's last error. */
#include "kernel32_private.h"

void k32_log(ULONG level, const char *fmt, ...)
{
    static const char *const classes[] = { "fixme", "err", "trace" };
    char buf[512];
    WCHAR wide[512];
    char utf8[1024];
    ULONG wlen = 0, ulen = 0;
    va_list ap;
    int n;

    n = _snprintf(buf, sizeof(buf), "%s:kernel32:", classes[level < 3 ? level : 2]);
    va_start(ap, fmt);
    if (_vsnprintf(buf + n, sizeof(buf) - 1 - n, fmt, ap) < 0)
        buf[sizeof(buf) - 2] = '\n';
    va_end(ap);
    buf[sizeof(buf) - 1] = 0;
    /* Our strings are ANSI; the host wants UTF-8. */
    RtlMultiByteToUnicodeN(wide, sizeof(wide), &wlen, buf, strlen(buf));
    RtlUnicodeToUTF8N(utf8, sizeof(utf8) - 1, &ulen, wide, wlen);
    utf8[ulen] = 0;
    Wow64LogMessage(level, utf8);
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
