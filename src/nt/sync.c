/* The core of the waits (sync.h): the process-wide sync lock, waiter
 * registration on waitable objects, sleeping on a thread's futex word,
 * wake-ups, interrupts and user APCs.
 *
 * A wait registers one node per object on the objects' waiter lists, then
 * loops: under the lock it stores 0 in its wake word and looks at the
 * objects; if none satisfies it, it sleeps on the word with the lock
 * released. Whoever changes an object's state (under the lock) stores 1
 * in the word of each registered waiter and wakes it, so no wake-up can be
 * lost between the look and the sleep. Waits that include child processes
 * (whose exit no one announces) sleep in poll() on their pidfds and an
 * eventfd that the wakers write instead. */
#include "sync.h"

#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"

/* Children without a pidfd are looked at this often; those with one at
 * least this often, in case their descriptor was closed under us. */
#define POLL_SLICE_NS 2000000LL
#define POLL_MAX_SLICE_NS 100000000LL

/* A wait in progress (t->waits): what it waits for, so that
 * waitable_pulse can complete it on the waiter's behalf. */
struct wait_record {
    struct cpu_thread *t;
    struct nt_waitable **objs;
    ULONG n;
    bool all;
    bool done;        /* completed by another thread with result */
    NTSTATUS result;
    int efd;          /* eventfd of a poll()-based sleep, or -1 */
};

/* One registration of a wait on one object. */
struct nt_waiter {
    struct nt_waiter *next, *prev;
    struct wait_record *wr;
};

struct user_apc {
    struct user_apc *next;
    uint32_t routine;
    uint32_t args[3];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Whether this thread holds the lock, for the functions callable either
 * way (sync_interrupt, object destruction). */
static _Thread_local bool lock_held;
/* The CPU state of host threads that run no guest code. */
static _Thread_local struct cpu_thread host_only_thread;

void sync_lock(void)
{
    pthread_mutex_lock(&lock);
    lock_held = true;
}

void sync_unlock(void)
{
    lock_held = false;
    pthread_mutex_unlock(&lock);
}

bool sync_lock_if_needed(void)
{
    if (lock_held)
        return false;
    sync_lock();
    return true;
}

LONGLONG sync_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (LONGLONG)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

LONGLONG sync_filetime(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return SYNC_TICKS_1601_TO_1970 + (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
}

NTSTATUS sync_deadline(const void *guest_timeout, LONGLONG *deadline)
{
    LONGLONG v, rel, now;

    *deadline = -1;
    if (!guest_timeout)
        return STATUS_SUCCESS;
    if (!guest_read(&v, guest_timeout, sizeof v))
        return STATUS_ACCESS_VIOLATION;
    /* Absolute times are taken against the system clock once, here: a
     * later change of the host clock does not move the deadline. */
    if (v > 0)
        rel = v - sync_filetime();
    else
        rel = v == INT64_MIN ? INT64_MAX / 100 : -v;
    if (rel < 0)
        rel = 0;
    now = sync_now();
    if (rel > (INT64_MAX - now) / 100)
        return STATUS_SUCCESS; /* further away than the clock goes: none */
    *deadline = now + rel * 100;
    return STATUS_SUCCESS;
}

struct cpu_thread *sync_current(void)
{
    struct cpu_thread *t = cpu_current();

    return t ? t : &host_only_thread;
}

bool sync_terminating(struct cpu_thread *t)
{
    return __atomic_load_n(&t->pending, __ATOMIC_SEQ_CST) & CPU_PENDING_TERMINATE;
}

void waitable_init(struct nt_waitable *w, enum nt_object_type type, const struct nt_wait_ops *ops,
                   void (*destroy)(struct nt_object *obj))
{
    object_init(&w->hdr, type, destroy);
    w->ops = ops;
    w->waiters = NULL;
}

/* ---- sleeping and waking ---- */

void sync_futex_wait(uint32_t *word, LONGLONG deadline)
{
    struct timespec ts, *tsp = NULL;

    if (deadline >= 0) {
        ts.tv_sec = deadline / 1000000000LL;
        ts.tv_nsec = deadline % 1000000000LL;
        tsp = &ts;
    }
    /* FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC time, so a
     * signal that interrupts the sleep needs no recomputation; the
     * callers look again after every return anyway. */
    syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, 0, tsp, NULL, FUTEX_BITSET_MATCH_ANY);
}

static void futex_wake(uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

void sync_wake_thread(struct cpu_thread *t)
{
    /* The sleeper stored 0 before it looked; a 1 already there means it
     * has been woken and has not looked again yet. */
    if (__atomic_exchange_n(&t->wake_word, 1, __ATOMIC_SEQ_CST) == 0)
        futex_wake(&t->wake_word);
}

/* Under the lock: wakes the thread of a registered wait. */
static void wake_record(struct wait_record *wr)
{
    sync_wake_thread(wr->t);
    if (wr->efd >= 0) {
        uint64_t one = 1;
        ssize_t r = write(wr->efd, &one, sizeof one);

        (void)r; /* a full counter already wakes the poll */
    }
}

void waitable_wake(struct nt_waitable *w)
{
    for (struct nt_waiter *n = w->waiters; n; n = n->next)
        wake_record(n->wr);
}

void sync_block(struct cpu_thread *t, LONGLONG deadline)
{
    sync_unlock();
    sync_futex_wait(&t->wake_word, deadline);
    sync_lock();
}

void sync_cond_wait(pthread_cond_t *c, LONGLONG deadline)
{
    lock_held = false;
    if (deadline < 0) {
        pthread_cond_wait(c, &lock);
    } else {
        struct timespec ts = { deadline / 1000000000LL, deadline % 1000000000LL };

        pthread_cond_timedwait(c, &lock, &ts);
    }
    lock_held = true;
}

/* Sleeps in poll() for a wait that includes objects with a poll_fd. */
static void poll_sleep(struct wait_record *wr, LONGLONG deadline)
{
    struct pollfd pfd[SYNC_MAX_WAIT_OBJECTS + 1];
    nfds_t n = 0;
    LONGLONG slice = POLL_MAX_SLICE_NS, left;

    if (wr->efd >= 0) {
        pfd[n].fd = wr->efd;
        pfd[n++].events = POLLIN;
    } else {
        slice = POLL_SLICE_NS;
    }
    for (ULONG i = 0; i < wr->n; i++) {
        struct nt_waitable *w = wr->objs[i];
        int fd;

        if (!w->ops->poll_fd)
            continue;
        if ((fd = w->ops->poll_fd(w)) >= 0) {
            pfd[n].fd = fd;
            pfd[n++].events = POLLIN;
        } else {
            slice = POLL_SLICE_NS;
        }
    }
    left = deadline < 0 ? slice : deadline - sync_now();
    if (left > slice)
        left = slice;
    if (left < 0)
        left = 0;
    if (__atomic_load_n(&wr->t->wake_word, __ATOMIC_SEQ_CST))
        return;
    poll(pfd, n, (int)((left + 999999) / 1000000));
    if (wr->efd >= 0) {
        uint64_t v;
        ssize_t r = read(wr->efd, &v, sizeof v);

        (void)r; /* EAGAIN: nothing was written */
    }
}

/* ---- waits on waitable objects ---- */

/* Under the lock: completes the wait if the objects let it; *status gets
 * its result. */
static bool try_satisfy(struct nt_waitable **objs, ULONG n, bool all, struct cpu_thread *t,
                        NTSTATUS *status)
{
    bool abandoned = false;

    if (!all) {
        for (ULONG i = 0; i < n; i++) {
            if (!objs[i]->ops->signaled(objs[i], t))
                continue;
            if (objs[i]->ops->satisfy)
                abandoned = objs[i]->ops->satisfy(objs[i], t);
            *status = (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (NTSTATUS)i;
            return true;
        }
        return false;
    }
    if (!n)
        return false;
    for (ULONG i = 0; i < n; i++)
        if (!objs[i]->ops->signaled(objs[i], t))
            return false;
    /* All at once, under the one lock: no other wait sees a partial state. */
    for (ULONG i = 0; i < n; i++)
        if (objs[i]->ops->satisfy && objs[i]->ops->satisfy(objs[i], t))
            abandoned = true;
    /* As Windows: one status for a wait-all with an abandoned mutex. */
    *status = abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0;
    return true;
}

void waitable_pulse(struct nt_waitable *w)
{
    for (struct nt_waiter *n = w->waiters; n; n = n->next) {
        struct wait_record *wr = n->wr;

        if (!w->ops->signaled(w, wr->t))
            break;
        if (wr->done || !try_satisfy(wr->objs, wr->n, wr->all, wr->t, &wr->result))
            continue;
        wr->done = true;
        wake_record(wr);
    }
}

static void register_wait(struct wait_record *wr, struct nt_waiter *nodes)
{
    /* Appended, so that a pulse serves the longest waiter first. */
    for (ULONG i = 0; i < wr->n; i++) {
        struct nt_waitable *w = wr->objs[i];
        struct nt_waiter **p = &w->waiters, *prev = NULL;

        while (*p) {
            prev = *p;
            p = &(*p)->next;
        }
        nodes[i].wr = wr;
        nodes[i].next = NULL;
        nodes[i].prev = prev;
        *p = &nodes[i];
    }
}

static void unregister_wait(struct wait_record *wr, struct nt_waiter *nodes)
{
    for (ULONG i = 0; i < wr->n; i++) {
        struct nt_waiter *node = &nodes[i];

        if (node->prev)
            node->prev->next = node->next;
        else
            wr->objs[i]->waiters = node->next;
        if (node->next)
            node->next->prev = node->prev;
    }
}

NTSTATUS sync_wait(struct nt_waitable **objs, ULONG n, bool all, bool alertable, LONGLONG deadline)
{
    return sync_wait_signal(NULL, objs, n, all, alertable, deadline);
}

NTSTATUS sync_wait_signal(struct nt_object *sig, struct nt_waitable **objs, ULONG n, bool all,
                          bool alertable, LONGLONG deadline)
{
    struct cpu_thread *t = sync_current();
    struct nt_waiter nodes[SYNC_MAX_WAIT_OBJECTS];
    struct wait_record wr = { t, objs, n, all, false, 0, -1 };
    bool registered = false, polled = false;
    NTSTATUS s = STATUS_SUCCESS;

    if (n > SYNC_MAX_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; i < n; i++)
        if (objs[i]->ops->poll_fd)
            polled = true;
    /* Without an eventfd the poll()-based sleep goes in short slices. */
    if (polled)
        wr.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    sync_lock();
    if (sig)
        s = sync_signal_locked(sig, t);
    while (s == STATUS_SUCCESS) {
        __atomic_store_n(&t->wake_word, 0, __ATOMIC_SEQ_CST);
        if (wr.done) {
            s = wr.result;
            break;
        }
        if (sync_terminating(t)) {
            s = STATUS_THREAD_IS_TERMINATING;
            break;
        }
        /* The objects first, as Windows does: a signaled object wins over
         * queued APCs, which stay queued. */
        if (try_satisfy(objs, n, all, t, &s))
            break;
        if (alertable && t->apcs) {
            s = STATUS_USER_APC;
            break;
        }
        if (deadline >= 0 && sync_now() >= deadline) {
            s = STATUS_TIMEOUT;
            break;
        }
        if (!registered) {
            register_wait(&wr, nodes);
            t->waits = &wr;
            registered = true;
        }
        sync_unlock();
        if (polled)
            poll_sleep(&wr, deadline);
        else
            sync_futex_wait(&t->wake_word, deadline);
        sync_lock();
    }
    if (registered) {
        unregister_wait(&wr, nodes);
        t->waits = NULL;
    }
    sync_unlock();
    if (wr.efd >= 0)
        close(wr.efd);
    if (s == STATUS_USER_APC)
        s = sync_run_apcs(t);
    return s;
}

void sync_interrupt(struct cpu_thread *t)
{
    bool locked = sync_lock_if_needed();
    struct wait_record *wr = t->waits;

    if (wr)
        wake_record(wr);
    else
        sync_wake_thread(t);
    if (locked)
        sync_unlock();
}

/* ---- user APCs ---- */

bool sync_apc_pending(struct cpu_thread *t)
{
    return t->apcs != NULL;
}

NTSTATUS sync_queue_apc_locked(struct cpu_thread *t, uint32_t routine, uint32_t a1, uint32_t a2,
                               uint32_t a3)
{
    struct user_apc *apc = malloc(sizeof *apc), *last = t->apcs;

    if (!apc)
        return STATUS_NO_MEMORY;
    apc->next = NULL;
    apc->routine = routine;
    apc->args[0] = a1;
    apc->args[1] = a2;
    apc->args[2] = a3;
    /* In queueing order. */
    if (!last) {
        t->apcs = apc;
    } else {
        while (last->next)
            last = last->next;
        last->next = apc;
    }
    /* An alertable wait must notice; any other wait looks and sleeps on. */
    if (t->waits)
        wake_record(t->waits);
    else
        sync_wake_thread(t);
    return STATUS_SUCCESS;
}

NTSTATUS sync_queue_apc(struct cpu_thread *t, uint32_t routine, uint32_t a1, uint32_t a2,
                        uint32_t a3)
{
    bool locked = sync_lock_if_needed();
    NTSTATUS s = sync_queue_apc_locked(t, routine, a1, a2, a3);

    if (locked)
        sync_unlock();
    return s;
}

NTSTATUS sync_run_apcs(struct cpu_thread *t)
{
    for (;;) {
        struct user_apc *apc;
        uint32_t routine, args[3];

        sync_lock();
        apc = t->apcs;
        if (apc)
            t->apcs = apc->next;
        sync_unlock();
        if (!apc)
            return STATUS_USER_APC;
        routine = apc->routine;
        args[0] = apc->args[0];
        args[1] = apc->args[1];
        args[2] = apc->args[2];
        free(apc);
        /* On the waiting thread, below its current guest frame; the
         * routine may wait (alertably) again: we are registered nowhere. */
        cpu_call32(routine, 0, 3, args);
        if (sync_terminating(t))
            return STATUS_THREAD_IS_TERMINATING;
    }
}

void sync_thread_exit(struct cpu_thread *t)
{
    struct user_apc *apc;

    sync_lock();
    sync_objects_thread_exit(t);
    sync_timers_thread_exit(t);
    apc = t->apcs;
    t->apcs = NULL;
    sync_unlock();
    while (apc) {
        struct user_apc *next = apc->next;

        free(apc);
        apc = next;
    }
}
