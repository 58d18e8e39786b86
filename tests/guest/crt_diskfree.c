/* _getdiskfree and _rmtmp, built for msvcrt.dll and (with _UCRT)
 * ucrtbase.dll.
 *
 * Expected values: Microsoft's _getdiskfree page (0 on success; drives 0
 * = current, 1 = A:, ... 26 = Z:; a NULL structure or a drive above 26 is
 * an invalid parameter, errno EINVAL; otherwise the Win32 error is
 * returned) and GetDiskFreeSpaceEx's total, which must equal total
 * clusters x sectors per cluster x bytes per sector; Microsoft's _rmtmp
 * page ("closes and deletes all temporary files in the current
 * directory... returns the number of temporary files closed and
 * deleted"). */
#include <direct.h>
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "crt_handler.h"
#include "test.h"

static void test_getdiskfree(void)
{
    struct _diskfree_t df, dc;
    ULARGE_INTEGER avail, total, free_bytes;
    unsigned long long cluster;
    unsigned r;
    int drive = _getdrive();

    memset(&df, 0xcc, sizeof df);
    r = _getdiskfree(0, &df);
    ok(r == 0, "_getdiskfree(0): %u", r);
    ok(df.bytes_per_sector > 0 && df.sectors_per_cluster > 0, "geometry %u x %u",
       df.sectors_per_cluster, df.bytes_per_sector);
    ok(df.total_clusters > 0 && df.avail_clusters <= df.total_clusters, "clusters %u / %u",
       df.avail_clusters, df.total_clusters);
    cluster = (unsigned long long)df.sectors_per_cluster * df.bytes_per_sector;
    ok(GetDiskFreeSpaceExA(NULL, &avail, &total, &free_bytes), "GetDiskFreeSpaceEx");
    if (df.total_clusters != 0xffffffffu)
        ok(total.QuadPart == df.total_clusters * cluster, "total %llu vs %u x %llu",
           (unsigned long long)total.QuadPart, df.total_clusters, cluster);

    /* The current drive by number: the same volume. */
    r = _getdiskfree(drive, &dc);
    ok(r == 0 && dc.total_clusters == df.total_clusters &&
       dc.bytes_per_sector == df.bytes_per_sector, "_getdiskfree(%d): %u", drive, r);

#ifdef _UCRT
    _set_invalid_parameter_handler(count_handler);
#endif
    errno = 0;
    r = _getdiskfree(27, &df);
    ok(r != 0 && errno == EINVAL, "drive 27: %u errno %d", r, errno);
    errno = 0;
    r = _getdiskfree(0, NULL);
    ok(r != 0 && errno == EINVAL, "NULL: %u errno %d", r, errno);
#ifdef _UCRT
    ok(handler_calls == 2, "invalid parameter handler calls %d", handler_calls);
#endif
}

/* The files a directory holds whose name starts with prefix. */
static int count_files(const char *pattern)
{
    struct _finddata_t fd;
    intptr_t h = _findfirst(pattern, &fd);
    int n = 0;

    if (h == -1)
        return 0;
    do
        n++;
    while (_findnext(h, &fd) == 0);
    _findclose(h);
    return n;
}

static void test_rmtmp(void)
{
    char dir[MAX_PATH], pattern[MAX_PATH + 4], keep_name[MAX_PATH + 16];
    FILE *t1, *t2, *keep;
    int before, n;

    /* tmpfile() makes its files in the root of the current drive. */
    _getcwd(dir, sizeof dir);
    sprintf(pattern, "%.2s\\t*", dir);
    before = count_files(pattern);
    t1 = tmpfile();
    t2 = tmpfile();
    ok(t1 && t2, "tmpfile");
    if (!t1 || !t2)
        return;
    fputs("scratch", t1);
    ok(count_files(pattern) == before + 2, "files after tmpfile: %d, before %d",
       count_files(pattern), before);

    sprintf(keep_name, "%s\\rmtmp_keep.txt", dir);
    keep = fopen(keep_name, "w");
    ok(keep != NULL, "fopen %s", keep_name);

    n = _rmtmp();
    ok(n == 2, "_rmtmp returned %d", n);
    ok(count_files(pattern) == before, "files after _rmtmp: %d, before %d",
       count_files(pattern), before);
    ok(_rmtmp() == 0, "a second _rmtmp");
    if (keep) {
        ok(fputs("kept", keep) >= 0 && fclose(keep) == 0, "the ordinary stream stays open");
        remove(keep_name);
    }
}

int main(void)
{
    test_getdiskfree();
    test_rmtmp();
    return test_summary();
}
