/* What a child process inherits, and children created suspended.
 * Expected values: Microsoft's documentation of CreateProcess
 * (bInheritHandles: "each inheritable handle in the calling process is
 * inherited by the new process ... Inherited handles have the same value
 * and access rights as the original handles"; CREATE_SUSPENDED: "the
 * primary thread of the new process is created in a suspended state, and
 * does not run until the ResumeThread function is called"), of
 * ResumeThread (returns the previous suspend count) and of
 * SetHandleInformation (HANDLE_FLAG_INHERIT). The program is its own
 * child:
 *   --use W F N  writes through the inherited pipe handle W and file
 *                handle F, and checks that N was not inherited;
 *   --absent W   checks that W is not a handle here;
 *   --mark PATH  creates the file PATH and returns 7. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char self[MAX_PATH];

static HANDLE parse(const char *s)
{
    return (HANDLE)(ULONG_PTR)strtoul(s, NULL, 16);
}

static int child_use(HANDLE w, HANDLE f, HANDLE n)
{
    DWORD written, flags = 0;
    int bad = 0;

    if (!WriteFile(w, "through the pipe", 16, &written, NULL) || written != 16)
        bad |= 1;
    if (!WriteFile(f, "into the file", 13, &written, NULL) || written != 13)
        bad |= 2;
    /* Inherited handles are inheritable again. */
    if (!GetHandleInformation(f, &flags) || flags != HANDLE_FLAG_INHERIT)
        bad |= 4;
    SetLastError(0xdeadbeef);
    if (GetHandleInformation(n, &flags) || GetLastError() != ERROR_INVALID_HANDLE)
        bad |= 8;
    return bad;
}

static int child_absent(HANDLE w)
{
    DWORD written;

    SetLastError(0xdeadbeef);
    return WriteFile(w, "x", 1, &written, NULL) || GetLastError() != ERROR_INVALID_HANDLE;
}

/* --many W1 W2 ...: writes its index into each inherited pipe end. */
static int child_many(int n, char **handles)
{
    int bad = 0;

    for (int i = 0; i < n; i++) {
        char c = (char)('A' + i);
        DWORD written;

        if (!WriteFile(parse(handles[i]), &c, 1, &written, NULL) || written != 1)
            bad++;
    }
    return bad;
}

static BOOL start(const char *args, BOOL inherit, DWORD flags, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;
    char cmd[MAX_PATH + 200];

    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    snprintf(cmd, sizeof cmd, "\"%s\" %s", self, args);
    return CreateProcessA(NULL, cmd, NULL, NULL, inherit, flags, NULL, NULL, &si, pi);
}

static DWORD finish(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xdeadbeef;

    ok(WaitForSingleObject(pi->hProcess, 20000) == WAIT_OBJECT_0, "the child ends");
    GetExitCodeProcess(pi->hProcess, &code);
    CloseHandle(pi->hThread);
    CloseHandle(pi->hProcess);
    return code;
}

static void test_inherited_handles(const char *path)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE rd, wr, file, plain, filler[40];
    PROCESS_INFORMATION pi;
    char args[128], buf[64] = "";
    DWORD n, total = 0, code;

    /* Handle values well above the few a new process makes for itself. */
    for (int i = 0; i < 40; i++)
        filler[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(CreatePipe(&rd, &wr, &sa, 0), "CreatePipe: %lu", GetLastError());
    /* The reading end stays here, or the child would hold it too. */
    ok(SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0), "SetHandleInformation");
    file = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, CREATE_ALWAYS,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    plain = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL, NULL);
    ok(file != INVALID_HANDLE_VALUE && plain != INVALID_HANDLE_VALUE, "files: %lu", GetLastError());

    snprintf(args, sizeof args, "--use %lx %lx %lx", (unsigned long)(ULONG_PTR)wr,
             (unsigned long)(ULONG_PTR)file, (unsigned long)(ULONG_PTR)plain);
    ok(start(args, TRUE, 0, &pi), "CreateProcess: %lu", GetLastError());
    CloseHandle(wr);
    /* End of file once the child has ended: no other writer is left. */
    while (total < sizeof buf - 1 && ReadFile(rd, buf + total, sizeof buf - 1 - total, &n, NULL) && n)
        total += n;
    buf[total] = 0;
    ok(!strcmp(buf, "through the pipe"), "read from the child: \"%s\"", buf);
    code = finish(&pi);
    ok(code == 0, "the child's checks: %#lx", code);
    ok(ReadFile(plain, buf, sizeof buf - 1, &n, NULL) && n == 13 && !memcmp(buf, "into the file", 13),
       "the child wrote the file through its handle: %lu bytes", n);

    /* Without bInheritHandles nothing is inherited. */
    snprintf(args, sizeof args, "--absent %lx", (unsigned long)(ULONG_PTR)file);
    ok(start(args, FALSE, 0, &pi), "CreateProcess: %lu", GetLastError());
    code = finish(&pi);
    ok(code == 0, "a handle reached a child that inherits none: %#lx", code);

    CloseHandle(rd);
    CloseHandle(file);
    CloseHandle(plain);
    for (int i = 0; i < 40; i++)
        CloseHandle(filler[i]);
}

/* Many inheritable handles at once: the descriptors the child expects
 * them at overlap the parent's own numbers, so a careless shuffle would
 * hand one pipe's end to another's value. Each pipe must carry its own
 * letter. */
#define MANY 17
static void test_many_inherited(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE rd[MANY], wr[MANY], zr, zw, ev[2] = { NULL, NULL };
    PROCESS_INFORMATION pi;
    char args[MANY * 12 + 16];
    size_t len;
    DWORD code;
    int right = 0;

    /* The last pipe gets the host's lowest free descriptors (the first
     * pipe's, given back) under the highest handle values: in handle order
     * it comes last, with a descriptor number the child expects an earlier
     * handle at. */
    ok(CreatePipe(&zr, &zw, NULL, 0), "CreatePipe");
    len = (size_t)snprintf(args, sizeof args, "--many");
    for (int i = 0; i < MANY; i++) {
        if (i == MANY - 1) {
            CloseHandle(zr);
            CloseHandle(zw);
            ev[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
            ev[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
        }
        ok(CreatePipe(&rd[i], &wr[i], &sa, 0), "CreatePipe %d", i);
        SetHandleInformation(rd[i], HANDLE_FLAG_INHERIT, 0);
        len += (size_t)snprintf(args + len, sizeof args - len, " %lx", (unsigned long)(ULONG_PTR)wr[i]);
    }
    CloseHandle(ev[0]);
    CloseHandle(ev[1]);
    ok(start(args, TRUE, 0, &pi), "CreateProcess: %lu", GetLastError());
    for (int i = 0; i < MANY; i++)
        CloseHandle(wr[i]);
    code = finish(&pi);
    ok(code == 0, "the child could not write %lu of its pipes", code);
    for (int i = 0; i < MANY; i++) {
        char c = 0;
        DWORD n = 0;

        if (ReadFile(rd[i], &c, 1, &n, NULL) && n == 1 && c == 'A' + i)
            right++;
        CloseHandle(rd[i]);
    }
    ok(right == MANY, "%d of %d pipes carried their own letter", right, MANY);
}

static void test_suspended(const char *mark)
{
    PROCESS_INFORMATION pi;
    char args[MAX_PATH + 16];
    DWORD code;

    DeleteFileA(mark);
    snprintf(args, sizeof args, "--mark \"%s\"", mark);
    ok(start(args, FALSE, CREATE_SUSPENDED, &pi), "CreateProcess suspended: %lu", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 500) == WAIT_TIMEOUT, "a suspended child does not end");
    ok(GetFileAttributesA(mark) == INVALID_FILE_ATTRIBUTES, "a suspended child ran");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "still active: %#lx", code);
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread returns the previous count 1");
    ok(ResumeThread(pi.hThread) == 0, "a second ResumeThread returns 0");
    code = finish(&pi);
    ok(code == 7, "the resumed child's exit code: %#lx", code);
    ok(GetFileAttributesA(mark) != INVALID_FILE_ATTRIBUTES, "the resumed child ran");
    DeleteFileA(mark);

    /* Terminated before it ever ran. */
    ok(start(args, FALSE, CREATE_SUSPENDED, &pi), "CreateProcess suspended: %lu", GetLastError());
    ok(TerminateProcess(pi.hProcess, 42), "TerminateProcess: %lu", GetLastError());
    code = finish(&pi);
    ok(code == 42, "exit code of the terminated child: %#lx", code);
    ok(GetFileAttributesA(mark) == INVALID_FILE_ATTRIBUTES, "the terminated child ran");
}

int main(int argc, char **argv)
{
    char dir[MAX_PATH], path[MAX_PATH], mark[MAX_PATH];

    if (argc == 5 && !strcmp(argv[1], "--use"))
        return child_use(parse(argv[2]), parse(argv[3]), parse(argv[4]));
    if (argc > 2 && !strcmp(argv[1], "--many"))
        return child_many(argc - 2, argv + 2);
    if (argc == 3 && !strcmp(argv[1], "--absent"))
        return child_absent(parse(argv[2]));
    if (argc == 3 && !strcmp(argv[1], "--mark")) {
        HANDLE h = CreateFileA(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        CloseHandle(h);
        return h == INVALID_HANDLE_VALUE ? 1 : 7;
    }
    GetModuleFileNameA(NULL, self, sizeof self);
    GetTempPathA(sizeof dir, dir);
    GetTempFileNameA(dir, "inh", 0, path);
    GetTempFileNameA(dir, "mrk", 0, mark);
    test_inherited_handles(path);
    test_many_inherited();
    test_suspended(mark);
    DeleteFileA(path);
    DeleteFileA(mark);
    return test_summary();
}
