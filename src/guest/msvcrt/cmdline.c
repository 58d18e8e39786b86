/* Splitting a command line into argv, by Microsoft's rules ("Parsing C
 * Command-Line Arguments"), as msvcrt.dll applies them:
 * - argv[0] is the program name: a part in double quotes may contain
 *   spaces, the quotes are dropped, and no other rule applies to it;
 * - arguments are separated by spaces and tabs outside double quotes;
 * - 2n backslashes before a quote give n backslashes and the quote opens
 *   or closes quoting; 2n+1 give n backslashes and a literal quote;
 *   backslashes not before a quote are literal;
 * - inside quotes, "" gives a literal quote and ends the quoted part
 *   (the documented example a"b"" c d gives ab", c, d).
 * One routine serves narrow and wide command lines; each argument is
 * stored with a terminator, and the caller sizes the buffers with a first
 * pass (argv == NULL). */
#include "crt.h"

struct cmd {
    const void *s;
    int wide;
    void *args;
    size_t out;
};

static unsigned at(const struct cmd *c, size_t i)
{
    return c->wide ? ((const crt_wchar *)c->s)[i] : ((const unsigned char *)c->s)[i];
}

static void put(struct cmd *c, unsigned u)
{
    if (c->args) {
        if (c->wide)
            ((crt_wchar *)c->args)[c->out] = (crt_wchar)u;
        else
            ((char *)c->args)[c->out] = (char)u;
    }
    c->out++;
}

static void *arg_ptr(struct cmd *c)
{
    if (!c->args)
        return NULL;
    return c->wide ? (void *)((crt_wchar *)c->args + c->out) : (void *)((char *)c->args + c->out);
}

static int parse(const void *cmd, int wide, void **argv, void *args, size_t *chars)
{
    struct cmd c = { cmd, wide, args, 0 };
    size_t i = 0;
    int argc = 0, inquote = 0;
    unsigned u;

    /* argv[0]: quoted or up to the first space or control character. */
    if (argv)
        argv[argc] = arg_ptr(&c);
    argc++;
    if (at(&c, 0) == '"') {
        for (i = 1; (u = at(&c, i)) && u != '"'; i++)
            put(&c, u);
        if (u == '"')
            i++;
    } else {
        for (; (u = at(&c, i)) > ' '; i++)
            put(&c, u);
    }
    put(&c, 0);

    for (;;) {
        while ((u = at(&c, i)) == ' ' || u == '\t')
            i++;
        if (!u)
            break;
        if (argv)
            argv[argc] = arg_ptr(&c);
        argc++;
        for (;;) {
            size_t slashes = 0;
            int copy = 1;
            while (at(&c, i) == '\\') {
                i++;
                slashes++;
            }
            u = at(&c, i);
            if (u == '"') {
                if (!(slashes & 1)) {
                    if (inquote && at(&c, i + 1) == '"')
                        i++;            /* "" in quotes: one literal quote */
                    else
                        copy = 0;
                    inquote = !inquote;
                }
                slashes /= 2;
            }
            while (slashes--)
                put(&c, '\\');
            u = at(&c, i);
            if (!u || (!inquote && (u == ' ' || u == '\t')))
                break;
            if (copy)
                put(&c, u);
            i++;
        }
        put(&c, 0);
    }
    if (argv)
        argv[argc] = NULL;
    *chars = c.out;
    return argc;
}

int crt_parse_cmdline(const char *cmd, char **argv, char *args, size_t *chars)
{
    return parse(cmd, 0, (void **)argv, args, chars);
}

int crt_parse_wcmdline(const crt_wchar *cmd, crt_wchar **argv, crt_wchar *args, size_t *chars)
{
    return parse(cmd, 1, (void **)argv, args, chars);
}
