/* The frame-based handlers MSVC's __try/__except/__finally compile to on
 * x86: _except_handler3 (msvcrt.dll, "EH3") and _except_handler4_common
 * (msvcrt.dll of Vista and later, vcruntime140.dll, "EH4"), with their
 * unwind helpers _local_unwind2, _local_unwind4, _global_unwind2 and
 * _abnormal_termination.
 *
 * The compiler lays out, below the function's EBP (the layout Matt
 * Pietrek's "A Crash Course on the Depths of Win32 Structured Exception
 * Handling" and the EH4 write-ups describe):
 *   [ebp-18h] the ESP saved after the prologue (the handler reloads it)
 *   [ebp-14h] EXCEPTION_POINTERS *, set for GetExceptionInformation()
 *   [ebp-10h] the registration record linked into fs:[0]:
 *             Next, Handler, ScopeTable, TryLevel ([ebp-4])
 * so the registration record is EBP - 16. The scope table holds one
 * { EnclosingLevel, FilterFunc, HandlerFunc } per __try; FilterFunc is
 * NULL for a __finally. TryLevel -1 (EH3) or -2 (EH4) means outside any
 * __try. EH4 stores the scope-table pointer XORed with the image's
 * __security_cookie and puts four cookie offsets before the records; the
 * GS and EH cookies in the frame are checked through the cookie-check
 * function before any handler code runs.
 *
 * Filters and __finally blocks are pieces of the function: they run with
 * the function's EBP and return with RET (EAX = the filter's verdict). An
 * __except block is entered by a jump with that EBP; its code reloads ESP
 * from [ebp-18h]. */
#include "crtio.h"

/* i386 guest code only (the host unit tests build the rest of the CRT). */
#if defined(__i386__) && !defined(CRT_HOST_TEST)

#define EXCEPTION_UNWINDING 0x2
#define EXCEPTION_EXIT_UNWIND 0x4
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)
#define EXC_CONTINUE_EXECUTION 0    /* ExceptionContinueExecution */
#define EXC_CONTINUE_SEARCH 1       /* ExceptionContinueSearch */
#define EH3_TOP (-1)
#define EH4_TOP (-2)

struct scope_record {
    int enclosing;
    void *filter;       /* NULL: a __finally block */
    void *handler;
};

struct eh_frame {       /* the registration record at [ebp-10h] */
    struct eh_frame *next;
    void *handler;
    uintptr_t scopetable;
    int trylevel;
};

struct eh4_scopetable {
    int gs_cookie_offset;       /* -2: no GS cookie */
    int gs_cookie_xor_offset;
    int eh_cookie_offset;
    int eh_cookie_xor_offset;
    struct scope_record records[];
};

WINIMPORT void WINAPI RtlUnwind(void *frame, void *target_ip, EXCEPTION_RECORD *rec, void *retval);

/* Calls code of the function owning the frame, with its EBP; keeps our
 * callee-saved registers. Returns EAX. */
int crt_eh_call(void *code, void *ebp);
__asm__(".text\n.globl _crt_eh_call\n_crt_eh_call:\n\t"
        "pushl %ebp\n\t"
        "pushl %ebx\n\t"
        "pushl %esi\n\t"
        "pushl %edi\n\t"
        "movl 20(%esp), %eax\n\t"
        "movl 24(%esp), %ebp\n\t"
        "call *%eax\n\t"
        "popl %edi\n\t"
        "popl %esi\n\t"
        "popl %ebx\n\t"
        "popl %ebp\n\t"
        "ret\n");

/* Enters an __except block: EBP is the function's, the other registers
 * zero (as the Microsoft runtime leaves them); never returns. */
void crt_eh_jump(void *code, void *ebp) __attribute__((noreturn));
__asm__(".text\n.globl _crt_eh_jump\n_crt_eh_jump:\n\t"
        "movl 4(%esp), %ecx\n\t"
        "movl 8(%esp), %ebp\n\t"
        "xorl %eax, %eax\n\t"
        "xorl %ebx, %ebx\n\t"
        "xorl %edx, %edx\n\t"
        "xorl %esi, %esi\n\t"
        "xorl %edi, %edi\n\t"
        "jmp *%ecx\n");

/* The cookie check function is __fastcall (ECX = the value). */
static void check_cookie(void *check, uintptr_t value)
{
    __asm__ volatile("call *%1" : "+c"(value) : "r"(check) : "eax", "edx", "memory", "cc");
}

static char *frame_ebp(struct eh_frame *frame)
{
    return (char *)frame + 16;
}

/* A registration record of our own around __finally calls, so that
 * _abnormal_termination can tell an unwind from the normal path. */
struct unwind_mark {
    struct unwind_mark *next;
    void *handler;
    struct eh_frame *frame;
    int level;
};

static int __cdecl unwind_mark_handler(EXCEPTION_RECORD *rec, void *frame, void *ctx,
                                       void *dispatch)
{
    return EXC_CONTINUE_SEARCH;
}

static struct unwind_mark *seh_head(void)
{
    struct unwind_mark *p;

    __asm__ volatile("movl %%fs:0, %0" : "=r"(p));
    return p;
}

static void seh_set_head(void *p)
{
    __asm__ volatile("movl %0, %%fs:0" : : "r"(p) : "memory");
}

/* Runs the __finally blocks of the frame's try levels from the current one
 * out to (not including) `stop`. */
static void local_unwind(struct eh_frame *frame, const struct scope_record *records, int stop,
                         int top)
{
    struct unwind_mark mark;

    mark.next = seh_head();
    mark.handler = (void *)unwind_mark_handler;
    mark.frame = frame;
    mark.level = stop;
    seh_set_head(&mark);
    while (frame->trylevel != top && frame->trylevel != stop) {
        const struct scope_record *r = &records[frame->trylevel];
        frame->trylevel = r->enclosing;
        if (!r->filter)
            crt_eh_call(r->handler, frame_ebp(frame));
    }
    seh_set_head(mark.next);
}

void __cdecl _local_unwind2(struct eh_frame *frame, int stop)
{
    local_unwind(frame, (const struct scope_record *)frame->scopetable, stop, EH3_TOP);
}

/* _local_unwind4(cookie pointer, frame, stop level). */
void __cdecl _local_unwind4(uintptr_t *cookie, struct eh_frame *frame, int stop)
{
    const struct eh4_scopetable *t = (const void *)(frame->scopetable ^ *cookie);

    local_unwind(frame, t->records, stop, EH4_TOP);
}

/* Unwinds every frame above `frame` (their __finally blocks run). */
void __cdecl _global_unwind2(void *frame)
{
    RtlUnwind(frame, NULL, NULL, NULL);
}

/* longjmp's first step (setjmp.c): unwinds the frames registered since
 * setjmp, when the saved registration is still on the chain. */
void __cdecl crt_longjmp_unwind(struct eh_frame *target)
{
    struct eh_frame *f = (struct eh_frame *)seh_head();

    while (f != (struct eh_frame *)-1 && f != target)
        f = f->next;
    if (f == target)
        RtlUnwind(target, NULL, NULL, NULL);
}

/* Nonzero inside a __finally block run by an unwind. */
int __cdecl _abnormal_termination(void)
{
    struct unwind_mark *m = seh_head();

    return m != (void *)-1 && m->handler == (void *)unwind_mark_handler;
}

/* The search phase shared by EH3 and EH4: runs the filters from the
 * current try level outwards. On EXCEPTION_EXECUTE_HANDLER it unwinds the
 * frames above, then this frame's inner levels, and enters the __except
 * block; it returns only to continue the search or the execution. */
static int dispatch(EXCEPTION_RECORD *rec, struct eh_frame *frame, void *ctx,
                    const struct scope_record *records, int top, uintptr_t *cookie,
                    void *check, const struct eh4_scopetable *t4)
{
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    char *ebp = frame_ebp(frame);
    int level, verdict;

    /* [ebp-14h], read by the filters while this call is active. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
    ((EXCEPTION_POINTERS **)frame)[-1] = &ptrs;
#pragma GCC diagnostic pop
    for (level = frame->trylevel; level != top; level = records[level].enclosing) {
        const struct scope_record *r = &records[level];
        if (!r->filter)
            continue;
        verdict = crt_eh_call(r->filter, ebp);
        if (verdict < 0)
            return EXC_CONTINUE_EXECUTION;
        if (verdict == 0)
            continue;
        /* EXCEPTION_EXECUTE_HANDLER */
        _global_unwind2(frame);
        if (t4) {
            _local_unwind4(cookie, frame, level);
            if (t4->gs_cookie_offset != -2)
                check_cookie(check, *(uintptr_t *)(ebp + t4->gs_cookie_offset) ^
                                        (uintptr_t)(ebp + t4->gs_cookie_xor_offset));
            check_cookie(check, *(uintptr_t *)(ebp + t4->eh_cookie_offset) ^
                                    (uintptr_t)(ebp + t4->eh_cookie_xor_offset));
        } else {
            _local_unwind2(frame, level);
        }
        frame->trylevel = r->enclosing;
        crt_eh_jump(r->handler, ebp);
    }
    return EXC_CONTINUE_SEARCH;
}

int __cdecl _except_handler3(EXCEPTION_RECORD *rec, struct eh_frame *frame, void *ctx,
                             void *dispatcher)
{
    const struct scope_record *records = (const void *)frame->scopetable;

    __asm__ volatile("cld");
    if (rec->ExceptionFlags & EXCEPTION_UNWIND) {
        _local_unwind2(frame, EH3_TOP);
        return EXC_CONTINUE_SEARCH;
    }
    return dispatch(rec, frame, ctx, records, EH3_TOP, NULL, NULL, NULL);
}

/* _except_handler4_common(&__security_cookie, __security_check_cookie,
 * record, frame, context, dispatcher context): what the _except_handler4
 * stub linked into each MSVC program calls. */
int __cdecl _except_handler4_common(uintptr_t *cookie, void *check, EXCEPTION_RECORD *rec,
                                    struct eh_frame *frame, void *ctx, void *dispatcher)
{
    const struct eh4_scopetable *t = (const void *)(frame->scopetable ^ *cookie);
    char *ebp = frame_ebp(frame);

    __asm__ volatile("cld");
    if (t->gs_cookie_offset != -2)
        check_cookie(check, *(uintptr_t *)(ebp + t->gs_cookie_offset) ^
                                (uintptr_t)(ebp + t->gs_cookie_xor_offset));
    check_cookie(check, *(uintptr_t *)(ebp + t->eh_cookie_offset) ^
                            (uintptr_t)(ebp + t->eh_cookie_xor_offset));
    if (rec->ExceptionFlags & EXCEPTION_UNWIND) {
        if (frame->trylevel != EH4_TOP)
            _local_unwind4(cookie, frame, EH4_TOP);
        return EXC_CONTINUE_SEARCH;
    }
    return dispatch(rec, frame, ctx, t->records, EH4_TOP, cookie, check, t);
}

/* _except_handler2, the VC 2.0-era handler: the EH3 record without the
 * saved ESP; its scope records are laid out alike. */
int __cdecl _except_handler2(EXCEPTION_RECORD *rec, struct eh_frame *frame, void *ctx,
                             void *dispatcher)
{
    CRT_FIXME("_except_handler2");
    return EXC_CONTINUE_SEARCH;
}

#endif
