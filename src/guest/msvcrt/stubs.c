/* Exports not implemented yet (the *scanf_s family). _getdiskfree is in
 * fsops.c, _rmtmp in stream.c, the positional _printf_p family in
 * printf.c. The _spawn, _exec, system and
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

/* The size-checked scanf variants are not in the shared engine yet. */
FAIL_INT(sscanf_s, const char *s, const char *fmt, ...)
FAIL_INT(scanf_s, const char *fmt, ...)
FAIL_INT(fscanf_s, FILE *f, const char *fmt, ...)
FAIL_INT(swscanf_s, const crt_wchar *s, const crt_wchar *fmt, ...)
