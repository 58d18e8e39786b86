/* The --strace decoder: every call printed from its syscalls.def row, with
 * counted strings shown as text and the resulting NTSTATUS. */
#include "thunks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "../nt/log.h"

static size_t put(char *buf, size_t pos, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static size_t put(char *buf, size_t pos, size_t n, const char *fmt, ...)
{
    va_list ap;
    int len;

    if (pos >= n)
        return pos;
    va_start(ap, fmt);
    len = vsnprintf(buf + pos, n - pos, fmt, ap);
    va_end(ap);
    return len < 0 ? pos : pos + (size_t)len;
}

/* Appends a counted guest string (UNICODE_STRING32 at g) as L"...". */
static size_t put_counted(char *buf, size_t pos, size_t n, uint32_t g, bool wide)
{
    UNICODE_STRING32 s;
    uint8_t text[512];
    size_t len;

    if (!guest_read(&s, (void *)(uintptr_t)g, sizeof s))
        return put(buf, pos, n, "<bad %08x>", g);
    len = s.Length < sizeof text ? s.Length : sizeof text;
    if (!s.Buffer || !guest_read(text, (void *)(uintptr_t)s.Buffer, len))
        return put(buf, pos, n, "%s\"\"", wide ? "L" : "");
    pos = put(buf, pos, n, "%s\"", wide ? "L" : "");
    for (size_t i = 0; i < len; i += wide ? 2 : 1) {
        unsigned c = wide ? (unsigned)(text[i] | text[i + 1] << 8) : text[i];
        if (c == '\\' || c == '"')
            pos = put(buf, pos, n, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            pos = put(buf, pos, n, "%c", c);
        else
            pos = put(buf, pos, n, "\\x%04x", c);
    }
    return put(buf, pos, n, "\"");
}

void thunks_trace_call(unsigned num, const uint32_t *raw, unsigned nargs, NTSTATUS status,
                       bool exits)
{
    const struct syscall_row *row = &syscall_rows[num];
    char buf[2048];
    size_t pos = 0, n = sizeof buf - 2;

    pos = put(buf, pos, n, "%04lx:syscall:%s(", (long)syscall(SYS_gettid) & 0xffff, row->name);
    for (unsigned a = 0; a < nargs; a++) {
        char c = row->sig[a];

        if (a)
            pos = put(buf, pos, n, ",");
        if (c == 'L')
            pos = put(buf, pos, n, "%d", (int32_t)raw[a]);
        else if (c == 'H' || c == 'U')
            pos = put(buf, pos, n, "%#x", raw[a]);
        else if (c == 'N' && raw[a])
            pos = put_counted(buf, pos, n, raw[a], true);
        else if (c == 'A' && raw[a])
            pos = put_counted(buf, pos, n, raw[a], false);
        else if (c == 'O' && raw[a]) {
            OBJECT_ATTRIBUTES32 oa;
            if (guest_read(&oa, (void *)(uintptr_t)raw[a], sizeof oa) && oa.ObjectName) {
                if (oa.RootDirectory)
                    pos = put(buf, pos, n, "{%#x}", oa.RootDirectory);
                pos = put_counted(buf, pos, n, oa.ObjectName, true);
            } else
                pos = put(buf, pos, n, "%08x", raw[a]);
        } else
            pos = put(buf, pos, n, "%08x", raw[a]);
    }
    pos = exits ? put(buf, pos, n, ") (does not return)\n") : put(buf, pos, n, ") = 0x%08x\n", (uint32_t)status);
    if (pos > n) {
        buf[n] = '\n';
        buf[n + 1] = 0;
    }
    log_printf("%s", buf);
}
