/* The redirection layer's private header: pure functions, no I/O
 * (DESIGN.md, Redirect). */
#ifndef WOW64_REDIRECT_H
#define WOW64_REDIRECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct env_var {
    const char *name;
    char value[512];
};

/* The Windows variables a process starts with (spec section 3): the
 * 32-bit column for a WOW64 process, the 64-bit one otherwise. Fills at
 * most max entries and returns how many. */
size_t redirect_env_defaults(bool wow64, const char *user, const char *computer, int ncpu,
                             struct env_var *out, size_t max);

/* File-system redirection of an NT name (UTF-16, len in characters) for
 * a 32-bit process whose thread has redirection disabled or not. Returns
 * true and writes the new name (out_len characters, max at most) when the
 * name is redirected; false when it stays as it is. Sysnative always maps
 * to System32. */
bool redirect_fs_path(const uint16_t *name, size_t len, bool disabled, uint16_t *out, size_t max,
                      size_t *out_len);

/* The same for a name relative to a directory handle: only handles for
 * C:\Windows or C:\Windows\System32 redirect, and not names beginning
 * with a backslash. On true, out is an absolute \??\ name. */
enum redirect_root { REDIRECT_ROOT_OTHER, REDIRECT_ROOT_WINDOWS, REDIRECT_ROOT_SYSTEM32 };
bool redirect_fs_relative(enum redirect_root root, const uint16_t *name, size_t len, bool disabled,
                          uint16_t *out, size_t max, size_t *out_len);

/* Registry redirection (spec section 4, Windows 7 and later). Key names
 * are NT names in UTF-16 (\REGISTRY\MACHINE\SOFTWARE\..., \REGISTRY\USER\<sid>\...),
 * compared case-insensitively; lengths are in characters. */
#define REDIRECT_KEY_WOW64_64KEY 0x0100
#define REDIRECT_KEY_WOW64_32KEY 0x0200

enum redirect_reg_view { REDIRECT_REG_VIEW_64 = 0, REDIRECT_REG_VIEW_32 = 1 };

/* The view an open, create or delete uses: KEY_WOW64_64KEY or _32KEY in
 * access when given; else the parent handle's view for a relative open
 * (parent_view >= 0); else the process's own (32 for a WOW64 process,
 * wow64 true). Both flags together: -1 (STATUS_INVALID_PARAMETER). */
int redirect_reg_view(uint32_t access, int parent_view, bool wow64);

enum redirect_reg_result {
    REDIRECT_REG_SAME,     /* the name is used as it is (shared key, 64-bit view) */
    REDIRECT_REG_CHANGED,  /* out holds the name in the store */
    REDIRECT_REG_DENIED,   /* a 32-bit view name that spells the reserved Wow6432Node
                              (fails with STATUS_OBJECT_NAME_NOT_FOUND, Windows 7+) */
    REDIRECT_REG_TOO_LONG, /* out is too small */
};

/* Maps a key's full NT name, as the program names it in view, to the name
 * of the key in the store: HKLM\SOFTWARE\X -> HKLM\SOFTWARE\Wow6432Node\X
 * in the 32-bit view except the shared subkeys; the five Classes subkeys
 * (CLSID, DirectShow, Interface, Media Type, MediaFoundation) under
 * HKLM\SOFTWARE\Classes and HKU\<sid>\Software\Classes -> their
 * Classes\Wow6432Node\<key>; the compatibility links
 * (SOFTWARE\Wow6432Node\Classes -> SOFTWARE\Classes\Wow6432Node,
 * Classes\Wow6432Node\{AppID,PROTOCOLS,TypeLib} -> Classes\{...}) in both
 * views. A name the program spells with Wow6432Node in the 64-bit view
 * reaches it as it is (only the links apply). */
enum redirect_reg_result redirect_reg_key(const uint16_t *name, size_t len,
                                          enum redirect_reg_view view, uint16_t *out, size_t max,
                                          size_t *out_len);

/* Whether a key name (full NT name, as the program names it) is shared:
 * one copy for both views. */
bool redirect_reg_shared(const uint16_t *name, size_t len);

/* The value rewrite for 32-bit writers: a REG_SZ (1) or REG_EXPAND_SZ (2)
 * value whose data begins with %ProgramFiles% or %commonprogramfiles%
 * (case-insensitive) is stored as %ProgramFiles(x86)% /
 * %CommonProgramFiles(x86)% plus the rest. data is UTF-16, len in
 * characters (the terminating NUL counted if the writer gave it). Returns
 * true and writes out when the value changes. Not applied when the key
 * was opened with KEY_WOW64_64KEY (the caller decides). */
bool redirect_reg_value(uint32_t type, const uint16_t *data, size_t len, uint16_t *out, size_t max,
                        size_t *out_len);

#endif
