/* NtQueryObject / NtSetInformationObject: what a handle says about its
 * object (ObjectBasicInformation: attributes, access, counts), the
 * object's name (ObjectNameInformation) and its type
 * (ObjectTypeInformation), and the flags of a handle
 * (ObjectHandleFlagInformation), kept by the handle table.
 *
 * The 32-bit layouts are written here: the UNICODE_STRING results point
 * into the caller's buffer right after the structure, as Windows lays
 * them out. Buffer rules (Wine's ntdll conformance tests, om.c): too small
 * is STATUS_INFO_LENGTH_MISMATCH with ReturnLength the size needed, except
 * a file's name with room for the UNICODE_STRING itself, which is
 * STATUS_BUFFER_OVERFLOW. */
#include "object.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "path.h"
#include "registry.h"
#include "sync.h"
#include "../cpu/cpu.h"

#define ObjectBasicInformation 0
#define ObjectNameInformation 1
#define ObjectTypeInformation 2
#define ObjectHandleFlagInformation 4

/* OBJECT_BASIC_INFORMATION.Attributes bits for the handle's flags. */
#define OBJ_PROTECT_CLOSE 0x1


/* OBJECT_HANDLE_FLAG_INFORMATION: two BOOLEANs, the same in 32 and 64
 * bits. */
struct handle_flag_info {
    uint8_t inherit;
    uint8_t protect_from_close;
};

/* OBJECT_BASIC_INFORMATION for a 32-bit caller. */
struct object_basic_info32 {
    ULONG Attributes;
    ULONG GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    ULONG PagedPoolCharge;
    ULONG NonPagedPoolCharge;
    ULONG Reserved[3];
    ULONG NameInfoSize;
    ULONG TypeInfoSize;
    ULONG SecurityDescriptorSize;
    LONGLONG CreationTime;
};
_Static_assert(sizeof(struct object_basic_info32) == 56, "OBJECT_BASIC_INFORMATION32");

/* OBJECT_TYPE_INFORMATION (PUBLIC_OBJECT_TYPE_INFORMATION's full form)
 * for a 32-bit caller. */
struct object_type_info32 {
    UNICODE_STRING32 TypeName;
    ULONG TotalNumberOfObjects;
    ULONG TotalNumberOfHandles;
    ULONG TotalPagedPoolUsage;
    ULONG TotalNonPagedPoolUsage;
    ULONG TotalNamePoolUsage;
    ULONG TotalHandleTableUsage;
    ULONG HighWaterNumberOfObjects;
    ULONG HighWaterNumberOfHandles;
    ULONG HighWaterPagedPoolUsage;
    ULONG HighWaterNonPagedPoolUsage;
    ULONG HighWaterNamePoolUsage;
    ULONG HighWaterHandleTableUsage;
    ULONG InvalidAttributes;
    ULONG GenericMapping[4];
    ULONG ValidAccessMask;
    uint8_t SecurityRequired;
    uint8_t MaintainHandleCount;
    uint8_t TypeIndex;
    uint8_t ReservedByte;
    ULONG PoolType;
    ULONG DefaultPagedPoolCharge;
    ULONG DefaultNonPagedPoolCharge;
};
_Static_assert(sizeof(struct object_type_info32) == 96, "OBJECT_TYPE_INFORMATION32");
_Static_assert(offsetof(struct object_type_info32, ValidAccessMask) == 76, "ValidAccessMask");

/* A type's name and the access its handles have: we check no access, so
 * every handle holds all the rights of its type (files and keys excepted,
 * which keep what they were opened with). */
struct type_desc {
    const char *name;
    ULONG all_access;
};

static const struct type_desc *type_of(enum nt_object_type t)
{
    static const struct type_desc file = { "File", FILE_ALL_ACCESS },
        section = { "Section", 0x000F001F }, process = { "Process", 0x001FFFFF },
        thread = { "Thread", 0x001FFFFF }, event = { "Event", 0x001F0003 },
        mutant = { "Mutant", 0x001F0001 }, semaphore = { "Semaphore", 0x001F0003 },
        timer = { "Timer", 0x001F0003 }, keyed_event = { "KeyedEvent", 0x000F0003 },
        token = { "Token", 0x000F01FF }, key = { "Key", 0x000F003F };

    switch (t) {
    case NT_OBJECT_FILE: return &file;
    case NT_OBJECT_SECTION: return &section;
    case NT_OBJECT_PROCESS: return &process;
    case NT_OBJECT_THREAD:
    case NT_OBJECT_GUEST_THREAD: return &thread;
    case NT_OBJECT_EVENT: return &event;
    case NT_OBJECT_MUTANT: return &mutant;
    case NT_OBJECT_SEMAPHORE: return &semaphore;
    case NT_OBJECT_TIMER: return &timer;
    case NT_OBJECT_KEYED_EVENT: return &keyed_event;
    case NT_OBJECT_TOKEN: return &token;
    case NT_OBJECT_KEY: return &key;
    default: return NULL;
    }
}

/* Writes the ReturnLength the caller asked for. */
static NTSTATUS put_retlen(ULONG *retlen, ULONG size, NTSTATUS s)
{
    if (retlen && !guest_write(retlen, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    return s;
}

static NTSTATUS query_basic(HANDLE h, const struct nt_object *obj, enum nt_object_type type,
                            void *buf, ULONG len, ULONG *retlen)
{
    struct object_basic_info32 info;
    const struct type_desc *td = type_of(type);
    ULONG flags = 0;

    if (len < sizeof info)
        return put_retlen(retlen, sizeof info, STATUS_INFO_LENGTH_MISMATCH);
    memset(&info, 0, sizeof info);
    if (obj) {
        handle_flags(h, &flags, 0, 0);
        info.HandleCount = handle_count_of(obj);
        /* Our own reference for this query is not the caller's. */
        info.PointerCount = (ULONG)__atomic_load_n(&obj->refs, __ATOMIC_RELAXED) - 1;
    } else {
        /* The pseudo-handles of the current process and thread. */
        info.HandleCount = info.PointerCount = 1;
    }
    info.Attributes = ((flags & 1) ? OBJ_INHERIT : 0) | ((flags & 2) ? OBJ_PROTECT_CLOSE : 0);
    info.GrantedAccess = type == NT_OBJECT_FILE  ? ((const struct nt_file *)obj)->access
                         : type == NT_OBJECT_KEY ? ((const struct reg_handle *)obj)->access
                         : td                    ? td->all_access
                                                 : 0;
    if (!guest_write(buf, &info, sizeof info))
        return STATUS_ACCESS_VIOLATION;
    return put_retlen(retlen, sizeof info, STATUS_SUCCESS);
}

/* Writes a UNICODE_STRING32 at buf with its characters right after it
 * (at buf + skip) and NUL-terminated. */
static bool put_string(void *buf, ULONG skip, UNICODE_STRING32 *us, const uint16_t *s, size_t n)
{
    static const uint16_t nul;

    us->Length = (USHORT)(n * 2);
    us->MaximumLength = (USHORT)(n * 2 + 2);
    us->Buffer = (ULONG)(uintptr_t)buf + skip;
    return guest_write((uint8_t *)buf + skip, s, n * 2) &&
           guest_write((uint8_t *)buf + skip + n * 2, &nul, sizeof nul);
}

static NTSTATUS query_type(enum nt_object_type type, void *buf, ULONG len, ULONG *retlen)
{
    const struct type_desc *td = type_of(type);
    struct object_type_info32 info;
    uint16_t name[16];
    size_t n;
    ULONG need;

    if (!td) {
        log_fixme("ntdll", "NtQueryObject", "no type name for object type %d", (int)type);
        return STATUS_NOT_IMPLEMENTED;
    }
    for (n = 0; td->name[n]; n++)
        name[n] = (uint16_t)td->name[n];
    /* Windows keeps the string 4-byte aligned in a 32-bit result. */
    need = (ULONG)(sizeof info + ((n * 2 + 2 + 3) & ~(size_t)3));
    if (len < need)
        return put_retlen(retlen, need, STATUS_INFO_LENGTH_MISMATCH);
    memset(&info, 0, sizeof info);
    info.TotalNumberOfObjects = info.HighWaterNumberOfObjects = 1;
    info.TotalNumberOfHandles = info.HighWaterNumberOfHandles = 1;
    info.ValidAccessMask = td->all_access;
    if (!put_string(buf, sizeof info, &info.TypeName, name, n) ||
        !guest_write(buf, &info, sizeof info))
        return STATUS_ACCESS_VIOLATION;
    return put_retlen(retlen, need, STATUS_SUCCESS);
}

/* A file's NT name: \Device\HarddiskVolume1\... for C: (the volume
 * Windows is on), \??\X:\... for the other drives (Z: is the host root,
 * which has no volume of its own), \Device\Null for NUL. *n: length in
 * characters; false when the file has no name we know. */
static bool file_name(const struct nt_file *f, uint16_t *out, size_t max, size_t *n)
{
    static const char vol[] = "\\Device\\HarddiskVolume1";
    char dos[4096], nt[4096 + 32];

    if (f->device_type == FILE_DEVICE_NULL) {
        snprintf(nt, sizeof nt, "\\Device\\Null");
    } else if (!f->unix_path || path_unix_to_dos(f->unix_path, dos, sizeof dos) != 0 ||
               !dos[0] || dos[1] != ':') {
        return false;
    } else if ((dos[0] == 'C' || dos[0] == 'c') && dos[2] == '\\') {
        snprintf(nt, sizeof nt, "%s%s", vol, dos + 2);
    } else {
        snprintf(nt, sizeof nt, "\\??\\%s", dos);
    }
    *n = file_utf8_to_utf16(nt, out, max);
    return *n <= max;
}

/* The name Windows gives a named object in session 1: Global\ names live
 * in \BaseNamedObjects, the others in the session's directory. */
static size_t session_name(const uint16_t *key, size_t klen, uint16_t *out, size_t max)
{
    static const char dir[] = "\\BaseNamedObjects\\", global[] = "Global\\",
                      session[] = "\\Sessions\\1";
    size_t dl = sizeof dir - 1, gl = sizeof global - 1, sl = sizeof session - 1, n = 0;
    bool in_dir = klen >= dl, is_global;

    for (size_t i = 0; in_dir && i < dl; i++)
        in_dir = key[i] == (uint16_t)dir[i];
    is_global = in_dir && klen >= dl + gl;
    for (size_t i = 0; is_global && i < gl; i++)
        is_global = key[dl + i] == (uint16_t)global[i];
    if (in_dir && !is_global)
        for (; n < sl && n < max; n++)
            out[n] = (uint16_t)session[n];
    for (size_t i = 0; i < klen && n < max; i++) {
        /* \BaseNamedObjects\Global\x is \BaseNamedObjects\x. */
        if (is_global && i == dl)
            i += gl;
        out[n++] = key[i];
    }
    return n;
}

/* A key's full name in the store (\REGISTRY\MACHINE\..., after WOW64
 * redirection: the key the handle really holds). A deleted key has an
 * empty name. */
static bool key_name(HANDLE h, uint16_t *out, size_t max, size_t *n)
{
    struct reg_handle *rh;
    struct reg_key *k;
    struct reg_path path = { 0 };
    bool fits = true;

    *n = 0;
    if (reg_handle_get(h, 0, &rh, &k) != STATUS_SUCCESS)
        return true;
    if (reg_key_path(k, &path) && !path.failed) {
        fits = path.len <= max;
        if (fits) {
            memcpy(out, path.s, path.len * sizeof *out);
            *n = path.len;
        }
    }
    reg_handle_put(rh);
    reg_path_free(&path);
    return fits;
}

static NTSTATUS query_name(HANDLE h, const struct nt_object *obj, enum nt_object_type type,
                           void *buf, ULONG len, ULONG *retlen)
{
    uint16_t key[1024], name[4200];
    size_t n = 0, klen;
    UNICODE_STRING32 us = { 0, 0, 0 };
    bool is_file = type == NT_OBJECT_FILE;
    ULONG need;

    if (is_file) {
        if (!file_name((const struct nt_file *)obj, name, sizeof name / sizeof *name, &n)) {
            log_fixme("ntdll", "NtQueryObject", "no name for a file without a host path");
            n = 0;
        }
    } else if (type == NT_OBJECT_KEY) {
        if (!key_name(h, name, sizeof name / sizeof *name, &n))
            return STATUS_NAME_TOO_LONG;
    } else if (obj && (klen = sync_object_name(obj, key, sizeof key / sizeof *key))) {
        if (klen > sizeof key / sizeof *key)
            return STATUS_NAME_TOO_LONG;
        n = session_name(key, klen, name, sizeof name / sizeof *name);
    }
    /* Unnamed: an empty UNICODE_STRING with a NULL buffer and nothing
     * after it. */
    need = (ULONG)(sizeof us + (n ? n * 2 + 2 : 0));
    if (len < need)
        return put_retlen(retlen, need,
                          is_file && len >= sizeof us ? STATUS_BUFFER_OVERFLOW
                                                      : STATUS_INFO_LENGTH_MISMATCH);
    if ((n && !put_string(buf, sizeof us, &us, name, n)) || !guest_write(buf, &us, sizeof us))
        return STATUS_ACCESS_VIOLATION;
    return put_retlen(retlen, need, STATUS_SUCCESS);
}

static NTSTATUS query_handle_flags(HANDLE h, void *buf, ULONG len, ULONG *retlen)
{
    struct handle_flag_info info;
    ULONG flags, size = sizeof info;
    NTSTATUS s;

    if (len < sizeof info)
        s = STATUS_INFO_LENGTH_MISMATCH;
    else if ((s = handle_flags(h, &flags, 0, 0)) == STATUS_SUCCESS) {
        info.inherit = (flags & 1) != 0;
        info.protect_from_close = (flags & 2) != 0;
        if (!guest_write(buf, &info, sizeof info))
            return STATUS_ACCESS_VIOLATION;
    }
    if (retlen && s != STATUS_INVALID_HANDLE && !guest_write(retlen, &size, sizeof size))
        return STATUS_ACCESS_VIOLATION;
    return s;
}

NTSTATUS svc_NtQueryObject(HANDLE h, ULONG cls, void *buf, ULONG len, ULONG *retlen)
{
    struct nt_object *obj = NULL;
    enum nt_object_type type;
    NTSTATUS s;

    if (cls == ObjectHandleFlagInformation)
        return query_handle_flags(h, buf, len, retlen);
    if (cls != ObjectBasicInformation && cls != ObjectNameInformation &&
        cls != ObjectTypeInformation) {
        log_fixme("ntdll", "NtQueryObject", "information class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (h == NtCurrentProcess())
        type = NT_OBJECT_PROCESS;
    else if (h == NtCurrentThread())
        type = NT_OBJECT_GUEST_THREAD;
    else if ((obj = handle_get(h, NT_OBJECT_ANY, &s)))
        type = obj->type;
    else
        return s == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : s;
    switch (cls) {
    case ObjectBasicInformation: s = query_basic(h, obj, type, buf, len, retlen); break;
    case ObjectNameInformation: s = query_name(h, obj, type, buf, len, retlen); break;
    default: s = query_type(type, buf, len, retlen); break;
    }
    if (obj)
        object_release(obj);
    return s;
}

NTSTATUS svc_NtSetInformationObject(HANDLE h, ULONG cls, const void *buf, ULONG len)
{
    struct handle_flag_info info;

    if (cls != ObjectHandleFlagInformation) {
        log_fixme("ntdll", "NtSetInformationObject", "information class %u not implemented", cls);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (len != sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!guest_read(&info, buf, sizeof info))
        return STATUS_ACCESS_VIOLATION;
    return handle_flags(h, NULL, 3, (info.inherit ? 1u : 0u) | (info.protect_from_close ? 2u : 0u));
}
