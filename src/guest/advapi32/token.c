/* Access tokens: OpenProcessToken, OpenThreadToken, GetTokenInformation
 * (the host answers the 32-bit layouts, src/nt/token.c). */
#include "advapi32_private.h"

/* The pseudo-handles of Windows 8's GetCurrentProcessToken (-4),
 * GetCurrentThreadToken (-5) and GetCurrentThreadEffectiveToken (-6),
 * which programs pass without opening anything. */
#define PSEUDO_PROCESS_TOKEN ((HANDLE)(LONG_PTR)-4)
#define PSEUDO_THREAD_TOKEN ((HANDLE)(LONG_PTR)-5)
#define PSEUDO_EFFECTIVE_TOKEN ((HANDLE)(LONG_PTR)-6)

BOOL WINAPI OpenProcessToken(HANDLE process, DWORD access, PHANDLE token)
{
    return adv_status(NtOpenProcessToken(process, access, token));
}

/* No thread impersonates: ERROR_NO_TOKEN for a valid thread. */
BOOL WINAPI OpenThreadToken(HANDLE thread, DWORD access, BOOL as_self, PHANDLE token)
{
    return adv_status(NtOpenThreadToken(thread, access, (BOOLEAN)!!as_self, token));
}

BOOL WINAPI GetTokenInformation(HANDLE token, TOKEN_INFORMATION_CLASS cls, LPVOID info,
                                DWORD len, PDWORD retlen)
{
    HANDLE h = token;
    NTSTATUS s;

    if (token == PSEUDO_THREAD_TOKEN) {
        SetLastError(ERROR_NO_TOKEN);
        return FALSE;
    }
    if (token == PSEUDO_PROCESS_TOKEN || token == PSEUDO_EFFECTIVE_TOKEN) {
        if (!NT_SUCCESS(s = NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &h)))
            return adv_status(s);
    }
    s = NtQueryInformationToken(h, cls, info, len, retlen);
    if (h != token)
        NtClose(h);
    return adv_status(s);
}
