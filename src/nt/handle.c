/* The process handle table: one table, values multiple of 4. */
#include "object.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nt_object **table;
static size_t table_size;

void object_init(struct nt_object *obj, enum nt_object_type type,
                 void (*destroy)(struct nt_object *obj))
{
    obj->type = type;
    obj->refs = 1;
    obj->destroy = destroy;
}

void object_ref(struct nt_object *obj)
{
    __atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED);
}

void object_release(struct nt_object *obj)
{
    if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) == 0)
        obj->destroy(obj);
}

/* Stores obj (its reference moves into the table) under a new handle. */
NTSTATUS handle_alloc(struct nt_object *obj, HANDLE *out)
{
    size_t i;

    pthread_mutex_lock(&table_lock);
    /* Slot 0 is never used: handle 0 is NULL. */
    for (i = 1; i < table_size; i++)
        if (!table[i])
            break;
    if (i >= table_size) {
        size_t n = table_size ? table_size * 2 : 64;
        struct nt_object **t;

        if (n > (1u << 24) || !(t = realloc(table, n * sizeof *t))) {
            pthread_mutex_unlock(&table_lock);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        for (size_t j = table_size; j < n; j++)
            t[j] = NULL;
        table = t;
        i = table_size ? table_size : 1;
        table_size = n;
    }
    table[i] = obj;
    pthread_mutex_unlock(&table_lock);
    *out = (HANDLE)(uintptr_t)(i * 4);
    return STATUS_SUCCESS;
}

static size_t handle_index(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;

    /* The low two bits are ignored, as Windows does (they are tag bits). */
    return (v >> 2) & 0x3FFFFFFF;
}

struct nt_object *handle_get(HANDLE h, enum nt_object_type type, NTSTATUS *status)
{
    struct nt_object *obj = NULL;
    size_t i = handle_index(h);

    if ((intptr_t)h < 0) {
        *status = STATUS_OBJECT_TYPE_MISMATCH;
        return NULL;
    }
    pthread_mutex_lock(&table_lock);
    if (i && i < table_size && table[i]) {
        obj = table[i];
        object_ref(obj);
    }
    pthread_mutex_unlock(&table_lock);
    if (!obj) {
        *status = STATUS_INVALID_HANDLE;
        return NULL;
    }
    if (type != NT_OBJECT_ANY && obj->type != type) {
        object_release(obj);
        *status = STATUS_OBJECT_TYPE_MISMATCH;
        return NULL;
    }
    *status = STATUS_SUCCESS;
    return obj;
}

NTSTATUS handle_close(HANDLE h)
{
    struct nt_object *obj = NULL;
    size_t i = handle_index(h);

    if ((intptr_t)h < 0)
        return STATUS_SUCCESS; /* closing a pseudo-handle is a no-op */
    pthread_mutex_lock(&table_lock);
    if (i && i < table_size && table[i]) {
        obj = table[i];
        table[i] = NULL;
    }
    pthread_mutex_unlock(&table_lock);
    if (!obj)
        return STATUS_INVALID_HANDLE;
    object_release(obj);
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtClose(HANDLE h)
{
    return handle_close(h);
}
