/* File mappings: CreateFileMapping, OpenFileMapping, MapViewOfFile(Ex),
 * UnmapViewOfFile, FlushViewOfFile over the section services. Named
 * mappings live in \BaseNamedObjects with the named events and mutexes:
 * the host keeps them within this process (another process does not see
 * them). SEC_IMAGE mappings map the PE file as the loader lays it out. */
#include "kernel32_private.h"

#define SEC_FLAGS 0xFFFFFF00u /* the SEC_* bits CreateFileMapping accepts in protect */
#define VIEW_SHARE 1

NTSYSAPI NTSTATUS NTAPI NtOpenSection(PHANDLE section, ACCESS_MASK access,
                                      const OBJECT_ATTRIBUTES *attr);

HANDLE WINAPI CreateFileMappingW(HANDLE file, LPSECURITY_ATTRIBUTES sa, DWORD protect,
                                 DWORD size_hi, DWORD size_lo, LPCWSTR name)
{
    ULONG sec = protect & SEC_FLAGS;
    ACCESS_MASK access = STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ;
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us = { 0, 0, NULL };
    LARGE_INTEGER size;
    NTSTATUS status;
    HANDLE ret = NULL;
    BOOL named = name && *name;

    protect &= ~SEC_FLAGS;
    switch (protect) {
    case PAGE_READONLY:
    case PAGE_WRITECOPY:
        break;
    case PAGE_READWRITE:
        access |= SECTION_MAP_WRITE;
        break;
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
        access |= SECTION_MAP_EXECUTE;
        break;
    case PAGE_EXECUTE_READWRITE:
        access |= SECTION_MAP_WRITE | SECTION_MAP_EXECUTE;
        break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!sec)
        sec = SEC_COMMIT;
    size.u.LowPart = size_lo;
    size.u.HighPart = (LONG)size_hi;
    if (file == INVALID_HANDLE_VALUE) {
        /* Backed by the paging file: the size is required. */
        file = NULL;
        if (!size.QuadPart) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
    }
    if (named && !k32_object_name(name, &us))
        return NULL;
    /* A name in use by another mapping opens that one (OBJ_OPENIF). */
    InitializeObjectAttributes(&attr, named ? &us : NULL,
                               ((sa && sa->bInheritHandle) ? OBJ_INHERIT : 0) |
                                   (named ? OBJ_OPENIF : 0),
                               NULL, sa ? sa->lpSecurityDescriptor : NULL);
    status = NtCreateSection(&ret, access, &attr, size.QuadPart ? &size : NULL, protect, sec, file);
    k32_free(us.Buffer);
    if (!k32_status(status))
        return NULL;
    /* ERROR_ALREADY_EXISTS for an existing name, else no stale error. */
    SetLastError(status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return ret;
}

HANDLE WINAPI CreateFileMappingA(HANDLE file, LPSECURITY_ATTRIBUTES sa, DWORD protect,
                                 DWORD size_hi, DWORD size_lo, LPCSTR name)
{
    WCHAR *w = NULL;
    HANDLE h;

    if (name && !(w = k32_ansi_to_wide(name)))
        return NULL;
    h = CreateFileMappingW(file, sa, protect, size_hi, size_lo, w);
    k32_free(w);
    return h;
}

HANDLE WINAPI OpenFileMappingW(DWORD access, BOOL inherit, LPCWSTR name)
{
    /* FILE_MAP_COPY alone is read access to the section. */
    return k32_open_named(NtOpenSection, access == FILE_MAP_COPY ? SECTION_MAP_READ : access, inherit,
                          name);
}

HANDLE WINAPI OpenFileMappingA(DWORD access, BOOL inherit, LPCSTR name)
{
    WCHAR *w = NULL;
    HANDLE h;

    if (name && !(w = k32_ansi_to_wide(name)))
        return NULL;
    h = OpenFileMappingW(access, inherit, w);
    k32_free(w);
    return h;
}

/* FILE_MAP_* to the view's page protection. FILE_MAP_ALL_ACCESS carries
 * the FILE_MAP_COPY bit (it is SECTION_QUERY), so write is tested first. */
static ULONG view_protect(DWORD access)
{
    ULONG protect;

    if (access & FILE_MAP_WRITE)
        protect = PAGE_READWRITE;
    else if (access & FILE_MAP_COPY)
        protect = PAGE_WRITECOPY;
    else if (access & FILE_MAP_READ)
        protect = PAGE_READONLY;
    else
        protect = PAGE_NOACCESS;
    /* PAGE_EXECUTE_* is the matching PAGE_* shifted by four bits. */
    if (access & FILE_MAP_EXECUTE)
        protect <<= 4;
    return protect;
}

LPVOID WINAPI MapViewOfFileEx(HANDLE mapping, DWORD access, DWORD off_hi, DWORD off_lo,
                              SIZE_T count, LPVOID addr)
{
    LARGE_INTEGER offset;
    NTSTATUS status;
    PVOID base = addr;
    SIZE_T size = count;

    offset.u.LowPart = off_lo;
    offset.u.HighPart = (LONG)off_hi;
    status = NtMapViewOfSection(mapping, GetCurrentProcess(), &base, 0, 0, &offset, &size,
                                VIEW_SHARE, 0, view_protect(access));
    if (!k32_status(status))
        return NULL;
    return base;
}

LPVOID WINAPI MapViewOfFile(HANDLE mapping, DWORD access, DWORD off_hi, DWORD off_lo, SIZE_T count)
{
    return MapViewOfFileEx(mapping, access, off_hi, off_lo, count, NULL);
}

BOOL WINAPI UnmapViewOfFile(LPCVOID addr)
{
    return k32_status(NtUnmapViewOfSection(GetCurrentProcess(), (PVOID)addr));
}

BOOL WINAPI FlushViewOfFile(LPCVOID addr, SIZE_T size)
{
    IO_STATUS_BLOCK io;
    NTSTATUS status = NtFlushVirtualMemory(GetCurrentProcess(), &addr, &size, &io);

    /* Memory that is not a file view has nothing to flush: Windows (and
     * Wine) report success. */
    if (status == STATUS_NOT_MAPPED_DATA)
        status = STATUS_SUCCESS;
    return k32_status(status);
}
