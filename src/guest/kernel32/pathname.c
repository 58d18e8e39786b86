/* Windows' DOS path rules (see pathname.h). */
#include "pathname.h"

static int is_sep(uint16_t c)
{
    return c == '\\' || c == '/';
}

static size_t ulen(const uint16_t *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static uint16_t upper(uint16_t c)
{
    return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

enum pathname_type pathname_type(const uint16_t *p)
{
    if (is_sep(p[0])) {
        if (!is_sep(p[1]))
            return PATHNAME_ROOTED;
        if (p[2] == '.' || p[2] == '?') {
            if (is_sep(p[3]))
                return p[2] == '.' ? PATHNAME_LOCAL_DEVICE : PATHNAME_ROOT_LOCAL_DEVICE;
            if (!p[3])
                return PATHNAME_ROOT_LOCAL_DEVICE;
        }
        return PATHNAME_UNC;
    }
    if (p[0] && p[1] == ':')
        return is_sep(p[2]) ? PATHNAME_DRIVE_ABSOLUTE : PATHNAME_DRIVE_RELATIVE;
    return PATHNAME_RELATIVE;
}

size_t pathname_root_length(const uint16_t *full)
{
    size_t i, parts;

    if (full[0] == '\\' && full[1] == '\\') {
        if ((full[2] == '.' || full[2] == '?') && (full[3] == '\\' || !full[3]))
            return full[3] ? 4 : 3;
        /* \\server\share: two components after the leading separators. */
        for (i = 2, parts = 0; full[i]; i++) {
            if (full[i] == '\\' && ++parts == 2)
                return i;
        }
        return i;
    }
    if (full[0] && full[1] == ':')
        return full[2] == '\\' ? 3 : 2;
    return full[0] == '\\' ? 1 : 0;
}

size_t pathname_work_size(const uint16_t *path, const uint16_t *cwd, const uint16_t *drive_dir)
{
    size_t base = ulen(cwd);

    if (drive_dir && ulen(drive_dir) > base)
        base = ulen(drive_dir);
    return base + ulen(path) + 8;
}

/* Is name[0..len) a DOS device name, possibly followed by an extension,
 * spaces or a colon? Returns the device name's length, or 0. */
static size_t dos_device(const uint16_t *name, size_t len)
{
    static const char *const names[] = { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" };
    size_t n = 0, i, k;

    while (n < len && name[n] != '.' && name[n] != ':' && name[n] != ' ')
        n++;
    for (i = n; i < len; i++)
        if (name[i] == ':' && i + 1 != len)
            return 0;
    for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        const char *d = names[k];

        for (i = 0; i < n && d[i] && upper(name[i]) == (uint16_t)d[i]; i++)
            ;
        if (i == n && !d[i])
            return n;
    }
    if (n == 4 && name[3] >= '1' && name[3] <= '9') {
        uint16_t a = upper(name[0]), b = upper(name[1]), c = upper(name[2]);

        if ((a == 'C' && b == 'O' && c == 'M') || (a == 'L' && b == 'P' && c == 'T'))
            return 4;
    }
    return 0;
}

size_t pathname_full(const uint16_t *path, const uint16_t *cwd, const uint16_t *drive_dir,
                     uint16_t *work, size_t *file)
{
    enum pathname_type type = pathname_type(path);
    size_t n = 0, root, base, i, end, start, last;
    int trailing_sep;

    *file = (size_t)-1;
    if (type == PATHNAME_ROOT_LOCAL_DEVICE) {
        for (n = 0; path[n]; n++) {
            work[n] = path[n];
            if (path[n] == '\\' || path[n] == '/')
                *file = n + 1;
        }
        work[n] = 0;
        if (*file == n)
            *file = (size_t)-1;
        return n;
    }

    /* Compose the base and the path, separators made uniform. */
    switch (type) {
    case PATHNAME_DRIVE_RELATIVE:
        if (drive_dir) {
            for (i = 0; drive_dir[i]; i++)
                work[n++] = drive_dir[i];
        } else {
            work[n++] = path[0];
            work[n++] = ':';
        }
        work[n++] = '\\';
        path += 2;
        break;
    case PATHNAME_ROOTED: {
        size_t r = pathname_root_length(cwd);

        /* The root of the current directory, without its separator. */
        if (r && cwd[r - 1] == '\\')
            r--;
        for (i = 0; i < r; i++)
            work[n++] = cwd[i];
        break;
    }
    case PATHNAME_RELATIVE:
        for (i = 0; cwd[i]; i++)
            work[n++] = cwd[i];
        work[n++] = '\\';
        break;
    default:
        break;
    }
    for (i = 0; path[i]; i++)
        work[n++] = path[i] == '/' ? '\\' : path[i];
    work[n] = 0;

    /* Normalise the components after the root, in place. Each component
     * is written followed by a backslash; the final one is dropped at the
     * end unless the path itself ended in a separator. */
    root = pathname_root_length(work);
    base = (root < n && work[root] == '\\' && (!root || work[root - 1] != '\\')) ? root + 1 : root;
    trailing_sep = n > base && work[n - 1] == '\\';
    end = base;
    for (i = base; i < n;) {
        while (i < n && work[i] == '\\')
            i++;
        start = i;
        while (i < n && work[i] != '\\')
            i++;
        if (i == start || (i - start == 1 && work[start] == '.'))
            continue;
        if (i - start == 2 && work[start] == '.' && work[start + 1] == '.') {
            if (end > base) {
                end--;
                while (end > base && work[end - 1] != '\\')
                    end--;
            }
            continue;
        }
        last = end;
        while (start < i)
            work[end++] = work[start++];
        if (i < n) {
            /* An inner component loses a single trailing dot ("a." -> "a"). */
            if (end - last > 1 && work[end - 1] == '.' && work[end - 2] != '.')
                end--;
        } else {
            /* The final one loses all trailing dots and spaces. */
            while (end > last && (work[end - 1] == '.' || work[end - 1] == ' '))
                end--;
        }
        if (end > last)
            work[end++] = '\\';
    }
    if (!trailing_sep) {
        if (end > base)
            end--;
        else if (base > root)
            end = root;  /* \\server\share\.. -> \\server\share */
    }
    work[end] = 0;

    /* A DOS device name anywhere but in UNC and device paths wins. */
    if (type != PATHNAME_UNC && type != PATHNAME_LOCAL_DEVICE) {
        size_t f = end, dev;

        while (f > 0 && work[f - 1] != '\\')
            f--;
        if (f < end && (dev = dos_device(work + f, end - f))) {
            uint16_t name[8];

            for (i = 0; i < dev; i++)
                name[i] = work[f + i];
            work[0] = work[1] = work[3] = '\\';
            work[2] = '.';
            for (i = 0; i < dev; i++)
                work[4 + i] = name[i];
            work[4 + dev] = 0;
            *file = 4;
            return 4 + dev;
        }
    }
    if (end && work[end - 1] != '\\') {
        size_t f = end;

        while (f > 0 && work[f - 1] != '\\')
            f--;
        *file = f;
    }
    return end;
}
