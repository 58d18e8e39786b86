/* The guest-visible module lists (PEB->Ldr), the loader lock, and the Ldr*
 * services behind LoadLibrary, GetModuleHandle, GetProcAddress and
 * FreeLibrary. */
#include "loader.h"
#include "peb32.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cpu/cpu.h"
#include "../nt/log.h"
#include "../nt/object.h"

#define STATUS_PROCEDURE_NOT_FOUND ((NTSTATUS)0xC000007A)

static PEB_LDR_DATA32 *ldr_data;
static uint32_t ldr_data_addr;

static pthread_mutex_t loader_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* How often the calling thread holds the loader lock. */
static __thread unsigned loader_holds;

void loader_lock(void)
{
    pthread_mutex_lock(&loader_mutex);
    loader_holds++;
}

void loader_unlock(void)
{
    /* The last release on this thread: no host frame of it holds a module
     * any more (and no other thread can, without the lock), so what
     * unloads retired can go. */
    if (loader_holds == 1)
        module_reap();
    loader_holds--;
    pthread_mutex_unlock(&loader_mutex);
}

/* A thread that ends while it holds the lock (terminated, or crashed, in
 * a DllMain) lets go of it; Windows would leave it held, and every other
 * thread's next load or start blocked. */
void loader_lock_abandon(void)
{
    while (loader_holds)
        loader_unlock();
}

static void list_init(uint32_t head)
{
    LIST_ENTRY32 *h = (LIST_ENTRY32 *)(uintptr_t)head;

    h->Flink = h->Blink = head;
}

static void list_append(uint32_t head, uint32_t entry)
{
    LIST_ENTRY32 *h = (LIST_ENTRY32 *)(uintptr_t)head;
    LIST_ENTRY32 *e = (LIST_ENTRY32 *)(uintptr_t)entry;
    LIST_ENTRY32 *last = (LIST_ENTRY32 *)(uintptr_t)h->Blink;

    e->Flink = head;
    e->Blink = h->Blink;
    /* Guest threads walk the lists without the host's lock (ntdll's
     * LdrShutdownThread, LdrFindEntryForAddress): the entry is complete
     * before it becomes reachable. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    last->Flink = entry;
    h->Blink = entry;
}

void ldr_data_init(uint32_t addr)
{
    ldr_data_addr = addr;
    ldr_data = (PEB_LDR_DATA32 *)(uintptr_t)addr;
    memset(ldr_data, 0, sizeof *ldr_data);
    ldr_data->Length = sizeof *ldr_data;
    ldr_data->Initialized = 1;
    list_init(addr + offsetof(PEB_LDR_DATA32, InLoadOrderModuleList));
    list_init(addr + offsetof(PEB_LDR_DATA32, InMemoryOrderModuleList));
    list_init(addr + offsetof(PEB_LDR_DATA32, InInitializationOrderModuleList));
}

/* LDR entries of unloaded modules (each with room for its names after
 * it), kept for the next modules: guest memory from galloc is never
 * freed, and a guest thread may still be walking through a removed entry
 * (its links are left pointing into the list). */
struct ldr_block {
    uint32_t addr, size;
};
static struct ldr_block *spare;
static size_t nspare, spare_cap;

/* An entry with size bytes, a spare one if one is big enough. */
static uint32_t entry_alloc(uint32_t size, uint32_t *got)
{
    for (size_t i = 0; i < nspare; i++)
        if (spare[i].size >= size) {
            uint32_t addr = spare[i].addr;

            *got = spare[i].size;
            spare[i] = spare[--nspare];
            return addr;
        }
    *got = size;
    return galloc(size);
}

/* A name copied behind the entry, as a UNICODE_STRING32. */
static void entry_name(uint32_t *at, const WCHAR *w, size_t len, UNICODE_STRING32 *out)
{
    memcpy((void *)(uintptr_t)*at, w, len * 2);
    ((WCHAR *)(uintptr_t)*at)[len] = 0;
    out->Length = (USHORT)(len * 2);
    out->MaximumLength = (USHORT)(len * 2 + 2);
    out->Buffer = *at;
    *at += (uint32_t)(len * 2 + 2);
}

void ldr_add_module(struct module *m)
{
    uint32_t addr, size, at;
    LDR_DATA_TABLE_ENTRY32 *e;
    WCHAR base[256];
    size_t full_len = 0, base_len;

    if (m->ldr_entry || !ldr_data)
        return;
    while (m->dos_path[full_len] && full_len < 0x7FFE)
        full_len++;
    base_len = utf8_to_utf16(m->name, base, 255);
    size = (uint32_t)((sizeof *e + (full_len + base_len) * 2 + 4 + 15) & ~(size_t)15);
    if (!(addr = entry_alloc(size, &size)))
        return;
    e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)addr;
    memset(e, 0, sizeof *e);
    e->DllBase = m->base;
    e->EntryPoint = m->is_exe && m->pe.entry_rva ? m->base + m->pe.entry_rva : module_dll_entry(m);
    e->SizeOfImage = m->pe.size_of_image;
    at = addr + sizeof *e;
    entry_name(&at, m->dos_path, full_len, &e->FullDllName);
    entry_name(&at, base, base_len, &e->BaseDllName);
    e->Flags = m->is_exe ? 0 : LDRP_IMAGE_DLL;
    e->LoadCount = m->pinned ? 0xFFFF : (USHORT)(m->refs < 0xFFFE ? m->refs : 0xFFFE);
    e->TlsIndex = m->tls_index >= 0 ? (USHORT)m->tls_index : 0xFFFF; /* none */
    e->TimeDateStamp = m->pe.timestamp;
    m->ldr_entry_size = size;
    list_init(addr + offsetof(LDR_DATA_TABLE_ENTRY32, HashLinks));
    list_append(ldr_data_addr + offsetof(PEB_LDR_DATA32, InLoadOrderModuleList),
                addr + offsetof(LDR_DATA_TABLE_ENTRY32, InLoadOrderLinks));
    list_append(ldr_data_addr + offsetof(PEB_LDR_DATA32, InMemoryOrderModuleList),
                addr + offsetof(LDR_DATA_TABLE_ENTRY32, InMemoryOrderLinks));
    m->ldr_entry = addr;
}

/* Takes an entry off a list. Its own links stay as they were: a guest
 * thread walking the list without the host's lock may stand on it, and
 * goes on from there into the list. */
static void list_unlink(uint32_t entry)
{
    LIST_ENTRY32 *e = (LIST_ENTRY32 *)(uintptr_t)entry;

    ((LIST_ENTRY32 *)(uintptr_t)e->Blink)->Flink = e->Flink;
    ((LIST_ENTRY32 *)(uintptr_t)e->Flink)->Blink = e->Blink;
}

void ldr_remove_module(struct module *m)
{
    LDR_DATA_TABLE_ENTRY32 *e;

    if (!m->ldr_entry)
        return;
    e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;
    list_unlink(m->ldr_entry + offsetof(LDR_DATA_TABLE_ENTRY32, InLoadOrderLinks));
    list_unlink(m->ldr_entry + offsetof(LDR_DATA_TABLE_ENTRY32, InMemoryOrderLinks));
    if (e->Flags & LDRP_ENTRY_PROCESSED)
        list_unlink(m->ldr_entry + offsetof(LDR_DATA_TABLE_ENTRY32, InInitializationOrderLinks));
    if (m->ldr_entry_size) {
        if (nspare == spare_cap) {
            size_t cap = spare_cap ? spare_cap * 2 : 16;
            struct ldr_block *more = realloc(spare, cap * sizeof *more);

            if (more) {
                spare = more;
                spare_cap = cap;
            }
        }
        if (nspare < spare_cap)
            spare[nspare++] = (struct ldr_block){ m->ldr_entry, m->ldr_entry_size };
    }
    m->ldr_entry = 0;
}

void ldr_sync_load_count(struct module *m)
{
    LDR_DATA_TABLE_ENTRY32 *e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;

    if (e)
        e->LoadCount = m->pinned ? 0xFFFF : (USHORT)(m->refs < 0xFFFE ? m->refs : 0xFFFE);
}

void ldr_mark_initialized(struct module *m)
{
    LDR_DATA_TABLE_ENTRY32 *e;

    if (!m->ldr_entry)
        return;
    e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;
    e->Flags |= LDRP_ENTRY_PROCESSED;
    list_append(ldr_data_addr + offsetof(PEB_LDR_DATA32, InInitializationOrderModuleList),
                m->ldr_entry + offsetof(LDR_DATA_TABLE_ENTRY32, InInitializationOrderLinks));
}

void ldr_mark_attached(struct module *m)
{
    LDR_DATA_TABLE_ENTRY32 *e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)m->ldr_entry;

    if (e && !m->is_exe)
        __atomic_or_fetch(&e->Flags, LDRP_PROCESS_ATTACH_CALLED, __ATOMIC_RELEASE);
}

/* A UTF-16 counted string from the dispatcher as a UTF-8 file name. */
static bool name_from_unicode(const UNICODE_STRING *us, char *out, size_t n)
{
    if (!us || !us->Buffer || !us->Length)
        return false;
    utf16_to_utf8(us->Buffer, us->Length / 2, out, n);
    return true;
}

/* Base name of a Windows path ("C:\x\foo.dll" -> "foo.dll"). */
static const char *dos_base_name(const char *p)
{
    const char *b = p;

    for (; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            b = p + 1;
    return b;
}

/* The module a name gives (its base name, ".dll" added without an
 * extension); any: one whose DLL_PROCESS_DETACH is running too. */
static struct module *find_loaded(const char *name, bool any)
{
    char file[256];
    const char *base = dos_base_name(name);

    snprintf(file, sizeof file, "%s%s", base, strchr(base, '.') ? "" : ".dll");
    return any ? module_find_by_name_any(file) : module_find_by_name(file);
}

static NTSTATUS get_dll_handle(UNICODE_STRING *name, void **base)
{
    char utf8[1024];
    struct module *m;

    if (!base)
        return STATUS_ACCESS_VIOLATION;
    if (!name_from_unicode(name, utf8, sizeof utf8))
        return STATUS_INVALID_PARAMETER;
    /* A DLL stays visible while its DllMain(PROCESS_DETACH) runs. */
    if (!(m = find_loaded(utf8, true)))
        return STATUS_DLL_NOT_FOUND;
    *base = (void *)(uintptr_t)m->base;
    return STATUS_SUCCESS;
}

/* Whether a LoadLibrary name names a file by path (a directory part or a
 * drive) rather than a DLL to search for. */
static bool has_path(const UNICODE_STRING *name)
{
    size_t n = name->Length / 2;

    for (size_t i = 0; i < n; i++)
        if (name->Buffer[i] == '\\' || name->Buffer[i] == '/' || (i == 1 && name->Buffer[i] == ':'))
            return true;
    return false;
}

/* Loads the DLL a full DOS path names ("C:\\dir\\x.dll", "\\\\?\\C:\\...";
 * kernel32 makes relative paths full), through the NT path layer and so
 * under the calling thread's file-system redirection; ".dll" is appended
 * when the file name has no extension, as LoadLibrary does. */
static NTSTATUS load_by_path(const UNICODE_STRING *name, struct module **out)
{
    uint16_t nt[1100];
    size_t n = name->Length / 2, skip = 0, len, last = 0;
    struct ntpath np;
    NTSTATUS s;

    if (n >= 4 && name->Buffer[0] == '\\' && name->Buffer[1] == '\\' && name->Buffer[2] == '?' &&
        name->Buffer[3] == '\\')
        skip = 4;
    if (n - skip + 9 > sizeof nt / sizeof *nt)
        return STATUS_NAME_TOO_LONG;
    memcpy(nt, u"\\??\\", 8);
    memcpy(nt + 4, name->Buffer + skip, (n - skip) * 2);
    len = 4 + n - skip;
    for (size_t i = 4; i < len; i++)
        if (nt[i] == '\\' || nt[i] == '/')
            last = i + 1;
    bool dot = false;
    for (size_t i = last; i < len; i++)
        dot |= nt[i] == '.';
    if (!dot) {
        memcpy(nt + len, u".dll", 8);
        len += 4;
    }
    if ((s = file_resolve_name(nt, len * 2, NULL, &np)) != STATUS_SUCCESS) {
        ntpath_free(&np);
        return s == STATUS_OBJECT_PATH_NOT_FOUND ? STATUS_DLL_NOT_FOUND : s;
    }
    if (!np.exists || np.is_dir) {
        ntpath_free(&np);
        return STATUS_DLL_NOT_FOUND;
    }
    {
        /* LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR: its dependencies are looked
         * for in its directory. */
        char *slash = strrchr(np.unix_path, '/'), *dir = NULL;
        const char *old_dir;

        if (slash && (dir = strdup(np.unix_path)))
            dir[slash > np.unix_path ? slash - np.unix_path : 1] = 0;
        old_dir = search_set_load_dir(dir);
        s = loader_load_dll_path(np.unix_path, out);
        search_set_load_dir(old_dir);
        free(dir);
    }
    ntpath_free(&np);
    return s;
}

/* LdrLoadDll: an already loaded DLL gets one more reference (pin: is
 * pinned; LDR_LOADED_ONLY: only such a DLL will do), else the DLL is
 * found, mapped with what it needs and initialised, with one reference.
 * search: LOAD_LIBRARY_SEARCH_* flags for the search (0: the standard
 * order). */
static NTSTATUS load_dll(UNICODE_STRING *name, uint32_t search, const char *dll_path, ULONG chars,
                         void **base)
{
    char utf8[1024];
    struct module *m;
    NTSTATUS s;
    module_mark_t mark = module_mark();
    const char *msg, *old_path;
    uint32_t old_search;
    uint64_t seq;

    if (!base)
        return STATUS_ACCESS_VIOLATION;
    if (!name_from_unicode(name, utf8, sizeof utf8))
        return STATUS_INVALID_PARAMETER;
    if ((m = find_loaded(utf8, false))) {
        if (chars & LDR_PIN)
            loader_pin(m);
        else
            loader_addref(m);
        if (m->attached || m->is_exe) {
            *base = (void *)(uintptr_t)m->base;
            return STATUS_SUCCESS;
        }
        /* Loaded, but its initialisation failed before, or is running on
         * this thread (a DllMain loading its own DLL): try it. */
    } else if (chars & LDR_LOADED_ONLY) {
        return STATUS_DLL_NOT_FOUND;
    } else {
        old_search = search_set_flags(search);
        old_path = search_set_path(dll_path);
        s = has_path(name) ? load_by_path(name, &m) : loader_load_dll(dos_base_name(utf8), NULL, &m);
        search_set_path(old_path);
        search_set_flags(old_search);
        if (s != STATUS_SUCCESS) {
            module_rollback(mark);
            loader_last_error(&msg);
            if (log_enabled("loader"))
                log_printf("loader: LdrLoadDll(%s): %s\n", utf8, msg);
            return s;
        }
        if (chars & LDR_PIN)
            loader_pin(m);
    }
    seq = m->seq;
    if ((s = loader_init_module(m)) != STATUS_SUCCESS) {
        /* The DLL whose initialisation failed goes away, as on Windows.
         * When nothing it brought along ran a DllMain, the load is simply
         * undone; else the reference is given back, which detaches and
         * unloads what initialised (and m, whose own DllMain failed). */
        bool others = false;

        for (struct module *x = module_first(); x; x = x->next)
            others |= x->seq >= mark && x != m && x->attached;
        if (m->seq >= mark && !others)
            module_rollback(mark);
        else if (module_is_live(m, seq))
            loader_release(m);
        loader_last_error(&msg);
        if (log_enabled("loader"))
            log_printf("loader: LdrLoadDll(%s): %s\n", utf8, msg);
        return s;
    }
    *base = (void *)(uintptr_t)m->base;
    return STATUS_SUCCESS;
}

static NTSTATUS get_procedure_address(void *base, STRING *name, ULONG ordinal, void **addr)
{
    struct module *m = module_find_by_base((uint32_t)(uintptr_t)base);
    module_mark_t mark = module_mark();
    char fn[1024];
    uint32_t a;
    NTSTATUS s;

    if (!addr)
        return STATUS_ACCESS_VIOLATION;
    if (!m)
        return STATUS_DLL_NOT_FOUND;
    if (name && name->Buffer) {
        size_t len = name->Length < sizeof fn - 1 ? name->Length : sizeof fn - 1;
        memcpy(fn, name->Buffer, len);
        fn[len] = 0;
        s = loader_get_export(m, fn, 0, 0, &a);
        if (s == STATUS_ENTRYPOINT_NOT_FOUND)
            s = STATUS_PROCEDURE_NOT_FOUND;
    } else
        s = loader_get_export(m, NULL, 0, ordinal, &a);
    /* A forwarder may have loaded its DLL just now: initialised before
     * the caller can call into it, as Windows' loader does. */
    for (struct module *x = module_first(); x && s == STATUS_SUCCESS; x = x->next)
        if (x->seq >= mark && !x->attached)
            s = loader_init_module(x);
    if (s == STATUS_SUCCESS)
        *addr = (void *)(uintptr_t)a;
    return s;
}

static NTSTATUS unload_dll(void *base)
{
    struct module *m = module_find_by_base((uint32_t)(uintptr_t)base);

    if (!m)
        return STATUS_DLL_NOT_FOUND;
    loader_release(m);
    return STATUS_SUCCESS;
}

/* The services, each under the loader lock. */
NTSTATUS svc_LdrGetDllHandle(void *path, void *characteristics, UNICODE_STRING *name, void **base)
{
    NTSTATUS s;

    (void)path;
    (void)characteristics;
    loader_lock();
    s = get_dll_handle(name, base);
    loader_unlock();
    return s;
}

/* The longest search path string LdrLoadDll takes, in UTF-16 units. */
#define DLL_PATH_MAX 32767

/* A guest search path string (NUL-terminated UTF-16) as malloc'd UTF-8;
 * NULL with *status set when it cannot be read. */
static char *read_dll_path(const void *guest, NTSTATUS *status)
{
    WCHAR *w = malloc((DLL_PATH_MAX + 1) * sizeof *w);
    size_t len = 0;
    bool readable = true;
    char *out = NULL;

    *status = STATUS_NO_MEMORY;
    if (!w)
        return NULL;
    /* One unit at a time: the string may end just before unmapped memory. */
    while (len < DLL_PATH_MAX && (readable = guest_read(&w[len], (const WCHAR *)guest + len, sizeof *w)) &&
           w[len])
        len++;
    if (!readable) {
        *status = STATUS_ACCESS_VIOLATION;
    } else if (len == DLL_PATH_MAX) {
        *status = STATUS_NAME_TOO_LONG;
    } else if ((out = malloc(len * 3 + 1))) {
        utf16_to_utf8(w, len, out, len * 3 + 1);
        *status = STATUS_SUCCESS;
    }
    free(w);
    return out;
}

/* path: a search path string (";"-separated directories, searched instead
 * of the standard order, for the DLL and its imports), or (the low bit
 * set, as Windows 8's kernel32 passes them) LOAD_LIBRARY_SEARCH_* flags.
 * flags: a ULONG of DLL characteristics, with our kernel32's LDR_PIN /
 * LDR_LOADED_ONLY. */
NTSTATUS svc_LdrLoadDll(void *path, void *flags, UNICODE_STRING *name, void **base)
{
    uint32_t search = 0;
    char *dll_path = NULL;
    ULONG chars = 0;
    NTSTATUS s;

    if ((uintptr_t)path & 1)
        search = (uint32_t)(uintptr_t)path & LOAD_LIBRARY_SEARCH_MASK;
    else if (path && !(dll_path = read_dll_path(path, &s)))
        return s;
    if (flags && !guest_read(&chars, flags, sizeof chars)) {
        free(dll_path);
        return STATUS_ACCESS_VIOLATION;
    }
    loader_lock();
    s = load_dll(name, search, dll_path, chars, base);
    loader_unlock();
    free(dll_path);
    return s;
}

NTSTATUS svc_LdrGetProcedureAddress(void *base, STRING *name, ULONG ordinal, void **addr)
{
    NTSTATUS s;

    loader_lock();
    s = get_procedure_address(base, name, ordinal, addr);
    loader_unlock();
    return s;
}

NTSTATUS svc_LdrUnloadDll(void *base)
{
    NTSTATUS s;

    loader_lock();
    s = unload_dll(base);
    loader_unlock();
    return s;
}
