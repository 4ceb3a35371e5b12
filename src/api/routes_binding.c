/*
 * /api/v1/sims/{iccid}/binding: the SIM's IMEI binding and whether the
 * device it last attached from is the bound one; and the two ways an
 * operator undoes a binding after a legitimate device swap:
 *
 *	POST .../binding/reset	  forget the bound IMEI; with a learn policy
 *				  the next attach binds the new device. A
 *				  fixed binding is refused: it names its IMEI
 *				  on purpose, and is changed with a PATCH.
 *	POST .../binding/relearn  forget it and switch the SIM to learn,
 *				  whatever its policy was.
 *
 * Both need a reason, kept in the audit entry with the IMEI forgotten,
 * and tell the parent so that the radius role drops its cached binding.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/imei.h"

static void
binding_write(struct jsonw *w, const char *iccid, const struct sim_binding *b)
{
	enum imei_status st = imei_binding_status(
	    b->policy, b->match, b->bound_imei, b->last_imei, b->last_seen);

	jsonw_obj_open(w);
	jsonw_kstr(w, "iccid", iccid);
	jsonw_kstr(w, "imei_policy", imei_policy_name(b->policy));
	jsonw_kstr(w, "imei_match", imei_match_name(b->match));
	jsonw_kstr_or_null(w, "bound_imei", b->bound_imei);
	jsonw_kstr_or_null(w, "last_imei", b->last_imei);
	jsonw_ktime(w, "last_seen", b->last_seen);
	jsonw_kstr(w, "status", imei_status_name(st));
	jsonw_obj_close(w);
}

static void
binding_reply(struct api_req *rq, const struct sim_binding *b)
{
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	binding_write(&w, rq->params[0], b);
}

void
route_sim_binding(struct api_req *rq)
{
	struct sim_binding b;
	int rc;

	if (api_path_iccid(rq) < 0)
		return;
	rc = store_sim_binding_get(rq->st, rq->params[0], &b);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		binding_reply(rq, &b);
}

/* Audit details: the IMEI forgotten and the policy before and after. */
static void
reset_details(const struct sim_binding *before, const struct sim_binding *after,
    struct obuf *o)
{
	struct jsonw w;

	jsonw_init(&w, o);
	jsonw_obj_open(&w);
	jsonw_kstr_or_null(&w, "bound_imei", before->bound_imei);
	jsonw_kstr_or_null(&w, "last_imei", before->last_imei);
	jsonw_kstr(&w, "from", imei_policy_name(before->policy));
	jsonw_kstr(&w, "to", imei_policy_name(after->policy));
	jsonw_obj_close(&w);
}

/* The reason from the body; -1 after answering. */
static int
reason_parse(struct api_req *rq, char *reason, size_t sz)
{
	json_t *body = api_body_object(rq);
	int rc;

	if (body == NULL)
		return -1;
	rc = api_body_reason(rq, body, reason, sz);
	json_decref(body);
	return rc;
}

/* A fixed binding refused by a reset: the SIM's state, not the request,
 * is what stands in the way, hence 409 rather than 400. */
static void
fixed_refused(struct api_req *rq, const struct store_error *err)
{
	struct field_errors errs = {0};

	field_errors_add(&errs, err->field, err->msg);
	api_problem_fields(
	    rq, 409, "fixed-binding", "Fixed IMEI binding", &errs);
}

static void
binding_reset(struct api_req *rq, int relearn)
{
	struct store_error serr = {0};
	struct sim_binding before, after;
	char reason[API_REASON_MAX + 1];
	struct obuf details;
	int rc;

	if (api_path_iccid(rq) < 0 ||
	    reason_parse(rq, reason, sizeof(reason)) < 0)
		return;
	memset(&after, 0, sizeof(after));
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_sim_binding_get(rq->st, rq->params[0], &before);
	if (rc == 0)
		rc = store_sim_binding_reset(
		    rq->st, rq->params[0], relearn, &serr);
	if (rc == STORE_EINVAL && strcmp(serr.field, "imei_policy") == 0) {
		store_rollback(rq->st);
		fixed_refused(rq, &serr);
		return;
	}
	if (rc == 0)
		rc = store_sim_binding_get(rq->st, rq->params[0], &after);
	obuf_init(&details, 1024);
	if (rc == 0)
		reset_details(&before, &after, &details);
	rc = api_commit_audited(rq, rc,
	    relearn ? "sim.binding.relearn" : "sim.binding.reset",
	    rq->params[0], reason, details.data, &serr);
	obuf_reset(&details);
	if (rc < 0)
		return;
	api_notify_sim(rq, SIM_CHANGE_BINDING, rq->params[0]);
	binding_reply(rq, &after);
}

void
route_sim_binding_reset(struct api_req *rq)
{
	binding_reset(rq, 0);
}

void
route_sim_binding_relearn(struct api_req *rq)
{
	binding_reset(rq, 1);
}
