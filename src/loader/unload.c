/* Reference counts and unloading: a module's count is its explicit loads
 * (LoadLibrary, LdrLoadDll, GetModuleHandleEx) plus one for every loaded
 * module that imports it or forwards to it. FreeLibrary at 0 detaches the
 * DLL (TLS callbacks and DllMain with DLL_PROCESS_DETACH, lpReserved NULL),
 * takes it off PEB->Ldr's lists, frees its TLS slot and unmaps it; the DLLs
 * it needed give back its references and go the same way at 0, after it
 * (Microsoft's FreeLibrary documentation). Pinned modules stay: the
 * process's static imports, our system DLLs, and what
 * GetModuleHandleEx(GET_MODULE_HANDLE_EX_FLAG_PIN) names. */
#include "loader.h"
#include "peb32.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../cpu/cpu.h"
#include "../nt/log.h"

#define DLL_PROCESS_DETACH 0

void loader_addref(struct module *m)
{
    if (m->pinned || m->unloading)
        return;
    if (m->refs < INT_MAX)
        m->refs++;
    ldr_sync_load_count(m);
}

void loader_pin(struct module *m)
{
    m->pinned = true;
    ldr_sync_load_count(m);
}

void loader_pin_all(void)
{
    for (struct module *m = module_first(); m; m = m->next)
        loader_pin(m);
}

NTSTATUS loader_add_dep(struct module *m, struct module *dep)
{
    struct module **deps;

    /* A module importing itself, or the same DLL twice (two import
     * descriptors, an import and a forwarder), counts once. */
    for (unsigned i = 0; i < m->ndeps; i++)
        if (m->deps[i] == dep) {
            loader_release(dep);
            return STATUS_SUCCESS;
        }
    if (dep == m) {
        loader_release(dep);
        return STATUS_SUCCESS;
    }
    if (!(deps = realloc(m->deps, (m->ndeps + 1) * sizeof *deps))) {
        loader_release(dep);
        return STATUS_NO_MEMORY;
    }
    deps[m->ndeps++] = dep;
    m->deps = deps;
    return STATUS_SUCCESS;
}

static int later_init_first(const void *a, const void *b)
{
    const struct module *x = *(struct module *const *)a, *y = *(struct module *const *)b;

    return x->init_seq < y->init_seq ? 1 : x->init_seq > y->init_seq ? -1 : 0;
}

/* DLL_PROCESS_DETACH for m if its attach succeeded: its TLS callbacks,
 * then DllMain. The flag goes first, so that no thread notification
 * reaches it from now on. */
static void detach(struct module *m)
{
    LDR_DATA_TABLE_ENTRY32 *e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;
    ULONG flags;

    m->attached = false;
    if (!e || m->is_exe)
        return;
    flags = __atomic_fetch_and(&e->Flags, ~(ULONG)LDRP_PROCESS_ATTACH_CALLED, __ATOMIC_ACQ_REL);
    if (!(flags & LDRP_PROCESS_ATTACH_CALLED))
        return;
    loader_run_tls_callbacks(m, DLL_PROCESS_DETACH);
    if (module_dll_entry(m)) {
        uint32_t args[3] = { m->base, DLL_PROCESS_DETACH, 0 };

        if (log_enabled("loader"))
            log_printf("loader: %s DllMain(PROCESS_DETACH)\n", m->name);
        /* An exception DllMain leaves to the loader stops at cpu_call32's
         * frame; the unload goes on, as Windows' loader's __except does. */
        cpu_call32(module_dll_entry(m), 0, 3, args);
    }
}

/* Unloads m, whose count reached 0, and what only it kept loaded. */
static void unload(struct module *m)
{
    struct module **set = NULL;
    unsigned n = 0, cap = 0;

    m->unloading = true;
    /* The set: m, then every dependency whose count drops to 0 with it,
     * breadth first. Marked unloading at once, so that no load finds
     * them any more (one in a DllMain below maps the DLL afresh). */
    if (!(set = malloc(sizeof *set * (cap = 8)))) {
        /* Without memory for the set, m alone goes; its dependencies keep
         * the reference (they stay loaded, which is safe). */
        set = &m;
        n = 1;
        cap = 0;
    } else {
        set[n++] = m;
        for (unsigned i = 0; i < n; i++) {
            struct module *x = set[i];

            for (unsigned j = 0; j < x->ndeps; j++) {
                struct module *d = x->deps[j];

                if (d->pinned || d->unloading || --d->refs > 0) {
                    ldr_sync_load_count(d);
                    continue;
                }
                if (n == cap) {
                    struct module **more = realloc(set, sizeof *set * (cap * 2));
                    if (!more) {
                        d->refs = 1; /* kept, and loaded for good */
                        continue;
                    }
                    set = more;
                    cap *= 2;
                }
                d->unloading = true;
                set[n++] = d;
            }
        }
    }
    /* Detach in the reverse of the order they were initialised in (a DLL
     * before the DLLs it needs), all before anything is unmapped: their
     * DllMains may still call each other. */
    qsort(set, n, sizeof *set, later_init_first);
    for (unsigned i = 0; i < n; i++) {
        if (log_enabled("loader"))
            log_printf("loader: unloading %s\n", set[i]->name);
        detach(set[i]);
    }
    for (unsigned i = 0; i < n; i++) {
        struct module *x = set[i];

        ldr_remove_module(x);
        loader_tls_unload(x);
        vm_release(x->base);
        module_unlink(x);
    }
    if (cap)
        free(set);
}

void loader_release(struct module *m)
{
    if (m->pinned || m->unloading)
        return;
    if (--m->refs > 0) {
        ldr_sync_load_count(m);
        return;
    }
    m->refs = 0;
    unload(m);
}
