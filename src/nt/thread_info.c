/* Thread information classes, NtOpenThread and user APCs. */
#include "thread.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../loader/peb32.h"
#include "log.h"

/* THREADINFOCLASS values served here. */
enum {
    ThreadBasicInformation = 0,
    ThreadTimes = 1,
    ThreadPriority = 2,
    ThreadBasePriority = 3,
    ThreadAffinityMask = 4,
    ThreadQuerySetWin32StartAddress = 9,
    ThreadZeroTlsCell = 10,
    ThreadAmILastThread = 12,
    ThreadIdealProcessor = 13,
    ThreadHideFromDebugger = 17,
};

/* THREAD_BASIC_INFORMATION as a 32-bit process sees it. */
typedef struct {
    NTSTATUS ExitStatus;
    ULONG TebBaseAddress;
    CLIENT_ID32 ClientId;
    ULONG AffinityMask;
    LONG Priority;
    LONG BasePriority;
} THREAD_BASIC_INFORMATION32;
_Static_assert(sizeof(THREAD_BASIC_INFORMATION32) == 28, "THREAD_BASIC_INFORMATION32");

/* KERNEL_USER_TIMES: CreateTime, ExitTime, KernelTime, UserTime. */
typedef struct {
    LONGLONG CreateTime, ExitTime, KernelTime, UserTime;
} KERNEL_USER_TIMES32;
_Static_assert(sizeof(KERNEL_USER_TIMES32) == 32, "KERNEL_USER_TIMES32");

/* The saturation values of a base priority (THREAD_PRIORITY_TIME_CRITICAL
 * and THREAD_PRIORITY_IDLE as kernel32 passes them), and its range. */
#define BASE_PRIORITY_SATURATE 16
#define BASE_PRIORITY_MAX 2
#define PROCESS_BASE_PRIORITY 8
#define TLS_SLOTS 64
#define TLS_EXPANSION_SLOTS 1024
#define MAXIMUM_PROCESSORS 32

static NTSTATUS put_info(void *buf, ULONG len, const void *data, ULONG size, void *retlen)
{
    if (len != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!guest_write(buf, data, size))
        return STATUS_ACCESS_VIOLATION;
    if (retlen && !guest_write(retlen, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* A running thread's CPU times (100 ns units): its own from getrusage,
 * another's from /proc (clock ticks). */
static void cpu_times(struct nt_thread *th, LONGLONG *kernel, LONGLONG *user)
{
    char path[64], buf[1024], *p;
    unsigned long long ut, st;
    long tck = sysconf(_SC_CLK_TCK);
    struct rusage ru;
    FILE *f;

    *kernel = *user = 0;
    if (th->cpu == cpu_current() && getrusage(RUSAGE_THREAD, &ru) == 0) {
        *user = (LONGLONG)ru.ru_utime.tv_sec * 10000000 + ru.ru_utime.tv_usec * 10;
        *kernel = (LONGLONG)ru.ru_stime.tv_sec * 10000000 + ru.ru_stime.tv_usec * 10;
        return;
    }
    snprintf(path, sizeof path, "/proc/self/task/%u/stat", th->tid);
    if (tck <= 0 || !(f = fopen(path, "r")))
        return;
    p = fgets(buf, sizeof buf, f);
    fclose(f);
    /* Fields 14 and 15 (utime, stime) are the 12th and 13th after the
     * command name, which ends with the last ')'. */
    if (!p || !(p = strrchr(buf, ')')) ||
        sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return;
    *user = (LONGLONG)(ut * 10000000ull / (unsigned long long)tck);
    *kernel = (LONGLONG)(st * 10000000ull / (unsigned long long)tck);
}

/* ThreadBasicInformation of a child process's main thread (spawn.c): the
 * child's exit status; its main thread's id is its process id. */
static NTSTATUS child_thread_info(HANDLE h, ULONG cls, void *buf, ULONG len, void *retlen)
{
    THREAD_BASIC_INFORMATION32 info;
    struct nt_child *c;
    NTSTATUS s;

    if (!(c = child_get(h, true, &s)))
        return s;
    if (cls == ThreadBasicInformation) {
        bool exited = child_poll(c);

        memset(&info, 0, sizeof info);
        info.ExitStatus = exited ? (NTSTATUS)c->exit_code : STATUS_PENDING;
        info.ClientId.UniqueProcess = (ULONG)c->pid;
        info.ClientId.UniqueThread = (ULONG)c->pid;
        info.AffinityMask = 1;
        info.Priority = info.BasePriority = PROCESS_BASE_PRIORITY;
        s = put_info(buf, len, &info, sizeof info, retlen);
    } else {
        log_fixme("ntdll", "NtQueryInformationThread", "class %u on a child's thread not implemented",
                  cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
    object_release(&c->hdr);
    return s;
}

/* The information classes a thread handle answers. */
NTSTATUS svc_NtQueryInformationThread(HANDLE h, ULONG cls, void *buf, ULONG len, void *retlen)
{
    struct nt_thread *th;
    NTSTATUS s;

    if (!(th = thread_get(h, &s))) {
        if (s == STATUS_OBJECT_TYPE_MISMATCH && (intptr_t)h > 0)
            return child_thread_info(h, cls, buf, len, retlen);
        return s;
    }
    switch (cls) {
    case ThreadBasicInformation: {
        THREAD_BASIC_INFORMATION32 info;

        pthread_mutex_lock(&thread_lock);
        info.ExitStatus = th->exited ? (NTSTATUS)th->exit_code : STATUS_PENDING;
        info.TebBaseAddress = th->exited ? 0 : th->teb;
        info.ClientId.UniqueProcess = nt_process.pid;
        info.ClientId.UniqueThread = th->tid;
        info.AffinityMask = th->affinity;
        info.Priority = th->priority;
        info.BasePriority = th->base_priority;
        pthread_mutex_unlock(&thread_lock);
        s = put_info(buf, len, &info, sizeof info, retlen);
        break;
    }
    case ThreadTimes: {
        KERNEL_USER_TIMES32 times = { th->create_time, 0, 0, 0 };

        pthread_mutex_lock(&thread_lock);
        if (th->exited) {
            times.ExitTime = th->exit_time;
            times.KernelTime = th->kernel_time;
            times.UserTime = th->user_time;
        } else {
            cpu_times(th, &times.KernelTime, &times.UserTime);
        }
        pthread_mutex_unlock(&thread_lock);
        s = put_info(buf, len, &times, sizeof times, retlen);
        break;
    }
    case ThreadQuerySetWin32StartAddress:
        s = put_info(buf, len, &th->start, 4, retlen);
        break;
    case ThreadAmILastThread: {
        ULONG last;

        pthread_mutex_lock(&thread_lock);
        last = thread_live == 1 && thread_of(cpu_current()) && !thread_of(cpu_current())->exited;
        pthread_mutex_unlock(&thread_lock);
        s = put_info(buf, len, &last, sizeof last, retlen);
        break;
    }
    default:
        log_fixme("ntdll", "NtQueryInformationThread", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
        break;
    }
    thread_release(th);
    return s;
}

/* Clears TLS slot index in every thread's TEB (TlsFree): one of the 64
 * TlsSlots, or of the expansion slots the thread has allocated. */
static NTSTATUS zero_tls_cell(uint32_t index)
{
    if (index >= TLS_SLOTS + TLS_EXPANSION_SLOTS)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&thread_lock);
    for (struct nt_thread *th = thread_list; th; th = th->next) {
        uint32_t zero = 0, slots;

        if (index < TLS_SLOTS) {
            guest_write((void *)(uintptr_t)(th->teb + TEB32_TlsSlots + 4 * index), &zero, 4);
        } else if (guest_read(&slots, (void *)(uintptr_t)(th->teb + TEB32_TlsExpansionSlots), 4) &&
                   slots) {
            guest_write((void *)(uintptr_t)(slots + 4 * (index - TLS_SLOTS)), &zero, 4);
        }
    }
    pthread_mutex_unlock(&thread_lock);
    return STATUS_SUCCESS;
}

static NTSTATUS get_u32(const void *buf, ULONG len, uint32_t *v)
{
    if (len != 4)
        return STATUS_INFO_LENGTH_MISMATCH;
    return guest_read(v, buf, 4) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* The classes that change a thread (the caller validated th). */
static NTSTATUS set_info(struct nt_thread *th, ULONG cls, const void *buf, ULONG len)
{
    uint32_t v;
    NTSTATUS s;

    if (cls == ThreadHideFromDebugger)
        return len ? STATUS_INFO_LENGTH_MISMATCH : STATUS_SUCCESS;
    if ((s = get_u32(buf, len, &v)) != STATUS_SUCCESS)
        return s;
    switch (cls) {
    case ThreadPriority:
        /* KPRIORITY: the dynamic levels 1-31 (the host scheduler does not
         * follow: the value is only kept). */
        if ((LONG)v < 1 || (LONG)v > 31)
            return STATUS_INVALID_PARAMETER;
        th->priority = (LONG)v;
        return STATUS_SUCCESS;
    case ThreadBasePriority:
        /* An increment on the process's base: -2..2, or saturated to the
         * class's lowest or highest level. */
        if ((LONG)v == BASE_PRIORITY_SATURATE)
            th->priority = 15;
        else if ((LONG)v == -BASE_PRIORITY_SATURATE)
            th->priority = 1;
        else if ((LONG)v >= -BASE_PRIORITY_MAX && (LONG)v <= BASE_PRIORITY_MAX)
            th->priority = PROCESS_BASE_PRIORITY + (LONG)v;
        else
            return STATUS_INVALID_PARAMETER;
        th->base_priority = (LONG)v;
        return STATUS_SUCCESS;
    case ThreadAffinityMask: {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        uint32_t all = n <= 0 ? 1 : n >= 32 ? 0xFFFFFFFFu : (1u << n) - 1;

        /* Kept, not applied: the host schedules the thread anywhere. */
        if (!v || (v & ~all))
            return STATUS_INVALID_PARAMETER;
        th->affinity = v;
        return STATUS_SUCCESS;
    }
    case ThreadQuerySetWin32StartAddress:
        th->start = v;
        return STATUS_SUCCESS;
    case ThreadIdealProcessor: {
        /* Returns the previous ideal processor as its status;
         * MAXIMUM_PROCESSORS only asks. */
        uint32_t prev = th->ideal_processor;

        if (v > MAXIMUM_PROCESSORS)
            return STATUS_INVALID_PARAMETER;
        if (v < MAXIMUM_PROCESSORS)
            th->ideal_processor = v;
        return (NTSTATUS)prev;
    }
    default:
        log_fixme("ntdll", "NtSetInformationThread", "class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
}

/* The classes that change a thread (ThreadZeroTlsCell: every thread). */
NTSTATUS svc_NtSetInformationThread(HANDLE h, ULONG cls, void *buf, ULONG len)
{
    struct nt_thread *th;
    NTSTATUS s;

    if (!(th = thread_get(h, &s)))
        return s;
    if (cls == ThreadZeroTlsCell) {
        uint32_t index;

        if ((s = get_u32(buf, len, &index)) == STATUS_SUCCESS)
            s = zero_tls_cell(index);
    } else {
        pthread_mutex_lock(&thread_lock);
        s = set_info(th, cls, buf, len);
        pthread_mutex_unlock(&thread_lock);
    }
    thread_release(th);
    return s;
}

/* A handle to one of this process's threads, by its id. */
NTSTATUS svc_NtOpenThread(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, CLIENT_ID *cid)
{
    struct nt_thread *found = NULL;
    uint32_t pid, tid;
    NTSTATUS s;

    (void)access;
    (void)attr;
    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if (!cid)
        return STATUS_INVALID_PARAMETER_MIX;
    pid = (uint32_t)(uintptr_t)cid->UniqueProcess;
    tid = (uint32_t)(uintptr_t)cid->UniqueThread;
    /* Only this process's threads: a child's are its own host's. */
    if (pid && pid != nt_process.pid)
        return STATUS_INVALID_CID;
    pthread_mutex_lock(&thread_lock);
    for (struct nt_thread *th = thread_list; th; th = th->next)
        if (th->tid == tid && !th->exited) {
            found = th;
            object_ref(&th->w.hdr);
            break;
        }
    pthread_mutex_unlock(&thread_lock);
    if (!found)
        return STATUS_INVALID_CID;
    if ((s = handle_alloc(&found->w.hdr, out)) != STATUS_SUCCESS)
        thread_release(found);
    return s;
}

/* A user APC for a thread of this process (sync.c runs it). */
NTSTATUS svc_NtQueueApcThread(HANDLE h, void *routine, void *a1, void *a2, void *a3)
{
    struct nt_thread *th;
    NTSTATUS s;

    if (!(th = thread_get(h, &s)))
        return s;
    pthread_mutex_lock(&thread_lock);
    if (th->exited)
        s = STATUS_UNSUCCESSFUL;
    else
        s = sync_queue_apc(th->cpu, (uint32_t)(uintptr_t)routine, (uint32_t)(uintptr_t)a1,
                           (uint32_t)(uintptr_t)a2, (uint32_t)(uintptr_t)a3);
    pthread_mutex_unlock(&thread_lock);
    thread_release(th);
    return s;
}
