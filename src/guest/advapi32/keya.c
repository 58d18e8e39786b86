/* The A forms of the key functions: names through the ANSI code page. */
#include "advapi32_private.h"

/* Converts the name arguments of one call; the macros keep each entry
 * point to its conversion and its W call. */
#define A2W(var, s)                                                  \
    BOOL var##_ok;                                                   \
    WCHAR *var = adv_a2w(s, &var##_ok)

LONG WINAPI RegOpenKeyExA(HKEY hkey, LPCSTR subkey, DWORD options, REGSAM access, PHKEY out)
{
    A2W(w, subkey);
    LONG err = w_ok ? RegOpenKeyExW(hkey, w, options, access, out) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

LONG WINAPI RegOpenKeyA(HKEY hkey, LPCSTR subkey, PHKEY out)
{
    A2W(w, subkey);
    LONG err = w_ok ? RegOpenKeyW(hkey, w, out) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

LONG WINAPI RegCreateKeyExA(HKEY hkey, LPCSTR subkey, DWORD reserved, LPSTR class_name,
                            DWORD options, REGSAM access, LPSECURITY_ATTRIBUTES sa, PHKEY out,
                            LPDWORD disposition)
{
    A2W(w, subkey);
    A2W(c, class_name);
    LONG err = (w_ok && c_ok) ? RegCreateKeyExW(hkey, w, reserved, c, options, access, sa, out,
                                                disposition)
                              : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    adv_free(c);
    return err;
}

LONG WINAPI RegCreateKeyA(HKEY hkey, LPCSTR subkey, PHKEY out)
{
    A2W(w, subkey);
    LONG err = w_ok ? RegCreateKeyW(hkey, w, out) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

LONG WINAPI RegDeleteKeyExA(HKEY hkey, LPCSTR subkey, REGSAM access, DWORD reserved)
{
    A2W(w, subkey);
    LONG err = w_ok ? RegDeleteKeyExW(hkey, w, access, reserved) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

LONG WINAPI RegDeleteKeyA(HKEY hkey, LPCSTR subkey)
{
    return RegDeleteKeyExA(hkey, subkey, 0, 0);
}

LONG WINAPI RegDeleteTreeA(HKEY hkey, LPCSTR subkey)
{
    A2W(w, subkey);
    LONG err = w_ok ? RegDeleteTreeW(hkey, w) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

LONG WINAPI RegCopyTreeA(HKEY src, LPCSTR subkey, HKEY dst)
{
    A2W(w, subkey);
    LONG err = w_ok ? RegCopyTreeW(src, w, dst) : ERROR_NOT_ENOUGH_MEMORY;

    adv_free(w);
    return err;
}

/* Names (and classes) come back in ANSI; the lengths are ANSI lengths. */
LONG WINAPI RegEnumKeyExA(HKEY hkey, DWORD index, LPSTR name, LPDWORD name_len,
                          LPDWORD reserved, LPSTR class_name, LPDWORD class_len,
                          PFILETIME last_write)
{
    WCHAR wname[256], wclass[256];
    DWORD wn = 256, wc = 256;
    LONG err;

    if (!name || !name_len || reserved)
        return ERROR_INVALID_PARAMETER;
    err = RegEnumKeyExW(hkey, index, wname, &wn, NULL, class_name ? wclass : NULL,
                        class_name ? &wc : NULL, last_write);
    if (err)
        return err;
    if (class_name && class_len) {
        DWORD n = *class_len;

        if ((err = adv_name_to_ansi(wclass, wc, class_name, &n)))
            return err;
        *class_len = n;
    } else if (class_len) {
        *class_len = 0;
    }
    return adv_name_to_ansi(wname, wn, name, name_len);
}

LONG WINAPI RegEnumKeyA(HKEY hkey, DWORD index, LPSTR name, DWORD name_len)
{
    return RegEnumKeyExA(hkey, index, name, &name_len, NULL, NULL, NULL, NULL);
}

LONG WINAPI RegQueryInfoKeyA(HKEY hkey, LPSTR class_name, LPDWORD class_len, LPDWORD reserved,
                             LPDWORD subkeys, LPDWORD max_subkey, LPDWORD max_class,
                             LPDWORD values, LPDWORD max_value_name, LPDWORD max_value,
                             LPDWORD security, PFILETIME last_write)
{
    WCHAR wclass[256];
    DWORD wc = 256;
    LONG err;

    if (reserved || (class_name && !class_len))
        return ERROR_INVALID_PARAMETER;
    err = RegQueryInfoKeyW(hkey, wclass, &wc, NULL, subkeys, max_subkey, max_class, values,
                           max_value_name, max_value, security, last_write);
    if (err)
        return err;
    if (class_name) {
        DWORD n = *class_len;

        err = adv_name_to_ansi(wclass, wc, class_name, &n);
        *class_len = err ? adv_w2a_size(wclass, wc) : n;
    } else if (class_len) {
        *class_len = adv_w2a_size(wclass, wc);
    }
    return err;
}
