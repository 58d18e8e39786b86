/* Waitable timers (NtCreateTimer, NtSetTimer, NtCancelTimer): notification
 * (manual-reset) and synchronization (auto-reset) timers, one-shot or
 * periodic, with an optional completion APC for the thread that set them.
 *
 * Timing: one host thread, started with the first NtSetTimer, sleeps on a
 * condition variable of the sync lock until the earliest due time
 * (CLOCK_MONOTONIC) and fires what is due under the lock. Absolute due
 * times are converted to the monotonic clock when the timer is set: a
 * later change of the host's clock does not move them. */
#include "sync.h"

#include <signal.h>
#include <stdlib.h>

#include "../cpu/cpu.h"
#include "log.h"

#define TIMER_TYPE_NOTIFICATION 0
#define TIMER_TYPE_SYNCHRONIZATION 1

struct timer {
    struct nt_waitable w;
    ULONG access;
    bool manual;
    bool signaled;
    bool active;                /* armed: due is meaningful */
    LONGLONG due;               /* CLOCK_MONOTONIC ns */
    LONGLONG period;            /* ns; 0: one-shot */
    uint32_t apc_routine, apc_context;
    struct cpu_thread *apc_thread; /* NULL: no completion APC */
    struct timer *next, *prev;  /* all timers, for the timer thread */
};

struct timer_params {
    ULONG access;
    bool manual;
};

static struct timer *timers;
static pthread_cond_t timer_cond;
static pthread_once_t timer_once = PTHREAD_ONCE_INIT;
static bool timer_thread_running;

static bool timer_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    return ((struct timer *)w)->signaled;
}

static bool timer_satisfy(struct nt_waitable *w, struct cpu_thread *t)
{
    struct timer *tm = (struct timer *)w;

    (void)t;
    if (!tm->manual)
        tm->signaled = false;
    return false;
}

static const struct nt_wait_ops timer_ops = { timer_signaled, timer_satisfy, NULL };

static void timer_destroy(struct nt_object *obj)
{
    struct timer *tm = (struct timer *)obj;
    bool locked = sync_lock_if_needed();

    /* Closing the last handle cancels the timer. */
    if (tm->prev)
        tm->prev->next = tm->next;
    else
        timers = tm->next;
    if (tm->next)
        tm->next->prev = tm->prev;
    sync_object_unname(obj);
    if (locked)
        sync_unlock();
    free(tm);
}

static struct nt_object *timer_make(void *arg)
{
    const struct timer_params *p = arg;
    struct timer *tm = calloc(1, sizeof *tm);

    if (!tm)
        return NULL;
    waitable_init(&tm->w, NT_OBJECT_TIMER, &timer_ops, timer_destroy);
    tm->access = p->access;
    tm->manual = p->manual;
    tm->next = timers;
    if (timers)
        timers->prev = tm;
    timers = tm;
    return &tm->w.hdr;
}

/* Under the lock: tm is due. */
static void timer_fire(struct timer *tm, LONGLONG now)
{
    tm->signaled = true;
    waitable_wake(&tm->w);
    if (tm->apc_thread) {
        /* TIMER_APC_ROUTINE(context, low, high): the time it fired. */
        LONGLONG ft = sync_filetime();

        sync_queue_apc_locked(tm->apc_thread, tm->apc_routine, tm->apc_context, (uint32_t)ft,
                              (uint32_t)((uint64_t)ft >> 32));
    }
    if (tm->period) {
        /* Periods missed while the host was busy are not made up. */
        tm->due += tm->period;
        if (tm->due <= now)
            tm->due = now + tm->period;
    } else {
        tm->active = false;
    }
}

static void *timer_main(void *arg)
{
    (void)arg;
    sync_lock();
    for (;;) {
        LONGLONG now = sync_now(), next = -1;

        for (struct timer *tm = timers; tm; tm = tm->next) {
            if (!tm->active)
                continue;
            /* Its last handle is going: destroy unlinks it next. */
            if (!__atomic_load_n(&tm->w.hdr.refs, __ATOMIC_ACQUIRE))
                continue;
            if (tm->due <= now)
                timer_fire(tm, now);
            if (tm->active && (next < 0 || tm->due < next))
                next = tm->due;
        }
        sync_cond_wait(&timer_cond, next);
    }
    return NULL;
}

static void timer_init_once(void)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&timer_cond, &attr);
    pthread_condattr_destroy(&attr);
}

/* Under the lock: the timer list changed; the timer thread looks again. */
static NTSTATUS timer_kick(void)
{
    if (!timer_thread_running) {
        pthread_t th;
        pthread_attr_t attr;
        sigset_t all, old;
        int err;

        /* Host signals (guest faults, thread interrupts) are not for it. */
        sigfillset(&all);
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        err = pthread_create(&th, &attr, timer_main, NULL);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_attr_destroy(&attr);
        if (err)
            return STATUS_INSUFFICIENT_RESOURCES;
        timer_thread_running = true;
    }
    pthread_cond_signal(&timer_cond);
    return STATUS_SUCCESS;
}

/* TimerType: NotificationTimer 0 (manual reset), SynchronizationTimer 1. */
NTSTATUS svc_NtCreateTimer(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG type)
{
    struct timer_params p = { access, type == TIMER_TYPE_NOTIFICATION };

    if (type != TIMER_TYPE_NOTIFICATION && type != TIMER_TYPE_SYNCHRONIZATION)
        return STATUS_INVALID_PARAMETER_4;
    pthread_once(&timer_once, timer_init_once);
    return sync_create_object(out, attr, NT_OBJECT_TIMER, timer_make, &p, "NtCreateTimer");
}

NTSTATUS svc_NtOpenTimer(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr)
{
    (void)access;
    return sync_open_object(out, attr, NT_OBJECT_TIMER, "NtOpenTimer");
}

/* Due: negative relative (100 ns), positive an absolute FILETIME; period
 * in ms. Setting a timer resets it to non-signaled. */
NTSTATUS svc_NtSetTimer(HANDLE h, void *guest_due, void *apc, void *apc_context, ULONG resume,
                        LONG period, void *guest_prev)
{
    struct timer *tm;
    struct cpu_thread *self = cpu_current();
    LONGLONG v, rel, now, due;
    NTSTATUS s;
    BOOLEAN prev;

    if (!guest_read(&v, guest_due, sizeof v))
        return STATUS_ACCESS_VIOLATION;
    if (period < 0)
        return STATUS_INVALID_PARAMETER_6;
    if (!(tm = (struct timer *)handle_get(h, NT_OBJECT_TIMER, &s)))
        return s;
    now = sync_now();
    if (v < 0)
        rel = v == INT64_MIN ? INT64_MAX : -v;
    else
        rel = v - sync_filetime(); /* 0 is 1601: due at once */
    if (rel < 0)
        rel = 0;
    due = rel > (INT64_MAX - now) / 100 ? INT64_MAX : now + rel * 100;
    sync_lock();
    prev = tm->signaled;
    tm->signaled = false;
    tm->active = true;
    tm->due = due;
    tm->period = (LONGLONG)period * 1000000;
    /* The completion APC goes to the setting thread (a guest thread). */
    tm->apc_thread = apc && self ? self : NULL;
    tm->apc_routine = (uint32_t)(uintptr_t)apc;
    tm->apc_context = (uint32_t)(uintptr_t)apc_context;
    s = timer_kick();
    if (s != STATUS_SUCCESS)
        tm->active = false;
    sync_unlock();
    object_release(&tm->w.hdr);
    if (s != STATUS_SUCCESS)
        return s;
    if (guest_prev && !guest_write(guest_prev, &prev, sizeof prev))
        return STATUS_ACCESS_VIOLATION;
    /* No power management here: resuming the system is not supported. */
    return (resume & 0xff) ? STATUS_TIMER_RESUME_IGNORED : STATUS_SUCCESS;
}

/* Disarms the timer; its signal state stays as it is. */
NTSTATUS svc_NtCancelTimer(HANDLE h, void *guest_state)
{
    struct timer *tm;
    NTSTATUS s;
    BOOLEAN state;

    if (!(tm = (struct timer *)handle_get(h, NT_OBJECT_TIMER, &s)))
        return s;
    sync_lock();
    tm->active = false;
    tm->apc_thread = NULL;
    state = tm->signaled;
    sync_unlock();
    object_release(&tm->w.hdr);
    if (guest_state && !guest_write(guest_state, &state, sizeof state))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* As Windows: a timer whose completion routine belongs to an exiting
 * thread is canceled. */
void sync_timers_thread_exit(struct cpu_thread *t)
{
    for (struct timer *tm = timers; tm; tm = tm->next)
        if (tm->apc_thread == t) {
            tm->active = false;
            tm->apc_thread = NULL;
        }
}
