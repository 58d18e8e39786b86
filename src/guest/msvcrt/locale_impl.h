/* The C runtimes' locale data, shared by setlocale (locale.c), the locale
 * name parser (locale_names.c), the code page conversions (locale_cp.c)
 * and ucrtbase's locale objects (ucrtbase/ucrt_locale.c). */
#ifndef CRT_LOCALE_IMPL_H
#define CRT_LOCALE_IMPL_H

#include "crtio.h"

#define CRT_LC_ALL 0
#define CRT_LC_CTYPE 2
#define CRT_LC_MAX 5
#define CRT_LOCALE_NAME 80

/* One locale: the code page and name of each category. The first three
 * fields are the UCRT's public __crt_locale_data_public, which its headers
 * read inline through a _locale_t; pctype and the case maps point at the
 * code page's shared, never-changing tables (locale_cp.c), so an object
 * can be copied as it is. */
struct crt_locinfo {
    const unsigned short *pctype;
    int mb_cur_max;
    unsigned int lc_codepage;
    struct crt_cpinfo cpinfo;               /* LC_CTYPE's conversions */
    const unsigned char *upper, *lower;     /* NULL in "C" */
    unsigned int cat_cp[CRT_LC_MAX + 1];
    unsigned long lcid[CRT_LC_MAX + 1];
    char names[CRT_LC_MAX + 1][CRT_LOCALE_NAME];
    char all[6 * (CRT_LOCALE_NAME + 16)];   /* LC_ALL's query string */
};

/* A resolved locale name: what setlocale reports, its code page (0 for
 * "C") and LCID. */
struct crt_locale_id {
    char name[CRT_LOCALE_NAME];
    unsigned int cp;
    unsigned long lcid;
};

/* locale_names.c: resolves a name setlocale accepts; 0 or -1 if unknown. */
int crt_locale_resolve(const char *name, struct crt_locale_id *out);

/* locale_cp.c: fills li's LC_CTYPE part (tables, conversions) for cp;
 * -1 (li unchanged) if no tables can be made. Under the locale lock. */
int crt_locinfo_set_ctype(struct crt_locinfo *li, unsigned int cp);

/* locale.c */
extern struct crt_locinfo crt_global_locinfo;
void crt_locale_lock(void);
void crt_locale_unlock(void);
void crt_locinfo_init_c(struct crt_locinfo *li);
/* Sets category (or all) of li to name; -1 leaves li unchanged. Takes the
 * locale lock. */
int crt_locinfo_set(struct crt_locinfo *li, int category, const char *name);
const char *crt_locinfo_query(struct crt_locinfo *li, int category);

/* locale_obj.c: a _locale_t's locale (NULL: the current one). */
struct crt_locinfo *crt_locale_info(const void *locale);
struct locale_obj;
struct lconv;
struct locale_obj *__cdecl _create_locale(int category, const char *name);
struct lconv *__cdecl localeconv(void);

#endif
