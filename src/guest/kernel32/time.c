/* Time: the system clock, the tick count and the performance counter,
 * from the host's NtQuerySystemTime/NtQueryPerformanceCounter, and sleeping
 * through NtDelayExecution. Local time is UTC: there is no time zone
 * service yet (logged once). */
#include "kernel32_private.h"

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
    NTSTATUS status = NtDelayExecution((BOOLEAN)alertable, k32_timeout(&t, ms));

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

void WINAPI GetLocalTime(LPSYSTEMTIME st)
{
    K32_FIXME_ONCE("GetLocalTime: no time zone information; local time is UTC\n");
    GetSystemTime(st);
}

BOOL WINAPI FileTimeToLocalFileTime(const FILETIME *utc, LPFILETIME local)
{
    K32_FIXME_ONCE("FileTimeToLocalFileTime: no time zone information; local time is UTC\n");
    *local = *utc;
    return TRUE;
}

BOOL WINAPI LocalFileTimeToFileTime(const FILETIME *local, LPFILETIME utc)
{
    K32_FIXME_ONCE("LocalFileTimeToFileTime: no time zone information; local time is UTC\n");
    *utc = *local;
    return TRUE;
}

DWORD WINAPI GetTimeZoneInformation(LPTIME_ZONE_INFORMATION tz)
{
    K32_FIXME_ONCE("GetTimeZoneInformation: no time zone information; reporting UTC\n");
    memset(tz, 0, sizeof(*tz));
    memcpy(tz->StandardName, L"Coordinated Universal Time", 27 * sizeof(WCHAR));
    memcpy(tz->DaylightName, L"Coordinated Universal Time", 27 * sizeof(WCHAR));
    return TIME_ZONE_ID_UNKNOWN;
}
