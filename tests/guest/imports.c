/* Imports bound through export forwarders (fwdlib -> exportlib, fwdlib
 * -> kernel32) and by ordinal. */
#include <stdio.h>
#include <windows.h>

__declspec(dllimport) int fwd_present(void);
__declspec(dllimport) DWORD fwd_pid(void);
__declspec(dllimport) int own(void);

int main(void)
{
    printf("forwarded to exportlib: %d\n", fwd_present());
    printf("forwarded to kernel32: %s\n", fwd_pid() == GetCurrentProcessId() ? "same pid" : "wrong pid");
    printf("by ordinal: %d\n", own());
    return 0;
}
