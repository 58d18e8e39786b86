/* Calendar arithmetic without time zones: seconds since 1970 <-> struct tm,
 * asctime's text and strftime in the "C" locale. time.c adds the clock and
 * the (for now UTC) local time on top. */
#include "crt.h"

static const char day_names[7][10] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
};
static const char month_names[12][10] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"
};

static int is_leap(crt_int64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static const short cumdays[2][13] = {
    { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 },
    { 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366 },
};

/* Days since 1970-01-01 of the first day of year y (proleptic Gregorian). */
static crt_int64 days_before_year(crt_int64 y)
{
    crt_int64 p = y - 1;
    crt_int64 days = 365 * (y - 1970);

    /* Leap days in [1970, y): count those before y minus those before 1970. */
    days += (p / 4 - p / 100 + p / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
    return days;
}

/* Splits t (seconds since 1970, UTC) into tm; t must be >= 0. */
int crt_time_to_tm(crt_int64 t, struct crt_tm *tm)
{
    crt_int64 days = t / 86400, y;
    int secs = (int)(t % 86400), leap, m;

    if (t < 0)
        return -1;
    tm->tm_hour = secs / 3600;
    tm->tm_min = secs / 60 % 60;
    tm->tm_sec = secs % 60;
    tm->tm_wday = (int)((days + 4) % 7);    /* 1970-01-01 was a Thursday */
    y = 1970 + days / 366;
    while (days_before_year(y + 1) <= days)
        y++;
    days -= days_before_year(y);
    leap = is_leap(y);
    for (m = 0; days >= cumdays[leap][m + 1]; m++)
        ;
    tm->tm_year = (int)(y - 1900);
    tm->tm_yday = (int)days;
    tm->tm_mon = m;
    tm->tm_mday = (int)days - cumdays[leap][m] + 1;
    tm->tm_isdst = 0;
    return 0;
}

static crt_int64 floor_div(crt_int64 a, crt_int64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Normalizes tm (months, days, seconds may be out of range), fills
 * tm_wday and tm_yday, and returns seconds since 1970 as if tm were UTC. */
crt_int64 crt_tm_to_time(struct crt_tm *tm)
{
    crt_int64 mon = tm->tm_mon, year = tm->tm_year + 1900LL + floor_div(mon, 12);
    crt_int64 days, t;

    mon -= floor_div(mon, 12) * 12;
    days = days_before_year(year) + cumdays[is_leap(year)][mon] + tm->tm_mday - 1;
    t = days * 86400 + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
    if (t >= 0)
        crt_time_to_tm(t, tm);
    return t;
}

/* asctime's 26-byte form; msvcrt pads the day with a zero: "Wed Jan 02
 * 02:03:55 1980\n". */
void crt_asctime_r(const struct crt_tm *tm, char buf[26])
{
    static const char wd[] = "SunMonTueWedThuFriSat";
    static const char mn[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i, y = tm->tm_year + 1900;
    char *p = buf;

    for (i = 0; i < 3; i++)
        *p++ = wd[(tm->tm_wday % 7) * 3 + i];
    *p++ = ' ';
    for (i = 0; i < 3; i++)
        *p++ = mn[(tm->tm_mon % 12) * 3 + i];
    *p++ = ' ';
    *p++ = (char)('0' + tm->tm_mday / 10 % 10);
    *p++ = (char)('0' + tm->tm_mday % 10);
    *p++ = ' ';
    *p++ = (char)('0' + tm->tm_hour / 10 % 10);
    *p++ = (char)('0' + tm->tm_hour % 10);
    *p++ = ':';
    *p++ = (char)('0' + tm->tm_min / 10 % 10);
    *p++ = (char)('0' + tm->tm_min % 10);
    *p++ = ':';
    *p++ = (char)('0' + tm->tm_sec / 10 % 10);
    *p++ = (char)('0' + tm->tm_sec % 10);
    *p++ = ' ';
    *p++ = (char)('0' + y / 1000 % 10);
    *p++ = (char)('0' + y / 100 % 10);
    *p++ = (char)('0' + y / 10 % 10);
    *p++ = (char)('0' + y % 10);
    *p++ = '\n';
    *p = 0;
}

struct sbuf {
    char *out;
    size_t max, n;
    int full;
};

static void sb_puts(struct sbuf *b, const char *s)
{
    for (; *s; s++) {
        if (b->n + 1 >= b->max) {
            b->full = 1;
            return;
        }
        b->out[b->n++] = *s;
    }
}

static void sb_num(struct sbuf *b, int v, int digits, int nopad)
{
    char tmp[16];
    int n = 0, i;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || (!nopad && n < digits));
    if (v < 0)
        tmp[n++] = '-';
    for (i = 0; i < n / 2; i++) {
        char t = tmp[i];
        tmp[i] = tmp[n - 1 - i];
        tmp[n - 1 - i] = t;
    }
    tmp[n] = 0;
    sb_puts(b, tmp);
}

/* Week number with weeks starting on `first` (0 Sunday, 1 Monday). */
static int week_of_year(const struct crt_tm *tm, int first)
{
    int wd = (tm->tm_wday - first + 7) % 7;
    return (tm->tm_yday - wd + 7) / 7;
}

static void sb_abbr(struct sbuf *b, const char *name)
{
    char t[4] = { name[0], name[1], name[2], 0 };
    sb_puts(b, t);
}

/* strftime for the "C" locale with msvcrt's conversions (%c is
 * "%m/%d/%y %H:%M:%S", %x "%m/%d/%y", %X "%H:%M:%S") and its '#' flag
 * (no leading zeros; long date for %#c and %#x). Returns the length, or 0
 * if the result (with its terminator) does not fit. */
size_t crt_strftime(char *out, size_t max, const char *fmt, const struct crt_tm *tm)
{
    struct sbuf b = { out, max, 0, 0 };
    const char *f;
    char one[2] = { 0, 0 };
    int alt;

    if (!max)
        return 0;
    for (f = fmt; *f && !b.full; f++) {
        if (*f != '%') {
            one[0] = *f;
            sb_puts(&b, one);
            continue;
        }
        alt = f[1] == '#';
        if (alt)
            f++;
        switch (*++f) {
        case 'a': sb_abbr(&b, day_names[tm->tm_wday % 7]); break;
        case 'A': sb_puts(&b, day_names[tm->tm_wday % 7]); break;
        case 'b': case 'h': sb_abbr(&b, month_names[tm->tm_mon % 12]); break;
        case 'B': sb_puts(&b, month_names[tm->tm_mon % 12]); break;
        case 'c':
            if (alt) {
                sb_puts(&b, day_names[tm->tm_wday % 7]);
                sb_puts(&b, ", ");
                sb_puts(&b, month_names[tm->tm_mon % 12]);
                sb_puts(&b, " ");
                sb_num(&b, tm->tm_mday, 2, 1);
                sb_puts(&b, ", ");
                sb_num(&b, tm->tm_year + 1900, 4, 1);
                sb_puts(&b, " ");
                sb_num(&b, tm->tm_hour, 2, 1);
            } else {
                sb_num(&b, tm->tm_mon + 1, 2, 0);
                sb_puts(&b, "/");
                sb_num(&b, tm->tm_mday, 2, 0);
                sb_puts(&b, "/");
                sb_num(&b, tm->tm_year % 100, 2, 0);
                sb_puts(&b, " ");
                sb_num(&b, tm->tm_hour, 2, 0);
            }
            sb_puts(&b, ":");
            sb_num(&b, tm->tm_min, 2, 0);
            sb_puts(&b, ":");
            sb_num(&b, tm->tm_sec, 2, 0);
            break;
        case 'd': sb_num(&b, tm->tm_mday, 2, alt); break;
        case 'H': sb_num(&b, tm->tm_hour, 2, alt); break;
        case 'I': sb_num(&b, (tm->tm_hour + 11) % 12 + 1, 2, alt); break;
        case 'j': sb_num(&b, tm->tm_yday + 1, 3, alt); break;
        case 'm': sb_num(&b, tm->tm_mon + 1, 2, alt); break;
        case 'M': sb_num(&b, tm->tm_min, 2, alt); break;
        case 'p': sb_puts(&b, tm->tm_hour < 12 ? "AM" : "PM"); break;
        case 'S': sb_num(&b, tm->tm_sec, 2, alt); break;
        case 'U': sb_num(&b, week_of_year(tm, 0), 2, alt); break;
        case 'w': sb_num(&b, tm->tm_wday, 1, alt); break;
        case 'W': sb_num(&b, week_of_year(tm, 1), 2, alt); break;
        case 'x':
            if (alt) {
                sb_puts(&b, day_names[tm->tm_wday % 7]);
                sb_puts(&b, ", ");
                sb_puts(&b, month_names[tm->tm_mon % 12]);
                sb_puts(&b, " ");
                sb_num(&b, tm->tm_mday, 2, 1);
                sb_puts(&b, ", ");
                sb_num(&b, tm->tm_year + 1900, 4, 1);
            } else {
                sb_num(&b, tm->tm_mon + 1, 2, 0);
                sb_puts(&b, "/");
                sb_num(&b, tm->tm_mday, 2, 0);
                sb_puts(&b, "/");
                sb_num(&b, tm->tm_year % 100, 2, 0);
            }
            break;
        case 'X':
            sb_num(&b, tm->tm_hour, 2, alt);
            sb_puts(&b, ":");
            sb_num(&b, tm->tm_min, 2, alt);
            sb_puts(&b, ":");
            sb_num(&b, tm->tm_sec, 2, alt);
            break;
        case 'y': sb_num(&b, tm->tm_year % 100, 2, alt); break;
        case 'Y': sb_num(&b, tm->tm_year + 1900, 4, alt); break;
        case 'z': case 'Z': break;     /* no time zone information yet */
        case '%': sb_puts(&b, "%"); break;
        case 0: f--; break;
        default: break;
        }
    }
    if (b.full)
        return 0;
    out[b.n] = 0;
    return b.n;
}
