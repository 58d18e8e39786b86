/* Static TLS of DLLs (Microsoft's "Thread Local Storage": since Windows
 * Vista a DLL's TLS directory works for a DLL loaded at start-up and for
 * one loaded by LoadLibrary; every thread has its own copy of the
 * template, initialised from it, also the threads that existed before the
 * load). tls_static.dll is imported, tls_dynamic.dll loaded after a
 * second thread already runs. The exe's own TLS keeps working beside
 * them. */
#include <windows.h>
#include <string.h>

#include "test.h"

ULONG tls_index_of(void);
int *tls_var(void);
char *tls_text(void);

typedef ULONG (*index_fn)(void);
typedef int *(*var_fn)(void);
typedef char *(*text_fn)(void);
typedef LONG (*count_fn)(void);

extern char _tls_start;
extern ULONG _tls_index;
__attribute__((section(".tls$WOW"), used)) int exe_tls_var = 4321;

static volatile LONG bad;

static int *exe_tls_copy(void)
{
    char **array;

    __asm__("movl %%fs:0x2C, %0" : "=r"(array));
    return (int *)(array[_tls_index] + ((char *)&exe_tls_var - &_tls_start));
}

static void **tls_array(void)
{
    void **array;

    __asm__("movl %%fs:0x2C, %0" : "=r"(array));
    return array;
}

/* Each thread starts from the templates, and its writes are its own. */
static DWORD WINAPI static_worker(void *arg)
{
    int me = (int)(INT_PTR)arg;

    if (*tls_var() != 1234 || strcmp(tls_text(), "template") || *exe_tls_copy() != 4321)
        InterlockedIncrement(&bad);
    *tls_var() = 100 + me;
    *exe_tls_copy() = 300 + me;
    Sleep(20);
    if (*tls_var() != 100 + me || *exe_tls_copy() != 300 + me)
        InterlockedIncrement(&bad);
    return 0;
}

static void test_static_dll(void)
{
    HANDLE t[2];

    ok(tls_index_of() != _tls_index, "the DLL's index %lu is the exe's %lu", tls_index_of(), _tls_index);
    ok(tls_array()[tls_index_of()] != NULL, "the main thread has a block for the DLL");
    ok(*tls_var() == 1234 && !strcmp(tls_text(), "template"), "main thread's copy: %d", *tls_var());
    ok(*exe_tls_copy() == 4321, "the exe's copy: %d", *exe_tls_copy());
    *tls_var() = 7;
    *exe_tls_copy() = 8;
    bad = 0;
    for (int i = 0; i < 2; i++)
        t[i] = CreateThread(NULL, 0, static_worker, (void *)(INT_PTR)i, 0, NULL);
    ok(WaitForMultipleObjects(2, t, TRUE, 10000) == WAIT_OBJECT_0, "threads ended");
    for (int i = 0; i < 2; i++)
        CloseHandle(t[i]);
    ok(bad == 0, "%ld per-thread checks failed", bad);
    ok(*tls_var() == 7 && *exe_tls_copy() == 8, "main thread's copies unchanged: %d %d", *tls_var(),
       *exe_tls_copy());
}

/* The thread that exists before tls_dynamic.dll is loaded. */
static HANDLE go, done_writing, finish;
static var_fn dyn_var;
static text_fn dyn_text;
static volatile int early_read = -1, early_later = -1;
static char early_text[16];

static DWORD WINAPI early_worker(void *arg)
{
    WaitForSingleObject(go, INFINITE);
    early_read = *dyn_var();
    lstrcpynA(early_text, dyn_text(), sizeof(early_text));
    *dyn_var() = 555;
    SetEvent(done_writing);
    WaitForSingleObject(finish, INFINITE);
    early_later = *dyn_var();
    return 0;
}

static DWORD WINAPI late_worker(void *arg)
{
    int *v = dyn_var();

    if (*v != 1234)
        InterlockedIncrement(&bad);
    *v = 777;
    Sleep(10);
    if (*dyn_var() != 777)
        InterlockedIncrement(&bad);
    return 0;
}

static void test_dynamic_dll(void)
{
    HANDLE early, late;
    HMODULE h;
    index_fn dyn_index;
    count_fn attaches;
    LONG before;

    go = CreateEventA(NULL, TRUE, FALSE, NULL);
    done_writing = CreateEventA(NULL, TRUE, FALSE, NULL);
    finish = CreateEventA(NULL, TRUE, FALSE, NULL);
    early = CreateThread(NULL, 0, early_worker, NULL, 0, NULL);
    ok(early != NULL, "CreateThread");
    Sleep(20); /* the thread runs, waiting */

    h = LoadLibraryA("tls_dynamic.dll");
    ok(h != NULL, "LoadLibrary(tls_dynamic.dll): %lu", GetLastError());
    if (!h) {
        SetEvent(finish);
        return;
    }
    dyn_index = (index_fn)GetProcAddress(h, "tls_index_of");
    dyn_var = (var_fn)GetProcAddress(h, "tls_var");
    dyn_text = (text_fn)GetProcAddress(h, "tls_text");
    attaches = (count_fn)GetProcAddress(h, "tls_thread_attaches");
    ok(dyn_index && dyn_var && dyn_text && attaches, "exports");
    if (!dyn_index || !dyn_var || !dyn_text || !attaches) {
        SetEvent(finish);
        return;
    }
    ok(dyn_index() != _tls_index && dyn_index() != tls_index_of(), "indexes: exe %lu, static %lu, dynamic %lu",
       _tls_index, tls_index_of(), dyn_index());
    ok(tls_array()[dyn_index()] != NULL, "the main thread got a block");
    ok(*dyn_var() == 1234 && !strcmp(dyn_text(), "template"), "main thread's copy: %d", *dyn_var());
    *dyn_var() = 8;

    /* The thread that was there before the load has its own copy. */
    SetEvent(go);
    ok(WaitForSingleObject(done_writing, 10000) == WAIT_OBJECT_0, "the early thread ran");
    ok(early_read == 1234 && !strcmp(early_text, "template"),
       "the early thread's copy starts from the template: %d \"%s\"", early_read, early_text);
    ok(*dyn_var() == 8, "the main thread's copy is its own: %d", *dyn_var());

    /* A thread started after the load: its copy, and the DLL's TLS
     * callback for its attach. */
    before = attaches();
    bad = 0;
    late = CreateThread(NULL, 0, late_worker, NULL, 0, NULL);
    ok(WaitForSingleObject(late, 10000) == WAIT_OBJECT_0, "the late thread ended");
    CloseHandle(late);
    ok(bad == 0, "the late thread's copy: %ld checks failed", bad);
    ok(attaches() == before + 1, "the DLL's TLS callback saw %ld thread attaches", attaches() - before);

    SetEvent(finish);
    ok(WaitForSingleObject(early, 10000) == WAIT_OBJECT_0, "the early thread ended");
    CloseHandle(early);
    ok(early_later == 555, "the early thread kept its value: %d", early_later);
    ok(*dyn_var() == 8 && *tls_var() == 7, "main thread's copies: %d %d", *dyn_var(), *tls_var());

    /* Unloaded and loaded again: a fresh copy of the template. */
    ok(FreeLibrary(h), "FreeLibrary");
    ok(GetModuleHandleA("tls_dynamic.dll") == NULL, "unloaded");
    h = LoadLibraryA("tls_dynamic.dll");
    ok(h != NULL, "LoadLibrary again: %lu", GetLastError());
    if (h) {
        dyn_var = (var_fn)GetProcAddress(h, "tls_var");
        ok(dyn_var && *dyn_var() == 1234, "the reloaded DLL's copy: %d", dyn_var ? *dyn_var() : -1);
        FreeLibrary(h);
    }
    ok(*tls_var() == 7 && *exe_tls_copy() == 8, "the other images' copies are untouched");
}

/* Threads start and end while the DLL is loaded and unloaded over and
 * over: every load gives the loading thread a fresh copy, and every
 * thread that runs meanwhile finds its copy (or none) without harm. */
static volatile LONG churn_stop;

static DWORD WINAPI short_thread(void *arg)
{
    return 0;
}

static DWORD WINAPI churner(void *arg)
{
    while (!churn_stop) {
        HANDLE t = CreateThread(NULL, 0, short_thread, NULL, 0, NULL);

        if (!t) {
            InterlockedIncrement(&bad);
            break;
        }
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
    return 0;
}

static void test_load_unload_with_threads(void)
{
    HANDLE churners[3];
    int fresh = 0;

    bad = 0;
    churn_stop = 0;
    for (int i = 0; i < 3; i++)
        churners[i] = CreateThread(NULL, 0, churner, NULL, 0, NULL);
    for (int i = 0; i < 40; i++) {
        HMODULE h = LoadLibraryA("tls_dynamic.dll");
        var_fn v = h ? (var_fn)GetProcAddress(h, "tls_var") : NULL;

        if (v && *v() == 1234) {
            fresh++;
            *v() = i;
        }
        if (h)
            FreeLibrary(h);
    }
    churn_stop = 1;
    ok(WaitForMultipleObjects(3, churners, TRUE, 20000) == WAIT_OBJECT_0, "the threads ended");
    for (int i = 0; i < 3; i++)
        CloseHandle(churners[i]);
    ok(fresh == 40, "%d of 40 loads gave the template's value", fresh);
    ok(bad == 0, "CreateThread failed");
    ok(GetModuleHandleA("tls_dynamic.dll") == NULL, "unloaded at the end");
}

int main(void)
{
    test_static_dll();
    test_dynamic_dll();
    test_load_unload_with_threads();
    return test_summary();
}
