/* Import resolution: loading the DLLs a module names (recursively, in
 * Windows' search order), binding its IAT by name, hint and ordinal,
 * following export forwarders, and running entry points in dependency
 * order. */
#include "loader.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cpu/cpu.h"
#include "../nt/log.h"
#include "../nt/path.h"

#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define MAX_FORWARD_DEPTH 16

/* "kernel32" -> "kernel32.dll"; names with an extension stay. */
static void dll_file_name(const char *name, char *out, size_t n)
{
    const char *base = name, *p;

    for (p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    if (strchr(base, '.'))
        snprintf(out, n, "%s", base);
    else
        snprintf(out, n, "%s.dll", base);
    /* "name." means "no extension" on Windows. */
    if (n && out[0] && out[strlen(out) - 1] == '.')
        out[strlen(out) - 1] = 0;
}

/* Whether a host path names a file directly in SysWOW64. */
static bool in_system_dir(const char *path)
{
    size_t n = strlen(prefix_syswow64);

    return n && !strncmp(path, prefix_syswow64, n) && path[n] == '/' && !strchr(path + n + 1, '/');
}

/* Maps the DLL at the host path and loads what it imports. */
static NTSTATUS load_file(const char *path, const char *file, const struct module *importer,
                          struct module **out)
{
    struct module *m;
    NTSTATUS s;

    if ((s = module_map(path, false, &m)) != STATUS_SUCCESS) {
        if (s == STATUS_OBJECT_NAME_NOT_FOUND) {
            loader_set_error(LOADER_E_DLL_NOT_FOUND, "%s needed by %s was not found", file,
                             importer ? importer->name : "the program");
            return STATUS_DLL_NOT_FOUND;
        }
        return s;
    }
    /* The import name is the module's name for later lookups, whatever
     * the case on disk. */
    snprintf(m->name, sizeof m->name, "%s", loader_display_name(path));
    /* Our system DLLs (the system directory's) are never unloaded: they
     * hold the process's state (heap, handles, CRT) for everyone. */
    if (in_system_dir(path))
        loader_pin(m);
    if ((s = loader_resolve_imports(m)) != STATUS_SUCCESS)
        return s;
    *out = m;
    return STATUS_SUCCESS;
}

NTSTATUS loader_load_dll(const char *name, const struct module *importer, struct module **out)
{
    char file[256], path[PATH_MAX];
    struct module *m;

    dll_file_name(name, file, sizeof file);
    if ((m = module_find_by_name(file))) {
        loader_addref(m);
        *out = m;
        return STATUS_SUCCESS;
    }
    if (!search_dll(file, importer, path, sizeof path)) {
        loader_set_error(LOADER_E_DLL_NOT_FOUND, "%s needed by %s was not found", file,
                         importer ? importer->name : "the program");
        return STATUS_DLL_NOT_FOUND;
    }
    return load_file(path, file, importer, out);
}

NTSTATUS loader_load_dll_path(const char *host_path, struct module **out)
{
    char file[256];
    struct module *m;

    dll_file_name(host_path, file, sizeof file);
    if ((m = module_find_by_name(file))) {
        loader_addref(m);
        *out = m;
        return STATUS_SUCCESS;
    }
    return load_file(host_path, file, NULL, out);
}

static NTSTATUS get_export_depth(struct module *m, const char *name, uint16_t hint,
                                 uint32_t ordinal, uint32_t *addr, int depth);

/* Follows a forwarder "DLL.Func" or "DLL.#12". */
static NTSTATUS follow_forwarder(struct module *from, const char *fwd, uint32_t *addr, int depth)
{
    char dll[256];
    const char *dot = strrchr(fwd, '.');
    struct module *target;
    NTSTATUS s;

    if (!dot || dot == fwd || (size_t)(dot - fwd) >= sizeof dll - 4 || depth >= MAX_FORWARD_DEPTH) {
        loader_set_error(LOADER_E_EXPORT_NOT_FOUND, "%s: bad export forwarder \"%s\"", from->name, fwd);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    memcpy(dll, fwd, (size_t)(dot - fwd));
    dll[dot - fwd] = 0;
    if ((s = loader_load_dll(dll, from, &target)) != STATUS_SUCCESS)
        return s;
    /* The forwarding DLL depends on its target, whose DllMain must run
     * first (api-ms-win-crt-*.dll -> ucrtbase.dll), and which stays
     * loaded as long as it does. */
    if ((s = loader_add_dep(from, target)) != STATUS_SUCCESS)
        return s;
    if (dot[1] == '#')
        return get_export_depth(target, NULL, 0, (uint32_t)strtoul(dot + 2, NULL, 10), addr, depth + 1);
    return get_export_depth(target, dot + 1, 0, 0, addr, depth + 1);
}

static NTSTATUS get_export_depth(struct module *m, const char *name, uint16_t hint,
                                 uint32_t ordinal, uint32_t *addr, int depth)
{
    struct pe_export e;
    enum pe_export_status st;

    st = name ? pe_find_export(&m->pe, name, hint, &e) : pe_find_export_ordinal(&m->pe, ordinal, &e);
    if (st == PE_EXPORT_BAD_TABLE) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", m->name, pe_strerror(PE_E_EXPORTS));
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (st == PE_EXPORT_MISSING) {
        if (name)
            loader_set_error(LOADER_E_EXPORT_NOT_FOUND, "%s: export %s not found", m->name, name);
        else
            loader_set_error(LOADER_E_EXPORT_NOT_FOUND, "%s: export ordinal %u not found", m->name,
                             ordinal);
        return name ? STATUS_ENTRYPOINT_NOT_FOUND : STATUS_ORDINAL_NOT_FOUND;
    }
    if (e.forward)
        return follow_forwarder(m, e.forward, addr, depth);
    *addr = m->base + e.rva;
    return STATUS_SUCCESS;
}

NTSTATUS loader_get_export(struct module *m, const char *name, uint16_t hint, uint32_t ordinal,
                           uint32_t *addr)
{
    return get_export_depth(m, name, hint, ordinal, addr, 0);
}

struct bind_ctx {
    struct module *m;
    NTSTATUS status;
};

static int load_dep(void *ctx, const char *dll)
{
    struct bind_ctx *c = ctx;
    struct module *dep;

    if ((c->status = loader_load_dll(dll, c->m, &dep)) != STATUS_SUCCESS)
        return 1;
    return (c->status = loader_add_dep(c->m, dep)) != STATUS_SUCCESS;
}

static int bind_one(void *ctx, const char *dll, const char *name, uint16_t hint, uint16_t ordinal,
                    uint32_t iat_rva)
{
    struct bind_ctx *c = ctx;
    char file[256];
    struct module *dep;
    uint32_t addr;

    dll_file_name(dll, file, sizeof file);
    if (!(dep = module_find_by_name(file))) {
        c->status = STATUS_DLL_NOT_FOUND;
        return 1;
    }
    if ((c->status = loader_get_export(dep, name, hint, ordinal, &addr)) != STATUS_SUCCESS) {
        const char *msg;
        if (loader_last_error(&msg) == LOADER_E_EXPORT_NOT_FOUND) {
            char copy[1024];
            snprintf(copy, sizeof copy, "%s", msg);
            loader_set_error(LOADER_E_EXPORT_NOT_FOUND, "%s (needed by %s)", copy, c->m->name);
        }
        return 1;
    }
    if ((uint64_t)iat_rva + 4 > c->m->size) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", c->m->name, pe_strerror(PE_E_IMPORTS));
        c->status = STATUS_INVALID_IMAGE_FORMAT;
        return 1;
    }
    /* The image is still writable: protections come after binding. */
    memcpy((uint8_t *)(uintptr_t)(c->m->base + iat_rva), &addr, 4);
    return 0;
}

NTSTATUS loader_resolve_imports(struct module *m)
{
    struct bind_ctx c = { m, STATUS_SUCCESS };
    int cb = 0;
    enum pe_error e;

    if (m->imports_done)
        return STATUS_SUCCESS;
    m->imports_done = true;
    ldr_add_module(m);
    e = pe_for_each_import_dll(&m->pe, load_dep, &c, &cb);
    if (e == PE_OK && !cb)
        e = pe_for_each_import(&m->pe, bind_one, &c, &cb);
    if (e != PE_OK) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", m->name, pe_strerror(e));
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (cb)
        return c.status;
    module_protect(m);
    /* What the program's imports brought in stays for the process's life,
     * as Windows keeps the static imports (and our system DLLs). */
    if (m->is_exe)
        loader_pin_all();
    return STATUS_SUCCESS;
}

/* Runs the image's TLS callbacks for reason. */
void loader_run_tls_callbacks(struct module *m, uint32_t reason)
{
    uint32_t few[64], *cbs = few;
    struct pe_tls tls;
    int n = pe_tls_info(&m->pe, m->delta, &tls, cbs, 64);

    /* pe_tls_info counts them all but stores only as many as fit. */
    if (n > 64 && (cbs = malloc((size_t)n * sizeof *cbs)) != NULL)
        n = pe_tls_info(&m->pe, m->delta, &tls, cbs, (unsigned)n);
    else if (n > 64)
        cbs = few, n = 64;
    for (int i = 0; i < n; i++) {
        uint32_t args[3] = { m->base, reason, 0 };
        if (log_enabled("loader"))
            log_printf("loader: %s TLS callback 0x%08x reason %u\n", m->name, cbs[i], reason);
        cpu_call32(cbs[i], 0, 3, args);
    }
    if (cbs != few)
        free(cbs);
}

/* m went away while guest code ran (a DllMain freed it once too often):
 * the load fails. m itself is still readable (module_unlink). */
static NTSTATUS gone(const struct module *m)
{
    loader_set_error(LOADER_E_DLL_INIT, "%s was unloaded during its initialisation", m->name);
    return STATUS_DLL_INIT_FAILED;
}

NTSTATUS loader_init_module(struct module *m)
{
    static uint64_t next_init = 1;
    uint64_t seq = m->seq;
    NTSTATUS s;

    if (m->attached || m->initializing)
        return STATUS_SUCCESS; /* done, or a cycle: Windows breaks it the same way */
    if (m->unloading)
        return gone(m);
    m->initializing = true;
    /* deps is read afresh each time: an unload in a DllMain may shrink it. */
    for (unsigned i = 0; i < m->ndeps; i++) {
        if ((s = loader_init_module(m->deps[i])) != STATUS_SUCCESS) {
            m->initializing = false;
            return s;
        }
        if (!module_is_live(m, seq)) {
            m->initializing = false;
            return gone(m);
        }
    }
    m->initializing = false;
    m->attached = true;
    m->init_seq = next_init++;
    if (m->is_exe)
        return STATUS_SUCCESS; /* the exe's TLS callbacks and entry run at start */
    ldr_mark_initialized(m);
    /* Its static TLS before any of its code runs (Windows does it when
     * the image is mapped): every thread gets a copy of the template. */
    if (m->tls_index < 0 && pe_has_tls(&m->pe) && (s = loader_tls_load(m)) != STATUS_SUCCESS)
        return s;
    loader_run_tls_callbacks(m, DLL_PROCESS_ATTACH);
    if (module_dll_entry(m)) {
        uint32_t args[3] = { m->base, DLL_PROCESS_ATTACH, 1 };
        uint32_t ok;

        if (log_enabled("loader"))
            log_printf("loader: %s DllMain(PROCESS_ATTACH)\n", m->name);
        ok = (uint32_t)cpu_call32(module_dll_entry(m), 0, 3, args);
        /* An exception DllMain left to the loader (cpu_call32's own
         * frame took it) fails the load with its code, as Windows'
         * loader, which wraps the call in __try, does. */
        if (cpu_current()->call32_exception) {
            loader_set_error(LOADER_E_DLL_INIT, "%s failed to initialize (exception 0x%08X in DllMain)",
                             m->name, cpu_current()->call32_exception);
            return (NTSTATUS)cpu_current()->call32_exception;
        }
        if (!ok) {
            /* Windows tells the DLL it is going away at once. */
            args[1] = DLL_PROCESS_DETACH;
            args[2] = 0;
            cpu_call32(module_dll_entry(m), 0, 3, args);
            loader_set_error(LOADER_E_DLL_INIT, "%s failed to initialize (DllMain returned FALSE)",
                             m->name);
            return STATUS_DLL_INIT_FAILED;
        }
    }
    if (!module_is_live(m, seq))
        return gone(m);
    /* Only now: a thread starting or ending meanwhile must not notify a
     * DLL whose attach has not finished (or failed). */
    ldr_mark_attached(m);
    return STATUS_SUCCESS;
}

/* Runs the exe's TLS callbacks (process attach), before its entry point. */
void loader_exe_tls_attach(struct module *exe)
{
    ldr_mark_initialized(exe);
    loader_run_tls_callbacks(exe, DLL_PROCESS_ATTACH);
}
