/* Exception support used by MSVC-compiled code: _EH_prolog (frame set-up of
 * VC6 C++ functions), _CxxThrowException (throw) and terminate. The SEH
 * handlers of __try/__except/__finally (_except_handler3,
 * _except_handler4_common, the unwind helpers) are in eh_seh.c, the C++
 * frame handler (__CxxFrameHandler) in eh_cxx.c. */
#include "crtio.h"

#if defined(__i386__) && !defined(CRT_HOST_TEST)
/* _EH_prolog: called with EAX = the function's handler. Builds the frame
 * { next, handler, trylevel -1 } below the return address and links it into
 * fs:[0], leaving EBP pointing at it as the compiler expects. */
__asm__(".globl __EH_prolog\n__EH_prolog:\n\t"
        "pushl $-1\n\t"
        "pushl %eax\n\t"
        "movl %fs:0, %eax\n\t"
        "pushl %eax\n\t"
        "movl %esp, %fs:0\n\t"
        "movl 12(%esp), %eax\n\t"       /* return address */
        "movl %ebp, 12(%esp)\n\t"
        "leal 12(%esp), %ebp\n\t"
        "pushl %eax\n\t"
        "ret\n");
#endif

/* throw: the exception is raised with the compiler's code and the thrown
 * object and its type as parameters. __stdcall, as MSVC declares it. */
void __stdcall _CxxThrowException(void *object, void *type)
{
    ULONG_PTR args[3] = { 0x19930520, (ULONG_PTR)object, (ULONG_PTR)type };

    RaiseException(0xe06d7363, EXCEPTION_NONCONTINUABLE, 3, args);
}

int __cdecl __uncaught_exception(void)
{
    return 0;
}

typedef void(__cdecl *terminate_fn)(void);
static terminate_fn terminate_handler;

terminate_fn __cdecl crt_set_terminate(terminate_fn f)
{
    terminate_fn old = terminate_handler;

    terminate_handler = f;
    return old;
}

/* terminate() runs the handler set with set_terminate, then aborts. */
void __cdecl crt_terminate(void)
{
    if (terminate_handler)
        terminate_handler();
    abort();
}
