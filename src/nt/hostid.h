/* Who and where the process runs, as Windows names them (hostid.c). */
#ifndef WOW64_HOSTID_H
#define WOW64_HOSTID_H

/* The user name: USER, else the password database's name for the uid;
 * never a name with a path separator. Looked up once. */
const char *host_user_name(void);
/* The computer name: the host name up to its first dot, upper case, at
 * most 15 characters (a NetBIOS name, MAX_COMPUTERNAME_LENGTH). */
const char *host_computer_name(void);

#endif
