/* MSVC's __try/__except/__finally on x86, with hand-built frames: the
 * functions below are written in assembly exactly as MSVC compiles such
 * code (we cannot build MSVC programs here), and their exceptions are
 * dispatched by the runtime's frame handlers: _except_handler3 (EH3) and
 * _except_handler4_common (EH4, scope table XORed with the security
 * cookie, GS/EH cookies checked), from msvcrt.dll and from
 * vcruntime140.dll.
 *
 * Frame layout (Matt Pietrek, "A Crash Course on the Depths of Win32
 * Structured Exception Handling"; the EH4 layout of later compilers):
 *   [ebp-04h] TryLevel      [ebp-08h] ScopeTable   [ebp-0Ch] handler
 *   [ebp-10h] Next (fs:[0] points here)
 *   [ebp-14h] EXCEPTION_POINTERS *   [ebp-18h] saved ESP
 * Scope record: { EnclosingLevel, FilterFunc (NULL: __finally), HandlerFunc }.
 * Filters and __finally blocks run with the function's EBP and return;
 * __except blocks are jumped to and reload ESP from [ebp-18h].
 *
 * The events each scenario logs, in order, are what Windows documents for
 * two-phase SEH: filters run first (search), then __finally blocks of the
 * frames and levels being left (unwind), then the __except block.
 *
 * C++ frames (__CxxFrameHandler3): { Next, Handler } at [ebp-0Ch], the
 * unwind state at [ebp-4], the saved ESP at [ebp-10h]; the handler is the
 * compiler's stub "mov eax, FuncInfo; jmp __CxxFrameHandler3"; FuncInfo,
 * unwind map, try-block map, handler types and the thrown object's
 * ThrowInfo / CatchableType records are laid out as MSVC emits them. */
#include <windows.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

/* Filled from the DLL under test; the assembly calls through them. */
void *p_handler3, *p_handler4_common, *p_abnormal, *p_local_unwind2, *p_longjmp;
void *p_cxx_handler, *p_throw;
void __cdecl ev(int c);

/* C++ run-time type records (ehdata.h layout). */
struct td { const void *vftable; void *spare; char name[16]; };
struct ct { unsigned properties; struct td *type; int mdisp, pdisp, vdisp, size; void *copy; };
struct cta { int count; struct ct *types[1]; };
struct ti { unsigned attributes; void *dtor; void *fwd; struct cta *types; };
struct td td_int = { NULL, NULL, ".H" }, td_double = { NULL, NULL, ".N" },
          td_obj = { NULL, NULL, ".?AUObj@@" };
struct ct ct_int = { 1, &td_int, 0, -1, 0, 4, NULL }, ct_obj = { 0, &td_obj, 0, -1, 0, 4, NULL };
struct cta cta_int = { 1, { &ct_int } }, cta_obj = { 1, { &ct_obj } };
void __attribute__((thiscall)) obj_dtor(void *self);
struct ti ti_int = { 0, NULL, NULL, &cta_int }, ti_obj = { 0, (void *)obj_dtor, NULL, &cta_obj };
int thrown_int = 42, thrown_obj = 9, caught;
void *caught_ref;
void *dtor_self;

void __attribute__((thiscall)) obj_dtor(void *self)
{
    dtor_self = self;
    ev('~');
}
jmp_buf jump_buffer;

/* longjmp out of an MSVC frame's __try: the __finally runs on the way. */
void __cdecl do_longjmp(void)
{
    ((void(__cdecl *)(jmp_buf, int))p_longjmp)(jump_buffer, 5);
}
unsigned seen_code;
volatile int dummy;
char events[64];
int nevents;
uintptr_t security_cookie = 0x2b992ddf;
int cookie_checks, cookie_bad;

void __cdecl ev(int c)
{
    if (nevents < (int)sizeof events - 1)
        events[nevents++] = (char)c;
    events[nevents] = 0;
}

/* The per-image _except_handler4 stub MSVC links into a program. */
typedef int(__cdecl *eh4_common_fn)(uintptr_t *, void *, void *, void *, void *, void *);

static void __fastcall cookie_check(uintptr_t c)
{
    cookie_checks++;
    if (c != security_cookie)
        cookie_bad++;
}

int __cdecl my_except_handler4(void *rec, void *frame, void *ctx, void *disp)
{
    return ((eh4_common_fn)p_handler4_common)(&security_cookie, (void *)cookie_check, rec,
                                              frame, ctx, disp);
}

/* EH3 prologue/epilogue as MSVC emits them; r at [ebp-1Ch]. */
#define EH3_PROLOGUE(table)                                                    \
    "pushl %ebp\n\tmovl %esp, %ebp\n\t"                                        \
    "pushl $-1\n\tpushl $" table "\n\tpushl _p_handler3\n\t"                   \
    "movl %fs:0, %eax\n\tpushl %eax\n\tmovl %esp, %fs:0\n\t"                   \
    "subl $12, %esp\n\tpushl %ebx\n\tpushl %esi\n\tpushl %edi\n\t"             \
    "movl %esp, -0x18(%ebp)\n\tmovl $0, -0x1c(%ebp)\n\t"
#define EPILOGUE                                                               \
    "movl -0x1c(%ebp), %eax\n\tmovl -0x10(%ebp), %ecx\n\tmovl %ecx, %fs:0\n\t" \
    "popl %edi\n\tpopl %esi\n\tpopl %ebx\n\tmovl %ebp, %esp\n\tpopl %ebp\n\tret\n"
/* EH4: TryLevel -2, scope table XOR cookie, EH cookie (cookie ^ ebp) at
 * [ebp-1Ch], r at [ebp-20h]. */
#define EH4_PROLOGUE(table)                                                    \
    "pushl %ebp\n\tmovl %esp, %ebp\n\t"                                        \
    "pushl $-2\n\tpushl $" table "\n\tpushl $_my_except_handler4\n\t"          \
    "movl %fs:0, %eax\n\tpushl %eax\n\t"                                       \
    "movl _security_cookie, %eax\n\txorl %eax, -8(%ebp)\n\txorl %ebp, %eax\n\t" \
    "subl $16, %esp\n\tmovl %eax, -0x1c(%ebp)\n\t"                             \
    "pushl %ebx\n\tpushl %esi\n\tpushl %edi\n\tmovl %esp, -0x18(%ebp)\n\t"     \
    "leal -0x10(%ebp), %eax\n\tmovl %eax, %fs:0\n\tmovl $0, -0x20(%ebp)\n\t"
#define EPILOGUE4                                                              \
    "movl -0x20(%ebp), %eax\n\tmovl -0x10(%ebp), %ecx\n\tmovl %ecx, %fs:0\n\t" \
    "popl %edi\n\tpopl %esi\n\tpopl %ebx\n\tmovl %ebp, %esp\n\tpopl %ebp\n\tret\n"
#define EV(c) "pushl $" #c "\n\tcall _ev\n\taddl $4, %esp\n\t"
#define FAULT "xorl %eax, %eax\n\tmovl $1, (%eax)\n\t"

/* A: __try { *(int *)0 = 1; r = 1; } __except (X, EXECUTE_HANDLER) { H; r = 2; } */
int eh3_simple(void);
__asm__(".text\n.globl _eh3_simple\n_eh3_simple:\n\t"
        EH3_PROLOGUE("a_table")
        "movl $0, -4(%ebp)\n\t"
        FAULT
        "movl $1, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n\tjmp a_done\n"
        "a_filter:\n\t"
        "movl -0x14(%ebp), %eax\n\tmovl (%eax), %eax\n\tmovl (%eax), %eax\n\t"
        "movl %eax, _seen_code\n\t"
        EV(88) "movl $1, %eax\n\tret\n"
        "a_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(72)
        "movl $2, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n"
        "a_done:\n\t" EPILOGUE
        ".section .rdata\na_table: .long -1, a_filter, a_handler\n.text\n");

/* B: __try { __try { fault } __finally { F, AbnormalTermination() } }
 *    __except (X, 1) { H } */
int eh3_nested(void);
__asm__(".text\n.globl _eh3_nested\n_eh3_nested:\n\t"
        EH3_PROLOGUE("b_table")
        "movl $0, -4(%ebp)\n\tmovl $1, -4(%ebp)\n\t"
        FAULT
        "movl $0, -4(%ebp)\n\tcall b_finally\n\tmovl $-1, -4(%ebp)\n\tjmp b_done\n"
        "b_finally:\n\t" EV(70)
        "call *_p_abnormal\n\ttestl %eax, %eax\n\tsetnz %al\n\tmovzbl %al, %eax\n\t"
        "addl $48, %eax\n\tpushl %eax\n\tcall _ev\n\taddl $4, %esp\n\tret\n"
        "b_filter:\n\t" EV(88) "movl $1, %eax\n\tret\n"
        "b_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(72)
        "movl $2, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n"
        "b_done:\n\t" EPILOGUE
        ".section .rdata\nb_table: .long -1, b_filter, b_handler, 0, 0, b_finally\n.text\n");

/* C: a __finally left normally (F0), then one left by "return" inside the
 * __try, which MSVC compiles to _local_unwind2(frame, -1) (F1). */
int eh3_finally_paths(void);
__asm__(".text\n.globl _eh3_finally_paths\n_eh3_finally_paths:\n\t"
        EH3_PROLOGUE("c_table")
        "movl $0, -4(%ebp)\n\tmovl $-1, -4(%ebp)\n\tcall c_finally\n\t"
        "movl $0, -4(%ebp)\n\tpushl $-1\n\tleal -0x10(%ebp), %eax\n\tpushl %eax\n\t"
        "call *_p_local_unwind2\n\taddl $8, %esp\n\t"
        "movl -4(%ebp), %eax\n\tmovl %eax, -0x1c(%ebp)\n\tjmp c_done\n"
        "c_finally:\n\t" EV(70)
        "call *_p_abnormal\n\ttestl %eax, %eax\n\tsetnz %al\n\tmovzbl %al, %eax\n\t"
        "addl $48, %eax\n\tpushl %eax\n\tcall _ev\n\taddl $4, %esp\n\tret\n"
        "c_done:\n\t" EPILOGUE
        ".section .rdata\nc_table: .long -1, 0, c_finally\n.text\n");

/* D: outer __try { inner() } __except (X, 1) { H }, where inner is
 * __try { __try { fault } __finally { F } } __except (S, CONTINUE_SEARCH) { h } */
int eh3_inner(void);
__asm__(".text\n.globl _eh3_inner\n_eh3_inner:\n\t"
        EH3_PROLOGUE("d_table")
        "movl $0, -4(%ebp)\n\tmovl $1, -4(%ebp)\n\t"
        FAULT
        "movl $-1, -4(%ebp)\n\tjmp d_done\n"
        "d_finally:\n\t" EV(70) "ret\n"
        "d_filter:\n\t" EV(83) "xorl %eax, %eax\n\tret\n"
        "d_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(104) "movl $-1, -4(%ebp)\n"
        "d_done:\n\t" EPILOGUE
        ".section .rdata\nd_table: .long -1, d_filter, d_handler, 0, 0, d_finally\n.text\n");
int eh3_outer(void);
__asm__(".text\n.globl _eh3_outer\n_eh3_outer:\n\t"
        EH3_PROLOGUE("o_table")
        "movl $0, -4(%ebp)\n\tcall _eh3_inner\n\tmovl $-1, -4(%ebp)\n\tjmp o_done\n"
        "o_filter:\n\t" EV(88) "movl $1, %eax\n\tret\n"
        "o_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(72)
        "movl $2, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n"
        "o_done:\n\t" EPILOGUE
        ".section .rdata\no_table: .long -1, o_filter, o_handler\n.text\n");

/* E: __except (fix the faulting register, EXCEPTION_CONTINUE_EXECUTION):
 * the faulting store is retried through EAX = &dummy. */
int eh3_continue(void);
__asm__(".text\n.globl _eh3_continue\n_eh3_continue:\n\t"
        EH3_PROLOGUE("e_table")
        "movl $0, -4(%ebp)\n\t"
        "xorl %eax, %eax\n\tmovl $7, (%eax)\n\t"
        "movl $1, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n\tjmp e_done\n"
        "e_filter:\n\t" EV(67)
        "movl -0x14(%ebp), %eax\n\tmovl 4(%eax), %eax\n\t"      /* ContextRecord */
        "movl $_dummy, 0xb0(%eax)\n\t"                          /* ->Eax */
        "movl $-1, %eax\n\tret\n"
        "e_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(72)
        "movl $2, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n"
        "e_done:\n\t" EPILOGUE
        ".section .rdata\ne_table: .long -1, e_filter, e_handler\n.text\n");

/* F: B with an EH4 frame. */
int eh4_nested(void);
__asm__(".text\n.globl _eh4_nested\n_eh4_nested:\n\t"
        EH4_PROLOGUE("f_table")
        "movl $0, -4(%ebp)\n\tmovl $1, -4(%ebp)\n\t"
        FAULT
        "movl $0, -4(%ebp)\n\tcall f_finally\n\tmovl $-2, -4(%ebp)\n\tjmp f_done\n"
        "f_finally:\n\t" EV(70)
        "call *_p_abnormal\n\ttestl %eax, %eax\n\tsetnz %al\n\tmovzbl %al, %eax\n\t"
        "addl $48, %eax\n\tpushl %eax\n\tcall _ev\n\taddl $4, %esp\n\tret\n"
        "f_filter:\n\t" EV(88) "movl $1, %eax\n\tret\n"
        "f_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(72)
        "movl $2, -0x20(%ebp)\n\tmovl $-2, -4(%ebp)\n"
        "f_done:\n\t" EPILOGUE4
        ".section .rdata\nf_table: .long -2, 0, -0x1c, 0\n"
        "  .long -2, f_filter, f_handler, 0, 0, f_finally\n.text\n");

/* G: an EH4 frame with a __finally left by an exception that an outer EH3
 * frame handles: the unwind runs it (G, then H). */
int eh4_inner(void);
__asm__(".text\n.globl _eh4_inner\n_eh4_inner:\n\t"
        EH4_PROLOGUE("g_table")
        "movl $0, -4(%ebp)\n\t"
        FAULT
        "movl $-2, -4(%ebp)\n\tjmp g_done\n"
        "g_finally:\n\t" EV(71) "ret\n"
        "g_done:\n\t" EPILOGUE4
        ".section .rdata\ng_table: .long -2, 0, -0x1c, 0\n  .long -2, 0, g_finally\n.text\n");
int eh4_outer(void);
__asm__(".text\n.globl _eh4_outer\n_eh4_outer:\n\t"
        EH3_PROLOGUE("h_table")
        "movl $0, -4(%ebp)\n\tcall _eh4_inner\n\tmovl $-1, -4(%ebp)\n\tjmp h_done\n"
        "h_filter:\n\t" EV(88) "movl $1, %eax\n\tret\n"
        "h_handler:\n\t"
        "movl -0x18(%ebp), %esp\n\t" EV(72)
        "movl $2, -0x1c(%ebp)\n\tmovl $-1, -4(%ebp)\n"
        "h_done:\n\t" EPILOGUE
        ".section .rdata\nh_table: .long -1, h_filter, h_handler\n.text\n");

/* I: __try { do_longjmp(); } __finally { F, AbnormalTermination() } */
int eh3_longjmp(void);
__asm__(".text\n.globl _eh3_longjmp\n_eh3_longjmp:\n\t"
        EH3_PROLOGUE("i_table")
        "movl $0, -4(%ebp)\n\tcall _do_longjmp\n\t"
        "movl $-1, -4(%ebp)\n\tcall i_finally\n\tjmp i_done\n"
        "i_finally:\n\t" EV(70)
        "call *_p_abnormal\n\ttestl %eax, %eax\n\tsetnz %al\n\tmovzbl %al, %eax\n\t"
        "addl $48, %eax\n\tpushl %eax\n\tcall _ev\n\taddl $4, %esp\n\tret\n"
        "i_done:\n\t" EPILOGUE
        ".section .rdata\ni_table: .long -1, 0, i_finally\n.text\n");

/* C++: the same prologue, the registration at [ebp-0Ch]. */
#define CXX_PROLOGUE(ehh)                                                      \
    "pushl %ebp\n\tmovl %esp, %ebp\n\tpushl $-1\n\tpushl $" ehh "\n\t"       \
    "movl %fs:0, %eax\n\tpushl %eax\n\tmovl %esp, %fs:0\n\tsubl $12, %esp\n\t" \
    "pushl %ebx\n\tpushl %esi\n\tpushl %edi\n\tmovl %esp, -0x10(%ebp)\n\t"    \
    "movl $0, -0x18(%ebp)\n\t"
#define CXX_EPILOGUE                                                           \
    "movl -0x18(%ebp), %eax\n\tmovl -0x0c(%ebp), %ecx\n\tmovl %ecx, %fs:0\n\t" \
    "popl %edi\n\tpopl %esi\n\tpopl %ebx\n\tmovl %ebp, %esp\n\tpopl %ebp\n\tret\n"

/* J: { Obj a; try { throw 42; } catch (double) { x } catch (int v) { c } }
 * ~a on the way out (d): a's destructor must not run during the catch. */
int cxx_same_frame(void);
__asm__(".text\n.globl _cxx_same_frame\n_cxx_same_frame:\n\t"
        CXX_PROLOGUE("j_ehh")
        "movl $0, -4(%ebp)\n\tmovl $1, -4(%ebp)\n\t"
        "pushl $_ti_int\n\tpushl $_thrown_int\n\tcall *_p_throw\n\t"
        "movl $1, -0x18(%ebp)\n"
        "j_after:\n\t"
        "movl $0, -4(%ebp)\n\tmovl $-1, -4(%ebp)\n\t" EV(100)
        CXX_EPILOGUE
        "j_ehh:\n\tmovl $j_funcinfo, %eax\n\tjmp *_p_cxx_handler\n"
        "j_unwind_a:\n\t" EV(85) "ret\n"
        "j_catch_double:\n\t" EV(120) "movl $j_after, %eax\n\tret\n"
        "j_catch_int:\n\t" EV(99)
        "movl -0x14(%ebp), %eax\n\tmovl %eax, _caught\n\tmovl $2, -0x18(%ebp)\n\t"
        "movl $j_after, %eax\n\tret\n"
        ".section .rdata\n"
        "j_unwind: .long -1, j_unwind_a, 0, 0, 0, 0\n"
        "j_handlers: .long 0, _td_double, -0x14, j_catch_double, 0, _td_int, -0x14, j_catch_int\n"
        "j_tries: .long 1, 1, 2, 2, j_handlers\n"
        "j_funcinfo: .long 0x19930520, 3, j_unwind, 1, j_tries, 0, 0\n.text\n");

/* K: outer { try { inner(); } catch (...) { a } } where inner is
 * { Obj b; throw Obj(); }: b's destructor (D) runs in the unwind, then the
 * catch, then the thrown object's destructor (~). */
int cxx_inner(void);
__asm__(".text\n.globl _cxx_inner\n_cxx_inner:\n\t"
        CXX_PROLOGUE("ki_ehh")
        "movl $0, -4(%ebp)\n\t"
        "pushl $_ti_obj\n\tpushl $_thrown_obj\n\tcall *_p_throw\n\t"
        "movl $-1, -4(%ebp)\n\t"
        CXX_EPILOGUE
        "ki_ehh:\n\tmovl $ki_funcinfo, %eax\n\tjmp *_p_cxx_handler\n"
        "ki_dtor_b:\n\t" EV(68) "ret\n"
        ".section .rdata\n"
        "ki_unwind: .long -1, ki_dtor_b\n"
        "ki_funcinfo: .long 0x19930520, 1, ki_unwind, 0, 0, 0, 0\n.text\n");
int cxx_outer(void);
__asm__(".text\n.globl _cxx_outer\n_cxx_outer:\n\t"
        CXX_PROLOGUE("ko_ehh")
        "movl $0, -4(%ebp)\n\tcall _cxx_inner\n\tmovl $1, -0x18(%ebp)\n"
        "ko_after:\n\tmovl $-1, -4(%ebp)\n\t"
        CXX_EPILOGUE
        "ko_ehh:\n\tmovl $ko_funcinfo, %eax\n\tjmp *_p_cxx_handler\n"
        "ko_catch_all:\n\t" EV(97) "movl $3, -0x18(%ebp)\n\tmovl $ko_after, %eax\n\tret\n"
        ".section .rdata\n"
        "ko_unwind: .long -1, 0, -1, 0\n"
        "ko_handlers: .long 0, 0, 0, ko_catch_all\n"
        "ko_tries: .long 0, 0, 1, 1, ko_handlers\n"
        "ko_funcinfo: .long 0x19930522, 2, ko_unwind, 1, ko_tries, 0, 0, 0, 0\n.text\n");

/* M: try { *(int *)0 = 1; } catch (...) { s } in a function not compiled
 * with /EHs (FuncInfo flags 0): catch(...) takes the access violation. */
int cxx_seh(void);
__asm__(".text\n.globl _cxx_seh\n_cxx_seh:\n\t"
        CXX_PROLOGUE("m_ehh")
        "movl $0, -4(%ebp)\n\t" FAULT "movl $1, -0x18(%ebp)\n"
        "m_after:\n\tmovl $-1, -4(%ebp)\n\t"
        CXX_EPILOGUE
        "m_ehh:\n\tmovl $m_funcinfo, %eax\n\tjmp *_p_cxx_handler\n"
        "m_catch_all:\n\t" EV(115) "movl $4, -0x18(%ebp)\n\tmovl $m_after, %eax\n\tret\n"
        ".section .rdata\n"
        "m_unwind: .long -1, 0, -1, 0\n"
        "m_handlers: .long 0, 0, 0, m_catch_all\n"
        "m_tries: .long 0, 0, 1, 1, m_handlers\n"
        "m_funcinfo: .long 0x19930522, 2, m_unwind, 1, m_tries, 0, 0, 0, 0\n.text\n");

/* N: outer { try { inner(); } catch (Obj &) { R } } where inner is
 * try { throw Obj(); } catch (Obj &) { r; throw; }: the rethrow reaches the
 * outer catch, and the object is destroyed once, after it (~). */
int cxx_rethrow_inner(void);
__asm__(".text\n.globl _cxx_rethrow_inner\n_cxx_rethrow_inner:\n\t"
        CXX_PROLOGUE("ni_ehh")
        "movl $0, -4(%ebp)\n\t"
        "pushl $_ti_obj\n\tpushl $_thrown_obj\n\tcall *_p_throw\n"
        "ni_after:\n\tmovl $-1, -4(%ebp)\n\t"
        CXX_EPILOGUE
        "ni_ehh:\n\tmovl $ni_funcinfo, %eax\n\tjmp *_p_cxx_handler\n"
        "ni_catch:\n\t" EV(114)
        "pushl $0\n\tpushl $0\n\tcall *_p_throw\n\t"
        "movl $ni_after, %eax\n\tret\n"
        ".section .rdata\n"
        "ni_unwind: .long -1, 0, -1, 0\n"
        "ni_handlers: .long 8, _td_obj, -0x14, ni_catch\n"
        "ni_tries: .long 0, 0, 1, 1, ni_handlers\n"
        "ni_funcinfo: .long 0x19930520, 2, ni_unwind, 1, ni_tries, 0, 0\n.text\n");
int cxx_rethrow_outer(void);
__asm__(".text\n.globl _cxx_rethrow_outer\n_cxx_rethrow_outer:\n\t"
        CXX_PROLOGUE("no_ehh")
        "movl $0, -4(%ebp)\n\tcall _cxx_rethrow_inner\n\tmovl $1, -0x18(%ebp)\n"
        "no_after:\n\tmovl $-1, -4(%ebp)\n\t"
        CXX_EPILOGUE
        "no_ehh:\n\tmovl $no_funcinfo, %eax\n\tjmp *_p_cxx_handler\n"
        "no_catch:\n\t" EV(82)
        "movl -0x14(%ebp), %eax\n\tmovl %eax, _caught_ref\n\t"
        "movl $5, -0x18(%ebp)\n\tmovl $no_after, %eax\n\tret\n"
        ".section .rdata\n"
        "no_unwind: .long -1, 0, -1, 0\n"
        "no_handlers: .long 8, _td_obj, -0x14, no_catch\n"
        "no_tries: .long 0, 0, 1, 1, no_handlers\n"
        "no_funcinfo: .long 0x19930520, 2, no_unwind, 1, no_tries, 0, 0\n.text\n");

static void *head(void)
{
    void *p;
    __asm__ volatile("movl %%fs:0, %0" : "=r"(p));
    return p;
}

static void reset(void)
{
    nevents = 0;
    events[0] = 0;
}

#define EVENTS_ARE(expect, what) ok(!strcmp(events, expect), "%s: events \"%s\", expected \"%s\"", what, events, expect)

static void run(const char *dll)
{
    HMODULE m = LoadLibraryA(dll);
    void *h0;
    int r;

    ok(m != NULL, "%s loads", dll);
    if (!m)
        return;
    p_handler3 = (void *)GetProcAddress(m, "_except_handler3");
    p_handler4_common = (void *)GetProcAddress(m, "_except_handler4_common");
    p_abnormal = (void *)GetProcAddress(m, "_abnormal_termination");
    p_local_unwind2 = (void *)GetProcAddress(m, "_local_unwind2");
    p_longjmp = (void *)GetProcAddress(m, "longjmp");
    p_cxx_handler = (void *)GetProcAddress(m, "__CxxFrameHandler3");
    p_throw = (void *)GetProcAddress(m, "_CxxThrowException");
    ok(p_cxx_handler && p_throw, "%s exports the C++ handler and throw", dll);
    ok(p_handler3 && p_handler4_common && p_abnormal && p_local_unwind2 && p_longjmp,
       "%s exports the handlers", dll);
    if (!p_handler3 || !p_handler4_common || !p_abnormal || !p_local_unwind2 || !p_longjmp)
        return;
    printf("%s\n", dll);
    h0 = head();

    reset();
    seen_code = 0;
    r = eh3_simple();
    ok(r == 2, "EH3 __except: r=%d", r);
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION, "filter saw 0x%08x", seen_code);
    EVENTS_ARE("XH", "EH3 __except");
    ok(head() == h0, "fs:[0] restored");

    reset();
    r = eh3_nested();
    ok(r == 2, "EH3 nested: r=%d", r);
    EVENTS_ARE("XF1H", "EH3 __finally in __except (filter, then abnormal __finally, then handler)");

    reset();
    r = eh3_finally_paths();
    ok(r == -1, "EH3 _local_unwind2 leaves try level -1: %d", r);
    EVENTS_ARE("F0F1", "EH3 __finally left normally, then by _local_unwind2");

    reset();
    r = eh3_outer();
    ok(r == 2, "EH3 across frames: r=%d", r);
    EVENTS_ARE("SXFH", "EH3 across frames (search both, unwind inner __finally, handler)");
    ok(head() == h0, "fs:[0] restored after a cross-frame unwind");

    reset();
    dummy = 0;
    r = eh3_continue();
    ok(r == 1 && dummy == 7, "EH3 CONTINUE_EXECUTION: r=%d dummy=%d", r, dummy);
    EVENTS_ARE("C", "EH3 CONTINUE_EXECUTION");

    reset();
    cookie_checks = cookie_bad = 0;
    r = eh4_nested();
    ok(r == 2, "EH4 nested: r=%d", r);
    EVENTS_ARE("XF1H", "EH4 __finally in __except");
    ok(cookie_checks >= 2 && !cookie_bad, "EH4 cookie checks: %d, bad %d", cookie_checks, cookie_bad);

    reset();
    r = eh4_outer();
    ok(r == 2, "EH4 frame unwound by an EH3 handler: r=%d", r);
    EVENTS_ARE("XGH", "EH4 __finally run by the unwind");
    ok(head() == h0, "fs:[0] restored after EH4");

    reset();
    r = setjmp(jump_buffer);
    if (!r)
        eh3_longjmp();
    ok(r == 5, "longjmp returned %d", r);
    EVENTS_ARE("F1", "longjmp out of __try runs the __finally (abnormally)");
    ok(head() == h0, "fs:[0] restored after longjmp");

    if (!p_cxx_handler || !p_throw)
        return;
    reset();
    caught = 0;
    r = cxx_same_frame();
    ok(r == 2 && caught == 42, "C++ catch (int): r=%d caught=%d", r, caught);
    EVENTS_ARE("cd", "C++ catch in the throwing frame (second handler matches, no unwind of a)");
    ok(head() == h0, "fs:[0] restored after a C++ catch");

    reset();
    dtor_self = NULL;
    r = cxx_outer();
    ok(r == 3, "C++ catch (...) across frames: r=%d", r);
    EVENTS_ARE("Da~", "C++ unwind (inner destructor), catch, thrown object destroyed");
    ok(dtor_self == &thrown_obj, "the thrown object's destructor got the object");
    ok(head() == h0, "fs:[0] restored after a C++ unwind");

    reset();
    r = cxx_seh();
    ok(r == 4, "catch (...) of an access violation without /EHs: r=%d", r);
    EVENTS_ARE("s", "catch (...) of an SEH exception");

    reset();
    dtor_self = caught_ref = NULL;
    r = cxx_rethrow_outer();
    ok(r == 5 && caught_ref == &thrown_obj, "C++ rethrow caught outside: r=%d, by reference: %s", r,
       caught_ref == &thrown_obj ? "yes" : "no");
    EVENTS_ARE("rR~", "C++ rethrow: inner catch, outer catch, one destruction");
    ok(dtor_self == &thrown_obj, "the rethrown object is destroyed after the outer catch");
    ok(head() == h0, "fs:[0] restored after a rethrow");
}

int main(int argc, char **argv)
{
    run("msvcrt.dll");
    run("vcruntime140.dll");
    return test_summary();
}
