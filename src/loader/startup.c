/* Process start-up: the guest address space, PEB32, TEB32, the process
 * parameters (image path, command line, current directory, environment,
 * std handles), the main thread's stack and CPU state, and the system
 * DLLs every process has (ntdll, kernel32). */
#include "startup.h"

#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "../nt/log.h"
#include "../nt/hostid.h"
#include "../nt/object.h"
#include "../nt/path.h"
#include "../redirect/redirect.h"
#include "../thunks/thunks.h"
#include "cmdline.h"
#include "peb32.h"

extern char **environ;

struct startup startup;

/* wow64_options.command_line, kept from startup_process. */
static char *given_command_line;

#define DEFAULT_STACK_RESERVE (1024 * 1024)

static void put32(uint32_t addr, uint32_t v)
{
    memcpy((void *)(uintptr_t)addr, &v, 4);
}

/* Address space, CPU, dispatcher, prefix, PEB and the main TEB. */
int startup_process(const struct wow64_options *o)
{
    char err[1024];
    uint32_t peb, ldr;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    if (startup.ready)
        return 0;
    log_init();
    if (vm_init() != 0) {
        loader_set_error(LOADER_E_NO_MEMORY, "cannot reserve the guest address space (is the host a PIE?)");
        return -1;
    }
    if (prefix_init(o ? o->prefix : NULL, err, sizeof err) != 0) {
        loader_set_error(LOADER_E_NO_MEMORY, "%s", err);
        return -1;
    }
    if (cpu_process_init() != 0 || thunks_init() != 0) {
        loader_set_error(LOADER_E_NO_MEMORY, "cannot set up 32-bit execution on this CPU/kernel");
        return -1;
    }
    if (o && (o->flags & WOW64_TRACE_SYSCALLS))
        thunks_trace = true;
    if (o && o->command_line && !(given_command_line = strdup(o->command_line))) {
        loader_set_error(LOADER_E_NO_MEMORY, "out of memory for the command line");
        return -1;
    }
    if (!(peb = galloc(PEB32_SIZE)) || !(ldr = galloc(sizeof(PEB_LDR_DATA32))) ||
        !(startup.teb = galloc(TEB32_SIZE))) {
        loader_set_error(LOADER_E_NO_MEMORY, "out of guest memory for the PEB");
        return -1;
    }
    /* The TEB must not share its page: FS's limit is one page. */
    if (startup.teb & 0xFFF) {
        startup.teb = galloc(TEB32_SIZE + 0x1000);
        startup.teb = (startup.teb + 0xFFF) & ~0xFFFu;
    }
    startup.peb = peb;
    nt_process.peb32 = peb;
    nt_process.pid = (uint32_t)getpid();
    ldr_data_init(ldr);
    put32(peb + PEB32_Ldr, ldr);
    put32(peb + PEB32_NumberOfProcessors, ncpu > 0 ? (uint32_t)ncpu : 1);
    put32(peb + PEB32_OSMajorVersion, 10);
    put32(peb + PEB32_OSMinorVersion, 0);
    put32(peb + PEB32_OSBuildNumber, 19045);
    put32(peb + PEB32_OSPlatformId, 2); /* VER_PLATFORM_WIN32_NT */
    put32(peb + PEB32_ImageSubSystem, 3); /* console */
    put32(peb + PEB32_SessionId, 1);
    startup.ready = true;
    return 0;
}

/* The main thread: stack (reserve and commit from the image header), TEB,
 * CPU state. */
int startup_main_thread(uint32_t reserve, uint32_t commit)
{
    uint32_t dealloc, base, limit, teb = startup.teb;
    struct cpu_thread *t = &startup.thread;

    if (startup.thread_ready)
        return 0;
    /* As on Windows: the commit at the top, a guard page below it that
     * moves down as the stack grows (src/cpu/signal.c). */
    if (vm_alloc_stack(reserve ? reserve : DEFAULT_STACK_RESERVE, commit, &dealloc, &base,
                       &limit) != STATUS_SUCCESS) {
        loader_set_error(LOADER_E_NO_MEMORY, "%s: cannot allocate a %u-byte guest stack (SizeOfStackReserve)",
                         startup.exe ? startup.exe->name : "wow64", reserve);
        return -1;
    }
    memset((void *)(uintptr_t)teb, 0, TEB32_SIZE);
    put32(teb + TEB32_ExceptionList, 0xFFFFFFFF);
    put32(teb + TEB32_StackBase, base);
    put32(teb + TEB32_StackLimit, limit);
    put32(teb + TEB32_Self, teb);
    put32(teb + TEB32_ClientIdProcess, (uint32_t)getpid());
    put32(teb + TEB32_ClientIdThread, (uint32_t)gettid());
    put32(teb + TEB32_ProcessEnvironmentBlock, startup.peb);
    put32(teb + TEB32_WOW32Reserved, cpu_transition_address());
    put32(teb + TEB32_CurrentLocale, 0x409);
    put32(teb + TEB32_DeallocationStack, dealloc);
    put32(teb + TEB32_StaticUnicodeString + 4, teb + TEB32_StaticUnicodeBuffer);
    *(USHORT *)(uintptr_t)(teb + TEB32_StaticUnicodeString + 2) = 261 * 2;
    if (cpu_thread_init(t, teb) != 0) {
        loader_set_error(LOADER_E_NO_MEMORY, "cannot set up the main guest thread (modify_ldt)");
        return -1;
    }
    t->stack_base = base;
    t->stack_limit = limit;
    t->stack_dealloc = dealloc;
    startup.thread_ready = true;
    return 0;
}

static int env_cmp(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether the host environment has a variable name (case-insensitively,
 * as Windows compares names). */
static bool host_has(const char *name)
{
    size_t n = strlen(name);

    for (char **e = environ; *e; e++)
        if (!strncasecmp(*e, name, n) && (*e)[n] == '=')
            return true;
    return false;
}

/* Windows variables first; host variables whose name Windows already has
 * (case-insensitively) are dropped, as is the host's PATH. A child started
 * by CreateProcess (WOW64_CHILD=1) gets its parent's guest block as host
 * environment: there every given variable wins, and the defaults only
 * fill in what is missing. */
static uint32_t build_environment(uint32_t *size_out)
{
    const char *child = getenv("WOW64_CHILD");
    bool parent_wins = child && !strcmp(child, "1");
    struct env_var defs[64];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t ndefs, nvars = 0, cap = 64, total = 0;
    char **vars = malloc(cap * sizeof *vars);
    uint32_t block;
    WCHAR *w;

    ndefs = redirect_env_defaults(true, host_user_name(), host_computer_name(), ncpu > 0 ? (int)ncpu : 1,
                                  defs, 64);
    for (size_t i = 0; vars && i < ndefs + 1024; i++) {
        char *v = NULL;
        if (i < ndefs) {
            if (parent_wins && host_has(defs[i].name))
                continue;
            if (asprintf(&v, "%s=%s", defs[i].name, defs[i].value) < 0)
                v = NULL;
        } else {
            const char *h = environ[i - ndefs];
            bool clash = false;
            if (!h)
                break;
            const char *eq = strchr(h, '=');
            if (!eq || eq == h)
                continue;
            for (size_t d = 0; d < ndefs && !clash && !parent_wins; d++)
                clash = strlen(defs[d].name) == (size_t)(eq - h) &&
                        !strncasecmp(defs[d].name, h, (size_t)(eq - h));
            if (clash || !strncmp(h, "WOW64_", 6))
                continue;
            /* The host's TZ is a POSIX one, already the system time zone
             * (kernel32); in the guest, TZ means the CRT's own syntax. */
            if (!parent_wins && !strncasecmp(h, "TZ=", 3))
                continue;
            v = strdup(h);
        }
        if (!v)
            continue;
        if (nvars == cap) {
            char **n2 = realloc(vars, (cap *= 2) * sizeof *vars);
            if (!n2) {
                free(v);
                break;
            }
            vars = n2;
        }
        vars[nvars++] = v;
        total += strlen(v) + 1;
    }
    if (!vars)
        return 0;
    /* Windows keeps the block sorted, case-insensitively. */
    qsort(vars, nvars, sizeof *vars, env_cmp);
    block = galloc((uint32_t)(total + 1) * 2 + 16);
    w = (WCHAR *)(uintptr_t)block;
    for (size_t i = 0; block && i < nvars; i++)
        w += utf8_to_utf16(vars[i], w, strlen(vars[i]) * 2 + 2) + 1;
    if (block)
        *w++ = 0;
    for (size_t i = 0; i < nvars; i++)
        free(vars[i]);
    free(vars);
    *size_out = block ? (uint32_t)((uintptr_t)w - block) : 0;
    return block;
}

static uint32_t std_handle(int fd, ULONG access)
{
    int copy = dup(fd);
    HANDLE h;

    /* A duplicate: the guest closing its stdout must not take the host's. */
    if (copy < 0 || file_from_fd(copy, access, &h) != STATUS_SUCCESS) {
        if (copy >= 0)
            close(copy);
        return 0;
    }
    return (uint32_t)(uintptr_t)h;
}

/* argv[0] as a Windows user would have typed it. */
static void program_name(const char *arg0, char *out, size_t n)
{
    if (arg0[0] == '/' && path_unix_to_dos(arg0, out, n) == 0)
        return;
    snprintf(out, n, "%s", arg0);
    for (char *p = out; *p; p++)
        if (*p == '/')
            *p = '\\';
}

/* The command line for argv (argv[0] as the user would have typed it, or
 * image_dos without arguments), malloc'd; *len its length. */
static char *argv_command_line(int argc, const char *const argv[], const char *image_dos,
                               size_t *len)
{
    char arg0[PATH_MAX + 8], *cmd;
    const char **args;

    if (!(args = calloc((size_t)(argc > 0 ? argc : 1), sizeof *args)))
        return NULL;
    program_name(argc > 0 ? argv[0] : image_dos, arg0, sizeof arg0);
    args[0] = arg0;
    for (int i = 1; i < argc; i++)
        args[i] = argv[i];
    *len = cmdline_build(argc > 0 ? argc : 1, args, NULL, 0);
    if ((cmd = malloc(*len + 1)))
        cmdline_build(argc > 0 ? argc : 1, args, cmd, *len + 1);
    free(args);
    return cmd;
}

int startup_parameters(const char *image_host_path, int argc, const char *const argv[])
{
    RTL_USER_PROCESS_PARAMETERS32 *p;
    uint32_t addr = galloc(sizeof *p);
    char *cmd, dos[PATH_MAX + 8], cwd[PATH_MAX];
    size_t len;

    if (!addr)
        return -1;
    p = (RTL_USER_PROCESS_PARAMETERS32 *)(uintptr_t)addr;
    memset(p, 0, sizeof *p);
    p->MaximumLength = p->Length = sizeof *p;
    p->Flags = PROCESS_PARAMS_FLAG_NORMALIZED;
    p->StandardInput = std_handle(0, 0x80000000u /* GENERIC_READ */);
    p->StandardOutput = std_handle(1, 0x40000000u /* GENERIC_WRITE */);
    p->StandardError = std_handle(2, 0x40000000u);
    if (!getcwd(cwd, sizeof cwd) || path_unix_to_dos(cwd, dos, sizeof dos - 1) != 0)
        snprintf(dos, sizeof dos, "C:\\");
    if (dos[strlen(dos) - 1] != '\\')
        strcat(dos, "\\");
    galloc_unicode(dos, &p->CurrentDirectory.DosPath);
    if (path_unix_to_dos(image_host_path, dos, sizeof dos) != 0)
        snprintf(dos, sizeof dos, "%s", image_host_path);
    galloc_unicode(dos, &p->ImagePathName);
    galloc_unicode("C:\\Windows\\system32;C:\\Windows", &p->DllPath);
    galloc_unicode(dos, &p->WindowTitle);
    galloc_unicode("WinSta0\\Default", &p->DesktopInfo);
    galloc_unicode("", &p->ShellInfo);
    if (given_command_line) {
        cmd = strdup(given_command_line);
        len = cmd ? strlen(cmd) : 0;
    } else {
        cmd = argv_command_line(argc, argv, dos, &len);
    }
    if (!cmd)
        return -1;
    /* UNICODE_STRING lengths are 16-bit: Windows caps command lines at
     * 32767 characters. */
    if (len > 32766) {
        loader_set_error(LOADER_E_NO_MEMORY, "command line longer than Windows' 32767 characters");
        free(cmd);
        return -1;
    }
    galloc_unicode(cmd, &p->CommandLine);
    free(cmd);
    p->Environment = build_environment(&p->EnvironmentSize);
    p->ShowWindowFlags = 1; /* SW_SHOWNORMAL */
    put32(startup.peb + PEB32_ProcessParameters, addr);
    startup.params = addr;
    return 0;
}

/* ntdll and kernel32, which every process has; ntdll learns where the
 * transition to 64-bit code is. */
NTSTATUS startup_system_dlls(void)
{
    struct module *m;
    uint32_t addr;
    NTSTATUS s;

    if ((s = loader_load_dll("ntdll.dll", NULL, &startup.ntdll)) != STATUS_SUCCESS)
        return s;
    if (loader_get_export(startup.ntdll, "Wow64Transition", 0, 0, &addr) != STATUS_SUCCESS) {
        loader_set_error(LOADER_E_EXPORT_NOT_FOUND, "ntdll.dll: export Wow64Transition not found");
        return STATUS_ENTRYPOINT_NOT_FOUND;
    }
    put32(addr, cpu_transition_address());
    if ((s = loader_load_dll("kernel32.dll", NULL, &m)) != STATUS_SUCCESS)
        return s;
    startup.kernel32 = m;
    return STATUS_SUCCESS;
}

/* Static TLS at start: the exe's (index 0) and its static imports' (tls.c). */
int startup_exe_tls(struct module *exe)
{
    (void)exe;
    return loader_tls_start();
}
