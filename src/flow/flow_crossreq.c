/* flow_crossreq.c: step 6, after the first CRL, when the plan asks
 * ([certificate] cross_request = yes): the cross-signing request, a CSR of
 * the new root for an existing root elsewhere to cross-sign (BR 7.1.2.2).
 * Signed by the new key (cer_cert_csr), then checked to carry the new
 * certificate's subject and SubjectPublicKeyInfo byte for byte
 * (cer_csr_of_cert). Shown (SHA-256 of its DER in the one hash layout),
 * recorded ("cross-request": sha256) and written on every output stick at
 * step 8 (root-cross.csr.pem and .der, flow_outputs.c), where `ceremony
 * verify` checks it against the certificate and this event. */
#include <openssl/x509.h>
#include "cert.h"
#include "err.h"
#include "flow_local.h"
#include "issue.h"
#include "util.h"

int flow_cross_request(struct cer_flow *f)
{
	unsigned char *der = NULL;
	char hex[65];
	uint8_t h[32];
	int n, rc;

	if (!f->plan->cross_request)
		return 0;
	if (cer_cert_csr(f->plan, f->key, &f->cross_csr) != 0 ||
	    cer_csr_of_cert(f->cross_csr, f->cert, "the cross-signing request") != 0)
		return -1;
	n = i2d_X509_REQ(f->cross_csr, &der);
	if (n <= 0)
		return cer_err_ssl("the cross-signing request: cannot encode it");
	rc = cer_sha256(der, (size_t)n, h);
	OPENSSL_free(der);
	if (rc != 0)
		return -1;
	cer_hex(h, 32, hex);
	if (flow_say(f, "Cross-signing request (the plan asks for one): a CSR of this root, "
	    "signed by the new key,\n  with the certificate's subject and public key, for an "
	    "existing root to cross-sign.\n") != 0 ||
	    flow_show_hash(f, "Cross-signing request SHA-256", h) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "cross-request", "sha256", hex, NULL);
}
