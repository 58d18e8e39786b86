/* Locales: setlocale/_wsetlocale over the current locale object, whose
 * LC_CTYPE part sets the byte classification (_pctype), case maps,
 * MB_CUR_MAX and the multibyte conversions (mbcs.c). The names accepted are
 * in locale_names.c, the code page tables come from kernel32 (locale_cp.c).
 * The program starts in "C", as Windows' runtimes do. localeconv describes
 * "C", which is also right for the English locales (decimal point "."):
 * those are the only ones locale_names.c knows. The multibyte code page of
 * the _mbs functions (_getmbcp) is the ANSI code page at start-up and
 * follows LC_CTYPE's code page afterwards. */
#include "locale_impl.h"

#define CHAR_MAX_ 127

struct lconv {
    char *decimal_point, *thousands_sep, *grouping, *int_curr_symbol, *currency_symbol;
    char *mon_decimal_point, *mon_thousands_sep, *mon_grouping, *positive_sign, *negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space;
    char n_cs_precedes, n_sep_by_space, p_sign_posn, n_sign_posn;
};

static char c_point[] = ".", c_empty[] = "";
static struct lconv c_lconv = {
    c_point, c_empty, c_empty, c_empty, c_empty, c_empty, c_empty, c_empty, c_empty, c_empty,
    CHAR_MAX_, CHAR_MAX_, CHAR_MAX_, CHAR_MAX_, CHAR_MAX_, CHAR_MAX_, CHAR_MAX_, CHAR_MAX_,
};

static const char *const cat_names[CRT_LC_MAX + 1] = {
    "LC_ALL", "LC_COLLATE", "LC_CTYPE", "LC_MONETARY", "LC_NUMERIC", "LC_TIME",
};

struct crt_locinfo crt_global_locinfo;
/* Serializes changes of the global locale (and copies of it). */
static CRITICAL_SECTION locale_lock;
static crt_wchar wresult[sizeof(crt_global_locinfo.all)];

int __mb_cur_max = 1;
unsigned int __lc_codepage;
unsigned int __lc_collate_cp;
unsigned long __lc_handle[CRT_LC_MAX + 1];
unsigned char _mbctype[257];
static unsigned int mbcp;

#define MB_LEAD 0x04
#define MB_TRAIL 0x08

/* The _mbs functions' code page: lead bytes from GetCPInfo. */
static void set_mbcp(unsigned int cp)
{
    CPINFO info;
    int i, c;

    memset(_mbctype, 0, sizeof(_mbctype));
    mbcp = cp;
    if (!GetCPInfo(cp, &info) || info.MaxCharSize != 2)
        return;
    for (i = 0; i < 12 && (info.LeadByte[i] || info.LeadByte[i + 1]); i += 2)
        for (c = info.LeadByte[i]; c <= info.LeadByte[i + 1]; c++)
            _mbctype[c + 1] |= MB_LEAD;
    /* Trail bytes of DBCS code pages: 0x40..0xfc except 0x7f. */
    for (c = 0x40; c <= 0xfc; c++)
        if (c != 0x7f)
            _mbctype[c + 1] |= MB_TRAIL;
}

/* Every category "C". */
void crt_locinfo_init_c(struct crt_locinfo *li)
{
    int cat;

    memset(li, 0, sizeof(*li));
    for (cat = 1; cat <= CRT_LC_MAX; cat++)
        strcpy(li->names[cat], "C");
    crt_locinfo_set_ctype(li, 0);
}

/* Gives each category with an ids[] entry that locale; LC_CTYPE first, as
 * the one step that can fail. */
static int apply(struct crt_locinfo *li, const struct crt_locale_id *const ids[CRT_LC_MAX + 1])
{
    int cat;

    if (ids[CRT_LC_CTYPE] && crt_locinfo_set_ctype(li, ids[CRT_LC_CTYPE]->cp))
        return -1;
    for (cat = 1; cat <= CRT_LC_MAX; cat++) {
        if (!ids[cat])
            continue;
        strcpy(li->names[cat], ids[cat]->name);
        li->cat_cp[cat] = ids[cat]->cp;
        li->lcid[cat] = ids[cat]->lcid;
    }
    return 0;
}

/* LC_ALL's "LC_COLLATE=...;LC_CTYPE=...;..." form, as the query returns it
 * when the categories differ. All or nothing. */
static int set_composite(struct crt_locinfo *li, const char *s)
{
    struct crt_locale_id ids[CRT_LC_MAX + 1];
    const struct crt_locale_id *use[CRT_LC_MAX + 1] = { 0 };
    char part[CRT_LOCALE_NAME];
    int cat;

    while (*s) {
        const char *eq = strchr(s, '='), *end;
        size_t n;

        if (!eq)
            return -1;
        for (cat = 1; cat <= CRT_LC_MAX; cat++)
            if ((size_t)(eq - s) == strlen(cat_names[cat]) &&
                !strncmp(s, cat_names[cat], (size_t)(eq - s)))
                break;
        if (cat > CRT_LC_MAX)
            return -1;
        end = strchr(eq + 1, ';');
        n = end ? (size_t)(end - eq - 1) : strlen(eq + 1);
        if (n >= sizeof(part))
            return -1;
        memcpy(part, eq + 1, n);
        part[n] = 0;
        if (crt_locale_resolve(part, &ids[cat]))
            return -1;
        use[cat] = &ids[cat];
        s = end ? end + 1 : eq + 1 + n;
    }
    return apply(li, use);
}

int crt_locinfo_set(struct crt_locinfo *li, int category, const char *name)
{
    const struct crt_locale_id *use[CRT_LC_MAX + 1] = { 0 };
    struct crt_locale_id id;
    int cat, r;

    crt_locale_lock();
    if (category == CRT_LC_ALL && !strncmp(name, "LC_", 3)) {
        r = set_composite(li, name);
    } else if (crt_locale_resolve(name, &id)) {
        r = -1;
    } else {
        for (cat = 1; cat <= CRT_LC_MAX; cat++)
            if (category == CRT_LC_ALL || category == cat)
                use[cat] = &id;
        r = apply(li, use);
    }
    crt_locale_unlock();
    return r;
}

/* A category's name; LC_ALL's is the common name or the composite form. */
const char *crt_locinfo_query(struct crt_locinfo *li, int category)
{
    int cat, same = 1;

    if (category != CRT_LC_ALL)
        return li->names[category];
    for (cat = 2; cat <= CRT_LC_MAX; cat++)
        if (strcmp(li->names[cat], li->names[1]))
            same = 0;
    if (same)
        return li->names[1];
    li->all[0] = 0;
    for (cat = 1; cat <= CRT_LC_MAX; cat++) {
        if (cat > 1)
            strcat(li->all, ";");
        strcat(li->all, cat_names[cat]);
        strcat(li->all, "=");
        strcat(li->all, li->names[cat]);
    }
    return li->all;
}

/* Makes the global locale object the one the runtime's functions use. */
static void publish_global(void)
{
    struct crt_locinfo *li = &crt_global_locinfo;
    int cat;

    _pctype = li->pctype;
    crt_toupper_map = li->upper;
    crt_tolower_map = li->lower;
    crt_cur_cp = li->cpinfo;
    crt_codepage = __lc_codepage = li->lc_codepage;
    crt_mb_cur_max = __mb_cur_max = li->mb_cur_max;
    __lc_collate_cp = li->cat_cp[1];
    for (cat = 1; cat <= CRT_LC_MAX; cat++)
        __lc_handle[cat] = li->lcid[cat];
}

void crt_locale_lock(void)
{
    EnterCriticalSection(&locale_lock);
}

void crt_locale_unlock(void)
{
    LeaveCriticalSection(&locale_lock);
}

void crt_locale_init(void)
{
    InitializeCriticalSection(&locale_lock);
    crt_locinfo_init_c(&crt_global_locinfo);
    publish_global();
    set_mbcp(GetACP());
}

char *__cdecl setlocale(int category, const char *locale)
{
    unsigned int old_cp;
    char *r = NULL;

    if (category < CRT_LC_ALL || category > CRT_LC_MAX)
        return NULL;
    crt_locale_lock();
    old_cp = crt_global_locinfo.lc_codepage;
    if (!locale || !crt_locinfo_set(&crt_global_locinfo, category, locale)) {
        if (locale) {
            publish_global();
            if (crt_global_locinfo.lc_codepage != old_cp)
                set_mbcp(crt_global_locinfo.lc_codepage);
        }
        r = (char *)crt_locinfo_query(&crt_global_locinfo, category);
    }
    crt_locale_unlock();
    return r;
}

crt_wchar *__cdecl _wsetlocale(int category, const crt_wchar *locale)
{
    char name[sizeof(crt_global_locinfo.all)];
    const char *r;
    size_t i;

    if (locale) {
        /* Locale names are ASCII; anything else names no locale. */
        for (i = 0; locale[i]; i++) {
            if (locale[i] > 0x7f || i + 1 >= sizeof(name))
                return NULL;
            name[i] = (char)locale[i];
        }
        name[i] = 0;
    }
    r = setlocale(category, locale ? name : NULL);
    if (!r)
        return NULL;
    for (i = 0; r[i]; i++)
        wresult[i] = (unsigned char)r[i];
    wresult[i] = 0;
    return wresult;
}

struct lconv *__cdecl localeconv(void)
{
    return &c_lconv;
}

unsigned int __cdecl ___lc_codepage_func(void)
{
    return crt_codepage;
}

unsigned int __cdecl ___lc_collate_cp_func(void)
{
    return __lc_collate_cp;
}

unsigned long *__cdecl ___lc_handle_func(void)
{
    return __lc_handle;
}

int __cdecl ___mb_cur_max_func(void)
{
    return __mb_cur_max;
}

int *__cdecl __p___mb_cur_max(void)
{
    return &__mb_cur_max;
}

unsigned char *__cdecl __p__mbctype(void)
{
    return _mbctype;
}

int __cdecl _getmbcp(void)
{
    return (int)mbcp;
}

int __cdecl _setmbcp(int cp)
{
    CPINFO info;

    if (cp == -3)                       /* _MB_CP_ANSI */
        cp = (int)GetACP();
    else if (cp == -4)                  /* _MB_CP_LOCALE */
        cp = (int)crt_codepage;
    else if (cp == -2)                  /* _MB_CP_OEM: ours is the US one */
        cp = 437;
    else if (cp == -1)                  /* _MB_CP_SBCS */
        cp = 0;
    if (cp && !GetCPInfo((UINT)cp, &info)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    set_mbcp((unsigned int)cp);
    return 0;
}

int __cdecl _ismbblead(unsigned int c)
{
    return (_mbctype[(c & 0xff) + 1] & MB_LEAD) != 0;
}

int __cdecl _ismbbtrail(unsigned int c)
{
    return (_mbctype[(c & 0xff) + 1] & MB_TRAIL) != 0;
}

int __cdecl ___setlc_active_func(void)
{
    return 0;
}
