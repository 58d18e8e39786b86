/* Mode switching between the 64-bit host and 32-bit guest code.
 *
 * Per-thread state is reached through GS base (struct cpu_thread, cpu.h),
 * because FS base belongs to the guest's TEB32 while 32-bit code runs and
 * nothing else survives the switch: the upper halves of the general
 * registers and of RSP are not to be trusted after compatibility mode, so
 * every 64-bit entry reloads the host stack and state from %gs.
 *
 * Offsets into struct cpu_thread (pinned by static asserts in cpu.c): */
#define T_HOST_RSP   0x08
#define T_HOST_FS    0x10
#define T_FAR_EIP    0x18
#define T_FS_SEL     0x1e
#define T_ESP        0x24
#define T_EBP        0x28
#define T_EBX        0x2c
#define T_ESI        0x30
#define T_EDI        0x34
#define T_TEB        0x48

#define ARCH_SET_FS 0x1002
#define ARCH_GET_GS 0x1004
#define SYS_arch_prctl 158

    .text

/* Restores glibc's FS base from the thread area. Clobbers rax, rcx, rdx,
 * rsi, rdi, r11 (the arch_prctl path makes a syscall). */
.macro RESTORE_HOST_FS
    movq %gs:T_HOST_FS, %rsi
    cmpb $0, cpu_have_fsgsbase(%rip)
    je 8f
    wrfsbase %rsi
    jmp 9f
8:  movl $ARCH_SET_FS, %edi
    movl $SYS_arch_prctl, %eax
    syscall
9:
.endm

/* Guest -> host for a system call. Reached from the transition page by
 * the 32-bit ljmp to 0x33. EAX holds the service number, ESP the guest
 * stack: [esp] return into the ntdll stub, [esp+4] the stub's caller,
 * [esp+8] the first argument. */
    .globl cpu_syscall_entry
    .hidden cpu_syscall_entry
    .p2align 4
cpu_syscall_entry:
    movl %esp, %gs:T_ESP
    movl %ebp, %gs:T_EBP
    movl %ebx, %gs:T_EBX
    movl %esi, %gs:T_ESI
    movl %edi, %gs:T_EDI
    /* The return EIP: the guest's call just wrote it, so it is mapped. */
    movl %esp, %ecx
    movl (%rcx), %ecx
    movl %ecx, %gs:T_FAR_EIP
    movq %gs:T_HOST_RSP, %rsp
    movl %eax, %ebx
    RESTORE_HOST_FS
    cld
    /* handler(thread, number, address of the first argument) */
    movq %gs:0, %rdi
    movl %ebx, %esi
    movl %gs:T_ESP, %edx
    addl $8, %edx
    call *cpu_syscall_handler_fn(%rip)
    /* Back to the guest: EAX = NTSTATUS, callee-saved registers as they
     * were, ESP past the return address, FS reloaded from the LDT (which
     * also resets FS base to the TEB32). */
    .globl cpu_syscall_return
    .hidden cpu_syscall_return
cpu_syscall_return:
    movl %gs:T_EBP, %ebp
    movl %gs:T_EBX, %ebx
    movl %gs:T_ESI, %esi
    movl %gs:T_EDI, %edi
    /* FS base back to the TEB32. With FSGSBASE a wrfsbase does it: the
     * selector and the limit the LDT load gave it are still in FS (64-bit
     * code never loads FS; the kernel restores selector and base on a
     * context switch), so only the base changed, and writing it is cheaper
     * than a selector load, which reads and checks the LDT entry. */
    cmpb $0, cpu_have_fsgsbase(%rip)
    je 1f
    movl %gs:T_TEB, %ecx
    wrfsbase %rcx
    jmp 2f
1:  movw %gs:T_FS_SEL, %cx
    movw %cx, %fs
2:  movl %gs:T_ESP, %ecx
    leal 4(%rcx), %esp
    ljmpl *%gs:T_FAR_EIP

/* uint64_t cpu_call32_asm(uint32_t eip, uint32_t esp)
 * Host -> guest call. The caller has built the guest frame at esp (the
 * arguments and a return address into the transition page that comes
 * back to cpu_call32_return). Returns EDX:EAX. Nests: the previous host
 * stack pointer is saved on our own frame and restored on return. */
    .globl cpu_call32_asm
    .hidden cpu_call32_asm
    .p2align 4
cpu_call32_asm:
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    pushq %gs:T_HOST_RSP
    /* 7 pushes + the return address keep %rsp 16-byte aligned for the
     * dispatcher's calls. */
    movq %rsp, %gs:T_HOST_RSP
    movl %edi, %gs:T_FAR_EIP
    /* 32-bit code needs flat data selectors in DS/ES (64-bit code runs
     * with null ones, which fault in compatibility mode). */
    movw $0x2b, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %gs:T_FS_SEL, %ax
    movw %ax, %fs
    movl %esi, %esp
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %ebp, %ebp
    ljmpl *%gs:T_FAR_EIP

/* Guest -> host return of a call32 (from the transition page). */
    .globl cpu_call32_return
    .hidden cpu_call32_return
    .p2align 4
cpu_call32_return:
    movq %gs:T_HOST_RSP, %rsp
    movl %eax, %r12d
    movl %edx, %r13d
    RESTORE_HOST_FS
    cld
1:
    popq %gs:T_HOST_RSP
    movq %r13, %rax
    shlq $32, %rax
    orq %r12, %rax
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    ret

/* Guest -> host abort of a nested call32: an exception reached the SEH
 * frame cpu_call32 registered at the boundary (the 32-bit stub in the
 * transition page passes the exception code in EAX). The call returns 0
 * and cpu_call32 reports the code. */
    .globl cpu_call32_abort
    .hidden cpu_call32_abort
    .p2align 4
cpu_call32_abort:
    movq %gs:T_HOST_RSP, %rsp
    movl %eax, %r12d
    RESTORE_HOST_FS
    cld
    movq %gs:0, %rdi
    movl %r12d, %esi
    call cpu_call32_aborted
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    jmp 1b

/* void cpu_bare_roundtrips(uint32_t n, int fd)
 * n bare 64->32->64 round trips: a far jump to 32-bit code that far-jumps
 * straight back, with no state saved or restored beyond the host stack.
 * The physical limit of any service call; used by the benchmarks. With
 * fd >= 0 each round trip also makes the host system call a trivial file
 * service must make, lseek(fd, 0, SEEK_CUR), as a bare syscall: the limit
 * of such a service. The count and fd live in EBX and EBP, whose low
 * halves survive compatibility mode (and the syscall). */
    .globl cpu_bare_roundtrips
    .hidden cpu_bare_roundtrips
    .p2align 4
cpu_bare_roundtrips:
    pushq %rbx
    pushq %rbp
    pushq %gs:T_HOST_RSP
    pushq %gs:T_FAR_EIP
    movq %rsp, %gs:T_HOST_RSP
    movl %edi, %ebx
    movl %esi, %ebp
    testl %ebx, %ebx
    jz 2f
    movl cpu_bare_target(%rip), %eax
    movl %eax, %gs:T_FAR_EIP
1:  ljmpl *%gs:T_FAR_EIP
    .globl cpu_bare_back
    .hidden cpu_bare_back
cpu_bare_back:
    testl %ebp, %ebp
    js 3f
    movl $8, %eax           /* SYS_lseek */
    movslq %ebp, %rdi
    xorl %esi, %esi
    movl $1, %edx           /* SEEK_CUR */
    syscall
3:  decl %ebx
    jnz 1b
2:  movq %gs:T_HOST_RSP, %rsp
    popq %gs:T_FAR_EIP
    popq %gs:T_HOST_RSP
    popq %rbp
    popq %rbx
    ret

/* Signal entry: restore glibc's FS base before any C code (errno, TLS)
 * runs, call the C handler, and if it resumes 32-bit code reload FS from
 * the LDT, because sigreturn does not restore FS base. */
    .globl cpu_signal_entry
    .hidden cpu_signal_entry
    .p2align 4
cpu_signal_entry:
    pushq %rbx
    pushq %r12
    pushq %r13
    movq %rdi, %rbx
    movq %rsi, %r12
    movq %rdx, %r13
    call cpu_thread_area      /* rax = GS base or 0, touches no TLS */
    testq %rax, %rax
    jz 1f
    movq T_HOST_FS(%rax), %rsi
    cmpb $0, cpu_have_fsgsbase(%rip)
    je 2f
    wrfsbase %rsi
    jmp 1f
2:  movl $ARCH_SET_FS, %edi
    movl $SYS_arch_prctl, %eax
    syscall
1:  movq %rbx, %rdi
    movq %r12, %rsi
    movq %r13, %rdx
    call cpu_signal_handler
    testl %eax, %eax
    jz 3f
    call cpu_thread_area
    movw T_FS_SEL(%rax), %cx
    movw %cx, %fs
3:  popq %r13
    popq %r12
    popq %rbx
    ret

/* struct cpu_thread *cpu_thread_area(void): GS base, without TLS. */
    .globl cpu_thread_area
    .hidden cpu_thread_area
    .p2align 4
cpu_thread_area:
    cmpb $0, cpu_have_fsgsbase(%rip)
    je 1f
    rdgsbase %rax
    ret
1:  subq $24, %rsp
    movq $0, (%rsp)
    movl $ARCH_GET_GS, %edi
    movq %rsp, %rsi
    movl $SYS_arch_prctl, %eax
    syscall
    movq (%rsp), %rax
    addq $24, %rsp
    ret

/* size_t cpu_copy_guarded(void *dst, const void *src, size_t n)
 * Copies n bytes; returns 0, or -1 when a fault hit the copy (the signal
 * handler moves RIP to cpu_copy_fault). Up to 32 bytes (service
 * arguments, an IO_STATUS_BLOCK, a LARGE_INTEGER: most copies) move as
 * two overlapping loads and stores, which cost a few cycles where the
 * start-up of rep movsb costs tens; a fault in either restarts nothing
 * that matters (the copy fails, or the stack guard page grew and the
 * instruction runs again). */
    .globl cpu_copy_guarded
    .hidden cpu_copy_guarded
    .globl cpu_copy_begin, cpu_copy_end, cpu_copy_fault
    .hidden cpu_copy_begin
    .hidden cpu_copy_end
    .hidden cpu_copy_fault
    .p2align 4
cpu_copy_guarded:
    movq %rdx, %rcx
cpu_copy_begin:
    cmpq $16, %rdx
    ja 5f
    cmpq $8, %rdx
    jb 1f
    movq (%rsi), %rax
    movq -8(%rsi,%rdx), %r8
    movq %rax, (%rdi)
    movq %r8, -8(%rdi,%rdx)
    jmp cpu_copy_end
1:  cmpq $4, %rdx
    jb 2f
    movl (%rsi), %eax
    movl -4(%rsi,%rdx), %r8d
    movl %eax, (%rdi)
    movl %r8d, -4(%rdi,%rdx)
    jmp cpu_copy_end
2:  testq %rdx, %rdx
    jz cpu_copy_end
3:  movb (%rsi), %al
    movb %al, (%rdi)
    incq %rsi
    incq %rdi
    decq %rdx
    jnz 3b
    jmp cpu_copy_end
5:  cmpq $32, %rdx
    ja 4f
    movdqu (%rsi), %xmm0
    movdqu -16(%rsi,%rdx), %xmm1
    movdqu %xmm0, (%rdi)
    movdqu %xmm1, -16(%rdi,%rdx)
    jmp cpu_copy_end
4:  rep movsb
cpu_copy_end:
    xorl %eax, %eax
    ret
cpu_copy_fault:
    movq $-1, %rax
    ret

/* long cpu_strnlen_guarded(const char *s, size_t max, size_t width) */
    .globl cpu_strlen_begin, cpu_strlen_end
    .hidden cpu_strlen_begin
    .hidden cpu_strlen_end
    .globl cpu_strnlen_guarded
    .hidden cpu_strnlen_guarded
    .p2align 4
cpu_strnlen_guarded:
    xorl %eax, %eax
cpu_strlen_begin:
1:  cmpq %rsi, %rax
    jae 3f
    cmpq $1, %rdx
    jne 2f
    cmpb $0, (%rdi,%rax)
    je 3f
    incq %rax
    jmp 1b
2:  cmpw $0, (%rdi,%rax,2)
    je 3f
    incq %rax
    jmp 1b
cpu_strlen_end:
3:  ret

    .section .note.GNU-stack,"",@progbits
