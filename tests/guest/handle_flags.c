/* Handle flags (GetHandleInformation / SetHandleInformation, the inherit
 * flag from SECURITY_ATTRIBUTES and DuplicateHandle, protection from
 * CloseHandle) and closing a handle while another thread is using it.
 * Expected values: Microsoft's documentation of SetHandleInformation,
 * CloseHandle ("If the application is running under a debugger ... or if
 * the handle is protected ... the function fails": ERROR_INVALID_HANDLE)
 * and DuplicateHandle. */
#include <windows.h>
#include <stdio.h>

#include "test.h"

static DWORD flags_of(HANDLE h)
{
    DWORD f = 0xdeadbeef;

    if (!GetHandleInformation(h, &f))
        return 0xFFFFFFFF;
    return f;
}

static void test_inherit_flag_at_creation(const char *path)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE a, b, e;

    a = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                    CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(a != INVALID_HANDLE_VALUE, "create: %lu", GetLastError());
    ok(flags_of(a) == HANDLE_FLAG_INHERIT, "inheritable file: %lx", flags_of(a));
    b = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    ok(flags_of(b) == 0, "plain file: %lx", flags_of(b));
    e = CreateEventA(&sa, TRUE, FALSE, NULL);
    ok(flags_of(e) == HANDLE_FLAG_INHERIT, "inheritable event: %lx", flags_of(e));
    {
        HANDLE r, w;

        ok(CreatePipe(&r, &w, &sa, 0), "inheritable pipe: %lu", GetLastError());
        ok(flags_of(r) == HANDLE_FLAG_INHERIT && flags_of(w) == HANDLE_FLAG_INHERIT,
           "inheritable pipe ends: %lx %lx", flags_of(r), flags_of(w));
        CloseHandle(r);
        CloseHandle(w);
        ok(CreatePipe(&r, &w, NULL, 0), "pipe: %lu", GetLastError());
        ok(flags_of(r) == 0 && flags_of(w) == 0, "pipe ends: %lx %lx", flags_of(r), flags_of(w));
        CloseHandle(r);
        CloseHandle(w);
    }
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(e);
}

static void test_set_and_protect(void)
{
    HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL), d;

    ok(flags_of(e) == 0, "new event: %lx", flags_of(e));
    ok(SetHandleInformation(e, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE,
                            HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE),
       "set both: %lu", GetLastError());
    ok(flags_of(e) == 3, "both: %lx", flags_of(e));
    /* Only the bits in the mask change. */
    ok(SetHandleInformation(e, HANDLE_FLAG_INHERIT, 0), "clear inherit: %lu", GetLastError());
    ok(flags_of(e) == HANDLE_FLAG_PROTECT_FROM_CLOSE, "protect alone: %lx", flags_of(e));

    SetLastError(0xdeadbeef);
    ok(!CloseHandle(e) && GetLastError() == ERROR_INVALID_HANDLE,
       "closing a protected handle: %lu", GetLastError());
    ok(SetEvent(e), "the protected handle still works: %lu", GetLastError());
    ok(WaitForSingleObject(e, 0) == WAIT_OBJECT_0, "still signaled");

    /* A duplicate has its own flags: the inherit argument, no protection. */
    ok(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &d, 0, TRUE,
                       DUPLICATE_SAME_ACCESS), "duplicate: %lu", GetLastError());
    ok(flags_of(d) == HANDLE_FLAG_INHERIT, "inheritable duplicate: %lx", flags_of(d));
    ok(CloseHandle(d), "close the duplicate");
    ok(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &d, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "duplicate: %lu", GetLastError());
    ok(flags_of(d) == 0, "plain duplicate: %lx", flags_of(d));
    ok(CloseHandle(d), "close the duplicate");

    ok(SetHandleInformation(e, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0), "unprotect: %lu", GetLastError());
    ok(CloseHandle(e), "close after unprotecting: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(flags_of(e) == 0xFFFFFFFF && GetLastError() == ERROR_INVALID_HANDLE,
       "flags of a closed handle: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetHandleInformation(e, HANDLE_FLAG_INHERIT, 0) && GetLastError() == ERROR_INVALID_HANDLE,
       "set on a closed handle: %lu", GetLastError());
}

/* One thread reads and seeks without pause while another closes the
 * handle: every call either works or fails with ERROR_INVALID_HANDLE, and
 * once the reader has stopped the file (delete-on-close) is gone, so the
 * object of the closed handle was released, however the two met. */
struct reader {
    HANDLE h;
    volatile LONG calls;
    DWORD bad_error;
};

static DWORD WINAPI reader_main(void *arg)
{
    struct reader *r = arg;
    char buf[16];
    DWORD n;

    for (;;) {
        if (SetFilePointer(r->h, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER ||
            !ReadFile(r->h, buf, sizeof buf, &n, NULL)) {
            if (GetLastError() != ERROR_INVALID_HANDLE)
                r->bad_error = GetLastError();
            return 0;
        }
        InterlockedIncrement(&r->calls);
    }
}

static void test_close_while_in_use(const char *path)
{
    int rounds = 100, gone = 0, bad = 0;

    for (int i = 0; i < rounds; i++) {
        struct reader r = { 0 };
        HANDLE t;
        DWORD n;

        r.h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                          FILE_FLAG_DELETE_ON_CLOSE, NULL);
        if (r.h == INVALID_HANDLE_VALUE) {
            ok(0, "round %d: create: %lu", i, GetLastError());
            return;
        }
        WriteFile(r.h, "some bytes", 10, &n, NULL);
        t = CreateThread(NULL, 0, reader_main, &r, 0, NULL);
        while (r.calls < (i % 10) * 20)
            Sleep(0);
        ok(CloseHandle(r.h), "round %d: close", i);
        ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "round %d: the reader stops", i);
        CloseHandle(t);
        bad += r.bad_error != 0;
        gone += GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES;
    }
    ok(bad == 0, "%d rounds saw another error than ERROR_INVALID_HANDLE", bad);
    ok(gone == rounds, "the file was deleted after %d of %d rounds", gone, rounds);
}

int main(void)
{
    char dir[MAX_PATH], path[MAX_PATH];

    GetTempPathA(sizeof dir, dir);
    GetTempFileNameA(dir, "hfl", 0, path);
    test_inherit_flag_at_creation(path);
    test_set_and_protect();
    test_close_while_in_use(path);
    SetLastError(0xdeadbeef);
    ok(!GetHandleInformation((HANDLE)(ULONG_PTR)0x7FF0, &(DWORD){ 0 }) &&
       GetLastError() == ERROR_INVALID_HANDLE, "bad handle: %lu", GetLastError());
    DeleteFileA(path);
    return test_summary();
}
