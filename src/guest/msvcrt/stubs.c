/* Exports not implemented yet (disk space, temporary file cleanup,
 * positional printf, the *scanf_s family). The _spawn, _exec, system and
 * _popen family is in spawn.c, _findfirst's in find.c, _beginthread's in
 * thread.c, rename/_mkdir/_chdir/_chmod/_utime's in fsops.c, _dup/_dup2/
 * _pipe/_locking in handles.c, _chdrive/_getdcwd/_tempnam in drive.c,
 * _loaddll/_unloaddll in dll.c. Each stub logs a FIXME naming itself and
 * fails the documented way: -1 with errno ENOSYS. None of them
 * pretends to succeed. */
#include "crtio.h"

#define FAIL_INT(name, ...)                     \
    int __cdecl name(__VA_ARGS__)               \
    {                                           \
        CRT_FIXME(#name);                       \
        crt_errno = CRT_ENOSYS;                 \
        return -1;                              \
    }

/* Disk space and the removal of tmpfile() files. */
FAIL_INT(_getdiskfree, unsigned int drive, void *info)
FAIL_INT(_rmtmp, void)

/* Positional printf variants (%1$d) and the size-checked scanf variants
 * are not in the shared engines yet. */
FAIL_INT(_printf_p, const char *fmt, ...)
FAIL_INT(_sprintf_p, char *buf, size_t n, const char *fmt, ...)
FAIL_INT(_vsprintf_p, char *buf, size_t n, const char *fmt, va_list ap)
FAIL_INT(sscanf_s, const char *s, const char *fmt, ...)
FAIL_INT(scanf_s, const char *fmt, ...)
FAIL_INT(fscanf_s, FILE *f, const char *fmt, ...)
FAIL_INT(swscanf_s, const crt_wchar *s, const crt_wchar *fmt, ...)
