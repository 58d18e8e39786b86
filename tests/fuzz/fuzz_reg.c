/* libFuzzer harness for the .reg text parser and writer
 * (src/nt/regtext.c): each input is parsed with a sink that checks what
 * it is handed; the items are written back out as a version 5 file and a
 * REGEDIT4 file with the writer, and the version 5 output is parsed
 * again. AddressSanitizer and UBSan catch memory and arithmetic errors;
 * the sink traps on lengths that do not fit the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nt/regtext.h"

struct sink_state {
    size_t limit;                       /* no item can be longer than this */
    struct regtext_buf v5, v4;
};

/* A parsed string has at most one UTF-16 unit per input byte (plus the
 * terminating NUL a REG_SZ carries): n bytes of it at most twice the
 * input's size. */
static void check_len(const struct sink_state *s, const void *p, size_t n)
{
    if (n > 2 * s->limit + 2 || (n && !p))
        __builtin_trap();
    if (n) {
        /* Touch every unit so ASan sees a short buffer. */
        volatile uint8_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += ((const uint8_t *)p)[i];
    }
}

static int on_key(void *ctx, const uint16_t *path, size_t len, bool delete_key)
{
    struct sink_state *s = ctx;

    check_len(s, path, len * 2);
    if (!delete_key) {
        regtext_write_key(&s->v5, path, len);
        regtext_write_key(&s->v4, path, len);
    }
    return 0;
}

static int on_meta(void *ctx, uint64_t last_write, const uint16_t *class_name, size_t class_len)
{
    struct sink_state *s = ctx;

    check_len(s, class_name, class_len * 2);
    regtext_write_key_meta(&s->v5, last_write, class_name, class_len);
    return 0;
}

static int on_value(void *ctx, const uint16_t *name, size_t name_len, uint32_t type,
                    const void *data, size_t size, bool delete_value)
{
    struct sink_state *s = ctx;

    check_len(s, name, name_len * 2);
    /* Hex data is at most one byte per two input characters; strings at
     * most two bytes per input byte plus the NUL. */
    if (size > 2 * s->limit + 2 || (size && !data))
        __builtin_trap();
    check_len(s, data, size);
    if (!delete_value) {
        regtext_write_value(&s->v5, REGTEXT_V5, name, name_len, type, data, size);
        regtext_write_value(&s->v4, REGTEXT_V4, name, name_len, type, data, size);
    }
    return 0;
}

static int count_value(void *ctx, const uint16_t *name, size_t name_len, uint32_t type,
                       const void *data, size_t size, bool delete_value)
{
    return 0;
}

static int count_key(void *ctx, const uint16_t *path, size_t len, bool delete_key)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sink_state s = { .limit = size };
    struct regtext_sink sink = { &s, on_key, on_meta, on_value };
    struct regtext_sink quiet = { NULL, count_key, NULL, count_value };
    struct regtext_error err;

    regtext_write_header(&s.v5, REGTEXT_V5);
    regtext_write_header(&s.v4, REGTEXT_V4);
    if (regtext_parse(data, size, &sink, &err) == -1 && err.msg[sizeof err.msg - 1] != 0 &&
        !memchr(err.msg, 0, sizeof err.msg))
        __builtin_trap();
    regtext_write_end(&s.v5);
    regtext_write_end(&s.v4);
    if (!s.v5.failed)
        regtext_parse(s.v5.data, s.v5.len, &quiet, &err);
    if (!s.v4.failed)
        regtext_parse(s.v4.data, s.v4.len, &quiet, &err);
    regtext_buf_free(&s.v5);
    regtext_buf_free(&s.v4);
    return 0;
}
