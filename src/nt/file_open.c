/* Files by name: NtCreateFile/NtOpenFile (dispositions, directories,
 * devices, share modes, read-only files, delete on close), NtDeleteFile,
 * and the attribute queries by name. Names go through ntpath_resolve. */
#include "object.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cpu/cpu.h"
#include "../redirect/redirect.h"
#include "log.h"
#include "path.h"

#define FILE_SUPERSEDE 0
#define FILE_OPEN 1
#define FILE_CREATE 2
#define FILE_OPEN_IF 3
#define FILE_OVERWRITE 4
#define FILE_OVERWRITE_IF 5

#define FILE_SUPERSEDED 0
#define FILE_OPENED 1
#define FILE_CREATED 2
#define FILE_OVERWRITTEN 3

/* Generic rights as the file object type maps them. */
static ULONG map_access(ULONG access)
{
    if (access & GENERIC_READ)
        access |= FILE_GENERIC_READ;
    if (access & GENERIC_WRITE)
        access |= FILE_GENERIC_WRITE;
    if (access & GENERIC_EXECUTE)
        access |= FILE_GENERIC_EXECUTE;
    if (access & GENERIC_ALL)
        access |= FILE_ALL_ACCESS;
    return access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

static bool host_readonly(const struct stat *st)
{
    return !(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH));
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');

    return b && b[1] ? b + 1 : path;
}

/* The unix path of a RootDirectory handle, which must be a directory
 * opened by name. */
static NTSTATUS root_path(HANDLE root, struct nt_file **out)
{
    NTSTATUS s;
    struct nt_file *d;

    *out = NULL;
    if (!root)
        return STATUS_SUCCESS;
    if (!(d = file_get(root, &s)))
        return s;
    if (!d->is_dir || !d->unix_path) {
        object_release(&d->hdr);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *out = d;
    return STATUS_SUCCESS;
}

/* Which redirection rule a RootDirectory falls under: handles for
 * C:\Windows and C:\Windows\System32 redirect relative names. */
static enum redirect_root root_kind(const struct nt_file *root)
{
    size_t w = strlen(prefix_windows);

    if (!root || !root->unix_path || strncmp(root->unix_path, prefix_windows, w))
        return REDIRECT_ROOT_OTHER;
    if (!root->unix_path[w])
        return REDIRECT_ROOT_WINDOWS;
    if (!strcasecmp(root->unix_path + w, "/System32"))
        return REDIRECT_ROOT_SYSTEM32;
    return REDIRECT_ROOT_OTHER;
}

/* Resolves an NT name to a host path after the WOW64 file-system
 * redirection the calling thread is under (spec section 2). Every service
 * that takes a file name goes through here: create/open, delete,
 * attribute queries and rename targets. */
NTSTATUS file_resolve_name(const uint16_t *name, size_t len_bytes, const struct nt_file *root,
                           struct ntpath *np)
{
    struct cpu_thread *t = cpu_current();
    bool disabled = t && t->fs_redirect_disabled;
    uint16_t buf[2048];
    size_t n;
    bool redirected = root ? redirect_fs_relative(root_kind(root), name, len_bytes / 2, disabled,
                                                  buf, sizeof buf / sizeof *buf, &n)
                           : redirect_fs_path(name, len_bytes / 2, disabled, buf,
                                              sizeof buf / sizeof *buf, &n);

    if (redirected)
        return ntpath_resolve(buf, n * 2, NULL, np);
    return ntpath_resolve(name, len_bytes, root ? root->unix_path : NULL, np);
}

/* Resolves attr's name (relative to its RootDirectory) to a host path. */
static NTSTATUS resolve(const OBJECT_ATTRIBUTES *attr, struct ntpath *np)
{
    struct nt_file *root;
    NTSTATUS s;

    memset(np, 0, sizeof *np);
    if (!attr)
        return STATUS_INVALID_PARAMETER;
    if (!attr->ObjectName)
        return STATUS_OBJECT_NAME_INVALID;
    if ((s = root_path(attr->RootDirectory, &root)) != STATUS_SUCCESS)
        return s;
    s = file_resolve_name(attr->ObjectName->Buffer, attr->ObjectName->Length, root, np);
    if (root)
        object_release(&root->hdr);
    return s;
}

/* Console and NUL devices. CONIN$/CONOUT$/CON open the process's
 * controlling terminal (/dev/tty) when it has one, as a Windows console
 * program's console is its own whatever its std handles are redirected
 * to; without one they duplicate the std descriptor (0 for input, 1 for
 * output), which is what the program's console handles wrap. */
static NTSTATUS open_device(int device, ULONG access, int *fd)
{
    bool in = device == NTPATH_DEVICE_CONIN ||
              (device == NTPATH_DEVICE_CON && !(access & (FILE_WRITE_DATA | FILE_APPEND_DATA)));
    int mode = (access & (FILE_WRITE_DATA | FILE_APPEND_DATA))
                   ? ((access & FILE_READ_DATA) ? O_RDWR : O_WRONLY)
                   : O_RDONLY;

    if (device == NTPATH_DEVICE_NUL)
        *fd = open("/dev/null", mode | O_CLOEXEC);
    else if ((*fd = open("/dev/tty", mode | O_CLOEXEC | O_NOCTTY)) < 0)
        *fd = fcntl(in ? 0 : 1, F_DUPFD_CLOEXEC, 3);
    return *fd < 0 ? nt_status_from_errno(errno) : STATUS_SUCCESS;
}

/* Opens the host file or directory; O_PATH when no data access is asked
 * and the host refuses a read open (metadata-only handles, as Windows
 * gives for FILE_READ_ATTRIBUTES/DELETE on files it cannot read). */
static int open_host(const char *path, int flags, bool data_access, mode_t mode)
{
    int fd = open(path, flags | O_CLOEXEC | O_NOCTTY, mode);

    if (fd < 0 && errno == EACCES && !data_access && !(flags & O_CREAT))
        fd = open(path, O_PATH | O_CLOEXEC | (flags & O_DIRECTORY));
    return fd;
}

NTSTATUS svc_NtCreateFile(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, IO_STATUS_BLOCK *iosb,
                          void *alloc_size, ULONG attributes, ULONG share, ULONG disposition,
                          ULONG options, void *ea, ULONG ea_len)
{
    struct ntpath np;
    struct nt_file *f = NULL;
    struct stat st;
    NTSTATUS s;
    ULONG info = FILE_OPENED;
    int fd = -1, flags;
    bool want_read, want_write, created = false, truncate_after = false;

    if (!out || !iosb)
        return STATUS_ACCESS_VIOLATION;
    if (disposition > FILE_OVERWRITE_IF ||
        (options & (FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE)) ==
            (FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DIRECTORY_FILE) && disposition != FILE_CREATE &&
        disposition != FILE_OPEN && disposition != FILE_OPEN_IF)
        return STATUS_INVALID_PARAMETER;
    access = map_access(access);
    if (access & MAXIMUM_ALLOWED)
        access = (access & ~MAXIMUM_ALLOWED) | FILE_ALL_ACCESS;
    if ((options & FILE_DELETE_ON_CLOSE) && !(access & DELETE))
        return STATUS_INVALID_PARAMETER;
    if (ea && ea_len)
        log_fixme("ntdll", "NtCreateFile", "extended attributes ignored");
    want_read = access & (FILE_READ_DATA | FILE_EXECUTE);
    want_write = access & (FILE_WRITE_DATA | FILE_APPEND_DATA);

    if ((s = resolve(attr, &np)) != STATUS_SUCCESS)
        return s;
    if (np.device) {
        if ((s = open_device(np.device, access, &fd)) != STATUS_SUCCESS)
            goto out;
        if (!(f = file_new(fd, access, NULL))) {
            close(fd);
            s = STATUS_NO_MEMORY;
            goto out;
        }
        f->options = options;
        goto publish;
    }

    if (np.exists && stat(np.unix_path, &st) != 0) {
        s = nt_status_from_errno(errno);
        goto out;
    }
    if (np.exists) {
        bool dir = S_ISDIR(st.st_mode);

        if (disposition == FILE_CREATE) {
            s = STATUS_OBJECT_NAME_COLLISION;
            goto out;
        }
        if (dir && (options & FILE_NON_DIRECTORY_FILE)) {
            s = STATUS_FILE_IS_A_DIRECTORY;
            goto out;
        }
        if (!dir && (options & FILE_DIRECTORY_FILE)) {
            s = STATUS_NOT_A_DIRECTORY;
            goto out;
        }
        /* The READONLY attribute refuses writers whatever our uid (the
         * host would let root through). */
        if (!dir && host_readonly(&st) &&
            (want_write || disposition == FILE_OVERWRITE || disposition == FILE_OVERWRITE_IF ||
             disposition == FILE_SUPERSEDE)) {
            s = STATUS_ACCESS_DENIED;
            goto out;
        }
        if ((options & FILE_DELETE_ON_CLOSE) && !dir && host_readonly(&st)) {
            s = STATUS_CANNOT_DELETE;
            goto out;
        }
        if (dir)
            flags = O_RDONLY | O_DIRECTORY;
        else
            flags = want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
        if (!dir && disposition != FILE_OPEN && disposition != FILE_OPEN_IF) {
            /* Truncate only once the share check has passed. */
            truncate_after = true;
            info = disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
        }
        if ((fd = open_host(np.unix_path, flags, want_read || want_write, 0)) < 0) {
            s = nt_status_from_errno(errno);
            goto out;
        }
    } else {
        mode_t mode = (attributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;

        if (!np.parent_exists) {
            s = STATUS_OBJECT_PATH_NOT_FOUND;
            goto out;
        }
        /* "name\" may only create a directory. */
        if (np.trailing_slash && !(options & FILE_DIRECTORY_FILE)) {
            s = STATUS_OBJECT_NAME_INVALID;
            goto out;
        }
        if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
            s = STATUS_OBJECT_NAME_NOT_FOUND;
            goto out;
        }
        if (options & FILE_DIRECTORY_FILE) {
            if (mkdir(np.unix_path, (attributes & FILE_ATTRIBUTE_READONLY) ? 0555 : 0777) != 0) {
                s = nt_status_from_errno(errno);
                goto out;
            }
            fd = open(np.unix_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else {
            /* The creator may write even to a file it creates read-only. */
            flags = want_read && want_write ? O_RDWR : want_write ? O_WRONLY : O_RDONLY;
            fd = open(np.unix_path, flags | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, mode);
        }
        if (fd < 0) {
            s = nt_status_from_errno(errno);
            goto out;
        }
        created = true;
        info = FILE_CREATED;
    }
    if (!(f = file_new(fd, access, np.unix_path))) {
        close(fd);
        s = STATUS_NO_MEMORY;
        goto undo;
    }
    np.unix_path = NULL; /* now f's */
    f->options = options;
    f->share = share;
    f->delete_on_close = (options & FILE_DELETE_ON_CLOSE) != 0;
    if ((s = file_share_attach(f)) != STATUS_SUCCESS)
        goto undo;
    if ((access & FILE_APPEND_DATA) && !(access & FILE_WRITE_DATA) && !f->is_dir)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
    if (truncate_after) {
        /* FILE_OVERWRITE with read access alone still truncates. */
        if (ftruncate(fd, 0) != 0 && truncate(f->unix_path, 0) != 0) {
            s = nt_status_from_errno(errno);
            goto undo;
        }
        if (attributes & FILE_ATTRIBUTE_READONLY)
            fchmod(fd, 0444);
    }
    /* alloc_size is a hint; the host allocates as the file is written. */
publish:
    if ((s = handle_alloc_attr(&f->hdr, attr, out)) != STATUS_SUCCESS) {
        object_release(&f->hdr);
        goto out;
    }
    iosb->Status = STATUS_SUCCESS;
    iosb->Information = info;
    s = STATUS_SUCCESS;
    goto out;

undo:
    if (f) {
        /* A file we just created must not survive a failed open. */
        if (created) {
            f->delete_on_close = true;
            f->delete_pending = false;
        } else {
            f->delete_on_close = f->delete_pending = false;
        }
        object_release(&f->hdr);
    } else if (created) {
        if (options & FILE_DIRECTORY_FILE)
            rmdir(np.unix_path);
        else
            unlink(np.unix_path);
    }
out:
    ntpath_free(&np);
    return s;
}

NTSTATUS svc_NtOpenFile(HANDLE *out, ULONG access, OBJECT_ATTRIBUTES *attr, IO_STATUS_BLOCK *iosb,
                        ULONG share, ULONG options)
{
    return svc_NtCreateFile(out, access, attr, iosb, NULL, 0, share, FILE_OPEN, options, NULL, 0);
}

/* Deletes by name: a file (not read-only) or an empty directory; other
 * opens must share delete. */
NTSTATUS svc_NtDeleteFile(OBJECT_ATTRIBUTES *attr)
{
    struct ntpath np;
    struct stat st;
    NTSTATUS s;

    if ((s = resolve(attr, &np)) != STATUS_SUCCESS)
        return s;
    if (np.device)
        s = STATUS_ACCESS_DENIED;
    else if (!np.exists)
        s = np.parent_exists ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
    else if (lstat(np.unix_path, &st) != 0)
        s = nt_status_from_errno(errno);
    else if (!S_ISDIR(st.st_mode) && host_readonly(&st))
        s = STATUS_CANNOT_DELETE;
    else if ((s = file_share_check_delete(st.st_dev, st.st_ino)) == STATUS_SUCCESS &&
             (S_ISDIR(st.st_mode) ? rmdir(np.unix_path) : unlink(np.unix_path)) != 0)
        s = nt_status_from_errno(errno);
    ntpath_free(&np);
    return s;
}

/* stat() of a name for the two attribute queries. */
static NTSTATUS stat_name(OBJECT_ATTRIBUTES *attr, struct stat *st, LONGLONG *ctime,
                          char **path)
{
    struct ntpath np;
    NTSTATUS s;

    *path = NULL;
    if ((s = resolve(attr, &np)) != STATUS_SUCCESS)
        return s;
    if (np.device) {
        /* Devices answer as Windows does for \\.\NUL: no attributes to read. */
        s = STATUS_INVALID_DEVICE_REQUEST;
    } else if (!np.exists) {
        s = np.parent_exists ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
    } else if (stat(np.unix_path, st) != 0 && lstat(np.unix_path, st) != 0) {
        s = nt_status_from_errno(errno);
    } else {
        *ctime = file_creation_time(AT_FDCWD, np.unix_path, st);
        *path = np.unix_path;
        np.unix_path = NULL;
    }
    ntpath_free(&np);
    return s;
}

NTSTATUS svc_NtQueryAttributesFile(OBJECT_ATTRIBUTES *attr, void *guest_info)
{
    struct stat st;
    LONGLONG ctime;
    uint8_t info[40];
    char *path;
    NTSTATUS s;

    if ((s = stat_name(attr, &st, &ctime, &path)) != STATUS_SUCCESS)
        return s;
    file_basic_info(&st, ctime, base_name(path), info);
    free(path);
    return guest_write(guest_info, info, sizeof info) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}

NTSTATUS svc_NtQueryFullAttributesFile(OBJECT_ATTRIBUTES *attr, void *guest_info)
{
    struct stat st;
    LONGLONG ctime;
    uint8_t info[56];
    char *path;
    NTSTATUS s;

    if ((s = stat_name(attr, &st, &ctime, &path)) != STATUS_SUCCESS)
        return s;
    file_network_info(&st, ctime, base_name(path), info);
    free(path);
    return guest_write(guest_info, info, sizeof info) ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
}
