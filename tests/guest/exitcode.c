/* Ends with the code given: "return N", "exit N" or "ExitProcess N". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    unsigned long code;

    if (argc < 3)
        return 99;
    code = strtoul(argv[2], NULL, 0);
    printf("exiting with %lu by %s\n", code, argv[1]);
    if (!strcmp(argv[1], "exit"))
        exit((int)code);
    if (!strcmp(argv[1], "ExitProcess")) {
        fflush(stdout);
        ExitProcess((UINT)code);
    }
    return (int)code;
}
