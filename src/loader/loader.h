/* The loader's private header: modules (the exe and its DLLs) mapped into
 * the guest address space, the process start-up, and the Ldr services. */
#ifndef WOW64_LOADER_H
#define WOW64_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../nt/nt.h"
#include "pe.h"

struct module {
    struct module *next;      /* load order */
    struct module *next_retired; /* unloaded, waiting for module_reap */
    char *host_path;          /* the file on the host */
    char name[256];           /* base name as found on disk */
    WCHAR *dos_path;          /* C:\... or Z:\... (UTF-16, NUL-terminated) */
    void *file;               /* read-only host mapping of the file, kept for exports */
    size_t file_size;
    struct pe_image pe;
    uint32_t base, size;      /* where the image lives in the guest */
    int64_t delta;            /* base - preferred base */
    struct module **deps;     /* what it imports (and forwards to): one reference each */
    unsigned ndeps;
    uint32_t ldr_entry;       /* guest LDR_DATA_TABLE_ENTRY32 */
    uint32_t ldr_entry_size;  /* with the names behind it */
    /* Explicit loads (LoadLibrary, LdrLoadDll) plus the loaded modules
     * whose deps name it; at 0 the module is unloaded (unload.c). A
     * pinned module (the process's static imports, our system DLLs,
     * GET_MODULE_HANDLE_EX_FLAG_PIN) is never unloaded. */
    int refs;
    bool pinned;
    bool unloading;           /* on its way out: loads no longer find it */
    bool is_exe, imports_done, attached, initializing;
    uint64_t seq;             /* load order, never reused (marks, live checks) */
    uint64_t init_seq;        /* initialisation order (0: not initialised) */
    int tls_index;            /* static TLS slot, -1 if none */
    bool tls_dynamic;         /* loaded after start-up: per-thread copies on the guest heap */
};

/* Loader failures carry a one-line message naming the file and the cause. */
enum loader_error {
    LOADER_OK = 0,
    LOADER_E_NOT_FOUND,       /* the program file itself */
    LOADER_E_BAD_IMAGE,       /* refused: not PE, 64-bit, 16-bit, .NET, corrupt */
    LOADER_E_DLL_NOT_FOUND,
    LOADER_E_EXPORT_NOT_FOUND,
    LOADER_E_DLL_INIT,
    LOADER_E_NO_MEMORY,
};
void loader_set_error(enum loader_error e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum loader_error loader_last_error(const char **message);

/* The name for messages: the base name of a module or path. */
const char *loader_display_name(const char *path);

/* Maps a PE file into the guest (no imports yet). */
NTSTATUS module_map(const char *host_path, bool is_exe, struct module **out);
/* Applies the section protections after the imports are written. */
void module_protect(struct module *m);
struct module *module_first(void);
/* A point in the load order, and undoing every load after it (the
 * references those modules took on older ones are given back). */
typedef uint64_t module_mark_t;
module_mark_t module_mark(void);
void module_rollback(module_mark_t mark);
/* A loaded module by base name, not counting one being unloaded. */
struct module *module_find_by_name(const char *name);
/* The same, counting modules whose DLL_PROCESS_DETACH is running. */
struct module *module_find_by_name_any(const char *name);
struct module *module_find_by_base(uint32_t base);
struct module *module_find_by_address(uint32_t addr);
/* Whether m (loaded as number seq) is still loaded and not unloading:
 * for host code that called guest code, which may have unloaded it. */
bool module_is_live(const struct module *m, uint64_t seq);
/* Takes an unloaded module off the module list. Its memory stays valid
 * until the calling thread lets go of the loader lock entirely (host
 * frames further up may still hold it). */
void module_unlink(struct module *m);
/* Frees the modules module_unlink retired (loader_unlock does it). */
void module_reap(void);

/* The address of m's DllMain, or 0: an image without IMAGE_FILE_DLL
 * loaded by LoadLibrary (an .exe) has its entry point never called, as
 * on Windows; the program's own entry is run by wow64_run. */
static inline uint32_t module_dll_entry(const struct module *m)
{
    return m->pe.entry_rva && (m->pe.characteristics & 0x2000) ? m->base + m->pe.entry_rva : 0;
}
/* Whether the image has a TLS directory (which gets it a static TLS
 * index, data or not, as on Windows). */
static inline bool pe_has_tls(const struct pe_image *pe)
{
    return pe->num_dirs > PE_DIR_TLS && pe->dirs[PE_DIR_TLS].rva != 0;
}
/* Loads a DLL by name for importer: one more reference to an already
 * loaded one, or the DLL found in the search order and mapped with what
 * it imports (recursively). Does not run entry points. */
NTSTATUS loader_load_dll(const char *name, const struct module *importer, struct module **out);
/* The same for a DLL named by its host path (LoadLibrary with a path);
 * a module of the same file name already loaded is the answer. */
NTSTATUS loader_load_dll_path(const char *host_path, struct module **out);
/* Resolves the imports of m, loading what it needs. */
NTSTATUS loader_resolve_imports(struct module *m);
/* Finds an export (following forwarders) and returns its guest address. */
NTSTATUS loader_get_export(struct module *m, const char *name, uint16_t hint, uint32_t ordinal,
                           uint32_t *addr);
/* Runs TLS callbacks and DllMain(PROCESS_ATTACH) of m's dependencies and
 * then of m (post-order), each once. */
NTSTATUS loader_init_module(struct module *m);

/* LdrLoadDll's DLL characteristics bits private to our kernel32 (no
 * IMAGE_FILE_* value uses them): GetModuleHandleEx pins a module
 * (GET_MODULE_HANDLE_EX_FLAG_PIN), or takes a reference to a module only
 * if it is loaded. */
#define LDR_PIN 0x80000000u
#define LDR_LOADED_ONLY 0x40000000u

/* Reference counts and unloading (unload.c), under the loader lock. */
void loader_addref(struct module *m);
/* Gives back one reference; at 0, m gets DLL_PROCESS_DETACH (lpReserved
 * NULL, as for FreeLibrary) and is unloaded, then the DLLs it needed give
 * back its reference in turn. */
void loader_release(struct module *m);
/* Never unloaded from now on (LDR_ADDREF_DLL_PIN). */
void loader_pin(struct module *m);
/* Pins every module loaded so far: the process's static imports. */
void loader_pin_all(void);
/* Keeps the guest's LDR entry's LoadCount in step with m->refs (ldr.c). */
void ldr_sync_load_count(struct module *m);
/* Adds dep to m's deps; a dependency already there gives back the
 * reference the caller took for it. */
NTSTATUS loader_add_dep(struct module *m, struct module *dep);

/* Finds the host file for a DLL name in Windows' search order. */
bool search_dll(const char *name, const struct module *importer, char *out, size_t n);
/* The LOAD_LIBRARY_SEARCH_* flags of the load in progress (0: the
 * standard order), and for LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR the host
 * directory of the DLL loaded by path (NULL if none); each returns the
 * old value. Under the loader lock. */
#define LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR 0x100u
#define LOAD_LIBRARY_SEARCH_APPLICATION_DIR 0x200u
#define LOAD_LIBRARY_SEARCH_USER_DIRS 0x400u
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x800u
#define LOAD_LIBRARY_SEARCH_DEFAULT_DIRS 0x1000u
#define LOAD_LIBRARY_SEARCH_MASK 0x1F00u
uint32_t search_set_flags(uint32_t flags);
const char *search_set_load_dir(const char *dir);
/* The search path of the load in progress (LdrLoadDll's DllPath: a
 * ";"-separated list of Windows directories, UTF-8; NULL: none, the flags
 * or the standard order apply); returns the old one. Under the loader
 * lock. */
const char *search_set_path(const char *list);
/* The DLLs we provide, which always come from the system directory. */
bool search_is_known_dll(const char *name);

/* Guest memory for loader and start-up structures (PEB, LDR entries, ...). */
uint32_t galloc(uint32_t size);
/* A UTF-16 copy in guest memory of a UTF-8 string, as a UNICODE_STRING32. */
bool galloc_unicode(const char *utf8, UNICODE_STRING32 *out);
bool galloc_unicode_w(const WCHAR *w, UNICODE_STRING32 *out);

/* PEB_LDR_DATA module lists. */
void ldr_data_init(uint32_t peb_ldr);
void ldr_add_module(struct module *m);
void ldr_mark_initialized(struct module *m);
void ldr_remove_module(struct module *m);

/* Static TLS of the exe and its DLLs (tls.c). At process start (after
 * the exe's imports): an index for every image with a TLS directory, in
 * load order from 0, and the main thread's copies; -1 for a bad TLS
 * directory. */
int loader_tls_start(void);
/* A DLL loaded later: its index, and a copy of its template for every
 * thread there is (on the guest's process heap). */
NTSTATUS loader_tls_load(struct module *m);
/* m is unloading: every thread's copy freed, its slot zeroed, the index
 * free again. */
void loader_tls_unload(struct module *m);
/* A new thread's TEB32 block: how much room its static TLS copies need
 * behind the TEB and its TLS pointer array (TLS_INDEXES slots), then
 * writing them; and the thread's registration, so that later loads give
 * it copies too. Under the loader lock. */
#define TLS_INDEXES 256
uint32_t loader_tls_thread_size(void);
bool loader_tls_thread_fill(uint32_t teb, uint32_t array, uint32_t blocks, uint32_t end);
void loader_tls_thread_forget(uint32_t teb);
/* The calling thread leaves (ExitThread): its heap copies go back. */
void loader_tls_thread_exit(uint32_t teb);

/* Runs the exe's TLS callbacks before its entry point. */
void loader_exe_tls_attach(struct module *exe);
/* Runs m's TLS callbacks for reason (DLL_PROCESS_ATTACH, ...). */
void loader_run_tls_callbacks(struct module *m, uint32_t reason);
/* A DLL's DllMain(PROCESS_ATTACH) succeeded (LDRP_PROCESS_ATTACH_CALLED):
 * from then on it gets thread and process detach notifications. */
void ldr_mark_attached(struct module *m);

/* The loader lock (ldr.c): serialises the Ldr services, module list
 * changes and the DllMain calls they make. Recursive (DllMain may load a
 * DLL); held across guest code, so a thread that ends abandons its holds. */
void loader_lock(void);
void loader_unlock(void);
void loader_lock_abandon(void);

/* Threads after the first (thread_start.c). A new thread's TEB32 and
 * static TLS blocks, in one guest allocation whose base is the TEB:
 * returns its address, or 0. tid may be 0 and written later. */
uint32_t loader_thread_teb(uint32_t stack_base, uint32_t stack_limit, uint32_t dealloc, uint32_t tid);
void loader_thread_teb_free(uint32_t teb);
/* DLL_THREAD_ATTACH for the calling new thread: the TLS callbacks and
 * DllMain of every initialised DLL in load order (not those that called
 * DisableThreadLibraryCalls), then the exe's TLS callbacks; under the
 * loader lock. */
void loader_thread_attach(void);
/* DLL_THREAD_DETACH for the calling thread, which is leaving by
 * ExitThread: the same modules in reverse order, then the exe's TLS
 * callbacks; frees the thread's TLS expansion slots. */
void loader_thread_detach(void);
/* kernel32!BaseThreadInitThunk, where threads start; 0 without it. */
uint32_t loader_thread_start_thunk(void);

/* "hello.exe+0x1234" for crash reports. */
void loader_describe_address(uint32_t addr, char *buf, size_t n);

/* UTF-8 <-> UTF-16 helpers. */
size_t utf8_to_utf16(const char *s, WCHAR *out, size_t max);
size_t utf16_to_utf8(const WCHAR *w, size_t len, char *out, size_t max);

#endif

