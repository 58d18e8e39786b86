/* Console control events from the host's terminal signals (driven by
 * ctrlc.sh, which waits for "ready" and then sends SIGINT or SIGQUIT to
 * the process group): handlers run on a new thread, last registered
 * first, until one returns TRUE (SetConsoleCtrlHandler, HandlerRoutine
 * docs); with none taking it the process ends with STATUS_CONTROL_C_EXIT;
 * SetConsoleCtrlHandler(NULL, TRUE) ignores Ctrl-C; msvcrt's SIGINT
 * handler is called once and reset to SIG_DFL (signal docs). */
#include <windows.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

static char order[8];
static volatile LONG norder;
static DWORD handler_tid, handler_event = 0xFFFFFFFF, main_tid;
static HANDLE done;

static void record(char c, DWORD event)
{
    LONG i = InterlockedIncrement(&norder) - 1;

    if (i < (LONG)sizeof(order) - 1)
        order[i] = c;
    handler_tid = GetCurrentThreadId();
    handler_event = event;
}

static BOOL WINAPI takes_it(DWORD event)
{
    record('T', event);
    SetEvent(done);
    return TRUE;
}

static BOOL WINAPI passes_it(DWORD event)
{
    record('F', event);
    return FALSE;
}

static BOOL WINAPI removed(DWORD event)
{
    record('R', event);
    return FALSE;
}

static void ready(void)
{
    printf("ready\n");
    fflush(stdout);
}

static int handlers(DWORD want_event)
{
    done = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(SetConsoleCtrlHandler(takes_it, TRUE), "add takes_it");
    ok(SetConsoleCtrlHandler(removed, TRUE), "add removed");
    ok(SetConsoleCtrlHandler(passes_it, TRUE), "add passes_it");
    ok(SetConsoleCtrlHandler(removed, FALSE), "remove removed");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCtrlHandler(removed, FALSE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "removing a handler twice: ERROR_INVALID_PARAMETER, got %lu", GetLastError());
    ready();
    ok(WaitForSingleObject(done, 20000) == WAIT_OBJECT_0, "the event arrived");
    ok(!strcmp(order, "FT"), "last registered first, until TRUE: got \"%s\"", order);
    ok(handler_event == want_event, "event %lu, want %lu", handler_event, want_event);
    ok(handler_tid && handler_tid != main_tid, "handlers run on a new thread");
    return test_summary();
}

static volatile LONG crt_signal;

static void __cdecl on_sigint(int sig)
{
    crt_signal = sig;
}

static int crt(void)
{
    int i;

    ok(signal(SIGINT, on_sigint) == SIG_DFL, "first signal() returns SIG_DFL");
    ready();
    for (i = 0; i < 2000 && !crt_signal; i++)
        Sleep(10);
    ok(crt_signal == SIGINT, "the SIGINT handler ran with %d", (int)crt_signal);
    ok(signal(SIGINT, SIG_DFL) == SIG_DFL, "the handler was reset to SIG_DFL before the call");
    return test_summary();
}

/* Ignores Ctrl-C itself and waits for a child that does not. */
static int parent(const char *self)
{
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    char cmd[MAX_PATH + 32];
    DWORD code = 0;

    ok(SetConsoleCtrlHandler(NULL, TRUE), "ignore Ctrl-C");
    snprintf(cmd, sizeof(cmd), "\"%s\" default", self);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        ok(0, "CreateProcess: %lu", GetLastError());
        return test_summary();
    }
    ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the child ended");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STATUS_CONTROL_C_EXIT,
       "child exit code 0x%08lx, want STATUS_CONTROL_C_EXIT", code);
    return test_summary();
}

int main(int argc, char **argv)
{
    main_tid = GetCurrentThreadId();
    if (argc < 2)
        return 2;
    if (!strcmp(argv[1], "handlers"))
        return handlers(CTRL_C_EVENT);
    if (!strcmp(argv[1], "break"))
        return handlers(CTRL_BREAK_EVENT);
    if (!strcmp(argv[1], "crt"))
        return crt();
    if (!strcmp(argv[1], "parent"))
        return parent(argv[0]);
    if (!strcmp(argv[1], "ignore")) {
        SetConsoleCtrlHandler(NULL, TRUE);
        ready();
        Sleep(1500);
        return 7;
    }
    if (!strcmp(argv[1], "default")) {
        ready();
        Sleep(20000);
        return 99;
    }
    return 2;
}
