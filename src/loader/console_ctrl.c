/* Console control events: Ctrl-C (SIGINT) and Ctrl-\ (SIGQUIT, standing
 * in for Ctrl-Break) reach the program as Windows delivers them, on a new
 * thread of the process that runs kernel32!CtrlRoutine(event), which calls
 * the SetConsoleCtrlHandler handlers last-registered first and ends the
 * process with STATUS_CONTROL_C_EXIT when none takes the event.
 *
 * Lazily: until the program registers its first handler (kernel32 then
 * calls Wow64EnableConsoleCtrl) the signals keep their default action,
 * which ends the process as CtrlRoutine's default would, and the process
 * stays one host thread (a second thread makes every file system call
 * dearer: the kernel's fd table is then shared). From the first handler
 * on, the signals are forwarded, from whichever thread they interrupt, to
 * a pipe that one host thread reads; it starts the guest thread.
 *
 * Only wow64_run does this, and only for a signal whose disposition was
 * the default when it started: a signal the parent ignores (nohup, a
 * background job of a non-interactive shell) stays ignored, and an
 * embedder's own handler stays in charge. */
#include "startup.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "../cpu/interrupt.h"
#include "../nt/log.h"

#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1

NTSTATUS svc_NtCreateThreadEx(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, HANDLE process,
                              void *start, void *arg, ULONG flags, SIZE_T zero_bits,
                              SIZE_T stack_commit, SIZE_T stack_reserve, void *attributes);
NTSTATUS svc_NtClose(HANDLE h);

static const int console_signals[] = { SIGINT, SIGQUIT };
static bool watchable[2];     /* default disposition when wow64_run started */
static pthread_mutex_t enable_lock = PTHREAD_MUTEX_INITIALIZER;
static bool enabled;

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
    int fd = (int)(intptr_t)arg;
    unsigned char sig;

    for (;;) {
        ssize_t n = read(fd, &sig, 1);

        if (n == 1)
            deliver(sig == SIGQUIT ? CTRL_BREAK_EVENT : CTRL_C_EVENT);
        else if (n == 0)
            return NULL;
    }
}

/* Whether sig still has its default disposition. */
static bool is_default(int sig)
{
    struct sigaction sa;

    return sigaction(sig, NULL, &sa) == 0 && !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_DFL;
}

void console_ctrl_start(void)
{
    for (size_t i = 0; i < sizeof console_signals / sizeof *console_signals; i++)
        watchable[i] = is_default(console_signals[i]);
}

NTSTATUS svc_Wow64EnableConsoleCtrl(void)
{
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all, old;
    int fds[2];

    pthread_mutex_lock(&enable_lock);
    if (enabled || !startup.running || !(watchable[0] || watchable[1])) {
        pthread_mutex_unlock(&enable_lock);
        return STATUS_SUCCESS;
    }
    if (pipe2(fds, O_CLOEXEC) != 0) {
        pthread_mutex_unlock(&enable_lock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    /* The watcher takes no signal itself. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, watcher, (void *)(intptr_t)fds[0]) != 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_attr_destroy(&attr);
        close(fds[0]);
        close(fds[1]);
        pthread_mutex_unlock(&enable_lock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    for (size_t i = 0; i < sizeof console_signals / sizeof *console_signals; i++)
        if (watchable[i])
            cpu_forward_signal(console_signals[i], fds[1]);
    enabled = true;
    pthread_mutex_unlock(&enable_lock);
    return STATUS_SUCCESS;
}
