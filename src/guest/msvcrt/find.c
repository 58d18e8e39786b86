/* The _findfirst family over FindFirstFile/FindNextFile: one search, four
 * result layouts (time 32/64 bits x size 32/64 bits, as _finddata32_t,
 * _finddata32i64_t, __finddata64_t and _finddata64i32_t), char and wchar_t.
 * The handle programs get is the kernel32 search handle. */
#include "finddata.h"

/* The four layouts of io.h, for char and wchar_t names. */
#define FINDDATA(tag, time_t_, size_t_, ch)     \
    struct tag {                                \
        unsigned int attrib;                    \
        time_t_ time_create;                    \
        time_t_ time_access;                    \
        time_t_ time_write;                     \
        size_t_ size;                           \
        ch name[260];                           \
    }
FINDDATA(crt_finddata32, crt_time32, crt_ulong, char);
FINDDATA(crt_finddata32i64, crt_time32, crt_int64, char);
FINDDATA(crt_finddata64, crt_time64, crt_int64, char);
FINDDATA(crt_finddata64i32, crt_time64, crt_ulong, char);
FINDDATA(crt_wfinddata32, crt_time32, crt_ulong, crt_wchar);
FINDDATA(crt_wfinddata32i64, crt_time32, crt_int64, crt_wchar);
FINDDATA(crt_wfinddata64, crt_time64, crt_int64, crt_wchar);
FINDDATA(crt_wfinddata64i32, crt_time64, crt_ulong, crt_wchar);
_Static_assert(sizeof(struct crt_finddata32) == 280 || CRT_HOST, "_finddata32_t");
_Static_assert(sizeof(struct crt_finddata32i64) == 288 || CRT_HOST, "_finddata32i64_t");
_Static_assert(sizeof(struct crt_finddata64) == 304 || CRT_HOST, "__finddata64_t");
_Static_assert(sizeof(struct crt_finddata64i32) == 296 || CRT_HOST, "_finddata64i32_t");
_Static_assert(sizeof(struct crt_wfinddata32) == 540 || CRT_HOST, "_wfinddata32_t");
_Static_assert(sizeof(struct crt_wfinddata64) == 560 || CRT_HOST, "_wfinddata64_t");

enum layout { L32, L32I64, L64, L64I32 };

/* FILETIME (100 ns since 1601) -> seconds since 1970; -1 for a time the
 * file system does not keep (zero), or one a 32-bit time_t cannot hold. */
static crt_int64 unix_time(const FILETIME *ft, int bits32)
{
    crt_int64 t = (crt_int64)((crt_uint64)ft->dwHighDateTime << 32 | ft->dwLowDateTime);

    if (!t)
        return -1;
    t = (t - 116444736000000000LL) / 10000000;
    if (bits32 && (t < 0 || t > 0x7fffffffLL))
        return -1;
    return t;
}

/* The fields common to both kinds of find data, converted once. */
struct found {
    unsigned int attrib;
    crt_int64 created, accessed, written;
    crt_uint64 size;
};

static void convert(struct found *f, DWORD attr, const FILETIME *c, const FILETIME *a,
                    const FILETIME *w, DWORD size_high, DWORD size_low, int bits32)
{
    /* A plain file reports _A_NORMAL (0), not FILE_ATTRIBUTE_NORMAL. */
    f->attrib = attr == 0x80 ? 0 : attr;
    f->created = unix_time(c, bits32);
    f->accessed = unix_time(a, bits32);
    f->written = unix_time(w, bits32);
    f->size = (crt_uint64)size_high << 32 | size_low;
}

#define FILL(type, out, f, src, n)                                      \
    do {                                                                 \
        struct type *d_ = (out);                                         \
        d_->attrib = (f)->attrib;                                        \
        d_->time_create = (f)->created;                                  \
        d_->time_access = (f)->accessed;                                 \
        d_->time_write = (f)->written;                                   \
        d_->size = (f)->size;                                            \
        memcpy(d_->name, (src), (n) * sizeof(d_->name[0]));              \
        d_->name[(n) - 1] = 0;                                           \
    } while (0)

static void fill_a(void *out, enum layout l, const CRT_FIND_DATAA *fd)
{
    struct found f;

    convert(&f, fd->dwFileAttributes, &fd->ftCreationTime, &fd->ftLastAccessTime,
            &fd->ftLastWriteTime, fd->nFileSizeHigh, fd->nFileSizeLow, l == L32 || l == L32I64);
    switch (l) {
    case L32: FILL(crt_finddata32, out, &f, fd->cFileName, 260); break;
    case L32I64: FILL(crt_finddata32i64, out, &f, fd->cFileName, 260); break;
    case L64: FILL(crt_finddata64, out, &f, fd->cFileName, 260); break;
    case L64I32: FILL(crt_finddata64i32, out, &f, fd->cFileName, 260); break;
    }
}

static void fill_w(void *out, enum layout l, const CRT_FIND_DATAW *fd)
{
    struct found f;

    convert(&f, fd->dwFileAttributes, &fd->ftCreationTime, &fd->ftLastAccessTime,
            &fd->ftLastWriteTime, fd->nFileSizeHigh, fd->nFileSizeLow, l == L32 || l == L32I64);
    switch (l) {
    case L32: FILL(crt_wfinddata32, out, &f, fd->cFileName, 260); break;
    case L32I64: FILL(crt_wfinddata32i64, out, &f, fd->cFileName, 260); break;
    case L64: FILL(crt_wfinddata64, out, &f, fd->cFileName, 260); break;
    case L64I32: FILL(crt_wfinddata64i32, out, &f, fd->cFileName, 260); break;
    }
}

/* errno for a failed search, as the Microsoft CRT maps it. */
static void find_error(void)
{
    DWORD err = GetLastError();

    *__doserrno() = err;
    switch (err) {
    case 2:     /* ERROR_FILE_NOT_FOUND */
    case 3:     /* ERROR_PATH_NOT_FOUND */
    case 18:    /* ERROR_NO_MORE_FILES */
        crt_errno = CRT_ENOENT;
        break;
    case 8:     /* ERROR_NOT_ENOUGH_MEMORY */
        crt_errno = CRT_ENOMEM;
        break;
    default:
        crt_errno = CRT_EINVAL;
        break;
    }
}

static intptr_t first_a(const char *spec, void *data, enum layout l)
{
    CRT_FIND_DATAA fd;
    HANDLE h;

    if (!spec || !data) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    h = FindFirstFileA(spec, &fd);
    if (h == INVALID_HANDLE_VALUE) {
        find_error();
        return -1;
    }
    fill_a(data, l, &fd);
    return (intptr_t)h;
}

static intptr_t first_w(const crt_wchar *spec, void *data, enum layout l)
{
    CRT_FIND_DATAW fd;
    HANDLE h;

    if (!spec || !data) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    h = FindFirstFileW(spec, &fd);
    if (h == INVALID_HANDLE_VALUE) {
        find_error();
        return -1;
    }
    fill_w(data, l, &fd);
    return (intptr_t)h;
}

static int next_a(intptr_t h, void *data, enum layout l)
{
    CRT_FIND_DATAA fd;

    if (!data) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (!FindNextFileA((HANDLE)h, &fd)) {
        find_error();
        return -1;
    }
    fill_a(data, l, &fd);
    return 0;
}

static int next_w(intptr_t h, void *data, enum layout l)
{
    CRT_FIND_DATAW fd;

    if (!data) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    if (!FindNextFileW((HANDLE)h, &fd)) {
        find_error();
        return -1;
    }
    fill_w(data, l, &fd);
    return 0;
}

/* msvcrt's names, and the ucrt names of the same layouts. */
intptr_t __cdecl _findfirst(const char *s, void *d) { return first_a(s, d, L32); }
intptr_t __cdecl _findfirst32(const char *s, void *d) { return first_a(s, d, L32); }
intptr_t __cdecl _findfirsti64(const char *s, void *d) { return first_a(s, d, L32I64); }
intptr_t __cdecl _findfirst32i64(const char *s, void *d) { return first_a(s, d, L32I64); }
intptr_t __cdecl _findfirst64(const char *s, void *d) { return first_a(s, d, L64); }
intptr_t __cdecl _findfirst64i32(const char *s, void *d) { return first_a(s, d, L64I32); }
int __cdecl _findnext(intptr_t h, void *d) { return next_a(h, d, L32); }
int __cdecl _findnext32(intptr_t h, void *d) { return next_a(h, d, L32); }
int __cdecl _findnexti64(intptr_t h, void *d) { return next_a(h, d, L32I64); }
int __cdecl _findnext32i64(intptr_t h, void *d) { return next_a(h, d, L32I64); }
int __cdecl _findnext64(intptr_t h, void *d) { return next_a(h, d, L64); }
int __cdecl _findnext64i32(intptr_t h, void *d) { return next_a(h, d, L64I32); }
intptr_t __cdecl _wfindfirst(const crt_wchar *s, void *d) { return first_w(s, d, L32); }
intptr_t __cdecl _wfindfirst32(const crt_wchar *s, void *d) { return first_w(s, d, L32); }
intptr_t __cdecl _wfindfirsti64(const crt_wchar *s, void *d) { return first_w(s, d, L32I64); }
intptr_t __cdecl _wfindfirst32i64(const crt_wchar *s, void *d) { return first_w(s, d, L32I64); }
intptr_t __cdecl _wfindfirst64(const crt_wchar *s, void *d) { return first_w(s, d, L64); }
intptr_t __cdecl _wfindfirst64i32(const crt_wchar *s, void *d) { return first_w(s, d, L64I32); }
int __cdecl _wfindnext(intptr_t h, void *d) { return next_w(h, d, L32); }
int __cdecl _wfindnext32(intptr_t h, void *d) { return next_w(h, d, L32); }
int __cdecl _wfindnexti64(intptr_t h, void *d) { return next_w(h, d, L32I64); }
int __cdecl _wfindnext32i64(intptr_t h, void *d) { return next_w(h, d, L32I64); }
int __cdecl _wfindnext64(intptr_t h, void *d) { return next_w(h, d, L64); }
int __cdecl _wfindnext64i32(intptr_t h, void *d) { return next_w(h, d, L64I32); }

int __cdecl _findclose(intptr_t h)
{
    if (!FindClose((HANDLE)h)) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    return 0;
}
