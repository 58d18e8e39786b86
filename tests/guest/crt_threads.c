/* msvcrt's threads: _beginthread/_beginthreadex/_endthread/_endthreadex
 * (Microsoft's documentation of each) and the per-thread CRT state: errno,
 * _doserrno and strtok's position belong to the calling thread. */
#include <windows.h>
#include <process.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include "test.h"

#define NTHREADS 4
#define ROUNDS 2000

static volatile LONG go;

/* Each thread keeps writing its own errno and _doserrno and reads them
 * back while the others do the same; the exit code counts surprises. */
static unsigned __stdcall errno_worker(void *arg)
{
    int id = (int)(INT_PTR)arg, i, bad = 0;

    while (!go)
        Sleep(0);
    for (i = 0; i < ROUNDS; i++) {
        errno = 1000 + id;
        _doserrno = 2000 + id;
        if (i % 64 == 0)
            Sleep(0);
        if (errno != 1000 + id || _doserrno != (unsigned long)(2000 + id))
            bad++;
    }
    return 40 + id + bad * 100;
}

/* strtok's position is per thread: two threads tokenising at once. */
static unsigned __stdcall strtok_worker(void *arg)
{
    int id = (int)(INT_PTR)arg, n = 0, bad = 0;
    char buf[64], *t;

    strcpy(buf, id ? "b1 b2 b3 b4 b5 b6" : "a1,a2,a3,a4,a5,a6");
    for (t = strtok(buf, id ? " " : ","); t; t = strtok(NULL, id ? " " : ",")) {
        if (t[0] != (id ? 'b' : 'a') || t[1] != '1' + n)
            bad++;
        n++;
        Sleep(1);
    }
    return n == 6 && !bad ? 0 : 1;
}

static volatile LONG plain_ran;
static HANDLE plain_done;

static void __cdecl plain_worker(void *arg)
{
    InterlockedExchangeAdd(&plain_ran, (LONG)(INT_PTR)arg);
    SetEvent(plain_done);
}

static void __cdecl endthread_worker(void *arg)
{
    SetEvent(plain_done);
    _endthread();
    InterlockedIncrement(&plain_ran);       /* never reached */
}

static unsigned __stdcall endthreadex_worker(void *arg)
{
    _endthreadex(123);
    return 7;                               /* never reached */
}

static unsigned __stdcall suspended_worker(void *arg)
{
    *(volatile LONG *)arg = 1;
    return 5;
}

int main(void)
{
    HANDLE h[NTHREADS];
    DWORD code;
    unsigned tid = 0;
    uintptr_t r;
    int i;
    volatile LONG flag = 0;

    /* errno and _doserrno of NTHREADS threads and of main at once. */
    for (i = 0; i < NTHREADS; i++) {
        h[i] = (HANDLE)_beginthreadex(NULL, 0, errno_worker, (void *)(INT_PTR)i, 0, &tid);
        ok(h[i] != NULL, "_beginthreadex %d failed, errno %d", i, errno);
        ok(tid != 0, "_beginthreadex stores the thread id");
    }
    errno = 77;
    go = 1;
    ok(WaitForMultipleObjects(NTHREADS, h, TRUE, 20000) < WAIT_OBJECT_0 + NTHREADS,
       "threads finish");
    for (i = 0; i < NTHREADS; i++) {
        ok(GetExitCodeThread(h[i], &code) && code == (DWORD)(40 + i),
           "thread %d: exit code %lu (40+id; +100 per errno seen changed)", i, code);
        ok(CloseHandle(h[i]), "the _beginthreadex handle belongs to the caller");
    }
    ok(errno == 77, "main's errno kept: %d", errno);

    /* strtok in two threads at once. */
    for (i = 0; i < 2; i++)
        h[i] = (HANDLE)_beginthreadex(NULL, 0, strtok_worker, (void *)(INT_PTR)i, 0, NULL);
    WaitForMultipleObjects(2, h, TRUE, 20000);
    for (i = 0; i < 2; i++) {
        ok(GetExitCodeThread(h[i], &code) && code == 0, "strtok thread %d: %lu", i, code);
        CloseHandle(h[i]);
    }

    /* _beginthread: runs the cdecl routine; the handle closes itself. */
    plain_done = CreateEventA(NULL, FALSE, FALSE, NULL);
    r = _beginthread(plain_worker, 0, (void *)(INT_PTR)5);
    ok(r != (uintptr_t)-1 && r != 0, "_beginthread returns a handle: %#lx", (unsigned long)r);
    ok(WaitForSingleObject(plain_done, 10000) == WAIT_OBJECT_0, "_beginthread's routine ran");
    ok(plain_ran == 5, "with its argument: %ld", plain_ran);
    for (i = 0; i < 500 && GetExitCodeThread((HANDLE)r, &code); i++)
        Sleep(10);
    ok(i < 500 && GetLastError() == ERROR_INVALID_HANDLE,
       "the handle of a _beginthread thread is closed when it ends");

    /* _endthread ends the thread on the spot. */
    plain_ran = 0;
    r = _beginthread(endthread_worker, 0, NULL);
    ok(r != (uintptr_t)-1, "_beginthread");
    ok(WaitForSingleObject(plain_done, 10000) == WAIT_OBJECT_0, "endthread_worker ran");
    Sleep(100);
    ok(plain_ran == 0, "nothing runs after _endthread");

    /* _endthreadex sets the exit code. */
    h[0] = (HANDLE)_beginthreadex(NULL, 0, endthreadex_worker, NULL, 0, NULL);
    ok(WaitForSingleObject(h[0], 10000) == WAIT_OBJECT_0, "endthreadex_worker ends");
    ok(GetExitCodeThread(h[0], &code) && code == 123, "_endthreadex(123): %lu", code);
    CloseHandle(h[0]);

    /* CREATE_SUSPENDED passes through. */
    h[0] = (HANDLE)_beginthreadex(NULL, 0, suspended_worker, (void *)&flag, CREATE_SUSPENDED, &tid);
    Sleep(100);
    ok(flag == 0, "a suspended thread does not run");
    ok(ResumeThread(h[0]) == 1, "it was suspended once");
    ok(WaitForSingleObject(h[0], 10000) == WAIT_OBJECT_0 && flag == 1, "and runs once resumed");
    ok(GetExitCodeThread(h[0], &code) && code == 5, "return value is the exit code: %lu", code);
    CloseHandle(h[0]);

    /* Documented failures: no start routine is EINVAL. */
    errno = 0;
    ok(_beginthread(NULL, 0, NULL) == (uintptr_t)-1 && errno == EINVAL,
       "_beginthread(NULL): -1, EINVAL (errno %d)", errno);
    errno = 0;
    ok(_beginthreadex(NULL, 0, NULL, NULL, 0, NULL) == 0 && errno == EINVAL,
       "_beginthreadex(NULL): 0, EINVAL (errno %d)", errno);
    return test_summary();
}
