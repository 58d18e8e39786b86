/* The console on a host terminal: what kernel32's console functions need
 * from the host and cannot do through file reads and writes (the row
 * Wow64Console in syscalls.def): the terminal's size, its input modes
 * (termios), the cursor position (a DSR query), showing and hiding the
 * cursor, console control events for the other wow64run processes of
 * the console, and reads that wait at most a given time (console input
 * records: what is there without blocking, the rest of an escape
 * sequence).
 *
 * Whatever this changes on a terminal is undone when the process ends
 * (console_restore, from wow64_run's end and nt_exit_process, so also
 * after an unhandled exception), and changing the input mode turns on the
 * console control events, so that Ctrl-C ends the process through
 * ExitProcess (which restores) instead of the signal's default action. A
 * SIGKILL, SIGTERM or SIGHUP still leaves the terminal as the program set
 * it. */
#include "console.h"
#include "object.h"
#include "sync.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../cpu/cpu.h"

NTSTATUS svc_Wow64EnableConsoleCtrl(void);
#pragma weak svc_Wow64EnableConsoleCtrl

/* Operations (the same numbers in src/guest/kernel32/console_private.h). */
#define CON_OP_SIZE 1        /* out: ULONG cols, rows */
#define CON_OP_GET_MODE 2    /* out: ULONG ENABLE_*_INPUT bits of the terminal */
#define CON_OP_SET_MODE 3    /* in: ULONG ENABLE_*_INPUT bits */
#define CON_OP_CURSOR 4      /* in: HANDLE input; out: ULONG x, y, n, then n bytes of typeahead */
#define CON_OP_SHOW_CURSOR 5 /* in: ULONG visible */
#define CON_OP_CTRL_EVENT 6  /* in: ULONG event (CTRL_C_EVENT 0, CTRL_BREAK_EVENT 1) */
#define CON_OP_READ 7        /* in: ULONG timeout in ms (~0: none); out: ULONG n, then n bytes */

#define ENABLE_PROCESSED_INPUT 0x1
#define ENABLE_LINE_INPUT 0x2
#define ENABLE_ECHO_INPUT 0x4

/* How long a terminal has to answer a cursor position query. */
#define CURSOR_QUERY_MS 300

/* Terminals this process changed: the state to put back at the end. */
#define MAX_SAVED 4
static struct saved {
    int fd;               /* our own descriptor of the terminal, or -1 */
    dev_t rdev;
    bool mode_saved;
    struct termios mode; /* as the process found it */
    bool cursor_hidden;
} saved[MAX_SAVED] = { { -1 }, { -1 }, { -1 }, { -1 } };
static pthread_mutex_t saved_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of fd's terminal, made on first use (saved_lock held). */
static struct saved *saved_slot(int fd)
{
    struct stat st;

    if (fstat(fd, &st) != 0)
        return NULL;
    for (int i = 0; i < MAX_SAVED; i++)
        if (saved[i].fd >= 0 && saved[i].rdev == st.st_rdev)
            return &saved[i];
    for (int i = 0; i < MAX_SAVED; i++) {
        if (saved[i].fd >= 0)
            continue;
        /* A descriptor of our own: the guest may close its handle before
         * the end. */
        saved[i].fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (saved[i].fd < 0)
            return NULL;
        saved[i].rdev = st.st_rdev;
        saved[i].mode_saved = false;
        saved[i].cursor_hidden = false;
        return &saved[i];
    }
    return NULL;
}

void console_restore(void)
{
    /* At the end of the process another thread may have died holding the
     * lock; restoring matters more than the lock then. A job the shell
     * has put in the background still restores: with SIGTTOU blocked
     * tcsetattr does not stop it. */
    bool locked = pthread_mutex_trylock(&saved_lock) == 0;
    sigset_t ttou, old;

    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    pthread_sigmask(SIG_BLOCK, &ttou, &old);

    for (int i = 0; i < MAX_SAVED; i++) {
        struct saved *s = &saved[i];

        if (s->fd < 0)
            continue;
        if (s->mode_saved)
            tcsetattr(s->fd, TCSANOW, &s->mode);
        if (s->cursor_hidden && write(s->fd, "\x1b[?25h", 6) < 0) {
            /* the terminal has gone */
        }
        s->mode_saved = s->cursor_hidden = false;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (locked)
        pthread_mutex_unlock(&saved_lock);
}

/* The terminal behind a file handle (a reference: object_release), or
 * NULL with *s = STATUS_INVALID_HANDLE for anything else. */
static struct nt_file *terminal_get(HANDLE h, NTSTATUS *s)
{
    struct nt_file *f = file_get(h, s);

    if (!f)
        return NULL;
    if (f->fd < 0 || !isatty(f->fd)) {
        object_release(&f->hdr);
        *s = STATUS_INVALID_HANDLE;
        return NULL;
    }
    return f;
}

static NTSTATUS put(void *out, ULONG out_size, const void *data, ULONG size)
{
    if (out_size < size)
        return STATUS_BUFFER_TOO_SMALL;
    return guest_write(out, data, size) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

static NTSTATUS get_ulong(const void *in, ULONG in_size, ULONG *v)
{
    if (in_size < sizeof *v)
        return STATUS_INVALID_PARAMETER;
    return guest_read(v, in, sizeof *v) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

static NTSTATUS op_size(int fd, void *out, ULONG out_size)
{
    struct winsize ws;
    ULONG v[2];

    if (ioctl(fd, TIOCGWINSZ, &ws) != 0)
        return nt_status_from_errno(errno);
    /* A pseudo-terminal nobody sized reports 0x0: the classic 80x25. */
    v[0] = ws.ws_col ? ws.ws_col : 80;
    v[1] = ws.ws_row ? ws.ws_row : 25;
    return put(out, out_size, v, sizeof v);
}

static NTSTATUS op_get_mode(int fd, void *out, ULONG out_size)
{
    struct termios t;
    ULONG mode = 0;

    if (tcgetattr(fd, &t) != 0)
        return nt_status_from_errno(errno);
    if (t.c_lflag & ISIG)
        mode |= ENABLE_PROCESSED_INPUT;
    if (t.c_lflag & ICANON)
        mode |= ENABLE_LINE_INPUT;
    if ((t.c_lflag & ECHO) && (t.c_lflag & ICANON))
        mode |= ENABLE_ECHO_INPUT;
    return put(out, out_size, &mode, sizeof mode);
}

/* Line input is the terminal's canonical mode, echo its echo (which
 * Windows only has with line input), processed input its signal keys.
 * Without line input Enter reads as CR, as a Windows console gives it,
 * and a read returns as soon as one byte is there. */
static NTSTATUS op_set_mode(int fd, ULONG mode)
{
    struct termios t;
    struct saved *s;
    NTSTATUS status = STATUS_SUCCESS;

    if (mode & ~(ULONG)(ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT))
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&saved_lock);
    if (tcgetattr(fd, &t) != 0) {
        status = nt_status_from_errno(errno);
        goto done;
    }
    if (!(s = saved_slot(fd))) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto done;
    }
    if (!s->mode_saved) {
        s->mode = t;
        s->mode_saved = true;
    }
    t.c_lflag &= ~(tcflag_t)(ISIG | ICANON | ECHO);
    if (mode & ENABLE_PROCESSED_INPUT)
        t.c_lflag |= ISIG;
    if (mode & ENABLE_LINE_INPUT) {
        t.c_lflag |= ICANON;
        t.c_iflag |= s->mode.c_iflag & ICRNL;
        if (mode & ENABLE_ECHO_INPUT)
            t.c_lflag |= ECHO;
    } else {
        t.c_iflag &= ~(tcflag_t)ICRNL;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
    }
    if (tcsetattr(fd, TCSANOW, &t) != 0)
        status = nt_status_from_errno(errno);
done:
    pthread_mutex_unlock(&saved_lock);
    /* From now on Ctrl-C ends the process through ExitProcess, which puts
     * the terminal back (a default-action death would not). */
    if (!status && svc_Wow64EnableConsoleCtrl)
        svc_Wow64EnableConsoleCtrl();
    return status;
}

static long ms_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* Finds a cursor position report ESC [ row ; col R in buf[0..n); on
 * success *x, *y are 0-based and the report is cut out of buf (*n
 * shrinks), so that what remains is what the user typed. */
static bool take_report(unsigned char *buf, size_t *n, ULONG *x, ULONG *y)
{
    for (size_t i = 0; i + 1 < *n; i++) {
        unsigned long v[2] = { 0, 0 };
        size_t j = i + 2;
        int k = 0;

        if (buf[i] != 0x1b || buf[i + 1] != '[')
            continue;
        for (; j < *n && k < 2; j++) {
            if (buf[j] >= '0' && buf[j] <= '9' && v[k] < 100000)
                v[k] = v[k] * 10 + (buf[j] - '0');
            else if (buf[j] == ';' && k == 0)
                k = 1;
            else if (buf[j] == 'R' && k == 1)
                k = 2;
            else
                break;
        }
        if (k != 2 || !v[0] || !v[1])
            continue;
        *y = (ULONG)v[0] - 1;
        *x = (ULONG)v[1] - 1;
        memmove(buf + i, buf + j, *n - j);
        *n -= j - i;
        return true;
    }
    return false;
}

/* Asks the terminal where its cursor is (DSR 6). Only when the input
 * handle reads the same terminal, so that the answer comes to us: the
 * input goes to non-canonical, no-echo mode for the query, and whatever
 * the user had typed meanwhile is handed back to kernel32 to read first.
 * A terminal that does not answer in time: STATUS_TIMEOUT (kernel32 then
 * stops asking and filters a late answer out of the input). */
static NTSTATUS op_cursor(int out_fd, const void *in, ULONG in_size, void *out, ULONG out_size)
{
    unsigned char buf[256];
    size_t n = 0;
    ULONG input, pos[3] = { 0, 0, 0 };
    struct nt_file *inf;
    struct stat a, b;
    struct termios saved_mode, raw;
    struct timespec start;
    sigset_t stop, old_mask;
    NTSTATUS status;
    bool found = false;

    if ((status = get_ulong(in, in_size, &input)))
        return status;
    if (out_size < sizeof pos)
        return STATUS_BUFFER_TOO_SMALL;
    if (!(inf = terminal_get((HANDLE)(intptr_t)(int32_t)input, &status)))
        return status;
    /* A background job must not touch the terminal's modes (SIGTTOU would
     * stop it) nor read from it (SIGTTIN). */
    if (fstat(out_fd, &a) != 0 || fstat(inf->fd, &b) != 0 || a.st_rdev != b.st_rdev ||
        tcgetpgrp(inf->fd) != getpgrp()) {
        object_release(&inf->hdr);
        return STATUS_NOT_SUPPORTED;
    }
    if (tcgetattr(inf->fd, &saved_mode) != 0) {
        object_release(&inf->hdr);
        return nt_status_from_errno(errno);
    }
    raw = saved_mode;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    /* A Ctrl-C while the terminal is in the query's mode would end a
     * process without console handlers by the signal's default action,
     * leaving the terminal so: the signals that stop or end us wait until
     * it is back (in a one-thread process, which such a process is). */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGQUIT);
    sigaddset(&stop, SIGTSTP);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old_mask);
    tcsetattr(inf->fd, TCSANOW, &raw);
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (write(out_fd, "\x1b[6n", 4) == 4) {
        while (!found && n < sizeof buf) {
            long left = CURSOR_QUERY_MS - ms_since(&start);
            struct pollfd p = { .fd = inf->fd, .events = POLLIN };
            ssize_t got;

            if (left <= 0 || poll(&p, 1, (int)left) <= 0)
                break;
            got = read(inf->fd, buf + n, sizeof buf - n);
            if (got <= 0)
                break;
            n += (size_t)got;
            found = take_report(buf, &n, &pos[0], &pos[1]);
        }
    }
    tcsetattr(inf->fd, TCSANOW, &saved_mode);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    object_release(&inf->hdr);
    /* What the user typed goes back, as much as fits. */
    pos[2] = (ULONG)(n < out_size - sizeof pos ? n : out_size - sizeof pos);
    if (!guest_write(out, pos, sizeof pos) || (pos[2] && !guest_write((char *)out + sizeof pos, buf, pos[2])))
        return STATUS_ACCESS_VIOLATION;
    return found ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

static NTSTATUS op_show_cursor(int fd, ULONG visible)
{
    struct saved *s;
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&saved_lock);
    if (!(s = saved_slot(fd)))
        status = STATUS_INSUFFICIENT_RESOURCES;
    else if (write(fd, visible ? "\x1b[?25h" : "\x1b[?25l", 6) != 6)
        status = nt_status_from_errno(errno);
    else
        s->cursor_hidden = !visible;
    pthread_mutex_unlock(&saved_lock);
    return status;
}

/* Reads what the terminal has, waiting at most timeout_ms for the first
 * byte (~0: as long as it takes): out = ULONG n, then n bytes. Only the
 * bytes the terminal already holds are read (FIONREAD; in canonical mode
 * that is complete lines), so the read itself never blocks.
 * STATUS_TIMEOUT when nothing came. */
static NTSTATUS op_read(int fd, const void *in, ULONG in_size, void *out, ULONG out_size)
{
    unsigned char buf[512];
    ULONG timeout, n = 0;
    struct timespec start;
    NTSTATUS status;
    int avail = 0;

    if ((status = get_ulong(in, in_size, &timeout)))
        return status;
    if (out_size <= sizeof n)
        return STATUS_BUFFER_TOO_SMALL;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        long left = -1;
        int r;

        if (timeout != ~0u && (left = (long)timeout - ms_since(&start)) < 0)
            left = 0;
        r = poll(&p, 1, (int)(left > INT_MAX ? INT_MAX : left));
        if (r < 0 && errno == EINTR) {
            if (sync_terminating(sync_current()))
                return STATUS_THREAD_IS_TERMINATING;
            continue;
        }
        if (r < 0)
            return nt_status_from_errno(errno);
        if (r == 0)
            return STATUS_TIMEOUT;
        if (ioctl(fd, FIONREAD, &avail) == 0 && avail > 0)
            break;
        /* The terminal has gone: end of input, n = 0. */
        if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
            break;
        /* Readable but nothing to read yet (canonical mode mid-line). */
        if (timeout != ~0u && ms_since(&start) >= (long)timeout)
            return STATUS_TIMEOUT;
        nanosleep(&(struct timespec){ 0, 10 * 1000000 }, NULL);
    }
    if (avail > 0) {
        size_t want = (size_t)avail;
        ssize_t got;

        if (want > sizeof buf)
            want = sizeof buf;
        if (want > out_size - sizeof n)
            want = out_size - sizeof n;
        got = read(fd, buf, want);
        if (got < 0)
            return nt_status_from_errno(errno);
        n = (ULONG)got;
    }
    if (!guest_write(out, &n, sizeof n) || (n && !guest_write((char *)out + sizeof n, buf, n)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* The parent and process group of pid from /proc/<pid>/stat. */
static bool proc_stat(pid_t pid, pid_t *ppid, pid_t *pgrp)
{
    char path[64], text[512], *p;
    FILE *f;
    size_t n;
    int a, b;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (!(f = fopen(path, "re")))
        return false;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    /* The command name may hold anything; the fields follow its last ')'. */
    if (!(p = strrchr(text, ')')) || sscanf(p + 1, " %*c %d %d", &a, &b) != 2)
        return false;
    *ppid = a;
    *pgrp = b;
    return true;
}

/* Whether pid runs the same program as this process (a wow64run). */
static bool same_program(pid_t pid)
{
    static char self[PATH_MAX];
    char path[64], exe[PATH_MAX];
    ssize_t n;

    if (!self[0]) {
        n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
            return false;
        self[n] = 0;
    }
    snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
    n = readlink(path, exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = 0;
    return strcmp(exe, self) == 0;
}

static bool descends_from(pid_t pid, pid_t root)
{
    pid_t ppid, pgrp;

    for (int depth = 0; depth < 64 && pid > 1; depth++) {
        if (pid == root)
            return true;
        if (!proc_stat(pid, &ppid, &pgrp))
            return false;
        pid = ppid;
    }
    return false;
}

/* A console event for every other process of this console: the wow64run
 * processes of this host process group that descend from the outermost
 * wow64run above us (our parents and children as Windows programs). A
 * process group holds more than that (a pipeline's other commands, or
 * ctest and all its tests), so the group itself is never signalled. The
 * caller (kernel32) delivers the event to its own process. */
static NTSTATUS op_ctrl_event(ULONG event)
{
    pid_t self = getpid(), pgrp = getpgrp(), root = self, ppid, g;
    int sig;
    DIR *d;
    struct dirent *e;

    if (event > 1)
        return STATUS_INVALID_PARAMETER;
    sig = event ? SIGQUIT : SIGINT;
    for (int depth = 0; depth < 64; depth++) {
        pid_t parent, parent_group, unused;

        if (!proc_stat(root, &parent, &unused) || parent <= 1)
            break;
        if (!proc_stat(parent, &unused, &parent_group) || parent_group != pgrp || !same_program(parent))
            break;
        root = parent;
    }
    if (!(d = opendir("/proc")))
        return nt_status_from_errno(errno);
    while ((e = readdir(d))) {
        char *end;
        long v = strtol(e->d_name, &end, 10);
        pid_t pid = (pid_t)v;

        if (*end || v <= 1 || pid == self)
            continue;
        if (!proc_stat(pid, &ppid, &g) || g != pgrp || !same_program(pid) || !descends_from(pid, root))
            continue;
        kill(pid, sig);
    }
    closedir(d);
    return STATUS_SUCCESS;
}

/* The row Wow64Console: one console operation on terminal handle h. */
NTSTATUS svc_Wow64Console(HANDLE h, ULONG op, void *in, ULONG in_size, void *out, ULONG out_size)
{
    struct nt_file *f;
    NTSTATUS status;
    ULONG v;

    if (op == CON_OP_CTRL_EVENT) {
        if ((status = get_ulong(in, in_size, &v)))
            return status;
        return op_ctrl_event(v);
    }
    if (op < CON_OP_SIZE || op > CON_OP_READ)
        return STATUS_INVALID_PARAMETER;
    if (!(f = terminal_get(h, &status)))
        return status;
    switch (op) {
    case CON_OP_SIZE:
        status = op_size(f->fd, out, out_size);
        break;
    case CON_OP_GET_MODE:
        status = op_get_mode(f->fd, out, out_size);
        break;
    case CON_OP_SET_MODE:
        if (!(status = get_ulong(in, in_size, &v)))
            status = op_set_mode(f->fd, v);
        break;
    case CON_OP_CURSOR:
        status = op_cursor(f->fd, in, in_size, out, out_size);
        break;
    case CON_OP_SHOW_CURSOR:
        if (!(status = get_ulong(in, in_size, &v)))
            status = op_show_cursor(f->fd, v);
        break;
    case CON_OP_READ:
        status = op_read(f->fd, in, in_size, out, out_size);
        break;
    }
    object_release(&f->hdr);
    return status;
}
