/* Wildcard expansion of main's arguments, for __getmainargs and
 * __wgetmainargs with dowildcard (setargv.obj / wsetargv.obj, MinGW's
 * _dowildcard; "Expanding Wildcard Arguments"): an argument with * or ?
 * that has no quotes in it (ucrtbase: any) becomes the names that match it
 * (FindFirstFile/FindNextFile, without . and ..), sorted without regard
 * to case as Microsoft's CRT sorts them, each with the pattern's
 * directory part in front; a pattern that matches nothing stays as it
 * is. Argument 0 is never expanded. */
#include "finddata.h"

extern char *_acmdln, *_pgmptr;
extern crt_wchar *_wcmdln;

/* Which arguments of a command line hold a double quote that quotes (not
 * one escaped by a backslash): those are not expanded. quoted[i] for the
 * first max arguments; argument 0 is the program name. */
static void find_quoted(const void *cmd, int wide, unsigned char *quoted, int max)
{
#define AT(i) (wide ? ((const crt_wchar *)cmd)[i] : ((const unsigned char *)cmd)[i])
    size_t i = 0;
    int arg = 0;

    memset(quoted, 0, (size_t)max);
#ifdef CRT_UCRT
    /* The Universal CRT expands after splitting, without looking at the
     * quotes: a quoted pattern is expanded too. */
    return;
#endif
    /* The program name: up to the closing quote, or a space or tab. */
    if (AT(0) == '"') {
        for (i = 1; AT(i) && AT(i) != '"'; i++)
            ;
        if (AT(i))
            i++;
    }
    while (AT(i) && AT(i) != ' ' && AT(i) != '\t')
        i++;
    for (;;) {
        int in_quotes = 0;

        while (AT(i) == ' ' || AT(i) == '\t')
            i++;
        if (!AT(i))
            break;
        arg++;
        while (AT(i) && (in_quotes || (AT(i) != ' ' && AT(i) != '\t'))) {
            size_t slashes = 0;

            while (AT(i) == '\\')
                slashes++, i++;
            if (AT(i) == '"') {
                if (!(slashes & 1)) {
                    if (arg < max)
                        quoted[arg] = 1;
                    in_quotes = !in_quotes;
                }
                i++;
            } else if (!slashes && AT(i)) {
                i++;
            }
        }
    }
#undef AT
}

/* Orders the matches of one pattern without regard to case, as
 * Microsoft's CRT does. */
static int compare_a(const void *a, const void *b)
{
    return _stricmp(*(char *const *)a, *(char *const *)b);
}

static int compare_w(const void *a, const void *b)
{
    return _wcsicmp(*(crt_wchar *const *)a, *(crt_wchar *const *)b);
}

#ifdef CRT_HOST_TEST
/* The host unit tests' mock kernel32 has no directory search. */
static HANDLE FindFirstFileA(const char *spec, CRT_FIND_DATAA *data) { return INVALID_HANDLE_VALUE; }
static HANDLE FindFirstFileW(const WCHAR *spec, CRT_FIND_DATAW *data) { return INVALID_HANDLE_VALUE; }
static BOOL FindNextFileA(HANDLE h, CRT_FIND_DATAA *data) { return 0; }
static BOOL FindNextFileW(HANDLE h, CRT_FIND_DATAW *data) { return 0; }
static BOOL FindClose(HANDLE h) { return 0; }
#endif

/* A growing argument vector. */
struct vec {
    void **items;
    int count, max;
};

static int vec_add(struct vec *v, void *item)
{
    if (!item)
        return -1;
    if (v->count + 2 > v->max) {
        int max = v->max ? v->max * 2 : 16;
        void **p = realloc(v->items, (size_t)max * sizeof(*p));

        if (!p)
            return -1;
        v->items = p;
        v->max = max;
    }
    v->items[v->count++] = item;
    v->items[v->count] = NULL;
    return 0;
}

static int is_dot_name_a(const char *s)
{
    return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]));
}

static int is_dot_name_w(const crt_wchar *s)
{
    return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]));
}

/* Adds the names matching pattern (without . and ..), sorted and with
 * the pattern's directory part, to v; 0 when none matched, -1 when out of
 * memory. */
static int match_a(struct vec *v, const char *pattern)
{
    CRT_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(pattern, &fd);
    size_t dir = 0, i;
    int first = v->count;

    if (h == INVALID_HANDLE_VALUE)
        return 0;
    for (i = 0; pattern[i]; i++)
        if (pattern[i] == '\\' || pattern[i] == '/' || pattern[i] == ':')
            dir = i + 1;
    do {
        char *name;

        if (is_dot_name_a(fd.cFileName))
            continue;
        name = malloc(dir + strlen(fd.cFileName) + 1);
        if (name) {
            memcpy(name, pattern, dir);
            strcpy(name + dir, fd.cFileName);
        }
        if (vec_add(v, name)) {
            FindClose(h);
            return -1;
        }
    } while (FindNextFileA(h, &fd));
    FindClose(h);
    qsort(v->items + first, (size_t)(v->count - first), sizeof(void *), compare_a);
    return v->count - first;
}

static int match_w(struct vec *v, const crt_wchar *pattern)
{
    CRT_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(pattern, &fd);
    size_t dir = 0, i;
    int first = v->count;

    if (h == INVALID_HANDLE_VALUE)
        return 0;
    for (i = 0; pattern[i]; i++)
        if (pattern[i] == '\\' || pattern[i] == '/' || pattern[i] == ':')
            dir = i + 1;
    do {
        crt_wchar *name;
        size_t len;

        if (is_dot_name_w(fd.cFileName))
            continue;
        len = wcslen(fd.cFileName);
        name = malloc((dir + len + 1) * sizeof(crt_wchar));
        if (name) {
            memcpy(name, pattern, dir * sizeof(crt_wchar));
            memcpy(name + dir, fd.cFileName, (len + 1) * sizeof(crt_wchar));
        }
        if (vec_add(v, name)) {
            FindClose(h);
            return -1;
        }
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    qsort(v->items + first, (size_t)(v->count - first), sizeof(void *), compare_w);
    return v->count - first;
}

/* Expands argv's wildcard arguments (not argument 0, not quoted ones);
 * the new vector replaces *argv, *argc. -1 when out of memory. */
int crt_wildcard_expand(char ***argv, int *argc)
{
    struct vec v = { NULL, 0, 0 };
    unsigned char quoted[256];
    int i, r;

    find_quoted(_acmdln, 0, quoted, 256);
    for (i = 0; i < *argc; i++) {
        char *a = (*argv)[i];

        if (i > 0 && (i >= 256 || !quoted[i]) && strpbrk(a, "*?")) {
            if ((r = match_a(&v, a)) < 0)
                return -1;
            if (r > 0)
                continue;
        }
        if (vec_add(&v, a))
            return -1;
    }
    if (!v.items && vec_add(&v, _pgmptr))
        return -1;
    *argv = (char **)v.items;
    *argc = v.count;
    return 0;
}

int crt_wildcard_wexpand(crt_wchar ***argv, int *argc)
{
    static const crt_wchar wild[] = { '*', '?', 0 };
    struct vec v = { NULL, 0, 0 };
    unsigned char quoted[256];
    int i, r;

    find_quoted(_wcmdln, 1, quoted, 256);
    for (i = 0; i < *argc; i++) {
        crt_wchar *a = (*argv)[i];

        if (i > 0 && (i >= 256 || !quoted[i]) && wcspbrk(a, wild)) {
            if ((r = match_w(&v, a)) < 0)
                return -1;
            if (r > 0)
                continue;
        }
        if (vec_add(&v, a))
            return -1;
    }
    if (!v.items)
        return 0;
    *argv = (crt_wchar **)v.items;
    *argc = v.count;
    return 0;
}
