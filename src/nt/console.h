/* The console on a host terminal (console.c): the service Wow64Console and
 * what the end of the process calls. */
#ifndef WOW64_NT_CONSOLE_H
#define WOW64_NT_CONSOLE_H

#include "nt.h"

/* Puts every terminal this process changed back as the process found it
 * (input modes, cursor visibility). Safe to call more than once. */
void console_restore(void);

NTSTATUS svc_Wow64Console(HANDLE h, ULONG op, void *in, ULONG in_size, void *out, ULONG out_size);

#endif
