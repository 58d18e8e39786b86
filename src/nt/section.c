/* Sections and their views: NtCreateSection over a file (its descriptor
 * duplicated) or over anonymous memory (a memfd), NtMapViewOfSection as a
 * MAP_SHARED (or, copy-on-write, MAP_PRIVATE) mmap of that descriptor into
 * a range the guest address-space manager hands out as MEM_MAPPED,
 * NtUnmapViewOfSection and NtFlushVirtualMemory. Views of one section, and
 * of two sections on one file, share the host's page cache, so they see
 * each other's writes and those of NtWriteFile, as on Windows. */
#include "object.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"

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

struct nt_section {
    struct nt_object hdr;
    int fd;
    uint64_t size;  /* bytes; views end at or before it */
    ULONG protect;  /* the section's page protection */
};

static void section_destroy(struct nt_object *obj)
{
    struct nt_section *s = (struct nt_section *)obj;

    close(s->fd);
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

/* NtCreateSection: an unnamed data section over a file or the pagefile. */
NTSTATUS svc_NtCreateSection(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr,
                             const void *guest_max_size, ULONG protect, ULONG alloc_attributes,
                             HANDLE file)
{
    ULONG kind = alloc_attributes & (SEC_IMAGE | SEC_RESERVE | SEC_COMMIT);
    struct nt_section *sec;
    LARGE_INTEGER max;
    uint64_t size = 0;
    int fd = -1;
    NTSTATUS s;

    if (!out)
        return STATUS_ACCESS_VIOLATION;
    if (attr && attr->ObjectName && attr->ObjectName->Length) {
        log_fixme("ntdll", "NtCreateSection", "named sections are not implemented");
        return STATUS_NOT_IMPLEMENTED;
    }
    if (alloc_attributes & SEC_IMAGE) {
        log_fixme("ntdll", "NtCreateSection", "SEC_IMAGE is not implemented");
        return STATUS_NOT_IMPLEMENTED;
    }
    if (alloc_attributes & ~(ULONG)(SEC_FILE | SEC_RESERVE | SEC_COMMIT | SEC_NOCACHE)) {
        log_fixme("ntdll", "NtCreateSection", "attributes %#x are not implemented",
                  alloc_attributes);
        return STATUS_NOT_IMPLEMENTED;
    }
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
    if (file) {
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
        close(fd);
        return STATUS_NO_MEMORY;
    }
    object_init(&sec->hdr, NT_OBJECT_SECTION, section_destroy);
    sec->fd = fd;
    sec->size = size;
    sec->protect = protect;
    if ((s = handle_alloc(&sec->hdr, out)))
        object_release(&sec->hdr);
    return s;
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

/* NtMapViewOfSection: a view of [offset, offset+size) of the section in
 * our own process. */
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
