/* Security identifiers: validation, comparison, allocation, and the
 * S-1-... string form (ConvertSidToStringSid / ConvertStringSidToSid). */
#include "advapi32_private.h"

#include <sddl.h>

#define SID_MAX_SUB 15

BOOL WINAPI IsValidSid(PSID sid)
{
    const SID *s = sid;

    return s && s->Revision == SID_REVISION && s->SubAuthorityCount <= SID_MAX_SUB;
}

DWORD WINAPI GetLengthSid(PSID sid)
{
    return 8 + 4 * ((SID *)sid)->SubAuthorityCount;
}

BOOL WINAPI EqualSid(PSID a, PSID b)
{
    SetLastError(ERROR_SUCCESS);
    if (!IsValidSid(a) || !IsValidSid(b))
        return FALSE;
    return GetLengthSid(a) == GetLengthSid(b) && !memcmp(a, b, GetLengthSid(a));
}

BOOL WINAPI CopySid(DWORD size, PSID dst, PSID src)
{
    if (!IsValidSid(src)) {
        SetLastError(ERROR_INVALID_SID);
        return FALSE;
    }
    if (size < GetLengthSid(src)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memmove(dst, src, GetLengthSid(src));
    return TRUE;
}

PDWORD WINAPI GetSidSubAuthority(PSID sid, DWORD index)
{
    SetLastError(ERROR_SUCCESS);
    return &((SID *)sid)->SubAuthority[index];
}

PUCHAR WINAPI GetSidSubAuthorityCount(PSID sid)
{
    SetLastError(ERROR_SUCCESS);
    return &((SID *)sid)->SubAuthorityCount;
}

PSID_IDENTIFIER_AUTHORITY WINAPI GetSidIdentifierAuthority(PSID sid)
{
    SetLastError(ERROR_SUCCESS);
    return &((SID *)sid)->IdentifierAuthority;
}

BOOL WINAPI AllocateAndInitializeSid(PSID_IDENTIFIER_AUTHORITY auth, BYTE count, DWORD s0,
                                     DWORD s1, DWORD s2, DWORD s3, DWORD s4, DWORD s5,
                                     DWORD s6, DWORD s7, PSID *out)
{
    DWORD subs[8] = { s0, s1, s2, s3, s4, s5, s6, s7 };
    SID *sid;

    if (!auth || !out || count > 8) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(sid = adv_alloc(8 + 4 * count))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    sid->Revision = SID_REVISION;
    sid->SubAuthorityCount = count;
    sid->IdentifierAuthority = *auth;
    memcpy(sid->SubAuthority, subs, 4 * count);
    *out = sid;
    return TRUE;
}

/* Returns NULL, as Windows documents. */
PVOID WINAPI FreeSid(PSID sid)
{
    adv_free(sid);
    return NULL;
}

/* "S-1-<authority>-<sub>..." as Windows writes it, by ntdll's one
 * formatter; the length in characters (out holds at least SID_CHARS). */
#define SID_CHARS (8 + 20 + SID_MAX_SUB * 11)
static DWORD sid_to_string(const SID *sid, WCHAR *out)
{
    UNICODE_STRING us = { 0, (USHORT)(SID_CHARS * sizeof(WCHAR)), out };

    if (RtlConvertSidToUnicodeString(&us, (PSID)sid, FALSE) != STATUS_SUCCESS)
        return 0;
    return us.Length / sizeof(WCHAR);
}

BOOL WINAPI ConvertSidToStringSidW(PSID sid, LPWSTR *out)
{
    WCHAR buf[SID_CHARS];
    DWORD len;

    if (!sid || !out) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!IsValidSid(sid)) {
        SetLastError(ERROR_INVALID_SID);
        return FALSE;
    }
    len = sid_to_string(sid, buf);
    if (!(*out = LocalAlloc(LMEM_FIXED, (len + 1) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(*out, buf, (len + 1) * sizeof(WCHAR));
    return TRUE;
}

BOOL WINAPI ConvertSidToStringSidA(PSID sid, LPSTR *out)
{
    WCHAR buf[SID_CHARS];
    DWORD len;

    if (!sid || !out) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!IsValidSid(sid)) {
        SetLastError(ERROR_INVALID_SID);
        return FALSE;
    }
    len = sid_to_string(sid, buf);
    if (!(*out = LocalAlloc(LMEM_FIXED, len + 1))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    adv_w2a(*out, len, buf, len); /* digits and letters only */
    (*out)[len] = 0;
    return TRUE;
}

/* The SDDL two-letter names of well-known SIDs (the common ones). */
static const struct {
    WCHAR abbr[3];
    const WCHAR *sid;
} sddl_names[] = {
    { L"WD", L"S-1-1-0" },      { L"CO", L"S-1-3-0" },      { L"IU", L"S-1-5-4" },
    { L"AU", L"S-1-5-11" },     { L"SY", L"S-1-5-18" },     { L"LS", L"S-1-5-19" },
    { L"NS", L"S-1-5-20" },     { L"BA", L"S-1-5-32-544" }, { L"BU", L"S-1-5-32-545" },
    { L"BG", L"S-1-5-32-546" }, { L"LW", L"S-1-16-4096" },  { L"ME", L"S-1-16-8192" },
    { L"HI", L"S-1-16-12288" }, { L"SI", L"S-1-16-16384" },
};

/* A decimal or 0x-hexadecimal number; advances *p. */
static BOOL parse_number(const WCHAR **p, ULONGLONG max, ULONGLONG *out)
{
    const WCHAR *s = *p;
    ULONGLONG v = 0;
    unsigned base = 10, digits = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (;; s++, digits++) {
        unsigned d;

        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            break;
        v = v * base + d;
        if (v > max)
            return FALSE;
    }
    *p = s;
    *out = v;
    return digits > 0;
}

/* Parses a SID string into sid (room for SID_MAX_SUB sub-authorities). */
static BOOL sid_from_string(const WCHAR *str, SID *sid)
{
    ULONGLONG v;
    const WCHAR *p;

    for (size_t i = 0; i < sizeof sddl_names / sizeof sddl_names[0]; i++)
        if (!_wcsicmp(str, sddl_names[i].abbr))
            return sid_from_string(sddl_names[i].sid, sid);
    if ((str[0] != 'S' && str[0] != 's') || str[1] != '-')
        return FALSE;
    p = str + 2;
    if (!parse_number(&p, 255, &v) || v != SID_REVISION || *p++ != '-')
        return FALSE;
    sid->Revision = SID_REVISION;
    if (!parse_number(&p, 0xFFFFFFFFFFFFull, &v))
        return FALSE;
    for (int i = 0; i < 6; i++)
        sid->IdentifierAuthority.Value[i] = (BYTE)(v >> (8 * (5 - i)));
    sid->SubAuthorityCount = 0;
    while (*p == '-') {
        p++;
        if (sid->SubAuthorityCount >= SID_MAX_SUB || !parse_number(&p, 0xFFFFFFFFu, &v))
            return FALSE;
        sid->SubAuthority[sid->SubAuthorityCount++] = (DWORD)v;
    }
    return *p == 0;
}

BOOL WINAPI ConvertStringSidToSidW(LPCWSTR str, PSID *out)
{
    DWORD buf[2 + SID_MAX_SUB];
    SID *sid = (SID *)buf;

    if (!str || !out) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!sid_from_string(str, sid)) {
        SetLastError(ERROR_INVALID_SID);
        return FALSE;
    }
    if (!(*out = LocalAlloc(LMEM_FIXED, GetLengthSid(sid)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(*out, sid, GetLengthSid(sid));
    return TRUE;
}

BOOL WINAPI ConvertStringSidToSidA(LPCSTR str, PSID *out)
{
    BOOL ok;
    WCHAR *w = adv_a2w(str, &ok);
    BOOL ret;

    if (!ok) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = ConvertStringSidToSidW(w, out);
    adv_free(w);
    return ret;
}
