/* The Win32 API our msvcrt uses, declared here rather than through
 * windows.h: MinGW's windows.h pulls in its CRT headers (string.h,
 * stdlib.h, ctype.h), whose declarations clash with the CRT we implement.
 * Only standard documented kernel32 functions appear, from the set our
 * kernel32 provides, plus ntdll's private logging service. Guest only. */
#ifndef MSVCRT_WIN32_H
#define MSVCRT_WIN32_H

#include "crt.h"

#ifdef CRT_HOST_TEST
/* Host tests link a mock of these functions (tests/unit/test_crt_win32.c). */
#define WINAPI
#define WINIMPORT
#else
#define WINAPI __stdcall
#define WINIMPORT __declspec(dllimport)
#endif

typedef void *HANDLE;
typedef HANDLE HMODULE;
typedef int BOOL;
typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef unsigned long DWORD;
typedef long LONG;
typedef unsigned long ULONG;
typedef unsigned int UINT;
typedef long NTSTATUS;
typedef unsigned short WCHAR;
typedef unsigned long ULONG_PTR;
typedef ULONG_PTR SIZE_T;

typedef union {
    struct { DWORD LowPart; LONG HighPart; } u;
    long long QuadPart;
} LARGE_INTEGER;

typedef struct {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME;

typedef struct {
    void *DebugInfo;
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread;
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
} CRITICAL_SECTION;

typedef struct {
    DWORD cb;
    char *lpReserved, *lpDesktop, *lpTitle;
    DWORD dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars;
    DWORD dwFillAttribute, dwFlags;
    WORD wShowWindow, cbReserved2;
    BYTE *lpReserved2;
    HANDLE hStdInput, hStdOutput, hStdError;
} STARTUPINFOA;

typedef struct {
    UINT MaxCharSize;
    BYTE DefaultChar[2];
    BYTE LeadByte[12];
} CPINFO;

typedef struct {
    DWORD ExceptionCode, ExceptionFlags;
    void *ExceptionRecord, *ExceptionAddress;
    DWORD NumberParameters;
    ULONG_PTR ExceptionInformation[15];
} EXCEPTION_RECORD;

typedef struct {
    EXCEPTION_RECORD *ExceptionRecord;
    void *ContextRecord;
} EXCEPTION_POINTERS;

typedef LONG(WINAPI *LPTOP_LEVEL_EXCEPTION_FILTER)(EXCEPTION_POINTERS *);

#define INVALID_HANDLE_VALUE ((HANDLE)(LONG)-1)
#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)
#define FILE_TYPE_UNKNOWN 0
#define FILE_TYPE_DISK 1
#define FILE_TYPE_CHAR 2
#define FILE_TYPE_PIPE 3
#define GENERIC_READ 0x80000000
#define GENERIC_WRITE 0x40000000
#define FILE_SHARE_READ 1
#define FILE_SHARE_WRITE 2
#define FILE_SHARE_DELETE 4
#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5
#define FILE_ATTRIBUTE_READONLY 0x01
#define FILE_ATTRIBUTE_NORMAL 0x80
#define FILE_ATTRIBUTE_TEMPORARY 0x100
#define FILE_FLAG_RANDOM_ACCESS 0x10000000
#define FILE_FLAG_SEQUENTIAL_SCAN 0x08000000
#define FILE_FLAG_DELETE_ON_CLOSE 0x04000000
#define FILE_BEGIN 0
#define FILE_CURRENT 1
#define FILE_END 2
#define INVALID_SET_FILE_POINTER ((DWORD)-1)
#define HEAP_ZERO_MEMORY 0x08
#define HEAP_REALLOC_IN_PLACE_ONLY 0x10
#define CP_ACP 0
#define TLS_OUT_OF_INDEXES ((DWORD)0xffffffff)
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3
#define EXCEPTION_NONCONTINUABLE 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

#define ERROR_SUCCESS 0
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_BROKEN_PIPE 109
#define ERROR_CALL_NOT_IMPLEMENTED 120
#define ERROR_NEGATIVE_SEEK 131

WINIMPORT HANDLE WINAPI GetStdHandle(DWORD which);
WINIMPORT BOOL WINAPI WriteFile(HANDLE h, const void *buf, DWORD n, DWORD *done, void *ovl);
WINIMPORT BOOL WINAPI ReadFile(HANDLE h, void *buf, DWORD n, DWORD *done, void *ovl);
WINIMPORT BOOL WINAPI CloseHandle(HANDLE h);
WINIMPORT HANDLE WINAPI CreateFileA(const char *name, DWORD access, DWORD share, void *sa,
                                    DWORD disposition, DWORD flags, HANDLE tmpl);
WINIMPORT HANDLE WINAPI CreateFileW(const WCHAR *name, DWORD access, DWORD share, void *sa,
                                    DWORD disposition, DWORD flags, HANDLE tmpl);
WINIMPORT DWORD WINAPI SetFilePointer(HANDLE h, LONG dist, LONG *high, DWORD method);
WINIMPORT BOOL WINAPI SetFilePointerEx(HANDLE h, LARGE_INTEGER dist, LARGE_INTEGER *pos,
                                       DWORD method);
WINIMPORT DWORD WINAPI GetFileSize(HANDLE h, DWORD *high);
WINIMPORT BOOL WINAPI GetFileSizeEx(HANDLE h, LARGE_INTEGER *size);
WINIMPORT DWORD WINAPI GetFileType(HANDLE h);
WINIMPORT BOOL WINAPI FlushFileBuffers(HANDLE h);
WINIMPORT BOOL WINAPI SetEndOfFile(HANDLE h);
WINIMPORT BOOL WINAPI DeleteFileA(const char *name);
WINIMPORT char *WINAPI GetCommandLineA(void);
WINIMPORT WCHAR *WINAPI GetCommandLineW(void);
WINIMPORT char *WINAPI GetEnvironmentStringsA(void);
WINIMPORT WCHAR *WINAPI GetEnvironmentStringsW(void);
WINIMPORT BOOL WINAPI FreeEnvironmentStringsA(char *env);
WINIMPORT BOOL WINAPI FreeEnvironmentStringsW(WCHAR *env);
WINIMPORT DWORD WINAPI GetEnvironmentVariableA(const char *name, char *buf, DWORD size);
WINIMPORT DWORD WINAPI GetEnvironmentVariableW(const WCHAR *name, WCHAR *buf, DWORD size);
WINIMPORT BOOL WINAPI SetEnvironmentVariableA(const char *name, const char *value);
WINIMPORT BOOL WINAPI SetEnvironmentVariableW(const WCHAR *name, const WCHAR *value);
WINIMPORT __attribute__((noreturn)) void WINAPI ExitProcess(UINT code);
WINIMPORT BOOL WINAPI TerminateProcess(HANDLE process, UINT code);
WINIMPORT HANDLE WINAPI GetCurrentProcess(void);
WINIMPORT DWORD WINAPI GetCurrentProcessId(void);
WINIMPORT DWORD WINAPI GetCurrentThreadId(void);
WINIMPORT HMODULE WINAPI GetModuleHandleA(const char *name);
WINIMPORT HMODULE WINAPI GetModuleHandleW(const WCHAR *name);
WINIMPORT DWORD WINAPI GetModuleFileNameA(HMODULE mod, char *buf, DWORD size);
WINIMPORT DWORD WINAPI GetModuleFileNameW(HMODULE mod, WCHAR *buf, DWORD size);
WINIMPORT void *WINAPI GetProcAddress(HMODULE mod, const char *name);
WINIMPORT DWORD WINAPI GetLastError(void);
WINIMPORT void WINAPI SetLastError(DWORD err);
WINIMPORT HANDLE WINAPI GetProcessHeap(void);
WINIMPORT void *WINAPI HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size);
WINIMPORT BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, void *p);
WINIMPORT void *WINAPI HeapReAlloc(HANDLE heap, DWORD flags, void *p, SIZE_T size);
WINIMPORT SIZE_T WINAPI HeapSize(HANDLE heap, DWORD flags, const void *p);
WINIMPORT int WINAPI MultiByteToWideChar(UINT cp, DWORD flags, const char *mb, int mblen,
                                         WCHAR *wc, int wclen);
WINIMPORT int WINAPI WideCharToMultiByte(UINT cp, DWORD flags, const WCHAR *wc, int wclen,
                                         char *mb, int mblen, const char *defchar,
                                         BOOL *used_default);
WINIMPORT UINT WINAPI GetACP(void);
WINIMPORT BOOL WINAPI GetCPInfo(UINT cp, CPINFO *info);
WINIMPORT BOOL WINAPI IsDBCSLeadByteEx(UINT cp, BYTE c);
WINIMPORT void WINAPI InitializeCriticalSection(CRITICAL_SECTION *cs);
WINIMPORT void WINAPI EnterCriticalSection(CRITICAL_SECTION *cs);
WINIMPORT void WINAPI LeaveCriticalSection(CRITICAL_SECTION *cs);
WINIMPORT void WINAPI DeleteCriticalSection(CRITICAL_SECTION *cs);
WINIMPORT DWORD WINAPI TlsAlloc(void);
WINIMPORT void *WINAPI TlsGetValue(DWORD index);
WINIMPORT BOOL WINAPI TlsSetValue(DWORD index, void *value);
WINIMPORT BOOL WINAPI TlsFree(DWORD index);
WINIMPORT void WINAPI GetSystemTimeAsFileTime(FILETIME *ft);
WINIMPORT DWORD WINAPI GetTickCount(void);
WINIMPORT BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *count);
WINIMPORT BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *freq);
WINIMPORT void WINAPI Sleep(DWORD ms);
WINIMPORT void WINAPI GetStartupInfoA(STARTUPINFOA *si);
WINIMPORT LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER f);
typedef struct {
    WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME;
typedef struct {
    LONG Bias;
    WCHAR StandardName[32];
    SYSTEMTIME StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    SYSTEMTIME DaylightDate;
    LONG DaylightBias;
} TIME_ZONE_INFORMATION;
#define TIME_ZONE_ID_INVALID 0xFFFFFFFFu
WINIMPORT DWORD WINAPI GetTimeZoneInformation(TIME_ZONE_INFORMATION *tzi);
WINIMPORT BOOL WINAPI SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *tz,
                                                      const SYSTEMTIME *utc, SYSTEMTIME *local);
WINIMPORT BOOL WINAPI TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION *tz,
                                                      const SYSTEMTIME *local, SYSTEMTIME *utc);
typedef BOOL(WINAPI *PHANDLER_ROUTINE)(DWORD event);
#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1
WINIMPORT BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE handler, BOOL add);
WINIMPORT void WINAPI RaiseException(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR *args);
WINIMPORT BOOL WINAPI GetConsoleMode(HANDLE h, DWORD *mode);
WINIMPORT BOOL WINAPI WriteConsoleW(HANDLE h, const WCHAR *buf, DWORD n, DWORD *done, void *res);
WINIMPORT DWORD WINAPI GetFullPathNameA(const char *name, DWORD size, char *buf, char **file);
WINIMPORT DWORD WINAPI GetFullPathNameW(const WCHAR *name, DWORD size, WCHAR *buf, WCHAR **file);
WINIMPORT DWORD WINAPI GetCurrentDirectoryA(DWORD size, char *buf);
WINIMPORT DWORD WINAPI GetCurrentDirectoryW(DWORD size, WCHAR *buf);
WINIMPORT BOOL WINAPI IsProcessorFeaturePresent(DWORD feature);

/* ntdll's private logging service of libwow64 (level 0 = FIXME). */
WINIMPORT NTSTATUS WINAPI Wow64LogMessage(ULONG level, const char *msg);

#endif
