/* Simple (one-to-one) case mapping of UTF-16 units for the case-insensitive
 * comparisons of names (files, environment variables, modules): Latin-1,
 * Latin Extended-A and Additional, Greek, Cyrillic, Armenian, Roman
 * numerals, circled and fullwidth letters. Other characters map to
 * themselves. */
#include "ntdll_private.h"

/* In [lo, hi], pairs whose upper case is the even (or odd) member. */
static int in_pairs(WCHAR c, WCHAR lo, WCHAR hi)
{
    return c >= lo && c <= hi;
}

WCHAR ntdll_towupper(WCHAR c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (c < 0x100) {
        if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
            return c - 32;
        return c == 0xff ? 0x178 : c;
    }
    if (c == 0x130 || c == 0x131)  /* dotted I and dotless i are not a pair */
        return c == 0x131 ? 'I' : c;
    if (in_pairs(c, 0x100, 0x137) || in_pairs(c, 0x14a, 0x177) || in_pairs(c, 0x460, 0x481) ||
        in_pairs(c, 0x48a, 0x4bf) || in_pairs(c, 0x4d0, 0x52f) || in_pairs(c, 0x1e00, 0x1e95) ||
        in_pairs(c, 0x1ea0, 0x1eff))
        return c & ~1;
    if (in_pairs(c, 0x139, 0x148) || in_pairs(c, 0x179, 0x17e) || in_pairs(c, 0x4c1, 0x4ce))
        return (c & 1) ? c : c - 1;
    if ((c >= 0x3b1 && c <= 0x3c1) || (c >= 0x3c3 && c <= 0x3cb))
        return c - 32;
    switch (c) {
    case 0x3c2: return 0x3a3;
    case 0x3ac: return 0x386;
    case 0x3ad: case 0x3ae: case 0x3af: return c - 37;
    case 0x3cc: return 0x38c;
    case 0x3cd: case 0x3ce: return c - 63;
    }
    if (c >= 0x430 && c <= 0x44f)
        return c - 32;
    if (c >= 0x450 && c <= 0x45f)
        return c - 80;
    if (c >= 0x561 && c <= 0x586)
        return c - 48;
    if (c >= 0x2170 && c <= 0x217f)
        return c - 16;
    if (c >= 0x24d0 && c <= 0x24e9)
        return c - 26;
    if (c >= 0xff41 && c <= 0xff5a)
        return c - 32;
    return c;
}

WCHAR ntdll_towlower(WCHAR c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c < 0x100)
        return (c >= 0xc0 && c <= 0xde && c != 0xd7) ? c + 32 : c;
    if (c == 0x178)
        return 0xff;
    if (c == 0x130 || c == 0x131)
        return c == 0x130 ? 'i' : c;
    if (in_pairs(c, 0x100, 0x137) || in_pairs(c, 0x14a, 0x177) || in_pairs(c, 0x460, 0x481) ||
        in_pairs(c, 0x48a, 0x4bf) || in_pairs(c, 0x4d0, 0x52f) || in_pairs(c, 0x1e00, 0x1e95) ||
        in_pairs(c, 0x1ea0, 0x1eff))
        return c | 1;
    if (in_pairs(c, 0x139, 0x148) || in_pairs(c, 0x179, 0x17e) || in_pairs(c, 0x4c1, 0x4ce))
        return (c & 1) ? c + 1 : c;
    if ((c >= 0x391 && c <= 0x3a1) || (c >= 0x3a3 && c <= 0x3ab))
        return c + 32;
    switch (c) {
    case 0x386: return 0x3ac;
    case 0x388: case 0x389: case 0x38a: return c + 37;
    case 0x38c: return 0x3cc;
    case 0x38e: case 0x38f: return c + 63;
    }
    if (c >= 0x410 && c <= 0x42f)
        return c + 32;
    if (c >= 0x400 && c <= 0x40f)
        return c + 80;
    if (c >= 0x531 && c <= 0x556)
        return c + 48;
    if (c >= 0x2160 && c <= 0x216f)
        return c + 16;
    if (c >= 0x24b6 && c <= 0x24cf)
        return c + 26;
    if (c >= 0xff21 && c <= 0xff3a)
        return c + 32;
    return c;
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR c)
{
    return ntdll_towupper(c);
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR c)
{
    return ntdll_towlower(c);
}
