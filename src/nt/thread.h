/* Guest threads of this process: the thread object and what the thread
 * modules share (thread.c: creation, start, exit and the process's end;
 * thread_ctl.c: termination, suspension, the interrupt requests;
 * thread_info.c: queries, NtOpenThread, APCs; process.c). */
#ifndef WOW64_THREAD_H
#define WOW64_THREAD_H

#include <pthread.h>
#include <semaphore.h>

#include "sync.h"
#include "../cpu/cpu.h"

/* How a thread's guest code ended; set before it unwinds to its exit
 * frame. */
enum thread_exit_reason {
    THREAD_EXIT_NONE,       /* not set: an unhandled exception unwound it, which ends the process */
    THREAD_EXIT_SELF,       /* NtTerminateThread on itself (ExitThread) */
    THREAD_EXIT_TERMINATED, /* another thread terminated it */
    THREAD_EXIT_PROCESS,    /* the process ends (NtTerminateProcess, the last thread) */
};

/* NtCreateThreadEx flags (THREAD_CREATE_FLAGS_*). */
#define THREAD_CREATE_SUSPENDED 0x1u
#define THREAD_CREATE_SKIP_THREAD_ATTACH 0x2u

struct nt_thread {
    struct nt_waitable w;      /* NT_OBJECT_GUEST_THREAD: signaled once the thread has exited */
    struct cpu_thread *cpu;    /* &own_cpu, or the main thread's state */
    struct nt_thread *next;    /* the list of live threads (thread_lock) */
    pthread_t host;
    bool is_main;
    uint32_t tid, teb, start, arg;
    /* Creation: the new thread sets itself up and reports to its creator. */
    uint32_t flags, reserve, commit;
    uint32_t stack_base, stack_limit, stack_dealloc;
    NTSTATUS start_status;
    sem_t ready;
    /* Exit: exited is written under the thread lock and the sync lock. */
    bool exited;
    enum thread_exit_reason reason;
    uint32_t exit_code;
    uint32_t term_code;        /* the first NtTerminateThread's code */
    /* Suspension: a parked thread sleeps on park_seq, which every resume
     * and termination request bumps. */
    uint32_t park_seq;
    bool parked;
    /* The kicker's schedule for this thread (thread_lock). */
    unsigned kicks;
    LONGLONG kick_at;
    /* Kept for the information classes. */
    LONG priority, base_priority;
    uint32_t affinity, ideal_processor;
    LONGLONG create_time, exit_time, kernel_time, user_time; /* FILETIME, 100 ns units */
    struct cpu_thread own_cpu;
};

/* The live threads (not yet exited) and their count, under thread_lock;
 * thread_cond is broadcast whenever a thread exits. */
extern pthread_mutex_t thread_lock;
extern pthread_cond_t thread_cond;
extern struct nt_thread *thread_list;
extern unsigned thread_live;

/* The thread object of a CPU state (NULL for threads we did not set up). */
static inline struct nt_thread *thread_of(struct cpu_thread *t)
{
    return t ? (struct nt_thread *)t->thread_obj : NULL;
}

/* The thread behind a handle (NtCurrentThread(): the caller), with a
 * reference; NULL with *status set (a child process's thread handle gives
 * STATUS_OBJECT_TYPE_MISMATCH). */
struct nt_thread *thread_get(HANDLE h, NTSTATUS *status);
void thread_release(struct nt_thread *th);

/* Leaves the calling thread's guest code: unwinds to its exit frame,
 * which finishes the thread. Returns only when the thread has no exit
 * frame (an embedder's thread running wow64_call). */
void thread_unwind(struct cpu_thread *t, enum thread_exit_reason reason, uint32_t code);

/* Under thread_lock: asks th (not the caller) to terminate with code and
 * interrupts it; does not wait. */
void thread_terminate_locked(struct nt_thread *th, uint32_t code);
/* Asks every other thread to terminate with code and waits until they
 * have exited; STATUS_THREAD_IS_TERMINATING when the caller is asked to
 * terminate meanwhile. */
NTSTATUS thread_terminate_others(uint32_t code);

#endif
