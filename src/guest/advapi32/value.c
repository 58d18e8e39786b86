/* Registry values (W forms; valuea.c has the A forms): query, set,
 * delete, enumerate, and the Windows 3.1 default-value pair. */
#include "advapi32_private.h"

void reg_name(UNICODE_STRING *us, const WCHAR *name)
{
    RtlInitUnicodeString(us, name ? name : L"");
}

static BOOL is_string_type(DWORD type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

/* One value into a heap buffer, grown until it fits. */
static NTSTATUS read_one(HANDLE h, const UNICODE_STRING *name, NT_KEY_VALUE_PARTIAL **out)
{
    ULONG size = 256, need = 0;
    NT_KEY_VALUE_PARTIAL *info;
    NTSTATUS s;

    for (;;) {
        if (!(info = adv_alloc(size)))
            return STATUS_NO_MEMORY;
        s = NtQueryValueKey(h, name, NT_KEY_VALUE_PARTIAL_INFORMATION, info, size, &need);
        if (s != STATUS_BUFFER_OVERFLOW && s != STATUS_BUFFER_TOO_SMALL)
            break;
        adv_free(info);
        size = need > size ? need : size * 2;
    }
    if (!NT_SUCCESS(s)) {
        adv_free(info);
        return s;
    }
    *out = info;
    return s;
}

LONG reg_read_value(HKEY hkey, const WCHAR *name, NT_KEY_VALUE_PARTIAL **out)
{
    UNICODE_STRING us;
    HANDLE h, user;
    NTSTATUS s = STATUS_OBJECT_NAME_NOT_FOUND;
    LONG err;

    if ((err = reg_handle(hkey, &h)))
        return err;
    reg_name(&us, name);
    if (reg_is_classes_root(hkey) && (user = reg_user_classes()))
        s = read_one(user, &us, out);
    if (s == STATUS_OBJECT_NAME_NOT_FOUND)
        s = read_one(h, &us, out);
    return adv_error(s);
}

/* String data stored without its terminator gets one in the caller's
 * buffer when there is room (not counted in the size), as Windows does. */
static void terminate_string(DWORD type, BYTE *data, DWORD len, DWORD size)
{
    if (!is_string_type(type) || len + sizeof(WCHAR) > size)
        return;
    if (len >= sizeof(WCHAR) && len % sizeof(WCHAR) == 0 &&
        !((WCHAR *)data)[len / sizeof(WCHAR) - 1])
        return;
    data[len] = 0;
    data[len + 1] = 0;
}

LONG WINAPI RegQueryValueExW(HKEY hkey, LPCWSTR name, LPDWORD reserved, LPDWORD type,
                             LPBYTE data, LPDWORD count)
{
    NT_KEY_VALUE_PARTIAL *v;
    LONG err;

    if ((data && !count) || reserved)
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_read_value(hkey, name, &v)))
        return err;
    if (type)
        *type = v->Type;
    if (data) {
        if (v->DataLength > *count) {
            err = ERROR_MORE_DATA;
        } else {
            memcpy(data, v->Data, v->DataLength);
            terminate_string(v->Type, data, v->DataLength, *count);
        }
    }
    if (count)
        *count = v->DataLength;
    adv_free(v);
    return err;
}

/* String data is stored as given: the writer counts the terminator (a
 * caller that forgot it gets its string back unterminated). */
LONG WINAPI RegSetValueExW(HKEY hkey, LPCWSTR name, DWORD reserved, DWORD type,
                           const BYTE *data, DWORD count)
{
    UNICODE_STRING us;
    HANDLE h;
    LONG err;

    if (!data && count)
        return ERROR_NOACCESS;
    if ((err = reg_handle(hkey, &h)))
        return err;
    reg_name(&us, name);
    return adv_error(NtSetValueKey(h, &us, 0, type, data, count));
}

LONG WINAPI RegDeleteValueW(HKEY hkey, LPCWSTR name)
{
    UNICODE_STRING us;
    HANDLE h;
    LONG err;

    if ((err = reg_handle(hkey, &h)))
        return err;
    reg_name(&us, name);
    return adv_error(NtDeleteValueKey(h, &us));
}

/* Value index as KEY_VALUE_FULL_INFORMATION in a heap buffer. */
NTSTATUS reg_enum_value(HANDLE h, DWORD index, NT_KEY_VALUE_FULL **out)
{
    ULONG size = 512, need = 0;
    NT_KEY_VALUE_FULL *info;
    NTSTATUS s;

    for (;;) {
        if (!(info = adv_alloc(size)))
            return STATUS_NO_MEMORY;
        s = NtEnumerateValueKey(h, index, NT_KEY_VALUE_FULL_INFORMATION, info, size, &need);
        if (s != STATUS_BUFFER_OVERFLOW && s != STATUS_BUFFER_TOO_SMALL)
            break;
        adv_free(info);
        size = need > size ? need : size * 2;
    }
    if (!NT_SUCCESS(s)) {
        adv_free(info);
        return s;
    }
    *out = info;
    return s;
}

LONG WINAPI RegEnumValueW(HKEY hkey, DWORD index, LPWSTR name, LPDWORD name_len,
                          LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD count)
{
    NT_KEY_VALUE_FULL *v;
    DWORD len;
    HANDLE h;
    LONG err;
    NTSTATUS s;

    if (!name || !name_len || reserved || (data && !count))
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &h)))
        return err;
    if ((s = reg_enum_value(h, index, &v)) != STATUS_SUCCESS)
        return adv_error(s);
    len = v->NameLength / sizeof(WCHAR);
    if (len >= *name_len) {
        err = ERROR_MORE_DATA;
    } else {
        memcpy(name, v->Name, len * sizeof(WCHAR));
        name[len] = 0;
        *name_len = len;
        if (type)
            *type = v->Type;
        if (data) {
            if (v->DataLength > *count) {
                err = ERROR_MORE_DATA;
            } else {
                memcpy(data, (BYTE *)v + v->DataOffset, v->DataLength);
                terminate_string(v->Type, data, v->DataLength, *count);
            }
        }
        if (count)
            *count = v->DataLength;
    }
    adv_free(v);
    return err;
}

/* The default value of subkey as a string; a key without one reads as
 * the empty string (every key had a default value in Windows 3.1). */
LONG WINAPI RegQueryValueW(HKEY hkey, LPCWSTR subkey, LPWSTR data, PLONG count)
{
    HKEY key;
    BOOL opened;
    LONG err;

    if (data && !count)
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_open_for_value(hkey, subkey, KEY_QUERY_VALUE, &key, &opened)))
        return err;
    err = RegQueryValueExW(key, NULL, NULL, NULL, (BYTE *)data, (DWORD *)count);
    if (err == ERROR_FILE_NOT_FOUND) {
        err = ERROR_SUCCESS;
        if (data && count && *count >= (LONG)sizeof(WCHAR))
            *data = 0;
        else if (data)
            err = ERROR_MORE_DATA;
        if (count)
            *count = sizeof(WCHAR);
    }
    if (opened)
        RegCloseKey(key);
    return err;
}

/* Sets subkey's default value (the key is created when missing); only
 * REG_SZ, and the length comes from the string. */
LONG WINAPI RegSetValueW(HKEY hkey, LPCWSTR subkey, DWORD type, LPCWSTR data, DWORD count)
{
    HKEY key = hkey;
    LONG err;

    if (type != REG_SZ || !data)
        return ERROR_INVALID_PARAMETER;
    if (subkey && *subkey && (err = reg_create(hkey, subkey, 0, KEY_SET_VALUE, NULL, &key, NULL)))
        return err;
    err = RegSetValueExW(key, NULL, 0, REG_SZ, (const BYTE *)data,
                         (wcslen(data) + 1) * sizeof(WCHAR));
    if (key != hkey)
        RegCloseKey(key);
    return err;
}

LONG WINAPI RegSetKeyValueW(HKEY hkey, LPCWSTR subkey, LPCWSTR name, DWORD type,
                            LPCVOID data, DWORD count)
{
    HKEY key = hkey;
    LONG err;

    if (subkey && *subkey && (err = reg_create(hkey, subkey, 0, KEY_SET_VALUE, NULL, &key, NULL)))
        return err;
    err = RegSetValueExW(key, name, 0, type, data, count);
    if (key != hkey)
        RegCloseKey(key);
    return err;
}

LONG WINAPI RegDeleteKeyValueW(HKEY hkey, LPCWSTR subkey, LPCWSTR name)
{
    HKEY key;
    BOOL opened;
    LONG err;

    if ((err = reg_open_for_value(hkey, subkey, KEY_SET_VALUE, &key, &opened)))
        return err;
    err = RegDeleteValueW(key, name);
    if (opened)
        RegCloseKey(key);
    return err;
}
