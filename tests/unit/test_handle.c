/* The handle table (src/nt/handle.c): values and their reuse, the
 * per-handle flags, and the lock-free lookup (handle_use), whose object
 * must outlive a close made while a service still uses it, from the same
 * thread or another one, and must never be released twice or leak. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "nt/object.h"
#include "nt/thread.h"

/* ---- stand-ins: the thread list and the CPU state of each thread ---- */

pthread_mutex_t thread_lock = PTHREAD_MUTEX_INITIALIZER;
struct nt_thread *thread_list;
__thread struct cpu_thread *cpu_current_thread;

struct cpu_thread *cpu_current(void)
{
    return cpu_current_thread;
}

bool process_barrier_is_fast(void)
{
    return syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
}

bool process_barrier(void)
{
    return syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
}

/* Joins the calling thread to the thread list, as a guest thread. */
static struct nt_thread *join(void)
{
    struct nt_thread *th = calloc(1, sizeof *th);

    th->cpu = &th->own_cpu;
    th->own_cpu.thread_obj = th;
    cpu_current_thread = th->cpu;
    pthread_mutex_lock(&thread_lock);
    th->next = thread_list;
    thread_list = th;
    pthread_mutex_unlock(&thread_lock);
    return th;
}

static void leave(struct nt_thread *th)
{
    handle_thread_exit(th->cpu);
    pthread_mutex_lock(&thread_lock);
    for (struct nt_thread **p = &thread_list; *p; p = &(*p)->next)
        if (*p == th) {
            *p = th->next;
            break;
        }
    pthread_mutex_unlock(&thread_lock);
    cpu_current_thread = NULL;
    free(th);
}

/* ---- test objects: destroyed ones are poisoned, never freed ---- */

#define ALIVE 0x11A11AEu
#define DEAD 0xDEADu

struct thing {
    struct nt_object hdr;
    unsigned magic;
};

static unsigned destroyed;

static void thing_destroy(struct nt_object *obj)
{
    struct thing *t = (struct thing *)obj;

    assert_int_equal(t->magic, ALIVE); /* never twice */
    t->magic = DEAD;
    __atomic_add_fetch(&destroyed, 1, __ATOMIC_SEQ_CST);
}

static struct thing *thing_new(void)
{
    struct thing *t = calloc(1, sizeof *t);

    object_init(&t->hdr, NT_OBJECT_EVENT, thing_destroy);
    t->magic = ALIVE;
    return t;
}

static HANDLE put(struct thing *t)
{
    HANDLE h;

    assert_int_equal(handle_alloc(&t->hdr, &h), STATUS_SUCCESS);
    return h;
}

/* ---- values and flags ---- */

static void test_values_are_multiples_of_four_and_the_lowest_free_is_reused(void **state)
{
    HANDLE a = put(thing_new()), b = put(thing_new()), c = put(thing_new()), d;

    assert_int_equal((uintptr_t)a % 4, 0);
    assert_true((uintptr_t)b == (uintptr_t)a + 4 && (uintptr_t)c == (uintptr_t)b + 4);
    assert_int_equal(handle_close(b), STATUS_SUCCESS);
    d = put(thing_new());
    assert_ptr_equal(d, b);
    assert_int_equal(handle_close(b), STATUS_SUCCESS);
    assert_int_equal(handle_close(b), STATUS_INVALID_HANDLE);
    assert_int_equal(handle_close(a), STATUS_SUCCESS);
    assert_int_equal(handle_close(c), STATUS_SUCCESS);
}

static void test_bad_handles(void **state)
{
    struct nt_thread *th = join();
    HANDLE h = put(thing_new());
    NTSTATUS s;

    assert_null(handle_use(NULL, NT_OBJECT_ANY, &s));
    assert_int_equal(s, STATUS_INVALID_HANDLE);
    assert_null(handle_use((HANDLE)(uintptr_t)0xFFFFFC, NT_OBJECT_ANY, &s)); /* never allocated */
    assert_int_equal(s, STATUS_INVALID_HANDLE);
    assert_null(handle_use((HANDLE)(uintptr_t)0x7FFFFFFC, NT_OBJECT_ANY, &s)); /* past the table */
    assert_int_equal(s, STATUS_INVALID_HANDLE);
    assert_null(handle_use((HANDLE)(intptr_t)-1, NT_OBJECT_ANY, &s)); /* a pseudo-handle */
    assert_int_equal(s, STATUS_OBJECT_TYPE_MISMATCH);
    assert_null(handle_use(h, NT_OBJECT_FILE, &s));
    assert_int_equal(s, STATUS_OBJECT_TYPE_MISMATCH);
    assert_null(th->cpu->handle_hazard); /* the mismatch gave the object back */
    assert_null(handle_get((HANDLE)(uintptr_t)0xFFFFFC, NT_OBJECT_ANY, &s));
    assert_int_equal(s, STATUS_INVALID_HANDLE);
    assert_int_equal(handle_close(h), STATUS_SUCCESS);
    leave(th);
}

static void test_handle_flags(void **state)
{
    struct thing *t = thing_new();
    HANDLE h;
    ULONG f = 99;

    assert_int_equal(handle_alloc_flags(&t->hdr, 1, &h), STATUS_SUCCESS);
    assert_int_equal(handle_flags(h, &f, 0, 0), STATUS_SUCCESS);
    assert_int_equal(f, 1); /* HANDLE_FLAG_INHERIT */
    assert_int_equal(handle_flags(h, NULL, 3, 2), STATUS_SUCCESS);
    assert_int_equal(handle_flags(h, &f, 0, 0), STATUS_SUCCESS);
    assert_int_equal(f, 2); /* HANDLE_FLAG_PROTECT_FROM_CLOSE alone */
    assert_int_equal(handle_close(h), STATUS_HANDLE_NOT_CLOSABLE);
    assert_int_equal(t->magic, ALIVE);
    assert_int_equal(handle_flags(h, NULL, 2, 0), STATUS_SUCCESS);
    assert_int_equal(handle_close(h), STATUS_SUCCESS);
    assert_int_equal(t->magic, DEAD);
    assert_int_equal(handle_flags(h, &f, 0, 0), STATUS_INVALID_HANDLE);
    /* A new handle in the same slot starts without flags. */
    assert_ptr_equal(put(thing_new()), h);
    assert_int_equal(handle_flags(h, &f, 0, 0), STATUS_SUCCESS);
    assert_int_equal(f, 0);
    assert_int_equal(handle_close(h), STATUS_SUCCESS);
}

/* ---- the object of a closed handle lives while it is in use ---- */

static void test_close_by_the_user_itself_waits_for_unuse(void **state)
{
    struct nt_thread *th = join();
    struct thing *t = thing_new();
    HANDLE h = put(t);
    NTSTATUS s;

    assert_ptr_equal(handle_use(h, NT_OBJECT_EVENT, &s), &t->hdr);
    assert_ptr_equal(th->cpu->handle_hazard, &t->hdr);
    assert_int_equal(t->hdr.refs, 1); /* no reference taken */
    assert_int_equal(handle_close(h), STATUS_SUCCESS);
    assert_int_equal(t->magic, ALIVE);
    assert_null(handle_use(h, NT_OBJECT_EVENT, &s));
    assert_int_equal(s, STATUS_INVALID_HANDLE);
    handle_unuse(&t->hdr);
    assert_int_equal(t->magic, DEAD);
    leave(th);
}

static void test_nested_use_and_a_second_object(void **state)
{
    struct nt_thread *th = join();
    struct thing *a = thing_new(), *b = thing_new();
    HANDLE ha = put(a), hb = put(b);
    NTSTATUS s;

    assert_ptr_equal(handle_use(ha, NT_OBJECT_ANY, &s), &a->hdr);
    assert_ptr_equal(handle_use(ha, NT_OBJECT_ANY, &s), &a->hdr); /* nested: the same slot */
    assert_ptr_equal(handle_use(hb, NT_OBJECT_ANY, &s), &b->hdr); /* another: a reference */
    assert_int_equal(b->hdr.refs, 2);
    handle_unuse(&b->hdr);
    assert_int_equal(b->hdr.refs, 1);
    assert_int_equal(handle_close(ha), STATUS_SUCCESS);
    handle_unuse(&a->hdr);
    assert_int_equal(a->magic, ALIVE); /* the outer use goes on */
    handle_unuse(&a->hdr);
    assert_int_equal(a->magic, DEAD);
    assert_null(th->cpu->handle_hazard);
    assert_int_equal(handle_close(hb), STATUS_SUCCESS);
    assert_int_equal(b->magic, DEAD);
    leave(th);
}

/* A thread that leaves (ends) while it still uses an object gives it up. */
static void test_a_leaving_thread_gives_its_object_back(void **state)
{
    struct nt_thread *th = join();
    struct thing *t = thing_new();
    HANDLE h = put(t);
    NTSTATUS s;

    assert_non_null(handle_use(h, NT_OBJECT_ANY, &s));
    assert_int_equal(handle_close(h), STATUS_SUCCESS);
    assert_int_equal(t->magic, ALIVE);
    leave(th);
    assert_int_equal(t->magic, DEAD);
}

struct user {
    HANDLE h;
    struct thing *t;
    volatile int phase; /* 1: in use, 2: asked to finish, 3: done */
};

static void *user_main(void *arg)
{
    struct user *u = arg;
    struct nt_thread *th = join();
    NTSTATUS s;

    assert_ptr_equal(handle_use(u->h, NT_OBJECT_ANY, &s), &u->t->hdr);
    __atomic_store_n(&u->phase, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&u->phase, __ATOMIC_SEQ_CST) != 2)
        usleep(100);
    assert_int_equal(u->t->magic, ALIVE);
    handle_unuse(&u->t->hdr);
    leave(th);
    __atomic_store_n(&u->phase, 3, __ATOMIC_SEQ_CST);
    return NULL;
}

static void test_close_by_another_thread_waits_for_the_user(void **state)
{
    struct nt_thread *th = join();
    struct user u = { .t = thing_new() };
    pthread_t p;

    u.h = put(u.t);
    assert_int_equal(pthread_create(&p, NULL, user_main, &u), 0);
    while (__atomic_load_n(&u.phase, __ATOMIC_SEQ_CST) != 1)
        usleep(100);
    assert_int_equal(handle_close(u.h), STATUS_SUCCESS);
    assert_int_equal(u.t->magic, ALIVE);
    __atomic_store_n(&u.phase, 2, __ATOMIC_SEQ_CST);
    pthread_join(p, NULL);
    assert_int_equal(u.t->magic, DEAD);
    leave(th);
}

/* The close comes after the reader published the object but before it
 * checked the handle again: the close parks the object (the reader's slot
 * holds it), the reader then finds the handle gone and gives up; the
 * object must go at once, not when some later close or exit drains. */
extern void (*handle_test_after_publish)(void);
static HANDLE racing_handle;
static struct thing *racing_thing;
static volatile int racing_phase; /* 1: reader published, 2: closed */

static void *racing_closer(void *arg)
{
    struct nt_thread *th = join();

    while (__atomic_load_n(&racing_phase, __ATOMIC_SEQ_CST) != 1)
        usleep(100);
    assert_int_equal(handle_close(racing_handle), STATUS_SUCCESS);
    assert_int_equal(racing_thing->magic, ALIVE); /* parked: the reader's slot holds it */
    __atomic_store_n(&racing_phase, 2, __ATOMIC_SEQ_CST);
    leave(th);
    return NULL;
}

static void close_now(void)
{
    handle_test_after_publish = NULL; /* once */
    __atomic_store_n(&racing_phase, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&racing_phase, __ATOMIC_SEQ_CST) != 2)
        usleep(100);
}

static void test_close_between_publish_and_check(void **state)
{
    struct nt_thread *th = join();
    pthread_t closer;
    NTSTATUS s;

    racing_thing = thing_new();
    racing_handle = put(racing_thing);
    racing_phase = 0;
    assert_int_equal(pthread_create(&closer, NULL, racing_closer, NULL), 0);
    handle_test_after_publish = close_now;
    assert_null(handle_use(racing_handle, NT_OBJECT_ANY, &s));
    assert_int_equal(s, STATUS_INVALID_HANDLE);
    assert_null(th->cpu->handle_hazard);
    assert_int_equal(racing_thing->magic, DEAD); /* released by the reader, still alive */
    pthread_join(closer, NULL);
    leave(th);
}

/* Two threads look handles up without pause while a third closes and
 * makes them: no lookup ever sees a destroyed object, and in the end every
 * closed object was destroyed exactly once. */
#define SLOTS 8
static HANDLE stress_handles[SLOTS];
static volatile int stress_stop;
static unsigned long stress_uses, stress_started;

static void *stress_user(void *arg)
{
    struct nt_thread *th = join();
    unsigned seed = (unsigned)(uintptr_t)arg;

    __atomic_add_fetch(&stress_started, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&stress_stop, __ATOMIC_ACQUIRE)) {
        HANDLE h = __atomic_load_n(&stress_handles[rand_r(&seed) % SLOTS], __ATOMIC_RELAXED);
        struct thing *t;
        NTSTATUS s;

        if (!(t = (struct thing *)handle_use(h, NT_OBJECT_ANY, &s)))
            continue;
        assert_int_equal(t->magic, ALIVE);
        for (volatile int i = 0; i < (int)(seed % 64); i++)
            ;
        assert_int_equal(t->magic, ALIVE);
        handle_unuse(&t->hdr);
        __atomic_add_fetch(&stress_uses, 1, __ATOMIC_RELAXED);
    }
    leave(th);
    return NULL;
}

static void test_stress_lookups_against_closes(void **state)
{
    struct nt_thread *th = join();
    pthread_t users[2];
    unsigned before = destroyed, made = 0, seed = 7;

    for (int i = 0; i < SLOTS; i++, made++)
        stress_handles[i] = put(thing_new());
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&users[i], NULL, stress_user, (void *)(uintptr_t)(i + 1)), 0);
    while (__atomic_load_n(&stress_started, __ATOMIC_SEQ_CST) < 2)
        usleep(100);
    /* 20000 closes, and on until the users have made 10000 lookups (a
     * loaded machine may hardly run them). */
    for (int n = 0; n < 20000 || __atomic_load_n(&stress_uses, __ATOMIC_RELAXED) < 10000; n++, made++) {
        int i = rand_r(&seed) % SLOTS;

        assert_int_equal(handle_close(stress_handles[i]), STATUS_SUCCESS);
        __atomic_store_n(&stress_handles[i], put(thing_new()), __ATOMIC_RELAXED);
    }
    __atomic_store_n(&stress_stop, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < 2; i++)
        pthread_join(users[i], NULL);
    for (int i = 0; i < SLOTS; i++)
        assert_int_equal(handle_close(stress_handles[i]), STATUS_SUCCESS);
    assert_int_equal(destroyed - before, made);
    assert_true(stress_uses > 0);
    leave(th);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_are_multiples_of_four_and_the_lowest_free_is_reused),
        cmocka_unit_test(test_bad_handles),
        cmocka_unit_test(test_handle_flags),
        cmocka_unit_test(test_close_by_the_user_itself_waits_for_unuse),
        cmocka_unit_test(test_nested_use_and_a_second_object),
        cmocka_unit_test(test_a_leaving_thread_gives_its_object_back),
        cmocka_unit_test(test_close_by_another_thread_waits_for_the_user),
        cmocka_unit_test(test_close_between_publish_and_check),
        cmocka_unit_test(test_stress_lookups_against_closes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
