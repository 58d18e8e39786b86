/* Multibyte <-> wide conversion: mbtowc, wctomb, mbstowcs, wcstombs, mblen,
 * btowc, wctob, and the per-character helpers the formatters use.
 *
 * In the "C" locale msvcrt has no code page (lc_codepage 0): a byte is the
 * code point of the same value and wide characters above 255 do not convert
 * (EILSEQ). Other locales plug in their conversions through crt_cp_ops,
 * which locale.c sets; nothing here calls Windows. */
#include "crt.h"

unsigned int crt_codepage;
int crt_mb_cur_max = 1;

/* Set by locale.c for a locale with a real code page; NULL in "C". */
struct crt_cp_ops {
    int (*mbtowc)(crt_wchar *wc, const char *s, size_t n);
    int (*wctomb)(char *mb, crt_wchar wc);
    int (*isleadbyte)(unsigned char c);
};
const struct crt_cp_ops *crt_cp_ops;

/* One character of s (at most n bytes) to *wc; returns the bytes used, 0 for
 * the terminator, -1 if it does not convert. */
int crt_mbtowc_cp(crt_wchar *wc, const char *s, size_t n)
{
    if (!n)
        return -1;
    if (crt_cp_ops)
        return crt_cp_ops->mbtowc(wc, s, n);
    if (wc)
        *wc = (unsigned char)*s;
    return *s ? 1 : 0;
}

/* One wide character to multibyte; returns the bytes stored or -1. */
int crt_wctomb_cp(char *mb, crt_wchar wc)
{
    if (crt_cp_ops)
        return crt_cp_ops->wctomb(mb, wc);
    if (wc > 0xff)
        return -1;
    *mb = (char)wc;
    return 1;
}

int crt_isleadbyte_cp(unsigned char c)
{
    return crt_cp_ops ? crt_cp_ops->isleadbyte(c) : 0;
}

int __cdecl mbtowc(crt_wchar *wc, const char *s, size_t n)
{
    crt_wchar tmp;
    int r;

    if (!s || !n)
        return 0;
    if (!*s) {
        if (wc)
            *wc = 0;
        return 0;
    }
    r = crt_mbtowc_cp(&tmp, s, n);
    if (r < 0) {
        crt_errno = CRT_EILSEQ;
        return -1;
    }
    if (wc)
        *wc = tmp;
    return r;
}

int __cdecl wctomb(char *mb, crt_wchar wc)
{
    int r;

    if (!mb)
        return 0;
    r = crt_wctomb_cp(mb, wc);
    if (r < 0)
        crt_errno = CRT_EILSEQ;
    return r;
}

int __cdecl mblen(const char *s, size_t n)
{
    if (!s || !*s || !n)
        return 0;
    if (crt_isleadbyte_cp((unsigned char)*s))
        return n >= 2 && s[1] ? 2 : -1;
    return 1;
}

size_t __cdecl mbstowcs(crt_wchar *dst, const char *src, size_t n)
{
    size_t i = 0, out = 0;
    crt_wchar wc;
    int r;

    while (!dst || out < n) {
        if (!src[i]) {
            if (dst)
                dst[out] = 0;
            break;
        }
        r = crt_mbtowc_cp(&wc, src + i, crt_isleadbyte_cp((unsigned char)src[i]) ? 2 : 1);
        if (r <= 0) {
            crt_errno = CRT_EILSEQ;
            return (size_t)-1;
        }
        if (dst)
            dst[out] = wc;
        out++;
        i += r;
    }
    return out;
}

size_t __cdecl wcstombs(char *dst, const crt_wchar *src, size_t n)
{
    size_t i, out = 0;
    char mb[8];
    int r, k;

    for (i = 0; src[i]; i++) {
        r = crt_wctomb_cp(mb, src[i]);
        if (r < 0) {
            crt_errno = CRT_EILSEQ;
            return (size_t)-1;
        }
        if (dst) {
            if (out + r > n)
                return out;
            for (k = 0; k < r; k++)
                dst[out + k] = mb[k];
        }
        out += r;
    }
    if (dst && out < n)
        dst[out] = 0;
    return out;
}

crt_wchar __cdecl btowc(int c)
{
    char b = (char)c;
    crt_wchar wc;

    if (c == CRT_EOF || crt_isleadbyte_cp((unsigned char)c))
        return CRT_WEOF;
    if (crt_mbtowc_cp(&wc, &b, 1) < 0)
        return CRT_WEOF;
    return wc;
}

int __cdecl wctob(crt_wchar wc)
{
    char mb[8];

    if (crt_wctomb_cp(mb, wc) != 1)
        return CRT_EOF;
    return (unsigned char)mb[0];
}
