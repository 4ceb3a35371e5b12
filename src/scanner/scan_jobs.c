/*
 * The scanner role's worker (scan_jobs.h).
 *
 * A scan's addresses are scanned in chunks of SCAN_CHUNK: the engine
 * holds a chunk's hosts in memory, and each chunk's results are committed
 * in one transaction, so a fleet of a million costs a chunk's engine
 * memory and its address list (20 bytes an address), and its progress
 * shows in the store as it goes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/jsonw.h"
#include "common/log.h"
#include "scan/scan_builtin.h"
#include "scan/scan_finding.h"
#include "scan/scan_json.h"
#include "scanner/scan_jobs.h"
#include "store/store_scan.h"

#define SCAN_CHUNK 1024
#define POLL_S 5                 /* the queue and appearances, at least */
#define REPORT_MAX (256u * 1024) /* one host's report, as stored */
#define FRAMES_MAX (16u << 20)   /* a chunk's events */

struct scan_jobs {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int woken;
	atomic_int stopping;
	atomic_int zone_changed; /* the chunk under way must be redone */
	struct scan_zone zone;   /* under lock: the newest */
	const struct config *cfg;
	struct chan *ch;
	struct store *st;
	struct scan_conf conf; /* the worker's, its zone copied per chunk */
	struct creds creds;
	struct vulndb vulns;
	struct admin_paths admin_paths;
	struct appearance_cursor cursor;
	time_t next_fleet;
	/* a scan's addresses */
	struct ipaddr *addrs;
	size_t n_addrs, cap_addrs;
	size_t outside; /* fleet addresses the zone does not hold */
	struct obuf report, frames;
};

/* Addresses */

static int
addrs_push(struct scan_jobs *j, const struct ipaddr *a)
{
	struct ipaddr *v;
	size_t cap;

	if (j->n_addrs == j->cap_addrs) {
		cap = j->cap_addrs != 0 ? j->cap_addrs * 2 : SCAN_CHUNK;
		v = realloc(j->addrs, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		j->addrs = v;
		j->cap_addrs = cap;
	}
	j->addrs[j->n_addrs++] = *a;
	return 0;
}

/* The newest zone, and the change it answers taken as seen: under the
 * lock, so that a change made meanwhile is never lost. */
static void
current_zone(struct scan_jobs *j, struct scan_zone *z)
{
	pthread_mutex_lock(&j->lock);
	*z = j->zone;
	atomic_store(&j->zone_changed, 0);
	pthread_mutex_unlock(&j->lock);
}

/* A fleet address: kept when the zone holds it (a SIM's static IP may lie
 * outside the device networks: it is counted, not scanned). */
static int
fleet_addr(void *arg, const char *text)
{
	struct scan_jobs *j = arg;
	struct ipaddr a;

	if (ipaddr_parse(text, &a) < 0 ||
	    !scan_zone_contains(&j->conf.zone, &a)) {
		j->outside++;
		return 0;
	}
	return addrs_push(j, &a) < 0 ? STORE_EIO : 0;
}

/* The scan's targets, expanded within the zone: 0, or -1 with err. */
static int
expand(struct scan_jobs *j, const struct scan_run *r, char *err, size_t errlen)
{
	char text[SCAN_TARGETS_TEXT_MAX], *tok, *save;
	int rc;

	j->n_addrs = j->outside = 0;
	if (strcmp(r->targets, SCAN_TARGETS_FLEET) == 0) {
		rc = store_scan_fleet(j->st, fleet_addr, j);
		if (rc < 0)
			snprintf(err, errlen, "reading the fleet: %s",
			    store_errmsg(j->st));
		return rc < 0 ? -1 : 0;
	}
	/* the API let no more than SCAN_TARGETS_MAX through, in all */
	if (j->cap_addrs < SCAN_TARGETS_MAX) {
		struct ipaddr *v =
		    realloc(j->addrs, SCAN_TARGETS_MAX * sizeof(*v));

		if (v == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		j->addrs = v;
		j->cap_addrs = SCAN_TARGETS_MAX;
	}
	snprintf(text, sizeof(text), "%s", r->targets);
	for (tok = strtok_r(text, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save))
		if (scan_target_expand(&j->conf.zone, tok, j->addrs,
		        SCAN_TARGETS_MAX, &j->n_addrs, err, errlen) < 0)
			return -1;
	return 0;
}

/* Each address once, whatever chunk it would fall in: a network and
 * one of its own addresses, a device and its session. */
static void
dedupe(struct scan_jobs *j)
{
	size_t k = 0;

	if (j->n_addrs == 0)
		return;
	qsort(j->addrs, j->n_addrs, sizeof(j->addrs[0]), scan_addr_cmp);
	for (size_t i = 1; i < j->n_addrs; i++)
		if (scan_addr_cmp(&j->addrs[i], &j->addrs[k]) != 0)
			j->addrs[++k] = j->addrs[i];
	j->n_addrs = k + 1;
}

/* Keep the addresses from `from` on that the zone still holds. */
static size_t
refilter(struct scan_jobs *j, size_t from)
{
	size_t k = from;

	for (size_t i = from; i < j->n_addrs; i++)
		if (scan_zone_contains(&j->conf.zone, &j->addrs[i]))
			j->addrs[k++] = j->addrs[i];
	j->outside += j->n_addrs - k;
	j->n_addrs = k;
	return k;
}

/* Results */

/* One event for an address with new high or critical findings: its type
 * says the worst (scan_critical, scan_high), so that `respond` can
 * quarantine on one and only alert on the other. */
static void
send_event(struct scan_jobs *j, const struct scan_run *r, const char *addr,
    const struct scan_verdict *v, const struct scan_found *f, size_t n)
{
	static struct msg_event m; /* 8 KiB of evidence */
	enum event_severity worst = SEV_INFO;
	struct obuf ev;
	struct jsonw w;
	size_t listed = 0;

	for (size_t i = 0; i < n; i++)
		if (f[i].is_new && f[i].severity > worst)
			worst = f[i].severity;
	if (worst < SEV_HIGH)
		return;
	memset(&m, 0, sizeof(m));
	snprintf(m.type, sizeof(m.type), "%s",
	    worst == SEV_CRITICAL ? "scan_critical" : "scan_high");
	m.severity = (uint8_t)worst;
	snprintf(m.subject, sizeof(m.subject), "%s", addr);
	m.window_start = r->started;
	m.window_end = (int64_t)time(NULL);
	obuf_init(&ev, sizeof(m.evidence));
	jsonw_init(&w, &ev);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "scan", r->id);
	jsonw_kuint(&w, "score", v->score);
	jsonw_kstr(&w, "grade", (char[]){v->grade, '\0'});
	jsonw_key(&w, "new");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < n; i++) {
		/* the evidence stays within an event's size: the store has
		 * every finding */
		if (!f[i].is_new || f[i].severity < SEV_HIGH || listed == 8)
			continue;
		listed++;
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", f[i].kind);
		jsonw_kuint(&w, "port", f[i].port);
		jsonw_kstr(&w, "severity", event_severity_name(f[i].severity));
		jsonw_kstr(&w, "evidence", f[i].evidence);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	if (!obuf_failed(&ev) && ev.len < sizeof(m.evidence)) {
		memcpy(m.evidence, ev.data, ev.len);
		ipc_encode_event(&j->frames, &m);
	}
	obuf_reset(&ev);
}

/* One host's result into the store (inside the chunk's transaction). */
static int
record_host(struct scan_jobs *j, struct scan_run *r, const struct scan_host *h)
{
	static struct scan_verdict v;
	struct scan_found f[SCAN_FINDINGS_MAX];
	char addr[ADDR_STRLEN];
	struct jsonw w;
	unsigned opened, fixed;
	int up = h->state == SCAN_HOST_UP, rc;

	ipaddr_format(&h->addr, addr, sizeof(addr));
	scan_verdict(h, &j->vulns, &v);
	for (size_t i = 0; i < v.n; i++) {
		f[i].kind = v.f[i].kind->id;
		f[i].port = v.f[i].port;
		f[i].severity = v.f[i].severity;
		f[i].evidence = v.f[i].evidence;
		f[i].is_new = 0;
		f[i].proto = v.f[i].proto == SCAN_UDP ? "udp" : "tcp";
		f[i].cve = v.f[i].cve;
	}
	obuf_clear(&j->report);
	jsonw_init(&w, &j->report);
	scan_host_json(h, &v, &w);
	if (obuf_failed(&j->report)) {
		log_warnx("scanner: %s's report is larger than %u bytes; "
		          "kept without it",
		    addr, REPORT_MAX);
		obuf_clear(&j->report);
		obuf_puts(&j->report, "{}");
	}
	/* a dictionary cut short, or none, proves no password changed */
	rc = store_scan_record(j->st, r->id, addr, up, v.score, v.grade,
	    (const char *)j->report.data, f, v.n,
	    j->conf.creds != NULL && j->conf.login_attempts == 0, &opened,
	    &fixed);
	if (rc < 0)
		return rc;
	r->up += up;
	r->opened += opened;
	r->fixed += fixed;
	if (opened > 0)
		send_event(j, r, addr, &v, f, v.n);
	return 0;
}

struct chunk_run {
	struct scan_jobs *j;
	struct scan *s;
	int64_t scan;      /* its id */
	double next_check; /* when to look for a cancel again */
	int cancelled;
};

#define CANCEL_CHECK_S 1.0 /* a cancel stops the engine within this */

static void
watch_stop(void *arg, uint64_t done, uint64_t total)
{
	struct chunk_run *c = arg;
	double now;

	(void)done;
	(void)total;
	if (atomic_load(&c->j->stopping) || atomic_load(&c->j->zone_changed))
		scan_stop(c->s);
	/* a cancel comes through the store (DELETE /scans/{id}): one
	 * indexed read a second, on the worker's own connection */
	now = monotonic_seconds();
	if (now < c->next_check)
		return;
	c->next_check = now + CANCEL_CHECK_S;
	if (store_scan_running(c->j->st, c->scan) == 0) {
		c->cancelled = 1;
		scan_stop(c->s);
	}
}

/* Scan addrs[from, from + n) and record them: 0; 1 when stopped or the
 * zone changed, 2 when the scan was cancelled (nothing recorded either
 * way); or -1 with err. */
static int
run_chunk(struct scan_jobs *j, struct scan_run *r, size_t from, size_t n,
    char *err, size_t errlen)
{
	struct chunk_run c = {j, NULL, r->id, 0, 0};
	const struct scan_host *hosts;
	size_t nh;
	int rc;

	c.s = scan_new(&j->conf, j->addrs + from, n, err, errlen);
	if (c.s == NULL)
		return -1;
	rc = scan_run(c.s, watch_stop, &c, err, errlen);
	if (rc != 0) {
		scan_free(c.s);
		return rc == 1 && c.cancelled ? 2 : rc;
	}
	hosts = scan_hosts(c.s, &nh);
	rc = store_begin(j->st);
	for (size_t i = 0; rc == 0 && i < nh; i++)
		rc = record_host(j, r, &hosts[i]);
	r->scanned += nh;
	if (rc == 0) {
		rc = store_scan_update(j->st, r);
		/* written only while running: cancelled since the last look */
		c.cancelled = rc == STORE_ENOTFOUND;
	}
	rc = rc == 0 ? store_commit(j->st) : rc;
	scan_free(c.s);
	if (c.cancelled) {
		store_rollback(j->st);
		obuf_clear(&j->frames);
		r->scanned -= nh; /* for the log: none of them recorded */
		return 2;
	}
	if (rc < 0) {
		snprintf(err, errlen, "the store: %s", store_errmsg(j->st));
		store_rollback(j->st);
		obuf_clear(&j->frames);
		return -1;
	}
	/* the events only once their findings are committed */
	if (obuf_failed(&j->frames))
		log_warnx("scanner: scan %lld: too many events in a chunk; "
		          "some were not sent (the findings are all stored)",
		    (long long)r->id);
	if (j->frames.len > 0 && chan_send(j->ch, &j->frames) < 0)
		log_warnx("scanner: cannot send events to the parent");
	obuf_clear(&j->frames);
	return 0;
}

static void
run_scan(struct scan_jobs *j, struct scan_run *r)
{
	char err[640] = "";
	size_t from = 0, n;
	int rc = 0, rc2;

	current_zone(j, &j->conf.zone);
	if (expand(j, r, err, sizeof(err)) < 0)
		rc = -1;
	else
		dedupe(j);
	r->addresses = j->n_addrs;
	log_info("scanner: scan %lld (%s) started: %zu addresses%s",
	    (long long)r->id, scan_trigger_name(r->trigger), j->n_addrs,
	    j->outside > 0 ? ", some outside the device networks skipped" : "");
	while (rc == 0 && from < j->n_addrs) {
		/* the zone changed (before a chunk or during one): what is
		 * left is filtered again before one more connection */
		if (atomic_load(&j->zone_changed)) {
			current_zone(j, &j->conf.zone);
			r->addresses = refilter(j, from);
			continue;
		}
		n = j->n_addrs - from < SCAN_CHUNK ? j->n_addrs - from
		                                   : SCAN_CHUNK;
		rc = run_chunk(j, r, from, n, err, sizeof(err));
		if (rc == 1 && !atomic_load(&j->stopping))
			rc = 0; /* stopped for the zone: the chunk again */
		else
			from += n;
	}
	if (rc == 2) { /* the cancel wrote its state, time and reason */
		log_info("scanner: scan %lld cancelled after %llu of %llu "
		         "addresses",
		    (long long)r->id, (unsigned long long)r->scanned,
		    (unsigned long long)r->addresses);
		return;
	}
	r->finished = (int64_t)time(NULL);
	r->state = rc == 0 ? SCAN_RUN_DONE : SCAN_RUN_FAILED;
	if (rc == 1)
		snprintf(r->error, sizeof(r->error),
		    "airlockd stopped during the scan");
	else if (rc < 0)
		snprintf(r->error, sizeof(r->error), "%s", err);
	rc2 = store_scan_update(j->st, r);
	if (rc2 == STORE_ENOTFOUND)
		log_info("scanner: scan %lld cancelled as it ended",
		    (long long)r->id);
	else if (rc2 < 0)
		log_warnx("scanner: scan %lld: cannot record its end: %s",
		    (long long)r->id, store_errmsg(j->st));
	if (rc < 0)
		log_warnx(
		    "scanner: scan %lld failed: %s", (long long)r->id, err);
	else
		log_info("scanner: scan %lld %s: %llu of %llu addresses up, "
		         "%llu findings new, %llu fixed",
		    (long long)r->id, rc == 0 ? "done" : "stopped",
		    (unsigned long long)r->up, (unsigned long long)r->addresses,
		    (unsigned long long)r->opened,
		    (unsigned long long)r->fixed);
}

/* Triggers */

static void
queue_fleet(struct scan_jobs *j, time_t now)
{
	int busy;

	if (j->cfg->scan.every == 0 || now < j->next_fleet)
		return;
	/* a fleet scan still queued or running is not doubled */
	busy = store_scan_fleet_busy(j->st);
	if (busy == 0 && store_scan_queue(j->st, SCAN_TRIGGER_SCHEDULE, "",
	                     SCAN_TARGETS_FLEET, NULL) < 0)
		log_warnx("scanner: cannot queue the fleet scan: %s",
		    store_errmsg(j->st));
	if (busy == 0)
		j->next_fleet = now + j->cfg->scan.every;
}

struct appeared {
	struct scan_jobs *j;
	char text[SCAN_TARGETS_TEXT_MAX];
	size_t len;
	unsigned queued;
};

static void
queue_appeared(struct appeared *a)
{
	if (a->len == 0)
		return;
	if (store_scan_queue(
	        a->j->st, SCAN_TRIGGER_APPEARANCE, "", a->text, NULL) < 0)
		log_warnx("scanner: cannot queue a first-appearance scan: %s",
		    store_errmsg(a->j->st));
	else
		a->queued++;
	a->len = 0;
}

static int
on_appeared(void *arg, const char *text)
{
	struct appeared *a = arg;
	struct ipaddr addr;
	size_t n = strlen(text);

	if (ipaddr_parse(text, &addr) < 0 ||
	    !scan_zone_contains(&a->j->conf.zone, &addr))
		return 0;
	/* an address given twice (a device and its session) is scanned
	 * once: run_scan drops repeats */
	if (a->len + n + 2 > sizeof(a->text))
		queue_appeared(a);
	a->len += (size_t)snprintf(a->text + a->len, sizeof(a->text) - a->len,
	    "%s%s", a->len > 0 ? " " : "", text);
	return 0;
}

static void
queue_appearances(struct scan_jobs *j)
{
	static struct appeared a;

	if (!j->cfg->scan.on_appearance)
		return;
	memset(&a, 0, sizeof(a));
	a.j = j;
	current_zone(j, &j->conf.zone);
	if (store_scan_appeared(j->st, &j->cursor, on_appeared, &a) < 0)
		log_warnx("scanner: cannot read the new devices: %s",
		    store_errmsg(j->st));
	queue_appeared(&a);
}

/* The worker */

static void
wait_turn(struct scan_jobs *j)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += POLL_S;
	pthread_mutex_lock(&j->lock);
	while (!j->woken && !atomic_load(&j->stopping))
		if (pthread_cond_timedwait(&j->cond, &j->lock, &until) ==
		    ETIMEDOUT)
			break;
	j->woken = 0;
	pthread_mutex_unlock(&j->lock);
}

static void *
worker(void *arg)
{
	static struct scan_run r; /* 4 KiB of targets */
	struct scan_jobs *j = arg;
	int rc;

	while (!atomic_load(&j->stopping)) {
		queue_fleet(j, time(NULL));
		queue_appearances(j);
		while (!atomic_load(&j->stopping) &&
		       (rc = store_scan_claim(j->st, &r)) == 0)
			run_scan(j, &r);
		wait_turn(j);
	}
	return NULL;
}

static int
open_store(struct scan_jobs *j)
{
	char err[256];
	int64_t last;

	j->st = store_open(j->cfg->store, err, sizeof(err));
	if (j->st == NULL) {
		log_warnx("scanner: store: %s", err);
		return -1;
	}
	if (store_scan_abandon(j->st, "airlockd stopped during the scan") < 0)
		log_warnx("scanner: %s", store_errmsg(j->st));
	/* the schedule goes on from the last fleet scan, across restarts */
	last = store_scan_last(j->st, SCAN_TRIGGER_SCHEDULE);
	j->next_fleet = last > 0 ? (time_t)last + j->cfg->scan.every : 0;
	return 0;
}

static void
data_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	log_warnx("scanner: %s:%u: %s", file, line, msg);
}

struct scan_jobs *
scan_jobs_start(const struct config *cfg, struct chan *ch)
{
	struct scan_jobs *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return NULL;
	j->cfg = cfg;
	j->ch = ch;
	j->conf = cfg->scan.engine;
	j->zone = cfg->scan.engine.zone;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	obuf_init(&j->report, REPORT_MAX);
	obuf_init(&j->frames, FRAMES_MAX);
	if (scan_builtin_versions(&j->vulns, data_error, NULL) > 0 ||
	    scan_builtin_creds(&j->creds, data_error, NULL) > 0 ||
	    scan_builtin_admin_paths(&j->admin_paths, data_error, NULL) > 0)
		goto fail;
	j->conf.creds = cfg->scan.logins ? &j->creds : NULL;
	j->conf.admin_paths = &j->admin_paths;
	if (open_store(j) < 0)
		goto fail;
	if (pthread_create(&j->thread, NULL, worker, j) != 0) {
		log_warnx("scanner: cannot start the worker");
		store_free(j->st);
		goto fail;
	}
	return j;
fail:
	obuf_reset(&j->report);
	obuf_reset(&j->frames);
	free(j);
	return NULL;
}

void
scan_jobs_wake(struct scan_jobs *j)
{
	pthread_mutex_lock(&j->lock);
	j->woken = 1;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
}

void
scan_jobs_set_zone(struct scan_jobs *j, const struct cidr *nets, size_t n)
{
	pthread_mutex_lock(&j->lock);
	j->zone.n = n < SCAN_ZONE_MAX ? n : SCAN_ZONE_MAX;
	memcpy(j->zone.nets, nets, j->zone.n * sizeof(nets[0]));
	atomic_store(&j->zone_changed, 1);
	pthread_mutex_unlock(&j->lock);
}

void
scan_jobs_stop(struct scan_jobs *j)
{
	atomic_store(&j->stopping, 1);
	scan_jobs_wake(j);
	pthread_join(j->thread, NULL);
	store_free(j->st);
	obuf_reset(&j->report);
	obuf_reset(&j->frames);
	free(j->addrs);
	free(j);
}
