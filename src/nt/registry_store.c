/* The registry's in-memory tree: keys (case-insensitive names kept in the
 * case created, subkeys sorted as Windows enumerates them, values in
 * creation order), symbolic links, volatile keys; lookups; and the nodes
 * that key handles hold across a re-read of the tree. The operations the
 * services make are in registry_journal.c. Everything here runs under
 * reg_lock. */
#include "registry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "token.h"

static pthread_mutex_t store_mutex;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;
static struct reg_key *tree;
static uint64_t tree_gen; /* bumped whenever the tree is replaced */

static void store_mutex_init(void)
{
    pthread_mutexattr_t a;

    /* Recursive: an object's destroy function (a handle's last
     * reference) may run while the lock is held. */
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&store_mutex, &a);
    pthread_mutexattr_destroy(&a);
}

/* Takes the store lock (recursive, process-wide). */
void reg_lock(void)
{
    pthread_once(&store_once, store_mutex_init);
    pthread_mutex_lock(&store_mutex);
}

/* Releases the store lock. */
void reg_unlock(void)
{
    pthread_mutex_unlock(&store_mutex);
}

/* The current time as a FILETIME. */
uint64_t reg_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return 116444736000000000ull + (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100;
}

/* ---- names ---- */

/* Upper case as the registry compares names: ASCII, Latin-1, Greek and
 * Cyrillic (the ranges programs use in key names). */
uint16_t reg_fold(uint16_t c)
{
    if (c < 'a')
        return c;
    if (c <= 'z')
        return c - 32;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
        return c - 32;
    if (c >= 0x430 && c <= 0x44F)
        return c - 32;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    return c;
}

static int name_cmp(const uint16_t *a, size_t an, const uint16_t *b, size_t bn)
{
    for (size_t i = 0; i < an && i < bn; i++) {
        uint16_t x = reg_fold(a[i]), y = reg_fold(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return an < bn ? -1 : an > bn;
}

/* Whether two names are equal ignoring case. */
bool reg_name_eq(const uint16_t *a, size_t an, const uint16_t *b, size_t bn)
{
    return an == bn && name_cmp(a, an, b, bn) == 0;
}

/* A malloc'd copy of n UTF-16 characters. */
uint16_t *reg_dup16(const uint16_t *s, size_t n)
{
    uint16_t *d = malloc((n ? n : 1) * sizeof *d);

    if (d && n)
        memcpy(d, s, n * sizeof *d);
    return d;
}

/* Appends n characters to a path (failed set when out of memory). */
void reg_path_add(struct reg_path *p, const uint16_t *s, size_t n)
{
    if (p->failed)
        return;
    if (p->len + n + 1 > p->cap) {
        size_t cap = (p->len + n + 1) * 2;
        uint16_t *t = realloc(p->s, cap * sizeof *t);

        if (!t) {
            p->failed = true;
            return;
        }
        p->s = t;
        p->cap = cap;
    }
    if (n)
        memcpy(p->s + p->len, s, n * sizeof *s);
    p->len += n;
    p->s[p->len] = 0;
}

/* Appends an ASCII string to a path. */
void reg_path_add_ascii(struct reg_path *p, const char *s)
{
    while (*s) {
        uint16_t c = (uint8_t)*s++;
        reg_path_add(p, &c, 1);
    }
}

/* Frees a path's buffer. */
void reg_path_free(struct reg_path *p)
{
    free(p->s);
    memset(p, 0, sizeof *p);
}

static void key_path_rec(const struct reg_key *k, struct reg_path *out)
{
    static const uint16_t bs = '\\';

    if (k->parent)
        key_path_rec(k->parent, out);
    reg_path_add(out, &bs, 1);
    reg_path_add(out, k->name, k->name_len);
}

/* The full store name of a key (its stale path once detached). */
bool reg_key_path(const struct reg_key *k, struct reg_path *out)
{
    out->len = 0;
    if (k->stale_path && !k->parent) {
        reg_path_add(out, k->stale_path, k->stale_len);
        return !out->failed;
    }
    key_path_rec(k, out);
    return !out->failed;
}

/* ---- nodes ---- */

/* A new detached key node named name. */
struct reg_key *reg_node_new(const uint16_t *name, size_t len)
{
    struct reg_key *k = calloc(1, sizeof *k);

    if (!k)
        return NULL;
    if (!(k->name = reg_dup16(name, len))) {
        free(k);
        return NULL;
    }
    k->name_len = (uint32_t)len;
    k->last_write = reg_now();
    return k;
}

static void value_clear(struct reg_value *v)
{
    free(v->name);
    free(v->data);
}

/* Frees a node with its values (not its subkeys). */
void reg_node_free(struct reg_key *k)
{
    for (uint32_t i = 0; i < k->nval; i++)
        value_clear(&k->val[i]);
    free(k->val);
    free(k->sub);
    free(k->name);
    free(k->cls);
    free(k->stale_path);
    free(k);
}

/* The index of name in k's sorted subkeys, or where it would go. */
static uint32_t sub_search(const struct reg_key *k, const uint16_t *name, size_t len, bool *found)
{
    uint32_t lo = 0, hi = k->nsub;

    *found = false;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        int c = name_cmp(k->sub[mid]->name, k->sub[mid]->name_len, name, len);

        if (!c) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The subkey of k named name (any case), or NULL. */
struct reg_key *reg_subkey(const struct reg_key *k, const uint16_t *name, size_t len)
{
    bool found;
    uint32_t i = sub_search(k, name, len, &found);

    return found ? k->sub[i] : NULL;
}

/* Inserts k among parent's subkeys at its sorted place. */
bool reg_sub_insert(struct reg_key *parent, struct reg_key *k)
{
    bool found;
    uint32_t i = sub_search(parent, k->name, k->name_len, &found);

    if (found)
        return false;
    if (parent->nsub == parent->subcap) {
        uint32_t cap = parent->subcap ? parent->subcap * 2 : 4;
        struct reg_key **s = realloc(parent->sub, cap * sizeof *s);

        if (!s)
            return false;
        parent->sub = s;
        parent->subcap = cap;
    }
    memmove(parent->sub + i + 1, parent->sub + i, (parent->nsub - i) * sizeof *parent->sub);
    parent->sub[i] = k;
    parent->nsub++;
    k->parent = parent;
    return true;
}

/* Detaches k from its parent. */
void reg_sub_remove(struct reg_key *k)
{
    struct reg_key *p = k->parent;

    if (!p)
        return;
    for (uint32_t i = 0; i < p->nsub; i++)
        if (p->sub[i] == k) {
            memmove(p->sub + i, p->sub + i + 1, (p->nsub - i - 1) * sizeof *p->sub);
            p->nsub--;
            break;
        }
    k->parent = NULL;
}

/* The value of k named name (any case), or NULL. */
struct reg_value *reg_value_find(const struct reg_key *k, const uint16_t *name, size_t len)
{
    for (uint32_t i = 0; i < k->nval; i++)
        if (reg_name_eq(k->val[i].name, k->val[i].name_len, name, len))
            return &k->val[i];
    return NULL;
}

/* ---- raw tree edits ---- */

/* A tree with the fixed roots: \REGISTRY, MACHINE, USER, the user's hive, .DEFAULT. */
struct reg_key *reg_tree_new(void)
{
    static const uint16_t registry[] = u"REGISTRY", machine[] = u"MACHINE", user[] = u"USER",
                          sid[] = WOW64_USER_SID_W, dflt[] = u".DEFAULT";
    struct reg_key *root = reg_node_new(registry, 8), *u;

    if (!root)
        return NULL;
    if (!reg_tree_add_key(root, machine, 7) || !(u = reg_tree_add_key(root, user, 4)) ||
        !reg_tree_add_key(u, sid, sizeof sid / 2 - 1) || !reg_tree_add_key(u, dflt, 8)) {
        reg_tree_free(root);
        return NULL;
    }
    return root;
}

/* The subkey name of parent, created when missing (no journal). */
struct reg_key *reg_tree_add_key(struct reg_key *parent, const uint16_t *name, size_t len)
{
    struct reg_key *k = reg_subkey(parent, name, len);

    if (k)
        return k;
    if (!(k = reg_node_new(name, len)))
        return NULL;
    if (!reg_sub_insert(parent, k)) {
        reg_node_free(k);
        return NULL;
    }
    return k;
}

/* Creates or replaces a value (no journal). */
bool reg_tree_set_value(struct reg_key *k, const uint16_t *name, size_t name_len, uint32_t type,
                        const void *data, size_t size)
{
    struct reg_value *v = reg_value_find(k, name, name_len);
    uint8_t *copy;

    if (v && v->size == size && v->data) {
        /* Same size: rewritten in place. */
        if (size)
            memcpy(v->data, data, size);
        v->type = type;
        goto done;
    }
    if (!(copy = malloc(size ? size : 1)))
        return false;
    if (size)
        memcpy(copy, data, size);
    if (!v) {
        if (k->nval == k->valcap) {
            uint32_t cap = k->valcap ? k->valcap * 2 : 4;
            struct reg_value *nv = realloc(k->val, cap * sizeof *nv);

            if (!nv) {
                free(copy);
                return false;
            }
            k->val = nv;
            k->valcap = cap;
        }
        v = &k->val[k->nval];
        memset(v, 0, sizeof *v);
        if (name_len && !(v->name = reg_dup16(name, name_len))) {
            free(copy);
            return false;
        }
        v->name_len = (uint32_t)name_len;
        k->nval++;
    } else {
        free(v->data);
    }
    v->type = type;
    v->data = copy;
    v->size = (uint32_t)size;
done:
    /* A key is a link when it holds its target (it may have been made one
     * by REG_OPTION_CREATE_LINK before the value was set). */
    if (type == REG_LINK && reg_name_eq(name, name_len, u"SymbolicLinkValue", 17))
        k->is_link = true;
    return true;
}

/* Deletes a value (no journal); false when missing. */
bool reg_tree_delete_value(struct reg_key *k, const uint16_t *name, size_t len)
{
    struct reg_value *v = reg_value_find(k, name, len);
    uint32_t i;

    if (!v)
        return false;
    i = (uint32_t)(v - k->val);
    value_clear(v);
    memmove(k->val + i, k->val + i + 1, (k->nval - i - 1) * sizeof *k->val);
    k->nval--;
    return true;
}

/* Releases a detached subtree: nodes without users are freed; held ones
 * stay as deleted (or, with stale, as stale: their paths were set by
 * mark_stale_paths beforehand). */
static void subtree_release(struct reg_key *k, bool stale)
{
    for (uint32_t i = 0; i < k->nsub; i++) {
        k->sub[i]->parent = NULL;
        subtree_release(k->sub[i], stale);
    }
    k->nsub = 0;
    k->parent = NULL;
    if (!k->handles) {
        reg_node_free(k);
        return;
    }
    if (stale && k->stale_path)
        k->stale = true;
    else
        k->deleted = true;
}

/* Removes a subtree from the tree (no journal). */
void reg_tree_remove(struct reg_key *k)
{
    reg_sub_remove(k);
    subtree_release(k, false);
}

/* Records, in every held node of the subtree, its path (while the tree is
 * still whole), for its handles to find it again in the new tree. */
static void mark_stale_paths(struct reg_key *k)
{
    for (uint32_t i = 0; i < k->nsub; i++)
        mark_stale_paths(k->sub[i]);
    if (k->handles && !k->stale_path) {
        struct reg_path p = { 0 };

        if (reg_key_path(k, &p)) {
            k->stale_path = p.s;
            k->stale_len = (uint32_t)p.len;
        } else {
            reg_path_free(&p);
        }
    }
}

/* Frees a detached tree; held nodes survive as stale nodes. */
void reg_tree_free(struct reg_key *root)
{
    if (!root)
        return;
    mark_stale_paths(root);
    subtree_release(root, true);
}

/* The volatile keys whose parent is not volatile (the tops of the
 * volatile subtrees). */
static void collect_volatile(struct reg_key *k, struct reg_key ***list, size_t *n, size_t *cap)
{
    for (uint32_t i = 0; i < k->nsub; i++) {
        struct reg_key *s = k->sub[i];

        if (s->is_volatile) {
            if (*n == *cap) {
                size_t c = *cap ? *cap * 2 : 8;
                struct reg_key **l = realloc(*list, c * sizeof *l);
                if (!l)
                    return;
                *list = l;
                *cap = c;
            }
            (*list)[(*n)++] = s;
        } else {
            collect_volatile(s, list, n, cap);
        }
    }
}

/* Makes root the current tree: see registry.h. */
void reg_tree_replace(struct reg_key *root)
{
    struct reg_key *old = tree, **vol = NULL;
    size_t n = 0, cap = 0;

    if (old) {
        /* Volatile keys live in this process only: they move over to the
         * new tree (with their handles) when their parent is still there. */
        collect_volatile(old, &vol, &n, &cap);
        for (size_t i = 0; i < n; i++) {
            struct reg_path p = { 0 };
            struct reg_key *np;

            if (reg_key_path(vol[i]->parent, &p) &&
                (np = reg_lookup_exact(root, p.s, p.len)) &&
                !reg_subkey(np, vol[i]->name, vol[i]->name_len)) {
                reg_sub_remove(vol[i]);
                reg_sub_insert(np, vol[i]);
            }
            reg_path_free(&p);
        }
        free(vol);
    }
    tree = root;
    tree_gen++;
    reg_tree_free(old);
}

/* The current tree, NULL before the store is loaded. */
struct reg_key *reg_tree_current(void)
{
    return tree;
}

/* Counts the replacements of the current tree. */
uint64_t reg_tree_generation(void)
{
    return tree_gen;
}

/* ---- lookups ---- */

/* The next component of path at *pos (skipping one backslash). */
static bool next_component(const uint16_t *path, size_t len, size_t *pos, const uint16_t **c,
                           size_t *clen)
{
    size_t i = *pos;

    if (i < len && path[i] == '\\')
        i++;
    if (i >= len)
        return false;
    *c = path + i;
    while (i < len && path[i] != '\\')
        i++;
    *clen = i - (size_t)(*c - path);
    *pos = i;
    return true;
}

/* The key at an exact store path, following no links. */
struct reg_key *reg_lookup_exact(struct reg_key *root, const uint16_t *path, size_t len)
{
    const uint16_t *c;
    size_t clen, pos = 0;
    struct reg_key *k = NULL;

    while (next_component(path, len, &pos, &c, &clen)) {
        if (!k) {
            if (!reg_name_eq(c, clen, root->name, root->name_len))
                return NULL;
            k = root;
        } else if (!(k = reg_subkey(k, c, clen))) {
            return NULL;
        }
    }
    return k;
}

static struct reg_key *lookup_depth(struct reg_key *root, const uint16_t *path, size_t len,
                                    bool follow_last, NTSTATUS *status, struct reg_key **parent,
                                    const uint16_t **last, size_t *last_len, int depth);

/* The target of link key k (its SymbolicLinkValue), resolved. */
static struct reg_key *follow_link(struct reg_key *root, struct reg_key *k, NTSTATUS *status,
                                   int depth)
{
    struct reg_value *v = reg_value_find(k, u"SymbolicLinkValue", 17);
    size_t n;

    if (depth >= REG_MAX_LINK_DEPTH || !v || v->type != REG_LINK || v->size < 2) {
        *status = STATUS_OBJECT_NAME_NOT_FOUND;
        return NULL;
    }
    n = v->size / 2;
    /* The target is a full name; a terminating NUL is tolerated. */
    while (n && ((const uint16_t *)v->data)[n - 1] == 0)
        n--;
    {
        uint16_t *t = reg_dup16((const uint16_t *)v->data, n);
        struct reg_key *r;

        if (!t) {
            *status = STATUS_NO_MEMORY;
            return NULL;
        }
        r = lookup_depth(root, t, n, true, status, NULL, NULL, NULL, depth + 1);
        free(t);
        return r;
    }
}

static struct reg_key *lookup_depth(struct reg_key *root, const uint16_t *path, size_t len,
                                    bool follow_last, NTSTATUS *status, struct reg_key **parent,
                                    const uint16_t **last, size_t *last_len, int depth)
{
    const uint16_t *c;
    size_t clen, pos = 0;
    struct reg_key *k = NULL, *child;

    if (parent)
        *parent = NULL;
    *status = STATUS_OBJECT_NAME_NOT_FOUND;
    while (next_component(path, len, &pos, &c, &clen)) {
        bool is_last = pos >= len || (pos + 1 == len && path[pos] == '\\');

        if (!k) {
            if (!reg_name_eq(c, clen, root->name, root->name_len))
                return NULL;
            k = root;
            continue;
        }
        if (!(child = reg_subkey(k, c, clen))) {
            if (is_last) {
                if (parent)
                    *parent = k;
                if (last) {
                    *last = c;
                    *last_len = clen;
                }
            } else {
                *status = STATUS_OBJECT_PATH_NOT_FOUND;
            }
            return NULL;
        }
        if (child->is_link && (!is_last || follow_last)) {
            if (!(child = follow_link(root, child, status, depth)))
                return NULL;
        }
        k = child;
    }
    if (!k)
        return NULL;
    *status = STATUS_SUCCESS;
    return k;
}

/* Looks a full name up, following links: see registry.h. */
struct reg_key *reg_lookup(struct reg_key *root, const uint16_t *path, size_t len, bool follow_last,
                           NTSTATUS *status, struct reg_key **parent, const uint16_t **last,
                           size_t *last_len)
{
    return lookup_depth(root, path, len, follow_last, status, parent, last, last_len, 0);
}

/* ---- held nodes ---- */

/* A handle or notification starts using k. */
void reg_node_hold(struct reg_key *k)
{
    k->handles++;
}

/* A user of k is done; frees a detached node without users. */
void reg_node_drop(struct reg_key *k)
{
    if (--k->handles == 0 && (k->deleted || k->stale) && !k->parent && !k->nsub)
        reg_node_free(k);
}

/* The live node for a held one: see registry.h. */
struct reg_key *reg_node_current(struct reg_key *root, struct reg_key **held)
{
    struct reg_key *k = *held, *n;

    if (k->deleted)
        return NULL;
    if (!k->stale)
        return k;
    n = root ? reg_lookup_exact(root, k->stale_path, k->stale_len) : NULL;
    if (!n) {
        /* Another process deleted it: deleted for good, as on Windows,
         * even if a key of that name comes back later. */
        k->stale = false;
        k->deleted = true;
        return NULL;
    }
    reg_node_hold(n);
    *held = n;
    reg_node_drop(k);
    return n;
}

/* ---- root names ---- */

static bool starts_ci(const uint16_t *p, size_t n, const char *s, size_t *used)
{
    size_t i = 0;

    for (; s[i]; i++)
        if (i >= n || reg_fold(p[i]) != reg_fold((uint8_t)s[i]))
            return false;
    if (i < n && p[i] != '\\')
        return false;
    *used = i;
    return true;
}

/* A .reg file's key path (HKEY_... or HK..) as a store path. */
bool reg_path_from_reg(const uint16_t *p, size_t n, struct reg_path *out)
{
    static const struct { const char *reg, *store; } roots[] = {
        { "HKEY_LOCAL_MACHINE", "\\REGISTRY\\MACHINE" },
        { "HKLM", "\\REGISTRY\\MACHINE" },
        { "HKEY_USERS", "\\REGISTRY\\USER" },
        { "HKU", "\\REGISTRY\\USER" },
        { "HKEY_CURRENT_USER", "\\REGISTRY\\USER\\" WOW64_USER_SID },
        { "HKCU", "\\REGISTRY\\USER\\" WOW64_USER_SID },
        { "HKEY_CLASSES_ROOT", "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes" },
        { "HKCR", "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes" },
        { "HKEY_CURRENT_CONFIG",
          "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current" },
        { "HKCC", "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current" },
        { "\\REGISTRY", "\\REGISTRY" },
    };
    size_t used;

    out->len = 0;
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
        if (starts_ci(p, n, roots[i].reg, &used)) {
            reg_path_add_ascii(out, roots[i].store);
            /* Drop a trailing backslash. */
            while (n > used && p[n - 1] == '\\')
                n--;
            if (n > used)
                reg_path_add(out, p + used, n - used);
            return !out->failed;
        }
    return false;
}

/* A store path as a .reg file names it. */
bool reg_path_to_reg(const uint16_t *p, size_t n, struct reg_path *out)
{
    size_t used;

    out->len = 0;
    if (starts_ci(p, n, "\\REGISTRY\\MACHINE", &used))
        reg_path_add_ascii(out, "HKEY_LOCAL_MACHINE");
    else if (starts_ci(p, n, "\\REGISTRY\\USER", &used))
        reg_path_add_ascii(out, "HKEY_USERS");
    else
        return false;
    reg_path_add(out, p + used, n - used);
    return !out->failed;
}

/* ---- the current tree ---- */

/* The current tree, loaded or refreshed first. */
struct reg_key *reg_root(NTSTATUS *status)
{
    if (!tree) {
        if ((*status = reg_file_load()) != STATUS_SUCCESS)
            return NULL;
    } else {
        reg_file_refresh();
    }
    *status = tree ? STATUS_SUCCESS : STATUS_REGISTRY_IO_FAILED;
    return tree;
}

/* The key at a store path, made with its missing ancestors (no journal). */
struct reg_key *reg_tree_make_path(struct reg_key *root, const uint16_t *path, size_t len)
{
    const uint16_t *c;
    size_t clen, pos = 0;
    struct reg_key *k = NULL;

    while (next_component(path, len, &pos, &c, &clen)) {
        if (!clen || clen > REG_MAX_NAME)
            return NULL;
        if (!k) {
            if (!reg_name_eq(c, clen, root->name, root->name_len))
                return NULL;
            k = root;
        } else if (!(k = reg_tree_add_key(k, c, clen))) {
            return NULL;
        }
    }
    return k;
}

/* Forgets the tree and the journal, as a new process starts (tests). */
void reg_store_reset(void)
{
    struct reg_key *old = tree;

    tree = NULL;
    reg_tree_free(old);
    reg_journal_clear();
}
