/* The current process: its end (from any thread), information queries,
 * guest logging; the same services on child process handles (spawn.c). */
#include "object.h"
#include "console.h"
#include "thread.h"

#include <string.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"
#include "../thunks/thunks.h"

#define ProcessBasicInformation 0
#define ProcessWow64Information 26

struct nt_process nt_process;

/* Ends the guest process with code, from any thread: the other threads
 * are asked to terminate, and the calling one unwinds to its exit frame;
 * wow64_run returns in the main thread once every thread is gone. Without
 * wow64_run waiting (an embedder's wow64_call), the host process ends. */
_Noreturn void nt_exit_process(uint32_t code)
{
    struct cpu_thread *t = cpu_current();

    thunks_trace_exit();
    console_restore();
    thread_end_process(code);
    if (thread_process_has_runner())
        thread_unwind(t, THREAD_EXIT_PROCESS, nt_process.exit_code);
    code = nt_process.exit_code;
    registry_process_exit();
    _exit((code & 0xff) ? (int)(code & 0xff) : (code ? 255 : 0));
}

NTSTATUS svc_NtTerminateProcess(HANDLE h, LONG code)
{
    /* NULL: terminate every other thread of the process and wait until
     * they are gone, as RtlExitUserProcess does first. */
    if (!h)
        return thread_terminate_others((uint32_t)code);
    if (h != NtCurrentProcess()) {
        NTSTATUS s;
        struct nt_child *c = child_get(h, false, &s);

        if (!c)
            return s;
        s = child_terminate(c, (uint32_t)code);
        object_release(&c->hdr);
        return s;
    }
    nt_exit_process((uint32_t)code);
}

static NTSTATUS put_info(void *buf, ULONG len, const void *data, ULONG size, void *retlen)
{
    if (retlen && !guest_write(retlen, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    if (len != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    return guest_write(buf, data, size) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* A child's information: its exit status (STILL_ACTIVE, which is
 * STATUS_PENDING, while it runs) and its pid. */
static NTSTATUS child_info(HANDLE h, ULONG cls, void *buf, ULONG len, void *retlen)
{
    struct nt_child *c;
    NTSTATUS s;

    if (!(c = child_get(h, false, &s)))
        return s;
    if (cls == ProcessBasicInformation) {
        bool exited = child_poll(c);
        /* ExitStatus, PebBaseAddress (not ours to know), AffinityMask,
         * BasePriority, UniqueProcessId, InheritedFromUniqueProcessId */
        ULONG pbi[6] = { exited ? c->exit_code : (ULONG)STATUS_PENDING, 0, 1, 8, (ULONG)c->pid,
                         nt_process.pid };
        s = put_info(buf, len, pbi, sizeof pbi, retlen);
    } else {
        log_fixme("ntdll", "NtQueryInformationProcess", "class %u on a child not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
    object_release(&c->hdr);
    return s;
}

NTSTATUS svc_NtQueryInformationProcess(HANDLE h, ULONG cls, void *buf, ULONG len, void *retlen)
{
    if (h != NtCurrentProcess())
        return child_info(h, cls, buf, len, retlen);
    switch (cls) {
    case ProcessBasicInformation: {
        ULONG pbi[6] = { (ULONG)STATUS_PENDING, nt_process.peb32, 1, 8, nt_process.pid,
                         (ULONG)getppid() };
        return put_info(buf, len, pbi, sizeof pbi, retlen);
    }
    case ProcessWow64Information: {
        /* A 32-bit caller gets a 32-bit ULONG_PTR: the PEB32 address. */
        ULONG peb = nt_process.peb32;
        return put_info(buf, len, &peb, sizeof peb, retlen);
    }
    default:
        log_fixme("ntdll", "NtQueryInformationProcess", "class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
}

/* The calling thread's file-system redirection value (TLS slot 8 of the
 * 64-bit TEB on Windows: WOW64_TLS_FILESYSREDIR), stored verbatim; the
 * previous value comes back through old. */
NTSTATUS svc_RtlWow64EnableFsRedirectionEx(ULONG disable, void **old)
{
    struct cpu_thread *t = cpu_current();

    if (!old)
        return STATUS_ACCESS_VIOLATION;
    *old = (void *)(uintptr_t)t->fs_redirect_disabled;
    t->fs_redirect_disabled = disable;
    return STATUS_SUCCESS;
}

/* Private service: guest DLLs report FIXMEs (0), errors (1), traces (2). */
NTSTATUS svc_Wow64LogMessage(ULONG level, const char *guest_msg)
{
    char msg[1024];
    long n = guest_strnlen(guest_msg, sizeof msg - 1);

    if (n < 0)
        return STATUS_ACCESS_VIOLATION;
    if (!guest_read(msg, guest_msg, (size_t)n))
        return STATUS_ACCESS_VIOLATION;
    msg[n] = 0;
    if (n && msg[n - 1] == '\n')
        msg[--n] = 0;
    if ((level == 0 && log_enabled("fixme")) || level == 1 || (level == 2 && log_enabled("trace")))
        log_printf("%s\n", msg);
    return STATUS_SUCCESS;
}
