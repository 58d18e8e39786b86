/* The wide string functions (wchar_t is a UTF-16 unit). Case folding goes
 * through towlower, so _wcsicmp folds what ctype.c knows. */
#include "crt.h"

size_t __cdecl wcslen(const crt_wchar *s)
{
    const crt_wchar *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t __cdecl wcsnlen(const crt_wchar *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

crt_wchar *__cdecl wcscpy(crt_wchar *dst, const crt_wchar *src)
{
    crt_wchar *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

crt_wchar *__cdecl wcsncpy(crt_wchar *dst, const crt_wchar *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

crt_wchar *__cdecl wcscat(crt_wchar *dst, const crt_wchar *src)
{
    wcscpy(dst + wcslen(dst), src);
    return dst;
}

crt_wchar *__cdecl wcsncat(crt_wchar *dst, const crt_wchar *src, size_t n)
{
    crt_wchar *d = dst + wcslen(dst);

    while (n-- && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}

int __cdecl wcscmp(const crt_wchar *a, const crt_wchar *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a < *b ? -1 : *a > *b;
}

int __cdecl wcsncmp(const crt_wchar *a, const crt_wchar *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return *a < *b ? -1 : 1;
        if (!*a)
            break;
    }
    return 0;
}

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

crt_wchar *__cdecl wcschr(const crt_wchar *s, crt_wchar c)
{
    for (;; s++) {
        if (*s == c)
            return (crt_wchar *)s;
        if (!*s)
            return NULL;
    }
}

crt_wchar *__cdecl wcsrchr(const crt_wchar *s, crt_wchar c)
{
    const crt_wchar *r = NULL;

    for (;; s++) {
        if (*s == c)
            r = s;
        if (!*s)
            return (crt_wchar *)r;
    }
}

crt_wchar *__cdecl wcsstr(const crt_wchar *s, const crt_wchar *sub)
{
    size_t n = wcslen(sub);

    if (!n)
        return (crt_wchar *)s;
    for (; *s; s++)
        if (*s == *sub && !wcsncmp(s, sub, n))
            return (crt_wchar *)s;
    return NULL;
}

size_t __cdecl wcsspn(const crt_wchar *s, const crt_wchar *accept)
{
    size_t n = 0;

    while (s[n] && wcschr(accept, s[n]))
        n++;
    return n;
}

size_t __cdecl wcscspn(const crt_wchar *s, const crt_wchar *reject)
{
    size_t n = 0;

    while (s[n] && !wcschr(reject, s[n]))
        n++;
    return n;
}

crt_wchar *__cdecl wcspbrk(const crt_wchar *s, const crt_wchar *accept)
{
    for (; *s; s++)
        if (wcschr(accept, *s))
            return (crt_wchar *)s;
    return NULL;
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
