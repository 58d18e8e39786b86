/* Sections and their views: NtCreateSection over a file (its descriptor
 * duplicated) or over anonymous memory (a memfd), NtMapViewOfSection as a
 * MAP_SHARED (or, copy-on-write, MAP_PRIVATE) mmap of that descriptor into
 * a range the guest address-space manager hands out as MEM_MAPPED,
 * NtUnmapViewOfSection and NtFlushVirtualMemory. Views of one section, and
 * of two sections on one file, share the host's page cache, so they see
 * each other's writes and those of NtWriteFile, as on Windows.
 *
 * Named sections sit in the object directory of the named events and
 * mutexes (sync_objects.c), so they are seen within this process only.
 * SEC_IMAGE sections keep a copy of the PE file taken at creation; each
 * view lays the image out as the loader does (src/loader/image_layout.c):
 * MEM_IMAGE, sections at their RVAs with their protections, relocated
 * when not at the preferred base. No imports, no DllMain. */
#include "object.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "../loader/image_layout.h"
#include "log.h"
#include "sync.h"

#ifndef STATUS_IMAGE_NOT_AT_BASE
#define STATUS_IMAGE_NOT_AT_BASE ((NTSTATUS)0x40000003)
#endif

/* winnt.h section attributes. */
#define SEC_FILE 0x00800000
#define SEC_IMAGE 0x01000000
#define SEC_RESERVE 0x04000000
#define SEC_COMMIT 0x08000000
#define SEC_NOCACHE 0x10000000

#define VIEW_SHARE 1
#define VIEW_UNMAP 2

/* What a protection lets a view do. */
#define CAN_READ 1
#define CAN_WRITE 2
#define CAN_COPY 4
#define CAN_EXEC 8

/* The file of a SEC_IMAGE section, as it was when the section was made. */
struct section_image {
    uint8_t *file;
    size_t file_size;
    struct pe_image pe; /* parsed over file */
};

struct nt_section {
    struct nt_object hdr;
    int fd;         /* -1 for images */
    uint64_t size;  /* bytes; views end at or before it */
    ULONG protect;  /* the section's page protection */
    struct section_image *image; /* SEC_IMAGE, else NULL */
};

static void section_destroy(struct nt_object *obj)
{
    struct nt_section *s = (struct nt_section *)obj;

    sync_object_unname(obj);
    if (s->fd >= 0)
        close(s->fd);
    if (s->image) {
        free(s->image->file);
        free(s->image);
    }
    free(s);
}

/* The capabilities a view protection needs, or -1 for values a view
 * cannot have. */
static int view_needs(ULONG protect)
{
    switch (protect) {
    case PAGE_NOACCESS: return 0;
    case PAGE_READONLY: return CAN_READ;
    case PAGE_READWRITE: return CAN_READ | CAN_WRITE;
    case PAGE_WRITECOPY: return CAN_READ | CAN_COPY;
    case PAGE_EXECUTE: return CAN_EXEC;
    case PAGE_EXECUTE_READ: return CAN_READ | CAN_EXEC;
    case PAGE_EXECUTE_READWRITE: return CAN_READ | CAN_WRITE | CAN_EXEC;
    case PAGE_EXECUTE_WRITECOPY: return CAN_READ | CAN_COPY | CAN_EXEC;
    default: return -1;
    }
}

/* What views of a section with this protection may do (CreateFileMapping
 * documents which FILE_MAP_* each allows: copy-on-write always, writing
 * only from read/write sections); 0 for invalid section protections. */
static int section_allows(ULONG protect)
{
    switch (protect) {
    case PAGE_READONLY:
    case PAGE_WRITECOPY: return CAN_READ | CAN_COPY;
    case PAGE_READWRITE: return CAN_READ | CAN_WRITE | CAN_COPY;
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY: return CAN_READ | CAN_COPY | CAN_EXEC;
    case PAGE_EXECUTE_READWRITE: return CAN_READ | CAN_WRITE | CAN_COPY | CAN_EXEC;
    default: return 0;
    }
}

/* The file access a section protection needs on its file. */
static ULONG file_access_for(ULONG protect)
{
    ULONG a = FILE_READ_DATA;

    if (protect == PAGE_READWRITE || protect == PAGE_EXECUTE_READWRITE)
        a |= FILE_WRITE_DATA;
    if (protect & (PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY))
        a |= FILE_EXECUTE;
    return a;
}

/* The descriptor and size of a file-backed section: the file must allow
 * what the protection does, and grows to the requested size when the
 * section may write to it (Windows extends the file; a read-only section
 * larger than its file is STATUS_SECTION_TOO_BIG). */
static NTSTATUS file_backing(HANDLE file, ULONG protect, bool have_size, uint64_t *size, int *fd)
{
    ULONG need = file_access_for(protect);
    struct nt_file *f;
    struct stat st;
    NTSTATUS s;

    if (!(f = file_get(file, &s)))
        return s;
    if (f->is_dir || f->device_type != FILE_DEVICE_DISK) {
        s = STATUS_INVALID_FILE_FOR_SECTION;
        goto out;
    }
    if ((f->access & need) != need) {
        s = STATUS_ACCESS_DENIED;
        goto out;
    }
    if (fstat(f->fd, &st) != 0) {
        s = nt_status_from_errno(errno);
        goto out;
    }
    if (!have_size || !*size) {
        if (!st.st_size) {
            s = STATUS_MAPPED_FILE_SIZE_ZERO;
            goto out;
        }
        *size = (uint64_t)st.st_size;
    } else if (*size > (uint64_t)st.st_size) {
        if (!(need & FILE_WRITE_DATA)) {
            s = STATUS_SECTION_TOO_BIG;
            goto out;
        }
        if (ftruncate(f->fd, (off_t)*size) != 0) {
            s = nt_status_from_errno(errno);
            goto out;
        }
    }
    if ((*fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0)) < 0)
        s = nt_status_from_errno(errno);
out:
    object_release(&f->hdr);
    return s;
}

/* Reads a SEC_IMAGE section's file whole and checks it is a PE32 image:
 * the copy is what every view is laid out from, so later changes to the
 * file cannot reach a view half-way. */
static NTSTATUS image_backing(HANDLE file, struct section_image **out)
{
    struct section_image *img = NULL;
    struct nt_file *f;
    struct stat st;
    enum pe_error perr;
    NTSTATUS s = STATUS_SUCCESS;
    size_t got = 0;

    if (!(f = file_get(file, &s)))
        return s;
    if (f->is_dir || f->device_type != FILE_DEVICE_DISK) {
        s = STATUS_INVALID_FILE_FOR_SECTION;
        goto out;
    }
    if (!(f->access & FILE_READ_DATA)) {
        s = STATUS_ACCESS_DENIED;
        goto out;
    }
    if (fstat(f->fd, &st) != 0) {
        s = nt_status_from_errno(errno);
        goto out;
    }
    if (!st.st_size) {
        s = STATUS_MAPPED_FILE_SIZE_ZERO;
        goto out;
    }
    /* An image never exceeds the 32-bit address space. */
    if ((uint64_t)st.st_size > UINT32_MAX) {
        s = STATUS_INVALID_IMAGE_FORMAT;
        goto out;
    }
    if (!(img = calloc(1, sizeof *img)) || !(img->file = malloc((size_t)st.st_size))) {
        s = STATUS_NO_MEMORY;
        goto out;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = pread(f->fd, img->file + got, (size_t)st.st_size - got, (off_t)got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    img->file_size = got;
    if ((perr = pe_parse(img->file, img->file_size, &img->pe)) != PE_OK)
        s = image_status(perr);
out:
    object_release(&f->hdr);
    if (s != STATUS_SUCCESS && img) {
        free(img->file);
        free(img);
        img = NULL;
    }
    *out = img;
    return s;
}

/* sync_create_object's constructor: hands over the section made before
 * the name was looked up (an existing name leaves it unused). */
struct section_make {
    struct nt_section *sec;
    bool used;
};

static struct nt_object *section_take(void *arg)
{
    struct section_make *m = arg;

    m->used = true;
    return &m->sec->hdr;
}

/* NtCreateSection: a data section over a file or the pagefile, or an
 * image section over a PE file; named ones go into the object directory
 * (an existing name with OBJ_OPENIF: that section and
 * STATUS_OBJECT_NAME_EXISTS). */
NTSTATUS svc_NtCreateSection(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr,
                             const void *guest_max_size, ULONG protect, ULONG alloc_attributes,
                             HANDLE file)
{
    ULONG kind = alloc_attributes & (SEC_IMAGE | SEC_RESERVE | SEC_COMMIT);
    struct section_image *image = NULL;
    struct section_make make = { NULL, false };
    struct nt_section *sec;
    LARGE_INTEGER max;
    uint64_t size = 0;
    int fd = -1;
    NTSTATUS s;

    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if (alloc_attributes & ~(ULONG)(SEC_FILE | SEC_IMAGE | SEC_RESERVE | SEC_COMMIT | SEC_NOCACHE)) {
        log_fixme("ntdll", "NtCreateSection", "attributes %#x are not implemented",
                  alloc_attributes);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (kind != SEC_IMAGE && (kind & SEC_IMAGE))
        return STATUS_INVALID_PARAMETER_6;
    if (kind == (SEC_RESERVE | SEC_COMMIT))
        return STATUS_INVALID_PARAMETER_6;
    if (!section_allows(protect))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (guest_max_size) {
        if (!guest_read(&max, guest_max_size, sizeof max))
            return STATUS_ACCESS_VIOLATION;
        if (max.QuadPart < 0)
            return STATUS_INVALID_PARAMETER_4;
        size = (uint64_t)max.QuadPart;
    }
    if (kind == SEC_IMAGE) {
        /* The size of an image section is its SizeOfImage, whatever the
         * caller asked. */
        if (!file)
            return STATUS_INVALID_FILE_FOR_SECTION;
        if ((s = image_backing(file, &image)))
            return s;
        size = image->pe.size_of_image;
    } else if (file) {
        if ((s = file_backing(file, protect, guest_max_size != NULL, &size, &fd)))
            return s;
    } else {
        /* A pagefile-backed section needs its size; its pages start zeroed. */
        if (!size)
            return STATUS_INVALID_PARAMETER_4;
        if (size > UINT32_MAX)
            return STATUS_SECTION_TOO_BIG;
        if (kind == SEC_RESERVE)
            log_fixme("ntdll", "NtCreateSection", "SEC_RESERVE: views are committed at once");
        if ((fd = memfd_create("wow64-section", MFD_CLOEXEC)) < 0)
            return nt_status_from_errno(errno);
        if (ftruncate(fd, (off_t)((size + GUEST_PAGE_SIZE - 1) & ~(uint64_t)(GUEST_PAGE_SIZE - 1)))) {
            s = nt_status_from_errno(errno);
            close(fd);
            return s;
        }
    }
    if (!(sec = calloc(1, sizeof *sec))) {
        if (fd >= 0)
            close(fd);
        if (image) {
            free(image->file);
            free(image);
        }
        return STATUS_NO_MEMORY;
    }
    object_init(&sec->hdr, NT_OBJECT_SECTION, section_destroy);
    sec->fd = fd;
    sec->size = size;
    sec->protect = protect;
    sec->image = image;
    make.sec = sec;
    s = sync_create_object(out, attr, NT_OBJECT_SECTION, section_take, &make, "NtCreateSection");
    if (!make.used)
        object_release(&sec->hdr);
    return s;
}

/* NtOpenSection: a named section of this process's object directory. */
NTSTATUS svc_NtOpenSection(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr)
{
    (void)access;
    return sync_open_object(out, attr, NT_OBJECT_SECTION, "NtOpenSection");
}

/* The highest address a view may end at from ZeroBits (as
 * NtAllocateVirtualMemory reads it for a 32-bit caller). */
static NTSTATUS zero_bits_limit(ULONG_PTR zero_bits, uint32_t *highest)
{
    if (!zero_bits)
        *highest = UINT32_MAX;
    else if (zero_bits <= 21)
        *highest = (uint32_t)((1ull << (32 - zero_bits)) - 1);
    else if (zero_bits < 32 || zero_bits > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_4;
    else
        *highest = UINT32_MAX >> __builtin_clz((uint32_t)zero_bits);
    return STATUS_SUCCESS;
}

/* The views of SEC_IMAGE sections: MEM_IMAGE ranges that
 * NtUnmapViewOfSection may release (the loader's modules are not among
 * them). */
struct image_view {
    struct image_view *next;
    uint32_t base, size;
};

static pthread_mutex_t image_views_lock = PTHREAD_MUTEX_INITIALIZER;
static struct image_view *image_views;

/* A view of an image section: reserved at *base (0: the preferred
 * ImageBase when free, else anywhere), laid out, relocated and protected.
 * STATUS_IMAGE_NOT_AT_BASE when it had to move. */
static NTSTATUS map_image_view(struct nt_section *sec, void **base, SIZE_T *view_size)
{
    const struct pe_image *pe = &sec->image->pe;
    struct image_view *v;
    uint32_t b = (uint32_t)(uintptr_t)*base, size;
    NTSTATUS s;

    if (!(v = malloc(sizeof *v)))
        return STATUS_NO_MEMORY;
    if ((s = image_reserve(pe, &b)) != STATUS_SUCCESS) {
        free(v);
        return s;
    }
    size = (pe->size_of_image + GUEST_PAGE_SIZE - 1) & ~(uint32_t)(GUEST_PAGE_SIZE - 1);
    /* Laid out from our copy of the file, never from the file itself
     * (fd -1): it may have changed since the section was made. */
    if (image_layout(pe, -1, b, NULL, NULL) != PE_OK) {
        vm_release(b);
        free(v);
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    image_protect(pe, b, size, true);
    v->base = b;
    v->size = size;
    pthread_mutex_lock(&image_views_lock);
    v->next = image_views;
    image_views = v;
    pthread_mutex_unlock(&image_views_lock);
    *base = (void *)(uintptr_t)b;
    *view_size = size;
    return b == pe->image_base ? STATUS_SUCCESS : STATUS_IMAGE_NOT_AT_BASE;
}

/* Releases the image view containing addr; STATUS_NOT_MAPPED_VIEW when
 * there is none. */
static NTSTATUS unmap_image_view(uint32_t addr)
{
    struct image_view *v = NULL;

    pthread_mutex_lock(&image_views_lock);
    for (struct image_view **p = &image_views; *p; p = &(*p)->next)
        if (addr >= (*p)->base && addr - (*p)->base < (*p)->size) {
            v = *p;
            *p = v->next;
            break;
        }
    pthread_mutex_unlock(&image_views_lock);
    if (!v)
        return STATUS_NOT_MAPPED_VIEW;
    vm_release(v->base);
    free(v);
    return STATUS_SUCCESS;
}

/* NtMapViewOfSection: a view of [offset, offset+size) of the section in
 * our own process (of the whole image for SEC_IMAGE). */
NTSTATUS svc_NtMapViewOfSection(HANDLE section, HANDLE process, void **base, ULONG_PTR zero_bits,
                                SIZE_T commit, const void *guest_offset, SIZE_T *view_size,
                                ULONG inherit, ULONG alloc_type, ULONG protect)
{
    struct nt_section *sec;
    LARGE_INTEGER off = { .QuadPart = 0 };
    uint32_t b, sz, highest;
    uint64_t want;
    int needs;
    NTSTATUS s;

    if (process != NtCurrentProcess())
        return STATUS_INVALID_HANDLE;
    if (!base || !view_size)
        return STATUS_ACCESS_VIOLATION;
    if ((s = zero_bits_limit(zero_bits, &highest)))
        return s;
    if (inherit != VIEW_SHARE && inherit != VIEW_UNMAP)
        return STATUS_INVALID_PARAMETER_8;
    if ((needs = view_needs(protect)) < 0)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (alloc_type & ~(ULONG)(MEM_TOP_DOWN | MEM_RESERVE)) {
        log_fixme("ntdll", "NtMapViewOfSection", "allocation type %#x is not implemented",
                  alloc_type);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (guest_offset && !guest_read(&off, guest_offset, sizeof off))
        return STATUS_ACCESS_VIOLATION;
    if ((uintptr_t)*base > UINT32_MAX)
        return STATUS_INVALID_PARAMETER_3;
    /* Views start on the 64 KiB allocation granularity, in the file too. */
    if (((uintptr_t)*base | (uint64_t)off.QuadPart) & (GUEST_GRANULARITY - 1))
        return STATUS_MAPPED_ALIGNMENT;
    if (off.QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    if (!(sec = (struct nt_section *)handle_get(section, NT_OBJECT_SECTION, &s)))
        return s;
    if ((needs & ~section_allows(sec->protect)) != 0) {
        s = STATUS_ACCESS_DENIED;
        goto out;
    }
    if (sec->image) {
        /* An image view is the whole image; the protection asked for is
         * replaced by the sections' own. */
        if (off.QuadPart) {
            s = STATUS_INVALID_PARAMETER;
            goto out;
        }
        s = map_image_view(sec, base, view_size);
        goto out;
    }
    if ((uint64_t)off.QuadPart >= sec->size) {
        s = STATUS_INVALID_VIEW_SIZE;
        goto out;
    }
    /* Size 0: from the offset to the end of the section. */
    want = *view_size ? *view_size : sec->size - (uint64_t)off.QuadPart;
    if (want > sec->size - (uint64_t)off.QuadPart) {
        s = STATUS_INVALID_VIEW_SIZE;
        goto out;
    }
    if (want > UINT32_MAX - GUEST_PAGE_SIZE) {
        s = STATUS_NO_MEMORY;
        goto out;
    }
    b = (uint32_t)(uintptr_t)*base;
    sz = (uint32_t)want;
    s = vm_map_view(&b, &sz, highest, alloc_type & MEM_TOP_DOWN, protect, sec->fd,
                    (uint64_t)off.QuadPart);
    if (s == STATUS_SUCCESS) {
        *base = (void *)(uintptr_t)b;
        *view_size = sz;
    }
out:
    object_release(&sec->hdr);
    return s;
}

/* NtUnmapViewOfSection: Windows unmaps the whole view that contains the
 * address, which need not be its base. */
NTSTATUS svc_NtUnmapViewOfSection(HANDLE process, const void *guest_base)
{
    if (process != NtCurrentProcess())
        return STATUS_INVALID_HANDLE;
    if ((uintptr_t)guest_base > UINT32_MAX)
        return STATUS_NOT_MAPPED_VIEW;
    if (unmap_image_view((uint32_t)(uintptr_t)guest_base) == STATUS_SUCCESS)
        return STATUS_SUCCESS;
    return vm_unmap_view((uint32_t)(uintptr_t)guest_base);
}

/* NtFlushVirtualMemory: writes a view's dirty pages back to its file. */
NTSTATUS svc_NtFlushVirtualMemory(HANDLE process, void **base, SIZE_T *size, IO_STATUS_BLOCK *iosb)
{
    uint32_t vbase, vsize;
    uint64_t start, end;
    NTSTATUS s;

    if (process != NtCurrentProcess())
        return STATUS_INVALID_HANDLE;
    if (!base || !size)
        return STATUS_ACCESS_VIOLATION;
    if ((uintptr_t)*base > UINT32_MAX)
        return STATUS_INVALID_PARAMETER;
    if ((s = vm_find_view((uint32_t)(uintptr_t)*base, &vbase, &vsize)))
        return s;
    start = (uintptr_t)*base & ~(uint64_t)(GUEST_PAGE_SIZE - 1);
    /* Size 0 flushes to the end of the view. */
    end = *size ? ((uintptr_t)*base + *size + GUEST_PAGE_SIZE - 1) & ~(uint64_t)(GUEST_PAGE_SIZE - 1)
                : (uint64_t)vbase + vsize;
    if (end > (uint64_t)vbase + vsize)
        return STATUS_INVALID_PARAMETER;
    if (msync((void *)(uintptr_t)start, (size_t)(end - start), MS_SYNC) != 0)
        return STATUS_NOT_MAPPED_DATA;
    *base = (void *)(uintptr_t)start;
    *size = end - start;
    if (iosb) {
        iosb->Status = STATUS_SUCCESS;
        iosb->Information = 0;
    }
    return STATUS_SUCCESS;
}
