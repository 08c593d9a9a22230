/* recover.h: the appliance's boot-time install/recover mode [C9] (DESIGN.md
 * §7, last line; seed step 9): an escrow stick and T typed shares rebuild
 * the root key, which goes to the signing machine's stick under a new
 * passphrase. Used by the kiosk (kernel option ceremony.mode=recover) and by
 * `ceremony simulate --recover`.
 * Contract: cer_recover_run() runs its own short flow on env's terminal,
 * media, clock and network check, with its own transcript at
 * env->transcript_path (created, never overwritten); env->plan_path,
 * out_label and parent are not used. There is no plan: the people are
 * whoever is present, each named as they come and recorded by name. It
 * returns 0 only when the stick labelled CER_SIGNING_LABEL holds the files
 * below, written with O_EXCL, read back, and root-key.pem opened again under
 * the new passphrase to the key of root-cert.pem; else -1 with cer_err()
 * naming the step, and the person, stick or file. Shares, the KEK, the key
 * and the passphrase live in the secure heap (or OpenSSL's, wiped on free
 * after cer_harden) and are cleansed before it returns; none reaches the
 * screen, the transcript or an error message.
 *
 * Input (one line per prompt; "abort" at any prompt but a hidden one stops):
 *  R1-start    the board member's (or team leader's) name; the sysadmin's name
 *  R2-stick    B: the escrow stick's label (ESCROW-n); its files are read and
 *              checked (SHA256SUMS, encrypted PKCS#8), its certificate shown
 *              with fingerprints; B: at least the first 16 hex digits of the
 *              certificate's SHA-256 from the paper attestation (spaces and
 *              ':' ignored; a stick of another root is refused and another
 *              asked for, 3 tries); B: B's name to confirm
 *  R3-shares   for share j = 1..T (T: share 1's threshold): the holder's
 *              name, then the share (hidden; 3 tries; a refusal names j)
 *  R4-key      nothing typed: key rebuilt and checked against the certificate
 *  R5-signing  S (sysadmin): new passphrase, then again (hidden; at least
 *              CER_RECOVER_PASS_MIN characters; 3 tries); S: Enter once the
 *              empty stick labelled SIGNING is in (3 tries; a stick that is
 *              not empty is refused naming a file it holds)
 *  R6-end      nothing typed
 * SIGNING stick files: root-key.pem (encrypted PKCS#8, PBES2 PBKDF2-HMAC-
 * SHA256 CER_RECOVER_ITER rounds, AES-256-CBC: escrow.h), root-cert.pem (the
 * escrow stick's), transcript.txt (the recovery's transcript up to the
 * "signing-write" event), SHA256SUMS (sha256sum format, of the other three). */
#ifndef CER_RECOVER_H
#define CER_RECOVER_H
#include "flow.h"

#define CER_SIGNING_LABEL "SIGNING"

int cer_recover_run(const struct cer_flow_env *env);

#endif
