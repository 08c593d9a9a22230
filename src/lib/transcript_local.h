/* transcript_local.h: the transcript's in-memory form, shared by transcript.c
 * (writing) and transcript_load.c (reading); not a public interface. */
#ifndef CER_TRANSCRIPT_LOCAL_H
#define CER_TRANSCRIPT_LOCAL_H
#include "transcript.h"

struct cer_transcript {
	int fd;                 /* -1 when loaded for reading */
	cer_now_fn now;
	void *now_arg;
	char **lines;           /* without "\n" */
	size_t n, cap;
	uint8_t chain[32];      /* after the last line */
};

/* 1 when k[0..len) is an allowed detail key ([a-z0-9_.-]+, not "chain"). */
int tr_key_ok(const char *k, size_t len);
/* out = SHA-256(prev || body[0..len)); out may be prev. */
int tr_chain(const uint8_t prev[32], const char *body, size_t len, uint8_t out[32]);
/* Appends a copy of line[0..len) to tr->lines. */
int tr_keep(struct cer_transcript *tr, const char *line, size_t len);

#endif
