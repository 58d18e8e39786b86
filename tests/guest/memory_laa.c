/* memory.c built with -Wl,--large-address-aware: the same checks against
 * the 4 GiB address space (lpMaximumApplicationAddress 0xFFFEFFFF,
 * allocations above 2 GiB, ullTotalVirtual 0xFFFE0000). */
#define MEMORY_LAA 1
#include "memory.c"
