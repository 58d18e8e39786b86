/* ucrtbase's locale objects: _create_locale and friends. Only the "C"
 * locale exists (msvcrt/locale.c), so there is one locale object; the
 * _l function variants (aliases in ucrtbase_extra.def) ignore their
 * locale argument, which can only be that object.
 *
 * _locale_t points at { locinfo, mbcinfo }; the UCRT headers inline ctype
 * tests through locinfo's public part { _locale_pctype, _locale_mb_cur_max,
 * _locale_lc_codepage }, so that part is filled in. */
#include "../msvcrt/crtio.h"

#define LC_ALL 0
#define LC_MAX 5

struct locale_public {
    const unsigned short *pctype;
    int mb_cur_max;
    unsigned int lc_codepage;
};

struct locale_data {
    struct locale_public pub;
    int reserved[64];       /* private in Microsoft's; zero here */
};

struct locale_obj {
    struct locale_data *locinfo;
    void *mbcinfo;
};

static struct locale_data c_data;
static int c_mbcinfo[64];
static struct locale_obj c_locale = { &c_data, c_mbcinfo };

static struct locale_obj *c_locale_object(void)
{
    c_data.pub.pctype = &_ctype[1];
    c_data.pub.mb_cur_max = 1;
    c_data.pub.lc_codepage = 0;
    return &c_locale;
}

struct locale_obj *__cdecl _create_locale(int category, const char *name)
{
    if (category < LC_ALL || category > LC_MAX || !name) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    if (name[0] == 'C' && !name[1])
        return c_locale_object();
    CRT_FIXME("_create_locale(locales other than \"C\")");
    return NULL;
}

struct locale_obj *__cdecl _wcreate_locale(int category, const crt_wchar *name)
{
    if (category < LC_ALL || category > LC_MAX || !name) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    if (name[0] == 'C' && !name[1])
        return c_locale_object();
    CRT_FIXME("_wcreate_locale(locales other than \"C\")");
    return NULL;
}

/* The one object is static: freeing it is a no-op. */
void __cdecl _free_locale(struct locale_obj *locale)
{
}

struct locale_obj *__cdecl _get_current_locale(void)
{
    return c_locale_object();
}
