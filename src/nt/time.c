/* Time services: system time as FILETIME, the performance counter,
 * delays (interruptible and alertable like every wait), NtTestAlert, and
 * the host's time zone as Windows describes one. */
#include "sync.h"

#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../cpu/cpu.h"

/* QueryPerformanceFrequency on Windows 10 and later is 10 MHz. */
#define PERF_FREQUENCY 10000000LL

NTSTATUS svc_NtQuerySystemTime(void *guest_time)
{
    LONGLONG t = sync_filetime();

    return guest_write(guest_time, &t, sizeof t) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS svc_NtQueryPerformanceCounter(void *guest_counter, void *guest_freq)
{
    LONGLONG c = sync_now() / 100, f = PERF_FREQUENCY;

    if (!guest_write(guest_counter, &c, sizeof c))
        return STATUS_ACCESS_VIOLATION;
    if (guest_freq && !guest_write(guest_freq, &f, sizeof f))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* Sleep/SleepEx: a wait on nothing. Interval: negative relative (100 ns),
 * positive an absolute FILETIME, 0 a yield. Alertable delays run queued
 * APCs and return STATUS_USER_APC; a terminating thread wakes at once. */
NTSTATUS svc_NtDelayExecution(ULONG alertable, void *guest_interval)
{
    LONGLONG v, deadline;
    NTSTATUS s;

    if (!guest_read(&v, guest_interval, sizeof v))
        return STATUS_ACCESS_VIOLATION;
    if ((s = sync_deadline(guest_interval, &deadline)) != STATUS_SUCCESS)
        return s;
    s = sync_wait(NULL, 0, false, (alertable & 0xff) != 0, deadline);
    if (s != STATUS_TIMEOUT)
        return s;
    if (!v)
        sched_yield(); /* Sleep(0): give up the rest of the time slice */
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}

/* Runs the user APCs queued to the calling thread. */
NTSTATUS svc_NtTestAlert(void)
{
    struct cpu_thread *t = sync_current();
    bool pending;
    NTSTATUS s;

    /* The common case, no APC queued, without the process-wide lock (two
     * locked instructions, most of this call's cost): an APC that another
     * thread queues while we look is one queued after the call. */
    if (!__atomic_load_n(&t->apcs, __ATOMIC_ACQUIRE))
        return STATUS_SUCCESS;
    sync_lock();
    pending = sync_apc_pending(t);
    sync_unlock();
    if (!pending)
        return STATUS_SUCCESS;
    s = sync_run_apcs(t);
    return s == STATUS_USER_APC ? STATUS_SUCCESS : s;
}

/* ---- the time zone ----
 * RTL_DYNAMIC_TIME_ZONE_INFORMATION, which starts with
 * RTL_TIME_ZONE_INFORMATION (TIME_ZONE_INFORMATION); no pointers, so the
 * 32-bit layout is the only one. */

typedef struct {
    USHORT wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME16;

typedef struct {
    LONG Bias;
    WCHAR StandardName[32];
    SYSTEMTIME16 StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    SYSTEMTIME16 DaylightDate;
    LONG DaylightBias;
    WCHAR TimeZoneKeyName[128];
    BOOLEAN DynamicDaylightTimeDisabled;
} DYNAMIC_TIME_ZONE_INFORMATION32;

_Static_assert(sizeof(SYSTEMTIME16) == 16, "SYSTEMTIME");
_Static_assert(offsetof(DYNAMIC_TIME_ZONE_INFORMATION32, StandardDate) == 68, "StandardDate");
_Static_assert(offsetof(DYNAMIC_TIME_ZONE_INFORMATION32, DaylightBias) == 168, "DaylightBias");
_Static_assert(offsetof(DYNAMIC_TIME_ZONE_INFORMATION32, TimeZoneKeyName) == 172, "KeyName");
_Static_assert(sizeof(DYNAMIC_TIME_ZONE_INFORMATION32) == 432, "DTZI size");

#define TZI_SIZE 172 /* TIME_ZONE_INFORMATION */
#define TIME_ZONE_ID_UNKNOWN 0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2

static bool is_dst_at(time_t t, long *gmtoff)
{
    struct tm tm;

    localtime_r(&t, &tm);
    if (gmtoff)
        *gmtoff = tm.tm_gmtoff;
    return tm.tm_isdst > 0;
}

/* The first second after lo whose DST state differs from lo's; hi's
 * state differs from lo's. */
static time_t find_change(time_t lo, time_t hi)
{
    bool d = is_dst_at(lo, NULL);

    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;

        if (is_dst_at(mid, NULL) == d)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

static void put_name(WCHAR *dst, size_t max, const char *src)
{
    size_t i = 0;

    for (; src && src[i] && i + 1 < max; i++)
        dst[i] = (unsigned char)src[i];
    dst[i] = 0;
}

/* A transition at t, as Windows' recurring rule: month, weekday, which
 * occurrence of it (5: the last), and the local time before it (offset:
 * the offset in force until then). */
static void put_rule(SYSTEMTIME16 *st, time_t t, long offset)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    time_t local = t + offset;
    struct tm tm;
    int days;

    gmtime_r(&local, &tm);
    days = mdays[tm.tm_mon];
    if (tm.tm_mon == 1) {
        int y = tm.tm_year + 1900;

        if ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
            days = 29;
    }
    memset(st, 0, sizeof *st);
    st->wMonth = (USHORT)(tm.tm_mon + 1);
    st->wDayOfWeek = (USHORT)tm.tm_wday;
    st->wDay = (USHORT)(tm.tm_mday + 7 > days ? 5 : (tm.tm_mday - 1) / 7 + 1);
    st->wHour = (USHORT)tm.tm_hour;
    st->wMinute = (USHORT)tm.tm_min;
    st->wSecond = (USHORT)tm.tm_sec;
}

/* The IANA name of the host's zone, when it can be told. */
static void zone_key(char *buf, size_t n)
{
    const char *tz = getenv("TZ");
    char link[PATH_MAX];
    ssize_t len;

    buf[0] = 0;
    if (tz && *tz) {
        snprintf(buf, n, "%.127s", tz[0] == ':' ? tz + 1 : tz);
        return;
    }
    if ((len = readlink("/etc/localtime", link, sizeof link - 1)) > 0) {
        const char *z;

        link[len] = 0;
        z = strstr(link, "zoneinfo/");
        snprintf(buf, n, "%.127s", z ? z + 9 : link);
    }
}

/* Describes the host's time zone (TZ, else /etc/localtime) for this year:
 * the standard bias, and when it has daylight saving time, the daylight
 * bias and the two transitions. */
static uint32_t zone_info(DYNAMIC_TIME_ZONE_INFORMATION32 *tzi)
{
    time_t now = time(NULL), month[13], changes[2];
    struct tm tm;
    long std_off = 0, dst_off = 0, off;
    int nchanges = 0;
    char key[128];

    memset(tzi, 0, sizeof *tzi);
    tzset();
    localtime_r(&now, &tm);
    /* This year's month starts, between which the DST changes are sought. */
    for (int m = 0; m < 13; m++) {
        struct tm x = { 0 };

        x.tm_year = tm.tm_year + m / 12;
        x.tm_mon = m % 12;
        x.tm_mday = 1;
        month[m] = timegm(&x);
    }
    for (int m = 0; m < 12 && nchanges < 2; m++)
        if (is_dst_at(month[m], NULL) != is_dst_at(month[m + 1], NULL))
            changes[nchanges++] = find_change(month[m], month[m + 1]);
    if (nchanges) {
        /* Offsets on either side of the first change. */
        bool into_dst = is_dst_at(changes[0], &off);

        if (into_dst) {
            dst_off = off;
            is_dst_at(changes[0] - 1, &std_off);
        } else {
            std_off = off;
            is_dst_at(changes[0] - 1, &dst_off);
        }
    } else {
        is_dst_at(now, &std_off);
    }
    tzi->Bias = (LONG)(-std_off / 60);
    put_name(tzi->StandardName, 32, tzname[0]);
    put_name(tzi->DaylightName, 32, nchanges ? tzname[1] : tzname[0]);
    zone_key(key, sizeof key);
    put_name(tzi->TimeZoneKeyName, 128, key[0] ? key : tzname[0]);
    if (nchanges < 2)
        return TIME_ZONE_ID_UNKNOWN;
    tzi->DaylightBias = (LONG)(-(dst_off - std_off) / 60);
    for (int i = 0; i < 2; i++) {
        if (is_dst_at(changes[i], NULL))
            put_rule(&tzi->DaylightDate, changes[i], std_off);
        else
            put_rule(&tzi->StandardDate, changes[i], dst_off);
    }
    return is_dst_at(now, NULL) ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

/* Wow64QueryTimeZone(info, size, id): the host's time zone as
 * TIME_ZONE_INFORMATION (172 bytes) or DYNAMIC_TIME_ZONE_INFORMATION (432
 * bytes), and the TIME_ZONE_ID_* in force now. */
NTSTATUS svc_Wow64QueryTimeZone(void *guest_info, ULONG size, void *guest_id)
{
    static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
    static DYNAMIC_TIME_ZONE_INFORMATION32 cached;
    static uint32_t cached_id;
    static LONGLONG cached_at = -1;
    DYNAMIC_TIME_ZONE_INFORMATION32 tzi;
    LONGLONG now = sync_now();
    uint32_t id;

    if (size != TZI_SIZE && size != sizeof tzi)
        return STATUS_INFO_LENGTH_MISMATCH;
    /* Working the rules out takes some 60 localtime_r calls: programs
     * asking for local time in a loop get the answer of the last second. */
    pthread_mutex_lock(&cache_lock);
    if (cached_at < 0 || now - cached_at >= 1000000000LL) {
        cached_id = zone_info(&cached);
        cached_at = now;
    }
    tzi = cached;
    id = cached_id;
    pthread_mutex_unlock(&cache_lock);
    if (!guest_write(guest_info, &tzi, size))
        return STATUS_ACCESS_VIOLATION;
    if (guest_id && !guest_write(guest_id, &id, sizeof id))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}
