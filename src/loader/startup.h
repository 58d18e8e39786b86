/* Process and main-thread start-up (used by the public API in api.c). */
#ifndef WOW64_STARTUP_H
#define WOW64_STARTUP_H

#include "wow64.h"
#include "loader.h"
#include "../cpu/cpu.h"

struct startup {
    bool ready, thread_ready, running;
    uint32_t peb, teb, params;
    struct cpu_thread thread;
    struct module *ntdll, *kernel32, *exe;
};
extern struct startup startup;

int startup_process(const struct wow64_options *o);
int startup_main_thread(uint32_t stack_reserve, uint32_t stack_commit);
int startup_parameters(const char *image_host_path, int argc, const char *const argv[]);
NTSTATUS startup_system_dlls(void);
int startup_exe_tls(struct module *exe);
/* Ctrl-C / Ctrl-\ -> kernel32!CtrlRoutine on a new guest thread, from
 * the first console handler on (console_ctrl.c); wow64_run calls it
 * before any guest code runs. */
void console_ctrl_start(void);

#endif
