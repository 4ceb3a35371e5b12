#include "registry/sim.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/sizes.h"
#include "registry/validate.h"

static const char *const state_names[] = {
    "active", "suspended", "quarantined", "blocked"};
static const char *const policy_names[] = {"off", "learn", "fixed"};
static const char *const match_names[] = {"full", "tac"};
static const char *const field_names[] = {"iccid", "imsi", "msisdn",
    "apn", "static_ip", "state", "imei_policy", "imei_match", "bound_imei",
    "data_limit", "profile", "labels"};
static const char *const action_names[] = {
    "activate", "suspend", "block", "quarantine", "release"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
name_lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *
sim_state_name(enum sim_state s)
{
	return (unsigned)s < NELEM(state_names) ? state_names[s] : "unknown";
}

int
sim_state_parse(const char *s, enum sim_state *out)
{
	int i = name_lookup(state_names, NELEM(state_names), s);

	if (i < 0)
		return -EINVAL;
	*out = (enum sim_state)i;
	return 0;
}

const char *
imei_policy_name(enum imei_policy p)
{
	return (unsigned)p < NELEM(policy_names) ? policy_names[p] : "unknown";
}

const char *
imei_match_name(enum imei_match m)
{
	return (unsigned)m < NELEM(match_names) ? match_names[m] : "unknown";
}

const char *
sim_action_name(enum sim_action a)
{
	return (unsigned)a < NELEM(action_names) ? action_names[a] : "unknown";
}

int
sim_action_parse(const char *s, enum sim_action *out)
{
	int i = name_lookup(action_names, NELEM(action_names), s);

	if (i < 0)
		return -EINVAL;
	*out = (enum sim_action)i;
	return 0;
}

int
sim_field_known(const char *name)
{
	return name_lookup(field_names, NELEM(field_names), name) >= 0;
}

struct field_error *
field_errors_next(struct field_errors *errs)
{
	static _Thread_local struct field_error scratch;

	if (errs->n < FIELD_ERRORS_MAX)
		return &errs->e[errs->n++];
	return &scratch;
}

int
field_errors_add(struct field_errors *errs, const char *field,
    const char *msg)
{
	struct field_error *e = field_errors_next(errs);

	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	return 1;
}

void
sim_init(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	s->state = SIM_ACTIVE;
	s->imei_policy = IMEI_POLICY_OFF;
	s->imei_match = IMEI_MATCH_FULL;
}

static int
field_fail(struct field_error *err, const char *field, const char *msg)
{
	snprintf(err->field, sizeof(err->field), "%s", field);
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
	return -EINVAL;
}

/* Copy v into dst when it fits, else refuse: a silently truncated
 * identifier would be a different identifier. */
static int
copy_checked(char *dst, size_t dstsz, const char *v, const char *field,
    struct field_error *err)
{
	size_t n = strlen(v);

	if (n >= dstsz)
		return field_fail(err, field, "is too long");
	memcpy(dst, v, n + 1);
	return 0;
}

static int
set_enum(int *dst, const char *const *names, size_t n, const char *v,
    const char *field, struct field_error *err)
{
	int i = name_lookup(names, n, v);
	char msg[128];
	size_t len = 0;

	if (i >= 0) {
		*dst = i;
		return 0;
	}
	len += (size_t)snprintf(msg, sizeof(msg), "must be one of");
	for (size_t k = 0; k < n && len < sizeof(msg); k++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s",
		    k ? ", " : " ", names[k]);
	return field_fail(err, field, msg);
}

/* A checked field: run the validator, then store the value (or the
 * canonical form the validator wrote). Canonicalising validators write into
 * a scratch buffer first: they may leave partial output when they refuse,
 * and a refused value must not change the record. */
static int
set_validated(struct sim *s, const char *field, const char *v,
    struct field_error *err)
{
	char canon[sizeof(s->labels)];
	const char *why = NULL;
	int rc = -EINVAL;

	if (strcmp(field, "iccid") == 0) {
		rc = valid_iccid(v, &why);
		if (rc == 0)
			return copy_checked(s->iccid, sizeof(s->iccid), v,
			    field, err);
	} else if (strcmp(field, "imsi") == 0) {
		rc = valid_imsi(v, &why);
		if (rc == 0)
			return copy_checked(s->imsi, sizeof(s->imsi), v,
			    field, err);
	} else if (strcmp(field, "msisdn") == 0) {
		rc = valid_msisdn(v, canon, sizeof(s->msisdn), &why);
		if (rc == 0)
			return copy_checked(s->msisdn, sizeof(s->msisdn),
			    canon, field, err);
	} else if (strcmp(field, "apn") == 0) {
		rc = valid_apn(v, canon, sizeof(s->apn), &why);
		if (rc == 0)
			return copy_checked(s->apn, sizeof(s->apn), canon,
			    field, err);
	} else if (strcmp(field, "bound_imei") == 0) {
		rc = valid_imei(v, 1, &why);
		if (rc == 0)
			return copy_checked(s->bound_imei,
			    sizeof(s->bound_imei), v, field, err);
	} else if (strcmp(field, "profile") == 0) {
		rc = valid_name(v, &why);
		if (rc == 0)
			return copy_checked(s->profile, sizeof(s->profile),
			    v, field, err);
	} else if (strcmp(field, "labels") == 0) {
		rc = valid_labels(v, canon, sizeof(s->labels), &why);
		if (rc == 0)
			return copy_checked(s->labels, sizeof(s->labels),
			    canon, field, err);
	}
	if (rc < 0)
		return field_fail(err, field, why);
	return 0;
}

static int
set_static_ip(struct sim *s, const char *v, struct field_error *err)
{
	struct ipaddr a;

	if (ipaddr_parse(v, &a) < 0)
		return field_fail(err, "static_ip",
		    "is not an IPv4 or IPv6 address");
	ipaddr_format(&a, s->static_ip, sizeof(s->static_ip));
	return 0;
}

/* Capped at INT64_MAX: the store keeps a signed 64-bit integer, and JSON
 * readers (jansson among them) refuse larger integers. */
static int
set_data_limit(struct sim *s, const char *v, struct field_error *err)
{
	uint64_t n;

	if (size_parse(v, &n) < 0)
		return field_fail(err, "data_limit",
		    "must be a byte count, optionally with a unit: k, M, G, "
		    "T (decimal) or KiB, MiB, GiB, TiB");
	if (n > INT64_MAX)
		return field_fail(err, "data_limit",
		    "must be at most 9223372036854775807 bytes");
	s->data_limit = n;
	return 0;
}

/* Optional fields that an empty value clears. */
static int
clear_optional(struct sim *s, const char *field)
{
	struct {
		const char *name;
		char *dst;
	} opt[] = {
	    {"imsi", s->imsi}, {"msisdn", s->msisdn}, {"apn", s->apn},
	    {"static_ip", s->static_ip}, {"bound_imei", s->bound_imei},
	    {"profile", s->profile}, {"labels", s->labels},
	};

	for (size_t i = 0; i < NELEM(opt); i++) {
		if (strcmp(opt[i].name, field) == 0) {
			opt[i].dst[0] = '\0';
			return 0;
		}
	}
	if (strcmp(field, "data_limit") == 0) {
		s->data_limit = 0;
		return 0;
	}
	return -ENOENT;
}

int
sim_set_field(struct sim *s, const char *field, const char *value,
    struct field_error *err)
{
	int tmp = 0;

	if (!sim_field_known(field))
		return field_fail(err, field, "is not a SIM field; known "
					      "fields: " SIM_FIELD_NAMES);
	if (value[0] == '\0' && clear_optional(s, field) == 0)
		return 0;
	if (strcmp(field, "static_ip") == 0)
		return set_static_ip(s, value, err);
	if (strcmp(field, "data_limit") == 0)
		return set_data_limit(s, value, err);
	if (strcmp(field, "state") == 0) {
		if (set_enum(&tmp, state_names, NELEM(state_names), value,
			field, err) < 0)
			return -EINVAL;
		s->state = (enum sim_state)tmp;
		return 0;
	}
	if (strcmp(field, "imei_policy") == 0) {
		if (set_enum(&tmp, policy_names, NELEM(policy_names), value,
			field, err) < 0)
			return -EINVAL;
		s->imei_policy = (enum imei_policy)tmp;
		return 0;
	}
	if (strcmp(field, "imei_match") == 0) {
		if (set_enum(&tmp, match_names, NELEM(match_names), value,
			field, err) < 0)
			return -EINVAL;
		s->imei_match = (enum imei_match)tmp;
		return 0;
	}
	return set_validated(s, field, value, err);
}

int
sim_check(const struct sim *s, const struct cidr *nets, size_t n_nets,
    struct field_error *err)
{
	const char *why;
	struct ipaddr a;
	size_t i;

	if (valid_iccid(s->iccid, &why) < 0)
		return field_fail(err, "iccid", why);
	if (s->static_ip[0] != '\0') {
		if (ipaddr_parse(s->static_ip, &a) < 0)
			return field_fail(err, "static_ip", "is not an address");
		for (i = 0; i < n_nets && !cidr_contains(&nets[i], &a); i++)
			;
		if (i == n_nets)
			return field_fail(err, "static_ip",
			    "is outside the configured device networks");
	}
	if (s->imei_policy == IMEI_POLICY_FIXED && s->bound_imei[0] == '\0')
		return field_fail(err, "bound_imei",
		    "is required when imei_policy is fixed");
	if (strlen(s->bound_imei) == 8 && s->imei_match != IMEI_MATCH_TAC)
		return field_fail(err, "bound_imei",
		    "a bare TAC needs imei_match tac");
	return 0;
}

/*
 * The state machine. Blocked is where stolen or swapped SIMs go: only
 * "activate" leaves it (the API requires admin for that). Quarantine is
 * left only by "release", so that a cut-off device is never re-enabled by
 * a routine activation.
 */
int
sim_transition(enum sim_state from, enum sim_action action,
    enum sim_state *to, const char **why)
{
	static const char *const refusals[SIM_ACTION_COUNT] = {
	    "a quarantined SIM is re-enabled with release",
	    "only an active SIM can be suspended",
	    "",
	    "a blocked SIM cannot be quarantined",
	    "only a quarantined SIM can be released",
	};
	static const enum sim_state target[SIM_ACTION_COUNT] = {
	    SIM_ACTIVE, SIM_SUSPENDED, SIM_BLOCKED, SIM_QUARANTINED,
	    SIM_ACTIVE};
	int ok;

	if ((unsigned)action >= SIM_ACTION_COUNT)
		return -EINVAL;
	switch (action) {
	case SIM_ACTIVATE:
		ok = from != SIM_QUARANTINED;
		break;
	case SIM_SUSPEND:
		ok = from == SIM_ACTIVE || from == SIM_SUSPENDED;
		break;
	case SIM_BLOCK:
		ok = 1;
		break;
	case SIM_QUARANTINE:
		ok = from != SIM_BLOCKED;
		break;
	default:
		ok = from == SIM_QUARANTINED;
		break;
	}
	if (!ok) {
		*why = refusals[action];
		return -EPERM;
	}
	*to = target[action];
	return 0;
}
