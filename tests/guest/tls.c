/* Thread-local storage across threads: TlsAlloc slots (and the expansion
 * slots past the first 64), GCC's __thread variables (MinGW's emutls, on
 * top of TlsAlloc), a variable in the exe's image TLS (the .tls section,
 * one copy per thread made from its template), TLS callbacks with
 * DLL_THREAD_ATTACH/DETACH, and FLS callbacks at thread exit. Expected
 * values: Microsoft's documentation of TlsAlloc, TlsFree, TlsGetValue,
 * FlsAlloc, and the PE format's TLS directory. */
#include <windows.h>
#include <stdint.h>

#include "test.h"

#define NTHREADS 4

static HANDLE start_threads(LPTHREAD_START_ROUTINE fn, void *arg, HANDLE *h, int n)
{
    for (int i = 0; i < n; i++)
        h[i] = CreateThread(NULL, 0, fn, (void *)(uintptr_t)(arg ? (uintptr_t)arg : (uintptr_t)i),
                            0, NULL);
    return h[0];
}

static void join(HANDLE *h, int n)
{
    ok(WaitForMultipleObjects(n, h, TRUE, 10000) == WAIT_OBJECT_0, "threads ended");
    for (int i = 0; i < n; i++)
        CloseHandle(h[i]);
}

/* ---- TlsAlloc slots ---- */

static DWORD slot, expansion_slot;
static HANDLE phase1, phase2;
static volatile LONG bad;

static DWORD WINAPI slot_worker(void *arg)
{
    uintptr_t me = (uintptr_t)arg + 1;

    if (TlsGetValue(slot) || TlsGetValue(expansion_slot))
        InterlockedIncrement(&bad); /* a new thread starts with NULL */
    TlsSetValue(slot, (void *)(me * 16));
    TlsSetValue(expansion_slot, (void *)(me * 32));
    Sleep(20); /* the others set theirs meanwhile */
    if (TlsGetValue(slot) != (void *)(me * 16) || TlsGetValue(expansion_slot) != (void *)(me * 32))
        InterlockedIncrement(&bad);
    SignalObjectAndWait(phase1, phase2, INFINITE, FALSE);
    /* The main thread freed both slots: they read NULL here too. */
    if (TlsGetValue(slot) || TlsGetValue(expansion_slot))
        InterlockedIncrement(&bad);
    return 0;
}

static void test_tls_slots(void)
{
    DWORD fillers[80];
    int nfill = 0;
    HANDLE h[NTHREADS];

    slot = TlsAlloc();
    ok(slot != TLS_OUT_OF_INDEXES, "TlsAlloc");
    /* Take slots until one is past the first 64 (an expansion slot). */
    while (nfill < 80 && (fillers[nfill] = TlsAlloc()) < 64 && fillers[nfill] != TLS_OUT_OF_INDEXES)
        nfill++;
    ok(nfill < 80 && fillers[nfill] >= 64 && fillers[nfill] != TLS_OUT_OF_INDEXES,
       "an expansion slot: %lu", fillers[nfill]);
    expansion_slot = fillers[nfill];
    TlsSetValue(slot, (void *)0x1234);
    TlsSetValue(expansion_slot, (void *)0x5678);
    phase1 = CreateSemaphoreA(NULL, 0, NTHREADS, NULL);
    phase2 = CreateEventA(NULL, TRUE, FALSE, NULL);
    start_threads(slot_worker, NULL, h, NTHREADS);
    for (int i = 0; i < NTHREADS; i++)
        WaitForSingleObject(phase1, INFINITE);
    ok(TlsGetValue(slot) == (void *)0x1234 && TlsGetValue(expansion_slot) == (void *)0x5678,
       "the main thread's values are its own");
    ok(TlsFree(slot) && TlsFree(expansion_slot), "TlsFree");
    SetEvent(phase2);
    join(h, NTHREADS);
    ok(bad == 0, "%ld per-thread slot checks failed", bad);
    ok(TlsGetValue(slot) == NULL && TlsGetValue(expansion_slot) == NULL, "freed slots read NULL");
    for (int i = 0; i < nfill; i++)
        TlsFree(fillers[i]);
    CloseHandle(phase1);
    CloseHandle(phase2);
}

/* ---- __thread (emutls) and image TLS ---- */

static __thread int gcc_tls = 5;

/* A variable in the exe's TLS template (MinGW's tlssup brackets the .tls
 * section with _tls_start and _tls_end): each thread's copy is at
 * ThreadLocalStoragePointer[_tls_index] + its offset in the template. */
extern char _tls_start;
extern ULONG _tls_index;
__attribute__((section(".tls$WOW"), used)) int image_tls = 1234;

static int *image_tls_copy(void)
{
    char **array;

    __asm__("movl %%fs:0x2C, %0" : "=r"(array));
    return (int *)(array[_tls_index] + ((char *)&image_tls - &_tls_start));
}

static DWORD WINAPI tls_var_worker(void *arg)
{
    int me = (int)(uintptr_t)arg;
    int *mine = image_tls_copy();

    if (gcc_tls != 5 || *mine != 1234)
        InterlockedIncrement(&bad); /* each thread starts from the initial value */
    gcc_tls = 100 + me;
    *mine = 200 + me;
    Sleep(20);
    if (gcc_tls != 100 + me || *image_tls_copy() != 200 + me)
        InterlockedIncrement(&bad);
    return 0;
}

static void test_tls_variables(void)
{
    HANDLE h[NTHREADS];

    bad = 0;
    ok(*image_tls_copy() == 1234, "the main thread's image TLS copy: %d", *image_tls_copy());
    gcc_tls = 6;
    *image_tls_copy() = 7;
    start_threads(tls_var_worker, NULL, h, NTHREADS);
    join(h, NTHREADS);
    ok(bad == 0, "%ld per-thread variable checks failed", bad);
    ok(gcc_tls == 6 && *image_tls_copy() == 7, "the main thread's copies: %d %d", gcc_tls,
       *image_tls_copy());
    ok(image_tls == 1234, "the template is untouched: %d", image_tls);
}

/* ---- TLS callbacks ---- */

static volatile LONG cb_attach, cb_detach;

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason == DLL_THREAD_ATTACH)
        InterlockedIncrement(&cb_attach);
    else if (reason == DLL_THREAD_DETACH)
        InterlockedIncrement(&cb_detach);
}

__attribute__((section(".CRT$XLW"), used)) PIMAGE_TLS_CALLBACK tls_callback_ptr = tls_callback;

static DWORD WINAPI nothing(void *arg)
{
    return 0;
}

static void test_tls_callbacks(void)
{
    HANDLE h[NTHREADS];
    LONG a = cb_attach, d = cb_detach;

    start_threads(nothing, NULL, h, NTHREADS);
    join(h, NTHREADS);
    ok(cb_attach - a == NTHREADS, "TLS callback DLL_THREAD_ATTACH %ld times", cb_attach - a);
    ok(cb_detach - d == NTHREADS, "TLS callback DLL_THREAD_DETACH %ld times", cb_detach - d);
}

/* ---- FLS callbacks ---- */

static DWORD fls;
static volatile LONG fls_calls, fls_sum;

static void WINAPI fls_callback(void *value)
{
    InterlockedIncrement(&fls_calls);
    InterlockedExchangeAdd(&fls_sum, (LONG)(uintptr_t)value);
}

static DWORD WINAPI fls_worker(void *arg)
{
    FlsSetValue(fls, (void *)(uintptr_t)((uintptr_t)arg + 1));
    if ((uintptr_t)arg & 1)
        ExitThread(0);
    return 0;
}

static void test_fls(void)
{
    HANDLE h[NTHREADS];

    fls = FlsAlloc(fls_callback);
    ok(fls != FLS_OUT_OF_INDEXES, "FlsAlloc");
    start_threads(fls_worker, NULL, h, NTHREADS);
    join(h, NTHREADS);
    ok(fls_calls == NTHREADS && fls_sum == 1 + 2 + 3 + 4, "FLS callbacks at thread exit: %ld, sum %ld",
       fls_calls, fls_sum);
    FlsSetValue(fls, (void *)1000);
    ok(FlsFree(fls), "FlsFree");
    ok(fls_calls == NTHREADS + 1 && fls_sum == 1010, "FlsFree runs the callback: %ld, sum %ld",
       fls_calls, fls_sum);
}

int main(void)
{
    test_tls_slots();
    test_tls_variables();
    test_tls_callbacks();
    test_fls();
    return test_summary();
}
