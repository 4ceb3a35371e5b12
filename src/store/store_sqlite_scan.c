/*
 * The scanner role's records (store_scan.h, migration 0005).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_scan.h"
#include "store/store_sqlite.h"

static const char *const trigger_names[] = {"api", "schedule", "appearance"};
static const char *const run_state_names[] = {
    "queued", "running", "done", "failed"};

const char *
scan_trigger_name(enum scan_trigger t)
{
	return (unsigned)t < 3 ? trigger_names[t] : "unknown";
}

const char *
scan_run_state_name(enum scan_run_state s)
{
	return (unsigned)s < 4 ? run_state_names[s] : "unknown";
}

static int
name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return 0;
}

/* Scans */

#define SCAN_COLS                                                              \
	"id, created, started, finished, trigger, requester, targets, state, " \
	"addresses, scanned, up, opened, fixed, error"

static int
scan_read_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct scan_run *r = ctx;

	(void)st;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(stmt, 0);
	r->created = sqlite3_column_int64(stmt, 1);
	r->started = sqlite3_column_int64(stmt, 2);
	r->finished = sqlite3_column_int64(stmt, 3);
	r->trigger = (enum scan_trigger)name_index(
	    trigger_names, 3, store_sqlite_col_ref(stmt, 4));
	store_sqlite_col(stmt, 5, r->requester, sizeof(r->requester));
	store_sqlite_col(stmt, 6, r->targets, sizeof(r->targets));
	r->state = (enum scan_run_state)name_index(
	    run_state_names, 4, store_sqlite_col_ref(stmt, 7));
	r->addresses = (uint64_t)sqlite3_column_int64(stmt, 8);
	r->scanned = (uint64_t)sqlite3_column_int64(stmt, 9);
	r->up = (uint64_t)sqlite3_column_int64(stmt, 10);
	r->opened = (uint64_t)sqlite3_column_int64(stmt, 11);
	r->fixed = (uint64_t)sqlite3_column_int64(stmt, 12);
	store_sqlite_col(stmt, 13, r->error, sizeof(r->error));
	return 0;
}

int
store_scan_queue(struct store *st, enum scan_trigger trigger,
    const char *requester, const char *targets, int64_t *id)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_QUEUE,
	    "INSERT INTO scan (created, trigger, requester, targets) "
	    "VALUES (?1, ?2, ?3, ?4)");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, store_sqlite_now());
	rc |= store_sqlite_bind_text(stmt, 2, scan_trigger_name(trigger));
	rc |= store_sqlite_bind_text(stmt, 3, requester);
	rc |= store_sqlite_bind_text(stmt, 4, targets);
	rc = store_sqlite_exec(st, stmt, rc, NULL);
	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_scan_claim(struct store *st, struct scan_run *out)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_CLAIM,
	    "UPDATE scan SET state = 'running', started = ?1 "
	    "WHERE id = (SELECT id FROM scan WHERE state = 'queued' "
	    "ORDER BY id LIMIT 1) RETURNING " SCAN_COLS);
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, store_sqlite_now());
	return store_sqlite_one(st, stmt, rc, scan_read_row, out);
}

int
store_scan_get(struct store *st, int64_t id, struct scan_run *out)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(
	    st, STMT_SCAN_GET, "SELECT " SCAN_COLS " FROM scan WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_one(
	    st, stmt, sqlite3_bind_int64(stmt, 1, id), scan_read_row, out);
}

struct scan_each {
	store_scan_cb cb;
	void *arg;
	struct scan_run r;
};

static int
scan_list_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct scan_each *e = ctx;

	scan_read_row(st, stmt, &e->r);
	return e->cb(e->arg, &e->r);
}

int
store_scan_list(struct store *st, int64_t before, unsigned limit,
    store_scan_cb cb, void *arg)
{
	/* a row is 4 KiB: not on the stack; one per API thread */
	static _Thread_local struct scan_each e;
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_LIST,
	    "SELECT " SCAN_COLS " FROM scan WHERE id < ?1 "
	    "ORDER BY id DESC LIMIT ?2");
	if (stmt == NULL)
		return STORE_EIO;
	e.cb = cb;
	e.arg = arg;
	rc = sqlite3_bind_int64(stmt, 1, before > 0 ? before : INT64_MAX);
	rc |= sqlite3_bind_int64(stmt, 2, store_sqlite_limit(limit));
	return store_sqlite_each(st, stmt, rc, scan_list_row, &e);
}

int
store_scan_update(struct store *st, const struct scan_run *r)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_UPDATE,
	    "UPDATE scan SET state = ?2, finished = ?3, addresses = ?4, "
	    "scanned = ?5, up = ?6, opened = ?7, fixed = ?8, error = ?9 "
	    "WHERE id = ?1 AND state = 'running'");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, r->id);
	rc |= store_sqlite_bind_text(stmt, 2, scan_run_state_name(r->state));
	rc |= sqlite3_bind_int64(stmt, 3, r->finished);
	rc |= sqlite3_bind_int64(stmt, 4, (int64_t)r->addresses);
	rc |= sqlite3_bind_int64(stmt, 5, (int64_t)r->scanned);
	rc |= sqlite3_bind_int64(stmt, 6, (int64_t)r->up);
	rc |= sqlite3_bind_int64(stmt, 7, (int64_t)r->opened);
	rc |= sqlite3_bind_int64(stmt, 8, (int64_t)r->fixed);
	rc |= store_sqlite_bind_text(stmt, 9, r->error);
	return store_sqlite_change(st, stmt, rc);
}

int
store_scan_cancel(
    struct store *st, int64_t id, const char *who, struct scan_run *out)
{
	char why[sizeof(out->error)];
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_CANCEL,
	    "UPDATE scan SET state = 'failed', finished = ?2, error = ?3 "
	    "WHERE id = ?1 AND state IN ('queued', 'running') "
	    "RETURNING " SCAN_COLS);
	if (stmt == NULL)
		return STORE_EIO;
	snprintf(why, sizeof(why), "cancelled by %s", who);
	rc = sqlite3_bind_int64(stmt, 1, id);
	rc |= sqlite3_bind_int64(stmt, 2, store_sqlite_now());
	rc |= store_sqlite_bind_text(stmt, 3, why);
	rc = store_sqlite_one(st, stmt, rc, scan_read_row, out);
	if (rc != STORE_ENOTFOUND)
		return rc;
	/* not cancelled: no such scan, or one already over */
	rc = store_scan_get(st, id, out);
	if (rc == 0)
		rc = store_sqlite_fail(
		    st, STORE_ECONFLICT, NULL, "the scan is over");
	return rc;
}

int
store_scan_abandon(struct store *st, const char *why)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_ABANDON,
	    "UPDATE scan SET state = 'failed', finished = ?1, error = ?2 "
	    "WHERE state = 'running'");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, store_sqlite_now());
	rc |= store_sqlite_bind_text(stmt, 2, why);
	return store_sqlite_exec(st, stmt, rc, NULL);
}

static int
read_flag(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	(void)st;
	*(int *)ctx = sqlite3_column_int(stmt, 0);
	return 0;
}

/* A query of one 0-or-1 column: it, or a negative STORE_E* code. */
static int
flag_of(struct store *st, sqlite3_stmt *stmt, int bindrc)
{
	int flag = 0, rc;

	rc = store_sqlite_one(st, stmt, bindrc, read_flag, &flag);
	return rc < 0 ? rc : flag;
}

static int
read_int64(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	(void)st;
	*(int64_t *)ctx = sqlite3_column_int64(stmt, 0);
	return 0;
}

int64_t
store_scan_last(struct store *st, enum scan_trigger trigger)
{
	sqlite3_stmt *stmt;
	int64_t last = 0;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SCAN_LAST,
	    "SELECT coalesce(max(created), 0) FROM scan WHERE trigger = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_one(st, stmt,
	    store_sqlite_bind_text(stmt, 1, scan_trigger_name(trigger)),
	    read_int64, &last);
	return rc < 0 ? rc : last;
}

int
store_scan_fleet_busy(struct store *st)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_SCAN_BUSY,
	    "SELECT EXISTS (SELECT 1 FROM scan WHERE targets = 'fleet' AND "
	    "(state = 'queued' OR state = 'running'))");
	if (stmt == NULL)
		return STORE_EIO;
	return flag_of(st, stmt, SQLITE_OK);
}

int
store_scan_running(struct store *st, int64_t id)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_SCAN_RUNNING,
	    "SELECT state = 'running' FROM scan WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	return flag_of(st, stmt, sqlite3_bind_int64(stmt, 1, id));
}

/* Results */

static int
risk_put(struct store *st, int64_t scan, int64_t now, const char *addr,
    unsigned score, char grade, const char *report)
{
	sqlite3_stmt *stmt;
	char g[2] = {grade, '\0'};
	int rc;

	stmt = store_sqlite_stmt(st, STMT_RISK_PUT,
	    "INSERT INTO risk (addr, scan, scanned, up, score, grade, report) "
	    "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6) ON CONFLICT (addr) DO UPDATE "
	    "SET scan = excluded.scan, scanned = excluded.scanned, up = 1, "
	    "score = excluded.score, grade = excluded.grade, "
	    "report = excluded.report");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= sqlite3_bind_int64(stmt, 2, scan);
	rc |= sqlite3_bind_int64(stmt, 3, now);
	rc |= sqlite3_bind_int(stmt, 4, (int)score);
	rc |= store_sqlite_bind_text(stmt, 5, g);
	rc |= store_sqlite_bind_text(stmt, 6, report);
	rc = store_sqlite_exec(st, stmt, rc, NULL);
	if (rc < 0)
		return rc;
	stmt = store_sqlite_stmt(st, STMT_DEVICE_RISK,
	    "UPDATE device SET risk_score = ?2, last_scan = ?3 WHERE ip = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= sqlite3_bind_int(stmt, 2, (int)score);
	rc |= sqlite3_bind_int64(stmt, 3, now);
	return store_sqlite_exec(st, stmt, rc, NULL);
}

/* Down: the last result that saw it up stays; "never up" is score -1. */
static int
risk_down(struct store *st, int64_t scan, int64_t now, const char *addr)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_RISK_DOWN,
	    "INSERT INTO risk (addr, scan, scanned, up, score, grade, report) "
	    "VALUES (?1, ?2, ?3, 0, -1, '', '') ON CONFLICT (addr) DO UPDATE "
	    "SET scan = excluded.scan, scanned = excluded.scanned, up = 0");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= sqlite3_bind_int64(stmt, 2, scan);
	rc |= sqlite3_bind_int64(stmt, 3, now);
	return store_sqlite_exec(st, stmt, rc, NULL);
}

/* Open f, or see it again; *is_new says which. */
static int
finding_seen(struct store *st, int64_t scan, int64_t now, const char *addr,
    struct scan_found *f)
{
	sqlite3_stmt *stmt;
	int64_t first = 0;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_FINDING_SEEN,
	    "INSERT INTO finding (addr, kind, port, severity, evidence, "
	    "first_scan, first_seen, last_scan, last_seen, proto, cve) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7, ?8, ?9) "
	    "ON CONFLICT (addr, kind, proto, port, cve) WHERE fixed_scan = 0 "
	    "DO UPDATE "
	    "SET severity = excluded.severity, evidence = excluded.evidence, "
	    "last_scan = excluded.last_scan, last_seen = excluded.last_seen "
	    "RETURNING first_scan");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= store_sqlite_bind_text(stmt, 2, f->kind);
	rc |= sqlite3_bind_int(stmt, 3, f->port);
	rc |= store_sqlite_bind_text(stmt, 4, event_severity_name(f->severity));
	rc |= store_sqlite_bind_text(stmt, 5, f->evidence);
	rc |= sqlite3_bind_int64(stmt, 6, scan);
	rc |= sqlite3_bind_int64(stmt, 7, now);
	rc |= store_sqlite_bind_text(
	    stmt, 8, f->proto != NULL ? f->proto : "tcp");
	rc |= store_sqlite_bind_text(stmt, 9, f->cve != NULL ? f->cve : "");
	rc = store_sqlite_one(st, stmt, rc, read_int64, &first);
	f->is_new = first == scan;
	return rc;
}

int
store_scan_record(struct store *st, int64_t scan, const char *addr, int up,
    unsigned score, char grade, const char *report, struct scan_found *f,
    size_t n, int logins_checked, unsigned *opened, unsigned *fixed)
{
	int64_t now = store_sqlite_now();
	sqlite3_stmt *stmt;
	int rc;

	*opened = *fixed = 0;
	if (!up)
		return risk_down(st, scan, now, addr);
	rc = risk_put(st, scan, now, addr, score, grade, report);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = finding_seen(st, scan, now, addr, &f[i]);
		*opened += f[i].is_new != 0;
	}
	if (rc < 0)
		return rc;
	/* What was open and this scan did not see again is fixed; a login
	 * finding only when the dictionary was tried in full. */
	stmt = store_sqlite_stmt(st, STMT_FINDING_FIX,
	    "UPDATE finding SET fixed_scan = ?2, fixed_at = ?3 "
	    "WHERE addr = ?1 AND fixed_scan = 0 AND last_scan != ?2 AND "
	    "(?4 OR kind NOT IN ('telnet-default-credential', "
	    "'telnet-no-auth', 'ssh-default-credential', 'ssh-no-auth', "
	    "'http-default-credential', 'http-no-auth'))");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= sqlite3_bind_int64(stmt, 2, scan);
	rc |= sqlite3_bind_int64(stmt, 3, now);
	rc |= sqlite3_bind_int(stmt, 4, logins_checked != 0);
	rc = store_sqlite_exec(st, stmt, rc, NULL);
	if (rc == 0)
		*fixed = (unsigned)sqlite3_changes(st->db);
	return rc;
}

/* Reading results */

struct risk_each {
	store_risk_cb cb;
	void *arg;
};

static int
risk_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct risk_each *e = ctx;
	struct risk_rec r;

	(void)st;
	memset(&r, 0, sizeof(r));
	store_sqlite_col(stmt, 0, r.addr, sizeof(r.addr));
	r.scan = sqlite3_column_int64(stmt, 1);
	r.scanned = sqlite3_column_int64(stmt, 2);
	r.up = sqlite3_column_int(stmt, 3);
	r.score = sqlite3_column_int(stmt, 4);
	store_sqlite_col(stmt, 5, r.grade, sizeof(r.grade));
	r.report = store_sqlite_col_ref(stmt, 6);
	return e->cb(e->arg, &r);
}

int
store_risk_get(struct store *st, const char *addr, store_risk_cb cb, void *arg)
{
	struct risk_each e = {cb, arg};
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_RISK_GET,
	    "SELECT addr, scan, scanned, up, score, grade, report FROM risk "
	    "WHERE addr = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_one(
	    st, stmt, store_sqlite_bind_text(stmt, 1, addr), risk_row, &e);
}

int
store_risk_known(struct store *st, const char *addr)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_RISK_KNOWN,
	    "SELECT EXISTS (SELECT 1 FROM risk WHERE addr = ?1)");
	if (stmt == NULL)
		return STORE_EIO;
	return flag_of(st, stmt, store_sqlite_bind_text(stmt, 1, addr));
}

#define FINDING_COLS                                                           \
	"id, addr, kind, port, severity, evidence, first_scan, first_seen, "   \
	"last_scan, last_seen, fixed_scan, fixed_at, proto, cve"

static const char *const finding_clauses[] = {
    "addr = :addr",
    "fixed_scan = 0",
    "fixed_scan != 0",
    "instr(:sevs, ' ' || severity || ' ') > 0",
    "first_scan = :opened",
    "fixed_scan = :fixed",
    "id < :before",
};

static const struct store_sqlite_query finding_query = {
    "SELECT " FINDING_COLS " FROM finding",
    finding_clauses,
    sizeof(finding_clauses) / sizeof(finding_clauses[0]),
    "ORDER BY id DESC LIMIT :limit",
};

struct finding_each {
	store_finding_cb cb;
	void *arg;
};

static int
finding_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct finding_each *e = ctx;
	struct finding_rec f;
	enum event_severity sev = SEV_INFO;

	(void)st;
	memset(&f, 0, sizeof(f));
	f.id = sqlite3_column_int64(stmt, 0);
	store_sqlite_col(stmt, 1, f.addr, sizeof(f.addr));
	store_sqlite_col(stmt, 2, f.kind, sizeof(f.kind));
	f.port = (uint16_t)sqlite3_column_int(stmt, 3);
	(void)event_severity_parse(store_sqlite_col_ref(stmt, 4), &sev);
	f.severity = sev;
	store_sqlite_col(stmt, 5, f.evidence, sizeof(f.evidence));
	f.first_scan = sqlite3_column_int64(stmt, 6);
	f.first_seen = sqlite3_column_int64(stmt, 7);
	f.last_scan = sqlite3_column_int64(stmt, 8);
	f.last_seen = sqlite3_column_int64(stmt, 9);
	f.fixed_scan = sqlite3_column_int64(stmt, 10);
	f.fixed_at = sqlite3_column_int64(stmt, 11);
	store_sqlite_col(stmt, 12, f.proto, sizeof(f.proto));
	store_sqlite_col(stmt, 13, f.cve, sizeof(f.cve));
	return e->cb(e->arg, &f);
}

static unsigned
finding_mask(const struct finding_filter *f)
{
	unsigned mask = 0;

	if (f->addr != NULL)
		mask |= 1u << 0;
	if (f->state == FINDING_OPEN)
		mask |= 1u << 1;
	if (f->state == FINDING_FIXED)
		mask |= 1u << 2;
	if (f->severity >= 0)
		mask |= 1u << 3;
	if (f->opened_in > 0)
		mask |= 1u << 4;
	if (f->fixed_in > 0)
		mask |= 1u << 5;
	if (f->before > 0)
		mask |= 1u << 6;
	return mask;
}

int
store_finding_list(struct store *st, const struct finding_filter *f,
    store_finding_cb cb, void *arg)
{
	struct finding_each e = {cb, arg};
	unsigned mask = finding_mask(f);
	sqlite3_stmt *stmt;
	char sevs[64];
	int rc = 0;

	stmt =
	    store_sqlite_variant(st, STMT_FINDING_LIST, &finding_query, mask);
	if (stmt == NULL)
		return STORE_EIO;
	if (mask & (1u << 0))
		rc |= store_sqlite_bind_name(stmt, ":addr", f->addr);
	if (mask & (1u << 3)) {
		store_sqlite_severities(f->severity, sevs, sizeof(sevs));
		rc |= store_sqlite_bind_name(stmt, ":sevs", sevs);
	}
	if (mask & (1u << 4))
		rc |= store_sqlite_bind_name_int(stmt, ":opened", f->opened_in);
	if (mask & (1u << 5))
		rc |= store_sqlite_bind_name_int(stmt, ":fixed", f->fixed_in);
	if (mask & (1u << 6))
		rc |= store_sqlite_bind_name_int(stmt, ":before", f->before);
	rc |= store_sqlite_bind_name_int(
	    stmt, ":limit", store_sqlite_limit(f->limit));
	return store_sqlite_each(st, stmt, rc, finding_row, &e);
}

static int
summary_open_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct scan_summary *s = ctx;
	enum event_severity sev;

	(void)st;
	if (event_severity_parse(store_sqlite_col_ref(stmt, 0), &sev) == 0)
		s->open[sev] = (uint64_t)sqlite3_column_int64(stmt, 1);
	return 0;
}

static int
summary_grade_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct scan_summary *s = ctx;
	const char *g = store_sqlite_col_ref(stmt, 0);
	uint64_t n = (uint64_t)sqlite3_column_int64(stmt, 1);

	(void)st;
	if (g[0] >= 'A' && g[0] <= 'F' && g[1] == '\0')
		s->grades[g[0] - 'A'] += n;
	else
		s->grades[6] += n;
	s->addresses += n;
	return 0;
}

int
store_scan_summary(struct store *st, struct scan_summary *out)
{
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof(*out));
	stmt = store_sqlite_stmt(st, STMT_SCAN_SUMMARY_OPEN,
	    "SELECT severity, count(*) FROM finding WHERE fixed_scan = 0 "
	    "GROUP BY severity");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_each(st, stmt, 0, summary_open_row, out);
	if (rc < 0)
		return rc;
	stmt = store_sqlite_stmt(st, STMT_SCAN_SUMMARY_GRADES,
	    "SELECT grade, count(*) FROM risk GROUP BY grade");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_each(st, stmt, 0, summary_grade_row, out);
}

/* Targets */

struct addr_each {
	store_addr_cb cb;
	void *arg;
	int64_t *cursor; /* the highest id seen, or NULL */
};

static int
addr_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct addr_each *e = ctx;
	const char *addr = store_sqlite_col_ref(stmt, 0);
	int known = 0;

	if (e->cursor != NULL)
		*e->cursor = sqlite3_column_int64(stmt, 1);
	if (addr[0] == '\0')
		return 0;
	if (e->cursor != NULL) {
		known = store_risk_known(st, addr);
		if (known < 0)
			return known;
	}
	return known ? 0 : e->cb(e->arg, addr);
}

int
store_scan_fleet(struct store *st, store_addr_cb cb, void *arg)
{
	struct addr_each e = {cb, arg, NULL};
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_SCAN_FLEET,
	    "SELECT ip FROM device WHERE ip IS NOT NULL UNION "
	    "SELECT framed_ip FROM session WHERE stopped = 0 AND "
	    "framed_ip IS NOT NULL");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_each(st, stmt, 0, addr_row, &e);
}

int
store_scan_appeared(struct store *st, struct appearance_cursor *cursor,
    store_addr_cb cb, void *arg)
{
	struct addr_each e = {cb, arg, &cursor->device};
	sqlite3_stmt *stmt;
	int rc;

	/* Only rows after the cursor are read, by their primary key, so a
	 * poll costs what appeared since the last one, not the fleet. */
	stmt = store_sqlite_stmt(st, STMT_SCAN_NEW_DEVICES,
	    "SELECT coalesce(ip, ''), id FROM device WHERE id > ?1 "
	    "ORDER BY id");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_each(st, stmt,
	    sqlite3_bind_int64(stmt, 1, cursor->device), addr_row, &e);
	if (rc != 0)
		return rc;
	stmt = store_sqlite_stmt(st, STMT_SCAN_NEW_SESSIONS,
	    "SELECT coalesce(framed_ip, ''), id FROM session WHERE id > ?1 "
	    "AND stopped = 0 ORDER BY id");
	if (stmt == NULL)
		return STORE_EIO;
	e.cursor = &cursor->session;
	return store_sqlite_each(st, stmt,
	    sqlite3_bind_int64(stmt, 1, cursor->session), addr_row, &e);
}
