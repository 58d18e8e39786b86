/* Console I/O (conio.h): output goes to the standard output handle without
 * text translation, wide output through WriteConsoleW when it is a
 * console. Keyboard input (_getch, _kbhit...) reads the console's input
 * records from CONIN$, as Microsoft's CRT does, so it reads the keyboard
 * even when stdin is redirected; without a console it returns EOF. */
#include "crtio.h"

static HANDLE console_out(void)
{
    return GetStdHandle(STD_OUTPUT_HANDLE);
}

int __cdecl _cputs(const char *s)
{
    DWORD done, n = (DWORD)strlen(s);

    if (!WriteFile(console_out(), s, n, &done, NULL) || done != n)
        return -1;
    return 0;
}

int __cdecl _putch(int c)
{
    char b = (char)c;
    DWORD done;

    return WriteFile(console_out(), &b, 1, &done, NULL) && done == 1 ? (unsigned char)c : CRT_EOF;
}

static int put_wide(const crt_wchar *s, DWORD n)
{
    HANDLE h = console_out();
    DWORD mode, done;
    char buf[512];
    int len;

    if (GetConsoleMode(h, &mode))
        return WriteConsoleW(h, s, n, &done, NULL) && done == n ? 0 : -1;
    len = WideCharToMultiByte(GetACP(), 0, s, (int)n, buf, sizeof(buf), NULL, NULL);
    if (len <= 0)
        return -1;
    return WriteFile(h, buf, (DWORD)len, &done, NULL) && done == (DWORD)len ? 0 : -1;
}

int __cdecl _cputws(const crt_wchar *s)
{
    return put_wide(s, (DWORD)wcslen(s));
}

crt_wchar __cdecl _putwch(crt_wchar c)
{
    return put_wide(&c, 1) ? CRT_WEOF : c;
}

/* The console input API, beyond win32.h's set. */
typedef struct {
    BOOL bKeyDown;
    WORD wRepeatCount, wVirtualKeyCode, wVirtualScanCode;
    union {
        WCHAR UnicodeChar;
        char AsciiChar;
    } uChar;
    DWORD dwControlKeyState;
} CRT_KEY_EVENT;

typedef struct {
    WORD EventType;
    union {
        CRT_KEY_EVENT KeyEvent;
        BYTE pad[16];
    } Event;
} CRT_INPUT_RECORD;

#ifndef CRT_HOST_TEST
_Static_assert(sizeof(CRT_INPUT_RECORD) == 20, "INPUT_RECORD is 20 bytes");
#endif

#define KEY_EVENT 1
#define RIGHT_ALT_PRESSED 0x1
#define LEFT_ALT_PRESSED 0x2
#define RIGHT_CTRL_PRESSED 0x4
#define LEFT_CTRL_PRESSED 0x8
#define SHIFT_PRESSED 0x10
#define ENHANCED_KEY 0x100

#ifndef CRT_HOST_TEST
WINIMPORT BOOL WINAPI ReadConsoleInputA(HANDLE h, CRT_INPUT_RECORD *rec, DWORD n, DWORD *read);
WINIMPORT BOOL WINAPI ReadConsoleInputW(HANDLE h, CRT_INPUT_RECORD *rec, DWORD n, DWORD *read);
WINIMPORT BOOL WINAPI PeekConsoleInputA(HANDLE h, CRT_INPUT_RECORD *rec, DWORD n, DWORD *read);
WINIMPORT BOOL WINAPI GetNumberOfConsoleInputEvents(HANDLE h, DWORD *count);
WINIMPORT BOOL WINAPI SetConsoleMode(HANDLE h, DWORD mode);
#else
/* The host unit tests' mock kernel32 has no console input. */
static BOOL ReadConsoleInputA(HANDLE h, CRT_INPUT_RECORD *rec, DWORD n, DWORD *read) { return 0; }
static BOOL ReadConsoleInputW(HANDLE h, CRT_INPUT_RECORD *rec, DWORD n, DWORD *read) { return 0; }
static BOOL PeekConsoleInputA(HANDLE h, CRT_INPUT_RECORD *rec, DWORD n, DWORD *read) { return 0; }
static BOOL GetNumberOfConsoleInputEvents(HANDLE h, DWORD *count) { return 0; }
static BOOL SetConsoleMode(HANDLE h, DWORD mode) { return 0; }
#endif

#define ENABLE_LINE_INPUT 0x2
#define FALSE 0
#define TRUE 1

/* The console's input handle, CONIN$ opened once (NULL: no console). */
static HANDLE console_in(void)
{
    static HANDLE h;

    if (!h) {
        HANDLE c = CreateFileA("CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                               OPEN_EXISTING, 0, NULL);

        h = c == INVALID_HANDLE_VALUE ? INVALID_HANDLE_VALUE : c;
    }
    return h == INVALID_HANDLE_VALUE ? NULL : h;
}

/* The two codes _getch returns for a key that types no character: the
 * lead (0, or 0xE0 for the keys of the extended keyboard) and the second
 * code, which is the scan code unmodified and the old BIOS codes with
 * Shift, Ctrl or Alt. Keys not listed return nothing. */
struct ext_codes {
    BYTE scan;
    BYTE normal[2], shift[2], ctrl[2], alt[2];
};

/* The gray navigation keys (ENHANCED_KEY). */
static const struct ext_codes gray_keys[] = {
    { 0x47, { 0xe0, 0x47 }, { 0xe0, 0x47 }, { 0xe0, 0x77 }, { 0, 0x97 } }, /* Home */
    { 0x48, { 0xe0, 0x48 }, { 0xe0, 0x48 }, { 0xe0, 0x8d }, { 0, 0x98 } }, /* Up */
    { 0x49, { 0xe0, 0x49 }, { 0xe0, 0x49 }, { 0xe0, 0x86 }, { 0, 0x99 } }, /* PageUp */
    { 0x4b, { 0xe0, 0x4b }, { 0xe0, 0x4b }, { 0xe0, 0x73 }, { 0, 0x9b } }, /* Left */
    { 0x4d, { 0xe0, 0x4d }, { 0xe0, 0x4d }, { 0xe0, 0x74 }, { 0, 0x9d } }, /* Right */
    { 0x4f, { 0xe0, 0x4f }, { 0xe0, 0x4f }, { 0xe0, 0x75 }, { 0, 0x9f } }, /* End */
    { 0x50, { 0xe0, 0x50 }, { 0xe0, 0x50 }, { 0xe0, 0x91 }, { 0, 0xa0 } }, /* Down */
    { 0x51, { 0xe0, 0x51 }, { 0xe0, 0x51 }, { 0xe0, 0x76 }, { 0, 0xa1 } }, /* PageDown */
    { 0x52, { 0xe0, 0x52 }, { 0xe0, 0x52 }, { 0xe0, 0x92 }, { 0, 0xa2 } }, /* Insert */
    { 0x53, { 0xe0, 0x53 }, { 0xe0, 0x53 }, { 0xe0, 0x93 }, { 0, 0xa3 } }, /* Delete */
};

/* The other keys: F11, F12 and the keypad's (F1..F10 are computed). */
static const struct ext_codes other_keys[] = {
    { 0x57, { 0xe0, 0x85 }, { 0xe0, 0x87 }, { 0xe0, 0x89 }, { 0xe0, 0x8b } }, /* F11 */
    { 0x58, { 0xe0, 0x86 }, { 0xe0, 0x88 }, { 0xe0, 0x8a }, { 0xe0, 0x8c } }, /* F12 */
    { 0x47, { 0, 0x47 }, { 0, 0 }, { 0, 0x77 }, { 0, 0 } },                   /* keypad Home */
    { 0x48, { 0, 0x48 }, { 0, 0 }, { 0, 0x8d }, { 0, 0 } },
    { 0x49, { 0, 0x49 }, { 0, 0 }, { 0, 0x84 }, { 0, 0 } },
    { 0x4b, { 0, 0x4b }, { 0, 0 }, { 0, 0x73 }, { 0, 0 } },
    { 0x4d, { 0, 0x4d }, { 0, 0 }, { 0, 0x74 }, { 0, 0 } },
    { 0x4f, { 0, 0x4f }, { 0, 0 }, { 0, 0x75 }, { 0, 0 } },
    { 0x50, { 0, 0x50 }, { 0, 0 }, { 0, 0x91 }, { 0, 0 } },
    { 0x51, { 0, 0x51 }, { 0, 0 }, { 0, 0x76 }, { 0, 0 } },
    { 0x52, { 0, 0x52 }, { 0, 0 }, { 0, 0x92 }, { 0, 0 } },
    { 0x53, { 0, 0x53 }, { 0, 0 }, { 0, 0x93 }, { 0, 0 } },
};

/* The two codes of a key that types no character; FALSE for keys that
 * _getch skips (Shift, Ctrl, Alt by themselves). */
static BOOL extended_codes(const CRT_KEY_EVENT *e, BYTE codes[2])
{
    const struct ext_codes *t = NULL;
    DWORD state = e->dwControlKeyState;
    const BYTE *c;
    size_t i, n;

    if (state & ENHANCED_KEY) {
        t = gray_keys;
        n = sizeof(gray_keys) / sizeof(gray_keys[0]);
    } else if (e->wVirtualScanCode >= 0x3b && e->wVirtualScanCode <= 0x44) {
        /* F1..F10: 0 and the scan code; 0x54.., 0x5E.., 0x68.. with
         * Shift, Ctrl, Alt. */
        BYTE k = (BYTE)(e->wVirtualScanCode - 0x3b);

        codes[0] = 0;
        codes[1] = (state & (LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED))     ? 0x68 + k
                   : (state & (LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED)) ? 0x5e + k
                   : (state & SHIFT_PRESSED)                            ? 0x54 + k
                                                                        : 0x3b + k;
        return TRUE;
    } else {
        t = other_keys;
        n = sizeof(other_keys) / sizeof(other_keys[0]);
    }
    for (i = 0; i < n && t[i].scan != e->wVirtualScanCode; i++)
        ;
    if (i == n)
        return FALSE;
    c = (state & (LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED))     ? t[i].alt
        : (state & (LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED)) ? t[i].ctrl
        : (state & SHIFT_PRESSED)                            ? t[i].shift
                                                             : t[i].normal;
    if (!c[0] && !c[1])
        return FALSE;
    codes[0] = c[0];
    codes[1] = c[1];
    return TRUE;
}

/* A character pushed back by _ungetch / the second code of a key
 * (narrow and wide have one each); -1 when none. */
static int pushed_back = -1, wpushed_back = -1;

/* Reads keys until one that types a character or has extended codes;
 * the console in raw mode meanwhile, as Microsoft's CRT sets it. */
static int read_key(BOOL wide, int *second)
{
    HANDLE h = console_in();
    CRT_INPUT_RECORD r;
    DWORD mode = 0, n;
    BOOL have_mode;
    int c = CRT_EOF;

    *second = -1;
    if (!h)
        return CRT_EOF;
    have_mode = GetConsoleMode(h, &mode);
    if (have_mode)
        SetConsoleMode(h, 0);
    for (;;) {
        BYTE codes[2];

        if (!(wide ? ReadConsoleInputW(h, &r, 1, &n) : ReadConsoleInputA(h, &r, 1, &n)) || !n)
            break;
        if (r.EventType != KEY_EVENT || !r.Event.KeyEvent.bKeyDown)
            continue;
        if (wide ? r.Event.KeyEvent.uChar.UnicodeChar != 0 : r.Event.KeyEvent.uChar.AsciiChar != 0) {
            c = wide ? r.Event.KeyEvent.uChar.UnicodeChar : (unsigned char)r.Event.KeyEvent.uChar.AsciiChar;
            break;
        }
        if (extended_codes(&r.Event.KeyEvent, codes)) {
            c = codes[0];
            *second = codes[1];
            break;
        }
    }
    if (have_mode)
        SetConsoleMode(h, mode);
    return c;
}

int __cdecl _getch(void)
{
    int c, second;

    if (pushed_back >= 0) {
        c = pushed_back;
        pushed_back = -1;
        return c;
    }
    c = read_key(FALSE, &second);
    if (second >= 0)
        pushed_back = second;
    return c;
}

int __cdecl _getch_nolock(void)
{
    return _getch();
}

/* _getche echoes what it reads from the console (a key's lead code
 * included, as Microsoft's CRT does), not what was pushed back (a key's
 * second code, _ungetch). */
int __cdecl _getche(void)
{
    BOOL from_pushback = pushed_back >= 0;
    int c = _getch();

    if (c != CRT_EOF && !from_pushback)
        _putch(c);
    return c;
}

int __cdecl _getche_nolock(void)
{
    return _getche();
}

crt_wchar __cdecl _getwch(void)
{
    int c, second;

    if (wpushed_back >= 0) {
        c = wpushed_back;
        wpushed_back = -1;
        return (crt_wchar)c;
    }
    c = read_key(TRUE, &second);
    if (second >= 0)
        wpushed_back = second;
    return c == CRT_EOF ? CRT_WEOF : (crt_wchar)c;
}

crt_wchar __cdecl _getwch_nolock(void)
{
    return _getwch();
}

crt_wchar __cdecl _getwche(void)
{
    BOOL from_pushback = wpushed_back >= 0;
    crt_wchar c = _getwch();

    if (c != CRT_WEOF && !from_pushback)
        _putwch(c);
    return c;
}

crt_wchar __cdecl _getwche_nolock(void)
{
    return _getwche();
}

/* Whether a key is waiting: a key-down record that _getch would return.
 * In line mode the terminal holds the keys of a line being typed until
 * Enter, so the console is put in raw mode for the look (Windows sees
 * each key as it is typed, whatever the mode). */
int __cdecl _kbhit(void)
{
    HANDLE h = console_in();
    CRT_INPUT_RECORD recs[64];
    DWORD mode = 0, n = 0, i;
    BOOL restore = FALSE;
    int hit = 0;

    if (pushed_back >= 0 || wpushed_back >= 0)
        return 1;
    if (!h)
        return 0;
    if (GetConsoleMode(h, &mode) && (mode & ENABLE_LINE_INPUT))
        restore = SetConsoleMode(h, 0);
    if (GetNumberOfConsoleInputEvents(h, &n) && n && PeekConsoleInputA(h, recs, n < 64 ? n : 64, &n)) {
        for (i = 0; i < n && !hit; i++) {
            BYTE codes[2];
            const CRT_KEY_EVENT *e = &recs[i].Event.KeyEvent;

            hit = recs[i].EventType == KEY_EVENT && e->bKeyDown && (e->uChar.AsciiChar || extended_codes(e, codes));
        }
    }
    if (restore)
        SetConsoleMode(h, mode);
    return hit;
}

/* One character goes back; a second one fails. */
int __cdecl _ungetch(int c)
{
    if (c == CRT_EOF || pushed_back >= 0)
        return CRT_EOF;
    pushed_back = c & 0xff;
    return pushed_back;
}

int __cdecl _ungetch_nolock(int c)
{
    return _ungetch(c);
}

crt_wchar __cdecl _ungetwch(crt_wchar c)
{
    if (c == CRT_WEOF || wpushed_back >= 0)
        return CRT_WEOF;
    wpushed_back = c;
    return c;
}

crt_wchar __cdecl _ungetwch_nolock(crt_wchar c)
{
    return _ungetwch(c);
}

char *__cdecl _cgets(char *buf)
{
    CRT_FIXME("_cgets");
    crt_errno = CRT_ENOSYS;
    return NULL;
}
