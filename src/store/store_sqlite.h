/*
 * Private to the SQLite backend (store_sqlite*.c): the connection, its cache
 * of prepared statements and the helpers the four files share. Nothing
 * outside src/store/ includes this.
 *
 * Statements are prepared on first use, kept for the life of the connection
 * and reset (bindings cleared) after every use, so that a hot call such as
 * store_sim_insert() costs one bind and one step. Listings whose WHERE
 * clause depends on the filter get one cached statement per combination of
 * filter fields present; the SQL for each is built once, with parameters
 * only.
 */
#ifndef AIRLOCK_STORE_SQLITE_H
#define AIRLOCK_STORE_SQLITE_H

#include <sqlite3.h>

#include "store/store.h"

#define SIM_LIST_VARIANTS 64   /* 6 optional sim_filter fields */
#define EVENT_LIST_VARIANTS 32 /* 5 optional event_filter fields */
#define AUDIT_LIST_VARIANTS 8  /* 3 optional audit_filter fields */
#define SESSION_LIST_VARIANTS 8 /* 3 optional session_filter fields */
#define FINDING_LIST_VARIANTS 128 /* 7 optional finding_filter clauses */

enum store_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_VERSION,
	STMT_COUNT_SIMS,
	STMT_COUNT_OTHER,
	STMT_SIM_GET,
	STMT_SIM_INSERT,
	STMT_SIM_UPSERT,
	STMT_SIM_UPDATE,
	STMT_SIM_STATE,
	STMT_SIM_DELETE,
	STMT_SIM_HOLDER_IMSI,
	STMT_SIM_HOLDER_MSISDN,
	STMT_SIM_HOLDER_IP,
	STMT_DEVICE_GET,
	STMT_DEVICE_INSERT,
	STMT_DEVICE_UPDATE,
	STMT_DEVICE_DELETE,
	STMT_DEVICE_STATE,
	STMT_DEVICE_BY_IP,
	STMT_DEVICE_LIST,
	STMT_DEVICE_HOLDER_SIM,
	STMT_DEVICE_HOLDER_MAC,
	STMT_DEVICE_HOLDER_IP,
	STMT_PROFILE_GET,
	STMT_PROFILE_INSERT,
	STMT_PROFILE_UPDATE,
	STMT_PROFILE_DELETE,
	STMT_PROFILE_USER,
	STMT_PROFILE_LIST,
	STMT_EVENT_ADD,
	STMT_EVENT_GET,
	STMT_EVENT_ACK,
	STMT_AUDIT_ADD,
	STMT_TOKEN_ADD,
	STMT_TOKEN_FIND,
	STMT_TOKEN_REVOKE,
	STMT_TOKEN_LIST,
	STMT_SESSION_PUT,
	STMT_SESSION_PRUNE,
	STMT_USAGE_ADD,
	STMT_USAGE_LIST_ONE,
	STMT_USAGE_LIST_ALL,
	STMT_SIM_LEARN_IMEI,
	STMT_SIM_SEEN,
	STMT_SIM_SEEN_TIME,
	STMT_JOURNAL_SESSION,
	STMT_JOURNAL_USAGE,
	STMT_FOLD_SESSIONS,
	STMT_FOLD_USAGE,
	STMT_FOLD_CLEAR_SESSIONS,
	STMT_FOLD_CLEAR_USAGE,
	STMT_FOLD_LEFT,
	STMT_SIM_BINDING_GET,
	STMT_SIM_BINDING_RESET,
	STMT_SIM_POLICY,
	STMT_EXPOSURE_ADD,
	STMT_EXPOSURE_LIST,
	STMT_SCAN_QUEUE,
	STMT_SCAN_CLAIM,
	STMT_SCAN_GET,
	STMT_SCAN_LIST,
	STMT_SCAN_UPDATE,
	STMT_SCAN_ABANDON,
	STMT_SCAN_CANCEL,
	STMT_SCAN_RUNNING,
	STMT_SCAN_BUSY,
	STMT_SCAN_LAST,
	STMT_RISK_PUT,
	STMT_RISK_DOWN,
	STMT_RISK_GET,
	STMT_RISK_KNOWN,
	STMT_DEVICE_RISK,
	STMT_FINDING_SEEN,
	STMT_FINDING_FIX,
	STMT_SCAN_SUMMARY_OPEN,
	STMT_SCAN_SUMMARY_GRADES,
	STMT_SCAN_FLEET,
	STMT_SCAN_NEW_DEVICES,
	STMT_SCAN_NEW_SESSIONS,
	STMT_SIM_LIST,
	STMT_EVENT_LIST = STMT_SIM_LIST + SIM_LIST_VARIANTS,
	STMT_AUDIT_LIST = STMT_EVENT_LIST + EVENT_LIST_VARIANTS,
	STMT_SESSION_LIST = STMT_AUDIT_LIST + AUDIT_LIST_VARIANTS,
	STMT_FINDING_LIST = STMT_SESSION_LIST + SESSION_LIST_VARIANTS,
	STMT_COUNT = STMT_FINDING_LIST + FINDING_LIST_VARIANTS
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT_COUNT];
	int last_rc; /* extended SQLite code of the last failure */
	char errmsg[256];
};

/* One row of a listing, handed to a per-type reader; nonzero stops. */
typedef int (*store_sqlite_row_fn)(
    struct store *st, sqlite3_stmt *stmt, void *ctx);

/* The cached statement id, preparing sql on first use. NULL, with errmsg
 * set, if it does not prepare. */
sqlite3_stmt *store_sqlite_stmt(
    struct store *st, enum store_stmt id, const char *sql);
/* Record a failure of ours in errmsg and in err->msg if err is not NULL,
 * leaving err->field to the caller; returns code. */
int store_sqlite_fail(struct store *st, int code, struct store_error *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Copy errmsg into err->msg, if err is not NULL; returns code. */
int store_sqlite_errcopy(struct store *st, int code, struct store_error *err);
/* Map a SQLite result code to STORE_E*, keeping the message in errmsg and
 * naming the column in err->field for constraint failures. */
int store_sqlite_error(struct store *st, int rc, struct store_error *err);
/* Step a statement that returns no rows, then reset it. bindrc is the OR
 * of the sqlite3_bind_*() results, checked here so callers need not. */
int store_sqlite_exec(
    struct store *st, sqlite3_stmt *stmt, int bindrc, struct store_error *err);
/* As store_sqlite_exec(), and STORE_ENOTFOUND when no row was changed. */
int store_sqlite_change(struct store *st, sqlite3_stmt *stmt, int bindrc);
/* Call fn for each row until it returns nonzero, which is returned; reset
 * the statement in every case. */
int store_sqlite_each(struct store *st, sqlite3_stmt *stmt, int bindrc,
    store_sqlite_row_fn fn, void *ctx);
/* Call fn for the first row; STORE_ENOTFOUND if there is none. */
int store_sqlite_one(struct store *st, sqlite3_stmt *stmt, int bindrc,
    store_sqlite_row_fn fn, void *ctx);
/* The first column of the first row of a query taking one text parameter,
 * into out: 1 if there was a row, 0 if not, or a STORE_E* code. */
int store_sqlite_lookup(struct store *st, enum store_stmt id, const char *sql,
    const char *param, char *out, size_t outsz);

/* A listing whose WHERE clause has one optional term per filter field:
 * bit i of a mask selects clauses[i]. */
struct store_sqlite_query {
	const char *head;           /* "SELECT ... FROM t" */
	const char *const *clauses; /* with :named parameters */
	unsigned nclauses;
	const char *tail; /* "ORDER BY ... LIMIT :limit" */
};

/* The statement for this combination of clauses, cached at base + mask. */
sqlite3_stmt *store_sqlite_variant(struct store *st, enum store_stmt base,
    const struct store_sqlite_query *q, unsigned mask);
void store_sqlite_reset(sqlite3_stmt *stmt);
int store_sqlite_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* Bind an optional field: the empty string becomes NULL, so that UNIQUE
 * does not hold several empty values against each other. */
int store_sqlite_bind_opt(sqlite3_stmt *stmt, int i, const char *s);
int store_sqlite_bind_name(sqlite3_stmt *stmt, const char *name, const char *s);
int store_sqlite_bind_name_int(sqlite3_stmt *stmt, const char *name, int64_t v);
/* Copy a text column into dst (NULL reads as ""). Values longer than dst
 * cannot have been written through this interface; they are cut. */
void store_sqlite_col(sqlite3_stmt *stmt, int i, char *dst, size_t dstsz);
/* A text column, borrowed until the next step or reset; never NULL. */
const char *store_sqlite_col_ref(sqlite3_stmt *stmt, int i);
int64_t store_sqlite_now(void);
/* A listing's LIMIT: 0 is none (-1 to SQLite). */
int64_t store_sqlite_limit(unsigned limit);
/* " high critical ": the names of the severities from min up, each
 * between spaces, for an instr(:sevs, ' ' || severity || ' ') clause. */
void store_sqlite_severities(int min, char *out, size_t outsz);

#endif
