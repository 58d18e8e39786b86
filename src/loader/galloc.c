/* Guest memory for structures the host builds for the guest (PEB, process
 * parameters, LDR entries, module names): a bump allocator over 64 KiB
 * chunks of committed guest memory. These live as long as the process. */
#include "loader.h"

#include <string.h>

static uint32_t chunk_next, chunk_end;

uint32_t galloc(uint32_t size)
{
    uint32_t p;

    size = (size + 15) & ~15u;
    if (size > chunk_end - chunk_next) {
        uint32_t base = 0, len = size > GUEST_GRANULARITY ? (size + 0xFFFF) & ~0xFFFFu : GUEST_GRANULARITY;
        if (vm_allocate(&base, &len, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE) !=
            STATUS_SUCCESS)
            return 0;
        chunk_next = base;
        chunk_end = base + len;
    }
    p = chunk_next;
    chunk_next += size;
    return p;
}

bool galloc_unicode_w(const WCHAR *w, UNICODE_STRING32 *out)
{
    size_t len = 0;
    uint32_t buf;

    while (w[len])
        len++;
    if (len * 2 + 2 > 0xFFFF)
        return false;
    if (!(buf = galloc((uint32_t)(len * 2 + 2))))
        return false;
    memcpy((void *)(uintptr_t)buf, w, len * 2 + 2);
    out->Length = (USHORT)(len * 2);
    out->MaximumLength = (USHORT)(len * 2 + 2);
    out->Buffer = buf;
    return true;
}

bool galloc_unicode(const char *utf8, UNICODE_STRING32 *out)
{
    WCHAR tmp[32768];

    utf8_to_utf16(utf8, tmp, sizeof tmp / sizeof *tmp);
    return galloc_unicode_w(tmp, out);
}
