/* Code pages: the ANSI code page is 1252, the OEM code page 437, and UTF-8
 * (65001) is supported; other code pages are refused as invalid.
 * WideCharToMultiByte maps characters a single-byte code page lacks to the
 * default character; Windows' "best fit" substitutions (e.g. U+0100 -> 'A')
 * are not implemented. */
#include "kernel32_private.h"
#include "../ntdll/codepage.h"

/* The code page cp stands for, or 0 when we do not support it. */
static UINT resolve_cp(UINT cp)
{
    switch (cp) {
    case CP_ACP:
    case CP_THREAD_ACP:
    case 1252:
        return 1252;
    case CP_OEMCP:
    case 437:
        return 437;
    case CP_UTF8:
        return CP_UTF8;
    default:
        return 0;
    }
}

UINT WINAPI GetACP(void)
{
    return 1252;
}

UINT WINAPI GetOEMCP(void)
{
    return 437;
}

BOOL WINAPI IsValidCodePage(UINT cp)
{
    return cp == 1252 || cp == 437 || cp == CP_UTF8;
}

BOOL WINAPI GetCPInfo(UINT cp, LPCPINFO info)
{
    UINT real = resolve_cp(cp);

    if (!info || !real) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = real == CP_UTF8 ? 4 : 1;
    info->DefaultChar[0] = '?';
    return TRUE;
}

BOOL WINAPI GetCPInfoExW(UINT cp, DWORD flags, LPCPINFOEXW info)
{
    static const char *const names[] = {
        "1252  (ANSI - Latin I)", "437   (OEM - United States)", "65001 (UTF-8)",
    };
    UINT real = resolve_cp(cp);
    const char *name;
    size_t i;

    if (!info || flags || !real) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(info, 0, sizeof(*info));
    info->MaxCharSize = real == CP_UTF8 ? 4 : 1;
    info->DefaultChar[0] = '?';
    info->UnicodeDefaultChar = real == CP_UTF8 ? 0xfffd : '?';
    info->CodePage = real;
    name = names[real == 1252 ? 0 : real == 437 ? 1 : 2];
    for (i = 0; name[i] && i < MAX_PATH - 1; i++)
        info->CodePageName[i] = (unsigned char)name[i];
    return TRUE;
}

BOOL WINAPI GetCPInfoExA(UINT cp, DWORD flags, LPCPINFOEXA info)
{
    CPINFOEXW w;
    size_t i;

    if (!info) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!GetCPInfoExW(cp, flags, &w))
        return FALSE;
    memcpy(info, &w, offsetof(CPINFOEXA, CodePageName));
    for (i = 0; i < MAX_PATH; i++)
        info->CodePageName[i] = (char)w.CodePageName[i];
    return TRUE;
}

BOOL WINAPI IsDBCSLeadByteEx(UINT cp, BYTE c)
{
    if (!resolve_cp(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return FALSE;  /* none of our code pages has lead bytes */
}

BOOL WINAPI IsDBCSLeadByte(BYTE c)
{
    return FALSE;
}

int WINAPI MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR src, int srclen, LPWSTR dst,
                               int dstlen)
{
    UINT real = resolve_cp(cp);
    int i;

    if (!src || !srclen || dstlen < 0 || (dstlen && !dst) || (const void *)src == (void *)dst) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!real) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (srclen < 0)
        srclen = (int)strlen(src) + 1;
    if (real == CP_UTF8) {
        unsigned res = 0;
        size_t n;

        if (flags & ~MB_ERR_INVALID_CHARS) {
            SetLastError(ERROR_INVALID_FLAGS);
            return 0;
        }
        n = codepage_utf8_to_utf16(NULL, 0, (const unsigned char *)src, (size_t)srclen, &res);
        if ((res & CODEPAGE_INVALID) && (flags & MB_ERR_INVALID_CHARS)) {
            SetLastError(ERROR_NO_UNICODE_TRANSLATION);
            return 0;
        }
        if (!dstlen)
            return (int)n;
        res = 0;
        n = codepage_utf8_to_utf16((uint16_t *)dst, (size_t)dstlen, (const unsigned char *)src,
                                   (size_t)srclen, &res);
        if (res & CODEPAGE_OVERFLOW) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        return (int)n;
    }
    if ((flags & ~(MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS | MB_ERR_INVALID_CHARS)) ||
        (flags & (MB_PRECOMPOSED | MB_COMPOSITE)) == (MB_PRECOMPOSED | MB_COMPOSITE)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (flags & MB_COMPOSITE)
        K32_FIXME_ONCE("MultiByteToWideChar MB_COMPOSITE: characters are left precomposed\n");
    /* Every byte of 1252 and 437 maps to a character, so
     * MB_ERR_INVALID_CHARS never fires for them. */
    if (!dstlen)
        return srclen;
    for (i = 0; i < srclen && i < dstlen; i++)
        dst[i] = codepage_sbcs_decode(real, (unsigned char)src[i], (flags & MB_USEGLYPHCHARS) != 0);
    if (srclen > dstlen) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return srclen;
}

int WINAPI WideCharToMultiByte(UINT cp, DWORD flags, LPCWSTR src, int srclen, LPSTR dst,
                               int dstlen, LPCSTR defchar, LPBOOL used)
{
    UINT real = resolve_cp(cp);
    BOOL used_default = FALSE;
    char def;
    int i;

    if (!src || !srclen || dstlen < 0 || (dstlen && !dst) || (const void *)src == (void *)dst ||
        !real) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (srclen < 0)
        srclen = (int)wcslen(src) + 1;
    if (real == CP_UTF8) {
        unsigned res = 0;
        size_t n;

        if (defchar || used) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
        if (flags & ~WC_ERR_INVALID_CHARS) {
            SetLastError(ERROR_INVALID_FLAGS);
            return 0;
        }
        n = codepage_utf16_to_utf8(NULL, 0, (const uint16_t *)src, (size_t)srclen, &res);
        if ((res & CODEPAGE_INVALID) && (flags & WC_ERR_INVALID_CHARS)) {
            SetLastError(ERROR_NO_UNICODE_TRANSLATION);
            return 0;
        }
        if (!dstlen)
            return (int)n;
        res = 0;
        n = codepage_utf16_to_utf8((unsigned char *)dst, (size_t)dstlen, (const uint16_t *)src,
                                   (size_t)srclen, &res);
        if (res & CODEPAGE_OVERFLOW) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        return (int)n;
    }
    if (flags & ~(WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR |
                  WC_NO_BEST_FIT_CHARS)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (flags & WC_COMPOSITECHECK)
        K32_FIXME_ONCE("WideCharToMultiByte WC_COMPOSITECHECK: composite sequences are not "
                       "combined\n");
    def = defchar ? *defchar : '?';
    for (i = 0; i < srclen; i++) {
        int c = codepage_sbcs_encode(real, src[i]);

        if (c < 0) {
            c = (unsigned char)def;
            used_default = TRUE;
        }
        if (dstlen) {
            if (i >= dstlen) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            dst[i] = (char)c;
        }
    }
    if (used)
        *used = used_default;
    return srclen;
}

/* The user's and system's locale: English (United States). */
LCID WINAPI GetUserDefaultLCID(void) { return 0x0409; }
LCID WINAPI GetSystemDefaultLCID(void) { return 0x0409; }
LCID WINAPI GetThreadLocale(void) { return 0x0409; }
LANGID WINAPI GetUserDefaultLangID(void) { return 0x0409; }
LANGID WINAPI GetSystemDefaultLangID(void) { return 0x0409; }
LANGID WINAPI GetUserDefaultUILanguage(void) { return 0x0409; }
LANGID WINAPI GetSystemDefaultUILanguage(void) { return 0x0409; }
