/* The argument-widening rules and the dispatcher, driven with guest
 * memory laid out as a 32-bit caller would leave it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "nt/nt.h"
#include "thunks/thunks.h"
#include "thunks/widen.h"

static struct cpu_thread thread;
static uint32_t guest; /* a committed guest page for test data */

static unsigned service(const char *name)
{
    for (unsigned i = 0; i < syscall_count; i++)
        if (!strcmp(syscall_rows[i].name, name))
            return i;
    fail_msg("no service %s", name);
    return 0;
}

static int setup(void **state)
{
    uint32_t base = 0, size = 0x10000;

    assert_int_equal(vm_init(), 0);
    assert_int_equal(cpu_process_init(), 0);
    assert_int_equal(thunks_init(), 0);
    assert_int_equal(vm_allocate(&base, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), 0);
    guest = base;
    assert_int_equal(cpu_thread_init(&thread, base + 0xF000), 0);
    return 0;
}

static void *g(uint32_t off)
{
    return (void *)(uintptr_t)(guest + off);
}

static void test_handle_and_long_sign_extend(void **state)
{
    assert_true(thunks_widen('H', 0xFFFFFFFFu) == UINT64_MAX);     /* NtCurrentProcess */
    assert_true(thunks_widen('H', 0xFFFFFFFEu) == UINT64_MAX - 1); /* NtCurrentThread */
    assert_true(thunks_widen('L', 0x80000000u) == 0xFFFFFFFF80000000ull);
    assert_true(thunks_widen('H', 0x7FFFFFFCu) == 0x7FFFFFFCull);
}

static void test_ulong_size_and_pointer_zero_extend(void **state)
{
    assert_true(thunks_widen('U', 0xFFFFFFFFu) == 0xFFFFFFFFull);
    assert_true(thunks_widen('S', 0x80000000u) == 0x80000000ull);
    assert_true(thunks_widen('P', 0xFFFE0000u) == 0xFFFE0000ull);
    assert_true(thunks_widen('P', 0) == 0);
}

static void test_narrow_clamps(void **state)
{
    assert_int_equal(thunks_narrow(0x1234), 0x1234);
    assert_int_equal(thunks_narrow(0xFFFFFFFFull), 0xFFFFFFFFu);
    assert_int_equal(thunks_narrow(0x100000000ull), 0xFFFFFFFFu);
}

static void test_unicode_string_is_copied_to_host_memory(void **state)
{
    static const uint16_t text[] = { 'C', ':', '\\', 'x' };
    UNICODE_STRING32 us = { 8, 10, guest + 0x100 };
    UNICODE_STRING out;
    size_t mark = thread.scratch_used;

    memcpy(g(0x100), text, sizeof text);
    memcpy(g(0x80), &us, sizeof us);
    assert_true(widen_unicode_string(guest + 0x80, &out));
    assert_int_equal(out.Length, 8);
    assert_memory_equal(out.Buffer, text, 8);
    assert_int_equal(out.Buffer[4], 0);
    assert_true((uintptr_t)out.Buffer > 0xFFFFFFFFull); /* host scratch, not guest */
    thread.scratch_used = mark;
}

static void test_unicode_string_with_bad_buffer_fails(void **state)
{
    UNICODE_STRING32 us = { 8, 8, 0x1000 }; /* below the guest range */
    UNICODE_STRING out;

    memcpy(g(0x80), &us, sizeof us);
    assert_false(widen_unicode_string(guest + 0x80, &out));
    assert_false(widen_unicode_string(0x20, &out));
}

static void test_object_attributes_root_sign_extends(void **state)
{
    OBJECT_ATTRIBUTES32 oa = { 24, 0xFFFFFFFFu, 0, 0x40, 0, 0 };
    OBJECT_ATTRIBUTES out;
    UNICODE_STRING name;

    memcpy(g(0x200), &oa, sizeof oa);
    assert_true(widen_object_attributes(guest + 0x200, &out, &name));
    assert_true(out.RootDirectory == (HANDLE)(intptr_t)-1);
    assert_int_equal(out.Length, sizeof(OBJECT_ATTRIBUTES));
    assert_int_equal(out.Attributes, 0x40);
    assert_null(out.ObjectName);
    oa.Length = 23;
    memcpy(g(0x200), &oa, sizeof oa);
    assert_true(widen_object_attributes(guest + 0x200, &out, &name));
    assert_int_equal(out.Length, 0);
}

static void test_unknown_service_number(void **state)
{
    assert_int_equal(thunks_dispatch(syscall_count, guest), STATUS_INVALID_SYSTEM_SERVICE);
    assert_int_equal(thunks_dispatch(0xFFFF, guest), STATUS_INVALID_SYSTEM_SERVICE);
}

static void test_unreadable_argument_block_is_access_violation(void **state)
{
    assert_int_equal(thunks_dispatch(service("NtClose"), 0x100), STATUS_ACCESS_VIOLATION);
}

static void test_out_pointer_written_back(void **state)
{
    /* NtQuerySystemTime(&t): a P argument the service writes. */
    uint32_t args[1] = { guest + 0x300 };
    int64_t t = 0;

    memcpy(g(0x400), args, sizeof args);
    assert_int_equal(thunks_dispatch(service("NtQuerySystemTime"), guest + 0x400), 0);
    memcpy(&t, g(0x300), 8);
    /* 2020-01-01 as a FILETIME is 132223104000000000. */
    assert_true(t > 132223104000000000LL);
}

static void test_size_and_pointer_inout_narrowed(void **state)
{
    /* NtAllocateVirtualMemory(-1, &base, 0, &size, MEM_RESERVE|MEM_COMMIT, RW) */
    uint32_t base = 0, size = 0x1234;
    uint32_t args[6] = { 0xFFFFFFFFu, guest + 0x500, 0, guest + 0x504, MEM_RESERVE | MEM_COMMIT,
                         PAGE_READWRITE };

    memcpy(g(0x500), &base, 4);
    memcpy(g(0x504), &size, 4);
    memcpy(g(0x600), args, sizeof args);
    assert_int_equal(thunks_dispatch(service("NtAllocateVirtualMemory"), guest + 0x600), 0);
    memcpy(&base, g(0x500), 4);
    memcpy(&size, g(0x504), 4);
    assert_int_equal(base % 0x10000, 0);
    assert_int_equal(size, 0x2000); /* rounded up to pages */
    assert_int_not_equal(base, 0);
}

static void test_bad_inout_pointer_is_access_violation(void **state)
{
    uint32_t args[6] = { 0xFFFFFFFFu, 0x1000, 0, guest + 0x504, MEM_RESERVE, PAGE_READWRITE };

    memcpy(g(0x600), args, sizeof args);
    assert_int_equal(thunks_dispatch(service("NtAllocateVirtualMemory"), guest + 0x600),
                     STATUS_ACCESS_VIOLATION);
}

static void test_pseudo_handle_survives(void **state)
{
    /* NtClose((HANDLE)-1) succeeds only if -1 arrives sign-extended as the
     * current-process pseudo-handle; zero-extended it is an invalid handle. */
    uint32_t args[1] = { 0xFFFFFFFFu };

    memcpy(g(0x700), args, 4);
    assert_int_equal(thunks_dispatch(service("NtClose"), guest + 0x700), STATUS_SUCCESS);
    args[0] = 0x7FFFFFF0u;
    memcpy(g(0x700), args, 4);
    assert_int_equal(thunks_dispatch(service("NtClose"), guest + 0x700), STATUS_INVALID_HANDLE);
}

static void test_guest_copy_helpers_survive_faults(void **state)
{
    char buf[16];

    /* cmocka installs its own SIGSEGV handler around each test. */
    assert_int_equal(cpu_signals_init(), 0);
    assert_false(guest_read(buf, (void *)(uintptr_t)0x10, 4));            /* below the range */
    assert_false(guest_read(buf, (void *)(uintptr_t)0xFFFFFFFEu, 4));     /* wraps past 4 GiB */
    assert_false(guest_read(buf, (void *)(uintptr_t)0x7FFF0000u, 4));     /* unmapped */
    assert_false(guest_write((void *)(uintptr_t)0x7FFF0000u, buf, 4));
    assert_true(guest_write(g(0x800), "abc", 4));
    assert_int_equal(guest_strnlen(g(0x800), 100), 3);
    assert_int_equal(guest_strnlen((void *)(uintptr_t)0x7FFF0000u, 100), -1);
}

/* Every size up to 40 bytes (the short-copy paths and rep movsb), at
 * every start near the end of a committed page followed by an
 * inaccessible one: a copy succeeds exactly when it stays inside the
 * page, copies exactly its bytes, and never writes past them. */
static void test_guest_copy_sizes_at_a_page_end(void **state)
{
    uint32_t base = 0, size = 0x10000, one = 0x1000;
    uint8_t src[64], dst[64];

    assert_int_equal(cpu_signals_init(), 0);
    assert_int_equal(vm_allocate(&base, &size, MEM_RESERVE, PAGE_READWRITE), 0);
    assert_int_equal(vm_allocate(&base, &one, MEM_COMMIT, PAGE_READWRITE), 0);
    for (unsigned i = 0; i < sizeof src; i++)
        src[i] = (uint8_t)(i * 7 + 1);
    for (size_t n = 1; n <= 40; n++) {
        for (uint32_t back = 0; back <= 48; back++) {
            uint8_t *page_end = (uint8_t *)(uintptr_t)(base + 0x1000);
            uint8_t *p = page_end - back;
            bool fits = n <= back;

            memset(page_end - 64, 0xEE, 64);
            assert_int_equal(guest_write(p, src, n), fits);
            if (fits) {
                assert_memory_equal(p, src, n);
                for (uint8_t *q = page_end - 64; q < page_end; q++)
                    if (q < p || q >= p + n)
                        assert_int_equal(*q, 0xEE);
            }
            memset(dst, 0xCC, sizeof dst);
            assert_int_equal(guest_read(dst + 8, p, n), fits);
            if (fits)
                assert_memory_equal(dst + 8, p, n);
            for (unsigned i = 0; i < 8; i++)
                assert_int_equal(dst[i], 0xCC);
            for (size_t i = 8 + n; i < sizeof dst; i++)
                assert_int_equal(dst[i], 0xCC);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handle_and_long_sign_extend),
        cmocka_unit_test(test_ulong_size_and_pointer_zero_extend),
        cmocka_unit_test(test_narrow_clamps),
        cmocka_unit_test(test_unicode_string_is_copied_to_host_memory),
        cmocka_unit_test(test_unicode_string_with_bad_buffer_fails),
        cmocka_unit_test(test_object_attributes_root_sign_extends),
        cmocka_unit_test(test_unknown_service_number),
        cmocka_unit_test(test_unreadable_argument_block_is_access_violation),
        cmocka_unit_test(test_out_pointer_written_back),
        cmocka_unit_test(test_size_and_pointer_inout_narrowed),
        cmocka_unit_test(test_bad_inout_pointer_is_access_violation),
        cmocka_unit_test(test_pseudo_handle_survives),
        cmocka_unit_test(test_guest_copy_helpers_survive_faults),
        cmocka_unit_test(test_guest_copy_sizes_at_a_page_end),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
