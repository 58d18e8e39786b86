/* Private header of the guest-only part of our msvcrt: the FILE layout and
 * stream flags programs see, the descriptor table, locks, per-thread data,
 * the heap and FIXME logging. */
#ifndef MSVCRT_CRTIO_H
#define MSVCRT_CRTIO_H

#include "crtfuncs.h"
#include "win32.h"

/* msvcrt's FILE: programs index _iob and MinGW's getc/putc macros touch
 * _ptr, _cnt and call _filbuf/_flsbuf, so this layout is ABI. */
typedef struct crt_iobuf {
    char *_ptr;
    int _cnt;
    char *_base;
    int _flag;
    int _file;
    int _charbuf;
    int _bufsiz;
    char *_tmpfname;
} FILE;
_Static_assert(sizeof(FILE) == 32 || CRT_HOST, "msvcrt's 32-bit FILE is 32 bytes");

#define _IOREAD 0x0001
#define _IOWRT 0x0002
#define _IONBF 0x0004
#define _IOMYBUF 0x0008
#define _IOEOF 0x0010
#define _IOERR 0x0020
#define _IOSTRG 0x0040
#define _IORW 0x0080
#define _IOYOURBUF 0x0100
#define _IOSETVBUF 0x0400
#define _IOFLRTN 0x1000     /* temporary console buffer: flush and drop */
#define _IOCOMMIT 0x4000

#define _IOFBF 0x0000
#define _IOLBF 0x0040

#define CRT_BUFSIZ 512      /* BUFSIZ of the headers */
#define CRT_INTERNAL_BUFSIZ 4096
#define CRT_IOB_ENTRIES 20
#define CRT_MAX_STREAMS 512

extern FILE _iob[CRT_IOB_ENTRIES];
#define crt_stdin (&_iob[0])
#define crt_stdout (&_iob[1])
#define crt_stderr (&_iob[2])

/* _open flags (fcntl.h) and _setmode modes. */
#define _O_RDONLY 0x0000
#define _O_WRONLY 0x0001
#define _O_RDWR 0x0002
#define _O_APPEND 0x0008
#define _O_RANDOM 0x0010
#define _O_SEQUENTIAL 0x0020
#define _O_TEMPORARY 0x0040
#define _O_NOINHERIT 0x0080
#define _O_CREAT 0x0100
#define _O_TRUNC 0x0200
#define _O_EXCL 0x0400
#define _O_SHORT_LIVED 0x1000
#define _O_TEXT 0x4000
#define _O_BINARY 0x8000
#define _O_WTEXT 0x10000
#define _O_U16TEXT 0x20000
#define _O_U8TEXT 0x40000
#define _S_IREAD 0x0100
#define _S_IWRITE 0x0080

extern int _fmode;
extern int _commode;

/* io.c: the descriptor table. Flags of a descriptor: */
#define FD_OPEN 0x01
#define FD_EOF 0x02         /* Ctrl-Z seen reading a text file */
#define FD_CRLF 0x04        /* last read ended on CR (text mode) */
#define FD_PIPE 0x08
#define FD_NOINHERIT 0x10
#define FD_APPEND 0x20
#define FD_DEV 0x40         /* character device: console, NUL */
#define FD_TEXT 0x80
#define CRT_MAX_FD 2048

struct crt_fd {
    HANDLE handle;
    unsigned char flags;
    char pipech;            /* a byte read ahead on a pipe or device, or LF */
    unsigned char lock_init;
    CRITICAL_SECTION lock;
};
struct crt_fd *crt_fd_get(int fd);          /* open descriptor or NULL (EBADF) */
int crt_fd_new(HANDLE h, int flags);        /* lowest free descriptor or -1 */
int crt_fd_install(int fd, HANDLE h, int flags); /* fd := h (closing fd), or -1 */
void crt_io_init(void);
int crt_read_lk(int fd, void *buf, unsigned int n);
int crt_write_lk(int fd, const void *buf, unsigned int n);
crt_int64 crt_lseek_lk(int fd, crt_int64 off, int whence);
void crt_dosmaperr(DWORD err);

/* stdio.c / stream.c */
void crt_stdio_init(void);
void crt_flushall_streams(void);
void crt_lock_file(FILE *f);
void crt_unlock_file(FILE *f);
int crt_flush_lk(FILE *f);
int crt_filbuf_lk(FILE *f);
int crt_flsbuf_lk(int c, FILE *f);
void crt_getbuf(FILE *f);
int crt_stbuf(FILE *f);                     /* console temporary buffer */
void crt_ftbuf(int flag, FILE *f);
int crt_fputc_lk(int c, FILE *f);
int crt_fgetc_lk(FILE *f);
size_t crt_fwrite_lk(const void *p, size_t size, size_t n, FILE *f);
int crt_ungetc_lk(int c, FILE *f);
int crt_fputwc_lk(crt_wchar wc, FILE *f);
int crt_fgetwc_lk(FILE *f);
FILE *crt_stream_alloc(void);
void crt_stream_free(FILE *f);
int crt_parse_mode(const char *mode, int *open_flags, int *stream_flags);

/* heap.c */
extern HANDLE crt_heap;
void *crt_alloc(size_t n);
void crt_free(void *p);
void *__cdecl malloc(size_t n);
void __cdecl free(void *p);
void *__cdecl calloc(size_t n, size_t size);
void *__cdecl realloc(void *p, size_t n);
char *__cdecl _strdup(const char *s);
crt_wchar *__cdecl _wcsdup(const crt_wchar *s);

/* errno.c: per-thread state. */
struct crt_thread {
    int err;
    crt_ulong doserr;
    char *strtok_ctx;
    crt_wchar *wcstok_ctx;
    unsigned int rand_seed;
    struct crt_tm tm;
    char asctime[26];
    crt_wchar wasctime[26];
    char cvt[352];          /* _ecvt/_fcvt: 349 digits at most */
    char strerror[96];
    crt_wchar wcserror[96];
    char tmpnam[16];
    int fpecode;
};
struct crt_thread *crt_thread_data(void);
void crt_thread_init(void);
void crt_thread_detach(void);
const char *crt_strerror_msg(int err);
extern int crt_sys_nerr;

/* misc.c: msvcrt's numbered locks (_lock/_unlock), FIXME logging. */
#define CRT_LOCK_SIGNAL 0
#define CRT_LOCK_IOB_SCAN 1
#define CRT_LOCK_TMPNAM 2
#define CRT_LOCK_HEAP 4
#define CRT_LOCK_TIME 6
#define CRT_LOCK_ENV 7
#define CRT_LOCK_EXIT 8
#define CRT_LOCK_OSFHND 11
#define CRT_LOCK_SETLOCALE 12
#define CRT_LOCK_STREAMS 16             /* 16..35: _iob[0..19] */
#define CRT_TOTAL_LOCKS 36
void crt_locks_init(void);
void __cdecl _lock(int n);
void __cdecl _unlock(int n);
void crt_fixme(const char *func);
#define CRT_FIXME(name)                     \
    do {                                    \
        static int logged_;                 \
        if (!logged_) {                     \
            logged_ = 1;                    \
            crt_fixme(name);                \
        }                                   \
    } while (0)

/* exit.c */
extern int crt_app_type;
extern volatile int crt_exit_done;
void __cdecl _exit(int code) __attribute__((noreturn));
void __cdecl exit(int code) __attribute__((noreturn));
void __cdecl abort(void) __attribute__((noreturn));

/* args.c, environ.c, locale.c, signal.c, time.c */
void crt_args_init(void);
void crt_environ_init(void);
void crt_locale_init(void);
void crt_time_init(void);
void crt_fpu_init(void);
int __cdecl raise(int sig);
extern char *_acmdln;
extern crt_wchar *_wcmdln;

/* printf.c: a printf onto a stream with CRT_FMT_* options (crt.h). */
int crt_stream_format_opt(FILE *f, const void *fmt, int wide, unsigned options, va_list ap);
/* scanf.c: a scanf from a stream with CRT_SCAN_* options (crt.h). */
int crt_stream_scan_opt(FILE *f, const void *fmt, int wide, unsigned options, va_list ap);

/* Entry points of other files used across the guest part. */
crt_ulong *__cdecl __doserrno(void);
int *__cdecl __fpecode(void);
size_t __cdecl _msize(void *p);
int __cdecl _close(int fd);
int __cdecl _read(int fd, void *buf, unsigned int n);
crt_int64 __cdecl _lseeki64(int fd, crt_int64 off, int whence);
int __cdecl _commit(int fd);
int __cdecl _unlink(const char *path);
int __cdecl _access(const char *path, int mode);
int __cdecl _sopen(const char *path, int oflag, int shflag, ...);
int __cdecl _wsopen(const crt_wchar *path, int oflag, int shflag, ...);
char *__cdecl getenv(const char *name);
int __cdecl sprintf(char *buf, const char *fmt, ...);
int __cdecl _snprintf(char *buf, size_t count, const char *fmt, ...);
int __cdecl _set_new_mode(int mode);
int __cdecl fprintf(FILE *f, const char *fmt, ...);
int __cdecl fflush(FILE *f);
int __cdecl _write(int fd, const void *buf, unsigned int n);
int __cdecl _isatty(int fd);

/* The stdio and stdlib API itself (for the files that call one another's
 * exports, and the host tests). */
FILE *__cdecl fopen(const char *path, const char *mode);
int __cdecl fclose(FILE *f);
size_t __cdecl fread(void *p, size_t size, size_t n, FILE *f);
size_t __cdecl fwrite(const void *p, size_t size, size_t n, FILE *f);
int __cdecl fgetc(FILE *f);
int __cdecl fputc(int c, FILE *f);
int __cdecl ungetc(int c, FILE *f);
char *__cdecl fgets(char *s, int n, FILE *f);
int __cdecl fputs(const char *s, FILE *f);
int __cdecl puts(const char *s);
int __cdecl printf(const char *fmt, ...);
int __cdecl fwprintf(FILE *f, const crt_wchar *fmt, ...);
int __cdecl fscanf(FILE *f, const char *fmt, ...);
int __cdecl sscanf(const char *s, const char *fmt, ...);
int __cdecl fseek(FILE *f, crt_long off, int whence);
crt_long __cdecl ftell(FILE *f);
int __cdecl feof(FILE *f);
int __cdecl setvbuf(FILE *f, char *buf, int mode, size_t size);
int __cdecl _open(const char *path, int oflag, ...);
crt_long __cdecl _lseek(int fd, crt_long off, int whence);
int __cdecl _setmode(int fd, int mode);
int __cdecl _snprintf(char *buf, size_t count, const char *fmt, ...);
int __cdecl snprintf(char *buf, size_t count, const char *fmt, ...);
int __cdecl sprintf_s(char *buf, size_t size, const char *fmt, ...);
int __cdecl swprintf(crt_wchar *buf, const crt_wchar *fmt, ...);
int __cdecl _snwprintf(crt_wchar *buf, size_t count, const crt_wchar *fmt, ...);
int __cdecl _putenv(const char *s);
int __cdecl __getmainargs(int *argc, char ***argv, char ***envp, int dowildcard, void *si);
int __cdecl atexit(void(__cdecl *f)(void));
int __cdecl rand(void);
void __cdecl srand(unsigned int seed);
char *__cdecl strerror(int err);
void __cdecl perror(const char *s);
void __cdecl _assert(const char *expr, const char *file, unsigned int line);
typedef void(__cdecl *crt_sighandler)(int);
crt_sighandler __cdecl signal(int sig, crt_sighandler f);
void *__cdecl _aligned_malloc(size_t size, size_t align);
void __cdecl _aligned_free(void *p);
crt_time32 __cdecl time(crt_time32 *t);
struct crt_tm *__cdecl gmtime(const crt_time32 *t);
char *__cdecl asctime(const struct crt_tm *tm);
extern char **_environ, **__initenv;
extern int __argc;
extern char **__argv;

#endif
