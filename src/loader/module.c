/* Mapping one PE image into the guest: choose the base, copy headers and
 * sections, relocate, and later apply the section protections. */
#include "loader.h"
#include "image_layout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../nt/log.h"
#include "../nt/path.h"

#define DLLCHAR_DYNAMIC_BASE 0x0040

static struct module *modules, **modules_tail = &modules;
/* The next module's load number; marks are load numbers. */
static uint64_t next_seq = 1;
/* Modules taken off the list, freed by module_reap (loader lock). */
static struct module *retired;
static enum loader_error last_error;
static void module_free(struct module *m);
static char last_message[1024];

void loader_set_error(enum loader_error e, const char *fmt, ...)
{
    va_list ap;

    last_error = e;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    /* Names in the message come from the file (imports, exports,
     * forwarders): control characters would break the one-line rule. */
    for (char *p = last_message; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
}

enum loader_error loader_last_error(const char **message)
{
    if (message)
        *message = last_message;
    return last_error;
}

const char *loader_display_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

struct module *module_first(void)
{
    return modules;
}

struct module *module_find_by_name(const char *name)
{
    for (struct module *m = modules; m; m = m->next)
        if (!m->unloading && !strcasecmp(m->name, name))
            return m;
    return NULL;
}

struct module *module_find_by_name_any(const char *name)
{
    struct module *m = module_find_by_name(name);

    for (struct module *x = modules; x && !m; x = x->next)
        if (!strcasecmp(x->name, name))
            m = x;
    return m;
}

bool module_is_live(const struct module *m, uint64_t seq)
{
    for (struct module *x = modules; x; x = x->next)
        if (x == m)
            return x->seq == seq && !x->unloading;
    return false;
}

struct module *module_find_by_base(uint32_t base)
{
    for (struct module *m = modules; m; m = m->next)
        if (m->base == base)
            return m;
    return NULL;
}

struct module *module_find_by_address(uint32_t addr)
{
    for (struct module *m = modules; m; m = m->next)
        if (addr >= m->base && addr - m->base < m->size)
            return m;
    return NULL;
}

void loader_describe_address(uint32_t addr, char *buf, size_t n)
{
    struct module *m = module_find_by_address(addr);

    if (m)
        snprintf(buf, n, "(%s+0x%x)", m->name, addr - m->base);
    else if (addr >= WOW64_TRANSITION_PAGE && addr < WOW64_TRANSITION_PAGE + GUEST_PAGE_SIZE)
        snprintf(buf, n, "(wow64 transition)");
    else
        snprintf(buf, n, "(?)");
}

static uint32_t align_up(uint32_t v, uint32_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static bool aslr_enabled(void)
{
    return !getenv("WOW64_NO_ASLR");
}

/* Reserves the image's address range: the preferred base when it is free
 * and the image does not ask for ASLR, else a relocated one. */
static NTSTATUS reserve_image(struct module *m)
{
    const struct pe_image *pe = &m->pe;
    uint32_t size = align_up(pe->size_of_image, GUEST_PAGE_SIZE);
    bool relocatable = pe_has_relocs(pe);
    bool want_random = relocatable && (pe->dll_characteristics & DLLCHAR_DYNAMIC_BASE) &&
                       aslr_enabled();

    m->size = size;
    if (want_random) {
        /* Windows' ASLR moves DYNAMIC_BASE images; pick a random 64 KiB
         * aligned base in the lower 2 GiB, a few tries, then as below. */
        unsigned seed = (unsigned)(time(NULL) ^ getpid() ^ (uintptr_t)m);
        for (int i = 0; i < 16 && size < 0x70000000u - 0x00400000u; i++) {
            uint32_t span = 0x70000000u - 0x00400000u - size;
            uint32_t base = (0x00400000u + (uint32_t)(rand_r(&seed) % (span >> 16)) * 0x10000u);
            if (image_reserve(pe, &base) == STATUS_SUCCESS) {
                m->base = base;
                return STATUS_SUCCESS;
            }
        }
    }
    /* Else the preferred base, or (relocatable images) any free range. */
    {
        uint32_t base = 0;
        NTSTATUS st = image_reserve(pe, &base);

        if (st == STATUS_SUCCESS)
            m->base = base;
        return st;
    }
}

module_mark_t module_mark(void)
{
    return next_seq;
}

/* Undoes a load that failed half-way: every module mapped since mark goes
 * away (LDR entries, TLS slot, guest memory, host state), so that a later
 * attempt cannot find a module whose imports were never bound; the
 * references they took on older modules are given back. None of them ran
 * DllMain successfully (the caller checks), so none is detached. */
void module_rollback(module_mark_t mark)
{
    struct module *m, *next;

    for (m = modules; m; m = m->next) {
        if (m->seq < mark)
            continue;
        for (unsigned i = 0; i < m->ndeps; i++) {
            struct module *d = m->deps[i];

            if (d->seq < mark && !d->pinned && d->refs > 0) {
                d->refs--;
                ldr_sync_load_count(d);
            }
        }
    }
    for (m = modules; m; m = next) {
        next = m->next;
        if (m->seq < mark)
            continue;
        m->unloading = true;
        ldr_remove_module(m);
        loader_tls_unload(m);
        vm_release(m->base);
        module_unlink(m);
    }
}

void module_unlink(struct module *m)
{
    struct module **pp;

    for (pp = &modules; *pp && *pp != m; pp = &(*pp)->next)
        ;
    if (!*pp)
        return;
    /* m->next stays as it was: a crash report walking the list without
     * the lock (signal context) may stand on m right now. */
    *pp = m->next;
    if (modules_tail == &m->next)
        modules_tail = pp;
    /* No module keeps a pointer to it (a pinned module's import of a DLL
     * the program freed once too often). */
    for (struct module *x = modules; x; x = x->next)
        for (unsigned i = 0; i < x->ndeps;)
            if (x->deps[i] == m)
                x->deps[i] = x->deps[--x->ndeps];
            else
                i++;
    m->unloading = true;
    m->ldr_entry = 0;
    m->next_retired = retired;
    retired = m;
}

void module_reap(void)
{
    struct module *m = retired, *next;

    retired = NULL;
    for (; m; m = next) {
        next = m->next_retired;
        module_free(m);
    }
}

static void module_free(struct module *m)
{
    if (m->file && m->file != MAP_FAILED)
        munmap(m->file, m->file_size);
    free(m->host_path);
    free(m->dos_path);
    free(m->deps);
    free(m);
}

/* Maps a PE file into the guest: see loader.h. */
NTSTATUS module_map(const char *host_path, bool is_exe, struct module **out)
{
    const char *shown = loader_display_name(host_path);
    struct module *m;
    struct stat st;
    enum pe_error perr;
    NTSTATUS st2;
    int fd;
    unsigned mapped = 0, parts = 0; /* parts mapped from the file; parts with file data */
    char dos[4096];

    if (!(m = calloc(1, sizeof *m)))
        return STATUS_NO_MEMORY;
    m->tls_index = -1;
    m->is_exe = is_exe;
    fd = open(host_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        loader_set_error(LOADER_E_NOT_FOUND, "%s: %s", host_path,
                         fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        module_free(m);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    m->file_size = (size_t)st.st_size;
    if (m->file_size) {
        m->file = mmap(NULL, m->file_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m->file == MAP_FAILED) {
            close(fd);
            loader_set_error(LOADER_E_NO_MEMORY, "%s: cannot map file: %s", shown, strerror(errno));
            module_free(m);
            return STATUS_NO_MEMORY;
        }
    }
    close(fd);
    if ((perr = pe_parse(m->file, m->file_size, &m->pe)) != PE_OK) {
        if (perr == PE_E_MACHINE)
            loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s (machine 0x%04x)", shown, pe_strerror(perr),
                             m->pe.machine);
        else
            loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", shown, pe_strerror(perr));
        module_free(m);
        return image_status(perr);
    }
    /* The TLS directory is followed at start-up and for every thread;
     * pe_parse leaves it to pe_tls_info, so it is checked here, for the
     * exe and DLLs alike. */
    {
        struct pe_tls tls;
        if (pe_tls_info(&m->pe, 0, &tls, NULL, 0) < 0) {
            loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", shown, pe_strerror(PE_E_TLS));
            module_free(m);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
    }
    if (m->pe.is_dotnet) {
        char flags[128];
        loader_set_error(LOADER_E_BAD_IMAGE,
                         "%s: .NET image (CLR flags %s): managed code needs a CLR, which wow64run does not have",
                         shown, pe_describe_clr_flags(m->pe.clr_flags, flags, sizeof flags));
        module_free(m);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (is_exe && (m->pe.characteristics & PE_FILE_DLL)) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: is a DLL, not a program", shown);
        module_free(m);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    if (is_exe && !m->pe.entry_rva) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: program has no entry point", shown);
        module_free(m);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    snprintf(m->name, sizeof m->name, "%s", shown);
    m->host_path = strdup(host_path);
    if (!m->host_path || path_unix_to_dos(host_path, dos, sizeof dos) != 0)
        snprintf(dos, sizeof dos, "Z:\\%s", shown);
    m->dos_path = calloc(strlen(dos) + 1, sizeof(WCHAR));
    if (!m->host_path || !m->dos_path) {
        module_free(m);
        return STATUS_NO_MEMORY;
    }
    utf8_to_utf16(dos, m->dos_path, strlen(dos) + 1);
    if ((st2 = reserve_image(m)) != STATUS_SUCCESS) {
        /* A relocatable image fails only for want of room. */
        if (st2 == STATUS_NO_MEMORY)
            loader_set_error(LOADER_E_BAD_IMAGE, "%s: image does not fit in the address space (SizeOfImage 0x%08x)",
                             shown, m->pe.size_of_image);
        else
            loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", shown, pe_strerror(PE_E_NO_RELOCS));
        module_free(m);
        return st2 == STATUS_NO_MEMORY ? STATUS_NO_MEMORY : STATUS_CONFLICTING_ADDRESSES;
    }
    m->delta = (int64_t)m->base - (int64_t)m->pe.image_base;
    /* The same file again for mapping its pages, if it still is the one
     * parsed (else everything is copied from the parsed bytes). */
    fd = open(host_path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        struct stat again;

        if (fstat(fd, &again) != 0 || again.st_dev != st.st_dev || again.st_ino != st.st_ino ||
            (size_t)again.st_size != m->file_size) {
            close(fd);
            fd = -1;
        }
    }
    /* The reservation is fresh, committed read/write and zero-filled. */
    perr = image_layout(&m->pe, fd, m->base, &mapped, &parts);
    if (fd >= 0)
        close(fd);
    if (perr != PE_OK) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", shown, pe_strerror(perr));
        vm_release(m->base);
        module_free(m);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    m->refs = 1;
    m->seq = next_seq++;
    *modules_tail = m;
    modules_tail = &m->next;
    if (log_enabled("loader"))
        log_printf("loader: %s at 0x%08x-0x%08x (preferred 0x%08x), %s%u of %u parts mapped from the file\n",
                   m->name, m->base, m->base + m->size, m->pe.image_base, mapped == parts ? "all " : "",
                   mapped, parts);
    *out = m;
    return STATUS_SUCCESS;
}

/* Applies the headers' and sections' protections (after imports); our
 * private copy's writable sections are read/write, not copy-on-write. */
void module_protect(struct module *m)
{
    image_protect(&m->pe, m->base, m->size, false);
}
