/* The interrupt signal: how one thread makes another act on the requests
 * it left in cpu_thread.pending (terminate, suspend). The policy is the
 * thread module's (src/nt/thread_ctl.c, thread_pending); this is the
 * mechanism. */
#ifndef WOW64_CPU_INTERRUPT_H
#define WOW64_CPU_INTERRUPT_H

#include <pthread.h>

/* Installs the handler of the interrupt signal, once per process; call
 * before the first cpu_interrupt. 0 on success. */
int cpu_interrupt_init(void);
/* Sends the interrupt signal to a host thread that runs guest code. A
 * thread in 32-bit code acts on its requests at once; one in host code
 * acts at its next service exit (or leaves a blocking wait early). */
int cpu_interrupt(pthread_t thread);

/* From now on sig (SIGINT, SIGQUIT) writes its number as one byte to fd
 * from whichever thread it interrupts, guest code included; the reader
 * acts on it. 0 on success. */
int cpu_forward_signal(int sig, int fd);

#endif
