/* File objects on host descriptors: read, write, flush and the
 * information classes that position and size queries use. Opening files
 * by name is issue 4 (NtCreateFile/NtOpenFile). */
#include "object.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"

#define FileStandardInformation 5
#define FilePositionInformation 14
#define FileEndOfFileInformation 20
#define FileFsDeviceInformation 4

/* LARGE_INTEGER values of ByteOffset with a special meaning. */
#define FILE_WRITE_TO_END_OF_FILE -1LL
#define FILE_USE_FILE_POINTER_POSITION -2LL

static void file_destroy(struct nt_object *obj)
{
    struct nt_file *f = (struct nt_file *)obj;

    close(f->fd);
    free(f);
}

static ULONG device_type_of(int fd)
{
    struct stat st;

    if (fstat(fd, &st) != 0)
        return FILE_DEVICE_DISK;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return FILE_DEVICE_NAMED_PIPE;
    if (S_ISCHR(st.st_mode))
        return isatty(fd) ? FILE_DEVICE_CONSOLE : FILE_DEVICE_NULL;
    return FILE_DEVICE_DISK;
}

NTSTATUS file_from_fd(int fd, ULONG access, HANDLE *out)
{
    struct nt_file *f = calloc(1, sizeof *f);
    NTSTATUS s;

    if (!f)
        return STATUS_NO_MEMORY;
    object_init(&f->hdr, NT_OBJECT_FILE, file_destroy);
    f->fd = fd;
    f->access = access;
    f->device_type = device_type_of(fd);
    if ((s = handle_alloc(&f->hdr, out)) != STATUS_SUCCESS)
        object_release(&f->hdr);
    return s;
}

static struct nt_file *file_get(HANDLE h, NTSTATUS *s)
{
    return (struct nt_file *)handle_get(h, NT_OBJECT_FILE, s);
}

static bool seekable(const struct nt_file *f)
{
    return f->device_type == FILE_DEVICE_DISK;
}

/* Reads the optional ByteOffset argument: -1 when absent or "use the file
 * pointer", else the offset. */
static NTSTATUS read_offset(const void *guest_off, struct nt_file *f, bool writing, off_t *out)
{
    LARGE_INTEGER li;

    *out = -1;
    if (!guest_off || !seekable(f))
        return STATUS_SUCCESS;
    if (!guest_read(&li, guest_off, sizeof li))
        return STATUS_ACCESS_VIOLATION;
    if (li.QuadPart == FILE_USE_FILE_POINTER_POSITION)
        return STATUS_SUCCESS;
    if (writing && li.QuadPart == FILE_WRITE_TO_END_OF_FILE) {
        off_t end = lseek(f->fd, 0, SEEK_END);
        if (end < 0)
            return nt_status_from_errno(errno);
        *out = end;
        return STATUS_SUCCESS;
    }
    if (li.QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    *out = (off_t)li.QuadPart;
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtWriteFile(HANDLE h, HANDLE event, void *apc, void *ctx, IO_STATUS_BLOCK *iosb,
                         const void *buf, ULONG len, const void *offset, const void *key)
{
    struct nt_file *f;
    NTSTATUS s;
    off_t off;
    size_t done = 0;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if ((s = read_offset(offset, f, true, &off)) != STATUS_SUCCESS)
        goto out;
    /* Windows completes a synchronous write in full; so do we, across
     * short writes to pipes and terminals. */
    while (done < len) {
        ssize_t n = off >= 0 ? pwrite(f->fd, (const char *)buf + done, len - done, off + (off_t)done)
                             : write(f->fd, (const char *)buf + done, len - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            s = nt_status_from_errno(errno);
            break;
        }
        done += (size_t)n;
    }
    if (s == STATUS_SUCCESS || done) {
        iosb->Status = done == len ? STATUS_SUCCESS : s;
        iosb->Information = done;
        s = iosb->Status;
    }
out:
    object_release(&f->hdr);
    return s;
}

NTSTATUS svc_NtReadFile(HANDLE h, HANDLE event, void *apc, void *ctx, IO_STATUS_BLOCK *iosb,
                        void *buf, ULONG len, const void *offset, const void *key)
{
    struct nt_file *f;
    NTSTATUS s;
    off_t off;
    ssize_t n;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if ((s = read_offset(offset, f, false, &off)) != STATUS_SUCCESS)
        goto out;
    do
        n = off >= 0 ? pread(f->fd, buf, len, off) : read(f->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        s = nt_status_from_errno(errno);
        goto out;
    }
    /* End of data: a disk file reports STATUS_END_OF_FILE, a pipe whose
     * writer has gone STATUS_PIPE_BROKEN; a console returns 0 bytes. */
    if (n == 0 && len) {
        if (f->device_type == FILE_DEVICE_DISK)
            s = STATUS_END_OF_FILE;
        else if (f->device_type == FILE_DEVICE_NAMED_PIPE)
            s = STATUS_PIPE_BROKEN;
    }
    iosb->Status = s;
    iosb->Information = (ULONG_PTR)n;
out:
    object_release(&f->hdr);
    return s;
}

NTSTATUS svc_NtFlushBuffersFile(HANDLE h, IO_STATUS_BLOCK *iosb)
{
    struct nt_file *f;
    NTSTATUS s;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb)
        s = STATUS_ACCESS_VIOLATION;
    else {
        if (seekable(f) && fsync(f->fd) != 0)
            s = nt_status_from_errno(errno);
        iosb->Status = s;
        iosb->Information = 0;
    }
    object_release(&f->hdr);
    return s;
}

static NTSTATUS put_info(void *guest_buf, ULONG len, const void *data, ULONG size,
                         IO_STATUS_BLOCK *iosb)
{
    if (len < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!guest_write(guest_buf, data, size))
        return STATUS_ACCESS_VIOLATION;
    iosb->Status = STATUS_SUCCESS;
    iosb->Information = size;
    return STATUS_SUCCESS;
}

NTSTATUS svc_NtQueryInformationFile(HANDLE h, IO_STATUS_BLOCK *iosb, void *buf, ULONG len,
                                    ULONG cls)
{
    struct nt_file *f;
    NTSTATUS s;
    struct stat st;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    switch (cls) {
    case FileStandardInformation: {
        struct {
            LONGLONG AllocationSize, EndOfFile;
            ULONG NumberOfLinks;
            BOOLEAN DeletePending, Directory;
            UCHAR pad[2];
        } info;
        _Static_assert(sizeof info == 24, "FILE_STANDARD_INFORMATION");
        if (fstat(f->fd, &st) != 0) {
            s = nt_status_from_errno(errno);
            break;
        }
        memset(&info, 0, sizeof info);
        info.AllocationSize = (LONGLONG)st.st_blocks * 512;
        info.EndOfFile = S_ISREG(st.st_mode) ? st.st_size : 0;
        info.NumberOfLinks = (ULONG)st.st_nlink;
        info.Directory = S_ISDIR(st.st_mode);
        s = put_info(buf, len, &info, sizeof info, iosb);
        break;
    }
    case FilePositionInformation: {
        LONGLONG pos = 0;
        if (seekable(f) && (pos = lseek(f->fd, 0, SEEK_CUR)) < 0) {
            s = nt_status_from_errno(errno);
            break;
        }
        s = put_info(buf, len, &pos, sizeof pos, iosb);
        break;
    }
    default:
        log_fixme("ntdll", "NtQueryInformationFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
out:
    object_release(&f->hdr);
    return s;
}

NTSTATUS svc_NtSetInformationFile(HANDLE h, IO_STATUS_BLOCK *iosb, void *buf, ULONG len,
                                  ULONG cls)
{
    struct nt_file *f;
    NTSTATUS s;
    LONGLONG v;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    switch (cls) {
    case FilePositionInformation:
    case FileEndOfFileInformation:
        if (len < sizeof v) {
            s = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        if (!guest_read(&v, buf, sizeof v)) {
            s = STATUS_ACCESS_VIOLATION;
            break;
        }
        if (v < 0) {
            s = STATUS_INVALID_PARAMETER;
            break;
        }
        /* Pipes and consoles have no position; Windows ignores it. */
        if (seekable(f)) {
            int r = cls == FilePositionInformation ? (lseek(f->fd, (off_t)v, SEEK_SET) < 0 ? -1 : 0)
                                                    : ftruncate(f->fd, (off_t)v);
            if (r != 0) {
                s = nt_status_from_errno(errno);
                break;
            }
        }
        iosb->Status = STATUS_SUCCESS;
        iosb->Information = 0;
        break;
    default:
        log_fixme("ntdll", "NtSetInformationFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
out:
    object_release(&f->hdr);
    return s;
}

NTSTATUS svc_NtQueryVolumeInformationFile(HANDLE h, IO_STATUS_BLOCK *iosb, void *buf, ULONG len,
                                          ULONG cls)
{
    struct nt_file *f;
    NTSTATUS s;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb)
        s = STATUS_ACCESS_VIOLATION;
    else if (cls == FileFsDeviceInformation) {
        ULONG info[2] = { f->device_type, 0 }; /* DeviceType, Characteristics */
        s = put_info(buf, len, info, sizeof info, iosb);
    } else {
        log_fixme("ntdll", "NtQueryVolumeInformationFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
    object_release(&f->hdr);
    return s;
}
