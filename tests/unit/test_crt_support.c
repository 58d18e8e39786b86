/* Support for the host unit tests of our msvcrt's portable core: the one
 * per-thread thing the core reaches out for, errno. */
#include "guest/msvcrt/crt.h"

static int test_errno;

int *_errno(void)
{
    return &test_errno;
}
