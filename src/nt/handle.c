/* The process handle table: one table, values multiples of 4, with the
 * per-handle flags (inherit, protect from close).
 *
 * Two ways to get at the object behind a handle:
 * - handle_get takes a reference, under the table lock (any thread, any
 *   length of time);
 * - handle_use, for the hot services (a file's read, write, queries),
 *   takes no lock and no reference: it publishes the object in the calling
 *   thread's hazard slot (struct cpu_thread) and checks the handle still
 *   names it. A close (handle_close) removes the handle, then makes every
 *   thread pass a memory barrier (membarrier) and looks at the hazard
 *   slots: an object a service is still using is not released but parked
 *   until its last user is done (handle_unuse). Windows behaves the same
 *   way: a handle closed while another thread's I/O on it is in progress
 *   keeps the object until that I/O ends.
 * Locked instructions are what a service call would pay for here: on the
 * machines we measure, the first one after a system call costs as much as
 * ~20 ns (docs/performance.md, file_call), and handle_get makes four. */
#include "object.h"
#include "log.h"
#include "thread.h"

#include <pthread.h>
#include <stdlib.h>

#define CHUNK_BITS 10
#define CHUNK (1u << CHUNK_BITS)
#define MAX_HANDLES (1u << 24)
#define NCHUNKS (MAX_HANDLES / CHUNK)

/* Windows' HANDLE_FLAG_* values, kept per handle. */
#define FLAG_INHERIT 0x1u
#define FLAG_PROTECT 0x2u

struct chunk {
    struct nt_object *obj[CHUNK];
    uint8_t flags[CHUNK];
};

/* Chunks are made under table_lock and never freed, so a reader can index
 * them without the lock. */
/* unit.test_handle builds this file with HANDLE_TEST_HOOK to close a
 * handle at the worst moment of handle_use: after the object is
 * published, before the handle is checked again. */
#ifdef HANDLE_TEST_HOOK
void (*handle_test_after_publish)(void);
#define AFTER_PUBLISH()                                                  \
    do {                                                                 \
        if (handle_test_after_publish)                                   \
            handle_test_after_publish();                                 \
    } while (0)
#else
#define AFTER_PUBLISH() ((void)0)
#endif

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *chunks[NCHUNKS];
static size_t first_free = 1; /* no free slot below this one (table_lock) */

/* Objects closed while in use, waiting for their users (retired_lock). */
static pthread_mutex_t retired_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nt_object *retired;
static unsigned retired_count;

/* handle_use's short path is on once the host has a fast process-wide
 * barrier (set at the first handle allocation, before any lookup). */
static bool hazards_on;
static pthread_once_t hazards_once = PTHREAD_ONCE_INIT;

static void hazards_init(void)
{
    __atomic_store_n(&hazards_on, process_barrier_is_fast(), __ATOMIC_RELEASE);
}

void object_init(struct nt_object *obj, enum nt_object_type type,
                 void (*destroy)(struct nt_object *obj))
{
    obj->type = type;
    obj->refs = 1;
    obj->destroy = destroy;
    obj->retired_next = NULL;
}

void object_ref(struct nt_object *obj)
{
    __atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED);
}

void object_release(struct nt_object *obj)
{
    if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) == 0)
        obj->destroy(obj);
}

static size_t handle_index(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;

    /* The low two bits are ignored, as Windows does (they are tag bits). */
    return (v >> 2) & 0x3FFFFFFF;
}

/* The slot of index i, or NULL when no chunk holds it. */
static struct nt_object **slot_of(size_t i, uint8_t **flags)
{
    struct chunk *c;

    if (!i || i >= MAX_HANDLES)
        return NULL;
    if (!(c = __atomic_load_n(&chunks[i >> CHUNK_BITS], __ATOMIC_ACQUIRE)))
        return NULL;
    if (flags)
        *flags = &c->flags[i & (CHUNK - 1)];
    return &c->obj[i & (CHUNK - 1)];
}

/* Stores obj (its reference moves into the table) under a new handle with
 * the given HANDLE_FLAG_* bits: the lowest free value, as Windows hands
 * out the values of closed handles again. */
NTSTATUS handle_alloc_flags(struct nt_object *obj, ULONG flags, HANDLE *out)
{
    struct nt_object **slot = NULL;
    uint8_t *f;
    size_t i;

    pthread_once(&hazards_once, hazards_init);
    pthread_mutex_lock(&table_lock);
    for (i = first_free; i < MAX_HANDLES; i++) {
        struct chunk **c = &chunks[i >> CHUNK_BITS];

        if (!*c) {
            struct chunk *n = calloc(1, sizeof *n);

            if (!n)
                break;
            __atomic_store_n(c, n, __ATOMIC_RELEASE);
        }
        slot = slot_of(i, &f);
        if (!*slot)
            break;
        slot = NULL;
    }
    if (!slot) {
        pthread_mutex_unlock(&table_lock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *f = (uint8_t)(flags & (FLAG_INHERIT | FLAG_PROTECT));
    __atomic_store_n(slot, obj, __ATOMIC_RELEASE);
    first_free = i + 1;
    pthread_mutex_unlock(&table_lock);
    *out = (HANDLE)(uintptr_t)(i * 4);
    return STATUS_SUCCESS;
}

/* Stores obj under the given handle value (a handle inherited from the
 * parent keeps its value); STATUS_INVALID_HANDLE if that one is taken. */
NTSTATUS handle_alloc_at(struct nt_object *obj, ULONG flags, HANDLE h)
{
    size_t i = handle_index(h);
    struct nt_object **slot;
    struct chunk **c;
    uint8_t *f;

    if ((intptr_t)h < 0 || !i || i >= MAX_HANDLES)
        return STATUS_INVALID_HANDLE;
    pthread_once(&hazards_once, hazards_init);
    pthread_mutex_lock(&table_lock);
    c = &chunks[i >> CHUNK_BITS];
    if (!*c) {
        struct chunk *n = calloc(1, sizeof *n);

        if (!n) {
            pthread_mutex_unlock(&table_lock);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        __atomic_store_n(c, n, __ATOMIC_RELEASE);
    }
    slot = slot_of(i, &f);
    if (*slot) {
        pthread_mutex_unlock(&table_lock);
        return STATUS_INVALID_HANDLE;
    }
    *f = (uint8_t)(flags & (FLAG_INHERIT | FLAG_PROTECT));
    __atomic_store_n(slot, obj, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&table_lock);
    return STATUS_SUCCESS;
}

NTSTATUS handle_alloc(struct nt_object *obj, HANDLE *out)
{
    return handle_alloc_flags(obj, 0, out);
}

NTSTATUS handle_alloc_attr(struct nt_object *obj, const OBJECT_ATTRIBUTES *attr, HANDLE *out)
{
    return handle_alloc_flags(obj, attr && (attr->Attributes & OBJ_INHERIT) ? FLAG_INHERIT : 0, out);
}

static NTSTATUS check_type(struct nt_object *obj, enum nt_object_type type)
{
    return type == NT_OBJECT_ANY || obj->type == type ? STATUS_SUCCESS
                                                      : STATUS_OBJECT_TYPE_MISMATCH;
}

struct nt_object *handle_get(HANDLE h, enum nt_object_type type, NTSTATUS *status)
{
    struct nt_object *obj = NULL, **slot;

    if ((intptr_t)h < 0) {
        *status = STATUS_OBJECT_TYPE_MISMATCH;
        return NULL;
    }
    pthread_mutex_lock(&table_lock);
    if ((slot = slot_of(handle_index(h), NULL)) && (obj = *slot))
        object_ref(obj);
    pthread_mutex_unlock(&table_lock);
    if (!obj) {
        *status = STATUS_INVALID_HANDLE;
        return NULL;
    }
    if ((*status = check_type(obj, type)) != STATUS_SUCCESS) {
        object_release(obj);
        return NULL;
    }
    return obj;
}

/* Whether a live thread has obj in its hazard slot (thread_lock held). */
static bool hazard_held(const struct nt_object *obj)
{
    for (struct nt_thread *th = thread_list; th; th = th->next)
        if (__atomic_load_n(&th->cpu->handle_hazard, __ATOMIC_ACQUIRE) == obj)
            return true;
    return false;
}

/* Releases the parked objects no thread uses any more. */
static void retired_drain(void)
{
    struct nt_object *done = NULL, **p;

    pthread_mutex_lock(&thread_lock);
    pthread_mutex_lock(&retired_lock);
    for (p = &retired; *p;) {
        struct nt_object *o = *p;

        if (hazard_held(o)) {
            p = &o->retired_next;
            continue;
        }
        *p = o->retired_next;
        o->retired_next = done;
        done = o;
        retired_count--;
    }
    pthread_mutex_unlock(&retired_lock);
    pthread_mutex_unlock(&thread_lock);
    while (done) {
        struct nt_object *o = done;

        done = o->retired_next;
        o->retired_next = NULL;
        object_release(o);
    }
}

/* Whether a thread other than the caller could be in handle_use. */
static bool other_threads(void)
{
    struct cpu_thread *me = cpu_current();
    bool others = false;

    pthread_mutex_lock(&thread_lock);
    for (struct nt_thread *th = thread_list; th && !others; th = th->next)
        others = th->cpu != me;
    pthread_mutex_unlock(&thread_lock);
    return others;
}

/* The table's reference to obj, whose handle is gone: released now, or
 * parked while a service still uses the object. */
static void handle_retire(struct nt_object *obj)
{
    bool others, held;

    if (!__atomic_load_n(&hazards_on, __ATOMIC_ACQUIRE)) {
        object_release(obj);
        return;
    }
    /* A reader that found the handle before it was removed has published
     * obj by the time every thread has passed a barrier; one that looks
     * after that finds the handle gone. A thread created later finds it
     * gone too (it joins thread_list under thread_lock, after this). */
    others = other_threads();
    if (others && !process_barrier()) {
        log_printf("wow64: no process-wide memory barrier: a closed handle's object is kept\n");
        return;
    }
    pthread_mutex_lock(&thread_lock);
    held = hazard_held(obj);
    if (held) {
        pthread_mutex_lock(&retired_lock);
        obj->retired_next = retired;
        retired = obj;
        __atomic_store_n(&retired_count, retired_count + 1, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&retired_lock);
    }
    pthread_mutex_unlock(&thread_lock);
    if (!held) {
        object_release(obj);
        return;
    }
    /* The user may have finished between the look and the parking without
     * seeing the count: after another barrier either it sees the count
     * and drains, or the drain here sees its slot empty. */
    if (others)
        process_barrier();
    retired_drain();
}

/* Empties t's hazard slot, then releases what a close parked meanwhile:
 * the close may have seen the slot still holding its object, even if we
 * never used it (the check in handle_use below). */
static void hazard_clear(struct cpu_thread *t)
{
    t->handle_hazard_depth = 0;
    __atomic_store_n(&t->handle_hazard, NULL, __ATOMIC_RELEASE);
    /* Only the compiler is kept from reordering: the closer's second
     * membarrier orders the store before this load (handle_retire). */
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&retired_count, __ATOMIC_RELAXED))
        retired_drain();
}

struct nt_object *handle_use(HANDLE h, enum nt_object_type type, NTSTATUS *status)
{
    struct cpu_thread *t = cpu_self();
    struct nt_object *obj, **slot;

    if ((intptr_t)h < 0) {
        *status = STATUS_OBJECT_TYPE_MISMATCH;
        return NULL;
    }
    /* Threads outside the thread list (an embedder's, the host's own)
     * and a second object in one thread take a reference instead. */
    if (!__atomic_load_n(&hazards_on, __ATOMIC_ACQUIRE) || !t || !t->thread_obj)
        return handle_get(h, type, status);
    if (!(slot = slot_of(handle_index(h), NULL)) || !(obj = __atomic_load_n(slot, __ATOMIC_ACQUIRE))) {
        *status = STATUS_INVALID_HANDLE;
        return NULL;
    }
    if (t->handle_hazard) {
        if (t->handle_hazard != obj)
            return handle_get(h, type, status);
        t->handle_hazard_depth++;
    } else {
        __atomic_store_n(&t->handle_hazard, obj, __ATOMIC_RELAXED);
        /* Only the compiler is kept from reordering here: the closer's
         * membarrier orders this store before the load below. */
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        AFTER_PUBLISH();
        if (__atomic_load_n(slot, __ATOMIC_ACQUIRE) != obj) {
            hazard_clear(t);
            return handle_get(h, type, status); /* a close raced with us: let the lock decide */
        }
        t->handle_hazard_depth = 1;
    }
    if ((*status = check_type(obj, type)) != STATUS_SUCCESS) {
        handle_unuse(obj);
        return NULL;
    }
    return obj;
}

void handle_unuse(struct nt_object *obj)
{
    struct cpu_thread *t = cpu_self();

    if (!t || t->handle_hazard != obj) {
        object_release(obj); /* handle_use took a reference */
        return;
    }
    if (--t->handle_hazard_depth)
        return;
    hazard_clear(t);
}

NTSTATUS handle_close(HANDLE h)
{
    struct nt_object *obj = NULL, **slot;
    uint8_t *flags;
    size_t i = handle_index(h);

    if ((intptr_t)h < 0)
        return STATUS_SUCCESS; /* closing a pseudo-handle is a no-op */
    pthread_mutex_lock(&table_lock);
    if ((slot = slot_of(i, &flags)) && (obj = *slot)) {
        if (*flags & FLAG_PROTECT) {
            pthread_mutex_unlock(&table_lock);
            return STATUS_HANDLE_NOT_CLOSABLE;
        }
        __atomic_store_n(slot, NULL, __ATOMIC_RELEASE);
        *flags = 0;
        if (i < first_free)
            first_free = i;
    }
    pthread_mutex_unlock(&table_lock);
    if (!obj)
        return STATUS_INVALID_HANDLE;
    handle_retire(obj);
    return STATUS_SUCCESS;
}

NTSTATUS handle_flags(HANDLE h, ULONG *get, ULONG mask, ULONG set)
{
    struct nt_object **slot;
    uint8_t *flags;
    NTSTATUS s = STATUS_INVALID_HANDLE;

    if ((intptr_t)h < 0)
        return STATUS_INVALID_HANDLE;
    pthread_mutex_lock(&table_lock);
    if ((slot = slot_of(handle_index(h), &flags)) && *slot) {
        if (get)
            *get = *flags;
        mask &= FLAG_INHERIT | FLAG_PROTECT;
        *flags = (uint8_t)((*flags & ~mask) | (set & mask));
        s = STATUS_SUCCESS;
    }
    pthread_mutex_unlock(&table_lock);
    return s;
}

size_t handle_collect_inheritable(enum nt_object_type type, HANDLE *handles,
                                  struct nt_object **objs, size_t max)
{
    size_t n = 0, skipped = 0;

    pthread_mutex_lock(&table_lock);
    for (size_t ci = 0; ci < NCHUNKS; ci++) {
        struct chunk *c = chunks[ci];

        for (size_t j = 0; c && j < CHUNK; j++) {
            struct nt_object *o = c->obj[j];

            if (!o || !(c->flags[j] & FLAG_INHERIT))
                continue;
            if (o->type != type || n >= max) {
                skipped++;
                continue;
            }
            object_ref(o);
            handles[n] = (HANDLE)(uintptr_t)(((ci << CHUNK_BITS) | j) * 4);
            objs[n++] = o;
        }
    }
    pthread_mutex_unlock(&table_lock);
    if (skipped)
        log_fixme("ntdll", "Wow64CreateProcess", "%zu inheritable handle(s) of objects other than "
                  "files not inherited", skipped);
    return n;
}

void handle_thread_exit(struct cpu_thread *t)
{
    if (t && __atomic_load_n(&t->handle_hazard, __ATOMIC_ACQUIRE))
        hazard_clear(t);
}

NTSTATUS svc_NtClose(HANDLE h)
{
    return handle_close(h);
}

/* The number of handles to obj in the table (NtQueryObject's
 * ObjectBasicInformation.HandleCount, object_info.c). */
ULONG handle_count_of(const struct nt_object *obj)
{
    ULONG n = 0;

    pthread_mutex_lock(&table_lock);
    for (size_t ci = 0; ci < NCHUNKS; ci++) {
        struct chunk *c = chunks[ci];

        for (size_t j = 0; c && j < CHUNK; j++)
            n += c->obj[j] == obj;
    }
    pthread_mutex_unlock(&table_lock);
    return n;
}
