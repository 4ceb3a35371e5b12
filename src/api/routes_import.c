/*
 * POST /api/v1/sims/import: atomic bulk import. The body is parsed and
 * every row written inside one transaction; any bad row, whether refused
 * by the parser or by a unique key in the store, turns the commit into a
 * rollback, and the answer lists every bad row. The write lock is held for
 * the duration, so concurrent writers wait (and may get 503).
 *
 * Rows are written in ICCID order, because inserting into the table's
 * b-tree in key order is several times faster than at random places. Rows
 * that arrive in order are written as they come; from the first one out of
 * order on, rows are packed into memory, sorted, and written at the end.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "registry/import.h"
#include "registry/sim_pack.h"

struct deferred {
	char iccid[21];
	size_t off; /* into import_job.packed */
};

struct import_job {
	struct api_req *rq;
	int upsert;
	int failed; /* the store itself failed, or memory ran out */
	int store_rc;
	int nomem;
	char last[21]; /* the last ICCID written in order */
	struct obuf packed;
	struct deferred *pend;
	size_t npend, cap;
};

/* Write one row; 1 when the store refused it (reported) or failed. */
static int
write_row(struct import_job *job, const struct sim *s, unsigned long pos,
    struct import_report *rep)
{
	struct store_error err = {0};
	int rc;

	/* Rows after a bad one are still written, into a transaction that
	 * will be rolled back, so that their own conflicts are found and
	 * reported in this round too. */
	rc = job->upsert ? store_sim_upsert(job->rq->st, s, &err)
			 : store_sim_insert(job->rq->st, s, &err);
	if (rc == STORE_ECONFLICT || rc == STORE_EINVAL) {
		import_report_add(rep, pos, err.field, err.msg);
		return 1;
	}
	if (rc < 0) {
		job->failed = 1;
		job->store_rc = rc;
		return 1;
	}
	return 0;
}

/* Keep a row for the sorted pass. */
static int
defer_row(struct import_job *job, const struct sim *s, unsigned long pos)
{
	struct deferred *d;

	if (job->npend == job->cap) {
		size_t ncap = job->cap ? job->cap * 2 : 4096;

		d = reallocarray(job->pend, ncap, sizeof(*d));
		if (d == NULL)
			goto nomem;
		job->pend = d;
		job->cap = ncap;
	}
	d = &job->pend[job->npend++];
	memcpy(d->iccid, s->iccid, sizeof(d->iccid));
	d->off = job->packed.len;
	sim_pack(&job->packed, s, pos);
	if (!obuf_failed(&job->packed))
		return 0;
nomem:
	job->failed = 1;
	job->nomem = 1;
	return 1;
}

static int
import_row(void *arg, const struct sim *s, unsigned long pos,
    struct import_report *rep)
{
	struct import_job *job = arg;

	if (job->failed)
		return 1;
	if (job->npend == 0 && strcmp(s->iccid, job->last) > 0) {
		memcpy(job->last, s->iccid, sizeof(job->last));
		return write_row(job, s, pos, rep);
	}
	return defer_row(job, s, pos);
}

/* By ICCID, then by arrival, so that equal keys keep the file's order
 * whatever the qsort. */
static int
deferred_cmp(const void *a, const void *b)
{
	const struct deferred *da = a, *db = b;
	int c = strcmp(da->iccid, db->iccid);

	if (c != 0)
		return c;
	return (da->off > db->off) - (da->off < db->off);
}

/* The sorted pass: write the rows that came out of order. */
static void
write_deferred(struct import_job *job, struct import_report *rep)
{
	struct ibuf in;
	unsigned long pos;
	struct sim s;

	if (job->npend == 0)
		return;
	qsort(job->pend, job->npend, sizeof(job->pend[0]), deferred_cmp);
	for (size_t i = 0; i < job->npend && !job->failed; i++) {
		ibuf_init(&in, job->packed.data + job->pend[i].off,
		    job->packed.len - job->pend[i].off);
		if (sim_unpack(&in, &s, &pos) < 0) {
			job->failed = 1;
			job->store_rc = STORE_EIO;
			break;
		}
		if (write_row(job, &s, pos, rep) != 0)
			rep->bad_rows++;
	}
}

static void
reply_rejected(struct api_req *rq, const struct import_report *rep)
{
	struct jsonw w;
	char detail[160];
	const char *pos = rep->format == IMPORT_JSON ? "item" : "line";

	snprintf(detail, sizeof(detail), "%lu of %lu rows are invalid; "
	    "nothing was imported", rep->bad_rows, rep->rows);
	api_problem_open(rq, &w, 422, "import-rejected", "Import rejected",
	    detail);
	jsonw_kuint(&w, "error_count", rep->error_count);
	jsonw_key(&w, "errors");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < rep->n_kept; i++) {
		jsonw_obj_open(&w);
		jsonw_kuint(&w, pos, rep->kept[i].pos);
		jsonw_kstr(&w, "field", rep->kept[i].fe.field);
		jsonw_kstr(&w, "message", rep->kept[i].fe.msg);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

static int
import_options(struct api_req *rq, enum import_format *fmt, int *upsert)
{
	const char *ct = MHD_lookup_connection_value(rq->conn,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *mode = api_query(rq, "mode");

	if (import_format_parse(ct, fmt) < 0) {
		api_problem(rq, 415, "unsupported-media-type",
		    "Unsupported media type", "an import is text/csv, "
		    "application/json or application/x-ndjson, not %s",
		    ct != NULL ? ct : "(none)");
		return -1;
	}
	*upsert = mode != NULL && strcmp(mode, "upsert") == 0;
	if (mode != NULL && !*upsert && strcmp(mode, "insert") != 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "mode must be insert or upsert");
		return -1;
	}
	return 0;
}

static void
reply_done(struct api_req *rq, const struct import_report *rep, int upsert)
{
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kuint(&w, "imported", rep->rows);
	jsonw_kstr(&w, "mode", upsert ? "upsert" : "insert");
	jsonw_kstr(&w, "format", import_format_name(rep->format));
	jsonw_obj_close(&w);
}

/* Commit a clean import with its audit entry. */
static int
commit_import(struct import_job *job, const struct import_report *rep)
{
	char details[160];
	int rc;

	snprintf(details, sizeof(details),
	    "{\"rows\":%lu,\"mode\":\"%s\",\"format\":\"%s\"}", rep->rows,
	    job->upsert ? "upsert" : "insert",
	    import_format_name(rep->format));
	rc = api_audit(job->rq, "sim.import", "", NULL, details);
	if (rc == 0)
		rc = store_commit(job->rq->st);
	return rc;
}

/* Inside the open transaction: parse, check and write every row, the
 * out-of-order ones last, and order the report by position. */
static void
import_rows(struct import_job *job, enum import_format fmt,
    const struct import_ctx *ctx, struct import_report *rep)
{
	struct api_req *rq = job->rq;

	/* A packed row is its text plus 35 bytes of lengths and numbers,
	 * and the shortest row (a 19-digit ICCID and a newline) is 20 bytes:
	 * three times the body always holds the rows that come out of order. */
	obuf_init(&job->packed, 3 * rq->body_len + 4096);
	import_run(fmt, rq->body, rq->body_len, ctx, rep);
	write_deferred(job, rep);
	import_report_sort(rep);
	if (rep->rows == 0 && rep->error_count == 0)
		import_report_add(rep, 1, "", "the import holds no rows");
}

/* Roll back a failed import and say why. */
static void
reply_failed(struct import_job *job, const struct import_report *rep)
{
	store_rollback(job->rq->st);
	if (job->nomem)
		api_problem(job->rq, 503, "no-memory", "Out of memory",
		    "not enough memory to sort the import's rows");
	else if (job->failed)
		api_store_error(job->rq, job->store_rc, NULL);
	else
		reply_rejected(job->rq, rep);
	metrics_count_import(0, 0);
}

void
route_sim_import(struct api_req *rq)
{
	struct import_job job = {.rq = rq};
	struct import_report rep;
	struct import_ctx ctx = {.cb = import_row, .arg = &job};
	struct api_settings set;
	enum import_format fmt;
	int rc;

	if (import_options(rq, &fmt, &job.upsert) < 0)
		return;
	if (import_report_init(&rep, fmt) < 0) {
		api_problem(rq, 503, "no-memory", "Out of memory",
		    "cannot start the import");
		return;
	}
	api_settings_get(rq->api, &set);
	ctx.nets = set.networks;
	ctx.n_nets = set.n_networks;
	ctx.no_state = job.upsert;
	store_bulk(rq->st, 1);
	rc = store_begin(rq->st);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		goto out;
	}
	import_rows(&job, fmt, &ctx, &rep);
	if (job.failed || rep.error_count > 0) {
		reply_failed(&job, &rep);
		goto out;
	}
	rc = commit_import(&job, &rep);
	if (rc < 0) {
		store_rollback(rq->st);
		api_store_error(rq, rc, NULL);
		goto out;
	}
	metrics_count_import(1, rep.rows);
	api_notify_sim(rq, SIM_CHANGE_BULK, "");
	reply_done(rq, &rep, job.upsert);
out:
	store_bulk(rq->st, 0);
	import_report_reset(&rep);
	obuf_reset(&job.packed);
	free(job.pend);
	malloc_trim(0); /* an import's pages go back to the system, not the
			   arena of this one worker thread */
}
