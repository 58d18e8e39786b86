/* A small in-memory Win32 for host tests of our msvcrt's guest files: the
 * kernel32 functions of src/guest/msvcrt/win32.h over mock handles. Disk
 * files live in memory by name; console and pipe handles record every
 * WriteFile call, so tests can see what reached the handle and when;
 * ExitProcess jumps back to the test. */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static void *host_malloc(size_t n) { return malloc(n); }
static void *host_realloc(void *p, size_t n) { return realloc(p, n); }
static void host_free(void *p) { free(p); }
static int host_strcmp(const char *a, const char *b) { return strcmp(a, b); }

#include "test_crt_win32.h"

struct mock_file {
    char name[260];
    char *data;
    size_t len;
    int exists;
};

struct mock_handle {
    int used, type, delete_on_close;
    struct mock_file *file;
    long long pos;
    struct mock_stream *stream;
};

static struct mock_file files[32];
static struct mock_handle handles[64];
struct mock_stream mock_std[3];
jmp_buf mock_exit_jmp;
int mock_exit_code;
char mock_log[4096];
const char *mock_cmdline = "prog";
const char *mock_env = "=C:=C:\\test\0PATH=C:\\bin\0Home=C:\\home\0";
static DWORD last_error;
static void *tls[64];
static DWORD ntls;

static HANDLE to_handle(int i)
{
    return (HANDLE)(uintptr_t)(i * 4 + 0x100);
}

static struct mock_handle *from_handle(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;

    if (v < 0x100 || (v - 0x100) % 4 || (v - 0x100) / 4 >= 64 || !handles[(v - 0x100) / 4].used)
        return NULL;
    return &handles[(v - 0x100) / 4];
}

static int new_handle(void)
{
    int i;

    for (i = 3; i < 64; i++) {
        if (!handles[i].used) {
            memset(&handles[i], 0, sizeof(handles[i]));
            handles[i].used = 1;
            return i;
        }
    }
    return -1;
}

void mock_reset_std(int which, int type, const char *input, size_t len)
{
    struct mock_stream *s = &mock_std[which];

    host_free(s->out);
    memset(s, 0, sizeof(*s));
    s->input = input;
    s->input_len = len;
    handles[which].used = 1;
    handles[which].type = type;
    handles[which].stream = s;
}

void mock_clear_output(int which)
{
    mock_std[which].len = 0;
    mock_std[which].writes = 0;
    if (mock_std[which].out)
        mock_std[which].out[0] = 0;
}

static struct mock_file *find_file(const char *name)
{
    int i;

    for (i = 0; i < 32; i++)
        if (files[i].exists && !host_strcmp(files[i].name, name))
            return &files[i];
    return NULL;
}

struct mock_file *mock_file_put(const char *name, const char *data, size_t len)
{
    struct mock_file *f = find_file(name);
    int i;

    for (i = 0; !f && i < 32; i++)
        if (!files[i].exists)
            f = &files[i];
    strncpy(f->name, name, sizeof(f->name) - 1);
    host_free(f->data);
    f->data = host_malloc(len + 1);
    memcpy(f->data, data, len);
    f->len = len;
    f->exists = 1;
    return f;
}

const char *mock_file_get(const char *name, size_t *len)
{
    struct mock_file *f = find_file(name);

    if (!f)
        return NULL;
    *len = f->len;
    return f->data;
}

HANDLE GetStdHandle(DWORD which)
{
    int i = which == STD_INPUT_HANDLE ? 0 : which == STD_OUTPUT_HANDLE ? 1 : 2;

    return handles[i].used ? to_handle(i) : INVALID_HANDLE_VALUE;
}

BOOL WriteFile(HANDLE h, const void *buf, DWORD n, DWORD *done, void *ovl)
{
    struct mock_handle *m = from_handle(h);

    if (!m) {
        last_error = ERROR_INVALID_HANDLE;
        return 0;
    }
    if (m->stream) {
        struct mock_stream *s = m->stream;
        s->out = host_realloc(s->out, s->len + n + 1);
        memcpy(s->out + s->len, buf, n);
        s->len += n;
        s->out[s->len] = 0;
        s->writes++;
    } else {
        struct mock_file *f = m->file;
        if ((size_t)m->pos + n > f->len) {
            f->data = host_realloc(f->data, (size_t)m->pos + n + 1);
            if ((size_t)m->pos > f->len)
                memset(f->data + f->len, 0, (size_t)m->pos - f->len);
            f->len = (size_t)m->pos + n;
        }
        memcpy(f->data + m->pos, buf, n);
        m->pos += n;
    }
    *done = n;
    return 1;
}

BOOL ReadFile(HANDLE h, void *buf, DWORD n, DWORD *done, void *ovl)
{
    struct mock_handle *m = from_handle(h);
    size_t avail;

    if (!m) {
        last_error = ERROR_INVALID_HANDLE;
        return 0;
    }
    if (m->stream) {
        struct mock_stream *s = m->stream;
        /* A console read returns at most one line, like ReadFile on CONIN$. */
        avail = s->input_len - s->input_pos;
        if (m->type == FILE_TYPE_CHAR) {
            const char *nl = memchr(s->input + s->input_pos, '\n', avail);
            if (nl)
                avail = (size_t)(nl - (s->input + s->input_pos)) + 1;
        }
        if (avail > n)
            avail = n;
        memcpy(buf, s->input + s->input_pos, avail);
        s->input_pos += avail;
    } else {
        struct mock_file *f = m->file;
        avail = (size_t)m->pos < f->len ? f->len - (size_t)m->pos : 0;
        if (avail > n)
            avail = n;
        memcpy(buf, f->data + m->pos, avail);
        m->pos += (long long)avail;
    }
    *done = (DWORD)avail;
    return 1;
}

BOOL CloseHandle(HANDLE h)
{
    struct mock_handle *m = from_handle(h);

    if (!m) {
        last_error = ERROR_INVALID_HANDLE;
        return 0;
    }
    if (m->delete_on_close && m->file)
        m->file->exists = 0;
    m->used = 0;
    return 1;
}

HANDLE CreateFileA(const char *name, DWORD access, DWORD share, void *sa, DWORD disp,
                   DWORD flags, HANDLE tmpl)
{
    struct mock_file *f = find_file(name);
    int i;

    switch (disp) {
    case CREATE_NEW:
        if (f) {
            last_error = 80;
            return INVALID_HANDLE_VALUE;
        }
        f = mock_file_put(name, "", 0);
        break;
    case CREATE_ALWAYS:
        f = mock_file_put(name, "", 0);
        break;
    case OPEN_ALWAYS:
        if (!f)
            f = mock_file_put(name, "", 0);
        break;
    case TRUNCATE_EXISTING:
        if (!f) {
            last_error = ERROR_FILE_NOT_FOUND;
            return INVALID_HANDLE_VALUE;
        }
        f->len = 0;
        break;
    default:
        if (!f) {
            last_error = ERROR_FILE_NOT_FOUND;
            return INVALID_HANDLE_VALUE;
        }
    }
    i = new_handle();
    handles[i].type = FILE_TYPE_DISK;
    handles[i].file = f;
    handles[i].delete_on_close = (flags & FILE_FLAG_DELETE_ON_CLOSE) != 0;
    return to_handle(i);
}

HANDLE CreateFileW(const WCHAR *name, DWORD access, DWORD share, void *sa, DWORD disp,
                   DWORD flags, HANDLE tmpl)
{
    char a[260];
    int i;

    for (i = 0; name[i] && i < 259; i++)
        a[i] = (char)name[i];
    a[i] = 0;
    return CreateFileA(a, access, share, sa, disp, flags, tmpl);
}

BOOL SetFilePointerEx(HANDLE h, LARGE_INTEGER dist, LARGE_INTEGER *pos, DWORD method)
{
    struct mock_handle *m = from_handle(h);
    long long base;

    if (!m || m->stream) {
        last_error = m ? 1 : ERROR_INVALID_HANDLE;
        return 0;
    }
    base = method == FILE_BEGIN ? 0 : method == FILE_CURRENT ? m->pos : (long long)m->file->len;
    if (base + dist.QuadPart < 0) {
        last_error = ERROR_NEGATIVE_SEEK;
        return 0;
    }
    m->pos = base + dist.QuadPart;
    if (pos)
        pos->QuadPart = m->pos;
    return 1;
}

DWORD SetFilePointer(HANDLE h, LONG dist, LONG *high, DWORD method)
{
    LARGE_INTEGER d, p;

    d.QuadPart = dist;
    return SetFilePointerEx(h, d, &p, method) ? (DWORD)p.QuadPart : INVALID_SET_FILE_POINTER;
}

BOOL GetFileSizeEx(HANDLE h, LARGE_INTEGER *size)
{
    struct mock_handle *m = from_handle(h);

    if (!m || !m->file)
        return 0;
    size->QuadPart = (long long)m->file->len;
    return 1;
}

DWORD GetFileSize(HANDLE h, DWORD *high)
{
    LARGE_INTEGER s;

    return GetFileSizeEx(h, &s) ? (DWORD)s.QuadPart : (DWORD)-1;
}

/* The mock files keep no times: all zero, as for a fresh FILETIME. */
BOOL GetFileTime(HANDLE h, FILETIME *created, FILETIME *accessed, FILETIME *written)
{
    FILETIME zero = { 0, 0 };

    if (!from_handle(h))
        return 0;
    if (created)
        *created = zero;
    if (accessed)
        *accessed = zero;
    if (written)
        *written = zero;
    return 1;
}

DWORD GetFileType(HANDLE h)
{
    struct mock_handle *m = from_handle(h);

    return m ? (DWORD)m->type : FILE_TYPE_UNKNOWN;
}

BOOL FlushFileBuffers(HANDLE h) { return from_handle(h) != NULL; }

BOOL SetEndOfFile(HANDLE h)
{
    struct mock_handle *m = from_handle(h);

    if (!m || !m->file)
        return 0;
    m->file->len = (size_t)m->pos;
    return 1;
}

BOOL DeleteFileA(const char *name)
{
    struct mock_file *f = find_file(name);

    if (!f) {
        last_error = ERROR_FILE_NOT_FOUND;
        return 0;
    }
    f->exists = 0;
    return 1;
}

char *GetCommandLineA(void) { return (char *)mock_cmdline; }

WCHAR *GetCommandLineW(void)
{
    static WCHAR w[512];
    int i;

    for (i = 0; mock_cmdline[i] && i < 511; i++)
        w[i] = (unsigned char)mock_cmdline[i];
    w[i] = 0;
    return w;
}

char *GetEnvironmentStringsA(void) { return (char *)mock_env; }

WCHAR *GetEnvironmentStringsW(void)
{
    static WCHAR w[1024];
    int i;

    for (i = 0; i < 1023 && (mock_env[i] || mock_env[i + 1]); i++)
        w[i] = (unsigned char)mock_env[i];
    w[i] = w[i + 1] = 0;
    return w;
}

BOOL FreeEnvironmentStringsA(char *env) { return 1; }
BOOL FreeEnvironmentStringsW(WCHAR *env) { return 1; }
DWORD GetEnvironmentVariableA(const char *n, char *b, DWORD s) { return 0; }
DWORD GetEnvironmentVariableW(const WCHAR *n, WCHAR *b, DWORD s) { return 0; }

char mock_setenv_last[256];

BOOL SetEnvironmentVariableA(const char *name, const char *value)
{
    strncpy(mock_setenv_last, name, 100);
    strcat(mock_setenv_last, "=");
    if (value)
        strncat(mock_setenv_last, value, 100);
    else
        strcat(mock_setenv_last, "(deleted)");
    return 1;
}

BOOL SetEnvironmentVariableW(const WCHAR *name, const WCHAR *value) { return 1; }

void ExitProcess(UINT code)
{
    mock_exit_code = (int)code;
    longjmp(mock_exit_jmp, 1);
}

BOOL TerminateProcess(HANDLE p, UINT code) { ExitProcess(code); }
HANDLE GetCurrentProcess(void) { return (HANDLE)-1; }
DWORD GetCurrentProcessId(void) { return 0x42; }
DWORD GetCurrentThreadId(void) { return 0x43; }
HMODULE GetModuleHandleA(const char *n) { return NULL; }
HMODULE GetModuleHandleW(const WCHAR *n) { return NULL; }

DWORD GetModuleFileNameA(HMODULE mod, char *buf, DWORD size)
{
    strncpy(buf, "C:\\test\\prog.exe", size);
    return 16;
}

DWORD GetModuleFileNameW(HMODULE mod, WCHAR *buf, DWORD size)
{
    const char *s = "C:\\test\\prog.exe";
    DWORD i;

    for (i = 0; s[i] && i + 1 < size; i++)
        buf[i] = (unsigned char)s[i];
    buf[i] = 0;
    return i;
}

void *GetProcAddress(HMODULE mod, const char *name) { return NULL; }
DWORD GetLastError(void) { return last_error; }
void SetLastError(DWORD err) { last_error = err; }
HANDLE GetProcessHeap(void) { return (HANDLE)1; }

void *HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size)
{
    size_t *p = host_malloc(size + 16);

    if (!p)
        return NULL;
    p[0] = size;
    if (flags & HEAP_ZERO_MEMORY)
        memset(p + 2, 0, size);
    return p + 2;
}

BOOL HeapFree(HANDLE heap, DWORD flags, void *p)
{
    if (p)
        host_free((size_t *)p - 2);
    return 1;
}

void *HeapReAlloc(HANDLE heap, DWORD flags, void *p, SIZE_T size)
{
    size_t *q;

    if (flags & HEAP_REALLOC_IN_PLACE_ONLY)
        return size <= ((size_t *)p)[-2] ? p : NULL;
    q = host_realloc((size_t *)p - 2, size + 16);
    if (!q)
        return NULL;
    q[0] = size;
    return q + 2;
}

SIZE_T HeapSize(HANDLE heap, DWORD flags, const void *p)
{
    return ((const size_t *)p)[-2];
}

int MultiByteToWideChar(UINT cp, DWORD flags, const char *mb, int mblen, WCHAR *wc, int wclen)
{
    int i, n = mblen < 0 ? (int)strlen(mb) + 1 : mblen;

    if (!wclen)
        return n;
    for (i = 0; i < n && i < wclen; i++)
        wc[i] = (unsigned char)mb[i];
    return i;
}

int WideCharToMultiByte(UINT cp, DWORD flags, const WCHAR *wc, int wclen, char *mb, int mblen,
                        const char *defchar, BOOL *used_default)
{
    int i, n = wclen;

    if (n < 0)
        for (n = 0; wc[n++];)
            ;
    if (!mblen)
        return n;
    for (i = 0; i < n && i < mblen; i++)
        mb[i] = wc[i] < 256 ? (char)wc[i] : '?';
    return i;
}

UINT GetACP(void) { return 1252; }

BOOL GetCPInfo(UINT cp, CPINFO *info)
{
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = 1;
    return 1;
}

BOOL IsDBCSLeadByteEx(UINT cp, BYTE c) { return 0; }
void InitializeCriticalSection(CRITICAL_SECTION *cs) { memset(cs, 0, sizeof(*cs)); }
void EnterCriticalSection(CRITICAL_SECTION *cs) { cs->RecursionCount++; }
void LeaveCriticalSection(CRITICAL_SECTION *cs) { cs->RecursionCount--; }
void DeleteCriticalSection(CRITICAL_SECTION *cs) { }
DWORD TlsAlloc(void) { return ntls < 64 ? ntls++ : TLS_OUT_OF_INDEXES; }
void *TlsGetValue(DWORD i) { last_error = 0; return tls[i]; }
BOOL TlsSetValue(DWORD i, void *v) { tls[i] = v; return 1; }
BOOL TlsFree(DWORD i) { return 1; }

/* 2001-09-09 01:46:40 UTC, time_t 1000000000. */
void GetSystemTimeAsFileTime(FILETIME *ft)
{
    unsigned long long v = 116444736000000000ULL + 1000000000ULL * 10000000ULL;

    ft->dwLowDateTime = (DWORD)(v & 0xffffffff);
    ft->dwHighDateTime = (DWORD)(v >> 32);
}

DWORD GetTickCount(void) { return 1000; }

BOOL QueryPerformanceCounter(LARGE_INTEGER *c)
{
    static long long t;

    c->QuadPart = (t += 1000);
    return 1;
}

BOOL QueryPerformanceFrequency(LARGE_INTEGER *f)
{
    f->QuadPart = 1000000;
    return 1;
}

void Sleep(DWORD ms) { }

void GetStartupInfoA(STARTUPINFOA *si)
{
    memset(si, 0, sizeof(*si));
    si->cb = sizeof(*si);
}

/* The mock's time zone is UTC. */
DWORD GetTimeZoneInformation(TIME_ZONE_INFORMATION *tzi)
{
    memset(tzi, 0, sizeof *tzi);
    return 0;
}

BOOL SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *tz, const SYSTEMTIME *utc,
                                     SYSTEMTIME *local)
{
    (void)tz;
    *local = *utc;
    return 1;
}

BOOL TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION *tz, const SYSTEMTIME *local,
                                     SYSTEMTIME *utc)
{
    (void)tz;
    *utc = *local;
    return 1;
}

/* No console events on the host: registration only. */
BOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE handler, BOOL add)
{
    (void)handler;
    (void)add;
    return 1;
}

LPTOP_LEVEL_EXCEPTION_FILTER SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER f)
{
    return NULL;
}

void RaiseException(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR *args)
{
    ExitProcess(code);
}

BOOL GetConsoleMode(HANDLE h, DWORD *mode)
{
    struct mock_handle *m = from_handle(h);

    *mode = 3;
    return m && m->type == FILE_TYPE_CHAR;
}

BOOL WriteConsoleW(HANDLE h, const WCHAR *buf, DWORD n, DWORD *done, void *res)
{
    char a[512];
    DWORD i;

    for (i = 0; i < n && i < sizeof(a); i++)
        a[i] = buf[i] < 256 ? (char)buf[i] : '?';
    return WriteFile(h, a, i, done, NULL);
}

DWORD GetFullPathNameA(const char *name, DWORD size, char *buf, char **file)
{
    size_t n = strlen(name) + 8;

    if (n >= size)
        return (DWORD)n + 1;
    strcpy(buf, "C:\\test\\");
    strcat(buf, name);
    return (DWORD)n;
}

DWORD GetFullPathNameW(const WCHAR *name, DWORD size, WCHAR *buf, WCHAR **file) { return 0; }

DWORD GetCurrentDirectoryA(DWORD size, char *buf)
{
    strncpy(buf, "C:\\test", size);
    return 7;
}

DWORD GetCurrentDirectoryW(DWORD size, WCHAR *buf)
{
    const char *s = "C:\\test";
    int i;

    for (i = 0; s[i]; i++)
        buf[i] = (unsigned char)s[i];
    buf[i] = 0;
    return 7;
}

BOOL IsProcessorFeaturePresent(DWORD f) { return 1; }

NTSTATUS Wow64LogMessage(ULONG level, const char *msg)
{
    if (strlen(mock_log) + strlen(msg) < sizeof(mock_log))
        strcat(mock_log, msg);
    return 0;
}
