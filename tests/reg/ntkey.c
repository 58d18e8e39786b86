/* The NT key services as Microsoft documents them (ZwCreateKey, ZwOpenKey,
 * ZwQueryKey, ZwEnumerateKey, ZwQueryValueKey, ZwEnumerateValueKey,
 * ZwSetValueKey, ZwDeleteKey, ZwDeleteValueKey, ZwFlushKey, ZwRenameKey,
 * ZwNotifyChangeKey and the KEY_*_INFORMATION structures), called from a
 * 32-bit process: dispositions, information classes and their buffer
 * rules, access checks, deleted keys, volatile keys, symbolic links,
 * notifications, and the WOW64 registry views. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../guest/test.h"
#include "ntreg.h"

#define ST_SUCCESS 0x00000000L
#define ST_PENDING 0x00000103L
#define ST_NOTIFY_CLEANUP 0x0000010BL
#define ST_NOTIFY_ENUM_DIR 0x0000010CL
#define ST_BUFFER_OVERFLOW ((LONG)0x80000005)
#define ST_NO_MORE_ENTRIES ((LONG)0x8000001A)
#define ST_ACCESS_VIOLATION ((LONG)0xC0000005)
#define ST_INVALID_HANDLE ((LONG)0xC0000008)
#define ST_INVALID_PARAMETER ((LONG)0xC000000D)
#define ST_ACCESS_DENIED ((LONG)0xC0000022)
#define ST_BUFFER_TOO_SMALL ((LONG)0xC0000023)
#define ST_OBJECT_NAME_NOT_FOUND ((LONG)0xC0000034)
#define ST_OBJECT_NAME_COLLISION ((LONG)0xC0000035)
#define ST_OBJECT_PATH_SYNTAX_BAD ((LONG)0xC000003B)
#define ST_CANNOT_DELETE ((LONG)0xC0000121)
#define ST_KEY_DELETED ((LONG)0xC000017C)
#define ST_CHILD_MUST_BE_VOLATILE ((LONG)0xC0000181)

#define OPT_VOLATILE 1
#define OPT_CREATE_LINK 2
#define OBJ_OPENLINK_ 0x100

/* The documented structures (wdm.h); WCHAR arrays of one element. */
typedef struct { LARGE_INTEGER LastWriteTime; ULONG TitleIndex, NameLength; WCHAR Name[1]; } BASIC;
typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex, ClassOffset, ClassLength, NameLength;
    WCHAR Name[1];
} NODE;
typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex, ClassOffset, ClassLength, SubKeys, MaxNameLen, MaxClassLen, Values,
        MaxValueNameLen, MaxValueDataLen;
    WCHAR Class[1];
} FULL;
typedef struct { ULONG NameLength; WCHAR Name[1]; } NAMEINFO;
typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex, SubKeys, MaxNameLen, Values, MaxValueNameLen, MaxValueDataLen, NameLength;
} CACHED;
typedef struct { ULONG TitleIndex, Type, NameLength; WCHAR Name[1]; } VBASIC;
typedef struct { ULONG TitleIndex, Type, DataOffset, DataLength, NameLength; WCHAR Name[1]; } VFULL;
typedef struct { ULONG TitleIndex, Type, DataLength; UCHAR Data[1]; } VPARTIAL;
typedef struct { ULONG Type, DataLength; UCHAR Data[1]; } VPARTIAL64;

#define TEST_KEY HKCU_NAME L"\\Software\\wow64ntkey"
#define NAME_IS(p, len, s) ((len) == wcslen(s) * 2 && !memcmp((p), (s), (len)))

static ULONG __attribute__((aligned(8))) buf[512];

static void test_create_open(void)
{
    HANDLE k, k2, sub;
    ULONG disp = 0;
    LONG s;

    s = key_create(&k, NULL, TEST_KEY, KEY_ALL_ACCESS, 0, &disp);
    ok(s == ST_SUCCESS && disp == REG_CREATED_NEW_KEY, "create: %lx disposition %lu", s, disp);
    s = key_create(&k2, NULL, TEST_KEY, KEY_ALL_ACCESS, 0, &disp);
    ok(s == ST_SUCCESS && disp == REG_OPENED_EXISTING_KEY, "create again: %lx %lu", s, disp);
    NtClose(k2);
    s = key_create(&k2, NULL, TEST_KEY L"\\No\\Such", KEY_ALL_ACCESS, 0, &disp);
    ok(s == ST_OBJECT_NAME_NOT_FOUND, "missing intermediate key: %lx", s);
    s = key_open(&k2, NULL, TEST_KEY L"\\Nothing", KEY_READ);
    ok(s == ST_OBJECT_NAME_NOT_FOUND, "open missing: %lx", s);
    s = key_open(&k2, NULL, L"Software", KEY_READ);
    ok(s == ST_OBJECT_PATH_SYNTAX_BAD, "relative name without a root: %lx", s);
    s = key_open(&k2, k, L"\\Sub", KEY_READ);
    ok(s == ST_OBJECT_PATH_SYNTAX_BAD, "absolute name with a root: %lx", s);
    s = key_create(&sub, k, L"Sub", KEY_ALL_ACCESS, 0, &disp);
    ok(s == ST_SUCCESS && disp == REG_CREATED_NEW_KEY, "relative create: %lx %lu", s, disp);
    s = key_open(&k2, NULL, TEST_KEY L"\\SUB", KEY_READ);
    ok(s == ST_SUCCESS, "case-insensitive open: %lx", s);
    if (!s)
        NtClose(k2);
    s = key_open(&k2, k, L"", KEY_READ);
    ok(s == ST_SUCCESS, "empty relative name opens the root: %lx", s);
    if (!s)
        NtClose(k2);
    NtClose(sub);
    NtClose(k);
}

static void test_query_key(void)
{
    HANDLE k, sub;
    UNICODE_STRING cls = us(L"MyClass"), n = us(TEST_KEY L"\\Classy");
    OBJECT_ATTRIBUTES a;
    const wchar_t *full = TEST_KEY L"\\Classy";
    ULONG len = 0, disp;
    LONG s;
    BASIC *b = (BASIC *)buf;
    NODE *nd = (NODE *)buf;
    FULL *f = (FULL *)buf;
    NAMEINFO *ni = (NAMEINFO *)buf;
    CACHED *c = (CACHED *)buf;

    InitializeObjectAttributes(&a, &n, OBJ_CASE_INSENSITIVE, NULL, NULL);
    s = NtCreateKey(&k, KEY_ALL_ACCESS, &a, 0, &cls, 0, &disp);
    ok(s == ST_SUCCESS, "create with a class: %lx", s);
    key_create(&sub, k, L"Child1", KEY_ALL_ACCESS, 0, NULL);
    NtClose(sub);
    key_create(&sub, k, L"LongerChild2", KEY_ALL_ACCESS, 0, NULL);
    NtClose(sub);
    set_dword(k, L"ValueName12", 5);
    s = NtSetValueKey(k, &(UNICODE_STRING){ 2, 2, L"x" }, 0, REG_BINARY, buf, 40);

    s = NtQueryKey(k, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && len == offsetof(BASIC, Name) + 12, "basic: %lx len %lu", s, len);
    ok(NAME_IS(b->Name, b->NameLength, L"Classy"), "basic name");
    s = NtQueryKey(k, 0, buf, offsetof(BASIC, Name) + 4, &len);
    ok(s == ST_BUFFER_OVERFLOW && len == offsetof(BASIC, Name) + 12 && b->NameLength == 12,
       "basic, name cut: %lx len %lu", s, len);
    s = NtQueryKey(k, 0, buf, 8, &len);
    ok(s == ST_BUFFER_TOO_SMALL && len == offsetof(BASIC, Name) + 12, "basic, too small: %lx %lu",
       s, len);

    s = NtQueryKey(k, 1, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && nd->NameLength == 12 && nd->ClassLength == 14, "node: %lx", s);
    ok(nd->ClassOffset >= offsetof(NODE, Name) + 12 && nd->ClassOffset + 14 <= len &&
       !memcmp((char *)buf + nd->ClassOffset, L"MyClass", 14),
       "node class at %lu", nd->ClassOffset);

    s = NtQueryKey(k, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && len == offsetof(FULL, Class) + 14, "full: %lx len %lu", s, len);
    ok(f->SubKeys == 2 && f->Values == 2 && f->MaxNameLen == 24 && f->MaxValueNameLen == 22 &&
       f->MaxValueDataLen == 40 && f->ClassLength == 14 && f->ClassOffset == offsetof(FULL, Class),
       "full: %lu subkeys %lu values, max name %lu value name %lu data %lu", f->SubKeys, f->Values,
       f->MaxNameLen, f->MaxValueNameLen, f->MaxValueDataLen);

    s = NtQueryKey(k, 3, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && NAME_IS(ni->Name, ni->NameLength, full), "name: %lx %.*ls", s,
       (int)ni->NameLength / 2, ni->Name);
    s = NtQueryKey(k, 3, buf, 2, &len);
    ok(s == ST_BUFFER_TOO_SMALL && len == 4 + wcslen(full) * 2, "name, too small: %lx %lu", s, len);

    s = NtQueryKey(k, 4, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && c->SubKeys == 2 && c->Values == 2 && c->NameLength == 12,
       "cached: %lx", s);

    s = NtEnumerateKey(k, 0, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && NAME_IS(b->Name, b->NameLength, L"Child1"), "enum 0: %lx", s);
    s = NtEnumerateKey(k, 1, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && NAME_IS(b->Name, b->NameLength, L"LongerChild2"), "enum 1: %lx", s);
    s = NtEnumerateKey(k, 2, 0, buf, sizeof buf, &len);
    ok(s == ST_NO_MORE_ENTRIES, "enum 2: %lx", s);

    /* Bad handles and pointers fail, never crash. */
    ok(NtQueryKey((HANDLE)0x7ffc, 0, buf, sizeof buf, &len) == ST_INVALID_HANDLE, "bad handle");
    ok(NtQueryKey(k, 0, (void *)0x10, sizeof buf, &len) == ST_ACCESS_VIOLATION, "bad buffer");
    ok(NtQueryKey(k, 0, buf, sizeof buf, NULL) == ST_ACCESS_VIOLATION, "no result length");
    ok(NtQueryKey(k, 99, buf, sizeof buf, &len) == ST_INVALID_PARAMETER, "bad class");
    NtClose(k);
}

static void test_values(void)
{
    HANDLE k, ro;
    UNICODE_STRING n1 = us(L"First"), n2 = us(L"Second"), n3 = us(L"Missing"), dflt = us(NULL);
    ULONG len, data = 0x11223344;
    LONG s;
    VBASIC *vb = (VBASIC *)buf;
    VFULL *vf = (VFULL *)buf;
    VPARTIAL *vp = (VPARTIAL *)buf;
    VPARTIAL64 *v64 = (VPARTIAL64 *)buf;

    key_create(&k, NULL, TEST_KEY L"\\Values", KEY_ALL_ACCESS, 0, NULL);
    ok(!NtSetValueKey(k, &n2, 0, REG_SZ, L"two", 8), "set second");
    ok(!NtSetValueKey(k, &n1, 0, REG_DWORD, &data, 4), "set first");
    ok(!NtSetValueKey(k, &dflt, 0, REG_SZ, L"d", 4), "set default");
    /* Overwriting keeps the value's place. */
    ok(!NtSetValueKey(k, &n2, 0, REG_SZ, L"TWO", 8), "set second again");

    s = NtQueryValueKey(k, &n1, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vb->Type == REG_DWORD && NAME_IS(vb->Name, vb->NameLength, L"First") &&
       len == offsetof(VBASIC, Name) + 10, "basic: %lx", s);
    s = NtQueryValueKey(k, &n1, 1, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vf->DataLength == 4 && vf->DataOffset >= offsetof(VFULL, Name) + 10 &&
       vf->DataOffset % 4 == 0 && len == vf->DataOffset + 4 &&
       !memcmp((char *)buf + vf->DataOffset, &data, 4), "full: %lx offset %lu", s, vf->DataOffset);
    s = NtQueryValueKey(k, &n1, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vp->Type == REG_DWORD && vp->DataLength == 4 &&
       !memcmp(vp->Data, &data, 4) && len == offsetof(VPARTIAL, Data) + 4, "partial: %lx", s);
    s = NtQueryValueKey(k, &n1, 4, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && v64->Type == REG_DWORD && v64->DataLength == 4 &&
       !memcmp(v64->Data, &data, 4) && len == 12, "partial align64: %lx %lu", s, len);
    memset(buf, 0, 32);
    s = NtQueryValueKey(k, &n1, 2, buf, offsetof(VPARTIAL, Data) + 2, &len);
    ok(s == ST_BUFFER_OVERFLOW && len == offsetof(VPARTIAL, Data) + 4 && vp->DataLength == 4 &&
       vp->Type == REG_DWORD, "partial, data cut: %lx %lu", s, len);
    s = NtQueryValueKey(k, &n1, 2, buf, 4, &len);
    ok(s == ST_BUFFER_TOO_SMALL && len == offsetof(VPARTIAL, Data) + 4, "partial, too small: %lx",
       s);
    s = NtQueryValueKey(k, &n3, 2, buf, sizeof buf, &len);
    ok(s == ST_OBJECT_NAME_NOT_FOUND, "missing value: %lx", s);
    s = NtQueryValueKey(k, &dflt, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vp->DataLength == 4 && !memcmp(vp->Data, L"d", 4), "default value");

    /* Values enumerate in the order they were made. */
    s = NtEnumerateValueKey(k, 0, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && NAME_IS(vb->Name, vb->NameLength, L"Second"), "enum 0: %lx", s);
    s = NtEnumerateValueKey(k, 1, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && NAME_IS(vb->Name, vb->NameLength, L"First"), "enum 1: %lx", s);
    s = NtEnumerateValueKey(k, 2, 0, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vb->NameLength == 0, "enum 2 (default): %lx", s);
    s = NtEnumerateValueKey(k, 3, 0, buf, sizeof buf, &len);
    ok(s == ST_NO_MORE_ENTRIES, "enum 3: %lx", s);
    s = NtEnumerateValueKey(k, 0, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vp->DataLength == 8 && !memcmp(vp->Data, L"TWO", 8), "enum data");

    ok(NtDeleteValueKey(k, &n1) == ST_SUCCESS, "delete value");
    ok(NtDeleteValueKey(k, &n1) == ST_OBJECT_NAME_NOT_FOUND, "delete missing value");
    ok(NtSetValueKey(k, &n1, 0, REG_BINARY, (void *)0x10, 4) == ST_ACCESS_VIOLATION,
       "bad data pointer");

    /* A handle opened for reading cannot write. */
    key_open(&ro, NULL, TEST_KEY L"\\Values", KEY_READ);
    ok(NtSetValueKey(ro, &n1, 0, REG_DWORD, &data, 4) == ST_ACCESS_DENIED, "set through KEY_READ");
    ok(NtDeleteValueKey(ro, &n2) == ST_ACCESS_DENIED, "delete through KEY_READ");
    ok(NtQueryValueKey(ro, &n2, 2, buf, sizeof buf, &len) == ST_SUCCESS, "read through KEY_READ");
    NtClose(ro);
    NtClose(k);
}

static void test_delete(void)
{
    HANDLE k, sub, again;
    ULONG len;
    LONG s;

    key_create(&k, NULL, TEST_KEY L"\\Del", KEY_ALL_ACCESS, 0, NULL);
    key_create(&sub, k, L"Leaf", KEY_ALL_ACCESS, 0, NULL);
    ok(NtDeleteKey(k) == ST_CANNOT_DELETE, "delete a key with subkeys");
    s = NtDeleteKey(sub);
    ok(s == ST_SUCCESS, "delete leaf: %lx", s);
    ok(NtQueryKey(sub, 0, buf, sizeof buf, &len) == ST_KEY_DELETED, "query deleted key");
    ok(set_dword(sub, L"x", 1) == ST_KEY_DELETED, "set in deleted key");
    ok(NtDeleteKey(sub) == ST_KEY_DELETED, "delete twice");
    ok(key_open(&again, NULL, TEST_KEY L"\\Del\\Leaf", KEY_READ) == ST_OBJECT_NAME_NOT_FOUND,
       "deleted key is gone");
    NtClose(sub);
    ok(NtDeleteKey(k) == ST_SUCCESS, "delete emptied key");
    NtClose(k);
}

static void test_volatile(void)
{
    HANDLE v, c;
    LONG s;

    s = key_create(&v, NULL, TEST_KEY L"\\Vol", KEY_ALL_ACCESS, OPT_VOLATILE, NULL);
    ok(s == ST_SUCCESS, "create volatile: %lx", s);
    s = key_create(&c, v, L"Stable", KEY_ALL_ACCESS, 0, NULL);
    ok(s == ST_CHILD_MUST_BE_VOLATILE, "stable child of a volatile key: %lx", s);
    s = key_create(&c, v, L"AlsoVolatile", KEY_ALL_ACCESS, OPT_VOLATILE, NULL);
    ok(s == ST_SUCCESS, "volatile child: %lx", s);
    NtClose(c);
    NtClose(v);
}

static void test_links(void)
{
    const wchar_t *target = TEST_KEY L"\\LinkTarget";
    UNICODE_STRING n = us(TEST_KEY L"\\TheLink"), slv = us(L"SymbolicLinkValue");
    OBJECT_ATTRIBUTES a;
    HANDLE t, l, via;
    ULONG len;
    LONG s;
    VPARTIAL *vp = (VPARTIAL *)buf;

    key_create(&t, NULL, target, KEY_ALL_ACCESS, 0, NULL);
    set_dword(t, L"InTarget", 77);
    InitializeObjectAttributes(&a, &n, OBJ_CASE_INSENSITIVE, NULL, NULL);
    s = NtCreateKey(&l, KEY_ALL_ACCESS | KEY_CREATE_LINK, &a, 0, NULL, OPT_CREATE_LINK, NULL);
    ok(s == ST_SUCCESS, "create link: %lx", s);
    s = NtSetValueKey(l, &slv, 0, REG_LINK, (void *)target, wcslen(target) * 2);
    ok(s == ST_SUCCESS, "set link target: %lx", s);
    NtClose(l);
    s = key_open(&via, NULL, TEST_KEY L"\\TheLink", KEY_READ);
    ok(s == ST_SUCCESS && get_dword(via, L"InTarget") == 77, "open follows the link: %lx", s);
    if (!s)
        NtClose(via);
    a.Attributes |= OBJ_OPENLINK_;
    s = NtOpenKey(&l, KEY_READ, &a);
    ok(s == ST_SUCCESS, "open the link itself: %lx", s);
    s = NtQueryValueKey(l, &slv, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && vp->Type == REG_LINK && vp->DataLength == wcslen(target) * 2,
       "link value: %lx", s);
    NtClose(l);
    s = NtCreateKey(&l, KEY_ALL_ACCESS, &a, 0, NULL, OPT_CREATE_LINK, NULL);
    ok(s == ST_OBJECT_NAME_COLLISION, "create an existing link: %lx", s);
    NtClose(t);
}

static void test_rename(void)
{
    HANDLE k, o;
    UNICODE_STRING nn = us(L"Renamed");
    ULONG len;
    NAMEINFO *ni = (NAMEINFO *)buf;

    key_create(&k, NULL, TEST_KEY L"\\ToRename", KEY_ALL_ACCESS, 0, NULL);
    ok(NtRenameKey(k, &nn) == ST_SUCCESS, "rename");
    ok(!NtQueryKey(k, 3, buf, sizeof buf, &len) &&
       NAME_IS(ni->Name, ni->NameLength, TEST_KEY L"\\Renamed"), "renamed handle's name");
    ok(key_open(&o, NULL, TEST_KEY L"\\ToRename", KEY_READ) == ST_OBJECT_NAME_NOT_FOUND,
       "old name gone");
    NtClose(k);
}

static void test_notify(void)
{
    HANDLE k, sub, ev;
    IO_STATUS_BLOCK io;
    LONG s;

    key_create(&k, NULL, TEST_KEY L"\\Watched", KEY_ALL_ACCESS, 0, NULL);
    ev = CreateEventW(NULL, TRUE, TRUE, NULL);
    s = NtNotifyChangeKey(k, ev, NULL, NULL, &io, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE);
    ok(s == ST_PENDING, "notify: %lx", s);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "event reset by the request");
    set_dword(k, L"v", 1); /* not a name change */
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "value change does not match NAME");
    key_create(&sub, k, L"New", KEY_ALL_ACCESS, 0, NULL);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "subkey creation signals");
    ok(io.Status == ST_NOTIFY_ENUM_DIR, "iosb %lx", io.Status);

    s = NtNotifyChangeKey(k, ev, NULL, NULL, &io, REG_NOTIFY_CHANGE_LAST_SET, TRUE, NULL, 0,
                          TRUE);
    ok(s == ST_PENDING, "notify tree: %lx", s);
    set_dword(sub, L"deep", 1);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "value set below signals a tree watch");

    s = NtNotifyChangeKey(k, ev, NULL, NULL, &io, REG_NOTIFY_CHANGE_LAST_SET, FALSE, NULL, 0,
                          TRUE);
    set_dword(sub, L"deep", 2);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "value set below: not without WatchTree");
    io.Status = 0x1234;
    NtClose(k);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0 && io.Status == ST_NOTIFY_CLEANUP,
       "closing completes the request: %lx", io.Status);
    NtClose(sub);
    CloseHandle(ev);
}

static DWORD WINAPI make_subkey_later(void *arg)
{
    HANDLE sub;

    Sleep(100);
    if (!key_create(&sub, (HANDLE)arg, L"Later", KEY_ALL_ACCESS, 0, NULL))
        NtClose(sub);
    return 0;
}

/* A synchronous request returns when the change comes. */
static void test_notify_sync(void)
{
    HANDLE k, th;
    IO_STATUS_BLOCK io;
    LONG s;

    key_create(&k, NULL, TEST_KEY L"\\WatchedSync", KEY_ALL_ACCESS, 0, NULL);
    th = CreateThread(NULL, 0, make_subkey_later, k, 0, NULL);
    s = NtNotifyChangeKey(k, NULL, NULL, NULL, &io, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0,
                          FALSE);
    ok(s == ST_NOTIFY_ENUM_DIR && io.Status == ST_NOTIFY_ENUM_DIR, "synchronous: %lx %lx", s,
       io.Status);
    WaitForSingleObject(th, INFINITE);
    CloseHandle(th);
    NtClose(k);
}

/* HKLM\Software in the 32-bit view (the default of a WOW64 process) is
 * Wow6432Node; KEY_WOW64_64KEY reaches the 64-bit view. */
static void test_views(void)
{
    const wchar_t *cv = L"\\REGISTRY\\MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion";
    UNICODE_STRING pf = us(L"ProgramFilesDir"), tv = us(L"wow64test");
    HANDLE k32, k64, both;
    ULONG len;
    LONG s;
    VPARTIAL *vp = (VPARTIAL *)buf;
    NAMEINFO *ni = (NAMEINFO *)buf;

    s = key_open(&k32, NULL, cv, KEY_ALL_ACCESS);
    ok(s == ST_SUCCESS, "open 32-bit view: %lx", s);
    s = NtQueryValueKey(k32, &pf, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && !wcscmp((wchar_t *)vp->Data, L"C:\\Program Files (x86)"),
       "32-bit ProgramFilesDir: %ls", (wchar_t *)vp->Data);
    ok(!NtQueryKey(k32, 3, buf, sizeof buf, &len) &&
       NAME_IS(ni->Name, ni->NameLength,
               L"\\REGISTRY\\MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion"),
       "32-bit key's name: %.*ls", (int)ni->NameLength / 2, ni->Name);
    s = key_open(&k64, NULL, cv, KEY_ALL_ACCESS | KEY_WOW64_64KEY);
    ok(s == ST_SUCCESS, "open 64-bit view: %lx", s);
    s = NtQueryValueKey(k64, &pf, 2, buf, sizeof buf, &len);
    ok(s == ST_SUCCESS && !wcscmp((wchar_t *)vp->Data, L"C:\\Program Files"),
       "64-bit ProgramFilesDir: %ls", (wchar_t *)vp->Data);
    s = key_open(&both, NULL, cv, KEY_READ | KEY_WOW64_64KEY | KEY_WOW64_32KEY);
    ok(s == ST_INVALID_PARAMETER, "both view flags: %lx", s);

    /* A 32-bit writer's %ProgramFiles% is stored as %ProgramFiles(x86)%,
     * unless the key was opened with KEY_WOW64_64KEY. */
    NtSetValueKey(k32, &tv, 0, REG_SZ, L"%ProgramFiles%\\x", 34);
    NtQueryValueKey(k32, &tv, 2, buf, sizeof buf, &len);
    ok(!wcscmp((wchar_t *)vp->Data, L"%ProgramFiles(x86)%\\x"), "rewritten: %ls",
       (wchar_t *)vp->Data);
    NtSetValueKey(k64, &tv, 0, REG_SZ, L"%ProgramFiles%\\x", 34);
    NtQueryValueKey(k64, &tv, 2, buf, sizeof buf, &len);
    ok(!wcscmp((wchar_t *)vp->Data, L"%ProgramFiles%\\x"), "kept with 64KEY: %ls",
       (wchar_t *)vp->Data);
    NtDeleteValueKey(k32, &tv);
    NtDeleteValueKey(k64, &tv);
    NtClose(k32);
    NtClose(k64);

    /* A relative open below a 64-bit view handle stays in that view. */
    {
        HANDLE sw, rel;

        key_open(&sw, NULL, L"\\REGISTRY\\MACHINE\\Software", KEY_READ | KEY_WOW64_64KEY);
        s = key_open(&rel, sw, L"Microsoft\\Windows\\CurrentVersion", KEY_ALL_ACCESS);
        ok(s == ST_SUCCESS, "relative open: %lx", s);
        s = NtQueryValueKey(rel, &pf, 2, buf, sizeof buf, &len);
        ok(s == ST_SUCCESS && !wcscmp((wchar_t *)vp->Data, L"C:\\Program Files"),
           "relative open keeps the 64-bit view: %ls", (wchar_t *)vp->Data);
        NtSetValueKey(rel, &tv, 0, REG_SZ, L"%ProgramFiles%\\x", 34);
        NtQueryValueKey(rel, &tv, 2, buf, sizeof buf, &len);
        ok(!wcscmp((wchar_t *)vp->Data, L"%ProgramFiles%\\x"), "no rewrite in the 64-bit view: %ls",
           (wchar_t *)vp->Data);
        NtDeleteValueKey(rel, &tv);
        NtClose(rel);
        NtClose(sw);
    }
}

/* The version keys agree with what GetVersionEx reports. */
static void test_version_keys(void)
{
    OSVERSIONINFOW v = { sizeof v };
    UNICODE_STRING n = us(L"CurrentBuildNumber");
    wchar_t want[16];
    HANDLE k;
    ULONG len;
    VPARTIAL *vp = (VPARTIAL *)buf;

    GetVersionExW(&v);
    swprintf(want, 16, L"%lu", v.dwBuildNumber);
    key_open(&k, NULL, L"\\REGISTRY\\MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion",
             KEY_READ);
    ok(!NtQueryValueKey(k, &n, 2, buf, sizeof buf, &len) && vp->Type == REG_SZ &&
       !wcscmp((wchar_t *)vp->Data, want), "CurrentBuildNumber %ls, GetVersionEx %ls",
       (wchar_t *)vp->Data, want);
    NtClose(k);
}

static void cleanup(HANDLE k)
{
    HANDLE sub;
    ULONG len;
    BASIC *b = (BASIC *)buf;
    OBJECT_ATTRIBUTES a;
    UNICODE_STRING n;

    while (!NtEnumerateKey(k, 0, 0, buf, sizeof buf, &len)) {
        n.Buffer = b->Name;
        n.Length = n.MaximumLength = (USHORT)b->NameLength;
        InitializeObjectAttributes(&a, &n, OBJ_CASE_INSENSITIVE | OBJ_OPENLINK_, k, NULL);
        if (NtOpenKey(&sub, KEY_ALL_ACCESS, &a))
            break;
        cleanup(sub);
        NtDeleteKey(sub);
        NtClose(sub);
    }
}

int main(void)
{
    HANDLE k;

    /* Start from nothing, in case an earlier run stopped half-way. */
    if (!key_open(&k, NULL, TEST_KEY, KEY_ALL_ACCESS)) {
        cleanup(k);
        NtDeleteKey(k);
        NtClose(k);
    }
    test_create_open();
    test_query_key();
    test_values();
    test_delete();
    test_volatile();
    test_links();
    test_rename();
    test_notify();
    test_notify_sync();
    test_views();
    test_version_keys();
    if (!key_open(&k, NULL, TEST_KEY, KEY_ALL_ACCESS)) {
        cleanup(k);
        NtDeleteKey(k);
        NtClose(k);
    }
    return test_summary();
}
