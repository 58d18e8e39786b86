/* errno -> NTSTATUS: the one place this mapping lives. */
#include "nt.h"

#include <errno.h>

NTSTATUS nt_status_from_errno(int err)
{
    switch (err) {
    case 0: return STATUS_SUCCESS;
    case EFAULT: return STATUS_ACCESS_VIOLATION;
    case ENOENT: return STATUS_OBJECT_NAME_NOT_FOUND;
    case ENOTDIR: return STATUS_OBJECT_PATH_NOT_FOUND;
    case EEXIST: return STATUS_OBJECT_NAME_COLLISION;
    case EACCES:
    case EPERM:
    case EROFS: return STATUS_ACCESS_DENIED;
    case EISDIR: return STATUS_FILE_IS_A_DIRECTORY;
    case ENOTEMPTY: return STATUS_DIRECTORY_NOT_EMPTY;
    case EBADF: return STATUS_INVALID_HANDLE;
    case EINVAL: return STATUS_INVALID_PARAMETER;
    case ENOMEM: return STATUS_NO_MEMORY;
    case ENOSPC:
    case EDQUOT: return STATUS_DISK_FULL;
    case EMFILE:
    case ENFILE: return STATUS_TOO_MANY_OPENED_FILES;
    case ENAMETOOLONG: return STATUS_NAME_TOO_LONG;
    case EPIPE: return STATUS_PIPE_BROKEN;
    case EBUSY:
    case ETXTBSY: return STATUS_SHARING_VIOLATION;
    case ENOSYS:
    case EOPNOTSUPP: return STATUS_NOT_SUPPORTED;
    case EIO: return STATUS_IO_DEVICE_ERROR;
    case ESPIPE: return STATUS_INVALID_PARAMETER;
    case EINTR: return STATUS_CANCELLED;
    default: return STATUS_UNSUCCESSFUL;
    }
}
