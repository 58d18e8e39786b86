/* Last-error and last-status bookkeeping in the TEB, and the exported face
 * of the one NTSTATUS -> Win32 error table (status.c). */
#include "ntdll_private.h"
#include "status.h"

ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS status)
{
    return status_to_dos_error((uint32_t)status);
}

/* Like Windows, also records the status as the thread's last status. */
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS status)
{
    nt_teb()->LastStatusValue = (ULONG)status;
    return status_to_dos_error((uint32_t)status);
}

NTSTATUS NTAPI RtlGetLastNtStatus(void)
{
    return (NTSTATUS)nt_teb()->LastStatusValue;
}

DWORD NTAPI RtlGetLastWin32Error(void)
{
    return nt_teb()->LastErrorValue;
}

void NTAPI RtlSetLastWin32Error(DWORD error)
{
    nt_teb()->LastErrorValue = error;
}

void NTAPI RtlSetLastWin32ErrorAndNtStatusFromNtStatus(NTSTATUS status)
{
    nt_teb()->LastErrorValue = RtlNtStatusToDosError(status);
}
