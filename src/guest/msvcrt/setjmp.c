/* setjmp/longjmp in msvcrt's x86 form: _setjmp3 (what MinGW's and MSVC's
 * setjmp macros call) and _setjmp save the callee-saved registers, the
 * stack pointer after return, the return address and the SEH registration
 * head (fs:[0]) in the 64-byte _JUMP_BUFFER; longjmp restores them.
 *
 * longjmp first unwinds the SEH frames registered since setjmp (their
 * handlers run with EXCEPTION_UNWINDING, so the __finally blocks of MSVC
 * frames in between run, as with msvcrt's _global_unwind2), then restores
 * the registers and fs:[0]. The try levels of the frame that called
 * setjmp itself are not unwound (that needs _setjmp3's unwind-function
 * arguments, which are not read). */

/* _JUMP_BUFFER: Ebp, Ebx, Edi, Esi, Esp, Eip, Registration, TryLevel,
 * Cookie, UnwindFunc, UnwindData[6]. */
__asm__(".globl __setjmp3\n__setjmp3:\n"
        ".globl __setjmp\n__setjmp:\n\t"
        "movl 4(%esp), %edx\n\t"
        "movl %ebp, 0(%edx)\n\t"
        "movl %ebx, 4(%edx)\n\t"
        "movl %edi, 8(%edx)\n\t"
        "movl %esi, 12(%edx)\n\t"
        "leal 4(%esp), %eax\n\t"
        "movl %eax, 16(%edx)\n\t"       /* Esp once setjmp has returned */
        "movl (%esp), %eax\n\t"
        "movl %eax, 20(%edx)\n\t"       /* Eip: the return address */
        "movl %fs:0, %eax\n\t"
        "movl %eax, 24(%edx)\n\t"       /* Registration */
        "movl $-1, 28(%edx)\n\t"        /* TryLevel */
        "movl $0x56433230, 32(%edx)\n\t"/* Cookie "VC20" */
        "movl $0, 36(%edx)\n\t"         /* UnwindFunc */
        "xorl %eax, %eax\n\t"
        "ret\n");

__asm__(".globl _longjmp\n_longjmp:\n"
        ".globl __longjmpex\n__longjmpex:\n\t"
        "movl 4(%esp), %edx\n\t"
        "movl 8(%esp), %eax\n\t"
        "testl %eax, %eax\n\t"
        "jnz 1f\n\t"
        "incl %eax\n"                   /* longjmp(buf, 0) returns 1 */
        "1:\n\t"
        "movl 24(%edx), %ecx\n\t"
        "cmpl %fs:0, %ecx\n\t"
        "je 2f\n\t"
        "pushl %eax\n\t"
        "pushl %edx\n\t"
        "pushl %ecx\n\t"
        "call _crt_longjmp_unwind\n\t"  /* eh_seh.c */
        "addl $4, %esp\n\t"
        "popl %edx\n\t"
        "popl %eax\n\t"
        "movl 24(%edx), %ecx\n"
        "2:\n\t"
        "movl %ecx, %fs:0\n\t"
        "movl 0(%edx), %ebp\n\t"
        "movl 4(%edx), %ebx\n\t"
        "movl 8(%edx), %edi\n\t"
        "movl 12(%edx), %esi\n\t"
        "movl 16(%edx), %esp\n\t"
        "jmp *20(%edx)\n");
