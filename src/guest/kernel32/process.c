/* The process: identity, exit, CreateProcess, and the pieces of the
 * exception API that do not need the exception dispatcher. Threads are in
 * thread.c. */
#include "kernel32_private.h"

static UINT error_mode;
static ULONG pointer_cookie;

HANDLE WINAPI GetCurrentProcess(void)
{
    return NtCurrentProcess();
}

HANDLE WINAPI GetCurrentThread(void)
{
    return NtCurrentThread();
}

DWORD WINAPI GetCurrentProcessId(void)
{
    return (DWORD)(ULONG_PTR)nt_teb()->ClientId.UniqueProcess;
}

DWORD WINAPI GetCurrentThreadId(void)
{
    return (DWORD)(ULONG_PTR)nt_teb()->ClientId.UniqueThread;
}

void WINAPI ExitProcess(UINT code)
{
    RtlExitUserProcess((NTSTATUS)code);
}

BOOL WINAPI TerminateProcess(HANDLE h, UINT code)
{
    if (!h) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return k32_status(NtTerminateProcess(h, (NTSTATUS)code));
}

BOOL WINAPI GetExitCodeProcess(HANDLE h, LPDWORD code)
{
    PROCESS_BASIC_INFORMATION info;
    NTSTATUS status;

    status = NtQueryInformationProcess(h, ProcessBasicInformation, &info, sizeof(info), NULL);
    if (status)
        return k32_status(status);
    if (code)
        *code = (DWORD)info.ExitStatus;  /* STILL_ACTIVE (STATUS_PENDING) while running */
    return TRUE;
}

DWORD WINAPI GetProcessId(HANDLE h)
{
    PROCESS_BASIC_INFORMATION info;
    NTSTATUS status;

    if (h == GetCurrentProcess())
        return GetCurrentProcessId();
    status = NtQueryInformationProcess(h, ProcessBasicInformation, &info, sizeof(info), NULL);
    if (status) {
        k32_status(status);
        return 0;
    }
    return (DWORD)info.UniqueProcessId;
}

/* ---- CreateProcess ---- */

NTSYSAPI NTSTATUS NTAPI Wow64CreateProcess(const UNICODE_STRING *Image,
    const UNICODE_STRING *CommandLine, const UNICODE_STRING *CurrentDirectory,
    const WCHAR *Environment, ULONG Flags, const ULONG *StdHandles, PHANDLE Process,
    PHANDLE Thread, CLIENT_ID *ClientId);

/* The creation flags the host serves: the console and window ones do not
 * apply to a child sharing our terminal, the priority classes and process
 * groups are ignored. */
#define SERVED_CREATION_FLAGS (CREATE_SUSPENDED | DETACHED_PROCESS | CREATE_NEW_CONSOLE |      \
    NORMAL_PRIORITY_CLASS |                                                                    \
    IDLE_PRIORITY_CLASS | HIGH_PRIORITY_CLASS | REALTIME_PRIORITY_CLASS |                      \
    BELOW_NORMAL_PRIORITY_CLASS | ABOVE_NORMAL_PRIORITY_CLASS | CREATE_NEW_PROCESS_GROUP |     \
    CREATE_UNICODE_ENVIRONMENT | CREATE_DEFAULT_ERROR_MODE | CREATE_NO_WINDOW)

#define PATH_CHARS (MAX_PATH * 2)

static BOOL is_sep(WCHAR c)
{
    return c == '\\' || c == '/';
}

static void init_us(UNICODE_STRING *us, const WCHAR *s)
{
    us->Buffer = (WCHAR *)s;
    us->Length = (USHORT)(wcslen(s) * sizeof(WCHAR));
    us->MaximumLength = us->Length + sizeof(WCHAR);
}

/* The full path of path into full when it names an existing file. */
static BOOL existing_file(const WCHAR *path, WCHAR *full)
{
    DWORD n = GetFullPathNameW(path, PATH_CHARS, full, NULL), attr;

    if (!n || n >= PATH_CHARS)
        return FALSE;
    attr = GetFileAttributesW(full);
    return attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY);
}

/* dir (len characters) + "\" + name, when that file exists. */
static BOOL try_dir(const WCHAR *dir, size_t len, const WCHAR *name, WCHAR *full)
{
    WCHAR buf[PATH_CHARS];
    size_t n = wcslen(name);

    if (!len || len + 1 + n >= PATH_CHARS)
        return FALSE;
    memcpy(buf, dir, len * sizeof(WCHAR));
    if (!is_sep(buf[len - 1]))
        buf[len++] = '\\';
    memcpy(buf + len, name, (n + 1) * sizeof(WCHAR));
    return existing_file(buf, full);
}

/* Each directory of a ';' list. */
static BOOL try_path_list(const WCHAR *list, const WCHAR *name, WCHAR *full)
{
    while (*list) {
        const WCHAR *end = list;

        while (*end && *end != ';')
            end++;
        if (try_dir(list, (size_t)(end - list), name, full))
            return TRUE;
        list = *end ? end + 1 : end;
    }
    return FALSE;
}

/* CreateProcess' search for a module named without a path: the exe's
 * directory, the current directory, the 32-bit system directory (System32,
 * which the host redirects to SysWOW64), the Windows directory, PATH. The
 * 16-bit system directory no longer exists on 64-bit Windows. */
static BOOL search_module(const WCHAR *name, WCHAR *full)
{
    WCHAR dir[PATH_CHARS], *path;
    DWORD n;
    BOOL found = FALSE;

    for (const WCHAR *p = name; *p; p++)
        if (is_sep(*p) || *p == ':')
            return existing_file(name, full);
    n = GetModuleFileNameW(NULL, dir, PATH_CHARS);
    while (n && n < PATH_CHARS && !is_sep(dir[n - 1]))
        n--;
    if (n && n < PATH_CHARS && try_dir(dir, n, name, full))
        return TRUE;
    n = GetCurrentDirectoryW(PATH_CHARS, dir);
    if (n && n < PATH_CHARS && try_dir(dir, n, name, full))
        return TRUE;
    n = GetSystemDirectoryW(dir, PATH_CHARS);
    if (n && n < PATH_CHARS && try_dir(dir, n, name, full))
        return TRUE;
    n = GetWindowsDirectoryW(dir, PATH_CHARS);
    if (n && n < PATH_CHARS && try_dir(dir, n, name, full))
        return TRUE;
    if ((n = GetEnvironmentVariableW(L"PATH", NULL, 0)) && (path = k32_alloc(n * sizeof(WCHAR)))) {
        if (GetEnvironmentVariableW(L"PATH", path, n) < n)
            found = try_path_list(path, name, full);
        k32_free(path);
    }
    return found;
}

/* The module a command line names: its first token, quoted or up to the
 * first blank, with ".exe" appended when the name has no extension.
 * (Windows also retries an unquoted name with spaces at each blank,
 * "C:\Program Files\x.exe": not done.) A heap string. */
static WCHAR *module_name(const WCHAR *cmd)
{
    const WCHAR *p = cmd, *start;
    WCHAR *name;
    size_t n;
    BOOL ext = FALSE;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '"') {
        start = ++p;
        while (*p && *p != '"')
            p++;
    } else {
        start = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    n = (size_t)(p - start);
    if (!(name = k32_alloc((n + 5) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    memcpy(name, start, n * sizeof(WCHAR));
    name[n] = 0;
    for (size_t i = n; i > 0 && !is_sep(name[i - 1]); i--)
        if (name[i - 1] == '.')
            ext = TRUE;
    if (!ext)
        memcpy(name + n, L".exe", 5 * sizeof(WCHAR));
    return name;
}

/* An ANSI environment block (double-NUL terminated) as UTF-16. */
static WCHAR *wide_environment(const char *env)
{
    size_t n = 0;
    WCHAR *w;

    while (env[n] || env[n + 1])
        n++;
    n += 2;
    if (!(w = k32_alloc(n * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    RtlMultiByteToUnicodeN(w, n * sizeof(WCHAR), NULL, env, n);
    return w;
}

/* A 32-bit program as a new process (a new wow64run on the host). The
 * child gets the std handles (STARTF_USESTDHANDLES, else ours) and, with
 * bInheritHandles, our inheritable file handles under the same values. */
BOOL WINAPI CreateProcessW(LPCWSTR app, LPWSTR cmdline, LPSECURITY_ATTRIBUTES psa,
                           LPSECURITY_ATTRIBUTES tsa, BOOL inherit, DWORD flags, LPVOID env,
                           LPCWSTR dir, LPSTARTUPINFOW si, LPPROCESS_INFORMATION pi)
{
    WCHAR image[PATH_CHARS], curdir[PATH_CHARS], *name, *envw = NULL;
    UNICODE_STRING image_us, cmd_us, dir_us;
    ULONG std[4]; /* Wow64CreateProcess: the std handles, then bInheritHandles */
    HANDLE process = NULL, thread = NULL;
    CLIENT_ID cid = { 0, 0 };
    NTSTATUS status;
    DWORD n;
    BOOL found;

    if (!pi || (!app && !cmdline)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (flags & ~SERVED_CREATION_FLAGS) {
        K32_NOT_IMPLEMENTED("CreateProcessW: creation flags %08lx are not supported\n",
                            flags & ~SERVED_CREATION_FLAGS);
        return FALSE;
    }
    /* lpApplicationName is used as given (no search, no extension added);
     * the host tells a missing file from a missing directory. */
    if (app) {
        n = GetFullPathNameW(app, PATH_CHARS, image, NULL);
        found = n && n < PATH_CHARS;
    } else {
        if (!(name = module_name(cmdline)))
            return FALSE;
        found = search_module(name, image);
        k32_free(name);
    }
    if (!found) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    /* Our current directory, not the host's: SetCurrentDirectory keeps it
     * in the process parameters. */
    n = dir ? GetFullPathNameW(dir, PATH_CHARS, curdir, NULL) : GetCurrentDirectoryW(PATH_CHARS, curdir);
    if (!n || n >= PATH_CHARS) {
        SetLastError(ERROR_DIRECTORY);
        return FALSE;
    }
    if (env && !(flags & CREATE_UNICODE_ENVIRONMENT) && !(envw = wide_environment(env)))
        return FALSE;
    if (si && (si->dwFlags & STARTF_USESTDHANDLES)) {
        std[0] = (ULONG)(ULONG_PTR)si->hStdInput;
        std[1] = (ULONG)(ULONG_PTR)si->hStdOutput;
        std[2] = (ULONG)(ULONG_PTR)si->hStdError;
    } else {
        std[0] = (ULONG)(ULONG_PTR)GetStdHandle(STD_INPUT_HANDLE);
        std[1] = (ULONG)(ULONG_PTR)GetStdHandle(STD_OUTPUT_HANDLE);
        std[2] = (ULONG)(ULONG_PTR)GetStdHandle(STD_ERROR_HANDLE);
    }
    std[3] = inherit != FALSE;
    init_us(&image_us, image);
    init_us(&cmd_us, cmdline ? cmdline : app);
    init_us(&dir_us, curdir);
    status = Wow64CreateProcess(&image_us, &cmd_us, &dir_us, envw ? envw : env,
                                flags | (envw ? CREATE_UNICODE_ENVIRONMENT : 0), std, &process,
                                &thread, &cid);
    k32_free(envw);
    if (!NT_SUCCESS(status))
        return k32_status(status);
    pi->hProcess = process;
    pi->hThread = thread;
    pi->dwProcessId = (DWORD)(ULONG_PTR)cid.UniqueProcess;
    pi->dwThreadId = (DWORD)(ULONG_PTR)cid.UniqueThread;
    return TRUE;
}

BOOL WINAPI CreateProcessA(LPCSTR app, LPSTR cmdline, LPSECURITY_ATTRIBUTES psa,
                           LPSECURITY_ATTRIBUTES tsa, BOOL inherit, DWORD flags, LPVOID env,
                           LPCSTR dir, LPSTARTUPINFOA si, LPPROCESS_INFORMATION pi)
{
    WCHAR *appw = NULL, *cmdw = NULL, *dirw = NULL;
    STARTUPINFOW siw;
    BOOL ret = FALSE;

    if ((app && !(appw = k32_ansi_to_wide(app))) || (cmdline && !(cmdw = k32_ansi_to_wide(cmdline))) ||
        (dir && !(dirw = k32_ansi_to_wide(dir))))
        goto out;
    if (si) {
        /* The fields CreateProcessW looks at; the strings are unused. */
        memset(&siw, 0, sizeof siw);
        siw.cb = sizeof siw;
        siw.dwFlags = si->dwFlags;
        siw.wShowWindow = si->wShowWindow;
        siw.hStdInput = si->hStdInput;
        siw.hStdOutput = si->hStdOutput;
        siw.hStdError = si->hStdError;
    }
    /* An ANSI environment stays ANSI: CreateProcessW converts it. */
    ret = CreateProcessW(appw, cmdw, psa, tsa, inherit, flags, env, dirw, si ? &siw : NULL, pi);
out:
    k32_free(appw);
    k32_free(cmdw);
    k32_free(dirw);
    return ret;
}

BOOL WINAPI IsDebuggerPresent(void)
{
    return nt_peb()->BeingDebugged;
}

void WINAPI OutputDebugStringA(LPCSTR text)
{
    if (text)
        k32_log(WOW64_LOG_TRACE, "OutputDebugString: %s", text);
}

void WINAPI OutputDebugStringW(LPCWSTR text)
{
    if (text)
        k32_log(WOW64_LOG_TRACE, "OutputDebugString: %ls", text);
}

BOOL WINAPI IsWow64Process(HANDLE h, PBOOL wow64)
{
    ULONG_PTR peb32 = 0;
    NTSTATUS status;

    if (!wow64) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* We are the 32-bit side of WOW64 ourselves. */
    if (h == GetCurrentProcess()) {
        *wow64 = TRUE;
        return TRUE;
    }
    status = NtQueryInformationProcess(h, ProcessWow64Information, &peb32, sizeof(peb32), NULL);
    if (status)
        return k32_status(status);
    *wow64 = peb32 != 0;
    return TRUE;
}

BOOL WINAPI IsWow64Process2(HANDLE h, USHORT *process_machine, USHORT *native_machine)
{
    BOOL wow64 = FALSE;

    if (!process_machine) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!IsWow64Process(h, &wow64))
        return FALSE;
    *process_machine = wow64 ? IMAGE_FILE_MACHINE_I386 : IMAGE_FILE_MACHINE_UNKNOWN;
    if (native_machine)
        *native_machine = IMAGE_FILE_MACHINE_AMD64;
    return TRUE;
}

/* No error dialogs are ever shown, so the mode only needs remembering. */
UINT WINAPI SetErrorMode(UINT mode)
{
    return __atomic_exchange_n(&error_mode, mode, __ATOMIC_SEQ_CST);
}

UINT WINAPI GetErrorMode(void)
{
    return error_mode;
}

/* EncodePointer & co.: XOR with a per-process cookie, then rotate, so that
 * stored function pointers are not plain addresses. The cookie is made
 * once from the clock and the counters. */
static ULONG cookie(void)
{
    if (!pointer_cookie) {
        LARGE_INTEGER now, counter;
        ULONG c;

        NtQuerySystemTime(&now);
        RtlQueryPerformanceCounter(&counter);
        c = now.u.LowPart ^ now.u.HighPart ^ counter.u.LowPart ^ GetCurrentProcessId() << 16;
        __sync_bool_compare_and_swap(&pointer_cookie, 0, c ? c : 0x5a5a5a5a);
    }
    return pointer_cookie;
}

static ULONG rotr(ULONG v, unsigned n)
{
    n &= 31;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

PVOID WINAPI EncodePointer(PVOID p)
{
    ULONG c = cookie();

    return (PVOID)rotr((ULONG)(ULONG_PTR)p ^ c, c);
}

PVOID WINAPI DecodePointer(PVOID p)
{
    ULONG c = cookie();

    return (PVOID)(rotr((ULONG)(ULONG_PTR)p, 32 - (c & 31)) ^ c);
}

PVOID WINAPI EncodeSystemPointer(PVOID p)
{
    return EncodePointer(p);
}

PVOID WINAPI DecodeSystemPointer(PVOID p)
{
    return DecodePointer(p);
}
