/* The wide string functions (wchar_t is a UTF-16 unit). Case folding goes
 * through towlower, so _wcsicmp folds what ctype.c knows. The wcs*
 * functions that are the same as ntdll's (wcslen, wcscmp, wcscpy, wcschr,
 * wcsstr, ...) are in ../common/crtstring.c. */
#include "crtfuncs.h"

int __cdecl _wcsicmp(const crt_wchar *a, const crt_wchar *b)
{
    int d;

    for (;; a++, b++) {
        d = towlower(*a) - towlower(*b);
        if (d || !*a)
            return d;
    }
}

int __cdecl _wcsnicmp(const crt_wchar *a, const crt_wchar *b, size_t n)
{
    int d;

    for (; n; n--, a++, b++) {
        d = towlower(*a) - towlower(*b);
        if (d || !*a)
            return d;
    }
    return 0;
}

int __cdecl wcscoll(const crt_wchar *a, const crt_wchar *b)
{
    return wcscmp(a, b);
}

int __cdecl _wcsicoll(const crt_wchar *a, const crt_wchar *b)
{
    return _wcsicmp(a, b);
}

int __cdecl _wcsncoll(const crt_wchar *a, const crt_wchar *b, size_t n)
{
    return wcsncmp(a, b, n);
}

int __cdecl _wcsnicoll(const crt_wchar *a, const crt_wchar *b, size_t n)
{
    return _wcsnicmp(a, b, n);
}

size_t __cdecl wcsxfrm(crt_wchar *dst, const crt_wchar *src, size_t n)
{
    size_t len = wcslen(src);

    if (dst && len < n)
        wcscpy(dst, src);
    return len;
}

crt_wchar *crt_wcstok_r(crt_wchar *s, const crt_wchar *delim, crt_wchar **ctx)
{
    crt_wchar *tok;

    if (!s)
        s = *ctx;
    if (!s)
        return NULL;
    s += wcsspn(s, delim);
    if (!*s) {
        *ctx = NULL;
        return NULL;
    }
    tok = s;
    s += wcscspn(s, delim);
    if (*s)
        *s++ = 0;
    *ctx = s;
    return tok;
}

crt_wchar *__cdecl _wcslwr(crt_wchar *s)
{
    crt_wchar *p;

    for (p = s; *p; p++)
        *p = (crt_wchar)towlower(*p);
    return s;
}

crt_wchar *__cdecl _wcsupr(crt_wchar *s)
{
    crt_wchar *p;

    for (p = s; *p; p++)
        *p = (crt_wchar)towupper(*p);
    return s;
}

crt_wchar *__cdecl _wcsrev(crt_wchar *s)
{
    size_t i, n = wcslen(s);
    crt_wchar t;

    for (i = 0; i < n / 2; i++) {
        t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

crt_wchar *__cdecl _wcsset(crt_wchar *s, crt_wchar c)
{
    crt_wchar *p;

    for (p = s; *p; p++)
        *p = c;
    return s;
}

crt_wchar *__cdecl _wcsnset(crt_wchar *s, crt_wchar c, size_t n)
{
    crt_wchar *p;

    for (p = s; n && *p; p++, n--)
        *p = c;
    return s;
}
