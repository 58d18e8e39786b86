/* Cost of a thread's whole life: create a thread that returns at once,
 * wait for it, close it (CreateThread + WaitForSingleObject + CloseHandle
 * against pthread_create + pthread_join), one thread at a time.
 * Usage: threads [threads (1000)]
 * Prints "threads skipped <reason>" when the Windows side cannot create
 * threads (a kernel32 without CreateThread). */
#include "bench.h"

static volatile long ran;

static BENCH_THREAD_FN(body)
{
    (void)arg;
    ran++;
    BENCH_THREAD_RETURN;
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
    const char *why = bench_threads_unavailable();
    bench_thread t;
    double t0, t1;

    if (!n)
        n = 1;
    /* One thread first: it tells whether threads work at all, and pages in
     * the code paths before the clock starts. */
    if (!why && bench_thread_start(&t, body, NULL, &why) == 0 && bench_thread_join(t) != 0)
        why = "join failed";
    if (why) {
        printf("threads skipped %s\n", why);
        return 0;
    }
    t0 = bench_now_ns();
    for (unsigned long i = 0; i < n; i++) {
        if (bench_thread_start(&t, body, NULL, &why) != 0 || bench_thread_join(t) != 0) {
            fprintf(stderr, "thread %lu: %s\n", i, why ? why : "join failed");
            return 1;
        }
    }
    t1 = bench_now_ns();
    if (ran != (long)n + 1) {
        fprintf(stderr, "%ld of %lu threads ran\n", ran, n + 1);
        return 1;
    }
    printf("threads %.2f us/thread\n", (t1 - t0) / n / 1000);
    return 0;
}
