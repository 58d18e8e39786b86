/* The .reg text parser (regtext.h): the file is decoded once into UTF-16
 * (from UTF-16LE, UTF-8 or code page 1252), then read line by line. Every
 * read is checked against the decoded length; buffers are sized from the
 * input, so memory stays a small multiple of the file's size. */
#include "nt/regtext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_V4 "REGEDIT4"
#define HEADER_V5 "Windows Registry Editor Version 5.00"

/* Code page 1252's 0x80-0x9F; the five bytes it leaves undefined map to
 * the C1 control of the same value, as MultiByteToWideChar does. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

uint16_t regtext_cp1252_char(uint8_t c)
{
    return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
}

int regtext_unicode_to_cp1252(uint16_t c)
{
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF))
        return c;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] == c)
            return 0x80 + i;
    return -1;
}

/* UTF-8 to UTF-16; malformed bytes become U+FFFD, one per byte. Never
 * writes more units than there are bytes. */
static size_t utf8_decode(const uint8_t *s, size_t n, uint16_t *out)
{
    size_t i = 0, o = 0;

    while (i < n) {
        uint8_t c = s[i];
        uint32_t cp;
        size_t k;

        if (c < 0x80) {
            out[o++] = c;
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, cp = c & 0x07;
        else
            goto bad;
        if (k > n - i - 1)
            goto bad;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                goto bad;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        /* Overlong forms, surrogates and values past U+10FFFF. */
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[o++] = (uint16_t)(0xD800 | cp >> 10);
            out[o++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
        } else {
            out[o++] = (uint16_t)cp;
        }
        i += k + 1;
        continue;
    bad:
        out[o++] = 0xFFFD;
        i++;
    }
    return o;
}

/* Whether the bytes begin with word, after blanks. */
static bool raw_starts(const uint8_t *s, size_t n, const char *word)
{
    size_t k = strlen(word);

    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    return n >= k && !memcmp(s, word, k);
}

/* The whole file as UTF-16 (malloc'd, *n units), or NULL when memory
 * runs out. */
static uint16_t *decode(const uint8_t *s, size_t size, size_t *n)
{
    uint16_t *t;

    /* The text, the scratch copy and the hex data are each at most twice
     * the input's size: keep their sizes far from overflowing. */
    if (size > SIZE_MAX / 8)
        return NULL;
    t = malloc((size + 1) * sizeof *t);
    if (!t)
        return NULL;
    if (size >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *n = (size - 2) / 2;
        for (size_t i = 0; i < *n; i++)
            t[i] = (uint16_t)(s[2 + 2 * i] | s[3 + 2 * i] << 8);
    } else if (size >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *n = utf8_decode(s + 3, size - 3, t);
    } else if (raw_starts(s, size, HEADER_V4)) {
        /* REGEDIT4 files are ANSI. */
        for (size_t i = 0; i < size; i++)
            t[i] = regtext_cp1252_char(s[i]);
        *n = size;
    } else {
        *n = utf8_decode(s, size, t);
    }
    return t;
}

struct parser {
    const uint16_t *t;
    size_t n;
    size_t pos;    /* the start of the current line */
    size_t end;    /* the end of the current line (before its CR/LF) */
    unsigned line; /* 1-based number of the current line */
    enum regtext_version version;
    const struct regtext_sink *sink;
    struct regtext_error *err;
    bool have_key;    /* values may follow: the current key is a [KEY] */
    bool deleted_key; /* the current key is a [-KEY]: its values are ignored */
    bool meta_open;   /* extension lines may follow */
    bool have_time, have_class;
    uint64_t time;
    size_t class_pos, class_len;
    uint16_t *scratch; /* unescaped name and string: n + 2 units */
    uint8_t *data;     /* hex data */
    size_t data_len, data_cap;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first error with the current line; returns -1. */
static int fail(struct parser *p, const char *fmt, ...)
{
    va_list ap;

    if (p->err) {
        p->err->line = p->line;
        va_start(ap, fmt);
        vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Sets p->end for the line starting at p->pos. */
static void find_end(struct parser *p)
{
    size_t e = p->pos;

    while (e < p->n && p->t[e] != '\n' && p->t[e] != '\r')
        e++;
    p->end = e;
}

/* Moves to the next line; false at the end of the file. */
static bool next_line(struct parser *p)
{
    size_t e = p->end;

    if (e >= p->n)
        return false;
    if (p->t[e] == '\r' && e + 1 < p->n && p->t[e + 1] == '\n')
        e++;
    p->pos = e + 1;
    p->line++;
    find_end(p);
    return true;
}

static bool is_space(uint16_t c)
{
    return c == ' ' || c == '\t';
}

static size_t skip_space(const struct parser *p, size_t i)
{
    while (i < p->end && is_space(p->t[i]))
        i++;
    return i;
}

static int hex_digit(uint16_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Case-insensitive match of an ASCII word at t[i] within the line. */
static bool word_at(const struct parser *p, size_t i, const char *word)
{
    size_t k = strlen(word);

    if (k > p->end - i)
        return false;
    for (size_t j = 0; j < k; j++) {
        uint16_t c = p->t[i + j], w = (uint8_t)word[j];

        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (w >= 'A' && w <= 'Z')
            w += 32;
        if (c != w)
            return false;
    }
    return true;
}

/* Whether only blanks or a ';' comment remain on the line from i. */
static bool rest_is_empty(const struct parser *p, size_t i)
{
    i = skip_space(p, i);
    return i == p->end || p->t[i] == ';';
}

/* Reports the extension lines seen for the current key, once. */
static int flush_meta(struct parser *p)
{
    int rc = 0;

    if ((p->have_time || p->have_class) && p->sink->key_meta)
        rc = p->sink->key_meta(p->sink->ctx, p->have_time ? p->time : 0,
                               p->have_class ? p->t + p->class_pos : NULL,
                               p->have_class ? p->class_len : 0);
    p->have_time = p->have_class = p->meta_open = false;
    return rc;
}

/* A ';' line: a comment, or one of the store's extension lines. */
static int parse_comment(struct parser *p, size_t i)
{
    if (!p->meta_open)
        return 0;
    if (word_at(p, i, ";@time=")) {
        uint64_t v = 0;
        size_t j = i + 7, d = 0;

        while (j < p->end && hex_digit(p->t[j]) >= 0 && d < 16) {
            v = v << 4 | (uint64_t)hex_digit(p->t[j++]);
            d++;
        }
        if (d != 16 || skip_space(p, j) != p->end)
            return fail(p, "bad ;@time line (16 hex digits expected)");
        p->time = v;
        p->have_time = true;
    } else if (word_at(p, i, ";@class=")) {
        p->class_pos = i + 8;
        p->class_len = p->end - p->class_pos;
        p->have_class = true;
    }
    return 0;
}

/* A [KEY] or [-KEY] header starting at t[i] == '['. */
static int parse_key(struct parser *p, size_t i)
{
    size_t close = p->end, start = i + 1;
    bool del = false;
    int rc;

    if ((rc = flush_meta(p)))
        return rc;
    while (close > start && p->t[close - 1] != ']')
        close--;
    if (close <= start)
        return fail(p, "missing ']' after the key name");
    close--; /* at the last ']' of the line */
    if (p->t[start] == '-') {
        del = true;
        start++;
    }
    if (close <= start)
        return fail(p, "empty key name");
    p->have_key = !del;
    p->deleted_key = del;
    p->meta_open = !del;
    if (p->sink->key && (rc = p->sink->key(p->sink->ctx, p->t + start, close - start, del)))
        return rc;
    return 0;
}

/* A quoted string at t[i] == '"', unescaped into out; returns the index
 * after the closing quote, or 0 when it is not closed on this line. */
static size_t parse_quoted(const struct parser *p, size_t i, uint16_t *out, size_t *out_len)
{
    size_t o = 0;

    for (i++; i < p->end; i++) {
        uint16_t c = p->t[i];

        if (c == '"') {
            *out_len = o;
            return i + 1;
        }
        if (c == '\\' && i + 1 < p->end) {
            uint16_t e = p->t[i + 1];

            /* \\ and \" as regedit writes them; \n and \r as Wine writes
             * them for names holding line breaks. Any other backslash is
             * kept as written. */
            if (e == '\\' || e == '"' || e == 'n' || e == 'r') {
                out[o++] = e == 'n' ? '\n' : e == 'r' ? '\r' : e;
                i++;
                continue;
            }
        }
        out[o++] = c;
    }
    return 0;
}

static bool data_reserve(struct parser *p, size_t more)
{
    size_t cap = p->data_cap ? p->data_cap : 256;
    uint8_t *d;

    if (more <= p->data_cap - p->data_len)
        return true;
    while (cap - p->data_len < more) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    if (!(d = realloc(p->data, cap)))
        return false;
    p->data = d;
    p->data_cap = cap;
    return true;
}

/* In a REGEDIT4 file, hex(2) and hex(7) data are ANSI strings: widen
 * them, as regedit does on import. */
static bool widen_ansi(struct parser *p)
{
    size_t n = p->data_len;

    if (n > SIZE_MAX / 2 - 1 || !data_reserve(p, n))
        return false;
    for (size_t i = n; i-- > 0;) {
        uint16_t c = regtext_cp1252_char(p->data[i]);

        p->data[2 * i] = (uint8_t)c;
        p->data[2 * i + 1] = (uint8_t)(c >> 8);
    }
    p->data_len = 2 * n;
    return true;
}

/* Comma-separated hex bytes from t[i], across "\" continuation lines;
 * fills p->data. */
static int parse_hex(struct parser *p, size_t i)
{
    p->data_len = 0;
    for (;;) {
        size_t tok, d;
        int v;

        i = skip_space(p, i);
        if (i == p->end || p->t[i] == ';')
            return 0;
        if (p->t[i] == '\\') {
            if (!rest_is_empty(p, i + 1))
                return fail(p, "text after '\\'");
            /* The data go on in the next line that is neither blank nor a
             * comment; the end of the file ends them, as regedit reads it. */
            do {
                if (!next_line(p))
                    return 0;
                i = skip_space(p, p->pos);
            } while (i == p->end || p->t[i] == ';');
            if (hex_digit(p->t[i]) < 0)
                return fail(p, "hex bytes expected after the line ending in '\\'");
            continue;
        }
        tok = i;
        v = 0;
        for (d = 0; i < p->end && hex_digit(p->t[i]) >= 0; d++, i++)
            v = (v << 4 | hex_digit(p->t[i])) & 0xFFF;
        if (d == 0 || d > 2 ||
            (i < p->end && !is_space(p->t[i]) && p->t[i] != ',' && p->t[i] != '\\' &&
             p->t[i] != ';')) {
            char shown[17];
            size_t k = 0;

            for (; tok < p->end && k < 16 && p->t[tok] != ',' && !is_space(p->t[tok]); tok++)
                shown[k++] = p->t[tok] >= 0x20 && p->t[tok] < 0x7F ? (char)p->t[tok] : '?';
            shown[k] = 0;
            return fail(p, "bad hex byte '%s'", shown);
        }
        if (!data_reserve(p, 1))
            return fail(p, "out of memory");
        p->data[p->data_len++] = (uint8_t)v;
        i = skip_space(p, i);
        if (i < p->end && p->t[i] == ',')
            i++;
        else if (i < p->end && p->t[i] != '\\' && p->t[i] != ';')
            return fail(p, "expected ',' between hex bytes");
    }
}

/* A "name"=... or @=... line starting at t[i]. */
static int parse_value(struct parser *p, size_t i)
{
    uint16_t *name = NULL, *str;
    size_t name_len = 0, str_len, j;
    uint32_t type;
    const void *data;
    size_t size;
    bool del = false;
    int rc;

    if (!p->have_key && !p->deleted_key)
        return fail(p, "value outside a key");
    if ((rc = flush_meta(p)))
        return rc;
    if (p->t[i] == '@') {
        i++;
    } else {
        name = p->scratch;
        if (!(i = parse_quoted(p, i, name, &name_len)))
            return fail(p, "unterminated value name");
    }
    str = p->scratch + name_len;
    i = skip_space(p, i);
    if (i == p->end || p->t[i] != '=')
        return fail(p, "expected '=' after the value name");
    i = skip_space(p, i + 1);
    if (i < p->end && p->t[i] == '-') {
        if (!rest_is_empty(p, i + 1))
            return fail(p, "text after '-'");
        del = true;
        type = REGTEXT_REG_NONE;
        data = NULL;
        size = 0;
    } else if (i < p->end && p->t[i] == '"') {
        if (!(j = parse_quoted(p, i, str, &str_len)))
            return fail(p, "unterminated string");
        if (!rest_is_empty(p, j))
            return fail(p, "text after the string");
        str[str_len] = 0;
        type = REGTEXT_REG_SZ;
        data = str;
        size = (str_len + 1) * sizeof *str;
    } else if (word_at(p, i, "dword:")) {
        uint32_t v = 0;
        size_t d = 0;

        for (i = skip_space(p, i + 6); i < p->end && hex_digit(p->t[i]) >= 0 && d < 9; i++, d++)
            v = v << 4 | (uint32_t)hex_digit(p->t[i]);
        if (d == 0 || d > 8 || !rest_is_empty(p, i))
            return fail(p, "bad dword value (1 to 8 hex digits expected)");
        for (int k = 0; k < 4; k++)
            ((uint8_t *)str)[k] = (uint8_t)(v >> 8 * k);
        type = REGTEXT_REG_DWORD;
        data = str;
        size = 4;
    } else if (word_at(p, i, "hex:") || word_at(p, i, "hex(")) {
        type = REGTEXT_REG_BINARY;
        i += 3;
        if (p->t[i] == '(') {
            size_t d = 0;

            type = 0;
            for (i++; i < p->end && hex_digit(p->t[i]) >= 0 && d < 9; i++, d++)
                type = type << 4 | (uint32_t)hex_digit(p->t[i]);
            if (d == 0 || d > 8 || !word_at(p, i, "):"))
                return fail(p, "bad hex(type): prefix");
            i++;
        }
        if ((rc = parse_hex(p, i + 1)))
            return rc;
        if (p->version == REGTEXT_V4 &&
            (type == REGTEXT_REG_EXPAND_SZ || type == REGTEXT_REG_MULTI_SZ) && !widen_ansi(p))
            return fail(p, "out of memory");
        data = p->data;
        size = p->data_len;
    } else {
        return fail(p, "unknown value type");
    }
    if (p->deleted_key)
        return 0; /* values of a deleted key are ignored, as by regedit */
    if (p->sink->value &&
        (rc = p->sink->value(p->sink->ctx, name, name_len, type, data, size, del)))
        return rc;
    return 0;
}

/* The first line must be one of the two headers (blanks around allowed). */
static bool parse_header(struct parser *p)
{
    size_t e = p->end;

    /* Blanks before the header are accepted, as by regedit. */
    p->pos = skip_space(p, p->pos);
    while (e > p->pos && is_space(p->t[e - 1]))
        e--;
    for (int v = 0; v < 2; v++) {
        const char *h = v ? HEADER_V5 : HEADER_V4;
        size_t k = strlen(h);

        if (e - p->pos != k)
            continue;
        for (size_t j = 0; j < k; j++)
            if (p->t[p->pos + j] != (uint8_t)h[j])
                goto next;
        p->version = v ? REGTEXT_V5 : REGTEXT_V4;
        return true;
    next:;
    }
    return false;
}

int regtext_parse(const void *buf, size_t size, const struct regtext_sink *sink,
                  struct regtext_error *err)
{
    static const struct regtext_sink check_only;
    struct parser p = { .sink = sink ? sink : &check_only, .err = err, .line = 1 };
    uint16_t *text;
    int rc = 0;

    if (err) {
        err->line = 0;
        err->msg[0] = 0;
    }
    if (!(text = decode(buf, size, &p.n))) {
        p.line = 0;
        return fail(&p, "out of memory");
    }
    p.t = text;
    find_end(&p);
    if (!parse_header(&p)) {
        rc = fail(&p, "bad header: the first line must be \"" HEADER_V5 "\" or \"" HEADER_V4 "\"");
        goto out;
    }
    if (!(p.scratch = malloc((p.n + 2) * sizeof *p.scratch))) {
        rc = fail(&p, "out of memory");
        goto out;
    }
    while (!rc && next_line(&p)) {
        size_t i = skip_space(&p, p.pos);

        if (i == p.end)
            continue;
        switch (p.t[i]) {
        case ';':
            rc = parse_comment(&p, i);
            break;
        case '[':
            rc = parse_key(&p, i);
            break;
        case '"':
        case '@':
            rc = parse_value(&p, i);
            break;
        default:
            rc = fail(&p, "unexpected text (a [key], a \"value\"= or a ; comment expected)");
        }
    }
    if (!rc)
        rc = flush_meta(&p);
out:
    free(p.scratch);
    free(p.data);
    free(text);
    return rc;
}
