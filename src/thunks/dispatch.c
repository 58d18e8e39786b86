/* The dispatcher: one path for every guest system call. Reads the
 * arguments off the 32-bit stack, widens them by the row's signature
 * letters, calls the host service through libffi with the cif prepared for
 * that row, writes in/out arguments back, and returns the NTSTATUS. */
#include "thunks.h"
#include "widen.h"

#include <ffi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cpu/cpu.h"
#include "../nt/log.h"

#define MAX_ARGS 16
#define SCRATCH_SIZE (256 * 1024)
/* Marks an IO_STATUS_BLOCK the service did not fill in. */
#define IOSB_UNTOUCHED ((NTSTATUS)0x7FFFFFFF)

struct prepared {
    ffi_cif cif;
    ffi_type *types[MAX_ARGS];
    unsigned nargs;
    /* Every argument travels in a register and needs no conversion
     * beyond widening, except at most one IO_STATUS_BLOCK (letters U L H
     * S P, one I, at most six): the fast path takes it. */
    bool direct;
    int8_t iosb; /* the index of the I argument, or -1 */
    uint8_t sext; /* bit i: argument i sign-extends (L, H) */
    bool warned;
};

static struct prepared *prepared;
bool thunks_trace;
/* The call in progress, for tracing a service that does not return. */
static __thread unsigned trace_num;
static __thread const uint32_t *trace_raw;

void thunks_trace_exit(void)
{
    if (thunks_trace && trace_raw)
        thunks_trace_call(trace_num, trace_raw, prepared[trace_num].nargs, 0, true);
}

static ffi_type *letter_type(char c)
{
    switch (c) {
    case 'U': return &ffi_type_uint32;
    case 'L': return &ffi_type_sint32;
    case 'S': return &ffi_type_uint64;
    default: return &ffi_type_pointer;
    }
}

static NTSTATUS dispatch(struct cpu_thread *t, unsigned num, uint32_t args32);
static uint32_t dispatch_entry(struct cpu_thread *t, unsigned num, uint32_t args32);

NTSTATUS thunks_dispatch(unsigned num, uint32_t args32)
{
    return dispatch(cpu_current(), num, args32);
}

/* Prepares one libffi cif per row, once. */
int thunks_init(void)
{
    if (prepared)
        return 0;
    prepared = calloc(syscall_count, sizeof *prepared);
    if (!prepared)
        return -1;
    for (unsigned i = 0; i < syscall_count; i++) {
        struct prepared *p = &prepared[i];
        const char *sig = syscall_rows[i].sig;

        p->nargs = (unsigned)strlen(sig);
        if (p->nargs > MAX_ARGS)
            return -1;
        p->iosb = strchr(sig, 'I') ? (int8_t)(strchr(sig, 'I') - sig) : -1;
        p->direct = p->nargs <= 6 && strspn(sig, "ULHSPI") == p->nargs &&
                    (p->iosb < 0 || !strchr(sig + p->iosb + 1, 'I'));
        for (unsigned a = 0; a < p->nargs; a++) {
            p->types[a] = letter_type(sig[a]);
            if (a < 8 && thunks_widen(sig[a], 0x80000000u) >> 32)
                p->sext |= (uint8_t)(1u << a);
        }
        if (ffi_prep_cif(&p->cif, FFI_DEFAULT_ABI, p->nargs, &ffi_type_sint32, p->types) != FFI_OK)
            return -1;
    }
    const char *dbg = getenv("WOW64_DEBUG");
    if (dbg && strstr(dbg, "syscall"))
        thunks_trace = true;
    cpu_set_syscall_handler(dispatch_entry);
    return 0;
}

void *thunks_scratch(size_t n)
{
    struct cpu_thread *t = cpu_current();
    void *p;

    n = (n + 15) & ~(size_t)15;
    if (!t->scratch) {
        if (!(t->scratch = malloc(SCRATCH_SIZE)))
            return NULL;
        t->scratch_size = SCRATCH_SIZE;
    }
    if (n > t->scratch_size - t->scratch_used)
        return NULL;
    p = (char *)t->scratch + t->scratch_used;
    t->scratch_used += n;
    return p;
}

/* Host-side temporaries for the arguments that need one. */
union arg_tmp {
    HANDLE handle;
    uint64_t wide;
    IO_STATUS_BLOCK iosb;
    CLIENT_ID cid;
    UNICODE_STRING us;
    STRING as;
    struct {
        OBJECT_ATTRIBUTES attr;
        UNICODE_STRING name;
    } oa;
};

static bool convert_in(char c, uint32_t raw, union arg_tmp *tmp, uint64_t *slot)
{
    uint32_t v32;
    CLIENT_ID32 cid;

    *slot = thunks_widen(c, raw);
    switch (c) {
    case 'U': case 'L': case 'H': case 'S': case 'P':
        return true;
    }
    if (!raw) /* NULL stays NULL; the service decides whether that is legal. */
        return true;
    switch (c) {
    case 'h':
        tmp->handle = NULL;
        /* Probed now, as Windows probes an output handle before the
         * service runs: an unwritable one must fail the call before a
         * handle exists that the guest could never close. */
        if (!guest_read(&v32, (void *)(uintptr_t)raw, 4) || !guest_write((void *)(uintptr_t)raw, &v32, 4))
            return false;
        break;
    case 's':
    case 'v':
        if (!guest_read(&v32, (void *)(uintptr_t)raw, 4))
            return false;
        tmp->wide = v32;
        break;
    case 'I':
        memset(&tmp->iosb, 0, sizeof tmp->iosb);
        tmp->iosb.Status = IOSB_UNTOUCHED;
        break;
    case 'C':
        if (!guest_read(&cid, (void *)(uintptr_t)raw, sizeof cid))
            return false;
        tmp->cid.UniqueProcess = (HANDLE)(uintptr_t)cid.UniqueProcess;
        tmp->cid.UniqueThread = (HANDLE)(uintptr_t)cid.UniqueThread;
        break;
    case 'N':
        if (!widen_unicode_string(raw, &tmp->us))
            return false;
        break;
    case 'A':
        if (!widen_ansi_string(raw, &tmp->as))
            return false;
        break;
    case 'O':
        if (!widen_object_attributes(raw, &tmp->oa.attr, &tmp->oa.name))
            return false;
        break;
    }
    *slot = (uint64_t)(uintptr_t)tmp;
    return true;
}

/* Writes a host IO_STATUS_BLOCK back to the guest's 32-bit one, unless
 * the service left it alone. */
static bool iosb_out(uint32_t raw, const IO_STATUS_BLOCK *iosb)
{
    IO_STATUS_BLOCK32 b;

    if (iosb->Status == IOSB_UNTOUCHED)
        return true;
    b.Status = iosb->Status;
    b.Information = thunks_narrow(iosb->Information);
    return guest_write((void *)(uintptr_t)raw, &b, sizeof b);
}

static bool convert_out(char c, uint32_t raw, const union arg_tmp *tmp)
{
    void *g = (void *)(uintptr_t)raw;
    uint32_t v32;

    if (!raw)
        return true;
    switch (c) {
    case 'h':
        if (!tmp->handle)
            return true;
        v32 = (uint32_t)(uintptr_t)tmp->handle;
        return guest_write(g, &v32, 4);
    case 's':
    case 'v':
        v32 = thunks_narrow(tmp->wide);
        return guest_write(g, &v32, 4);
    case 'I':
        return iosb_out(raw, &tmp->iosb);
    case 'C':
        {
            CLIENT_ID32 cid = { (uint32_t)(uintptr_t)tmp->cid.UniqueProcess,
                                (uint32_t)(uintptr_t)tmp->cid.UniqueThread };
            return guest_write(g, &cid, sizeof cid);
        }
    }
    return true;
}

/* Calls a service whose arguments all travel in registers. Every letter
 * is INTEGER class in the SysV ABI, where a 64-bit register slot carries
 * any narrower integer or pointer parameter, so the widened slots can be
 * passed as they are. Rows with stack arguments go through libffi. */
typedef NTSTATUS (*fn6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static NTSTATUS dispatch(struct cpu_thread *t, unsigned num, uint32_t args32)
{
    const struct syscall_row *row;
    struct prepared *p;
    uint32_t raw[MAX_ARGS];
    uint64_t slots[MAX_ARGS];
    void *values[MAX_ARGS];
    union arg_tmp tmp[MAX_ARGS];
    size_t mark = t->scratch_used;
    ffi_arg ret;
    NTSTATUS status;

    if (num >= syscall_count) {
        if (thunks_trace)
            log_printf("syscall %#x: invalid service number -> 0xC000001C\n", num);
        return STATUS_INVALID_SYSTEM_SERVICE;
    }
    row = &syscall_rows[num];
    p = &prepared[num];
    if (!guest_read(raw, (void *)(uintptr_t)args32, 4 * p->nargs)) {
        memset(raw, 0, sizeof raw);
        status = STATUS_ACCESS_VIOLATION;
        goto done;
    }
    if (!row->fn) {
        if (!p->warned) {
            p->warned = true;
            log_fixme("ntdll", row->name, "service not implemented");
        }
        status = STATUS_NOT_IMPLEMENTED;
        goto done;
    }
    for (unsigned a = 0; a < p->nargs; a++) {
        if (!convert_in(row->sig[a], raw[a], &tmp[a], &slots[a])) {
            status = STATUS_ACCESS_VIOLATION;
            goto done;
        }
        values[a] = &slots[a];
    }
    if (thunks_trace) {
        trace_num = num;
        trace_raw = raw;
    }
    if (p->nargs <= 6) {
        for (unsigned a = p->nargs; a < 6; a++)
            slots[a] = 0;
        status = ((fn6)(void *)row->fn)(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5]);
    } else {
        ffi_call(&p->cif, FFI_FN(row->fn), &ret, values);
        status = (NTSTATUS)ret;
    }
    trace_raw = NULL;
    for (unsigned a = 0; a < p->nargs; a++)
        if (!convert_out(row->sig[a], raw[a], &tmp[a]) && NT_SUCCESS(status))
            status = STATUS_ACCESS_VIOLATION;
done:
    if (thunks_trace)
        thunks_trace_call(num, raw, p->nargs, status, false);
    t->scratch_used = mark;
    /* Another thread asked this one to terminate or to suspend itself
     * (src/nt/thread_ctl.c): act on it before going back to guest code. */
    if (__builtin_expect(t->pending, 0))
        thread_pending(t);
    return status;
}

/* The entry from switch.S. While nothing is traced, rows whose arguments
 * need no conversion but widening, and at most one IO_STATUS_BLOCK, take
 * a short path: read the arguments, widen them in registers, call, write
 * the IO_STATUS_BLOCK back. It does what dispatch does for such a row,
 * without its frame of temporaries (a null service spent ~10 ns in
 * dispatch, against ~95 ns for a whole bare round trip; a trivial file
 * service ~15 ns). Everything else goes to dispatch. */
static uint32_t dispatch_entry(struct cpu_thread *t, unsigned num, uint32_t args32)
{
    const struct syscall_row *row;
    const struct prepared *p;
    uint32_t raw[6];
    uint64_t a[6];
    IO_STATUS_BLOCK iosb;
    size_t mark;
    NTSTATUS status;

    if (__builtin_expect(num >= syscall_count || thunks_trace, 0))
        return (uint32_t)dispatch(t, num, args32);
    row = &syscall_rows[num];
    p = &prepared[num];
    if (!p->direct || !row->fn)
        return (uint32_t)dispatch(t, num, args32);
    if (p->nargs && !guest_read(raw, (void *)(uintptr_t)args32, 4 * p->nargs))
        return (uint32_t)dispatch(t, num, args32); /* the full path reports it */
    /* thunks_widen by the row's precomputed sign-extension bits. */
    for (unsigned i = 0; i < 6; i++)
        a[i] = i >= p->nargs ? 0 : p->sext >> i & 1 ? (uint64_t)(int64_t)(int32_t)raw[i] : raw[i];
    if (p->iosb >= 0 && raw[p->iosb]) {
        iosb.Status = IOSB_UNTOUCHED;
        iosb.Information = 0;
        a[p->iosb] = (uint64_t)(uintptr_t)&iosb;
    }
    mark = t->scratch_used;
    status = ((fn6)(void *)row->fn)(a[0], a[1], a[2], a[3], a[4], a[5]);
    t->scratch_used = mark;
    if (p->iosb >= 0 && raw[p->iosb] && !iosb_out(raw[p->iosb], &iosb) && NT_SUCCESS(status))
        status = STATUS_ACCESS_VIOLATION;
    if (__builtin_expect(t->pending, 0))
        thread_pending(t);
    return (uint32_t)status;
}
