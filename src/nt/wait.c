/* NtWaitForSingleObject, NtWaitForMultipleObjects and
 * NtSignalAndWaitForSingleObject: handles to waitable objects, then one
 * sync_wait. Besides the synchronisation objects and threads, which embed
 * struct nt_waitable, a wait takes:
 *   - child processes and their threads (spawn.c): signaled once the
 *     child has exited; the wait polls their pidfds (or waitpid every few
 *     milliseconds when there is no pidfd);
 *   - files: always signaled, as Windows' file objects are when no I/O is
 *     pending (ours is synchronous);
 *   - our own process and thread (the pseudo-handles): never signaled
 *     while we run, so only the timeout ends such a wait. */
#include "sync.h"

#include <stdlib.h>

#include "../cpu/cpu.h"
#include "log.h"

#define WAIT_ALL 0 /* WAIT_TYPE WaitAll; 1 is WaitAny */

static bool never_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)w;
    (void)t;
    return false;
}

static bool always_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)w;
    (void)t;
    return true;
}

static const struct nt_wait_ops never_ops = { never_signaled, NULL, NULL };
static const struct nt_wait_ops always_ops = { always_signaled, NULL, NULL };
/* Not reference counted and never in the handle table. */
static struct nt_waitable self_process = { { NT_OBJECT_ANY, 1, NULL }, &never_ops, NULL };
static struct nt_waitable self_thread = { { NT_OBJECT_ANY, 1, NULL }, &never_ops, NULL };

/* A child process (or a file) as a waitable, for the duration of one
 * wait. */
struct child_waitable {
    struct nt_waitable w;
    struct nt_child *c; /* NULL for a file */
};

static bool child_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    return child_poll(((struct child_waitable *)w)->c);
}

static int child_fd(struct nt_waitable *w)
{
    /* Read without the child lock: a descriptor closed (or reused) under
     * us costs a spurious wake-up or a slice of the poll, no more. */
    return __atomic_load_n(&((struct child_waitable *)w)->c->pidfd, __ATOMIC_RELAXED);
}

static const struct nt_wait_ops child_ops = { child_signaled, NULL, child_fd };

/* The objects of one wait, with what must be released after it. */
struct wait_set {
    ULONG n;
    struct nt_waitable *objs[SYNC_MAX_WAIT_OBJECTS];
    struct nt_object *ids[SYNC_MAX_WAIT_OBJECTS];   /* identity, for duplicates */
    struct nt_object *refs[SYNC_MAX_WAIT_OBJECTS];  /* references to drop */
    struct child_waitable *extra[SYNC_MAX_WAIT_OBJECTS]; /* adapters to free */
};

static void set_release(struct wait_set *ws)
{
    for (ULONG i = 0; i < ws->n; i++) {
        if (ws->extra[i]) {
            if (ws->extra[i]->c)
                object_release(&ws->extra[i]->c->hdr);
            free(ws->extra[i]);
        }
        if (ws->refs[i])
            object_release(ws->refs[i]);
    }
    ws->n = 0;
}

/* Adds the object behind h to the wait set. */
static NTSTATUS set_add(struct wait_set *ws, HANDLE h)
{
    ULONG i = ws->n;
    struct nt_object *obj;
    struct child_waitable *cw;
    NTSTATUS s;

    ws->extra[i] = NULL;
    ws->refs[i] = NULL;
    if (h == NtCurrentProcess() || h == NtCurrentThread()) {
        ws->objs[i] = h == NtCurrentProcess() ? &self_process : &self_thread;
        ws->ids[i] = &ws->objs[i]->hdr;
        ws->n++;
        return STATUS_SUCCESS;
    }
    if (!(obj = handle_get(h, NT_OBJECT_ANY, &s)))
        return s;
    switch (obj->type) {
    case NT_OBJECT_EVENT:
    case NT_OBJECT_MUTANT:
    case NT_OBJECT_SEMAPHORE:
    case NT_OBJECT_TIMER:
    case NT_OBJECT_GUEST_THREAD:
        ws->objs[i] = (struct nt_waitable *)obj;
        break;
    case NT_OBJECT_FILE:
    case NT_OBJECT_PROCESS:
    case NT_OBJECT_THREAD:
        if (!(cw = calloc(1, sizeof *cw))) {
            object_release(obj);
            return STATUS_NO_MEMORY;
        }
        if (obj->type == NT_OBJECT_FILE) {
            cw->w.ops = &always_ops;
        } else {
            cw->c = obj->type == NT_OBJECT_PROCESS ? (struct nt_child *)obj
                                                   : ((struct nt_child_thread *)obj)->process;
            object_ref(&cw->c->hdr);
            cw->w.ops = &child_ops;
        }
        ws->extra[i] = cw;
        ws->objs[i] = &cw->w;
        break;
    default:
        object_release(obj);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    ws->ids[i] = obj;
    ws->refs[i] = obj;
    ws->n++;
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtWaitForSingleObject(HANDLE h, ULONG alertable, void *guest_timeout)
{
    struct wait_set ws = { 0 };
    LONGLONG deadline;
    NTSTATUS s;

    if ((s = sync_deadline(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    if ((s = set_add(&ws, h)) != STATUS_SUCCESS)
        return s;
    s = sync_wait(ws.objs, 1, false, (alertable & 0xff) != 0, deadline);
    set_release(&ws);
    return s;
}

NTSTATUS svc_NtWaitForMultipleObjects(ULONG count, void *guest_handles, ULONG type,
                                      ULONG alertable, void *guest_timeout)
{
    struct wait_set ws = { 0 };
    uint32_t h[SYNC_MAX_WAIT_OBJECTS];
    LONGLONG deadline;
    NTSTATUS s = STATUS_SUCCESS;

    if (!count || count > SYNC_MAX_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER_1;
    if (type > 1)
        return STATUS_INVALID_PARAMETER_3;
    if (!guest_read(h, guest_handles, count * sizeof *h))
        return STATUS_ACCESS_VIOLATION;
    if ((s = sync_deadline(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    for (ULONG i = 0; i < count && s == STATUS_SUCCESS; i++)
        s = set_add(&ws, (HANDLE)(intptr_t)(int32_t)h[i]);
    /* A wait for all cannot take one object twice. */
    for (ULONG i = 0; s == STATUS_SUCCESS && type == WAIT_ALL && i < count; i++)
        for (ULONG j = 0; j < i; j++)
            if (ws.ids[i] == ws.ids[j]) {
                s = STATUS_INVALID_PARAMETER_MIX;
                break;
            }
    if (s == STATUS_SUCCESS)
        s = sync_wait(ws.objs, count, type == WAIT_ALL, (alertable & 0xff) != 0, deadline);
    set_release(&ws);
    return s;
}

/* Signals one object (event, semaphore, mutant) and waits for another,
 * with no moment in between where the signal is seen and the wait not
 * yet begun. */
NTSTATUS svc_NtSignalAndWaitForSingleObject(HANDLE signal, HANDLE wait, ULONG alertable,
                                            void *guest_timeout)
{
    struct wait_set ws = { 0 };
    struct nt_object *sig;
    LONGLONG deadline;
    NTSTATUS s;

    if ((s = sync_deadline(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    if (!(sig = handle_get(signal, NT_OBJECT_ANY, &s)))
        return s;
    if (sig->type != NT_OBJECT_EVENT && sig->type != NT_OBJECT_SEMAPHORE &&
        sig->type != NT_OBJECT_MUTANT) {
        object_release(sig);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if ((s = set_add(&ws, wait)) == STATUS_SUCCESS) {
        s = sync_wait_signal(sig, ws.objs, 1, false, (alertable & 0xff) != 0, deadline);
        set_release(&ws);
    }
    object_release(sig);
    return s;
}
