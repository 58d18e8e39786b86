/* Child processes: CreateProcess with an anonymous pipe as the child's
 * stdout, WaitForSingleObject with timeouts, the full 32-bit exit code,
 * STILL_ACTIVE, TerminateProcess, and the errors for a missing program and
 * a file that is not an image. The program is its own child:
 * "child.exe --child TEXT" prints TEXT, "child.exe --sleep" sleeps. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

static BOOL start_in(const char *cmdline, HANDLE out, char *env, const char *dir,
                     PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;
    char buf[512];

    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (out) {
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = out;
        si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    }
    snprintf(buf, sizeof buf, "%s", cmdline);
    return CreateProcessA(NULL, buf, NULL, NULL, TRUE, 0, env, dir, &si, pi);
}

static BOOL start(const char *cmdline, HANDLE out, PROCESS_INFORMATION *pi)
{
    return start_in(cmdline, out, NULL, NULL, pi);
}

/* Runs the child with cmdline and returns what it printed (in out). */
static void child_output(const char *cmdline, char *env, const char *dir, char *out, DWORD size)
{
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    DWORD n, total = 0;

    out[0] = 0;
    if (!CreatePipe(&rd, &wr, NULL, 0))
        return;
    if (!start_in(cmdline, wr, env, dir, &pi)) {
        ok(0, "CreateProcess %s: error %lu", cmdline, GetLastError());
        CloseHandle(rd);
        CloseHandle(wr);
        return;
    }
    CloseHandle(wr);
    while (total < size - 1 && ReadFile(rd, out + total, size - 1 - total, &n, NULL) && n)
        total += n;
    out[total] = 0;
    WaitForSingleObject(pi.hProcess, 10000);
    CloseHandle(rd);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void test_environment_and_directory(void)
{
    char out[MAX_PATH + 16], env[] = "CHILD_VAR=from block\0OTHER=1\0", dir[MAX_PATH];

    SetEnvironmentVariableA("CHILD_VAR", "inherited");
    child_output("child.exe --env CHILD_VAR", NULL, NULL, out, sizeof out);
    ok(!strcmp(out, "inherited\r\n"), "inherited variable: '%s'", out);
    child_output("child.exe --env CHILD_VAR", env, NULL, out, sizeof out);
    ok(!strcmp(out, "from block\r\n"), "variable from the block: '%s'", out);
    GetWindowsDirectoryA(dir, sizeof dir);
    child_output("child.exe --cwd", NULL, dir, out, sizeof out);
    strcat(dir, "\r\n");
    ok(!_stricmp(out, dir), "current directory '%s', wanted '%s'", out, dir);
}

static void test_pipe_and_exit_code(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    char buf[256];
    DWORD n, total = 0, code = 0;
    BOOL r;

    ok(CreatePipe(&rd, &wr, &sa, 0), "CreatePipe: error %lu", GetLastError());
    ok(start("child.exe --child \"arg with space\"", wr, &pi), "CreateProcess: error %lu",
       GetLastError());
    ok(pi.dwProcessId != 0 && GetProcessId(pi.hProcess) == pi.dwProcessId, "process id %lu vs %lu",
       pi.dwProcessId, GetProcessId(pi.hProcess));
    CloseHandle(wr);
    while ((r = ReadFile(rd, buf + total, sizeof buf - 1 - total, &n, NULL)) && n)
        total += n;
    ok(!r && GetLastError() == ERROR_BROKEN_PIPE, "end of pipe: r=%d error %lu", r,
       GetLastError());
    buf[total] = 0;
    ok(total == 16 && !memcmp(buf, "arg with space\r\n", 16), "child wrote %lu bytes: '%s'",
       total, buf);
    ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "wait for the child");
    ok(WaitForSingleObject(pi.hThread, 0) == WAIT_OBJECT_0, "its thread is signaled too");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0x12345678, "exit code %08lx", code);
    ok(TerminateProcess(pi.hProcess, 1) == FALSE, "terminating an exited process fails");
    CloseHandle(rd);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void test_still_active(void)
{
    PROCESS_INFORMATION pi;
    HANDLE both[2];
    DWORD code = 0, t0;

    ok(start("child.exe --sleep", NULL, &pi), "CreateProcess: error %lu", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT, "poll of a running child");
    t0 = GetTickCount();
    ok(WaitForSingleObject(pi.hProcess, 200) == WAIT_TIMEOUT, "timed wait");
    ok(GetTickCount() - t0 >= 150, "waited %lu ms", GetTickCount() - t0);
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "exit code %lu", code);
    both[0] = pi.hProcess;
    both[1] = pi.hThread;
    ok(WaitForMultipleObjects(2, both, FALSE, 50) == WAIT_TIMEOUT, "wait-any timeout");
    ok(TerminateProcess(pi.hProcess, 7), "TerminateProcess: error %lu", GetLastError());
    ok(WaitForMultipleObjects(2, both, TRUE, 10000) == WAIT_OBJECT_0, "wait-all");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 7, "exit code %lu", code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void test_errors(void)
{
    PROCESS_INFORMATION pi;
    HANDLE f;
    DWORD n;

    SetLastError(0);
    ok(!start("no_such_program_here.exe arg", NULL, &pi) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "missing program: error %lu", GetLastError());
    f = CreateFileA("child_notpe.exe", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "CreateFile: error %lu", GetLastError());
    WriteFile(f, "just some text\r\n", 16, &n, NULL);
    CloseHandle(f);
    SetLastError(0);
    ok(!start(".\\child_notpe.exe", NULL, &pi) && GetLastError() == ERROR_BAD_EXE_FORMAT,
       "not an image: error %lu", GetLastError());
    DeleteFileA("child_notpe.exe");
}

/* Table 3 of seed 003: a 32-bit parent that starts a program in System32
 * gets the one in SysWOW64; Sysnative names the real System32, whose
 * 64-bit programs a 32-bit WOW64 cannot run here: ERROR_BAD_EXE_FORMAT. */
static void test_system32_programs(const char *self)
{
    char wow[MAX_PATH], cmd[MAX_PATH + 64], out[256], native[MAX_PATH];
    PROCESS_INFORMATION pi;
    PVOID old;

    snprintf(wow, sizeof wow, "C:\\Windows\\SysWOW64\\child32_%lu.exe", GetCurrentProcessId());
    ok(CopyFileA(self, wow, FALSE), "copy into SysWOW64: %lu", GetLastError());
    snprintf(cmd, sizeof cmd, "C:\\Windows\\System32\\child32_%lu.exe --child from-syswow64",
             GetCurrentProcessId());
    child_output(cmd, NULL, NULL, out, sizeof out);
    ok(!strcmp(out, "from-syswow64\r\n"), "System32\\x.exe runs SysWOW64\\x.exe: \"%s\"", out);
    DeleteFileA(wow);

    snprintf(native, sizeof native, "C:\\Windows\\Sysnative\\native_%lu.exe", GetCurrentProcessId());
    ok(CopyFileA("C:\\Windows\\Sysnative\\kernel32.dll", native, FALSE), "a 64-bit image in System32: %lu",
       GetLastError());
    snprintf(cmd, sizeof cmd, "%s arg", native);
    SetLastError(0);
    ok(!start(cmd, NULL, &pi) && GetLastError() == ERROR_BAD_EXE_FORMAT,
       "a 64-bit program through Sysnative: error %lu", GetLastError());
    ok(Wow64DisableWow64FsRedirection(&old), "disable redirection");
    snprintf(cmd, sizeof cmd, "C:\\Windows\\System32\\native_%lu.exe", GetCurrentProcessId());
    SetLastError(0);
    ok(!start(cmd, NULL, &pi) && GetLastError() == ERROR_BAD_EXE_FORMAT,
       "a 64-bit program through System32, redirection off: error %lu", GetLastError());
    ok(Wow64RevertWow64FsRedirection(old), "revert");
    DeleteFileA(native);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--child")) {
        printf("%s\n", argv[2]);
        return 0x12345678;
    }
    if (argc == 3 && !strcmp(argv[1], "--env")) {
        const char *v = getenv(argv[2]);
        printf("%s\n", v ? v : "(null)");
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "--cwd")) {
        char dir[MAX_PATH];
        GetCurrentDirectoryA(sizeof dir, dir);
        printf("%s\n", dir);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "--sleep")) {
        Sleep(30000);
        return 1;
    }
    test_pipe_and_exit_code();
    test_still_active();
    test_errors();
    test_environment_and_directory();
    test_system32_programs(argv[0]);
    return test_summary();
}
