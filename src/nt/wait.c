/* NtWaitForSingleObject and NtWaitForMultipleObjects for the objects that
 * can be waited on so far: child processes and their threads (signaled
 * once the child has exited). Events, mutexes and the like are separate
 * work: waiting on them is reported as not implemented. */
#include "object.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

#include "../cpu/cpu.h"
#include "log.h"

#define MAXIMUM_WAIT_OBJECTS 64
#define WAIT_ALL 0 /* WAIT_TYPE WaitAll; 1 is WaitAny */
/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define TICKS_1601_TO_1970 116444736000000000LL
/* Without pidfds, how often a wait looks at its children again. */
#define POLL_INTERVAL_NS 2000000LL

static LONGLONG now_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (LONGLONG)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The wait's deadline on CLOCK_MONOTONIC in ns, or -1 for none (a NULL
 * timeout). Negative timeouts are relative in 100 ns units, positive ones
 * an absolute FILETIME, 0 a poll. */
static NTSTATUS deadline_of(const void *guest_timeout, LONGLONG *deadline)
{
    LONGLONG v, rel;

    *deadline = -1;
    if (!guest_timeout)
        return STATUS_SUCCESS;
    if (!guest_read(&v, guest_timeout, sizeof v))
        return STATUS_ACCESS_VIOLATION;
    if (v > 0)
        rel = v - (TICKS_1601_TO_1970 + now_ns(CLOCK_REALTIME) / 100);
    else
        rel = v == INT64_MIN ? INT64_MAX / 100 : -v;
    if (rel < 0)
        rel = 0;
    if (rel > (INT64_MAX / 100) - now_ns(CLOCK_MONOTONIC) / 100)
        return STATUS_SUCCESS; /* further away than the clock goes: none */
    *deadline = now_ns(CLOCK_MONOTONIC) + rel * 100;
    return STATUS_SUCCESS;
}

/* The child a handle's wait is about, with a reference; NULL in *out for
 * our own process and thread (never signaled while we run). */
static NTSTATUS waitable(HANDLE h, const char *func, struct nt_child **out)
{
    struct nt_object *obj;
    NTSTATUS s;

    *out = NULL;
    if (h == NtCurrentProcess() || h == NtCurrentThread())
        return STATUS_SUCCESS;
    if (!(obj = handle_get(h, NT_OBJECT_ANY, &s)))
        return s;
    if (obj->type == NT_OBJECT_PROCESS || obj->type == NT_OBJECT_THREAD) {
        object_release(obj);
        *out = child_get(h, true, &s);
        return s;
    }
    log_fixme("ntdll", func, "waiting on object type %d is not implemented", (int)obj->type);
    object_release(obj);
    return STATUS_NOT_IMPLEMENTED;
}

/* Waits until any (or all) of the children have exited, or the deadline. */
static NTSTATUS wait_children(struct nt_child **c, ULONG n, bool all, LONGLONG deadline)
{
    for (;;) {
        struct pollfd pfd[MAXIMUM_WAIT_OBJECTS];
        nfds_t npfd = 0;
        ULONG done = 0;
        bool pollable = true;
        LONGLONG left;

        for (ULONG i = 0; i < n; i++) {
            if (c[i] && child_poll(c[i])) {
                if (!all)
                    return STATUS_WAIT_0 + (NTSTATUS)i;
                done++;
            } else if (c[i] && c[i]->pidfd >= 0) {
                pfd[npfd].fd = c[i]->pidfd;
                pfd[npfd].events = POLLIN;
                npfd++;
            } else if (c[i]) {
                pollable = false;
            }
        }
        if (all && done == n)
            return STATUS_WAIT_0;
        left = deadline < 0 ? INT64_MAX : deadline - now_ns(CLOCK_MONOTONIC);
        if (left <= 0)
            return STATUS_TIMEOUT;
        /* A pidfd turns readable when its process exits; children without
         * one are looked at again every few milliseconds. */
        if (!pollable && left > POLL_INTERVAL_NS)
            left = POLL_INTERVAL_NS;
        if (npfd) {
            LONGLONG ms = (left + 999999) / 1000000;
            poll(pfd, npfd, ms > 1000000 ? 1000000 : (int)ms);
        } else {
            struct timespec ts = { left / 1000000000LL, left % 1000000000LL };
            if (left > 1000000000LL * 3600)
                ts.tv_sec = 3600, ts.tv_nsec = 0;
            nanosleep(&ts, NULL);
        }
    }
}

NTSTATUS svc_NtWaitForSingleObject(HANDLE h, ULONG alertable, void *guest_timeout)
{
    struct nt_child *c;
    LONGLONG deadline;
    NTSTATUS s;

    /* No APCs are ever queued, so an alertable wait is a plain one. */
    (void)alertable;
    if ((s = deadline_of(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    if ((s = waitable(h, "NtWaitForSingleObject", &c)) != STATUS_SUCCESS)
        return s;
    s = wait_children(&c, 1, false, deadline);
    if (c)
        object_release(&c->hdr);
    return s;
}

NTSTATUS svc_NtWaitForMultipleObjects(ULONG count, void *guest_handles, ULONG type,
                                      ULONG alertable, void *guest_timeout)
{
    struct nt_child *c[MAXIMUM_WAIT_OBJECTS] = { NULL };
    uint32_t h[MAXIMUM_WAIT_OBJECTS];
    LONGLONG deadline;
    NTSTATUS s;
    ULONG got = 0;

    (void)alertable;
    if (!count || count > MAXIMUM_WAIT_OBJECTS || type > 1)
        return STATUS_INVALID_PARAMETER;
    if (!guest_read(h, guest_handles, count * sizeof *h))
        return STATUS_ACCESS_VIOLATION;
    if ((s = deadline_of(guest_timeout, &deadline)) != STATUS_SUCCESS)
        return s;
    for (; got < count; got++)
        if ((s = waitable((HANDLE)(intptr_t)(int32_t)h[got], "NtWaitForMultipleObjects",
                          &c[got])) != STATUS_SUCCESS)
            break;
    if (got == count)
        s = wait_children(c, count, type == WAIT_ALL, deadline);
    for (ULONG i = 0; i < got; i++)
        if (c[i])
            object_release(&c[i]->hdr);
    return s;
}
