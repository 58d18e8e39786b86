/* Character classification: the _ctype table that MinGW's and MSVC's
 * ctype.h macros index through _pctype / __pctype_func(), the is* and to*
 * functions, and the wide classification of iswctype.
 *
 * The narrow table is msvcrt's "C" locale table: ASCII only, nothing above
 * 0x7f; a code-page locale swaps in its own table and case maps. Wide classification follows GetStringTypeW's CT_CTYPE1 for Latin-1
 * exactly (tab is also a blank, 0xa0 a space, the superscript digits count
 * as digits) and, above 0xff, covers the scripts in case-mapping ranges
 * (Latin Extended-A, Greek, Cyrillic, fullwidth forms) plus CJK, kana and
 * Hangul as letters and the Unicode spaces; other characters have no class. */
#include "crt.h"

#define C_ CRT_CONTROL
#define S_ (CRT_SPACE | CRT_CONTROL)
#define B_ (CRT_SPACE | CRT_BLANK)
#define P_ CRT_PUNCT
#define D_ (CRT_DIGIT | CRT_HEX)
#define UH (CRT_UPPER | CRT_HEX)
#define U_ CRT_UPPER
#define LH (CRT_LOWER | CRT_HEX)
#define L_ CRT_LOWER

/* The exported table: index 0 is EOF, entry c + 1 describes character c.
 * _pctype points at entry 1 of the current locale's table (so _pctype[-1]
 * is EOF's entry): this one in "C", a locale's own copy otherwise
 * (locale.c); _ctype itself always stays the "C" table, as msvcrt's. */
unsigned short _ctype[257] = {
    0,
    C_, C_, C_, C_, C_, C_, C_, C_, C_, S_, S_, S_, S_, S_, C_, C_,
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    B_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, P_, P_, P_, P_, P_, P_,
    P_, UH, UH, UH, UH, UH, UH, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, P_, P_, P_, P_, P_,
    P_, LH, LH, LH, LH, LH, LH, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, P_, P_, P_, P_, C_,
};

const unsigned short *_pctype = _ctype + 1;
const unsigned char *crt_toupper_map, *crt_tolower_map;

const unsigned short *__cdecl __pctype_func(void)
{
    return _pctype;
}

const unsigned short **__cdecl __p__pctype(void)
{
    return &_pctype;
}

int __cdecl _isctype(int c, int type)
{
    if (c >= -1 && c <= 255)
        return _pctype[c] & type;
    return 0;
}

int __cdecl isalpha(int c) { return _isctype(c, CRT_ALPHA); }
int __cdecl isupper(int c) { return _isctype(c, CRT_UPPER); }
int __cdecl islower(int c) { return _isctype(c, CRT_LOWER); }
int __cdecl isdigit(int c) { return _isctype(c, CRT_DIGIT); }
int __cdecl isxdigit(int c) { return _isctype(c, CRT_HEX); }
int __cdecl isspace(int c) { return _isctype(c, CRT_SPACE); }
int __cdecl ispunct(int c) { return _isctype(c, CRT_PUNCT); }
int __cdecl isalnum(int c) { return _isctype(c, CRT_ALPHA | CRT_DIGIT); }
int __cdecl isprint(int c) { return _isctype(c, CRT_ALPHA | CRT_DIGIT | CRT_PUNCT | CRT_BLANK); }
int __cdecl isgraph(int c) { return _isctype(c, CRT_ALPHA | CRT_DIGIT | CRT_PUNCT); }
int __cdecl iscntrl(int c) { return _isctype(c, CRT_CONTROL); }
int __cdecl isleadbyte(int c) { return crt_isleadbyte_cp((unsigned char)c); }
int __cdecl __isascii(int c) { return (unsigned)c < 0x80; }
int __cdecl __toascii(int c) { return c & 0x7f; }
int __cdecl __iscsym(int c) { return c == '_' || isalnum(c); }
int __cdecl __iscsymf(int c) { return c == '_' || isalpha(c); }

int __cdecl toupper(int c)
{
    if (crt_toupper_map && c >= 0 && c <= 255)
        return crt_toupper_map[c];
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

int __cdecl tolower(int c)
{
    if (crt_tolower_map && c >= 0 && c <= 255)
        return crt_tolower_map[c];
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* _toupper/_tolower convert unconditionally, as documented. */
int __cdecl _toupper(int c)
{
    return c - 32;
}

int __cdecl _tolower(int c)
{
    return c + 32;
}

#define W_ALPHA 0x0100
#define WU (W_ALPHA | CRT_UPPER)
#define WL (W_ALPHA | CRT_LOWER)
#define WUH (WU | CRT_HEX)
#define WLH (WL | CRT_HEX)
#define WD (CRT_DIGIT | CRT_PUNCT)

/* CT_CTYPE1 of U+0000..U+00FF. */
static const unsigned short wctype_latin1[256] = {
    C_, C_, C_, C_, C_, C_, C_, C_, C_, S_ | CRT_BLANK, S_, S_, S_, S_, C_, C_,
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    B_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, P_, P_, P_, P_, P_, P_,
    P_, WUH, WUH, WUH, WUH, WUH, WUH, WU, WU, WU, WU, WU, WU, WU, WU, WU,
    WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, P_, P_, P_, P_, P_,
    P_, WLH, WLH, WLH, WLH, WLH, WLH, WL, WL, WL, WL, WL, WL, WL, WL, WL,
    WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, P_, P_, P_, P_, C_,
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    B_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_,
    P_, P_, WD, WD, P_, P_, P_, P_, P_, WD, P_, P_, P_, P_, P_, P_,
    WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU, WU,
    WU, WU, WU, WU, WU, WU, WU, P_, WU, WU, WU, WU, WU, WU, WU, WL,
    WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL, WL,
    WL, WL, WL, WL, WL, WL, WL, P_, WL, WL, WL, WL, WL, WL, WL, WL,
};

/* Case pairs above Latin-1: [first, last] holds letters where the upper case
 * is `first + k*2` (alternating, step 2) or a block of uppers whose lower
 * case is at +delta (step 1). */
struct case_range {
    crt_wchar first, last;
    short delta;        /* lower = upper + delta */
    unsigned char step; /* 2: alternating upper/lower pairs */
};

static const struct case_range case_ranges[] = {
    { 0x0100, 0x012f, 1, 2 }, { 0x0132, 0x0137, 1, 2 }, { 0x0139, 0x0148, 1, 2 },
    { 0x014a, 0x0177, 1, 2 }, { 0x0179, 0x017e, 1, 2 }, { 0x0182, 0x0185, 1, 2 },
    { 0x01a0, 0x01a5, 1, 2 }, { 0x01cd, 0x01dc, 1, 2 }, { 0x01de, 0x01ef, 1, 2 },
    { 0x01f8, 0x021f, 1, 2 }, { 0x0222, 0x0233, 1, 2 },
    { 0x0391, 0x03a1, 32, 1 }, { 0x03a3, 0x03ab, 32, 1 }, { 0x03d8, 0x03ef, 1, 2 },
    { 0x0400, 0x040f, 80, 1 }, { 0x0410, 0x042f, 32, 1 }, { 0x0460, 0x0481, 1, 2 },
    { 0x048a, 0x04bf, 1, 2 }, { 0x04c1, 0x04ce, 1, 2 }, { 0x04d0, 0x052f, 1, 2 },
    { 0x0531, 0x0556, 48, 1 }, { 0x1e00, 0x1e95, 1, 2 }, { 0x1ea0, 0x1eff, 1, 2 },
    { 0x2160, 0x216f, 16, 1 }, { 0x24b6, 0x24cf, 26, 1 }, { 0xff21, 0xff3a, 32, 1 },
};

/* Whether wc is an upper-case letter of a case range; *other gets its pair. */
static int range_upper(crt_wchar wc, crt_wchar *other)
{
    size_t i;

    for (i = 0; i < sizeof(case_ranges) / sizeof(case_ranges[0]); i++) {
        const struct case_range *r = &case_ranges[i];
        if (r->step == 2 && wc >= r->first && wc <= r->last && !((wc - r->first) & 1)) {
            *other = (crt_wchar)(wc + 1);
            return 1;
        }
        if (r->step == 1 && wc >= r->first && wc <= r->last) {
            *other = (crt_wchar)(wc + r->delta);
            return 1;
        }
    }
    return 0;
}

static int range_lower(crt_wchar wc, crt_wchar *other)
{
    size_t i;

    for (i = 0; i < sizeof(case_ranges) / sizeof(case_ranges[0]); i++) {
        const struct case_range *r = &case_ranges[i];
        if (r->step == 2 && wc > r->first && wc <= r->last && ((wc - r->first) & 1)) {
            *other = (crt_wchar)(wc - 1);
            return 1;
        }
        if (r->step == 1 && wc >= r->first + r->delta && wc <= r->last + r->delta) {
            *other = (crt_wchar)(wc - r->delta);
            return 1;
        }
    }
    return 0;
}

static unsigned short wide_class(crt_wchar wc)
{
    crt_wchar other;

    if (wc < 0x100)
        return wctype_latin1[wc];
    if (range_upper(wc, &other))
        return WU;
    if (range_lower(wc, &other))
        return WL;
    if ((wc >= 0x2000 && wc <= 0x200b) || wc == 0x2028 || wc == 0x2029 || wc == 0x3000)
        return CRT_SPACE | CRT_BLANK;
    if ((wc >= 0x2010 && wc <= 0x2027) || (wc >= 0x2030 && wc <= 0x205e) ||
        (wc >= 0x3001 && wc <= 0x3003) || (wc >= 0x3008 && wc <= 0x3011))
        return CRT_PUNCT;
    if (wc >= 0xff10 && wc <= 0xff19)
        return CRT_DIGIT;
    if ((wc >= 0x0180 && wc <= 0x024f) || (wc >= 0x0370 && wc <= 0x03ff) ||
        (wc >= 0x0400 && wc <= 0x052f) || (wc >= 0x05d0 && wc <= 0x05ea) ||
        (wc >= 0x0620 && wc <= 0x064a) || (wc >= 0x3041 && wc <= 0x30ff) ||
        (wc >= 0x3400 && wc <= 0x4dbf) || (wc >= 0x4e00 && wc <= 0x9fff) ||
        (wc >= 0xac00 && wc <= 0xd7a3) || (wc >= 0xf900 && wc <= 0xfaff) ||
        (wc >= 0xff66 && wc <= 0xff9f))
        return W_ALPHA;
    return 0;
}

int __cdecl iswctype(crt_wchar wc, unsigned short type)
{
    return wide_class(wc) & type;
}

int __cdecl is_wctype(crt_wchar wc, unsigned short type)
{
    return iswctype(wc, type);
}

int __cdecl iswalpha(crt_wchar wc) { return iswctype(wc, CRT_ALPHA); }
int __cdecl iswupper(crt_wchar wc) { return iswctype(wc, CRT_UPPER); }
int __cdecl iswlower(crt_wchar wc) { return iswctype(wc, CRT_LOWER); }
int __cdecl iswdigit(crt_wchar wc) { return iswctype(wc, CRT_DIGIT); }
int __cdecl iswxdigit(crt_wchar wc) { return iswctype(wc, CRT_HEX); }
int __cdecl iswspace(crt_wchar wc) { return iswctype(wc, CRT_SPACE); }
int __cdecl iswpunct(crt_wchar wc) { return iswctype(wc, CRT_PUNCT); }
int __cdecl iswalnum(crt_wchar wc) { return iswctype(wc, CRT_ALPHA | CRT_DIGIT); }
int __cdecl iswprint(crt_wchar wc) { return iswctype(wc, CRT_ALPHA | CRT_DIGIT | CRT_PUNCT | CRT_BLANK); }
int __cdecl iswgraph(crt_wchar wc) { return iswctype(wc, CRT_ALPHA | CRT_DIGIT | CRT_PUNCT); }
int __cdecl iswcntrl(crt_wchar wc) { return iswctype(wc, CRT_CONTROL); }
int __cdecl iswascii(crt_wchar wc) { return wc < 0x80; }

int __cdecl towupper(crt_wchar wc)
{
    crt_wchar other;

    if (wc < 0x100) {
        if ((wc >= 'a' && wc <= 'z') || (wc >= 0xe0 && wc <= 0xfe && wc != 0xf7))
            return wc - 32;
        if (wc == 0xff)
            return 0x178;
        return wc;
    }
    if (wc == 0x3c2)
        return 0x3a3;       /* final sigma */
    return range_lower(wc, &other) ? other : wc;
}

int __cdecl towlower(crt_wchar wc)
{
    crt_wchar other;

    if (wc < 0x100) {
        if ((wc >= 'A' && wc <= 'Z') || (wc >= 0xc0 && wc <= 0xde && wc != 0xd7))
            return wc + 32;
        return wc;
    }
    if (wc == 0x178)
        return 0xff;
    return range_upper(wc, &other) ? other : wc;
}
