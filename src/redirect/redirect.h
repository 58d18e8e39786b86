/* The redirection layer's private header: pure functions, no I/O
 * (DESIGN.md, Redirect). */
#ifndef WOW64_REDIRECT_H
#define WOW64_REDIRECT_H

#include <stdbool.h>
#include <stddef.h>

struct env_var {
    const char *name;
    char value[512];
};

/* The Windows variables a process starts with (spec section 3): the
 * 32-bit column for a WOW64 process, the 64-bit one otherwise. Fills at
 * most max entries and returns how many. */
size_t redirect_env_defaults(bool wow64, const char *user, const char *computer, int ncpu,
                             struct env_var *out, size_t max);

#endif
