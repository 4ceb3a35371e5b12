#include "registry/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
import_report_init(struct import_report *rep, enum import_format fmt)
{
	memset(rep, 0, sizeof(*rep));
	rep->format = fmt;
	rep->kept = calloc(IMPORT_ERRORS_KEPT, sizeof(*rep->kept));
	return rep->kept == NULL ? -ENOMEM : 0;
}

void
import_report_reset(struct import_report *rep)
{
	free(rep->kept);
	rep->kept = NULL;
}

/* Once the list is full, an error earlier in the file (one found in a
 * later pass) takes the place of the latest one kept, so that the report
 * is always the first errors of the file. */
static struct import_error *
report_slot(struct import_report *rep, unsigned long pos)
{
	struct import_error *last = NULL;

	if (rep->n_kept < IMPORT_ERRORS_KEPT)
		return &rep->kept[rep->n_kept++];
	if (pos >= rep->max_kept_pos)
		return NULL;
	for (size_t i = 0; i < rep->n_kept; i++)
		if (last == NULL || rep->kept[i].pos > last->pos)
			last = &rep->kept[i];
	return last;
}

static void
report_max_pos(struct import_report *rep)
{
	rep->max_kept_pos = 0;
	for (size_t i = 0; i < rep->n_kept; i++)
		if (rep->kept[i].pos > rep->max_kept_pos)
			rep->max_kept_pos = rep->kept[i].pos;
}

void
import_report_add(struct import_report *rep, unsigned long pos,
    const char *field, const char *msg)
{
	struct import_error *e;
	int full = rep->n_kept >= IMPORT_ERRORS_KEPT;

	rep->error_count++;
	if (rep->kept == NULL)
		return;
	e = report_slot(rep, pos);
	if (e == NULL)
		return;
	e->pos = pos;
	snprintf(e->fe.field, sizeof(e->fe.field), "%s", field);
	snprintf(e->fe.msg, sizeof(e->fe.msg), "%s", msg);
	if (full)
		report_max_pos(rep);
	else if (pos > rep->max_kept_pos)
		rep->max_kept_pos = pos;
}

static int
error_cmp(const void *a, const void *b)
{
	unsigned long pa = ((const struct import_error *)a)->pos;
	unsigned long pb = ((const struct import_error *)b)->pos;

	return (pa > pb) - (pa < pb);
}

void
import_report_sort(struct import_report *rep)
{
	if (rep->kept != NULL && rep->n_kept > 1)
		qsort(rep->kept, rep->n_kept, sizeof(rep->kept[0]), error_cmp);
}

/* Content types are matched on their media type, parameters ignored. */
int
import_format_parse(const char *content_type, enum import_format *out)
{
	static const struct {
		const char *type;
		enum import_format fmt;
	} types[] = {
	    {"text/csv", IMPORT_CSV},
	    {"application/json", IMPORT_JSON},
	    {"application/x-ndjson", IMPORT_NDJSON},
	    {"application/jsonl", IMPORT_NDJSON},
	};
	size_t n;

	if (content_type == NULL)
		return -EINVAL;
	n = strcspn(content_type, "; \t");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strlen(types[i].type) == n &&
		    strncasecmp(content_type, types[i].type, n) == 0) {
			*out = types[i].fmt;
			return 0;
		}
	}
	return -EINVAL;
}

const char *
import_format_name(enum import_format fmt)
{
	switch (fmt) {
	case IMPORT_CSV:
		return "csv";
	case IMPORT_JSON:
		return "json";
	case IMPORT_NDJSON:
		return "ndjson";
	}
	return "unknown";
}

void
import_finish_row(const struct import_ctx *ctx, struct sim *s,
    unsigned long pos, struct field_errors *errs, struct import_report *rep)
{
	struct field_error fe;
	int bad = errs->n > 0;

	for (size_t i = 0; i < errs->n; i++)
		import_report_add(rep, pos, errs->e[i].field, errs->e[i].msg);
	if (!bad && sim_check(s, ctx->nets, ctx->n_nets, &fe) < 0) {
		import_report_add(rep, pos, fe.field, fe.msg);
		bad = 1;
	}
	rep->rows++;
	if (!bad && ctx->cb != NULL && ctx->cb(ctx->arg, s, pos, rep) != 0)
		bad = 1;
	if (bad)
		rep->bad_rows++;
}

int
import_run(enum import_format fmt, const char *data, size_t len,
    const struct import_ctx *ctx, struct import_report *rep)
{
	switch (fmt) {
	case IMPORT_CSV:
		return import_csv(data, len, ctx, rep);
	case IMPORT_JSON:
		return import_json(data, len, ctx, rep);
	case IMPORT_NDJSON:
		return import_ndjson(data, len, ctx, rep);
	}
	return -EINVAL;
}
