/* The TZ environment variable in the CRT's own syntax, built for msvcrt.dll
 * and (with _UCRT) ucrtbase.dll. Run with the host's TZ set to a POSIX
 * value (EST5EDT,M3.2.0,M11.1.0): the guest does not see that one, whose
 * zone is the system's (kernel32's), and sets its own with _putenv.
 *
 * Expected values: Microsoft's _tzset page (TZ=tzn[+|-]hh[:mm[:ss]][dzn];
 * _timezone the offset west of UTC in seconds; _daylight nonzero and
 * _tzname[1] the daylight zone when dzn is given, else 0 and ""; the
 * United States' DST rules: from 2007 the second Sunday in March 2:00 to
 * the first Sunday in November 2:00, before that the first Sunday in April
 * to the last Sunday in October) and Wine's msvcrt conformance test of
 * _tzset (TZ=xxx+1yyy: _daylight 121 in msvcrt.dll, _timezone 3600;
 * TZ=xxx+1:3:5zzz: 3785, _dstbias left alone; localtime and mktime do not
 * see a TZ change until _tzset; _mkgmtime ignores tm_isdst). ucrtbase
 * sets _daylight to 1 (its tzset.cpp). Epoch values are calendar
 * arithmetic. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timeb.h>
#include <time.h>
#include <windows.h>

#include "test.h"

#ifdef _UCRT
#define DAYLIGHT(c) 1
#else
#define DAYLIGHT(c) (c)
#endif

/* localtime of t as "YYYY-MM-DD hh:mm:ss d" (d = tm_isdst). */
static const char *local(__time64_t t)
{
    static char out[64];
    struct tm *tm = _localtime64(&t);

    if (!tm)
        return "(null)";
    sprintf(out, "%04d-%02d-%02d %02d:%02d:%02d %d", tm->tm_year + 1900, tm->tm_mon + 1,
            tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_isdst);
    return out;
}

#define LOCAL_IS(t, expect)                                                       \
    ok(!strcmp(local(t), expect), "localtime(%lld): %s, expected %s", (long long)(t), \
       local(t), expect)

static void set_tz(const char *assignment)
{
    ok(_putenv(assignment) == 0, "_putenv(%s)", assignment);
    _tzset();
}

/* The host's TZ stays out of the guest; the system zone (the host's
 * EST5EDT) applies, read once: a TZ set later waits for _tzset. */
static void test_system_zone_and_lazy_read(void)
{
    ok(getenv("TZ") == NULL, "the guest sees TZ=%s", getenv("TZ"));
    LOCAL_IS(1688000000, "2023-06-28 20:53:20 1");
    ok(_timezone == 18000, "_timezone %ld", _timezone);
    ok(_putenv("TZ=PST8PDT") == 0, "_putenv");
    LOCAL_IS(1688000000, "2023-06-28 20:53:20 1");
}

static void test_pst8pdt(void)
{
    struct tm tm;
    struct __timeb64 tb;
    __time64_t t;

    set_tz("TZ=PST8PDT");
    ok(_timezone == 28800, "_timezone %ld", _timezone);
    ok(_daylight == DAYLIGHT('P'), "_daylight %d", _daylight);
    ok(_dstbias == -3600, "_dstbias %ld", _dstbias);
    ok(!strcmp(_tzname[0], "PST") && !strcmp(_tzname[1], "PDT"), "_tzname %s %s",
       _tzname[0], _tzname[1]);

    LOCAL_IS(1700000000, "2023-11-14 14:13:20 0");
    LOCAL_IS(1688000000, "2023-06-28 17:53:20 1");
    /* 2007 rules: 2023-03-12 02:00 PST and 2023-11-05 02:00 PDT. */
    LOCAL_IS(1678615199, "2023-03-12 01:59:59 0");
    LOCAL_IS(1678615200, "2023-03-12 03:00:00 1");
    LOCAL_IS(1699174799, "2023-11-05 01:59:59 1");
    LOCAL_IS(1699174800, "2023-11-05 01:00:00 0");
    /* Before 2007: 2006-04-02 02:00 PST to 2006-10-29 02:00 PDT. */
    LOCAL_IS(1142856000, "2006-03-20 04:00:00 0");
    LOCAL_IS(1143971999, "2006-04-02 01:59:59 0");
    LOCAL_IS(1143972000, "2006-04-02 03:00:00 1");
    LOCAL_IS(1162112399, "2006-10-29 01:59:59 1");
    LOCAL_IS(1162112400, "2006-10-29 01:00:00 0");
    LOCAL_IS(1162382400, "2006-11-01 04:00:00 0");

    memset(&tm, 0, sizeof tm);
    tm.tm_year = 123, tm.tm_mon = 5, tm.tm_mday = 28;
    tm.tm_hour = 17, tm.tm_min = 53, tm.tm_sec = 20, tm.tm_isdst = -1;
    t = _mktime64(&tm);
    ok(t == 1688000000 && tm.tm_isdst == 1, "mktime (rules): %lld isdst %d", (long long)t,
       tm.tm_isdst);
    tm.tm_hour = 17, tm.tm_isdst = 0;
    t = _mktime64(&tm);
    ok(t == 1688003600 && tm.tm_hour == 18 && tm.tm_isdst == 1,
       "mktime (standard): %lld hour %d isdst %d", (long long)t, tm.tm_hour, tm.tm_isdst);
    tm.tm_hour = 17, tm.tm_isdst = 1;
    t = _mktime64(&tm);
    ok(t == 1688000000, "mktime (daylight): %lld", (long long)t);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 123, tm.tm_mon = 10, tm.tm_mday = 14;
    tm.tm_hour = 14, tm.tm_min = 13, tm.tm_sec = 20, tm.tm_isdst = -1;
    t = _mktime64(&tm);
    ok(t == 1700000000 && tm.tm_isdst == 0, "mktime (winter): %lld", (long long)t);

    _ftime64(&tb);
    ok(tb.timezone == 480, "_ftime timezone %d", tb.timezone);

    /* _mkgmtime takes tm as UTC whatever the zone, tm_isdst ignored
     * (Wine's test_gmtime); out-of-range fields are normalized. */
    memset(&tm, 0, sizeof tm);
    tm.tm_year = 123, tm.tm_mon = 5, tm.tm_mday = 28;
    tm.tm_hour = 24, tm.tm_min = 53, tm.tm_sec = 20, tm.tm_isdst = 1;
    t = _mkgmtime64(&tm);
    ok(t == 1688000000 && tm.tm_mday == 29 && tm.tm_hour == 0 && tm.tm_isdst == 0,
       "_mkgmtime64: %lld day %d hour %d", (long long)t, tm.tm_mday, tm.tm_hour);

    /* An unchanged TZ is not parsed again. */
    _timezone = 1;
    _tzset();
    ok(_timezone == 1, "_timezone %ld after an unchanged TZ", _timezone);
}

static void test_syntax(void)
{
    set_tz("TZ=xxx+1yyy");
    ok(_daylight == DAYLIGHT(121), "_daylight %d", _daylight);
    ok(_timezone == 3600, "_timezone %ld", _timezone);
    ok(_dstbias == -3600, "_dstbias %ld", _dstbias);

    _dstbias = 0;
    set_tz("TZ=xxx+1:3:5zzz");
    ok(_daylight == DAYLIGHT(122), "_daylight %d", _daylight);
    ok(_timezone == 3785, "_timezone %ld", _timezone);
    ok(_dstbias == 0, "_dstbias %ld", _dstbias);
    _dstbias = -3600;

    set_tz("TZ=GMT0");
    ok(_timezone == 0 && _daylight == 0, "GMT0: %ld %d", _timezone, _daylight);
    ok(!strcmp(_tzname[0], "GMT") && !strcmp(_tzname[1], ""), "_tzname %s \"%s\"",
       _tzname[0], _tzname[1]);
    LOCAL_IS(1688000000, "2023-06-29 00:53:20 0");

    /* East of UTC, and the US rules even so (2023-03-20 is daylight time
     * under them). */
    set_tz("TZ=CET-1CEST");
    ok(_timezone == -3600 && _daylight == DAYLIGHT('C'), "CET: %ld %d", _timezone,
       _daylight);
    ok(!strcmp(_tzname[0], "CET") && !strcmp(_tzname[1], "CES"), "_tzname %s %s",
       _tzname[0], _tzname[1]);
    LOCAL_IS(1679313600, "2023-03-20 14:00:00 1");
    LOCAL_IS(1688000000, "2023-06-29 02:53:20 1");
    LOCAL_IS(1700000000, "2023-11-14 23:13:20 0");

    set_tz("TZ=IST-5:30");
    ok(_timezone == -19800 && _daylight == 0, "IST: %ld %d", _timezone, _daylight);
    LOCAL_IS(1700000000, "2023-11-15 03:43:20 0");
}

/* An empty TZ: the system zone again. */
static void test_back_to_system(void)
{
    TIME_ZONE_INFORMATION tzi;

    set_tz("TZ=");
    ok(GetTimeZoneInformation(&tzi) != TIME_ZONE_ID_INVALID, "GetTimeZoneInformation");
    ok(_timezone == (tzi.Bias + tzi.StandardBias) * 60, "_timezone %ld, bias %ld",
       _timezone, tzi.Bias);
    LOCAL_IS(1688000000, "2023-06-28 20:53:20 1");
}

int main(void)
{
    test_system_zone_and_lazy_read();
    test_pst8pdt();
    test_syntax();
    test_back_to_system();
    return test_summary();
}
