/*
 * SIM records in the SQLite store. The bulk importer calls store_sim_insert()
 * a million times in one transaction and the API calls store_sim_get() on
 * every request, so both run one cached statement and allocate nothing.
 * Optional fields are NULL in the table, so that UNIQUE ignores them, and
 * read back as "".
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "registry/imei.h"
#include "store/store_sqlite.h"

#define SIM_COLS                                                               \
	"iccid, imsi, msisdn, apn, static_ip, state, imei_policy, "            \
	"imei_match, bound_imei, data_limit, profile, labels, created, "       \
	"updated, last_seen"

#define SIM_INSERT                                                             \
	"INSERT INTO sim (" SIM_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "  \
	"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"

/* A replaced record keeps its creation time, its state (which changes only
 * through store_sim_set_state(), the state machine's one door), and
 * last_seen, which is observed rather than administered and never goes
 * back. */
#define SIM_UPSERT                                                             \
	SIM_INSERT                                                             \
	" ON CONFLICT (iccid) DO UPDATE SET imsi = excluded.imsi, "            \
	"msisdn = excluded.msisdn, apn = excluded.apn, "                       \
	"static_ip = excluded.static_ip, "                                      \
	"imei_policy = excluded.imei_policy, "                                 \
	"imei_match = excluded.imei_match, "                                   \
	"bound_imei = excluded.bound_imei, "                                   \
	"data_limit = excluded.data_limit, profile = excluded.profile, "       \
	"labels = excluded.labels, updated = excluded.updated, "               \
	"last_seen = max(last_seen, excluded.last_seen)"

/* created and last_seen are not the administrator's to change, and state
 * changes only through store_sim_set_state(). */
#define SIM_UPDATE                                                             \
	"UPDATE sim SET imsi = ?2, msisdn = ?3, apn = ?4, static_ip = ?5, "    \
	"imei_policy = ?7, imei_match = ?8, bound_imei = ?9, "                 \
	"data_limit = ?10, profile = ?11, labels = ?12, updated = ?13 "        \
	"WHERE iccid = ?1"

/* The unique columns besides the key, and how to find who holds a value. */
static const struct sim_unique {
	const char *field;
	size_t off;
	enum store_stmt id;
	const char *sql;
} sim_unique[] = {
    {"imsi", offsetof(struct sim, imsi), STMT_SIM_HOLDER_IMSI,
        "SELECT iccid FROM sim WHERE imsi = ?1"},
    {"msisdn", offsetof(struct sim, msisdn), STMT_SIM_HOLDER_MSISDN,
        "SELECT iccid FROM sim WHERE msisdn = ?1"},
    {"static_ip", offsetof(struct sim, static_ip), STMT_SIM_HOLDER_IP,
        "SELECT iccid FROM sim WHERE static_ip = ?1"},
};

enum {
	SF_STATE = 1 << 0,
	SF_PROFILE = 1 << 1,
	SF_APN = 1 << 2,
	SF_LABEL = 1 << 3,
	SF_Q = 1 << 4,
	SF_AFTER = 1 << 5,
};

/* A prefix p is matched as the range [p, p+1), which the primary key and
 * the unique indexes on imsi and msisdn serve. The planner cannot see that
 * a search is usually narrow (one SIM wanted), and without likelihood()
 * it scans the whole table in ICCID order instead of probing the three
 * indexes and sorting the few rows found. */
#define SIM_Q_CLAUSE                                                           \
	"likelihood((iccid >= :q AND iccid < :qhi) OR "                        \
	"(imsi >= :q AND imsi < :qhi) OR "                                     \
	"(msisdn >= :qp AND msisdn < :qphi), 0.001)"

/* In SF_* bit order. */
static const char *const sim_clauses[] = {
    "state = :state",
    "profile = :profile",
    "apn = :apn",
    "instr(',' || labels || ',', ',' || :label || ',') > 0",
    SIM_Q_CLAUSE,
    "iccid > :after",
};

static const struct store_sqlite_query sim_query = {
    "SELECT " SIM_COLS " FROM sim",
    sim_clauses,
    sizeof(sim_clauses) / sizeof(sim_clauses[0]),
    "ORDER BY iccid LIMIT :limit",
};

/* The search text as prefix ranges; msisdn is stored with its '+'. */
struct sim_q {
	char q[24];
	char qhi[24];
	char qp[25];
	char qphi[25];
};

struct sim_each {
	store_sim_cb cb;
	void *arg;
};

/* Parameters ?1 to ?12, the administered fields; the OR of the results. */
static int
sim_bind(sqlite3_stmt *stmt, const struct sim *s)
{
	int rc = 0;

	rc |= store_sqlite_bind_text(stmt, 1, s->iccid);
	rc |= store_sqlite_bind_opt(stmt, 2, s->imsi);
	rc |= store_sqlite_bind_opt(stmt, 3, s->msisdn);
	rc |= store_sqlite_bind_text(stmt, 4, s->apn);
	rc |= store_sqlite_bind_opt(stmt, 5, s->static_ip);
	rc |= store_sqlite_bind_text(stmt, 6, sim_state_name(s->state));
	rc |= store_sqlite_bind_text(stmt, 7, imei_policy_name(s->imei_policy));
	rc |= store_sqlite_bind_text(stmt, 8, imei_match_name(s->imei_match));
	rc |= store_sqlite_bind_opt(stmt, 9, s->bound_imei);
	rc |= sqlite3_bind_int64(stmt, 10, (sqlite3_int64)s->data_limit);
	rc |= store_sqlite_bind_opt(stmt, 11, s->profile);
	rc |= store_sqlite_bind_text(stmt, 12, s->labels);
	return rc;
}

/* The enumerations of a row of SIM_COLS. One the program does not know is
 * an error rather than a default, so a blocked SIM never reads back as
 * active. */
static int
sim_read_enums(sqlite3_stmt *stmt, struct sim *s)
{
	const char *state = store_sqlite_col_ref(stmt, 5);
	const char *policy = store_sqlite_col_ref(stmt, 6);
	const char *match = store_sqlite_col_ref(stmt, 7);

	if (sim_state_parse(state, &s->state) != 0 ||
	    imei_policy_parse(policy, &s->imei_policy) != 0 ||
	    imei_match_parse(match, &s->imei_match) != 0)
		return -1;
	return 0;
}

/* A record from a row of SIM_COLS. */
static int
sim_read(struct store *st, sqlite3_stmt *stmt, struct sim *s)
{
	memset(s, 0, sizeof(*s));
	store_sqlite_col(stmt, 0, s->iccid, sizeof(s->iccid));
	store_sqlite_col(stmt, 1, s->imsi, sizeof(s->imsi));
	store_sqlite_col(stmt, 2, s->msisdn, sizeof(s->msisdn));
	store_sqlite_col(stmt, 3, s->apn, sizeof(s->apn));
	store_sqlite_col(stmt, 4, s->static_ip, sizeof(s->static_ip));
	if (sim_read_enums(stmt, s) != 0)
		return store_sqlite_fail(st, STORE_EIO, NULL,
		    "SIM %s: unknown state or IMEI policy in the store",
		    s->iccid);
	store_sqlite_col(stmt, 8, s->bound_imei, sizeof(s->bound_imei));
	s->data_limit = (uint64_t)sqlite3_column_int64(stmt, 9);
	store_sqlite_col(stmt, 10, s->profile, sizeof(s->profile));
	store_sqlite_col(stmt, 11, s->labels, sizeof(s->labels));
	s->created = sqlite3_column_int64(stmt, 12);
	s->updated = sqlite3_column_int64(stmt, 13);
	s->last_seen = sqlite3_column_int64(stmt, 14);
	return 0;
}

static int
sim_read_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	return sim_read(st, stmt, ctx);
}

/*
 * Turn a conflict into a sentence an operator can act on, naming the SIM
 * that already holds the value. Costs one query, and only on a conflict.
 */
static void
sim_conflict(struct store *st, const struct sim *s, struct store_error *err)
{
	char holder[sizeof(s->iccid)];
	const char *value;
	size_t i;

	if (strcmp(err->field, "iccid") == 0) {
		store_sqlite_fail(
		    st, 0, err, "SIM %s already exists", s->iccid);
		return;
	}
	for (i = 0; i < sizeof(sim_unique) / sizeof(sim_unique[0]); i++) {
		if (strcmp(err->field, sim_unique[i].field) != 0)
			continue;
		value = (const char *)s + sim_unique[i].off;
		if (store_sqlite_lookup(st, sim_unique[i].id, sim_unique[i].sql,
		        value, holder, sizeof(holder)) == 1)
			store_sqlite_fail(st, 0, err,
			    "%s %s is already assigned to SIM %s",
			    sim_unique[i].field, value, holder);
		return;
	}
}

/* Insert or upsert: ?13 created (the caller's, if set), ?14 updated,
 * ?15 last_seen. */
static int
sim_write(struct store *st, enum store_stmt id, const char *sql,
    const struct sim *s, struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	int64_t now = store_sqlite_now();
	int rc, ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, id, sql);
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	rc = sim_bind(stmt, s);
	rc |= sqlite3_bind_int64(stmt, 13, s->created != 0 ? s->created : now);
	rc |= sqlite3_bind_int64(stmt, 14, now);
	rc |= sqlite3_bind_int64(stmt, 15, s->last_seen);
	ret = store_sqlite_exec(st, stmt, rc, err);
	if (ret == STORE_ECONFLICT)
		sim_conflict(st, s, err);
	return ret;
}

int
store_sim_get(struct store *st, const char *iccid, struct sim *out)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(
	    st, STMT_SIM_GET, "SELECT " SIM_COLS " FROM sim WHERE iccid = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	return store_sqlite_one(st, stmt, rc, sim_read_row, out);
}

int
store_sim_insert(struct store *st, const struct sim *s, struct store_error *err)
{
	return sim_write(st, STMT_SIM_INSERT, SIM_INSERT, s, err);
}

int
store_sim_upsert(struct store *st, const struct sim *s, struct store_error *err)
{
	return sim_write(st, STMT_SIM_UPSERT, SIM_UPSERT, s, err);
}

int
store_sim_update(struct store *st, const struct sim *s, struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	int rc, ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, STMT_SIM_UPDATE, SIM_UPDATE);
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	rc = sim_bind(stmt, s);
	rc |= sqlite3_bind_int64(stmt, 13, store_sqlite_now());
	ret = store_sqlite_exec(st, stmt, rc, err);
	if (ret == STORE_ECONFLICT)
		sim_conflict(st, s, err);
	else if (ret == 0 && sqlite3_changes(st->db) == 0) {
		snprintf(err->field, sizeof(err->field), "iccid");
		ret = store_sqlite_fail(
		    st, STORE_ENOTFOUND, err, "no SIM %s", s->iccid);
	}
	return ret;
}

int
store_sim_set_state(struct store *st, const char *iccid, enum sim_state state)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_SIM_STATE,
	    "UPDATE sim SET state = ?2, updated = ?3 WHERE iccid = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	rc |= store_sqlite_bind_text(stmt, 2, sim_state_name(state));
	rc |= sqlite3_bind_int64(stmt, 3, store_sqlite_now());
	return store_sqlite_change(st, stmt, rc);
}

int
store_sim_delete(struct store *st, const char *iccid)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(
	    st, STMT_SIM_DELETE, "DELETE FROM sim WHERE iccid = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, iccid);
	return store_sqlite_change(st, stmt, rc);
}

static void
prefix_end(const char *p, char *out, size_t outsz)
{
	size_t n;

	snprintf(out, outsz, "%s", p);
	n = strlen(out);
	if (n > 0)
		out[n - 1]++;
}

/* -1 when q cannot match anything: all three keys are digits, the MSISDN
 * after its '+'. q may carry the '+' or not. */
static int
sim_q_make(const char *q, struct sim_q *r)
{
	const char *digits = q[0] == '+' ? q + 1 : q;

	if (digits[strspn(digits, "0123456789")] != '\0')
		return -1;
	snprintf(r->q, sizeof(r->q), "%s", q);
	snprintf(r->qp, sizeof(r->qp), "+%s", digits);
	prefix_end(r->q, r->qhi, sizeof(r->qhi));
	prefix_end(r->qp, r->qphi, sizeof(r->qphi));
	return 0;
}

static unsigned
sim_filter_mask(const struct sim_filter *f)
{
	unsigned mask = 0;

	if (f->state >= 0)
		mask |= SF_STATE;
	if (f->profile[0] != '\0')
		mask |= SF_PROFILE;
	if (f->apn[0] != '\0')
		mask |= SF_APN;
	if (f->label[0] != '\0')
		mask |= SF_LABEL;
	if (f->q[0] != '\0')
		mask |= SF_Q;
	if (f->after[0] != '\0')
		mask |= SF_AFTER;
	return mask;
}

static int
sim_list_bind(sqlite3_stmt *stmt, const struct sim_filter *f,
    const struct sim_q *r, unsigned mask)
{
	int rc = 0;

	if (mask & SF_STATE)
		rc |= store_sqlite_bind_name(
		    stmt, ":state", sim_state_name((enum sim_state)f->state));
	if (mask & SF_PROFILE)
		rc |= store_sqlite_bind_name(stmt, ":profile", f->profile);
	if (mask & SF_APN)
		rc |= store_sqlite_bind_name(stmt, ":apn", f->apn);
	if (mask & SF_LABEL)
		rc |= store_sqlite_bind_name(stmt, ":label", f->label);
	if (mask & SF_Q) {
		rc |= store_sqlite_bind_name(stmt, ":q", r->q);
		rc |= store_sqlite_bind_name(stmt, ":qhi", r->qhi);
		rc |= store_sqlite_bind_name(stmt, ":qp", r->qp);
		rc |= store_sqlite_bind_name(stmt, ":qphi", r->qphi);
	}
	if (mask & SF_AFTER)
		rc |= store_sqlite_bind_name(stmt, ":after", f->after);
	rc |= store_sqlite_bind_name_int(
	    stmt, ":limit", f->limit != 0 ? (int64_t)f->limit : -1);
	return rc;
}

static int
sim_list_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct sim_each *e = ctx;
	struct sim s;
	int ret;

	ret = sim_read(st, stmt, &s);
	if (ret != 0)
		return ret;
	return e->cb(e->arg, &s);
}

/* A limit of 0 lists everything. The callback must not start another
 * listing with the same filter fields: it would reset this one. */
int
store_sim_list(
    struct store *st, const struct sim_filter *f, store_sim_cb cb, void *arg)
{
	struct sim_each e = {cb, arg};
	struct sim_q r = {"", "", "", ""};
	sqlite3_stmt *stmt;
	unsigned mask = sim_filter_mask(f);
	int rc;

	if ((mask & SF_Q) && sim_q_make(f->q, &r) != 0)
		return 0;
	stmt = store_sqlite_variant(st, STMT_SIM_LIST, &sim_query, mask);
	if (stmt == NULL)
		return STORE_EIO;
	rc = sim_list_bind(stmt, f, &r, mask);
	return store_sqlite_each(st, stmt, rc, sim_list_row, &e);
}

int
store_sim_by_ip(struct store *st, const char *ip, char iccid[21])
{
	int rc = store_sqlite_lookup(st, STMT_SIM_HOLDER_IP,
	    "SELECT iccid FROM sim WHERE static_ip = ?1", ip, iccid, 21);

	return rc == 1 ? 0 : rc == 0 ? STORE_ENOTFOUND : rc;
}
