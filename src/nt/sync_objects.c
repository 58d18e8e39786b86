/* Events, mutants and semaphores (NtCreateEvent & co.), and the
 * in-process directory of named objects (\BaseNamedObjects) they, timers
 * and keyed events share. Windows semantics, from the NT documentation:
 * manual-reset (notification) and auto-reset (synchronization) events,
 * recursive mutants owned by threads and abandoned when the owner exits,
 * counting semaphores with a limit.
 *
 * Named objects are visible within this process only: another wow64run
 * process does not see them (logged once). */
#include "sync.h"

#include <stdlib.h>
#include <string.h>

#include "../cpu/cpu.h"
#include "log.h"

#define OBJ_CASE_INSENSITIVE 0x40
#define OBJ_OPENIF 0x80

#define EVENT_BASIC_INFORMATION_CLASS 0

/* ---- the object directory ---- */

struct name_entry {
    struct name_entry *next;
    struct nt_object *obj; /* no reference: destroy removes the entry */
    size_t len;            /* in characters */
    uint16_t name[];
};

static struct name_entry *names;

static uint16_t fold(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* Whether s (n characters) starts with the ASCII prefix p, ignoring case. */
static bool has_prefix(const uint16_t *s, size_t n, const char *p)
{
    size_t i = 0;

    for (; p[i]; i++)
        if (i >= n || fold(s[i]) != fold((uint16_t)p[i]))
            return false;
    return true;
}

static uint16_t *put_ascii(uint16_t *d, const char *s)
{
    while (*s)
        *d++ = (uint16_t)*s++;
    return d;
}

/* The directory key of an object name: the full name, with the spelling
 * of \BaseNamedObjects\ and Global\ made canonical and Local\ dropped (in
 * our one session, Local\x and x are the same object). */
static NTSTATUS object_key(const OBJECT_ATTRIBUTES *attr, uint16_t **key, size_t *len,
                           const char *func)
{
    static const char dir[] = "\\BaseNamedObjects\\";
    static bool warned_root, warned_other;
    const uint16_t *s = attr->ObjectName->Buffer;
    size_t n = attr->ObjectName->Length / 2, dl = sizeof dir - 1;
    uint16_t *k, *p;

    if (attr->RootDirectory) {
        /* Our kernel32 names objects absolutely; a program passing a
         * directory handle gets the names of \BaseNamedObjects. */
        if (!warned_root) {
            warned_root = true;
            log_fixme("ntdll", func, "object directories are not implemented: names are taken "
                      "relative to \\BaseNamedObjects");
        }
        if (n && s[0] == '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        if (!(k = malloc((dl + n) * sizeof *k)))
            return STATUS_NO_MEMORY;
        p = put_ascii(k, dir);
    } else {
        if (!n || s[0] != '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        if (!(k = malloc((dl + n) * sizeof *k)))
            return STATUS_NO_MEMORY;
        p = k;
        if (has_prefix(s, n, dir)) {
            p = put_ascii(k, dir);
            s += dl;
            n -= dl;
        } else {
            if (!warned_other) {
                warned_other = true;
                log_fixme("ntdll", func, "objects outside \\BaseNamedObjects are kept by name only");
            }
            memcpy(p, s, n * sizeof *s);
            *key = k;
            *len = n;
            return STATUS_SUCCESS;
        }
    }
    if (has_prefix(s, n, "Local\\")) {
        s += 6;
        n -= 6;
    } else if (has_prefix(s, n, "Global\\")) {
        p = put_ascii(p, "Global\\");
        s += 7;
        n -= 7;
    }
    /* No subdirectories below the namespaces. */
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\\') {
            free(k);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
    if (!n) {
        free(k);
        return STATUS_OBJECT_NAME_INVALID;
    }
    memcpy(p, s, n * sizeof *s);
    *key = k;
    *len = (size_t)(p - k) + n;
    return STATUS_SUCCESS;
}

/* Takes a reference unless the object is already being destroyed. */
static bool ref_if_alive(struct nt_object *obj)
{
    int r = __atomic_load_n(&obj->refs, __ATOMIC_ACQUIRE);

    while (r > 0)
        if (__atomic_compare_exchange_n(&obj->refs, &r, r + 1, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return true;
    return false;
}

static bool same_name(const struct name_entry *e, const uint16_t *key, size_t len, bool ci)
{
    if (e->len != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (e->name[i] != key[i] && (!ci || fold(e->name[i]) != fold(key[i])))
            return false;
    return true;
}

/* Under the lock: the live object of that name, with a reference. */
static struct nt_object *dir_find(const uint16_t *key, size_t len, bool ci)
{
    for (struct name_entry *e = names; e; e = e->next)
        if (same_name(e, key, len, ci) && ref_if_alive(e->obj))
            return e->obj;
    return NULL;
}

void sync_object_unname(struct nt_object *obj)
{
    bool locked = sync_lock_if_needed();

    for (struct name_entry **p = &names; *p; p = &(*p)->next)
        if ((*p)->obj == obj) {
            struct name_entry *e = *p;

            *p = e->next;
            free(e);
            break;
        }
    if (locked)
        sync_unlock();
}

static void note_named(const char *func)
{
    static bool warned;

    if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
        log_fixme("ntdll", func, "named objects are shared within this process only, not with "
                  "other processes");
}

/* The key of a named create/open, or NULL for none; *ci: compare ignoring
 * case. */
static NTSTATUS key_of(const OBJECT_ATTRIBUTES *attr, uint16_t **key, size_t *len, bool *ci,
                       const char *func)
{
    *key = NULL;
    *len = 0;
    *ci = false;
    if (!attr || !attr->ObjectName || !attr->ObjectName->Length)
        return STATUS_SUCCESS;
    *ci = (attr->Attributes & OBJ_CASE_INSENSITIVE) != 0;
    return object_key(attr, key, len, func);
}

NTSTATUS sync_create_object(HANDLE *out, const OBJECT_ATTRIBUTES *attr, enum nt_object_type type,
                            struct nt_object *(*make)(void *arg), void *arg, const char *func)
{
    struct nt_object *obj;
    struct name_entry *e = NULL;
    uint16_t *key;
    size_t len;
    bool ci;
    NTSTATUS s;

    if (!out)
        return STATUS_ACCESS_VIOLATION;
    /* The dispatcher leaves Length 0 when the guest's was wrong. */
    if (attr && !attr->Length)
        return STATUS_INVALID_PARAMETER;
    if ((s = key_of(attr, &key, &len, &ci, func)) != STATUS_SUCCESS)
        return s;
    if (key) {
        note_named(func);
        if (!(e = malloc(sizeof *e + len * sizeof *key))) {
            free(key);
            return STATUS_NO_MEMORY;
        }
        e->len = len;
        memcpy(e->name, key, len * sizeof *key);
        free(key);
    }
    sync_lock();
    if (e && (obj = dir_find(e->name, e->len, ci))) {
        sync_unlock();
        free(e);
        if (obj->type != type) {
            s = STATUS_OBJECT_TYPE_MISMATCH;
        } else if (!(attr->Attributes & OBJ_OPENIF)) {
            s = STATUS_OBJECT_NAME_COLLISION;
        } else if ((s = handle_alloc_attr(obj, attr, out)) == STATUS_SUCCESS) {
            return STATUS_OBJECT_NAME_EXISTS;
        }
        object_release(obj);
        return s;
    }
    obj = make(arg);
    if (obj && e) {
        e->obj = obj;
        e->next = names;
        names = e;
        e = NULL;
    }
    sync_unlock();
    free(e);
    if (!obj)
        return STATUS_NO_MEMORY;
    if ((s = handle_alloc_attr(obj, attr, out)) != STATUS_SUCCESS)
        object_release(obj);
    return s;
}

NTSTATUS sync_open_object(HANDLE *out, const OBJECT_ATTRIBUTES *attr, enum nt_object_type type,
                          const char *func)
{
    struct nt_object *obj;
    uint16_t *key;
    size_t len;
    bool ci;
    NTSTATUS s;

    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if (!attr || !attr->Length)
        return STATUS_INVALID_PARAMETER;
    if (!attr->ObjectName || !attr->ObjectName->Length)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if ((s = key_of(attr, &key, &len, &ci, func)) != STATUS_SUCCESS)
        return s;
    sync_lock();
    obj = dir_find(key, len, ci);
    sync_unlock();
    free(key);
    if (!obj)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (obj->type != type)
        s = STATUS_OBJECT_TYPE_MISMATCH;
    else
        s = handle_alloc_attr(obj, attr, out);
    if (s != STATUS_SUCCESS)
        object_release(obj);
    return s;
}

/* Writes a LONG "previous state/count" result when the caller asked. */
static NTSTATUS put_long(void *guest_out, LONG v)
{
    if (guest_out && !guest_write(guest_out, &v, sizeof v))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* ---- events ---- */

struct event {
    struct nt_waitable w;
    ULONG access;
    bool manual;
    bool signaled;
};

struct event_params {
    ULONG access;
    bool manual, initial;
};

static bool event_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    return ((struct event *)w)->signaled;
}

static bool event_satisfy(struct nt_waitable *w, struct cpu_thread *t)
{
    struct event *e = (struct event *)w;

    (void)t;
    if (!e->manual)
        e->signaled = false;
    return false;
}

static const struct nt_wait_ops event_ops = { event_signaled, event_satisfy, NULL };

static void event_destroy(struct nt_object *obj)
{
    sync_object_unname(obj);
    free(obj);
}

static struct nt_object *event_make(void *arg)
{
    const struct event_params *p = arg;
    struct event *e = malloc(sizeof *e);

    if (!e)
        return NULL;
    waitable_init(&e->w, NT_OBJECT_EVENT, &event_ops, event_destroy);
    e->access = p->access;
    e->manual = p->manual;
    e->signaled = p->initial;
    return &e->w.hdr;
}

/* EventType: NotificationEvent 0 (manual reset), SynchronizationEvent 1. */
NTSTATUS svc_NtCreateEvent(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG type,
                           ULONG initial)
{
    struct event_params p = { access, type == 0, (initial & 0xff) != 0 };

    if (type > 1)
        return STATUS_INVALID_PARAMETER;
    return sync_create_object(out, attr, NT_OBJECT_EVENT, event_make, &p, "NtCreateEvent");
}

NTSTATUS svc_NtOpenEvent(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr)
{
    (void)access;
    return sync_open_object(out, attr, NT_OBJECT_EVENT, "NtOpenEvent");
}

enum event_op { EVENT_SET, EVENT_RESET, EVENT_PULSE };

static NTSTATUS event_change(HANDLE h, enum event_op op, void *guest_prev)
{
    struct event *e;
    NTSTATUS s;
    LONG prev;

    if (!(e = (struct event *)handle_get(h, NT_OBJECT_EVENT, &s)))
        return s;
    sync_lock();
    prev = e->signaled;
    switch (op) {
    case EVENT_SET:
        e->signaled = true;
        waitable_wake(&e->w);
        break;
    case EVENT_RESET:
        e->signaled = false;
        break;
    case EVENT_PULSE:
        /* The waits it satisfies complete now; then it is reset, whether
         * or not anyone was waiting. */
        e->signaled = true;
        waitable_pulse(&e->w);
        e->signaled = false;
        break;
    }
    sync_unlock();
    object_release(&e->w.hdr);
    return put_long(guest_prev, prev);
}

NTSTATUS svc_NtSetEvent(HANDLE h, void *guest_prev)
{
    return event_change(h, EVENT_SET, guest_prev);
}

NTSTATUS svc_NtResetEvent(HANDLE h, void *guest_prev)
{
    return event_change(h, EVENT_RESET, guest_prev);
}

NTSTATUS svc_NtClearEvent(HANDLE h)
{
    return event_change(h, EVENT_RESET, NULL);
}

NTSTATUS svc_NtPulseEvent(HANDLE h, void *guest_prev)
{
    return event_change(h, EVENT_PULSE, guest_prev);
}

/* EVENT_BASIC_INFORMATION { EVENT_TYPE EventType; LONG EventState; }. */
NTSTATUS svc_NtQueryEvent(HANDLE h, ULONG cls, void *buf, ULONG len, void *guest_retlen)
{
    struct event *e;
    NTSTATUS s;
    uint32_t info[2], size = sizeof info;

    if (cls != EVENT_BASIC_INFORMATION_CLASS)
        return STATUS_INVALID_INFO_CLASS;
    if (len != sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!(e = (struct event *)handle_get(h, NT_OBJECT_EVENT, &s)))
        return s;
    sync_lock();
    info[0] = e->manual ? 0 : 1;
    info[1] = e->signaled;
    sync_unlock();
    object_release(&e->w.hdr);
    if (!guest_write(buf, info, sizeof info))
        return STATUS_ACCESS_VIOLATION;
    if (guest_retlen && !guest_write(guest_retlen, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* ---- mutants ---- */

struct mutant {
    struct nt_waitable w;
    ULONG access;
    struct cpu_thread *owner; /* NULL: free */
    LONG recursion;
    bool abandoned;           /* the owner exited; the next wait reports it */
    struct mutant *next, *prev; /* all mutants, for thread exit */
};

struct mutant_params {
    ULONG access;
    bool owned;
};

static struct mutant *mutants;

static bool mutant_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    struct mutant *m = (struct mutant *)w;

    return !m->owner || m->owner == t;
}

static bool mutant_satisfy(struct nt_waitable *w, struct cpu_thread *t)
{
    struct mutant *m = (struct mutant *)w;
    bool abandoned = m->abandoned;

    if (m->owner == t) {
        m->recursion++;
    } else {
        m->owner = t;
        m->recursion = 1;
    }
    m->abandoned = false;
    return abandoned;
}

static const struct nt_wait_ops mutant_ops = { mutant_signaled, mutant_satisfy, NULL };

static void mutant_destroy(struct nt_object *obj)
{
    struct mutant *m = (struct mutant *)obj;
    bool locked = sync_lock_if_needed();

    if (m->prev)
        m->prev->next = m->next;
    else
        mutants = m->next;
    if (m->next)
        m->next->prev = m->prev;
    sync_object_unname(obj);
    if (locked)
        sync_unlock();
    free(m);
}

static struct nt_object *mutant_make(void *arg)
{
    const struct mutant_params *p = arg;
    struct mutant *m = malloc(sizeof *m);

    if (!m)
        return NULL;
    waitable_init(&m->w, NT_OBJECT_MUTANT, &mutant_ops, mutant_destroy);
    m->access = p->access;
    m->owner = p->owned ? sync_current() : NULL;
    m->recursion = p->owned ? 1 : 0;
    m->abandoned = false;
    m->prev = NULL;
    m->next = mutants;
    if (mutants)
        mutants->prev = m;
    mutants = m;
    return &m->w.hdr;
}

NTSTATUS svc_NtCreateMutant(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG owned)
{
    struct mutant_params p = { access, (owned & 0xff) != 0 };

    return sync_create_object(out, attr, NT_OBJECT_MUTANT, mutant_make, &p, "NtCreateMutant");
}

NTSTATUS svc_NtOpenMutant(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr)
{
    (void)access;
    return sync_open_object(out, attr, NT_OBJECT_MUTANT, "NtOpenMutant");
}

/* Under the lock. The previous count is the mutant's signal state before
 * the release: 1 - its recursion count, as Windows reports it. */
static NTSTATUS mutant_release(struct mutant *m, struct cpu_thread *t, LONG *prev)
{
    if (m->owner != t)
        return STATUS_MUTANT_NOT_OWNED;
    *prev = 1 - m->recursion;
    if (--m->recursion == 0) {
        m->owner = NULL;
        waitable_wake(&m->w);
    }
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtReleaseMutant(HANDLE h, void *guest_prev)
{
    struct mutant *m;
    NTSTATUS s;
    LONG prev = 0;

    if (!(m = (struct mutant *)handle_get(h, NT_OBJECT_MUTANT, &s)))
        return s;
    sync_lock();
    s = mutant_release(m, sync_current(), &prev);
    sync_unlock();
    object_release(&m->w.hdr);
    if (s == STATUS_SUCCESS)
        s = put_long(guest_prev, prev);
    return s;
}

void sync_objects_thread_exit(struct cpu_thread *t)
{
    for (struct mutant *m = mutants; m; m = m->next)
        if (m->owner == t) {
            m->owner = NULL;
            m->recursion = 0;
            m->abandoned = true;
            waitable_wake(&m->w);
        }
}

/* ---- semaphores ---- */

struct semaphore {
    struct nt_waitable w;
    ULONG access;
    LONG count, max;
};

struct semaphore_params {
    ULONG access;
    LONG initial, max;
};

static bool semaphore_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    return ((struct semaphore *)w)->count > 0;
}

static bool semaphore_satisfy(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    ((struct semaphore *)w)->count--;
    return false;
}

static const struct nt_wait_ops semaphore_ops = { semaphore_signaled, semaphore_satisfy, NULL };

static struct nt_object *semaphore_make(void *arg)
{
    const struct semaphore_params *p = arg;
    struct semaphore *sem = malloc(sizeof *sem);

    if (!sem)
        return NULL;
    waitable_init(&sem->w, NT_OBJECT_SEMAPHORE, &semaphore_ops, event_destroy);
    sem->access = p->access;
    sem->count = p->initial;
    sem->max = p->max;
    return &sem->w.hdr;
}

NTSTATUS svc_NtCreateSemaphore(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, LONG initial,
                               LONG max)
{
    struct semaphore_params p = { access, initial, max };

    if (max <= 0 || initial < 0 || initial > max)
        return STATUS_INVALID_PARAMETER;
    return sync_create_object(out, attr, NT_OBJECT_SEMAPHORE, semaphore_make, &p,
                              "NtCreateSemaphore");
}

NTSTATUS svc_NtOpenSemaphore(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr)
{
    (void)access;
    return sync_open_object(out, attr, NT_OBJECT_SEMAPHORE, "NtOpenSemaphore");
}

/* Under the lock; the count stays as it was when the limit would be
 * passed. */
static NTSTATUS semaphore_release(struct semaphore *sem, LONG n, LONG *prev)
{
    if (n > sem->max - sem->count)
        return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    *prev = sem->count;
    sem->count += n;
    waitable_wake(&sem->w);
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtReleaseSemaphore(HANDLE h, LONG n, void *guest_prev)
{
    struct semaphore *sem;
    NTSTATUS s;
    LONG prev = 0;

    if (n <= 0)
        return STATUS_INVALID_PARAMETER;
    if (!(sem = (struct semaphore *)handle_get(h, NT_OBJECT_SEMAPHORE, &s)))
        return s;
    sync_lock();
    s = semaphore_release(sem, n, &prev);
    sync_unlock();
    object_release(&sem->w.hdr);
    if (s == STATUS_SUCCESS)
        s = put_long(guest_prev, prev);
    return s;
}

/* ---- NtSignalAndWaitForSingleObject's signal ---- */

NTSTATUS sync_signal_locked(struct nt_object *obj, struct cpu_thread *t)
{
    LONG prev;

    switch (obj->type) {
    case NT_OBJECT_EVENT: {
        struct event *e = (struct event *)obj;

        e->signaled = true;
        waitable_wake(&e->w);
        return STATUS_SUCCESS;
    }
    case NT_OBJECT_SEMAPHORE:
        return semaphore_release((struct semaphore *)obj, 1, &prev);
    case NT_OBJECT_MUTANT:
        return mutant_release((struct mutant *)obj, t, &prev);
    default:
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
}

/* ---- names for NtQueryObject (object_info.c) ---- */

/* Copies obj's directory name (\BaseNamedObjects\[Global\]name, or a name
 * outside \BaseNamedObjects as given) into buf, at most max characters;
 * returns its full length in characters, 0 for an unnamed object. */
size_t sync_object_name(const struct nt_object *obj, uint16_t *buf, size_t max)
{
    bool locked = sync_lock_if_needed();
    size_t len = 0;

    for (struct name_entry *e = names; e; e = e->next)
        if (e->obj == obj) {
            len = e->len;
            memcpy(buf, e->name, (len < max ? len : max) * sizeof *buf);
            break;
        }
    if (locked)
        sync_unlock();
    return len;
}
