/* Locale information: the two locales we know, English (United States)
 * (LCID 0x0409, "en-US", the user's and system's locale) and the
 * invariant locale (LCID 0x007F, ""). GetLocaleInfo* read one table whose
 * rows hold both locales' values, as Windows reports them. */
#include "nls.h"

/* The locales the table has a column for. */
enum nls_locale { NLS_EN_US, NLS_INVARIANT, NLS_NONE };

#define NLS_NUM 1   /* a numeric value: LOCALE_RETURN_NUMBER allowed */
#define NLS_HEX 2   /* ... whose number is written in hexadecimal */

struct nls_row {
    LCTYPE type;
    unsigned flags;
    const WCHAR *en_us;
    const WCHAR *invariant;   /* NULL: the same as en_us */
};

static const struct nls_row nls_table[] = {
    { LOCALE_ILANGUAGE, NLS_NUM | NLS_HEX, L"0409", L"007f" },
    { LOCALE_SLANGUAGE, 0, L"English (United States)", L"Invariant Language (Invariant Country)" },
    { LOCALE_SENGLISHDISPLAYNAME, 0, L"English (United States)", L"Invariant Language (Invariant Country)" },
    { LOCALE_SNATIVEDISPLAYNAME, 0, L"English (United States)", L"Invariant Language (Invariant Country)" },
    { LOCALE_SLOCALIZEDLANGUAGENAME, 0, L"English", L"Invariant Language" },
    { LOCALE_SENGLANGUAGE, 0, L"English", L"Invariant Language" },
    { LOCALE_SNATIVELANGNAME, 0, L"English", L"Invariant Language" },
    { LOCALE_SABBREVLANGNAME, 0, L"ENU", L"IVL" },
    { LOCALE_SISO639LANGNAME, 0, L"en", L"iv" },
    { LOCALE_SISO639LANGNAME2, 0, L"eng", L"ivl" },
    { LOCALE_ICOUNTRY, NLS_NUM, L"1", NULL },
    { LOCALE_IDEFAULTCOUNTRY, NLS_NUM, L"1", NULL },
    { LOCALE_SCOUNTRY, 0, L"United States", L"Invariant Country" },
    { LOCALE_SENGCOUNTRY, 0, L"United States", L"Invariant Country" },
    { LOCALE_SNATIVECTRYNAME, 0, L"United States", L"Invariant Country" },
    { LOCALE_SABBREVCTRYNAME, 0, L"USA", L"IVC" },
    { LOCALE_SISO3166CTRYNAME, 0, L"US", L"IV" },
    { LOCALE_SISO3166CTRYNAME2, 0, L"USA", L"IVC" },
    { LOCALE_IDEFAULTLANGUAGE, NLS_NUM | NLS_HEX, L"0409", L"007f" },
    /* The OEM code page (there is no LOCALE_IDEFAULTOEMCODEPAGE). */
    { LOCALE_IDEFAULTCODEPAGE, NLS_NUM, L"437", NULL },
    { LOCALE_IDEFAULTANSICODEPAGE, NLS_NUM, L"1252", NULL },
    { LOCALE_IDEFAULTMACCODEPAGE, NLS_NUM, L"10000", NULL },
    { LOCALE_SNAME, 0, L"en-US", L"" },
    { LOCALE_SPARENT, 0, L"en", L"" },
    { LOCALE_SSCRIPTS, 0, L"Latn;", NULL },
    { LOCALE_SCONSOLEFALLBACKNAME, 0, L"en-US", L"" },
    { LOCALE_IREADINGLAYOUT, NLS_NUM, L"0", NULL },
    { LOCALE_IDEFAULTEBCDICCODEPAGE, NLS_NUM, L"037", NULL },
    { LOCALE_IGEOID, NLS_NUM, L"244", NULL },
    { LOCALE_SLIST, 0, L",", NULL },
    { LOCALE_IMEASURE, NLS_NUM, L"1", L"0" },
    { LOCALE_IPAPERSIZE, NLS_NUM, L"1", L"9" },
    /* Numbers. */
    { LOCALE_SDECIMAL, 0, L".", NULL },
    { LOCALE_STHOUSAND, 0, L",", NULL },
    { LOCALE_SGROUPING, 0, L"3;0", NULL },
    { LOCALE_IDIGITS, NLS_NUM, L"2", NULL },
    { LOCALE_ILZERO, NLS_NUM, L"1", NULL },
    { LOCALE_INEGNUMBER, NLS_NUM, L"1", NULL },
    { LOCALE_SNATIVEDIGITS, 0, L"0123456789", NULL },
    { LOCALE_IDIGITSUBSTITUTION, NLS_NUM, L"1", NULL },
    { LOCALE_SPOSITIVESIGN, 0, L"", NULL },
    { LOCALE_SNEGATIVESIGN, 0, L"-", NULL },
    { LOCALE_IPOSSIGNPOSN, NLS_NUM, L"3", NULL },
    { LOCALE_INEGSIGNPOSN, NLS_NUM, L"0", NULL },
    { LOCALE_IPOSSYMPRECEDES, NLS_NUM, L"1", NULL },
    { LOCALE_IPOSSEPBYSPACE, NLS_NUM, L"0", NULL },
    { LOCALE_INEGSYMPRECEDES, NLS_NUM, L"1", NULL },
    { LOCALE_INEGSEPBYSPACE, NLS_NUM, L"0", NULL },
    { LOCALE_SPERCENT, 0, L"%", NULL },
    { LOCALE_SPERMILLE, 0, L"\x2030", NULL },
    { LOCALE_INEGATIVEPERCENT, NLS_NUM, L"1", L"0" },
    { LOCALE_IPOSITIVEPERCENT, NLS_NUM, L"1", L"0" },
    { LOCALE_SNAN, 0, L"NaN", NULL },
    { LOCALE_SPOSINFINITY, 0, L"\x221e", L"Infinity" },
    { LOCALE_SNEGINFINITY, 0, L"-\x221e", L"-Infinity" },
    /* Currency. */
    { LOCALE_SCURRENCY, 0, L"$", L"\x00a4" },
    { LOCALE_SINTLSYMBOL, 0, L"USD", L"XDR" },
    { LOCALE_SENGCURRNAME, 0, L"US Dollar", L"International Monetary Fund" },
    { LOCALE_SNATIVECURRNAME, 0, L"US Dollar", L"International Monetary Fund" },
    { LOCALE_SMONDECIMALSEP, 0, L".", NULL },
    { LOCALE_SMONTHOUSANDSEP, 0, L",", NULL },
    { LOCALE_SMONGROUPING, 0, L"3;0", NULL },
    { LOCALE_ICURRDIGITS, NLS_NUM, L"2", NULL },
    { LOCALE_IINTLCURRDIGITS, NLS_NUM, L"2", NULL },
    { LOCALE_ICURRENCY, NLS_NUM, L"0", NULL },
    { LOCALE_INEGCURR, NLS_NUM, L"0", NULL },
    /* Dates and times. */
    { LOCALE_SDATE, 0, L"/", NULL },
    { LOCALE_STIME, 0, L":", NULL },
    { LOCALE_SSHORTDATE, 0, L"M/d/yyyy", L"MM/dd/yyyy" },
    { LOCALE_SLONGDATE, 0, L"dddd, MMMM d, yyyy", L"dddd, dd MMMM yyyy" },
    { LOCALE_SYEARMONTH, 0, L"MMMM yyyy", L"yyyy MMMM" },
    { LOCALE_SMONTHDAY, 0, L"MMMM d", L"MMMM dd" },
    { LOCALE_SDURATION, 0, L"h:mm:ss", NULL },
    { LOCALE_STIMEFORMAT, 0, L"h:mm:ss tt", L"HH:mm:ss" },
    { LOCALE_SSHORTTIME, 0, L"h:mm tt", L"HH:mm" },
    { LOCALE_IDATE, NLS_NUM, L"0", NULL },
    { LOCALE_ILDATE, NLS_NUM, L"0", L"1" },
    { LOCALE_ITIME, NLS_NUM, L"0", L"1" },
    { LOCALE_ITIMEMARKPOSN, NLS_NUM, L"0", NULL },
    { LOCALE_ICENTURY, NLS_NUM, L"1", NULL },
    { LOCALE_ITLZERO, NLS_NUM, L"0", L"1" },
    { LOCALE_IDAYLZERO, NLS_NUM, L"0", L"1" },
    { LOCALE_IMONLZERO, NLS_NUM, L"0", L"1" },
    { LOCALE_S1159, 0, L"AM", NULL },
    { LOCALE_S2359, 0, L"PM", NULL },
    { LOCALE_ICALENDARTYPE, NLS_NUM, L"1", NULL },
    { LOCALE_IFIRSTDAYOFWEEK, NLS_NUM, L"6", L"0" },
    { LOCALE_IFIRSTWEEKOFYEAR, NLS_NUM, L"0", NULL },
    { LOCALE_SDAYNAME1, 0, L"Monday", NULL },
    { LOCALE_SDAYNAME2, 0, L"Tuesday", NULL },
    { LOCALE_SDAYNAME3, 0, L"Wednesday", NULL },
    { LOCALE_SDAYNAME4, 0, L"Thursday", NULL },
    { LOCALE_SDAYNAME5, 0, L"Friday", NULL },
    { LOCALE_SDAYNAME6, 0, L"Saturday", NULL },
    { LOCALE_SDAYNAME7, 0, L"Sunday", NULL },
    { LOCALE_SSHORTESTDAYNAME1, 0, L"Mo", NULL },
    { LOCALE_SSHORTESTDAYNAME2, 0, L"Tu", NULL },
    { LOCALE_SSHORTESTDAYNAME3, 0, L"We", NULL },
    { LOCALE_SSHORTESTDAYNAME4, 0, L"Th", NULL },
    { LOCALE_SSHORTESTDAYNAME5, 0, L"Fr", NULL },
    { LOCALE_SSHORTESTDAYNAME6, 0, L"Sa", NULL },
    { LOCALE_SSHORTESTDAYNAME7, 0, L"Su", NULL },
    { LOCALE_SABBREVDAYNAME1, 0, L"Mon", NULL },
    { LOCALE_SABBREVDAYNAME2, 0, L"Tue", NULL },
    { LOCALE_SABBREVDAYNAME3, 0, L"Wed", NULL },
    { LOCALE_SABBREVDAYNAME4, 0, L"Thu", NULL },
    { LOCALE_SABBREVDAYNAME5, 0, L"Fri", NULL },
    { LOCALE_SABBREVDAYNAME6, 0, L"Sat", NULL },
    { LOCALE_SABBREVDAYNAME7, 0, L"Sun", NULL },
    { LOCALE_SMONTHNAME1, 0, L"January", NULL },
    { LOCALE_SMONTHNAME2, 0, L"February", NULL },
    { LOCALE_SMONTHNAME3, 0, L"March", NULL },
    { LOCALE_SMONTHNAME4, 0, L"April", NULL },
    { LOCALE_SMONTHNAME5, 0, L"May", NULL },
    { LOCALE_SMONTHNAME6, 0, L"June", NULL },
    { LOCALE_SMONTHNAME7, 0, L"July", NULL },
    { LOCALE_SMONTHNAME8, 0, L"August", NULL },
    { LOCALE_SMONTHNAME9, 0, L"September", NULL },
    { LOCALE_SMONTHNAME10, 0, L"October", NULL },
    { LOCALE_SMONTHNAME11, 0, L"November", NULL },
    { LOCALE_SMONTHNAME12, 0, L"December", NULL },
    { LOCALE_SMONTHNAME13, 0, L"", NULL },
    { LOCALE_SABBREVMONTHNAME1, 0, L"Jan", NULL },
    { LOCALE_SABBREVMONTHNAME2, 0, L"Feb", NULL },
    { LOCALE_SABBREVMONTHNAME3, 0, L"Mar", NULL },
    { LOCALE_SABBREVMONTHNAME4, 0, L"Apr", NULL },
    { LOCALE_SABBREVMONTHNAME5, 0, L"May", NULL },
    { LOCALE_SABBREVMONTHNAME6, 0, L"Jun", NULL },
    { LOCALE_SABBREVMONTHNAME7, 0, L"Jul", NULL },
    { LOCALE_SABBREVMONTHNAME8, 0, L"Aug", NULL },
    { LOCALE_SABBREVMONTHNAME9, 0, L"Sep", NULL },
    { LOCALE_SABBREVMONTHNAME10, 0, L"Oct", NULL },
    { LOCALE_SABBREVMONTHNAME11, 0, L"Nov", NULL },
    { LOCALE_SABBREVMONTHNAME12, 0, L"Dec", NULL },
    { LOCALE_SABBREVMONTHNAME13, 0, L"", NULL },
};

#define NLS_FLAGS (LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP | LOCALE_RETURN_NUMBER | \
                   LOCALE_RETURN_GENITIVE_NAMES | LOCALE_ALLOW_NEUTRAL_NAMES)

/* The locale an LCID names; the default and neutral LCIDs are en-US. */
static enum nls_locale nls_from_lcid(LCID lcid)
{
    switch (lcid) {
    case 0x0409:
    case LOCALE_NEUTRAL:
    case LOCALE_USER_DEFAULT:
    case LOCALE_SYSTEM_DEFAULT:
    case LOCALE_CUSTOM_DEFAULT:
        return NLS_EN_US;
    case LOCALE_INVARIANT:
        return NLS_INVARIANT;
    default:
        return NLS_NONE;
    }
}

/* ASCII-only case-insensitive comparison of two wide strings. */
static BOOL nls_name_equal(const WCHAR *a, const WCHAR *b)
{
    for (;; a++, b++) {
        WCHAR ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        WCHAR cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb)
            return FALSE;
        if (!ca)
            return TRUE;
    }
}

/* The locale a locale name names (NULL: the user's default). */
static enum nls_locale nls_from_name(const WCHAR *name)
{
    if (!name || nls_name_equal(name, L"en-US") || nls_name_equal(name, L"en_US") ||
        nls_name_equal(name, LOCALE_NAME_SYSTEM_DEFAULT))
        return NLS_EN_US;
    if (!*name)
        return NLS_INVARIANT;
    return NLS_NONE;
}

/* The row for type, or NULL. */
static const struct nls_row *nls_find(LCTYPE type)
{
    for (size_t i = 0; i < sizeof(nls_table) / sizeof(nls_table[0]); i++)
        if (nls_table[i].type == type)
            return &nls_table[i];
    return NULL;
}

/* The value of a row in a locale. */
static const WCHAR *nls_value(const struct nls_row *row, enum nls_locale loc)
{
    return (loc == NLS_INVARIANT && row->invariant) ? row->invariant : row->en_us;
}

/* GetLocaleInfoW's work for a resolved locale: the value (or its number)
 * into buf of len WCHARs; the WCHARs needed/written, 0 with the last error. */
static int nls_get_info(enum nls_locale loc, LCTYPE type, WCHAR *buf, int len)
{
    const struct nls_row *row = nls_find(type & ~NLS_FLAGS);
    const WCHAR *value;
    int n;

    if (loc == NLS_NONE || len < 0 || (len && !buf)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!row || ((type & LOCALE_RETURN_NUMBER) && !(row->flags & NLS_NUM))) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    value = nls_value(row, loc);
    if (type & LOCALE_RETURN_NUMBER) {
        DWORD num = 0;
        unsigned base = (row->flags & NLS_HEX) ? 16 : 10;
        for (const WCHAR *p = value; *p; p++)
            num = num * base + (*p <= '9' ? *p - '0' : (*p | 32) - 'a' + 10);
        n = sizeof(DWORD) / sizeof(WCHAR);
        if (!len)
            return n;
        if (len < n) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        memcpy(buf, &num, sizeof(num));
        return n;
    }
    return nls_copy_out(value, (int)wcslen(value) + 1, buf, len);
}

/* A locale's information as a wide string (or a number). */
int WINAPI GetLocaleInfoW(LCID lcid, LCTYPE type, LPWSTR buf, int len)
{
    return nls_get_info(nls_from_lcid(lcid), type, buf, len);
}

/* GetLocaleInfoEx: GetLocaleInfoW for a locale name. */
int WINAPI GetLocaleInfoEx(LPCWSTR name, LCTYPE type, LPWSTR buf, int len)
{
    return nls_get_info(nls_from_name(name), type, buf, len);
}

/* A locale's information in the ANSI code page; len counts bytes, and
 * LOCALE_RETURN_NUMBER returns the DWORD's size in bytes. */
int WINAPI GetLocaleInfoA(LCID lcid, LCTYPE type, LPSTR buf, int len)
{
    WCHAR wbuf[128];
    int n;

    if (len < 0 || (len && !buf)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    /* Every value in the table fits wbuf. */
    n = GetLocaleInfoW(lcid, type, wbuf, 128);
    if (!n)
        return 0;
    if (type & LOCALE_RETURN_NUMBER) {
        if (!len)
            return sizeof(DWORD);
        if (len < (int)sizeof(DWORD)) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        memcpy(buf, wbuf, sizeof(DWORD));
        return sizeof(DWORD);
    }
    return nls_copy_out_ansi(wbuf, buf, len);
}

/* See nls.h. */
int nls_copy_out(const WCHAR *s, int n, WCHAR *out, int len)
{
    if (len < 0 || (len && !out)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!len)
        return n;
    if (len < n) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    memcpy(out, s, n * sizeof(WCHAR));
    return n;
}

/* See nls.h. */
int nls_copy_out_ansi(const WCHAR *s, char *out, int len)
{
    int n = WideCharToMultiByte(CP_ACP, 0, s, -1, NULL, 0, NULL, NULL);

    if (len < 0 || (len && !out)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!len)
        return n;
    if (len < n) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return WideCharToMultiByte(CP_ACP, 0, s, -1, out, len, NULL, NULL);
}

/* A locale name into buf of len WCHARs (nls_copy_out's rules). */
static int nls_copy_name(const WCHAR *name, WCHAR *buf, int len)
{
    return nls_copy_out(name, (int)wcslen(name) + 1, buf, len);
}

/* The user's default locale name, "en-US". */
int WINAPI GetUserDefaultLocaleName(LPWSTR buf, int len)
{
    return nls_copy_name(L"en-US", buf, len);
}

/* The system's default locale name, "en-US". */
int WINAPI GetSystemDefaultLocaleName(LPWSTR buf, int len)
{
    return GetUserDefaultLocaleName(buf, len);
}

/* The name of an LCID: "en-US", or "" for the invariant locale. */
int WINAPI LCIDToLocaleName(LCID lcid, LPWSTR buf, int len, DWORD flags)
{
    enum nls_locale loc = nls_from_lcid(lcid);

    (void)flags;   /* LOCALE_ALLOW_NEUTRAL_NAMES changes nothing for these two */
    if (loc == NLS_NONE) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return nls_copy_name(loc == NLS_INVARIANT ? L"" : L"en-US", buf, len);
}

/* The LCID of a locale name: 0x0409 for "en-US" (and the default names),
 * LOCALE_INVARIANT for "". */
LCID WINAPI LocaleNameToLCID(LPCWSTR name, DWORD flags)
{
    (void)flags;
    switch (nls_from_name(name)) {
    case NLS_EN_US:
        return 0x0409;
    case NLS_INVARIANT:
        return LOCALE_INVARIANT;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
}

/* Whether an LCID names a locale we know. */
BOOL WINAPI IsValidLocale(LCID lcid, DWORD flags)
{
    (void)flags;
    return lcid == 0x0409 || lcid == LOCALE_INVARIANT;
}

/* Whether a locale name names a locale we know. */
BOOL WINAPI IsValidLocaleName(LPCWSTR name)
{
    return name && nls_from_name(name) != NLS_NONE;
}
