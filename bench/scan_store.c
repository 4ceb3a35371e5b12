/*
 * scan_store: what keeping a fleet scan's results costs the store
 * (docs/performance.md, "The scanner role"): the scanner role's writes,
 * chunk by chunk as it does them, at fleet size, and the API's reads of
 * the result.
 *
 *	scan_store [ADDRESSES]
 *
 * Three scans of ADDRESSES addresses (default 200,000), each holding three
 * findings and a 1.5 KB report: the first opens every finding, the second
 * sees them all again, the third sees one of the three fixed. Then the
 * fleet summary, a page of critical findings, and one address's result.
 * Prints one line per step: its time, and its cost per address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store_scan.h"

#define CHUNK 1024 /* as the scanner role commits */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(struct store *st, const char *what)
{
	fprintf(stderr, "scan_store: %s: %s\n", what,
	    st != NULL ? store_errmsg(st) : "");
	exit(1);
}

static void
addr_of(unsigned long i, char out[48])
{
	snprintf(out, 48, "10.%lu.%lu.%lu", 64 + (i >> 16) % 64, (i >> 8) & 255,
	    i & 255);
}

/* One scan of n addresses: findings 0..k-1 of each. */
static double
scan_round(struct store *st, int64_t scan, unsigned long n, size_t k,
    const char *report, unsigned *opened, unsigned *fixed)
{
	struct scan_found f[3] = {
	    {"telnet-default-credential", 23, SEV_CRITICAL,
	        "tcp/23: user 'root' logged in with the password of "
	        "dictionary line 14, attempt 6",
	        0, "tcp", NULL},
	    {"mqtt-anonymous", 1883, SEV_HIGH,
	        "tcp/1883: CONNECT without credentials accepted", 0, "tcp",
	        NULL},
	    {"telnet-exposed", 23, SEV_HIGH, "tcp/23: a login prompt", 0, "tcp",
	        NULL},
	};
	char addr[48];
	double t0 = now_s();
	unsigned o, x;

	*opened = *fixed = 0;
	for (unsigned long i = 0; i < n; i++) {
		if (i % CHUNK == 0 && store_begin(st) < 0)
			die(st, "begin");
		addr_of(i, addr);
		if (store_scan_record(st, scan, addr, 1, 80, 'F', report, f, k,
		        1, &o, &x) < 0)
			die(st, "record");
		*opened += o;
		*fixed += x;
		if ((i % CHUNK == CHUNK - 1 || i == n - 1) &&
		    store_commit(st) < 0)
			die(st, "commit");
	}
	return now_s() - t0;
}

static int
count_finding(void *arg, const struct finding_rec *f)
{
	(void)f;
	++*(unsigned *)arg;
	return 0;
}

static int
read_risk(void *arg, const struct risk_rec *r)
{
	*(size_t *)arg = strlen(r->report);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
	char dir[] = "/tmp/airlock-scan-store.XXXXXX", path[96], err[256];
	char report[1600], addr[48];
	struct finding_filter ff = {
	    .state = FINDING_OPEN, .severity = SEV_CRITICAL, .limit = 100};
	struct scan_summary sum;
	struct store *st;
	unsigned o, x, page = 0;
	size_t rlen = 0;
	double t;

	if (n == 0 || n > (1ul << 22)) {
		fprintf(stderr, "usage: scan_store [ADDRESSES (1 to 4M)]\n");
		return 2;
	}
	if (mkdtemp(dir) == NULL) {
		perror("scan_store: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/airlock.db", dir);
	st = store_open(path, err, sizeof(err));
	if (st == NULL) {
		fprintf(stderr, "scan_store: %s\n", err);
		return 1;
	}
	memset(report, 'x', sizeof(report) - 1);
	memcpy(report, "{\"r\":\"", 6);
	memcpy(report + sizeof(report) - 3, "\"}", 3);

	t = scan_round(st, 1, n, 3, report, &o, &x);
	printf("scan 1 (every finding new): %lu addresses in %.2f s, "
	       "%.1f us an address; %u opened\n",
	    n, t, t * 1e6 / (double)n, o);
	t = scan_round(st, 2, n, 3, report, &o, &x);
	printf("scan 2 (every finding seen again): %.2f s, %.1f us an "
	       "address; %u opened, %u fixed\n",
	    t, t * 1e6 / (double)n, o, x);
	t = scan_round(st, 3, n, 2, report, &o, &x);
	printf("scan 3 (one finding of three fixed): %.2f s, %.1f us an "
	       "address; %u opened, %u fixed\n",
	    t, t * 1e6 / (double)n, o, x);

	t = now_s();
	if (store_scan_summary(st, &sum) < 0)
		die(st, "summary");
	printf("fleet summary: %.1f ms (%llu open critical, %llu "
	       "addresses)\n",
	    (now_s() - t) * 1e3, (unsigned long long)sum.open[SEV_CRITICAL],
	    (unsigned long long)sum.addresses);
	t = now_s();
	if (store_finding_list(st, &ff, count_finding, &page) < 0)
		die(st, "list");
	printf("a page of 100 open critical findings: %.2f ms (%u)\n",
	    (now_s() - t) * 1e3, page);
	addr_of(n / 2, addr);
	ff.addr = addr;
	ff.severity = -1;
	page = 0;
	t = now_s();
	if (store_risk_get(st, addr, read_risk, &rlen) < 0 ||
	    store_finding_list(st, &ff, count_finding, &page) < 0)
		die(st, "one address");
	printf("one address's result and open findings: %.2f ms (%u "
	       "findings, %zu-byte report)\n",
	    (now_s() - t) * 1e3, page, rlen);
	store_free(st);
	for (size_t i = 0; i < 3; i++) {
		static const char *const ext[] = {"", "-wal", "-shm"};
		char p[128];

		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}
