/* The A forms of the value functions: names, and string data, through
 * the ANSI code page. */
#include "advapi32_private.h"

#define A2W(var, s)                                                  \
    BOOL var##_ok;                                                   \
    WCHAR *var = adv_a2w(s, &var##_ok)

static BOOL is_string_type(DWORD type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

/* Hands value data to an A caller: strings converted to ANSI (with a
 * terminator when it is missing and there is room), the rest as it is. */
static LONG data_to_ansi(DWORD type, const BYTE *src, DWORD len, BYTE *data, DWORD *count)
{
    LONG err = ERROR_SUCCESS;
    DWORD n = len;

    if (is_string_type(type))
        n = adv_w2a_size((const WCHAR *)src, len / sizeof(WCHAR));
    if (data) {
        if (n > *count) {
            err = ERROR_MORE_DATA;
        } else if (is_string_type(type)) {
            adv_w2a((char *)data, n, (const WCHAR *)src, len / sizeof(WCHAR));
            if (n < *count && (!n || data[n - 1]))
                data[n] = 0;
        } else {
            memcpy(data, src, len);
        }
    }
    if (count)
        *count = n;
    return err;
}

LONG WINAPI RegQueryValueExA(HKEY hkey, LPCSTR name, LPDWORD reserved, LPDWORD type,
                             LPBYTE data, LPDWORD count)
{
    NT_KEY_VALUE_PARTIAL *v;
    A2W(w, name);
    LONG err;

    if ((data && !count) || reserved)
        err = ERROR_INVALID_PARAMETER;
    else if (!w_ok)
        err = ERROR_NOT_ENOUGH_MEMORY;
    else if (!(err = reg_read_value(hkey, w, &v))) {
        if (type)
            *type = v->Type;
        err = data_to_ansi(v->Type, v->Data, v->DataLength, data, count);
        adv_free(v);
    }
    adv_free(w);
    return err;
}

/* String data is converted from ANSI (count bytes of it). */
LONG WINAPI RegSetValueExA(HKEY hkey, LPCSTR name, DWORD reserved, DWORD type,
                           const BYTE *data, DWORD count)
{
    A2W(w, name);
    WCHAR *wdata = NULL;
    ULONG wlen = count;
    LONG err;

    if (!w_ok) {
        err = ERROR_NOT_ENOUGH_MEMORY;
    } else if (!data && count) {
        err = ERROR_NOACCESS;
    } else if (is_string_type(type) && count) {
        RtlMultiByteToUnicodeSize(&wlen, (const char *)data, count);
        if (!(wdata = adv_alloc(wlen))) {
            err = ERROR_NOT_ENOUGH_MEMORY;
        } else {
            RtlMultiByteToUnicodeN(wdata, wlen, &wlen, (const char *)data, count);
            err = RegSetValueExW(hkey, w, reserved, type, (BYTE *)wdata, wlen);
        }
    } else {
        err = RegSetValueExW(hkey, w, reserved, type, data, count);
    }
    adv_free(wdata);
    adv_free(w);
    return err;
}

LONG WINAPI RegDeleteValueA(HKEY hkey, LPCSTR name)
{
    A2W(w, name);
    LONG err = w_ok ? RegDeleteValueW(hkey, w) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

LONG WINAPI RegEnumValueA(HKEY hkey, DWORD index, LPSTR name, LPDWORD name_len,
                          LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD count)
{
    NT_KEY_VALUE_FULL *v;
    HANDLE h;
    LONG err;
    NTSTATUS s;

    if (!name || !name_len || reserved || (data && !count))
        return ERROR_INVALID_PARAMETER;
    if ((err = reg_handle(hkey, &h)))
        return err;
    if ((s = reg_enum_value(h, index, &v)) != STATUS_SUCCESS)
        return adv_error(s);
    if (!(err = adv_name_to_ansi(v->Name, v->NameLength / sizeof(WCHAR), name, name_len))) {
        if (type)
            *type = v->Type;
        err = data_to_ansi(v->Type, (BYTE *)v + v->DataOffset, v->DataLength, data, count);
    }
    adv_free(v);
    return err;
}

LONG WINAPI RegQueryValueA(HKEY hkey, LPCSTR subkey, LPSTR data, PLONG count)
{
    HKEY key;
    BOOL opened;
    A2W(w, subkey);
    LONG err;

    if (data && !count)
        err = ERROR_INVALID_PARAMETER;
    else if (!w_ok)
        err = ERROR_NOT_ENOUGH_MEMORY;
    else if (!(err = reg_open_for_value(hkey, w, KEY_QUERY_VALUE, &key, &opened))) {
        err = RegQueryValueExA(key, NULL, NULL, NULL, (BYTE *)data, (DWORD *)count);
        if (err == ERROR_FILE_NOT_FOUND) {
            /* No default value reads as the empty string (RegQueryValueW). */
            err = ERROR_SUCCESS;
            if (data && *count >= 1)
                *data = 0;
            else if (data)
                err = ERROR_MORE_DATA;
            if (count)
                *count = 1;
        }
        if (opened)
            RegCloseKey(key);
    }
    adv_free(w);
    return err;
}

LONG WINAPI RegSetValueA(HKEY hkey, LPCSTR subkey, DWORD type, LPCSTR data, DWORD count)
{
    A2W(w, subkey);
    A2W(d, data);
    LONG err;

    if (type != REG_SZ || !data)
        err = ERROR_INVALID_PARAMETER;
    else
        err = (w_ok && d_ok) ? RegSetValueW(hkey, w, type, d, 0) : ERROR_NOT_ENOUGH_MEMORY;
    adv_free(w);
    adv_free(d);
    return err;
}

LONG WINAPI RegSetKeyValueA(HKEY hkey, LPCSTR subkey, LPCSTR name, DWORD type, LPCVOID data,
                            DWORD count)
{
    HKEY key = hkey;
    A2W(w, subkey);
    LONG err;

    if (!w_ok)
        err = ERROR_NOT_ENOUGH_MEMORY;
    else if (w && *w && (err = reg_create(hkey, w, 0, KEY_SET_VALUE, NULL, &key, NULL)))
        ;
    else {
        err = RegSetValueExA(key, name, 0, type, data, count);
        if (key != hkey)
            RegCloseKey(key);
    }
    adv_free(w);
    return err;
}

LONG WINAPI RegDeleteKeyValueA(HKEY hkey, LPCSTR subkey, LPCSTR name)
{
    A2W(w, subkey);
    A2W(n, name);
    LONG err = (w_ok && n_ok) ? RegDeleteKeyValueW(hkey, w, n) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    adv_free(n);
    return err;
}
