/* kernel32's thread-local storage, between tls.c and thread.c. */
#ifndef WOW64_KERNEL32_TLS_H
#define WOW64_KERNEL32_TLS_H

/* Runs the FLS callbacks for the calling thread's non-NULL values (it is
 * leaving by ExitThread). */
void k32_fls_thread_exit(void);

#endif
