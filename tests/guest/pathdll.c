/* DLLs that live only in a directory named by PATH (tests/guest/dllpath.c):
 * pathdep.dll, and pathonly.dll (USE_DEP) which imports it, so that its
 * dependency is found through PATH too. */
#include <windows.h>

#ifdef USE_DEP
int path_dep_value(void);

__declspec(dllexport) int path_value(void)
{
    return path_dep_value() + 1;
}
#else
__declspec(dllexport) int path_dep_value(void)
{
    return 17;
}
#endif
