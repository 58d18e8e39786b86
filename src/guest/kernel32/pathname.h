/* pathname.h: Windows' DOS path rules (GetFullPathName), as plain C with no
 * Windows headers so that they are unit-tested on the host
 * (tests/unit/test_guest_path.c). Paths are NUL-terminated UTF-16. */
#ifndef WOW64_GUEST_PATHNAME_H
#define WOW64_GUEST_PATHNAME_H

#include <stddef.h>
#include <stdint.h>

/* RtlDetermineDosPathNameType_U's classification. */
enum pathname_type {
    PATHNAME_UNKNOWN,
    PATHNAME_UNC,               /* \\server\share\x */
    PATHNAME_DRIVE_ABSOLUTE,    /* C:\x */
    PATHNAME_DRIVE_RELATIVE,    /* C:x */
    PATHNAME_ROOTED,            /* \x */
    PATHNAME_RELATIVE,          /* x */
    PATHNAME_LOCAL_DEVICE,      /* \\.\x */
    PATHNAME_ROOT_LOCAL_DEVICE, /* \\?\x, \\. and \\? */
};

enum pathname_type pathname_type(const uint16_t *path);

/* Units of work space pathname_full needs (NUL included). */
size_t pathname_work_size(const uint16_t *path, const uint16_t *cwd, const uint16_t *drive_dir);

/* The full, normalised form of path, written to work: separators become
 * backslashes and collapse, "." and ".." are resolved without climbing
 * above the root, a component's single trailing dot and the final
 * component's trailing dots and spaces go, and DOS device names (CON,
 * NUL, COM1, ...) become \\.\NAME. Relative forms are resolved against
 * cwd (the current directory, trailing backslash optional); drive-relative
 * ones (C:x) against drive_dir, that drive's current directory (NULL: its
 * root). \\?\ paths are returned unchanged. Returns the length; *file is
 * the offset of the final component, or (size_t)-1 when the result ends
 * in a backslash. */
size_t pathname_full(const uint16_t *path, const uint16_t *cwd, const uint16_t *drive_dir,
                     uint16_t *work, size_t *file);

/* The length of the leading part of a full path that ".." cannot remove
 * (C:\ -> 3, \\server\share -> up to the share, \\.\ -> 4). */
size_t pathname_root_length(const uint16_t *full);

#endif
