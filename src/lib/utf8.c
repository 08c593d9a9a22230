/* utf8.c: decoding and classifying characters (see utf8.h). The tables list
 * Unicode's format characters (category Cf), default-ignorable characters
 * and the other characters a terminal shows as nothing or as an ordinary
 * space; they are short enough to read against the Unicode data files. */
#include <stddef.h>
#include "utf8.h"

int cer_utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	int n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)   /* also stops at the NUL */
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

struct cp_range {
	uint32_t lo, hi;
	const char *what;
};

#define INVISIBLE "an invisible character"
#define BIDI "a bidi control (it reorders the text around it)"
#define SPACE "a space other than U+0020"

static const struct cp_range hidden[] = {
	{ 0x0000, 0x001f, "a control character" },
	{ 0x007f, 0x009f, "a control character" },
	{ 0x00a0, 0x00a0, SPACE },
	{ 0x00ad, 0x00ad, "a soft hyphen (invisible)" },
	{ 0x034f, 0x034f, INVISIBLE },
	{ 0x0600, 0x0605, INVISIBLE },
	{ 0x061c, 0x061c, BIDI },
	{ 0x06dd, 0x06dd, INVISIBLE },
	{ 0x070f, 0x070f, INVISIBLE },
	{ 0x0890, 0x0891, INVISIBLE },
	{ 0x08e2, 0x08e2, INVISIBLE },
	{ 0x115f, 0x1160, INVISIBLE },
	{ 0x1680, 0x1680, SPACE },
	{ 0x17b4, 0x17b5, INVISIBLE },
	{ 0x180b, 0x180f, INVISIBLE },
	{ 0x2000, 0x200a, SPACE },
	{ 0x200b, 0x200b, "a zero-width space (invisible)" },
	{ 0x200c, 0x200d, INVISIBLE },
	{ 0x200e, 0x200f, BIDI },
	{ 0x2028, 0x2029, "a line or paragraph separator" },
	{ 0x202a, 0x202e, BIDI },
	{ 0x202f, 0x202f, SPACE },
	{ 0x205f, 0x205f, SPACE },
	{ 0x2060, 0x2060, "a word joiner (invisible)" },
	{ 0x2061, 0x2064, INVISIBLE },
	{ 0x2065, 0x2065, INVISIBLE },
	{ 0x2066, 0x2069, BIDI },
	{ 0x206a, 0x206f, INVISIBLE },
	{ 0x3000, 0x3000, SPACE },
	{ 0x3164, 0x3164, INVISIBLE },
	{ 0xd800, 0xdfff, "a surrogate" },
	{ 0xe000, 0xf8ff, "a private-use character" },
	{ 0xfdd0, 0xfdef, "a noncharacter" },
	{ 0xfe00, 0xfe0f, "a variation selector (invisible)" },
	{ 0xfeff, 0xfeff, "a byte order mark or zero-width no-break space (invisible)" },
	{ 0xffa0, 0xffa0, INVISIBLE },
	{ 0xfff0, 0xfffb, INVISIBLE },
	{ 0xfffc, 0xfffd, "a replacement character (the text was damaged)" },
	{ 0x110bd, 0x110bd, INVISIBLE },
	{ 0x110cd, 0x110cd, INVISIBLE },
	{ 0x13430, 0x1343f, INVISIBLE },
	{ 0x1bca0, 0x1bca3, INVISIBLE },
	{ 0x1d173, 0x1d17a, INVISIBLE },
	{ 0xe0000, 0xe0fff, "a tag or variation selector (invisible)" },
	{ 0xf0000, 0x10ffff, "a private-use character" },
};

const char *cer_cp_hidden(uint32_t cp)
{
	size_t i;

	if ((cp & 0xfffe) == 0xfffe)
		return "a noncharacter";
	for (i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		if (cp >= hidden[i].lo && cp <= hidden[i].hi)
			return hidden[i].what;
	return NULL;
}

int cer_cp_columns(uint32_t cp)
{
	return cp >= 0x1100 ? 2 : 1;
}
