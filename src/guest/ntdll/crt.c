/* The subset of the C runtime that Windows' ntdll exports (cdecl), plus
 * the Rtl memory functions (stdcall). Other guest DLLs import these, and
 * gcc's own calls to memcpy/memset inside ntdll land here.
 * Case-insensitive functions fold ASCII only, as ntdll's do.
 * The other string functions (memcmp, memchr, str*, wcs*) are the same
 * as msvcrt's: they live in ../common/crtstring.c. */
#include "ntdll_private.h"

/* winnt.h maps these names to the CRT with macros; here they are real. */
#undef RtlMoveMemory
#undef RtlFillMemory
#undef RtlZeroMemory
#undef RtlCopyMemory

typedef uint32_t __attribute__((may_alias, aligned(1))) u32_alias;

/* ---- memory ---- */

void *__cdecl memcpy(void *dst, const void *src, size_t n)
{
    void *ret = dst;
    size_t words = n >> 2;

    /* The ABI guarantees a clear direction flag. */
    __asm__ volatile ("rep movsl" : "+D" (dst), "+S" (src), "+c" (words) : : "memory");
    n &= 3;
    __asm__ volatile ("rep movsb" : "+D" (dst), "+S" (src), "+c" (n) : : "memory");
    return ret;
}

void *__cdecl memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d;
    const unsigned char *s;

    if ((uintptr_t)dst - (uintptr_t)src >= n)
        return memcpy(dst, src, n);  /* no harmful overlap going forward */
    d = (unsigned char *)dst + n;
    s = (const unsigned char *)src + n;
    while (n >= 4) {
        d -= 4;
        s -= 4;
        n -= 4;
        *(u32_alias *)d = *(const u32_alias *)s;
    }
    while (n--)
        *--d = *--s;
    return dst;
}

void *__cdecl memset(void *dst, int c, size_t n)
{
    void *ret = dst, *p = dst;
    uint32_t v = (unsigned char)c * 0x01010101u;
    size_t words = n >> 2;

    __asm__ volatile ("rep stosl" : "+D" (p), "+c" (words) : "a" (v) : "memory");
    n &= 3;
    __asm__ volatile ("rep stosb" : "+D" (p), "+c" (n) : "a" (v) : "memory");
    return ret;
}

void NTAPI RtlMoveMemory(void *dst, const void *src, SIZE_T n)
{
    memmove(dst, src, n);
}

void NTAPI RtlFillMemory(void *dst, SIZE_T n, BYTE fill)
{
    memset(dst, fill, n);
}

void NTAPI RtlZeroMemory(void *dst, SIZE_T n)
{
    memset(dst, 0, n);
}

/* The number of leading bytes that match. */
SIZE_T NTAPI RtlCompareMemory(const VOID *a, const VOID *b, SIZE_T n)
{
    const unsigned char *p = a, *q = b;
    SIZE_T i = 0;

    while (i < n && p[i] == q[i])
        i++;
    return i;
}

/* ---- narrow strings (the rest: common/crtstring.c) ---- */

int __cdecl _strnicmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        int x = ntdll_tolower((unsigned char)*a), y = ntdll_tolower((unsigned char)*b);

        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            break;
    }
    return 0;
}

int __cdecl _stricmp(const char *a, const char *b)
{
    return _strnicmp(a, b, (size_t)-1);
}

int __cdecl _strcmpi(const char *a, const char *b)
{
    return _strnicmp(a, b, (size_t)-1);
}

char *__cdecl _strlwr(char *s)
{
    char *p;

    for (p = s; *p; p++)
        *p = (char)ntdll_tolower((unsigned char)*p);
    return s;
}

char *__cdecl _strupr(char *s)
{
    char *p;

    for (p = s; *p; p++)
        *p = (char)ntdll_toupper((unsigned char)*p);
    return s;
}

/* ---- wide strings (the rest: common/crtstring.c) ---- */

int __cdecl _wcsnicmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    for (; n; n--, a++, b++) {
        WCHAR x = ntdll_towlower(*a), y = ntdll_towlower(*b);

        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            break;
    }
    return 0;
}

int __cdecl _wcsicmp(const wchar_t *a, const wchar_t *b)
{
    return _wcsnicmp(a, b, (size_t)-1);
}

wchar_t *__cdecl _wcslwr(wchar_t *s)
{
    wchar_t *p;

    for (p = s; *p; p++)
        *p = ntdll_towlower(*p);
    return s;
}

wchar_t *__cdecl _wcsupr(wchar_t *s)
{
    wchar_t *p;

    for (p = s; *p; p++)
        *p = ntdll_towupper(*p);
    return s;
}

/* ---- characters (the "C" locale) ---- */

int __cdecl toupper(int c)
{
    return ntdll_toupper(c);
}

int __cdecl tolower(int c)
{
    return ntdll_tolower(c);
}

wint_t __cdecl towupper(wint_t c)
{
    return ntdll_towupper(c);
}

wint_t __cdecl towlower(wint_t c)
{
    return ntdll_towlower(c);
}

int __cdecl isdigit(int c) { return c >= '0' && c <= '9'; }
int __cdecl isupper(int c) { return c >= 'A' && c <= 'Z'; }
int __cdecl islower(int c) { return c >= 'a' && c <= 'z'; }
int __cdecl isalpha(int c) { return isupper(c) || islower(c); }
int __cdecl isalnum(int c) { return isalpha(c) || isdigit(c); }
int __cdecl isxdigit(int c) { return isdigit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f'); }
int __cdecl isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
int __cdecl iscntrl(int c) { return (c >= 0 && c < 0x20) || c == 0x7f; }
int __cdecl isprint(int c) { return c >= 0x20 && c < 0x7f; }
int __cdecl isgraph(int c) { return c > 0x20 && c < 0x7f; }
int __cdecl ispunct(int c) { return isgraph(c) && !isalnum(c); }
int __cdecl iswdigit(wint_t c) { return c >= '0' && c <= '9'; }
int __cdecl iswspace(wint_t c) { return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0; }
int __cdecl iswalpha(wint_t c) { return ntdll_towupper(c) != ntdll_towlower(c) || (c < 0x80 && isalpha(c)); }
int __cdecl iswlower(wint_t c) { return ntdll_towupper(c) != c; }
int __cdecl iswupper(wint_t c) { return ntdll_towlower(c) != c; }
int __cdecl iswxdigit(wint_t c) { return c < 0x80 && isxdigit(c); }

/* ---- numbers ---- */

static unsigned long long parse_unsigned(const char *s, const char **end, int base, int *neg,
                                         int *overflow, unsigned long long limit)
{
    unsigned long long v = 0;
    const char *start = s;
    int any = 0;

    *neg = 0;
    *overflow = 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '-' || *s == '+')
        *neg = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 32) == 'x' && isxdigit((unsigned char)s[2]))
        s += 2, base = 16;
    else if (base == 0)
        base = s[0] == '0' ? 8 : 10;
    if (base < 2 || base > 36) {
        *end = start;
        return 0;
    }
    for (;; s++) {
        int d = isdigit((unsigned char)*s) ? *s - '0'
              : isalpha((unsigned char)*s) ? (*s | 32) - 'a' + 10 : 99;

        if (d >= base)
            break;
        any = 1;
        if (v > (limit - d) / base)
            *overflow = 1;
        else
            v = v * base + d;
    }
    *end = any ? s : start;
    return v;
}

long __cdecl strtol(const char *s, char **end, int base)
{
    const char *e;
    int neg, ovf;
    unsigned long long v = parse_unsigned(s, &e, base, &neg, &ovf, 0xFFFFFFFFull);

    if (end)
        *end = (char *)e;
    if (neg) {
        if (ovf || v > 0x80000000ull)
            return (long)0x80000000;
        return -(long)v;
    }
    return ovf || v > 0x7FFFFFFF ? 0x7FFFFFFF : (long)v;
}

unsigned long __cdecl strtoul(const char *s, char **end, int base)
{
    const char *e;
    int neg, ovf;
    unsigned long long v = parse_unsigned(s, &e, base, &neg, &ovf, 0xFFFFFFFFull);

    if (end)
        *end = (char *)e;
    if (ovf)
        return 0xFFFFFFFFul;
    return neg ? (unsigned long)(0u - (unsigned long)v) : (unsigned long)v;
}

long long __cdecl _atoi64(const char *s)
{
    const char *e;
    int neg, ovf;
    unsigned long long v = parse_unsigned(s, &e, 10, &neg, &ovf, ~0ull);

    return neg ? -(long long)v : (long long)v;
}

int __cdecl atoi(const char *s)
{
    return (int)_atoi64(s);
}

long __cdecl atol(const char *s)
{
    return (long)_atoi64(s);
}

static char *format_unsigned(unsigned long long v, char *buf, int radix, int neg)
{
    char tmp[66];
    int n = 0, i = 0;

    if (radix < 2 || radix > 36) {
        buf[0] = 0;
        return buf;
    }
    do {
        int d = (int)(v % radix);

        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= radix;
    } while (v);
    if (neg)
        buf[i++] = '-';
    while (n)
        buf[i++] = tmp[--n];
    buf[i] = 0;
    return buf;
}

char *__cdecl _ui64toa(unsigned long long v, char *buf, int radix)
{
    return format_unsigned(v, buf, radix, 0);
}

char *__cdecl _i64toa(long long v, char *buf, int radix)
{
    if (radix == 10 && v < 0)
        return format_unsigned(0ull - (unsigned long long)v, buf, radix, 1);
    return format_unsigned((unsigned long long)v, buf, radix, 0);
}

char *__cdecl _ultoa(unsigned long v, char *buf, int radix)
{
    return format_unsigned(v, buf, radix, 0);
}

char *__cdecl _ltoa(long v, char *buf, int radix)
{
    if (radix == 10 && v < 0)
        return format_unsigned(0ull - (unsigned long long)(long long)v, buf, radix, 1);
    return format_unsigned((unsigned long)v, buf, radix, 0);
}

char *__cdecl _itoa(int v, char *buf, int radix)
{
    return _ltoa(v, buf, radix);
}

static wchar_t *widen(const char *src, wchar_t *dst)
{
    int i = 0;

    do
        dst[i] = (unsigned char)src[i];
    while (src[i++]);
    return dst;
}

wchar_t *__cdecl _ltow(long v, wchar_t *buf, int radix)
{
    char tmp[66];

    return widen(_ltoa(v, tmp, radix), buf);
}

wchar_t *__cdecl _itow(int v, wchar_t *buf, int radix)
{
    return _ltow(v, buf, radix);
}

wchar_t *__cdecl _ultow(unsigned long v, wchar_t *buf, int radix)
{
    char tmp[66];

    return widen(_ultoa(v, tmp, radix), buf);
}

/* Narrowing for the _wto* functions: digits are ASCII. */
static const char *narrow(const wchar_t *src, char *dst, size_t size)
{
    size_t i;

    for (i = 0; i + 1 < size && src[i]; i++)
        dst[i] = src[i] < 0x80 ? (char)src[i] : '?';
    dst[i] = 0;
    return dst;
}

long __cdecl _wtol(const wchar_t *s)
{
    char tmp[80];

    return atol(narrow(s, tmp, sizeof(tmp)));
}

int __cdecl _wtoi(const wchar_t *s)
{
    return (int)_wtol(s);
}

/* ---- sorting and searching ---- */

static void swap_bytes(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;

        *a++ = *b;
        *b++ = t;
    }
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
                      int (__cdecl *cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;

        if (child >= n)
            return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap_bytes(base + root * size, base + child * size, size);
        root = child;
    }
}

/* Heapsort: O(n log n) without recursion or scratch memory. */
void __cdecl qsort(void *base, size_t n, size_t size, int (__cdecl *cmp)(const void *, const void *))
{
    char *b = base;
    size_t i;

    if (n < 2 || !size)
        return;
    for (i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (i = n - 1; i > 0; i--) {
        swap_bytes(b, b + i * size, size);
        sift_down(b, 0, i, size, cmp);
    }
}

void *__cdecl bsearch(const void *key, const void *base, size_t n, size_t size,
                      int (__cdecl *cmp)(const void *, const void *))
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *p = (const char *)base + mid * size;
        int r = cmp(key, p);

        if (!r)
            return (void *)p;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int __cdecl abs(int v)
{
    return v < 0 ? -v : v;
}

long __cdecl labs(long v)
{
    return v < 0 ? -v : v;
}
