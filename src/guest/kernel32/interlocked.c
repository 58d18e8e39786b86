/* The Interlocked* functions kernel32 exports on x86 (stdcall; compilers
 * usually inline them, old programs call them). Built without the Windows
 * headers, which define these names as intrinsics. */
typedef long LONG;
typedef long long LONGLONG;

#define WINAPI __attribute__((stdcall))

LONG WINAPI InterlockedIncrement(LONG volatile *p)
{
    return __sync_add_and_fetch(p, 1);
}

LONG WINAPI InterlockedDecrement(LONG volatile *p)
{
    return __sync_sub_and_fetch(p, 1);
}

LONG WINAPI InterlockedExchange(LONG volatile *p, LONG v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

LONG WINAPI InterlockedExchangeAdd(LONG volatile *p, LONG v)
{
    return __sync_fetch_and_add(p, v);
}

LONG WINAPI InterlockedCompareExchange(LONG volatile *p, LONG v, LONG cmp)
{
    return __sync_val_compare_and_swap(p, cmp, v);
}

LONGLONG WINAPI InterlockedCompareExchange64(LONGLONG volatile *p, LONGLONG v, LONGLONG cmp)
{
    return __sync_val_compare_and_swap(p, cmp, v);
}

/* ---- interlocked singly linked lists (SLIST_HEADER, x86 layout) ----
 * The header is 8 bytes: the first entry, a depth and a sequence number,
 * changed together with cmpxchg8b; the sequence defeats ABA. */

typedef struct slist_entry {
    struct slist_entry *Next;
} SLIST_ENTRY32;

typedef union {
    unsigned long long value;
    struct {
        SLIST_ENTRY32 *next;
        unsigned short depth;
        unsigned short sequence;
    } s;
} SLIST_HEADER32;

_Static_assert(sizeof(SLIST_HEADER32) == 8, "SLIST_HEADER is 8 bytes on x86");

static inline SLIST_HEADER32 slist_read(SLIST_HEADER32 volatile *head)
{
    SLIST_HEADER32 h;

    /* A 64-bit read that cannot tear: cmpxchg8b with an unlikely value. */
    h.value = __sync_val_compare_and_swap(&head->value, 0, 0);
    return h;
}

void WINAPI InitializeSListHead(SLIST_HEADER32 volatile *head)
{
    head->value = 0;
}

SLIST_ENTRY32 *WINAPI InterlockedPushEntrySList(SLIST_HEADER32 volatile *head, SLIST_ENTRY32 *entry)
{
    SLIST_HEADER32 old, new;

    do {
        old = slist_read(head);
        entry->Next = old.s.next;
        new.s.next = entry;
        new.s.depth = old.s.depth + 1;
        new.s.sequence = old.s.sequence + 1;
    } while (!__sync_bool_compare_and_swap(&head->value, old.value, new.value));
    return old.s.next;
}

SLIST_ENTRY32 *WINAPI InterlockedPopEntrySList(SLIST_HEADER32 volatile *head)
{
    SLIST_HEADER32 old, new;

    do {
        old = slist_read(head);
        if (!old.s.next)
            return 0;
        /* The entry may be popped and freed by another thread between the
         * read and the exchange; Windows guards this read with SEH, which
         * the guest does not have yet. */
        new.s.next = old.s.next->Next;
        new.s.depth = old.s.depth - 1;
        new.s.sequence = old.s.sequence + 1;
    } while (!__sync_bool_compare_and_swap(&head->value, old.value, new.value));
    return old.s.next;
}

SLIST_ENTRY32 *WINAPI InterlockedFlushSList(SLIST_HEADER32 volatile *head)
{
    SLIST_HEADER32 old, new;

    do {
        old = slist_read(head);
        if (!old.s.next)
            return 0;
        new.value = 0;
        new.s.sequence = old.s.sequence + 1;
    } while (!__sync_bool_compare_and_swap(&head->value, old.value, new.value));
    return old.s.next;
}

/* Pushes the chain list..end of count entries (already linked through
 * Next) in one exchange; returns the previous first entry. */
SLIST_ENTRY32 *WINAPI InterlockedPushListSListEx(SLIST_HEADER32 volatile *head, SLIST_ENTRY32 *list,
                                                 SLIST_ENTRY32 *end, unsigned long count)
{
    SLIST_HEADER32 old, new;

    do {
        old = slist_read(head);
        end->Next = old.s.next;
        new.s.next = list;
        new.s.depth = (unsigned short)(old.s.depth + count);
        new.s.sequence = old.s.sequence + 1;
    } while (!__sync_bool_compare_and_swap(&head->value, old.value, new.value));
    return old.s.next;
}

unsigned short WINAPI QueryDepthSList(SLIST_HEADER32 volatile *head)
{
    return slist_read(head).s.depth;
}
