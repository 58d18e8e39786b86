/* The api-ms-win-crt-*-l1-1-0.dll forwarder DLLs: no code of their own,
 * only exports that forward to ucrtbase.dll (gen_defs.cmake writes them). */
typedef int BOOL;
typedef unsigned long DWORD;

BOOL __stdcall DllMain(void *module, DWORD reason, void *reserved)
{
    return 1;
}
