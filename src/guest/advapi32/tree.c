/* Whole subtrees: RegDeleteTree and RegCopyTree. Both walk the tree with
 * relative opens, which keep the view of the key they start from. */
#include "advapi32_private.h"

/* The first subkey's name (NUL-terminated), or an error. */
static LONG first_subkey(HKEY key, DWORD index, WCHAR *name)
{
    DWORD len = 256;

    return RegEnumKeyExW(key, index, name, &len, NULL, NULL, NULL, NULL);
}

/* Deletes every subkey of key, depth first. */
static LONG delete_subkeys(HKEY key)
{
    WCHAR name[256];
    HKEY child;
    LONG err;

    /* Index 0 again after every deletion: the list shrinks. */
    while (!(err = first_subkey(key, 0, name))) {
        if ((err = RegOpenKeyExW(key, name, 0, KEY_READ | KEY_SET_VALUE | DELETE, &child)))
            return err;
        err = delete_subkeys(child);
        if (!err)
            err = adv_error(NtDeleteKey((HANDLE)child));
        RegCloseKey(child);
        if (err)
            return err;
    }
    return err == ERROR_NO_MORE_ITEMS ? ERROR_SUCCESS : err;
}

/* With a subkey: that key and everything below it. Without: hkey's
 * values and subkeys; hkey itself stays. */
LONG WINAPI RegDeleteTreeW(HKEY hkey, LPCWSTR subkey)
{
    HKEY key = hkey;
    LONG err;

    if (subkey && *subkey &&
        (err = RegOpenKeyExW(hkey, subkey, 0, KEY_READ | KEY_SET_VALUE | DELETE, &key)))
        return err;
    err = delete_subkeys(key);
    if (!err && key != hkey) {
        err = adv_error(NtDeleteKey((HANDLE)key));
    } else if (!err) {
        NT_KEY_VALUE_FULL *v;
        HANDLE h;
        NTSTATUS s = STATUS_SUCCESS;

        if (!(err = reg_handle(key, &h))) {
            /* Value 0 again after every deletion. */
            while ((s = reg_enum_value(h, 0, &v)) == STATUS_SUCCESS) {
                UNICODE_STRING us;

                us.Buffer = v->Name;
                us.Length = us.MaximumLength = (USHORT)v->NameLength;
                s = NtDeleteValueKey(h, &us);
                adv_free(v);
                if (!NT_SUCCESS(s))
                    break;
            }
            err = s == STATUS_NO_MORE_ENTRIES ? ERROR_SUCCESS : adv_error(s);
        }
    }
    if (key != hkey)
        RegCloseKey(key);
    return err;
}

/* Copies src's values and subkeys (recursively) into dst. */
static LONG copy_tree(HKEY src, HKEY dst)
{
    NT_KEY_VALUE_FULL *v;
    WCHAR name[256];
    HANDLE h;
    LONG err;
    NTSTATUS s;
    DWORD i;

    if ((err = reg_handle(src, &h)))
        return err;
    for (i = 0; (s = reg_enum_value(h, i, &v)) == STATUS_SUCCESS; i++) {
        UNICODE_STRING us;
        HANDLE d;

        us.Buffer = v->Name;
        us.Length = us.MaximumLength = (USHORT)v->NameLength;
        if ((err = reg_handle(dst, &d)) == ERROR_SUCCESS)
            err = adv_error(NtSetValueKey(d, &us, 0, v->Type, (BYTE *)v + v->DataOffset,
                                          v->DataLength));
        adv_free(v);
        if (err)
            return err;
    }
    if (s != STATUS_NO_MORE_ENTRIES)
        return adv_error(s);
    for (i = 0; !(err = first_subkey(src, i, name)); i++) {
        HKEY from, to;

        if ((err = RegOpenKeyExW(src, name, 0, KEY_READ, &from)))
            return err;
        err = RegCreateKeyExW(dst, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &to, NULL);
        if (!err) {
            err = copy_tree(from, to);
            RegCloseKey(to);
        }
        RegCloseKey(from);
        if (err)
            return err;
    }
    return err == ERROR_NO_MORE_ITEMS ? ERROR_SUCCESS : err;
}

LONG WINAPI RegCopyTreeW(HKEY src, LPCWSTR subkey, HKEY dst)
{
    HKEY key = src;
    LONG err;

    if (!dst)
        return ERROR_INVALID_HANDLE;
    if (subkey && *subkey && (err = RegOpenKeyExW(src, subkey, 0, KEY_READ, &key)))
        return err;
    err = copy_tree(key, dst);
    if (key != src)
        RegCloseKey(key);
    return err;
}
