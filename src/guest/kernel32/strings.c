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

/* The lstr* family: NULL-tolerant string helpers. Windows guards them with
 * SEH and returns 0/NULL on a bad pointer; without SEH (issue 5) only NULL
 * is caught. lstrcmp/lstrcmpi compare linguistically on Windows
 * (CompareString) and are not provided until that exists. */
int WINAPI lstrlenA(LPCSTR s)
{
    return s ? (int)strlen(s) : 0;
}

int WINAPI lstrlenW(LPCWSTR s)
{
    return s ? (int)wcslen(s) : 0;
}

LPSTR WINAPI lstrcpyA(LPSTR dst, LPCSTR src)
{
    if (!dst || !src)
        return NULL;
    return strcpy(dst, src);
}

LPWSTR WINAPI lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    if (!dst || !src)
        return NULL;
    return wcscpy(dst, src);
}

LPSTR WINAPI lstrcpynA(LPSTR dst, LPCSTR src, int n)
{
    int i;

    if (!dst || !src || n <= 0)
        return n == 0 ? dst : NULL;
    for (i = 0; i < n - 1 && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
    return dst;
}

LPWSTR WINAPI lstrcpynW(LPWSTR dst, LPCWSTR src, int n)
{
    int i;

    if (!dst || !src || n <= 0)
        return n == 0 ? dst : NULL;
    for (i = 0; i < n - 1 && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
    return dst;
}

LPSTR WINAPI lstrcatA(LPSTR dst, LPCSTR src)
{
    if (!dst || !src)
        return NULL;
    return strcat(dst, src);
}

LPWSTR WINAPI lstrcatW(LPWSTR dst, LPCWSTR src)
{
    if (!dst || !src)
        return NULL;
    return wcscat(dst, src);
}
