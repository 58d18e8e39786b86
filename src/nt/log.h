/* Diagnostics on the host's stderr: FIXME lines for what is not
 * implemented, traces selected by WOW64_DEBUG. */
#ifndef WOW64_LOG_H
#define WOW64_LOG_H

#include <stdbool.h>

/* WOW64_DEBUG is a comma list: "syscall", "loader", "-fixme". */
void log_init(void);
bool log_enabled(const char *channel);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_fixme(const char *dll, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
