/* The registry's persistence: one store file per prefix.
 *
 * Design. <prefix>/registry.reg is a .reg version 5 text file (UTF-8,
 * written by regtext.h's writer with the ;@time / ;@class extension lines
 * after each key) holding every non-volatile key of \REGISTRY\MACHINE and
 * \REGISTRY\USER. Its second line carries a generation number and its
 * last line an end mark, so a truncated file is recognised.
 *
 * - Loading is lazy (the first registry service of a process) and needs
 *   no lock: the file is only ever replaced by rename, so a reader sees a
 *   whole old or a whole new file.
 * - Each process keeps the tree it read plus a journal of its own changes
 *   not yet written (registry_store.c); the tree is always "file as read +
 *   journal".
 * - A flush (NtFlushKey, process exit, or a journal grown past
 *   REG_JOURNAL_FLUSH bytes) takes an exclusive flock on registry.reg.lock,
 *   re-reads the file when its generation differs from the one we hold
 *   (another process flushed) and replays our journal onto it, writes
 *   registry.reg.tmp, fsyncs it, keeps the old file as registry.reg.bak
 *   (a hard link), renames the new one over registry.reg, fsyncs the
 *   directory, and drops the lock. So no process's flushed writes are
 *   lost, and a kill -9 at any moment leaves the old or the new file
 *   (a leftover .tmp is ignored and overwritten by the next flush).
 * - Key opens stat the file and re-read it when it changed, so a process
 *   sees the others' flushed changes at its next open.
 * - A kill -9 loses this process's changes since its last flush.
 * - A store file that does not parse (edited by hand, damaged) is not
 *   used: the .bak copy is, else the default content; the bad file is kept
 *   as registry.reg.corrupt when the next flush replaces it. */
#include "registry.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "path.h"

#define STORE_NAME "registry.reg"
#define GEN_LINE "; wow64 registry store, generation "
#define END_LINE "; end of store\r\n"

static char store_dir[PATH_MAX];
static char store_path[PATH_MAX + 32];
/* What we last read or wrote: the file's identity and generation. */
static struct stat loaded_st;
static bool loaded_st_valid;
static uint64_t loaded_gen;

/* Puts the store file in dir instead of the prefix (tests). */
void reg_file_set_dir(const char *dir)
{
    snprintf(store_dir, sizeof store_dir, "%s", dir);
    store_path[0] = 0;
}

static const char *file_name(const char *suffix, char *buf, size_t n)
{
    if (!store_dir[0])
        snprintf(store_dir, sizeof store_dir, "%s", prefix_root);
    snprintf(buf, n, "%s/" STORE_NAME "%s", store_dir, suffix);
    return buf;
}

static const char *main_path(void)
{
    if (!store_path[0])
        file_name("", store_path, sizeof store_path);
    return store_path;
}

/* ---- reading ---- */

/* The whole file, or NULL (errno set; ENOENT when it does not exist). */
static char *read_file(const char *path, size_t *size, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char *buf = NULL;
    size_t got = 0;

    if (fd < 0)
        return NULL;
    if (fstat(fd, st) != 0 || st->st_size < 0 || (uint64_t)st->st_size > (1ull << 31))
        goto fail;
    if (!(buf = malloc((size_t)st->st_size + 1)))
        goto fail;
    while (got < (size_t)st->st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st->st_size - got);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = 0;
    *size = got;
    return buf;
fail:
    free(buf);
    close(fd);
    return NULL;
}

/* The generation written in a store file's second line; 0 if none. */
static uint64_t file_generation(const char *buf, size_t size)
{
    const char *p = memchr(buf, '\n', size < 256 ? size : 256);
    size_t gl = sizeof GEN_LINE - 1;

    if (!p || (size_t)(buf + size - (p + 1)) < gl || memcmp(p + 1, GEN_LINE, gl))
        return 0;
    return strtoull(p + 1 + gl, NULL, 10);
}

/* The generation of the store file on disk, from its first bytes only;
 * 0 when it is missing or has none. */
static uint64_t disk_generation(void)
{
    char buf[256];
    ssize_t n;
    int fd = open(main_path(), O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return 0;
    while ((n = read(fd, buf, sizeof buf)) < 0 && errno == EINTR)
        ;
    close(fd);
    return n > 0 ? file_generation(buf, (size_t)n) : 0;
}

/* Whether a store file is whole: it ends with our end mark. */
static bool file_complete(const char *buf, size_t size)
{
    size_t el = sizeof END_LINE - 1;

    return size >= el && !memcmp(buf + size - el, END_LINE, el);
}

/* A tree from a store file's text, or NULL when the text is not a whole,
 * well-formed store. */
static struct reg_key *tree_from_text(const char *buf, size_t size, const char *path)
{
    struct regtext_error err;
    struct reg_key *root;

    if (!file_complete(buf, size)) {
        log_printf("wow64: registry store %s is incomplete\n", path);
        return NULL;
    }
    if (!(root = reg_tree_new()))
        return NULL;
    if (reg_file_apply_text(root, buf, size, &err) != 0) {
        log_printf("wow64: registry store %s:%u: %s\n", path, err.line, err.msg);
        reg_tree_free(root);
        return NULL;
    }
    return root;
}

/* The tree on disk now: the store file, else its .bak copy. *gen gets its
 * generation, *st the main file's identity (*have_st false when absent).
 * NULL with *missing when there is no store yet. */
static struct reg_key *read_store(uint64_t *gen, struct stat *st, bool *have_st, bool *missing,
                                  bool *corrupt)
{
    char bak[PATH_MAX + 40];
    struct stat bst;
    size_t size;
    char *buf;
    struct reg_key *root = NULL;

    *missing = *corrupt = *have_st = false;
    *gen = 0;
    if ((buf = read_file(main_path(), &size, st))) {
        *have_st = true;
        *gen = file_generation(buf, size);
        root = tree_from_text(buf, size, main_path());
        free(buf);
        if (root)
            return root;
        *corrupt = true;
    } else if (errno == ENOENT) {
        *missing = true;
    } else {
        log_printf("wow64: cannot read the registry store %s: %s\n", main_path(), strerror(errno));
        *corrupt = true;
    }
    if ((buf = read_file(file_name(".bak", bak, sizeof bak), &size, &bst))) {
        uint64_t bgen = file_generation(buf, size);

        root = tree_from_text(buf, size, bak);
        free(buf);
        if (root) {
            if (*corrupt)
                log_printf("wow64: using the registry store's last good copy %s\n", bak);
            if (bgen > *gen)
                *gen = bgen;
            *missing = false;
            return root;
        }
    }
    return NULL;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Makes root (read from disk) current: our journal replayed onto it. */
static void install(struct reg_key *root, uint64_t gen, const struct stat *st, bool have_st)
{
    reg_journal_replay(root);
    reg_tree_replace(root);
    loaded_gen = gen;
    loaded_st_valid = have_st;
    if (have_st)
        loaded_st = *st;
}

/* ---- writing ---- */

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void buf_puts(struct regtext_buf *b, const char *s)
{
    size_t n = strlen(s);

    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 256;
        char *d = realloc(b->data, cap);

        if (!d) {
            b->failed = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void write_key(struct reg_key *k, struct reg_path *path, struct regtext_buf *b)
{
    struct reg_path rp = { 0 };
    size_t mark = path->len;

    if (k->is_volatile || b->failed)
        return;
    reg_path_add(path, u"\\", 1);
    reg_path_add(path, k->name, k->name_len);
    /* \REGISTRY itself is no key of a .reg file. */
    if (k->parent) {
        if (!reg_path_to_reg(path->s, path->len, &rp)) {
            b->failed = true;
            reg_path_free(&rp);
            return;
        }
        regtext_write_key(b, rp.s, rp.len);
        regtext_write_key_meta(b, k->last_write, k->cls, k->cls_len);
        for (uint32_t i = 0; i < k->nval; i++) {
            const struct reg_value *v = &k->val[i];
            regtext_write_value(b, REGTEXT_V5, v->name_len ? v->name : NULL, v->name_len, v->type,
                                v->data, v->size);
        }
        reg_path_free(&rp);
    }
    for (uint32_t i = 0; i < k->nsub; i++)
        write_key(k->sub[i], path, b);
    path->len = mark;
    if (path->failed)
        b->failed = true;
}

/* The store file's text for a tree: header, generation, keys, end mark. */
bool reg_file_write_tree(struct reg_key *root, struct regtext_buf *b, uint64_t generation)
{
    struct reg_path path = { 0 };
    char line[80];

    regtext_write_header(b, REGTEXT_V5);
    snprintf(line, sizeof line, GEN_LINE "%llu\r\n", (unsigned long long)generation);
    buf_puts(b, line);
    write_key(root, &path, b);
    buf_puts(b, "\r\n" END_LINE);
    reg_path_free(&path);
    return !b->failed;
}

/* Writes root as the new store file (generation gen) the atomic way. */
static int replace_file(struct reg_key *root, uint64_t gen, bool keep_corrupt)
{
    char tmp[PATH_MAX + 40], bak[PATH_MAX + 40], bad[PATH_MAX + 40];
    struct regtext_buf b = { 0 };
    int fd, dfd, err = 0;

    if (!reg_file_write_tree(root, &b, gen)) {
        regtext_buf_free(&b);
        return ENOMEM;
    }
    file_name(".tmp", tmp, sizeof tmp);
    file_name(".bak", bak, sizeof bak);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        err = errno;
        regtext_buf_free(&b);
        return err;
    }
    if (!write_all(fd, b.data, b.len) || fsync(fd) != 0)
        err = errno ? errno : EIO;
    if (close(fd) != 0 && !err)
        err = errno;
    regtext_buf_free(&b);
    if (err) {
        unlink(tmp);
        return err;
    }
    if (keep_corrupt)
        rename(main_path(), file_name(".corrupt", bad, sizeof bad));
    else {
        /* The file being replaced stays as the last good copy. */
        static bool warned;

        unlink(bak);
        if (link(main_path(), bak) != 0 && errno != ENOENT && !warned) {
            warned = true;
            log_printf("wow64: cannot keep %s: %s\n", bak, strerror(errno));
        }
    }
    if (rename(tmp, main_path()) != 0) {
        err = errno;
        unlink(tmp);
        return err;
    }
    /* The rename itself must reach the disk before we report success. */
    if ((dfd = open(store_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

/* The cross-process lock around a read-modify-write of the file. */
static int lock_store(void)
{
    char path[PATH_MAX + 40];
    int fd = open(file_name(".lock", path, sizeof path), O_RDWR | O_CREAT | O_CLOEXEC, 0644);

    if (fd < 0)
        return -1;
    while (flock(fd, LOCK_EX) != 0)
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    return fd;
}

static void unlock_store(int fd)
{
    close(fd); /* drops the flock */
}

/* Under the file lock: the disk's tree made current (when it changed
 * since we read it, or always when force), then written back with our
 * journal when there is one or the file is missing or damaged. */
static NTSTATUS sync_locked(bool force_read)
{
    struct stat st;
    bool have_st, missing, corrupt;
    uint64_t gen;
    struct reg_key *disk;
    bool changed = force_read || !reg_tree_current();
    int err;

    /* Only the generation decides: a stat can miss a change (inode
     * numbers are reused and times are coarse). Whatever else the file
     * holds is replaced by our whole tree. */
    if (!changed && (!loaded_gen || disk_generation() != loaded_gen))
        changed = true;
    if (changed) {
        disk = read_store(&gen, &st, &have_st, &missing, &corrupt);
        if (!disk) {
            if (!(disk = reg_tree_new()))
                return STATUS_NO_MEMORY;
            reg_defaults_fill(disk);
            if (!missing)
                log_printf("wow64: registry store %s unusable: starting from the default content\n",
                           main_path());
        }
        /* Read from the .bak copy: the next flush must replace the file. */
        install(disk, corrupt ? 0 : gen, &st, have_st);
        if (!missing && !corrupt && !reg_journal)
            return STATUS_SUCCESS;
    } else {
        gen = loaded_gen;
        corrupt = missing = false;
        if (!reg_journal)
            return STATUS_SUCCESS;
    }
    if ((err = replace_file(reg_tree_current(), gen + 1, corrupt)) != 0) {
        log_printf("wow64: cannot write the registry store %s: %s\n", main_path(), strerror(err));
        return err == ENOSPC ? STATUS_DISK_FULL : STATUS_REGISTRY_IO_FAILED;
    }
    reg_journal_clear();
    loaded_gen = gen + 1;
    loaded_st_valid = stat(main_path(), &loaded_st) == 0;
    return STATUS_SUCCESS;
}

/* Loads the store on first use (made with the default content if new). */
NTSTATUS reg_file_load(void)
{
    struct stat st;
    bool have_st, missing, corrupt;
    uint64_t gen;
    struct reg_key *disk;
    NTSTATUS s = STATUS_SUCCESS;
    int fd;

    if (reg_tree_current())
        return STATUS_SUCCESS;
    disk = read_store(&gen, &st, &have_st, &missing, &corrupt);
    if (disk) {
        install(disk, corrupt ? 0 : gen, &st, have_st);
    } else {
        /* A new (or unusable) store: made and written under the lock, in
         * case another process is doing the same. */
        if ((fd = lock_store()) < 0) {
            log_printf("wow64: cannot lock the registry store in %s: %s\n", store_dir,
                       strerror(errno));
            if (!(disk = reg_tree_new()))
                return STATUS_NO_MEMORY;
            reg_defaults_fill(disk);
            install(disk, 0, &st, false);
        } else {
            s = sync_locked(true);
            unlock_store(fd);
        }
    }
    if (reg_tree_current()) {
        static bool hooked;

        reg_defaults_volatile(reg_tree_current());
        reg_defaults_computer_name(reg_tree_current());
        /* An embedder's host may end with exit() and no ExitProcess:
         * its changes are written then too (wow64run has flushed
         * already, which leaves nothing to do here). */
        if (!hooked)
            hooked = atexit(registry_process_exit) == 0;
    }
    return reg_tree_current() ? STATUS_SUCCESS : s;
}

/* Re-reads the store when another process has flushed since we read it. */
void reg_file_refresh(void)
{
    struct stat st;
    bool have_st, missing, corrupt;
    uint64_t gen;
    struct reg_key *disk;

    if (stat(main_path(), &st) != 0 || (loaded_st_valid && same_file(&st, &loaded_st)))
        return;
    if (loaded_gen && disk_generation() == loaded_gen) {
        loaded_st = st;
        loaded_st_valid = true;
        return;
    }
    if ((disk = read_store(&gen, &st, &have_st, &missing, &corrupt)))
        install(disk, corrupt ? 0 : gen, &st, have_st);
}

/* Writes this process's journal to the store file, merged under the lock. */
NTSTATUS reg_file_flush(void)
{
    NTSTATUS s;
    int fd;

    if (!reg_tree_current() || !reg_journal)
        return STATUS_SUCCESS;
    if ((fd = lock_store()) < 0) {
        log_printf("wow64: cannot lock the registry store in %s: %s\n", store_dir, strerror(errno));
        return STATUS_REGISTRY_IO_FAILED;
    }
    s = sync_locked(false);
    unlock_store(fd);
    return s;
}

/* The process ends: its unflushed changes are written. */
void registry_process_exit(void)
{
    reg_lock();
    if (reg_tree_current() && reg_journal)
        reg_file_flush();
    reg_unlock();
}

/* ---- a .reg text applied to a tree (loading) ---- */

struct apply_ctx {
    struct reg_key *root, *cur;
    struct regtext_error *err;
};

static int apply_key(void *ctx, const uint16_t *path, size_t len, bool delete_key)
{
    struct apply_ctx *a = ctx;
    struct reg_path p = { 0 };
    struct reg_key *k;

    a->cur = NULL;
    if (!reg_path_from_reg(path, len, &p)) {
        reg_path_free(&p);
        snprintf(a->err->msg, sizeof a->err->msg,
                 "a key outside HKEY_LOCAL_MACHINE and HKEY_USERS");
        return 1;
    }
    if (delete_key) {
        if ((k = reg_lookup_exact(a->root, p.s, p.len)) && k->parent && k->parent->parent)
            reg_tree_remove(k);
    } else if (!(a->cur = reg_tree_make_path(a->root, p.s, p.len))) {
        snprintf(a->err->msg, sizeof a->err->msg, "bad key name");
        reg_path_free(&p);
        return 1;
    }
    reg_path_free(&p);
    return 0;
}

static int apply_meta(void *ctx, uint64_t last_write, const uint16_t *cls, size_t cls_len)
{
    struct apply_ctx *a = ctx;
    struct reg_key *k = a->cur;

    if (!k)
        return 0;
    if (last_write)
        k->last_write = last_write;
    if (cls) {
        uint16_t *c = malloc((cls_len ? cls_len : 1) * sizeof *c);

        if (!c)
            return 1;
        memcpy(c, cls, cls_len * sizeof *c);
        free(k->cls);
        k->cls = c;
        k->cls_len = (uint32_t)cls_len;
    }
    return 0;
}

static int apply_value(void *ctx, const uint16_t *name, size_t name_len, uint32_t type,
                       const void *data, size_t size, bool delete_value)
{
    struct apply_ctx *a = ctx;
    struct reg_key *k = a->cur;

    /* Loading sets no last-write time: the file's ;@time says it. */
    if (!k)
        return 0;
    if (delete_value) {
        reg_tree_delete_value(k, name, name_len);
    } else if (!reg_tree_set_value(k, name, name_len, type, data, size)) {
        snprintf(a->err->msg, sizeof a->err->msg, "out of memory");
        return 1;
    }
    return 0;
}

/* Applies a parsed .reg text to a tree, without journal (loading). */
int reg_file_apply_text(struct reg_key *root, const void *buf, size_t size,
                        struct regtext_error *err)
{
    struct apply_ctx a = { root, NULL, err };
    struct regtext_sink sink = { &a, apply_key, apply_meta, apply_value };
    int rc;

    err->line = 0;
    err->msg[0] = 0;
    rc = regtext_parse(buf, size, &sink, err);
    return rc ? -1 : 0;
}

/* Flushes once the journal has grown past REG_JOURNAL_FLUSH. */
void reg_file_flush_if_large(void)
{
    if (reg_journal_bytes > REG_JOURNAL_FLUSH)
        reg_file_flush();
}

/* A fresh start, as a new process (tests): nothing loaded. */
void reg_file_reset(void)
{
    reg_store_reset();
    loaded_st_valid = false;
    loaded_gen = 0;
}
