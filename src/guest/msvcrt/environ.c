/* The environment: _environ/_wenviron ("NAME=value" arrays, without the
 * "=C:=C:\dir" entries Windows keeps for drive directories, as msvcrt
 * does), __initenv (what main's envp got), getenv and _putenv. _putenv
 * updates the process environment too; the first change copies the
 * arrays, so envp keeps the start-up environment. */
#include "crtio.h"

char **_environ;
crt_wchar **_wenviron;
char **__initenv;
crt_wchar **__winitenv;

static void wenviron_init(void);
static void mirror_to_wide(const char *s, int remove);
static void mirror_to_narrow(const crt_wchar *s, int remove);

/* The narrow and the wide helpers, from one template. */
#define ENV_T char
#define ENV(name) name##_narrow
#define ENV_LEN strlen
#define ENV_CHR strchr
#define ENV_DUP _strdup
#define ENV_NICMP _strnicmp
#define ENV_ARRAY _environ
#define ENV_INITENV __initenv
#define ENV_PREPARE() ((void)0)
#define ENV_SETVAR SetEnvironmentVariableA
#define ENV_MIRROR mirror_to_wide
#include "environ_impl.h"
#undef ENV_T
#undef ENV
#undef ENV_LEN
#undef ENV_CHR
#undef ENV_DUP
#undef ENV_NICMP
#undef ENV_ARRAY
#undef ENV_INITENV
#undef ENV_PREPARE
#undef ENV_SETVAR
#undef ENV_MIRROR

#define ENV_T crt_wchar
#define ENV(name) name##_wide
#define ENV_LEN wcslen
#define ENV_CHR wcschr
#define ENV_DUP _wcsdup
#define ENV_NICMP _wcsnicmp
#define ENV_ARRAY _wenviron
#define ENV_INITENV __winitenv
#define ENV_PREPARE wenviron_init
#define ENV_SETVAR SetEnvironmentVariableW
#define ENV_MIRROR mirror_to_narrow
#include "environ_impl.h"

void crt_environ_init(void)
{
    char *block = GetEnvironmentStringsA();

    if (block) {
        _environ = from_block_narrow(block);
        FreeEnvironmentStringsA(block);
    }
    if (!_environ)
        _environ = calloc(1, sizeof(char *));
    __initenv = _environ;
}

/* The wide environment is built on first use (__wgetmainargs, _wgetenv). */
static void wenviron_init(void)
{
    crt_wchar *block;

    if (_wenviron)
        return;
    block = GetEnvironmentStringsW();
    if (block) {
        _wenviron = from_block_wide(block);
        FreeEnvironmentStringsW(block);
    }
    if (!_wenviron)
        _wenviron = calloc(1, sizeof(crt_wchar *));
    if (!__winitenv)
        __winitenv = _wenviron;
}

void crt_wenviron_init(void)
{
    _lock(CRT_LOCK_ENV);
    wenviron_init();
    _unlock(CRT_LOCK_ENV);
}

char ***__cdecl __p__environ(void)
{
    return &_environ;
}

crt_wchar ***__cdecl __p__wenviron(void)
{
    return &_wenviron;
}

char ***__cdecl __p___initenv(void)
{
    return &__initenv;
}

crt_wchar ***__cdecl __p___winitenv(void)
{
    return &__winitenv;
}

char *__cdecl getenv(const char *name)
{
    return get_narrow(name);
}

crt_wchar *__cdecl _wgetenv(const crt_wchar *name)
{
    return get_wide(name);
}

/* After a narrow change, the wide array (when it was built) follows. */
static void mirror_to_wide(const char *s, int remove)
{
    if (_wenviron) {
        size_t wn = mbstowcs(NULL, s, 0);
        crt_wchar *w = wn != (size_t)-1 ? malloc((wn + 1) * sizeof(crt_wchar)) : NULL;
        if (w) {
            mbstowcs(w, s, wn + 1);
            update_wide(&_wenviron, w, wcschr(w, '=') - w, remove);
        }
    }
}

/* After a wide change, the narrow array follows. */
static void mirror_to_narrow(const crt_wchar *s, int remove)
{
    size_t n = wcstombs(NULL, s, 0);
    char *a = n != (size_t)-1 ? malloc(n + 1) : NULL;

    if (a) {
        wcstombs(a, s, n + 1);
        update_narrow(&_environ, a, strchr(a, '=') - a, remove);
    }
}

int __cdecl _putenv(const char *s)
{
    return put_narrow(s);
}

int __cdecl _wputenv(const crt_wchar *s)
{
    return put_wide(s);
}

int __cdecl _putenv_s(const char *name, const char *value)
{
    char *s;
    int r;

    if (!name || !value) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    s = malloc(strlen(name) + strlen(value) + 2);
    if (!s)
        return CRT_ENOMEM;
    strcpy(s, name);
    strcat(s, "=");
    strcat(s, value);
    r = put_narrow(s);
    free(s);
    return r ? crt_errno : 0;
}

int __cdecl getenv_s(size_t *len, char *buf, size_t size, const char *name)
{
    const char *v;

    if (!len || (!buf && size) || !name) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    v = getenv(name);
    if (!v) {
        *len = 0;
        if (buf)
            *buf = 0;
        return 0;
    }
    *len = strlen(v) + 1;
    if (!buf)
        return 0;
    if (*len > size)
        return CRT_ERANGE;
    strcpy(buf, v);
    return 0;
}

int __cdecl _dupenv_s(char **out, size_t *len, const char *name)
{
    const char *v;

    if (!out || !name) {
        crt_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    v = getenv(name);
    *out = v ? _strdup(v) : NULL;
    if (len)
        *len = v ? strlen(v) + 1 : 0;
    return v && !*out ? CRT_ENOMEM : 0;
}

/* _searchenv looks along a PATH-like variable for a file. */
void __cdecl _searchenv(const char *file, const char *var, char *out)
{
    const char *path, *p;
    char buf[520];
    size_t n;

    *out = 0;
    if (_access(file, 0) == 0) {
        if (!GetFullPathNameA(file, 260, out, NULL))
            *out = 0;
        return;
    }
    path = getenv(var);
    if (!path) {
        crt_errno = CRT_ENOENT;
        return;
    }
    for (p = path; *p;) {
        n = strcspn(p, ";");
        if (n && n + strlen(file) + 2 < sizeof(buf)) {
            memcpy(buf, p, n);
            if (buf[n - 1] != '\\' && buf[n - 1] != '/')
                buf[n++] = '\\';
            strcpy(buf + n, file);
            if (_access(buf, 0) == 0) {
                strcpy(out, buf);
                return;
            }
        }
        p += n;
        if (*p == ';')
            p++;
    }
    crt_errno = CRT_ENOENT;
}
