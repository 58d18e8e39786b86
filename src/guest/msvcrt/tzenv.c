/* The TZ environment variable in the Microsoft CRT's own syntax,
 * tzn[+|-]hh[:mm[:ss]][dzn] ("PST8PDT", "GMT0", "CET-1CEST"), and the
 * United States' daylight-saving rules that the CRT applies to it
 * (Microsoft's _tzset documentation). Portable: no Windows calls. */
#include "crt.h"

/* atol's reading: optional blanks and sign, then decimal digits. */
static crt_long tz_atol(const char *p)
{
    crt_long v = 0;
    int neg = 0;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    while (crt_isdigit((unsigned char)*p) && v < 100000000)
        v = v * 10 + (*p++ - '0');
    return neg ? -v : v;
}

/* Parses a non-empty TZ value as the CRT does: the first three characters
 * (fewer if the value is shorter) are the standard name; the offset west
 * of UTC follows, hours with optional minutes and seconds; anything left
 * is the daylight zone, of which three characters are its name. Returns
 * the daylight zone's first character (0: no daylight time). */
int crt_tz_parse(const char *tz, crt_long *timezone, char std[4], char dst[4])
{
    const char *p = tz;
    crt_long secs;
    int i, neg;

    for (i = 0; i < 3 && *p; i++)
        std[i] = *p++;
    std[i] = 0;
    neg = *p == '-';
    if (neg)
        p++;
    secs = tz_atol(p) * 3600;
    while (*p == '+' || crt_isdigit((unsigned char)*p))
        p++;
    if (*p == ':') {
        secs += tz_atol(++p) * 60;
        while (crt_isdigit((unsigned char)*p))
            p++;
        if (*p == ':') {
            secs += tz_atol(++p);
            while (crt_isdigit((unsigned char)*p))
                p++;
        }
    }
    *timezone = neg ? -secs : secs;
    for (i = 0; i < 3 && p[i]; i++)
        dst[i] = p[i];
    dst[i] = 0;
    return (unsigned char)*p;
}

/* Day of the year (0-based) of the week-th Sunday (5: the last) of month
 * (1-12) in year (since 1900). */
static int nth_sunday(int year, int month, int week)
{
    struct crt_tm first = { 0, 0, 0, 1, month - 1, year, 0, 0, 0 };
    struct crt_tm next = { 0, 0, 0, 1, month, year, 0, 0, 0 };
    int yday;

    crt_tm_to_time(&first);
    crt_tm_to_time(&next);
    yday = first.tm_yday + (7 - first.tm_wday) % 7 + (week - 1) * 7;
    if (next.tm_year != year)
        next.tm_yday = first.tm_yday + 31;  /* December: the year's end */
    if (yday >= next.tm_yday)
        yday -= 7;
    return yday;
}

/* Whether tm, a local standard time, falls in daylight time under the US
 * rules: from 2:00 standard time on the second Sunday in March to 2:00
 * daylight time (1:00 standard with the usual one-hour bias) on the first
 * Sunday in November; before 2007, the first Sunday in April to the last
 * Sunday in October. dstbias is _dstbias (seconds, -3600 for one hour). */
int crt_us_isindst(const struct crt_tm *tm, crt_long dstbias)
{
    int old = tm->tm_year < 107;
    int start = nth_sunday(tm->tm_year, old ? 4 : 3, old ? 1 : 2);
    int end = nth_sunday(tm->tm_year, old ? 10 : 11, old ? 5 : 1);
    crt_long start_s = 2 * 3600, end_s = 2 * 3600 + dstbias;
    crt_long s = tm->tm_sec + 60L * tm->tm_min + 3600L * tm->tm_hour;

    if (end_s < 0) {
        end_s += 86400;
        end--;
    } else if (end_s >= 86400) {
        end_s -= 86400;
        end++;
    }
    if (tm->tm_yday < start || tm->tm_yday > end)
        return 0;
    if (tm->tm_yday > start && tm->tm_yday < end)
        return 1;
    if (tm->tm_yday == start)
        return s >= start_s;
    return s < end_s;
}
