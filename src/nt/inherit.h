/* Handle inheritance across CreateProcess (inherit.c). */
#ifndef WOW64_INHERIT_H
#define WOW64_INHERIT_H

#include <spawn.h>

#include "object.h"

/* The inheritable file handles passed to one child: each file holds a
 * reference until inherit_free; env is the WOW64_INHERIT=... entry for
 * the child's environment, NULL when there is none. */
struct inherit_list {
    size_t n;
    HANDLE *handles;
    struct nt_file **files;
    int *temps;  /* each file's descriptor again, above every target */
    char *env;
};

/* Parent: collects the inheritable file handles and adds a dup2 action
 * per descriptor, onto first_fd, first_fd + 1, ...; *next_fd is the first
 * descriptor left free. The actions copy from duplicates at or above
 * *next_fd + INHERIT_SPARE, so no target overwrites a later source; the
 * caller moves its own sources (pipes) up there too (inherit_lift). */
#define INHERIT_SPARE 8
NTSTATUS inherit_collect(struct inherit_list *l, posix_spawn_file_actions_t *fa, int first_fd,
                         int *next_fd);
void inherit_free(struct inherit_list *l);
/* *fd again at or above min (close-on-exec; the old one closed); false
 * when the process has no descriptor left there. */
bool inherit_lift(int *fd, int min);

/* Child: installs the handles its parent passed (before any other handle
 * is made, so that their values are free). */
void inherit_install(void);

#endif
