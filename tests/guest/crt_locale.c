/* Code-page locales in the C runtimes (setlocale, the LC_CTYPE code page's
 * effect on the multibyte conversions, classification and case, and the
 * locale objects with the _l functions and the public locinfo fields the
 * headers read inline), built for msvcrt.dll and (with _UCRT) for
 * ucrtbase.dll.
 *
 * Expected values: Microsoft's "setlocale, _wsetlocale" and "Locale names,
 * Languages, and Country/Region strings" pages (the program starts in "C";
 * "" is the user's locale in the ANSI code page, "English_United
 * States.1252" on a US system such as ours; ".<code page>" keeps the user's
 * language; an unknown name returns NULL and changes nothing; the UCRT
 * accepts ".UTF8" and locale names like "en-US"; older CRTs (msvcrt.dll)
 * refuse UTF-8 code pages with NULL) and Wine's msvcrt conformance test of
 * setlocale (the LC_ALL string for mixed categories,
 * "LC_COLLATE=C;LC_CTYPE=...;LC_MONETARY=...;LC_NUMERIC=...;LC_TIME=C",
 * which setlocale(LC_ALL, ...) accepts back; "english" and "american" are
 * "English_United States.1252"). Characters: the code page tables of 1252
 * (0x80 is U+20AC, 0xE9 U+00E9 'e acute', whose upper case U+00C9 is 0xC9)
 * and 437 (0x80 is U+00C7) as Microsoft publishes them; the R language's
 * UCRT builds report a UTF-8 locale as "English_United States.utf8";
 * MB_CUR_MAX is the code page's maximum character size (GetCPInfo: 1 for
 * 1252, 4 for UTF-8). */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifdef _UCRT
#define CRT_DLL "ucrtbase.dll"
#else
#define CRT_DLL "msvcrt.dll"
#endif

#include <windows.h>

#include "test.h"

/* MinGW links its own wctob/btowc (libmingwex) ahead of the DLL's: reach
 * the runtime's through its export. */
static int crt_wctob(wchar_t wc)
{
    int(__cdecl * fn)(wchar_t) = (void *)GetProcAddress(
        GetModuleHandleA(CRT_DLL), "wctob");

    return fn ? fn(wc) : -2;
}

static wint_t crt_btowc(int c)
{
    wint_t(__cdecl * fn)(int) = (void *)GetProcAddress(
        GetModuleHandleA(CRT_DLL), "btowc");

    return fn ? fn(c) : 0xfffe;
}

static const char *str(const char *s)
{
    return s ? s : "(null)";
}

#define LOCALE_IS(cat, name, expect)                                          \
    do {                                                                      \
        const char *r_ = setlocale(cat, name);                                \
        ok(r_ && !strcmp(r_, expect), "setlocale(%d, \"%s\") = %s, expected %s", cat, \
           name, str(r_), expect);                                            \
    } while (0)

/* mbstowcs of one byte; 0xffff if it fails. */
static unsigned one_wide(unsigned char b)
{
    char s[2] = { (char)b, 0 };
    wchar_t w[4] = { 0 };

    if (mbstowcs(w, s, 4) != 1)
        return 0xffff;
    return w[0];
}

static void test_start_and_names(void)
{
    const char *r;

    r = setlocale(LC_ALL, NULL);
    ok(r && !strcmp(r, "C"), "initial locale %s", str(r));
    ok(MB_CUR_MAX == 1, "initial MB_CUR_MAX %d", (int)MB_CUR_MAX);
    LOCALE_IS(LC_ALL, "", "English_United States.1252");
    LOCALE_IS(LC_ALL, "C", "C");
    LOCALE_IS(LC_ALL, ".1252", "English_United States.1252");
    LOCALE_IS(LC_ALL, ".437", "English_United States.437");
    LOCALE_IS(LC_ALL, ".ACP", "English_United States.1252");
    LOCALE_IS(LC_ALL, ".OCP", "English_United States.437");
    LOCALE_IS(LC_ALL, "english", "English_United States.1252");
    LOCALE_IS(LC_ALL, "american", "English_United States.1252");
    LOCALE_IS(LC_ALL, "English_United States.1252", "English_United States.1252");
    LOCALE_IS(LC_ALL, "english-uk", "English_United Kingdom.1252");

    /* Unknown names: NULL, and the locale stays. */
    r = setlocale(LC_ALL, "Klingon_Qonos.1252");
    ok(r == NULL, "unknown language gave %s", str(r));
    r = setlocale(LC_ALL, ".12345");
    ok(r == NULL, "unknown code page gave %s", str(r));
    r = setlocale(LC_ALL, NULL);
    ok(r && !strcmp(r, "English_United Kingdom.1252"), "after failures: %s", str(r));
    ok(setlocale(20, "C") == NULL, "category 20 accepted");

    /* Mixed categories. */
    LOCALE_IS(LC_ALL, "C", "C");
    LOCALE_IS(LC_CTYPE, ".1252", "English_United States.1252");
    LOCALE_IS(LC_NUMERIC, "english", "English_United States.1252");
    {
        static const char mixed[] = "LC_COLLATE=C;LC_CTYPE=English_United States.1252;"
                                    "LC_MONETARY=C;LC_NUMERIC=English_United States.1252;LC_TIME=C";
        char buf[256];

        r = setlocale(LC_ALL, NULL);
        ok(r && !strcmp(r, mixed), "mixed LC_ALL = %s", str(r));
        r = setlocale(LC_CTYPE, NULL);
        ok(r && !strcmp(r, "English_United States.1252"), "LC_CTYPE = %s", str(r));
        r = setlocale(LC_TIME, NULL);
        ok(r && !strcmp(r, "C"), "LC_TIME = %s", str(r));
        LOCALE_IS(LC_ALL, "C", "C");
        strcpy(buf, mixed);
        LOCALE_IS(LC_ALL, buf, mixed);
    }
    {
        const wchar_t *w = _wsetlocale(LC_ALL, L".437");

        ok(w && !wcscmp(w, L"English_United States.437"), "_wsetlocale .437");
    }
    LOCALE_IS(LC_ALL, "C", "C");
}

static void test_conversions(void)
{
    wchar_t w[8];
    char mb[8];

    setlocale(LC_ALL, "C");
    ok(one_wide(0x80) == 0x80, "C: 0x80 -> %04x", one_wide(0x80));
    ok(wcstombs(mb, L"\x20ac", sizeof(mb)) == (size_t)-1, "C: U+20AC converted");
    ok(crt_wctob(0x20ac) == EOF, "C: wctob(U+20AC) %d", crt_wctob(0x20ac));

    setlocale(LC_ALL, ".1252");
    ok(one_wide(0x80) == 0x20ac, "1252: 0x80 -> %04x", one_wide(0x80));
    ok(one_wide(0xe9) == 0xe9, "1252: 0xE9 -> %04x", one_wide(0xe9));
    memset(mb, 0, sizeof(mb));
    ok(wcstombs(mb, L"\x20ac\xe9", sizeof(mb)) == 2 && !strcmp(mb, "\x80\xe9"),
       "1252: wcstombs %02x %02x", (unsigned char)mb[0], (unsigned char)mb[1]);
    ok(wcstombs(mb, L"\x0100", sizeof(mb)) == (size_t)-1 && errno == EILSEQ,
       "1252: U+0100 has no byte");
    ok(mbtowc(w, "\x80", 1) == 1 && w[0] == 0x20ac, "1252: mbtowc 0x80");
    ok(wctomb(mb, 0x20ac) == 1 && (unsigned char)mb[0] == 0x80, "1252: wctomb U+20AC");
    ok(crt_btowc(0x80) == 0x20ac, "1252: btowc(0x80) %04x", (unsigned)crt_btowc(0x80));
    ok(crt_wctob(0x20ac) == 0x80, "1252: wctob(U+20AC) %x", crt_wctob(0x20ac));
    ok(MB_CUR_MAX == 1, "1252: MB_CUR_MAX %d", (int)MB_CUR_MAX);

    setlocale(LC_ALL, ".437");
    ok(one_wide(0x80) == 0xc7, "437: 0x80 -> %04x", one_wide(0x80));
    ok(wcstombs(mb, L"\x20ac", sizeof(mb)) == (size_t)-1, "437: U+20AC converted");
    ok(wctomb(mb, 0xc7) == 1 && (unsigned char)mb[0] == 0x80, "437: wctomb U+00C7");

    setlocale(LC_ALL, "C");
    ok(one_wide(0x80) == 0x80, "back in C: 0x80 -> %04x", one_wide(0x80));
}

typedef size_t(__cdecl *mbrtowc_fn)(wchar_t *, const char *, size_t, mbstate_t *);
typedef size_t(__cdecl *wcrtomb_fn)(char *, wchar_t, mbstate_t *);
typedef size_t(__cdecl *mbsrtowcs_fn)(wchar_t *, const char **, size_t, mbstate_t *);
typedef size_t(__cdecl *wcsrtombs_fn)(char *, const wchar_t **, size_t, mbstate_t *);

/* The restartable conversions (C95), through the runtime's exports for
 * the same reason as wctob. */
static void test_restartable(void)
{
    HMODULE crt = GetModuleHandleA(CRT_DLL);
    mbrtowc_fn p_mbrtowc = (mbrtowc_fn)GetProcAddress(crt, "mbrtowc");
    wcrtomb_fn p_wcrtomb = (wcrtomb_fn)GetProcAddress(crt, "wcrtomb");
    mbsrtowcs_fn p_mbsrtowcs = (mbsrtowcs_fn)GetProcAddress(crt, "mbsrtowcs");
    wcsrtombs_fn p_wcsrtombs = (wcsrtombs_fn)GetProcAddress(crt, "wcsrtombs");
    mbstate_t st;
    wchar_t w[8];
    const wchar_t *wp;
    const char *p;
    char mb[8];

    ok(p_mbrtowc && p_wcrtomb && p_mbsrtowcs && p_wcsrtombs, "restartable functions exported");
    if (!p_mbrtowc || !p_wcrtomb || !p_mbsrtowcs || !p_wcsrtombs)
        return;
    memset(&st, 0, sizeof(st));
    setlocale(LC_ALL, "C");
    wp = L"\x20ac";
    ok(p_wcsrtombs(mb, &wp, sizeof(mb), &st) == (size_t)-1 && errno == EILSEQ,
       "C: wcsrtombs of U+20AC");

    setlocale(LC_ALL, ".1252");
    w[0] = 0;
    ok(p_mbrtowc(w, "\x80", 1, &st) == 1 && w[0] == 0x20ac, "1252: mbrtowc %04x", w[0]);
    ok(p_mbrtowc(w, "", 1, &st) == 0 && w[0] == 0, "1252: mbrtowc of NUL");
    ok(p_wcrtomb(mb, 0x20ac, &st) == 1 && (unsigned char)mb[0] == 0x80, "1252: wcrtomb");
    p = "\x80\xe9";
    ok(p_mbsrtowcs(w, &p, 8, &st) == 2 && p == NULL && w[0] == 0x20ac && w[1] == 0xe9,
       "1252: mbsrtowcs");
    wp = L"\x20ac\xe9";
    memset(mb, 0, sizeof(mb));
    ok(p_wcsrtombs(mb, &wp, sizeof(mb), &st) == 2 && wp == NULL && !strcmp(mb, "\x80\xe9"),
       "1252: wcsrtombs");
#ifdef _UCRT
    setlocale(LC_ALL, ".UTF8");
    memset(&st, 0, sizeof(st));
    ok(p_mbrtowc(w, "\xe2", 1, &st) == (size_t)-2, "UTF-8: first byte alone is incomplete");
    ok(p_mbrtowc(w, "\x82\xac", 2, &st) == 2 && w[0] == 0x20ac, "UTF-8: completed %04x", w[0]);
    ok(p_mbrtowc(w, "\xff", 1, &st) == (size_t)-1 && errno == EILSEQ, "UTF-8: 0xFF");
#endif
    setlocale(LC_ALL, "C");
}

static void test_ctype(void)
{
    setlocale(LC_ALL, "C");
    ok(!(isalpha)(0xe9), "C: isalpha(0xE9)");
    ok((toupper)(0xe9) == 0xe9, "C: toupper(0xE9) %x", (toupper)(0xe9));
    ok((toupper)('a') == 'A', "C: toupper('a')");

    setlocale(LC_ALL, ".1252");
    ok((isalpha)(0xe9), "1252: isalpha(0xE9)");
    ok((islower)(0xe9), "1252: islower(0xE9)");
    ok((isupper)(0xc9), "1252: isupper(0xC9)");
    ok(!(isalpha)(0xd7), "1252: isalpha(0xD7, the multiplication sign)");
    ok((toupper)(0xe9) == 0xc9, "1252: toupper(0xE9) %x", (toupper)(0xe9));
    ok((tolower)(0xc9) == 0xe9, "1252: tolower(0xC9) %x", (tolower)(0xc9));
    ok((toupper)('a') == 'A', "1252: toupper('a')");

    setlocale(LC_CTYPE, "C");
    ok(!(isalpha)(0xe9), "C again: isalpha(0xE9)");
    ok((toupper)(0xe9) == 0xe9, "C again: toupper(0xE9) %x", (toupper)(0xe9));
}

static void test_utf8(void)
{
    const char *r;

    setlocale(LC_ALL, "C");
    r = setlocale(LC_ALL, ".UTF8");
#ifdef _UCRT
    {
        wchar_t w[8];
        char mb[8];

        ok(r && !strcmp(r, "English_United States.utf8"), ".UTF8 = %s", str(r));
        ok(MB_CUR_MAX == 4, "UTF-8: MB_CUR_MAX %d", (int)MB_CUR_MAX);
        ok(mbstowcs(w, "\xc3\xa9\xe2\x82\xac", 8) == 2 && w[0] == 0xe9 && w[1] == 0x20ac,
           "UTF-8: mbstowcs %04x %04x", w[0], w[1]);
        ok(mbstowcs(w, "\xc3", 8) == (size_t)-1, "UTF-8: truncated sequence converted");
        ok(mbtowc(w, "\xe2\x82\xac", 3) == 3 && w[0] == 0x20ac, "UTF-8: mbtowc");
        memset(mb, 0, sizeof(mb));
        ok(wcstombs(mb, L"\xe9", sizeof(mb)) == 2 && !strcmp(mb, "\xc3\xa9"), "UTF-8: wcstombs");
        LOCALE_IS(LC_ALL, ".utf-8", "English_United States.utf8");
        LOCALE_IS(LC_ALL, "en-US", "en-US");
    }
#else
    ok(r == NULL, "msvcrt accepted .UTF8: %s", str(r));
    r = setlocale(LC_ALL, NULL);
    ok(r && !strcmp(r, "C"), "after .UTF8: %s", str(r));
    ok(setlocale(LC_ALL, ".65001") == NULL, "msvcrt accepted .65001");
#endif
    setlocale(LC_ALL, "C");
}

static void test_locale_objects(void)
{
    _locale_t l1252, l437, cur;
    wchar_t w[4] = { 0 };

    setlocale(LC_ALL, "C");
    ok(_create_locale(LC_ALL, "Klingon") == NULL, "_create_locale of an unknown name");
    l1252 = _create_locale(LC_ALL, ".1252");
    l437 = _create_locale(LC_ALL, ".437");
    ok(l1252 && l437, "_create_locale");
    if (!l1252 || !l437)
        return;
    ok(_toupper_l(0xe9, l1252) == 0xc9, "_toupper_l(0xE9, 1252) %x", _toupper_l(0xe9, l1252));
    /* The headers read the object's public part inline. */
#ifdef _UCRT
    ok(l1252->locinfo->_locale_lc_codepage == 1252 && l1252->locinfo->_locale_mb_cur_max == 1,
       "UCRT locinfo: code page %u", l1252->locinfo->_locale_lc_codepage);
    ok(l1252->locinfo->_locale_pctype[0xe9] & _LOWER, "UCRT locinfo pctype");
#else
    ok(l1252->locinfo->lc_codepage == 1252 && l1252->locinfo->mb_cur_max == 1,
       "msvcrt locinfo: code page %u", l1252->locinfo->lc_codepage);
    ok((l1252->locinfo->pctype[0xe9] & _LOWER) && l1252->locinfo->pcumap[0xe9] == 0xc9 &&
       l437->locinfo->pcumap[0xe9] == 0xe9, "msvcrt locinfo pctype/pcumap");
#endif
    ok(_isalpha_l(0xe9, l1252), "_isalpha_l(0xE9, 1252)");
    ok((toupper)(0xe9) == 0xe9, "global C changed by a locale object");
    ok(_mbstowcs_l(w, "\x80", 4, l437) == 1 && w[0] == 0xc7, "_mbstowcs_l 437: %04x", w[0]);
    ok(_mbstowcs_l(w, "\x80", 4, l1252) == 1 && w[0] == 0x20ac, "_mbstowcs_l 1252: %04x", w[0]);

    setlocale(LC_ALL, ".1252");
    ok(one_wide(0x80) == 0x20ac, "global 1252 next to a 437 object");
    ok(_mbstowcs_l(w, "\x80", 4, l437) == 1 && w[0] == 0xc7, "_mbstowcs_l 437 under 1252");
    cur = _get_current_locale();
    setlocale(LC_ALL, "C");
    ok(cur && _toupper_l(0xe9, cur) == 0xc9, "_get_current_locale keeps 1252");
    _free_locale(cur);
    _free_locale(l1252);
    _free_locale(l437);
}

int main(int argc, char **argv)
{
    test_start_and_names();
    test_conversions();
    test_restartable();
    test_ctype();
    test_utf8();
    test_locale_objects();
    return test_summary();
}
