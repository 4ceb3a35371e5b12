/*
 * The plan's inside, shared by policy_plan.c (which builds it) and
 * policy_nft.c (which writes it out). Not for other users: they see only
 * policy.h.
 */
#ifndef AIRLOCK_POLICY_PLAN_H
#define AIRLOCK_POLICY_PLAN_H

#include "policy/policy.h"

/* Interned strings; an index names a set ("a3_4": manufacturer 3). */
struct policy_names {
	size_t n, cap;
	char **v;
};

struct policy_plan {
	const struct policy_zone *zone;
	size_t n;
	struct policy_profile *profiles; /* sorted by name */
	int *mfg_of;   /* profile → its manufacturer's set, or -1 */
	int *model_of; /* profile → its model's set, or -1 */
	struct policy_names dns, mfgs, models;
};

int policy_names_find(const struct policy_names *l, const char *s);
/* The group of a controller or my-controller ACE, or -1. */
int policy_plan_controller(const struct policy_zone *z,
    const struct mud_policy *m, const struct mud_ace *a);

/* Whether an ACE adds a rule: one that can only match flows the other side
 * started adds nothing, as those pass as established before any profile
 * chain. */
int policy_ace_needed(const struct mud_ace *a);

#endif
