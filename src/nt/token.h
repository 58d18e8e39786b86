/* The security identity a process runs with (src/nt/token.c): one user,
 * the same for every process of a prefix. The registry store keeps the
 * user's hive under \REGISTRY\USER\<WOW64_USER_SID> (HKEY_CURRENT_USER),
 * and the token's TokenUser answers the same SID. */
#ifndef WOW64_TOKEN_H
#define WOW64_TOKEN_H

/* A local account's SID: S-1-5-21 (NT non-unique authority), three machine
 * sub-authorities, then the account's RID (1000 is the first account
 * created on a machine). */
#define WOW64_USER_SID "S-1-5-21-0-0-0-1000"
#define WOW64_USER_SID_W u"S-1-5-21-0-0-0-1000"

#endif
