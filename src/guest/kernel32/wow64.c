/* kernel32's WOW64 file-system redirection API (spec section 2): per
 * thread, nestable through Disable/Revert pairs. */
#include "kernel32_private.h"

NTSTATUS NTAPI RtlWow64EnableFsRedirectionEx(PVOID disable, PVOID *old);
NTSTATUS NTAPI RtlWow64EnableFsRedirection(BOOLEAN enable);

/* Disables redirection for this thread; *old receives the value to give
 * back to Wow64RevertWow64FsRedirection. NULL old: ERROR_NOACCESS. */
BOOL WINAPI Wow64DisableWow64FsRedirection(PVOID *old)
{
    return k32_status(RtlWow64EnableFsRedirectionEx((PVOID)1, old));
}

BOOL WINAPI Wow64RevertWow64FsRedirection(PVOID old)
{
    PVOID previous;

    return k32_status(RtlWow64EnableFsRedirectionEx(old, &previous));
}

/* The older switch; not to be mixed with Disable/Revert. */
BOOLEAN WINAPI Wow64EnableWow64FsRedirection(BOOLEAN enable)
{
    return k32_status(RtlWow64EnableFsRedirection(enable));
}
