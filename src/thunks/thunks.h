/* The thunk layer's private header: the syscall table generated from
 * syscalls.def, the dispatcher, and argument widening. */
#ifndef WOW64_THUNKS_H
#define WOW64_THUNKS_H

#include "../nt/nt.h"

typedef void (*syscall_fn)(void); /* the real type is in the row signature */

struct syscall_row {
    const char *name;
    const char *sig;   /* one letter per argument, see syscalls.def */
    syscall_fn fn;     /* svc_<name>; NULL when not implemented yet */
};

extern const struct syscall_row syscall_rows[];
extern const unsigned syscall_count;

/* Prepares a libffi cif per row. Call once at start-up. 0 on success. */
int thunks_init(void);
/* Serves service number num for the calling guest thread, whose stack
 * holds the arguments at args32 (the 32-bit stack, first argument first). */
NTSTATUS thunks_dispatch(unsigned num, uint32_t args32);

/* Widening of one by-value argument per its letter (U L H S P); inline,
 * because the dispatcher's fast path calls it for every argument. */
static inline uint64_t thunks_widen(char letter, uint32_t v)
{
    /* L and H sign-extend: pseudo-handles (HANDLE)-1 and -2 and negative
     * LONGs must keep their meaning in 64 bits. ULONG, SIZE_T and
     * pointers zero-extend; NULL stays NULL. */
    if (letter == 'L' || letter == 'H')
        return (uint64_t)(int64_t)(int32_t)v;
    return v;
}

/* Narrowing of a SIZE_T or pointer result back to 32 bits, with a clamp. */
static inline uint32_t thunks_narrow(uint64_t v)
{
    return v > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)v;
}

/* Per-call scratch memory, released by the dispatcher when the call ends. */
void *thunks_scratch(size_t n);

/* Tracing (WOW64_DEBUG=syscall / --strace). */
extern bool thunks_trace;
/* Prints one traced call, decoded from its row, with its status. */
void thunks_trace_call(unsigned num, const uint32_t *raw, unsigned nargs, NTSTATUS status,
                       bool exits);
/* Called when a service does not return (process exit): traces the call
 * in progress on this thread. */
void thunks_trace_exit(void);

#endif
