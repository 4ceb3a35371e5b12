/*
 * What the radius role writes in the SQLite store, and what the API reads
 * back: accounting sessions, daily usage, and the IMEI binding of SIMs.
 *
 * The radius role's writer thread calls store_session_put() and
 * store_usage_add() tens of thousands of times a second inside large
 * transactions, so each is one cached statement that allocates nothing:
 * the merge with what is already stored happens in SQL (an UPSERT), not in
 * a read followed by a write.
 */
#include <stdio.h>
#include <string.h>

#include "registry/imei.h"
#include "store/store_sqlite.h"

#define SESSION_COLS                                                           \
	"id, nas, nas_ip, acct_session_id, iccid, imsi, imei, framed_ip, "     \
	"nsapi, charging_id, rat_type, started, updated, stopped, "            \
	"stop_cause, octets_in, octets_out"

/*
 * A session is keyed by (nas, acct_session_id). An update keeps started,
 * and the identities and 3GPP details it does not carry (an Interim-Update
 * often lacks the IMEISV the Start had). RADIUS counters are totals since
 * the session began, so a retransmitted or reordered older update never
 * lowers them, nor moves updated back. The first Stop wins: a late
 * Interim-Update does not reopen a stopped session.
 */
#define SESSION_INSERT_COLS                                                   \
	"nas, nas_ip, acct_session_id, iccid, imsi, imei, framed_ip, nsapi, "   \
	"charging_id, rat_type, started, updated, stopped, stop_cause, "       \
	"octets_in, octets_out"
#define SESSION_UPSERT                                                        \
	"ON CONFLICT (nas, acct_session_id) DO UPDATE SET "                    \
	"nas_ip = CASE excluded.nas_ip WHEN '' THEN nas_ip "                   \
	"ELSE excluded.nas_ip END, "                                           \
	"iccid = coalesce(excluded.iccid, iccid), "                            \
	"imsi = coalesce(excluded.imsi, imsi), "                               \
	"imei = coalesce(excluded.imei, imei), "                               \
	"framed_ip = coalesce(excluded.framed_ip, framed_ip), "                \
	"nsapi = CASE WHEN excluded.nsapi < 0 THEN nsapi "                     \
	"ELSE excluded.nsapi END, "                                            \
	"charging_id = CASE WHEN excluded.charging_id < 0 THEN charging_id "   \
	"ELSE excluded.charging_id END, "                                      \
	"rat_type = CASE WHEN excluded.rat_type < 0 THEN rat_type "            \
	"ELSE excluded.rat_type END, "                                         \
	"updated = max(updated, excluded.updated), "                           \
	"stop_cause = CASE stopped WHEN 0 THEN excluded.stop_cause "           \
	"ELSE stop_cause END, "                                                \
	"stopped = CASE stopped WHEN 0 THEN excluded.stopped "                 \
	"ELSE stopped END, "                                                   \
	"octets_in = max(octets_in, excluded.octets_in), "                     \
	"octets_out = max(octets_out, excluded.octets_out)"
#define SESSION_VALUES                                                        \
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, " \
	"?15, ?16) "
#define SESSION_PUT                                                           \
	"INSERT INTO session (" SESSION_INSERT_COLS ") " SESSION_VALUES        \
	SESSION_UPSERT

enum {
	SESF_ICCID = 1 << 0,
	SESF_OPEN = 1 << 1,
	SESF_BEFORE = 1 << 2,
};

/* In SESF_* bit order. The indexes session_iccid and session_open (0002)
 * serve the first two newest first. */
static const char *const session_clauses[] = {
    "iccid = :iccid",
    "stopped = 0",
    "id < :before",
};

static const struct store_sqlite_query session_query = {
    "SELECT " SESSION_COLS " FROM session",
    session_clauses,
    sizeof(session_clauses) / sizeof(session_clauses[0]),
    "ORDER BY id DESC LIMIT :limit",
};

struct session_each {
	store_session_cb cb;
	void *arg;
};

struct usage_each {
	store_usage_cb cb;
	void *arg;
};

/* SQLite integers are signed; no real counter comes near the top bit. */
static int64_t
octets(uint64_t v)
{
	return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

static int64_t
or_now(int64_t t, int64_t now)
{
	return t != 0 ? t : now;
}

/* Sessions */

static int
session_bind(sqlite3_stmt *stmt, const struct session_rec *s, int64_t now)
{
	int rc;

	rc = store_sqlite_bind_text(stmt, 1, s->nas);
	rc |= store_sqlite_bind_text(stmt, 2, s->nas_ip);
	rc |= store_sqlite_bind_text(stmt, 3, s->acct_session_id);
	rc |= store_sqlite_bind_opt(stmt, 4, s->iccid);
	rc |= store_sqlite_bind_opt(stmt, 5, s->imsi);
	rc |= store_sqlite_bind_opt(stmt, 6, s->imei);
	rc |= store_sqlite_bind_opt(stmt, 7, s->framed_ip);
	rc |= sqlite3_bind_int(stmt, 8, s->nsapi < 0 ? -1 : s->nsapi);
	rc |= sqlite3_bind_int64(
	    stmt, 9, s->charging_id < 0 ? -1 : s->charging_id);
	rc |= sqlite3_bind_int(stmt, 10, s->rat_type < 0 ? -1 : s->rat_type);
	rc |= sqlite3_bind_int64(stmt, 11, or_now(s->started, now));
	rc |= sqlite3_bind_int64(stmt, 12, or_now(s->updated, now));
	rc |= sqlite3_bind_int64(stmt, 13, s->stopped);
	rc |= sqlite3_bind_int(stmt, 14, s->stopped != 0 ? s->stop_cause : 0);
	rc |= sqlite3_bind_int64(stmt, 15, octets(s->octets_in));
	rc |= sqlite3_bind_int64(stmt, 16, octets(s->octets_out));
	return rc;
}

/* started and updated default to now when 0. */
int
store_session_put(struct store *st, const struct session_rec *s)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_SESSION_PUT, SESSION_PUT);
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_exec(
	    st, stmt, session_bind(stmt, s, store_sqlite_now()), NULL);
}

static void
session_read(sqlite3_stmt *stmt, struct session_rec *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(stmt, 0);
	store_sqlite_col(stmt, 1, s->nas, sizeof(s->nas));
	store_sqlite_col(stmt, 2, s->nas_ip, sizeof(s->nas_ip));
	store_sqlite_col(
	    stmt, 3, s->acct_session_id, sizeof(s->acct_session_id));
	store_sqlite_col(stmt, 4, s->iccid, sizeof(s->iccid));
	store_sqlite_col(stmt, 5, s->imsi, sizeof(s->imsi));
	store_sqlite_col(stmt, 6, s->imei, sizeof(s->imei));
	store_sqlite_col(stmt, 7, s->framed_ip, sizeof(s->framed_ip));
	s->nsapi = sqlite3_column_int(stmt, 8);
	s->charging_id = sqlite3_column_int64(stmt, 9);
	s->rat_type = sqlite3_column_int(stmt, 10);
	s->started = sqlite3_column_int64(stmt, 11);
	s->updated = sqlite3_column_int64(stmt, 12);
	s->stopped = sqlite3_column_int64(stmt, 13);
	s->stop_cause = sqlite3_column_int(stmt, 14);
	s->octets_in = (uint64_t)sqlite3_column_int64(stmt, 15);
	s->octets_out = (uint64_t)sqlite3_column_int64(stmt, 16);
}

static int
session_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct session_each *e = ctx;
	struct session_rec s;

	(void)st;
	session_read(stmt, &s);
	return e->cb(e->arg, &s);
}

static unsigned
session_mask(const struct session_filter *f)
{
	unsigned mask = 0;

	if (f->iccid[0] != '\0')
		mask |= SESF_ICCID;
	if (f->open_only)
		mask |= SESF_OPEN;
	if (f->before > 0)
		mask |= SESF_BEFORE;
	return mask;
}

/* Newest first; a limit of 0 is none. */
int
store_session_list(struct store *st, const struct session_filter *f,
    store_session_cb cb, void *arg)
{
	struct session_each e = {cb, arg};
	sqlite3_stmt *stmt;
	unsigned mask = session_mask(f);
	int rc = 0;

	stmt =
	    store_sqlite_variant(st, STMT_SESSION_LIST, &session_query, mask);
	if (stmt == NULL)
		return STORE_EIO;
	if (mask & SESF_ICCID)
		rc |= store_sqlite_bind_name(stmt, ":iccid", f->iccid);
	if (mask & SESF_BEFORE)
		rc |= store_sqlite_bind_name_int(stmt, ":before", f->before);
	rc |= store_sqlite_bind_name_int(
	    stmt, ":limit", f->limit != 0 ? (int64_t)f->limit : -1);
	return store_sqlite_each(st, stmt, rc, session_row, &e);
}

/*
 * Open sessions are never pruned, however old: a session whose Stop was
 * lost stays visible until the NAS or an operator closes it. The delete
 * scans the table, which is why it is meant for a daily sweep.
 */
int
store_session_prune(struct store *st, int64_t stopped_before, uint64_t *n)
{
	sqlite3_stmt *stmt;
	int ret;

	*n = 0;
	stmt = store_sqlite_stmt(st, STMT_SESSION_PRUNE,
	    "DELETE FROM session WHERE stopped <> 0 AND stopped < ?1");
	if (stmt == NULL)
		return STORE_EIO;
	ret = store_sqlite_exec(
	    st, stmt, sqlite3_bind_int64(stmt, 1, stopped_before), NULL);
	if (ret == 0)
		*n = (uint64_t)sqlite3_changes64(st->db);
	return ret;
}

/* Usage */

/* One day's octets of a SIM through a statement taking (iccid, day, in,
 * out): the upsert into usage, or the journal's append. */
static int
usage_exec(struct store *st, enum store_stmt id, const char *sql,
    const char *iccid, int64_t day, uint64_t octets_in, uint64_t octets_out)
{
	sqlite3_stmt *stmt = store_sqlite_stmt(st, id, sql);
	int rc;

	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	rc |= sqlite3_bind_int64(stmt, 2, day);
	rc |= sqlite3_bind_int64(stmt, 3, octets(octets_in));
	rc |= sqlite3_bind_int64(stmt, 4, octets(octets_out));
	return store_sqlite_exec(st, stmt, rc, NULL);
}

int
store_usage_add(struct store *st, const char *iccid, int64_t day,
    uint64_t octets_in, uint64_t octets_out)
{
	return usage_exec(st, STMT_USAGE_ADD,
	    "INSERT INTO usage (iccid, day, octets_in, octets_out) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (iccid, day) DO UPDATE SET "
	    "octets_in = octets_in + excluded.octets_in, "
	    "octets_out = octets_out + excluded.octets_out",
	    iccid, day, octets_in, octets_out);
}

static int
usage_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct usage_each *e = ctx;

	(void)st;
	return e->cb(e->arg, store_sqlite_col_ref(stmt, 0),
	    sqlite3_column_int64(stmt, 1),
	    (uint64_t)sqlite3_column_int64(stmt, 2),
	    (uint64_t)sqlite3_column_int64(stmt, 3));
}

/* The ICCID handed to cb is borrowed for the call. */
int
store_usage_list(struct store *st, const char *iccid, int64_t from_day,
    store_usage_cb cb, void *arg)
{
	struct usage_each e = {cb, arg};
	sqlite3_stmt *stmt;
	int rc;

	if (iccid != NULL)
		stmt = store_sqlite_stmt(st, STMT_USAGE_LIST_ONE,
		    "SELECT iccid, day, octets_in, octets_out FROM usage "
		    "WHERE iccid = ?2 AND day >= ?1 ORDER BY day");
	else
		stmt = store_sqlite_stmt(st, STMT_USAGE_LIST_ALL,
		    "SELECT iccid, day, octets_in, octets_out FROM usage "
		    "WHERE day >= ?1 ORDER BY iccid, day");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, from_day);
	if (iccid != NULL)
		rc |= store_sqlite_bind_text(stmt, 2, iccid);
	return store_sqlite_each(st, stmt, rc, usage_row, &e);
}

/* IMEI binding */

/* Learning is not an administrative change of the record, so updated is
 * left alone, as for last_seen; the audit of a binding is the event the
 * radius role raises. */
int
store_sim_learn_imei(struct store *st, const char *iccid, const char *imei)
{
	sqlite3_stmt *stmt;
	int rc;

	if (imei == NULL || imei[0] == '\0')
		return store_sqlite_fail(
		    st, STORE_EINVAL, NULL, "no IMEI to learn");
	stmt = store_sqlite_stmt(st, STMT_SIM_LEARN_IMEI,
	    "UPDATE sim SET bound_imei = ?2 "
	    "WHERE iccid = ?1 AND bound_imei IS NULL");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	rc |= store_sqlite_bind_text(stmt, 2, imei);
	return store_sqlite_change(st, stmt, rc);
}

/*
 * Attaches are written in batches and may arrive out of order: last_seen
 * never goes back, and an IMEI reported with an older attach than the one
 * recorded does not replace the newer one's. STORE_ENOTFOUND when there is
 * no such SIM (deleted since the attach).
 */
int
store_sim_seen(
    struct store *st, const char *iccid, int64_t when, const char *imei)
{
	sqlite3_stmt *stmt;
	int rc;

	if (imei == NULL) {
		stmt = store_sqlite_stmt(st, STMT_SIM_SEEN_TIME,
		    "UPDATE sim SET last_seen = max(last_seen, ?2) "
		    "WHERE iccid = ?1");
		if (stmt == NULL)
			return STORE_EIO;
		rc = store_sqlite_bind_text(stmt, 1, iccid);
		rc |= sqlite3_bind_int64(stmt, 2, when);
		return store_sqlite_change(st, stmt, rc);
	}
	stmt = store_sqlite_stmt(st, STMT_SIM_SEEN,
	    "UPDATE sim SET last_imei = CASE WHEN ?2 >= last_seen THEN ?3 "
	    "ELSE last_imei END, "
	    "last_seen = max(last_seen, ?2) WHERE iccid = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	rc |= sqlite3_bind_int64(stmt, 2, when);
	rc |= store_sqlite_bind_opt(stmt, 3, imei);
	return store_sqlite_change(st, stmt, rc);
}

/* The policy that applies: the SIM's own unless it is off, then its
 * profile's, with that profile's match rule (columns 5 and 6, NULL
 * without a profile). */
static int
binding_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct sim_binding *b = ctx;
	enum imei_policy pp;
	enum imei_match pm;

	memset(b, 0, sizeof(*b));
	if (imei_policy_parse(store_sqlite_col_ref(stmt, 0), &b->policy) != 0 ||
	    imei_match_parse(store_sqlite_col_ref(stmt, 1), &b->match) != 0)
		return store_sqlite_fail(
		    st, STORE_EIO, NULL, "unknown IMEI policy in the store");
	store_sqlite_col(stmt, 2, b->bound_imei, sizeof(b->bound_imei));
	store_sqlite_col(stmt, 3, b->last_imei, sizeof(b->last_imei));
	b->last_seen = sqlite3_column_int64(stmt, 4);
	if (b->policy == IMEI_POLICY_OFF &&
	    sqlite3_column_type(stmt, 5) != SQLITE_NULL &&
	    imei_policy_parse(store_sqlite_col_ref(stmt, 5), &pp) == 0 &&
	    imei_match_parse(store_sqlite_col_ref(stmt, 6), &pm) == 0) {
		b->policy = pp;
		b->match = pm;
	}
	return 0;
}

int
store_sim_binding_get(
    struct store *st, const char *iccid, struct sim_binding *out)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SIM_BINDING_GET,
	    "SELECT s.imei_policy, s.imei_match, s.bound_imei, s.last_imei, "
	    "s.last_seen, p.imei_policy, p.imei_match FROM sim s "
	    "LEFT JOIN profile p ON p.name = s.profile WHERE s.iccid = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	return store_sqlite_one(st, stmt, rc, binding_row, out);
}

/* Why a reset changed nothing: no such SIM, or a fixed binding. */
static int
binding_reset_refused(
    struct store *st, const char *iccid, struct store_error *err)
{
	char policy[16];
	int ret;

	ret = store_sqlite_lookup(st, STMT_SIM_POLICY,
	    "SELECT imei_policy FROM sim WHERE iccid = ?1", iccid, policy,
	    sizeof(policy));
	if (ret < 0)
		return store_sqlite_errcopy(st, ret, err);
	if (ret == 0) {
		snprintf(err->field, sizeof(err->field), "iccid");
		return store_sqlite_fail(
		    st, STORE_ENOTFOUND, err, "no SIM %s", iccid);
	}
	snprintf(err->field, sizeof(err->field), "imei_policy");
	return store_sqlite_fail(st, STORE_EINVAL, err,
	    "SIM %s has a fixed IMEI binding: set bound_imei with an update, "
	    "or relearn",
	    iccid);
}

/* One statement, so that the check of a fixed policy and the reset
 * cannot be split by another writer. */
int
store_sim_binding_reset(
    struct store *st, const char *iccid, int relearn, struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	int rc, ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, STMT_SIM_BINDING_RESET,
	    "UPDATE sim SET bound_imei = NULL, imei_policy = CASE ?2 "
	    "WHEN 0 THEN imei_policy ELSE 'learn' END, updated = ?3 "
	    "WHERE iccid = ?1 AND (?2 <> 0 OR imei_policy <> 'fixed')");
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	rc |= sqlite3_bind_int(stmt, 2, relearn != 0);
	rc |= sqlite3_bind_int64(stmt, 3, store_sqlite_now());
	ret = store_sqlite_change(st, stmt, rc);
	if (ret == STORE_ENOTFOUND)
		return binding_reset_refused(st, iccid, err);
	if (ret != 0)
		return store_sqlite_errcopy(st, ret, err);
	return 0;
}

/*
 * The accounting journal. A commit rewrites every b-tree page it touched,
 * and a session or usage row of a random SIM touches its own leaf in each
 * index: at a few thousand records per commit that is a page per record
 * per index. The writer therefore commits each batch as appends to two
 * journal tables (sequential pages, no secondary index), which makes the
 * answered records durable, and folds the journal into session and usage
 * every second or so in one larger transaction, where each touched page
 * is written once for many records. Rows are folded in order, so the
 * upsert rules above apply as if each record had been put on its own.
 */
int
store_journal_session(struct store *st, const struct session_rec *s)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_JOURNAL_SESSION,
	    "INSERT INTO session_journal (" SESSION_INSERT_COLS ") "
	    SESSION_VALUES);
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_exec(
	    st, stmt, session_bind(stmt, s, store_sqlite_now()), NULL);
}

int
store_journal_usage(struct store *st, const char *iccid, int64_t day,
    uint64_t octets_in, uint64_t octets_out)
{
	return usage_exec(st, STMT_JOURNAL_USAGE,
	    "INSERT INTO usage_journal (iccid, day, octets_in, octets_out) "
	    "VALUES (?1, ?2, ?3, ?4)",
	    iccid, day, octets_in, octets_out);
}

/* At most `rows` of the oldest rows of each journal, so that a fold never
 * holds the writer for long; *left tells whether rows remain. "WHERE" is
 * also what lets SQLite tell an upsert's ON from a join's. */
int
store_journal_fold(struct store *st, unsigned rows, int *left)
{
	static const struct {
		enum store_stmt id;
		const char *sql;
	} steps[] = {
	    {STMT_FOLD_SESSIONS,
		"INSERT INTO session (" SESSION_INSERT_COLS ") SELECT "
		SESSION_INSERT_COLS " FROM session_journal WHERE id <= "
		"(SELECT min(id) FROM session_journal) + ?1 "
		"ORDER BY id " SESSION_UPSERT},
	    {STMT_FOLD_USAGE,
		"INSERT INTO usage (iccid, day, octets_in, octets_out) "
		"SELECT iccid, day, sum(octets_in), sum(octets_out) "
		"FROM usage_journal WHERE id <= "
		"(SELECT min(id) FROM usage_journal) + ?1 GROUP BY iccid, day "
		"ON CONFLICT (iccid, day) DO UPDATE SET "
		"octets_in = octets_in + excluded.octets_in, "
		"octets_out = octets_out + excluded.octets_out"},
	    {STMT_FOLD_CLEAR_SESSIONS,
		"DELETE FROM session_journal WHERE id <= "
		"(SELECT min(id) FROM session_journal) + ?1"},
	    {STMT_FOLD_CLEAR_USAGE,
		"DELETE FROM usage_journal WHERE id <= "
		"(SELECT min(id) FROM usage_journal) + ?1"},
	    {STMT_FOLD_LEFT,
		"SELECT EXISTS (SELECT 1 FROM session_journal) OR "
		"EXISTS (SELECT 1 FROM usage_journal)"},
	};
	sqlite3_stmt *stmt;
	int rc;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		stmt = store_sqlite_stmt(st, steps[i].id, steps[i].sql);
		if (stmt == NULL)
			return STORE_EIO;
		if (steps[i].id == STMT_FOLD_LEFT) {
			rc = sqlite3_step(stmt);
			*left = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0);
			sqlite3_reset(stmt);
			return rc == SQLITE_ROW ? 0 :
						  store_sqlite_error(st, rc, NULL);
		}
		rc = store_sqlite_exec(st, stmt,
		    sqlite3_bind_int64(stmt, 1, (int64_t)rows - 1), NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}
