/* Registry set+query pairs against the file-system baseline of the same
 * data (issue 6): the Windows side sets a REG_SZ value and queries it
 * back (RegSetValueExW + RegQueryValueExW on an open key under
 * HKEY_CURRENT_USER\Software); the native side writes the same bytes to
 * a small file named after the value and reads them back (open, write,
 * close, open, read, close), as a fixed 128-byte record written in place:
 * truncating and rewriting would make ext4 flush the file at each close
 * (auto_da_alloc), which measures the disk instead. 64 value names are cycled, so the store
 * keeps a realistic few dozen values.
 * usage: reg [PAIRS] [DIR]   (default 20000 pairs, DIR for the native
 * files, default "."). Prints "reg_pair <us> us/pair" and "reg_open <us>
 * us" (the process's first registry call, which loads the prefix's store,
 * against creating the first file), or "reg_pair skipped <reason>" when
 * advapi32 has no registry functions. */
#include "bench.h"

#include <string.h>

#define NAMES 64

#ifdef _WIN32
typedef LONG(WINAPI *create_key_fn)(HKEY, LPCWSTR, DWORD, LPWSTR, DWORD, REGSAM,
                                     LPSECURITY_ATTRIBUTES, PHKEY, LPDWORD);
typedef LONG(WINAPI *set_fn)(HKEY, LPCWSTR, DWORD, DWORD, const BYTE *, DWORD);
typedef LONG(WINAPI *query_fn)(HKEY, LPCWSTR, LPDWORD, LPDWORD, LPBYTE, LPDWORD);
typedef LONG(WINAPI *close_fn)(HKEY);
typedef LONG(WINAPI *delete_fn)(HKEY, LPCWSTR);

/* ASCII text as UTF-16 (the C library's wide printf is not needed). */
static int widen(WCHAR *out, const char *in)
{
    int n = 0;

    while ((out[n] = (unsigned char)in[n]))
        n++;
    return n;
}

int main(int argc, char **argv)
{
    long pairs = argc > 1 ? atol(argv[1]) : 20000;
    HMODULE adv = LoadLibraryA("advapi32.dll");
    create_key_fn create_key;
    set_fn set;
    query_fn query;
    close_fn close_key;
    delete_fn delete_key;
    WCHAR names[NAMES][16], data[64], back[64];
    HKEY key;
    double t0, t1, open_us;

    if (pairs < 1)
        return 2;
    if (!adv) {
        printf("reg_pair skipped advapi32.dll not loadable\n");
        return 0;
    }
    create_key = (create_key_fn)(void (*)(void))GetProcAddress(adv, "RegCreateKeyExW");
    set = (set_fn)(void (*)(void))GetProcAddress(adv, "RegSetValueExW");
    query = (query_fn)(void (*)(void))GetProcAddress(adv, "RegQueryValueExW");
    close_key = (close_fn)(void (*)(void))GetProcAddress(adv, "RegCloseKey");
    delete_key = (delete_fn)(void (*)(void))GetProcAddress(adv, "RegDeleteKeyW");
    if (!create_key || !set || !query || !close_key) {
        printf("reg_pair skipped advapi32.dll lacks RegSetValueExW/RegQueryValueExW\n");
        return 0;
    }
    /* The process's first registry call loads the prefix's store: what
     * opening the registry costs a program (hello-world never pays it). */
    t0 = bench_now_ns();
    if (create_key(HKEY_CURRENT_USER, L"Software\\libwow64-bench", 0, NULL, 0,
                   KEY_SET_VALUE | KEY_QUERY_VALUE, NULL, &key, NULL) != ERROR_SUCCESS) {
        printf("reg_pair skipped RegCreateKeyExW failed\n");
        return 0;
    }
    t1 = bench_now_ns();
    open_us = (t1 - t0) / 1e3;
    for (int i = 0; i < NAMES; i++) {
        char text[16];
        snprintf(text, sizeof text, "value%02d", i);
        widen(names[i], text);
    }
    t0 = bench_now_ns();
    for (long i = 0; i < pairs; i++) {
        DWORD type, size = sizeof back;
        char text[64];
        int len;

        snprintf(text, sizeof text, "the value of pair %ld", i);
        len = widen(data, text);

        if (set(key, names[i % NAMES], 0, REG_SZ, (const BYTE *)data,
                (DWORD)(len + 1) * sizeof(WCHAR)) != ERROR_SUCCESS ||
            query(key, names[i % NAMES], NULL, &type, (BYTE *)back, &size) != ERROR_SUCCESS ||
            type != REG_SZ || memcmp(back, data, size) != 0) {
            fprintf(stderr, "reg: set/query pair %ld failed\n", i);
            return 1;
        }
    }
    t1 = bench_now_ns();
    close_key(key);
    if (delete_key)
        delete_key(HKEY_CURRENT_USER, L"Software\\libwow64-bench");
    printf("reg_pair %.3f us/pair\n", (t1 - t0) / pairs / 1e3);
    printf("reg_open %.3f us\n", open_us);
    return 0;
}

#else
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long pairs = argc > 1 ? atol(argv[1]) : 20000;
    const char *dir = argc > 2 ? argv[2] : ".";
    char names[NAMES][4096];
    /* The same bytes as the Windows side: UTF-16LE text. */
    unsigned short data[64], back[64];
    const size_t size = sizeof data;
    double t0, t1, open_us;

    if (pairs < 1)
        return 2;
    for (int i = 0; i < NAMES; i++)
        snprintf(names[i], sizeof names[i], "%s/value%02d", dir, i);
    /* The baseline of the registry's first open: creating the first file. */
    t0 = bench_now_ns();
    {
        int fd = open(names[0], O_WRONLY | O_CREAT, 0644);
        if (fd < 0 || close(fd) != 0) {
            fprintf(stderr, "reg: cannot create %s\n", names[0]);
            return 1;
        }
    }
    t1 = bench_now_ns();
    open_us = (t1 - t0) / 1e3;
    t0 = bench_now_ns();
    for (long i = 0; i < pairs; i++) {
        char text[64];
        int len = snprintf(text, sizeof text, "the value of pair %ld", i), fd;
        ssize_t got;

        memset(data, 0, sizeof data);
        for (int k = 0; k <= len; k++)
            data[k] = (unsigned char)text[k];
        fd = open(names[i % NAMES], O_WRONLY | O_CREAT, 0644);
        if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0 ||
            (fd = open(names[i % NAMES], O_RDONLY)) < 0 ||
            (got = read(fd, back, sizeof back)) != (ssize_t)size || close(fd) != 0 ||
            memcmp(back, data, size) != 0) {
            fprintf(stderr, "reg: file pair %ld failed\n", i);
            return 1;
        }
    }
    t1 = bench_now_ns();
    for (int i = 0; i < NAMES; i++)
        unlink(names[i]);
    printf("reg_pair %.3f us/pair\n", (t1 - t0) / pairs / 1e3);
    printf("reg_open %.3f us\n", open_us);
    return 0;
}
#endif
