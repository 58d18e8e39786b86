/* Building a Windows command line from an argv, so that the guest's
 * CommandLineToArgvW / msvcrt parsing gives back the same arguments
 * ("Parsing C command-line arguments", Microsoft's C runtime docs). */
#include "cmdline.h"

#include <string.h>

static size_t put(char *out, size_t pos, size_t n, char c)
{
    if (pos + 1 < n)
        out[pos] = c;
    return pos + 1;
}

static bool needs_quotes(const char *a)
{
    return !*a || strpbrk(a, " \t\n\v\"");
}

/* argv[0] is parsed without escapes: a quote toggles quoting and
 * backslashes are literal, so it is quoted only as a whole. */
static size_t put_program(char *out, size_t pos, size_t n, const char *a)
{
    bool q = needs_quotes(a);

    if (q)
        pos = put(out, pos, n, '"');
    for (; *a; a++)
        if (*a != '"')
            pos = put(out, pos, n, *a);
    if (q)
        pos = put(out, pos, n, '"');
    return pos;
}

/* Other arguments: 2n backslashes + quote -> n backslashes and a quote
 * delimiter; 2n+1 backslashes + quote -> n backslashes and a literal
 * quote; backslashes elsewhere are literal. */
static size_t put_arg(char *out, size_t pos, size_t n, const char *a)
{
    if (!needs_quotes(a)) {
        for (; *a; a++)
            pos = put(out, pos, n, *a);
        return pos;
    }
    pos = put(out, pos, n, '"');
    for (;;) {
        size_t bs = 0;

        while (*a == '\\')
            a++, bs++;
        if (!*a) {
            for (size_t i = 0; i < 2 * bs; i++)
                pos = put(out, pos, n, '\\');
            break;
        }
        if (*a == '"') {
            for (size_t i = 0; i < 2 * bs + 1; i++)
                pos = put(out, pos, n, '\\');
        } else {
            for (size_t i = 0; i < bs; i++)
                pos = put(out, pos, n, '\\');
        }
        pos = put(out, pos, n, *a++);
    }
    return put(out, pos, n, '"');
}

size_t cmdline_build(int argc, const char *const argv[], char *out, size_t n)
{
    size_t pos = 0;

    for (int i = 0; i < argc; i++) {
        if (i)
            pos = put(out, pos, n, ' ');
        pos = i ? put_arg(out, pos, n, argv[i]) : put_program(out, pos, n, argv[i]);
    }
    if (n)
        out[pos < n ? pos : n - 1] = 0;
    return pos;
}
