/* The x86 C++ frame handler, __CxxFrameHandler (and its aliases
 * __CxxFrameHandler2/3): catch blocks and destructor unwinding of
 * MSVC-compiled C++ functions.
 *
 * Each such function registers { Next, Handler } at [ebp-0Ch], keeps its
 * unwind state at [ebp-4] and its ESP after the prologue at [ebp-10h]; its
 * handler is a stub "mov eax, FuncInfo; jmp __CxxFrameHandler3". FuncInfo
 * (magic 0x19930520..22) holds the unwind map ({ toState, action } per
 * state: the destructor funclet to run when leaving it) and the try-block
 * map ({ tryLow, tryHigh, catchHigh, handlers }); a handler names the
 * caught type (a TypeDescriptor; none for catch(...)), where the catch
 * object lives (an offset from EBP) and the catch funclet, which returns
 * the address to continue at. A thrown object comes with its ThrowInfo:
 * the destructor and the array of types it can be caught as, each with its
 * size, this-displacement and copy constructor (the layout Microsoft's
 * ehdata.h describes and Wine documents).
 *
 * On a C++ exception (0xE06D7363) the handler finds the first try block
 * around the current state with a matching catch, unwinds the frames
 * above (their destructors run), copies the object into the catch
 * variable, runs this frame's destructors down to the try block, calls
 * the catch funclet with the frame's EBP, destroys the thrown object and
 * continues at the returned address with the frame's ESP. During an
 * unwind it runs the frame's destructors down to state -1.
 *
 * "throw;" raises with a NULL ThrowInfo: the exception being caught (the
 * innermost catch block running on this thread, kept in a per-thread list
 * of records on the handlers' stacks) is thrown again, and only the catch
 * that finally completes destroys the object. SEH exceptions are caught by
 * catch(...) only in functions not compiled with /EHs.
 *
 * Not handled (FIXME): exception specifications, virtual-base
 * displacements. */
#include "crtio.h"

#if defined(__i386__) && !defined(CRT_HOST_TEST)

#define EXCEPTION_UNWIND 0x6
#define EXC_CONTINUE_SEARCH 1
#define CXX_EXCEPTION 0xe06d7363u
#define CXX_MAGIC_1 0x19930520u
#define CXX_MAGIC_3 0x19930522u

#define CT_IS_SIMPLE 0x1
#define CT_BY_REFERENCE_ONLY 0x2
#define CT_HAS_VIRTUAL_BASE 0x4
#define HT_IS_REFERENCE 0x8
#define FI_EHS 0x1

struct type_descriptor {
    const void *vftable;
    void *spare;
    char name[1];
};

struct catchable_type {
    unsigned properties;
    const struct type_descriptor *type;
    int mdisp, pdisp, vdisp;
    int size;
    void *copy_ctor;
};

struct catchable_array {
    int count;
    const struct catchable_type *types[1];
};

struct throw_info {
    unsigned attributes;
    void *destructor;
    void *forward_compat;
    const struct catchable_array *catchable;
};

struct handler {
    unsigned adjectives;
    const struct type_descriptor *type;
    int catch_obj;
    void *code;
};

struct try_block {
    int low, high, catch_high, ncatches;
    const struct handler *catches;
};

struct unwind_entry {
    int to_state;
    void *action;
};

struct func_info {
    unsigned magic;
    int max_state;
    const struct unwind_entry *unwind;
    unsigned ntry;
    const struct try_block *tries;
    unsigned nip;
    void *ipmap;
    void *es_types;
    int flags;
};

struct cxx_frame {      /* the registration record at [ebp-0Ch] */
    struct cxx_frame *next;
    void *handler;
    int state;          /* [ebp-4] */
};

int crt_eh_call(void *code, void *ebp);

/* The exceptions whose catch blocks are running on this thread, innermost
 * first. Each record lives in the handler call running that catch block;
 * a catch left by a rethrow caught further out abandons its record below
 * the stack pointer, so records below the caller's stack are dropped. */
struct caught {
    struct caught *prev;
    char *object;
    const void *ti;
};

static DWORD caught_tls = 0xffffffff;

static DWORD caught_index(void)
{
    if (caught_tls == 0xffffffff) {
        DWORD n = TlsAlloc();
        if (__sync_val_compare_and_swap(&caught_tls, 0xffffffff, n) != 0xffffffff)
            TlsFree(n);
    }
    return caught_tls;
}

/* The innermost live record above `here` (an address in the caller's frame). */
static struct caught *caught_top(void *here)
{
    struct caught *c = TlsGetValue(caught_index());

    while (c && (char *)c < (char *)here)
        c = c->prev;
    return c;
}
void __cdecl _global_unwind2(void *frame);

typedef void(__attribute__((thiscall)) * copy_fn)(void *self, void *from);
typedef void(__attribute__((thiscall)) * copy_vb_fn)(void *self, void *from, int most_derived);
typedef void(__attribute__((thiscall)) * dtor_fn)(void *self);

/* Continues at `code` with the frame's EBP and ESP; never returns. */
void crt_eh_continue(void *code, void *ebp, void *esp) __attribute__((noreturn));
__asm__(".text\n.globl _crt_eh_continue\n_crt_eh_continue:\n\t"
        "movl 4(%esp), %eax\n\t"
        "movl 8(%esp), %ebp\n\t"
        "movl 12(%esp), %esp\n\t"
        "jmp *%eax\n");

static char *cxx_ebp(struct cxx_frame *frame)
{
    return (char *)frame + 12;
}

/* Runs the destructor funclets from the frame's state down to `target`. */
static void unwind_to_state(struct cxx_frame *frame, const struct func_info *fi, int target)
{
    int state = frame->state;

    while (state != target && state >= 0 && state < fi->max_state) {
        const struct unwind_entry *e = &fi->unwind[state];
        state = e->to_state;
        frame->state = state;
        if (e->action)
            crt_eh_call(e->action, cxx_ebp(frame));
    }
    frame->state = target;
}

static int same_type(const struct type_descriptor *a, const struct type_descriptor *b)
{
    return a == b || !strcmp(a->name, b->name);
}

/* The catchable type of the thrown object that `h` catches, or NULL;
 * *all is set for catch(...). */
static const struct catchable_type *match(const struct handler *h, const struct throw_info *ti,
                                          int *all)
{
    int i;

    *all = !h->type || !h->type->name[0];
    if (*all || !ti)
        return NULL;
    for (i = 0; i < ti->catchable->count; i++) {
        const struct catchable_type *ct = ti->catchable->types[i];
        if (!same_type(ct->type, h->type))
            continue;
        if ((ct->properties & CT_BY_REFERENCE_ONLY) && !(h->adjectives & HT_IS_REFERENCE))
            continue;
        return ct;
    }
    return NULL;
}

/* Initialises the catch variable from the thrown object. */
static void build_catch_object(char *ebp, const struct handler *h,
                               const struct catchable_type *ct, char *object)
{
    char *dest = ebp + h->catch_obj;
    char *adjusted = object + ct->mdisp;

    if (!h->catch_obj)
        return;
    if (ct->pdisp >= 0 || (ct->properties & CT_HAS_VIRTUAL_BASE))
        CRT_FIXME("__CxxFrameHandler(virtual base classes)");
    if (h->adjectives & HT_IS_REFERENCE)
        *(void **)dest = adjusted;
    else if (ct->properties & CT_IS_SIMPLE)
        memcpy(dest, object, (size_t)ct->size);
    else if (!ct->copy_ctor)
        memcpy(dest, adjusted, (size_t)ct->size);
    else if (ct->properties & CT_HAS_VIRTUAL_BASE)
        ((copy_vb_fn)ct->copy_ctor)(dest, adjusted, 1);
    else
        ((copy_fn)ct->copy_ctor)(dest, adjusted);
}

static int cxx_handler(EXCEPTION_RECORD *rec, struct cxx_frame *frame, void *ctx,
                       void *dispatcher, const struct func_info *fi)
{
    unsigned magic = fi->magic & 0x1fffffff;
    const struct throw_info *ti = NULL;
    char *object = NULL;
    int is_cxx, state;
    unsigned t;

    if (magic < CXX_MAGIC_1 || magic > CXX_MAGIC_3)
        return EXC_CONTINUE_SEARCH;
    if (rec->ExceptionFlags & EXCEPTION_UNWIND) {
        if (fi->max_state && frame->state >= 0)
            unwind_to_state(frame, fi, -1);
        return EXC_CONTINUE_SEARCH;
    }
    is_cxx = rec->ExceptionCode == CXX_EXCEPTION && rec->NumberParameters == 3 &&
             rec->ExceptionInformation[0] >= CXX_MAGIC_1 &&
             rec->ExceptionInformation[0] <= CXX_MAGIC_3;
    if (is_cxx) {
        object = (char *)rec->ExceptionInformation[1];
        ti = (const struct throw_info *)rec->ExceptionInformation[2];
        if (!ti) {
            /* throw; rethrows the exception of the running catch block */
            struct caught *c = caught_top(&state);
            if (!c)
                return EXC_CONTINUE_SEARCH;     /* nothing to rethrow: terminate */
            object = c->object;
            ti = c->ti;
        }
    } else if (magic >= CXX_MAGIC_3 && (fi->flags & FI_EHS)) {
        return EXC_CONTINUE_SEARCH;     /* /EHs: catch(...) takes no SEH exception */
    }
    state = frame->state;
    for (t = 0; t < fi->ntry; t++) {
        const struct try_block *tb = &fi->tries[t];
        int i;
        if (state < tb->low || state > tb->high)
            continue;
        for (i = 0; i < tb->ncatches; i++) {
            const struct handler *h = &tb->catches[i];
            const struct catchable_type *ct;
            char *ebp = cxx_ebp(frame);
            struct caught me;
            void *cont;
            int all;

            ct = is_cxx ? match(h, ti, &all) : NULL;
            if (!is_cxx)
                all = !h->type || !h->type->name[0];
            if (!ct && !all)
                continue;
            _global_unwind2(frame);
            if (ct)
                build_catch_object(ebp, h, ct, object);
            unwind_to_state(frame, fi, tb->low);
            frame->state = tb->high + 1;
            me.prev = caught_top(&me);
            me.object = object;
            me.ti = ti;
            TlsSetValue(caught_index(), &me);
            cont = (void *)crt_eh_call(h->code, ebp);
            TlsSetValue(caught_index(), me.prev);
            if (is_cxx && ti && ti->destructor && object)
                ((dtor_fn)ti->destructor)(object);
            crt_eh_continue(cont, ebp, ((void **)frame)[-1]);
        }
    }
    return EXC_CONTINUE_SEARCH;
}

/* __CxxFrameHandler: FuncInfo in EAX, the usual handler arguments on the
 * stack. */
int __cdecl __CxxFrameHandler(EXCEPTION_RECORD *rec, void *frame, void *ctx, void *dispatch);
__asm__(".text\n.globl ___CxxFrameHandler\n___CxxFrameHandler:\n\t"
        "pushl %eax\n\t"
        "pushl 20(%esp)\n\t"
        "pushl 20(%esp)\n\t"
        "pushl 20(%esp)\n\t"
        "pushl 20(%esp)\n\t"
        "cld\n\t"
        "call _cxx_handler_entry\n\t"
        "addl $20, %esp\n\t"
        "ret\n");

int __cdecl cxx_handler_entry(EXCEPTION_RECORD *rec, struct cxx_frame *frame, void *ctx,
                              void *dispatcher, const struct func_info *fi)
{
    return cxx_handler(rec, frame, ctx, dispatcher, fi);
}

#endif
