/* ntdll's private header: what its C files share beyond ntguest.h. */
#ifndef WOW64_NTDLL_PRIVATE_H
#define WOW64_NTDLL_PRIVATE_H

/* We are the system DLL: our own NTSYSAPI functions are not imports. */
#define _NTSYSTEM_
/* No POSIX "old names" from the CRT headers: their inline wrappers would
 * bind our own _stricmp & co. as dllimports. */
#define NO_OLDNAMES
#include "ntguest.h"

/* Logs "<class>:ntdll:<message>" through Wow64LogMessage (printf-style). */
void ntdll_log(ULONG level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Logs a FIXME once per call site. */
#define NTDLL_FIXME_ONCE(...)                                        \
    do {                                                             \
        static LONG once_;                                           \
        if (!__atomic_exchange_n(&once_, 1, __ATOMIC_RELAXED))       \
            ntdll_log(WOW64_LOG_FIXME, __VA_ARGS__);                 \
    } while (0)

/* printf.c: formats into buf (always terminated when size > 0); returns
 * the length the whole output needed. utf8: produce UTF-8 for the host log. */
int ntdll_vformat(char *buf, size_t size, const char *fmt, va_list ap, int utf8);

/* rtlheap.c: creates the process heap (DllMain). */
NTSTATUS ntdll_heap_init(void);

/* critsec.c / loader.c: the loader lock and the PEB lock. */
extern RTL_CRITICAL_SECTION ntdll_loader_lock;
extern RTL_CRITICAL_SECTION ntdll_peb_lock;

/* crt.c: case mapping shared by the string functions (ASCII and Latin-1
 * for WCHARs, which is what the 1252 code page can produce). */
static inline int ntdll_toupper(int c)
{
    return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

static inline int ntdll_tolower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

WCHAR ntdll_towupper(WCHAR c);
WCHAR ntdll_towlower(WCHAR c);

#endif
