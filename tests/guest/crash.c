/* Faults in 32-bit code: the host must report it and exit with the
 * exception code, never crash itself. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    /* Through a volatile pointer: gcc must not see that it is NULL (it
     * would replace the store with a trap). */
    int *volatile p = (int *)(argc > 5 ? 0x1000 : 0);
    volatile int zero = argc - argc;

    fflush(stdout);
    if (argc > 1 && !strcmp(argv[1], "div"))
        return 10 / zero;
    if (argc > 1 && !strcmp(argv[1], "int3"))
        __asm__ volatile("int3");
    if (argc > 1 && !strcmp(argv[1], "ud2"))
        __asm__ volatile("ud2");
    *p = 42;
    return 0;
}
