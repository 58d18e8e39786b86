/* ANSI <-> UTF-16 helpers behind kernel32's A entry points. The ANSI code
 * page is single-byte (1252), so lengths in characters are equal on both
 * sides. */
#include "kernel32_private.h"

WCHAR *k32_ansi_to_wide(const char *s)
{
    size_t len = strlen(s);
    WCHAR *w = k32_alloc((len + 1) * sizeof(WCHAR));

    if (!w) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    RtlMultiByteToUnicodeN(w, len * sizeof(WCHAR), NULL, s, len);
    w[len] = 0;
    return w;
}

char *k32_wide_to_ansi(const WCHAR *s)
{
    size_t len = wcslen(s);
    char *a = k32_alloc(len + 1);

    if (!a) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    RtlUnicodeToMultiByteN(a, len, NULL, s, len * sizeof(WCHAR));
    a[len] = 0;
    return a;
}

DWORD k32_copy_wide_to_ansi(const WCHAR *w, DWORD len, char *buf, DWORD size)
{
    if (len >= size)
        return len + 1;
    RtlUnicodeToMultiByteN(buf, len, NULL, w, len * sizeof(WCHAR));
    buf[len] = 0;
    return len;
}

DWORD k32_copy_wide(const WCHAR *w, DWORD len, WCHAR *buf, DWORD size)
{
    if (len >= size)
        return len + 1;
    memcpy(buf, w, len * sizeof(WCHAR));
    buf[len] = 0;
    return len;
}
