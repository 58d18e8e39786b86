/* Wow64GenRandom: cryptographically strong random bytes from the host's
 * getrandom(2), the source of RtlGenRandom (SystemFunction036) and
 * CryptGenRandom in the guest. */
#include "nt.h"

#include <errno.h>
#include <sys/random.h>

#include "../cpu/cpu.h"

NTSTATUS svc_Wow64GenRandom(void *buf, ULONG size)
{
    uint8_t chunk[256];
    ULONG done = 0;

    if (size && !buf)
        return STATUS_ACCESS_VIOLATION;
    while (done < size) {
        size_t want = size - done < sizeof chunk ? size - done : sizeof chunk;
        ssize_t got = getrandom(chunk, want, 0);

        if (got < 0) {
            if (errno == EINTR)
                continue;
            return nt_status_from_errno(errno);
        }
        if (!guest_write((uint8_t *)buf + done, chunk, (size_t)got))
            return STATUS_ACCESS_VIOLATION;
        done += (ULONG)got;
    }
    return STATUS_SUCCESS;
}
