/* The guest-side system call fuzzer (issue 8): calls every row of
 * syscalls.def by number, as the generated ntdll stubs do, with random
 * and hostile arguments: NULL, unmapped, kernel-range and misaligned
 * pointers, pointers into a page that ends at a no-access page or into a
 * read-only page, huge lengths, closed and random handles, pseudo-handles
 * -1/-2, structures (OBJECT_ATTRIBUTES, UNICODE_STRING, ...) whose
 * fields are hostile in turn. A fixed seed and count make a run
 * repeatable:
 *   sysfuzz.exe [count [seed]]        (default 50000 calls, seed 1)
 * Every call must return: a host crash or hang ends the run early and the
 * test fails.
 *
 * What is constrained, so that a call cannot legitimately end or stall
 * this program (the table "limits" below):
 * - NtTerminateProcess/NtTerminateThread, NtSuspendThread,
 *   NtSetContextThread, NtQueueApcThread, NtCreateThreadEx: their
 *   process/thread handle is never the current process or thread
 *   (closed, random, pool handles of other types, NULL excluded).
 * - Waits (NtWaitForSingleObject/MultipleObjects, keyed events,
 *   NtSignalAndWait, NtDelayExecution, Wow64WaitOnAddress): the timeout
 *   is a hostile pointer or at most 1 ms, never NULL (infinite).
 * - NtContinue and NtRaiseException: the context/record pointer is
 *   always invalid (a valid one would transfer control).
 * - APC routines of NtReadFile/NtWriteFile/NtLockFile/NtQueryDirectoryFile/
 *   NtNotifyChangeKey/NtSetTimer are NULL (a garbage one would run).
 * - NtLockFile fails immediately, NtNotifyChangeKey is asynchronous.
 * - The file handle of NtReadFile/NtWriteFile/NtLockFile/
 *   NtQueryDirectoryFile is the pool's file, directory or event, or a
 *   value never allocated: a closed value may since name a pipe that
 *   another fuzzed call made and could not hand back (its result pointer
 *   was hostile), and a read from an empty pipe waits forever, as on
 *   Windows.
 * - Wow64CreateProcess gets an invalid application name.
 * - Memory services get base addresses only in a "victim" region made
 *   for them, in the NULL page or in kernel range, never in this
 *   program's own memory; results (handles, allocations, views) are
 *   closed or freed after each call.
 * - Handles passed anywhere are this program's own pool, pseudo-handles,
 *   or values that name nothing: random ones above anything allocated
 *   and closed ones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

struct row { uint32_t num; const char *name, *sig; };
#define ROW(n, name, sig) { n, name, sig },
static const struct row rows[] = {
#include "sysfuzz_rows.h"
};
#define NROWS (sizeof rows / sizeof rows[0])

/* Per-row limits, by argument index. */
enum {
    LIM_SAFE_HANDLE = 1,   /* never the current process/thread */
    LIM_TIMEOUT = 2,       /* a bounded timeout pointer */
    LIM_BAD_PTR = 3,       /* an invalid pointer only */
    LIM_NULL = 4,          /* always 0 */
    LIM_ONE = 5,           /* always 1 */
    LIM_IO_HANDLE = 6,     /* the pool's file, directory or event, or no handle */
};
struct limit { const char *name; unsigned char arg[12]; };
static const struct limit limits[] = {
    { "NtTerminateProcess", { LIM_SAFE_HANDLE } },
    { "NtTerminateThread", { LIM_SAFE_HANDLE } },
    { "NtSuspendThread", { LIM_SAFE_HANDLE } },
    { "NtSetContextThread", { LIM_SAFE_HANDLE } },
    { "NtQueueApcThread", { LIM_SAFE_HANDLE } },
    { "NtCreateThreadEx", { 0, 0, 0, LIM_SAFE_HANDLE } },
    { "NtDelayExecution", { 0, LIM_TIMEOUT } },
    { "NtWaitForSingleObject", { 0, 0, LIM_TIMEOUT } },
    { "NtWaitForMultipleObjects", { 0, 0, 0, 0, LIM_TIMEOUT } },
    { "NtWaitForKeyedEvent", { 0, 0, 0, LIM_TIMEOUT } },
    { "NtReleaseKeyedEvent", { 0, 0, 0, LIM_TIMEOUT } },
    { "NtSignalAndWaitForSingleObject", { 0, 0, 0, LIM_TIMEOUT } },
    { "Wow64WaitOnAddress", { 0, 0, 0, LIM_TIMEOUT } },
    { "NtContinue", { LIM_BAD_PTR } },
    { "NtRaiseException", { LIM_BAD_PTR, LIM_BAD_PTR } },
    { "NtReadFile", { LIM_IO_HANDLE, 0, LIM_NULL } },
    { "NtWriteFile", { LIM_IO_HANDLE, 0, LIM_NULL } },
    { "NtLockFile", { LIM_IO_HANDLE, 0, LIM_NULL, 0, 0, 0, 0, 0, LIM_ONE } },
    { "NtQueryDirectoryFile", { LIM_IO_HANDLE, 0, LIM_NULL } },
    { "NtNotifyChangeKey", { 0, 0, LIM_NULL, 0, 0, 0, 0, 0, 0, LIM_ONE } },
    { "NtSetTimer", { 0, 0, LIM_NULL } },
    { "Wow64CreateProcess", { LIM_BAD_PTR } },
};

/* Rows whose first argument is a process handle and which get victim
 * addresses through their v/P arguments. */
static const char *const memory_rows[] = {
    "NtAllocateVirtualMemory", "NtFreeVirtualMemory", "NtProtectVirtualMemory",
    "NtMapViewOfSection", "NtUnmapViewOfSection", "NtFlushVirtualMemory",
    "NtQueryVirtualMemory",
};

uint32_t transition;            /* ntdll!Wow64Transition, read by sysfuzz_call */
static uint64_t rng = 1;

static uint32_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(uint32_t n)
{
    return n ? rnd() % n : 0;
}

/* Calls service num with n arguments the way the ntdll stubs do: EAX the
 * number, the stub's return address and then the caller's on the stack
 * above the arguments. */
uint32_t __cdecl sysfuzz_call(uint32_t num, uint32_t n, const uint32_t *args);
__asm__(".text\n"
        ".globl _sysfuzz_call\n"
        "_sysfuzz_call:\n"
        "  pushl %ebp\n"
        "  movl %esp, %ebp\n"
        "  pushl %esi\n"
        "  pushl %edi\n"
        "  pushl %ebx\n"
        "  movl 12(%ebp), %ecx\n"       /* n */
        "  movl 16(%ebp), %esi\n"       /* args */
        "1:\n"
        "  testl %ecx, %ecx\n"
        "  jz 2f\n"
        "  pushl -4(%esi,%ecx,4)\n"
        "  decl %ecx\n"
        "  jmp 1b\n"
        "2:\n"
        "  call 3f\n"
        "  jmp 4f\n"
        "3:\n"
        "  movl 8(%ebp), %eax\n"        /* num */
        "  pushl $5f\n"
        "  jmp *_transition\n"
        "5:\n"
        "  ret\n"
        "4:\n"
        "  leal -12(%ebp), %esp\n"
        "  popl %ebx\n"
        "  popl %edi\n"
        "  popl %esi\n"
        "  popl %ebp\n"
        "  ret\n");

/* ---- Memory the arguments point into ------------------------------------ */

#define SCRATCH_SIZE 0x40000u        /* read/write, then one no-access page */
#define SLOT_SIZE 0x400u             /* per-argument area */
#define NEST_BASE 0x8000u            /* structures that arguments point to */
#define VICTIM_SIZE 0x20000u

static uint8_t *scratch, *readonly_page;
static uint32_t victim;

/* An address that names no guest memory this program can lose. */
static uint32_t bad_pointer(void)
{
    static const uint32_t bad[] = {
        0, 1, 0x10, 0xfff, 0x1000, 0xfffc, 0x80000000u, 0x80000001u, 0xbfff0000u,
        0xfffe0000u, 0xffff0000u, 0xfffffffcu, 0xffffffffu, 0x7fff0000u, 0x7ffeffffu,
    };
    return bad[below(sizeof bad / sizeof bad[0])];
}

/* A pointer for an argument: mostly into the per-argument slot, else
 * hostile. */
static uint32_t pointer_for(unsigned slot)
{
    uint32_t base = (uint32_t)(uintptr_t)scratch + slot * SLOT_SIZE;

    switch (below(10)) {
    case 0: return 0;
    case 1: return bad_pointer();
    case 2: return base + 1 + below(3);                                 /* misaligned */
    case 3: return (uint32_t)(uintptr_t)scratch + SCRATCH_SIZE - 4 * below(3) - 1; /* runs into no-access */
    case 4: return (uint32_t)(uintptr_t)readonly_page + 4 * below(8);
    default: return base;
    }
}

/* ---- Handles --------------------------------------------------------------- */

enum { POOL_EVENT, POOL_FILE, POOL_DIR, POOL_SECTION, POOL_MUTANT, POOL_SEMAPHORE,
       POOL_TIMER, POOL_KEY, POOL_KEYED, POOL_COUNT };
static HANDLE pool[POOL_COUNT];
static char work_dir[MAX_PATH];

static void pool_make(void)
{
    char path[MAX_PATH];
    HKEY key;

    pool[POOL_EVENT] = CreateEventA(NULL, TRUE, FALSE, NULL);
    snprintf(path, sizeof path, "%s\\file.bin", work_dir);
    pool[POOL_FILE] = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ |
                                  FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS, 0, NULL);
    pool[POOL_DIR] = CreateFileA(work_dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
                                 FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    pool[POOL_SECTION] = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, NULL);
    pool[POOL_MUTANT] = CreateMutexA(NULL, FALSE, NULL);
    pool[POOL_SEMAPHORE] = CreateSemaphoreA(NULL, 1, 10, NULL);
    pool[POOL_TIMER] = CreateWaitableTimerA(NULL, TRUE, NULL);
    pool[POOL_KEY] = RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\sysfuzz", 0, NULL, 0, KEY_ALL_ACCESS,
                                     NULL, &key, NULL) == ERROR_SUCCESS ? (HANDLE)key : NULL;
    pool[POOL_KEYED] = NULL;
    for (unsigned i = 0; i < POOL_COUNT; i++) {
        if (pool[i] == INVALID_HANDLE_VALUE)
            pool[i] = NULL;
        if (getenv("SYSFUZZ_TRACE"))
            printf("pool[%u] = %p\n", i, pool[i]);
    }
}

/* Closes the pool (its values become "closed handles") and makes a new
 * one. */
static void pool_renew(void)
{
    for (unsigned i = 0; i < POOL_COUNT; i++)
        if (pool[i]) {
            if (i == POOL_KEY)
                RegCloseKey((HKEY)pool[i]);
            else
                CloseHandle(pool[i]);
        }
    pool_make();
}

/* A handle argument; safe: never one for the current process or thread
 * (nor 0, which some services take as "the current one"). */
static uint32_t handle_arg(int safe)
{
    switch (below(8)) {
    case 0: return safe ? 0x00100000u + 4 * below(0x10000) : 0xffffffffu;  /* NtCurrentProcess */
    case 1: return safe ? 0x7ffffffcu : 0xfffffffeu;                       /* NtCurrentThread */
    case 2: return safe ? 3 + 4 * below(0x100000) : 0;
    case 3: {
        /* A closed handle, closed just now: an older closed value may
         * since name an object ntdll made for itself (a keyed event for
         * its locks), which a fuzzed call must not touch. */
        HANDLE e = CreateEventA(NULL, FALSE, FALSE, NULL);
        if (!e)
            return 0x00200000u;
        CloseHandle(e);
        return (uint32_t)(uintptr_t)e;
    }
    case 4: return 0x00100000u + 4 * below(0x100000);                      /* names nothing */
    default: {
        uint32_t h = (uint32_t)(uintptr_t)pool[below(POOL_COUNT)];
        return h ? h : 0x00300000u;
    }
    }
}

/* ---- Values ---------------------------------------------------------------- */

static uint32_t value_arg(void)
{
    static const uint32_t v[] = {
        0, 1, 2, 3, 4, 8, 0x10, 0x40, 0x100, 0x1000, 0xffff, 0x10000, 0x7fffffff,
        0x80000000u, 0xfffffffeu, 0xffffffffu, 0x3000, 0x1f0003, 0x20019, 0xc0000000u,
    };
    return below(3) ? v[below(sizeof v / sizeof v[0])] : rnd();
}

/* A base address for the memory services. */
static uint32_t address_arg(void)
{
    switch (below(4)) {
    case 0: return 0;
    case 1: return bad_pointer();
    default: return victim + 0x1000 * below(VICTIM_SIZE / 0x1000 + 2) + (below(4) ? 0 : below(0x1000));
    }
}

/* ---- Structures arguments point to ---------------------------------------- */

static const wchar_t *const names[] = {
    L"\\??\\C:\\sysfuzz\\a", L"\\??\\C:\\sysfuzz\\dir\\", L"\\??\\C:\\sysfuzz\\*", L"a:b:c",
    L"\\Registry\\Machine\\Software\\sysfuzz", L"\\Registry\\User\\x\\..\\y", L"", L"\\",
    L"\\BaseNamedObjects\\sysfuzz", L"kernel32.dll", L"sysfuzz\\nope.dll", L"CON", L"\\??\\NUL",
};

/* A UNICODE_STRING32 at p: a plausible one, or one with a hostile length
 * or buffer. */
static void make_unicode(uint8_t *p, uint8_t *text)
{
    const wchar_t *s = names[below(sizeof names / sizeof names[0])];
    uint16_t len = (uint16_t)(wcslen(s) * 2), max = (uint16_t)(len + 2);
    uint32_t buf = (uint32_t)(uintptr_t)text;

    memcpy(text, s, len + 2u);
    switch (below(8)) {
    case 0: len = 0xfffe; max = 0xffff; break;           /* huge */
    case 1: len |= 1; break;                              /* odd */
    case 2: max = len ? (uint16_t)(len - 2) : 0; break;   /* Length > MaximumLength */
    case 3: buf = bad_pointer(); break;
    case 4: buf = (uint32_t)(uintptr_t)scratch + SCRATCH_SIZE - 2; len = 0x100; break;
    default: break;
    }
    memcpy(p, &len, 2);
    memcpy(p + 2, &max, 2);
    memcpy(p + 4, &buf, 4);
}

/* Fills an argument slot: dwords that are small values, handles, hostile
 * pointers or pointers to nested structures in the NEST area, and
 * structure-shaped data (OBJECT_ATTRIBUTES32, UNICODE_STRING32, a
 * bounded timeout) for the letters that take them. */
static void fill_slot(unsigned slot, char letter, int limit)
{
    uint8_t *p = scratch + slot * SLOT_SIZE;
    uint8_t *nest = scratch + NEST_BASE + slot * 0x1000;
    uint32_t *d = (uint32_t *)p;

    for (unsigned i = 0; i < SLOT_SIZE / 4; i++) {
        switch (below(6)) {
        case 0: d[i] = value_arg(); break;
        case 1: d[i] = bad_pointer(); break;
        case 2: d[i] = (uint32_t)(uintptr_t)nest + 4 * below(0x400); break;
        case 3: d[i] = handle_arg(1); break;
        default: d[i] = rnd(); break;
        }
    }
    for (unsigned i = 0; i < 0x1000 / 4; i++)
        ((uint32_t *)nest)[i] = below(2) ? rnd() : value_arg();
    if (limit == LIM_TIMEOUT) {
        /* Relative, at most 1 ms, or absolute in 1601 (long past). */
        int64_t t = below(2) ? -(int64_t)below(10001) : (int64_t)below(1000);
        memcpy(p, &t, 8);
        return;
    }
    switch (letter) {
    case 'O': {
        uint32_t len = below(4) ? 24 : value_arg();
        uint32_t root = below(2) ? 0 : handle_arg(1);
        uint32_t name = below(6) ? (uint32_t)(uintptr_t)nest : bad_pointer();
        uint32_t attr = below(2) ? 0x40 : value_arg();          /* OBJ_CASE_INSENSITIVE */
        make_unicode(nest, nest + 0x100);
        memcpy(p, &len, 4);
        memcpy(p + 4, &root, 4);
        memcpy(p + 8, &name, 4);
        memcpy(p + 12, &attr, 4);
        if (below(2))
            memset(p + 16, 0, 8);                              /* no SD, no QoS */
        break;
    }
    case 'N': case 'A':
        make_unicode(p, nest);
        break;
    case 'h':
        memset(p, 0, 32);   /* so a result is told from what was there */
        break;
    case 'v':
        d[0] = address_arg();
        break;
    case 's':
        d[0] = below(2) ? 0x1000 * below(VICTIM_SIZE / 0x1000 + 2) : value_arg();
        break;
    case 'C':
        d[0] = below(2) ? GetCurrentProcessId() : value_arg();
        d[1] = below(2) ? GetCurrentThreadId() : value_arg();
        break;
    }
}

static int is_memory_row(const char *name)
{
    for (unsigned i = 0; i < sizeof memory_rows / sizeof *memory_rows; i++)
        if (!strcmp(name, memory_rows[i]))
            return 1;
    return 0;
}

static const struct limit *limits_of(const char *name)
{
    for (unsigned i = 0; i < sizeof limits / sizeof *limits; i++)
        if (!strcmp(name, limits[i].name))
            return &limits[i];
    return NULL;
}

/* The victim region exists, committed read/write, at a known place. */
static void victim_check(void)
{
    MEMORY_BASIC_INFORMATION mbi;

    if (victim && VirtualQuery((void *)(uintptr_t)victim, &mbi, sizeof mbi) &&
        mbi.State == MEM_COMMIT && mbi.AllocationBase == (void *)(uintptr_t)victim)
        return;
    if (victim)
        VirtualFree((void *)(uintptr_t)victim, 0, MEM_RELEASE);
    victim = (uint32_t)(uintptr_t)VirtualAlloc(NULL, VICTIM_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}

/* Whether p lies in the scratch area (so a result can be read back). */
static int in_scratch(uint32_t p, uint32_t len)
{
    uint32_t s = (uint32_t)(uintptr_t)scratch;

    return p >= s && p - s + len <= SCRATCH_SIZE;
}

int main(int argc, char **argv)
{
    unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : 50000;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
    static unsigned long per_row[NROWS], success[NROWS];
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    uint32_t *tr = ntdll ? (uint32_t *)GetProcAddress(ntdll, "Wow64Transition") : NULL;
    const char *only = getenv("SYSFUZZ_ONLY");
    DWORD old;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (!tr || !*tr) {
        printf("no ntdll!Wow64Transition\n 1 failures\n");
        return 1;
    }
    transition = *tr;
    rng = seed * 0x9E3779B97F4A7C15ULL + 1;
    scratch = VirtualAlloc(NULL, SCRATCH_SIZE + 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    readonly_page = VirtualAlloc(NULL, 0x1000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!scratch || !readonly_page ||
        !VirtualProtect(scratch + SCRATCH_SIZE, 0x1000, PAGE_NOACCESS, &old) ||
        !VirtualProtect(readonly_page, 0x1000, PAGE_READONLY, &old)) {
        printf("cannot set up scratch memory\n 1 failures\n");
        return 1;
    }
    GetCurrentDirectoryA(sizeof work_dir, work_dir);
    strncat(work_dir, "\\sysfuzz", sizeof work_dir - strlen(work_dir) - 1);
    CreateDirectoryA(work_dir, NULL);
    pool_make();
    victim_check();

    for (unsigned long i = 0; i < count; i++) {
        unsigned r = (unsigned)(i % NROWS);
        const struct row *row = &rows[r];
        const struct limit *lim = limits_of(row->name);
        unsigned n = (unsigned)strlen(row->sig);
        uint32_t args[12], before[12], status;

        if (only && strcmp(only, row->name)) {
            continue;
        }
        if (i % 500 == 499)
            pool_renew();
        if (is_memory_row(row->name))
            victim_check();
        for (unsigned a = 0; a < n && a < 12; a++) {
            int l = lim ? lim->arg[a] : 0;
            char c = row->sig[a];

            fill_slot(a, c, l);
            switch (l) {
            case LIM_SAFE_HANDLE: args[a] = handle_arg(1); continue;
            case LIM_IO_HANDLE: {
                static const unsigned io[] = { POOL_FILE, POOL_DIR, POOL_EVENT };
                args[a] = below(4) ? (uint32_t)(uintptr_t)pool[io[below(3)]] : 0x00100000u + 4 * below(0x100000);
                continue;
            }
            case LIM_BAD_PTR: args[a] = bad_pointer(); continue;
            case LIM_NULL: args[a] = 0; continue;
            case LIM_ONE: args[a] = 1; continue;
            case LIM_TIMEOUT:
                args[a] = below(4) ? (uint32_t)(uintptr_t)scratch + a * SLOT_SIZE : bad_pointer();
                if (!args[a])
                    args[a] = 0xffff0000u;      /* NULL would wait forever */
                continue;
            }
            switch (c) {
            case 'U': case 'L': case 'S':
                args[a] = value_arg();
                break;
            case 'H':
                args[a] = a == 0 && is_memory_row(row->name) && below(2) ? 0xffffffffu : handle_arg(0);
                break;
            case 'P':
                /* NtUnmapViewOfSection's P is a base address. */
                args[a] = is_memory_row(row->name) && a == 1 && below(2) ? address_arg() : pointer_for(a);
                break;
            default:
                args[a] = pointer_for(a);
                break;
            }
        }
        if (getenv("SYSFUZZ_TRACE")) {
            printf("%lu %s(", i, row->name);
            for (unsigned a = 0; a < n; a++)
                printf("%s%08x", a ? "," : "", args[a]);
            printf(")\n");
        }
        /* What the 'h' results hold before the call: only a value the
         * service wrote is a handle to close. */
        for (unsigned a = 0; a < n; a++)
            if (in_scratch(args[a], 4))
                memcpy(&before[a], (void *)(uintptr_t)args[a], 4);
        status = sysfuzz_call(row->num, n, args);
        per_row[r]++;
        if ((int32_t)status >= 0)
            success[r]++;
        /* Results are given back: handles closed (also after a failure:
         * a service that made two handles may have written one before it
         * failed to write the other), memory freed. */
        for (unsigned a = 0; a < n; a++) {
            uint32_t v;
            if (!in_scratch(args[a], 4))
                continue;
            memcpy(&v, (void *)(uintptr_t)args[a], 4);
            if (row->sig[a] == 'h' && v != before[a] && v && v != 0xffffffffu && v != 0xfffffffeu)
                CloseHandle((HANDLE)(uintptr_t)v);
            else if ((int32_t)status < 0)
                continue;
            else if (row->sig[a] == 'v' && !strcmp(row->name, "NtAllocateVirtualMemory") &&
                         v && v != victim)
                    VirtualFree((void *)(uintptr_t)v, 0, MEM_RELEASE);
            else if (row->sig[a] == 'v' && !strcmp(row->name, "NtMapViewOfSection") && v)
                UnmapViewOfFile((void *)(uintptr_t)v);
        }
    }
    {
        unsigned long total = 0, ok = 0;
        for (unsigned r = 0; r < NROWS; r++)
            total += per_row[r], ok += success[r];
        printf("sysfuzz: %lu calls over %u rows, seed %lu: every call returned (%lu succeeded)\n",
               total, (unsigned)NROWS, seed, ok);
    }
    printf("sysfuzz: 0 failures\n");
    return 0;
}
