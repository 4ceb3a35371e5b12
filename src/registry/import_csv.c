/*
 * CSV import. The reader follows RFC 4180 (quoted cells, "" for a quote,
 * newlines inside quotes, CRLF or LF) and reports positions as the physical
 * line where a record starts, which is what an editor shows.
 */
#include "registry/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_reader {
	const char *p;
	const char *end;
	unsigned long line; /* physical line of p */
	char cells[IMPORT_COLUMNS_MAX][IMPORT_CELL_MAX];
	size_t ncells;
};

enum { CSV_END, CSV_RECORD, CSV_BAD, CSV_FATAL };

/* Skip the rest of the current physical line after a bad record. */
static void
csv_skip_line(struct csv_reader *r)
{
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));

	r->p = nl != NULL ? nl + 1 : r->end;
	r->line++;
}

/* Append one character to the current cell; refuse oversized cells. */
static int
cell_put(struct csv_reader *r, size_t *n, char c)
{
	if (*n + 1 >= IMPORT_CELL_MAX)
		return -1;
	r->cells[r->ncells][(*n)++] = c;
	return 0;
}

/* A quoted cell, r->p just past the opening quote. */
static int
csv_quoted(struct csv_reader *r, size_t *n, const char **why)
{
	while (r->p < r->end) {
		char c = *r->p++;

		if (c == '"') {
			if (r->p < r->end && *r->p == '"') {
				r->p++;
			} else {
				return 0;
			}
		} else if (c == '\n') {
			r->line++;
		}
		if (cell_put(r, n, c) < 0) {
			*why = "cell is over 511 bytes";
			return -1;
		}
	}
	*why = "quoted cell is never closed";
	return -2;
}

/* One cell, ending at ',', a line end or the end of input. */
static int
csv_cell(struct csv_reader *r, const char **why)
{
	size_t n = 0;
	int rc;

	if (r->ncells == IMPORT_COLUMNS_MAX) {
		*why = "more than 32 cells";
		return -1;
	}
	if (r->p < r->end && *r->p == '"') {
		r->p++;
		rc = csv_quoted(r, &n, why);
		if (rc < 0)
			return rc;
	}
	while (r->p < r->end && *r->p != ',' && *r->p != '\n') {
		if (*r->p == '"' || (*r->p == '\r' && r->p + 1 < r->end &&
					r->p[1] != '\n')) {
			*why = "stray quote or carriage return in a cell";
			return -1;
		}
		if (*r->p != '\r' && cell_put(r, &n, *r->p) < 0) {
			*why = "cell is over 511 bytes";
			return -1;
		}
		r->p++;
	}
	r->cells[r->ncells++][n] = '\0';
	return 0;
}

/* Read one record into r->cells; *line is where it started. */
static int
csv_record(struct csv_reader *r, unsigned long *line, const char **why)
{
	int rc;

	for (;;) {
		if (r->p >= r->end)
			return CSV_END;
		/* A blank line, or a lone CR that ends the input. */
		if (*r->p == '\r' && r->p + 1 == r->end)
			return CSV_END;
		if (*r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end &&
					 r->p[1] == '\n')) {
			r->p += *r->p == '\r' ? 2 : 1;
			r->line++;
			continue;
		}
		break;
	}
	*line = r->line;
	r->ncells = 0;
	for (;;) {
		rc = csv_cell(r, why);
		if (rc == -2)
			return CSV_FATAL;
		if (rc < 0) {
			csv_skip_line(r);
			return CSV_BAD;
		}
		if (r->p >= r->end)
			return CSV_RECORD;
		if (*r->p++ == '\n') {
			r->line++;
			return CSV_RECORD;
		}
	}
}

/* Check the header: known, distinct field names, iccid among them. */
static int
csv_header(const struct csv_reader *r, unsigned long line, int no_state,
    struct import_report *rep)
{
	int bad = 0, has_iccid = 0;

	for (size_t i = 0; i < r->ncells; i++) {
		const char *name = r->cells[i];

		if (no_state && strcmp(name, "state") == 0) {
			import_report_add(rep, line, name, IMPORT_NO_STATE_MSG);
			bad = 1;
		}
		if (!sim_field_known(name)) {
			import_report_add(rep, line, name, "is not a SIM "
			    "field; known fields: " SIM_FIELD_NAMES);
			bad = 1;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(r->cells[j], name) == 0) {
				import_report_add(rep, line, name,
				    "column is named twice in the header");
				bad = 1;
			}
		}
		has_iccid |= strcmp(name, "iccid") == 0;
	}
	if (!has_iccid) {
		import_report_add(rep, line, "iccid",
		    "the header has no iccid column");
		bad = 1;
	}
	return bad ? -EINVAL : 0;
}

static void
csv_row(const struct csv_reader *r, char header[][IMPORT_CELL_MAX],
    size_t ncols, unsigned long line, const struct import_ctx *ctx,
    struct import_report *rep)
{
	struct field_errors errs = {0};
	struct field_error fe;
	struct sim s;

	sim_init(&s);
	if (r->ncells != ncols) {
		snprintf(fe.msg, sizeof(fe.msg),
		    "has %zu cells, the header has %zu", r->ncells, ncols);
		fe.field[0] = '\0';
		*field_errors_next(&errs) = fe;
	}
	for (size_t i = 0; i < ncols && r->ncells == ncols; i++) {
		if (r->cells[i][0] == '\0')
			continue;
		if (sim_set_field(&s, header[i], r->cells[i], &fe) < 0)
			*field_errors_next(&errs) = fe;
	}
	import_finish_row(ctx, &s, line, &errs, rep);
}

struct csv_state {
	struct csv_reader r;
	char header[IMPORT_COLUMNS_MAX][IMPORT_CELL_MAX];
};

/* Read the rows after the header until the end or an unclosed quote. */
static void
csv_rows(struct csv_state *st, size_t ncols, const struct import_ctx *ctx,
    struct import_report *rep)
{
	const char *why = NULL;
	unsigned long line = 0;
	int rc;

	for (;;) {
		rc = csv_record(&st->r, &line, &why);
		if (rc == CSV_END)
			return;
		if (rc == CSV_RECORD) {
			csv_row(&st->r, st->header, ncols, line, ctx, rep);
			continue;
		}
		rep->rows++;
		rep->bad_rows++;
		import_report_add(rep, line, "", why);
		if (rc == CSV_FATAL)
			return;
	}
}

int
import_csv(const char *data, size_t len, const struct import_ctx *ctx,
    struct import_report *rep)
{
	struct csv_state *st;
	const char *why = NULL;
	unsigned long line = 1;
	int rc;

	st = malloc(sizeof(*st));
	if (st == NULL)
		return -ENOMEM;
	st->r.p = data;
	st->r.end = data + len;
	st->r.line = 1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		st->r.p += 3; /* UTF-8 byte order mark, as spreadsheets write */
	rc = csv_record(&st->r, &line, &why);
	if (rc != CSV_RECORD) {
		import_report_add(rep, line, "",
		    rc == CSV_END ? "the file is empty" : why);
		goto out;
	}
	if (csv_header(&st->r, line, ctx->no_state, rep) < 0)
		goto out;
	memcpy(st->header, st->r.cells, sizeof(st->header[0]) * st->r.ncells);
	csv_rows(st, st->r.ncells, ctx, rep);
out:
	free(st);
	return rep->error_count == 0 ? 0 : -EINVAL;
}
