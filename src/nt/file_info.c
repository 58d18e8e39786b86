/* NtQueryInformationFile / NtSetInformationFile: the information classes,
 * each in its 32-bit layout in guest memory. */
#include "object.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"
#include "path.h"

#define FileBasicInformation 4
#define FileStandardInformation 5
#define FileInternalInformation 6
#define FileEaInformation 7
#define FileAccessInformation 8
#define FileNameInformation 9
#define FileRenameInformation 10
#define FileDispositionInformation 13
#define FilePositionInformation 14
#define FileModeInformation 16
#define FileAlignmentInformation 17
#define FileAllInformation 18
#define FileAllocationInformation 19
#define FileEndOfFileInformation 20
#define FileNetworkOpenInformation 34
#define FileAttributeTagInformation 35

/* The FileModeInformation bits a handle reports and may change. */
#define FILE_MODE_BITS                                                                  \
    (FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_NO_INTERMEDIATE_BUFFERING |       \
     FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE)

static bool seekable(const struct nt_file *f)
{
    return f->device_type == FILE_DEVICE_DISK;
}

static const char *base_name(const struct nt_file *f)
{
    const char *b;

    if (!f->unix_path)
        return NULL;
    b = strrchr(f->unix_path, '/');
    return b && b[1] ? b + 1 : f->unix_path;
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

static void put32(uint8_t *p, ULONG v)
{
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, LONGLONG v)
{
    memcpy(p, &v, 8);
}

/* FILE_STANDARD_INFORMATION, 24 bytes. */
static void standard_info(const struct nt_file *f, const struct stat *st, uint8_t out[24])
{
    bool dir = S_ISDIR(st->st_mode);

    memset(out, 0, 24);
    put64(out, dir ? 0 : (LONGLONG)st->st_blocks * 512);                  /* AllocationSize */
    put64(out + 8, S_ISREG(st->st_mode) ? (LONGLONG)st->st_size : 0);     /* EndOfFile */
    put32(out + 16, (ULONG)st->st_nlink);                                 /* NumberOfLinks */
    out[20] = f->delete_pending || f->delete_on_close;                    /* DeletePending */
    out[21] = dir;                                                        /* Directory */
}

/* The file's name below its drive ("\dir\file.txt"), UTF-16; *chars is
 * its length. NULL for descriptors that have no name. */
static uint16_t *file_name(const struct nt_file *f, size_t *chars)
{
    char dos[PATH_MAX + 8];
    const char *tail;
    uint16_t *w;
    size_t n;

    if (!f->unix_path || path_unix_to_dos(f->unix_path, dos, sizeof dos) != 0)
        return NULL;
    tail = dos[0] && dos[1] == ':' ? dos + 2 : dos;
    if (!*tail)
        tail = "\\";
    n = file_utf8_to_utf16(tail, NULL, 0);
    if (!(w = malloc((n + 1) * sizeof *w)))
        return NULL;
    file_utf8_to_utf16(tail, w, n);
    *chars = n;
    return w;
}

/* Variable-length name classes: the fixed part must fit, the name is cut
 * to the buffer with STATUS_BUFFER_OVERFLOW, as Windows does. */
static NTSTATUS put_named(void *guest_buf, ULONG len, uint8_t *fixed, ULONG fixed_size,
                          const uint16_t *name, size_t chars, IO_STATUS_BLOCK *iosb)
{
    ULONG bytes = (ULONG)(chars * 2), room;
    NTSTATUS s = STATUS_SUCCESS;

    if (len < fixed_size)
        return STATUS_INFO_LENGTH_MISMATCH;
    put32(fixed + fixed_size - 4, bytes); /* FileNameLength, the last fixed field */
    room = len - fixed_size;
    if (room < bytes) {
        bytes = room & ~1u;
        s = STATUS_BUFFER_OVERFLOW;
    }
    if (!guest_write(guest_buf, fixed, fixed_size) ||
        !guest_write((char *)guest_buf + fixed_size, name, bytes))
        return STATUS_ACCESS_VIOLATION;
    iosb->Status = s;
    iosb->Information = fixed_size + bytes;
    return s;
}

NTSTATUS svc_NtQueryInformationFile(HANDLE h, IO_STATUS_BLOCK *iosb, void *buf, ULONG len,
                                    ULONG cls)
{
    struct nt_file *f;
    NTSTATUS s;
    struct stat st;
    uint8_t info[104];

    if (!(f = file_use(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    /* The position first, without the stat and the zeroed buffer the
     * other classes need: it is the query programs make most. */
    if (cls == FilePositionInformation) {
        LONGLONG pos = 0;

        if (seekable(f) && !f->is_dir && (pos = lseek(f->fd, 0, SEEK_CUR)) < 0)
            s = nt_status_from_errno(errno);
        else
            s = put_info(buf, len, &pos, sizeof pos, iosb);
        goto out;
    }
    switch (cls) {
    case FileBasicInformation:
    case FileStandardInformation:
    case FileInternalInformation:
    case FileNetworkOpenInformation:
    case FileAttributeTagInformation:
    case FileAllInformation:
        if (fstat(f->fd, &st) != 0) {
            s = nt_status_from_errno(errno);
            goto out;
        }
        break;
    }
    memset(info, 0, sizeof info);
    switch (cls) {
    case FileBasicInformation:
        file_basic_info(&st, file_creation_time(AT_FDCWD, f->unix_path, &st), base_name(f), info);
        s = put_info(buf, len, info, 40, iosb);
        break;
    case FileStandardInformation:
        standard_info(f, &st, info);
        s = put_info(buf, len, info, 24, iosb);
        break;
    case FileInternalInformation:
        put64(info, (LONGLONG)st.st_ino); /* IndexNumber */
        s = put_info(buf, len, info, 8, iosb);
        break;
    case FileEaInformation:
        s = put_info(buf, len, info, 4, iosb); /* EaSize 0: no extended attributes */
        break;
    case FileAccessInformation:
        put32(info, f->access);
        s = put_info(buf, len, info, 4, iosb);
        break;
    case FileModeInformation:
        put32(info, f->options & FILE_MODE_BITS);
        s = put_info(buf, len, info, 4, iosb);
        break;
    case FileAlignmentInformation:
        s = put_info(buf, len, info, 4, iosb); /* FILE_BYTE_ALIGNMENT */
        break;
    case FileNetworkOpenInformation:
        file_network_info(&st, file_creation_time(AT_FDCWD, f->unix_path, &st), base_name(f), info);
        s = put_info(buf, len, info, 56, iosb);
        break;
    case FileAttributeTagInformation:
        put32(info, file_attributes(&st, base_name(f))); /* ReparseTag 0 */
        s = put_info(buf, len, info, 8, iosb);
        break;
    case FileNameInformation:
    case FileAllInformation: {
        /* FILE_ALL_INFORMATION (x86): Basic 0, Standard 40, Internal 64,
         * Ea 72, Access 76, Position 80, Mode 88, Alignment 92, Name 96. */
        ULONG fixed = cls == FileNameInformation ? 4 : 104;
        uint8_t *p = info;
        uint16_t *name;
        size_t chars;

        if (len < fixed) {
            s = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        if (!(name = file_name(f, &chars))) {
            log_fixme("ntdll", "NtQueryInformationFile", "class %u on a handle without a name", cls);
            s = STATUS_NOT_IMPLEMENTED;
            break;
        }
        if (cls == FileAllInformation) {
            LONGLONG pos = seekable(f) && !f->is_dir ? lseek(f->fd, 0, SEEK_CUR) : 0;
            file_basic_info(&st, file_creation_time(AT_FDCWD, f->unix_path, &st), base_name(f), p);
            standard_info(f, &st, p + 40);
            put64(p + 64, (LONGLONG)st.st_ino);
            put32(p + 76, f->access);
            put64(p + 80, pos < 0 ? 0 : pos);
            put32(p + 88, f->options & FILE_MODE_BITS);
            /* The name's fixed part ends 4 bytes into it; put_named sets it. */
            fixed = 100;
        }
        s = put_named(buf, len, info, fixed, name, chars, iosb);
        free(name);
        break;
    }
    default:
        log_fixme("ntdll", "NtQueryInformationFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
out:
    file_unuse(f);
    return s;
}

/* A FILETIME as a utimensat time: 0 leaves it, -1 too (Windows' "stop
 * updating this time", which the host cannot do). */
static struct timespec to_timespec(LONGLONG t)
{
    struct timespec ts = { 0, UTIME_OMIT };

    if (t > 0) {
        t -= 11644473600LL * 10000000LL;
        ts.tv_sec = t / 10000000LL;
        ts.tv_nsec = (t % 10000000LL) * 100;
        if (ts.tv_nsec < 0) {
            ts.tv_sec--;
            ts.tv_nsec += 1000000000L;
        }
    }
    return ts;
}

static NTSTATUS set_basic(struct nt_file *f, const uint8_t info[40])
{
    LONGLONG atime, mtime;
    ULONG attr;
    struct timespec ts[2];
    struct stat st;

    if (!(f->access & FILE_WRITE_ATTRIBUTES))
        return STATUS_ACCESS_DENIED;
    memcpy(&atime, info + 8, 8);
    memcpy(&mtime, info + 16, 8);
    memcpy(&attr, info + 32, 4);
    /* CreationTime and ChangeTime cannot be set on the host: ignored. */
    ts[0] = to_timespec(atime);
    ts[1] = to_timespec(mtime);
    if (ts[0].tv_nsec != UTIME_OMIT || ts[1].tv_nsec != UTIME_OMIT) {
        int r = f->unix_path ? utimensat(AT_FDCWD, f->unix_path, ts, 0) : futimens(f->fd, ts);
        if (r != 0)
            return nt_status_from_errno(errno);
    }
    /* Attributes 0 leave them; of the rest only READONLY means something
     * on the host (the write permission bits). */
    if (attr) {
        mode_t mode;
        int r;

        if (fstat(f->fd, &st) != 0)
            return nt_status_from_errno(errno);
        mode = st.st_mode & 07777;
        if (attr & FILE_ATTRIBUTE_READONLY)
            mode &= ~(mode_t)(S_IWUSR | S_IWGRP | S_IWOTH);
        else if (!(mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
            mode |= S_IWUSR;
        if (mode != (st.st_mode & 07777)) {
            r = f->unix_path ? chmod(f->unix_path, mode) : fchmod(f->fd, mode);
            if (r != 0)
                return nt_status_from_errno(errno);
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS set_disposition(struct nt_file *f, bool del)
{
    struct stat st;

    if (!(f->access & DELETE))
        return STATUS_ACCESS_DENIED;
    if (!f->unix_path)
        return STATUS_CANNOT_DELETE;
    if (del) {
        if (fstat(f->fd, &st) != 0)
            return nt_status_from_errno(errno);
        if (!f->is_dir && !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
            return STATUS_CANNOT_DELETE;
        if (f->is_dir) {
            /* Windows refuses at once; the host would only at rmdir. */
            DIR *d;
            struct dirent *e;
            int fd = openat(f->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            bool empty = true;

            if (fd < 0 || !(d = fdopendir(fd))) {
                if (fd >= 0)
                    close(fd);
                return nt_status_from_errno(errno);
            }
            while ((e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                    empty = false;
                    break;
                }
            closedir(d);
            if (!empty)
                return STATUS_DIRECTORY_NOT_EMPTY;
        }
    }
    file_set_delete_pending(f, del);
    if (!del)
        f->delete_on_close = false;
    return STATUS_SUCCESS;
}

/* FILE_RENAME_INFORMATION (x86): ReplaceIfExists 0, RootDirectory 4,
 * FileNameLength 8, FileName 12. */
static NTSTATUS set_rename(struct nt_file *f, const void *buf, ULONG len)
{
    uint8_t head[12];
    ULONG name_len, root32;
    uint16_t *name = NULL;
    struct nt_file *root = NULL;
    struct ntpath np;
    struct stat src, dst;
    NTSTATUS s;

    memset(&np, 0, sizeof np);
    if (len < sizeof head)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!guest_read(head, buf, sizeof head))
        return STATUS_ACCESS_VIOLATION;
    memcpy(&root32, head + 4, 4);
    memcpy(&name_len, head + 8, 4);
    if (name_len > len - sizeof head || (name_len & 1) || !name_len)
        return STATUS_INVALID_PARAMETER;
    if (!(f->access & DELETE))
        return STATUS_ACCESS_DENIED;
    if (!f->unix_path)
        return STATUS_INVALID_PARAMETER;
    if (!(name = malloc(name_len)))
        return STATUS_NO_MEMORY;
    if (!guest_read(name, (const char *)buf + sizeof head, name_len)) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if (root32) {
        if (!(root = file_get((HANDLE)(intptr_t)(int32_t)root32, &s)))
            goto out;
        if (!root->is_dir || !root->unix_path) {
            s = STATUS_OBJECT_TYPE_MISMATCH;
            goto out;
        }
    }
    if ((s = file_resolve_name(name, name_len, root, &np)) != STATUS_SUCCESS)
        goto out;
    if (np.device) {
        s = STATUS_OBJECT_NAME_INVALID;
        goto out;
    }
    if (!np.parent_exists && !np.exists) {
        s = STATUS_OBJECT_PATH_NOT_FOUND;
        goto out;
    }
    if (fstat(f->fd, &src) != 0) {
        s = nt_status_from_errno(errno);
        goto out;
    }
    if (np.exists && lstat(np.unix_path, &dst) == 0 &&
        !(dst.st_dev == src.st_dev && dst.st_ino == src.st_ino)) {
        /* A different file is in the way (the same one: a case change). */
        if (!head[0]) {
            s = STATUS_OBJECT_NAME_COLLISION;
            goto out;
        }
        if (S_ISDIR(dst.st_mode) || !(dst.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH))) {
            s = STATUS_ACCESS_DENIED;
            goto out;
        }
        if ((s = file_share_check_delete(dst.st_dev, dst.st_ino)) != STATUS_SUCCESS)
            goto out;
    }
    if (rename(f->unix_path, np.unix_path) != 0) {
        s = errno == EXDEV ? STATUS_NOT_SAME_DEVICE : nt_status_from_errno(errno);
        goto out;
    }
    file_renamed(f, np.unix_path);
    np.unix_path = NULL;
    s = STATUS_SUCCESS;
out:
    ntpath_free(&np);
    if (root)
        object_release(&root->hdr);
    free(name);
    return s;
}

NTSTATUS svc_NtSetInformationFile(HANDLE h, IO_STATUS_BLOCK *iosb, void *buf, ULONG len,
                                  ULONG cls)
{
    static const ULONG min_len[] = {
        [FileBasicInformation] = 40, [FileDispositionInformation] = 1,
        [FilePositionInformation] = 8, [FileModeInformation] = 4,
        [FileAllocationInformation] = 8, [FileEndOfFileInformation] = 8,
        [FileRenameInformation] = 12,
    };
    struct nt_file *f;
    NTSTATUS s;
    uint8_t info[40];
    LONGLONG v = 0;

    if (!(f = file_use(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if (cls < sizeof min_len / sizeof *min_len && min_len[cls]) {
        if (len < min_len[cls]) {
            s = STATUS_INFO_LENGTH_MISMATCH;
            goto out;
        }
        if (cls != FileRenameInformation && !guest_read(info, buf, min_len[cls])) {
            s = STATUS_ACCESS_VIOLATION;
            goto out;
        }
        if (min_len[cls] == 8)
            memcpy(&v, info, 8);
    }
    switch (cls) {
    case FilePositionInformation:
    case FileEndOfFileInformation:
    case FileAllocationInformation:
        if (v < 0) {
            s = STATUS_INVALID_PARAMETER;
            break;
        }
        /* Pipes and consoles have no position; Windows ignores it. */
        if (seekable(f) && !f->is_dir) {
            int r = 0;
            struct stat st;

            if (cls == FilePositionInformation)
                r = lseek(f->fd, (off_t)v, SEEK_SET) < 0 ? -1 : 0;
            else if (cls == FileEndOfFileInformation)
                r = ftruncate(f->fd, (off_t)v);
            /* A smaller allocation cuts the file; a larger one is a hint. */
            else if ((r = fstat(f->fd, &st)) == 0 && v < st.st_size)
                r = ftruncate(f->fd, (off_t)v);
            if (r != 0) {
                s = nt_status_from_errno(errno);
                break;
            }
        }
        break;
    case FileBasicInformation:
        s = set_basic(f, info);
        break;
    case FileDispositionInformation:
        s = set_disposition(f, info[0] != 0);
        break;
    case FileModeInformation: {
        ULONG mode;
        memcpy(&mode, info, 4);
        if (mode & ~(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_SYNCHRONOUS_IO_ALERT |
                     FILE_SYNCHRONOUS_IO_NONALERT)) {
            s = STATUS_INVALID_PARAMETER;
            break;
        }
        f->options = (f->options & ~(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY |
                                     FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) |
                     mode;
        break;
    }
    case FileRenameInformation:
        s = set_rename(f, buf, len);
        break;
    default:
        log_fixme("ntdll", "NtSetInformationFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
    if (s == STATUS_SUCCESS) {
        iosb->Status = STATUS_SUCCESS;
        iosb->Information = 0;
    }
out:
    file_unuse(f);
    return s;
}
