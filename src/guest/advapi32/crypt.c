/* Random bytes: RtlGenRandom (SystemFunction036) and the CryptoAPI
 * subset programs use for it (CryptAcquireContext with
 * CRYPT_VERIFYCONTEXT, CryptGenRandom, CryptReleaseContext). The bytes
 * come from the host's getrandom (Wow64GenRandom). */
#include "advapi32_private.h"

#include <wincrypt.h>

#define PROV_MAGIC 0x56525043 /* "CPRV" */

struct provider {
    DWORD magic;
    LONG refs;
    DWORD type;
};

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len)
{
    NTSTATUS s = Wow64GenRandom(buf, len);

    if (!NT_SUCCESS(s))
        SetLastError(RtlNtStatusToDosError(s));
    return NT_SUCCESS(s);
}

/* The providers that are built into Windows for the two types. */
static BOOL known_provider(const WCHAR *name, DWORD type)
{
    static const WCHAR *const full[] = { MS_DEF_PROV_W, MS_ENHANCED_PROV_W, MS_STRONG_PROV_W };
    static const WCHAR *const aes[] = { MS_ENH_RSA_AES_PROV_W,
                                        L"Microsoft Enhanced RSA and AES Cryptographic Provider (Prototype)" };

    if (!name)
        return TRUE;
    if (type == PROV_RSA_FULL) {
        for (size_t i = 0; i < 3; i++)
            if (!_wcsicmp(name, full[i]))
                return TRUE;
    } else {
        for (size_t i = 0; i < 2; i++)
            if (!_wcsicmp(name, aes[i]))
                return TRUE;
    }
    return FALSE;
}

/* Only ephemeral contexts (CRYPT_VERIFYCONTEXT): there are no key
 * containers, so opening one fails as it does on a machine where none was
 * ever created (NTE_BAD_KEYSET); creating one is not implemented. */
BOOL WINAPI CryptAcquireContextW(HCRYPTPROV *prov, LPCWSTR container, LPCWSTR provider,
                                 DWORD type, DWORD flags)
{
    struct provider *p;

    if (!prov) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *prov = 0;
    if (type != PROV_RSA_FULL && type != PROV_RSA_AES) {
        SetLastError(NTE_BAD_PROV_TYPE);
        return FALSE;
    }
    if (!known_provider(provider, type)) {
        SetLastError(NTE_KEYSET_NOT_DEF);
        return FALSE;
    }
    if (flags & ~(CRYPT_VERIFYCONTEXT | CRYPT_SILENT | CRYPT_NEWKEYSET | CRYPT_MACHINE_KEYSET |
                  CRYPT_DELETEKEYSET)) {
        SetLastError(NTE_BAD_FLAGS);
        return FALSE;
    }
    if (!(flags & CRYPT_VERIFYCONTEXT)) {
        if (flags & (CRYPT_NEWKEYSET | CRYPT_DELETEKEYSET)) {
            ADV_FIXME_ONCE("CryptAcquireContext: key containers are not implemented\n");
            SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
        } else {
            SetLastError(NTE_BAD_KEYSET);
        }
        return FALSE;
    }
    if (!(p = adv_alloc(sizeof *p))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    p->magic = PROV_MAGIC;
    p->refs = 1;
    p->type = type;
    *prov = (HCRYPTPROV)p;
    return TRUE;
}

BOOL WINAPI CryptAcquireContextA(HCRYPTPROV *prov, LPCSTR container, LPCSTR provider,
                                 DWORD type, DWORD flags)
{
    BOOL ok1, ok2, ret;
    WCHAR *c = adv_a2w(container, &ok1), *p = adv_a2w(provider, &ok2);

    if (!ok1 || !ok2) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        ret = FALSE;
    } else {
        ret = CryptAcquireContextW(prov, c, p, type, flags);
    }
    adv_free(c);
    adv_free(p);
    return ret;
}

static struct provider *provider_of(HCRYPTPROV prov)
{
    struct provider *p = (struct provider *)prov;

    if (!p || p->magic != PROV_MAGIC) {
        SetLastError(NTE_BAD_UID);
        return NULL;
    }
    return p;
}

BOOL WINAPI CryptGenRandom(HCRYPTPROV prov, DWORD len, BYTE *buf)
{
    if (!provider_of(prov))
        return FALSE;
    return SystemFunction036(buf, len);
}

BOOL WINAPI CryptReleaseContext(HCRYPTPROV prov, DWORD flags)
{
    struct provider *p;

    if (!(p = provider_of(prov)))
        return FALSE;
    if (flags) {
        SetLastError(NTE_BAD_FLAGS);
        return FALSE;
    }
    if (!InterlockedDecrement(&p->refs)) {
        p->magic = 0;
        adv_free(p);
    }
    return TRUE;
}
