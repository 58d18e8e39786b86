/* Time: the system clock, the tick count and the performance counter,
 * from the host's NtQuerySystemTime/NtQueryPerformanceCounter, and sleeping
 * through NtDelayExecution; local time from the host's time zone. */
#include "kernel32_private.h"
#include "ntsync.h"

#define TICKS_PER_SEC 10000000LL
#define TICKS_PER_MSEC 10000LL

LARGE_INTEGER *k32_timeout(LARGE_INTEGER *buf, DWORD ms)
{
    if (ms == INFINITE)
        return NULL;
    buf->QuadPart = -(LONGLONG)ms * TICKS_PER_MSEC;  /* negative: relative */
    return buf;
}

void WINAPI GetSystemTimeAsFileTime(LPFILETIME ft)
{
    LARGE_INTEGER now;

    NtQuerySystemTime(&now);
    ft->dwLowDateTime = now.u.LowPart;
    ft->dwHighDateTime = (DWORD)now.u.HighPart;
}

void WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME ft)
{
    GetSystemTimeAsFileTime(ft);
}

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *counter)
{
    return RtlQueryPerformanceCounter(counter);
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *freq)
{
    return RtlQueryPerformanceFrequency(freq);
}

/* Milliseconds since the host's monotonic epoch (its boot). */
ULONGLONG WINAPI GetTickCount64(void)
{
    LARGE_INTEGER counter, freq;

    if (!RtlQueryPerformanceFrequency(&freq) || freq.QuadPart <= 0 ||
        !RtlQueryPerformanceCounter(&counter))
        return 0;
    return (ULONGLONG)(counter.QuadPart / freq.QuadPart) * 1000 +
           (ULONGLONG)(counter.QuadPart % freq.QuadPart) * 1000 / freq.QuadPart;
}

DWORD WINAPI GetTickCount(void)
{
    return (DWORD)GetTickCount64();
}

DWORD WINAPI SleepEx(DWORD ms, BOOL alertable)
{
    LARGE_INTEGER t;
    NTSTATUS status;

    /* NtDelayExecution takes no NULL: "forever" is the most negative
     * relative interval, as Windows' kernel32 passes it. */
    if (ms == INFINITE)
        t.QuadPart = (LONGLONG)0x8000000000000000ULL;
    else
        k32_timeout(&t, ms);
    status = NtDelayExecution((BOOLEAN)(alertable != 0), &t);

    return status == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
}

void WINAPI Sleep(DWORD ms)
{
    SleepEx(ms, FALSE);
}

BOOL WINAPI SwitchToThread(void)
{
    return NtYieldExecution() != STATUS_NO_YIELD_PERFORMED;
}

/* ---- calendar conversions (proleptic Gregorian, from 1601-01-01) ---- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static const int month_days[2][12] = {
    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 },
};

BOOL WINAPI FileTimeToSystemTime(const FILETIME *ft, LPSYSTEMTIME st)
{
    ULONGLONG t = ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
    ULONGLONG days, secs;
    int year = 1601, month = 0;

    if (t & 0x8000000000000000ULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    st->wMilliseconds = (WORD)((t / TICKS_PER_MSEC) % 1000);
    secs = t / TICKS_PER_SEC;
    days = secs / 86400;
    secs %= 86400;
    st->wHour = (WORD)(secs / 3600);
    st->wMinute = (WORD)(secs / 60 % 60);
    st->wSecond = (WORD)(secs % 60);
    st->wDayOfWeek = (WORD)((days + 1) % 7);  /* 1601-01-01 was a Monday */
    /* Whole 400-year cycles first (146097 days each), then single years. */
    year += (int)(days / 146097) * 400;
    days %= 146097;
    while (days >= (ULONGLONG)(is_leap(year) ? 366 : 365)) {
        days -= is_leap(year) ? 366 : 365;
        year++;
    }
    while (days >= (ULONGLONG)month_days[is_leap(year)][month]) {
        days -= month_days[is_leap(year)][month];
        month++;
    }
    st->wYear = (WORD)year;
    st->wMonth = (WORD)(month + 1);
    st->wDay = (WORD)(days + 1);
    return TRUE;
}

BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME *st, LPFILETIME ft)
{
    ULONGLONG days = 0, t;
    int y, m;

    if (st->wYear < 1601 || st->wYear > 30827 || st->wMonth < 1 || st->wMonth > 12 ||
        st->wDay < 1 || st->wDay > month_days[is_leap(st->wYear)][st->wMonth - 1] ||
        st->wHour > 23 || st->wMinute > 59 || st->wSecond > 59 || st->wMilliseconds > 999) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    y = st->wYear - 1601;
    days = (ULONGLONG)y * 365 + y / 4 - y / 100 + y / 400;
    for (m = 0; m < st->wMonth - 1; m++)
        days += month_days[is_leap(st->wYear)][m];
    days += st->wDay - 1;
    t = ((days * 86400 + st->wHour * 3600 + st->wMinute * 60 + st->wSecond) * 1000 +
         st->wMilliseconds) * TICKS_PER_MSEC;
    ft->dwLowDateTime = (DWORD)t;
    ft->dwHighDateTime = (DWORD)(t >> 32);
    return TRUE;
}

void WINAPI GetSystemTime(LPSYSTEMTIME st)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    FileTimeToSystemTime(&ft, st);
}

/* ---- time zones ----
 * The zone is the host's (Wow64QueryTimeZone: TZ, else /etc/localtime),
 * asked afresh each time; without the service, UTC. The names are the
 * host's abbreviations ("CET"), the key name its zone name
 * ("Europe/Berlin"), not Windows' registry names. */

#define TICKS_PER_MINUTE (60 * TICKS_PER_SEC)

static DWORD zone(DYNAMIC_TIME_ZONE_INFORMATION *tz)
{
    ULONG id;
    NTSTATUS status = Wow64QueryTimeZone(tz, sizeof(*tz), &id);

    if (status == STATUS_SUCCESS)
        return id;
    K32_FIXME_ONCE("no time zone from the host (status %08lx): local time is UTC\n", status);
    memset(tz, 0, sizeof(*tz));
    memcpy(tz->StandardName, L"Coordinated Universal Time", 27 * sizeof(WCHAR));
    memcpy(tz->DaylightName, L"Coordinated Universal Time", 27 * sizeof(WCHAR));
    memcpy(tz->TimeZoneKeyName, L"UTC", 4 * sizeof(WCHAR));
    return TIME_ZONE_ID_UNKNOWN;
}

DWORD WINAPI GetDynamicTimeZoneInformation(PDYNAMIC_TIME_ZONE_INFORMATION tz)
{
    return zone(tz);
}

DWORD WINAPI GetTimeZoneInformation(LPTIME_ZONE_INFORMATION tz)
{
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    DWORD id = zone(&dtz);

    memcpy(tz, &dtz, sizeof(*tz));
    return id;
}

/* The bias (UTC = local + bias, in minutes) in force now. */
static LONG current_bias(void)
{
    DYNAMIC_TIME_ZONE_INFORMATION tz;
    DWORD id = zone(&tz);

    if (id == TIME_ZONE_ID_DAYLIGHT)
        return tz.Bias + tz.DaylightBias;
    if (id == TIME_ZONE_ID_STANDARD)
        return tz.Bias + tz.StandardBias;
    return tz.Bias;
}

static LONGLONG ft_value(const FILETIME *ft)
{
    return (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime);
}

static void ft_set(FILETIME *ft, LONGLONG v)
{
    ft->dwLowDateTime = (DWORD)v;
    ft->dwHighDateTime = (DWORD)((ULONGLONG)v >> 32);
}

/* As Windows: with the bias in force now, whatever the date. */
BOOL WINAPI FileTimeToLocalFileTime(const FILETIME *utc, LPFILETIME local)
{
    ft_set(local, ft_value(utc) - (LONGLONG)current_bias() * TICKS_PER_MINUTE);
    return TRUE;
}

BOOL WINAPI LocalFileTimeToFileTime(const FILETIME *local, LPFILETIME utc)
{
    ft_set(utc, ft_value(local) + (LONGLONG)current_bias() * TICKS_PER_MINUTE);
    return TRUE;
}

void WINAPI GetLocalTime(LPSYSTEMTIME st)
{
    FILETIME utc, local;

    GetSystemTimeAsFileTime(&utc);
    FileTimeToLocalFileTime(&utc, &local);
    FileTimeToSystemTime(&local, st);
}

/* The moment a transition rule names in year, as a local FILETIME. The
 * rule is a date when wYear is set, else "the wDay-th (5: last)
 * wDayOfWeek of wMonth" at the given time. */
static BOOL rule_time(const SYSTEMTIME *rule, WORD year, LONGLONG *out)
{
    SYSTEMTIME st = *rule;
    FILETIME ft;

    if (!rule->wYear) {
        int leap = is_leap(year), first, day;

        if (rule->wMonth < 1 || rule->wMonth > 12 || rule->wDay < 1 || rule->wDay > 5 ||
            rule->wDayOfWeek > 6)
            return FALSE;
        st.wYear = year;
        st.wDay = 1;
        st.wHour = st.wMinute = st.wSecond = st.wMilliseconds = 0;
        if (!SystemTimeToFileTime(&st, &ft))
            return FALSE;
        /* 1601-01-01 was a Monday (1). */
        first = (int)((ft_value(&ft) / TICKS_PER_SEC / 86400 + 1) % 7);
        day = 1 + (rule->wDayOfWeek - first + 7) % 7 + (rule->wDay - 1) * 7;
        while (day > month_days[leap][rule->wMonth - 1])
            day -= 7;
        st = *rule;
        st.wYear = year;
        st.wDay = (WORD)day;
        st.wDayOfWeek = 0;
    }
    if (!SystemTimeToFileTime(&st, &ft))
        return FALSE;
    *out = ft_value(&ft);
    return TRUE;
}

/* Whether daylight time applies at t under tz: t is UTC, or (local) a
 * wall-clock time. */
static BOOL in_daylight(const TIME_ZONE_INFORMATION *tz, LONGLONG t, BOOL local)
{
    LONGLONG standard = t, start, end;
    SYSTEMTIME st;
    FILETIME ft;

    if (!tz->DaylightDate.wMonth || !tz->StandardDate.wMonth)
        return FALSE;
    if (!local)
        standard = t - (LONGLONG)(tz->Bias + tz->StandardBias) * TICKS_PER_MINUTE;
    ft_set(&ft, standard);
    if (!FileTimeToSystemTime(&ft, &st) ||
        !rule_time(&tz->DaylightDate, st.wYear, &start) ||
        !rule_time(&tz->StandardDate, st.wYear, &end))
        return FALSE;
    /* The start is standard wall-clock time, the end daylight time; in
     * standard time the end comes DaylightBias - StandardBias earlier. */
    if (!local)
        end += (LONGLONG)(tz->DaylightBias - tz->StandardBias) * TICKS_PER_MINUTE;
    if (start < end)
        return standard >= start && standard < end;
    return standard >= start || standard < end; /* southern hemisphere */
}

static LONG bias_at(const TIME_ZONE_INFORMATION *tz, LONGLONG t, BOOL local)
{
    if (!tz->DaylightDate.wMonth)
        return tz->Bias;
    return tz->Bias + (in_daylight(tz, t, local) ? tz->DaylightBias : tz->StandardBias);
}

BOOL WINAPI SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *tz,
                                            const SYSTEMTIME *utc, LPSYSTEMTIME local)
{
    TIME_ZONE_INFORMATION cur;
    FILETIME ft;
    LONGLONG t;

    if (!tz) {
        GetTimeZoneInformation(&cur);
        tz = &cur;
    }
    if (!SystemTimeToFileTime(utc, &ft))
        return FALSE;
    t = ft_value(&ft);
    ft_set(&ft, t - (LONGLONG)bias_at(tz, t, FALSE) * TICKS_PER_MINUTE);
    return FileTimeToSystemTime(&ft, local);
}

BOOL WINAPI TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION *tz,
                                            const SYSTEMTIME *local, LPSYSTEMTIME utc)
{
    TIME_ZONE_INFORMATION cur;
    FILETIME ft;
    LONGLONG t;

    if (!tz) {
        GetTimeZoneInformation(&cur);
        tz = &cur;
    }
    if (!SystemTimeToFileTime(local, &ft))
        return FALSE;
    t = ft_value(&ft);
    ft_set(&ft, t + (LONGLONG)bias_at(tz, t, TRUE) * TICKS_PER_MINUTE);
    return FileTimeToSystemTime(&ft, utc);
}
