/* The current user's registry key: RtlFormatCurrentUserKeyPath
 * (\REGISTRY\USER\<the token user's SID>), RtlOpenCurrentUser, and the
 * SID string form they need (RtlConvertSidToUnicodeString). */
#include "ntdll_private.h"

/* Services (src/thunks/syscalls.def) winternl.h does not declare. */
NTSYSAPI NTSTATUS NTAPI NtOpenKey(PHANDLE Key, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes);
NTSYSAPI NTSTATUS NTAPI NtOpenProcessToken(HANDLE Process, ACCESS_MASK Access, PHANDLE Token);
NTSYSAPI NTSTATUS NTAPI NtOpenThreadToken(HANDLE Thread, ACCESS_MASK Access, BOOLEAN OpenAsSelf,
    PHANDLE Token);
NTSYSAPI NTSTATUS NTAPI NtQueryInformationToken(HANDLE Token, ULONG InformationClass,
    PVOID Buffer, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI RtlFormatCurrentUserKeyPath(PUNICODE_STRING Path);
NTSYSAPI NTSTATUS NTAPI RtlOpenCurrentUser(ACCESS_MASK Access, PHANDLE Key);

static WCHAR *put_decimal(WCHAR *p, ULONGLONG v)
{
    WCHAR tmp[20];
    int n = 0;

    do {
        tmp[n++] = (WCHAR)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* "S-1-<authority>-<sub>..." (the authority in hexadecimal from 2^32 up). */
static USHORT sid_format(const SID *sid, WCHAR *out)
{
    static const WCHAR hex[] = L"0123456789ABCDEF";
    const BYTE *a = sid->IdentifierAuthority.Value;
    ULONGLONG auth = 0;
    WCHAR *p = out;

    for (int i = 0; i < 6; i++)
        auth = (auth << 8) | a[i];
    *p++ = 'S';
    *p++ = '-';
    p = put_decimal(p, sid->Revision);
    *p++ = '-';
    if (auth >> 32) {
        *p++ = '0';
        *p++ = 'x';
        for (int i = 0; i < 6; i++) {
            *p++ = hex[a[i] >> 4];
            *p++ = hex[a[i] & 15];
        }
    } else {
        p = put_decimal(p, auth);
    }
    for (int i = 0; i < sid->SubAuthorityCount; i++) {
        *p++ = '-';
        p = put_decimal(p, sid->SubAuthority[i]);
    }
    return (USHORT)((p - out) * sizeof(WCHAR));
}

/* At most 15 sub-authorities of 10 digits, the authority and "S-1-". */
#define SID_STRING_MAX 200

NTSTATUS NTAPI RtlConvertSidToUnicodeString(PUNICODE_STRING str, PSID psid, BOOLEAN allocate)
{
    const SID *sid = psid;
    WCHAR buf[SID_STRING_MAX];
    USHORT len;

    if (!sid || sid->Revision != SID_REVISION || sid->SubAuthorityCount > 15)
        return STATUS_INVALID_SID;
    len = sid_format(sid, buf);
    if (allocate) {
        if (!(str->Buffer = RtlAllocateHeap(nt_peb()->ProcessHeap, 0, len + sizeof(WCHAR))))
            return STATUS_NO_MEMORY;
        str->MaximumLength = len + sizeof(WCHAR);
    } else if (len + sizeof(WCHAR) > str->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    memcpy(str->Buffer, buf, len);
    str->Buffer[len / sizeof(WCHAR)] = 0;
    str->Length = len;
    return STATUS_SUCCESS;
}

/* The user of the thread's token when it impersonates, else the
 * process's. Freed with RtlFreeUnicodeString. */
NTSTATUS NTAPI RtlFormatCurrentUserKeyPath(PUNICODE_STRING path)
{
    static const WCHAR prefix[] = L"\\REGISTRY\\USER\\";
    const USHORT plen = sizeof(prefix) - sizeof(WCHAR);
    ULONG info[64], len;
    UNICODE_STRING sid;
    HANDLE token;
    NTSTATUS s;

    s = NtOpenThreadToken(NtCurrentThread(), TOKEN_QUERY, TRUE, &token);
    if (s == STATUS_NO_TOKEN)
        s = NtOpenProcessToken(NtCurrentProcess(), TOKEN_QUERY, &token);
    if (!NT_SUCCESS(s))
        return s;
    s = NtQueryInformationToken(token, TokenUser, info, sizeof info, &len);
    NtClose(token);
    if (!NT_SUCCESS(s))
        return s;
    path->MaximumLength = plen + SID_STRING_MAX * sizeof(WCHAR);
    if (!(path->Buffer = RtlAllocateHeap(nt_peb()->ProcessHeap, 0, path->MaximumLength)))
        return STATUS_NO_MEMORY;
    memcpy(path->Buffer, prefix, plen);
    sid.Buffer = path->Buffer + plen / sizeof(WCHAR);
    sid.MaximumLength = path->MaximumLength - plen;
    if (!NT_SUCCESS(s = RtlConvertSidToUnicodeString(&sid, ((TOKEN_USER *)info)->User.Sid, FALSE))) {
        RtlFreeUnicodeString(path);
        return s;
    }
    path->Length = plen + sid.Length;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlOpenCurrentUser(ACCESS_MASK access, PHANDLE key)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING path;
    NTSTATUS s;

    if (!NT_SUCCESS(s = RtlFormatCurrentUserKeyPath(&path)))
        return s;
    InitializeObjectAttributes(&attr, &path, OBJ_CASE_INSENSITIVE, NULL, NULL);
    s = NtOpenKey(key, access, &attr);
    RtlFreeUnicodeString(&path);
    return s;
}
