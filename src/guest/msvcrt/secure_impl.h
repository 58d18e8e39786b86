/* The bounds-checked copy and append of secure.c, included once per
 * character type (no include guard). The includer defines:
 *   SEC_T        the character type (char or crt_wchar)
 *   SEC(name)    the function name: SEC(cpy_s) is strcpy_s or wcscpy_s
 *   SEC_NLEN     strnlen or wcsnlen */

int __cdecl SEC(cpy_s)(SEC_T *dst, size_t size, const SEC_T *src)
{
    size_t n;

    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    n = SEC_NLEN(src, size);
    if (n == size) {
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    memcpy(dst, src, (n + 1) * sizeof(SEC_T));
    return 0;
}

int __cdecl SEC(cat_s)(SEC_T *dst, size_t size, const SEC_T *src)
{
    size_t used;

    if (!dst || !size)
        return fail(CRT_EINVAL);
    if (!src) {
        dst[0] = 0;
        return fail(CRT_EINVAL);
    }
    used = SEC_NLEN(dst, size);
    if (used == size || SEC(cpy_s)(dst + used, size - used, src)) {
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    return 0;
}

int __cdecl SEC(ncpy_s)(SEC_T *dst, size_t size, const SEC_T *src, size_t count)
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
    n = SEC_NLEN(src, count == TRUNCATE ? size : count);
    if (n >= size) {
        if (count == TRUNCATE) {
            memcpy(dst, src, (size - 1) * sizeof(SEC_T));
            dst[size - 1] = 0;
            return STRUNCATE;
        }
        dst[0] = 0;
        return fail(CRT_ERANGE);
    }
    memcpy(dst, src, n * sizeof(SEC_T));
    dst[n] = 0;
    return 0;
}
