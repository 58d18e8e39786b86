/* The heap allocator: boundary-tagged blocks in reserved-then-committed
 * segments, segregated free lists (exact 8-byte classes for small blocks,
 * four sub-ranges per power of two above), coalescing on free, and
 * a virtual allocation of its own for every large block.
 *
 * Block layout (8-byte header, payload 8-byte aligned as Windows guarantees
 * on x86):
 *   prev_size  size of the previous block, valid only when that block is free
 *   info       block size (multiple of 8, header included) | B_* flags |
 *              unused tail bytes << EXTRA_SHIFT (for heap_size)
 * A free block keeps its list links in its payload. Every segment ends with
 * a zero-size "used" sentinel header at the committed end, so a block always
 * has a successor and never merges past the end. Invariant: no two adjacent
 * blocks are free.
 *
 * Small blocks (up to FAST_MAX) are not merged when freed: they go onto a
 * per-size LIFO "fast" list still looking used to their neighbours (marked
 * by EXTRA_FAST in the unused-bytes field), so that the common
 * allocate/free pattern costs a list push and pop. The fast lists are
 * merged back into the free lists before the heap grows. */
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
#define B_PREV_USED 2u
#define B_LARGE 4u
#define SIZE_MASK 0x03FFFFF8u
#define EXTRA_SHIFT 26            /* 6 bits: up to 2 * MIN_BLOCK - HDR unused bytes */

#define EXTRA_FAST 63u                /* unused-bytes value of a block on a fast list */
#define FAST_MAX 512u                 /* largest block size kept on fast lists */
#define NFAST (FAST_MAX / ALIGN + 1)

#define HEAP_MAGIC 0x70616548u        /* "Heap" */

#define ROUND_UP(x, a) (((x) + ((a) - 1)) & ~(size_t)((a) - 1))

struct block {
    uint32_t prev_size;
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

struct heap {
    uint32_t magic;
    unsigned flags;
    volatile int lock;
    uintptr_t owner;                  /* thread holding HeapLock, 0 if none */
    unsigned depth;                   /* holds by that thread */
    struct segment *segments;         /* the first one holds this struct */
    struct segment *tail;             /* the newest segment: grows first */
    struct large *large;
    size_t max_total;                 /* bytes of segments allowed; 0: unlimited */
    size_t total;                     /* bytes of segments reserved */
    size_t next_reserve;              /* size of the next segment */
    unsigned fast_count;              /* blocks on the fast lists */
    uint32_t bitmap[NWORDS];          /* nonempty bins */
    struct free_block *bins[NBINS];
    struct free_block *fast[NFAST];   /* singly linked through next */
};

/* ---- block helpers ---- */

static inline uint32_t bsize(const struct block *b)
{
    return b->info & SIZE_MASK;
}

static inline struct block *bnext(struct block *b)
{
    return (struct block *)((char *)b + bsize(b));
}

static inline struct block *hdr_of(const void *p)
{
    return (struct block *)((char *)p - HDR);
}

static inline void *payload(struct block *b)
{
    return (char *)b + HDR;
}

static inline size_t requested(const struct block *b)
{
    return bsize(b) - HDR - (b->info >> EXTRA_SHIFT);
}

static inline void set_used(struct block *b, uint32_t size, size_t req)
{
    b->info = size | B_USED | (b->info & B_PREV_USED) |
              (uint32_t)(size - HDR - req) << EXTRA_SHIFT;
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

        rest->info = rsize | B_PREV_USED;
        next = (struct block *)((char *)rest + rsize);
        next->prev_size = rsize;
        bin_insert(h, (struct free_block *)rest);
        size = need;
    } else {
        next = (struct block *)((char *)b + size);
        next->info |= B_PREV_USED;
    }
    set_used(b, size, req);
}

/* Frees block b's memory into the bins, merging it with free neighbours. */
static void release_block(struct heap *h, struct block *b)
{
    uint32_t size = bsize(b);
    struct block *next = (struct block *)((char *)b + size);

    b->info &= ~B_USED;
    if (!(next->info & B_USED)) {
        bin_remove(h, (struct free_block *)next);
        size += bsize(next);
    }
    if (!(b->info & B_PREV_USED)) {
        b = (struct block *)((char *)b - b->prev_size);
        bin_remove(h, (struct free_block *)b);
        size += bsize(b);
    }
    /* The block before a free block is always used. */
    b->info = size | B_PREV_USED;
    next = (struct block *)((char *)b + size);
    next->prev_size = size;
    next->info &= ~B_PREV_USED;
    bin_insert(h, (struct free_block *)b);
}

static inline unsigned extra_of(const struct block *b)
{
    return b->info >> EXTRA_SHIFT;
}

static inline void fast_push(struct heap *h, struct block *b)
{
    struct free_block *fb = (struct free_block *)b;
    unsigned i = bsize(b) / ALIGN;

    b->info = (b->info & ((1u << EXTRA_SHIFT) - 1)) | EXTRA_FAST << EXTRA_SHIFT;
    fb->next = h->fast[i];
    h->fast[i] = fb;
    h->fast_count++;
}

/* Returns every block on the fast lists to the free lists, merging. */
static void consolidate(struct heap *h)
{
    unsigned i;

    for (i = 0; i < NFAST && h->fast_count; i++) {
        struct free_block *fb = h->fast[i], *next;

        h->fast[i] = NULL;
        for (; fb; fb = next) {
            next = fb->next;
            h->fast_count--;
            release_block(h, &fb->hdr);
        }
    }
}

/* ---- locking ---- */

/* The lock: one atomic exchange when uncontended. Only HeapLock records
 * its owner (and how often it holds the lock), which is what lets the
 * holder of HeapLock call the heap again without deadlocking. */
static void lock_raw(struct heap *h)
{
    uintptr_t self;

    if (!__atomic_exchange_n(&h->lock, 1, __ATOMIC_ACQUIRE))
        return;
    self = heap_sys_thread_id();
    if (h->owner == self) {
        h->depth++;
        return;
    }
    while (__atomic_exchange_n(&h->lock, 1, __ATOMIC_ACQUIRE)) {
        /* A spin lock that yields to the host scheduler: short critical
         * sections and few guest threads make this adequate for now; under
         * heavy contention a keyed-event wait would be the better tool. */
        for (int i = 0; i < 100 && __atomic_load_n(&h->lock, __ATOMIC_RELAXED); i++)
            __builtin_ia32_pause();
        if (__atomic_load_n(&h->lock, __ATOMIC_RELAXED))
            heap_sys_yield();
    }
}

static void unlock_raw(struct heap *h)
{
    if (h->depth && --h->depth)
        return;
    h->owner = 0;
    __atomic_store_n(&h->lock, 0, __ATOMIC_RELEASE);
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

void heap_lock(struct heap *h)
{
    lock_raw(h);
    if (!h->depth) {
        h->owner = heap_sys_thread_id();
        h->depth = 1;
    }
}

void heap_unlock(struct heap *h)
{
    if (h->owner == heap_sys_thread_id())
        unlock_raw(h);
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
    b->prev_size = 0;
    b->info = (uint32_t)(committed - first - HDR) | B_PREV_USED;
    end = sentinel(s);
    end->prev_size = bsize(b);
    end->info = B_USED;
    return b;
}

/* Commits more of segment s so that its last free block reaches need
 * bytes; returns that block out of the bins, or NULL. */
static struct block *segment_extend(struct heap *h, struct segment *s, uint32_t need, int exec)
{
    struct block *end = sentinel(s), *b;
    size_t tail = (end->info & B_PREV_USED) ? 0 : end->prev_size;
    size_t room = s->reserved - s->committed, grow;

    if (tail + room < need || !room)
        return NULL;
    grow = need > tail ? ROUND_UP(need - tail, COMMIT_STEP) : COMMIT_STEP;
    if (grow > room)
        grow = room;
    if (heap_sys_commit((char *)s + s->committed, grow, exec))
        return NULL;
    /* The old sentinel becomes the header of the new free space. */
    b = end;
    b->info = (uint32_t)grow | (end->info & B_PREV_USED);
    s->committed += grow;
    if (tail) {
        b = (struct block *)((char *)b - tail);
        bin_remove(h, (struct free_block *)b);
        b->info = (uint32_t)(tail + grow) | B_PREV_USED;
    }
    end = sentinel(s);
    end->prev_size = bsize(b);
    end->info = B_USED;
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

/* A free block of at least need bytes, out of the bins; NULL if none. */
static struct block *find_block(struct heap *h, uint32_t need)
{
    unsigned i = bin_index(need);
    struct free_block *fb;
    struct block *b;
    int exec = (h->flags & HEAPF_CREATE_ENABLE_EXECUTE) != 0;
    int j;

    if (i < NEXACT) {
        if ((fb = h->bins[i]))
            goto found;
        i++;
    } else {
        for (fb = h->bins[i]; fb; fb = fb->next)
            if (bsize(&fb->hdr) >= need)
                goto found;
        i++;
    }
    /* Every block in a later bin is big enough. */
    if ((j = bin_find(h, i)) >= 0) {
        fb = h->bins[j];
        goto found;
    }
    if (h->fast_count) {
        consolidate(h);
        return find_block(h, need);
    }
    if ((b = segment_extend(h, h->tail, need, exec)))
        return b;
    /* segment_add enforces the size limit of non-growable heaps. */
    return segment_add(h, need, exec);

found:
    bin_remove(h, fb);
    return &fb->hdr;
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
    b->prev_size = 0;
    b->info = B_USED | B_LARGE;
    lock(h, flags);
    lg->prev = NULL;
    lg->next = h->large;
    if (lg->next)
        lg->next->prev = lg;
    h->large = lg;
    unlock(h, flags);
    return payload(b);
}

static inline struct large *large_of(struct block *b)
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
    b->info = 0;
    heap_sys_release(lg);
}

/* ---- the API ---- */

int heap_is_valid_handle(const struct heap *h)
{
    return h && h->magic == HEAP_MAGIC;
}

struct heap *heap_create(unsigned flags, size_t reserve, size_t commit)
{
    size_t first = ROUND_UP(sizeof(struct heap), ALIGN) + ROUND_UP(sizeof(struct segment), ALIGN);
    size_t max_total = 0, size;
    struct segment *s;
    struct heap *h;
    struct block *b;

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
    h = (struct heap *)((char *)s + ROUND_UP(sizeof(struct segment), ALIGN));
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

void *heap_alloc(struct heap *h, unsigned flags, size_t req)
{
    size_t need;
    struct block *b;
    void *p;

    flags |= h->flags;
    if (req > HEAP_MAX_REQUEST)
        return NULL;
    need = ROUND_UP(req + HDR, ALIGN);
    if (need < MIN_BLOCK)
        need = MIN_BLOCK;
    if (need >= HEAP_LARGE_THRESHOLD)
        return large_alloc(h, flags, req);
    lock(h, flags);
    if (need <= FAST_MAX && h->fast[need / ALIGN]) {
        struct free_block *fb = h->fast[need / ALIGN];

        h->fast[need / ALIGN] = fb->next;
        h->fast_count--;
        b = &fb->hdr;
        set_used(b, (uint32_t)need, req);
        unlock(h, flags);
        goto done;
    }
    if (!(b = find_block(h, (uint32_t)need))) {
        unlock(h, flags);
        return NULL;
    }
    carve(h, b, (uint32_t)need, req);
    unlock(h, flags);
done:
    p = payload(b);
    if (flags & HEAPF_ZERO_MEMORY)
        __builtin_memset(p, 0, req);
    return p;
}

/* Cheap sanity checks of a pointer handed back to us. */
static int plausible(const void *p)
{
    const struct block *b;

    if (!p || ((uintptr_t)p & (ALIGN - 1)))
        return 0;
    b = hdr_of(p);
    if (!(b->info & B_USED) || extra_of(b) == EXTRA_FAST)
        return 0;
    if (b->info & B_LARGE)
        return 1;
    return bsize(b) >= MIN_BLOCK &&
           (((const struct block *)((const char *)b + bsize(b)))->info & B_PREV_USED);
}

int heap_free(struct heap *h, unsigned flags, void *p)
{
    struct block *b;

    if (!p)
        return 1;
    flags |= h->flags;
    if (!plausible(p))
        return 0;
    b = hdr_of(p);
    if (b->info & B_LARGE) {
        large_free(h, flags, b);
        return 1;
    }
    lock(h, flags);
    if (bsize(b) <= FAST_MAX)
        fast_push(h, b);
    else
        release_block(h, b);
    unlock(h, flags);
    return 1;
}

size_t heap_size(struct heap *h, unsigned flags, const void *p)
{
    const struct block *b;

    if (!plausible(p))
        return (size_t)-1;
    b = hdr_of(p);
    if (b->info & B_LARGE)
        return large_of((struct block *)b)->request;
    return requested(b);
}

/* Resizes used block b in place to need bytes holding req; 1 on success. */
static int resize_in_place(struct heap *h, struct block *b, uint32_t need, size_t req)
{
    uint32_t size = bsize(b);
    struct block *next = (struct block *)((char *)b + size);

    if (need > size) {
        uint32_t nsize;

        if (next->info & B_USED)
            return 0;
        nsize = bsize(next);
        if (size + nsize < need)
            return 0;
        bin_remove(h, (struct free_block *)next);
        size += nsize;
        next = (struct block *)((char *)b + size);
        next->info |= B_PREV_USED;
    }
    if (size - need >= MIN_BLOCK) {
        struct block *rest = (struct block *)((char *)b + need);

        /* rest is a used block for a moment, then freed, which merges it
         * with a free successor. */
        rest->info = (size - need) | B_USED | B_PREV_USED;
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
    if (b->info & B_LARGE) {
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
 * *found is set when p is a used block of the segment. */
static int segment_check(struct heap *h, struct segment *s, const void *p, int *found)
{
    struct block *b = (struct block *)((char *)s + s->first), *end = sentinel(s);
    int prev_free = 0;
    uint32_t prev_size = 0;

    while (b != end) {
        uint32_t size = bsize(b);

        if (size < MIN_BLOCK || (size & (ALIGN - 1)) || (char *)b + size > (char *)end)
            return 0;
        if (b->info & B_LARGE)
            return 0;
        if (!!(b->info & B_PREV_USED) == prev_free)
            return 0;
        if (prev_free && b->prev_size != prev_size)
            return 0;
        if (!(b->info & B_USED)) {
            if (prev_free)
                return 0;  /* two adjacent free blocks */
        } else if (p && payload(b) == p && extra_of(b) != EXTRA_FAST) {
            *found = 1;
        }
        prev_free = !(b->info & B_USED);
        prev_size = size;
        b = bnext(b);
    }
    if (!!(end->info & B_PREV_USED) == prev_free)
        return 0;
    return !prev_free || end->prev_size == prev_size;
}

int heap_validate(struct heap *h, unsigned flags, const void *p)
{
    struct segment *s;
    struct large *lg;
    int ok = 1, found = 0;

    if (!heap_is_valid_handle(h))
        return 0;
    flags |= h->flags;
    lock(h, flags);
    for (s = h->segments; s && ok; s = s->next)
        ok = segment_check(h, s, p, &found);
    for (lg = h->large; lg && ok; lg = lg->next)
        if (p && (char *)lg + LARGE_HDR == (const char *)p)
            found = 1;
    unlock(h, flags);
    return ok && (!p || found);
}
