/* utf8.h: UTF-8 as people read it on a screen or on paper.
 * Contract: cer_utf8_next() decodes one character of a NUL-terminated string
 * and refuses what is not valid UTF-8 (overlong forms, surrogates, beyond
 * U+10FFFF, cut sequences). cer_cp_hidden() says why a character must not
 * appear in text people confirm (a plan, a name shown on screen): control
 * characters, invisible and bidi formatting characters, spaces other than
 * U+0020, private-use characters, noncharacters; NULL for the others.
 * cer_cp_columns() is the width on a terminal, never less than the real one. */
#ifndef CER_UTF8_H
#define CER_UTF8_H
#include <stdint.h>

/* Length (1..4) of the character at s, its code point in *cp; 0 when invalid. */
int cer_utf8_next(const char *s, uint32_t *cp);
/* NULL, or what cp is ("a bidi control", ...) when it hides or changes text. */
const char *cer_cp_hidden(uint32_t cp);
/* 2 for every character from U+1100 on (where wide ones begin), else 1. */
int cer_cp_columns(uint32_t cp);

#endif
