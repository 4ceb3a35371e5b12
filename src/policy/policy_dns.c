#include "policy/policy_dns.h"

#include <stdlib.h>
#include <string.h>

struct kept {
	struct ipaddr addr;
	time_t until;
};

struct entry {
	char *name;
	int marked; /* answered since the last script_marked */
	size_t n;
	struct kept v[POLICY_DNS_KEEP_MAX];
};

struct policy_dns {
	size_t n;
	struct entry *e; /* the plan's names, in its order */
};

struct policy_dns *
policy_dns_new(void)
{
	return calloc(1, sizeof(struct policy_dns));
}

static void entries_free(struct entry *e, size_t n);

struct policy_dns *
policy_dns_copy(const struct policy_dns *d)
{
	struct policy_dns *c = policy_dns_new();

	if (c == NULL)
		return NULL;
	c->e = calloc(d->n ? d->n : 1, sizeof(*c->e));
	if (c->e == NULL) {
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < d->n; i++) {
		c->e[i] = d->e[i];
		c->e[i].name = strdup(d->e[i].name);
		if (c->e[i].name == NULL) {
			entries_free(c->e, i);
			free(c);
			return NULL;
		}
	}
	c->n = d->n;
	return c;
}

static void
entries_free(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

void
policy_dns_free(struct policy_dns *d)
{
	if (d == NULL)
		return;
	entries_free(d->e, d->n);
	free(d);
}

static struct entry *
find(const struct policy_dns *d, const char *name, size_t *idx)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->e[i].name, name) == 0) {
			if (idx != NULL)
				*idx = i;
			return &d->e[i];
		}
	return NULL;
}

int
policy_dns_rebind(struct policy_dns *d, const struct policy_plan *pl)
{
	size_t n = policy_plan_dns_count(pl);
	struct entry *e = calloc(n ? n : 1, sizeof(*e));
	int rc = 0;

	for (size_t i = 0; e != NULL && i < n; i++) {
		const char *name = policy_plan_dns_name(pl, i);
		const struct entry *old = find(d, name, NULL);

		e[i].name = strdup(name);
		if (e[i].name == NULL) {
			entries_free(e, i);
			e = NULL;
		} else if (old != NULL) {
			e[i].n = old->n;
			memcpy(e[i].v, old->v, old->n * sizeof(old->v[0]));
		}
	}
	if (e == NULL) {
		rc = -1;
		n = 0;
	}
	entries_free(d->e, d->n);
	d->e = e;
	d->n = n;
	return rc;
}

/* Forget what has expired; the kernel has dropped it already. */
static void
prune(struct entry *e, time_t now)
{
	size_t k = 0;

	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].until > now)
			e->v[k++] = e->v[i];
	e->n = k;
}

/* Where a new address goes: a free slot, or the one that expires first
 * of those the answer did not bring (fresh): the answer's addresses are
 * the name's now, even when their TTL is shorter than a kept one's.
 * NULL when the answer brought them all. */
static struct kept *
slot(struct entry *e, const uint8_t *fresh)
{
	struct kept *first = NULL;

	if (e->n < POLICY_DNS_KEEP_MAX)
		return &e->v[e->n++];
	for (size_t i = 0; i < e->n; i++)
		if (!fresh[i] &&
		    (first == NULL || e->v[i].until < first->until))
			first = &e->v[i];
	return first;
}

int
policy_dns_merge(struct policy_dns *d, const char *name, int family,
    const struct ipaddr *addrs, size_t n, unsigned keep, time_t now)
{
	uint8_t fresh[POLICY_DNS_KEEP_MAX] = {0}; /* v[i] is the answer's */
	size_t idx;
	struct entry *e = find(d, name, &idx);

	if (e == NULL)
		return -1;
	e->marked = 1;
	prune(e, now);
	for (size_t i = 0; i < n; i++) {
		struct kept *k = NULL;

		if (addrs[i].family != family)
			continue;
		for (size_t j = 0; j < e->n && k == NULL; j++)
			if (ipaddr_equal(&e->v[j].addr, &addrs[i]))
				k = &e->v[j];
		if (k == NULL) {
			k = slot(e, fresh);
			if (k == NULL)
				continue;
			k->addr = addrs[i];
		}
		k->until = now + (time_t)keep;
		fresh[k - e->v] = 1;
	}
	return (int)idx;
}

size_t
policy_dns_live(const struct policy_dns *d, size_t i, time_t now)
{
	size_t live = 0;

	for (size_t j = 0; i < d->n && j < d->e[i].n; j++)
		live += d->e[i].v[j].until > now;
	return live;
}

int
policy_dns_script(const struct policy_dns *d, const struct policy_plan *pl,
    size_t i, time_t now, struct obuf *out)
{
	struct policy_dns_addr a[POLICY_DNS_KEEP_MAX];
	size_t n = 0;

	if (i >= d->n)
		return -1;
	for (size_t j = 0; j < d->e[i].n; j++) {
		if (d->e[i].v[j].until <= now)
			continue;
		a[n].addr = d->e[i].v[j].addr;
		a[n].timeout = (unsigned)(d->e[i].v[j].until - now);
		n++;
	}
	return policy_nft_dns(pl, i, a, n, out);
}

int
policy_dns_script_marked(struct policy_dns *d, const struct policy_plan *pl,
    time_t now, struct obuf *out)
{
	int n = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (!d->e[i].marked)
			continue;
		d->e[i].marked = 0;
		if (policy_dns_script(d, pl, i, now, out) < 0)
			return -1;
		n++;
	}
	return n;
}

/* Networks no DNS answer may open a flow to. */
static const char *const special[] = {
    "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4",
    "240.0.0.0/4", "::/128", "::1/128", "::ffff:0:0/96", "fe80::/10",
    "ff00::/8",
};

static int
in_any(const struct cidr *nets, size_t n, const struct ipaddr *a)
{
	for (size_t i = 0; i < n; i++)
		if (cidr_contains(&nets[i], a))
			return 1;
	return 0;
}

int
policy_dns_usable(const struct policy_zone *z, const struct ipaddr *a)
{
	struct cidr c;

	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (cidr_parse(special[i], &c) == 0 && cidr_contains(&c, a))
			return 0;
	return !in_any(z->devnets, z->n_devnets, a) &&
	       !in_any(z->local, z->n_local, a);
}
