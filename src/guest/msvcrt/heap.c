/* malloc and friends on the process heap, as msvcrt.dll does since Vista:
 * malloc(0) gives a unique block, failures set ENOMEM, _set_new_mode(1)
 * makes malloc call the new handler and retry. _aligned_* keep the raw
 * block pointer just below the aligned one. */
#include "crtio.h"

HANDLE crt_heap;

typedef int(__cdecl *new_handler_fn)(size_t);
static new_handler_fn new_handler;
static int new_mode;

void *crt_alloc(size_t n)
{
    return HeapAlloc(crt_heap, 0, n ? n : 1);
}

void crt_free(void *p)
{
    if (p)
        HeapFree(crt_heap, 0, p);
}

int __cdecl _callnewh(size_t n)
{
    return new_handler && new_handler(n);
}

void *__cdecl malloc(size_t n)
{
    void *p;

    do {
        p = HeapAlloc(crt_heap, 0, n ? n : 1);
        if (p)
            return p;
    } while (new_mode && _callnewh(n));
    crt_errno = CRT_ENOMEM;
    return NULL;
}

void __cdecl free(void *p)
{
    if (p)
        HeapFree(crt_heap, 0, p);
}

void *__cdecl calloc(size_t n, size_t size)
{
    size_t total;
    void *p;

    if (size && n > (size_t)-1 / size) {
        crt_errno = CRT_ENOMEM;
        return NULL;
    }
    total = n * size;
    p = HeapAlloc(crt_heap, HEAP_ZERO_MEMORY, total ? total : 1);
    if (!p)
        crt_errno = CRT_ENOMEM;
    return p;
}

void *__cdecl realloc(void *p, size_t n)
{
    void *q;

    if (!p)
        return malloc(n);
    if (!n) {
        free(p);
        return NULL;
    }
    q = HeapReAlloc(crt_heap, 0, p, n);
    if (!q)
        crt_errno = CRT_ENOMEM;
    return q;
}

void *__cdecl _expand(void *p, size_t n)
{
    void *q = HeapReAlloc(crt_heap, HEAP_REALLOC_IN_PLACE_ONLY, p, n ? n : 1);

    if (!q)
        crt_errno = CRT_ENOMEM;
    return q;
}

size_t __cdecl _msize(void *p)
{
    SIZE_T n = HeapSize(crt_heap, 0, p);

    if (n == (SIZE_T)-1)
        crt_errno = CRT_EINVAL;
    return n;
}

void *__cdecl _recalloc(void *p, size_t n, size_t size)
{
    size_t old = p ? _msize(p) : 0, total;
    char *q;

    if (size && n > (size_t)-1 / size) {
        crt_errno = CRT_ENOMEM;
        return NULL;
    }
    total = n * size;
    q = realloc(p, total);
    if (q && total > old)
        memset(q + old, 0, total - old);
    return q;
}

HANDLE __cdecl _get_heap_handle(void)
{
    return crt_heap;
}

int __cdecl _heapchk(void)
{
    return -2;      /* _HEAPOK */
}

int __cdecl _heapmin(void)
{
    return 0;
}

int __cdecl _set_new_mode(int mode)
{
    int old = new_mode;

    new_mode = mode;
    return old;
}

int __cdecl _query_new_mode(void)
{
    return new_mode;
}

new_handler_fn __cdecl _set_new_handler(new_handler_fn f)
{
    new_handler_fn old = new_handler;

    new_handler = f;
    return old;
}

new_handler_fn __cdecl _query_new_handler(void)
{
    return new_handler;
}

/* operator new/delete as exported by msvcrt (??2@YAPAXI@Z, ??3@YAXPAX@Z):
 * new calls the new handler until it gives up, then returns NULL. */
void *__cdecl crt_operator_new(size_t n)
{
    void *p;

    do {
        p = HeapAlloc(crt_heap, 0, n ? n : 1);
        if (p)
            return p;
    } while (_callnewh(n));
    return NULL;
}

void __cdecl crt_operator_delete(void *p)
{
    free(p);
}

void *__cdecl _aligned_offset_malloc(size_t size, size_t align, size_t offset)
{
    char *raw, *p;

    if (!align || (align & (align - 1)) || (size && offset >= size)) {
        crt_errno = CRT_EINVAL;
        return NULL;
    }
    if (align < sizeof(void *))
        align = sizeof(void *);
    /* Room for the raw pointer, stored at the pointer-aligned address
     * below p, whatever the offset. */
    raw = malloc(size + align + 2 * sizeof(void *));
    if (!raw)
        return NULL;
    p = (char *)((((uintptr_t)raw + 2 * sizeof(void *) + offset + align - 1) &
                  ~(uintptr_t)(align - 1)) - offset);
    ((void **)((uintptr_t)p & ~(uintptr_t)(sizeof(void *) - 1)))[-1] = raw;
    return p;
}

void *__cdecl _aligned_malloc(size_t size, size_t align)
{
    return _aligned_offset_malloc(size, align, 0);
}

void __cdecl _aligned_free(void *p)
{
    if (p)
        free(((void **)((uintptr_t)p & ~(uintptr_t)(sizeof(void *) - 1)))[-1]);
}

void *__cdecl _aligned_offset_realloc(void *p, size_t size, size_t align, size_t offset)
{
    void *q, *raw;
    size_t old;

    if (!p)
        return _aligned_offset_malloc(size, align, offset);
    if (!size) {
        _aligned_free(p);
        return NULL;
    }
    raw = ((void **)((uintptr_t)p & ~(uintptr_t)(sizeof(void *) - 1)))[-1];
    old = _msize(raw) - ((char *)p - (char *)raw);
    q = _aligned_offset_malloc(size, align, offset);
    if (!q)
        return NULL;
    memcpy(q, p, old < size ? old : size);
    _aligned_free(p);
    return q;
}

void *__cdecl _aligned_realloc(void *p, size_t size, size_t align)
{
    return _aligned_offset_realloc(p, size, align, 0);
}

char *__cdecl _strdup(const char *s)
{
    size_t n;
    char *p;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

crt_wchar *__cdecl _wcsdup(const crt_wchar *s)
{
    size_t n;
    crt_wchar *p;

    if (!s)
        return NULL;
    n = (wcslen(s) + 1) * sizeof(crt_wchar);
    p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}
