/* A small PE32 writer for tests. Values written follow the PE Format
 * specification; the layout is described in pe_builder.h. */
#include "pe_builder.h"

#include <stdlib.h>
#include <string.h>

#define HEADERS_SIZE 0x400
#define SECT_ALIGN 0x1000
#define FILE_ALIGN 0x200

/* A growable byte buffer for the generated sections. */
struct blob { uint8_t *p; size_t n, cap; };

static uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) & ~(a - 1); }

/* Little-endian field access at a byte pointer. */
void pb_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
/* Little-endian field access at a byte pointer. */
void pb_put32(uint8_t *p, uint32_t v) { pb_put16(p, (uint16_t)v); pb_put16(p + 2, (uint16_t)(v >> 16)); }
/* Little-endian field access at a byte pointer. */
uint16_t pb_get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
/* Little-endian field access at a byte pointer. */
uint32_t pb_get32(const uint8_t *p) { return pb_get16(p) | (uint32_t)pb_get16(p + 2) << 16; }

static size_t blob_zero(struct blob *b, size_t n)
{
    size_t off = b->n;

    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p)
            abort();
        b->cap = cap;
    }
    memset(b->p + b->n, 0, n);
    b->n += n;
    return off;
}

static size_t blob_str(struct blob *b, const char *s)
{
    size_t off = blob_zero(b, strlen(s) + 1);

    memcpy(b->p + off, s, strlen(s));
    return off;
}

static void blob_align(struct blob *b, size_t a)
{
    if (b->n % a)
        blob_zero(b, a - b->n % a);
}

static void put32(struct blob *b, size_t off, uint32_t v) { pb_put32(b->p + off, v); }
static void put16(struct blob *b, size_t off, uint16_t v) { pb_put16(b->p + off, v); }

/* Image RVA of caller section i. */
uint32_t pb_section_rva(const struct pb_desc *d, unsigned i)
{
    uint32_t rva = SECT_ALIGN;

    for (unsigned k = 0; k < i && k < d->nsections; k++) {
        const struct pb_section *s = &d->sections[k];
        uint32_t vs = s->vsize > s->size ? s->vsize : s->size;
        rva = align_up(rva + (vs ? vs : 1), SECT_ALIGN);
    }
    return rva;
}

/* Context for ordering export names. */
static const struct pb_export *sort_exports;

static int cmp_export_names(const void *a, const void *b)
{
    return strcmp(sort_exports[*(const unsigned *)a].name, sort_exports[*(const unsigned *)b].name);
}

static void build_exports(const struct pb_desc *d, struct blob *b, uint32_t base_rva, struct pb_image *out)
{
    unsigned n = d->nexports, nn = 0, order[256];
    size_t dir, funcs, names, ords, dllname;

    for (unsigned i = 0; i < n && nn < 256; i++)
        if (d->exports[i].name)
            order[nn++] = i;
    if (!d->unsorted_names) {
        sort_exports = d->exports;
        qsort(order, nn, sizeof order[0], cmp_export_names);
    }
    blob_align(b, 4);
    dir = blob_zero(b, 40);
    funcs = blob_zero(b, 4 * n);
    names = blob_zero(b, 4 * nn);
    ords = blob_zero(b, 2 * nn);
    dllname = blob_str(b, d->export_name ? d->export_name : "test.dll");
    for (unsigned k = 0; k < nn; k++) {
        size_t s = blob_str(b, d->exports[order[k]].name);
        put32(b, names + 4 * k, base_rva + (uint32_t)s);
        put16(b, ords + 2 * k, (uint16_t)order[k]);
    }
    for (unsigned i = 0; i < n; i++) {
        if (d->exports[i].forward)
            put32(b, funcs + 4 * i, base_rva + (uint32_t)blob_str(b, d->exports[i].forward));
        else
            put32(b, funcs + 4 * i, d->exports[i].rva);
    }
    put32(b, dir + 4, 0x5f000000);                      /* TimeDateStamp */
    put32(b, dir + 12, base_rva + (uint32_t)dllname);   /* Name */
    put32(b, dir + 16, d->export_base ? d->export_base : 1);
    put32(b, dir + 20, n);                              /* NumberOfFunctions */
    put32(b, dir + 24, nn);                             /* NumberOfNames */
    put32(b, dir + 28, base_rva + (uint32_t)funcs);
    put32(b, dir + 32, base_rva + (uint32_t)names);
    put32(b, dir + 36, base_rva + (uint32_t)ords);
    out->export_dir = base_rva + (uint32_t)dir;
    out->export_size = (uint32_t)(b->n - dir);
}

static void build_imports(const struct pb_desc *d, struct blob *b, uint32_t base_rva, struct pb_image *out)
{
    size_t desc;

    blob_align(b, 4);
    desc = blob_zero(b, 20 * (d->nimports + 1));
    for (unsigned i = 0; i < d->nimports; i++) {
        const struct pb_import_dll *dll = &d->imports[i];
        size_t oft = blob_zero(b, 4 * (dll->nfns + 1)), ft = blob_zero(b, 4 * (dll->nfns + 1));
        size_t name;

        for (unsigned k = 0; k < dll->nfns; k++) {
            const struct pb_import_fn *f = &dll->fns[k];
            uint32_t v;

            if (f->name) {
                size_t hn;
                blob_align(b, 2);
                hn = blob_zero(b, 2);
                put16(b, hn, f->hint);
                blob_str(b, f->name);
                v = base_rva + (uint32_t)hn;
            } else {
                v = 0x80000000u | f->ordinal;
            }
            put32(b, oft + 4 * k, v);
            put32(b, ft + 4 * k, v);
        }
        name = blob_str(b, dll->dll);
        blob_align(b, 4);
        put32(b, desc + 20 * i, d->no_original_first_thunk ? 0 : base_rva + (uint32_t)oft);
        put32(b, desc + 20 * i + 12, base_rva + (uint32_t)name);
        put32(b, desc + 20 * i + 16, base_rva + (uint32_t)ft);
    }
    out->import_dir = base_rva + (uint32_t)desc;
}

static void build_tls(const struct pb_desc *d, struct blob *b, uint32_t base_rva, uint32_t image_base,
                      struct pb_image *out)
{
    const struct pb_tls *t = d->tls;
    size_t dir, cbs;

    blob_align(b, 4);
    dir = blob_zero(b, 24);
    cbs = blob_zero(b, 4 * (t->ncallbacks + 1));
    for (unsigned i = 0; i < t->ncallbacks; i++)
        put32(b, cbs + 4 * i, image_base + t->callback_rvas[i]);
    put32(b, dir, t->start_rva ? image_base + t->start_rva : 0);
    put32(b, dir + 4, t->end_rva ? image_base + t->end_rva : 0);
    put32(b, dir + 8, t->index_rva ? image_base + t->index_rva : 0);
    put32(b, dir + 12, image_base + base_rva + (uint32_t)cbs);
    put32(b, dir + 16, t->zero_fill);
    out->tls_dir = base_rva + (uint32_t)dir;
}

static void build_cor(const struct pb_desc *d, struct blob *b, uint32_t base_rva, struct pb_image *out)
{
    size_t cor;

    blob_align(b, 4);
    cor = blob_zero(b, 72);                 /* sizeof(IMAGE_COR20_HEADER) */
    put32(b, cor, 72);                      /* cb */
    put16(b, cor + 4, 2);                   /* MajorRuntimeVersion */
    put16(b, cor + 6, 5);                   /* MinorRuntimeVersion */
    put32(b, cor + 16, d->clr_flags);       /* Flags */
    out->cor_dir = base_rva + (uint32_t)cor;
}

/* Blocks of relocations, one per 4 KiB page in the order given, each
 * padded to 4 bytes with an ABSOLUTE entry. */
static void build_relocs(const struct pb_desc *d, struct blob *b)
{
    size_t block = 0;
    uint32_t page = 0;
    bool open = false;

    for (unsigned i = 0; i <= d->nrelocs; i++) {
        bool last = i == d->nrelocs;
        uint32_t p = last ? 0 : d->relocs[i].rva & ~0xfffu;
        size_t e;

        if (open && (last || p != page)) {
            blob_align(b, 4);
            put32(b, block + 4, (uint32_t)(b->n - block));
            open = false;
        }
        if (last)
            break;
        if (!open) {
            block = blob_zero(b, 8);
            put32(b, block, p);
            page = p;
            open = true;
        }
        e = blob_zero(b, 2);
        put16(b, e, (uint16_t)(d->relocs[i].type << 12 | (d->relocs[i].rva & 0xfff)));
        if (d->relocs[i].type == 4)
            put16(b, blob_zero(b, 2), d->relocs[i].low);
    }
}

struct layout_sec { char name[8]; uint32_t vaddr, vsize, raw, raw_size, chars; const void *data; uint32_t size; };

static void write_headers(const struct pb_desc *d, struct pb_image *out, const struct layout_sec *secs,
                          unsigned nsec, const uint32_t dirs[16][2])
{
    uint8_t *p = out->data, *fh = p + PB_FH_OFFSET, *opt = p + PB_OPT_OFFSET;
    uint16_t chars = 0x0002 | 0x0100;       /* EXECUTABLE_IMAGE | 32BIT_MACHINE */

    if (d->dll)
        chars |= 0x2000;                    /* IMAGE_FILE_DLL */
    if (d->relocs_stripped)
        chars |= 0x0001;                    /* IMAGE_FILE_RELOCS_STRIPPED */
    /* IMAGE_DOS_HEADER as linkers write it. */
    p[0] = 'M'; p[1] = 'Z';
    pb_put16(p + 0x02, 0x90);               /* e_cblp */
    pb_put16(p + 0x04, 3);                  /* e_cp */
    pb_put16(p + 0x08, 4);                  /* e_cparhdr */
    pb_put16(p + 0x0c, 0xffff);             /* e_maxalloc */
    pb_put16(p + 0x10, 0xb8);               /* e_sp */
    pb_put16(p + 0x18, 0x40);               /* e_lfarlc */
    pb_put32(p + 0x3c, PB_NT_OFFSET);       /* e_lfanew */
    memcpy(p + PB_NT_OFFSET, "PE\0\0", 4);
    pb_put16(fh, 0x014c);                   /* Machine */
    pb_put16(fh + 2, (uint16_t)nsec);
    pb_put32(fh + 4, 0x5f000000);           /* TimeDateStamp */
    pb_put16(fh + 16, 224);                 /* SizeOfOptionalHeader */
    pb_put16(fh + 18, chars);
    pb_put16(opt, 0x010b);                  /* Magic: PE32 */
    opt[2] = 2;                             /* MajorLinkerVersion */
    pb_put32(opt + 16, d->entry_rva ? d->entry_rva : (!d->dll && nsec ? secs[0].vaddr : 0));
    pb_put32(opt + 20, nsec ? secs[0].vaddr : 0);   /* BaseOfCode */
    pb_put32(opt + 28, out->image_base);
    pb_put32(opt + 32, SECT_ALIGN);
    pb_put32(opt + 36, FILE_ALIGN);
    pb_put16(opt + 40, 4);                  /* MajorOperatingSystemVersion */
    pb_put16(opt + 48, 4);                  /* MajorSubsystemVersion */
    pb_put32(opt + 56, out->size_of_image);
    pb_put32(opt + 60, HEADERS_SIZE);
    pb_put16(opt + 68, 3);                  /* IMAGE_SUBSYSTEM_WINDOWS_CUI */
    pb_put32(opt + 72, 0x200000);           /* SizeOfStackReserve */
    pb_put32(opt + 76, 0x1000);             /* SizeOfStackCommit */
    pb_put32(opt + 80, 0x100000);           /* SizeOfHeapReserve */
    pb_put32(opt + 84, 0x1000);             /* SizeOfHeapCommit */
    pb_put32(opt + 92, 16);                 /* NumberOfRvaAndSizes */
    for (unsigned i = 0; i < 16; i++) {
        pb_put32(opt + 96 + 8 * i, dirs[i][0]);
        pb_put32(opt + 100 + 8 * i, dirs[i][1]);
    }
    for (unsigned i = 0; i < nsec; i++) {
        uint8_t *h = p + PB_SECT_OFFSET + 40 * i;
        memcpy(h, secs[i].name, 8);
        pb_put32(h + 8, secs[i].vsize);
        pb_put32(h + 12, secs[i].vaddr);
        pb_put32(h + 16, secs[i].raw_size);
        pb_put32(h + 20, secs[i].raw);
        pb_put32(h + 36, secs[i].chars);
    }
}

static void add_section(struct layout_sec *s, const char *name, uint32_t vaddr, uint32_t vsize,
                        const void *data, uint32_t size, uint32_t chars)
{
    memset(s, 0, sizeof *s);
    strncpy(s->name, name, 8);
    s->vaddr = vaddr;
    s->vsize = vsize > size ? vsize : size;
    s->data = data;
    s->size = size;
    s->raw_size = align_up(size, FILE_ALIGN);
    s->chars = chars;
}

/* Builds the image described by d. */
bool pb_build(const struct pb_desc *d, struct pb_image *out)
{
    struct layout_sec secs[PB_MAX_SECTIONS];
    struct blob rdata = { 0 }, reloc = { 0 };
    uint32_t dirs[16][2] = { { 0 } }, rva, file_off = HEADERS_SIZE;
    unsigned nsec = 0;

    memset(out, 0, sizeof *out);
    if (d->nsections + 2 > PB_MAX_SECTIONS || (PB_SECT_OFFSET + 40 * (d->nsections + 2)) > HEADERS_SIZE)
        return false;
    out->image_base = d->image_base ? d->image_base : d->dll ? 0x10000000 : 0x400000;
    for (; nsec < d->nsections; nsec++) {
        const struct pb_section *s = &d->sections[nsec];
        add_section(&secs[nsec], s->name, pb_section_rva(d, nsec), s->vsize ? s->vsize : (s->size ? s->size : 1),
                    s->data, s->size, s->characteristics ? s->characteristics : 0x60000020);
    }
    rva = pb_section_rva(d, nsec);

    if (d->nexports)
        build_exports(d, &rdata, rva, out);
    if (d->nimports)
        build_imports(d, &rdata, rva, out);
    if (d->tls)
        build_tls(d, &rdata, rva, out->image_base, out);
    if (d->clr)
        build_cor(d, &rdata, rva, out);
    if (rdata.n) {
        out->rdata_rva = rva;
        add_section(&secs[nsec++], ".rdata", rva, 0, rdata.p, (uint32_t)rdata.n, 0x40000040);
        rva = align_up(rva + (uint32_t)rdata.n, SECT_ALIGN);
    }
    if (d->nrelocs) {
        build_relocs(d, &reloc);
        out->reloc_rva = rva;
        add_section(&secs[nsec++], ".reloc", rva, 0, reloc.p, (uint32_t)reloc.n, 0x42000040);
        rva = align_up(rva + (uint32_t)reloc.n, SECT_ALIGN);
    }
    out->size_of_image = rva;

    if (out->export_dir) { dirs[0][0] = out->export_dir; dirs[0][1] = out->export_size; }
    if (out->import_dir) { dirs[1][0] = out->import_dir; dirs[1][1] = 20 * (d->nimports + 1); }
    if (out->reloc_rva) { dirs[5][0] = out->reloc_rva; dirs[5][1] = (uint32_t)reloc.n; }
    if (out->tls_dir) { dirs[9][0] = out->tls_dir; dirs[9][1] = 24; }
    if (out->cor_dir) { dirs[14][0] = out->cor_dir; dirs[14][1] = 72; }

    for (unsigned i = 0; i < nsec; i++) {
        if (secs[i].raw_size) {
            secs[i].raw = file_off;
            file_off += secs[i].raw_size;
        }
        out->sec_rva[i] = secs[i].vaddr;
        out->sec_raw[i] = secs[i].raw;
        out->sec_raw_size[i] = secs[i].raw_size;
    }
    out->nsections = nsec;
    out->size = file_off;
    out->data = calloc(1, out->size);
    if (!out->data)
        abort();
    write_headers(d, out, secs, nsec, (const uint32_t (*)[2])dirs);
    for (unsigned i = 0; i < nsec; i++)
        if (secs[i].size && secs[i].data)
            memcpy(out->data + secs[i].raw, secs[i].data, secs[i].size);
    free(rdata.p);
    free(reloc.p);
    return true;
}

/* Frees the image's buffer. */
void pb_free(struct pb_image *im)
{
    free(im->data);
    im->data = NULL;
    im->size = 0;
}

/* Writable file bytes at rva, or NULL when no file data backs it. */
uint8_t *pb_at_rva(struct pb_image *im, uint32_t rva)
{
    if (rva < HEADERS_SIZE)
        return im->data + rva;
    for (unsigned i = 0; i < im->nsections; i++)
        if (rva >= im->sec_rva[i] && rva - im->sec_rva[i] < im->sec_raw_size[i])
            return im->data + im->sec_raw[i] + (rva - im->sec_rva[i]);
    return NULL;
}
