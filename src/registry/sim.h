/*
 * The SIM record and its rules: field parsing, whole-record checks and the
 * state machine. Pure: shared by the API, the importers and the store.
 */
#ifndef AIRLOCK_SIM_H
#define AIRLOCK_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

enum sim_state {
	SIM_ACTIVE,
	SIM_SUSPENDED,
	SIM_QUARANTINED,
	SIM_BLOCKED,
	SIM_STATE_COUNT
};

enum imei_policy { IMEI_POLICY_OFF, IMEI_POLICY_LEARN, IMEI_POLICY_FIXED };
enum imei_match { IMEI_MATCH_FULL, IMEI_MATCH_TAC };

enum sim_action {
	SIM_ACTIVATE,
	SIM_SUSPEND,
	SIM_BLOCK,
	SIM_QUARANTINE,
	SIM_RELEASE,
	SIM_ACTION_COUNT
};

struct sim {
	char iccid[21];
	char imsi[16];
	char msisdn[17]; /* "+" and up to 15 digits */
	char apn[101];
	char static_ip[ADDR_STRLEN]; /* canonical inet_ntop form */
	enum sim_state state;
	enum imei_policy imei_policy;
	enum imei_match imei_match;
	char bound_imei[17];
	uint64_t data_limit; /* bytes per calendar month; 0 = none */
	char profile[64];
	char labels[256]; /* canonical "k=v,k=v" */
	int64_t created;
	int64_t updated;
	int64_t last_seen;
};

/* Why a field was refused, for the caller to report. */
struct field_error {
	char field[24];
	char msg[192];
};

/* All the errors found in one record, for a report that lists them all. */
#define FIELD_ERRORS_MAX 16
struct field_errors {
	size_t n;
	struct field_error e[FIELD_ERRORS_MAX];
};

/* Room for the next error, or a scratch slot once the list is full. */
struct field_error *field_errors_next(struct field_errors *errs);
/* Add one error; returns 1, the count it adds, for tallies. */
int field_errors_add(struct field_errors *errs, const char *field,
    const char *msg);

#define SIM_FIELD_NAMES                                                      \
	"iccid, imsi, msisdn, apn, static_ip, state, imei_policy, "         \
	"imei_match, bound_imei, data_limit, profile, labels"

const char *sim_state_name(enum sim_state s);
int sim_state_parse(const char *s, enum sim_state *out);
const char *imei_policy_name(enum imei_policy p);
const char *imei_match_name(enum imei_match m);
const char *sim_action_name(enum sim_action a);
int sim_action_parse(const char *s, enum sim_action *out);

/* Whether name is one of SIM_FIELD_NAMES. */
int sim_field_known(const char *name);
/* A record with the defaults: active, no IMEI binding, full-IMEI match. */
void sim_init(struct sim *s);
/* Parse one field from its text form into s. Unknown field names are
 * refused. An empty value clears an optional field. The one place a field
 * is parsed, shared by CSV and JSON input. */
int sim_set_field(struct sim *s, const char *field, const char *value,
    struct field_error *err);
/* Check the record as a whole: ICCID present, static_ip inside one of the
 * device networks, a fixed IMEI policy names its IMEI, and a bare 8-digit
 * TAC is bound only with imei_match tac (a full IMEI may be bound with
 * either: tac then compares its first 8 digits). */
int sim_check(const struct sim *s, const struct cidr *nets, size_t n_nets,
    struct field_error *err);
/* The state an action leads to. -EPERM, with *why, when the action is not
 * allowed from this state; the same state back means nothing changes. */
int sim_transition(enum sim_state from, enum sim_action action,
    enum sim_state *to, const char **why);

#endif
