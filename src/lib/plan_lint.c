/* plan_lint.c: the profile lint run when a plan is loaded, before any key
 * exists (DESIGN.md §6). The plan's TBS is built exactly as cert.c will build
 * it, but on a throwaway P-256 key (and, for a subroot, under a throwaway
 * issuer with a subjectKeyIdentifier so authorityKeyIdentifier can be made),
 * then checked by cer_cert_lint(). The plan's own key parameters are checked
 * by the loader; the lint's key rule sees only the throwaway key. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cert.h"
#include "err.h"
#include "plan_local.h"

static X509 *lint_issuer(EVP_PKEY *key, time_t now)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	X509 *x = X509_new();
	X509_NAME *name = X509_get_subject_name(x);

	if (x == NULL || X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set(X509_get_serialNumber(x), 1) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)"plan lint issuer", -1, -1, 0) != 1 ||
	    X509_set_issuer_name(x, name) != 1 || X509_set_pubkey(x, key) != 1 ||
	    X509_time_adj_ex(X509_getm_notBefore(x), -1, 0, &now) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), 9200, 0, &now) == NULL) {
		X509_free(x);
		return NULL;
	}
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_key_identifier, "hash");
	if (ext == NULL || X509_add_ext(x, ext, -1) != 1) {
		X509_EXTENSION_free(ext);
		X509_free(x);
		return NULL;
	}
	X509_EXTENSION_free(ext);
	return x;
}

int plan_lint_profile(const struct cer_plan *plan)
{
	char why[512];
	X509_NAME *subject = NULL;
	X509 *issuer = NULL, *tbs = NULL;
	EVP_PKEY *key;
	time_t now = time(NULL);
	int rc = -1;

	key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (key == NULL)
		return cer_err_ssl("%s: cannot make the throwaway key for the profile lint",
		    plan->path);
	if (plan->type == CER_SUBROOT && (issuer = lint_issuer(key, now)) == NULL) {
		cer_err_ssl("%s: cannot make the throwaway issuer for the profile lint",
		    plan->path);
		goto out;
	}
	subject = cer_plan_subject(plan);
	if (subject == NULL ||
	    cer_cert_tbs(plan, key, subject, issuer, key, now, &tbs) != 0)
		goto out;
	if (cer_cert_lint(plan, tbs) != 0) {
		snprintf(why, sizeof why, "%s", cer_errmsg());
		cer_err("%s: [%s] (named by [certificate] extensions): %s", plan->path,
		    plan->ext_section, why);
		goto out;
	}
	rc = 0;
out:
	X509_free(tbs);
	X509_free(issuer);
	X509_NAME_free(subject);
	EVP_PKEY_free(key);
	return rc;
}
