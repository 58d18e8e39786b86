/* A DLL that imports from a DLL that does not exist. */
__declspec(dllimport) int nosuch_function(void);

__declspec(dllexport) int uses_missing(void)
{
    return nosuch_function();
}
