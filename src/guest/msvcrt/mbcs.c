/* Multibyte <-> wide conversion: mbtowc, wctomb, mbstowcs, wcstombs, mblen,
 * btowc, wctob, and the per-character helpers the formatters use.
 *
 * In the "C" locale msvcrt has no code page (lc_codepage 0): a byte is the
 * code point of the same value and wide characters above 255 do not convert
 * (EILSEQ). Other locales plug in their conversions through a crt_cpinfo's
 * ops, which locale.c supplies; nothing here calls Windows. The crt_*_l
 * functions take the code page of a locale object (ucrtbase's _l family),
 * the plain ones the current locale's. */
#include "crt.h"

unsigned int crt_codepage;
int crt_mb_cur_max = 1;
struct crt_cpinfo crt_cur_cp;

static int is_high(crt_wchar wc) { return wc >= 0xd800 && wc <= 0xdbff; }
static int is_low(crt_wchar wc) { return wc >= 0xdc00 && wc <= 0xdfff; }

/* One character of s (at most n bytes) to wc[0] (and wc[1] for a surrogate
 * pair); returns the bytes used, 0 for the terminator, -1 if it does not
 * convert. */
int crt_mbchar_l(const struct crt_cpinfo *cp, crt_wchar wc[2], const char *s, size_t n)
{
    wc[1] = 0;
    if (!n)
        return -1;
    if (cp->ops)
        return cp->ops->mbtowc(cp->cp, wc, s, n);
    wc[0] = (unsigned char)*s;
    return *s ? 1 : 0;
}

/* n (1 or 2) UTF-16 units to multibyte; returns the bytes stored or -1. */
int crt_wcchar_l(const struct crt_cpinfo *cp, char *mb, const crt_wchar *wc, int n)
{
    if (cp->ops)
        return cp->ops->wctomb(cp->cp, mb, wc, n);
    if (n != 1 || wc[0] > 0xff)
        return -1;
    *mb = (char)wc[0];
    return 1;
}

int crt_isleadbyte_l(const struct crt_cpinfo *cp, unsigned char c)
{
    return cp->ops && cp->ops->isleadbyte ? cp->ops->isleadbyte(cp->cp, c) : 0;
}

/* The formatters' helpers: one character of the current locale. A character
 * that needs two UTF-16 units does not fit one wchar_t. */
int crt_mbtowc_cp(crt_wchar *wc, const char *s, size_t n)
{
    crt_wchar w[2];
    int r = crt_mbchar_l(&crt_cur_cp, w, s, n);

    if (r < 0 || w[1])
        return -1;
    if (wc)
        *wc = w[0];
    return r;
}

int crt_wctomb_cp(char *mb, crt_wchar wc)
{
    return crt_wcchar_l(&crt_cur_cp, mb, &wc, 1);
}

int crt_isleadbyte_cp(unsigned char c)
{
    return crt_isleadbyte_l(&crt_cur_cp, c);
}

int crt_mbtowc_l(const struct crt_cpinfo *cp, crt_wchar *wc, const char *s, size_t n)
{
    crt_wchar w[2];
    int r;

    if (!s || !n)
        return 0;
    if (!*s) {
        if (wc)
            *wc = 0;
        return 0;
    }
    r = crt_mbchar_l(cp, w, s, n);
    if (r < 0 || w[1]) {
        crt_errno = CRT_EILSEQ;
        return -1;
    }
    if (wc)
        *wc = w[0];
    return r;
}

int crt_wctomb_l(const struct crt_cpinfo *cp, char *mb, crt_wchar wc)
{
    int r;

    if (!mb)
        return 0;
    r = crt_wcchar_l(cp, mb, &wc, 1);
    if (r < 0)
        crt_errno = CRT_EILSEQ;
    return r;
}

int crt_mblen_l(const struct crt_cpinfo *cp, const char *s, size_t n)
{
    crt_wchar w[2];

    if (!s || !*s || !n)
        return 0;
    if (crt_isleadbyte_l(cp, (unsigned char)*s))
        return n >= 2 && s[1] ? 2 : -1;
    if (!cp->ops)
        return 1;
    return crt_mbchar_l(cp, w, s, n);
}

size_t crt_mbstowcs_l(const struct crt_cpinfo *cp, crt_wchar *dst, const char *src, size_t n)
{
    size_t i = 0, out = 0;
    crt_wchar wc[2];
    int r;

    while (!dst || out < n) {
        if (!src[i]) {
            if (dst)
                dst[out] = 0;
            break;
        }
        /* A character is at most 4 bytes; the converter stops at the
         * terminator, so over-stating the length is harmless. */
        r = crt_mbchar_l(cp, wc, src + i, crt_isleadbyte_l(cp, (unsigned char)src[i]) ? 2 : 4);
        if (r <= 0) {
            crt_errno = CRT_EILSEQ;
            return (size_t)-1;
        }
        if (wc[1] && dst && out + 2 > n)
            break;
        if (dst) {
            dst[out] = wc[0];
            if (wc[1])
                dst[out + 1] = wc[1];
        }
        out += wc[1] ? 2 : 1;
        i += r;
    }
    return out;
}

size_t crt_wcstombs_l(const struct crt_cpinfo *cp, char *dst, const crt_wchar *src, size_t n)
{
    size_t i, out = 0;
    char mb[8];
    int r, k, units;

    for (i = 0; src[i]; i += units) {
        units = is_high(src[i]) && is_low(src[i + 1]) ? 2 : 1;
        r = crt_wcchar_l(cp, mb, src + i, units);
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

int __cdecl mbtowc(crt_wchar *wc, const char *s, size_t n)
{
    return crt_mbtowc_l(&crt_cur_cp, wc, s, n);
}

int __cdecl wctomb(char *mb, crt_wchar wc)
{
    return crt_wctomb_l(&crt_cur_cp, mb, wc);
}

int __cdecl mblen(const char *s, size_t n)
{
    return crt_mblen_l(&crt_cur_cp, s, n);
}

size_t __cdecl mbstowcs(crt_wchar *dst, const char *src, size_t n)
{
    return crt_mbstowcs_l(&crt_cur_cp, dst, src, n);
}

size_t __cdecl wcstombs(char *dst, const crt_wchar *src, size_t n)
{
    return crt_wcstombs_l(&crt_cur_cp, dst, src, n);
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

/* The number of multibyte characters in s, or -1 (EILSEQ) if one is
 * invalid in the current code page. */
size_t __cdecl _mbstrlen(const char *s)
{
    return crt_mbstowcs_l(&crt_cur_cp, NULL, s, 0);
}
