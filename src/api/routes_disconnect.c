/*
 * POST /api/v1/sims/{iccid}/disconnect: cut a SIM's data sessions off now,
 * with an RFC 5176 Disconnect-Request to each NAS that holds one. The api
 * role cannot send it: the radius role owns the NAS secrets and knows the
 * open sessions. So the request goes to the parent (MSG_DISCONNECT), which
 * passes it to the radius role, and the answer (MSG_DISCONNECT_DONE) comes
 * back the same way; this thread waits for it (answer_wait.c), at most
 * as long as the radius role may spend on its retries, plus a margin.
 *
 *	200	every NAS acknowledged ("disconnected"), or some ("partial")
 *	502	none did ("failed"); the body says what each one answered
 *	409	the SIM has no open session
 *	503	no radius role runs, or too many disconnects are waiting
 *	504	no answer in time
 *
 * Every request that gets as far as asking (a valid body, a SIM that
 * exists, a free slot) is audited with its outcome, whatever the outcome.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/answer_wait.h"
#include "common/log.h"

/* How the request ended, for the audit entry and the answer. */
struct disc {
	const char *iccid;
	char reason[API_REASON_MAX + 1];
	int rc; /* of answer_wait_end(), or -EPIPE when not sent */
	struct msg_answer done;
};

/* Copy at most dstsz - 1 bytes of s, never cutting a UTF-8 sequence. */
static void
copy_utf8(char *dst, size_t dstsz, const char *s)
{
	size_t n = strnlen(s, dstsz - 1);

	if (s[n] != '\0')
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int
disc_send(struct api_req *rq, uint32_t id, const struct disc *d)
{
	struct msg_disconnect m = {.id = id};
	struct obuf out;
	int rc;

	snprintf(m.iccid, sizeof(m.iccid), "%s", d->iccid);
	copy_utf8(m.reason, sizeof(m.reason), d->reason);
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_disconnect(&out, &m);
	rc = chan_send(&rq->api->ch, &out);
	obuf_reset(&out);
	return rc;
}

/* The outcome's name, or why there is none. */
static const char *
disc_outcome(const struct disc *d)
{
	if (d->rc == -ETIMEDOUT)
		return "timeout";
	if (d->rc != 0)
		return "unavailable";
	return disconnect_outcome_name(d->done.outcome);
}

/* The per-session detail, if it is the JSON array it should be: it is
 * copied into the answer as it stands. */
static const char *
disc_sessions(const struct disc *d)
{
	json_t *v = json_loads(d->done.detail, 0, NULL);
	int ok = json_is_array(v);

	json_decref(v);
	if (ok)
		return d->done.detail;
	if (d->done.detail[0] != '\0')
		log_warnx("disconnect %u: the detail is not a JSON array",
		    d->done.id);
	return "[]";
}

static int
disc_has_sessions(const struct disc *d)
{
	return d->rc == 0 && (d->done.outcome == DISCONNECT_DONE ||
	                         d->done.outcome == DISCONNECT_PARTIAL ||
	                         d->done.outcome == DISCONNECT_FAILED);
}

/*
 * The audit entry is written after the fact, so that it holds the
 * outcome. The Disconnect has happened (or not) by then whatever the
 * store does, so a failure to write the entry is logged, with the SIM, the
 * actor and the outcome, rather than turned into an error answer that
 * would misreport the Disconnect.
 */
static void
disc_audit(struct api_req *rq, const struct disc *d)
{
	struct obuf details;
	struct jsonw w;
	int rc;

	obuf_init(&details, IPC_EVIDENCE_MAX + 256);
	jsonw_init(&w, &details);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "outcome", disc_outcome(d));
	if (disc_has_sessions(d)) {
		jsonw_key(&w, "sessions");
		jsonw_raw(&w, disc_sessions(d));
	}
	jsonw_obj_close(&w);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = api_audit(rq, "sim.disconnect", d->iccid, d->reason,
		    obuf_failed(&details) ? NULL : details.data);
	if (rc == 0)
		rc = store_commit(rq->st);
	if (rc < 0) {
		store_rollback(rq->st);
		log_warnx("sim.disconnect of %s by %s (%s) not audited: %s",
		    d->iccid, rq->actor, disc_outcome(d), store_errmsg(rq->st));
	}
	obuf_reset(&details);
}

static void
disc_result(struct api_req *rq, unsigned status, const struct disc *d)
{
	struct jsonw w;

	api_json_begin(rq, status, &w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "iccid", d->iccid);
	jsonw_kstr(&w, "outcome", disc_outcome(d));
	jsonw_key(&w, "sessions");
	jsonw_raw(&w, disc_sessions(d));
	jsonw_obj_close(&w);
}

static void
disc_reply(struct api_req *rq, const struct disc *d)
{
	if (d->rc == -ETIMEDOUT) {
		api_problem(rq, 504, "radius-timeout", "RADIUS timeout",
		    "no answer from the RADIUS role within %u ms",
		    rq->api->disconnect_ms);
		return;
	}
	if (d->rc != 0) {
		api_problem(rq, 503, "radius-unavailable", "RADIUS unavailable",
		    "the request cannot reach the RADIUS role");
		return;
	}
	switch (d->done.outcome) {
	case DISCONNECT_DONE:
	case DISCONNECT_PARTIAL:
		disc_result(rq, 200, d);
		break;
	case DISCONNECT_FAILED:
		disc_result(rq, 502, d);
		break;
	case DISCONNECT_NO_SESSION:
		api_problem(rq, 409, "no-session", "No open session",
		    "SIM %s has no open session", d->iccid);
		break;
	default:
		api_problem(rq, 503, "radius-unavailable", "RADIUS unavailable",
		    "the RADIUS role is not running (or is too busy to take "
		    "the request; retry)");
		break;
	}
}

/* Too many waiting: retry once one of them must have ended. */
static void
disc_busy(struct api_req *rq)
{
	rq->retry_after = (rq->api->disconnect_ms + 999) / 1000;
	api_problem(rq, 503, "disconnect-busy", "Too many disconnects",
	    "too many disconnects are waiting for the RADIUS role; retry");
}

static int
disc_parse(struct api_req *rq, struct disc *d)
{
	json_t *body;
	int rc;

	if (api_path_iccid(rq) < 0)
		return -1;
	body = api_body_object(rq);
	if (body == NULL)
		return -1;
	rc = api_body_reason(rq, body, d->reason, sizeof(d->reason));
	json_decref(body);
	return rc;
}

void
route_sim_disconnect(struct api_req *rq)
{
	struct disc d;
	struct sim s;
	uint32_t id;
	int rc;

	memset(&d, 0, sizeof(d));
	d.iccid = rq->params[0];
	if (disc_parse(rq, &d) < 0)
		return;
	rc = store_sim_get(rq->st, d.iccid, &s);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	rc = answer_wait_begin(rq->api->dw, &id);
	if (rc == -EBUSY) {
		disc_busy(rq);
		return;
	}
	if (rc == 0 && disc_send(rq, id, &d) < 0) {
		log_warnx("cannot reach the parent");
		answer_wait_cancel(rq->api->dw, id);
		rc = -EPIPE;
	}
	if (rc == 0)
		rc = answer_wait_end(
		    rq->api->dw, id, rq->api->disconnect_ms, &d.done);
	d.rc = rc;
	disc_audit(rq, &d);
	disc_reply(rq, &d);
}
