/*
 * Bulk import of SIMs from CSV (RFC 4180, header row), a JSON array, or
 * NDJSON. The parsers are pure: they check every row with sim_set_field()
 * and sim_check(), hand each good row to a callback (which writes it to the
 * store inside the caller's transaction), and collect every bad row with its
 * position and reason. They never stop at the first error, so that an
 * operator fixes a file in one round.
 */
#ifndef AIRLOCK_IMPORT_H
#define AIRLOCK_IMPORT_H

#include <stddef.h>

#include "common/addr.h"
#include "registry/sim.h"

#define IMPORT_ERRORS_KEPT 1000
#define IMPORT_CELL_MAX 512
#define IMPORT_COLUMNS_MAX 32

enum import_format { IMPORT_CSV, IMPORT_JSON, IMPORT_NDJSON };

struct import_error {
	unsigned long pos; /* line (CSV, NDJSON) or 1-based item (JSON) */
	struct field_error fe;
};

struct import_report {
	enum import_format format;
	unsigned long rows;	   /* data rows seen, good or bad */
	unsigned long bad_rows;	   /* rows with at least one error */
	unsigned long error_count; /* every error, kept or not */
	size_t n_kept;
	struct import_error *kept; /* the first IMPORT_ERRORS_KEPT by pos */
	unsigned long max_kept_pos;
};

/* Called with each row that passed every check. A row that fails later
 * (a unique key already taken) is reported by the callback through
 * import_report_add() and the callback returns nonzero. */
typedef int (*import_row_cb)(void *arg, const struct sim *s,
    unsigned long pos, struct import_report *rep);

struct import_ctx {
	const struct cidr *nets; /* device networks for static_ip */
	size_t n_nets;
	import_row_cb cb; /* may be NULL: check only */
	void *arg;
	int no_state; /* refuse a state: an upsert must not change one */
};

#define IMPORT_NO_STATE_MSG                                                  \
	"an upsert cannot set states: change them with POST "                \
	"/api/v1/sims/{iccid}/state (new SIMs take one with mode=insert)"

int import_report_init(struct import_report *rep, enum import_format fmt);
void import_report_reset(struct import_report *rep);
void import_report_add(struct import_report *rep, unsigned long pos,
    const char *field, const char *msg);
/* Order the kept errors by position, for a report built out of order. */
void import_report_sort(struct import_report *rep);
int import_format_parse(const char *content_type, enum import_format *out);
const char *import_format_name(enum import_format fmt);

/* Each returns 0 when every row was good, -EINVAL otherwise; the report
 * holds the details either way. */
int import_csv(const char *data, size_t len, const struct import_ctx *ctx,
    struct import_report *rep);
int import_json(const char *data, size_t len, const struct import_ctx *ctx,
    struct import_report *rep);
int import_ndjson(const char *data, size_t len, const struct import_ctx *ctx,
    struct import_report *rep);
int import_run(enum import_format fmt, const char *data, size_t len,
    const struct import_ctx *ctx, struct import_report *rep);

/* Shared by the parsers: check a filled record, then pass it on. */
void import_finish_row(const struct import_ctx *ctx, struct sim *s,
    unsigned long pos, struct field_errors *errs, struct import_report *rep);

#endif
