/* _ecvt, _fcvt, _gcvt and their _s forms: digit strings of a double with
 * msvcrt's 17-digit rounding (fltcvt.c). _ecvt/_fcvt return a per-thread
 * buffer. */
#include "crtio.h"

char *__cdecl _ecvt(double v, int ndigits, int *decpt, int *sign)
{
    struct crt_thread *t = crt_thread_data();

    return crt_cvt(v, ndigits, 0, decpt, sign, t->cvt, sizeof(t->cvt));
}

char *__cdecl _fcvt(double v, int ndigits, int *decpt, int *sign)
{
    struct crt_thread *t = crt_thread_data();

    return crt_cvt(v, ndigits, 1, decpt, sign, t->cvt, sizeof(t->cvt));
}

int __cdecl _ecvt_s(char *buf, size_t size, double v, int ndigits, int *decpt, int *sign)
{
    if (!buf || !size || !decpt || !sign) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    crt_cvt(v, ndigits, 0, decpt, sign, buf, size);
    return 0;
}

int __cdecl _fcvt_s(char *buf, size_t size, double v, int ndigits, int *decpt, int *sign)
{
    if (!buf || !size || !decpt || !sign) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    crt_cvt(v, ndigits, 1, decpt, sign, buf, size);
    return 0;
}

/* _gcvt is sprintf's %.*g with msvcrt's exponent form. */
char *__cdecl _gcvt(double v, int ndigits, char *buf)
{
    sprintf(buf, "%.*g", ndigits, v);
    return buf;
}

int __cdecl _gcvt_s(char *buf, size_t size, double v, int ndigits)
{
    if (!buf || !size) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    if (_snprintf(buf, size, "%.*g", ndigits, v) < 0) {
        buf[0] = 0;
        crt_errno = CRT_ERANGE;
        return CRT_ERANGE;
    }
    return 0;
}
