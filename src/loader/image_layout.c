/* Laying a PE32 image out in guest memory: see image_layout.h. */
#include "image_layout.h"

#include <string.h>
#include <sys/mman.h>

#define SECTION_EXECUTE 0x20000000u
#define SECTION_READ 0x40000000u
#define SECTION_WRITE 0x80000000u

static uint32_t align_up(uint32_t v, uint32_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Reserves the image's range: see image_layout.h. */
NTSTATUS image_reserve(const struct pe_image *img, uint32_t *base)
{
    uint32_t size = align_up(img->size_of_image, GUEST_PAGE_SIZE), b = 0, sz = size;

    if (*base)
        return vm_reserve_fixed(*base, size, MEM_IMAGE) == STATUS_SUCCESS
                   ? STATUS_SUCCESS
                   : STATUS_CONFLICTING_ADDRESSES;
    if (img->image_base % GUEST_GRANULARITY == 0 &&
        vm_reserve_fixed(img->image_base, size, MEM_IMAGE) == STATUS_SUCCESS) {
        *base = img->image_base;
        return STATUS_SUCCESS;
    }
    if (!pe_has_relocs(img))
        return STATUS_CONFLICTING_ADDRESSES;
    /* A free 64 KiB aligned range found the way NtAllocateVirtualMemory
     * finds one, then taken as an image. */
    if (vm_allocate(&b, &sz, MEM_RESERVE, PAGE_NOACCESS) != STATUS_SUCCESS)
        return STATUS_NO_MEMORY;
    vm_release(b);
    if (vm_reserve_fixed(b, size, MEM_IMAGE) != STATUS_SUCCESS)
        return STATUS_NO_MEMORY;
    *base = b;
    return STATUS_SUCCESS;
}

/* Maps len bytes of the file at file_off onto dst copy-on-write instead of
 * copying them: possible when both are page-aligned and the rest of the
 * last page is zeros in the file (or lies past its end, which the kernel
 * fills with zeros). False: the caller copies. */
static bool map_from_file(int fd, const struct pe_image *img, uint8_t *dst, uint64_t file_off,
                          uint32_t len)
{
    static const uint8_t zeros[GUEST_PAGE_SIZE];
    uint64_t span = align_up(len, GUEST_PAGE_SIZE), tail_end;

    if (fd < 0 || !len || file_off % GUEST_PAGE_SIZE || (uintptr_t)dst % GUEST_PAGE_SIZE ||
        file_off + len > img->size)
        return false;
    tail_end = file_off + span < img->size ? file_off + span : img->size;
    if (tail_end > file_off + len &&
        memcmp(img->data + file_off + len, zeros, tail_end - file_off - len))
        return false;
    return mmap(dst, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, (off_t)file_off) ==
           (void *)dst;
}

/* Copies and relocates the image: see image_layout.h. */
enum pe_error image_layout(const struct pe_image *img, int fd, uint32_t base, unsigned *mapped,
                           unsigned *parts)
{
    uint8_t *dst = (uint8_t *)(uintptr_t)base;
    unsigned nmapped = 0, nparts = 1;
    int64_t delta = (int64_t)base - (int64_t)img->image_base;
    uint32_t n = img->size_of_headers < img->size ? img->size_of_headers : (uint32_t)img->size;

    /* pe_parse checked every range copied here against the file and
     * SizeOfImage. */
    if (map_from_file(fd, img, dst, 0, n))
        nmapped++;
    else
        memcpy(dst, img->data, n);
    for (unsigned i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        uint32_t len = s->raw_size, vsize = s->vsize ? s->vsize : s->raw_size;
        const uint8_t *src;

        if (len > vsize)
            len = vsize;
        if (len > img->size_of_image - s->vaddr)
            len = img->size_of_image - s->vaddr;
        if (!len || !(src = pe_rva_to_data(img, s->vaddr, len)))
            continue;
        nparts++;
        if (map_from_file(fd, img, dst + s->vaddr, (uint64_t)(src - img->data), len))
            nmapped++;
        else
            memcpy(dst + s->vaddr, src, len);
    }
    if (mapped)
        *mapped = nmapped;
    if (parts)
        *parts = nparts;
    return delta ? pe_apply_relocs(img, dst, delta) : PE_OK;
}

static ULONG section_protection(uint32_t c, bool writecopy)
{
    bool x = c & SECTION_EXECUTE, r = c & SECTION_READ, w = c & SECTION_WRITE;

    if (x)
        return w ? (writecopy ? PAGE_EXECUTE_WRITECOPY : PAGE_EXECUTE_READWRITE)
                 : (r ? PAGE_EXECUTE_READ : PAGE_EXECUTE);
    if (w)
        return writecopy ? PAGE_WRITECOPY : PAGE_READWRITE;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* Applies the headers' and sections' protections: see image_layout.h. */
void image_protect(const struct pe_image *img, uint32_t base, uint32_t size, bool writecopy)
{
    ULONG old;

    /* With sections aligned below the page size every page mixes
     * sections: Windows then maps the whole image read/write/execute. */
    if (img->section_alignment < GUEST_PAGE_SIZE) {
        vm_protect(base, size, writecopy ? PAGE_EXECUTE_WRITECOPY : PAGE_EXECUTE_READWRITE, &old);
        return;
    }
    vm_protect(base, align_up(img->size_of_headers ? img->size_of_headers : 1, GUEST_PAGE_SIZE),
               PAGE_READONLY, &old);
    for (unsigned i = 0; i < img->nsections; i++) {
        const struct pe_section *s = &img->sections[i];
        uint32_t vsize = s->vsize ? s->vsize : s->raw_size;
        uint32_t len = align_up(vsize, GUEST_PAGE_SIZE);

        if (!len || s->vaddr >= size)
            continue;
        if (len > size - s->vaddr)
            len = size - s->vaddr;
        vm_protect(base + s->vaddr, len, section_protection(s->characteristics, writecopy), &old);
    }
}

/* The statuses NtCreateSection gives Windows' loader for refused files
 * (LoadLibrary: ERROR_FILE_INVALID for an empty file, else
 * ERROR_BAD_EXE_FORMAT). */
NTSTATUS image_status(enum pe_error e)
{
    switch (e) {
    case PE_OK: return STATUS_SUCCESS;
    case PE_E_EMPTY: return STATUS_MAPPED_FILE_SIZE_ZERO;
    case PE_E_NOT_MZ: return STATUS_INVALID_IMAGE_NOT_MZ;
    case PE_E_NE: return STATUS_INVALID_IMAGE_WIN_16;
    case PE_E_DOS_ONLY: return STATUS_INVALID_IMAGE_PROTECT;
    case PE_E_PE32PLUS: return STATUS_INVALID_IMAGE_WIN_64;
    default: return STATUS_INVALID_IMAGE_FORMAT;
    }
}
