/* Crash reports for exceptions no guest handler took: the exception, the
 * module and offset, registers, a Zydis disassembly at EIP and a walk of
 * the guest's EBP chain. */
#include "cpu.h"
#include "cpu_internal.h"

#include <Zydis/Zydis.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../loader/loader.h"

static const char *exception_name(uint32_t code)
{
    switch (code) {
    case 0xC0000005u: return "access violation";
    case 0xC000001Du: return "illegal instruction";
    case 0xC0000096u: return "privileged instruction";
    case 0xC0000094u: return "integer divide by zero";
    case 0xC0000095u: return "integer overflow";
    case 0xC00000FDu: return "stack overflow";
    case 0x80000003u: return "breakpoint";
    case 0x80000004u: return "single step";
    case 0xC000008Eu: return "float divide by zero";
    case 0xC0000090u: return "float invalid operation";
    default: return "exception";
    }
}

static void disassemble(FILE *out, uint32_t eip)
{
    uint8_t code[64];
    size_t have = 0;
    uint32_t off = 0;

    /* Read as much as is mapped, a byte range at a time. */
    while (have < sizeof code && guest_read(code + have, (void *)(uintptr_t)(eip + have), 1))
        have++;
    if (!have) {
        fprintf(out, "  code: (EIP not readable)\n");
        return;
    }
    fprintf(out, "  code:\n");
    for (int n = 0; n < 6 && off < have; n++) {
        ZydisDisassembledInstruction insn;
        char sym[128];

        if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LEGACY_32, eip + off,
                                                code + off, have - off, &insn)))
            break;
        loader_describe_address(eip + off, sym, sizeof sym);
        fprintf(out, "  %s %08x %-28s %s\n", n ? " " : ">", eip + off, sym, insn.text);
        off += insn.info.length;
    }
}

static void stack_walk(FILE *out, uint32_t eip, uint32_t ebp)
{
    char sym[128];

    fprintf(out, "  stack:\n");
    loader_describe_address(eip, sym, sizeof sym);
    fprintf(out, "    #0 %08x %s\n", eip, sym);
    for (int i = 1; i < 32 && ebp; i++) {
        uint32_t frame[2];

        if (!guest_read(frame, (void *)(uintptr_t)ebp, sizeof frame) || !frame[1])
            break;
        loader_describe_address(frame[1], sym, sizeof sym);
        fprintf(out, "    #%d %08x %s\n", i, frame[1], sym);
        if (frame[0] <= ebp)
            break;
        ebp = frame[0];
    }
}

_Noreturn void cpu_unhandled_exception(struct cpu_thread *t, const struct cpu_fault *f)
{
    char sym[128];
    FILE *out = stderr;

    loader_describe_address(f->eip, sym, sizeof sym);
    fprintf(out, "wow64: unhandled exception 0x%08X (%s", f->code, exception_name(f->code));
    if (f->has_addr)
        fprintf(out, " %s 0x%08X", f->is_write ? "writing" : "reading", f->fault_addr);
    fprintf(out, ") at 0x%08X %s\n", f->eip, sym);
    fprintf(out, "  eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x\n",
            f->eax, f->ebx, f->ecx, f->edx, f->esi, f->edi);
    fprintf(out, "  eip=%08x esp=%08x ebp=%08x efl=%08x\n", f->eip, f->esp, f->ebp, f->eflags);
    disassemble(out, f->eip);
    stack_walk(out, f->eip, f->ebp);
    fflush(out);
    t->exit_code = f->code;
    if (t->exit_jmp)
        siglongjmp(*(sigjmp_buf *)t->exit_jmp, 1);
    _exit((f->code & 0xff) ? (int)(f->code & 0xff) : 255);
}
