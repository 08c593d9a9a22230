/* esc.h: bytes from an untrusted source, made safe to print on a terminal.
 * Contract: cer_esc_write() writes s[0..len) to f so that no control byte
 * reaches the terminal: printable ASCII (0x20..0x7e) stands for itself except
 * '\\', written "\\\\"; a well-formed UTF-8 sequence of a code point from
 * U+00A0 on stands for itself unless it is invisible or reorders text
 * (U+061C, U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+FEFF), written
 * "\\u{XXXX}"; every other byte (C0 and C1 controls, DEL, a newline, a
 * malformed, overlong or surrogate sequence) is written "\\xNN". So the
 * output holds no byte below 0x20 and no DEL, and one line of input is one
 * line of output. Returns 0, or -1 when f reports a write error. */
#ifndef CER_ESC_H
#define CER_ESC_H
#include <stddef.h>
#include <stdio.h>

int cer_esc_write(FILE *f, const char *s, size_t len);

#endif
