/* codepage.h: conversions between UTF-16 and the code pages the guest
 * supports: 1252 (the ANSI code page), 437 (the OEM code page) and UTF-8.
 * Plain C with no Windows headers, so it is unit-tested on the host
 * (tests/unit/test_guest_codepage.c); ntdll's string.c and kernel32 build
 * the Windows APIs on it. */
#ifndef WOW64_GUEST_CODEPAGE_H
#define WOW64_GUEST_CODEPAGE_H

#include <stddef.h>
#include <stdint.h>

#define CODEPAGE_ANSI 1252u
#define CODEPAGE_OEM 437u
#define CODEPAGE_UTF8 65001u

/* Result flags of the UTF-8 converters. */
#define CODEPAGE_INVALID 1   /* malformed input was replaced by U+FFFD */
#define CODEPAGE_OVERFLOW 2  /* the output buffer ran out */

/* 1 when cp is 1252 or 437 (single-byte code pages we have tables for). */
int codepage_is_sbcs(unsigned cp);
/* The UTF-16 unit for byte c of single-byte code page cp. glyphs: map the
 * control characters of 437 to their glyphs (MB_USEGLYPHCHARS). */
uint16_t codepage_sbcs_decode(unsigned cp, unsigned char c, int glyphs);
/* The byte for wc in single-byte code page cp, or -1 when it has none. */
int codepage_sbcs_encode(unsigned cp, uint16_t wc);

/* UTF-8 -> UTF-16. Converts srclen bytes into at most dstlen units (dst may
 * be NULL to measure); returns units written (or needed) and ORs
 * CODEPAGE_* into *flags. Malformed sequences become one U+FFFD per maximal
 * invalid subpart. */
size_t codepage_utf8_to_utf16(uint16_t *dst, size_t dstlen, const unsigned char *src,
                              size_t srclen, unsigned *flags);
/* UTF-16 -> UTF-8, likewise; unpaired surrogates become U+FFFD. A
 * character never gets split at the end of dst. */
size_t codepage_utf16_to_utf8(unsigned char *dst, size_t dstlen, const uint16_t *src,
                              size_t srclen, unsigned *flags);

#endif
