/* Named file mappings and SEC_IMAGE sections.
 * Expected values: Microsoft's documentation of CreateFileMapping ("If the
 * object exists before the function call, the function returns a handle
 * to the existing object ... and GetLastError returns
 * ERROR_ALREADY_EXISTS"; "If lpName matches the name of an existing
 * event, semaphore, mutex, waitable timer, or job object, the function
 * fails, and GetLastError returns ERROR_INVALID_HANDLE"), OpenFileMapping,
 * MapViewOfFile and VirtualQuery (MEM_IMAGE), and the NT statuses of
 * NtCreateSection / NtMapViewOfSection for images as Windows returns them
 * (STATUS_IMAGE_NOT_AT_BASE 0x40000003 for a view not at the image's
 * preferred base, STATUS_INVALID_IMAGE_NOT_MZ 0xC000012F for a file that
 * is not MZ, STATUS_INVALID_IMAGE_FORMAT 0xC000007B for an unknown machine,
 * STATUS_MAPPED_FILE_SIZE_ZERO 0xC000011E for an empty file, which
 * LoadLibrary reports as ERROR_FILE_INVALID). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

#define STATUS_IMAGE_NOT_AT_BASE ((LONG)0x40000003)
#define STATUS_INVALID_IMAGE_NOT_MZ ((LONG)0xC000012F)
#define STATUS_INVALID_IMAGE_FORMAT ((LONG)0xC000007B)
#define STATUS_MAPPED_FILE_SIZE_ZERO ((LONG)0xC000011E)

typedef struct {
    USHORT Length, MaximumLength;
    WCHAR *Buffer;
} USTR;

typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    USTR *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor, *SecurityQualityOfService;
} OATTR;

LONG WINAPI NtCreateSection(HANDLE *, ACCESS_MASK, OATTR *, LARGE_INTEGER *, ULONG, ULONG, HANDLE);
LONG WINAPI NtOpenSection(HANDLE *, ACCESS_MASK, OATTR *);
LONG WINAPI NtMapViewOfSection(HANDLE, HANDLE, void **, ULONG_PTR, SIZE_T, LARGE_INTEGER *,
                               SIZE_T *, ULONG, ULONG, ULONG);
LONG WINAPI NtUnmapViewOfSection(HANDLE, void *);
LONG WINAPI NtClose(HANDLE);

static char dir[MAX_PATH];

/* ---- named mappings ---- */

static void test_named_mapping(void)
{
    static const char name[] = "wow64_sections_named";
    HANDLE h1, h2, h3, h4;
    volatile char *v1, *v2, *v3;

    SetLastError(0xdeadbeef);
    h1 = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, name);
    ok(h1 != NULL, "create named: %lu", GetLastError());
    ok(GetLastError() == 0, "new name: last error %lu", GetLastError());

    SetLastError(0xdeadbeef);
    h2 = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, name);
    ok(h2 != NULL && h2 != h1, "create existing: %p %lu", h2, GetLastError());
    ok(GetLastError() == ERROR_ALREADY_EXISTS, "existing name: last error %lu", GetLastError());

    h3 = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name);
    ok(h3 != NULL && h3 != h1 && h3 != h2, "open: %p %lu", h3, GetLastError());
    /* Local\ is the session's namespace, where unprefixed names live. */
    h4 = OpenFileMappingA(FILE_MAP_READ, FALSE, "Local\\wow64_sections_named");
    ok(h4 != NULL, "open Local\\: %lu", GetLastError());

    v1 = MapViewOfFile(h1, FILE_MAP_WRITE, 0, 0, 0);
    v2 = MapViewOfFile(h2, FILE_MAP_WRITE, 0, 0, 0);
    v3 = MapViewOfFile(h3, FILE_MAP_WRITE, 0, 0, 0);
    ok(v1 && v2 && v3 && v1 != v3 && v2 != v3 && v1 != v2, "views %p %p %p", v1, v2, v3);
    if (v1 && v2 && v3) {
        v1[0] = 'a';
        v1[0xfff0] = 'z';
        ok(v3[0] == 'a' && v3[0xfff0] == 'z', "write through h1 seen through h3: %d %d", v3[0],
           v3[0xfff0]);
        v3[100] = 'q';
        ok(v1[100] == 'q' && v2[100] == 'q', "write through h3 seen: %d %d", v1[100], v2[100]);
    }
    if (h4) {
        volatile char *v4 = MapViewOfFile(h4, FILE_MAP_READ, 0, 0, 0);

        ok(v4 && v4[0] == 'a', "Local\\ view: %p", v4);
        if (v4)
            UnmapViewOfFile((void *)v4);
        CloseHandle(h4);
    }
    /* Global\ is another namespace. */
    SetLastError(0xdeadbeef);
    h4 = OpenFileMappingA(FILE_MAP_READ, FALSE, "Global\\wow64_sections_named");
    ok(!h4 && GetLastError() == ERROR_FILE_NOT_FOUND, "Global\\ name: %p %lu", h4,
       GetLastError());

    /* The NT name of the same object. */
    {
        WCHAR wname[] = L"\\BaseNamedObjects\\wow64_sections_named";
        USTR us = { sizeof wname - 2, sizeof wname, wname };
        OATTR attr = { sizeof attr, NULL, &us, 0, NULL, NULL };
        HANDLE h = NULL;
        LONG st = NtOpenSection(&h, SECTION_MAP_READ, &attr);

        ok(st == 0 && h, "NtOpenSection: %#lx", st);
        if (h) {
            volatile char *v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);

            ok(v && v[100] == 'q', "NtOpenSection view: %p", v);
            if (v)
                UnmapViewOfFile((void *)v);
            NtClose(h);
        }
    }

    ok(UnmapViewOfFile((void *)v1) && UnmapViewOfFile((void *)v2) && UnmapViewOfFile((void *)v3),
       "unmap: %lu", GetLastError());
    CloseHandle(h1);
    CloseHandle(h2);
    CloseHandle(h3);
    /* The name goes with the last handle. */
    SetLastError(0xdeadbeef);
    h1 = OpenFileMappingA(FILE_MAP_READ, FALSE, name);
    ok(!h1 && GetLastError() == ERROR_FILE_NOT_FOUND, "after the last close: %p %lu", h1,
       GetLastError());
}

static void test_named_errors(void)
{
    HANDLE e, m;

    SetLastError(0xdeadbeef);
    m = OpenFileMappingA(FILE_MAP_READ, FALSE, "wow64_sections_missing");
    ok(!m && GetLastError() == ERROR_FILE_NOT_FOUND, "missing: %p %lu", m, GetLastError());
    SetLastError(0xdeadbeef);
    m = OpenFileMappingW(FILE_MAP_READ, FALSE, L"wow64_sections_missing");
    ok(!m && GetLastError() == ERROR_FILE_NOT_FOUND, "missing W: %p %lu", m, GetLastError());

    e = CreateEventA(NULL, TRUE, FALSE, "wow64_sections_event");
    ok(e != NULL, "event: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096,
                           "wow64_sections_event");
    ok(!m && GetLastError() == ERROR_INVALID_HANDLE, "event's name: %p %lu", m, GetLastError());
    SetLastError(0xdeadbeef);
    m = OpenFileMappingA(FILE_MAP_READ, FALSE, "wow64_sections_event");
    ok(!m && GetLastError() == ERROR_INVALID_HANDLE, "open event's name: %p %lu", m,
       GetLastError());
    CloseHandle(e);

    /* W form, file-backed, created then opened. */
    {
        char path[MAX_PATH];
        HANDLE f, a, b;
        DWORD n;

        snprintf(path, sizeof path, "%s\\sections_named.tmp", dir);
        f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        ok(f != INVALID_HANDLE_VALUE, "temp file: %lu", GetLastError());
        WriteFile(f, "hello, mapping", 14, &n, NULL);
        a = CreateFileMappingW(f, NULL, PAGE_READONLY, 0, 0, L"wow64_sections_file");
        ok(a != NULL, "file-backed named: %lu", GetLastError());
        b = OpenFileMappingW(FILE_MAP_READ, FALSE, L"wow64_sections_file");
        ok(b != NULL, "open file-backed: %lu", GetLastError());
        if (b) {
            const char *v = MapViewOfFile(b, FILE_MAP_READ, 0, 0, 0);

            ok(v && !memcmp(v, "hello, mapping", 14), "file contents through the name");
            if (v)
                UnmapViewOfFile(v);
            CloseHandle(b);
        }
        CloseHandle(a);
        CloseHandle(f);
        DeleteFileA(path);
    }
}

/* ---- SEC_IMAGE ---- */

static BYTE *read_file(const char *path, DWORD *size)
{
    HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BYTE *buf = NULL;
    DWORD n = 0;

    *size = 0;
    if (f == INVALID_HANDLE_VALUE)
        return NULL;
    *size = GetFileSize(f, NULL);
    buf = HeapAlloc(GetProcessHeap(), 0, *size ? *size : 1);
    if (buf && (!ReadFile(f, buf, *size, &n, NULL) || n != *size)) {
        HeapFree(GetProcessHeap(), 0, buf);
        buf = NULL;
    }
    CloseHandle(f);
    return buf;
}

static HANDLE image_section(const char *path, LONG *status)
{
    HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_EXECUTE, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, 0, NULL), s = NULL;

    *status = -1;
    if (f == INVALID_HANDLE_VALUE)
        return NULL;
    *status = NtCreateSection(&s, SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY, NULL,
                              NULL, PAGE_EXECUTE_READ, SEC_IMAGE, f);
    CloseHandle(f);
    return *status == 0 ? s : NULL;
}

static LONG map_view(HANDLE s, BYTE **base)
{
    SIZE_T size = 0;

    *base = NULL;
    return NtMapViewOfSection(s, GetCurrentProcess(), (void **)base, 0, 0, NULL, &size, 1, 0,
                              PAGE_READONLY);
}

/* The protection of the page at p. */
static DWORD protect_at(const void *p)
{
    MEMORY_BASIC_INFORMATION mbi;

    if (!VirtualQuery(p, &mbi, sizeof mbi))
        return 0xFFFFFFFF;
    return mbi.Protect;
}

/* The first HIGHLOW relocation's RVA in the file's .reloc, or 0. */
static DWORD first_highlow(const BYTE *file, DWORD size, const IMAGE_NT_HEADERS32 *nt)
{
    const IMAGE_DATA_DIRECTORY *d = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    const IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);

    for (unsigned i = 0; i < nt->FileHeader.NumberOfSections; i++, sec++) {
        if (d->VirtualAddress < sec->VirtualAddress ||
            d->VirtualAddress >= sec->VirtualAddress + sec->SizeOfRawData)
            continue;
        {
            DWORD off = sec->PointerToRawData + d->VirtualAddress - sec->VirtualAddress;
            const IMAGE_BASE_RELOCATION *b = (const void *)(file + off);
            const WORD *e = (const WORD *)(b + 1);

            if (off + 12 > size)
                return 0;
            for (DWORD k = 0; k < (b->SizeOfBlock - 8) / 2; k++)
                if ((e[k] >> 12) == IMAGE_REL_BASED_HIGHLOW)
                    return b->VirtualAddress + (e[k] & 0xfff);
        }
    }
    return 0;
}

static void check_image_view(const char *what, const BYTE *file, DWORD fsize, BYTE *v, BOOL at_base)
{
    const IMAGE_DOS_HEADER *dos = (const void *)file;
    const IMAGE_NT_HEADERS32 *nt = (const void *)(file + dos->e_lfanew);
    const IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);
    MEMORY_BASIC_INFORMATION mbi;
    int checked = 0;

    ok(v[0] == 'M' && v[1] == 'Z', "%s: MZ at the view base", what);
    ok(!memcmp(v + dos->e_lfanew, "PE\0\0", 4), "%s: PE signature at e_lfanew", what);
    ok(VirtualQuery(v, &mbi, sizeof mbi) == sizeof mbi, "%s: VirtualQuery", what);
    ok(mbi.Type == MEM_IMAGE, "%s: type %#lx", what, mbi.Type);
    ok(mbi.AllocationBase == v, "%s: allocation base %p", what, mbi.AllocationBase);
    ok(mbi.AllocationProtect == PAGE_EXECUTE_WRITECOPY, "%s: allocation protect %#lx", what,
       mbi.AllocationProtect);
    ok(mbi.Protect == PAGE_READONLY, "%s: header protect %#lx", what, mbi.Protect);
    for (unsigned i = 0; i < nt->FileHeader.NumberOfSections; i++, sec++) {
        DWORD c = sec->Characteristics, want, len = sec->SizeOfRawData;

        if (!(c & (IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_EXECUTE)) || !sec->Misc.VirtualSize)
            continue;
        if (c & IMAGE_SCN_MEM_EXECUTE)
            want = (c & IMAGE_SCN_MEM_WRITE) ? PAGE_EXECUTE_WRITECOPY : PAGE_EXECUTE_READ;
        else
            want = (c & IMAGE_SCN_MEM_WRITE) ? PAGE_WRITECOPY : PAGE_READONLY;
        ok(protect_at(v + sec->VirtualAddress) == want, "%s: section %.8s protect %#lx, want %#lx",
           what, sec->Name, protect_at(v + sec->VirtualAddress), want);
        if (len > sec->Misc.VirtualSize)
            len = sec->Misc.VirtualSize;
        if (at_base && len && sec->PointerToRawData + len <= fsize) {
            ok(!memcmp(v + sec->VirtualAddress, file + sec->PointerToRawData, len),
               "%s: section %.8s bytes at base+RVA differ from the file", what, sec->Name);
            checked++;
        }
    }
    if (at_base)
        ok(checked > 0, "%s: no section compared", what);
}

static void test_image(const char *path, const char *what, BOOL twice)
{
    DWORD fsize;
    BYTE *file = read_file(path, &fsize), *v1 = NULL, *v2 = NULL;
    const IMAGE_NT_HEADERS32 *nt;
    HANDLE s;
    LONG st;

    ok(file != NULL, "%s: read %s", what, path);
    if (!file)
        return;
    nt = (const void *)(file + ((const IMAGE_DOS_HEADER *)file)->e_lfanew);
    s = image_section(path, &st);
    ok(s != NULL, "%s: NtCreateSection(SEC_IMAGE): %#lx", what, st);
    if (!s)
        return;
    st = map_view(s, &v1);
    ok(st == 0 || st == STATUS_IMAGE_NOT_AT_BASE, "%s: map: %#lx", what, st);
    ok((st == 0) == (v1 == (BYTE *)nt->OptionalHeader.ImageBase),
       "%s: status %#lx at %p, preferred base %#lx", what, st, v1, nt->OptionalHeader.ImageBase);
    if (v1)
        check_image_view(what, file, fsize, v1, st == 0);
    if (twice && v1) {
        /* The preferred base is now taken: the second view moves. */
        DWORD rva = first_highlow(file, fsize, nt);

        st = map_view(s, &v2);
        ok(st == STATUS_IMAGE_NOT_AT_BASE, "%s: second view: %#lx", what, st);
        ok(v2 && v2 != v1, "%s: second view at %p", what, v2);
        ok(rva != 0, "%s: no HIGHLOW relocation found", what);
        if (v2 && rva) {
            DWORD a = *(DWORD *)(v1 + rva), b = *(DWORD *)(v2 + rva);

            ok(b - a == (DWORD)(v2 - v1), "%s: relocated %#lx -> %#lx, delta %#lx", what, a, b,
               (DWORD)(v2 - v1));
            check_image_view(what, file, fsize, v2, FALSE);
        }
        if (v2) {
            MEMORY_BASIC_INFORMATION mbi;

            /* An address inside the view unmaps the whole view. */
            ok(NtUnmapViewOfSection(GetCurrentProcess(), v2 + 0x1000) == 0, "%s: unmap 2", what);
            ok(VirtualQuery(v2, &mbi, sizeof mbi) && mbi.State == MEM_FREE,
               "%s: after unmap: state %#lx", what, mbi.State);
        }
    }
    if (v1) {
        MEMORY_BASIC_INFORMATION mbi;

        ok(UnmapViewOfFile(v1), "%s: UnmapViewOfFile: %lu", what, GetLastError());
        ok(VirtualQuery(v1, &mbi, sizeof mbi) && mbi.State == MEM_FREE,
           "%s: after UnmapViewOfFile: state %#lx", what, mbi.State);
        ok(NtUnmapViewOfSection(GetCurrentProcess(), v1) != 0, "%s: unmapped twice", what);
    }
    NtClose(s);
    HeapFree(GetProcessHeap(), 0, file);
}

/* kernel32's route: CreateFileMapping(SEC_IMAGE) and MapViewOfFile. */
static void test_image_kernel32(const char *path)
{
    HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL), m;
    const BYTE *v;
    MEMORY_BASIC_INFORMATION mbi;

    ok(f != INVALID_HANDLE_VALUE, "open %s", path);
    m = CreateFileMappingA(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL);
    ok(m != NULL, "CreateFileMapping(SEC_IMAGE): %lu", GetLastError());
    CloseHandle(f);
    if (!m)
        return;
    v = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    ok(v != NULL, "MapViewOfFile(image): %lu", GetLastError());
    if (v) {
        const IMAGE_NT_HEADERS32 *nt = (const void *)(v + ((const IMAGE_DOS_HEADER *)v)->e_lfanew);

        ok(nt->Signature == IMAGE_NT_SIGNATURE && nt->FileHeader.Machine == IMAGE_FILE_MACHINE_I386,
           "kernel32 view headers");
        ok(VirtualQuery(v, &mbi, sizeof mbi) && mbi.Type == MEM_IMAGE, "kernel32 view type %#lx",
           mbi.Type);
        ok(UnmapViewOfFile(v), "kernel32 unmap: %lu", GetLastError());
    }
    CloseHandle(m);
}

static void write_file(const char *path, const void *data, DWORD n)
{
    HANDLE f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD w;

    WriteFile(f, data, n, &w, NULL);
    CloseHandle(f);
}

static void test_image_errors(const char *dll)
{
    char path[MAX_PATH];
    HANDLE s, f, m;
    LONG st;
    DWORD size;
    BYTE *file;

    snprintf(path, sizeof path, "%s\\sections_text.tmp", dir);
    write_file(path, "just some text, not an image\r\n", 30);
    s = image_section(path, &st);
    ok(!s && st == STATUS_INVALID_IMAGE_NOT_MZ, "text file: %#lx", st);
    f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    m = CreateFileMappingA(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL);
    ok(!m && GetLastError() == ERROR_BAD_EXE_FORMAT, "text file, kernel32: %p %lu", m,
       GetLastError());
    CloseHandle(f);

    /* An empty file (LoadLibrary's ERROR_FILE_INVALID comes from here). */
    write_file(path, "", 0);
    s = image_section(path, &st);
    ok(!s && st == STATUS_MAPPED_FILE_SIZE_ZERO, "empty file: %#lx", st);

    /* A PE whose machine is unknown. */
    file = read_file(dll, &size);
    if (file) {
        IMAGE_NT_HEADERS32 *nt = (void *)(file + ((IMAGE_DOS_HEADER *)file)->e_lfanew);

        nt->FileHeader.Machine = 0x1234;
        write_file(path, file, size);
        s = image_section(path, &st);
        ok(!s && st == STATUS_INVALID_IMAGE_FORMAT, "unknown machine: %#lx", st);
        HeapFree(GetProcessHeap(), 0, file);
    }
    DeleteFileA(path);
}

int main(void)
{
    char self[MAX_PATH], dll[MAX_PATH + 32], *slash;

    GetModuleFileNameA(NULL, self, sizeof self);
    strcpy(dir, self);
    if ((slash = strrchr(dir, '\\')))
        *slash = 0;
    snprintf(dll, sizeof dll, "%s\\exportlib.dll", dir);

    test_named_mapping();
    test_named_errors();
    test_image(dll, "exportlib.dll", TRUE);
    test_image(self, "sections.exe", FALSE);
    test_image_kernel32(dll);
    test_image_errors(dll);
    return test_summary();
}
