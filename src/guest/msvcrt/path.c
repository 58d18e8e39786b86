/* Paths: _splitpath/_makepath (pure string work, narrow and wide),
 * _fullpath, the current directory (_getcwd, _getdrive) on kernel32. */
#include "crtio.h"

#define MAX_DRIVE 3
#define MAX_DIR 256
#define MAX_FNAME 256
#define MAX_EXT 256

static void copy_part(char *dst, const char *src, size_t n, size_t max)
{
    if (!dst)
        return;
    if (n >= max)
        n = max - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

void __cdecl _splitpath(const char *path, char *drive, char *dir, char *fname, char *ext)
{
    const char *p = path, *last_sep = NULL, *last_dot = NULL, *s;

    if (p[0] && p[1] == ':') {
        copy_part(drive, p, 2, MAX_DRIVE);
        p += 2;
    } else {
        copy_part(drive, p, 0, MAX_DRIVE);
    }
    for (s = p; *s; s++) {
        if (*s == '\\' || *s == '/')
            last_sep = s;
        else if (*s == '.')
            last_dot = s;
    }
    if (last_sep) {
        copy_part(dir, p, (size_t)(last_sep + 1 - p), MAX_DIR);
        p = last_sep + 1;
    } else {
        copy_part(dir, p, 0, MAX_DIR);
    }
    if (last_dot && last_dot >= p) {
        copy_part(fname, p, (size_t)(last_dot - p), MAX_FNAME);
        copy_part(ext, last_dot, strlen(last_dot), MAX_EXT);
    } else {
        copy_part(fname, p, strlen(p), MAX_FNAME);
        copy_part(ext, p, 0, MAX_EXT);
    }
}

void __cdecl _makepath(char *path, const char *drive, const char *dir, const char *fname,
                       const char *ext)
{
    char *p = path;
    size_t n;

    if (drive && *drive) {
        *p++ = drive[0];
        *p++ = ':';
    }
    if (dir && *dir) {
        n = strlen(dir);
        memcpy(p, dir, n);
        p += n;
        if (dir[n - 1] != '\\' && dir[n - 1] != '/')
            *p++ = '\\';
    }
    if (fname) {
        n = strlen(fname);
        memcpy(p, fname, n);
        p += n;
    }
    if (ext && *ext) {
        if (*ext != '.')
            *p++ = '.';
        n = strlen(ext);
        memcpy(p, ext, n);
        p += n;
    }
    *p = 0;
}

static void wcopy_part(crt_wchar *dst, const crt_wchar *src, size_t n, size_t max)
{
    if (!dst)
        return;
    if (n >= max)
        n = max - 1;
    memcpy(dst, src, n * sizeof(crt_wchar));
    dst[n] = 0;
}

void __cdecl _wsplitpath(const crt_wchar *path, crt_wchar *drive, crt_wchar *dir,
                         crt_wchar *fname, crt_wchar *ext)
{
    const crt_wchar *p = path, *last_sep = NULL, *last_dot = NULL, *s;

    if (p[0] && p[1] == ':') {
        wcopy_part(drive, p, 2, MAX_DRIVE);
        p += 2;
    } else {
        wcopy_part(drive, p, 0, MAX_DRIVE);
    }
    for (s = p; *s; s++) {
        if (*s == '\\' || *s == '/')
            last_sep = s;
        else if (*s == '.')
            last_dot = s;
    }
    if (last_sep) {
        wcopy_part(dir, p, (size_t)(last_sep + 1 - p), MAX_DIR);
        p = last_sep + 1;
    } else {
        wcopy_part(dir, p, 0, MAX_DIR);
    }
    if (last_dot && last_dot >= p) {
        wcopy_part(fname, p, (size_t)(last_dot - p), MAX_FNAME);
        wcopy_part(ext, last_dot, wcslen(last_dot), MAX_EXT);
    } else {
        wcopy_part(fname, p, wcslen(p), MAX_FNAME);
        wcopy_part(ext, p, 0, MAX_EXT);
    }
}

void __cdecl _wmakepath(crt_wchar *path, const crt_wchar *drive, const crt_wchar *dir,
                        const crt_wchar *fname, const crt_wchar *ext)
{
    crt_wchar *p = path;
    size_t n;

    if (drive && *drive) {
        *p++ = drive[0];
        *p++ = ':';
    }
    if (dir && *dir) {
        n = wcslen(dir);
        memcpy(p, dir, n * sizeof(crt_wchar));
        p += n;
        if (dir[n - 1] != '\\' && dir[n - 1] != '/')
            *p++ = '\\';
    }
    if (fname) {
        n = wcslen(fname);
        memcpy(p, fname, n * sizeof(crt_wchar));
        p += n;
    }
    if (ext && *ext) {
        if (*ext != '.')
            *p++ = '.';
        n = wcslen(ext);
        memcpy(p, ext, n * sizeof(crt_wchar));
        p += n;
    }
    *p = 0;
}

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

char *__cdecl _getcwd(char *buf, int size)
{
    char tmp[520];
    DWORD n = GetCurrentDirectoryA(sizeof(tmp), tmp);

    if (!n || n >= sizeof(tmp)) {
        crt_dosmaperr(GetLastError());
        return NULL;
    }
    if (!buf) {
        if (size <= (int)n)
            size = (int)n + 1;
        buf = malloc((size_t)size);
        if (!buf) {
            crt_errno = CRT_ENOMEM;
            return NULL;
        }
    } else if ((int)n >= size) {
        crt_errno = CRT_ERANGE;
        return NULL;
    }
    memcpy(buf, tmp, n + 1);
    return buf;
}

crt_wchar *__cdecl _wgetcwd(crt_wchar *buf, int size)
{
    crt_wchar tmp[520];
    DWORD n = GetCurrentDirectoryW(520, tmp);

    if (!n || n >= 520) {
        crt_dosmaperr(GetLastError());
        return NULL;
    }
    if (!buf) {
        if (size <= (int)n)
            size = (int)n + 1;
        buf = malloc((size_t)size * sizeof(crt_wchar));
        if (!buf) {
            crt_errno = CRT_ENOMEM;
            return NULL;
        }
    } else if ((int)n >= size) {
        crt_errno = CRT_ERANGE;
        return NULL;
    }
    memcpy(buf, tmp, (n + 1) * sizeof(crt_wchar));
    return buf;
}

int __cdecl _getdrive(void)
{
    char tmp[520];
    DWORD n = GetCurrentDirectoryA(sizeof(tmp), tmp);

    if (n >= 2 && n < sizeof(tmp) && tmp[1] == ':')
        return toupper((unsigned char)tmp[0]) - 'A' + 1;
    return 0;
}
