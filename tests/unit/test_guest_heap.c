/* The guest heap allocator (src/guest/ntdll/heap.c), run on the host with
 * mmap standing in for NtAllocateVirtualMemory, futexes for the address
 * waits and membarrier for the process-wide barrier. main runs every test
 * twice: in this process with the barrier (plain stores on the thread
 * caches' fast path), then in a child without it (xchg on the fast path). */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <unistd.h>
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

/* Threads that went to sleep on a heap lock: how the tests see that a
 * thread is blocked, without timing it. */
static int sleepers;

void heap_sys_wait(volatile int *addr, int value)
{
    __atomic_add_fetch(&sleepers, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

void heap_sys_wake(volatile int *addr)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

void **heap_sys_thread_slot(void)
{
    static __thread void *slot;

    return &slot;
}

/* membarrier, unless HEAP_TEST_FENCED is set: main runs the tests once
 * each way, the second time in a child process (the choice is made once
 * per process). */
int heap_sys_process_barrier(void)
{
    static int registered;

    if (getenv("HEAP_TEST_FENCED"))
        return -1;
    if (!registered &&
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) != 0)
        return -1;
    registered = 1;
    return syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0 ? 0 : -1;
}

/* Bytes reserved beyond the process-wide cache pool (which stays). */
static size_t reserved_by_heaps(void)
{
    return reserved_now - heap_pool_reserved();
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
    assert_int_equal(reserved_by_heaps(), 0);
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
    size_t before = reserved_by_heaps();
    char *p = heap_alloc(h, HEAPF_ZERO_MEMORY, 2 * 1024 * 1024 + 3), *q;

    (void)state;
    assert_non_null(p);
    assert_int_equal((uintptr_t)p & 7, 0);
    assert_true(reserved_by_heaps() > before);
    assert_int_equal(heap_size(h, 0, p), 2 * 1024 * 1024 + 3);
    assert_int_equal(p[2 * 1024 * 1024 + 2], 0);
    p[0] = 'x';
    assert_true(heap_validate(h, 0, p));
    /* Shrinking far below the threshold moves the block into a segment. */
    q = heap_realloc(h, 0, p, 100);
    assert_non_null(q);
    assert_int_equal(q[0], 'x');
    assert_int_equal(reserved_by_heaps(), before);
    q = heap_realloc(h, 0, q, 1024 * 1024);
    assert_int_equal(q[0], 'x');
    assert_true(heap_free(h, 0, q));
    assert_int_equal(reserved_by_heaps(), before);
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
    assert_int_equal(reserved_by_heaps(), 0);
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
    assert_int_equal(reserved_by_heaps(), 0);
}


/* ---- more behaviour: realloc, double frees, walks, thread caches ---- */

static void test_heap_realloc_in_place_grows_into_free_space_and_shrinks(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    char *a = heap_alloc(h, 0, 600), *b = heap_alloc(h, 0, 600), *c = heap_alloc(h, 0, 600);
    char *q;

    (void)state;
    memset(a, 'a', 600);
    /* b's space becomes free: a grows into it without moving. */
    assert_true(heap_free(h, 0, b));
    q = heap_realloc(h, HEAPF_REALLOC_IN_PLACE_ONLY, a, 1100);
    assert_ptr_equal(q, a);
    assert_int_equal(heap_size(h, 0, a), 1100);
    for (int i = 0; i < 600; i++)
        assert_int_equal(a[i], 'a');
    /* c is in use right after: in place fails and a is untouched. */
    assert_null(heap_realloc(h, HEAPF_REALLOC_IN_PLACE_ONLY, a, 4000));
    assert_int_equal(heap_size(h, 0, a), 1100);
    assert_int_equal(a[599], 'a');
    /* Shrinking always stays in place; the tail becomes free space. */
    assert_ptr_equal(heap_realloc(h, HEAPF_REALLOC_IN_PLACE_ONLY, a, 50), a);
    assert_int_equal(heap_size(h, 0, a), 50);
    assert_true(heap_validate(h, 0, NULL));
    /* Moving keeps the data up to the smaller size and frees the old block. */
    q = heap_realloc(h, 0, a, 9000);
    assert_non_null(q);
    for (int i = 0; i < 50; i++)
        assert_int_equal(q[i], 'a');
    assert_int_equal(heap_size(h, 0, q), 9000);
    /* A freed pointer cannot be resized. */
    assert_true(heap_free(h, 0, c));
    assert_null(heap_realloc(h, 0, c, 10));
    assert_true(heap_free(h, 0, q));
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
}

static void test_heap_zero_memory_on_the_cached_path(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    unsigned char *p = heap_alloc(h, 0, 40), *q;

    (void)state;
    memset(p, 0xee, 40);
    assert_true(heap_free(h, 0, p));
    /* The same block comes back from the thread cache, zeroed. */
    q = heap_alloc(h, HEAPF_ZERO_MEMORY, 40);
    assert_ptr_equal(q, p);
    for (int i = 0; i < 40; i++)
        assert_int_equal(q[i], 0);
    assert_int_equal(heap_size(h, 0, q), 40);
    heap_free(h, 0, q);
    heap_destroy(h);
}

/* A second free is refused wherever the block went: a thread cache, the
 * depot, the free lists (merged with a neighbour), or a fixed heap. */
static void test_heap_double_free_is_refused_everywhere(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0), *ns;
    void *small[100], *a, *b, *guard;

    (void)state;
    for (int i = 0; i < 100; i++)
        small[i] = heap_alloc(h, 0, 40);
    for (int i = 0; i < 100; i++)
        assert_true(heap_free(h, 0, small[i]));
    /* Some sit in this thread's cache, the rest in the depot. */
    for (int i = 0; i < 100; i++) {
        assert_false(heap_free(h, 0, small[i]));
        assert_int_equal(heap_size(h, 0, small[i]), (size_t)-1);
        assert_false(heap_validate(h, 0, small[i]));
    }
    a = heap_alloc(h, 0, 1000);
    b = heap_alloc(h, 0, 1000);
    guard = heap_alloc(h, 0, 1000);
    assert_true(heap_free(h, 0, a));
    assert_true(heap_free(h, 0, b));   /* merges into a's free block */
    assert_false(heap_free(h, 0, b));
    assert_false(heap_free(h, 0, a));
    assert_null(heap_realloc(h, 0, b, 10));
    assert_true(heap_free(h, 0, guard));
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);

    ns = heap_create(HEAPF_NO_SERIALIZE, 0x20000, 0);
    a = heap_alloc(ns, 0, 24);
    assert_true(heap_free(ns, 0, a));
    assert_false(heap_free(ns, 0, a));
    assert_false(heap_free(ns, 0, (char *)guard + 4));   /* misaligned */
    heap_destroy(ns);
    assert_int_equal(reserved_by_heaps(), 0);
}

struct walk_count {
    int regions, busy, free, uncommitted, large;
    size_t busy_bytes;
};

static int walk_all(struct heap *h, struct walk_count *n)
{
    struct heap_walk_entry e = { 0 };
    int r;

    memset(n, 0, sizeof(*n));
    while ((r = heap_walk(h, &e)) == 1) {
        switch (e.kind) {
        case HEAP_WALK_REGION:
            n->regions++;
            assert_true(e.committed > 0 && e.first_block && e.last_block > e.first_block);
            break;
        case HEAP_WALK_UNCOMMITTED:
            n->uncommitted++;
            break;
        case HEAP_WALK_BUSY:
            n->busy++;
            n->busy_bytes += e.size;
            if (e.region == 64)
                n->large++;
            break;
        case HEAP_WALK_FREE:
            n->free++;
            break;
        default:
            fail();
        }
    }
    return r;
}

static void test_heap_walk_reports_regions_blocks_and_large_blocks(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    struct heap_walk_entry e = { 0 };
    struct walk_count n;
    void *a = heap_alloc(h, 0, 100), *b = heap_alloc(h, 0, 2000), *c = heap_alloc(h, 0, 1 << 20);
    void *d = heap_alloc(h, 0, 30);
    int seen_b = 0;

    (void)state;
    assert_true(heap_free(h, 0, b));
    assert_true(heap_free(h, 0, d));   /* cached: still reported free */
    assert_int_equal(walk_all(h, &n), 0);
    assert_int_equal(n.regions, 1);
    assert_int_equal(n.busy, 2);
    assert_int_equal(n.large, 1);
    assert_int_equal(n.busy_bytes, 100 + (1 << 20));
    assert_true(n.free >= 1);
    assert_int_equal(n.uncommitted, 1);
    /* The first entry is the region; b lies in a free entry now (merged
     * with its neighbours). */
    assert_int_equal(heap_walk(h, &e), 1);
    assert_int_equal(e.kind, HEAP_WALK_REGION);
    while (heap_walk(h, &e) == 1)
        if (e.kind == HEAP_WALK_FREE && (char *)e.data <= (char *)b &&
            (char *)b + 2000 <= (char *)e.data + e.size)
            seen_b = 1;
    assert_true(seen_b);
    /* An entry that is not one of the heap's. */
    e.data = &e;
    e.kind = HEAP_WALK_BUSY;
    assert_int_equal(heap_walk(h, &e), -1);
    heap_free(h, 0, a);
    heap_free(h, 0, c);
    assert_int_equal(walk_all(h, &n), 0);
    assert_int_equal(n.busy, 0);
    assert_int_equal(n.large, 0);
    heap_destroy(h);
}

static void test_heap_compact_merges_and_reports_the_largest_free_block(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0x10000, 0x10000);
    void *p[200];
    size_t before, after;

    (void)state;
    before = heap_compact(h, 0);
    assert_true(before > 0x8000);
    for (int i = 0; i < 200; i++)
        p[i] = heap_alloc(h, 0, 200);
    for (int i = 0; i < 200; i++)
        heap_free(h, 0, p[i]);
    /* Everything freed, cached blocks included, merges back. */
    after = heap_compact(h, 0);
    assert_true(after >= before);
    heap_destroy(h);
}

/* Random allocations, reallocations (some in place only) and frees against
 * a shadow model: contents, sizes, no overlap, and the heap's own walk
 * listing exactly the live blocks. */
static void test_heap_matches_a_shadow_model(void **state)
{
    enum { SLOTS = 300 };
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    unsigned char *p[SLOTS] = { 0 };
    size_t len[SLOTS] = { 0 };
    uint32_t seed = 777;

    (void)state;
    for (int r = 1; r <= 40000; r++) {
        int i = (int)(rng(&seed) % SLOTS);
        uint32_t kind = rng(&seed) % 100;
        size_t size = kind < 60 ? rng(&seed) % 300 : kind < 95 ? rng(&seed) % 6000
                                                             : rng(&seed) % 600000;

        if (!p[i]) {
            assert_non_null(p[i] = heap_alloc(h, (r & 1) ? HEAPF_ZERO_MEMORY : 0, size));
            if (r & 1)
                for (size_t k = 0; k < size; k++)
                    assert_int_equal(p[i][k], 0);
            len[i] = size;
            for (size_t k = 0; k < size; k++)
                p[i][k] = (unsigned char)(i * 31 + k);
        } else {
            for (size_t k = 0; k < len[i]; k++)
                assert_int_equal(p[i][k], (unsigned char)(i * 31 + k));
            assert_int_equal(heap_size(h, 0, p[i]), len[i]);
            if (kind < 40) {
                assert_true(heap_free(h, 0, p[i]));
                p[i] = NULL;
            } else {
                unsigned flags = (kind & 1) ? HEAPF_REALLOC_IN_PLACE_ONLY : 0;
                unsigned char *q = heap_realloc(h, flags, p[i], size);

                if (!q) {
                    /* Only in place may fail, and then nothing changed. */
                    assert_true(flags & HEAPF_REALLOC_IN_PLACE_ONLY);
                    assert_int_equal(heap_size(h, 0, p[i]), len[i]);
                } else {
                    assert_true(!(flags & HEAPF_REALLOC_IN_PLACE_ONLY) || q == p[i]);
                    p[i] = q;
                    for (size_t k = len[i]; k < size; k++)
                        q[k] = (unsigned char)(i * 31 + k);
                    len[i] = size;
                }
            }
        }
        if (r % 2000 == 0) {
            struct heap_walk_entry e = { 0 };
            int live = 0, listed = 0;

            assert_true(heap_validate(h, 0, NULL));
            for (int j = 0; j < SLOTS; j++) {
                if (!p[j])
                    continue;
                live++;
                assert_true(heap_validate(h, 0, p[j]));
                for (int k = 0; k < j; k++)
                    assert_true(!p[k] || p[k] + len[k] + 8 <= p[j] || p[j] + len[j] + 8 <= p[k]);
            }
            while (heap_walk(h, &e) == 1) {
                int j;

                if (e.kind != HEAP_WALK_BUSY)
                    continue;
                listed++;
                for (j = 0; j < SLOTS && p[j] != e.data; j++)
                    ;
                assert_true(j < SLOTS);
                assert_int_equal(e.size, len[j]);
            }
            assert_int_equal(listed, live);
        }
    }
    for (int i = 0; i < SLOTS; i++)
        if (p[i])
            assert_true(heap_free(h, 0, p[i]));
    heap_destroy(h);
    assert_int_equal(reserved_by_heaps(), 0);
}

/* ---- thread caches ---- */

static sem_t ready, go;
static int alloc_done;

/* Uses the heap once (a cache with a block in it), then allocates again
 * when told: a cache hit, unless the heap is held. */
static void *alloc_when_told(void *arg)
{
    struct heap *h = arg;
    void *p = heap_alloc(h, 0, 32);

    heap_free(h, 0, p);
    sem_post(&ready);
    sem_wait(&go);
    p = heap_alloc(h, 0, 32);
    __atomic_store_n(&alloc_done, 1, __ATOMIC_SEQ_CST);
    heap_free(h, 0, p);
    heap_thread_exit();
    return NULL;
}

static void test_heap_lock_holds_back_other_threads_caches(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE, 0, 0);
    pthread_t t;

    (void)state;
    sem_init(&ready, 0, 0);
    sem_init(&go, 0, 0);
    alloc_done = 0;
    sleepers = 0;
    assert_int_equal(pthread_create(&t, NULL, alloc_when_told, h), 0);
    sem_wait(&ready);
    heap_lock(h);
    sem_post(&go);
    /* The thread either goes to sleep on the heap lock or (if exclusion
     * were broken) finishes; whichever comes first decides. */
    while (!__atomic_load_n(&sleepers, __ATOMIC_SEQ_CST) &&
           !__atomic_load_n(&alloc_done, __ATOMIC_SEQ_CST))
        sched_yield();
    assert_false(__atomic_load_n(&alloc_done, __ATOMIC_SEQ_CST));
    /* The holder still allocates (its own calls nest). */
    heap_free(h, 0, heap_alloc(h, 0, 32));
    heap_unlock(h);
    pthread_join(t, NULL);
    assert_true(alloc_done);
    assert_true(heap_validate(h, 0, NULL));
    heap_destroy(h);
    sem_destroy(&ready);
    sem_destroy(&go);
}

/* A worker that allocates from whatever heap it is told to. */
static struct heap *volatile work_heap;
static sem_t work_go, work_done;
static volatile int work_stop;

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        void *p[20];

        sem_wait(&work_go);
        if (work_stop)
            break;
        for (int i = 0; i < 20; i++)
            p[i] = heap_alloc(work_heap, 0, 56);
        for (int i = 0; i < 20; i++)
            heap_free(work_heap, 0, p[i]);
        sem_post(&work_done);
    }
    heap_thread_exit();
    return NULL;
}

static void test_heap_destroy_with_another_threads_cache_and_reuse(void **state)
{
    size_t pool = heap_pool_reserved();
    pthread_t t;

    (void)state;
    sem_init(&work_go, 0, 0);
    sem_init(&work_done, 0, 0);
    work_stop = 0;
    assert_int_equal(pthread_create(&t, NULL, worker, NULL), 0);
    /* Each round: the worker caches blocks of a new heap, which is then
     * destroyed under it; heaps often come back at the same address. */
    for (int round = 0; round < 20; round++) {
        struct walk_count n;

        work_heap = heap_create(HEAPF_GROWABLE, 0, 0);
        sem_post(&work_go);
        sem_wait(&work_done);
        assert_true(heap_validate(work_heap, 0, NULL));
        assert_int_equal(walk_all(work_heap, &n), 0);
        assert_int_equal(n.busy, 0);
        heap_destroy(work_heap);
    }
    work_stop = 1;
    sem_post(&work_go);
    pthread_join(t, NULL);
    assert_int_equal(reserved_by_heaps(), 0);
    /* Dead caches were recycled, not piled up. */
    assert_true(heap_pool_reserved() <= pool + 0x10000);
    sem_destroy(&work_go);
    sem_destroy(&work_done);
}

static struct heap *exit_heap;

static void *use_and_exit(void *arg)
{
    void *p[100];

    (void)arg;
    for (int i = 0; i < 100; i++)
        p[i] = heap_alloc(exit_heap, 0, 8 + (size_t)i * 4);
    for (int i = 0; i < 100; i++)
        heap_free(exit_heap, 0, p[i]);
    heap_thread_exit();
    /* Late work (DLL_THREAD_DETACH) still allocates, without a cache. */
    p[0] = heap_alloc(exit_heap, 0, 40);
    assert_non_null(p[0]);
    assert_true(heap_free(exit_heap, 0, p[0]));
    return NULL;
}

/* Ended threads' cached blocks go back to the heap: a hundred short-lived
 * threads do not make it grow, nor the pool; after heap_thread_exit a
 * thread still allocates. */
static void test_heap_takes_back_the_caches_of_ended_threads(void **state)
{
    size_t before, pool;
    struct walk_count n;

    (void)state;
    exit_heap = heap_create(HEAPF_GROWABLE, 0, 0);
    before = reserved_by_heaps();
    pool = heap_pool_reserved();
    for (int i = 0; i < 100; i++) {
        pthread_t t;

        assert_int_equal(pthread_create(&t, NULL, use_and_exit, NULL), 0);
        pthread_join(t, NULL);
    }
    assert_int_equal(reserved_by_heaps(), before);
    assert_true(heap_pool_reserved() <= pool + 0x10000);
    assert_true(heap_validate(exit_heap, 0, NULL));
    assert_int_equal(walk_all(exit_heap, &n), 0);
    assert_int_equal(n.busy, 0);
    heap_destroy(exit_heap);
}

static struct heap *fixed_heap;
static int fixed_count;

static void *fill_and_free(void *arg)
{
    void *p[4096];
    int n = 0;

    (void)arg;
    while (n < 4096 && (p[n] = heap_alloc(fixed_heap, 0, 100)))
        n++;
    fixed_count = n;
    while (n)
        heap_free(fixed_heap, 0, p[--n]);
    sem_post(&ready);
    sem_wait(&go);   /* stays alive, its cache full */
    heap_thread_exit();
    return NULL;
}

/* A fixed-size heap that runs out takes back what a live thread's cache
 * holds before it fails. */
static void test_heap_out_of_room_reclaims_other_threads_caches(void **state)
{
    void *p[4096];
    pthread_t t;
    int n = 0;

    (void)state;
    sem_init(&ready, 0, 0);
    sem_init(&go, 0, 0);
    fixed_heap = heap_create(0, 0x10000, 0);
    assert_int_equal(pthread_create(&t, NULL, fill_and_free, NULL), 0);
    sem_wait(&ready);
    assert_true(fixed_count > 100);
    while (n < 4096 && (p[n] = heap_alloc(fixed_heap, 0, 100)))
        n++;
    assert_int_equal(n, fixed_count);
    while (n)
        heap_free(fixed_heap, 0, p[--n]);
    sem_post(&go);
    pthread_join(t, NULL);
    assert_true(heap_validate(fixed_heap, 0, NULL));
    heap_destroy(fixed_heap);
    sem_destroy(&ready);
    sem_destroy(&go);
}

static void test_heap_no_serialize_heaps_use_no_thread_cache(void **state)
{
    struct heap *h = heap_create(HEAPF_GROWABLE | HEAPF_NO_SERIALIZE, 0, 0);
    struct walk_count n;
    void *p = heap_alloc(h, 0, 48);

    (void)state;
    assert_true(heap_free(h, 0, p));
    /* The block went straight back to the heap: the next one is it. */
    assert_ptr_equal(heap_alloc(h, 0, 48), p);
    assert_int_equal(walk_all(h, &n), 0);
    assert_int_equal(n.busy, 1);
    heap_destroy(h);
}

static struct heap *shared;

static void *stress_thread(void *arg)
{
    stress(shared, (uint32_t)(uintptr_t)arg, 20000, 0);
    heap_thread_exit();
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

/* Runs the tests; the first run also runs them again in a child process
 * with the fenced (no process barrier) protocol. */
int main(int argc, char **argv)
{
    extern char **environ;
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
        cmocka_unit_test(test_heap_realloc_in_place_grows_into_free_space_and_shrinks),
        cmocka_unit_test(test_heap_zero_memory_on_the_cached_path),
        cmocka_unit_test(test_heap_double_free_is_refused_everywhere),
        cmocka_unit_test(test_heap_walk_reports_regions_blocks_and_large_blocks),
        cmocka_unit_test(test_heap_compact_merges_and_reports_the_largest_free_block),
        cmocka_unit_test(test_heap_matches_a_shadow_model),
        cmocka_unit_test(test_heap_lock_holds_back_other_threads_caches),
        cmocka_unit_test(test_heap_destroy_with_another_threads_cache_and_reuse),
        cmocka_unit_test(test_heap_takes_back_the_caches_of_ended_threads),
        cmocka_unit_test(test_heap_out_of_room_reclaims_other_threads_caches),
        cmocka_unit_test(test_heap_no_serialize_heaps_use_no_thread_cache),
    };
    char *child_argv[] = { argv[0], NULL };
    int failed, status;
    pid_t pid;

    (void)argc;
    failed = cmocka_run_group_tests_name(getenv("HEAP_TEST_FENCED") ? "fenced thread caches"
                                                                     : "process barrier",
                                         tests, NULL, NULL);
    if (getenv("HEAP_TEST_FENCED"))
        return failed;
    setenv("HEAP_TEST_FENCED", "1", 1);
    if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, child_argv, environ) != 0 ||
        waitpid(pid, &status, 0) != pid) {
        fprintf(stderr, "cannot run the fenced pass\n");
        return 1;
    }
    return failed || !WIFEXITED(status) || WEXITSTATUS(status);
}
