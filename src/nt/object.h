/* Kernel objects and the process handle table. */
#ifndef WOW64_OBJECT_H
#define WOW64_OBJECT_H

#include "nt.h"

enum nt_object_type {
    NT_OBJECT_ANY = 0,
    NT_OBJECT_FILE,
};

struct nt_object {
    enum nt_object_type type;
    int refs;
    void (*destroy)(struct nt_object *obj);
};

/* A file or device opened on a host file descriptor. */
struct nt_file {
    struct nt_object hdr;
    int fd;
    ULONG access;
    ULONG options;
    ULONG device_type; /* FILE_DEVICE_* */
};

#define FILE_DEVICE_DISK 0x07
#define FILE_DEVICE_NAMED_PIPE 0x11
#define FILE_DEVICE_NULL 0x15
#define FILE_DEVICE_CONSOLE 0x50

void object_init(struct nt_object *obj, enum nt_object_type type,
                 void (*destroy)(struct nt_object *obj));
void object_ref(struct nt_object *obj);
void object_release(struct nt_object *obj);

/* Handles are multiples of 4, starting at 4; -1/-2 are pseudo-handles. */
NTSTATUS handle_alloc(struct nt_object *obj, HANDLE *out);
/* The object behind h with a reference taken, or NULL (*status says why). */
struct nt_object *handle_get(HANDLE h, enum nt_object_type type, NTSTATUS *status);
NTSTATUS handle_close(HANDLE h);

/* Wraps a host descriptor (taken over) as a file object with a handle. */
NTSTATUS file_from_fd(int fd, ULONG access, HANDLE *out);

#endif
