/* Prototypes of the CRT functions that the portable core defines and
 * exports, for the other files of our msvcrt and for the host tests. Types
 * are the guest's: crt_long is Win32's 32-bit long, crt_wchar is wchar_t. */
#ifndef MSVCRT_CRTFUNCS_H
#define MSVCRT_CRTFUNCS_H

#include "crt.h"

typedef int(__cdecl *crt_cmp_fn)(const void *, const void *);

/* string.c */
void *__cdecl memchr(const void *s, int c, size_t n);
void *__cdecl _memccpy(void *dst, const void *src, int c, size_t n);
int __cdecl _memicmp(const void *a, const void *b, size_t n);
size_t __cdecl strnlen(const char *s, size_t max);
char *__cdecl strcpy(char *dst, const char *src);
char *__cdecl strncpy(char *dst, const char *src, size_t n);
char *__cdecl strcat(char *dst, const char *src);
char *__cdecl strncat(char *dst, const char *src, size_t n);
int __cdecl strcmp(const char *a, const char *b);
int __cdecl strncmp(const char *a, const char *b, size_t n);
int __cdecl _stricmp(const char *a, const char *b);
int __cdecl _strnicmp(const char *a, const char *b, size_t n);
int __cdecl strcoll(const char *a, const char *b);
size_t __cdecl strxfrm(char *dst, const char *src, size_t n);
char *__cdecl strchr(const char *s, int c);
char *__cdecl strrchr(const char *s, int c);
char *__cdecl strstr(const char *s, const char *sub);
size_t __cdecl strspn(const char *s, const char *accept);
size_t __cdecl strcspn(const char *s, const char *reject);
char *__cdecl strpbrk(const char *s, const char *accept);
char *__cdecl _strlwr(char *s);
char *__cdecl _strupr(char *s);
char *__cdecl _strrev(char *s);
char *__cdecl _strset(char *s, int c);
char *__cdecl _strnset(char *s, int c, size_t n);

/* wstring.c */
size_t __cdecl wcsnlen(const crt_wchar *s, size_t max);
crt_wchar *__cdecl wcscpy(crt_wchar *dst, const crt_wchar *src);
crt_wchar *__cdecl wcsncpy(crt_wchar *dst, const crt_wchar *src, size_t n);
crt_wchar *__cdecl wcscat(crt_wchar *dst, const crt_wchar *src);
crt_wchar *__cdecl wcsncat(crt_wchar *dst, const crt_wchar *src, size_t n);
int __cdecl wcscmp(const crt_wchar *a, const crt_wchar *b);
int __cdecl wcsncmp(const crt_wchar *a, const crt_wchar *b, size_t n);
int __cdecl _wcsicmp(const crt_wchar *a, const crt_wchar *b);
int __cdecl _wcsnicmp(const crt_wchar *a, const crt_wchar *b, size_t n);
crt_wchar *__cdecl wcschr(const crt_wchar *s, crt_wchar c);
crt_wchar *__cdecl wcsrchr(const crt_wchar *s, crt_wchar c);
crt_wchar *__cdecl wcsstr(const crt_wchar *s, const crt_wchar *sub);
size_t __cdecl wcsspn(const crt_wchar *s, const crt_wchar *accept);
size_t __cdecl wcscspn(const crt_wchar *s, const crt_wchar *reject);
crt_wchar *__cdecl wcspbrk(const crt_wchar *s, const crt_wchar *accept);
crt_wchar *__cdecl _wcslwr(crt_wchar *s);
crt_wchar *__cdecl _wcsupr(crt_wchar *s);

/* ctype.c */
int __cdecl isalpha(int c);
int __cdecl isupper(int c);
int __cdecl islower(int c);
int __cdecl isdigit(int c);
int __cdecl isxdigit(int c);
int __cdecl isspace(int c);
int __cdecl ispunct(int c);
int __cdecl isalnum(int c);
int __cdecl isprint(int c);
int __cdecl isgraph(int c);
int __cdecl iscntrl(int c);
int __cdecl _toupper(int c);
int __cdecl _tolower(int c);
int __cdecl iswalpha(crt_wchar wc);
int __cdecl iswupper(crt_wchar wc);
int __cdecl iswlower(crt_wchar wc);
int __cdecl iswdigit(crt_wchar wc);
int __cdecl iswspace(crt_wchar wc);
int __cdecl iswpunct(crt_wchar wc);
const unsigned short *__cdecl __pctype_func(void);

/* mbcs.c */
int __cdecl mbtowc(crt_wchar *wc, const char *s, size_t n);
int __cdecl wctomb(char *mb, crt_wchar wc);
int __cdecl mblen(const char *s, size_t n);
size_t __cdecl mbstowcs(crt_wchar *dst, const char *src, size_t n);
size_t __cdecl wcstombs(char *dst, const crt_wchar *src, size_t n);
crt_wchar __cdecl btowc(int c);
int __cdecl wctob(crt_wchar wc);

/* strtol.c */
crt_long __cdecl strtol(const char *s, char **end, int base);
crt_ulong __cdecl strtoul(const char *s, char **end, int base);
crt_int64 __cdecl _strtoi64(const char *s, char **end, int base);
crt_uint64 __cdecl _strtoui64(const char *s, char **end, int base);
crt_long __cdecl wcstol(const crt_wchar *s, crt_wchar **end, int base);
crt_ulong __cdecl wcstoul(const crt_wchar *s, crt_wchar **end, int base);
crt_int64 __cdecl _wcstoi64(const crt_wchar *s, crt_wchar **end, int base);
crt_uint64 __cdecl _wcstoui64(const crt_wchar *s, crt_wchar **end, int base);
int __cdecl atoi(const char *s);
crt_long __cdecl atol(const char *s);
crt_int64 __cdecl _atoi64(const char *s);
int __cdecl _wtoi(const crt_wchar *s);
crt_long __cdecl _wtol(const crt_wchar *s);
crt_int64 __cdecl _wtoi64(const crt_wchar *s);
char *__cdecl _itoa(int v, char *s, int radix);
char *__cdecl _ltoa(crt_long v, char *s, int radix);
char *__cdecl _ultoa(crt_ulong v, char *s, int radix);
char *__cdecl _i64toa(crt_int64 v, char *s, int radix);
char *__cdecl _ui64toa(crt_uint64 v, char *s, int radix);
crt_wchar *__cdecl _itow(int v, crt_wchar *s, int radix);
crt_wchar *__cdecl _ltow(crt_long v, crt_wchar *s, int radix);
crt_wchar *__cdecl _ultow(crt_ulong v, crt_wchar *s, int radix);
crt_wchar *__cdecl _i64tow(crt_int64 v, crt_wchar *s, int radix);
crt_wchar *__cdecl _ui64tow(crt_uint64 v, crt_wchar *s, int radix);

/* strtod.c */
double __cdecl strtod(const char *s, char **end);
double __cdecl wcstod(const crt_wchar *s, crt_wchar **end);
double __cdecl atof(const char *s);
double __cdecl _wtof(const crt_wchar *s);

/* qsort.c */
void __cdecl qsort(void *base, size_t num, size_t width, crt_cmp_fn cmp);
void *__cdecl bsearch(const void *key, const void *base, size_t num, size_t width, crt_cmp_fn cmp);

#endif
