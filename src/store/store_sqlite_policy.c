/*
 * The device zone's counters (migration 0003): what the enforcer reads
 * from the kernel's dynamic sets, summed per address and day.
 */
#include "store/store_sqlite.h"

int
store_exposure_add(struct store *st, const char *addr, int64_t day,
    uint64_t blocked, uint64_t violations)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_EXPOSURE_ADD,
	    "INSERT INTO exposure (addr, day, blocked, violations) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (addr, day) DO UPDATE SET "
	    "blocked = blocked + excluded.blocked, "
	    "violations = violations + excluded.violations");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= sqlite3_bind_int64(stmt, 2, day);
	rc |= sqlite3_bind_int64(stmt, 3, (int64_t)(blocked & INT64_MAX));
	rc |= sqlite3_bind_int64(stmt, 4, (int64_t)(violations & INT64_MAX));
	return store_sqlite_exec(st, stmt, rc, NULL);
}

struct exposure_each {
	store_exposure_cb cb;
	void *arg;
};

static int
exposure_row(struct store *st, sqlite3_stmt *stmt, void *ctx)
{
	struct exposure_each *e = ctx;

	(void)st;
	return e->cb(e->arg, sqlite3_column_int64(stmt, 0),
	    (uint64_t)sqlite3_column_int64(stmt, 1),
	    (uint64_t)sqlite3_column_int64(stmt, 2));
}

int
store_exposure_list(struct store *st, const char *addr, int64_t from_day,
    store_exposure_cb cb, void *arg)
{
	struct exposure_each e = {cb, arg};
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_sqlite_stmt(st, STMT_EXPOSURE_LIST,
	    "SELECT day, blocked, violations FROM exposure "
	    "WHERE addr = ?1 AND day >= ?2 ORDER BY day");
	if (stmt == NULL)
		return STORE_EIO;
	rc = store_sqlite_bind_text(stmt, 1, addr);
	rc |= sqlite3_bind_int64(stmt, 2, from_day);
	return store_sqlite_each(st, stmt, rc, exposure_row, &e);
}
