/* flow_crl.c: step 6's first CRL [C6]; BR 4.9.7 wants a CA's CRL within 24
 * hours of its first certificate, EJBCA-style ceremonies issue an empty one
 * when the CA is made. Right after the new certificate, the new key signs
 * that CA's first CRL (crl.h): number 1, no entry, thisUpdate the ceremony
 * clock, nextUpdate [certificate] crl_days later (at most 365). It is shown
 * (dates, SHA-256 of its DER in the one hash layout), recorded ("crl":
 * number, this_update, next_update, revoked=0, sha256) and written on every
 * output stick at step 8 (ROOT-crl.pem and .der, flow_outputs.c), where
 * `ceremony verify` checks it against the certificate and this event. */
#include <openssl/x509.h>
#include "clock.h"
#include "crl.h"
#include "err.h"
#include "flow_local.h"
#include "util.h"

int flow_crl(struct cer_flow *f)
{
	struct cer_crl_spec spec = { 1, f->env->clock->now(f->env->clock), f->plan->crl_days,
		NULL, 0 };
	unsigned char *der = NULL;
	char t1[21], t2[21], hex[65];
	uint8_t h[32];
	int n, rc;

	if (cer_crl_sign(f->cert, f->key, &spec, &f->crl) != 0)
		return -1;
	n = i2d_X509_CRL(f->crl, &der);
	if (n <= 0)
		return cer_err_ssl("CRL: cannot encode it");
	rc = cer_sha256(der, (size_t)n, h);
	OPENSSL_free(der);
	if (rc != 0 || cer_clock_format(spec.now, t1) != 0 ||
	    cer_clock_format(spec.now + (time_t)spec.days * 86400, t2) != 0)
		return -1;
	cer_hex(h, 32, hex);
	if (flow_say(f, "First CRL of this CA (number 1, no certificate revoked), signed by the "
	    "new key:\n  this update %s, next update %s (%d days later)\n", t1, t2,
	    spec.days) != 0 || flow_show_hash(f, CER_NAME_CRL, h) != 0)
		return -1;
	return cer_tr_event(f->tr, f->step, "kiosk", "crl", "number", "1", "this_update", t1,
	    "next_update", t2, "revoked", "0", "sha256", hex, NULL);
}
