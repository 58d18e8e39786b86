/* The string functions that ntdll.dll and msvcrt.dll both export and
 * implement the same way; each DLL compiles this file and exports what its
 * .def file lists. What differs stays with the DLL: memcpy/memmove/memset
 * (msvcrt's memcpy tolerates overlap) and everything that folds case
 * (ntdll folds with its own tables, msvcrt through its locale).
 *
 * crtstring_impl.h holds each function once, for a string of any unit:
 * it is instantiated below for char (str*) and for UTF-16 (wcs*).
 *
 * Only compiler-provided headers, as in the rest of our CRT. The host unit
 * tests build this file natively with CRT_HOST_TEST, where msvcrt's
 * hostnames.h renames every function to crt_host_<name>. */
#include <stdint.h>
#ifdef CRT_HOST_TEST
#include <stddef.h>
#include "../msvcrt/hostnames.h"
#else
typedef __SIZE_TYPE__ size_t;
#define NULL ((void *)0)
#endif

int __cdecl memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p < *q ? -1 : 1;
    return 0;
}

void *__cdecl memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

/* Narrow strings: compared as unsigned char, strchr takes an int. */
#define STR_T char
#define STR_U unsigned char
#define STR_C int
#define STR(name) str##name
#include "crtstring_impl.h"
#undef STR_T
#undef STR_U
#undef STR_C
#undef STR

/* Wide strings: wchar_t is a UTF-16 unit in Win32. */
#define STR_T uint16_t
#define STR_U uint16_t
#define STR_C uint16_t
#define STR(name) wcs##name
#include "crtstring_impl.h"
