/* The IO_STATUS_BLOCK of the NT file services, called directly through
 * ntdll: what a success writes (Status and the byte count in
 * Information), what a failure leaves alone, and what a bad block pointer
 * gives. The services with at most six register arguments and one block
 * take the dispatcher's short path, the others its full path; both must
 * agree. Expected values: Microsoft's documentation of each service
 * (ZwQueryInformationFile, ZwSetInformationFile, ZwReadFile, ZwWriteFile,
 * ZwFlushBuffersFile, ZwQueryVolumeInformationFile, ZwUnlockFile) and the
 * 32-bit sizes of the structures they return. */
#include <windows.h>
#include <winternl.h>
#include <string.h>

#include "test.h"

NTSTATUS NTAPI NtSetInformationFile(HANDLE h, PIO_STATUS_BLOCK io, PVOID buf, ULONG len,
                                    FILE_INFORMATION_CLASS cls);
NTSTATUS NTAPI NtFlushBuffersFile(HANDLE h, PIO_STATUS_BLOCK io);
NTSTATUS NTAPI NtReadFile(HANDLE h, HANDLE event, PVOID apc, PVOID ctx, PIO_STATUS_BLOCK io,
                          PVOID buf, ULONG len, PLARGE_INTEGER offset, PULONG key);
NTSTATUS NTAPI NtWriteFile(HANDLE h, HANDLE event, PVOID apc, PVOID ctx, PIO_STATUS_BLOCK io,
                           const void *buf, ULONG len, PLARGE_INTEGER offset, PULONG key);
NTSTATUS NTAPI NtUnlockFile(HANDLE h, PIO_STATUS_BLOCK io, PLARGE_INTEGER offset,
                            PLARGE_INTEGER len, ULONG key);

#define S_SUCCESS ((NTSTATUS)0x00000000)
#define S_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#define S_ACCESS_VIOLATION ((NTSTATUS)0xC0000005)
#define S_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004)
#define S_END_OF_FILE ((NTSTATUS)0xC0000011)
#define S_RANGE_NOT_LOCKED ((NTSTATUS)0xC000007E)
#define FilePositionInfo 14
#define FileStandardInfo 5
#define FileBasicInfo 4
#define FileFsSizeInfo 3
#define FileFsDeviceInfo 4

#define SENTINEL 0xA5A5A5A5u

static void poison(IO_STATUS_BLOCK *io)
{
    memset(io, 0xA5, sizeof *io);
}

static int untouched(const IO_STATUS_BLOCK *io)
{
    return (ULONG)io->Status == SENTINEL && (ULONG)io->Information == SENTINEL;
}

/* The query and set services (short path). */
static void test_information(HANDLE h)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER pos;
    BYTE buf[64];
    NTSTATUS s;

    ok(sizeof(IO_STATUS_BLOCK) == 8, "IO_STATUS_BLOCK is %u bytes", (unsigned)sizeof(IO_STATUS_BLOCK));
    poison(&io);
    pos.QuadPart = -1;
    s = NtQueryInformationFile(h, &io, &pos, sizeof pos, FilePositionInfo);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 8 && pos.QuadPart == 5,
       "position: %#lx %#lx %lu %lld", s, io.Status, (ULONG)io.Information, pos.QuadPart);

    poison(&io);
    s = NtQueryInformationFile(h, &io, buf, sizeof buf, FileStandardInfo);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 24,
       "standard: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);

    poison(&io);
    s = NtQueryInformationFile(h, &io, buf, sizeof buf, FileBasicInfo);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 40,
       "basic: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);

    /* A buffer too small for the class: nothing written. */
    poison(&io);
    s = NtQueryInformationFile(h, &io, &pos, 4, FilePositionInfo);
    ok(s == S_INFO_LENGTH_MISMATCH && untouched(&io), "short buffer: %#lx %#lx", s, io.Status);

    poison(&io);
    pos.QuadPart = 3;
    s = NtSetInformationFile(h, &io, &pos, sizeof pos, FilePositionInfo);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 0,
       "set position: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);
    pos.QuadPart = -1;
    NtQueryInformationFile(h, &io, &pos, sizeof pos, FilePositionInfo);
    ok(pos.QuadPart == 3, "position after set: %lld", pos.QuadPart);

    poison(&io);
    s = NtFlushBuffersFile(h, &io);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 0,
       "flush: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);

    poison(&io);
    s = NtQueryVolumeInformationFile(h, &io, buf, sizeof buf, (FS_INFORMATION_CLASS)FileFsSizeInfo);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 24,
       "volume size: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);
    poison(&io);
    s = NtQueryVolumeInformationFile(h, &io, buf, sizeof buf, (FS_INFORMATION_CLASS)FileFsDeviceInfo);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 8,
       "volume device: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);

    /* Unlocking a range that is not locked fails: the block stays. */
    {
        LARGE_INTEGER off = { .QuadPart = 0 }, len = { .QuadPart = 1 };

        poison(&io);
        s = NtUnlockFile(h, &io, &off, &len, 0);
        ok(s == S_RANGE_NOT_LOCKED && untouched(&io), "unlock: %#lx %#lx", s, io.Status);
    }
}

/* Read and write (the full path: nine arguments). */
static void test_read_write(HANDLE h)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER off;
    char buf[16];
    NTSTATUS s;

    poison(&io);
    off.QuadPart = 5;
    s = NtWriteFile(h, NULL, NULL, NULL, &io, "world", 5, &off, NULL);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 5,
       "write: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);
    poison(&io);
    off.QuadPart = 0;
    memset(buf, 0, sizeof buf);
    s = NtReadFile(h, NULL, NULL, NULL, &io, buf, sizeof buf, &off, NULL);
    ok(s == S_SUCCESS && io.Status == S_SUCCESS && io.Information == 10 &&
       !memcmp(buf, "helloworld", 10), "read: %#lx %#lx %lu %.10s", s, io.Status,
       (ULONG)io.Information, buf);
    /* At the end of the file: the status in both places, no bytes. */
    poison(&io);
    off.QuadPart = 10;
    s = NtReadFile(h, NULL, NULL, NULL, &io, buf, sizeof buf, &off, NULL);
    ok(s == S_END_OF_FILE && io.Status == S_END_OF_FILE && io.Information == 0,
       "read at end: %#lx %#lx %lu", s, io.Status, (ULONG)io.Information);
}

/* Failures before any I/O leave the block alone; a block the service
 * cannot write is an access violation, on either path. */
static void test_bad_calls(HANDLE h)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER pos;
    NTSTATUS s;
    char *ro;
    DWORD old;

    poison(&io);
    s = NtQueryInformationFile((HANDLE)(ULONG_PTR)0x7FF0, &io, &pos, sizeof pos, FilePositionInfo);
    ok(s == S_INVALID_HANDLE && untouched(&io), "bad handle: %#lx %#lx", s, io.Status);
    poison(&io);
    s = NtFlushBuffersFile((HANDLE)(ULONG_PTR)0x7FF0, &io);
    ok(s == S_INVALID_HANDLE && untouched(&io), "flush bad handle: %#lx %#lx", s, io.Status);

    s = NtQueryInformationFile(h, NULL, &pos, sizeof pos, FilePositionInfo);
    ok(s == S_ACCESS_VIOLATION, "NULL block: %#lx", s);
    s = NtQueryInformationFile(h, (PIO_STATUS_BLOCK)(ULONG_PTR)0x10, &pos, sizeof pos,
                               FilePositionInfo);
    ok(s == S_ACCESS_VIOLATION, "block at 0x10: %#lx", s);
    s = NtQueryInformationFile(h, (PIO_STATUS_BLOCK)(ULONG_PTR)0xFFFFFFFC, &pos, sizeof pos,
                               FilePositionInfo);
    ok(s == S_ACCESS_VIOLATION, "block across 4 GiB: %#lx", s);

    ro = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(ro && VirtualProtect(ro, 4096, PAGE_READONLY, &old), "read-only page");
    if (ro) {
        s = NtQueryInformationFile(h, (PIO_STATUS_BLOCK)ro, &pos, sizeof pos, FilePositionInfo);
        ok(s == S_ACCESS_VIOLATION, "read-only block: %#lx", s);
        s = NtFlushBuffersFile(h, (PIO_STATUS_BLOCK)ro);
        ok(s == S_ACCESS_VIOLATION, "flush read-only block: %#lx", s);
        s = NtReadFile(h, NULL, NULL, NULL, (PIO_STATUS_BLOCK)ro, &pos, 1, NULL, NULL);
        ok(s == S_ACCESS_VIOLATION, "read with read-only block: %#lx", s);
        /* The block at the very end of a page, the next one inaccessible. */
        ok(VirtualProtect(ro, 4096, PAGE_READWRITE, &old), "read-write again");
        s = NtQueryInformationFile(h, (PIO_STATUS_BLOCK)(ro + 4096 - 8), &pos, sizeof pos,
                                   FilePositionInfo);
        ok(s == S_SUCCESS && ((IO_STATUS_BLOCK *)(ro + 4096 - 8))->Information == 8,
           "block at a page end: %#lx", s);
        VirtualFree(ro, 0, MEM_RELEASE);
        s = NtQueryInformationFile(h, (PIO_STATUS_BLOCK)ro, &pos, sizeof pos, FilePositionInfo);
        ok(s == S_ACCESS_VIOLATION, "freed block: %#lx", s);
    }
}

int main(void)
{
    char path[MAX_PATH], dir[MAX_PATH];
    DWORD n;
    HANDLE h;

    GetTempPathA(sizeof dir, dir);
    GetTempFileNameA(dir, "iosb", 0, path);
    h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create %s: %lu", path, GetLastError());
    if (h == INVALID_HANDLE_VALUE)
        return test_summary();
    ok(WriteFile(h, "hello", 5, &n, NULL) && n == 5, "WriteFile");
    test_information(h);
    test_read_write(h);
    test_bad_calls(h);
    CloseHandle(h);
    ok(DeleteFileA(path), "DeleteFile: %lu", GetLastError());
    return test_summary();
}
