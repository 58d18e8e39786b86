/* The log line of our DLLs other than ntdll: "<class>:<dll>:<message>"
 * through Wow64LogMessage. The message is formatted in the ANSI code page
 * and reaches the host as UTF-8. */
#include "ntguest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void guest_vlog(const char *dll, ULONG level, const char *fmt, va_list ap)
{
    static const char *const classes[] = { "fixme", "err", "trace" };
    char buf[512];
    WCHAR wide[512];
    char utf8[1024];
    ULONG wlen = 0, ulen = 0;
    int n;

    n = _snprintf(buf, sizeof(buf), "%s:%s:", classes[level < 3 ? level : 2], dll);
    if (_vsnprintf(buf + n, sizeof(buf) - 1 - n, fmt, ap) < 0)
        buf[sizeof(buf) - 2] = '\n';
    buf[sizeof(buf) - 1] = 0;
    RtlMultiByteToUnicodeN(wide, sizeof(wide), &wlen, buf, strlen(buf));
    RtlUnicodeToUTF8N(utf8, sizeof(utf8) - 1, &ulen, wide, wlen);
    utf8[ulen] = 0;
    Wow64LogMessage(level, utf8);
}
