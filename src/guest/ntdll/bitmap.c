/* RTL_BITMAP: the bit arrays behind TLS slot allocation (kernel32's
 * TlsAlloc/TlsFree use them on the PEB's TlsBitmap, under the PEB lock). */
#include "ntdll_private.h"

static inline BOOLEAN bit_is_set(const RTL_BITMAP32 *bm, ULONG i)
{
    return (bm->Buffer[i / 32] >> (i % 32)) & 1;
}

void NTAPI RtlInitializeBitMap(RTL_BITMAP32 *bm, ULONG *buffer, ULONG bits)
{
    bm->SizeOfBitMap = bits;
    bm->Buffer = buffer;
}

void NTAPI RtlSetBits(RTL_BITMAP32 *bm, ULONG start, ULONG count)
{
    ULONG i;

    if (start > bm->SizeOfBitMap || count > bm->SizeOfBitMap - start)
        return;
    for (i = start; i < start + count; i++)
        bm->Buffer[i / 32] |= 1u << (i % 32);
}

void NTAPI RtlClearBits(RTL_BITMAP32 *bm, ULONG start, ULONG count)
{
    ULONG i;

    if (start > bm->SizeOfBitMap || count > bm->SizeOfBitMap - start)
        return;
    for (i = start; i < start + count; i++)
        bm->Buffer[i / 32] &= ~(1u << (i % 32));
}

BOOLEAN NTAPI RtlAreBitsSet(const RTL_BITMAP32 *bm, ULONG start, ULONG count)
{
    ULONG i;

    if (!count || start > bm->SizeOfBitMap || count > bm->SizeOfBitMap - start)
        return FALSE;
    for (i = start; i < start + count; i++)
        if (!bit_is_set(bm, i))
            return FALSE;
    return TRUE;
}

BOOLEAN NTAPI RtlAreBitsClear(const RTL_BITMAP32 *bm, ULONG start, ULONG count)
{
    ULONG i;

    if (!count || start > bm->SizeOfBitMap || count > bm->SizeOfBitMap - start)
        return FALSE;
    for (i = start; i < start + count; i++)
        if (bit_is_set(bm, i))
            return FALSE;
    return TRUE;
}

/* Finds count clear bits, searching from hint and wrapping around, sets
 * them and returns the first index; ~0 when there is no such run. */
ULONG NTAPI RtlFindClearBitsAndSet(RTL_BITMAP32 *bm, ULONG count, ULONG hint)
{
    ULONG size = bm->SizeOfBitMap, n, pos;

    if (!count || count > size)
        return ~0u;
    if (hint >= size)
        hint = 0;
    for (n = 0; n < size; n++) {
        pos = (hint + n) % size;
        if (pos + count > size)
            continue;
        if (RtlAreBitsClear(bm, pos, count)) {
            RtlSetBits(bm, pos, count);
            return pos;
        }
    }
    return ~0u;
}
