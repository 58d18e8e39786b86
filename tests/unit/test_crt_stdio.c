/* Our msvcrt's streams, descriptors, environment, arguments and process
 * exit, run natively over the in-memory Win32 of test_crt_win32.c. The
 * expectations are msvcrt's documented behaviour: text mode writes CR LF
 * and reads stop at Ctrl-Z; stdout to a pipe is buffered (4096) until
 * fflush or exit; a console stream is flushed by every call; perror and
 * abort write straight to the handle; exit runs atexit handlers newest
 * first and flushes; _exit does not. Standard handles here: stdin a pipe
 * with input, stdout a pipe, stderr a console. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_crt_win32.h"

static const char stdin_data[] = "42 line two\r\nsecond\r\n";

static int setup(void **state)
{
    static int done;

    if (!done) {
        done = 1;
        mock_cmdline = "\"C:\\test\\prog.exe\" one \"two words\" a\\\"b";
        mock_reset_std(0, FILE_TYPE_PIPE, stdin_data, sizeof(stdin_data) - 1);
        mock_reset_std(1, FILE_TYPE_PIPE, NULL, 0);
        mock_reset_std(2, FILE_TYPE_CHAR, NULL, 0);
        DllMain(NULL, DLL_PROCESS_ATTACH, NULL);
    }
    mock_clear_output(1);
    mock_clear_output(2);
    return 0;
}

static void test_stdout_to_a_pipe_is_buffered_until_fflush(void **state)
{
    int i;

    assert_int_equal(printf("hello %d\n", 7), 8);
    assert_int_equal(puts("line"), 0);
    assert_int_equal(mock_std[1].writes, 0);
    fflush(crt_stdout);
    assert_int_equal(mock_std[1].writes, 1);
    assert_string_equal(mock_std[1].out, "hello 7\r\nline\r\n");

    /* Output reaches the handle when the 4096-byte buffer is full. */
    mock_clear_output(1);
    for (i = 0; i < 4096; i++)
        fputc('x', crt_stdout);
    assert_int_equal(mock_std[1].len, 0);
    for (; i < 5000; i++)
        fputc('x', crt_stdout);
    assert_int_equal(mock_std[1].len, 4096);
    fflush(crt_stdout);
    assert_int_equal(mock_std[1].len, 5000);
}

static void test_console_stream_is_flushed_by_each_call(void **state)
{
    fprintf(crt_stderr, "a\nb\n");
    assert_int_equal(mock_std[2].writes, 1);
    assert_string_equal(mock_std[2].out, "a\r\nb\r\n");
    fputc('x', crt_stderr);
    assert_int_equal(mock_std[2].writes, 2);
    fputs("yz\n", crt_stderr);
    assert_int_equal(mock_std[2].writes, 3);
    assert_string_equal(mock_std[2].out, "a\r\nb\r\nxyz\r\n");
}

static void test_unbuffered_stream_writes_each_character(void **state)
{
    FILE *f;
    size_t len;
    const char *data;

    f = fopen("nb.txt", "wb");
    assert_non_null(f);
    assert_int_equal(setvbuf(f, NULL, _IONBF, 0), 0);
    fputc('a', f);
    data = mock_file_get("nb.txt", &len);
    assert_int_equal(len, 1);
    assert_memory_equal(data, "a", 1);
    fclose(f);
}

static void test_text_files_translate_newlines(void **state)
{
    char buf[64];
    FILE *f;
    size_t len;
    const char *data;

    f = fopen("t.txt", "w");
    assert_non_null(f);
    assert_int_equal(fprintf(f, "line1\nline2\n"), 12);
    assert_int_equal(ftell(f), 14);
    assert_int_equal(fclose(f), 0);
    data = mock_file_get("t.txt", &len);
    assert_int_equal(len, 14);
    assert_memory_equal(data, "line1\r\nline2\r\n", 14);

    f = fopen("t.txt", "r");
    assert_non_null(fgets(buf, sizeof(buf), f));
    assert_string_equal(buf, "line1\n");
    assert_int_equal(ftell(f), 7);
    assert_non_null(fgets(buf, sizeof(buf), f));
    assert_string_equal(buf, "line2\n");
    assert_null(fgets(buf, sizeof(buf), f));
    assert_true(feof(f));
    fclose(f);

    f = fopen("t.txt", "rb");
    assert_non_null(fgets(buf, sizeof(buf), f));
    assert_string_equal(buf, "line1\r\n");
    fclose(f);
}

static void test_ctrl_z_ends_a_text_file(void **state)
{
    char buf[16];
    FILE *f;

    mock_file_put("z.txt", "abc\x1a" "def", 7);
    f = fopen("z.txt", "r");
    assert_int_equal(fread(buf, 1, sizeof(buf), f), 3);
    assert_memory_equal(buf, "abc", 3);
    assert_true(feof(f));
    fclose(f);
    f = fopen("z.txt", "rb");
    assert_int_equal(fread(buf, 1, sizeof(buf), f), 7);
    fclose(f);
}

static void test_binary_files_seek_read_and_unget(void **state)
{
    char buf[16];
    FILE *f;
    int n = 0;

    f = fopen("b.bin", "w+b");
    assert_int_equal(fwrite("0123456789", 1, 10, f), 10);
    assert_int_equal(fseek(f, 3, 0), 0);
    assert_int_equal(fgetc(f), '3');
    assert_int_equal(ungetc('X', f), 'X');
    assert_int_equal(fgetc(f), 'X');
    assert_int_equal(ftell(f), 4);
    assert_int_equal(fseek(f, -2, 2), 0);
    assert_int_equal(fread(buf, 1, 5, f), 2);
    assert_memory_equal(buf, "89", 2);
    assert_int_equal(fseek(f, 0, 0), 0);
    assert_int_equal(fscanf(f, "%3d", &n), 1);
    assert_int_equal(n, 12);
    fclose(f);
    assert_null(fopen("missing.txt", "r"));
    assert_int_equal(crt_errno, CRT_ENOENT);
    assert_null(fopen("b.bin", "rq"));
    assert_int_equal(crt_errno, CRT_EINVAL);
}

static void test_stdin_reads_through_text_mode(void **state)
{
    char word[32], line[32];
    int n = 0;

    assert_int_equal(fscanf(crt_stdin, "%d %s", &n, word), 2);
    assert_int_equal(n, 42);
    assert_string_equal(word, "line");
    assert_non_null(fgets(line, sizeof(line), crt_stdin));
    assert_string_equal(line, " two\n");
    assert_non_null(fgets(line, sizeof(line), crt_stdin));
    assert_string_equal(line, "second\n");
    assert_int_equal(fgetc(crt_stdin), -1);
}

static void test_low_level_io(void **state)
{
    char buf[16];
    int fd;
    size_t len;

    fd = _open("low.txt", _O_CREAT | _O_RDWR | _O_TRUNC | _O_TEXT, _S_IREAD | _S_IWRITE);
    assert_true(fd >= 3);
    assert_int_equal(_write(fd, "a\nb", 3), 3);
    assert_int_equal(_lseek(fd, 0, 1), 4);
    assert_int_equal(_lseek(fd, 0, 0), 0);
    assert_int_equal(_read(fd, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "a\nb", 3);
    assert_int_equal(_setmode(fd, _O_BINARY), _O_TEXT);
    _lseek(fd, 0, 0);
    assert_int_equal(_read(fd, buf, sizeof(buf)), 4);
    assert_memory_equal(buf, "a\r\nb", 4);
    assert_int_equal(_close(fd), 0);
    assert_int_equal(_close(fd), -1);
    assert_int_equal(crt_errno, CRT_EBADF);
    assert_non_null(mock_file_get("low.txt", &len));
    assert_int_equal(_isatty(2), FD_DEV);
    assert_int_equal(_isatty(1), 0);
}

static void test_wide_output_by_mode(void **state)
{
    FILE *f;
    size_t len;
    const char *data;

    f = fopen("w.bin", "wb");
    assert_int_equal(fwprintf(f, u"hi\n"), 3);
    fclose(f);
    data = mock_file_get("w.bin", &len);
    assert_int_equal(len, 6);
    assert_memory_equal(data, "h\0i\0\n\0", 6);
    f = fopen("w.txt", "wt");
    assert_int_equal(fwprintf(f, u"hi\n"), 3);
    fclose(f);
    data = mock_file_get("w.txt", &len);
    assert_int_equal(len, 4);
    assert_memory_equal(data, "hi\r\n", 4);
}

static void test_string_printf_contracts(void **state)
{
    char b[8];
    crt_wchar w[16];

    memset(b, 'x', sizeof(b));
    assert_int_equal(_snprintf(b, 8, "justfits"), 8);
    assert_memory_equal(b, "justfits", 8);
    assert_int_equal(_snprintf(b, 8, "muchlonger"), -1);
    assert_memory_equal(b, "muchlong", 8);
    assert_int_equal(_snprintf(b, 8, "short"), 5);
    assert_string_equal(b, "short");
    assert_int_equal(snprintf(b, 8, "muchlonger"), 10);
    assert_string_equal(b, "muchlon");
    assert_int_equal(sprintf_s(b, 8, "%d", 1234567), 7);
    assert_int_equal(sprintf_s(b, 8, "%d", 12345678), -1);
    assert_string_equal(b, "");
    assert_int_equal(swprintf(w, u"%s %d", u"n", 5), 3);
    assert_memory_equal(w, u"n 5", 8);
    assert_int_equal(_snwprintf(NULL, 0, u"%ws%ws", u"one", u"two"), 6);
}

static void test_arguments_and_environment(void **state)
{
    int argc;
    char **argv, **envp, **initial;

    assert_int_equal(__getmainargs(&argc, &argv, &envp, 0, NULL), 0);
    assert_int_equal(argc, 4);
    assert_string_equal(argv[0], "C:\\test\\prog.exe");
    assert_string_equal(argv[2], "two words");
    assert_string_equal(argv[3], "a\"b");
    assert_null(argv[4]);
    assert_ptr_equal(envp, __initenv);
    /* "=C:=..." entries are not part of the C environment. */
    assert_string_equal(envp[0], "PATH=C:\\bin");
    assert_string_equal(getenv("home"), "C:\\home");
    assert_null(getenv("NOPE"));

    initial = __initenv;
    assert_int_equal(_putenv("NEW=1"), 0);
    assert_string_equal(getenv("NEW"), "1");
    assert_string_equal(mock_setenv_last, "NEW=1");
    assert_ptr_equal(__initenv, initial);
    assert_true(_environ != __initenv);
    assert_null(initial[2]);
    assert_int_equal(_putenv("NEW="), 0);
    assert_null(getenv("NEW"));
    assert_string_equal(mock_setenv_last, "NEW=(deleted)");
    assert_int_equal(_putenv("bad"), -1);
}

static void test_misc_runtime(void **state)
{
    struct crt_tm *tm;
    crt_time32 t;
    void *p;

    srand(1);
    assert_int_equal(rand(), 41);
    assert_int_equal(rand(), 18467);
    assert_int_equal(rand(), 6334);
    assert_string_equal(strerror(2), "No such file or directory");
    assert_string_equal(strerror(42), "Illegal byte sequence");
    assert_string_equal(strerror(99), "Unknown error");
    crt_errno = 2;
    perror("open");
    assert_string_equal(mock_std[2].out, "open: No such file or directory\r\n");
    p = _aligned_malloc(100, 64);
    assert_int_equal((uintptr_t)p & 63, 0);
    _aligned_free(p);
    t = time(NULL);
    assert_int_equal(t, 1000000000);
    tm = gmtime(&t);
    assert_string_equal(asctime(tm), "Sun Sep 09 01:46:40 2001\n");
}

static int calls[4], ncalls;
static void __cdecl first(void) { calls[ncalls++] = 1; }
static void __cdecl second(void) { calls[ncalls++] = 2; }
static int sigs;
static void __cdecl on_signal(int sig) { sigs = sig; }

static void test_signal_handlers_are_reset_before_they_run(void **state)
{
    assert_ptr_equal(signal(15, on_signal), NULL);
    assert_int_equal(raise(15), 0);
    assert_int_equal(sigs, 15);
    assert_ptr_equal(signal(15, (crt_sighandler)1), NULL);   /* was reset to SIG_DFL */
    assert_int_equal(raise(15), 0);                         /* ignored */
    assert_ptr_equal(signal(99, on_signal), (crt_sighandler)-1);
    assert_int_equal(crt_errno, CRT_EINVAL);
}

static void test_assert_prints_and_aborts_with_status_3(void **state)
{
    if (!setjmp(mock_exit_jmp))
        _assert("x > 0", "f.c", 12);
    assert_int_equal(mock_exit_code, 3);
    assert_string_equal(mock_std[2].out, "Assertion failed: x > 0, file f.c, line 12\r\n"
                                         "\r\nabnormal program termination\r\n");
}

static void test_exit_runs_handlers_in_reverse_and_flushes(void **state)
{
    atexit(first);
    atexit(second);
    printf("pending\n");
    assert_int_equal(mock_std[1].writes, 0);
    if (!setjmp(mock_exit_jmp))
        exit(5);
    assert_int_equal(mock_exit_code, 5);
    assert_int_equal(ncalls, 2);
    assert_int_equal(calls[0], 2);
    assert_int_equal(calls[1], 1);
    assert_string_equal(mock_std[1].out, "pending\r\n");
}

static void test_underscore_exit_does_not_flush(void **state)
{
    printf("lost\n");
    if (!setjmp(mock_exit_jmp))
        _exit(9);
    assert_int_equal(mock_exit_code, 9);
    assert_int_equal(mock_std[1].len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_stdout_to_a_pipe_is_buffered_until_fflush, setup),
        cmocka_unit_test_setup(test_console_stream_is_flushed_by_each_call, setup),
        cmocka_unit_test_setup(test_unbuffered_stream_writes_each_character, setup),
        cmocka_unit_test_setup(test_text_files_translate_newlines, setup),
        cmocka_unit_test_setup(test_ctrl_z_ends_a_text_file, setup),
        cmocka_unit_test_setup(test_binary_files_seek_read_and_unget, setup),
        cmocka_unit_test_setup(test_stdin_reads_through_text_mode, setup),
        cmocka_unit_test_setup(test_low_level_io, setup),
        cmocka_unit_test_setup(test_wide_output_by_mode, setup),
        cmocka_unit_test_setup(test_string_printf_contracts, setup),
        cmocka_unit_test_setup(test_arguments_and_environment, setup),
        cmocka_unit_test_setup(test_misc_runtime, setup),
        cmocka_unit_test_setup(test_signal_handlers_are_reset_before_they_run, setup),
        cmocka_unit_test_setup(test_assert_prints_and_aborts_with_status_3, setup),
        cmocka_unit_test_setup(test_exit_runs_handlers_in_reverse_and_flushes, setup),
        cmocka_unit_test_setup(test_underscore_exit_does_not_flush, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
