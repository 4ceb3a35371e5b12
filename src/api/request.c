/*
 * Chores shared by the handlers: query parameters, the audit trail and the
 * notifications to the parent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "common/log.h"
#include "registry/validate.h"

const char *
api_query(struct api_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

static int
parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -EINVAL; /* no sign, no blanks: strtoll would allow them */
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int
api_query_limit(struct api_req *rq, unsigned *out)
{
	const char *s = api_query(rq, "limit");
	int64_t v;

	*out = API_PAGE_DEFAULT;
	if (s == NULL)
		return 0;
	if (parse_int64(s, 1, API_PAGE_MAX, &v) < 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "limit must be a number from 1 to %d", API_PAGE_MAX);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int
api_query_int64(struct api_req *rq, const char *name, int64_t *out)
{
	const char *s = api_query(rq, name);

	*out = 0;
	if (s == NULL)
		return 0;
	if (parse_int64(s, 1, INT64_MAX, out) < 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "%s must be a positive integer", name);
		return -1;
	}
	return 0;
}

int
api_query_copy(struct api_req *rq, const char *name, char *dst, size_t dstsz)
{
	const char *v = api_query(rq, name);

	if (v == NULL)
		return 0;
	if (strlen(v) >= dstsz) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "%s is too long (at most %zu characters)", name, dstsz - 1);
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

int
api_path_id(struct api_req *rq, int64_t *id)
{
	if (parse_int64(rq->params[0], 1, INT64_MAX, id) < 0) {
		api_problem(rq, 400, "invalid-path", "Invalid path",
		    "'%s' is not an id", rq->params[0]);
		return -1;
	}
	return 0;
}

int
api_path_iccid(struct api_req *rq)
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

int
api_body_reason(struct api_req *rq, const json_t *body, char *out,
    size_t outsz)
{
	json_t *r = json_object_get(body, "reason");
	size_t max = outsz - 1 < API_REASON_MAX ? outsz - 1 : API_REASON_MAX;

	if (!json_is_string(r) || json_string_length(r) == 0 ||
	    json_string_length(r) > max ||
	    strlen(json_string_value(r)) != json_string_length(r)) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "reason is required: a string of 1 to %zu characters that "
		    "says why",
		    max);
		return -1;
	}
	memcpy(out, json_string_value(r), json_string_length(r) + 1);
	return 0;
}

int
api_audit(struct api_req *rq, const char *action, const char *object,
    const char *reason, const char *details)
{
	struct audit_entry a = {0};

	a.ts = time(NULL);
	snprintf(a.actor, sizeof(a.actor), "%s", rq->actor);
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.object, sizeof(a.object), "%s", object);
	a.reason = reason != NULL ? reason : "";
	a.details = details != NULL ? details : "{}";
	return store_audit_add(rq->st, &a);
}

static void
send_frames(struct api *api, struct obuf *out)
{
	if (chan_send(&api->ch, out) < 0)
		log_warnx("cannot reach the parent");
}

void
api_notify_sim(struct api_req *rq, enum sim_change what, const char *iccid)
{
	struct msg_sim_changed m = {.what = (uint8_t)what};
	struct obuf out;

	snprintf(m.iccid, sizeof(m.iccid), "%s", iccid);
	obuf_init(&out, 64);
	ipc_encode_sim_changed(&out, &m);
	send_frames(rq->api, &out);
	obuf_reset(&out);
}

/* A device changed: the enforcer re-reads it (its address and profile). */
void
api_notify_device(struct api_req *rq, int64_t id)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", (long long)id);
	api_notify_sim(rq, SIM_CHANGE_DEVICE, s);
}

void
api_send_event(struct api *api, const struct msg_event *m)
{
	struct obuf out;

	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_event(&out, m);
	send_frames(api, &out);
	obuf_reset(&out);
}

int
api_commit_audited(struct api_req *rq, int rc, const char *action,
    const char *object, const char *reason, const char *details,
    const struct store_error *err)
{
	if (rc == 0)
		rc = api_audit(rq, action, object, reason, details);
	if (rc == 0)
		rc = store_commit(rq->st);
	if (rc < 0) {
		store_rollback(rq->st);
		api_store_error(rq, rc, err);
	}
	return rc;
}

int
api_path_sim_address(struct api_req *rq, char addr[ADDR_STRLEN])
{
	struct sim s;
	int rc;

	if (api_path_iccid(rq) < 0)
		return -1;
	rc = store_sim_get(rq->st, rq->params[0], &s);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return -1;
	}
	snprintf(addr, ADDR_STRLEN, "%s", s.static_ip);
	return 0;
}

int
api_path_device_address(struct api_req *rq, char addr[ADDR_STRLEN])
{
	struct device d;
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return -1;
	rc = store_device_get(rq->st, id, &d);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return -1;
	}
	snprintf(addr, ADDR_STRLEN, "%s", d.ip);
	return 0;
}
