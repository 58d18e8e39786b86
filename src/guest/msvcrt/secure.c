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

/* strcpy_s, strcat_s and strncpy_s, then their wide twins. */
#define SEC_T char
#define SEC(name) str##name
#define SEC_NLEN strnlen
#include "secure_impl.h"
#undef SEC_T
#undef SEC
#undef SEC_NLEN

#define SEC_T crt_wchar
#define SEC(name) wcs##name
#define SEC_NLEN wcsnlen
#include "secure_impl.h"

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
