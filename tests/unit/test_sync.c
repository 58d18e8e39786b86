/* Unit tests of the waits and synchronisation objects (src/nt/sync*.c,
 * wait.c, keyed_event.c, address_wait.c) without guest code: the
 * services are called directly from host threads, each of which waits
 * with its own stand-in CPU state (sync_current). Guest pointers are host
 * pointers here (guest_read/guest_write are plain copies); handles are
 * small integers, so arrays of 32-bit handles work as the guest's do.
 * Expected values from the NT documentation of each service. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpu/cpu.h"
#include "nt/sync.h"

/* ---- stand-ins for the CPU module and the children of spawn.c ---- */

bool guest_read(void *dst, const void *guest_src, size_t n)
{
    if (!guest_src)
        return false;
    memcpy(dst, guest_src, n);
    return true;
}

bool guest_write(void *guest_dst, const void *src, size_t n)
{
    if (!guest_dst)
        return false;
    memcpy(guest_dst, src, n);
    return true;
}

__thread struct cpu_thread *cpu_current_thread; /* always NULL here */

struct cpu_thread *cpu_current(void)
{
    return NULL; /* every thread waits with sync.c's stand-in state */
}

static int apc_calls;
static uint32_t apc_last[4];

uint64_t cpu_call32(uint32_t eip, uint32_t esp, unsigned nargs, const uint32_t *args)
{
    (void)esp;
    apc_calls++;
    apc_last[0] = eip;
    for (unsigned i = 0; i < nargs && i < 3; i++)
        apc_last[i + 1] = args[i];
    return 0;
}

bool child_poll(struct nt_child *c)
{
    return __atomic_load_n(&c->exited, __ATOMIC_SEQ_CST);
}

/* The handle table's view of the threads: none, and no fast process-wide
 * barrier, so every lookup takes the locked path (test_handle covers the
 * other). */
#include "nt/thread.h"
pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
struct nt_thread *thread_list;

bool process_barrier(void)
{
    return false;
}

bool process_barrier_is_fast(void)
{
    return false;
}

/* ---- the services under test ---- */

NTSTATUS svc_NtCreateEvent(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG type,
                           ULONG initial);
NTSTATUS svc_NtSetEvent(HANDLE h, void *prev);
NTSTATUS svc_NtResetEvent(HANDLE h, void *prev);
NTSTATUS svc_NtPulseEvent(HANDLE h, void *prev);
NTSTATUS svc_NtOpenEvent(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr);
NTSTATUS svc_NtCreateMutant(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG owned);
NTSTATUS svc_NtReleaseMutant(HANDLE h, void *prev);
NTSTATUS svc_NtCreateSemaphore(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, LONG initial,
                               LONG max);
NTSTATUS svc_NtReleaseSemaphore(HANDLE h, LONG n, void *prev);
NTSTATUS svc_NtCreateTimer(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG type);
NTSTATUS svc_NtSetTimer(HANDLE h, void *due, void *apc, void *ctx, ULONG resume, LONG period,
                        void *prev);
NTSTATUS svc_NtCancelTimer(HANDLE h, void *state);
NTSTATUS svc_NtWaitForSingleObject(HANDLE h, ULONG alertable, void *timeout);
NTSTATUS svc_NtWaitForMultipleObjects(ULONG count, void *handles, ULONG type, ULONG alertable,
                                      void *timeout);
NTSTATUS svc_NtSignalAndWaitForSingleObject(HANDLE sig, HANDLE wait, ULONG alertable,
                                            void *timeout);
NTSTATUS svc_NtWaitForKeyedEvent(HANDLE h, void *key, ULONG alertable, void *timeout);
NTSTATUS svc_NtReleaseKeyedEvent(HANDLE h, void *key, ULONG alertable, void *timeout);
NTSTATUS svc_Wow64WaitOnAddress(void *address, void *compare, SIZE_T size, void *timeout);
NTSTATUS svc_Wow64WakeAddress(void *address, ULONG all);
NTSTATUS svc_NtDelayExecution(ULONG alertable, void *interval);

#define WAIT_ANY 1
#define WAIT_ALL 0

static double now_ms(void)
{
    return (double)sync_now() / 1e6;
}

static HANDLE event(bool manual, bool initial)
{
    HANDLE h = NULL;

    assert_int_equal(svc_NtCreateEvent(&h, 0, NULL, manual ? 0 : 1, initial), STATUS_SUCCESS);
    return h;
}

static NTSTATUS wait1(HANDLE h, LONGLONG timeout_100ns)
{
    LONGLONG t = -timeout_100ns;

    return svc_NtWaitForSingleObject(h, 0, &t);
}

static NTSTATUS wait_n(HANDLE *hs, ULONG n, ULONG type, LONGLONG timeout_100ns)
{
    uint32_t h32[64];
    LONGLONG t = -timeout_100ns;

    for (ULONG i = 0; i < n; i++)
        h32[i] = (uint32_t)(uintptr_t)hs[i];
    return svc_NtWaitForMultipleObjects(n, h32, type, 0, &t);
}

/* Runs fn(arg) on a new host thread. */
static pthread_t spawn(void *(*fn)(void *), void *arg)
{
    pthread_t th;

    assert_int_equal(pthread_create(&th, NULL, fn, arg), 0);
    return th;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

/* Waits (up to 5 s, for loaded machines) until cond() holds. */
static bool eventually(bool (*cond)(void *), void *arg)
{
    for (int i = 0; i < 1000; i++) {
        if (cond(arg))
            return true;
        sleep_ms(5);
    }
    return cond(arg);
}

/* ---- waits on events ---- */

static void test_wait_any_returns_lowest_signaled_index(void **state)
{
    HANDLE h[3] = { event(true, false), event(true, true), event(false, true) };

    (void)state;
    assert_int_equal(wait_n(h, 3, WAIT_ANY, 0), STATUS_WAIT_0 + 1);
    assert_int_equal(wait_n(h, 3, WAIT_ANY, 0), STATUS_WAIT_0 + 1); /* manual: still */
    svc_NtResetEvent(h[1], NULL);
    assert_int_equal(wait_n(h, 3, WAIT_ANY, 0), STATUS_WAIT_0 + 2);
    assert_int_equal(wait_n(h, 3, WAIT_ANY, 0), STATUS_TIMEOUT); /* auto consumed */
    for (int i = 0; i < 3; i++)
        handle_close(h[i]);
}

static void test_wait_all_takes_everything_or_nothing(void **state)
{
    HANDLE sem = NULL, h[2];
    LONG prev = -1;

    (void)state;
    assert_int_equal(svc_NtCreateSemaphore(&sem, 0, NULL, 0, 1), STATUS_SUCCESS);
    h[0] = event(false, true);
    h[1] = sem;
    assert_int_equal(wait_n(h, 2, WAIT_ALL, 0), STATUS_TIMEOUT);
    assert_int_equal(wait1(h[0], 0), STATUS_WAIT_0); /* the event was not taken */
    svc_NtSetEvent(h[0], NULL);
    assert_int_equal(svc_NtReleaseSemaphore(sem, 1, &prev), STATUS_SUCCESS);
    assert_int_equal(prev, 0);
    assert_int_equal(wait_n(h, 2, WAIT_ALL, 0), STATUS_WAIT_0);
    assert_int_equal(wait1(h[0], 0), STATUS_TIMEOUT);
    assert_int_equal(wait1(sem, 0), STATUS_TIMEOUT);
    handle_close(h[0]);
    handle_close(sem);
}

static void test_wait_all_refuses_one_object_twice(void **state)
{
    HANDLE e = event(true, true), h[2] = { e, e };

    (void)state;
    assert_int_equal(wait_n(h, 2, WAIT_ALL, 0), STATUS_INVALID_PARAMETER_MIX);
    assert_int_equal(wait_n(h, 2, WAIT_ANY, 0), STATUS_WAIT_0);
    handle_close(e);
}

static void test_wait_checks_handles_and_counts(void **state)
{
    HANDLE e = event(true, true), h[2] = { e, (HANDLE)(uintptr_t)0x7ff0 };
    uint32_t none[1] = { 0 };

    (void)state;
    assert_int_equal(wait1((HANDLE)(uintptr_t)0x7ff0, 0), STATUS_INVALID_HANDLE);
    assert_int_equal(wait_n(h, 2, WAIT_ANY, 0), STATUS_INVALID_HANDLE);
    assert_int_equal(svc_NtWaitForMultipleObjects(0, none, WAIT_ANY, 0, NULL),
                     STATUS_INVALID_PARAMETER_1);
    assert_int_equal(svc_NtWaitForMultipleObjects(65, none, WAIT_ANY, 0, NULL),
                     STATUS_INVALID_PARAMETER_1);
    assert_int_equal(svc_NtWaitForMultipleObjects(1, none, 2, 0, NULL), STATUS_INVALID_PARAMETER_3);
    assert_int_equal(svc_NtWaitForSingleObject(e, 0, (void *)0), STATUS_WAIT_0);
    handle_close(e);
}

static void test_wait_times_out_after_the_timeout(void **state)
{
    HANDLE e = event(true, false);
    double t0 = now_ms();

    (void)state;
    assert_int_equal(wait1(e, 300000), STATUS_TIMEOUT); /* 30 ms */
    assert_true(now_ms() - t0 >= 29.0);
    t0 = now_ms();
    assert_int_equal(wait1(NtCurrentProcess(), 200000), STATUS_TIMEOUT);
    assert_true(now_ms() - t0 >= 19.0);
    handle_close(e);
}

struct waiter_arg {
    HANDLE h;
    NTSTATUS result;
    struct cpu_thread *self;
    LONGLONG timeout; /* 100 ns units; 0: none */
    volatile int started;
};

static void *waiter(void *p)
{
    struct waiter_arg *a = p;

    a->self = sync_current();
    __atomic_store_n(&a->started, 1, __ATOMIC_SEQ_CST);
    if (a->timeout) {
        a->result = wait1(a->h, a->timeout);
    } else {
        a->result = svc_NtWaitForSingleObject(a->h, 0, NULL);
    }
    return NULL;
}

static void test_set_event_wakes_a_blocked_waiter(void **state)
{
    struct waiter_arg a = { event(true, false), -1, NULL, 0, 0 };
    pthread_t th = spawn(waiter, &a);

    (void)state;
    sleep_ms(30);
    assert_int_equal(a.result, -1);
    svc_NtSetEvent(a.h, NULL);
    pthread_join(th, NULL);
    assert_int_equal(a.result, STATUS_WAIT_0);
    handle_close(a.h);
}

static bool one_done(void *p)
{
    struct waiter_arg **w = p;

    return __atomic_load_n(&w[0]->result, __ATOMIC_SEQ_CST) == STATUS_WAIT_0 ||
           __atomic_load_n(&w[1]->result, __ATOMIC_SEQ_CST) == STATUS_WAIT_0;
}

static void test_auto_event_wakes_exactly_one_waiter(void **state)
{
    HANDLE e = event(false, false);
    struct waiter_arg a = { e, -1, NULL, 5000000, 0 }, b = { e, -1, NULL, 5000000, 0 };
    pthread_t ta = spawn(waiter, &a), tb = spawn(waiter, &b);
    int done;

    (void)state;
    sleep_ms(30);
    svc_NtSetEvent(e, NULL);
    assert_true(eventually(one_done, (struct waiter_arg *[]){ &a, &b }));
    sleep_ms(50);
    done = (a.result == STATUS_WAIT_0) + (b.result == STATUS_WAIT_0);
    assert_int_equal(done, 1);
    svc_NtSetEvent(e, NULL);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.result, STATUS_WAIT_0);
    assert_int_equal(b.result, STATUS_WAIT_0);
    handle_close(e);
}

static void test_pulse_releases_current_waiters_and_resets(void **state)
{
    HANDLE e = event(true, false);
    struct waiter_arg a = { e, -1, NULL, 100000000, 0 }, b = { e, -1, NULL, 100000000, 0 };
    pthread_t ta = spawn(waiter, &a), tb = spawn(waiter, &b);
    LONG prev = -1;

    (void)state;
    while (!__atomic_load_n(&a.started, __ATOMIC_SEQ_CST) ||
           !__atomic_load_n(&b.started, __ATOMIC_SEQ_CST))
        sleep_ms(1);
    sleep_ms(100); /* from started to registered: microseconds */
    assert_int_equal(svc_NtPulseEvent(e, &prev), STATUS_SUCCESS);
    assert_int_equal(prev, 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.result, STATUS_WAIT_0);
    assert_int_equal(b.result, STATUS_WAIT_0);
    assert_int_equal(wait1(e, 0), STATUS_TIMEOUT);
    handle_close(e);
}

/* ---- mutants, semaphores ---- */

static void *take_and_exit(void *p)
{
    struct waiter_arg *a = p;

    a->result = wait1(a->h, 0);
    sync_thread_exit(sync_current());
    return NULL;
}

static void test_mutant_of_an_exited_thread_is_abandoned(void **state)
{
    HANDLE m = NULL;
    struct waiter_arg a = { NULL, -1, NULL, 0, 0 };
    LONG prev = 5;

    (void)state;
    assert_int_equal(svc_NtCreateMutant(&m, 0, NULL, 0), STATUS_SUCCESS);
    a.h = m;
    pthread_join(spawn(take_and_exit, &a), NULL);
    assert_int_equal(a.result, STATUS_WAIT_0);
    assert_int_equal(wait1(m, 0), STATUS_ABANDONED_WAIT_0);
    assert_int_equal(wait1(m, 0), STATUS_WAIT_0); /* recursion, no longer abandoned */
    assert_int_equal(svc_NtReleaseMutant(m, &prev), STATUS_SUCCESS);
    assert_int_equal(prev, -1);
    assert_int_equal(svc_NtReleaseMutant(m, &prev), STATUS_SUCCESS);
    assert_int_equal(prev, 0);
    assert_int_equal(svc_NtReleaseMutant(m, &prev), STATUS_MUTANT_NOT_OWNED);
    handle_close(m);
}

static void test_semaphore_limit_keeps_the_count(void **state)
{
    HANDLE s = NULL;
    LONG prev = -1;

    (void)state;
    assert_int_equal(svc_NtCreateSemaphore(&s, 0, NULL, 3, 2), STATUS_INVALID_PARAMETER);
    assert_int_equal(svc_NtCreateSemaphore(&s, 0, NULL, 1, 2), STATUS_SUCCESS);
    assert_int_equal(svc_NtReleaseSemaphore(s, 2, &prev), STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    assert_int_equal(svc_NtReleaseSemaphore(s, 1, &prev), STATUS_SUCCESS);
    assert_int_equal(prev, 1);
    assert_int_equal(svc_NtReleaseSemaphore(s, 0, &prev), STATUS_INVALID_PARAMETER);
    assert_int_equal(wait1(s, 0), STATUS_WAIT_0);
    assert_int_equal(wait1(s, 0), STATUS_WAIT_0);
    assert_int_equal(wait1(s, 0), STATUS_TIMEOUT);
    handle_close(s);
}

static void test_signal_and_wait_signals_first(void **state)
{
    HANDLE a = event(true, false), b = event(true, true), m = NULL;

    (void)state;
    assert_int_equal(svc_NtSignalAndWaitForSingleObject(a, b, 0, NULL), STATUS_WAIT_0);
    assert_int_equal(wait1(a, 0), STATUS_WAIT_0);
    assert_int_equal(svc_NtCreateMutant(&m, 0, NULL, 0), STATUS_SUCCESS);
    assert_int_equal(svc_NtSignalAndWaitForSingleObject(m, b, 0, NULL), STATUS_MUTANT_NOT_OWNED);
    handle_close(a);
    handle_close(b);
    handle_close(m);
}

/* ---- names ---- */

static void name_attr(OBJECT_ATTRIBUTES *attr, UNICODE_STRING *us, uint16_t *buf, const char *s,
                      ULONG flags)
{
    size_t n = strlen(s);

    for (size_t i = 0; i < n; i++)
        buf[i] = (uint16_t)s[i];
    us->Buffer = buf;
    us->Length = us->MaximumLength = (USHORT)(n * 2);
    memset(attr, 0, sizeof *attr);
    attr->Length = sizeof *attr;
    attr->ObjectName = us;
    attr->Attributes = flags;
}

static void test_named_objects_open_or_clash(void **state)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    uint16_t buf[64];
    HANDLE a = NULL, b = NULL, c = NULL;

    (void)state;
    name_attr(&attr, &us, buf, "\\BaseNamedObjects\\unit_ev", 0x80 /* OBJ_OPENIF */);
    assert_int_equal(svc_NtCreateEvent(&a, 0, &attr, 0, 0), STATUS_SUCCESS);
    assert_int_equal(svc_NtCreateEvent(&b, 0, &attr, 0, 0), STATUS_OBJECT_NAME_EXISTS);
    svc_NtSetEvent(b, NULL);
    assert_int_equal(wait1(a, 0), STATUS_WAIT_0);
    assert_int_equal(svc_NtCreateMutant(&c, 0, &attr, 0), STATUS_OBJECT_TYPE_MISMATCH);
    attr.Attributes = 0;
    assert_int_equal(svc_NtCreateEvent(&c, 0, &attr, 0, 0), STATUS_OBJECT_NAME_COLLISION);
    assert_int_equal(svc_NtOpenEvent(&c, 0, &attr), STATUS_SUCCESS);
    handle_close(a);
    handle_close(b);
    handle_close(c);
    assert_int_equal(svc_NtOpenEvent(&c, 0, &attr), STATUS_OBJECT_NAME_NOT_FOUND);
    name_attr(&attr, &us, buf, "\\BaseNamedObjects\\dir\\x", 0);
    assert_int_equal(svc_NtCreateEvent(&c, 0, &attr, 0, 0), STATUS_OBJECT_PATH_NOT_FOUND);
    name_attr(&attr, &us, buf, "relative", 0);
    assert_int_equal(svc_NtCreateEvent(&c, 0, &attr, 0, 0), STATUS_OBJECT_PATH_SYNTAX_BAD);
}

/* ---- interrupts and APCs ---- */

static void test_interrupt_ends_a_wait_of_a_terminating_thread(void **state)
{
    struct waiter_arg a = { event(true, false), -1, NULL, 0, 0 };
    pthread_t th = spawn(waiter, &a);

    (void)state;
    while (!__atomic_load_n(&a.started, __ATOMIC_SEQ_CST))
        sleep_ms(1);
    sleep_ms(30);
    __atomic_or_fetch(&a.self->pending, CPU_PENDING_TERMINATE, __ATOMIC_SEQ_CST);
    sync_interrupt(a.self);
    pthread_join(th, NULL);
    assert_int_equal(a.result, STATUS_THREAD_IS_TERMINATING);
    handle_close(a.h);
}

static void *alertable_delay(void *p)
{
    struct waiter_arg *a = p;
    LONGLONG forever = INT64_MIN;

    a->self = sync_current();
    __atomic_store_n(&a->started, 1, __ATOMIC_SEQ_CST);
    a->result = svc_NtDelayExecution(1, &forever);
    return NULL;
}

static void test_apc_ends_an_alertable_delay(void **state)
{
    struct waiter_arg a = { NULL, -1, NULL, 0, 0 };
    pthread_t th = spawn(alertable_delay, &a);

    (void)state;
    while (!__atomic_load_n(&a.started, __ATOMIC_SEQ_CST))
        sleep_ms(1);
    sleep_ms(30);
    apc_calls = 0;
    assert_int_equal(sync_queue_apc(a.self, 0x401000, 1, 2, 3), STATUS_SUCCESS);
    pthread_join(th, NULL);
    assert_int_equal(a.result, STATUS_USER_APC);
    assert_int_equal(apc_calls, 1);
    assert_int_equal(apc_last[0], 0x401000);
    assert_int_equal(apc_last[3], 3);
}

/* ---- keyed events ---- */

static void *keyed_release(void *p)
{
    struct waiter_arg *a = p;

    a->result = svc_NtReleaseKeyedEvent(NULL, a->h, 0, NULL);
    return NULL;
}

static void test_keyed_release_waits_for_a_waiter(void **state)
{
    static int key;
    struct waiter_arg a = { &key, -1, NULL, 0, 0 };
    LONGLONG t = -200000;
    pthread_t th = spawn(keyed_release, &a);

    (void)state;
    sleep_ms(30);
    assert_int_equal(a.result, -1); /* still blocked: nobody waits */
    assert_int_equal(svc_NtWaitForKeyedEvent(NULL, &key, 0, NULL), STATUS_SUCCESS);
    pthread_join(th, NULL);
    assert_int_equal(a.result, STATUS_SUCCESS);
    assert_int_equal(svc_NtWaitForKeyedEvent(NULL, &key, 0, &t), STATUS_TIMEOUT);
    assert_int_equal(svc_NtReleaseKeyedEvent(NULL, (char *)&key + 1, 0, &t),
                     STATUS_INVALID_PARAMETER_1);
}

/* ---- address waits ---- */

static uint32_t word;
static volatile int woken;

static void *address_waiter(void *p)
{
    uint32_t zero = 0;
    LONGLONG t = -100000000; /* 10 s */

    (void)p;
    if (svc_Wow64WaitOnAddress(&word, &zero, 4, &t) == STATUS_SUCCESS)
        __atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static bool any_woken(void *p)
{
    (void)p;
    return __atomic_load_n(&woken, __ATOMIC_SEQ_CST) > 0;
}

static void test_address_wake_single_wakes_exactly_one(void **state)
{
    pthread_t th[3];
    uint32_t other = 0;

    (void)state;
    word = 0;
    woken = 0;
    for (int i = 0; i < 3; i++)
        th[i] = spawn(address_waiter, NULL);
    sleep_ms(50);
    svc_Wow64WakeAddress(&other, 1);
    sleep_ms(20);
    assert_int_equal(woken, 0);
    word = 1;
    svc_Wow64WakeAddress(&word, 0);
    assert_true(eventually(any_woken, NULL));
    sleep_ms(50);
    assert_int_equal(woken, 1);
    svc_Wow64WakeAddress(&word, 1);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(woken, 3);
}

static void test_address_wait_compares_every_size(void **state)
{
    uint8_t b = 1, cb = 2;
    uint16_t w = 3, cw = 3;
    uint64_t q = 1ull << 40, cq = 0;
    LONGLONG t = -100000; /* 10 ms */

    (void)state;
    assert_int_equal(svc_Wow64WaitOnAddress(&b, &cb, 1, &t), STATUS_SUCCESS);
    assert_int_equal(svc_Wow64WaitOnAddress(&w, &cw, 2, &t), STATUS_TIMEOUT);
    assert_int_equal(svc_Wow64WaitOnAddress(&q, &cq, 8, &t), STATUS_SUCCESS);
    assert_int_equal(svc_Wow64WaitOnAddress(&q, &cq, 3, &t), STATUS_INVALID_PARAMETER);
    assert_int_equal(svc_Wow64WaitOnAddress(NULL, &cq, 4, &t), STATUS_ACCESS_VIOLATION);
}

/* ---- timers ---- */

static void test_timer_fires_once_and_periodically(void **state)
{
    HANDLE t = NULL;
    LONGLONG due = -200000; /* 20 ms */
    double t0 = now_ms();
    BOOLEAN cur = 9;

    (void)state;
    assert_int_equal(svc_NtCreateTimer(&t, 0, NULL, 1), STATUS_SUCCESS);
    assert_int_equal(svc_NtSetTimer(t, &due, NULL, NULL, 0, 0, NULL), STATUS_SUCCESS);
    assert_int_equal(wait1(t, 0), STATUS_TIMEOUT);
    assert_int_equal(wait1(t, 20000000), STATUS_WAIT_0);
    assert_true(now_ms() - t0 >= 19.0);
    assert_int_equal(wait1(t, 0), STATUS_TIMEOUT); /* synchronization timer */
    t0 = now_ms();
    assert_int_equal(svc_NtSetTimer(t, &due, NULL, NULL, 0, 10, NULL), STATUS_SUCCESS);
    for (int i = 0; i < 3; i++)
        assert_int_equal(wait1(t, 20000000), STATUS_WAIT_0);
    assert_true(now_ms() - t0 >= 39.0);
    assert_int_equal(svc_NtCancelTimer(t, &cur), STATUS_SUCCESS);
    assert_int_equal(svc_NtSetTimer(t, &due, NULL, NULL, 0, -1, NULL), STATUS_INVALID_PARAMETER_6);
    handle_close(t);
}

/* ---- waits that include child processes ---- */

static void child_destroy(struct nt_object *obj)
{
    free(obj);
}

/* A stand-in child: "exits" when exited is set; pidfd as given. */
static HANDLE fake_child(struct nt_child **out, int pidfd)
{
    struct nt_child *c = calloc(1, sizeof *c);
    HANDLE h = NULL;

    assert_non_null(c);
    object_init(&c->hdr, NT_OBJECT_PROCESS, child_destroy);
    c->pid = -1;
    c->pidfd = pidfd;
    c->exit_fd = -1;
    assert_int_equal(handle_alloc(&c->hdr, &h), STATUS_SUCCESS);
    *out = c;
    return h;
}

struct exit_later {
    struct nt_child *c;
    HANDLE event;
    int fd; /* written after the exit, or -1 */
};

static void *exit_later(void *p)
{
    struct exit_later *a = p;

    sleep_ms(30);
    if (a->event) {
        svc_NtSetEvent(a->event, NULL);
        return NULL;
    }
    __atomic_store_n(&a->c->exited, true, __ATOMIC_SEQ_CST);
    if (a->fd >= 0 && write(a->fd, "x", 1) != 1)
        abort();
    return NULL;
}

static void test_mixed_wait_sees_child_exit_and_events(void **state)
{
    struct nt_child *c;
    int fds[2];
    HANDLE h[2];
    struct exit_later a;
    pthread_t th;
    double t0;

    (void)state;
    /* No pidfd: the wait looks every few milliseconds. */
    h[0] = event(true, false);
    h[1] = fake_child(&c, -1);
    a = (struct exit_later){ c, NULL, -1 };
    th = spawn(exit_later, &a);
    assert_int_equal(wait_n(h, 2, WAIT_ANY, 20000000), STATUS_WAIT_0 + 1);
    pthread_join(th, NULL);
    handle_close(h[1]);

    /* A descriptor that stays quiet: an event still ends the wait
     * (through the wait's eventfd; the bound is loose for loaded hosts). */
    assert_int_equal(pipe(fds), 0);
    h[1] = fake_child(&c, fds[0]);
    a = (struct exit_later){ c, h[0], -1 };
    th = spawn(exit_later, &a);
    t0 = now_ms();
    assert_int_equal(wait_n(h, 2, WAIT_ANY, 20000000), STATUS_WAIT_0);
    assert_true(now_ms() - t0 < 2000.0);
    pthread_join(th, NULL);
    svc_NtResetEvent(h[0], NULL);

    /* The descriptor turning readable ends it too. */
    a = (struct exit_later){ c, NULL, fds[1] };
    th = spawn(exit_later, &a);
    t0 = now_ms();
    assert_int_equal(wait_n(h, 2, WAIT_ALL, 0), STATUS_TIMEOUT);
    assert_int_equal(wait_n(h + 1, 1, WAIT_ANY, 20000000), STATUS_WAIT_0);
    assert_true(now_ms() - t0 < 2000.0);
    pthread_join(th, NULL);
    handle_close(h[0]);
    handle_close(h[1]);
    close(fds[0]);
    close(fds[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wait_any_returns_lowest_signaled_index),
        cmocka_unit_test(test_wait_all_takes_everything_or_nothing),
        cmocka_unit_test(test_wait_all_refuses_one_object_twice),
        cmocka_unit_test(test_wait_checks_handles_and_counts),
        cmocka_unit_test(test_wait_times_out_after_the_timeout),
        cmocka_unit_test(test_set_event_wakes_a_blocked_waiter),
        cmocka_unit_test(test_auto_event_wakes_exactly_one_waiter),
        cmocka_unit_test(test_pulse_releases_current_waiters_and_resets),
        cmocka_unit_test(test_mutant_of_an_exited_thread_is_abandoned),
        cmocka_unit_test(test_semaphore_limit_keeps_the_count),
        cmocka_unit_test(test_signal_and_wait_signals_first),
        cmocka_unit_test(test_named_objects_open_or_clash),
        cmocka_unit_test(test_interrupt_ends_a_wait_of_a_terminating_thread),
        cmocka_unit_test(test_apc_ends_an_alertable_delay),
        cmocka_unit_test(test_keyed_release_waits_for_a_waiter),
        cmocka_unit_test(test_address_wake_single_wakes_exactly_one),
        cmocka_unit_test(test_address_wait_compares_every_size),
        cmocka_unit_test(test_timer_fires_once_and_periodically),
        cmocka_unit_test(test_mixed_wait_sees_child_exit_and_events),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
