/* Handles: closing and duplicating. */
#include "kernel32_private.h"

BOOL WINAPI CloseHandle(HANDLE h)
{
    /* The pseudo-handles are not in the handle table; closing them is a
     * harmless success on Windows. */
    if (h == GetCurrentProcess() || h == GetCurrentThread())
        return TRUE;
    /* A handle protected from close stays (ERROR_INVALID_HANDLE). */
    if (!k32_status(NtClose(h)))
        return FALSE;
    k32_console_forget(h);
    return TRUE;
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

/* OBJECT_HANDLE_FLAG_INFORMATION, class 4 of NtQueryObject. */
typedef struct {
    BOOLEAN Inherit;
    BOOLEAN ProtectFromClose;
} handle_flag_info;

#define OBJECT_HANDLE_FLAG_INFORMATION 4

BOOL WINAPI GetHandleInformation(HANDLE h, LPDWORD flags)
{
    handle_flag_info info;

    if (!k32_status(NtQueryObject(h, (OBJECT_INFORMATION_CLASS)OBJECT_HANDLE_FLAG_INFORMATION, &info, sizeof(info), NULL)))
        return FALSE;
    *flags = (info.Inherit ? HANDLE_FLAG_INHERIT : 0) |
             (info.ProtectFromClose ? HANDLE_FLAG_PROTECT_FROM_CLOSE : 0);
    return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE h, DWORD mask, DWORD flags)
{
    handle_flag_info info;

    if (!k32_status(NtQueryObject(h, (OBJECT_INFORMATION_CLASS)OBJECT_HANDLE_FLAG_INFORMATION, &info, sizeof(info), NULL)))
        return FALSE;
    if (mask & HANDLE_FLAG_INHERIT)
        info.Inherit = (flags & HANDLE_FLAG_INHERIT) != 0;
    if (mask & HANDLE_FLAG_PROTECT_FROM_CLOSE)
        info.ProtectFromClose = (flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0;
    return k32_status(NtSetInformationObject(h, OBJECT_HANDLE_FLAG_INFORMATION, &info, sizeof(info)));
}
