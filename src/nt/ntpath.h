/* NT object names -> host paths: the \??\C:\... namespace mapped onto the
 * prefix's drive_c (C:) and the host root (Z:), looked up case-insensitively
 * on the case-sensitive host, plus the reserved DOS devices and the
 * wildcard matching of NtQueryDirectoryFile. Self-contained: it reads no
 * other module's state (DESIGN.md, NT services). */
#ifndef WOW64_NTPATH_H
#define WOW64_NTPATH_H

#include "nt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Flags of the result. */
#define NTPATH_DEVICE_NUL     1   /* the NUL device (any directory, e.g. \??\C:\x\NUL or \??\NUL) */
#define NTPATH_DEVICE_CONIN   2   /* CONIN$ or CON opened for reading */
#define NTPATH_DEVICE_CONOUT  3   /* CONOUT$ */
#define NTPATH_DEVICE_CON     4   /* CON (read or write by access) */

struct ntpath {
    char *unix_path;     /* malloc'd host path: existing components in their on-disk case; the last
                            component as found, or as given when it does not exist. For devices a
                            hint only: "/dev/null" for NUL, "/dev/tty" for the console names. */
    bool exists;         /* the whole path exists (lstat succeeded after resolution; stat for symlinks) */
    bool parent_exists;  /* every component but the last exists and is a directory */
    int device;          /* NTPATH_DEVICE_* or 0 */
    /* Additions to the agreed API: */
    bool is_dir;         /* exists and is a directory (through a symlink too) */
    bool trailing_slash; /* the name ended in a backslash: it may only name a directory (an
                            existing non-directory was already rejected as NAME_INVALID; a
                            create must make a directory or fail with NAME_INVALID) */
};

/* Sets the host directory of C:\ (copied; NULL or "" unsets it, and C:
 * then resolves as an unknown drive). Called once at prefix setup, before
 * guest threads run. */
void ntpath_set_roots(const char *drive_c_host_dir);

/* Resolves an NT object name (UTF-16, length in bytes as in UNICODE_STRING) relative to root_unix (the host path of the RootDirectory handle's directory, or NULL for absolute names). Returns STATUS_SUCCESS (even when the file does not exist: check exists/parent_exists), or:
   STATUS_OBJECT_NAME_INVALID for names Windows rejects (empty without a root, components "." or "..", empty components, components over 255 UTF-16 units, characters < 0x20 or any of < > : " / | ? * in a component, a lone surrogate, an odd byte length; a trailing backslash is allowed only to mean a directory and is stripped),
   STATUS_OBJECT_PATH_SYNTAX_BAD (0xC000003B) for a relative name without a root,
   STATUS_INVALID_PARAMETER for a name starting with a backslash given with a root (as FAT/NTFS answer a relative open by an absolute path),
   STATUS_OBJECT_PATH_NOT_FOUND when an intermediate component is missing or not a directory (also sets parent_exists=false),
   a missing LAST component is success with exists=false (the caller decides: open -> NAME_NOT_FOUND, create -> create it),
   STATUS_OBJECT_PATH_NOT_FOUND for an unknown drive letter or unknown \??\ prefix (e.g. \??\UNC\server\share: not supported),
   STATUS_NAME_TOO_LONG past PATH_MAX (or a component the host cannot store),
   STATUS_ACCESS_DENIED when the host refuses to search a directory,
   STATUS_NO_MEMORY.
   An empty name with a root names the root directory itself (NtCreateFile reopening RootDirectory).
   out is always initialised; release it with ntpath_free whatever the status. */
NTSTATUS ntpath_resolve(const uint16_t *name, size_t len_bytes, const char *root_unix, struct ntpath *out);
void ntpath_free(struct ntpath *p);

/* Windows wildcard match of a UTF-8 name against a UTF-16 pattern as NtQueryDirectoryFile does it: '*' any run, '?' any one character, case-insensitive (ASCII + Latin-1 folding at least); also the DOS wildcards DOS_STAR '<', DOS_QM '>', DOS_DOT '"' with their documented meanings (FsRtlIsNameInExpression).
   As FsRtlIsNameInExpression, an empty pattern matches only an empty name and "*.*" needs a dot:
   NtQueryDirectoryFile treats a missing/empty mask as "*" itself, and kernel32 passes "*.*" as "*". */
bool ntpath_match(const uint16_t *pattern, size_t pattern_len_chars, const char *name_utf8);

/* Simple case folding of one code point as the lookups use it (exposed for
 * the directory-listing code): ASCII, Latin-1, Latin Extended-A, basic
 * Greek and Cyrillic, to upper case as Windows' upcase table does. */
uint32_t ntpath_fold(uint32_t c);

#endif
