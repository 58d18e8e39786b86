/* vcruntime140's C++ support helpers: std::exception's what-string copy
 * and destroy, type_info's compare, hash and name, __std_terminate,
 * _purecall and its handler, and the per-thread current exception that
 * std::current_exception and the C++ frame handler share.
 *
 * The C++ frame handler itself (__CxxFrameHandler3, catch blocks and
 * destructor unwinding) is the FIXME of eh.c: C++ exceptions are raised
 * (_CxxThrowException) but not caught. */
#include "vcruntime.h"

void __cdecl terminate(void);

/* __std_exception_data: { const char *_What; bool _DoFree; } */
struct std_exception_data {
    const char *what;
    unsigned char do_free;
};

void __cdecl __std_exception_copy(const struct std_exception_data *from,
                                  struct std_exception_data *to)
{
    to->what = from->what;
    to->do_free = 0;
    if (from->do_free && from->what) {
        char *copy = malloc(strlen(from->what) + 1);
        if (copy) {
            strcpy(copy, from->what);
            to->what = copy;
            to->do_free = 1;
        }
    }
}

void __cdecl __std_exception_destroy(struct std_exception_data *data)
{
    if (data->do_free)
        free((void *)data->what);
    data->what = NULL;
    data->do_free = 0;
}

void __cdecl __std_terminate(void)
{
    terminate();
}

/* __std_type_info_data: { const char *_UndecoratedName; char _DecoratedName[]; }
 * The decorated name starts with '.' (".?AVfoo@@"). */
struct type_info_data {
    const char *undecorated;
    char decorated[1];
};

int __cdecl __std_type_info_compare(const struct type_info_data *a,
                                    const struct type_info_data *b)
{
    if (a == b)
        return 0;
    return strcmp(a->decorated + 1, b->decorated + 1);
}

/* FNV-1a over the decorated name, as Microsoft's type_info::hash_code. */
size_t __cdecl __std_type_info_hash(const struct type_info_data *data)
{
    const unsigned char *p = (const unsigned char *)data->decorated + 1;
    uint32_t h = 2166136261u;

    for (; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The readable name needs the C++ name undecorator (__unDName), which we
 * lack: the decorated name is returned instead, and logged. */
const char *__cdecl __std_type_info_name(struct type_info_data *data, void *root)
{
    const char *name = data->undecorated;

    if (!name) {
        char *copy;
        CRT_FIXME("__std_type_info_name(undecoration)");
        copy = malloc(strlen(data->decorated) + 1);
        if (!copy)
            return NULL;
        strcpy(copy, data->decorated + 1);
        name = __atomic_exchange_n(&data->undecorated, copy, __ATOMIC_SEQ_CST);
        if (name)
            free(copy);
        else
            name = copy;
    }
    return name;
}

/* Names from __std_type_info_name live until the process ends: our
 * copies are not linked into the root list, so there is nothing to free. */
void __cdecl __std_type_info_destroy_list(void *root)
{
}

typedef void(__cdecl *purecall_fn)(void);
static purecall_fn purecall_handler;

purecall_fn __cdecl _set_purecall_handler(purecall_fn f)
{
    return __atomic_exchange_n(&purecall_handler, f, __ATOMIC_SEQ_CST);
}

purecall_fn __cdecl _get_purecall_handler(void)
{
    return purecall_handler;
}

void __cdecl vc_purecall(void)
{
    purecall_fn f = purecall_handler;

    if (f)
        f();
    abort();
}

/* The exception being handled on this thread (record and context). */
struct vc_thread {
    EXCEPTION_RECORD *record;
    void *context;
};

static struct vc_thread *vc_thread(void)
{
    struct vc_thread *t = TlsGetValue(vc_tls_index);

    if (!t) {
        t = calloc(1, sizeof(*t));
        if (!t)
            abort();
        TlsSetValue(vc_tls_index, t);
    }
    return t;
}

EXCEPTION_RECORD **__cdecl __current_exception(void)
{
    return &vc_thread()->record;
}

void **__cdecl __current_exception_context(void)
{
    return &vc_thread()->context;
}
