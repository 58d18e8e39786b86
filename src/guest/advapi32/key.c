/* Registry keys: open, create, close, delete, flush, enumerate, query,
 * change notification (W forms; keya.c has the A forms). */
#include "advapi32_private.h"

LONG WINAPI RegOpenKeyExW(HKEY hkey, LPCWSTR subkey, DWORD options, REGSAM access, PHKEY out)
{
    return reg_open(hkey, subkey, options, access, out);
}

/* The Windows 3.1 form: an empty name gives hkey itself back. */
LONG WINAPI RegOpenKeyW(HKEY hkey, LPCWSTR subkey, PHKEY out)
{
    if (!out)
        return ERROR_INVALID_PARAMETER;
    if (!subkey || !*subkey) {
        *out = hkey;
        return hkey ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
    }
    return reg_open(hkey, subkey, 0, MAXIMUM_ALLOWED, out);
}

LONG WINAPI RegCreateKeyExW(HKEY hkey, LPCWSTR subkey, DWORD reserved, LPWSTR class_name,
                            DWORD options, REGSAM access, LPSECURITY_ATTRIBUTES sa, PHKEY out,
                            LPDWORD disposition)
{
    return reg_create(hkey, subkey, options, access, class_name, out, disposition);
}

LONG WINAPI RegCreateKeyW(HKEY hkey, LPCWSTR subkey, PHKEY out)
{
    if (!out)
        return ERROR_INVALID_PARAMETER;
    if (!subkey || !*subkey) {
        *out = hkey;
        return hkey ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
    }
    return reg_create(hkey, subkey, REG_OPTION_NON_VOLATILE, MAXIMUM_ALLOWED, NULL, out, NULL);
}

/* Closing a predefined key succeeds and keeps it usable, as on Windows. */
LONG WINAPI RegCloseKey(HKEY hkey)
{
    if (!hkey)
        return ERROR_INVALID_HANDLE;
    if (reg_is_predefined(hkey))
        return ERROR_SUCCESS;
    classes_forget(hkey);
    return adv_error(NtClose((HANDLE)hkey));
}

/* Only the view flags of access count: they reach the other view. */
LONG WINAPI RegDeleteKeyExW(HKEY hkey, LPCWSTR subkey, REGSAM access, DWORD reserved)
{
    HKEY key;
    LONG err;

    if (!subkey)
        return ERROR_INVALID_PARAMETER;
    err = reg_open(hkey, subkey, 0, DELETE | (access & (KEY_WOW64_64KEY | KEY_WOW64_32KEY)), &key);
    if (err)
        return err;
    err = adv_error(NtDeleteKey((HANDLE)key));
    RegCloseKey(key);
    return err;
}

LONG WINAPI RegDeleteKeyW(HKEY hkey, LPCWSTR subkey)
{
    return RegDeleteKeyExW(hkey, subkey, 0, 0);
}

LONG WINAPI RegFlushKey(HKEY hkey)
{
    HANDLE h;
    LONG err;

    if ((err = reg_handle(hkey, &h)))
        return err;
    return adv_error(NtFlushKey(h));
}

/* One subkey's node information into a heap buffer (freed by the
 * caller), grown until it fits. */
static NTSTATUS enum_node(HANDLE h, DWORD index, NT_KEY_NODE **out)
{
    ULONG size = 256, need = 0;
    NT_KEY_NODE *info;
    NTSTATUS s;

    for (;;) {
        if (!(info = adv_alloc(size)))
            return STATUS_NO_MEMORY;
        s = NtEnumerateKey(h, index, NT_KEY_NODE_INFORMATION, info, size, &need);
        if (s != STATUS_BUFFER_OVERFLOW && s != STATUS_BUFFER_TOO_SMALL)
            break;
        adv_free(info);
        if (need <= size)
            need = size * 2;
        size = need;
    }
    if (!NT_SUCCESS(s)) {
        adv_free(info);
        return s;
    }
    *out = info;
    return s;
}

/* Whether a key of this name exists under the user's Classes key. */
static BOOL user_has(HANDLE user, const WCHAR *name, ULONG bytes)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    HANDLE h;

    us.Buffer = (WCHAR *)name;
    us.Length = us.MaximumLength = (USHORT)bytes;
    InitializeObjectAttributes(&attr, &us, OBJ_CASE_INSENSITIVE, user, NULL);
    if (!NT_SUCCESS(NtOpenKey(&h, KEY_QUERY_VALUE, &attr)))
        return FALSE;
    NtClose(h);
    return TRUE;
}

/* Subkey index of the union of a user key and a machine key: the user's
 * subkeys first, then the machine's that the user does not have. */
static NTSTATUS merged_enum(HANDLE user, HANDLE machine, DWORD index, NT_KEY_NODE **out)
{
    NTSTATUS s;
    DWORD i, seen = 0;

    s = enum_node(user, index, out);
    if (s != STATUS_NO_MORE_ENTRIES)
        return s;
    /* index is past the user's keys: count how many the user has. */
    {
        ULONG buf[128], need;
        NT_KEY_FULL *full = (NT_KEY_FULL *)buf;

        if (!NT_SUCCESS(s = NtQueryKey(user, NT_KEY_FULL_INFORMATION, full, sizeof buf, &need)) &&
            s != STATUS_BUFFER_OVERFLOW)
            return s;
        index -= full->SubKeys;
    }
    for (i = 0;; i++) {
        NT_KEY_NODE *node;

        if ((s = enum_node(machine, i, &node)) != STATUS_SUCCESS)
            return s;
        if (!user_has(user, node->Name, node->NameLength)) {
            if (seen++ == index) {
                *out = node;
                return STATUS_SUCCESS;
            }
        }
        adv_free(node);
    }
}

static HANDLE open_below(HANDLE root, const WCHAR *path, REGSAM view)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    HANDLE h;

    if (!root)
        return NULL;
    RtlInitUnicodeString(&us, path);
    InitializeObjectAttributes(&attr, &us, OBJ_CASE_INSENSITIVE, root, NULL);
    return NT_SUCCESS(NtOpenKey(&h, KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE | view, &attr)) ? h : NULL;
}

/* Subkey index of a key; under HKEY_CLASSES_ROOT (the root and the keys
 * opened through it) the merged list of the user's and the machine's. */
static NTSTATUS reg_enum_subkey(HKEY hkey, HANDLE h, DWORD index, NT_KEY_NODE **out)
{
    HANDLE user, machine, root;
    WCHAR *path;
    REGSAM view;
    LONG err;
    NTSTATUS s;

    if (!classes_path(hkey, NULL, &path, &view, &err))
        return enum_node(h, index, out);
    if (err)
        return STATUS_NO_MEMORY;
    if (!*path) {
        user = reg_user_classes();
        machine = h;
    } else {
        user = open_below(reg_user_classes(), path, view);
        machine = reg_machine_classes(&root) ? NULL : open_below(root, path, view);
    }
    if (user && machine)
        s = merged_enum(user, machine, index, out);
    else
        s = enum_node(user ? user : machine ? machine : h, index, out);
    if (*path) {
        if (user)
            NtClose(user);
        if (machine)
            NtClose(machine);
    }
    adv_free(path);
    return s;
}

LONG WINAPI RegEnumKeyExW(HKEY hkey, DWORD index, LPWSTR name, LPDWORD name_len,
                          LPDWORD reserved, LPWSTR class_name, LPDWORD class_len,
                          PFILETIME last_write)
{
    NT_KEY_NODE *node;
    DWORD len, cls;
    HANDLE h;
    LONG err;
    NTSTATUS s;

    if (!name || !name_len || reserved)
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &h)))
        return err;
    if ((s = reg_enum_subkey(hkey, h, index, &node)) != STATUS_SUCCESS)
        return adv_error(s);
    len = node->NameLength / sizeof(WCHAR);
    cls = node->ClassLength / sizeof(WCHAR);
    if (len >= *name_len || (class_name && class_len && cls >= *class_len)) {
        err = ERROR_MORE_DATA;
    } else {
        memcpy(name, node->Name, len * sizeof(WCHAR));
        name[len] = 0;
        *name_len = len;
        if (class_name && class_len) {
            memcpy(class_name, (BYTE *)node + node->ClassOffset, cls * sizeof(WCHAR));
            class_name[cls] = 0;
        }
        if (class_len)
            *class_len = cls;
        if (last_write)
            memcpy(last_write, &node->LastWriteTime, sizeof *last_write);
    }
    adv_free(node);
    return err;
}

LONG WINAPI RegEnumKeyW(HKEY hkey, DWORD index, LPWSTR name, DWORD name_len)
{
    return RegEnumKeyExW(hkey, index, name, &name_len, NULL, NULL, NULL, NULL);
}

/* The subkey counts of a merged HKEY_CLASSES_ROOT key. */
static void classes_root_counts(HKEY hkey, HANDLE h, NT_KEY_FULL *full)
{
    NT_KEY_NODE *node;
    DWORD n = 0;

    while (reg_enum_subkey(hkey, h, n, &node) == STATUS_SUCCESS) {
        if (node->NameLength > full->MaxNameLen)
            full->MaxNameLen = node->NameLength;
        adv_free(node);
        n++;
    }
    full->SubKeys = n;
}

LONG WINAPI RegQueryInfoKeyW(HKEY hkey, LPWSTR class_name, LPDWORD class_len, LPDWORD reserved,
                             LPDWORD subkeys, LPDWORD max_subkey, LPDWORD max_class,
                             LPDWORD values, LPDWORD max_value_name, LPDWORD max_value,
                             LPDWORD security, PFILETIME last_write)
{
    ULONG size = 512, need = 0;
    NT_KEY_FULL *full;
    DWORD cls;
    HANDLE h;
    LONG err;
    NTSTATUS s;

    if (reserved || (class_name && !class_len))
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &h)))
        return err;
    for (;;) {
        if (!(full = adv_alloc(size)))
            return ERROR_NOT_ENOUGH_MEMORY;
        s = NtQueryKey(h, NT_KEY_FULL_INFORMATION, full, size, &need);
        if (s != STATUS_BUFFER_OVERFLOW && s != STATUS_BUFFER_TOO_SMALL)
            break;
        adv_free(full);
        size = need > size ? need : size * 2;
    }
    if (!NT_SUCCESS(s)) {
        adv_free(full);
        return adv_error(s);
    }
    {
        WCHAR *path;
        REGSAM view;

        if (classes_path(hkey, NULL, &path, &view, &err)) {
            adv_free(path);
            err = ERROR_SUCCESS;
            classes_root_counts(hkey, h, full);
        }
    }
    cls = full->ClassLength / sizeof(WCHAR);
    if (class_name) {
        if (cls >= *class_len) {
            err = ERROR_MORE_DATA;
        } else {
            memcpy(class_name, (BYTE *)full + full->ClassOffset, cls * sizeof(WCHAR));
            class_name[cls] = 0;
        }
    }
    if (class_len)
        *class_len = cls;
    if (subkeys)
        *subkeys = full->SubKeys;
    if (max_subkey)
        *max_subkey = full->MaxNameLen / sizeof(WCHAR);
    if (max_class)
        *max_class = full->MaxClassLen / sizeof(WCHAR);
    if (values)
        *values = full->Values;
    if (max_value_name)
        *max_value_name = full->MaxValueNameLen / sizeof(WCHAR);
    if (max_value)
        *max_value = full->MaxValueDataLen;
    if (security) {
        /* Keys carry no security descriptors here. */
        ADV_FIXME_ONCE("RegQueryInfoKey: security descriptor size reported as 0\n");
        *security = 0;
    }
    if (last_write)
        memcpy(last_write, &full->LastWriteTime, sizeof *last_write);
    adv_free(full);
    return err;
}

/* An asynchronous notification writes its IO_STATUS_BLOCK when the
 * change happens, long after this call has returned; nobody reads it, so
 * every asynchronous request shares this one. */
static IO_STATUS_BLOCK async_iosb;

LONG WINAPI RegNotifyChangeKeyValue(HKEY hkey, BOOL subtree, DWORD filter, HANDLE event,
                                    BOOL async)
{
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    LONG err;
    NTSTATUS s;

    if ((filter & ~REG_LEGAL_CHANGE_FILTER) || (async && !event))
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &h)))
        return err;
    s = NtNotifyChangeKey(h, async ? event : NULL, NULL, NULL, async ? &async_iosb : &iosb,
                          filter & ~REG_NOTIFY_THREAD_AGNOSTIC, (BOOLEAN)!!subtree, NULL, 0,
                          (BOOLEAN)!!async);
    if (s == STATUS_PENDING)
        return ERROR_SUCCESS;
    return adv_error(s);
}
