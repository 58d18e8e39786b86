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

static char **narrow_from_block(const char *block)
{
    const char *p;
    size_t n = 0, i = 0;
    char **env;

    for (p = block; *p; p += strlen(p) + 1)
        if (*p != '=')
            n++;
    env = malloc((n + 1) * sizeof(char *));
    if (!env)
        return NULL;
    for (p = block; *p; p += strlen(p) + 1) {
        if (*p == '=')
            continue;
        if (!(env[i] = _strdup(p)))
            break;
        i++;
    }
    env[i] = NULL;
    return env;
}

static crt_wchar **wide_from_block(const crt_wchar *block)
{
    const crt_wchar *p;
    size_t n = 0, i = 0;
    crt_wchar **env;

    for (p = block; *p; p += wcslen(p) + 1)
        if (*p != '=')
            n++;
    env = malloc((n + 1) * sizeof(crt_wchar *));
    if (!env)
        return NULL;
    for (p = block; *p; p += wcslen(p) + 1) {
        if (*p == '=')
            continue;
        if (!(env[i] = _wcsdup(p)))
            break;
        i++;
    }
    env[i] = NULL;
    return env;
}

void crt_environ_init(void)
{
    char *block = GetEnvironmentStringsA();

    if (block) {
        _environ = narrow_from_block(block);
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
        _wenviron = wide_from_block(block);
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

/* Index of NAME in env, or -(count + 1). */
static int find_narrow(char **env, const char *name, size_t len)
{
    int i;

    for (i = 0; env[i]; i++)
        if (!_strnicmp(env[i], name, len) && env[i][len] == '=')
            return i;
    return -(i + 1);
}

static int find_wide(crt_wchar **env, const crt_wchar *name, size_t len)
{
    int i;

    for (i = 0; env[i]; i++)
        if (!_wcsnicmp(env[i], name, len) && env[i][len] == '=')
            return i;
    return -(i + 1);
}

char *__cdecl getenv(const char *name)
{
    size_t len;
    int i;
    char *r = NULL;

    if (!name)
        return NULL;
    len = strlen(name);
    if (!len || strchr(name, '='))
        return NULL;
    _lock(CRT_LOCK_ENV);
    if (_environ && (i = find_narrow(_environ, name, len)) >= 0)
        r = _environ[i] + len + 1;
    _unlock(CRT_LOCK_ENV);
    return r;
}

crt_wchar *__cdecl _wgetenv(const crt_wchar *name)
{
    size_t len;
    int i;
    crt_wchar *r = NULL;

    if (!name)
        return NULL;
    len = wcslen(name);
    if (!len || wcschr(name, '='))
        return NULL;
    _lock(CRT_LOCK_ENV);
    wenviron_init();
    if (_wenviron && (i = find_wide(_wenviron, name, len)) >= 0)
        r = _wenviron[i] + len + 1;
    _unlock(CRT_LOCK_ENV);
    return r;
}

static int in_initenv(const char *p)
{
    char **e;

    for (e = __initenv; e && *e; e++)
        if (*e == p)
            return 1;
    return 0;
}

static int in_winitenv(const crt_wchar *p)
{
    crt_wchar **e;

    for (e = __winitenv; e && *e; e++)
        if (*e == p)
            return 1;
    return 0;
}

/* Sets or (with an empty value) removes one entry of *envp, taking
 * ownership of `entry`; copies the array when it is still __initenv's. */
static int update_narrow(char ***envp, char *entry, size_t namelen, int remove)
{
    char **env = *envp;
    int i = find_narrow(env, entry, namelen), n;

    if (env == __initenv) {
        for (n = 0; env[n]; n++)
            ;
        env = malloc((n + 1) * sizeof(char *));
        if (!env)
            return -1;
        memcpy(env, *envp, (n + 1) * sizeof(char *));
        *envp = env;
    }
    if (i >= 0) {
        char *old = env[i];
        if (remove) {
            for (; env[i]; i++)
                env[i] = env[i + 1];
            free(entry);
        } else {
            env[i] = entry;
        }
        /* main's envp may still show the start-up strings. */
        if (!in_initenv(old))
            free(old);
        return 0;
    }
    if (remove) {
        free(entry);
        return 0;
    }
    n = -i - 1;
    env = realloc(env, (n + 2) * sizeof(char *));
    if (!env)
        return -1;
    env[n] = entry;
    env[n + 1] = NULL;
    *envp = env;
    return 0;
}

static int update_wide(crt_wchar ***envp, crt_wchar *entry, size_t namelen, int remove)
{
    crt_wchar **env = *envp;
    int i = find_wide(env, entry, namelen), n;

    if (env == __winitenv) {
        for (n = 0; env[n]; n++)
            ;
        env = malloc((n + 1) * sizeof(crt_wchar *));
        if (!env)
            return -1;
        memcpy(env, *envp, (n + 1) * sizeof(crt_wchar *));
        *envp = env;
    }
    if (i >= 0) {
        crt_wchar *old = env[i];
        if (remove) {
            for (; env[i]; i++)
                env[i] = env[i + 1];
            free(entry);
        } else {
            env[i] = entry;
        }
        if (!in_winitenv(old))
            free(old);
        return 0;
    }
    if (remove) {
        free(entry);
        return 0;
    }
    n = -i - 1;
    env = realloc(env, (n + 2) * sizeof(crt_wchar *));
    if (!env)
        return -1;
    env[n] = entry;
    env[n + 1] = NULL;
    *envp = env;
    return 0;
}

/* Both arrays and the process environment, from a narrow entry. */
static int putenv_narrow(const char *s)
{
    const char *eq = s ? strchr(s, '=') : NULL;
    size_t namelen;
    char *name, *entry;
    int remove, r = -1;

    if (!eq || eq == s) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    namelen = (size_t)(eq - s);
    remove = !eq[1];
    name = malloc(namelen + 1);
    entry = _strdup(s);
    if (!name || !entry)
        goto out;
    memcpy(name, s, namelen);
    name[namelen] = 0;
    _lock(CRT_LOCK_ENV);
    if (update_narrow(&_environ, entry, namelen, remove) == 0) {
        entry = NULL;
        r = 0;
        if (_wenviron) {
            size_t wn = mbstowcs(NULL, s, 0);
            crt_wchar *w = wn != (size_t)-1 ? malloc((wn + 1) * sizeof(crt_wchar)) : NULL;
            if (w) {
                mbstowcs(w, s, wn + 1);
                update_wide(&_wenviron, w, wcschr(w, '=') - w, remove);
            }
        }
        if (!SetEnvironmentVariableA(name, remove ? NULL : eq + 1)) {
            crt_dosmaperr(GetLastError());
            r = -1;
        }
    }
    _unlock(CRT_LOCK_ENV);
out:
    free(name);
    free(entry);
    return r;
}

int __cdecl _putenv(const char *s)
{
    return putenv_narrow(s);
}

int __cdecl _wputenv(const crt_wchar *s)
{
    const crt_wchar *eq = s ? wcschr(s, '=') : NULL;
    size_t namelen;
    crt_wchar *name, *entry;
    int remove, r = -1;

    if (!eq || eq == s) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    namelen = (size_t)(eq - s);
    remove = !eq[1];
    name = malloc((namelen + 1) * sizeof(crt_wchar));
    entry = _wcsdup(s);
    if (!name || !entry)
        goto out;
    memcpy(name, s, namelen * sizeof(crt_wchar));
    name[namelen] = 0;
    _lock(CRT_LOCK_ENV);
    wenviron_init();
    if (update_wide(&_wenviron, entry, namelen, remove) == 0) {
        size_t n = wcstombs(NULL, s, 0);
        char *a = n != (size_t)-1 ? malloc(n + 1) : NULL;
        entry = NULL;
        r = 0;
        if (a) {
            wcstombs(a, s, n + 1);
            update_narrow(&_environ, a, strchr(a, '=') - a, remove);
        }
        if (!SetEnvironmentVariableW(name, remove ? NULL : eq + 1)) {
            crt_dosmaperr(GetLastError());
            r = -1;
        }
    }
    _unlock(CRT_LOCK_ENV);
out:
    free(name);
    free(entry);
    return r;
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
    r = putenv_narrow(s);
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
