/* Static TLS (an image's TLS directory: __declspec(thread), MinGW's .tls
 * section), one mechanism for the exe and its DLLs, as Windows has it
 * since Vista: every image with a TLS directory gets an index, written to
 * its AddressOfIndex; slot [index] of each thread's ThreadLocalStoragePointer
 * array (TEB+0x2C) points to that thread's copy of the image's template
 * (the data from StartAddressOfRawData to EndAddressOfRawData, then
 * SizeOfZeroFill zero bytes).
 *
 * - At start-up the exe and its static imports get 0, 1, ... in load
 *   order; the main thread's copies are permanent (those images never
 *   unload).
 * - A thread created later gets copies of every image's template inside
 *   its TEB allocation (loader_thread_teb), which go away with it.
 * - A DLL loaded later (LoadLibrary) takes the lowest free index and gives
 *   every existing thread a copy from the guest's process heap, as
 *   Windows' loader does; unloading frees those and the index.
 *
 * The threads are registered here (with the copies made on the heap for
 * them) under tls_mutex, which is never held across guest code: a thread
 * ending frees its TEB without the loader lock. Index assignment and the
 * module fields are under the loader lock. */
#include "startup.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../nt/log.h"
#include "peb32.h"

/* Templates are limited to this size, data and zero fill each. */
#define TLS_MAX_BLOCK 0x1000000u
#define HEAP_ZERO_MEMORY 0x8u

struct tls_thread {
    struct tls_thread *next;
    uint32_t teb, end;             /* the TEB allocation: copies inside it go with it */
    uint32_t heap[TLS_INDEXES];    /* copies on the guest heap, by index (0: none) */
};

static pthread_mutex_t tls_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct tls_thread *threads;
/* Heap copies of threads that ended without ExitThread (terminated), to
 * be freed by the next thread that can call the guest heap. */
static uint32_t *orphans;
static size_t norphans, orphans_cap;
/* Indexes in use (loader lock). */
static bool used[TLS_INDEXES];
static bool main_registered;

static uint32_t get32(uint32_t addr)
{
    uint32_t v = 0;

    guest_read(&v, (void *)(uintptr_t)addr, 4);
    return v;
}

/* The template of m: false when its TLS directory is bad. */
static bool template_of(const struct module *m, struct pe_tls *tls, uint32_t *data, uint32_t *size)
{
    if (pe_tls_info(&m->pe, m->delta, tls, NULL, 0) < 0 || tls->end_va < tls->start_va ||
        tls->end_va - tls->start_va > TLS_MAX_BLOCK || tls->zero_fill > TLS_MAX_BLOCK)
        return false;
    *data = tls->end_va - tls->start_va;
    *size = *data + tls->zero_fill;
    return true;
}

/* The room a copy takes inside a TEB allocation. */
static uint32_t block_room(uint32_t size)
{
    return size ? (size + 15) & ~15u : 16;
}

static void set_ldr_index(struct module *m)
{
    LDR_DATA_TABLE_ENTRY32 *e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;

    if (e)
        e->TlsIndex = m->tls_index >= 0 ? (USHORT)m->tls_index : 0xFFFF; /* none */
}

/* Under tls_mutex. */
static struct tls_thread *find_thread(uint32_t teb, struct tls_thread ***link)
{
    struct tls_thread **pp;

    for (pp = &threads; *pp; pp = &(*pp)->next)
        if ((*pp)->teb == teb) {
            if (link)
                *link = pp;
            return *pp;
        }
    return NULL;
}

static bool add_thread(uint32_t teb, uint32_t end)
{
    struct tls_thread *t = calloc(1, sizeof *t);

    if (!t)
        return false;
    t->teb = teb;
    t->end = end;
    pthread_mutex_lock(&tls_mutex);
    t->next = threads;
    threads = t;
    pthread_mutex_unlock(&tls_mutex);
    return true;
}

/* The main thread (its TEB and pointer array are permanent): registered
 * once, with an array if it has none yet (libwow64 embedded, where no
 * program started). */
static bool register_main(void)
{
    uint32_t array;

    if (main_registered)
        return true;
    if (!startup.teb)
        return false;
    if (!(array = get32(startup.teb + TEB32_ThreadLocalStoragePointer))) {
        if (!(array = galloc(TLS_INDEXES * 4)))
            return false;
        memset((void *)(uintptr_t)array, 0, TLS_INDEXES * 4);
        memcpy((void *)(uintptr_t)(startup.teb + TEB32_ThreadLocalStoragePointer), &array, 4);
    }
    if (!add_thread(startup.teb, startup.teb))
        return false;
    main_registered = true;
    return true;
}

int loader_tls_start(void)
{
    uint32_t array, block;
    int next = 0;

    if (!register_main())
        return -1;
    array = get32(startup.teb + TEB32_ThreadLocalStoragePointer);
    for (struct module *m = module_first(); m; m = m->next) {
        struct pe_tls tls;
        uint32_t data, size;

        if (!pe_has_tls(&m->pe) || m->tls_index >= 0)
            continue;
        if (!template_of(m, &tls, &data, &size))
            return -1;
        if (next == TLS_INDEXES) {
            log_fixme("ntdll", "LdrpInitializeTls", "more than %d images with TLS: %s has none",
                      TLS_INDEXES, m->name);
            continue;
        }
        if (!(block = galloc(size ? size : 4)))
            return -1;
        memset((void *)(uintptr_t)block, 0, size ? size : 4);
        if ((data && !guest_read((void *)(uintptr_t)block, (void *)(uintptr_t)tls.start_va, data)) ||
            (tls.index_va && !guest_write((void *)(uintptr_t)tls.index_va, &next, 4)))
            return -1;
        memcpy((void *)(uintptr_t)(array + 4 * (uint32_t)next), &block, 4);
        m->tls_index = next;
        m->tls_dynamic = false;
        used[next++] = true;
        set_ldr_index(m);
        if (log_enabled("loader"))
            log_printf("loader: %s static TLS index %d (%u bytes)\n", m->name, m->tls_index, size);
    }
    return 0;
}

/* ntdll's heap functions and the process heap; false before ntdll has
 * made it. */
static bool heap_functions(uint32_t *alloc_fn, uint32_t *free_fn, uint32_t *heap)
{
    return startup.ntdll &&
           loader_get_export(startup.ntdll, "RtlAllocateHeap", 0, 0, alloc_fn) == STATUS_SUCCESS &&
           loader_get_export(startup.ntdll, "RtlFreeHeap", 0, 0, free_fn) == STATUS_SUCCESS &&
           (*heap = get32(nt_process.peb32 + PEB32_ProcessHeap)) != 0;
}

static void heap_free(uint32_t free_fn, uint32_t heap, uint32_t block)
{
    uint32_t args[3] = { heap, 0, block };

    cpu_call32(free_fn, 0, 3, args);
}

/* Frees the orphaned copies (the caller can run guest code). */
static void drain_orphans(void)
{
    uint32_t alloc_fn, free_fn, heap, *list;
    size_t n;

    if (!__atomic_load_n(&norphans, __ATOMIC_RELAXED) || !heap_functions(&alloc_fn, &free_fn, &heap))
        return;
    pthread_mutex_lock(&tls_mutex);
    list = orphans;
    n = norphans;
    orphans = NULL;
    norphans = orphans_cap = 0;
    pthread_mutex_unlock(&tls_mutex);
    for (size_t i = 0; i < n; i++)
        heap_free(free_fn, heap, list[i]);
    free(list);
}

NTSTATUS loader_tls_load(struct module *m)
{
    struct pe_tls tls;
    uint32_t data, size, alloc_fn, free_fn, heap, *blocks, idx;
    size_t n = 0, given = 0;

    if (!template_of(m, &tls, &data, &size)) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", m->name, pe_strerror(PE_E_TLS));
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    for (idx = 0; idx < TLS_INDEXES && used[idx]; idx++)
        ;
    if (idx == TLS_INDEXES) {
        /* Windows grows the arrays; ours have a fixed size. */
        log_fixme("ntdll", "LdrpHandleTlsData", "more than %d images with TLS", TLS_INDEXES);
        loader_set_error(LOADER_E_NO_MEMORY, "%s: no static TLS index left (%d in use)", m->name,
                         TLS_INDEXES);
        return STATUS_NO_MEMORY;
    }
    if (!register_main() || !heap_functions(&alloc_fn, &free_fn, &heap)) {
        loader_set_error(LOADER_E_NO_MEMORY, "%s: no process heap for its TLS", m->name);
        return STATUS_NO_MEMORY;
    }
    if (tls.index_va && !guest_write((void *)(uintptr_t)tls.index_va, &idx, 4)) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", m->name, pe_strerror(PE_E_TLS));
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    /* The copies come from the guest heap, which is guest code: made
     * first, then handed out under tls_mutex. No thread is created
     * meanwhile (that takes the loader lock, which the caller holds);
     * some may end. */
    pthread_mutex_lock(&tls_mutex);
    for (struct tls_thread *t = threads; t; t = t->next)
        n++;
    pthread_mutex_unlock(&tls_mutex);
    if (!(blocks = calloc(n ? n : 1, sizeof *blocks))) {
        loader_set_error(LOADER_E_NO_MEMORY, "%s: out of memory for its TLS", m->name);
        return STATUS_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t args[3] = { heap, HEAP_ZERO_MEMORY, size ? size : 4 };

        if (!(blocks[i] = (uint32_t)cpu_call32(alloc_fn, 0, 3, args))) {
            for (size_t j = 0; j < i; j++)
                heap_free(free_fn, heap, blocks[j]);
            free(blocks);
            loader_set_error(LOADER_E_NO_MEMORY, "%s: out of memory for its TLS", m->name);
            return STATUS_NO_MEMORY;
        }
    }
    pthread_mutex_lock(&tls_mutex);
    for (struct tls_thread *t = threads; t && given < n; t = t->next) {
        uint32_t array = get32(t->teb + TEB32_ThreadLocalStoragePointer), b = blocks[given];

        if (!array || (data && !guest_read((void *)(uintptr_t)b, (void *)(uintptr_t)tls.start_va, data)) ||
            !guest_write((void *)(uintptr_t)(array + 4 * idx), &b, 4))
            continue;
        t->heap[idx] = b;
        given++;
    }
    pthread_mutex_unlock(&tls_mutex);
    for (size_t i = given; i < n; i++)
        heap_free(free_fn, heap, blocks[i]);
    free(blocks);
    m->tls_index = (int)idx;
    m->tls_dynamic = true;
    used[idx] = true;
    set_ldr_index(m);
    if (log_enabled("loader"))
        log_printf("loader: %s static TLS index %u (%u bytes), %zu threads\n", m->name, idx, size, given);
    drain_orphans();
    return STATUS_SUCCESS;
}

void loader_tls_unload(struct module *m)
{
    uint32_t alloc_fn, free_fn, heap, zero = 0, *list = NULL;
    size_t n = 0, cap = 0;
    int idx = m->tls_index;

    if (idx < 0 || idx >= TLS_INDEXES)
        return;
    pthread_mutex_lock(&tls_mutex);
    for (struct tls_thread *t = threads; t; t = t->next) {
        uint32_t array = get32(t->teb + TEB32_ThreadLocalStoragePointer);

        if (array)
            guest_write((void *)(uintptr_t)(array + 4 * (uint32_t)idx), &zero, 4);
        if (!t->heap[idx])
            continue;
        if (n == cap) {
            uint32_t *more = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof *list);
            if (!more) {
                /* Left to the heap: a leak, never a double free. */
                t->heap[idx] = 0;
                continue;
            }
            list = more;
        }
        list[n++] = t->heap[idx];
        t->heap[idx] = 0;
    }
    pthread_mutex_unlock(&tls_mutex);
    if (n && heap_functions(&alloc_fn, &free_fn, &heap))
        for (size_t i = 0; i < n; i++)
            heap_free(free_fn, heap, list[i]);
    free(list);
    used[idx] = false;
    m->tls_index = -1;
    set_ldr_index(m);
    drain_orphans();
}

uint32_t loader_tls_thread_size(void)
{
    uint32_t total = 0;

    for (struct module *m = module_first(); m; m = m->next) {
        struct pe_tls tls;
        uint32_t data, size;

        if (m->tls_index >= 0 && template_of(m, &tls, &data, &size))
            total += block_room(size);
    }
    return total;
}

bool loader_tls_thread_fill(uint32_t teb, uint32_t array, uint32_t block, uint32_t end)
{
    for (struct module *m = module_first(); m; m = m->next) {
        struct pe_tls tls;
        uint32_t data, size;

        if (m->tls_index < 0 || m->tls_index >= TLS_INDEXES || !template_of(m, &tls, &data, &size))
            continue;
        if (block_room(size) > end - block ||
            (data && !guest_read((void *)(uintptr_t)block, (void *)(uintptr_t)tls.start_va, data)))
            return false;
        memcpy((void *)(uintptr_t)(array + 4 * (uint32_t)m->tls_index), &block, 4);
        block += block_room(size);
    }
    return add_thread(teb, end);
}

void loader_tls_thread_forget(uint32_t teb)
{
    struct tls_thread *t, **link;

    pthread_mutex_lock(&tls_mutex);
    if ((t = find_thread(teb, &link))) {
        *link = t->next;
        for (unsigned i = 0; i < TLS_INDEXES; i++) {
            if (!t->heap[i])
                continue;
            if (norphans == orphans_cap) {
                size_t cap = orphans_cap ? orphans_cap * 2 : 16;
                uint32_t *more = realloc(orphans, cap * sizeof *more);
                if (!more)
                    break; /* left to the heap */
                orphans = more;
                orphans_cap = cap;
            }
            orphans[norphans++] = t->heap[i];
        }
    }
    pthread_mutex_unlock(&tls_mutex);
    free(t);
}

void loader_tls_thread_exit(uint32_t teb)
{
    uint32_t alloc_fn, free_fn, heap, mine[TLS_INDEXES], zero = 0;
    unsigned n = 0;
    struct tls_thread *t;

    if (!heap_functions(&alloc_fn, &free_fn, &heap))
        return;
    pthread_mutex_lock(&tls_mutex);
    if ((t = find_thread(teb, NULL))) {
        uint32_t array = get32(teb + TEB32_ThreadLocalStoragePointer);

        for (unsigned i = 0; i < TLS_INDEXES; i++)
            if (t->heap[i]) {
                mine[n++] = t->heap[i];
                t->heap[i] = 0;
                if (array)
                    guest_write((void *)(uintptr_t)(array + 4 * i), &zero, 4);
            }
    }
    pthread_mutex_unlock(&tls_mutex);
    for (unsigned i = 0; i < n; i++)
        heap_free(free_fn, heap, mine[i]);
    drain_orphans();
}
