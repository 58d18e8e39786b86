/* ntdll's start-up and shutdown: DllMain (process heap, PEB locks, TLS
 * bitmaps), the exported TEB/PEB accessors, and process exit with
 * DLL_PROCESS_DETACH notifications. Loading itself is the host's job
 * (LdrLoadDll & co. are system services). */
#include "ntdll_private.h"

/* The 32-bit transition thunk; the host writes its address here. */
void *Wow64Transition;

static RTL_BITMAP32 tls_bitmap;
static RTL_BITMAP32 tls_expansion_bitmap;
static LONG process_exiting;

typedef BOOL (WINAPI *dll_entry_fn)(HINSTANCE, DWORD, LPVOID);

/* Not inline here: this is the exported function (winnt.h's inline
 * version stays available to other code). */
struct _TEB *NtCurrentTeb(void)
{
    return (struct _TEB *)nt_teb();
}

PEB *NTAPI RtlGetCurrentPeb(void)
{
    return (PEB *)nt_peb();
}

/* Formats a message and hands it to the host's log. */
void ntdll_log(ULONG level, const char *fmt, ...)
{
    static const char *const classes[] = { "fixme", "err", "trace" };
    char buf[512];
    va_list ap;
    int n;

    n = _snprintf(buf, sizeof(buf), "%s:ntdll:", classes[level < 3 ? level : 2]);
    va_start(ap, fmt);
    ntdll_vformat(buf + n, sizeof(buf) - n, fmt, ap, 1);
    va_end(ap);
    Wow64LogMessage(level, buf);
}

/* The NT headers of the image at base (size bytes mapped), or NULL when
 * they do not look right. */
static const IMAGE_NT_HEADERS32 *image_nt_headers(const void *base, ULONG size)
{
    const IMAGE_DOS_HEADER *dos = base;
    const IMAGE_NT_HEADERS32 *nt;

    if (!base || size < sizeof(*dos) || dos->e_magic != IMAGE_DOS_SIGNATURE ||
        dos->e_lfanew <= 0 || (ULONG)dos->e_lfanew > size - sizeof(*nt))
        return NULL;
    nt = (const IMAGE_NT_HEADERS32 *)((const char *)base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE ||
        nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return NULL;
    return nt;
}

/* Calls the image's TLS callbacks with reason, checking the directory and
 * the callback array against the image first. */
static void call_tls_callbacks(void *base, ULONG size, DWORD reason)
{
    const IMAGE_NT_HEADERS32 *nt = image_nt_headers(base, size);
    const IMAGE_DATA_DIRECTORY *dir;
    const IMAGE_TLS_DIRECTORY32 *tls;
    PIMAGE_TLS_CALLBACK *cb;

    if (!nt || nt->OptionalHeader.NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_TLS)
        return;
    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_TLS];
    if (!dir->VirtualAddress || dir->VirtualAddress >= size ||
        size - dir->VirtualAddress < sizeof(*tls))
        return;
    tls = (const IMAGE_TLS_DIRECTORY32 *)((const char *)base + dir->VirtualAddress);
    for (cb = (PIMAGE_TLS_CALLBACK *)(ULONG_PTR)tls->AddressOfCallBacks;
         cb && (char *)cb >= (char *)base && (char *)(cb + 1) <= (char *)base + size && *cb;
         cb++)
        (*cb)(base, reason, NULL);
}

/* Sends DLL_PROCESS_DETACH to every initialised DLL, last initialised
 * first, then runs the exe's TLS callbacks, as Windows' loader does. */
NTSTATUS NTAPI LdrShutdownProcess(void)
{
    PEB32 *peb = nt_peb();
    LIST_ENTRY *head, *le, *prev;
    const IMAGE_NT_HEADERS32 *nt;

    RtlEnterCriticalSection(&ntdll_loader_lock);
    if (peb->Ldr) {
        head = &peb->Ldr->InInitializationOrderModuleList;
        for (le = head->Blink; le && le != head; le = prev) {
            LDR_DATA_TABLE_ENTRY32 *mod =
                CONTAINING_RECORD(le, LDR_DATA_TABLE_ENTRY32, InInitializationOrderLinks);

            prev = le->Blink;
            if (mod->DllBase == peb->ImageBaseAddress || !mod->EntryPoint ||
                !(mod->Flags & LDRP_IMAGE_DLL) || !(mod->Flags & LDRP_PROCESS_ATTACH_CALLED))
                continue;
            call_tls_callbacks(mod->DllBase, mod->SizeOfImage, DLL_PROCESS_DETACH);
            ((dll_entry_fn)mod->EntryPoint)(mod->DllBase, DLL_PROCESS_DETACH, (void *)1);
            mod->Flags &= ~LDRP_PROCESS_ATTACH_CALLED;
        }
    }
    /* The exe's size is in its own headers; trust them only as far as the
     * first page, which is always mapped. */
    if ((nt = image_nt_headers(peb->ImageBaseAddress, 0x1000)))
        call_tls_callbacks(peb->ImageBaseAddress, nt->OptionalHeader.SizeOfImage,
                           DLL_PROCESS_DETACH);
    RtlLeaveCriticalSection(&ntdll_loader_lock);
    return STATUS_SUCCESS;
}

/* ExitProcess: the other threads are terminated (they run no detach
 * code), the DLLs detached once, then the process ends. A second caller (a
 * DllMain during detach) goes straight to the end. */
void NTAPI RtlExitUserProcess(NTSTATUS status)
{
    RtlEnterCriticalSection(&ntdll_loader_lock);
    NtTerminateProcess(NULL, status);
    if (!__atomic_exchange_n(&process_exiting, 1, __ATOMIC_RELAXED))
        LdrShutdownProcess();
    for (;;)
        NtTerminateProcess(NtCurrentProcess(), status);
}

/* Finds the loader entry whose image contains addr. */
NTSTATUS NTAPI LdrFindEntryForAddress(const void *addr, LDR_DATA_TABLE_ENTRY32 **entry)
{
    PEB32 *peb = nt_peb();
    LIST_ENTRY *head, *le;
    NTSTATUS status = STATUS_NO_MORE_ENTRIES;

    *entry = NULL;
    if (!peb->Ldr)
        return status;
    RtlEnterCriticalSection(&ntdll_loader_lock);
    head = &peb->Ldr->InLoadOrderModuleList;
    for (le = head->Flink; le && le != head; le = le->Flink) {
        LDR_DATA_TABLE_ENTRY32 *mod = CONTAINING_RECORD(le, LDR_DATA_TABLE_ENTRY32, InLoadOrderLinks);

        if ((const char *)addr >= (const char *)mod->DllBase &&
            (ULONG_PTR)addr - (ULONG_PTR)mod->DllBase < mod->SizeOfImage) {
            *entry = mod;
            status = STATUS_SUCCESS;
            break;
        }
    }
    RtlLeaveCriticalSection(&ntdll_loader_lock);
    return status;
}

/* DisableThreadLibraryCalls: no DLL_THREAD_* notifications for base. */
NTSTATUS NTAPI LdrDisableThreadCalloutsForDll(PVOID base)
{
    LDR_DATA_TABLE_ENTRY32 *mod;

    if (LdrFindEntryForAddress(base, &mod) || mod->DllBase != base)
        return STATUS_DLL_NOT_FOUND;
    mod->Flags |= LDRP_DONT_CALL_FOR_THREADS;
    return STATUS_SUCCESS;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    PEB32 *peb = nt_peb();

    if (reason != DLL_PROCESS_ATTACH)
        return TRUE;
    peb->FastPebLock = &ntdll_peb_lock;
    peb->LoaderLock = &ntdll_loader_lock;
    /* TLS slots are ours to manage (the host leaves TlsBitmap NULL). */
    RtlInitializeBitMap(&tls_bitmap, peb->TlsBitmapBits, TLS_MINIMUM_AVAILABLE_32);
    RtlInitializeBitMap(&tls_expansion_bitmap, peb->TlsExpansionBitmapBits,
                        TLS_EXPANSION_SLOTS_32);
    peb->TlsBitmap = &tls_bitmap;
    peb->TlsExpansionBitmap = &tls_expansion_bitmap;
    if (ntdll_heap_init()) {
        Wow64LogMessage(WOW64_LOG_ERROR, "err:ntdll:DllMain cannot create the process heap\n");
        return FALSE;
    }
    return TRUE;
}
