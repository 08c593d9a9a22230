/* cert_text.c: the lint certificate as people read it (cert.h): the text
 * `openssl x509 -text` prints (X509_print_ex), UTF-8 shown as itself, and
 * the list of its fields that are placeholders until the ceremony. */
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"

int cer_cert_text(X509 *cert, int extensions_only, char **out)
{
	unsigned long nmflags = (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
	unsigned long cflags = extensions_only ? X509_FLAG_NO_HEADER | X509_FLAG_NO_VERSION |
	    X509_FLAG_NO_SERIAL | X509_FLAG_NO_SIGNAME | X509_FLAG_NO_ISSUER |
	    X509_FLAG_NO_VALIDITY | X509_FLAG_NO_SUBJECT | X509_FLAG_NO_PUBKEY |
	    X509_FLAG_NO_SIGDUMP | X509_FLAG_NO_AUX : 0;
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long len;

	*out = NULL;
	if (b == NULL || X509_print_ex(b, cert, nmflags, cflags) != 1) {
		BIO_free(b);
		return cer_err_ssl("cannot print the certificate");
	}
	len = BIO_get_mem_data(b, &data);
	*out = malloc((size_t)len + 1);
	if (*out == NULL) {
		BIO_free(b);
		return cer_err("out of memory");
	}
	memcpy(*out, data, (size_t)len);
	(*out)[len] = '\0';
	BIO_free(b);
	return 0;
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
