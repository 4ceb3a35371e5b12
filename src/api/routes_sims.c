/*
 * /api/v1/sims: the registry's main resource. Every write runs in one
 * transaction with its audit entry, so a change and its record of who made
 * it land together or not at all; the parent is told after the commit.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/sim_json.h"
#include "registry/validate.h"

static void
sim_reply(struct api_req *rq, unsigned status, const struct sim *s)
{
	struct jsonw w;

	api_json_begin(rq, status, &w);
	sim_json_write(&w, s);
}

/* The ICCID in the path, checked so that a typo gets a precise 400
 * rather than a puzzling 404. */
static int
path_iccid(struct api_req *rq)
{
	struct field_errors errs = {.n = 1};
	const char *why;

	if (valid_iccid(rq->params[0], &why) == 0)
		return 0;
	snprintf(errs.e[0].field, sizeof(errs.e[0].field), "iccid");
	snprintf(errs.e[0].msg, sizeof(errs.e[0].msg), "%s", why);
	api_problem_fields(rq, 400, "invalid-field", "Invalid field", &errs);
	return -1;
}

/* Check a record against the device networks; answers 400 on failure. */
static int
check_sim(struct api_req *rq, const struct sim *s)
{
	struct field_errors errs = {0};
	struct api_settings set;

	api_settings_get(rq->api, &set);
	if (sim_check(s, set.networks, set.n_networks, &errs.e[0]) == 0)
		return 0;
	errs.n = 1;
	api_problem_fields(rq, 400, "invalid-field", "Invalid field", &errs);
	return -1;
}

/* A record as JSON text, for audit details. */
static void
sim_text(const struct sim *s, struct obuf *o)
{
	struct jsonw w;

	jsonw_init(&w, o);
	sim_json_write(&w, s);
}

struct list_ctx {
	struct jsonw *w;
	unsigned limit;
	unsigned n;
	char last[21];
};

static int
list_one(void *arg, const struct sim *s)
{
	struct list_ctx *lc = arg;

	if (lc->n++ == lc->limit)
		return 1; /* the extra row only says there is a next page */
	sim_json_write(lc->w, s);
	memcpy(lc->last, s->iccid, sizeof(lc->last));
	return 0;
}

static int
sim_filter_parse(struct api_req *rq, struct sim_filter *f)
{
	const char *state = api_query(rq, "state");
	enum sim_state st;

	memset(f, 0, sizeof(*f));
	f->state = -1;
	if (state != NULL) {
		if (sim_state_parse(state, &st) < 0) {
			api_problem(rq, 400, "invalid-query", "Invalid query",
			    "state must be active, suspended, quarantined or "
			    "blocked");
			return -1;
		}
		f->state = (int)st;
	}
	if (api_query_copy(rq, "profile", f->profile, sizeof(f->profile)) < 0 ||
	    api_query_copy(rq, "apn", f->apn, sizeof(f->apn)) < 0 ||
	    api_query_copy(rq, "label", f->label, sizeof(f->label)) < 0 ||
	    api_query_copy(rq, "q", f->q, sizeof(f->q)) < 0 ||
	    api_query_copy(rq, "cursor", f->after, sizeof(f->after)) < 0)
		return -1;
	return api_query_limit(rq, &f->limit);
}

void
route_sim_list(struct api_req *rq)
{
	struct sim_filter f;
	struct list_ctx lc = {0};
	struct jsonw w;
	int rc;

	if (sim_filter_parse(rq, &f) < 0)
		return;
	lc.limit = f.limit;
	f.limit++;
	lc.w = &w;
	api_page_open(rq, &w);
	rc = store_sim_list(rq->st, &f, list_one, &lc);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close(&w, lc.n > lc.limit ? lc.last : NULL);
}

void
route_sim_get(struct api_req *rq)
{
	struct sim s;
	int rc;

	if (path_iccid(rq) < 0)
		return;
	rc = store_sim_get(rq->st, rq->params[0], &s);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	sim_reply(rq, 200, &s);
}

void
route_sim_create(struct api_req *rq)
{
	struct field_errors errs = {0};
	struct store_error serr = {0};
	struct obuf details;
	struct sim s;
	json_t *body;
	int rc;

	body = api_body_object(rq);
	if (body == NULL)
		return;
	sim_init(&s);
	sim_json_apply(&s, body, 0, &errs);
	json_decref(body);
	if (errs.n > 0) {
		api_problem_fields(rq, 400, "invalid-field", "Invalid field",
		    &errs);
		return;
	}
	if (check_sim(rq, &s) < 0)
		return;
	obuf_init(&details, 8192);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_sim_insert(rq->st, &s, &serr);
	if (rc == 0)
		rc = store_sim_get(rq->st, s.iccid, &s);
	sim_text(&s, &details);
	rc = api_commit_audited(rq, rc, "sim.create", s.iccid, NULL,
	    details.data, &serr);
	obuf_reset(&details);
	if (rc < 0)
		return;
	api_notify_sim(rq, SIM_CHANGE_UPSERT, s.iccid);
	snprintf(rq->location, sizeof(rq->location), API_PREFIX "/sims/%s",
	    s.iccid);
	sim_reply(rq, 201, &s);
}

/* Audit details for an update: the record before and after. */
static void
before_after(const struct sim *before, const struct sim *after,
    struct obuf *o)
{
	struct jsonw w;

	jsonw_init(&w, o);
	jsonw_obj_open(&w);
	jsonw_key(&w, "before");
	sim_json_write(&w, before);
	jsonw_key(&w, "after");
	sim_json_write(&w, after);
	jsonw_obj_close(&w);
}

void
route_sim_patch(struct api_req *rq)
{
	struct field_errors errs = {0};
	struct store_error serr = {0};
	struct sim before, s;
	struct obuf details;
	json_t *body;
	int rc;

	if (path_iccid(rq) < 0)
		return;
	body = api_body_object(rq);
	if (body == NULL)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_sim_get(rq->st, rq->params[0], &before);
	if (rc < 0) {
		json_decref(body);
		store_rollback(rq->st);
		api_store_error(rq, rc, NULL);
		return;
	}
	s = before;
	sim_json_apply(&s, body, SIM_JSON_NO_ICCID | SIM_JSON_NO_STATE, &errs);
	json_decref(body);
	if (errs.n > 0 || check_sim(rq, &s) < 0) {
		store_rollback(rq->st);
		if (errs.n > 0)
			api_problem_fields(rq, 400, "invalid-field",
			    "Invalid field", &errs);
		return;
	}
	rc = store_sim_update(rq->st, &s, &serr);
	if (rc == 0)
		rc = store_sim_get(rq->st, s.iccid, &s);
	obuf_init(&details, 16384);
	before_after(&before, &s, &details);
	rc = api_commit_audited(rq, rc, "sim.update", s.iccid, NULL,
	    details.data, &serr);
	obuf_reset(&details);
	if (rc < 0)
		return;
	api_notify_sim(rq, SIM_CHANGE_UPSERT, s.iccid);
	sim_reply(rq, 200, &s);
}

void
route_sim_delete(struct api_req *rq)
{
	struct obuf details;
	struct sim s;
	int rc;

	if (path_iccid(rq) < 0)
		return;
	obuf_init(&details, 8192);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_sim_get(rq->st, rq->params[0], &s);
	if (rc == 0)
		rc = store_sim_delete(rq->st, rq->params[0]);
	if (rc == 0)
		sim_text(&s, &details);
	rc = api_commit_audited(rq, rc, "sim.delete", rq->params[0], NULL,
	    details.data, NULL);
	obuf_reset(&details);
	if (rc < 0)
		return;
	api_notify_sim(rq, SIM_CHANGE_DELETE, rq->params[0]);
	api_no_content(rq);
}
