/*
 * The SQLite store against a real file in a fresh temporary directory per
 * test: schema and migrations, every record type, conflicts, listings and
 * transactions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"
#include "store_fixture.h"

#include "migrations.h"

#define NMIGRATIONS                                                            \
	((int)(sizeof(store_migrations) / sizeof(store_migrations[0])))

/* A SIM numbered n with every field filled and unique. */
static void
make_sim(struct sim *s, int n)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->iccid, sizeof(s->iccid), "894410000000%07d", n);
	snprintf(s->imsi, sizeof(s->imsi), "20801%010d", n);
	snprintf(s->msisdn, sizeof(s->msisdn), "+3361%07d", n);
	snprintf(s->apn, sizeof(s->apn), "m2m.example");
	snprintf(s->static_ip, sizeof(s->static_ip), "10.64.%d.%d",
	    (n >> 8) & 0xff, n & 0xff);
	s->state = SIM_ACTIVE;
	s->imei_policy = IMEI_POLICY_OFF;
	s->imei_match = IMEI_MATCH_FULL;
	snprintf(s->labels, sizeof(s->labels), "site=paris");
}

/* Schema */

static void
test_open_version(void **state)
{
	struct fixture *fx = *state;
	struct store *again;
	struct sim s, got;
	char err[256];

	assert_int_equal(store_schema_version(fx->st), NMIGRATIONS);
	make_sim(&s, 1);
	assert_int_equal(store_sim_insert(fx->st, &s, NULL), 0);
	store_free(fx->st);
	fx->st = NULL;
	again = store_open(fx->path, err, sizeof(err));
	assert_non_null(again);
	assert_int_equal(store_schema_version(again), NMIGRATIONS);
	assert_int_equal(store_sim_get(again, s.iccid, &got), 0);
	fx->st = again;
}

static void
test_wal_and_pragmas(void **state)
{
	struct fixture *fx = *state;
	sqlite3 *db;
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
test_newer_file_refused(void **state)
{
	struct fixture *fx = *state;
	char err[256];
	sqlite3 *db;

	store_free(fx->st);
	fx->st = NULL;
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(fx->path, err, sizeof(err)));
	assert_non_null(strstr(err, "999"));
	assert_non_null(strstr(err, "newer"));
}

/* Processes that start together all open a new file; the migration is
 * applied once, under the write lock, whoever gets there first. */
static void
test_open_concurrent(void **state)
{
	struct fixture *fx = *state;
	struct store *st;
	char path[128], err[256];
	pid_t pid[4];
	int i, status, ok = 0;

	snprintf(path, sizeof(path), "%s/fresh.db", fx->dir);
	for (i = 0; i < 4; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			st = store_open(path, err, sizeof(err));
			_exit(st != NULL &&
			              store_schema_version(st) == NMIGRATIONS
			          ? 0
			          : 1);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	assert_int_equal(ok, 4);
	st = store_open(path, err, sizeof(err));
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), NMIGRATIONS);
	store_free(st);
}

static void
test_open_bad_path(void **state)
{
	char err[256] = "";

	(void)state;
	assert_null(store_open("/nonexistent/dir/x.db", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/dir/x.db"));
}

static void
test_enum_names(void **state)
{
	enum event_severity sev;
	enum event_status status;
	int i;

	(void)state;
	for (i = 0; i < SEV_COUNT; i++) {
		assert_int_equal(
		    event_severity_parse(
		        event_severity_name((enum event_severity)i), &sev),
		    0);
		assert_int_equal(sev, i);
	}
	assert_string_equal(event_severity_name(SEV_HIGH), "high");
	assert_int_equal(event_status_parse("acknowledged", &status), 0);
	assert_int_equal(status, EVENT_ACKNOWLEDGED);
	assert_string_equal(event_status_name(EVENT_RESOLVED), "resolved");
	assert_int_equal(event_severity_parse("bogus", &sev), -1);
	assert_int_equal(event_status_parse("", &status), STORE_EINVAL);
}

/* SIMs */

static void
test_sim_roundtrip(void **state)
{
	struct store *st = st_of(state);
	struct sim s, got;

	make_sim(&s, 7);
	snprintf(s.apn, sizeof(s.apn), "iot.corp");
	s.state = SIM_QUARANTINED;
	s.imei_policy = IMEI_POLICY_FIXED;
	s.imei_match = IMEI_MATCH_TAC;
	snprintf(s.bound_imei, sizeof(s.bound_imei), "35209900");
	s.data_limit = UINT64_C(5000000000);
	snprintf(s.profile, sizeof(s.profile), "meter");
	snprintf(s.labels, sizeof(s.labels), "fleet=a,site=lyon");
	s.created = 1600000000;
	s.last_seen = 1700000000;
	assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	assert_int_equal(store_sim_get(st, s.iccid, &got), 0);
	assert_string_equal(got.iccid, s.iccid);
	assert_string_equal(got.imsi, s.imsi);
	assert_string_equal(got.msisdn, s.msisdn);
	assert_string_equal(got.apn, "iot.corp");
	assert_string_equal(got.static_ip, s.static_ip);
	assert_int_equal(got.state, SIM_QUARANTINED);
	assert_int_equal(got.imei_policy, IMEI_POLICY_FIXED);
	assert_int_equal(got.imei_match, IMEI_MATCH_TAC);
	assert_string_equal(got.bound_imei, "35209900");
	assert_true(got.data_limit == UINT64_C(5000000000));
	assert_string_equal(got.profile, "meter");
	assert_string_equal(got.labels, "fleet=a,site=lyon");
	assert_int_equal(got.created, 1600000000);
	assert_true(got.updated >= s.last_seen);
	assert_int_equal(got.last_seen, 1700000000);
}

static void
test_sim_defaults_and_empty(void **state)
{
	struct store *st = st_of(state);
	struct sim a, b, got;
	int64_t before = (int64_t)time(NULL);

	memset(&a, 0, sizeof(a));
	snprintf(a.iccid, sizeof(a.iccid), "8944100000000000011");
	memset(&b, 0, sizeof(b));
	snprintf(b.iccid, sizeof(b.iccid), "8944100000000000029");
	/* empty optional fields are NULL, so they never conflict */
	assert_int_equal(store_sim_insert(st, &a, NULL), 0);
	assert_int_equal(store_sim_insert(st, &b, NULL), 0);
	assert_int_equal(store_sim_get(st, b.iccid, &got), 0);
	assert_string_equal(got.imsi, "");
	assert_string_equal(got.msisdn, "");
	assert_string_equal(got.static_ip, "");
	assert_string_equal(got.bound_imei, "");
	assert_string_equal(got.profile, "");
	assert_true(got.created >= before);
	assert_int_equal(got.created, got.updated);
	assert_int_equal(
	    store_sim_get(st, "8944100000000000037", &got), STORE_ENOTFOUND);
}

static void
expect_conflict(struct store *st, const struct sim *s, const char *field,
    const char *holder)
{
	struct store_error err;

	memset(&err, 0x55, sizeof(err));
	assert_int_equal(store_sim_insert(st, s, &err), STORE_ECONFLICT);
	assert_string_equal(err.field, field);
	assert_non_null(strstr(err.msg, holder));
	assert_non_null(strstr(store_errmsg(st), holder));
}

static void
test_sim_conflicts(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct sim a, b;

	make_sim(&a, 1);
	assert_int_equal(store_sim_insert(st, &a, NULL), 0);
	make_sim(&b, 2);
	memcpy(b.iccid, a.iccid, sizeof(b.iccid));
	expect_conflict(st, &b, "iccid", a.iccid);
	make_sim(&b, 2);
	memcpy(b.imsi, a.imsi, sizeof(b.imsi));
	expect_conflict(st, &b, "imsi", a.iccid);
	make_sim(&b, 2);
	memcpy(b.msisdn, a.msisdn, sizeof(b.msisdn));
	expect_conflict(st, &b, "msisdn", a.iccid);
	make_sim(&b, 2);
	memcpy(b.static_ip, a.static_ip, sizeof(b.static_ip));
	expect_conflict(st, &b, "static_ip", a.iccid);
	assert_string_equal(store_errmsg(st),
	    "static_ip 10.64.0.1 is already assigned to SIM "
	    "8944100000000000001");
	/* nothing of the refused records was kept */
	make_sim(&b, 2);
	assert_int_equal(store_sim_insert(st, &b, &err), 0);
}

/* The importer goes on after a refused row inside its transaction, to
 * report every bad row at once: a conflict must cost only that row, and
 * the holder it names may be a row of the same transaction. */
static void
test_sim_conflict_in_transaction(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct sim a, b, got;

	assert_int_equal(store_begin(st), 0);
	make_sim(&a, 1);
	assert_int_equal(store_sim_insert(st, &a, NULL), 0);
	make_sim(&b, 2);
	memcpy(b.static_ip, a.static_ip, sizeof(b.static_ip));
	assert_int_equal(store_sim_insert(st, &b, &err), STORE_ECONFLICT);
	assert_string_equal(err.field, "static_ip");
	assert_non_null(strstr(err.msg, a.iccid));
	make_sim(&b, 3);
	assert_int_equal(store_sim_insert(st, &b, NULL), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_sim_get(st, a.iccid, &got), 0);
	assert_int_equal(store_sim_get(st, b.iccid, &got), 0);
	make_sim(&b, 2);
	assert_int_equal(store_sim_get(st, b.iccid, &got), STORE_ENOTFOUND);
}

static void
test_sim_bad_enum(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct sim s;

	make_sim(&s, 3);
	s.state = (enum sim_state)42;
	assert_int_equal(store_sim_insert(st, &s, &err), STORE_EINVAL);
	assert_string_equal(err.field, "state");
}

static void
test_sim_update(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct sim a, b, got;

	make_sim(&a, 1);
	a.created = 1000;
	a.last_seen = 2000;
	make_sim(&b, 2);
	assert_int_equal(store_sim_insert(st, &a, NULL), 0);
	assert_int_equal(store_sim_insert(st, &b, NULL), 0);
	snprintf(a.apn, sizeof(a.apn), "new.apn");
	a.imsi[0] = '\0';
	a.state = a.state == SIM_SUSPENDED ? SIM_ACTIVE : SIM_SUSPENDED;
	a.created = 5;
	a.last_seen = 0;
	assert_int_equal(store_sim_update(st, &a, &err), 0);
	assert_int_equal(store_sim_get(st, a.iccid, &got), 0);
	assert_string_equal(got.apn, "new.apn");
	assert_string_equal(got.imsi, "");
	/* state changes only through store_sim_set_state() */
	assert_int_not_equal(got.state, a.state);
	assert_int_equal(got.created, 1000);
	assert_int_equal(got.last_seen, 2000);
	assert_true(got.updated > 2000);
	memcpy(a.msisdn, b.msisdn, sizeof(a.msisdn));
	assert_int_equal(store_sim_update(st, &a, &err), STORE_ECONFLICT);
	assert_string_equal(err.field, "msisdn");
	assert_non_null(strstr(err.msg, b.iccid));
	make_sim(&a, 9);
	assert_int_equal(store_sim_update(st, &a, &err), STORE_ENOTFOUND);
}

static void
test_sim_upsert(void **state)
{
	struct store *st = st_of(state);
	struct sim s, got;

	make_sim(&s, 4);
	s.created = 1234;
	s.last_seen = 3000;
	assert_int_equal(store_sim_upsert(st, &s, NULL), 0);
	assert_int_equal(store_sim_get(st, s.iccid, &got), 0);
	assert_int_equal(got.created, 1234);
	assert_int_equal(store_sim_set_state(st, s.iccid, SIM_BLOCKED), 0);
	s.created = 9999;
	s.last_seen = 10;
	s.state = SIM_ACTIVE;
	snprintf(s.labels, sizeof(s.labels), "x=y");
	assert_int_equal(store_sim_upsert(st, &s, NULL), 0);
	assert_int_equal(store_sim_get(st, s.iccid, &got), 0);
	assert_int_equal(got.created, 1234);
	assert_int_equal(got.last_seen, 3000);
	/* a replaced record keeps its state: a blocked SIM stays blocked */
	assert_int_equal(got.state, SIM_BLOCKED);
	assert_string_equal(got.labels, "x=y");
}

static void
test_sim_state_delete(void **state)
{
	struct store *st = st_of(state);
	struct sim s, got;

	make_sim(&s, 5);
	assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	assert_int_equal(store_sim_set_state(st, s.iccid, SIM_BLOCKED), 0);
	assert_int_equal(store_sim_get(st, s.iccid, &got), 0);
	assert_int_equal(got.state, SIM_BLOCKED);
	assert_int_equal(
	    store_sim_set_state(st, "8944100000000000999", SIM_ACTIVE),
	    STORE_ENOTFOUND);
	assert_int_equal(store_sim_delete(st, s.iccid), 0);
	assert_int_equal(store_sim_get(st, s.iccid, &got), STORE_ENOTFOUND);
	assert_int_equal(store_sim_delete(st, s.iccid), STORE_ENOTFOUND);
}

/* Listing */

struct collect {
	int n;
	int stop_at;
	char last[21];
	int ordered;
};

static int
collect_sim(void *arg, const struct sim *s)
{
	struct collect *c = arg;

	if (c->n > 0 && strcmp(c->last, s->iccid) >= 0)
		c->ordered = 0;
	snprintf(c->last, sizeof(c->last), "%s", s->iccid);
	c->n++;
	return c->stop_at != 0 && c->n == c->stop_at ? 7 : 0;
}

static int
list_count(struct store *st, const struct sim_filter *f)
{
	struct collect c = {0, 0, "", 1};

	assert_int_equal(store_sim_list(st, f, collect_sim, &c), 0);
	assert_true(c.ordered);
	return c.n;
}

static void
filter_init(struct sim_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->state = -1;
}

/* 250 SIMs: every 5th suspended, every 10th on profile "cam", every 25th
 * on apn "b.apn", labels site=par for even and site=paris for odd. */
static void
fill_250(struct store *st)
{
	struct sim s;
	int i;

	assert_int_equal(store_begin(st), 0);
	for (i = 0; i < 250; i++) {
		make_sim(&s, i);
		if (i % 5 == 0)
			s.state = SIM_SUSPENDED;
		if (i % 10 == 0)
			snprintf(s.profile, sizeof(s.profile), "cam");
		if (i % 25 == 0)
			snprintf(s.apn, sizeof(s.apn), "b.apn");
		snprintf(s.labels, sizeof(s.labels), "k=v,site=%s",
		    i % 2 == 0 ? "par" : "paris");
		assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	}
	assert_int_equal(store_commit(st), 0);
}

static void
test_sim_list_pages(void **state)
{
	struct store *st = st_of(state);
	struct sim_filter f;
	struct collect c;
	int pages[3], i;

	fill_250(st);
	filter_init(&f);
	f.limit = 100;
	for (i = 0; i < 3; i++) {
		memset(&c, 0, sizeof(c));
		c.ordered = 1;
		assert_int_equal(store_sim_list(st, &f, collect_sim, &c), 0);
		assert_true(c.ordered);
		pages[i] = c.n;
		snprintf(f.after, sizeof(f.after), "%s", c.last);
	}
	assert_int_equal(pages[0], 100);
	assert_int_equal(pages[1], 100);
	assert_int_equal(pages[2], 50);
	assert_string_equal(c.last, "8944100000000000249");
	f.limit = 0;
	f.after[0] = '\0';
	assert_int_equal(list_count(st, &f), 250);
}

static void
test_sim_list_filters(void **state)
{
	struct store *st = st_of(state);
	struct sim_filter f;

	fill_250(st);
	filter_init(&f);
	f.state = SIM_SUSPENDED;
	assert_int_equal(list_count(st, &f), 50);
	filter_init(&f);
	snprintf(f.profile, sizeof(f.profile), "cam");
	assert_int_equal(list_count(st, &f), 25);
	f.state = SIM_SUSPENDED; /* every 10th is also every 5th */
	assert_int_equal(list_count(st, &f), 25);
	filter_init(&f);
	snprintf(f.apn, sizeof(f.apn), "b.apn");
	assert_int_equal(list_count(st, &f), 10);
	filter_init(&f);
	snprintf(f.label, sizeof(f.label), "site=par");
	assert_int_equal(list_count(st, &f), 125);
	snprintf(f.label, sizeof(f.label), "k=v");
	assert_int_equal(list_count(st, &f), 250);
	snprintf(f.label, sizeof(f.label), "site=pa");
	assert_int_equal(list_count(st, &f), 0);
}

static void
test_sim_list_search(void **state)
{
	struct store *st = st_of(state);
	struct sim_filter f;

	fill_250(st);
	filter_init(&f);
	snprintf(f.q, sizeof(f.q), "89441000000000001"); /* iccid 100..199 */
	assert_int_equal(list_count(st, &f), 100);
	snprintf(f.q, sizeof(f.q), "208010000000042"); /* whole imsi */
	assert_int_equal(list_count(st, &f), 1);
	snprintf(f.q, sizeof(f.q), "20801000000002"); /* imsi 20..29 */
	assert_int_equal(list_count(st, &f), 10);
	snprintf(f.q, sizeof(f.q), "+336100000"); /* msisdn 0..99 */
	assert_int_equal(list_count(st, &f), 100);
	snprintf(f.q, sizeof(f.q), "336100002"); /* without '+' */
	assert_int_equal(list_count(st, &f), 50);
	snprintf(f.q, sizeof(f.q), "+8944"); /* '+' is msisdn only */
	assert_int_equal(list_count(st, &f), 0);
	snprintf(f.q, sizeof(f.q), "89' OR 1=1 --");
	assert_int_equal(list_count(st, &f), 0);
	snprintf(f.q, sizeof(f.q), "894410000000000024");
	f.state = SIM_SUSPENDED; /* 240..249: 240 and 245 */
	assert_int_equal(list_count(st, &f), 2);
}

static void
test_sim_list_stop(void **state)
{
	struct store *st = st_of(state);
	struct sim_filter f;
	struct collect c = {0, 3, "", 1};

	fill_250(st);
	filter_init(&f);
	assert_int_equal(store_sim_list(st, &f, collect_sim, &c), 7);
	assert_int_equal(c.n, 3);
	/* the statement was reset: the same listing runs again in full */
	assert_int_equal(list_count(st, &f), 250);
}

/* Transactions */

static void
test_transaction_rollback(void **state)
{
	struct store *st = st_of(state);
	struct store_counts n;
	struct sim s;
	int i;

	assert_int_equal(store_begin(st), 0);
	for (i = 0; i < 10; i++) {
		make_sim(&s, i);
		assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	}
	assert_int_equal(store_rollback(st), 0);
	assert_int_equal(store_counts(st, &n), 0);
	assert_true(n.sims_by_state[SIM_ACTIVE] == 0);
	assert_int_equal(store_sim_get(st, s.iccid, &s), STORE_ENOTFOUND);
	/* a rollback with nothing open is harmless */
	assert_int_equal(store_rollback(st), 0);
	assert_int_equal(store_begin(st), 0);
	make_sim(&s, 1);
	assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_sim_get(st, s.iccid, &s), 0);
}

/* Another process holding the write lock: store_begin() waits out the
 * busy timeout and then says STORE_EBUSY, while reads go on (WAL). */
static void
test_transaction_busy(void **state)
{
	struct fixture *fx = *state;
	struct sim s;
	sqlite3 *db;
	time_t t0;

	make_sim(&s, 1);
	assert_int_equal(store_sim_insert(fx->st, &s, NULL), 0);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                     "BEGIN IMMEDIATE; "
	                     "DELETE FROM sim",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store_sim_get(fx->st, s.iccid, &s), 0);
	t0 = time(NULL);
	assert_int_equal(store_begin(fx->st), STORE_EBUSY);
	assert_true(time(NULL) - t0 >= 4);
	make_sim(&s, 2);
	assert_int_equal(
	    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_begin(fx->st), 0);
	assert_int_equal(store_sim_insert(fx->st, &s, NULL), 0);
	assert_int_equal(store_commit(fx->st), 0);
}

/* Devices */

static void
make_device(struct device *d, const char *name, const char *mac)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->mac, sizeof(d->mac), "%s", mac);
	snprintf(d->vendor, sizeof(d->vendor), "Acme");
	snprintf(d->model, sizeof(d->model), "Cam 2");
	snprintf(d->firmware, sizeof(d->firmware), "1.0.3");
	d->risk_score = -1;
}

static int
collect_device(void *arg, const struct device *d)
{
	int64_t *ids = arg;

	ids[ids[0] + 1] = d->id;
	ids[0]++;
	return 0;
}

static void
test_device(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct device a, b, got;
	struct sim s;
	int64_t ids[8] = {0};

	make_sim(&s, 1);
	assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	make_device(&a, "cam-1", "aa:bb:cc:dd:ee:01");
	memcpy(a.sim, s.iccid, sizeof(a.sim));
	snprintf(a.ip, sizeof(a.ip), "10.64.0.1");
	snprintf(a.profile, sizeof(a.profile), "cam");
	assert_int_equal(store_device_insert(st, &a, &err), 0);
	assert_true(a.id > 0);
	assert_int_equal(store_device_get(st, a.id, &got), 0);
	assert_string_equal(got.name, "cam-1");
	assert_string_equal(got.sim, s.iccid);
	assert_string_equal(got.mac, "aa:bb:cc:dd:ee:01");
	assert_string_equal(got.ip, "10.64.0.1");
	assert_string_equal(got.vendor, "Acme");
	assert_string_equal(got.model, "Cam 2");
	assert_string_equal(got.firmware, "1.0.3");
	assert_string_equal(got.profile, "cam");
	assert_int_equal(got.risk_score, -1);
	assert_true(got.created > 0);

	make_device(&b, "lan-1", "aa:bb:cc:dd:ee:01");
	assert_int_equal(store_device_insert(st, &b, &err), STORE_ECONFLICT);
	assert_string_equal(err.field, "mac");
	assert_non_null(strstr(err.msg, "device"));
	assert_non_null(strstr(err.msg, "cam-1"));
	make_device(&b, "lan-1", "aa:bb:cc:dd:ee:02");
	snprintf(b.sim, sizeof(b.sim), "8944100000000000999");
	assert_int_equal(store_device_insert(st, &b, &err), STORE_EINVAL);
	assert_string_equal(err.field, "sim");
	b.sim[0] = '\0';
	assert_int_equal(store_device_insert(st, &b, &err), 0);

	a.risk_score = 73;
	a.last_scan = 1700000000;
	assert_int_equal(store_device_update(st, &a, &err), 0);
	assert_int_equal(store_device_get(st, a.id, &got), 0);
	assert_int_equal(got.risk_score, 73);
	assert_int_equal(got.last_scan, 1700000000);

	assert_int_equal(store_device_list(st, 0, 0, collect_device, ids), 0);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], a.id);
	assert_int_equal(ids[2], b.id);
	memset(ids, 0, sizeof(ids));
	assert_int_equal(
	    store_device_list(st, a.id, 10, collect_device, ids), 0);
	assert_int_equal(ids[0], 1);

	/* deleting the SIM detaches it from the device */
	assert_int_equal(store_sim_delete(st, s.iccid), 0);
	assert_int_equal(store_device_get(st, a.id, &got), 0);
	assert_string_equal(got.sim, "");
	assert_int_equal(store_device_delete(st, a.id), 0);
	assert_int_equal(store_device_get(st, a.id, &got), STORE_ENOTFOUND);
	assert_int_equal(store_device_delete(st, a.id), STORE_ENOTFOUND);
	a.id = 999;
	assert_int_equal(store_device_update(st, &a, &err), STORE_ENOTFOUND);
}

/* Profiles */

struct seen_profile {
	int n;
	char names[4][64];
	char mud[128];
	char description[256];
};

static int
collect_profile(void *arg, const struct profile *p)
{
	struct seen_profile *sp = arg;

	if (sp->n < 4)
		snprintf(sp->names[sp->n], sizeof(sp->names[0]), "%s", p->name);
	snprintf(sp->mud, sizeof(sp->mud), "%s", p->mud);
	snprintf(
	    sp->description, sizeof(sp->description), "%s", p->description);
	sp->n++;
	return 0;
}

static void
put_profile(struct store *st, const char *name, const char *mud, int isnew)
{
	struct profile p;
	int created = -1;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.description, sizeof(p.description), "about %s", name);
	p.mud = mud;
	assert_int_equal(store_profile_put(st, &p, &created), 0);
	assert_int_equal(created, isnew);
}

static void
test_profile(void **state)
{
	struct store *st = st_of(state);
	struct seen_profile sp;
	struct store_error err;
	struct device d;
	struct sim s;

	put_profile(st, "meter", "{\"v\":1}", 1);
	put_profile(st, "cam", "{}", 1);
	put_profile(st, "meter", "{\"v\":2}", 0);
	memset(&sp, 0, sizeof(sp));
	assert_int_equal(
	    store_profile_get(st, "meter", collect_profile, &sp), 0);
	assert_int_equal(sp.n, 1);
	assert_string_equal(sp.mud, "{\"v\":2}");
	assert_string_equal(sp.description, "about meter");
	assert_int_equal(store_profile_get(st, "nope", collect_profile, &sp),
	    STORE_ENOTFOUND);
	memset(&sp, 0, sizeof(sp));
	assert_int_equal(store_profile_list(st, collect_profile, &sp), 0);
	assert_int_equal(sp.n, 2);
	assert_string_equal(sp.names[0], "cam");
	assert_string_equal(sp.names[1], "meter");

	make_sim(&s, 1);
	snprintf(s.profile, sizeof(s.profile), "meter");
	assert_int_equal(store_sim_insert(st, &s, NULL), 0);
	assert_int_equal(
	    store_profile_delete(st, "meter", &err), STORE_ECONFLICT);
	assert_non_null(strstr(err.msg, s.iccid));
	s.profile[0] = '\0';
	assert_int_equal(store_sim_update(st, &s, NULL), 0);

	make_device(&d, "cam-9", "aa:bb:cc:dd:ee:09");
	snprintf(d.profile, sizeof(d.profile), "meter");
	assert_int_equal(store_device_insert(st, &d, NULL), 0);
	assert_int_equal(
	    store_profile_delete(st, "meter", &err), STORE_ECONFLICT);
	assert_non_null(strstr(err.msg, "device"));
	assert_int_equal(store_device_delete(st, d.id), 0);

	assert_int_equal(store_profile_delete(st, "meter", &err), 0);
	assert_int_equal(
	    store_profile_delete(st, "meter", &err), STORE_ENOTFOUND);
}

/* Events */

struct seen_events {
	int n;
	int64_t ids[8];
	char evidence[64];
	enum event_status status;
	char acked_by[64];
	int64_t acked_at;
};

static int
collect_event(void *arg, const struct event *e)
{
	struct seen_events *se = arg;

	if (se->n < 8)
		se->ids[se->n] = e->id;
	se->n++;
	snprintf(se->evidence, sizeof(se->evidence), "%s", e->evidence);
	se->status = e->status;
	snprintf(se->acked_by, sizeof(se->acked_by), "%s", e->acked_by);
	se->acked_at = e->acked_at;
	return 0;
}

static int64_t
add_event(struct store *st, const char *type, enum event_severity sev,
    const char *subject)
{
	struct event e;
	int64_t id = 0;

	memset(&e, 0, sizeof(e));
	snprintf(e.type, sizeof(e.type), "%s", type);
	e.severity = sev;
	snprintf(e.subject, sizeof(e.subject), "%s", subject);
	e.evidence = "{\"attempts\":42}";
	assert_int_equal(store_event_add(st, &e, &id), 0);
	assert_true(id > 0);
	return id;
}

static int
event_count(
    struct store *st, const struct event_filter *f, struct seen_events *se)
{
	memset(se, 0, sizeof(*se));
	assert_int_equal(store_event_list(st, f, collect_event, se), 0);
	return se->n;
}

static void
event_filter_init(struct event_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->status = -1;
	f->severity = -1;
}

static void
test_events(void **state)
{
	struct store *st = st_of(state);
	struct event_filter f;
	struct seen_events se;
	int64_t a, b, c;

	a = add_event(st, "telnet_scan", SEV_HIGH, "dev-1");
	b = add_event(st, "beacon", SEV_LOW, "dev-2");
	c = add_event(st, "telnet_scan", SEV_CRITICAL, "dev-2");
	memset(&se, 0, sizeof(se));
	assert_int_equal(store_event_get(st, b, collect_event, &se), 0);
	assert_int_equal(se.n, 1);
	assert_string_equal(se.evidence, "{\"attempts\":42}");
	assert_int_equal(se.status, EVENT_OPEN);
	assert_int_equal(
	    store_event_get(st, c + 100, collect_event, &se), STORE_ENOTFOUND);

	event_filter_init(&f);
	assert_int_equal(event_count(st, &f, &se), 3);
	assert_int_equal(se.ids[0], c); /* newest first */
	assert_int_equal(se.ids[2], a);
	f.severity = SEV_HIGH;
	assert_int_equal(event_count(st, &f, &se), 2);
	event_filter_init(&f);
	snprintf(f.type, sizeof(f.type), "telnet_scan");
	assert_int_equal(event_count(st, &f, &se), 2);
	snprintf(f.subject, sizeof(f.subject), "dev-2");
	assert_int_equal(event_count(st, &f, &se), 1);
	event_filter_init(&f);
	f.before = c;
	f.limit = 1;
	assert_int_equal(event_count(st, &f, &se), 1);
	assert_int_equal(se.ids[0], b);

	assert_int_equal(store_event_ack(st, b, "alice"), 0);
	assert_int_equal(store_event_get(st, b, collect_event, &se), 0);
	assert_int_equal(se.status, EVENT_ACKNOWLEDGED);
	assert_string_equal(se.acked_by, "alice");
	assert_true(se.acked_at > 0);
	assert_int_equal(store_event_ack(st, b, "bob"), 0);
	assert_int_equal(store_event_get(st, b, collect_event, &se), 0);
	assert_string_equal(se.acked_by, "alice");
	assert_int_equal(store_event_ack(st, c + 100, "bob"), STORE_ENOTFOUND);
	event_filter_init(&f);
	f.status = EVENT_OPEN;
	assert_int_equal(event_count(st, &f, &se), 2);
	f.status = EVENT_ACKNOWLEDGED;
	assert_int_equal(event_count(st, &f, &se), 1);
	assert_int_equal(se.ids[0], b);
}

/* Audit */

struct seen_audit {
	int n;
	int64_t first_id;
	char reason[64];
	char details[64];
	char action[32];
};

static int
collect_audit(void *arg, const struct audit_entry *a)
{
	struct seen_audit *sa = arg;

	if (sa->n++ == 0) {
		sa->first_id = a->id;
		snprintf(sa->reason, sizeof(sa->reason), "%s", a->reason);
		snprintf(sa->details, sizeof(sa->details), "%s", a->details);
		snprintf(sa->action, sizeof(sa->action), "%s", a->action);
	}
	return 0;
}

static void
add_audit(struct store *st, const char *actor, const char *action,
    const char *object, const char *reason)
{
	struct audit_entry a;

	memset(&a, 0, sizeof(a));
	snprintf(a.actor, sizeof(a.actor), "%s", actor);
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.object, sizeof(a.object), "%s", object);
	a.reason = reason;
	assert_int_equal(store_audit_add(st, &a), 0);
}

static void
test_audit(void **state)
{
	struct store *st = st_of(state);
	struct audit_filter f;
	struct seen_audit sa;

	add_audit(st, "alice", "sim.create", "8944", "new meter");
	add_audit(st, "bob", "sim.state", "8944", NULL);
	add_audit(st, "alice", "token.create", "ci", "pipeline");
	memset(&f, 0, sizeof(f));
	memset(&sa, 0, sizeof(sa));
	assert_int_equal(store_audit_list(st, &f, collect_audit, &sa), 0);
	assert_int_equal(sa.n, 3);
	assert_string_equal(sa.action, "token.create");
	assert_string_equal(sa.reason, "pipeline");
	assert_string_equal(sa.details, "{}");
	snprintf(f.object, sizeof(f.object), "8944");
	memset(&sa, 0, sizeof(sa));
	assert_int_equal(store_audit_list(st, &f, collect_audit, &sa), 0);
	assert_int_equal(sa.n, 2);
	assert_string_equal(sa.action, "sim.state");
	assert_string_equal(sa.reason, "");
	snprintf(f.actor, sizeof(f.actor), "alice");
	memset(&sa, 0, sizeof(sa));
	assert_int_equal(store_audit_list(st, &f, collect_audit, &sa), 0);
	assert_int_equal(sa.n, 1);
	assert_string_equal(sa.action, "sim.create");
	memset(&f, 0, sizeof(f));
	f.before = sa.first_id + 1;
	memset(&sa, 0, sizeof(sa));
	assert_int_equal(store_audit_list(st, &f, collect_audit, &sa), 0);
	assert_int_equal(sa.n, 1);
}

/* Tokens */

struct seen_tokens {
	int n;
	int revoked;
	enum role role;
};

static int
collect_token(void *arg, const struct token_info *t)
{
	struct seen_tokens *stk = arg;

	stk->n++;
	stk->revoked += t->revoked;
	stk->role = t->role;
	return 0;
}

static void
test_tokens(void **state)
{
	struct store *st = st_of(state);
	struct store_error err;
	struct token_info t;
	struct seen_tokens stk = {0, 0, ROLE_NONE};
	uint8_t h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN];
	int64_t id1 = 0, id2 = 0;

	memset(h1, 0x11, sizeof(h1));
	memset(h2, 0x22, sizeof(h2));
	assert_int_equal(
	    store_token_add(st, "ci", ROLE_OPERATOR, h1, "alice", &id1, &err),
	    0);
	assert_int_equal(
	    store_token_add(st, "ci", ROLE_ADMIN, h2, "alice", &id2, &err),
	    STORE_ECONFLICT);
	assert_string_equal(err.field, "name");
	assert_non_null(strstr(err.msg, "ci"));
	assert_int_equal(
	    store_token_add(st, "bad", ROLE_NONE, h2, "alice", &id2, &err),
	    STORE_EINVAL);
	assert_int_equal(
	    store_token_add(st, "ops", ROLE_ADMIN, h2, "root", &id2, &err), 0);
	assert_int_equal(store_token_find(st, h1, &t), 0);
	assert_int_equal(t.id, id1);
	assert_string_equal(t.name, "ci");
	assert_int_equal(t.role, ROLE_OPERATOR);
	assert_string_equal(t.created_by, "alice");
	assert_int_equal(t.revoked, 0);
	assert_true(t.created > 0);

	assert_int_equal(store_token_revoke(st, id1), 0);
	assert_int_equal(store_token_find(st, h1, &t), STORE_ENOTFOUND);
	assert_int_equal(store_token_find(st, h2, &t), 0);
	assert_int_equal(store_token_revoke(st, id2 + 100), STORE_ENOTFOUND);
	assert_int_equal(store_token_list(st, collect_token, &stk), 0);
	assert_int_equal(stk.n, 2);
	assert_int_equal(stk.revoked, 1);
	assert_int_equal(stk.role, ROLE_ADMIN);
}

/* Counts */

static void
test_counts(void **state)
{
	struct store *st = st_of(state);
	struct store_counts n;
	struct device d;
	int64_t id;

	fill_250(st);
	make_device(&d, "x", "aa:bb:cc:dd:ee:ff");
	assert_int_equal(store_device_insert(st, &d, NULL), 0);
	put_profile(st, "p", "{}", 1);
	add_event(st, "flood", SEV_MEDIUM, "x");
	id = add_event(st, "flood", SEV_MEDIUM, "x");
	assert_int_equal(store_event_ack(st, id, "alice"), 0);
	assert_int_equal(store_counts(st, &n), 0);
	assert_true(n.sims_by_state[SIM_ACTIVE] == 200);
	assert_true(n.sims_by_state[SIM_SUSPENDED] == 50);
	assert_true(n.sims_by_state[SIM_QUARANTINED] == 0);
	assert_true(n.sims_by_state[SIM_BLOCKED] == 0);
	assert_true(n.devices == 1);
	assert_true(n.profiles == 1);
	assert_true(n.events_open == 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_open_version),
	    T(test_wal_and_pragmas),
	    T(test_newer_file_refused),
	    T(test_open_concurrent),
	    cmocka_unit_test(test_open_bad_path),
	    cmocka_unit_test(test_enum_names),
	    T(test_sim_roundtrip),
	    T(test_sim_defaults_and_empty),
	    T(test_sim_conflicts),
	    T(test_sim_conflict_in_transaction),
	    T(test_sim_bad_enum),
	    T(test_sim_update),
	    T(test_sim_upsert),
	    T(test_sim_state_delete),
	    T(test_sim_list_pages),
	    T(test_sim_list_filters),
	    T(test_sim_list_search),
	    T(test_sim_list_stop),
	    T(test_transaction_rollback),
	    T(test_transaction_busy),
	    T(test_device),
	    T(test_profile),
	    T(test_events),
	    T(test_audit),
	    T(test_tokens),
	    T(test_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
