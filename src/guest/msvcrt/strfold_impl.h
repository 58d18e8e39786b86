/* The string functions that string.c and wstring.c share, included once per
 * character type (no include guard). The includer defines:
 *   STRX_T             the character type (char or crt_wchar)
 *   STRX_C             the type of the fill argument of _strset/_wcsset
 *   STRX(pre, name)    the function name: STRX(_, icmp) is _stricmp or
 *                      _wcsicmp, STRX(, len) is strlen or wcslen
 *   STRX_FOLD(c)       character c in lower case, as an int */

int __cdecl STRX(_, icmp)(const STRX_T *a, const STRX_T *b)
{
    int d;

    for (;; a++, b++) {
        d = STRX_FOLD(*a) - STRX_FOLD(*b);
        if (d || !*a)
            return d;
    }
}

int __cdecl STRX(_, nicmp)(const STRX_T *a, const STRX_T *b, size_t n)
{
    int d;

    for (; n; n--, a++, b++) {
        d = STRX_FOLD(*a) - STRX_FOLD(*b);
        if (d || !*a)
            return d;
    }
    return 0;
}

/* Collation is in code-unit order, as in the "C" locale. */
int __cdecl STRX(, coll)(const STRX_T *a, const STRX_T *b)
{
    return STRX(, cmp)(a, b);
}

int __cdecl STRX(_, icoll)(const STRX_T *a, const STRX_T *b)
{
    return STRX(_, icmp)(a, b);
}

int __cdecl STRX(_, ncoll)(const STRX_T *a, const STRX_T *b, size_t n)
{
    return STRX(, ncmp)(a, b, n);
}

int __cdecl STRX(_, nicoll)(const STRX_T *a, const STRX_T *b, size_t n)
{
    return STRX(_, nicmp)(a, b, n);
}

size_t __cdecl STRX(, xfrm)(STRX_T *dst, const STRX_T *src, size_t n)
{
    size_t len = STRX(, len)(src);

    if (dst && len < n)
        STRX(, cpy)(dst, src);
    return len;
}

/* strtok's work with the caller's context (strtok keeps one per thread). */
STRX_T *STRX(crt_, tok_r)(STRX_T *s, const STRX_T *delim, STRX_T **ctx)
{
    STRX_T *tok;

    if (!s)
        s = *ctx;
    if (!s)
        return NULL;
    s += STRX(, spn)(s, delim);
    if (!*s) {
        *ctx = NULL;
        return NULL;
    }
    tok = s;
    s += STRX(, cspn)(s, delim);
    if (*s)
        *s++ = 0;
    *ctx = s;
    return tok;
}

STRX_T *__cdecl STRX(_, rev)(STRX_T *s)
{
    size_t i, n = STRX(, len)(s);
    STRX_T t;

    for (i = 0; i < n / 2; i++) {
        t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

STRX_T *__cdecl STRX(_, set)(STRX_T *s, STRX_C c)
{
    STRX_T *p;

    for (p = s; *p; p++)
        *p = (STRX_T)c;
    return s;
}

STRX_T *__cdecl STRX(_, nset)(STRX_T *s, STRX_C c, size_t n)
{
    STRX_T *p;

    for (p = s; n && *p; p++, n--)
        *p = (STRX_T)c;
    return s;
}
