/* The floating-point environment: _control87/_controlfp, _statusfp,
 * _clearfp, _fpreset. msvcrt's abstract control word is mapped onto the
 * x87 control word and, when the CPU has SSE, onto MXCSR too, so code of
 * either kind sees the same settings. _fpreset restores Windows' defaults
 * (x87 0x27f: 53-bit precision, round to nearest, all exceptions masked;
 * MXCSR 0x1f80). */
#include "crtio.h"

#define EM_INVALID 0x00000010
#define EM_DENORMAL 0x00080000
#define EM_ZERODIVIDE 0x00000008
#define EM_OVERFLOW 0x00000004
#define EM_UNDERFLOW 0x00000002
#define EM_INEXACT 0x00000001
#define IC_AFFINE 0x00040000
#define RC_DOWN 0x00000100
#define RC_UP 0x00000200
#define RC_CHOP 0x00000300
#define PC_24 0x00020000
#define PC_53 0x00010000
#define MCW_EM 0x0008001f
#define MCW_IC 0x00040000
#define MCW_RC 0x00000300
#define MCW_PC 0x00030000

static int have_sse;

void crt_fpu_init(void)
{
    have_sse = IsProcessorFeaturePresent(6 /* PF_XMMI_INSTRUCTIONS_AVAILABLE */);
}

static const struct { unsigned int ms, x87, sse; } ex_bits[] = {
    { EM_INVALID, 0x01, 0x0080 }, { EM_DENORMAL, 0x02, 0x0100 }, { EM_ZERODIVIDE, 0x04, 0x0200 },
    { EM_OVERFLOW, 0x08, 0x0400 }, { EM_UNDERFLOW, 0x10, 0x0800 }, { EM_INEXACT, 0x20, 0x1000 },
};

static unsigned int from_x87(unsigned short cw)
{
    unsigned int r = 0;
    int i;

    for (i = 0; i < 6; i++)
        if (cw & ex_bits[i].x87)
            r |= ex_bits[i].ms;
    if (cw & 0x1000)
        r |= IC_AFFINE;
    switch (cw & 0x0c00) {
    case 0x0400: r |= RC_DOWN; break;
    case 0x0800: r |= RC_UP; break;
    case 0x0c00: r |= RC_CHOP; break;
    }
    switch (cw & 0x0300) {
    case 0x0000: r |= PC_24; break;
    case 0x0200: r |= PC_53; break;
    }
    return r;
}

static unsigned short to_x87(unsigned int v, unsigned short cw)
{
    int i;

    cw &= ~0x1f3f;
    for (i = 0; i < 6; i++)
        if (v & ex_bits[i].ms)
            cw |= ex_bits[i].x87;
    if (v & IC_AFFINE)
        cw |= 0x1000;
    switch (v & MCW_RC) {
    case RC_DOWN: cw |= 0x0400; break;
    case RC_UP: cw |= 0x0800; break;
    case RC_CHOP: cw |= 0x0c00; break;
    }
    switch (v & MCW_PC) {
    case PC_24: break;
    case PC_53: cw |= 0x0200; break;
    default: cw |= 0x0300; break;
    }
    return cw;
}

static unsigned int to_sse(unsigned int v, unsigned int csr)
{
    int i;

    csr &= ~0x7f80u;
    for (i = 0; i < 6; i++)
        if (v & ex_bits[i].ms)
            csr |= ex_bits[i].sse;
    switch (v & MCW_RC) {
    case RC_DOWN: csr |= 0x2000; break;
    case RC_UP: csr |= 0x4000; break;
    case RC_CHOP: csr |= 0x6000; break;
    }
    return csr;
}

unsigned int __cdecl _control87(unsigned int newval, unsigned int mask)
{
    unsigned short cw;
    unsigned int v, csr;

    __asm__ volatile("fnstcw %0" : "=m"(cw));
    v = from_x87(cw);
    if (mask) {
        v = (v & ~mask) | (newval & mask);
        cw = to_x87(v, cw);
        __asm__ volatile("fldcw %0" : : "m"(cw));
        if (have_sse) {
            __asm__ volatile("stmxcsr %0" : "=m"(csr));
            csr = to_sse(v, csr);
            __asm__ volatile("ldmxcsr %0" : : "m"(csr));
        }
    }
    return v;
}

unsigned int __cdecl _controlfp(unsigned int newval, unsigned int mask)
{
    return _control87(newval, mask & ~EM_DENORMAL);
}

int __cdecl _controlfp_s(unsigned int *cur, unsigned int newval, unsigned int mask)
{
    if (mask & ~(MCW_EM | MCW_IC | MCW_RC | MCW_PC)) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    unsigned int v = _controlfp(newval, mask);
    if (cur)
        *cur = v;
    return 0;
}

void __cdecl _set_controlfp(unsigned int newval, unsigned int mask)
{
    _controlfp(newval, mask);
}

/* Status flags of x87 and SSE merged, in the _SW_* encoding. */
unsigned int __cdecl _statusfp(void)
{
    unsigned short sw;
    unsigned int csr = 0, r = 0, bits;
    int i;

    __asm__ volatile("fnstsw %0" : "=m"(sw));
    if (have_sse)
        __asm__ volatile("stmxcsr %0" : "=m"(csr));
    bits = (sw | csr) & 0x3f;
    for (i = 0; i < 6; i++)
        if (bits & ex_bits[i].x87)
            r |= ex_bits[i].ms;
    return r;
}

unsigned int __cdecl _clearfp(void)
{
    unsigned int r = _statusfp(), csr;

    __asm__ volatile("fnclex");
    if (have_sse) {
        __asm__ volatile("stmxcsr %0" : "=m"(csr));
        csr &= ~0x3fu;
        __asm__ volatile("ldmxcsr %0" : : "m"(csr));
    }
    return r;
}

void __cdecl _fpreset(void)
{
    unsigned short cw = 0x27f;
    unsigned int csr = 0x1f80;

    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
    if (have_sse)
        __asm__ volatile("ldmxcsr %0" : : "m"(csr));
}

/* MSVC's old Pentium FDIV workaround flag: no CPU here has the bug. */
int _adjust_fdiv;
