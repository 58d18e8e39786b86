/* Guest exceptions, the host half: the exception frame that
 * ntdll!KiUserExceptionDispatcher receives, and the services that move a
 * thread to a CONTEXT (NtContinue, NtSetContextThread), raise an exception
 * (NtRaiseException) or read the thread's registers (NtGetContextThread).
 *
 * The frame on the guest stack, as Windows x86 builds it (addresses grow
 * downwards from the faulting ESP):
 *
 *   ctx->Esp    the interrupted code's stack
 *   ctx         CONTEXT (0x2CC bytes), 16-byte aligned
 *   rec         EXCEPTION_RECORD (0x50 bytes) right below the context
 *   esp+4       &ctx     \  what KiUserExceptionDispatcher is entered
 *   esp         &rec     /  with (by a jump, not a call)
 *
 * A context is resumed through the normal system-call return: the
 * registers go on the guest stack just below the target ESP and the
 * return jumps to a 32-bit stub in the transition page that pops them
 * (cpu_continue_address). */
#include "cpu.h"
#include "cpu_internal.h"
#include "context32.h"

#include <string.h>

#include "../nt/log.h"
#include "../nt/object.h"

/* EFlags bits the guest may set (CF PF AF ZF SF TF DF OF AC ID); IF and
 * the reserved bit 1 are always set. */
#define EFLAGS_USER 0x00240DD5u
#define EFLAGS_FIXED 0x00000202u

/* --- FPU state --------------------------------------------------------- */

/* Offsets in an FXSAVE image. */
enum {
    FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_FOP = 6,
    FX_FIP = 8, FX_FCS = 12, FX_FDP = 16, FX_FDS = 20,
    FX_MXCSR = 24, FX_MXCSR_MASK = 28, FX_ST0 = 32, FX_XMM0 = 160,
    FX_XMM8 = 288, /* the first byte a 32-bit image does not use */
};

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void wr16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/* 64-bit FXSAVE image (ucontext) -> the 32-bit format of ExtendedRegisters. */
void cpu_fxsave64_to_32(uint8_t out[512], const uint8_t in[512])
{
    /* The 64-bit format keeps 64-bit instruction and data pointers where
     * the 32-bit one has offset:selector pairs. The selectors are not
     * saved in 64-bit mode: they are the flat ones of every guest thread. */
    memcpy(out, in, FX_XMM8);
    memset(out + FX_XMM8, 0, 512 - FX_XMM8);
    wr32(out + FX_FIP, rd32(in + FX_FIP));
    wr32(out + FX_FCS, CPU_CS32);
    wr32(out + FX_FDP, rd32(in + FX_FDP));
    wr32(out + FX_FDS, CPU_DS32);
}

/* The full tag (0 valid, 1 zero, 2 special, 3 empty) of a register in use. */
static unsigned x87_tag(const uint8_t *reg)
{
    uint64_t mantissa;
    uint16_t exponent = rd16(reg + 8) & 0x7fff;

    memcpy(&mantissa, reg, 8);
    if (exponent == 0x7fff)
        return 2;
    if (!exponent)
        return mantissa ? 2 : 1;
    return (mantissa >> 63) ? 0 : 2;
}

/* The x87 part of an FXSAVE image as FLOATING_SAVE_AREA (FNSAVE layout). */
void cpu_fxsave_to_fnsave(FLOATING_SAVE_AREA32 *out, const uint8_t fx[512])
{
    unsigned top = (rd16(fx + FX_FSW) >> 11) & 7;
    uint32_t tags = 0;

    out->ControlWord = 0xffff0000u | rd16(fx + FX_FCW);
    out->StatusWord = 0xffff0000u | rd16(fx + FX_FSW);
    out->ErrorOffset = rd32(fx + FX_FIP);
    out->ErrorSelector = rd16(fx + FX_FCS) | (uint32_t)(rd16(fx + FX_FOP) & 0x7ff) << 16;
    out->DataOffset = rd32(fx + FX_FDP);
    out->DataSelector = 0xffff0000u | rd16(fx + FX_FDS);
    out->Cr0NpxState = 0;
    for (unsigned i = 0; i < 8; i++) {
        /* The abridged tag and the full tag word are indexed by physical
         * register; the register area is in stack order (ST0 first). */
        unsigned st = (i - top) & 7;
        unsigned tag = (fx[FX_FTW] & (1u << i)) ? x87_tag(fx + FX_ST0 + 16 * st) : 3;

        tags |= tag << (2 * i);
        memcpy(out->RegisterArea + 10 * i, fx + FX_ST0 + 16 * i, 10);
    }
    out->TagWord = 0xffff0000u | tags;
}

/* FLOATING_SAVE_AREA into the x87 part of an FXSAVE image. */
void cpu_fnsave_to_fxsave(uint8_t fx[512], const FLOATING_SAVE_AREA32 *in)
{
    uint8_t ftw = 0;

    wr16(fx + FX_FCW, (uint16_t)in->ControlWord);
    wr16(fx + FX_FSW, (uint16_t)in->StatusWord);
    for (unsigned i = 0; i < 8; i++)
        if (((in->TagWord >> (2 * i)) & 3) != 3)
            ftw |= (uint8_t)(1u << i);
    fx[FX_FTW] = ftw;
    wr16(fx + FX_FOP, (uint16_t)((in->ErrorSelector >> 16) & 0x7ff));
    wr32(fx + FX_FIP, in->ErrorOffset);
    wr32(fx + FX_FCS, in->ErrorSelector & 0xffff);
    wr32(fx + FX_FDP, in->DataOffset);
    wr32(fx + FX_FDS, in->DataSelector & 0xffff);
    for (unsigned i = 0; i < 8; i++) {
        memcpy(fx + FX_ST0 + 16 * i, in->RegisterArea + 10 * i, 10);
        memset(fx + FX_ST0 + 16 * i + 10, 0, 6);
    }
}

/* The thread's FPU and SSE state now, in the 32-bit FXSAVE format (the
 * one fxsave writes without REX.W). */
static void fxsave_now(uint8_t out[512])
{
    uint8_t buf[512 + 16];
    uint8_t *fx = (uint8_t *)(((uintptr_t)buf + 15) & ~(uintptr_t)15);

    __asm__ volatile("fxsave %0" : "=m"(*(uint8_t(*)[512])fx));
    memcpy(out, fx, 512);
    memset(out + FX_XMM8, 0, 512 - FX_XMM8);
}

/* MXCSR bits fxrstor accepts (a reserved bit set is a #GP). */
static uint32_t mxcsr_mask(void)
{
    static uint32_t mask;

    if (!mask) {
        uint8_t fx[512];
        uint32_t m;

        fxsave_now(fx);
        m = rd32(fx + FX_MXCSR_MASK);
        __atomic_store_n(&mask, m ? m : 0xffbfu, __ATOMIC_RELAXED);
    }
    return mask;
}

/* --- Contexts ---------------------------------------------------------- */

/* The guest's registers at the system call in progress: where the call
 * returns (EIP into the ntdll stub, ESP past its return address), the
 * callee-saved registers, EAX as the service returns it. */
static void syscall_context(const struct cpu_thread *t, CONTEXT32 *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->ContextFlags = CONTEXT32_FAULT;
    ctx->Eip = t->far_eip;
    ctx->Esp = t->regs.esp + 4;
    ctx->Ebp = t->regs.ebp;
    ctx->Ebx = t->regs.ebx;
    ctx->Esi = t->regs.esi;
    ctx->Edi = t->regs.edi;
    ctx->EFlags = EFLAGS_FIXED;
    ctx->SegCs = CPU_CS32;
    ctx->SegDs = ctx->SegEs = ctx->SegSs = ctx->SegGs = CPU_DS32;
    ctx->SegFs = t->fs_sel;
    fxsave_now(ctx->ExtendedRegisters);
    cpu_fxsave_to_fnsave(&ctx->FloatSave, ctx->ExtendedRegisters);
}

/* Copies the parts of src that flags select into dst (the rules of
 * NtSetContextThread; segments and debug registers are not the guest's to
 * change, so they are only ever read). */
static void merge_context(CONTEXT32 *dst, const CONTEXT32 *src, uint32_t flags)
{
    if (flags & CONTEXT32_CONTROL) {
        dst->Ebp = src->Ebp;
        dst->Eip = src->Eip;
        dst->Esp = src->Esp;
        dst->EFlags = src->EFlags;
    }
    if (flags & CONTEXT32_INTEGER) {
        dst->Edi = src->Edi;
        dst->Esi = src->Esi;
        dst->Ebx = src->Ebx;
        dst->Edx = src->Edx;
        dst->Ecx = src->Ecx;
        dst->Eax = src->Eax;
    }
    if (flags & CONTEXT32_EXTENDED_REGISTERS) {
        memcpy(dst->ExtendedRegisters, src->ExtendedRegisters, sizeof dst->ExtendedRegisters);
        cpu_fxsave_to_fnsave(&dst->FloatSave, dst->ExtendedRegisters);
    } else if (flags & CONTEXT32_FLOATING_POINT) {
        dst->FloatSave = src->FloatSave;
        cpu_fnsave_to_fxsave(dst->ExtendedRegisters, &dst->FloatSave);
    }
}

/* Reads a guest CONTEXT: its flags decide whether the ExtendedRegisters
 * part exists (older callers pass the 0xCC-byte structure). */
static bool read_context(const void *guest, CONTEXT32 *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    if (!guest_read(&ctx->ContextFlags, guest, 4))
        return false;
    return guest_read(ctx, guest,
                      (ctx->ContextFlags & CONTEXT32_EXTENDED_REGISTERS) ? sizeof *ctx
                                                                         : CONTEXT32_BASIC_SIZE);
}

/* Writes the exception frame below ctx->Esp (see the top of this file). */
bool cpu_exception_frame(struct cpu_thread *t, const EXCEPTION_RECORD32 *rec,
                         const CONTEXT32 *ctx, uint32_t *esp_out, uint32_t *eip_out)
{
    uint32_t dispatcher = loader_ntdll_export("KiUserExceptionDispatcher");
    uint32_t ctx_addr, rec_addr, frame, ptrs[2];

    if (!dispatcher || ctx->Esp < GUEST_MIN_ADDRESS + 0x1000)
        return false;
    ctx_addr = (ctx->Esp - (uint32_t)sizeof *ctx) & ~15u;
    rec_addr = ctx_addr - (uint32_t)sizeof *rec;
    frame = rec_addr - (uint32_t)sizeof ptrs;
    ptrs[0] = rec_addr;
    ptrs[1] = ctx_addr;
    /* Lowest address first: if the stack must grow, it grows into its
     * guard page in order (signal.c, copy_fault). */
    if (!guest_write((void *)(uintptr_t)frame, ptrs, sizeof ptrs) ||
        !guest_write((void *)(uintptr_t)rec_addr, rec, sizeof *rec) ||
        !guest_write((void *)(uintptr_t)ctx_addr, ctx, sizeof *ctx))
        return false;
    *esp_out = frame;
    *eip_out = dispatcher;
    return true;
}

/* Makes the current system call return into ctx (all of it): the
 * registers go below ctx->Esp, the FPU image below them when fpu is set,
 * and the return path jumps to the transition page stub that loads them. */
static NTSTATUS resume_context(struct cpu_thread *t, const CONTEXT32 *ctx, bool fpu)
{
    /* popal order: edi esi ebp (esp, skipped) ebx edx ecx eax; then
     * eflags for popfl and eip for ret. */
    uint32_t regs[10] = {
        ctx->Edi, ctx->Esi, ctx->Ebp, 0, ctx->Ebx, ctx->Edx, ctx->Ecx, ctx->Eax,
        (ctx->EFlags & EFLAGS_USER) | EFLAGS_FIXED, ctx->Eip,
    };
    uint32_t frame = ctx->Esp - (uint32_t)sizeof regs, entry;

    if (ctx->Esp < GUEST_MIN_ADDRESS + 0x1000)
        return STATUS_ACCESS_VIOLATION;
    if (fpu) {
        uint8_t fx[512 + 4];
        uint32_t image = (frame - (uint32_t)sizeof fx) & ~15u;
        uint32_t mxcsr = rd32(ctx->ExtendedRegisters + FX_MXCSR) & mxcsr_mask();

        memcpy(fx, ctx->ExtendedRegisters, 512);
        wr32(fx + FX_MXCSR, mxcsr);
        wr32(fx + 512, frame); /* the stub's "movl 512(%esp), %esp" */
        if (!guest_write((void *)(uintptr_t)image, fx, sizeof fx))
            return STATUS_ACCESS_VIOLATION;
        entry = image;
    } else {
        entry = frame;
    }
    if (!guest_write((void *)(uintptr_t)frame, regs, sizeof regs))
        return STATUS_ACCESS_VIOLATION;
    /* cpu_syscall_return sets ESP to regs.esp + 4 and jumps to far_eip. */
    t->regs.esp = entry - 4;
    t->far_eip = cpu_continue_address(fpu);
    return STATUS_SUCCESS;
}

/* Moves the thread to the parts of want its flags select, the rest as
 * at the system call. */
static NTSTATUS set_context(struct cpu_thread *t, const CONTEXT32 *want)
{
    CONTEXT32 ctx;

    syscall_context(t, &ctx);
    merge_context(&ctx, want, want->ContextFlags);
    return resume_context(t, &ctx, (want->ContextFlags & (CONTEXT32_FLOATING_POINT |
                                                          CONTEXT32_EXTENDED_REGISTERS)) != 0);
}

/* Whether a thread handle names the calling thread: the pseudo-handle,
 * or a handle to its own thread object. Otherwise *status says what to
 * answer. */
static bool is_current_thread(const struct cpu_thread *t, HANDLE h, const char *fn,
                              NTSTATUS *status)
{
    struct nt_object *obj;
    bool self;

    if (h == NtCurrentThread())
        return true;
    if (!(obj = handle_get(h, NT_OBJECT_ANY, status)))
        return false;
    self = t->thread_obj && obj == t->thread_obj;
    if (!self && obj->type != NT_OBJECT_GUEST_THREAD && obj->type != NT_OBJECT_THREAD) {
        *status = STATUS_OBJECT_TYPE_MISMATCH;
    } else if (!self) {
        log_fixme("ntdll", fn, "the context of another thread is not implemented");
        *status = STATUS_NOT_IMPLEMENTED;
    }
    object_release(obj);
    return self;
}

/* --- Services ---------------------------------------------------------- */

NTSTATUS svc_NtContinue(void *guest_ctx, ULONG alert)
{
    struct cpu_thread *t = cpu_current();
    CONTEXT32 ctx;

    if (!read_context(guest_ctx, &ctx))
        return STATUS_ACCESS_VIOLATION;
    if (alert) {
        static bool warned;
        if (!warned) {
            warned = true;
            log_fixme("ntdll", "NtContinue", "TestAlert (user APC delivery) is not done here");
        }
    }
    return set_context(t, &ctx);
}

/* NtRaiseException: dispatch in the guest (first chance) or the crash report. */
NTSTATUS svc_NtRaiseException(void *guest_rec, void *guest_ctx, ULONG first_chance)
{
    struct cpu_thread *t = cpu_current();
    EXCEPTION_RECORD32 rec;
    CONTEXT32 want, ctx;
    uint32_t esp, eip;

    if (!guest_read(&rec, guest_rec, sizeof rec) || !read_context(guest_ctx, &want))
        return STATUS_ACCESS_VIOLATION;
    if (rec.NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS32)
        return STATUS_INVALID_PARAMETER;
    syscall_context(t, &ctx);
    merge_context(&ctx, &want, want.ContextFlags);
    /* Second chance: no handler took it, the process ends with a report. */
    if (!first_chance)
        cpu_crash_report(t, &rec, &ctx);
    ctx.ContextFlags = CONTEXT32_FAULT;
    if (!cpu_exception_frame(t, &rec, &ctx, &esp, &eip))
        cpu_crash_report(t, &rec, &ctx);
    t->regs.esp = esp - 4;
    t->far_eip = eip;
    return STATUS_SUCCESS;
}

/* NtGetContextThread of the calling thread: its registers at this call. */
NTSTATUS svc_NtGetContextThread(HANDLE thread, void *guest_ctx)
{
    struct cpu_thread *t = cpu_current();
    NTSTATUS status;
    CONTEXT32 want, now;
    uint32_t flags;
    size_t size;

    if (!is_current_thread(t, thread, "NtGetContextThread", &status))
        return status;
    if (!read_context(guest_ctx, &want))
        return STATUS_ACCESS_VIOLATION;
    flags = want.ContextFlags;
    syscall_context(t, &now);
    if (flags & CONTEXT32_CONTROL) {
        want.Ebp = now.Ebp;
        want.Eip = now.Eip;
        want.SegCs = now.SegCs;
        want.EFlags = now.EFlags;
        want.Esp = now.Esp;
        want.SegSs = now.SegSs;
    }
    if (flags & CONTEXT32_INTEGER) {
        want.Edi = now.Edi;
        want.Esi = now.Esi;
        want.Ebx = now.Ebx;
        want.Edx = now.Edx;
        want.Ecx = now.Ecx;
        want.Eax = now.Eax;
    }
    if (flags & CONTEXT32_SEGMENTS) {
        want.SegGs = now.SegGs;
        want.SegFs = now.SegFs;
        want.SegEs = now.SegEs;
        want.SegDs = now.SegDs;
    }
    if (flags & CONTEXT32_FLOATING_POINT)
        want.FloatSave = now.FloatSave;
    if (flags & CONTEXT32_DEBUG_REGISTERS)
        want.Dr0 = want.Dr1 = want.Dr2 = want.Dr3 = want.Dr6 = want.Dr7 = 0;
    if (flags & CONTEXT32_EXTENDED_REGISTERS)
        memcpy(want.ExtendedRegisters, now.ExtendedRegisters, sizeof want.ExtendedRegisters);
    size = (flags & CONTEXT32_EXTENDED_REGISTERS) ? sizeof want : CONTEXT32_BASIC_SIZE;
    return guest_write(guest_ctx, &want, size) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

/* NtSetContextThread of the calling thread: returns into the new context. */
NTSTATUS svc_NtSetContextThread(HANDLE thread, void *guest_ctx)
{
    struct cpu_thread *t = cpu_current();
    NTSTATUS status;
    CONTEXT32 want;

    if (!is_current_thread(t, thread, "NtSetContextThread", &status))
        return status;
    if (!read_context(guest_ctx, &want))
        return STATUS_ACCESS_VIOLATION;
    return set_context(t, &want);
}
