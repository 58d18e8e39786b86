/* Threads: creation, exit codes, waits on thread handles, suspension,
 * termination, identity, priorities, times, APCs, DLL thread
 * notifications, and the process's end from any thread. Expected values:
 * Microsoft's documentation of CreateThread, ExitThread, TerminateThread,
 * GetExitCodeThread, SuspendThread, ResumeThread, DllMain, ExitProcess.
 *
 * Built as threadtest.exe:
 *   threadtest.exe                 the conformance tests (exit code: failures)
 *   threadtest.exe exit_main       main calls ExitThread(5); the last thread
 *                                  returns 42, which ends the process with 42
 *   threadtest.exe exit_secondary  a thread calls ExitProcess(7) while main
 *                                  waits forever: the process ends with 7
 *   threadtest.exe exit_busy       main returns 3 while 16 threads run: 3
 *   threadtest.exe terminate_main  a thread terminates main, then returns 9
 *   threadtest.exe crash_thread    an access violation in a thread ends the
 *                                  process with the exception code */
#include <windows.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define NTHREADS 8
#define INCREMENTS 200000

static CRITICAL_SECTION cs;
static volatile LONG shared_plain;
static volatile LONG shared_atomic;

static DWORD WINAPI cs_worker(void *arg)
{
    for (int i = 0; i < INCREMENTS; i++) {
        EnterCriticalSection(&cs);
        shared_plain = shared_plain + 1;
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI atomic_worker(void *arg)
{
    for (int i = 0; i < INCREMENTS; i++)
        InterlockedIncrement(&shared_atomic);
    return 0;
}

static void run_all(LPTHREAD_START_ROUTINE fn)
{
    HANDLE h[NTHREADS];

    for (int i = 0; i < NTHREADS; i++) {
        h[i] = CreateThread(NULL, 0, fn, NULL, 0, NULL);
        ok(h[i] != NULL, "CreateThread %d: error %lu", i, GetLastError());
    }
    ok(WaitForMultipleObjects(NTHREADS, h, TRUE, 60000) == WAIT_OBJECT_0, "wait all");
    for (int i = 0; i < NTHREADS; i++)
        CloseHandle(h[i]);
}

static void test_counters(void)
{
    InitializeCriticalSection(&cs);
    run_all(cs_worker);
    ok(shared_plain == NTHREADS * INCREMENTS, "critical section count %ld", shared_plain);
    run_all(atomic_worker);
    ok(shared_atomic == NTHREADS * INCREMENTS, "interlocked count %ld", shared_atomic);
    DeleteCriticalSection(&cs);
}

static HANDLE go_event;

static DWORD WINAPI wait_then_return(void *arg)
{
    WaitForSingleObject(go_event, INFINITE);
    return (DWORD)(uintptr_t)arg;
}

static DWORD WINAPI exit_thread_worker(void *arg)
{
    ExitThread((DWORD)(uintptr_t)arg);
    return 0; /* not reached */
}

static void test_exit_codes(void)
{
    HANDLE h[4];
    DWORD code = 0, tid = 0;

    go_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < 4; i++)
        h[i] = CreateThread(NULL, 0, wait_then_return, (void *)(uintptr_t)(1000 + i), 0,
                            i ? NULL : &tid);
    ok(tid != 0 && tid != GetCurrentThreadId(), "thread id %lu", tid);
    ok(GetThreadId(h[0]) == tid, "GetThreadId %lu, want %lu", GetThreadId(h[0]), tid);
    ok(GetProcessIdOfThread(h[0]) == GetCurrentProcessId(), "GetProcessIdOfThread");
    ok(GetExitCodeThread(h[0], &code) && code == STILL_ACTIVE, "running: exit code %lu", code);
    ok(WaitForSingleObject(h[0], 50) == WAIT_TIMEOUT, "a running thread is not signaled");
    SetEvent(go_event);
    ok(WaitForMultipleObjects(4, h, TRUE, 10000) == WAIT_OBJECT_0, "wait all");
    for (int i = 0; i < 4; i++) {
        ok(GetExitCodeThread(h[i], &code) && code == 1000u + i, "thread %d exit code %lu", i, code);
        ok(WaitForSingleObject(h[i], 0) == WAIT_OBJECT_0, "exited thread %d signaled", i);
        CloseHandle(h[i]);
    }
    h[0] = CreateThread(NULL, 0, exit_thread_worker, (void *)0xC0FFEE, 0, NULL);
    ok(WaitForSingleObject(h[0], 10000) == WAIT_OBJECT_0, "ExitThread thread ends");
    ok(GetExitCodeThread(h[0], &code) && code == 0xC0FFEE, "ExitThread code %#lx", code);
    CloseHandle(h[0]);
    CloseHandle(go_event);
}

static volatile LONG ran, spins;

static DWORD WINAPI mark_ran(void *arg)
{
    InterlockedIncrement(&ran);
    return 3;
}

static DWORD WINAPI spin(void *arg)
{
    for (;;)
        InterlockedIncrement(&spins);
    return 0;
}

static void test_suspend(void)
{
    HANDLE h = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
    LONG before, after;
    DWORD n, code;

    ok(h != NULL, "CreateThread suspended");
    Sleep(50);
    ok(ran == 0, "a suspended thread does not run");
    ok(SuspendThread(h) == 1, "SuspendThread returns the previous count 1");
    ok(ResumeThread(h) == 2, "ResumeThread returns 2");
    ok(ResumeThread(h) == 1, "ResumeThread returns 1 and starts it");
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0 && ran == 1, "it ran once");
    ok(GetExitCodeThread(h, &code) && code == 3, "exit code %lu", code);
    CloseHandle(h);

    /* A thread running 32-bit code stops where it is. */
    h = CreateThread(NULL, 0, spin, NULL, 0, NULL);
    while (spins < 1000)
        Sleep(1);
    ok(SuspendThread(h) == 0, "SuspendThread of a running thread");
    for (int wait = 0; wait < 200; wait++) { /* it may take a moment to stop */
        before = spins;
        Sleep(10);
        if (spins == before)
            break;
    }
    Sleep(100);
    after = spins;
    ok(before == after, "suspended thread went on: %ld -> %ld", before, after);
    /* MAXIMUM_SUSPEND_COUNT is 127. */
    for (n = 1; n < 127; n++)
        if (SuspendThread(h) != n)
            break;
    ok(n == 127, "suspend count reached %lu", n);
    SetLastError(0);
    ok(SuspendThread(h) == (DWORD)-1 && GetLastError() == ERROR_SIGNAL_REFUSED,
       "the 128th suspension fails: error %lu", GetLastError());
    for (n = 127; n > 1; n--)
        if (ResumeThread(h) != n)
            break;
    ok(n == 1, "resume counts down to %lu", n);
    ok(ResumeThread(h) == 1, "last resume");
    Sleep(50);
    ok(spins != after, "resumed thread runs again");
    ok(ResumeThread(h) == 0, "resume of a running thread returns 0");
    ok(TerminateThread(h, 77), "TerminateThread");
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "terminated thread signaled");
    ok(GetExitCodeThread(h, &code) && code == 77, "terminated spinner exit code %lu", code);
    CloseHandle(h);
}

static DWORD WINAPI self_suspend(void *arg)
{
    InterlockedIncrement(&ran);
    SuspendThread(GetCurrentThread());
    InterlockedIncrement(&ran);
    return 5;
}

static void test_suspend_self(void)
{
    HANDLE h;
    DWORD code;

    ran = 0;
    h = CreateThread(NULL, 0, self_suspend, NULL, 0, NULL);
    while (ran < 1)
        Sleep(1);
    Sleep(50);
    ok(ran == 1, "a thread suspended itself");
    ok(ResumeThread(h) == 1, "resume a self-suspended thread");
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0 && ran == 2, "it went on");
    ok(GetExitCodeThread(h, &code) && code == 5, "exit code %lu", code);
    CloseHandle(h);
}

static DWORD WINAPI sleeper(void *arg)
{
    for (;;)
        Sleep(1000);
    return 0;
}

static DWORD WINAPI waiter(void *arg)
{
    WaitForSingleObject((HANDLE)arg, INFINITE);
    return 0;
}

/* Blocks in ReadFile on an empty pipe (a host read()). */
static DWORD WINAPI pipe_reader(void *arg)
{
    char c;
    DWORD got;

    ReadFile((HANDLE)arg, &c, 1, &got, NULL);
    return 1;
}

static void test_terminate(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE rd, wr, h4;
    HANDLE h1 = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
    HANDLE h2 = CreateThread(NULL, 0, waiter, ev, 0, NULL);
    HANDLE h3 = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
    DWORD code;

    Sleep(50);
    ran = 0;
    ok(TerminateThread(h1, 0xDEAD), "TerminateThread of a sleeping thread");
    ok(TerminateThread(h2, 12), "TerminateThread of a waiting thread");
    ok(TerminateThread(h3, 13), "TerminateThread of a thread that never ran");
    ok(WaitForSingleObject(h1, 10000) == WAIT_OBJECT_0, "sleeper ended");
    ok(WaitForSingleObject(h2, 10000) == WAIT_OBJECT_0, "waiter ended");
    ok(WaitForSingleObject(h3, 10000) == WAIT_OBJECT_0, "suspended thread ended");
    ok(GetExitCodeThread(h1, &code) && code == 0xDEAD, "sleeper exit code %#lx", code);
    ok(GetExitCodeThread(h2, &code) && code == 12, "waiter exit code %lu", code);
    ok(GetExitCodeThread(h3, &code) && code == 13, "suspended thread exit code %lu", code);
    ok(ran == 0, "the terminated suspended thread never ran");
    ok(!TerminateThread(NULL, 1) && GetLastError() == ERROR_INVALID_HANDLE, "TerminateThread(NULL)");

    /* A thread blocked in a read of a pipe ends too. */
    ok(CreatePipe(&rd, &wr, NULL, 0), "CreatePipe");
    h4 = CreateThread(NULL, 0, pipe_reader, rd, 0, NULL);
    Sleep(50);
    ok(TerminateThread(h4, 14), "TerminateThread of a thread in ReadFile");
    ok(WaitForSingleObject(h4, 10000) == WAIT_OBJECT_0, "reader ended");
    ok(GetExitCodeThread(h4, &code) && code == 14, "reader exit code %lu", code);
    CloseHandle(h4);
    CloseHandle(rd);
    CloseHandle(wr);
    CloseHandle(h1);
    CloseHandle(h2);
    CloseHandle(h3);
    CloseHandle(ev);
}

static volatile LONG calls;

/* A thread that is in host code (system calls) most of its time. */
static DWORD WINAPI busy_calls(void *arg)
{
    LARGE_INTEGER c;

    for (;;) {
        QueryPerformanceCounter(&c);
        InterlockedIncrement(&calls);
    }
    return 0;
}

/* Termination and suspension land wherever the target is: in 32-bit
 * code, in a service, or between the two. Many times over. */
static void test_terminate_busy(void)
{
    int late = 0, moving = 0;
    DWORD code;

    for (int i = 0; i < 100; i++) {
        HANDLE h = CreateThread(NULL, 0, (i & 1) ? busy_calls : spin, NULL, 0, NULL);

        Sleep(1);
        if (!TerminateThread(h, 100 + i) || WaitForSingleObject(h, 5000) != WAIT_OBJECT_0 ||
            !GetExitCodeThread(h, &code) || code != 100u + i)
            late++;
        CloseHandle(h);
    }
    ok(late == 0, "%d of 100 terminations failed", late);
    for (int i = 0; i < 50; i++) {
        HANDLE h = CreateThread(NULL, 0, busy_calls, NULL, 0, NULL);
        LONG before;

        while (calls < 100 * (i + 1))
            Sleep(0);
        /* SuspendThread is asynchronous, as on Windows: the thread stops
         * soon after, and then stays stopped. */
        SuspendThread(h);
        for (int wait = 0; wait < 200; wait++) {
            before = calls;
            Sleep(10);
            if (calls == before)
                break;
        }
        Sleep(30);
        if (calls != before)
            moving++;
        ResumeThread(h);
        TerminateThread(h, 0);
        WaitForSingleObject(h, 5000);
        CloseHandle(h);
        calls = 100 * (i + 1);
    }
    ok(moving == 0, "%d of 50 suspended threads went on", moving);
}

typedef LONG (*count_fn)(void);

static DWORD WINAPI nothing(void *arg)
{
    return 0;
}

static void test_dll_notifications(void)
{
    HMODULE on = LoadLibraryA("threaddll.dll"), off = LoadLibraryA("threadoff.dll");
    count_fn on_attach, on_detach, off_attach, off_detach;
    LONG a0, d0;
    HANDLE h[5];

    ok(on && off, "test DLLs load");
    if (!on || !off)
        return;
    on_attach = (count_fn)GetProcAddress(on, "thread_attach_count");
    on_detach = (count_fn)GetProcAddress(on, "thread_detach_count");
    off_attach = (count_fn)GetProcAddress(off, "thread_attach_count");
    off_detach = (count_fn)GetProcAddress(off, "thread_detach_count");
    /* Each DllMain started a thread; it ran once the load was done, and
     * was announced to the DLLs loaded by then (the first DLL: 1+1). */
    for (int i = 0; i < 2; i++) {
        HMODULE m = i ? off : on;
        HANDLE worker = ((HANDLE (*)(void))GetProcAddress(m, "dllmain_thread"))();

        ok(worker && WaitForSingleObject(worker, 10000) == WAIT_OBJECT_0, "DllMain's thread ended");
        ok(((count_fn)GetProcAddress(m, "dllmain_thread_ran"))() == 1, "DllMain's thread ran");
    }
    ok(on_attach() == 2 && on_detach() == 2, "DllMain threads announced %ld/%ld", on_attach(),
       on_detach());
    a0 = on_attach();
    d0 = on_detach();
    for (int i = 0; i < 4; i++)
        h[i] = CreateThread(NULL, 0, nothing, NULL, 0, NULL);
    h[4] = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
    ok(WaitForMultipleObjects(4, h, TRUE, 10000) == WAIT_OBJECT_0, "wait");
    Sleep(20);
    TerminateThread(h[4], 1);
    WaitForSingleObject(h[4], 10000);
    ok(on_attach() - a0 == 5, "DLL_THREAD_ATTACH %ld times, want 5", on_attach() - a0);
    /* A terminated thread runs no DLL_THREAD_DETACH. */
    ok(on_detach() - d0 == 4, "DLL_THREAD_DETACH %ld times, want 4", on_detach() - d0);
    ok(off_attach() == 0 && off_detach() == 0, "DisableThreadLibraryCalls: %ld/%ld",
       off_attach(), off_detach());
    for (int i = 0; i < 5; i++)
        CloseHandle(h[i]);
}

static void test_identity(void)
{
    HANDLE self = NULL, opened, h;
    DWORD tid, code;

    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle of the current thread");
    ok(self && self != GetCurrentThread(), "a real handle %p", self);
    ok(GetThreadId(self) == GetCurrentThreadId(), "its id %lu", GetThreadId(self));
    ok(GetExitCodeThread(self, &code) && code == STILL_ACTIVE, "running");
    CloseHandle(self);

    h = CreateThread(NULL, 0, sleeper, NULL, 0, &tid);
    opened = OpenThread(THREAD_ALL_ACCESS, FALSE, tid);
    ok(opened != NULL, "OpenThread(%lu)", tid);
    ok(GetThreadId(opened) == tid, "opened thread's id");
    ok(TerminateThread(opened, 21), "terminate through the opened handle");
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "ended");
    ok(GetExitCodeThread(h, &code) && code == 21, "exit code %lu", code);
    CloseHandle(opened);
    CloseHandle(h);
    SetLastError(0);
    ok(!OpenThread(THREAD_ALL_ACCESS, FALSE, 0xFFFFFFF0) && GetLastError() == ERROR_INVALID_PARAMETER,
       "OpenThread of no thread: error %lu", GetLastError());
    ok(GetCurrentProcessorNumber() < 64, "GetCurrentProcessorNumber %lu", GetCurrentProcessorNumber());
}

static void test_priority_and_times(void)
{
    HANDLE h = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
    FILETIME c, e, k, u;
    DWORD_PTR old;

    ok(GetThreadPriority(h) == THREAD_PRIORITY_NORMAL, "default priority %d", GetThreadPriority(h));
    ok(SetThreadPriority(h, THREAD_PRIORITY_ABOVE_NORMAL), "SetThreadPriority");
    ok(GetThreadPriority(h) == THREAD_PRIORITY_ABOVE_NORMAL, "priority %d", GetThreadPriority(h));
    ok(SetThreadPriority(h, THREAD_PRIORITY_TIME_CRITICAL) &&
       GetThreadPriority(h) == THREAD_PRIORITY_TIME_CRITICAL, "time critical");
    ok(SetThreadPriority(h, THREAD_PRIORITY_IDLE) && GetThreadPriority(h) == THREAD_PRIORITY_IDLE,
       "idle");
    ok(!SetThreadPriority(h, 5) && GetLastError() == ERROR_INVALID_PARAMETER, "priority 5 refused");
    old = SetThreadAffinityMask(h, 1);
    ok(old != 0 && (old & 1), "SetThreadAffinityMask returns the old mask %#lx", (unsigned long)old);
    ok(SetThreadAffinityMask(h, 1) == 1, "the mask was kept");
    ok(SetThreadIdealProcessor(h, 0) == 0 && SetThreadIdealProcessor(h, MAXIMUM_PROCESSORS) == 0,
       "SetThreadIdealProcessor");
    ok(GetThreadTimes(h, &c, &e, &k, &u), "GetThreadTimes");
    ok((c.dwHighDateTime || c.dwLowDateTime) && !e.dwHighDateTime && !e.dwLowDateTime,
       "running: creation set, no exit time");
    TerminateThread(h, 0);
    WaitForSingleObject(h, 10000);
    ok(GetThreadTimes(h, &c, &e, &k, &u), "GetThreadTimes after exit");
    ok(((ULONGLONG)e.dwHighDateTime << 32 | e.dwLowDateTime) >=
       ((ULONGLONG)c.dwHighDateTime << 32 | c.dwLowDateTime), "exit time after creation");
    CloseHandle(h);
}

static volatile LONG apc_value;

static void WINAPI apc(ULONG_PTR data)
{
    apc_value = (LONG)data;
}

static void test_apc(void)
{
    ok(QueueUserAPC(apc, GetCurrentThread(), 99), "QueueUserAPC");
    ok(apc_value == 0, "not run before an alertable wait");
    ok(SleepEx(1000, TRUE) == WAIT_IO_COMPLETION, "SleepEx returns WAIT_IO_COMPLETION");
    ok(apc_value == 99, "the APC ran with its argument: %ld", apc_value);
}

/* Many short threads, one after another: nothing leaks (host threads,
 * LDT entries, stacks, TEBs). */
static void test_churn(void)
{
    int failed = 0;

    for (int round = 0; round < 40; round++) {
        HANDLE h[16];

        for (int i = 0; i < 16; i++)
            if (!(h[i] = CreateThread(NULL, 0, nothing, NULL, 0, NULL)))
                failed++;
        for (int i = 0; i < 16; i++)
            if (h[i]) {
                WaitForSingleObject(h[i], INFINITE);
                CloseHandle(h[i]);
            }
    }
    ok(failed == 0, "%d of 640 threads failed to start", failed);
}

static DWORD WINAPI last_thread(void *arg)
{
    Sleep(200);
    return 42;
}

static DWORD WINAPI exit_process_thread(void *arg)
{
    Sleep(100);
    printf("ExitProcess from a thread\n");
    fflush(stdout);
    ExitProcess(7);
}

/* Terminates the main thread, then is the last one: its code is the
 * process's. */
static DWORD WINAPI terminate_main(void *main_thread)
{
    DWORD code = 0;

    Sleep(50);
    TerminateThread(main_thread, 8);
    WaitForSingleObject(main_thread, INFINITE);
    GetExitCodeThread(main_thread, &code);
    return code == 8 ? 9 : 10;
}

static DWORD WINAPI crashing_thread(void *arg)
{
    Sleep(50);
    *(volatile int *)0 = 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exit_main")) {
        CloseHandle(CreateThread(NULL, 0, last_thread, NULL, 0, NULL));
        ExitThread(5);
    }
    if (argc > 1 && !strcmp(argv[1], "exit_secondary")) {
        HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);

        CloseHandle(CreateThread(NULL, 0, exit_process_thread, NULL, 0, NULL));
        WaitForSingleObject(never, INFINITE);
        return 99;
    }
    if (argc > 1 && !strcmp(argv[1], "exit_busy")) {
        /* Returning from main ends the process (the CRT's exit) while
         * other threads run 32-bit code and system calls. */
        for (int i = 0; i < 8; i++) {
            CloseHandle(CreateThread(NULL, 0, spin, NULL, 0, NULL));
            CloseHandle(CreateThread(NULL, 0, busy_calls, NULL, 0, NULL));
        }
        Sleep(100);
        return 3;
    }
    if (argc > 1 && !strcmp(argv[1], "terminate_main")) {
        HANDLE me;

        DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &me, 0, FALSE,
                        DUPLICATE_SAME_ACCESS);
        CloseHandle(CreateThread(NULL, 0, terminate_main, me, 0, NULL));
        for (;;)
            Sleep(1000);
    }
    if (argc > 1 && !strcmp(argv[1], "crash_thread")) {
        HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);

        CloseHandle(CreateThread(NULL, 0, crashing_thread, NULL, 0, NULL));
        WaitForSingleObject(never, INFINITE);
        return 99;
    }
    test_counters();
    test_exit_codes();
    test_suspend();
    test_suspend_self();
    test_terminate();
    test_terminate_busy();
    test_dll_notifications();
    test_identity();
    test_priority_and_times();
    test_apc();
    test_churn();
    return test_summary();
}
