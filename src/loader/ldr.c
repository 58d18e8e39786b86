/* The guest-visible module lists (PEB->Ldr), the loader lock, and the Ldr*
 * services behind LoadLibrary, GetModuleHandle, GetProcAddress and
 * FreeLibrary. */
#include "loader.h"
#include "peb32.h"

#include <pthread.h>
#include <stdio.h>
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

void ldr_add_module(struct module *m)
{
    uint32_t addr;
    LDR_DATA_TABLE_ENTRY32 *e;
    char name[256];

    if (m->ldr_entry || !ldr_data || !(addr = galloc(sizeof *e)))
        return;
    e = (LDR_DATA_TABLE_ENTRY32 *)(uintptr_t)addr;
    memset(e, 0, sizeof *e);
    e->DllBase = m->base;
    e->EntryPoint = m->is_exe && m->pe.entry_rva ? m->base + m->pe.entry_rva : module_dll_entry(m);
    e->SizeOfImage = m->pe.size_of_image;
    galloc_unicode_w(m->dos_path, &e->FullDllName);
    snprintf(name, sizeof name, "%s", m->name);
    galloc_unicode(name, &e->BaseDllName);
    e->Flags = m->is_exe ? 0 : LDRP_IMAGE_DLL;
    e->LoadCount = 0xFFFF; /* static imports are never unloaded */
    e->TimeDateStamp = m->pe.timestamp;
    list_init(addr + offsetof(LDR_DATA_TABLE_ENTRY32, HashLinks));
    list_append(ldr_data_addr + offsetof(PEB_LDR_DATA32, InLoadOrderModuleList),
                addr + offsetof(LDR_DATA_TABLE_ENTRY32, InLoadOrderLinks));
    list_append(ldr_data_addr + offsetof(PEB_LDR_DATA32, InMemoryOrderModuleList),
                addr + offsetof(LDR_DATA_TABLE_ENTRY32, InMemoryOrderLinks));
    m->ldr_entry = addr;
}

static void list_unlink(uint32_t entry)
{
    LIST_ENTRY32 *e = (LIST_ENTRY32 *)(uintptr_t)entry;

    ((LIST_ENTRY32 *)(uintptr_t)e->Blink)->Flink = e->Flink;
    ((LIST_ENTRY32 *)(uintptr_t)e->Flink)->Blink = e->Blink;
    e->Flink = e->Blink = entry;
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
    m->ldr_entry = 0;
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

static struct module *find_loaded(const char *name)
{
    char file[256];
    const char *base = dos_base_name(name);

    snprintf(file, sizeof file, "%s%s", base, strchr(base, '.') ? "" : ".dll");
    return module_find_by_name(file);
}

static NTSTATUS get_dll_handle(UNICODE_STRING *name, void **base)
{
    char utf8[1024];
    struct module *m;

    if (!base)
        return STATUS_ACCESS_VIOLATION;
    if (!name_from_unicode(name, utf8, sizeof utf8))
        return STATUS_INVALID_PARAMETER;
    if (!(m = find_loaded(utf8)))
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
    s = loader_load_dll_path(np.unix_path, out);
    ntpath_free(&np);
    return s;
}

static NTSTATUS load_dll(UNICODE_STRING *name, void **base)
{
    char utf8[1024];
    struct module *m;
    NTSTATUS s;

    if (!base)
        return STATUS_ACCESS_VIOLATION;
    if (!name_from_unicode(name, utf8, sizeof utf8))
        return STATUS_INVALID_PARAMETER;
    struct module **mark = module_mark();
    const char *msg;

    if ((m = find_loaded(utf8))) {
        if (m->refs < 0x7FFFFFFF)
            m->refs++;
        mark = NULL;
    } else if ((s = has_path(name) ? load_by_path(name, &m)
                                   : loader_load_dll(dos_base_name(utf8), NULL, &m)) != STATUS_SUCCESS) {
        module_rollback(mark);
        loader_last_error(&msg);
        if (log_enabled("loader"))
            log_printf("loader: LdrLoadDll(%s): %s\n", utf8, msg);
        return s;
    }
    if ((s = loader_init_module(m)) != STATUS_SUCCESS) {
        /* The DLL whose initialisation failed goes away, as on Windows,
         * unless a DLL it brought along initialised (it may run code
         * already: threads, callbacks); a later load tries again. */
        bool others = false;

        for (struct module *x = mark ? *mark : NULL; x; x = x->next)
            others |= x != m && x->attached;
        if (mark && !others)
            module_rollback(mark);
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
    if (s == STATUS_SUCCESS)
        *addr = (void *)(uintptr_t)a;
    return s;
}

static NTSTATUS unload_dll(void *base)
{
    struct module *m = module_find_by_base((uint32_t)(uintptr_t)base);

    if (!m)
        return STATUS_DLL_NOT_FOUND;
    /* Modules stay mapped (their count only drops): unloading, with
     * DllMain(PROCESS_DETACH) and unmapping, is not implemented yet. */
    if (m->refs > 1)
        m->refs--;
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

NTSTATUS svc_LdrLoadDll(void *path, void *flags, UNICODE_STRING *name, void **base)
{
    NTSTATUS s;

    (void)path;
    (void)flags;
    loader_lock();
    s = load_dll(name, base);
    loader_unlock();
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
