/* Synchronisation: critical sections (ntdll's), waits, events, mutexes,
 * semaphores and waitable timers; and TLS slots (bitmaps in the PEB, set
 * up by ntdll, changed under the PEB lock). */
#include "kernel32_private.h"
#include "ntsync.h"

/* ---- critical sections ---- */

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlInitializeCriticalSection(crit);
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION crit, DWORD spin)
{
    return k32_status(RtlInitializeCriticalSectionAndSpinCount(crit, spin));
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION crit, DWORD spin, DWORD flags)
{
    return k32_status(RtlInitializeCriticalSectionEx(crit, spin, flags));
}

void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlDeleteCriticalSection(crit);
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlEnterCriticalSection(crit);
}

void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION crit)
{
    RtlLeaveCriticalSection(crit);
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION crit)
{
    return RtlTryEnterCriticalSection(crit);
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION crit, DWORD spin)
{
    return RtlSetCriticalSectionSpinCount(crit, spin);
}

/* ---- waits ---- */

/* NTSTATUS of a wait -> WaitFor* result: the success codes are the WAIT_*
 * values themselves (WAIT_OBJECT_0 + n, WAIT_ABANDONED_0 + n,
 * WAIT_IO_COMPLETION, WAIT_TIMEOUT). */
static DWORD wait_result(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return (DWORD)status;
    k32_status(status);
    return WAIT_FAILED;
}

/* Files and console handles are always signaled (our I/O is synchronous). */
DWORD WINAPI WaitForSingleObjectEx(HANDLE h, DWORD ms, BOOL alertable)
{
    LARGE_INTEGER t;

    return wait_result(NtWaitForSingleObject(h, (BOOLEAN)(alertable != 0), k32_timeout(&t, ms)));
}

DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD ms)
{
    return WaitForSingleObjectEx(h, ms, FALSE);
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL all, DWORD ms,
                                      BOOL alertable)
{
    LARGE_INTEGER t;

    if (!count || count > MAXIMUM_WAIT_OBJECTS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    /* WaitType: 0 WaitAll, 1 WaitAny */
    return wait_result(NtWaitForMultipleObjects(count, handles, all ? 0 : 1,
                                                (BOOLEAN)(alertable != 0), k32_timeout(&t, ms)));
}

DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL all, DWORD ms)
{
    return WaitForMultipleObjectsEx(count, handles, all, ms, FALSE);
}

DWORD WINAPI SignalObjectAndWait(HANDLE signal, HANDLE wait, DWORD ms, BOOL alertable)
{
    LARGE_INTEGER t;

    return wait_result(NtSignalAndWaitForSingleObject(signal, wait, (BOOLEAN)(alertable != 0),
                                                      k32_timeout(&t, ms)));
}

/* ---- object names ---- */

/* Named objects live in \BaseNamedObjects (events, mutexes, semaphores,
 * timers here; file mappings in mapping.c). */
BOOL k32_object_name(const WCHAR *name, UNICODE_STRING *us)
{
    static const WCHAR dir[] = L"\\BaseNamedObjects\\";
    size_t n = wcslen(name), d = wcslen(dir);

    if ((n + d) * sizeof(WCHAR) >= 0xFFFE) {
        SetLastError(ERROR_FILENAME_EXCED_RANGE);
        return FALSE;
    }
    if (!(us->Buffer = k32_alloc((n + d + 1) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(us->Buffer, dir, d * sizeof(WCHAR));
    memcpy(us->Buffer + d, name, (n + 1) * sizeof(WCHAR));
    us->Length = (USHORT)((n + d) * sizeof(WCHAR));
    us->MaximumLength = us->Length + sizeof(WCHAR);
    return TRUE;
}

/* The attributes of a create (openif: a name that exists opens that
 * object) or an open. An empty name is no name, as on Windows. us.Buffer
 * must be freed (k32_free) afterwards. */
static BOOL object_attributes(OBJECT_ATTRIBUTES *attr, UNICODE_STRING *us, const WCHAR *name,
                              BOOL inherit, const SECURITY_ATTRIBUTES *sa, BOOL openif)
{
    BOOL named = name && *name;

    us->Buffer = NULL;
    us->Length = us->MaximumLength = 0;
    if (named && !k32_object_name(name, us))
        return FALSE;
    if (sa && sa->bInheritHandle)
        inherit = TRUE;
    InitializeObjectAttributes(attr, named ? us : NULL,
                               (inherit ? OBJ_INHERIT : 0) | (named && openif ? OBJ_OPENIF : 0),
                               NULL, sa ? sa->lpSecurityDescriptor : NULL);
    return TRUE;
}

/* The handle of a create: the last error says whether the name existed
 * (ERROR_ALREADY_EXISTS) or not (0). */
static HANDLE created(NTSTATUS status, HANDLE h)
{
    if (!NT_SUCCESS(status)) {
        k32_status(status);
        return NULL;
    }
    SetLastError(status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return h;
}

/* OpenEvent, OpenMutex, ... (OpenFileMapping too): a name is required. */
HANDLE k32_open_named(open_fn fn, DWORD access, BOOL inherit, const WCHAR *name)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    NTSTATUS status;
    HANDLE h = NULL;

    if (!name) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!object_attributes(&attr, &us, name, inherit, NULL, FALSE))
        return NULL;
    status = fn(&h, access, &attr);
    k32_free(us.Buffer);
    if (!NT_SUCCESS(status)) {
        k32_status(status);
        return NULL;
    }
    return h;
}

/* An A name as a heap UTF-16 copy (NULL stays NULL); FALSE on failure. */
static BOOL wide_name(const char *name, WCHAR **w)
{
    *w = NULL;
    return !name || (*w = k32_ansi_to_wide(name)) != NULL;
}

/* The A form of an Open* function: the name converted, then open_named. */
static HANDLE open_named_a(open_fn fn, DWORD access, BOOL inherit, LPCSTR name)
{
    WCHAR *w;
    HANDLE h;

    if (!wide_name(name, &w))
        return NULL;
    h = k32_open_named(fn, access, inherit, w);
    k32_free(w);
    return h;
}

/* ---- events ---- */

HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags, DWORD access)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    NTSTATUS status;
    HANDLE h = NULL;

    if (flags & ~(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!object_attributes(&attr, &us, name, FALSE, sa, TRUE))
        return NULL;
    status = NtCreateEvent(&h, access, &attr,
                           (flags & CREATE_EVENT_MANUAL_RESET) ? NT_EVENT_NOTIFICATION
                                                               : NT_EVENT_SYNCHRONIZATION,
                           (flags & CREATE_EVENT_INITIAL_SET) != 0);
    k32_free(us.Buffer);
    return created(status, h);
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial, LPCWSTR name)
{
    return CreateEventExW(sa, name, (manual ? CREATE_EVENT_MANUAL_RESET : 0) |
                          (initial ? CREATE_EVENT_INITIAL_SET : 0), EVENT_ALL_ACCESS);
}

HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags, DWORD access)
{
    WCHAR *w;
    HANDLE h;

    if (!wide_name(name, &w))
        return NULL;
    h = CreateEventExW(sa, w, flags, access);
    k32_free(w);
    return h;
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial, LPCSTR name)
{
    return CreateEventExA(sa, name, (manual ? CREATE_EVENT_MANUAL_RESET : 0) |
                          (initial ? CREATE_EVENT_INITIAL_SET : 0), EVENT_ALL_ACCESS);
}

HANDLE WINAPI OpenEventW(DWORD access, BOOL inherit, LPCWSTR name)
{
    return k32_open_named(NtOpenEvent, access, inherit, name);
}

HANDLE WINAPI OpenEventA(DWORD access, BOOL inherit, LPCSTR name)
{
    return open_named_a(NtOpenEvent, access, inherit, name);
}

BOOL WINAPI SetEvent(HANDLE h)
{
    return k32_status(NtSetEvent(h, NULL));
}

BOOL WINAPI ResetEvent(HANDLE h)
{
    return k32_status(NtResetEvent(h, NULL));
}

BOOL WINAPI PulseEvent(HANDLE h)
{
    return k32_status(NtPulseEvent(h, NULL));
}

/* ---- mutexes ---- */

HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags, DWORD access)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    NTSTATUS status;
    HANDLE h = NULL;

    if (flags & ~CREATE_MUTEX_INITIAL_OWNER) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!object_attributes(&attr, &us, name, FALSE, sa, TRUE))
        return NULL;
    status = NtCreateMutant(&h, access, &attr, (flags & CREATE_MUTEX_INITIAL_OWNER) != 0);
    k32_free(us.Buffer);
    return created(status, h);
}

HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES sa, BOOL owner, LPCWSTR name)
{
    return CreateMutexExW(sa, name, owner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTEX_ALL_ACCESS);
}

HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags, DWORD access)
{
    WCHAR *w;
    HANDLE h;

    if (!wide_name(name, &w))
        return NULL;
    h = CreateMutexExW(sa, w, flags, access);
    k32_free(w);
    return h;
}

HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES sa, BOOL owner, LPCSTR name)
{
    return CreateMutexExA(sa, name, owner ? CREATE_MUTEX_INITIAL_OWNER : 0, MUTEX_ALL_ACCESS);
}

HANDLE WINAPI OpenMutexW(DWORD access, BOOL inherit, LPCWSTR name)
{
    return k32_open_named(NtOpenMutant, access, inherit, name);
}

HANDLE WINAPI OpenMutexA(DWORD access, BOOL inherit, LPCSTR name)
{
    return open_named_a(NtOpenMutant, access, inherit, name);
}

BOOL WINAPI ReleaseMutex(HANDLE h)
{
    return k32_status(NtReleaseMutant(h, NULL));
}

/* ---- semaphores ---- */

HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCWSTR name,
                                 DWORD flags, DWORD access)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    NTSTATUS status;
    HANDLE h = NULL;

    if (!object_attributes(&attr, &us, name, FALSE, sa, TRUE))
        return NULL;
    status = NtCreateSemaphore(&h, access, &attr, initial, max);
    k32_free(us.Buffer);
    return created(status, h);
}

HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCWSTR name)
{
    return CreateSemaphoreExW(sa, initial, max, name, 0, SEMAPHORE_ALL_ACCESS);
}

HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCSTR name,
                                 DWORD flags, DWORD access)
{
    WCHAR *w;
    HANDLE h;

    if (!wide_name(name, &w))
        return NULL;
    h = CreateSemaphoreExW(sa, initial, max, w, flags, access);
    k32_free(w);
    return h;
}

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCSTR name)
{
    return CreateSemaphoreExA(sa, initial, max, name, 0, SEMAPHORE_ALL_ACCESS);
}

HANDLE WINAPI OpenSemaphoreW(DWORD access, BOOL inherit, LPCWSTR name)
{
    return k32_open_named(NtOpenSemaphore, access, inherit, name);
}

HANDLE WINAPI OpenSemaphoreA(DWORD access, BOOL inherit, LPCSTR name)
{
    return open_named_a(NtOpenSemaphore, access, inherit, name);
}

BOOL WINAPI ReleaseSemaphore(HANDLE h, LONG count, LPLONG prev)
{
    return k32_status(NtReleaseSemaphore(h, count, prev));
}

/* ---- waitable timers ---- */

#ifndef CREATE_WAITABLE_TIMER_HIGH_RESOLUTION
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x2
#endif

HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES sa, LPCWSTR name, DWORD flags,
                                     DWORD access)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    NTSTATUS status;
    HANDLE h = NULL;

    /* A high-resolution timer is what every timer here is already. */
    if (flags & ~(CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!object_attributes(&attr, &us, name, FALSE, sa, TRUE))
        return NULL;
    status = NtCreateTimer(&h, access, &attr,
                           (flags & CREATE_WAITABLE_TIMER_MANUAL_RESET) ? NT_TIMER_NOTIFICATION
                                                                        : NT_TIMER_SYNCHRONIZATION);
    k32_free(us.Buffer);
    return created(status, h);
}

HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES sa, BOOL manual, LPCWSTR name)
{
    return CreateWaitableTimerExW(sa, name, manual ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0,
                                  TIMER_ALL_ACCESS);
}

HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES sa, LPCSTR name, DWORD flags,
                                     DWORD access)
{
    WCHAR *w;
    HANDLE h;

    if (!wide_name(name, &w))
        return NULL;
    h = CreateWaitableTimerExW(sa, w, flags, access);
    k32_free(w);
    return h;
}

HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES sa, BOOL manual, LPCSTR name)
{
    return CreateWaitableTimerExA(sa, name, manual ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0,
                                  TIMER_ALL_ACCESS);
}

HANDLE WINAPI OpenWaitableTimerW(DWORD access, BOOL inherit, LPCWSTR name)
{
    return k32_open_named(NtOpenTimer, access, inherit, name);
}

HANDLE WINAPI OpenWaitableTimerA(DWORD access, BOOL inherit, LPCSTR name)
{
    return open_named_a(NtOpenTimer, access, inherit, name);
}

/* Due: negative relative (100 ns), positive absolute UTC FILETIME; period
 * in ms (0: once). The completion routine runs as an APC on this thread,
 * in one of its alertable waits. */
BOOL WINAPI SetWaitableTimerEx(HANDLE h, const LARGE_INTEGER *due, LONG period,
                               PTIMERAPCROUTINE routine, LPVOID arg, PREASON_CONTEXT reason,
                               ULONG delay)
{
    NTSTATUS status = NtSetTimer(h, due, (PNT_TIMER_APC_ROUTINE)routine, arg,
                                 reason != NULL, period, NULL);

    /* The timer is set; resuming a suspended system is not supported. */
    if (status == STATUS_TIMER_RESUME_IGNORED) {
        SetLastError(ERROR_NOT_SUPPORTED);
        return TRUE;
    }
    return k32_status(status);
}

BOOL WINAPI SetWaitableTimer(HANDLE h, const LARGE_INTEGER *due, LONG period,
                             PTIMERAPCROUTINE routine, LPVOID arg, BOOL resume)
{
    NTSTATUS status = NtSetTimer(h, due, (PNT_TIMER_APC_ROUTINE)routine, arg, resume != 0,
                                 period, NULL);

    if (status == STATUS_TIMER_RESUME_IGNORED) {
        SetLastError(ERROR_NOT_SUPPORTED);
        return TRUE;
    }
    return k32_status(status);
}

BOOL WINAPI CancelWaitableTimer(HANDLE h)
{
    return k32_status(NtCancelTimer(h, NULL));
}
