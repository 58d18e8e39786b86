/* libFuzzer harness for the PE32 parser and walkers (src/loader/pe.c,
 * pe_dirs.c): every input is parsed, and a parsed image is relocated into
 * a buffer of SizeOfImage bytes and walked the way the loader walks it
 * (imports, exports by name, hint and ordinal, forwarders, TLS, CLR
 * flags). No guest code runs. Every pointer the walkers hand out must
 * lie inside the input: AddressSanitizer catches reads past it, the
 * checks here catch pointers that stay inside the allocation but outside
 * the image's file bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/pe.h"

/* Relocating needs SizeOfImage writable bytes; above this the harness
 * only validates the table (walk without writing) to keep memory small. */
#define MAX_MAPPED (64u << 20)

static const uint8_t *in_data;
static size_t in_size;

static void must_be_inside(const void *p, size_t len)
{
    const uint8_t *b = p;

    if (b < in_data || b > in_data + in_size || len > (size_t)(in_data + in_size - b))
        __builtin_trap();
}

static void string_inside(const char *s)
{
    if (s)
        must_be_inside(s, strlen(s) + 1);
}

/* Each import is looked up among the image's own exports, by name with
 * its hint and by ordinal, as a DLL importing from itself would be. */
static int on_import(void *ctx, const char *dll, const char *name, uint16_t hint,
                     uint16_t ordinal, uint32_t iat_rva)
{
    const struct pe_image *img = ctx;
    struct pe_export e;

    string_inside(dll);
    string_inside(name);
    if (iat_rva > img->size_of_image || img->size_of_image - iat_rva < 4)
        __builtin_trap();
    if (name) {
        if (pe_find_export(img, name, hint, &e) == PE_EXPORT_FOUND)
            string_inside(e.forward);
    } else if (pe_find_export_ordinal(img, ordinal, &e) == PE_EXPORT_FOUND) {
        string_inside(e.forward);
    }
    return 0;
}

static int on_import_dll(void *ctx, const char *dll)
{
    string_inside(dll);
    return 0;
}

/* The first named exports a walk reports, checked once the walk is
 * over: a table the walk got through whole cannot be "bad" for a lookup
 * (before that a lookup may meet a later bad entry the walk has not
 * reached yet). */
struct seen {
    const struct pe_image *img;
    unsigned n;
    struct { const char *name; uint32_t ordinal; } e[32];
};

static int on_export(void *ctx, const char *name, uint32_t ordinal, const struct pe_export *exp)
{
    struct seen *s = ctx;

    string_inside(name);
    string_inside(exp->forward);
    if (!exp->forward && exp->rva >= s->img->size_of_image)
        __builtin_trap();
    if (s->n < 32) {
        s->e[s->n].name = name;
        s->e[s->n++].ordinal = ordinal;
    }
    return 0;
}

static void check_exports(const struct pe_image *img)
{
    struct seen s = { img, 0 };
    struct pe_export again;
    int cb;

    if (pe_for_each_export(img, on_export, &s, &cb) != PE_OK)
        return;
    for (unsigned i = 0; i < s.n; i++)
        if (pe_find_export(img, s.e[i].name, 0, &again) == PE_EXPORT_BAD_TABLE ||
            pe_find_export_ordinal(img, s.e[i].ordinal, &again) == PE_EXPORT_BAD_TABLE)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pe_image img;
    uint32_t callbacks[8];
    struct pe_tls tls;
    struct pe_export e;
    char flags[64];
    int cb;

    in_data = data;
    in_size = size;
    if (pe_parse(data, size, &img) != PE_OK)
        return 0;
    if (img.nsections > PE_MAX_SECTIONS || img.entry_rva >= img.size_of_image + (img.entry_rva == 0))
        __builtin_trap();
    pe_describe_clr_flags(img.clr_flags, flags, sizeof flags);
    string_inside(pe_export_dll_name(&img));
    pe_for_each_import_dll(&img, on_import_dll, &img, &cb);
    pe_for_each_import(&img, on_import, &img, &cb);
    check_exports(&img);
    pe_find_export(&img, "main", 0xffff, &e);
    pe_find_export_ordinal(&img, 1, &e);
    if (pe_tls_info(&img, 0x10000, &tls, callbacks, 8) > 0 && !tls.callbacks_va)
        __builtin_trap();
    if (pe_has_relocs(&img) && img.size_of_image <= MAX_MAPPED) {
        uint8_t *mapped = calloc(1, img.size_of_image);
        if (mapped) {
            pe_apply_relocs(&img, mapped, 0x10000);
            pe_apply_relocs(&img, mapped, -(int64_t)img.image_base);
            free(mapped);
        }
    }
    return 0;
}
