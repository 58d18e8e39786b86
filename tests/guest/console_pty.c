/* Plays the terminal for console_tty.exe: runs wow64run on a
 * pseudo-terminal of a known size (100x37), answers cursor position
 * queries (DSR 6: "row 5, column 7"), types scripted input when prompts
 * appear, keeps a small model of the screen from what is written (cursor
 * addressing, erases, save/restore, SGR colours, cursor visibility), and
 * checks the outcome: the screen, what was echoed, the exit status, and
 * that the terminal's modes are back as they were once the program has
 * ended.
 *   console_pty MODE WOW64RUN EXE  (MODE: screen, query, password, crash, ctrl,
 *                                   keys)
 * Exit status 0 when every check passes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define COLS 100
#define ROWS 37

static int failures;
/* How position queries are answered: 0 at once; 1 at once, after the
 * user "typed" hi and Enter; 2 too late (after the program's timeout). */
static int answer_mode;
static double late_answer_at;
static double now(void);

#define check(cond, ...)                                                 \
    do {                                                                 \
        if (!(cond)) {                                                   \
            failures++;                                                  \
            printf("console_pty: check failed: ");                       \
            printf(__VA_ARGS__);                                         \
            printf("\n");                                                \
        }                                                                \
    } while (0)

/* ---- The screen model ------------------------------------------------- */

static struct {
    char cell[ROWS][COLS];
    int x, y, saved_x, saved_y;
    int region_top, region_bottom; /* the scrolling region */
    bool pending_wrap;
    int fg, bg;                 /* SGR colour numbers in force */
    bool cursor_visible;
    int hides, shows;
    int dsr_queries;
    /* where the last 'M' went, the colours of "<yellow-on-blue>" */
    int m_x, m_y, marker_fg, marker_bg;
    char recent[17];
    /* escape parser */
    int state;                  /* 0 text, 1 ESC, 2 CSI */
    char params[64];
    int nparams;
} scr;

static void scr_init(void)
{
    memset(&scr, 0, sizeof scr);
    memset(scr.cell, ' ', sizeof scr.cell);
    scr.fg = 37;
    scr.bg = 40;
    scr.cursor_visible = true;
    scr.region_bottom = ROWS - 1;
    scr.m_x = scr.m_y = scr.marker_fg = scr.marker_bg = -1;
}

static void put_char(char c)
{
    if (scr.pending_wrap) {
        scr.x = 0;
        if (scr.y < ROWS - 1)
            scr.y++;
        scr.pending_wrap = false;
    }
    scr.cell[scr.y][scr.x] = c;
    if (c == 'M') {
        scr.m_x = scr.x;
        scr.m_y = scr.y;
    }
    memmove(scr.recent, scr.recent + 1, 15);
    scr.recent[15] = c;
    if (!strcmp(scr.recent, "<yellow-on-blue>")) {
        scr.marker_fg = scr.fg;
        scr.marker_bg = scr.bg;
    }
    if (scr.x == COLS - 1)
        scr.pending_wrap = true;
    else
        scr.x++;
}

static int param(int i, int def)
{
    char *p = scr.params;
    int v;

    if (*p == '?')
        p++;
    for (; i > 0 && p; i--)
        p = (p = strchr(p, ';')) ? p + 1 : NULL;
    if (!p || !*p || *p == ';')
        return def;
    v = atoi(p);
    return v ? v : def;
}

/* Scrolls the region by n rows: up (n > 0) or down (n < 0). */
static void scroll_region(int n)
{
    int t = scr.region_top, b = scr.region_bottom;

    for (int k = 0; k < (n < 0 ? -n : n); k++) {
        if (n > 0) {
            memmove(scr.cell[t], scr.cell[t + 1], (size_t)(b - t) * COLS);
            memset(scr.cell[b], ' ', COLS);
        } else {
            memmove(scr.cell[t + 1], scr.cell[t], (size_t)(b - t) * COLS);
            memset(scr.cell[t], ' ', COLS);
        }
    }
}

static void csi(char final, int master)
{
    bool private = scr.params[0] == '?';

    switch (final) {
    case 'H':
        scr.y = param(0, 1) - 1;
        scr.x = param(1, 1) - 1;
        if (scr.y >= ROWS)
            scr.y = ROWS - 1;
        if (scr.x >= COLS)
            scr.x = COLS - 1;
        scr.pending_wrap = false;
        break;
    case 'J':
        if (param(0, 0) == 0) {
            memset(&scr.cell[scr.y][scr.x], ' ', COLS - scr.x);
            for (int r = scr.y + 1; r < ROWS; r++)
                memset(scr.cell[r], ' ', COLS);
        } else if (param(0, 0) == 2) {
            memset(scr.cell, ' ', sizeof scr.cell);
        }
        break;
    case 'K':
        if (param(0, 0) == 0)
            memset(&scr.cell[scr.y][scr.x], ' ', COLS - scr.x);
        break;
    case 'r':
        scr.region_top = param(0, 1) - 1;
        scr.region_bottom = param(1, ROWS) - 1;
        if (scr.region_bottom >= ROWS || scr.region_top >= scr.region_bottom) {
            scr.region_top = 0;
            scr.region_bottom = ROWS - 1;
        }
        scr.x = scr.y = 0;
        scr.pending_wrap = false;
        break;
    case 'S':
        scroll_region(param(0, 1));
        break;
    case 'T':
        scroll_region(-param(0, 1));
        break;
    case 'm':
        for (int i = 0; i < 8; i++) {
            int v = param(i, -1);

            if (v < 0 && i > 0)
                break;
            if (v <= 0) {
                scr.fg = 37;
                scr.bg = 40;
            } else if ((v >= 30 && v <= 37) || (v >= 90 && v <= 97)) {
                scr.fg = v;
            } else if ((v >= 40 && v <= 47) || (v >= 100 && v <= 107)) {
                scr.bg = v;
            }
        }
        break;
    case 'h':
    case 'l':
        if (private && param(0, 0) == 25) {
            scr.cursor_visible = final == 'h';
            if (final == 'h')
                scr.shows++;
            else
                scr.hides++;
        }
        break;
    case 'n':
        if (param(0, 0) == 6) {
            scr.dsr_queries++;
            if (answer_mode == 2) {
                late_answer_at = now() + 0.8;
                break;
            }
            if (answer_mode == 1 && write(master, "hi\r", 3) != 3)
                check(0, "cannot type");
            if (write(master, "\x1b[5;7R", 6) != 6)
                check(0, "cannot answer the position query");
            if (answer_mode == 1)
                answer_mode = 2;
        }
        break;
    }
}

static void feed(const char *buf, size_t n, int master)
{
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];

        switch (scr.state) {
        case 0:
            if (c == 0x1b)
                scr.state = 1;
            else if (c == '\r')
                scr.x = 0, scr.pending_wrap = false;
            else if (c == '\n')
                scr.y += scr.y < ROWS - 1, scr.pending_wrap = false;
            else if ((unsigned char)c >= 0x20)
                put_char(c);
            break;
        case 1:
            scr.state = 0;
            if (c == '[') {
                scr.state = 2;
                scr.nparams = 0;
                scr.params[0] = 0;
            } else if (c == '7') {
                scr.saved_x = scr.x;
                scr.saved_y = scr.y;
            } else if (c == '8') {
                scr.x = scr.saved_x;
                scr.y = scr.saved_y;
                scr.pending_wrap = false;
            }
            break;
        case 2:
            if ((c >= '0' && c <= '9') || c == ';' || c == '?') {
                if (scr.nparams < (int)sizeof scr.params - 1) {
                    scr.params[scr.nparams++] = c;
                    scr.params[scr.nparams] = 0;
                }
            } else {
                csi(c, master);
                scr.state = 0;
            }
            break;
        }
    }
}

/* ---- Running the program ---------------------------------------------- */

static char captured[1 << 20];
static size_t ncaptured;

struct step {
    const char *wait_for;
    const char *send;
    size_t send_len;
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void drain(int master, int ms)
{
    struct pollfd p = { .fd = master, .events = POLLIN };
    char buf[4096];

    while (poll(&p, 1, ms) > 0) {
        ssize_t n = read(master, buf, sizeof buf);

        if (n <= 0)
            break;
        if (ncaptured + (size_t)n < sizeof captured) {
            memcpy(captured + ncaptured, buf, (size_t)n);
            ncaptured += (size_t)n;
        }
        feed(buf, (size_t)n, master);
    }
}

/* Runs argv on the pty, plays the steps; returns the wait status. */
static int run(char **argv, const struct step *steps, size_t nsteps, struct termios *before, struct termios *after)
{
    struct winsize ws = { .ws_row = ROWS, .ws_col = COLS };
    int master, slave, status = -1;
    size_t step = 0, search_from = 0;
    pid_t pid;
    double start = now();

    if (openpty(&master, &slave, NULL, NULL, &ws) != 0) {
        perror("openpty");
        exit(2);
    }
    tcgetattr(slave, before);
    pid = fork();
    if (pid == 0) {
        setsid();
        ioctl(slave, TIOCSCTTY, 0);
        dup2(slave, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        close(master);
        if (slave > 2)
            close(slave);
        execv(argv[0], argv);
        _exit(127);
    }
    for (;;) {
        pid_t done;

        drain(master, 20);
        if (late_answer_at && now() > late_answer_at) {
            late_answer_at = 0;
            if (write(master, "\x1b[5;7R", 6) != 6)
                check(0, "cannot answer the position query");
        }
        if (step < nsteps) {
            char *hit = memmem(captured + search_from, ncaptured - search_from, steps[step].wait_for,
                               strlen(steps[step].wait_for));

            if (hit) {
                /* Let the program reach its read. */
                usleep(100000);
                if (!steps[step].send) {
                    /* No bytes: the user resizes the terminal to 120x40. */
                    struct winsize bigger = { .ws_row = 40, .ws_col = 120 };

                    ioctl(master, TIOCSWINSZ, &bigger);
                } else if (write(master, steps[step].send, steps[step].send_len) < 0) {
                    check(0, "cannot type");
                }
                search_from = (size_t)(hit - captured) + strlen(steps[step].wait_for);
                step++;
            }
        }
        done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (now() - start > 30) {
            check(0, "the program did not end in 30 s");
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
    }
    drain(master, 50);
    check(step == nsteps, "only %zu of %zu prompts appeared", step, nsteps);
    tcgetattr(slave, after);
    close(slave);
    close(master);
    return status;
}

static bool contains(const char *s)
{
    return memmem(captured, ncaptured, s, strlen(s)) != NULL;
}

static void check_modes_restored(const struct termios *before, const struct termios *after)
{
    const tcflag_t l = ICANON | ECHO | ISIG;

    check((after->c_lflag & l) == (before->c_lflag & l), "terminal lflag %#x, was %#x", (unsigned)after->c_lflag,
          (unsigned)before->c_lflag);
    check((after->c_iflag & ICRNL) == (before->c_iflag & ICRNL), "terminal ICRNL not restored");
}

static void dump(void)
{
    printf("---- output (%zu bytes) ----\n", ncaptured);
    for (size_t i = 0; i < ncaptured; i++) {
        unsigned char c = (unsigned char)captured[i];

        if (c == 0x1b)
            fputs("\\e", stdout);
        else if (c == '\n' || (c >= 0x20 && c < 0x7f))
            putchar(c);
        else if (c != '\r')
            printf("\\x%02x", c);
    }
    printf("\n---- end ----\n");
}

int main(int argc, char **argv)
{
    struct termios before, after;
    char *args[6];
    const char *mode;
    int status;

    if (argc != 4) {
        fprintf(stderr, "usage: console_pty screen|query|password|crash|ctrl|keys WOW64RUN EXE\n");
        return 2;
    }
    mode = argv[1];
    args[0] = argv[2];
    args[1] = argv[3];
    args[2] = (char *)mode;
    args[3] = args[4] = args[5] = NULL;
    scr_init();
    if (!strcmp(mode, "screen")) {
        char cols[8], rows[8];

        snprintf(cols, sizeof cols, "%d", COLS);
        snprintf(rows, sizeof rows, "%d", ROWS);
        args[3] = cols;
        args[4] = rows;
        status = run(args, NULL, 0, &before, &after);
        check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status %#x", status);
        check(contains(" 0 failures"), "the program's own checks failed");
        check(scr.dsr_queries > 0, "no cursor position query");
        /* Attribute 0x1E: FOREGROUND_RED|GREEN|INTENSITY on BACKGROUND_BLUE
         * is bright yellow (SGR 93) on blue (SGR 44). */
        check(scr.marker_fg == 93 && scr.marker_bg == 44, "text colours %d/%d", scr.marker_fg, scr.marker_bg);
        /* SetConsoleCursorPosition(10,3) before "M": column 11, row 4
         * (VT counts from 1); the clear then erased it. */
        check(contains("M"), "no M");
        check(scr.m_x == 10 && scr.m_y == 3, "M at %d,%d", scr.m_x, scr.m_y);
        check(scr.cell[3][10] == ' ', "the clear left M on the screen");
        check(scr.cell[4][6] == ' ', "the clear left the coloured text on the screen");
        /* 5 x from (98,1): two on row 1, three on row 2. */
        check(scr.cell[1][98] == 'x' && scr.cell[1][99] == 'x', "row 1 ends [%.2s]", &scr.cell[1][98]);
        check(!memcmp(scr.cell[2], "xxx ", 4), "row 2 starts [%.4s]", scr.cell[2]);
        check(scr.cell[1][97] == ' ', "a fill started early");
        /* 10 y from (95,36): clipped to the last 5 cells. */
        check(!memcmp(&scr.cell[ROWS - 1][COLS - 6], " yyyyy", 6), "last row ends [%.6s]",
              &scr.cell[ROWS - 1][COLS - 6]);
        check(scr.hides == 1 && scr.shows >= 1 && scr.cursor_visible, "cursor hidden %d shown %d", scr.hides,
              scr.shows);
        /* Scrolled: rows 10 and 11 up one (row 11 blank), rows 20 and 21
         * down two (rows 20 and 21 blank). */
        check(scr.cell[9][0] == 'a' && scr.cell[9][COLS - 1] == 'a', "row 9 [%.4s]", scr.cell[9]);
        check(scr.cell[10][0] == 'b' && scr.cell[10][COLS - 1] == 'b', "row 10 [%.4s]", scr.cell[10]);
        check(scr.cell[11][0] == ' ' && scr.cell[11][COLS - 1] == ' ', "row 11 [%.4s]", scr.cell[11]);
        check(scr.cell[20][0] == ' ' && scr.cell[21][0] == ' ', "rows 20, 21 [%.4s] [%.4s]", scr.cell[20],
              scr.cell[21]);
        check(scr.cell[22][0] == 'c' && scr.cell[23][COLS - 1] == 'd', "rows 22, 23 [%.4s] [%.4s]", scr.cell[22],
              scr.cell[23]);
        check(scr.region_top == 0 && scr.region_bottom == ROWS - 1, "scrolling region left at %d..%d",
              scr.region_top, scr.region_bottom);
    } else if (!strcmp(mode, "password")) {
        static const struct step steps[] = {
            { "password:", "secret\r", 7 },
            { "name:", "visible\r", 8 },
            { "raw:", "ab\x03\r", 4 },
        };

        status = run(args, steps, 3, &before, &after);
        check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status %#x", status);
        check(contains(" 0 failures"), "the program's own checks failed");
        check(!contains("secret"), "the password was echoed");
        check(contains("visible"), "the name was not echoed");
        check_modes_restored(&before, &after);
    } else if (!strcmp(mode, "query")) {
        static const struct step steps[] = { { "line:", "hello\r", 6 } };

        answer_mode = 1;
        status = run(args, steps, 1, &before, &after);
        check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status %#x", status);
        check(contains(" 0 failures"), "the program's own checks failed");
        /* Asked twice: once answered, once too late, then never again. */
        check(scr.dsr_queries == 2, "%d position queries", scr.dsr_queries);
    } else if (!strcmp(mode, "crash")) {
        status = run(args, NULL, 0, &before, &after);
        /* STATUS_ACCESS_VIOLATION's low byte */
        check(WIFEXITED(status) && WEXITSTATUS(status) == 5, "exit status %#x", status);
        check(contains(" 0 failures"), "the program's own checks failed");
        check(contains("0xC0000005"), "no crash report");
        check(scr.hides == 1 && scr.cursor_visible, "cursor left hidden (hidden %d, shown %d)", scr.hides,
              scr.shows);
        check_modes_restored(&before, &after);
    } else if (!strcmp(mode, "ctrl")) {
        static const struct step steps[] = { { "ready", "\x03", 1 } };

        status = run(args, steps, 1, &before, &after);
        /* The default handler ends the process with STATUS_CONTROL_C_EXIT,
         * which wow64run reports to the shell as death by SIGINT. */
        check(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT, "status %#x", status);
        check(contains(" 0 failures"), "the program's own checks failed");
        check_modes_restored(&before, &after);
    } else if (!strcmp(mode, "keys")) {
        /* What an xterm sends for keys: letters, Ctrl-A, Up, F1 (SS3),
         * Enter (CR without ICRNL), Delete, Ctrl+Right (modifier 5),
         * Backspace (DEL), Tab, F5, End, PageDown, a shifted symbol; a lone
         * ESC; ESC x for Alt+x; UTF-8. */
        static const char typed[] = "aA\x01\x1b[A\x1bOP\r\x1b[3~\x1b[1;5C\x7f\t\x1b[15~\x1b[F\x1b[6~!";
        static const char getch_keys[] = "q\x1b[B\x1bOP\x01\x1b";
        static const struct step steps[] = {
            { "type:", typed, sizeof typed - 1 },
            { "esc:", "\x1b", 1 },
            { "alt:", "\x1bx", 2 },
            { "ansi:", "\xc3\xa9", 2 },
            { "flush:", "zz", 2 },
            { "mixed:", "xy", 2 },
            { "getch:", getch_keys, sizeof getch_keys - 1 },
            { "getche:", "e", 1 },
            { "getwch:", "\xc3\xa9", 2 },
            { "resize:", NULL, 0 },
            { "vt:", "\x1b[A", 3 },
            { "line:", "ok\r", 3 },
            { "kbline:", "k", 1 },
        };

        status = run(args, steps, sizeof steps / sizeof steps[0], &before, &after);
        check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status %#x", status);
        check(contains(" 0 failures"), "the program's own checks failed");
        /* _getch does not echo, _getche does. */
        check(contains("getch:|"), "_getch echoed");
        check(contains("getche:e|"), "_getche did not echo");
        check_modes_restored(&before, &after);
    } else {
        fprintf(stderr, "console_pty: unknown mode %s\n", mode);
        return 2;
    }
    if (failures || getenv("CONSOLE_PTY_DUMP"))
        dump();
    printf("console_pty %s: %d failures\n", mode, failures);
    return failures != 0;
}
