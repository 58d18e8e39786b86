/* Guest side of the transition benchmark: an empty function (the bare
 * 64->32->64 round trip) and a loop of null service calls, each a full
 * trip through the stub, the transition and the dispatcher. */
typedef long NTSTATUS;
__declspec(dllimport) NTSTATUS __stdcall NtTestAlert(void);

__declspec(dllexport) void nop(void)
{
}

__declspec(dllexport) unsigned null_services(unsigned n)
{
    unsigned failures = 0;

    while (n--)
        failures += NtTestAlert() != 0;
    return failures;
}

int __stdcall DllMain(void *inst, unsigned reason, void *reserved)
{
    return 1;
}
