/* Windows' DLL search order for a 32-bit process (safe search mode):
 * known DLLs from the system directory (SysWOW64), then the exe's
 * directory, the system directory, the 16-bit system directory, the
 * Windows directory, the current directory and the directories in the
 * guest's PATH (Microsoft's "Dynamic-link library search order", the
 * standard order for unpackaged apps). A load with LOAD_LIBRARY_SEARCH_*
 * flags searches only what they name (the loaded DLL's directory, the
 * application directory, System32), never the current directory or PATH.
 * A load given a search path (LdrLoadDll's DllPath string: kernel32
 * builds one for SetDllDirectory, AddDllDirectory's user directories and
 * LOAD_WITH_ALTERED_SEARCH_PATH) searches, after the known DLLs, exactly
 * the directories it lists, for the DLL and its imports.
 * Names match case-insensitively on the case-sensitive host; a DLL of the
 * wrong bitness is skipped and the search goes on, as Windows' loader
 * does. */
#include "startup.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../nt/ntpath.h"
#include "../nt/object.h"
#include "../nt/path.h"
#include "peb32.h"

/* The largest environment block read for PATH. */
#define ENV_MAX (1u << 20)

/* The load in progress (loader lock). */
static uint32_t search_flags;
static const char *search_load_dir;
static const char *search_path_list;

uint32_t search_set_flags(uint32_t flags)
{
    uint32_t old = search_flags;

    search_flags = flags & LOAD_LIBRARY_SEARCH_MASK;
    return old;
}

const char *search_set_load_dir(const char *dir)
{
    const char *old = search_load_dir;

    search_load_dir = dir;
    return old;
}

const char *search_set_path(const char *list)
{
    const char *old = search_path_list;

    search_path_list = list;
    return old;
}

static const char *const known_dlls[] = {
    "ntdll.dll", "kernel32.dll", "kernelbase.dll", "msvcrt.dll", "advapi32.dll",
    "ucrtbase.dll", "vcruntime140.dll", "user32.dll", "gdi32.dll", "shell32.dll",
    "ole32.dll", "oleaut32.dll", "ws2_32.dll", "shlwapi.dll", "version.dll",
};

bool search_is_known_dll(const char *name)
{
    for (size_t i = 0; i < sizeof known_dlls / sizeof *known_dlls; i++)
        if (!strcasecmp(name, known_dlls[i]))
            return true;
    return false;
}

/* Finds name in dir ignoring case: the exact spelling first, then a scan. */
static bool find_in_dir(const char *dir, const char *name, char *out, size_t n)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    bool found = false;

    if ((size_t)snprintf(out, n, "%s/%s", dir, name) < n && stat(out, &st) == 0 && S_ISREG(st.st_mode))
        return true;
    if (!(d = opendir(dir)))
        return false;
    while ((e = readdir(d)))
        if (!strcasecmp(e->d_name, name)) {
            if ((size_t)snprintf(out, n, "%s/%s", dir, e->d_name) < n && stat(out, &st) == 0 &&
                S_ISREG(st.st_mode)) {
                found = true;
                break;
            }
        }
    closedir(d);
    return found;
}

/* True when the file is a 32-bit PE image (or not a PE at all: then the
 * loader reports the real problem for it). */
static bool right_bitness(const char *path)
{
    uint8_t hdr[1024];
    ssize_t len;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    uint32_t lfanew;

    if (fd < 0)
        return false;
    len = read(fd, hdr, sizeof hdr);
    close(fd);
    if (len < 64 || hdr[0] != 'M' || hdr[1] != 'Z')
        return true;
    memcpy(&lfanew, hdr + 0x3c, 4);
    if (lfanew > (uint32_t)len - 26)
        return true;
    /* Optional header magic right after the 24-byte signature + file header. */
    return !(hdr[lfanew + 24] == 0x0b && hdr[lfanew + 25] == 0x02);
}

static bool try_dir(const char *dir, const char *name, char *out, size_t n)
{
    return dir && *dir && find_in_dir(dir, name, out, n) && right_bitness(out);
}

static uint32_t get32(uint32_t addr)
{
    uint32_t v = 0;

    guest_read(&v, (void *)(uintptr_t)addr, 4);
    return v;
}

/* A UNICODE_STRING32 of the process parameters as UTF-8, "" if none. */
static void params_string(uint32_t us, char *out, size_t n)
{
    uint32_t len = get32(us) & 0xFFFF, buf = get32(us + 4);
    WCHAR w[1024];

    out[0] = 0;
    if (len / 2 > sizeof w / sizeof *w || !guest_read(w, (void *)(uintptr_t)buf, len))
        return;
    utf16_to_utf8(w, len / 2, out, n);
}

/* The guest's PATH as UTF-8 (malloc'd), from the environment block in its
 * process parameters (SetEnvironmentVariable changes it there); NULL when
 * it has none. */
static char *guest_path_variable(void)
{
    uint32_t params = nt_process.peb32 ? get32(nt_process.peb32 + PEB32_ProcessParameters) : 0;
    uint32_t env, size;
    WCHAR *block;
    char *value = NULL;

    if (!params || !(env = get32(params + offsetof(RTL_USER_PROCESS_PARAMETERS32, Environment))))
        return NULL;
    size = get32(params + offsetof(RTL_USER_PROCESS_PARAMETERS32, EnvironmentSize)) & ~1u;
    if (size < 4 || size > ENV_MAX || !(block = malloc(size + 4)))
        return NULL;
    if (!guest_read(block, (void *)(uintptr_t)env, size)) {
        free(block);
        return NULL;
    }
    block[size / 2] = block[size / 2 + 1] = 0;
    for (WCHAR *e = block; *e; e += 1) {
        size_t len = 0;

        while (e[len])
            len++;
        if (len >= 5 && (e[0] | 0x20) == 'p' && (e[1] | 0x20) == 'a' && (e[2] | 0x20) == 't' &&
            (e[3] | 0x20) == 'h' && e[4] == '=') {
            if ((value = malloc(len * 3 + 1)))
                utf16_to_utf8(e + 5, len - 5, value, len * 3 + 1);
            break;
        }
        e += len;
    }
    free(block);
    return value;
}

/* name in one PATH directory (a Windows path: "C:\dir", "Z:\tmp", or
 * relative to the guest's current directory), through the NT path layer:
 * case-insensitive, under the thread's file-system redirection. */
static bool try_dos_dir(const char *dir, const char *cwd, const char *name, char *out, size_t n)
{
    char full[PATH_MAX * 2];
    uint16_t nt[PATH_MAX * 2];
    size_t len = strlen(dir), units;
    struct ntpath np;
    bool found = false;

    while (len && (dir[len - 1] == '\\' || dir[len - 1] == '/'))
        len--;
    if (!len)
        return false;
    if (len >= 2 && dir[1] == ':')
        snprintf(full, sizeof full, "\\??\\%.*s\\%s", (int)len, dir, name);
    else if (dir[0] == '\\' || dir[0] == '/')
        snprintf(full, sizeof full, "\\??\\%.2s%.*s\\%s", cwd, (int)len, dir, name);
    else
        snprintf(full, sizeof full, "\\??\\%s%s%.*s\\%s", cwd,
                 *cwd && cwd[strlen(cwd) - 1] != '\\' ? "\\" : "", (int)len, dir, name);
    if (!(units = utf8_to_utf16(full, nt, sizeof nt / sizeof *nt)) || units >= sizeof nt / sizeof *nt - 1)
        return false;
    for (size_t i = 0; i < units; i++)
        if (nt[i] == '/')
            nt[i] = '\\';
    if (file_resolve_name(nt, units * 2, NULL, &np) == STATUS_SUCCESS && np.exists && !np.is_dir &&
        !np.device && strlen(np.unix_path) < n && right_bitness(np.unix_path)) {
        snprintf(out, n, "%s", np.unix_path);
        found = true;
    }
    ntpath_free(&np);
    return found;
}

/* The guest's current directory as a Windows path ("" if unknown). */
static void guest_cwd(char *out, size_t n)
{
    uint32_t params = nt_process.peb32 ? get32(nt_process.peb32 + PEB32_ProcessParameters) : 0;

    out[0] = 0;
    if (params)
        params_string(params + offsetof(RTL_USER_PROCESS_PARAMETERS32, CurrentDirectory), out, n);
}

/* The current directory: the guest's (SetCurrentDirectory changes only
 * that), else the host's. */
static bool try_current_dir(const char *name, char *out, size_t n)
{
    char cwd[PATH_MAX];

    guest_cwd(cwd, sizeof cwd);
    if (cwd[0])
        return try_dos_dir(cwd, cwd, name, out, n);
    return getcwd(cwd, sizeof cwd) && try_dir(cwd, name, out, n);
}

/* name in each directory of a ";"-separated list of Windows paths, in
 * order (surrounding quotes dropped, empty entries skipped); list is
 * modified. */
static bool search_dir_list(char *list, const char *name, char *out, size_t n)
{
    char *p, *next, cwd[PATH_MAX];
    bool found = false;

    guest_cwd(cwd, sizeof cwd);
    for (p = list; p && !found; p = next) {
        size_t len;

        if ((next = strchr(p, ';')))
            *next++ = 0;
        while (*p == ' ')
            p++;
        len = strlen(p);
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
            p[len - 1] = 0;
            p++;
        }
        found = *p && try_dos_dir(p, cwd, name, out, n);
    }
    return found;
}

/* The last step of the standard order: each directory in PATH. */
static bool search_path_variable(const char *name, char *out, size_t n)
{
    char *path = guest_path_variable();
    bool found;

    if (!path)
        return false;
    found = search_dir_list(path, name, out, n);
    free(path);
    return found;
}

/* The directories of the load's search path string. */
static bool search_given_path(const char *name, char *out, size_t n)
{
    char *list = strdup(search_path_list);
    bool found;

    if (!list)
        return false;
    found = search_dir_list(list, name, out, n);
    free(list);
    return found;
}

/* The application directory: the exe's (or, with no program, the
 * importer's). */
static bool try_app_dir(const struct module *importer, const char *name, char *out, size_t n)
{
    char dir[PATH_MAX], *slash;
    const struct module *exe = NULL;

    for (const struct module *m = module_first(); m; m = m->next)
        if (m->is_exe)
            exe = m;
    if (!exe)
        exe = importer;
    if (!exe || !exe->host_path)
        return false;
    snprintf(dir, sizeof dir, "%s", exe->host_path);
    if (!(slash = strrchr(dir, '/')))
        return false;
    *slash = 0;
    return try_dir(dir, name, out, n);
}

bool search_dll(const char *name, const struct module *importer, char *out, size_t n)
{
    char dir[PATH_MAX];
    uint32_t f = search_flags;

    if (strchr(name, '/') || strchr(name, '\\'))
        return false; /* paths are resolved by the caller */
    if (search_is_known_dll(name))
        return try_dir(prefix_syswow64, name, out, n);
    if (search_path_list)
        return search_given_path(name, out, n);
    if (f) {
        if (f & LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)
            f |= LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS |
                 LOAD_LIBRARY_SEARCH_SYSTEM32;
        return ((f & LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) && try_dir(search_load_dir, name, out, n)) ||
               ((f & LOAD_LIBRARY_SEARCH_APPLICATION_DIR) && try_app_dir(importer, name, out, n)) ||
               ((f & LOAD_LIBRARY_SEARCH_SYSTEM32) && try_dir(prefix_syswow64, name, out, n));
    }
    if (try_app_dir(importer, name, out, n) || try_dir(prefix_syswow64, name, out, n))
        return true;
    snprintf(dir, sizeof dir, "%s/System", prefix_windows);
    if (try_dir(dir, name, out, n) || try_dir(prefix_windows, name, out, n))
        return true;
    if (try_current_dir(name, out, n))
        return true;
    return search_path_variable(name, out, n);
}
