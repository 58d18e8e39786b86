/* The process's DLL search settings: SetDllDirectory's directory,
 * AddDllDirectory's user directories and SetDefaultDllDirectories' flags
 * (Microsoft's "Dynamic-link library search order"), and the search path
 * string LoadLibraryEx hands LdrLoadDll when they (or
 * LOAD_WITH_ALTERED_SEARCH_PATH) change the order. The host loader
 * searches exactly the directories that string lists, for the DLL and its
 * imports, after the known DLLs; without one it keeps its own standard
 * order (or the LOAD_LIBRARY_SEARCH_* flags). Windows 8+ keeps this state
 * in ntdll (LdrSetDllDirectory & co.); earlier versions kept
 * SetDllDirectory's in kernel32 and built the path there, as we do. */
#include "kernel32_private.h"

#define SEARCH_FLAGS (LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_APPLICATION_DIR | \
                      LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32 |          \
                      LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)
#define DEFAULT_FLAGS (LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS | \
                       LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)

/* An AddDllDirectory directory; its address is the cookie. */
struct user_dir {
    struct user_dir *next;
    WCHAR path[1];
};

static RTL_CRITICAL_SECTION dir_lock = { (void *)-1, -1, 0, 0, 0, 0 };
/* NULL: not set (the standard order); "": the current directory is not
 * searched; else the directory searched in its place. */
static WCHAR *dll_directory;
static struct user_dir *user_dirs;   /* in the order they were added */
static DWORD default_flags;          /* SetDefaultDllDirectories; 0: none */

/* dir: searched after the application directory, and the current
 * directory no longer is; "": the current directory is just left out;
 * NULL: the standard order again. */
BOOL WINAPI SetDllDirectoryW(LPCWSTR dir)
{
    WCHAR *copy = NULL, *old;

    if (dir) {
        size_t len = wcslen(dir);

        if (!(copy = k32_alloc((len + 1) * sizeof(WCHAR)))) {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        memcpy(copy, dir, (len + 1) * sizeof(WCHAR));
    }
    RtlEnterCriticalSection(&dir_lock);
    old = dll_directory;
    dll_directory = copy;
    RtlLeaveCriticalSection(&dir_lock);
    if (old)
        k32_free(old);
    return TRUE;
}

BOOL WINAPI SetDllDirectoryA(LPCSTR dir)
{
    WCHAR *w = NULL;
    BOOL ret;

    if (dir && !(w = k32_ansi_to_wide(dir)))
        return FALSE;
    ret = SetDllDirectoryW(w);
    if (w)
        k32_free(w);
    return ret;
}

/* The length copied (without the NUL), or, when the buffer is too small,
 * the size it needs (with the NUL); 0 and "" when none is set. */
DWORD WINAPI GetDllDirectoryW(DWORD size, LPWSTR buf)
{
    DWORD ret = 0;

    RtlEnterCriticalSection(&dir_lock);
    if (dll_directory)
        ret = k32_copy_wide(dll_directory, (DWORD)wcslen(dll_directory), buf, size);
    if (size && (!dll_directory || ret >= size))
        buf[0] = 0;
    RtlLeaveCriticalSection(&dir_lock);
    return ret;
}

DWORD WINAPI GetDllDirectoryA(DWORD size, LPSTR buf)
{
    DWORD ret = 0;

    RtlEnterCriticalSection(&dir_lock);
    if (dll_directory)
        ret = k32_copy_wide_to_ansi(dll_directory, (DWORD)wcslen(dll_directory), buf, size);
    if (size && (!dll_directory || ret >= size))
        buf[0] = 0;
    RtlLeaveCriticalSection(&dir_lock);
    return ret;
}

/* "X:\..." or "\\server\share\...": what AddDllDirectory accepts. */
static BOOL is_absolute(LPCWSTR p)
{
    if (((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') && p[1] == ':')
        return p[2] == '\\' || p[2] == '/';
    return (p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '/');
}

/* A user directory for LOAD_LIBRARY_SEARCH_USER_DIRS; the cookie names it
 * for RemoveDllDirectory. */
DLL_DIRECTORY_COOKIE WINAPI AddDllDirectory(PCWSTR dir)
{
    struct user_dir *d, **tail;
    size_t len;

    if (!dir || !is_absolute(dir)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* It must exist (GetFileAttributes' error otherwise). */
    if (GetFileAttributesW(dir) == INVALID_FILE_ATTRIBUTES)
        return NULL;
    len = wcslen(dir);
    if (!(d = k32_alloc(sizeof(*d) + len * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    d->next = NULL;
    memcpy(d->path, dir, (len + 1) * sizeof(WCHAR));
    RtlEnterCriticalSection(&dir_lock);
    for (tail = &user_dirs; *tail; tail = &(*tail)->next)
        ;
    *tail = d;
    RtlLeaveCriticalSection(&dir_lock);
    return d;
}

BOOL WINAPI RemoveDllDirectory(DLL_DIRECTORY_COOKIE cookie)
{
    struct user_dir **p, *found = NULL;

    RtlEnterCriticalSection(&dir_lock);
    for (p = &user_dirs; *p; p = &(*p)->next)
        if (*p == cookie) {
            found = *p;
            *p = found->next;
            break;
        }
    RtlLeaveCriticalSection(&dir_lock);
    if (!found) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    k32_free(found);
    return TRUE;
}

/* The search flags of every load that names none (for the process's
 * lifetime: there is no way back to the standard order). */
BOOL WINAPI SetDefaultDllDirectories(DWORD flags)
{
    if (!flags || (flags & ~DEFAULT_FLAGS)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    RtlEnterCriticalSection(&dir_lock);
    default_flags = flags;
    RtlLeaveCriticalSection(&dir_lock);
    return TRUE;
}

/* A growing ";"-separated list of directories. */
struct dir_list {
    WCHAR *buf;
    size_t len, cap;
    BOOL failed;
};

static void list_add(struct dir_list *l, const WCHAR *dir, size_t n)
{
    if (!n || l->failed)
        return;
    if (l->len + n + 2 > l->cap) {
        size_t cap = (l->len + n + 2) * 2;
        WCHAR *more = k32_alloc(cap * sizeof(WCHAR));

        if (!more) {
            l->failed = TRUE;
            return;
        }
        if (l->buf) {
            memcpy(more, l->buf, l->len * sizeof(WCHAR));
            k32_free(l->buf);
        }
        l->buf = more;
        l->cap = cap;
    }
    if (l->len)
        l->buf[l->len++] = ';';
    memcpy(l->buf + l->len, dir, n * sizeof(WCHAR));
    l->len += n;
    l->buf[l->len] = 0;
}

/* The directory part of a full file name ("C:\a\b.dll" -> "C:\a"). */
static void list_add_dir_of(struct dir_list *l, const WCHAR *file)
{
    const WCHAR *slash = NULL;

    for (const WCHAR *p = file; *p; p++)
        if (*p == '\\' || *p == '/')
            slash = p;
    if (slash)
        list_add(l, file, (size_t)(slash - file) + (slash == file + 2 && file[1] == ':'));
}


/* The system directory, the 16-bit one (Windows\System) and the Windows
 * directory. */
static void list_add_system(struct dir_list *l)
{
    WCHAR dir[MAX_PATH + 8];
    UINT n;

    if ((n = GetSystemDirectoryW(dir, MAX_PATH)) && n < MAX_PATH)
        list_add(l, dir, n);
    if ((n = GetWindowsDirectoryW(dir, MAX_PATH)) && n < MAX_PATH) {
        memcpy(dir + n, L"\\System", 8 * sizeof(WCHAR));
        list_add(l, dir, n + 7);
        list_add(l, dir, n);
    }
}

static void list_add_path_variable(struct dir_list *l)
{
    DWORD n = GetEnvironmentVariableW(L"PATH", NULL, 0), got;
    WCHAR *path;

    if (!n || !(path = k32_alloc(n * sizeof(WCHAR))))
        return;
    if ((got = GetEnvironmentVariableW(L"PATH", path, n)) && got < n)
        list_add(l, path, got);
    k32_free(path);
}

/* LoadLibraryEx's search for a load with flags (file: the full name when
 * the DLL is named by path, else NULL): *search gets the
 * LOAD_LIBRARY_SEARCH_* flags to pass (SetDefaultDllDirectories' when the
 * call names none), *path a search path string (k32_free) when the
 * settings above change the order, else NULL. FALSE + last error when out
 * of memory. */
BOOL k32_dll_search(LPCWSTR file, DWORD flags, DWORD *search, WCHAR **path)
{
    struct dir_list l = { NULL, 0, 0, FALSE };
    BOOL altered = (flags & LOAD_WITH_ALTERED_SEARCH_PATH) && file;
    WCHAR exe[MAX_PATH];
    DWORD f, exe_len;

    *path = NULL;
    /* Before dir_lock: GetModuleFileName takes the loader lock, which a
     * thread in a DllMain may hold while it calls SetDllDirectory. */
    exe_len = GetModuleFileNameW(NULL, exe, MAX_PATH);
    if (!exe_len || exe_len >= MAX_PATH)
        exe[0] = 0;
    RtlEnterCriticalSection(&dir_lock);
    f = flags & SEARCH_FLAGS;
    if (!f && !(flags & LOAD_WITH_ALTERED_SEARCH_PATH))
        f = default_flags;
    *search = f;
    if (f & LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)
        f |= LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS |
             LOAD_LIBRARY_SEARCH_SYSTEM32;
    if (f & LOAD_LIBRARY_SEARCH_USER_DIRS) {
        /* The order SetDefaultDllDirectories' page gives: the DLL's
         * directory, the application directory, the user directories
         * (SetDllDirectory's and AddDllDirectory's), System32. */
        if ((f & LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) && file)
            list_add_dir_of(&l, file);
        if (f & LOAD_LIBRARY_SEARCH_APPLICATION_DIR)
            list_add_dir_of(&l, exe);
        if (dll_directory)
            list_add(&l, dll_directory, wcslen(dll_directory));
        for (struct user_dir *d = user_dirs; d; d = d->next)
            list_add(&l, d->path, wcslen(d->path));
        if (f & LOAD_LIBRARY_SEARCH_SYSTEM32) {
            WCHAR dir[MAX_PATH];
            UINT n = GetSystemDirectoryW(dir, MAX_PATH);

            if (n && n < MAX_PATH)
                list_add(&l, dir, n);
        }
        /* An empty list still replaces the standard order: only the
         * known DLLs are found. */
        if (!l.buf && !l.failed) {
            if ((l.buf = k32_alloc(sizeof(WCHAR))))
                l.buf[0] = 0;
            else
                l.failed = TRUE;
        }
        *search = 0;
    } else if (!f && (altered || dll_directory)) {
        /* The standard order with the DLL's own directory instead of the
         * application's (the alternate order), and SetDllDirectory's
         * directory after it instead of the current directory (which a
         * set but empty one just removes). */
        if (altered)
            list_add_dir_of(&l, file);
        else
            list_add_dir_of(&l, exe);
        if (dll_directory)
            list_add(&l, dll_directory, wcslen(dll_directory));
        list_add_system(&l);
        if (!dll_directory) {
            WCHAR cwd[MAX_PATH];
            DWORD n = GetCurrentDirectoryW(MAX_PATH, cwd);

            if (n && n < MAX_PATH)
                list_add(&l, cwd, n);
        }
        list_add_path_variable(&l);
    }
    RtlLeaveCriticalSection(&dir_lock);
    if (l.failed) {
        if (l.buf)
            k32_free(l.buf);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    *path = l.buf;
    return TRUE;
}
