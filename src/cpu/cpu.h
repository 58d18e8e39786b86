/* The CPU module's private header: mode switching between the 64-bit host
 * and 32-bit guest code, per-thread CPU state, and fault-safe access to
 * guest memory. */
#ifndef WOW64_CPU_H
#define WOW64_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Selectors (DESIGN.md, CPU). */
#define CPU_CS32 0x23
#define CPU_CS64 0x33
#define CPU_DS32 0x2b

/* Fault-safe copies between host memory and guest memory. A guest range
 * must lie inside the low 4 GiB; a fault or a bad range returns false and
 * never crashes the host. */
bool guest_read(void *dst, const void *guest_src, size_t n);
bool guest_write(void *guest_dst, const void *src, size_t n);
/* Length in characters of a NUL-terminated guest string, at most max;
 * -1 when it faults first. */
long guest_strnlen(const char *guest_s, size_t max);
long guest_wcsnlen(const uint16_t *guest_s, size_t max);

/* Guest register state saved at a guest->host transition and restored on
 * the way back. Offsets are used by switch.S: keep cpu_thread_offsets.h in
 * step (static asserts in cpu.c). */
struct cpu_guest_regs {
    uint32_t eip, esp, ebp, ebx, esi, edi, eax, ecx, edx, eflags;
};

struct cpu_thread {
    struct cpu_thread *self;        /* 0x00 */
    uint64_t host_rsp;              /* 0x08 host stack to use on guest->host entry */
    uint64_t host_fsbase;           /* 0x10 glibc's FS base for this thread */
    uint32_t far_eip;               /* 0x18 far pointer for ljmp to 32-bit code */
    uint16_t far_cs;                /* 0x1c */
    uint16_t fs_sel;                /* 0x1e LDT selector whose base is the TEB32 */
    struct cpu_guest_regs regs;     /* 0x20 */
    uint32_t teb32;                 /* guest address of this thread's TEB32 */
    uint32_t stack_base, stack_limit;
    int ldt_index;
    uint32_t fs_redirect_disabled;  /* WOW64 file-system redirection state: 0 = on */
    void *scratch;                  /* dispatcher's per-call scratch arena */
    size_t scratch_used, scratch_size;
    int depth;                      /* call32 nesting depth */
    void *exit_jmp;                 /* where NtTerminateProcess unwinds to */
    uint32_t exit_code;
    void *sigstack;                 /* alternate signal stack */
    /* Threads and waits (issue 5). */
    uint32_t stack_dealloc;         /* bottom of the stack reservation */
    uint32_t wake_word;             /* futex a blocked wait sleeps on (src/nt/sync.c) */
    uint32_t pending;               /* CPU_PENDING_* requests from other threads */
    uint32_t suspend_count;         /* NtSuspendThread count (src/nt/thread.c) */
    void *thread_obj;               /* the thread's struct nt_thread (src/nt/thread.c) */
    void *waits;                    /* the wait in progress, private to src/nt/sync.c */
    void *apcs;                     /* queued user APCs, private to src/nt/sync.c */
    uint32_t in_exception;          /* exception dispatch nesting (src/cpu/exception.c) */
    uint32_t call32_exception;      /* why the last nested cpu_call32 was aborted, or 0 */
    /* The object a service of this thread uses without a reference
     * (src/nt/handle.c: handle_use), and how many nested uses share it. */
    void *handle_hazard;
    unsigned handle_hazard_depth;
};

/* Requests another thread leaves in t->pending (atomically), acted on at
 * the next service exit or, for a thread running guest code, by the
 * interrupt signal (src/cpu/interrupt.c). */
#define CPU_PENDING_TERMINATE 1u
#define CPU_PENDING_SUSPEND 2u

/* Process-wide set-up: checks the CPU, installs the transition page and
 * the signal handlers. Call once, after vm_init(). 0 on success. */
int cpu_process_init(void);
/* Per-thread set-up of the calling host thread for running guest code with
 * the given TEB32. 0 on success. */
int cpu_thread_init(struct cpu_thread *t, uint32_t teb32);
void cpu_thread_fini(struct cpu_thread *t);
/* The calling thread's CPU state (NULL when it runs no guest code).
 * cpu_self is the same, inline, for the hot services (handle_use). */
struct cpu_thread *cpu_current(void);
extern __thread struct cpu_thread *cpu_current_thread __attribute__((tls_model("initial-exec")));
static inline struct cpu_thread *cpu_self(void)
{
    return cpu_current_thread;
}

/* Call a 32-bit function at eip with 32-bit stack arguments (cdecl or
 * stdcall alike), on the thread's guest stack at esp (0: below the current
 * guest frame). Returns EDX:EAX. Nests: the guest may make system calls
 * that call32 again. */
uint64_t cpu_call32(uint32_t eip, uint32_t esp, unsigned nargs, const uint32_t *args);
/* A nested call (made from inside a service: DllMain, TLS callbacks,
 * APCs) has an SEH frame of its own at the bottom of its guest frames, as
 * Windows' loader wraps DllMain in __try: an exception no handler inside
 * the call takes ends the call there, and cpu_call32 then returns 0 with
 * the exception code in t->call32_exception (0 after a normal return).
 * Outer guest frames are never reached from inside a nested call, so no
 * handler can unwind across the host frames in between. */

/* The host side of a guest system call, called by the transition code
 * with the calling thread, the service number (EAX) and the guest address
 * of the first argument ([esp] is the return into the stub, [esp+4] the
 * stub's caller); returns the NTSTATUS for EAX. */
typedef uint32_t (*cpu_syscall_handler)(struct cpu_thread *t, unsigned num, uint32_t args32);
void cpu_set_syscall_handler(cpu_syscall_handler fn);

/* The address of the guest's Wow64Transition target (32-bit code). */
uint32_t cpu_transition_address(void);
/* n bare 64->32->64 round trips (no state saved): the physical limit of
 * a service call, for the benchmarks; with fd >= 0 each also makes a bare
 * lseek(fd, 0, SEEK_CUR) system call (the limit of a trivial file
 * service). Needs cpu_thread_init. */
void cpu_bare_roundtrips(uint32_t n, int fd);

/* A 32-bit address that, when called, returns straight to the host; used
 * by the transition benchmark. */
uint32_t cpu_null_guest_function(void);

#endif
