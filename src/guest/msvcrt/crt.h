/* Private header of our msvcrt.dll: the CRT's own types and constants, and
 * the interfaces between its files.
 *
 * Two kinds of files include it. The portable core (formatting, parsing,
 * strings, conversions: printf_core.c, scanf_core.c, fltcvt.c, strtod.c,
 * strtol.c, string.c, wstring.c, ctype.c, mbcs.c, cmdline.c, timeconv.c,
 * qsort.c) uses no Windows type and no host libc, so the unit tests build it
 * natively with CRT_HOST_TEST defined. The guest files add crtio.h and
 * win32.h on top; the host tests build them too, over an in-memory Win32
 * (tests/unit/test_crt_win32.c), except the i386-only assembly. No MinGW
 * CRT header is ever included: we are the CRT, and its declarations (errno
 * macro, dllimport data) would clash with ours. */
#ifndef MSVCRT_CRT_H
#define MSVCRT_CRT_H

/* Only compiler-provided headers: MinGW's stddef.h and stdarg.h would pull
 * in its CRT declarations (_errno, __threadid...), which clash with ours. */
#include <stdint.h>
#ifdef CRT_HOST_TEST
#include <stddef.h>
#include <stdarg.h>
#else
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#define NULL ((void *)0)
#define offsetof(type, member) __builtin_offsetof(type, member)
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(dst, src) __builtin_va_copy(dst, src)
#endif

#ifdef CRT_HOST_TEST
#include "hostnames.h"
#define CRT_HOST 1
#else
#define CRT_HOST 0
#endif

/* The guest's types, spelled so that they mean the same on the 64-bit host:
 * wchar_t is a UTF-16 unit and long is 32 bits in Win32. */
typedef uint16_t crt_wchar;
typedef int32_t crt_long;
typedef uint32_t crt_ulong;
typedef int64_t crt_int64;
typedef uint64_t crt_uint64;
typedef int32_t crt_time32;
typedef int64_t crt_time64;

#define CRT_WEOF 0xffff
#define CRT_EOF (-1)

/* errno values of msvcrt (errno.h of the Microsoft CRT). */
#define CRT_EPERM 1
#define CRT_ENOENT 2
#define CRT_ESRCH 3
#define CRT_EINTR 4
#define CRT_EIO 5
#define CRT_ENXIO 6
#define CRT_E2BIG 7
#define CRT_ENOEXEC 8
#define CRT_EBADF 9
#define CRT_ECHILD 10
#define CRT_EAGAIN 11
#define CRT_ENOMEM 12
#define CRT_EACCES 13
#define CRT_EFAULT 14
#define CRT_EBUSY 16
#define CRT_EEXIST 17
#define CRT_EXDEV 18
#define CRT_ENODEV 19
#define CRT_ENOTDIR 20
#define CRT_EISDIR 21
#define CRT_EINVAL 22
#define CRT_ENFILE 23
#define CRT_EMFILE 24
#define CRT_ENOTTY 25
#define CRT_EFBIG 27
#define CRT_ENOSPC 28
#define CRT_ESPIPE 29
#define CRT_EROFS 30
#define CRT_EMLINK 31
#define CRT_EPIPE 32
#define CRT_EDOM 33
#define CRT_ERANGE 34
#define CRT_EDEADLK 36
#define CRT_ENAMETOOLONG 38
#define CRT_ENOLCK 39
#define CRT_ENOSYS 40
#define CRT_ENOTEMPTY 41
#define CRT_EILSEQ 42

/* Character classes of the _ctype table (ctype.h of the Microsoft CRT). */
#define CRT_UPPER 0x0001
#define CRT_LOWER 0x0002
#define CRT_DIGIT 0x0004
#define CRT_SPACE 0x0008
#define CRT_PUNCT 0x0010
#define CRT_CONTROL 0x0020
#define CRT_BLANK 0x0040
#define CRT_HEX 0x0080
#define CRT_LEADBYTE 0x8000
#define CRT_ALPHA (0x0100 | CRT_UPPER | CRT_LOWER)

/* struct tm as msvcrt lays it out. */
struct crt_tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

/* errno.c (a host test supplies its own): the calling thread's errno. */
int *__cdecl _errno(void);
#define crt_errno (*_errno())

/* ctype.c */
extern unsigned short _ctype[257];
int __cdecl _isctype(int c, int type);
int __cdecl iswctype(crt_wchar wc, unsigned short type);
int __cdecl towlower(crt_wchar wc);
int __cdecl towupper(crt_wchar wc);
int __cdecl tolower(int c);
int __cdecl toupper(int c);
/* The current locale's case maps for bytes (NULL in "C"); locale.c sets
 * them together with _pctype. */
extern const unsigned char *crt_toupper_map, *crt_tolower_map;
extern const unsigned short *_pctype;
/* Whitespace as isspace() sees it in the C locale, cheap for parsers. */
static inline int crt_isspace(unsigned c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}
static inline int crt_isdigit(unsigned c)
{
    return c >= '0' && c <= '9';
}

/* mbcs.c: multibyte <-> wide conversion of the current locale. In the "C"
 * locale a byte is its own code point (0..255); wider characters do not
 * convert. crt_codepage is 0 in the C locale. */
extern unsigned int crt_codepage;
extern int crt_mb_cur_max;
/* A locale's code page conversions (locale.c supplies them; NULL ops is
 * the "C" locale). mbtowc stores one or, for a UTF-8 character beyond the
 * BMP, two UTF-16 units in wc[]; wctomb converts n (1 or 2) units. */
struct crt_cp_ops {
    int (*mbtowc)(unsigned int cp, crt_wchar wc[2], const char *s, size_t n);
    int (*wctomb)(unsigned int cp, char *mb, const crt_wchar *wc, int n);
    int (*isleadbyte)(unsigned int cp, unsigned char c);
};
struct crt_cpinfo {
    unsigned int cp;
    const struct crt_cp_ops *ops;
};
extern struct crt_cpinfo crt_cur_cp;
/* One character: bytes used (0 for NUL) or -1; see crt_cp_ops. */
int crt_mbchar_l(const struct crt_cpinfo *cp, crt_wchar wc[2], const char *s, size_t n);
int crt_wcchar_l(const struct crt_cpinfo *cp, char *mb, const crt_wchar *wc, int n);
int crt_isleadbyte_l(const struct crt_cpinfo *cp, unsigned char c);
int crt_mbtowc_l(const struct crt_cpinfo *cp, crt_wchar *wc, const char *s, size_t n);
int crt_wctomb_l(const struct crt_cpinfo *cp, char *mb, crt_wchar wc);
int crt_mblen_l(const struct crt_cpinfo *cp, const char *s, size_t n);
size_t crt_mbstowcs_l(const struct crt_cpinfo *cp, crt_wchar *dst, const char *src, size_t n);
size_t crt_wcstombs_l(const struct crt_cpinfo *cp, char *dst, const crt_wchar *src, size_t n);
int crt_mbtowc_cp(crt_wchar *wc, const char *s, size_t n);
int crt_wctomb_cp(char *mb, crt_wchar wc);
int crt_isleadbyte_cp(unsigned char c);

/* fltcvt.c: the decimal digits of a double, as msvcrt produces them. */
enum crt_fltkind { CRT_FLT_ZERO, CRT_FLT_FINITE, CRT_FLT_SPECIAL };
#define CRT_DBL_EXACT_DIGITS 767  /* every digit of any double */
struct crt_digits {
    char d[CRT_DBL_EXACT_DIGITS + 1]; /* significant digits, no terminator, d[0] != '0' unless zero */
    int n;          /* number of digits in d (0 for zero) */
    int decpt;      /* value = 0.d[0]d[1]... * 10^decpt */
    int neg;        /* sign bit of the double */
    int kind;       /* enum crt_fltkind */
};
#define CRT_DBL_DIGITS 17
void crt_fltcvt(double v, struct crt_digits *out);
/* The same to at most `max` digits (ucrtbase prints them all). */
void crt_fltcvt_n(double v, struct crt_digits *out, int max);
void crt_round_digits(struct crt_digits *dg, int keep);
char *crt_cvt(double v, int ndigits, int fixed, int *decpt, int *sign, char *buf, size_t size);

/* printf_core.c: the one format engine behind every printf variant. A sink
 * takes output in char or wchar units. */
struct crt_sink {
    int wide;
    int (*put)(struct crt_sink *s, const void *units, int n);
};
int crt_format(struct crt_sink *sink, const void *fmt, int fmt_wide, va_list ap);
/* The same with the option bits of ucrtbase's __stdio_common_* functions
 * (corecrt_stdio_config.h) plus CRT_FMT_MSVCRT, msvcrt.dll's own face.
 * crt_format uses CRT_FMT_DEFAULT: msvcrt.dll's, or with CRT_UCRT defined
 * (the ucrtbase.dll build of these sources) ucrtbase's. */
#define CRT_FMT_LEGACY_VSPRINTF_NULL_TERMINATION 0x0001u
#define CRT_FMT_STANDARD_SNPRINTF_BEHAVIOR 0x0002u
#define CRT_FMT_LEGACY_WIDE_SPECIFIERS 0x0004u
#define CRT_FMT_LEGACY_MSVCRT_COMPATIBILITY 0x0008u
#define CRT_FMT_LEGACY_THREE_DIGIT_EXPONENTS 0x0010u
#define CRT_FMT_MSVCRT 0x10000u
/* The _p family (_printf_p, __stdio_common_vsprintf_p...): %n$ positional
 * arguments, all or none, at most CRT_ARGMAX of them, and a validated
 * format; a broken rule fails the call with EINVAL (and ucrtbase's invalid
 * parameter handler). */
#define CRT_FMT_POSITIONAL 0x20000u
#define CRT_ARGMAX 100
#ifdef CRT_UCRT
#define CRT_FMT_DEFAULT CRT_FMT_LEGACY_WIDE_SPECIFIERS
#else
#define CRT_FMT_DEFAULT (CRT_FMT_MSVCRT | CRT_FMT_LEGACY_WIDE_SPECIFIERS)
#endif
int crt_format_opt(struct crt_sink *sink, const void *fmt, int fmt_wide, unsigned options,
                   va_list ap);
/* _get_output_format/_set_output_format: _TWO_DIGIT_EXPONENT (1). */
extern unsigned int crt_output_format;

/* A sink into a caller's buffer; counts what would not fit. */
struct crt_strsink {
    struct crt_sink base;
    void *buf;
    size_t cap;     /* units that may be stored */
    size_t len;     /* units produced so far */
};
void crt_strsink_init(struct crt_strsink *s, void *buf, size_t cap, int wide);

/* strtod.c */
double crt_strtod_core(const void *str, int wide, size_t *consumed, int *err);

/* strtol.c: the shared integer parser. */
crt_uint64 crt_strtoi_core(const void *str, int wide, size_t *consumed, int base,
                           int is_signed, crt_uint64 max_pos, int *overflow);

/* scanf_core.c: one scanning engine over a char or wchar source. */
struct crt_source {
    int wide;
    int (*get)(struct crt_source *s);       /* next unit or -1 */
    void (*unget)(struct crt_source *s, int c);
};
int crt_scan(struct crt_source *src, const void *fmt, int fmt_wide, va_list ap);
/* The same with ucrtbase's scanf options (corecrt_stdio_config.h). */
#define CRT_SCAN_SECURECRT 0x0001u
#define CRT_SCAN_LEGACY_WIDE_SPECIFIERS 0x0002u
#define CRT_SCAN_LEGACY_MSVCRT_COMPATIBILITY 0x0004u
#define CRT_SCAN_DEFAULT CRT_SCAN_LEGACY_WIDE_SPECIFIERS
int crt_scan_opt(struct crt_source *src, const void *fmt, int fmt_wide, unsigned options,
                 va_list ap);
/* A source over a counted string. */
struct crt_strsource {
    struct crt_source base;
    const void *str;
    size_t len, pos;
};
void crt_strsource_init(struct crt_strsource *s, const void *str, size_t len, int wide);

/* cmdline.c: Microsoft's argv rules. Returns argc; fills argv and the
 * strings area when they are non-NULL; *chars gets the units needed. */
int crt_parse_cmdline(const char *cmd, char **argv, char *args, size_t *chars);
int crt_parse_wcmdline(const crt_wchar *cmd, crt_wchar **argv, crt_wchar *args,
                       size_t *chars);

/* timeconv.c: calendar arithmetic without time zones. */
int crt_time_to_tm(crt_int64 t, struct crt_tm *tm);
crt_int64 crt_tm_to_time(struct crt_tm *tm);
void crt_asctime_r(const struct crt_tm *tm, char buf[26]);
size_t crt_strftime(char *out, size_t max, const char *fmt, const struct crt_tm *tm);

/* tzenv.c: the TZ variable's Windows syntax and the US daylight rules. */
int crt_tz_parse(const char *tz, crt_long *timezone, char std[4], char dst[4]);
int crt_us_isindst(const struct crt_tm *tm, crt_long dstbias);

/* string.c, wstring.c */
char *crt_strtok_r(char *s, const char *delim, char **ctx);
crt_wchar *crt_wcstok_r(crt_wchar *s, const crt_wchar *delim, crt_wchar **ctx);

/* Shared string helpers of the portable core. */
size_t __cdecl strlen(const char *s);
size_t __cdecl wcslen(const crt_wchar *s);
void *__cdecl memcpy(void *d, const void *s, size_t n);
void *__cdecl memset(void *d, int c, size_t n);
void *__cdecl memmove(void *d, const void *s, size_t n);
int __cdecl memcmp(const void *a, const void *b, size_t n);

#endif
