/* Positional printf parameters (the _printf_p family), built twice like
 * crt_conformance.c: linked to msvcrt.dll and (with _UCRT) to ucrtbase.dll,
 * where MinGW's headers inline the _p functions over
 * __stdio_common_v*printf_p.
 *
 * Expected values: Microsoft's "printf_p positional parameters" page (the
 * November/10 examples, "%1$d times %1$d is %2$d", widths from "*n$", no
 * mixing of positional and non-positional specifiers, every argument used,
 * at most _ARGMAX = 100) and Wine's msvcrt conformance test of _vsprintf_p
 * ("%2$*3$s %2$.*1$s" of 2, "test", 3 is "test te"; "%d %1$d" invokes the
 * invalid parameter handler). A plain printf's "%1$d" is width 1 and the
 * unknown conversion '$': both CRTs print "$d" (msvcrt prints unknown
 * conversions as text; in the UCRT's standard state table '$' after a width
 * returns to the normal state). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <windows.h>

#include "crt_handler.h"
#include "test.h"

static char buf[256];

#ifdef _UCRT
/* MinGW's headers leave _swprintf_p undeclared here: go to the UCRT's
 * entry point as corecrt_wstdio.h's inline function does. */
int __cdecl __stdio_common_vswprintf_p(unsigned __int64 options, wchar_t *buf, size_t n,
                                       const wchar_t *fmt, _locale_t locale, va_list ap);

static int ucrt_swprintf_p(wchar_t *out, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = __stdio_common_vswprintf_p(0, out, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}
#define _swprintf_p ucrt_swprintf_p

int __cdecl __conio_common_vcprintf_p(unsigned __int64 options, const char *fmt,
                                      _locale_t locale, va_list ap);

static int ucrt_cprintf_p(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = __conio_common_vcprintf_p(0, fmt, NULL, ap);
    va_end(ap);
    return r;
}
#define p_cprintf_p ucrt_cprintf_p
#else
/* MinGW's msvcrt import library lacks some of the family (msvcrt.dll has
 * had them since Vista): take those from the DLL. */
static int(__cdecl *p_sprintf_p)(char *, size_t, const char *, ...);
static int(__cdecl *p_scprintf_p)(const char *, ...);
static int(__cdecl *p_swprintf_p)(wchar_t *, size_t, const wchar_t *, ...);
static int(__cdecl *p_cprintf_p)(const char *, ...);
#define _sprintf_p p_sprintf_p
#define _scprintf_p p_scprintf_p
#define _swprintf_p p_swprintf_p

static int load_entries(void)
{
    HMODULE crt = GetModuleHandleA("msvcrt.dll");

    p_sprintf_p = (void *)GetProcAddress(crt, "_sprintf_p");
    p_scprintf_p = (void *)GetProcAddress(crt, "_scprintf_p");
    p_swprintf_p = (void *)GetProcAddress(crt, "_swprintf_p");
    p_cprintf_p = (void *)GetProcAddress(crt, "_cprintf_p");
    return p_sprintf_p && p_scprintf_p && p_swprintf_p && p_cprintf_p;
}
#endif

/* _sprintf_p into buf, checked against the expected text and length. */
#define P_IS(expect, ...)                                                         \
    do {                                                                          \
        int r_ = _sprintf_p(buf, sizeof buf, __VA_ARGS__);                        \
        ok(r_ == (int)strlen(expect) && !strcmp(buf, expect),                     \
           "%s: got \"%s\" (%d), expected \"%s\"", #__VA_ARGS__, buf, r_, expect); \
    } while (0)

/* A format the rules refuse: -1, errno EINVAL (and the UCRT's handler). */
#ifdef _UCRT
#define P_BAD(...)                                                                \
    do {                                                                          \
        int r_, calls_ = handler_calls;                                           \
        errno = 0;                                                                \
        r_ = _sprintf_p(buf, sizeof buf, __VA_ARGS__);                            \
        ok(r_ == -1 && errno == EINVAL && handler_calls == calls_ + 1,            \
           "%s: got %d, errno %d, handler calls %d", #__VA_ARGS__, r_, errno,     \
           handler_calls - calls_);                                               \
    } while (0)
#else
#define P_BAD(...)                                                                \
    do {                                                                          \
        int r_;                                                                   \
        errno = 0;                                                                \
        r_ = _sprintf_p(buf, sizeof buf, __VA_ARGS__);                            \
        ok(r_ == -1 && errno == EINVAL, "%s: got %d, errno %d", #__VA_ARGS__, r_, \
           errno);                                                                \
    } while (0)
#endif

static int vsprintf_p_call(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = _vsprintf_p(out, n, fmt, ap);
    va_end(ap);
    return r;
}

static void test_documented_examples(void)
{
    P_IS("November 10", "%1$s %2$s", "November", "10");
    P_IS("10 November", "%2$s %1$s", "November", "10");
    P_IS("10 times 10 is 100", "%1$d times %1$d is %2$d", 10, 100);
    P_IS("     Hello", "%1$*2$s", "Hello", 10);
    P_IS("     Hello", "%2$*1$s", 10, "Hello");
    /* Without positional specifiers the _p functions are the plain ones. */
    P_IS("1 2 3", "%d %d %d", 1, 2, 3);
    P_IS("[  abc][0.100]", "[%5s][%.3f]", "abc", 0.1);
}

static void test_wine_vsprintf_p(void)
{
    int r;

    r = vsprintf_p_call(buf, sizeof buf, "%s %d", "test", 1234);
    ok(r == 9 && !strcmp(buf, "test 1234"), "plain: %d \"%s\"", r, buf);
    r = vsprintf_p_call(buf, sizeof buf, "%1$d", 1234, "additional param");
    ok(r == 4 && !strcmp(buf, "1234"), "extra argument: %d \"%s\"", r, buf);
    r = vsprintf_p_call(buf, sizeof buf, "%2$s %1$d", 1234, "test");
    ok(r == 9 && !strcmp(buf, "test 1234"), "reordered: %d \"%s\"", r, buf);
    r = vsprintf_p_call(buf, sizeof buf, "%2$*3$s %2$.*1$s", 2, "test", 3);
    ok(r == 7 && !strcmp(buf, "test te"), "width and precision: %d \"%s\"", r, buf);
}

/* Arguments of every size, read in position order from the va_list. */
static void test_argument_types(void)
{
    P_IS("2.5 5000000000 x 7", "%2$.1f %1$I64d %4$c %3$d", 5000000000LL, 2.5, 7, 'x');
    P_IS("0000002A|42|-17", "%3$p|%2$d|%1$d", -17, 42, (void *)0x2a);
    P_IS("b a b", "%2$s %1$s %2$s", "a", "b");
    P_IS("%5", "%%%1$d", 5);
    P_IS("[7  ][+7]", "[%1$-3d][%1$+d]", 7);
    P_IS("9 9", "%1$x %1$d", 9);            /* integers alike in size */
}

static void test_rule_breaks(void)
{
    P_BAD("%d %1$d", 1234);                 /* positional after plain */
    P_BAD("%1$d %d", 1, 2);                 /* plain after positional */
    P_BAD("%1$d %3$d", 1, 2, 3);            /* argument 2 never used */
    P_BAD("%101$d", 1);                     /* beyond _ARGMAX */
    P_BAD("%0$d", 1);                       /* positions start at 1 */
    P_BAD("%1$*d", 1, 2);                   /* width without its position */
    P_BAD("%1$d %1$s", 1);                  /* one argument, two types */
    P_BAD("%1$hd %1$d", 1);                 /* one integer, two sizes */
    P_BAD("%1$", 1);                        /* cut off */

    /* The console form checks the format before writing anything. */
    errno = 0;
    ok(p_cprintf_p("%d %1$d", 1) == -1 && errno == EINVAL, "_cprintf_p: errno %d", errno);
}

static void test_buffer_and_streams(void)
{
    wchar_t wbuf[32];
    char small[5];
    FILE *f;
    int r;

    /* Output that does not fit: a negative result, cut and terminated. */
    r = _sprintf_p(small, sizeof small, "%1$s", "abcdefgh");
    ok(r < 0 && !strcmp(small, "abcd"), "small buffer: %d \"%s\"", r, small);

    r = _scprintf_p("%2$s%1$s", "ab", "cde");
    ok(r == 5, "_scprintf_p: %d", r);

    r = _swprintf_p(wbuf, 32, L"%2$ls-%1$d", 7, L"w");
    ok(r == 3 && !wcscmp(wbuf, L"w-7"), "_swprintf_p: %d", r);

    f = tmpfile();
    ok(f != NULL, "tmpfile");
    if (f) {
        r = _fprintf_p(f, "%2$d%1$d|%3$s", 1, 2, "z");
        rewind(f);
        memset(buf, 0, sizeof buf);
        fgets(buf, sizeof buf, f);
        ok(r == 4 && !strcmp(buf, "21|z"), "_fprintf_p: %d \"%s\"", r, buf);
        fclose(f);
    }
}

/* Plain printf does not take positions: "%1$d" is width 1 and the unknown
 * conversion '$' (printed as text), then "d". */
static void test_plain_printf(void)
{
    int r = sprintf(buf, "%1$d", 5);

    ok(r == 2 && !strcmp(buf, "$d"), "sprintf(\"%%1$d\"): %d \"%s\"", r, buf);
    r = sprintf(buf, "<%2$s>", "a", "b");
    ok(r == 4 && !strcmp(buf, "<$s>"), "sprintf(\"<%%2$s>\"): %d \"%s\"", r, buf);
}

int main(void)
{
#ifdef _UCRT
    _set_invalid_parameter_handler(count_handler);
#else
    ok(load_entries(), "msvcrt.dll exports _sprintf_p, _scprintf_p, _swprintf_p, _cprintf_p");
    if (!p_sprintf_p || !p_scprintf_p || !p_swprintf_p || !p_cprintf_p)
        return test_summary();
#endif
    test_documented_examples();
    test_wine_vsprintf_p();
    test_argument_types();
    test_rule_breaks();
    test_buffer_and_streams();
    test_plain_printf();
    return test_summary();
}
