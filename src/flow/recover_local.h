/* recover_local.h: the recover mode's state, shared by recover.c (steps
 * R1-R4, R6) and recover_signing.c (R5); not a public interface. */
#ifndef CER_RECOVER_LOCAL_H
#define CER_RECOVER_LOCAL_H
#include "flow_local.h"
#include "recover.h"

#define RECOVER_NAME_MAX 64

struct recover {
	struct cer_flow f;             /* env, step and transcript; no plan */
	char board[RECOVER_NAME_MAX];  /* board member or team leader present */
	char sysadmin[RECOVER_NAME_MAX];
	char label[CER_LABEL_MAX];     /* the escrow stick */
	struct cer_escrow_stick st;
	X509 *cert;
	uint8_t cert_sha256[32];
	char holder[CER_SLIP39_MAX_SHARES][RECOVER_NAME_MAX];
	char *share[CER_SLIP39_MAX_SHARES];  /* secure heap */
	int index[CER_SLIP39_MAX_SHARES];
	int id, t;
	EVP_PKEY *key;
};

/* recover.c: person name confirms what (question shown) by typing the name
 * again (case-insensitive), or 'abort'; recorded as "confirm". */
int recover_confirm(struct recover *r, const char *name, const char *what,
    const char *question);
/* recover_signing.c: step R5. */
int recover_signing(struct recover *r);

#endif
