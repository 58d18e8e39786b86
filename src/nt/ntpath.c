/* NT object names -> host paths (see ntpath.h). The name is converted to
 * UTF-8 once, checked without touching the disk, then resolved: one lstat
 * of the whole path when it exists with the case given (the common case),
 * otherwise a walk that lstats each component and scans a directory only
 * when the spelling given is not on disk. */
#include "ntpath.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_COMPONENT_UNITS 255 /* NTFS's limit on one name, in UTF-16 units */

static char drive_c_root[PATH_MAX];

void ntpath_set_roots(const char *drive_c_host_dir)
{
    size_t n = drive_c_host_dir ? strlen(drive_c_host_dir) : 0;

    if (n >= sizeof(drive_c_root))
        n = 0;
    /* Kept without a trailing '/', so components join as root + "/" + name;
     * "/" itself becomes "", which joins the same way. */
    while (n > 0 && drive_c_host_dir[n - 1] == '/')
        n--;
    if (n == 0 && drive_c_host_dir && drive_c_host_dir[0] == '/') {
        drive_c_root[0] = '/';
        drive_c_root[1] = 0;
        return;
    }
    memcpy(drive_c_root, drive_c_host_dir ? drive_c_host_dir : "", n);
    drive_c_root[n] = 0;
}

uint32_t ntpath_fold(uint32_t c)
{
    /* Upper case, as Windows' upcase table (so 'ß' stays 'ß'). Full Unicode
     * simple folding would replace this one function. */
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 0x20 : c;
    if (c < 0x100) {
        if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
            return c - 0x20;
        if (c == 0xFF)
            return 0x178;
        if (c == 0xB5)
            return 0x39C;
        return c;
    }
    if (c < 0x180) {
        /* Latin Extended-A pairs: upper case even below U+0138 and from
         * U+014A to U+0177, odd in between and after U+0178. U+0130/U+0131
         * (dotted/dotless i) and U+0138 (kra) have no pair. */
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x178 || c == 0x17F)
            return c;
        if ((c < 0x138) || (c >= 0x14A && c < 0x178))
            return c & ~1u;
        return (c & 1) ? c : c - 1;
    }
    if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2)
        return c - 0x20;
    if (c == 0x3C2)
        return 0x3A3; /* final sigma */
    if (c >= 0x430 && c <= 0x44F)
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    return c;
}

/* The next code point of a UTF-8 string; a byte that does not start a
 * valid sequence comes back as U+DC00+byte, a value no valid name holds. */
static uint32_t utf8_next(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n, i;

    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 1, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 2, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 3, c &= 0x07;
    else
        goto bad;
    if (end - s <= n)
        goto bad;
    for (i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if ((n == 2 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (n == 3 && (c < 0x10000 || c > 0x10FFFF)))
        goto bad;
    *p = s + n + 1;
    return c;
bad:
    *p = s + 1;
    return 0xDC00 | s[0];
}

/* Case-insensitive equality of two UTF-8 names of known lengths. */
static bool names_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *pa = (const unsigned char *)a, *ea = pa + alen;
    const unsigned char *pb = (const unsigned char *)b, *eb = pb + blen;

    while (pa < ea && pb < eb) {
        if (*pa < 0x80 && *pb < 0x80) {
            /* ASCII fast path. */
            if (ntpath_fold(*pa++) != ntpath_fold(*pb++))
                return false;
            continue;
        }
        if (ntpath_fold(utf8_next(&pa, ea)) != ntpath_fold(utf8_next(&pb, eb)))
            return false;
    }
    return pa == ea && pb == eb;
}

/* UTF-16 -> UTF-8 into a malloc'd buffer (*out, *out_len). Lone surrogates
 * cannot be named on the host: STATUS_OBJECT_NAME_INVALID. */
static NTSTATUS utf16_to_utf8(const uint16_t *s, size_t n, char **out, size_t *out_len)
{
    char *buf = malloc(n * 3 + 1);
    size_t i, o = 0;

    if (!buf)
        return STATUS_NO_MEMORY;
    for (i = 0; i < n; i++) {
        uint32_t c = s[i];

        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            free(buf);
            return STATUS_OBJECT_NAME_INVALID;
        }
        if (c < 0x80) {
            buf[o++] = (char)c;
        } else if (c < 0x800) {
            buf[o++] = (char)(0xC0 | (c >> 6));
            buf[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            buf[o++] = (char)(0xE0 | (c >> 12));
            buf[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            buf[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            buf[o++] = (char)(0xF0 | (c >> 18));
            buf[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
            buf[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            buf[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    buf[o] = 0;
    *out = buf;
    *out_len = o;
    return STATUS_SUCCESS;
}

/* ASCII case-insensitive comparison of s[0..n) with a literal. */
static bool ascii_ieq(const char *s, size_t n, const char *lit)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char a = s[i], b = lit[i];

        if (!b)
            return false;
        if (a >= 'a' && a <= 'z')
            a -= 0x20;
        if (b >= 'a' && b <= 'z')
            b -= 0x20;
        if (a != b)
            return false;
    }
    return lit[n] == 0;
}

/* The device a single name denotes, exactly as \??\ spells its links. */
static int device_exact(const char *s, size_t n)
{
    if (ascii_ieq(s, n, "NUL"))
        return NTPATH_DEVICE_NUL;
    if (ascii_ieq(s, n, "CON"))
        return NTPATH_DEVICE_CON;
    if (ascii_ieq(s, n, "CONIN$"))
        return NTPATH_DEVICE_CONIN;
    if (ascii_ieq(s, n, "CONOUT$"))
        return NTPATH_DEVICE_CONOUT;
    return 0;
}

/* The device a last path component denotes, in any directory. Microsoft's
 * "Naming Files, Paths, and Namespaces": NUL and CON followed immediately
 * by an extension are still the device ("NUL.txt", "NUL.tar.gz"), and
 * RtlIsDosDeviceName_U ignores spaces before the extension ("NUL .txt").
 * CONIN$ and CONOUT$ are matched whole, as CreateFile does. */
static int device_component(const char *s, size_t n)
{
    size_t base = 0;
    int dev;

    if ((dev = device_exact(s, n)) != 0)
        return dev;
    while (base < n && s[base] != '.')
        base++;
    while (base > 0 && s[base - 1] == ' ')
        base--;
    dev = device_exact(s, base);
    return dev == NTPATH_DEVICE_NUL || dev == NTPATH_DEVICE_CON ? dev : 0;
}

/* Checks one component against the rules of Windows names (no I/O). */
static NTSTATUS check_component(const char *s, size_t n)
{
    size_t i, units = 0;

    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return STATUS_OBJECT_NAME_INVALID;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || strchr("<>:\"/|?*", c))
            return STATUS_OBJECT_NAME_INVALID;
        /* Count UTF-16 units: one per lead byte, two for 4-byte sequences. */
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    if (units > MAX_COMPONENT_UNITS)
        return STATUS_OBJECT_NAME_INVALID;
    if (n > NAME_MAX)
        return STATUS_NAME_TOO_LONG;
    return STATUS_SUCCESS;
}

/* errno of a failed lookup -> NTSTATUS, for the few causes a path walk
 * meets (the library-wide mapping is nt_status_from_errno; this module
 * stays free of the rest of the library). */
static NTSTATUS walk_status(int err)
{
    switch (err) {
    case EACCES:
    case EPERM:
        return STATUS_ACCESS_DENIED;
    case ENAMETOOLONG:
        return STATUS_NAME_TOO_LONG;
    case ENOMEM:
        return STATUS_NO_MEMORY;
    default:
        return STATUS_OBJECT_PATH_NOT_FOUND;
    }
}

/* Whether an lstat result is a directory, following a symlink. */
static bool is_directory(const char *path, const struct stat *lst)
{
    struct stat st;

    if (S_ISDIR(lst->st_mode))
        return true;
    return S_ISLNK(lst->st_mode) && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Looks in directory dir (a host path, "" for "/") for an entry equal to
 * name[0..n) ignoring case, and copies its on-disk spelling to found
 * (NAME_MAX + 1 bytes). The exact spelling has already been tried with a
 * stat, so any hit here differs in case; when several entries match (names
 * differing only in case, which Windows cannot hold in one directory), the
 * first in readdir order wins. */
static bool scan_directory(const char *dir, const char *name, size_t n, char *found)
{
    DIR *d = opendir(dir[0] ? dir : "/");
    struct dirent *e;
    bool hit = false;

    if (!d)
        return false;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);

        if (names_equal(e->d_name, len, name, n)) {
            memcpy(found, e->d_name, len + 1);
            hit = true;
            break;
        }
    }
    closedir(d);
    return hit;
}

/* Resolves the components comp[0..count) (offsets into names, NUL
 * separated) below path, which holds the base (no trailing '/') and has
 * room for PATH_MAX bytes; fills out's flags. */
static NTSTATUS walk(char *path, const char *names, const size_t *comp, size_t count, bool trailing,
                     struct ntpath *out)
{
    size_t len = strlen(path), i, first = 0;
    struct stat st;
    char found[NAME_MAX + 1];

    if (count == 0) {
        /* A drive root or the root handle's directory itself. */
        if (stat(path[0] ? path : "/", &st) != 0) {
            out->parent_exists = false;
            return walk_status(errno);
        }
        out->exists = true;
        out->parent_exists = true;
        out->is_dir = S_ISDIR(st.st_mode);
        return STATUS_SUCCESS;
    }

    /* Fast path: the whole path as spelt. Every component then exists in
     * this case, and every intermediate one is a directory. */
    {
        size_t o = len;

        for (i = 0; i < count; i++) {
            size_t n = strlen(names + comp[i]);

            if (o + 1 + n >= PATH_MAX)
                return STATUS_NAME_TOO_LONG;
            path[o++] = '/';
            memcpy(path + o, names + comp[i], n + 1);
            o += n;
        }
        if (lstat(path, &st) == 0) {
            i = count - 1;
            goto last_found;
        }
        if (errno != ENOENT && errno != ENOTDIR)
            return walk_status(errno);
        /* A new file in an existing directory (every create): the parent
         * as spelt exists, so only the last name needs a scan. */
        if (count > 1) {
            char *slash = strrchr(path, '/');

            *slash = 0;
            if (lstat(path, &st) == 0 && is_directory(path, &st)) {
                first = count - 1;
                len = (size_t)(slash - path);
            }
            *slash = '/';
        }
        path[len] = 0;
    }

    for (i = first; i < count; i++) {
        const char *name = names + comp[i];
        size_t n = strlen(name);
        bool last = i == count - 1, hit;

        if (len + 1 + n >= PATH_MAX)
            return STATUS_NAME_TOO_LONG;
        path[len] = '/';
        memcpy(path + len + 1, name, n + 1);
        if (lstat(path, &st) != 0) {
            if (errno != ENOENT)
                return walk_status(errno);
            path[len] = 0;
            hit = scan_directory(path, name, n, found);
            if (hit) {
                n = strlen(found);
                if (len + 1 + n >= PATH_MAX)
                    return STATUS_NAME_TOO_LONG;
                memcpy(path + len + 1, found, n + 1);
            }
            path[len] = '/';
            /* The entry may vanish between readdir and lstat: then it is
             * missing like a name never found. */
            if (!hit || lstat(path, &st) != 0) {
                if (hit && errno != ENOENT)
                    return walk_status(errno);
                if (!last) {
                    out->parent_exists = false;
                    return STATUS_OBJECT_PATH_NOT_FOUND;
                }
                /* The last name is missing: the caller may create it,
                 * with the case given. */
                memcpy(path + len + 1, name, strlen(name) + 1);
                out->parent_exists = true;
                return STATUS_SUCCESS;
            }
        }
        if (last)
            goto last_found;
        /* A file used as a directory is a missing path for Windows. (A
         * directory differing only in case from such a file is not looked
         * for: a Windows tree cannot hold both.) */
        if (!is_directory(path, &st)) {
            out->parent_exists = false;
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        len += 1 + n;
    }
    return STATUS_SUCCESS;

last_found:
    out->parent_exists = true;
    if (S_ISLNK(st.st_mode)) {
        struct stat target;

        /* A dangling symlink is a missing file to the guest. */
        out->exists = stat(path, &target) == 0;
        out->is_dir = out->exists && S_ISDIR(target.st_mode);
    } else {
        out->exists = true;
        out->is_dir = S_ISDIR(st.st_mode);
    }
    /* "file.txt\" names a directory that a file cannot be. */
    if (trailing && out->exists && !out->is_dir)
        return STATUS_OBJECT_NAME_INVALID;
    return STATUS_SUCCESS;
}

/* Prefixes of the DOS device namespace, ASCII case-insensitive. */
static const char *const dos_prefixes[] = { "\\??\\", "\\DosDevices\\", "\\GLOBAL??\\" };

static size_t dos_prefix_len(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < sizeof(dos_prefixes) / sizeof(dos_prefixes[0]); i++) {
        size_t l = strlen(dos_prefixes[i]);

        if (n >= l && ascii_ieq(s, l, dos_prefixes[i]))
            return l;
    }
    return 0;
}

static NTSTATUS set_device(struct ntpath *out, int device)
{
    out->device = device;
    out->exists = true;
    out->parent_exists = true;
    out->unix_path = strdup(device == NTPATH_DEVICE_NUL ? "/dev/null" : "/dev/tty");
    return out->unix_path ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

NTSTATUS ntpath_resolve(const uint16_t *name, size_t len_bytes, const char *root_unix, struct ntpath *out)
{
    char *s = NULL, *path = NULL;
    size_t n, pos, count = 0, i, *comp = NULL;
    bool trailing = false;
    NTSTATUS status;
    int dev;

    memset(out, 0, sizeof(*out));
    if (len_bytes & 1)
        return STATUS_OBJECT_NAME_INVALID;
    if (len_bytes == 0 && !root_unix)
        return STATUS_OBJECT_NAME_INVALID;
    if ((status = utf16_to_utf8(name, len_bytes / 2, &s, &n)) != STATUS_SUCCESS)
        return status;
    if (!(path = malloc(PATH_MAX))) {
        status = STATUS_NO_MEMORY;
        goto done;
    }

    if (n > 0 && s[0] == '\\') {
        size_t l;

        if (root_unix) {
            /* A relative open must use a relative name (FAT and NTFS
             * answer STATUS_INVALID_PARAMETER). */
            status = STATUS_INVALID_PARAMETER;
            goto done;
        }
        if (ascii_ieq(s, n, "\\Device\\Null")) {
            status = set_device(out, NTPATH_DEVICE_NUL);
            goto done;
        }
        if ((l = dos_prefix_len(s, n)) == 0) {
            /* \Device\HarddiskVolume1\... and other object paths. */
            status = STATUS_OBJECT_PATH_NOT_FOUND;
            goto done;
        }
        pos = l;
        if ((dev = device_exact(s + pos, n - pos)) != 0) {
            status = set_device(out, dev);
            goto done;
        }
        /* "X:" then the end (the drive root) or a backslash. */
        if (n - pos < 2 || s[pos + 1] != ':' || (n - pos > 2 && s[pos + 2] != '\\')) {
            status = STATUS_OBJECT_PATH_NOT_FOUND; /* UNC\, PIPE\, a volume GUID, ... */
            goto done;
        }
        switch (s[pos]) {
        case 'c':
        case 'C':
            if (!drive_c_root[0]) {
                status = STATUS_OBJECT_PATH_NOT_FOUND;
                goto done;
            }
            strcpy(path, strcmp(drive_c_root, "/") ? drive_c_root : "");
            break;
        case 'z':
        case 'Z':
            path[0] = 0; /* the host root: components join as "/x" */
            break;
        default:
            status = STATUS_OBJECT_PATH_NOT_FOUND;
            goto done;
        }
        pos += n - pos > 2 ? 3 : 2;
    } else {
        size_t l;

        if (!root_unix) {
            status = STATUS_OBJECT_PATH_SYNTAX_BAD;
            goto done;
        }
        l = strlen(root_unix);
        while (l > 0 && root_unix[l - 1] == '/')
            l--;
        if (l >= PATH_MAX) {
            status = STATUS_NAME_TOO_LONG;
            goto done;
        }
        memcpy(path, root_unix, l);
        path[l] = 0;
        pos = 0;
    }

    /* Split what follows into components (NUL-terminated in place). A
     * single trailing backslash asks for a directory; any other empty
     * component ("a\\b", a leading one) is invalid. */
    if (n > pos + 1 && s[n - 1] == '\\') {
        trailing = true;
        s[--n] = 0;
    }
    if (!(comp = malloc(sizeof(*comp) * (n - pos + 1)))) {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    if (n > pos) {
        size_t start = pos;

        for (i = pos; i <= n; i++) {
            if (i < n && s[i] != '\\')
                continue;
            if ((status = check_component(s + start, i - start)) != STATUS_SUCCESS)
                goto done;
            s[i] = 0;
            comp[count++] = start;
            start = i + 1;
        }
    }
    if (count > 0) {
        const char *lastname = s + comp[count - 1];

        if ((dev = device_component(lastname, strlen(lastname))) != 0) {
            status = set_device(out, dev);
            goto done;
        }
    }

    status = walk(path, s, comp, count, trailing, out);
    if (status == STATUS_SUCCESS) {
        out->trailing_slash = trailing;
        if (!path[0])
            strcpy(path, "/");
        out->unix_path = path;
        path = NULL;
    } else {
        out->exists = false;
        out->is_dir = false;
    }
done:
    free(comp);
    free(path);
    free(s);
    return status;
}

void ntpath_free(struct ntpath *p)
{
    free(p->unix_path);
    p->unix_path = NULL;
}

#define DOS_STAR '<'
#define DOS_QM '>'
#define DOS_DOT '"'

bool ntpath_match(const uint16_t *pattern, size_t pattern_len_chars, const char *name_utf8)
{
    uint32_t name_buf[256], *name = name_buf, *pat = NULL;
    bool states_buf[2 * 258], *cur = states_buf, *next;
    size_t nlen = strlen(name_utf8), n = 0, plen = 0, i, p;
    const unsigned char *u = (const unsigned char *)name_utf8;
    long lastdot = -1;
    bool result = false;

    /* As FsRtlIsNameInExpression: only an empty pattern matches an empty
     * name ("*" does not). */
    if (nlen == 0)
        return pattern_len_chars == 0;
    if (nlen > 256 && !(name = malloc(nlen * sizeof(*name))))
        return false;
    while (u < (const unsigned char *)name_utf8 + nlen)
        name[n++] = utf8_next(&u, (const unsigned char *)name_utf8 + nlen);
    for (i = 0; i < n; i++) {
        if (name[i] == '.')
            lastdot = (long)i;
        name[i] = ntpath_fold(name[i]);
    }

    /* The pattern as folded code points (surrogate pairs joined). */
    if (!(pat = malloc((pattern_len_chars + 1) * sizeof(*pat))))
        goto out;
    for (i = 0; i < pattern_len_chars; i++) {
        uint32_t c = pattern[i];

        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < pattern_len_chars && pattern[i + 1] >= 0xDC00 &&
            pattern[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (pattern[i + 1] - 0xDC00);
            i++;
        }
        pat[plen++] = ntpath_fold(c);
    }

    /* A set of pattern positions (0..plen, plen = matched it all) advanced
     * over the name one character at a time: no backtracking, so no
     * pathological patterns. */
    if (plen + 1 > 258 && !(cur = malloc(2 * (plen + 1) * sizeof(*cur))))
        goto out;
    next = cur + plen + 1;
    memset(cur, 0, (plen + 1) * sizeof(*cur));
    cur[0] = true;
    for (i = 0;; i++) {
        bool any = false;

        /* Moves that consume nothing at name position i. */
        for (p = 0; p < plen; p++) {
            if (!cur[p])
                continue;
            switch (pat[p]) {
            case '*':
            case DOS_STAR:
                cur[p + 1] = true;
                break;
            case DOS_QM:
                /* At a period or the end, DOS_QM advances past the run of
                 * DOS_QMs without consuming. */
                if (i == n || name[i] == '.')
                    cur[p + 1] = true;
                break;
            case DOS_DOT:
                /* Matches zero characters only beyond the name. */
                if (i == n)
                    cur[p + 1] = true;
                break;
            }
        }
        if (i == n)
            break;
        memset(next, 0, (plen + 1) * sizeof(*next));
        for (p = 0; p < plen; p++) {
            if (!cur[p])
                continue;
            switch (pat[p]) {
            case '*':
                next[p] = true;
                break;
            case DOS_STAR:
                /* Any run up to and including the name's last period
                 * (anything when there is none): "<.exe" and "ab<exe"
                 * both match "ab.exe"; "<" does not match "a.b". */
                if (lastdot < 0 || (long)i <= lastdot)
                    next[p] = true;
                break;
            case '?':
                next[p + 1] = true;
                break;
            case DOS_QM:
                if (name[i] != '.')
                    next[p + 1] = true;
                break;
            case DOS_DOT:
                if (name[i] == '.')
                    next[p + 1] = true;
                break;
            default:
                if (pat[p] == name[i])
                    next[p + 1] = true;
                break;
            }
        }
        for (p = 0; p <= plen; p++)
            any |= next[p];
        if (!any)
            goto out;
        memcpy(cur, next, (plen + 1) * sizeof(*cur));
    }
    result = cur[plen];
out:
    if (cur != states_buf)
        free(cur);
    if (name != name_buf)
        free(name);
    free(pat);
    return result;
}
