/* The locale names setlocale and _create_locale accept, as Microsoft's
 * "Locale names, Languages, and Country/Region strings" page describes
 * them: "C"; "" (the user's locale in the ANSI code page); ".ACP", ".OCP"
 * and ".<code page>" (the user's language in that code page);
 * "language[_country[.code page]]" with the full names or the documented
 * language and country strings ("american", "enu", "english-uk", "us",
 * "britain"); and, in the UCRT, the locale names ("en-US"), which setlocale
 * reports as given. ucrtbase also takes ".UTF8"/".utf-8" (code page 65001,
 * reported as "utf8"); msvcrt.dll refuses code page 65001.
 *
 * The locale data known here is the English locales: they all use "." as
 * their decimal point, which is what localeconv reports. */
#include "locale_impl.h"

struct locale_row {
    unsigned long lcid;
    const char *language, *country, *tag;
    unsigned int ansi_cp, oem_cp;
};

static const struct locale_row rows[] = {
    { 0x0409, "English", "United States", "en-US", 1252, 437 },
    { 0x0809, "English", "United Kingdom", "en-GB", 1252, 850 },
    { 0x0c09, "English", "Australia", "en-AU", 1252, 850 },
    { 0x1009, "English", "Canada", "en-CA", 1252, 850 },
    { 0x1409, "English", "New Zealand", "en-NZ", 1252, 850 },
    { 0x1809, "English", "Ireland", "en-IE", 1252, 850 },
};

/* Language strings: each names a language and its default country. */
static const struct { const char *alias; unsigned long lcid; } languages[] = {
    { "english", 0x0409 }, { "american", 0x0409 }, { "american english", 0x0409 },
    { "american-english", 0x0409 }, { "english-american", 0x0409 }, { "english-us", 0x0409 },
    { "english-usa", 0x0409 }, { "enu", 0x0409 }, { "eng", 0x0809 }, { "english-uk", 0x0809 },
    { "australian", 0x0c09 }, { "ena", 0x0c09 }, { "english-aus", 0x0c09 },
    { "canadian", 0x1009 }, { "enc", 0x1009 }, { "english-can", 0x1009 },
    { "enz", 0x1409 }, { "english-nz", 0x1409 }, { "eni", 0x1809 }, { "english-irish", 0x1809 },
};

/* Country/region strings. */
static const struct { const char *alias; unsigned long lcid; } countries[] = {
    { "america", 0x0409 }, { "united states", 0x0409 }, { "united-states", 0x0409 },
    { "us", 0x0409 }, { "usa", 0x0409 }, { "britain", 0x0809 }, { "england", 0x0809 },
    { "great britain", 0x0809 }, { "uk", 0x0809 }, { "united kingdom", 0x0809 },
    { "united-kingdom", 0x0809 }, { "australia", 0x0c09 }, { "canada", 0x1009 },
    { "new zealand", 0x1409 }, { "new-zealand", 0x1409 }, { "nz", 0x1409 },
    { "ireland", 0x1809 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether s[0..n) equals the lower-case word w, ignoring case. */
static int word_eq(const char *s, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!w[i] || lower((unsigned char)s[i]) != w[i])
            return 0;
    return !w[n];
}

static int word_eq_ci(const char *s, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!w[i] || lower((unsigned char)s[i]) != lower((unsigned char)w[i]))
            return 0;
    return !w[n];
}

static const struct locale_row *row_of(unsigned long lcid)
{
    size_t i;

    for (i = 0; i < COUNT(rows); i++)
        if (rows[i].lcid == lcid)
            return &rows[i];
    return NULL;
}

/* The language part: a full name (with its first country) or an alias. */
static const struct locale_row *find_language(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < COUNT(languages); i++)
        if (word_eq(s, n, languages[i].alias))
            return row_of(languages[i].lcid);
    for (i = 0; i < COUNT(rows); i++)
        if (word_eq_ci(s, n, rows[i].language))
            return &rows[i];
    return NULL;
}

/* The row of language `lang` in the country s[0..n). */
static const struct locale_row *find_country(const struct locale_row *lang, const char *s, size_t n)
{
    const struct locale_row *r = NULL;
    size_t i;

    for (i = 0; i < COUNT(countries) && !r; i++)
        if (word_eq(s, n, countries[i].alias))
            r = row_of(countries[i].lcid);
    for (i = 0; i < COUNT(rows) && !r; i++)
        if (word_eq_ci(s, n, rows[i].country))
            r = &rows[i];
    return r && !strcmp(r->language, lang->language) ? r : NULL;
}

/* A code page after the '.': "ACP", "OCP", "UTF8"/"UTF-8" or digits. */
static int parse_cp(const char *s, const struct locale_row *row, unsigned int *cp)
{
    unsigned long v = 0;
    size_t n = strlen(s);

    if (word_eq(s, n, "acp"))
        v = row->ansi_cp;
    else if (word_eq(s, n, "ocp"))
        v = row->oem_cp;
    else if (word_eq(s, n, "utf8") || word_eq(s, n, "utf-8"))
        v = 65001;
    else {
        if (!*s || n > 5)
            return -1;
        for (; *s; s++) {
            if (!crt_isdigit((unsigned char)*s))
                return -1;
            v = v * 10 + (unsigned long)(*s - '0');
        }
    }
    *cp = (unsigned int)v;
    return 0;
}

/* Whether the runtime supports code page cp for LC_CTYPE. */
static int cp_usable(unsigned int cp)
{
    CPINFO info;

#ifndef CRT_UCRT
    if (cp == 65001)
        return 0;   /* msvcrt.dll: UTF-8 needs more than 2 bytes a character */
#endif
    return cp && GetCPInfo(cp, &info) && info.MaxCharSize <= 4;
}

static void format_name(struct crt_locale_id *out, const struct locale_row *row, unsigned int cp)
{
    char num[16];
    int i = 0;
    unsigned int v = cp;

    if (cp == 65001) {
        strcpy(num, "utf8");
    } else {
        char rev[16];
        int k = 0;

        do {
            rev[k++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (k)
            num[i++] = rev[--k];
        num[i] = 0;
    }
    strcpy(out->name, row->language);
    strcat(out->name, "_");
    strcat(out->name, row->country);
    strcat(out->name, ".");
    strcat(out->name, num);
}

int crt_locale_resolve(const char *name, struct crt_locale_id *out)
{
    const struct locale_row *row;
    const char *dot, *us;
    unsigned int cp;
    size_t n = strlen(name);

    if (n >= CRT_LOCALE_NAME - 8)
        return -1;
    if (!strcmp(name, "C")) {
        strcpy(out->name, "C");
        out->cp = 0;
        out->lcid = 0;
        return 0;
    }
    /* The user's locale: what our kernel32 reports (English, United States). */
    row = row_of(0x0409);
    cp = (unsigned int)GetACP();
    if (!*name)
        goto done;
    if (name[0] == '.') {
        if (parse_cp(name + 1, row, &cp))
            return -1;
        goto done;
    }
#ifdef CRT_UCRT
    /* A locale name, "en-US", reported as given. */
    size_t i;

    for (i = 0; i < COUNT(rows); i++)
        if (word_eq_ci(name, n, rows[i].tag)) {
            if (!cp_usable(rows[i].ansi_cp))
                return -1;
            strcpy(out->name, name);
            out->cp = rows[i].ansi_cp;
            out->lcid = rows[i].lcid;
            return 0;
        }
#endif
    dot = strchr(name, '.');
    us = strchr(name, '_');
    if (us && dot && us > dot)
        return -1;
    n = us ? (size_t)(us - name) : dot ? (size_t)(dot - name) : n;
    row = find_language(name, n);
    if (!row)
        return -1;
    if (us) {
        const char *c = us + 1;

        row = find_country(row, c, dot ? (size_t)(dot - c) : strlen(c));
        if (!row)
            return -1;
    }
    cp = row->ansi_cp;
    if (dot && parse_cp(dot + 1, row, &cp))
        return -1;
done:
    if (!cp_usable(cp))
        return -1;
    format_name(out, row, cp);
    out->cp = cp;
    out->lcid = row->lcid;
    return 0;
}
