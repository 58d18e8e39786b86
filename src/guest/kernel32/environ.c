/* The command line, the environment and the startup information, all of
 * which live in the process parameters the host built. The environment
 * block stays there ("A=B\0C=D\0\0", sorted, case-insensitive names;
 * names may begin with '=' as in "=C:=C:\dir"); changing it replaces the
 * block under the PEB lock, as RtlSetEnvironmentVariable does. */
#include "kernel32_private.h"

/* processenv.h maps the ANSI name onto the historical GetEnvironmentStrings;
 * we export both names. */
#undef GetEnvironmentStringsA

static char *command_line_a;
static char *desktop_a, *title_a;
static WCHAR *env_ours;   /* the block we allocated, if any */

/* The ANSI copy of a counted string (NULL when it has no buffer). */
static char *ansi_copy(const UNICODE_STRING *us)
{
    ANSI_STRING a;

    if (!us->Buffer)
        return NULL;
    if (RtlUnicodeStringToAnsiString(&a, us, TRUE))
        return NULL;
    return a.Buffer;
}

void k32_environ_init(void)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();

    command_line_a = ansi_copy(&params->CommandLine);
    desktop_a = ansi_copy(&params->DesktopInfo);
    title_a = ansi_copy(&params->WindowTitle);
}

LPWSTR WINAPI GetCommandLineW(void)
{
    return nt_params()->CommandLine.Buffer;
}

LPSTR WINAPI GetCommandLineA(void)
{
    return command_line_a;
}

/* Length in UTF-16 units of an environment block, final NUL included. */
static size_t block_length(const WCHAR *env)
{
    const WCHAR *p = env;

    if (!p)
        return 1;
    while (*p)
        p += wcslen(p) + 1;
    return p - env + 1;
}

/* The length of the name part of entry e ("NAME=value"). A leading '='
 * belongs to the name. */
static size_t name_length(const WCHAR *e)
{
    const WCHAR *eq = e[0] ? wcschr(e + 1, '=') : NULL;

    return eq ? (size_t)(eq - e) : wcslen(e);
}

/* Compares names case-insensitively by upper case, which is the order of
 * the block ("_X" sorts after letters, as RtlCompareUnicodeString has it). */
static int compare_names(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen)
{
    size_t i, n = alen < blen ? alen : blen;

    for (i = 0; i < n; i++) {
        WCHAR x = RtlUpcaseUnicodeChar(a[i]), y = RtlUpcaseUnicodeChar(b[i]);

        if (x != y)
            return x < y ? -1 : 1;
    }
    return alen < blen ? -1 : alen > blen;
}

/* The entry for name in env, or NULL. Caller holds the PEB lock. */
static const WCHAR *find_entry(const WCHAR *env, const WCHAR *name, size_t len)
{
    const WCHAR *p;

    for (p = env; p && *p; p += wcslen(p) + 1)
        if (!compare_names(p, name_length(p), name, len))
            return p;
    return NULL;
}

/* Looks name up; returns a heap copy of its value, or NULL with
 * ERROR_ENVVAR_NOT_FOUND (or ERROR_NOT_ENOUGH_MEMORY). */
static WCHAR *lookup(const WCHAR *name)
{
    const WCHAR *e;
    WCHAR *value = NULL;
    size_t len = wcslen(name);

    /* A name containing '=' (past its first character) cannot exist. */
    if (!len || (len > 1 && wcschr(name + 1, '='))) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return NULL;
    }
    RtlAcquirePebLock();
    if ((e = find_entry(nt_params()->Environment, name, len))) {
        const WCHAR *v = e + len + 1;
        size_t n = wcslen(v) + 1;

        if ((value = k32_alloc(n * sizeof(WCHAR))))
            memcpy(value, v, n * sizeof(WCHAR));
        else
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
    }
    RtlReleasePebLock();
    return value;
}

DWORD WINAPI GetEnvironmentVariableW(LPCWSTR name, LPWSTR buf, DWORD size)
{
    WCHAR *value;
    DWORD ret, n;

    if (!name) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    if (!(value = lookup(name)))
        return 0;
    n = (DWORD)wcslen(value);
    ret = k32_copy_wide(value, n, buf, size);
    if (!ret)
        SetLastError(ERROR_SUCCESS);  /* an empty value, not a failure */
    k32_free(value);
    return ret;
}

DWORD WINAPI GetEnvironmentVariableA(LPCSTR name, LPSTR buf, DWORD size)
{
    WCHAR *wname, *value;
    DWORD ret;

    if (!name) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    if (!(wname = k32_ansi_to_wide(name)))
        return 0;
    value = lookup(wname);
    k32_free(wname);
    if (!value)
        return 0;
    ret = k32_copy_wide_to_ansi(value, (DWORD)wcslen(value), buf, size);
    if (!ret)
        SetLastError(ERROR_SUCCESS);
    k32_free(value);
    return ret;
}

/* Replaces, adds (in sorted position) or, with a NULL value, removes a
 * variable, building a new block. */
static BOOL set_variable(const WCHAR *name, const WCHAR *value)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();
    size_t len = wcslen(name), vlen = value ? wcslen(value) : 0, old_len, new_len;
    const WCHAR *env, *p, *match, *insert = NULL;
    WCHAR *block, *out;

    if (!len || (len > 1 && wcschr(name + 1, '='))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    RtlAcquirePebLock();
    env = params->Environment;
    old_len = block_length(env);
    match = find_entry(env, name, len);
    if (!match && !value) {
        RtlReleasePebLock();
        return TRUE;  /* removing what is not there */
    }
    new_len = old_len + (value ? len + vlen + 2 : 0) - (match ? wcslen(match) + 1 : 0);
    if (!(block = k32_alloc(new_len * sizeof(WCHAR)))) {
        RtlReleasePebLock();
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (!match && env) {
        for (p = env; *p && !insert; p += wcslen(p) + 1)
            if (compare_names(p, name_length(p), name, len) > 0)
                insert = p;
    }
    out = block;
    for (p = env; p && *p; p += wcslen(p) + 1) {
        if (p == match || p == insert) {
            if (value) {
                /* A replaced entry keeps the spelling of its name. */
                memcpy(out, p == match ? p : name, len * sizeof(WCHAR));
                out += len;
                *out++ = '=';
                memcpy(out, value, (vlen + 1) * sizeof(WCHAR));
                out += vlen + 1;
            }
            if (p == match)
                continue;
        }
        memcpy(out, p, (wcslen(p) + 1) * sizeof(WCHAR));
        out += wcslen(p) + 1;
    }
    if (!match && !insert) {
        memcpy(out, name, len * sizeof(WCHAR));
        out += len;
        *out++ = '=';
        memcpy(out, value, (vlen + 1) * sizeof(WCHAR));
        out += vlen + 1;
    }
    *out = 0;
    params->Environment = block;
    params->EnvironmentSize = (ULONG)(new_len * sizeof(WCHAR));
    if (env_ours)
        k32_free(env_ours);
    env_ours = block;
    RtlReleasePebLock();
    return TRUE;
}

BOOL WINAPI SetEnvironmentVariableW(LPCWSTR name, LPCWSTR value)
{
    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return set_variable(name, value);
}

BOOL WINAPI SetEnvironmentVariableA(LPCSTR name, LPCSTR value)
{
    WCHAR *wname, *wvalue = NULL;
    BOOL ret;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(wname = k32_ansi_to_wide(name)))
        return FALSE;
    if (value && !(wvalue = k32_ansi_to_wide(value))) {
        k32_free(wname);
        return FALSE;
    }
    ret = set_variable(wname, wvalue);
    k32_free(wname);
    k32_free(wvalue);
    return ret;
}

/* A copy of the block; FreeEnvironmentStringsW releases it. */
LPWCH WINAPI GetEnvironmentStringsW(void)
{
    const WCHAR *env;
    WCHAR *copy;
    size_t n;

    RtlAcquirePebLock();
    env = nt_params()->Environment;
    n = block_length(env);
    if ((copy = k32_alloc(n * sizeof(WCHAR)))) {
        if (env)
            memcpy(copy, env, n * sizeof(WCHAR));
        else
            copy[0] = 0;
    }
    RtlReleasePebLock();
    if (!copy)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return copy;
}

LPCH WINAPI GetEnvironmentStringsA(void)
{
    WCHAR *w = GetEnvironmentStringsW();
    size_t n;
    char *a;

    if (!w)
        return NULL;
    n = block_length(w);
    if ((a = k32_alloc(n)))
        RtlUnicodeToMultiByteN(a, (ULONG)n, NULL, w, (ULONG)(n * sizeof(WCHAR)));
    else
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    k32_free(w);
    return a;
}

BOOL WINAPI FreeEnvironmentStringsW(LPWCH block)
{
    return RtlFreeHeap(nt_peb()->ProcessHeap, 0, block);
}

BOOL WINAPI FreeEnvironmentStringsA(LPCH block)
{
    return RtlFreeHeap(nt_peb()->ProcessHeap, 0, block);
}

/* Expands %NAME% references; unknown names stay as written. Returns the
 * size needed in units, NUL included (the result is only written when it
 * fits). */
static DWORD expand(const WCHAR *src, WCHAR *dst, DWORD size)
{
    DWORD n = 0;

    while (*src) {
        const WCHAR *end = *src == '%' ? wcschr(src + 1, '%') : NULL;
        WCHAR *value = NULL;

        if (end && end > src + 1) {
            size_t len = end - src - 1;
            WCHAR *name = k32_alloc((len + 1) * sizeof(WCHAR));

            if (name) {
                memcpy(name, src + 1, len * sizeof(WCHAR));
                name[len] = 0;
                value = lookup(name);
                k32_free(name);
            }
        }
        if (value) {
            for (WCHAR *v = value; *v; v++, n++)
                if (n < size)
                    dst[n] = *v;
            k32_free(value);
            src = end + 1;
        } else {
            if (n < size)
                dst[n] = *src;
            n++;
            src++;
        }
    }
    if (n < size)
        dst[n] = 0;
    return n + 1;
}

DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR src, LPWSTR dst, DWORD size)
{
    DWORD need;

    if (!src) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!dst)
        size = 0;
    need = expand(src, dst, size);
    if (need > size && size)
        dst[size - 1] = 0;
    return need;
}

DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR src, LPSTR dst, DWORD size)
{
    WCHAR *wsrc, *wdst;
    DWORD need;

    if (!src) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!(wsrc = k32_ansi_to_wide(src)))
        return 0;
    need = expand(wsrc, NULL, 0);
    if ((wdst = k32_alloc(need * sizeof(WCHAR)))) {
        expand(wsrc, wdst, need);
        if (dst && size) {
            DWORD n = need <= size ? need : size;

            RtlUnicodeToMultiByteN(dst, n, NULL, wdst, n * sizeof(WCHAR));
            dst[n - 1] = 0;
        }
        k32_free(wdst);
    } else {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        need = 0;
    }
    k32_free(wsrc);
    return need;
}

void WINAPI GetStartupInfoW(LPSTARTUPINFOW info)
{
    RTL_USER_PROCESS_PARAMETERS32 *params = nt_params();

    memset(info, 0, sizeof(*info));
    info->cb = sizeof(*info);
    info->lpDesktop = params->DesktopInfo.Buffer;
    info->lpTitle = params->WindowTitle.Buffer;
    info->dwX = params->StartingX;
    info->dwY = params->StartingY;
    info->dwXSize = params->CountX;
    info->dwYSize = params->CountY;
    info->dwXCountChars = params->CountCharsX;
    info->dwYCountChars = params->CountCharsY;
    info->dwFillAttribute = params->FillAttribute;
    info->dwFlags = params->WindowFlags;
    info->wShowWindow = (WORD)params->ShowWindowFlags;
    info->cbReserved2 = params->RuntimeData.Length;
    info->lpReserved2 = params->RuntimeData.Length ? (LPBYTE)params->RuntimeData.Buffer : NULL;
    if (params->WindowFlags & STARTF_USESTDHANDLES) {
        info->hStdInput = params->StandardInput;
        info->hStdOutput = params->StandardOutput;
        info->hStdError = params->StandardError;
    }
}

void WINAPI GetStartupInfoA(LPSTARTUPINFOA info)
{
    STARTUPINFOW w;

    GetStartupInfoW(&w);
    memcpy(info, &w, sizeof(*info));
    info->lpDesktop = desktop_a;
    info->lpTitle = title_a;
}
