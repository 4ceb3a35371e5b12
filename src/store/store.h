/*
 * The store: everything durable, behind one interface so that a PostgreSQL
 * backend can stand beside the SQLite one. A struct store is one connection
 * and is used by one thread at a time; each process or thread opens its own.
 *
 * Every function returns 0 or a negative STORE_E* code. Functions that can
 * fail on the data (a conflict, a missing row) also fill a struct
 * store_error naming the field, for the API to show. Nothing here logs.
 */
#ifndef AIRLOCK_STORE_H
#define AIRLOCK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "common/severity.h"
#include "registry/device.h"
#include "registry/sim.h"
#include "registry/token.h"

enum {
	STORE_OK = 0,
	STORE_EIO = -1,	      /* the database failed; see store_errmsg() */
	STORE_ENOTFOUND = -2, /* no such row */
	STORE_ECONFLICT = -3, /* a unique key is taken; err names it */
	STORE_EBUSY = -4,     /* locked longer than the busy timeout */
	STORE_EINVAL = -5,    /* refused by a constraint; err says which */
	STORE_EVERSION = -6,  /* the file is newer than this program */
};

struct store;

struct store_error {
	char field[24];
	char msg[192];
};

enum event_status { EVENT_OPEN, EVENT_ACKNOWLEDGED, EVENT_RESOLVED };

struct event {
	int64_t id;
	int64_t created;
	char type[32];
	enum event_severity severity;
	char subject[64];
	int64_t window_start;
	int64_t window_end;
	const char *evidence; /* JSON object; borrowed, valid during a callback */
	char response[32];
	enum event_status status;
	char acked_by[64];
	int64_t acked_at;
};

struct audit_entry {
	int64_t id;
	int64_t ts;
	char actor[64];
	char action[32];	    /* "sim.create", "sim.state", "token.create"... */
	char object[64];	    /* what it acted on: an ICCID, a name, an id */
	const char *reason;  /* borrowed */
	const char *details; /* JSON object; borrowed */
};

/* A profile's RADIUS settings, for the SIMs assigned to it. A SIM's own
 * imei_policy, when not off, overrides the profile's (with the SIM's
 * imei_match). -1 means "the global setting" (airlockd.conf). */
struct profile_radius {
	enum imei_policy imei_policy;
	enum imei_match imei_match;
	int imei_mismatch_reject; /* 1 reject, 0 accept with the event, -1 */
	int64_t session_timeout;  /* seconds, -1 */
	int64_t interim_interval; /* seconds, -1 */
};

struct profile {
	char name[64];
	char description[256];
	const char *mud; /* JSON document; borrowed */
	struct profile_radius radius;
	int64_t created;
	int64_t updated;
};

/* A RADIUS accounting session, as the radius role last wrote it. */
struct session_rec {
	int64_t id;
	char nas[64];	  /* the radius-client name */
	char nas_ip[ADDR_STRLEN];
	char acct_session_id[254];
	char iccid[21];	  /* empty when no SIM matched */
	char imsi[16];
	char imei[17];
	char framed_ip[ADDR_STRLEN];
	int nsapi;	     /* -1: not sent */
	int64_t charging_id; /* -1: not sent */
	int rat_type;	     /* -1: not sent */
	int64_t started;
	int64_t updated;
	int64_t stopped;     /* 0 while open */
	int stop_cause;	     /* Acct-Terminate-Cause; 0 while open */
	uint64_t octets_in;  /* Gigawords folded in */
	uint64_t octets_out;
};

struct session_filter {
	char iccid[21]; /* empty: any */
	int open_only;
	int64_t before; /* cursor: ids lower than this; 0 = newest */
	unsigned limit;
};

/* A SIM's IMEI binding as the API shows it. */
struct sim_binding {
	enum imei_policy policy;
	enum imei_match match;
	char bound_imei[17]; /* empty: none */
	char last_imei[17];  /* the last IMEISV a NAS reported; empty: none */
	int64_t last_seen;
};

struct token_info {
	int64_t id;
	char name[64];
	enum role role;
	int64_t created;
	char created_by[64];
	int revoked;
};

/* Filters for listings. Empty strings and negative numbers mean "any".
 * Listings are ordered by key and resume after the cursor key. */
struct sim_filter {
	int state; /* enum sim_state or -1 */
	char profile[64];
	char apn[101];
	char label[128]; /* "k=v" */
	char q[24];	 /* prefix of ICCID, IMSI or MSISDN */
	char after[21];	 /* cursor: list ICCIDs greater than this */
	unsigned limit;
};

struct event_filter {
	int status;   /* enum event_status or -1 */
	int severity; /* minimum enum event_severity or -1 */
	char type[32];
	char subject[64];
	int64_t before; /* cursor: ids lower than this; 0 = newest */
	unsigned limit;
};

struct audit_filter {
	char object[64];
	char actor[64];
	int64_t before;
	unsigned limit;
};

struct store_counts {
	uint64_t sims_by_state[SIM_STATE_COUNT];
	uint64_t devices;
	uint64_t profiles;
	uint64_t events_open;
};

typedef int (*store_sim_cb)(void *arg, const struct sim *s);
typedef int (*store_event_cb)(void *arg, const struct event *e);
typedef int (*store_audit_cb)(void *arg, const struct audit_entry *a);
typedef int (*store_device_cb)(void *arg, const struct device *d);
typedef int (*store_profile_cb)(void *arg, const struct profile *p);
typedef int (*store_token_cb)(void *arg, const struct token_info *t);
typedef int (*store_session_cb)(void *arg, const struct session_rec *s);
/* One day's usage of one SIM; day is days since 1970-01-01 (UTC). */
typedef int (*store_usage_cb)(void *arg, const char *iccid, int64_t day,
    uint64_t octets_in, uint64_t octets_out);

/* Open (creating if absent) and migrate to the latest schema version.
 * Returns NULL with a message in err on failure. Caller frees. */
struct store *store_open(const char *path, char *err, size_t errlen);
void store_free(struct store *st);
/* How long a write waits for another writer's lock before STORE_EBUSY
 * (default 5000 ms). A caller that must not block sets 0 and retries. */
void store_busy_timeout(struct store *st, int ms);
const char *store_errmsg(struct store *st);
int store_schema_version(struct store *st);
const char *event_status_name(enum event_status s);
int event_status_parse(const char *s, enum event_status *out);

/* Transactions. Writes outside one are their own transaction. begin takes
 * the write lock at once (BEGIN IMMEDIATE), so a conflict shows up as
 * STORE_EBUSY at the start rather than half-way. */
int store_begin(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* Around a bulk write: on, a page cache large enough for a fleet's working
 * set (512 MiB at most, allocated only as used); off, back to the default,
 * and the memory released. */
int store_bulk(struct store *st, int on);

/* For a connection that writes continuously in batches (the radius
 * role's writer): the bulk page cache, and checkpoints (each one syncs
 * the files) far enough apart not to stall every few batches. */
int store_batch_writer(struct store *st);

int store_sim_get(struct store *st, const char *iccid, struct sim *out);
int store_sim_insert(struct store *st, const struct sim *s,
    struct store_error *err);
/* Insert or replace the record; a replaced record keeps created, state and
 * last_seen. store_sim_update() also leaves state alone: only
 * store_sim_set_state() changes it. */
int store_sim_upsert(struct store *st, const struct sim *s,
    struct store_error *err);
int store_sim_update(struct store *st, const struct sim *s,
    struct store_error *err);
int store_sim_set_state(struct store *st, const char *iccid,
    enum sim_state state);
int store_sim_delete(struct store *st, const char *iccid);
/* The ICCID of the SIM whose static IP is ip; STORE_ENOTFOUND if none. */
int store_sim_by_ip(struct store *st, const char *ip, char iccid[21]);
int store_sim_list(struct store *st, const struct sim_filter *f,
    store_sim_cb cb, void *arg);

int store_device_get(struct store *st, int64_t id, struct device *out);
int store_device_insert(struct store *st, struct device *d,
    struct store_error *err); /* sets d->id */
int store_device_update(struct store *st, const struct device *d,
    struct store_error *err);
int store_device_delete(struct store *st, int64_t id);
/* A device's state changes only here (quarantine and release). */
int store_device_set_state(struct store *st, int64_t id,
    enum device_state state);
/* The id of the LAN device (no SIM) whose address is ip, in canonical
 * form; STORE_ENOTFOUND if none. */
int store_device_by_ip(struct store *st, const char *ip, int64_t *id);
int store_device_list(struct store *st, int64_t after, unsigned limit,
    store_device_cb cb, void *arg);

int store_profile_get(struct store *st, const char *name,
    store_profile_cb cb, void *arg);
int store_profile_put(struct store *st, const struct profile *p,
    int *created);
int store_profile_delete(struct store *st, const char *name,
    struct store_error *err); /* STORE_ECONFLICT while in use */
int store_profile_list(struct store *st, store_profile_cb cb, void *arg);

int store_event_add(struct store *st, const struct event *e, int64_t *id);
int store_event_get(struct store *st, int64_t id, store_event_cb cb,
    void *arg);
int store_event_ack(struct store *st, int64_t id, const char *by);
int store_event_list(struct store *st, const struct event_filter *f,
    store_event_cb cb, void *arg);

int store_audit_add(struct store *st, const struct audit_entry *a);
int store_audit_list(struct store *st, const struct audit_filter *f,
    store_audit_cb cb, void *arg);

int store_token_add(struct store *st, const char *name, enum role role,
    const uint8_t hash[TOKEN_HASH_LEN], const char *created_by, int64_t *id,
    struct store_error *err);
/* Find a live (not revoked) token by hash. */
int store_token_find(struct store *st, const uint8_t hash[TOKEN_HASH_LEN],
    struct token_info *out);
int store_token_revoke(struct store *st, int64_t id);
int store_token_list(struct store *st, store_token_cb cb, void *arg);

int store_counts(struct store *st, struct store_counts *out);

/* The radius role's writes, made in batches by its writer thread, and what
 * the API reads back. */
/* Insert a session, or update the one with the same (nas,
 * acct_session_id): its counters, updated, stopped and stop_cause, and the
 * identities when the update knows them. started is kept. */
int store_session_put(struct store *st, const struct session_rec *s);
int store_session_list(struct store *st, const struct session_filter *f,
    store_session_cb cb, void *arg);
/* Forget sessions stopped before the given time; *n gets the count. */
int store_session_prune(struct store *st, int64_t stopped_before,
    uint64_t *n);
/* The accounting journal (see store_sqlite_radius.c): appends that make a
 * batch durable cheaply, folded into session and usage later, inside the
 * caller's transaction. Readers see a record once it is folded. */
int store_journal_session(struct store *st, const struct session_rec *s);
int store_journal_usage(struct store *st, const char *iccid, int64_t day,
    uint64_t octets_in, uint64_t octets_out);
/* Fold at most `rows` of each journal's oldest rows; *left says whether
 * more remain. */
int store_journal_fold(struct store *st, unsigned rows, int *left);
/* The device zone's counters of an address for a day: add, and list the
 * days from from_day on, oldest first. */
typedef int (*store_exposure_cb)(void *arg, int64_t day, uint64_t blocked,
    uint64_t violations);
int store_exposure_add(struct store *st, const char *addr, int64_t day,
    uint64_t blocked, uint64_t violations);
int store_exposure_list(struct store *st, const char *addr, int64_t from_day,
    store_exposure_cb cb, void *arg);
/* Add to a SIM's usage of a day. */
int store_usage_add(struct store *st, const char *iccid, int64_t day,
    uint64_t octets_in, uint64_t octets_out);
/* Every usage row from from_day on, for one SIM (iccid) or all (NULL),
 * ordered by ICCID then day. */
int store_usage_list(struct store *st, const char *iccid, int64_t from_day,
    store_usage_cb cb, void *arg);
/* Bind the IMEI the radius role learned, only if the SIM still has no
 * bound IMEI (an operator's binding made meanwhile wins). STORE_ENOTFOUND
 * when nothing changed. */
int store_sim_learn_imei(struct store *st, const char *iccid,
    const char *imei);
/* Record that the SIM attached at `when`, and with which IMEI; empty when
 * the attach carried none, which the binding then shows as imei_unknown;
 * NULL to record the time alone. The radius role records the IMEI when
 * the one it sees changes, and the time at each session start. */
int store_sim_seen(struct store *st, const char *iccid, int64_t when,
    const char *imei);
int store_sim_binding_get(struct store *st, const char *iccid,
    struct sim_binding *out);
/* Clear the bound IMEI so that the next attach learns it again. relearn
 * also sets the policy to learn (from off or fixed); without it, a SIM
 * with a fixed policy is refused (STORE_EINVAL: a fixed binding needs an
 * IMEI, set it with an update instead). */
int store_sim_binding_reset(struct store *st, const char *iccid, int relearn,
    struct store_error *err);

#endif
