/*
 * GET /api/v1/sessions: the RADIUS accounting sessions the radius role
 * recorded, newest first, by SIM and open or not. Read-only: sessions are
 * written only by the radius role, and ended by a NAS (or a Disconnect).
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/validate.h"

/* A 3GPP detail the NAS may leave out (-1), shown as null. */
static void
kopt(struct jsonw *w, const char *key, int64_t v)
{
	if (v < 0) {
		jsonw_key(w, key);
		jsonw_null(w);
	} else {
		jsonw_kint(w, key, v);
	}
}

static void
session_write(struct jsonw *w, const struct session_rec *s)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "id", s->id);
	jsonw_kstr(w, "nas", s->nas);
	jsonw_kstr_or_null(w, "nas_ip", s->nas_ip);
	jsonw_kstr(w, "acct_session_id", s->acct_session_id);
	jsonw_kstr_or_null(w, "iccid", s->iccid);
	jsonw_kstr_or_null(w, "imsi", s->imsi);
	jsonw_kstr_or_null(w, "imei", s->imei);
	jsonw_kstr_or_null(w, "framed_ip", s->framed_ip);
	kopt(w, "nsapi", s->nsapi);
	kopt(w, "charging_id", s->charging_id);
	kopt(w, "rat_type", s->rat_type);
	jsonw_ktime(w, "started", s->started);
	jsonw_ktime(w, "updated", s->updated);
	jsonw_ktime(w, "stopped", s->stopped);
	kopt(w, "stop_cause", s->stopped != 0 ? s->stop_cause : -1);
	jsonw_kuint(w, "octets_in", s->octets_in);
	jsonw_kuint(w, "octets_out", s->octets_out);
	jsonw_kbool(w, "open", s->stopped == 0);
	jsonw_obj_close(w);
}

static int
session_one(void *arg, const struct session_rec *s)
{
	struct api_page *pg = arg;

	if (pg->n++ == pg->limit)
		return 1; /* the extra row only says there is a next page */
	session_write(pg->w, s);
	pg->last = s->id;
	return 0;
}

static int
open_param(struct api_req *rq, int *out)
{
	const char *v = api_query(rq, "open");

	*out = 0;
	if (v == NULL || strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	api_problem(rq, 400, "invalid-query", "Invalid query",
	    "open must be true or false");
	return -1;
}

static int
session_filter_parse(struct api_req *rq, struct session_filter *f)
{
	const char *why;

	memset(f, 0, sizeof(*f));
	if (api_query_copy(rq, "iccid", f->iccid, sizeof(f->iccid)) < 0 ||
	    open_param(rq, &f->open_only) < 0 ||
	    api_query_int64(rq, "cursor", &f->before) < 0)
		return -1;
	if (f->iccid[0] != '\0' && valid_iccid(f->iccid, &why) < 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "iccid: %s", why);
		return -1;
	}
	return api_query_limit(rq, &f->limit);
}

void
route_session_list(struct api_req *rq)
{
	struct session_filter f;
	struct api_page pg = {0};
	struct jsonw w;
	int rc;

	if (session_filter_parse(rq, &f) < 0)
		return;
	pg.limit = f.limit++;
	pg.w = &w;
	api_page_open(rq, &w);
	rc = store_session_list(rq->st, &f, session_one, &pg);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close_id(&w, pg.n > pg.limit, pg.last);
}
