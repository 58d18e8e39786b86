/* The heap allocator: boundary-tagged blocks in reserved-then-committed
 * segments, segregated free lists (exact 8-byte classes for small blocks,
 * four sub-ranges per power of two above), coalescing on free, a virtual
 * allocation of its own for every large block, and in front of all that a
 * cache of small free blocks per thread and heap.
 *
 * Block layout (8-byte header, payload 8-byte aligned as Windows guarantees
 * on x86):
 *   prev_free  size of the previous block when that block is free, else 0
 *   info       block size (multiple of 8, header included) | B_* flags |
 *              unused tail bytes << EXTRA_SHIFT (for heap_size)
 * A free block keeps its list links in its payload. Every segment ends with
 * a zero-size "used" sentinel header at the committed end, so a block always
 * has a successor and never merges past the end. Invariant: no two adjacent
 * blocks are free. Who writes what: a block's info word is written only by
 * whoever owns the block (the backend under the heap lock for free blocks,
 * the thread holding it otherwise); prev_free only by the backend, under
 * the lock. Thread caches change info words without the lock, so a block's
 * "previous is free" state cannot live in its info word.
 *
 * Small blocks (up to FAST_MAX) are not merged when freed: they stay
 * "used" to their neighbours, marked as cached by EXTRA_FAST in the
 * unused-bytes field, and sit on a LIFO list per size: first the freeing
 * thread's cache (no lock), then the heap's depot lists (under the lock),
 * which are merged back into the free lists before the heap grows.
 *
 * Locking. The heap lock is a word: 0 free, 1 held, 2 held with sleepers;
 * one locked instruction to take it and one to drop it when uncontended,
 * a short spin, then a sleep on the address (heap_sys_wait). A thread
 * cache is used without the heap lock, under a Dekker-style protocol:
 *   owner:     busy = 1; if heap->excl: busy = 0 and take the slow path;
 *              else use the cache; busy = 0.
 *   exclusive: (heap lock held) excl = 1, then wait until every cache of
 *              the heap has busy == 0.
 * Each side stores and then loads, so each needs a full barrier between
 * the two. When the environment offers a process-wide barrier
 * (heap_sys_process_barrier: membarrier on the host), the exclusive side,
 * which is rare, pays for both: it calls that barrier after its store, and
 * the owner's store is a plain one (no locked instruction on the fast
 * path). Without it the owner's store is an xchg, one locked instruction
 * per call. Either way no owner is inside its cache afterwards, and later
 * calls see excl and queue on the heap lock. HeapLock, HeapWalk,
 * HeapValidate, HeapCompact and HeapDestroy take the heap exclusively; so
 * does the allocator before it gives up for want of memory (to reclaim
 * what caches hold). The owner may also change its own cache while it
 * holds the heap lock, since exclusive holders hold that lock too. An
 * owner never blocks with busy == 1.
 *
 * Cache bookkeeping (struct tcache, and the per-thread struct tstate that
 * lists a thread's caches) comes from a process-wide pool that is never
 * released, so either side may touch it whatever happens to the other:
 * HeapDestroy marks the caches of a destroyed heap dead and their owners
 * recycle them; an exiting thread marks its caches orphaned and the heap
 * takes over their blocks. A compare-and-swap on the cache's state decides
 * which side recycles it. */
#include "heap.h"

#define HDR 8u
#define ALIGN 8u
#define PAGE 0x1000u
#define GRANULE 0x10000u              /* allocation granularity */
#define COMMIT_STEP 0x10000u          /* commit at least this much at a time */
#define SEGMENT_MAX 0x2000000u        /* 32 MiB: block sizes must fit SIZE_MASK */
#define DEFAULT_RESERVE 0x100000u     /* 1 MiB first segment for growable heaps */
#define FIXED_DEFAULT_RESERVE 0x40000u /* 64 pages, as RtlCreateHeap without a size */

#define B_USED 1u
#define B_LARGE 4u
#define SIZE_MASK 0x03FFFFF8u
#define EXTRA_SHIFT 26            /* 6 bits: up to 2 * MIN_BLOCK - HDR unused bytes */

#define EXTRA_FAST 63u                /* unused-bytes value of a cached block */
#define FAST_MAX 512u                 /* largest block size that is cached */
#define NFAST (FAST_MAX / ALIGN + 1)

#define TC_BYTES 2048u                /* what one size may cache per thread... */
#define TC_MIN 4u                     /* ...within these counts */
#define TC_MAX 32u
#define NSLOTS 4                      /* caches a thread keeps (heaps it uses) */
#define SPINS 100                     /* pauses before sleeping on a lock */
#define LINE 64u                      /* cache line: no two caches share one */

#define HEAP_MAGIC 0x70616548u        /* "Heap" */

#define ROUND_UP(x, a) (((x) + ((a) - 1)) & ~(size_t)((a) - 1))

struct block {
    uint32_t prev_free;
    uint32_t info;
};

struct free_block {
    struct block hdr;
    struct free_block *next;
    struct free_block *prev;
};

#define MIN_BLOCK ROUND_UP(sizeof(struct free_block), ALIGN)
#define SMALL_MAX 1024u               /* exact classes up to this block size */
#define NEXACT (SMALL_MAX / ALIGN + 1)
#define NBINS (NEXACT + 16 * 4)       /* log2 classes for 2^10 .. 2^25 */
#define NWORDS ((NBINS + 31) / 32)

_Static_assert(HDR == sizeof(struct block), "block header is 8 bytes");
_Static_assert(SEGMENT_MAX <= SIZE_MASK, "segment blocks fit the size field");
_Static_assert(2 * MIN_BLOCK - HDR < EXTRA_FAST, "unused tail fits its field below EXTRA_FAST");
_Static_assert(EXTRA_FAST < (1u << (32 - EXTRA_SHIFT)), "EXTRA_FAST fits the field");
_Static_assert(TC_MAX < 256, "cache counts fit a byte");

struct segment {
    struct segment *next;
    size_t reserved;                  /* bytes reserved at this address */
    size_t committed;                 /* bytes committed from the start */
    size_t first;                     /* offset of the first block */
};

/* A large block: its own reservation, this header, then the usual block
 * header (B_USED|B_LARGE) so that pointers are recognised the same way. */
struct large {
    struct large *next;
    struct large *prev;
    size_t reserved;
    size_t request;
};

#define LARGE_HDR ROUND_UP(sizeof(struct large) + HDR, ALIGN)

enum { TC_LIVE, TC_ORPHAN, TC_DEAD };

/* One thread's cache of small free blocks of one heap. */
struct tcache {
    int busy;                         /* the owner is inside a cache operation */
    int state;                        /* TC_LIVE, TC_ORPHAN (owner gone), TC_DEAD (heap gone) */
    struct heap *heap;                /* NULL once the heap is destroyed */
    struct tcache *next;              /* in heap->tcaches; the pool's free list */
    struct free_block *bin[NFAST];    /* singly linked through next */
    uint8_t count[NFAST];
};

/* A thread's caches, one per heap it uses (at most NSLOTS). */
struct tstate {
    struct tcache *tc[NSLOTS];
    struct tstate *next;              /* the pool's free list */
};

struct heap {
    /* What every fast-path call reads, on a line of its own that other
     * threads' locking does not dirty. */
    uint32_t magic;
    unsigned flags;
    int excl;                         /* an exclusive hold stops the caches */
    int lock __attribute__((aligned(LINE))); /* 0 free, 1 held, 2 held with sleepers */
    unsigned excl_depth;              /* nested exclusive holds (lock held) */
    uintptr_t owner;                  /* thread holding HeapLock, 0 if none */
    unsigned depth;                   /* holds by that thread */
    struct tcache *tcaches;           /* every cache of this heap (under the lock) */
    struct segment *segments;         /* the first one holds this struct */
    struct segment *tail;             /* the newest segment: grows first */
    struct large *large;
    size_t max_total;                 /* bytes of segments allowed; 0: unlimited */
    size_t total;                     /* bytes of segments reserved */
    size_t next_reserve;              /* size of the next segment */
    unsigned fast_count;              /* blocks on the depot lists */
    uint32_t bitmap[NWORDS];          /* nonempty bins */
    struct free_block *bins[NBINS];
    struct free_block *fast[NFAST];   /* the depot: singly linked through next */
};

/* How many blocks of each size a thread cache keeps. */
static uint8_t tc_limit[NFAST];

/* 1: the exclusive side uses heap_sys_process_barrier, the owners plain
 * stores; 0: the owners use xchg. Set by the first heap_create, before
 * any cache exists, and never changed. */
static int asymmetric;
static int protocol_chosen;

/* ---- block helpers ---- */

/* Info words are read by neighbours while their owner may write them. */
static inline uint32_t info_get(const struct block *b)
{
    return __atomic_load_n(&b->info, __ATOMIC_RELAXED);
}

static inline void info_set(struct block *b, uint32_t info)
{
    __atomic_store_n(&b->info, info, __ATOMIC_RELAXED);
}

static inline uint32_t bsize(const struct block *b)
{
    return info_get(b) & SIZE_MASK;
}

static inline struct block *bnext(struct block *b)
{
    return (struct block *)((char *)b + bsize(b));
}

static inline struct block *hdr_of(const void *p)
{
    /* Integer arithmetic: callers may pass NULL (checked after), and
     * NULL - HDR as pointer arithmetic is undefined. */
    return (struct block *)((uintptr_t)p - HDR);
}

static inline void *payload(struct block *b)
{
    return (char *)b + HDR;
}

static inline unsigned extra_of(uint32_t info)
{
    return info >> EXTRA_SHIFT;
}

static inline size_t requested(const struct block *b)
{
    uint32_t info = info_get(b);

    return (info & SIZE_MASK) - HDR - extra_of(info);
}

static inline void set_used(struct block *b, uint32_t size, size_t req)
{
    info_set(b, size | B_USED | (uint32_t)(size - HDR - req) << EXTRA_SHIFT);
}

/* Marks a used block as cached (free to the program, used to the backend). */
static inline void set_cached(struct block *b, uint32_t size)
{
    info_set(b, size | B_USED | EXTRA_FAST << EXTRA_SHIFT);
}

static inline int is_cached(uint32_t info)
{
    return extra_of(info) == EXTRA_FAST;
}

static inline unsigned bin_index(size_t size)
{
    unsigned lg;

    if (size <= SMALL_MAX)
        return (unsigned)(size / ALIGN);
    lg = 31u - (unsigned)__builtin_clz((unsigned)size);
    return NEXACT + (lg - 10) * 4 + (unsigned)((size >> (lg - 2)) & 3);
}

static void bin_insert(struct heap *h, struct free_block *fb)
{
    unsigned i = bin_index(bsize(&fb->hdr));

    fb->prev = NULL;
    fb->next = h->bins[i];
    if (fb->next)
        fb->next->prev = fb;
    h->bins[i] = fb;
    h->bitmap[i / 32] |= 1u << (i % 32);
}

static void bin_remove(struct heap *h, struct free_block *fb)
{
    if (fb->prev) {
        fb->prev->next = fb->next;
    } else {
        unsigned i = bin_index(bsize(&fb->hdr));

        h->bins[i] = fb->next;
        if (!fb->next)
            h->bitmap[i / 32] &= ~(1u << (i % 32));
    }
    if (fb->next)
        fb->next->prev = fb->prev;
}

/* The first nonempty bin at or after i, or -1. */
static int bin_find(const struct heap *h, unsigned i)
{
    unsigned w = i / 32;
    uint32_t m;

    if (w >= NWORDS)
        return -1;
    m = h->bitmap[w] & (~0u << (i % 32));
    while (!m) {
        if (++w >= NWORDS)
            return -1;
        m = h->bitmap[w];
    }
    return (int)(w * 32 + (unsigned)__builtin_ctz(m));
}

/* Marks free block b (already out of the bins) as a used block of need
 * bytes holding req bytes, returning any worthwhile tail to the bins. */
static void carve(struct heap *h, struct block *b, uint32_t need, size_t req)
{
    uint32_t size = bsize(b);
    struct block *next;

    if (size - need >= MIN_BLOCK) {
        struct block *rest = (struct block *)((char *)b + need);
        uint32_t rsize = size - need;

        rest->prev_free = 0;
        info_set(rest, rsize);
        next = (struct block *)((char *)rest + rsize);
        next->prev_free = rsize;
        bin_insert(h, (struct free_block *)rest);
        size = need;
    } else {
        next = (struct block *)((char *)b + size);
        next->prev_free = 0;
    }
    set_used(b, size, req);
}

/* Frees block b's memory into the bins, merging it with free neighbours.
 * Headers swallowed by a merge are cleared, so that a second free of the
 * same pointer is recognised. */
static void release_block(struct heap *h, struct block *b)
{
    uint32_t size = bsize(b), ninfo;
    struct block *next = (struct block *)((char *)b + size);

    ninfo = info_get(next);
    if (!(ninfo & B_USED)) {
        bin_remove(h, (struct free_block *)next);
        size += ninfo & SIZE_MASK;
        info_set(next, 0);
    }
    if (b->prev_free) {
        struct block *prev = (struct block *)((char *)b - b->prev_free);

        bin_remove(h, (struct free_block *)prev);
        size += bsize(prev);
        info_set(b, 0);
        b = prev;
    }
    info_set(b, size);
    next = (struct block *)((char *)b + size);
    next->prev_free = size;
    bin_insert(h, (struct free_block *)b);
}

static inline void depot_push(struct heap *h, struct block *b)
{
    struct free_block *fb = (struct free_block *)b;
    unsigned i = bsize(b) / ALIGN;

    set_cached(b, bsize(b));
    fb->next = h->fast[i];
    h->fast[i] = fb;
    h->fast_count++;
}

/* ---- the pool of cache bookkeeping ---- */

static struct {
    int lock;
    struct tcache *free_tc;
    struct tstate *free_ts;
    char *cur, *end;
    size_t reserved;
} pool;

/* ---- locking ---- */

static inline int lockword_try(int *w)
{
    int zero = 0;

    return __atomic_compare_exchange_n(w, &zero, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Spins briefly, then sleeps; the word says 2 while anyone may sleep, so
 * that the holder knows to wake one. */
static void lockword_wait(int *w)
{
    for (int i = 0; i < SPINS; i++) {
        __builtin_ia32_pause();
        if (!__atomic_load_n(w, __ATOMIC_RELAXED) && lockword_try(w))
            return;
    }
    while (__atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE))
        heap_sys_wait(w, 2);
}

static inline void lockword_acquire(int *w)
{
    if (!lockword_try(w))
        lockword_wait(w);
}

static inline void lockword_release(int *w)
{
    if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2)
        heap_sys_wake(w);
}

/* The heap lock. Only HeapLock records its owner (and how often it holds
 * the lock), which is what lets the holder of HeapLock call the heap again
 * without deadlocking. */
static void lock_raw(struct heap *h)
{
    if (lockword_try(&h->lock))
        return;
    if (__atomic_load_n(&h->owner, __ATOMIC_RELAXED) == heap_sys_thread_id()) {
        h->depth++;
        return;
    }
    lockword_wait(&h->lock);
}

static void unlock_raw(struct heap *h)
{
    if (h->depth && --h->depth)
        return;
    __atomic_store_n(&h->owner, 0, __ATOMIC_RELAXED);
    lockword_release(&h->lock);
}

static inline void lock(struct heap *h, unsigned flags)
{
    if (!(flags & HEAPF_NO_SERIALIZE))
        lock_raw(h);
}

static inline void unlock(struct heap *h, unsigned flags)
{
    if (!(flags & HEAPF_NO_SERIALIZE))
        unlock_raw(h);
}

/* With the heap lock held: stops every cache of the heap (see the top). */
static void excl_push(struct heap *h)
{
    struct tcache *tc;

    if (h->excl_depth++)
        return;
    __atomic_store_n(&h->excl, 1, __ATOMIC_SEQ_CST);
    /* Every owner now either shows busy == 1 or sees excl == 1. */
    if (asymmetric && h->tcaches)
        heap_sys_process_barrier();
    for (tc = h->tcaches; tc; tc = tc->next) {
        for (int i = 0; __atomic_load_n(&tc->busy, __ATOMIC_ACQUIRE); i++) {
            if (i < SPINS)
                __builtin_ia32_pause();
            else
                heap_sys_yield();   /* the owner was preempted inside */
        }
    }
}

static void excl_pop(struct heap *h)
{
    if (!--h->excl_depth)
        __atomic_store_n(&h->excl, 0, __ATOMIC_RELEASE);
}

/* Takes h exclusively unless flags say the caller serializes. */
static void excl_enter(struct heap *h, unsigned flags)
{
    if (flags & HEAPF_NO_SERIALIZE)
        return;
    lock_raw(h);
    excl_push(h);
}

static void excl_leave(struct heap *h, unsigned flags)
{
    if (flags & HEAPF_NO_SERIALIZE)
        return;
    excl_pop(h);
    unlock_raw(h);
}

void heap_lock(struct heap *h)
{
    excl_enter(h, 0);
    if (!h->depth) {
        __atomic_store_n(&h->owner, heap_sys_thread_id(), __ATOMIC_RELAXED);
        h->depth = 1;
    }
}

void heap_unlock(struct heap *h)
{
    if (__atomic_load_n(&h->owner, __ATOMIC_RELAXED) == heap_sys_thread_id())
        excl_leave(h, 0);
}

/* ---- the pool ---- */

static void *pool_carve(size_t size)
{
    void *p;

    if (!pool.cur || (size_t)(pool.end - pool.cur) < size) {
        char *chunk = heap_sys_reserve(GRANULE);

        if (!chunk)
            return NULL;
        if (heap_sys_commit(chunk, GRANULE, 0)) {
            heap_sys_release(chunk);
            return NULL;
        }
        pool.reserved += GRANULE;
        pool.cur = chunk;
        pool.end = chunk + GRANULE;
    }
    p = pool.cur;
    pool.cur += size;
    return p;
}

static struct tcache *pool_get_tc(void)
{
    struct tcache *tc;

    lockword_acquire(&pool.lock);
    if ((tc = pool.free_tc))
        pool.free_tc = tc->next;
    else
        tc = pool_carve(ROUND_UP(sizeof(*tc), LINE));
    lockword_release(&pool.lock);
    if (tc)
        __builtin_memset(tc, 0, sizeof(*tc));
    return tc;
}

static void pool_put_tc(struct tcache *tc)
{
    lockword_acquire(&pool.lock);
    tc->next = pool.free_tc;
    pool.free_tc = tc;
    lockword_release(&pool.lock);
}

static struct tstate *pool_get_ts(void)
{
    struct tstate *ts;

    lockword_acquire(&pool.lock);
    if ((ts = pool.free_ts))
        pool.free_ts = ts->next;
    else
        ts = pool_carve(ROUND_UP(sizeof(*ts), LINE));
    lockword_release(&pool.lock);
    if (ts)
        __builtin_memset(ts, 0, sizeof(*ts));
    return ts;
}

static void pool_put_ts(struct tstate *ts)
{
    lockword_acquire(&pool.lock);
    ts->next = pool.free_ts;
    pool.free_ts = ts;
    lockword_release(&pool.lock);
}

size_t heap_pool_reserved(void)
{
    size_t n;

    lockword_acquire(&pool.lock);
    n = pool.reserved;
    lockword_release(&pool.lock);
    return n;
}

/* ---- thread caches ---- */

#if defined(_WIN32) && defined(__i386__)
/* The guest: the thread's state hangs off TEB offset 0xFA8, Windows'
 * HeapVirtualAffinity/LowFragHeapDataSlot, the word Windows' own heap keeps
 * per thread for its front end. One fs-relative load on the fast path. */
static inline struct tstate *ts_get(void)
{
    struct tstate *ts;

    __asm__ volatile("movl %%fs:0xFA8, %0" : "=r"(ts));
    return ts;
}

static inline void ts_set(struct tstate *ts)
{
    __asm__ volatile("movl %0, %%fs:0xFA8" : : "r"(ts) : "memory");
}
#else
static inline struct tstate *ts_get(void)
{
    return *heap_sys_thread_slot();
}

static inline void ts_set(struct tstate *ts)
{
    *heap_sys_thread_slot() = ts;
}
#endif

/* The calling thread's cache of h, or NULL. The fast paths look at the
 * first slot only; this moves a hit to the front. */
static struct tcache *tcache_find(const struct heap *h)
{
    struct tstate *ts = ts_get();

    if (!ts)
        return NULL;
    for (int i = 0; i < NSLOTS; i++) {
        struct tcache *tc = ts->tc[i];

        if (tc && __atomic_load_n(&tc->heap, __ATOMIC_RELAXED) == h) {
            ts->tc[i] = ts->tc[0];
            ts->tc[0] = tc;
            return tc;
        }
    }
    return NULL;
}

/* The fast paths' lookup: the first slot's cache if it is h's. */
static inline struct tcache *tcache_first(const struct heap *h)
{
    struct tstate *ts = ts_get();
    struct tcache *tc;

    if (__builtin_expect(!ts, 0) || !(tc = ts->tc[0]) ||
        __atomic_load_n(&tc->heap, __ATOMIC_RELAXED) != h)
        return NULL;
    return tc;
}

static inline void tc_enter(struct tcache *tc)
{
    if (asymmetric) {
        /* The exclusive side's process-wide barrier orders this store
         * before the load of excl that follows; keep the compiler from
         * reordering them. */
        __atomic_store_n(&tc->busy, 1, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    } else {
        __atomic_exchange_n(&tc->busy, 1, __ATOMIC_SEQ_CST);
    }
}

static inline void tc_leave(struct tcache *tc)
{
    __atomic_store_n(&tc->busy, 0, __ATOMIC_RELEASE);
}

/* The owner lets go of its cache: the heap takes it over, or, when the
 * heap is gone already, the cache goes back to the pool. */
static void tcache_release(struct tcache *tc)
{
    int live = TC_LIVE;

    if (!__atomic_compare_exchange_n(&tc->state, &live, TC_ORPHAN, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        pool_put_tc(tc);
}

/* With the lock held (and the cache's owner out of it): moves every block
 * of tc to the depot. */
static void tcache_drain(struct heap *h, struct tcache *tc)
{
    for (unsigned c = 0; c < NFAST; c++) {
        struct free_block *fb = tc->bin[c], *next;

        for (; fb; fb = next) {
            next = fb->next;
            fb->next = h->fast[c];
            h->fast[c] = fb;
            h->fast_count++;
        }
        tc->bin[c] = NULL;
        tc->count[c] = 0;
    }
}

/* With the lock held: takes over the caches of threads that ended. */
static void reclaim_orphans(struct heap *h)
{
    struct tcache **pp = &h->tcaches, *tc;

    while ((tc = *pp)) {
        if (__atomic_load_n(&tc->state, __ATOMIC_ACQUIRE) == TC_ORPHAN) {
            tcache_drain(h, tc);
            *pp = tc->next;
            pool_put_tc(tc);
        } else {
            pp = &tc->next;
        }
    }
}

/* The state of a thread that has called heap_thread_exit: no caches,
 * and no new ones (what it still frees or allocates, for instance in its
 * DLL_THREAD_DETACH notifications, takes the locked path). */
static struct tstate exited;

/* A cache of h for the calling thread (which has none); NULL if the pool
 * is out of memory or the thread is ending. The heap lock must not be
 * held. */
static struct tcache *tcache_create(struct heap *h)
{
    struct tstate *ts = ts_get();
    struct tcache *tc;
    int slot = -1;

    if (ts == &exited)
        return NULL;
    if (!ts) {
        if (!(ts = pool_get_ts()))
            return NULL;
        ts_set(ts);
    }
    for (int i = 0; i < NSLOTS; i++) {
        tc = ts->tc[i];
        if (tc && __atomic_load_n(&tc->state, __ATOMIC_ACQUIRE) == TC_DEAD) {
            pool_put_tc(tc);
            ts->tc[i] = tc = NULL;
        }
        if (!tc && slot < 0)
            slot = i;
    }
    if (slot < 0) {
        /* Every slot in use: the last one makes room (the first ones tend
         * to hold the process heap). */
        slot = NSLOTS - 1;
        tcache_release(ts->tc[slot]);
        ts->tc[slot] = NULL;
    }
    if (!(tc = pool_get_tc()))
        return NULL;
    tc->heap = h;
    tc->state = TC_LIVE;
    /* Linked under the lock before first use, so that exclusive holders
     * always see it. */
    lock_raw(h);
    reclaim_orphans(h);
    tc->next = h->tcaches;
    h->tcaches = tc;
    unlock_raw(h);
    ts->tc[slot] = ts->tc[0];
    ts->tc[0] = tc;
    return tc;
}

void heap_thread_exit(void)
{
    struct tstate *ts = ts_get();

    ts_set(&exited);
    if (!ts || ts == &exited)
        return;
    for (int i = 0; i < NSLOTS; i++)
        if (ts->tc[i])
            tcache_release(ts->tc[i]);
    pool_put_ts(ts);
}

/* ---- segments ---- */

static inline struct block *sentinel(struct segment *s)
{
    return (struct block *)((char *)s + s->committed - HDR);
}

/* Lays out a fresh segment whose first `committed` bytes are usable:
 * one free block (not yet in the bins) and the end sentinel. */
static struct block *segment_init(struct segment *s, size_t first, size_t reserved,
                                  size_t committed)
{
    struct block *b = (struct block *)((char *)s + first);
    struct block *end;

    s->next = NULL;
    s->reserved = reserved;
    s->committed = committed;
    s->first = first;
    b->prev_free = 0;
    info_set(b, (uint32_t)(committed - first - HDR));
    end = sentinel(s);
    end->prev_free = bsize(b);
    info_set(end, B_USED);
    return b;
}

/* Commits more of segment s so that its last free block reaches need
 * bytes; returns that block out of the bins, or NULL. */
static struct block *segment_extend(struct heap *h, struct segment *s, uint32_t need, int exec)
{
    struct block *end = sentinel(s), *b;
    size_t tail = end->prev_free;
    size_t room = s->reserved - s->committed, grow;

    if (tail + room < need || !room)
        return NULL;
    grow = need > tail ? ROUND_UP(need - tail, COMMIT_STEP) : COMMIT_STEP;
    if (grow > room)
        grow = room;
    if (heap_sys_commit((char *)s + s->committed, grow, exec))
        return NULL;
    /* The old sentinel becomes the header of the new free space; its
     * prev_free (the free tail, or 0) stays right. */
    b = end;
    info_set(b, (uint32_t)grow);
    s->committed += grow;
    if (tail) {
        b = (struct block *)((char *)b - tail);
        bin_remove(h, (struct free_block *)b);
        info_set(end, 0);
        info_set(b, (uint32_t)(tail + grow));
    }
    end = sentinel(s);
    end->prev_free = bsize(b);
    info_set(end, B_USED);
    return b;
}

/* Adds a segment big enough for a need-byte block; returns that block. */
static struct block *segment_add(struct heap *h, uint32_t need, int exec)
{
    size_t first = ROUND_UP(sizeof(struct segment), ALIGN);
    size_t min = ROUND_UP(first + need + HDR, GRANULE);
    size_t size = h->next_reserve, commit;
    struct segment *s;

    if (size > SEGMENT_MAX)
        size = SEGMENT_MAX;
    if (size < min)
        size = min;
    if (h->max_total) {
        size_t left = h->total < h->max_total ? h->max_total - h->total : 0;

        if (left < min)
            return NULL;
        if (size > left)
            size = left & ~(size_t)(GRANULE - 1);
    }
    if (!(s = heap_sys_reserve(size)))
        return NULL;
    commit = ROUND_UP(first + need + HDR, COMMIT_STEP);
    if (commit > size)
        commit = size;
    if (heap_sys_commit(s, commit, exec)) {
        heap_sys_release(s);
        return NULL;
    }
    h->total += size;
    if (h->next_reserve < SEGMENT_MAX)
        h->next_reserve *= 2;
    h->tail->next = s;
    h->tail = s;
    return segment_init(s, first, size, commit);
}

/* With the lock held: returns every block on the depot lists to the free
 * lists, merging. */
static void consolidate(struct heap *h)
{
    for (unsigned i = 0; i < NFAST && h->fast_count; i++) {
        struct free_block *fb = h->fast[i], *next;

        h->fast[i] = NULL;
        for (; fb; fb = next) {
            next = fb->next;
            h->fast_count--;
            release_block(h, &fb->hdr);
        }
    }
}

/* With the lock held: every cached block of every thread back to the free
 * lists (the caller holds h exclusively). */
static void flush_all(struct heap *h)
{
    struct tcache *tc;

    reclaim_orphans(h);
    for (tc = h->tcaches; tc; tc = tc->next)
        tcache_drain(h, tc);
    consolidate(h);
}

/* A free block of at least need bytes in the bins, out of them; or NULL. */
static struct block *search_bins(struct heap *h, uint32_t need)
{
    unsigned i = bin_index(need);
    struct free_block *fb;
    int j;

    if (i < NEXACT) {
        if ((fb = h->bins[i]))
            goto found;
    } else {
        for (fb = h->bins[i]; fb; fb = fb->next)
            if (bsize(&fb->hdr) >= need)
                goto found;
    }
    /* Every block in a later bin is big enough. */
    if ((j = bin_find(h, i + 1)) < 0)
        return NULL;
    fb = h->bins[j];
found:
    bin_remove(h, fb);
    return &fb->hdr;
}

/* With the lock held: a free block of at least need bytes, out of the
 * bins; NULL when the heap cannot provide one. Cheap sources first: the
 * bins, the depot and the caches of ended threads, more memory; and only
 * then the caches of live threads. */
static struct block *find_block(struct heap *h, uint32_t need)
{
    int exec = (h->flags & HEAPF_CREATE_ENABLE_EXECUTE) != 0;
    struct block *b;

    if ((b = search_bins(h, need)))
        return b;
    reclaim_orphans(h);
    if (h->fast_count) {
        consolidate(h);
        if ((b = search_bins(h, need)))
            return b;
    }
    if ((b = segment_extend(h, h->tail, need, exec)))
        return b;
    /* segment_add enforces the size limit of non-growable heaps. */
    if ((b = segment_add(h, need, exec)))
        return b;
    if (!h->tcaches)
        return NULL;
    excl_push(h);
    flush_all(h);
    excl_pop(h);
    return search_bins(h, need);
}

/* With the lock held: a block for the calling thread's empty cache class
 * c (size need), returned used with req bytes; further blocks of the size
 * go into the cache, from the depot or carved in one piece. */
static struct block *refill(struct heap *h, struct tcache *tc, unsigned c, uint32_t need,
                            size_t req)
{
    unsigned want = tc_limit[c] / 2, n;
    struct free_block *fb;
    struct block *b, *x;
    uint32_t size;

    /* The cache may hold blocks after all: we came because h was held. */
    if ((fb = tc->bin[c])) {
        tc->bin[c] = fb->next;
        tc->count[c]--;
        set_used(&fb->hdr, need, req);
        return &fb->hdr;
    }
    if ((fb = h->fast[c])) {
        h->fast[c] = fb->next;
        h->fast_count--;
        for (n = 1; n < want && h->fast[c]; n++) {
            struct free_block *more = h->fast[c];

            h->fast[c] = more->next;
            h->fast_count--;
            more->next = tc->bin[c];
            tc->bin[c] = more;
            tc->count[c]++;
        }
        set_used(&fb->hdr, need, req);
        return &fb->hdr;
    }
    if (want < 2 || !(b = search_bins(h, need * want))) {
        if (!(b = find_block(h, need)))
            return NULL;
        carve(h, b, need, req);
        return b;
    }
    /* One carve for `want` blocks: all but the first go into the cache,
     * the last one taking whatever tail carve left on the block. */
    carve(h, b, need * want, need * want - HDR);
    size = bsize(b);
    for (n = 1; n < want; n++) {
        uint32_t sz = n == want - 1 ? size - need * (want - 1) : need;

        x = (struct block *)((char *)b + need * n);
        x->prev_free = 0;
        if (sz != need) {
            /* A different size: to the depot, or freed if too big. */
            info_set(x, sz | B_USED);
            if (sz <= FAST_MAX)
                depot_push(h, x);
            else
                release_block(h, x);
            continue;
        }
        set_cached(x, need);
        ((struct free_block *)x)->next = tc->bin[c];
        tc->bin[c] = (struct free_block *)x;
        tc->count[c]++;
    }
    set_used(b, need, req);
    return b;
}

/* ---- large blocks ---- */

static void *large_alloc(struct heap *h, unsigned flags, size_t req)
{
    size_t size = ROUND_UP(LARGE_HDR + req, PAGE);
    struct large *lg;
    struct block *b;

    if (!(h->flags & HEAPF_GROWABLE))
        return NULL;  /* fixed-size heaps refuse blocks this big, as on Windows */
    if (!(lg = heap_sys_reserve(size)))
        return NULL;
    if (heap_sys_commit(lg, size, (h->flags & HEAPF_CREATE_ENABLE_EXECUTE) != 0)) {
        heap_sys_release(lg);
        return NULL;
    }
    /* Fresh pages are zero, so HEAPF_ZERO_MEMORY needs nothing here. */
    lg->reserved = size;
    lg->request = req;
    b = (struct block *)((char *)lg + LARGE_HDR - HDR);
    b->prev_free = 0;
    info_set(b, B_USED | B_LARGE);
    lock(h, flags);
    lg->prev = NULL;
    lg->next = h->large;
    if (lg->next)
        lg->next->prev = lg;
    h->large = lg;
    unlock(h, flags);
    return payload(b);
}

static inline struct large *large_of(const struct block *b)
{
    return (struct large *)((char *)b + HDR - LARGE_HDR);
}

static void large_free(struct heap *h, unsigned flags, struct block *b)
{
    struct large *lg = large_of(b);

    lock(h, flags);
    if (lg->prev)
        lg->prev->next = lg->next;
    else
        h->large = lg->next;
    if (lg->next)
        lg->next->prev = lg->prev;
    unlock(h, flags);
    info_set(b, 0);
    heap_sys_release(lg);
}

/* ---- the API ---- */

int heap_is_valid_handle(const struct heap *h)
{
    return h && h->magic == HEAP_MAGIC;
}

struct heap *heap_create(unsigned flags, size_t reserve, size_t commit)
{
    size_t hoff = ROUND_UP(sizeof(struct segment), LINE);
    size_t first = hoff + ROUND_UP(sizeof(struct heap), ALIGN);
    size_t max_total = 0, size;
    struct segment *s;
    struct heap *h;
    struct block *b;

    /* The first heap (the process heap, made before other threads
     * exist) settles the cache parameters and protocol. */
    if (!protocol_chosen) {
        for (unsigned c = 1; c < NFAST; c++) {
            unsigned n = TC_BYTES / (c * ALIGN);

            tc_limit[c] = (uint8_t)(n < TC_MIN ? TC_MIN : n > TC_MAX ? TC_MAX : n);
        }
        asymmetric = heap_sys_process_barrier() == 0;
        protocol_chosen = 1;
    }
    flags &= HEAPF_NO_SERIALIZE | HEAPF_GROWABLE | HEAPF_GENERATE_EXCEPTIONS |
             HEAPF_CREATE_ENABLE_EXECUTE;
    if (!reserve)
        reserve = (flags & HEAPF_GROWABLE) ? DEFAULT_RESERVE : FIXED_DEFAULT_RESERVE;
    reserve = ROUND_UP(reserve, GRANULE);
    if (reserve < commit)
        reserve = ROUND_UP(commit, GRANULE);
    if (!(flags & HEAPF_GROWABLE))
        max_total = reserve;
    size = reserve > SEGMENT_MAX ? SEGMENT_MAX : reserve;
    commit = ROUND_UP(commit > first + MIN_BLOCK + HDR ? commit : first + MIN_BLOCK + HDR,
                      COMMIT_STEP);
    if (commit > size)
        commit = size;
    if (!(s = heap_sys_reserve(size)))
        return NULL;
    if (heap_sys_commit(s, commit, (flags & HEAPF_CREATE_ENABLE_EXECUTE) != 0)) {
        heap_sys_release(s);
        return NULL;
    }
    /* The segment header comes first so that segment walks are uniform;
     * the heap structure follows it, and the heap handle points at it. */
    h = (struct heap *)((char *)s + hoff);
    __builtin_memset(h, 0, sizeof(*h));
    h->magic = HEAP_MAGIC;
    h->flags = flags;
    h->segments = h->tail = s;
    h->max_total = max_total;
    h->total = size;
    h->next_reserve = size < DEFAULT_RESERVE ? DEFAULT_RESERVE : size;
    if (h->next_reserve < SEGMENT_MAX)
        h->next_reserve *= 2;
    b = segment_init(s, first, size, commit);
    bin_insert(h, (struct free_block *)b);
    return h;
}

void heap_destroy(struct heap *h)
{
    struct segment *s, *next;
    struct large *lg, *lnext;
    struct tcache *tc, *tnext;

    excl_enter(h, 0);
    for (tc = h->tcaches; tc; tc = tnext) {
        int live = TC_LIVE;

        tnext = tc->next;
        __atomic_store_n(&tc->heap, NULL, __ATOMIC_RELAXED);
        /* A live cache's owner recycles it when it next looks; an orphan
         * has no owner left. */
        if (!__atomic_compare_exchange_n(&tc->state, &live, TC_DEAD, 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
            pool_put_tc(tc);
    }
    for (lg = h->large; lg; lg = lnext) {
        lnext = lg->next;
        heap_sys_release(lg);
    }
    h->magic = 0;
    /* The first segment holds h itself: release it last. */
    for (s = h->segments->next; s; s = next) {
        next = s->next;
        heap_sys_release(s);
    }
    heap_sys_release(h->segments);
}

/* Everything heap_alloc's fast path does not handle. */
static __attribute__((noinline)) void *alloc_slow(struct heap *h, unsigned flags, size_t req)
{
    struct tcache *tc;
    size_t need;
    struct block *b;
    void *p;

    flags |= h->flags;
    if (req > HEAP_MAX_REQUEST)
        return NULL;
    need = ROUND_UP(req + HDR, ALIGN);
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    if (need <= FAST_MAX && !(flags & HEAPF_NO_SERIALIZE)) {
        unsigned c = (unsigned)need / ALIGN;

        if ((tc = tcache_find(h))) {
            struct free_block *fb;

            tc_enter(tc);
            if (!__atomic_load_n(&h->excl, __ATOMIC_SEQ_CST) && (fb = tc->bin[c])) {
                tc->bin[c] = fb->next;
                tc->count[c]--;
                set_used(&fb->hdr, (uint32_t)need, req);
                tc_leave(tc);
                p = payload(&fb->hdr);
                goto done;
            }
            tc_leave(tc);
        } else {
            tc = tcache_create(h);
        }
        if (tc) {
            lock_raw(h);
            b = refill(h, tc, c, (uint32_t)need, req);
            unlock_raw(h);
            if (!b)
                return NULL;
            p = payload(b);
            goto done;
        }
    }
    if (need >= HEAP_LARGE_THRESHOLD)
        return large_alloc(h, flags, req);
    lock(h, flags);
    if (need <= FAST_MAX && h->fast[need / ALIGN]) {
        struct free_block *fb = h->fast[need / ALIGN];

        h->fast[need / ALIGN] = fb->next;
        h->fast_count--;
        b = &fb->hdr;
        set_used(b, (uint32_t)need, req);
    } else if ((b = find_block(h, (uint32_t)need))) {
        carve(h, b, (uint32_t)need, req);
    }
    unlock(h, flags);
    if (!b)
        return NULL;
    p = payload(b);
done:
    if (flags & HEAPF_ZERO_MEMORY)
        __builtin_memset(p, 0, req);
    return p;
}

/* The fast path: a small block from the first cache slot, when it is h's
 * and holds one of the size. */
void *heap_alloc(struct heap *h, unsigned flags, size_t req)
{
    struct tcache *tc;
    struct free_block *fb;
    unsigned c;

    flags |= h->flags;
    if (__builtin_expect(req > FAST_MAX - HDR || (flags & HEAPF_NO_SERIALIZE), 0) ||
        !(tc = tcache_first(h)))
        return alloc_slow(h, flags, req);
    c = (unsigned)(req + HDR + ALIGN - 1) / ALIGN;
    if (c < MIN_BLOCK / ALIGN)
        c = MIN_BLOCK / ALIGN;
    tc_enter(tc);
    if (__builtin_expect(__atomic_load_n(&h->excl, __ATOMIC_SEQ_CST) || !(fb = tc->bin[c]), 0)) {
        tc_leave(tc);
        return alloc_slow(h, flags, req);
    }
    tc->bin[c] = fb->next;
    tc->count[c]--;
    set_used(&fb->hdr, c * ALIGN, req);
    tc_leave(tc);
    if (flags & HEAPF_ZERO_MEMORY)
        __builtin_memset(payload(&fb->hdr), 0, req);
    return payload(&fb->hdr);
}

/* Cheap sanity checks of a pointer handed back to us. */
static int plausible(const void *p)
{
    const struct block *b, *next;
    uint32_t info, size;

    if (!p || ((uintptr_t)p & (ALIGN - 1)))
        return 0;
    b = hdr_of(p);
    info = info_get(b);
    if (!(info & B_USED) || is_cached(info))
        return 0;
    if (info & B_LARGE)
        return 1;
    size = info & SIZE_MASK;
    if (size < MIN_BLOCK)
        return 0;
    next = (const struct block *)((const char *)b + size);
    return next->prev_free == 0 && (info_get(next) & (SIZE_MASK | B_USED)) != 0;
}

/* Everything heap_free's fast path does not handle. */
static __attribute__((noinline)) int free_slow(struct heap *h, unsigned flags, void *p)
{
    struct tcache *tc;
    struct block *b;
    uint32_t info, size;

    if (!p)
        return 1;
    flags |= h->flags;
    if (!plausible(p))
        return 0;
    b = hdr_of(p);
    info = info_get(b);
    if (info & B_LARGE) {
        large_free(h, flags, b);
        return 1;
    }
    size = info & SIZE_MASK;
    if (size <= FAST_MAX && !(flags & HEAPF_NO_SERIALIZE)) {
        unsigned c = size / ALIGN;
        struct free_block *fb = (struct free_block *)b;

        if ((tc = tcache_find(h))) {
            tc_enter(tc);
            if (!__atomic_load_n(&h->excl, __ATOMIC_SEQ_CST) && tc->count[c] < tc_limit[c]) {
                set_cached(b, size);
                fb->next = tc->bin[c];
                tc->bin[c] = fb;
                tc->count[c]++;
                tc_leave(tc);
                return 1;
            }
            tc_leave(tc);
        } else {
            tc = tcache_create(h);
        }
        if (tc) {
            /* The cache is full (or the heap was held): half of it goes to
             * the depot, under the lock that lets us touch it. */
            lock_raw(h);
            while (tc->count[c] >= tc_limit[c] / 2 && tc->bin[c]) {
                struct free_block *out = tc->bin[c];

                tc->bin[c] = out->next;
                tc->count[c]--;
                out->next = h->fast[c];
                h->fast[c] = out;
                h->fast_count++;
            }
            set_cached(b, size);
            fb->next = tc->bin[c];
            tc->bin[c] = fb;
            tc->count[c]++;
            unlock_raw(h);
            return 1;
        }
    }
    lock(h, flags);
    if (size <= FAST_MAX)
        depot_push(h, b);
    else
        release_block(h, b);
    unlock(h, flags);
    return 1;
}

/* The fast path: a plausible small block onto the first cache slot, when
 * it is h's and has room. */
int heap_free(struct heap *h, unsigned flags, void *p)
{
    struct block *b = hdr_of(p);
    struct free_block *fb = (struct free_block *)b;
    struct tcache *tc;
    uint32_t info, size;
    unsigned c;

    if (__builtin_expect(!p || ((uintptr_t)p & (ALIGN - 1)) ||
                         ((flags | h->flags) & HEAPF_NO_SERIALIZE), 0))
        return free_slow(h, flags, p);
    info = info_get(b);
    size = info & SIZE_MASK;
    /* Used, not large, not cached, small; and its successor agrees. */
    if (__builtin_expect((info & (B_USED | B_LARGE)) != B_USED || is_cached(info) ||
                         size > FAST_MAX || size < MIN_BLOCK, 0) ||
        ((struct block *)((char *)b + size))->prev_free || !(tc = tcache_first(h)))
        return free_slow(h, flags, p);
    c = size / ALIGN;
    tc_enter(tc);
    if (__builtin_expect(__atomic_load_n(&h->excl, __ATOMIC_SEQ_CST) ||
                         tc->count[c] >= tc_limit[c], 0)) {
        tc_leave(tc);
        return free_slow(h, flags, p);
    }
    set_cached(b, size);
    fb->next = tc->bin[c];
    tc->bin[c] = fb;
    tc->count[c]++;
    tc_leave(tc);
    return 1;
}

size_t heap_size(struct heap *h, unsigned flags, const void *p)
{
    const struct block *b;

    (void)h;
    (void)flags;
    if (!plausible(p))
        return (size_t)-1;
    b = hdr_of(p);
    if (info_get(b) & B_LARGE)
        return large_of(b)->request;
    return requested(b);
}

/* Resizes used block b in place to need bytes holding req; 1 on success. */
static int resize_in_place(struct heap *h, struct block *b, uint32_t need, size_t req)
{
    uint32_t size = bsize(b);
    struct block *next = (struct block *)((char *)b + size);

    if (need > size) {
        uint32_t ninfo = info_get(next), nsize;

        if (ninfo & B_USED)
            return 0;
        nsize = ninfo & SIZE_MASK;
        if (size + nsize < need)
            return 0;
        bin_remove(h, (struct free_block *)next);
        info_set(next, 0);
        size += nsize;
        next = (struct block *)((char *)b + size);
        next->prev_free = 0;
    }
    if (size - need >= MIN_BLOCK) {
        struct block *rest = (struct block *)((char *)b + need);

        /* rest is a used block for a moment, then freed, which merges it
         * with a free successor. */
        rest->prev_free = 0;
        info_set(rest, (size - need) | B_USED);
        set_used(b, need, req);
        release_block(h, rest);
    } else {
        set_used(b, size, req);
    }
    return 1;
}

void *heap_realloc(struct heap *h, unsigned flags, void *p, size_t req)
{
    struct block *b;
    size_t old, need;
    void *np;
    int done;

    flags |= h->flags;
    if (!plausible(p) || req > HEAP_MAX_REQUEST)
        return NULL;
    b = hdr_of(p);
    need = ROUND_UP(req + HDR, ALIGN);
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    if (info_get(b) & B_LARGE) {
        struct large *lg = large_of(b);

        old = lg->request;
        /* Stay put while the reservation fits and the block stays large
         * (or must not move at all). */
        if (LARGE_HDR + req <= lg->reserved &&
            (need >= HEAP_LARGE_THRESHOLD / 2 || (flags & HEAPF_REALLOC_IN_PLACE_ONLY))) {
            lg->request = req;
            if ((flags & HEAPF_ZERO_MEMORY) && req > old)
                __builtin_memset((char *)p + old, 0, req - old);
            return p;
        }
        done = 0;
    } else {
        lock(h, flags);
        old = requested(b);
        done = need < HEAP_LARGE_THRESHOLD && resize_in_place(h, b, (uint32_t)need, req);
        unlock(h, flags);
    }
    if (done) {
        np = p;
    } else {
        if (flags & HEAPF_REALLOC_IN_PLACE_ONLY)
            return NULL;
        if (!(np = heap_alloc(h, flags & ~HEAPF_ZERO_MEMORY, req)))
            return NULL;
        __builtin_memcpy(np, p, old < req ? old : req);
        heap_free(h, flags, p);
    }
    if ((flags & HEAPF_ZERO_MEMORY) && req > old)
        __builtin_memset((char *)np + old, 0, req - old);
    return np;
}

/* Walks one segment; 1 when its blocks chain correctly to the sentinel.
 * *found is set when p is a used block of the segment; *cached counts the
 * cached blocks. */
static int segment_check(struct segment *s, const void *p, int *found, size_t *cached)
{
    struct block *b = (struct block *)((char *)s + s->first), *end = sentinel(s);
    uint32_t prev_free = 0;

    while (b != end) {
        uint32_t info = info_get(b), size = info & SIZE_MASK;

        if (size < MIN_BLOCK || (char *)b + size > (char *)end)
            return 0;
        if ((info & B_LARGE) || b->prev_free != prev_free)
            return 0;
        if (!(info & B_USED)) {
            if (prev_free)
                return 0;  /* two adjacent free blocks */
        } else if (is_cached(info)) {
            ++*cached;
        } else if (p && payload(b) == p) {
            *found = 1;
        }
        prev_free = (info & B_USED) ? 0 : size;
        b = bnext(b);
    }
    return end->prev_free == prev_free && info_get(end) == B_USED;
}

/* The segment of h holding p, and its index. */
static struct segment *segment_of(struct heap *h, const void *p, unsigned *index)
{
    unsigned i = 0;

    for (struct segment *s = h->segments; s; s = s->next, i++) {
        if ((const char *)p >= (const char *)s && (const char *)p < (const char *)s + s->reserved) {
            *index = i;
            return s;
        }
    }
    return NULL;
}

/* Every entry of a cache list is a cached block of the list's size inside
 * a segment; *n counts them. Together with the count of cached blocks the
 * segment walks find, this shows every list entry is a real block. */
static int list_check(struct heap *h, struct free_block *fb, unsigned c, size_t *n)
{
    unsigned index;

    for (; fb; fb = fb->next, ++*n) {
        uint32_t info;

        if (((uintptr_t)fb & (ALIGN - 1)) || !segment_of(h, fb, &index))
            return 0;
        info = info_get(&fb->hdr);
        if (!is_cached(info) || !(info & B_USED) || (info & SIZE_MASK) != c * ALIGN)
            return 0;
    }
    return 1;
}

int heap_validate(struct heap *h, unsigned flags, const void *p)
{
    struct segment *s;
    struct large *lg;
    struct tcache *tc;
    size_t cached = 0, listed = 0;
    int ok = 1, found = 0;

    if (!heap_is_valid_handle(h))
        return 0;
    flags |= h->flags;
    excl_enter(h, flags);
    for (s = h->segments; s && ok; s = s->next)
        ok = segment_check(s, p, &found, &cached);
    for (lg = h->large; lg && ok; lg = lg->next)
        if (p && (char *)lg + LARGE_HDR == (const char *)p)
            found = 1;
    for (unsigned c = 0; c < NFAST && ok; c++) {
        ok = list_check(h, h->fast[c], c, &listed);
        for (tc = h->tcaches; tc && ok; tc = tc->next)
            ok = list_check(h, tc->bin[c], c, &listed);
    }
    ok = ok && listed == cached;
    excl_leave(h, flags);
    return ok && (!p || found);
}

size_t heap_compact(struct heap *h, unsigned flags)
{
    size_t best = 0;

    flags |= h->flags;
    excl_enter(h, flags);
    flush_all(h);
    for (int i = NBINS - 1; i >= 0 && !best; i--)
        for (struct free_block *fb = h->bins[i]; fb; fb = fb->next)
            if (bsize(&fb->hdr) - HDR > best)
                best = bsize(&fb->hdr) - HDR;
    excl_leave(h, flags);
    return best;
}

/* ---- walking ---- */

static void walk_region(struct segment *s, unsigned index, struct heap_walk_entry *e)
{
    e->data = s;
    e->size = s->first;
    e->overhead = 0;
    e->region = index;
    e->kind = HEAP_WALK_REGION;
    e->committed = s->committed;
    e->uncommitted = s->reserved - s->committed;
    e->first_block = (char *)s + s->first;
    e->last_block = (char *)s + s->reserved;
}

static void walk_block(struct block *b, unsigned index, struct heap_walk_entry *e)
{
    uint32_t info = info_get(b), size = info & SIZE_MASK;

    e->data = payload(b);
    e->region = index;
    if ((info & B_USED) && !is_cached(info)) {
        e->kind = HEAP_WALK_BUSY;
        e->size = requested(b);
        e->overhead = (unsigned)(size - e->size);
    } else {
        e->kind = HEAP_WALK_FREE;
        e->size = size - HDR;
        e->overhead = HDR;
    }
    e->committed = e->uncommitted = 0;
    e->first_block = e->last_block = NULL;
}

static void walk_large(struct large *lg, struct heap_walk_entry *e)
{
    e->data = (char *)lg + LARGE_HDR;
    e->size = lg->request;
    e->overhead = LARGE_HDR;
    e->region = 64;
    e->kind = HEAP_WALK_BUSY;
    e->committed = e->uncommitted = 0;
    e->first_block = e->last_block = NULL;
}

static int walk_next(struct heap *h, struct heap_walk_entry *e)
{
    struct segment *s;
    struct block *b;
    unsigned index = 0;

    if (!e->data) {
        walk_region(h->segments, 0, e);
        return 1;
    }
    if (e->kind == HEAP_WALK_BUSY) {
        for (struct large *lg = h->large; lg; lg = lg->next) {
            if ((char *)lg + LARGE_HDR == (char *)e->data) {
                if (!lg->next)
                    return 0;
                walk_large(lg->next, e);
                return 1;
            }
        }
    }
    if (!(s = segment_of(h, e->data, &index)))
        return -1;
    switch (e->kind) {
    case HEAP_WALK_REGION:
        if (e->data != (void *)s)
            return -1;
        walk_block((struct block *)((char *)s + s->first), index, e);
        return 1;
    case HEAP_WALK_BUSY:
    case HEAP_WALK_FREE:
        b = hdr_of(e->data);
        if ((uintptr_t)e->data & (ALIGN - 1) || (char *)b < (char *)s + s->first ||
            b >= sentinel(s))
            return -1;
        if ((b = bnext(b)) < sentinel(s)) {
            walk_block(b, index, e);
            return 1;
        }
        if (s->reserved > s->committed) {
            e->data = (char *)s + s->committed;
            e->size = s->reserved - s->committed;
            e->overhead = 0;
            e->region = index;
            e->kind = HEAP_WALK_UNCOMMITTED;
            e->committed = e->uncommitted = 0;
            e->first_block = e->last_block = NULL;
            return 1;
        }
        break;
    case HEAP_WALK_UNCOMMITTED:
        if (e->data != (char *)s + s->committed)
            return -1;
        break;
    default:
        return -1;
    }
    if (s->next) {
        walk_region(s->next, index + 1, e);
        return 1;
    }
    if (h->large) {
        walk_large(h->large, e);
        return 1;
    }
    return 0;
}

int heap_walk(struct heap *h, struct heap_walk_entry *e)
{
    unsigned flags = h->flags;
    int ret;

    excl_enter(h, flags);
    /* A walk starts from a settled heap: freed blocks show as free. */
    if (!e->data)
        flush_all(h);
    ret = walk_next(h, e);
    excl_leave(h, flags);
    return ret;
}
