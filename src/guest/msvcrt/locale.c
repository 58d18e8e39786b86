/* Locales. Only the "C" locale exists: setlocale accepts "C" (and queries),
 * localeconv describes it, and conversions use no code page (mbcs.c).
 * Asking for any other locale, "" included, fails with NULL after a FIXME:
 * naming Windows locales needs locale data our kernel32 does not have. The
 * multibyte code page of the _mbs functions (_getmbcp) is the ANSI code
 * page, as msvcrt sets it at start-up. */
#include "crtio.h"

#define LC_ALL 0
#define LC_MAX 5
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

static char c_name[] = "C";
static crt_wchar c_wname[] = { 'C', 0 };

int __mb_cur_max = 1;
unsigned int __lc_codepage;
unsigned int __lc_collate_cp;
unsigned long __lc_handle[LC_MAX + 1];
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
    if (!GetCPInfo(cp, &info) || info.MaxCharSize < 2)
        return;
    for (i = 0; i < 12 && (info.LeadByte[i] || info.LeadByte[i + 1]); i += 2)
        for (c = info.LeadByte[i]; c <= info.LeadByte[i + 1]; c++)
            _mbctype[c + 1] |= MB_LEAD;
    /* Trail bytes of DBCS code pages: 0x40..0xfc except 0x7f. */
    for (c = 0x40; c <= 0xfc; c++)
        if (c != 0x7f)
            _mbctype[c + 1] |= MB_TRAIL;
}

void crt_locale_init(void)
{
    set_mbcp(GetACP());
}

static int is_c_locale(const char *name)
{
    return name[0] == 'C' && !name[1];
}

char *__cdecl setlocale(int category, const char *locale)
{
    if (category < LC_ALL || category > LC_MAX)
        return NULL;
    if (!locale || is_c_locale(locale))
        return c_name;
    CRT_FIXME("setlocale(locales other than \"C\")");
    return NULL;
}

crt_wchar *__cdecl _wsetlocale(int category, const crt_wchar *locale)
{
    if (category < LC_ALL || category > LC_MAX)
        return NULL;
    if (!locale || (locale[0] == 'C' && !locale[1]))
        return c_wname;
    CRT_FIXME("_wsetlocale(locales other than \"C\")");
    return NULL;
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

    if (cp == -3 || cp == -4)           /* _MB_CP_ANSI, _MB_CP_LOCALE */
        cp = (int)GetACP();
    else if (cp == -2)                  /* _MB_CP_OEM */
        cp = (int)GetACP();
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
