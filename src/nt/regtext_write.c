/* The .reg text writer (regtext.h): the lines regedit writes, with CRLF
 * line ends, into a growable buffer (UTF-8 for version 5, code page 1252
 * for REGEDIT4). Data that regedit would write lossily ("..." for a
 * REG_SZ with an embedded or missing NUL) is written as hex(1) instead,
 * so parsing the output gives back exactly what was written. */
#include "nt/regtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hex data wrap: after a "xx," that brings the line to this many columns,
 * regedit ends the line with "\" and goes on indented by two spaces. */
#define HEX_WRAP 77

static void put(struct regtext_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 256;
        char *d;

        while (cap - b->len < n) {
            if (cap > SIZE_MAX / 2) {
                b->failed = true;
                return;
            }
            cap *= 2;
        }
        if (!(d = realloc(b->data, cap))) {
            b->failed = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void puts_(struct regtext_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* One character of text: UTF-8 in version 5 (a lone surrogate becomes
 * U+FFFD), code page 1252 in REGEDIT4 ('?' when it has no such byte). */
static size_t put_char(struct regtext_buf *b, enum regtext_version v, const uint16_t *s, size_t n,
                       size_t i)
{
    uint32_t c = s[i];
    char u[4];

    if (v == REGTEXT_V4) {
        int a = regtext_unicode_to_cp1252((uint16_t)c);

        u[0] = a < 0 ? '?' : (char)a;
        put(b, u, 1);
        return 1;
    }
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00u);
        u[0] = (char)(0xF0 | c >> 18);
        u[1] = (char)(0x80 | (c >> 12 & 0x3F));
        u[2] = (char)(0x80 | (c >> 6 & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        put(b, u, 4);
        return 2;
    }
    if (c >= 0xD800 && c <= 0xDFFF)
        c = 0xFFFD;
    if (c < 0x80) {
        u[0] = (char)c;
        put(b, u, 1);
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | c >> 6);
        u[1] = (char)(0x80 | (c & 0x3F));
        put(b, u, 2);
    } else {
        u[0] = (char)(0xE0 | c >> 12);
        u[1] = (char)(0x80 | (c >> 6 & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        put(b, u, 3);
    }
    return 1;
}

/* A key path or class name as it is, except that a line break, which the
 * format cannot hold there and which would start a line of its own (a
 * forged [KEY] on the next load), becomes U+FFFD. */
static void put_text(struct regtext_buf *b, enum regtext_version v, const uint16_t *s, size_t n)
{
    static const uint16_t replacement = 0xFFFD;

    for (size_t i = 0; i < n;) {
        if (s[i] == '\r' || s[i] == '\n') {
            put_char(b, v, &replacement, 1, 0);
            i++;
        } else {
            i += put_char(b, v, s, n, i);
        }
    }
}

/* A quoted string with regedit's escapes (\\ and \"), plus \n and \r as
 * Wine's regedit writes them, so a name holding a line break survives;
 * returns its width including the quotes. */
static size_t put_quoted(struct regtext_buf *b, enum regtext_version v, const uint16_t *s, size_t n)
{
    size_t w = 2;

    puts_(b, "\"");
    for (size_t i = 0; i < n;) {
        const char *esc = s[i] == '\\'   ? "\\\\"
                          : s[i] == '"'  ? "\\\""
                          : s[i] == '\n' ? "\\n"
                          : s[i] == '\r' ? "\\r"
                                         : NULL;

        if (esc) {
            puts_(b, esc);
            w += 2;
            i++;
        } else {
            size_t k = put_char(b, v, s, n, i);

            w += k;
            i += k;
        }
    }
    puts_(b, "\"");
    return w;
}

void regtext_write_header(struct regtext_buf *b, enum regtext_version v)
{
    puts_(b, v == REGTEXT_V4 ? "REGEDIT4\r\n" : "Windows Registry Editor Version 5.00\r\n");
}

/* The version of the file being written, from the header at the start of
 * the buffer (regtext_write_key has no version argument). */
static enum regtext_version buf_version(const struct regtext_buf *b)
{
    return b->len >= 8 && !memcmp(b->data, "REGEDIT4", 8) ? REGTEXT_V4 : REGTEXT_V5;
}

void regtext_write_key(struct regtext_buf *b, const uint16_t *path, size_t len)
{
    puts_(b, "\r\n[");
    put_text(b, buf_version(b), path, len);
    puts_(b, "]\r\n");
}

void regtext_write_key_meta(struct regtext_buf *b, uint64_t last_write, const uint16_t *class_name,
                            size_t class_len)
{
    char line[40];

    snprintf(line, sizeof line, ";@time=%016llx\r\n", (unsigned long long)last_write);
    puts_(b, line);
    if (class_name) {
        puts_(b, ";@class=");
        put_text(b, buf_version(b), class_name, class_len);
        puts_(b, "\r\n");
    }
}

/* Whether a REG_SZ can be written as "...": one NUL, at the end, no line
 * break, and every character representable in the file's encoding. */
static bool plain_string(enum regtext_version v, const uint8_t *data, size_t size)
{
    size_t n = size / 2;

    if (size < 2 || size % 2)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint16_t c = (uint16_t)(data[2 * i] | data[2 * i + 1] << 8);

        if (i == n - 1)
            return c == 0;
        if (c == 0 || c == '\r' || c == '\n')
            return false;
        if (v == REGTEXT_V4 && regtext_unicode_to_cp1252(c) < 0)
            return false;
        if (v == REGTEXT_V5 && c >= 0xD800 && c <= 0xDFFF) {
            uint16_t d = i + 1 < n ? (uint16_t)(data[2 * i + 2] | data[2 * i + 3] << 8) : 0;

            if (c > 0xDBFF || d < 0xDC00 || d > 0xDFFF)
                return false; /* a lone surrogate has no UTF-8 form */
            i++;
        }
    }
    return false;
}

static void write_hex(struct regtext_buf *b, uint32_t type, const uint8_t *data, size_t size,
                      size_t col)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[24], line[96];
    size_t n = 0;

    if (type == REGTEXT_REG_BINARY)
        snprintf(tmp, sizeof tmp, "hex:");
    else
        snprintf(tmp, sizeof tmp, "hex(%x):", (unsigned)type);
    puts_(b, tmp);
    col += strlen(tmp);
    /* One output line at a time (at most 25 "xx," and a continuation). */
    for (size_t i = 0; i < size; i++) {
        line[n++] = digits[data[i] >> 4];
        line[n++] = digits[data[i] & 15];
        if (i == size - 1)
            break;
        line[n++] = ',';
        col += 3;
        if (col >= HEX_WRAP || n > sizeof line - 8) {
            if (col >= HEX_WRAP) {
                memcpy(line + n, "\\\r\n  ", 5);
                n += 5;
                col = 2;
            }
            put(b, line, n);
            n = 0;
        }
    }
    put(b, line, n);
    puts_(b, "\r\n");
}

void regtext_write_value(struct regtext_buf *b, enum regtext_version v, const uint16_t *name,
                         size_t name_len, uint32_t type, const void *data, size_t size)
{
    const uint8_t *d = data;
    size_t col;

    if (name) {
        col = put_quoted(b, v, name, name_len) + 1;
    } else {
        puts_(b, "@");
        col = 2;
    }
    puts_(b, "=");
    if (type == REGTEXT_REG_SZ && plain_string(v, d, size)) {
        uint16_t *s = malloc(size);

        if (!s) {
            b->failed = true;
            return;
        }
        for (size_t i = 0; i < size / 2; i++)
            s[i] = (uint16_t)(d[2 * i] | d[2 * i + 1] << 8);
        put_quoted(b, v, s, size / 2 - 1);
        puts_(b, "\r\n");
        free(s);
        return;
    }
    if (type == REGTEXT_REG_DWORD && size == 4) {
        char tmp[24];

        snprintf(tmp, sizeof tmp, "dword:%08x\r\n",
                 (unsigned)(d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24));
        puts_(b, tmp);
        return;
    }
    if (v == REGTEXT_V4 && (type == REGTEXT_REG_EXPAND_SZ || type == REGTEXT_REG_MULTI_SZ)) {
        /* REGEDIT4 holds these as ANSI bytes, as regedit writes them;
         * characters outside code page 1252 become '?'. */
        uint8_t *a = malloc(size / 2 + 1);

        if (!a) {
            b->failed = true;
            return;
        }
        for (size_t i = 0; i < size / 2; i++) {
            int c = regtext_unicode_to_cp1252((uint16_t)(d[2 * i] | d[2 * i + 1] << 8));

            a[i] = c < 0 ? '?' : (uint8_t)c;
        }
        write_hex(b, type, a, size / 2, col);
        free(a);
        return;
    }
    write_hex(b, type, d, size, col);
}

void regtext_write_end(struct regtext_buf *b)
{
    puts_(b, "\r\n");
}

void regtext_buf_free(struct regtext_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}
