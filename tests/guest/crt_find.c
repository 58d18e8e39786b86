/* msvcrt's _findfirst/_findnext/_findclose in their layouts (_finddata_t,
 * _finddatai64_t, __finddata64_t, _wfinddata_t), as Microsoft documents
 * them: attributes, sizes, UTC times, ENOENT at the end and for no match. */
#include <windows.h>
#include <io.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include "test.h"

static char dir[MAX_PATH];

static void make_file(const char *name, int size)
{
    char path[MAX_PATH];
    HANDLE h;
    DWORD done;
    static char buf[8192];

    snprintf(path, sizeof path, "%s\\%s", dir, name);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create %s", name);
    memset(buf, 'x', sizeof buf);
    WriteFile(h, buf, size, &done, NULL);
    CloseHandle(h);
}

static void remove_file(const char *name)
{
    char path[MAX_PATH];

    snprintf(path, sizeof path, "%s\\%s", dir, name);
    DeleteFileA(path);
}

int main(void)
{
    struct _finddata_t fd;
    struct _finddatai64_t fdi;
    struct __finddata64_t fd64;
    struct _wfinddata_t wfd;
    char spec[MAX_PATH];
    wchar_t wspec[MAX_PATH];
    intptr_t h;
    int seen = 0, n, rc;
    time_t now = time(NULL);

    GetTempPathA(sizeof spec, spec);
    snprintf(dir, sizeof dir, "%scrt_find_%lu", spec, GetCurrentProcessId());
    ok(CreateDirectoryA(dir, NULL), "create %s: %lu", dir, GetLastError());
    make_file("a.txt", 10);
    make_file("b.txt", 0);
    make_file("c.dat", 5000);
    snprintf(spec, sizeof spec, "%s\\sub", dir);
    ok(CreateDirectoryA(spec, NULL), "create sub");

    /* *.txt: two files, then ENOENT. */
    snprintf(spec, sizeof spec, "%s\\*.txt", dir);
    h = _findfirst(spec, &fd);
    ok(h != -1, "_findfirst *.txt: errno %d", errno);
    n = 0;
    for (rc = 0; h != -1 && rc == 0; rc = _findnext(h, &fd)) {
        n++;
        if (!strcmp(fd.name, "a.txt")) {
            seen |= 1;
            ok(fd.size == 10, "a.txt size %lu", (unsigned long)fd.size);
        } else if (!strcmp(fd.name, "b.txt")) {
            seen |= 2;
            ok(fd.size == 0, "b.txt size %lu", (unsigned long)fd.size);
        } else {
            ok(0, "unexpected match %s", fd.name);
        }
        ok(!(fd.attrib & _A_SUBDIR), "%s is no directory (attrib %#x)", fd.name, fd.attrib);
        ok(fd.time_write > now - 600 && fd.time_write < now + 600,
           "%s written now (UTC seconds): %ld vs %ld", fd.name, (long)fd.time_write, (long)now);
    }
    ok(n == 2 && seen == 3, "both .txt files found once (%d, %#x)", n, seen);
    ok(rc == -1 && errno == ENOENT, "_findnext at the end: -1, ENOENT (%d, %d)", rc, errno);
    ok(_findclose(h) == 0, "_findclose");

    /* Everything: the directory has the subdirectory attribute. */
    snprintf(spec, sizeof spec, "%s\\*", dir);
    h = _findfirsti64(spec, &fdi);
    ok(h != -1, "_findfirsti64 *");
    seen = 0;
    for (rc = 0; h != -1 && rc == 0; rc = _findnexti64(h, &fdi)) {
        if (!strcmp(fdi.name, "sub")) {
            seen |= 1;
            ok(fdi.attrib & _A_SUBDIR, "sub has _A_SUBDIR: %#x", fdi.attrib);
        } else if (!strcmp(fdi.name, "c.dat")) {
            seen |= 2;
            ok(fdi.size == 5000, "c.dat size (i64) %lld", (long long)fdi.size);
        } else if (!strcmp(fdi.name, "a.txt") || !strcmp(fdi.name, "b.txt")) {
            seen |= 4;
        } else {
            ok(!strcmp(fdi.name, ".") || !strcmp(fdi.name, ".."), "unexpected %s", fdi.name);
        }
    }
    ok(seen == 7, "all entries found: %#x", seen);
    _findclose(h);

    /* 64-bit times and sizes. */
    snprintf(spec, sizeof spec, "%s\\c.*", dir);
    h = _findfirst64(spec, &fd64);
    ok(h != -1 && !strcmp(fd64.name, "c.dat"), "_findfirst64 c.*: %s", h != -1 ? fd64.name : "-");
    ok(fd64.size == 5000, "size %lld", (long long)fd64.size);
    ok(fd64.time_write > (long long)now - 600 && fd64.time_write < (long long)now + 600,
       "time_write %lld", (long long)fd64.time_write);
    ok(_findnext64(h, &fd64) == -1 && errno == ENOENT, "one match only");
    _findclose(h);

    /* Wide names. */
    MultiByteToWideChar(CP_ACP, 0, dir, -1, wspec, MAX_PATH);
    wcscat(wspec, L"\\*.dat");
    h = _wfindfirst(wspec, &wfd);
    ok(h != -1 && !wcscmp(wfd.name, L"c.dat"), "_wfindfirst *.dat");
    ok(wfd.size == 5000, "wide size %lu", (unsigned long)wfd.size);
    ok(_wfindnext(h, &wfd) == -1 && errno == ENOENT, "_wfindnext at the end");
    _findclose(h);

    /* No match, and a missing directory: -1 with ENOENT. */
    snprintf(spec, sizeof spec, "%s\\*.none", dir);
    errno = 0;
    ok(_findfirst(spec, &fd) == -1 && errno == ENOENT, "no match: ENOENT (%d)", errno);
    snprintf(spec, sizeof spec, "%s\\nosuchdir\\*", dir);
    errno = 0;
    ok(_findfirst(spec, &fd) == -1 && errno == ENOENT, "missing directory: ENOENT (%d)", errno);
    errno = 0;
    ok(_findclose(-1) == -1 && errno == EINVAL, "_findclose(-1): -1, EINVAL (%d)", errno);

    remove_file("a.txt");
    remove_file("b.txt");
    remove_file("c.dat");
    snprintf(spec, sizeof spec, "%s\\sub", dir);
    RemoveDirectoryA(spec);
    ok(RemoveDirectoryA(dir), "remove %s", dir);
    return test_summary();
}
