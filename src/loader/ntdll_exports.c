/* Export lookups for the CPU module: the address of ntdll's
 * KiUserExceptionDispatcher when a fault is delivered, and export names
 * for crash reports. Both only read the export tables of images already
 * loaded (no allocation, no loader error state), so a signal handler may
 * call them. */
#include <stdio.h>

#include "../cpu/context32.h"
#include "startup.h"

/* The nearest named export at or below an RVA, for one module. */
struct nearest {
    uint32_t rva;
    uint32_t best_rva;
    const char *best;
};

/* Beyond this distance the export says more about the layout of the DLL
 * than about the code at the address (static functions have no names). */
#define NEAREST_MAX 0x800u

static int consider(void *ctx, const char *name, uint32_t ordinal, const struct pe_export *e)
{
    struct nearest *n = ctx;

    if (!e->forward && e->rva <= n->rva && (!n->best || e->rva > n->best_rva)) {
        n->best = name;
        n->best_rva = e->rva;
    }
    return 0;
}

/* The address of ntdll's export name (not forwarded), or 0. */
uint32_t loader_ntdll_export(const char *name)
{
    struct module *m = startup.ntdll;
    struct pe_export e;

    if (!m || pe_find_export(&m->pe, name, 0, &e) != PE_EXPORT_FOUND || e.forward)
        return 0;
    return m->base + e.rva;
}

/* addr as module+offset and the nearest export below it, for reports. */
void loader_describe_symbol(uint32_t addr, char *buf, size_t n)
{
    struct module *m = module_find_by_address(addr);
    struct nearest near = { 0, 0, NULL };

    if (!m) {
        loader_describe_address(addr, buf, n);
        return;
    }
    near.rva = addr - m->base;
    pe_for_each_export(&m->pe, consider, &near, NULL);
    if (near.best && near.rva - near.best_rva < NEAREST_MAX)
        snprintf(buf, n, "(%s+0x%x %s+0x%x)", m->name, near.rva, near.best, near.rva - near.best_rva);
    else
        snprintf(buf, n, "(%s+0x%x)", m->name, near.rva);
}
