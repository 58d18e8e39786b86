/* The redirection layer's private header: pure functions, no I/O
 * (DESIGN.md, Redirect). */
#ifndef WOW64_REDIRECT_H
#define WOW64_REDIRECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct env_var {
    const char *name;
    char value[512];
};

/* The Windows variables a process starts with (spec section 3): the
 * 32-bit column for a WOW64 process, the 64-bit one otherwise. Fills at
 * most max entries and returns how many. */
size_t redirect_env_defaults(bool wow64, const char *user, const char *computer, int ncpu,
                             struct env_var *out, size_t max);

/* File-system redirection of an NT name (UTF-16, len in characters) for
 * a 32-bit process whose thread has redirection disabled or not. Returns
 * true and writes the new name (out_len characters, max at most) when the
 * name is redirected; false when it stays as it is. Sysnative always maps
 * to System32. */
bool redirect_fs_path(const uint16_t *name, size_t len, bool disabled, uint16_t *out, size_t max,
                      size_t *out_len);

/* The same for a name relative to a directory handle: only handles for
 * C:\Windows or C:\Windows\System32 redirect, and not names beginning
 * with a backslash. On true, out is an absolute \??\ name. */
enum redirect_root { REDIRECT_ROOT_OTHER, REDIRECT_ROOT_WINDOWS, REDIRECT_ROOT_SYSTEM32 };
bool redirect_fs_relative(enum redirect_root root, const uint16_t *name, size_t len, bool disabled,
                          uint16_t *out, size_t max, size_t *out_len);

#endif
