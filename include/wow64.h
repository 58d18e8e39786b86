/* libwow64: run 32-bit Windows (PE32) code in a 64-bit Linux process.
 *
 * One process hosts one guest process. Either run a program:
 *
 *     struct wow64_options o = { 0 };
 *     uint32_t code;
 *     if (wow64_run(&o, "hello.exe", argc, argv, &code) != WOW64_OK)
 *         fprintf(stderr, "%s\n", wow64_last_error());
 *
 * or embed 32-bit DLLs: wow64_init(), wow64_load_library(),
 * wow64_get_proc_address(), wow64_call().
 *
 * The host must be a position-independent executable (the low 4 GiB of
 * the address space belong to the guest). */
#ifndef WOW64_H
#define WOW64_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define WOW64_API __attribute__((visibility("default")))
#else
#define WOW64_API
#endif

#define WOW64_VERSION_MAJOR 0
#define WOW64_VERSION_MINOR 1

/* Option flags. */
#define WOW64_TRACE_SYSCALLS 0x1u /* print every system call (as WOW64_DEBUG=syscall) */

struct wow64_options {
    const char *prefix; /* NULL: $WOW64_PREFIX, else ~/.wow64 */
    unsigned flags;     /* WOW64_* flags */
    const char *command_line; /* the guest command line verbatim (UTF-8), instead of one
                                 built from argv; NULL: built from argv */
};

/* Results of the library calls; wow64_last_error() has the one-line text. */
enum wow64_result {
    WOW64_OK = 0,
    WOW64_E_NOT_FOUND,        /* the program file does not exist */
    WOW64_E_BAD_IMAGE,        /* not a runnable 32-bit image (64-bit, 16-bit, .NET, corrupt, ...) */
    WOW64_E_DLL_NOT_FOUND,    /* a DLL the image needs is missing */
    WOW64_E_EXPORT_NOT_FOUND, /* a function or ordinal it imports is missing */
    WOW64_E_DLL_INIT,         /* a DLL's entry point failed */
    WOW64_E_HOST,             /* host set-up failed (prefix, memory, CPU) */
    WOW64_E_STATE,            /* called in the wrong state (e.g. a second program) */
};

/* Runs a 32-bit Windows program to its end. argv[0] is the program name
 * the guest sees. On WOW64_OK, *exit_code is the guest's exit code (its
 * ExitProcess value, or the exception code of an unhandled exception). */
WOW64_API enum wow64_result wow64_run(const struct wow64_options *opts, const char *path, int argc,
                                      const char *const argv[], uint32_t *exit_code);

/* The guest exit code as a shell exit status: its low 8 bits, except that
 * a nonzero code is never 0 (it becomes 255). */
WOW64_API int wow64_exit_status(uint32_t exit_code);

/* One line naming the file and the cause of the last failure. */
WOW64_API const char *wow64_last_error(void);

/* Embedding: sets up a guest process with ntdll and kernel32 and no
 * program. */
WOW64_API enum wow64_result wow64_init(const struct wow64_options *opts);
/* Loads a 32-bit DLL (a name searched as LoadLibrary does, or a host
 * path) and runs its initialisation; *module is its base address. */
WOW64_API enum wow64_result wow64_load_library(const char *name, uint32_t *module);
/* The guest address of an exported function. */
WOW64_API enum wow64_result wow64_get_proc_address(uint32_t module, const char *name,
                                                   uint32_t *address);
/* Calls 32-bit code at address with nargs 32-bit stack arguments (stdcall
 * or cdecl); returns EDX:EAX. On the calling thread, which must be the one
 * that called wow64_init. If the guest code ends the process
 * (ExitProcess) or dies of an unhandled exception, the host process exits
 * with wow64_exit_status() of the code. */
WOW64_API uint64_t wow64_call(uint32_t address, unsigned nargs, const uint32_t *args);

/* The prefix's registry as .reg text, in regedit's formats (what
 * `wow64run --reg` does). Export writes key (HKEY_LOCAL_MACHINE\... or
 * HKLM\..., HKEY_CURRENT_USER\... or HKCU\..., HKEY_USERS\...) and
 * its subkeys to file ("-": standard output) as "Windows Registry Editor
 * Version 5.00", UTF-16LE with a BOM. Import reads a REGEDIT4 or version 5
 * file (UTF-16LE or UTF-8; "-": standard input), checks all of it, then
 * applies it and writes the store. Both return 0, or -1 with one line in
 * err: "FILE:LINE: what is wrong" for a malformed file, which changes
 * nothing. */
WOW64_API int wow64_reg_export(const struct wow64_options *opts, const char *key,
                               const char *file, char *err, size_t err_size);
WOW64_API int wow64_reg_import(const struct wow64_options *opts, const char *file, char *err,
                               size_t err_size);

#ifdef __cplusplus
}
#endif

#endif
