/* Windows' DLL search order for a 32-bit process (safe search mode):
 * known DLLs from the system directory (SysWOW64), then the exe's
 * directory, the system directory, the 16-bit system directory, the
 * Windows directory and the current directory. Names match
 * case-insensitively on the case-sensitive host; a DLL of the wrong
 * bitness is skipped and the search goes on, as Windows' loader does. */
#include "loader.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../nt/path.h"

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

bool search_dll(const char *name, const struct module *importer, char *out, size_t n)
{
    char dir[PATH_MAX], *slash;
    const struct module *exe = NULL;

    if (strchr(name, '/') || strchr(name, '\\'))
        return false; /* paths are resolved by the caller */
    if (search_is_known_dll(name))
        return try_dir(prefix_syswow64, name, out, n);
    for (const struct module *m = module_first(); m; m = m->next)
        if (m->is_exe)
            exe = m;
    if (!exe)
        exe = importer;
    if (exe && exe->host_path) {
        snprintf(dir, sizeof dir, "%s", exe->host_path);
        if ((slash = strrchr(dir, '/'))) {
            *slash = 0;
            if (try_dir(dir, name, out, n))
                return true;
        }
    }
    if (try_dir(prefix_syswow64, name, out, n))
        return true;
    snprintf(dir, sizeof dir, "%s/System", prefix_windows);
    if (try_dir(dir, name, out, n) || try_dir(prefix_windows, name, out, n))
        return true;
    if (getcwd(dir, sizeof dir) && try_dir(dir, name, out, n))
        return true;
    return false;
}
