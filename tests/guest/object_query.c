/* NtQueryObject: ObjectBasicInformation, ObjectNameInformation and
 * ObjectTypeInformation. Expected values: Microsoft's documentation of
 * NtQueryObject / PUBLIC_OBJECT_BASIC_INFORMATION /
 * PUBLIC_OBJECT_TYPE_INFORMATION, and Windows' behaviour as Wine's ntdll
 * conformance tests (om.c, test_query_object) record it: type names
 * ("File", "Event", "Mutant", "Section", "Key", "Thread", "Process",
 * "Token"), a key's name under \REGISTRY\MACHINE, the name of a named event
 * "\Sessions\<session>\BaseNamedObjects\<name>", an unnamed object's
 * empty name (ReturnLength sizeof(UNICODE_STRING), Buffer NULL), the
 * name's ReturnLength sizeof(UNICODE_STRING) + Length + sizeof(WCHAR), and
 * the buffer rules: STATUS_INFO_LENGTH_MISMATCH for a buffer too small,
 * except a file's name with room for the UNICODE_STRING, which is
 * STATUS_BUFFER_OVERFLOW, both with the length needed. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "test.h"

#define STATUS_INFO_LENGTH_MISMATCH ((LONG)0xC0000004)
#define STATUS_BUFFER_OVERFLOW ((LONG)0x80000005)
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE ((LONG)0xC0000008)
#endif
#define ObjectBasicInformation 0
#define ObjectNameInformation 1
#define ObjectTypeInformation 2
#define OBJ_PROTECT_CLOSE 0x1
#define OBJ_INHERIT_ATTR 0x2

typedef struct {
    USHORT Length, MaximumLength;
    WCHAR *Buffer;
} USTR;

/* PUBLIC_OBJECT_BASIC_INFORMATION (56 bytes). */
typedef struct {
    ULONG Attributes;
    ACCESS_MASK GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    ULONG Reserved[10];
} BASIC_INFO;

/* PUBLIC_OBJECT_TYPE_INFORMATION (96 bytes for 32-bit code). */
typedef struct {
    USTR TypeName;
    ULONG Reserved[22];
} TYPE_INFO;

LONG WINAPI NtQueryObject(HANDLE, ULONG, void *, ULONG, ULONG *);
LONG WINAPI NtOpenProcessToken(HANDLE, ACCESS_MASK, HANDLE *);
LONG WINAPI NtCreateSection(HANDLE *, ACCESS_MASK, void *, LARGE_INTEGER *, ULONG, ULONG, HANDLE);
LONG WINAPI NtClose(HANDLE);

static BYTE buffer[1024] __attribute__((aligned(8)));

static BOOL same(const USTR *s, const WCHAR *want)
{
    return s->Length == wcslen(want) * sizeof(WCHAR) &&
           !_wcsnicmp(s->Buffer, want, s->Length / sizeof(WCHAR));
}

static void check_type(HANDLE h, const WCHAR *want, int line)
{
    TYPE_INFO *t = (TYPE_INFO *)buffer;
    ULONG len = 0;
    LONG st;

    memset(buffer, 0xcc, sizeof buffer);
    st = NtQueryObject(h, ObjectTypeInformation, buffer, sizeof buffer, &len);
    ok(st == 0, "line %d: type query %#lx", line, st);
    if (st)
        return;
    ok(same(&t->TypeName, want), "line %d: type %.*ls, want %ls", line,
       t->TypeName.Length / 2, t->TypeName.Buffer, want);
    ok((BYTE *)t->TypeName.Buffer == buffer + sizeof(TYPE_INFO),
       "line %d: TypeName.Buffer %p, buffer %p", line, t->TypeName.Buffer, buffer);
    ok(len >= sizeof(TYPE_INFO) + t->TypeName.Length, "line %d: type len %lu", line, len);
}

static void test_types(void)
{
    HANDLE file, ev, mx, sec, key, th, tok;
    char path[MAX_PATH], tmp[MAX_PATH];
    LARGE_INTEGER size = { .QuadPart = 4096 };
    DWORD tid;

    GetTempPathA(sizeof tmp, tmp);
    snprintf(path, sizeof path, "%sobject_query_types.tmp", tmp);
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "file: %lu", GetLastError());
    check_type(file, L"File", __LINE__);
    CloseHandle(file);

    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    check_type(ev, L"Event", __LINE__);
    mx = CreateMutexA(NULL, FALSE, NULL);
    check_type(mx, L"Mutant", __LINE__);
    ok(NtCreateSection(&sec, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, SEC_COMMIT, NULL) == 0,
       "section");
    check_type(sec, L"Section", __LINE__);
    ok(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software", 0, KEY_READ, (HKEY *)&key) == 0, "key");
    check_type(key, L"Key", __LINE__);
    th = CreateThread(NULL, 0, (LPTHREAD_START_ROUTINE)(void (*)(void))GetCurrentThreadId, NULL,
                      0, &tid);
    ok(th != NULL, "thread: %lu", GetLastError());
    check_type(th, L"Thread", __LINE__);
    WaitForSingleObject(th, INFINITE);
    check_type(GetCurrentThread(), L"Thread", __LINE__);
    check_type(GetCurrentProcess(), L"Process", __LINE__);
    ok(NtOpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok) == 0, "token");
    check_type(tok, L"Token", __LINE__);

    /* The length rules: 0 bytes, the bare structure, one WCHAR short. */
    {
        ULONG len = 0, need;
        LONG st = NtQueryObject(ev, ObjectTypeInformation, buffer, 0, &len);

        ok(st == STATUS_INFO_LENGTH_MISMATCH, "type, 0 bytes: %#lx", st);
        ok(len >= sizeof(TYPE_INFO) + sizeof(L"Event"), "type, 0 bytes: len %lu", len);
        need = len;
        len = 0;
        st = NtQueryObject(ev, ObjectTypeInformation, buffer, sizeof(TYPE_INFO), &len);
        ok(st == STATUS_INFO_LENGTH_MISMATCH, "type, bare structure: %#lx", st);
        ok(len == need, "type, bare structure: len %lu, want %lu", len, need);
        len = 0;
        st = NtQueryObject(ev, ObjectTypeInformation, buffer, need - sizeof(WCHAR), &len);
        ok(st == STATUS_INFO_LENGTH_MISMATCH, "type, a WCHAR short: %#lx", st);
        st = NtQueryObject(ev, ObjectTypeInformation, buffer, need, &len);
        ok(st == 0 && len == need, "type, exact: %#lx %lu", st, len);
    }
    CloseHandle(ev);
    CloseHandle(mx);
    NtClose(sec);
    RegCloseKey((HKEY)key);
    CloseHandle(th);
    NtClose(tok);
}

static void test_names(void)
{
    USTR *s = (USTR *)buffer;
    WCHAR want[128], path[MAX_PATH], tmp[MAX_PATH];
    HANDLE ev, file;
    ULONG len, need;
    LONG st;

    /* A named event: \Sessions\<id>\BaseNamedObjects\<name>. */
    ev = CreateEventA(NULL, FALSE, FALSE, "wow64_query_event");
    ok(ev != NULL, "named event: %lu", GetLastError());
    /* PEB.SessionId (offset 0x1D4 in the 32-bit PEB), as Wine's test
     * forms the expected name. */
    {
        ULONG peb;

        __asm__ volatile("movl %%fs:0x30, %0" : "=r"(peb));
        swprintf(want, 128, L"\\Sessions\\%lu\\BaseNamedObjects\\wow64_query_event",
                 *(volatile ULONG *)(ULONG_PTR)(peb + 0x1D4));
    }
    len = 0;
    memset(buffer, 0xcc, sizeof buffer);
    st = NtQueryObject(ev, ObjectNameInformation, buffer, sizeof buffer, &len);
    ok(st == 0, "event name: %#lx", st);
    ok(st == 0 && same(s, want), "event name %.*ls, want %ls", s->Length / 2, s->Buffer, want);
    ok(len == sizeof(USTR) + s->Length + sizeof(WCHAR), "event name len %lu", len);
    ok((BYTE *)s->Buffer == buffer + sizeof(USTR) && s->Buffer[s->Length / 2] == 0,
       "event name buffer %p (%p), NUL-terminated", s->Buffer, buffer);
    need = len;
    len = 0;
    st = NtQueryObject(ev, ObjectNameInformation, buffer, 0, &len);
    ok(st == STATUS_INFO_LENGTH_MISMATCH && len == need, "event name, 0 bytes: %#lx %lu", st, len);
    len = 0;
    st = NtQueryObject(ev, ObjectNameInformation, buffer, sizeof(USTR), &len);
    ok(st == STATUS_INFO_LENGTH_MISMATCH && len == need, "event name, bare string: %#lx %lu", st,
       len);
    len = 0;
    st = NtQueryObject(ev, ObjectNameInformation, buffer, need - sizeof(WCHAR), &len);
    ok(st == STATUS_INFO_LENGTH_MISMATCH && len == need, "event name, a WCHAR short: %#lx %lu",
       st, len);
    CloseHandle(ev);

    /* Global\ names are in \BaseNamedObjects itself. */
    ev = CreateEventA(NULL, FALSE, FALSE, "Global\\wow64_query_global");
    st = NtQueryObject(ev, ObjectNameInformation, buffer, sizeof buffer, &len);
    ok(st == 0 && same(s, L"\\BaseNamedObjects\\wow64_query_global"), "global name: %#lx %.*ls",
       st, s->Length / 2, s->Buffer);
    CloseHandle(ev);

    /* An unnamed object. */
    ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    len = 0;
    memset(buffer, 0xcc, sizeof buffer);
    st = NtQueryObject(ev, ObjectNameInformation, buffer, sizeof buffer, &len);
    ok(st == 0 && len == sizeof(USTR) && s->Length == 0 && s->Buffer == NULL,
       "unnamed: %#lx len %lu Length %u Buffer %p", st, len, s->Length, s->Buffer);
    CloseHandle(ev);

    /* A file: the NT name of its path, \Device\HarddiskVolumeN\... for C:. */
    GetTempPathW(MAX_PATH, tmp);
    swprintf(path, MAX_PATH, L"%lsobject_query_name.tmp", tmp);
    file = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "file: %lu", GetLastError());
    len = 0;
    memset(buffer, 0xcc, sizeof buffer);
    st = NtQueryObject(file, ObjectNameInformation, buffer, sizeof buffer, &len);
    ok(st == 0, "file name: %#lx", st);
    if (st == 0) {
        size_t n = s->Length / 2, tail = wcslen(path + 2);

        ok(len == sizeof(USTR) + s->Length + sizeof(WCHAR), "file name len %lu", len);
        /* The path after the drive letter ends the name. */
        ok(n > tail && !_wcsnicmp(s->Buffer + n - tail, path + 2, tail),
           "file name %.*ls for %ls", (int)n, s->Buffer, path);
        if ((path[0] | 0x20) == 'c')
            ok(!wcsncmp(s->Buffer, L"\\Device\\HarddiskVolume", 22), "C: file name %.*ls",
               (int)n, s->Buffer);
        need = len;
        len = 0;
        st = NtQueryObject(file, ObjectNameInformation, buffer, 0, &len);
        ok(st == STATUS_INFO_LENGTH_MISMATCH && len == need, "file name, 0 bytes: %#lx %lu", st,
           len);
        len = 0;
        st = NtQueryObject(file, ObjectNameInformation, buffer, sizeof(USTR), &len);
        ok(st == STATUS_BUFFER_OVERFLOW && len == need, "file name, bare string: %#lx %lu", st,
           len);
    }
    CloseHandle(file);

    /* A registry key: its full name under \REGISTRY (HKLM is
     * \REGISTRY\MACHINE; a 32-bit program's Software may be redirected
     * to Software\WOW6432Node, so only both ends are checked). */
    {
        static const WCHAR head[] = L"\\REGISTRY\\MACHINE\\SOFTWARE\\";
        HKEY key;

        ok(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\Microsoft", 0, KEY_READ, &key) == 0,
           "open HKLM\\Software\\Microsoft");
        len = 0;
        st = NtQueryObject(key, ObjectNameInformation, buffer, sizeof buffer, &len);
        ok(st == 0 && s->Length / 2 > wcslen(head) + 10 &&
               !_wcsnicmp(s->Buffer, head, wcslen(head)) &&
               !_wcsnicmp(s->Buffer + s->Length / 2 - 10, L"\\Microsoft", 10),
           "key name: %#lx %.*ls", st, s->Length / 2, s->Buffer);
        ok(len == sizeof(USTR) + s->Length + sizeof(WCHAR), "key name len %lu", len);
        RegCloseKey(key);
    }
}

static void test_basic(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    BASIC_INFO bi;
    HANDLE ev, dup;
    ULONG len;
    LONG st;

    ok(sizeof bi == 56, "BASIC_INFO size");
    ev = CreateEventA(&sa, TRUE, FALSE, NULL);
    len = 0;
    st = NtQueryObject(ev, ObjectBasicInformation, &bi, 0, &len);
    ok(st == STATUS_INFO_LENGTH_MISMATCH, "basic, 0 bytes: %#lx", st);
    len = 0;
    memset(&bi, 0xcc, sizeof bi);
    st = NtQueryObject(ev, ObjectBasicInformation, &bi, sizeof bi, &len);
    ok(st == 0 && len >= sizeof bi, "basic: %#lx %lu", st, len);
    ok(bi.Attributes == OBJ_INHERIT_ATTR, "inheritable: attributes %#lx", bi.Attributes);
    ok(bi.HandleCount == 1, "one handle: %lu", bi.HandleCount);
    ok((bi.GrantedAccess & EVENT_ALL_ACCESS) == EVENT_ALL_ACCESS, "access %#lx", bi.GrantedAccess);
    ok(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "duplicate");
    SetHandleInformation(dup, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    st = NtQueryObject(dup, ObjectBasicInformation, &bi, sizeof bi, &len);
    ok(st == 0 && bi.HandleCount == 2, "two handles: %#lx %lu", st, bi.HandleCount);
    ok(bi.Attributes == OBJ_PROTECT_CLOSE, "protected: attributes %#lx", bi.Attributes);
    ok(bi.PointerCount >= bi.HandleCount, "pointer count %lu", bi.PointerCount);
    SetHandleInformation(dup, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
    CloseHandle(dup);
    CloseHandle(ev);

    st = NtQueryObject((HANDLE)(ULONG_PTR)0x7ff0, ObjectBasicInformation, &bi, sizeof bi, &len);
    ok(st == STATUS_INVALID_HANDLE, "bad handle: %#lx", st);
    st = NtQueryObject((HANDLE)(ULONG_PTR)0x7ff0, ObjectTypeInformation, buffer, sizeof buffer,
                       &len);
    ok(st == STATUS_INVALID_HANDLE, "bad handle, type: %#lx", st);
}

int main(void)
{
    test_types();
    test_names();
    test_basic();
    return test_summary();
}
