/* Child processes and anonymous pipes: the private services
 * Wow64CreateProcess and Wow64CreatePipe, and the child process objects
 * that waits, queries and NtTerminateProcess act on.
 *
 * A child is the host executable (wow64run) started again with
 * posix_spawn: `wow64run --prefix P --child-cmdline CMD -- IMAGE`, its std
 * descriptors taken from the parent's handles, its environment the guest
 * block (marked WOW64_CHILD=1 so that it wins over the Windows defaults),
 * and descriptor 3 the write end of a pipe (WOW64_EXIT_FD=3) on which
 * wow64_run writes the full 32-bit exit code before the child exits. With
 * bInheritHandles the inheritable file handles follow from descriptor 4
 * (inherit.c); CREATE_SUSPENDED adds the read end of a resume pipe
 * (WOW64_RESUME_FD), on which the child waits before any guest code runs
 * until NtResumeThread on its thread handle writes a byte. */
#include "object.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "../loader/loader.h"
#include "../loader/pe.h"
#include "inherit.h"
#include "log.h"
#include "path.h"

extern char **environ;

/* CreateProcess flags (winbase.h) we accept: the console ones are moot
 * for a host process that shares the terminal, the priority classes and
 * process groups are ignored. */
#define DEBUG_PROCESS 0x00000001
#define DEBUG_ONLY_THIS_PROCESS 0x00000002
#define CREATE_SUSPENDED 0x00000004
#define DETACHED_PROCESS 0x00000008
#define CREATE_NEW_CONSOLE 0x00000010
#define PRIORITY_CLASS_MASK 0x0000C1E0 /* NORMAL/IDLE/HIGH/REALTIME/BELOW/ABOVE */
#define CREATE_NEW_PROCESS_GROUP 0x00000200
#define CREATE_UNICODE_ENVIRONMENT 0x00000400
#define CREATE_DEFAULT_ERROR_MODE 0x04000000
#define CREATE_NO_WINDOW 0x08000000
#define SERVED_FLAGS (CREATE_SUSPENDED | DETACHED_PROCESS | CREATE_NEW_CONSOLE |         \
                      PRIORITY_CLASS_MASK | CREATE_NEW_PROCESS_GROUP |                 \
                      CREATE_UNICODE_ENVIRONMENT | CREATE_DEFAULT_ERROR_MODE | CREATE_NO_WINDOW)

#define IMAGE_FILE_DLL 0x2000
#define CHILD_EXIT_FD 3
/* Guest environment blocks larger than this are refused (Windows' limit
 * is 32767 characters per variable, none for the block). */
#define MAX_ENV_BYTES (4u << 20)

/* Serialises reaping: waits, queries and terminations may race. */
static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- anonymous pipes ---- */

NTSTATUS svc_Wow64CreatePipe(HANDLE *read_out, HANDLE *write_out, ULONG size)
{
    int fds[2];
    HANDLE r, w;
    NTSTATUS s;

    if (!read_out || !write_out)
        return STATUS_ACCESS_VIOLATION;
    if (pipe2(fds, O_CLOEXEC) != 0)
        return nt_status_from_errno(errno);
    /* A hint, as on Windows: the host keeps its default when it refuses. */
    if (size > 4096)
        fcntl(fds[1], F_SETPIPE_SZ, (int)(size > (1u << 20) ? 1u << 20 : size));
    if ((s = file_from_fd(fds[0], FILE_GENERIC_READ, &r)) != STATUS_SUCCESS) {
        close(fds[0]);
        close(fds[1]);
        return s;
    }
    if ((s = file_from_fd(fds[1], FILE_GENERIC_WRITE, &w)) != STATUS_SUCCESS) {
        close(fds[1]);
        handle_close(r);
        return s;
    }
    *read_out = r;
    *write_out = w;
    return STATUS_SUCCESS;
}

/* ---- child process objects ---- */

static void child_destroy(struct nt_object *obj)
{
    struct nt_child *c = (struct nt_child *)obj;

    /* Reap it if it has exited; a running child goes on (closing a
     * process handle does not end the process). */
    child_poll(c);
    if (c->pidfd >= 0)
        close(c->pidfd);
    if (c->exit_fd >= 0)
        close(c->exit_fd);
    if (c->resume_fd >= 0)
        close(c->resume_fd);
    free(c);
}

static void thread_destroy(struct nt_object *obj)
{
    struct nt_child_thread *t = (struct nt_child_thread *)obj;

    object_release(&t->process->hdr);
    free(t);
}

struct nt_child *child_get(HANDLE h, bool thread_ok, NTSTATUS *status)
{
    struct nt_object *obj = handle_get(h, NT_OBJECT_ANY, status);
    struct nt_child *c = NULL;

    if (!obj)
        return NULL;
    if (obj->type == NT_OBJECT_PROCESS) {
        return (struct nt_child *)obj;
    } else if (obj->type == NT_OBJECT_THREAD && thread_ok) {
        c = ((struct nt_child_thread *)obj)->process;
        object_ref(&c->hdr);
    } else {
        *status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    object_release(obj);
    return c;
}

NTSTATUS child_resume(HANDLE thread, uint32_t *prev)
{
    struct nt_object *obj = handle_get(thread, NT_OBJECT_THREAD, &(NTSTATUS){ 0 });
    struct nt_child *c;
    int fd;

    if (!obj)
        return STATUS_OBJECT_TYPE_MISMATCH;
    c = ((struct nt_child_thread *)obj)->process;
    /* The first resume lets it run: closing the write end is the signal
     * (the child waits for end of file). */
    fd = __atomic_exchange_n(&c->resume_fd, -1, __ATOMIC_ACQ_REL);
    *prev = fd >= 0;
    if (fd >= 0) {
        /* One byte lets it run; end of file alone (we ended or closed
         * every handle to it first) makes it leave without running. */
        if (write(fd, "R", 1) != 1)
            log_printf("wow64: resuming child %d: %s\n", c->pid, strerror(errno));
        close(fd);
    }
    object_release(obj);
    return STATUS_SUCCESS;
}

/* The exit code of a reaped child: the full code it wrote on the pipe,
 * else the code NtTerminateProcess gave, else its 8-bit status (a child
 * killed by a signal we did not send reports 128 + the signal, as a
 * shell does; SIGINT and SIGQUIT, STATUS_CONTROL_C_EXIT). */
static uint32_t reaped_code(struct nt_child *c, int status)
{
    uint32_t code;
    ssize_t n = -1;

    if (c->exit_fd >= 0) {
        do
            n = read(c->exit_fd, &code, sizeof code);
        while (n < 0 && errno == EINTR);
        close(c->exit_fd);
        c->exit_fd = -1;
    }
    if (n == (ssize_t)sizeof code)
        return code;
    if (c->terminated)
        return c->term_code;
    if (WIFEXITED(status))
        return (uint32_t)WEXITSTATUS(status);
    /* Ctrl-C / Ctrl-Break's default action (src/loader/console_ctrl.c)
     * is Windows' STATUS_CONTROL_C_EXIT. */
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGQUIT))
        return 0xC000013Au;
    if (WIFSIGNALED(status))
        return 128u + (uint32_t)WTERMSIG(status);
    return 0;
}

bool child_poll(struct nt_child *c)
{
    int status = 0;
    pid_t r;

    pthread_mutex_lock(&child_lock);
    if (!c->exited) {
        do
            r = waitpid(c->pid, &status, WNOHANG);
        while (r < 0 && errno == EINTR);
        /* ECHILD: reaped elsewhere (SIGCHLD ignored by an embedder); what
         * the pipe holds is all we can know. */
        if (r == c->pid || (r < 0 && errno == ECHILD)) {
            c->exit_code = reaped_code(c, status);
            c->exited = true;
            if (c->pidfd >= 0) {
                close(c->pidfd);
                c->pidfd = -1;
            }
        }
    }
    pthread_mutex_unlock(&child_lock);
    return c->exited;
}

NTSTATUS child_terminate(struct nt_child *c, uint32_t code)
{
    NTSTATUS s = STATUS_SUCCESS;

    if (child_poll(c))
        return STATUS_ACCESS_DENIED;
    pthread_mutex_lock(&child_lock);
    /* Still unreaped here, so the pid cannot have been reused. */
    if (!c->exited && kill(c->pid, SIGKILL) == 0) {
        c->terminated = true;
        c->term_code = code;
    } else if (!c->exited) {
        s = nt_status_from_errno(errno);
    }
    pthread_mutex_unlock(&child_lock);
    return s;
}

/* ---- Wow64CreateProcess ---- */

/* A DOS path (C:\x) or an NT name (\??\C:\x) as the host path it names,
 * after file-system redirection. */
static NTSTATUS resolve_dos(const UNICODE_STRING *us, struct ntpath *np)
{
    static const WCHAR nt_prefix[] = { '\\', '?', '?', '\\' };
    size_t n = us->Length / 2;
    WCHAR *buf;
    NTSTATUS s;

    memset(np, 0, sizeof *np);
    if (!us->Buffer || !n)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (n >= 4 && !memcmp(us->Buffer, nt_prefix, sizeof nt_prefix))
        return file_resolve_name(us->Buffer, n * 2, NULL, np);
    if (!(buf = malloc((n + 4) * 2)))
        return STATUS_NO_MEMORY;
    memcpy(buf, nt_prefix, sizeof nt_prefix);
    memcpy(buf + 4, us->Buffer, n * 2);
    s = file_resolve_name(buf, (n + 4) * 2, NULL, np);
    free(buf);
    return s;
}

/* Windows' answer for a file that is not a runnable 32-bit program. */
static NTSTATUS check_image(const char *path)
{
    struct pe_image img;
    struct stat st;
    enum pe_error e;
    void *data;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return nt_status_from_errno(errno);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
        close(fd);
        return STATUS_INVALID_IMAGE_NOT_MZ;
    }
    data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED)
        return nt_status_from_errno(errno);
    e = pe_parse(data, (size_t)st.st_size, &img);
    munmap(data, (size_t)st.st_size);
    switch (e) {
    case PE_OK:
        return (img.characteristics & IMAGE_FILE_DLL) ? STATUS_INVALID_IMAGE_FORMAT
                                                       : STATUS_SUCCESS;
    case PE_E_EMPTY:
    case PE_E_TRUNCATED:
    case PE_E_NOT_MZ:
        return STATUS_INVALID_IMAGE_NOT_MZ;
    case PE_E_DOS_ONLY:
    case PE_E_NE:
        return STATUS_INVALID_IMAGE_WIN_16;
    case PE_E_PE32PLUS:
        return STATUS_INVALID_IMAGE_WIN_64;
    default:
        return STATUS_INVALID_IMAGE_FORMAT;
    }
}

static char *utf16_dup(const WCHAR *w, size_t len)
{
    char *s = malloc(len * 3 + 1);

    if (s)
        utf16_to_utf8(w, len, s, len * 3 + 1);
    return s;
}

/* A growing NULL-terminated array of malloc'd strings. */
struct strv {
    char **v;
    size_t n, cap;
};

static bool strv_add(struct strv *sv, char *s)
{
    if (!s)
        return false;
    if (sv->n + 2 > sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 64;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v) {
            free(s);
            return false;
        }
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
    return true;
}

static void strv_free(struct strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
}

/* The guest environment block at guest_env, or the current one from the
 * process parameters, as host strings; then the host's own WOW64_*
 * settings (the prefix, debug channels) and the child markers. */
static NTSTATUS child_environment(const void *guest_env, struct strv *env)
{
    uint32_t params = 0, addr = (uint32_t)(uintptr_t)guest_env;
    WCHAR *block;
    size_t n = 0, cap = 4096;
    char fd_var[32];

    if (!addr && (!guest_read(&params, (void *)(uintptr_t)(nt_process.peb32 + 0x10), 4) ||
                  !params || /* PEB32.ProcessParameters, then its Environment */
                  !guest_read(&addr, (void *)(uintptr_t)(params + 0x48), 4)))
        return STATUS_ACCESS_VIOLATION;
    if (!(block = malloc(cap * 2)))
        return STATUS_NO_MEMORY;
    /* Read up to the double NUL, a character at a time into a growing
     * buffer (blocks are a few KiB). */
    for (;;) {
        if (n + 1 >= cap) {
            WCHAR *b2;
            if (cap * 2 > MAX_ENV_BYTES || !(b2 = realloc(block, cap * 4))) {
                free(block);
                return STATUS_NO_MEMORY;
            }
            block = b2;
            cap *= 2;
        }
        if (addr && !guest_read(&block[n], (void *)(uintptr_t)(addr + n * 2), 2)) {
            free(block);
            return STATUS_ACCESS_VIOLATION;
        }
        if (!addr)
            block[n] = 0;
        if (!block[n] && (n == 0 || !block[n - 1]))
            break;
        n++;
    }
    for (size_t i = 0; i < n;) {
        size_t len = 0;
        while (block[i + len])
            len++;
        /* "=C:=C:\dir" per-drive directories are not host variables; our
         * own WOW64_ settings come from the host below. */
        if (len && block[i] != '=' &&
            !(len > 6 && block[i] == 'W' && block[i + 1] == 'O' && block[i + 2] == 'W' &&
              block[i + 3] == '6' && block[i + 4] == '4' && block[i + 5] == '_') &&
            !strv_add(env, utf16_dup(block + i, len))) {
            free(block);
            return STATUS_NO_MEMORY;
        }
        i += len + 1;
    }
    free(block);
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, "WOW64_", 6) && strncmp(*e, "WOW64_CHILD=", 12) &&
            strncmp(*e, "WOW64_EXIT_FD=", 14) && strncmp(*e, "WOW64_RESUME_FD=", 16) &&
            strncmp(*e, "WOW64_INHERIT=", 14) && !strv_add(env, strdup(*e)))
            return STATUS_NO_MEMORY;
    snprintf(fd_var, sizeof fd_var, "WOW64_EXIT_FD=%d", CHILD_EXIT_FD);
    if (!strv_add(env, strdup("WOW64_CHILD=1")) || !strv_add(env, strdup(fd_var)))
        return STATUS_NO_MEMORY;
    return STATUS_SUCCESS;
}

/* The child's std descriptors from the handles (0: inherit the host's);
 * h[3] is bInheritHandles. */
static NTSTATUS std_actions(const void *guest_std, posix_spawn_file_actions_t *fa,
                            struct nt_file *files[3], bool *inherit)
{
    ULONG h[4] = { 0, 0, 0, 0 };
    NTSTATUS s;

    if (guest_std && !guest_read(h, guest_std, sizeof h))
        return STATUS_ACCESS_VIOLATION;
    *inherit = h[3] != 0;
    for (int i = 0; i < 3; i++) {
        if (!h[i])
            continue;
        /* A handle that is not a file (a console pseudo-handle, an invalid
         * one) leaves the host's descriptor: the child then shares our
         * terminal, which is what Windows gives a console child. */
        if (!(files[i] = file_get((HANDLE)(intptr_t)(int32_t)h[i], &s)))
            continue;
        if (posix_spawn_file_actions_adddup2(fa, files[i]->fd, i) != 0)
            return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS new_child(pid_t pid, int exit_fd, int resume_fd, HANDLE *process_out,
                          HANDLE *thread_out)
{
    struct nt_child *c = calloc(1, sizeof *c);
    struct nt_child_thread *t = NULL;
    NTSTATUS s;

    if (!c) {
        close(exit_fd);
        if (resume_fd >= 0)
            close(resume_fd);
        return STATUS_NO_MEMORY;
    }
    object_init(&c->hdr, NT_OBJECT_PROCESS, child_destroy);
    c->pid = pid;
    c->exit_fd = exit_fd;
    c->resume_fd = resume_fd;
#ifdef SYS_pidfd_open
    c->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (c->pidfd >= 0)
        fcntl(c->pidfd, F_SETFD, FD_CLOEXEC);
#else
    c->pidfd = -1;
#endif
    if (thread_out) {
        if (!(t = calloc(1, sizeof *t))) {
            object_release(&c->hdr);
            return STATUS_NO_MEMORY;
        }
        object_init(&t->hdr, NT_OBJECT_THREAD, thread_destroy);
        object_ref(&c->hdr);
        t->process = c;
        if ((s = handle_alloc(&t->hdr, thread_out)) != STATUS_SUCCESS) {
            object_release(&t->hdr);
            object_release(&c->hdr);
            return s;
        }
    }
    if ((s = handle_alloc(&c->hdr, process_out)) != STATUS_SUCCESS) {
        object_release(&c->hdr);
        if (thread_out)
            handle_close(*thread_out);
        *process_out = *thread_out = NULL;
    }
    return s;
}

NTSTATUS svc_Wow64CreateProcess(UNICODE_STRING *image, UNICODE_STRING *cmdline,
                                UNICODE_STRING *curdir, void *guest_env, ULONG flags,
                                void *guest_std, HANDLE *process_out, HANDLE *thread_out,
                                CLIENT_ID *cid)
{
    static WCHAR no_chars[1];
    struct ntpath np = { 0 }, dir = { 0 };
    struct strv argv = { 0 }, env = { 0 };
    struct nt_file *files[3] = { NULL, NULL, NULL };
    struct inherit_list inherited = { 0 };
    posix_spawn_file_actions_t fa;
    int exit_pipe[2] = { -1, -1 }, resume_pipe[2] = { -1, -1 }, err, next_fd = CHILD_EXIT_FD + 1;
    bool inherit;
    pid_t pid;
    NTSTATUS s;

    if (!image || !cmdline || !process_out)
        return STATUS_ACCESS_VIOLATION;
    if (flags & ~SERVED_FLAGS) {
        log_fixme("ntdll", "Wow64CreateProcess", "creation flags %#x not supported",
                  flags & ~SERVED_FLAGS);
        return STATUS_NOT_IMPLEMENTED;
    }
    if ((s = resolve_dos(image, &np)) != STATUS_SUCCESS)
        goto out_paths;
    if (!np.exists || np.device) {
        s = np.parent_exists ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
        goto out_paths;
    }
    if (np.is_dir) {
        s = STATUS_ACCESS_DENIED;
        goto out_paths;
    }
    if ((s = check_image(np.unix_path)) != STATUS_SUCCESS)
        goto out_paths;
    if (curdir && curdir->Length) {
        if ((s = resolve_dos(curdir, &dir)) != STATUS_SUCCESS || !dir.is_dir) {
            s = STATUS_NOT_A_DIRECTORY; /* ERROR_DIRECTORY, as CreateProcess answers */
            goto out_paths;
        }
    }
    if ((s = child_environment(guest_env, &env)) != STATUS_SUCCESS)
        goto out_paths;
    if (!strv_add(&argv, strdup("wow64run")) || !strv_add(&argv, strdup("--prefix")) ||
        !strv_add(&argv, strdup(prefix_root)) || !strv_add(&argv, strdup("--child-cmdline")) ||
        !strv_add(&argv, utf16_dup(cmdline->Buffer ? cmdline->Buffer : no_chars,
                                   cmdline->Length / 2)) ||
        !strv_add(&argv, strdup("--")) || !strv_add(&argv, strdup(np.unix_path))) {
        s = STATUS_NO_MEMORY;
        goto out_paths;
    }
    if (pipe2(exit_pipe, O_CLOEXEC) != 0) {
        s = nt_status_from_errno(errno);
        goto out_paths;
    }
    posix_spawn_file_actions_init(&fa);
    if ((s = std_actions(guest_std, &fa, files, &inherit)) != STATUS_SUCCESS)
        goto out_actions;
    /* Then the inheritable handles' descriptors from 4 on (inherit.c),
     * and CREATE_SUSPENDED's resume pipe after them. */
    if (inherit && (s = inherit_collect(&inherited, &fa, next_fd, &next_fd)) != STATUS_SUCCESS)
        goto out_actions;
    if (inherited.env && !strv_add(&env, strdup(inherited.env))) {
        s = STATUS_NO_MEMORY;
        goto out_actions;
    }
    if (flags & CREATE_SUSPENDED) {
        char var[40];

        if (pipe2(resume_pipe, O_CLOEXEC) != 0) {
            s = nt_status_from_errno(errno);
            goto out_actions;
        }
        /* Like every source, above the targets (inherit.h). */
        if (!inherit_lift(&resume_pipe[0], next_fd + 1 + INHERIT_SPARE)) {
            s = STATUS_TOO_MANY_OPENED_FILES;
            goto out_actions;
        }
        snprintf(var, sizeof var, "WOW64_RESUME_FD=%d", next_fd);
        if (posix_spawn_file_actions_adddup2(&fa, resume_pipe[0], next_fd++) != 0 ||
            !strv_add(&env, strdup(var))) {
            s = STATUS_NO_MEMORY;
            goto out_actions;
        }
    }
    /* Descriptor 3 is the exit-code pipe (dup2 clears its close-on-exec);
     * nothing else of ours leaks into the child. Its write end may sit
     * where an inherited descriptor goes: moved above them first. */
    if (exit_pipe[1] != CHILD_EXIT_FD && !inherit_lift(&exit_pipe[1], next_fd + INHERIT_SPARE)) {
        s = STATUS_TOO_MANY_OPENED_FILES;
        goto out_actions;
    }
    if (posix_spawn_file_actions_adddup2(&fa, exit_pipe[1], CHILD_EXIT_FD) != 0 ||
        posix_spawn_file_actions_addclosefrom_np(&fa, next_fd) != 0 ||
        (dir.unix_path && posix_spawn_file_actions_addchdir_np(&fa, dir.unix_path) != 0)) {
        s = STATUS_NO_MEMORY;
        goto out_actions;
    }
    if (exit_pipe[1] == CHILD_EXIT_FD) /* dup2 onto itself keeps close-on-exec */
        fcntl(exit_pipe[1], F_SETFD, 0);
    err = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv.v, env.v);
    if (err) {
        s = nt_status_from_errno(err);
        goto out_actions;
    }
    close(exit_pipe[1]);
    exit_pipe[1] = -1;
    fcntl(exit_pipe[0], F_SETFL, O_NONBLOCK);
    s = new_child(pid, exit_pipe[0], resume_pipe[1], process_out, thread_out);
    exit_pipe[0] = resume_pipe[1] = -1;
    if (s == STATUS_SUCCESS && cid) {
        cid->UniqueProcess = (HANDLE)(uintptr_t)pid;
        cid->UniqueThread = (HANDLE)(uintptr_t)pid; /* the main thread's tid is the pid */
    }
out_actions:
    posix_spawn_file_actions_destroy(&fa);
    inherit_free(&inherited);
    for (int i = 0; i < 3; i++)
        if (files[i])
            object_release(&files[i]->hdr);
    for (int i = 0; i < 2; i++)
        if (resume_pipe[i] >= 0)
            close(resume_pipe[i]);
    if (exit_pipe[0] >= 0)
        close(exit_pipe[0]);
    if (exit_pipe[1] >= 0)
        close(exit_pipe[1]);
out_paths:
    strv_free(&argv);
    strv_free(&env);
    ntpath_free(&np);
    ntpath_free(&dir);
    return s;
}
