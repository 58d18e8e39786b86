/* Waits across threads: wake-ups between threads for every object type,
 * PulseEvent, abandoned mutexes, semaphores releasing exactly their count,
 * critical sections, SRW locks and condition variables under contention,
 * address waits waking exactly one, one-time initialisation racing, APCs
 * and termination of a waiting thread, keyed-event style hand-offs with
 * SignalObjectAndWait. Expected values from Microsoft's documentation.
 *
 * Needs CreateThread: when the running kernel32 cannot create a thread,
 * the program prints a skip line and passes. Timing is never asserted
 * beyond lower bounds and generous upper limits. */
#define _WIN32_WINNT 0x0602
#include <windows.h>

#include "test.h"

#define WAIT_LONG 10000 /* ms: "forever" for a test that should not hang */

static HANDLE start_thread(LPTHREAD_START_ROUTINE fn, void *arg)
{
    HANDLE h = CreateThread(NULL, 0, fn, arg, 0, NULL);

    ok(h != NULL, "CreateThread: %lu", GetLastError());
    return h;
}

/* Waits for a thread to end and returns its exit code. */
static DWORD join(HANDLE h)
{
    DWORD code = 0xdead;

    ok(WaitForSingleObject(h, WAIT_LONG) == WAIT_OBJECT_0, "thread ended");
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    return code;
}

static FARPROC k32(const char *name)
{
    return GetProcAddress(GetModuleHandleA("kernel32.dll"), name);
}

/* ---- events ---- */

struct event_args {
    HANDLE event;
    volatile LONG *woken;
};

static DWORD WINAPI wait_event_thread(void *p)
{
    struct event_args *a = p;
    DWORD r = WaitForSingleObject(a->event, WAIT_LONG);

    if (r == WAIT_OBJECT_0)
        InterlockedIncrement(a->woken);
    return r;
}

/* Waits until *v reaches n (or a generous time passes). */
static void wait_count(volatile LONG *v, LONG n)
{
    for (int i = 0; i < 1000 && *v < n; i++)
        Sleep(5);
}

static void test_events(void)
{
    volatile LONG woken = 0;
    struct event_args a = { CreateEventA(NULL, FALSE, FALSE, NULL), &woken };
    HANDLE th[3];

    /* An auto-reset event wakes one waiter per SetEvent. */
    for (int i = 0; i < 2; i++)
        th[i] = start_thread(wait_event_thread, &a);
    Sleep(50);
    ok(woken == 0, "waiters wait");
    SetEvent(a.event);
    wait_count(&woken, 1);
    Sleep(50);
    ok(woken == 1, "one SetEvent, one waiter: %ld", woken);
    SetEvent(a.event);
    for (int i = 0; i < 2; i++)
        ok(join(th[i]) == WAIT_OBJECT_0, "waiter %d satisfied", i);
    ok(woken == 2, "both woken: %ld", woken);
    ok(WaitForSingleObject(a.event, 0) == WAIT_TIMEOUT, "each wake consumed the event");
    CloseHandle(a.event);

    /* PulseEvent on a manual event releases every waiter and resets. */
    woken = 0;
    a.event = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < 3; i++)
        th[i] = start_thread(wait_event_thread, &a);
    Sleep(100);
    PulseEvent(a.event);
    for (int i = 0; i < 3; i++)
        ok(join(th[i]) == WAIT_OBJECT_0, "pulsed waiter %d", i);
    ok(woken == 3 && WaitForSingleObject(a.event, 0) == WAIT_TIMEOUT,
       "manual pulse released %ld and reset", woken);
    CloseHandle(a.event);

    /* PulseEvent on an auto event releases one. */
    woken = 0;
    a.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    for (int i = 0; i < 2; i++)
        th[i] = start_thread(wait_event_thread, &a);
    Sleep(100);
    PulseEvent(a.event);
    wait_count(&woken, 1);
    Sleep(50);
    ok(woken == 1 && WaitForSingleObject(a.event, 0) == WAIT_TIMEOUT, "auto pulse released %ld",
       woken);
    SetEvent(a.event);
    for (int i = 0; i < 2; i++)
        join(th[i]);
    CloseHandle(a.event);
}

/* ---- mutexes ---- */

static DWORD WINAPI take_mutex_and_exit(void *p)
{
    return WaitForSingleObject(p, 0);
}

static DWORD WINAPI try_mutex(void *p)
{
    return WaitForSingleObject(p, 50);
}

static void test_mutexes(void)
{
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);
    DWORD r;

    ok(join(start_thread(take_mutex_and_exit, m)) == WAIT_OBJECT_0, "thread took the mutex");
    r = WaitForSingleObject(m, 1000);
    ok(r == WAIT_ABANDONED_0, "its exit abandoned it: %lu", r);
    ok(join(start_thread(try_mutex, m)) == WAIT_TIMEOUT, "now ours: another thread times out");
    ok(ReleaseMutex(m), "released by us");
    ok(join(start_thread(try_mutex, m)) == WAIT_OBJECT_0, "free for another thread");
    r = WaitForSingleObject(m, 1000);
    ok(r == WAIT_ABANDONED_0, "abandoned again: %lu", r);
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "reported once only");
    ReleaseMutex(m);
    ReleaseMutex(m);
    CloseHandle(m);
}

/* ---- semaphores ---- */

static DWORD WINAPI take_semaphore(void *p)
{
    struct event_args *a = p;
    DWORD r = WaitForSingleObject(a->event, 2000);

    if (r == WAIT_OBJECT_0)
        InterlockedIncrement(a->woken);
    return r;
}

static void test_semaphores(void)
{
    volatile LONG woken = 0;
    struct event_args a = { CreateSemaphoreA(NULL, 0, 10, NULL), &woken };
    HANDLE th[5];
    int timeouts = 0;

    for (int i = 0; i < 5; i++)
        th[i] = start_thread(take_semaphore, &a);
    Sleep(50);
    ok(ReleaseSemaphore(a.event, 3, NULL), "release 3");
    for (int i = 0; i < 5; i++)
        timeouts += join(th[i]) == WAIT_TIMEOUT;
    ok(woken == 3 && timeouts == 2, "exactly 3 of 5 got it: %ld, %d timed out", woken, timeouts);
    CloseHandle(a.event);
}

/* ---- wait-all across threads ---- */

static HANDLE pair[2];

static DWORD WINAPI wait_all_thread(void *p)
{
    return WaitForMultipleObjects(2, pair, TRUE, WAIT_LONG);
}

static void test_wait_all(void)
{
    HANDLE th;

    pair[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
    pair[1] = CreateSemaphoreA(NULL, 0, 1, NULL);
    th = start_thread(wait_all_thread, NULL);
    SetEvent(pair[0]);
    Sleep(50);
    /* The thread must not have taken the event while the semaphore was 0. */
    ok(WaitForSingleObject(pair[0], 0) == WAIT_OBJECT_0, "event left alone by the wait-all");
    SetEvent(pair[0]);
    ReleaseSemaphore(pair[1], 1, NULL);
    ok(join(th) == WAIT_OBJECT_0, "wait-all satisfied");
    ok(WaitForSingleObject(pair[0], 0) == WAIT_TIMEOUT &&
       WaitForSingleObject(pair[1], 0) == WAIT_TIMEOUT, "both taken together");
    CloseHandle(pair[0]);
    CloseHandle(pair[1]);
}

/* ---- locks under contention ---- */

#define ROUNDS 20000

static CRITICAL_SECTION cs;
static SRWLOCK srw = SRWLOCK_INIT;
static volatile LONG counter;

static DWORD WINAPI cs_worker(void *p)
{
    for (int i = 0; i < ROUNDS; i++) {
        EnterCriticalSection(&cs);
        counter = counter + 1;
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI srw_worker(void *p)
{
    for (int i = 0; i < ROUNDS; i++) {
        AcquireSRWLockExclusive(&srw);
        counter = counter + 1;
        ReleaseSRWLockExclusive(&srw);
    }
    return 0;
}

static volatile LONG readers_inside;

static DWORD WINAPI srw_reader(void *p)
{
    LONG most = 0;

    AcquireSRWLockShared(&srw);
    InterlockedIncrement(&readers_inside);
    /* Both readers inside at once proves the sharing. */
    for (int i = 0; i < 400 && readers_inside < 2; i++)
        Sleep(5);
    most = readers_inside;
    ReleaseSRWLockShared(&srw);
    return most;
}

static void test_locks(void)
{
    HANDLE th[4];

    InitializeCriticalSection(&cs);
    counter = 0;
    for (int i = 0; i < 4; i++)
        th[i] = start_thread(cs_worker, NULL);
    for (int i = 0; i < 4; i++)
        join(th[i]);
    ok(counter == 4 * ROUNDS, "critical section counted %ld", counter);
    ok(cs.LockCount == -1 && cs.RecursionCount == 0 && !cs.OwningThread, "section free after");
    DeleteCriticalSection(&cs);

    counter = 0;
    for (int i = 0; i < 4; i++)
        th[i] = start_thread(srw_worker, NULL);
    for (int i = 0; i < 4; i++)
        join(th[i]);
    ok(counter == 4 * ROUNDS, "SRW lock counted %ld", counter);
    ok(srw.Ptr == NULL, "SRW lock free after");

    readers_inside = 0;
    th[0] = start_thread(srw_reader, NULL);
    th[1] = start_thread(srw_reader, NULL);
    ok(join(th[0]) == 2 && join(th[1]) == 2, "two readers shared the lock");

    /* A writer waits for a reader to leave. */
    AcquireSRWLockShared(&srw);
    counter = 0;
    th[0] = start_thread(srw_worker, NULL);
    Sleep(50);
    ok(counter == 0, "writer blocked by a reader");
    ReleaseSRWLockShared(&srw);
    join(th[0]);
    ok(counter == ROUNDS, "writer ran after: %ld", counter);
}

/* ---- condition variables ---- */

static CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
static CRITICAL_SECTION cv_cs;
static int queue_items, consumed;
static BOOL done_producing;

static DWORD WINAPI consumer(void *p)
{
    int mine = 0;

    EnterCriticalSection(&cv_cs);
    for (;;) {
        while (!queue_items && !done_producing)
            SleepConditionVariableCS(&cv, &cv_cs, INFINITE);
        if (!queue_items)
            break;
        queue_items--;
        consumed++;
        mine++;
    }
    LeaveCriticalSection(&cv_cs);
    return mine;
}

static volatile LONG srw_waiters_woken;

static DWORD WINAPI srw_cv_waiter(void *p)
{
    AcquireSRWLockExclusive(&srw);
    while (!done_producing)
        SleepConditionVariableSRW(&cv, &srw, INFINITE, 0);
    InterlockedIncrement(&srw_waiters_woken);
    ReleaseSRWLockExclusive(&srw);
    return 0;
}

static void test_condition_variables(void)
{
    HANDLE th[3];
    int total = 0;

    InitializeCriticalSection(&cv_cs);
    for (int i = 0; i < 3; i++)
        th[i] = start_thread(consumer, NULL);
    for (int i = 0; i < 1000; i++) {
        EnterCriticalSection(&cv_cs);
        queue_items++;
        LeaveCriticalSection(&cv_cs);
        WakeConditionVariable(&cv);
    }
    EnterCriticalSection(&cv_cs);
    done_producing = TRUE;
    LeaveCriticalSection(&cv_cs);
    WakeAllConditionVariable(&cv);
    for (int i = 0; i < 3; i++)
        total += join(th[i]);
    ok(consumed == 1000 && total == 1000 && queue_items == 0, "consumed %d (%d)", consumed, total);
    DeleteCriticalSection(&cv_cs);

    done_producing = FALSE;
    for (int i = 0; i < 3; i++)
        th[i] = start_thread(srw_cv_waiter, NULL);
    Sleep(50);
    ok(srw_waiters_woken == 0, "SRW waiters sleep");
    AcquireSRWLockExclusive(&srw);
    done_producing = TRUE;
    ReleaseSRWLockExclusive(&srw);
    WakeAllConditionVariable(&cv);
    for (int i = 0; i < 3; i++)
        join(th[i]);
    ok(srw_waiters_woken == 3, "WakeAll woke %ld", srw_waiters_woken);
}

/* ---- address waits ---- */

typedef BOOL (WINAPI *wait_on_address_fn)(volatile void *, void *, SIZE_T, DWORD);
typedef void (WINAPI *wake_fn)(void *);
static wait_on_address_fn wait_on_address;
static volatile LONG address_value, address_woken;

static DWORD WINAPI address_waiter(void *p)
{
    LONG zero = 0;

    while (address_value == 0) {
        if (!wait_on_address(&address_value, &zero, sizeof zero, (DWORD)(ULONG_PTR)p))
            return 0;
    }
    InterlockedIncrement(&address_woken);
    return 1;
}

static void test_address_waits(void)
{
    wake_fn wake1 = (wake_fn)k32("WakeByAddressSingle"), wakeall = (wake_fn)k32("WakeByAddressAll");
    HANDLE th[3];
    LONG other = 0;

    wait_on_address = (wait_on_address_fn)k32("WaitOnAddress");
    if (!wait_on_address || !wake1 || !wakeall) {
        skip("WaitOnAddress not exported");
        return;
    }
    address_value = 0;
    address_woken = 0;
    for (int i = 0; i < 3; i++)
        th[i] = start_thread(address_waiter, (void *)(ULONG_PTR)WAIT_LONG);
    Sleep(200);
    /* A wake of another address wakes none of them. */
    wakeall(&other);
    Sleep(30);
    ok(address_woken == 0, "other address: nobody woken");
    address_value = 1;
    wake1((void *)&address_value);
    wait_count(&address_woken, 1);
    Sleep(50);
    ok(address_woken == 1, "WakeByAddressSingle woke exactly one: %ld", address_woken);
    wakeall((void *)&address_value);
    for (int i = 0; i < 3; i++)
        ok(join(th[i]) == 1, "waiter %d woken", i);
    ok(address_woken == 3, "WakeByAddressAll woke the rest: %ld", address_woken);
}

/* ---- one-time initialisation ---- */

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static volatile LONG once_calls;

static BOOL CALLBACK slow_init(PINIT_ONCE o, PVOID param, PVOID *ctx)
{
    InterlockedIncrement(&once_calls);
    Sleep(50);
    *ctx = (void *)0x4440;
    return TRUE;
}

static DWORD WINAPI once_thread(void *p)
{
    void *ctx = NULL;

    if (!InitOnceExecuteOnce(&once, slow_init, NULL, &ctx))
        return 0;
    return (DWORD)(ULONG_PTR)ctx;
}

static void test_init_once(void)
{
    HANDLE th[4];

    for (int i = 0; i < 4; i++)
        th[i] = start_thread(once_thread, NULL);
    for (int i = 0; i < 4; i++)
        ok(join(th[i]) == 0x4440, "thread %d got the context", i);
    ok(once_calls == 1, "initialised once: %ld", once_calls);
}

/* ---- APCs and termination ---- */

static volatile LONG apc_ran;

static void CALLBACK apc(ULONG_PTR arg)
{
    apc_ran = (LONG)arg;
}

static DWORD WINAPI alertable_sleeper(void *p)
{
    return SleepEx(INFINITE, TRUE);
}

static DWORD WINAPI blocked_waiter(void *p)
{
    return WaitForSingleObject(p, INFINITE);
}

static DWORD WINAPI blocked_in_cs(void *p)
{
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    return 0;
}

static void test_apcs_and_termination(void)
{
    typedef DWORD (WINAPI *queue_fn)(PAPCFUNC, HANDLE, ULONG_PTR);
    queue_fn queue = (queue_fn)k32("QueueUserAPC");
    HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL), th;
    DWORD code = 0;

    if (queue) {
        th = start_thread(alertable_sleeper, NULL);
        Sleep(50);
        ok(queue(apc, th, 77), "QueueUserAPC to a sleeping thread");
        ok(join(th) == WAIT_IO_COMPLETION && apc_ran == 77, "its SleepEx ran it: %ld", apc_ran);
    } else {
        skip("QueueUserAPC not exported");
    }

    /* A thread blocked in a wait ends when terminated. */
    th = start_thread(blocked_waiter, never);
    Sleep(50);
    ok(TerminateThread(th, 55), "TerminateThread: %lu", GetLastError());
    ok(WaitForSingleObject(th, 5000) == WAIT_OBJECT_0, "the waiting thread ended");
    GetExitCodeThread(th, &code);
    ok(code == 55, "with the code given: %lu", code);
    CloseHandle(th);

    /* And one blocked on a critical section (a keyed-event wait). */
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    th = start_thread(blocked_in_cs, NULL);
    Sleep(50);
    ok(TerminateThread(th, 56), "TerminateThread");
    ok(WaitForSingleObject(th, 5000) == WAIT_OBJECT_0, "the blocked thread ended");
    CloseHandle(th);
    CloseHandle(never);
    /* Not deleted: the terminated waiter's count stays in LockCount, as
     * on Windows. */
}

/* ---- SignalObjectAndWait ping-pong ---- */

static HANDLE ping, pong;

static DWORD WINAPI ponger(void *p)
{
    for (int i = 0; i < 100; i++)
        if (SignalObjectAndWait(pong, ping, WAIT_LONG, FALSE) != WAIT_OBJECT_0)
            return i;
    SetEvent(pong);
    return 100;
}

static void test_signal_and_wait(void)
{
    HANDLE th;
    int rounds = 0;

    ping = CreateEventA(NULL, FALSE, FALSE, NULL);
    pong = CreateEventA(NULL, FALSE, FALSE, NULL);
    th = start_thread(ponger, NULL);
    ok(WaitForSingleObject(pong, WAIT_LONG) == WAIT_OBJECT_0, "first pong");
    for (; rounds < 100; rounds++)
        if (SignalObjectAndWait(ping, pong, WAIT_LONG, FALSE) != WAIT_OBJECT_0)
            break;
    ok(rounds == 100 && join(th) == 100, "100 rounds: %d", rounds);
    CloseHandle(ping);
    CloseHandle(pong);
}

/* ---- timers across threads ---- */

static DWORD WINAPI wait_timer(void *p)
{
    return WaitForSingleObject(p, WAIT_LONG);
}

static void test_timer_wakes_threads(void)
{
    HANDLE t = CreateWaitableTimerA(NULL, TRUE, NULL), th[2];
    LARGE_INTEGER due;

    due.QuadPart = -50 * 10000LL;
    for (int i = 0; i < 2; i++)
        th[i] = start_thread(wait_timer, t);
    SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE);
    for (int i = 0; i < 2; i++)
        ok(join(th[i]) == WAIT_OBJECT_0, "manual timer released waiter %d", i);
    CloseHandle(t);
}

static DWORD WINAPI nothing(void *p)
{
    return 7;
}

int main(void)
{
    HANDLE th = CreateThread(NULL, 0, nothing, NULL, 0, NULL);

    if (!th) {
        printf("skip: CreateThread failed (%lu): no multi-thread tests\n", GetLastError());
        return test_summary();
    }
    ok(join(th) == 7, "a thread ran");
    test_events();
    test_mutexes();
    test_semaphores();
    test_wait_all();
    test_locks();
    test_condition_variables();
    test_address_waits();
    test_init_once();
    test_apcs_and_termination();
    test_signal_and_wait();
    test_timer_wakes_threads();
    return test_summary();
}
