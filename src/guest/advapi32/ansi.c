/* ANSI <-> UTF-16 for advapi32's A entry points, in the ANSI code page
 * (ntdll's RtlMultiByteToUnicodeN / RtlUnicodeToMultiByteN). */
#include "advapi32_private.h"

WCHAR *adv_a2w(const char *s, BOOL *ok)
{
    ULONG len, wbytes = 0;
    WCHAR *w;

    *ok = TRUE;
    if (!s)
        return NULL;
    len = strlen(s);
    RtlMultiByteToUnicodeSize(&wbytes, s, len);
    if (!(w = adv_alloc(wbytes + sizeof(WCHAR)))) {
        *ok = FALSE;
        return NULL;
    }
    RtlMultiByteToUnicodeN(w, wbytes, &wbytes, s, len);
    w[wbytes / sizeof(WCHAR)] = 0;
    return w;
}

DWORD adv_w2a_size(const WCHAR *w, DWORD len)
{
    ULONG size = 0;

    RtlUnicodeToMultiByteSize(&size, (PWCH)w, len * sizeof(WCHAR));
    return size;
}

void adv_w2a(char *buf, DWORD size, const WCHAR *w, DWORD len)
{
    RtlUnicodeToMultiByteN(buf, size, NULL, w, len * sizeof(WCHAR));
}

LONG adv_name_to_ansi(const WCHAR *w, DWORD len, char *buf, DWORD *count)
{
    DWORD need = adv_w2a_size(w, len);

    if (need >= *count)
        return ERROR_MORE_DATA;
    adv_w2a(buf, need, w, len);
    buf[need] = 0;
    *count = need;
    return ERROR_SUCCESS;
}
