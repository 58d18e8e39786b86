/* Address waits (Wow64WaitOnAddress, Wow64WakeAddress): the primitive
 * under RtlWaitOnAddress, critical sections, SRW locks, condition
 * variables and run-once in our ntdll.
 *
 * Waiters queue in a hash table of buckets keyed by the guest address,
 * each bucket with its own lock. A wait compares the guest's value with
 * the expected one and queues itself under the bucket lock; a waker
 * changes the value first and then takes the same lock to wake, so it
 * either comes before the comparison (which sees the new value) or finds
 * the waiter queued: no wake-up is lost, for any size. Waiters sleep on
 * their thread's wake word, so an interrupt (thread termination) ends the
 * wait too. */
#include "sync.h"

#include <stdlib.h>

#include "../cpu/cpu.h"

#define BUCKETS 256

struct addr_waiter {
    struct addr_waiter *next, *prev;
    uint32_t addr;
    bool woken;
    struct cpu_thread *t;
};

struct bucket {
    pthread_mutex_t lock;
    struct addr_waiter *head, *tail;
};

static struct bucket buckets[BUCKETS] = {
    [0 ... BUCKETS - 1] = { PTHREAD_MUTEX_INITIALIZER, NULL, NULL },
};

static struct bucket *bucket_of(uint32_t addr)
{
    /* Fibonacci hashing of the address without its alignment bits. */
    return &buckets[((addr >> 2) * 2654435761u) >> 24];
}

static void unlink_waiter(struct bucket *b, struct addr_waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        b->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        b->tail = w->prev;
}

/* Sleeps while the size bytes at address equal those at compare, until a
 * wake of that address (STATUS_SUCCESS) or the timeout (STATUS_TIMEOUT);
 * returns STATUS_SUCCESS at once when they differ. */
NTSTATUS svc_Wow64WaitOnAddress(void *address, void *compare, SIZE_T size, void *guest_timeout)
{
    struct cpu_thread *t = sync_current();
    struct addr_waiter self = { NULL, NULL, (uint32_t)(uintptr_t)address, false, t };
    struct bucket *b = bucket_of(self.addr);
    uint64_t want = 0, have = 0;
    LONGLONG deadline;
    NTSTATUS s;

    if (size != 1 && size != 2 && size != 4 && size != 8)
        return STATUS_INVALID_PARAMETER;
    if (!guest_read(&want, compare, size))
        return STATUS_ACCESS_VIOLATION;
    if ((s = sync_deadline(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    pthread_mutex_lock(&b->lock);
    if (!guest_read(&have, address, size)) {
        pthread_mutex_unlock(&b->lock);
        return STATUS_ACCESS_VIOLATION;
    }
    if (have != want) {
        pthread_mutex_unlock(&b->lock);
        return STATUS_SUCCESS;
    }
    self.prev = b->tail;
    if (b->tail)
        b->tail->next = &self;
    else
        b->head = &self;
    b->tail = &self;
    for (;;) {
        __atomic_store_n(&t->wake_word, 0, __ATOMIC_SEQ_CST);
        if (self.woken) {
            s = STATUS_SUCCESS;
            break;
        }
        if (sync_terminating(t)) {
            s = STATUS_THREAD_IS_TERMINATING;
            break;
        }
        if (deadline >= 0 && sync_now() >= deadline) {
            s = STATUS_TIMEOUT;
            break;
        }
        pthread_mutex_unlock(&b->lock);
        sync_futex_wait(&t->wake_word, deadline);
        pthread_mutex_lock(&b->lock);
    }
    if (!self.woken)
        unlink_waiter(b, &self);
    pthread_mutex_unlock(&b->lock);
    return s;
}

/* Wakes the longest waiter on address (all: every waiter). */
NTSTATUS svc_Wow64WakeAddress(void *address, ULONG all)
{
    uint32_t addr = (uint32_t)(uintptr_t)address;
    struct bucket *b = bucket_of(addr);
    struct addr_waiter *w, *next;

    pthread_mutex_lock(&b->lock);
    for (w = b->head; w; w = next) {
        next = w->next;
        if (w->addr != addr)
            continue;
        unlink_waiter(b, w);
        w->woken = true;
        /* The waiter cannot leave before we drop the bucket lock. */
        sync_wake_thread(w->t);
        if (!all)
            break;
    }
    pthread_mutex_unlock(&b->lock);
    return STATUS_SUCCESS;
}
