/* Guest threads: the thread object, NtCreateThreadEx, the life of a host
 * thread that runs guest code (set-up, start, exit frame, clean-up), and
 * the end of the process (the last thread, wow64_run waiting until every
 * thread is gone).
 *
 * Every guest thread is a host pthread with its own CPU state, guest
 * stack and TEB. Its guest code ends by unwinding (siglongjmp) to the exit
 * frame its host start routine set up, from wherever it is: a service
 * (NtTerminateThread on itself), the dispatcher's check of the requests
 * other threads leave it (termination), the interrupt signal while it runs
 * 32-bit code, or an unhandled exception. The main thread's exit frame is
 * in wow64_run. */
#include "thread.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "../cpu/interrupt.h"
#include "../loader/loader.h"
#include "../loader/peb32.h"
#include "log.h"

/* Host stack of a guest thread: the dispatcher, nested call32s (DllMain
 * calling LoadLibrary calling DllMain ...) and the services run on it. */
#define HOST_STACK_SIZE (4u << 20)
/* 32-bit PS_ATTRIBUTE_LIST: ULONG TotalLength, then PS_ATTRIBUTEs of 16
 * bytes (Attribute, Size, Value/ValuePtr, ReturnLength). */
#define PS_ATTRIBUTE_CLIENT_ID 0x10003u
#define PS_ATTRIBUTE_TEB_ADDRESS 0x10004u
#define PS_ATTRIBUTE_SIZE 16u
#define PS_ATTRIBUTES_MAX 64u
/* How long the end of the process waits for threads that do not leave
 * (blocked in a host call that ignores the interrupt, such as a read of
 * the terminal) before it goes on without them: one period, from the
 * first request, for NtTerminateProcess(NULL) and wow64_run together. */
#define END_GRACE_NS 1000000000LL

pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t thread_cond;
struct nt_thread *thread_list;
unsigned thread_live;

static pthread_once_t cond_once = PTHREAD_ONCE_INIT;
/* wow64_run waits for the end of the process in the main thread; without
 * it (an embedder), the end of the process is the end of the host. */
static bool process_runner;
/* When the end of the process stops waiting for threads (thread_lock);
 * -1 until it starts waiting. */
static LONGLONG give_up_at = -1;
static bool stuck_reported;
/* Host threads that have finished and wait to be joined (thread_lock). */
static pthread_t *zombies;
static size_t nzombies, zombies_cap;

static void cond_init(void)
{
    pthread_condattr_t a;

    /* Timed waits on thread_cond measure monotonic time. */
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&thread_cond, &a);
    pthread_condattr_destroy(&a);
}

static bool thread_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    return ((struct nt_thread *)w)->exited;
}

static const struct nt_wait_ops thread_wait_ops = { .signaled = thread_signaled };

static void thread_destroy(struct nt_object *obj)
{
    struct nt_thread *th = (struct nt_thread *)obj;

    sem_destroy(&th->ready);
    free(th);
}

static uint32_t process_affinity(void)
{
    /* Read once: sysconf opens a /sys file every time. */
    static long n;

    if (!n)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0)
        return 1;
    return n >= 32 ? 0xFFFFFFFFu : (1u << n) - 1;
}

static struct nt_thread *thread_new(void)
{
    struct nt_thread *th = calloc(1, sizeof *th);

    pthread_once(&cond_once, cond_init);
    if (!th)
        return NULL;
    waitable_init(&th->w, NT_OBJECT_GUEST_THREAD, &thread_wait_ops, thread_destroy);
    sem_init(&th->ready, 0, 0);
    th->affinity = process_affinity();
    th->priority = 8; /* NORMAL_PRIORITY_CLASS's base, THREAD_PRIORITY_NORMAL */
    th->create_time = sync_filetime();
    return th;
}

/* A thread handle (or NtCurrentThread()) to its object: see thread.h. */
struct nt_thread *thread_get(HANDLE h, NTSTATUS *status)
{
    struct nt_thread *th;

    if (h == NtCurrentThread()) {
        if (!(th = thread_of(cpu_current()))) {
            *status = STATUS_INVALID_HANDLE;
            return NULL;
        }
        object_ref(&th->w.hdr);
        *status = STATUS_SUCCESS;
        return th;
    }
    return (struct nt_thread *)handle_get(h, NT_OBJECT_GUEST_THREAD, status);
}

/* Drops a reference thread_get took. */
void thread_release(struct nt_thread *th)
{
    object_release(&th->w.hdr);
}

/* Joins the host threads that have finished (their clean-up is done;
 * what is left is glibc's). */
static void reap_zombies(void)
{
    pthread_t *list;
    size_t n;

    pthread_mutex_lock(&thread_lock);
    list = zombies;
    n = nzombies;
    zombies = NULL;
    nzombies = zombies_cap = 0;
    pthread_mutex_unlock(&thread_lock);
    for (size_t i = 0; i < n; i++)
        pthread_join(list[i], NULL);
    free(list);
}

/* Under thread_lock. */
static void add_zombie(pthread_t host)
{
    if (nzombies == zombies_cap) {
        size_t cap = zombies_cap ? zombies_cap * 2 : 16;
        pthread_t *z = realloc(zombies, cap * sizeof *z);

        if (!z) {
            /* Cannot keep it for a join: let it go on its own. */
            pthread_detach(host);
            return;
        }
        zombies = z;
        zombies_cap = cap;
    }
    zombies[nzombies++] = host;
}

/* Leaves the thread's guest code for its exit frame: see thread.h. */
void thread_unwind(struct cpu_thread *t, enum thread_exit_reason reason, uint32_t code)
{
    struct nt_thread *th = thread_of(t);

    if (!th || !t->exit_jmp)
        return;
    th->reason = reason;
    th->exit_code = code;
    siglongjmp(*(sigjmp_buf *)t->exit_jmp, 1);
}

/* The part of a thread's end that the main thread shares: what its guest
 * code held (the loader lock, mutexes, APCs) and its times. */
static void thread_leave(struct nt_thread *th)
{
    struct rusage ru;

    if (th->reason == THREAD_EXIT_NONE) {
        /* Unwound without saying why: an unhandled exception, whose code
         * is the process's exit code. */
        th->exit_code = th->cpu->exit_code;
        thread_end_process(th->exit_code);
    }
    loader_lock_abandon();
    sync_thread_exit(th->cpu);
    if (getrusage(RUSAGE_THREAD, &ru) == 0) {
        th->user_time = (LONGLONG)ru.ru_utime.tv_sec * 10000000 + ru.ru_utime.tv_usec * 10;
        th->kernel_time = (LONGLONG)ru.ru_stime.tv_sec * 10000000 + ru.ru_stime.tv_usec * 10;
    }
    th->exit_time = sync_filetime();
}

/* The thread has exited: its handle is signaled, and the last thread to
 * go ends the process with its exit code. */
static void thread_mark_exited(struct nt_thread *th)
{
    handle_thread_exit(th->cpu);
    pthread_mutex_lock(&thread_lock);
    sync_lock();
    th->exited = true;
    waitable_wake(&th->w);
    sync_unlock();
    for (struct nt_thread **p = &thread_list; *p; p = &(*p)->next)
        if (*p == th) {
            *p = th->next;
            thread_live--;
            break;
        }
    if (!thread_live && !nt_process.exited) {
        nt_process.exited = true;
        nt_process.exit_code = th->exit_code;
    }
    if (!th->is_main)
        add_zombie(th->host);
    pthread_cond_broadcast(&thread_cond);
    pthread_mutex_unlock(&thread_lock);
}

/* Runs the thread's guest code: the DLLs' DLL_THREAD_ATTACH, then
 * kernel32!BaseThreadInitThunk(0, start, arg), which ends the thread with
 * ExitThread. Does not return. */
static void run_thread(struct nt_thread *th)
{
    struct cpu_thread *t = th->cpu;
    uint32_t thunk, ret;

    /* A thread created suspended waits here for its first resume (and one
     * terminated before it ran leaves from here). */
    thread_pending(t);
    if (!(th->flags & THREAD_CREATE_SKIP_THREAD_ATTACH))
        loader_thread_attach();
    if ((thunk = loader_thread_start_thunk())) {
        uint32_t args[3] = { 0, th->start, th->arg };
        ret = (uint32_t)cpu_call32(thunk, 0, 3, args);
    } else {
        ret = (uint32_t)cpu_call32(th->start, 0, 1, &th->arg);
    }
    /* A start routine called without BaseThreadInitThunk may return. */
    thread_unwind(t, THREAD_EXIT_SELF, ret);
}

/* The new thread's guest memory: its stack and its TEB with the static
 * TLS blocks. Made by the creator, which may hold the loader lock (a
 * DllMain starting a thread), so that the new thread never waits for it
 * before its creator has heard from it. */
static NTSTATUS alloc_guest_side(struct nt_thread *th)
{
    NTSTATUS s;

    if ((s = vm_alloc_stack(th->reserve, th->commit, &th->stack_dealloc, &th->stack_base,
                            &th->stack_limit)) != STATUS_SUCCESS)
        return s;
    if (!(th->teb = loader_thread_teb(th->stack_base, th->stack_limit, th->stack_dealloc, 0))) {
        vm_release(th->stack_dealloc);
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

static void free_guest_side(struct nt_thread *th)
{
    loader_thread_teb_free(th->teb);
    vm_release(th->stack_dealloc);
}

/* The new thread's CPU state, in the new host thread. */
static NTSTATUS thread_setup(struct nt_thread *th)
{
    struct cpu_thread *t = th->cpu;

    if (cpu_thread_init(t, th->teb) != 0)
        return STATUS_INSUFFICIENT_RESOURCES;
    t->thread_obj = th;
    t->stack_base = th->stack_base;
    t->stack_limit = th->stack_limit;
    t->stack_dealloc = th->stack_dealloc;
    if (th->flags & THREAD_CREATE_SUSPENDED) {
        t->suspend_count = 1;
        t->pending = CPU_PENDING_SUSPEND;
    }
    th->tid = (uint32_t)gettid();
    th->host = pthread_self();
    memcpy((void *)(uintptr_t)(th->teb + TEB32_ClientIdThread), &th->tid, 4);
    return STATUS_SUCCESS;
}

/* The host start routine of a guest thread. */
static void *thread_main(void *arg)
{
    struct nt_thread *th = arg;
    struct cpu_thread *t = th->cpu;
    sigjmp_buf exit_jmp;
    sigset_t none;

    if ((th->start_status = thread_setup(th)) != STATUS_SUCCESS) {
        sem_post(&th->ready);
        return NULL;
    }
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    t->exit_jmp = &exit_jmp;
    pthread_mutex_lock(&thread_lock);
    th->next = thread_list;
    thread_list = th;
    thread_live++;
    /* Born into a process that is ending: leave at the first look. */
    if (nt_process.exited) {
        th->term_code = nt_process.exit_code;
        t->pending |= CPU_PENDING_TERMINATE;
    }
    pthread_mutex_unlock(&thread_lock);
    /* From here on the creator returns, and others may act on us. */
    sem_post(&th->ready);
    if (!sigsetjmp(exit_jmp, 1))
        run_thread(th);
    thread_leave(th);
    t->exit_jmp = NULL;
    free_guest_side(th);
    free(t->scratch);
    t->scratch = NULL;
    cpu_thread_fini(t);
    thread_mark_exited(th);
    thread_release(th);
    return NULL;
}

/* Fills the attributes a caller asked for (the new thread's client id and
 * TEB) in a 32-bit PS_ATTRIBUTE_LIST. */
static NTSTATUS fill_attributes(uint32_t list, const struct nt_thread *th)
{
    uint32_t total;

    if (!guest_read(&total, (void *)(uintptr_t)list, 4))
        return STATUS_ACCESS_VIOLATION;
    if (total < 4 || (total - 4) / PS_ATTRIBUTE_SIZE > PS_ATTRIBUTES_MAX)
        return STATUS_INVALID_PARAMETER;
    for (uint32_t i = 0; i < (total - 4) / PS_ATTRIBUTE_SIZE; i++) {
        uint32_t a[4]; /* Attribute, Size, ValuePtr, ReturnLength */
        uint32_t cid[2] = { nt_process.pid, th->tid }, len;
        const void *value;

        if (!guest_read(a, (void *)(uintptr_t)(list + 4 + i * PS_ATTRIBUTE_SIZE), sizeof a))
            return STATUS_ACCESS_VIOLATION;
        if (a[0] == PS_ATTRIBUTE_CLIENT_ID) {
            value = cid;
            len = sizeof cid;
        } else if (a[0] == PS_ATTRIBUTE_TEB_ADDRESS) {
            value = &th->teb;
            len = 4;
        } else {
            log_fixme("ntdll", "NtCreateThreadEx", "attribute %#x ignored", a[0]);
            continue;
        }
        if (a[1] < len)
            return STATUS_INFO_LENGTH_MISMATCH;
        if (!guest_write((void *)(uintptr_t)a[2], value, len) ||
            (a[3] && !guest_write((void *)(uintptr_t)a[3], &len, 4)))
            return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

/* Starts the host thread of th and waits until it has set itself up. */
static NTSTATUS start_host_thread(struct nt_thread *th)
{
    pthread_attr_t attr;
    pthread_t host;
    sigset_t all, old;
    int err;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, HOST_STACK_SIZE);
    /* The new thread starts with every signal blocked, so that none is
     * handled there before it has its CPU state; thread_main unblocks
     * them once it has. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&host, &attr, thread_main, th);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err)
        return STATUS_NO_MEMORY;
    while (sem_wait(&th->ready) != 0 && errno == EINTR)
        ;
    if (th->start_status != STATUS_SUCCESS)
        pthread_join(host, NULL);
    return th->start_status;
}

/* A new thread of this process; see the file's comment. */
NTSTATUS svc_NtCreateThreadEx(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, HANDLE process,
                              void *start, void *arg, ULONG flags, SIZE_T zero_bits,
                              SIZE_T stack_commit, SIZE_T stack_reserve, void *attributes)
{
    uint32_t commit = stack_commit ? (uint32_t)stack_commit : nt_process.stack_commit;
    uint64_t reserve = stack_reserve ? (uint32_t)stack_reserve : nt_process.stack_reserve;
    struct nt_thread *th;
    HANDLE h;
    NTSTATUS s;

    (void)access;
    (void)attr;
    if (!out)
        return STATUS_ACCESS_VIOLATION;
    /* Zero takes the exe's values; a commit larger than the reserve
     * makes the reserve the commit rounded up to 1 MiB, as on Windows. */
    if (commit > reserve)
        reserve = ((uint64_t)commit + 0xFFFFF) & ~(uint64_t)0xFFFFF;
    if (reserve > vm_max_address())
        return STATUS_NO_MEMORY;
    if (process != NtCurrentProcess()) {
        log_fixme("ntdll", "NtCreateThreadEx", "threads in other processes are not implemented");
        return STATUS_NOT_IMPLEMENTED;
    }
    if (zero_bits)
        log_fixme("ntdll", "NtCreateThreadEx", "zero bits %#llx ignored", (unsigned long long)zero_bits);
    if (nt_process.exited)
        return STATUS_PROCESS_IS_TERMINATING;
    reap_zombies();
    if (cpu_interrupt_init() != 0 || !(th = thread_new()))
        return STATUS_NO_MEMORY;
    th->cpu = &th->own_cpu;
    th->start = (uint32_t)(uintptr_t)start;
    th->arg = (uint32_t)(uintptr_t)arg;
    th->flags = flags;
    th->commit = commit;
    th->reserve = (uint32_t)reserve;
    /* The handle takes the object's first reference, the running thread
     * a second one. */
    if ((s = handle_alloc(&th->w.hdr, &h)) != STATUS_SUCCESS) {
        thread_release(th);
        return s;
    }
    if ((s = alloc_guest_side(th)) != STATUS_SUCCESS) {
        handle_close(h);
        return s;
    }
    object_ref(&th->w.hdr);
    if ((s = start_host_thread(th)) != STATUS_SUCCESS) {
        free_guest_side(th);
        thread_release(th);
        handle_close(h);
        return s;
    }
    if (attributes && (s = fill_attributes((uint32_t)(uintptr_t)attributes, th)) != STATUS_SUCCESS) {
        /* The thread runs already; as Windows, a bad attribute list still
         * fails the call. */
        pthread_mutex_lock(&thread_lock);
        thread_terminate_locked(th, (uint32_t)s);
        pthread_mutex_unlock(&thread_lock);
        handle_close(h);
        return s;
    }
    *out = h;
    return STATUS_SUCCESS;
}

/* The process's first thread: see nt.h. */
int thread_register_main(struct cpu_thread *t, uint32_t entry, bool runner)
{
    struct nt_thread *th;

    if (cpu_interrupt_init() != 0)
        return -1;
    process_runner = process_runner || runner;
    if ((th = thread_of(t))) {
        th->start = entry;
        return 0;
    }
    if (!(th = thread_new()))
        return -1;
    th->cpu = t;
    th->is_main = true;
    th->host = pthread_self();
    th->tid = (uint32_t)gettid();
    th->teb = t->teb32;
    th->start = entry;
    t->thread_obj = th;
    pthread_mutex_lock(&thread_lock);
    th->next = thread_list;
    thread_list = th;
    thread_live++;
    pthread_mutex_unlock(&thread_lock);
    return 0;
}

/* Whether wow64_run waits for the end of the process. */
bool thread_process_has_runner(void)
{
    return process_runner;
}

/* Under thread_lock: whether a wait for ending threads should stop
 * (their grace period is over). */
static bool grace_over(LONGLONG now)
{
    if (give_up_at < 0)
        give_up_at = now + END_GRACE_NS;
    return now >= give_up_at;
}

/* The main thread's end, and the wait for the process's: see nt.h. */
uint32_t thread_main_finished(struct cpu_thread *t)
{
    struct nt_thread *th = thread_of(t);

    if (!th)
        return t->exit_code;
    thread_leave(th);
    thread_mark_exited(th);
    pthread_mutex_lock(&thread_lock);
    while (thread_live) {
        struct timespec ts;
        LONGLONG now = sync_now();

        /* Once the process ends, the threads it asked to go have a grace
         * period; one blocked in a host call that ignores the interrupt
         * would otherwise hold wow64_run forever. */
        if (nt_process.exited && grace_over(now)) {
            if (!stuck_reported)
                log_printf("wow64: %u thread(s) did not end with the process\n", thread_live);
            break;
        }
        now += 100000000LL;
        ts.tv_sec = now / 1000000000LL;
        ts.tv_nsec = now % 1000000000LL;
        pthread_cond_timedwait(&thread_cond, &thread_lock, &ts);
    }
    pthread_mutex_unlock(&thread_lock);
    reap_zombies();
    return nt_process.exit_code;
}

/* The process ends: every other thread is asked to terminate. */
void thread_end_process(uint32_t code)
{
    struct cpu_thread *self = cpu_current();

    pthread_mutex_lock(&thread_lock);
    if (!nt_process.exited) {
        nt_process.exited = true;
        nt_process.exit_code = code;
    }
    for (struct nt_thread *th = thread_list; th; th = th->next)
        if (th->cpu != self)
            thread_terminate_locked(th, nt_process.exit_code);
    pthread_mutex_unlock(&thread_lock);
}

/* NtTerminateProcess(NULL): the other threads go, and are waited for. */
NTSTATUS thread_terminate_others(uint32_t code)
{
    struct cpu_thread *self = cpu_current();
    struct nt_thread *me = thread_of(self);
    NTSTATUS s = STATUS_SUCCESS;

    pthread_once(&cond_once, cond_init);
    pthread_mutex_lock(&thread_lock);
    for (struct nt_thread *th = thread_list; th; th = th->next)
        if (th->cpu != self)
            thread_terminate_locked(th, code);
    while (thread_live > (me && !me->exited ? 1u : 0u)) {
        struct timespec ts;
        LONGLONG now = sync_now();

        if (self && sync_terminating(self)) {
            s = STATUS_THREAD_IS_TERMINATING;
            break;
        }
        if (grace_over(now)) {
            log_printf("wow64: %u thread(s) did not end when asked\n", thread_live - 1);
            stuck_reported = true;
            break;
        }
        now += 20000000LL;
        ts.tv_sec = now / 1000000000LL;
        ts.tv_nsec = now % 1000000000LL;
        pthread_cond_timedwait(&thread_cond, &thread_lock, &ts);
    }
    /* All gone: a later end of the process gets a grace period of its
     * own. */
    if (thread_live <= 1)
        give_up_at = -1;
    pthread_mutex_unlock(&thread_lock);
    return s;
}
