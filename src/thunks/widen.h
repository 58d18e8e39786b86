/* Struct converters used by the dispatcher (one pair per struct letter). */
#ifndef WOW64_WIDEN_H
#define WOW64_WIDEN_H

#include <stdbool.h>
#include "thunks.h"

bool widen_unicode_string(uint32_t guest, UNICODE_STRING *out);
bool widen_ansi_string(uint32_t guest, STRING *out);
bool widen_object_attributes(uint32_t guest, OBJECT_ATTRIBUTES *out, UNICODE_STRING *name);

#endif
