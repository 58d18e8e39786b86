/* The user: GetUserName (the host user, as USERNAME in our environment)
 * and LookupAccountSid for the user's own SID and the groups its token
 * holds. */
#include "advapi32_private.h"

#include <sddl.h>

#define USER_SID L"S-1-5-21-0-0-0-1000" /* src/nt/token.h WOW64_USER_SID */

/* The user name into buf (max characters with the NUL); the length. */
static DWORD user_name(WCHAR *buf, DWORD max)
{
    DWORD n = GetEnvironmentVariableW(L"USERNAME", buf, max);

    if (!n || n >= max) {
        /* Our environment always sets it; an unset one reads as "user". */
        wcscpy(buf, L"user");
        n = 4;
    }
    return n;
}

BOOL WINAPI GetUserNameW(LPWSTR buf, LPDWORD size)
{
    WCHAR name[257];
    DWORD len;

    if (!size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    len = user_name(name, 257);
    if (!buf || *size < len + 1) {
        *size = len + 1;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(buf, name, (len + 1) * sizeof(WCHAR));
    *size = len + 1;
    return TRUE;
}

BOOL WINAPI GetUserNameA(LPSTR buf, LPDWORD size)
{
    WCHAR name[257];
    DWORD len, alen;

    if (!size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    len = user_name(name, 257);
    alen = adv_w2a_size(name, len);
    if (!buf || *size < alen + 1) {
        *size = alen + 1;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    adv_w2a(buf, alen, name, len);
    buf[alen] = 0;
    *size = alen + 1;
    return TRUE;
}

/* The account behind sid: name, domain and use; FALSE when unknown. */
static BOOL account_of(PSID sid, WCHAR *name, WCHAR *domain, SID_NAME_USE *use)
{
    LPWSTR str;
    BOOL found = TRUE;

    if (!ConvertSidToStringSidW(sid, &str))
        return FALSE;
    if (!wcscmp(str, USER_SID)) {
        DWORD n = MAX_COMPUTERNAME_LENGTH + 1;

        user_name(name, 257);
        /* A local account's domain is the computer's name. */
        n = GetEnvironmentVariableW(L"COMPUTERNAME", domain, MAX_COMPUTERNAME_LENGTH + 1);
        if (!n || n > MAX_COMPUTERNAME_LENGTH) {
            n = MAX_COMPUTERNAME_LENGTH + 1;
            if (!GetComputerNameW(domain, &n))
                wcscpy(domain, L"WOW64");
        }
        *use = SidTypeUser;
    } else if (!wcscmp(str, L"S-1-1-0")) {
        wcscpy(name, L"Everyone");
        domain[0] = 0;
        *use = SidTypeWellKnownGroup;
    } else if (!wcscmp(str, L"S-1-5-32-545")) {
        wcscpy(name, L"Users");
        wcscpy(domain, L"BUILTIN");
        *use = SidTypeAlias;
    } else {
        found = FALSE;
    }
    LocalFree(str);
    return found;
}

/* Both sizes in and out in characters; too small: ERROR_INSUFFICIENT_BUFFER
 * with the sizes needed, NULs included. */
BOOL WINAPI LookupAccountSidW(LPCWSTR system, PSID sid, LPWSTR name, LPDWORD name_len,
                              LPWSTR domain, LPDWORD domain_len, PSID_NAME_USE use)
{
    WCHAR n[257], d[MAX_COMPUTERNAME_LENGTH + 16];
    SID_NAME_USE u;
    DWORD nl, dl;

    if (!sid || !IsValidSid(sid) || !name_len || !domain_len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (system && *system) {
        ADV_FIXME_ONCE("LookupAccountSidW: remote systems are not implemented\n");
        SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
    if (!account_of(sid, n, d, &u)) {
        SetLastError(ERROR_NONE_MAPPED);
        return FALSE;
    }
    nl = wcslen(n);
    dl = wcslen(d);
    if (!name || !domain || *name_len <= nl || *domain_len <= dl) {
        *name_len = nl + 1;
        *domain_len = dl + 1;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(name, n, (nl + 1) * sizeof(WCHAR));
    memcpy(domain, d, (dl + 1) * sizeof(WCHAR));
    *name_len = nl;
    *domain_len = dl;
    if (use)
        *use = u;
    return TRUE;
}

BOOL WINAPI LookupAccountSidA(LPCSTR system, PSID sid, LPSTR name, LPDWORD name_len,
                              LPSTR domain, LPDWORD domain_len, PSID_NAME_USE use)
{
    WCHAR n[257], d[MAX_COMPUTERNAME_LENGTH + 16];
    DWORD nl = 257, dl = MAX_COMPUTERNAME_LENGTH + 16, an, ad;

    if (!name_len || !domain_len) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (system && *system) {
        ADV_FIXME_ONCE("LookupAccountSidA: remote systems are not implemented\n");
        SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
    if (!LookupAccountSidW(NULL, sid, n, &nl, d, &dl, use))
        return FALSE;
    an = adv_w2a_size(n, nl);
    ad = adv_w2a_size(d, dl);
    if (!name || !domain || *name_len <= an || *domain_len <= ad) {
        *name_len = an + 1;
        *domain_len = ad + 1;
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    adv_w2a(name, an, n, nl);
    name[an] = 0;
    adv_w2a(domain, ad, d, dl);
    domain[ad] = 0;
    *name_len = an;
    *domain_len = ad;
    return TRUE;
}
