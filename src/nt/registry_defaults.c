/* The content a new registry store starts with: the keys and values
 * Windows programs expect to find (version, Program Files folders for both
 * views, the environment, the Classes roots). Kept small: a new store is
 * made and written on the first registry call of a fresh prefix. */
#include "registry.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "token.h"
#include "hostid.h"

#define HKLM "\\REGISTRY\\MACHINE\\"
#define HKCU "\\REGISTRY\\USER\\" WOW64_USER_SID "\\"

/* Matches the PEB the loader fills (src/loader/startup.c): Windows 10
 * 22H2, build 19045. CurrentVersion stays "6.3", as Windows 10 keeps it
 * for old programs. */
#define BUILD "19045"

static struct reg_key *key(struct reg_key *root, const char *path)
{
    struct reg_path p = { 0 };
    struct reg_key *k;

    reg_path_add_ascii(&p, path);
    k = p.failed ? NULL : reg_tree_make_path(root, p.s, p.len);
    reg_path_free(&p);
    return k;
}

/* A string value (REG_SZ, REG_EXPAND_SZ or REG_LINK; the link target has
 * no terminating NUL, as Windows stores it). */
static void str(struct reg_key *k, const char *name, uint32_t type, const char *value)
{
    struct reg_path n = { 0 }, v = { 0 };

    if (!k)
        return;
    reg_path_add_ascii(&n, name);
    reg_path_add_ascii(&v, value);
    if (!n.failed && !v.failed)
        reg_tree_set_value(k, n.s, n.len, type, v.s, (v.len + (type != REG_LINK)) * 2);
    reg_path_free(&n);
    reg_path_free(&v);
}

static void sz(struct reg_key *k, const char *name, const char *value)
{
    str(k, name, REG_SZ, value);
}

static void dword(struct reg_key *k, const char *name, uint32_t value)
{
    struct reg_path n = { 0 };

    if (!k)
        return;
    reg_path_add_ascii(&n, name);
    if (!n.failed)
        reg_tree_set_value(k, n.s, n.len, REG_DWORD, &value, 4);
    reg_path_free(&n);
}

static void version_keys(struct reg_key *k)
{
    sz(k, "ProductName", "Windows 10 Pro");
    sz(k, "EditionID", "Professional");
    sz(k, "InstallationType", "Client");
    sz(k, "CurrentVersion", "6.3");
    sz(k, "CurrentBuildNumber", BUILD);
    sz(k, "CurrentBuild", BUILD);
    dword(k, "CurrentMajorVersionNumber", 10);
    dword(k, "CurrentMinorVersionNumber", 0);
    sz(k, "DisplayVersion", "22H2");
    sz(k, "ReleaseId", "2009");
    sz(k, "CurrentType", "Multiprocessor Free");
    sz(k, "SystemRoot", "C:\\Windows");
    sz(k, "PathName", "C:\\Windows");
}

/* HKLM\Software\Microsoft\Windows\CurrentVersion as each view has it. */
static void folder_keys(struct reg_key *k, bool view32)
{
    sz(k, "ProgramFilesDir", view32 ? "C:\\Program Files (x86)" : "C:\\Program Files");
    sz(k, "ProgramFilesDir (x86)", "C:\\Program Files (x86)");
    sz(k, "CommonFilesDir",
       view32 ? "C:\\Program Files (x86)\\Common Files" : "C:\\Program Files\\Common Files");
    sz(k, "CommonFilesDir (x86)", "C:\\Program Files (x86)\\Common Files");
    sz(k, "ProgramW6432Dir", "C:\\Program Files");
    sz(k, "CommonW6432Dir", "C:\\Program Files\\Common Files");
    str(k, "ProgramFilesPath", REG_EXPAND_SZ, "%ProgramFiles%");
    sz(k, "DevicePath", "C:\\Windows\\inf");
    sz(k, "MediaPathUnexpanded", "C:\\Windows\\Media");
}

/* Fills a new tree with the default content. */
void reg_defaults_fill(struct reg_key *root)
{
    struct reg_key *k;

    version_keys(key(root, HKLM "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"));
    version_keys(key(root, HKLM "SOFTWARE\\Wow6432Node\\Microsoft\\Windows NT\\CurrentVersion"));
    folder_keys(key(root, HKLM "SOFTWARE\\Microsoft\\Windows\\CurrentVersion"), false);
    folder_keys(key(root, HKLM "SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion"), true);
    key(root, HKLM "SOFTWARE\\Classes\\CLSID");
    key(root, HKLM "SOFTWARE\\Classes\\Interface");
    key(root, HKLM "SOFTWARE\\Classes\\Wow6432Node\\CLSID");
    key(root, HKLM "SOFTWARE\\Classes\\Wow6432Node\\Interface");
    key(root, HKLM "SOFTWARE\\Policies");
    key(root, HKLM "SOFTWARE\\Wow6432Node\\Policies");

    k = key(root, HKLM "SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment");
    str(k, "ComSpec", REG_EXPAND_SZ, "%SystemRoot%\\system32\\cmd.exe");
    sz(k, "OS", "Windows_NT");
    str(k, "Path", REG_EXPAND_SZ,
        "%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem");
    sz(k, "PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC");
    sz(k, "PROCESSOR_ARCHITECTURE", "AMD64");
    str(k, "TEMP", REG_EXPAND_SZ, "%SystemRoot%\\TEMP");
    str(k, "TMP", REG_EXPAND_SZ, "%SystemRoot%\\TEMP");
    str(k, "windir", REG_EXPAND_SZ, "%SystemRoot%");
    dword(key(root, HKLM "SYSTEM\\Select"), "Current", 1);
    /* HKEY_CURRENT_CONFIG: Hardware Profiles\Current, a link to the one
     * profile. */
    key(root, HKLM "SYSTEM\\ControlSet001\\Hardware Profiles\\0001\\Software");
    if ((k = key(root, HKLM "SYSTEM\\ControlSet001\\Hardware Profiles\\Current")))
        str(k, "SymbolicLinkValue", REG_LINK,
            HKLM "SYSTEM\\ControlSet001\\Hardware Profiles\\0001");
    /* CurrentControlSet is a symbolic link, as on Windows. */
    if ((k = key(root, HKLM "SYSTEM\\CurrentControlSet"))) {
        k->is_link = true;
        str(k, "SymbolicLinkValue", REG_LINK, HKLM "SYSTEM\\ControlSet001");
    }

    k = key(root, HKCU "Environment");
    str(k, "TEMP", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local\\Temp");
    str(k, "TMP", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local\\Temp");
    key(root, HKCU "Software\\Classes\\Wow6432Node");
    key(root, HKCU "Software\\Microsoft\\Windows\\CurrentVersion");
    key(root, "\\REGISTRY\\USER\\.DEFAULT\\Environment");
}

/* Makes HKCU\Volatile Environment in the current tree, if missing. */
void reg_defaults_volatile(struct reg_key *root)
{
    struct reg_path p = { 0 };
    struct reg_key *hkcu, *k;
    char buf[512];
    const char *user = host_user_name();

    reg_path_add_ascii(&p, "\\REGISTRY\\USER\\" WOW64_USER_SID);
    hkcu = p.failed ? NULL : reg_lookup_exact(root, p.s, p.len);
    reg_path_free(&p);
    if (!hkcu || reg_subkey(hkcu, u"Volatile Environment", 20))
        return;
    /* Made directly (no journal): it exists in every process and is
     * never written to the store. */
    if (!(k = reg_tree_add_key(hkcu, u"Volatile Environment", 20)))
        return;
    k->is_volatile = true;
    sz(k, "USERNAME", user);
    sz(k, "USERDOMAIN", "WOW64");
    sz(k, "HOMEDRIVE", "C:");
    snprintf(buf, sizeof buf, "\\Users\\%s", user);
    sz(k, "HOMEPATH", buf);
    snprintf(buf, sizeof buf, "C:\\Users\\%s", user);
    sz(k, "USERPROFILE", buf);
    snprintf(buf, sizeof buf, "C:\\Users\\%s\\AppData\\Roaming", user);
    sz(k, "APPDATA", buf);
    snprintf(buf, sizeof buf, "C:\\Users\\%s\\AppData\\Local", user);
    sz(k, "LOCALAPPDATA", buf);
    sz(k, "LOGONSERVER", "\\\\WOW64");
}

/* Makes HKLM\SYSTEM\ControlSet001\Control\ComputerName\{ComputerName,
 * ActiveComputerName} in the current tree, if missing: volatile, with the
 * host's name, as Windows sets ActiveComputerName at boot (GetComputerName
 * reads it). */
void reg_defaults_computer_name(struct reg_key *root)
{
    static const uint16_t sub[2][19] = { u"ComputerName", u"ActiveComputerName" };
    static const size_t sub_len[2] = { 12, 18 };
    struct reg_path p = { 0 };
    struct reg_key *control, *cn, *k;

    reg_path_add_ascii(&p, "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control");
    control = p.failed ? NULL : reg_lookup_exact(root, p.s, p.len);
    reg_path_free(&p);
    if (!control)
        return;
    if (!(cn = reg_subkey(control, u"ComputerName", 12))) {
        if (!(cn = reg_tree_add_key(control, u"ComputerName", 12)))
            return;
        cn->is_volatile = true;
    }
    for (int i = 0; i < 2; i++) {
        if (reg_subkey(cn, sub[i], sub_len[i]) || !(k = reg_tree_add_key(cn, sub[i], sub_len[i])))
            continue;
        k->is_volatile = true;
        sz(k, "ComputerName", host_computer_name());
    }
}
