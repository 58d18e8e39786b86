/* Waitable kernel objects and the waits on them: the contract between the
 * synchronisation objects (sync.c), the waits (wait.c) and the other
 * waitable objects (threads in thread.c).
 *
 * Every waitable object embeds struct nt_waitable first. Its state is
 * guarded by one process-wide lock (sync_lock); a waiting thread sleeps on
 * its own futex word (cpu_thread.wake_word) after registering on each
 * object it waits for, and whoever changes an object's state wakes the
 * threads registered on it (waitable_wake), which look again. */
#ifndef WOW64_SYNC_H
#define WOW64_SYNC_H

#include "object.h"

struct cpu_thread;
struct nt_waitable;

struct nt_wait_ops {
    /* Under the sync lock: whether a wait by t would be satisfied now. */
    bool (*signaled)(struct nt_waitable *w, struct cpu_thread *t);
    /* Under the sync lock: a wait by t has been satisfied by w; consume
     * what the wait takes (an auto-reset event resets, a semaphore counts
     * down, a mutex becomes owned by t). Returns true when the object was
     * an abandoned mutex (the wait reports STATUS_ABANDONED_WAIT_0 + i).
     * NULL: nothing to consume. */
    bool (*satisfy)(struct nt_waitable *w, struct cpu_thread *t);
};

struct nt_waiter; /* private to sync.c */

struct nt_waitable {
    struct nt_object hdr;
    const struct nt_wait_ops *ops;
    struct nt_waiter *waiters; /* private to sync.c */
};

void waitable_init(struct nt_waitable *w, enum nt_object_type type, const struct nt_wait_ops *ops,
                   void (*destroy)(struct nt_object *obj));

void sync_lock(void);
void sync_unlock(void);
/* Under the sync lock: w's state changed; wakes the threads waiting on it
 * so that they look again. */
void waitable_wake(struct nt_waitable *w);

/* Blocks the calling thread until any (or all) of the n objects is
 * signaled, the deadline passes (CLOCK_MONOTONIC ns, -1: none), or the
 * thread is interrupted. Returns STATUS_WAIT_0 + i, STATUS_ABANDONED_WAIT_0
 * + i, STATUS_TIMEOUT, STATUS_USER_APC (alertable and an APC ran) or
 * STATUS_THREAD_IS_TERMINATING (interrupted: the caller returns and the
 * dispatcher acts on t->pending). Takes the sync lock itself. */
NTSTATUS sync_wait(struct nt_waitable **objs, ULONG n, bool all, bool alertable, LONGLONG deadline);

/* Wakes t out of any wait it sleeps in (it returns
 * STATUS_THREAD_IS_TERMINATING when t->pending asks it to); callable from
 * any thread, with or without the sync lock. */
void sync_interrupt(struct cpu_thread *t);

/* Queues a user APC (a 32-bit routine called as routine(a1, a2, a3)) to
 * t: it runs in t's next alertable wait (which then returns
 * STATUS_USER_APC) or NtTestAlert. t must stay alive: called under the
 * thread list lock of thread.c. */
NTSTATUS sync_queue_apc(struct cpu_thread *t, uint32_t routine, uint32_t a1, uint32_t a2,
                        uint32_t a3);

/* A thread is exiting: its owned mutexes become abandoned and its queued
 * APCs are dropped. Called by thread.c on the exiting thread. */
void sync_thread_exit(struct cpu_thread *t);

#ifndef STATUS_THREAD_IS_TERMINATING
#define STATUS_THREAD_IS_TERMINATING ((NTSTATUS)0xC000004B)
#endif

#endif
