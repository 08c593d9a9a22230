/* transcript.h: the ceremony's hash-chained, append-only event log (DESIGN.md §8).
 * Contract: public data only (names, hashes, counts, verdicts): the API has no
 * way to pass a secret and callers must never give one. Each event is one line,
 * written with O_APPEND and fsync'd before cer_tr_event() returns, and kept in
 * memory for display. A transcript is never reopened for writing.
 *
 * Line format (fields separated by one space, line ends with "\n"):
 *   SEQ TIME STEP ACTOR EVENT [KEY=VALUE ...] chain=HEX
 *   SEQ    decimal, 1 for the first line, +1 per line
 *   TIME   UTC, "YYYY-MM-DDTHH:MM:SSZ"
 *   STEP, ACTOR, EVENT, VALUE: encoded (below); never empty (VALUE may be)
 *   KEY    [a-z0-9_.-]+ ; "chain" is reserved
 *   HEX    64 lower-case hex digits: chain_i = SHA-256(chain_{i-1} || body_i),
 *          body_i = the line's bytes before " chain=", chain_0 = 32 zero bytes.
 * Encoding: every byte outside 0x21..0x7e, and '%' and '=', is written as
 * "%XX" (upper-case hex); everything else stands for itself. So a field never
 * holds a space, and decoding is unambiguous; the verifier rejects any other
 * escape (lower-case, short, or of a byte that needed none). */
#ifndef CER_TRANSCRIPT_H
#define CER_TRANSCRIPT_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CER_TR_LINE_MAX 4096
#define CER_TR_LINE_MAX_S "4096"

struct cer_transcript;

/* The clock the transcript stamps events with (the ceremony's corrected UTC). */
typedef time_t (*cer_now_fn)(void *arg);

/* Creates path (O_EXCL: never appends to an existing file). */
int cer_tr_create(const char *path, cer_now_fn now, void *now_arg, struct cer_transcript **out);
/* Appends one event. The variadic part is KEY, VALUE pairs (const char *),
 * terminated by NULL. Fails on a bad key, an empty step/actor/event, a line
 * longer than CER_TR_LINE_MAX, or a write/fsync error. */
int cer_tr_event(struct cer_transcript *tr, const char *step, const char *actor,
    const char *event, ...) __attribute__((sentinel));
/* Re-walks a transcript file; fails naming the first bad line ("PATH line N:
 * what is wrong"), also one longer than CER_TR_LINE_MAX bytes (what the
 * writer can make). On success *out holds its lines (read-only: no writes).
 * Loading and every look-up below are linear in the bytes they examine. */
int cer_tr_load(const char *path, struct cer_transcript **out);
void cer_tr_free(struct cer_transcript *tr);

size_t cer_tr_count(const struct cer_transcript *tr);
/* Line i (0-based) without its "\n"; NULL when out of range. */
const char *cer_tr_line(const struct cer_transcript *tr, size_t i);
/* The chain value after the last line (32 zero bytes when empty). */
void cer_tr_last_chain(const struct cer_transcript *tr, uint8_t out[32]);
/* The closing chain value (hashtext.h, CER_NAME_CLOSING): the chain value
 * of the last "transcript-closed" line, the last line of transcript.txt on
 * every output stick and a line of every closing record; -1 with cer_err()
 * when there is no such line. */
int cer_tr_closing_chain(const struct cer_transcript *tr, uint8_t out[32]);
/* Decoded VALUE of KEY in the last event named EVENT, into buf; -1 with cer_err()
 * when there is no such event or key, or buf is too small. */
int cer_tr_find(const struct cer_transcript *tr, const char *event, const char *key,
    char *buf, size_t n);
/* The EVENT field of line i, decoded into buf. */
int cer_tr_event_name(const struct cer_transcript *tr, size_t i, char *buf, size_t n);
/* Field idx of line i decoded into buf: 0 SEQ, 1 TIME, 2 STEP, 3 ACTOR, 4 EVENT. */
int cer_tr_field(const struct cer_transcript *tr, size_t i, int idx, char *buf, size_t n);
/* Decoded VALUE of KEY on line i; -1 with cer_err() when absent or too long. */
int cer_tr_value(const struct cer_transcript *tr, size_t i, const char *key, char *buf,
    size_t n);
/* Calls each(arg, KEY, VALUE) for every detail of line i in order, decoded,
 * the chain left out; one pass over the line. Stops at the first non-zero
 * return (-1). */
int cer_tr_details(const struct cer_transcript *tr, size_t i,
    int (*each)(void *arg, const char *key, const char *value), void *arg);

/* Bytes of loaded lines examined by the look-ups so far (a counter for
 * tests: a look-up on a line examines each byte of it about once). */
size_t cer_tr_bytes_scanned(void);

#endif
