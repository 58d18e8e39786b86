/* The body of crtstring.c, included once per character type (no include
 * guard). The includer defines:
 *   STR_T       the string unit (char, or uint16_t for wchar_t)
 *   STR_U       its unsigned type, for ordering comparisons
 *   STR_C       the type of the character argument of strchr/strrchr
 *   STR(name)   the function name: STR(len) is strlen or wcslen */

size_t __cdecl STR(len)(const STR_T *s)
{
    const STR_T *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t __cdecl STR(nlen)(const STR_T *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int __cdecl STR(cmp)(const STR_T *a, const STR_T *b)
{
    const STR_U *p = (const STR_U *)a, *q = (const STR_U *)b;

    while (*p && *p == *q) {
        p++;
        q++;
    }
    return *p < *q ? -1 : *p > *q;
}

int __cdecl STR(ncmp)(const STR_T *a, const STR_T *b, size_t n)
{
    const STR_U *p = (const STR_U *)a, *q = (const STR_U *)b;

    for (; n; n--, p++, q++) {
        if (*p != *q)
            return *p < *q ? -1 : 1;
        if (!*p)
            break;
    }
    return 0;
}

STR_T *__cdecl STR(cpy)(STR_T *dst, const STR_T *src)
{
    STR_T *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

STR_T *__cdecl STR(ncpy)(STR_T *dst, const STR_T *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

STR_T *__cdecl STR(cat)(STR_T *dst, const STR_T *src)
{
    STR(cpy)(dst + STR(len)(dst), src);
    return dst;
}

STR_T *__cdecl STR(ncat)(STR_T *dst, const STR_T *src, size_t n)
{
    STR_T *d = dst + STR(len)(dst);

    while (n-- && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}

STR_T *__cdecl STR(chr)(const STR_T *s, STR_C c)
{
    for (;; s++) {
        if (*s == (STR_T)c)
            return (STR_T *)s;
        if (!*s)
            return NULL;
    }
}

STR_T *__cdecl STR(rchr)(const STR_T *s, STR_C c)
{
    const STR_T *last = NULL;

    for (;; s++) {
        if (*s == (STR_T)c)
            last = s;
        if (!*s)
            return (STR_T *)last;
    }
}

STR_T *__cdecl STR(str)(const STR_T *s, const STR_T *sub)
{
    size_t n = STR(len)(sub);

    if (!n)
        return (STR_T *)s;
    for (; *s; s++)
        if (*s == *sub && !STR(ncmp)(s, sub, n))
            return (STR_T *)s;
    return NULL;
}

size_t __cdecl STR(spn)(const STR_T *s, const STR_T *accept)
{
    size_t n = 0;

    while (s[n] && STR(chr)(accept, s[n]))
        n++;
    return n;
}

size_t __cdecl STR(cspn)(const STR_T *s, const STR_T *reject)
{
    size_t n = 0;

    while (s[n] && !STR(chr)(reject, s[n]))
        n++;
    return n;
}

STR_T *__cdecl STR(pbrk)(const STR_T *s, const STR_T *accept)
{
    s += STR(cspn)(s, accept);
    return *s ? (STR_T *)s : NULL;
}
