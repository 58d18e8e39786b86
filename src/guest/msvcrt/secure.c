/* The bounds-checked string functions msvcrt.dll exports (strcpy_s and
 * friends), for programs built with MinGW's secure API. Invalid arguments
 * give EINVAL; a result that does not fit empties the destination and gives
 * ERANGE; strncpy_s with _TRUNCATE (-1) cuts and returns STRUNCATE (80). */
#include "crtio.h"

#define STRUNCATE 80
#define TRUNCATE ((size_t)-1)

static int fail(int err)
{
    crt_errno = err;
    return err;
}

int __cdecl strcpy_s(char *dst, size_t size, const char *src)
{
    size_t n;

    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    n = strnlen(src, size);
    if (n == size) {
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    memcpy(dst, src, n + 1);
    return 0;
}

int __cdecl strcat_s(char *dst, size_t size, const char *src)
{
    size_t used;

    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    used = strnlen(dst, size);
    if (used == size || strcpy_s(dst + used, size - used, src)) {
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    return 0;
}

int __cdecl strncpy_s(char *dst, size_t size, const char *src, size_t count)
{
    size_t n;

    if (!count && !dst && !size)
        return 0;
    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    n = strnlen(src, count == TRUNCATE ? size : count);
    if (n >= size) {
        if (count == TRUNCATE) {
            memcpy(dst, src, size - 1);
            dst[size - 1] = 0;
            return STRUNCATE;
        }
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    memcpy(dst, src, n);
    dst[n] = 0;
    return 0;
}

int __cdecl wcscpy_s(crt_wchar *dst, size_t size, const crt_wchar *src)
{
    size_t n;

    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    n = wcsnlen(src, size);
    if (n == size) {
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    memcpy(dst, src, (n + 1) * sizeof(crt_wchar));
    return 0;
}

int __cdecl wcscat_s(crt_wchar *dst, size_t size, const crt_wchar *src)
{
    size_t used;

    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    used = wcsnlen(dst, size);
    if (used == size || wcscpy_s(dst + used, size - used, src)) {
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    return 0;
}

int __cdecl wcsncpy_s(crt_wchar *dst, size_t size, const crt_wchar *src, size_t count)
{
    size_t n;

    if (!count && !dst && !size)
        return 0;
    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    n = wcsnlen(src, count == TRUNCATE ? size : count);
    if (n >= size) {
        if (count == TRUNCATE) {
            memcpy(dst, src, (size - 1) * sizeof(crt_wchar));
            dst[size - 1] = 0;
            return STRUNCATE;
        }
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    memcpy(dst, src, n * sizeof(crt_wchar));
    dst[n] = 0;
    return 0;
}

int __cdecl memmove_s(void *dst, size_t size, const void *src, size_t count)
{
    if (!count)
        return 0;
    if (!dst || !src)
        return fail(CRT_EINVAL);
    if (count > size)
        return fail(CRT_ERANGE);
    memmove(dst, src, count);
    return 0;
}

int __cdecl memcpy_s(void *dst, size_t size, const void *src, size_t count)
{
    if (!count)
        return 0;
    if (!dst)
        return fail(CRT_EINVAL);
    if (!src) {
        memset(dst, 0, size);
        return fail(CRT_EINVAL);
    }
    if (count > size) {
        memset(dst, 0, size);
        return fail(CRT_ERANGE);
    }
    memmove(dst, src, count);
    return 0;
}
