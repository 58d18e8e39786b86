/* What kernel32's console files share: console.c (handles, text, reads,
 * modes, control events), console_input.c (the input queue and input
 * records) and console_screen.c (the screen buffer on a terminal: size,
 * cursor, fills). */
#ifndef WOW64_KERNEL32_CONSOLE_PRIVATE_H
#define WOW64_KERNEL32_CONSOLE_PRIVATE_H

#include "kernel32_private.h"

/* The host's console service (src/nt/console.c; syscalls.def). */
NTSYSAPI NTSTATUS NTAPI Wow64Console(HANDLE h, ULONG op, PVOID in, ULONG in_size, PVOID out,
                                     ULONG out_size);
#define CON_OP_SIZE 1
#define CON_OP_GET_MODE 2
#define CON_OP_SET_MODE 3
#define CON_OP_CURSOR 4
#define CON_OP_SHOW_CURSOR 5
#define CON_OP_CTRL_EVENT 6
#define CON_OP_READ 7

/* Writes bytes to the terminal as they are (escape sequences). */
NTSTATUS k32_console_write_raw(HANDLE h, const void *buf, DWORD len);
/* Whether console handle h reads (an input handle) or is a screen buffer. */
BOOL k32_console_is_input(HANDLE h);
/* The attributes SetConsoleTextAttribute set last (0x07 at start). */
WORD k32_console_attributes(void);
UINT k32_console_output_cp(void);
/* The SGR sequence that selects attr's colours, into buf (32 bytes);
 * returns its length. */
int k32_console_sgr(char *buf, WORD attr);
/* Text is about to be written to the screen (WriteConsole, WriteFile). */
void k32_console_screen_written(void);
/* Bytes the user typed that a cursor position query read from the
 * terminal: console reads return them first. */
void k32_console_push_typeahead(const void *buf, DWORD len);
/* After a cursor query went unanswered: console reads drop the answer
 * when it arrives late. */
void k32_console_expect_late_report(void);
DWORD k32_console_input_mode(void);
UINT k32_console_input_cp(void);
/* FlushConsoleInputBuffer ran: console.c drops what it keeps of input. */
void k32_console_input_flushed(void);

/* console_input.c: the input queue (terminal bytes, then records). */
BOOL k32_console_input_queued(void);
/* ENABLE_WINDOW_INPUT was turned on: size changes from now on are events. */
void k32_console_watch_size(HANDLE h);
/* Characters of the queued key records (with wait: at least one). */
NTSTATUS k32_console_input_chars(HANDLE h, WCHAR *out, DWORD max, BOOL wait, DWORD *got);
/* Bytes as the terminal gives them (line input), the queued ones first;
 * buf needs max + 3 bytes. */
NTSTATUS k32_console_input_bytes(HANDLE h, unsigned char *buf, DWORD max, DWORD *got);

#endif
