/*
 * memfloor: what this machine charges a packet for the engine's table
 * lookups alone, with nothing of the engine around them. It uses the
 * engine's own table (src/detect/btable.c) with its key and value sizes,
 * and its two-step prefetch through a ring of packets (detect_pipeline.c);
 * a packet is one flow lookup and one device lookup, of a live set of
 * flows and devices drawn at random.
 *
 * It times, the median of RUNS each, on the calling CPU:
 *   lookups, default capacities   in tables of the engine's default
 *                                 capacities (2M flow slots, 65,536
 *                                 devices);
 *   lookups, in cache             in tables of 8,192 flows and 1,024
 *                                 devices, as many live, which the
 *                                 caches hold.
 * With -w STEPS, the same again with STEPS dependent multiply-adds a
 * packet standing in for the decoder and the detectors, and the work
 * alone: were the memory all overlapped with work, the lookups at the
 * default capacities would cost what they cost in cache; the difference
 * is the stall the prefetches do not hide (docs/performance.md).
 *
 *   memfloor [-f FLOWS] [-d DEVICES] [-w STEPS] [-r RUNS] [-n PACKETS]
 *
 * Defaults: 200,000 live flows over 50,000 devices (bench/analyze.sh's
 * established trace), no work, 5 runs of 2,000,000 packets.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "common/clock.h"
#include "detect/btable.h"

#define AHEAD 8 /* as detect_pipeline.c */
#define FLOW_KEY 40
#define FLOW_VAL 8
#define DEV_KEY 24
#define DEV_VAL 472 /* sizeof(struct dev_state) */
#define DEV_HOT 224 /* what a lookup prefetches of it */

struct tables {
	struct btable flows, devices;
};

struct packet {
	uint8_t flow[FLOW_KEY], dev[DEV_KEY];
	uint64_t flow_hash, dev_hash;
};

static uint64_t
next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Keys spread over every byte, as addresses and ports are. */
static void
key_of(uint8_t *k, size_t n, uint64_t i, uint64_t salt)
{
	uint64_t w = i * 0x9e3779b97f4a7c15ULL ^ salt;

	for (size_t at = 0; at < n; at += 8) {
		w = w * 0xff51afd7ed558ccdULL + at;
		memcpy(k + at, &w, n - at < 8 ? n - at : 8);
	}
}

static struct packet *
packets_of(size_t n, uint64_t flows, uint64_t devices, const struct tables *t)
{
	struct packet *p = malloc(n * sizeof(*p));
	uint64_t s = 88172645463325252ULL;

	if (p == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		uint64_t f = next_random(&s) % flows;

		key_of(p[i].flow, FLOW_KEY, f, 1);
		key_of(p[i].dev, DEV_KEY, f % devices, 2);
		p[i].flow_hash = btable_hash(&t->flows, p[i].flow);
		p[i].dev_hash = btable_hash(&t->devices, p[i].dev);
	}
	return p;
}

/* A chain of multiply-adds, each waiting for the last; the empty asm
 * keeps the compiler from folding it, on any machine. */
static uint64_t
work(uint64_t x, unsigned steps)
{
	for (unsigned k = 0; k < steps; k++) {
		x = x * 0x9e3779b97f4a7c15ULL + k;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

/* ns a packet; lookups or not, with steps of work each */
static double
run(struct tables *t, const struct packet *p, size_t n, int lookups,
    unsigned steps)
{
	uint64_t sum = 0, *f, *d;
	int created;
	double t0 = monotonic_seconds();

	for (size_t i = 0; i < n; i++) {
		if (lookups) {
			if (i + 2 * AHEAD < n) {
				btable_prefetch(
				    &t->flows, p[i + 2 * AHEAD].flow_hash);
				btable_prefetch(
				    &t->devices, p[i + 2 * AHEAD].dev_hash);
			}
			if (i + AHEAD < n) {
				btable_prefetch_entry(
				    &t->flows, p[i + AHEAD].flow_hash);
				btable_prefetch_entry(
				    &t->devices, p[i + AHEAD].dev_hash);
			}
			f = btable_get_hashed(&t->flows, p[i].flow_hash,
			    p[i].flow, 1, &created, NULL);
			d = btable_get_hashed(&t->devices, p[i].dev_hash,
			    p[i].dev, 1, &created, NULL);

			(*f)++;
			d[0]++;
			d[2] += 60;
			sum += *f;
		}
		sum += work(i, steps);
	}
	if (sum == 42)
		putchar(' '); /* keeps the work */
	return (monotonic_seconds() - t0) / (double)n * 1e9;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(struct tables *t, const struct packet *p, size_t n, int lookups,
    unsigned steps, int runs)
{
	double v[64];

	for (int r = 0; r < runs; r++)
		v[r] = run(t, p, n, lookups, steps);
	qsort(v, (size_t)runs, sizeof(v[0]), by_value);
	return v[runs / 2];
}

static void
report(const char *what, double ns)
{
	printf("  %-28s %6.1f ns  %6.2f Mpps\n", what, ns, 1e3 / ns);
}

static void
report_ns(const char *what, double ns)
{
	printf("  %-28s %6.1f ns\n", what, ns);
}

static int
tables_init(struct tables *t, size_t flows, size_t devices)
{
	if (btable_init(&t->flows, flows, FLOW_KEY, FLOW_VAL, 3600) < 0 ||
	    btable_init(&t->devices, devices, DEV_KEY, DEV_VAL, 3600) < 0)
		return -1;
	t->devices.hot_size = DEV_HOT;
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long flows = 200000, devices = 50000, steps = 0, runs = 5;
	unsigned long n = 2000000;
	struct tables big, small;
	struct packet *p, *q;
	double alone, both, cached;
	int c;

	while ((c = getopt(argc, argv, "f:d:w:r:n:")) != -1) {
		unsigned long *v = c == 'f'   ? &flows
		                   : c == 'd' ? &devices
		                   : c == 'w' ? &steps
		                   : c == 'r' ? &runs
		                   : c == 'n' ? &n
		                              : NULL;

		if (v == NULL ||
		    ((*v = strtoul(optarg, NULL, 10)) == 0 && c != 'w')) {
			fprintf(stderr,
			    "usage: memfloor [-f FLOWS] [-d DEVICES] "
			    "[-w STEPS] [-r RUNS] [-n PACKETS]\n");
			return EX_USAGE;
		}
	}
	if (runs > 64 || flows > (1ul << 20) || n > (1ul << 28)) {
		fprintf(stderr, "memfloor: at most 64 runs, 2^20 flows and "
		                "2^28 packets\n");
		return EX_USAGE;
	}
	if (devices > flows)
		devices = flows; /* a device with no flow is never looked up */
	if (tables_init(&big, 1u << 21, 1u << 16) < 0 ||
	    tables_init(&small, 8192, 1024) < 0 ||
	    (p = packets_of(n, flows, devices, &big)) == NULL ||
	    (q = packets_of(n, 8192, 1024, &small)) == NULL) {
		fprintf(stderr, "memfloor: out of memory\n");
		return EX_OSERR;
	}
	run(&big, p, n, 1, 0); /* the live set in, once */
	run(&small, q, n, 1, 0);
	printf("%lu flows over %lu devices, medians of %lu runs of %lu "
	       "packets, ns a packet:\n",
	    flows, devices, runs, n);
	report(
	    "lookups, default capacities", median(&big, p, n, 1, 0, (int)runs));
	report("lookups, in cache", median(&small, q, n, 1, 0, (int)runs));
	if (steps > 0) {
		printf("with %lu steps of work a packet:\n", steps);
		alone = median(&big, p, n, 0, (unsigned)steps, (int)runs);
		both = median(&big, p, n, 1, (unsigned)steps, (int)runs);
		cached = median(&small, q, n, 1, (unsigned)steps, (int)runs);
		report("work alone", alone);
		report("both, default capacities", both);
		report("both, in cache", cached);
		report_ns("not hidden (the two above)", both - cached);
	}
	btable_free(&big.flows);
	btable_free(&big.devices);
	btable_free(&small.flows);
	btable_free(&small.devices);
	free(p);
	free(q);
	return 0;
}
