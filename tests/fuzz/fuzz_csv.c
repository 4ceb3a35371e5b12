/*
 * CSV import over arbitrary bytes, then NDJSON import over the same bytes.
 * Besides the sanitizers, the harness checks the importers' contract: the
 * callback only ever sees rows that pass sim_check(), the counters agree
 * with each other, and running without a callback reports the same thing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct count {
	const struct cidr *nets;
	size_t n_nets;
	unsigned long rows;
	unsigned long last_pos;
};

static int
count_row(void *arg, const struct sim *s, unsigned long pos,
    struct import_report *rep)
{
	struct count *c = arg;
	struct field_error fe;

	(void)rep;
	/* Only good rows reach the store, in input order. */
	if (sim_check(s, c->nets, c->n_nets, &fe) != 0)
		abort();
	if (pos == 0 || pos <= c->last_pos)
		abort();
	c->last_pos = pos;
	c->rows++;
	return 0;
}

static void
check_report(const struct import_report *rep, int rc)
{
	if (rep->bad_rows > rep->rows || rep->n_kept > rep->error_count ||
	    rep->n_kept > IMPORT_ERRORS_KEPT)
		abort();
	if ((rc == 0) != (rep->error_count == 0))
		abort();
	for (size_t i = 0; i < rep->n_kept; i++)
		if (strlen(rep->kept[i].fe.msg) == 0)
			abort();
}

/* One importer run; returns its report in rep (caller resets). */
static int
run(enum import_format fmt, const uint8_t *data, size_t size,
    const struct cidr *nets, size_t n_nets, struct count *c,
    struct import_report *rep)
{
	struct import_ctx ctx = {.nets = nets, .n_nets = n_nets};
	int rc;

	if (c != NULL) {
		memset(c, 0, sizeof(*c));
		c->nets = nets;
		c->n_nets = n_nets;
		ctx.cb = count_row;
		ctx.arg = c;
	}
	if (import_report_init(rep, fmt) < 0)
		abort();
	rc = import_run(fmt, (const char *)data, size, &ctx, rep);
	check_report(rep, rc);
	/* Every row is either bad or handed to the callback. */
	if (c != NULL && c->rows != rep->rows - rep->bad_rows)
		abort();
	return rc;
}

static void
compare(const struct import_report *a, const struct import_report *b)
{
	if (a->rows != b->rows || a->bad_rows != b->bad_rows ||
	    a->error_count != b->error_count || a->n_kept != b->n_kept)
		abort();
	for (size_t i = 0; i < a->n_kept; i++)
		if (a->kept[i].pos != b->kept[i].pos ||
		    strcmp(a->kept[i].fe.msg, b->kept[i].fe.msg) != 0)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cidr nets[2];
	struct import_report plain, counted;
	struct count c;
	int rc1, rc2;

	if (cidr_parse("10.64.0.0/10", &nets[0]) < 0 ||
	    cidr_parse("2001:db8:100::/48", &nets[1]) < 0)
		abort();

	rc1 = run(IMPORT_CSV, data, size, nets, 2, NULL, &plain);
	rc2 = run(IMPORT_CSV, data, size, nets, 2, &c, &counted);
	if (rc1 != rc2)
		abort();
	compare(&plain, &counted);
	/* CSV positions: the header is line 1, rows start after it. */
	for (size_t i = 0; i < counted.n_kept; i++)
		if (counted.kept[i].pos == 0)
			abort();
	import_report_reset(&plain);
	import_report_reset(&counted);

	run(IMPORT_CSV, data, size, nets, 1, &c, &counted);
	import_report_reset(&counted);

	rc1 = run(IMPORT_NDJSON, data, size, nets, 2, NULL, &plain);
	rc2 = run(IMPORT_NDJSON, data, size, nets, 2, &c, &counted);
	if (rc1 != rc2)
		abort();
	compare(&plain, &counted);
	import_report_reset(&plain);
	import_report_reset(&counted);
	return 0;
}
