/* The narrow string and memory functions (string.h, plus msvcrt's own
 * _stricmp family). Case-insensitive comparisons fold ASCII only, as in the
 * "C" locale. Functions that need the heap or per-thread state (_strdup,
 * strtok) live in guest files. memcmp, memchr and the str* functions that
 * are the same as ntdll's (strlen, strcmp, strcpy, strchr, strstr, ...) are
 * in ../common/crtstring.c. */
#include "crtfuncs.h"

/* msvcrt's memcpy tolerates overlap like memmove; programs depend on it. */
void *__cdecl memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d == s || !n)
        return dst;
#if defined(__i386__) && !defined(CRT_HOST_TEST)
    typedef uint32_t __attribute__((may_alias, aligned(1))) word;

    if ((d < s || d >= s + n) && n >= 64) {
        __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    } else if (d < s || d >= s + n) {
        /* Short copies in words: rep movsb takes ~30 cycles to start.
         * Forward with d below s, a write never reaches a byte still to
         * be read (they are at s + 4 and above). */
        while (n >= 4) {
            *(word *)d = *(const word *)s;
            d += 4, s += 4, n -= 4;
        }
        while (n--)
            *d++ = *s++;
    } else {
        /* Backwards, d above s. Not "std; rep movsb": with the direction
         * flag set the string microcode copies a byte at a time, after
         * ~30 cycles to set and clear the flag, which made the short
         * overlapping moves of bzip2's move-to-front step 1.5x slower
         * than glibc (bench/, bzip2_decompress). Words from the top down;
         * each is read before it is written, and a write (at d + n or
         * above, above s + n - 1) never lands on a byte still to be read. */
        while (n >= 4) {
            n -= 4;
            *(word *)(d + n) = *(const word *)(s + n);
        }
        while (n--)
            d[n] = s[n];
    }
#else
    if (d < s || d >= s + n) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
#endif
    return dst;
}

void *__cdecl memcpy(void *dst, const void *src, size_t n)
{
    return memmove(dst, src, n);
}

void *__cdecl memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

#if defined(__i386__) && !defined(CRT_HOST_TEST)
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
#else
    while (n--)
        *d++ = (unsigned char)c;
#endif
    return dst;
}

void *__cdecl _memccpy(void *dst, const void *src, int c, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--) {
        if ((*d++ = *s++) == (unsigned char)c)
            return d;
    }
    return NULL;
}

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int __cdecl _memicmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    int d;

    for (; n; n--, p++, q++)
        if ((d = fold(*p) - fold(*q)))
            return d;
    return 0;
}

/* _stricmp, _strnicmp, the strcoll family, strxfrm, strtok's core,
 * _strrev, _strset and _strnset (wstring.c has their wide twins). */
#define STRX_T char
#define STRX_C int
#define STRX(pre, name) pre##str##name
#define STRX_FOLD(c) fold((unsigned char)(c))
#include "strfold_impl.h"

char *__cdecl _strlwr(char *s)
{
    char *p;

    for (p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p += 32;
    return s;
}

char *__cdecl _strupr(char *s)
{
    char *p;

    for (p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p -= 32;
    return s;
}

void __cdecl _swab(char *src, char *dst, int n)
{
    char t;

    for (; n > 1; n -= 2, src += 2, dst += 2) {
        t = src[0];
        dst[0] = src[1];
        dst[1] = t;
    }
}
