/* cert_text.c: the lint certificate as people read it (cert.h): the text
 * `openssl x509 -text` prints (X509_print_ex), UTF-8 shown as itself, lines
 * wider than 80 columns wrapped (nothing cut), and
 * the list of its fields that are placeholders until the ceremony. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "nametext.h"

#define TEXT_WIDTH 80

/* text with every line wider than TEXT_WIDTH columns wrapped (cer_text_wrap),
 * its continuation under the line's first character; malloc'd. */
static char *fit(const char *text)
{
	char *out = NULL, *w;
	size_t len = 0, n;
	const char *l, *nl;
	FILE *f = open_memstream(&out, &len);
	int lead;

	if (f == NULL)
		return NULL;
	for (l = text; *l != '\0'; l = nl + 1) {
		nl = strchr(l, '\n');
		n = nl ? (size_t)(nl - l) : strlen(l);
		if (cer_text_columns(l, n) <= TEXT_WIDTH) {
			fprintf(f, "%.*s\n", (int)n, l);
		} else {
			char *line = strndup(l, n);

			lead = (int)strspn(l, " ");
			if (lead > TEXT_WIDTH / 2)
				lead = TEXT_WIDTH / 2;
			w = line ? cer_text_wrap(line + lead, lead, TEXT_WIDTH) : NULL;
			if (w != NULL)
				fprintf(f, "%*s%s\n", lead, "", w);
			free(w);
			free(line);
			if (w == NULL) {
				fclose(f);
				free(out);
				return NULL;
			}
		}
		if (nl == NULL)
			break;
	}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

int cer_cert_text(X509 *cert, int extensions_only, char **out)
{
	unsigned long nmflags = (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
	unsigned long cflags = extensions_only ? X509_FLAG_NO_HEADER | X509_FLAG_NO_VERSION |
	    X509_FLAG_NO_SERIAL | X509_FLAG_NO_SIGNAME | X509_FLAG_NO_ISSUER |
	    X509_FLAG_NO_VALIDITY | X509_FLAG_NO_SUBJECT | X509_FLAG_NO_PUBKEY |
	    X509_FLAG_NO_SIGDUMP | X509_FLAG_NO_AUX : 0;
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *raw;
	long len;

	*out = NULL;
	if (b == NULL || X509_print_ex(b, cert, nmflags, cflags) != 1) {
		BIO_free(b);
		return cer_err_ssl("cannot print the certificate");
	}
	len = BIO_get_mem_data(b, &data);
	raw = strndup(data, (size_t)len);
	BIO_free(b);
	*out = raw ? fit(raw) : NULL;
	free(raw);
	return *out ? 0 : cer_err("out of memory");
}

const char *cer_cert_placeholders(const struct cer_plan *plan)
{
	if (plan->type == CER_TOPLEVEL)
		return "Placeholders until the ceremony (the rest is exactly what will be signed):\n"
		    "  Serial Number   128 random bits after 0x01, drawn at the ceremony\n"
		    "  Validity        starts at the ceremony clock (shown: the plan's date)\n"
		    "  Public Key      the key generated at the ceremony (shown: a throwaway)\n"
		    "  Subject and Authority Key Identifier   the SHA-1 of that key\n"
		    "  Signature       by that key (shown: by the throwaway)\n";
	if (plan->lint_parent)
		return "Placeholders until the ceremony (the rest is exactly what will be signed):\n"
		    "  Serial Number   128 random bits after 0x01, drawn at the ceremony\n"
		    "  Validity        starts at the ceremony clock (shown: the plan's date)\n"
		    "  Public Key      the key generated at the ceremony (shown: a throwaway)\n"
		    "  Subject Key Identifier   the SHA-1 of that key\n"
		    "  Signature       by the parent's key (shown: by a throwaway of its type)\n";
	return "Placeholders until the ceremony (the rest is exactly what will be signed):\n"
	    "  Serial Number   128 random bits after 0x01, drawn at the ceremony\n"
	    "  Validity        starts at the ceremony clock (shown: the plan's date)\n"
	    "  Public Key      the key generated at the ceremony (shown: a throwaway)\n"
	    "  Subject Key Identifier   the SHA-1 of that key\n"
	    "  Issuer, Authority Key Identifier, Signature   the parent's: shown here as a\n"
	    "                  placeholder; give the parent with --parent ROOT-CERT to see\n"
	    "                  them and to validate the chain under it\n";
}
