/* Laying a parsed PE32 image out in guest memory as Windows' loader lays
 * it out: the address range, headers and sections at their RVAs, base
 * relocations and the section protections. The loader's modules and the
 * views of SEC_IMAGE sections (src/nt/section.c) both need this. */
#ifndef WOW64_LOADER_IMAGE_LAYOUT_H
#define WOW64_LOADER_IMAGE_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../nt/nt.h"
#include "pe.h"

/* Reserves the image's range as MEM_IMAGE (committed read/write,
 * zero-filled): at *base when it is non-zero, else at the preferred
 * ImageBase when that is free, else (relocatable images only) the lowest
 * free range. STATUS_CONFLICTING_ADDRESSES: the address asked for (or, for
 * an image that cannot move, its base) is taken. */
NTSTATUS image_reserve(const struct pe_image *img, uint32_t *base);
/* Copies the headers and the sections' file data of img (pe_parse'd over
 * the whole file) into dst, a fresh reservation of SizeOfImage bytes at
 * guest address base; pages that can come straight from fd (the same
 * file; -1 for none) are mapped from it copy-on-write instead. Then
 * applies the base relocations for base - ImageBase. *mapped and *parts
 * (may be NULL) count the parts mapped from the file and all parts.
 * PE_E_RELOC: a bad relocation table (nothing relocated). */
enum pe_error image_layout(const struct pe_image *img, int fd, uint32_t base, unsigned *mapped,
                           unsigned *parts);
/* Gives the headers and sections the protections their characteristics
 * ask for. writecopy: writable sections become PAGE_WRITECOPY /
 * PAGE_EXECUTE_WRITECOPY as in a section view, else (the loader's private
 * copy) PAGE_READWRITE / PAGE_EXECUTE_READWRITE. */
void image_protect(const struct pe_image *img, uint32_t base, uint32_t size, bool writecopy);
/* The status NtCreateSection(SEC_IMAGE) gives for a file pe_parse
 * refused. */
NTSTATUS image_status(enum pe_error e);

#endif
