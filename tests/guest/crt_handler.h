/* For the UCRT builds of the CRT tests: an invalid parameter handler that
 * counts its calls (install it with _set_invalid_parameter_handler). */
#ifndef WOW64_TEST_CRT_HANDLER_H
#define WOW64_TEST_CRT_HANDLER_H

#include <stdint.h>
#include <wchar.h>

#ifdef _UCRT
static int handler_calls;

static void __cdecl count_handler(const wchar_t *e, const wchar_t *f, const wchar_t *file,
                                  unsigned line, uintptr_t reserved)
{
    handler_calls++;
}
#endif

#endif
