/* Windows' .reg text format: the parser and the writer (pure functions, no
 * I/O). One format serves `wow64run --reg import/export` and the registry
 * store's own file (src/nt/registry*.c), which adds two comment lines
 * regedit ignores (see REGTEXT_EXT_*).
 *
 * Accepted input: "REGEDIT4" (ANSI, code page 1252) and "Windows Registry
 * Editor Version 5.00" (UTF-16LE with BOM as regedit writes it, or UTF-8
 * with or without BOM); CRLF or LF; [KEY] and [-KEY] headers; "name"=...
 * and @=... values: "string", dword:XXXXXXXX, hex:..., hex(N):... (N the
 * type in hex: 0 none, 2 expand_sz, 6 link, 7 multi_sz, b qword, ...),
 * "name"=- deletions; backslash line continuations of hex data; comments
 * (';' at the start of a line); blank lines. Strings in "" use \\ and \"
 * escapes. Key paths start with a root name: HKEY_LOCAL_MACHINE,
 * HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG
 * (or HKLM, HKCU, HKCR, HKU, HKCC); the parser passes the path as written
 * and the caller maps the root. */
#ifndef WOW64_REGTEXT_H
#define WOW64_REGTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Registry value types (winnt.h). */
#define REGTEXT_REG_NONE 0
#define REGTEXT_REG_SZ 1
#define REGTEXT_REG_EXPAND_SZ 2
#define REGTEXT_REG_BINARY 3
#define REGTEXT_REG_DWORD 4
#define REGTEXT_REG_DWORD_BIG_ENDIAN 5
#define REGTEXT_REG_LINK 6
#define REGTEXT_REG_MULTI_SZ 7
#define REGTEXT_REG_QWORD 11

/* The store's extension lines, directly after a [KEY] header:
 *   ;@time=XXXXXXXXXXXXXXXX   the key's last-write time (FILETIME, hex)
 *   ;@class=string            the key's class name, if any
 * regedit treats them as comments; the parser reports them through
 * key_meta. */

enum regtext_version { REGTEXT_V4, REGTEXT_V5 };

struct regtext_sink {
    void *ctx;
    /* A [KEY] (delete false) or [-KEY] (delete true) header. path is the
     * key path as written (UTF-16, len characters, no brackets). Return
     * nonzero to stop the parse (the parse then fails with that code). */
    int (*key)(void *ctx, const uint16_t *path, size_t len, bool delete_key);
    /* Extension lines of the current key (may be NULL: then ignored). */
    int (*key_meta)(void *ctx, uint64_t last_write, const uint16_t *class_name,
                    size_t class_len);
    /* A value of the current key. name NULL (name_len 0) is the default
     * value (@). For a deletion ("name"=-) delete_value is true and
     * data/size are 0. Strings (REG_SZ from "...") arrive as UTF-16 with
     * their terminating NUL counted in size (bytes). */
    int (*value)(void *ctx, const uint16_t *name, size_t name_len, uint32_t type,
                 const void *data, size_t size, bool delete_value);
};

struct regtext_error {
    unsigned line;   /* 1-based line of the first error */
    char msg[128];   /* what is wrong, e.g. "bad hex byte 'zz'" */
};

/* Parses a whole file held in buf. Nothing is reported for a file whose
 * header is wrong; otherwise the sink sees each item in order. Returns 0,
 * -1 with *err filled on a syntax error (callers that must change nothing
 * on error parse twice: once with a sink that only checks, or buffer the
 * items), or the sink's nonzero code. sink NULL: only check; err may be
 * NULL. */
int regtext_parse(const void *buf, size_t size, const struct regtext_sink *sink,
                  struct regtext_error *err);

/* The writer appends to a growable UTF-8 buffer with CRLF line ends (the
 * store's own file is UTF-8; `--reg export` of a version 5 file converts
 * the result to UTF-16LE with a BOM, as regedit writes it). */
struct regtext_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed: the output is incomplete */
};

void regtext_write_header(struct regtext_buf *b, enum regtext_version v);
/* A blank line then [path]; path as the caller names it (with the root). */
void regtext_write_key(struct regtext_buf *b, const uint16_t *path, size_t len);
void regtext_write_key_meta(struct regtext_buf *b, uint64_t last_write,
                            const uint16_t *class_name, size_t class_len);
/* name NULL: the default value (@). Written as regedit writes it:
 * "string" for REG_SZ (without its NUL), dword:%08x for REG_DWORD of 4
 * bytes, hex:.. for REG_BINARY, hex(N):.. otherwise, wrapped at 80
 * columns with "\" continuations. In REGTEXT_V4 strings are written in
 * code page 1252 when they fit, else as hex(1). */
void regtext_write_value(struct regtext_buf *b, enum regtext_version v, const uint16_t *name,
                         size_t name_len, uint32_t type, const void *data, size_t size);
void regtext_buf_free(struct regtext_buf *b);
/* The blank line regedit ends its files with. */
void regtext_write_end(struct regtext_buf *b);

/* Code page 1252 (REGEDIT4 files): a byte's character, and a character's
 * byte or -1 when the code page has none. */
uint16_t regtext_cp1252_char(uint8_t c);
int regtext_unicode_to_cp1252(uint16_t c);

#endif
