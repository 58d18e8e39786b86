/* Mapping one PE image into the guest: choose the base, copy headers and
 * sections, relocate, and later apply the section protections. */
#include "loader.h"

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

#define SECTION_EXECUTE 0x20000000u
#define SECTION_READ 0x40000000u
#define SECTION_WRITE 0x80000000u
#define DLLCHAR_DYNAMIC_BASE 0x0040

static struct module *modules, **modules_tail = &modules;
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
        if (!strcasecmp(m->name, name))
            return m;
    return NULL;
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
         * aligned base in the lower 2 GiB, a few tries, then anywhere. */
        unsigned seed = (unsigned)(time(NULL) ^ getpid() ^ (uintptr_t)m);
        for (int i = 0; i < 16 && size < 0x70000000u - 0x00400000u; i++) {
            uint32_t span = 0x70000000u - 0x00400000u - size;
            uint32_t base = (0x00400000u + (uint32_t)(rand_r(&seed) % (span >> 16)) * 0x10000u);
            if (vm_reserve_fixed(base, size, MEM_IMAGE) == STATUS_SUCCESS) {
                m->base = base;
                return STATUS_SUCCESS;
            }
        }
    } else if (pe->image_base % GUEST_GRANULARITY == 0 &&
               vm_reserve_fixed(pe->image_base, size, MEM_IMAGE) == STATUS_SUCCESS) {
        m->base = pe->image_base;
        return STATUS_SUCCESS;
    }
    if (!relocatable)
        return STATUS_CONFLICTING_ADDRESSES;
    {
        uint32_t base = 0, sz = size;
        if (vm_allocate(&base, &sz, MEM_RESERVE, PAGE_NOACCESS) != STATUS_SUCCESS)
            return STATUS_NO_MEMORY;
        vm_release(base);
        if (vm_reserve_fixed(base, size, MEM_IMAGE) != STATUS_SUCCESS)
            return STATUS_NO_MEMORY;
        m->base = base;
    }
    return STATUS_SUCCESS;
}

struct module **module_mark(void)
{
    return modules_tail;
}

/* Undoes a load that failed half-way: every module mapped since mark goes
 * away (LDR entries, guest memory, host state), so that a later attempt
 * cannot find a module whose imports were never bound. */
void module_rollback(struct module **mark)
{
    struct module *m = *mark, *next;

    for (; m; m = next) {
        next = m->next;
        ldr_remove_module(m);
        vm_release(m->base);
        module_free(m);
    }
    *mark = NULL;
    modules_tail = mark;
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

/* Maps len bytes of the image file at file_off onto dst (inside the fresh
 * reservation), copy-on-write, instead of copying them: possible when both
 * are page-aligned and the rest of the last page is zeros in the file (or
 * lies past its end, which the kernel fills with zeros). Our own DLLs are
 * linked that way (cmake/guest.cmake); their pages are then shared with
 * every process that maps them. False: the caller copies. */
static bool map_from_file(int fd, const struct module *m, uint8_t *dst, uint64_t file_off, uint32_t len)
{
    static const uint8_t zeros[GUEST_PAGE_SIZE];
    uint64_t span = align_up(len, GUEST_PAGE_SIZE), tail_end;

    if (fd < 0 || !len || file_off % GUEST_PAGE_SIZE || (uintptr_t)dst % GUEST_PAGE_SIZE ||
        file_off + len > m->file_size)
        return false;
    tail_end = file_off + span < m->file_size ? file_off + span : m->file_size;
    if (tail_end > file_off + len &&
        memcmp((const uint8_t *)m->file + file_off + len, zeros, tail_end - file_off - len))
        return false;
    return mmap(dst, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, (off_t)file_off) ==
           (void *)dst;
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
    uint8_t *dst;
    unsigned mapped = 0, parts = 1; /* headers and sections with file data; those mapped */
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
        /* The statuses NtCreateSection gives Windows' loader for these
         * (LoadLibrary: ERROR_FILE_INVALID for an empty file, else
         * ERROR_BAD_EXE_FORMAT). */
        switch (perr) {
        case PE_E_EMPTY: return STATUS_MAPPED_FILE_SIZE_ZERO;
        case PE_E_NOT_MZ: return STATUS_INVALID_IMAGE_NOT_MZ;
        case PE_E_NE: return STATUS_INVALID_IMAGE_WIN_16;
        case PE_E_DOS_ONLY: return STATUS_INVALID_IMAGE_PROTECT;
        case PE_E_PE32PLUS: return STATUS_INVALID_IMAGE_WIN_64;
        default: return STATUS_INVALID_IMAGE_FORMAT;
        }
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
    dst = (uint8_t *)(uintptr_t)m->base;
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
    /* The reservation is fresh, committed read/write and zero-filled; pe_parse
     * checked every range copied here against the file and SizeOfImage. */
    {
        uint32_t n = m->pe.size_of_headers < m->file_size ? m->pe.size_of_headers : (uint32_t)m->file_size;

        if (map_from_file(fd, m, dst, 0, n))
            mapped++;
        else
            memcpy(dst, m->file, n);
    }
    for (unsigned i = 0; i < m->pe.nsections; i++) {
        const struct pe_section *s = &m->pe.sections[i];
        uint32_t len = s->raw_size;
        uint32_t vsize = s->vsize ? s->vsize : s->raw_size;
        const void *src;

        if (len > vsize)
            len = vsize;
        if (len > m->pe.size_of_image - s->vaddr)
            len = m->pe.size_of_image - s->vaddr;
        if (!len)
            continue;
        src = pe_rva_to_data(&m->pe, s->vaddr, len);
        if (!src)
            continue;
        parts++;
        if (map_from_file(fd, m, dst + s->vaddr, (uint64_t)((const uint8_t *)src - (const uint8_t *)m->file), len))
            mapped++;
        else
            memcpy(dst + s->vaddr, src, len);
    }
    if (fd >= 0)
        close(fd);
    if (m->delta && (perr = pe_apply_relocs(&m->pe, dst, m->delta)) != PE_OK) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", shown, pe_strerror(perr));
        vm_release(m->base);
        module_free(m);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    m->refs = 1;
    *modules_tail = m;
    modules_tail = &m->next;
    if (log_enabled("loader"))
        log_printf("loader: %s at 0x%08x-0x%08x (preferred 0x%08x), %s%u of %u parts mapped from the file\n",
                   m->name, m->base, m->base + m->size, m->pe.image_base, mapped == parts ? "all " : "",
                   mapped, parts);
    *out = m;
    return STATUS_SUCCESS;
}

static ULONG section_protection(uint32_t c)
{
    bool x = c & SECTION_EXECUTE, r = c & SECTION_READ, w = c & SECTION_WRITE;

    /* Windows maps writable image sections copy-on-write; for our private
     * copy that is plain read/write. */
    if (x)
        return w ? PAGE_EXECUTE_READWRITE : (r ? PAGE_EXECUTE_READ : PAGE_EXECUTE);
    if (w)
        return PAGE_READWRITE;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* Applies the headers' and sections' protections (after imports). */
void module_protect(struct module *m)
{
    ULONG old;

    /* With sections aligned below the page size every page mixes
     * sections: Windows then maps the whole image read/write/execute. */
    if (m->pe.section_alignment < GUEST_PAGE_SIZE) {
        vm_protect(m->base, m->size, PAGE_EXECUTE_READWRITE, &old);
        return;
    }
    vm_protect(m->base, align_up(m->pe.size_of_headers ? m->pe.size_of_headers : 1, GUEST_PAGE_SIZE),
               PAGE_READONLY, &old);
    for (unsigned i = 0; i < m->pe.nsections; i++) {
        const struct pe_section *s = &m->pe.sections[i];
        uint32_t vsize = s->vsize ? s->vsize : s->raw_size;
        uint32_t len = align_up(vsize, GUEST_PAGE_SIZE);

        if (!len || s->vaddr >= m->size)
            continue;
        if (len > m->size - s->vaddr)
            len = m->size - s->vaddr;
        vm_protect(m->base + s->vaddr, len, section_protection(s->characteristics), &old);
    }
}
