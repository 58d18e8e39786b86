/* 32-bit layouts of the process and thread structures the host builds for
 * the guest (spec section 6), each offset pinned by a static assert. */
#ifndef WOW64_PEB32_H
#define WOW64_PEB32_H

#include "../nt/nt.h"

typedef struct {
    ULONG Flink, Blink;
} LIST_ENTRY32;

typedef struct {
    LIST_ENTRY32 InLoadOrderLinks;           /* 0x00 */
    LIST_ENTRY32 InMemoryOrderLinks;         /* 0x08 */
    LIST_ENTRY32 InInitializationOrderLinks; /* 0x10 */
    ULONG DllBase;                           /* 0x18 */
    ULONG EntryPoint;                        /* 0x1C */
    ULONG SizeOfImage;                       /* 0x20 */
    UNICODE_STRING32 FullDllName;            /* 0x24 */
    UNICODE_STRING32 BaseDllName;            /* 0x2C */
    ULONG Flags;                             /* 0x34 */
    USHORT LoadCount;                        /* 0x38 */
    USHORT TlsIndex;                         /* 0x3A */
    LIST_ENTRY32 HashLinks;                  /* 0x3C */
    ULONG TimeDateStamp;                     /* 0x44 */
    UCHAR reserved[0x78 - 0x48];
} LDR_DATA_TABLE_ENTRY32;

#define LDRP_IMAGE_DLL 0x00000004
#define LDRP_ENTRY_PROCESSED 0x00004000
#define LDRP_DONT_CALL_FOR_THREADS 0x00040000
#define LDRP_PROCESS_ATTACH_CALLED 0x00080000

typedef struct {
    ULONG Length;                             /* 0x00 */
    BOOLEAN Initialized;                      /* 0x04 */
    UCHAR pad[3];
    ULONG SsHandle;                           /* 0x08 */
    LIST_ENTRY32 InLoadOrderModuleList;       /* 0x0C */
    LIST_ENTRY32 InMemoryOrderModuleList;     /* 0x14 */
    LIST_ENTRY32 InInitializationOrderModuleList; /* 0x1C */
    ULONG EntryInProgress;                    /* 0x24 */
    BOOLEAN ShutdownInProgress;               /* 0x28 */
    UCHAR pad2[3];
    ULONG ShutdownThreadId;                   /* 0x2C */
} PEB_LDR_DATA32;

typedef struct {
    UNICODE_STRING32 DosPath;
    ULONG Handle;
} CURDIR32;

typedef struct {
    ULONG MaximumLength;                 /* 0x00 */
    ULONG Length;                        /* 0x04 */
    ULONG Flags;                         /* 0x08 */
    ULONG DebugFlags;                    /* 0x0C */
    ULONG ConsoleHandle;                 /* 0x10 */
    ULONG ConsoleFlags;                  /* 0x14 */
    ULONG StandardInput;                 /* 0x18 */
    ULONG StandardOutput;                /* 0x1C */
    ULONG StandardError;                 /* 0x20 */
    CURDIR32 CurrentDirectory;           /* 0x24 */
    UNICODE_STRING32 DllPath;            /* 0x30 */
    UNICODE_STRING32 ImagePathName;      /* 0x38 */
    UNICODE_STRING32 CommandLine;        /* 0x40 */
    ULONG Environment;                   /* 0x48 */
    ULONG StartingX, StartingY, CountX, CountY, CountCharsX, CountCharsY, FillAttribute;
    ULONG WindowFlags;                   /* 0x68 */
    ULONG ShowWindowFlags;               /* 0x6C */
    UNICODE_STRING32 WindowTitle;        /* 0x70 */
    UNICODE_STRING32 DesktopInfo;        /* 0x78 */
    UNICODE_STRING32 ShellInfo;          /* 0x80 */
    UNICODE_STRING32 RuntimeData;        /* 0x88 */
    UCHAR CurrentDirectories[32 * 16];   /* 0x90 RTL_DRIVE_LETTER_CURDIR[32] */
    ULONG EnvironmentSize;               /* 0x290 */
    ULONG EnvironmentVersion;            /* 0x294 */
} RTL_USER_PROCESS_PARAMETERS32;

#define PROCESS_PARAMS_FLAG_NORMALIZED 1

/* Offsets into the 0x480-byte PEB32 and 0x1000-byte TEB32. */
enum {
    PEB32_SIZE = 0x480,
    PEB32_BeingDebugged = 0x02,
    PEB32_ImageBaseAddress = 0x08,
    PEB32_Ldr = 0x0C,
    PEB32_ProcessParameters = 0x10,
    PEB32_ProcessHeap = 0x18,
    PEB32_FastPebLock = 0x1C,
    PEB32_KernelCallbackTable = 0x2C,
    PEB32_TlsBitmap = 0x40,
    PEB32_NumberOfProcessors = 0x64,
    PEB32_NtGlobalFlag = 0x68,
    PEB32_NumberOfHeaps = 0x88,
    PEB32_ProcessHeaps = 0x90,
    PEB32_LoaderLock = 0xA0,
    PEB32_OSMajorVersion = 0xA4,
    PEB32_OSMinorVersion = 0xA8,
    PEB32_OSBuildNumber = 0xAC,
    PEB32_OSPlatformId = 0xB0,
    PEB32_ImageSubSystem = 0xB4,
    PEB32_ImageSubSystemMajorVersion = 0xB8,
    PEB32_ImageSubSystemMinorVersion = 0xBC,
    PEB32_SessionId = 0x1D4,
};

enum {
    TEB32_SIZE = 0x1000,
    TEB32_ExceptionList = 0x00,
    TEB32_StackBase = 0x04,
    TEB32_StackLimit = 0x08,
    TEB32_Self = 0x18,
    TEB32_ClientIdProcess = 0x20,
    TEB32_ClientIdThread = 0x24,
    TEB32_ThreadLocalStoragePointer = 0x2C,
    TEB32_ProcessEnvironmentBlock = 0x30,
    TEB32_LastErrorValue = 0x34,
    TEB32_WOW32Reserved = 0xC0,
    TEB32_CurrentLocale = 0xC4,
    TEB32_StaticUnicodeString = 0xBF8,
    TEB32_StaticUnicodeBuffer = 0xC00,
    TEB32_DeallocationStack = 0xE0C,
    TEB32_TlsSlots = 0xE10,
    TEB32_TlsExpansionSlots = 0xF94,
    TEB32_WowTebOffset = 0xFDC,
};

_Static_assert(sizeof(LIST_ENTRY32) == 8, "LIST_ENTRY32");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, DllBase) == 0x18, "DllBase");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, FullDllName) == 0x24, "FullDllName");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, BaseDllName) == 0x2C, "BaseDllName");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, Flags) == 0x34, "Flags");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, LoadCount) == 0x38, "LoadCount");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, HashLinks) == 0x3C, "HashLinks");
_Static_assert(offsetof(LDR_DATA_TABLE_ENTRY32, TimeDateStamp) == 0x44, "TimeDateStamp");
_Static_assert(offsetof(PEB_LDR_DATA32, InLoadOrderModuleList) == 0x0C, "InLoadOrder");
_Static_assert(offsetof(PEB_LDR_DATA32, InMemoryOrderModuleList) == 0x14, "InMemoryOrder");
_Static_assert(offsetof(PEB_LDR_DATA32, InInitializationOrderModuleList) == 0x1C, "InInitOrder");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, StandardInput) == 0x18, "StandardInput");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, CurrentDirectory) == 0x24, "CurrentDirectory");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, DllPath) == 0x30, "DllPath");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, ImagePathName) == 0x38, "ImagePathName");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, CommandLine) == 0x40, "CommandLine");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, Environment) == 0x48, "Environment");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, WindowFlags) == 0x68, "WindowFlags");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, WindowTitle) == 0x70, "WindowTitle");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, RuntimeData) == 0x88, "RuntimeData");
_Static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS32, EnvironmentSize) == 0x290, "EnvironmentSize");

#endif
