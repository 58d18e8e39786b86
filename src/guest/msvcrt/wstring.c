/* The wide string functions (wchar_t is a UTF-16 unit). Case folding goes
 * through towlower, so _wcsicmp folds what ctype.c knows. The wcs*
 * functions that are the same as ntdll's (wcslen, wcscmp, wcscpy, wcschr,
 * wcsstr, ...) are in ../common/crtstring.c. */
#include "crtfuncs.h"

/* _wcsicmp, _wcsnicmp, the wcscoll family, wcsxfrm, wcstok's core,
 * _wcsrev, _wcsset and _wcsnset (string.c has their narrow twins). */
#define STRX_T crt_wchar
#define STRX_C crt_wchar
#define STRX(pre, name) pre##wcs##name
#define STRX_FOLD(c) towlower(c)
#include "strfold_impl.h"

crt_wchar *__cdecl _wcslwr(crt_wchar *s)
{
    crt_wchar *p;

    for (p = s; *p; p++)
        *p = (crt_wchar)towlower(*p);
    return s;
}

crt_wchar *__cdecl _wcsupr(crt_wchar *s)
{
    crt_wchar *p;

    for (p = s; *p; p++)
        *p = (crt_wchar)towupper(*p);
    return s;
}
