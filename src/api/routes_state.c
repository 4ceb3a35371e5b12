/*
 * POST /api/v1/sims/{iccid}/state: the one way a SIM's state changes.
 * A reason is required, because the audit trail must say why a SIM was
 * cut off or let back in. Unblocking needs an admin: a blocked SIM is one
 * that was stolen or swapped.
 *
 * POST /api/v1/devices/{id}/quarantine and .../release do the same for a
 * LAN device, with the same rules for the reason. A device with a SIM is
 * the SIM's endpoint, so it is quarantined through the SIM.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/device.h"
#include "registry/validate.h"

#define REASON_MAX 512

struct state_req {
	enum sim_action action;
	char reason[REASON_MAX + 1];
};

/* The body's reason into sr; answers 400 when it is missing or too long. */
static int
reason_parse(struct api_req *rq, json_t *body, struct state_req *sr)
{
	json_t *r = json_object_get(body, "reason");

	if (!json_is_string(r) || json_string_length(r) == 0 ||
	    json_string_length(r) > REASON_MAX) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "reason is required: a string of 1 to %d characters that "
		    "says why", REASON_MAX);
		return -1;
	}
	snprintf(sr->reason, sizeof(sr->reason), "%s", json_string_value(r));
	return 0;
}

static int
state_req_parse(struct api_req *rq, struct state_req *sr)
{
	json_t *body = api_body_object(rq), *a;
	int rc = -1;

	if (body == NULL)
		return -1;
	a = json_object_get(body, "action");
	if (!json_is_string(a) ||
	    sim_action_parse(json_string_value(a), &sr->action) < 0) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "action must be activate, suspend, block, quarantine or "
		    "release");
		goto out;
	}
	rc = reason_parse(rq, body, sr);
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

static void
device_state_reply(struct api_req *rq, int64_t id, enum device_state from,
    enum device_state to)
{
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "id", id);
	jsonw_kstr(&w, "previous_state", device_state_name(from));
	jsonw_kstr(&w, "state", device_state_name(to));
	jsonw_kbool(&w, "changed", from != to);
	jsonw_obj_close(&w);
}

/*
 * Inside the open transaction: refuse a device with a SIM (409) and a
 * release of a device that is not quarantined (409, as for a SIM);
 * quarantining a quarantined device changes nothing. Otherwise write the
 * state and its audit entry. Answers the refusals itself.
 */
static int
device_state_apply(struct api_req *rq, const struct device *d,
    const struct state_req *sr, enum device_state to)
{
	char details[128], object[32];
	int rc;

	if (d->sim[0] != '\0') {
		api_problem(rq, 409, "invalid-transition",
		    "State change not allowed",
		    "device %lld is the endpoint of SIM %s: quarantine the SIM",
		    (long long)d->id, d->sim);
		return 1;
	}
	if (sr->action == SIM_RELEASE && d->state != DEVICE_QUARANTINED) {
		api_problem(rq, 409, "invalid-transition",
		    "State change not allowed", "cannot release device %lld: "
		    "only a quarantined device can be released",
		    (long long)d->id);
		return 1;
	}
	if (d->state == to)
		return 0;
	rc = store_device_set_state(rq->st, d->id, to);
	if (rc < 0)
		return rc;
	snprintf(details, sizeof(details),
	    "{\"action\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}",
	    sim_action_name(sr->action), device_state_name(d->state),
	    device_state_name(to));
	snprintf(object, sizeof(object), "device:%lld", (long long)d->id);
	return api_audit(rq, "device.state", object, sr->reason, details);
}

static void
device_state_change(struct api_req *rq, enum sim_action action)
{
	struct state_req sr = {.action = action};
	enum device_state to = action == SIM_QUARANTINE ? DEVICE_QUARANTINED
	                                                : DEVICE_ACTIVE;
	struct device d;
	json_t *body;
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	body = api_body_object(rq);
	if (body == NULL)
		return;
	rc = reason_parse(rq, body, &sr);
	json_decref(body);
	if (rc < 0)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_device_get(rq->st, id, &d);
	if (rc == 0)
		rc = device_state_apply(rq, &d, &sr, to);
	if (rc > 0) {
		store_rollback(rq->st);
		return;
	}
	if (rc == 0)
		rc = store_commit(rq->st);
	if (rc < 0)
		goto fail;
	if (d.state != to)
		api_notify_device(rq, d.id);
	device_state_reply(rq, d.id, d.state, to);
	return;
fail:
	store_rollback(rq->st);
	api_store_error(rq, rc, NULL);
}

void
route_device_quarantine(struct api_req *rq)
{
	device_state_change(rq, SIM_QUARANTINE);
}

void
route_device_release(struct api_req *rq)
{
	device_state_change(rq, SIM_RELEASE);
}
