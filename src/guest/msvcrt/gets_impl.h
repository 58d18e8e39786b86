/* fgets and gets, included once per character type (no include guard).
 * The includer defines:
 *   GETS_T       the character type (char or crt_wchar)
 *   GETS_GETC    the locked read of one character (crt_fgetc_lk)
 *   GETS_EOF     what GETS_GETC returns at the end (CRT_EOF)
 *   GETS_FGETS   the name of the fgets function
 *   GETS_GETS    the name of the gets function */

GETS_T *__cdecl GETS_FGETS(GETS_T *s, int n, FILE *f)
{
    GETS_T *p = s;
    int c;

    if (!s || n <= 0 || !f) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    crt_lock_file(f);
    while (--n > 0) {
        if ((c = GETS_GETC(f)) == GETS_EOF) {
            if (p == s)
                s = NULL;
            break;
        }
        if ((*p++ = (GETS_T)c) == '\n')
            break;
    }
    if (s)
        *p = 0;
    crt_unlock_file(f);
    return s;
}

GETS_T *__cdecl GETS_GETS(GETS_T *s)
{
    GETS_T *p = s;
    int c;

    crt_lock_file(crt_stdin);
    while ((c = GETS_GETC(crt_stdin)) != '\n') {
        if (c == GETS_EOF) {
            if (p == s)
                s = NULL;
            break;
        }
        *p++ = (GETS_T)c;
    }
    if (s)
        *p = 0;
    crt_unlock_file(crt_stdin);
    return s;
}
