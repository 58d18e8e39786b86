/* File-system redirection for a 32-bit process (spec section 2): NT names
 * under C:\Windows\System32 go to SysWOW64, with Windows 7's exemptions;
 * Sysnative reaches the real System32. Pure: names in, names out. */
#include "redirect.h"

#include <string.h>

#define WINDIR "\\??\\C:\\Windows"

static uint16_t fold(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? (uint16_t)(c - 32) : c;
}

/* Case-insensitive match of an ASCII word at name[pos]; the match must end
 * at a component boundary (end or backslash). Returns the length or 0. */
static size_t match_component(const uint16_t *name, size_t len, size_t pos, const char *word)
{
    size_t n = strlen(word);

    if (pos + n > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fold(name[pos + i]) != fold((uint16_t)(unsigned char)word[i]))
            return 0;
    if (pos + n < len && name[pos + n] != '\\')
        return 0;
    return n;
}

/* Whether the name starts with a path of whole components. */
static size_t match_path(const uint16_t *name, size_t len, size_t pos, const char *path)
{
    size_t n = strlen(path);

    if (pos + n > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fold(name[pos + i]) != fold((uint16_t)(unsigned char)path[i]))
            return 0;
    if (pos + n < len && name[pos + n] != '\\')
        return 0;
    return n;
}

/* The System32 subdirectories that are not redirected (Windows 7 and
 * later), matched from the position just after "System32\". */
static bool exempt(const uint16_t *name, size_t len, size_t pos)
{
    static const char *const dirs[] = { "catroot", "catroot2", "driverstore", "drivers\\etc",
                                         "logfiles", "spool" };

    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        if (match_path(name, len, pos, dirs[i]))
            return true;
    return false;
}

static bool emit(uint16_t *out, size_t max, size_t *out_len, const uint16_t *name, size_t cut,
                 const char *replacement, size_t resume, size_t len)
{
    size_t r = strlen(replacement), total = cut + r + (len - resume);

    if (total > max)
        return false;
    memmove(out, name, cut * sizeof *name);
    for (size_t i = 0; i < r; i++)
        out[cut + i] = (uint16_t)(unsigned char)replacement[i];
    memmove(out + cut + r, name + resume, (len - resume) * sizeof *name);
    *out_len = total;
    return true;
}

bool redirect_fs_path(const uint16_t *name, size_t len, bool disabled, uint16_t *out, size_t max,
                      size_t *out_len)
{
    size_t w = strlen(WINDIR), n;

    /* Only names that begin \??\C:\Windows\ (any case, single backslashes). */
    if (!match_path(name, len, 0, WINDIR) || len == w)
        return false;
    w++; /* past the backslash after Windows */
    if ((n = match_component(name, len, w, "Sysnative")))
        return emit(out, max, out_len, name, w, "System32", w + n, len);
    if (disabled)
        return false;
    if ((n = match_component(name, len, w, "System32"))) {
        if (w + n < len && exempt(name, len, w + n + 1))
            return false;
        return emit(out, max, out_len, name, w, "SysWOW64", w + n, len);
    }
    if ((n = match_path(name, len, w, "lastgood\\System32")))
        return emit(out, max, out_len, name, w, "lastgood\\SysWOW64", w + n, len);
    if (match_component(name, len, w, "regedit.exe") && w + 11 == len)
        return emit(out, max, out_len, name, w, "SysWOW64\\", w, len);
    return false;
}

bool redirect_fs_relative(enum redirect_root root, const uint16_t *name, size_t len, bool disabled,
                          uint16_t *out, size_t max, size_t *out_len)
{
    uint16_t full[1024];
    const char *base = root == REDIRECT_ROOT_WINDOWS ? WINDIR "\\" : WINDIR "\\System32\\";
    size_t b = strlen(base), flen;

    /* Names beginning with a backslash are not relative to the handle. */
    if (root == REDIRECT_ROOT_OTHER || (len && name[0] == '\\') || b + len > 1024)
        return false;
    for (size_t i = 0; i < b; i++)
        full[i] = (uint16_t)(unsigned char)base[i];
    memcpy(full + b, name, len * sizeof *name);
    if (!redirect_fs_path(full, b + len, disabled, out, max, &flen))
        return false;
    /* The result is an absolute name: the caller drops the root handle. */
    *out_len = flen;
    return true;
}
