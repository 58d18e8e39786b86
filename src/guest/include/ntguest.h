/* ntguest.h: what every 32-bit guest DLL shares. MinGW-w64's Windows headers
 * set up for freestanding use (we supply the C runtime, we do not consume
 * one), the structures the host builds in guest memory (TEB32, PEB32, the
 * loader lists, the process parameters; pinned by static asserts at the
 * offsets the spec and real programs rely on), and prototypes of the ntdll
 * exports that MinGW's winternl.h does not declare.
 *
 * Build rules for includers: ntdll defines _NTSYSTEM_ before including this
 * file (so NTSYSAPI is not dllimport there); kernel32 defines _KERNEL32_;
 * other DLLs define the _<NAME>_ macro the Windows headers test for. */
#ifndef WOW64_NTGUEST_H
#define WOW64_NTGUEST_H

#ifndef __i386__
#error "ntguest.h is for 32-bit guest code (i686-w64-mingw32-gcc)"
#endif

/* ctype.h's macros read msvcrt's tables; the guest DLLs supply msvcrt, they
 * cannot depend on it. */
#ifndef _CTYPE_DISABLE_MACROS
#define _CTYPE_DISABLE_MACROS
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <winternl.h>
#include <winioctl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NT_STATIC_ASSERT_OFFSET(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), #type "." #field " must be at " #off)

#ifndef NtCurrentProcess
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#endif
#ifndef NtCurrentThread
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)
#endif

/* ------------------------------------------------------------------------
 * Structures the host builds (spec section 6; 32-bit layouts, which are our
 * native layouts).
 * ------------------------------------------------------------------------ */

typedef struct _CLIENT_ID32 {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID32;

typedef struct _RTL_BITMAP32 {
    ULONG SizeOfBitMap;   /* in bits */
    ULONG *Buffer;
} RTL_BITMAP32;

struct _PEB32;

typedef struct _TEB32 {
    void *ExceptionList;                        /* 0x000 fs:[0], the SEH chain */
    void *StackBase;                            /* 0x004 */
    void *StackLimit;                           /* 0x008 */
    void *SubSystemTib;                         /* 0x00C */
    void *FiberData;                            /* 0x010 */
    void *ArbitraryUserPointer;                 /* 0x014 */
    struct _TEB32 *Self;                        /* 0x018 */
    void *EnvironmentPointer;                   /* 0x01C */
    CLIENT_ID32 ClientId;                       /* 0x020 */
    void *ActiveRpcHandle;                      /* 0x028 */
    void *ThreadLocalStoragePointer;            /* 0x02C */
    struct _PEB32 *ProcessEnvironmentBlock;     /* 0x030 */
    ULONG LastErrorValue;                       /* 0x034 */
    ULONG CountOfOwnedCriticalSections;         /* 0x038 */
    void *CsrClientThread;                      /* 0x03C */
    void *Win32ThreadInfo;                      /* 0x040 */
    ULONG User32Reserved[26];                   /* 0x044 */
    ULONG UserReserved[5];                      /* 0x0AC */
    void *WOW32Reserved;                        /* 0x0C0 */
    ULONG CurrentLocale;                        /* 0x0C4 */
    BYTE Reserved0C8[0x1A4 - 0x0C8];
    LONG ExceptionCode;                         /* 0x1A4 */
    BYTE Reserved1A8[0xBF4 - 0x1A8];
    ULONG LastStatusValue;                      /* 0xBF4 */
    UNICODE_STRING StaticUnicodeString;         /* 0xBF8 */
    WCHAR StaticUnicodeBuffer[261];             /* 0xC00 */
    BYTE ReservedE0A[0xE0C - 0xE0A];
    void *DeallocationStack;                    /* 0xE0C */
    void *TlsSlots[64];                         /* 0xE10 */
    LIST_ENTRY TlsLinks;                        /* 0xF10 */
    BYTE ReservedF18[0xF70 - 0xF18];
    ULONG GdiBatchCount;                        /* 0xF70 (WOW64: the TEB64 address) */
    BYTE ReservedF74[0xF94 - 0xF74];
    void **TlsExpansionSlots;                   /* 0xF94 */
    BYTE ReservedF98[0xFB4 - 0xF98];
    void *FlsSlots;                             /* 0xFB4 */
    BYTE ReservedFB8[0xFDC - 0xFB8];
    LONG WowTebOffset;                          /* 0xFDC */
    BYTE ReservedFE0[0x1000 - 0xFE0];
} TEB32;

_Static_assert(sizeof(TEB32) == 0x1000, "TEB32 is one page");
NT_STATIC_ASSERT_OFFSET(TEB32, StackBase, 0x004);
NT_STATIC_ASSERT_OFFSET(TEB32, StackLimit, 0x008);
NT_STATIC_ASSERT_OFFSET(TEB32, Self, 0x018);
NT_STATIC_ASSERT_OFFSET(TEB32, ClientId, 0x020);
NT_STATIC_ASSERT_OFFSET(TEB32, ClientId.UniqueThread, 0x024);
NT_STATIC_ASSERT_OFFSET(TEB32, ThreadLocalStoragePointer, 0x02C);
NT_STATIC_ASSERT_OFFSET(TEB32, ProcessEnvironmentBlock, 0x030);
NT_STATIC_ASSERT_OFFSET(TEB32, LastErrorValue, 0x034);
NT_STATIC_ASSERT_OFFSET(TEB32, CountOfOwnedCriticalSections, 0x038);
NT_STATIC_ASSERT_OFFSET(TEB32, Win32ThreadInfo, 0x040);
NT_STATIC_ASSERT_OFFSET(TEB32, WOW32Reserved, 0x0C0);
NT_STATIC_ASSERT_OFFSET(TEB32, CurrentLocale, 0x0C4);
NT_STATIC_ASSERT_OFFSET(TEB32, ExceptionCode, 0x1A4);
NT_STATIC_ASSERT_OFFSET(TEB32, LastStatusValue, 0xBF4);
NT_STATIC_ASSERT_OFFSET(TEB32, StaticUnicodeString, 0xBF8);
NT_STATIC_ASSERT_OFFSET(TEB32, StaticUnicodeBuffer, 0xC00);
NT_STATIC_ASSERT_OFFSET(TEB32, DeallocationStack, 0xE0C);
NT_STATIC_ASSERT_OFFSET(TEB32, TlsSlots, 0xE10);
NT_STATIC_ASSERT_OFFSET(TEB32, TlsLinks, 0xF10);
NT_STATIC_ASSERT_OFFSET(TEB32, GdiBatchCount, 0xF70);
NT_STATIC_ASSERT_OFFSET(TEB32, TlsExpansionSlots, 0xF94);
NT_STATIC_ASSERT_OFFSET(TEB32, FlsSlots, 0xFB4);
NT_STATIC_ASSERT_OFFSET(TEB32, WowTebOffset, 0xFDC);

#define TLS_MINIMUM_AVAILABLE_32 64
#define TLS_EXPANSION_SLOTS_32 1024

typedef struct _PEB_LDR_DATA32 {
    ULONG Length;                               /* 0x00 */
    BOOLEAN Initialized;                        /* 0x04 */
    void *SsHandle;                             /* 0x08 */
    LIST_ENTRY InLoadOrderModuleList;           /* 0x0C */
    LIST_ENTRY InMemoryOrderModuleList;         /* 0x14 */
    LIST_ENTRY InInitializationOrderModuleList; /* 0x1C */
    void *EntryInProgress;                      /* 0x24 */
} PEB_LDR_DATA32;

NT_STATIC_ASSERT_OFFSET(PEB_LDR_DATA32, Initialized, 0x04);
NT_STATIC_ASSERT_OFFSET(PEB_LDR_DATA32, SsHandle, 0x08);
NT_STATIC_ASSERT_OFFSET(PEB_LDR_DATA32, InLoadOrderModuleList, 0x0C);
NT_STATIC_ASSERT_OFFSET(PEB_LDR_DATA32, InMemoryOrderModuleList, 0x14);
NT_STATIC_ASSERT_OFFSET(PEB_LDR_DATA32, InInitializationOrderModuleList, 0x1C);

typedef struct _LDR_DATA_TABLE_ENTRY32 {
    LIST_ENTRY InLoadOrderLinks;                /* 0x00 */
    LIST_ENTRY InMemoryOrderLinks;              /* 0x08 */
    LIST_ENTRY InInitializationOrderLinks;      /* 0x10 */
    void *DllBase;                              /* 0x18 */
    void *EntryPoint;                           /* 0x1C */
    ULONG SizeOfImage;                          /* 0x20 */
    UNICODE_STRING FullDllName;                 /* 0x24 */
    UNICODE_STRING BaseDllName;                 /* 0x2C */
    ULONG Flags;                                /* 0x34 */
    USHORT LoadCount;                           /* 0x38 */
    USHORT TlsIndex;                            /* 0x3A */
    LIST_ENTRY HashLinks;                       /* 0x3C */
    ULONG TimeDateStamp;                        /* 0x44 */
} LDR_DATA_TABLE_ENTRY32;

NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, InMemoryOrderLinks, 0x08);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, InInitializationOrderLinks, 0x10);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, DllBase, 0x18);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, EntryPoint, 0x1C);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, SizeOfImage, 0x20);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, FullDllName, 0x24);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, BaseDllName, 0x2C);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, Flags, 0x34);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, LoadCount, 0x38);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, TlsIndex, 0x3A);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, HashLinks, 0x3C);
NT_STATIC_ASSERT_OFFSET(LDR_DATA_TABLE_ENTRY32, TimeDateStamp, 0x44);

/* LDR_DATA_TABLE_ENTRY32.Flags bits the host sets. */
#define LDRP_IMAGE_DLL              0x00000004
#define LDRP_DONT_CALL_FOR_THREADS  0x00040000
#define LDRP_PROCESS_ATTACH_CALLED  0x00080000

typedef struct _CURDIR32 {
    UNICODE_STRING DosPath;                     /* with a trailing backslash */
    HANDLE Handle;
} CURDIR32;

typedef struct _RTL_DRIVE_LETTER_CURDIR32 {
    USHORT Flags;
    USHORT Length;
    ULONG TimeStamp;
    STRING DosPath;
} RTL_DRIVE_LETTER_CURDIR32;

typedef struct _RTL_USER_PROCESS_PARAMETERS32 {
    ULONG MaximumLength;                        /* 0x000 */
    ULONG Length;                               /* 0x004 */
    ULONG Flags;                                /* 0x008 */
    ULONG DebugFlags;                           /* 0x00C */
    HANDLE ConsoleHandle;                       /* 0x010 */
    ULONG ConsoleFlags;                         /* 0x014 */
    HANDLE StandardInput;                       /* 0x018 */
    HANDLE StandardOutput;                      /* 0x01C */
    HANDLE StandardError;                       /* 0x020 */
    CURDIR32 CurrentDirectory;                  /* 0x024 */
    UNICODE_STRING DllPath;                     /* 0x030 */
    UNICODE_STRING ImagePathName;               /* 0x038 */
    UNICODE_STRING CommandLine;                 /* 0x040 */
    WCHAR *Environment;                         /* 0x048 */
    ULONG StartingX;                            /* 0x04C */
    ULONG StartingY;                            /* 0x050 */
    ULONG CountX;                               /* 0x054 */
    ULONG CountY;                               /* 0x058 */
    ULONG CountCharsX;                          /* 0x05C */
    ULONG CountCharsY;                          /* 0x060 */
    ULONG FillAttribute;                        /* 0x064 */
    ULONG WindowFlags;                          /* 0x068 */
    ULONG ShowWindowFlags;                      /* 0x06C */
    UNICODE_STRING WindowTitle;                 /* 0x070 */
    UNICODE_STRING DesktopInfo;                 /* 0x078 */
    UNICODE_STRING ShellInfo;                   /* 0x080 */
    UNICODE_STRING RuntimeData;                 /* 0x088 */
    RTL_DRIVE_LETTER_CURDIR32 CurrentDirectores[32]; /* 0x090 */
    ULONG EnvironmentSize;                      /* 0x290, in bytes */
    ULONG EnvironmentVersion;                   /* 0x294 */
} RTL_USER_PROCESS_PARAMETERS32;

#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001

NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, Flags, 0x008);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, ConsoleHandle, 0x010);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, ConsoleFlags, 0x014);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, StandardInput, 0x018);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, StandardOutput, 0x01C);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, StandardError, 0x020);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, CurrentDirectory.DosPath, 0x024);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, CurrentDirectory.Handle, 0x02C);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, DllPath, 0x030);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, ImagePathName, 0x038);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, CommandLine, 0x040);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, Environment, 0x048);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, StartingX, 0x04C);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, WindowFlags, 0x068);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, ShowWindowFlags, 0x06C);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, WindowTitle, 0x070);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, DesktopInfo, 0x078);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, ShellInfo, 0x080);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, RuntimeData, 0x088);
NT_STATIC_ASSERT_OFFSET(RTL_USER_PROCESS_PARAMETERS32, EnvironmentSize, 0x290);

typedef struct _PEB32 {
    BOOLEAN InheritedAddressSpace;              /* 0x000 */
    BOOLEAN ReadImageFileExecOptions;           /* 0x001 */
    BOOLEAN BeingDebugged;                      /* 0x002 */
    BOOLEAN BitField;                           /* 0x003 */
    HANDLE Mutant;                              /* 0x004 */
    void *ImageBaseAddress;                     /* 0x008 */
    PEB_LDR_DATA32 *Ldr;                        /* 0x00C */
    RTL_USER_PROCESS_PARAMETERS32 *ProcessParameters; /* 0x010 */
    void *SubSystemData;                        /* 0x014 */
    HANDLE ProcessHeap;                         /* 0x018 */
    RTL_CRITICAL_SECTION *FastPebLock;          /* 0x01C */
    void *AtlThunkSListPtr;                     /* 0x020 */
    void *IFEOKey;                              /* 0x024 */
    ULONG CrossProcessFlags;                    /* 0x028 */
    void *KernelCallbackTable;                  /* 0x02C */
    ULONG SystemReserved;                       /* 0x030 */
    ULONG AtlThunkSListPtr32;                   /* 0x034 */
    void *ApiSetMap;                            /* 0x038 */
    ULONG TlsExpansionCounter;                  /* 0x03C */
    RTL_BITMAP32 *TlsBitmap;                    /* 0x040 */
    ULONG TlsBitmapBits[2];                     /* 0x044 */
    void *ReadOnlySharedMemoryBase;             /* 0x04C */
    void *SharedData;                           /* 0x050 */
    void **ReadOnlyStaticServerData;            /* 0x054 */
    void *AnsiCodePageData;                     /* 0x058 */
    void *OemCodePageData;                      /* 0x05C */
    void *UnicodeCaseTableData;                 /* 0x060 */
    ULONG NumberOfProcessors;                   /* 0x064 */
    ULONG NtGlobalFlag;                         /* 0x068 */
    ULONG Reserved06C;
    LARGE_INTEGER CriticalSectionTimeout;       /* 0x070 */
    ULONG HeapSegmentReserve;                   /* 0x078 */
    ULONG HeapSegmentCommit;                    /* 0x07C */
    ULONG HeapDeCommitTotalFreeThreshold;       /* 0x080 */
    ULONG HeapDeCommitFreeBlockThreshold;       /* 0x084 */
    ULONG NumberOfHeaps;                        /* 0x088 */
    ULONG MaximumNumberOfHeaps;                 /* 0x08C */
    HANDLE *ProcessHeaps;                       /* 0x090 */
    void *GdiSharedHandleTable;                 /* 0x094 */
    void *ProcessStarterHelper;                 /* 0x098 */
    ULONG GdiDCAttributeList;                   /* 0x09C */
    RTL_CRITICAL_SECTION *LoaderLock;           /* 0x0A0 */
    ULONG OSMajorVersion;                       /* 0x0A4 */
    ULONG OSMinorVersion;                       /* 0x0A8 */
    USHORT OSBuildNumber;                       /* 0x0AC */
    USHORT OSCSDVersion;                        /* 0x0AE */
    ULONG OSPlatformId;                         /* 0x0B0 */
    ULONG ImageSubsystem;                       /* 0x0B4 */
    ULONG ImageSubsystemMajorVersion;           /* 0x0B8 */
    ULONG ImageSubsystemMinorVersion;           /* 0x0BC */
    ULONG ActiveProcessAffinityMask;            /* 0x0C0 */
    ULONG GdiHandleBuffer[34];                  /* 0x0C4 */
    void *PostProcessInitRoutine;               /* 0x14C */
    RTL_BITMAP32 *TlsExpansionBitmap;           /* 0x150 */
    ULONG TlsExpansionBitmapBits[32];           /* 0x154 */
    ULONG SessionId;                            /* 0x1D4 */
    BYTE Reserved1D8[0x480 - 0x1D8];
} PEB32;

_Static_assert(sizeof(PEB32) == 0x480, "PEB32 size");
NT_STATIC_ASSERT_OFFSET(PEB32, BeingDebugged, 0x002);
NT_STATIC_ASSERT_OFFSET(PEB32, ImageBaseAddress, 0x008);
NT_STATIC_ASSERT_OFFSET(PEB32, Ldr, 0x00C);
NT_STATIC_ASSERT_OFFSET(PEB32, ProcessParameters, 0x010);
NT_STATIC_ASSERT_OFFSET(PEB32, ProcessHeap, 0x018);
NT_STATIC_ASSERT_OFFSET(PEB32, FastPebLock, 0x01C);
NT_STATIC_ASSERT_OFFSET(PEB32, KernelCallbackTable, 0x02C);
NT_STATIC_ASSERT_OFFSET(PEB32, TlsBitmap, 0x040);
NT_STATIC_ASSERT_OFFSET(PEB32, TlsBitmapBits, 0x044);
NT_STATIC_ASSERT_OFFSET(PEB32, NumberOfProcessors, 0x064);
NT_STATIC_ASSERT_OFFSET(PEB32, NtGlobalFlag, 0x068);
NT_STATIC_ASSERT_OFFSET(PEB32, CriticalSectionTimeout, 0x070);
NT_STATIC_ASSERT_OFFSET(PEB32, NumberOfHeaps, 0x088);
NT_STATIC_ASSERT_OFFSET(PEB32, MaximumNumberOfHeaps, 0x08C);
NT_STATIC_ASSERT_OFFSET(PEB32, ProcessHeaps, 0x090);
NT_STATIC_ASSERT_OFFSET(PEB32, LoaderLock, 0x0A0);
NT_STATIC_ASSERT_OFFSET(PEB32, OSMajorVersion, 0x0A4);
NT_STATIC_ASSERT_OFFSET(PEB32, OSMinorVersion, 0x0A8);
NT_STATIC_ASSERT_OFFSET(PEB32, OSBuildNumber, 0x0AC);
NT_STATIC_ASSERT_OFFSET(PEB32, OSPlatformId, 0x0B0);
NT_STATIC_ASSERT_OFFSET(PEB32, ImageSubsystem, 0x0B4);
NT_STATIC_ASSERT_OFFSET(PEB32, PostProcessInitRoutine, 0x14C);
NT_STATIC_ASSERT_OFFSET(PEB32, TlsExpansionBitmap, 0x150);
NT_STATIC_ASSERT_OFFSET(PEB32, TlsExpansionBitmapBits, 0x154);
NT_STATIC_ASSERT_OFFSET(PEB32, SessionId, 0x1D4);

/* RTL_CRITICAL_SECTION is the Windows layout (winnt.h); programs read it. */
NT_STATIC_ASSERT_OFFSET(RTL_CRITICAL_SECTION, DebugInfo, 0x00);
NT_STATIC_ASSERT_OFFSET(RTL_CRITICAL_SECTION, LockCount, 0x04);
NT_STATIC_ASSERT_OFFSET(RTL_CRITICAL_SECTION, RecursionCount, 0x08);
NT_STATIC_ASSERT_OFFSET(RTL_CRITICAL_SECTION, OwningThread, 0x0C);
NT_STATIC_ASSERT_OFFSET(RTL_CRITICAL_SECTION, LockSemaphore, 0x10);
NT_STATIC_ASSERT_OFFSET(RTL_CRITICAL_SECTION, SpinCount, 0x14);
_Static_assert(sizeof(RTL_CRITICAL_SECTION) == 24, "RTL_CRITICAL_SECTION size");

/* The current thread's TEB and the PEB, read the way programs read them. */
static inline TEB32 *nt_teb(void)
{
    TEB32 *teb;
    __asm__ ("movl %%fs:0x18, %0" : "=r" (teb)); /* TEB32.Self */
    return teb;
}

static inline PEB32 *nt_peb(void)
{
    return nt_teb()->ProcessEnvironmentBlock;
}

static inline RTL_USER_PROCESS_PARAMETERS32 *nt_params(void)
{
    return nt_peb()->ProcessParameters;
}

/* ------------------------------------------------------------------------
 * Constants MinGW's headers lack.
 * ------------------------------------------------------------------------ */

#ifndef FILE_DEVICE_CONSOLE
#define FILE_DEVICE_CONSOLE 0x00000050
#endif
#define NT_MEMORY_BASIC_INFORMATION 0       /* MEMORY_INFORMATION_CLASS */
#define NT_THREAD_ZERO_TLS_CELL 10          /* THREADINFOCLASS ThreadZeroTlsCell */
#define NT_PROCESS_WOW64_INFORMATION 26     /* PROCESSINFOCLASS */
#define NT_FILE_FS_DEVICE_INFORMATION 4     /* FS_INFORMATION_CLASS */
#define NT_EVENT_NOTIFICATION 0             /* EVENT_TYPE NotificationEvent */
#define NT_EVENT_SYNCHRONIZATION 1          /* EVENT_TYPE SynchronizationEvent */

/* Wow64LogMessage levels. */
#define WOW64_LOG_FIXME 0
#define WOW64_LOG_ERROR 1
#define WOW64_LOG_TRACE 2

/* ------------------------------------------------------------------------
 * System services (src/thunks/syscalls.def) that winternl.h does not
 * declare. Windows prototypes.
 * ------------------------------------------------------------------------ */

typedef VOID (NTAPI *PNT_APC_ROUTINE)(PVOID, PIO_STATUS_BLOCK, ULONG);

NTSYSAPI NTSTATUS NTAPI NtTestAlert(void);
NTSYSAPI NTSTATUS NTAPI NtTerminateProcess(HANDLE Process, NTSTATUS ExitStatus);
NTSYSAPI NTSTATUS NTAPI NtTerminateThread(HANDLE Thread, NTSTATUS ExitStatus);
NTSYSAPI NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE Process, PVOID *BaseAddress,
    ULONG_PTR ZeroBits, PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect);
NTSYSAPI NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE Process, PVOID *BaseAddress,
    PSIZE_T RegionSize, ULONG FreeType);
NTSYSAPI NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE Process, PVOID *BaseAddress,
    PSIZE_T RegionSize, ULONG NewProtect, PULONG OldProtect);
NTSYSAPI NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE Process, LPCVOID BaseAddress,
    ULONG InformationClass, PVOID Buffer, SIZE_T Length, PSIZE_T ResultLength);
NTSYSAPI NTSTATUS NTAPI NtReadFile(HANDLE File, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatus, PVOID Buffer, ULONG Length,
    PLARGE_INTEGER ByteOffset, PULONG Key);
NTSYSAPI NTSTATUS NTAPI NtWriteFile(HANDLE File, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatus, const void *Buffer, ULONG Length,
    PLARGE_INTEGER ByteOffset, PULONG Key);
NTSYSAPI NTSTATUS NTAPI NtFlushBuffersFile(HANDLE File, PIO_STATUS_BLOCK IoStatus);
NTSYSAPI NTSTATUS NTAPI NtLockFile(HANDLE File, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatus, PLARGE_INTEGER Offset, PLARGE_INTEGER Length,
    ULONG Key, BOOLEAN FailImmediately, BOOLEAN ExclusiveLock);
NTSYSAPI NTSTATUS NTAPI NtUnlockFile(HANDLE File, PIO_STATUS_BLOCK IoStatus,
    PLARGE_INTEGER Offset, PLARGE_INTEGER Length, ULONG Key);
NTSYSAPI NTSTATUS NTAPI NtCreateSection(PHANDLE Section, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, const LARGE_INTEGER *MaximumSize, ULONG Protect,
    ULONG AllocationAttributes, HANDLE File);
/* InheritDisposition: ViewShare 1, ViewUnmap 2 (SECTION_INHERIT). */
NTSYSAPI NTSTATUS NTAPI NtMapViewOfSection(HANDLE Section, HANDLE Process, PVOID *BaseAddress,
    ULONG_PTR ZeroBits, SIZE_T CommitSize, const LARGE_INTEGER *Offset, SIZE_T *ViewSize,
    ULONG InheritDisposition, ULONG AllocationType, ULONG Protect);
NTSYSAPI NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE Process, PVOID BaseAddress);
NTSYSAPI NTSTATUS NTAPI NtFlushVirtualMemory(HANDLE Process, LPCVOID *BaseAddress,
    SIZE_T *Size, PIO_STATUS_BLOCK IoStatus);
NTSYSAPI NTSTATUS NTAPI NtQueryAttributesFile(const OBJECT_ATTRIBUTES *Attributes,
    FILE_BASIC_INFORMATION *Info);
NTSYSAPI NTSTATUS NTAPI NtQueryFullAttributesFile(const OBJECT_ATTRIBUTES *Attributes,
    FILE_NETWORK_OPEN_INFORMATION *Info);
NTSYSAPI NTSTATUS NTAPI NtDeleteFile(const OBJECT_ATTRIBUTES *Attributes);
NTSYSAPI NTSTATUS NTAPI NtQueryDirectoryFile(HANDLE File, HANDLE Event,
    PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext, PIO_STATUS_BLOCK IoStatus,
    PVOID Buffer, ULONG Length, FILE_INFORMATION_CLASS InformationClass,
    BOOLEAN ReturnSingleEntry, PUNICODE_STRING FileName, BOOLEAN RestartScan);
NTSYSAPI NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER Counter,
    PLARGE_INTEGER Frequency);
NTSYSAPI NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, const LARGE_INTEGER *Interval);
NTSYSAPI NTSTATUS NTAPI NtYieldExecution(void);
NTSYSAPI NTSTATUS NTAPI NtSetInformationThread(HANDLE Thread, THREADINFOCLASS InformationClass,
    PVOID Information, ULONG Length);
NTSYSAPI NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcess, HANDLE Source,
    HANDLE TargetProcess, PHANDLE Target, ACCESS_MASK Access, ULONG Attributes,
    ULONG Options);
NTSYSAPI NTSTATUS NTAPI NtSetInformationObject(HANDLE Handle, ULONG InformationClass,
    PVOID Buffer, ULONG Length);
NTSYSAPI NTSTATUS NTAPI NtCreateEvent(PHANDLE Event, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, ULONG EventType, BOOLEAN InitialState);
NTSYSAPI NTSTATUS NTAPI NtSetEvent(HANDLE Event, PLONG PreviousState);
NTSYSAPI NTSTATUS NTAPI NtResetEvent(HANDLE Event, PLONG PreviousState);
NTSYSAPI NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, const HANDLE *Handles,
    ULONG WaitType, BOOLEAN Alertable, const LARGE_INTEGER *Timeout);
NTSYSAPI NTSTATUS NTAPI NtCreateKeyedEvent(PHANDLE KeyedEvent, ACCESS_MASK Access,
    const OBJECT_ATTRIBUTES *Attributes, ULONG Flags);
NTSYSAPI NTSTATUS NTAPI NtWaitForKeyedEvent(HANDLE KeyedEvent, const void *Key,
    BOOLEAN Alertable, const LARGE_INTEGER *Timeout);
NTSYSAPI NTSTATUS NTAPI NtReleaseKeyedEvent(HANDLE KeyedEvent, const void *Key,
    BOOLEAN Alertable, const LARGE_INTEGER *Timeout);

/* Served by the host loader. */
NTSYSAPI NTSTATUS NTAPI LdrLoadDll(PWSTR SearchPath, PULONG DllCharacteristics,
    PUNICODE_STRING DllName, PVOID *DllHandle);
NTSYSAPI NTSTATUS NTAPI LdrGetDllHandle(PWSTR SearchPath, PULONG DllCharacteristics,
    PUNICODE_STRING DllName, PVOID *DllHandle);
NTSYSAPI NTSTATUS NTAPI LdrGetProcedureAddress(PVOID DllHandle, PANSI_STRING ProcedureName,
    ULONG Ordinal, PVOID *ProcedureAddress);
NTSYSAPI NTSTATUS NTAPI LdrUnloadDll(PVOID DllHandle);

/* Ours: prints msg on the host's stderr. level: WOW64_LOG_*. */
NTSYSAPI NTSTATUS NTAPI Wow64LogMessage(ULONG Level, const char *Message);
/* src/guest/common/guestlog.c (linked into kernel32, advapi32):
 * "<class>:<dll>:<message>" through Wow64LogMessage. */
#include <stdarg.h>
void guest_vlog(const char *dll, ULONG level, const char *fmt, va_list ap);

/* ------------------------------------------------------------------------
 * ntdll exports (C parts) not declared by winternl.h/winnt.h.
 * ------------------------------------------------------------------------ */

extern NTSYSAPI void *Wow64Transition;

NTSYSAPI PEB *NTAPI RtlGetCurrentPeb(void);
NTSYSAPI void NTAPI RtlAcquirePebLock(void);
NTSYSAPI void NTAPI RtlReleasePebLock(void);

NTSYSAPI ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS Status);
NTSYSAPI NTSTATUS NTAPI RtlGetLastNtStatus(void);
NTSYSAPI DWORD NTAPI RtlGetLastWin32Error(void);
NTSYSAPI void NTAPI RtlSetLastWin32Error(DWORD Error);
NTSYSAPI void NTAPI RtlSetLastWin32ErrorAndNtStatusFromNtStatus(NTSTATUS Status);

NTSYSAPI NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING Destination, PCWSTR Source);
NTSYSAPI BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING Destination, PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlOemStringToUnicodeString(PUNICODE_STRING Destination,
    PCOEM_STRING Source, BOOLEAN Allocate);
NTSYSAPI NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH Unicode, ULONG UnicodeBytes,
    PULONG ResultBytes, const CHAR *MultiByte, ULONG MultiByteBytes);
NTSYSAPI NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG UnicodeBytes,
    const CHAR *MultiByte, ULONG MultiByteBytes);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR MultiByte, ULONG MultiByteBytes,
    PULONG ResultBytes, PCWCH Unicode, ULONG UnicodeBytes);
NTSYSAPI NTSTATUS NTAPI RtlOemToUnicodeN(PWCH Unicode, ULONG UnicodeBytes,
    PULONG ResultBytes, const CHAR *Oem, ULONG OemBytes);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToOemN(PCHAR Oem, ULONG OemBytes, PULONG ResultBytes,
    PCWCH Unicode, ULONG UnicodeBytes);
NTSYSAPI NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR Unicode, ULONG UnicodeBytes,
    PULONG ResultBytes, const CHAR *Utf8, ULONG Utf8Bytes);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR Utf8, ULONG Utf8Bytes, PULONG ResultBytes,
    PCWCH Unicode, ULONG UnicodeBytes);
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR Char);
NTSYSAPI WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR Char);
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1,
    PCUNICODE_STRING String2, BOOLEAN CaseInsensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1,
    PCUNICODE_STRING String2, BOOLEAN CaseInsensitive);

NTSYSAPI PVOID NTAPI RtlReAllocateHeap(PVOID Heap, ULONG Flags, PVOID Ptr, SIZE_T Size);
NTSYSAPI SIZE_T NTAPI RtlSizeHeap(PVOID Heap, ULONG Flags, const void *Ptr);
NTSYSAPI ULONG NTAPI RtlGetProcessHeaps(ULONG Count, HANDLE *Heaps);
NTSYSAPI BOOLEAN NTAPI RtlLockHeap(PVOID Heap);
NTSYSAPI BOOLEAN NTAPI RtlUnlockHeap(PVOID Heap);
NTSYSAPI BOOLEAN NTAPI RtlValidateHeap(PVOID Heap, ULONG Flags, const void *Ptr);

NTSYSAPI NTSTATUS NTAPI RtlInitializeCriticalSection(RTL_CRITICAL_SECTION *Crit);
NTSYSAPI NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(RTL_CRITICAL_SECTION *Crit,
    ULONG SpinCount);
NTSYSAPI NTSTATUS NTAPI RtlInitializeCriticalSectionEx(RTL_CRITICAL_SECTION *Crit,
    ULONG SpinCount, ULONG Flags);
NTSYSAPI NTSTATUS NTAPI RtlEnterCriticalSection(RTL_CRITICAL_SECTION *Crit);
NTSYSAPI NTSTATUS NTAPI RtlLeaveCriticalSection(RTL_CRITICAL_SECTION *Crit);
NTSYSAPI BOOL NTAPI RtlTryEnterCriticalSection(RTL_CRITICAL_SECTION *Crit);
NTSYSAPI NTSTATUS NTAPI RtlDeleteCriticalSection(RTL_CRITICAL_SECTION *Crit);
NTSYSAPI ULONG NTAPI RtlSetCriticalSectionSpinCount(RTL_CRITICAL_SECTION *Crit,
    ULONG SpinCount);
NTSYSAPI BOOL NTAPI RtlIsCriticalSectionLocked(RTL_CRITICAL_SECTION *Crit);
NTSYSAPI BOOL NTAPI RtlIsCriticalSectionLockedByThread(RTL_CRITICAL_SECTION *Crit);

NTSYSAPI void NTAPI RtlInitializeBitMap(RTL_BITMAP32 *Bitmap, ULONG *Buffer, ULONG Bits);
NTSYSAPI ULONG NTAPI RtlFindClearBitsAndSet(RTL_BITMAP32 *Bitmap, ULONG Count, ULONG Hint);
NTSYSAPI void NTAPI RtlSetBits(RTL_BITMAP32 *Bitmap, ULONG Start, ULONG Count);
NTSYSAPI void NTAPI RtlClearBits(RTL_BITMAP32 *Bitmap, ULONG Start, ULONG Count);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsSet(const RTL_BITMAP32 *Bitmap, ULONG Start, ULONG Count);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsClear(const RTL_BITMAP32 *Bitmap, ULONG Start, ULONG Count);

NTSYSAPI void NTAPI RtlExitUserProcess(NTSTATUS ExitStatus) __attribute__((noreturn));
NTSYSAPI NTSTATUS NTAPI LdrShutdownProcess(void);
NTSYSAPI NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID DllBase);
NTSYSAPI NTSTATUS NTAPI LdrFindEntryForAddress(const void *Address,
    LDR_DATA_TABLE_ENTRY32 **Entry);

NTSYSAPI BOOLEAN NTAPI RtlQueryPerformanceCounter(LARGE_INTEGER *Counter);
NTSYSAPI BOOLEAN NTAPI RtlQueryPerformanceFrequency(LARGE_INTEGER *Frequency);

NTSYSAPI ULONG __cdecl DbgPrint(const char *Format, ...);

/* The CRT subset ntdll exports (cdecl), for guest DLLs that do not include
 * the MinGW CRT headers. */
int __cdecl _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args);
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...);

#endif
