/* NtQueryObject / NtSetInformationObject: the flags of a handle
 * (ObjectHandleFlagInformation), kept by the handle table. */
#include "object.h"

#include "log.h"
#include "../cpu/cpu.h"

#define ObjectHandleFlagInformation 4

/* OBJECT_HANDLE_FLAG_INFORMATION: two BOOLEANs, the same in 32 and 64
 * bits. */
struct handle_flag_info {
    uint8_t inherit;
    uint8_t protect_from_close;
};

NTSTATUS svc_NtQueryObject(HANDLE h, ULONG cls, void *buf, ULONG len, ULONG *retlen)
{
    struct handle_flag_info info;
    ULONG flags, size = sizeof info;
    NTSTATUS s;

    if (cls != ObjectHandleFlagInformation) {
        log_fixme("ntdll", "NtQueryObject", "information class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (len < sizeof info)
        s = STATUS_INFO_LENGTH_MISMATCH;
    else if ((s = handle_flags(h, &flags, 0, 0)) == STATUS_SUCCESS) {
        info.inherit = (flags & 1) != 0;
        info.protect_from_close = (flags & 2) != 0;
        if (!guest_write(buf, &info, sizeof info))
            return STATUS_ACCESS_VIOLATION;
    }
    if (retlen && s != STATUS_INVALID_HANDLE && !guest_write(retlen, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    return s;
}

NTSTATUS svc_NtSetInformationObject(HANDLE h, ULONG cls, const void *buf, ULONG len)
{
    struct handle_flag_info info;

    if (cls != ObjectHandleFlagInformation) {
        log_fixme("ntdll", "NtSetInformationObject", "information class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (len != sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!guest_read(&info, buf, sizeof info))
        return STATUS_ACCESS_VIOLATION;
    return handle_flags(h, NULL, 3, (info.inherit ? 1u : 0u) | (info.protect_from_close ? 2u : 0u));
}
