/* Paths: _splitpath/_makepath (pure string work, narrow and wide),
 * _fullpath, the current directory (_getcwd, _getdrive) on kernel32. */
#include "crtio.h"

#define MAX_DRIVE 3
#define MAX_DIR 256
#define MAX_FNAME 256
#define MAX_EXT 256

/* _splitpath and _makepath, then _wsplitpath and _wmakepath. */
#define PATH_T char
#define PATH(name) name##_narrow
#define PATH_LEN strlen
#define PATH_SPLIT _splitpath
#define PATH_MAKE _makepath
#include "splitpath_impl.h"
#undef PATH_T
#undef PATH
#undef PATH_LEN
#undef PATH_SPLIT
#undef PATH_MAKE

#define PATH_T crt_wchar
#define PATH(name) name##_wide
#define PATH_LEN wcslen
#define PATH_SPLIT _wsplitpath
#define PATH_MAKE _wmakepath
#include "splitpath_impl.h"

char *__cdecl _fullpath(char *out, const char *rel, size_t size)
{
    char buf[520];
    DWORD n;

    if (!rel || !*rel)
        rel = ".";
    n = GetFullPathNameA(rel, sizeof(buf), buf, NULL);
    if (!n || n >= sizeof(buf)) {
        crt_dosmaperr(n ? 206 : GetLastError());
        return NULL;
    }
    if (!out) {
        return _strdup(buf);
    }
    if (n >= size) {
        crt_errno = CRT_ERANGE;
        return NULL;
    }
    memcpy(out, buf, n + 1);
    return out;
}

crt_wchar *__cdecl _wfullpath(crt_wchar *out, const crt_wchar *rel, size_t size)
{
    static const crt_wchar dot[] = { '.', 0 };
    crt_wchar buf[520];
    DWORD n;

    if (!rel || !*rel)
        rel = dot;
    n = GetFullPathNameW(rel, 520, buf, NULL);
    if (!n || n >= 520) {
        crt_dosmaperr(n ? 206 : GetLastError());
        return NULL;
    }
    if (!out)
        return _wcsdup(buf);
    if (n >= size) {
        crt_errno = CRT_ERANGE;
        return NULL;
    }
    memcpy(out, buf, (n + 1) * sizeof(crt_wchar));
    return out;
}

/* The end of _getcwd and _wgetcwd: the n units of tmp (plus the ending
 * zero) into buf, or into a new buffer of at least size units. */
static void *cwd_result(void *buf, int size, const void *tmp, DWORD n, size_t unit)
{
    if (!buf) {
        if (size <= (int)n)
            size = (int)n + 1;
        buf = malloc((size_t)size * unit);
        if (!buf) {
            crt_errno = CRT_ENOMEM;
            return NULL;
        }
    } else if ((int)n >= size) {
        crt_errno = CRT_ERANGE;
        return NULL;
    }
    memcpy(buf, tmp, (n + 1) * unit);
    return buf;
}

char *__cdecl _getcwd(char *buf, int size)
{
    char tmp[520];
    DWORD n = GetCurrentDirectoryA(sizeof(tmp), tmp);

    if (!n || n >= sizeof(tmp)) {
        crt_dosmaperr(GetLastError());
        return NULL;
    }
    return cwd_result(buf, size, tmp, n, sizeof(char));
}

crt_wchar *__cdecl _wgetcwd(crt_wchar *buf, int size)
{
    crt_wchar tmp[520];
    DWORD n = GetCurrentDirectoryW(520, tmp);

    if (!n || n >= 520) {
        crt_dosmaperr(GetLastError());
        return NULL;
    }
    return cwd_result(buf, size, tmp, n, sizeof(crt_wchar));
}

int __cdecl _getdrive(void)
{
    char tmp[520];
    DWORD n = GetCurrentDirectoryA(sizeof(tmp), tmp);

    if (n >= 2 && n < sizeof(tmp) && tmp[1] == ':')
        return toupper((unsigned char)tmp[0]) - 'A' + 1;
    return 0;
}
