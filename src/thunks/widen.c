/* Argument widening and struct conversion between the 32-bit guest and the
 * 64-bit host, one rule per signature letter of syscalls.def. */
#include "thunks.h"
#include "widen.h"

#include <string.h>

#include "../cpu/cpu.h"

/* Copies a counted guest string (UNICODE_STRING32 or STRING32) into
 * scratch memory so the service never touches guest memory for it. */
static bool convert_counted(uint32_t g, USHORT *len, USHORT *max, void **buf)
{
    UNICODE_STRING32 s;
    void *copy;

    if (!guest_read(&s, (void *)(uintptr_t)g, sizeof s))
        return false;
    *len = s.Length;
    *max = s.Length;
    *buf = NULL;
    if (!s.Buffer)
        return s.Length == 0;
    /* Room for a terminator, which services may rely on for convenience. */
    if (!(copy = thunks_scratch((size_t)s.Length + 2)))
        return false;
    if (!guest_read(copy, (void *)(uintptr_t)s.Buffer, s.Length))
        return false;
    memset((char *)copy + s.Length, 0, 2);
    *buf = copy;
    return true;
}

bool widen_unicode_string(uint32_t g, UNICODE_STRING *out)
{
    void *buf;

    if (!convert_counted(g, &out->Length, &out->MaximumLength, &buf))
        return false;
    out->Buffer = buf;
    return true;
}

bool widen_ansi_string(uint32_t g, STRING *out)
{
    void *buf;

    if (!convert_counted(g, &out->Length, &out->MaximumLength, &buf))
        return false;
    out->Buffer = buf;
    return true;
}

bool widen_object_attributes(uint32_t g, OBJECT_ATTRIBUTES *out, UNICODE_STRING *name)
{
    OBJECT_ATTRIBUTES32 a;

    if (!guest_read(&a, (void *)(uintptr_t)g, sizeof a))
        return false;
    /* A wrong Length stays wrong so that the service can refuse it. */
    out->Length = a.Length == sizeof a ? (ULONG)sizeof *out : 0;
    out->RootDirectory = (HANDLE)(uintptr_t)thunks_widen('H', a.RootDirectory);
    out->Attributes = a.Attributes;
    out->SecurityDescriptor = (void *)(uintptr_t)a.SecurityDescriptor;
    out->SecurityQualityOfService = (void *)(uintptr_t)a.SecurityQualityOfService;
    out->ObjectName = NULL;
    if (a.ObjectName) {
        if (!widen_unicode_string(a.ObjectName, name))
            return false;
        out->ObjectName = name;
    }
    return true;
}
