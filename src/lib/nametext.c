/* nametext.c: an X.509 name for display (see nametext.h). The one place a
 * subject is formatted for people: the plan step, plan-check, the script and
 * the certificate screens all use it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include "err.h"
#include "nametext.h"
#include "utf8.h"

#define MAX_SHOWN 128   /* distinct non-ASCII characters listed per value */

/* Writes value (n bytes of UTF-8) and its list of code points. */
static void put_value(FILE *f, const unsigned char *u, int n)
{
	uint32_t seen[MAX_SHOWN], cp;
	int i, k, len, nseen = 0, more = 0;

	for (i = 0; i < n; i += len) {
		len = u[i] == '\0' ? 0 : cer_utf8_next((const char *)u + i, &cp);
		if (len == 0 || i + len > n) {
			fprintf(f, "<0x%02X>", u[i]);
			len = 1;
			continue;
		}
		if (cer_cp_hidden(cp) != NULL) {
			fprintf(f, "<U+%04X>", (unsigned)cp);
			continue;
		}
		fwrite(u + i, 1, (size_t)len, f);
		if (cp < 0x80)
			continue;
		for (k = 0; k < nseen && seen[k] != cp; k++)
			;
		if (k == nseen && nseen < MAX_SHOWN)
			seen[nseen++] = cp;
		else if (k == nseen)
			more = 1;
	}
	for (k = 0; k < nseen; k++) {
		fputs(k == 0 ? " (" : ", ", f);
		for (i = 0; i < n; i += len) {   /* the character's bytes, as written */
			len = cer_utf8_next((const char *)u + i, &cp);
			if (len == 0)
				len = 1;
			else if (cp == seen[k])
				break;
		}
		fwrite(u + i, 1, (size_t)len, f);
		fprintf(f, " U+%04X", (unsigned)seen[k]);
	}
	if (nseen > 0)
		fputs(more ? ", ...)" : ")", f);
}

static void put_attr(FILE *f, const X509_NAME_ENTRY *e)
{
	const ASN1_OBJECT *obj = X509_NAME_ENTRY_get_object(e);
	const ASN1_STRING *data = X509_NAME_ENTRY_get_data(e);
	unsigned char *u = NULL;
	char oid[96];
	int nid = OBJ_obj2nid(obj), n, i;

	if (nid != NID_undef)
		fputs(OBJ_nid2sn(nid), f);
	else if (OBJ_obj2txt(oid, sizeof oid, obj, 1) > 0)
		fputs(oid, f);
	else
		fputs("(unknown attribute)", f);
	fputs(" = ", f);
	n = ASN1_STRING_to_UTF8(&u, data);
	if (n < 0) {   /* not a string type: its bytes in hex, as RFC 4514 does */
		fputc('#', f);
		for (i = 0; i < ASN1_STRING_length(data); i++)
			fprintf(f, "%02X", ASN1_STRING_get0_data(data)[i]);
		return;
	}
	put_value(f, u, n);
	OPENSSL_free(u);
}

char *cer_name_text(const X509_NAME *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	if (f == NULL) {
		cer_err("out of memory");
		return NULL;
	}
	for (i = 0; i < X509_NAME_entry_count(name); i++) {
		if (i > 0)
			fputc('\n', f);
		put_attr(f, X509_NAME_get_entry(name, i));
	}
	if (fclose(f) != 0) {
		free(buf);
		cer_err("out of memory");
		return NULL;
	}
	return buf;
}

char *cer_name_lines(const X509_NAME *name, int indent, int width)
{
	char *text = cer_name_text(name), *lines;

	if (text == NULL)
		return NULL;
	lines = cer_text_wrap(text, indent, width);
	free(text);
	return lines;
}

/* Columns of s..e; *fit set to the end of the longest prefix within max. */
static int columns(const char *s, const char *e, int max, const char **fit)
{
	uint32_t cp;
	int cols = 0, n, w;

	*fit = s;
	while (s < e) {
		n = cer_utf8_next(s, &cp);
		w = n == 0 ? 1 : cer_cp_columns(cp);
		if (n == 0 || s + n > e)
			n = 1;
		if (cols + w <= max)
			*fit = s + n;
		cols += w;
		s += n;
	}
	return cols;
}

int cer_text_columns(const char *s, size_t n)
{
	const char *fit;

	return columns(s, s + n, 0, &fit);
}

/* One line of text, s..e, in pieces of at most room columns. */
static void wrap_line(FILE *f, const char *s, const char *e, int indent, int room)
{
	const char *eq = NULL, *fit, *cut, *p, *low;
	uint32_t cp;
	int hang = 2, cols, n;

	for (p = s; p + 2 < e && eq == NULL; p++)
		if (p[0] == ' ' && p[1] == '=' && p[2] == ' ')
			eq = p + 3;
	if (eq != NULL && columns(s, eq, room, &fit) <= room / 2)
		hang = (int)(eq - s);
	cols = room;
	while (columns(s, e, cols, &fit) > cols) {
		cut = fit;
		low = eq != NULL && eq > s ? eq : s + 1;
		for (p = fit; p > low; p--)   /* after the last space that fits */
			if (p[-1] == ' ') {
				cut = p;
				break;
			}
		if (cut <= s) {   /* not even one character fits: take one */
			n = cer_utf8_next(s, &cp);
			cut = s + (n > 0 ? n : 1);
		}
		fwrite(s, 1, (size_t)(cut - s), f);
		fprintf(f, "\n%*s", indent + hang, "");
		s = cut;
		cols = room - hang;
	}
	fwrite(s, 1, (size_t)(e - s), f);
}

char *cer_text_wrap(const char *text, int indent, int width)
{
	char *buf = NULL;
	size_t len = 0;
	const char *s = text, *e;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL) {
		cer_err("out of memory");
		return NULL;
	}
	for (;;) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		wrap_line(f, s, e, indent, width - indent);
		if (*e == '\0')
			break;
		fprintf(f, "\n%*s", indent, "");
		s = e + 1;
	}
	if (fclose(f) != 0) {
		free(buf);
		cer_err("out of memory");
		return NULL;
	}
	return buf;
}
