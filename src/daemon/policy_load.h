/*
 * The policy's inputs read from the store: the profiles (their MUD
 * documents parsed and checked against the zone) with the plan made of
 * them, and the endpoints of the SIMs and LAN devices. Shared by the
 * enforcer, which applies them, and the api role, which shows them.
 */
#ifndef AIRLOCK_POLICY_LOAD_H
#define AIRLOCK_POLICY_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "daemon/endpoints.h"
#include "policy/policy.h"
#include "store/store.h"

struct policy_load;

/* Read and plan every profile. A profile whose MUD the zone cannot
 * enforce (a controller no longer mapped, say) becomes deny-all, with a
 * warning: it was checked when stored, so only a configuration change
 * gets it there. NULL when the store or memory fails (logged). */
struct policy_load *policy_load_new(
    const struct policy_zone *z, struct store *st);
void policy_load_free(struct policy_load *pl);
const struct policy_plan *policy_load_plan(const struct policy_load *pl);
size_t policy_load_profiles(const struct policy_load *pl);

/* Every SIM with a static IP and every LAN device with an address. */
int policy_load_endpoints(
    struct policy_load *pl, struct store *st, struct endpoints *out);
/* One SIM's or device's endpoint: 1 with it in ep, 0 when it has none
 * (gone, or no address), or a store error. */
int policy_load_sim(struct policy_load *pl, struct store *st, const char *iccid,
    struct policy_endpoint *ep);
int policy_load_device(struct policy_load *pl, struct store *st, int64_t id,
    struct policy_endpoint *ep);
/* Sort by address and keep one of each (a SIM and a LAN device given the
 * same address by mistake): the most restrictive, a quarantine first, so
 * that a mistake never opens an address; the others are logged. */
void policy_load_dedup(struct policy_endpoint *v, size_t *n);

#endif
