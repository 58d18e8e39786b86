/* The user and computer names the Windows side sees: the environment
 * (USERNAME, COMPUTERNAME), the prefix's Users directory, the registry's
 * Volatile Environment and ActiveComputerName. One definition for all. */
#include "hostid.h"

#include <ctype.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char user[256], computer[16];

static void look_up(void)
{
    const char *u = getenv("USER");
    struct passwd *pw;
    char host[256] = "";
    size_t i;

    if (u && *u && !strchr(u, '/') && !strchr(u, '\\'))
        snprintf(user, sizeof user, "%s", u);
    else if ((pw = getpwuid(getuid())) && pw->pw_name && *pw->pw_name)
        snprintf(user, sizeof user, "%s", pw->pw_name);
    else
        snprintf(user, sizeof user, "user");
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = 0;
    for (i = 0; i < sizeof computer - 1 && host[i] && host[i] != '.'; i++)
        computer[i] = (char)toupper((unsigned char)host[i]);
    computer[i] = 0;
    if (!computer[0])
        snprintf(computer, sizeof computer, "WOW64");
}

const char *host_user_name(void)
{
    pthread_once(&once, look_up);
    return user;
}

const char *host_computer_name(void)
{
    pthread_once(&once, look_up);
    return computer;
}
