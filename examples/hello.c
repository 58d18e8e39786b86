/* The bundled example: a plain C program built by MinGW-w64 as a 32-bit
 * Windows console program. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from a 32-bit Windows program!\n");
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
