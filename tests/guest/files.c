/* Files through kernel32 and msvcrt: create/open dispositions and their
 * errors, read/write/seek, case-insensitive names, share modes, read-only
 * files, directories, moves, directory searches, text-mode stdio, delete
 * on close, bad handles and bad buffers. Expected values: Microsoft's
 * documentation of each API. Everything happens in a fresh directory
 * under GetTempPath, removed at the end. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

static char dir[MAX_PATH];

/* dir\name in a static buffer (one of four, for calls taking two). */
static const char *at(const char *name)
{
    static char bufs[4][MAX_PATH];
    static int i;
    char *b = bufs[i++ & 3];

    snprintf(b, MAX_PATH, "%s\\%s", dir, name);
    return b;
}

static HANDLE create(const char *name, DWORD access, DWORD share, DWORD disp, DWORD flags)
{
    return CreateFileA(at(name), access, share, NULL, disp, flags, NULL);
}

static BOOL put_file(const char *name, const char *data)
{
    HANDLE h = create(name, GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL);
    DWORD n = 0;
    BOOL r;

    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    r = WriteFile(h, data, (DWORD)strlen(data), &n, NULL) && n == strlen(data);
    CloseHandle(h);
    return r;
}

static void test_create_open(void)
{
    HANDLE h;
    DWORD err;

    h = create("new.txt", GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_NEW failed: %lu", GetLastError());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = create("new.txt", GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL);
    err = GetLastError();
    ok(h == INVALID_HANDLE_VALUE && err == ERROR_FILE_EXISTS, "CREATE_NEW on existing: %p %lu", h, err);

    SetLastError(0xdeadbeef);
    h = create("new.txt", GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL);
    err = GetLastError();
    ok(h != INVALID_HANDLE_VALUE && err == ERROR_ALREADY_EXISTS, "CREATE_ALWAYS on existing: %p %lu", h, err);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = create("missing.txt", GENERIC_READ, 0, OPEN_EXISTING, 0);
    err = GetLastError();
    ok(h == INVALID_HANDLE_VALUE && err == ERROR_FILE_NOT_FOUND, "OPEN_EXISTING missing: %lu", err);

    SetLastError(0xdeadbeef);
    h = create("nodir\\x.txt", GENERIC_READ, 0, OPEN_EXISTING, 0);
    err = GetLastError();
    ok(h == INVALID_HANDLE_VALUE && err == ERROR_PATH_NOT_FOUND, "missing directory: %lu", err);

    SetLastError(0xdeadbeef);
    h = create("new.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_ALWAYS, 0);
    err = GetLastError();
    ok(h != INVALID_HANDLE_VALUE && err == ERROR_ALREADY_EXISTS, "OPEN_ALWAYS on existing: %lu", err);
    CloseHandle(h);
    ok(DeleteFileA(at("new.txt")), "DeleteFile: %lu", GetLastError());
}

static void test_read_write(void)
{
    static const char data[] = "hello, file";
    char buf[64];
    DWORD n = 0, pos;
    HANDLE h = create("rw.bin", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS, 0);

    ok(h != INVALID_HANDLE_VALUE, "create rw.bin: %lu", GetLastError());
    ok(WriteFile(h, data, sizeof data - 1, &n, NULL) && n == sizeof data - 1, "WriteFile %lu", n);
    ok(GetFileSize(h, NULL) == sizeof data - 1, "GetFileSize %lu", GetFileSize(h, NULL));
    pos = SetFilePointer(h, 7, NULL, FILE_BEGIN);
    ok(pos == 7, "SetFilePointer %lu", pos);
    memset(buf, 0, sizeof buf);
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 4 && !memcmp(buf, "file", 4),
       "ReadFile after seek: %lu [%s]", n, buf);
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 0, "ReadFile at end: %lu", n);
    pos = SetFilePointer(h, -4, NULL, FILE_END);
    ok(pos == 7, "SetFilePointer FILE_END %lu", pos);
    {
        /* With an OVERLAPPED on a synchronous handle the offset comes from
         * it and the call completes at once (ReadFile/WriteFile docs). */
        OVERLAPPED ov;

        memset(&ov, 0, sizeof ov);
        ov.Offset = 7;
        ok(WriteFile(h, "FILE", 4, &n, &ov) && n == 4, "overlapped WriteFile %lu", n);
        memset(&ov, 0, sizeof ov);
        ov.Offset = 5;
        memset(buf, 0, sizeof buf);
        ok(ReadFile(h, buf, 6, &n, &ov) && n == 6 && !memcmp(buf, ", FILE", 6),
           "overlapped ReadFile %lu [%s]", n, buf);
        ok(ov.Internal == 0 && ov.InternalHigh == 6, "OVERLAPPED status %lu count %lu",
           (unsigned long)ov.Internal, (unsigned long)ov.InternalHigh);
    }
    CloseHandle(h);
    DeleteFileA(at("rw.bin"));
}

static void test_case_insensitive(void)
{
    HANDLE h;

    ok(put_file("MixedCase.txt", "x"), "create MixedCase.txt: %lu", GetLastError());
    h = create("MIXEDcase.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE, "open MIXEDcase.txt: %lu", GetLastError());
    CloseHandle(h);
    ok(DeleteFileA(at("mixedcase.TXT")), "delete mixedcase.TXT: %lu", GetLastError());
}

static void test_share(void)
{
    HANDLE h1, h2;
    DWORD err;

    h1 = create("share.txt", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok(h1 != INVALID_HANDLE_VALUE, "create share.txt: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    h2 = create("share.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    err = GetLastError();
    ok(h2 == INVALID_HANDLE_VALUE && err == ERROR_SHARING_VIOLATION, "second open: %p %lu", h2, err);
    CloseHandle(h1);

    /* Compatible share modes open together. */
    h1 = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    h2 = create("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok(h1 != INVALID_HANDLE_VALUE && h2 != INVALID_HANDLE_VALUE, "two readers: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(at("share.txt")) && GetLastError() == ERROR_SHARING_VIOLATION,
       "delete while open without FILE_SHARE_DELETE: %lu", GetLastError());
    CloseHandle(h1);
    CloseHandle(h2);
    ok(DeleteFileA(at("share.txt")), "delete share.txt: %lu", GetLastError());
}

static void test_readonly(void)
{
    HANDLE h;
    DWORD a, err;

    ok(put_file("ro.txt", "ro"), "create ro.txt");
    ok(SetFileAttributesA(at("ro.txt"), FILE_ATTRIBUTE_READONLY), "SetFileAttributes: %lu", GetLastError());
    a = GetFileAttributesA(at("ro.txt"));
    ok(a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_READONLY), "attributes %#lx", a);
    SetLastError(0xdeadbeef);
    h = create("ro.txt", GENERIC_WRITE, 0, OPEN_EXISTING, 0);
    err = GetLastError();
    ok(h == INVALID_HANDLE_VALUE && err == ERROR_ACCESS_DENIED, "open read-only for write: %lu", err);
    h = create("ro.txt", GENERIC_READ, 0, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE, "open read-only for read: %lu", GetLastError());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(at("ro.txt")) && GetLastError() == ERROR_ACCESS_DENIED,
       "DeleteFile read-only: %lu", GetLastError());
    ok(SetFileAttributesA(at("ro.txt"), FILE_ATTRIBUTE_NORMAL), "clear read-only: %lu", GetLastError());
    a = GetFileAttributesA(at("ro.txt"));
    ok(a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_READONLY), "attributes %#lx", a);
    ok(DeleteFileA(at("ro.txt")), "DeleteFile: %lu", GetLastError());

    /* Created read-only: the creating handle may still write. */
    h = create("ro2.txt", GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY);
    ok(h != INVALID_HANDLE_VALUE, "create read-only: %lu", GetLastError());
    ok(WriteFile(h, "ro", 2, &err, NULL) && err == 2, "write through the creating handle: %lu",
       GetLastError());
    CloseHandle(h);
    a = GetFileAttributesA(at("ro2.txt"));
    ok(a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_READONLY), "attributes %#lx", a);
    ok(SetFileAttributesA(at("ro2.txt"), FILE_ATTRIBUTE_NORMAL), "clear read-only: %lu", GetLastError());
    ok(DeleteFileA(at("ro2.txt")), "DeleteFile: %lu", GetLastError());
}

static void test_directories(void)
{
    DWORD a;

    ok(CreateDirectoryA(at("sub"), NULL), "CreateDirectory: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CreateDirectoryA(at("sub"), NULL) && GetLastError() == ERROR_ALREADY_EXISTS,
       "CreateDirectory twice: %lu", GetLastError());
    ok(put_file("sub\\inner.txt", "i"), "create sub\\inner.txt: %lu", GetLastError());
    a = GetFileAttributesA(at("sub"));
    ok(a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY), "dir attributes %#lx", a);
    a = GetFileAttributesA(at("sub\\inner.txt"));
    ok(a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY), "file attributes %#lx", a);
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA(at("sub\\nothing")) == INVALID_FILE_ATTRIBUTES &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "missing file attributes: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!RemoveDirectoryA(at("sub")) && GetLastError() == ERROR_DIR_NOT_EMPTY,
       "RemoveDirectory non-empty: %lu", GetLastError());
    ok(DeleteFileA(at("sub\\inner.txt")), "DeleteFile inner: %lu", GetLastError());
    ok(RemoveDirectoryA(at("sub")), "RemoveDirectory: %lu", GetLastError());
    ok(GetFileAttributesA(at("sub")) == INVALID_FILE_ATTRIBUTES, "sub still there");
}

static BOOL read_back(const char *name, char *buf, DWORD size)
{
    HANDLE h = create(name, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    DWORD n = 0;

    memset(buf, 0, size);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ReadFile(h, buf, size - 1, &n, NULL);
    CloseHandle(h);
    return TRUE;
}

static void test_move(void)
{
    char buf[16];

    ok(put_file("from.txt", "from"), "create from.txt");
    ok(put_file("to.txt", "to"), "create to.txt");
    SetLastError(0xdeadbeef);
    ok(!MoveFileExA(at("from.txt"), at("to.txt"), 0) && GetLastError() == ERROR_ALREADY_EXISTS,
       "MoveFileEx without replace: %lu", GetLastError());
    ok(MoveFileExA(at("from.txt"), at("to.txt"), MOVEFILE_REPLACE_EXISTING),
       "MoveFileEx replace: %lu", GetLastError());
    ok(GetFileAttributesA(at("from.txt")) == INVALID_FILE_ATTRIBUTES, "from.txt still there");
    ok(read_back("to.txt", buf, sizeof buf) && !strcmp(buf, "from"), "to.txt holds [%s]", buf);
    ok(MoveFileA(at("to.txt"), at("moved.txt")), "MoveFile: %lu", GetLastError());
    ok(read_back("moved.txt", buf, sizeof buf) && !strcmp(buf, "from"), "moved.txt holds [%s]", buf);
    ok(DeleteFileA(at("moved.txt")), "delete moved.txt: %lu", GetLastError());
}

/* Runs a search; returns the names found joined by '|' in sorted order. */
static int find_all(const char *mask, char names[][MAX_PATH], int max)
{
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(at(mask), &fd);
    int n = 0;

    if (h == INVALID_HANDLE_VALUE)
        return -(int)GetLastError();
    do {
        if (n < max)
            strcpy(names[n], fd.cFileName);
        n++;
    } while (FindNextFileA(h, &fd));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "FindNextFile ended with %lu", GetLastError());
    FindClose(h);
    return n;
}

static int has(char names[][MAX_PATH], int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            return 1;
    return 0;
}

static void test_find(void)
{
    static const char *const files[] = { "abc.txt", "aXc.dat", "b.txt", "abcd.txt", "other.log" };
    char names[16][MAX_PATH];
    int n;

    ok(CreateDirectoryA(at("find"), NULL), "CreateDirectory find: %lu", GetLastError());
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
        char name[MAX_PATH];
        snprintf(name, sizeof name, "find\\%s", files[i]);
        ok(put_file(name, "f"), "create %s", name);
    }
    n = find_all("find\\*.txt", names, 16);
    ok(n == 3 && has(names, n, "abc.txt") && has(names, n, "b.txt") && has(names, n, "abcd.txt"),
       "*.txt found %d", n);
    n = find_all("find\\a?c.*", names, 16);
    ok(n == 2 && has(names, n, "abc.txt") && has(names, n, "aXc.dat"), "a?c.* found %d", n);
    n = find_all("find\\*", names, 16);
    ok(n == 7 && has(names, n, ".") && has(names, n, "..") && has(names, n, "other.log"),
       "* found %d", n);
    n = find_all("find\\*.none", names, 16);
    ok(n == -ERROR_FILE_NOT_FOUND, "*.none: %d", n);
    n = find_all("nodir\\*", names, 16);
    ok(n == -ERROR_PATH_NOT_FOUND, "nodir\\*: %d", n);
    for (unsigned i = 0; i < sizeof files / sizeof *files; i++) {
        char name[MAX_PATH];
        snprintf(name, sizeof name, "find\\%s", files[i]);
        ok(DeleteFileA(at(name)), "delete %s: %lu", name, GetLastError());
    }
    ok(RemoveDirectoryA(at("find")), "RemoveDirectory find: %lu", GetLastError());
}

static void test_stdio(void)
{
    char line[32] = "";
    FILE *f = fopen(at("text.txt"), "w");
    HANDLE h;

    ok(f != NULL, "fopen w");
    if (!f)
        return;
    fprintf(f, "line\n");
    fclose(f);
    f = fopen(at("text.txt"), "r");
    ok(f != NULL, "fopen r");
    if (f) {
        ok(fgets(line, sizeof line, f) && !strcmp(line, "line\n"), "fgets [%s]", line);
        fclose(f);
    }
    h = create("text.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 6, "size on disk %lu",
       GetFileSize(h, NULL));
    CloseHandle(h);
    ok(remove(at("text.txt")) == 0, "remove text.txt");
}

static void test_delete_on_close(void)
{
    HANDLE h = create("doc.tmp", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_DELETE, CREATE_ALWAYS,
                      FILE_FLAG_DELETE_ON_CLOSE);
    DWORD n;

    ok(h != INVALID_HANDLE_VALUE, "create delete-on-close: %lu", GetLastError());
    ok(WriteFile(h, "x", 1, &n, NULL), "write");
    ok(GetFileAttributesA(at("doc.tmp")) != INVALID_FILE_ATTRIBUTES, "file there while open");
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(GetFileAttributesA(at("doc.tmp")) == INVALID_FILE_ATTRIBUTES &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "file gone after close: %lu", GetLastError());
}

static void test_bad_arguments(void)
{
    char buf[4];
    DWORD n;
    HANDLE h;

    SetLastError(0xdeadbeef);
    ok(!ReadFile((HANDLE)(ULONG_PTR)0x1230, buf, sizeof buf, &n, NULL) &&
       GetLastError() == ERROR_INVALID_HANDLE, "bad handle: %lu", GetLastError());
    ok(put_file("bad.txt", "data"), "create bad.txt");
    h = create("bad.txt", GENERIC_READ, 0, OPEN_EXISTING, 0);
    SetLastError(0xdeadbeef);
    ok(!ReadFile(h, (void *)1, 4, &n, NULL) && GetLastError() == ERROR_NOACCESS,
       "bad buffer: %lu", GetLastError());
    CloseHandle(h);
    ok(DeleteFileA(at("bad.txt")), "delete bad.txt: %lu", GetLastError());
}

int main(void)
{
    char tmp[MAX_PATH];
    DWORD n = GetTempPathA(sizeof tmp, tmp);

    ok(n > 0 && n < sizeof tmp, "GetTempPath: %lu", GetLastError());
    snprintf(dir, sizeof dir, "%swow64-files-%lu-%lu", tmp, GetCurrentProcessId(), GetTickCount());
    if (!CreateDirectoryA(dir, NULL)) {
        ok(0, "CreateDirectory %s: %lu", dir, GetLastError());
        return test_summary();
    }
    test_create_open();
    test_read_write();
    test_case_insensitive();
    test_share();
    test_readonly();
    test_directories();
    test_move();
    test_find();
    test_stdio();
    test_delete_on_close();
    test_bad_arguments();
    ok(RemoveDirectoryA(dir), "RemoveDirectory %s: %lu", dir, GetLastError());
    return test_summary();
}
