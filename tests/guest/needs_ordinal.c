/* Imports by ordinal a function exportlib.dll does not have (ordinal 77);
 * the loader must refuse it before any code runs. */
#include <stdio.h>

__declspec(dllimport) int absent_by_ordinal(void);

int main(void)
{
    printf("should not run\n");
    return absent_by_ordinal();
}
