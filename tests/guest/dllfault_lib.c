/* A DLL whose DllMain(PROCESS_ATTACH) faults with a null write, unless the
 * environment variable DLLFAULT_CATCH is set, in which case it catches its
 * own fault with an SEH frame registered on fs:[0] and loads normally. */
#include <windows.h>

typedef struct reg {
    struct reg *next;
    void *handler;
} REG;

static volatile LONG caught;

static EXCEPTION_DISPOSITION __cdecl skip_store(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                                void *dc)
{
    (void)frame, (void)dc;
    if (rec->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return ExceptionContinueSearch;
    caught++;
    ctx->Eip += 6; /* movl $42, (%eax): c7 00 2a 00 00 00 */
    return ExceptionContinueExecution;
}

static void null_store(void)
{
    __asm__ volatile("xorl %%eax, %%eax\n\t"
                     ".byte 0xc7, 0x00, 0x2a, 0x00, 0x00, 0x00" /* movl $42, (%eax) */
                     : : : "eax", "memory");
}

__declspec(dllexport) LONG dllfault_caught(void)
{
    return caught;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst, (void)reserved;
    if (reason != DLL_PROCESS_ATTACH)
        return TRUE;
    if (GetEnvironmentVariableA("DLLFAULT_CATCH", NULL, 0)) {
        REG r;

        __asm__ volatile("movl %%fs:0, %0" : "=r"(r.next));
        r.handler = (void *)skip_store;
        __asm__ volatile("movl %0, %%fs:0" : : "r"(&r) : "memory");
        null_store();
        __asm__ volatile("movl %0, %%fs:0" : : "r"(r.next) : "memory");
        return TRUE;
    }
    null_store();
    return TRUE;
}
