/* Virtual memory: thin layers over the NT memory services. */
#include "kernel32_private.h"

LPVOID WINAPI VirtualAllocEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD type, DWORD protect)
{
    NTSTATUS status = NtAllocateVirtualMemory(process, &addr, 0, &size, type, protect);

    if (status) {
        k32_status(status);
        return NULL;
    }
    return addr;
}

LPVOID WINAPI VirtualAlloc(LPVOID addr, SIZE_T size, DWORD type, DWORD protect)
{
    return VirtualAllocEx(GetCurrentProcess(), addr, size, type, protect);
}

BOOL WINAPI VirtualFreeEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD type)
{
    /* Releasing takes the whole region: a size is an error. */
    if ((type & MEM_RELEASE) && size) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return k32_status(NtFreeVirtualMemory(process, &addr, &size, type));
}

BOOL WINAPI VirtualFree(LPVOID addr, SIZE_T size, DWORD type)
{
    return VirtualFreeEx(GetCurrentProcess(), addr, size, type);
}

BOOL WINAPI VirtualProtectEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD protect, PDWORD old)
{
    NTSTATUS status;

    /* The old protection is not optional. */
    if (!old) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    status = NtProtectVirtualMemory(process, &addr, &size, protect, old);
    return k32_status(status);
}

BOOL WINAPI VirtualProtect(LPVOID addr, SIZE_T size, DWORD protect, PDWORD old)
{
    return VirtualProtectEx(GetCurrentProcess(), addr, size, protect, old);
}

SIZE_T WINAPI VirtualQueryEx(HANDLE process, LPCVOID addr, PMEMORY_BASIC_INFORMATION info, SIZE_T len)
{
    SIZE_T ret = 0;
    NTSTATUS status;

    status = NtQueryVirtualMemory(process, addr, NT_MEMORY_BASIC_INFORMATION, info, len, &ret);
    if (status) {
        k32_status(status);
        return 0;
    }
    return ret;
}

SIZE_T WINAPI VirtualQuery(LPCVOID addr, PMEMORY_BASIC_INFORMATION info, SIZE_T len)
{
    return VirtualQueryEx(GetCurrentProcess(), addr, info, len);
}

BOOL WINAPI VirtualLock(LPVOID addr, SIZE_T size)
{
    K32_NOT_IMPLEMENTED("VirtualLock %p %lu\n", addr, (unsigned long)size);
    return FALSE;
}

BOOL WINAPI VirtualUnlock(LPVOID addr, SIZE_T size)
{
    K32_NOT_IMPLEMENTED("VirtualUnlock %p %lu\n", addr, (unsigned long)size);
    return FALSE;
}

BOOL WINAPI FlushInstructionCache(HANDLE process, LPCVOID addr, SIZE_T size)
{
    return TRUE;  /* x86 keeps instruction caches coherent by itself */
}
