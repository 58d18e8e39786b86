/* Anonymous pipes: CreatePipe over the private service Wow64CreatePipe
 * (a host pipe whose ends are file handles of FILE_DEVICE_NAMED_PIPE
 * type: reads after the writer has gone fail with ERROR_BROKEN_PIPE). */
#include "kernel32_private.h"

NTSYSAPI NTSTATUS NTAPI Wow64CreatePipe(PHANDLE Read, PHANDLE Write, ULONG Size);

/* sa->bInheritHandle makes both ends inheritable. */
BOOL WINAPI CreatePipe(PHANDLE read, PHANDLE write, LPSECURITY_ATTRIBUTES sa, DWORD size)
{
    HANDLE r = NULL, w = NULL;

    if (!read || !write) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!k32_status(Wow64CreatePipe(&r, &w, size)))
        return FALSE;
    if (sa && sa->bInheritHandle &&
        (!SetHandleInformation(r, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT) ||
         !SetHandleInformation(w, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT))) {
        NtClose(r);
        NtClose(w);
        return FALSE;
    }
    *read = r;
    *write = w;
    return TRUE;
}
