/* kernel32's WIN32_FIND_DATAA/W and the directory search functions, for
 * the CRT's _findfirst family (find.c) and wildcard argv (wildcard.c). */
#ifndef WOW64_CRT_FINDDATA_H
#define WOW64_CRT_FINDDATA_H

#include "crtio.h"

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow, dwReserved0, dwReserved1;
    char cFileName[260];
    char cAlternateFileName[14];
} CRT_FIND_DATAA;

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow, dwReserved0, dwReserved1;
    WCHAR cFileName[260];
    WCHAR cAlternateFileName[14];
} CRT_FIND_DATAW;

#ifndef CRT_HOST_TEST
WINIMPORT HANDLE WINAPI FindFirstFileA(const char *spec, CRT_FIND_DATAA *data);
WINIMPORT HANDLE WINAPI FindFirstFileW(const WCHAR *spec, CRT_FIND_DATAW *data);
WINIMPORT BOOL WINAPI FindNextFileA(HANDLE h, CRT_FIND_DATAA *data);
WINIMPORT BOOL WINAPI FindNextFileW(HANDLE h, CRT_FIND_DATAW *data);
WINIMPORT BOOL WINAPI FindClose(HANDLE h);
#endif

#endif
