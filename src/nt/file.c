/* File objects on host descriptors: their life (the share table, delete
 * on close), read, write, flush, and helpers the other file modules share.
 * Opening by name is file_open.c, information classes file_info.c,
 * directory listings file_dir.c. */
#include "object.h"
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"

#define FileFsVolumeInformation 1
#define FileFsSizeInformation 3
#define FileFsDeviceInformation 4
#define FileFsAttributeInformation 5
#define FileFsFullSizeInformation 7
#define FILE_CASE_PRESERVED_NAMES 0x00000002
#define FILE_UNICODE_ON_DISK 0x00000004


/* LARGE_INTEGER values of ByteOffset with a special meaning. */
#define FILE_WRITE_TO_END_OF_FILE -1LL
#define FILE_USE_FILE_POINTER_POSITION -2LL

/* The share table: every file opened by name, chained; short lists, so a
 * plain list under one lock. */
static pthread_mutex_t share_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nt_file *share_list;

static bool same_inode(const struct nt_file *a, const struct nt_file *b)
{
    return a->dev == b->dev && a->ino == b->ino;
}

/* Windows' rule: a new open conflicts when it asks for an access another
 * open does not share, or refuses to share an access another open holds.
 * Opens without read, write or delete access take no part. */
static bool share_conflict(ULONG access, ULONG share, const struct nt_file *o)
{
    bool r = access & (FILE_READ_DATA | FILE_EXECUTE), w = access & (FILE_WRITE_DATA | FILE_APPEND_DATA),
         d = access & DELETE;
    bool o_r = o->access & (FILE_READ_DATA | FILE_EXECUTE),
         o_w = o->access & (FILE_WRITE_DATA | FILE_APPEND_DATA), o_d = o->access & DELETE;

    if (!(r || w || d) || !(o_r || o_w || o_d))
        return false;
    return (r && !(o->share & FILE_SHARE_READ)) || (w && !(o->share & FILE_SHARE_WRITE)) ||
           (d && !(o->share & FILE_SHARE_DELETE)) || (o_r && !(share & FILE_SHARE_READ)) ||
           (o_w && !(share & FILE_SHARE_WRITE)) || (o_d && !(share & FILE_SHARE_DELETE));
}

NTSTATUS file_share_attach(struct nt_file *f)
{
    NTSTATUS s = STATUS_SUCCESS;

    pthread_mutex_lock(&share_lock);
    for (struct nt_file *o = share_list; o; o = o->share_next) {
        if (!same_inode(o, f))
            continue;
        if (o->delete_pending) {
            s = STATUS_DELETE_PENDING;
            break;
        }
        if (share_conflict(f->access, f->share, o))
            s = STATUS_SHARING_VIOLATION;
    }
    if (s == STATUS_SUCCESS) {
        f->share_next = share_list;
        share_list = f;
        f->shared = true;
    }
    pthread_mutex_unlock(&share_lock);
    return s;
}

NTSTATUS file_share_check_delete(uint64_t dev, uint64_t ino)
{
    NTSTATUS s = STATUS_SUCCESS;

    pthread_mutex_lock(&share_lock);
    for (struct nt_file *o = share_list; o; o = o->share_next)
        if (o->dev == dev && o->ino == ino && !(o->share & FILE_SHARE_DELETE) &&
            (o->access & (FILE_READ_DATA | FILE_EXECUTE | FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE)))
            s = STATUS_SHARING_VIOLATION;
    pthread_mutex_unlock(&share_lock);
    return s;
}

void file_set_delete_pending(struct nt_file *f, bool pending)
{
    pthread_mutex_lock(&share_lock);
    if (!f->shared)
        f->delete_pending = pending;
    for (struct nt_file *o = share_list; o; o = o->share_next)
        if (same_inode(o, f))
            o->delete_pending = pending;
    pthread_mutex_unlock(&share_lock);
}

void file_renamed(struct nt_file *f, char *new_path)
{
    pthread_mutex_lock(&share_lock);
    for (struct nt_file *o = share_list; o; o = o->share_next) {
        char *copy;
        if (o == f || !same_inode(o, f) || !(copy = strdup(new_path)))
            continue;
        free(o->unix_path);
        o->unix_path = copy;
    }
    free(f->unix_path);
    f->unix_path = new_path;
    pthread_mutex_unlock(&share_lock);
}

/* The last reference is gone: leave the share table, and delete the file
 * when it is delete-pending and this was its last open (Windows deletes
 * at the last close of the file, not of the handle). */
static void file_destroy(struct nt_object *obj)
{
    struct nt_file *f = (struct nt_file *)obj;
    bool pending = f->delete_pending || f->delete_on_close, others = false;

    if (f->shared) {
        pthread_mutex_lock(&share_lock);
        for (struct nt_file **p = &share_list; *p; p = &(*p)->share_next)
            if (*p == f) {
                *p = f->share_next;
                break;
            }
        for (struct nt_file *o = share_list; o; o = o->share_next)
            if (same_inode(o, f)) {
                others = true;
                if (pending)
                    o->delete_pending = true;
            }
        pthread_mutex_unlock(&share_lock);
    }
    if (pending && !others && f->unix_path) {
        if ((f->is_dir ? rmdir(f->unix_path) : unlink(f->unix_path)) != 0)
            log_printf("file: delete on close of %s failed: %s\n", f->unix_path, strerror(errno));
    }
    lock_file_closed(f);
    if (f->dir)
        file_dir_free(f->dir);
    close(f->fd);
    free(f->unix_path);
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

struct nt_file *file_new(int fd, ULONG access, char *unix_path)
{
    struct nt_file *f = calloc(1, sizeof *f);
    struct stat st;

    if (!f)
        return NULL;
    object_init(&f->hdr, NT_OBJECT_FILE, file_destroy);
    f->fd = fd;
    f->access = access;
    f->unix_path = unix_path;
    f->device_type = device_type_of(fd);
    if (fstat(fd, &st) == 0) {
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        f->is_dir = S_ISDIR(st.st_mode);
    }
    return f;
}

NTSTATUS file_from_fd(int fd, ULONG access, HANDLE *out)
{
    struct nt_file *f = file_new(fd, access, NULL);
    NTSTATUS s;

    if (!f)
        return STATUS_NO_MEMORY;
    if ((s = handle_alloc(&f->hdr, out)) != STATUS_SUCCESS)
        object_release(&f->hdr);
    return s;
}

struct nt_file *file_get(HANDLE h, NTSTATUS *s)
{
    return (struct nt_file *)handle_get(h, NT_OBJECT_FILE, s);
}

struct nt_file *file_use(HANDLE h, NTSTATUS *s)
{
    return (struct nt_file *)handle_use(h, NT_OBJECT_FILE, s);
}

void file_unuse(struct nt_file *f)
{
    handle_unuse(&f->hdr);
}

/* Wine's rules: no write permission bit at all is READONLY, a leading dot
 * is HIDDEN (Unix's convention for hidden files), plain files carry
 * ARCHIVE, and NORMAL only stands alone. */
ULONG file_attributes(const struct stat *st, const char *name)
{
    ULONG a = 0;

    if (S_ISDIR(st->st_mode))
        a |= FILE_ATTRIBUTE_DIRECTORY;
    else
        a |= FILE_ATTRIBUTE_ARCHIVE;
    if (!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        a |= FILE_ATTRIBUTE_READONLY;
    if (name && name[0] == '.' && strcmp(name, ".") && strcmp(name, ".."))
        a |= FILE_ATTRIBUTE_HIDDEN;
    return a ? a : FILE_ATTRIBUTE_NORMAL;
}

LONGLONG file_time(const struct timespec *ts)
{
    return ((LONGLONG)ts->tv_sec + 11644473600LL) * 10000000LL + ts->tv_nsec / 100;
}

LONGLONG file_creation_time(int dirfd, const char *path, const struct stat *st)
{
#ifdef STATX_BTIME
    struct statx sx;

    if (path && statx(dirfd, path, 0, STATX_BTIME, &sx) == 0 && (sx.stx_mask & STATX_BTIME)) {
        struct timespec ts = { sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec };
        return file_time(&ts);
    }
#endif
    /* No birth time: the older of the change and modification times. */
    {
        LONGLONG c = file_time(&st->st_ctim), m = file_time(&st->st_mtim);
        return c < m ? c : m;
    }
}

static void put64(uint8_t *p, LONGLONG v)
{
    memcpy(p, &v, 8);
}

void file_basic_info(const struct stat *st, LONGLONG ctime, const char *name, uint8_t out[40])
{
    ULONG a = file_attributes(st, name);

    memset(out, 0, 40);
    put64(out + 0, ctime);                   /* CreationTime */
    put64(out + 8, file_time(&st->st_atim)); /* LastAccessTime */
    put64(out + 16, file_time(&st->st_mtim)); /* LastWriteTime */
    put64(out + 24, file_time(&st->st_ctim)); /* ChangeTime */
    memcpy(out + 32, &a, 4);                 /* FileAttributes */
}

void file_network_info(const struct stat *st, LONGLONG ctime, const char *name, uint8_t out[56])
{
    uint8_t basic[40];
    ULONG a = file_attributes(st, name);
    bool dir = S_ISDIR(st->st_mode);

    file_basic_info(st, ctime, name, basic);
    memset(out, 0, 56);
    memcpy(out, basic, 32);                                   /* the four times */
    put64(out + 32, dir ? 0 : (LONGLONG)st->st_blocks * 512); /* AllocationSize */
    put64(out + 40, dir ? 0 : (LONGLONG)st->st_size);         /* EndOfFile */
    memcpy(out + 48, &a, 4);                                  /* FileAttributes */
}

/* Invalid UTF-8 bytes come through as U+FFFD, one per byte. */
size_t file_utf8_to_utf16(const char *s, uint16_t *out, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    while (*p) {
        uint32_t c = *p, need = 0;

        if (c >= 0xF0 && c < 0xF5)
            c &= 7, need = 3;
        else if (c >= 0xE0 && c < 0xF0)
            c &= 15, need = 2;
        else if (c >= 0xC2 && c < 0xE0)
            c &= 31, need = 1;
        else if (c >= 0x80)
            c = 0xFFFD;
        p++;
        for (uint32_t i = 0; i < need; i++) {
            if ((p[i] & 0xC0) != 0x80) {
                c = 0xFFFD;
                need = i;
                break;
            }
            c = (c << 6) | (p[i] & 0x3F);
        }
        p += need;
        if (c >= 0x10000) {
            c -= 0x10000;
            if (n < max)
                out[n] = (uint16_t)(0xD800 | (c >> 10));
            if (n + 1 < max)
                out[n + 1] = (uint16_t)(0xDC00 | (c & 0x3FF));
            n += 2;
        } else {
            if (n < max)
                out[n] = (uint16_t)c;
            n++;
        }
    }
    return n;
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

    if (!(f = file_use(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    /* Files opened by name enforce their granted access (a std handle's
     * descriptor speaks for itself). */
    if (f->unix_path && !(f->access & (FILE_WRITE_DATA | FILE_APPEND_DATA))) {
        s = STATUS_ACCESS_DENIED;
        goto out;
    }
    if ((s = read_offset(offset, f, true, &off)) != STATUS_SUCCESS)
        goto out;
    if (seekable(f) && (s = lock_check_io(f, off, len, true)) != STATUS_SUCCESS)
        goto out;
    /* Windows completes a synchronous write in full; so do we, across
     * short writes to pipes and terminals. */
    while (done < len) {
        ssize_t n = off >= 0 ? pwrite(f->fd, (const char *)buf + done, len - done, off + (off_t)done)
                             : write(f->fd, (const char *)buf + done, len - done);
        if (n < 0) {
            if (errno == EINTR && !sync_terminating(sync_current()))
                continue;
            s = errno == EINTR ? STATUS_THREAD_IS_TERMINATING : nt_status_from_errno(errno);
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
    file_unuse(f);
    return s;
}

NTSTATUS svc_NtReadFile(HANDLE h, HANDLE event, void *apc, void *ctx, IO_STATUS_BLOCK *iosb,
                        void *buf, ULONG len, const void *offset, const void *key)
{
    struct nt_file *f;
    NTSTATUS s;
    off_t off;
    ssize_t n;

    if (!(f = file_use(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if (f->unix_path && !(f->access & (FILE_READ_DATA | FILE_EXECUTE))) {
        s = STATUS_ACCESS_DENIED;
        goto out;
    }
    if (f->is_dir) {
        s = STATUS_INVALID_DEVICE_REQUEST;
        goto out;
    }
    if ((s = read_offset(offset, f, false, &off)) != STATUS_SUCCESS)
        goto out;
    if (seekable(f) && (s = lock_check_io(f, off, len, false)) != STATUS_SUCCESS)
        goto out;
    do
        n = off >= 0 ? pread(f->fd, buf, len, off) : read(f->fd, buf, len);
    while (n < 0 && errno == EINTR && !sync_terminating(sync_current()));
    if (n < 0) {
        /* EINTR here: another thread terminates this one (the dispatcher
         * acts on it when the service returns). */
        s = errno == EINTR ? STATUS_THREAD_IS_TERMINATING : nt_status_from_errno(errno);
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
    file_unuse(f);
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

/* A variable-length answer: the fixed part must fit (else
 * STATUS_INFO_LENGTH_MISMATCH); a name that does not fit is cut, with
 * STATUS_BUFFER_OVERFLOW and the bytes written in Information. */
static NTSTATUS put_info_var(void *guest_buf, ULONG len, const void *data, ULONG size,
                             ULONG min, IO_STATUS_BLOCK *iosb)
{
    ULONG n = size < len ? size : len;

    if (len < min)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!guest_write(guest_buf, data, n))
        return STATUS_ACCESS_VIOLATION;
    iosb->Status = n < size ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    iosb->Information = n;
    return iosb->Status;
}

/* The allocation unit of a statvfs answer as sectors of BytesPerSector. */
static void fs_units(const struct statvfs *v, ULONG *sectors, ULONG *bytes)
{
    unsigned long unit = v->f_frsize ? v->f_frsize : v->f_bsize;

    *bytes = unit % 512 ? (ULONG)unit : 512;
    *sectors = (ULONG)(unit / *bytes);
}

static NTSTATUS fs_volume_info(struct nt_file *f, void *buf, ULONG len, IO_STATUS_BLOCK *iosb)
{
    uint8_t out[24] = { 0 };
    struct stat st;
    ULONG serial;

    if (fstat(f->fd, &st) != 0)
        return nt_status_from_errno(errno);
    /* VolumeCreationTime stays 0 (the host does not keep one); the serial
     * number folds the device number; no label. */
    serial = (ULONG)(st.st_dev ^ (st.st_dev >> 32));
    memcpy(out + 8, &serial, 4);    /* VolumeSerialNumber */
    out[16] = 0;                    /* SupportsObjects */
    /* VolumeLabelLength 0: the answer ends at VolumeLabel (offset 18). */
    return put_info_var(buf, len, out, 18, sizeof out, iosb);
}

static NTSTATUS fs_size_info(struct nt_file *f, ULONG cls, void *buf, ULONG len,
                             IO_STATUS_BLOCK *iosb)
{
    uint8_t out[32] = { 0 };
    struct statvfs v;
    ULONG sectors, bytes;
    uint64_t total, avail, free;

    if (fstatvfs(f->fd, &v) != 0)
        return nt_status_from_errno(errno);
    fs_units(&v, &sectors, &bytes);
    total = v.f_blocks;
    avail = v.f_bavail;
    free = v.f_bfree;
    memcpy(out + 0, &total, 8);     /* TotalAllocationUnits */
    memcpy(out + 8, &avail, 8);     /* (Caller)AvailableAllocationUnits */
    if (cls == FileFsSizeInformation) {
        memcpy(out + 16, &sectors, 4); /* SectorsPerAllocationUnit */
        memcpy(out + 20, &bytes, 4);   /* BytesPerSector */
        return put_info(buf, len, out, 24, iosb);
    }
    memcpy(out + 16, &free, 8);     /* ActualAvailableAllocationUnits */
    memcpy(out + 24, &sectors, 4);  /* SectorsPerAllocationUnit */
    memcpy(out + 28, &bytes, 4);    /* BytesPerSector */
    return put_info(buf, len, out, 32, iosb);
}

/* We name the file system "NTFS" as Wine does for disks (programs test
 * for it), but claim only what holds: names keep their case and are
 * Unicode; lookups are case-insensitive, ACLs and streams do not exist. */
static NTSTATUS fs_attribute_info(void *buf, ULONG len, IO_STATUS_BLOCK *iosb)
{
    static const uint16_t name[] = { 'N', 'T', 'F', 'S' };
    uint8_t out[12 + sizeof name];
    ULONG attrs = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK, max = 255,
          name_len = sizeof name;

    memcpy(out + 0, &attrs, 4);     /* FileSystemAttributes */
    memcpy(out + 4, &max, 4);       /* MaximumComponentNameLength */
    memcpy(out + 8, &name_len, 4);  /* FileSystemNameLength */
    memcpy(out + 12, name, sizeof name);
    return put_info_var(buf, len, out, sizeof out, 16, iosb);
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
    } else if (cls == FileFsVolumeInformation) {
        s = fs_volume_info(f, buf, len, iosb);
    } else if (cls == FileFsSizeInformation || cls == FileFsFullSizeInformation) {
        s = fs_size_info(f, cls, buf, len, iosb);
    } else if (cls == FileFsAttributeInformation) {
        s = fs_attribute_info(buf, len, iosb);
    } else {
        log_fixme("ntdll", "NtQueryVolumeInformationFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
    }
    object_release(&f->hdr);
    return s;
}
