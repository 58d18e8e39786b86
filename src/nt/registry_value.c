/* The value services: NtSetValueKey, NtDeleteValueKey, NtQueryValueKey,
 * NtEnumerateValueKey. Values keep their type and bytes exactly as
 * written; a 32-bit writer's %ProgramFiles% paths are rewritten by the
 * redirection layer's rule unless the key was opened with
 * KEY_WOW64_64KEY. */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "../cpu/cpu.h"
#include "../redirect/redirect.h"

#define KeyValueBasicInformation 0
#define KeyValueFullInformation 1
#define KeyValuePartialInformation 2
#define KeyValueFullInformationAlign64 3
#define KeyValuePartialInformationAlign64 4

/* NtSetValueKey: creates or replaces a value. */
NTSTATUS svc_NtSetValueKey(HANDLE h, UNICODE_STRING *name, ULONG title_index, ULONG type,
                           void *guest_data, ULONG size)
{
    struct reg_handle *rh;
    struct reg_key *k;
    uint8_t *data, *rewritten = NULL;
    size_t got;
    NTSTATUS s;

    (void)title_index;
    if (!name)
        return STATUS_ACCESS_VIOLATION;
    if (size > REG_MAX_DATA)
        return STATUS_INSUFFICIENT_RESOURCES;
    /* The data are read before the lock is taken. */
    if (!(data = malloc(size ? size : 1)))
        return STATUS_NO_MEMORY;
    if (size && !guest_read(data, guest_data, size)) {
        free(data);
        return STATUS_ACCESS_VIOLATION;
    }
    if ((s = reg_handle_get(h, KEY_SET_VALUE, &rh, &k)) != STATUS_SUCCESS) {
        free(data);
        return s;
    }
    if (!rh->force64 && (type == REG_SZ || type == REG_EXPAND_SZ) && size >= 2 && !(size & 1) &&
        (rewritten = malloc(size + 128))) {
        if (redirect_reg_value(type, (const uint16_t *)data, size / 2, (uint16_t *)rewritten,
                               (size + 128) / 2, &got)) {
            free(data);
            data = rewritten;
            size = (ULONG)got * 2;
        } else {
            free(rewritten);
        }
    }
    s = reg_set_value(k, name->Buffer, name->Length / 2, type, data, size, reg_now());
    if (s == STATUS_SUCCESS) {
        reg_notify(k, REG_NOTIFY_CHANGE_LAST_SET);
        reg_file_flush_if_large();
    }
    reg_handle_put(rh);
    free(data);
    return s;
}

/* NtDeleteValueKey: deletes a value. */
NTSTATUS svc_NtDeleteValueKey(HANDLE h, UNICODE_STRING *name)
{
    struct reg_handle *rh;
    struct reg_key *k;
    NTSTATUS s;

    if (!name)
        return STATUS_ACCESS_VIOLATION;
    if ((s = reg_handle_get(h, KEY_SET_VALUE, &rh, &k)) != STATUS_SUCCESS)
        return s;
    if ((s = reg_delete_value(k, name->Buffer, name->Length / 2, reg_now())) == STATUS_SUCCESS) {
        reg_notify(k, REG_NOTIFY_CHANGE_LAST_SET);
        reg_file_flush_if_large();
    }
    reg_handle_put(rh);
    return s;
}

static void put32(uint8_t *p, size_t off, uint32_t v)
{
    memcpy(p + off, &v, 4);
}

/* The information of class cls about value v (layouts as in
 * registry_key.c's key_info). */
static NTSTATUS value_info(const struct reg_value *v, ULONG cls, uint8_t **out, size_t *size,
                           size_t *min)
{
    uint32_t nl = v->name_len * 2;
    size_t off = 0;
    uint8_t *b;

    switch (cls) {
    case KeyValueBasicInformation:
        /* TitleIndex, Type, NameLength, Name */
        *min = 12;
        *size = 12 + nl;
        break;
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64:
        /* TitleIndex, Type, DataOffset, DataLength, NameLength, Name, then
         * the data at an 8-byte boundary: what a 64-bit Windows kernel
         * gives WOW64 processes for both classes. */
        *min = 20;
        off = (20 + nl + 7) & ~(size_t)7;
        *size = off + v->size;
        break;
    case KeyValuePartialInformation:
        /* TitleIndex, Type, DataLength, Data */
        *min = 12;
        *size = 12 + v->size;
        break;
    case KeyValuePartialInformationAlign64:
        /* Type, DataLength, Data */
        *min = 8;
        *size = 8 + v->size;
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    if (!(b = calloc(1, *size)))
        return STATUS_NO_MEMORY;
    switch (cls) {
    case KeyValueBasicInformation:
        put32(b, 4, v->type);
        put32(b, 8, nl);
        if (nl) /* the default value has no name */
            memcpy(b + 12, v->name, nl);
        break;
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64:
        put32(b, 4, v->type);
        put32(b, 8, (uint32_t)off);
        put32(b, 12, v->size);
        put32(b, 16, nl);
        if (nl)
            memcpy(b + 20, v->name, nl);
        memcpy(b + off, v->data, v->size);
        break;
    case KeyValuePartialInformation:
        put32(b, 4, v->type);
        put32(b, 8, v->size);
        memcpy(b + 12, v->data, v->size);
        break;
    case KeyValuePartialInformationAlign64:
        put32(b, 0, v->type);
        put32(b, 4, v->size);
        memcpy(b + 8, v->data, v->size);
        break;
    }
    *out = b;
    return STATUS_SUCCESS;
}

static NTSTATUS put_value(const struct reg_value *v, ULONG cls, void *buf, ULONG len, void *retlen)
{
    uint8_t *info;
    size_t size, min;
    NTSTATUS s;

    if ((s = value_info(v, cls, &info, &size, &min)) != STATUS_SUCCESS)
        return s;
    s = reg_put_info(buf, len, info, size, min, retlen);
    free(info);
    return s;
}

/* NtQueryValueKey: a KEY_VALUE_INFORMATION_CLASS structure about a value. */
NTSTATUS svc_NtQueryValueKey(HANDLE h, UNICODE_STRING *name, ULONG cls, void *buf, ULONG len,
                             void *retlen)
{
    struct reg_handle *rh;
    struct reg_key *k;
    struct reg_value *v;
    NTSTATUS s;

    if (!name)
        return STATUS_ACCESS_VIOLATION;
    if ((s = reg_handle_get(h, KEY_QUERY_VALUE, &rh, &k)) != STATUS_SUCCESS)
        return s;
    if (!(v = reg_value_find(k, name->Buffer, name->Length / 2)))
        s = STATUS_OBJECT_NAME_NOT_FOUND;
    else
        s = put_value(v, cls, buf, len, retlen);
    reg_handle_put(rh);
    return s;
}

/* NtEnumerateValueKey: the same about the index-th value. */
NTSTATUS svc_NtEnumerateValueKey(HANDLE h, ULONG index, ULONG cls, void *buf, ULONG len,
                                 void *retlen)
{
    struct reg_handle *rh;
    struct reg_key *k;
    NTSTATUS s;

    if ((s = reg_handle_get(h, KEY_QUERY_VALUE, &rh, &k)) != STATUS_SUCCESS)
        return s;
    if (index >= k->nval)
        s = STATUS_NO_MORE_ENTRIES;
    else
        s = put_value(&k->val[index], cls, buf, len, retlen);
    reg_handle_put(rh);
    return s;
}
