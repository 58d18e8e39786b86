/* The restartable conversions: mbrtowc, mbrlen, wcrtomb, mbsrtowcs and
 * wcsrtombs, in the current locale's code page (mbcs.c).
 *
 * The conversion state is the first 4 bytes of the caller's mbstate_t (an
 * int in msvcrt's headers, the start of the UCRT's _Mbstatet): a UTF-8
 * character split across calls keeps its first bytes there, the count in
 * bits 24-25. Single-byte code pages never leave a partial character. A
 * UTF-8 character beyond the BMP does not fit one wchar_t: mbrtowc rejects
 * it (EILSEQ); mbsrtowcs stores its surrogate pair. */
#include "crt.h"

#define CP_UTF8_ 65001

/* The length of the character starting with lead, or 0 if lead starts none. */
static size_t char_len(const struct crt_cpinfo *cp, unsigned char lead)
{
    if (crt_isleadbyte_l(cp, lead))
        return 2;
    if (cp->cp != CP_UTF8_ || lead < 0x80)
        return 1;
    return lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
        : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

size_t __cdecl mbrtowc(crt_wchar *wc, const char *s, size_t n, int *ps)
{
    static int internal;
    const struct crt_cpinfo *cp = &crt_cur_cp;
    int *st = ps ? ps : &internal;
    unsigned int pend = ((unsigned int)*st >> 24) & 3;
    char buf[4];
    crt_wchar w[2];
    size_t need, take, i;
    int r;

    if (!s) {
        s = "";
        n = 1;
        wc = NULL;
    }
    if (!n)
        return (size_t)-2;
    for (i = 0; i < pend; i++)
        buf[i] = (char)(*st >> (8 * i));
    need = char_len(cp, (unsigned char)(pend ? buf[0] : s[0]));
    if (!need || need <= pend)
        goto invalid;
    take = need - pend < n ? need - pend : n;
    for (i = 0; i < take; i++)
        buf[pend + i] = s[i];
    if (pend + take < need) {
        unsigned int st_new = (unsigned int)(pend + take) << 24;

        /* A prefix of a UTF-8 character (or a DBCS lead byte alone). */
        for (i = 0; i < pend + take; i++) {
            if (i && cp->cp == CP_UTF8_ && ((unsigned char)buf[i] & 0xc0) != 0x80)
                goto invalid;
            st_new |= (unsigned int)(unsigned char)buf[i] << (8 * i);
        }
        *st = (int)st_new;
        return (size_t)-2;
    }
    r = crt_mbchar_l(cp, w, buf, need);
    if (r < 0 || w[1])
        goto invalid;
    *st = 0;
    if (wc)
        *wc = w[0];
    return w[0] ? take : 0;
invalid:
    *st = 0;
    crt_errno = CRT_EILSEQ;
    return (size_t)-1;
}

size_t __cdecl mbrlen(const char *s, size_t n, int *ps)
{
    static int internal;

    return mbrtowc(NULL, s, n, ps ? ps : &internal);
}

size_t __cdecl wcrtomb(char *s, crt_wchar wc, int *ps)
{
    int r;

    if (ps)
        *ps = 0;
    if (!s)
        return 1;
    r = crt_wcchar_l(&crt_cur_cp, s, &wc, 1);
    if (r < 0) {
        crt_errno = CRT_EILSEQ;
        return (size_t)-1;
    }
    return (size_t)r;
}

size_t __cdecl mbsrtowcs(crt_wchar *dst, const char **src, size_t len, int *ps)
{
    const struct crt_cpinfo *cp = &crt_cur_cp;
    const char *p = *src;
    size_t out = 0;
    crt_wchar w[2];
    int r;

    if (ps)
        *ps = 0;
    while (!dst || out < len) {
        r = crt_mbchar_l(cp, w, p, 4);
        if (r < 0) {
            if (dst)
                *src = p;
            crt_errno = CRT_EILSEQ;
            return (size_t)-1;
        }
        if (!r) {
            if (dst) {
                dst[out] = 0;
                *src = NULL;
            }
            return out;
        }
        if (dst && out + (w[1] ? 2 : 1) > len)
            break;
        if (dst) {
            dst[out] = w[0];
            if (w[1])
                dst[out + 1] = w[1];
        }
        out += w[1] ? 2 : 1;
        p += r;
    }
    *src = p;
    return out;
}

size_t __cdecl wcsrtombs(char *dst, const crt_wchar **src, size_t len, int *ps)
{
    const struct crt_cpinfo *cp = &crt_cur_cp;
    const crt_wchar *p = *src;
    size_t out = 0;
    char mb[8];
    int r, k, units;

    if (ps)
        *ps = 0;
    for (;;) {
        units = p[0] >= 0xd800 && p[0] <= 0xdbff && p[1] >= 0xdc00 && p[1] <= 0xdfff ? 2 : 1;
        r = crt_wcchar_l(cp, mb, p, units);
        if (r < 0) {
            if (dst)
                *src = p;
            crt_errno = CRT_EILSEQ;
            return (size_t)-1;
        }
        if (dst && out + (size_t)r > len)
            break;
        if (dst)
            for (k = 0; k < r; k++)
                dst[out + k] = mb[k];
        if (!*p) {
            if (dst)
                *src = NULL;
            return out;
        }
        out += (size_t)r;
        p += units;
    }
    *src = p;
    return out;
}
