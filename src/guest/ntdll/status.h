/* status.h: THE table from NTSTATUS to Win32 error codes (the one the
 * whole project uses, through ntdll's RtlNtStatusToDosError). Plain C with
 * no Windows headers so that it is unit-tested on the host
 * (tests/unit/test_guest_status.c). */
#ifndef WOW64_GUEST_STATUS_H
#define WOW64_GUEST_STATUS_H

#include <stddef.h>
#include <stdint.h>

/* ERROR_MR_MID_NOT_FOUND: what Windows answers for a status it cannot map. */
#define STATUS_MAP_UNKNOWN 317u

/* The Win32 error code for status, following Windows' rules. */
uint32_t status_to_dos_error(uint32_t status);
/* The table itself, as *count (status, error) pairs, for the unit test. */
const uint32_t *status_map_table(unsigned *count);

#endif
