/* /api/v1/events and /api/v1/audit: what happened, newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static void
event_write(struct jsonw *w, const struct event *e)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "id", e->id);
	jsonw_ktime(w, "created", e->created);
	jsonw_kstr(w, "type", e->type);
	jsonw_kstr(w, "severity", event_severity_name(e->severity));
	jsonw_kstr(w, "subject", e->subject);
	jsonw_ktime(w, "window_start", e->window_start);
	jsonw_ktime(w, "window_end", e->window_end);
	jsonw_key(w, "evidence");
	jsonw_raw(w, e->evidence != NULL && e->evidence[0] ? e->evidence
							   : "{}");
	jsonw_kstr(w, "response", e->response);
	jsonw_kstr(w, "status", event_status_name(e->status));
	jsonw_kstr_or_null(w, "acked_by", e->acked_by);
	jsonw_ktime(w, "acked_at", e->acked_at);
	jsonw_obj_close(w);
}

static int
event_one(void *arg, const struct event *e)
{
	struct api_page *pg = arg;

	if (pg->n++ == pg->limit)
		return 1;
	event_write(pg->w, e);
	pg->last = e->id;
	return 0;
}

static int
event_filter_parse(struct api_req *rq, struct event_filter *f)
{
	const char *status = api_query(rq, "status");
	const char *sev = api_query(rq, "severity");
	enum event_status es;
	enum event_severity ev;

	memset(f, 0, sizeof(*f));
	f->status = f->severity = -1;
	if (status != NULL && event_status_parse(status, &es) < 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "status must be open, acknowledged or resolved");
		return -1;
	}
	if (sev != NULL && event_severity_parse(sev, &ev) < 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "severity must be info, low, medium, high or critical");
		return -1;
	}
	f->status = status != NULL ? (int)es : -1;
	f->severity = sev != NULL ? (int)ev : -1;
	if (api_query_copy(rq, "type", f->type, sizeof(f->type)) < 0 ||
	    api_query_copy(rq, "subject", f->subject, sizeof(f->subject)) < 0 ||
	    api_query_int64(rq, "cursor", &f->before) < 0)
		return -1;
	return api_query_limit(rq, &f->limit);
}

void
route_event_list(struct api_req *rq)
{
	struct event_filter f;
	struct api_page pg = {0};
	struct jsonw w;
	int rc;

	if (event_filter_parse(rq, &f) < 0)
		return;
	pg.limit = f.limit++;
	pg.w = &w;
	api_page_open(rq, &w);
	rc = store_event_list(rq->st, &f, event_one, &pg);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close_id(&w, pg.n > pg.limit, pg.last);
}

static int
event_single(void *arg, const struct event *e)
{
	struct api_req *rq = arg;
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	event_write(&w, e);
	return 0;
}

void
route_event_get(struct api_req *rq)
{
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	rc = store_event_get(rq->st, id, event_single, rq);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
}

void
route_event_ack(struct api_req *rq)
{
	char object[32];
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	snprintf(object, sizeof(object), "event:%lld", (long long)id);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_event_ack(rq->st, id, rq->actor);
	if (api_commit_audited(rq, rc, "event.ack", object, NULL, NULL,
		NULL) < 0)
		return;
	rc = store_event_get(rq->st, id, event_single, rq);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
}

static int
audit_one(void *arg, const struct audit_entry *a)
{
	struct api_page *pg = arg;
	struct jsonw *w = pg->w;

	if (pg->n++ == pg->limit)
		return 1;
	jsonw_obj_open(w);
	jsonw_kint(w, "id", a->id);
	jsonw_ktime(w, "ts", a->ts);
	jsonw_kstr(w, "actor", a->actor);
	jsonw_kstr(w, "action", a->action);
	jsonw_kstr(w, "object", a->object);
	jsonw_kstr(w, "reason", a->reason != NULL ? a->reason : "");
	jsonw_key(w, "details");
	jsonw_raw(w, a->details != NULL && a->details[0] ? a->details : "{}");
	jsonw_obj_close(w);
	pg->last = a->id;
	return 0;
}

void
route_audit_list(struct api_req *rq)
{
	struct audit_filter f = {0};
	struct api_page pg = {0};
	struct jsonw w;
	int rc;

	if (api_query_copy(rq, "object", f.object, sizeof(f.object)) < 0 ||
	    api_query_copy(rq, "actor", f.actor, sizeof(f.actor)) < 0 ||
	    api_query_int64(rq, "cursor", &f.before) < 0 ||
	    api_query_limit(rq, &f.limit) < 0)
		return;
	pg.limit = f.limit++;
	pg.w = &w;
	api_page_open(rq, &w);
	rc = store_audit_list(rq->st, &f, audit_one, &pg);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close_id(&w, pg.n > pg.limit, pg.last);
}
