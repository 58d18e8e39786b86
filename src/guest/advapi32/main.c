/* advapi32's DllMain and its log helper. */
#include "advapi32_private.h"

void adv_log(ULONG level, const char *fmt, ...)
{
    static const char *const classes[] = { "fixme", "err", "trace" };
    char buf[512];
    WCHAR wide[512];
    char utf8[1024];
    ULONG wlen = 0, ulen = 0;
    va_list ap;
    int n;

    n = _snprintf(buf, sizeof(buf), "%s:advapi32:", classes[level < 3 ? level : 2]);
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

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        LdrDisableThreadCalloutsForDll(inst);
    return TRUE;
}
