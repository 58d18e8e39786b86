/* The environment code of environ.c, included once per character type (no
 * include guard). The includer defines:
 *   ENV_T            the character type (char or crt_wchar)
 *   ENV(name)        a helper's name: ENV(find) is find_narrow or find_wide
 *   ENV_LEN, ENV_CHR, ENV_DUP, ENV_NICMP
 *                    strlen, strchr, _strdup and _strnicmp for ENV_T
 *   ENV_ARRAY        the array this type's _putenv updates (_environ)
 *   ENV_INITENV      the array main's envp got (__initenv)
 *   ENV_PREPARE()    what to do before using ENV_ARRAY (build it on demand)
 *   ENV_SETVAR       SetEnvironmentVariableA or SetEnvironmentVariableW
 *   ENV_MIRROR(s, remove)
 *                    the call that updates the other type's array too */

/* The array of a block of "NAME=value" strings, without the "=C:" ones. */
static ENV_T **ENV(from_block)(const ENV_T *block)
{
    const ENV_T *p;
    size_t n = 0, i = 0;
    ENV_T **env;

    for (p = block; *p; p += ENV_LEN(p) + 1)
        if (*p != '=')
            n++;
    env = malloc((n + 1) * sizeof(ENV_T *));
    if (!env)
        return NULL;
    for (p = block; *p; p += ENV_LEN(p) + 1) {
        if (*p == '=')
            continue;
        if (!(env[i] = ENV_DUP(p)))
            break;
        i++;
    }
    env[i] = NULL;
    return env;
}

/* Index of NAME in env, or -(count + 1). */
static int ENV(find)(ENV_T **env, const ENV_T *name, size_t len)
{
    int i;

    for (i = 0; env[i]; i++)
        if (!ENV_NICMP(env[i], name, len) && env[i][len] == '=')
            return i;
    return -(i + 1);
}

/* The value of NAME, or NULL. */
static ENV_T *ENV(get)(const ENV_T *name)
{
    size_t len;
    int i;
    ENV_T *r = NULL;

    if (!name)
        return NULL;
    len = ENV_LEN(name);
    if (!len || ENV_CHR(name, '='))
        return NULL;
    _lock(CRT_LOCK_ENV);
    ENV_PREPARE();
    if (ENV_ARRAY && (i = ENV(find)(ENV_ARRAY, name, len)) >= 0)
        r = ENV_ARRAY[i] + len + 1;
    _unlock(CRT_LOCK_ENV);
    return r;
}

static int ENV(in_initenv)(const ENV_T *p)
{
    ENV_T **e;

    for (e = ENV_INITENV; e && *e; e++)
        if (*e == p)
            return 1;
    return 0;
}

/* Sets or (with an empty value) removes one entry of *envp, taking
 * ownership of `entry`; copies the array when it is still the start-up one. */
static int ENV(update)(ENV_T ***envp, ENV_T *entry, size_t namelen, int remove)
{
    ENV_T **env = *envp;
    int i = ENV(find)(env, entry, namelen), n;

    if (env == ENV_INITENV) {
        for (n = 0; env[n]; n++)
            ;
        env = malloc((n + 1) * sizeof(ENV_T *));
        if (!env)
            return -1;
        memcpy(env, *envp, (n + 1) * sizeof(ENV_T *));
        *envp = env;
    }
    if (i >= 0) {
        ENV_T *old = env[i];
        if (remove) {
            for (; env[i]; i++)
                env[i] = env[i + 1];
            free(entry);
        } else {
            env[i] = entry;
        }
        /* main's envp may still show the start-up strings. */
        if (!ENV(in_initenv)(old))
            free(old);
        return 0;
    }
    if (remove) {
        free(entry);
        return 0;
    }
    n = -i - 1;
    env = realloc(env, (n + 2) * sizeof(ENV_T *));
    if (!env)
        return -1;
    env[n] = entry;
    env[n + 1] = NULL;
    *envp = env;
    return 0;
}

/* Both arrays and the process environment, from one "NAME=value" entry. */
static int ENV(put)(const ENV_T *s)
{
    const ENV_T *eq = s ? ENV_CHR(s, '=') : NULL;
    size_t namelen;
    ENV_T *name, *entry;
    int remove, r = -1;

    if (!eq || eq == s) {
        crt_errno = CRT_EINVAL;
        return -1;
    }
    namelen = (size_t)(eq - s);
    remove = !eq[1];
    name = malloc((namelen + 1) * sizeof(ENV_T));
    entry = ENV_DUP(s);
    if (!name || !entry)
        goto out;
    memcpy(name, s, namelen * sizeof(ENV_T));
    name[namelen] = 0;
    _lock(CRT_LOCK_ENV);
    ENV_PREPARE();
    if (ENV(update)(&ENV_ARRAY, entry, namelen, remove) == 0) {
        entry = NULL;
        r = 0;
        ENV_MIRROR(s, remove);
        if (!ENV_SETVAR(name, remove ? NULL : eq + 1)) {
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
