/* The keys opened through HKEY_CLASSES_ROOT's merged view: each handle's
 * path below the Classes roots, so that opens, creates and enumerations
 * relative to it merge HKCU\Software\Classes over HKLM\Software\Classes
 * at every level, as Windows does. RegCloseKey forgets a handle; a stale
 * entry (a handle closed some other way) is replaced when its value is
 * reused by another merged open. */
#include "advapi32_private.h"

struct merged_key {
    HKEY key;
    REGSAM view;   /* the KEY_WOW64_* flags it was opened with */
    WCHAR *path;
};

static SRWLOCK lock = SRWLOCK_INIT;
static struct merged_key *keys;
static DWORD nkeys, cap;

static struct merged_key *find(HKEY key)
{
    for (DWORD i = 0; i < nkeys; i++)
        if (keys[i].key == key)
            return &keys[i];
    return NULL;
}

static WCHAR *dup_join(const WCHAR *a, const WCHAR *b)
{
    size_t la = a ? wcslen(a) : 0, lb = b ? wcslen(b) : 0;
    WCHAR *p = adv_alloc((la + lb + 2) * sizeof(WCHAR));

    if (!p)
        return NULL;
    memcpy(p, a, la * sizeof(WCHAR));
    if (la && lb)
        p[la++] = '\\';
    memcpy(p + la, b, lb * sizeof(WCHAR));
    p[la + lb] = 0;
    return p;
}

BOOL classes_path(HKEY hkey, const WCHAR *subkey, WCHAR **path, REGSAM *view, LONG *err)
{
    struct merged_key *m;

    *err = ERROR_SUCCESS;
    *path = NULL;
    if (reg_is_classes_root(hkey)) {
        *view = 0;
        *path = dup_join(NULL, subkey);
    } else {
        if (!nkeys)
            return FALSE;
        AcquireSRWLockShared(&lock);
        if ((m = find(hkey))) {
            *view = m->view;
            *path = dup_join(m->path, subkey);
        }
        ReleaseSRWLockShared(&lock);
        if (!m)
            return FALSE;
    }
    if (!*path)
        *err = ERROR_NOT_ENOUGH_MEMORY;
    return TRUE;
}

void classes_record(HKEY key, WCHAR *path, REGSAM view)
{
    struct merged_key *m;
    WCHAR *old = NULL;

    AcquireSRWLockExclusive(&lock);
    if (!(m = find(key))) {
        if (nkeys == cap) {
            DWORD n = cap ? cap * 2 : 16;
            struct merged_key *t = adv_alloc(n * sizeof *t);

            if (!t) {
                /* Out of memory: the handle works, without the merge below it. */
                ReleaseSRWLockExclusive(&lock);
                adv_free(path);
                return;
            }
            if (keys)
                memcpy(t, keys, nkeys * sizeof *t);
            adv_free(keys);
            keys = t;
            cap = n;
        }
        m = &keys[nkeys++];
    } else {
        old = m->path;
    }
    m->key = key;
    m->path = path;
    m->view = view & (KEY_WOW64_64KEY | KEY_WOW64_32KEY);
    ReleaseSRWLockExclusive(&lock);
    adv_free(old);
}

void classes_forget(HKEY key)
{
    struct merged_key *m;
    WCHAR *old = NULL;

    if (!nkeys)
        return;
    AcquireSRWLockExclusive(&lock);
    if ((m = find(key))) {
        old = m->path;
        *m = keys[--nkeys];
    }
    ReleaseSRWLockExclusive(&lock);
    adv_free(old);
}
