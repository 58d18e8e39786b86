/* Byte-range locks with Windows semantics: NtLockFile, NtUnlockFile, and
 * the check NtReadFile/NtWriteFile make against other handles' locks.
 *
 * Among the handles of this process the rules live in our own list (one
 * process-wide list of locks keyed by inode; short, so a plain list under
 * one mutex): an exclusive lock may not overlap any other lock, a shared
 * lock may overlap shared locks and its own handle's exclusive ones;
 * exclusive locks keep other handles from reading and writing the range,
 * shared locks keep everyone from writing it; an unlock names exactly a
 * range its handle locked; a handle's locks go with its last close.
 *
 * Other processes see the locks as open-file-description (OFD) locks on
 * the handle's descriptor (F_WRLCK for exclusive, F_RDLCK for shared),
 * kept in step with our list. POSIX merges a descriptor's own locks, so
 * after every change the affected range is recomputed from the list.
 * Limits: OFD locks are advisory, so another process's plain read()/write()
 * is not blocked; an exclusive lock on a read-only descriptor can only be
 * shown to other processes as a shared one; zero-length locks (which
 * conflict with nothing on Windows) stay in our list only. */
#include "object.h"
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "../cpu/cpu.h"

struct file_lock {
    struct nt_file *owner; /* not referenced: lock_file_closed unlinks */
    uint64_t dev, ino;
    uint64_t start, end;   /* [start, end); end == start for zero length */
    ULONG key;
    bool exclusive;
    struct file_lock *next;
};

static pthread_mutex_t locks_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t locks_changed = PTHREAD_COND_INITIALIZER;
static struct file_lock *locks;
static unsigned nlocks; /* read unlocked by the I/O fast path */

static bool same_file(const struct file_lock *l, const struct nt_file *f)
{
    return l->dev == f->dev && l->ino == f->ino;
}

static bool overlaps(const struct file_lock *l, uint64_t start, uint64_t end)
{
    return l->start < end && start < l->end;
}

/* Whether a new lock of f on [start, end) conflicts with one we hold. */
static bool conflicts(const struct nt_file *f, uint64_t start, uint64_t end, bool exclusive)
{
    if (start == end)
        return false;
    for (const struct file_lock *l = locks; l; l = l->next) {
        if (!same_file(l, f) || !overlaps(l, start, end))
            continue;
        if (!exclusive && (!l->exclusive || l->owner == f))
            continue;
        return true;
    }
    return false;
}

/* One OFD lock operation, clipped to what off_t can say. */
static int ofd_lock(int fd, short type, uint64_t start, uint64_t end, bool wait)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET };

    if (start >= INT64_MAX || end <= start)
        return 0;
    if (end > INT64_MAX)
        end = INT64_MAX;
    fl.l_start = (off_t)start;
    fl.l_len = (off_t)(end - start);
    while (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) != 0) {
        if (errno == EINTR && wait && !sync_terminating(sync_current()))
            continue;
        if (errno == EBADF && type == F_WRLCK) {
            /* A descriptor without write access cannot hold a write lock:
             * the best other processes can see is a read lock. */
            type = fl.l_type = F_RDLCK;
            continue;
        }
        return errno == EBADF ? 0 : -1; /* O_PATH descriptors: ours only */
    }
    return 0;
}

/* Makes f's OFD locks on [start, end) match the list: unlock, then the
 * shared locks, then the exclusive ones over them. Called with
 * locks_mutex held; these never wait (we held the ranges already). */
static void ofd_resync(struct nt_file *f, uint64_t start, uint64_t end)
{
    ofd_lock(f->fd, F_UNLCK, start, end, false);
    for (int pass = 0; pass < 2; pass++)
        for (const struct file_lock *l = locks; l; l = l->next)
            if (l->owner == f && l->exclusive == (pass == 1) && overlaps(l, start, end))
                ofd_lock(f->fd, l->exclusive ? F_WRLCK : F_RDLCK,
                         l->start > start ? l->start : start, l->end < end ? l->end : end, false);
}

/* Takes f's new lock l at the OFD level: exclusive locks over the whole
 * range; shared ones only where f holds no exclusive lock, which POSIX
 * would otherwise turn into a read lock. */
static int ofd_acquire(struct nt_file *f, const struct file_lock *nl, bool wait)
{
    uint64_t cur = nl->start;

    if (nl->exclusive)
        return ofd_lock(f->fd, F_WRLCK, nl->start, nl->end, wait);
    while (cur < nl->end) {
        uint64_t gap_end = nl->end;
        bool covered = false;

        for (const struct file_lock *l = locks; l; l = l->next) {
            if (l->owner != f || !l->exclusive || l == nl)
                continue;
            if (l->start <= cur && cur < l->end) {
                cur = l->end;
                covered = true;
                break;
            }
            if (l->start > cur && l->start < gap_end)
                gap_end = l->start;
        }
        if (covered)
            continue;
        if (ofd_lock(f->fd, F_RDLCK, cur, gap_end, wait) != 0)
            return -1;
        cur = gap_end;
    }
    return 0;
}

/* Reads the offset and length LARGE_INTEGERs into [start, end). */
static NTSTATUS read_range(const void *goff, const void *glen, uint64_t *start, uint64_t *end)
{
    LARGE_INTEGER off, len;

    if (!goff || !glen || !guest_read(&off, goff, sizeof off) || !guest_read(&len, glen, sizeof len))
        return STATUS_ACCESS_VIOLATION;
    *start = (uint64_t)off.QuadPart;
    *end = *start + (uint64_t)len.QuadPart;
    /* The last byte locked must not wrap around. */
    if (len.QuadPart && *end - 1 < *start)
        return STATUS_INVALID_LOCK_RANGE;
    if (!len.QuadPart)
        *end = *start;
    else if (*end < *start)
        *end = UINT64_MAX; /* up to and including the last byte */
    return STATUS_SUCCESS;
}

static NTSTATUS lockable(struct nt_file *f)
{
    if (f->is_dir || f->device_type != FILE_DEVICE_DISK)
        return STATUS_INVALID_DEVICE_REQUEST;
    if (f->unix_path && !(f->access & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA)))
        return STATUS_ACCESS_DENIED;
    return STATUS_SUCCESS;
}

/* NtLockFile: completes synchronously (event and APC are not signalled,
 * as with our other file services). */
NTSTATUS svc_NtLockFile(HANDLE h, HANDLE event, void *apc, void *apc_ctx, IO_STATUS_BLOCK *iosb,
                        const void *offset, const void *length, ULONG key, ULONG fail_immediately,
                        ULONG exclusive)
{
    struct file_lock *nl = NULL;
    struct nt_file *f;
    uint64_t start, end;
    NTSTATUS s;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if ((s = lockable(f)) || (s = read_range(offset, length, &start, &end)))
        goto out;
    if (!(nl = calloc(1, sizeof *nl))) {
        s = STATUS_NO_MEMORY;
        goto out;
    }
    *nl = (struct file_lock){ f, f->dev, f->ino, start, end, key, (exclusive & 0xff) != 0, NULL };

    pthread_mutex_lock(&locks_mutex);
    while (conflicts(f, start, end, nl->exclusive)) {
        if (fail_immediately & 0xff) {
            s = STATUS_LOCK_NOT_GRANTED;
            break;
        }
        pthread_cond_wait(&locks_changed, &locks_mutex);
    }
    if (s == STATUS_SUCCESS) {
        nl->next = locks;
        locks = nl;
        __atomic_add_fetch(&nlocks, 1, __ATOMIC_RELAXED);
        /* Our own handles are settled; what is left to wait for is other
         * processes, without holding up this one's lock traffic. */
        pthread_mutex_unlock(&locks_mutex);
        int r = start == end ? 0 : ofd_acquire(f, nl, !(fail_immediately & 0xff));
        int err = errno;
        pthread_mutex_lock(&locks_mutex);
        if (r != 0) {
            for (struct file_lock **p = &locks; *p; p = &(*p)->next)
                if (*p == nl) {
                    *p = nl->next;
                    break;
                }
            __atomic_sub_fetch(&nlocks, 1, __ATOMIC_RELAXED);
            ofd_resync(f, start, end);
            pthread_cond_broadcast(&locks_changed);
            s = (err == EAGAIN || err == EACCES) ? STATUS_LOCK_NOT_GRANTED : nt_status_from_errno(err);
        } else {
            nl = NULL;
        }
    }
    pthread_mutex_unlock(&locks_mutex);
    if (s == STATUS_SUCCESS) {
        iosb->Status = STATUS_SUCCESS;
        iosb->Information = 0;
    }
out:
    free(nl);
    object_release(&f->hdr);
    return s;
}

/* NtUnlockFile: the range must be exactly one this handle locked. */
NTSTATUS svc_NtUnlockFile(HANDLE h, IO_STATUS_BLOCK *iosb, const void *offset, const void *length,
                          ULONG key)
{
    struct file_lock *found = NULL;
    struct nt_file *f;
    uint64_t start, end;
    NTSTATUS s;

    if (!(f = file_get(h, &s)))
        return s;
    if (!iosb) {
        s = STATUS_ACCESS_VIOLATION;
        goto out;
    }
    if ((s = lockable(f)) || (s = read_range(offset, length, &start, &end)))
        goto out;
    pthread_mutex_lock(&locks_mutex);
    for (struct file_lock **p = &locks; *p; p = &(*p)->next) {
        struct file_lock *l = *p;
        if (l->owner == f && l->start == start && l->end == end && l->key == key) {
            *p = l->next;
            found = l;
            break;
        }
    }
    if (found) {
        __atomic_sub_fetch(&nlocks, 1, __ATOMIC_RELAXED);
        ofd_resync(f, start, end);
        pthread_cond_broadcast(&locks_changed);
    }
    pthread_mutex_unlock(&locks_mutex);
    if (!found)
        s = STATUS_RANGE_NOT_LOCKED;
    else {
        free(found);
        iosb->Status = STATUS_SUCCESS;
        iosb->Information = 0;
    }
out:
    object_release(&f->hdr);
    return s;
}

void lock_file_closed(struct nt_file *f)
{
    bool had = false;

    if (!__atomic_load_n(&nlocks, __ATOMIC_RELAXED))
        return;
    pthread_mutex_lock(&locks_mutex);
    for (struct file_lock **p = &locks; *p;) {
        struct file_lock *l = *p;
        if (l->owner == f) {
            *p = l->next;
            free(l);
            __atomic_sub_fetch(&nlocks, 1, __ATOMIC_RELAXED);
            had = true;
        } else {
            p = &l->next;
        }
    }
    if (had) {
        /* A section may hold a duplicate of the descriptor, which would
         * keep the OFD locks alive past the handle's close. */
        ofd_lock(f->fd, F_UNLCK, 0, UINT64_MAX, false);
        pthread_cond_broadcast(&locks_changed);
    }
    pthread_mutex_unlock(&locks_mutex);
}

NTSTATUS lock_check_io(struct nt_file *f, off_t off, size_t len, bool write)
{
    NTSTATUS s = STATUS_SUCCESS;
    uint64_t start, end;

    if (!len || !__atomic_load_n(&nlocks, __ATOMIC_RELAXED))
        return STATUS_SUCCESS;
    if (off < 0 && (off = lseek(f->fd, 0, SEEK_CUR)) < 0)
        return STATUS_SUCCESS; /* no position: not a lockable file */
    start = (uint64_t)off;
    end = start + len;
    pthread_mutex_lock(&locks_mutex);
    for (const struct file_lock *l = locks; l; l = l->next) {
        if (!same_file(l, f) || !overlaps(l, start, end))
            continue;
        /* Exclusive: other handles may neither read nor write. Shared:
         * nobody writes, the locking handle included. */
        if ((l->exclusive && l->owner != f) || (write && !l->exclusive)) {
            s = STATUS_FILE_LOCK_CONFLICT;
            break;
        }
    }
    pthread_mutex_unlock(&locks_mutex);
    return s;
}
