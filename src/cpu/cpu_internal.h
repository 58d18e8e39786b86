/* Symbols shared between the CPU module's C files and switch.S. */
#ifndef WOW64_CPU_INTERNAL_H
#define WOW64_CPU_INTERNAL_H

#include <stdint.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct cpu_thread;

#define CPU_SIGSTACK_SIZE (64 * 1024)

#define CPU_HIDDEN __attribute__((visibility("hidden")))

CPU_HIDDEN extern unsigned char cpu_have_fsgsbase;
CPU_HIDDEN void cpu_syscall_entry(void);
CPU_HIDDEN void cpu_call32_return(void);
CPU_HIDDEN void cpu_call32_abort(void);
CPU_HIDDEN void cpu_call32_aborted(struct cpu_thread *t, uint32_t code);
CPU_HIDDEN void cpu_bare_back(void);
CPU_HIDDEN void cpu_signal_entry(int sig, siginfo_t *info, void *uc);
CPU_HIDDEN uint64_t cpu_call32_asm(uint32_t eip, uint32_t esp);
CPU_HIDDEN long cpu_copy_guarded(void *dst, const void *src, size_t n);
CPU_HIDDEN long cpu_strnlen_guarded(const void *s, size_t max, size_t width);
CPU_HIDDEN extern char cpu_copy_begin[], cpu_copy_end[], cpu_copy_fault[];
CPU_HIDDEN extern char cpu_strlen_begin[], cpu_strlen_end[];

/* C side of the transitions. */
CPU_HIDDEN int cpu_signal_handler(int sig, siginfo_t *info, void *uc);
CPU_HIDDEN struct cpu_thread *cpu_thread_area(void);
int cpu_signals_init(void);
/* The signal other threads send to interrupt a guest thread (terminate,
 * suspend): cpu_signal_handler passes it to cpu_interrupt_handler
 * (interrupt.c), whose return value it returns. */
#define CPU_SIG_INTERRUPT (SIGRTMIN + 3)
CPU_HIDDEN int cpu_interrupt_handler(int sig, siginfo_t *info, void *uc);
/* The handler of the signals cpu_forward_signal installed (interrupt.c). */
CPU_HIDDEN int cpu_forward_handler(int sig, siginfo_t *info, void *uc);

#endif
