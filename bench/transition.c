/* Transition benchmark: the cost of a bare 64->32->64 round trip (a host
 * call of an empty guest function) against a null service call through
 * the whole dispatcher (guest stub -> 32->64 -> dispatcher -> libffi ->
 * NtTestAlert -> back), side by side in one run. The round trip is the
 * physical limit of a service call that does no host work; the round
 * trip plus a bare 64-bit lseek system call is the limit of a trivial
 * file service (bench/progs/file_call.c). Prints the median of 7
 * alternating rounds of each; bench/run.sh makes the table. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "wow64.h"
#include "cpu/cpu.h"

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    struct wow64_options o = { 0 };
    uint32_t dll, nop, loop;
    unsigned n = 1000000, rounds = 7;
    double bare[16], trip[16], svc[16], seek[16];
    char path[] = "/tmp/bench_transition.XXXXXX";
    int fd = mkstemp(path);

    if (argc < 2) {
        fprintf(stderr, "usage: bench_transition transition.dll [calls]\n");
        return 2;
    }
    if (argc > 2)
        n = (unsigned)strtoul(argv[2], NULL, 0);
    if (fd < 0) {
        perror("bench_transition: mkstemp");
        return 1;
    }
    unlink(path);
    if (wow64_init(&o) != WOW64_OK || wow64_load_library(argv[1], &dll) != WOW64_OK ||
        wow64_get_proc_address(dll, "nop", &nop) != WOW64_OK ||
        wow64_get_proc_address(dll, "null_services", &loop) != WOW64_OK) {
        fprintf(stderr, "bench_transition: %s\n", wow64_last_error());
        return 1;
    }
    /* Warm-up, then alternate the two measurements. */
    for (unsigned i = 0; i < n / 10; i++)
        wow64_call(nop, 0, NULL);
    wow64_call(loop, 1, &(uint32_t){ n / 10 });
    for (unsigned r = 0; r < rounds; r++) {
        double ts = now_ns(), tb, t0, t1, t2;
        cpu_bare_roundtrips(n, fd);
        tb = now_ns();
        cpu_bare_roundtrips(n, -1);
        t0 = now_ns();
        for (unsigned i = 0; i < n; i++)
            wow64_call(nop, 0, NULL);
        t1 = now_ns();
        if (wow64_call(loop, 1, &n) != 0) {
            fprintf(stderr, "bench_transition: NtTestAlert failed\n");
            return 1;
        }
        t2 = now_ns();
        seek[r] = (tb - ts) / n;
        bare[r] = (t0 - tb) / n;
        trip[r] = (t1 - t0) / n;
        svc[r] = (t2 - t1) / n;
    }
    qsort(bare, rounds, sizeof *bare, cmp);
    qsort(trip, rounds, sizeof *trip, cmp);
    qsort(svc, rounds, sizeof *svc, cmp);
    qsort(seek, rounds, sizeof *seek, cmp);
    /* "<name> <value> <unit>" lines for bench/run.sh, which prints the
     * table: the round trip is the limit the null service is held to. */
    printf("roundtrip %.1f ns/call\n", bare[rounds / 2]);
    printf("host_call %.1f ns/call\n", trip[rounds / 2]);
    printf("null_service %.1f ns/call\n", svc[rounds / 2]);
    printf("roundtrip_lseek %.1f ns/call\n", seek[rounds / 2]);
    return 0;
}
