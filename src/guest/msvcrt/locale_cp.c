/* A locale's LC_CTYPE: character conversions and the classification and
 * case tables of its code page. The code page tables themselves live in
 * kernel32 (MultiByteToWideChar/WideCharToMultiByte); the class of a byte
 * is the class of the character it stands for (as Windows builds the table
 * from GetStringTypeW's CT_CTYPE1), and its case pair the byte, if any, of
 * the character's case pair. UTF-8 bytes >= 0x80 are not characters by
 * themselves: they have no class and no case. */
#include "locale_impl.h"

#define MB_ERR_INVALID_CHARS_ 0x08
#define WC_NO_BEST_FIT_CHARS_ 0x400
#define WC_ERR_INVALID_CHARS_ 0x80
#define CP_UTF8_ 65001

static int sbcs_mbtowc(unsigned int cp, crt_wchar wc[2], const char *s, size_t n)
{
    WCHAR w;

    if (!*s) {
        wc[0] = 0;
        return 0;
    }
    if (MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS_, s, 1, &w, 1) != 1)
        return -1;
    wc[0] = w;
    return 1;
}

static int sbcs_wctomb(unsigned int cp, char *mb, const crt_wchar *wc, int n)
{
    BOOL used = 0;
    WCHAR w = wc[0];

    /* No best fit: a character the code page lacks is EILSEQ, not '?'. */
    if (n != 1 || WideCharToMultiByte(cp, WC_NO_BEST_FIT_CHARS_, &w, 1, mb, 1, NULL, &used) != 1 ||
        used)
        return -1;
    return 1;
}

static int utf8_mbtowc(unsigned int cp, crt_wchar wc[2], const char *s, size_t n)
{
    unsigned char c = (unsigned char)*s;
    WCHAR w[2];
    size_t len, i;
    int r;

    if (!c) {
        wc[0] = 0;
        return 0;
    }
    len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
        : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!len || n < len)
        return -1;
    for (i = 1; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            return -1;
    /* kernel32 rejects the overlong forms and encoded surrogates. */
    r = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS_, s, (int)len, w, 2);
    if (r < 1)
        return -1;
    wc[0] = w[0];
    wc[1] = r == 2 ? w[1] : 0;
    return (int)len;
}

static int utf8_wctomb(unsigned int cp, char *mb, const crt_wchar *wc, int n)
{
    WCHAR w[2] = { wc[0], n == 2 ? wc[1] : 0 };
    int r;

    if (n == 1 && w[0] >= 0xd800 && w[0] <= 0xdfff)
        return -1;      /* a lone surrogate */
    r = WideCharToMultiByte(cp, WC_ERR_INVALID_CHARS_, w, n, mb, 4, NULL, NULL);
    return r > 0 ? r : -1;
}

static const struct crt_cp_ops sbcs_ops = { sbcs_mbtowc, sbcs_wctomb, NULL };
static const struct crt_cp_ops utf8_ops = { utf8_mbtowc, utf8_wctomb, NULL };

/* The byte of wc in a single-byte code page, or -1. */
static int sbcs_byte(unsigned int cp, crt_wchar wc)
{
    char b;

    return sbcs_wctomb(cp, &b, &wc, 1) == 1 ? (unsigned char)b : -1;
}

/* A code page's tables, built once and never changed afterwards: a thread
 * reading them through _pctype or a locale object while another changes
 * the locale sees whole tables. Our kernel32 has 3 code pages; the cache
 * has room for more. */
struct cp_tables {
    unsigned int cp;
    unsigned short ctype[257];
    unsigned char upper[256], lower[256];
};
static struct cp_tables cache[8];
static int cached;

static void build_tables(struct cp_tables *t, unsigned int cp)
{
    int c, other;
    crt_wchar wc[2];
    char b;

    t->cp = cp;
    memcpy(t->ctype, _ctype, sizeof(t->ctype));
    for (c = 0; c < 256; c++) {
        t->upper[c] = (unsigned char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        t->lower[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (cp == CP_UTF8_)
        return;
    for (c = 0x80; c < 256; c++) {
        b = (char)c;
        if (sbcs_mbtowc(cp, wc, &b, 1) != 1)
            continue;
        /* CT_CTYPE1's bits are the CRT's: upper 1 .. xdigit 0x80, alpha 0x100. */
        t->ctype[c + 1] = (unsigned short)(iswctype(wc[0], 0xffff) & 0x1ff);
        other = sbcs_byte(cp, (crt_wchar)towupper(wc[0]));
        if (other >= 0)
            t->upper[c] = (unsigned char)other;
        other = sbcs_byte(cp, (crt_wchar)towlower(wc[0]));
        if (other >= 0)
            t->lower[c] = (unsigned char)other;
    }
}

/* The tables of cp; the caller holds the locale lock. */
static const struct cp_tables *tables_for(unsigned int cp)
{
    int i;

    for (i = 0; i < cached; i++)
        if (cache[i].cp == cp)
            return &cache[i];
    if (cached == (int)(sizeof(cache) / sizeof(cache[0])))
        return NULL;
    build_tables(&cache[cached], cp);
    return &cache[cached++];
}

int crt_locinfo_set_ctype(struct crt_locinfo *li, unsigned int cp)
{
    const struct cp_tables *t = NULL;

    if (cp && !(t = tables_for(cp)))
        return -1;
    li->lc_codepage = cp;
    li->cat_cp[CRT_LC_CTYPE] = cp;
    li->cpinfo.cp = cp;
    if (!cp) {
        li->cpinfo.ops = NULL;
        li->pctype = _ctype + 1;
        li->mb_cur_max = 1;
        li->upper = li->lower = NULL;
        return 0;
    }
    li->pctype = t->ctype + 1;
    li->upper = t->upper;
    li->lower = t->lower;
    li->cpinfo.ops = cp == CP_UTF8_ ? &utf8_ops : &sbcs_ops;
    li->mb_cur_max = cp == CP_UTF8_ ? 4 : 1;
    return 0;
}
