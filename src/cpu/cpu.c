/* Per-process and per-thread CPU set-up: the transition page, LDT entries
 * for FS, GS base, signal stacks, and the call32 primitive. */
#include "cpu.h"
#include "cpu_internal.h"

#include <asm/ldt.h>
#include <asm/prctl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../nt/nt.h"
#include "../nt/log.h"
#include "context32.h"

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

_Static_assert(offsetof(struct cpu_thread, host_rsp) == 0x08, "T_HOST_RSP");
_Static_assert(offsetof(struct cpu_thread, host_fsbase) == 0x10, "T_HOST_FS");
_Static_assert(offsetof(struct cpu_thread, far_eip) == 0x18, "T_FAR_EIP");
_Static_assert(offsetof(struct cpu_thread, far_cs) == 0x1c, "T_FAR_CS");
_Static_assert(offsetof(struct cpu_thread, fs_sel) == 0x1e, "T_FS_SEL");
_Static_assert(offsetof(struct cpu_thread, regs.esp) == 0x24, "T_ESP");
_Static_assert(offsetof(struct cpu_thread, regs.ebp) == 0x28, "T_EBP");
_Static_assert(offsetof(struct cpu_thread, regs.ebx) == 0x2c, "T_EBX");
_Static_assert(offsetof(struct cpu_thread, regs.esi) == 0x30, "T_ESI");
_Static_assert(offsetof(struct cpu_thread, regs.edi) == 0x34, "T_EDI");

/* Read by switch.S: wrfsbase/rdgsbase usable from user mode. */
__attribute__((visibility("hidden"))) unsigned char cpu_have_fsgsbase;

__thread struct cpu_thread *cpu_current_thread __attribute__((tls_model("initial-exec")));
static pthread_mutex_t ldt_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char ldt_used[8192];
static bool process_ready;

/* Called by switch.S for every guest system call. */
static uint32_t no_handler(struct cpu_thread *t, unsigned num, uint32_t args32)
{
    return 0xC000001Cu; /* STATUS_INVALID_SYSTEM_SERVICE */
}
__attribute__((visibility("hidden"))) cpu_syscall_handler cpu_syscall_handler_fn = no_handler;

/* Layout of the transition page (32-bit code and 64-bit trampolines). */
enum {
    TP_TRANSITION32 = 0x00, /* ljmp 0x33:TP_SYSCALL64 */
    TP_SYSCALL64 = 0x10,    /* jmp *cpu_syscall_entry */
    TP_RETURN32 = 0x20,     /* ljmp 0x33:TP_RETURN64 */
    TP_RETURN64 = 0x30,     /* jmp *cpu_call32_return */
    TP_NULL32 = 0x40,       /* ret: the null guest function */
    TP_BARE32 = 0x50,       /* ljmp 0x33:TP_BARE64 (bare round trips) */
    TP_BARE64 = 0x60,       /* jmp *cpu_bare_back */
    TP_CONTINUE32 = 0x70,   /* popal; popfl; ret: NtContinue's resume (exception.c) */
    TP_CONTINUE32_FX = 0x80, /* fxrstor (%esp); movl 512(%esp),%esp; then as above */
    TP_ABORT32 = 0x90,      /* SEH handler of a nested call32's boundary frame */
    TP_ABORT64 = 0xA0,      /* jmp *cpu_call32_abort */
};

/* The guest ntdll's stubs far-jump to TP_SYSCALL64 directly
 * (src/tools/gensyscalls.c has the address). */
_Static_assert(WOW64_TRANSITION_PAGE + TP_SYSCALL64 == 0x7FFE1010u, "gensyscalls.c SYSCALL64_ADDRESS");
_Static_assert(offsetof(struct cpu_thread, teb32) == 0x48, "T_TEB");

/* Read by switch.S: the 32-bit side of a bare round trip. */
__attribute__((visibility("hidden"))) uint32_t cpu_bare_target = WOW64_TRANSITION_PAGE + TP_BARE32;

static void emit_far_jump32(uint8_t *p, uint32_t target, uint16_t sel)
{
    p[0] = 0xEA; /* jmp ptr16:32 */
    memcpy(p + 1, &target, 4);
    memcpy(p + 5, &sel, 2);
}

static void emit_abs_jump64(uint8_t *p, void *target)
{
    static const uint8_t jmp_rip[6] = { 0xFF, 0x25, 0, 0, 0, 0 }; /* jmp *0(%rip) */
    uint64_t t = (uint64_t)(uintptr_t)target;

    memcpy(p, jmp_rip, sizeof jmp_rip);
    memcpy(p + 6, &t, 8);
}

/* Process-wide set-up: CPU checks, the transition page, signal handlers. */
int cpu_process_init(void)
{
    uint8_t *page;

    if (process_ready)
        return 0;
    cpu_have_fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
    if (getenv("WOW64_NO_FSGSBASE"))
        cpu_have_fsgsbase = 0;
    page = vm_system_page(WOW64_TRANSITION_PAGE);
    if (!page)
        return -1;
    emit_far_jump32(page + TP_TRANSITION32, WOW64_TRANSITION_PAGE + TP_SYSCALL64, CPU_CS64);
    emit_abs_jump64(page + TP_SYSCALL64, cpu_syscall_entry);
    emit_far_jump32(page + TP_RETURN32, WOW64_TRANSITION_PAGE + TP_RETURN64, CPU_CS64);
    emit_abs_jump64(page + TP_RETURN64, cpu_call32_return);
    page[TP_NULL32] = 0xC3;
    emit_far_jump32(page + TP_BARE32, WOW64_TRANSITION_PAGE + TP_BARE64, CPU_CS64);
    emit_abs_jump64(page + TP_BARE64, cpu_bare_back);
    {
        static const uint8_t resume[] = { 0x61, 0x9D, 0xC3 }; /* popal; popfl; ret */
        static const uint8_t fxrstor[] = {
            0x0F, 0xAE, 0x0C, 0x24,                  /* fxrstor (%esp) */
            0x8B, 0xA4, 0x24, 0x00, 0x02, 0x00, 0x00 /* movl 512(%esp), %esp */
        };
        memcpy(page + TP_CONTINUE32, resume, sizeof resume);
        memcpy(page + TP_CONTINUE32_FX, fxrstor, sizeof fxrstor);
        memcpy(page + TP_CONTINUE32_FX + sizeof fxrstor, resume, sizeof resume);
    }
    {
        /* The boundary frame's handler: EAX = the record's ExceptionCode
         * (the handler's first argument), then off to the host. */
        static const uint8_t code_of[] = {
            0x8B, 0x44, 0x24, 0x04, /* movl 4(%esp), %eax */
            0x8B, 0x00              /* movl (%eax), %eax */
        };
        memcpy(page + TP_ABORT32, code_of, sizeof code_of);
        emit_far_jump32(page + TP_ABORT32 + sizeof code_of, WOW64_TRANSITION_PAGE + TP_ABORT64,
                        CPU_CS64);
        emit_abs_jump64(page + TP_ABORT64, cpu_call32_abort);
    }
    vm_protect_system_page(WOW64_TRANSITION_PAGE, PAGE_EXECUTE_READ);
    if (cpu_signals_init() != 0)
        return -1;
    process_ready = true;
    return 0;
}

uint32_t cpu_transition_address(void)
{
    return WOW64_TRANSITION_PAGE + TP_TRANSITION32;
}

/* NtContinue's way back into a full guest context (context32.h). */
uint32_t cpu_continue_address(bool fxrstor)
{
    return WOW64_TRANSITION_PAGE + (fxrstor ? TP_CONTINUE32_FX : TP_CONTINUE32);
}

uint32_t cpu_null_guest_function(void)
{
    return WOW64_TRANSITION_PAGE + TP_NULL32;
}

/* LDT entries of ended threads, kept with their base: writing an LDT entry
 * (modify_ldt) makes the kernel reload the LDT on every CPU running the
 * process, tens of microseconds, and a new thread's TEB often lands where
 * an ended thread's was. An entry whose base is reused needs no write. */
#define LDT_CACHE 64
static struct { int index; uint32_t base; } ldt_cache[LDT_CACHE];
static unsigned ldt_cached;

static int ldt_alloc(uint32_t base)
{
    struct user_desc d;
    int idx = -1;

    pthread_mutex_lock(&ldt_lock);
    for (unsigned i = 0; i < ldt_cached; i++)
        if (ldt_cache[i].base == base) {
            idx = ldt_cache[i].index;
            ldt_cache[i] = ldt_cache[--ldt_cached];
            pthread_mutex_unlock(&ldt_lock);
            return idx;
        }
    /* Entry 0 stays unused so that no selector is ever 0x7 by accident. */
    for (int i = 1; i < 8192; i++)
        if (!ldt_used[i]) {
            ldt_used[i] = 1;
            idx = i;
            break;
        }
    /* Every entry taken: a kept one is rewritten for this base. */
    if (idx < 0 && ldt_cached)
        idx = ldt_cache[--ldt_cached].index;
    pthread_mutex_unlock(&ldt_lock);
    if (idx < 0)
        return -1;
    memset(&d, 0, sizeof d);
    d.entry_number = (unsigned)idx;
    d.base_addr = base;
    d.limit = 0xfff;
    d.seg_32bit = 1;
    d.useable = 1;
    if (syscall(SYS_modify_ldt, 1, &d, sizeof d) != 0) {
        pthread_mutex_lock(&ldt_lock);
        ldt_used[idx] = 0;
        pthread_mutex_unlock(&ldt_lock);
        return -1;
    }
    return idx;
}

static void ldt_free(int idx, uint32_t base)
{
    struct user_desc d;

    pthread_mutex_lock(&ldt_lock);
    if (ldt_cached < LDT_CACHE) {
        /* Kept as it is; its selector is loaded by no one until a thread
         * with this TEB address takes it again. */
        ldt_cache[ldt_cached].index = idx;
        ldt_cache[ldt_cached].base = base;
        ldt_cached++;
        pthread_mutex_unlock(&ldt_lock);
        return;
    }
    pthread_mutex_unlock(&ldt_lock);
    memset(&d, 0, sizeof d);
    d.entry_number = (unsigned)idx;
    d.read_exec_only = 1;
    d.seg_not_present = 1;
    syscall(SYS_modify_ldt, 1, &d, sizeof d);
    pthread_mutex_lock(&ldt_lock);
    ldt_used[idx] = 0;
    pthread_mutex_unlock(&ldt_lock);
}

/* Per-thread set-up for running guest code with the given TEB32. */
int cpu_thread_init(struct cpu_thread *t, uint32_t teb32)
{
    stack_t ss;
    uint64_t fsbase;

    memset(t, 0, sizeof *t);
    t->self = t;
    t->teb32 = teb32;
    t->far_cs = CPU_CS32;
    t->ldt_index = ldt_alloc(teb32);
    if (t->ldt_index < 0)
        return -1;
    t->fs_sel = (uint16_t)((t->ldt_index << 3) | 7);
    if (cpu_have_fsgsbase)
        __asm__ volatile("rdfsbase %0" : "=r"(fsbase));
    else if (syscall(SYS_arch_prctl, ARCH_GET_FS, &fsbase) != 0)
        goto fail;
    t->host_fsbase = fsbase;
    /* Signals taken in guest mode must not build their frames on the
     * guest stack, so every guest thread has its own signal stack. */
    t->sigstack = mmap(NULL, CPU_SIGSTACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t->sigstack == MAP_FAILED)
        goto fail;
    ss.ss_sp = t->sigstack;
    ss.ss_size = CPU_SIGSTACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0)
        goto fail;
    if (cpu_have_fsgsbase)
        __asm__ volatile("wrgsbase %0" : : "r"((uint64_t)(uintptr_t)t) : "memory");
    else if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)t) != 0)
        goto fail;
    cpu_current_thread = t;
    /* Windows' initial FPU state for a thread: x87 control word 0x27F (53-bit
     * precision, all exceptions masked) and MXCSR 0x1F80. The FPU is
     * shared with the host code of this thread, which only needs masked
     * exceptions and round-to-nearest, true of both. */
    {
        uint16_t cw = 0x27F;
        uint32_t mxcsr = 0x1F80;
        __asm__ volatile("fninit; fldcw %0; ldmxcsr %1" : : "m"(cw), "m"(mxcsr));
    }
    return 0;
fail:
    if (t->sigstack && t->sigstack != MAP_FAILED)
        munmap(t->sigstack, CPU_SIGSTACK_SIZE);
    t->sigstack = NULL;
    ldt_free(t->ldt_index, teb32);
    return -1;
}

void cpu_thread_fini(struct cpu_thread *t)
{
    stack_t ss = { .ss_flags = SS_DISABLE };

    if (cpu_current_thread == t) {
        syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL);
        sigaltstack(&ss, NULL);
        cpu_current_thread = NULL;
    }
    if (t->sigstack)
        munmap(t->sigstack, CPU_SIGSTACK_SIZE);
    t->sigstack = NULL;
    if (t->ldt_index > 0)
        ldt_free(t->ldt_index, t->teb32);
    t->ldt_index = 0;
}

struct cpu_thread *cpu_current(void)
{
    return cpu_current_thread;
}

/* Calls 32-bit code at eip with the given stack arguments; see cpu.h. */
uint64_t cpu_call32(uint32_t eip, uint32_t esp, unsigned nargs, const uint32_t *args)
{
    struct cpu_thread *t = cpu_current_thread;
    struct cpu_guest_regs saved = t->regs;
    uint32_t saved_eip = t->far_eip;
    uint32_t frame[1 + 16];
    uint64_t ret;

    uint32_t boundary = 0, outer_list = 0;

    if (nargs > 16)
        nargs = 16;
    if (!esp)
        esp = t->depth ? t->regs.esp : t->stack_base;
    /* Keep the 32-bit stack 16-byte aligned at the call, as MinGW-built
     * code with SSE expects, and leave the caller's frame alone. */
    esp = (esp - 4 * (nargs + 1) - 64) & ~15u;
    frame[0] = WOW64_TRANSITION_PAGE + TP_RETURN32;
    if (nargs)
        memcpy(frame + 1, args, 4 * nargs);
    if (!guest_write((void *)(uintptr_t)esp, frame, 4 * (nargs + 1)))
        return (uint64_t)(uint32_t)STATUS_STACK_OVERFLOW;
    t->call32_exception = 0;
    if (t->depth) {
        /* The boundary frame { Next, Handler } sits in the gap above the
         * arguments, and heads the guest's fs:[0] chain during the call. */
        uint32_t reg[2];

        boundary = esp + 4 * (nargs + 1);
        if (!guest_read(&outer_list, (void *)(uintptr_t)t->teb32, 4))
            return (uint64_t)(uint32_t)STATUS_ACCESS_VIOLATION;
        reg[0] = outer_list;
        reg[1] = WOW64_TRANSITION_PAGE + TP_ABORT32;
        if (!guest_write((void *)(uintptr_t)boundary, reg, sizeof reg) ||
            !guest_write((void *)(uintptr_t)t->teb32, &boundary, 4))
            return (uint64_t)(uint32_t)STATUS_STACK_OVERFLOW;
    }
    t->depth++;
    ret = cpu_call32_asm(eip, esp);
    t->depth--;
    t->regs = saved;
    t->far_eip = saved_eip;
    if (boundary)
        guest_write((void *)(uintptr_t)t->teb32, &outer_list, 4);
    return ret;
}

/* From switch.S: a nested call ended at its boundary frame. */
void cpu_call32_aborted(struct cpu_thread *t, uint32_t code)
{
    t->call32_exception = code ? code : 0xC0000001u; /* STATUS_UNSUCCESSFUL */
    if (log_enabled("seh"))
        log_printf("seh: exception 0x%08x left a nested guest call (depth %d)\n", code, t->depth);
}

void cpu_set_syscall_handler(cpu_syscall_handler fn)
{
    cpu_syscall_handler_fn = fn;
}
