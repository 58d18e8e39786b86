/* What kernel32's locale files (nls.c, numfmt.c, datefmt.c) share. */
#ifndef WOW64_KERNEL32_NLS_H
#define WOW64_KERNEL32_NLS_H

#include "kernel32_private.h"

/* Copies s (n WCHARs with its NUL) into out of len WCHARs: n, or with
 * len 0 the size needed; 0 with ERROR_INSUFFICIENT_BUFFER if too small. */
int nls_copy_out(const WCHAR *s, int n, WCHAR *out, int len);
/* The same for a NUL-terminated s written in the ANSI code page (len in bytes). */
int nls_copy_out_ansi(const WCHAR *s, char *out, int len);

#endif
