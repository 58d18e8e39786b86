/* Keyed events (NtCreateKeyedEvent, NtWaitForKeyedEvent,
 * NtReleaseKeyedEvent): rendezvous points keyed by an address. A wait
 * blocks until a release of its key, and a release blocks until a waiter
 * for its key takes it, as on Windows. Handle NULL is the process-wide
 * keyed event (Windows' \KernelObjects\CritSecOutOfMemoryEvent), which
 * our critical sections use. The queues live under the sync lock. */
#include "sync.h"

#include <stdlib.h>

#include "../cpu/cpu.h"

struct keyed_entry {
    struct keyed_entry *next, *prev;
    uint32_t key;
    bool release;  /* a releaser waiting for a waiter, else a waiter */
    bool done;     /* paired: the other side unlinked it */
    struct cpu_thread *t;
};

struct keyed_event {
    struct nt_object hdr;
    ULONG access;
    struct keyed_entry *head, *tail;
};

/* Never destroyed: its reference count starts at 1 and nobody releases
 * it. */
static struct keyed_event process_keyed_event = { { NT_OBJECT_KEYED_EVENT, 1, NULL }, 0, NULL,
                                                  NULL };

static void keyed_destroy(struct nt_object *obj)
{
    sync_object_unname(obj);
    free(obj);
}

static struct nt_object *keyed_make(void *arg)
{
    struct keyed_event *ke = calloc(1, sizeof *ke);

    if (!ke)
        return NULL;
    object_init(&ke->hdr, NT_OBJECT_KEYED_EVENT, keyed_destroy);
    ke->access = *(ULONG *)arg;
    return &ke->hdr;
}

NTSTATUS svc_NtCreateKeyedEvent(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, ULONG flags)
{
    if (flags)
        return STATUS_INVALID_PARAMETER_4;
    return sync_create_object(out, attr, NT_OBJECT_KEYED_EVENT, keyed_make, &access,
                              "NtCreateKeyedEvent");
}

static void unlink_entry(struct keyed_event *ke, struct keyed_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        ke->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        ke->tail = e->prev;
}

/* One side of the rendezvous: a wait (release false) or a release. */
static NTSTATUS keyed_op(HANDLE h, void *key, bool release, ULONG alertable, void *guest_timeout)
{
    struct keyed_event *ke = &process_keyed_event;
    struct cpu_thread *t = sync_current();
    struct keyed_entry self = { NULL, NULL, (uint32_t)(uintptr_t)key, release, false, t };
    LONGLONG deadline;
    NTSTATUS s;

    /* Keys are even: Windows keeps the low bit for itself. */
    if ((uintptr_t)key & 1)
        return STATUS_INVALID_PARAMETER_1;
    if ((s = sync_deadline(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    if (h && !(ke = (struct keyed_event *)handle_get(h, NT_OBJECT_KEYED_EVENT, &s)))
        return s;
    alertable &= 0xff;
    sync_lock();
    /* The oldest counterpart of the same key completes both sides. */
    for (struct keyed_entry *e = ke->head; e; e = e->next)
        if (e->key == self.key && e->release != release) {
            unlink_entry(ke, e);
            e->done = true;
            sync_wake_thread(e->t);
            self.done = true;
            break;
        }
    if (!self.done) {
        self.prev = ke->tail;
        if (ke->tail)
            ke->tail->next = &self;
        else
            ke->head = &self;
        ke->tail = &self;
        for (;;) {
            __atomic_store_n(&t->wake_word, 0, __ATOMIC_SEQ_CST);
            if (self.done) {
                s = STATUS_SUCCESS;
                break;
            }
            if (sync_terminating(t)) {
                s = STATUS_THREAD_IS_TERMINATING;
                break;
            }
            if (alertable && sync_apc_pending(t)) {
                s = STATUS_USER_APC;
                break;
            }
            if (deadline >= 0 && sync_now() >= deadline) {
                s = STATUS_TIMEOUT;
                break;
            }
            sync_block(t, deadline);
        }
        if (!self.done)
            unlink_entry(ke, &self);
    }
    sync_unlock();
    if (ke != &process_keyed_event)
        object_release(&ke->hdr);
    if (s == STATUS_USER_APC)
        s = sync_run_apcs(t);
    return s;
}

NTSTATUS svc_NtWaitForKeyedEvent(HANDLE h, void *key, ULONG alertable, void *guest_timeout)
{
    return keyed_op(h, key, false, alertable, guest_timeout);
}

NTSTATUS svc_NtReleaseKeyedEvent(HANDLE h, void *key, ULONG alertable, void *guest_timeout)
{
    return keyed_op(h, key, true, alertable, guest_timeout);
}
