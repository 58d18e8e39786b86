/* Process termination: atexit/_onexit handlers, exit/_exit/_cexit/
 * _c_exit, abort, _assert, _amsg_exit, and the _initterm tables.
 *
 * exit runs the handlers in reverse order of registration, then flushes
 * and closes the streams, then calls ExitProcess. _exit and _c_exit skip
 * both; _cexit does both without exiting. abort writes msvcrt's
 * "\r\nabnormal program termination\r\n" to the standard error handle,
 * raises SIGABRT and exits with status 3; _assert prints "Assertion
 * failed: <expr>, file <file>, line <n>\n" on stderr first. */
#include "crtio.h"

typedef int(__cdecl *onexit_fn)(void);
typedef void(__cdecl *vfn)(void);

static onexit_fn *handlers;
static int nhandlers, maxhandlers;
volatile int crt_exit_done;

int __cdecl _fcloseall(void);
int __cdecl _flushall(void);

onexit_fn __cdecl _onexit(onexit_fn f)
{
    onexit_fn r = NULL;

    if (!f)
        return NULL;
    _lock(CRT_LOCK_EXIT);
    if (nhandlers == maxhandlers) {
        int n = maxhandlers ? maxhandlers * 2 : 32;
        onexit_fn *t = realloc(handlers, n * sizeof(*t));
        if (t) {
            handlers = t;
            maxhandlers = n;
        }
    }
    if (nhandlers < maxhandlers) {
        handlers[nhandlers++] = f;
        r = f;
    }
    _unlock(CRT_LOCK_EXIT);
    return r;
}

int __cdecl atexit(vfn f)
{
    return _onexit((onexit_fn)f) ? 0 : -1;
}

/* A DLL's own atexit list, which it keeps and we grow (MinGW DLLs). */
onexit_fn __cdecl __dllonexit(onexit_fn f, onexit_fn **begin, onexit_fn **end)
{
    size_t n, cap;
    onexit_fn *t;

    if (!f || !begin || !end)
        return NULL;
    n = *end - *begin;
    cap = *begin ? _msize(*begin) / sizeof(onexit_fn) : 0;
    if (n >= cap) {
        t = realloc(*begin, (cap ? cap * 2 : 32) * sizeof(onexit_fn));
        if (!t)
            return NULL;
        *begin = t;
    }
    (*begin)[n] = f;
    *end = *begin + n + 1;
    return f;
}

/* Runs the handlers newest first; each is taken off the list before it
 * runs, so exit from inside a handler carries on with the rest. */
static void run_handlers(void)
{
    onexit_fn f;

    for (;;) {
        _lock(CRT_LOCK_EXIT);
        f = nhandlers ? handlers[--nhandlers] : NULL;
        _unlock(CRT_LOCK_EXIT);
        if (!f)
            break;
        f();
    }
}

static void terminate_io(void)
{
    _flushall();
    _fcloseall();
}

void __cdecl exit(int code)
{
    run_handlers();
    terminate_io();
    crt_exit_done = 1;
    ExitProcess((UINT)code);
}

void __cdecl _exit(int code)
{
    crt_exit_done = 1;
    ExitProcess((UINT)code);
}

void __cdecl _Exit(int code)
{
    _exit(code);
}

void __cdecl _cexit(void)
{
    run_handlers();
    terminate_io();
    crt_exit_done = 1;
}

void __cdecl _c_exit(void)
{
    crt_exit_done = 1;
}

void __cdecl _initterm(vfn *begin, vfn *end)
{
    for (; begin < end; begin++)
        if (*begin)
            (*begin)();
}

int __cdecl _initterm_e(onexit_fn *begin, onexit_fn *end)
{
    int r = 0;

    for (; !r && begin < end; begin++)
        if (*begin)
            r = (*begin)();
    return r;
}

/* Writes text raw to the standard error handle, as msvcrt's run-time
 * messages go (no text-mode translation: the texts carry CR LF). */
static void write_stderr(const char *s)
{
    HANDLE h = GetStdHandle(STD_ERROR_HANDLE);
    DWORD done;

    if (h && h != INVALID_HANDLE_VALUE)
        WriteFile(h, s, (DWORD)strlen(s), &done, NULL);
}

void __cdecl abort(void)
{
    write_stderr("\r\nabnormal program termination\r\n");
    raise(22 /* SIGABRT */);
    _exit(3);
}

void __cdecl _assert(const char *expr, const char *file, unsigned int line)
{
    fprintf(crt_stderr, "Assertion failed: %s, file %s, line %d\n", expr, file, (int)line);
    fflush(crt_stderr);
    abort();
}

void __cdecl _wassert(const crt_wchar *expr, const crt_wchar *file, unsigned int line)
{
    fprintf(crt_stderr, "Assertion failed: %ls, file %ls, line %d\n", expr, file, (int)line);
    fflush(crt_stderr);
    abort();
}

/* _amsg_exit(n): "runtime error R60nn" with msvcrt's text, status 255. */
void __cdecl _amsg_exit(int n)
{
    static const struct { int n; const char *text; } msgs[] = {
        { 2, "floating point not loaded" }, { 8, "not enough space for arguments" },
        { 9, "not enough space for environment" }, { 10, "abnormal program termination" },
        { 16, "not enough space for thread data" }, { 17, "unexpected multithread lock error" },
        { 18, "unexpected heap error" }, { 19, "unable to open console device" },
        { 24, "not enough space for _onexit/atexit table" },
        { 25, "pure virtual function call" }, { 26, "not enough space for stdio initialization" },
        { 27, "not enough space for lowio initialization" }, { 28, "unable to initialize heap" },
    };
    char buf[128];
    size_t i;
    char num[3] = { (char)('0' + n / 10 % 10), (char)('0' + n % 10), 0 };

    strcpy(buf, "\r\nruntime error R60");
    strcat(buf, num);
    strcat(buf, "\r\n");
    for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
        if (msgs[i].n == n) {
            strcat(buf, "- ");
            strcat(buf, msgs[i].text);
            strcat(buf, "\r\n");
        }
    }
    write_stderr(buf);
    _exit(255);
}

void __cdecl _purecall(void)
{
    _amsg_exit(25);
}
