/* FILE streams: the _iob table and the streams beyond it, their locks and
 * buffers, opening, closing, flushing, seeking.
 *
 * Buffering follows msvcrt's protocol, which MinGW's getc/putc macros rely
 * on: _cnt counts the bytes left to read or room left to write, and
 * _filbuf/_flsbuf run when it is exhausted. A buffer of 4096 bytes is
 * allocated on first use, except for stdout and stderr on a character
 * device (console), which stay unbuffered; printf and friends give them a
 * temporary buffer for the length of one call (_stbuf/_ftbuf) and flush it
 * before returning. So stdout and stderr going to a file or pipe are fully
 * buffered (stderr too, as in msvcrt) and reach the handle when the buffer
 * fills, on fflush, or at exit. Text translation happens below, in _write
 * and _read. */
#include "crtio.h"

FILE _iob[CRT_IOB_ENTRIES];
int _fmode;
int _commode;

/* Streams past _iob live in these blocks, with their lock. */
struct crt_xfile {
    FILE f;
    CRITICAL_SECTION lock;
};

static FILE *streams[CRT_MAX_STREAMS];
static int nstreams;    /* slots ever used */
static char std_bufs[2][CRT_INTERNAL_BUFSIZ];

#define inuse(f) ((f)->_flag & (_IOREAD | _IOWRT | _IORW))
#define anybuf(f) ((f)->_flag & (_IOMYBUF | _IONBF | _IOYOURBUF))
#define bigbuf(f) ((f)->_flag & (_IOMYBUF | _IOYOURBUF))

void crt_stdio_init(void)
{
    int i;

    for (i = 0; i < CRT_IOB_ENTRIES; i++)
        streams[i] = &_iob[i];
    nstreams = CRT_IOB_ENTRIES;
    for (i = 0; i < 3; i++) {
        _iob[i]._file = i;
        _iob[i]._flag = i ? _IOWRT : _IOREAD;
    }
}

FILE *__cdecl __iob_func(void)
{
    return _iob;
}

static int is_iob(FILE *f)
{
    return f >= _iob && f < _iob + CRT_IOB_ENTRIES;
}

void crt_lock_file(FILE *f)
{
    if (is_iob(f))
        _lock(CRT_LOCK_STREAMS + (int)(f - _iob));
    else if (!(f->_flag & _IOSTRG))
        EnterCriticalSection(&((struct crt_xfile *)f)->lock);
}

void crt_unlock_file(FILE *f)
{
    if (is_iob(f))
        _unlock(CRT_LOCK_STREAMS + (int)(f - _iob));
    else if (!(f->_flag & _IOSTRG))
        LeaveCriticalSection(&((struct crt_xfile *)f)->lock);
}

void __cdecl _lock_file(FILE *f)
{
    crt_lock_file(f);
}

void __cdecl _unlock_file(FILE *f)
{
    crt_unlock_file(f);
}

/* A free stream slot, returned locked with _flag still 0. */
FILE *crt_stream_alloc(void)
{
    FILE *f = NULL;
    int i;

    _lock(CRT_LOCK_IOB_SCAN);
    for (i = 3; i < nstreams; i++) {
        if (!inuse(streams[i])) {
            f = streams[i];
            break;
        }
    }
    if (!f && nstreams < CRT_MAX_STREAMS) {
        struct crt_xfile *x = crt_alloc(sizeof(*x));
        if (x) {
            memset(x, 0, sizeof(*x));
            InitializeCriticalSection(&x->lock);
            streams[nstreams++] = &x->f;
            f = &x->f;
        }
    }
    if (f) {
        crt_lock_file(f);
        f->_ptr = f->_base = NULL;
        f->_cnt = 0;
        f->_bufsiz = 0;
        f->_tmpfname = NULL;
        f->_file = -1;
    } else {
        crt_errno = CRT_EMFILE;
    }
    _unlock(CRT_LOCK_IOB_SCAN);
    return f;
}

void crt_getbuf(FILE *f)
{
    f->_base = crt_alloc(CRT_INTERNAL_BUFSIZ);
    if (f->_base) {
        f->_flag |= _IOMYBUF;
        f->_bufsiz = CRT_INTERNAL_BUFSIZ;
    } else {
        f->_flag |= _IONBF;
        f->_base = (char *)&f->_charbuf;
        f->_bufsiz = 2;
    }
    f->_ptr = f->_base;
    f->_cnt = 0;
}

static void freebuf(FILE *f)
{
    if ((f->_flag & _IOREAD) || (f->_flag & _IOWRT) || (f->_flag & _IORW)) {
        if (f->_flag & _IOMYBUF)
            crt_free(f->_base);
        f->_flag &= ~(_IOMYBUF | _IOSETVBUF);
        f->_base = f->_ptr = NULL;
        f->_cnt = 0;
    }
}

/* Writes out pending output; a read buffer is dropped. */
int crt_flush_lk(FILE *f)
{
    int rc = 0, n;

    if ((f->_flag & (_IOREAD | _IOWRT)) == _IOWRT && bigbuf(f) &&
        (n = (int)(f->_ptr - f->_base)) > 0) {
        if (_write(f->_file, f->_base, (unsigned int)n) == n) {
            if (f->_flag & _IORW)
                f->_flag &= ~_IOWRT;
        } else {
            f->_flag |= _IOERR;
            rc = CRT_EOF;
        }
    }
    f->_ptr = f->_base;
    f->_cnt = 0;
    return rc;
}

static int fflush_lk(FILE *f)
{
    if (crt_flush_lk(f))
        return CRT_EOF;
    if (f->_flag & _IOCOMMIT)
        return _commit(f->_file) ? CRT_EOF : 0;
    return 0;
}

/* Flushes every stream; with all_streams, read streams too (which drops
 * their buffers). Returns the number of streams in use, or EOF. */
static int flush_all(int all_streams)
{
    int i, count = 0, err = 0;

    _lock(CRT_LOCK_IOB_SCAN);
    for (i = 0; i < nstreams; i++) {
        FILE *f = streams[i];
        if (!inuse(f))
            continue;
        crt_lock_file(f);
        if (inuse(f)) {
            if (all_streams) {
                if (fflush_lk(f) != CRT_EOF)
                    count++;
            } else if (f->_flag & _IOWRT) {
                if (fflush_lk(f) == CRT_EOF)
                    err = CRT_EOF;
            }
        }
        crt_unlock_file(f);
    }
    _unlock(CRT_LOCK_IOB_SCAN);
    return all_streams ? count : err;
}

void crt_flushall_streams(void)
{
    flush_all(0);
}

int __cdecl fflush(FILE *f)
{
    int r;

    if (!f)
        return flush_all(0);
    crt_lock_file(f);
    r = fflush_lk(f);
    crt_unlock_file(f);
    return r;
}

int __cdecl _flushall(void)
{
    return flush_all(1);
}

int crt_filbuf_lk(FILE *f)
{
    if (!inuse(f) || (f->_flag & _IOSTRG))
        return CRT_EOF;
    if (f->_flag & _IOWRT) {
        f->_flag |= _IOERR;
        return CRT_EOF;
    }
    f->_flag |= _IOREAD;
    if (!anybuf(f))
        crt_getbuf(f);
    else
        f->_ptr = f->_base;
    f->_cnt = _read(f->_file, f->_base, (unsigned int)f->_bufsiz);
    if (f->_cnt <= 0) {
        f->_flag |= f->_cnt ? _IOERR : _IOEOF;
        f->_cnt = 0;
        return CRT_EOF;
    }
    f->_cnt--;
    return (unsigned char)*f->_ptr++;
}

int crt_flsbuf_lk(int ch, FILE *f)
{
    int flag = f->_flag, n = 0, written = 0;
    char c = (char)ch;

    if (!(flag & (_IOWRT | _IORW)) || (flag & _IOSTRG)) {
        f->_flag |= _IOERR;
        return CRT_EOF;
    }
    if (flag & _IOREAD) {
        f->_cnt = 0;
        if (!(flag & _IOEOF)) {
            f->_flag |= _IOERR;
            return CRT_EOF;
        }
        f->_ptr = f->_base;
        f->_flag &= ~_IOREAD;
    }
    f->_flag |= _IOWRT;
    f->_flag &= ~_IOEOF;
    if (!anybuf(f) && !((f == crt_stdout || f == crt_stderr) && _isatty(f->_file)))
        crt_getbuf(f);
    if (bigbuf(f)) {
        n = (int)(f->_ptr - f->_base);
        f->_ptr = f->_base + 1;
        f->_cnt = f->_bufsiz - 1;
        if (n > 0)
            written = _write(f->_file, f->_base, (unsigned int)n);
        *f->_base = c;
    } else {
        n = 1;
        written = _write(f->_file, &c, 1);
    }
    if (written != n) {
        f->_flag |= _IOERR;
        return CRT_EOF;
    }
    return (unsigned char)c;
}

int __cdecl _filbuf(FILE *f)
{
    return crt_filbuf_lk(f);
}

int __cdecl _flsbuf(int ch, FILE *f)
{
    return crt_flsbuf_lk(ch, f);
}

/* Gives an unbuffered console stdout/stderr a buffer for one call. */
int crt_stbuf(FILE *f)
{
    int idx;

    if (f == crt_stdout)
        idx = 0;
    else if (f == crt_stderr)
        idx = 1;
    else
        return 0;
    if (!_isatty(f->_file) || anybuf(f))
        return 0;
    f->_ptr = f->_base = std_bufs[idx];
    f->_cnt = f->_bufsiz = CRT_INTERNAL_BUFSIZ;
    f->_flag |= _IOWRT | _IOYOURBUF | _IOFLRTN;
    return 1;
}

void crt_ftbuf(int flag, FILE *f)
{
    if (flag && (f->_flag & _IOFLRTN)) {
        crt_flush_lk(f);
        f->_flag &= ~(_IOYOURBUF | _IOFLRTN);
        f->_bufsiz = 0;
        f->_base = f->_ptr = NULL;
    }
}

/* Parses an fopen mode into _open flags and stream flags; -1 if invalid. */
int crt_parse_mode(const char *mode, int *oflag, int *sflag)
{
    int plus = 0, tb = 0, commit = 0, seqrnd = 0, temp = 0, shortl = 0;

    while (*mode == ' ')
        mode++;
    switch (*mode++) {
    case 'r':
        *oflag = _O_RDONLY;
        *sflag = _IOREAD;
        break;
    case 'w':
        *oflag = _O_WRONLY | _O_CREAT | _O_TRUNC;
        *sflag = _IOWRT;
        break;
    case 'a':
        *oflag = _O_WRONLY | _O_CREAT | _O_APPEND;
        *sflag = _IOWRT;
        break;
    default:
        crt_errno = CRT_EINVAL;
        return -1;
    }
    *sflag |= _commode;
    for (; *mode; mode++) {
        switch (*mode) {
        case '+':
            if (plus++)
                goto bad;
            *oflag = (*oflag & ~(_O_RDONLY | _O_WRONLY)) | _O_RDWR;
            *sflag = (*sflag & ~(_IOREAD | _IOWRT)) | _IORW;
            break;
        case 'b':
            if (tb++)
                goto bad;
            *oflag |= _O_BINARY;
            break;
        case 't':
            if (tb++)
                goto bad;
            *oflag |= _O_TEXT;
            break;
        case 'c':
            if (commit++)
                goto bad;
            *sflag |= _IOCOMMIT;
            break;
        case 'n':
            if (commit++)
                goto bad;
            *sflag &= ~_IOCOMMIT;
            break;
        case 'S':
        case 'R':
            if (seqrnd++)
                goto bad;
            *oflag |= *mode == 'S' ? _O_SEQUENTIAL : _O_RANDOM;
            break;
        case 'T':
            if (shortl++)
                goto bad;
            *oflag |= _O_SHORT_LIVED;
            break;
        case 'D':
            if (temp++)
                goto bad;
            *oflag |= _O_TEMPORARY;
            break;
        case 'N':
            *oflag |= _O_NOINHERIT;
            break;
        case ' ':
            break;
        case ',':
            CRT_FIXME("fopen(ccs=)");
            goto bad;
        default:
            goto bad;
        }
    }
    return 0;
bad:
    crt_errno = CRT_EINVAL;
    return -1;
}

int __cdecl _sopen(const char *path, int oflag, int shflag, ...);
int __cdecl _wsopen(const crt_wchar *path, int oflag, int shflag, ...);

static FILE *open_into(FILE *f, const void *path, int wide, const char *mode, int shflag)
{
    int oflag, sflag, fd;

    if (crt_parse_mode(mode, &oflag, &sflag) < 0)
        return NULL;
    if (wide)
        fd = _wsopen(path, oflag, shflag, 0x180);
    else
        fd = _sopen(path, oflag, shflag, 0x180);
    if (fd < 0)
        return NULL;
    f->_flag = sflag;
    f->_cnt = 0;
    f->_base = f->_ptr = NULL;
    f->_tmpfname = NULL;
    f->_file = fd;
    return f;
}

static FILE *open_stream(const void *path, int wide, const char *mode, int shflag)
{
    FILE *f, *r;

    if (!path || !mode || !*mode) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    f = crt_stream_alloc();
    if (!f)
        return NULL;
    r = open_into(f, path, wide, mode, shflag);
    crt_unlock_file(f);
    return r;
}

FILE *__cdecl fopen(const char *path, const char *mode)
{
    return open_stream(path, 0, mode, 0x40);
}

FILE *__cdecl _fsopen(const char *path, const char *mode, int shflag)
{
    return open_stream(path, 0, mode, shflag);
}

/* The wide mode string is ASCII; convert it for the parser. */
static int narrow_mode(const crt_wchar *wmode, char *mode, size_t n)
{
    size_t i;

    if (!wmode)
        return -1;
    for (i = 0; i + 1 < n && wmode[i]; i++)
        mode[i] = wmode[i] < 0x80 ? (char)wmode[i] : '?';
    mode[i] = 0;
    return 0;
}

FILE *__cdecl _wfopen(const crt_wchar *path, const crt_wchar *wmode)
{
    char mode[32];

    if (narrow_mode(wmode, mode, sizeof(mode)) < 0) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    return open_stream(path, 1, mode, 0x40);
}

FILE *__cdecl _wfsopen(const crt_wchar *path, const crt_wchar *wmode, int shflag)
{
    char mode[32];

    if (narrow_mode(wmode, mode, sizeof(mode)) < 0) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    return open_stream(path, 1, mode, shflag);
}

int __cdecl fopen_s(FILE **out, const char *path, const char *mode)
{
    if (!out)
        return CRT_EINVAL;
    *out = fopen(path, mode);
    return *out ? 0 : crt_errno;
}

int __cdecl _wfopen_s(FILE **out, const crt_wchar *path, const crt_wchar *mode)
{
    if (!out)
        return CRT_EINVAL;
    *out = _wfopen(path, mode);
    return *out ? 0 : crt_errno;
}

static int fclose_lk(FILE *f)
{
    int r = CRT_EOF;

    if (inuse(f)) {
        r = crt_flush_lk(f);
        freebuf(f);
        if (_close(f->_file) < 0)
            r = CRT_EOF;
        if (f->_tmpfname) {
            _unlink(f->_tmpfname);
            crt_free(f->_tmpfname);
            f->_tmpfname = NULL;
        }
    }
    f->_flag = 0;
    return r;
}

int __cdecl fclose(FILE *f)
{
    int r;

    if (!f) {
        crt_errno = CRT_EINVAL;
        return CRT_EOF;
    }
    if (f->_flag & _IOSTRG) {
        f->_flag = 0;
        return CRT_EOF;
    }
    crt_lock_file(f);
    r = fclose_lk(f);
    crt_unlock_file(f);
    return r;
}

int __cdecl _fcloseall(void)
{
    int i, count = 0;

    _lock(CRT_LOCK_IOB_SCAN);
    for (i = 3; i < nstreams; i++) {
        FILE *f = streams[i];
        if (inuse(f)) {
            crt_lock_file(f);
            if (fclose_lk(f) != CRT_EOF)
                count++;
            crt_unlock_file(f);
        }
    }
    _unlock(CRT_LOCK_IOB_SCAN);
    return count;
}

/* _rmtmp: closes (and so deletes) every open stream tmpfile() made;
 * returns how many it closed. */
int __cdecl _rmtmp(void)
{
    int i, count = 0;

    _lock(CRT_LOCK_IOB_SCAN);
    for (i = 0; i < nstreams; i++) {
        FILE *f = streams[i];
        if (!inuse(f) || !f->_tmpfname)
            continue;
        crt_lock_file(f);
        if (inuse(f) && f->_tmpfname && fclose_lk(f) != CRT_EOF)
            count++;
        crt_unlock_file(f);
    }
    _unlock(CRT_LOCK_IOB_SCAN);
    return count;
}

FILE *__cdecl freopen(const char *path, const char *mode, FILE *f)
{
    FILE *r;

    if (!f || !path || !mode) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    crt_lock_file(f);
    if (inuse(f))
        fclose_lk(f);
    r = open_into(f, path, 0, mode, 0x40);
    crt_unlock_file(f);
    return r;
}

FILE *__cdecl _wfreopen(const crt_wchar *path, const crt_wchar *wmode, FILE *f)
{
    char mode[32];
    FILE *r;

    if (!f || !path || narrow_mode(wmode, mode, sizeof(mode)) < 0) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    crt_lock_file(f);
    if (inuse(f))
        fclose_lk(f);
    r = open_into(f, path, 1, mode, 0x40);
    crt_unlock_file(f);
    return r;
}

FILE *__cdecl _fdopen(int fd, const char *mode)
{
    int oflag, sflag;
    FILE *f;

    if (!crt_fd_get(fd) || !mode || crt_parse_mode(mode, &oflag, &sflag) < 0)
        return NULL;
    f = crt_stream_alloc();
    if (!f)
        return NULL;
    f->_flag = sflag;
    f->_file = fd;
    crt_unlock_file(f);
    return f;
}

FILE *__cdecl _wfdopen(int fd, const crt_wchar *wmode)
{
    char mode[32];

    if (narrow_mode(wmode, mode, sizeof(mode)) < 0) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    return _fdopen(fd, mode);
}

int __cdecl _fileno(FILE *f)
{
    return f->_file;
}

int __cdecl feof(FILE *f)
{
    return f->_flag & _IOEOF;
}

int __cdecl ferror(FILE *f)
{
    return f->_flag & _IOERR;
}

void __cdecl clearerr(FILE *f)
{
    crt_lock_file(f);
    f->_flag &= ~(_IOERR | _IOEOF);
    crt_unlock_file(f);
}

int __cdecl setvbuf(FILE *f, char *buf, int mode, size_t size)
{
    if ((mode != _IONBF && mode != _IOFBF && mode != _IOLBF) ||
        (mode != _IONBF && (size < 2 || size > 0x7fffffff))) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    crt_lock_file(f);
    crt_flush_lk(f);
    freebuf(f);
    f->_flag &= ~(_IOMYBUF | _IOYOURBUF | _IONBF | _IOSETVBUF | _IOFLRTN);
    if (mode == _IONBF) {
        f->_flag |= _IONBF;
        f->_base = (char *)&f->_charbuf;
        f->_bufsiz = 2;
    } else {
        size &= ~(size_t)1;     /* msvcrt keeps an even size */
        if (!buf) {
            buf = crt_alloc(size);
            if (!buf) {
                crt_unlock_file(f);
                return -1;
            }
            f->_flag |= _IOMYBUF | _IOSETVBUF;
        } else {
            f->_flag |= _IOYOURBUF | _IOSETVBUF;
        }
        f->_base = buf;
        f->_bufsiz = (int)size;
    }
    f->_ptr = f->_base;
    f->_cnt = 0;
    crt_unlock_file(f);
    return 0;
}

void __cdecl setbuf(FILE *f, char *buf)
{
    if (buf)
        setvbuf(f, buf, _IOFBF, CRT_BUFSIZ);
    else
        setvbuf(f, NULL, _IONBF, 0);
}

static crt_int64 ftell_lk(FILE *f)
{
    crt_int64 pos;
    const char *p;
    int text;
    struct crt_fd *fdp = crt_fd_get(f->_file);

    if (!fdp)
        return -1;
    if (f->_cnt < 0)
        f->_cnt = 0;
    pos = _lseeki64(f->_file, 0, 1);
    if (pos < 0)
        return -1;
    if (!bigbuf(f))
        return pos - f->_cnt;
    text = (fdp->flags & FD_TEXT) != 0;
    if (f->_flag & _IOWRT) {
        pos += f->_ptr - f->_base;
        if (text)
            for (p = f->_base; p < f->_ptr; p++)
                pos += *p == '\n';
    } else if (f->_flag & _IOREAD) {
        /* Bytes still buffered, with the CR each LF lost in text mode. */
        pos -= f->_cnt;
        if (text)
            for (p = f->_ptr; p < f->_ptr + f->_cnt; p++)
                pos -= *p == '\n';
    }
    return pos;
}

crt_int64 __cdecl _ftelli64(FILE *f)
{
    crt_int64 r;

    crt_lock_file(f);
    r = ftell_lk(f);
    crt_unlock_file(f);
    return r;
}

crt_long __cdecl ftell(FILE *f)
{
    crt_int64 r = _ftelli64(f);

    if (r > 0x7fffffff) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    return (crt_long)r;
}

int __cdecl _fseeki64(FILE *f, crt_int64 off, int whence)
{
    int r;

    if (!inuse(f) || whence < 0 || whence > 2) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    crt_lock_file(f);
    f->_flag &= ~_IOEOF;
    if (whence == 1) {
        off += ftell_lk(f);
        whence = 0;
    }
    crt_flush_lk(f);
    if (f->_flag & _IORW)
        f->_flag &= ~(_IOWRT | _IOREAD);
    r = _lseeki64(f->_file, off, whence) < 0 ? -1 : 0;
    crt_unlock_file(f);
    return r;
}

int __cdecl fseek(FILE *f, crt_long off, int whence)
{
    return _fseeki64(f, off, whence);
}

void __cdecl rewind(FILE *f)
{
    _fseeki64(f, 0, 0);
    clearerr(f);
}

int __cdecl fgetpos(FILE *f, crt_int64 *pos)
{
    *pos = _ftelli64(f);
    return *pos < 0 ? -1 : 0;
}

int __cdecl fsetpos(FILE *f, const crt_int64 *pos)
{
    return _fseeki64(f, *pos, 0);
}

/* Unique names in base 32, as msvcrt forms them: "\s<pid>.<n>". */
static char *base32(unsigned int v, char *p)
{
    char tmp[8];
    int n = 0;

    do {
        tmp[n++] = "0123456789abcdefghijklmnopqrstuv"[v & 31];
        v >>= 5;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    *p = 0;
    return p;
}

static unsigned int tmp_counter;

static void make_tmpname(char *buf, char lead)
{
    char *p = buf;

    *p++ = '\\';
    *p++ = lead;
    p = base32(GetCurrentProcessId(), p);
    *p++ = '.';
    base32(++tmp_counter, p);
}

char *__cdecl tmpnam(char *buf)
{
    char *out = buf ? buf : crt_thread_data()->tmpnam;
    int tries;

    _lock(CRT_LOCK_TMPNAM);
    for (tries = 0; tries < 0x7fff; tries++) {
        make_tmpname(out, 's');
        if (_access(out, 0) < 0)
            break;
    }
    _unlock(CRT_LOCK_TMPNAM);
    return out;
}

FILE *__cdecl tmpfile(void)
{
    char name[24];
    int fd, tries;
    FILE *f;

    f = crt_stream_alloc();
    if (!f)
        return NULL;
    _lock(CRT_LOCK_TMPNAM);
    for (tries = 0; tries < 0x7fff; tries++) {
        make_tmpname(name, 't');
        fd = _sopen(name, _O_CREAT | _O_EXCL | _O_RDWR | _O_BINARY | _O_TEMPORARY, 0x40,
                    _S_IREAD | _S_IWRITE);
        if (fd >= 0 || crt_errno != CRT_EEXIST)
            break;
    }
    _unlock(CRT_LOCK_TMPNAM);
    if (fd < 0) {
        crt_unlock_file(f);
        return NULL;
    }
    f->_file = fd;
    f->_flag = _IORW;
    f->_tmpfname = _strdup(name);
    crt_unlock_file(f);
    return f;
}

int __cdecl _getmaxstdio(void)
{
    return CRT_MAX_STREAMS;
}

int __cdecl _setmaxstdio(int n)
{
    if (n < CRT_IOB_ENTRIES || n > CRT_MAX_STREAMS) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    return n;
}
