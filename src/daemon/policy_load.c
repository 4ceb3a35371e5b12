#include "daemon/policy_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"

#define PAGE 5000

struct policy_load {
	const struct policy_zone *zone;
	size_t n, cap;
	struct policy_profile *profiles;
	struct mud_policy **muds;
	struct policy_plan *plan;
};

/* A stored profile into the list; an unenforceable one as deny-all. */
static int
add_profile(void *arg, const struct profile *p)
{
	struct policy_load *pl = arg;
	struct mud_errors errs;
	struct mud_policy *m;
	void *v;

	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 64;
		v = realloc(pl->profiles, pl->cap * sizeof(*pl->profiles));
		if (v == NULL)
			return -1;
		pl->profiles = v;
		v = realloc(pl->muds, pl->cap * sizeof(*pl->muds));
		if (v == NULL)
			return -1;
		pl->muds = v;
	}
	m = mud_parse(p->mud, p->mud ? strlen(p->mud) : 0, &errs);
	if (m != NULL && policy_check(pl->zone, m, &errs) > 0) {
		mud_policy_free(m);
		m = NULL;
	}
	if (m == NULL && errs.n > 0)
		log_warnx("policy: profile %s cannot be enforced, so it denies "
		          "everything: %s: %s",
		    p->name, errs.e[0].path, errs.e[0].msg);
	pl->muds[pl->n] = m;
	snprintf(pl->profiles[pl->n].name, sizeof(pl->profiles[0].name), "%s",
	    p->name);
	pl->profiles[pl->n].mud = m;
	pl->n++;
	return 0;
}

struct policy_load *
policy_load_new(const struct policy_zone *z, struct store *st)
{
	struct policy_load *pl = calloc(1, sizeof(*pl));

	if (pl == NULL)
		return NULL;
	pl->zone = z;
	if (store_profile_list(st, add_profile, pl) < 0) {
		log_warnx("policy: reading the profiles: %s", store_errmsg(st));
		goto fail;
	}
	pl->plan = policy_plan_new(z, pl->profiles, pl->n);
	if (pl->plan == NULL) {
		log_warnx("policy: out of memory for the plan");
		goto fail;
	}
	return pl;
fail:
	policy_load_free(pl);
	return NULL;
}

void
policy_load_free(struct policy_load *pl)
{
	if (pl == NULL)
		return;
	policy_plan_free(pl->plan);
	for (size_t i = 0; i < pl->n; i++)
		mud_policy_free(pl->muds[i]);
	free(pl->muds);
	free(pl->profiles);
	free(pl);
}

const struct policy_plan *
policy_load_plan(const struct policy_load *pl)
{
	return pl->plan;
}

size_t
policy_load_profiles(const struct policy_load *pl)
{
	return pl->n;
}

/*
 * The cut of an endpoint in a state. Only an active SIM's traffic passes:
 * a quarantined one keeps the remediation flow when the zone has one; a
 * suspended or blocked one, which RADIUS refuses anyway, is cut off as
 * well, so that a session that outlived the change carries nothing. A
 * LAN device is active or quarantined, and cut as a SIM would be.
 */
static enum policy_cut
state_cut(const struct policy_load *pl, enum sim_state state)
{
	if (state == SIM_ACTIVE)
		return POLICY_OPEN;
	if (state == SIM_QUARANTINED && pl->zone->remediation)
		return POLICY_QUARANTINE_REMEDIATION;
	return POLICY_QUARANTINE;
}

/* A SIM's endpoint, cut by its state. */
static int
sim_endpoint(
    struct policy_load *pl, const struct sim *s, struct policy_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	if (s->static_ip[0] == '\0' ||
	    ipaddr_parse(s->static_ip, &ep->addr) < 0)
		return 0;
	ep->profile = s->profile[0] ? policy_plan_profile(pl->plan, s->profile)
	                            : POLICY_NO_PROFILE;
	ep->cut = state_cut(pl, s->state);
	return 1;
}

/* A LAN device's endpoint; a device with a SIM is the SIM's. */
static int
device_endpoint(
    struct policy_load *pl, const struct device *d, struct policy_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	if (d->sim[0] != '\0' || d->ip[0] == '\0' ||
	    ipaddr_parse(d->ip, &ep->addr) < 0)
		return 0;
	ep->profile = d->profile[0] ? policy_plan_profile(pl->plan, d->profile)
	                            : POLICY_NO_PROFILE;
	ep->cut = state_cut(pl, d->state == DEVICE_QUARANTINED
	                            ? SIM_QUARANTINED
	                            : SIM_ACTIVE);
	/* A registered MAC binds the address to it (the registry wrote it
	 * as aa:bb:cc:dd:ee:ff). */
	ep->has_mac = sscanf(d->mac, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx",
	                  &ep->mac[0], &ep->mac[1], &ep->mac[2], &ep->mac[3],
	                  &ep->mac[4], &ep->mac[5]) == 6;
	return 1;
}

struct page {
	struct policy_load *pl;
	struct endpoints *out;
	char last[21];
	int64_t last_id;
	unsigned n;
	int failed;
};

static int
put_sim(void *arg, const struct sim *s)
{
	struct page *pg = arg;
	struct policy_endpoint ep;
	char key[ENDPOINT_KEY_MAX];

	snprintf(pg->last, sizeof(pg->last), "%s", s->iccid);
	pg->n++;
	if (sim_endpoint(pg->pl, s, &ep) == 0)
		return 0;
	snprintf(key, sizeof(key), "s%s", s->iccid);
	if (endpoints_put(pg->out, key, &ep) < 0)
		pg->failed = 1;
	return 0;
}

static int
put_device(void *arg, const struct device *d)
{
	struct page *pg = arg;
	struct policy_endpoint ep;
	char key[ENDPOINT_KEY_MAX];

	pg->last_id = d->id;
	pg->n++;
	if (device_endpoint(pg->pl, d, &ep) == 0)
		return 0;
	snprintf(key, sizeof(key), "d%lld", (long long)d->id);
	if (endpoints_put(pg->out, key, &ep) < 0)
		pg->failed = 1;
	return 0;
}

int
policy_load_endpoints(
    struct policy_load *pl, struct store *st, struct endpoints *out)
{
	struct page pg = {.pl = pl, .out = out};
	struct sim_filter f;

	memset(&f, 0, sizeof(f));
	f.state = -1;
	f.limit = PAGE;
	do {
		pg.n = 0;
		snprintf(f.after, sizeof(f.after), "%s", pg.last);
		if (store_sim_list(st, &f, put_sim, &pg) < 0)
			return -1;
	} while (pg.n == PAGE && !pg.failed);
	do {
		pg.n = 0;
		if (store_device_list(st, pg.last_id, PAGE, put_device, &pg) <
		    0)
			return -1;
	} while (pg.n == PAGE && !pg.failed);
	return pg.failed ? -1 : 0;
}

int
policy_load_sim(struct policy_load *pl, struct store *st, const char *iccid,
    struct policy_endpoint *ep)
{
	struct sim s;
	int rc = store_sim_get(st, iccid, &s);

	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	return sim_endpoint(pl, &s, ep);
}

int
policy_load_device(struct policy_load *pl, struct store *st, int64_t id,
    struct policy_endpoint *ep)
{
	struct device d;
	int rc = store_device_get(st, id, &d);

	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	return device_endpoint(pl, &d, ep);
}

static int
same_addr(const struct policy_endpoint *x, const struct policy_endpoint *y)
{
	if (x->addr.family != y->addr.family)
		return x->addr.family < y->addr.family ? -1 : 1;
	return memcmp(x->addr.bytes, y->addr.bytes, sizeof(x->addr.bytes));
}

/* How much an endpoint lets through: a quarantine least, then the
 * remediation flow, then no profile. */
static int
openness(const struct policy_endpoint *e)
{
	if (e->cut == POLICY_QUARANTINE)
		return 0;
	if (e->cut == POLICY_QUARANTINE_REMEDIATION)
		return 1;
	return e->profile == POLICY_NO_PROFILE ? 2 : 3;
}

/* By address, and for one address the most restrictive first. */
static int
by_addr(const void *a, const void *b)
{
	const struct policy_endpoint *x = a, *y = b;
	int c = same_addr(x, y);

	return c != 0 ? c : openness(x) - openness(y);
}

void
policy_load_dedup(struct policy_endpoint *v, size_t *n)
{
	char s[ADDR_STRLEN];
	size_t k = 0;

	if (*n == 0)
		return;
	qsort(v, *n, sizeof(*v), by_addr);
	for (size_t i = 1; i < *n; i++) {
		if (same_addr(&v[k], &v[i]) == 0) {
			ipaddr_format(&v[i].addr, s, sizeof(s));
			log_warnx("policy: %s belongs to two endpoints; the "
			          "more restrictive is kept",
			    s);
			continue;
		}
		v[++k] = v[i];
	}
	*n = k + 1;
}
