/* GetDateFormat and GetTimeFormat: a SYSTEMTIME laid out by a picture
 * ("dddd, MMMM d, yyyy", "h:mm:ss tt") or by the locale's default one,
 * with the locale's day and month names and time markers (Gregorian
 * calendar only). */
#include "nls.h"

#define OUT_MAX 256   /* the longest result we build */

/* The Gregorian day of the week of a date, 0 = Sunday. */
static int day_of_week(int y, int m, int d)
{
    static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* Whether st holds a date Windows accepts (years 1601 to 30827). */
static BOOL valid_date(const SYSTEMTIME *st)
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = st->wYear, leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (y < 1601 || y > 30827 || st->wMonth < 1 || st->wMonth > 12 || st->wDay < 1)
        return FALSE;
    return st->wDay <= mdays[st->wMonth - 1] + (st->wMonth == 2 && leap);
}

static BOOL valid_time(const SYSTEMTIME *st)
{
    return st->wHour < 24 && st->wMinute < 60 && st->wSecond < 60 && st->wMilliseconds < 1000;
}

/* The output being built: res of OUT_MAX WCHARs, n used; overflow is
 * remembered and reported once at the end. */
struct out {
    WCHAR res[OUT_MAX];
    int n;
    BOOL overflow;
};

static void out_str(struct out *o, const WCHAR *s, int len)
{
    if (o->n + len >= OUT_MAX) {
        o->overflow = TRUE;
        return;
    }
    memcpy(o->res + o->n, s, len * sizeof(WCHAR));
    o->n += len;
}

/* A number with at least width digits. */
static void out_num(struct out *o, unsigned v, int width)
{
    WCHAR tmp[12];
    int i = 12;

    do {
        tmp[--i] = (WCHAR)('0' + v % 10);
        v /= 10;
    } while (v || 12 - i < width);
    out_str(o, tmp + i, 12 - i);
}

/* A locale string (a day or month name, AM/PM). */
static void out_locale(struct out *o, LCID lcid, LCTYPE type, int maxlen)
{
    WCHAR s[64];
    int n = GetLocaleInfoW(lcid, type, s, 64);

    if (n > 1)
        out_str(o, s, (maxlen && maxlen < n - 1) ? maxlen : n - 1);
}

/* Lays out picture for st into o. Date pictures (d M y g) when date is
 * set, time pictures (h H m s t) otherwise; the TIME_* flags drop parts,
 * with the separators written just before them. */
static void format_picture(LCID lcid, const WCHAR *pic, const SYSTEMTIME *st, BOOL date, DWORD flags,
                           struct out *o)
{
    int last_field_end = 0;

    while (*pic) {
        WCHAR c = *pic;
        int count = 1;

        if (c == '\'') {
            /* Quoted text; '' is a quote. */
            for (pic++; *pic; pic++) {
                if (*pic == '\'') {
                    if (pic[1] != '\'')
                        break;
                    pic++;
                }
                out_str(o, pic, 1);
            }
            if (*pic)
                pic++;
            continue;
        }
        while (pic[count] == c)
            count++;
        if (date && (c == 'd' || c == 'M' || c == 'y' || c == 'g')) {
            if (c == 'd' && count <= 2)
                out_num(o, st->wDay, count);
            else if (c == 'd')
                out_locale(o, lcid, (count == 3 ? LOCALE_SABBREVDAYNAME1 : LOCALE_SDAYNAME1) +
                           (day_of_week(st->wYear, st->wMonth, st->wDay) + 6) % 7, 0);
            else if (c == 'M' && count <= 2)
                out_num(o, st->wMonth, count);
            else if (c == 'M')
                out_locale(o, lcid, (count == 3 ? LOCALE_SABBREVMONTHNAME1 : LOCALE_SMONTHNAME1) + st->wMonth - 1,
                           0);
            else if (c == 'y' && count <= 2)
                out_num(o, st->wYear % 100, count);
            else if (c == 'y')
                out_num(o, st->wYear, 1);
            else
                out_str(o, L"A.D.", 4);
            last_field_end = o->n;
        } else if (!date && (c == 'h' || c == 'H' || c == 'm' || c == 's' || c == 't')) {
            BOOL drop = (c == 's' && (flags & (TIME_NOSECONDS | TIME_NOMINUTESORSECONDS))) ||
                        (c == 'm' && (flags & TIME_NOMINUTESORSECONDS)) ||
                        (c == 't' && (flags & (TIME_NOTIMEMARKER | TIME_FORCE24HOURFORMAT)));

            if (drop) {
                /* The separator before a dropped part goes with it. */
                o->n = last_field_end;
            } else {
                unsigned h12 = st->wHour % 12 ? st->wHour % 12 : 12;
                if (c == 'h' && !(flags & TIME_FORCE24HOURFORMAT))
                    out_num(o, h12, count > 1 ? 2 : 1);
                else if (c == 'h' || c == 'H')
                    out_num(o, st->wHour, count > 1 ? 2 : 1);
                else if (c == 'm')
                    out_num(o, st->wMinute, count > 1 ? 2 : 1);
                else if (c == 's')
                    out_num(o, st->wSecond, count > 1 ? 2 : 1);
                else
                    out_locale(o, lcid, st->wHour < 12 ? LOCALE_S1159 : LOCALE_S2359, count == 1 ? 1 : 0);
                last_field_end = o->n;
            }
        } else {
            out_str(o, pic, count);
        }
        pic += count;
    }
}

/* The shared part of GetDateFormatW and GetTimeFormatW. */
static int format_datetime(LCID lcid, DWORD flags, const SYSTEMTIME *st, const WCHAR *fmt, BOOL date,
                           WCHAR *out, int len)
{
    const DWORD date_pick = DATE_SHORTDATE | DATE_LONGDATE | DATE_YEARMONTH;
    const DWORD allowed = date ? date_pick | DATE_LTRREADING | DATE_RTLREADING | DATE_AUTOLAYOUT |
                                     DATE_USE_ALT_CALENDAR | LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP
                               : TIME_NOMINUTESORSECONDS | TIME_NOSECONDS | TIME_NOTIMEMARKER |
                                     TIME_FORCE24HOURFORMAT | LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP;
    WCHAR picture[80];
    SYSTEMTIME now;
    struct out o;
    DWORD pick = flags & date_pick;

    if (len < 0 || (len && !out)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((flags & ~allowed) || (fmt && (flags & (LOCALE_NOUSEROVERRIDE | (date ? date_pick : 0)))) ||
        (pick & (pick - 1))) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (!fmt) {
        LCTYPE type = !date ? LOCALE_STIMEFORMAT
                    : pick == DATE_LONGDATE ? LOCALE_SLONGDATE
                    : pick == DATE_YEARMONTH ? LOCALE_SYEARMONTH : LOCALE_SSHORTDATE;
        if (!GetLocaleInfoW(lcid, type, picture, 80))
            return 0;
        fmt = picture;
    } else if (!GetLocaleInfoW(lcid, LOCALE_ILANGUAGE, picture, 80)) {
        return 0;   /* an unknown LCID: ERROR_INVALID_PARAMETER */
    }
    if (!st) {
        GetLocalTime(&now);
        st = &now;
    }
    if (date ? !valid_date(st) : !valid_time(st)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    o.n = 0;
    o.overflow = FALSE;
    format_picture(lcid, fmt, st, date, flags, &o);
    if (o.overflow) {
        K32_FIXME_ONCE("GetDateFormat/GetTimeFormat: results over %d characters\n", OUT_MAX);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    o.res[o.n++] = 0;
    return nls_copy_out(o.res, o.n, out, len);
}

/* A date in a picture or the locale's short/long/year-month format. */
int WINAPI GetDateFormatW(LCID lcid, DWORD flags, const SYSTEMTIME *st, LPCWSTR fmt, LPWSTR out, int len)
{
    return format_datetime(lcid, flags, st, fmt, TRUE, out, len);
}

/* A time in a picture or the locale's time format. */
int WINAPI GetTimeFormatW(LCID lcid, DWORD flags, const SYSTEMTIME *st, LPCWSTR fmt, LPWSTR out, int len)
{
    return format_datetime(lcid, flags, st, fmt, FALSE, out, len);
}

/* The A forms: the picture and result through the ANSI code page. */
static int format_datetime_ansi(LCID lcid, DWORD flags, const SYSTEMTIME *st, const char *fmt, BOOL date,
                                char *out, int len)
{
    WCHAR wfmt[OUT_MAX], res[OUT_MAX];

    if (len < 0 || (len && !out)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (fmt && !MultiByteToWideChar(CP_ACP, 0, fmt, -1, wfmt, OUT_MAX)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!format_datetime(lcid, flags, st, fmt ? wfmt : NULL, date, res, OUT_MAX))
        return 0;
    return nls_copy_out_ansi(res, out, len);
}

/* GetDateFormatW in the ANSI code page. */
int WINAPI GetDateFormatA(LCID lcid, DWORD flags, const SYSTEMTIME *st, LPCSTR fmt, LPSTR out, int len)
{
    return format_datetime_ansi(lcid, flags, st, fmt, TRUE, out, len);
}

/* GetTimeFormatW in the ANSI code page. */
int WINAPI GetTimeFormatA(LCID lcid, DWORD flags, const SYSTEMTIME *st, LPCSTR fmt, LPSTR out, int len)
{
    return format_datetime_ansi(lcid, flags, st, fmt, FALSE, out, len);
}

/* GetDateFormatW for a locale name (the Gregorian calendar only). */
int WINAPI GetDateFormatEx(LPCWSTR name, DWORD flags, const SYSTEMTIME *st, LPCWSTR fmt, LPWSTR out, int len,
                           LPCWSTR calendar)
{
    LCID lcid = LocaleNameToLCID(name, 0);

    if (calendar) {
        SetLastError(ERROR_INVALID_PARAMETER);   /* reserved, must be NULL */
        return 0;
    }
    return lcid ? GetDateFormatW(lcid, flags, st, fmt, out, len) : 0;
}

/* GetTimeFormatW for a locale name. */
int WINAPI GetTimeFormatEx(LPCWSTR name, DWORD flags, const SYSTEMTIME *st, LPCWSTR fmt, LPWSTR out, int len)
{
    LCID lcid = LocaleNameToLCID(name, 0);
    return lcid ? GetTimeFormatW(lcid, flags, st, fmt, out, len) : 0;
}
