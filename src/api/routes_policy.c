/*
 * The device zone's ruleset:
 *   GET  /api/v1/policy        the nft script compiled from the registry
 *   GET  /api/v1/policy/diff   how the kernel's table differs from it
 *   POST /api/v1/policy/apply  rebuild the kernel's table (a reconcile)
 * The api role compiles the script itself (the compiler is pure); reading
 * and changing the kernel's table needs CAP_NET_ADMIN, so diff and apply
 * are asked of the parent, and this thread waits for its answer as a
 * Disconnect does (answer_wait.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/answer_wait.h"
#include "api/api.h"
#include "common/log.h"
#include "daemon/policy_load.h"

#define POLICY_WAIT_MS 120000 /* a reload of 1M endpoints takes seconds */

/* The script as JSON, {"endpoints", "profiles", "ruleset"}: the API
 * speaks JSON throughout, and the CLI prints the ruleset as text. */
void
route_policy_show(struct api_req *rq)
{
	struct policy_load *load;
	struct endpoints eps;
	struct policy_endpoint *v = NULL;
	struct obuf text;
	struct jsonw w;
	size_t n = 0;

	load = policy_load_new(&rq->api->cfg->policy.zone, rq->st);
	if (load == NULL) {
		api_store_error(rq, STORE_EIO, NULL);
		return;
	}
	endpoints_init(&eps);
	obuf_init(&text, API_OUT_MAX / 2);
	if (policy_load_endpoints(load, rq->st, &eps) < 0) {
		api_store_error(rq, STORE_EIO, NULL);
		goto out;
	}
	v = endpoints_all(&eps, &n);
	policy_load_dedup(v, &n);
	policy_nft_full(policy_load_plan(load), v, n, 1, &text);
	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kuint(&w, "endpoints", n);
	jsonw_kuint(&w, "profiles", policy_load_profiles(load));
	jsonw_kstr(&w, "ruleset", obuf_failed(&text) ? "" : text.data);
	jsonw_obj_close(&w);
	if (obuf_failed(&text))
		api_problem(rq, 500, "too-large", "Ruleset too large",
		    "the ruleset of %zu endpoints is larger than an answer "
		    "can be; use nft list table inet " POLICY_TABLE,
		    n);
out:
	obuf_reset(&text);
	free(v);
	endpoints_reset(&eps);
	policy_load_free(load);
}

/* Ask the parent, and wait. 0 with the answer, or a problem sent. */
static int
ask_parent(struct api_req *rq, enum policy_op op, struct msg_answer *a)
{
	struct msg_policy m = {.op = (uint8_t)op};
	struct obuf out;
	int rc = answer_wait_begin(rq->api->dw, &m.id);

	if (rc == -EBUSY) {
		rq->retry_after = 1;
		api_problem(rq, 503, "busy", "Busy",
		    "too many requests wait for the parent; retry");
		return -1;
	}
	if (rc == 0) {
		obuf_init(&out, 64);
		ipc_encode_policy(&out, &m);
		rc = chan_send(&rq->api->ch, &out);
		obuf_reset(&out);
		if (rc < 0)
			answer_wait_cancel(rq->api->dw, m.id);
	}
	if (rc == 0)
		rc = answer_wait_end(rq->api->dw, m.id, POLICY_WAIT_MS, a);
	if (rc < 0) {
		api_problem(rq, 503, "unavailable", "Enforcer unavailable",
		    "the parent did not answer (%s)", strerror(-rc));
		return -1;
	}
	if (a->outcome == DISCONNECT_UNAVAILABLE) {
		api_problem(rq, 409, "enforce-off", "Enforcement is off", "%s",
		    a->detail);
		return -1;
	}
	return 0;
}

void
route_policy_diff(struct api_req *rq)
{
	static __thread struct msg_answer a;
	struct jsonw w;
	char *text;
	long n;

	if (ask_parent(rq, POLICY_OP_DIFF, &a) < 0)
		return;
	if (a.outcome != DISCONNECT_DONE) {
		api_problem(
		    rq, 500, "policy-diff", "Cannot compare", "%s", a.detail);
		return;
	}
	/* The detail is the count on its first line, then the lines. */
	n = strtol(a.detail, &text, 10);
	if (*text == '\n')
		text++;
	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kbool(&w, "in_sync", n == 0);
	jsonw_kint(&w, "differences", n);
	jsonw_kstr(&w, "diff", text);
	jsonw_obj_close(&w);
}

/* An apply is audited, done or refused: it changes what every device may
 * do. */
static void
apply_audit(struct api_req *rq, const struct msg_answer *a)
{
	struct obuf details;
	struct jsonw w;
	int rc;

	obuf_init(&details, sizeof(a->detail) + 64);
	jsonw_init(&w, &details);
	jsonw_obj_open(&w);
	jsonw_kbool(&w, "applied", a->outcome == DISCONNECT_DONE);
	jsonw_kstr(&w, "status", a->detail);
	jsonw_obj_close(&w);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = api_audit(rq, "policy.apply", "policy", NULL,
		    obuf_failed(&details) ? NULL : details.data);
	if (rc == 0)
		rc = store_commit(rq->st);
	if (rc < 0) {
		store_rollback(rq->st);
		log_warnx("policy.apply by %s not audited: %s", rq->actor,
		    store_errmsg(rq->st));
	}
	obuf_reset(&details);
}

void
route_policy_apply(struct api_req *rq)
{
	static __thread struct msg_answer a;
	struct jsonw w;

	if (ask_parent(rq, POLICY_OP_APPLY, &a) < 0)
		return;
	apply_audit(rq, &a);
	if (a.outcome != DISCONNECT_DONE) {
		api_problem(rq, 502, "policy-refused", "Ruleset refused", "%s",
		    a.detail);
		return;
	}
	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kbool(&w, "applied", 1);
	jsonw_kstr(&w, "status", a.detail);
	jsonw_obj_close(&w);
}
