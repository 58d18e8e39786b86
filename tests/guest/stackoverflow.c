/* Stack overflow: deep recursion runs the stack's guard page down to the
 * bottom of the reservation, which raises STATUS_STACK_OVERFLOW
 * (0xC00000FD) with a page left for the handlers.
 *   stackoverflow.exe          unhandled: exit status 0xFD and a report
 *   stackoverflow.exe caught   a frame registered by hand catches it; the
 *                              program prints and exits 0 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

typedef struct reg {
    struct reg *next;
    void *handler;
} REG;

static void *escape[5];
static DWORD caught_code, caught_nparams;
static ULONG_PTR caught_info[2];

/* Endless on purpose. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static __attribute__((noinline)) int recurse(int n)
{
    volatile char buf[256];

    buf[0] = (char)n;
    buf[255] = (char)n;
    return recurse(n + 1) + buf[0] + buf[255];
}

static EXCEPTION_DISPOSITION __cdecl catch_overflow(EXCEPTION_RECORD *rec, void *frame,
                                                    CONTEXT *ctx, void *dispatch)
{
    if (rec->ExceptionCode != EXCEPTION_STACK_OVERFLOW)
        return ExceptionContinueSearch;
    caught_code = rec->ExceptionCode;
    caught_nparams = rec->NumberParameters;
    caught_info[0] = rec->ExceptionInformation[0];
    caught_info[1] = rec->ExceptionInformation[1];
    /* Back to main's frame, far above the exhausted stack. */
    __builtin_longjmp(escape, 1);
}

int main(int argc, char **argv)
{
    NT_TIB *tib;
    REG r;

    __asm__("movl %%fs:0x18, %0" : "=r"(tib)); /* TEB.Self */

    if (argc > 1 && !strcmp(argv[1], "caught")) {
        __asm__ volatile("movl %%fs:0, %0" : "=r"(r.next));
        r.handler = (void *)catch_overflow;
        __asm__ volatile("movl %0, %%fs:0" : : "r"(&r) : "memory");
        if (!__builtin_setjmp(escape)) {
            recurse(0);
            printf("recursion returned\n");
            return 1;
        }
        __asm__ volatile("movl %0, %%fs:0" : : "r"(r.next) : "memory");
        printf("caught stack overflow 0x%08lx\n", caught_code);
        printf("parameters %lu, address in the stack: %s\n", caught_nparams,
               caught_info[1] < (ULONG_PTR)tib->StackBase ? "yes" : "no");
        /* The stack grew down to its last committed page. */
        printf("StackLimit near the bottom: %s\n",
               (ULONG_PTR)tib->StackLimit - *(ULONG_PTR *)((char *)tib + 0xE0C) <= 0x2000 ? "yes"
                                                                                       : "no");
        return 0;
    }
    fflush(stdout);
    return recurse(0);
}
