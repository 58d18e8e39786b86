/* NtQueryDirectoryFile: directory listings in the 32-bit entry layouts.
 * A handle reads its directory once (on the first query and on each
 * restart), "." and ".." first as NTFS lists them, then the names sorted
 * case-insensitively; the mask given on the first query sticks until a
 * restart brings a new one. */
#include "object.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "log.h"

#define FileDirectoryInformation 1
#define FileFullDirectoryInformation 2
#define FileBothDirectoryInformation 3
#define FileNamesInformation 12
#define FileIdBothDirectoryInformation 37
#define FileIdFullDirectoryInformation 38

struct file_dir_state {
    char **names;
    size_t count, next;
    uint16_t *mask;     /* NULL: everything */
    size_t mask_chars;
    bool listed;
    bool returned_any;  /* an entry was returned since the last restart */
};

/* One lock for every handle's listing state: queries are short and a
 * handle is rarely queried from two threads. */
static pthread_mutex_t dir_lock = PTHREAD_MUTEX_INITIALIZER;

/* Where each class keeps its fields (x86 layouts; FileName is last):
 * FILE_DIRECTORY_INFORMATION and the rest share the first 60 bytes
 * (NextEntryOffset, FileIndex, four times, EndOfFile, AllocationSize,
 * FileAttributes), then FileNameLength at 60. */
struct layout {
    ULONG name_off, len_off, ea_off, short_off, id_off; /* 0: absent */
};

static bool layout_of(ULONG cls, struct layout *l)
{
    switch (cls) {
    case FileDirectoryInformation: *l = (struct layout){ 64, 60, 0, 0, 0 }; return true;
    case FileFullDirectoryInformation: *l = (struct layout){ 68, 60, 64, 0, 0 }; return true;
    case FileBothDirectoryInformation: *l = (struct layout){ 94, 60, 64, 68, 0 }; return true;
    case FileNamesInformation: *l = (struct layout){ 12, 8, 0, 0, 0 }; return true;
    case FileIdBothDirectoryInformation: *l = (struct layout){ 104, 60, 64, 68, 96 }; return true;
    case FileIdFullDirectoryInformation: *l = (struct layout){ 80, 60, 64, 0, 72 }; return true;
    }
    return false;
}

static void free_names(struct file_dir_state *d)
{
    for (size_t i = 0; i < d->count; i++)
        free(d->names[i]);
    free(d->names);
    d->names = NULL;
    d->count = d->next = 0;
    d->listed = false;
}

void file_dir_free(struct file_dir_state *d)
{
    free_names(d);
    free(d->mask);
    free(d);
}

static int by_name(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static NTSTATUS list_dir(struct nt_file *f, struct file_dir_state *d)
{
    DIR *dir;
    struct dirent *e;
    size_t cap = 16;
    int fd;

    free_names(d);
    if ((fd = openat(f->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return nt_status_from_errno(errno);
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return nt_status_from_errno(errno);
    }
    if (!(d->names = malloc(cap * sizeof *d->names)))
        goto nomem;
    d->names[d->count++] = strdup(".");
    d->names[d->count++] = strdup("..");
    while ((e = readdir(dir))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (d->count == cap) {
            char **n = realloc(d->names, cap * 2 * sizeof *n);
            if (!n)
                goto nomem;
            d->names = n;
            cap *= 2;
        }
        if (!(d->names[d->count] = strdup(e->d_name)))
            goto nomem;
        d->count++;
    }
    closedir(dir);
    for (size_t i = 0; i < 2; i++)
        if (!d->names[i])
            return STATUS_NO_MEMORY;
    qsort(d->names + 2, d->count - 2, sizeof *d->names, by_name);
    d->listed = true;
    return STATUS_SUCCESS;
nomem:
    closedir(dir);
    return STATUS_NO_MEMORY;
}

static void put32(uint8_t *p, ULONG v)
{
    memcpy(p, &v, 4);
}

/* Builds the entry for name at p (room bytes); returns its full size
 * (which may exceed room: then only room bytes were written). */
static ULONG build_entry(struct nt_file *f, const struct layout *l, const char *name, uint8_t *p,
                         ULONG room)
{
    uint8_t fixed[104];
    struct stat st;
    size_t chars = file_utf8_to_utf16(name, NULL, 0);
    uint16_t *w = malloc((chars + 1) * sizeof *w);
    ULONG bytes = (ULONG)chars * 2, size = l->name_off + bytes;

    memset(fixed, 0, sizeof fixed);
    if (l->name_off > 12) {
        uint8_t net[56];
        /* A name that vanished or dangles since the listing: lstat, then zeros. */
        if (fstatat(f->fd, name, &st, 0) != 0 && fstatat(f->fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            memset(&st, 0, sizeof st);
        file_network_info(&st, file_creation_time(f->fd, name, &st), name, net);
        memcpy(fixed + 8, net, 32);       /* the four times */
        memcpy(fixed + 40, net + 40, 8);  /* EndOfFile */
        memcpy(fixed + 48, net + 32, 8);  /* AllocationSize */
        memcpy(fixed + 56, net + 48, 4);  /* FileAttributes */
        if (l->id_off) {
            uint64_t ino = st.st_ino;
            memcpy(fixed + l->id_off, &ino, 8); /* FileId */
        }
        /* EaSize 0; ShortNameLength 0: the host has no 8.3 names. */
    }
    put32(fixed + l->len_off, bytes);
    if (w)
        file_utf8_to_utf16(name, w, chars);
    memcpy(p, fixed, room < l->name_off ? room : l->name_off);
    if (room > l->name_off && w)
        memcpy(p + l->name_off, w, (room - l->name_off < bytes ? room - l->name_off : bytes) & ~1u);
    free(w);
    return size;
}

NTSTATUS svc_NtQueryDirectoryFile(HANDLE h, HANDLE event, void *apc, void *ctx,
                                  IO_STATUS_BLOCK *iosb, void *guest_buf, ULONG len, ULONG cls,
                                  ULONG single, UNICODE_STRING *mask, ULONG restart)
{
    struct nt_file *f;
    struct file_dir_state *d;
    struct layout l;
    uint8_t *buf = NULL;
    ULONG used = 0, last = 0;
    NTSTATUS s;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out_unlocked;
    }
    if (!layout_of(cls, &l)) {
        log_fixme("ntdll", "NtQueryDirectoryFile", "class %u not implemented", cls);
        s = STATUS_NOT_IMPLEMENTED;
        goto out_unlocked;
    }
    if (event || apc)
        log_fixme("ntdll", "NtQueryDirectoryFile", "event/APC ignored (completed synchronously)");
    if (!f->is_dir) {
        s = STATUS_INVALID_PARAMETER;
        goto out_unlocked;
    }
    if (len < l.name_off) {
        s = STATUS_INFO_LENGTH_MISMATCH;
        goto out_unlocked;
    }
    if (!(buf = calloc(1, len))) {
        s = STATUS_NO_MEMORY;
        goto out_unlocked;
    }
    pthread_mutex_lock(&dir_lock);
    if (!f->dir && !(f->dir = calloc(1, sizeof *f->dir))) {
        s = STATUS_NO_MEMORY;
        goto out;
    }
    d = f->dir;
    /* The first query's mask sticks; a restart may bring a new one. */
    if ((!d->listed || restart) && mask && mask->Length && mask->Buffer) {
        uint16_t *m = malloc(mask->Length);
        if (!m) {
            s = STATUS_NO_MEMORY;
            goto out;
        }
        memcpy(m, mask->Buffer, mask->Length);
        free(d->mask);
        d->mask = m;
        d->mask_chars = mask->Length / 2;
    }
    if (!d->listed || restart) {
        if ((s = list_dir(f, d)) != STATUS_SUCCESS)
            goto out;
        d->returned_any = false;
    }
    for (; d->next < d->count; d->next++) {
        const char *name = d->names[d->next];
        ULONG start = (used + 7) & ~7u, size;

        if (d->mask && !ntpath_match(d->mask, d->mask_chars, name))
            continue;
        if (used && start >= len)
            break;
        size = build_entry(f, &l, name, buf + start, used ? len - start : len);
        if (start + size > len) {
            if (used)
                break;
            /* Not even the first entry fits: as much as fits, and
             * STATUS_BUFFER_OVERFLOW. The entry stays next, so a retry
             * with a bigger buffer gets it whole. */
            used = len;
            s = STATUS_BUFFER_OVERFLOW;
            break;
        }
        if (used)
            put32(buf + last, start - last); /* the previous entry's NextEntryOffset */
        last = start;
        used = start + size;
        d->returned_any = true;
        if (single) {
            d->next++;
            break;
        }
    }
    if (!used) {
        s = d->returned_any ? STATUS_NO_MORE_FILES : STATUS_NO_SUCH_FILE;
        iosb->Status = s;
        iosb->Information = 0;
        goto out;
    }
    if (!guest_write(guest_buf, buf, used)) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    iosb->Status = s;
    iosb->Information = used;
out:
    pthread_mutex_unlock(&dir_lock);
out_unlocked:
    free(buf);
    object_release(&f->hdr);
    return s;
}
