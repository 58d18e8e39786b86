/* advapi32's DllMain and its log helper. */
#include "advapi32_private.h"

void adv_log(ULONG level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    guest_vlog("advapi32", level, fmt, ap);
    va_end(ap);
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        LdrDisableThreadCalloutsForDll(inst);
    return TRUE;
}
