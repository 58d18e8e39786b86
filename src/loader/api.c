/* The public API of libwow64 (include/wow64.h). */
#include "startup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../nt/console.h"
#include "../nt/inherit.h"
#include "../nt/log.h"
#include "peb32.h"

static char error_line[1100];
/* WOW64_EXIT_FD: where a child started by CreateProcess reports its full
 * exit code to its parent (its wait status only has 8 bits); -1 if none. */
static int exit_fd = -1;

static enum wow64_result result_of(enum loader_error e)
{
    switch (e) {
    case LOADER_OK: return WOW64_OK;
    case LOADER_E_NOT_FOUND: return WOW64_E_NOT_FOUND;
    case LOADER_E_BAD_IMAGE: return WOW64_E_BAD_IMAGE;
    case LOADER_E_DLL_NOT_FOUND: return WOW64_E_DLL_NOT_FOUND;
    case LOADER_E_EXPORT_NOT_FOUND: return WOW64_E_EXPORT_NOT_FOUND;
    case LOADER_E_DLL_INIT: return WOW64_E_DLL_INIT;
    default: return WOW64_E_HOST;
    }
}

static enum wow64_result fail(void)
{
    const char *msg;
    enum loader_error e = loader_last_error(&msg);

    snprintf(error_line, sizeof error_line, "%s", msg);
    return e == LOADER_OK ? WOW64_E_HOST : result_of(e);
}

static enum wow64_result fail_state(const char *msg)
{
    snprintf(error_line, sizeof error_line, "%s", msg);
    return WOW64_E_STATE;
}

WOW64_API const char *wow64_last_error(void)
{
    return error_line;
}

WOW64_API int wow64_exit_status(uint32_t code)
{
    return (code & 0xff) ? (int)(code & 0xff) : (code ? 255 : 0);
}

/* The program file: as given, or with ".exe" appended as CreateProcess
 * does for a name without an extension. */
static bool resolve_program(const char *path, char *out, size_t n)
{
    struct stat st;
    const char *base = strrchr(path, '/');

    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return realpath(path, out) != NULL;
    base = base ? base + 1 : path;
    if (!strchr(base, '.')) {
        char with_ext[PATH_MAX];
        snprintf(with_ext, sizeof with_ext, "%s.exe", path);
        if (stat(with_ext, &st) == 0 && S_ISREG(st.st_mode))
            return realpath(with_ext, out) != NULL;
    }
    snprintf(out, n, "%s", path);
    return false;
}

/* Takes over the exit-code descriptor a parent libwow64 passed down
 * (spawn.c), hiding it from our own children. */
static void take_exit_fd(void)
{
    const char *v = getenv("WOW64_EXIT_FD");
    char *end;
    long fd;

    if (!v)
        return;
    fd = strtol(v, &end, 10);
    if (!*end && end != v && fd > 2 && fd < INT_MAX && fcntl((int)fd, F_SETFD, FD_CLOEXEC) == 0)
        exit_fd = (int)fd;
    unsetenv("WOW64_EXIT_FD");
}

/* A child created suspended (WOW64_RESUME_FD, spawn.c) waits here, before
 * its loader runs, for NtResumeThread in the parent to write a byte; end
 * of file without one (the parent ended, or closed every handle to it,
 * first) ends it without running any guest code: false. */
static bool wait_for_resume(void)
{
    const char *v = getenv("WOW64_RESUME_FD");
    char *end, c;
    long fd;
    ssize_t n;

    if (!v)
        return true;
    fd = strtol(v, &end, 10);
    unsetenv("WOW64_RESUME_FD");
    if (*end || end == v || fd <= 2 || fd >= INT_MAX)
        return true;
    do
        n = read((int)fd, &c, 1);
    while (n < 0 && errno == EINTR);
    close((int)fd);
    return n == 1;
}

/* Reports the guest's exit code to the parent, 4 bytes in host order. */
static void report_exit_code(uint32_t code)
{
    ssize_t n;

    if (exit_fd < 0)
        return;
    do
        n = write(exit_fd, &code, sizeof code);
    while (n < 0 && errno == EINTR);
    close(exit_fd);
    exit_fd = -1;
}

/* Initialises ntdll, kernel32 and then everything m needs. */
static NTSTATUS init_modules(struct module *m)
{
    NTSTATUS s;

    if ((s = loader_init_module(startup.ntdll)) != STATUS_SUCCESS ||
        (s = loader_init_module(startup.kernel32)) != STATUS_SUCCESS)
        return s;
    return m ? loader_init_module(m) : STATUS_SUCCESS;
}

/* The main thread's guest code: the exe's entry through
 * kernel32!BaseThreadInitThunk(0, entry, peb), as every thread starts, so
 * that its return is an ExitThread (which ends the process only when it
 * is the last thread). Does not return. */
static _Noreturn void run_entry(uint32_t entry)
{
    uint32_t thunk = loader_thread_start_thunk(), exit_fn, ret;

    if (log_enabled("loader"))
        log_printf("loader: starting %s at 0x%08x\n", startup.exe->name, entry);
    if (thunk) {
        uint32_t args[3] = { 0, entry, startup.peb };
        ret = (uint32_t)cpu_call32(thunk, 0, 3, args);
    } else {
        /* A kernel32 without it: the entry's return ends the process
         * (through ExitProcess, so that DLLs are detached). */
        ret = (uint32_t)cpu_call32(entry, 0, 0, NULL);
        if (loader_get_export(startup.kernel32, "ExitProcess", 0, 0, &exit_fn) == STATUS_SUCCESS)
            cpu_call32(exit_fn, 0, 1, &ret);
    }
    nt_exit_process(ret);
}

WOW64_API enum wow64_result wow64_run(const struct wow64_options *opts, const char *path, int argc,
                                      const char *const argv[], uint32_t *exit_code)
{
    char host_path[PATH_MAX];
    struct module *exe;
    sigjmp_buf exit_jmp;
    uint32_t entry, code;
    struct cpu_thread *t;

    if (startup.running || startup.exe)
        return fail_state("this process already runs a guest program");
    take_exit_fd();
    inherit_install();
    if (!wait_for_resume()) {
        report_exit_code(1);
        *exit_code = 1;
        return WOW64_OK;
    }
    if (!resolve_program(path, host_path, sizeof host_path)) {
        snprintf(error_line, sizeof error_line, "%s: file not found", path);
        return WOW64_E_NOT_FOUND;
    }
    if (startup_process(opts) != 0)
        return fail();
    if (module_map(host_path, true, &exe) != STATUS_SUCCESS)
        return fail();
    startup.exe = exe;
    /* IMAGE_FILE_LARGE_ADDRESS_AWARE: the guest may use up to 4 GiB. */
    vm_set_large_address_aware((exe->pe.characteristics & 0x0020) != 0);
    nt_process.stack_reserve = exe->pe.stack_reserve;
    nt_process.stack_commit = exe->pe.stack_commit;
    if (startup_main_thread(exe->pe.stack_reserve, exe->pe.stack_commit) != 0 ||
        startup_parameters(host_path, argc, argv) != 0)
        return fail();
    ldr_add_module(exe);
    if (startup_system_dlls() != STATUS_SUCCESS || loader_resolve_imports(exe) != STATUS_SUCCESS)
        return fail();
    memcpy((void *)(uintptr_t)(startup.peb + PEB32_ImageBaseAddress), &exe->base, 4);
    memcpy((void *)(uintptr_t)(startup.peb + PEB32_ImageSubSystem), &(uint32_t){ exe->pe.subsystem }, 4);
    if (startup_exe_tls(exe) != 0) {
        loader_set_error(LOADER_E_BAD_IMAGE, "%s: %s", exe->name, pe_strerror(PE_E_TLS));
        return fail();
    }
    t = &startup.thread;
    entry = exe->base + exe->pe.entry_rva;
    if (thread_register_main(t, entry, true) != 0) {
        loader_set_error(LOADER_E_NO_MEMORY, "cannot set up the thread interrupt signal");
        return fail();
    }
    t->exit_jmp = &exit_jmp;
    startup.running = true;
    console_ctrl_start();
    if (sigsetjmp(exit_jmp, 1)) {
        /* The main thread's guest code ended: ExitThread, a termination,
         * the end of the process, an unhandled exception. The process
         * lives on while other threads run; wow64_run returns once it has
         * ended and every thread is gone. */
        t->exit_jmp = NULL;
        code = thread_main_finished(t);
        startup.running = false;
        registry_process_exit();
        console_restore();
        *exit_code = code;
        report_exit_code(code);
        return WOW64_OK;
    }
    /* DllMain(PROCESS_ATTACH) under the loader lock: threads a DllMain
     * starts wait for the process's initialisation, as on Windows. */
    loader_lock();
    if (init_modules(exe) != STATUS_SUCCESS) {
        loader_unlock();
        t->exit_jmp = NULL;
        thread_end_process(STATUS_DLL_INIT_FAILED);
        thread_main_finished(t);
        startup.running = false;
        return fail();
    }
    loader_exe_tls_attach(exe);
    loader_unlock();
    run_entry(entry);
}

WOW64_API enum wow64_result wow64_init(const struct wow64_options *opts)
{
    static const char *const argv[] = { "wow64host.exe" };
    char self[PATH_MAX];
    ssize_t len;

    if (startup.kernel32 && startup.kernel32->attached)
        return WOW64_OK;
    if (startup_process(opts) != 0 || startup_main_thread(0, 0) != 0)
        return fail();
    if (thread_register_main(&startup.thread, 0, false) != 0) {
        loader_set_error(LOADER_E_NO_MEMORY, "cannot set up the thread interrupt signal");
        return fail();
    }
    len = readlink("/proc/self/exe", self, sizeof self - 1);
    self[len > 0 ? len : 0] = 0;
    if (startup_parameters(len > 0 ? self : "/wow64host.exe", 1, argv) != 0)
        return fail();
    if (startup_system_dlls() != STATUS_SUCCESS)
        return fail();
    loader_lock();
    if (init_modules(NULL) != STATUS_SUCCESS) {
        loader_unlock();
        return fail();
    }
    loader_unlock();
    return WOW64_OK;
}

static enum wow64_result load_library(const char *name, uint32_t *module)
{
    struct module *m;
    module_mark_t mark = module_mark();
    NTSTATUS s;

    if (strchr(name, '/')) {
        char host_path[PATH_MAX];
        if (!realpath(name, host_path)) {
            snprintf(error_line, sizeof error_line, "%s: file not found", name);
            return WOW64_E_NOT_FOUND;
        }
        if ((m = NULL, s = module_map(host_path, false, &m)) != STATUS_SUCCESS ||
            (s = loader_resolve_imports(m)) != STATUS_SUCCESS) {
            module_rollback(mark);
            return fail();
        }
    } else if ((s = loader_load_dll(name, NULL, &m)) != STATUS_SUCCESS) {
        module_rollback(mark);
        return fail();
    }
    if (loader_init_module(m) != STATUS_SUCCESS)
        return fail();
    *module = m->base;
    return WOW64_OK;
}

WOW64_API enum wow64_result wow64_load_library(const char *name, uint32_t *module)
{
    enum wow64_result r;

    if (!startup.kernel32 || !startup.kernel32->attached)
        return fail_state("wow64_init has not been called");
    loader_lock();
    r = load_library(name, module);
    loader_unlock();
    return r;
}

WOW64_API enum wow64_result wow64_get_proc_address(uint32_t module, const char *name,
                                                   uint32_t *address)
{
    struct module *m;
    NTSTATUS s = STATUS_DLL_NOT_FOUND;

    loader_lock();
    if ((m = module_find_by_base(module)))
        s = loader_get_export(m, name, 0, 0, address);
    loader_unlock();
    if (!m)
        return fail_state("not a loaded module");
    if (s != STATUS_SUCCESS)
        return fail();
    return WOW64_OK;
}

WOW64_API uint64_t wow64_call(uint32_t address, unsigned nargs, const uint32_t *args)
{
    return cpu_call32(address, 0, nargs, args);
}
