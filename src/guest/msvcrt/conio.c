/* Console I/O (conio.h): output goes to the standard output handle without
 * text translation, wide output through WriteConsoleW when it is a
 * console. Keyboard input (_getch, _kbhit...) needs console input modes our
 * kernel32 does not offer yet. */
#include "crtio.h"

static HANDLE console_out(void)
{
    return GetStdHandle(STD_OUTPUT_HANDLE);
}

int __cdecl _cputs(const char *s)
{
    DWORD done, n = (DWORD)strlen(s);

    if (!WriteFile(console_out(), s, n, &done, NULL) || done != n)
        return -1;
    return 0;
}

int __cdecl _putch(int c)
{
    char b = (char)c;
    DWORD done;

    return WriteFile(console_out(), &b, 1, &done, NULL) && done == 1 ? (unsigned char)c : CRT_EOF;
}

static int put_wide(const crt_wchar *s, DWORD n)
{
    HANDLE h = console_out();
    DWORD mode, done;
    char buf[512];
    int len;

    if (GetConsoleMode(h, &mode))
        return WriteConsoleW(h, s, n, &done, NULL) && done == n ? 0 : -1;
    len = WideCharToMultiByte(GetACP(), 0, s, (int)n, buf, sizeof(buf), NULL, NULL);
    if (len <= 0)
        return -1;
    return WriteFile(h, buf, (DWORD)len, &done, NULL) && done == (DWORD)len ? 0 : -1;
}

int __cdecl _cputws(const crt_wchar *s)
{
    return put_wide(s, (DWORD)wcslen(s));
}

crt_wchar __cdecl _putwch(crt_wchar c)
{
    return put_wide(&c, 1) ? CRT_WEOF : c;
}

int __cdecl _getch(void)
{
    CRT_FIXME("_getch");
    crt_errno = CRT_ENOSYS;
    return CRT_EOF;
}

int __cdecl _getche(void)
{
    CRT_FIXME("_getche");
    crt_errno = CRT_ENOSYS;
    return CRT_EOF;
}

crt_wchar __cdecl _getwch(void)
{
    CRT_FIXME("_getwch");
    crt_errno = CRT_ENOSYS;
    return CRT_WEOF;
}

int __cdecl _kbhit(void)
{
    CRT_FIXME("_kbhit");
    return 0;
}

int __cdecl _ungetch(int c)
{
    CRT_FIXME("_ungetch");
    crt_errno = CRT_ENOSYS;
    return CRT_EOF;
}

char *__cdecl _cgets(char *buf)
{
    CRT_FIXME("_cgets");
    crt_errno = CRT_ENOSYS;
    return NULL;
}
