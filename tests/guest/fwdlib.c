/* A DLL whose exports forward to other DLLs, plus one export known only
 * by ordinal (see fwdlib.def). */
int own(void)
{
    return 5;
}
