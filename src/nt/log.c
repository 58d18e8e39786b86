/* Diagnostics on stderr, selected by WOW64_DEBUG. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *debug_spec;
static bool initialized;

void log_init(void)
{
    debug_spec = getenv("WOW64_DEBUG");
    initialized = true;
}

/* True when WOW64_DEBUG names the channel; "fixme" is on unless "-fixme". */
bool log_enabled(const char *channel)
{
    char neg[64];
    size_t n = strlen(channel);
    const char *p;

    if (!initialized)
        log_init();
    snprintf(neg, sizeof neg, "-%s", channel);
    if (debug_spec && strstr(debug_spec, neg))
        return false;
    if (!strcmp(channel, "fixme"))
        return true;
    for (p = debug_spec; p && (p = strstr(p, channel)); p += n)
        if ((p == debug_spec || p[-1] == ',' || p[-1] == '+') && (p[n] == 0 || p[n] == ','))
            return true;
    return false;
}

void log_printf(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    if ((size_t)len >= sizeof buf)
        len = sizeof buf - 1;
    /* One write per line so that lines of several threads do not mix. */
    if (write(2, buf, (size_t)len) < 0)
        return;
}

void log_fixme(const char *dll, const char *func, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (!log_enabled("fixme"))
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_printf("%04lx:fixme:%s:%s %s\n", (long)syscall(SYS_gettid) & 0xffff, dll, func, msg);
}
