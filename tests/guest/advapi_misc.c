/* What advapi32 carries besides the registry, as Microsoft documents it:
 * GetUserName, access tokens (OpenProcessToken, OpenThreadToken,
 * GetTokenInformation and its 32-bit layouts), SIDs and their string
 * form, LookupAccountSid, and random bytes (RtlGenRandom alias
 * SystemFunction036, CryptGenRandom); and kernel32's GetComputerName,
 * which reads the registry's ActiveComputerName. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <sddl.h>
#include <wincrypt.h>

#include "test.h"

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);

static void test_user_name(void)
{
    WCHAR name[128], env[128];
    char aname[128];
    DWORD size;

    GetEnvironmentVariableW(L"USERNAME", env, 128);
    size = 0;
    SetLastError(0);
    ok(!GetUserNameW(NULL, &size) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && size == wcslen(env) + 1,
       "size query: %lu (error %lu)", size, GetLastError());
    size = 1;
    ok(!GetUserNameW(name, &size) && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "small buffer");
    size = 128;
    ok(GetUserNameW(name, &size) && size == wcslen(name) + 1, "GetUserNameW: size %lu counts the NUL", size);
    ok(!wcscmp(name, env), "the user is USERNAME: %ls / %ls", name, env);
    size = 128;
    ok(GetUserNameA(aname, &size) && size == strlen(aname) + 1 && size == wcslen(env) + 1, "GetUserNameA");
    size = 0;
    ok(!GetUserNameA(NULL, &size) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && size == strlen(aname) + 1,
       "GetUserNameA size query");
}

static BOOL inside(const void *p, const void *buf, DWORD len)
{
    return (const BYTE *)p >= (const BYTE *)buf && (const BYTE *)p < (const BYTE *)buf + len;
}

static BOOL sid_is(PSID sid, const char *str)
{
    char *s = NULL;
    BOOL same;

    if (!ConvertSidToStringSidA(sid, &s))
        return FALSE;
    same = !strcmp(s, str);
    LocalFree(s);
    return same;
}

static void test_tokens(void)
{
    BYTE buf[512];
    DWORD len, i, groups = 0;
    HANDLE tok, tok2, thread_tok = (HANDLE)1;
    TOKEN_USER *user = (TOKEN_USER *)buf;
    TOKEN_GROUPS *tg = (TOKEN_GROUPS *)buf;
    TOKEN_PRIVILEGES *tp = (TOKEN_PRIVILEGES *)buf;
    TOKEN_MANDATORY_LABEL *label = (TOKEN_MANDATORY_LABEL *)buf;
    TOKEN_ELEVATION elev;
    TOKEN_ELEVATION_TYPE et;
    SID *sid;
    BOOL change_notify = FALSE;

    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok), "OpenProcessToken: %lu", GetLastError());

    len = 0;
    ok(!GetTokenInformation(tok, TokenUser, NULL, 0, &len) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && len >= 8 + 12,
       "TokenUser size query: %lu (error %lu)", len, GetLastError());
    ok(!GetTokenInformation(tok, TokenUser, buf, len - 1, &len) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "one byte short");
    ok(GetTokenInformation(tok, TokenUser, buf, sizeof buf, &len), "TokenUser");
    sid = user->User.Sid;
    ok(inside(sid, buf, len), "the SID lies in the caller's buffer");
    ok(IsValidSid(sid) && sid->IdentifierAuthority.Value[5] == 5 && sid->SubAuthorityCount == 5 &&
       sid->SubAuthority[0] == 21, "a local account SID S-1-5-21-x-y-z-rid");
    ok(len == 8 + GetLengthSid(sid), "size %lu", len);
    {
        WCHAR name[64], dom[64];
        DWORD nl = 64, dl = 64;
        SID_NAME_USE use = 0;
        WCHAR env[64], computer[64];

        GetEnvironmentVariableW(L"USERNAME", env, 64);
        GetEnvironmentVariableW(L"COMPUTERNAME", computer, 64);
        ok(LookupAccountSidW(NULL, sid, name, &nl, dom, &dl, &use) && use == SidTypeUser && !wcscmp(name, env) &&
           nl == wcslen(name), "LookupAccountSidW: %ls\\%ls use %d", dom, name, use);
        ok(!wcscmp(dom, computer) && dl == wcslen(dom), "a local account's domain is the computer: %ls", dom);
        nl = 1;
        dl = 64;
        ok(!LookupAccountSidW(NULL, sid, name, &nl, dom, &dl, &use) && GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
           nl == wcslen(env) + 1, "LookupAccountSidW small buffer: %lu", nl);
    }

    ok(GetTokenInformation(tok, TokenGroups, buf, sizeof buf, &len), "TokenGroups");
    for (i = 0; i < tg->GroupCount; i++) {
        ok(inside(tg->Groups[i].Sid, buf, len), "group %lu SID in the buffer", i);
        if (sid_is(tg->Groups[i].Sid, "S-1-1-0"))
            groups |= 1;
        if (sid_is(tg->Groups[i].Sid, "S-1-5-32-545"))
            groups |= 2;
    }
    ok(groups == 3, "Everyone and Users among the groups (%lu)", groups);

    ok(GetTokenInformation(tok, TokenPrivileges, buf, sizeof buf, &len), "TokenPrivileges");
    for (i = 0; i < tp->PrivilegeCount; i++)
        if (tp->Privileges[i].Luid.LowPart == 23 /* SE_CHANGE_NOTIFY_PRIVILEGE */ &&
            (tp->Privileges[i].Attributes & SE_PRIVILEGE_ENABLED))
            change_notify = TRUE;
    ok(change_notify, "SeChangeNotifyPrivilege enabled");

    ok(GetTokenInformation(tok, TokenElevation, &elev, sizeof elev, &len) && len == 4 && !elev.TokenIsElevated,
       "not elevated");
    ok(GetTokenInformation(tok, TokenElevationType, &et, sizeof et, &len) && et == TokenElevationTypeDefault,
       "elevation type %d", et);
    ok(!GetTokenInformation(tok, TokenElevation, &elev, 2, &len) && GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
       len == 4, "TokenElevation too small");
    ok(GetTokenInformation(tok, TokenIntegrityLevel, buf, sizeof buf, &len), "TokenIntegrityLevel");
    ok(inside(label->Label.Sid, buf, len) && sid_is(label->Label.Sid, "S-1-16-8192") &&
       (label->Label.Attributes & SE_GROUP_INTEGRITY), "medium integrity");
    ok(*GetSidSubAuthority(label->Label.Sid, *GetSidSubAuthorityCount(label->Label.Sid) - 1) ==
       SECURITY_MANDATORY_MEDIUM_RID, "integrity RID through GetSidSubAuthority");
    CloseHandle(tok);

    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_DEFAULT, &tok2), "open without TOKEN_QUERY");
    ok(!GetTokenInformation(tok2, TokenUser, buf, sizeof buf, &len) && GetLastError() == ERROR_ACCESS_DENIED,
       "query needs TOKEN_QUERY: %lu", GetLastError());
    CloseHandle(tok2);
    ok(!GetTokenInformation((HANDLE)(ULONG_PTR)0x7ff0, TokenUser, buf, sizeof buf, &len) &&
       GetLastError() == ERROR_INVALID_HANDLE, "bad token handle");

    /* Bad output pointers: the host writes nothing and says so. */
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok), "reopen");
    ok(!GetTokenInformation(tok, TokenUser, (void *)16, 256, &len) && GetLastError() == ERROR_NOACCESS,
       "unwritable buffer: %lu", GetLastError());
    CloseHandle(tok);

    SetLastError(0);
    ok(!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &thread_tok) && GetLastError() == ERROR_NO_TOKEN,
       "no thread token when not impersonating: %lu", GetLastError());
    ok(!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, FALSE, &thread_tok) && GetLastError() == ERROR_NO_TOKEN,
       "OpenAsSelf FALSE too");
}

static void test_sids(void)
{
    SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
    PSID admins = NULL, parsed = NULL, copy;
    WCHAR *str = NULL;
    BYTE small[8], big[64];

    ok(ConvertStringSidToSidW(L"S-1-5-32-544", &parsed), "ConvertStringSidToSidW");
    ok(IsValidSid(parsed) && GetLengthSid(parsed) == 16, "length %lu", GetLengthSid(parsed));
    ok(AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &admins),
       "AllocateAndInitializeSid");
    ok(EqualSid(admins, parsed), "EqualSid");
    ok(ConvertSidToStringSidW(admins, &str) && !wcscmp(str, L"S-1-5-32-544"), "ConvertSidToStringSidW %ls", str);
    LocalFree(str);
    ok(!CopySid(sizeof small, small, admins) && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "CopySid too small");
    ok(CopySid(sizeof big, big, admins) && EqualSid(big, admins), "CopySid");
    ok(FreeSid(admins) == NULL, "FreeSid returns NULL");
    LocalFree(parsed);

    ok(ConvertStringSidToSidA("WD", &parsed) && sid_is(parsed, "S-1-1-0"), "SDDL WD is Everyone");
    LocalFree(parsed);
    ok(ConvertStringSidToSidA("S-1-16-8192", &parsed) && sid_is(parsed, "S-1-16-8192"), "integrity SID round trip");
    copy = parsed;
    ok(!EqualSid(copy, big), "different SIDs");
    LocalFree(parsed);
    SetLastError(0);
    ok(!ConvertStringSidToSidW(L"S-1-x", &parsed) && GetLastError() == ERROR_INVALID_SID, "bad string: %lu",
       GetLastError());
    ok(!ConvertStringSidToSidW(L"not a sid", &parsed) && GetLastError() == ERROR_INVALID_SID, "not a SID");
    ok(!ConvertStringSidToSidW(NULL, &parsed) && GetLastError() == ERROR_INVALID_PARAMETER, "NULL string");
    {
        WCHAR name[64], dom[64];
        DWORD nl = 64, dl = 64;
        SID_NAME_USE use;

        ConvertStringSidToSidW(L"S-1-5-21-1-2-3-4242", &parsed);
        ok(!LookupAccountSidW(NULL, parsed, name, &nl, dom, &dl, &use) && GetLastError() == ERROR_NONE_MAPPED,
           "unknown account: %lu", GetLastError());
        LocalFree(parsed);
    }
}

static void test_random(void)
{
    static BYTE big[65536];
    BYTE a[32], b[32];
    HCRYPTPROV prov = 0;
    int seen[256] = { 0 }, distinct = 0;

    ok(SystemFunction036(a, sizeof a) && SystemFunction036(b, sizeof b), "RtlGenRandom");
    ok(memcmp(a, b, sizeof a), "two calls differ");
    ok(!SystemFunction036((void *)16, 16), "unwritable buffer");
    ok(SystemFunction036(big, sizeof big), "64 KiB of random bytes");
    for (size_t i = 0; i < sizeof big; i++)
        if (!seen[big[i]]++)
            distinct++;
    ok(distinct == 256, "every byte value appears in 64 KiB: %d", distinct);

    ok(CryptAcquireContextW(&prov, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT), "CryptAcquireContextW: %lx",
       GetLastError());
    ok(CryptGenRandom(prov, sizeof a, a) && CryptGenRandom(prov, sizeof b, b) && memcmp(a, b, sizeof a),
       "CryptGenRandom: two calls differ");
    ok(!CryptReleaseContext(prov, 1) && GetLastError() == (DWORD)NTE_BAD_FLAGS, "CryptReleaseContext flags");
    ok(CryptReleaseContext(prov, 0), "CryptReleaseContext");
    ok(CryptAcquireContextA(&prov, NULL, MS_ENH_RSA_AES_PROV_A, PROV_RSA_AES, CRYPT_VERIFYCONTEXT | CRYPT_SILENT),
       "CryptAcquireContextA PROV_RSA_AES: %lx", GetLastError());
    ok(CryptGenRandom(prov, 0, a), "zero bytes");
    ok(CryptReleaseContext(prov, 0), "release");
    ok(!CryptAcquireContextW(&prov, NULL, NULL, 999, CRYPT_VERIFYCONTEXT) && GetLastError() == (DWORD)NTE_BAD_PROV_TYPE,
       "unknown provider type: %lx", GetLastError());
}

/* GetComputerName: the NetBIOS name (at most MAX_COMPUTERNAME_LENGTH),
 * the same as %COMPUTERNAME%; *size without the terminator on success,
 * ERROR_BUFFER_OVERFLOW with the size including it otherwise. */
static void test_computer_name(void)
{
    WCHAR w[MAX_COMPUTERNAME_LENGTH + 1], env[64];
    char a[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = MAX_COMPUTERNAME_LENGTH + 1, small;

    ok(GetComputerNameW(w, &n), "GetComputerNameW: error %lu", GetLastError());
    ok(n > 0 && n <= MAX_COMPUTERNAME_LENGTH && wcslen(w) == n, "length %lu", n);
    ok(GetEnvironmentVariableW(L"COMPUTERNAME", env, 64) && !wcscmp(w, env),
       "GetComputerName is %%COMPUTERNAME%%");
    small = n;
    SetLastError(0);
    ok(!GetComputerNameW(w, &small) && GetLastError() == ERROR_BUFFER_OVERFLOW && small == n + 1,
       "a buffer of the length alone: error %lu, size %lu", GetLastError(), small);
    small = sizeof(a);
    ok(GetComputerNameA(a, &small) && small == n, "GetComputerNameA: size %lu", small);
    SetLastError(0);
    ok(!GetComputerNameW(w, NULL) && GetLastError() == ERROR_INVALID_PARAMETER, "NULL size");
}

int main(void)
{
    test_computer_name();
    test_user_name();
    test_tokens();
    test_sids();
    test_random();
    return test_summary();
}
