/* Access tokens (NtOpenProcessToken(Ex), NtOpenThreadToken(Ex),
 * NtQueryInformationToken): every process of a prefix runs as one user
 * (token.h), a standard user at medium integrity, not elevated. Each open
 * makes a token object that remembers the access it was granted; queries
 * build the 32-bit layouts, whose SID pointers point into the caller's
 * own buffer, as Windows lays them out. Threads never impersonate, so a
 * thread has no token of its own. */
#include "thread.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "token.h"

/* winnt.h token access rights. */
#define TOKEN_QUERY 0x0008u
#define TOKEN_QUERY_SOURCE 0x0010u
#define TOKEN_ALL_ACCESS 0x000F01FFu
#define TOKEN_READ 0x00020008u
#define TOKEN_WRITE 0x000200E0u
#define TOKEN_EXECUTE 0x00020000u
#define TOKEN_VALID_BITS (TOKEN_ALL_ACCESS | 0x00100000u /* SYNCHRONIZE */ | 0x01000000u)

/* TOKEN_INFORMATION_CLASS. */
enum {
    TokenUser = 1,
    TokenGroups = 2,
    TokenPrivileges = 3,
    TokenOwner = 4,
    TokenPrimaryGroup = 5,
    TokenType = 8,
    TokenSessionId = 12,
    TokenElevationType = 18,
    TokenElevation = 20,
    TokenIntegrityLevel = 25,
    TokenIsAppContainer = 29,
    TokenClassMax = 48, /* MaxTokenInfoClass in Windows 10 */
};

/* SID_AND_ATTRIBUTES attributes. */
#define SE_GROUP_MANDATORY 0x1u
#define SE_GROUP_ENABLED_BY_DEFAULT 0x2u
#define SE_GROUP_ENABLED 0x4u
#define SE_GROUP_INTEGRITY 0x20u
#define SE_GROUP_INTEGRITY_ENABLED 0x40u
#define SE_PRIVILEGE_ENABLED_BY_DEFAULT 0x1u
#define SE_PRIVILEGE_ENABLED 0x2u

#define TOKEN_PRIMARY 1                  /* TOKEN_TYPE TokenPrimary */
#define TOKEN_ELEVATION_TYPE_DEFAULT 1   /* TokenElevationTypeDefault */
#define TOKEN_SESSION_ID 1               /* the first interactive session */

struct token {
    struct nt_object hdr;
    ULONG access;
};

/* A binary SID: revision 1, count, 6-byte big-endian authority, then the
 * sub-authorities (little-endian). */
struct sid {
    uint8_t bytes[8 + 4 * 15];
    size_t len;
};

/* Parses "S-1-<authority>-<sub>..." (the form token.h spells). */
static void sid_parse(const char *s, struct sid *out)
{
    uint64_t auth;
    unsigned n = 0;
    char *end;

    memset(out, 0, sizeof *out);
    out->bytes[0] = 1;
    s += 4; /* "S-1-" */
    auth = strtoull(s, &end, 10);
    for (int i = 0; i < 6; i++)
        out->bytes[2 + i] = (uint8_t)(auth >> (8 * (5 - i)));
    while (*end == '-' && n < 15) {
        uint32_t v = (uint32_t)strtoul(end + 1, &end, 10);

        memcpy(out->bytes + 8 + 4 * n, &v, 4);
        n++;
    }
    out->bytes[1] = (uint8_t)n;
    out->len = 8 + 4 * n;
}

/* The user's SID with its last sub-authority (the account's RID)
 * replaced: rid 513 is the machine's "None" group, a local user's primary
 * group. */
static void sid_user(struct sid *out, uint32_t rid)
{
    sid_parse(WOW64_USER_SID, out);
    if (rid)
        memcpy(out->bytes + out->len - 4, &rid, 4);
}

static void token_destroy(struct nt_object *obj)
{
    free(obj);
}

/* The access a token open grants: generic rights mapped the way the token
 * type maps them; the user may open its own token with any access. */
static NTSTATUS token_access(ULONG access, ULONG *granted)
{
    ULONG a = access & ~0xF0000000u;

    if (access & 0x80000000u)
        a |= TOKEN_READ;
    if (access & 0x40000000u)
        a |= TOKEN_WRITE;
    if (access & 0x20000000u)
        a |= TOKEN_EXECUTE;
    if (access & 0x10000000u)
        a |= TOKEN_ALL_ACCESS;
    if (a & 0x02000000u) /* MAXIMUM_ALLOWED */
        a = (a & ~0x02000000u) | TOKEN_ALL_ACCESS;
    if (a & ~TOKEN_VALID_BITS)
        return STATUS_ACCESS_DENIED;
    *granted = a;
    return STATUS_SUCCESS;
}

static NTSTATUS token_open(ULONG access, HANDLE *out)
{
    struct token *t;
    ULONG granted;
    NTSTATUS s;

    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if ((s = token_access(access, &granted)) != STATUS_SUCCESS)
        return s;
    if (!(t = calloc(1, sizeof *t)))
        return STATUS_NO_MEMORY;
    object_init(&t->hdr, NT_OBJECT_TOKEN, token_destroy);
    t->access = granted;
    if ((s = handle_alloc(&t->hdr, out)) != STATUS_SUCCESS)
        object_release(&t->hdr);
    return s;
}

/* Handle attributes (OBJ_INHERIT, OBJ_KERNEL_HANDLE) do not change what
 * an open does here. */
NTSTATUS svc_NtOpenProcessTokenEx(HANDLE process, ULONG access, ULONG attributes, HANDLE *out)
{
    struct nt_object *obj;
    NTSTATUS s;

    (void)attributes;
    /* A child process runs as the same user: its token is the same. */
    if (process != NtCurrentProcess()) {
        if (!(obj = handle_get(process, NT_OBJECT_PROCESS, &s)))
            return s;
        object_release(obj);
    }
    return token_open(access, out);
}

NTSTATUS svc_NtOpenProcessToken(HANDLE process, ULONG access, HANDLE *out)
{
    return svc_NtOpenProcessTokenEx(process, access, 0, out);
}

/* No thread impersonates: a valid thread handle gives STATUS_NO_TOKEN. */
NTSTATUS svc_NtOpenThreadTokenEx(HANDLE thread, ULONG access, ULONG as_self, ULONG attributes,
                                 HANDLE *out)
{
    struct nt_thread *th;
    struct nt_object *obj;
    NTSTATUS s;

    (void)access;
    (void)as_self;
    (void)attributes;
    if ((th = thread_get(thread, &s))) {
        thread_release(th);
    } else if (s == STATUS_OBJECT_TYPE_MISMATCH && (obj = handle_get(thread, NT_OBJECT_THREAD, &s))) {
        object_release(obj);
    } else {
        return s;
    }
    if (!out)
        return STATUS_ACCESS_VIOLATION;
    return STATUS_NO_TOKEN;
}

NTSTATUS svc_NtOpenThreadToken(HANDLE thread, ULONG access, ULONG as_self, HANDLE *out)
{
    return svc_NtOpenThreadTokenEx(thread, access, as_self, 0, out);
}

/* The answer of one class, built in host memory at the guest address
 * base (SID pointers are guest addresses inside the caller's buffer). */
struct token_info {
    uint8_t buf[512];
    size_t len;
    uint32_t base;
};

static void put32(struct token_info *ti, size_t off, uint32_t v)
{
    memcpy(ti->buf + off, &v, 4);
}

/* SID_AND_ATTRIBUTES at off pointing at sid, which is appended. */
static void put_sid_and_attributes(struct token_info *ti, size_t off, const struct sid *sid,
                                   uint32_t attributes)
{
    put32(ti, off, ti->base + (uint32_t)ti->len);
    put32(ti, off + 4, attributes);
    memcpy(ti->buf + ti->len, sid->bytes, sid->len);
    ti->len += sid->len;
}

/* TOKEN_GROUPS: the count, the array, then the SIDs. */
static void build_groups(struct token_info *ti)
{
    static const char *const groups[] = { "S-1-1-0" /* Everyone */, "S-1-5-32-545" /* Users */ };
    const uint32_t attr = SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED;
    size_t n = sizeof groups / sizeof groups[0];
    struct sid sid;

    put32(ti, 0, (uint32_t)n);
    ti->len = 4 + 8 * n;
    for (size_t i = 0; i < n; i++) {
        sid_parse(groups[i], &sid);
        put_sid_and_attributes(ti, 4 + 8 * i, &sid, attr);
    }
}

/* TOKEN_PRIVILEGES of a standard user: LUID (8 bytes) + attributes each. */
static void build_privileges(struct token_info *ti)
{
    static const struct {
        uint32_t luid, attributes;
    } privs[] = {
        { 19, 0 },                                                        /* SeShutdownPrivilege */
        { 23, SE_PRIVILEGE_ENABLED_BY_DEFAULT | SE_PRIVILEGE_ENABLED },   /* SeChangeNotifyPrivilege */
        { 25, 0 },                                                        /* SeUndockPrivilege */
        { 33, 0 },                                                        /* SeIncreaseWorkingSetPrivilege */
        { 34, 0 },                                                        /* SeTimeZonePrivilege */
    };
    size_t n = sizeof privs / sizeof privs[0];

    put32(ti, 0, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        put32(ti, 4 + 12 * i, privs[i].luid);
        put32(ti, 8 + 12 * i, 0);
        put32(ti, 12 + 12 * i, privs[i].attributes);
    }
    ti->len = 4 + 12 * n;
}

/* Fills ti for cls; STATUS_INVALID_INFO_CLASS / STATUS_NOT_IMPLEMENTED
 * for classes we do not answer. */
static NTSTATUS token_build(ULONG cls, struct token_info *ti)
{
    struct sid sid;

    switch (cls) {
    case TokenUser:          /* TOKEN_USER { SID_AND_ATTRIBUTES User; } */
        sid_user(&sid, 0);
        ti->len = 8;
        put_sid_and_attributes(ti, 0, &sid, 0);
        return STATUS_SUCCESS;
    case TokenOwner:         /* TOKEN_OWNER { PSID Owner; } */
    case TokenPrimaryGroup:  /* TOKEN_PRIMARY_GROUP { PSID PrimaryGroup; } */
        sid_user(&sid, cls == TokenOwner ? 0 : 513);
        put32(ti, 0, ti->base + 4);
        memcpy(ti->buf + 4, sid.bytes, sid.len);
        ti->len = 4 + sid.len;
        return STATUS_SUCCESS;
    case TokenGroups:
        build_groups(ti);
        return STATUS_SUCCESS;
    case TokenPrivileges:
        build_privileges(ti);
        return STATUS_SUCCESS;
    case TokenIntegrityLevel: /* TOKEN_MANDATORY_LABEL { SID_AND_ATTRIBUTES Label; } */
        sid_parse("S-1-16-8192", &sid); /* Medium Mandatory Level */
        ti->len = 8;
        put_sid_and_attributes(ti, 0, &sid, SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED);
        return STATUS_SUCCESS;
    case TokenType:
        put32(ti, 0, TOKEN_PRIMARY);
        ti->len = 4;
        return STATUS_SUCCESS;
    case TokenSessionId:
        put32(ti, 0, TOKEN_SESSION_ID);
        ti->len = 4;
        return STATUS_SUCCESS;
    case TokenElevationType:
        put32(ti, 0, TOKEN_ELEVATION_TYPE_DEFAULT);
        ti->len = 4;
        return STATUS_SUCCESS;
    case TokenElevation:     /* TOKEN_ELEVATION { DWORD TokenIsElevated; } */
    case TokenIsAppContainer:
        put32(ti, 0, 0);
        ti->len = 4;
        return STATUS_SUCCESS;
    default:
        if (cls == 0 || cls >= TokenClassMax)
            return STATUS_INVALID_INFO_CLASS;
        log_fixme("ntdll", "NtQueryInformationToken", "information class %u", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
}

/* Too small a buffer: STATUS_BUFFER_TOO_SMALL with the size needed in
 * *retlen, for fixed and variable-size classes alike. */
NTSTATUS svc_NtQueryInformationToken(HANDLE h, ULONG cls, void *buf, ULONG len, void *guest_retlen)
{
    struct token_info ti;
    struct token *t;
    uint32_t need;
    NTSTATUS s;

    if (!(t = (struct token *)handle_get(h, NT_OBJECT_TOKEN, &s)))
        return s;
    s = (t->access & TOKEN_QUERY) ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
    object_release(&t->hdr);
    if (s != STATUS_SUCCESS)
        return s;
    memset(&ti, 0, sizeof ti);
    ti.base = (uint32_t)(uintptr_t)buf;
    if ((s = token_build(cls, &ti)) != STATUS_SUCCESS)
        return s;
    need = (uint32_t)ti.len;
    if (guest_retlen && !guest_write(guest_retlen, &need, sizeof need))
        return STATUS_ACCESS_VIOLATION;
    if (len < need)
        return STATUS_BUFFER_TOO_SMALL;
    if (!guest_write(buf, ti.buf, need))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}
