/* Private header of vcruntime140.dll (src/guest/vcruntime). */
#ifndef VCRUNTIME_H
#define VCRUNTIME_H

#include "../msvcrt/crtio.h"

/* The TLS slot of the per-thread state (vc_exception.c). */
extern DWORD vc_tls_index;

#endif
