/* heap.h: the allocator behind RtlCreateHeap/RtlAllocateHeap & co. Plain C
 * with no Windows headers, so that it also builds for the host and is
 * unit-tested there (tests/unit/test_guest_heap.c). ntdll's rtlheap.c wraps
 * it in the Windows API and supplies the heap_sys_* services. */
#ifndef WOW64_GUEST_HEAP_H
#define WOW64_GUEST_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Flags: the values of Windows' HEAP_* flags. */
#define HEAPF_NO_SERIALIZE          0x00000001u
#define HEAPF_GROWABLE              0x00000002u
#define HEAPF_GENERATE_EXCEPTIONS   0x00000004u
#define HEAPF_ZERO_MEMORY           0x00000008u
#define HEAPF_REALLOC_IN_PLACE_ONLY 0x00000010u
#define HEAPF_CREATE_ENABLE_EXECUTE 0x00040000u

/* Requests at or above this size (the block, header included) bypass the
 * segments and get their own virtual allocation, as Windows' heap does
 * above its VirtualMemoryThreshold. */
#define HEAP_LARGE_THRESHOLD 0x7F000u

/* The largest request any heap accepts (keeps size arithmetic in range). */
#define HEAP_MAX_REQUEST ((size_t)0x7FFDEFFF)

struct heap;

/* A new heap. reserve: bytes reserved for the first segment (0: default);
 * commit: bytes committed up front. Without HEAPF_GROWABLE the heap never
 * takes more than reserve bytes and refuses large-block requests. */
struct heap *heap_create(unsigned flags, size_t reserve, size_t commit);
/* Releases all memory of the heap, large blocks and every thread's cached
 * blocks included. */
void heap_destroy(struct heap *h);
/* size bytes, 8-byte aligned; NULL when out of memory. */
void *heap_alloc(struct heap *h, unsigned flags, size_t size);
/* 1 when p was a live block of h (or NULL), 0 for a bad pointer (a block
 * freed already included). */
int heap_free(struct heap *h, unsigned flags, void *p);
/* Resizes p; moves it unless HEAPF_REALLOC_IN_PLACE_ONLY. NULL on failure
 * (p is then untouched) or when p is NULL or bad. */
void *heap_realloc(struct heap *h, unsigned flags, void *p, size_t size);
/* The size last requested for p; (size_t)-1 for a bad pointer. */
size_t heap_size(struct heap *h, unsigned flags, const void *p);
/* Checks the heap's structure (and p, when not NULL): 1 when consistent. */
int heap_validate(struct heap *h, unsigned flags, const void *p);
/* 1 when h looks like a heap made by heap_create. */
int heap_is_valid_handle(const struct heap *h);
/* Holds the heap's lock across calls (recursive for the holding thread):
 * no other thread allocates or frees in h until heap_unlock, not even from
 * its thread cache. */
void heap_lock(struct heap *h);
void heap_unlock(struct heap *h);
/* Returns every cached and freed block to the free lists, merged, and
 * gives the payload size of the largest free committed block (0: none). */
size_t heap_compact(struct heap *h, unsigned flags);

/* One entry of a heap walk, in HeapWalk's order: per segment a region
 * entry, its blocks, then its uncommitted tail; then the large blocks. */
enum heap_walk_kind {
    HEAP_WALK_REGION = 1,       /* data: segment base; size: its header bytes */
    HEAP_WALK_UNCOMMITTED,      /* data: first uncommitted byte; size: bytes */
    HEAP_WALK_BUSY,             /* data: payload; size: bytes requested */
    HEAP_WALK_FREE,             /* data: payload; size: usable bytes */
};

struct heap_walk_entry {
    void *data;                 /* NULL starts a walk */
    size_t size;
    unsigned overhead;          /* bookkeeping bytes of a block */
    unsigned region;            /* segment index; 64 for large blocks */
    unsigned kind;              /* enum heap_walk_kind; 0 starts a walk */
    size_t committed;           /* regions: committed bytes */
    size_t uncommitted;         /* regions: reserved but not committed */
    void *first_block;          /* regions: first block's header */
    void *last_block;           /* regions: end of the reservation */
};

/* Steps e to the next entry: 1 with e filled, 0 at the end, -1 when e does
 * not describe an entry of h. */
int heap_walk(struct heap *h, struct heap_walk_entry *e);

/* The calling thread ends: its cached blocks go back to their heaps (which
 * take them over lazily) and its cache bookkeeping is recycled. The thread
 * may still use heaps afterwards (without a cache). Called by ntdll's
 * thread-exit path; a thread that never calls it (TerminateThread) leaves
 * its cached blocks to its heaps' HeapDestroy. */
void heap_thread_exit(void);

/* Bytes the process-wide cache bookkeeping holds (never released). */
size_t heap_pool_reserved(void);

/* Services the heap needs from its environment: ntdll implements them with
 * NtAllocateVirtualMemory & co., the unit test with mmap. */
void *heap_sys_reserve(size_t size);                 /* NULL on failure */
int heap_sys_commit(void *addr, size_t size, int exec); /* 0 on success */
void heap_sys_release(void *addr);                   /* a whole reservation */
void heap_sys_yield(void);
uintptr_t heap_sys_thread_id(void);                  /* nonzero */
/* Sleeps while *addr == value (may return early); wakes one sleeper. */
void heap_sys_wait(volatile int *addr, int value);
void heap_sys_wake(volatile int *addr);
/* A per-thread pointer, NULL in a new thread (the guest build reads the
 * TEB directly instead). */
void **heap_sys_thread_slot(void);
/* Makes every thread of the process pass a full memory barrier before it
 * returns (Windows' FlushProcessWriteBuffers, Linux's membarrier); 0 on
 * success, -1 when the environment has no such service. Asked once, at
 * the first heap_create: the answer picks the thread caches' protocol for
 * the life of the process. */
int heap_sys_process_barrier(void);

#endif
