/* Throughput of sequential 64 KiB writes to a new file and then 64 KiB
 * reads of it from the start, each timed on its own. The file stays in the
 * page cache, so this measures the per-block cost of the call path and the
 * copy, not the disk.
 * Usage: file_io [MiB (512)] [temp file (file_io.tmp)] */
#include <string.h>

#include "bench.h"

#define BLOCK (64 * 1024)

static unsigned char buf[BLOCK];

int main(int argc, char **argv)
{
    unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 512;
    const char *path = argc > 2 ? argv[2] : "file_io.tmp";
    unsigned long blocks, i;
    bench_file f;
    double t0, t1, t2, t3;

    if (!mib)
        mib = 1;
    blocks = mib * (1024 * 1024 / BLOCK);
    memset(buf, 0x5a, sizeof buf);
    if ((f = bench_create(path)) == BENCH_BAD_FILE)
        bench_fail("create", path, f);
    t0 = bench_now_ns();
    for (i = 0; i < blocks; i++) {
        buf[0] = (unsigned char)i; /* a different block each time */
        if (bench_write(f, buf, BLOCK) != BLOCK)
            bench_fail("write", path, f);
    }
    t1 = bench_now_ns();
    if (bench_rewind(f) != 0)
        bench_fail("rewind", path, f);
    t2 = bench_now_ns();
    for (i = 0; i < blocks; i++) {
        if (bench_read(f, buf, BLOCK) != BLOCK || buf[0] != (unsigned char)i)
            bench_fail("read", path, f);
    }
    t3 = bench_now_ns();
    bench_close(f);
    bench_delete(path);
    printf("file_io_write %.1f MiB/s\n", mib / ((t1 - t0) / 1e9));
    printf("file_io_read %.1f MiB/s\n", mib / ((t3 - t2) / 1e9));
    return 0;
}
