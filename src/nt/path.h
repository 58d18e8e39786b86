/* Host <-> Windows path mapping and the prefix (DESIGN.md, Prefix). */
#ifndef WOW64_PATH_H
#define WOW64_PATH_H

#include <stddef.h>

/* Host directories of the prefix, set by prefix_init. */
extern char prefix_root[];    /* $WOW64_PREFIX */
extern char prefix_drive_c[]; /* <prefix>/drive_c, C:\ */
extern char prefix_syswow64[];/* C:\Windows\SysWOW64 on the host */
extern char prefix_windows[]; /* C:\Windows on the host */

/* Creates the prefix on first use and installs or refreshes the guest
 * DLLs. prefix may be NULL ($WOW64_PREFIX, else ~/.wow64). On failure
 * returns -1 with a one-line reason in err. */
int prefix_init(const char *prefix, char *err, size_t n);

/* Writes System32\<name> as a 64-bit (PE32+) resource-only DLL, the
 * native twin of a guest DLL (prefix_native.c); 0 on success. */
int prefix_write_native_dll(const char *system32, const char *name);

/* An absolute host path as a DOS path: C:\... inside drive_c, else Z:\...
 * (Z: is the host root). 0 on success. */
int path_unix_to_dos(const char *unix_path, char *out, size_t n);

#endif
