/* Strings, character classes, conversions, sorting and calendar code of
 * our msvcrt's portable core, against the documented msvcrt behaviour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

static void *host_malloc(size_t n) { return malloc(n); }

#include "guest/msvcrt/crtfuncs.h"

static void test_string_functions(void **state)
{
    char b[64], *ctx = NULL, *tok;
    char overlap[16] = "abcdefgh";

    (void)state;
    strcpy(b, "Hello");
    strcat(b, ", world");
    assert_string_equal(b, "Hello, world");
    assert_int_equal(strlen(b), 12);
    assert_ptr_equal(strchr(b, 'o'), b + 4);
    assert_ptr_equal(strrchr(b, 'o'), b + 8);
    assert_ptr_equal(strchr(b, 0), b + 12);
    assert_ptr_equal(strstr(b, "world"), b + 7);
    assert_null(strstr(b, "xyz"));
    assert_int_equal(strspn("aabbc", "ab"), 4);
    assert_int_equal(strcspn("hello", "lo"), 2);
    assert_ptr_equal(strpbrk(b, ",w"), b + 5);
    assert_true(strcmp("abc", "abd") < 0);
    assert_true(strcmp("b", "a") > 0);
    assert_int_equal(strcmp("same", "same"), 0);
    assert_int_equal(strncmp("abcX", "abcY", 3), 0);
    assert_int_equal(_stricmp("HeLLo", "hello"), 0);
    assert_true(_stricmp("a", "B") < 0);
    assert_int_equal(_strnicmp("ABCx", "abcy", 3), 0);
    strncpy(b, "ab", 5);
    assert_memory_equal(b, "ab\0\0\0", 5);
    strcpy(b, "x");
    strncat(b, "yzw", 2);
    assert_string_equal(b, "xyz");
    assert_string_equal(_strupr(strcpy(b, "MiXed")), "MIXED");
    assert_string_equal(_strlwr(b), "mixed");
    assert_string_equal(_strrev(b), "dexim");
    memmove(overlap + 2, overlap, 6);
    assert_string_equal(overlap, "ababcdef");
    memcpy(overlap, overlap + 2, 6);
    assert_memory_equal(overlap, "abcdef", 6);
    memset(b, 'z', 3);
    assert_memory_equal(b, "zzz", 3);
    assert_true(memcmp("ab", "ac", 2) < 0);
    assert_ptr_equal(memchr("abc", 'c', 3), (const char *)"abc" + 2);

    strcpy(b, "  a,b;;c ");
    tok = crt_strtok_r(b, " ,;", &ctx);
    assert_string_equal(tok, "a");
    assert_string_equal(crt_strtok_r(NULL, " ,;", &ctx), "b");
    assert_string_equal(crt_strtok_r(NULL, " ,;", &ctx), "c");
    assert_null(crt_strtok_r(NULL, " ,;", &ctx));
    assert_null(crt_strtok_r(NULL, " ,;", &ctx));
}

static void test_wide_string_functions(void **state)
{
    crt_wchar b[32];

    (void)state;
    wcscpy(b, u"Wide");
    wcscat(b, u" str");
    assert_int_equal(wcslen(b), 8);
    assert_memory_equal(b, u"Wide str", 9 * 2);
    assert_ptr_equal(wcschr(b, 'e'), b + 3);
    assert_ptr_equal(wcsrchr(b, 'r'), b + 7);
    assert_ptr_equal(wcsstr(b, u"str"), b + 5);
    assert_int_equal(_wcsicmp(u"\x00c9t\x00c9", u"\x00e9T\x00e9"), 0);
    assert_true(wcscmp(u"a", u"b") < 0);
    assert_int_equal(wcsncmp(u"abX", u"abY", 2), 0);
    assert_int_equal(wcsspn(u"aab", u"a"), 2);
}

static void test_ctype_c_locale(void **state)
{
    int c, n = 0;

    (void)state;
    assert_true(isalpha('a') && isalpha('Z') && !isalpha('1') && !isalpha(0xe9));
    assert_true(isdigit('7') && !isdigit('a'));
    assert_true(isxdigit('F') && isxdigit('f') && !isxdigit('g'));
    assert_true(isspace(' ') && isspace('\t') && isspace('\v') && !isspace(0xa0));
    assert_true(ispunct('!') && !ispunct('a'));
    assert_true(iscntrl(0x7f) && iscntrl(0) && !iscntrl(' '));
    assert_true(isprint(' ') && !isprint('\n'));
    assert_true(isgraph('!') && !isgraph(' '));
    assert_int_equal(_isctype(-1, 0xffff), 0);
    assert_int_equal(__pctype_func()['A'], CRT_UPPER | CRT_HEX);
    assert_int_equal(__pctype_func()[' '], CRT_SPACE | CRT_BLANK);
    assert_int_equal(toupper('a'), 'A');
    assert_int_equal(toupper(0xe9), 0xe9);
    assert_int_equal(tolower('Q'), 'q');
    assert_int_equal(_toupper('a'), 'A');
    for (c = 0x80; c < 0x100; c++)
        n += _isctype(c, 0xffff) != 0;
    assert_int_equal(n, 0);
}

static void test_wide_ctype(void **state)
{
    (void)state;
    assert_true(iswalpha(0xe9) && iswlower(0xe9) && iswupper(0xc9));
    assert_true(!iswalpha(0xd7) && iswpunct(0xd7));
    assert_true(iswspace(0xa0) && iswspace(0x3000));
    assert_true(iswdigit(0xb2));
    assert_true(iswalpha(0x3042) && iswalpha(0x4e00));
    assert_int_equal(towupper(0xe9), 0xc9);
    assert_int_equal(towupper(0xff), 0x178);
    assert_int_equal(towlower(0x178), 0xff);
    assert_int_equal(towlower(0x100), 0x101);
    assert_int_equal(towupper(0x3b1), 0x391);
    assert_int_equal(towlower(0x410), 0x430);
    assert_int_equal(towupper(0x451), 0x401);
    assert_int_equal(towupper(0xff41), 0xff21);
    assert_true(iswupper(0x391) && iswlower(0x3c9));
}

static void test_mbcs_c_locale(void **state)
{
    crt_wchar w[8], wc = 0;
    char b[8];

    (void)state;
    assert_int_equal(mbstowcs(w, "a\xe9z", 8), 3);
    assert_memory_equal(w, u"a\x00e9z", 4 * 2);
    assert_int_equal(mbstowcs(NULL, "abcd", 0), 4);
    assert_int_equal(wcstombs(b, u"ok\x00ff", 8), 3);
    assert_string_equal(b, "ok\xff");
    crt_errno = 0;
    assert_int_equal((int)wcstombs(b, u"\x0100", 8), -1);
    assert_int_equal(crt_errno, CRT_EILSEQ);
    assert_int_equal(mbtowc(&wc, "\x80", 1), 1);
    assert_int_equal(wc, 0x80);
    assert_int_equal(wctomb(b, 0x41), 1);
    assert_int_equal(wctomb(b, 0x100), -1);
    assert_int_equal(mblen("x", 1), 1);
    assert_int_equal(btowc('A'), 'A');
    assert_int_equal(wctob(0x263a), -1);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

static int cmp_key(const void *a, const void *b)
{
    return ((const int *)a)[0] - ((const int *)b)[0];
}

static void test_qsort_sorts_and_bsearch_probes_like_msvcrt(void **state)
{
    int a[1000], i, dup[4] = { 1, 1, 1, 1 }, key = 1;
    int pairs[12][2];
    unsigned r = 12345;

    (void)state;
    for (i = 0; i < 1000; i++) {
        r = r * 1103515245 + 12345;
        a[i] = (int)(r >> 16) % 500;
    }
    qsort(a, 1000, sizeof(int), cmp_int);
    for (i = 1; i < 1000; i++)
        assert_true(a[i - 1] <= a[i]);
    for (i = 0; i < 1000; i++)
        assert_non_null(bsearch(&a[i], a, 1000, sizeof(int), cmp_int));
    key = 1000;
    assert_null(bsearch(&key, a, 1000, sizeof(int), cmp_int));
    /* Of equal elements, Microsoft's probe order finds the lower middle. */
    key = 1;
    assert_ptr_equal(bsearch(&key, dup, 4, sizeof(int), cmp_int), &dup[1]);
    assert_ptr_equal(bsearch(&key, dup, 3, sizeof(int), cmp_int), &dup[1]);
    /* Sorting by key only keeps every record intact. */
    for (i = 0; i < 12; i++) {
        pairs[i][0] = (i * 7) % 3;
        pairs[i][1] = i;
    }
    qsort(pairs, 12, sizeof(pairs[0]), cmp_key);
    for (i = 1; i < 12; i++)
        assert_true(pairs[i - 1][0] <= pairs[i][0]);
    for (i = 0; i < 12; i++)
        assert_int_equal(pairs[i][0], (pairs[i][1] * 7) % 3);
}

static void test_calendar_conversions(void **state)
{
    struct crt_tm tm;
    char b[128];

    (void)state;
    assert_int_equal(crt_time_to_tm(0, &tm), 0);
    assert_int_equal(tm.tm_year, 70);
    assert_int_equal(tm.tm_wday, 4);
    crt_asctime_r(&tm, b);
    assert_string_equal(b, "Thu Jan 01 00:00:00 1970\n");
    crt_time_to_tm(951782400 + 3661, &tm);           /* 2000-02-29 01:01:01 */
    assert_int_equal(tm.tm_mon, 1);
    assert_int_equal(tm.tm_mday, 29);
    assert_int_equal(tm.tm_yday, 59);
    assert_int_equal(tm.tm_wday, 2);
    assert_int_equal(tm.tm_hour, 1);
    crt_time_to_tm(0x7fffffff, &tm);
    crt_asctime_r(&tm, b);
    assert_string_equal(b, "Tue Jan 19 03:14:07 2038\n");
    tm.tm_year = 100;
    tm.tm_mon = 13;          /* normalizes to 2001-02 */
    tm.tm_mday = 0;          /* the day before 02-01 */
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    assert_true(crt_tm_to_time(&tm) == 980899200);
    assert_int_equal(tm.tm_mon, 0);
    assert_int_equal(tm.tm_mday, 31);
    assert_int_equal(tm.tm_year, 101);
    crt_time_to_tm(951782400 + 3661, &tm);
    assert_int_equal(crt_strftime(b, sizeof(b), "%c|%x|%X|%A %B %j %p %y %#d", &tm), 65);
    assert_string_equal(b, "02/29/00 01:01:01|02/29/00|01:01:01|Tuesday February 060 AM 00 29");
    assert_int_equal(crt_strftime(b, 5, "%Y%m", &tm), 0);
    (void)host_malloc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_functions),
        cmocka_unit_test(test_wide_string_functions),
        cmocka_unit_test(test_ctype_c_locale),
        cmocka_unit_test(test_wide_ctype),
        cmocka_unit_test(test_mbcs_c_locale),
        cmocka_unit_test(test_qsort_sorts_and_bsearch_probes_like_msvcrt),
        cmocka_unit_test(test_calendar_conversions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
