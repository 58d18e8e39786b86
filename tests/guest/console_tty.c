/* The console on a terminal (driven by console_pty, which runs this on a
 * pseudo-terminal of a known size, plays the terminal and checks what
 * reaches it), and the documented failures when the standard handles are
 * not a console (run with output to a pipe or file):
 *   console_tty.exe screen COLS ROWS   buffer info, cursor, fills
 *   console_tty.exe query              typing during a position query, a
 *                                      terminal that answers too late
 *   console_tty.exe password           echo off/on, raw input, exits raw
 *   console_tty.exe crash              raw mode, cursor hidden, then a fault
 *   console_tty.exe ctrl               GenerateConsoleCtrlEvent, then waits
 *                                      for a real Ctrl-C
 *   console_tty.exe keys               typed keys as input records and
 *                                      as _getch/_kbhit values
 *   console_tty.exe notty              output is not a console
 * Expected values come from Microsoft's console API documentation. */
#include <windows.h>
#include <conio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static HANDLE out, in;

static void say(const char *text)
{
    DWORD n;

    WriteConsoleA(out, text, (DWORD)strlen(text), &n, NULL);
}

static int screen(int cols, int rows)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    CONSOLE_SCREEN_BUFFER_INFOEX ex;
    CONSOLE_CURSOR_INFO ci;
    SMALL_RECT rect;
    CHAR_INFO fill;
    COORD home = { 0, 0 }, c, big;
    DWORD n, cells = (DWORD)cols * rows;
    BOOL r;

    memset(&info, 0xcc, sizeof(info));
    ok(GetConsoleScreenBufferInfo(out, &info), "GetConsoleScreenBufferInfo: %lu", GetLastError());
    ok(info.dwSize.X == cols && info.dwSize.Y == rows, "dwSize %d,%d", info.dwSize.X, info.dwSize.Y);
    ok(info.srWindow.Left == 0 && info.srWindow.Top == 0 && info.srWindow.Right == cols - 1 &&
           info.srWindow.Bottom == rows - 1,
       "srWindow %d,%d,%d,%d", info.srWindow.Left, info.srWindow.Top, info.srWindow.Right, info.srWindow.Bottom);
    ok(info.dwMaximumWindowSize.X == cols && info.dwMaximumWindowSize.Y == rows, "dwMaximumWindowSize %d,%d",
       info.dwMaximumWindowSize.X, info.dwMaximumWindowSize.Y);
    ok(info.wAttributes == 0x07, "wAttributes %04x", info.wAttributes);
    /* console_pty answers the position query with row 5, column 7. */
    ok(info.dwCursorPosition.X == 6 && info.dwCursorPosition.Y == 4, "dwCursorPosition %d,%d",
       info.dwCursorPosition.X, info.dwCursorPosition.Y);

    ok(SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_INTENSITY | BACKGROUND_BLUE),
       "SetConsoleTextAttribute");
    say("<yellow-on-blue>");
    ok(GetConsoleScreenBufferInfo(out, &info) && info.wAttributes == 0x1e, "wAttributes after set %04x",
       info.wAttributes);
    ok(SetConsoleTextAttribute(out, 0x07), "SetConsoleTextAttribute 7");

    memset(&ex, 0, sizeof(ex));
    ex.cbSize = sizeof(ex);
    ok(GetConsoleScreenBufferInfoEx(out, &ex), "GetConsoleScreenBufferInfoEx: %lu", GetLastError());
    ok(ex.dwSize.X == cols && ex.dwSize.Y == rows && ex.wAttributes == 0x07, "Ex dwSize %d,%d attr %04x",
       ex.dwSize.X, ex.dwSize.Y, ex.wAttributes);
    ex.cbSize = 0;
    SetLastError(0);
    ok(!GetConsoleScreenBufferInfoEx(out, &ex) && GetLastError() == ERROR_INVALID_PARAMETER,
       "Ex with cbSize 0: error %lu", GetLastError());

    /* The input handle is not a screen buffer. */
    SetLastError(0);
    ok(!GetConsoleScreenBufferInfo(in, &info) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetConsoleScreenBufferInfo(input): error %lu", GetLastError());

    big = GetLargestConsoleWindowSize(out);
    ok(big.X == cols && big.Y == rows, "GetLargestConsoleWindowSize %d,%d", big.X, big.Y);

    c.X = 10;
    c.Y = 3;
    say("<move>");
    ok(SetConsoleCursorPosition(out, c), "SetConsoleCursorPosition 10,3");
    say("M");
    c.X = (SHORT)cols;
    c.Y = 0;
    SetLastError(0);
    ok(!SetConsoleCursorPosition(out, c) && GetLastError() == ERROR_INVALID_PARAMETER,
       "SetConsoleCursorPosition outside: error %lu", GetLastError());

    /* The "clearing the screen" example of the console docs. */
    ok(FillConsoleOutputCharacterA(out, ' ', cells, home, &n) && n == cells, "blank fill wrote %lu", n);
    ok(GetConsoleScreenBufferInfo(out, &info), "info after fill");
    ok(FillConsoleOutputAttribute(out, info.wAttributes, cells, home, &n) && n == cells, "attribute fill wrote %lu",
       n);
    ok(SetConsoleCursorPosition(out, home), "cursor home");

    /* A fill runs on into the next row and stops at the end of the buffer. */
    c.X = (SHORT)(cols - 2);
    c.Y = 1;
    ok(FillConsoleOutputCharacterA(out, 'x', 5, c, &n) && n == 5, "fill across rows wrote %lu", n);
    c.X = (SHORT)(cols - 5);
    c.Y = (SHORT)(rows - 1);
    ok(FillConsoleOutputCharacterW(out, L'y', 10, c, &n) && n == 5, "fill past the end wrote %lu", n);
    /* The count is required. */
    SetLastError(0);
    r = FillConsoleOutputCharacterA(out, 'z', 1, home, NULL);
    ok(!r && GetLastError() == ERROR_INVALID_ACCESS, "fill without a count: %d error %lu", r, GetLastError());

    /* Scrolling whole rows (the docs' "Scrolling a Screen Buffer's
     * Contents"): rows 10 'a' and 11 'b' move up one row, row 11 is left
     * blank; rows 20 'c' and 21 'd' move down two rows. */
    fill.Char.AsciiChar = ' ';
    fill.Attributes = 0x07;
    c.X = 0;
    c.Y = 10;
    FillConsoleOutputCharacterA(out, 'a', (DWORD)cols, c, &n);
    c.Y = 11;
    FillConsoleOutputCharacterA(out, 'b', (DWORD)cols, c, &n);
    rect.Left = 0;
    rect.Top = 10;
    rect.Right = (SHORT)(cols - 1);
    rect.Bottom = 11;
    c.Y = 9;
    ok(ScrollConsoleScreenBufferA(out, &rect, NULL, c, &fill), "scroll up: %lu", GetLastError());
    c.Y = 20;
    FillConsoleOutputCharacterA(out, 'c', (DWORD)cols, c, &n);
    c.Y = 21;
    FillConsoleOutputCharacterA(out, 'd', (DWORD)cols, c, &n);
    rect.Top = 20;
    rect.Bottom = 21;
    c.Y = 22;
    fill.Char.UnicodeChar = L' ';
    ok(ScrollConsoleScreenBufferW(out, &rect, NULL, c, &fill), "scroll down: %lu", GetLastError());

    ci.dwSize = 0;
    ci.bVisible = TRUE;
    SetLastError(0);
    ok(!SetConsoleCursorInfo(out, &ci) && GetLastError() == ERROR_INVALID_PARAMETER, "cursor size 0: error %lu",
       GetLastError());
    ci.dwSize = 50;
    ci.bVisible = FALSE;
    ok(SetConsoleCursorInfo(out, &ci), "hide the cursor");
    memset(&ci, 0, sizeof(ci));
    ok(GetConsoleCursorInfo(out, &ci) && ci.dwSize == 50 && !ci.bVisible, "cursor info %lu %d", ci.dwSize,
       ci.bVisible);
    ci.dwSize = 25;
    ci.bVisible = TRUE;
    ok(SetConsoleCursorInfo(out, &ci), "show the cursor");
    c.X = 0;
    c.Y = 5;
    SetConsoleCursorPosition(out, c);
    return test_summary();
}

/* Reads one line with ReadConsoleA; returns its length. */
static DWORD read_line(char *buf, DWORD size)
{
    DWORD n = 0;

    if (!ReadConsoleA(in, buf, size - 1, &n, NULL))
        n = 0;
    buf[n] = 0;
    return n;
}

/* What the user types while the cursor position is asked for is input
 * all the same; a late answer is not input. */
static int query(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    DWORD t0, n;
    char buf[64];

    ok(GetConsoleScreenBufferInfo(out, &info), "info: %lu", GetLastError());
    ok(info.dwCursorPosition.X == 6 && info.dwCursorPosition.Y == 4, "dwCursorPosition %d,%d",
       info.dwCursorPosition.X, info.dwCursorPosition.Y);
    n = read_line(buf, sizeof(buf));
    ok(n == 4 && !strcmp(buf, "hi\r\n"), "typed during the query [%s]", buf);
    /* This time the terminal answers too late: the call still succeeds. */
    ok(GetConsoleScreenBufferInfo(out, &info), "info, late answer: %lu", GetLastError());
    ok(info.dwSize.X == 100 && info.dwSize.Y == 37, "dwSize %d,%d", info.dwSize.X, info.dwSize.Y);
    /* ... and a terminal that did not answer is not asked again. */
    t0 = GetTickCount();
    ok(GetConsoleScreenBufferInfo(out, &info), "info after the late answer: %lu", GetLastError());
    ok(GetTickCount() - t0 < 150, "took %lu ms", GetTickCount() - t0);
    Sleep(1000);
    say("line:");
    n = read_line(buf, sizeof(buf));
    ok(n == 7 && !strcmp(buf, "hello\r\n"), "line after the late answer [%s]", buf);
    return test_summary();
}

static int password(void)
{
    DWORD mode = 0, m2 = 0, n, got;
    char buf[64];

    ok(GetConsoleMode(in, &mode), "GetConsoleMode(input): %lu", GetLastError());
    ok((mode & (ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT)) ==
           (ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT),
       "a new console's input mode %04lx", mode);
    SetLastError(0);
    ok(!SetConsoleMode(in, ENABLE_ECHO_INPUT) && GetLastError() == ERROR_INVALID_PARAMETER,
       "echo without line input: error %lu", GetLastError());
    ok(SetConsoleMode(in, mode & ~ENABLE_ECHO_INPUT), "echo off: %lu", GetLastError());
    ok(GetConsoleMode(in, &m2) && m2 == (mode & ~ENABLE_ECHO_INPUT), "mode with echo off %04lx", m2);
    say("password:");
    n = read_line(buf, sizeof(buf));
    ok(n == 8 && !strcmp(buf, "secret\r\n"), "password line [%s]", buf);
    ok(SetConsoleMode(in, mode), "echo on");
    ok(GetConsoleMode(in, &m2) && m2 == mode, "mode restored %04lx", m2);
    say("\r\nname:");
    n = read_line(buf, sizeof(buf));
    ok(n == 9 && !strcmp(buf, "visible\r\n"), "name line [%s]", buf);

    /* Raw: no line input, no echo, Ctrl-C and Enter are input. */
    ok(SetConsoleMode(in, mode & ~(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT)), "raw: %lu",
       GetLastError());
    say("raw:");
    for (got = 0; got < 4; got += n) {
        if (!ReadConsoleA(in, buf + got, 4 - got, &n, NULL) || !n)
            break;
    }
    ok(got == 4 && !memcmp(buf, "ab\x03\r", 4), "raw bytes %lu: %02x %02x %02x %02x", got, buf[0] & 0xff,
       buf[1] & 0xff, buf[2] & 0xff, buf[3] & 0xff);
    say("\r\n");
    test_summary();
    /* Ends in raw mode: the host must give the shell its terminal back. */
    ExitProcess(test_failures);
}

static int crash(void)
{
    CONSOLE_CURSOR_INFO ci = { 25, FALSE };

    ok(SetConsoleMode(in, 0), "raw: %lu", GetLastError());
    ok(SetConsoleCursorInfo(out, &ci), "hide the cursor");
    test_summary();
    *(volatile int *)0 = 1;
    return 99;
}

static volatile LONG events[3], nevents;
static HANDLE got_event;
static BOOL pass_third; /* the third event goes on to the default handler */

static BOOL WINAPI handler(DWORD event)
{
    LONG i = InterlockedIncrement(&nevents) - 1;

    if (i < 3)
        events[i] = (LONG)event;
    SetEvent(got_event);
    return i < 2 || !pass_third;
}

static void ctrl_child(void);

static int ctrl(int with_terminal)
{
    DWORD mode;

    got_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    /* With a terminal the third event is a real Ctrl-C. */
    pass_third = with_terminal;
    ok(SetConsoleCtrlHandler(handler, TRUE), "SetConsoleCtrlHandler");
    if (with_terminal) {
        ok(GetConsoleMode(in, &mode), "GetConsoleMode");
        ok(SetConsoleMode(in, mode & ~ENABLE_ECHO_INPUT), "echo off");
    }
    ok(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0), "CTRL_C_EVENT: %lu", GetLastError());
    ok(WaitForSingleObject(got_event, 5000) == WAIT_OBJECT_0, "no handler call for CTRL_C_EVENT");
    ok(nevents == 1 && events[0] == CTRL_C_EVENT, "events %ld: %ld", nevents, events[0]);
    ok(GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0), "CTRL_BREAK_EVENT: %lu", GetLastError());
    ok(WaitForSingleObject(got_event, 5000) == WAIT_OBJECT_0, "no handler call for CTRL_BREAK_EVENT");
    ok(nevents == 2 && events[1] == CTRL_BREAK_EVENT, "events %ld: %ld", nevents, events[1]);
    SetLastError(0);
    ok(!GenerateConsoleCtrlEvent(5, 0) && GetLastError() == ERROR_INVALID_PARAMETER, "event 5: error %lu",
       GetLastError());
    /* Ctrl-C to a group: succeeds, and the group does not receive it. */
    ok(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 1234), "CTRL_C_EVENT to a group");
    ok(WaitForSingleObject(got_event, 300) == WAIT_TIMEOUT && nevents == 2, "a handler ran for a group's Ctrl-C");
    if (!with_terminal) {
        ctrl_child();
        return test_summary();
    }
    test_summary();
    say("ready\r\n");
    /* console_pty types Ctrl-C: the handler passes it on and the default
     * handler ends the process. */
    WaitForSingleObject(got_event, 10000);
    Sleep(10000);
    return 100;
}

/* A child of this console: takes Ctrl-Break and ends with 42. */
static BOOL WINAPI child_handler(DWORD event)
{
    ExitProcess(event == CTRL_BREAK_EVENT ? 42 : 43);
    return TRUE;
}

static int child(void)
{
    SetConsoleCtrlHandler(child_handler, TRUE);
    printf("child ready\n");
    fflush(stdout);
    Sleep(10000);
    return 44;
}

/* GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0) reaches a child process
 * too (every process that shares the console). */
static void ctrl_child(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    char cmd[MAX_PATH + 16], exe[MAX_PATH], buf[64];
    DWORD n = 0, got = 0, code = 0;

    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" child", exe);
    ok(CreatePipe(&rd, &wr, &sa, 0), "CreatePipe");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        ok(0, "CreateProcess: %lu", GetLastError());
        return;
    }
    CloseHandle(wr);
    while (got < sizeof(buf) - 1 && !strstr(buf, "ready") && ReadFile(rd, buf + got, 1, &n, NULL) && n) {
        got += n;
        buf[got] = 0;
    }
    ok(strstr(buf, "child ready") != NULL, "the child never became ready: [%s]", buf);
    ok(GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0), "CTRL_BREAK_EVENT with a child");
    ok(WaitForSingleObject(pi.hProcess, 5000) == WAIT_OBJECT_0, "the child did not end");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 42, "child exit code %lu", code);
    /* This process had its event too. */
    ok(WaitForSingleObject(got_event, 5000) == WAIT_OBJECT_0 && events[2] == CTRL_BREAK_EVENT,
       "own handler: %ld events", nevents);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(rd);
}

/* One key as Microsoft's tables give it: virtual-key code, scan code,
 * character, modifiers (dwControlKeyState). */
struct want_key {
    WORD vk, scan;
    WCHAR ch;
    DWORD state;
    const char *name;
};

#define MODIFIERS (SHIFT_PRESSED | LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED | LEFT_ALT_PRESSED | \
                   RIGHT_ALT_PRESSED | ENHANCED_KEY)

/* Reads one key's down and up records and compares them with w. */
static void expect_key(const struct want_key *w)
{
    INPUT_RECORD r;
    DWORD n;
    int down;

    for (down = 1; down >= 0; down--) {
        const KEY_EVENT_RECORD *k = &r.Event.KeyEvent;

        memset(&r, 0, sizeof(r));
        if (!ReadConsoleInputW(in, &r, 1, &n) || n != 1) {
            ok(0, "%s: ReadConsoleInputW failed: %lu", w->name, GetLastError());
            return;
        }
        ok(r.EventType == KEY_EVENT && k->bKeyDown == down && k->wRepeatCount == 1 &&
               k->wVirtualKeyCode == w->vk && k->wVirtualScanCode == w->scan && k->uChar.UnicodeChar == w->ch &&
               (k->dwControlKeyState & MODIFIERS) == w->state,
           "%s %s: type %u down %d count %u vk %02x scan %02x char %04x state %04lx", w->name,
           down ? "down" : "up", r.EventType, k->bKeyDown, k->wRepeatCount, k->wVirtualKeyCode,
           k->wVirtualScanCode, k->uChar.UnicodeChar, k->dwControlKeyState);
    }
}

/* Waits until at least n input records are there. */
static DWORD wait_events(DWORD n)
{
    DWORD count = 0, t0 = GetTickCount();

    while (GetNumberOfConsoleInputEvents(in, &count) && count < n && GetTickCount() - t0 < 5000)
        Sleep(20);
    return count;
}

static int keys(void)
{
    static const struct want_key typed[] = {
        { 'A', 0x1e, 'a', 0, "a" },
        { 'A', 0x1e, 'A', SHIFT_PRESSED, "A" },
        { 'A', 0x1e, 0x01, LEFT_CTRL_PRESSED, "Ctrl-A" },
        { VK_UP, 0x48, 0, ENHANCED_KEY, "Up" },
        { VK_F1, 0x3b, 0, 0, "F1" },
        { VK_RETURN, 0x1c, '\r', 0, "Enter" },
        { VK_DELETE, 0x53, 0, ENHANCED_KEY, "Delete" },
        { VK_RIGHT, 0x4d, 0, LEFT_CTRL_PRESSED | ENHANCED_KEY, "Ctrl-Right" },
        { VK_BACK, 0x0e, 0x08, 0, "Backspace" },
        { VK_TAB, 0x0f, '\t', 0, "Tab" },
        { VK_F5, 0x3f, 0, 0, "F5" },
        { VK_END, 0x4f, 0, ENHANCED_KEY, "End" },
        { VK_NEXT, 0x51, 0, ENHANCED_KEY, "PageDown" },
        { '1', 0x02, '!', SHIFT_PRESSED, "!" },
    };
    static const struct want_key esc = { VK_ESCAPE, 0x01, 0x1b, 0, "Escape" };
    static const struct want_key alt_x = { 'X', 0x2d, 'x', LEFT_ALT_PRESSED, "Alt-x" };
    INPUT_RECORD recs[64], r;
    DWORD mode, n, n2, count, t0, i;
    char buf[16];
    int c;

    ok(GetConsoleMode(in, &mode), "GetConsoleMode");
    ok(SetConsoleMode(in, 0), "raw: %lu", GetLastError());
    /* Nothing typed yet. */
    ok(GetNumberOfConsoleInputEvents(in, &count) && count == 0, "events before typing: %lu", count);
    ok(!_kbhit(), "_kbhit before typing");
    n = 5;
    ok(PeekConsoleInputW(in, recs, 16, &n) && n == 0, "peek before typing: %lu", n);
    SetLastError(0);
    ok(!ReadConsoleInputW(out, &r, 1, &n) && GetLastError() == ERROR_INVALID_HANDLE,
       "ReadConsoleInput(output handle): error %lu", GetLastError());

    say("type:");
    count = wait_events(2 * 14);
    ok(count == 2 * 14, "%lu events after typing 14 keys", count);
    ok(_kbhit(), "_kbhit after typing");
    /* Peek does not take the records. */
    ok(PeekConsoleInputW(in, recs, 4, &n) && n == 4, "peek 4: %lu", n);
    ok(n == 4 && recs[0].EventType == KEY_EVENT && recs[0].Event.KeyEvent.bKeyDown &&
           recs[0].Event.KeyEvent.uChar.UnicodeChar == 'a' && !recs[1].Event.KeyEvent.bKeyDown,
       "peeked a down and up");
    ok(GetNumberOfConsoleInputEvents(in, &n2) && n2 == count, "events after peek: %lu", n2);
    for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
        expect_key(&typed[i]);
    ok(GetNumberOfConsoleInputEvents(in, &count) && count == 0, "events after reading: %lu", count);

    /* A lone ESC is the Escape key after a short wait, not never. */
    say("esc:");
    t0 = GetTickCount();
    expect_key(&esc);
    ok(GetTickCount() - t0 < 3000, "Escape took %lu ms", GetTickCount() - t0);
    /* ESC before a key is Alt. */
    say("alt:");
    expect_key(&alt_x);

    /* ReadConsoleInputA: the character in the console code page (437:
     * e-acute is 0x82). */
    say("ansi:");
    ok(ReadConsoleInputA(in, &r, 1, &n) && n == 1 && r.EventType == KEY_EVENT &&
           (BYTE)r.Event.KeyEvent.uChar.AsciiChar == 0x82,
       "ReadConsoleInputA: char %02x", (BYTE)r.Event.KeyEvent.uChar.AsciiChar);
    ok(ReadConsoleInputA(in, &r, 1, &n) && n == 1 && !r.Event.KeyEvent.bKeyDown, "ReadConsoleInputA key up");

    /* FlushConsoleInputBuffer drops what was typed. */
    say("flush:");
    ok(wait_events(4) == 4, "events before the flush");
    ok(FlushConsoleInputBuffer(in), "FlushConsoleInputBuffer: %lu", GetLastError());
    ok(GetNumberOfConsoleInputEvents(in, &count) && count == 0, "events after the flush: %lu", count);

    /* ReadConsole takes the characters of records already decoded. */
    say("mixed:");
    ok(wait_events(4) == 4, "events before ReadConsole");
    ok(ReadConsoleA(in, buf, sizeof(buf), &n, NULL) && n == 2 && !memcmp(buf, "xy", 2), "ReadConsoleA after peek: %lu",
       n);

    /* _getch: no echo; keys without a character are two codes, 0xE0 or
     * 0 first (Down: 0xE0 80, F1: 0 59). */
    say("getch:");
    c = _getch();
    ok(c == 'q', "_getch %d", c);
    c = _getch();
    ok(c == 0xe0, "_getch Down lead %d", c);
    c = _getch();
    ok(c == 80, "_getch Down code %d", c);
    c = _getch();
    ok(c == 0, "_getch F1 lead %d", c);
    c = _getch();
    ok(c == 59, "_getch F1 code %d", c);
    c = _getch();
    ok(c == 1, "_getch Ctrl-A %d", c);
    c = _getch();
    ok(c == 27, "_getch Escape %d", c);
    say("|");
    /* _getche echoes. */
    say("getche:");
    c = _getche();
    ok(c == 'e', "_getche %d", c);
    say("|");
    /* _ungetch: one character back, a second fails. */
    ok(_ungetch('z') == 'z', "_ungetch");
    ok(_ungetch('y') == EOF, "a second _ungetch");
    ok(_kbhit(), "_kbhit with a character pushed back");
    c = _getch();
    ok(c == 'z', "_getch after _ungetch %d", c);
    /* _getwch: the UTF-16 character. */
    say("getwch:");
    c = _getwch();
    ok(c == 0xe9, "_getwch %04x", c);
    /* The mode _getch found is back. */
    ok(GetConsoleMode(in, &n) && n == 0, "mode after _getch %04lx", n);
    /* With window input a new terminal size is an event (console_pty
     * makes it 120x40), and the buffer's size. */
    ok(SetConsoleMode(in, ENABLE_WINDOW_INPUT), "window input: %lu", GetLastError());
    say("resize:");
    /* The key-up records _getwch left come first. */
    for (i = 0; i < 10; i++) {
        memset(&r, 0, sizeof(r));
        if (!ReadConsoleInputW(in, &r, 1, &n) || n != 1 || r.EventType != KEY_EVENT || r.Event.KeyEvent.bKeyDown)
            break;
    }
    ok(r.EventType == WINDOW_BUFFER_SIZE_EVENT &&
           r.Event.WindowBufferSizeEvent.dwSize.X == 120 && r.Event.WindowBufferSizeEvent.dwSize.Y == 40,
       "resize event: type %u size %d,%d", r.EventType, r.Event.WindowBufferSizeEvent.dwSize.X,
       r.Event.WindowBufferSizeEvent.dwSize.Y);
    {
        CONSOLE_SCREEN_BUFFER_INFO info;

        ok(GetConsoleScreenBufferInfo(out, &info) && info.dwSize.X == 120 && info.dwSize.Y == 40,
           "buffer size after the resize %d,%d", info.dwSize.X, info.dwSize.Y);
    }
    /* Virtual terminal input: an escape sequence arrives as its
     * characters (Up: ESC [ A). */
    ok(SetConsoleMode(in, ENABLE_VIRTUAL_TERMINAL_INPUT), "VT input: %lu", GetLastError());
    say("vt:");
    ok(wait_events(6) == 6, "events of ESC [ A with VT input");
    for (i = 0, n2 = 0; i < 6; i++) {
        if (ReadConsoleInputW(in, &r, 1, &n) && n == 1 && r.EventType == KEY_EVENT && r.Event.KeyEvent.bKeyDown)
            buf[n2++] = (char)r.Event.KeyEvent.uChar.UnicodeChar;
    }
    ok(n2 == 3 && !memcmp(buf, "\x1b[A", 3), "VT input characters %lu", n2);
    ok(SetConsoleMode(in, mode), "mode back");
    /* Line input: the terminal's line, as records, then ReadConsole's
     * CR LF. */
    say("\r\nline:");
    ok(wait_events(6) == 6, "events of a typed line");
    ok(ReadConsoleA(in, buf, sizeof(buf), &n, NULL) && n == 4 && !memcmp(buf, "ok\r\n", 4), "line read %lu", n);
    /* _kbhit sees a key typed in line mode before Enter. */
    say("kbline:");
    for (t0 = GetTickCount(); !_kbhit() && GetTickCount() - t0 < 5000;)
        Sleep(20);
    c = _getch();
    ok(c == 'k', "_getch after _kbhit in line mode %d", c);
    ok(GetConsoleMode(in, &n) && n == mode, "mode after _kbhit %04lx", n);
    say("\r\n");
    return test_summary();
}

static int notty(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    CONSOLE_CURSOR_INFO ci = { 25, TRUE };
    COORD c = { 0, 0 }, big;
    DWORD n, mode;

#define FAILS_WITH(call, err)                                                                 \
    do {                                                                                      \
        BOOL r_;                                                                              \
        SetLastError(0);                                                                      \
        r_ = (call);                                                                          \
        ok(!r_ && GetLastError() == (err), #call ": %d error %lu", r_, GetLastError());        \
    } while (0)
    FAILS_WITH(GetConsoleScreenBufferInfo(out, &info), ERROR_INVALID_HANDLE);
    FAILS_WITH(GetConsoleMode(out, &mode), ERROR_INVALID_HANDLE);
    FAILS_WITH(SetConsoleMode(out, ENABLE_PROCESSED_OUTPUT), ERROR_INVALID_HANDLE);
    FAILS_WITH(SetConsoleCursorPosition(out, c), ERROR_INVALID_HANDLE);
    FAILS_WITH(FillConsoleOutputCharacterA(out, ' ', 10, c, &n), ERROR_INVALID_HANDLE);
    FAILS_WITH(FillConsoleOutputAttribute(out, 7, 10, c, &n), ERROR_INVALID_HANDLE);
    FAILS_WITH(SetConsoleCursorInfo(out, &ci), ERROR_INVALID_HANDLE);
    FAILS_WITH(GetConsoleCursorInfo(out, &ci), ERROR_INVALID_HANDLE);
    {
        INPUT_RECORD r;

        FAILS_WITH(ReadConsoleInputW(out, &r, 1, &n), ERROR_INVALID_HANDLE);
        FAILS_WITH(PeekConsoleInputA(out, &r, 1, &n), ERROR_INVALID_HANDLE);
        FAILS_WITH(GetNumberOfConsoleInputEvents(out, &n), ERROR_INVALID_HANDLE);
        FAILS_WITH(FlushConsoleInputBuffer(out), ERROR_INVALID_HANDLE);
    }
    SetLastError(0);
    big = GetLargestConsoleWindowSize(out);
    ok(big.X == 0 && big.Y == 0 && GetLastError() == ERROR_INVALID_HANDLE, "GetLargestConsoleWindowSize %d,%d %lu",
       big.X, big.Y, GetLastError());
    return ctrl(0);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    out = GetStdHandle(STD_OUTPUT_HANDLE);
    in = GetStdHandle(STD_INPUT_HANDLE);
    if (!strcmp(mode, "screen") && argc > 3)
        return screen(atoi(argv[2]), atoi(argv[3]));
    if (!strcmp(mode, "query"))
        return query();
    if (!strcmp(mode, "password"))
        return password();
    if (!strcmp(mode, "crash"))
        return crash();
    if (!strcmp(mode, "ctrl"))
        return ctrl(1);
    if (!strcmp(mode, "notty"))
        return notty();
    if (!strcmp(mode, "keys"))
        return keys();
    if (!strcmp(mode, "child"))
        return child();
    printf("usage: console_tty screen COLS ROWS | password | crash | ctrl | notty\n");
    return 2;
}
