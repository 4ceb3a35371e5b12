/*
 * The security scan through the API (docs/api.md, docs/scanner.md):
 *   POST /api/v1/scans                 queue one: {"targets": [...]}
 *   GET  /api/v1/scans                 newest first
 *   GET  /api/v1/scans/{id}            one, with the findings it opened
 *                                      and the ones it saw fixed
 *   GET  /api/v1/findings              the fleet's, filtered (address,
 *                                      state, severity, scan: opened by
 *                                      it, fixed_by: fixed by it)
 *   GET  /api/v1/findings/summary      open findings per severity, and
 *                                      addresses per grade
 *   GET  /api/v1/sims/{iccid}/findings, /devices/{id}/findings
 *                                      a device's latest result
 * A target is an address or a network of the device networks, "sim:ICCID"
 * or "device:ID" (its address, read now), or "fleet". The scanner role
 * runs the queue, one scan at a time, and leaves its results in the store.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "scan/scan_target.h"
#include "store/store_scan.h"

#define SCAN_REQUEST_TARGETS_MAX 64
#define SCAN_DIFF_MAX 1000 /* findings listed in a scan's answer, each way */

/* Findings */

static void
finding_write(struct jsonw *w, const struct finding_rec *f)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "id", f->id);
	jsonw_kstr(w, "address", f->addr);
	jsonw_kstr(w, "kind", f->kind);
	jsonw_kstr(w, "proto", f->proto);
	jsonw_kuint(w, "port", f->port);
	jsonw_kstr_or_null(w, "cve", f->cve);
	jsonw_kstr(w, "severity", event_severity_name(f->severity));
	jsonw_kstr(w, "evidence", f->evidence);
	jsonw_kstr(w, "state", f->fixed_scan != 0 ? "fixed" : "open");
	jsonw_kint(w, "first_scan", f->first_scan);
	jsonw_ktime(w, "first_seen", f->first_seen);
	jsonw_kint(w, "last_scan", f->last_scan);
	jsonw_ktime(w, "last_seen", f->last_seen);
	if (f->fixed_scan != 0) {
		jsonw_kint(w, "fixed_scan", f->fixed_scan);
		jsonw_ktime(w, "fixed_at", f->fixed_at);
	} else {
		jsonw_key(w, "fixed_scan");
		jsonw_null(w);
		jsonw_key(w, "fixed_at");
		jsonw_null(w);
	}
	jsonw_obj_close(w);
}

static int
finding_one(void *arg, const struct finding_rec *f)
{
	struct api_page *pg = arg;

	if (pg->n++ == pg->limit)
		return 1;
	finding_write(pg->w, f);
	pg->last = f->id;
	return 0;
}

static int
findings_array(struct api_req *rq, struct jsonw *w, const char *key,
    const struct finding_filter *f)
{
	struct api_page pg = {
	    .w = w, .limit = f->limit != 0 ? f->limit : UINT_MAX};
	int rc;

	jsonw_key(w, key);
	jsonw_arr_open(w);
	rc = store_finding_list(rq->st, f, finding_one, &pg);
	jsonw_arr_close(w);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	return rc < 0 ? -1 : 0;
}

static int
finding_filter_parse(
    struct api_req *rq, struct finding_filter *f, char *addr, size_t addrsz)
{
	const char *state = api_query(rq, "state");
	const char *sev = api_query(rq, "severity");
	enum event_severity es;
	struct ipaddr a;

	memset(f, 0, sizeof(*f));
	f->state = FINDING_OPEN;
	f->severity = -1;
	if (state != NULL) {
		if (strcmp(state, "open") == 0)
			f->state = FINDING_OPEN;
		else if (strcmp(state, "fixed") == 0)
			f->state = FINDING_FIXED;
		else if (strcmp(state, "all") == 0)
			f->state = FINDING_ANY;
		else {
			api_problem(rq, 400, "invalid-query", "Invalid query",
			    "state must be open, fixed or all");
			return -1;
		}
	}
	if (sev != NULL) {
		if (event_severity_parse(sev, &es) < 0) {
			api_problem(rq, 400, "invalid-query", "Invalid query",
			    "severity must be info, low, medium, high or "
			    "critical");
			return -1;
		}
		f->severity = (int)es;
	}
	addr[0] = '\0';
	if (api_query_copy(rq, "address", addr, addrsz) < 0 ||
	    api_query_int64(rq, "scan", &f->opened_in) < 0 ||
	    api_query_int64(rq, "fixed_by", &f->fixed_in) < 0 ||
	    api_query_int64(rq, "cursor", &f->before) < 0)
		return -1;
	/* what a scan opened or fixed, whatever became of it since */
	if (state == NULL && (f->opened_in > 0 || f->fixed_in > 0))
		f->state = FINDING_ANY;
	if (addr[0] != '\0') {
		/* the canonical form is the one stored */
		if (ipaddr_parse(addr, &a) < 0) {
			api_problem(rq, 400, "invalid-query", "Invalid query",
			    "address: '%s' is not an IP address", addr);
			return -1;
		}
		ipaddr_format(&a, addr, addrsz);
		f->addr = addr;
	}
	return api_query_limit(rq, &f->limit);
}

void
route_finding_list(struct api_req *rq)
{
	struct finding_filter f;
	struct api_page pg = {0};
	char addr[ADDR_STRLEN];
	struct jsonw w;
	int rc;

	if (finding_filter_parse(rq, &f, addr, sizeof(addr)) < 0)
		return;
	pg.limit = f.limit++;
	pg.w = &w;
	api_page_open(rq, &w);
	rc = store_finding_list(rq->st, &f, finding_one, &pg);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close_id(&w, pg.n > pg.limit, pg.last);
}

void
route_finding_summary(struct api_req *rq)
{
	static const char *const grades[] = {"A", "B", "C", "D", "E", "F"};
	struct scan_summary s;
	struct jsonw w;
	int rc;

	rc = store_scan_summary(rq->st, &s);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_key(&w, "open");
	jsonw_obj_open(&w);
	for (int i = SEV_CRITICAL; i >= SEV_INFO; i--)
		jsonw_kuint(
		    &w, event_severity_name((enum event_severity)i), s.open[i]);
	jsonw_obj_close(&w);
	jsonw_key(&w, "grades");
	jsonw_obj_open(&w);
	for (int i = 0; i < 6; i++)
		jsonw_kuint(&w, grades[i], s.grades[i]);
	jsonw_kuint(&w, "never_up", s.grades[6]);
	jsonw_obj_close(&w);
	jsonw_kuint(&w, "addresses", s.addresses);
	jsonw_obj_close(&w);
}

/* A device's latest result */

struct device_result {
	struct api_req *rq;
	struct jsonw *w;
};

static int
risk_write(void *arg, const struct risk_rec *r)
{
	struct jsonw *w = arg;

	jsonw_kint(w, "scan", r->scan);
	jsonw_ktime(w, "scanned", r->scanned);
	jsonw_key(w, "up");
	jsonw_bool(w, r->up);
	if (r->score >= 0) {
		jsonw_kint(w, "score", r->score);
		jsonw_kstr(w, "grade", r->grade);
		jsonw_key(w, "report");
		jsonw_raw(w, r->report);
	}
	return 0;
}

static void
findings_reply(struct api_req *rq, const char *addr)
{
	struct finding_filter f = {
	    .addr = addr, .state = FINDING_OPEN, .severity = -1};
	struct jsonw w;
	int rc;

	api_json_begin(rq, 200, &w);
	jsonw_obj_open(&w);
	jsonw_kstr_or_null(&w, "address", addr[0] ? addr : NULL);
	rc = addr[0] ? store_risk_get(rq->st, addr, risk_write, &w)
	             : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND) {
		/* never scanned */
		jsonw_key(&w, "scan");
		jsonw_null(&w);
	} else if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	if (addr[0] == '\0') {
		jsonw_key(&w, "findings");
		jsonw_arr_open(&w);
		jsonw_arr_close(&w);
		jsonw_key(&w, "fixed");
		jsonw_arr_open(&w);
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
		return;
	}
	if (findings_array(rq, &w, "findings", &f) < 0)
		return;
	f.state = FINDING_FIXED;
	f.limit = 100;
	if (findings_array(rq, &w, "fixed", &f) < 0)
		return;
	jsonw_obj_close(&w);
}

void
route_sim_findings(struct api_req *rq)
{
	char addr[ADDR_STRLEN];

	if (api_path_sim_address(rq, addr) == 0)
		findings_reply(rq, addr);
}

void
route_device_findings(struct api_req *rq)
{
	char addr[ADDR_STRLEN];

	if (api_path_device_address(rq, addr) == 0)
		findings_reply(rq, addr);
}

/* Scans */

static void
scan_write(struct jsonw *w, const struct scan_run *r)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "id", r->id);
	jsonw_kstr(w, "state", scan_run_state_name(r->state));
	jsonw_kstr(w, "trigger", scan_trigger_name(r->trigger));
	jsonw_kstr_or_null(w, "requester", r->requester);
	jsonw_kstr(w, "targets", r->targets);
	jsonw_ktime(w, "created", r->created);
	jsonw_ktime(w, "started", r->started);
	jsonw_ktime(w, "finished", r->finished);
	jsonw_kuint(w, "addresses", r->addresses);
	jsonw_kuint(w, "scanned", r->scanned);
	jsonw_kuint(w, "up", r->up);
	jsonw_kuint(w, "opened", r->opened);
	jsonw_kuint(w, "fixed", r->fixed);
	jsonw_kstr_or_null(w, "error", r->error);
}

static int
scan_one(void *arg, const struct scan_run *r)
{
	struct api_page *pg = arg;

	if (pg->n++ == pg->limit)
		return 1;
	scan_write(pg->w, r);
	jsonw_obj_close(pg->w);
	pg->last = r->id;
	return 0;
}

void
route_scan_list(struct api_req *rq)
{
	struct api_page pg = {0};
	struct jsonw w;
	int64_t before;
	unsigned limit;
	int rc;

	if (api_query_int64(rq, "cursor", &before) < 0 ||
	    api_query_limit(rq, &limit) < 0)
		return;
	pg.limit = limit;
	pg.w = &w;
	api_page_open(rq, &w);
	rc = store_scan_list(rq->st, before, limit + 1, scan_one, &pg);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close_id(&w, pg.n > pg.limit, pg.last);
}

static void
scan_reply(struct api_req *rq, unsigned status, int64_t id)
{
	static _Thread_local struct scan_run r; /* 4 KiB of targets */
	struct finding_filter f = {
	    .state = FINDING_ANY, .severity = -1, .limit = SCAN_DIFF_MAX};
	struct jsonw w;
	int rc;

	rc = store_scan_get(rq->st, id, &r);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	api_json_begin(rq, status, &w);
	scan_write(&w, &r);
	f.opened_in = id;
	if (findings_array(rq, &w, "opened_findings", &f) < 0)
		return;
	f.opened_in = 0;
	f.fixed_in = id;
	if (findings_array(rq, &w, "fixed_findings", &f) < 0)
		return;
	jsonw_obj_close(&w);
}

void
route_scan_get(struct api_req *rq)
{
	int64_t id;

	if (api_path_id(rq, &id) == 0)
		scan_reply(rq, 200, id);
}

/* A queued scan never runs; a running one stops within a second (its
 * worker looks at the store between the engine's rounds) and keeps what
 * its committed chunks recorded. */
void
route_scan_cancel(struct api_req *rq)
{
	static _Thread_local struct scan_run r; /* 4 KiB of targets */
	char object[32];
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_scan_cancel(rq->st, id, rq->actor, &r);
	if (rc == STORE_ECONFLICT) {
		store_rollback(rq->st);
		api_problem(rq, 409, "scan-over", "The scan is over",
		    "scan %lld is %s: nothing to cancel", (long long)id,
		    scan_run_state_name(r.state));
		return;
	}
	snprintf(object, sizeof(object), "scan:%lld", (long long)id);
	if (api_commit_audited(
	        rq, rc, "scan.cancel", object, NULL, NULL, NULL) < 0)
		return;
	scan_reply(rq, 200, id);
}

/* One target of a request, checked against the zone and appended to
 * text: 0, or -1 after answering. */
static int
add_target(struct api_req *rq, const struct scan_zone *zone, size_t i,
    const char *t, struct ipaddr *scratch, size_t *total, char *text,
    size_t textsz)
{
	char addr[ADDR_STRLEN], err[640];
	size_t len = strlen(text), n = 0;
	struct device d;
	struct sim s;
	int64_t id;
	char *end;
	int rc = 0;

	if (strncmp(t, "sim:", 4) == 0) {
		rc = store_sim_get(rq->st, t + 4, &s);
		snprintf(addr, sizeof(addr), "%s", rc == 0 ? s.static_ip : "");
	} else if (strncmp(t, "device:", 7) == 0) {
		errno = 0;
		id = strtoll(t + 7, &end, 10);
		rc = errno != 0 || end == t + 7 || *end != '\0' || id <= 0
		         ? STORE_ENOTFOUND
		         : store_device_get(rq->st, id, &d);
		snprintf(addr, sizeof(addr), "%s", rc == 0 ? d.ip : "");
	} else if (strlen(t) >= sizeof(addr)) {
		api_problem(rq, 422, "invalid-target", "Invalid target",
		    "targets[%zu]: longer than an address or network", i);
		return -1;
	} else
		snprintf(addr, sizeof(addr), "%s", t);
	if (rc == STORE_ENOTFOUND || (rc == 0 && addr[0] == '\0')) {
		api_problem(rq, 422, "invalid-target", "Invalid target",
		    "targets[%zu]: %s %s", i,
		    rc == 0 ? "has no address:" : "no such", t);
		return -1;
	}
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return -1;
	}
	rc = scan_target_expand(zone, addr, scratch, SCAN_TARGETS_MAX - *total,
	    &n, err, sizeof(err));
	if (rc < 0) {
		api_problem(rq, rc == -EPERM ? 403 : 422,
		    rc == -EPERM ? "outside-zone" : "invalid-target",
		    rc == -EPERM ? "Outside the device networks"
		                 : "Invalid target",
		    "targets[%zu]: %s", i, err);
		return -1;
	}
	*total += n;
	snprintf(text + len, textsz - len, "%s%s", len > 0 ? " " : "", addr);
	return 0;
}

/* The request's targets as the queue stores them: "fleet", or the
 * addresses and networks, checked. 0, or -1 after answering. */
static int
scan_targets(struct api_req *rq, char *text, size_t textsz)
{
	struct api_settings set;
	struct scan_zone zone;
	struct ipaddr *scratch;
	json_t *body = api_body_object(rq), *t;
	size_t total = 0, n;
	int rc = 0;

	if (body == NULL)
		return -1;
	t = json_object_get(body, "targets");
	n = json_is_array(t) ? json_array_size(t) : 0;
	if (n == 0 || n > SCAN_REQUEST_TARGETS_MAX) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "targets must be an array of 1 to %d strings: addresses "
		    "or networks of the device networks, sim:ICCID, "
		    "device:ID, or \"fleet\"",
		    SCAN_REQUEST_TARGETS_MAX);
		json_decref(body);
		return -1;
	}
	api_settings_get(rq->api, &set);
	zone.n =
	    set.n_networks < SCAN_ZONE_MAX ? set.n_networks : SCAN_ZONE_MAX;
	memcpy(zone.nets, set.networks, zone.n * sizeof(zone.nets[0]));
	scratch = malloc(SCAN_TARGETS_MAX * sizeof(*scratch));
	text[0] = '\0';
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *s = json_string_value(json_array_get(t, i));

		if (s == NULL) {
			api_problem(rq, 400, "invalid-field", "Invalid field",
			    "targets[%zu] must be a string", i);
			rc = -1;
		} else if (strcmp(s, SCAN_TARGETS_FLEET) == 0) {
			if (n > 1) {
				api_problem(rq, 400, "invalid-field",
				    "Invalid field",
				    "targets: \"fleet\" goes alone");
				rc = -1;
			} else
				snprintf(
				    text, textsz, "%s", SCAN_TARGETS_FLEET);
		} else if (scratch == NULL) {
			api_problem(rq, 503, "no-memory", "Out of memory",
			    "the targets could not be checked");
			rc = -1;
		} else
			rc = add_target(
			    rq, &zone, i, s, scratch, &total, text, textsz);
	}
	free(scratch);
	json_decref(body);
	return rc;
}

void
route_scan_create(struct api_req *rq)
{
	static _Thread_local char targets[SCAN_TARGETS_TEXT_MAX];
	char object[32];
	struct obuf out;
	int64_t id = 0;
	int rc;

	if (scan_targets(rq, targets, sizeof(targets)) < 0)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_scan_queue(
		    rq->st, SCAN_TRIGGER_API, rq->actor, targets, &id);
	snprintf(object, sizeof(object), "scan:%lld", (long long)id);
	if (api_commit_audited(rq, rc, "scan.queue", object, NULL, NULL, NULL) <
	    0)
		return;
	obuf_init(&out, IPC_HDR_LEN);
	ipc_encode_empty(&out, MSG_SCAN_WAKE);
	if (chan_send(&rq->api->ch, &out) < 0)
		log_warnx("cannot reach the parent");
	obuf_reset(&out);
	snprintf(rq->location, sizeof(rq->location), API_PREFIX "/scans/%lld",
	    (long long)id);
	scan_reply(rq, 202, id);
}
