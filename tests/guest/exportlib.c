/* A DLL with one export, for the missing-export test. */
__declspec(dllexport) int present(void)
{
    return 1;
}
