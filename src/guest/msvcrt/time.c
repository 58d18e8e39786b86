/* Time: time/_time32/_time64, clock, _ftime, gmtime/localtime/mktime and
 * their 32/64-bit forms, asctime/ctime, strftime, _strdate/_strtime.
 *
 * time_t of msvcrt.dll's time() is 32 bits; the _64 forms cover years up
 * to 3000 as msvcrt does. Local time follows the TZ environment variable
 * when it is set and not empty, in the CRT's syntax ("PST8PDT", tzenv.c)
 * with the US daylight-saving rules; otherwise the system's time zone
 * (kernel32's GetTimeZoneInformation: the host's), with its rules applied
 * by SystemTimeToTzSpecificLocalTime and its inverse. The time functions
 * read the zone once (__tzset); _tzset reads it again, skipping the work
 * when TZ has not changed since it was last parsed. */
#include "crtio.h"

#define EPOCH_DIFF 116444736000000000LL     /* 1601 -> 1970 in 100 ns */
#define MAX_TIME64 32535215999LL            /* 3000-12-31 23:59:59 */

struct timeb32 {
    crt_time32 time;
    unsigned short millitm;
    short timezone, dstflag;
};

struct timeb64 {
    crt_time64 time;
    unsigned short millitm;
    short timezone, dstflag;
};

crt_long _timezone;
int _daylight;
/* Microsoft's initial value; a TZ setting leaves it alone. */
crt_long _dstbias = -3600;
static char tz_std[64] = "UTC", tz_dst[64] = "UTC";
char *_tzname[2] = { tz_std, tz_dst };
static int tz_loaded;
/* Whether the zone in force came from TZ (US rules), and that TZ value. */
static int tz_from_env;
static char tz_last[128];

/* _timezone, _daylight, _dstbias and _tzname from the system time zone,
 * as the CRT's _tzset computes them. */
static void tz_from_system(void)
{
    TIME_ZONE_INFORMATION tzi;

    tz_from_env = 0;
    tz_last[0] = 0;
    if (GetTimeZoneInformation(&tzi) == TIME_ZONE_ID_INVALID)
        memset(&tzi, 0, sizeof tzi);
    _timezone = (crt_long)(tzi.Bias + tzi.StandardBias) * 60;
    _daylight = tzi.DaylightDate.wMonth != 0;
    _dstbias = (crt_long)(tzi.DaylightBias - tzi.StandardBias) * 60;
    if (tzi.StandardName[0] &&
        !WideCharToMultiByte(0, 0, tzi.StandardName, -1, tz_std, sizeof tz_std, NULL, NULL))
        tz_std[0] = 0;
    if (tzi.DaylightName[0] &&
        !WideCharToMultiByte(0, 0, tzi.DaylightName, -1, tz_dst, sizeof tz_dst, NULL, NULL))
        tz_dst[0] = 0;
}

/* _timezone, _daylight and _tzname from a TZ value (tzenv.c). msvcrt.dll
 * stores the daylight zone's first character in _daylight, ucrtbase 1. */
static void tz_from_value(const char *tz)
{
    char std[4], dst[4];
    crt_long zone;
    int d;

    if (tz_from_env && !strcmp(tz, tz_last))
        return;
    d = crt_tz_parse(tz, &zone, std, dst);
    _timezone = zone;
#ifdef CRT_UCRT
    _daylight = d != 0;
#else
    _daylight = d;
#endif
    memcpy(tz_std, std, sizeof std);
    memcpy(tz_dst, dst, sizeof dst);
    tz_from_env = 1;
    if (strlen(tz) < sizeof tz_last)
        strcpy(tz_last, tz);
    else
        tz_last[0] = 0;
}

static void tz_update(void)
{
    const char *tz = getenv("TZ");

    if (tz && *tz)
        tz_from_value(tz);
    else
        tz_from_system();
}

/* The CRT's __tzset: the zone is read once, by the first function that
 * needs it (later TZ changes wait for _tzset). */
static void tz_load(void)
{
    if (__atomic_load_n(&tz_loaded, __ATOMIC_ACQUIRE))
        return;
    _lock(CRT_LOCK_TIME);
    if (!tz_loaded) {
        tz_update();
        __atomic_store_n(&tz_loaded, 1, __ATOMIC_RELEASE);
    }
    _unlock(CRT_LOCK_TIME);
}

static void tm_to_systemtime(const struct crt_tm *tm, SYSTEMTIME *st)
{
    st->wYear = (WORD)(tm->tm_year + 1900);
    st->wMonth = (WORD)(tm->tm_mon + 1);
    st->wDayOfWeek = (WORD)tm->tm_wday;
    st->wDay = (WORD)tm->tm_mday;
    st->wHour = (WORD)tm->tm_hour;
    st->wMinute = (WORD)tm->tm_min;
    st->wSecond = (WORD)tm->tm_sec;
    st->wMilliseconds = 0;
}

static crt_time64 systemtime_to_time(const SYSTEMTIME *st)
{
    struct crt_tm tm = { st->wSecond, st->wMinute, st->wHour, st->wDay, st->wMonth - 1,
                         st->wYear - 1900, 0, 0, 0 };

    return crt_tm_to_time(&tm);
}

static LARGE_INTEGER clock_start, clock_freq;

static struct crt_tm *crt_local_tm(crt_time64 t, crt_time64 max, struct crt_tm *tm);

static crt_int64 now_100ns(void)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    return (((crt_int64)ft.dwHighDateTime << 32) | ft.dwLowDateTime) - EPOCH_DIFF;
}

crt_time64 __cdecl _time64(crt_time64 *out)
{
    crt_time64 t = now_100ns() / 10000000;

    if (out)
        *out = t;
    return t;
}

crt_time32 __cdecl _time32(crt_time32 *out)
{
    crt_time32 t = (crt_time32)_time64(NULL);

    if (out)
        *out = t;
    return t;
}

crt_time32 __cdecl time(crt_time32 *out)
{
    return _time32(out);
}

void __cdecl _ftime64(struct timeb64 *tb)
{
    crt_int64 t = now_100ns();
    struct crt_tm tm;

    tb->time = t / 10000000;
    tb->millitm = (unsigned short)(t / 10000 % 1000);
    tz_load();
    tb->timezone = (short)(_timezone / 60);
    tb->dstflag = crt_local_tm(tb->time, MAX_TIME64, &tm) ? (short)(tm.tm_isdst > 0) : 0;
}

void __cdecl _ftime32(struct timeb32 *tb)
{
    struct timeb64 t;

    _ftime64(&t);
    tb->time = (crt_time32)t.time;
    tb->millitm = t.millitm;
    tb->timezone = t.timezone;
    tb->dstflag = t.dstflag;
}

void __cdecl _ftime(struct timeb32 *tb)
{
    _ftime32(tb);
}

/* clock(): milliseconds (CLOCKS_PER_SEC 1000) since the CRT started. */
crt_long __cdecl clock(void)
{
    LARGE_INTEGER now;

    if (!clock_freq.QuadPart) {
        QueryPerformanceFrequency(&clock_freq);
        if (!clock_freq.QuadPart)
            return -1;
    }
    QueryPerformanceCounter(&now);
    return (crt_long)((now.QuadPart - clock_start.QuadPart) * 1000 / clock_freq.QuadPart);
}

void crt_time_init(void)
{
    QueryPerformanceCounter(&clock_start);
}

static struct crt_tm *to_tm(crt_time64 t, crt_time64 max, struct crt_tm *tm)
{
    if (t < 0 || t > max) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    crt_time_to_tm(t, tm);
    return tm;
}

struct crt_tm *__cdecl _gmtime64(const crt_time64 *t)
{
    return t ? to_tm(*t, MAX_TIME64, &crt_thread_data()->tm) : NULL;
}

struct crt_tm *__cdecl _gmtime32(const crt_time32 *t)
{
    return t ? to_tm(*t, 0x7fffffff, &crt_thread_data()->tm) : NULL;
}

struct crt_tm *__cdecl gmtime(const crt_time32 *t)
{
    return _gmtime32(t);
}

/* t (UTC) as local time: tm_isdst is 1 when the offset in force is not
 * the standard one. A local time before 1970 is refused (EINVAL). */
static struct crt_tm *crt_local_tm(crt_time64 t, crt_time64 max, struct crt_tm *tm)
{
    struct crt_tm u;
    SYSTEMTIME st, lt;
    crt_time64 l;

    if (!to_tm(t, max, &u))
        return NULL;
    tz_load();
    if (tz_from_env) {
        /* The CRT's own arithmetic: standard time, then the daylight
         * bias when the US rules say so. */
        l = t - _timezone;
        if (l < 0 || crt_time_to_tm(l, tm) != 0) {
            crt_errno = CRT_EINVAL;
            return NULL;
        }
        if (_daylight && crt_us_isindst(tm, _dstbias)) {
            l -= _dstbias;
            if (l < 0 || crt_time_to_tm(l, tm) != 0) {
                crt_errno = CRT_EINVAL;
                return NULL;
            }
            tm->tm_isdst = 1;
        }
        return tm;
    }
    tm_to_systemtime(&u, &st);
    if (!SystemTimeToTzSpecificLocalTime(NULL, &st, &lt))
        lt = st;
    l = systemtime_to_time(&lt);
    if (l < 0 || crt_time_to_tm(l, tm) != 0) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    tm->tm_isdst = _daylight && t - l != _timezone;
    return tm;
}

struct crt_tm *__cdecl _localtime64(const crt_time64 *t)
{
    return t ? crt_local_tm(*t, MAX_TIME64, &crt_thread_data()->tm) : NULL;
}

struct crt_tm *__cdecl _localtime32(const crt_time32 *t)
{
    return t ? crt_local_tm(*t, 0x7fffffff, &crt_thread_data()->tm) : NULL;
}

struct crt_tm *__cdecl localtime(const crt_time32 *t)
{
    return _localtime32(t);
}

int __cdecl _gmtime64_s(struct crt_tm *tm, const crt_time64 *t)
{
    if (!tm || !t)
        return CRT_EINVAL;
    return to_tm(*t, MAX_TIME64, tm) ? 0 : CRT_EINVAL;
}

int __cdecl _gmtime32_s(struct crt_tm *tm, const crt_time32 *t)
{
    if (!tm || !t)
        return CRT_EINVAL;
    return to_tm(*t, 0x7fffffff, tm) ? 0 : CRT_EINVAL;
}

int __cdecl _localtime64_s(struct crt_tm *tm, const crt_time64 *t)
{
    if (!tm || !t)
        return CRT_EINVAL;
    return crt_local_tm(*t, MAX_TIME64, tm) ? 0 : CRT_EINVAL;
}

int __cdecl _localtime32_s(struct crt_tm *tm, const crt_time32 *t)
{
    if (!tm || !t)
        return CRT_EINVAL;
    return crt_local_tm(*t, 0x7fffffff, tm) ? 0 : CRT_EINVAL;
}

/* mktime: tm is local time (fields may be out of range); tm_isdst > 0
 * says daylight time is in force, 0 standard time, < 0 ask the rules.
 * Normalizes tm as localtime would give it back. */
crt_time64 __cdecl _mktime64(struct crt_tm *tm)
{
    struct crt_tm n, out;
    SYSTEMTIME lt, st;
    crt_time64 l, t;

    if (!tm) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    tz_load();
    n = *tm;
    if ((l = crt_tm_to_time(&n)) < 0)
        return -1;
    if (tz_from_env) {
        /* n is the local time normalized as if it were standard time;
         * a daylight time (given, or found by the rules) adds the bias. */
        t = l + _timezone;
        if (tm->tm_isdst > 0 || (tm->tm_isdst < 0 && _daylight && crt_us_isindst(&n, _dstbias)))
            t += _dstbias;
    } else if (tm->tm_isdst >= 0 || !_daylight) {
        t = l + _timezone + (tm->tm_isdst > 0 && _daylight ? _dstbias : 0);
    } else {
        tm_to_systemtime(&n, &lt);
        if (!TzSpecificLocalTimeToSystemTime(NULL, &lt, &st))
            st = lt;
        t = systemtime_to_time(&st);
    }
    if (t < 0 || t > MAX_TIME64 || !crt_local_tm(t, MAX_TIME64, &out))
        return -1;
    *tm = out;
    return t;
}

crt_time32 __cdecl _mktime32(struct crt_tm *tm)
{
    crt_time64 t = _mktime64(tm);

    return t > 0x7fffffff ? -1 : (crt_time32)t;
}

crt_time32 __cdecl mktime(struct crt_tm *tm)
{
    return _mktime32(tm);
}

/* _mkgmtime: tm is UTC (tm_isdst ignored); normalizes tm as gmtime would
 * give it back. -1 for a time past max (the 32- or 64-bit form's range). */
static crt_time64 mkgmtime(struct crt_tm *tm, crt_time64 max)
{
    struct crt_tm n;
    crt_time64 t;

    if (!tm) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    n = *tm;
    t = crt_tm_to_time(&n);
    if (t < 0 || t > max)
        return -1;
    *tm = n;
    return t;
}

crt_time64 __cdecl _mkgmtime64(struct crt_tm *tm)
{
    return mkgmtime(tm, MAX_TIME64);
}

crt_time32 __cdecl _mkgmtime32(struct crt_tm *tm)
{
    return (crt_time32)mkgmtime(tm, 0x7fffffff);
}

crt_time32 __cdecl _mkgmtime(struct crt_tm *tm)
{
    return _mkgmtime32(tm);
}

double __cdecl _difftime64(crt_time64 a, crt_time64 b)
{
    return (double)(a - b);
}

double __cdecl _difftime32(crt_time32 a, crt_time32 b)
{
    return (double)((crt_time64)a - b);
}

double __cdecl difftime(crt_time32 a, crt_time32 b)
{
    return _difftime32(a, b);
}

char *__cdecl asctime(const struct crt_tm *tm)
{
    char *buf = crt_thread_data()->asctime;

    if (!tm) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    crt_asctime_r(tm, buf);
    return buf;
}

crt_wchar *__cdecl _wasctime(const struct crt_tm *tm)
{
    struct crt_thread *t = crt_thread_data();
    int i;

    if (!asctime(tm))
        return NULL;
    for (i = 0; i < 26; i++)
        t->wasctime[i] = (unsigned char)t->asctime[i];
    return t->wasctime;
}

char *__cdecl _ctime64(const crt_time64 *t)
{
    struct crt_tm *tm = _localtime64(t);
    return tm ? asctime(tm) : NULL;
}

char *__cdecl _ctime32(const crt_time32 *t)
{
    struct crt_tm *tm = _localtime32(t);
    return tm ? asctime(tm) : NULL;
}

char *__cdecl ctime(const crt_time32 *t)
{
    return _ctime32(t);
}

crt_wchar *__cdecl _wctime64(const crt_time64 *t)
{
    struct crt_tm *tm = _localtime64(t);
    return tm ? _wasctime(tm) : NULL;
}

crt_wchar *__cdecl _wctime32(const crt_time32 *t)
{
    struct crt_tm *tm = _localtime32(t);
    return tm ? _wasctime(tm) : NULL;
}

crt_wchar *__cdecl _wctime(const crt_time32 *t)
{
    return _wctime32(t);
}

size_t __cdecl strftime(char *out, size_t max, const char *fmt, const struct crt_tm *tm)
{
    if (!out || !fmt || !tm) {
        crt_errno = CRT_EINVAL;
        return 0;
    }
    return crt_strftime(out, max, fmt, tm);
}

size_t __cdecl wcsftime(crt_wchar *out, size_t max, const crt_wchar *fmt, const struct crt_tm *tm)
{
    char nfmt[256], nout[512];
    size_t n, i;

    if (!out || !fmt || !tm || wcstombs(nfmt, fmt, sizeof(nfmt)) >= sizeof(nfmt)) {
        crt_errno = CRT_EINVAL;
        return 0;
    }
    n = crt_strftime(nout, sizeof(nout), nfmt, tm);
    if (!n || n >= max)
        return 0;
    for (i = 0; i <= n; i++)
        out[i] = (unsigned char)nout[i];
    return n;
}

char *__cdecl _strdate(char *buf)
{
    struct crt_tm tm;

    crt_time_to_tm(_time64(NULL), &tm);
    crt_strftime(buf, 9, "%m/%d/%y", &tm);
    return buf;
}

char *__cdecl _strtime(char *buf)
{
    struct crt_tm tm;

    crt_time_to_tm(_time64(NULL), &tm);
    crt_strftime(buf, 9, "%H:%M:%S", &tm);
    return buf;
}

crt_wchar *__cdecl _wstrdate(crt_wchar *buf)
{
    char a[9];
    int i;

    _strdate(a);
    for (i = 0; i < 9; i++)
        buf[i] = (unsigned char)a[i];
    return buf;
}

crt_wchar *__cdecl _wstrtime(crt_wchar *buf)
{
    char a[9];
    int i;

    _strtime(a);
    for (i = 0; i < 9; i++)
        buf[i] = (unsigned char)a[i];
    return buf;
}

/* _tzset reads TZ (or the system's zone) again, every call. */
void __cdecl _tzset(void)
{
    _lock(CRT_LOCK_TIME);
    tz_update();
    __atomic_store_n(&tz_loaded, 1, __ATOMIC_RELEASE);
    _unlock(CRT_LOCK_TIME);
}

crt_long *__cdecl __p__timezone(void) { return &_timezone; }
int *__cdecl __p__daylight(void) { return &_daylight; }
crt_long *__cdecl __p__dstbias(void) { return &_dstbias; }
char **__cdecl __p__tzname(void) { return _tzname; }
