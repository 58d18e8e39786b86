/* Guest exceptions on the host side: the i386 CONTEXT and EXCEPTION_RECORD
 * layouts as 32-bit Windows code sees them (pinned by static asserts), and
 * the functions that turn faults and NtRaiseException into guest exception
 * dispatch, resume a guest context, and report what no handler took. */
#ifndef WOW64_CPU_CONTEXT32_H
#define WOW64_CPU_CONTEXT32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../nt/nt.h"

struct cpu_thread;

/* CONTEXT.ContextFlags (winnt.h, i386). */
#define CONTEXT32_i386 0x00010000u
#define CONTEXT32_CONTROL 0x00000001u            /* Ebp Eip SegCs EFlags Esp SegSs */
#define CONTEXT32_INTEGER 0x00000002u            /* Edi Esi Ebx Edx Ecx Eax */
#define CONTEXT32_SEGMENTS 0x00000004u           /* SegGs SegFs SegEs SegDs */
#define CONTEXT32_FLOATING_POINT 0x00000008u     /* FloatSave */
#define CONTEXT32_DEBUG_REGISTERS 0x00000010u    /* Dr0-Dr3 Dr6 Dr7 */
#define CONTEXT32_EXTENDED_REGISTERS 0x00000020u /* ExtendedRegisters (FXSAVE image) */
#define CONTEXT32_FULL (CONTEXT32_i386 | CONTEXT32_CONTROL | CONTEXT32_INTEGER | CONTEXT32_SEGMENTS)
/* What a fault delivers: everything but the debug registers. */
#define CONTEXT32_FAULT \
    (CONTEXT32_FULL | CONTEXT32_FLOATING_POINT | CONTEXT32_EXTENDED_REGISTERS)

/* FLOATING_SAVE_AREA: the x87 state in FNSAVE layout. */
typedef struct {
    uint32_t ControlWord;
    uint32_t StatusWord;
    uint32_t TagWord;
    uint32_t ErrorOffset;
    uint32_t ErrorSelector;
    uint32_t DataOffset;
    uint32_t DataSelector;
    uint8_t RegisterArea[80];
    uint32_t Cr0NpxState;
} FLOATING_SAVE_AREA32;

typedef struct {
    uint32_t ContextFlags;
    uint32_t Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    FLOATING_SAVE_AREA32 FloatSave;
    uint32_t SegGs, SegFs, SegEs, SegDs;
    uint32_t Edi, Esi, Ebx, Edx, Ecx, Eax;
    uint32_t Ebp, Eip, SegCs, EFlags, Esp, SegSs;
    uint8_t ExtendedRegisters[512]; /* FXSAVE image, 32-bit format */
} CONTEXT32;

_Static_assert(sizeof(FLOATING_SAVE_AREA32) == 0x70, "FLOATING_SAVE_AREA32");
_Static_assert(offsetof(CONTEXT32, FloatSave) == 0x1C, "CONTEXT32.FloatSave");
_Static_assert(offsetof(CONTEXT32, SegGs) == 0x8C, "CONTEXT32.SegGs");
_Static_assert(offsetof(CONTEXT32, Edi) == 0x9C, "CONTEXT32.Edi");
_Static_assert(offsetof(CONTEXT32, Eax) == 0xB0, "CONTEXT32.Eax");
_Static_assert(offsetof(CONTEXT32, Ebp) == 0xB4, "CONTEXT32.Ebp");
_Static_assert(offsetof(CONTEXT32, Eip) == 0xB8, "CONTEXT32.Eip");
_Static_assert(offsetof(CONTEXT32, SegCs) == 0xBC, "CONTEXT32.SegCs");
_Static_assert(offsetof(CONTEXT32, EFlags) == 0xC0, "CONTEXT32.EFlags");
_Static_assert(offsetof(CONTEXT32, Esp) == 0xC4, "CONTEXT32.Esp");
_Static_assert(offsetof(CONTEXT32, SegSs) == 0xC8, "CONTEXT32.SegSs");
_Static_assert(offsetof(CONTEXT32, ExtendedRegisters) == 0xCC, "CONTEXT32.ExtendedRegisters");
_Static_assert(sizeof(CONTEXT32) == 0x2CC, "CONTEXT32");

/* The size of a CONTEXT without ExtendedRegisters (programs older than the
 * field pass buffers this big). */
#define CONTEXT32_BASIC_SIZE 0xCC

#define EXCEPTION_MAXIMUM_PARAMETERS32 15

typedef struct {
    uint32_t ExceptionCode;
    uint32_t ExceptionFlags;
    uint32_t ExceptionRecord; /* guest pointer to a chained record */
    uint32_t ExceptionAddress;
    uint32_t NumberParameters;
    uint32_t ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS32];
} EXCEPTION_RECORD32;

_Static_assert(offsetof(EXCEPTION_RECORD32, ExceptionAddress) == 0x0C, "EXCEPTION_RECORD32.Address");
_Static_assert(offsetof(EXCEPTION_RECORD32, NumberParameters) == 0x10, "EXCEPTION_RECORD32.Number");
_Static_assert(offsetof(EXCEPTION_RECORD32, ExceptionInformation) == 0x14, "EXCEPTION_RECORD32.Info");
_Static_assert(sizeof(EXCEPTION_RECORD32) == 0x50, "EXCEPTION_RECORD32");

/* EXCEPTION_RECORD.ExceptionFlags. */
#define EXCEPTION32_NONCONTINUABLE 0x01u

/* Exception codes the host raises (ntstatus.h). */
#define EXC_ACCESS_VIOLATION 0xC0000005u
#define EXC_GUARD_PAGE 0x80000001u
#define EXC_BREAKPOINT 0x80000003u
#define EXC_SINGLE_STEP 0x80000004u
#define EXC_ILLEGAL_INSTRUCTION 0xC000001Du
#define EXC_INT_DIVIDE_BY_ZERO 0xC0000094u
#define EXC_INT_OVERFLOW 0xC0000095u
#define EXC_PRIVILEGED_INSTRUCTION 0xC0000096u
#define EXC_STACK_OVERFLOW 0xC00000FDu

/* ExceptionInformation[0] of an access violation. */
#define EXC_AV_READ 0u
#define EXC_AV_WRITE 1u
#define EXC_AV_EXECUTE 8u

/* Delivers an exception to the guest as a fault would be delivered on
 * Windows x86: record and context are written on the guest stack below
 * ctx->Esp with the two pointers KiUserExceptionDispatcher finds at [esp]
 * and [esp+4]. On success *esp_out is the ESP to enter
 * ntdll!KiUserExceptionDispatcher with (*eip_out). false when the frame
 * cannot be written (stack exhausted) or ntdll lacks the dispatcher. */
bool cpu_exception_frame(struct cpu_thread *t, const EXCEPTION_RECORD32 *rec,
                         const CONTEXT32 *ctx, uint32_t *esp_out, uint32_t *eip_out);

/* Reports an exception no guest handler took (stderr: code and name,
 * module+offset, registers, disassembly, stack) and ends the process with
 * the exception code. Does not return. */
_Noreturn void cpu_crash_report(struct cpu_thread *t, const EXCEPTION_RECORD32 *rec,
                                const CONTEXT32 *ctx);

/* FXSAVE images: the host's 64-bit format (ucontext, fxsave64) to the
 * 32-bit format of CONTEXT.ExtendedRegisters, and the x87 part of a 32-bit
 * image to FLOATING_SAVE_AREA and back. */
void cpu_fxsave64_to_32(uint8_t out[512], const uint8_t in[512]);
void cpu_fxsave_to_fnsave(FLOATING_SAVE_AREA32 *out, const uint8_t fx[512]);
void cpu_fnsave_to_fxsave(uint8_t fx[512], const FLOATING_SAVE_AREA32 *in);

/* The stack of thread t grows into the guard page at addr, or raises a
 * stack overflow (src/cpu/signal.c): see vm_guard_fault. Updates the TEB's
 * StackLimit and t->stack_limit when the stack grew. */
enum vm_guard_result cpu_stack_guard(struct cpu_thread *t, uint32_t addr);

/* The services (src/cpu/exception.c). */
NTSTATUS svc_NtContinue(void *ctx, ULONG alert);
NTSTATUS svc_NtRaiseException(void *rec, void *ctx, ULONG first_chance);
NTSTATUS svc_NtGetContextThread(HANDLE thread, void *ctx);
NTSTATUS svc_NtSetContextThread(HANDLE thread, void *ctx);

/* The 32-bit code in the transition page that resumes a context written
 * by NtContinue (src/cpu/cpu.c): "popal; popfl; ret" from [esp], or with
 * fxrstor of the 512-byte image at [esp] first, then esp = [esp+512]. */
uint32_t cpu_continue_address(bool fxrstor);

/* An export of our ntdll.dll by name, 0 when ntdll is not loaded or lacks
 * it; a pure table lookup, safe in a signal handler
 * (src/loader/ntdll_exports.c). */
uint32_t loader_ntdll_export(const char *name);
/* "kernel32.dll!RaiseException+0x12" when addr lies in a module at or after
 * one of its named exports, else "(module+0xoff)" as loader_describe_address
 * (src/loader/ntdll_exports.c). */
void loader_describe_symbol(uint32_t addr, char *buf, size_t n);

#endif
