/* The WOW64 file-system redirection switch of ntdll. The state lives in
 * the host's thread state and is set through the
 * RtlWow64EnableFsRedirectionEx service (syscalls.def). */
#include "ntdll_private.h"

NTSTATUS NTAPI RtlWow64EnableFsRedirectionEx(PVOID disable, PVOID *old);

/* Stores !enable: TRUE turns redirection on for this thread. */
NTSTATUS NTAPI RtlWow64EnableFsRedirection(BOOLEAN enable)
{
    PVOID old;

    return RtlWow64EnableFsRedirectionEx((PVOID)(ULONG_PTR)!enable, &old);
}
