/* Time services: system time as FILETIME, the performance counter, delays. */
#include "nt.h"

#include <errno.h>
#include <sched.h>
#include <time.h>

#include "../cpu/cpu.h"

/* 100 ns intervals between 1601-01-01 and 1970-01-01. */
#define TICKS_1601_TO_1970 116444736000000000LL
/* QueryPerformanceFrequency on Windows 10 and later is 10 MHz. */
#define PERF_FREQUENCY 10000000LL

static LONGLONG now_filetime(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return TICKS_1601_TO_1970 + (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
}

NTSTATUS svc_NtQuerySystemTime(void *guest_time)
{
    LONGLONG t = now_filetime();

    return guest_write(guest_time, &t, sizeof t) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS svc_NtQueryPerformanceCounter(void *guest_counter, void *guest_freq)
{
    struct timespec ts;
    LONGLONG c, f = PERF_FREQUENCY;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    c = (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
    if (!guest_write(guest_counter, &c, sizeof c))
        return STATUS_ACCESS_VIOLATION;
    if (guest_freq && !guest_write(guest_freq, &f, sizeof f))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtDelayExecution(ULONG alertable, void *guest_interval)
{
    LONGLONG v;
    struct timespec ts;

    if (!guest_read(&v, guest_interval, sizeof v))
        return STATUS_ACCESS_VIOLATION;
    /* Negative: relative, in 100 ns; positive: an absolute FILETIME. */
    if (v > 0)
        v = now_filetime() - v;
    if (v == 0) {
        sched_yield();
        return STATUS_SUCCESS;
    }
    if (v == INT64_MIN) /* INFINITE */
        v = -(LONGLONG)0x7FFFFFFF * 10000000;
    v = -v;
    if (v < 0)
        return STATUS_SUCCESS;
    ts.tv_sec = v / 10000000;
    ts.tv_nsec = (v % 10000000) * 100;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}

/* No APCs are queued yet, so there is nothing to deliver. */
NTSTATUS svc_NtTestAlert(void)
{
    return STATUS_SUCCESS;
}
