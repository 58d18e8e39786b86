/* The registry: the private header of src/nt/registry*.c.
 *
 * registry_store.c  the in-memory tree (keys, values, links, volatile
 *                   keys), lookups, the nodes handles hold
 * registry_journal.c the operations on the tree, each recorded in a
 *                   journal until flushed
 * registry_file.c   persistence: the store file in the prefix (.reg text),
 *                   loading, re-reading other processes' changes, flushing
 *                   under a lock (see the design note there)
 * registry_defaults.c  the keys a new store starts with
 * registry_key.c    the key services (NtCreateKey, NtOpenKey, ...)
 * registry_value.c  the value services (NtSetValueKey, ...)
 * registry_notify.c NtNotifyChangeKey
 * registry_cli.c    `wow64run --reg import/export`
 *
 * Names are UTF-16 (uint16_t), lengths in characters unless said. Every
 * function here that touches the tree runs under the store lock
 * (reg_lock/reg_unlock), a recursive mutex of this process. */
#ifndef WOW64_REGISTRY_H
#define WOW64_REGISTRY_H

#include "object.h"
#include "regtext.h"

/* Value types (winnt.h). */
#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_LINK 6
#define REG_MULTI_SZ 7
#define REG_QWORD 11

/* NtCreateKey options and dispositions. */
#define REG_OPTION_NON_VOLATILE 0x0
#define REG_OPTION_VOLATILE 0x1
#define REG_OPTION_CREATE_LINK 0x2
#define REG_OPTION_BACKUP_RESTORE 0x4
#define REG_OPTION_OPEN_LINK 0x8
#define REG_CREATED_NEW_KEY 1
#define REG_OPENED_EXISTING_KEY 2

/* OBJECT_ATTRIBUTES.Attributes */
#define OBJ_OPENLINK 0x100

/* Key access rights. */
#define KEY_QUERY_VALUE 0x0001
#define KEY_SET_VALUE 0x0002
#define KEY_CREATE_SUB_KEY 0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY 0x0010
#define KEY_CREATE_LINK 0x0020
#define KEY_WOW64_64KEY 0x0100
#define KEY_WOW64_32KEY 0x0200
#define KEY_READ 0x00020019
#define KEY_WRITE 0x00020006
#define KEY_EXECUTE KEY_READ
#define KEY_ALL_ACCESS 0x000F003F

/* NtNotifyChangeKey filters. */
#define REG_NOTIFY_CHANGE_NAME 0x1
#define REG_NOTIFY_CHANGE_ATTRIBUTES 0x2
#define REG_NOTIFY_CHANGE_LAST_SET 0x4
#define REG_NOTIFY_CHANGE_SECURITY 0x8
#define REG_NOTIFY_THREAD_AGNOSTIC 0x10000000

#define REG_MAX_NAME 255         /* characters in a key name component */
#define REG_MAX_VALUE_NAME 16383 /* characters in a value name */
#define REG_MAX_DATA (64u << 20) /* bytes in one value: our limit */
#define REG_MAX_LINK_DEPTH 16

struct reg_value {
    uint16_t *name; /* NULL for the default value (name_len 0) */
    uint32_t name_len;
    uint32_t type;
    uint32_t size;  /* bytes */
    uint8_t *data;
};

struct reg_key {
    struct reg_key *parent;      /* NULL for the root and detached keys */
    uint16_t *name;              /* as created */
    uint32_t name_len;
    struct reg_key **sub;        /* subkeys sorted by their case-folded names */
    uint32_t nsub, subcap;
    struct reg_value *val;       /* values in creation order */
    uint32_t nval, valcap;
    uint16_t *cls;               /* class name, or NULL */
    uint32_t cls_len;
    uint64_t last_write;         /* FILETIME */
    bool is_volatile;
    bool is_link;
    /* Removed from the tree: deleted (its handles answer
     * STATUS_KEY_DELETED) or stale (the tree was re-read from the file:
     * its handles look their key up again by stale_path). Kept while
     * handles refers to it. */
    bool deleted, stale;
    uint16_t *stale_path;
    uint32_t stale_len;
    uint32_t handles;            /* key handles and notifications using the node */
};

/* ---- the store lock and the tree (registry_store.c) ---- */

void reg_lock(void);
void reg_unlock(void);

/* The root (\REGISTRY) of the current tree, loading the store on first
 * use and picking up other processes' flushed changes (cheap when none).
 * NULL with *status when the store cannot be loaded. */
struct reg_key *reg_root(NTSTATUS *status);

/* A growable UTF-16 path. */
struct reg_path {
    uint16_t *s;
    size_t len, cap;
    bool failed;
};
void reg_path_add(struct reg_path *p, const uint16_t *s, size_t n);
void reg_path_add_ascii(struct reg_path *p, const char *s);
void reg_path_free(struct reg_path *p);
/* The full name of a key in the store: \REGISTRY\MACHINE\... */
bool reg_key_path(const struct reg_key *k, struct reg_path *out);

uint16_t reg_fold(uint16_t c);
bool reg_name_eq(const uint16_t *a, size_t an, const uint16_t *b, size_t bn);

/* Looks a full name (\REGISTRY\...) up. follow_last: the last component,
 * when a link, is followed too (links before it always are). Returns the
 * key or NULL: STATUS_OBJECT_NAME_NOT_FOUND (or _PATH_NOT_FOUND for a
 * missing intermediate component, *parent then NULL). When only the last
 * component is missing, *parent (if given) gets its parent key and
 * *last and *last_len the missing component. */
struct reg_key *reg_lookup(struct reg_key *root, const uint16_t *path, size_t len, bool follow_last,
                           NTSTATUS *status, struct reg_key **parent, const uint16_t **last,
                           size_t *last_len);
/* The key at an exact store path, following no links (for journal replay
 * and stale handles). */
struct reg_key *reg_lookup_exact(struct reg_key *root, const uint16_t *path, size_t len);

struct reg_key *reg_subkey(const struct reg_key *k, const uint16_t *name, size_t len);
struct reg_value *reg_value_find(const struct reg_key *k, const uint16_t *name, size_t len);

/* The operations, applied to the current tree and recorded in the
 * journal (unless the key is volatile). time: the new last-write time. */
NTSTATUS reg_create_key(struct reg_key *parent, const uint16_t *name, size_t len,
                        const uint16_t *cls, size_t cls_len, bool is_volatile, bool is_link,
                        uint64_t time, struct reg_key **out);
NTSTATUS reg_delete_key(struct reg_key *k, uint64_t time);
NTSTATUS reg_rename_key(struct reg_key *k, const uint16_t *name, size_t len, uint64_t time);
NTSTATUS reg_set_value(struct reg_key *k, const uint16_t *name, size_t name_len, uint32_t type,
                       const void *data, size_t size, uint64_t time);
NTSTATUS reg_delete_value(struct reg_key *k, const uint16_t *name, size_t name_len, uint64_t time);

/* A handle or notification starts or stops using a node; the last user
 * of a deleted or stale node frees it. */
void reg_node_hold(struct reg_key *k);
void reg_node_drop(struct reg_key *k);
/* The live node for a held node (a stale one is looked up again by path,
 * then held instead of the old one); NULL when the key is deleted. */
struct reg_key *reg_node_current(struct reg_key *root, struct reg_key **held);

/* The current time as a FILETIME. */
uint64_t reg_now(void);

/* ---- between the store and the file (registry_store.c, registry_file.c) ---- */

struct reg_key *reg_tree_new(void);
/* Node and subkey-list primitives (registry_store.c). */
uint16_t *reg_dup16(const uint16_t *s, size_t n);
struct reg_key *reg_node_new(const uint16_t *name, size_t len);
void reg_node_free(struct reg_key *k);
bool reg_sub_insert(struct reg_key *parent, struct reg_key *k);
void reg_sub_remove(struct reg_key *k);
/* Bumped whenever the current tree is replaced. */
uint64_t reg_tree_generation(void);
/* Frees a detached tree; nodes still held survive as stale nodes. */
void reg_tree_free(struct reg_key *root);
/* Puts the tree in place of the current one: carries the volatile keys
 * of the old tree over, makes the held nodes of the old one stale. */
void reg_tree_replace(struct reg_key *root);
struct reg_key *reg_tree_current(void);
/* Raw tree edits (no journal): for loading and replay. */
struct reg_key *reg_tree_add_key(struct reg_key *parent, const uint16_t *name, size_t len);
/* The key at a path written as in a .reg file or a store path, created
 * with its missing ancestors. NULL for a bad root or no memory. */
struct reg_key *reg_tree_make_path(struct reg_key *root, const uint16_t *path, size_t len);
bool reg_tree_set_value(struct reg_key *k, const uint16_t *name, size_t name_len, uint32_t type,
                        const void *data, size_t size);
bool reg_tree_delete_value(struct reg_key *k, const uint16_t *name, size_t name_len);
void reg_tree_remove(struct reg_key *k); /* detaches and frees (or marks deleted) a subtree */
/* Whether a .reg path is an absolute key path and where its store path
 * starts: HKEY_LOCAL_MACHINE\X -> \REGISTRY\MACHINE\X, HKEY_USERS\X ->
 * \REGISTRY\USER\X, HKEY_CURRENT_USER\X -> \REGISTRY\USER\<sid>\X, HKCR
 * -> \REGISTRY\MACHINE\SOFTWARE\Classes. Writes the store path. */
bool reg_path_from_reg(const uint16_t *p, size_t n, struct reg_path *out);
/* The .reg spelling of a store path (HKEY_LOCAL_MACHINE\..., HKEY_USERS\...). */
bool reg_path_to_reg(const uint16_t *p, size_t n, struct reg_path *out);

/* Journal of this process's unflushed operations. */
enum reg_op_kind { REG_OP_CREATE, REG_OP_DELETE, REG_OP_RENAME, REG_OP_SET, REG_OP_DELVAL };
struct reg_op {
    struct reg_op *next;
    enum reg_op_kind kind;
    uint64_t time;
    uint16_t *path;  /* the key's store path */
    size_t path_len;
    uint16_t *name;  /* value name, new key name, or class */
    size_t name_len;
    uint32_t type;   /* REG_OP_SET; REG_OP_CREATE: 1 when a link */
    uint8_t *data;
    size_t size;
    /* The key it was made on, in tree generation gen: a new value for
     * the same key and name replaces the data of a SET at the journal's
     * end instead of adding another operation. */
    const struct reg_key *node;
    uint64_t gen;
};
extern struct reg_op *reg_journal, **reg_journal_tail;
extern size_t reg_journal_bytes;
/* Replays the journal onto a tree freshly read from the file. */
void reg_journal_replay(struct reg_key *root);
void reg_journal_clear(void);

/* ---- persistence (registry_file.c) ---- */

/* Loads the store of the prefix on first use: the current tree. */
NTSTATUS reg_file_load(void);
/* Re-reads the file when another process has flushed since we read it. */
void reg_file_refresh(void);
/* Writes this process's changes: see the design note in registry_file.c. */
NTSTATUS reg_file_flush(void);
/* Flushes when the journal has grown past REG_JOURNAL_FLUSH bytes. */
#define REG_JOURNAL_FLUSH (4u << 20)
void reg_file_flush_if_large(void);
/* Forget the loaded tree, the journal and what was read, as a new
 * process would start (tests). */
void reg_store_reset(void);
void reg_file_reset(void);
/* Where the store file lives (the prefix's, or set by a test). */
void reg_file_set_dir(const char *dir);
/* Serialises a tree (non-volatile keys) as the store file's text. */
bool reg_file_write_tree(struct reg_key *root, struct regtext_buf *b, uint64_t generation);
/* Applies a parsed .reg text to a tree (keys, values, deletions). 0, or
 * -1 with *err filled. */
struct regtext_error;
int reg_file_apply_text(struct reg_key *root, const void *buf, size_t size,
                        struct regtext_error *err);

/* ---- default content (registry_defaults.c) ---- */
void reg_defaults_fill(struct reg_key *root);
/* The volatile keys every process has (HKCU\Volatile Environment). */
void reg_defaults_volatile(struct reg_key *root);
/* The volatile ComputerName keys (ActiveComputerName), likewise. */
void reg_defaults_computer_name(struct reg_key *root);

/* ---- key handles (registry_key.c) and notifications (registry_notify.c) ---- */

struct reg_handle {
    struct nt_object hdr;        /* NT_OBJECT_KEY */
    struct reg_key *node;        /* held; under the store lock */
    ULONG access;                /* specific rights granted */
    int view;                    /* enum redirect_reg_view */
    bool force64;                /* the 64-bit view (KEY_WOW64_64KEY, also inherited from
                                    the root handle): no value rewrite */
    uint16_t *vname;             /* the full name as the program names it */
    size_t vlen;
};

/* The handle's key object (a reference) and its live node (under the
 * store lock, which the caller takes: reg_handle_get returns with it
 * held on success). STATUS_KEY_DELETED for a deleted key. */
NTSTATUS reg_handle_get(HANDLE h, ULONG need, struct reg_handle **out, struct reg_key **node);
/* Releases what reg_handle_get gave (unlocks, drops the reference). */
void reg_handle_put(struct reg_handle *rh);

/* A change to key k (filter REG_NOTIFY_CHANGE_*): completes the
 * notifications watching it (or, with WatchTree, an ancestor). */
void reg_notify(struct reg_key *k, ULONG filter);
/* The handle is closing: its notifications complete with
 * STATUS_NOTIFY_CLEANUP. */
void reg_notify_handle_closed(struct reg_handle *rh);

/* Copies an information buffer to the guest as the registry services
 * do (registry_key.c): see there. */
NTSTATUS reg_put_info(void *buf, ULONG len, const uint8_t *info, size_t size, size_t min,
                      void *retlen);

#endif
