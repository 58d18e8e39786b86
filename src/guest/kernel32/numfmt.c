/* GetNumberFormat and GetCurrencyFormat: a number string ("-1234.5") laid
 * out with a locale's (or the caller's NUMBERFMT/CURRENCYFMT) digits,
 * separators, grouping and sign/symbol placement. */
#include "nls.h"

#define NUM_MAX 128   /* the longest number string we take */

/* The negative patterns of LOCALE_INEGNUMBER (0-4) and LOCALE_INEGCURR
 * (0-15) and the positive ones of LOCALE_ICURRENCY (0-3): 'n' is the
 * number, '$' the currency symbol, '-' the negative sign. */
static const char *const neg_number[] = { "(n)", "-n", "- n", "n-", "n -" };
static const char *const neg_currency[] = {
    "($n)", "-$n", "$-n", "$n-", "(n$)", "-n$", "n-$", "n$-",
    "-n $", "-$ n", "n $-", "$ n-", "$ -n", "n- $", "($ n)", "(n $)",
};
static const char *const pos_currency[] = { "$n", "n$", "$ n", "n $" };

/* What the formatting needs, from a NUMBERFMTW/CURRENCYFMTW or the locale. */
struct numfmt {
    UINT digits, leading_zero, grouping, neg_order, pos_order;
    const WCHAR *decimal, *thousand, *symbol, *negative_sign;
};

/* Appends s to out (of cap WCHARs) at *n; FALSE when it would not fit. */
static BOOL put(WCHAR *out, int cap, int *n, const WCHAR *s, int slen)
{
    if (*n + slen >= cap)
        return FALSE;
    memcpy(out + *n, s, slen * sizeof(WCHAR));
    *n += slen;
    return TRUE;
}

/* A LOCALE_SGROUPING string ("3;0", "3;2;0", "3") as NUMBERFMT's Grouping
 * number (3, 32, 30). */
static UINT grouping_number(const WCHAR *s)
{
    UINT g = 0;

    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            g = g * 10 + (*s - '0');
    /* "3;0" means groups of 3 repeated, which Grouping spells 3. */
    if (g % 10 == 0 && g >= 10)
        g /= 10;
    else if (g)
        g = g * 10;   /* a list without ";0" groups only once: "3" -> 30 */
    return g;
}

/* Formats value (a wide number string) into out per f: the WCHARs written
 * with the NUL, 0 with the last error. currency selects the patterns. */
static int format_number(const WCHAR *value, const struct numfmt *f, BOOL currency, WCHAR *out, int len)
{
    WCHAR digits[NUM_MAX + 12], num[NUM_MAX * 3], res[NUM_MAX * 4];
    int nint = 0, nfrac = 0, i, n = 0, r = 0, start;
    BOOL neg = FALSE, nonzero = FALSE;
    const char *pat;
    const WCHAR *p = value;
    UINT groups[10], ngroups = 0;

    if (!value || len < 0 || (len && !out) || f->digits > 9 ||
        f->neg_order >= (currency ? 16u : 5u) || f->pos_order > 3 || !f->decimal || !f->thousand ||
        (currency && !f->symbol)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (*p == '-') {
        neg = TRUE;
        p++;
    }
    /* digits[0] is room for a carry out of the integer part. */
    digits[0] = '0';
    for (; *p >= '0' && *p <= '9' && nint < NUM_MAX; p++)
        digits[1 + nint++] = *p;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && nint + nfrac < NUM_MAX; p++)
            digits[1 + nint + nfrac++] = *p;
    if (*p || nint + nfrac == 0) {
        if (*p >= '0' && *p <= '9')
            K32_FIXME_ONCE("GetNumberFormat: numbers over %d digits\n", NUM_MAX);
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    /* Round half away from zero to f->digits decimals. */
    if ((UINT)nfrac > f->digits) {
        BOOL up = digits[1 + nint + f->digits] >= '5';
        nfrac = f->digits;
        for (i = nint + nfrac; up && i >= 0; i--) {
            up = digits[i] == '9';
            digits[i] = up ? '0' : digits[i] + 1;
        }
    }
    /* The grouped number must fit num: every digit may carry a separator. */
    if ((nint + 2) * (wcslen(f->thousand) + 1) + wcslen(f->decimal) + f->digits >= NUM_MAX * 3) {
        K32_FIXME_ONCE("GetNumberFormat: separators too long for %d digits\n", nint);
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    for (; (UINT)nfrac < f->digits; nfrac++)
        digits[1 + nint + nfrac] = '0';
    for (i = 0; i <= nint + nfrac; i++)
        nonzero |= digits[i] != '0';
    /* The integer part without leading zeros, digits[start..nint]. */
    for (start = 0; start <= nint && digits[start] == '0'; start++)
        ;

    /* Group sizes from the right: each decimal digit of Grouping is a
     * size; a final 0 means "no more grouping", otherwise the last one
     * repeats. */
    for (UINT g = f->grouping; g && ngroups < 10; g /= 10)
        groups[ngroups++] = g % 10;
    {
        WCHAR tmp[NUM_MAX * 3];
        int t = 0, count = 0, gi = (int)ngroups - 1, size = gi >= 0 ? (int)groups[gi] : 0;

        /* Built backwards, then reversed. */
        for (i = nint; i >= start; i--) {
            if (size && count == size) {
                for (int k = (int)wcslen(f->thousand) - 1; k >= 0; k--)
                    tmp[t++] = f->thousand[k];
                count = 0;
                if (gi > 0)
                    size = (int)groups[--gi];
            }
            tmp[t++] = digits[i];
            count++;
        }
        if (start > nint && f->leading_zero)
            tmp[t++] = '0';
        for (i = 0; i < t; i++)
            num[n++] = tmp[t - 1 - i];
    }
    if (f->digits) {
        int dl = (int)wcslen(f->decimal);
        memcpy(num + n, f->decimal, dl * sizeof(WCHAR));
        n += dl;
        memcpy(num + n, digits + 1 + nint, f->digits * sizeof(WCHAR));
        n += f->digits;
    }

    if (neg && nonzero)
        pat = currency ? neg_currency[f->neg_order] : neg_number[f->neg_order];
    else
        pat = currency ? pos_currency[f->pos_order] : "n";
    for (; *pat; pat++) {
        BOOL fits;
        WCHAR c = (WCHAR)*pat;
        if (*pat == 'n')
            fits = put(res, NUM_MAX * 4, &r, num, n);
        else if (*pat == '$')
            fits = put(res, NUM_MAX * 4, &r, f->symbol, (int)wcslen(f->symbol));
        else if (*pat == '-')
            fits = put(res, NUM_MAX * 4, &r, f->negative_sign, (int)wcslen(f->negative_sign));
        else
            fits = put(res, NUM_MAX * 4, &r, &c, 1);
        if (!fits) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return 0;
        }
    }
    res[r++] = 0;
    return nls_copy_out(res, r, out, len);
}

/* The locale's number or currency format; FALSE with the last error. */
static BOOL locale_format(LCID lcid, BOOL currency, struct numfmt *f, WCHAR strs[4][16])
{
    WCHAR grouping[16];
    DWORD v;

#define NUM(type, field) \
    (GetLocaleInfoW(lcid, (type) | LOCALE_RETURN_NUMBER, (WCHAR *)&v, 2) ? (f->field = v, TRUE) : FALSE)
    if (!NUM(currency ? LOCALE_ICURRDIGITS : LOCALE_IDIGITS, digits) || !NUM(LOCALE_ILZERO, leading_zero) ||
        !NUM(currency ? LOCALE_INEGCURR : LOCALE_INEGNUMBER, neg_order) ||
        !NUM(LOCALE_ICURRENCY, pos_order) ||
        !GetLocaleInfoW(lcid, currency ? LOCALE_SMONGROUPING : LOCALE_SGROUPING, grouping, 16) ||
        !GetLocaleInfoW(lcid, currency ? LOCALE_SMONDECIMALSEP : LOCALE_SDECIMAL, strs[0], 16) ||
        !GetLocaleInfoW(lcid, currency ? LOCALE_SMONTHOUSANDSEP : LOCALE_STHOUSAND, strs[1], 16) ||
        !GetLocaleInfoW(lcid, LOCALE_SCURRENCY, strs[2], 16))
        return FALSE;
#undef NUM
    if (!currency)
        f->pos_order = 0;
    f->grouping = grouping_number(grouping);
    f->decimal = strs[0];
    f->thousand = strs[1];
    f->symbol = strs[2];
    return TRUE;
}

/* The shared part of the four entry points: flags, the locale's or the
 * caller's format, then format_number. */
static int format_common(LCID lcid, DWORD flags, const WCHAR *value, struct numfmt *given, BOOL currency,
                         WCHAR *out, int len)
{
    WCHAR strs[4][16];
    struct numfmt f;

    if ((flags & ~LOCALE_NOUSEROVERRIDE) || (given && flags)) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (!GetLocaleInfoW(lcid, LOCALE_SNEGATIVESIGN, strs[3], 16))
        return 0;
    if (given)
        f = *given;
    else if (!locale_format(lcid, currency, &f, strs))
        return 0;
    f.negative_sign = strs[3];
    return format_number(value, &f, currency, out, len);
}

/* A number string in the locale's (or fmt's) number format. */
int WINAPI GetNumberFormatW(LCID lcid, DWORD flags, LPCWSTR value, const NUMBERFMTW *fmt, LPWSTR out, int len)
{
    struct numfmt f = { 0 };

    if (fmt) {
        f.digits = fmt->NumDigits;
        f.leading_zero = fmt->LeadingZero;
        f.grouping = fmt->Grouping;
        f.decimal = fmt->lpDecimalSep;
        f.thousand = fmt->lpThousandSep;
        f.neg_order = fmt->NegativeOrder;
    }
    return format_common(lcid, flags, value, fmt ? &f : NULL, FALSE, out, len);
}

/* A number string in the locale's (or fmt's) currency format. */
int WINAPI GetCurrencyFormatW(LCID lcid, DWORD flags, LPCWSTR value, const CURRENCYFMTW *fmt, LPWSTR out,
                              int len)
{
    struct numfmt f = { 0 };

    if (fmt) {
        f.digits = fmt->NumDigits;
        f.leading_zero = fmt->LeadingZero;
        f.grouping = fmt->Grouping;
        f.decimal = fmt->lpDecimalSep;
        f.thousand = fmt->lpThousandSep;
        f.neg_order = fmt->NegativeOrder;
        f.pos_order = fmt->PositiveOrder;
        f.symbol = fmt->lpCurrencySymbol;
    }
    return format_common(lcid, flags, value, fmt ? &f : NULL, TRUE, out, len);
}

/* The A forms: the strings through the ANSI code page, the length in bytes. */
static int format_ansi(LCID lcid, DWORD flags, const char *value, const NUMBERFMTA *nf, const CURRENCYFMTA *cf,
                       BOOL currency, char *out, int len)
{
    WCHAR wvalue[NUM_MAX + 2], dec[16], thou[16], sym[16], res[NUM_MAX * 4];
    struct numfmt f = { 0 };
    const char *sdec = NULL, *sthou = NULL;
    int n;

    if (!value || len < 0 || (len && !out)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!MultiByteToWideChar(CP_ACP, 0, value, -1, wvalue, NUM_MAX + 2))
        return SetLastError(ERROR_INVALID_PARAMETER), 0;
    if (nf) {
        f.digits = nf->NumDigits;
        f.leading_zero = nf->LeadingZero;
        f.grouping = nf->Grouping;
        f.neg_order = nf->NegativeOrder;
        sdec = nf->lpDecimalSep;
        sthou = nf->lpThousandSep;
    } else if (cf) {
        f.digits = cf->NumDigits;
        f.leading_zero = cf->LeadingZero;
        f.grouping = cf->Grouping;
        f.neg_order = cf->NegativeOrder;
        f.pos_order = cf->PositiveOrder;
        sdec = cf->lpDecimalSep;
        sthou = cf->lpThousandSep;
        if (cf->lpCurrencySymbol && MultiByteToWideChar(CP_ACP, 0, cf->lpCurrencySymbol, -1, sym, 16))
            f.symbol = sym;
    }
    if (sdec && MultiByteToWideChar(CP_ACP, 0, sdec, -1, dec, 16))
        f.decimal = dec;
    if (sthou && MultiByteToWideChar(CP_ACP, 0, sthou, -1, thou, 16))
        f.thousand = thou;
    n = format_common(lcid, flags, wvalue, (nf || cf) ? &f : NULL, currency, res, NUM_MAX * 4);
    if (!n)
        return 0;
    return nls_copy_out_ansi(res, out, len);
}

/* GetNumberFormatW in the ANSI code page. */
int WINAPI GetNumberFormatA(LCID lcid, DWORD flags, LPCSTR value, const NUMBERFMTA *fmt, LPSTR out, int len)
{
    return format_ansi(lcid, flags, value, fmt, NULL, FALSE, out, len);
}

/* GetCurrencyFormatW in the ANSI code page. */
int WINAPI GetCurrencyFormatA(LCID lcid, DWORD flags, LPCSTR value, const CURRENCYFMTA *fmt, LPSTR out, int len)
{
    return format_ansi(lcid, flags, value, NULL, fmt, TRUE, out, len);
}

/* GetNumberFormatW for a locale name. */
int WINAPI GetNumberFormatEx(LPCWSTR name, DWORD flags, LPCWSTR value, const NUMBERFMTW *fmt, LPWSTR out,
                             int len)
{
    LCID lcid = LocaleNameToLCID(name, 0);
    return lcid ? GetNumberFormatW(lcid, flags, value, fmt, out, len) : 0;
}

/* GetCurrencyFormatW for a locale name. */
int WINAPI GetCurrencyFormatEx(LPCWSTR name, DWORD flags, LPCWSTR value, const CURRENCYFMTW *fmt, LPWSTR out,
                               int len)
{
    LCID lcid = LocaleNameToLCID(name, 0);
    return lcid ? GetCurrencyFormatW(lcid, flags, value, fmt, out, len) : 0;
}
