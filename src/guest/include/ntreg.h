/* The NT registry services of our ntdll (src/thunks/syscalls.def rows
 * 0x050-0x05c) and their 32-bit information layouts, which MinGW's
 * winternl.h does not declare; for advapi32 and kernel32. Include after
 * ntguest.h. */
#ifndef WOW64_GUEST_NTREG_H
#define WOW64_GUEST_NTREG_H

/* KEY_INFORMATION_CLASS and KEY_VALUE_INFORMATION_CLASS values. */
#define NT_KEY_BASIC_INFORMATION 0
#define NT_KEY_NODE_INFORMATION 1
#define NT_KEY_FULL_INFORMATION 2
#define NT_KEY_VALUE_BASIC_INFORMATION 0
#define NT_KEY_VALUE_FULL_INFORMATION 1
#define NT_KEY_VALUE_PARTIAL_INFORMATION 2

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG NameLength;   /* bytes */
    WCHAR Name[1];
} NT_KEY_BASIC;

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;
    ULONG ClassLength;
    ULONG NameLength;
    WCHAR Name[1];
} NT_KEY_NODE;

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;
    ULONG ClassLength;
    ULONG SubKeys;
    ULONG MaxNameLen;       /* bytes */
    ULONG MaxClassLen;      /* bytes */
    ULONG Values;
    ULONG MaxValueNameLen;  /* bytes */
    ULONG MaxValueDataLen;  /* bytes */
    WCHAR Class[1];
} NT_KEY_FULL;

typedef struct {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataOffset;
    ULONG DataLength;
    ULONG NameLength;
    WCHAR Name[1];
} NT_KEY_VALUE_FULL;

typedef struct {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} NT_KEY_VALUE_PARTIAL;

NT_STATIC_ASSERT_OFFSET(NT_KEY_BASIC, Name, 16);
NT_STATIC_ASSERT_OFFSET(NT_KEY_NODE, Name, 24);
NT_STATIC_ASSERT_OFFSET(NT_KEY_FULL, Class, 44);
NT_STATIC_ASSERT_OFFSET(NT_KEY_VALUE_FULL, Name, 20);
NT_STATIC_ASSERT_OFFSET(NT_KEY_VALUE_PARTIAL, Data, 12);

/* NtCreateKey dispositions and options. */
#ifndef REG_CREATED_NEW_KEY
#define REG_CREATED_NEW_KEY 1
#define REG_OPENED_EXISTING_KEY 2
#endif

NTSYSAPI NTSTATUS NTAPI NtCreateKey(PHANDLE Key, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, ULONG TitleIndex, const UNICODE_STRING *Class,
    ULONG CreateOptions, PULONG Disposition);
NTSYSAPI NTSTATUS NTAPI NtOpenKey(PHANDLE Key, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes);
NTSYSAPI NTSTATUS NTAPI NtOpenKeyEx(PHANDLE Key, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, ULONG OpenOptions);
NTSYSAPI NTSTATUS NTAPI NtDeleteKey(HANDLE Key);
NTSYSAPI NTSTATUS NTAPI NtQueryKey(HANDLE Key, ULONG InformationClass, PVOID Buffer,
    ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI NtEnumerateKey(HANDLE Key, ULONG Index, ULONG InformationClass,
    PVOID Buffer, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI NtEnumerateValueKey(HANDLE Key, ULONG Index, ULONG InformationClass,
    PVOID Buffer, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI NtQueryValueKey(HANDLE Key, const UNICODE_STRING *Name,
    ULONG InformationClass, PVOID Buffer, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI NtSetValueKey(HANDLE Key, const UNICODE_STRING *Name, ULONG TitleIndex,
    ULONG Type, const void *Data, ULONG DataSize);
NTSYSAPI NTSTATUS NTAPI NtDeleteValueKey(HANDLE Key, const UNICODE_STRING *Name);
NTSYSAPI NTSTATUS NTAPI NtFlushKey(HANDLE Key);
NTSYSAPI NTSTATUS NTAPI NtNotifyChangeKey(HANDLE Key, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatus, ULONG CompletionFilter, BOOLEAN WatchTree,
    PVOID Buffer, ULONG BufferSize, BOOLEAN Asynchronous);

#endif
