/* Structured exception handling, the guest half: KiUserExceptionDispatcher
 * (where the host delivers faults and NtRaiseException), the dispatcher
 * that runs vectored handlers and then the fs:[0] chain of
 * EXCEPTION_REGISTRATION_RECORDs, RtlRaiseException, RtlUnwind,
 * RtlCaptureContext, the vectored handler lists and the process's
 * unhandled-exception filter.
 *
 * The rules are Windows x86's (Matt Pietrek's "A Crash Course on the
 * Depths of Win32 Structured Exception Handling" describes them):
 *  - every frame on the chain must lie inside the thread's stack
 *    [StackLimit, StackBase) and be 4-aligned, else the search stops with
 *    EXCEPTION_STACK_INVALID;
 *  - a handler is called through a helper that registers a frame of its
 *    own, so that an exception raised inside the handler finds it and is
 *    reported as ExceptionNestedException (during dispatch) or
 *    ExceptionCollidedUnwind (during an unwind);
 *  - ExceptionContinueExecution on a noncontinuable exception raises
 *    STATUS_NONCONTINUABLE_EXCEPTION; an unknown disposition raises
 *    STATUS_INVALID_DISPOSITION.
 * When the chain is exhausted the filter set by
 * RtlSetUnhandledExceptionFilter decides (kernel32 registers its
 * UnhandledExceptionFilter there), standing in for the top-level frame
 * Windows' thread start routine installs; what nobody handles goes back to
 * the host as NtRaiseException(FirstChance = FALSE): a crash report, and
 * the exception code as the exit status. */
#include "ntdll_private.h"

NTSYSAPI NTSTATUS NTAPI NtContinue(CONTEXT *Context, BOOLEAN TestAlert);
NTSYSAPI NTSTATUS NTAPI NtRaiseException(EXCEPTION_RECORD *Record, CONTEXT *Context,
                                         BOOLEAN FirstChance);

#define STATUS_UNWIND_CODE ((NTSTATUS)0xC0000027)
#define STATUS_BAD_STACK_CODE ((NTSTATUS)0xC0000028)
#define STATUS_INVALID_UNWIND_TARGET_CODE ((NTSTATUS)0xC0000029)

#define CHAIN_END ((EXCEPTION_REGISTRATION_RECORD *)(LONG_PTR)-1)

typedef LONG (WINAPI *TOP_LEVEL_FILTER)(EXCEPTION_POINTERS *);

/* The frame the call helper registers around a handler: the record, and
 * the frame whose handler runs. */
struct nested_frame {
    EXCEPTION_REGISTRATION_RECORD frame;
    EXCEPTION_REGISTRATION_RECORD *establisher;
};

/* exc_call_handler(record, frame, context, &dispatcher, handler, nested):
 * calls handler(record, frame, context, &dispatcher) (cdecl, though a
 * stdcall handler works as well: ESP comes back from EBP) with a
 * nested_frame whose handler is `nested` linked on fs:[0] meanwhile. */
DWORD exc_call_handler(EXCEPTION_RECORD *rec, EXCEPTION_REGISTRATION_RECORD *frame,
                       CONTEXT *ctx, void *dispatch, PEXCEPTION_ROUTINE handler,
                       PEXCEPTION_ROUTINE nested) __asm__("exc_call_handler");
__asm__(".text\n"
        ".p2align 4\n"
        "exc_call_handler:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "pushl %ebx\n\t"
        "pushl %esi\n\t"
        "pushl %edi\n\t"
        "pushl 12(%ebp)\n\t"            /* nested_frame.establisher = frame */
        "pushl 28(%ebp)\n\t"            /* .frame.Handler = nested */
        "pushl %fs:0\n\t"               /* .frame.Next */
        "movl %esp, %fs:0\n\t"
        "pushl 20(%ebp)\n\t"            /* dispatcher context */
        "pushl 16(%ebp)\n\t"            /* context */
        "pushl 12(%ebp)\n\t"            /* establisher frame */
        "pushl 8(%ebp)\n\t"             /* record */
        "call *24(%ebp)\n\t"
        "movl -24(%ebp), %ecx\n\t"      /* unlink our frame */
        "movl %ecx, %fs:0\n\t"
        "leal -12(%ebp), %esp\n\t"
        "popl %edi\n\t"
        "popl %esi\n\t"
        "popl %ebx\n\t"
        "popl %ebp\n\t"
        "ret\n");

/* RtlCaptureContext: the caller's registers as they will be when this
 * returns (EIP the return address, ESP past the argument). */
__asm__(".text\n"
        ".globl _RtlCaptureContext@4\n"
        ".p2align 4\n"
        "_RtlCaptureContext@4:\n\t"
        "pushl %eax\n\t"
        "movl 8(%esp), %eax\n\t"        /* the CONTEXT */
        "movl $0x10007, (%eax)\n\t"     /* ContextFlags = CONTEXT_FULL */
        "movl %edi, 0x9c(%eax)\n\t"     /* ctx->Edi */
        "movl %esi, 0xa0(%eax)\n\t"     /* ctx->Esi */
        "movl %ebx, 0xa4(%eax)\n\t"     /* ctx->Ebx */
        "movl %edx, 0xa8(%eax)\n\t"     /* ctx->Edx */
        "movl %ecx, 0xac(%eax)\n\t"     /* ctx->Ecx */
        "popl 0xb0(%eax)\n\t"           /* ctx->Eax */
        "movl %ebp, 0xb4(%eax)\n\t"     /* ctx->Ebp */
        "movl (%esp), %ecx\n\t"
        "movl %ecx, 0xb8(%eax)\n\t"     /* ctx->Eip = the return address */
        "leal 8(%esp), %ecx\n\t"
        "movl %ecx, 0xc4(%eax)\n\t"     /* ctx->Esp after ret $4 */
        "pushfl\n\t"
        "popl 0xc0(%eax)\n\t"           /* ctx->EFlags */
        "xorl %ecx, %ecx\n\t"
        "movw %cs, %cx\n\t"
        "movl %ecx, 0xbc(%eax)\n\t"     /* ctx->SegCs */
        "movw %ss, %cx\n\t"
        "movl %ecx, 0xc8(%eax)\n\t"     /* ctx->SegSs */
        "movw %ds, %cx\n\t"
        "movl %ecx, 0x98(%eax)\n\t"     /* ctx->SegDs */
        "movw %es, %cx\n\t"
        "movl %ecx, 0x94(%eax)\n\t"     /* ctx->SegEs */
        "movw %fs, %cx\n\t"
        "movl %ecx, 0x90(%eax)\n\t"     /* ctx->SegFs */
        "movw %gs, %cx\n\t"
        "movl %ecx, 0x8c(%eax)\n\t"     /* ctx->SegGs */
        "ret $4\n");

NT_STATIC_ASSERT_OFFSET(CONTEXT, SegGs, 0x8c);
NT_STATIC_ASSERT_OFFSET(CONTEXT, Edi, 0x9c);
NT_STATIC_ASSERT_OFFSET(CONTEXT, Eax, 0xb0);
NT_STATIC_ASSERT_OFFSET(CONTEXT, Ebp, 0xb4);
NT_STATIC_ASSERT_OFFSET(CONTEXT, Eip, 0xb8);
NT_STATIC_ASSERT_OFFSET(CONTEXT, EFlags, 0xc0);
NT_STATIC_ASSERT_OFFSET(CONTEXT, Esp, 0xc4);
NT_STATIC_ASSERT_OFFSET(CONTEXT, SegSs, 0xc8);
NT_STATIC_ASSERT_OFFSET(CONTEXT, ExtendedRegisters, 0xcc);
_Static_assert(sizeof(CONTEXT) == 0x2cc, "CONTEXT");
NT_STATIC_ASSERT_OFFSET(EXCEPTION_RECORD, ExceptionAddress, 0x0c);
NT_STATIC_ASSERT_OFFSET(EXCEPTION_RECORD, NumberParameters, 0x10);
NT_STATIC_ASSERT_OFFSET(EXCEPTION_RECORD, ExceptionInformation, 0x14);
_Static_assert(sizeof(EXCEPTION_RECORD) == 0x50, "EXCEPTION_RECORD");

/* --- Vectored handlers ------------------------------------------------- */

/* An entry stays linked while a call to it is in progress (refs), so
 * that removal from another thread, or by the handler itself, never pulls
 * the list from under a walk. */
struct vectored {
    LIST_ENTRY entry;
    PVECTORED_EXCEPTION_HANDLER handler;
    ULONG refs;    /* one for the list while not removed, one per call */
    BOOL removed;
};

static LIST_ENTRY exception_handlers = { &exception_handlers, &exception_handlers };
static LIST_ENTRY continue_handlers = { &continue_handlers, &continue_handlers };
static RTL_CRITICAL_SECTION vectored_lock = { (PRTL_CRITICAL_SECTION_DEBUG)(LONG_PTR)-1, -1, 0,
                                              0, 0, 0 };

/* Drops a reference; the last one unlinks and frees. Lock held. */
static void vectored_release(struct vectored *v)
{
    if (--v->refs)
        return;
    v->entry.Blink->Flink = v->entry.Flink;
    v->entry.Flink->Blink = v->entry.Blink;
    RtlFreeHeap(nt_peb()->ProcessHeap, 0, v);
}

static void *vectored_add(LIST_ENTRY *list, ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    struct vectored *v = RtlAllocateHeap(nt_peb()->ProcessHeap, 0, sizeof *v);
    LIST_ENTRY *at;

    if (!v)
        return NULL;
    v->handler = handler;
    v->refs = 1;
    v->removed = FALSE;
    RtlEnterCriticalSection(&vectored_lock);
    /* First: at the head; otherwise before the head, i.e. at the tail. */
    at = first ? list->Flink : list;
    v->entry.Flink = at;
    v->entry.Blink = at->Blink;
    at->Blink->Flink = &v->entry;
    at->Blink = &v->entry;
    RtlLeaveCriticalSection(&vectored_lock);
    return v;
}

static ULONG vectored_remove(LIST_ENTRY *list, void *handle)
{
    ULONG found = 0;

    RtlEnterCriticalSection(&vectored_lock);
    for (LIST_ENTRY *p = list->Flink; p != list; p = p->Flink) {
        struct vectored *v = CONTAINING_RECORD(p, struct vectored, entry);

        if (v == handle && !v->removed) {
            v->removed = TRUE;
            vectored_release(v);
            found = 1;
            break;
        }
    }
    RtlLeaveCriticalSection(&vectored_lock);
    return found;
}

/* Calls the handlers of list in order until one returns
 * EXCEPTION_CONTINUE_EXECUTION, which it then returns. */
static LONG vectored_call(LIST_ENTRY *list, EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    LONG ret = EXCEPTION_CONTINUE_SEARCH;
    LIST_ENTRY *p;

    RtlEnterCriticalSection(&vectored_lock);
    p = list->Flink;
    while (p != list && ret != EXCEPTION_CONTINUE_EXECUTION) {
        struct vectored *v = CONTAINING_RECORD(p, struct vectored, entry);

        if (v->removed) {
            p = p->Flink;
            continue;
        }
        v->refs++;
        RtlLeaveCriticalSection(&vectored_lock);
        ret = v->handler(&ptrs);
        RtlEnterCriticalSection(&vectored_lock);
        p = p->Flink;
        vectored_release(v);
    }
    RtlLeaveCriticalSection(&vectored_lock);
    return ret;
}

/* The vectored handler lists: first != 0 puts the handler at the head. */
PVOID NTAPI RtlAddVectoredExceptionHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    return vectored_add(&exception_handlers, first, handler);
}

ULONG NTAPI RtlRemoveVectoredExceptionHandler(PVOID handle)
{
    return vectored_remove(&exception_handlers, handle);
}

PVOID NTAPI RtlAddVectoredContinueHandler(ULONG first, PVECTORED_EXCEPTION_HANDLER handler)
{
    return vectored_add(&continue_handlers, first, handler);
}

ULONG NTAPI RtlRemoveVectoredContinueHandler(PVOID handle)
{
    return vectored_remove(&continue_handlers, handle);
}

/* --- Raising ----------------------------------------------------------- */

void NTAPI RtlRaiseException(EXCEPTION_RECORD *rec);

/* Raises a noncontinuable exception with code, chained to rec. */
static void __attribute__((noreturn)) raise_chained(NTSTATUS code, EXCEPTION_RECORD *rec)
{
    EXCEPTION_RECORD raised;

    memset(&raised, 0, sizeof raised);
    raised.ExceptionCode = (DWORD)code;
    raised.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
    raised.ExceptionRecord = rec;
    for (;;)
        RtlRaiseException(&raised);
}

/* Raises status as a noncontinuable exception. */
void NTAPI RtlRaiseStatus(NTSTATUS status)
{
    raise_chained(status, NULL);
}

/* --- Dispatch ---------------------------------------------------------- */

static TOP_LEVEL_FILTER unhandled_filter;

/* The filter consulted when no frame takes an exception (kernel32's). */
void NTAPI RtlSetUnhandledExceptionFilter(TOP_LEVEL_FILTER filter)
{
    __atomic_store_n(&unhandled_filter, filter, __ATOMIC_SEQ_CST);
}

/* A registration record the dispatcher may follow: on this thread's
 * stack, aligned, the whole record inside. */
static BOOL frame_valid(const EXCEPTION_REGISTRATION_RECORD *frame)
{
    TEB32 *teb = nt_teb();
    ULONG_PTR p = (ULONG_PTR)frame;

    return !(p & 3) && p >= (ULONG_PTR)teb->StackLimit &&
           p + sizeof(*frame) <= (ULONG_PTR)teb->StackBase;
}

static EXCEPTION_REGISTRATION_RECORD *chain_head(void)
{
    return (EXCEPTION_REGISTRATION_RECORD *)nt_teb()->ExceptionList;
}

/* The handler of the frame around a dispatch-time handler call: an
 * exception raised inside that handler is a nested one. */
static EXCEPTION_DISPOSITION __cdecl nested_dispatch(EXCEPTION_RECORD *rec,
                                                     EXCEPTION_REGISTRATION_RECORD *frame,
                                                     CONTEXT *ctx, void *dispatch)
{
    if (rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))
        return ExceptionContinueSearch;
    *(EXCEPTION_REGISTRATION_RECORD **)dispatch = ((struct nested_frame *)frame)->establisher;
    return ExceptionNestedException;
}

/* The same around an unwind-time handler call: an unwind that reaches
 * it has collided with ours. */
static EXCEPTION_DISPOSITION __cdecl nested_unwind(EXCEPTION_RECORD *rec,
                                                   EXCEPTION_REGISTRATION_RECORD *frame,
                                                   CONTEXT *ctx, void *dispatch)
{
    if (!(rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)))
        return ExceptionContinueSearch;
    *(EXCEPTION_REGISTRATION_RECORD **)dispatch = ((struct nested_frame *)frame)->establisher;
    return ExceptionCollidedUnwind;
}

/* Runs the vectored handlers, then the frame handlers of the chain (not
 * exported, as on Windows). TRUE when one of them asked to continue execution (ctx holds where);
 * FALSE when nobody took the exception. */
static BOOLEAN RtlDispatchException(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    EXCEPTION_REGISTRATION_RECORD *frame, *nested = NULL;

    if (vectored_call(&exception_handlers, rec, ctx) == EXCEPTION_CONTINUE_EXECUTION)
        goto handled;
    for (frame = chain_head(); frame != CHAIN_END; frame = frame->Next) {
        EXCEPTION_REGISTRATION_RECORD *dispatch = NULL;
        DWORD res;

        if (!frame_valid(frame)) {
            rec->ExceptionFlags |= EXCEPTION_STACK_INVALID;
            return FALSE;
        }
        res = exc_call_handler(rec, frame, ctx, &dispatch, frame->Handler,
                               (PEXCEPTION_ROUTINE)nested_dispatch);
        /* Past the frame whose handler was interrupted: no longer nested. */
        if (frame == nested) {
            rec->ExceptionFlags &= ~EXCEPTION_NESTED_CALL;
            nested = NULL;
        }
        switch (res) {
        case ExceptionContinueExecution:
            if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
                raise_chained(STATUS_NONCONTINUABLE_EXCEPTION, rec);
            goto handled;
        case ExceptionContinueSearch:
            break;
        case ExceptionNestedException:
            rec->ExceptionFlags |= EXCEPTION_NESTED_CALL;
            if (dispatch > nested)
                nested = dispatch;
            break;
        default:
            raise_chained(STATUS_INVALID_DISPOSITION, rec);
        }
    }
    return FALSE;
handled:
    vectored_call(&continue_handlers, rec, ctx);
    return TRUE;
}

/* The chain is exhausted: the top-level filter decides between continuing,
 * ending the process quietly, and the host's crash report. Returns only
 * when NtContinue failed. */
static NTSTATUS unhandled_exception(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    TOP_LEVEL_FILTER filter = __atomic_load_n(&unhandled_filter, __ATOMIC_SEQ_CST);
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    LONG ret = filter ? filter(&ptrs) : EXCEPTION_CONTINUE_SEARCH;

    if (ret == EXCEPTION_CONTINUE_EXECUTION) {
        if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
            raise_chained(STATUS_NONCONTINUABLE_EXCEPTION, rec);
        return NtContinue(ctx, FALSE);
    }
    if (ret == EXCEPTION_EXECUTE_HANDLER)
        return NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)rec->ExceptionCode);
    return NtRaiseException(rec, ctx, FALSE);
}

/* Dispatches and never returns: continues in ctx, or ends the process. */
static void __attribute__((noreturn)) dispatch_and_continue(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    NTSTATUS status;

    if (RtlDispatchException(rec, ctx))
        status = NtContinue(ctx, FALSE);
    else
        status = unhandled_exception(rec, ctx);
    /* Only a context NtContinue could not load gets here. */
    raise_chained(status, rec);
}

/* The C half of KiUserExceptionDispatcher. */
void __stdcall exc_user_dispatch(EXCEPTION_RECORD *rec, CONTEXT *ctx) __asm__("exc_user_dispatch");
void __stdcall __attribute__((used, noreturn)) exc_user_dispatch(EXCEPTION_RECORD *rec,
                                                                 CONTEXT *ctx)
{
    dispatch_and_continue(rec, ctx);
}

/* KiUserExceptionDispatcher is jumped to, not called: [esp] is the
 * record, [esp+4] the context, both just above on the stack. */
__asm__(".text\n"
        ".globl _KiUserExceptionDispatcher@8\n"
        ".p2align 4\n"
        "_KiUserExceptionDispatcher@8:\n\t"
        "movl (%esp), %eax\n\t"
        "movl 4(%esp), %ecx\n\t"
        "andl $-16, %esp\n\t"
        "subl $8, %esp\n\t"
        "pushl %ecx\n\t"
        "pushl %eax\n\t"
        "call exc_user_dispatch\n\t"
        "ud2\n");

/* The C half of RtlRaiseException: ctx is the caller's context. */
void __stdcall exc_raise(EXCEPTION_RECORD *rec, CONTEXT *ctx) __asm__("exc_raise");
void __stdcall __attribute__((used, noreturn)) exc_raise(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    rec->ExceptionAddress = (void *)ctx->Eip;
    dispatch_and_continue(rec, ctx);
}

/* RtlRaiseException(record): the context is the caller's as this call
 * returns, so that continuing an exception returns from here. */
__asm__(".text\n"
        ".globl _RtlRaiseException@4\n"
        ".p2align 4\n"
        "_RtlRaiseException@4:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "subl $0x2d0, %esp\n\t"
        "andl $-16, %esp\n\t"
        "pushl %esp\n\t"
        "call _RtlCaptureContext@4\n\t"
        "movl 4(%ebp), %eax\n\t"
        "movl %eax, 0xb8(%esp)\n\t"     /* ctx->Eip = our return address */
        "leal 12(%ebp), %eax\n\t"
        "movl %eax, 0xc4(%esp)\n\t"     /* ctx->Esp after ret $4 */
        "movl 0(%ebp), %eax\n\t"
        "movl %eax, 0xb4(%esp)\n\t"     /* ctx->Ebp = the caller's */
        "movl %esp, %eax\n\t"
        "pushl %eax\n\t"                /* ctx */
        "pushl 8(%ebp)\n\t"             /* record */
        "call exc_raise\n\t"
        "ud2\n");

/* --- Unwinding --------------------------------------------------------- */

/* The C half of RtlUnwind: calls the handler of every frame above
 * target with EXCEPTION_UNWINDING, removing each from the chain, then
 * continues in ctx (the caller's context, EIP target_ip when given) with
 * EAX = retval. */
void __stdcall exc_unwind(EXCEPTION_REGISTRATION_RECORD *target, void *target_ip,
                          EXCEPTION_RECORD *rec, void *retval, CONTEXT *ctx)
    __asm__("exc_unwind");
void __stdcall __attribute__((used, noreturn)) exc_unwind(EXCEPTION_REGISTRATION_RECORD *target,
                                                          void *target_ip,
                                                          EXCEPTION_RECORD *rec, void *retval,
                                                          CONTEXT *ctx)
{
    EXCEPTION_REGISTRATION_RECORD *frame;
    EXCEPTION_RECORD local;
    NTSTATUS status;

    if (!rec) {
        memset(&local, 0, sizeof local);
        local.ExceptionCode = (DWORD)STATUS_UNWIND_CODE;
        local.ExceptionAddress = (void *)ctx->Eip;
        rec = &local;
    }
    rec->ExceptionFlags |= EXCEPTION_UNWINDING | (target ? 0 : EXCEPTION_EXIT_UNWIND);
    ctx->Eax = (DWORD)retval;
    if (target_ip)
        ctx->Eip = (DWORD)target_ip;
    frame = chain_head();
    while (frame != CHAIN_END) {
        EXCEPTION_REGISTRATION_RECORD *dispatch = NULL;
        DWORD res;

        if (frame == target) {
            status = NtContinue(ctx, FALSE);
            raise_chained(status, rec);
        }
        /* The stack grows down: a target below the frame was skipped. */
        if (target && target < frame)
            raise_chained(STATUS_INVALID_UNWIND_TARGET_CODE, rec);
        if (!frame_valid(frame))
            raise_chained(STATUS_BAD_STACK_CODE, rec);
        res = exc_call_handler(rec, frame, ctx, &dispatch, frame->Handler,
                               (PEXCEPTION_ROUTINE)nested_unwind);
        switch (res) {
        case ExceptionContinueSearch:
            break;
        case ExceptionCollidedUnwind:
            /* Another unwind was running the handler that raised: go on
             * from the frame it had reached. */
            frame = dispatch;
            break;
        default:
            raise_chained(STATUS_INVALID_DISPOSITION, rec);
        }
        nt_teb()->ExceptionList = frame->Next;
        frame = frame->Next;
    }
    /* The whole chain is gone: that was the target only for
     * EXCEPTION_CHAIN_END; an exit unwind or a missing target ends here. */
    if (target == CHAIN_END)
        status = NtContinue(ctx, FALSE);
    else
        status = NtRaiseException(rec, ctx, FALSE);
    raise_chained(status, rec);
}

/* RtlUnwind(TargetFrame, TargetIp, ExceptionRecord, ReturnValue). */
__asm__(".text\n"
        ".globl _RtlUnwind@16\n"
        ".p2align 4\n"
        "_RtlUnwind@16:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "subl $0x2d0, %esp\n\t"
        "andl $-16, %esp\n\t"
        "pushl %esp\n\t"
        "call _RtlCaptureContext@4\n\t"
        "movl 4(%ebp), %eax\n\t"
        "movl %eax, 0xb8(%esp)\n\t"     /* ctx->Eip = our return address */
        "leal 24(%ebp), %eax\n\t"
        "movl %eax, 0xc4(%esp)\n\t"     /* ctx->Esp after ret $16 */
        "movl 0(%ebp), %eax\n\t"
        "movl %eax, 0xb4(%esp)\n\t"     /* ctx->Ebp = the caller's */
        "movl %esp, %eax\n\t"
        "pushl %eax\n\t"                /* ctx */
        "pushl 20(%ebp)\n\t"            /* ReturnValue */
        "pushl 16(%ebp)\n\t"            /* ExceptionRecord */
        "pushl 12(%ebp)\n\t"            /* TargetIp */
        "pushl 8(%ebp)\n\t"             /* TargetFrame */
        "call exc_unwind\n\t"
        "ud2\n");
