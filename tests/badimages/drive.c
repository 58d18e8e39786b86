/* Runs wow64run on every image of a corpus and checks that the host stays
 * in control:
 *   drive <wow64run> <timeout-seconds> <jobs> <file or directory>...
 * Each image must either be refused (exit status 125, 126 or 127 with
 * exactly one line on stderr, naming the file) or run (any other exit
 * status: the program's code or an exception's). Death by a signal is a
 * host crash and fails; so does a run that outlives the timeout, unless
 * the guest program itself was running by then (a mutation that still
 * loads may jump into garbage that loops: a guest hang, not the host's),
 * which a second run with WOW64_DEBUG=loader tells (given at most 3 s). Prints one line per
 * failure and a summary; exit status 0 when nothing failed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 16

struct job {
    pid_t pid;
    const char *file;
    char err_path[64];
    double start;
    bool killed;
};

static const char *wow64run;
static double timeout_s;
static char **files;
static size_t nfiles, cap;
static unsigned refused, ran, guest_hangs, failures;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_file(const char *path)
{
    if (nfiles == cap && !(files = realloc(files, (cap = cap ? 2 * cap : 256) * sizeof *files))) {
        perror("realloc");
        exit(2);
    }
    if (!(files[nfiles++] = strdup(path)))
        exit(2);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_arg(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char buf[4096];

    if (stat(path, &st) != 0) {
        fprintf(stderr, "drive: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    if (!S_ISDIR(st.st_mode)) {
        add_file(path);
        return;
    }
    if (!(d = opendir(path)))
        exit(2);
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(buf, sizeof buf, "%s/%s", path, e->d_name);
            add_file(buf);
        }
    closedir(d);
}

/* Starts wow64run on file, stdout discarded, stderr to err_path. */
static pid_t start(const char *file, const char *err_path, bool debug)
{
    pid_t pid = fork();

    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY), err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (out < 0 || err < 0 || in < 0)
            _exit(120);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        if (debug)
            setenv("WOW64_DEBUG", "loader", 1);
        execl(wow64run, wow64run, file, (char *)NULL);
        _exit(121);
    }
    return pid;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, c = 0;
    int ch;

    if (f) {
        while ((ch = fgetc(f)) != EOF) {
            if (n + 2 > c && !(buf = realloc(buf, c = c ? 2 * c : 256)))
                exit(2);
            buf[n++] = (char)ch;
        }
        fclose(f);
    }
    if (!buf && !(buf = malloc(1)))
        exit(2);
    buf[n] = 0;
    *len = n;
    return buf;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');

    return s ? s + 1 : p;
}

/* Whether the guest program had started when a run hung: a second run
 * with the loader's log, given the same time. */
static bool guest_was_running(const char *file, const char *err_path)
{
    pid_t pid = start(file, err_path, true);
    double t0 = now();
    int status;
    size_t len;
    char *log;
    bool started;

    /* The loader logs the start within milliseconds; a few seconds are
     * plenty even on a loaded machine. */
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (now() - t0 > (timeout_s < 3 ? timeout_s : 3)) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        usleep(5000);
    }
    log = read_all(err_path, &len);
    started = strstr(log, "loader: starting ") != NULL;
    free(log);
    return started;
}

static void finish(struct job *j, int status)
{
    size_t len;
    char *err = read_all(j->err_path, &len);
    const char *name = base_name(j->file);
    char *nl = memchr(err, '\n', len);

    if (j->killed) {
        if (guest_was_running(j->file, j->err_path)) {
            guest_hangs++;
        } else {
            printf("FAIL %s: hung in the loader (killed after %.0f s)\n", j->file, timeout_s);
            failures++;
        }
    } else if (WIFSIGNALED(status)) {
        printf("FAIL %s: host died by signal %d; stderr: %.300s\n", j->file, WTERMSIG(status), err);
        failures++;
    } else if (WEXITSTATUS(status) >= 125 && WEXITSTATUS(status) <= 127) {
        if (!nl || nl + 1 != err + len || !strstr(err, name) || strncmp(err, "wow64run: ", 10)) {
            printf("FAIL %s: refused (status %d) without exactly one line naming it: \"%.300s\"\n",
                   j->file, WEXITSTATUS(status), err);
            failures++;
        } else {
            refused++;
        }
    } else if (WEXITSTATUS(status) >= 120 && WEXITSTATUS(status) <= 121) {
        printf("FAIL %s: could not start %s\n", j->file, wow64run);
        failures++;
    } else {
        ran++;
    }
    if (getenv("DRIVE_VERBOSE"))
        printf("%s: %s%s", j->file, j->killed ? "timeout" : "", err);
    free(err);
    unlink(j->err_path);
}

int main(int argc, char **argv)
{
    struct job jobs[MAX_JOBS] = { 0 };
    unsigned njobs;
    size_t next = 0, running = 0;

    if (argc < 5) {
        fprintf(stderr, "usage: drive <wow64run> <timeout-seconds> <jobs> <file or dir>...\n");
        return 2;
    }
    wow64run = argv[1];
    timeout_s = atof(argv[2]);
    njobs = (unsigned)atoi(argv[3]);
    if (njobs < 1 || njobs > MAX_JOBS)
        njobs = 1;
    for (int i = 4; i < argc; i++)
        add_arg(argv[i]);
    qsort(files, nfiles, sizeof *files, cmp);
    for (unsigned i = 0; i < njobs; i++)
        snprintf(jobs[i].err_path, sizeof jobs[i].err_path, "/tmp/drive-%d-%u.err", (int)getpid(), i);
    while (next < nfiles || running) {
        for (unsigned i = 0; i < njobs && next < nfiles; i++)
            if (!jobs[i].pid) {
                jobs[i].file = files[next++];
                jobs[i].killed = false;
                jobs[i].start = now();
                jobs[i].pid = start(jobs[i].file, jobs[i].err_path, false);
                running++;
            }
        for (unsigned i = 0; i < njobs; i++) {
            int status;
            pid_t r;

            if (!jobs[i].pid)
                continue;
            if ((r = waitpid(jobs[i].pid, &status, WNOHANG)) == 0) {
                if (now() - jobs[i].start > timeout_s) {
                    kill(jobs[i].pid, SIGKILL);
                    waitpid(jobs[i].pid, &status, 0);
                    jobs[i].killed = true;
                } else {
                    continue;
                }
            }
            jobs[i].pid = 0;
            running--;
            finish(&jobs[i], status);
        }
        usleep(2000);
    }
    printf("%zu images: %u refused with one line, %u ran, %u ran guest code until the timeout, %u failures\n",
           nfiles, refused, ran, guest_hangs, failures);
    return failures ? 1 : 0;
}
