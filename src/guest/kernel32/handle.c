/* Handles: closing and duplicating. */
#include "kernel32_private.h"

BOOL WINAPI CloseHandle(HANDLE h)
{
    /* The pseudo-handles are not in the handle table; closing them is a
     * harmless success on Windows. */
    if (h == GetCurrentProcess() || h == GetCurrentThread())
        return TRUE;
    k32_console_forget(h);
    return k32_status(NtClose(h));
}

BOOL WINAPI DuplicateHandle(HANDLE src_process, HANDLE src, HANDLE dst_process, LPHANDLE dst,
                            DWORD access, BOOL inherit, DWORD options)
{
    NTSTATUS status = NtDuplicateObject(src_process, src, dst_process, dst, access,
                                        inherit ? OBJ_INHERIT : 0, options);

    if (!status && (options & DUPLICATE_CLOSE_SOURCE) && src_process == GetCurrentProcess())
        k32_console_forget(src);
    return k32_status(status);
}

BOOL WINAPI GetHandleInformation(HANDLE h, LPDWORD flags)
{
    K32_NOT_IMPLEMENTED("GetHandleInformation %p: handle flags need a host service\n", h);
    return FALSE;
}

BOOL WINAPI SetHandleInformation(HANDLE h, DWORD mask, DWORD flags)
{
    K32_NOT_IMPLEMENTED("SetHandleInformation %p %08lx %08lx: handle flags need a host "
                        "service\n", h, mask, flags);
    return FALSE;
}
