/* The guest heap allocator (src/guest/ntdll/heap.c), run on the host with
 * mmap standing in for NtAllocateVirtualMemory. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "guest/ntdll/heap.h"

/* ---- the environment heap.c expects ---- */

#define MAX_RESERVATIONS 4096

static struct { void *addr; size_t size; } reservations[MAX_RESERVATIONS];
static pthread_mutex_t reservations_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t reserved_now;

void *heap_sys_reserve(size_t size)
{
    void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    int i;

    if (p == MAP_FAILED)
        return NULL;
    pthread_mutex_lock(&reservations_lock);
    for (i = 0; i < MAX_RESERVATIONS && reservations[i].addr; i++)
        ;
    assert_true(i < MAX_RESERVATIONS);
    reservations[i].addr = p;
    reservations[i].size = size;
    reserved_now += size;
    pthread_mutex_unlock(&reservations_lock);
    return p;
}

int heap_sys_commit(void *addr, size_t size, int exec)
{
    return mprotect(addr, size, PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0));
}

void heap_sys_release(void *addr)
{
    int i;

    pthread_mutex_lock(&reservations_lock);
    for (i = 0; i < MAX_RESERVATIONS; i++) {
        if (reservations[i].addr == addr) {
            munmap(addr, reservations[i].size);
            reserved_now -= reservations[i].size;
            reservations[i].addr = NULL;
            break;
        }
    }
    pthread_mutex_unlock(&reservations_lock);
    assert_true(i < MAX_RESERVATIONS);
}

void heap_sys_yield(void)
{
    sched_yield();
}

uintptr_t heap_sys_thread_id(void)
{
    static __thread char anchor;

    return (uintptr_t)&anchor;
}

/* ---- tests ---- */

static void test_heap_blocks_are_aligned_distinct_and_sized_exactly(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    void *p[64];

    (void)state;
    assert_non_null(h);
    for (int i = 0; i < 64; i++) {
        p[i] = heap_alloc(h, 0, (size_t)i);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] & 7, 0);
        assert_int_equal(heap_size(h, 0, p[i]), i);
        memset(p[i], i, (size_t)i);
        for (int j = 0; j < i; j++)
            assert_ptr_not_equal(p[i], p[j]);
    }
    for (int i = 0; i < 64; i++)
        for (int j = 0; j < i; j++)
            assert_int_equal(((unsigned char *)p[i])[j], i);
    assert_true(heap_validate(h, 0, NULL));
    assert_true(heap_validate(h, 0, p[10]));
    for (int i = 0; i < 64; i++)
        assert_true(heap_free(h, 0, p[i]));
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
    assert_int_equal(reserved_now, 0);
}

static void test_heap_free_null_succeeds_and_double_free_is_refused(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    void *p = heap_alloc(h, 0, 40), *q = heap_alloc(h, 0, 40);

    (void)state;
    assert_true(heap_free(h, 0, NULL));
    assert_true(heap_free(h, 0, p));
    assert_false(heap_free(h, 0, p));
    assert_int_equal(heap_size(h, 0, p), (size_t)-1);
    assert_true(heap_free(h, 0, q));
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
}

static void test_heap_freed_neighbours_coalesce(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    char *a = heap_alloc(h, 0, 1000), *b = heap_alloc(h, 0, 1000), *c = heap_alloc(h, 0, 1000);
    void *guard = heap_alloc(h, 0, 16), *big;

    (void)state;
    assert_true(heap_free(h, 0, a));
    assert_true(heap_free(h, 0, c));
    assert_true(heap_free(h, 0, b));
    assert_true(heap_validate(h, 0, NULL));
    /* The three merged blocks hold a request of nearly their combined size. */
    big = heap_alloc(h, 0, 3000);
    assert_ptr_equal(big, a);
    heap_free(h, 0, big);
    heap_free(h, 0, guard);
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
}

static void test_heap_zero_memory_zeroes_fresh_and_grown_bytes(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    unsigned char *p = heap_alloc(h, 0, 256);

    (void)state;
    memset(p, 0xAA, 256);
    heap_free(h, 0, p);
    p = heap_alloc(h, HEAPF_ZERO_MEMORY, 256);
    for (int i = 0; i < 256; i++)
        assert_int_equal(p[i], 0);
    memset(p, 0x55, 256);
    p = heap_realloc(h, HEAPF_ZERO_MEMORY, p, 100);
    p = heap_realloc(h, HEAPF_ZERO_MEMORY, p, 5000);
    assert_non_null(p);
    for (int i = 0; i < 100; i++)
        assert_int_equal(p[i], 0x55);
    for (int i = 100; i < 5000; i++)
        assert_int_equal(p[i], 0);
    assert_int_equal(heap_size(h, 0, p), 5000);
    heap_free(h, 0, p);
    heap_destroy(h);
}

static void test_heap_realloc_keeps_data_and_honours_in_place_only(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    char *p = heap_alloc(h, 0, 64), *blocker = heap_alloc(h, 0, 64), *q;

    (void)state;
    for (int i = 0; i < 64; i++)
        p[i] = (char)i;
    /* Shrinking stays in place. */
    assert_ptr_equal(heap_realloc(h, HEAPF_REALLOC_IN_PLACE_ONLY, p, 32), p);
    assert_int_equal(heap_size(h, 0, p), 32);
    /* Growing into the space just given up also stays in place. */
    assert_ptr_equal(heap_realloc(h, HEAPF_REALLOC_IN_PLACE_ONLY, p, 64), p);
    /* The neighbour is in use: in place is impossible, moving is allowed. */
    assert_null(heap_realloc(h, HEAPF_REALLOC_IN_PLACE_ONLY, p, 4096));
    assert_int_equal(heap_size(h, 0, p), 64);
    q = heap_realloc(h, 0, p, 4096);
    assert_non_null(q);
    assert_ptr_not_equal(q, p);
    for (int i = 0; i < 32; i++)
        assert_int_equal(q[i], i);
    assert_null(heap_realloc(h, 0, NULL, 10));
    heap_free(h, 0, q);
    heap_free(h, 0, blocker);
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
}

static void test_heap_large_blocks_get_their_own_mapping(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    size_t before = reserved_now;
    char *p = heap_alloc(h, HEAPF_ZERO_MEMORY, 2 * 1024 * 1024 + 3), *q;

    (void)state;
    assert_non_null(p);
    assert_int_equal((uintptr_t)p & 7, 0);
    assert_true(reserved_now > before);
    assert_int_equal(heap_size(h, 0, p), 2 * 1024 * 1024 + 3);
    assert_int_equal(p[2 * 1024 * 1024 + 2], 0);
    p[0] = 'x';
    assert_true(heap_validate(h, 0, p));
    /* Shrinking far below the threshold moves the block into a segment. */
    q = heap_realloc(h, 0, p, 100);
    assert_non_null(q);
    assert_int_equal(q[0], 'x');
    assert_int_equal(reserved_now, before);
    q = heap_realloc(h, 0, q, 1024 * 1024);
    assert_int_equal(q[0], 'x');
    assert_true(heap_free(h, 0, q));
    assert_int_equal(reserved_now, before);
    heap_destroy(h);
}

static void test_heap_grows_segments_and_fixed_heaps_do_not(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0x10000, 0), *f;
    void *p[200];
    int n = 0;

    (void)state;
    for (int i = 0; i < 200; i++)
        assert_non_null(p[i] = heap_alloc(h, 0, 100000));
    assert_true(heap_validate(h, 0, NULL));
    for (int i = 0; i < 200; i += 2)
        heap_free(h, 0, p[i]);
    for (int i = 1; i < 200; i += 2)
        heap_free(h, 0, p[i]);
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);

    f = heap_create(0, 0x40000, 0);
    assert_non_null(f);
    assert_null(heap_alloc(f, 0, 0x100000));
    while (n < 200 && (p[n] = heap_alloc(f, 0, 10000)))
        n++;
    assert_true(n > 10 && n < 30);
    assert_true(heap_validate(f, 0, NULL));
    heap_destroy(f);
    assert_int_equal(reserved_now, 0);
}

static uint32_t rng(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Random allocations, frees and reallocations against a shadow model. */
static void stress(struct heap *h, uint32_t seed, int rounds, int check)
{
    enum { SLOTS = 512 };
    unsigned char *p[SLOTS] = { 0 };
    size_t len[SLOTS] = { 0 };

    for (int r = 0; r < rounds; r++) {
        int i = (int)(rng(&seed) % SLOTS);
        uint32_t kind = rng(&seed) % 100;
        size_t size = kind < 70 ? rng(&seed) % 128 : kind < 97 ? rng(&seed) % 8192
                                                             : rng(&seed) % 700000;

        if (p[i]) {
            for (size_t k = 0; k < len[i]; k++)
                assert_int_equal(p[i][k], (unsigned char)(i + k));
            if (rng(&seed) & 1) {
                unsigned char *q = heap_realloc(h, 0, p[i], size);

                assert_non_null(q);
                p[i] = q;
                for (size_t k = len[i]; k < size; k++)
                    q[k] = (unsigned char)(i + k);
                len[i] = size;
                continue;
            }
            assert_true(heap_free(h, 0, p[i]));
            p[i] = NULL;
            continue;
        }
        assert_non_null(p[i] = heap_alloc(h, 0, size));
        assert_int_equal(heap_size(h, 0, p[i]), size);
        len[i] = size;
        for (size_t k = 0; k < size; k++)
            p[i][k] = (unsigned char)(i + k);
        if (check && r % 500 == 0)
            assert_true(heap_validate(h, 0, NULL));
    }
    for (int i = 0; i < SLOTS; i++)
        if (p[i])
            assert_true(heap_free(h, 0, p[i]));
}

static void test_heap_survives_random_use(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);

    (void)state;
    stress(h, 12345, 30000, 1);
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
    assert_int_equal(reserved_now, 0);
}

static struct heap *shared;

static void *stress_thread(void *arg)
{
    stress(shared, (uint32_t)(uintptr_t)arg, 20000, 0);
    return NULL;
}

static void test_heap_is_thread_safe(void **state)
{
    pthread_t t[4];

    (void)state;
    shared = heap_create(HEAPF_GROWABLE, 0, 0);
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, stress_thread, (void *)(i * 7919 + 1)), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    assert_true(heap_validate(shared, 0, NULL));
    heap_lock(shared);
    heap_lock(shared);   /* recursive for the holder */
    assert_non_null(heap_alloc(shared, 0, 10));
    heap_unlock(shared);
    heap_unlock(shared);
    heap_destroy(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_blocks_are_aligned_distinct_and_sized_exactly),
        cmocka_unit_test(test_heap_free_null_succeeds_and_double_free_is_refused),
        cmocka_unit_test(test_heap_freed_neighbours_coalesce),
        cmocka_unit_test(test_heap_zero_memory_zeroes_fresh_and_grown_bytes),
        cmocka_unit_test(test_heap_realloc_keeps_data_and_honours_in_place_only),
        cmocka_unit_test(test_heap_large_blocks_get_their_own_mapping),
        cmocka_unit_test(test_heap_grows_segments_and_fixed_heaps_do_not),
        cmocka_unit_test(test_heap_survives_random_use),
        cmocka_unit_test(test_heap_is_thread_safe),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
