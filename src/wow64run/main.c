/* wow64run: run a 32-bit Windows console program from a Linux shell.
 * A thin front end over libwow64: options in, exit status out. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wow64.h"

/* Exit statuses of wow64run itself (the guest's own code otherwise). */
enum {
    STATUS_USAGE = 125,     /* bad options, or the host could not be set up */
    STATUS_CANNOT_RUN = 126,/* the image is not a runnable 32-bit program */
    STATUS_NOT_FOUND = 127, /* the program, a DLL or an export is missing */
};

/* A program ended by Ctrl-C (no handler took it: STATUS_CONTROL_C_EXIT)
 * ends wow64run by SIGINT, as an interrupted Unix program, so that shells
 * and make stop; a Windows parent has already been told the full code. */
#define STATUS_CONTROL_C_EXIT 0xC000013Au
static void interrupted(void)
{
    sigset_t set;

    signal(SIGINT, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGINT);
}

static void usage(FILE *f)
{
    fputs("usage: wow64run [options] program.exe [arguments...]\n"
          "Runs a 32-bit Windows console program.\n\n"
          "  --prefix DIR   the Windows prefix (default: $WOW64_PREFIX, else ~/.wow64)\n"
          "  --strace       print every system call (same as WOW64_DEBUG=syscall)\n"
          "  --child-cmdline LINE  the guest's command line verbatim (how CreateProcess\n"
          "                 starts a child; default: built from the arguments)\n"
          "  --reg export KEY FILE  write KEY (HKLM\\..., HKCU\\..., ...) and its subkeys\n"
          "                 to FILE as a .reg file (\"-\": standard output)\n"
          "  --reg import FILE  apply a .reg file (REGEDIT4 or version 5) to the\n"
          "                 prefix's registry; a malformed file changes nothing\n"
          "  --version      print the version and exit\n"
          "  --help         print this help and exit\n\n"
          "Exit status: the program's exit code (low 8 bits; a nonzero code whose low\n"
          "8 bits are 0 gives 255), or 125 usage/set-up error, 126 image cannot run,\n"
          "127 program, DLL or export not found. --reg: 0, or 125 on any error.\n",
          f);
}

/* --reg export KEY FILE | --reg import FILE (the prefix options come
 * before it). */
static int reg_command(const struct wow64_options *o, int argc, char **argv)
{
    char err[1024];
    int rc;

    if (argc == 3 && !strcmp(argv[0], "export"))
        rc = wow64_reg_export(o, argv[1], argv[2], err, sizeof err);
    else if (argc == 2 && !strcmp(argv[0], "import"))
        rc = wow64_reg_import(o, argv[1], err, sizeof err);
    else {
        fputs("wow64run: --reg export KEY FILE, or --reg import FILE\n", stderr);
        return STATUS_USAGE;
    }
    if (rc != 0) {
        fprintf(stderr, "wow64run: %s\n", err);
        return STATUS_USAGE;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct wow64_options o = { 0 };
    uint32_t code = 0;
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "--strace")) {
            o.flags |= WOW64_TRACE_SYSCALLS;
        } else if (!strcmp(argv[i], "--prefix") && i + 1 < argc) {
            o.prefix = argv[++i];
        } else if (!strncmp(argv[i], "--prefix=", 9)) {
            o.prefix = argv[i] + 9;
        } else if (!strcmp(argv[i], "--child-cmdline") && i + 1 < argc) {
            o.command_line = argv[++i];
        } else if (!strcmp(argv[i], "--reg")) {
            return reg_command(&o, argc - i - 1, argv + i + 1);
        } else if (!strcmp(argv[i], "--version")) {
            printf("wow64run %d.%d\n", WOW64_VERSION_MAJOR, WOW64_VERSION_MINOR);
            return 0;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "wow64run: unknown option %s\n", argv[i]);
            usage(stderr);
            return STATUS_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return STATUS_USAGE;
    }
    fflush(stdout);
    /* A write to a closed pipe must fail as on Windows, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    switch (wow64_run(&o, argv[i], argc - i, (const char *const *)argv + i, &code)) {
    case WOW64_OK:
        if (code == STATUS_CONTROL_C_EXIT)
            interrupted();
        return wow64_exit_status(code);
    case WOW64_E_NOT_FOUND:
    case WOW64_E_DLL_NOT_FOUND:
    case WOW64_E_EXPORT_NOT_FOUND:
        fprintf(stderr, "wow64run: %s\n", wow64_last_error());
        return STATUS_NOT_FOUND;
    case WOW64_E_BAD_IMAGE:
    case WOW64_E_DLL_INIT:
        fprintf(stderr, "wow64run: %s\n", wow64_last_error());
        return STATUS_CANNOT_RUN;
    default:
        fprintf(stderr, "wow64run: %s\n", wow64_last_error());
        return STATUS_USAGE;
    }
}
