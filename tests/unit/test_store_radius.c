/*
 * The radius side of the SQLite store (store_sqlite_radius.c, migration
 * 0002): profiles' RADIUS settings, accounting sessions, daily usage and
 * the IMEI binding of SIMs, against a real file per test.
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
#include <sqlite3.h>

#include "store/store.h"
#include "store_fixture.h"

#include "migrations.h"

#define NMIGRATIONS                                                            \
	((int)(sizeof(store_migrations) / sizeof(store_migrations[0])))

#define ICCID_A "8944100000000000001"
#define ICCID_B "8944100000000000002"
#define IMEI_A "490154203237518"
#define IMEISV_A "4901542032375101" /* the same device, software 01 */
#define IMEI_B "356938035643809"

static void
add_sim(struct store *st, const char *iccid, enum imei_policy policy,
    const char *bound, const char *profile)
{
	struct store_error err;
	struct sim s;

	memset(&s, 0, sizeof(s));
	snprintf(s.iccid, sizeof(s.iccid), "%s", iccid);
	s.state = SIM_ACTIVE;
	s.imei_policy = policy;
	s.imei_match = IMEI_MATCH_FULL;
	snprintf(s.bound_imei, sizeof(s.bound_imei), "%s", bound);
	snprintf(s.profile, sizeof(s.profile), "%s", profile);
	if (store_sim_insert(st, &s, &err) != 0)
		fail_msg("insert %s: %s %s", iccid, err.field, err.msg);
}

static void
radius_defaults(struct profile_radius *r)
{
	r->imei_policy = IMEI_POLICY_OFF;
	r->imei_match = IMEI_MATCH_FULL;
	r->imei_mismatch_reject = -1;
	r->session_timeout = -1;
	r->interim_interval = -1;
}

static void
put_profile(struct store *st, const char *name, const struct profile_radius *r)
{
	struct profile p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.mud = "{}";
	p.radius = *r;
	assert_int_equal(store_profile_put(st, &p, NULL), 0);
}

static int
copy_radius(void *arg, const struct profile *p)
{
	*(struct profile_radius *)arg = p->radius;
	return 0;
}

/* Field by field: the structures' padding differs. */
static void
radius_equal(const struct profile_radius *a, const struct profile_radius *b)
{
	assert_int_equal(a->imei_policy, b->imei_policy);
	assert_int_equal(a->imei_match, b->imei_match);
	assert_int_equal(a->imei_mismatch_reject, b->imei_mismatch_reject);
	assert_int_equal(a->session_timeout, b->session_timeout);
	assert_int_equal(a->interim_interval, b->interim_interval);
}

static void
get_radius(struct store *st, const char *name, struct profile_radius *out)
{
	memset(out, 0x55, sizeof(*out));
	assert_int_equal(store_profile_get(st, name, copy_radius, out), 0);
}

/* Migration */

/*
 * A version-1 file with a profile and a session in it: the migration adds
 * the columns with their defaults, which read back as "the global
 * setting" and "not sent", and leaves the rows alone.
 */
static void
test_migrate_from_1(void **state)
{
	struct fixture *fx = *state;
	struct profile_radius r;
	sqlite3 *db;
	char err[256];

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "PRAGMA user_version = 1;"
	        "INSERT INTO profile VALUES ('old', '', '{}', 1, 1);"
	        "INSERT INTO session (nas, acct_session_id, iccid, "
	        "started) VALUES ('pgw1', 'a1', '" ICCID_A "', 5);",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	fx->st = store_open(fx->path, err, sizeof(err));
	if (fx->st == NULL)
		fail_msg("store_open: %s", err);
	assert_int_equal(store_schema_version(fx->st), NMIGRATIONS);
	get_radius(fx->st, "old", &r);
	assert_int_equal(r.imei_policy, IMEI_POLICY_OFF);
	assert_int_equal(r.imei_match, IMEI_MATCH_FULL);
	assert_int_equal(r.imei_mismatch_reject, -1);
	assert_int_equal(r.session_timeout, -1);
	assert_int_equal(r.interim_interval, -1);
}

/* Profiles */

static void
test_profile_radius(void **state)
{
	struct store *st = st_of(state);
	struct profile_radius r, got;
	struct profile p;

	radius_defaults(&r);
	put_profile(st, "plain", &r);
	get_radius(st, "plain", &got);
	radius_equal(&got, &r);

	r.imei_policy = IMEI_POLICY_LEARN;
	r.imei_match = IMEI_MATCH_TAC;
	r.imei_mismatch_reject = 1;
	r.session_timeout = 86400;
	r.interim_interval = 0;
	put_profile(st, "meter", &r);
	get_radius(st, "meter", &got);
	radius_equal(&got, &r);

	r.imei_mismatch_reject = 0;
	r.session_timeout = -7; /* any negative is the global setting */
	put_profile(st, "meter", &r);
	get_radius(st, "meter", &got);
	assert_int_equal(got.imei_mismatch_reject, 0);
	assert_int_equal(got.session_timeout, -1);
	assert_int_equal(got.interim_interval, 0);

	/* A profile holds no IMEI: a fixed policy is refused, on create and
	 * on replace, and the stored one is unchanged. */
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "meter");
	p.mud = "{}";
	radius_defaults(&p.radius);
	p.radius.imei_policy = IMEI_POLICY_FIXED;
	assert_int_equal(store_profile_put(st, &p, NULL), STORE_EINVAL);
	snprintf(p.name, sizeof(p.name), "new");
	assert_int_equal(store_profile_put(st, &p, NULL), STORE_EINVAL);
	get_radius(st, "meter", &got);
	assert_int_equal(got.imei_policy, IMEI_POLICY_LEARN);
}

struct seen_radius {
	int n;
	struct profile_radius r[4];
};

static int
collect_radius(void *arg, const struct profile *p)
{
	struct seen_radius *sr = arg;

	if (sr->n < 4)
		sr->r[sr->n] = p->radius;
	sr->n++;
	return 0;
}

static void
test_profile_radius_list(void **state)
{
	struct store *st = st_of(state);
	struct seen_radius sr = {0};
	struct profile_radius r;

	radius_defaults(&r);
	put_profile(st, "a", &r);
	r.interim_interval = 600;
	put_profile(st, "b", &r);
	assert_int_equal(store_profile_list(st, collect_radius, &sr), 0);
	assert_int_equal(sr.n, 2);
	assert_int_equal(sr.r[0].interim_interval, -1);
	assert_int_equal(sr.r[1].interim_interval, 600);
}

/* Sessions */

static void
make_session(struct session_rec *s, const char *nas, const char *id)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->nas, sizeof(s->nas), "%s", nas);
	snprintf(s->nas_ip, sizeof(s->nas_ip), "192.0.2.1");
	snprintf(s->acct_session_id, sizeof(s->acct_session_id), "%s", id);
	snprintf(s->iccid, sizeof(s->iccid), ICCID_A);
	snprintf(s->imsi, sizeof(s->imsi), "234100000000001");
	snprintf(s->imei, sizeof(s->imei), IMEISV_A);
	snprintf(s->framed_ip, sizeof(s->framed_ip), "10.64.0.2");
	s->nsapi = 5;
	s->charging_id = 4000000000LL;
	s->rat_type = 6;
	s->started = 1000;
	s->updated = 1000;
}

struct seen_sessions {
	int n;
	struct session_rec s[8];
};

static int
collect_session(void *arg, const struct session_rec *s)
{
	struct seen_sessions *ss = arg;

	if (ss->n < 8)
		ss->s[ss->n] = *s;
	ss->n++;
	return 0;
}

static int
list_sessions(struct store *st, const char *iccid, int open_only,
    int64_t before, unsigned limit, struct seen_sessions *ss)
{
	struct session_filter f;

	memset(&f, 0, sizeof(f));
	memset(ss, 0, sizeof(*ss));
	snprintf(f.iccid, sizeof(f.iccid), "%s", iccid);
	f.open_only = open_only;
	f.before = before;
	f.limit = limit;
	assert_int_equal(store_session_list(st, &f, collect_session, ss), 0);
	return ss->n;
}

/*
 * An Interim-Update without the identities keeps them and the start time;
 * counters only grow; the first Stop wins over a late Interim-Update.
 */
static void
test_session_put_merge(void **state)
{
	struct store *st = st_of(state);
	struct seen_sessions ss;
	struct session_rec s, *got = &ss.s[0];

	make_session(&s, "pgw1", "0001");
	s.octets_in = 100;
	s.octets_out = 5000000000ULL; /* past 32 bits: Gigawords folded in */
	assert_int_equal(store_session_put(st, &s), 0);

	memset(s.iccid, 0, sizeof(s.iccid));
	memset(s.imsi, 0, sizeof(s.imsi));
	memset(s.imei, 0, sizeof(s.imei));
	memset(s.framed_ip, 0, sizeof(s.framed_ip));
	memset(s.nas_ip, 0, sizeof(s.nas_ip));
	s.nsapi = s.rat_type = -1;
	s.charging_id = -1;
	s.started = 2000;
	s.updated = 1300;
	s.octets_in = 300;
	s.octets_out = 5000000100ULL;
	assert_int_equal(store_session_put(st, &s), 0);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 1);
	assert_true(got->id > 0);
	assert_string_equal(got->iccid, ICCID_A);
	assert_string_equal(got->imsi, "234100000000001");
	assert_string_equal(got->imei, IMEISV_A);
	assert_string_equal(got->framed_ip, "10.64.0.2");
	assert_string_equal(got->nas_ip, "192.0.2.1");
	assert_int_equal(got->nsapi, 5);
	assert_int_equal(got->charging_id, 4000000000LL);
	assert_int_equal(got->rat_type, 6);
	assert_int_equal(got->started, 1000);
	assert_int_equal(got->updated, 1300);
	assert_int_equal(got->stopped, 0);
	assert_true(got->octets_in == 300);
	assert_true(got->octets_out == 5000000100ULL);

	/* a retransmitted older update lowers nothing */
	s.updated = 1100;
	s.octets_in = 200;
	assert_int_equal(store_session_put(st, &s), 0);
	list_sessions(st, "", 0, 0, 0, &ss);
	assert_int_equal(got->updated, 1300);
	assert_true(got->octets_in == 300);

	/* the Stop, then a late Interim-Update */
	s.updated = s.stopped = 1500;
	s.stop_cause = 1;
	s.octets_in = 400;
	assert_int_equal(store_session_put(st, &s), 0);
	s.stopped = 0;
	s.stop_cause = 0;
	s.updated = 1400;
	assert_int_equal(store_session_put(st, &s), 0);
	list_sessions(st, "", 0, 0, 0, &ss);
	assert_int_equal(got->stopped, 1500);
	assert_int_equal(got->stop_cause, 1);
	assert_true(got->octets_in == 400);
	assert_int_equal(list_sessions(st, "", 1, 0, 0, &ss), 0);
}

/* The same Acct-Session-Id on two NASes is two sessions; a session known
 * by no SIM is kept with its ICCID empty. */
static void
test_session_keys(void **state)
{
	struct store *st = st_of(state);
	struct seen_sessions ss;
	struct session_rec s;

	make_session(&s, "pgw1", "0001");
	assert_int_equal(store_session_put(st, &s), 0);
	make_session(&s, "pgw2", "0001");
	memset(s.iccid, 0, sizeof(s.iccid));
	s.started = s.updated = 0; /* now */
	assert_int_equal(store_session_put(st, &s), 0);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 2);
	assert_string_equal(ss.s[0].nas, "pgw2");
	assert_string_equal(ss.s[0].iccid, "");
	assert_true(ss.s[0].started > 1000000000);
	assert_int_equal(list_sessions(st, ICCID_A, 0, 0, 0, &ss), 1);
}

static void
test_session_list(void **state)
{
	struct store *st = st_of(state);
	struct seen_sessions ss;
	struct session_rec s;
	char id[16];
	int i;

	/* five sessions of A (the 2nd and 4th stopped), then one of B */
	for (i = 1; i <= 5; i++) {
		snprintf(id, sizeof(id), "a%d", i);
		make_session(&s, "pgw1", id);
		if (i % 2 == 0) {
			s.stopped = 1000 + i;
			s.stop_cause = 1;
		}
		assert_int_equal(store_session_put(st, &s), 0);
	}
	make_session(&s, "pgw1", "b1");
	snprintf(s.iccid, sizeof(s.iccid), ICCID_B);
	assert_int_equal(store_session_put(st, &s), 0);

	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 6);
	assert_string_equal(ss.s[0].acct_session_id, "b1");
	assert_string_equal(ss.s[5].acct_session_id, "a1");
	assert_int_equal(list_sessions(st, ICCID_A, 0, 0, 0, &ss), 5);
	assert_string_equal(ss.s[0].acct_session_id, "a5");
	assert_int_equal(list_sessions(st, ICCID_A, 1, 0, 0, &ss), 3);
	assert_string_equal(ss.s[1].acct_session_id, "a3");
	assert_int_equal(list_sessions(st, "", 1, 0, 0, &ss), 4);
	/* pages: two at a time, resuming below the last id */
	assert_int_equal(list_sessions(st, ICCID_A, 0, 0, 2, &ss), 2);
	assert_int_equal(list_sessions(st, ICCID_A, 0, ss.s[1].id, 2, &ss), 2);
	assert_string_equal(ss.s[0].acct_session_id, "a3");
	assert_int_equal(list_sessions(st, ICCID_A, 1, ss.s[1].id, 0, &ss), 1);
	assert_string_equal(ss.s[0].acct_session_id, "a1");
	assert_int_equal(list_sessions(st, ICCID_B, 1, 0, 0, &ss), 1);
	assert_int_equal(
	    list_sessions(st, "8944100000000000003", 0, 0, 0, &ss), 0);
}

/* Only stopped sessions go, and only those stopped before the time. */
static void
test_session_prune(void **state)
{
	struct store *st = st_of(state);
	struct seen_sessions ss;
	struct session_rec s;
	uint64_t n = 99;

	make_session(&s, "pgw1", "old");
	s.stopped = 1000;
	assert_int_equal(store_session_put(st, &s), 0);
	make_session(&s, "pgw1", "recent");
	s.stopped = 3000;
	assert_int_equal(store_session_put(st, &s), 0);
	make_session(&s, "pgw1", "open");
	assert_int_equal(store_session_put(st, &s), 0);
	assert_int_equal(store_session_prune(st, 2000, &n), 0);
	assert_true(n == 1);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 2);
	assert_int_equal(store_session_prune(st, 2000, &n), 0);
	assert_true(n == 0);
	assert_int_equal(store_session_prune(st, INT64_MAX, &n), 0);
	assert_true(n == 1);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 1);
	assert_string_equal(ss.s[0].acct_session_id, "open");
}

/* Many updates in one transaction, as the radius writer makes them. */
static void
test_session_batch(void **state)
{
	struct store *st = st_of(state);
	struct seen_sessions ss;
	struct session_rec s;
	int i;

	assert_int_equal(store_begin(st), 0);
	for (i = 0; i < 3000; i++) {
		make_session(&s, "pgw1", i % 2 ? "odd" : "even");
		s.octets_in = (uint64_t)i;
		s.updated = 1000 + i;
		assert_int_equal(store_session_put(st, &s), 0);
	}
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 2);
	assert_string_equal(ss.s[0].acct_session_id, "odd");
	assert_true(ss.s[0].octets_in == 2999);
	assert_true(ss.s[1].octets_in == 2998);
}

/* Usage */

struct seen_usage {
	int n;
	char iccid[8][21];
	int64_t day[8];
	uint64_t in[8], out[8];
};

static int
collect_usage(
    void *arg, const char *iccid, int64_t day, uint64_t in, uint64_t out)
{
	struct seen_usage *su = arg;

	if (su->n < 8) {
		snprintf(su->iccid[su->n], sizeof(su->iccid[0]), "%s", iccid);
		su->day[su->n] = day;
		su->in[su->n] = in;
		su->out[su->n] = out;
	}
	su->n++;
	return 0;
}

static void
test_usage(void **state)
{
	struct store *st = st_of(state);
	struct seen_usage su;

	assert_int_equal(store_usage_add(st, ICCID_B, 20500, 1, 2), 0);
	assert_int_equal(store_usage_add(st, ICCID_A, 20501, 10, 20), 0);
	assert_int_equal(store_usage_add(st, ICCID_A, 20500, 100, 200), 0);
	assert_int_equal(
	    store_usage_add(st, ICCID_A, 20501, 5, 6000000000ULL), 0);
	assert_int_equal(store_usage_add(st, ICCID_A, 20400, 7, 7), 0);

	memset(&su, 0, sizeof(su));
	assert_int_equal(
	    store_usage_list(st, ICCID_A, 20500, collect_usage, &su), 0);
	assert_int_equal(su.n, 2);
	assert_int_equal(su.day[0], 20500);
	assert_true(su.in[0] == 100 && su.out[0] == 200);
	assert_int_equal(su.day[1], 20501);
	assert_true(su.in[1] == 15 && su.out[1] == 6000000020ULL);

	memset(&su, 0, sizeof(su));
	assert_int_equal(store_usage_list(st, NULL, 0, collect_usage, &su), 0);
	assert_int_equal(su.n, 4);
	assert_string_equal(su.iccid[0], ICCID_A);
	assert_int_equal(su.day[0], 20400);
	assert_string_equal(su.iccid[3], ICCID_B);

	/* usage outlives the SIM: there is no foreign key */
	memset(&su, 0, sizeof(su));
	assert_int_equal(
	    store_usage_list(st, "8944100000000000003", 0, collect_usage, &su),
	    0);
	assert_int_equal(su.n, 0);
}

/*
 * The journal: rows appended for start, interim and stop fold into one
 * session row in arrival order, usage rows are summed, and a fold of a
 * few rows at a time leaves the rest for the next one.
 */
static void
test_journal_fold(void **state)
{
	struct store *st = st_of(state);
	struct seen_sessions ss;
	struct seen_usage su;
	struct session_rec s;
	int left = -1, i;

	make_session(&s, "pgw1", "j1");
	assert_int_equal(store_journal_session(st, &s), 0);
	s.octets_in = 500;
	s.updated = 1060;
	assert_int_equal(store_journal_session(st, &s), 0);
	s.octets_in = 900;
	s.updated = 1120;
	s.stopped = 1120;
	s.stop_cause = 1;
	assert_int_equal(store_journal_session(st, &s), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(
		    store_journal_usage(st, ICCID_A, 20500, 10, 100), 0);
	assert_int_equal(store_journal_usage(st, ICCID_B, 20500, 1, 1), 0);

	/* not folded: readers see nothing yet */
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 0);

	/* two rows of each journal: the start and the interim */
	assert_int_equal(store_journal_fold(st, 2, &left), 0);
	assert_int_equal(left, 1);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 1);
	assert_true(ss.s[0].octets_in == 500);
	assert_int_equal(ss.s[0].stopped, 0);
	memset(&su, 0, sizeof(su));
	assert_int_equal(store_usage_list(st, NULL, 0, collect_usage, &su), 0);
	assert_int_equal(su.n, 1);
	assert_true(su.in[0] == 20 && su.out[0] == 200);

	/* the rest: the stop wins, usage is summed across folds */
	assert_int_equal(store_journal_fold(st, 2, &left), 0);
	assert_int_equal(left, 1);
	assert_int_equal(store_journal_fold(st, 2, &left), 0);
	assert_int_equal(left, 0);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 1);
	assert_true(ss.s[0].octets_in == 900);
	assert_int_equal(ss.s[0].stopped, 1120);
	assert_int_equal(ss.s[0].stop_cause, 1);
	assert_int_equal(ss.s[0].started, 1000);
	memset(&su, 0, sizeof(su));
	assert_int_equal(store_usage_list(st, NULL, 0, collect_usage, &su), 0);
	assert_int_equal(su.n, 2);
	assert_string_equal(su.iccid[0], ICCID_A);
	assert_true(su.in[0] == 40 && su.out[0] == 400);
	assert_true(su.in[1] == 1 && su.out[1] == 1);

	/* an empty journal folds to nothing */
	assert_int_equal(store_journal_fold(st, 8192, &left), 0);
	assert_int_equal(left, 0);
	assert_int_equal(list_sessions(st, "", 0, 0, 0, &ss), 1);
}

/* IMEI binding */

static void
get_binding(struct store *st, const char *iccid, struct sim_binding *b)
{
	assert_int_equal(store_sim_binding_get(st, iccid, b), 0);
}

static void
test_learn_and_seen(void **state)
{
	struct store *st = st_of(state);
	struct sim_binding b;

	add_sim(st, ICCID_A, IMEI_POLICY_LEARN, "", "");
	get_binding(st, ICCID_A, &b);
	assert_int_equal(b.policy, IMEI_POLICY_LEARN);
	assert_string_equal(b.bound_imei, "");
	assert_string_equal(b.last_imei, "");
	assert_int_equal(b.last_seen, 0);

	assert_int_equal(store_sim_learn_imei(st, ICCID_A, IMEI_A), 0);
	/* the first binding wins */
	assert_int_equal(
	    store_sim_learn_imei(st, ICCID_A, IMEI_B), STORE_ENOTFOUND);
	assert_int_equal(
	    store_sim_learn_imei(st, ICCID_B, IMEI_B), STORE_ENOTFOUND);
	assert_int_equal(store_sim_learn_imei(st, ICCID_A, ""), STORE_EINVAL);
	get_binding(st, ICCID_A, &b);
	assert_string_equal(b.bound_imei, IMEI_A);

	assert_int_equal(store_sim_seen(st, ICCID_A, 2000, IMEISV_A), 0);
	/* an attach without an IMEISV is recorded as such */
	assert_int_equal(store_sim_seen(st, ICCID_A, 3000, ""), 0);
	get_binding(st, ICCID_A, &b);
	assert_string_equal(b.last_imei, "");
	assert_int_equal(b.last_seen, 3000);
	/* an older attach, written late, changes neither */
	assert_int_equal(store_sim_seen(st, ICCID_A, 2500, IMEI_B), 0);
	get_binding(st, ICCID_A, &b);
	assert_string_equal(b.last_imei, "");
	assert_int_equal(b.last_seen, 3000);
	assert_int_equal(store_sim_seen(st, ICCID_A, 3500, IMEI_B), 0);
	get_binding(st, ICCID_A, &b);
	assert_string_equal(b.last_imei, IMEI_B);
	/* the time alone leaves the IMEI */
	assert_int_equal(store_sim_seen(st, ICCID_A, 4000, NULL), 0);
	get_binding(st, ICCID_A, &b);
	assert_string_equal(b.last_imei, IMEI_B);
	assert_int_equal(b.last_seen, 4000);
	assert_int_equal(
	    store_sim_seen(st, ICCID_B, 3500, IMEI_B), STORE_ENOTFOUND);
}

/* A SIM whose own policy is off follows its profile's policy and rule. */
static void
test_binding_from_profile(void **state)
{
	struct store *st = st_of(state);
	struct profile_radius r;
	struct sim_binding b;

	radius_defaults(&r);
	r.imei_policy = IMEI_POLICY_LEARN;
	r.imei_match = IMEI_MATCH_TAC;
	put_profile(st, "meter", &r);
	add_sim(st, ICCID_A, IMEI_POLICY_OFF, "", "meter");
	add_sim(st, ICCID_B, IMEI_POLICY_FIXED, IMEI_A, "meter");
	get_binding(st, ICCID_A, &b);
	assert_int_equal(b.policy, IMEI_POLICY_LEARN);
	assert_int_equal(b.match, IMEI_MATCH_TAC);
	get_binding(st, ICCID_B, &b);
	assert_int_equal(b.policy, IMEI_POLICY_FIXED);
	assert_int_equal(b.match, IMEI_MATCH_FULL);
	assert_int_equal(store_sim_binding_get(st, "8944100000000000003", &b),
	    STORE_ENOTFOUND);
}

static void
test_binding_reset(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct sim_binding b;
	struct sim s;

	add_sim(st, ICCID_A, IMEI_POLICY_FIXED, IMEI_A, "");
	add_sim(st, ICCID_B, IMEI_POLICY_LEARN, IMEI_B, "");
	assert_int_equal(
	    store_sim_binding_reset(st, ICCID_A, 0, &err), STORE_EINVAL);
	assert_string_equal(err.field, "imei_policy");
	assert_non_null(strstr(err.msg, "fixed"));
	get_binding(st, ICCID_A, &b);
	assert_string_equal(b.bound_imei, IMEI_A);

	assert_int_equal(store_sim_binding_reset(st, ICCID_A, 1, &err), 0);
	get_binding(st, ICCID_A, &b);
	assert_int_equal(b.policy, IMEI_POLICY_LEARN);
	assert_string_equal(b.bound_imei, "");

	assert_int_equal(store_sim_binding_reset(st, ICCID_B, 0, NULL), 0);
	assert_int_equal(store_sim_get(st, ICCID_B, &s), 0);
	assert_int_equal(s.imei_policy, IMEI_POLICY_LEARN);
	assert_string_equal(s.bound_imei, "");
	/* resetting what is already clear is no error */
	assert_int_equal(store_sim_binding_reset(st, ICCID_B, 0, NULL), 0);
	assert_int_equal(store_sim_learn_imei(st, ICCID_B, IMEI_A), 0);

	assert_int_equal(
	    store_sim_binding_reset(st, "8944100000000000003", 1, &err),
	    STORE_ENOTFOUND);
	assert_string_equal(err.field, "iccid");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_migrate_from_1, setup_dir, teardown),
	    T(test_profile_radius),
	    T(test_profile_radius_list),
	    T(test_session_put_merge),
	    T(test_session_keys),
	    T(test_session_list),
	    T(test_session_prune),
	    T(test_session_batch),
	    T(test_usage),
	    T(test_journal_fold),
	    T(test_learn_and_seen),
	    T(test_binding_from_profile),
	    T(test_binding_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
