/* Many threads at once: 64 threads each make 100000 system calls
 * (QueryPerformanceCounter is NtQueryPerformanceCounter; every 8th round
 * also SetEvent and a wait on the thread's own event, through the handle
 * table and the sync lock) and allocate and free heap blocks of random
 * sizes, counting in a shared variable with InterlockedIncrement; the
 * total is checked exactly, and so is every block's content. */
#include <windows.h>
#include <stdint.h>
#include <string.h>

#include "test.h"

#define NTHREADS 64
#define CALLS 100000
#define BLOCKS 16

static volatile LONG counter, bad;
static HANDLE heap;

static DWORD WINAPI worker(void *arg)
{
    uint32_t seed = (uint32_t)(uintptr_t)arg * 2654435761u + 1;
    unsigned char *blocks[BLOCKS] = { 0 };
    size_t sizes[BLOCKS] = { 0 };
    LARGE_INTEGER last = { 0 }, now;
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);

    if (!ev)
        InterlockedIncrement(&bad);
    for (int i = 0; i < CALLS; i++) {
        if (i % 8 == 0 && (!SetEvent(ev) || WaitForSingleObject(ev, 0) != WAIT_OBJECT_0 ||
                           WaitForSingleObject(ev, 0) != WAIT_TIMEOUT))
            InterlockedIncrement(&bad);
        if (!QueryPerformanceCounter(&now) || now.QuadPart < last.QuadPart)
            InterlockedIncrement(&bad);
        last = now;
        InterlockedIncrement(&counter);
        if (i % 4 == 0) {
            unsigned b = (seed >> 8) % BLOCKS;
            unsigned char tag = (unsigned char)(uintptr_t)arg;

            seed = seed * 1103515245u + 12345u;
            if (blocks[b]) {
                for (size_t k = 0; k < sizes[b]; k += 61)
                    if (blocks[b][k] != tag)
                        InterlockedIncrement(&bad);
                HeapFree(heap, 0, blocks[b]);
                blocks[b] = NULL;
            } else {
                sizes[b] = 1 + (seed >> 4) % 4000;
                if (!(blocks[b] = HeapAlloc(heap, 0, sizes[b])))
                    InterlockedIncrement(&bad);
                else
                    memset(blocks[b], tag, sizes[b]);
            }
        }
    }
    for (int b = 0; b < BLOCKS; b++)
        HeapFree(heap, 0, blocks[b]);
    CloseHandle(ev);
    return 0;
}

int main(void)
{
    HANDLE h[NTHREADS];
    DWORD start = GetTickCount();

    heap = GetProcessHeap();
    for (int i = 0; i < NTHREADS; i++) {
        h[i] = CreateThread(NULL, 0, worker, (void *)(uintptr_t)(i + 1), 0, NULL);
        ok(h[i] != NULL, "CreateThread %d: error %lu", i, GetLastError());
    }
    /* WaitForMultipleObjects takes at most 64 handles: exactly these. */
    ok(WaitForMultipleObjects(NTHREADS, h, TRUE, 50000) == WAIT_OBJECT_0, "all threads ended");
    for (int i = 0; i < NTHREADS; i++) {
        DWORD code = 1;
        ok(GetExitCodeThread(h[i], &code) && code == 0, "thread %d exit code %lu", i, code);
        CloseHandle(h[i]);
    }
    ok(counter == NTHREADS * CALLS, "counter %ld, want %d", counter, NTHREADS * CALLS);
    ok(bad == 0, "%ld failed checks", bad);
    printf("%d threads x %d calls in %lu ms\n", NTHREADS, CALLS, GetTickCount() - start);
    return test_summary();
}
