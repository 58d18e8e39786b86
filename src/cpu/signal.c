/* Host signal handling: guarded guest-memory copies resume at their fixup
 * (or, when they touched the guard page of the thread's stack, after the
 * stack grew); faults in 32-bit code become guest exceptions delivered to
 * ntdll!KiUserExceptionDispatcher; anything else is a host bug and goes to
 * the handler that was there before ours. */
#include "cpu.h"
#include "cpu_internal.h"
#include "context32.h"

#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "../nt/nt.h"

/* Implemented by the thread module (interrupt.c); weak so that the CPU
 * module links without it. */
#pragma weak cpu_interrupt_handler
#pragma weak cpu_forward_handler

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
#define NSIGNALS (sizeof fault_signals / sizeof *fault_signals)

#define EFLAGS_TF 0x100u
#define EFLAGS_DF 0x400u
#define PF_WRITE 0x2u   /* page-fault error code: the access was a write */
#define PF_INSTR 0x10u  /* ... an instruction fetch (NX) */
#define TRAP_GP 13
#define GUEST_TOP 0x100000000ull
/* EXCEPTION_IN_PAGE_ERROR and EXCEPTION_DATATYPE_MISALIGNMENT. */
#define EXC_IN_PAGE_ERROR 0xC0000006u
#define EXC_MISALIGNMENT 0x80000002u
#define STATUS_DEVICE_DATA_ERROR 0xC000009Cu
/* TEB32 fields (src/loader/peb32.h). */
#define TEB_STACK_BASE 0x04
#define TEB_STACK_LIMIT 0x08
#define TEB_DEALLOCATION_STACK 0xE0C

/* The handlers that were there before ours (an embedder's, or the
 * defaults): faults that are not ours go back to them. */
static struct sigaction previous[NSIGNALS];
static bool have_previous;

/* Installs the fault handlers, keeping the ones they replace. */
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

/* A guard-page access by thread t: stack growth, overflow, or a spent guard page. */
enum vm_guard_result cpu_stack_guard(struct cpu_thread *t, uint32_t addr)
{
    uint32_t base = t->stack_base, dealloc = t->stack_dealloc, limit = 0;
    enum vm_guard_result r;

    /* The stack is the one the TEB describes, as on Windows, so that code
     * switching stacks (fibers) keeps its growth; vm_guard_fault never
     * grows out of the allocation that holds the guard page. */
    if (!guest_read(&base, (void *)(uintptr_t)(t->teb32 + TEB_STACK_BASE), 4) ||
        !guest_read(&dealloc, (void *)(uintptr_t)(t->teb32 + TEB_DEALLOCATION_STACK), 4)) {
        base = t->stack_base;
        dealloc = t->stack_dealloc;
    }
    r = vm_guard_fault(addr, dealloc, base, &limit);
    if (r == VM_GUARD_STACK_GROWN || r == VM_GUARD_STACK_OVERFLOW) {
        if (base == t->stack_base)
            t->stack_limit = limit;
        /* The guest may have made its TEB unwritable. */
        guest_write((void *)(uintptr_t)(t->teb32 + TEB_STACK_LIMIT), &limit, sizeof limit);
    }
    return r;
}

/* Whether the instruction at eip is one that user mode may not execute
 * (a #GP that Windows reports as STATUS_PRIVILEGED_INSTRUCTION rather
 * than as an access violation). */
static bool privileged_instruction(uint32_t eip)
{
    uint8_t code[16];
    size_t n = 0, i = 0;

    while (n < sizeof code && guest_read(code + n, (void *)(uintptr_t)(eip + n), 1))
        n++;
    /* Skip the legacy prefixes. */
    while (i < n && (code[i] == 0x66 || code[i] == 0x67 || code[i] == 0xF0 || code[i] == 0xF2 ||
                     code[i] == 0xF3 || code[i] == 0x2E || code[i] == 0x36 || code[i] == 0x3E ||
                     code[i] == 0x26 || code[i] == 0x64 || code[i] == 0x65))
        i++;
    if (i >= n)
        return false;
    switch (code[i]) {
    case 0xF4:                          /* hlt */
    case 0xFA: case 0xFB:               /* cli, sti */
    case 0xE4: case 0xE5: case 0xE6: case 0xE7: /* in/out imm8 */
    case 0xEC: case 0xED: case 0xEE: case 0xEF: /* in/out dx */
    case 0x6C: case 0x6D: case 0x6E: case 0x6F: /* ins, outs */
        return true;
    case 0x0F: {
        uint8_t op = i + 1 < n ? code[i + 1] : 0, modrm = i + 2 < n ? code[i + 2] : 0;
        unsigned reg = (modrm >> 3) & 7, mod = modrm >> 6;

        switch (op) {
        case 0x00: /* lldt, ltr (sldt, str, verr, verw do not fault) */
            return reg == 2 || reg == 3;
        case 0x01: /* lgdt, lidt, invlpg; lmsw; xsetbv, monitor, mwait, clac, stac */
            if (mod != 3)
                return reg == 2 || reg == 3 || reg == 6 || reg == 7;
            return reg == 6 || modrm == 0xD1 || modrm == 0xC8 || modrm == 0xC9 ||
                   modrm == 0xCA || modrm == 0xCB;
        case 0x06:                                  /* clts */
        case 0x08: case 0x09:                       /* invd, wbinvd */
        case 0x20: case 0x21: case 0x22: case 0x23: /* mov to/from CR, DR */
        case 0x30: case 0x32:                       /* wrmsr, rdmsr */
            return true;
        default:
            return false;
        }
    }
    default:
        return false;
    }
}

/* The exception record of a fault in guest code; *resume is set when the
 * fault was only the stack growing into its guard page. */
static void fault_record(struct cpu_thread *t, int sig, const siginfo_t *info,
                         const ucontext_t *uc, EXCEPTION_RECORD32 *rec, bool *resume)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    uint64_t addr = (uint64_t)(uintptr_t)info->si_addr;
    uint32_t err = (uint32_t)g[REG_ERR];

    *resume = false;
    switch (sig) {
    case SIGILL:
        rec->ExceptionCode = info->si_code == ILL_PRVOPC ? EXC_PRIVILEGED_INSTRUCTION
                                                         : EXC_ILLEGAL_INSTRUCTION;
        return;
    case SIGFPE:
        switch (info->si_code) {
        case FPE_INTDIV: rec->ExceptionCode = EXC_INT_DIVIDE_BY_ZERO; break;
        case FPE_INTOVF: rec->ExceptionCode = EXC_INT_OVERFLOW; break;
        case FPE_FLTDIV: rec->ExceptionCode = 0xC000008Eu; break;
        case FPE_FLTOVF: rec->ExceptionCode = 0xC0000091u; break;
        case FPE_FLTUND: rec->ExceptionCode = 0xC0000093u; break;
        case FPE_FLTRES: rec->ExceptionCode = 0xC000008Fu; break;
        default: rec->ExceptionCode = 0xC0000090u; break; /* invalid operation */
        }
        return;
    case SIGTRAP:
        if (info->si_code == TRAP_TRACE) {
            rec->ExceptionCode = EXC_SINGLE_STEP;
        } else {
            /* int3: Windows reports the breakpoint's own address, with
             * one parameter, BREAKPOINT_BREAK. */
            rec->ExceptionCode = EXC_BREAKPOINT;
            rec->NumberParameters = 1;
        }
        return;
    case SIGBUS:
        if (info->si_code == BUS_ADRALN) {
            rec->ExceptionCode = EXC_MISALIGNMENT;
            return;
        }
        /* A mapped view beyond the end of its file. */
        rec->ExceptionCode = EXC_IN_PAGE_ERROR;
        rec->NumberParameters = 3;
        rec->ExceptionInformation[0] = (err & PF_WRITE) ? EXC_AV_WRITE : EXC_AV_READ;
        rec->ExceptionInformation[1] = (uint32_t)addr;
        rec->ExceptionInformation[2] = STATUS_DEVICE_DATA_ERROR;
        return;
    default:
        break;
    }
    /* SIGSEGV. A general-protection fault (no address) is a privileged
     * instruction, or a segment or selector violation, which Windows
     * reports as an access violation reading 0xFFFFFFFF. */
    rec->NumberParameters = 2;
    if (g[REG_TRAPNO] == TRAP_GP) {
        if (privileged_instruction((uint32_t)g[REG_RIP])) {
            rec->ExceptionCode = EXC_PRIVILEGED_INSTRUCTION;
            rec->NumberParameters = 0;
            return;
        }
        rec->ExceptionCode = EXC_ACCESS_VIOLATION;
        rec->ExceptionInformation[0] = EXC_AV_READ;
        rec->ExceptionInformation[1] = 0xFFFFFFFFu;
        return;
    }
    rec->ExceptionCode = EXC_ACCESS_VIOLATION;
    rec->ExceptionInformation[0] = (err & PF_INSTR)   ? EXC_AV_EXECUTE
                                   : (err & PF_WRITE) ? EXC_AV_WRITE
                                                      : EXC_AV_READ;
    rec->ExceptionInformation[1] = (uint32_t)addr;
    if (addr >= GUEST_TOP)
        return;
    switch (cpu_stack_guard(t, (uint32_t)addr)) {
    case VM_GUARD_STACK_GROWN:
        *resume = true;
        break;
    case VM_GUARD_STACK_OVERFLOW:
        rec->ExceptionCode = EXC_STACK_OVERFLOW;
        break;
    case VM_GUARD_CLEARED:
        rec->ExceptionCode = EXC_GUARD_PAGE;
        break;
    case VM_GUARD_NONE:
        break;
    }
}

/* The guest's registers at the fault, as a CONTEXT. */
static void fault_context(const struct cpu_thread *t, const ucontext_t *uc, CONTEXT32 *ctx)
{
    const greg_t *g = uc->uc_mcontext.gregs;

    ctx->ContextFlags = CONTEXT32_FAULT;
    ctx->Eax = (uint32_t)g[REG_RAX];
    ctx->Ebx = (uint32_t)g[REG_RBX];
    ctx->Ecx = (uint32_t)g[REG_RCX];
    ctx->Edx = (uint32_t)g[REG_RDX];
    ctx->Esi = (uint32_t)g[REG_RSI];
    ctx->Edi = (uint32_t)g[REG_RDI];
    ctx->Ebp = (uint32_t)g[REG_RBP];
    ctx->Esp = (uint32_t)g[REG_RSP];
    ctx->Eip = (uint32_t)g[REG_RIP];
    ctx->EFlags = (uint32_t)g[REG_EFL];
    /* The signal frame does not carry the data selectors: they are the
     * ones every guest thread runs with. */
    ctx->SegCs = CPU_CS32;
    ctx->SegDs = ctx->SegEs = ctx->SegSs = ctx->SegGs = CPU_DS32;
    ctx->SegFs = t->fs_sel;
    if (uc->uc_mcontext.fpregs) {
        cpu_fxsave64_to_32(ctx->ExtendedRegisters, (const uint8_t *)uc->uc_mcontext.fpregs);
        cpu_fxsave_to_fnsave(&ctx->FloatSave, ctx->ExtendedRegisters);
    } else {
        ctx->ContextFlags &= ~(CONTEXT32_FLOATING_POINT | CONTEXT32_EXTENDED_REGISTERS);
    }
}

/* A fault in 32-bit code: grow the stack and retry, or deliver the
 * exception to the guest's dispatcher by editing the context sigreturn
 * restores. Returns nonzero (the signal entry then reloads FS). */
static int guest_fault(struct cpu_thread *t, int sig, siginfo_t *info, ucontext_t *uc)
{
    greg_t *g = uc->uc_mcontext.gregs;
    EXCEPTION_RECORD32 rec;
    CONTEXT32 ctx;
    uint32_t esp, eip;
    bool resume;

    memset(&rec, 0, sizeof rec);
    fault_record(t, sig, info, uc, &rec, &resume);
    if (resume)
        return 1;
    memset(&ctx, 0, sizeof ctx);
    fault_context(t, uc, &ctx);
    if (rec.ExceptionCode == EXC_BREAKPOINT)
        ctx.Eip--;
    /* The trap has been taken: a handler that continues must set the
     * trap flag again for another step, as debuggers do on Windows. */
    if (rec.ExceptionCode == EXC_SINGLE_STEP)
        ctx.EFlags &= ~EFLAGS_TF;
    rec.ExceptionAddress = ctx.Eip;
    /* Code that loaded a bad selector into DS or ES faults on every data
     * access, and sigreturn does not restore these two: the dispatcher
     * would fault again until the kernel kills the process. It runs with
     * the flat data selector, as fault_context reports. */
    __asm__ volatile("movw %w0, %%ds\n\tmovw %w0, %%es" : : "r"((uint16_t)CPU_DS32));
    if (!cpu_exception_frame(t, &rec, &ctx, &esp, &eip))
        cpu_crash_report(t, &rec, &ctx);
    g[REG_RIP] = eip;
    g[REG_RSP] = esp;
    /* The dispatcher starts as Windows starts it: no single-stepping,
     * string operations forward. */
    g[REG_EFL] &= ~(greg_t)(EFLAGS_TF | EFLAGS_DF);
    return 1;
}

/* A guarded copy (host code reading or writing guest memory) faulted.
 * When it touched the guard page of the thread's stack, as the kernel
 * does on Windows, the stack grows and the copy goes on; otherwise it
 * resumes at its fixup and reports failure. */
static void copy_fault(struct cpu_thread *t, int sig, const siginfo_t *info, greg_t *g)
{
    uint64_t addr = (uint64_t)(uintptr_t)info->si_addr;

    /* Any other guard page is spent (one-shot) and the copy fails, as a
     * probe in the Windows kernel fails with STATUS_GUARD_PAGE_VIOLATION.
     * Not for the TEB: cpu_stack_guard reads it with a guarded copy. */
    if (sig == SIGSEGV && t && addr < GUEST_TOP && (addr & ~0xFFFull) != t->teb32) {
        enum vm_guard_result r = cpu_stack_guard(t, (uint32_t)addr);

        if (r == VM_GUARD_STACK_GROWN || r == VM_GUARD_STACK_OVERFLOW)
            return;
    }
    g[REG_RIP] = (greg_t)(uintptr_t)cpu_copy_fault;
}

/* The C side of every fault signal (and of the interrupt signal). */
int cpu_signal_handler(int sig, siginfo_t *info, void *ucv)
{
    if (sig == CPU_SIG_INTERRUPT)
        return cpu_interrupt_handler ? cpu_interrupt_handler(sig, info, ucv) : 0;
    if (sig == SIGINT || sig == SIGQUIT)
        return cpu_forward_handler ? cpu_forward_handler(sig, info, ucv) : 0;

    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uint64_t rip = (uint64_t)g[REG_RIP];
    uint16_t cs = (uint16_t)(g[REG_CSGSFS] & 0xffff);
    struct cpu_thread *t = cpu_thread_area();

    if ((sig == SIGSEGV || sig == SIGBUS) &&
        (in_range(rip, cpu_copy_begin, cpu_copy_end) ||
         in_range(rip, cpu_strlen_begin, cpu_strlen_end))) {
        copy_fault(t, sig, info, g);
        return 0;
    }
    if (cs == CPU_CS32 && t)
        return guest_fault(t, sig, info, uc);
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
