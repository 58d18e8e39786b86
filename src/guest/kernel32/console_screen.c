/* The console screen buffer, on a host terminal. The buffer is the
 * terminal's visible screen: dwSize and the window are the terminal's
 * size (the host's TIOCGWINSZ), with no scroll-back, so buffer coordinates
 * are the terminal's own (row 0 the top line) and map onto VT cursor
 * addressing directly.
 *
 * The cursor position comes from the terminal itself (a DSR query that
 * the host makes, only when our standard input reads the same terminal,
 * so the answer comes back to us). Keeping our own copy instead would
 * need to know where the shell left the cursor and to model every byte
 * written (wrapping, tabs, escape sequences, other processes' output);
 * asking is exact. A terminal that does not answer within the host's
 * timeout is not asked again, and the position is then the last one set
 * with SetConsoleCursorPosition.
 *
 * Fills become escape sequences drawn with the cursor saved and restored
 * (fills do not move the cursor). A terminal cannot recolour cells
 * without rewriting their text, so FillConsoleOutputAttribute works on
 * cells a blank fill cleared (the "clear the screen" pattern), and
 * elsewhere leaves the colours as they are (FIXME). Scrolling moves whole
 * rows only. */
#include "console_private.h"
#include "../ntdll/codepage.h"

static CONSOLE_CURSOR_INFO cursor_info = { 25, TRUE };
static COORD last_set;
static LONG terminal_silent; /* it did not answer a position query */

/* The cells the last blank fill cleared (screen offsets), until text is
 * written: what FillConsoleOutputAttribute can recolour. */
static struct {
    BOOL valid;
    DWORD start, count;
    WORD attr;
} blank;

void k32_console_screen_written(void)
{
    blank.valid = FALSE;
}

/* The terminal's size for an output handle: FALSE with the last error set
 * when h is not a console screen buffer. */
static BOOL screen_size(HANDLE h, COORD *size)
{
    ULONG v[2];
    NTSTATUS status;

    if (!k32_is_console(h) || k32_console_is_input(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if ((status = Wow64Console(h, CON_OP_SIZE, NULL, 0, v, sizeof(v))))
        return k32_status(status);
    size->X = (SHORT)(v[0] > 0x7fff ? 0x7fff : v[0]);
    size->Y = (SHORT)(v[1] > 0x7fff ? 0x7fff : v[1]);
    return TRUE;
}

static COORD cursor_position(HANDLE h, COORD size)
{
    HANDLE in = nt_params()->StandardInput;
    COORD pos = last_set;

    if (!terminal_silent && k32_is_console(in)) {
        ULONG buf[3 + 64];
        NTSTATUS status = Wow64Console(h, CON_OP_CURSOR, &in, sizeof(in), buf, sizeof(buf));

        if (status == STATUS_SUCCESS || status == STATUS_TIMEOUT)
            k32_console_push_typeahead(&buf[3], buf[2] > 256 ? 256 : buf[2]);
        if (status == STATUS_SUCCESS) {
            pos.X = (SHORT)buf[0];
            pos.Y = (SHORT)buf[1];
        } else if (status == STATUS_TIMEOUT) {
            terminal_silent = TRUE;
            k32_console_expect_late_report();
        }
    }
    if (pos.X >= size.X)
        pos.X = size.X - 1;
    if (pos.Y >= size.Y)
        pos.Y = size.Y - 1;
    return pos;
}

static void fill_info(HANDLE h, COORD size, CONSOLE_SCREEN_BUFFER_INFO *info)
{
    info->dwSize = size;
    info->dwCursorPosition = cursor_position(h, size);
    info->wAttributes = k32_console_attributes();
    info->srWindow.Left = 0;
    info->srWindow.Top = 0;
    info->srWindow.Right = size.X - 1;
    info->srWindow.Bottom = size.Y - 1;
    info->dwMaximumWindowSize = size;
}

BOOL WINAPI GetConsoleScreenBufferInfo(HANDLE h, PCONSOLE_SCREEN_BUFFER_INFO info)
{
    CONSOLE_SCREEN_BUFFER_INFO tmp;
    COORD size;

    if (!screen_size(h, &size))
        return FALSE;
    fill_info(h, size, &tmp);
    *info = tmp;
    return TRUE;
}

BOOL WINAPI GetConsoleScreenBufferInfoEx(HANDLE h, PCONSOLE_SCREEN_BUFFER_INFOEX info)
{
    /* The console's classic 16 colours (COLORREF: 0x00BBGGRR). */
    static const COLORREF colours[16] = {
        0x000000, 0x800000, 0x008000, 0x808000, 0x000080, 0x800080, 0x008080, 0xc0c0c0,
        0x808080, 0xff0000, 0x00ff00, 0xffff00, 0x0000ff, 0xff00ff, 0x00ffff, 0xffffff,
    };
    CONSOLE_SCREEN_BUFFER_INFO basic;
    COORD size;

    if (!info || info->cbSize != sizeof(*info)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!screen_size(h, &size))
        return FALSE;
    fill_info(h, size, &basic);
    info->dwSize = basic.dwSize;
    info->dwCursorPosition = basic.dwCursorPosition;
    info->wAttributes = basic.wAttributes;
    info->srWindow = basic.srWindow;
    info->dwMaximumWindowSize = basic.dwMaximumWindowSize;
    info->wPopupAttributes = 0xf5;
    info->bFullscreenSupported = FALSE;
    memcpy(info->ColorTable, colours, sizeof(colours));
    return TRUE;
}

/* The terminal decides its window's size; the largest we know of is the
 * one it has. */
COORD WINAPI GetLargestConsoleWindowSize(HANDLE h)
{
    COORD size = { 0, 0 };

    if (!screen_size(h, &size))
        size.X = size.Y = 0;
    return size;
}

static NTSTATUS move_to(HANDLE h, int x, int y)
{
    char buf[32];
    int n = _snprintf(buf, sizeof(buf), "\x1b[%d;%dH", y + 1, x + 1);

    return k32_console_write_raw(h, buf, (DWORD)n);
}

BOOL WINAPI SetConsoleCursorPosition(HANDLE h, COORD pos)
{
    COORD size;

    if (!screen_size(h, &size))
        return FALSE;
    if (pos.X < 0 || pos.Y < 0 || pos.X >= size.X || pos.Y >= size.Y) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!k32_status(move_to(h, pos.X, pos.Y)))
        return FALSE;
    last_set = pos;
    return TRUE;
}

/* Clips a fill of len cells at pos to the screen: the number of cells,
 * or -1 (last error set) for a position outside it. */
static LONG fill_extent(COORD size, COORD pos, DWORD len)
{
    DWORD total = (DWORD)size.X * (DWORD)size.Y, start;

    if (pos.X < 0 || pos.Y < 0 || pos.X >= size.X || pos.Y >= size.Y) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return -1;
    }
    start = (DWORD)pos.Y * size.X + pos.X;
    return (LONG)(len < total - start ? len : total - start);
}

/* Draws count cells from screen offset start with the UTF-8 character
 * ch (len bytes; a blank when len is 0, drawn by erasing), in the
 * current colours, the cursor saved around it. */
static NTSTATUS draw_cells(HANDLE h, COORD size, DWORD start, DWORD count, const char *ch, DWORD len)
{
    char line[1024];
    DWORD total = (DWORD)size.X * (DWORD)size.Y, pos = start, end = start + count;
    NTSTATUS status = k32_console_write_raw(h, "\x1b" "7", 2);

    while (!status && pos < end) {
        DWORD x = pos % size.X, y = pos / size.X;
        DWORD row_end = (y + 1) * (DWORD)size.X, stop = end < row_end ? end : row_end;

        if ((status = move_to(h, (int)x, (int)y)))
            break;
        if (!len && end == total) {
            /* Blank to the end of the screen: erase in display. */
            status = k32_console_write_raw(h, "\x1b[J", 3);
            break;
        }
        if (!len && stop == row_end) {
            status = k32_console_write_raw(h, "\x1b[K", 3);
        } else {
            DWORD n = stop - pos, k = 0;
            const char *c = len ? ch : " ";
            DWORD clen = len ? len : 1;

            while (n-- && !status) {
                memcpy(line + k, c, clen);
                k += clen;
                if (k + 4 > sizeof(line) || !n) {
                    status = k32_console_write_raw(h, line, k);
                    k = 0;
                }
            }
        }
        pos = stop;
    }
    if (!status)
        status = k32_console_write_raw(h, "\x1b" "8", 2);
    return status;
}

static BOOL fill_char(HANDLE h, WCHAR wc, DWORD len, COORD pos, LPDWORD written)
{
    unsigned char utf8[8];
    unsigned flags = 0;
    COORD size;
    LONG n;
    DWORD clen;

    /* The count is required (Windows fails without it). */
    if (!written) {
        SetLastError(ERROR_INVALID_ACCESS);
        return FALSE;
    }
    *written = 0;
    if (!screen_size(h, &size) || (n = fill_extent(size, pos, len)) < 0)
        return FALSE;
    clen = wc == ' ' ? 0 : (DWORD)codepage_utf16_to_utf8(utf8, sizeof(utf8), (const uint16_t *)&wc, 1, &flags);
    if (wc != ' ' && !clen) {
        utf8[0] = '?';
        clen = 1;
    }
    if (n && !k32_status(draw_cells(h, size, (DWORD)pos.Y * size.X + pos.X, (DWORD)n, (char *)utf8, clen)))
        return FALSE;
    if (wc == ' ') {
        blank.valid = TRUE;
        blank.start = (DWORD)pos.Y * size.X + pos.X;
        blank.count = (DWORD)n;
        blank.attr = k32_console_attributes();
    } else {
        blank.valid = FALSE;
    }
    *written = (DWORD)n;
    return TRUE;
}

BOOL WINAPI FillConsoleOutputCharacterW(HANDLE h, WCHAR ch, DWORD len, COORD pos, LPDWORD written)
{
    return fill_char(h, ch, len, pos, written);
}

BOOL WINAPI FillConsoleOutputCharacterA(HANDLE h, CHAR ch, DWORD len, COORD pos, LPDWORD written)
{
    UINT cp = k32_console_output_cp();
    unsigned char b = (unsigned char)ch;
    WCHAR wc = b;

    if (b >= 0x80)
        wc = cp == CP_UTF8 ? 0xfffd : codepage_sbcs_decode(cp, b, 0);
    return fill_char(h, wc, len, pos, written);
}

BOOL WINAPI FillConsoleOutputAttribute(HANDLE h, WORD attr, DWORD len, COORD pos, LPDWORD written)
{
    COORD size;
    LONG n;
    DWORD start;

    if (!written) {
        SetLastError(ERROR_INVALID_ACCESS);
        return FALSE;
    }
    *written = 0;
    if (!screen_size(h, &size) || (n = fill_extent(size, pos, len)) < 0)
        return FALSE;
    start = (DWORD)pos.Y * size.X + pos.X;
    if (blank.valid && start >= blank.start && start + (DWORD)n <= blank.start + blank.count) {
        if (attr != blank.attr && n) {
            char sgr[32];
            int k = k32_console_sgr(sgr, attr);
            NTSTATUS status = k32_console_write_raw(h, sgr, (DWORD)k);

            /* Erased cells take the colours in force when erased. */
            if (!status)
                status = draw_cells(h, size, start, (DWORD)n, NULL, 0);
            k = k32_console_sgr(sgr, k32_console_attributes());
            k32_console_write_raw(h, sgr, (DWORD)k);
            if (!k32_status(status))
                return FALSE;
            if (start == blank.start && (DWORD)n == blank.count)
                blank.attr = attr;
        }
    } else if (n) {
        K32_FIXME_ONCE("FillConsoleOutputAttribute %p %04x: a terminal cannot recolour text "
                       "already on the screen; colours left as they are\n", h, attr);
    }
    *written = (DWORD)n;
    return TRUE;
}

BOOL WINAPI GetConsoleCursorInfo(HANDLE h, PCONSOLE_CURSOR_INFO info)
{
    COORD size;

    if (!screen_size(h, &size))
        return FALSE;
    *info = cursor_info;
    return TRUE;
}

BOOL WINAPI SetConsoleCursorInfo(HANDLE h, const CONSOLE_CURSOR_INFO *info)
{
    ULONG visible;
    COORD size;
    NTSTATUS status;

    if (!screen_size(h, &size))
        return FALSE;
    if (info->dwSize < 1 || info->dwSize > 100) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    visible = info->bVisible ? 1 : 0;
    if ((status = Wow64Console(h, CON_OP_SHOW_CURSOR, &visible, sizeof(visible), NULL, 0)))
        return k32_status(status);
    cursor_info.dwSize = info->dwSize;
    cursor_info.bVisible = visible;
    return TRUE;
}

/* Moves whole rows up or down with the terminal's own scrolling: a
 * scrolling region over the rows involved, scrolled by the distance
 * (SU/SD), which blanks the rows left behind in the colours in force, the
 * fill's. Other moves (part of a row, sideways, a clip that cuts the
 * rows, a fill character other than a blank, a move farther than the
 * rectangle is tall) are not implemented. */
static BOOL scroll(HANDLE h, const SMALL_RECT *rect, const SMALL_RECT *clip, COORD dest, WCHAR fill_char,
                   WORD fill_attr, const char *name)
{
    COORD size;
    int top, bottom, dist, first, last;
    char buf[64];
    int n;
    NTSTATUS status;

    if (!screen_size(h, &size))
        return FALSE;
    top = rect->Top < 0 ? 0 : rect->Top;
    bottom = rect->Bottom >= size.Y ? size.Y - 1 : rect->Bottom;
    if (rect->Left > rect->Right || top > bottom || rect->Left >= size.X || rect->Right < 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    dist = dest.Y - rect->Top;
    first = dist < 0 ? top + dist : top;
    last = dist < 0 ? bottom : bottom + dist;
    if (first < 0)
        first = 0;
    if (last >= size.Y)
        last = size.Y - 1;
    if (rect->Left > 0 || rect->Right < size.X - 1 || dest.X != rect->Left || fill_char != ' ' ||
        (dist < 0 ? -dist : dist) > bottom - top + 1 ||
        (clip && (clip->Left > 0 || clip->Right < size.X - 1 || clip->Top > first || clip->Bottom < last))) {
        K32_NOT_IMPLEMENTED("%s %p: only whole rows moved up or down with a blank fill are "
                            "implemented\n", name, h);
        return FALSE;
    }
    if (!dist)
        return TRUE;
    /* DECSTBM homes the cursor: saved and restored around it, with the
     * colours (DECSC keeps both). */
    n = k32_console_sgr(buf, fill_attr);
    status = k32_console_write_raw(h, "\x1b" "7", 2);
    if (!status)
        status = k32_console_write_raw(h, buf, (DWORD)n);
    n = _snprintf(buf, sizeof(buf), "\x1b[%d;%dr\x1b[%d%c\x1b[r", first + 1, last + 1, dist < 0 ? -dist : dist,
                  dist < 0 ? 'S' : 'T');
    if (!status)
        status = k32_console_write_raw(h, buf, (DWORD)n);
    k32_console_write_raw(h, "\x1b" "8", 2);
    n = k32_console_sgr(buf, k32_console_attributes());
    k32_console_write_raw(h, buf, (DWORD)n);
    blank.valid = FALSE;
    return k32_status(status);
}

BOOL WINAPI ScrollConsoleScreenBufferW(HANDLE h, const SMALL_RECT *rect, const SMALL_RECT *clip, COORD dest,
                                       const CHAR_INFO *fill)
{
    return scroll(h, rect, clip, dest, fill->Char.UnicodeChar, fill->Attributes, "ScrollConsoleScreenBufferW");
}

BOOL WINAPI ScrollConsoleScreenBufferA(HANDLE h, const SMALL_RECT *rect, const SMALL_RECT *clip, COORD dest,
                                       const CHAR_INFO *fill)
{
    return scroll(h, rect, clip, dest, (unsigned char)fill->Char.AsciiChar, fill->Attributes,
                  "ScrollConsoleScreenBufferA");
}
