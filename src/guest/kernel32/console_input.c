/* Console input on a host terminal: the one input queue that ReadConsole,
 * ReadFile, ReadConsoleInput, PeekConsoleInput,
 * GetNumberOfConsoleInputEvents and FlushConsoleInputBuffer share.
 *
 * The queue has two parts: bytes read from the terminal that are not yet
 * keys (an escape sequence still arriving, keys typed during a cursor
 * position query), and INPUT_RECORDs decoded from them. A terminal sends
 * characters and escape sequences, not keys; each key decoded becomes a
 * key-down and a key-up record with the virtual-key code and scan code a
 * US keyboard gives on Windows (Microsoft's virtual-key code and scan code
 * tables) and the modifiers the terminal reported (Ctrl+letter as the C0
 * control character, Alt as an ESC prefix, xterm's modifier parameter).
 * The modifier keys themselves are not delivered as records. A lone ESC
 * is the Escape key once ESC_MS pass without the rest of a sequence.
 *
 * In line mode the terminal edits the line itself (canonical mode): its
 * keys reach the queue only when the line is complete, already echoed. */
#include "console_private.h"
#include "../ntdll/codepage.h"

/* How long the rest of an escape sequence may take before a lone ESC is
 * the Escape key. */
#define ESC_MS 100
/* How often a blocking read looks at the terminal's size when the
 * program asked for window events. */
#define RESIZE_POLL_MS 250

static RTL_CRITICAL_SECTION input_lock = { (void *)-1, -1, 0, 0, 0, 0 };
static unsigned char pend[1024];
static DWORD pend_len, pend_since;
static INPUT_RECORD recs[512];
static DWORD rec_count;
static BOOL late_report; /* a cursor query went unanswered */
static COORD last_size;  /* for WINDOW_BUFFER_SIZE_EVENT */

struct key {
    WORD vk, scan;
    WCHAR ch[2]; /* a surrogate pair is two keys */
    DWORD state;
    int nch;     /* 0: a sequence that is no key */
};

void k32_console_push_typeahead(const void *buf, DWORD len)
{
    RtlEnterCriticalSection(&input_lock);
    if (len > sizeof(pend) - pend_len)
        len = sizeof(pend) - pend_len;
    memcpy(pend + pend_len, buf, len);
    if (!pend_len)
        pend_since = GetTickCount();
    pend_len += len;
    RtlLeaveCriticalSection(&input_lock);
}

void k32_console_expect_late_report(void)
{
    late_report = TRUE;
}

/* Cuts the first cursor position report (ESC [ row ; col R) out of
 * buf; TRUE when there was one. */
static BOOL drop_report(unsigned char *buf, DWORD *n)
{
    DWORD i, j;

    for (i = 0; i + 1 < *n; i++) {
        int part = 0, digits = 0;

        if (buf[i] != 0x1b || buf[i + 1] != '[')
            continue;
        for (j = i + 2; j < *n; j++) {
            if (buf[j] >= '0' && buf[j] <= '9')
                digits++;
            else if (buf[j] == ';' && !part && digits)
                part = 1, digits = 0;
            else
                break;
        }
        if (j < *n && buf[j] == 'R' && part && digits) {
            memmove(buf + i, buf + j + 1, *n - j - 1);
            *n -= j + 1 - i;
            return TRUE;
        }
    }
    return FALSE;
}

/* Fresh bytes from the terminal: a late position report is not input. */
static void filter_fresh(unsigned char *buf, DWORD *n)
{
    if (late_report && *n && drop_report(buf, n))
        late_report = FALSE;
}

/* ---- Characters and escape sequences to keys ------------------------- */

/* Scan codes of the letters a..z (set 1, as Windows reports them). */
static const BYTE letter_scan[26] = {
    0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
    0x31, 0x18, 0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c,
};

/* The other keys of a US keyboard that type a character: unshifted and
 * shifted character, virtual-key code, scan code. */
static const struct {
    char plain, shifted;
    BYTE vk, scan;
} symbol_keys[] = {
    { '1', '!', '1', 0x02 },  { '2', '@', '2', 0x03 },  { '3', '#', '3', 0x04 },
    { '4', '$', '4', 0x05 },  { '5', '%', '5', 0x06 },  { '6', '^', '6', 0x07 },
    { '7', '&', '7', 0x08 },  { '8', '*', '8', 0x09 },  { '9', '(', '9', 0x0a },
    { '0', ')', '0', 0x0b },  { '-', '_', VK_OEM_MINUS, 0x0c }, { '=', '+', VK_OEM_PLUS, 0x0d },
    { '[', '{', VK_OEM_4, 0x1a }, { ']', '}', VK_OEM_6, 0x1b }, { ';', ':', VK_OEM_1, 0x27 },
    { '\'', '"', VK_OEM_7, 0x28 }, { '`', '~', VK_OEM_3, 0x29 }, { '\\', '|', VK_OEM_5, 0x2b },
    { ',', '<', VK_OEM_COMMA, 0x33 }, { '.', '>', VK_OEM_PERIOD, 0x34 }, { '/', '?', VK_OEM_2, 0x35 },
    { ' ', ' ', VK_SPACE, 0x39 },
};

static void set_key(struct key *k, WORD vk, WORD scan, WCHAR ch, DWORD state)
{
    k->vk = vk;
    k->scan = scan;
    k->ch[0] = ch;
    k->nch = 1;
    k->state = state;
}

/* The key that types character c. */
static void char_key(WCHAR c, struct key *k)
{
    unsigned i;

    if (c >= 'a' && c <= 'z') {
        set_key(k, 'A' + (c - 'a'), letter_scan[c - 'a'], c, 0);
        return;
    }
    if (c >= 'A' && c <= 'Z') {
        set_key(k, c, letter_scan[c - 'A'], c, SHIFT_PRESSED);
        return;
    }
    for (i = 0; i < sizeof(symbol_keys) / sizeof(symbol_keys[0]); i++) {
        if (c == (BYTE)symbol_keys[i].plain || c == (BYTE)symbol_keys[i].shifted) {
            set_key(k, symbol_keys[i].vk, symbol_keys[i].scan, c,
                    c == (BYTE)symbol_keys[i].plain ? 0 : SHIFT_PRESSED);
            return;
        }
    }
    switch (c) {
    case '\r':
        set_key(k, VK_RETURN, 0x1c, '\r', 0);
        return;
    case '\n':
        /* The terminal's Enter in line mode (ICRNL); without line input a
         * LF is Ctrl+Enter, which types LF on Windows. */
        if (k32_console_input_mode() & ENABLE_LINE_INPUT)
            set_key(k, VK_RETURN, 0x1c, '\r', 0);
        else
            set_key(k, VK_RETURN, 0x1c, '\n', LEFT_CTRL_PRESSED);
        return;
    case '\t':
        set_key(k, VK_TAB, 0x0f, '\t', 0);
        return;
    case 0x08:
    case 0x7f:
        /* Terminals send DEL (some BS) for Backspace, which types BS. */
        set_key(k, VK_BACK, 0x0e, 0x08, 0);
        return;
    case 0x1b:
        set_key(k, VK_ESCAPE, 0x01, 0x1b, 0);
        return;
    case 0x00:
        set_key(k, VK_SPACE, 0x39, 0, LEFT_CTRL_PRESSED);
        return;
    case 0x1c:
        set_key(k, VK_OEM_5, 0x2b, c, LEFT_CTRL_PRESSED);
        return;
    case 0x1d:
        set_key(k, VK_OEM_6, 0x1b, c, LEFT_CTRL_PRESSED);
        return;
    case 0x1e:
        set_key(k, '6', 0x07, c, LEFT_CTRL_PRESSED | SHIFT_PRESSED);
        return;
    case 0x1f:
        set_key(k, VK_OEM_MINUS, 0x0c, c, LEFT_CTRL_PRESSED | SHIFT_PRESSED);
        return;
    }
    if (c >= 0x01 && c <= 0x1a) {
        set_key(k, 'A' + (c - 1), letter_scan[c - 1], c, LEFT_CTRL_PRESSED);
        return;
    }
    /* A character no US key types: no key code, as for pasted text. */
    set_key(k, 0, 0, c, 0);
}

/* The keys that type no character (gray keys are "enhanced"). */
enum { K_UP, K_DOWN, K_RIGHT, K_LEFT, K_HOME, K_END, K_INSERT, K_DELETE, K_PRIOR, K_NEXT, K_F1 };
static const struct {
    BYTE vk, scan;
} nav_keys[] = {
    { VK_UP, 0x48 },     { VK_DOWN, 0x50 },   { VK_RIGHT, 0x4d }, { VK_LEFT, 0x4b },
    { VK_HOME, 0x47 },   { VK_END, 0x4f },    { VK_INSERT, 0x52 }, { VK_DELETE, 0x53 },
    { VK_PRIOR, 0x49 },  { VK_NEXT, 0x51 },
};

/* Key number id (K_*, or K_F1 + n - 1 for Fn) with xterm's modifier
 * parameter mod (1 + 1 shift, 2 alt, 4 ctrl). */
static void special_key(int id, int mod, struct key *k)
{
    DWORD state = 0;

    if (mod > 1) {
        if ((mod - 1) & 1)
            state |= SHIFT_PRESSED;
        if ((mod - 1) & 2)
            state |= LEFT_ALT_PRESSED;
        if ((mod - 1) & 4)
            state |= LEFT_CTRL_PRESSED;
    }
    if (id >= K_F1) {
        int n = id - K_F1 + 1;

        set_key(k, (WORD)(VK_F1 + n - 1), (WORD)(n <= 10 ? 0x3a + n : n == 11 ? 0x57 : 0x58), 0, state);
        return;
    }
    set_key(k, nav_keys[id].vk, nav_keys[id].scan, 0, state | ENHANCED_KEY);
}

/* The key a CSI sequence ending in final names, or -1. */
static int csi_key(char final, int p0)
{
    static const signed char tilde[25] = {
        -1, K_HOME, K_INSERT, K_DELETE, K_END, K_PRIOR, K_NEXT, K_HOME, K_END, -1, -1,
        K_F1, K_F1 + 1, K_F1 + 2, K_F1 + 3, K_F1 + 4, -1, K_F1 + 5, K_F1 + 6, K_F1 + 7, K_F1 + 8,
        K_F1 + 9, -1, K_F1 + 10, K_F1 + 11,
    };

    switch (final) {
    case 'A': return K_UP;
    case 'B': return K_DOWN;
    case 'C': return K_RIGHT;
    case 'D': return K_LEFT;
    case 'H': return K_HOME;
    case 'F': return K_END;
    case 'P': return K_F1;
    case 'Q': return K_F1 + 1;
    case 'R': return K_F1 + 2;
    case 'S': return K_F1 + 3;
    case '~': return p0 >= 0 && p0 < 25 ? tilde[p0] : -1;
    }
    return -1;
}

/* Decodes one UTF-8 character; 0 when incomplete. */
static DWORD decode_char(const unsigned char *p, DWORD n, BOOL final, struct key *k)
{
    WCHAR w[2];
    unsigned flags = 0;
    DWORD len = p[0] < 0x80 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 1;
    size_t units;

    if (n < len) {
        if (!final)
            return 0;
        k->nch = 0; /* a character cut short for good */
        return n;
    }
    if (len == 1 && p[0] >= 0x80) {
        k->nch = 0; /* a stray continuation byte */
        return 1;
    }
    units = codepage_utf8_to_utf16((uint16_t *)w, 2, p, len, &flags);
    if (!units) {
        k->nch = 0;
        return len;
    }
    char_key(w[0], k);
    if (units == 2) {
        k->ch[1] = w[1];
        k->nch = 2;
    }
    return len;
}

/* Decodes the key at the start of p[0..n): the bytes it took, 0 when the
 * sequence is not complete yet (final: no more bytes will come soon). A
 * sequence we do not know (mouse reports, focus events) is taken whole
 * and is no key (k->nch == 0). */
static DWORD decode_key(const unsigned char *p, DWORD n, BOOL final, struct key *k)
{
    int params[4] = { -1, -1, -1, -1 }, np = 0, id;
    BOOL private = FALSE;
    DWORD i, inner;

    if (p[0] != 0x1b || (k32_console_input_mode() & ENABLE_VIRTUAL_TERMINAL_INPUT))
        return decode_char(p, n, final, k);
    if (n == 1) {
        if (!final)
            return 0;
        char_key(0x1b, k);
        return 1;
    }
    if (p[1] == '[' || p[1] == 'O') {
        i = 2;
        if (p[1] == '[' && i < n && p[i] == '[') {
            /* The Linux console's F1..F5: ESC [ [ A..E. */
            if (n < 4)
                goto incomplete;
            if (p[3] >= 'A' && p[3] <= 'E')
                special_key(K_F1 + (p[3] - 'A'), 1, k);
            else
                k->nch = 0;
            return 4;
        }
        if (p[1] == '[' && i < n && p[i] >= '<' && p[i] <= '?') {
            private = TRUE;
            i++;
        }
        for (; i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == ';' || p[i] == ':'); i++) {
            if (p[i] == ';' || p[i] == ':') {
                if (np < 3)
                    np++;
                continue;
            }
            if (params[np] < 0)
                params[np] = 0;
            if (params[np] < 10000)
                params[np] = params[np] * 10 + (p[i] - '0');
        }
        for (; i < n && p[i] >= 0x20 && p[i] <= 0x2f; i++)
            ;
        if (i == n)
            goto incomplete;
        if (p[1] == 'O') {
            /* SS3: application cursor keys, F1..F4; a digit before the
             * final byte is the modifier. */
            id = csi_key(p[i], -1);
            if (id < 0 || p[i] == '~')
                k->nch = 0;
            else
                special_key(id, params[0] > 0 ? params[0] : 1, k);
            return i + 1;
        }
        if (private || p[i] < 0x40 || p[i] > 0x7e) {
            k->nch = 0;
            return i + 1;
        }
        if (p[i] == 'Z') {
            set_key(k, VK_TAB, 0x0f, '\t', SHIFT_PRESSED);
            return i + 1;
        }
        id = csi_key(p[i], params[0]);
        if (id < 0)
            k->nch = 0;
        else
            special_key(id, params[1] > 0 ? params[1] : 1, k);
        return i + 1;
    }
    /* ESC before a key: that key with Alt (ESC ESC alone: two Escapes). */
    if (p[1] == 0x1b && n == 2) {
        if (!final)
            return 0;
        char_key(0x1b, k);
        return 1;
    }
    inner = decode_key(p + 1, n - 1, final, k);
    if (!inner)
        return 0;
    if (k->nch)
        k->state |= LEFT_ALT_PRESSED;
    return inner + 1;

incomplete:
    if (!final)
        return 0;
    /* ESC [ or ESC O and nothing else: Alt with that key. */
    if (n == 2) {
        char_key(p[1], k);
        k->state |= LEFT_ALT_PRESSED;
        return 2;
    }
    char_key(0x1b, k);
    return 1;
}

static BOOL push_record(const INPUT_RECORD *r)
{
    if (rec_count == sizeof(recs) / sizeof(recs[0]))
        return FALSE;
    recs[rec_count++] = *r;
    return TRUE;
}

/* A key-down and a key-up record per key, as Windows delivers a key. */
static void push_key(const struct key *k)
{
    INPUT_RECORD r;
    int i, down;

    for (i = 0; i < k->nch; i++) {
        for (down = 1; down >= 0; down--) {
            memset(&r, 0, sizeof(r));
            r.EventType = KEY_EVENT;
            r.Event.KeyEvent.bKeyDown = down;
            r.Event.KeyEvent.wRepeatCount = 1;
            r.Event.KeyEvent.wVirtualKeyCode = k->vk;
            r.Event.KeyEvent.wVirtualScanCode = k->scan;
            r.Event.KeyEvent.uChar.UnicodeChar = k->ch[i];
            r.Event.KeyEvent.dwControlKeyState = k->state;
            push_record(&r);
        }
    }
}

/* Turns the pending bytes into records (input_lock held). final: an
 * incomplete sequence at the end will not be completed. */
static void decode_pending(BOOL final)
{
    DWORD pos = 0;

    while (pos < pend_len && rec_count + 4 <= sizeof(recs) / sizeof(recs[0])) {
        struct key k;
        DWORD used = decode_key(pend + pos, pend_len - pos, final, &k);

        if (!used)
            break;
        if (k.nch)
            push_key(&k);
        pos += used;
    }
    if (pos) {
        memmove(pend, pend + pos, pend_len - pos);
        pend_len -= pos;
        pend_since = GetTickCount();
    }
}

/* The terminal's size now (FALSE when it cannot be had). */
static BOOL terminal_size(HANDLE h, COORD *size)
{
    ULONG v[2];

    if (Wow64Console(h, CON_OP_SIZE, NULL, 0, v, sizeof(v)))
        return FALSE;
    size->X = (SHORT)(v[0] > 0x7fff ? 0x7fff : v[0]);
    size->Y = (SHORT)(v[1] > 0x7fff ? 0x7fff : v[1]);
    return TRUE;
}

void k32_console_watch_size(HANDLE h)
{
    terminal_size(h, &last_size);
}

/* Queues a WINDOW_BUFFER_SIZE_EVENT when the program asked for window
 * events and the terminal's size changed since we last looked (the size
 * is looked at on each input call, and every RESIZE_POLL_MS while a read
 * waits). */
static void check_resize(HANDLE h)
{
    COORD size;
    INPUT_RECORD r;

    if (!(k32_console_input_mode() & ENABLE_WINDOW_INPUT) || !terminal_size(h, &size))
        return;
    if (size.X == last_size.X && size.Y == last_size.Y)
        return;
    last_size = size;
    memset(&r, 0, sizeof(r));
    r.EventType = WINDOW_BUFFER_SIZE_EVENT;
    r.Event.WindowBufferSizeEvent.dwSize = size;
    RtlEnterCriticalSection(&input_lock);
    push_record(&r);
    RtlLeaveCriticalSection(&input_lock);
}

/* Reads what the terminal has within timeout ms (~0: waits for it) into
 * the pending bytes. STATUS_TIMEOUT when nothing came, STATUS_END_OF_FILE
 * when the terminal has gone. */
static NTSTATUS read_terminal(HANDLE h, DWORD timeout)
{
    struct {
        ULONG n;
        unsigned char data[512];
    } buf;
    ULONG t = timeout;
    DWORD n, room;
    NTSTATUS status;

    RtlEnterCriticalSection(&input_lock);
    room = sizeof(pend) - pend_len;
    RtlLeaveCriticalSection(&input_lock);
    if (!room)
        return STATUS_TIMEOUT;
    status = Wow64Console(h, CON_OP_READ, &t, sizeof(t), &buf,
                          sizeof(buf.n) + (room < sizeof(buf.data) ? room : sizeof(buf.data)));
    if (status)
        return status;
    if (!buf.n)
        return STATUS_END_OF_FILE;
    n = buf.n;
    filter_fresh(buf.data, &n);
    k32_console_push_typeahead(buf.data, n);
    return STATUS_SUCCESS;
}

static void decode_locked(BOOL final)
{
    RtlEnterCriticalSection(&input_lock);
    decode_pending(final);
    RtlLeaveCriticalSection(&input_lock);
}

/* Decodes what is there without blocking; with wait, waits until there
 * is at least one record. STATUS_END_OF_FILE: the terminal has gone. */
static NTSTATUS fill(HANDLE h, BOOL wait)
{
    NTSTATUS status;

    check_resize(h);
    for (;;) {
        DWORD age;

        /* What the terminal has now (read_terminal says STATUS_TIMEOUT
         * also when the pending bytes have no room left). */
        do {
            status = read_terminal(h, 0);
            decode_locked(FALSE);
        } while (status == STATUS_SUCCESS);
        if (status != STATUS_TIMEOUT && status != STATUS_END_OF_FILE)
            return status;
        if (status == STATUS_END_OF_FILE)
            decode_locked(TRUE);
        /* The rest of a sequence gets a short time to arrive. */
        if (pend_len && (age = GetTickCount() - pend_since) >= ESC_MS)
            decode_locked(TRUE);
        else if (pend_len && wait && read_terminal(h, ESC_MS - age) != STATUS_SUCCESS)
            decode_locked(TRUE);
        if (rec_count || !wait)
            return status == STATUS_END_OF_FILE && !rec_count ? status : STATUS_SUCCESS;
        if (pend_len)
            continue;
        if (status == STATUS_END_OF_FILE)
            return status;
        /* Nothing yet: wait for the terminal (and for its size to change,
         * when the program asked for window events). */
        status = read_terminal(h, (k32_console_input_mode() & ENABLE_WINDOW_INPUT) ? RESIZE_POLL_MS : ~0u);
        if (status == STATUS_TIMEOUT)
            check_resize(h);
        else if (status == STATUS_END_OF_FILE)
            return status;
        else if (status)
            return status;
    }
}

/* ---- The queue as characters (ReadConsole, ReadFile) ----------------- */

BOOL k32_console_input_queued(void)
{
    return rec_count != 0;
}

/* Takes up to max characters out of the records (key-down records that
 * type a character; the others are dropped, as ReadConsole drops them).
 * With wait, reads the terminal until there is one. */
NTSTATUS k32_console_input_chars(HANDLE h, WCHAR *out, DWORD max, BOOL wait, DWORD *got)
{
    NTSTATUS status;
    DWORD i, k = 0;

    *got = 0;
    for (;;) {
        RtlEnterCriticalSection(&input_lock);
        for (i = 0; i < rec_count && k < max; i++) {
            const KEY_EVENT_RECORD *e = &recs[i].Event.KeyEvent;

            if (recs[i].EventType == KEY_EVENT && e->bKeyDown && e->uChar.UnicodeChar)
                out[k++] = e->uChar.UnicodeChar;
        }
        memmove(recs, recs + i, (rec_count - i) * sizeof(recs[0]));
        rec_count -= i;
        RtlLeaveCriticalSection(&input_lock);
        if (k || !wait)
            break;
        if ((status = fill(h, TRUE)))
            return status == STATUS_END_OF_FILE ? STATUS_SUCCESS : status;
    }
    *got = k;
    return STATUS_SUCCESS;
}

/* Reads up to max bytes of UTF-8 from the terminal, the pending bytes
 * first, completing a character that the read cut short (so buf needs
 * max + 3 bytes). For line input, whose lines the terminal edits. */
NTSTATUS k32_console_input_bytes(HANDLE h, unsigned char *buf, DWORD max, DWORD *got)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status;
    DWORD n, start, need;

    *got = 0;
    RtlEnterCriticalSection(&input_lock);
    n = pend_len < max ? pend_len : max;
    memcpy(buf, pend, n);
    memmove(pend, pend + n, pend_len - n);
    pend_len -= n;
    RtlLeaveCriticalSection(&input_lock);
    if (n) {
        *got = n;
        return STATUS_SUCCESS;
    }
    for (;;) {
        status = NtReadFile(h, NULL, NULL, NULL, &io, buf, max, NULL, NULL);
        if (status == STATUS_PENDING) {
            NtWaitForSingleObject(h, FALSE, NULL);
            status = io.Status;
        }
        if (status)
            return status == STATUS_END_OF_FILE ? STATUS_SUCCESS : status;
        n = (DWORD)io.Information;
        /* A read that held only a late position report reads on. */
        if (!n || !late_report)
            break;
        filter_fresh(buf, &n);
        if (n)
            break;
    }
    /* Find the start of the last character and how long it should be. */
    for (start = n; start > 0 && n - start < 4 && (buf[start - 1] & 0xc0) == 0x80; start--)
        ;
    if (start > 0 && buf[start - 1] >= 0xc0) {
        unsigned char lead = buf[start - 1];

        need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
        while (n - (start - 1) < need) {
            status = NtReadFile(h, NULL, NULL, NULL, &io, buf + n, 1, NULL, NULL);
            if (status || !io.Information)
                break;
            n++;
        }
    }
    *got = n;
    return STATUS_SUCCESS;
}

/* ---- The input record functions --------------------------------------- */

static BOOL check_input(HANDLE h, const void *rec, LPDWORD count)
{
    if (!k32_is_console(h) || !k32_console_is_input(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!count) {
        SetLastError(ERROR_INVALID_ACCESS);
        return FALSE;
    }
    return TRUE;
}

/* Copies (and with take, removes) up to n records; ansi: uChar in the
 * console input code page. */
static DWORD copy_records(INPUT_RECORD *out, DWORD n, BOOL take, BOOL ansi)
{
    UINT cp = k32_console_input_cp();
    DWORD i;

    RtlEnterCriticalSection(&input_lock);
    if (n > rec_count)
        n = rec_count;
    for (i = 0; i < n; i++) {
        out[i] = recs[i];
        if (ansi && out[i].EventType == KEY_EVENT) {
            WCHAR wc = recs[i].Event.KeyEvent.uChar.UnicodeChar;
            int c = wc < 0x80 ? wc : cp == CP_UTF8 ? -1 : codepage_sbcs_encode(cp, wc);

            out[i].Event.KeyEvent.uChar.UnicodeChar = 0;
            out[i].Event.KeyEvent.uChar.AsciiChar = (CHAR)(c < 0 ? '?' : c);
        }
    }
    if (take) {
        memmove(recs, recs + n, (rec_count - n) * sizeof(recs[0]));
        rec_count -= n;
    }
    RtlLeaveCriticalSection(&input_lock);
    return n;
}

static BOOL read_input(HANDLE h, PINPUT_RECORD rec, DWORD n, LPDWORD read, BOOL take, BOOL ansi)
{
    NTSTATUS status;

    if (!check_input(h, rec, read))
        return FALSE;
    *read = 0;
    /* Read waits for a record; Peek only takes in what is there. */
    if ((status = fill(h, take && n)))
        return k32_status(status == STATUS_END_OF_FILE ? STATUS_PIPE_BROKEN : status);
    if (n)
        *read = copy_records(rec, n, take, ansi);
    return TRUE;
}

BOOL WINAPI ReadConsoleInputW(HANDLE h, PINPUT_RECORD rec, DWORD n, LPDWORD read)
{
    return read_input(h, rec, n, read, TRUE, FALSE);
}

BOOL WINAPI ReadConsoleInputA(HANDLE h, PINPUT_RECORD rec, DWORD n, LPDWORD read)
{
    return read_input(h, rec, n, read, TRUE, TRUE);
}

BOOL WINAPI PeekConsoleInputW(HANDLE h, PINPUT_RECORD rec, DWORD n, LPDWORD read)
{
    return read_input(h, rec, n, read, FALSE, FALSE);
}

BOOL WINAPI PeekConsoleInputA(HANDLE h, PINPUT_RECORD rec, DWORD n, LPDWORD read)
{
    return read_input(h, rec, n, read, FALSE, TRUE);
}

BOOL WINAPI GetNumberOfConsoleInputEvents(HANDLE h, LPDWORD count)
{
    NTSTATUS status;

    if (!check_input(h, NULL, count))
        return FALSE;
    if ((status = fill(h, FALSE)) && status != STATUS_END_OF_FILE)
        return k32_status(status);
    RtlEnterCriticalSection(&input_lock);
    *count = rec_count;
    RtlLeaveCriticalSection(&input_lock);
    return TRUE;
}

/* Discards the records and whatever the terminal already holds. In line
 * mode a line still being typed is the terminal's and stays. */
BOOL WINAPI FlushConsoleInputBuffer(HANDLE h)
{
    DWORD count;

    if (!check_input(h, NULL, &count))
        return FALSE;
    do {
        RtlEnterCriticalSection(&input_lock);
        rec_count = 0;
        pend_len = 0;
        RtlLeaveCriticalSection(&input_lock);
    } while (read_terminal(h, 0) == STATUS_SUCCESS);
    RtlEnterCriticalSection(&input_lock);
    pend_len = 0;
    RtlLeaveCriticalSection(&input_lock);
    k32_console_input_flushed();
    return TRUE;
}
