/* Fault-safe access to guest memory: every copy runs through one guarded
 * instruction range in switch.S that the SIGSEGV handler knows how to
 * resume, so a bad guest pointer is an error code, never a host crash. */
#include "cpu.h"
#include "cpu_internal.h"
#include "../nt/nt.h"

#define GUEST_LIMIT 0x100000000ull
#define GUEST_FLOOR 0x10000ull

static bool guest_range_ok(const void *p, size_t n)
{
    uint64_t a = (uint64_t)(uintptr_t)p;

    if (!(a >= GUEST_FLOOR && a <= GUEST_LIMIT && n <= GUEST_LIMIT - a))
        return false;
    /* Host mappings inside the low 4 GiB are not guest memory, however
     * readable (the list is empty but under AddressSanitizer). */
    for (unsigned i = 0; i < vm_host_nholes; i++)
        if (a < vm_host_holes[i].end && a + n > vm_host_holes[i].start)
            return false;
    return true;
}

bool guest_read(void *dst, const void *guest_src, size_t n)
{
    if (!n)
        return true;
    if (!guest_range_ok(guest_src, n))
        return false;
    return cpu_copy_guarded(dst, guest_src, n) == 0;
}

bool guest_write(void *guest_dst, const void *src, size_t n)
{
    if (!n)
        return true;
    if (!guest_range_ok(guest_dst, n))
        return false;
    return cpu_copy_guarded(guest_dst, src, n) == 0;
}

static long guest_strnlen_width(const void *s, size_t max, size_t width)
{
    uint64_t a = (uint64_t)(uintptr_t)s;

    if (a < GUEST_FLOOR || a >= GUEST_LIMIT || !guest_range_ok(s, width))
        return -1;
    /* Nor scan into a host mapping above. */
    for (unsigned i = 0; i < vm_host_nholes; i++)
        if (vm_host_holes[i].start > a && max > (vm_host_holes[i].start - a) / width)
            max = (vm_host_holes[i].start - a) / width;
    /* Never scan past the top of the guest range. */
    if (max > (GUEST_LIMIT - a) / width)
        max = (GUEST_LIMIT - a) / width;
    return cpu_strnlen_guarded(s, max, width);
}

long guest_strnlen(const char *guest_s, size_t max)
{
    return guest_strnlen_width(guest_s, max, 1);
}

long guest_wcsnlen(const uint16_t *guest_s, size_t max)
{
    return guest_strnlen_width(guest_s, max, 2);
}
