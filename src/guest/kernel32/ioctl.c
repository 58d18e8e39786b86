/* DeviceIoControl: the one control code real programs send to plain files
 * (FSCTL_SET_SPARSE, e.g. lz4 and zstd before writing with holes). Other
 * codes need NtDeviceIoControlFile/NtFsControlFile, which we do not have. */
#include "kernel32_private.h"

#define K32_FSCTL_SET_SPARSE 0x000900c4

/* Marks a disk file sparse: host files already keep unwritten ranges as
 * holes, so there is nothing to change; anything but a disk file is refused
 * as Windows refuses it (ERROR_INVALID_FUNCTION). */
static BOOL set_sparse(HANDLE h, DWORD *returned)
{
    DWORD type = GetFileType(h);

    if (type == FILE_TYPE_UNKNOWN && GetLastError() != NO_ERROR)
        return FALSE;
    if (type != FILE_TYPE_DISK) {
        SetLastError(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    if (returned)
        *returned = 0;
    SetLastError(NO_ERROR);
    return TRUE;
}

BOOL WINAPI DeviceIoControl(HANDLE h, DWORD code, LPVOID in, DWORD in_size, LPVOID out,
                            DWORD out_size, LPDWORD returned, LPOVERLAPPED ov)
{
    if (code == K32_FSCTL_SET_SPARSE && !ov)
        return set_sparse(h, returned);
    K32_NOT_IMPLEMENTED("DeviceIoControl: control code 0x%08lx\n", (unsigned long)code);
    return FALSE;
}
