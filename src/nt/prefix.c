/* The prefix: $WOW64_PREFIX (default ~/.wow64), its drive_c tree, and the
 * guest DLLs installed into C:\Windows\SysWOW64 and refreshed whenever the
 * DLLs libwow64 ships differ from the installed ones. */
#include "path.h"
#include "hostid.h"
#include "ntpath.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char prefix_root[PATH_MAX];
char prefix_drive_c[PATH_MAX];
char prefix_syswow64[PATH_MAX];
char prefix_windows[PATH_MAX];

#define STAMP_NAME ".wow64-dlls"

static int mkdir_p(const char *path)
{
    char tmp[PATH_MAX];

    /* Every start-up comes here for directories that almost always exist:
     * one mkdir answers that, the walk from the root only runs for a new
     * prefix (it was ~60 system calls per start). */
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return -1;
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Where libwow64's guest DLLs are: $WOW64_DLLDIR, else next to the
 * library or program that contains this code (build and install trees
 * share the layout: <dir>/wow64 or <dir>/../lib/wow64). */
static int find_dll_dir(char *out, size_t n)
{
    const char *env = getenv("WOW64_DLLDIR");
    Dl_info info;
    char self[PATH_MAX], *slash;
    static const char *const rel[] = { "/wow64", "/../lib/wow64", "/../lib64/wow64" };
    struct stat st;

    if (env && *env) {
        snprintf(out, n, "%s", env);
        return 0;
    }
    if (!dladdr((void *)find_dll_dir, &info) || !info.dli_fname ||
        !realpath(info.dli_fname, self)) {
        ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
        if (len <= 0)
            return -1;
        self[len] = 0;
    }
    if (!(slash = strrchr(self, '/')))
        return -1;
    *slash = 0;
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        char probe[PATH_MAX];
        snprintf(probe, sizeof probe, "%s%s/ntdll.dll", self, rel[i]);
        if (stat(probe, &st) == 0) {
            snprintf(out, n, "%s%s", self, rel[i]);
            return 0;
        }
    }
    return -1;
}

static int copy_file(const char *from, const char *to)
{
    char tmp[PATH_MAX], buf[65536];
    int in, out;
    ssize_t r;

    snprintf(tmp, sizeof tmp, "%s.tmp%d", to, (int)getpid());
    if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        close(in);
        return -1;
    }
    while ((r = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)r) != r) {
            r = -1;
            break;
        }
    close(in);
    if (r < 0 || fsync(out) != 0 || close(out) != 0) {
        unlink(tmp);
        return -1;
    }
    /* rename is atomic: a concurrent wow64run sees the old or new DLL. */
    if (rename(tmp, to) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* A description of the shipped DLLs (names, sizes, times) to compare with
 * the stamp left by the last install. */
static int describe_dlls(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t pos = 0;

    if (!d)
        return -1;
    out[0] = 0;
    while ((e = readdir(d))) {
        char path[PATH_MAX];
        struct stat st;
        size_t len = strlen(e->d_name);

        if (len < 5 || strcasecmp(e->d_name + len - 4, ".dll"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        pos += (size_t)snprintf(out + pos, pos < n ? n - pos : 0, "%s %lld %lld.%09ld\n", e->d_name,
                                (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                                st.st_mtim.tv_nsec);
        if (pos >= n) {
            closedir(d);
            return -1;
        }
    }
    closedir(d);
    return 0;
}

static int install_dlls(const char *src, char *err, size_t n)
{
    char want[16384], have[16384] = "", stamp[PATH_MAX];
    DIR *d;
    struct dirent *e;
    FILE *f;

    if (describe_dlls(src, want, sizeof want) != 0) {
        snprintf(err, n, "cannot read the guest DLLs in %s", src);
        return -1;
    }
    snprintf(stamp, sizeof stamp, "%s/%s", prefix_syswow64, STAMP_NAME);
    if ((f = fopen(stamp, "r"))) {
        size_t len = fread(have, 1, sizeof have - 1, f);
        have[len] = 0;
        fclose(f);
    }
    if (!strcmp(want, have))
        return 0;
    if (!(d = opendir(src))) {
        snprintf(err, n, "cannot read the guest DLLs in %s", src);
        return -1;
    }
    while ((e = readdir(d))) {
        char from[PATH_MAX], to[PATH_MAX], system32[PATH_MAX];
        size_t len = strlen(e->d_name);

        if (len < 5 || strcasecmp(e->d_name + len - 4, ".dll"))
            continue;
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/%s", prefix_syswow64, e->d_name);
        snprintf(system32, sizeof system32, "%s/System32", prefix_windows);
        if (copy_file(from, to) != 0 || prefix_write_native_dll(system32, e->d_name) != 0) {
            snprintf(err, n, "cannot install %s into %s: %s", e->d_name, prefix_syswow64,
                     strerror(errno));
            closedir(d);
            return -1;
        }
    }
    closedir(d);
    snprintf(have, sizeof have, "%s.tmp%d", stamp, (int)getpid());
    if ((f = fopen(have, "w"))) {
        fputs(want, f);
        if (fclose(f) == 0)
            rename(have, stamp);
        else
            unlink(have);
    }
    return 0;
}

int prefix_init(const char *prefix, char *err, size_t n)
{
    static const char *const dirs[] = {
        "drive_c/Windows/System32", "drive_c/Windows/SysWOW64", "drive_c/Windows/Temp",
        "drive_c/Program Files/Common Files", "drive_c/Program Files (x86)/Common Files",
        "drive_c/ProgramData",
    };
    char path[PATH_MAX], dlldir[PATH_MAX];
    const char *home;

    if (!prefix || !*prefix)
        prefix = getenv("WOW64_PREFIX");
    if (prefix && *prefix)
        snprintf(path, sizeof path, "%s", prefix);
    else {
        if (!(home = getenv("HOME")) || !*home) {
            snprintf(err, n, "cannot find the prefix: set WOW64_PREFIX or HOME");
            return -1;
        }
        snprintf(path, sizeof path, "%s/.wow64", home);
    }
    if (mkdir_p(path) != 0 || !realpath(path, prefix_root)) {
        snprintf(err, n, "cannot create the prefix %s: %s", path, strerror(errno));
        return -1;
    }
    snprintf(prefix_drive_c, PATH_MAX, "%s/drive_c", prefix_root);
    snprintf(prefix_windows, PATH_MAX, "%s/Windows", prefix_drive_c);
    snprintf(prefix_syswow64, PATH_MAX, "%s/SysWOW64", prefix_windows);
    ntpath_set_roots(prefix_drive_c);
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(path, sizeof path, "%s/%s", prefix_root, dirs[i]);
        if (mkdir_p(path) != 0) {
            snprintf(err, n, "cannot create %s: %s", path, strerror(errno));
            return -1;
        }
    }
    snprintf(path, sizeof path, "%s/Users/%s/AppData/Local/Temp", prefix_drive_c, host_user_name());
    mkdir_p(path);
    snprintf(path, sizeof path, "%s/Users/%s/AppData/Roaming", prefix_drive_c, host_user_name());
    mkdir_p(path);
    if (find_dll_dir(dlldir, sizeof dlldir) != 0) {
        snprintf(err, n, "cannot find libwow64's guest DLLs (set WOW64_DLLDIR)");
        return -1;
    }
    return install_dlls(dlldir, err, n);
}

int path_unix_to_dos(const char *unix_path, char *out, size_t n)
{
    size_t c = strlen(prefix_drive_c);
    const char *rest;
    char drive;
    size_t pos = 0;

    if (unix_path[0] != '/')
        return -1;
    if (c && !strncmp(unix_path, prefix_drive_c, c) && (unix_path[c] == '/' || !unix_path[c])) {
        drive = 'C';
        rest = unix_path + c;
    } else {
        drive = 'Z';
        rest = unix_path;
    }
    if (n < 4)
        return -1;
    out[pos++] = drive;
    out[pos++] = ':';
    if (!*rest)
        out[pos++] = '\\';
    for (; *rest; rest++) {
        if (pos + 1 >= n)
            return -1;
        out[pos++] = *rest == '/' ? '\\' : *rest;
    }
    out[pos] = 0;
    return 0;
}
