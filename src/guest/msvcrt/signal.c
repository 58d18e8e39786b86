/* signal and raise, and _XcptFilter, which maps a Win32 exception to the
 * signal handler a program installed (SIGSEGV, SIGILL, SIGFPE).
 *
 * A handler is reset to SIG_DFL before it is called; SIGFPE handlers get
 * the FPE code as a second argument. The default action of every signal is
 * to exit with status 3. Ctrl-C and Ctrl-Break reach SIGINT and SIGBREAK
 * handlers through a console control handler, registered with the first
 * such handler, as Microsoft's CRT does: SIG_DFL lets the next console
 * handler (in the end kernel32's default: the process ends) take the
 * event, SIG_IGN swallows it. */
#include "crtio.h"

#define SIGINT 2
#define SIGILL 4
#define SIGABRT_COMPAT 6
#define SIGFPE 8
#define SIGSEGV 11
#define SIGTERM 15
#define SIGBREAK 21
#define SIGABRT 22
#define FPE_EXPLICITGEN 0x8c

typedef void(__cdecl *sighandler)(int);
typedef void(__cdecl *fpe_handler)(int, int);
#define SIG_DFL ((sighandler)0)
#define SIG_IGN ((sighandler)1)
#define SIG_SGE ((sighandler)3)
#define SIG_ACK ((sighandler)4)
#define SIG_ERR ((sighandler)-1)

static sighandler handlers[SIGABRT + 1];

static BOOL ctrl_registered;

/* The console control handler: Ctrl-C -> SIGINT, Ctrl-Break -> SIGBREAK. */
static BOOL WINAPI ctrl_event(DWORD event)
{
    int sig = event == CTRL_C_EVENT ? SIGINT : event == CTRL_BREAK_EVENT ? SIGBREAK : 0;
    sighandler f;

    if (!sig)
        return 0;
    _lock(CRT_LOCK_SIGNAL);
    f = handlers[sig];
    if (f != SIG_IGN && f != SIG_DFL)
        handlers[sig] = SIG_DFL;
    _unlock(CRT_LOCK_SIGNAL);
    if (f == SIG_DFL)
        return 0;
    if (f != SIG_IGN)
        f(sig);
    return 1;
}

static int valid(int sig)
{
    return sig == SIGINT || sig == SIGILL || sig == SIGFPE || sig == SIGSEGV ||
           sig == SIGTERM || sig == SIGBREAK || sig == SIGABRT || sig == SIGABRT_COMPAT;
}

sighandler __cdecl signal(int sig, sighandler f)
{
    sighandler old;

    if (!valid(sig) || f == SIG_SGE || f == SIG_ACK) {
        crt_errno = CRT_EINVAL;
        return SIG_ERR;
    }
    if (sig == SIGABRT_COMPAT)
        sig = SIGABRT;
    _lock(CRT_LOCK_SIGNAL);
    if ((sig == SIGINT || sig == SIGBREAK) && f != SIG_DFL && !ctrl_registered)
        ctrl_registered = SetConsoleCtrlHandler(ctrl_event, 1) != 0;
    old = handlers[sig];
    handlers[sig] = f;
    _unlock(CRT_LOCK_SIGNAL);
    return old;
}

int __cdecl raise(int sig)
{
    sighandler f;

    if (!valid(sig))
        return -1;
    if (sig == SIGABRT_COMPAT)
        sig = SIGABRT;
    _lock(CRT_LOCK_SIGNAL);
    f = handlers[sig];
    if (f != SIG_IGN)
        handlers[sig] = SIG_DFL;
    _unlock(CRT_LOCK_SIGNAL);
    if (f == SIG_IGN)
        return 0;
    if (f == SIG_DFL)
        _exit(3);
    if (sig == SIGFPE)
        ((fpe_handler)(void *)f)(SIGFPE, FPE_EXPLICITGEN);
    else
        f(sig);
    return 0;
}

/* The signal of an exception code and, for SIGFPE, its FPE code. */
static int exception_signal(DWORD code, int *fpe)
{
    switch (code) {
    case 0xc0000005: return SIGSEGV;                /* access violation */
    case 0xc000001d: case 0xc0000096: return SIGILL;
    case 0xc000008d: *fpe = 0x82; return SIGFPE;    /* denormal operand */
    case 0xc000008e: *fpe = 0x83; return SIGFPE;    /* divide by zero */
    case 0xc000008f: *fpe = 0x86; return SIGFPE;    /* inexact result */
    case 0xc0000090: *fpe = 0x81; return SIGFPE;    /* invalid operation */
    case 0xc0000091: *fpe = 0x84; return SIGFPE;    /* overflow */
    case 0xc0000092: *fpe = 0x8a; return SIGFPE;    /* stack check */
    case 0xc0000093: *fpe = 0x85; return SIGFPE;    /* underflow */
    default: return 0;
    }
}

/* The filter of MSVC start-up code's __try around main. Without a handler
 * the search goes on (to the unhandled-exception filter). */
int __cdecl _XcptFilter(DWORD code, EXCEPTION_POINTERS *ptrs)
{
    int fpe = 0, sig = exception_signal(code, &fpe);
    sighandler f;

    if (!sig)
        return EXCEPTION_CONTINUE_SEARCH;
    _lock(CRT_LOCK_SIGNAL);
    f = handlers[sig];
    if (f != SIG_DFL && f != SIG_IGN)
        handlers[sig] = SIG_DFL;
    _unlock(CRT_LOCK_SIGNAL);
    if (f == SIG_DFL)
        return EXCEPTION_CONTINUE_SEARCH;
    if (f == SIG_IGN)
        return EXCEPTION_CONTINUE_EXECUTION;
    if (sig == SIGFPE) {
        *__fpecode() = fpe;
        ((fpe_handler)(void *)f)(SIGFPE, fpe);
    } else {
        f(sig);
    }
    return EXCEPTION_CONTINUE_EXECUTION;
}

int __cdecl __CppXcptFilter(DWORD code, EXCEPTION_POINTERS *ptrs)
{
    /* C++ exceptions are not signals. */
    if (code == 0xe06d7363)
        return EXCEPTION_CONTINUE_SEARCH;
    return _XcptFilter(code, ptrs);
}
