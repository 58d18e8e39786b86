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

#include <pthread.h>

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
    /* Optional, for objects whose state changes without waitable_wake
     * (child processes, wait.c): a host descriptor that turns readable
     * when the object may have become signaled, or -1 when there is none
     * (the wait then looks again every few milliseconds). NULL for the
     * objects that call waitable_wake. */
    int (*poll_fd)(struct nt_waitable *w);
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

/* ---- Between the sync modules (sync.c, sync_objects.c, sync_timer.c,
 * keyed_event.c, address_wait.c, wait.c, time.c). ---- */

#ifndef STATUS_OBJECT_NAME_EXISTS
#define STATUS_OBJECT_NAME_EXISTS ((NTSTATUS)0x40000000)
#endif
#ifndef STATUS_TIMER_RESUME_IGNORED
#define STATUS_TIMER_RESUME_IGNORED ((NTSTATUS)0x40000025)
#endif
#ifndef STATUS_INVALID_PARAMETER_1
#define STATUS_INVALID_PARAMETER_1 ((NTSTATUS)0xC00000EF)
#endif
#ifndef STATUS_INVALID_PARAMETER_MIX
#define STATUS_INVALID_PARAMETER_MIX ((NTSTATUS)0xC0000030)
#endif

/* NtWaitForMultipleObjects' limit, and the most objects one wait takes. */
#define SYNC_MAX_WAIT_OBJECTS 64

/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define SYNC_TICKS_1601_TO_1970 116444736000000000LL

/* Takes the sync lock unless this thread holds it already; true when it
 * did (the caller then calls sync_unlock). For code that runs both ways
 * (object destruction). */
bool sync_lock_if_needed(void);

/* CLOCK_MONOTONIC in ns; the system time as a FILETIME. */
LONGLONG sync_now(void);
LONGLONG sync_filetime(void);
/* A guest LARGE_INTEGER timeout (NULL: none; negative: relative in 100 ns
 * units; positive: an absolute FILETIME, converted once here; 0: poll) as
 * a CLOCK_MONOTONIC deadline in ns, -1 for none. */
NTSTATUS sync_deadline(const void *guest_timeout, LONGLONG *deadline);

/* The calling thread's CPU state (a per-host-thread stand-in for threads
 * that run no guest code, so that host-only callers can wait too). */
struct cpu_thread *sync_current(void);
/* Whether t is asked to terminate (its waits end early). */
bool sync_terminating(struct cpu_thread *t);

/* As sync_wait; sig (may be NULL) is first signaled under the same hold
 * of the lock (NtSignalAndWaitForSingleObject). */
NTSTATUS sync_wait_signal(struct nt_object *sig, struct nt_waitable **objs, ULONG n, bool all,
                          bool alertable, LONGLONG deadline);
/* Under the sync lock: w was signaled for a moment (PulseEvent): the
 * waits registered on it that it satisfies now complete, while w stays
 * signaled (one for an auto-reset object, all for a manual one). */
void waitable_pulse(struct nt_waitable *w);

/* Primitives for the waits that keep their own queues (keyed events,
 * address waits). Loop: store 0 in t->wake_word, look at the state under
 * the queue's lock, then sleep with the lock released. */
/* Under the sync lock: sleeps until woken or the deadline; the lock is
 * released while sleeping and held again on return. */
void sync_block(struct cpu_thread *t, LONGLONG deadline);
/* Sleeps on word while it holds 0, until woken or the deadline. */
void sync_futex_wait(uint32_t *word, LONGLONG deadline);
/* Sets t's wake word and wakes it (under the lock guarding t's wait). */
void sync_wake_thread(struct cpu_thread *t);
/* Under the sync lock: whether t has user APCs queued. */
bool sync_apc_pending(struct cpu_thread *t);
/* Runs t's queued user APCs (lock not held): STATUS_USER_APC, or
 * STATUS_THREAD_IS_TERMINATING when t is asked to end meanwhile. */
NTSTATUS sync_run_apcs(struct cpu_thread *t);
/* Under the sync lock: queues an APC (sync_queue_apc's body). */
NTSTATUS sync_queue_apc_locked(struct cpu_thread *t, uint32_t routine, uint32_t a1, uint32_t a2,
                               uint32_t a3);
/* Waits on the sync lock's condition variable c until signaled or the
 * deadline (monotonic ns, -1: none); the sync lock is held. */
void sync_cond_wait(pthread_cond_t *c, LONGLONG deadline);

/* sync_objects.c: signals obj as NtSignalAndWaitForSingleObject does
 * (event set, semaphore +1, mutant released by t), under the lock. */
NTSTATUS sync_signal_locked(struct nt_object *obj, struct cpu_thread *t);
/* sync_objects.c / sync_timer.c: thread-exit work under the sync lock
 * (abandon t's mutexes; cancel timers whose APC goes to t). */
void sync_objects_thread_exit(struct cpu_thread *t);
void sync_timers_thread_exit(struct cpu_thread *t);

/* Named objects (sync_objects.c): the in-process object directory. Makes
 * a new object with make(arg) under the sync lock, or opens the existing
 * one of that name: STATUS_OBJECT_NAME_EXISTS (OBJ_OPENIF),
 * STATUS_OBJECT_NAME_COLLISION, STATUS_OBJECT_TYPE_MISMATCH. make returns
 * NULL when out of memory. */
NTSTATUS sync_create_object(HANDLE *out, const OBJECT_ATTRIBUTES *attr, enum nt_object_type type,
                            struct nt_object *(*make)(void *arg), void *arg, const char *func);
/* Opens a named object of the type: STATUS_OBJECT_NAME_NOT_FOUND, ... */
NTSTATUS sync_open_object(HANDLE *out, const OBJECT_ATTRIBUTES *attr, enum nt_object_type type,
                          const char *func);
/* Drops obj's name (its destroy function calls this; takes the lock as
 * needed). */
void sync_object_unname(struct nt_object *obj);
/* Copies obj's directory name (\BaseNamedObjects\[Global\]name) into buf,
 * at most max characters; its full length, 0 for an unnamed object. */
size_t sync_object_name(const struct nt_object *obj, uint16_t *buf, size_t max);

#endif
