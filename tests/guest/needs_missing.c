/* Imports a function from a DLL (or an export) that does not exist; the
 * loader must refuse it before any code runs. */
#include <stdio.h>

#ifdef WANT_DLL
__declspec(dllimport) int nosuch_function(void);
#define CALL nosuch_function
#else
__declspec(dllimport) int absent(void);
#define CALL absent
#endif

int main(void)
{
    printf("should not run\n");
    return CALL();
}
