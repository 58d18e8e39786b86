/* Prints its arguments so that the test can compare them with what the
 * shell passed: spaces, quotes and backslashes must survive the trip
 * through the Windows command line. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '\\');

    printf("argc=%d\n", argc);
    printf("argv[0] ends with %s\n", slash ? slash + 1 : argv[0]);
    for (int i = 1; i < argc; i++)
        printf("[%s]\n", argv[i]);
    fprintf(stderr, "this goes to stderr\n");
    return argc;
}
