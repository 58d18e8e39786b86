/* Per-call cost of a trivial file service: asking where the file pointer
 * is (SetFilePointer(h, 0, NULL, FILE_CURRENT) / lseek(fd, 0, SEEK_CUR)).
 * Usage: file_call [calls (2000000)] [temp file (file_call.tmp)] */
#include "bench.h"

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 2000000;
    const char *path = argc > 2 ? argv[2] : "file_call.tmp";
    bench_file f = bench_create(path);
    unsigned long i;
    long sum = 0;
    double t0, t1;

    if (f == BENCH_BAD_FILE)
        bench_fail("create", path, f);
    if (!n)
        n = 1;
    /* A tenth of the calls as warm-up: page in the code paths and let the
     * CPU settle before the clock starts. */
    for (i = 0; i < n / 10; i++)
        sum |= bench_tell(f);
    t0 = bench_now_ns();
    for (i = 0; i < n; i++)
        sum |= bench_tell(f);
    t1 = bench_now_ns();
    /* The file is empty, so every answer is 0; anything else is an error. */
    if (sum != 0)
        bench_fail("tell", path, f);
    bench_close(f);
    bench_delete(path);
    printf("file_call %.1f ns/call\n", (t1 - t0) / n);
    return 0;
}
