/* Character and block I/O on streams: getc/putc and their variants,
 * ungetc, fgets/fputs/gets/puts, fread/fwrite, and the wide forms.
 *
 * Wide characters follow msvcrt.dll: on a binary stream a wchar_t is two
 * raw bytes; on a text stream it is converted to or from the multibyte
 * code page (in the "C" locale, one byte below 256; anything else fails
 * with EILSEQ). */
#include "crtio.h"

/* The block size fread/fwrite move directly: the buffer's, or msvcrt's
 * default for a stream without one yet. */
static size_t anybuf_size(FILE *f)
{
    return (f->_flag & (_IOMYBUF | _IONBF | _IOYOURBUF)) ? (size_t)f->_bufsiz : CRT_INTERNAL_BUFSIZ;
}

int crt_fgetc_lk(FILE *f)
{
    return --f->_cnt >= 0 ? (unsigned char)*f->_ptr++ : crt_filbuf_lk(f);
}

int crt_fputc_lk(int c, FILE *f)
{
    return --f->_cnt >= 0 ? (unsigned char)(*f->_ptr++ = (char)c) : crt_flsbuf_lk(c, f);
}

int __cdecl fgetc(FILE *f)
{
    int c;

    crt_lock_file(f);
    c = crt_fgetc_lk(f);
    crt_unlock_file(f);
    return c;
}

int __cdecl getc(FILE *f)
{
    return fgetc(f);
}

int __cdecl _fgetc_nolock(FILE *f)
{
    return crt_fgetc_lk(f);
}

int __cdecl _getc_nolock(FILE *f)
{
    return crt_fgetc_lk(f);
}

int __cdecl getchar(void)
{
    return fgetc(crt_stdin);
}

int __cdecl _fgetchar(void)
{
    return fgetc(crt_stdin);
}

int __cdecl fputc(int c, FILE *f)
{
    int r;

    crt_lock_file(f);
    r = crt_fputc_lk(c, f);
    crt_unlock_file(f);
    return r;
}

int __cdecl putc(int c, FILE *f)
{
    return fputc(c, f);
}

int __cdecl _fputc_nolock(int c, FILE *f)
{
    return crt_fputc_lk(c, f);
}

int __cdecl _putc_nolock(int c, FILE *f)
{
    return crt_fputc_lk(c, f);
}

int __cdecl putchar(int c)
{
    return fputc(c, crt_stdout);
}

int __cdecl _fputchar(int c)
{
    return fputc(c, crt_stdout);
}

int crt_ungetc_lk(int c, FILE *f)
{
    if (c == CRT_EOF)
        return CRT_EOF;
    if (!((f->_flag & _IOREAD) || ((f->_flag & _IORW) && !(f->_flag & _IOWRT))))
        return CRT_EOF;
    if (!f->_base)
        crt_getbuf(f);
    if (f->_ptr == f->_base) {
        if (f->_cnt)
            return CRT_EOF;
        f->_ptr++;
    }
    if (f->_flag & _IOSTRG) {
        if (*--f->_ptr != (char)c) {
            ++f->_ptr;
            return CRT_EOF;
        }
    } else {
        *--f->_ptr = (char)c;
    }
    f->_cnt++;
    f->_flag &= ~_IOEOF;
    f->_flag |= _IOREAD;
    return c & 0xff;
}

int __cdecl ungetc(int c, FILE *f)
{
    int r;

    crt_lock_file(f);
    r = crt_ungetc_lk(c, f);
    crt_unlock_file(f);
    return r;
}

int __cdecl _ungetc_nolock(int c, FILE *f)
{
    return crt_ungetc_lk(c, f);
}

/* fgets and gets; fgetws and _getws come from the same template below. */
#define GETS_T char
#define GETS_GETC crt_fgetc_lk
#define GETS_EOF CRT_EOF
#define GETS_FGETS fgets
#define GETS_GETS gets
#include "gets_impl.h"
#undef GETS_T
#undef GETS_GETC
#undef GETS_EOF
#undef GETS_FGETS
#undef GETS_GETS

size_t crt_fwrite_lk(const void *data, size_t size, size_t num, FILE *f)
{
    const char *p = data;
    size_t total, count, n, bufsize;
    int wrote;

    if (!size || !num)
        return 0;
    total = count = size * num;
    bufsize = anybuf_size(f);
    while (count) {
        if ((f->_flag & (_IOMYBUF | _IOYOURBUF)) && f->_cnt > 0) {
            n = count < (size_t)f->_cnt ? count : (size_t)f->_cnt;
            memcpy(f->_ptr, p, n);
            f->_cnt -= (int)n;
            f->_ptr += n;
            p += n;
            count -= n;
        } else if (count >= bufsize) {
            if ((f->_flag & (_IOMYBUF | _IOYOURBUF)) && crt_flush_lk(f))
                return (total - count) / size;
            n = bufsize ? count - count % bufsize : count;
            wrote = _write(f->_file, p, (unsigned int)n);
            if (wrote < 0) {
                f->_flag |= _IOERR;
                return (total - count) / size;
            }
            count -= (size_t)wrote;
            p += wrote;
            if ((size_t)wrote < n) {
                f->_flag |= _IOERR;
                return (total - count) / size;
            }
        } else {
            if (crt_flsbuf_lk((unsigned char)*p, f) == CRT_EOF)
                return (total - count) / size;
            p++;
            count--;
            bufsize = f->_bufsiz > 0 ? (size_t)f->_bufsiz : 1;
        }
    }
    return num;
}

size_t __cdecl fwrite(const void *p, size_t size, size_t num, FILE *f)
{
    size_t r;
    int tmp;

    crt_lock_file(f);
    tmp = crt_stbuf(f);
    r = crt_fwrite_lk(p, size, num, f);
    crt_ftbuf(tmp, f);
    crt_unlock_file(f);
    return r;
}

size_t __cdecl fread(void *data, size_t size, size_t num, FILE *f)
{
    char *p = data;
    size_t total, count, n, bufsize;
    int got, c;

    if (!size || !num)
        return 0;
    crt_lock_file(f);
    total = count = size * num;
    bufsize = anybuf_size(f);
    while (count) {
        if ((f->_flag & (_IOMYBUF | _IOYOURBUF | _IONBF)) && f->_cnt > 0) {
            n = count < (size_t)f->_cnt ? count : (size_t)f->_cnt;
            memcpy(p, f->_ptr, n);
            f->_cnt -= (int)n;
            f->_ptr += n;
            p += n;
            count -= n;
        } else if (count >= bufsize) {
            n = bufsize ? count - count % bufsize : count;
            got = _read(f->_file, p, (unsigned int)n);
            if (got <= 0) {
                f->_flag |= got ? _IOERR : _IOEOF;
                break;
            }
            count -= (size_t)got;
            p += got;
        } else {
            if ((c = crt_filbuf_lk(f)) == CRT_EOF)
                break;
            *p++ = (char)c;
            count--;
            bufsize = (size_t)f->_bufsiz;
        }
    }
    crt_unlock_file(f);
    return count ? (total - count) / size : num;
}

int __cdecl fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);
    int tmp, r;

    crt_lock_file(f);
    tmp = crt_stbuf(f);
    r = crt_fwrite_lk(s, 1, n, f) == n ? 0 : CRT_EOF;
    crt_ftbuf(tmp, f);
    crt_unlock_file(f);
    return r;
}

int __cdecl puts(const char *s)
{
    FILE *f = crt_stdout;
    size_t n = strlen(s);
    int tmp, r = 0;

    crt_lock_file(f);
    tmp = crt_stbuf(f);
    if (crt_fwrite_lk(s, 1, n, f) != n || crt_fputc_lk('\n', f) == CRT_EOF)
        r = CRT_EOF;
    crt_ftbuf(tmp, f);
    crt_unlock_file(f);
    return r;
}

int __cdecl _getw(FILE *f)
{
    int v, i, c;
    unsigned char *b = (unsigned char *)&v;

    crt_lock_file(f);
    for (i = 0; i < (int)sizeof(v); i++) {
        if ((c = crt_fgetc_lk(f)) == CRT_EOF) {
            crt_unlock_file(f);
            return CRT_EOF;
        }
        b[i] = (unsigned char)c;
    }
    crt_unlock_file(f);
    return v;
}

int __cdecl _putw(int v, FILE *f)
{
    int r = crt_fwrite_lk(&v, sizeof(v), 1, f) == 1 ? v : CRT_EOF;
    return r;
}

static int stream_is_text(FILE *f)
{
    struct crt_fd *fd = crt_fd_get(f->_file);

    return fd && (fd->flags & FD_TEXT);
}

int crt_fputwc_lk(crt_wchar wc, FILE *f)
{
    char mb[8];
    int n, i;

    if (!stream_is_text(f)) {
        if (crt_fputc_lk(wc & 0xff, f) == CRT_EOF || crt_fputc_lk(wc >> 8, f) == CRT_EOF)
            return CRT_WEOF;
        return wc;
    }
    n = crt_wctomb_cp(mb, wc);
    if (n < 0) {
        crt_errno = CRT_EILSEQ;
        return CRT_WEOF;
    }
    for (i = 0; i < n; i++)
        if (crt_fputc_lk((unsigned char)mb[i], f) == CRT_EOF)
            return CRT_WEOF;
    return wc;
}

int crt_fgetwc_lk(FILE *f)
{
    char mb[2];
    crt_wchar wc;
    int c, c2;

    if (!stream_is_text(f)) {
        if ((c = crt_fgetc_lk(f)) == CRT_EOF || (c2 = crt_fgetc_lk(f)) == CRT_EOF)
            return CRT_WEOF;
        return c | (c2 << 8);
    }
    if ((c = crt_fgetc_lk(f)) == CRT_EOF)
        return CRT_WEOF;
    mb[0] = (char)c;
    if (crt_isleadbyte_cp((unsigned char)c)) {
        if ((c2 = crt_fgetc_lk(f)) == CRT_EOF)
            return CRT_WEOF;
        mb[1] = (char)c2;
        if (crt_mbtowc_cp(&wc, mb, 2) < 0)
            return CRT_WEOF;
        return wc;
    }
    if (crt_mbtowc_cp(&wc, mb, 1) < 0) {
        crt_errno = CRT_EILSEQ;
        return CRT_WEOF;
    }
    return wc;
}

crt_wchar __cdecl fgetwc(FILE *f)
{
    int r;

    crt_lock_file(f);
    r = crt_fgetwc_lk(f);
    crt_unlock_file(f);
    return (crt_wchar)r;
}

crt_wchar __cdecl getwc(FILE *f)
{
    return fgetwc(f);
}

crt_wchar __cdecl getwchar(void)
{
    return fgetwc(crt_stdin);
}

crt_wchar __cdecl _fgetwchar(void)
{
    return fgetwc(crt_stdin);
}

crt_wchar __cdecl fputwc(crt_wchar wc, FILE *f)
{
    int r;

    crt_lock_file(f);
    r = crt_fputwc_lk(wc, f);
    crt_unlock_file(f);
    return (crt_wchar)r;
}

crt_wchar __cdecl putwc(crt_wchar wc, FILE *f)
{
    return fputwc(wc, f);
}

crt_wchar __cdecl putwchar(crt_wchar wc)
{
    return fputwc(wc, crt_stdout);
}

crt_wchar __cdecl _fputwchar(crt_wchar wc)
{
    return fputwc(wc, crt_stdout);
}

crt_wchar __cdecl ungetwc(crt_wchar wc, FILE *f)
{
    char mb[8];
    int n, i;

    if (wc == CRT_WEOF)
        return CRT_WEOF;
    crt_lock_file(f);
    if (!stream_is_text(f)) {
        mb[0] = (char)(wc & 0xff);
        mb[1] = (char)(wc >> 8);
        n = 2;
    } else {
        n = crt_wctomb_cp(mb, wc);
    }
    for (i = n - 1; i >= 0; i--) {
        if (n < 0 || crt_ungetc_lk((unsigned char)mb[i], f) == CRT_EOF) {
            crt_unlock_file(f);
            return CRT_WEOF;
        }
    }
    crt_unlock_file(f);
    return n < 0 ? CRT_WEOF : wc;
}

#define GETS_T crt_wchar
#define GETS_GETC crt_fgetwc_lk
#define GETS_EOF CRT_WEOF
#define GETS_FGETS fgetws
#define GETS_GETS _getws
#include "gets_impl.h"

int __cdecl fputws(const crt_wchar *s, FILE *f)
{
    int tmp, r = 0;

    crt_lock_file(f);
    tmp = crt_stbuf(f);
    for (; *s; s++) {
        if (crt_fputwc_lk(*s, f) == CRT_WEOF) {
            r = CRT_EOF;
            break;
        }
    }
    crt_ftbuf(tmp, f);
    crt_unlock_file(f);
    return r;
}

int __cdecl _putws(const crt_wchar *s)
{
    FILE *f = crt_stdout;
    int r;

    crt_lock_file(f);
    r = fputws(s, f);
    if (!r && crt_fputwc_lk('\n', f) == CRT_WEOF)
        r = CRT_EOF;
    crt_unlock_file(f);
    return r;
}
