/* nametext.h: an X.509 name as people read it, on screen and on paper
 * (DESIGN.md §6: what you read is what is signed).
 * Contract: cer_name_text() gives one "ATTR = value" line per attribute, in
 * the name's order, each value whole. A non-ASCII character is shown as
 * itself and, after the value, once with its code point
 * ("L = Lüneburg (ü U+00FC)"), never as an escape; a character that hides or
 * changes text (utf8.h) is shown as <U+XXXX> and a byte that is not UTF-8 as
 * <0xNN>, so nothing reaches the terminal that it would obey.
 * cer_text_wrap() lays such lines out for a screen or a page: no line wider
 * than width columns, nothing cut or dropped; a line that does not fit goes
 * on over the next lines, indented under its value. Both return a malloc'd
 * string without a final newline (caller frees), NULL after cer_err(). */
#ifndef CER_NAMETEXT_H
#define CER_NAMETEXT_H
#include <openssl/x509.h>

char *cer_name_text(const X509_NAME *name);
/* The first line goes after a label of indent columns the caller prints;
 * every later line begins with indent spaces. width > indent + 16. */
char *cer_text_wrap(const char *text, int indent, int width);
/* Columns the n bytes of UTF-8 at s take (cer_cp_columns; 1 per bad byte). */
int cer_text_columns(const char *s, size_t n);
/* cer_name_text(name) laid out by cer_text_wrap(text, indent, width). */
char *cer_name_lines(const X509_NAME *name, int indent, int width);

#endif
