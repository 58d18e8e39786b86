/* errno and friends: the per-thread data block (errno, _doserrno, strtok's
 * position, rand's seed, the static buffers of asctime/strerror/_ecvt),
 * Win32 error -> errno mapping, and msvcrt's error messages. */
#include "crtio.h"

static DWORD tls_index = TLS_OUT_OF_INDEXES;
/* Used when a thread's block cannot be allocated, so _errno never fails. */
static struct crt_thread fallback = { .rand_seed = 1 };

void crt_thread_init(void)
{
    tls_index = TlsAlloc();
}

struct crt_thread *crt_thread_data(void)
{
    struct crt_thread *t;
    DWORD saved;

    if (tls_index == TLS_OUT_OF_INDEXES)
        return &fallback;
    /* TlsGetValue clears the last error; callers may be mid-way through
     * reporting one. */
    saved = GetLastError();
    t = TlsGetValue(tls_index);
    if (!t) {
        t = HeapAlloc(crt_heap, HEAP_ZERO_MEMORY, sizeof(*t));
        if (!t || !TlsSetValue(tls_index, t)) {
            if (t)
                HeapFree(crt_heap, 0, t);
            t = &fallback;
        } else {
            t->rand_seed = 1;
        }
    }
    SetLastError(saved);
    return t;
}

void crt_thread_detach(void)
{
    struct crt_thread *t;

    if (tls_index == TLS_OUT_OF_INDEXES)
        return;
    t = TlsGetValue(tls_index);
    if (t && t != &fallback) {
        TlsSetValue(tls_index, NULL);
        HeapFree(crt_heap, 0, t);
    }
}

int *__cdecl _errno(void)
{
    return &crt_thread_data()->err;
}

crt_ulong *__cdecl __doserrno(void)
{
    return &crt_thread_data()->doserr;
}

int __cdecl _get_errno(int *v)
{
    if (!v)
        return CRT_EINVAL;
    *v = crt_errno;
    return 0;
}

int __cdecl _set_errno(int v)
{
    crt_errno = v;
    return 0;
}

int __cdecl _get_doserrno(crt_ulong *v)
{
    if (!v)
        return CRT_EINVAL;
    *v = *__doserrno();
    return 0;
}

int __cdecl _set_doserrno(crt_ulong v)
{
    *__doserrno() = v;
    return 0;
}

/* Win32 error -> errno, the table of the Microsoft CRT's dosmap.c. */
static const struct { unsigned short win; unsigned char err; } errtab[] = {
    { 1, CRT_EINVAL }, { 2, CRT_ENOENT }, { 3, CRT_ENOENT }, { 4, CRT_EMFILE },
    { 5, CRT_EACCES }, { 6, CRT_EBADF }, { 7, CRT_ENOMEM }, { 8, CRT_ENOMEM },
    { 9, CRT_ENOMEM }, { 10, CRT_E2BIG }, { 11, CRT_ENOEXEC }, { 12, CRT_EINVAL },
    { 13, CRT_EINVAL }, { 15, CRT_ENOENT }, { 16, CRT_EACCES }, { 17, CRT_EXDEV },
    { 18, CRT_ENOENT }, { 33, CRT_EACCES }, { 53, CRT_ENOENT }, { 65, CRT_EACCES },
    { 67, CRT_ENOENT }, { 80, CRT_EEXIST }, { 82, CRT_EACCES }, { 83, CRT_EACCES },
    { 87, CRT_EINVAL }, { 89, CRT_EAGAIN }, { 108, CRT_EACCES }, { 109, CRT_EPIPE },
    { 112, CRT_ENOSPC }, { 114, CRT_EBADF }, { 128, CRT_ECHILD }, { 129, CRT_ECHILD },
    { 130, CRT_EBADF }, { 131, CRT_EINVAL }, { 132, CRT_EACCES }, { 145, CRT_ENOTEMPTY },
    { 158, CRT_EACCES }, { 161, CRT_ENOENT }, { 164, CRT_EAGAIN }, { 167, CRT_EACCES },
    { 183, CRT_EEXIST }, { 206, CRT_ENOENT }, { 215, CRT_EAGAIN }, { 1816, CRT_ENOMEM },
};

void crt_dosmaperr(DWORD err)
{
    size_t i;

    *__doserrno() = err;
    for (i = 0; i < sizeof(errtab) / sizeof(errtab[0]); i++) {
        if (errtab[i].win == err) {
            crt_errno = errtab[i].err;
            return;
        }
    }
    if (err >= 19 && err <= 36)             /* write-protect .. sharing buffer */
        crt_errno = CRT_EACCES;
    else if (err >= 188 && err <= 202)      /* bad exe formats */
        crt_errno = CRT_ENOEXEC;
    else
        crt_errno = CRT_EINVAL;
}

void __cdecl _dosmaperr(crt_ulong err)
{
    crt_dosmaperr(err);
}

/* _sys_errlist of msvcrt, 43 messages and "Unknown error" for the rest. */
const char *_sys_errlist[] = {
    "No error", "Operation not permitted", "No such file or directory",
    "No such process", "Interrupted function call", "Input/output error",
    "No such device or address", "Arg list too long", "Exec format error",
    "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
    "Not enough space", "Permission denied", "Bad address", "Unknown error",
    "Resource device", "File exists", "Improper link", "No such device",
    "Not a directory", "Is a directory", "Invalid argument",
    "Too many open files in system", "Too many open files",
    "Inappropriate I/O control operation", "Unknown error", "File too large",
    "No space left on device", "Invalid seek", "Read-only file system",
    "Too many links", "Broken pipe", "Domain error", "Result too large",
    "Unknown error", "Resource deadlock avoided", "Unknown error",
    "Filename too long", "No locks available", "Function not implemented",
    "Directory not empty", "Illegal byte sequence", "Unknown error",
};

int _sys_nerr = 43;
int crt_sys_nerr = 43;

const char *crt_strerror_msg(int err)
{
    if (err < 0 || err > crt_sys_nerr)
        err = crt_sys_nerr;
    return _sys_errlist[err];
}

char *__cdecl strerror(int err)
{
    char *buf = crt_thread_data()->strerror;

    strcpy(buf, crt_strerror_msg(err));
    return buf;
}

/* _strerror(s): "s: <message of errno>\n", or the message alone. */
char *__cdecl _strerror(const char *s)
{
    char *buf = crt_thread_data()->strerror;
    const char *msg = crt_strerror_msg(crt_errno);
    size_t n = 0;

    if (s && *s) {
        n = strnlen(s, 94 - 2 - strlen(msg) - 1);
        memcpy(buf, s, n);
        buf[n++] = ':';
        buf[n++] = ' ';
    }
    strcpy(buf + n, msg);
    strcat(buf, "\n");
    return buf;
}

crt_wchar *__cdecl _wcserror(int err)
{
    crt_wchar *buf = crt_thread_data()->wcserror;
    const char *msg = crt_strerror_msg(err);
    size_t i;

    for (i = 0; msg[i]; i++)
        buf[i] = (unsigned char)msg[i];
    buf[i] = 0;
    return buf;
}

int __cdecl strerror_s(char *buf, size_t n, int err)
{
    const char *msg = crt_strerror_msg(err);

    if (!buf || !n)
        return CRT_EINVAL;
    strncpy(buf, msg, n - 1);
    buf[n - 1] = 0;
    return 0;
}

/* perror writes straight to descriptor 2, past stderr's buffer, as
 * msvcrt does: "s: message\n", or the message alone. */
void __cdecl perror(const char *s)
{
    const char *msg = crt_strerror_msg(crt_errno);

    if (s && *s) {
        _write(2, s, (unsigned int)strlen(s));
        _write(2, ": ", 2);
    }
    _write(2, msg, (unsigned int)strlen(msg));
    _write(2, "\n", 1);
}

void __cdecl _wperror(const crt_wchar *s)
{
    char mb[512];
    size_t n = 0;

    if (s && *s) {
        n = wcstombs(mb, s, sizeof(mb) - 1);
        if (n == (size_t)-1)
            n = 0;
        mb[n] = 0;
    }
    mb[n] = 0;
    perror(n ? mb : NULL);
}

int *__cdecl __fpecode(void)
{
    return &crt_thread_data()->fpecode;
}
