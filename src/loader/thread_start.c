/* Threads after the first: their TEB32 and static TLS blocks, the
 * DLL_THREAD_ATTACH and DLL_THREAD_DETACH notifications, and where their
 * guest code starts. (The main thread's TEB is built by startup.c.) */
#include "startup.h"

#include <stdlib.h>
#include <string.h>

#include "../nt/log.h"
#include "peb32.h"

#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3

static void put32(uint32_t addr, uint32_t v)
{
    memcpy((void *)(uintptr_t)addr, &v, 4);
}

/* A new thread's TEB and static TLS: see loader.h. */
uint32_t loader_thread_teb(uint32_t stack_base, uint32_t stack_limit, uint32_t dealloc, uint32_t tid)
{
    uint32_t base = 0, size, array, locale = 0x409;

    /* Under the loader lock: no image comes or goes (and so no TLS index)
     * between sizing the copies, making them and registering the thread
     * for the copies of images loaded later (tls.c). */
    loader_lock();
    size = TEB32_SIZE + TLS_INDEXES * 4 + loader_tls_thread_size();
    if (vm_allocate(&base, &size, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE) !=
        STATUS_SUCCESS) {
        loader_unlock();
        return 0;
    }
    /* The TEB is the allocation's first page (FS's limit is one page);
     * the TLS pointer array and the copies follow it. */
    array = base + TEB32_SIZE;
    put32(base + TEB32_ThreadLocalStoragePointer, array);
    if (!loader_tls_thread_fill(base, array, array + TLS_INDEXES * 4, base + size)) {
        loader_unlock();
        vm_release(base);
        return 0;
    }
    loader_unlock();
    if (startup.teb)
        memcpy(&locale, (void *)(uintptr_t)(startup.teb + TEB32_CurrentLocale), 4);
    put32(base + TEB32_ExceptionList, 0xFFFFFFFF);
    put32(base + TEB32_StackBase, stack_base);
    put32(base + TEB32_StackLimit, stack_limit);
    put32(base + TEB32_Self, base);
    put32(base + TEB32_ClientIdProcess, nt_process.pid);
    put32(base + TEB32_ClientIdThread, tid);
    put32(base + TEB32_ProcessEnvironmentBlock, nt_process.peb32);
    put32(base + TEB32_WOW32Reserved, cpu_transition_address());
    put32(base + TEB32_CurrentLocale, locale);
    put32(base + TEB32_DeallocationStack, dealloc);
    put32(base + TEB32_StaticUnicodeString + 4, base + TEB32_StaticUnicodeBuffer);
    *(USHORT *)(uintptr_t)(base + TEB32_StaticUnicodeString + 2) = 261 * 2;
    return base;
}

/* Frees what loader_thread_teb made; TLS copies a later load put on the
 * heap for the thread are freed later by a thread that can (tls.c). */
void loader_thread_teb_free(uint32_t teb)
{
    if (!teb)
        return;
    loader_tls_thread_forget(teb);
    vm_release(teb);
}

/* Whether m gets thread notifications: its attach succeeded and it did
 * not turn them off (LdrDisableThreadCalloutsForDll). */
static bool wants_thread_calls(const struct module *m)
{
    const LDR_DATA_TABLE_ENTRY32 *e = (const LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;
    ULONG flags;

    if (m->is_exe || !m->attached || !e)
        return false;
    flags = __atomic_load_n(&e->Flags, __ATOMIC_ACQUIRE);
    return (flags & LDRP_PROCESS_ATTACH_CALLED) && !(flags & LDRP_DONT_CALL_FOR_THREADS);
}

/* A module to notify, with its load number: a DllMain called before it
 * may unload it. */
struct notified {
    struct module *m;
    uint64_t seq;
};

/* Under the loader lock: the modules that take thread notifications, in
 * load order (a heap array, *n of them), and the exe if it has started. */
static struct notified *thread_modules(unsigned *n, struct module **exe)
{
    struct notified *mods = NULL;
    unsigned cap = 0;

    *n = 0;
    *exe = NULL;
    for (struct module *m = module_first(); m; m = m->next) {
        if (m->is_exe && m->attached)
            *exe = m;
        if (!wants_thread_calls(m))
            continue;
        if (*n == cap) {
            struct notified *more = realloc(mods, (cap = cap ? cap * 2 : 32) * sizeof *mods);
            if (!more)
                break;
            mods = more;
        }
        mods[(*n)++] = (struct notified){ m, m->seq };
    }
    return mods;
}

/* TLS callbacks, then DllMain, for reason; nothing for a module unloaded
 * meanwhile, or one that no longer wants it. */
static void notify(const struct notified *n, uint32_t reason)
{
    struct module *m = n->m;

    if (!module_is_live(m, n->seq) || !wants_thread_calls(m))
        return;
    loader_run_tls_callbacks(m, reason);
    if (module_dll_entry(m)) {
        uint32_t args[3] = { m->base, reason, 0 };

        if (log_enabled("loader"))
            log_printf("loader: %s DllMain(%s)\n", m->name,
                       reason == DLL_THREAD_ATTACH ? "THREAD_ATTACH" : "THREAD_DETACH");
        cpu_call32(module_dll_entry(m), 0, 3, args);
    }
}

/* DLL_THREAD_ATTACH for the calling new thread. */
void loader_thread_attach(void)
{
    struct notified *mods;
    struct module *exe;
    unsigned n;

    /* Under the loader lock, as on Windows: a DLL being attached by
     * another thread finishes first. The list is taken first, so that a
     * DLL a DllMain loads now is not notified. */
    loader_lock();
    mods = thread_modules(&n, &exe);
    for (unsigned i = 0; i < n; i++)
        notify(&mods[i], DLL_THREAD_ATTACH);
    if (exe)
        loader_run_tls_callbacks(exe, DLL_THREAD_ATTACH);
    loader_unlock();
    free(mods);
}

/* DLL_THREAD_DETACH for the calling thread, which leaves by ExitThread. */
void loader_thread_detach(void)
{
    struct notified *mods;
    struct module *exe;
    uint32_t teb = cpu_current()->teb32, slots = 0, heap = 0, free_fn = 0;
    unsigned n;

    loader_lock();
    mods = thread_modules(&n, &exe);
    for (unsigned i = n; i-- > 0;)
        notify(&mods[i], DLL_THREAD_DETACH);
    if (exe)
        loader_run_tls_callbacks(exe, DLL_THREAD_DETACH);
    /* No more DLL code runs on this thread: the TLS copies later loads put
     * on the heap for it go back. */
    loader_tls_thread_exit(teb);
    if (startup.ntdll && loader_get_export(startup.ntdll, "RtlFreeHeap", 0, 0, &free_fn) != STATUS_SUCCESS)
        free_fn = 0;
    loader_unlock();
    free(mods);
    /* The TLS expansion slots kernel32 took from the process heap go back
     * to it, as ntdll's LdrShutdownThread does on Windows. */
    if (free_fn && guest_read(&slots, (void *)(uintptr_t)(teb + TEB32_TlsExpansionSlots), 4) && slots &&
        guest_read(&heap, (void *)(uintptr_t)(nt_process.peb32 + PEB32_ProcessHeap), 4) && heap) {
        uint32_t args[3] = { heap, 0, slots }, zero = 0;

        guest_write((void *)(uintptr_t)(teb + TEB32_TlsExpansionSlots), &zero, 4);
        cpu_call32(free_fn, 0, 3, args);
    }
}

/* kernel32!BaseThreadInitThunk, looked up once. */
uint32_t loader_thread_start_thunk(void)
{
    static uint32_t thunk;
    uint32_t addr = __atomic_load_n(&thunk, __ATOMIC_ACQUIRE);

    if (addr || !startup.kernel32)
        return addr;
    loader_lock();
    if (loader_get_export(startup.kernel32, "BaseThreadInitThunk", 0, 0, &addr) != STATUS_SUCCESS)
        addr = 0;
    loader_unlock();
    __atomic_store_n(&thunk, addr, __ATOMIC_RELEASE);
    return addr;
}
