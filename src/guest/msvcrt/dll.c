/* The DLL helpers of old programs: _loaddll, _unloaddll and
 * _getdllprocaddr, thin wrappers of LoadLibrary/FreeLibrary/GetProcAddress
 * as in the Microsoft CRT. */
#include "crtio.h"

WINIMPORT HMODULE WINAPI LoadLibraryA(const char *name);
WINIMPORT BOOL WINAPI FreeLibrary(HMODULE mod);

/* The module handle, or 0. */
intptr_t __cdecl _loaddll(const char *name)
{
    return (intptr_t)LoadLibraryA(name);
}

/* 0, or the Win32 error of FreeLibrary. */
int __cdecl _unloaddll(intptr_t mod)
{
    if (!FreeLibrary((HMODULE)mod))
        return (int)GetLastError();
    return 0;
}

/* A procedure by name (ordinal -1) or by ordinal (name NULL); NULL when
 * both or neither are given, or when it is not there. */
void *__cdecl _getdllprocaddr(intptr_t mod, const char *name, intptr_t ordinal)
{
    if (name)
        return ordinal == -1 ? GetProcAddress((HMODULE)mod, name) : NULL;
    if (ordinal < 0 || ordinal > 0xffff)
        return NULL;
    return GetProcAddress((HMODULE)mod, (const char *)ordinal);
}
