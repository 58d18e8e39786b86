/* Structured exception handling driven by real CPU faults in 32-bit code,
 * with frames registered by hand on fs:[0]. Expected values are
 * Microsoft's documentation of EXCEPTION_RECORD (access violations:
 * ExceptionInformation[0] 0 read, 1 write, 8 DEP; [1] the address), of
 * the exception codes (winnt.h/ntstatus.h), of the handler dispositions
 * (excpt.h), RtlUnwind, the vectored handlers and the unhandled-exception
 * filter.
 *
 * "seh.exe filter_exec" and "seh.exe raise" end the process through the
 * unhandled-exception path (checked by their exit status and stderr). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

typedef struct reg {
    struct reg *next;
    void *handler;
} REG;

typedef EXCEPTION_DISPOSITION __cdecl handler_fn(EXCEPTION_RECORD *, void *, CONTEXT *, void *);

#define CHAIN_END ((REG *)-1)

static REG *chain_get(void)
{
    REG *r;
    __asm__ volatile("movl %%fs:0, %0" : "=r"(r));
    return r;
}

static void chain_set(REG *r)
{
    __asm__ volatile("movl %0, %%fs:0" : : "r"(r) : "memory");
}

/* The record must be on the stack: the dispatcher ignores frames outside
 * [StackLimit, StackBase). */
static void push_frame(REG *r, handler_fn *h)
{
    r->next = chain_get();
    r->handler = (void *)h;
    chain_set(r);
}

static void pop_frame(REG *r)
{
    chain_set(r->next);
}

/* What the last handler saw. */
static struct {
    DWORD code, flags, nparams, count;
    ULONG_PTR info[EXCEPTION_MAXIMUM_PARAMETERS];
    void *address;
    DWORD eip, esp;
    EXCEPTION_RECORD *chained;
} seen;

/* Where record_and_resume continues, and the EAX it sets (when nonzero). */
static DWORD resume_eip, resume_eax;

static void record(const EXCEPTION_RECORD *rec, const CONTEXT *ctx)
{
    seen.count++;
    seen.code = rec->ExceptionCode;
    seen.flags = rec->ExceptionFlags;
    seen.nparams = rec->NumberParameters;
    memcpy(seen.info, rec->ExceptionInformation, sizeof seen.info);
    seen.address = rec->ExceptionAddress;
    seen.chained = rec->ExceptionRecord;
    seen.eip = ctx->Eip;
    seen.esp = ctx->Esp;
}

static EXCEPTION_DISPOSITION __cdecl record_and_resume(EXCEPTION_RECORD *rec, void *frame,
                                                       CONTEXT *ctx, void *dispatch)
{
    record(rec, ctx);
    ctx->Eip = resume_eip;
    if (resume_eax)
        ctx->Eax = resume_eax;
    return ExceptionContinueExecution;
}

static void reset(DWORD eip, DWORD eax)
{
    memset(&seen, 0, sizeof seen);
    resume_eip = eip;
    resume_eax = eax;
}

/* --- Faults ----------------------------------------------------------- */

extern char null_write_fault[], null_write_resume[];

static __attribute__((noinline)) DWORD null_write(void)
{
    DWORD eax;

    __asm__ volatile("xorl %%ecx, %%ecx\n\t"
                     "movl $1, %%eax\n"
                     ".globl _null_write_fault\n"
                     "_null_write_fault:\n\t"
                     "movl $42, (%%ecx)\n\t"
                     "movl $2, %%eax\n"         /* skipped by the handler */
                     ".globl _null_write_resume\n"
                     "_null_write_resume:\n\t"
                     : "=a"(eax) : : "ecx", "memory");
    return eax;
}

static void test_null_write(void)
{
    REG r;
    DWORD eax;

    reset((DWORD)null_write_resume, 0x5EED);
    push_frame(&r, record_and_resume);
    eax = null_write();
    pop_frame(&r);
    ok(seen.count == 1, "handler called %lu times", seen.count);
    ok(seen.code == EXCEPTION_ACCESS_VIOLATION, "code %#lx", seen.code);
    ok(seen.flags == 0, "flags %#lx", seen.flags);
    ok(seen.nparams == 2, "NumberParameters %lu", seen.nparams);
    ok(seen.info[0] == 1, "ExceptionInformation[0] %lu (1: write)", (DWORD)seen.info[0]);
    ok(seen.info[1] == 0, "ExceptionInformation[1] %#lx", (DWORD)seen.info[1]);
    ok(seen.address == null_write_fault, "ExceptionAddress %p, fault at %p", seen.address,
       null_write_fault);
    ok(seen.eip == (DWORD)null_write_fault, "Eip %#lx", seen.eip);
    ok(eax == 0x5EED, "EAX after resuming %#lx: the edited Eip and Eax took effect", eax);
    ok(chain_get() == r.next, "chain restored");
}

extern char divide_fault[], divide_resume[];

static __attribute__((noinline)) void divide_by_zero(void)
{
    __asm__ volatile("movl $10, %%eax\n\t"
                     "xorl %%edx, %%edx\n\t"
                     "xorl %%ecx, %%ecx\n"
                     ".globl _divide_fault\n"
                     "_divide_fault:\n\t"
                     "divl %%ecx\n"
                     ".globl _divide_resume\n"
                     "_divide_resume:\n\t"
                     : : : "eax", "ecx", "edx");
}

static void test_divide(void)
{
    REG r;

    reset((DWORD)divide_resume, 0);
    push_frame(&r, record_and_resume);
    divide_by_zero();
    pop_frame(&r);
    ok(seen.count == 1, "divide: handler called %lu times", seen.count);
    ok(seen.code == EXCEPTION_INT_DIVIDE_BY_ZERO, "divide: code %#lx", seen.code);
    ok(seen.eip == (DWORD)divide_fault, "divide: Eip %#lx, fault at %p", seen.eip, divide_fault);
}

/* int3: Eip is the breakpoint itself; the handler steps over it. */
static EXCEPTION_DISPOSITION __cdecl step_over(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                               void *dispatch)
{
    record(rec, ctx);
    ctx->Eip += rec->ExceptionCode == EXCEPTION_BREAKPOINT ? 1 : 2;
    return ExceptionContinueExecution;
}

extern char breakpoint_at[], ud2_at[];

static __attribute__((noinline)) int breakpoint(void)
{
    int after = 0;

    __asm__ volatile(".globl _breakpoint_at\n"
                     "_breakpoint_at:\n\t"
                     "int3\n\t"
                     "movl $7, %0\n\t"
                     : "+r"(after));
    return after;
}

static __attribute__((noinline)) int undefined_opcode(void)
{
    int after = 0;

    __asm__ volatile(".globl _ud2_at\n"
                     "_ud2_at:\n\t"
                     "ud2\n\t"
                     "movl $9, %0\n\t"
                     : "+r"(after));
    return after;
}

extern char step_after[];

/* Sets the trap flag: the instruction after popfl traps once it ran. */
static __attribute__((noinline)) void single_step(void)
{
    __asm__ volatile("pushfl\n\t"
                     "orl $0x100, (%%esp)\n\t"
                     "popfl\n\t"
                     "nop\n"
                     ".globl _step_after\n"
                     "_step_after:\n\t"
                     "nop\n\t"
                     "nop\n\t"
                     : : : "memory", "cc");
}

static EXCEPTION_DISPOSITION __cdecl just_continue(EXCEPTION_RECORD *rec, void *frame,
                                                   CONTEXT *ctx, void *dispatch)
{
    record(rec, ctx);
    return ExceptionContinueExecution;
}

static void test_breakpoint_and_ud2(void)
{
    REG r;
    int v;

    reset(0, 0);
    push_frame(&r, step_over);
    v = breakpoint();
    pop_frame(&r);
    ok(seen.code == EXCEPTION_BREAKPOINT, "int3: code %#lx", seen.code);
    ok(seen.address == breakpoint_at, "int3: ExceptionAddress %p, int3 at %p", seen.address,
       breakpoint_at);
    ok(seen.eip == (DWORD)breakpoint_at, "int3: Eip %#lx is the int3", seen.eip);
    ok(v == 7, "int3: execution went on after it (%d)", v);

    reset(0, 0);
    push_frame(&r, step_over);
    v = undefined_opcode();
    pop_frame(&r);
    ok(seen.code == EXCEPTION_ILLEGAL_INSTRUCTION, "ud2: code %#lx", seen.code);
    ok(seen.eip == (DWORD)ud2_at, "ud2: Eip %#lx", seen.eip);
    ok(v == 9, "ud2: execution went on after it (%d)", v);

    reset(0, 0);
    push_frame(&r, just_continue);
    single_step();
    pop_frame(&r);
    ok(seen.count == 1, "single step: %lu exceptions (the trap flag is spent)", seen.count);
    ok(seen.code == EXCEPTION_SINGLE_STEP, "single step: code %#lx", seen.code);
    ok(seen.eip == (DWORD)step_after, "single step: Eip %#lx, after the nop %p", seen.eip,
       step_after);
}

extern char read_fault[], read_resume[], hlt_at[], hlt_resume[];

static __attribute__((noinline)) void read_at(volatile char *p)
{
    __asm__ volatile(".globl _read_fault\n"
                     "_read_fault:\n\t"
                     "movb (%0), %%al\n"
                     ".globl _read_resume\n"
                     "_read_resume:\n\t"
                     : : "r"(p) : "eax", "memory");
}

static __attribute__((noinline)) void halt(void)
{
    __asm__ volatile(".globl _hlt_at\n"
                     "_hlt_at:\n\t"
                     "hlt\n"
                     ".globl _hlt_resume\n"
                     "_hlt_resume:\n\t");
}

/* Returns to the caller of the code that faulted (a call into data). */
static EXCEPTION_DISPOSITION __cdecl return_to_caller(EXCEPTION_RECORD *rec, void *frame,
                                                      CONTEXT *ctx, void *dispatch)
{
    record(rec, ctx);
    ctx->Eip = *(DWORD *)ctx->Esp;
    ctx->Esp += 4;
    return ExceptionContinueExecution;
}

static void test_read_execute_privileged(void)
{
    char *reserved = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_NOACCESS);
    unsigned char *data = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    REG r;

    ok(reserved && data, "VirtualAlloc");
    if (!reserved || !data)
        return;
    reset((DWORD)read_resume, 0);
    push_frame(&r, record_and_resume);
    read_at(reserved + 0x1234);
    pop_frame(&r);
    ok(seen.code == EXCEPTION_ACCESS_VIOLATION, "read: code %#lx", seen.code);
    ok(seen.nparams == 2 && seen.info[0] == 0, "read: NumberParameters %lu, [0] %lu (0: read)",
       seen.nparams, (DWORD)seen.info[0]);
    ok(seen.info[1] == (ULONG_PTR)(reserved + 0x1234), "read: address %#lx, expected %p",
       (DWORD)seen.info[1], reserved + 0x1234);
    ok(seen.eip == (DWORD)read_fault, "read: Eip %#lx", seen.eip);

    /* Data is not code (DEP): a call into a read/write page. */
    data[0] = 0xC3; /* ret */
    reset(0, 0);
    push_frame(&r, return_to_caller);
    ((void (*)(void))data)();
    pop_frame(&r);
    ok(seen.code == EXCEPTION_ACCESS_VIOLATION, "execute: code %#lx", seen.code);
    ok(seen.nparams == 2 && seen.info[0] == 8, "execute: [0] %lu (8: DEP)", (DWORD)seen.info[0]);
    ok(seen.info[1] == (ULONG_PTR)data, "execute: address %#lx, expected %p", (DWORD)seen.info[1],
       data);
    ok(seen.eip == (DWORD)data, "execute: Eip %#lx", seen.eip);

    reset((DWORD)hlt_resume, 0);
    push_frame(&r, record_and_resume);
    halt();
    pop_frame(&r);
    ok(seen.code == EXCEPTION_PRIV_INSTRUCTION, "hlt: code %#lx", seen.code);
    ok(seen.eip == (DWORD)hlt_at, "hlt: Eip %#lx", seen.eip);
    VirtualFree(reserved, 0, MEM_RELEASE);
    VirtualFree(data, 0, MEM_RELEASE);
}

/* --- RaiseException and vectored handlers ----------------------------- */

static char order[16];

static void note(char c)
{
    size_t n = strlen(order);
    if (n < sizeof order - 1)
        order[n] = c;
}

static LONG WINAPI vectored(EXCEPTION_POINTERS *p)
{
    note('V');
    record(p->ExceptionRecord, p->ContextRecord);
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG WINAPI continue_handler(EXCEPTION_POINTERS *p)
{
    note('C');
    return EXCEPTION_CONTINUE_SEARCH;
}

static EXCEPTION_DISPOSITION __cdecl frame_continue(EXCEPTION_RECORD *rec, void *frame,
                                                    CONTEXT *ctx, void *dispatch)
{
    note('S');
    return ExceptionContinueExecution;
}

static void test_raise_and_vectored(void)
{
    ULONG_PTR args[20];
    void *veh, *vch;
    REG r;

    for (int i = 0; i < 20; i++)
        args[i] = i + 1;
    memset(order, 0, sizeof order);
    reset(0, 0);
    veh = AddVectoredExceptionHandler(1, vectored);
    vch = AddVectoredContinueHandler(1, continue_handler);
    ok(veh && vch, "AddVectored{Exception,Continue}Handler");
    push_frame(&r, frame_continue);
    RaiseException(0xE0000001, 0, 3, args);
    pop_frame(&r);
    ok(!strcmp(order, "VSC"), "order %s: vectored, frame, continue handler", order);
    ok(seen.code == 0xE0000001, "vectored: code %#lx", seen.code);
    ok(seen.flags == 0, "vectored: flags %#lx", seen.flags);
    ok(seen.nparams == 3 && seen.info[0] == 1 && seen.info[1] == 2 && seen.info[2] == 3,
       "vectored: %lu parameters %lu %lu %lu", seen.nparams, (DWORD)seen.info[0],
       (DWORD)seen.info[1], (DWORD)seen.info[2]);

    /* More than EXCEPTION_MAXIMUM_PARAMETERS are cut to 15. */
    push_frame(&r, frame_continue);
    RaiseException(0xE0000002, 0, 20, args);
    pop_frame(&r);
    ok(seen.code == 0xE0000002 && seen.nparams == EXCEPTION_MAXIMUM_PARAMETERS &&
           seen.info[14] == 15,
       "20 parameters: %lu kept, last %lu", seen.nparams, (DWORD)seen.info[14]);

    ok(RemoveVectoredExceptionHandler(veh) != 0, "RemoveVectoredExceptionHandler");
    ok(RemoveVectoredExceptionHandler(veh) == 0, "removing twice fails");
    ok(RemoveVectoredContinueHandler(vch) != 0, "RemoveVectoredContinueHandler");
    memset(order, 0, sizeof order);
    push_frame(&r, frame_continue);
    RaiseException(0xE0000003, 0, 0, NULL);
    pop_frame(&r);
    ok(!strcmp(order, "S"), "after removal only the frame: %s", order);
}

/* A vectored handler that takes the exception itself. */
static LONG WINAPI vectored_skip(EXCEPTION_POINTERS *p)
{
    note('V');
    if (p->ExceptionRecord->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    p->ContextRecord->Eip = (DWORD)null_write_resume;
    p->ContextRecord->Eax = 0xABC;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_vectored_continue_execution(void)
{
    void *veh = AddVectoredExceptionHandler(0, vectored_skip);
    DWORD eax;
    REG r;

    memset(order, 0, sizeof order);
    push_frame(&r, frame_continue);
    eax = null_write();
    pop_frame(&r);
    RemoveVectoredExceptionHandler(veh);
    ok(!strcmp(order, "V"), "a vectored handler that continues ends the search: %s", order);
    ok(eax == 0xABC, "EAX %#lx", eax);
}

/* --- Noncontinuable exceptions, unwinding, nesting --------------------- */

static void *escape[5];

static EXCEPTION_DISPOSITION __cdecl insist_on_continuing(EXCEPTION_RECORD *rec, void *frame,
                                                          CONTEXT *ctx, void *dispatch)
{
    record(rec, ctx);
    if (rec->ExceptionCode == STATUS_NONCONTINUABLE_EXCEPTION)
        __builtin_longjmp(escape, 1);
    return ExceptionContinueExecution;
}

static void test_noncontinuable(void)
{
    REG r;

    reset(0, 0);
    push_frame(&r, insist_on_continuing);
    if (!__builtin_setjmp(escape)) {
        RaiseException(0xE0000004, EXCEPTION_NONCONTINUABLE, 0, NULL);
        ok(0, "a noncontinuable exception continued");
    }
    chain_set(r.next);
    ok(seen.count == 2, "noncontinuable: handler called %lu times", seen.count);
    ok(seen.code == STATUS_NONCONTINUABLE_EXCEPTION, "noncontinuable: then %#lx", seen.code);
    ok(seen.flags & EXCEPTION_NONCONTINUABLE, "noncontinuable: flags %#lx", seen.flags);
    ok(seen.chained && seen.chained->ExceptionCode == 0xE0000004,
       "noncontinuable: the original is chained (%p)", seen.chained);
}

static int inner_dispatch_calls, inner_unwind_calls, outer_unwind_calls;
static DWORD inner_unwind_flags, landed_eax;
static REG *chain_after_unwind;

static EXCEPTION_DISPOSITION __cdecl inner_handler(EXCEPTION_RECORD *rec, void *frame,
                                                   CONTEXT *ctx, void *dispatch)
{
    if (rec->ExceptionFlags & EXCEPTION_UNWINDING) {
        inner_unwind_calls++;
        inner_unwind_flags = rec->ExceptionFlags;
    } else {
        inner_dispatch_calls++;
    }
    return ExceptionContinueSearch;
}

/* Unwinds to its own frame and lands just past the RtlUnwind call (the
 * instruction between is skipped), with EAX = the return value. */
static EXCEPTION_DISPOSITION __cdecl outer_handler(EXCEPTION_RECORD *rec, void *frame,
                                                   CONTEXT *ctx, void *dispatch)
{
    DWORD eax;

    if (rec->ExceptionFlags & EXCEPTION_UNWINDING) {
        outer_unwind_calls++;
        return ExceptionContinueSearch;
    }
    __asm__ volatile("pushl $0x77\n\t"
                     "pushl %2\n\t"
                     "pushl $_unwind_landing\n\t"
                     "pushl %1\n\t"
                     "call _RtlUnwind@16\n\t"
                     "movl $0xdead, %%eax\n"
                     "_unwind_landing:\n\t"
                     : "=a"(eax)
                     : "r"(frame), "r"(rec)
                     : "ecx", "edx", "memory");
    landed_eax = eax;
    chain_after_unwind = chain_get();
    __builtin_longjmp(escape, 1);
}

static __attribute__((noinline)) void raise_inside_inner(void)
{
    REG inner;

    push_frame(&inner, inner_handler);
    RaiseException(0xE0000005, 0, 0, NULL);
    pop_frame(&inner);
}

static void test_unwind(void)
{
    REG outer;

    push_frame(&outer, outer_handler);
    if (!__builtin_setjmp(escape)) {
        raise_inside_inner();
        ok(0, "the exception was not unwound");
    }
    chain_set(outer.next);
    ok(inner_dispatch_calls == 1, "unwind: inner frame searched %d times", inner_dispatch_calls);
    ok(inner_unwind_calls == 1, "unwind: inner frame unwound %d times", inner_unwind_calls);
    ok((inner_unwind_flags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) == EXCEPTION_UNWINDING,
       "unwind: flags %#lx", inner_unwind_flags);
    ok(outer_unwind_calls == 0, "unwind: the target frame itself is not unwound");
    ok(landed_eax == 0x77, "unwind: landed at the target with EAX %#lx", landed_eax);
    ok(chain_after_unwind == &outer, "unwind: the chain ends at the target (%p, %p)",
       chain_after_unwind, &outer);
}

static int a_calls, b_calls;
static DWORD a_flags[2], b_codes[2], b_flags[2];
extern char nested_fault[], nested_resume[];

/* Faults on its first call. */
static EXCEPTION_DISPOSITION __cdecl handler_a(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                               void *dispatch)
{
    if (a_calls < 2)
        a_flags[a_calls] = rec->ExceptionFlags;
    if (++a_calls == 1)
        __asm__ volatile("xorl %%eax, %%eax\n"
                         ".globl _nested_fault\n"
                         "_nested_fault:\n\t"
                         "movl $1, (%%eax)\n"
                         ".globl _nested_resume\n"
                         "_nested_resume:\n\t"
                         : : : "eax", "memory");
    return ExceptionContinueSearch;
}

static EXCEPTION_DISPOSITION __cdecl handler_b(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                               void *dispatch)
{
    if (b_calls < 2) {
        b_codes[b_calls] = rec->ExceptionCode;
        b_flags[b_calls] = rec->ExceptionFlags;
    }
    b_calls++;
    if (rec->ExceptionCode == EXCEPTION_ACCESS_VIOLATION && ctx->Eip == (DWORD)nested_fault)
        ctx->Eip = (DWORD)nested_resume;
    return ExceptionContinueExecution;
}

static __attribute__((noinline)) void raise_inside_a(void)
{
    REG a;

    push_frame(&a, handler_a);
    RaiseException(0xE0000006, 0, 0, NULL);
    pop_frame(&a);
}

static void test_nested(void)
{
    REG b;

    push_frame(&b, handler_b);
    raise_inside_a();
    pop_frame(&b);
    ok(a_calls == 2, "nested: inner handler called %d times", a_calls);
    ok(!(a_flags[0] & EXCEPTION_NESTED_CALL), "nested: first call flags %#lx", a_flags[0]);
    ok(a_flags[1] & EXCEPTION_NESTED_CALL, "nested: the exception in its handler reaches it "
       "with EXCEPTION_NESTED_CALL (%#lx)", a_flags[1]);
    ok(b_calls == 2, "nested: outer handler called %d times", b_calls);
    ok(b_codes[0] == EXCEPTION_ACCESS_VIOLATION && b_codes[1] == 0xE0000006,
       "nested: outer saw %#lx then %#lx", b_codes[0], b_codes[1]);
    ok(!(b_flags[0] & EXCEPTION_NESTED_CALL), "nested: past the nested frame the flag is gone "
       "(%#lx)", b_flags[0]);
}

/* --- The unhandled-exception filter ------------------------------------ */

static LONG WINAPI fix_and_continue(EXCEPTION_POINTERS *p)
{
    record(p->ExceptionRecord, p->ContextRecord);
    p->ContextRecord->Eip = (DWORD)null_write_resume;
    p->ContextRecord->Eax = 0xF11;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static EXCEPTION_DISPOSITION __cdecl must_not_run(EXCEPTION_RECORD *rec, void *frame,
                                                  CONTEXT *ctx, void *dispatch)
{
    note('X');
    return ExceptionContinueExecution;
}

static void test_unhandled_filter(void)
{
    LPTOP_LEVEL_EXCEPTION_FILTER prev = SetUnhandledExceptionFilter(fix_and_continue);
    REG *fake, *saved;
    DWORD eax;

    reset(0, 0);
    eax = null_write();
    ok(seen.count == 1 && seen.code == EXCEPTION_ACCESS_VIOLATION,
       "filter: called %lu times, code %#lx", seen.count, seen.code);
    ok(eax == 0xF11, "filter: EXCEPTION_CONTINUE_EXECUTION resumed the edited context (%#lx)",
       eax);

    /* A registration record outside the stack stops the search. */
    fake = HeapAlloc(GetProcessHeap(), 0, sizeof *fake);
    saved = chain_get();
    fake->next = saved;
    fake->handler = (void *)must_not_run;
    memset(order, 0, sizeof order);
    reset(0, 0);
    chain_set(fake);
    eax = null_write();
    chain_set(saved);
    ok(!strcmp(order, ""), "a frame outside the stack is not called (%s)", order);
    ok(seen.count == 1 && (seen.flags & EXCEPTION_STACK_INVALID),
       "the filter sees EXCEPTION_STACK_INVALID (%#lx)", seen.flags);
    HeapFree(GetProcessHeap(), 0, fake);
    ok(SetUnhandledExceptionFilter(prev) == fix_and_continue, "SetUnhandledExceptionFilter "
       "returns the previous filter");
}

/* --- Guard pages and thread context ------------------------------------ */

static EXCEPTION_DISPOSITION __cdecl retry(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                           void *dispatch)
{
    record(rec, ctx);
    return ExceptionContinueExecution;
}

static void test_guard_page(void)
{
    volatile char *p = VirtualAlloc(NULL, 0x2000, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION mbi;
    DWORD old;
    REG r;
    char c;

    ok(p != NULL, "VirtualAlloc");
    if (!p)
        return;
    ok(VirtualProtect((void *)p, 0x1000, PAGE_READWRITE | PAGE_GUARD, &old), "VirtualProtect");
    reset(0, 0);
    push_frame(&r, retry);
    c = p[8];
    /* The handler ran inside that read, unknown to the compiler. */
    __asm__ volatile("" : : : "memory");
    ok(seen.count == 1, "guard: one exception (%lu)", seen.count);
    ok(seen.code == STATUS_GUARD_PAGE_VIOLATION, "guard: code %#lx", seen.code);
    ok(seen.nparams == 2 && seen.info[0] == 0 && seen.info[1] == (ULONG_PTR)(p + 8),
       "guard: parameters %lu: %lu %#lx", seen.nparams, (DWORD)seen.info[0], (DWORD)seen.info[1]);
    p[16] = c;
    c = p[8];
    __asm__ volatile("" : : : "memory");
    pop_frame(&r);
    ok(seen.count == 1, "guard: one-shot, then an ordinary page (%lu exceptions)", seen.count);
    ok(VirtualQuery((void *)p, &mbi, sizeof mbi) && mbi.Protect == PAGE_READWRITE,
       "guard: protection now %#lx", mbi.Protect);
    VirtualFree((void *)p, 0, MEM_RELEASE);
}

static void test_thread_context(void)
{
    CONTEXT ctx;
    WORD cw;
    NT_TIB *tib;

    __asm__("movl %%fs:0x18, %0" : "=r"(tib)); /* TEB.Self */
    memset(&ctx, 0, sizeof ctx);
    ctx.ContextFlags = CONTEXT_FULL | CONTEXT_FLOATING_POINT;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    ok(GetThreadContext(GetCurrentThread(), &ctx), "GetThreadContext: %lu", GetLastError());
    ok(ctx.SegCs == 0x23, "SegCs %#lx", ctx.SegCs);
    ok(ctx.Esp > (DWORD)tib->StackLimit && ctx.Esp < (DWORD)&ctx, "Esp %#lx, local at %p",
       ctx.Esp, &ctx);
    ok(ctx.Eip != 0, "Eip %#lx", ctx.Eip);
    ok((ctx.FloatSave.ControlWord & 0xffff) == cw, "x87 control word %#lx, expected %#x",
       ctx.FloatSave.ControlWord, cw);
}

/* A handler that changes the FPU/SSE state and the carry flag in the
 * context: NtContinue loads them (fxrstor of ExtendedRegisters). */
static EXCEPTION_DISPOSITION __cdecl change_fpu(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                                void *dispatch)
{
    record(rec, ctx);
    ok((ctx->ContextFlags & CONTEXT_EXTENDED_REGISTERS) == CONTEXT_EXTENDED_REGISTERS,
       "fault context flags %#lx", ctx->ContextFlags);
    *(WORD *)&ctx->ExtendedRegisters[0] = 0x37F;                  /* FCW: 64-bit precision */
    *(DWORD *)&ctx->ExtendedRegisters[24] = 0x1F80 | 0x6000;     /* MXCSR: round to zero */
    ctx->FloatSave.ControlWord = 0x37F;
    ctx->EFlags |= 1;                                             /* CF */
    ctx->Eip += 2;
    return ExceptionContinueExecution;
}

static void test_context_fpu_and_flags(void)
{
    WORD cw_before, cw_after;
    DWORD mxcsr_before, mxcsr_after;
    unsigned char carry;
    REG r;

    __asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(cw_before), "=m"(mxcsr_before));
    reset(0, 0);
    push_frame(&r, change_fpu);
    __asm__ volatile("clc\n\t"
                     "ud2\n\t"
                     "setc %0\n\t"
                     "fnstcw %1\n\t"
                     "stmxcsr %2\n\t"
                     : "=q"(carry), "=m"(cw_after), "=m"(mxcsr_after) : : "memory", "cc");
    pop_frame(&r);
    __asm__ volatile("fldcw %0; ldmxcsr %1" : : "m"(cw_before), "m"(mxcsr_before));
    ok(seen.code == EXCEPTION_ILLEGAL_INSTRUCTION, "fpu: code %#lx", seen.code);
    ok(cw_after == 0x37F, "fpu: x87 control word %#x after continuing (was %#x)", cw_after,
       cw_before);
    ok((mxcsr_after & 0x6000) == 0x6000, "fpu: MXCSR %#lx after continuing", mxcsr_after);
    ok(carry == 1, "EFlags.CF set by the handler took effect");
}

/* RtlCaptureContext and SetThreadContext on the current thread make a
 * setjmp/longjmp pair. */
static __attribute__((noinline)) int capture_and_set(void)
{
    volatile int pass = 0;
    CONTEXT ctx;

    memset(&ctx, 0, sizeof ctx);
    RtlCaptureContext(&ctx);
    pass++;
    if (pass == 1) {
        ok(ctx.ContextFlags == CONTEXT_FULL, "RtlCaptureContext flags %#lx", ctx.ContextFlags);
        SetThreadContext(GetCurrentThread(), &ctx);
        return -1;
    }
    return pass;
}

typedef NTSTATUS (WINAPI *continue_fn)(CONTEXT *, BOOLEAN);
typedef NTSTATUS (WINAPI *raise_fn)(EXCEPTION_RECORD *, CONTEXT *, BOOLEAN);
typedef NTSTATUS (WINAPI *get_context_fn)(HANDLE, CONTEXT *);

/* NtRaiseException(FirstChance = TRUE) dispatches like a fault, in the
 * given context: continuing resumes at the capture. */
static __attribute__((noinline)) int raise_first_chance(raise_fn nt_raise)
{
    volatile int pass = 0;
    EXCEPTION_RECORD rec;
    CONTEXT ctx;
    REG r;

    memset(&rec, 0, sizeof rec);
    rec.ExceptionCode = 0xE0000007;
    rec.NumberParameters = 1;
    rec.ExceptionInformation[0] = 0x1234;
    reset(0, 0);
    push_frame(&r, retry);
    RtlCaptureContext(&ctx);
    pass++;
    if (pass == 1) {
        rec.ExceptionAddress = (void *)ctx.Eip;
        nt_raise(&rec, &ctx, TRUE);
        pass = 100;
    }
    pop_frame(&r);
    ok(seen.code == 0xE0000007 && seen.nparams == 1 && seen.info[0] == 0x1234,
       "NtRaiseException: handler saw %#lx, %lu parameters", seen.code, seen.nparams);
    ok(seen.eip == ctx.Eip, "NtRaiseException: context Eip %#lx, captured %#lx", seen.eip,
       ctx.Eip);
    return pass;
}

static void test_context_services(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    continue_fn nt_continue = (continue_fn)GetProcAddress(ntdll, "NtContinue");
    raise_fn nt_raise = (raise_fn)GetProcAddress(ntdll, "NtRaiseException");
    get_context_fn nt_get = (get_context_fn)GetProcAddress(ntdll, "NtGetContextThread");
    EXCEPTION_RECORD rec;
    CONTEXT ctx;

    ok(capture_and_set() == 2, "SetThreadContext(GetCurrentThread()) resumed the capture");
    ok(nt_continue && nt_raise && nt_get, "ntdll exports");
    if (!nt_continue || !nt_raise || !nt_get)
        return;
    ok(raise_first_chance(nt_raise) == 2, "NtRaiseException(first chance) continued at the capture");
    /* Bad pointers are errors, never a crash of the host. */
    ok(nt_continue((CONTEXT *)16, FALSE) == (NTSTATUS)0xC0000005, "NtContinue(bad pointer)");
    memset(&rec, 0, sizeof rec);
    ok(nt_raise(&rec, (CONTEXT *)16, TRUE) == (NTSTATUS)0xC0000005, "NtRaiseException(bad context)");
    ok(nt_raise((EXCEPTION_RECORD *)16, &ctx, TRUE) == (NTSTATUS)0xC0000005,
       "NtRaiseException(bad record)");
    ok(nt_get(GetCurrentThread(), (CONTEXT *)16) == (NTSTATUS)0xC0000005,
       "NtGetContextThread(bad pointer)");
    ok(nt_get((HANDLE)0x1234, &ctx) == (NTSTATUS)0xC0000008, "NtGetContextThread(bad handle)");
}

/* --- Threads ------------------------------------------------------------ */

static LONG thread_faults, vectored_calls;

static EXCEPTION_DISPOSITION __cdecl count_and_skip(EXCEPTION_RECORD *rec, void *frame,
                                                    CONTEXT *ctx, void *dispatch)
{
    InterlockedIncrement(&thread_faults);
    ctx->Eip = (DWORD)null_write_resume;
    ctx->Eax = 0x5EED;
    return ExceptionContinueExecution;
}

static LONG WINAPI count_vectored(EXCEPTION_POINTERS *p)
{
    InterlockedIncrement(&vectored_calls);
    return EXCEPTION_CONTINUE_SEARCH;
}

/* 1 KiB per level: the thread's stack grows page by page through its
 * guard page. */
static __attribute__((noinline)) int grow(int depth)
{
    volatile char buf[1024];

    buf[0] = (char)depth;
    buf[1023] = 1;
    return depth ? grow(depth - 1) + buf[1023] : buf[1023];
}

static DWORD WINAPI fault_thread(void *arg)
{
    DWORD handled = 0;
    REG r;

    push_frame(&r, count_and_skip);
    for (int i = 0; i < 200; i++)
        if (null_write() == 0x5EED)
            handled++;
    pop_frame(&r);
    return handled + (grow(256) == 257 ? 1000 : 0);
}

static void test_threads(void)
{
    HANDLE h[4];
    DWORD code;

    thread_faults = vectored_calls = 0;
    for (int i = 0; i < 4; i++)
        h[i] = CreateThread(NULL, 0, fault_thread, NULL, 0, NULL);
    /* Meanwhile the vectored list changes under the dispatchers. */
    for (int i = 0; i < 500; i++) {
        void *v = AddVectoredExceptionHandler(i & 1, count_vectored);
        RemoveVectoredExceptionHandler(v);
    }
    ok(WaitForMultipleObjects(4, h, TRUE, 30000) == WAIT_OBJECT_0, "threads ended");
    for (int i = 0; i < 4; i++) {
        ok(GetExitCodeThread(h[i], &code) && code == 1200,
           "thread %d: %lu (200 faults handled + 1000 for its grown stack)", i, code);
        CloseHandle(h[i]);
    }
    ok(thread_faults == 800, "%ld faults handled in threads", thread_faults);
}

/* --- Process-ending variants ------------------------------------------- */

static LONG WINAPI execute_handler(EXCEPTION_POINTERS *p)
{
    return EXCEPTION_EXECUTE_HANDLER;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "filter_exec")) {
        /* The process ends with the exception code, and no report. */
        SetUnhandledExceptionFilter(execute_handler);
        null_write();
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "raise")) {
        ULONG_PTR args[2] = { 1, 2 };
        fflush(stdout);
        RaiseException(0xE0000042, 0, 2, args);
        return 0;
    }
    test_null_write();
    test_divide();
    test_breakpoint_and_ud2();
    test_read_execute_privileged();
    test_raise_and_vectored();
    test_vectored_continue_execution();
    test_noncontinuable();
    test_unwind();
    test_nested();
    test_unhandled_filter();
    test_guard_page();
    test_thread_context();
    test_context_fpu_and_flags();
    test_context_services();
    test_threads();
    return test_summary();
}
