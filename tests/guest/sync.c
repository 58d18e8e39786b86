/* Synchronisation objects and waits on one thread: events, mutexes,
 * semaphores, waitable timers, named objects, the wait functions and
 * their timeouts, APCs on the current thread, critical sections, SRW
 * locks, condition variables, one-time initialisation, address waits,
 * the interlocked functions, the clocks and time zones. Expected values
 * from Microsoft's documentation of each function.
 *
 * "sync.exe tz" checks the host time zone mapping instead; it runs with
 * TZ=EST5EDT,M3.2.0,M11.1.0 (US Eastern rules, no tzdata needed). */
#define _WIN32_WINNT 0x0602
#include <windows.h>
#include <string.h>

#include "test.h"

#ifndef CREATE_WAITABLE_TIMER_MANUAL_RESET
#define CREATE_WAITABLE_TIMER_MANUAL_RESET 1
#endif

static double now_ms(void)
{
    LARGE_INTEGER c, f;

    QueryPerformanceCounter(&c);
    QueryPerformanceFrequency(&f);
    return (double)c.QuadPart * 1000.0 / (double)f.QuadPart;
}

static FARPROC k32(const char *name)
{
    return GetProcAddress(GetModuleHandleA("kernel32.dll"), name);
}

static FARPROC ntdll(const char *name)
{
    return GetProcAddress(GetModuleHandleA("ntdll.dll"), name);
}

/* ---- events ---- */

static void test_events(void)
{
    typedef LONG (WINAPI *query_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);
    typedef LONG (WINAPI *set_fn)(HANDLE, LONG *);
    query_fn query = (query_fn)ntdll("NtQueryEvent");
    set_fn nt_set = (set_fn)ntdll("NtSetEvent");
    HANDLE manual = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE autoe = CreateEventA(NULL, FALSE, TRUE, NULL);
    ULONG info[2] = { 9, 9 }, len = 0;
    LONG prev = 7;

    ok(manual && autoe, "CreateEvent: %lu", GetLastError());
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "manual event starts unsignaled");
    ok(SetEvent(manual), "SetEvent");
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0, "manual event signaled");
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0, "manual event stays signaled");
    ok(ResetEvent(manual), "ResetEvent");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "manual event reset");

    ok(WaitForSingleObject(autoe, 0) == WAIT_OBJECT_0, "auto event initially set");
    ok(WaitForSingleObject(autoe, 0) == WAIT_TIMEOUT, "auto event reset by the wait");

    /* PulseEvent with nobody waiting leaves the event unsignaled. */
    ok(PulseEvent(manual), "PulseEvent");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "pulsed manual event unsignaled");
    ok(PulseEvent(autoe), "PulseEvent auto");
    ok(WaitForSingleObject(autoe, 0) == WAIT_TIMEOUT, "pulsed auto event unsignaled");

    if (query && nt_set) {
        ok(nt_set(manual, &prev) == 0 && prev == 0, "NtSetEvent previous state %ld", prev);
        ok(nt_set(manual, &prev) == 0 && prev == 1, "NtSetEvent previous state %ld", prev);
        ok(query(manual, 0, info, sizeof info, &len) == 0, "NtQueryEvent");
        ok(info[0] == 0 && info[1] == 1 && len == 8, "manual: type %lu state %lu len %lu",
           info[0], info[1], len);
        ok(query(autoe, 0, info, sizeof info, NULL) == 0 && info[0] == 1 && info[1] == 0,
           "auto: type %lu state %lu", info[0], info[1]);
        ok(query(autoe, 0, info, 4, NULL) == (LONG)0xC0000004, "short buffer: length mismatch");
        ok(query(autoe, 1, info, 8, NULL) == (LONG)0xC0000003, "class 1: invalid class");
    } else {
        skip("NtQueryEvent/NtSetEvent not exported");
    }

    SetLastError(0xdead);
    ok(!CreateEventExA(NULL, NULL, 4, EVENT_ALL_ACCESS) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "CreateEventEx bad flags: %lu", GetLastError());
    SetLastError(0);
    ok(!SetEvent((HANDLE)0x1230) && GetLastError() == ERROR_INVALID_HANDLE,
       "SetEvent bad handle: %lu", GetLastError());
    CloseHandle(manual);
    CloseHandle(autoe);
}

/* ---- mutexes ---- */

static void test_mutexes(void)
{
    typedef LONG (WINAPI *release_fn)(HANDLE, LONG *);
    release_fn nt_release = (release_fn)ntdll("NtReleaseMutant");
    HANDLE m = CreateMutexA(NULL, TRUE, NULL), free_m = CreateMutexA(NULL, FALSE, NULL);
    LONG prev = 5;

    ok(m && free_m, "CreateMutex: %lu", GetLastError());
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "owner acquires again (recursion)");
    ok(ReleaseMutex(m), "first release");
    ok(ReleaseMutex(m), "second release");
    SetLastError(0);
    ok(!ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER, "third release: %lu",
       GetLastError());
    SetLastError(0);
    ok(!ReleaseMutex(free_m) && GetLastError() == ERROR_NOT_OWNER, "release unowned: %lu",
       GetLastError());
    ok(WaitForSingleObject(free_m, 0) == WAIT_OBJECT_0, "acquire free mutex");
    ok(WaitForSingleObject(free_m, 0) == WAIT_OBJECT_0, "and again");
    if (nt_release) {
        /* The previous count is the signal state: 1 - recursion. */
        ok(nt_release(free_m, &prev) == 0 && prev == -1, "previous count %ld", prev);
        ok(nt_release(free_m, &prev) == 0 && prev == 0, "previous count %ld", prev);
        ok(nt_release(free_m, &prev) == (LONG)0xC0000046, "STATUS_MUTANT_NOT_OWNED");
    }
    SetLastError(0);
    ok(!CreateMutexExA(NULL, NULL, 2, MUTEX_ALL_ACCESS) && GetLastError() == ERROR_INVALID_PARAMETER,
       "CreateMutexEx bad flags: %lu", GetLastError());
    m = CreateMutexExA(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
    ok(m && ReleaseMutex(m), "CreateMutexEx initial owner");
    CloseHandle(m);
    CloseHandle(free_m);
}

/* ---- semaphores ---- */

static void test_semaphores(void)
{
    HANDLE s = CreateSemaphoreA(NULL, 1, 3, NULL);
    LONG prev = -1;

    ok(s != NULL, "CreateSemaphore: %lu", GetLastError());
    ok(WaitForSingleObject(s, 0) == WAIT_OBJECT_0, "count 1 -> 0");
    ok(WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "count 0");
    ok(ReleaseSemaphore(s, 2, &prev) && prev == 0, "release 2, previous %ld", prev);
    ok(ReleaseSemaphore(s, 1, &prev) && prev == 2, "release 1, previous %ld", prev);
    prev = 77;
    SetLastError(0);
    ok(!ReleaseSemaphore(s, 1, &prev) && GetLastError() == ERROR_TOO_MANY_POSTS,
       "past the maximum: %lu", GetLastError());
    ok(prev == 77, "previous count untouched on failure: %ld", prev);
    SetLastError(0);
    ok(!ReleaseSemaphore(s, 0, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "release 0: %lu", GetLastError());
    for (int i = 0; i < 3; i++)
        ok(WaitForSingleObject(s, 0) == WAIT_OBJECT_0, "take %d", i);
    ok(WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "empty again");
    CloseHandle(s);

    SetLastError(0);
    ok(!CreateSemaphoreA(NULL, 4, 3, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "initial > max: %lu", GetLastError());
    SetLastError(0);
    ok(!CreateSemaphoreA(NULL, 0, 0, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "max 0: %lu", GetLastError());
    SetLastError(0);
    ok(!CreateSemaphoreA(NULL, -1, 3, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "initial < 0: %lu", GetLastError());
    s = CreateSemaphoreExA(NULL, 0, 1, NULL, 0, SEMAPHORE_ALL_ACCESS);
    ok(s && WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "CreateSemaphoreEx");
    CloseHandle(s);
}

/* ---- the wait functions ---- */

static void test_waits(void)
{
    HANDLE e[4], all[3], dup[2];
    HANDLE sem = CreateSemaphoreA(NULL, 1, 1, NULL);
    HANDLE file = CreateFileA("sync_wait.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                              CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_DELETE_ON_CLOSE,
                              NULL);
    HANDLE many[65];
    double t0;
    DWORD r;

    e[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
    e[1] = CreateEventA(NULL, FALSE, TRUE, NULL);
    e[2] = CreateEventA(NULL, TRUE, TRUE, NULL);
    e[3] = CreateEventA(NULL, FALSE, FALSE, NULL);

    /* Wait-any: the lowest signaled index. */
    r = WaitForMultipleObjects(3, e, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + 1, "wait-any index: %lu", r);
    r = WaitForMultipleObjects(3, e, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + 2, "auto event consumed, next index: %lu", r);

    /* Wait-all: nothing taken unless everything is signaled. */
    SetEvent(e[1]);
    all[0] = e[1];
    all[1] = sem;
    all[2] = e[3];
    r = WaitForMultipleObjects(3, all, TRUE, 0);
    ok(r == WAIT_TIMEOUT, "wait-all with one unsignaled: %lu", r);
    ok(WaitForSingleObject(e[1], 0) == WAIT_OBJECT_0, "wait-all took nothing (event)");
    SetEvent(e[1]);
    SetEvent(e[3]);
    r = WaitForMultipleObjects(3, all, TRUE, 0);
    ok(r == WAIT_OBJECT_0, "wait-all all signaled: %lu", r);
    ok(WaitForSingleObject(e[1], 0) == WAIT_TIMEOUT, "wait-all consumed the auto event");
    ok(WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "wait-all consumed the semaphore");
    ok(WaitForSingleObject(e[3], 0) == WAIT_TIMEOUT, "wait-all consumed the second event");

    /* Duplicates are refused in a wait-all. */
    dup[0] = dup[1] = e[2];
    SetLastError(0);
    ok(WaitForMultipleObjects(2, dup, TRUE, 0) == WAIT_FAILED &&
       GetLastError() == ERROR_INVALID_PARAMETER, "wait-all duplicate: %lu", GetLastError());
    ok(WaitForMultipleObjects(2, dup, FALSE, 0) == WAIT_OBJECT_0, "wait-any duplicate");

    SetLastError(0);
    ok(WaitForMultipleObjects(0, e, FALSE, 0) == WAIT_FAILED &&
       GetLastError() == ERROR_INVALID_PARAMETER, "count 0: %lu", GetLastError());
    for (int i = 0; i < 65; i++)
        many[i] = e[2];
    SetLastError(0);
    ok(WaitForMultipleObjects(65, many, FALSE, 0) == WAIT_FAILED &&
       GetLastError() == ERROR_INVALID_PARAMETER, "count 65: %lu", GetLastError());
    ok(WaitForMultipleObjects(64, many, FALSE, 0) == WAIT_OBJECT_0, "count 64");

    SetLastError(0);
    ok(WaitForSingleObject((HANDLE)0x1230, 0) == WAIT_FAILED &&
       GetLastError() == ERROR_INVALID_HANDLE, "invalid handle: %lu", GetLastError());
    ok(file != INVALID_HANDLE_VALUE, "CreateFile: %lu", GetLastError());
    ok(WaitForSingleObject(file, 0) == WAIT_OBJECT_0, "a file handle is signaled");

    /* Our own process and thread never become signaled while we run. */
    t0 = now_ms();
    ok(WaitForSingleObject(GetCurrentProcess(), 50) == WAIT_TIMEOUT, "own process");
    ok(WaitForSingleObject(GetCurrentThread(), 30) == WAIT_TIMEOUT, "own thread");
    ok(now_ms() - t0 >= 75, "own process/thread waits took %.1f ms", now_ms() - t0);

    /* Timeouts: lower bounds only. */
    t0 = now_ms();
    r = WaitForSingleObject(e[0], 100);
    ok(r == WAIT_TIMEOUT && now_ms() - t0 >= 95, "timeout 100: %lu after %.1f ms", r,
       now_ms() - t0);
    t0 = now_ms();
    r = WaitForMultipleObjects(2, all + 1, FALSE, 60);
    ok(r == WAIT_TIMEOUT && now_ms() - t0 >= 55, "wait-any timeout 60: %lu after %.1f ms", r,
       now_ms() - t0);
    t0 = now_ms();
    r = WaitForMultipleObjects(2, e + 1, TRUE, 60);
    ok(r == WAIT_TIMEOUT && now_ms() - t0 >= 55, "wait-all timeout 60: %lu after %.1f ms", r,
       now_ms() - t0);
    ok(WaitForSingleObject(e[2], 0) == WAIT_OBJECT_0, "manual event untouched by timeouts");

    /* An absolute timeout through ntdll. */
    {
        typedef LONG (WINAPI *wait_fn)(HANDLE, BOOLEAN, const LARGE_INTEGER *);
        wait_fn nt_wait = (wait_fn)ntdll("NtWaitForSingleObject");
        FILETIME ft;
        LARGE_INTEGER due;
        LONG s;

        GetSystemTimeAsFileTime(&ft);
        due.QuadPart = (((LONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime) + 500000;
        t0 = now_ms();
        s = nt_wait(e[0], FALSE, &due);
        ok(s == 0x102 && now_ms() - t0 >= 45, "absolute timeout: %#lx after %.1f ms", s,
           now_ms() - t0);
        due.QuadPart = 0;
        ok(nt_wait(e[0], FALSE, &due) == 0x102, "zero timeout polls");
    }

    /* SignalObjectAndWait. */
    ResetEvent(e[0]);
    r = SignalObjectAndWait(e[0], e[2], 0, FALSE);
    ok(r == WAIT_OBJECT_0, "SignalObjectAndWait: %lu", r);
    ok(WaitForSingleObject(e[0], 0) == WAIT_OBJECT_0, "the signal happened");
    ResetEvent(e[0]);
    t0 = now_ms();
    r = SignalObjectAndWait(e[0], e[3], 40, FALSE);
    ok(r == WAIT_TIMEOUT && now_ms() - t0 >= 35, "SignalObjectAndWait timeout: %lu", r);
    ok(WaitForSingleObject(e[0], 0) == WAIT_OBJECT_0, "signaled despite the timeout");
    {
        HANDLE m = CreateMutexA(NULL, FALSE, NULL);

        SetLastError(0);
        r = SignalObjectAndWait(m, e[2], 0, FALSE);
        ok(r == WAIT_FAILED && GetLastError() == ERROR_NOT_OWNER,
           "signal an unowned mutex: %lu %lu", r, GetLastError());
        SetLastError(0);
        r = SignalObjectAndWait(file, e[2], 0, FALSE);
        ok(r == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE,
           "signal a file: %lu %lu", r, GetLastError());
        ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "take the mutex");
        ok(SignalObjectAndWait(m, e[2], 0, FALSE) == WAIT_OBJECT_0, "release it and wait");
        SetLastError(0);
        ok(!ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER, "it was released");
        CloseHandle(m);
    }

    /* Sleep(0) and short sleeps. */
    t0 = now_ms();
    Sleep(0);
    Sleep(30);
    ok(now_ms() - t0 >= 28, "Sleep(30) took %.1f ms", now_ms() - t0);
    ok(SleepEx(10, TRUE) == 0, "SleepEx without APCs returns 0");

    for (int i = 0; i < 4; i++)
        CloseHandle(e[i]);
    CloseHandle(sem);
    CloseHandle(file);
}

/* ---- waitable timers ---- */

static int timer_apc_calls;
static void *timer_apc_arg;
static DWORD timer_apc_high;

static void CALLBACK timer_apc(void *arg, DWORD low, DWORD high)
{
    timer_apc_calls++;
    timer_apc_arg = arg;
    timer_apc_high = high;
}

static void test_timers(void)
{
    HANDLE manual = CreateWaitableTimerA(NULL, TRUE, NULL);
    HANDLE autot = CreateWaitableTimerA(NULL, FALSE, NULL);
    LARGE_INTEGER due;
    FILETIME ft;
    double t0;
    DWORD r;

    ok(manual && autot, "CreateWaitableTimer: %lu", GetLastError());
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "a new timer is unsignaled");

    /* One-shot, relative. */
    due.QuadPart = -50 * 10000LL;
    t0 = now_ms();
    ok(SetWaitableTimer(manual, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "not yet due");
    r = WaitForSingleObject(manual, 2000);
    ok(r == WAIT_OBJECT_0 && now_ms() - t0 >= 45, "relative 50 ms: %lu after %.1f ms", r,
       now_ms() - t0);
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0, "manual timer stays signaled");
    /* Setting it again makes it unsignaled. */
    due.QuadPart = -10000 * 10000LL;
    ok(SetWaitableTimer(manual, &due, 0, NULL, NULL, FALSE), "set again");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "set resets the signal");
    ok(CancelWaitableTimer(manual), "CancelWaitableTimer");
    ok(WaitForSingleObject(manual, 60) == WAIT_TIMEOUT, "canceled timer never fires");

    /* Absolute, 50 ms ahead; and one in the past fires at once. */
    GetSystemTimeAsFileTime(&ft);
    due.QuadPart = (((LONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime) + 500000;
    t0 = now_ms();
    ok(SetWaitableTimer(autot, &due, 0, NULL, NULL, FALSE), "absolute");
    r = WaitForSingleObject(autot, 2000);
    ok(r == WAIT_OBJECT_0 && now_ms() - t0 >= 45, "absolute 50 ms: %lu after %.1f ms", r,
       now_ms() - t0);
    ok(WaitForSingleObject(autot, 0) == WAIT_TIMEOUT, "auto timer reset by the wait");
    due.QuadPart = 1;
    ok(SetWaitableTimer(autot, &due, 0, NULL, NULL, FALSE), "absolute in the past");
    ok(WaitForSingleObject(autot, 1000) == WAIT_OBJECT_0, "fires at once");

    /* Periodic. */
    due.QuadPart = -30 * 10000LL;
    t0 = now_ms();
    ok(SetWaitableTimer(autot, &due, 30, NULL, NULL, FALSE), "periodic");
    for (int i = 0; i < 3; i++)
        ok(WaitForSingleObject(autot, 2000) == WAIT_OBJECT_0, "period %d", i);
    ok(now_ms() - t0 >= 85, "three periods of 30 ms took %.1f ms", now_ms() - t0);
    ok(CancelWaitableTimer(autot), "cancel periodic");
    WaitForSingleObject(autot, 0);
    ok(WaitForSingleObject(autot, 80) == WAIT_TIMEOUT, "no periods after cancel");

    /* The completion routine: an APC to this thread. */
    due.QuadPart = -20 * 10000LL;
    timer_apc_calls = 0;
    ok(SetWaitableTimer(autot, &due, 0, timer_apc, (void *)0x1234, FALSE), "with APC");
    ok(SleepEx(0, FALSE) == 0 && timer_apc_calls == 0, "no APC outside alertable waits");
    t0 = now_ms();
    r = SleepEx(2000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returns WAIT_IO_COMPLETION: %lu", r);
    ok(timer_apc_calls == 1 && timer_apc_arg == (void *)0x1234 && timer_apc_high != 0,
       "completion routine ran: %d %p %lu", timer_apc_calls, timer_apc_arg, timer_apc_high);
    ok(now_ms() - t0 < 1500, "woken by the APC, not the timeout");
    ok(WaitForSingleObject(autot, 0) == WAIT_OBJECT_0, "and the timer is signaled");

    /* Resume is not supported: set anyway, ERROR_NOT_SUPPORTED. */
    due.QuadPart = -10000 * 10000LL;
    SetLastError(0);
    ok(SetWaitableTimer(autot, &due, 0, NULL, NULL, TRUE) && GetLastError() == ERROR_NOT_SUPPORTED,
       "resume: %lu", GetLastError());
    CancelWaitableTimer(autot);

    SetLastError(0);
    ok(!CreateWaitableTimerExA(NULL, NULL, 4, TIMER_ALL_ACCESS) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "bad flags: %lu", GetLastError());
    CloseHandle(manual);
    CloseHandle(autot);
    manual = CreateWaitableTimerExA(NULL, NULL, CREATE_WAITABLE_TIMER_MANUAL_RESET,
                                    TIMER_ALL_ACCESS);
    ok(manual != NULL, "CreateWaitableTimerEx manual");
    CloseHandle(manual);
}

/* ---- named objects ---- */

static void test_names(void)
{
    HANDLE a, b, c, o;

    SetLastError(0xdead);
    a = CreateEventA(NULL, TRUE, FALSE, "wow64_sync_test_event");
    ok(a && GetLastError() == 0, "new named event: %p %lu", a, GetLastError());
    b = CreateEventA(NULL, FALSE, TRUE, "wow64_sync_test_event");
    ok(b && b != a && GetLastError() == ERROR_ALREADY_EXISTS, "second create: %lu",
       GetLastError());
    ok(WaitForSingleObject(b, 0) == WAIT_TIMEOUT, "the existing object, its state kept");
    ok(SetEvent(b) && WaitForSingleObject(a, 0) == WAIT_OBJECT_0, "one object, two handles");
    ok(WaitForSingleObject(a, 0) == WAIT_OBJECT_0, "still manual-reset");
    o = OpenEventA(EVENT_ALL_ACCESS, FALSE, "wow64_sync_test_event");
    ok(o != NULL, "OpenEvent: %lu", GetLastError());
    ok(ResetEvent(o) && WaitForSingleObject(a, 0) == WAIT_TIMEOUT, "opened the same object");
    CloseHandle(o);

    SetLastError(0);
    c = CreateEventW(NULL, TRUE, FALSE, L"WOW64_SYNC_TEST_EVENT");
    ok(c && GetLastError() == 0, "names are case-sensitive: %lu", GetLastError());
    CloseHandle(c);
    SetLastError(0);
    c = CreateEventA(NULL, TRUE, FALSE, "Local\\wow64_sync_test_event");
    ok(c && GetLastError() == ERROR_ALREADY_EXISTS, "Local\\ is our namespace: %lu",
       GetLastError());
    CloseHandle(c);

    SetLastError(0);
    ok(!CreateMutexA(NULL, FALSE, "wow64_sync_test_event") && GetLastError() == ERROR_INVALID_HANDLE,
       "a mutex by an event's name: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenMutexA(MUTEX_ALL_ACCESS, FALSE, "wow64_sync_test_event") &&
       GetLastError() == ERROR_INVALID_HANDLE, "open as a mutex: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenEventA(EVENT_ALL_ACCESS, FALSE, "wow64_sync_no_such") &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "open missing: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenEventA(EVENT_ALL_ACCESS, FALSE, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "open without a name: %lu", GetLastError());
    SetLastError(0);
    ok(!CreateEventA(NULL, TRUE, FALSE, "wow64_dir\\event") && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a name with a backslash: %lu", GetLastError());
    SetLastError(0xdead);
    c = CreateEventA(NULL, TRUE, FALSE, "");
    ok(c && GetLastError() == 0, "an empty name is no name: %lu", GetLastError());
    CloseHandle(c);

    CloseHandle(a);
    CloseHandle(b);
    SetLastError(0);
    ok(!OpenEventA(EVENT_ALL_ACCESS, FALSE, "wow64_sync_test_event") &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "gone with its last handle: %lu", GetLastError());

    /* The other types. */
    a = CreateMutexW(NULL, TRUE, L"wow64_sync_test_mutex");
    ok(a && GetLastError() == 0, "named mutex");
    b = CreateMutexW(NULL, FALSE, L"wow64_sync_test_mutex");
    ok(b && GetLastError() == ERROR_ALREADY_EXISTS, "named mutex exists: %lu", GetLastError());
    o = OpenMutexW(SYNCHRONIZE, FALSE, L"wow64_sync_test_mutex");
    ok(o && ReleaseMutex(o), "opened mutex, owned by us");
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(o);

    a = CreateSemaphoreW(NULL, 2, 5, L"wow64_sync_test_sem");
    b = CreateSemaphoreW(NULL, 0, 1, L"wow64_sync_test_sem");
    ok(a && b && GetLastError() == ERROR_ALREADY_EXISTS, "named semaphore exists");
    o = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, "wow64_sync_test_sem");
    ok(o && WaitForSingleObject(o, 0) == WAIT_OBJECT_0 && WaitForSingleObject(b, 0) == WAIT_OBJECT_0 &&
       WaitForSingleObject(a, 0) == WAIT_TIMEOUT, "one semaphore, count 2");
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(o);

    a = CreateWaitableTimerW(NULL, TRUE, L"wow64_sync_test_timer");
    o = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, "wow64_sync_test_timer");
    ok(a && o, "named timer opened: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, "wow64_sync_test_timer") &&
       GetLastError() == ERROR_INVALID_HANDLE, "a timer is no semaphore");
    CloseHandle(a);
    CloseHandle(o);
}

/* ---- APCs on this thread ---- */

static int apc_calls;
static ULONG_PTR apc_arg;

static void CALLBACK user_apc(ULONG_PTR arg)
{
    apc_calls++;
    apc_arg = arg;
}

static void test_apcs(void)
{
    typedef DWORD (WINAPI *queue_fn)(PAPCFUNC, HANDLE, ULONG_PTR);
    queue_fn queue = (queue_fn)k32("QueueUserAPC");
    HANDLE e = CreateEventA(NULL, TRUE, TRUE, NULL), never = CreateEventA(NULL, TRUE, FALSE, NULL);
    double t0;
    DWORD r;

    if (!queue) {
        skip("QueueUserAPC is not exported yet");
        return;
    }
    if (!queue(user_apc, GetCurrentThread(), 42)) {
        skip("QueueUserAPC failed: %lu", GetLastError());
        return;
    }
    ok(SleepEx(0, FALSE) == 0 && apc_calls == 0, "not alertable: the APC waits");
    ok(WaitForSingleObjectEx(e, 0, TRUE) == WAIT_OBJECT_0 && apc_calls == 0,
       "a signaled object comes before the APC");
    t0 = now_ms();
    r = SleepEx(5000, TRUE);
    ok(r == WAIT_IO_COMPLETION && apc_calls == 1 && apc_arg == 42, "SleepEx ran it: %lu %d",
       r, apc_calls);
    ok(now_ms() - t0 < 2500, "at once");
    ok(SleepEx(0, TRUE) == 0 && apc_calls == 1, "only once");
    queue(user_apc, GetCurrentThread(), 43);
    ok(SleepEx(INFINITE, TRUE) == WAIT_IO_COMPLETION && apc_calls == 2 && apc_arg == 43,
       "SleepEx(INFINITE) ends with the APC");

    queue(user_apc, GetCurrentThread(), 7);
    queue(user_apc, GetCurrentThread(), 8);
    r = WaitForSingleObjectEx(never, 5000, TRUE);
    ok(r == WAIT_IO_COMPLETION && apc_calls == 4 && apc_arg == 8,
       "an alertable wait runs all of them, in order: %lu %d %lu", r, apc_calls,
       (unsigned long)apc_arg);
    queue(user_apc, GetCurrentThread(), 9);
    r = WaitForMultipleObjectsEx(1, &never, FALSE, 5000, TRUE);
    ok(r == WAIT_IO_COMPLETION && apc_calls == 5, "WaitForMultipleObjectsEx: %lu", r);
    CloseHandle(e);
    CloseHandle(never);
}

/* ---- critical sections, SRW locks, condition variables ---- */

static void test_locks(void)
{
    CRITICAL_SECTION cs;
    SRWLOCK srw = SRWLOCK_INIT;
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    HANDLE tid = (HANDLE)(ULONG_PTR)GetCurrentThreadId();
    double t0;

    InitializeCriticalSection(&cs);
    ok(cs.LockCount == -1 && cs.RecursionCount == 0 && !cs.OwningThread, "free: %ld %ld %p",
       cs.LockCount, cs.RecursionCount, cs.OwningThread);
    EnterCriticalSection(&cs);
    /* Microsoft's "Displaying a Critical Section": bit 0 clear = locked,
     * bit 1 set = no thread woken, the rest ~waiters: held alone = -2. */
    ok(cs.LockCount == -2 && cs.RecursionCount == 1 && cs.OwningThread == tid, "entered: %ld %ld",
       cs.LockCount, cs.RecursionCount);
    ok(TryEnterCriticalSection(&cs), "TryEnter by the owner");
    EnterCriticalSection(&cs);
    ok(cs.LockCount == -2 && cs.RecursionCount == 3, "recursion: %ld %ld", cs.LockCount,
       cs.RecursionCount);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    ok(cs.LockCount == -1 && cs.RecursionCount == 0 && !cs.OwningThread, "left: %ld %ld %p",
       cs.LockCount, cs.RecursionCount, cs.OwningThread);
    ok(TryEnterCriticalSection(&cs) && cs.RecursionCount == 1, "TryEnter a free section");

    /* Condition variable timeouts, with the lock held again after. */
    t0 = now_ms();
    SetLastError(0);
    ok(!SleepConditionVariableCS(&cv, &cs, 50) && GetLastError() == ERROR_TIMEOUT,
       "SleepConditionVariableCS timeout: %lu", GetLastError());
    ok(now_ms() - t0 >= 45, "after %.1f ms", now_ms() - t0);
    ok(cs.OwningThread == tid && cs.RecursionCount == 1, "section held again");
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    WakeConditionVariable(&cv);
    WakeAllConditionVariable(&cv);

    ok(TryAcquireSRWLockExclusive(&srw), "TryAcquireSRWLockExclusive free");
    ok(!TryAcquireSRWLockExclusive(&srw), "not twice");
    ok(!TryAcquireSRWLockShared(&srw), "not shared while exclusive");
    t0 = now_ms();
    SetLastError(0);
    ok(!SleepConditionVariableSRW(&cv, &srw, 30, 0) && GetLastError() == ERROR_TIMEOUT,
       "SleepConditionVariableSRW timeout: %lu", GetLastError());
    ok(now_ms() - t0 >= 25, "after %.1f ms", now_ms() - t0);
    ok(!TryAcquireSRWLockShared(&srw), "held exclusively again");
    ReleaseSRWLockExclusive(&srw);
    AcquireSRWLockShared(&srw);
    ok(TryAcquireSRWLockShared(&srw), "shared twice");
    ok(!TryAcquireSRWLockExclusive(&srw), "not exclusive while shared");
    SetLastError(0);
    ok(!SleepConditionVariableSRW(&cv, &srw, 20, CONDITION_VARIABLE_LOCKMODE_SHARED) &&
       GetLastError() == ERROR_TIMEOUT, "shared-mode sleep timeout");
    ReleaseSRWLockShared(&srw);
    ok(!TryAcquireSRWLockExclusive(&srw), "one sharer left");
    ReleaseSRWLockShared(&srw);
    ok(TryAcquireSRWLockExclusive(&srw), "free again");
    ReleaseSRWLockExclusive(&srw);
    AcquireSRWLockExclusive(&srw);
    ReleaseSRWLockExclusive(&srw);
    ok(srw.Ptr == NULL, "released lock reads as SRWLOCK_INIT");
}

/* ---- one-time initialisation ---- */

static int once_calls;

static BOOL CALLBACK once_fn(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    once_calls++;
    if (param == (void *)1) {
        SetLastError(0x1234);
        return FALSE;
    }
    if (ctx)
        *ctx = (void *)0x5550;
    return TRUE;
}

static void test_init_once(void)
{
    INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    void *ctx = NULL;
    BOOL pending = 7;

    ok(!InitOnceExecuteOnce(&once, once_fn, (void *)1, &ctx) && once_calls == 1,
       "a failing callback: FALSE");
    ok(GetLastError() == 0x1234, "its last error stands: %lu", GetLastError());
    ok(InitOnceExecuteOnce(&once, once_fn, NULL, &ctx) && once_calls == 2 && ctx == (void *)0x5550,
       "tried again after failing: %d %p", once_calls, ctx);
    ctx = NULL;
    ok(InitOnceExecuteOnce(&once, once_fn, NULL, &ctx) && once_calls == 2 && ctx == (void *)0x5550,
       "only once: %d %p", once_calls, ctx);

    InitOnceInitialize(&once);
    SetLastError(0);
    ok(!InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &ctx) &&
       GetLastError() == ERROR_GEN_FAILURE, "CHECK_ONLY before: %lu", GetLastError());
    ok(InitOnceBeginInitialize(&once, 0, &pending, &ctx) && pending == TRUE, "begin: pending");
    SetLastError(0);
    ok(!InitOnceComplete(&once, 0, (void *)3) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a context with the reserved bits: %lu", GetLastError());
    ok(InitOnceComplete(&once, 0, (void *)0x100), "complete");
    ctx = NULL;
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &ctx) && !pending &&
       ctx == (void *)0x100, "CHECK_ONLY after: %d %p", pending, ctx);
    ok(!InitOnceComplete(&once, 0, NULL), "complete twice fails");

    InitOnceInitialize(&once);
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &ctx) && pending, "async begin");
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &ctx) && pending,
       "async begin again: also pending");
    SetLastError(0);
    ok(!InitOnceBeginInitialize(&once, 0, &pending, &ctx) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "sync begin during async: %lu", GetLastError());
    ok(InitOnceComplete(&once, INIT_ONCE_ASYNC, (void *)0x200), "async complete");
    ok(!InitOnceComplete(&once, INIT_ONCE_ASYNC, (void *)0x300), "the second loses");
    ctx = NULL;
    ok(InitOnceBeginInitialize(&once, 0, &pending, &ctx) && !pending && ctx == (void *)0x200,
       "the first one's context: %p", ctx);

    InitOnceInitialize(&once);
    ok(InitOnceBeginInitialize(&once, 0, &pending, &ctx) && pending, "begin");
    ok(InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL), "complete as failed");
    ok(InitOnceBeginInitialize(&once, 0, &pending, &ctx) && pending, "begin again: pending");
    ok(InitOnceComplete(&once, 0, NULL), "complete");
}

/* ---- address waits ---- */

static void test_wait_on_address(void)
{
    typedef BOOL (WINAPI *wait_fn)(volatile void *, void *, SIZE_T, DWORD);
    typedef void (WINAPI *wake_fn)(void *);
    wait_fn wait = (wait_fn)k32("WaitOnAddress");
    wake_fn wake1 = (wake_fn)k32("WakeByAddressSingle"), wakeall = (wake_fn)k32("WakeByAddressAll");
    volatile LONG v = 5;
    volatile BYTE b = 1;
    volatile SHORT w = 2;
    volatile LONGLONG q = 0x100000000LL;
    LONG cmp = 6;
    BYTE cb = 1;
    SHORT cw = 3;
    LONGLONG cq = 0x100000000LL;
    double t0;

    if (!wait || !wake1 || !wakeall) {
        skip("WaitOnAddress is not exported");
        return;
    }
    ok(wait(&v, &cmp, 4, INFINITE), "values differ: returns at once");
    cmp = 5;
    t0 = now_ms();
    SetLastError(0);
    ok(!wait(&v, &cmp, 4, 50) && GetLastError() == ERROR_TIMEOUT, "equal: timeout %lu",
       GetLastError());
    ok(now_ms() - t0 >= 45, "after %.1f ms", now_ms() - t0);
    ok(!wait(&b, &cb, 1, 10) && GetLastError() == ERROR_TIMEOUT, "size 1 equal");
    ok(wait(&w, &cw, 2, INFINITE), "size 2 differ");
    ok(!wait(&q, &cq, 8, 10) && GetLastError() == ERROR_TIMEOUT, "size 8 equal");
    cq = 0;
    ok(wait(&q, &cq, 8, INFINITE), "size 8 differing in the high half");
    SetLastError(0);
    ok(!wait(&v, &cmp, 3, 0) && GetLastError() == ERROR_INVALID_PARAMETER, "size 3: %lu",
       GetLastError());
    wake1((void *)&v);
    wakeall((void *)&v);
}

/* ---- interlocked functions and SLists ---- */

typedef struct {
    SLIST_ENTRY entry;
    int value;
} item;

static void test_interlocked(void)
{
    typedef LONGLONG (WINAPI *cmpxchg64_fn)(volatile LONGLONG *, LONGLONG, LONGLONG);
    typedef LONG (WINAPI *inc_fn)(volatile LONG *);
    typedef LONG (WINAPI *xchg_fn)(volatile LONG *, LONG);
    typedef LONG (WINAPI *cmpxchg_fn)(volatile LONG *, LONG, LONG);
    typedef PSLIST_ENTRY (WINAPI *pushlist_fn)(PSLIST_HEADER, PSLIST_ENTRY, PSLIST_ENTRY, ULONG);
    cmpxchg64_fn cx64 = (cmpxchg64_fn)k32("InterlockedCompareExchange64");
    inc_fn inc = (inc_fn)k32("InterlockedIncrement"), dec = (inc_fn)k32("InterlockedDecrement");
    xchg_fn xchg = (xchg_fn)k32("InterlockedExchange"), xadd = (xchg_fn)k32("InterlockedExchangeAdd");
    cmpxchg_fn cx = (cmpxchg_fn)k32("InterlockedCompareExchange");
    pushlist_fn pushlist = (pushlist_fn)k32("InterlockedPushListSListEx");
    volatile LONGLONG q = 0x123456789LL;
    volatile LONG l = 1;
    SLIST_HEADER head;
    item items[4];
    PSLIST_ENTRY e;

    ok(cx64 && inc && dec && xchg && xadd && cx, "interlocked exports");
    if (cx64) {
        ok(cx64(&q, 5, 0x123456788LL) == 0x123456789LL && q == 0x123456789LL, "no exchange");
        ok(cx64(&q, 0x500000005LL, 0x123456789LL) == 0x123456789LL && q == 0x500000005LL,
           "64-bit exchange");
    }
    if (inc && dec && xchg && xadd && cx) {
        ok(inc(&l) == 2 && dec(&l) == 1, "increment/decrement return the new value");
        ok(xchg(&l, 10) == 1 && l == 10, "exchange returns the old value");
        ok(xadd(&l, 5) == 10 && l == 15, "exchange-add returns the old value");
        ok(cx(&l, 20, 15) == 15 && l == 20 && cx(&l, 30, 15) == 20 && l == 20, "compare-exchange");
    }

    InitializeSListHead(&head);
    ok(QueryDepthSList(&head) == 0 && !InterlockedPopEntrySList(&head), "empty list");
    for (int i = 0; i < 3; i++) {
        items[i].value = i;
        InterlockedPushEntrySList(&head, &items[i].entry);
    }
    ok(QueryDepthSList(&head) == 3, "depth 3");
    e = InterlockedPopEntrySList(&head);
    ok(e == &items[2].entry && QueryDepthSList(&head) == 2, "LIFO pop");
    e = InterlockedFlushSList(&head);
    ok(e == &items[1].entry && e->Next == &items[0].entry && !e->Next->Next, "flush: the chain");
    ok(QueryDepthSList(&head) == 0 && !InterlockedPopEntrySList(&head), "empty after flush");
    if (pushlist) {
        items[3].entry.Next = &items[1].entry;
        items[1].entry.Next = NULL;
        InterlockedPushEntrySList(&head, &items[0].entry);
        ok(pushlist(&head, &items[3].entry, &items[1].entry, 2) == &items[0].entry,
           "InterlockedPushListSListEx returns the old first entry");
        ok(QueryDepthSList(&head) == 3, "depth 3 after pushing a list");
        ok(InterlockedPopEntrySList(&head) == &items[3].entry &&
           InterlockedPopEntrySList(&head) == &items[1].entry &&
           InterlockedPopEntrySList(&head) == &items[0].entry, "pushed list order");
    } else {
        skip("InterlockedPushListSListEx not exported");
    }
}

/* ---- clocks and time zones ---- */

static LONGLONG ft64(const FILETIME *ft)
{
    return (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime);
}

static void test_time(void)
{
    LARGE_INTEGER f, c1, c2;
    FILETIME a, b, local, back;
    TIME_ZONE_INFORMATION tz;
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    SYSTEMTIME st, lt, utc;
    ULONGLONG t1, t2;
    DWORD id;
    LONG bias;

    ok(QueryPerformanceFrequency(&f) && f.QuadPart == 10000000, "frequency: %lld", f.QuadPart);
    QueryPerformanceCounter(&c1);
    t1 = GetTickCount64();
    Sleep(20);
    QueryPerformanceCounter(&c2);
    t2 = GetTickCount64();
    ok(c2.QuadPart - c1.QuadPart >= 190000, "counter advanced %lld", c2.QuadPart - c1.QuadPart);
    ok(t2 - t1 >= 19 && GetTickCount() - (DWORD)t2 < 1000,
       "tick count advanced %llu", t2 - t1);
    GetSystemTimeAsFileTime(&a);
    GetSystemTimePreciseAsFileTime(&b);
    ok(ft64(&b) >= ft64(&a) && ft64(&b) - ft64(&a) < 10000000, "precise time close");

    id = GetTimeZoneInformation(&tz);
    ok(id <= TIME_ZONE_ID_DAYLIGHT, "time zone id %lu", id);
    ok(GetDynamicTimeZoneInformation(&dtz) == id && dtz.Bias == tz.Bias &&
       dtz.DaylightBias == tz.DaylightBias, "dynamic agrees");
    bias = tz.Bias + (id == TIME_ZONE_ID_DAYLIGHT ? tz.DaylightBias :
                      id == TIME_ZONE_ID_STANDARD ? tz.StandardBias : 0);
    ok(FileTimeToLocalFileTime(&a, &local) &&
       ft64(&local) == ft64(&a) - (LONGLONG)bias * 600000000, "FileTimeToLocalFileTime");
    ok(LocalFileTimeToFileTime(&local, &back) && ft64(&back) == ft64(&a), "and back");
    GetSystemTime(&utc);
    ok(SystemTimeToTzSpecificLocalTime(NULL, &utc, &st), "SystemTimeToTzSpecificLocalTime");
    GetLocalTime(&lt);
    ok(st.wHour == lt.wHour || st.wMinute != lt.wMinute, "local hour %u vs %u", st.wHour,
       lt.wHour);

    /* US Pacific rules from Windows' registry: second Sunday of March
     * 2:00, first Sunday of November 2:00. */
    memset(&tz, 0, sizeof tz);
    tz.Bias = 480;
    tz.DaylightBias = -60;
    tz.DaylightDate.wMonth = 3;
    tz.DaylightDate.wDay = 2;
    tz.DaylightDate.wHour = 2;
    tz.StandardDate.wMonth = 11;
    tz.StandardDate.wDay = 1;
    tz.StandardDate.wHour = 2;
    memset(&utc, 0, sizeof utc);
    utc.wYear = 2023;
    utc.wMonth = 7;
    utc.wDay = 1;
    utc.wHour = 12;
    ok(SystemTimeToTzSpecificLocalTime(&tz, &utc, &st) && st.wHour == 5 && st.wDay == 1,
       "July: daylight time, %u:00", st.wHour);
    utc.wMonth = 1;
    ok(SystemTimeToTzSpecificLocalTime(&tz, &utc, &st) && st.wHour == 4, "January: %u:00",
       st.wHour);
    /* 2023-03-12 was the second Sunday: 10:00 UTC is 03:00 PDT, 09:59 is 01:59 PST. */
    utc.wMonth = 3;
    utc.wDay = 12;
    utc.wHour = 10;
    ok(SystemTimeToTzSpecificLocalTime(&tz, &utc, &st) && st.wHour == 3, "after the change: %u",
       st.wHour);
    utc.wHour = 9;
    utc.wMinute = 59;
    ok(SystemTimeToTzSpecificLocalTime(&tz, &utc, &st) && st.wHour == 1 && st.wMinute == 59,
       "before the change: %u:%u", st.wHour, st.wMinute);
    lt = utc;
    lt.wMonth = 8;
    lt.wHour = 10;
    lt.wMinute = 0;
    ok(TzSpecificLocalTimeToSystemTime(&tz, &lt, &st) && st.wHour == 17,
       "TzSpecificLocalTimeToSystemTime in August: %u", st.wHour);
}

/* Under TZ=EST5EDT,M3.2.0,M11.1.0: US Eastern time as Windows describes it. */
static int test_host_time_zone(void)
{
    TIME_ZONE_INFORMATION tz;
    DWORD id = GetTimeZoneInformation(&tz);

    ok(id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT, "id %lu", id);
    ok(tz.Bias == 300 && tz.StandardBias == 0 && tz.DaylightBias == -60, "biases %ld %ld %ld",
       tz.Bias, tz.StandardBias, tz.DaylightBias);
    ok(tz.DaylightDate.wYear == 0 && tz.DaylightDate.wMonth == 3 && tz.DaylightDate.wDay == 2 &&
       tz.DaylightDate.wDayOfWeek == 0 && tz.DaylightDate.wHour == 2,
       "daylight from the second Sunday of March, 2:00: %u %u %u %u", tz.DaylightDate.wMonth,
       tz.DaylightDate.wDay, tz.DaylightDate.wDayOfWeek, tz.DaylightDate.wHour);
    ok(tz.StandardDate.wMonth == 11 && tz.StandardDate.wDay == 1 &&
       tz.StandardDate.wDayOfWeek == 0 && tz.StandardDate.wHour == 2,
       "standard from the first Sunday of November, 2:00: %u %u %u %u", tz.StandardDate.wMonth,
       tz.StandardDate.wDay, tz.StandardDate.wDayOfWeek, tz.StandardDate.wHour);
    ok(!memcmp(tz.StandardName, L"EST", 8) && !memcmp(tz.DaylightName, L"EDT", 8),
       "abbreviations as names");
    return test_summary();
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "tz"))
        return test_host_time_zone();
    test_events();
    test_mutexes();
    test_semaphores();
    test_waits();
    test_timers();
    test_names();
    test_apcs();
    test_locks();
    test_init_once();
    test_wait_on_address();
    test_interlocked();
    test_time();
    return test_summary();
}
