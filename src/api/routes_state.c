/*
 * POST /api/v1/sims/{iccid}/state: the one way a SIM's state changes.
 * A reason is required, because the audit trail must say why a SIM was
 * cut off or let back in. Unblocking needs an admin: a blocked SIM is one
 * that was stolen or swapped.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/validate.h"

#define REASON_MAX 512

struct state_req {
	enum sim_action action;
	char reason[REASON_MAX + 1];
};

static int
state_req_parse(struct api_req *rq, struct state_req *sr)
{
	json_t *body = api_body_object(rq), *a, *r;
	int rc = -1;

	if (body == NULL)
		return -1;
	a = json_object_get(body, "action");
	r = json_object_get(body, "reason");
	if (!json_is_string(a) ||
	    sim_action_parse(json_string_value(a), &sr->action) < 0) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "action must be activate, suspend, block, quarantine or "
		    "release");
		goto out;
	}
	if (!json_is_string(r) || json_string_length(r) == 0 ||
	    json_string_length(r) > REASON_MAX) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "reason is required: a string of 1 to %d characters that "
		    "says why", REASON_MAX);
		goto out;
	}
	snprintf(sr->reason, sizeof(sr->reason), "%s", json_string_value(r));
	rc = 0;
out:
	json_decref(body);
	return rc;
}

static void
state_reply(struct api_req *rq, const char *iccid, enum sim_state from,
    enum sim_state to)
{
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "iccid", iccid);
	jsonw_kstr(&w, "previous_state", sim_state_name(from));
	jsonw_kstr(&w, "state", sim_state_name(to));
	jsonw_kbool(&w, "changed", from != to);
	jsonw_obj_close(&w);
}

/* Apply the transition inside the open transaction. */
static int
apply(struct api_req *rq, const struct sim *s, const struct state_req *sr,
    enum sim_state to)
{
	char details[128];
	int rc;

	rc = store_sim_set_state(rq->st, s->iccid, to);
	if (rc < 0)
		return rc;
	snprintf(details, sizeof(details),
	    "{\"action\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}",
	    sim_action_name(sr->action), sim_state_name(s->state),
	    sim_state_name(to));
	return api_audit(rq, "sim.state", s->iccid, sr->reason, details);
}

void
route_sim_state(struct api_req *rq)
{
	struct state_req sr;
	const char *why;
	enum sim_state to;
	struct sim s;
	int rc;

	if (valid_iccid(rq->params[0], &why) < 0) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "iccid: %s", why);
		return;
	}
	if (state_req_parse(rq, &sr) < 0)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_sim_get(rq->st, rq->params[0], &s);
	if (rc < 0)
		goto fail;
	if (sim_transition(s.state, sr.action, &to, &why) < 0) {
		store_rollback(rq->st);
		api_problem(rq, 409, "invalid-transition",
		    "State change not allowed", "cannot %s SIM %s: %s",
		    sim_action_name(sr.action), s.iccid, why);
		return;
	}
	if (s.state == SIM_BLOCKED && to != SIM_BLOCKED &&
	    rq->role < ROLE_ADMIN) {
		store_rollback(rq->st);
		api_problem(rq, 403, "forbidden", "Forbidden",
		    "only an admin can unblock a SIM");
		return;
	}
	if (to != s.state)
		rc = apply(rq, &s, &sr, to);
	if (rc == 0)
		rc = store_commit(rq->st);
	if (rc < 0)
		goto fail;
	if (to != s.state)
		api_notify_sim(rq, SIM_CHANGE_STATE, s.iccid);
	state_reply(rq, s.iccid, s.state, to);
	return;
fail:
	store_rollback(rq->st);
	api_store_error(rq, rc, NULL);
}
