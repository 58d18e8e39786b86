/* Code page tables and converters (see codepage.h). The tables are the
 * Unicode Consortium's mappings of Windows 1252 and IBM 437 as Windows
 * ships them: the five unassigned 1252 bytes map to the C1 controls of the
 * same value, as MultiByteToWideChar does. */
#include "codepage.h"

static const uint16_t cp1252_80[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static const uint16_t cp437_80[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
    0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
    0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
    0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
    0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

/* 437's glyphs for the control bytes 0x00-0x1F (0x00 stays NUL). */
static const uint16_t cp437_glyphs[32] = {
    0x0000, 0x263a, 0x263b, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25d8, 0x25cb, 0x25d9, 0x2642, 0x2640, 0x266a, 0x266b, 0x263c,
    0x25ba, 0x25c4, 0x2195, 0x203c, 0x00b6, 0x00a7, 0x25ac, 0x21a8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221f, 0x2194, 0x25b2, 0x25bc,
};

int codepage_is_sbcs(unsigned cp)
{
    return cp == CODEPAGE_ANSI || cp == CODEPAGE_OEM;
}

uint16_t codepage_sbcs_decode(unsigned cp, unsigned char c, int glyphs)
{
    if (cp == CODEPAGE_OEM) {
        if (c >= 0x80)
            return cp437_80[c - 0x80];
        if (glyphs && c < 0x20)
            return cp437_glyphs[c];
        if (glyphs && c == 0x7f)
            return 0x2302;
        return c;
    }
    if (c >= 0x80 && c < 0xa0)
        return cp1252_80[c - 0x80];
    return c;
}

int codepage_sbcs_encode(unsigned cp, uint16_t wc)
{
    unsigned i;

    if (wc < 0x80)
        return wc;
    if (cp == CODEPAGE_OEM) {
        for (i = 0; i < 128; i++)
            if (cp437_80[i] == wc)
                return (int)(0x80 + i);
        return -1;
    }
    if (wc >= 0xa0 && wc <= 0xff)
        return wc;
    for (i = 0; i < 32; i++)
        if (cp1252_80[i] == wc)
            return (int)(0x80 + i);
    return -1;
}

/* Length of the UTF-8 sequence lead byte c starts (0: not a lead byte), and
 * the accepted range of its first continuation byte (which rules out
 * overlong forms, surrogates and values above U+10FFFF). */
static unsigned utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf)
        return 2;
    if (c >= 0xe0 && c <= 0xef) {
        if (c == 0xe0)
            *lo = 0xa0;
        else if (c == 0xed)
            *hi = 0x9f;
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (c == 0xf0)
            *lo = 0x90;
        else if (c == 0xf4)
            *hi = 0x8f;
        return 4;
    }
    return 0;
}

size_t codepage_utf8_to_utf16(uint16_t *dst, size_t dstlen, const unsigned char *src,
                              size_t srclen, unsigned *flags)
{
    size_t i = 0, n = 0;

    while (i < srclen) {
        unsigned char c = src[i], lo, hi;
        unsigned len, k;
        uint32_t cp;

        if (c < 0x80) {
            cp = c;
            i++;
        } else if (!(len = utf8_lead(c, &lo, &hi))) {
            cp = 0xfffd;
            *flags |= CODEPAGE_INVALID;
            i++;
        } else {
            cp = c & (0x7f >> len);
            for (k = 1; k < len; k++) {
                unsigned char cc;

                if (i + k >= srclen)
                    break;
                cc = src[i + k];
                if (k == 1 ? (cc < lo || cc > hi) : (cc < 0x80 || cc > 0xbf))
                    break;
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (k < len) {
                /* A maximal invalid subpart: the bytes accepted so far. */
                cp = 0xfffd;
                *flags |= CODEPAGE_INVALID;
            }
            i += k;
        }
        if (cp >= 0x10000) {
            if (dst) {
                if (dstlen - n < 2) {
                    *flags |= CODEPAGE_OVERFLOW;
                    return n;
                }
                dst[n] = (uint16_t)(0xd800 | ((cp - 0x10000) >> 10));
                dst[n + 1] = (uint16_t)(0xdc00 | (cp & 0x3ff));
            }
            n += 2;
        } else {
            if (dst) {
                if (n >= dstlen) {
                    *flags |= CODEPAGE_OVERFLOW;
                    return n;
                }
                dst[n] = (uint16_t)cp;
            }
            n++;
        }
    }
    return n;
}

size_t codepage_utf16_to_utf8(unsigned char *dst, size_t dstlen, const uint16_t *src,
                              size_t srclen, unsigned *flags)
{
    size_t i = 0, n = 0;

    while (i < srclen) {
        uint32_t cp = src[i++];
        unsigned len;

        if (cp >= 0xd800 && cp <= 0xdfff) {
            if (cp <= 0xdbff && i < srclen && src[i] >= 0xdc00 && src[i] <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (src[i] - 0xdc00u);
                i++;
            } else {
                cp = 0xfffd;
                *flags |= CODEPAGE_INVALID;
            }
        }
        len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (dst) {
            if (dstlen - n < len) {
                *flags |= CODEPAGE_OVERFLOW;
                return n;
            }
            switch (len) {
            case 1:
                dst[n] = (unsigned char)cp;
                break;
            case 2:
                dst[n] = (unsigned char)(0xc0 | (cp >> 6));
                dst[n + 1] = (unsigned char)(0x80 | (cp & 0x3f));
                break;
            case 3:
                dst[n] = (unsigned char)(0xe0 | (cp >> 12));
                dst[n + 1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
                dst[n + 2] = (unsigned char)(0x80 | (cp & 0x3f));
                break;
            default:
                dst[n] = (unsigned char)(0xf0 | (cp >> 18));
                dst[n + 1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
                dst[n + 2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
                dst[n + 3] = (unsigned char)(0x80 | (cp & 0x3f));
                break;
            }
        }
        n += len;
    }
    return n;
}
