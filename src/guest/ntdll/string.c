/* Counted strings (UNICODE_STRING, ANSI_STRING, OEM_STRING) and the code
 * page conversions behind them. The ANSI code page is 1252 and the OEM code
 * page 437 (codepage.c); UTF-8 has its own converters. */
#include "ntdll_private.h"
#include "codepage.h"

#define MAX_USTRING_BYTES 0xFFFEu

static HANDLE process_heap(void)
{
    return nt_peb()->ProcessHeap;
}

/* ---- initialisation and freeing ---- */

void NTAPI RtlInitUnicodeString(PUNICODE_STRING dst, PCWSTR src)
{
    size_t len = src ? wcslen(src) * sizeof(WCHAR) : 0;

    if (len > MAX_USTRING_BYTES - sizeof(WCHAR))
        len = MAX_USTRING_BYTES - sizeof(WCHAR);
    dst->Buffer = (PWSTR)src;
    dst->Length = (USHORT)len;
    dst->MaximumLength = src ? (USHORT)(len + sizeof(WCHAR)) : 0;
}

NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING dst, PCWSTR src)
{
    if (src && wcslen(src) * sizeof(WCHAR) > MAX_USTRING_BYTES - sizeof(WCHAR))
        return STATUS_NAME_TOO_LONG;
    RtlInitUnicodeString(dst, src);
    return STATUS_SUCCESS;
}

void NTAPI RtlInitString(PSTRING dst, PCSZ src)
{
    size_t len = src ? strlen(src) : 0;

    if (len > MAX_USTRING_BYTES - 1)
        len = MAX_USTRING_BYTES - 1;
    dst->Buffer = (PCHAR)src;
    dst->Length = (USHORT)len;
    dst->MaximumLength = src ? (USHORT)(len + 1) : 0;
}

void NTAPI RtlInitAnsiString(PANSI_STRING dst, PCSZ src)
{
    RtlInitString(dst, src);
}

NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING dst, PCSZ src)
{
    if (src && strlen(src) > MAX_USTRING_BYTES - 1)
        return STATUS_NAME_TOO_LONG;
    RtlInitString(dst, src);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlInitStringEx(PSTRING dst, PCSZ src)
{
    return RtlInitAnsiStringEx(dst, src);
}

void NTAPI RtlFreeUnicodeString(PUNICODE_STRING str)
{
    if (str->Buffer)
        RtlFreeHeap(process_heap(), 0, str->Buffer);
    str->Buffer = NULL;
    str->Length = str->MaximumLength = 0;
}

void NTAPI RtlFreeAnsiString(PANSI_STRING str)
{
    if (str->Buffer)
        RtlFreeHeap(process_heap(), 0, str->Buffer);
    str->Buffer = NULL;
    str->Length = str->MaximumLength = 0;
}

void NTAPI RtlFreeOemString(POEM_STRING str)
{
    RtlFreeAnsiString(str);
}

BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING dst, PCWSTR src)
{
    size_t len = (wcslen(src) + 1) * sizeof(WCHAR);

    if (len > MAX_USTRING_BYTES)
        return FALSE;
    if (!(dst->Buffer = RtlAllocateHeap(process_heap(), 0, len)))
        return FALSE;
    memcpy(dst->Buffer, src, len);
    dst->Length = (USHORT)(len - sizeof(WCHAR));
    dst->MaximumLength = (USHORT)len;
    return TRUE;
}

/* ---- single-byte code pages ---- */

static void sbcs_to_unicode(unsigned cp, WCHAR *dst, const char *src, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++)
        dst[i] = codepage_sbcs_decode(cp, (unsigned char)src[i], 0);
}

/* Unmappable characters become the code page's default character '?'. */
static void unicode_to_sbcs(unsigned cp, char *dst, const WCHAR *src, ULONG n)
{
    ULONG i;

    for (i = 0; i < n; i++) {
        int c = codepage_sbcs_encode(cp, src[i]);

        dst[i] = c < 0 ? '?' : (char)c;
    }
}

NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH dst, ULONG dstbytes, PULONG resbytes,
                                      const CHAR *src, ULONG srcbytes)
{
    ULONG n = srcbytes < dstbytes / sizeof(WCHAR) ? srcbytes : dstbytes / sizeof(WCHAR);

    sbcs_to_unicode(CODEPAGE_ANSI, dst, src, n);
    if (resbytes)
        *resbytes = n * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlOemToUnicodeN(PWCH dst, ULONG dstbytes, PULONG resbytes, const CHAR *src,
                                ULONG srcbytes)
{
    ULONG n = srcbytes < dstbytes / sizeof(WCHAR) ? srcbytes : dstbytes / sizeof(WCHAR);

    sbcs_to_unicode(CODEPAGE_OEM, dst, src, n);
    if (resbytes)
        *resbytes = n * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG size, const CHAR *src, ULONG srcbytes)
{
    *size = srcbytes * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR dst, ULONG dstbytes, PULONG resbytes,
                                      PCWCH src, ULONG srcbytes)
{
    ULONG n = srcbytes / sizeof(WCHAR) < dstbytes ? srcbytes / sizeof(WCHAR) : dstbytes;

    unicode_to_sbcs(CODEPAGE_ANSI, dst, src, n);
    if (resbytes)
        *resbytes = n;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToOemN(PCHAR dst, ULONG dstbytes, PULONG resbytes, PCWCH src,
                                ULONG srcbytes)
{
    ULONG n = srcbytes / sizeof(WCHAR) < dstbytes ? srcbytes / sizeof(WCHAR) : dstbytes;

    unicode_to_sbcs(CODEPAGE_OEM, dst, src, n);
    if (resbytes)
        *resbytes = n;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG size, PWCH src, ULONG srcbytes)
{
    *size = srcbytes / sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/* ---- UTF-8 ---- */

NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR dst, ULONG dstbytes, PULONG resbytes, const CHAR *src,
                                 ULONG srcbytes)
{
    unsigned flags = 0;
    size_t n;

    if (!src)
        return STATUS_INVALID_PARAMETER_4;
    if (!resbytes)
        return STATUS_INVALID_PARAMETER;
    n = codepage_utf8_to_utf16((uint16_t *)dst, dst ? dstbytes / sizeof(WCHAR) : 0,
                               (const unsigned char *)src, srcbytes, &flags);
    *resbytes = (ULONG)(n * sizeof(WCHAR));
    if (flags & CODEPAGE_OVERFLOW)
        return STATUS_BUFFER_TOO_SMALL;
    return (flags & CODEPAGE_INVALID) ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR dst, ULONG dstbytes, PULONG resbytes, PCWCH src,
                                 ULONG srcbytes)
{
    unsigned flags = 0;
    size_t n;

    if (!src)
        return STATUS_INVALID_PARAMETER_4;
    if (!resbytes)
        return STATUS_INVALID_PARAMETER;
    if (srcbytes % sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER_5;
    n = codepage_utf16_to_utf8((unsigned char *)dst, dst ? dstbytes : 0, (const uint16_t *)src,
                               srcbytes / sizeof(WCHAR), &flags);
    *resbytes = (ULONG)n;
    if (flags & CODEPAGE_OVERFLOW)
        return STATUS_BUFFER_TOO_SMALL;
    return (flags & CODEPAGE_INVALID) ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

/* ---- counted-string conversions ---- */

static NTSTATUS narrow_to_unicode(unsigned cp, PUNICODE_STRING dst, const STRING *src,
                                  BOOLEAN alloc)
{
    ULONG total = (src->Length + 1) * sizeof(WCHAR);

    if (total > MAX_USTRING_BYTES + 1)
        return STATUS_INVALID_PARAMETER_2;
    if (alloc) {
        if (!(dst->Buffer = RtlAllocateHeap(process_heap(), 0, total)))
            return STATUS_NO_MEMORY;
        dst->MaximumLength = (USHORT)total;
    } else if (total > dst->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    dst->Length = (USHORT)(total - sizeof(WCHAR));
    sbcs_to_unicode(cp, dst->Buffer, src->Buffer, src->Length);
    dst->Buffer[src->Length] = 0;
    return STATUS_SUCCESS;
}

static NTSTATUS unicode_to_narrow(unsigned cp, PSTRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    ULONG total = src->Length / sizeof(WCHAR) + 1;
    NTSTATUS status = STATUS_SUCCESS;

    if (total > MAX_USTRING_BYTES + 1)
        return STATUS_INVALID_PARAMETER_2;
    dst->Length = (USHORT)(total - 1);
    if (alloc) {
        if (!(dst->Buffer = RtlAllocateHeap(process_heap(), 0, total)))
            return STATUS_NO_MEMORY;
        dst->MaximumLength = (USHORT)total;
    } else if (dst->MaximumLength < total) {
        /* Windows converts what fits and says so. */
        if (!dst->MaximumLength)
            return STATUS_BUFFER_OVERFLOW;
        dst->Length = dst->MaximumLength - 1;
        status = STATUS_BUFFER_OVERFLOW;
    }
    unicode_to_sbcs(cp, dst->Buffer, src->Buffer, dst->Length);
    dst->Buffer[dst->Length] = 0;
    return status;
}

NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING dst, PCANSI_STRING src, BOOLEAN alloc)
{
    return narrow_to_unicode(CODEPAGE_ANSI, dst, src, alloc);
}

NTSTATUS NTAPI RtlOemStringToUnicodeString(PUNICODE_STRING dst, PCOEM_STRING src, BOOLEAN alloc)
{
    return narrow_to_unicode(CODEPAGE_OEM, dst, src, alloc);
}

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    return unicode_to_narrow(CODEPAGE_ANSI, dst, src, alloc);
}

NTSTATUS NTAPI RtlUnicodeStringToOemString(POEM_STRING dst, PCUNICODE_STRING src, BOOLEAN alloc)
{
    return unicode_to_narrow(CODEPAGE_OEM, dst, src, alloc);
}

BOOLEAN NTAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING dst, LPCSTR src)
{
    STRING ansi;

    RtlInitAnsiString(&ansi, src);
    return !RtlAnsiStringToUnicodeString(dst, &ansi, TRUE);
}

/* ---- comparison ---- */

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN nocase)
{
    ULONG la = a->Length / sizeof(WCHAR), lb = b->Length / sizeof(WCHAR);
    ULONG i, n = la < lb ? la : lb;

    for (i = 0; i < n; i++) {
        WCHAR x = a->Buffer[i], y = b->Buffer[i];

        if (nocase) {
            x = ntdll_towupper(x);
            y = ntdll_towupper(y);
        }
        if (x != y)
            return (LONG)x - (LONG)y;
    }
    return (LONG)la - (LONG)lb;
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING a, PCUNICODE_STRING b, BOOLEAN nocase)
{
    return a->Length == b->Length && !RtlCompareUnicodeString(a, b, nocase);
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING prefix, PCUNICODE_STRING str,
                                     BOOLEAN nocase)
{
    UNICODE_STRING head;

    if (prefix->Length > str->Length)
        return FALSE;
    head.Buffer = str->Buffer;
    head.Length = head.MaximumLength = prefix->Length;
    return !RtlCompareUnicodeString(prefix, &head, nocase);
}
