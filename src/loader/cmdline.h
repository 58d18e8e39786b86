/* Windows command lines from argv (pure; unit-tested). */
#ifndef WOW64_CMDLINE_H
#define WOW64_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the command line for argv into out (NUL-terminated, truncated to
 * n) and returns the full length it needs without the NUL. */
size_t cmdline_build(int argc, const char *const argv[], char *out, size_t n);

#endif
