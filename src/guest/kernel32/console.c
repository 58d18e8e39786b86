/* The console. A console handle here is a host terminal (the host reports
 * FILE_DEVICE_CONSOLE for it), which speaks UTF-8: text written through
 * the console APIs is converted from UTF-16 (W) or from the console output
 * code page (A, and WriteFile on a console) to UTF-8, and input is
 * converted back. The console code pages default to the OEM code page, as
 * on Windows. Colours and titles go out as VT escape sequences; the input
 * modes are the terminal's own (the host's Wow64Console service); the
 * input queue and input records are in console_input.c, the screen buffer
 * in console_screen.c. Reads without line input take their characters
 * from the input records (keys that type none are dropped, as ReadConsole
 * drops them); line input reads the terminal's edited lines. */
#include "console_private.h"
#include "../ntdll/codepage.h"
#include "ntsync.h"

#define DEFAULT_INPUT_MODE (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | \
                            ENABLE_MOUSE_INPUT | ENABLE_INSERT_MODE | ENABLE_QUICK_EDIT_MODE | \
                            ENABLE_EXTENDED_FLAGS | 0x100 /* ENABLE_AUTO_POSITION */)
#define DEFAULT_OUTPUT_MODE (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT)
#define OUTPUT_MODES (ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT | 0x4 /* VT */ | \
                      0x8 /* DISABLE_NEWLINE_AUTO_RETURN */ | 0x10 /* LVB_GRID */)

static UINT input_cp = 437, output_cp = 437;
static DWORD input_mode = DEFAULT_INPUT_MODE, output_mode = DEFAULT_OUTPUT_MODE;
static WORD text_attributes = FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE;
static WCHAR title[256];

/* Console-ness of the standard handles, which WriteFile asks about on
 * every call: 0 unknown, 1 console, 2 not a console. */
static struct {
    HANDLE handle;
    LONG state;
} std_cache[3];

/* Other handles known to be the console (CreateFile("CONOUT$") & co.). */
#define MAX_NOTED 16
static struct {
    HANDLE handle;
    BOOL input;
} noted[MAX_NOTED];

static RTL_CRITICAL_SECTION ctrl_lock = { (void *)-1, -1, 0, 0, 0, 0 };
static PHANDLER_ROUTINE *ctrl_handlers;
static unsigned ctrl_count, ctrl_max;

static BOOL query_is_console(HANDLE h)
{
    FILE_FS_DEVICE_INFORMATION info;
    IO_STATUS_BLOCK io;

    if (!h || h == INVALID_HANDLE_VALUE)
        return FALSE;
    if (NtQueryVolumeInformationFile(h, &io, &info, sizeof(info), NT_FILE_FS_DEVICE_INFORMATION))
        return FALSE;
    return info.DeviceType == FILE_DEVICE_CONSOLE;
}

/* 1 when h is the console, 0 when not, -1 when h is neither a standard
 * handle nor a noted one (then only the host can tell). */
static int known_state(HANDLE h)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();
    HANDLE std[3] = { params->StandardInput, params->StandardOutput, params->StandardError };
    int i;

    if (!h || h == INVALID_HANDLE_VALUE)
        return 0;
    for (i = 0; i < 3; i++) {
        if (h != std[i])
            continue;
        if (std_cache[i].handle != h || !std_cache[i].state) {
            std_cache[i].handle = h;
            std_cache[i].state = query_is_console(h) ? 1 : 2;
        }
        return std_cache[i].state == 1;
    }
    for (i = 0; i < MAX_NOTED; i++)
        if (noted[i].handle == h)
            return 1;
    return -1;
}

/* TRUE when h is a standard handle or a noted handle that is the console;
 * never asks the host about other handles (WriteFile calls this). */
BOOL k32_console_known(HANDLE h)
{
    return known_state(h) == 1;
}

BOOL k32_is_console(HANDLE h)
{
    int state = known_state(h);

    return state < 0 ? query_is_console(h) : state;
}

void k32_console_note(HANDLE h, BOOL input)
{
    int i;

    for (i = 0; i < MAX_NOTED; i++) {
        if (!noted[i].handle) {
            noted[i].handle = h;
            noted[i].input = input;
            return;
        }
    }
}

/* Drops what we remember about h (closed, or replaced as a std handle). */
void k32_console_forget(HANDLE h)
{
    int i;

    for (i = 0; i < 3; i++)
        if (std_cache[i].handle == h)
            std_cache[i].state = 0;
    for (i = 0; i < MAX_NOTED; i++)
        if (noted[i].handle == h)
            noted[i].handle = NULL;
}

void k32_console_init(void)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();
    size_t n = params->WindowTitle.Length / sizeof(WCHAR);

    if (n >= sizeof(title) / sizeof(title[0]))
        n = sizeof(title) / sizeof(title[0]) - 1;
    if (params->WindowTitle.Buffer)
        memcpy(title, params->WindowTitle.Buffer, n * sizeof(WCHAR));
    title[n] = 0;
}

NTSTATUS k32_console_write_raw(HANDLE h, const void *buf, DWORD len)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    if (!len)
        return STATUS_SUCCESS;
    status = NtWriteFile(h, NULL, NULL, NULL, &io, buf, len, NULL, NULL);
    if (status == STATUS_PENDING) {
        NtWaitForSingleObject(h, FALSE, NULL);
        status = io.Status;
    }
    return status;
}

/* Writes n UTF-16 units to the terminal as UTF-8. */
static NTSTATUS write_wide(HANDLE h, const WCHAR *w, DWORD n)
{
    unsigned char out[1024];
    NTSTATUS status = STATUS_SUCCESS;

    while (n && !status) {
        DWORD chunk = n > 256 ? 256 : n;
        unsigned flags = 0;
        size_t len;

        /* Keep a surrogate pair in one chunk. */
        if (chunk < n && w[chunk - 1] >= 0xd800 && w[chunk - 1] <= 0xdbff)
            chunk--;
        len = codepage_utf16_to_utf8(out, sizeof(out), (const uint16_t *)w, chunk, &flags);
        status = k32_console_write_raw(h, out, (DWORD)len);
        w += chunk;
        n -= chunk;
    }
    return status;
}

/* Writes bytes in code page cp to the terminal as UTF-8. */
static NTSTATUS write_bytes(HANDLE h, const unsigned char *p, DWORD n, UINT cp)
{
    WCHAR w[256];
    NTSTATUS status = STATUS_SUCCESS;
    DWORD i, ascii;

    if (cp == CP_UTF8)
        return k32_console_write_raw(h, p, n);
    while (n && !status) {
        /* Runs of ASCII go out unchanged. */
        for (ascii = 0; ascii < n && p[ascii] < 0x80; ascii++)
            ;
        if (ascii) {
            status = k32_console_write_raw(h, p, ascii);
            p += ascii;
            n -= ascii;
            continue;
        }
        for (i = 0; i < n && i < 256 && p[i] >= 0x80; i++)
            w[i] = codepage_sbcs_decode(cp, p[i], 0);
        status = write_wide(h, w, i);
        p += i;
        n -= i;
    }
    return status;
}

BOOL k32_console_write_bytes(HANDLE h, const void *buf, DWORD len, DWORD *written)
{
    NTSTATUS status;

    k32_console_screen_written();
    status = write_bytes(h, buf, len, output_cp);

    if (written)
        *written = status ? 0 : len;
    return k32_status(status);
}

BOOL WINAPI WriteConsoleW(HANDLE h, const void *buf, DWORD n, LPDWORD written, LPVOID reserved)
{
    NTSTATUS status;

    if (written)
        *written = 0;
    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    k32_console_screen_written();
    if ((status = write_wide(h, buf, n)))
        return k32_status(status);
    if (written)
        *written = n;
    return TRUE;
}

BOOL WINAPI WriteConsoleA(HANDLE h, const void *buf, DWORD n, LPDWORD written, LPVOID reserved)
{
    if (written)
        *written = 0;
    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_console_write_bytes(h, buf, n, written);
}

/* Line input on Windows ends lines with CR LF where the terminal gives LF.
 * An LF that no longer fits the caller's buffer is delivered by the next
 * read. */
static BOOL pending_lf;

/* How many units to ask the terminal for, leaving room for one CR (a
 * terminal in line mode returns at most one line per read). */
static DWORD read_size(DWORD max, DWORD cap)
{
    DWORD n = (input_mode & ENABLE_LINE_INPUT) && max > 1 ? max - 1 : max;

    return n < cap ? n : cap;
}

/* Copies n units to out (max units), turning a lone LF into CR LF as line
 * input does. */
static DWORD expand_crlf_wide(WCHAR *out, DWORD max, const WCHAR *in, DWORD n)
{
    DWORD i, k = 0;

    for (i = 0; i < n && k < max; i++) {
        if (in[i] == '\n' && (input_mode & ENABLE_LINE_INPUT) && (i == 0 || in[i - 1] != '\r')) {
            out[k++] = '\r';
            if (k < max)
                out[k++] = '\n';
            else
                pending_lf = TRUE;
        } else {
            out[k++] = in[i];
        }
    }
    return k;
}

static DWORD expand_crlf_bytes(char *out, DWORD max, const char *in, DWORD n)
{
    DWORD i, k = 0;

    for (i = 0; i < n && k < max; i++) {
        if (in[i] == '\n' && (input_mode & ENABLE_LINE_INPUT) && (i == 0 || in[i - 1] != '\r')) {
            out[k++] = '\r';
            if (k < max)
                out[k++] = '\n';
            else
                pending_lf = TRUE;
        } else {
            out[k++] = in[i];
        }
    }
    return k;
}

DWORD k32_console_input_mode(void)
{
    return input_mode;
}

UINT k32_console_input_cp(void)
{
    return input_cp;
}

/* UTF-8 bytes of a character the caller's buffer had no room for. */
static unsigned char cooked[8];
static DWORD cooked_len;

void k32_console_input_flushed(void)
{
    pending_lf = FALSE;
    cooked_len = 0;
}

/* Whether reads take their characters from the input records: without
 * line input (a key at a time, as ReadConsole returns them without line
 * input: keys that type no character, such as arrows, are dropped), and
 * whenever records are queued (PeekConsoleInput & co. decoded them).
 * Virtual terminal input without line input passes the terminal's bytes
 * through. */
static BOOL use_records(void)
{
    return k32_console_input_queued() || !(input_mode & (ENABLE_LINE_INPUT | ENABLE_VIRTUAL_TERMINAL_INPUT));
}

/* Reads up to max UTF-16 units of console input. */
static NTSTATUS read_wide(HANDLE h, WCHAR *out, DWORD max, DWORD *got)
{
    unsigned char tmp[512 + 3];
    WCHAR w[512];
    unsigned flags = 0;
    NTSTATUS status;
    DWORD n, i;

    *got = 0;
    if (!max)
        return STATUS_SUCCESS;
    if (pending_lf) {
        pending_lf = FALSE;
        out[0] = '\n';
        *got = 1;
        return STATUS_SUCCESS;
    }
    if (use_records()) {
        BOOL raw = !(input_mode & (ENABLE_LINE_INPUT | ENABLE_VIRTUAL_TERMINAL_INPUT));

        if ((status = k32_console_input_chars(h, w, read_size(max, 512), raw, &n)))
            return status;
        if (n || raw) {
            /* Enter types CR; line input ends the line with CR LF. */
            for (i = 0; i < n && (input_mode & ENABLE_LINE_INPUT); i++)
                if (w[i] == '\r')
                    w[i] = '\n';
            *got = expand_crlf_wide(out, max, w, n);
            return STATUS_SUCCESS;
        }
    }
    /* Each UTF-8 byte yields at most one UTF-16 unit. */
    if ((status = k32_console_input_bytes(h, tmp, read_size(max, 512), &n)))
        return status;
    n = (DWORD)codepage_utf8_to_utf16((uint16_t *)w, 512, tmp, n, &flags);
    *got = expand_crlf_wide(out, max, w, n);
    return STATUS_SUCCESS;
}

BOOL WINAPI ReadConsoleW(HANDLE h, LPVOID buf, DWORD n, LPDWORD read, LPVOID control)
{
    NTSTATUS status;
    DWORD got;

    if (read)
        *read = 0;
    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if ((status = read_wide(h, buf, n, &got)))
        return k32_status(status);
    if (read)
        *read = got;
    return TRUE;
}

/* Reads console input as bytes in the console input code page (ReadFile
 * on a console, ReadConsoleA). */
BOOL k32_console_read_bytes(HANDLE h, void *buf, DWORD n, DWORD *read)
{
    char *out = buf;
    NTSTATUS status;
    DWORD got, i;

    if (read)
        *read = 0;
    if (!n)
        return TRUE;
    if (cooked_len) {
        got = cooked_len < n ? cooked_len : n;
        memcpy(out, cooked, got);
        memmove(cooked, cooked + got, cooked_len - got);
        cooked_len -= got;
    } else if (input_cp == CP_UTF8 && !use_records()) {
        char tmp[512 + 3];

        if (pending_lf) {
            pending_lf = FALSE;
            out[0] = '\n';
            got = 1;
        } else {
            if ((status = k32_console_input_bytes(h, (unsigned char *)tmp, read_size(n, 512), &got)))
                return k32_status(status);
            got = expand_crlf_bytes(out, n, tmp, got);
        }
    } else if (input_cp == CP_UTF8) {
        unsigned char tmp[3 * 170 + 8];
        WCHAR w[170];
        unsigned flags = 0;
        DWORD units = n / 3 ? n / 3 : 1, len;

        if ((status = read_wide(h, w, units < 170 ? units : 170, &got)))
            return k32_status(status);
        len = (DWORD)codepage_utf16_to_utf8(tmp, sizeof(tmp), (const uint16_t *)w, got, &flags);
        got = len < n ? len : n;
        memcpy(out, tmp, got);
        cooked_len = len - got;
        memcpy(cooked, tmp + got, cooked_len);
    } else {
        WCHAR w[512];

        if ((status = read_wide(h, w, n < 512 ? n : 512, &got)))
            return k32_status(status);
        for (i = 0; i < got; i++) {
            int c = codepage_sbcs_encode(input_cp, w[i]);

            out[i] = c < 0 ? '?' : (char)c;
        }
    }
    if (read)
        *read = got;
    return TRUE;
}

BOOL WINAPI ReadConsoleA(HANDLE h, LPVOID buf, DWORD n, LPDWORD read, LPVOID control)
{
    if (read)
        *read = 0;
    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_console_read_bytes(h, buf, n, read);
}

HANDLE WINAPI GetStdHandle(DWORD which)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();

    switch (which) {
    case STD_INPUT_HANDLE:
        return params->StandardInput;
    case STD_OUTPUT_HANDLE:
        return params->StandardOutput;
    case STD_ERROR_HANDLE:
        return params->StandardError;
    }
    SetLastError(ERROR_INVALID_HANDLE);
    return INVALID_HANDLE_VALUE;
}

BOOL WINAPI SetStdHandle(DWORD which, HANDLE h)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();
    HANDLE *slot;

    switch (which) {
    case STD_INPUT_HANDLE:
        slot = &params->StandardInput;
        break;
    case STD_OUTPUT_HANDLE:
        slot = &params->StandardOutput;
        break;
    case STD_ERROR_HANDLE:
        slot = &params->StandardError;
        break;
    default:
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    k32_console_forget(*slot);
    *slot = h;
    return TRUE;
}

/* Which kind of console handle h is: the standard input and CONIN$
 * handles read; anything else is treated as a screen buffer. */
BOOL k32_console_is_input(HANDLE h)
{
    int i;

    for (i = 0; i < MAX_NOTED; i++)
        if (noted[i].handle == h)
            return noted[i].input;
    return h == nt_params()->StandardInput;
}

/* The input modes the terminal implements (its termios: ICANON, ECHO,
 * ISIG); the others are ours to keep. */
#define TTY_MODES (ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT)
#define INPUT_MODES (TTY_MODES | ENABLE_WINDOW_INPUT | ENABLE_MOUSE_INPUT | ENABLE_INSERT_MODE | \
                     ENABLE_QUICK_EDIT_MODE | ENABLE_EXTENDED_FLAGS | 0x100 /* AUTO_POSITION */ | \
                     0x200 /* ENABLE_VIRTUAL_TERMINAL_INPUT */)

/* The terminal's own modes, read once: a parent may have left it in
 * another mode than a new console's. */
static void sync_input_mode(HANDLE h)
{
    static LONG done;
    ULONG tty;

    if (done)
        return;
    done = TRUE;
    if (!Wow64Console(h, CON_OP_GET_MODE, NULL, 0, &tty, sizeof(tty)))
        input_mode = (input_mode & ~TTY_MODES) | (tty & TTY_MODES);
}

BOOL WINAPI GetConsoleMode(HANDLE h, LPDWORD mode)
{
    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (k32_console_is_input(h))
        sync_input_mode(h);
    if (mode)
        *mode = k32_console_is_input(h) ? input_mode : output_mode;
    return TRUE;
}

/* Output modes are all satisfiable by a terminal (it does VT processing
 * natively). Line input, echo and processed input switch the terminal's
 * own modes through the host, which puts them back when the process
 * ends. */
BOOL WINAPI SetConsoleMode(HANDLE h, DWORD mode)
{
    NTSTATUS status;

    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!k32_console_is_input(h)) {
        if (mode & ~OUTPUT_MODES) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
        output_mode = mode;
        return TRUE;
    }
    /* Echo is only defined for line input. */
    if ((mode & ~INPUT_MODES) || ((mode & ENABLE_ECHO_INPUT) && !(mode & ENABLE_LINE_INPUT))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    sync_input_mode(h);
    if ((mode & TTY_MODES) != (input_mode & TTY_MODES)) {
        ULONG tty = mode & TTY_MODES;

        if ((status = Wow64Console(h, CON_OP_SET_MODE, &tty, sizeof(tty), NULL, 0)))
            return k32_status(status);
    }
    if ((mode & ENABLE_WINDOW_INPUT) && !(input_mode & ENABLE_WINDOW_INPUT))
        k32_console_watch_size(h);
    input_mode = mode;
    return TRUE;
}

UINT WINAPI GetConsoleCP(void)
{
    return input_cp;
}

UINT WINAPI GetConsoleOutputCP(void)
{
    return output_cp;
}

BOOL WINAPI SetConsoleCP(UINT cp)
{
    if (!IsValidCodePage(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    input_cp = cp;
    return TRUE;
}

BOOL WINAPI SetConsoleOutputCP(UINT cp)
{
    if (!IsValidCodePage(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    output_cp = cp;
    return TRUE;
}

/* Console control handlers, called by CtrlRoutine. */
BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE handler, BOOL add)
{
    static LONG enabled;
    BOOL ret = TRUE;
    unsigned i;

    /* From now on the host turns Ctrl-C into CtrlRoutine calls. */
    if (!InterlockedExchange(&enabled, 1))
        Wow64EnableConsoleCtrl();
    if (!handler) {
        /* NULL: the process ignores (or stops ignoring) Ctrl-C. */
        nt_params()->ConsoleFlags = add ? 1 : 0;
        return TRUE;
    }
    RtlEnterCriticalSection(&ctrl_lock);
    if (add) {
        if (ctrl_count == ctrl_max) {
            unsigned max = ctrl_max ? ctrl_max * 2 : 8;
            PHANDLER_ROUTINE *p = ctrl_handlers
                ? RtlReAllocateHeap(nt_peb()->ProcessHeap, 0, ctrl_handlers, max * sizeof(*p))
                : k32_alloc(max * sizeof(*p));

            if (!p) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                ret = FALSE;
                goto done;
            }
            ctrl_handlers = p;
            ctrl_max = max;
        }
        ctrl_handlers[ctrl_count++] = handler;
    } else {
        for (i = ctrl_count; i-- > 0;)
            if (ctrl_handlers[i] == handler)
                break;
        if (i == (unsigned)-1) {
            SetLastError(ERROR_INVALID_PARAMETER);
            ret = FALSE;
            goto done;
        }
        memmove(&ctrl_handlers[i], &ctrl_handlers[i + 1], (ctrl_count - i - 1) * sizeof(*ctrl_handlers));
        ctrl_count--;
    }
done:
    RtlLeaveCriticalSection(&ctrl_lock);
    return ret;
}

/* The start routine of the thread the host creates for a console event
 * (Ctrl-C: SIGINT, Ctrl-Break: SIGQUIT; src/loader/console_ctrl.c), as
 * Windows runs it on a new thread: the handlers, last registered first,
 * until one returns TRUE; else the default handler, which ends the
 * process with STATUS_CONTROL_C_EXIT. Ctrl-C is ignored altogether after
 * SetConsoleCtrlHandler(NULL, TRUE); Ctrl-Break never is. */
DWORD WINAPI CtrlRoutine(LPVOID arg)
{
    DWORD event = (DWORD)(ULONG_PTR)arg;
    PHANDLER_ROUTINE snapshot[64], *list = snapshot;
    unsigned n, i;

    if (event == CTRL_C_EVENT && (nt_params()->ConsoleFlags & 1))
        return 0;
    /* The handlers run without the lock (a handler may register others);
     * a copy of the list as it is now. */
    RtlEnterCriticalSection(&ctrl_lock);
    n = ctrl_count;
    if (n > sizeof(snapshot) / sizeof(*snapshot) && !(list = k32_alloc(n * sizeof(*list))))
        n = 0;
    for (i = 0; i < n; i++)
        list[i] = ctrl_handlers[i];
    RtlLeaveCriticalSection(&ctrl_lock);
    for (i = n; i-- > 0;)
        if (list[i](event))
            break;
    if (list != snapshot)
        RtlFreeHeap(nt_peb()->ProcessHeap, 0, list);
    if (i == (unsigned)-1)
        ExitProcess(STATUS_CONTROL_C_EXIT);
    return 0;
}

/* Group 0 is every process of the console: the host signals the other
 * wow64run processes of this one (they run their CtrlRoutine from the
 * signal), and this process runs its own on a new thread, as Windows
 * does. */
BOOL WINAPI GenerateConsoleCtrlEvent(DWORD event, DWORD group)
{
    ULONG arg = event;
    HANDLE thread;

    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (group) {
        /* Documented: Ctrl-C cannot be sent to a group; the call succeeds
         * and the group's processes do not receive it. */
        if (event == CTRL_C_EVENT)
            return TRUE;
        K32_NOT_IMPLEMENTED("GenerateConsoleCtrlEvent %lu %lu: process groups "
                            "(CREATE_NEW_PROCESS_GROUP) are not implemented\n", event, group);
        return FALSE;
    }
    Wow64Console(NULL, CON_OP_CTRL_EVENT, &arg, sizeof(arg), NULL, 0);
    thread = CreateThread(NULL, 0, CtrlRoutine, (LPVOID)(ULONG_PTR)event, 0, NULL);
    if (!thread)
        return FALSE;
    CloseHandle(thread);
    return TRUE;
}

WORD k32_console_attributes(void)
{
    return text_attributes;
}

UINT k32_console_output_cp(void)
{
    return output_cp;
}

/* Colours as SGR sequences: console attribute bits are BGR with
 * intensity; SGR colour numbers are RGB. */
int k32_console_sgr(char *buf, WORD attr)
{
    static const char sgr[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
    int fg = attr & 7, bg = (attr >> 4) & 7;

    return _snprintf(buf, 32, "\x1b[0;%d;%dm", (attr & FOREGROUND_INTENSITY ? 90 : 30) + sgr[fg],
                     (attr & BACKGROUND_INTENSITY ? 100 : 40) + sgr[bg]);
}

BOOL WINAPI SetConsoleTextAttribute(HANDLE h, WORD attr)
{
    char buf[32];
    int n;

    if (!k32_is_console(h)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    n = k32_console_sgr(buf, attr);
    if (!k32_status(k32_console_write_raw(h, buf, (DWORD)n)))
        return FALSE;
    text_attributes = attr;
    return TRUE;
}

BOOL WINAPI SetConsoleTitleW(LPCWSTR text)
{
    HANDLE out = nt_params()->StandardOutput;
    size_t n = wcslen(text);

    if (n >= sizeof(title) / sizeof(title[0]))
        n = sizeof(title) / sizeof(title[0]) - 1;
    memcpy(title, text, n * sizeof(WCHAR));
    title[n] = 0;
    /* OSC 0 sets the terminal's title, when stdout is the terminal. */
    if (k32_is_console(out)) {
        k32_console_write_raw(out, "\x1b]0;", 4);
        write_wide(out, title, (DWORD)n);
        k32_console_write_raw(out, "\x07", 1);
    }
    return TRUE;
}

BOOL WINAPI SetConsoleTitleA(LPCSTR text)
{
    WCHAR *w = k32_ansi_to_wide(text);
    BOOL ret;

    if (!w)
        return FALSE;
    ret = SetConsoleTitleW(w);
    k32_free(w);
    return ret;
}

DWORD WINAPI GetConsoleTitleW(LPWSTR buf, DWORD size)
{
    DWORD n = (DWORD)wcslen(title);

    if (!size)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, title, n * sizeof(WCHAR));
    buf[n] = 0;
    return n;
}

DWORD WINAPI GetConsoleTitleA(LPSTR buf, DWORD size)
{
    DWORD n = (DWORD)wcslen(title);

    if (!size)
        return 0;
    if (n >= size)
        n = size - 1;
    RtlUnicodeToMultiByteN(buf, n, NULL, title, n * sizeof(WCHAR));
    buf[n] = 0;
    return n;
}

/* A terminal has no console window. */
HWND WINAPI GetConsoleWindow(void)
{
    return NULL;
}

BOOL WINAPI AllocConsole(void)
{
    K32_NOT_IMPLEMENTED("AllocConsole\n");
    return FALSE;
}

BOOL WINAPI FreeConsole(void)
{
    K32_NOT_IMPLEMENTED("FreeConsole\n");
    return FALSE;
}

BOOL WINAPI AttachConsole(DWORD pid)
{
    K32_NOT_IMPLEMENTED("AttachConsole %lu\n", pid);
    return FALSE;
}
