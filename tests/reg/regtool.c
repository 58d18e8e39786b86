/* The guest side of the registry's crash and concurrency tests
 * (tests/reg/crash.sh, concurrency.sh). Values are written and read through ntdll's NT key
 * services directly.
 *
 *   regtool crash START        writes DWORD values vSTART, vSTART+1, ...
 *                              into HKCU\Software\wow64crash, each
 *                              followed by NtFlushKey, printing the number
 *                              once the flush has returned; runs until
 *                              killed
 *   regtool check FILE         every number in FILE (one a line) has its
 *                              value; exit status 0 when all are there
 *   regtool write ID COUNT N   writes COUNT values pID_k (k = 0..COUNT-1)
 *                              into HKCU\Software\wow64conc, flushing
 *                              every N values (0: only at exit)
 *   regtool count IDS COUNT    all IDS*COUNT values of "write" are there,
 *                              and no others */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntreg.h"

static HANDLE open_test_key(const wchar_t *sub)
{
    wchar_t name[256];
    HANDLE k;
    NTSTATUS s;

    swprintf(name, 256, L"%ls\\Software\\%ls", HKCU_NAME, sub);
    if ((s = key_create(&k, NULL, name, KEY_ALL_ACCESS, 0, NULL)) != 0) {
        printf("cannot create the key: 0x%08lx\n", (unsigned long)s);
        exit(2);
    }
    return k;
}

static int crash(long start)
{
    HANDLE k = open_test_key(L"wow64crash");
    wchar_t name[32];
    NTSTATUS s;

    for (long i = start;; i++) {
        swprintf(name, 32, L"v%ld", i);
        if ((s = set_dword(k, name, (DWORD)i)) != 0 || (s = NtFlushKey(k)) != 0) {
            printf("write %ld failed: 0x%08lx\n", i, (unsigned long)s);
            return 1;
        }
        printf("%ld\n", i);
        fflush(stdout);
    }
}

static int check(const char *file)
{
    HANDLE k = open_test_key(L"wow64crash");
    FILE *f = fopen(file, "r");
    char line[64];
    long n = 0, missing = 0;

    if (!f) {
        printf("cannot open %s\n", file);
        return 2;
    }
    while (fgets(line, sizeof line, f)) {
        wchar_t name[32];
        long i;

        if (!strchr(line, '\n') || sscanf(line, "%ld", &i) != 1)
            continue;
        swprintf(name, 32, L"v%ld", i);
        if (get_dword(k, name) != i) {
            printf("flushed value v%ld is missing\n", i);
            missing++;
        }
        n++;
    }
    fclose(f);
    printf("%ld flushed values checked, %ld missing\n", n, missing);
    return missing ? 1 : 0;
}

static int write_values(int id, int count, int every)
{
    HANDLE k = open_test_key(L"wow64conc");
    wchar_t name[32];
    NTSTATUS s;

    for (int i = 0; i < count; i++) {
        swprintf(name, 32, L"p%d_%d", id, i);
        if ((s = set_dword(k, name, (DWORD)(id * 100000 + i))) != 0) {
            printf("write failed: 0x%08lx\n", (unsigned long)s);
            return 1;
        }
        if (every && (i + 1) % every == 0 && (s = NtFlushKey(k)) != 0) {
            printf("flush failed: 0x%08lx\n", (unsigned long)s);
            return 1;
        }
    }
    /* The rest is written when the process exits. */
    return 0;
}

static int count_values(int ids, int count)
{
    HANDLE k = open_test_key(L"wow64conc");
    ULONG full[64], len;
    long missing = 0;
    NTSTATUS s;

    for (int id = 1; id <= ids; id++)
        for (int i = 0; i < count; i++) {
            wchar_t name[32];

            swprintf(name, 32, L"p%d_%d", id, i);
            if (get_dword(k, name) != id * 100000 + i) {
                if (missing < 10)
                    printf("value p%d_%d is missing\n", id, i);
                missing++;
            }
        }
    /* KEY_FULL_INFORMATION.Values */
    if ((s = NtQueryKey(k, 2, full, sizeof full, &len)) != 0) {
        printf("NtQueryKey: 0x%08lx\n", (unsigned long)s);
        return 1;
    }
    printf("%lu values, %ld missing\n", full[8], missing);
    return missing || full[8] != (ULONG)(ids * count);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "crash"))
        return crash(atol(argv[2]));
    if (argc == 3 && !strcmp(argv[1], "check"))
        return check(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "write"))
        return write_values(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    if (argc == 4 && !strcmp(argv[1], "count"))
        return count_values(atoi(argv[2]), atoi(argv[3]));
    printf("usage: regtool crash START | check FILE | write ID COUNT N | count IDS COUNT\n");
    return 2;
}
