/* `wow64run --reg export KEY FILE` and `wow64run --reg import FILE`: the
 * prefix's registry as .reg text, in regedit's formats. Export writes
 * "Windows Registry Editor Version 5.00" as UTF-16LE with a BOM, as
 * regedit does. Import takes REGEDIT4 or version 5 files (UTF-16LE or
 * UTF-8), checks the whole file first and changes nothing when any line
 * is wrong; then applies it as one set of changes, written through the
 * store's locked flush. */
#include "registry.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "path.h"
#include "wow64.h"

static void set_err(char *err, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;

    if (!err || !n)
        return;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

static int open_store(const struct wow64_options *opts, char *err, size_t n)
{
    log_init();
    if (prefix_init(opts ? opts->prefix : NULL, err, n) != 0)
        return -1;
    return 0;
}

static uint16_t *utf16_of(const char *s, size_t *len)
{
    size_t n = file_utf8_to_utf16(s, NULL, 0);
    uint16_t *w = malloc((n + 1) * sizeof *w);

    if (!w)
        return NULL;
    file_utf8_to_utf16(s, w, n);
    w[n] = 0;
    *len = n;
    return w;
}

/* ---- export ---- */

static void export_key(struct reg_key *k, struct reg_path *name, struct regtext_buf *b)
{
    size_t mark = name->len;

    regtext_write_key(b, name->s, name->len);
    for (uint32_t i = 0; i < k->nval; i++) {
        const struct reg_value *v = &k->val[i];
        regtext_write_value(b, REGTEXT_V5, v->name_len ? v->name : NULL, v->name_len, v->type,
                            v->data, v->size);
    }
    /* A link's own key is written (its SymbolicLinkValue), not its target:
     * links may point back up the tree. */
    for (uint32_t i = 0; i < k->nsub; i++) {
        reg_path_add(name, u"\\", 1);
        reg_path_add(name, k->sub[i]->name, k->sub[i]->name_len);
        export_key(k->sub[i], name, b);
        name->len = mark;
    }
}

/* The key as the .reg file names it: the long name of its root, then the
 * rest as the user wrote it. */
static bool export_name(const uint16_t *key, size_t n, struct reg_path *out)
{
    static const char *const pairs[][2] = {
        { "HKLM", "HKEY_LOCAL_MACHINE" }, { "HKCU", "HKEY_CURRENT_USER" },
        { "HKCR", "HKEY_CLASSES_ROOT" },  { "HKU", "HKEY_USERS" },
        { "HKCC", "HKEY_CURRENT_CONFIG" },
    };
    size_t r = 0;

    while (r < n && key[r] != '\\')
        r++;
    while (n > r && key[n - 1] == '\\')
        n--;
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t l = strlen(pairs[i][0]), j = 0;

        if (l != r)
            continue;
        while (j < l && reg_fold(key[j]) == (uint8_t)pairs[i][0][j])
            j++;
        if (j == l) {
            reg_path_add_ascii(out, pairs[i][1]);
            reg_path_add(out, key + r, n - r);
            return !out->failed;
        }
    }
    reg_path_add(out, key, n);
    return !out->failed;
}

/* UTF-8 text (the writer's) to UTF-16LE with a BOM. */
static uint8_t *to_utf16le(const struct regtext_buf *b, size_t *size)
{
    char *z = malloc(b->len + 1);
    uint16_t *w;
    size_t n;
    uint8_t *out;

    if (!z)
        return NULL;
    memcpy(z, b->data, b->len);
    z[b->len] = 0;
    w = utf16_of(z, &n);
    free(z);
    if (!w || !(out = malloc(2 + n * 2))) {
        free(w);
        return NULL;
    }
    out[0] = 0xFF;
    out[1] = 0xFE;
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = (uint8_t)w[i];
        out[3 + 2 * i] = (uint8_t)(w[i] >> 8);
    }
    free(w);
    *size = 2 + n * 2;
    return out;
}

static int write_out(const char *file, const uint8_t *data, size_t size)
{
    int fd = strcmp(file, "-") ? open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : 1;

    if (fd < 0)
        return -1;
    while (size) {
        ssize_t w = write(fd, data, size);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (fd != 1)
                close(fd);
            return -1;
        }
        data += w;
        size -= (size_t)w;
    }
    return fd != 1 ? close(fd) : 0;
}

/* Writes a key and its subkeys as a .reg file (include/wow64.h). */
WOW64_API int wow64_reg_export(const struct wow64_options *opts, const char *key, const char *file,
                               char *err, size_t err_size)
{
    struct reg_path store = { 0 }, name = { 0 };
    struct regtext_buf b = { 0 };
    struct reg_key *root, *k;
    uint16_t *wkey;
    uint8_t *out = NULL;
    size_t n, size = 0;
    NTSTATUS s;
    int rc = -1;

    if (open_store(opts, err, err_size) != 0)
        return -1;
    if (!(wkey = utf16_of(key, &n)))
        return set_err(err, err_size, "out of memory"), -1;
    if (!reg_path_from_reg(wkey, n, &store) || !export_name(wkey, n, &name)) {
        set_err(err, err_size, "%s: not a registry key (HKEY_LOCAL_MACHINE\\..., HKLM\\..., "
                "HKEY_CURRENT_USER\\..., HKCU\\..., HKEY_USERS\\...)", key);
        goto out;
    }
    reg_lock();
    if (!(root = reg_root(&s))) {
        reg_unlock();
        set_err(err, err_size, "cannot load the registry store (status 0x%08x)", (unsigned)s);
        goto out;
    }
    if (!(k = reg_lookup(root, store.s, store.len, true, &s, NULL, NULL, NULL))) {
        reg_unlock();
        set_err(err, err_size, "%s: no such key", key);
        goto out;
    }
    regtext_write_header(&b, REGTEXT_V5);
    export_key(k, &name, &b);
    regtext_write_end(&b);
    reg_unlock();
    if (b.failed || name.failed || !(out = to_utf16le(&b, &size))) {
        set_err(err, err_size, "out of memory");
        goto out;
    }
    if (write_out(file, out, size) != 0) {
        set_err(err, err_size, "%s: %s", file, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    free(out);
    free(wkey);
    regtext_buf_free(&b);
    reg_path_free(&store);
    reg_path_free(&name);
    return rc;
}

/* ---- import ---- */

struct import_ctx {
    struct reg_key *root, *cur;
    unsigned keys;      /* [key] lines seen */
    char msg[160];
    bool skipping;      /* the current key could not be made */
};

/* Checks a key path: a known root, sane components. */
static int check_key(void *ctx, const uint16_t *path, size_t len, bool delete_key)
{
    struct import_ctx *c = ctx;
    struct reg_path p = { 0 };
    int rc = 0;

    c->keys++;
    if (!reg_path_from_reg(path, len, &p)) {
        snprintf(c->msg, sizeof c->msg, "unknown root key (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, "
                 "HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG expected)");
        rc = 1;
    } else {
        size_t depth = 0;

        for (size_t i = 1, start = 1; i <= p.len; i++)
            if (i == p.len || p.s[i] == '\\') {
                if (i == start || i - start > REG_MAX_NAME) {
                    snprintf(c->msg, sizeof c->msg, "bad key name (an empty or too long part)");
                    rc = 1;
                    break;
                }
                depth++;
                start = i + 1;
            }
        /* \REGISTRY, MACHINE, USER and the users' hives stay. */
        if (!rc && delete_key &&
            (depth <= 2 || (depth == 3 && reg_fold(p.s[10]) == 'U'))) {
            snprintf(c->msg, sizeof c->msg, "a root key cannot be deleted");
            rc = 1;
        }
    }
    reg_path_free(&p);
    return rc;
}

/* The line of the n-th [key] header (1-based), for messages about it. */
static unsigned key_line(const uint8_t *buf, size_t size, unsigned n)
{
    bool wide = size >= 2 && buf[0] == 0xFF && buf[1] == 0xFE;
    size_t step = wide ? 2 : 1, i = wide ? 2 : 0;
    unsigned line = 1, seen = 0;
    bool at_start = true;

    if (!wide && size >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3;
    for (; i + step <= size; i += step) {
        unsigned c = wide ? (unsigned)(buf[i] | buf[i + 1] << 8) : buf[i];

        if (c == '\n') {
            line++;
            at_start = true;
        } else if (at_start && c != ' ' && c != '\t' && c != '\r') {
            if (c == '[' && ++seen == n)
                return line;
            at_start = false;
        }
    }
    return line;
}

/* The key at a store path, made with its missing parts (journaled). */
static struct reg_key *make_key(struct reg_key *root, const uint16_t *path, size_t len,
                                NTSTATUS *s)
{
    struct reg_key *k, *parent;
    const uint16_t *last;
    size_t last_len;

    if ((k = reg_lookup(root, path, len, true, s, &parent, &last, &last_len)))
        return k;
    if (!parent) {
        /* Make the parent first, then this key. */
        size_t pl = len;

        while (pl && path[pl - 1] != '\\')
            pl--;
        if (pl < 2 || !(parent = make_key(root, path, pl - 1, s)))
            return NULL;
        last = path + pl;
        last_len = len - pl;
    }
    if ((*s = reg_create_key(parent, last, last_len, NULL, 0, false, false, reg_now(), &k)) !=
        STATUS_SUCCESS)
        return NULL;
    reg_notify(parent, REG_NOTIFY_CHANGE_NAME);
    return k;
}

static void delete_tree(struct reg_key *k)
{
    while (k->nsub)
        delete_tree(k->sub[k->nsub - 1]);
    if (k->parent)
        reg_notify(k->parent, REG_NOTIFY_CHANGE_NAME);
    reg_delete_key(k, reg_now());
}

static int apply_key(void *ctx, const uint16_t *path, size_t len, bool delete_key)
{
    struct import_ctx *c = ctx;
    struct reg_path p = { 0 };
    struct reg_key *k;
    NTSTATUS s;

    c->cur = NULL;
    c->skipping = false;
    if (!reg_path_from_reg(path, len, &p)) {
        reg_path_free(&p);
        return 1;
    }
    if (delete_key) {
        if ((k = reg_lookup(c->root, p.s, p.len, false, &s, NULL, NULL, NULL)))
            delete_tree(k);
    } else if (!(c->cur = make_key(c->root, p.s, p.len, &s))) {
        log_printf("wow64run: key skipped (status 0x%08x)\n", (unsigned)s);
        c->skipping = true;
    }
    reg_path_free(&p);
    return 0;
}

static int apply_value(void *ctx, const uint16_t *name, size_t name_len, uint32_t type,
                       const void *data, size_t size, bool delete_value)
{
    struct import_ctx *c = ctx;

    if (!c->cur)
        return 0;
    if (delete_value)
        reg_delete_value(c->cur, name, name_len, reg_now());
    else if (reg_set_value(c->cur, name, name_len, type, data, size, reg_now()) != STATUS_SUCCESS)
        return 2;
    reg_notify(c->cur, REG_NOTIFY_CHANGE_LAST_SET);
    return 0;
}

static uint8_t *read_all(const char *file, size_t *size)
{
    FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0, r;

    if (!f)
        return NULL;
    do {
        if (n == cap) {
            uint8_t *b = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r);
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    if (f != stdin)
        fclose(f);
    *size = n;
    return buf;
}

/* Applies a .reg file to the store, all or nothing (include/wow64.h). */
WOW64_API int wow64_reg_import(const struct wow64_options *opts, const char *file, char *err,
                               size_t err_size)
{
    struct import_ctx c = { 0 };
    struct regtext_sink check = { &c, check_key, NULL, NULL };
    struct regtext_sink apply = { &c, apply_key, NULL, apply_value };
    struct regtext_error perr;
    uint8_t *buf;
    size_t size;
    NTSTATUS s;
    int rc;

    if (!(buf = read_all(file, &size))) {
        set_err(err, err_size, "%s: %s", file, strerror(errno ? errno : ENOMEM));
        return -1;
    }
    /* First the whole file is checked: a wrong line changes nothing. */
    rc = regtext_parse(buf, size, &check, &perr);
    if (rc == -1) {
        set_err(err, err_size, "%s:%u: %s", file, perr.line, perr.msg);
        free(buf);
        return -1;
    }
    if (rc) {
        set_err(err, err_size, "%s:%u: %s", file, key_line(buf, size, c.keys), c.msg);
        free(buf);
        return -1;
    }
    if (open_store(opts, err, err_size) != 0) {
        free(buf);
        return -1;
    }
    reg_lock();
    if (!(c.root = reg_root(&s))) {
        reg_unlock();
        set_err(err, err_size, "cannot load the registry store (status 0x%08x)", (unsigned)s);
        free(buf);
        return -1;
    }
    c.keys = 0;
    rc = regtext_parse(buf, size, &apply, &perr);
    free(buf);
    if (rc) {
        reg_unlock();
        set_err(err, err_size, "%s: out of memory", file);
        return -1;
    }
    s = reg_file_flush();
    reg_unlock();
    if (s != STATUS_SUCCESS) {
        set_err(err, err_size, "cannot write the registry store (status 0x%08x)", (unsigned)s);
        return -1;
    }
    return 0;
}
