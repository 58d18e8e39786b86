/* Handle inheritance across CreateProcess(bInheritHandles = TRUE): every
 * inheritable file handle of the parent (files, pipes, devices: anything
 * with a host descriptor) appears in the child under the same handle
 * value, as on Windows. The parent passes the descriptors to the new
 * wow64run (spawn.c) and describes them in WOW64_INHERIT
 * ("handle:fd:access:options,..."); the child installs them before it
 * makes any handle of its own (startup.c). Other objects (events,
 * mutexes, threads, processes) live in the parent's host process only and
 * are not inherited (a FIXME line says so). */
#include "inherit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define MAX_INHERITED 1024
#define INHERIT_VAR "WOW64_INHERIT"

bool inherit_lift(int *fd, int min)
{
    int moved;

    if (*fd >= min)
        return true;
    if ((moved = fcntl(*fd, F_DUPFD_CLOEXEC, min)) < 0)
        return false;
    close(*fd);
    *fd = moved;
    return true;
}

void inherit_free(struct inherit_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        object_release(&l->files[i]->hdr);
        if (l->temps && l->temps[i] >= 0)
            close(l->temps[i]);
    }
    free(l->temps);
    free(l->files);
    free(l->handles);
    free(l->env);
    memset(l, 0, sizeof *l);
}

NTSTATUS inherit_collect(struct inherit_list *l, posix_spawn_file_actions_t *fa, int first_fd,
                         int *next_fd)
{
    struct nt_object **objs;
    size_t cap = 0, len = 0;
    int fd = first_fd;

    memset(l, 0, sizeof *l);
    *next_fd = first_fd;
    objs = calloc(MAX_INHERITED, sizeof *objs);
    l->handles = calloc(MAX_INHERITED, sizeof *l->handles);
    if (!objs || !l->handles) {
        free(objs);
        inherit_free(l);
        return STATUS_NO_MEMORY;
    }
    l->n = handle_collect_inheritable(NT_OBJECT_FILE, l->handles, objs, MAX_INHERITED);
    l->files = (struct nt_file **)objs;
    if (!(l->temps = malloc((l->n ? l->n : 1) * sizeof *l->temps))) {
        inherit_free(l);
        return STATUS_NO_MEMORY;
    }
    /* Sources above every target first (a file's descriptor may be one
     * of the numbers the child expects another file at). */
    for (size_t i = 0; i < l->n; i++)
        l->temps[i] = fcntl(l->files[i]->fd, F_DUPFD_CLOEXEC, first_fd + (int)l->n + INHERIT_SPARE);
    for (size_t i = 0; i < l->n; i++)
        if (l->temps[i] < 0) {
            inherit_free(l);
            return STATUS_TOO_MANY_OPENED_FILES;
        }
    for (size_t i = 0; i < l->n; i++, fd++) {
        const struct nt_file *f = l->files[i];
        char item[64];
        int k = snprintf(item, sizeof item, "%s%lx:%d:%lx:%lx", i ? "," : "",
                         (unsigned long)(uintptr_t)l->handles[i], fd, (unsigned long)f->access,
                         (unsigned long)f->options);

        if (len + (size_t)k + sizeof INHERIT_VAR + 2 > cap) {
            char *n = realloc(l->env, cap = (cap + (size_t)k + sizeof INHERIT_VAR + 2) * 2);

            if (!n) {
                inherit_free(l);
                return STATUS_NO_MEMORY;
            }
            if (!l->env)
                len = (size_t)sprintf(n, "%s=", INHERIT_VAR);
            l->env = n;
        }
        memcpy(l->env + len, item, (size_t)k + 1);
        len += (size_t)k;
        if (posix_spawn_file_actions_adddup2(fa, l->temps[i], fd) != 0) {
            inherit_free(l);
            return STATUS_NO_MEMORY;
        }
    }
    *next_fd = fd;
    return STATUS_SUCCESS;
}

/* One inherited descriptor as a file object under its old value. */
static void install_one(unsigned long h, int fd, ULONG access, ULONG options)
{
    char link[64], path[PATH_MAX];
    struct nt_file *f;
    char *unix_path = NULL;
    ssize_t n;
    NTSTATUS s;

    if (fcntl(fd, F_GETFD) < 0)
        return; /* not passed after all */
    /* Ours alone from here: not into our own children unless inherited. */
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    if ((n = readlink(link, path, sizeof path - 1)) > 0 && path[0] == '/') {
        path[n] = 0;
        unix_path = strdup(path);
    }
    if (!(f = file_new(fd, access, unix_path))) {
        free(unix_path);
        close(fd);
        return;
    }
    f->options = options;
    if ((s = handle_alloc_at(&f->hdr, 1 /* HANDLE_FLAG_INHERIT */, (HANDLE)(uintptr_t)h)) !=
        STATUS_SUCCESS) {
        log_printf("wow64: inherited handle %#lx: value taken (%#x)\n", h, (unsigned)s);
        object_release(&f->hdr);
    }
}

void inherit_install(void)
{
    const char *v = getenv(INHERIT_VAR);
    char *copy, *item, *save = NULL;

    if (!v)
        return;
    if (!(copy = strdup(v)))
        return;
    unsetenv(INHERIT_VAR);
    for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        unsigned long h, access, options;
        int fd;

        if (sscanf(item, "%lx:%d:%lx:%lx", &h, &fd, &access, &options) == 4 && fd > 2 && h &&
            !(h & 3) && h < 0x4000000)
            install_one(h, fd, (ULONG)access, (ULONG)options);
    }
    free(copy);
}
