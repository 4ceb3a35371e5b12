/*
 * Devices, profiles, events, audit entries and API tokens in the SQLite
 * store. Listings hand each row to a callback; the borrowed strings in a
 * row (evidence, reason, details, mud) live only until the callback returns.
 */
#include <stdio.h>
#include <string.h>

#include "registry/imei.h"
#include "store/store_sqlite.h"

#define DEVICE_COLS                                                            \
	"id, name, sim, mac, ip, vendor, model, firmware, profile, "           \
	"risk_score, last_scan, created, updated, state"

#define PROFILE_COLS                                                           \
	"name, description, mud, created, updated, imei_policy, imei_match, "  \
	"imei_mismatch, session_timeout, interim_interval"

#define EVENT_COLS                                                             \
	"id, created, type, severity, subject, window_start, window_end, "     \
	"evidence, response, status, acked_by, acked_at"

#define AUDIT_COLS "id, ts, actor, action, object, reason, details"

#define TOKEN_COLS "id, name, role, created, created_by, revoked"

/* Who holds a unique device value, as "7 (name)" or "7". */
#define DEVICE_HOLDER(col)                                                     \
	"SELECT CASE name WHEN '' THEN id ELSE id || ' (' || name || ')' "     \
	"END FROM device WHERE " col " = ?1"

static const struct device_unique {
	const char *field;
	size_t off;
	enum store_stmt id;
	const char *sql;
} device_unique[] = {
    {"sim", offsetof(struct device, sim), STMT_DEVICE_HOLDER_SIM,
        DEVICE_HOLDER("sim")},
    {"mac", offsetof(struct device, mac), STMT_DEVICE_HOLDER_MAC,
        DEVICE_HOLDER("mac")},
    {"ip", offsetof(struct device, ip), STMT_DEVICE_HOLDER_IP,
        DEVICE_HOLDER("ip")},
};

/* In bit order of the event_filter fields tested in event_mask(). */
static const char *const event_clauses[] = {
    "status = :status",
    "instr(:sevs, ' ' || severity || ' ') > 0",
    "type = :type",
    "subject = :subject",
    "id < :before",
};

static const struct store_sqlite_query event_query = {
    "SELECT " EVENT_COLS " FROM event",
    event_clauses,
    sizeof(event_clauses) / sizeof(event_clauses[0]),
    "ORDER BY id DESC LIMIT :limit",
};

static const char *const audit_clauses[] = {
    "object = :object",
    "actor = :actor",
    "id < :before",
};

static const struct store_sqlite_query audit_query = {
    "SELECT " AUDIT_COLS " FROM audit",
    audit_clauses,
    sizeof(audit_clauses) / sizeof(audit_clauses[0]),
    "ORDER BY id DESC LIMIT :limit",
};

/* A caller's callback and its argument, for the row readers. */
struct device_each {
	store_device_cb cb;
	void *arg;
};

struct profile_each {
	store_profile_cb cb;
	void *arg;
};

struct event_each {
	store_event_cb cb;
	void *arg;
};

struct audit_each {
	store_audit_cb cb;
	void *arg;
};

struct token_each {
	store_token_cb cb;
	void *arg;
};

/* Devices */

/* Parameters ?2 to ?11, the fields a caller sets. */
static int
device_bind(sqlite3_stmt *stmt, const struct device *d)
{
	int rc = 0;

	rc |= store_sqlite_bind_text(stmt, 2, d->name);
	rc |= store_sqlite_bind_opt(stmt, 3, d->sim);
	rc |= store_sqlite_bind_opt(stmt, 4, d->mac);
	rc |= store_sqlite_bind_opt(stmt, 5, d->ip);
	rc |= store_sqlite_bind_text(stmt, 6, d->vendor);
	rc |= store_sqlite_bind_text(stmt, 7, d->model);
	rc |= store_sqlite_bind_text(stmt, 8, d->firmware);
	rc |= store_sqlite_bind_opt(stmt, 9, d->profile);
	rc |= sqlite3_bind_int(stmt, 10, d->risk_score);
	rc |= sqlite3_bind_int64(stmt, 11, d->last_scan);
	return rc;
}

static void
device_read(sqlite3_stmt *stmt, struct device *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(stmt, 0);
	store_sqlite_col(stmt, 1, d->name, sizeof(d->name));
	store_sqlite_col(stmt, 2, d->sim, sizeof(d->sim));
	store_sqlite_col(stmt, 3, d->mac, sizeof(d->mac));
	store_sqlite_col(stmt, 4, d->ip, sizeof(d->ip));
	store_sqlite_col(stmt, 5, d->vendor, sizeof(d->vendor));
	store_sqlite_col(stmt, 6, d->model, sizeof(d->model));
	store_sqlite_col(stmt, 7, d->firmware, sizeof(d->firmware));
	store_sqlite_col(stmt, 8, d->profile, sizeof(d->profile));
	d->risk_score = sqlite3_column_int(stmt, 9);
	d->last_scan = sqlite3_column_int64(stmt, 10);
	d->created = sqlite3_column_int64(stmt, 11);
	d->updated = sqlite3_column_int64(stmt, 12);
	d->state = DEVICE_ACTIVE;
	if (sqlite3_column_text(stmt, 13) != NULL)
		(void)device_state_parse(
		    (const char *)sqlite3_column_text(stmt, 13), &d->state);
}

/* Say which device holds a unique value, or that the SIM does not exist
 * (the only foreign key a device has). */
static void
device_refine(
    struct store *st, int code, const struct device *d, struct store_error *err)
{
	char holder[96];
	const char *value;
	size_t i;

	if (code == STORE_EINVAL &&
	    st->last_rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
		snprintf(err->field, sizeof(err->field), "sim");
		store_sqlite_fail(st, 0, err, "no SIM %s", d->sim);
		return;
	}
	if (code != STORE_ECONFLICT)
		return;
	for (i = 0; i < sizeof(device_unique) / sizeof(device_unique[0]); i++) {
		if (strcmp(err->field, device_unique[i].field) != 0)
			continue;
		value = (const char *)d + device_unique[i].off;
		if (store_sqlite_lookup(st, device_unique[i].id,
		        device_unique[i].sql, value, holder,
		        sizeof(holder)) == 1)
			store_sqlite_fail(st, 0, err,
			    "%s %s is already assigned to device %s",
			    device_unique[i].field, value, holder);
		return;
	}
}

static int
device_write(struct store *st, sqlite3_stmt *stmt, int rc,
    const struct device *d, struct store_error *err)
{
	int ret;

	ret = store_sqlite_exec(st, stmt, rc, err);
	if (ret != 0)
		device_refine(st, ret, d, err);
	return ret;
}

static int
device_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	(void)st;
	device_read(stmt, ctx);
	return 0;
}

static int
device_id_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	(void)st;
	*(int64_t *)ctx = sqlite3_column_int64(stmt, 0);
	return 0;
}

int
store_device_get(struct store *st, int64_t id, struct device *out)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_DEVICE_GET,
	    "SELECT " DEVICE_COLS " FROM device WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, id);
	return store_sqlite_one(st, stmt, rc, device_row, out);
}

int
store_device_insert(struct store *st, struct device *d, struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	int64_t now = store_sqlite_now();
	int rc, ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, STMT_DEVICE_INSERT,
	    "INSERT INTO device (name, sim, mac, ip, vendor, model, firmware, "
	    "profile, risk_score, last_scan, created, updated) "
	    "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	rc = device_bind(stmt, d);
	rc |= sqlite3_bind_int64(stmt, 12, d->created != 0 ? d->created : now);
	rc |= sqlite3_bind_int64(stmt, 13, now);
	ret = device_write(st, stmt, rc, d, err);
	if (ret == 0)
		d->id = sqlite3_last_insert_rowid(st->db);
	return ret;
}

int
store_device_update(
    struct store *st, const struct device *d, struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	int rc, ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, STMT_DEVICE_UPDATE,
	    "UPDATE device SET name = ?2, sim = ?3, mac = ?4, ip = ?5, "
	    "vendor = ?6, model = ?7, firmware = ?8, profile = ?9, "
	    "risk_score = ?10, last_scan = ?11, updated = ?12 WHERE id = ?1");
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	rc = sqlite3_bind_int64(stmt, 1, d->id);
	rc |= device_bind(stmt, d);
	rc |= sqlite3_bind_int64(stmt, 12, store_sqlite_now());
	ret = device_write(st, stmt, rc, d, err);
	if (ret == 0 && sqlite3_changes(st->db) == 0) {
		snprintf(err->field, sizeof(err->field), "id");
		ret = store_sqlite_fail(st, STORE_ENOTFOUND, err,
		    "no device %lld", (long long)d->id);
	}
	return ret;
}

/* The one door for a device's state: PATCH and insert leave it alone. */
int
store_device_set_state(
    struct store *st, int64_t id, enum device_state state)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_DEVICE_STATE,
	    "UPDATE device SET state = ?2, updated = ?3 WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, id);
	rc |= store_sqlite_bind_text(stmt, 2, device_state_name(state));
	rc |= sqlite3_bind_int64(stmt, 3, store_sqlite_now());
	return store_sqlite_change(st, stmt, rc);
}

/* The LAN device (no SIM) whose address is ip; STORE_ENOTFOUND if none. */
int
store_device_by_ip(struct store *st, const char *ip, int64_t *id)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_DEVICE_BY_IP,
	    "SELECT id FROM device WHERE ip = ?1 AND sim IS NULL");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, ip);
	return store_sqlite_one(st, stmt, rc, device_id_row, id);
}

int
store_device_delete(struct store *st, int64_t id)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(
	    st, STMT_DEVICE_DELETE, "DELETE FROM device WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, id);
	return store_sqlite_change(st, stmt, rc);
}

static int
device_list_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct device_each *e = ctx;
	struct device d;

	(void)st;
	device_read(stmt, &d);
	return e->cb(e->arg, &d);
}

/* Devices with an id above after, in id order; a limit of 0 is none. */
int
store_device_list(struct store *st, int64_t after, unsigned limit,
    store_device_cb cb, void *arg)
{
	struct device_each e = {cb, arg};
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_DEVICE_LIST,
	    "SELECT " DEVICE_COLS " FROM device WHERE id > ?1 "
	    "ORDER BY id LIMIT ?2");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, after);
	rc |= sqlite3_bind_int64(stmt, 2, store_sqlite_limit(limit));
	return store_sqlite_each(st, stmt, rc, device_list_row, &e);
}

/* Profiles */

/* imei_mismatch as stored: '' (the global setting), 'reject', 'alert'. */
static const char *
mismatch_name(int reject)
{
	if (reject < 0)
		return "";
	return reject ? "reject" : "alert";
}

static int
mismatch_parse(const char *s, int *out)
{
	if (strcmp(s, "") == 0)
		*out = -1;
	else if (strcmp(s, "reject") == 0)
		*out = 1;
	else if (strcmp(s, "alert") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* The RADIUS settings of a row of PROFILE_COLS. A name this program does
 * not know is an error, as for a SIM's state: a default could loosen what
 * the operator asked for. */
static int
profile_read_radius(sqlite3_stmt *stmt, struct profile_radius *r)
{
	if (imei_policy_parse(store_sqlite_col_ref(stmt, 5),
		&r->imei_policy) != 0 ||
	    imei_match_parse(store_sqlite_col_ref(stmt, 6), &r->imei_match) !=
		0 ||
	    mismatch_parse(store_sqlite_col_ref(stmt, 7),
		&r->imei_mismatch_reject) != 0)
		return -1;
	r->session_timeout = sqlite3_column_int64(stmt, 8);
	r->interim_interval = sqlite3_column_int64(stmt, 9);
	return 0;
}

static int
profile_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct profile_each *e = ctx;
	struct profile p;

	memset(&p, 0, sizeof(p));
	store_sqlite_col(stmt, 0, p.name, sizeof(p.name));
	store_sqlite_col(stmt, 1, p.description, sizeof(p.description));
	p.mud = store_sqlite_col_ref(stmt, 2);
	p.created = sqlite3_column_int64(stmt, 3);
	p.updated = sqlite3_column_int64(stmt, 4);
	if (profile_read_radius(stmt, &p.radius) != 0)
		return store_sqlite_fail(st, STORE_EIO, NULL,
		    "profile %s: unknown RADIUS setting in the store", p.name);
	return e->cb(e->arg, &p);
}

/* The profile goes to cb, whose result is returned; STORE_ENOTFOUND if
 * there is no such profile. */
int
store_profile_get(
    struct store *st, const char *name, store_profile_cb cb, void *arg)
{
	struct profile_each e = {cb, arg};
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_PROFILE_GET,
	    "SELECT " PROFILE_COLS " FROM profile WHERE name = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, name);
	return store_sqlite_one(st, stmt, rc, profile_row, &e);
}

/* Negative numbers all mean "the global setting", stored as -1. */
static int64_t
setting_or_global(int64_t v)
{
	return v < 0 ? -1 : v;
}

static int
profile_bind(sqlite3_stmt *stmt, const struct profile *p, int64_t now)
{
	const struct profile_radius *r = &p->radius;
	int rc;

	rc = store_sqlite_bind_text(stmt, 1, p->name);
	rc |= store_sqlite_bind_text(stmt, 2, p->description);
	rc |= store_sqlite_bind_text(stmt, 3, p->mud);
	rc |= sqlite3_bind_int64(stmt, 4, now);
	rc |= store_sqlite_bind_text(stmt, 5, imei_policy_name(r->imei_policy));
	rc |= store_sqlite_bind_text(stmt, 6, imei_match_name(r->imei_match));
	rc |= store_sqlite_bind_text(
	    stmt, 7, mismatch_name(r->imei_mismatch_reject));
	rc |= sqlite3_bind_int64(stmt, 8, setting_or_global(r->session_timeout));
	rc |= sqlite3_bind_int64(
	    stmt, 9, setting_or_global(r->interim_interval));
	return rc;
}

/*
 * Create the profile, or replace its description, document and RADIUS
 * settings. *created (if not NULL) says which happened. Outside a
 * transaction two processes creating the same name at once can see
 * STORE_ECONFLICT in one of them. A fixed IMEI policy is refused
 * (STORE_EINVAL naming imei_policy): a profile holds no IMEI to fix.
 */
int
store_profile_put(struct store *st, const struct profile *p, int *created)
{
	sqlite3_stmt *upd, *ins;
	int64_t now = store_sqlite_now();
	int ret, isnew = 0;

	upd = store_sqlite_stmt(st, STMT_PROFILE_UPDATE,
	    "UPDATE profile SET description = ?2, mud = ?3, updated = ?4, "
	    "imei_policy = ?5, imei_match = ?6, imei_mismatch = ?7, "
	    "session_timeout = ?8, interim_interval = ?9 WHERE name = ?1");
	ins = store_sqlite_stmt(st, STMT_PROFILE_INSERT,
	    "INSERT INTO profile (" PROFILE_COLS ") "
	    "VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (upd == NULL || ins == NULL)
		return STORE_EIO;
	ret = store_sqlite_change(st, upd, profile_bind(upd, p, now));
	if (ret == STORE_ENOTFOUND) {
		isnew = 1;
		ret =
		    store_sqlite_exec(st, ins, profile_bind(ins, p, now), NULL);
	}
	if (created != NULL)
		*created = ret == 0 && isnew;
	return ret;
}

/*
 * The delete and the check that nothing uses the profile are one
 * statement, so a SIM cannot take the profile between the two. Only when
 * it deletes nothing is the reason looked up.
 */
int
store_profile_delete(
    struct store *st, const char *name, struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	char user[64];
	int ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, STMT_PROFILE_DELETE,
	    "DELETE FROM profile WHERE name = ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM sim WHERE profile = ?1) "
	    "AND NOT EXISTS (SELECT 1 FROM device WHERE profile = ?1)");
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	ret = store_sqlite_change(
	    st, stmt, store_sqlite_bind_text(stmt, 1, name));
	if (ret == 0)
		return 0;
	if (ret != STORE_ENOTFOUND)
		return store_sqlite_errcopy(st, ret, err);
	snprintf(err->field, sizeof(err->field), "profile");
	ret = store_sqlite_lookup(st, STMT_PROFILE_USER,
	    "SELECT 'SIM ' || iccid FROM sim WHERE profile = ?1 UNION ALL "
	    "SELECT 'device ' || id FROM device WHERE profile = ?1 LIMIT 1",
	    name, user, sizeof(user));
	if (ret == 1)
		return store_sqlite_fail(st, STORE_ECONFLICT, err,
		    "profile %s is still used by %s", name, user);
	if (ret == 0)
		return store_sqlite_fail(
		    st, STORE_ENOTFOUND, err, "no profile %s", name);
	return store_sqlite_errcopy(st, ret, err);
}

int
store_profile_list(struct store *st, store_profile_cb cb, void *arg)
{
	struct profile_each e = {cb, arg};
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_PROFILE_LIST,
	    "SELECT " PROFILE_COLS " FROM profile ORDER BY name");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_each(st, stmt, SQLITE_OK, profile_row, &e);
}

/* Events */

int
store_event_add(struct store *st, const struct event *e, int64_t *id)
{
	sqlite3_stmt *stmt;
	const char *ev = e->evidence, *resp = e->response;
	int rc, ret;

	stmt = store_sqlite_stmt(st, STMT_EVENT_ADD,
	    "INSERT INTO event (created, type, severity, subject, "
	    "window_start, window_end, evidence, response, status, acked_by, "
	    "acked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(
	    stmt, 1, e->created != 0 ? e->created : store_sqlite_now());
	rc |= store_sqlite_bind_text(stmt, 2, e->type);
	rc |= store_sqlite_bind_text(stmt, 3, event_severity_name(e->severity));
	rc |= store_sqlite_bind_text(stmt, 4, e->subject);
	rc |= sqlite3_bind_int64(stmt, 5, e->window_start);
	rc |= sqlite3_bind_int64(stmt, 6, e->window_end);
	rc |= store_sqlite_bind_text(stmt, 7, ev != NULL && *ev ? ev : "{}");
	rc |= store_sqlite_bind_text(stmt, 8, *resp != '\0' ? resp : "none");
	rc |= store_sqlite_bind_text(stmt, 9, event_status_name(e->status));
	rc |= store_sqlite_bind_opt(stmt, 10, e->acked_by);
	rc |= sqlite3_bind_int64(stmt, 11, e->acked_at);
	ret = store_sqlite_exec(st, stmt, rc, NULL);
	if (ret == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return ret;
}

static int
event_read(struct store *st, sqlite3_stmt *stmt, struct event *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(stmt, 0);
	e->created = sqlite3_column_int64(stmt, 1);
	store_sqlite_col(stmt, 2, e->type, sizeof(e->type));
	store_sqlite_col(stmt, 4, e->subject, sizeof(e->subject));
	e->window_start = sqlite3_column_int64(stmt, 5);
	e->window_end = sqlite3_column_int64(stmt, 6);
	e->evidence = store_sqlite_col_ref(stmt, 7);
	store_sqlite_col(stmt, 8, e->response, sizeof(e->response));
	store_sqlite_col(stmt, 10, e->acked_by, sizeof(e->acked_by));
	e->acked_at = sqlite3_column_int64(stmt, 11);
	if (event_severity_parse(store_sqlite_col_ref(stmt, 3), &e->severity) !=
	        0 ||
	    event_status_parse(store_sqlite_col_ref(stmt, 9), &e->status) != 0)
		return store_sqlite_fail(st, STORE_EIO, NULL,
		    "event %lld: unknown severity or status in the store",
		    (long long)e->id);
	return 0;
}

static int
event_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct event_each *each = ctx;
	struct event e;
	int ret;

	ret = event_read(st, stmt, &e);
	if (ret != 0)
		return ret;
	return each->cb(each->arg, &e);
}

/* The event goes to cb, whose result is returned; STORE_ENOTFOUND if
 * there is no such event. */
int
store_event_get(struct store *st, int64_t id, store_event_cb cb, void *arg)
{
	struct event_each e = {cb, arg};
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_EVENT_GET,
	    "SELECT " EVENT_COLS " FROM event WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, id);
	return store_sqlite_one(st, stmt, rc, event_row, &e);
}

/*
 * Only an open event changes: acknowledging it again keeps the first
 * acknowledgement, and a resolved event stays resolved. The row still
 * counts as matched, so STORE_ENOTFOUND means there is no such event.
 */
int
store_event_ack(struct store *st, int64_t id, const char *by)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_EVENT_ACK,
	    "UPDATE event SET "
	    "acked_by = CASE status WHEN 'open' THEN ?2 ELSE acked_by END, "
	    "acked_at = CASE status WHEN 'open' THEN ?3 ELSE acked_at END, "
	    "status = CASE status WHEN 'open' THEN 'acknowledged' "
	    "ELSE status END WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, id);
	rc |= store_sqlite_bind_text(stmt, 2, by);
	rc |= sqlite3_bind_int64(stmt, 3, store_sqlite_now());
	return store_sqlite_change(st, stmt, rc);
}

static unsigned
event_mask(const struct event_filter *f)
{
	unsigned mask = 0;

	if (f->status >= 0)
		mask |= 1u << 0;
	if (f->severity >= 0)
		mask |= 1u << 1;
	if (f->type[0] != '\0')
		mask |= 1u << 2;
	if (f->subject[0] != '\0')
		mask |= 1u << 3;
	if (f->before > 0)
		mask |= 1u << 4;
	return mask;
}

static int
event_list_bind(sqlite3_stmt *stmt, const struct event_filter *f,
    const char *sevs, unsigned mask)
{
	int rc = 0;

	if (mask & (1u << 0))
		rc |= store_sqlite_bind_name(stmt, ":status",
		    event_status_name((enum event_status)f->status));
	if (mask & (1u << 1))
		rc |= store_sqlite_bind_name(stmt, ":sevs", sevs);
	if (mask & (1u << 2))
		rc |= store_sqlite_bind_name(stmt, ":type", f->type);
	if (mask & (1u << 3))
		rc |= store_sqlite_bind_name(stmt, ":subject", f->subject);
	if (mask & (1u << 4))
		rc |= store_sqlite_bind_name_int(stmt, ":before", f->before);
	rc |= store_sqlite_bind_name_int(stmt, ":limit", store_sqlite_limit(f->limit));
	return rc;
}

/* Newest first; a limit of 0 is none. */
int
store_event_list(struct store *st, const struct event_filter *f,
    store_event_cb cb, void *arg)
{
	struct event_each e = {cb, arg};
	sqlite3_stmt *stmt;
	char sevs[64];
	unsigned mask = event_mask(f);
	int rc;

	sevs[0] = '\0';
	if (mask & (1u << 1))
		store_sqlite_severities(f->severity, sevs, sizeof(sevs));
	stmt = store_sqlite_variant(st, STMT_EVENT_LIST, &event_query, mask);
	if (stmt == NULL)
		return STORE_EIO;
	rc = event_list_bind(stmt, f, sevs, mask);
	return store_sqlite_each(st, stmt, rc, event_row, &e);
}

/* Audit */

int
store_audit_add(struct store *st, const struct audit_entry *a)
{
	sqlite3_stmt *stmt;
	const char *reason = a->reason, *details = a->details;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_AUDIT_ADD,
	    "INSERT INTO audit (ts, actor, action, object, reason, details) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(
	    stmt, 1, a->ts != 0 ? a->ts : store_sqlite_now());
	rc |= store_sqlite_bind_text(stmt, 2, a->actor);
	rc |= store_sqlite_bind_text(stmt, 3, a->action);
	rc |= store_sqlite_bind_text(stmt, 4, a->object);
	rc |= store_sqlite_bind_text(stmt, 5, reason != NULL ? reason : "");
	rc |= store_sqlite_bind_text(
	    stmt, 6, details != NULL && *details != '\0' ? details : "{}");
	return store_sqlite_exec(st, stmt, rc, NULL);
}

static int
audit_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct audit_each *e = ctx;
	struct audit_entry a;

	(void)st;
	memset(&a, 0, sizeof(a));
	a.id = sqlite3_column_int64(stmt, 0);
	a.ts = sqlite3_column_int64(stmt, 1);
	store_sqlite_col(stmt, 2, a.actor, sizeof(a.actor));
	store_sqlite_col(stmt, 3, a.action, sizeof(a.action));
	store_sqlite_col(stmt, 4, a.object, sizeof(a.object));
	a.reason = store_sqlite_col_ref(stmt, 5);
	a.details = store_sqlite_col_ref(stmt, 6);
	return e->cb(e->arg, &a);
}

/* Newest first; a limit of 0 is none. */
int
store_audit_list(struct store *st, const struct audit_filter *f,
    store_audit_cb cb, void *arg)
{
	struct audit_each e = {cb, arg};
	sqlite3_stmt *stmt;
	unsigned mask = 0;
	int rc = 0;

	if (f->object[0] != '\0')
		mask |= 1u << 0;
	if (f->actor[0] != '\0')
		mask |= 1u << 1;
	if (f->before > 0)
		mask |= 1u << 2;
	stmt = store_sqlite_variant(st, STMT_AUDIT_LIST, &audit_query, mask);
	if (stmt == NULL)
		return STORE_EIO;
	if (mask & (1u << 0))
		rc |= store_sqlite_bind_name(stmt, ":object", f->object);
	if (mask & (1u << 1))
		rc |= store_sqlite_bind_name(stmt, ":actor", f->actor);
	if (mask & (1u << 2))
		rc |= store_sqlite_bind_name_int(stmt, ":before", f->before);
	rc |= store_sqlite_bind_name_int(stmt, ":limit", store_sqlite_limit(f->limit));
	return store_sqlite_each(st, stmt, rc, audit_row, &e);
}

/* Tokens */

int
store_token_add(struct store *st, const char *name, enum role role,
    const uint8_t hash[TOKEN_HASH_LEN], const char *created_by, int64_t *id,
    struct store_error *err)
{
	struct store_error scratch;
	sqlite3_stmt *stmt;
	int rc, ret;

	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof(*err));
	stmt = store_sqlite_stmt(st, STMT_TOKEN_ADD,
	    "INSERT INTO token (name, role, hash, created, created_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)");
	if (stmt == NULL)
		return store_sqlite_errcopy(st, STORE_EIO, err);
	rc = store_sqlite_bind_text(stmt, 1, name);
	rc |= store_sqlite_bind_text(stmt, 2, role_name(role));
	rc |= sqlite3_bind_blob(stmt, 3, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	rc |= sqlite3_bind_int64(stmt, 4, store_sqlite_now());
	rc |= store_sqlite_bind_text(stmt, 5, created_by);
	ret = store_sqlite_exec(st, stmt, rc, err);
	if (ret == STORE_ECONFLICT && strcmp(err->field, "name") == 0)
		store_sqlite_fail(st, 0, err, "token %s already exists", name);
	if (ret == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return ret;
}

static int
token_read(struct store *st, sqlite3_stmt *stmt, struct token_info *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(stmt, 0);
	store_sqlite_col(stmt, 1, t->name, sizeof(t->name));
	t->created = sqlite3_column_int64(stmt, 3);
	store_sqlite_col(stmt, 4, t->created_by, sizeof(t->created_by));
	t->revoked = sqlite3_column_int(stmt, 5) != 0;
	if (role_parse(store_sqlite_col_ref(stmt, 2), &t->role) != 0)
		return store_sqlite_fail(st, STORE_EIO, NULL,
		    "token %lld: unknown role in the store", (long long)t->id);
	return 0;
}

static int
token_find_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	return token_read(st, stmt, ctx);
}

int
store_token_find(struct store *st, const uint8_t hash[TOKEN_HASH_LEN],
    struct token_info *out)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_TOKEN_FIND,
	    "SELECT " TOKEN_COLS " FROM token WHERE hash = ?1 AND revoked = 0");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_blob(stmt, 1, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	return store_sqlite_one(st, stmt, rc, token_find_row, out);
}

/* Revoking a revoked token again is not an error. */
int
store_token_revoke(struct store *st, int64_t id)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_TOKEN_REVOKE,
	    "UPDATE token SET revoked = 1 WHERE id = ?1");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_bind_int64(stmt, 1, id);
	return store_sqlite_change(st, stmt, rc);
}

static int
token_list_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct token_each *e = ctx;
	struct token_info t;
	int ret;

	ret = token_read(st, stmt, &t);
	if (ret != 0)
		return ret;
	return e->cb(e->arg, &t);
}

int
store_token_list(struct store *st, store_token_cb cb, void *arg)
{
	struct token_each e = {cb, arg};
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_TOKEN_LIST,
	    "SELECT " TOKEN_COLS " FROM token ORDER BY id");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_each(st, stmt, SQLITE_OK, token_list_row, &e);
}
