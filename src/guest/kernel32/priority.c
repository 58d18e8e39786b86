/* Process priority classes (SetPriorityClass/GetPriorityClass), through
 * NtSetInformationProcess/NtQueryInformationProcess(ProcessPriorityClass).
 * The host does not serve that class yet: both then fail honestly. */
#include "kernel32_private.h"

#define K32_ProcessPriorityClass 18

/* PROCESS_PRIORITY_CLASS: the NT class numbers, 1 idle .. 6 below normal. */
struct k32_priority_class {
    BOOLEAN Foreground;
    UCHAR PriorityClass;
};

static const DWORD win32_class[7] = {
    0, IDLE_PRIORITY_CLASS, NORMAL_PRIORITY_CLASS, HIGH_PRIORITY_CLASS,
    REALTIME_PRIORITY_CLASS, BELOW_NORMAL_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS,
};

BOOL WINAPI SetPriorityClass(HANDLE process, DWORD cls)
{
    struct k32_priority_class pc = { FALSE, 0 };
    NTSTATUS status;
    UCHAR i;

    for (i = 1; i < 7; i++)
        if (win32_class[i] == cls)
            pc.PriorityClass = i;
    if (!pc.PriorityClass) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    status = NtSetInformationProcess(process, K32_ProcessPriorityClass, &pc, sizeof(pc));
    if (status == STATUS_NOT_IMPLEMENTED) {
        K32_NOT_IMPLEMENTED("SetPriorityClass: the host has no process priority classes\n");
        return FALSE;
    }
    return k32_status(status);
}

DWORD WINAPI GetPriorityClass(HANDLE process)
{
    struct k32_priority_class pc = { FALSE, 0 };
    NTSTATUS status;

    status = NtQueryInformationProcess(process, K32_ProcessPriorityClass, &pc, sizeof(pc), NULL);
    if (status == STATUS_NOT_IMPLEMENTED) {
        K32_NOT_IMPLEMENTED("GetPriorityClass: the host has no process priority classes\n");
        return 0;
    }
    if (!k32_status(status))
        return 0;
    if (pc.PriorityClass < 1 || pc.PriorityClass > 6) {
        SetLastError(ERROR_INVALID_DATA);
        return 0;
    }
    return win32_class[pc.PriorityClass];
}
