/* The operations the key and value services make on the registry tree
 * (create, delete, rename a key; set, delete a value), and the journal
 * that records each of them, by key path, until a flush has written them
 * (registry_file.c). A flush that finds the store file changed by another
 * process replays the journal onto the file's tree. Under reg_lock. */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

struct reg_op *reg_journal, **reg_journal_tail = &reg_journal;
size_t reg_journal_bytes;
static struct reg_op *last_op; /* the journal's last operation */

/* A new value for the key and name of the last operation, a SET made on
 * the same tree: its data are replaced (the common loop that rewrites one
 * value keeps the journal small). */
static bool journal_merge(const struct reg_key *k, const uint16_t *name, size_t name_len,
                          uint32_t type, const void *data, size_t size, uint64_t time)
{
    struct reg_op *op = last_op;
    uint8_t *d;

    if (!op || op->kind != REG_OP_SET || op->node != k || op->gen != reg_tree_generation() ||
        !reg_name_eq(op->name, op->name_len, name, name_len))
        return false;
    if (size != op->size) {
        if (!(d = malloc(size ? size : 1)))
            return false;
        free(op->data);
        reg_journal_bytes += size;
        reg_journal_bytes -= op->size;
        op->data = d;
        op->size = size;
    }
    if (size)
        memcpy(op->data, data, size);
    op->type = type;
    op->time = time;
    return true;
}

/* The console control events (src/loader/console_ctrl.c): once this
 * process has changes to write, Ctrl-C ends it through ExitProcess, which
 * flushes them, rather than by the signal's default action. Weak: the
 * registry links without the loader in its unit test. */
NTSTATUS svc_Wow64EnableConsoleCtrl(void);
#pragma weak svc_Wow64EnableConsoleCtrl
static bool console_enabled;

static void journal_add(enum reg_op_kind kind, const struct reg_key *k, const uint16_t *name,
                        size_t name_len, uint32_t type, const void *data, size_t size,
                        uint64_t time)
{
    struct reg_op *op;
    struct reg_path p = { 0 };

    if (kind == REG_OP_SET && journal_merge(k, name, name_len, type, data, size, time))
        return;
    op = calloc(1, sizeof *op);

    /* Out of memory: the change stays in this process's tree and is
     * written by the next flush only if the file is not re-read first. */
    if (!op)
        return;
    if (!reg_key_path(k, &p) || (name_len && !(op->name = reg_dup16(name, name_len))) ||
        (size && !(op->data = malloc(size)))) {
        reg_path_free(&p);
        free(op->name);
        free(op);
        return;
    }
    op->kind = kind;
    op->node = k;
    op->gen = reg_tree_generation();
    op->time = time;
    op->path = p.s;
    op->path_len = p.len;
    op->name_len = name_len;
    op->type = type;
    op->size = size;
    if (size)
        memcpy(op->data, data, size);
    if (!console_enabled && svc_Wow64EnableConsoleCtrl) {
        console_enabled = true;
        svc_Wow64EnableConsoleCtrl();
    }
    *reg_journal_tail = op;
    reg_journal_tail = &op->next;
    last_op = op;
    reg_journal_bytes += sizeof *op + p.len * 2 + name_len * 2 + size;
}

/* Drops the journal (after a flush has written it). */
void reg_journal_clear(void)
{
    struct reg_op *op = reg_journal, *next;

    for (; op; op = next) {
        next = op->next;
        free(op->path);
        free(op->name);
        free(op->data);
        free(op);
    }
    reg_journal = NULL;
    reg_journal_tail = &reg_journal;
    reg_journal_bytes = 0;
    last_op = NULL;
}

/* The parent part of a store path (up to its last backslash). */
static size_t parent_len(const uint16_t *path, size_t len)
{
    while (len && path[len - 1] != '\\')
        len--;
    return len ? len - 1 : 0;
}

/* Replays one recorded operation onto a tree that may differ from the one
 * it was made on (another process flushed in between): an operation on a
 * key that is gone is dropped, one that would collide is skipped. */
static void replay_one(struct reg_key *root, const struct reg_op *op)
{
    struct reg_key *k, *p;
    size_t pl;

    switch (op->kind) {
    case REG_OP_CREATE:
        pl = parent_len(op->path, op->path_len);
        if (!(p = reg_lookup_exact(root, op->path, pl)) || p->is_volatile)
            return;
        if (reg_subkey(p, op->path + pl + 1, op->path_len - pl - 1))
            return;
        if (!(k = reg_tree_add_key(p, op->path + pl + 1, op->path_len - pl - 1)))
            return;
        k->is_link = op->type != 0;
        if (op->name_len && (k->cls = reg_dup16(op->name, op->name_len)))
            k->cls_len = (uint32_t)op->name_len;
        k->last_write = op->time;
        p->last_write = op->time;
        return;
    case REG_OP_DELETE:
        if ((k = reg_lookup_exact(root, op->path, op->path_len)) && k->parent) {
            k->parent->last_write = op->time;
            reg_tree_remove(k);
        }
        return;
    case REG_OP_RENAME:
        if (!(k = reg_lookup_exact(root, op->path, op->path_len)) || !(p = k->parent) ||
            reg_subkey(p, op->name, op->name_len)) {
            return;
        }
        {
            uint16_t *n = reg_dup16(op->name, op->name_len);
            if (!n)
                return;
            reg_sub_remove(k);
            free(k->name);
            k->name = n;
            k->name_len = (uint32_t)op->name_len;
            reg_sub_insert(p, k);
            k->last_write = op->time;
        }
        return;
    case REG_OP_SET:
        if ((k = reg_lookup_exact(root, op->path, op->path_len)) &&
            reg_tree_set_value(k, op->name, op->name_len, op->type, op->data, op->size))
            k->last_write = op->time;
        return;
    case REG_OP_DELVAL:
        if ((k = reg_lookup_exact(root, op->path, op->path_len)) &&
            reg_tree_delete_value(k, op->name, op->name_len))
            k->last_write = op->time;
        return;
    }
}

/* Replays the journal onto a tree freshly read from the file. */
void reg_journal_replay(struct reg_key *root)
{
    for (struct reg_op *op = reg_journal; op; op = op->next)
        replay_one(root, op);
}

/* ---- the operations ---- */

/* Whether a name has a UTF-16 surrogate without its pair: the store
 * file is UTF-8, which cannot carry one. */
static bool lone_surrogate(const uint16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0xD800 && s[i] < 0xDC00 && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000)
            i++;
        else if (s[i] >= 0xD800 && s[i] < 0xE000)
            return true;
    }
    return false;
}

/* Whether a key name or class has a character the store file cannot
 * carry in a [key] or ;@class line (NUL, line breaks, lone surrogates:
 * legal on Windows, but no program names keys so). Value names carry
 * all but lone surrogates (they are quoted with escapes). */
static bool unstorable(const uint16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!s[i] || s[i] == '\r' || s[i] == '\n')
            return true;
    return lone_surrogate(s, n);
}

/* Creates a subkey of parent (journaled unless volatile). */
NTSTATUS reg_create_key(struct reg_key *parent, const uint16_t *name, size_t len,
                        const uint16_t *cls, size_t cls_len, bool is_volatile, bool is_link,
                        uint64_t time, struct reg_key **out)
{
    struct reg_key *k;

    if (!len || len > REG_MAX_NAME)
        return STATUS_INVALID_PARAMETER;
    if (unstorable(name, len))
        return STATUS_OBJECT_NAME_INVALID;
    if (unstorable(cls, cls_len))
        return STATUS_INVALID_PARAMETER;
    if (parent->is_volatile && !is_volatile)
        return STATUS_CHILD_MUST_BE_VOLATILE;
    if (reg_subkey(parent, name, len))
        return STATUS_OBJECT_NAME_COLLISION;
    if (!(k = reg_node_new(name, len)))
        return STATUS_NO_MEMORY;
    if (cls_len && !(k->cls = reg_dup16(cls, cls_len))) {
        reg_node_free(k);
        return STATUS_NO_MEMORY;
    }
    k->cls_len = (uint32_t)cls_len;
    k->is_volatile = is_volatile;
    k->is_link = is_link;
    k->last_write = time;
    if (!reg_sub_insert(parent, k)) {
        reg_node_free(k);
        return STATUS_NO_MEMORY;
    }
    parent->last_write = time;
    if (!is_volatile)
        journal_add(REG_OP_CREATE, k, cls, cls_len, is_link, NULL, 0, time);
    *out = k;
    return STATUS_SUCCESS;
}

/* Deletes a key without subkeys; its handles see it deleted. */
NTSTATUS reg_delete_key(struct reg_key *k, uint64_t time)
{
    /* The hive roots (\REGISTRY, MACHINE, USER and the users' hives)
     * cannot go. */
    if (!k->parent || !k->parent->parent || !k->parent->parent->parent)
        return STATUS_CANNOT_DELETE;
    if (k->nsub)
        return STATUS_CANNOT_DELETE;
    if (!k->is_volatile)
        journal_add(REG_OP_DELETE, k, NULL, 0, 0, NULL, 0, time);
    k->parent->last_write = time;
    reg_tree_remove(k);
    return STATUS_SUCCESS;
}

/* Gives a key a new name among its siblings. */
NTSTATUS reg_rename_key(struct reg_key *k, const uint16_t *name, size_t len, uint64_t time)
{
    struct reg_key *p = k->parent;
    uint16_t *n;

    if (!len || len > REG_MAX_NAME)
        return STATUS_INVALID_PARAMETER;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '\\')
            return STATUS_INVALID_PARAMETER;
    if (unstorable(name, len))
        return STATUS_OBJECT_NAME_INVALID;
    if (!p || !p->parent || !p->parent->parent)
        return STATUS_ACCESS_DENIED;
    if (reg_subkey(p, name, len))
        return STATUS_CANNOT_DELETE;
    if (!(n = reg_dup16(name, len)))
        return STATUS_NO_MEMORY;
    /* Recorded under the old name: replay finds the key by it. */
    if (!k->is_volatile)
        journal_add(REG_OP_RENAME, k, name, len, 0, NULL, 0, time);
    reg_sub_remove(k);
    free(k->name);
    k->name = n;
    k->name_len = (uint32_t)len;
    reg_sub_insert(p, k);
    k->last_write = time;
    return STATUS_SUCCESS;
}

/* Creates or replaces a value (journaled unless the key is volatile). */
NTSTATUS reg_set_value(struct reg_key *k, const uint16_t *name, size_t name_len, uint32_t type,
                       const void *data, size_t size, uint64_t time)
{
    if (name_len > REG_MAX_VALUE_NAME || lone_surrogate(name, name_len))
        return STATUS_INVALID_PARAMETER;
    if (!reg_tree_set_value(k, name, name_len, type, data, size))
        return STATUS_NO_MEMORY;
    k->last_write = time;
    if (!k->is_volatile)
        journal_add(REG_OP_SET, k, name, name_len, type, data, size, time);
    return STATUS_SUCCESS;
}

/* Deletes a value: STATUS_OBJECT_NAME_NOT_FOUND when missing. */
NTSTATUS reg_delete_value(struct reg_key *k, const uint16_t *name, size_t name_len, uint64_t time)
{
    if (!reg_tree_delete_value(k, name, name_len))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    k->last_write = time;
    if (!k->is_volatile)
        journal_add(REG_OP_DELVAL, k, name, name_len, 0, NULL, 0, time);
    return STATUS_SUCCESS;
}
