/* esc.c: see esc.h. One pass over the input; each byte is looked at a
 * bounded number of times (a UTF-8 sequence is at most 4 bytes). */
#include <stdint.h>
#include "esc.h"

/* Length of the well-formed UTF-8 sequence at s (at most n bytes) and its
 * code point, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points printed as \u{XXXX}: invisible, or they reorder the line. */
static int hidden(uint32_t c)
{
	return c < 0xa0 || c == 0x61c || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

int cer_esc_write(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;
	int rc = 0;

	while (i < len) {
		if (p[i] >= 0x20 && p[i] <= 0x7e) {
			rc |= p[i] == '\\' ? fputs("\\\\", f) < 0 : fputc(p[i], f) == EOF;
			i++;
		} else if ((n = utf8_seq(p + i, len - i, &cp)) != 0) {
			if (hidden(cp))
				rc |= fprintf(f, "\\u{%04X}", (unsigned)cp) < 0;
			else
				rc |= fwrite(p + i, 1, n, f) != n;
			i += n;
		} else {
			rc |= fprintf(f, "\\x%02X", p[i]) < 0;
			i++;
		}
	}
	return rc ? -1 : 0;
}
