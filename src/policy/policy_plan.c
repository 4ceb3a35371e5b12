/*
 * The plan: profiles in name order, and the named sets their ACEs need
 * (a manufacturer's members, a model's members, a DNS name's addresses),
 * each given a fixed index so that chains and endpoints name them alike.
 */
#include <stdlib.h>
#include <string.h>

#include "policy/policy_plan.h"

int
policy_group_find(const struct policy_zone *z, const char *name)
{
	for (size_t i = 0; i < z->n_groups; i++)
		if (strcmp(z->groups[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
map_find(const struct policy_map *maps, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(maps[i].key, key) == 0)
			return (int)maps[i].group;
	return -1;
}

/* The group an ACE's controller or my-controller stands for, or -1. */
int
policy_plan_controller(const struct policy_zone *z, const struct mud_policy *m,
    const struct mud_ace *a)
{
	if (a->remote == MUD_REMOTE_CONTROLLER)
		return map_find(z->controllers, z->n_controllers, a->text);
	return map_find(z->my_controllers, z->n_my_controllers, m->url);
}

int
policy_ace_needed(const struct mud_ace *a)
{
	if (a->initiated == MUD_INIT_EITHER)
		return 1;
	return (a->dir == MUD_FROM_DEVICE) ==
	       (a->initiated == MUD_INIT_FROM_DEVICE);
}

/* Whether network c lies inside one of n networks. */
static int
within(const struct cidr *c, const struct cidr *nets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (nets[i].net.family == c->net.family &&
		    nets[i].prefix <= c->prefix &&
		    cidr_contains(&nets[i], &c->net))
			return 1;
	return 0;
}

/* The Internet never reaches a device (zone rule 1): a to-device ACE
 * whose remote is outside the zone, the local networks and the server
 * groups would be a rule that never matches. Refused, rather than kept
 * dead without anyone knowing. */
static const char *
unreachable_why(const struct policy_zone *z, const struct mud_ace *a)
{
	if (a->dir != MUD_TO_DEVICE || !policy_ace_needed(a) ||
	    a->action != MUD_ACCEPT)
		return NULL;
	if (a->remote == MUD_REMOTE_DNSNAME)
		return "src-dnsname names hosts on the Internet, which never "
		       "reach a device: name them in a server-group and use "
		       "a controller instead";
	if (a->remote != MUD_REMOTE_NETWORK ||
	    within(&a->network, z->devnets, z->n_devnets) ||
	    within(&a->network, z->local, z->n_local))
		return NULL;
	for (size_t g = 0; g < z->n_groups; g++)
		if (within(&a->network, z->groups[g].nets, z->groups[g].n))
			return NULL;
	return "the source network is outside the device zone, the local "
	       "networks and every server-group: the Internet never reaches "
	       "a device";
}

int
policy_check(const struct policy_zone *z, const struct mud_policy *m,
    struct mud_errors *errs)
{
	char path[192];
	const char *why;
	int n = 0;

	for (unsigned i = 0; i < m->naces; i++) {
		const struct mud_ace *a = &m->aces[i];

		why = unreachable_why(z, a);
		if (why != NULL) {
			mud_ace_path(m, i, path, sizeof(path));
			mud_error_add(errs, path, "%s", why);
			n++;
			continue;
		}
		if (a->remote != MUD_REMOTE_CONTROLLER &&
		    a->remote != MUD_REMOTE_MY_CONTROLLER)
			continue;
		if (policy_plan_controller(z, m, a) >= 0)
			continue;
		mud_ace_path(m, i, path, sizeof(path));
		if (a->remote == MUD_REMOTE_CONTROLLER)
			mud_error_add(errs, path,
			    "controller \"%s\" is not mapped to a server group "
			    "(mud-controller in airlockd.conf)",
			    a->text);
		else
			mud_error_add(errs, path,
			    "my-controller of \"%s\" is not mapped to a server "
			    "group (mud-my-controller in airlockd.conf)",
			    m->url);
		n++;
	}
	return n;
}

/* The index of s in the list, added when absent; -1 when memory runs
 * out. Lists are short (one entry per distinct name in the profiles), so
 * a linear search is enough, and it runs once per plan. */
static int
intern(struct policy_names *l, const char *s)
{
	char **v;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return (int)i;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;

		v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = strdup(s);
	if (l->v[l->n] == NULL)
		return -1;
	return (int)l->n++;
}

int
policy_names_find(const struct policy_names *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return (int)i;
	return -1;
}

static void
names_free(struct policy_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
by_name(const void *a, const void *b)
{
	const struct policy_profile *pa = a, *pb = b;

	return strcmp(pa->name, pb->name);
}

/* The sets an ACE needs: its DNS name, or the members of a manufacturer
 * or of a model. */
static int
plan_ace(
    struct policy_plan *pl, const struct mud_policy *m, const struct mud_ace *a)
{
	switch (a->remote) {
	case MUD_REMOTE_DNSNAME:
		return intern(&pl->dns, a->text);
	case MUD_REMOTE_SAME_MFG:
		return intern(&pl->mfgs, m->authority);
	case MUD_REMOTE_MANUFACTURER:
		return intern(&pl->mfgs, a->text);
	case MUD_REMOTE_MODEL:
		return intern(&pl->models, a->text);
	default:
		return 0;
	}
}

/* Each profile's own manufacturer and model sets, -1 when no ACE of any
 * profile names them (nobody needs to know who belongs). */
static void
plan_membership(struct policy_plan *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		const struct mud_policy *m = pl->profiles[i].mud;

		pl->mfg_of[i] =
		    m ? policy_names_find(&pl->mfgs, m->authority) : -1;
		pl->model_of[i] =
		    m ? policy_names_find(&pl->models, m->url) : -1;
	}
}

struct policy_plan *
policy_plan_new(const struct policy_zone *z,
    const struct policy_profile *profiles, size_t n)
{
	struct policy_plan *pl = calloc(1, sizeof(*pl));

	if (pl == NULL)
		return NULL;
	pl->zone = z;
	pl->n = n;
	pl->profiles = calloc(n ? n : 1, sizeof(*pl->profiles));
	pl->mfg_of = calloc(n ? n : 1, sizeof(*pl->mfg_of));
	pl->model_of = calloc(n ? n : 1, sizeof(*pl->model_of));
	if (pl->profiles == NULL || pl->mfg_of == NULL || pl->model_of == NULL)
		goto fail;
	if (n > 0)
		memcpy(pl->profiles, profiles, n * sizeof(*profiles));
	qsort(pl->profiles, n, sizeof(*pl->profiles), by_name);
	for (size_t i = 0; i < n; i++) {
		const struct mud_policy *m = pl->profiles[i].mud;

		for (unsigned j = 0; m != NULL && j < m->naces; j++)
			if (plan_ace(pl, m, &m->aces[j]) < 0)
				goto fail;
	}
	plan_membership(pl);
	return pl;
fail:
	policy_plan_free(pl);
	return NULL;
}

void
policy_plan_free(struct policy_plan *pl)
{
	if (pl == NULL)
		return;
	names_free(&pl->dns);
	names_free(&pl->mfgs);
	names_free(&pl->models);
	free(pl->profiles);
	free(pl->mfg_of);
	free(pl->model_of);
	free(pl);
}

uint32_t
policy_plan_profile(const struct policy_plan *pl, const char *name)
{
	struct policy_profile key;
	const struct policy_profile *p;

	if (strlen(name) >= sizeof(key.name))
		return POLICY_NO_PROFILE;
	strcpy(key.name, name);
	p = bsearch(&key, pl->profiles, pl->n, sizeof(*pl->profiles), by_name);
	return p ? (uint32_t)(p - pl->profiles) : POLICY_NO_PROFILE;
}

size_t
policy_plan_dns_count(const struct policy_plan *pl)
{
	return pl->dns.n;
}

const char *
policy_plan_dns_name(const struct policy_plan *pl, size_t i)
{
	return i < pl->dns.n ? pl->dns.v[i] : NULL;
}
