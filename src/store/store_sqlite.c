/*
 * The SQLite store: connection set-up, schema migrations, transactions,
 * error mapping and the helpers the other store_sqlite*.c files share.
 */
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_sqlite.h"

#include "migrations.h"

#define BUSY_TIMEOUT_MS 5000
#define NMIGRATIONS                                                            \
	((int)(sizeof(store_migrations) / sizeof(store_migrations[0])))

static const char *const status_names[] = {"open", "acknowledged", "resolved"};
#define NSTATUS ((int)(sizeof(status_names) / sizeof(status_names[0])))

/* strlcpy(), which glibc lacks before 2.38. */
static void
copy(char *dst, size_t dstsz, const char *src)
{
	size_t n = strnlen(src, dstsz - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

sqlite3_stmt *
store_sqlite_stmt(struct store *st, enum store_stmt id, const char *sql)
{
	int rc;

	if (st->stmt[id] != NULL)
		return st->stmt[id];
	rc = sqlite3_prepare_v3(
	    st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[id], NULL);
	if (rc != SQLITE_OK) {
		store_sqlite_error(st, rc, NULL);
		st->stmt[id] = NULL;
	}
	return st->stmt[id];
}

int
store_sqlite_fail(
    struct store *st, int code, struct store_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
	va_end(ap);
	if (err != NULL)
		copy(err->msg, sizeof(err->msg), st->errmsg);
	return code;
}

int
store_sqlite_errcopy(struct store *st, int code, struct store_error *err)
{
	if (err != NULL)
		copy(err->msg, sizeof(err->msg), st->errmsg);
	return code;
}

/*
 * The column a constraint message names: "UNIQUE constraint failed:
 * sim.static_ip" gives "static_ip", "CHECK constraint failed: state =
 * 'active' OR ..." gives "state"; a composite key gives its first column
 * and a FOREIGN KEY failure, which names none, gives "".
 */
static void
constraint_field(const char *msg, char *out, size_t outsz)
{
	const char *p = strstr(msg, "failed: ");
	size_t n;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen("failed: ");
	n = strcspn(p, "., ");
	if (p[n] == '.') {
		p += n + 1;
		n = strcspn(p, ", ");
	}
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static int
constraint_code(int rc)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return STORE_ECONFLICT;
	return STORE_EINVAL;
}

int
store_sqlite_error(struct store *st, int rc, struct store_error *err)
{
	int code = STORE_EIO;

	st->last_rc = rc;
	copy(st->errmsg, sizeof(st->errmsg), sqlite3_errmsg(st->db));
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		code = STORE_EBUSY;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		code = constraint_code(rc);
	if (err == NULL)
		return code;
	memset(err, 0, sizeof(*err));
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		constraint_field(st->errmsg, err->field, sizeof(err->field));
	if (code == STORE_ECONFLICT)
		snprintf(err->msg, sizeof(err->msg), "%s is already in use",
		    err->field);
	else
		copy(err->msg, sizeof(err->msg), st->errmsg);
	return code;
}

void
store_sqlite_reset(sqlite3_stmt *stmt)
{
	/* reset repeats the step's error, which the caller has already seen */
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

static int
bind_failed(struct store *st, sqlite3_stmt *stmt)
{
	store_sqlite_reset(stmt);
	return store_sqlite_fail(st, STORE_EIO, NULL,
	    "cannot bind parameters: %s", sqlite3_errmsg(st->db));
}

int
store_sqlite_exec(
    struct store *st, sqlite3_stmt *stmt, int bindrc, struct store_error *err)
{
	int rc, ret = 0;

	if (bindrc != SQLITE_OK)
		return bind_failed(st, stmt);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = store_sqlite_error(st, rc, err);
	store_sqlite_reset(stmt);
	return ret;
}

int
store_sqlite_change(struct store *st, sqlite3_stmt *stmt, int bindrc)
{
	int ret;

	ret = store_sqlite_exec(st, stmt, bindrc, NULL);
	if (ret == 0 && sqlite3_changes(st->db) == 0)
		ret = store_sqlite_fail(st, STORE_ENOTFOUND, NULL, "not found");
	return ret;
}

int
store_sqlite_each(struct store *st, sqlite3_stmt *stmt, int bindrc,
    store_sqlite_row_fn fn, void *ctx)
{
	int rc, ret = 0;

	if (bindrc != SQLITE_OK)
		return bind_failed(st, stmt);
	for (;;) {
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW)
			break;
		ret = fn(st, stmt, ctx);
		if (ret != 0)
			goto out;
	}
	if (rc != SQLITE_DONE)
		ret = store_sqlite_error(st, rc, NULL);
out:
	store_sqlite_reset(stmt);
	return ret;
}

int
store_sqlite_one(struct store *st, sqlite3_stmt *stmt, int bindrc,
    store_sqlite_row_fn fn, void *ctx)
{
	int rc, ret;

	if (bindrc != SQLITE_OK)
		return bind_failed(st, stmt);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		ret = fn(st, stmt, ctx);
	else if (rc == SQLITE_DONE)
		ret = store_sqlite_fail(st, STORE_ENOTFOUND, NULL, "not found");
	else
		ret = store_sqlite_error(st, rc, NULL);
	store_sqlite_reset(stmt);
	return ret;
}

int
store_sqlite_lookup(struct store *st, enum store_stmt id, const char *sql,
    const char *param, char *out, size_t outsz)
{
	sqlite3_stmt *stmt;
	int rc, ret = 0;

	out[0] = '\0';
	stmt = store_sqlite_stmt(st, id, sql);
	if (stmt == NULL)
		return STORE_EIO;
	if (store_sqlite_bind_text(stmt, 1, param) != SQLITE_OK)
		return bind_failed(st, stmt);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_sqlite_col(stmt, 0, out, outsz);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = store_sqlite_error(st, rc, NULL);
	store_sqlite_reset(stmt);
	return ret;
}

static void
append(char *buf, size_t bufsz, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n < bufsz)
		memcpy(buf + *len, s, n + 1);
	*len += n;
}

/* Build the SQL for one variant; all values stay parameters. */
sqlite3_stmt *
store_sqlite_variant(struct store *st, enum store_stmt base,
    const struct store_sqlite_query *q, unsigned mask)
{
	char sql[2048];
	size_t len = 0;
	unsigned i, n = 0;

	if (st->stmt[base + mask] != NULL)
		return st->stmt[base + mask];
	sql[0] = '\0';
	append(sql, sizeof(sql), &len, q->head);
	for (i = 0; i < q->nclauses; i++) {
		if ((mask & (1u << i)) == 0)
			continue;
		append(sql, sizeof(sql), &len, n++ == 0 ? " WHERE " : " AND ");
		append(sql, sizeof(sql), &len, q->clauses[i]);
	}
	append(sql, sizeof(sql), &len, " ");
	append(sql, sizeof(sql), &len, q->tail);
	if (len >= sizeof(sql)) {
		store_sqlite_fail(st, STORE_EIO, NULL, "query too long");
		return NULL;
	}
	return store_sqlite_stmt(st, (enum store_stmt)(base + mask), sql);
}

/*
 * Binding with SQLITE_STATIC copies and allocates nothing: the caller's
 * strings outlive the step, and the statement is reset before returning.
 */
int
store_sqlite_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	return sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

int
store_sqlite_bind_opt(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

int
store_sqlite_bind_name(sqlite3_stmt *stmt, const char *name, const char *s)
{
	return store_sqlite_bind_text(
	    stmt, sqlite3_bind_parameter_index(stmt, name), s);
}

int
store_sqlite_bind_name_int(sqlite3_stmt *stmt, const char *name, int64_t v)
{
	return sqlite3_bind_int64(
	    stmt, sqlite3_bind_parameter_index(stmt, name), v);
}

void
store_sqlite_col(sqlite3_stmt *stmt, int i, char *dst, size_t dstsz)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);
	size_t n = (size_t)sqlite3_column_bytes(stmt, i);

	if (s == NULL)
		n = 0;
	if (n >= dstsz)
		n = dstsz - 1;
	if (n > 0)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

const char *
store_sqlite_col_ref(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return s != NULL ? (const char *)s : "";
}

int64_t
store_sqlite_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
store_sqlite_limit(unsigned limit)
{
	return limit != 0 ? (int64_t)limit : -1;
}

void
store_sqlite_severities(int min, char *out, size_t outsz)
{
	size_t len = 0;
	int s;

	out[0] = '\0';
	for (s = min; s < SEV_COUNT && len < outsz; s++)
		len += (size_t)snprintf(out + len, outsz - len, " %s",
		    event_severity_name((enum event_severity)s));
	if (len + 1 < outsz)
		memcpy(out + len, " ", 2);
}

/* PRAGMA user_version, or a negative STORE_E* code. */
static int
user_version(struct store *st)
{
	sqlite3_stmt *stmt;
	int rc, v;

	stmt = store_sqlite_stmt(st, STMT_VERSION, "PRAGMA user_version");
	if (stmt == NULL)
		return STORE_EIO;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		v = store_sqlite_error(st, rc, NULL);
		goto out;
	}
	v = sqlite3_column_int(stmt, 0);
	if (v < 0)
		v = 0;
out:
	store_sqlite_reset(stmt);
	return v;
}

static int
exec_sql(struct store *st, const char *sql)
{
	int rc;

	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_sqlite_error(st, rc, NULL);
	return 0;
}

static int
too_new(struct store *st, int v)
{
	return store_sqlite_fail(st, STORE_EVERSION, NULL,
	    "schema version %d is newer than this program knows (%d); "
	    "upgrade airlock",
	    v, NMIGRATIONS);
}

/*
 * Apply the next migration, if any, inside a write transaction the caller
 * holds. The version is read under the lock, so two processes opening a
 * new file at once apply each migration exactly once.
 */
static int
migrate_one(struct store *st, int *done)
{
	char sql[64];
	int v, ret;

	v = user_version(st);
	if (v < 0)
		return v;
	if (v > NMIGRATIONS)
		return too_new(st, v);
	if (v == NMIGRATIONS) {
		*done = 1;
		return 0;
	}
	ret = exec_sql(st, store_migrations[v]);
	if (ret != 0)
		return ret;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
	return exec_sql(st, sql);
}

/* Bring the file to the newest version, one transaction per migration.
 * An up-to-date file is only read, so opening never waits for a writer. */
static int
migrate(struct store *st)
{
	int v, ret, done;

	v = user_version(st);
	if (v < 0)
		return v;
	if (v > NMIGRATIONS)
		return too_new(st, v);
	done = v == NMIGRATIONS;
	while (!done) {
		ret = store_begin(st);
		if (ret != 0)
			return ret;
		ret = migrate_one(st, &done);
		if (ret == 0)
			ret = store_commit(st);
		if (ret != 0) {
			store_rollback(st);
			return ret;
		}
	}
	return 0;
}

/* WAL lets readers in other processes go on while one process writes. */
static int
set_wal(struct store *st)
{
	sqlite3_stmt *stmt = NULL;
	const char *mode;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(
	    st->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		ret = store_sqlite_error(st, rc, NULL);
		goto out;
	}
	mode = store_sqlite_col_ref(stmt, 0);
	if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)
		ret = store_sqlite_fail(st, STORE_EIO, NULL,
		    "cannot use WAL journal (got %s)", mode);
out:
	sqlite3_finalize(stmt);
	return ret;
}

/* Reads go through a shared memory map of the file: no read() per page
 * and no private copy per connection, which matters with one connection
 * per API thread on a fleet of a million SIMs. */
#define STORE_MMAP_SIZE "4294967296"

static int
configure(struct store *st)
{
	int ret;

	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	ret = set_wal(st);
	if (ret != 0)
		return ret;
	return exec_sql(
	    st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
		"PRAGMA mmap_size = " STORE_MMAP_SIZE);
}

/* SQLite's allocation statistics take one global mutex on every malloc,
 * which the API's threads would contend for; nothing here reads them. Only
 * possible before SQLite initialises, hence on the first open. */
static void
sqlite_global_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *
store_open(const char *path, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct store *st;
	int rc, ret;

	pthread_once(&once, sqlite_global_config);

	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	rc = sqlite3_open_v2(path, &st->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	ret = rc == SQLITE_OK ? 0 : store_sqlite_error(st, rc, NULL);
	if (ret == 0)
		ret = configure(st);
	if (ret == 0)
		ret = migrate(st);
	if (ret != 0) {
		snprintf(err, errlen, "%s: %s", path, st->errmsg);
		store_free(st);
		st = NULL;
	}
	return st;
}

void
store_free(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st);
}

const char *
store_errmsg(struct store *st)
{
	return st->errmsg;
}

int
store_schema_version(struct store *st)
{
	return user_version(st);
}

const char *
event_status_name(enum event_status s)
{
	if ((unsigned)s >= NSTATUS)
		return "unknown";
	return status_names[s];
}

int
event_status_parse(const char *s, enum event_status *out)
{
	int i;

	for (i = 0; i < NSTATUS; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum event_status)i;
			return 0;
		}
	}
	return STORE_EINVAL;
}

int
store_begin(struct store *st)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_BEGIN, "BEGIN IMMEDIATE");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_exec(st, stmt, SQLITE_OK, NULL);
}

int
store_commit(struct store *st)
{
	sqlite3_stmt *stmt;

	stmt = store_sqlite_stmt(st, STMT_COMMIT, "COMMIT");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_exec(st, stmt, SQLITE_OK, NULL);
}

/* Safe to call when no transaction is open (SQLite may have rolled back
 * already after an I/O error), so cleanup paths can call it blindly. */
int
store_rollback(struct store *st)
{
	sqlite3_stmt *stmt;

	if (sqlite3_get_autocommit(st->db))
		return 0;
	stmt = store_sqlite_stmt(st, STMT_ROLLBACK, "ROLLBACK");
	if (stmt == NULL)
		return STORE_EIO;
	return store_sqlite_exec(st, stmt, SQLITE_OK, NULL);
}

/*
 * A bulk write (an import of a million SIMs in random ICCID order) touches
 * every page of the table and its indexes; with SQLite's default 2 MB cache
 * each insert then reads and writes pages through the journal. During the
 * import the cache is made large enough to hold the working set, and given
 * back afterwards.
 */
#define BULK_CACHE_KIB "524288"
#define NORMAL_CACHE_KIB "2000"

void
store_busy_timeout(struct store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

int
store_bulk(struct store *st, int on)
{
	int ret;

	ret = exec_sql(st, on ? "PRAGMA cache_size = -" BULK_CACHE_KIB
			      : "PRAGMA cache_size = -" NORMAL_CACHE_KIB);
	if (!on)
		sqlite3_db_release_memory(st->db);
	return ret;
}

int
store_batch_writer(struct store *st)
{
	/* 16,384 pages (64 MiB at 4 KiB) between checkpoints: a checkpoint
	 * syncs the files, and one per few batches would leave the writer
	 * waiting on the disk more than working. */
	return exec_sql(st, "PRAGMA cache_size = -" BULK_CACHE_KIB "; "
			    "PRAGMA wal_autocheckpoint = 16384");
}

static int
count_sims_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct store_counts *out = ctx;
	enum sim_state s;

	(void)st;
	if (sim_state_parse(store_sqlite_col_ref(stmt, 0), &s) == 0 &&
	    (unsigned)s < SIM_STATE_COUNT)
		out->sims_by_state[s] = (uint64_t)sqlite3_column_int64(stmt, 1);
	return 0;
}

static int
count_other_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct store_counts *out = ctx;

	(void)st;
	out->devices = (uint64_t)sqlite3_column_int64(stmt, 0);
	out->profiles = (uint64_t)sqlite3_column_int64(stmt, 1);
	out->events_open = (uint64_t)sqlite3_column_int64(stmt, 2);
	return 0;
}

int
store_counts(struct store *st, struct store_counts *out)
{
	sqlite3_stmt *sims, *other;
	int ret;

	memset(out, 0, sizeof(*out));
	sims = store_sqlite_stmt(st, STMT_COUNT_SIMS,
	    "SELECT state, count(*) FROM sim GROUP BY state");
	other = store_sqlite_stmt(st, STMT_COUNT_OTHER,
	    "SELECT (SELECT count(*) FROM device), "
	    "(SELECT count(*) FROM profile), "
	    "(SELECT count(*) FROM event WHERE status = 'open')");
	if (sims == NULL || other == NULL)
		return STORE_EIO;
	ret = store_sqlite_each(st, sims, SQLITE_OK, count_sims_row, out);
	if (ret == 0)
		ret = store_sqlite_each(
		    st, other, SQLITE_OK, count_other_row, out);
	return ret;
}
