/* Key handles: the predefined keys (opened on first use, never closed),
 * opening and creating subkeys, and the HKEY_CLASSES_ROOT merge, where
 * the user's HKCU\Software\Classes overrides HKLM\Software\Classes. */
#include "advapi32_private.h"

#define PREDEF_FIRST ((ULONG_PTR)HKEY_CLASSES_ROOT)
#define PREDEF_COUNT 7 /* HKEY_CLASSES_ROOT (0x80000000) .. HKEY_DYN_DATA (0x80000006) */

static HANDLE predef[PREDEF_COUNT];
static HANDLE user_classes;
/* RegOverridePredefKey's replacements (our duplicates), under the PEB lock. */
static HANDLE override[PREDEF_COUNT];

/* The NT names of the predefined keys (HKEY_CURRENT_USER comes from
 * RtlOpenCurrentUser). */
static const WCHAR *const predef_names[PREDEF_COUNT] = {
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Classes",   /* HKEY_CLASSES_ROOT (the machine half) */
    NULL,                                          /* HKEY_CURRENT_USER */
    L"\\REGISTRY\\MACHINE",                        /* HKEY_LOCAL_MACHINE */
    L"\\REGISTRY\\USER",                           /* HKEY_USERS */
    NULL,                                          /* HKEY_PERFORMANCE_DATA */
    L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current",
    NULL,                                          /* HKEY_DYN_DATA (Windows 9x) */
};

BOOL reg_is_predefined(HKEY hkey)
{
    ULONG_PTR v = (ULONG_PTR)hkey;

    return v >= PREDEF_FIRST && v < PREDEF_FIRST + PREDEF_COUNT;
}

static NTSTATUS open_absolute(const WCHAR *name, ACCESS_MASK access, HANDLE *out)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;

    RtlInitUnicodeString(&us, name);
    InitializeObjectAttributes(&attr, &us, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtOpenKey(out, access, &attr);
}

/* Publishes a handle opened on first use; a thread that lost the race
 * closes its own. */
static HANDLE publish(HANDLE *slot, HANDLE h)
{
    HANDLE prev = InterlockedCompareExchangePointer(slot, h, NULL);

    if (prev) {
        NtClose(h);
        return prev;
    }
    return h;
}

/* A predefined key's own handle (overrides aside), opened on first use. */
static LONG predef_handle(ULONG_PTR idx, HANDLE *out)
{
    HKEY hkey = (HKEY)(PREDEF_FIRST + idx);
    NTSTATUS s;
    HANDLE h;

    if ((*out = predef[idx]))
        return ERROR_SUCCESS;
    if (hkey == HKEY_PERFORMANCE_DATA || hkey == HKEY_DYN_DATA) {
        ADV_FIXME_ONCE("predefined key %p is not implemented\n", hkey);
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
    if (hkey == HKEY_CURRENT_USER)
        s = RtlOpenCurrentUser(MAXIMUM_ALLOWED, &h);
    else
        s = open_absolute(predef_names[idx], MAXIMUM_ALLOWED, &h);
    if (!NT_SUCCESS(s))
        return adv_error(s);
    *out = publish(&predef[idx], h);
    return ERROR_SUCCESS;
}

LONG reg_handle(HKEY hkey, HANDLE *out)
{
    ULONG_PTR idx;

    if (!hkey)
        return ERROR_INVALID_HANDLE;
    if (!reg_is_predefined(hkey)) {
        *out = (HANDLE)hkey;
        return ERROR_SUCCESS;
    }
    idx = (ULONG_PTR)hkey - PREDEF_FIRST;
    if ((*out = override[idx]))
        return ERROR_SUCCESS;
    return predef_handle(idx, out);
}

LONG reg_machine_classes(HANDLE *out)
{
    return predef_handle(0, out);
}

HANDLE reg_user_classes(void)
{
    HANDLE root, h;

    if (user_classes)
        return user_classes;
    /* The user's key may appear later: keep trying until it exists. The
     * user's own hive, not an override of HKEY_CURRENT_USER. */
    if (predef_handle((ULONG_PTR)HKEY_CURRENT_USER - PREDEF_FIRST, &root) != ERROR_SUCCESS)
        return NULL;
    {
        OBJECT_ATTRIBUTES attr;
        UNICODE_STRING us;

        RtlInitUnicodeString(&us, L"Software\\Classes");
        InitializeObjectAttributes(&attr, &us, OBJ_CASE_INSENSITIVE, root, NULL);
        if (!NT_SUCCESS(NtOpenKey(&h, MAXIMUM_ALLOWED, &attr)))
            return NULL;
    }
    return publish(&user_classes, h);
}

static BOOL both_views(REGSAM access)
{
    return (access & (KEY_WOW64_64KEY | KEY_WOW64_32KEY)) == (KEY_WOW64_64KEY | KEY_WOW64_32KEY);
}

static BOOL not_found(NTSTATUS s)
{
    return s == STATUS_OBJECT_NAME_NOT_FOUND || s == STATUS_OBJECT_PATH_NOT_FOUND;
}

/* REG_OPTION_OPEN_LINK opens a symbolic link key itself. */
static ULONG open_attributes(DWORD options)
{
    return OBJ_CASE_INSENSITIVE | ((options & REG_OPTION_OPEN_LINK) ? OBJ_OPENLINK : 0);
}

static NTSTATUS open_relative(HANDLE root, const WCHAR *subkey, DWORD options, REGSAM access,
                              HANDLE *out)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;

    RtlInitUnicodeString(&us, subkey ? subkey : L"");
    InitializeObjectAttributes(&attr, &us, open_attributes(options), root, NULL);
    return NtOpenKeyEx(out, access, &attr, 0);
}

/* Opens path in the merged Classes view: the user's key when it exists,
 * else the machine's. */
static LONG merged_open(const WCHAR *path, DWORD options, REGSAM access, HANDLE *out)
{
    HANDLE user = reg_user_classes(), machine;
    NTSTATUS s = STATUS_OBJECT_NAME_NOT_FOUND;
    LONG err;

    if (user)
        s = open_relative(user, path, options, access, out);
    if (not_found(s)) {
        if ((err = reg_machine_classes(&machine)))
            return err;
        s = open_relative(machine, path, options, access, out);
    }
    return adv_error(s);
}

LONG reg_open(HKEY hkey, const WCHAR *subkey, DWORD options, REGSAM access, HKEY *out)
{
    HANDLE root, h = NULL;
    WCHAR *path;
    REGSAM view;
    NTSTATUS s;
    LONG err;

    if (!out)
        return ERROR_INVALID_PARAMETER;
    *out = NULL;
    if (both_views(access))
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &root)) != ERROR_SUCCESS)
        return err;
    /* Below HKEY_CLASSES_ROOT: the merged view, keeping the parent's view
     * flags unless the caller gives its own. */
    if (subkey && *subkey && classes_path(hkey, subkey, &path, &view, &err)) {
        if (err)
            return err;
        if (!(access & (KEY_WOW64_64KEY | KEY_WOW64_32KEY)))
            access |= view;
        if ((err = merged_open(path, options, access, &h))) {
            adv_free(path);
            return err;
        }
        classes_record((HKEY)h, path, access);
        *out = (HKEY)h;
        return ERROR_SUCCESS;
    }
    if (!NT_SUCCESS(s = open_relative(root, subkey, options, access, &h)))
        return adv_error(s);
    *out = (HKEY)h;
    return ERROR_SUCCESS;
}

/* NtCreateKey of one name (no intermediate keys) under root. */
static NTSTATUS create_one(HANDLE root, const WCHAR *name, USHORT bytes, DWORD options,
                           REGSAM access, const WCHAR *class_name, HANDLE *out, DWORD *disp)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us, cls;
    ULONG d = 0;
    NTSTATUS s;

    us.Buffer = (WCHAR *)name;
    us.Length = us.MaximumLength = bytes;
    InitializeObjectAttributes(&attr, &us, open_attributes(options), root, NULL);
    if (class_name)
        RtlInitUnicodeString(&cls, class_name);
    s = NtCreateKey(out, access, &attr, 0, class_name ? &cls : NULL,
                    options & ~REG_OPTION_OPEN_LINK, &d);
    if (disp)
        *disp = d;
    return s;
}

/* Creates subkey under root, making the missing keys on its path one by
 * one as RegCreateKeyEx does (NtCreateKey makes only the last). */
static NTSTATUS create_path(HANDLE root, const WCHAR *subkey, DWORD options, REGSAM access,
                            const WCHAR *class_name, HANDLE *out, DWORD *disp)
{
    size_t len = wcslen(subkey), start = 0;
    HANDLE parent = root, h;
    NTSTATUS s;

    s = create_one(root, subkey, (USHORT)(len * sizeof(WCHAR)), options, access, class_name, out,
                   disp);
    if (!not_found(s))
        return s;
    while (start < len) {
        size_t end = start;
        BOOL last;

        while (end < len && subkey[end] != '\\')
            end++;
        last = end >= len || subkey[end + 1] == 0;
        if (end > start) {
            /* Intermediate keys keep the caller's view flags. */
            s = create_one(parent, subkey + start, (USHORT)((end - start) * sizeof(WCHAR)),
                           options,
                           last ? access : (MAXIMUM_ALLOWED | (access & (KEY_WOW64_64KEY | KEY_WOW64_32KEY))),
                           last ? class_name : NULL, &h, last ? disp : NULL);
            if (parent != root)
                NtClose(parent);
            if (!NT_SUCCESS(s))
                return s;
            parent = h;
        }
        if (last)
            break;
        start = end + 1;
    }
    if (parent == root)
        return STATUS_OBJECT_NAME_INVALID;
    *out = parent;
    return STATUS_SUCCESS;
}

LONG reg_create(HKEY hkey, const WCHAR *subkey, DWORD options, REGSAM access,
                const WCHAR *class_name, HKEY *out, DWORD *disposition)
{
    HANDLE root, user, machine, h = NULL;
    WCHAR *path;
    REGSAM view;
    NTSTATUS s;
    LONG err;

    if (!out)
        return ERROR_INVALID_PARAMETER;
    *out = NULL;
    if (both_views(access))
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &root)) != ERROR_SUCCESS)
        return err;
    if (!subkey || !*subkey) {
        /* A new handle to hkey itself. */
        s = open_relative(root, NULL, options, access, &h);
        if (NT_SUCCESS(s) && disposition)
            *disposition = REG_OPENED_EXISTING_KEY;
    } else if (classes_path(hkey, subkey, &path, &view, &err)) {
        /* Below HKEY_CLASSES_ROOT: an existing user key is opened; new keys
         * go to the machine's Classes. */
        if (err)
            return err;
        if (!(access & (KEY_WOW64_64KEY | KEY_WOW64_32KEY)))
            access |= view;
        s = STATUS_OBJECT_NAME_NOT_FOUND;
        if ((user = reg_user_classes())) {
            s = open_relative(user, path, options, access, &h);
            if (NT_SUCCESS(s) && disposition)
                *disposition = REG_OPENED_EXISTING_KEY;
        }
        if (not_found(s)) {
            if ((err = reg_machine_classes(&machine))) {
                adv_free(path);
                return err;
            }
            s = create_path(machine, path, options, access, class_name, &h, disposition);
        }
        if (!NT_SUCCESS(s)) {
            adv_free(path);
            return adv_error(s);
        }
        classes_record((HKEY)h, path, access);
        *out = (HKEY)h;
        return ERROR_SUCCESS;
    } else {
        s = create_path(root, subkey, options, access, class_name, &h, disposition);
    }
    if (!NT_SUCCESS(s))
        return adv_error(s);
    *out = (HKEY)h;
    return ERROR_SUCCESS;
}

BOOL reg_is_classes_root(HKEY hkey)
{
    /* An overridden HKEY_CLASSES_ROOT is just the key it was mapped to. */
    return hkey == HKEY_CLASSES_ROOT && !override[0];
}

/* Maps a predefined key to another key until called again with NULL; the
 * caller may close its handle afterwards (we keep a duplicate). */
LONG WINAPI RegOverridePredefKey(HKEY hkey, HKEY new_key)
{
    HANDLE dup = NULL, old, h;
    ULONG_PTR idx;
    LONG err;

    if (!reg_is_predefined(hkey))
        return ERROR_INVALID_HANDLE;
    idx = (ULONG_PTR)hkey - PREDEF_FIRST;
    if (new_key) {
        if ((err = reg_handle(new_key, &h)))
            return err;
        if ((err = adv_error(NtDuplicateObject(NtCurrentProcess(), h, NtCurrentProcess(), &dup, 0, 0,
                                               DUPLICATE_SAME_ACCESS))))
            return err;
    }
    RtlAcquirePebLock();
    old = override[idx];
    override[idx] = dup;
    RtlReleasePebLock();
    if (old)
        NtClose(old);
    return ERROR_SUCCESS;
}

LONG reg_open_for_value(HKEY hkey, const WCHAR *subkey, REGSAM access, HKEY *key, BOOL *opened)
{
    *opened = FALSE;
    if (!subkey || !*subkey) {
        *key = hkey;
        return ERROR_SUCCESS;
    }
    *opened = TRUE;
    return reg_open(hkey, subkey, 0, access, key);
}

LONG WINAPI RegOpenCurrentUser(REGSAM access, PHKEY out)
{
    HANDLE h;
    NTSTATUS s;

    if (!out)
        return ERROR_INVALID_PARAMETER;
    s = RtlOpenCurrentUser(access, &h);
    *out = NT_SUCCESS(s) ? (HKEY)h : NULL;
    return adv_error(s);
}
