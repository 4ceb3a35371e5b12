/*
 * The scanner role's records (store_sqlite_scan.c, migration 0005): the
 * scan queue, each address's latest result, and the findings' lives from
 * the scan that opened them to the scan that saw them fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store_scan.h"
#include "store_fixture.h"

#define ADDR "10.64.0.7"

static int
count_scan(void *arg, const struct scan_run *r)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static void
test_queue(void **state)
{
	struct store *st = st_of(state);
	struct scan_run r;
	int64_t a, b, c;
	int n = 0;

	assert_int_equal(store_scan_fleet_busy(st), 0);
	assert_int_equal(store_scan_claim(st, &r), STORE_ENOTFOUND);
	assert_int_equal(store_scan_queue(st, SCAN_TRIGGER_API, "ops",
	                     "10.64.0.0/28 10.64.1.9", &a),
	    0);
	assert_int_equal(store_scan_queue(st, SCAN_TRIGGER_SCHEDULE, "",
	                     SCAN_TARGETS_FLEET, &b),
	    0);
	assert_true(b > a);
	assert_int_equal(store_scan_fleet_busy(st), 1);

	/* the oldest first, now running */
	assert_int_equal(store_scan_claim(st, &r), 0);
	assert_int_equal(r.id, a);
	assert_int_equal(r.state, SCAN_RUN_RUNNING);
	assert_int_equal(r.trigger, SCAN_TRIGGER_API);
	assert_string_equal(r.requester, "ops");
	assert_string_equal(r.targets, "10.64.0.0/28 10.64.1.9");
	assert_true(r.started > 0);

	r.addresses = 17;
	r.scanned = 17;
	r.up = 3;
	r.opened = 4;
	r.state = SCAN_RUN_DONE;
	r.finished = r.started + 5;
	assert_int_equal(store_scan_update(st, &r), 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_scan_get(st, a, &r), 0);
	assert_int_equal(r.state, SCAN_RUN_DONE);
	assert_true(r.addresses == 17 && r.up == 3 && r.opened == 4);

	/* a daemon stopped mid-scan leaves it failed, saying why */
	assert_int_equal(store_scan_claim(st, &r), 0);
	assert_int_equal(r.id, b);
	assert_int_equal(store_scan_abandon(st, "airlockd stopped"), 0);
	assert_int_equal(store_scan_get(st, b, &r), 0);
	assert_int_equal(r.state, SCAN_RUN_FAILED);
	assert_string_equal(r.error, "airlockd stopped");
	assert_int_equal(store_scan_fleet_busy(st), 0);

	assert_int_equal(store_scan_list(st, 0, 0, count_scan, &n), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(store_scan_list(st, b, 0, count_scan, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_scan_get(st, b + 1, &r), STORE_ENOTFOUND);

	/* a cancel: of a queued scan, which is then never claimed */
	assert_int_equal(
	    store_scan_queue(st, SCAN_TRIGGER_API, "ops", "10.64.0.1", &c), 0);
	assert_int_equal(store_scan_cancel(st, c, "alice", &r), 0);
	assert_int_equal(r.id, c);
	assert_int_equal(r.state, SCAN_RUN_FAILED);
	assert_string_equal(r.error, "cancelled by alice");
	assert_true(r.finished > 0);
	assert_int_equal(store_scan_claim(st, &r), STORE_ENOTFOUND);
	/* of one over: a conflict, saying how it ended */
	assert_int_equal(store_scan_cancel(st, a, "alice", &r), STORE_ECONFLICT);
	assert_int_equal(r.state, SCAN_RUN_DONE);
	assert_int_equal(
	    store_scan_cancel(st, c + 1, "alice", &r), STORE_ENOTFOUND);
	/* of a running one: its worker's next update writes nothing */
	assert_int_equal(
	    store_scan_queue(st, SCAN_TRIGGER_API, "ops", "10.64.0.2", &c), 0);
	assert_int_equal(store_scan_claim(st, &r), 0);
	assert_int_equal(store_scan_running(st, c), 1);
	assert_int_equal(store_scan_cancel(st, c, "bob", &r), 0);
	assert_int_equal(store_scan_running(st, c), 0);
	r.state = SCAN_RUN_DONE;
	r.scanned = 1;
	assert_int_equal(store_scan_update(st, &r), STORE_ENOTFOUND);
	assert_int_equal(store_scan_get(st, c, &r), 0);
	assert_int_equal(r.state, SCAN_RUN_FAILED);
	assert_string_equal(r.error, "cancelled by bob");
	assert_int_equal(r.scanned, 0);
	assert_int_equal(store_scan_running(st, c + 1), STORE_ENOTFOUND);
}

struct found_list {
	struct finding_rec f[8];
	int n;
};

static int
keep_finding(void *arg, const struct finding_rec *f)
{
	struct found_list *l = arg;

	if (l->n < 8)
		l->f[l->n] = *f;
	l->n++;
	return 0;
}

static int
list(struct store *st, const struct finding_filter *f, struct found_list *l)
{
	memset(l, 0, sizeof(*l));
	assert_int_equal(store_finding_list(st, f, keep_finding, l), 0);
	return l->n;
}

struct risk_copy {
	struct risk_rec r;
	char report[64];
};

static int
copy_risk(void *arg, const struct risk_rec *r)
{
	struct risk_copy *c = arg;

	c->r = *r;
	snprintf(c->report, sizeof(c->report), "%s", r->report);
	c->r.report = c->report;
	return 0;
}

static void
record(struct store *st, int64_t scan, int up, struct scan_found *f, size_t n,
    unsigned want_opened, unsigned want_fixed)
{
	unsigned opened, fixed;

	assert_int_equal(store_begin(st), 0);
	assert_int_equal(
	    store_scan_record(st, scan, ADDR, up, 48, 'F',
	        "{\"address\":\"" ADDR "\"}", f, n, 1, &opened, &fixed),
	    0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(opened, want_opened);
	assert_int_equal(fixed, want_fixed);
}

static void
test_finding_lives(void **state)
{
	struct store *st = st_of(state);
	struct scan_found f[2] = {
	    {"telnet-default-credential", 23, SEV_CRITICAL, "root, line 1", 0,
	        NULL, NULL},
	    {"mqtt-anonymous", 1883, SEV_HIGH, "CONNACK 0", 0, NULL, NULL},
	};
	struct finding_filter flt = {.state = FINDING_ANY, .severity = -1};
	struct found_list l;
	struct risk_copy rc;
	struct device d;
	struct store_error err;

	memset(&d, 0, sizeof(d));
	strcpy(d.name, "cam");
	strcpy(d.ip, ADDR);
	assert_int_equal(store_device_insert(st, &d, &err), 0);

	/* scan 1 opens both */
	record(st, 1, 1, f, 2, 2, 0);
	assert_true(f[0].is_new && f[1].is_new);
	assert_int_equal(store_risk_get(st, ADDR, copy_risk, &rc), 0);
	assert_int_equal(rc.r.up, 1);
	assert_int_equal(rc.r.score, 48);
	assert_string_equal(rc.r.grade, "F");
	assert_string_equal(rc.r.report, "{\"address\":\"" ADDR "\"}");
	assert_int_equal(store_device_get(st, d.id, &d), 0);
	assert_int_equal(d.risk_score, 48);
	assert_true(d.last_scan > 0);

	/* scan 2 sees the telnet one again and the broker closed */
	record(st, 2, 1, f, 1, 0, 1);
	assert_false(f[0].is_new);
	flt.state = FINDING_OPEN;
	assert_int_equal(list(st, &flt, &l), 1);
	assert_string_equal(l.f[0].kind, "telnet-default-credential");
	assert_int_equal(l.f[0].first_scan, 1);
	assert_int_equal(l.f[0].last_scan, 2);
	flt.state = FINDING_ANY;
	flt.fixed_in = 2;
	assert_int_equal(list(st, &flt, &l), 1);
	assert_string_equal(l.f[0].kind, "mqtt-anonymous");
	assert_int_equal(l.f[0].fixed_scan, 2);
	assert_true(l.f[0].fixed_at > 0);

	/* scan 3 finds it down: silence fixes nothing, the score stays */
	record(st, 3, 0, NULL, 0, 0, 0);
	assert_int_equal(store_risk_get(st, ADDR, copy_risk, &rc), 0);
	assert_int_equal(rc.r.up, 0);
	assert_int_equal(rc.r.scan, 3);
	assert_int_equal(rc.r.score, 48);
	flt.fixed_in = 0;
	flt.state = FINDING_OPEN;
	assert_int_equal(list(st, &flt, &l), 1);

	/* scan 4: the broker is back (a new life), telnet is fixed */
	record(st, 4, 1, &f[1], 1, 1, 1);
	assert_true(f[1].is_new);
	flt.state = FINDING_ANY;
	assert_int_equal(list(st, &flt, &l), 3);
	flt.opened_in = 4;
	assert_int_equal(list(st, &flt, &l), 1);
	assert_string_equal(l.f[0].kind, "mqtt-anonymous");
	assert_int_equal(l.f[0].fixed_scan, 0);

	/* filters: severity, address, state, cursor */
	flt.opened_in = 0;
	flt.severity = SEV_CRITICAL;
	assert_int_equal(list(st, &flt, &l), 1);
	flt.severity = -1;
	flt.addr = "10.64.0.8";
	assert_int_equal(list(st, &flt, &l), 0);
	flt.addr = ADDR;
	flt.state = FINDING_FIXED;
	assert_int_equal(list(st, &flt, &l), 2);
	flt.state = FINDING_ANY;
	flt.before = l.f[0].id;
	flt.limit = 1;
	assert_int_equal(list(st, &flt, &l), 1);
}

static void
test_summary(void **state)
{
	struct store *st = st_of(state);
	struct scan_found f = {
	    "smtp-open-relay", 25, SEV_HIGH, "", 0, NULL, NULL};
	struct scan_summary s;
	unsigned o, x;

	assert_int_equal(store_scan_record(st, 1, "10.64.0.1", 1, 20, 'C', "{}",
	                     &f, 1, 1, &o, &x),
	    0);
	assert_int_equal(store_scan_record(st, 1, "10.64.0.2", 1, 0, 'A', "{}",
	                     NULL, 0, 1, &o, &x),
	    0);
	assert_int_equal(store_scan_record(st, 1, "10.64.0.3", 0, 0, 'A', "{}",
	                     NULL, 0, 1, &o, &x),
	    0);
	assert_int_equal(store_scan_summary(st, &s), 0);
	assert_true(s.open[SEV_HIGH] == 1 && s.open[SEV_CRITICAL] == 0);
	assert_true(s.grades[0] == 1 && s.grades[2] == 1 && s.grades[6] == 1);
	assert_true(s.addresses == 3);
}

struct addrs {
	char a[4][48];
	int n;
};

/* A dictionary not tried in full fixes no login finding; several CVEs
 * on one port, and one port number in TCP and UDP, are findings apart. */
static void
test_finding_keys(void **state)
{
	struct store *st = st_of(state);
	struct scan_found f[4] = {
	    {"telnet-default-credential", 23, SEV_CRITICAL, "root", 0, NULL,
	        NULL},
	    {"vulnerable-version", 22, SEV_CRITICAL, "OpenSSH 7.2", 0, "tcp",
	        "CVE-2016-6210"},
	    {"vulnerable-version", 22, SEV_HIGH, "OpenSSH 7.2", 0, "tcp",
	        "CVE-2016-10009"},
	    {"coap-exposed", 5683, SEV_MEDIUM, "/sensors", 0, "udp", NULL},
	};
	struct finding_filter flt = {.state = FINDING_OPEN, .severity = -1};
	struct found_list l;
	unsigned o, x;

	assert_int_equal(
	    store_scan_record(st, 1, ADDR, 1, 90, 'F', "{}", f, 4, 1, &o, &x),
	    0);
	assert_int_equal(o, 4);
	assert_int_equal(list(st, &flt, &l), 4);
	flt.severity = SEV_CRITICAL;
	assert_int_equal(list(st, &flt, &l), 2);
	assert_string_equal(l.f[0].cve, "CVE-2016-6210");
	assert_string_equal(l.f[1].proto, "tcp");
	flt.severity = -1;

	/* scan 2: logins off, the version fixed: the password stays open */
	assert_int_equal(store_scan_record(
	                     st, 2, ADDR, 1, 8, 'C', "{}", &f[3], 1, 0, &o, &x),
	    0);
	assert_int_equal(o, 0);
	assert_int_equal(x, 2);
	assert_int_equal(list(st, &flt, &l), 2);
	assert_string_equal(l.f[1].kind, "telnet-default-credential");
	assert_int_equal(l.f[1].last_scan, 1);
	assert_string_equal(l.f[0].proto, "udp");

	/* scan 3: the dictionary in full, the password refused: fixed */
	assert_int_equal(store_scan_record(
	                     st, 3, ADDR, 1, 8, 'C', "{}", &f[3], 1, 1, &o, &x),
	    0);
	assert_int_equal(x, 1);
	assert_int_equal(list(st, &flt, &l), 1);
}

static int
keep_addr(void *arg, const char *addr)
{
	struct addrs *l = arg;

	if (l->n < 4)
		snprintf(l->a[l->n], sizeof(l->a[0]), "%s", addr);
	l->n++;
	return 0;
}

static void
open_session(struct store *st, const char *id, const char *ip)
{
	struct session_rec s;

	memset(&s, 0, sizeof(s));
	strcpy(s.nas, "pgw1");
	strcpy(s.acct_session_id, id);
	strcpy(s.framed_ip, ip);
	s.nsapi = s.rat_type = -1;
	s.charging_id = -1;
	s.started = s.updated = 1000;
	assert_int_equal(store_session_put(st, &s), 0);
}

static void
test_targets(void **state)
{
	struct store *st = st_of(state);
	struct appearance_cursor cur = {0, 0};
	struct store_error err;
	struct device d;
	struct addrs l;
	unsigned o, x;

	memset(&d, 0, sizeof(d));
	strcpy(d.ip, "10.64.0.20");
	assert_int_equal(store_device_insert(st, &d, &err), 0);
	memset(&d, 0, sizeof(d)); /* a device without an address */
	strcpy(d.name, "no-ip");
	assert_int_equal(store_device_insert(st, &d, &err), 0);
	open_session(st, "s1", "10.64.0.30");
	open_session(st, "s2", "10.64.0.20"); /* the same address twice */

	memset(&l, 0, sizeof(l));
	assert_int_equal(store_scan_fleet(st, keep_addr, &l), 0);
	assert_int_equal(l.n, 2);

	/* every address new once; scanned ones are not new */
	assert_int_equal(store_scan_record(st, 1, "10.64.0.30", 0, 0, 'A', "",
	                     NULL, 0, 1, &o, &x),
	    0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_scan_appeared(st, &cur, keep_addr, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.a[0], "10.64.0.20");
	assert_string_equal(l.a[1], "10.64.0.20");
	assert_true(cur.device == 2 && cur.session == 2);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_scan_appeared(st, &cur, keep_addr, &l), 0);
	assert_int_equal(l.n, 0);
	open_session(st, "s3", "10.64.0.31");
	assert_int_equal(store_scan_appeared(st, &cur, keep_addr, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.a[0], "10.64.0.31");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_queue),
	    T(test_finding_lives),
	    T(test_finding_keys),
	    T(test_summary),
	    T(test_targets),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
