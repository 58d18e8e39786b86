/* The NT layer's private header: Windows types as the host sees them (64-bit
 * shapes, and the 32-bit guest layouts ending in 32, pinned by static
 * asserts), status codes, and the services src/nt implements. */
#ifndef WOW64_NT_H
#define WOW64_NT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t NTSTATUS;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef uint16_t USHORT;
typedef uint8_t UCHAR;
typedef uint8_t BOOLEAN;
typedef uint16_t WCHAR;
typedef uint64_t ULONG_PTR;
typedef uint64_t SIZE_T;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef void *HANDLE;
typedef uint32_t GUEST_PTR; /* an address in the guest's low 4 GiB */

#define NT_SUCCESS(s) ((NTSTATUS)(s) >= 0)

/* One list of the status codes we use: name, value. */
#define NTSTATUS_MAP(X)                                 \
    X(STATUS_SUCCESS, 0x00000000)                       \
    X(STATUS_WAIT_0, 0x00000000)                        \
    X(STATUS_ABANDONED_WAIT_0, 0x00000080)              \
    X(STATUS_USER_APC, 0x000000C0)                      \
    X(STATUS_TIMEOUT, 0x00000102)                       \
    X(STATUS_PENDING, 0x00000103)                       \
    X(STATUS_BUFFER_OVERFLOW, 0x80000005)               \
    X(STATUS_NO_MORE_FILES, 0x80000006)                 \
    X(STATUS_BREAKPOINT, 0x80000003)                    \
    X(STATUS_NO_MORE_ENTRIES, 0x8000001A)               \
    X(STATUS_UNSUCCESSFUL, 0xC0000001)                  \
    X(STATUS_NOT_IMPLEMENTED, 0xC0000002)               \
    X(STATUS_INVALID_INFO_CLASS, 0xC0000003)            \
    X(STATUS_INFO_LENGTH_MISMATCH, 0xC0000004)          \
    X(STATUS_ACCESS_VIOLATION, 0xC0000005)              \
    X(STATUS_INVALID_HANDLE, 0xC0000008)                \
    X(STATUS_INVALID_PARAMETER, 0xC000000D)             \
    X(STATUS_INVALID_PARAMETER_2, 0xC00000F0)           \
    X(STATUS_INVALID_PARAMETER_3, 0xC00000F1)           \
    X(STATUS_INVALID_PARAMETER_4, 0xC00000F2)           \
    X(STATUS_INVALID_PARAMETER_5, 0xC00000F3)           \
    X(STATUS_NO_SUCH_FILE, 0xC000000F)                  \
    X(STATUS_INVALID_DEVICE_REQUEST, 0xC0000010)        \
    X(STATUS_END_OF_FILE, 0xC0000011)                   \
    X(STATUS_NO_MEMORY, 0xC0000017)                     \
    X(STATUS_CONFLICTING_ADDRESSES, 0xC0000018)         \
    X(STATUS_NOT_MAPPED_VIEW, 0xC0000019)               \
    X(STATUS_UNABLE_TO_FREE_VM, 0xC000001A)             \
    X(STATUS_INVALID_SYSTEM_SERVICE, 0xC000001C)        \
    X(STATUS_ILLEGAL_INSTRUCTION, 0xC000001D)           \
    X(STATUS_NOT_COMMITTED, 0xC000002D)                 \
    X(STATUS_ACCESS_DENIED, 0xC0000022)                 \
    X(STATUS_BUFFER_TOO_SMALL, 0xC0000023)              \
    X(STATUS_OBJECT_TYPE_MISMATCH, 0xC0000024)          \
    X(STATUS_OBJECT_NAME_INVALID, 0xC0000033)           \
    X(STATUS_OBJECT_NAME_NOT_FOUND, 0xC0000034)         \
    X(STATUS_OBJECT_NAME_COLLISION, 0xC0000035)         \
    X(STATUS_OBJECT_PATH_INVALID, 0xC0000039)           \
    X(STATUS_OBJECT_PATH_NOT_FOUND, 0xC000003A)         \
    X(STATUS_OBJECT_PATH_SYNTAX_BAD, 0xC000003B)        \
    X(STATUS_NOT_SAME_DEVICE, 0xC00000D4)               \
    X(STATUS_SHARING_VIOLATION, 0xC0000043)             \
    X(STATUS_MUTANT_NOT_OWNED, 0xC0000046)              \
    X(STATUS_SEMAPHORE_LIMIT_EXCEEDED, 0xC0000047)      \
    X(STATUS_DELETE_PENDING, 0xC0000056)                \
    X(STATUS_FREE_VM_NOT_AT_BASE, 0xC000009F)           \
    X(STATUS_MEMORY_NOT_ALLOCATED, 0xC00000A0)          \
    X(STATUS_INVALID_PAGE_PROTECTION, 0xC0000045)       \
    X(STATUS_INSUFFICIENT_RESOURCES, 0xC000009A)        \
    X(STATUS_DISK_FULL, 0xC000007F)                     \
    X(STATUS_INVALID_IMAGE_FORMAT, 0xC000007B)          \
    X(STATUS_FILE_IS_A_DIRECTORY, 0xC00000BA)           \
    X(STATUS_NOT_SUPPORTED, 0xC00000BB)                 \
    X(STATUS_INTEGER_DIVIDE_BY_ZERO, 0xC0000094)        \
    X(STATUS_PRIVILEGED_INSTRUCTION, 0xC0000096)        \
    X(STATUS_DIRECTORY_NOT_EMPTY, 0xC0000101)           \
    X(STATUS_NOT_A_DIRECTORY, 0xC0000103)               \
    X(STATUS_NAME_TOO_LONG, 0xC0000106)                 \
    X(STATUS_CANCELLED, 0xC0000120)                     \
    X(STATUS_CANNOT_DELETE, 0xC0000121)                 \
    X(STATUS_PIPE_BROKEN, 0xC000014B)                   \
    X(STATUS_DLL_NOT_FOUND, 0xC0000135)                 \
    X(STATUS_ORDINAL_NOT_FOUND, 0xC0000138)             \
    X(STATUS_ENTRYPOINT_NOT_FOUND, 0xC0000139)          \
    X(STATUS_DLL_INIT_FAILED, 0xC0000142)               \
    X(STATUS_INVALID_IMAGE_WIN_64, 0xC000035A)          \
    X(STATUS_STACK_OVERFLOW, 0xC00000FD)                \
    X(STATUS_TOO_MANY_OPENED_FILES, 0xC000011F)         \
    X(STATUS_IO_DEVICE_ERROR, 0xC0000185)               \
    X(STATUS_INVALID_ADDRESS, 0xC0000141)               \
    X(STATUS_FILE_INVALID, 0xC0000098)                  \
    X(STATUS_INVALID_IMAGE_NOT_MZ, 0xC000012F)          \
    X(STATUS_INVALID_IMAGE_PROTECT, 0xC0000130)         \
    X(STATUS_INVALID_IMAGE_WIN_16, 0xC0000131)         \
    X(STATUS_INVALID_VIEW_SIZE, 0xC000001F)             \
    X(STATUS_INVALID_FILE_FOR_SECTION, 0xC0000020)      \
    X(STATUS_SECTION_TOO_BIG, 0xC0000040)               \
    X(STATUS_FILE_LOCK_CONFLICT, 0xC0000054)            \
    X(STATUS_LOCK_NOT_GRANTED, 0xC0000055)              \
    X(STATUS_RANGE_NOT_LOCKED, 0xC000007E)              \
    X(STATUS_NOT_MAPPED_DATA, 0xC0000088)               \
    X(STATUS_INVALID_PARAMETER_6, 0xC00000F4)           \
    X(STATUS_INVALID_PARAMETER_8, 0xC00000F6)           \
    X(STATUS_MAPPED_FILE_SIZE_ZERO, 0xC000011E)         \
    X(STATUS_INVALID_LOCK_RANGE, 0xC00001A1)            \
    X(STATUS_MAPPED_ALIGNMENT, 0xC0000220)              \
    X(STATUS_INVALID_CID, 0xC000000B)                   \
    X(STATUS_SUSPEND_COUNT_EXCEEDED, 0xC000004A)        \
    X(STATUS_NO_TOKEN, 0xC000007C)                      \
    X(STATUS_PROCESS_IS_TERMINATING, 0xC000010A)        \
    X(STATUS_NOTIFY_CLEANUP, 0x0000010B)                \
    X(STATUS_NOTIFY_ENUM_DIR, 0x0000010C)               \
    X(STATUS_REGISTRY_IO_FAILED, 0xC000014D)            \
    X(STATUS_KEY_DELETED, 0xC000017C)                   \
    X(STATUS_CHILD_MUST_BE_VOLATILE, 0xC0000181)        \
    X(STATUS_HANDLE_NOT_CLOSABLE, 0xC0000235)

#define X(name, value) static const NTSTATUS name = (NTSTATUS)value;
NTSTATUS_MAP(X)
#undef X

/* Host (64-bit) shapes of the structures the dispatcher converts. */
typedef struct {
    USHORT Length;        /* bytes, not characters */
    USHORT MaximumLength;
    WCHAR *Buffer;
} UNICODE_STRING;

typedef struct {
    USHORT Length;
    USHORT MaximumLength;
    char *Buffer;
} STRING;

typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    UNICODE_STRING *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor;
    void *SecurityQualityOfService;
} OBJECT_ATTRIBUTES;

typedef struct {
    union {
        NTSTATUS Status;
        void *Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK;

typedef struct {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID;

typedef union {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    LONGLONG QuadPart;
} LARGE_INTEGER;

/* 32-bit guest layouts. */
typedef struct {
    USHORT Length;
    USHORT MaximumLength;
    ULONG Buffer;
} UNICODE_STRING32, STRING32;

typedef struct {
    ULONG Length;
    ULONG RootDirectory;
    ULONG ObjectName;
    ULONG Attributes;
    ULONG SecurityDescriptor;
    ULONG SecurityQualityOfService;
} OBJECT_ATTRIBUTES32;

typedef struct {
    NTSTATUS Status;
    ULONG Information;
} IO_STATUS_BLOCK32;

typedef struct {
    ULONG UniqueProcess;
    ULONG UniqueThread;
} CLIENT_ID32;

typedef struct {
    ULONG BaseAddress;
    ULONG AllocationBase;
    ULONG AllocationProtect;
    ULONG RegionSize;
    ULONG State;
    ULONG Protect;
    ULONG Type;
} MEMORY_BASIC_INFORMATION32;

_Static_assert(sizeof(UNICODE_STRING32) == 8, "UNICODE_STRING32");
_Static_assert(sizeof(OBJECT_ATTRIBUTES32) == 24, "OBJECT_ATTRIBUTES32");
_Static_assert(sizeof(IO_STATUS_BLOCK32) == 8, "IO_STATUS_BLOCK32");
_Static_assert(sizeof(CLIENT_ID32) == 8, "CLIENT_ID32");
_Static_assert(sizeof(MEMORY_BASIC_INFORMATION32) == 28, "MEMORY_BASIC_INFORMATION32");
_Static_assert(offsetof(MEMORY_BASIC_INFORMATION32, Type) == 24, "MBI32.Type");

/* Memory constants (winnt.h values). */
#define MEM_COMMIT 0x00001000
#define MEM_RESERVE 0x00002000
#define MEM_DECOMMIT 0x00004000
#define MEM_RELEASE 0x00008000
#define MEM_FREE 0x00010000
#define MEM_PRIVATE 0x00020000
#define MEM_MAPPED 0x00040000
#define MEM_RESET 0x00080000
#define MEM_TOP_DOWN 0x00100000
#define MEM_IMAGE 0x01000000
#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD 0x100
#define PAGE_NOCACHE 0x200

#define NtCurrentProcess() ((HANDLE)(intptr_t)-1)
#define NtCurrentThread() ((HANDLE)(intptr_t)-2)

/* Guest address-space constants (spec section 1). */
#define GUEST_MIN_ADDRESS 0x00010000u
#define GUEST_MAX_ADDRESS 0x7FFEFFFFu
#define GUEST_MAX_ADDRESS_LAA 0xFFFEFFFFu
#define GUEST_GRANULARITY 0x10000u
#define GUEST_PAGE_SIZE 0x1000u
#define KUSER_SHARED_DATA_ADDRESS 0x7FFE0000u
/* Our transition code page sits in the 64 KiB block of KUSER_SHARED_DATA,
 * which the guest can never allocate. */
#define WOW64_TRANSITION_PAGE 0x7FFE1000u

/* The guest process (src/nt/process.c). */
struct nt_process {
    uint32_t peb32;
    uint32_t pid;
    bool exited;                 /* ending or ended (thread.c's lock) */
    uint32_t exit_code;
    uint32_t stack_reserve, stack_commit; /* the exe's, for new threads */
};
extern struct nt_process nt_process;
/* Ends the guest process with code, from any thread (src/nt/process.c). */
_Noreturn void nt_exit_process(uint32_t code);

/* Guest threads (src/nt/thread*.c). */
struct cpu_thread;
/* Registers the calling host thread, set up by cpu_thread_init, as the
 * process's first guest thread (start address entry). runner: wow64_run
 * will wait in it for the end of the process (thread_main_finished).
 * 0 on success. */
int thread_register_main(struct cpu_thread *t, uint32_t entry, bool runner);
bool thread_process_has_runner(void);
/* Every thread of the process passes a full memory barrier before
 * process_barrier returns (membarrier); false if the host cannot. Whether
 * it is the fast kind (microseconds, not an RCU grace period). */
bool process_barrier(void);
bool process_barrier_is_fast(void);
/* The main thread's guest code has ended (its exit frame in wow64_run
 * was reached): finishes the thread, waits until the process has ended
 * and its threads are gone, and returns the process's exit code. */
uint32_t thread_main_finished(struct cpu_thread *t);
/* Acts on the requests in t->pending: parks while suspended, leaves the
 * thread when asked to terminate. Called at service exit and by the
 * interrupt signal in 32-bit code. */
void thread_pending(struct cpu_thread *t);
/* The process ends with code (the first caller's code wins): every other
 * thread is asked to terminate; the caller goes on. */
void thread_end_process(uint32_t code);

/* The process ends: the registry writes this process's unflushed changes
 * (src/nt/registry_file.c). Called from the exit paths. */
void registry_process_exit(void);

/* errno -> NTSTATUS: the one place this mapping lives (src/nt/status.c). */
NTSTATUS nt_status_from_errno(int err);

/* Virtual memory (src/nt/vm.c). */
int vm_init(void);
void vm_set_large_address_aware(bool laa);
/* Host mappings found inside the guest's 4 GiB when it was reserved (none
 * in an ordinary build; AddressSanitizer's shadow from 0x7fff8000 in an
 * ASan build): guest_read/guest_write refuse addresses in them, so a
 * guest pointer can never reach host memory. */
#define VM_MAX_HOST_HOLES 8
extern struct vm_host_hole { uint64_t start, end; } vm_host_holes[VM_MAX_HOST_HOLES];
extern unsigned vm_host_nholes;
uint32_t vm_max_address(void);
NTSTATUS vm_reserve_fixed(uint32_t base, uint32_t size, ULONG type);
NTSTATUS vm_allocate(uint32_t *base, uint32_t *size, ULONG type, ULONG protect);
NTSTATUS vm_protect(uint32_t base, uint32_t size, ULONG protect, ULONG *old);
NTSTATUS vm_release(uint32_t base);
NTSTATUS vm_query(uint32_t addr, MEMORY_BASIC_INFORMATION32 *info);
/* As vm_allocate, a blind placement ending at or below highest (ZeroBits). */
NTSTATUS vm_allocate_below(uint32_t *base, uint32_t *size, uint32_t highest, ULONG type,
                           ULONG protect);
/* NtFreeVirtualMemory rules: MEM_DECOMMIT or MEM_RELEASE; base/size in/out. */
NTSTATUS vm_free(uint32_t *base, uint32_t *size, ULONG type);
/* Maps size bytes of fd from offset as a section view (MEM_MAPPED,
 * committed with protect; copy-on-write protections map privately, the
 * others shared): at *base when it is non-zero, else the lowest (or with
 * top_down the highest) free 64 KiB aligned range ending at or below
 * highest. *base gets the address, *size the page-rounded size. */
NTSTATUS vm_map_view(uint32_t *base, uint32_t *size, uint32_t highest, bool top_down,
                     ULONG protect, int fd, uint64_t offset);
/* Unmaps the view containing addr; STATUS_NOT_MAPPED_VIEW when addr is not
 * inside a view. */
NTSTATUS vm_unmap_view(uint32_t addr);
/* The view containing addr: its base and size. STATUS_NOT_MAPPED_DATA for
 * other allocations, STATUS_INVALID_PARAMETER for free memory. */
NTSTATUS vm_find_view(uint32_t addr, uint32_t *base, uint32_t *size);
/* Clears the page's PAGE_GUARD bit; true when it was a guard page. */
bool vm_clear_guard(uint32_t addr);
/* A thread stack as Windows lays one out: reserve bytes (rounded to 64 KiB,
 * 1 MiB when 0) of which the top commit bytes (rounded to pages, at least
 * one) are committed read/write with a PAGE_GUARD page below them; the
 * bottom page is never committed. Out: the reservation's bottom
 * (TEB DeallocationStack), its top (StackBase) and the lowest committed
 * non-guard address (StackLimit). */
NTSTATUS vm_alloc_stack(uint32_t reserve, uint32_t commit, uint32_t *dealloc, uint32_t *base,
                        uint32_t *limit);
/* What a guest access to addr found (vm_guard_fault). */
enum vm_guard_result {
    VM_GUARD_NONE,           /* not a guard page: an ordinary fault */
    VM_GUARD_CLEARED,        /* a guard page outside the stack, now cleared (one-shot):
                              * STATUS_GUARD_PAGE_VIOLATION */
    VM_GUARD_STACK_GROWN,    /* the stack's guard page: committed, with a new guard page
                              * below it; the access is to be retried */
    VM_GUARD_STACK_OVERFLOW, /* the stack's last guard page: committed, no new guard (the
                              * bottom page stays reserved): STATUS_STACK_OVERFLOW */
};
/* Handles an access to the guard page at addr: clears its guard bit and,
 * when the page lies in the stack reservation [dealloc, base), moves the
 * guard one page down. *limit gets the stack's new StackLimit for the
 * two stack results. Takes the vm lock (a signal handler may call it for
 * a fault in guest code, which never holds it). */
enum vm_guard_result vm_guard_fault(uint32_t addr, uint32_t dealloc, uint32_t base,
                                    uint32_t *limit);
/* A page of the KUSER_SHARED_DATA block made read/write/execute for host
 * code to fill (NULL outside the block); then set its final protection. */
uint8_t *vm_system_page(uint32_t addr);
NTSTATUS vm_protect_system_page(uint32_t addr, ULONG protect);
/* The services (src/nt/vm_service.c); pointers as the dispatcher passes them. */
NTSTATUS svc_NtAllocateVirtualMemory(HANDLE process, void **base, ULONG_PTR zero_bits,
                                     SIZE_T *size, ULONG type, ULONG protect);
NTSTATUS svc_NtFreeVirtualMemory(HANDLE process, void **base, SIZE_T *size, ULONG type);
NTSTATUS svc_NtProtectVirtualMemory(HANDLE process, void **base, SIZE_T *size, ULONG new_protect,
                                    ULONG *old_protect);
NTSTATUS svc_NtQueryVirtualMemory(HANDLE process, void *addr, ULONG info_class, void *buffer,
                                  SIZE_T length, SIZE_T *return_length);

#endif
