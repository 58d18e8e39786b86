/* File mappings and byte-range locks through kernel32: two views of one
 * file mapping share their pages, and the file sees them after
 * FlushViewOfFile; pagefile-backed mappings; VirtualQuery of a view; the
 * errors for an empty file and an unaligned offset; LockFile between two
 * handles, and its effect on ReadFile/WriteFile; volume queries. Expected
 * values: Microsoft's documentation of each API. Files live in a fresh
 * directory under GetTempPath, removed at the end. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

static char dir[MAX_PATH];

static const char *at(const char *name)
{
    static char bufs[4][MAX_PATH];
    static int i;
    char *b = bufs[i++ & 3];

    snprintf(b, MAX_PATH, "%s\\%s", dir, name);
    return b;
}

static HANDLE open_rw(const char *name, DWORD disp)
{
    return CreateFileA(at(name), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                       NULL, disp, FILE_ATTRIBUTE_NORMAL, NULL);
}

static void test_file_mapping(void)
{
    HANDLE h = open_rw("map.bin", CREATE_ALWAYS), m, m2;
    char *v1, *v2, *v3, buf[16] = { 0 };
    MEMORY_BASIC_INFORMATION mbi;
    DWORD n = 0;

    ok(h != INVALID_HANDLE_VALUE, "CreateFile: %lu", GetLastError());
    /* A size larger than the file grows it (read/write mapping). */
    m = CreateFileMappingA(h, NULL, PAGE_READWRITE, 0, 0x20000, NULL);
    ok(m != NULL, "CreateFileMapping: %lu", GetLastError());
    ok(GetFileSize(h, NULL) == 0x20000, "file size after mapping: %#lx", GetFileSize(h, NULL));
    v1 = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    v2 = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0x1000);
    ok(v1 && v2 && v1 != v2, "MapViewOfFile: %p %p %lu", v1, v2, GetLastError());
    ok(((ULONG_PTR)v1 & 0xFFFF) == 0 && ((ULONG_PTR)v2 & 0xFFFF) == 0, "views 64K aligned: %p %p",
       v1, v2);
    if (!v1 || !v2)
        return;
    strcpy(v1, "hello view");
    ok(!strcmp(v2, "hello view"), "second view sees the write: '%.10s'", v2);

    /* A view at an offset of 64 KiB sees that part of the file. */
    v3 = MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0x10000, 0x1000);
    ok(v3 != NULL, "MapViewOfFile at 64K: %lu", GetLastError());
    if (v3) {
        strcpy(v3, "second half");
        ok(!strcmp(v1 + 0x10000, "second half"), "offset view aliases: '%.11s'", v1 + 0x10000);
        ok(UnmapViewOfFile(v3), "UnmapViewOfFile v3: %lu", GetLastError());
    }

    ok(VirtualQuery(v2, &mbi, sizeof mbi) == sizeof mbi, "VirtualQuery: %lu", GetLastError());
    ok(mbi.Type == MEM_MAPPED && mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READONLY &&
           mbi.AllocationBase == v2 && mbi.RegionSize == 0x1000,
       "VirtualQuery of a read-only view: type %#lx state %#lx prot %#lx base %p size %#lx",
       mbi.Type, mbi.State, mbi.Protect, mbi.AllocationBase, (DWORD)mbi.RegionSize);
    ok(VirtualQuery(v1, &mbi, sizeof mbi) == sizeof mbi && mbi.Type == MEM_MAPPED &&
           mbi.Protect == PAGE_READWRITE && mbi.RegionSize == 0x20000,
       "VirtualQuery of a read/write view: type %#lx prot %#lx size %#lx", mbi.Type, mbi.Protect,
       (DWORD)mbi.RegionSize);

    /* A second mapping of the same file shares the pages too. */
    m2 = CreateFileMappingA(h, NULL, PAGE_READONLY, 0, 0, NULL);
    ok(m2 != NULL, "second CreateFileMapping: %lu", GetLastError());
    if (m2) {
        char *v4 = MapViewOfFile(m2, FILE_MAP_READ, 0, 0, 0);
        ok(v4 && !strcmp(v4, "hello view"), "view of a second mapping: %p", v4);
        SetLastError(0xdeadbeef);
        ok(!MapViewOfFile(m2, FILE_MAP_WRITE, 0, 0, 0) && GetLastError() == ERROR_ACCESS_DENIED,
           "write view of a read-only mapping: %lu", GetLastError());
        if (v4)
            UnmapViewOfFile(v4);
        CloseHandle(m2);
    }

    ok(FlushViewOfFile(v1, 0), "FlushViewOfFile: %lu", GetLastError());
    ok(UnmapViewOfFile(v1), "UnmapViewOfFile v1: %lu", GetLastError());
    ok(UnmapViewOfFile(v2 + 0x10), "UnmapViewOfFile inside v2: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnmapViewOfFile(v1) && GetLastError() == ERROR_INVALID_ADDRESS,
       "UnmapViewOfFile twice: %lu", GetLastError());
    ok(VirtualQuery(v1, &mbi, sizeof mbi) && mbi.State == MEM_FREE, "unmapped: state %#lx",
       mbi.State);
    CloseHandle(m);

    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h, buf, 10, &n, NULL) && n == 10 && !memcmp(buf, "hello view", 10),
       "ReadFile after unmap: %lu '%.10s'", n, buf);
    CloseHandle(h);
    ok(DeleteFileA(at("map.bin")), "DeleteFile: %lu", GetLastError());
}

static void test_pagefile_mapping(void)
{
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x3000, NULL);
    char *a, *b, *c;

    ok(m != NULL && GetLastError() == ERROR_SUCCESS, "pagefile CreateFileMapping: %lu",
       GetLastError());
    a = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    b = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    ok(a && b && a[0x2FFF] == 0, "pagefile views: %p %p", a, b);
    if (a && b) {
        a[0x2000] = 'x';
        ok(b[0x2000] == 'x', "pagefile views share pages");
    }
    /* A copy-on-write view keeps its changes to itself. */
    c = MapViewOfFile(m, FILE_MAP_COPY, 0, 0, 0);
    ok(c != NULL, "FILE_MAP_COPY view: %lu", GetLastError());
    if (c && a) {
        MEMORY_BASIC_INFORMATION mbi;
        c[0] = 'c';
        ok(a[0] == 0 && c[0x2000] == 'x', "copy-on-write view is private: %d %d", a[0], c[0x2000]);
        ok(VirtualQuery(c, &mbi, sizeof mbi) && mbi.Protect == PAGE_WRITECOPY &&
               mbi.Type == MEM_MAPPED, "copy view: prot %#lx type %#lx", mbi.Protect, mbi.Type);
    }
    UnmapViewOfFile(a);
    UnmapViewOfFile(b);
    UnmapViewOfFile(c);
    CloseHandle(m);

    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(!m && GetLastError() == ERROR_INVALID_PARAMETER, "pagefile mapping of size 0: %lu",
       GetLastError());
}

static void test_mapping_errors(void)
{
    HANDLE h = open_rw("empty.bin", CREATE_ALWAYS), m;
    DWORD err;

    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(h, NULL, PAGE_READWRITE, 0, 0, NULL);
    err = GetLastError();
    ok(!m && err == ERROR_FILE_INVALID, "mapping an empty file: %p %lu", m, err);

    m = CreateFileMappingA(h, NULL, PAGE_READWRITE, 0, 0x20000, NULL);
    ok(m != NULL, "CreateFileMapping with a size: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(m, FILE_MAP_READ, 0, 0x1000, 0x1000) && GetLastError() == ERROR_MAPPED_ALIGNMENT,
       "unaligned offset: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0x30000) && GetLastError() == ERROR_ACCESS_DENIED,
       "view beyond the section: %lu", GetLastError());
    CloseHandle(m);

    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(h, NULL, PAGE_NOACCESS, 0, 0x1000, NULL);
    ok(!m && GetLastError() == ERROR_INVALID_PARAMETER, "PAGE_NOACCESS mapping: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(h, NULL, PAGE_READWRITE, 0, 0x1000, "Local\\wow64-named");
    /* Named mappings exist now (tests/guest/sections.c tests them). */
    ok(m != NULL && GetLastError() == ERROR_SUCCESS, "named mapping: %lu", GetLastError());
    if (m)
        CloseHandle(m);
    CloseHandle(h);

    /* A file opened for reading only cannot back a read/write mapping. */
    h = CreateFileA(at("empty.bin"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                    OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(h, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(!m && GetLastError() == ERROR_ACCESS_DENIED, "read/write mapping of a read-only handle: %lu",
       GetLastError());
    CloseHandle(h);
    ok(DeleteFileA(at("empty.bin")), "DeleteFile: %lu", GetLastError());
}

static void test_locks(void)
{
    HANDLE h1 = open_rw("lock.bin", CREATE_ALWAYS), h2 = open_rw("lock.bin", OPEN_EXISTING);
    char buf[64] = "0123456789012345678901234567890123456789";
    OVERLAPPED ov;
    DWORD n;

    ok(h1 != INVALID_HANDLE_VALUE && h2 != INVALID_HANDLE_VALUE, "CreateFile: %lu", GetLastError());
    ok(WriteFile(h1, buf, 40, &n, NULL) && n == 40, "WriteFile: %lu", GetLastError());

    ok(LockFile(h1, 10, 0, 10, 0), "LockFile: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!LockFile(h2, 15, 0, 10, 0) && GetLastError() == ERROR_LOCK_VIOLATION,
       "overlapping LockFile from another handle: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!LockFile(h1, 15, 0, 1, 0) && GetLastError() == ERROR_LOCK_VIOLATION,
       "overlapping exclusive LockFile from the same handle: %lu", GetLastError());
    ok(LockFile(h2, 20, 0, 5, 0), "adjacent LockFile: %lu", GetLastError());

    /* The locked range keeps the other handle from reading and writing. */
    SetFilePointer(h2, 12, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok(!ReadFile(h2, buf, 4, &n, NULL) && GetLastError() == ERROR_LOCK_VIOLATION,
       "ReadFile in another handle's lock: %lu", GetLastError());
    SetFilePointer(h2, 12, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok(!WriteFile(h2, "x", 1, &n, NULL) && GetLastError() == ERROR_LOCK_VIOLATION,
       "WriteFile in another handle's lock: %lu", GetLastError());
    SetFilePointer(h1, 12, NULL, FILE_BEGIN);
    ok(ReadFile(h1, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "2345", 4),
       "ReadFile in the handle's own lock: %lu", GetLastError());
    SetFilePointer(h2, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h2, buf, 10, &n, NULL) && n == 10, "ReadFile outside the lock: %lu", GetLastError());

    SetLastError(0xdeadbeef);
    ok(!UnlockFile(h2, 10, 0, 10, 0) && GetLastError() == ERROR_NOT_LOCKED,
       "UnlockFile of another handle's lock: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnlockFile(h1, 10, 0, 5, 0) && GetLastError() == ERROR_NOT_LOCKED,
       "UnlockFile of part of a lock: %lu", GetLastError());
    ok(UnlockFile(h1, 10, 0, 10, 0), "UnlockFile: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnlockFile(h1, 10, 0, 10, 0) && GetLastError() == ERROR_NOT_LOCKED,
       "UnlockFile twice: %lu", GetLastError());
    ok(LockFile(h2, 10, 0, 10, 0), "LockFile after unlock: %lu", GetLastError());

    /* Shared locks: any number, and nobody writes under them. */
    memset(&ov, 0, sizeof ov);
    ov.Offset = 100;
    ok(LockFileEx(h1, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov), "shared LockFileEx: %lu",
       GetLastError());
    ok(LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov), "second shared LockFileEx: %lu",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov) &&
           GetLastError() == ERROR_LOCK_VIOLATION,
       "exclusive over shared: %lu", GetLastError());
    SetFilePointer(h1, 100, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok(!WriteFile(h1, "x", 1, &n, NULL) && GetLastError() == ERROR_LOCK_VIOLATION,
       "WriteFile under the handle's own shared lock: %lu", GetLastError());
    ok(UnlockFileEx(h1, 0, 10, 0, &ov), "UnlockFileEx: %lu", GetLastError());
    ok(UnlockFileEx(h2, 0, 10, 0, &ov), "UnlockFileEx h2: %lu", GetLastError());

    /* Closing a handle drops its locks. */
    CloseHandle(h2);
    ok(LockFile(h1, 10, 0, 15, 0), "LockFile after the other handle closed: %lu", GetLastError());
    CloseHandle(h1);
    ok(DeleteFileA(at("lock.bin")), "DeleteFile: %lu", GetLastError());
}

static void test_volume(void)
{
    HANDLE h = open_rw("vol.bin", CREATE_ALWAYS);
    BY_HANDLE_FILE_INFORMATION info;
    ULARGE_INTEGER avail, total, freeb;

    memset(&info, 0, sizeof info);
    ok(GetFileInformationByHandle(h, &info), "GetFileInformationByHandle: %lu", GetLastError());
    ok(info.nNumberOfLinks == 1 && !info.nFileSizeLow, "file information: links %lu size %lu",
       info.nNumberOfLinks, info.nFileSizeLow);
    CloseHandle(h);
    DeleteFileA(at("vol.bin"));

    ok(GetDiskFreeSpaceExA("C:\\", &avail, &total, &freeb), "GetDiskFreeSpaceExA: %lu",
       GetLastError());
    ok(total.QuadPart > 0 && avail.QuadPart <= total.QuadPart, "disk sizes: %llu of %llu",
       (unsigned long long)avail.QuadPart, (unsigned long long)total.QuadPart);
}

int main(void)
{
    char tmp[MAX_PATH];
    DWORD n = GetTempPathA(sizeof tmp, tmp);

    ok(n > 0 && n < sizeof tmp, "GetTempPath: %lu", GetLastError());
    snprintf(dir, sizeof dir, "%swow64-mapping-%lu-%lu", tmp, GetCurrentProcessId(), GetTickCount());
    if (!CreateDirectoryA(dir, NULL)) {
        ok(0, "CreateDirectory %s: %lu", dir, GetLastError());
        return test_summary();
    }
    test_file_mapping();
    test_pagefile_mapping();
    test_mapping_errors();
    test_locks();
    test_volume();
    ok(RemoveDirectoryA(dir), "RemoveDirectory %s: %lu", dir, GetLastError());
    return test_summary();
}
