/* The registry store without a guest (src/nt/registry_store.c,
 * registry_file.c, registry_defaults.c): keys, values of each type,
 * enumeration order, links, volatile keys, flush and reload, merging with
 * another process's flushed changes, and damaged store files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nt/registry.h"
#include "nt/token.h"

/* registry_file.c finds the store in the prefix; the tests set the
 * directory themselves. */
char prefix_root[PATH_MAX];

static char dir[PATH_MAX];

/* An ASCII string as UTF-16 (a few at a time). */
static const uint16_t *W(const char *s)
{
    static uint16_t bufs[8][512];
    static int next;
    uint16_t *b = bufs[next++ & 7];
    size_t i = 0;

    for (; s[i] && i < 511; i++)
        b[i] = (uint8_t)s[i];
    b[i] = 0;
    return b;
}

static size_t wlen(const uint16_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static struct reg_key *root(void)
{
    NTSTATUS s;
    struct reg_key *r = reg_root(&s);

    assert_int_equal(s, STATUS_SUCCESS);
    assert_non_null(r);
    return r;
}

static struct reg_key *find(const char *path)
{
    NTSTATUS s;
    const uint16_t *p = W(path);

    return reg_lookup(root(), p, wlen(p), true, &s, NULL, NULL, NULL);
}

/* Creates path's last component under its existing parent. */
static struct reg_key *create(const char *path, bool is_volatile, NTSTATUS want)
{
    NTSTATUS s;
    const uint16_t *p = W(path), *last;
    size_t last_len;
    struct reg_key *parent, *k = NULL;

    assert_null(reg_lookup(root(), p, wlen(p), true, &s, &parent, &last, &last_len));
    assert_non_null(parent);
    assert_int_equal(reg_create_key(parent, last, last_len, NULL, 0, is_volatile, false,
                                    reg_now(), &k),
                     want);
    return k;
}

static void set_sz(struct reg_key *k, const char *name, const char *value)
{
    const uint16_t *v = W(value);
    const uint16_t *n = W(name);

    assert_int_equal(reg_set_value(k, n, wlen(n), REG_SZ, v, (wlen(v) + 1) * 2, reg_now()),
                     STATUS_SUCCESS);
}

static void assert_sz(struct reg_key *k, const char *name, const char *value)
{
    const uint16_t *n = W(name), *v;
    struct reg_value *rv = reg_value_find(k, n, wlen(n));

    assert_non_null(rv);
    v = W(value);
    assert_int_equal(rv->type, REG_SZ);
    assert_int_equal(rv->size, (wlen(v) + 1) * 2);
    assert_memory_equal(rv->data, v, rv->size);
}

static char *path_of(const char *suffix)
{
    static char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/registry.reg%s", dir, suffix);
    return p;
}

/* A new process's view of the store. */
static void restart(void)
{
    reg_lock();
    reg_file_reset();
    reg_unlock();
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_registry.%d.XXXXXX", (int)getpid());
    assert_non_null(mkdtemp(dir));
    reg_file_set_dir(dir);
    restart();
    return 0;
}

static int teardown(void **state)
{
    char cmd[PATH_MAX + 16];

    (void)state;
    restart();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void test_new_store_has_the_default_keys(void **state)
{
    struct reg_key *k;
    struct stat st;

    (void)state;
    reg_lock();
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
    assert_non_null(k);
    assert_sz(k, "CurrentBuildNumber", "19045");
    assert_sz(k, "CurrentVersion", "6.3");
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion");
    assert_non_null(k);
    assert_sz(k, "ProgramFilesDir", "C:\\Program Files (x86)");
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion");
    assert_sz(k, "ProgramFilesDir", "C:\\Program Files");
    assert_non_null(find("\\REGISTRY\\USER\\" WOW64_USER_SID "\\Environment"));
    k = find("\\REGISTRY\\USER\\" WOW64_USER_SID "\\Volatile Environment");
    assert_non_null(k);
    assert_true(k->is_volatile);
    /* CurrentControlSet is a link to ControlSet001. */
    assert_ptr_equal(find("\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Control"),
                     find("\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control"));
    reg_unlock();
    /* The store was written on first use. */
    assert_int_equal(stat(path_of(""), &st), 0);
}

static void test_names_are_case_insensitive_and_keep_their_case(void **state)
{
    struct reg_key *k;

    (void)state;
    reg_lock();
    k = create("\\REGISTRY\\MACHINE\\SOFTWARE\\MixedCase", false, STATUS_SUCCESS);
    assert_ptr_equal(find("\\registry\\machine\\software\\MIXEDCASE"), k);
    assert_int_equal(k->name_len, 9);
    assert_memory_equal(k->name, W("MixedCase"), 18);
    assert_int_equal(reg_create_key(k->parent, W("MIXEDCASE"), 9, NULL, 0, false, false,
                                    reg_now(), &k),
                     STATUS_OBJECT_NAME_COLLISION);
    reg_unlock();
}

static void test_delete_key_with_subkeys_is_refused(void **state)
{
    struct reg_key *a, *b;

    (void)state;
    reg_lock();
    a = create("\\REGISTRY\\MACHINE\\SOFTWARE\\DelA", false, STATUS_SUCCESS);
    b = create("\\REGISTRY\\MACHINE\\SOFTWARE\\DelA\\B", false, STATUS_SUCCESS);
    assert_int_equal(reg_delete_key(a, reg_now()), STATUS_CANNOT_DELETE);
    reg_node_hold(b);
    assert_int_equal(reg_delete_key(b, reg_now()), STATUS_SUCCESS);
    /* A handle on the deleted key finds it deleted. */
    assert_null(reg_node_current(root(), &b));
    reg_node_drop(b);
    assert_int_equal(reg_delete_key(a, reg_now()), STATUS_SUCCESS);
    assert_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\DelA"));
    /* The hive roots stay. */
    assert_int_equal(reg_delete_key(find("\\REGISTRY\\MACHINE"), reg_now()), STATUS_CANNOT_DELETE);
    reg_unlock();
}

static void test_missing_intermediate_key_is_not_created(void **state)
{
    NTSTATUS s;
    const uint16_t *p = W("\\REGISTRY\\MACHINE\\SOFTWARE\\NoSuch\\Child");
    struct reg_key *parent = (struct reg_key *)1;

    (void)state;
    reg_lock();
    assert_null(reg_lookup(root(), p, wlen(p), true, &s, &parent, NULL, NULL));
    assert_int_equal(s, STATUS_OBJECT_PATH_NOT_FOUND);
    assert_null(parent);
    reg_unlock();
}

/* Every value type, flushed, read back by a new process. */
static void test_values_of_each_type_survive_flush_and_reload(void **state)
{
    static const struct { const char *name; uint32_t type; const char *data; size_t size; } v[] = {
        { "sz", REG_SZ, "a\0b\0\0\0", 6 },
        { "expand", REG_EXPAND_SZ, "%\0x\0%\0\0\0", 8 },
        { "multi", REG_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10 },
        { "dword", REG_DWORD, "\x78\x56\x34\x12", 4 },
        { "qword", REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8 },
        { "binary", REG_BINARY, "\x00\xff\x10", 3 },
        { "none", REG_NONE, "", 0 },
        { "link", REG_LINK, "\\\0R\0", 4 },
        { "odd", 0x12345, "xyz", 3 },
        { "", REG_SZ, "d\0\0\0", 4 },
    };
    struct reg_key *k;

    (void)state;
    reg_lock();
    k = create("\\REGISTRY\\USER\\" WOW64_USER_SID "\\Types", false, STATUS_SUCCESS);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        const uint16_t *n = W(v[i].name);
        assert_int_equal(reg_set_value(k, n, wlen(n), v[i].type, v[i].data, v[i].size, reg_now()),
                         STATUS_SUCCESS);
    }
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    assert_null(reg_journal);
    reg_unlock();

    restart();
    reg_lock();
    k = find("\\REGISTRY\\USER\\" WOW64_USER_SID "\\Types");
    assert_non_null(k);
    assert_int_equal(k->nval, sizeof v / sizeof *v);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        const uint16_t *n = W(v[i].name);
        struct reg_value *rv = &k->val[i];

        /* Enumeration keeps the order of creation. */
        assert_true(reg_name_eq(rv->name, rv->name_len, n, wlen(n)));
        assert_int_equal(rv->type, v[i].type);
        assert_int_equal(rv->size, v[i].size);
        if (v[i].size)
            assert_memory_equal(rv->data, v[i].data, v[i].size);
    }
    reg_unlock();
}

static void test_subkeys_enumerate_in_case_insensitive_order(void **state)
{
    static const char *const names[] = { "delta", "Alpha", "charlie", "Bravo" };
    static const char *const sorted[] = { "Alpha", "Bravo", "charlie", "delta" };
    struct reg_key *k;

    (void)state;
    reg_lock();
    k = create("\\REGISTRY\\MACHINE\\SOFTWARE\\Order", false, STATUS_SUCCESS);
    for (size_t i = 0; i < 4; i++) {
        char p[128];
        snprintf(p, sizeof p, "\\REGISTRY\\MACHINE\\SOFTWARE\\Order\\%s", names[i]);
        create(p, false, STATUS_SUCCESS);
    }
    assert_int_equal(k->nsub, 4);
    for (size_t i = 0; i < 4; i++)
        assert_true(reg_name_eq(k->sub[i]->name, k->sub[i]->name_len, W(sorted[i]),
                                strlen(sorted[i])));
    reg_unlock();
}

static void test_links_are_followed_unless_opened_as_links(void **state)
{
    NTSTATUS s;
    struct reg_key *target, *link, *parent, *k;
    const uint16_t *last, *p, *t = W("\\REGISTRY\\MACHINE\\SOFTWARE\\LinkTarget");
    uint16_t tgt[64];
    size_t last_len, tl = wlen(t);

    (void)state;
    memcpy(tgt, t, tl * 2);
    reg_lock();
    target = create("\\REGISTRY\\MACHINE\\SOFTWARE\\LinkTarget", false, STATUS_SUCCESS);
    set_sz(target, "v", "in target");
    p = W("\\REGISTRY\\MACHINE\\SOFTWARE\\TheLink");
    assert_null(reg_lookup(root(), p, wlen(p), false, &s, &parent, &last, &last_len));
    assert_int_equal(reg_create_key(parent, last, last_len, NULL, 0, false, true, reg_now(), &link),
                     STATUS_SUCCESS);
    assert_int_equal(reg_set_value(link, W("SymbolicLinkValue"), 17, REG_LINK, tgt, tl * 2,
                                   reg_now()),
                     STATUS_SUCCESS);
    assert_ptr_equal(find("\\REGISTRY\\MACHINE\\SOFTWARE\\TheLink"), target);
    p = W("\\REGISTRY\\MACHINE\\SOFTWARE\\TheLink");
    assert_ptr_equal(reg_lookup(root(), p, wlen(p), false, &s, NULL, NULL, NULL), link);
    /* Through the link to a new subkey of the target. */
    k = create("\\REGISTRY\\MACHINE\\SOFTWARE\\TheLink\\Below", false, STATUS_SUCCESS);
    assert_ptr_equal(k->parent, target);
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();

    restart();
    reg_lock();
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\TheLink");
    assert_non_null(k);
    assert_sz(k, "v", "in target");
    assert_non_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\LinkTarget\\Below"));
    reg_unlock();
}

static void test_volatile_keys_are_never_written(void **state)
{
    struct reg_key *v;
    FILE *f;
    char buf[65536];
    size_t n;

    (void)state;
    reg_lock();
    v = create("\\REGISTRY\\MACHINE\\SOFTWARE\\Fleeting", true, STATUS_SUCCESS);
    set_sz(v, "x", "y");
    create("\\REGISTRY\\MACHINE\\SOFTWARE\\Fleeting\\Stable", false, STATUS_CHILD_MUST_BE_VOLATILE);
    create("\\REGISTRY\\MACHINE\\SOFTWARE\\Fleeting\\AlsoVolatile", true, STATUS_SUCCESS);
    create("\\REGISTRY\\MACHINE\\SOFTWARE\\Lasting", false, STATUS_SUCCESS);
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();
    assert_non_null(f = fopen(path_of(""), "rb"));
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    assert_null(strstr(buf, "Fleeting"));
    assert_null(strstr(buf, "Volatile Environment"));
    assert_non_null(strstr(buf, "Lasting"));

    restart();
    reg_lock();
    assert_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\Fleeting"));
    assert_non_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\Lasting"));
    reg_unlock();
}

/* Runs f in a child process with its own view of the store (another
 * wow64run), and waits for it. */
static void in_other_process(void (*f)(void))
{
    pid_t pid = fork();
    int status;

    assert_true(pid >= 0);
    if (!pid) {
        restart();
        f();
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void other_writes(void)
{
    struct reg_key *k;

    reg_lock();
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared");
    if (!k)
        _exit(3);
    set_sz(k, "from_other", "2");
    if (reg_file_flush() != STATUS_SUCCESS)
        _exit(4);
    reg_unlock();
}

static void other_deletes(void)
{
    struct reg_key *k;

    reg_lock();
    if (!(k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared\\Doomed")) ||
        reg_delete_key(k, reg_now()) != STATUS_SUCCESS || reg_file_flush() != STATUS_SUCCESS)
        _exit(5);
    reg_unlock();
}

/* Two processes' changes to one key both end up in the store. */
static void test_flush_merges_another_process_changes(void **state)
{
    struct reg_key *k, *doomed;

    (void)state;
    reg_lock();
    create("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared", false, STATUS_SUCCESS);
    doomed = create("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared\\Doomed", false, STATUS_SUCCESS);
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_node_hold(doomed);
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared");
    set_sz(k, "from_us", "1"); /* not flushed yet */
    reg_unlock();

    in_other_process(other_writes);
    in_other_process(other_deletes);

    reg_lock();
    /* Our next open sees their flushed changes, our own unflushed one
     * stays, and our handle on the key they deleted finds it deleted. */
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared");
    assert_non_null(k);
    assert_sz(k, "from_us", "1");
    assert_sz(k, "from_other", "2");
    assert_null(reg_node_current(root(), &doomed));
    reg_node_drop(doomed);
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();

    restart();
    reg_lock();
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared");
    assert_sz(k, "from_us", "1");
    assert_sz(k, "from_other", "2");
    assert_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\Shared\\Doomed"));
    reg_unlock();
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* A truncated store (it cannot happen through our own writes: a new file
 * replaces the old by rename) makes the next process use the last good
 * copy; a leftover .tmp of a killed flush is ignored. */
static void test_damaged_store_loads_the_last_good_file(void **state)
{
    struct reg_key *k;
    struct stat st;
    char *buf;
    FILE *f;

    (void)state;
    reg_lock();
    k = create("\\REGISTRY\\MACHINE\\SOFTWARE\\Good", false, STATUS_SUCCESS);
    set_sz(k, "gen", "first");
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    set_sz(k, "gen", "second");
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();

    write_file(path_of(".tmp"), "garbage", 7);
    restart();
    reg_lock();
    assert_sz(find("\\REGISTRY\\MACHINE\\SOFTWARE\\Good"), "gen", "second");
    reg_unlock();

    /* Cut the file in the middle. */
    assert_int_equal(stat(path_of(""), &st), 0);
    assert_non_null(buf = malloc((size_t)st.st_size));
    assert_non_null(f = fopen(path_of(""), "rb"));
    assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
    fclose(f);
    write_file(path_of(""), buf, (size_t)st.st_size / 2);
    free(buf);
    restart();
    reg_lock();
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Good");
    assert_non_null(k);
    assert_sz(k, "gen", "first");
    /* The next flush writes a whole file again and keeps the bad one. */
    set_sz(k, "gen", "third");
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();
    assert_int_equal(stat(path_of(".corrupt"), &st), 0);
    restart();
    reg_lock();
    assert_sz(find("\\REGISTRY\\MACHINE\\SOFTWARE\\Good"), "gen", "third");
    reg_unlock();
}

static void test_garbage_store_without_backup_starts_from_defaults(void **state)
{
    (void)state;
    write_file(path_of(""), "not a registry\r\n", 16);
    restart();
    reg_lock();
    assert_non_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"));
    reg_unlock();
}

static void test_rename_key(void **state)
{
    struct reg_key *k, *other;

    (void)state;
    reg_lock();
    k = create("\\REGISTRY\\MACHINE\\SOFTWARE\\OldName", false, STATUS_SUCCESS);
    other = create("\\REGISTRY\\MACHINE\\SOFTWARE\\Taken", false, STATUS_SUCCESS);
    (void)other;
    assert_int_equal(reg_rename_key(k, W("Taken"), 5, reg_now()), STATUS_CANNOT_DELETE);
    assert_int_equal(reg_rename_key(k, W("NewName"), 7, reg_now()), STATUS_SUCCESS);
    assert_ptr_equal(find("\\REGISTRY\\MACHINE\\SOFTWARE\\NewName"), k);
    assert_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\OldName"));
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();
    restart();
    reg_lock();
    assert_non_null(find("\\REGISTRY\\MACHINE\\SOFTWARE\\NewName"));
    reg_unlock();
}

/* Value names keep every character through the file (quoted with
 * escapes); key names the file cannot carry (line breaks, NUL, lone
 * surrogates) are refused rather than changed. */
static void test_unusual_names_survive_or_are_refused(void **state)
{
    static const uint16_t vname[] = { 'a', '\r', '\n', '"', '\\', 0, ']', 0xD83D, 0xDE00 };
    static const uint16_t lone[] = { 'x', 0xD800 }, crlf[] = { 'x', '\n', 'y' };
    static const uint16_t kname[] = { '[', 'x', ']', '"', 0xE9 };
    struct reg_key *k, *sub = NULL;
    size_t vl = sizeof vname / 2;

    (void)state;
    reg_lock();
    k = create("\\REGISTRY\\MACHINE\\SOFTWARE\\Odd", false, STATUS_SUCCESS);
    assert_int_equal(reg_set_value(k, vname, vl, REG_SZ, u"v\nw", 8, reg_now()), STATUS_SUCCESS);
    assert_int_equal(reg_set_value(k, lone, 2, REG_SZ, u"", 2, reg_now()),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(reg_create_key(k, crlf, 3, NULL, 0, false, false, reg_now(), &sub),
                     STATUS_OBJECT_NAME_INVALID);
    assert_int_equal(reg_create_key(k, lone, 2, NULL, 0, false, false, reg_now(), &sub),
                     STATUS_OBJECT_NAME_INVALID);
    assert_int_equal(reg_create_key(k, kname, 5, crlf, 3, false, false, reg_now(), &sub),
                     STATUS_INVALID_PARAMETER);
    assert_int_equal(reg_create_key(k, kname, 5, NULL, 0, false, false, reg_now(), &sub),
                     STATUS_SUCCESS);
    assert_int_equal(reg_file_flush(), STATUS_SUCCESS);
    reg_unlock();
    restart();
    reg_lock();
    k = find("\\REGISTRY\\MACHINE\\SOFTWARE\\Odd");
    assert_non_null(k);
    assert_int_equal(k->nval, 1);
    assert_non_null(reg_value_find(k, vname, vl));
    assert_memory_equal(reg_value_find(k, vname, vl)->data, u"v\nw", 8);
    assert_int_equal(k->nsub, 1);
    assert_true(reg_name_eq(k->sub[0]->name, k->sub[0]->name_len, kname, 5));
    reg_unlock();
}

static void test_reg_root_names_map_to_store_names(void **state)
{
    struct reg_path p = { 0 };
    const uint16_t *in = W("HKCU\\Software\\X\\");
    const uint16_t *want = W("\\REGISTRY\\USER\\" WOW64_USER_SID "\\Software\\X");

    (void)state;
    assert_true(reg_path_from_reg(in, wlen(in), &p));
    assert_int_equal(p.len, wlen(want));
    assert_memory_equal(p.s, want, p.len * 2);
    in = W("HKEY_LOCAL_MACHINE");
    assert_true(reg_path_from_reg(in, wlen(in), &p));
    assert_int_equal(p.len, 17);
    in = W("HKEY_LOCAL_MACHINEX\\a");
    assert_false(reg_path_from_reg(in, wlen(in), &p));
    reg_path_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_store_has_the_default_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_are_case_insensitive_and_keep_their_case, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_delete_key_with_subkeys_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_intermediate_key_is_not_created, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_values_of_each_type_survive_flush_and_reload, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_subkeys_enumerate_in_case_insensitive_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_links_are_followed_unless_opened_as_links, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_volatile_keys_are_never_written, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flush_merges_another_process_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_store_loads_the_last_good_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_garbage_store_without_backup_starts_from_defaults,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unusual_names_survive_or_are_refused, setup,
                                        teardown),
        cmocka_unit_test(test_reg_root_names_map_to_store_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
