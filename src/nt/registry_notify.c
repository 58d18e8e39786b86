/* NtNotifyChangeKey for watchers in this process: a change to a watched
 * key (or, with WatchTree, to a key below it) completes the request once:
 * its IO_STATUS_BLOCK gets STATUS_NOTIFY_ENUM_DIR (the change is not
 * described in a buffer), its event is signaled, and a synchronous caller
 * returns. Closing the key handle completes its requests with
 * STATUS_NOTIFY_CLEANUP. Changes other processes make reach this process
 * through the store file and are not reported. */
#include "registry.h"

#include <stdlib.h>

#include "../cpu/cpu.h"
#include "log.h"
#include "sync.h"

NTSTATUS svc_NtClearEvent(HANDLE h);

struct watch {
    struct nt_waitable w;       /* what a synchronous caller waits on */
    struct watch *next;
    struct reg_handle *rh;      /* the handle that asked (no reference: its close ends us) */
    struct reg_key *node;       /* held */
    ULONG filter;
    bool tree, async;
    bool done;                  /* under the sync lock */
    NTSTATUS result;
    struct nt_object *event;    /* a reference, or NULL */
    void *iosb;                 /* guest IO_STATUS_BLOCK32 */
};

static struct watch *watches; /* under the store lock */

static bool watch_signaled(struct nt_waitable *w, struct cpu_thread *t)
{
    (void)t;
    return ((struct watch *)w)->done;
}

static const struct nt_wait_ops watch_ops = { watch_signaled, NULL, NULL };

static void watch_destroy(struct nt_object *obj)
{
    (void)obj; /* freed by its owner, not by references */
}

static void watch_free(struct watch *w)
{
    if (w->event)
        object_release(w->event);
    reg_node_drop(w->node);
    free(w);
}

/* Under the store lock: w is off the list; reports status. */
static void complete(struct watch *w, NTSTATUS status)
{
    IO_STATUS_BLOCK32 io = { status, 0 };

    w->result = status;
    /* A bad IO_STATUS_BLOCK was checked at the request; a guest that
     * freed it since gets nothing written. */
    if (w->iosb)
        guest_write(w->iosb, &io, sizeof io);
    sync_lock();
    if (w->event)
        sync_signal_locked(w->event, NULL);
    w->done = true;
    waitable_wake(&w->w);
    sync_unlock();
    if (w->async)
        watch_free(w);
}

static bool below(const struct reg_key *k, const struct reg_key *ancestor)
{
    for (; k; k = k->parent)
        if (k == ancestor)
            return true;
    return false;
}

/* Completes the notifications that a change to k matches. */
void reg_notify(struct reg_key *k, ULONG filter)
{
    struct watch **p = &watches;

    if (!k)
        return;
    while (*p) {
        struct watch *w = *p;
        struct reg_key *node = reg_node_current(reg_tree_current(), &w->node);

        if (node && (w->filter & filter) && (node == k || (w->tree && below(k, node)))) {
            *p = w->next;
            complete(w, STATUS_NOTIFY_ENUM_DIR);
        } else {
            p = &w->next;
        }
    }
}

/* Completes a closing handle's notifications with STATUS_NOTIFY_CLEANUP. */
void reg_notify_handle_closed(struct reg_handle *rh)
{
    struct watch **p = &watches;

    while (*p) {
        struct watch *w = *p;

        if (w->rh == rh) {
            *p = w->next;
            complete(w, STATUS_NOTIFY_CLEANUP);
        } else {
            p = &w->next;
        }
    }
}

#define NOTIFY_FILTERS (REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_ATTRIBUTES | \
                        REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_CHANGE_SECURITY)

/* NtNotifyChangeKey: see the file's comment. */
NTSTATUS svc_NtNotifyChangeKey(HANDLE key, HANDLE event, void *apc, void *apc_context,
                               void *iosb, ULONG filter, ULONG watch_tree, void *buffer,
                               ULONG buffer_size, ULONG asynchronous)
{
    struct reg_handle *rh;
    struct reg_key *k;
    struct nt_object *ev = NULL;
    struct watch *w;
    IO_STATUS_BLOCK32 probe;
    NTSTATUS s;

    (void)apc_context;
    (void)buffer;
    (void)buffer_size;
    if (apc) {
        log_fixme("ntdll", "NtNotifyChangeKey", "APC completion not implemented");
        return STATUS_NOT_IMPLEMENTED;
    }
    if (filter & ~(NOTIFY_FILTERS | REG_NOTIFY_THREAD_AGNOSTIC))
        return STATUS_INVALID_PARAMETER;
    /* A filter of 0 watches everything, as Windows accepts it. */
    if (!(filter & NOTIFY_FILTERS))
        filter |= NOTIFY_FILTERS;
    if (!iosb || !guest_read(&probe, iosb, sizeof probe) ||
        !guest_write(iosb, &probe, sizeof probe))
        return STATUS_ACCESS_VIOLATION;
    if (event) {
        if (!(ev = handle_get(event, NT_OBJECT_EVENT, &s)))
            return s;
        /* As for any I/O request, the event starts reset. */
        svc_NtClearEvent(event);
    }
    if (!(w = calloc(1, sizeof *w))) {
        if (ev)
            object_release(ev);
        return STATUS_NO_MEMORY;
    }
    waitable_init(&w->w, NT_OBJECT_KEY, &watch_ops, watch_destroy);
    w->filter = filter;
    w->tree = watch_tree != 0;
    w->async = (asynchronous & 0xff) != 0;
    w->event = ev;
    w->iosb = iosb;
    if ((s = reg_handle_get(key, KEY_NOTIFY, &rh, &k)) != STATUS_SUCCESS) {
        w->node = NULL;
        if (ev)
            object_release(ev);
        free(w);
        return s;
    }
    w->rh = rh;
    w->node = k;
    reg_node_hold(k);
    w->next = watches;
    watches = w;
    reg_handle_put(rh);
    if (w->async)
        return STATUS_PENDING;
    /* Synchronous: wait here (the thread may be asked to end meanwhile). */
    s = sync_wait((struct nt_waitable *[]){ &w->w }, 1, false, false, -1);
    reg_lock();
    if (!w->done) {
        for (struct watch **p = &watches; *p; p = &(*p)->next)
            if (*p == w) {
                *p = w->next;
                break;
            }
    }
    if (s == STATUS_WAIT_0)
        s = w->result;
    watch_free(w);
    reg_unlock();
    return s;
}
