/* ucrtbase's own locale entry points; the locale objects and the _l
 * functions both runtimes share are in msvcrt/locale_obj.c. */
#include "../msvcrt/locale_impl.h"

/* The wide-name form of _create_locale (msvcr110 and later). Locale names
 * are ASCII; anything else names no locale. */
struct locale_obj *__cdecl _wcreate_locale(int category, const crt_wchar *name)
{
    char buf[CRT_LOCALE_NAME * 6];
    size_t i;

    if (category < CRT_LC_ALL || category > CRT_LC_MAX || !name) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    for (i = 0; name[i]; i++) {
        if (name[i] > 0x7f || i + 1 >= sizeof(buf))
            return NULL;
        buf[i] = (char)name[i];
    }
    buf[i] = 0;
    return _create_locale(category, buf);
}
