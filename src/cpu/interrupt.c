/* The interrupt signal (CPU_SIG_INTERRUPT): another thread asks this one
 * to terminate or to suspend itself. It arrives through cpu_signal_entry,
 * which has restored glibc's FS base before any C code runs, and
 * cpu_signal_handler, which hands it here. */
#include "cpu.h"
#include "cpu_internal.h"
#include "interrupt.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>

#include "../nt/nt.h"

/* switch.S: the host code that goes back to 32-bit code after a service
 * (cpu_syscall_return), followed by the entry of a host->guest call
 * (cpu_call32_asm), up to cpu_call32_return. */
CPU_HIDDEN extern char cpu_syscall_return[];

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = -1;
static bool return_path_known;

static void install(void)
{
    struct sigaction sa;
    char *ret = cpu_syscall_return, *call = (char *)cpu_call32_asm, *end = (char *)cpu_call32_return;

    /* The range is used only while switch.S keeps the three together. */
    return_path_known = ret < call && call < end && end - ret <= 256;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = cpu_signal_entry;
    /* No SA_RESTART: a host system call the signal interrupts returns
     * EINTR, so that blocking calls can notice a termination. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    install_result = sigaction(CPU_SIG_INTERRUPT, &sa, NULL);
}

/* Installs the interrupt signal's handler, once. */
int cpu_interrupt_init(void)
{
    pthread_once(&install_once, install);
    return install_result;
}

/* Sends the interrupt signal to a guest thread. */
int cpu_interrupt(pthread_t thread)
{
    return pthread_kill(thread, CPU_SIG_INTERRUPT);
}

/* Whether rip is in the host code on its way into 32-bit code. It holds
 * no lock and leaves nothing half done, so a request can be acted on there
 * as in guest code; and it loads the guest's FS selector, whose base the
 * signal entry has just replaced with the host's, so FS must be reloaded
 * before it goes on. */
static bool in_return_path(uint64_t rip)
{
    return return_path_known && rip >= (uint64_t)(uintptr_t)cpu_syscall_return &&
           rip < (uint64_t)(uintptr_t)cpu_call32_return;
}

/* Signals forwarded to a pipe (the console events): the handler writes
 * the signal number as one byte, whatever the thread it interrupts is
 * doing, and does nothing else. */
static int forward_fd = -1;

int cpu_forward_signal(int sig, int fd)
{
    struct sigaction sa;

    __atomic_store_n(&forward_fd, fd, __ATOMIC_RELEASE);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = cpu_signal_entry;
    /* SA_RESTART: a host system call it interrupts goes on. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

int cpu_forward_handler(int sig, siginfo_t *info, void *ucv)
{
    ucontext_t *uc = ucv;
    uint16_t cs = (uint16_t)(uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff);
    int fd = __atomic_load_n(&forward_fd, __ATOMIC_ACQUIRE), saved = errno;
    unsigned char b = (unsigned char)sig;

    (void)info;
    if (fd >= 0 && write(fd, &b, 1) < 0) {
        /* a full pipe already holds events enough */
    }
    errno = saved;
    return cpu_thread_area() && (cs == CPU_CS32 || in_return_path((uint64_t)uc->uc_mcontext.gregs[REG_RIP]));
}

/* Called by cpu_signal_handler for CPU_SIG_INTERRUPT. Only 32-bit code
 * (and the way into it) is interrupted here: other host code holds locks
 * and half-done state, and acts on t->pending itself at its next service
 * exit (the dispatcher), or leaves a wait early (sync_interrupt). A
 * terminated thread does not return (it unwinds to its exit frame); a
 * suspended one sleeps here until it is resumed. Returns nonzero when FS
 * must be reloaded from the LDT: resuming 32-bit code or the way into
 * it. */
int cpu_interrupt_handler(int sig, siginfo_t *info, void *ucv)
{
    ucontext_t *uc = ucv;
    uint16_t cs = (uint16_t)(uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff);
    struct cpu_thread *t = cpu_thread_area();

    (void)sig;
    (void)info;
    if (!t || (cs != CPU_CS32 && !in_return_path((uint64_t)uc->uc_mcontext.gregs[REG_RIP])))
        return 0;
    if (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE))
        thread_pending(t);
    return 1;
}
