/* Registry redirection for a 32-bit process (spec section 4, Windows 7
 * and later): HKLM\SOFTWARE splits into a 64-bit and a 32-bit view
 * (SOFTWARE\Wow6432Node) apart from the shared subkeys; under the two
 * Classes roots only five subkeys split; the compatibility links hold in
 * both views. Pure: full NT key names in, names in the store out. */
#include "redirect.h"

#include <string.h>

#define MACHINE_SOFTWARE "\\REGISTRY\\MACHINE\\SOFTWARE"
#define USER_ROOT "\\REGISTRY\\USER\\"
#define NODE "Wow6432Node"

static uint16_t fold(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? (uint16_t)(c - 32) : c;
}

/* Case-insensitive match of an ASCII path of whole components at
 * name[pos]: the match must end at the end of the name or at a backslash.
 * Returns the position just after the match, or 0. */
static size_t match_path(const uint16_t *name, size_t len, size_t pos, const char *path)
{
    size_t n = strlen(path);

    if (pos > len || n > len - pos)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fold(name[pos + i]) != fold((uint16_t)(unsigned char)path[i]))
            return 0;
    if (pos + n < len && name[pos + n] != '\\')
        return 0;
    return pos + n;
}

/* The position of the next component after the one ending at end (which
 * is a backslash or the end of the name); len when there is none. */
static size_t next_component(size_t end, size_t len)
{
    return end < len ? end + 1 : len;
}

/* The subkeys of HKLM\SOFTWARE with one copy for both views (spec
 * section 4, "Shared"), relative to SOFTWARE. Classes has its own rules. */
static const char *const shared_keys[] = {
    "Clients",
    "Policies",
    "RegisteredApplications",
    "Microsoft\\COM3",
    "Microsoft\\Cryptography\\Calais\\Current",
    "Microsoft\\Cryptography\\Calais\\Readers",
    "Microsoft\\Cryptography\\Services",
    "Microsoft\\CTF\\SystemShared",
    "Microsoft\\CTF\\TIP",
    "Microsoft\\DFS",
    "Microsoft\\Driver Signing",
    "Microsoft\\EnterpriseCertificates",
    "Microsoft\\EventSystem",
    "Microsoft\\MSMQ",
    "Microsoft\\Non-Driver Signing",
    "Microsoft\\Notepad\\DefaultFonts",
    "Microsoft\\OLE",
    "Microsoft\\RAS",
    "Microsoft\\RPC",
    "Microsoft\\Shared Tools\\MSInfo",
    "Microsoft\\SystemCertificates",
    "Microsoft\\TermServLicensing",
    "Microsoft\\TransactionServer",
    "Microsoft\\Windows\\CurrentVersion\\App Paths",
    "Microsoft\\Windows\\CurrentVersion\\Control Panel\\Cursors\\Schemes",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\DriveIcons",
    "Microsoft\\Windows\\CurrentVersion\\Explorer\\KindMap",
    "Microsoft\\Windows\\CurrentVersion\\Group Policy",
    "Microsoft\\Windows\\CurrentVersion\\Policies",
    "Microsoft\\Windows\\CurrentVersion\\PreviewHandlers",
    "Microsoft\\Windows\\CurrentVersion\\Setup",
    "Microsoft\\Windows\\CurrentVersion\\Telephony\\Locations",
    "Microsoft\\Windows NT\\CurrentVersion\\Console",
    "Microsoft\\Windows NT\\CurrentVersion\\FontDpi",
    "Microsoft\\Windows NT\\CurrentVersion\\FontLink",
    "Microsoft\\Windows NT\\CurrentVersion\\FontMapper",
    "Microsoft\\Windows NT\\CurrentVersion\\Fonts",
    "Microsoft\\Windows NT\\CurrentVersion\\FontSubstitutes",
    "Microsoft\\Windows NT\\CurrentVersion\\Gre_Initialize",
    "Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
    "Microsoft\\Windows NT\\CurrentVersion\\Language Pack",
    "Microsoft\\Windows NT\\CurrentVersion\\NetworkCards",
    "Microsoft\\Windows NT\\CurrentVersion\\Perflib",
    "Microsoft\\Windows NT\\CurrentVersion\\Ports",
    "Microsoft\\Windows NT\\CurrentVersion\\Print",
    "Microsoft\\Windows NT\\CurrentVersion\\ProfileList",
    "Microsoft\\Windows NT\\CurrentVersion\\Time Zones",
};

/* The Classes subkeys that have a 32-bit copy in Classes\Wow6432Node. */
static const char *const split_classes[] = { "CLSID", "DirectShow", "Interface", "Media Type",
                                             "MediaFoundation" };

/* The Classes\Wow6432Node subkeys that link back to Classes (Win7+). */
static const char *const linked_classes[] = { "AppID", "PROTOCOLS", "TypeLib" };

static bool match_any(const uint16_t *name, size_t len, size_t pos, const char *const *list,
                      size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (match_path(name, len, pos, list[i]))
            return true;
    return false;
}

#define MATCH_ANY(name, len, pos, list) match_any(name, len, pos, list, sizeof list / sizeof *list)

/* One rewrite of a name: name[0, cut) + ins + name[resume, len). */
struct edit {
    enum redirect_reg_result result;
    size_t cut, resume;
    const char *ins;
};

/* The rules below a Classes key whose name ends at cend (a backslash or
 * the end): the five split subkeys go to Classes\Wow6432Node in the
 * 32-bit view; Classes\Wow6432Node\{AppID,PROTOCOLS,TypeLib} is a link to
 * Classes\{...} in both views. */
static struct edit classes_rule(const uint16_t *name, size_t len, size_t cend,
                                enum redirect_reg_view view)
{
    struct edit e = { REDIRECT_REG_SAME, 0, 0, NULL };
    size_t sub = next_component(cend, len), wend;

    if (cend == len)
        return e;
    if ((wend = match_path(name, len, sub, NODE)) &&
        MATCH_ANY(name, len, next_component(wend, len), linked_classes) && wend < len)
        return (struct edit){ REDIRECT_REG_CHANGED, cend, wend, "" };
    if (view == REDIRECT_REG_VIEW_32 && MATCH_ANY(name, len, sub, split_classes))
        return (struct edit){ REDIRECT_REG_CHANGED, cend, cend, "\\" NODE };
    return e;
}

/* The rules under \REGISTRY\MACHINE\SOFTWARE, which ends at send. */
static struct edit software_rule(const uint16_t *name, size_t len, size_t send,
                                 enum redirect_reg_view view)
{
    struct edit same = { REDIRECT_REG_SAME, 0, 0, NULL };
    size_t sub = next_component(send, len), end;

    if (send < len && (end = match_path(name, len, sub, NODE))) {
        size_t cend;

        /* Applications must not spell the reserved name: from the 32-bit
         * view it would mean SOFTWARE\Wow6432Node\Wow6432Node. */
        if (view == REDIRECT_REG_VIEW_32)
            return (struct edit){ REDIRECT_REG_DENIED, 0, 0, NULL };
        /* The 64-bit view reaches the 32-bit copy as it is, apart from the
         * link SOFTWARE\Wow6432Node\Classes -> SOFTWARE\Classes\Wow6432Node
         * (and through it the links back to Classes). */
        if (end == len || !(cend = match_path(name, len, end + 1, "Classes")))
            return same;
        if (cend < len) {
            size_t lend = next_component(cend, len);

            if (MATCH_ANY(name, len, lend, linked_classes))
                return (struct edit){ REDIRECT_REG_CHANGED, send, end, "" };
        }
        return (struct edit){ REDIRECT_REG_CHANGED, send, cend, "\\Classes\\" NODE };
    }
    if (send < len && (end = match_path(name, len, sub, "Classes")))
        return classes_rule(name, len, end, view);
    if (view == REDIRECT_REG_VIEW_64)
        return same;
    if (send < len && MATCH_ANY(name, len, sub, shared_keys))
        return same;
    /* SOFTWARE itself and every other subkey: the 32-bit copy. */
    return (struct edit){ REDIRECT_REG_CHANGED, send, send, "\\" NODE };
}

/* Which rule applies to a full name in a view. */
static struct edit classify(const uint16_t *name, size_t len, enum redirect_reg_view view)
{
    struct edit same = { REDIRECT_REG_SAME, 0, 0, NULL };
    size_t end, u = strlen(USER_ROOT), sid;

    if ((end = match_path(name, len, 0, MACHINE_SOFTWARE)))
        return software_rule(name, len, end, view);
    /* \REGISTRY\USER\<sid>\Software\Classes: the user's classes, and the
     * hive it links to on Windows, \REGISTRY\USER\<sid>_Classes. */
    if (len > u && match_path(name, len, 0, "\\REGISTRY\\USER") == u - 1) {
        sid = u;
        while (sid < len && name[sid] != '\\')
            sid++;
        if (sid - u > 8 && match_path(name, len, sid - 8, "_Classes") == sid)
            return classes_rule(name, len, sid, view);
        if (sid == u || sid == len)
            return same;
        if ((end = match_path(name, len, sid + 1, "Software\\Classes")))
            return classes_rule(name, len, end, view);
    }
    return same;
}

int redirect_reg_view(uint32_t access, int parent_view, bool wow64)
{
    uint32_t flags = access & (REDIRECT_KEY_WOW64_64KEY | REDIRECT_KEY_WOW64_32KEY);

    if (flags == (REDIRECT_KEY_WOW64_64KEY | REDIRECT_KEY_WOW64_32KEY))
        return -1;
    if (flags == REDIRECT_KEY_WOW64_64KEY)
        return REDIRECT_REG_VIEW_64;
    if (flags == REDIRECT_KEY_WOW64_32KEY)
        return REDIRECT_REG_VIEW_32;
    if (parent_view == REDIRECT_REG_VIEW_64 || parent_view == REDIRECT_REG_VIEW_32)
        return parent_view;
    return wow64 ? REDIRECT_REG_VIEW_32 : REDIRECT_REG_VIEW_64;
}

enum redirect_reg_result redirect_reg_key(const uint16_t *name, size_t len,
                                          enum redirect_reg_view view, uint16_t *out, size_t max,
                                          size_t *out_len)
{
    struct edit e = classify(name, len, view);
    size_t n, total;

    if (e.result != REDIRECT_REG_CHANGED)
        return e.result;
    n = strlen(e.ins);
    total = e.cut + n + (len - e.resume);
    if (total > max)
        return REDIRECT_REG_TOO_LONG;
    memmove(out, name, e.cut * sizeof *name);
    for (size_t i = 0; i < n; i++)
        out[e.cut + i] = (uint16_t)(unsigned char)e.ins[i];
    memmove(out + e.cut + n, name + e.resume, (len - e.resume) * sizeof *name);
    *out_len = total;
    return REDIRECT_REG_CHANGED;
}

bool redirect_reg_shared(const uint16_t *name, size_t len)
{
    struct edit a = classify(name, len, REDIRECT_REG_VIEW_32);
    struct edit b = classify(name, len, REDIRECT_REG_VIEW_64);

    /* Shared: both views name the same key in the store. */
    if (a.result == REDIRECT_REG_DENIED || a.result != b.result)
        return false;
    return a.result == REDIRECT_REG_SAME ||
           (a.cut == b.cut && a.resume == b.resume && !strcmp(a.ins, b.ins));
}

/* Case-insensitive match of an ASCII prefix of UTF-16 data. */
static bool starts_with(const uint16_t *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    if (n > len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (fold(data[i]) != fold((uint16_t)(unsigned char)prefix[i]))
            return false;
    return true;
}

bool redirect_reg_value(uint32_t type, const uint16_t *data, size_t len, uint16_t *out, size_t max,
                        size_t *out_len)
{
    static const struct {
        const char *from, *to;
    } rewrites[] = {
        { "%ProgramFiles%", "%ProgramFiles(x86)%" },
        { "%commonprogramfiles%", "%CommonProgramFiles(x86)%" },
    };

    if (type != 1 && type != 2)
        return false;
    for (size_t i = 0; i < sizeof rewrites / sizeof *rewrites; i++) {
        size_t f = strlen(rewrites[i].from), t = strlen(rewrites[i].to);

        if (!starts_with(data, len, rewrites[i].from))
            continue;
        /* The caller sizes out for len + 5; a smaller buffer keeps the
         * value as the program wrote it. */
        if (len - f > max || t > max - (len - f))
            return false;
        memmove(out + t, data + f, (len - f) * sizeof *data);
        for (size_t k = 0; k < t; k++)
            out[k] = (uint16_t)(unsigned char)rewrites[i].to[k];
        *out_len = t + len - f;
        return true;
    }
    return false;
}
