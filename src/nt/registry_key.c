/* The key services: NtCreateKey, NtOpenKey(Ex), NtDeleteKey, NtQueryKey,
 * NtEnumerateKey, NtFlushKey, NtRenameKey, and the key handle object.
 *
 * A name is resolved in three steps: the full name as the program names
 * it (a relative name is joined to its root handle's name), the WOW64
 * view's rewrite of it (src/redirect/regkey.c: the 32-bit view of
 * HKLM\Software is Wow6432Node), then the lookup in the store, which
 * follows symbolic links. A handle remembers the program's name and its
 * view, so relative opens below it redirect as Windows does. */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "../cpu/cpu.h"
#include "../redirect/redirect.h"
#include "log.h"

#define KeyBasicInformation 0
#define KeyNodeInformation 1
#define KeyFullInformation 2
#define KeyNameInformation 3
#define KeyCachedInformation 4
#define KeyFlagsInformation 5
#define KeyVirtualizationInformation 6
#define KeyHandleTagsInformation 7

#define WRITE_DAC 0x00040000
#define WRITE_OWNER 0x00080000
#define ACCESS_SYSTEM_SECURITY 0x01000000

/* ---- the handle object ---- */

static void key_destroy(struct nt_object *obj)
{
    struct reg_handle *rh = (struct reg_handle *)obj;

    reg_lock();
    reg_notify_handle_closed(rh);
    reg_node_drop(rh->node);
    reg_unlock();
    free(rh->vname);
    free(rh);
}

/* The key object and live node behind a handle, with the store lock held. */
NTSTATUS reg_handle_get(HANDLE h, ULONG need, struct reg_handle **out, struct reg_key **node)
{
    struct reg_handle *rh;
    NTSTATUS s;

    if (!(rh = (struct reg_handle *)handle_get(h, NT_OBJECT_KEY, &s)))
        return s;
    if ((rh->access & need) != need) {
        object_release(&rh->hdr);
        return STATUS_ACCESS_DENIED;
    }
    reg_lock();
    if (!(*node = reg_node_current(reg_tree_current(), &rh->node))) {
        reg_unlock();
        object_release(&rh->hdr);
        return STATUS_KEY_DELETED;
    }
    *out = rh;
    return STATUS_SUCCESS;
}

/* Ends what reg_handle_get began. */
void reg_handle_put(struct reg_handle *rh)
{
    reg_unlock();
    object_release(&rh->hdr);
}

/* Generic rights to the key rights they stand for. */
static ULONG map_access(ULONG a)
{
    if (a & GENERIC_READ)
        a |= KEY_READ;
    if (a & GENERIC_WRITE)
        a |= KEY_WRITE;
    if (a & GENERIC_EXECUTE)
        a |= KEY_EXECUTE;
    if (a & (GENERIC_ALL | MAXIMUM_ALLOWED))
        a |= KEY_ALL_ACCESS;
    return a & (KEY_ALL_ACCESS | SYNCHRONIZE | ACCESS_SYSTEM_SECURITY);
}

/* ---- names ---- */

static bool starts_with_registry(const uint16_t *s, size_t n)
{
    static const char r[] = "\\REGISTRY";

    for (size_t i = 0; i < 9; i++)
        if (i >= n || reg_fold(s[i]) != (uint16_t)r[i])
            return false;
    return n == 9 || s[9] == '\\';
}

/* The full name of attr as the program names it (into out), with the
 * root handle's view in *parent_view (-1 without a root). */
static NTSTATUS program_name(const OBJECT_ATTRIBUTES *attr, struct reg_path *out, int *parent_view)
{
    const UNICODE_STRING *us;
    const uint16_t *s;
    size_t n;

    *parent_view = -1;
    if (!attr || !(us = attr->ObjectName))
        return STATUS_ACCESS_VIOLATION;
    if (attr->Length != sizeof *attr)
        return STATUS_INVALID_PARAMETER;
    if (us->Length & 1)
        return STATUS_OBJECT_NAME_INVALID;
    s = us->Buffer;
    n = us->Length / 2;
    if (n && !s)
        return STATUS_ACCESS_VIOLATION;
    if (attr->RootDirectory) {
        struct reg_handle *root;
        struct reg_key *node;
        NTSTATUS st;

        if (n && s[0] == '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        if ((st = reg_handle_get(attr->RootDirectory, 0, &root, &node)) != STATUS_SUCCESS)
            return st;
        reg_path_add(out, root->vname, root->vlen);
        *parent_view = root->view;
        reg_handle_put(root);
        if (n)
            reg_path_add(out, u"\\", 1);
    } else if (!n || s[0] != '\\') {
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    reg_path_add(out, s, n);
    if (out->failed)
        return STATUS_NO_MEMORY;
    /* One trailing backslash is accepted; empty components are not. */
    if (out->len > 1 && out->s[out->len - 1] == '\\')
        out->len--;
    if (!starts_with_registry(out->s, out->len))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    for (size_t i = 1, start = 1; i <= out->len; i++)
        if (i == out->len || out->s[i] == '\\') {
            if (i == start || i - start > REG_MAX_NAME)
                return STATUS_OBJECT_NAME_INVALID;
            start = i + 1;
        }
    return STATUS_SUCCESS;
}

/* The store's name for a program's name in a view. */
static NTSTATUS store_name(const struct reg_path *pname, int view, struct reg_path *out)
{
    size_t max = pname->len + 64, got;

    if (!(out->s = malloc((max + 1) * sizeof *out->s)))
        return STATUS_NO_MEMORY;
    out->cap = max + 1;
    switch (redirect_reg_key(pname->s, pname->len, (enum redirect_reg_view)view, out->s, max,
                             &got)) {
    case REDIRECT_REG_SAME:
        out->len = 0;
        reg_path_add(out, pname->s, pname->len);
        return out->failed ? STATUS_NO_MEMORY : STATUS_SUCCESS;
    case REDIRECT_REG_CHANGED:
        out->len = got;
        return STATUS_SUCCESS;
    case REDIRECT_REG_DENIED:
        return STATUS_OBJECT_NAME_NOT_FOUND;
    default:
        return STATUS_NAME_TOO_LONG;
    }
}

static NTSTATUS new_handle(struct reg_key *k, ULONG access, int view, struct reg_path *pname,
                           HANDLE *out)
{
    struct reg_handle *rh = calloc(1, sizeof *rh);
    NTSTATUS s;

    if (!rh)
        return STATUS_NO_MEMORY;
    object_init(&rh->hdr, NT_OBJECT_KEY, key_destroy);
    rh->access = map_access(access);
    rh->view = view;
    /* Opened with KEY_WOW64_64KEY, or below a handle that was. */
    rh->force64 = view == REDIRECT_REG_VIEW_64;
    rh->vname = pname->s;
    rh->vlen = pname->len;
    pname->s = NULL;
    rh->node = k;
    reg_node_hold(k);
    if ((s = handle_alloc(&rh->hdr, out)) != STATUS_SUCCESS)
        object_release(&rh->hdr);
    return s;
}

/* NtCreateKey and NtOpenKeyEx: see the file's comment. */
static NTSTATUS open_key(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG options,
                         bool create, const UNICODE_STRING *cls, ULONG *disposition)
{
    struct reg_path pname = { 0 }, sname = { 0 };
    struct reg_key *root, *k, *parent;
    const uint16_t *last;
    size_t last_len;
    int pview, view;
    bool follow;
    NTSTATUS s;

    if (!out)
        return STATUS_ACCESS_VIOLATION;
    *out = NULL;
    if ((s = program_name(attr, &pname, &pview)) != STATUS_SUCCESS)
        goto done;
    if ((view = redirect_reg_view(access, pview, true)) < 0) {
        s = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if ((s = store_name(&pname, view, &sname)) != STATUS_SUCCESS)
        goto done;
    follow = !(attr->Attributes & OBJ_OPENLINK) && !(options & REG_OPTION_OPEN_LINK) &&
             !(create && (options & REG_OPTION_CREATE_LINK));
    reg_lock();
    if (!(root = reg_root(&s))) {
        reg_unlock();
        goto done;
    }
    k = reg_lookup(root, sname.s, sname.len, follow, &s, &parent, &last, &last_len);
    if (k) {
        if (create && (options & REG_OPTION_CREATE_LINK))
            s = STATUS_OBJECT_NAME_COLLISION;
        else if (disposition)
            *disposition = REG_OPENED_EXISTING_KEY;
    } else if (create && parent) {
        s = reg_create_key(parent, last, last_len, cls ? cls->Buffer : NULL,
                           cls && cls->Buffer ? cls->Length / 2 : 0,
                           (options & REG_OPTION_VOLATILE) != 0,
                           (options & REG_OPTION_CREATE_LINK) != 0, reg_now(), &k);
        if (s == STATUS_SUCCESS) {
            if (disposition)
                *disposition = REG_CREATED_NEW_KEY;
            reg_notify(parent, REG_NOTIFY_CHANGE_NAME);
        }
    } else if (s == STATUS_OBJECT_PATH_NOT_FOUND) {
        /* A missing key on the way: as Windows reports it for keys. */
        s = STATUS_OBJECT_NAME_NOT_FOUND;
    }
    if (s == STATUS_SUCCESS)
        s = new_handle(k, access, view, &pname, out);
    if (s == STATUS_SUCCESS && create)
        reg_file_flush_if_large();
    reg_unlock();
done:
    reg_path_free(&pname);
    reg_path_free(&sname);
    return s;
}

#define OPEN_OPTIONS (REG_OPTION_OPEN_LINK | REG_OPTION_BACKUP_RESTORE)
#define CREATE_OPTIONS (REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK | REG_OPTION_BACKUP_RESTORE | \
                        REG_OPTION_OPEN_LINK)

/* NtCreateKey: opens or creates (the last component only) a key. */
NTSTATUS svc_NtCreateKey(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG title_index,
                         UNICODE_STRING *cls, ULONG options, void *guest_disposition)
{
    ULONG disposition = 0;
    NTSTATUS s;

    (void)title_index;
    if (options & ~CREATE_OPTIONS)
        return STATUS_INVALID_PARAMETER;
    s = open_key(out, access, attr, options, true, cls, &disposition);
    if (s == STATUS_SUCCESS && guest_disposition &&
        !guest_write(guest_disposition, &disposition, sizeof disposition)) {
        handle_close(*out);
        *out = NULL;
        s = STATUS_ACCESS_VIOLATION;
    }
    return s;
}

/* NtOpenKeyEx: opens a key (REG_OPTION_OPEN_LINK opens a link itself). */
NTSTATUS svc_NtOpenKeyEx(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG options)
{
    if (options & ~OPEN_OPTIONS)
        return STATUS_INVALID_PARAMETER;
    return open_key(out, access, attr, options, false, NULL, NULL);
}

/* NtOpenKey: opens a key. */
NTSTATUS svc_NtOpenKey(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr)
{
    return open_key(out, access, attr, 0, false, NULL, NULL);
}

/* ---- delete, rename, flush ---- */

/* NtDeleteKey: deletes a key that has no subkeys. */
NTSTATUS svc_NtDeleteKey(HANDLE h)
{
    struct reg_handle *rh;
    struct reg_key *k, *parent;
    NTSTATUS s;

    if ((s = reg_handle_get(h, DELETE, &rh, &k)) != STATUS_SUCCESS)
        return s;
    parent = k->parent;
    if (!k->nsub && parent)
        reg_notify(k, REG_NOTIFY_CHANGE_NAME);
    if ((s = reg_delete_key(k, reg_now())) == STATUS_SUCCESS) {
        reg_notify(parent, REG_NOTIFY_CHANGE_NAME);
        reg_file_flush_if_large();
    }
    reg_handle_put(rh);
    return s;
}

/* NtRenameKey: renames the key among its siblings. */
NTSTATUS svc_NtRenameKey(HANDLE h, UNICODE_STRING *name)
{
    struct reg_handle *rh;
    struct reg_key *k;
    NTSTATUS s;

    if (!name)
        return STATUS_ACCESS_VIOLATION;
    if ((name->Length & 1) || !name->Length)
        return STATUS_INVALID_PARAMETER;
    if ((s = reg_handle_get(h, KEY_WRITE & ~READ_CONTROL, &rh, &k)) != STATUS_SUCCESS)
        return s;
    if ((s = reg_rename_key(k, name->Buffer, name->Length / 2, reg_now())) == STATUS_SUCCESS) {
        reg_notify(k->parent, REG_NOTIFY_CHANGE_NAME);
        reg_file_flush_if_large();
    }
    reg_handle_put(rh);
    return s;
}

/* NtFlushKey: writes this process's changes to the store file. */
NTSTATUS svc_NtFlushKey(HANDLE h)
{
    struct reg_handle *rh;
    struct reg_key *k;
    NTSTATUS s;

    if ((s = reg_handle_get(h, 0, &rh, &k)) != STATUS_SUCCESS)
        return s;
    s = reg_file_flush();
    reg_handle_put(rh);
    return s;
}

/* ---- query and enumerate ---- */

static void put32(uint8_t *p, size_t off, uint32_t v)
{
    memcpy(p + off, &v, 4);
}

/* The information of class cls about key k, as the 32-bit (and 64-bit:
 * these structures have no pointers) layout, in a new host buffer of
 * *size bytes whose first *min bytes are the fixed part. */
static NTSTATUS key_info(struct reg_key *k, ULONG cls, uint8_t **out, size_t *size, size_t *min)
{
    uint32_t nl = k->name_len * 2, cl = k->cls_len * 2;
    uint32_t max_name = 0, max_class = 0, max_vname = 0, max_data = 0;
    struct reg_path path = { 0 };
    uint8_t *b;
    size_t off;

    for (uint32_t i = 0; i < k->nsub; i++) {
        if (k->sub[i]->name_len * 2 > max_name)
            max_name = k->sub[i]->name_len * 2;
        if (k->sub[i]->cls_len * 2 > max_class)
            max_class = k->sub[i]->cls_len * 2;
    }
    for (uint32_t i = 0; i < k->nval; i++) {
        if (k->val[i].name_len * 2 > max_vname)
            max_vname = k->val[i].name_len * 2;
        if (k->val[i].size > max_data)
            max_data = k->val[i].size;
    }
    switch (cls) {
    case KeyBasicInformation:
        /* LastWriteTime, TitleIndex, NameLength, Name */
        *min = 16;
        *size = 16 + nl;
        break;
    case KeyNodeInformation:
        /* LastWriteTime, TitleIndex, ClassOffset, ClassLength, NameLength,
         * Name, then the class at a ULONG boundary */
        *min = 24;
        *size = 24 + nl + (cl ? ((24 + nl + 3) & ~3u) - (24 + nl) + cl : 0);
        break;
    case KeyFullInformation:
        /* LastWriteTime, TitleIndex, ClassOffset, ClassLength, SubKeys,
         * MaxNameLen, MaxClassLen, Values, MaxValueNameLen,
         * MaxValueDataLen, Class */
        *min = 44;
        *size = 44 + cl;
        break;
    case KeyNameInformation:
        if (!reg_key_path(k, &path)) {
            reg_path_free(&path);
            return STATUS_NO_MEMORY;
        }
        *min = 4;
        *size = 4 + path.len * 2;
        break;
    case KeyCachedInformation:
        /* LastWriteTime, TitleIndex, SubKeys, MaxNameLen, Values,
         * MaxValueNameLen, MaxValueDataLen, NameLength: 36 bytes, 40 with
         * LARGE_INTEGER's alignment. */
        *min = 40;
        *size = 40;
        break;
    case KeyFlagsInformation:
    case KeyVirtualizationInformation:
    case KeyHandleTagsInformation:
        log_fixme("ntdll", "NtQueryKey", "information class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    if (!(b = calloc(1, *size))) {
        reg_path_free(&path);
        return STATUS_NO_MEMORY;
    }
    if (cls != KeyNameInformation)
        memcpy(b, &k->last_write, 8);
    switch (cls) {
    case KeyBasicInformation:
        put32(b, 12, nl);
        memcpy(b + 16, k->name, nl);
        break;
    case KeyNodeInformation:
        off = (24 + nl + 3) & ~3u;
        put32(b, 12, cl ? (uint32_t)off : 0xFFFFFFFFu);
        put32(b, 16, cl);
        put32(b, 20, nl);
        memcpy(b + 24, k->name, nl);
        if (cl)
            memcpy(b + off, k->cls, cl);
        break;
    case KeyFullInformation:
        put32(b, 12, cl ? 44 : 0xFFFFFFFFu);
        put32(b, 16, cl);
        put32(b, 20, k->nsub);
        put32(b, 24, max_name);
        put32(b, 28, max_class);
        put32(b, 32, k->nval);
        put32(b, 36, max_vname);
        put32(b, 40, max_data);
        if (cl)
            memcpy(b + 44, k->cls, cl);
        break;
    case KeyNameInformation:
        put32(b, 0, (uint32_t)path.len * 2);
        memcpy(b + 4, path.s, path.len * 2);
        break;
    case KeyCachedInformation:
        put32(b, 12, k->nsub);
        put32(b, 16, max_name);
        put32(b, 20, k->nval);
        put32(b, 24, max_vname);
        put32(b, 28, max_data);
        put32(b, 32, nl);
        break;
    }
    reg_path_free(&path);
    *out = b;
    return STATUS_SUCCESS;
}

/* Copies an information buffer out as the registry services do: the
 * needed size always in *retlen; STATUS_BUFFER_TOO_SMALL (nothing
 * written) when not even the fixed part fits, STATUS_BUFFER_OVERFLOW with
 * what fits otherwise. */
NTSTATUS reg_put_info(void *buf, ULONG len, const uint8_t *info, size_t size, size_t min,
                      void *retlen)
{
    ULONG rl = (ULONG)size;

    if (!retlen || !guest_write(retlen, &rl, sizeof rl))
        return STATUS_ACCESS_VIOLATION;
    if (len < min)
        return STATUS_BUFFER_TOO_SMALL;
    if (!guest_write(buf, info, len < size ? len : size))
        return STATUS_ACCESS_VIOLATION;
    return len < size ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* NtQueryKey: a KEY_INFORMATION_CLASS structure about the key. */
NTSTATUS svc_NtQueryKey(HANDLE h, ULONG cls, void *buf, ULONG len, void *retlen)
{
    struct reg_handle *rh;
    struct reg_key *k;
    uint8_t *info;
    size_t size, min;
    NTSTATUS s;

    if ((s = reg_handle_get(h, cls == KeyNameInformation ? 0 : KEY_QUERY_VALUE, &rh, &k)) !=
        STATUS_SUCCESS)
        return s;
    if ((s = key_info(k, cls, &info, &size, &min)) == STATUS_SUCCESS) {
        s = reg_put_info(buf, len, info, size, min, retlen);
        free(info);
    }
    reg_handle_put(rh);
    return s;
}

/* NtEnumerateKey: the same about the index-th subkey. */
NTSTATUS svc_NtEnumerateKey(HANDLE h, ULONG index, ULONG cls, void *buf, ULONG len, void *retlen)
{
    struct reg_handle *rh;
    struct reg_key *k;
    uint8_t *info;
    size_t size, min;
    NTSTATUS s;

    if ((s = reg_handle_get(h, KEY_ENUMERATE_SUB_KEYS, &rh, &k)) != STATUS_SUCCESS)
        return s;
    if (index >= k->nsub)
        s = STATUS_NO_MORE_ENTRIES;
    else if ((s = key_info(k->sub[index], cls, &info, &size, &min)) == STATUS_SUCCESS) {
        s = reg_put_info(buf, len, info, size, min, retlen);
        free(info);
    }
    reg_handle_put(rh);
    return s;
}
