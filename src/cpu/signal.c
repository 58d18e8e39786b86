/* Host signal handling: guarded guest-memory copies resume at their fixup;
 * faults in 32-bit code become guest exceptions (for now: a crash report
 * and the exception code as exit status); anything else is a host bug and
 * keeps its default action. */
#include "cpu.h"
#include "cpu_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "../nt/nt.h"

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
#define NSIGNALS (sizeof fault_signals / sizeof *fault_signals)

/* The handlers that were there before ours (an embedder's, or the
 * defaults): faults that are not ours go back to them. */
static struct sigaction previous[NSIGNALS];
static bool have_previous;

int cpu_signals_init(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = cpu_signal_entry;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < NSIGNALS; i++) {
        struct sigaction old;
        if (sigaction(fault_signals[i], &sa, &old) != 0)
            return -1;
        /* Called again (tests do), keep the first previous handler. */
        if (!have_previous || old.sa_sigaction != cpu_signal_entry)
            previous[i] = old;
    }
    have_previous = true;
    return 0;
}

static bool in_range(uint64_t rip, const char *begin, const char *end)
{
    return rip >= (uint64_t)(uintptr_t)begin && rip < (uint64_t)(uintptr_t)end;
}

/* The Windows exception code for a fault in guest code. */
static uint32_t exception_code(int sig, const siginfo_t *info, const ucontext_t *uc)
{
    switch (sig) {
    case SIGILL:
        return info->si_code == ILL_PRVOPC ? 0xC0000096u : 0xC000001Du;
    case SIGFPE:
        switch (info->si_code) {
        case FPE_INTDIV: return 0xC0000094u;
        case FPE_INTOVF: return 0xC0000095u;
        case FPE_FLTDIV: return 0xC000008Eu;
        case FPE_FLTOVF: return 0xC0000091u;
        case FPE_FLTUND: return 0xC0000093u;
        case FPE_FLTRES: return 0xC000008Fu;
        case FPE_FLTINV: return 0xC0000090u;
        default: return 0xC0000090u;
        }
    case SIGTRAP:
        return info->si_code == TRAP_TRACE ? 0x80000004u : 0x80000003u;
    default:
        /* A #GP from a privileged instruction (hlt, cli, in/out) arrives as
         * SIGSEGV with si_addr 0 and trap 13. */
        if (uc->uc_mcontext.gregs[REG_TRAPNO] == 13 && info->si_addr == NULL)
            return 0xC0000096u;
        return 0xC0000005u;
    }
}

int cpu_signal_handler(int sig, siginfo_t *info, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uint64_t rip = (uint64_t)g[REG_RIP];
    uint16_t cs = (uint16_t)(g[REG_CSGSFS] & 0xffff);
    struct cpu_thread *t = cpu_thread_area();

    if ((sig == SIGSEGV || sig == SIGBUS) &&
        (in_range(rip, cpu_copy_begin, cpu_copy_end) ||
         in_range(rip, cpu_strlen_begin, cpu_strlen_end))) {
        g[REG_RIP] = (greg_t)(uintptr_t)cpu_copy_fault;
        return 0;
    }
    if (cs == CPU_CS32 && t) {
        struct cpu_fault f;

        memset(&f, 0, sizeof f);
        f.code = exception_code(sig, info, uc);
        f.eip = (uint32_t)rip;
        f.esp = (uint32_t)g[REG_RSP];
        f.ebp = (uint32_t)g[REG_RBP];
        f.eax = (uint32_t)g[REG_RAX];
        f.ebx = (uint32_t)g[REG_RBX];
        f.ecx = (uint32_t)g[REG_RCX];
        f.edx = (uint32_t)g[REG_RDX];
        f.esi = (uint32_t)g[REG_RSI];
        f.edi = (uint32_t)g[REG_RDI];
        f.eflags = (uint32_t)g[REG_EFL];
        if (f.code == 0x80000003u)
            f.eip--; /* int3 reports the address of the breakpoint */
        if (f.code == 0xC0000005u) {
            f.fault_addr = (uint32_t)(uintptr_t)info->si_addr;
            f.is_write = (g[REG_ERR] & 2) != 0;
            f.has_addr = true;
        }
        cpu_unhandled_exception(t, &f);
        /* not reached */
    }
    /* Not a guest fault: hand it to whoever had the signal before us. A
     * handler is called directly; otherwise its disposition is restored
     * and the faulting instruction runs again into it. */
    for (unsigned i = 0; i < NSIGNALS; i++) {
        struct sigaction *old = &previous[i];

        if (fault_signals[i] != sig)
            continue;
        if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
            old->sa_sigaction(sig, info, ucv);
            return 0;
        }
        if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN && old->sa_handler) {
            old->sa_handler(sig);
            return 0;
        }
        if (old->sa_handler == SIG_DFL) {
            static const char msg[] = "wow64: fatal: fault in host code (a libwow64 bug)\n";
            if (write(2, msg, sizeof msg - 1) < 0) {
                /* nothing more can be said */
            }
        }
        sigaction(sig, old, NULL);
        return 0;
    }
    return 0;
}
