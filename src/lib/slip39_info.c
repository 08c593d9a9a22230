/* slip39_info.c: the public metadata of one typed SLIP-0039 share (see
 * slip39.h, cer_slip39_share_info): decoded and checked like any share, the
 * share value cleansed at once. De-escrow uses it to learn how many shares
 * the set needs before they are combined. */
#include <openssl/crypto.h>
#include "err.h"
#include "slip39.h"
#include "slip39_int.h"

int cer_slip39_share_info(const char *typed, size_t shareno, struct cer_slip39_info *info)
{
	struct cer_slip39_share s;
	int rc;

	rc = cer_slip39_decode(typed, shareno, &s);
	if (rc == 0 && s.gcnt != 1)
		rc = cer_err("share %zu: belongs to a set of %d groups; escrow shares have one "
		    "group", shareno, s.gcnt);
	if (rc == 0) {
		info->id = s.id;
		info->index = s.midx + 1;
		info->threshold = s.mthr;
	}
	OPENSSL_cleanse(&s, sizeof s);
	return rc;
}
