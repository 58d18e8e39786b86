/* The embedding API through the shared library: set up a guest process,
 * load a 32-bit DLL, find an export and call it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "wow64.h"

static const char *dll_path;

static void test_load_and_call_a_32bit_dll(void **state)
{
    struct wow64_options o = { 0 };
    uint32_t module, fn;

    assert_int_equal(wow64_init(&o), WOW64_OK);
    assert_int_equal(wow64_load_library(dll_path, &module), WOW64_OK);
    assert_int_not_equal(module, 0);
    assert_true(module < 0x80000000u);
    assert_int_equal(wow64_get_proc_address(module, "present", &fn), WOW64_OK);
    assert_true(fn > module);
    assert_int_equal((uint32_t)wow64_call(fn, 0, NULL), 1);
}

static void test_missing_export_is_reported(void **state)
{
    uint32_t module, fn;

    assert_int_equal(wow64_load_library(dll_path, &module), WOW64_OK);
    assert_int_equal(wow64_get_proc_address(module, "absent", &fn), WOW64_E_EXPORT_NOT_FOUND);
    assert_non_null(strstr(wow64_last_error(), "export absent not found"));
}

static void test_missing_library_is_reported(void **state)
{
    uint32_t module;

    assert_int_equal(wow64_load_library("no_such_library.dll", &module), WOW64_E_DLL_NOT_FOUND);
    assert_non_null(strstr(wow64_last_error(), "no_such_library.dll"));
}

static void test_exit_status_is_never_zero_for_nonzero_code(void **state)
{
    assert_int_equal(wow64_exit_status(0), 0);
    assert_int_equal(wow64_exit_status(42), 42);
    assert_int_equal(wow64_exit_status(256), 255);
    assert_int_equal(wow64_exit_status(0xC0000005u), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_call_a_32bit_dll),
        cmocka_unit_test(test_missing_export_is_reported),
        cmocka_unit_test(test_missing_library_is_reported),
        cmocka_unit_test(test_exit_status_is_never_zero_for_nonzero_code),
    };

    dll_path = EXPORTLIB;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
