/* The in-memory Win32 of test_crt_win32.c, for host tests of our msvcrt's
 * guest files: what the tests set up and read back. */
#ifndef TEST_CRT_WIN32_H
#define TEST_CRT_WIN32_H

#include <setjmp.h>
#include "guest/msvcrt/crtio.h"

/* A standard handle: console (FILE_TYPE_CHAR) or pipe, with the bytes a
 * program reads from it and everything written to it. */
struct mock_stream {
    const char *input;
    size_t input_len, input_pos;
    char *out;
    size_t len;
    int writes;         /* WriteFile calls */
};

extern struct mock_stream mock_std[3];
extern jmp_buf mock_exit_jmp;
extern int mock_exit_code;
extern char mock_log[4096];
extern const char *mock_cmdline;
extern const char *mock_env;
extern char mock_setenv_last[256];

void mock_reset_std(int which, int type, const char *input, size_t len);
void mock_clear_output(int which);
struct mock_file *mock_file_put(const char *name, const char *data, size_t len);
const char *mock_file_get(const char *name, size_t *len);

BOOL WINAPI DllMain(HANDLE module, DWORD reason, void *reserved);

#endif
