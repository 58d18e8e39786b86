/* Crash reports for exceptions no guest handler took: the exception and
 * its parameters, the module and offset, registers, a Zydis disassembly
 * around the faulting instruction and a walk of the guest's EBP chain,
 * with export names where the module has them. Then the process ends with
 * the exception code. */
#include "cpu.h"
#include "cpu_internal.h"
#include "context32.h"

#include <Zydis/Zydis.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../loader/loader.h"

static const char *exception_name(uint32_t code)
{
    switch (code) {
    case 0xC0000005u: return "access violation";
    case 0xC0000006u: return "in-page error";
    case 0xC000001Du: return "illegal instruction";
    case 0xC0000096u: return "privileged instruction";
    case 0xC0000094u: return "integer divide by zero";
    case 0xC0000095u: return "integer overflow";
    case 0xC00000FDu: return "stack overflow";
    case 0xC0000025u: return "noncontinuable exception";
    case 0xC0000026u: return "invalid disposition";
    case 0xC0000027u: return "unwind";
    case 0xC0000028u: return "bad stack";
    case 0xC0000029u: return "invalid unwind target";
    case 0xC0000409u: return "stack buffer overrun";
    case 0x80000001u: return "guard page violation";
    case 0x80000002u: return "datatype misalignment";
    case 0x80000003u: return "breakpoint";
    case 0x80000004u: return "single step";
    case 0xC000008Du: return "float denormal operand";
    case 0xC000008Eu: return "float divide by zero";
    case 0xC000008Fu: return "float inexact result";
    case 0xC0000090u: return "float invalid operation";
    case 0xC0000091u: return "float overflow";
    case 0xC0000092u: return "float stack check";
    case 0xC0000093u: return "float underflow";
    case 0xE06D7363u: return "C++ exception";
    default: return "exception";
    }
}

/* Exceptions whose first two parameters are an access and an address. */
static bool has_access_info(const EXCEPTION_RECORD32 *rec)
{
    switch (rec->ExceptionCode) {
    case 0xC0000005u: case 0xC0000006u: case 0x80000001u: case 0xC00000FDu:
        return rec->NumberParameters >= 2;
    default:
        return false;
    }
}

static const char *access_name(uint32_t access)
{
    return access == 1 ? "writing" : access == 8 ? "executing" : "reading";
}

/* Decodes one instruction at addr from the bytes read; its length, 0 when
 * it does not decode. */
static unsigned decode(const uint8_t *code, size_t have, uint32_t addr,
                       ZydisDisassembledInstruction *insn)
{
    if (!have || !ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LEGACY_32, addr, code,
                                                     have, insn)))
        return 0;
    return insn->info.length;
}

/* Where to start decoding so that the instructions land on eip: x86
 * cannot be decoded backwards, so try starts up to 24 bytes back and take
 * the one that reaches eip after the most instructions (at most 3). */
static uint32_t sync_before(const uint8_t *code, size_t before, size_t have, uint32_t eip)
{
    uint32_t best = eip;
    int best_count = 0;

    for (size_t back = before; back > 0; back--) {
        size_t off = before - back;
        int count = 0;
        ZydisDisassembledInstruction insn;

        while (off < before && count < 8) {
            unsigned len = decode(code + off, have - off, eip - (uint32_t)(before - off), &insn);
            if (!len)
                break;
            off += len;
            count++;
        }
        if (off == before && count > best_count && count <= 3) {
            best = eip - (uint32_t)back;
            best_count = count;
        }
    }
    return best;
}

static void disassemble(FILE *out, uint32_t eip)
{
    enum { BEFORE = 24, AFTER = 64 };
    uint8_t code[BEFORE + AFTER];
    size_t before = 0, have;
    uint32_t pc;

    /* Read as much as is mapped around eip, a byte at a time. */
    while (before < BEFORE && eip - before - 1 >= GUEST_MIN_ADDRESS &&
           guest_read(code + BEFORE - before - 1, (void *)(uintptr_t)(eip - before - 1), 1))
        before++;
    for (have = 0; have < AFTER; have++)
        if (!guest_read(code + BEFORE + have, (void *)(uintptr_t)(eip + have), 1))
            break;
    if (!have) {
        fprintf(out, "  code: (EIP not readable)\n");
        return;
    }
    memmove(code, code + BEFORE - before, before + have);
    fprintf(out, "  code:\n");
    pc = sync_before(code, before, before + have, eip);
    for (int after = 0; after < 4;) {
        ZydisDisassembledInstruction insn;
        size_t off = pc - (eip - (uint32_t)before);
        unsigned len = decode(code + off, before + have - off, pc, &insn);
        char sym[160];

        if (!len)
            break;
        loader_describe_symbol(pc, sym, sizeof sym);
        fprintf(out, "  %s %08x %-28s %s\n", pc == eip ? ">" : " ", pc, sym, insn.text);
        if (pc >= eip)
            after++;
        pc += len;
    }
}

static void stack_walk(FILE *out, uint32_t eip, uint32_t ebp)
{
    char sym[160];

    fprintf(out, "  stack:\n");
    loader_describe_symbol(eip, sym, sizeof sym);
    fprintf(out, "    #0 %08x %s\n", eip, sym);
    for (int i = 1; i < 32 && ebp; i++) {
        uint32_t frame[2];

        if (!guest_read(frame, (void *)(uintptr_t)ebp, sizeof frame) || !frame[1])
            break;
        loader_describe_symbol(frame[1], sym, sizeof sym);
        fprintf(out, "    #%d %08x %s\n", i, frame[1], sym);
        if (frame[0] <= ebp)
            break;
        ebp = frame[0];
    }
}

/* The report of an unhandled exception, then the end of the process. */
_Noreturn void cpu_crash_report(struct cpu_thread *t, const EXCEPTION_RECORD32 *rec,
                                const CONTEXT32 *ctx)
{
    static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
    uint32_t addr = rec->ExceptionAddress;
    FILE *out = stderr;
    char sym[160];

    /* Two threads crashing at once print one report after the other. */
    pthread_mutex_lock(&report_lock);
    loader_describe_address(addr, sym, sizeof sym);
    fprintf(out, "wow64: unhandled exception 0x%08X (%s", rec->ExceptionCode,
            exception_name(rec->ExceptionCode));
    if (has_access_info(rec))
        fprintf(out, " %s 0x%08X", access_name(rec->ExceptionInformation[0]),
                rec->ExceptionInformation[1]);
    fprintf(out, ") at 0x%08X %s\n", addr, sym);
    if (has_access_info(rec))
        fprintf(out, "  the instruction at 0x%08x %s address 0x%08x\n", addr,
                rec->ExceptionInformation[0] == 1   ? "wrote to"
                : rec->ExceptionInformation[0] == 8 ? "executed from"
                                                    : "read from",
                rec->ExceptionInformation[1]);
    else if (rec->NumberParameters) {
        fprintf(out, "  parameters:");
        for (uint32_t i = 0; i < rec->NumberParameters && i < EXCEPTION_MAXIMUM_PARAMETERS32; i++)
            fprintf(out, " %08x", rec->ExceptionInformation[i]);
        fprintf(out, "\n");
    }
    if (rec->ExceptionFlags & EXCEPTION32_NONCONTINUABLE)
        fprintf(out, "  (noncontinuable)\n");
    fprintf(out, "  eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x\n", ctx->Eax,
            ctx->Ebx, ctx->Ecx, ctx->Edx, ctx->Esi, ctx->Edi);
    fprintf(out, "  eip=%08x esp=%08x ebp=%08x efl=%08x\n", ctx->Eip, ctx->Esp, ctx->Ebp,
            ctx->EFlags);
    disassemble(out, addr);
    stack_walk(out, ctx->Eip, ctx->Ebp);
    fflush(out);
    pthread_mutex_unlock(&report_lock);
    (void)t;
    nt_exit_process(rec->ExceptionCode);
}
