/* The one NTSTATUS -> Win32 error table (src/guest/ntdll/status.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest/ntdll/status.h"

static void test_status_table_is_sorted_for_binary_search(void **state)
{
    unsigned n;
    const uint32_t *t = status_map_table(&n);

    (void)state;
    assert_true(n > 200);
    for (unsigned i = 1; i < n; i++)
        assert_true(t[2 * (i - 1)] < t[2 * i]);
}

static void test_status_spec_section_7_codes_map_as_on_windows(void **state)
{
    (void)state;
    assert_int_equal(status_to_dos_error(0x00000000), 0);
    assert_int_equal(status_to_dos_error(0xC0000005), 998);   /* ACCESS_VIOLATION -> NOACCESS */
    assert_int_equal(status_to_dos_error(0xC0000008), 6);     /* INVALID_HANDLE */
    assert_int_equal(status_to_dos_error(0xC000000D), 87);    /* INVALID_PARAMETER */
    assert_int_equal(status_to_dos_error(0xC000000F), 2);     /* NO_SUCH_FILE */
    assert_int_equal(status_to_dos_error(0xC0000034), 2);     /* OBJECT_NAME_NOT_FOUND */
    assert_int_equal(status_to_dos_error(0xC0000035), 183);   /* OBJECT_NAME_COLLISION */
    assert_int_equal(status_to_dos_error(0xC000003A), 3);     /* OBJECT_PATH_NOT_FOUND */
    assert_int_equal(status_to_dos_error(0xC000001C), 1);     /* INVALID_SYSTEM_SERVICE */
    assert_int_equal(status_to_dos_error(0xC0000002), 1);     /* NOT_IMPLEMENTED */
    assert_int_equal(status_to_dos_error(0xC0000135), 126);   /* DLL_NOT_FOUND */
    assert_int_equal(status_to_dos_error(0xC0000139), 127);   /* ENTRYPOINT_NOT_FOUND */
    assert_int_equal(status_to_dos_error(0xC000007B), 193);   /* INVALID_IMAGE_FORMAT */
    assert_int_equal(status_to_dos_error(0xC000035A), 193);   /* INVALID_IMAGE_WIN_64 */
    assert_int_equal(status_to_dos_error(0x80000003), 0x80000003); /* BREAKPOINT: itself */
    assert_int_equal(status_to_dos_error(0xC0000094), 0xC0000094); /* INTEGER_DIVIDE_BY_ZERO */
    assert_int_equal(status_to_dos_error(0xC00000FD), 1001);  /* STACK_OVERFLOW */
    assert_int_equal(status_to_dos_error(0xC0000022), 5);     /* ACCESS_DENIED */
    assert_int_equal(status_to_dos_error(0xC0000017), 8);     /* NO_MEMORY */
    assert_int_equal(status_to_dos_error(0xC0000011), 38);    /* END_OF_FILE */
    assert_int_equal(status_to_dos_error(0xC000014B), 109);   /* PIPE_BROKEN */
    assert_int_equal(status_to_dos_error(0x00000103), 997);   /* PENDING */
}

static void test_status_unknown_codes_give_mr_mid_not_found(void **state)
{
    (void)state;
    assert_int_equal(status_to_dos_error(0xC0FFEE00), 317);
    assert_int_equal(status_to_dos_error(0x00000104), 317);   /* STATUS_REPARSE */
}

static void test_status_wrapped_win32_codes_and_customer_bit_pass_through(void **state)
{
    (void)state;
    assert_int_equal(status_to_dos_error(0xC0010005), 5);
    assert_int_equal(status_to_dos_error(0x80070057), 87);
    assert_int_equal(status_to_dos_error(0xE0000001), 0xE0000001);
    assert_int_equal(status_to_dos_error(0xD0000022), 5);     /* 0xD... reads as 0xC... */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table_is_sorted_for_binary_search),
        cmocka_unit_test(test_status_spec_section_7_codes_map_as_on_windows),
        cmocka_unit_test(test_status_unknown_codes_give_mr_mid_not_found),
        cmocka_unit_test(test_status_wrapped_win32_codes_and_customer_bit_pass_through),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
