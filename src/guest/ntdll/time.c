/* The performance counter, straight from the host (NtQueryPerformanceCounter). */
#include "ntdll_private.h"

static LARGE_INTEGER frequency;

BOOLEAN NTAPI RtlQueryPerformanceCounter(LARGE_INTEGER *counter)
{
    return NtQueryPerformanceCounter(counter, NULL) == STATUS_SUCCESS;
}

/* The frequency never changes while the system runs: ask the host once. */
BOOLEAN NTAPI RtlQueryPerformanceFrequency(LARGE_INTEGER *freq)
{
    LARGE_INTEGER counter;

    if (!frequency.QuadPart && NtQueryPerformanceCounter(&counter, &frequency))
        return FALSE;
    *freq = frequency;
    return TRUE;
}
