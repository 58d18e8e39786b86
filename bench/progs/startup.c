/* Start-up and exit of a process that prints one line: bench/run.sh
 * times whole runs of it (native vs wow64run), so this program times
 * nothing itself. */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
