/* RegGetValue: RegQueryValueEx with the RRF_* type restrictions,
 * REG_EXPAND_SZ expansion in the caller's (32-bit) environment, strings
 * always terminated, RRF_ZEROONFAILURE (Microsoft's RegGetValue
 * documentation). */
#include "advapi32_private.h"

/* The RRF_RT_* bit of a value type; 0 for types only RRF_RT_ANY takes. */
static DWORD type_flag(DWORD type)
{
    switch (type) {
    case REG_NONE: return RRF_RT_REG_NONE;
    case REG_SZ: return RRF_RT_REG_SZ;
    case REG_EXPAND_SZ: return RRF_RT_REG_EXPAND_SZ;
    case REG_BINARY: return RRF_RT_REG_BINARY;
    case REG_DWORD: return RRF_RT_REG_DWORD;
    case REG_MULTI_SZ: return RRF_RT_REG_MULTI_SZ;
    case REG_QWORD: return RRF_RT_REG_QWORD;
    default: return 0;
    }
}

/* Whether the restriction in flags admits the value: RRF_RT_DWORD and
 * RRF_RT_QWORD admit REG_BINARY data of exactly 4 and 8 bytes. */
static LONG check_type(DWORD type, DWORD len, DWORD flags)
{
    DWORD rt = flags & RRF_RT_ANY;

    if (rt == RRF_RT_ANY)
        return ERROR_SUCCESS;
    if (type == REG_BINARY && (rt & (RRF_RT_REG_DWORD | RRF_RT_REG_QWORD)) && (rt & RRF_RT_REG_BINARY)) {
        if (((rt & RRF_RT_DWORD) == RRF_RT_DWORD && len == 4) ||
            ((rt & RRF_RT_QWORD) == RRF_RT_QWORD && len == 8))
            return ERROR_SUCCESS;
        return ERROR_DATATYPE_MISMATCH;
    }
    return (type_flag(type) & rt) ? ERROR_SUCCESS : ERROR_UNSUPPORTED_TYPE;
}

/* How many terminating NULs string data lacks (REG_MULTI_SZ ends with
 * two). */
static DWORD missing_nuls(DWORD type, const BYTE *data, DWORD len)
{
    const WCHAR *w = (const WCHAR *)data;
    DWORD n = len / sizeof(WCHAR);

    if (type != REG_SZ && type != REG_EXPAND_SZ && type != REG_MULTI_SZ)
        return 0;
    if (len % sizeof(WCHAR))
        return type == REG_MULTI_SZ ? 2 : 1;
    if (type != REG_MULTI_SZ)
        return (n && !w[n - 1]) ? 0 : 1;
    if (n >= 2 && !w[n - 1] && !w[n - 2])
        return 0;
    if (n == 1 && !w[0])
        return 1;
    return (n && !w[n - 1]) ? 1 : 2;
}

static LONG expand(NT_KEY_VALUE_PARTIAL *v, BYTE **data, DWORD *len)
{
    DWORD n = v->DataLength / sizeof(WCHAR), need;
    WCHAR *src, *dst;

    if (!(src = adv_alloc((n + 1) * sizeof(WCHAR))))
        return ERROR_NOT_ENOUGH_MEMORY;
    memcpy(src, v->Data, n * sizeof(WCHAR));
    src[n] = 0;
    need = ExpandEnvironmentStringsW(src, NULL, 0);
    if (!need || !(dst = adv_alloc(need * sizeof(WCHAR)))) {
        adv_free(src);
        return need ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
    }
    need = ExpandEnvironmentStringsW(src, dst, need);
    adv_free(src);
    *data = (BYTE *)dst;
    *len = need * sizeof(WCHAR);
    return ERROR_SUCCESS;
}

LONG reg_get_value(HKEY hkey, const WCHAR *subkey, const WCHAR *name, DWORD flags, DWORD *type,
                   BYTE **data, DWORD *len)
{
    NT_KEY_VALUE_PARTIAL *v;
    REGSAM view = 0;
    HKEY key;
    BOOL opened = FALSE;
    DWORD t, add;
    LONG err;

    if (flags & RRF_SUBKEY_WOW6464KEY)
        view |= KEY_WOW64_64KEY;
    if (flags & RRF_SUBKEY_WOW6432KEY)
        view |= KEY_WOW64_32KEY;
    if (subkey && *subkey) {
        if ((err = reg_open(hkey, subkey, 0, KEY_QUERY_VALUE | view, &key)))
            return err;
        opened = TRUE;
    } else {
        key = hkey;
    }
    err = reg_read_value(key, name, &v);
    if (opened)
        RegCloseKey(key);
    if (err)
        return err;
    t = v->Type;
    if (t == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
        /* Expanded data is reported as REG_SZ. */
        t = REG_SZ;
        if (!(err = check_type(t, 0, flags)))
            err = expand(v, data, len);
        adv_free(v);
        *type = t;
        return err;
    }
    *type = t;
    if ((err = check_type(t, v->DataLength, flags))) {
        adv_free(v);
        return err;
    }
    add = missing_nuls(t, v->Data, v->DataLength);
    if (!(*data = adv_alloc(v->DataLength + add * sizeof(WCHAR) + 1))) {
        adv_free(v);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    memcpy(*data, v->Data, v->DataLength);
    *len = v->DataLength;
    if (add) {
        /* An odd length is rounded up to whole characters first. */
        if (*len % sizeof(WCHAR))
            (*data)[(*len)++] = 0;
        memset(*data + *len, 0, add * sizeof(WCHAR));
        *len += add * sizeof(WCHAR);
    }
    adv_free(v);
    return ERROR_SUCCESS;
}

/* The argument checks both forms share. */
static LONG check_args(DWORD flags, const void *data, const DWORD *count)
{
    if (data && !count)
        return ERROR_INVALID_PARAMETER;
    /* RRF_RT_REG_EXPAND_SZ asks for unexpanded data: only with RRF_NOEXPAND. */
    if ((flags & RRF_RT_REG_EXPAND_SZ) && !(flags & RRF_NOEXPAND) &&
        (flags & RRF_RT_ANY) != RRF_RT_ANY)
        return ERROR_INVALID_PARAMETER;
    if ((flags & RRF_WOW64_MASK) == RRF_WOW64_MASK)
        return ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
}

/* Copies the result out (data may be NULL: the size only). */
static LONG copy_out(const BYTE *src, DWORD len, void *data, DWORD *count)
{
    LONG err = ERROR_SUCCESS;

    if (data) {
        if (len > *count)
            err = ERROR_MORE_DATA;
        else
            memcpy(data, src, len);
    }
    if (count)
        *count = len;
    return err;
}

LONG WINAPI RegGetValueW(HKEY hkey, LPCWSTR subkey, LPCWSTR name, DWORD flags, LPDWORD type,
                         PVOID data, LPDWORD count)
{
    DWORD size = count ? *count : 0, t = REG_NONE, len = 0;
    BYTE *buf = NULL;
    LONG err;

    if ((err = check_args(flags, data, count)))
        return err;
    err = reg_get_value(hkey, subkey, name, flags, &t, &buf, &len);
    if (!err)
        err = copy_out(buf, len, data, count);
    if (type && (!err || err == ERROR_MORE_DATA))
        *type = t;
    adv_free(buf);
    if (err && (flags & RRF_ZEROONFAILURE) && data)
        memset(data, 0, size);
    return err;
}

LONG WINAPI RegGetValueA(HKEY hkey, LPCSTR subkey, LPCSTR name, DWORD flags, LPDWORD type,
                         PVOID data, LPDWORD count)
{
    DWORD size = count ? *count : 0, t = REG_NONE, len = 0;
    WCHAR *wsub = NULL, *wname = NULL;
    BYTE *buf = NULL;
    BOOL ok1, ok2;
    LONG err;

    if ((err = check_args(flags, data, count)))
        return err;
    wsub = adv_a2w(subkey, &ok1);
    wname = adv_a2w(name, &ok2);
    if (!ok1 || !ok2) {
        err = ERROR_NOT_ENOUGH_MEMORY;
    } else if (!(err = reg_get_value(hkey, wsub, wname, flags, &t, &buf, &len))) {
        if (t == REG_SZ || t == REG_EXPAND_SZ || t == REG_MULTI_SZ) {
            /* Strings reach the caller in the ANSI code page. */
            DWORD alen = adv_w2a_size((WCHAR *)buf, len / sizeof(WCHAR));
            BYTE *a = adv_alloc(alen + 1);

            if (!a) {
                err = ERROR_NOT_ENOUGH_MEMORY;
            } else {
                adv_w2a((char *)a, alen, (WCHAR *)buf, len / sizeof(WCHAR));
                adv_free(buf);
                buf = a;
                len = alen;
            }
        }
        if (!err)
            err = copy_out(buf, len, data, count);
    }
    if (type && (!err || err == ERROR_MORE_DATA))
        *type = t;
    adv_free(buf);
    adv_free(wsub);
    adv_free(wname);
    if (err && (flags & RRF_ZEROONFAILURE) && data)
        memset(data, 0, size);
    return err;
}
