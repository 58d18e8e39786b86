/* _beginthread/_beginthreadex and _endthread/_endthreadex over CreateThread
 * and ExitThread. errno and the rest of the per-thread CRT state live in
 * errno.c's TLS block, which a new thread gets on first use and gives back
 * at DLL_THREAD_DETACH (main.c). */
#include "crtio.h"

typedef DWORD(WINAPI *CRT_THREAD_START)(void *arg);
WINIMPORT HANDLE WINAPI CreateThread(void *sa, SIZE_T stack, CRT_THREAD_START start, void *arg,
                                     DWORD flags, DWORD *tid);
WINIMPORT DWORD WINAPI ResumeThread(HANDLE h);
WINIMPORT __attribute__((noreturn)) void WINAPI ExitThread(DWORD code);

#define CRT_CREATE_SUSPENDED 0x4

void __cdecl _endthread(void) __attribute__((noreturn));
void __cdecl _endthreadex(unsigned int code) __attribute__((noreturn));

struct start_ctx {
    void(__cdecl *start)(void *);               /* _beginthread */
    unsigned int(__stdcall *start_ex)(void *);  /* _beginthreadex */
    void *arg;
    HANDLE handle;                              /* _beginthread's, closed at the end */
};

/* The TLS slot that remembers a _beginthread thread's own handle, so that
 * _endthread can close it. Allocated on first use. */
static volatile DWORD handle_slot = TLS_OUT_OF_INDEXES;

static DWORD get_handle_slot(void)
{
    DWORD s = handle_slot, mine;

    if (s != TLS_OUT_OF_INDEXES)
        return s;
    mine = TlsAlloc();
    if (mine == TLS_OUT_OF_INDEXES)
        return mine;
    s = __sync_val_compare_and_swap(&handle_slot, TLS_OUT_OF_INDEXES, mine);
    if (s != TLS_OUT_OF_INDEXES) {
        TlsFree(mine);
        return s;
    }
    return mine;
}

static DWORD WINAPI thread_main(void *p)
{
    struct start_ctx c = *(struct start_ctx *)p;
    DWORD slot;

    HeapFree(crt_heap, 0, p);
    if (c.start_ex)
        _endthreadex(c.start_ex(c.arg));
    slot = get_handle_slot();
    if (slot != TLS_OUT_OF_INDEXES)
        TlsSetValue(slot, c.handle);
    c.start(c.arg);
    _endthread();
    return 0;
}

static struct start_ctx *new_ctx(void)
{
    struct start_ctx *c = HeapAlloc(crt_heap, HEAP_ZERO_MEMORY, sizeof(*c));

    if (!c)
        crt_errno = CRT_EAGAIN;
    return c;
}

/* A thread running start(arg); its handle closes itself when the thread
 * ends. -1 with errno on failure (EINVAL for no start, else the mapped
 * CreateThread error). */
uintptr_t __cdecl _beginthread(void(__cdecl *start)(void *), unsigned int stack, void *arg)
{
    struct start_ctx *c;
    HANDLE h;

    if (!start) {
        crt_errno = CRT_EINVAL;
        return (uintptr_t)-1;
    }
    if (!(c = new_ctx()))
        return (uintptr_t)-1;
    c->start = start;
    c->arg = arg;
    h = CreateThread(NULL, stack, thread_main, c, CRT_CREATE_SUSPENDED, NULL);
    if (!h) {
        crt_dosmaperr(GetLastError());
        HeapFree(crt_heap, 0, c);
        return (uintptr_t)-1;
    }
    c->handle = h;
    ResumeThread(h);
    return (uintptr_t)h;
}

/* A thread running the __stdcall start(arg), whose return value is the
 * exit code; the caller owns (and closes) the handle. 0 on failure. */
uintptr_t __cdecl _beginthreadex(void *security, unsigned int stack,
                                 unsigned int(__stdcall *start)(void *), void *arg,
                                 unsigned int flags, unsigned int *tid)
{
    struct start_ctx *c;
    HANDLE h;

    if (!start) {
        crt_errno = CRT_EINVAL;
        return 0;
    }
    if (!(c = new_ctx()))
        return 0;
    c->start_ex = start;
    c->arg = arg;
    h = CreateThread(security, stack, thread_main, c, flags, (DWORD *)tid);
    if (!h) {
        crt_dosmaperr(GetLastError());
        HeapFree(crt_heap, 0, c);
        return 0;
    }
    return (uintptr_t)h;
}

/* Ends the calling thread with code 0, closing the handle _beginthread
 * returned for it. */
void __cdecl _endthread(void)
{
    DWORD slot = handle_slot;
    HANDLE h = slot != TLS_OUT_OF_INDEXES ? TlsGetValue(slot) : NULL;

    if (h) {
        TlsSetValue(slot, NULL);
        CloseHandle(h);
    }
    ExitThread(0);
}

/* Ends the calling thread with the given exit code; the handle stays open. */
void __cdecl _endthreadex(unsigned int code)
{
    ExitThread(code);
}
