/* The code page tables and converters of src/guest/ntdll/codepage.c,
 * compiled into kernel32 as well: one source, so one table, but kernel32's
 * MultiByteToWideChar/WideCharToMultiByte need per-character answers
 * (unmappable characters, glyphs) that ntdll's Rtl* API does not give. */
#include "../ntdll/codepage.c"
