/* Kernel objects and the process handle table. */
#ifndef WOW64_OBJECT_H
#define WOW64_OBJECT_H

#include "nt.h"

#include <sys/stat.h>
#include <time.h>

#include "ntpath.h"

enum nt_object_type {
    NT_OBJECT_ANY = 0,
    NT_OBJECT_FILE,
    NT_OBJECT_SECTION,
    NT_OBJECT_PROCESS, /* a child process (spawn.c) */
    NT_OBJECT_THREAD,  /* a child's main thread: waits and queries go to its process */
    NT_OBJECT_EVENT,   /* sync.c */
    NT_OBJECT_MUTANT,
    NT_OBJECT_SEMAPHORE,
    NT_OBJECT_TIMER,
    NT_OBJECT_KEYED_EVENT,
    NT_OBJECT_GUEST_THREAD, /* a thread of this process (thread.c) */
    NT_OBJECT_TOKEN,        /* an access token (token.c) */
    NT_OBJECT_KEY,          /* a registry key (registry_key.c) */
};

struct nt_object {
    enum nt_object_type type;
    int refs;
    void (*destroy)(struct nt_object *obj);
    struct nt_object *retired_next; /* closed while in use (handle.c) */
};

struct file_dir_state;

/* A file or device opened on a host file descriptor. Files opened by name
 * also carry their host path and sit in the process-wide share table
 * (keyed by dev/ino) that enforces Windows' share modes and delete-pending
 * state across handles. */
struct nt_file {
    struct nt_object hdr;
    int fd;
    ULONG access;
    ULONG options;
    ULONG device_type; /* FILE_DEVICE_* */
    char *unix_path;   /* NULL for descriptors not opened by name */
    bool is_dir;
    ULONG share;       /* FILE_SHARE_* given at open */
    bool delete_on_close; /* FILE_DELETE_ON_CLOSE: delete pending at close */
    bool delete_pending;  /* FileDispositionInformation (shared per inode) */
    bool shared;          /* linked in the share table */
    uint64_t dev, ino;
    struct nt_file *share_next;
    struct file_dir_state *dir; /* NtQueryDirectoryFile state, lazily made */
};

#define FILE_DEVICE_DISK 0x07
#define FILE_DEVICE_NAMED_PIPE 0x11
#define FILE_DEVICE_NULL 0x15
#define FILE_DEVICE_CONSOLE 0x50

/* winnt.h / ntifs.h values the file services use. */
#define FILE_READ_DATA 0x0001
#define FILE_WRITE_DATA 0x0002
#define FILE_APPEND_DATA 0x0004
#define FILE_READ_EA 0x0008
#define FILE_WRITE_EA 0x0010
#define FILE_EXECUTE 0x0020
#define FILE_READ_ATTRIBUTES 0x0080
#define FILE_WRITE_ATTRIBUTES 0x0100
#define DELETE 0x00010000
#define READ_CONTROL 0x00020000
#define SYNCHRONIZE 0x00100000
#define MAXIMUM_ALLOWED 0x02000000
#define GENERIC_ALL 0x10000000
#define GENERIC_EXECUTE 0x20000000
#define GENERIC_WRITE 0x40000000
#define GENERIC_READ 0x80000000u
#define FILE_GENERIC_READ 0x00120089
#define FILE_GENERIC_WRITE 0x00120116
#define FILE_GENERIC_EXECUTE 0x001200A0
#define FILE_ALL_ACCESS 0x001F01FF
#define FILE_SHARE_READ 1
#define FILE_SHARE_WRITE 2
#define FILE_SHARE_DELETE 4
#define FILE_ATTRIBUTE_READONLY 0x01
#define FILE_ATTRIBUTE_HIDDEN 0x02
#define FILE_ATTRIBUTE_DIRECTORY 0x10
#define FILE_ATTRIBUTE_ARCHIVE 0x20
#define FILE_ATTRIBUTE_NORMAL 0x80
#define FILE_DIRECTORY_FILE 0x0001
#define FILE_WRITE_THROUGH 0x0002
#define FILE_SEQUENTIAL_ONLY 0x0004
#define FILE_NO_INTERMEDIATE_BUFFERING 0x0008
#define FILE_SYNCHRONOUS_IO_ALERT 0x0010
#define FILE_SYNCHRONOUS_IO_NONALERT 0x0020
#define FILE_NON_DIRECTORY_FILE 0x0040
#define FILE_DELETE_ON_CLOSE 0x1000

/* A child process started by Wow64CreateProcess (spawn.c): a host
 * process running wow64run again. Its exit code comes from a pipe the
 * child writes its full 32-bit code to (WOW64_EXIT_FD), else from its
 * 8-bit wait status. */
struct nt_child {
    struct nt_object hdr;
    int pid;
    int pidfd;        /* pidfd_open, or -1: waits poll waitpid instead */
    int exit_fd;      /* read end of the exit-code pipe, or -1 once read */
    int resume_fd;    /* CREATE_SUSPENDED: write end of its resume pipe, or -1 */
    bool exited;      /* reaped */
    bool terminated;  /* NtTerminateProcess killed it with term_code */
    uint32_t exit_code;
    uint32_t term_code;
};

/* A child's main thread: the same host process. */
struct nt_child_thread {
    struct nt_object hdr;
    struct nt_child *process; /* a reference */
};

/* The child behind a process or thread handle (a reference), or NULL with
 * *status set; a handle of another type gives STATUS_OBJECT_TYPE_MISMATCH. */
struct nt_child *child_get(HANDLE h, bool thread_ok, NTSTATUS *status);
/* Reaps the child if it has exited (never blocks); true once it has. */
bool child_poll(struct nt_child *c);
/* Ends a running child with code (SIGKILL); STATUS_ACCESS_DENIED when it
 * has already exited, as Windows answers. */
NTSTATUS child_terminate(struct nt_child *c, uint32_t code);
/* NtResumeThread on a child's thread handle: starts a child created
 * suspended (*prev = 1), else nothing (*prev = 0). */
NTSTATUS child_resume(HANDLE thread, uint32_t *prev);

struct ntpath;
/* An NT name to a host path, after WOW64 file-system redirection. */
NTSTATUS file_resolve_name(const uint16_t *name, size_t len_bytes, const struct nt_file *root,
                           struct ntpath *np);

void object_init(struct nt_object *obj, enum nt_object_type type,
                 void (*destroy)(struct nt_object *obj));
void object_ref(struct nt_object *obj);
void object_release(struct nt_object *obj);

/* Handles are multiples of 4, starting at 4; -1/-2 are pseudo-handles.
 * handle_alloc_flags gives the new handle HANDLE_FLAG_INHERIT (1) and/or
 * HANDLE_FLAG_PROTECT_FROM_CLOSE (2). */
NTSTATUS handle_alloc(struct nt_object *obj, HANDLE *out);
NTSTATUS handle_alloc_flags(struct nt_object *obj, ULONG flags, HANDLE *out);
/* handle_alloc with HANDLE_FLAG_INHERIT when attr (may be NULL) asks for
 * OBJ_INHERIT. */
#define OBJ_INHERIT 0x2
NTSTATUS handle_alloc_attr(struct nt_object *obj, const OBJECT_ATTRIBUTES *attr, HANDLE *out);
/* Stores obj under the given value (STATUS_INVALID_HANDLE: taken). */
NTSTATUS handle_alloc_at(struct nt_object *obj, ULONG flags, HANDLE h);
/* The inheritable handles of objects of one type, each object with a
 * reference taken (at most max; the others are logged as not inherited). */
size_t handle_collect_inheritable(enum nt_object_type type, HANDLE *handles,
                                  struct nt_object **objs, size_t max);
/* The object behind h with a reference taken, or NULL (*status says why). */
struct nt_object *handle_get(HANDLE h, enum nt_object_type type, NTSTATUS *status);
/* The object behind h for the rest of the calling thread's service,
 * without a lock or a reference (what a hot service uses); give it back
 * with handle_unuse before the service returns. NULL: *status says why. */
struct nt_object *handle_use(HANDLE h, enum nt_object_type type, NTSTATUS *status);
void handle_unuse(struct nt_object *obj);
/* Removes h (STATUS_HANDLE_NOT_CLOSABLE when protected from close). */
NTSTATUS handle_close(HANDLE h);
/* Reads h's HANDLE_FLAG_* bits into *get (may be NULL), then replaces the
 * bits in mask by those of set. STATUS_INVALID_HANDLE for a bad h. */
NTSTATUS handle_flags(HANDLE h, ULONG *get, ULONG mask, ULONG set);
/* How many handles name obj (NtQueryObject's HandleCount). */
ULONG handle_count_of(const struct nt_object *obj);
/* A thread is leaving: gives back an object it still uses. */
struct cpu_thread;
void handle_thread_exit(struct cpu_thread *t);

/* Wraps a host descriptor (taken over) as a file object with a handle. */
NTSTATUS file_from_fd(int fd, ULONG access, HANDLE *out);

/* Between the file modules (file.c, file_open.c, file_info.c, file_dir.c).
 * file_get takes a reference (object_release); file_use does not
 * (file_unuse, before the service returns: handle_use). */
struct nt_file *file_get(HANDLE h, NTSTATUS *s);
struct nt_file *file_use(HANDLE h, NTSTATUS *s);
void file_unuse(struct nt_file *f);
/* A new file object on fd (taken over) with path (taken over, may be NULL). */
struct nt_file *file_new(int fd, ULONG access, char *unix_path);
/* Checks f's access/share against the other opens of its inode and links it
 * into the share table; STATUS_SHARING_VIOLATION or STATUS_DELETE_PENDING. */
NTSTATUS file_share_attach(struct nt_file *f);
/* Whether every open of dev/ino shares delete (rename/delete by name). */
NTSTATUS file_share_check_delete(uint64_t dev, uint64_t ino);
/* Sets or clears delete-pending on every open of f's inode. */
void file_set_delete_pending(struct nt_file *f, bool pending);
/* Records a rename of f's inode to new_path (taken over) in every open. */
void file_renamed(struct nt_file *f, char *new_path);
void file_dir_free(struct file_dir_state *d);
/* Byte-range locks (lock.c): drops every lock f holds (its last close),
 * and checks a read or write of len bytes at off (-1: the file pointer)
 * against the other handles' locks: STATUS_FILE_LOCK_CONFLICT. */
void lock_file_closed(struct nt_file *f);
NTSTATUS lock_check_io(struct nt_file *f, off_t off, size_t len, bool write);
/* The FILE_ATTRIBUTE_* bits for a host file (name: its last component). */
ULONG file_attributes(const struct stat *st, const char *name);
/* A host time as a Windows FILETIME (100 ns units since 1601). */
LONGLONG file_time(const struct timespec *ts);
/* The creation time of a file (statx birth time when the host has it). */
LONGLONG file_creation_time(int dirfd, const char *path, const struct stat *st);
/* UTF-8 -> UTF-16 into out (max characters); returns the full length in
 * characters (may exceed max: the caller truncates). */
size_t file_utf8_to_utf16(const char *s, uint16_t *out, size_t max);
/* The 32-bit FILE_BASIC_INFORMATION (40 bytes) and
 * FILE_NETWORK_OPEN_INFORMATION (56 bytes) of a host file. */
void file_basic_info(const struct stat *st, LONGLONG ctime, const char *name, uint8_t out[40]);
void file_network_info(const struct stat *st, LONGLONG ctime, const char *name, uint8_t out[56]);

#endif
