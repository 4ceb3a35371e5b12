/*
 * The scanner role's records (migration 0005): scans queued and run, each
 * address's latest result, and each finding's life from the scan that
 * first saw it to the scan that saw it gone. The same conventions as
 * store.h: 0 or a negative STORE_E* code, nothing logged.
 */
#ifndef AIRLOCK_STORE_SCAN_H
#define AIRLOCK_STORE_SCAN_H

#include "store/store.h"

#define SCAN_TARGETS_TEXT_MAX 4096
#define SCAN_KIND_MAX 32
#define SCAN_EVIDENCE_MAX 256

enum scan_trigger {
	SCAN_TRIGGER_API,
	SCAN_TRIGGER_SCHEDULE,
	SCAN_TRIGGER_APPEARANCE,
};

enum scan_run_state {
	SCAN_RUN_QUEUED,
	SCAN_RUN_RUNNING,
	SCAN_RUN_DONE,
	SCAN_RUN_FAILED,
};

/* "fleet" as a scan's targets: every LAN device with an address and every
 * SIM with an open session, read when the scan starts. */
#define SCAN_TARGETS_FLEET "fleet"

struct scan_run {
	int64_t id;
	int64_t created, started, finished;
	enum scan_trigger trigger;
	char requester[64];
	char targets[SCAN_TARGETS_TEXT_MAX]; /* space-separated, or "fleet" */
	enum scan_run_state state;
	uint64_t addresses, scanned, up; /* addresses, those done, those up */
	uint64_t opened, fixed;          /* findings new, findings gone */
	char error[256];
};

/* One finding of an address in a scan's result. */
struct scan_found {
	const char *kind; /* the finding kind's id */
	uint16_t port;
	enum event_severity severity;
	const char *evidence;
	int is_new; /* set by store_scan_record: no open finding matched */
	const char *proto; /* "tcp" or "udp"; NULL: "tcp" */
	const char *cve;   /* a vulnerable version's; NULL: none */
};

/* A finding's life on an address. */
struct finding_rec {
	int64_t id;
	char addr[48];
	char kind[SCAN_KIND_MAX];
	char proto[4];
	uint16_t port;
	char cve[24];
	enum event_severity severity;
	char evidence[SCAN_EVIDENCE_MAX];
	int64_t first_scan, first_seen, last_scan, last_seen;
	int64_t fixed_scan, fixed_at; /* 0 while open */
};

enum finding_state { FINDING_ANY = -1, FINDING_OPEN, FINDING_FIXED };

struct finding_filter {
	const char *addr;  /* NULL: every address */
	int state;         /* enum finding_state */
	int severity;      /* minimum enum event_severity, or -1 */
	int64_t opened_in; /* first seen by this scan, or 0 */
	int64_t fixed_in;  /* seen gone by this scan, or 0 */
	int64_t before;    /* cursor: ids lower than this; 0 = newest */
	unsigned limit;
};

/* An address's latest result. */
struct risk_rec {
	char addr[48];
	int64_t scan, scanned; /* the last scan of it, and when */
	int up;                /* it answered then */
	int score;          /* of the last scan that found it up; -1: never */
	char grade[2];      /* likewise; "" never */
	const char *report; /* JSON; borrowed during the call; "" never */
};

typedef int (*store_scan_cb)(void *arg, const struct scan_run *r);
typedef int (*store_finding_cb)(void *arg, const struct finding_rec *f);
typedef int (*store_addr_cb)(void *arg, const char *addr);

const char *scan_trigger_name(enum scan_trigger t);
const char *scan_run_state_name(enum scan_run_state s);

int store_scan_queue(struct store *st, enum scan_trigger trigger,
    const char *requester, const char *targets, int64_t *id);
/* The oldest queued scan, now running (started = now); STORE_ENOTFOUND
 * when none waits. */
int store_scan_claim(struct store *st, struct scan_run *out);
int store_scan_get(struct store *st, int64_t id, struct scan_run *out);
/* Newest first; before and limit as in event listings. */
int store_scan_list(struct store *st, int64_t before, unsigned limit,
    store_scan_cb cb, void *arg);
/* Write r's counters, state, finish time and error, while it runs:
 * STORE_ENOTFOUND once it does not (cancelled), and nothing written. */
int store_scan_update(struct store *st, const struct scan_run *r);
/* A queued or running scan, failed now with "cancelled by WHO"; out gets
 * it as it is after the call. STORE_ENOTFOUND for no such
 * scan, STORE_ECONFLICT for one already over (out says how). A running
 * scan's worker sees it at its next store_scan_update, or sooner through
 * store_scan_running. */
int store_scan_cancel(
    struct store *st, int64_t id, const char *who, struct scan_run *out);
/* Whether scan id is still running: 1, 0, or a negative STORE_E* code. */
int store_scan_running(struct store *st, int64_t id);
/* Scans left running by a daemon that stopped: failed, with why. */
int store_scan_abandon(struct store *st, const char *why);
/* When the newest scan of this trigger was queued: 0 for never, or a
 * negative STORE_E* code. */
int64_t store_scan_last(struct store *st, enum scan_trigger trigger);
/* Whether a fleet scan is queued or running now (1), or not (0). */
int store_scan_fleet_busy(struct store *st);

/*
 * One address's result in scan `scan`, inside the caller's transaction:
 * its risk row, and its findings' lives: a finding already open is seen
 * again, one not open is opened (f[i].is_new), and an open one that this
 * result lacks is fixed. A host that did not answer (up 0) changes no
 * finding, since silence proves nothing fixed; its risk row says it was
 * down. Without logins_checked (the dictionary was not tried in full),
 * the default-credential and no-auth findings stay as they were. *opened
 * and *fixed count what changed. A LAN device with this address gets the
 * score and the time.
 */
int store_scan_record(struct store *st, int64_t scan, const char *addr, int up,
    unsigned score, char grade, const char *report, struct scan_found *f,
    size_t n, int logins_checked, unsigned *opened, unsigned *fixed);

typedef int (*store_risk_cb)(void *arg, const struct risk_rec *r);
/* addr's latest result to cb, whose report is valid during the call;
 * STORE_ENOTFOUND when it was never scanned. */
int store_risk_get(
    struct store *st, const char *addr, store_risk_cb cb, void *arg);
/* Whether addr has ever been scanned: 1, or 0. */
int store_risk_known(struct store *st, const char *addr);
int store_finding_list(struct store *st, const struct finding_filter *f,
    store_finding_cb cb, void *arg);

/* The fleet's open findings per severity, and its addresses per grade
 * ("" for never up). */
struct scan_summary {
	uint64_t open[SEV_COUNT];
	uint64_t grades[7]; /* A B C D E F, then never up */
	uint64_t addresses;
};
int store_scan_summary(struct store *st, struct scan_summary *out);

/* The addresses a fleet scan covers: each LAN device's, and each open
 * session's framed IP, every address once. */
int store_scan_fleet(struct store *st, store_addr_cb cb, void *arg);
/*
 * Addresses that appeared and were never scanned: devices added, and
 * sessions opened, since the cursor (*cursor holds the highest device id
 * and session id seen, updated). Each is handed to cb once.
 */
struct appearance_cursor {
	int64_t device, session;
};
int store_scan_appeared(struct store *st, struct appearance_cursor *cursor,
    store_addr_cb cb, void *arg);

#endif
