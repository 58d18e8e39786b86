/* msvcrt's local time from the system time zone, run with the host's
 * TZ=EST5EDT,M3.2.0,M11.1.0 (US Eastern: UTC-5, daylight UTC-4 from the
 * second Sunday of March to the first Sunday of November). Expected values
 * are the calendar arithmetic of those rules (Microsoft's _tzset,
 * localtime and mktime documentation for the fields). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "test.h"

static void check_tm(const struct tm *tm, int y, int mon, int d, int h, int mi, int s, int wday, int yday,
                     int dst, const char *what)
{
    ok(tm != NULL, "%s: NULL", what);
    if (!tm)
        return;
    ok(tm->tm_year == y - 1900 && tm->tm_mon == mon - 1 && tm->tm_mday == d && tm->tm_hour == h &&
           tm->tm_min == mi && tm->tm_sec == s,
       "%s: %04d-%02d-%02d %02d:%02d:%02d", what, tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
       tm->tm_hour, tm->tm_min, tm->tm_sec);
    ok(tm->tm_wday == wday && tm->tm_yday == yday, "%s: wday %d yday %d", what, tm->tm_wday, tm->tm_yday);
    ok(tm->tm_isdst == dst, "%s: isdst %d, want %d", what, tm->tm_isdst, dst);
}

int main(void)
{
    __time64_t winter = 1700000000, summer = 1690000000, t;
    struct tm tm, *p;

    _tzset();
    ok(_timezone == 5 * 3600, "_timezone %ld", (long)_timezone);
    ok(_daylight == 1, "_daylight %d", _daylight);
    ok(_dstbias == -3600, "_dstbias %ld", (long)_dstbias);
    ok(_tzname[0][0] && _tzname[1][0] && strcmp(_tzname[0], _tzname[1]),
       "_tzname \"%s\" / \"%s\"", _tzname[0], _tzname[1]);

    /* 2023-11-14 22:13:20 UTC is 17:13:20 EST, a Tuesday. */
    check_tm(_localtime64(&winter), 2023, 11, 14, 17, 13, 20, 2, 317, 0, "localtime winter");
    /* 2023-07-22 04:26:40 UTC is 00:26:40 EDT, a Saturday. */
    check_tm(_localtime64(&summer), 2023, 7, 22, 0, 26, 40, 6, 202, 1, "localtime summer");
    p = _gmtime64(&summer);
    check_tm(p, 2023, 7, 22, 4, 26, 40, 6, 202, 0, "gmtime is not shifted");
    ok(_localtime64_s(&tm, &winter) == 0 && tm.tm_hour == 17, "_localtime64_s");

    /* mktime: the inverse, with the rules deciding (tm_isdst -1). */
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 123, tm.tm_mon = 6, tm.tm_mday = 22, tm.tm_min = 26, tm.tm_sec = 40, tm.tm_isdst = -1;
    t = _mktime64(&tm);
    ok(t == summer, "mktime summer: %lld", (long long)t);
    ok(tm.tm_isdst == 1 && tm.tm_wday == 6 && tm.tm_yday == 202, "mktime sets isdst %d wday %d yday %d",
       tm.tm_isdst, tm.tm_wday, tm.tm_yday);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 123, tm.tm_mon = 10, tm.tm_mday = 14, tm.tm_hour = 17, tm.tm_min = 13, tm.tm_sec = 20;
    tm.tm_isdst = -1;
    ok(_mktime64(&tm) == winter, "mktime winter");
    /* Out-of-range fields are normalized: January 32nd is February 1st. */
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 124, tm.tm_mon = 0, tm.tm_mday = 32, tm.tm_hour = 12, tm.tm_isdst = -1;
    t = _mktime64(&tm);
    ok(tm.tm_mon == 1 && tm.tm_mday == 1 && tm.tm_hour == 12 && tm.tm_isdst == 0,
       "normalized to %d-%d %d:00 isdst %d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_isdst);
    ok(t == 1706806800, "2024-02-01 12:00 EST = %lld", (long long)t);
    /* tm_isdst 0 on a summer date: the fields are standard time, one hour
     * later in daylight time. */
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 123, tm.tm_mon = 6, tm.tm_mday = 22, tm.tm_min = 26, tm.tm_sec = 40, tm.tm_isdst = 0;
    t = _mktime64(&tm);
    ok(t == summer + 3600 && tm.tm_hour == 1 && tm.tm_isdst == 1, "isdst 0 in summer: %lld, %02d:00 isdst %d",
       (long long)t, tm.tm_hour, tm.tm_isdst);
    return test_summary();
}
