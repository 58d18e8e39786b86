/* _splitpath and _makepath of path.c, included once per character type (no
 * include guard). The includer defines:
 *   PATH_T       the character type (char or crt_wchar)
 *   PATH(name)   a helper's name: PATH(copy_part) is copy_part_narrow
 *   PATH_LEN     strlen or wcslen
 *   PATH_SPLIT   the name of the _splitpath function
 *   PATH_MAKE    the name of the _makepath function */

/* Copies n units (cut to max - 1) of one part, when the caller wants it. */
static void PATH(copy_part)(PATH_T *dst, const PATH_T *src, size_t n, size_t max)
{
    if (!dst)
        return;
    if (n >= max)
        n = max - 1;
    memcpy(dst, src, n * sizeof(PATH_T));
    dst[n] = 0;
}

void __cdecl PATH_SPLIT(const PATH_T *path, PATH_T *drive, PATH_T *dir, PATH_T *fname,
                        PATH_T *ext)
{
    const PATH_T *p = path, *last_sep = NULL, *last_dot = NULL, *s;

    if (p[0] && p[1] == ':') {
        PATH(copy_part)(drive, p, 2, MAX_DRIVE);
        p += 2;
    } else {
        PATH(copy_part)(drive, p, 0, MAX_DRIVE);
    }
    for (s = p; *s; s++) {
        if (*s == '\\' || *s == '/')
            last_sep = s;
        else if (*s == '.')
            last_dot = s;
    }
    if (last_sep) {
        PATH(copy_part)(dir, p, (size_t)(last_sep + 1 - p), MAX_DIR);
        p = last_sep + 1;
    } else {
        PATH(copy_part)(dir, p, 0, MAX_DIR);
    }
    if (last_dot && last_dot >= p) {
        PATH(copy_part)(fname, p, (size_t)(last_dot - p), MAX_FNAME);
        PATH(copy_part)(ext, last_dot, PATH_LEN(last_dot), MAX_EXT);
    } else {
        PATH(copy_part)(fname, p, PATH_LEN(p), MAX_FNAME);
        PATH(copy_part)(ext, p, 0, MAX_EXT);
    }
}

void __cdecl PATH_MAKE(PATH_T *path, const PATH_T *drive, const PATH_T *dir,
                       const PATH_T *fname, const PATH_T *ext)
{
    PATH_T *p = path;
    size_t n;

    if (drive && *drive) {
        *p++ = drive[0];
        *p++ = ':';
    }
    if (dir && *dir) {
        n = PATH_LEN(dir);
        memcpy(p, dir, n * sizeof(PATH_T));
        p += n;
        if (dir[n - 1] != '\\' && dir[n - 1] != '/')
            *p++ = '\\';
    }
    if (fname) {
        n = PATH_LEN(fname);
        memcpy(p, fname, n * sizeof(PATH_T));
        p += n;
    }
    if (ext && *ext) {
        if (*ext != '.')
            *p++ = '.';
        n = PATH_LEN(ext);
        memcpy(p, ext, n * sizeof(PATH_T));
        p += n;
    }
    *p = 0;
}
