/* Drives and temporary names: _chdrive, _getdcwd (through the per-drive
 * current directory "X:" resolves to) and _tempnam. */
#include "crtio.h"

WINIMPORT BOOL WINAPI SetCurrentDirectoryA(const char *name);
WINIMPORT DWORD WINAPI GetFileAttributesA(const char *name);

char *__cdecl _getcwd(char *buf, int size);
int __cdecl _getdrive(void);

/* Drive 1 = A: .. 26 = Z:; -1 with EACCES for a drive that is not there
 * (ERROR_INVALID_DRIVE in _doserrno), as documented. */
int __cdecl _chdrive(int drive)
{
    char root[3] = { 0, ':', 0 };

    if (drive < 1 || drive > 26) {
        crt_errno = CRT_EACCES;
        *__doserrno() = 15;     /* ERROR_INVALID_DRIVE */
        return -1;
    }
    root[0] = (char)('A' + drive - 1);
    if (!SetCurrentDirectoryA(root)) {
        crt_errno = CRT_EACCES;
        *__doserrno() = 15;
        return -1;
    }
    return 0;
}

/* The current directory of a drive (0: the current drive); buf NULL
 * allocates max(size, needed) bytes. NULL with EACCES for a bad drive,
 * ERANGE when size is too small. */
char *__cdecl _getdcwd(int drive, char *buf, int size)
{
    char spec[3] = { 0, ':', 0 }, tmp[520];
    DWORD n;

    if (drive == 0 || drive == _getdrive())
        return _getcwd(buf, size);
    if (drive < 1 || drive > 26) {
        crt_errno = CRT_EACCES;
        *__doserrno() = 15;
        return NULL;
    }
    spec[0] = (char)('A' + drive - 1);
    n = GetFullPathNameA(spec, sizeof(tmp), tmp, NULL);
    if (!n || n >= sizeof(tmp) || GetFileAttributesA(tmp) == 0xffffffff) {
        crt_errno = CRT_EACCES;
        *__doserrno() = 15;
        return NULL;
    }
    if (!buf) {
        if (size < (int)n + 1)
            size = (int)n + 1;
        if (!(buf = malloc((size_t)size))) {
            crt_errno = CRT_ENOMEM;
            return NULL;
        }
    } else if (size < (int)n + 1) {
        crt_errno = CRT_ERANGE;
        return NULL;
    }
    memcpy(buf, tmp, n + 1);
    return buf;
}

static int is_dir(const char *path)
{
    DWORD attr = path && *path ? GetFileAttributesA(path) : 0xffffffff;

    return attr != 0xffffffff && (attr & 0x10);
}

/* A name for a temporary file that does not exist yet: in %TMP% if that
 * is a directory, else in dir, else in the current directory; prefix
 * then a number. malloc'd; NULL with errno on failure. */
char *__cdecl _tempnam(const char *dir, const char *prefix)
{
    static volatile LONG counter;
    const char *where = getenv("TMP");
    size_t dlen, plen;
    char *name;
    int tries;

    if (!is_dir(where))
        where = is_dir(dir) ? dir : ".";
    if (!prefix)
        prefix = "";
    dlen = strlen(where);
    plen = strlen(prefix);
    if (!(name = malloc(dlen + 1 + plen + 11))) {
        crt_errno = CRT_ENOMEM;
        return NULL;
    }
    for (tries = 0; tries < 100000; tries++) {
        unsigned long n = (unsigned long)__sync_add_and_fetch(&counter, 1) ^
                          ((unsigned long)GetCurrentProcessId() << 12);
        int sep = dlen && where[dlen - 1] != '\\' && where[dlen - 1] != '/';

        _snprintf(name, dlen + 1 + plen + 11, "%s%s%s%lu", where, sep ? "\\" : "", prefix, n);
        if (_access(name, 0) != 0 && crt_errno == CRT_ENOENT)
            return name;
    }
    free(name);
    crt_errno = CRT_EEXIST;
    return NULL;
}
