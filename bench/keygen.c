/* keygen.c: measures root-key generation (with the weak-key checks) the way
 * the ceremony runs it: cer_key_generate() on a plan's [key] settings.
 * usage: bench-keygen RUNS; prints one line per key type: runs, median,
 * min and max seconds. A measurement, never a pass/fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "err.h"
#include "key.h"
#include "secmem.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int measure(const char *label, const struct cer_plan *plan, int runs)
{
	double t[64], t0;
	EVP_PKEY *key;
	int i;

	for (i = 0; i < runs; i++) {
		t0 = now();
		if (cer_key_generate(plan, NULL, NULL, &key) != 0) {
			fprintf(stderr, "bench-keygen: %s: %s\n", label, cer_errmsg());
			return -1;
		}
		t[i] = now() - t0;
		EVP_PKEY_free(key);
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp);
	printf("%s runs=%d median=%.3f min=%.3f max=%.3f\n", label, runs, t[runs / 2], t[0],
	    t[runs - 1]);
	return 0;
}

int main(int argc, char **argv)
{
	static struct cer_plan rsa, ec;
	int runs = argc > 1 ? atoi(argv[1]) : 5;

	if (runs < 1 || runs > 64) {
		fprintf(stderr, "usage: bench-keygen RUNS (1..64)\n");
		return 2;
	}
	if (cer_secmem_init() != 0) {
		fprintf(stderr, "bench-keygen: %s\n", cer_errmsg());
		return 1;
	}
	rsa.alg = CER_KEY_RSA;
	rsa.rsa_bits = 4096;
	ec.alg = CER_KEY_EC;
	strcpy(ec.curve, "P-384");
	if (measure("RSA-4096", &rsa, runs) != 0 || measure("P-384", &ec, runs) != 0)
		return 1;
	return 0;
}
