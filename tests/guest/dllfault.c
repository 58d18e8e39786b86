/* An exception in a DllMain that LoadLibrary runs. The loader catches what
 * DllMain's own frames leave, as Windows' and Wine's loaders wrap the call:
 * LoadLibrary fails with the exception's Win32 error (ERROR_NOACCESS, 998,
 * for an access violation), the program's own outer SEH frames are not
 * called, fs:[0] is as it was, and the process carries on (threads and
 * further loads work). A DllMain that handles its own fault loads. */
#include <windows.h>

#include "test.h"

typedef struct reg {
    struct reg *next;
    void *handler;
} REG;

static volatile LONG outer_calls;

static EXCEPTION_DISPOSITION __cdecl outer(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                           void *dc)
{
    (void)rec, (void)frame, (void)ctx, (void)dc;
    outer_calls++;
    return ExceptionContinueSearch;
}

static REG *chain(void)
{
    REG *r;
    __asm__ volatile("movl %%fs:0, %0" : "=r"(r));
    return r;
}

static DWORD WINAPI seven(LPVOID arg)
{
    (void)arg;
    return 7;
}

int main(void)
{
    REG r;
    HMODULE h;
    DWORD err, code = 0;
    HANDLE t;

    r.next = chain();
    r.handler = (void *)outer;
    __asm__ volatile("movl %0, %%fs:0" : : "r"(&r) : "memory");

    SetLastError(0);
    h = LoadLibraryA("dllfault_lib.dll");
    err = GetLastError();
    ok(h == NULL, "LoadLibrary of a faulting DllMain returned %p", (void *)h);
    ok(err == ERROR_NOACCESS, "last error %lu, expected 998", err);
    ok(outer_calls == 0, "the outer frame's handler was called %ld times", outer_calls);
    ok(chain() == &r, "fs:[0] is %p after the failed load, expected %p", (void *)chain(), (void *)&r);
    ok(GetModuleHandleA("dllfault_lib.dll") == NULL, "the failed DLL stays loaded");

    /* The process is intact: a thread runs and is waited for. */
    t = CreateThread(NULL, 0, seven, NULL, 0, NULL);
    ok(t != NULL, "CreateThread failed: %lu", GetLastError());
    if (t) {
        ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "thread wait");
        ok(GetExitCodeThread(t, &code) && code == 7, "thread exit code %lu", code);
        CloseHandle(t);
    }

    /* A second attempt fails the same way. */
    SetLastError(0);
    h = LoadLibraryA("dllfault_lib.dll");
    ok(h == NULL && GetLastError() == ERROR_NOACCESS, "second load: %p, error %lu", (void *)h,
       GetLastError());

    /* A DllMain that catches its own fault loads normally. */
    SetEnvironmentVariableA("DLLFAULT_CATCH", "1");
    h = LoadLibraryA("dllfault_lib.dll");
    ok(h != NULL, "LoadLibrary with the fault caught inside DllMain: error %lu", GetLastError());
    if (h) {
        LONG (*caught)(void) = (LONG(*)(void))GetProcAddress(h, "dllfault_caught");
        ok(caught && caught() == 1, "DllMain's own handler ran %ld times", caught ? caught() : -1);
    }
    ok(outer_calls == 0, "the outer frame's handler was called %ld times", outer_calls);

    __asm__ volatile("movl %0, %%fs:0" : : "r"(r.next) : "memory");
    return test_summary();
}
