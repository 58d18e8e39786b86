/* FreeLibrary that unloads (Microsoft's FreeLibrary, LoadLibrary,
 * GetModuleHandleEx and DllMain documentation): at a count of 0 the DLL
 * gets DLL_PROCESS_DETACH with lpReserved NULL, leaves the module lists,
 * its address range is free again (VirtualQuery: MEM_FREE) and
 * GetModuleHandle fails with ERROR_MOD_NOT_FOUND; loading it again maps
 * it afresh (attach again, its globals at their initial values). The DLLs
 * it needed go when their last user goes, after it. The program's static
 * imports and pinned modules stay. FreeLibraryAndExitThread unloads the
 * DLL the thread runs in. */
#include <windows.h>
#include <string.h>

#include "test.h"

void unload_log_event(char who, char what);
const char *unload_log_events(void);
void unload_log_clear(void);
int unload_log_count(char who, char what);
void unload_log_report_at_exit(void);

typedef int (*get_fn)(void);
typedef void (*set_fn)(int);

/* Whether an image base appears in one of PEB->Ldr's three lists (the
 * list head's offset in PEB_LDR_DATA, the links' offset in the entry). */
static BOOL in_list(void *base, size_t head_off, size_t links_off)
{
    char *peb, *ldr;
    LIST_ENTRY *head, *le;
    int guard = 0;

    __asm__("movl %%fs:0x30, %0" : "=r"(peb));
    ldr = *(char **)(peb + 0x0C);
    head = (LIST_ENTRY *)(ldr + head_off);
    for (le = head->Flink; le != head && guard < 1000; le = le->Flink, guard++)
        if (*(void **)((char *)le - links_off + 0x18) == base) /* DllBase */
            return TRUE;
    return FALSE;
}

static BOOL in_any_list(void *base)
{
    return in_list(base, 0x0C, 0x00) || in_list(base, 0x14, 0x08) || in_list(base, 0x1C, 0x10);
}

static BOOL in_all_lists(void *base)
{
    return in_list(base, 0x0C, 0x00) && in_list(base, 0x14, 0x08) && in_list(base, 0x1C, 0x10);
}

static DWORD region_state(void *addr)
{
    MEMORY_BASIC_INFORMATION mbi;

    if (VirtualQuery(addr, &mbi, sizeof(mbi)) != sizeof(mbi))
        return 0;
    return mbi.State;
}

/* Not loaded: GetModuleHandle fails as documented, the range is free, no
 * list names it. */
static void check_gone(const char *name, void *base)
{
    SetLastError(0);
    ok(GetModuleHandleA(name) == NULL, "%s is still found", name);
    ok(GetLastError() == ERROR_MOD_NOT_FOUND, "%s: error %lu", name, GetLastError());
    ok(region_state(base) == MEM_FREE, "%s: its range is %#lx, not MEM_FREE", name, region_state(base));
    ok(!in_any_list(base), "%s is still in PEB->Ldr's lists", name);
}

static void test_load_free_reload(void)
{
    HMODULE h, h2;
    set_fn set;
    get_fn get;

    unload_log_clear();
    ok(GetModuleHandleA("unload_b.dll") == NULL, "unload_b.dll loaded before the test");
    h = LoadLibraryA("unload_b.dll");
    ok(h != NULL, "LoadLibrary(unload_b.dll): %lu", GetLastError());
    if (!h)
        return;
    ok(!strcmp(unload_log_events(), "bA"), "events after the load: %s", unload_log_events());
    ok(GetModuleHandleA("unload_b.dll") == h, "GetModuleHandle gives the loaded module");
    ok(region_state(h) == MEM_COMMIT, "the image is committed");
    ok(in_all_lists(h), "the module is in PEB->Ldr's three lists");
    set = (set_fn)GetProcAddress(h, "set_global");
    get = (get_fn)GetProcAddress(h, "get_global");
    ok(set && get && get() == 7, "the global starts at 7");
    if (set)
        set(99);
    ok(FreeLibrary(h), "FreeLibrary: %lu", GetLastError());
    ok(!strcmp(unload_log_events(), "bAbD"),
       "events after FreeLibrary (detach with lpReserved NULL): %s", unload_log_events());
    check_gone("unload_b.dll", h);

    h2 = LoadLibraryA("unload_b.dll");
    ok(h2 != NULL, "LoadLibrary again: %lu", GetLastError());
    if (!h2)
        return;
    ok(!strcmp(unload_log_events(), "bAbDbA"), "events after the reload: %s", unload_log_events());
    get = (get_fn)GetProcAddress(h2, "get_global");
    ok(get && get() == 7, "the reloaded DLL's global is back at 7: %d", get ? get() : -1);
    ok(FreeLibrary(h2), "FreeLibrary of the reload");
    check_gone("unload_b.dll", h2);
}

/* The count: each LoadLibrary (and GetModuleHandleEx without
 * UNCHANGED_REFCOUNT) needs its FreeLibrary. */
static void test_counts(void)
{
    HMODULE h, h2, h3 = NULL;

    unload_log_clear();
    h = LoadLibraryA("unload_b.dll");
    h2 = LoadLibraryA("unload_b.dll");
    ok(h && h == h2, "the second load gives the same module");
    ok(GetModuleHandleExA(0, "unload_b.dll", &h3) && h3 == h, "GetModuleHandleEx: %lu", GetLastError());
    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "unload_b.dll", &h3) && h3 == h,
       "GetModuleHandleEx(UNCHANGED_REFCOUNT)");
    ok(FreeLibrary(h) && FreeLibrary(h), "two FreeLibrary calls");
    ok(GetModuleHandleA("unload_b.dll") == h && unload_log_count('b', 'D') == 0,
       "one reference left (GetModuleHandleEx's): still loaded, no detach (%s)", unload_log_events());
    ok(FreeLibrary(h), "the last FreeLibrary");
    ok(unload_log_count('b', 'D') == 1, "detached once: %s", unload_log_events());
    check_gone("unload_b.dll", h);
}

/* unload_a.dll imports unload_b.dll: b goes only with its last user, and
 * after a. */
static void test_dependencies(void)
{
    HMODULE a, b;
    get_fn ab;

    unload_log_clear();
    a = LoadLibraryA("unload_a.dll");
    ok(a != NULL, "LoadLibrary(unload_a.dll): %lu", GetLastError());
    if (!a)
        return;
    b = GetModuleHandleA("unload_b.dll");
    ok(b != NULL, "unload_b.dll came with it");
    ok(!strcmp(unload_log_events(), "bAaA"), "attach order: %s", unload_log_events());
    ab = (get_fn)GetProcAddress(a, "b_global");
    ok(ab && ab() == 7, "a calls b");
    ok(FreeLibrary(a), "FreeLibrary(a)");
    ok(!strcmp(unload_log_events(), "bAaAaDbD"), "a detached, then b: %s", unload_log_events());
    check_gone("unload_a.dll", a);
    check_gone("unload_b.dll", b);

    /* b also loaded by the program: it outlives a. */
    unload_log_clear();
    b = LoadLibraryA("unload_b.dll");
    a = LoadLibraryA("unload_a.dll");
    ok(a && b && GetModuleHandleA("unload_b.dll") == b, "a loaded on top of b");
    ok(FreeLibrary(a), "FreeLibrary(a)");
    ok(!strcmp(unload_log_events(), "bAaAaD"), "only a detached: %s", unload_log_events());
    ok(GetModuleHandleA("unload_b.dll") == b && region_state(b) == MEM_COMMIT, "b stays loaded");
    check_gone("unload_a.dll", a);
    ok(FreeLibrary(b), "FreeLibrary(b)");
    ok(!strcmp(unload_log_events(), "bAaAaDbD"), "b detached at its last FreeLibrary: %s",
       unload_log_events());
    check_gone("unload_b.dll", b);

    /* Freed before a: a's reference keeps it. */
    unload_log_clear();
    a = LoadLibraryA("unload_a.dll");
    b = LoadLibraryA("unload_b.dll");
    ok(FreeLibrary(b), "FreeLibrary(b) while a needs it");
    ok(unload_log_count('b', 'D') == 0 && GetModuleHandleA("unload_b.dll") == b, "b stays for a: %s",
       unload_log_events());
    ab = a ? (get_fn)GetProcAddress(a, "b_global") : NULL;
    ok(ab && ab() == 7, "a still calls b");
    ok(FreeLibrary(a), "FreeLibrary(a)");
    ok(!strcmp(unload_log_events(), "bAaAaDbD"), "both went, a first: %s", unload_log_events());
    check_gone("unload_b.dll", b);
}

/* The program's static imports and the system DLLs are never unloaded. */
static void test_static_imports_stay(void)
{
    HMODULE log = GetModuleHandleA("unload_log.dll"), k32 = GetModuleHandleA("kernel32.dll");

    ok(log != NULL && k32 != NULL, "static imports are loaded");
    for (int i = 0; i < 5; i++) {
        FreeLibrary(log);
        FreeLibrary(k32);
    }
    ok(GetModuleHandleA("unload_log.dll") == log && region_state(log) == MEM_COMMIT,
       "the program's import stays loaded");
    ok(GetModuleHandleA("kernel32.dll") == k32 && GetProcAddress(k32, "GetTickCount") != NULL,
       "kernel32 stays loaded");
    unload_log_event('s', 's');
    ok(unload_log_count('s', 's') == 1, "the import still works");
}

/* GET_MODULE_HANDLE_EX_FLAG_PIN: loaded until the process ends, whatever
 * FreeLibrary is called. */
static void test_pin(void)
{
    HMODULE h = LoadLibraryA("unload_pin.dll"), h2 = NULL;

    unload_log_clear();
    ok(h != NULL, "LoadLibrary(unload_pin.dll): %lu", GetLastError());
    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN, "unload_pin.dll", &h2) && h2 == h,
       "GetModuleHandleEx(PIN): %lu", GetLastError());
    SetLastError(0);
    ok(!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           "unload_pin.dll", &h2) && GetLastError() == ERROR_INVALID_PARAMETER,
       "PIN with UNCHANGED_REFCOUNT is refused: %lu", GetLastError());
    for (int i = 0; i < 3; i++)
        FreeLibrary(h);
    ok(GetModuleHandleA("unload_pin.dll") == h && unload_log_count('p', 'D') == 0,
       "pinned: still loaded, no detach (%s)", unload_log_events());
}

/* A thread in the DLL unloads it and ends: FreeLibraryAndExitThread. */
static void test_free_and_exit_thread(void)
{
    HMODULE h;
    LPTHREAD_START_ROUTINE fn;
    HANDLE t;
    DWORD code = 0;

    unload_log_clear();
    h = LoadLibraryA("unload_b.dll");
    fn = h ? (LPTHREAD_START_ROUTINE)GetProcAddress(h, "unload_self_thread@4") : NULL;
    ok(fn != NULL, "unload_self_thread@4 (MinGW decorates stdcall exports)");
    if (!fn)
        return;
    /* The thread gets the program's reference. */
    t = CreateThread(NULL, 0, fn, h, 0, NULL);
    ok(t != NULL, "CreateThread");
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "the thread ended");
    ok(GetExitCodeThread(t, &code) && code == 42, "exit code %lu", code);
    CloseHandle(t);
    ok(!strcmp(unload_log_events(), "bAbD"), "the DLL was detached: %s", unload_log_events());
    check_gone("unload_b.dll", h);
}

/* Bad handles. */
static void test_bad_handles(void)
{
    ok(!FreeLibrary((HMODULE)0x10000000), "FreeLibrary of no module succeeded");
}

/* "exit": DLLs still loaded at exit get DLL_PROCESS_DETACH with
 * lpReserved non-NULL, after the DLLs loaded after them; a DLL already
 * unloaded gets no second one. unload_log.dll prints its log from its own
 * detach, last. */
static int exit_mode(void)
{
    HMODULE b, p;

    unload_log_clear();
    unload_log_report_at_exit();
    b = LoadLibraryA("unload_b.dll");
    FreeLibrary(b);
    p = LoadLibraryA("unload_pin.dll");
    b = LoadLibraryA("unload_a.dll");
    printf("loaded: %s\n", p && b ? "yes" : "no");
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exit"))
        return exit_mode();
    test_load_free_reload();
    test_counts();
    test_dependencies();
    test_static_imports_stay();
    test_free_and_exit_thread();
    test_pin();
    test_bad_handles();
    return test_summary();
}
