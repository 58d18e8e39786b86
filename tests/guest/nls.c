/* kernel32's locale information for English (United States) and the
 * invariant locale, with the values Microsoft documents for them
 * ("Locale Information Constants", GetLocaleInfo, GetLocaleInfoEx,
 * LCIDToLocaleName, LocaleNameToLCID) and its buffer/error rules; and
 * GetNumberFormat, GetCurrencyFormat, GetDateFormat and GetTimeFormat with
 * the en-US defaults and with explicit formats and pictures, as
 * Microsoft's pages for them and their format pictures describe. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "test.h"

struct expect {
    LCTYPE type;
    const char *value;
};

/* en-US as Windows reports it. */
static const struct expect en_us[] = {
    { LOCALE_SDECIMAL, "." }, { LOCALE_STHOUSAND, "," }, { LOCALE_SGROUPING, "3;0" },
    { LOCALE_IDIGITS, "2" }, { LOCALE_ILZERO, "1" }, { LOCALE_INEGNUMBER, "1" },
    { LOCALE_SNATIVEDIGITS, "0123456789" }, { LOCALE_SCURRENCY, "$" }, { LOCALE_SINTLSYMBOL, "USD" },
    { LOCALE_SMONDECIMALSEP, "." }, { LOCALE_SMONTHOUSANDSEP, "," }, { LOCALE_SMONGROUPING, "3;0" },
    { LOCALE_ICURRDIGITS, "2" }, { LOCALE_ICURRENCY, "0" }, { LOCALE_SPOSITIVESIGN, "" },
    { LOCALE_SNEGATIVESIGN, "-" }, { LOCALE_SDATE, "/" }, { LOCALE_STIME, ":" },
    { LOCALE_SSHORTDATE, "M/d/yyyy" }, { LOCALE_SLONGDATE, "dddd, MMMM d, yyyy" },
    { LOCALE_STIMEFORMAT, "h:mm:ss tt" }, { LOCALE_SSHORTTIME, "h:mm tt" }, { LOCALE_IDATE, "0" },
    { LOCALE_ILDATE, "0" }, { LOCALE_ITIME, "0" }, { LOCALE_S1159, "AM" }, { LOCALE_S2359, "PM" },
    { LOCALE_SDAYNAME1, "Monday" }, { LOCALE_SDAYNAME2, "Tuesday" }, { LOCALE_SDAYNAME3, "Wednesday" },
    { LOCALE_SDAYNAME4, "Thursday" }, { LOCALE_SDAYNAME5, "Friday" }, { LOCALE_SDAYNAME6, "Saturday" },
    { LOCALE_SDAYNAME7, "Sunday" }, { LOCALE_SABBREVDAYNAME1, "Mon" }, { LOCALE_SABBREVDAYNAME2, "Tue" },
    { LOCALE_SABBREVDAYNAME3, "Wed" }, { LOCALE_SABBREVDAYNAME4, "Thu" }, { LOCALE_SABBREVDAYNAME5, "Fri" },
    { LOCALE_SABBREVDAYNAME6, "Sat" }, { LOCALE_SABBREVDAYNAME7, "Sun" },
    { LOCALE_SMONTHNAME1, "January" }, { LOCALE_SMONTHNAME2, "February" }, { LOCALE_SMONTHNAME3, "March" },
    { LOCALE_SMONTHNAME4, "April" }, { LOCALE_SMONTHNAME5, "May" }, { LOCALE_SMONTHNAME6, "June" },
    { LOCALE_SMONTHNAME7, "July" }, { LOCALE_SMONTHNAME8, "August" }, { LOCALE_SMONTHNAME9, "September" },
    { LOCALE_SMONTHNAME10, "October" }, { LOCALE_SMONTHNAME11, "November" },
    { LOCALE_SMONTHNAME12, "December" }, { LOCALE_SABBREVMONTHNAME1, "Jan" },
    { LOCALE_SABBREVMONTHNAME2, "Feb" }, { LOCALE_SABBREVMONTHNAME3, "Mar" },
    { LOCALE_SABBREVMONTHNAME4, "Apr" }, { LOCALE_SABBREVMONTHNAME5, "May" },
    { LOCALE_SABBREVMONTHNAME6, "Jun" }, { LOCALE_SABBREVMONTHNAME7, "Jul" },
    { LOCALE_SABBREVMONTHNAME8, "Aug" }, { LOCALE_SABBREVMONTHNAME9, "Sep" },
    { LOCALE_SABBREVMONTHNAME10, "Oct" }, { LOCALE_SABBREVMONTHNAME11, "Nov" },
    { LOCALE_SABBREVMONTHNAME12, "Dec" }, { LOCALE_IFIRSTDAYOFWEEK, "6" },
    { LOCALE_SLANGUAGE, "English (United States)" }, { LOCALE_SLOCALIZEDLANGUAGENAME, "English" },
    { LOCALE_SENGLANGUAGE, "English" }, { LOCALE_SENGLISHLANGUAGENAME, "English" },
    { LOCALE_SABBREVLANGNAME, "ENU" }, { LOCALE_SISO639LANGNAME, "en" }, { LOCALE_SISO3166CTRYNAME, "US" },
    { LOCALE_SCOUNTRY, "United States" }, { LOCALE_SENGCOUNTRY, "United States" },
    { LOCALE_IDEFAULTANSICODEPAGE, "1252" }, { LOCALE_IDEFAULTCODEPAGE, "437" }, { LOCALE_SLIST, "," },
    { LOCALE_IMEASURE, "1" }, { LOCALE_SNAME, "en-US" }, { LOCALE_ILANGUAGE, "0409" },
    /* What C runtimes read for localeconv and Delphi's start-up. */
    { LOCALE_IPOSSIGNPOSN, "3" }, { LOCALE_INEGSIGNPOSN, "0" }, { LOCALE_IPOSSYMPRECEDES, "1" },
    { LOCALE_INEGSYMPRECEDES, "1" }, { LOCALE_IPOSSEPBYSPACE, "0" }, { LOCALE_INEGSEPBYSPACE, "0" },
    { LOCALE_SPERCENT, "%" }, { LOCALE_SSHORTESTDAYNAME1, "Mo" }, { LOCALE_SSHORTESTDAYNAME7, "Su" },
    { LOCALE_SPARENT, "en" }, { LOCALE_IDEFAULTEBCDICCODEPAGE, "037" }, { LOCALE_SENGCURRNAME, "US Dollar" },
    { LOCALE_IGEOID, "244" },
};

/* The invariant locale's values that differ from en-US, and some that do not. */
static const struct expect invariant[] = {
    { LOCALE_SNAME, "" }, { LOCALE_ILANGUAGE, "007f" }, { LOCALE_SINTLSYMBOL, "XDR" },
    { LOCALE_SSHORTDATE, "MM/dd/yyyy" }, { LOCALE_STIMEFORMAT, "HH:mm:ss" }, { LOCALE_SISO639LANGNAME, "iv" },
    { LOCALE_SDECIMAL, "." }, { LOCALE_SDAYNAME7, "Sunday" }, { LOCALE_SMONTHNAME1, "January" },
};

/* A wide copy of an ASCII string (the expected values are ASCII). */
static const WCHAR *wide(const char *s)
{
    static WCHAR buf[128];
    int i;
    for (i = 0; s[i] && i < 127; i++)
        buf[i] = (unsigned char)s[i];
    buf[i] = 0;
    return buf;
}

static void check_table(LCID lcid, const WCHAR *name, const struct expect *e, size_t n)
{
    char buf[128];
    WCHAR wbuf[128];

    for (size_t i = 0; i < n; i++) {
        int len = (int)strlen(e[i].value) + 1, ret;

        memset(buf, 'x', sizeof(buf));
        ret = GetLocaleInfoA(lcid, e[i].type, buf, sizeof(buf));
        ok(ret == len && !strcmp(buf, e[i].value), "A lcid %04lx type %#lx: %d \"%s\", expected \"%s\"",
           lcid, e[i].type, ret, ret ? buf : "", e[i].value);
        ret = GetLocaleInfoA(lcid, e[i].type | LOCALE_NOUSEROVERRIDE, NULL, 0);
        ok(ret == len, "A size query lcid %04lx type %#lx: %d, expected %d", lcid, e[i].type, ret, len);
        ret = GetLocaleInfoW(lcid, e[i].type, wbuf, 128);
        ok(ret == len && !wcscmp(wbuf, wide(e[i].value)), "W lcid %04lx type %#lx: %d", lcid, e[i].type, ret);
        wbuf[0] = 0;
        ret = GetLocaleInfoEx(name, e[i].type, wbuf, 128);
        ok(ret == len && !wcscmp(wbuf, wide(e[i].value)), "Ex %ls type %#lx: %d \"%ls\"",
           name ? name : L"(null)", e[i].type, ret, wbuf);
    }
}

static void test_values(void)
{
    size_t n = sizeof(en_us) / sizeof(en_us[0]);
    WCHAR wbuf[16];
    char buf[16];

    check_table(0x0409, L"en-US", en_us, n);
    check_table(LOCALE_USER_DEFAULT, NULL, en_us, n);
    check_table(LOCALE_SYSTEM_DEFAULT, LOCALE_NAME_SYSTEM_DEFAULT, en_us, n);
    check_table(LOCALE_INVARIANT, LOCALE_NAME_INVARIANT, invariant, sizeof(invariant) / sizeof(invariant[0]));

    /* The invariant currency sign is U+00A4, in 1252 the byte 0xA4. */
    ok(GetLocaleInfoW(LOCALE_INVARIANT, LOCALE_SCURRENCY, wbuf, 16) == 2 && wbuf[0] == 0xa4 && !wbuf[1],
       "invariant currency W %#x", wbuf[0]);
    ok(GetLocaleInfoA(LOCALE_INVARIANT, LOCALE_SCURRENCY, buf, 16) == 2 && (unsigned char)buf[0] == 0xa4,
       "invariant currency A %#x", (unsigned char)buf[0]);
    ok(GetLocaleInfoEx(L"EN-us", LOCALE_SNAME, wbuf, 16) == 6 && !wcscmp(wbuf, L"en-US"),
       "locale names are case-insensitive");
}

static void test_return_number(void)
{
    DWORD num = 0xdeadbeef;
    int ret;

    ret = GetLocaleInfoW(0x0409, LOCALE_IFIRSTDAYOFWEEK | LOCALE_RETURN_NUMBER, (WCHAR *)&num, 2);
    ok(ret == 2 && num == 6, "W IFIRSTDAYOFWEEK number: %d %lu", ret, num);
    num = 0;
    ret = GetLocaleInfoA(0x0409, LOCALE_IDEFAULTANSICODEPAGE | LOCALE_RETURN_NUMBER, (char *)&num, 4);
    ok(ret == 4 && num == 1252, "A ANSI code page number: %d %lu", ret, num);
    ret = GetLocaleInfoW(0x0409, LOCALE_ILANGUAGE | LOCALE_RETURN_NUMBER, (WCHAR *)&num, 2);
    ok(ret == 2 && num == 0x409, "ILANGUAGE number (hex): %d %#lx", ret, num);
    ret = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_IDEFAULTCODEPAGE | LOCALE_RETURN_NUMBER, (WCHAR *)&num, 2);
    ok(ret == 2 && num == 437, "OEM code page number: %d %lu", ret, num);
    ret = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_IDIGITS | LOCALE_RETURN_NUMBER, NULL, 0);
    ok(ret == 2, "number size query: %d", ret);
    SetLastError(0);
    ret = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_IDIGITS | LOCALE_RETURN_NUMBER, (WCHAR *)&num, 1);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "number in 1 WCHAR: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL | LOCALE_RETURN_NUMBER, (WCHAR *)&num, 2);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "string as number: %d %lu", ret, GetLastError());
}

static void test_errors(void)
{
    char buf[8];
    WCHAR wbuf[8];
    int ret;

    memset(buf, 'x', sizeof(buf));
    SetLastError(0);
    ret = GetLocaleInfoA(0x0409, LOCALE_SDAYNAME1, buf, 3);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "A too small: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetLocaleInfoW(0x0409, LOCALE_SDAYNAME1, wbuf, 6);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "W one short: %d %lu", ret, GetLastError());
    ok(GetLocaleInfoW(0x0409, LOCALE_SDAYNAME1, wbuf, 7) == 7, "W exact fit");
    SetLastError(0);
    ret = GetLocaleInfoW(0x0409, 0x7fff, wbuf, 8);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "unknown LCTYPE: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetLocaleInfoA(0x0409, 0x7fff, buf, 8);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "A unknown LCTYPE: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetLocaleInfoW(0x1234, LOCALE_SDECIMAL, wbuf, 8);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "unknown LCID: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetLocaleInfoEx(L"xx-YY", LOCALE_SDECIMAL, wbuf, 8);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "unknown name: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetLocaleInfoW(0x0409, LOCALE_SDECIMAL, NULL, 8);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "NULL buffer with a length: %d %lu", ret,
       GetLastError());
}

static void test_names(void)
{
    WCHAR buf[LOCALE_NAME_MAX_LENGTH];
    int ret;

    ret = GetUserDefaultLocaleName(buf, LOCALE_NAME_MAX_LENGTH);
    ok(ret == 6 && !wcscmp(buf, L"en-US"), "GetUserDefaultLocaleName: %d", ret);
    buf[0] = 0;
    ret = GetSystemDefaultLocaleName(buf, LOCALE_NAME_MAX_LENGTH);
    ok(ret == 6 && !wcscmp(buf, L"en-US"), "GetSystemDefaultLocaleName: %d", ret);
    SetLastError(0);
    ret = GetUserDefaultLocaleName(buf, 3);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "GetUserDefaultLocaleName small: %d %lu", ret,
       GetLastError());
    buf[0] = 0;
    ret = LCIDToLocaleName(0x0409, buf, LOCALE_NAME_MAX_LENGTH, 0);
    ok(ret == 6 && !wcscmp(buf, L"en-US"), "LCIDToLocaleName 0409: %d", ret);
    ret = LCIDToLocaleName(LOCALE_USER_DEFAULT, buf, LOCALE_NAME_MAX_LENGTH, 0);
    ok(ret == 6 && !wcscmp(buf, L"en-US"), "LCIDToLocaleName user default: %d", ret);
    buf[0] = 'x';
    ret = LCIDToLocaleName(LOCALE_INVARIANT, buf, LOCALE_NAME_MAX_LENGTH, 0);
    ok(ret == 1 && !buf[0], "LCIDToLocaleName invariant: %d", ret);
    ok(LCIDToLocaleName(0x0409, NULL, 0, 0) == 6, "LCIDToLocaleName size query");
    SetLastError(0);
    ret = LCIDToLocaleName(0x1234, buf, LOCALE_NAME_MAX_LENGTH, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "LCIDToLocaleName unknown: %d %lu", ret,
       GetLastError());
    ok(LocaleNameToLCID(L"en-US", 0) == 0x0409, "LocaleNameToLCID en-US");
    ok(LocaleNameToLCID(LOCALE_NAME_INVARIANT, 0) == LOCALE_INVARIANT, "LocaleNameToLCID invariant");
    ok(LocaleNameToLCID(LOCALE_NAME_USER_DEFAULT, 0) == 0x0409, "LocaleNameToLCID user default");
    SetLastError(0);
    ok(!LocaleNameToLCID(L"xx-YY", 0) && GetLastError() == ERROR_INVALID_PARAMETER, "LocaleNameToLCID unknown");
    ok(IsValidLocale(0x0409, LCID_SUPPORTED) && !IsValidLocale(0x1234, LCID_SUPPORTED), "IsValidLocale");
    ok(IsValidLocaleName(L"en-US") && !IsValidLocaleName(L"xx-YY"), "IsValidLocaleName");
}

/* GetNumberFormatA(en-US or fmt) of value must give expected. */
static void check_number(const NUMBERFMTA *fmt, DWORD flags, const char *value, const char *expected)
{
    char buf[64];
    int ret;

    memset(buf, 'x', sizeof(buf));
    ret = GetNumberFormatA(0x0409, flags, value, fmt, buf, sizeof(buf));
    ok(ret == (int)strlen(expected) + 1 && !strcmp(buf, expected), "GetNumberFormatA(\"%s\"): %d \"%s\", expected \"%s\"",
       value, ret, ret ? buf : "", expected);
}

static void check_currency(const CURRENCYFMTA *fmt, DWORD flags, const char *value, const char *expected)
{
    char buf[64];
    int ret;

    memset(buf, 'x', sizeof(buf));
    ret = GetCurrencyFormatA(0x0409, flags, value, fmt, buf, sizeof(buf));
    ok(ret == (int)strlen(expected) + 1 && !strcmp(buf, expected),
       "GetCurrencyFormatA(\"%s\"): %d \"%s\", expected \"%s\"", value, ret, ret ? buf : "", expected);
}

static void test_number_format(void)
{
    NUMBERFMTA f = { 0, 0, 3, (char *)".", (char *)",", 0 };
    WCHAR wbuf[32];
    char buf[32];
    int ret;

    check_number(NULL, LOCALE_NOUSEROVERRIDE, "23", "23.00");
    check_number(NULL, 0, "1234.5", "1,234.50");
    check_number(NULL, 0, "-1234.5", "-1,234.50");
    check_number(NULL, 0, "1234567", "1,234,567.00");
    check_number(NULL, 0, "0.5", "0.50");
    check_number(NULL, 0, "9.995", "10.00");
    check_number(NULL, 0, "999.999", "1,000.00");
    check_number(NULL, 0, "1.004", "1.00");
    check_number(&f, 0, "-1234.5", "(1,235)");
    f.Grouping = 32;
    check_number(&f, 0, "123456789", "12,34,56,789");
    f.Grouping = 30;
    check_number(&f, 0, "123456789", "123456,789");
    f.Grouping = 0;
    check_number(&f, 0, "1234", "1234");
    f.NumDigits = 2;
    check_number(&f, 0, "0.5", ".50");
    f.LeadingZero = 1;
    f.NegativeOrder = 3;
    check_number(&f, 0, "-0.5", "0.50-");
    f.NegativeOrder = 4;
    f.lpDecimalSep = (char *)",";
    f.lpThousandSep = (char *)" ";
    f.Grouping = 3;
    check_number(&f, 0, "-1234.5", "1 234,50 -");
    f.NegativeOrder = 2;
    check_number(&f, 0, "-7", "- 7,00");

    ok(GetNumberFormatA(0x0409, 0, "1234.5", NULL, NULL, 0) == 9, "size query");
    SetLastError(0);
    ret = GetNumberFormatA(0x0409, 0, "1234.5", NULL, buf, 8);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "too small: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetNumberFormatA(0x0409, 0, "1.2.3", NULL, buf, 32);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "1.2.3: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetNumberFormatA(0x0409, 0, "12a", NULL, buf, 32);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "12a: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetNumberFormatA(0x0409, LOCALE_NOUSEROVERRIDE, "1", &f, buf, 32);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "flags with a format: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetNumberFormatA(0x1234, 0, "1", NULL, buf, 32);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "unknown LCID: %d %lu", ret, GetLastError());

    ret = GetNumberFormatW(LOCALE_USER_DEFAULT, 0, L"-1234567.891", NULL, wbuf, 32);
    ok(ret == 14 && !wcscmp(wbuf, L"-1,234,567.89"), "GetNumberFormatW: %d \"%ls\"", ret, wbuf);
    ret = GetNumberFormatEx(L"en-US", 0, L"1000", NULL, wbuf, 32);
    ok(ret == 9 && !wcscmp(wbuf, L"1,000.00"), "GetNumberFormatEx: %d \"%ls\"", ret, wbuf);
}

static void test_currency_format(void)
{
    CURRENCYFMTA f = { 2, 1, 3, (char *)".", (char *)",", 8, 3, (char *)"EUR" };
    WCHAR wbuf[32];
    char buf[32];
    int ret;

    check_currency(NULL, LOCALE_NOUSEROVERRIDE, "1234.5", "$1,234.50");
    check_currency(NULL, 0, "0.5", "$0.50");
    check_currency(NULL, 0, "1234567.125", "$1,234,567.13");
    check_currency(&f, 0, "1234.5", "1,234.50 EUR");
    check_currency(&f, 0, "-1234.5", "-1,234.50 EUR");
    f.NegativeOrder = 0;
    f.PositiveOrder = 0;
    f.lpCurrencySymbol = (char *)"$";
    check_currency(&f, 0, "-1234.5", "($1,234.50)");
    check_currency(&f, 0, "1", "$1.00");
    f.NegativeOrder = 15;
    check_currency(&f, 0, "-1", "(1.00 $)");
    f.NegativeOrder = 12;
    f.PositiveOrder = 2;
    check_currency(&f, 0, "-1", "$ -1.00");
    check_currency(&f, 0, "1", "$ 1.00");
    f.NegativeOrder = 16;
    SetLastError(0);
    ret = GetCurrencyFormatA(0x0409, 0, "1", &f, buf, 32);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "NegativeOrder 16: %d %lu", ret, GetLastError());
    ok(GetCurrencyFormatA(0x0409, 0, "1234.5", NULL, NULL, 0) == 10, "currency size query");
    SetLastError(0);
    ret = GetCurrencyFormatA(0x0409, 0, "1234.5", NULL, buf, 9);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "currency too small: %d %lu", ret, GetLastError());
    ret = GetCurrencyFormatW(0x0409, 0, L"42", NULL, wbuf, 32);
    ok(ret == 7 && !wcscmp(wbuf, L"$42.00"), "GetCurrencyFormatW: %d \"%ls\"", ret, wbuf);
    ret = GetCurrencyFormatEx(L"en-US", 0, L"42", NULL, wbuf, 32);
    ok(ret == 7 && !wcscmp(wbuf, L"$42.00"), "GetCurrencyFormatEx: %d \"%ls\"", ret, wbuf);
}

static SYSTEMTIME make_time(int y, int mo, int d, int h, int mi, int sec)
{
    SYSTEMTIME st = { 0 };
    st.wYear = y;
    st.wMonth = mo;
    st.wDay = d;
    st.wDayOfWeek = 3;   /* wrong on purpose: Windows works the day out itself */
    st.wHour = h;
    st.wMinute = mi;
    st.wSecond = sec;
    return st;
}

static void check_date(DWORD flags, const SYSTEMTIME *st, const char *fmt, const char *expected)
{
    char buf[80];
    int ret;

    memset(buf, 'x', sizeof(buf));
    ret = GetDateFormatA(0x0409, flags, st, fmt, buf, sizeof(buf));
    ok(ret == (int)strlen(expected) + 1 && !strcmp(buf, expected), "GetDateFormatA(%s): %d \"%s\", expected \"%s\"",
       fmt ? fmt : "default", ret, ret ? buf : "", expected);
}

static void check_time(DWORD flags, const SYSTEMTIME *st, const char *fmt, const char *expected)
{
    char buf[80];
    int ret;

    memset(buf, 'x', sizeof(buf));
    ret = GetTimeFormatA(0x0409, flags, st, fmt, buf, sizeof(buf));
    ok(ret == (int)strlen(expected) + 1 && !strcmp(buf, expected), "GetTimeFormatA(%s): %d \"%s\", expected \"%s\"",
       fmt ? fmt : "default", ret, ret ? buf : "", expected);
}

static void test_date_format(void)
{
    SYSTEMTIME st = make_time(2024, 7, 4, 9, 5, 7), st2 = make_time(2009, 3, 5, 0, 0, 0), now;
    SYSTEMTIME leap = make_time(2000, 2, 29, 0, 0, 0), bad;
    char buf[80], expected[80];
    WCHAR wbuf[80];
    int ret;

    check_date(0, &st, NULL, "7/4/2024");
    check_date(DATE_SHORTDATE | LOCALE_NOUSEROVERRIDE, &st, NULL, "7/4/2024");
    check_date(DATE_LONGDATE, &st, NULL, "Thursday, July 4, 2024");
    check_date(DATE_YEARMONTH, &st, NULL, "July 2024");
    check_date(0, &st, "yyyy-MM-dd", "2024-07-04");
    check_date(0, &st, "dddd, MMMM d, yyyy", "Thursday, July 4, 2024");
    check_date(0, &st, "ddd dd MMM yy", "Thu 04 Jul 24");
    check_date(0, &st2, "M/d/y", "3/5/9");
    check_date(0, &leap, "dddd d MMMM", "Tuesday 29 February");
    check_date(0, &st, "'Today is' dddd", "Today is Thursday");
    check_date(0, &st, "'o''clock' d", "o'clock 4");
    check_date(0, &st, "d.M.yyyy gg", "4.7.2024 A.D.");

    ok(GetDateFormatA(0x0409, DATE_LONGDATE, &st, NULL, NULL, 0) == 23, "date size query");
    SetLastError(0);
    ret = GetDateFormatA(0x0409, DATE_LONGDATE, &st, NULL, buf, 22);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "date too small: %d %lu", ret, GetLastError());
    bad = make_time(2024, 13, 1, 0, 0, 0);
    SetLastError(0);
    ret = GetDateFormatA(0x0409, 0, &bad, NULL, buf, 80);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "month 13: %d %lu", ret, GetLastError());
    bad = make_time(2001, 2, 29, 0, 0, 0);
    SetLastError(0);
    ret = GetDateFormatA(0x0409, 0, &bad, NULL, buf, 80);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "2001-02-29: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetDateFormatA(0x0409, DATE_SHORTDATE | DATE_LONGDATE, &st, NULL, buf, 80);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "short and long: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetDateFormatA(0x0409, DATE_LONGDATE, &st, "yyyy", buf, 80);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "format with DATE_LONGDATE: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetDateFormatA(0x1234, 0, &st, NULL, buf, 80);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "date unknown LCID: %d %lu", ret, GetLastError());

    /* No SYSTEMTIME: today. */
    GetLocalTime(&now);
    sprintf(expected, "%u/%u/%u", now.wMonth, now.wDay, now.wYear);
    ret = GetDateFormatA(LOCALE_USER_DEFAULT, 0, NULL, NULL, buf, 80);
    ok(ret && !strcmp(buf, expected), "today: \"%s\", expected \"%s\"", ret ? buf : "", expected);

    ret = GetDateFormatW(0x0409, DATE_LONGDATE, &st, NULL, wbuf, 80);
    ok(ret == 23 && !wcscmp(wbuf, L"Thursday, July 4, 2024"), "GetDateFormatW: %d \"%ls\"", ret, wbuf);
    ret = GetDateFormatEx(L"en-US", 0, &st, L"MMM d", wbuf, 80, NULL);
    ok(ret == 6 && !wcscmp(wbuf, L"Jul 4"), "GetDateFormatEx: %d \"%ls\"", ret, wbuf);
}

static void test_time_format(void)
{
    SYSTEMTIME st = make_time(2024, 7, 4, 9, 5, 7), pm = make_time(2024, 7, 4, 14, 30, 0);
    SYSTEMTIME midnight = make_time(2024, 7, 4, 0, 30, 0), bad = st;
    WCHAR wbuf[40];
    char buf[40];
    int ret;

    check_time(0, &st, NULL, "9:05:07 AM");
    check_time(LOCALE_NOUSEROVERRIDE, &pm, NULL, "2:30:00 PM");
    check_time(0, &st, "h:mm:ss tt", "9:05:07 AM");
    check_time(0, &st, "HH:mm", "09:05");
    check_time(0, &pm, "HH:mm", "14:30");
    check_time(0, &pm, "h:mm tt", "2:30 PM");
    check_time(0, &midnight, "h:mm tt", "12:30 AM");
    check_time(0, &midnight, "H:m:s", "0:30:0");
    check_time(0, &st, "hh 'h' t", "09 h A");
    check_time(TIME_NOSECONDS, &st, NULL, "9:05 AM");
    check_time(TIME_NOTIMEMARKER, &st, "h:mm:ss tt", "9:05:07");

    ok(GetTimeFormatA(0x0409, 0, &st, NULL, NULL, 0) == 11, "time size query");
    SetLastError(0);
    ret = GetTimeFormatA(0x0409, 0, &st, NULL, buf, 10);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "time too small: %d %lu", ret, GetLastError());
    bad.wHour = 24;
    SetLastError(0);
    ret = GetTimeFormatA(0x0409, 0, &bad, NULL, buf, 40);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER, "hour 24: %d %lu", ret, GetLastError());
    SetLastError(0);
    ret = GetTimeFormatA(0x0409, LOCALE_NOUSEROVERRIDE, &st, "HH", buf, 40);
    ok(!ret && GetLastError() == ERROR_INVALID_FLAGS, "NOUSEROVERRIDE with a format: %d %lu", ret, GetLastError());
    ret = GetTimeFormatW(0x0409, 0, &pm, NULL, wbuf, 40);
    ok(ret == 11 && !wcscmp(wbuf, L"2:30:00 PM"), "GetTimeFormatW: %d \"%ls\"", ret, wbuf);
    ret = GetTimeFormatEx(L"en-US", 0, &pm, L"HH:mm:ss", wbuf, 40);
    ok(ret == 9 && !wcscmp(wbuf, L"14:30:00"), "GetTimeFormatEx: %d \"%ls\"", ret, wbuf);
    ret = GetTimeFormatA(LOCALE_USER_DEFAULT, 0, NULL, "HH", buf, 40);
    ok(ret == 3, "now: %d", ret);
}

int main(void)
{
    test_values();
    test_return_number();
    test_errors();
    test_names();
    test_number_format();
    test_currency_format();
    test_date_format();
    test_time_format();
    return test_summary();
}
