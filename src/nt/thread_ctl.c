/* Acting on other threads: termination and suspension. A request is a bit
 * in the target's cpu_thread.pending (set under thread_lock), and the
 * target acts on it itself (thread_pending): at once when it runs 32-bit
 * code (the interrupt signal), at its next service exit when it runs host
 * code (the dispatcher), or when its blocking wait returns early
 * (sync_interrupt, for terminations).
 *
 * A signal can land in the few host instructions between the dispatcher's
 * check and the jump back into 32-bit code, and then go unnoticed; so a
 * helper host thread (the kicker) sends the signal again, with a growing
 * pause, until every target has acted: exited, or parked while
 * suspended. */
#include "thread.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../cpu/interrupt.h"
#include "../loader/loader.h"
#include "../thunks/thunks.h"
#include "log.h"

/* MAXIMUM_SUSPEND_COUNT (winnt.h). */
#define MAX_SUSPEND_COUNT 127u
/* The kicker's schedule per target: every millisecond for the first
 * kicks (a signal misses the window with a fair chance), then slower,
 * for a thread that sits in a host call (where the signal only costs an
 * EINTR). */
#define KICK_FAST_NS 1000000LL
#define KICK_FAST_COUNT 50u
#define KICK_SLOW_NS 20000000LL

static pthread_once_t kick_once = PTHREAD_ONCE_INIT;
static pthread_cond_t kick_cond;
static bool kicker_running;

static void kick_cond_init(void)
{
    pthread_condattr_t a;

    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&kick_cond, &a);
    pthread_condattr_destroy(&a);
}

static void futex_wait(uint32_t *word, uint32_t val)
{
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

/* Under thread_lock: whether th still has to act on a request. */
static bool needs_kick(struct nt_thread *th)
{
    uint32_t p = __atomic_load_n(&th->cpu->pending, __ATOMIC_ACQUIRE);

    if (th->exited || th->cpu == cpu_current())
        return false;
    return (p & CPU_PENDING_TERMINATE) ||
           ((p & CPU_PENDING_SUSPEND) && !__atomic_load_n(&th->parked, __ATOMIC_ACQUIRE));
}

static void *kicker(void *arg)
{
    sigset_t all;

    (void)arg;
    /* Process-directed signals are for the guest threads. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    pthread_mutex_lock(&thread_lock);
    for (;;) {
        LONGLONG now = sync_now(), next = -1;
        struct timespec ts;

        for (struct nt_thread *th = thread_list; th; th = th->next) {
            if (!needs_kick(th)) {
                th->kicks = 0;
                continue;
            }
            if (now >= th->kick_at) {
                cpu_interrupt(th->host);
                th->kicks++;
                th->kick_at = now + (th->kicks < KICK_FAST_COUNT ? KICK_FAST_NS : KICK_SLOW_NS);
            }
            if (next < 0 || th->kick_at < next)
                next = th->kick_at;
        }
        if (next < 0) {
            pthread_cond_wait(&kick_cond, &thread_lock);
            continue;
        }
        ts.tv_sec = next / 1000000000LL;
        ts.tv_nsec = next % 1000000000LL;
        pthread_cond_timedwait(&kick_cond, &thread_lock, &ts);
    }
    return NULL;
}

/* Under thread_lock: interrupts th (the signal now, and again from the
 * kicker until it has acted on its requests). */
static void thread_kick_locked(struct nt_thread *th)
{
    if (th->exited || th->cpu == cpu_current())
        return;
    cpu_interrupt(th->host);
    th->kicks = 1;
    th->kick_at = sync_now() + KICK_FAST_NS;
    pthread_once(&kick_once, kick_cond_init);
    if (!kicker_running) {
        pthread_attr_t attr;
        pthread_t k;

        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, 64 * 1024);
        kicker_running = pthread_create(&k, &attr, kicker, NULL) == 0;
        pthread_attr_destroy(&attr);
    } else {
        pthread_cond_signal(&kick_cond);
    }
}

/* Under thread_lock: wakes th if it is parked, so that it looks at its
 * requests again. */
static void thread_unpark_locked(struct nt_thread *th)
{
    __atomic_add_fetch(&th->park_seq, 1, __ATOMIC_RELEASE);
    futex_wake(&th->park_seq);
}

/* Asks th to terminate with code (see thread.h). */
void thread_terminate_locked(struct nt_thread *th, uint32_t code)
{
    struct cpu_thread *t = th->cpu;

    if (th->exited)
        return;
    /* The first request's code is the exit code. */
    if (!(__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & CPU_PENDING_TERMINATE)) {
        th->term_code = code;
        __atomic_or_fetch(&t->pending, CPU_PENDING_TERMINATE, __ATOMIC_SEQ_CST);
    }
    thread_unpark_locked(th);
    sync_interrupt(t);
    thread_kick_locked(th);
}

/* Acts on t's requests: leaves the thread when asked to terminate (no
 * DLL detach: Windows runs none for a terminated thread), and sleeps while
 * it is suspended. Called at service exit and from the interrupt signal
 * in 32-bit code, so it takes no lock and sleeps on a futex. */
void thread_pending(struct cpu_thread *t)
{
    struct nt_thread *th = thread_of(t);

    if (!th)
        return;
    for (;;) {
        uint32_t seq = __atomic_load_n(&th->park_seq, __ATOMIC_ACQUIRE);
        uint32_t p = __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE);

        if (p & CPU_PENDING_TERMINATE) {
            __atomic_store_n(&th->parked, false, __ATOMIC_RELEASE);
            thread_unwind(t, THREAD_EXIT_TERMINATED, th->term_code);
            /* No exit frame: an embedder's thread in wow64_call keeps
             * running, as it cannot be unwound. */
            log_fixme("ntdll", "NtTerminateThread", "thread %u has no exit frame: not terminated",
                      th->tid);
            __atomic_and_fetch(&t->pending, ~CPU_PENDING_TERMINATE, __ATOMIC_SEQ_CST);
            continue;
        }
        if (!(p & CPU_PENDING_SUSPEND))
            break;
        __atomic_store_n(&th->parked, true, __ATOMIC_RELEASE);
        futex_wait(&th->park_seq, seq);
    }
    __atomic_store_n(&th->parked, false, __ATOMIC_RELEASE);
}

/* Ends the calling thread, or asks another one to end (no waiting). */
NTSTATUS svc_NtTerminateThread(HANDLE h, LONG code)
{
    struct nt_thread *th;
    NTSTATUS s;

    /* NULL is the calling thread, as in NT. */
    if (!(th = thread_get(h ? h : NtCurrentThread(), &s)))
        return s;
    if (th->cpu == cpu_current()) {
        struct cpu_thread *t = th->cpu;

        thread_release(th);
        /* ExitThread (RtlExitUserThread) ends here: the DLLs hear of it
         * first. (On Windows, ntdll notifies them before this call, so a
         * TerminateThread of the calling thread does not; here it does.) */
        loader_thread_detach();
        thunks_trace_exit();
        thread_unwind(t, THREAD_EXIT_SELF, (uint32_t)code);
        log_fixme("ntdll", "NtTerminateThread", "thread %u has no exit frame: not terminated",
                  thread_of(t)->tid);
        return STATUS_NOT_IMPLEMENTED;
    }
    pthread_mutex_lock(&thread_lock);
    thread_terminate_locked(th, (uint32_t)code);
    pthread_mutex_unlock(&thread_lock);
    thread_release(th);
    return STATUS_SUCCESS;
}

/* Counts a suspension up; the thread stops soon after (asynchronous, as
 * on Windows). */
NTSTATUS svc_NtSuspendThread(HANDLE h, void *guest_prev)
{
    struct nt_thread *th;
    struct cpu_thread *t;
    uint32_t prev = 0;
    NTSTATUS s;

    if (!(th = thread_get(h, &s)))
        return s;
    t = th->cpu;
    pthread_mutex_lock(&thread_lock);
    if (th->exited || (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) & CPU_PENDING_TERMINATE)) {
        s = STATUS_THREAD_IS_TERMINATING;
    } else if (t->suspend_count >= MAX_SUSPEND_COUNT) {
        s = STATUS_SUSPEND_COUNT_EXCEEDED;
    } else if ((prev = t->suspend_count++) == 0) {
        /* A thread suspending itself parks at its service exit. */
        __atomic_or_fetch(&t->pending, CPU_PENDING_SUSPEND, __ATOMIC_SEQ_CST);
        thread_kick_locked(th);
    }
    pthread_mutex_unlock(&thread_lock);
    thread_release(th);
    if (s == STATUS_SUCCESS && guest_prev && !guest_write(guest_prev, &prev, 4))
        s = STATUS_ACCESS_VIOLATION;
    return s;
}

/* Counts a suspension down; at zero the thread goes on. */
NTSTATUS svc_NtResumeThread(HANDLE h, void *guest_prev)
{
    struct nt_thread *th;
    struct cpu_thread *t;
    uint32_t prev = 0;
    NTSTATUS s;

    if (!(th = thread_get(h, &s))) {
        /* A child process's main thread (CREATE_SUSPENDED, spawn.c). */
        if (s == STATUS_OBJECT_TYPE_MISMATCH && (s = child_resume(h, &prev)) == STATUS_SUCCESS &&
            guest_prev && !guest_write(guest_prev, &prev, 4))
            s = STATUS_ACCESS_VIOLATION;
        return s;
    }
    t = th->cpu;
    pthread_mutex_lock(&thread_lock);
    if (th->exited) {
        s = STATUS_THREAD_IS_TERMINATING;
    } else if ((prev = t->suspend_count) && !--t->suspend_count) {
        __atomic_and_fetch(&t->pending, ~CPU_PENDING_SUSPEND, __ATOMIC_SEQ_CST);
        thread_unpark_locked(th);
    }
    pthread_mutex_unlock(&thread_lock);
    thread_release(th);
    if (s == STATUS_SUCCESS && guest_prev && !guest_write(guest_prev, &prev, 4))
        s = STATUS_ACCESS_VIOLATION;
    return s;
}
