/* NtDuplicateObject within this process: another handle to the same
 * object (the pseudo-handle of the current thread becomes a real one). */
#include "thread.h"

#include "log.h"

#define DUPLICATE_CLOSE_SOURCE 0x1u
#define DUPLICATE_SAME_ATTRIBUTES 0x4u

/* Another handle to an object of this process (-2: the calling thread). */
NTSTATUS svc_NtDuplicateObject(HANDLE src_process, HANDLE src, HANDLE dst_process, HANDLE *dst,
                               ULONG access, ULONG attributes, ULONG options)
{
    struct nt_object *obj;
    HANDLE h;
    NTSTATUS s;

    ULONG flags = attributes & OBJ_INHERIT ? 1 : 0;

    (void)access;
    if (src_process != NtCurrentProcess() ||
        (dst_process != NtCurrentProcess() && (dst_process || !(options & DUPLICATE_CLOSE_SOURCE)))) {
        log_fixme("ntdll", "NtDuplicateObject", "handles of other processes are not implemented");
        return STATUS_NOT_IMPLEMENTED;
    }
    /* No target process: only closes the source. */
    if (!dst_process)
        return handle_close(src);
    if (src == NtCurrentThread()) {
        struct nt_thread *th = thread_of(cpu_current());

        if (!th)
            return STATUS_INVALID_HANDLE;
        obj = &th->w.hdr;
        object_ref(obj);
    } else if (src == NtCurrentProcess()) {
        log_fixme("ntdll", "NtDuplicateObject", "a real handle to the current process is not implemented");
        return STATUS_NOT_IMPLEMENTED;
    } else if (!(obj = handle_get(src, NT_OBJECT_ANY, &s))) {
        return s;
    } else if (options & DUPLICATE_SAME_ATTRIBUTES) {
        handle_flags(src, &flags, 0, 0); /* inherit and protect, as the source has them */
    }
    if ((s = handle_alloc_flags(obj, flags, &h)) != STATUS_SUCCESS) {
        object_release(obj);
        return s;
    }
    if (options & DUPLICATE_CLOSE_SOURCE)
        handle_close(src);
    /* A NULL target: the duplicate has nowhere to go. */
    if (dst)
        *dst = h;
    else
        handle_close(h);
    return STATUS_SUCCESS;
}
