/* UTF-8 <-> UTF-16 for names crossing between the host and the guest.
 * Invalid input becomes U+FFFD, as Windows' converters do. */
#include "loader.h"

size_t utf8_to_utf16(const char *s, WCHAR *out, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    if (!max)
        return 0;
    while (*p && n + 1 < max) {
        uint32_t c = *p++;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;

        if (c >= 0x80 && c < 0xC0)
            c = 0xFFFD;
        else if (extra) {
            c &= 0x3F >> extra;
            for (int i = 0; i < extra; i++) {
                if ((*p & 0xC0) != 0x80) {
                    c = 0xFFFD;
                    break;
                }
                c = (c << 6) | (*p++ & 0x3F);
            }
        }
        if (c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
            c = 0xFFFD;
        if (c >= 0x10000) {
            if (n + 2 >= max)
                break;
            c -= 0x10000;
            out[n++] = (WCHAR)(0xD800 | (c >> 10));
            out[n++] = (WCHAR)(0xDC00 | (c & 0x3FF));
        } else
            out[n++] = (WCHAR)c;
    }
    out[n] = 0;
    return n;
}

size_t utf16_to_utf8(const WCHAR *w, size_t len, char *out, size_t max)
{
    size_t n = 0;

    if (!max)
        return 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = w[i];
        char buf[4];
        int k;

        if (c >= 0xD800 && c < 0xDC00 && i + 1 < len && w[i + 1] >= 0xDC00 && w[i + 1] < 0xE000)
            c = 0x10000 + ((c - 0xD800) << 10) + (w[++i] - 0xDC00);
        else if (c >= 0xD800 && c < 0xE000)
            c = 0xFFFD;
        if (c < 0x80)
            buf[0] = (char)c, k = 1;
        else if (c < 0x800)
            buf[0] = (char)(0xC0 | c >> 6), buf[1] = (char)(0x80 | (c & 0x3F)), k = 2;
        else if (c < 0x10000)
            buf[0] = (char)(0xE0 | c >> 12), buf[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
            buf[2] = (char)(0x80 | (c & 0x3F)), k = 3;
        else
            buf[0] = (char)(0xF0 | c >> 18), buf[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
            buf[2] = (char)(0x80 | ((c >> 6) & 0x3F)), buf[3] = (char)(0x80 | (c & 0x3F)), k = 4;
        if (n + (size_t)k >= max)
            break;
        for (int j = 0; j < k; j++)
            out[n++] = buf[j];
    }
    out[n] = 0;
    return n;
}
