/* The environment a Windows process starts with, per bitness (spec
 * section 3: Program Files and environment). */
#include "redirect.h"

#include <stdio.h>
#include <string.h>

size_t redirect_env_defaults(bool wow64, const char *user, const char *computer, int ncpu,
                             struct env_var *out, size_t max)
{
    const char *pf = wow64 ? "C:\\Program Files (x86)" : "C:\\Program Files";
    struct {
        const char *name;
        const char *fmt;
        const char *arg;
    } table[] = {
        { "ALLUSERSPROFILE", "C:\\ProgramData", NULL },
        { "APPDATA", "C:\\Users\\%s\\AppData\\Roaming", user },
        { "CommonProgramFiles", "%s\\Common Files", pf },
        { "CommonProgramFiles(x86)", "C:\\Program Files (x86)\\Common Files", NULL },
        { "CommonProgramW6432", "C:\\Program Files\\Common Files", NULL },
        { "COMPUTERNAME", "%s", computer },
        { "ComSpec", "C:\\Windows\\system32\\cmd.exe", NULL },
        { "HOMEDRIVE", "C:", NULL },
        { "HOMEPATH", "\\Users\\%s", user },
        { "LOCALAPPDATA", "C:\\Users\\%s\\AppData\\Local", user },
        { "NUMBER_OF_PROCESSORS", NULL, NULL },
        { "OS", "Windows_NT", NULL },
        { "Path", "C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem", NULL },
        { "PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC", NULL },
        { "PROCESSOR_ARCHITECTURE", wow64 ? "x86" : "AMD64", NULL },
        { "PROCESSOR_ARCHITEW6432", wow64 ? "AMD64" : NULL, NULL },
        { "ProgramData", "C:\\ProgramData", NULL },
        { "ProgramFiles", "%s", pf },
        { "ProgramFiles(x86)", "C:\\Program Files (x86)", NULL },
        { "ProgramW6432", "C:\\Program Files", NULL },
        { "PUBLIC", "C:\\Users\\Public", NULL },
        { "SystemDrive", "C:", NULL },
        { "SystemRoot", "C:\\Windows", NULL },
        { "TEMP", "C:\\Users\\%s\\AppData\\Local\\Temp", user },
        { "TMP", "C:\\Users\\%s\\AppData\\Local\\Temp", user },
        { "USERNAME", "%s", user },
        { "USERPROFILE", "C:\\Users\\%s", user },
        { "windir", "C:\\Windows", NULL },
    };
    size_t n = 0;

    for (size_t i = 0; i < sizeof table / sizeof *table && n < max; i++) {
        if (!strcmp(table[i].name, "NUMBER_OF_PROCESSORS")) {
            out[n].name = table[i].name;
            snprintf(out[n].value, sizeof out[n].value, "%d", ncpu);
            n++;
            continue;
        }
        if (!table[i].fmt)
            continue; /* not set for this bitness */
        out[n].name = table[i].name;
        snprintf(out[n].value, sizeof out[n].value, table[i].fmt, table[i].arg ? table[i].arg : "");
        n++;
    }
    return n;
}
