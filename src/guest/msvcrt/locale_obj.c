/* Locale objects (_locale_t): _create_locale, _free_locale,
 * _get_current_locale, and the _l variants of the classification, case
 * and multibyte functions, which use the object they are given (NULL: the
 * current locale). Both runtimes export them.
 *
 * A _locale_t points at { locinfo, mbcinfo }, and the runtimes' headers
 * read locinfo inline (MinGW's _isalpha_l and friends): ucrtbase's starts
 * with { pctype, mb_cur_max, lc_codepage }, which struct crt_locinfo
 * itself begins with; msvcrt.dll's is the older threadlocinfo, filled in
 * here from the crt_locinfo that follows it. Each object is one
 * allocation; _get_current_locale returns a copy of the current locale
 * (the tables both point at are shared and never change). */
#include "locale_impl.h"

struct locale_obj {
    void *locinfo;
    void *mbcinfo;
};

#ifndef CRT_UCRT
/* msvcrt.dll's threadlocinfo (MinGW's corecrt.h without _UCRT). */
struct msvcrt_locinfo {
    int refcount;
    unsigned int lc_codepage;
    unsigned int lc_collate_cp;
    unsigned long lc_handle[6];
    unsigned short lc_id[6][3];     /* wLanguage, wCountry, wCodePage */
    struct {
        char *locale;
        crt_wchar *wlocale;
        int *refcount;
        int *wrefcount;
    } lc_category[6];
    int lc_clike;
    int mb_cur_max;
    int *lconv_intl_refcount, *lconv_num_refcount, *lconv_mon_refcount;
    void *lconv;
    int *ctype1_refcount;
    unsigned short *ctype1;
    const unsigned short *pctype;
    const unsigned char *pclmap, *pcumap;
    void *lc_time_curr;
};
#ifdef __i386__
_Static_assert(offsetof(struct msvcrt_locinfo, mb_cur_max) == 0xac, "threadlocinfo.mb_cur_max");
_Static_assert(offsetof(struct msvcrt_locinfo, pctype) == 0xc8, "threadlocinfo.pctype");
#endif
#endif

struct locale_alloc {
    struct locale_obj obj;
#ifndef CRT_UCRT
    struct msvcrt_locinfo pub;
#endif
    struct crt_locinfo info;
    int mbcinfo[64];    /* private in Microsoft's; zero here */
};

#ifndef CRT_UCRT
/* "C"'s case maps for msvcrt's pclmap/pcumap (crt_locinfo has none). */
static unsigned char c_lower[256], c_upper[256];
#endif

struct crt_locinfo *crt_locale_info(const void *locale)
{
    return locale ? &((struct locale_alloc *)locale)->info : &crt_global_locinfo;
}

/* Brings msvcrt's public view in line with the object's crt_locinfo. */
static void fill_public(struct locale_alloc *a)
{
#ifndef CRT_UCRT
    struct msvcrt_locinfo *p = &a->pub;
    struct crt_locinfo *li = &a->info;
    int i;

    for (i = 0; i < 256; i++) {
        c_lower[i] = (unsigned char)(i >= 'A' && i <= 'Z' ? i + 32 : i);
        c_upper[i] = (unsigned char)(i >= 'a' && i <= 'z' ? i - 32 : i);
    }
    p->refcount = 1;
    p->lc_codepage = li->lc_codepage;
    p->lc_collate_cp = li->cat_cp[1];
    for (i = 1; i <= CRT_LC_MAX; i++) {
        p->lc_handle[i] = li->lcid[i];
        p->lc_id[i][0] = p->lc_id[i][1] = (unsigned short)li->lcid[i];
        p->lc_id[i][2] = (unsigned short)li->cat_cp[i];
        p->lc_category[i].locale = li->names[i];
    }
    p->lc_category[0].locale = (char *)crt_locinfo_query(li, CRT_LC_ALL);
    p->lc_clike = 1;    /* every code page here keeps ASCII as in "C" */
    p->mb_cur_max = li->mb_cur_max;
    p->lconv = localeconv();
    p->ctype1 = (unsigned short *)(li->pctype - 1);
    p->pctype = li->pctype;
    p->pclmap = li->lower ? li->lower : c_lower;
    p->pcumap = li->upper ? li->upper : c_upper;
    a->obj.locinfo = p;
#else
    a->obj.locinfo = &a->info;
#endif
    a->obj.mbcinfo = a->mbcinfo;
}

struct locale_obj *__cdecl _create_locale(int category, const char *name)
{
    struct locale_alloc *a;

    if (category < CRT_LC_ALL || category > CRT_LC_MAX || !name) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    crt_locinfo_init_c(&a->info);
    if (crt_locinfo_set(&a->info, category, name)) {
        free(a);
        return NULL;
    }
    fill_public(a);
    return &a->obj;
}

void __cdecl _free_locale(struct locale_obj *locale)
{
    free(locale);
}

struct locale_obj *__cdecl _get_current_locale(void)
{
    struct locale_alloc *a = calloc(1, sizeof(*a));

    if (!a)
        return NULL;
    crt_locale_lock();
    a->info = crt_global_locinfo;
    crt_locale_unlock();
    fill_public(a);
    return &a->obj;
}

int __cdecl _isctype_l(int c, int type, struct locale_obj *l)
{
    if (c >= -1 && c <= 255)
        return crt_locale_info(l)->pctype[c] & type;
    return 0;
}

#define CTYPE_L(name, mask) \
    int __cdecl name(int c, struct locale_obj *l) { return _isctype_l(c, mask, l); }
CTYPE_L(_isalpha_l, CRT_ALPHA)
CTYPE_L(_isupper_l, CRT_UPPER)
CTYPE_L(_islower_l, CRT_LOWER)
CTYPE_L(_isdigit_l, CRT_DIGIT)
CTYPE_L(_isxdigit_l, CRT_HEX)
CTYPE_L(_isspace_l, CRT_SPACE)
CTYPE_L(_ispunct_l, CRT_PUNCT)
CTYPE_L(_isalnum_l, CRT_ALPHA | CRT_DIGIT)
CTYPE_L(_isprint_l, CRT_ALPHA | CRT_DIGIT | CRT_PUNCT | CRT_BLANK)
CTYPE_L(_isgraph_l, CRT_ALPHA | CRT_DIGIT | CRT_PUNCT)
CTYPE_L(_iscntrl_l, CRT_CONTROL)

int __cdecl _isleadbyte_l(int c, struct locale_obj *l)
{
    return crt_isleadbyte_l(&crt_locale_info(l)->cpinfo, (unsigned char)c);
}

int __cdecl _toupper_l(int c, struct locale_obj *l)
{
    const struct crt_locinfo *li = crt_locale_info(l);

    if (li->upper && c >= 0 && c <= 255)
        return li->upper[c];
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

int __cdecl _tolower_l(int c, struct locale_obj *l)
{
    const struct crt_locinfo *li = crt_locale_info(l);

    if (li->lower && c >= 0 && c <= 255)
        return li->lower[c];
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int __cdecl _mbtowc_l(crt_wchar *wc, const char *s, size_t n, struct locale_obj *l)
{
    return crt_mbtowc_l(&crt_locale_info(l)->cpinfo, wc, s, n);
}

int __cdecl _wctomb_l(char *mb, crt_wchar wc, struct locale_obj *l)
{
    return crt_wctomb_l(&crt_locale_info(l)->cpinfo, mb, wc);
}

int __cdecl _mblen_l(const char *s, size_t n, struct locale_obj *l)
{
    return crt_mblen_l(&crt_locale_info(l)->cpinfo, s, n);
}

size_t __cdecl _mbstowcs_l(crt_wchar *dst, const char *src, size_t n, struct locale_obj *l)
{
    return crt_mbstowcs_l(&crt_locale_info(l)->cpinfo, dst, src, n);
}

size_t __cdecl _wcstombs_l(char *dst, const crt_wchar *src, size_t n, struct locale_obj *l)
{
    return crt_wcstombs_l(&crt_locale_info(l)->cpinfo, dst, src, n);
}

size_t __cdecl _mbstrlen_l(const char *s, struct locale_obj *l)
{
    return crt_mbstowcs_l(&crt_locale_info(l)->cpinfo, NULL, s, 0);
}

int __cdecl ___mb_cur_max_l_func(struct locale_obj *l)
{
    return crt_locale_info(l)->mb_cur_max;
}
