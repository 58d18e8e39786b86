/* Wildcard expansion of main's arguments (MinGW's _dowildcard, which
 * start-up code passes to __getmainargs / __wgetmainargs as setargv.obj
 * does for MSVC; "Expanding Wildcard Arguments"): the program makes a
 * directory with known files, runs itself with patterns on its command
 * line and compares the child's argv with the names it made:
 * - an argument with * or ? becomes the matching names, sorted
 *   (case-insensitively), each with the pattern's directory part;
 * - a pattern nothing matches stays as it is;
 * - a quoted argument is not expanded (msvcrt.dll; ucrtbase expands it);
 * - arguments without wildcards are unchanged.
 *   crt_wildcard.exe            the test
 *   crt_wildcard.exe child ...  prints its arguments, one per line */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

int _dowildcard = -1;

/* msvcrt.dll leaves a quoted pattern alone; the Universal CRT expands
 * after splitting the command line, quotes or not. */
#ifdef _UCRT
#define QUOTED_DAT "c.dat"
#else
#define QUOTED_DAT "*.dat"
#endif

#ifdef WIDE_MAIN
int wmain(int argc, wchar_t **argv)
{
    int i;

    if (argc > 1 && !wcscmp(argv[1], L"child")) {
        for (i = 2; i < argc; i++)
            printf("[%ls]\n", argv[i]);
        return 0;
    }
#else
int main(int argc, char **argv)
{
    int i;

    if (argc > 1 && !strcmp(argv[1], "child")) {
        for (i = 2; i < argc; i++)
            printf("[%s]\n", argv[i]);
        return 0;
    }
#endif
    {
        static const char *files[] = { "b.txt", "A.txt", "a2.txt", "c.dat", "ab.md" };
        SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
        STARTUPINFOA si;
        PROCESS_INFORMATION pi;
        char dir[64], path[MAX_PATH], exe[MAX_PATH], cmd[1024], out[4096], want[1024];
        HANDLE rd, wr, f;
        DWORD n, got = 0;

        snprintf(dir, sizeof(dir), "wc_%lu", GetCurrentProcessId());
        ok(CreateDirectoryA(dir, NULL), "CreateDirectory %s: %lu", dir, GetLastError());
        for (i = 0; i < 5; i++) {
            snprintf(path, sizeof(path), "%s\\%s", dir, files[i]);
            f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
            ok(f != INVALID_HANDLE_VALUE, "create %s: %lu", path, GetLastError());
            CloseHandle(f);
        }
        GetModuleFileNameA(NULL, exe, sizeof(exe));
        snprintf(cmd, sizeof(cmd),
                 "\"%s\" child %s\\*.txt plain \"%s\\*.dat\" %s\\zz*.none %s\\?.txt %s/a*.md x\"*\".dat", exe, dir,
                 dir, dir, dir, dir);
        ok(CreatePipe(&rd, &wr, &sa, 0), "CreatePipe");
        memset(&si, 0, sizeof(si));
        si.cb = sizeof(si);
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = wr;
        si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        if (CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
            CloseHandle(wr);
            while (got < sizeof(out) - 1 && ReadFile(rd, out + got, sizeof(out) - 1 - got, &n, NULL) && n)
                got += n;
            out[got] = 0;
            WaitForSingleObject(pi.hProcess, 10000);
            CloseHandle(pi.hProcess);
            CloseHandle(pi.hThread);
        } else {
            ok(0, "CreateProcess: %lu", GetLastError());
        }
        CloseHandle(rd);
        /* Sorted without regard to case: "A.txt" < "a2.txt" ('.' < '2')
         * < "b.txt"; ? matches one character; the directory part is kept
         * as written (a / too). */
        snprintf(want, sizeof(want),
                 "[%s\\A.txt]\r\n[%s\\a2.txt]\r\n[%s\\b.txt]\r\n[plain]\r\n[%s\\%s]\r\n[%s\\zz*.none]\r\n"
                 "[%s\\A.txt]\r\n[%s\\b.txt]\r\n[%s/ab.md]\r\n[x*.dat]\r\n",
                 dir, dir, dir, dir, QUOTED_DAT, dir, dir, dir, dir);
        ok(!strcmp(out, want), "child's arguments:\n%s\nwanted:\n%s", out, want);
        for (i = 0; i < 5; i++) {
            snprintf(path, sizeof(path), "%s\\%s", dir, files[i]);
            DeleteFileA(path);
        }
        RemoveDirectoryA(dir);
    }
    return test_summary();
}
