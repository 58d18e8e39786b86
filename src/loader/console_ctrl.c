/* Console control events: Ctrl-C (SIGINT) and Ctrl-\ (SIGQUIT, standing
 * in for Ctrl-Break) reach the program as Windows delivers them, on a new
 * thread of the process that runs kernel32!CtrlRoutine(event), which calls
 * the SetConsoleCtrlHandler handlers last-registered first and ends the
 * process with STATUS_CONTROL_C_EXIT when none takes the event.
 *
 * The signals are blocked in every guest thread and taken by one host
 * thread with sigwaitinfo, so that no handler ever runs on a thread that
 * is in 32-bit code. Only wow64_run does this, and only for a signal whose
 * disposition is the default: a signal the parent ignores (nohup, a
 * background job of a non-interactive shell) stays ignored, and an
 * embedder's own handler stays in charge. */
#include "startup.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "../nt/log.h"
#include "../nt/thread.h"

#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1

NTSTATUS svc_NtCreateThreadEx(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, HANDLE process,
                              void *start, void *arg, ULONG flags, SIZE_T zero_bits,
                              SIZE_T stack_commit, SIZE_T stack_reserve, void *attributes);
NTSTATUS svc_NtClose(HANDLE h);

static sigset_t watched;

/* Starts CtrlRoutine(event) on a new guest thread. */
static void deliver(uint32_t event)
{
    static uint32_t routine;
    HANDLE h;
    NTSTATUS s;

    if (!routine) {
        loader_lock();
        if (loader_get_export(startup.kernel32, "CtrlRoutine", 0, 0, &routine) != STATUS_SUCCESS)
            routine = 0;
        loader_unlock();
        if (!routine) {
            log_fixme("kernel32", "CtrlRoutine", "not exported: console event %u dropped", event);
            return;
        }
    }
    s = svc_NtCreateThreadEx(&h, 0x1FFFFF, NULL, NtCurrentProcess(), (void *)(uintptr_t)routine,
                             (void *)(uintptr_t)event, 0, 0, 0, 0, NULL);
    if (s == STATUS_SUCCESS)
        svc_NtClose(h);
    else if (log_enabled("loader"))
        log_printf("loader: console event %u not delivered: status %#x\n", event, (unsigned)s);
}

static void *watcher(void *arg)
{
    (void)arg;
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&watched, &info);

        if (sig == SIGINT)
            deliver(CTRL_C_EVENT);
        else if (sig == SIGQUIT)
            deliver(CTRL_BREAK_EVENT);
    }
    return NULL;
}

/* Whether sig still has its default disposition. */
static bool is_default(int sig)
{
    struct sigaction sa;

    return sigaction(sig, NULL, &sa) == 0 && !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_DFL;
}

void console_ctrl_start(void)
{
    static const int sigs[] = { SIGINT, SIGQUIT };
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all, old;

    sigemptyset(&watched);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (is_default(sigs[i]))
            sigaddset(&watched, sigs[i]);
    if (sigisemptyset(&watched))
        return;
    /* Blocked here (the main thread) and in every guest thread to come;
     * the watcher starts with everything blocked. */
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (sigismember(&watched, sigs[i]))
            thread_reserve_signal(sigs[i]);
    pthread_sigmask(SIG_BLOCK, &watched, NULL);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, watcher, NULL) != 0) {
        /* Without the watcher the signals keep their default action. */
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_sigmask(SIG_UNBLOCK, &watched, NULL);
        sigemptyset(&thread_reserved_signals);
        pthread_attr_destroy(&attr);
        return;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
}
