/* bench_spawn: whole-process timings for bench/run.sh. Runs a command N
 * times one after the other (stdout to /dev/null) and prints
 *   <name> <mean ms per run> ms/run
 *   <name>_rss <largest peak resident set of one run> KiB
 *   <name>_cpu <mean user+system CPU time per run> ms/run
 * The peak and the CPU time come from wait4's rusage of each child
 * (ru_maxrss is the largest resident set the child had, as /usr/bin/time
 * reports it). CPU time moves less than wall time when other work shares
 * the machine, so it is the one to compare variants by on a busy host.
 * usage: bench_spawn NAME N COMMAND [ARGS...] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long n, maxrss = 0;
    double t0, t1, cpu = 0;

    if (argc < 4 || (n = strtol(argv[2], NULL, 0)) < 1) {
        fprintf(stderr, "usage: bench_spawn NAME N COMMAND [ARGS...]\n");
        return 2;
    }
    t0 = now_ns();
    for (long i = 0; i < n; i++) {
        struct rusage ru;
        int status;
        pid_t pid = fork();

        if (pid < 0) {
            perror("bench_spawn: fork");
            return 1;
        }
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, 1);
            execvp(argv[3], argv + 3);
            perror("bench_spawn: exec");
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
            fprintf(stderr, "bench_spawn: %s failed (status %#x)\n", argv[3], status);
            return 1;
        }
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
        cpu += (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
               (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    }
    t1 = now_ns();
    printf("%s %.3f ms/run\n", argv[1], (t1 - t0) / n / 1e6);
    printf("%s_rss %ld KiB\n", argv[1], maxrss);
    printf("%s_cpu %.3f ms/run\n", argv[1], cpu / n);
    return 0;
}
