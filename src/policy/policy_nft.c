/*
 * The plan written out as nftables text: one table, `inet airlock`.
 *
 * forward (policy accept) sends only device-zone traffic on, to zone4 or
 * zone6, where the order of the rules is the policy:
 *   0. a bound endpoint's address from another MAC than its own (spoofed),
 *      before anything else, even established flows;
 *   1. quarantine, before anything but that, even established flows (but
 *      the remediation flow, when configured);
 *   2. established and related flows (their first packet passed 3-5);
 *   3. from an endpoint: its profile's from-device chain, through two
 *      maps: prof4 (address → the profile's number, written to the packet
 *      mark) then out4 (number → jump p<i>_out4); an ACE that allows the
 *      packet goes on to dst4, and the chain drops the rest. From a zone
 *      address no endpoint owns: logged as unknown, counted per address,
 *      dropped;
 *   4. to an endpoint from outside the zone, the local networks and the
 *      server groups (the Internet): counted per endpoint, dropped;
 *   5. dst4: out of the zone, accepted; to an endpoint, its profile's
 *      to-device chain through prof4 and in4, which accepts or drops. So
 *      device to device passes only when both profiles allow it.
 * Lookups are hash lookups: the cost per packet does not grow with the
 * number of endpoints. The mark is overwritten on the first packet of a
 * flow only (established ones leave at 2), and a change of endpoint touches
 * prof4 alone, which the kernel does not revalidate (docs/internals/
 * policy.md). The text follows `nft list`'s layout so that policy_diff can
 * compare it with the kernel's listing line by line.
 */
#include <stdio.h>
#include <string.h>

#include "policy/policy_plan.h"

#define T "inet " POLICY_TABLE
#define PER_LINE 4 /* elements per line in a set's listing */

struct fam {
	int v;            /* 4 or 6 */
	const char *ip;   /* "ip" or "ip6" */
	const char *type; /* "ipv4_addr" or "ipv6_addr" */
	const char *icmp; /* "icmp" or "icmpv6" */
};

static const struct fam fams[2] = {
    {4, "ip", "ipv4_addr", "icmp"},
    {6, "ip6", "ipv6_addr", "icmpv6"},
};

static const char *const proto_names[256] = {
    [1] = "icmp",
    [2] = "igmp",
    [6] = "tcp",
    [17] = "udp",
    [41] = "ipv6",
    [47] = "gre",
    [50] = "esp",
    [51] = "ah",
    [58] = "ipv6-icmp",
    [132] = "sctp",
    [136] = "udplite",
};

/* ICMP types by the names nft lists them with. */
static const char *const icmp4_types[256] = {
    [0] = "echo-reply",
    [3] = "destination-unreachable",
    [4] = "source-quench",
    [5] = "redirect",
    [8] = "echo-request",
    [9] = "router-advertisement",
    [10] = "router-solicitation",
    [11] = "time-exceeded",
    [12] = "parameter-problem",
    [13] = "timestamp-request",
    [14] = "timestamp-reply",
    [15] = "info-request",
    [16] = "info-reply",
    [17] = "address-mask-request",
    [18] = "address-mask-reply",
};

static const char *const icmp6_types[256] = {
    [1] = "destination-unreachable",
    [2] = "packet-too-big",
    [3] = "time-exceeded",
    [4] = "parameter-problem",
    [128] = "echo-request",
    [129] = "echo-reply",
    [130] = "mld-listener-query",
    [131] = "mld-listener-report",
    [132] = "mld-listener-done",
    [133] = "nd-router-solicit",
    [134] = "nd-router-advert",
    [135] = "nd-neighbor-solicit",
    [136] = "nd-neighbor-advert",
    [137] = "nd-redirect",
    [138] = "router-renumbering",
    [141] = "ind-neighbor-solicit",
    [142] = "ind-neighbor-advert",
    [143] = "mld2-listener-report",
};

/* ICMP codes nft names (its icmp_code and icmpv6_code types). */
static const char *const icmp4_codes[256] = {
    [0] = "net-unreachable",
    [1] = "host-unreachable",
    [2] = "prot-unreachable",
    [3] = "port-unreachable",
    [4] = "frag-needed",
    [9] = "net-prohibited",
    [10] = "host-prohibited",
    [13] = "admin-prohibited",
};

static const char *const icmp6_codes[256] = {
    [0] = "no-route",
    [1] = "admin-prohibited",
    [3] = "addr-unreachable",
    [4] = "port-unreachable",
    [5] = "policy-fail",
    [6] = "reject-route",
};

/* A name from a MUD document, safe inside a quoted nft comment. */
static void
put_safe(struct obuf *o, const char *s)
{
	for (; *s != '\0'; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		         (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		         c == '.' || c == ':' || c == '/';

		obuf_putc(o, ok ? c : '_');
	}
}

static int
fam_of(const struct ipaddr *a)
{
	return a->family == AF_INET6 ? 6 : 4;
}

/* A network as nft lists it: a host without its /32 or /128. */
static void
put_cidr(struct obuf *o, const struct cidr *c)
{
	char s[CIDR_STRLEN];

	if (c->prefix == (c->net.family == AF_INET6 ? 128 : 32))
		ipaddr_format(&c->net, s, sizeof(s));
	else
		cidr_format(c, s, sizeof(s));
	obuf_puts(o, s);
}

static void
put_addr(struct obuf *o, const struct ipaddr *a)
{
	char s[ADDR_STRLEN];

	ipaddr_format(a, s, sizeof(s));
	obuf_puts(o, s);
}

/* One set's element list, in the listing's layout; nothing when empty. */
struct elems {
	struct obuf *o;
	unsigned n;
};

static void
elem_next(struct elems *e)
{
	if (e->n == 0)
		obuf_puts(e->o, "\t\telements = { ");
	else if (e->n % PER_LINE == 0)
		obuf_puts(e->o, ",\n\t\t\t     ");
	else
		obuf_puts(e->o, ", ");
	e->n++;
}

static void
elem_end(struct elems *e)
{
	if (e->n > 0)
		obuf_puts(e->o, " }\n");
}

static void
set_open(
    struct obuf *o, const char *name, const struct fam *f, const char *flags)
{
	obuf_printf(o, "\n\tset %s%s {\n\t\ttype %s\n", name,
	    f->v == 4 ? "4" : "6", f->type);
	if (flags != NULL)
		obuf_printf(o, "\t\t%s\n", flags);
}

/* An interval set of networks of one family. */
static void
net_set(struct obuf *o, const char *name, const struct fam *f,
    const struct cidr *nets, size_t n)
{
	struct elems e = {o, 0};

	set_open(o, name, f, "flags interval\n\t\tauto-merge");
	for (size_t i = 0; i < n; i++) {
		if (fam_of(&nets[i].net) != f->v)
			continue;
		elem_next(&e);
		put_cidr(o, &nets[i]);
	}
	elem_end(&e);
	obuf_puts(o, "\t}\n");
}

/* The trusted side of the zone: devices, local networks, servers. */
static void
inside_set(struct obuf *o, const struct policy_zone *z, const struct fam *f)
{
	struct cidr all[POLICY_NETS_MAX * 2 +
	                POLICY_GROUPS_MAX * POLICY_GROUP_NETS_MAX];
	size_t n = 0;

	for (size_t i = 0; i < z->n_devnets; i++)
		all[n++] = z->devnets[i];
	for (size_t i = 0; i < z->n_local; i++)
		all[n++] = z->local[i];
	for (size_t g = 0; g < z->n_groups; g++)
		for (size_t i = 0; i < z->groups[g].n; i++)
			all[n++] = z->groups[g].nets[i];
	net_set(o, "inside", f, all, n);
}

/* Which endpoints a set holds. */
enum member {
	M_QUARANTINE,
	M_REMEDIATION,
	M_MACBOUND,
	M_MFG,
	M_MODEL,
};

static int
is_member(const struct policy_plan *pl, const struct policy_endpoint *ep,
    enum member m, int idx)
{
	switch (m) {
	case M_QUARANTINE:
		return ep->cut == POLICY_QUARANTINE;
	case M_REMEDIATION:
		return ep->cut == POLICY_QUARANTINE_REMEDIATION;
	case M_MACBOUND:
		return ep->has_mac;
	case M_MFG:
		return ep->profile < pl->n && pl->mfg_of[ep->profile] == idx;
	case M_MODEL:
		return ep->profile < pl->n && pl->model_of[ep->profile] == idx;
	}
	return 0;
}

static void
member_set(struct obuf *o, const struct policy_plan *pl, const char *name,
    const struct fam *f, enum member m, int idx,
    const struct policy_endpoint *eps, size_t n)
{
	struct elems e = {o, 0};

	set_open(o, name, f, NULL);
	for (size_t i = 0; eps != NULL && i < n; i++) {
		if (fam_of(&eps[i].addr) != f->v ||
		    !is_member(pl, &eps[i], m, idx))
			continue;
		elem_next(&e);
		put_addr(o, &eps[i].addr);
	}
	elem_end(&e);
	obuf_puts(o, "\t}\n");
}

static void
put_mac_pair(struct obuf *o, const struct policy_endpoint *ep)
{
	char mac[MAC_STRLEN];

	put_addr(o, &ep->addr);
	mac_format(ep->mac, mac);
	obuf_printf(o, " . %s", mac);
}

/* mac4: each bound endpoint's address with its MAC, the pairs that may
 * send from those addresses. */
static void
mac_set(struct obuf *o, const struct fam *f, const struct policy_endpoint *eps,
    size_t n)
{
	struct elems e = {o, 0};

	obuf_printf(o, "\n\tset mac%d {\n\t\ttype %s . ether_addr\n", f->v,
	    f->type);
	for (size_t i = 0; eps != NULL && i < n; i++) {
		if (fam_of(&eps[i].addr) != f->v || !eps[i].has_mac)
			continue;
		elem_next(&e);
		put_mac_pair(o, &eps[i]);
	}
	elem_end(&e);
	obuf_puts(o, "\t}\n");
}

static enum mud_dir
dir_of(const char *dir)
{
	return strcmp(dir, "out") == 0 ? MUD_FROM_DEVICE : MUD_TO_DEVICE;
}

/* Whether profile i has a rule of its own in a direction and family. One
 * without shares the deny-all chain, which does the same: most profiles
 * have no IPv6 ACE, and each chain libnftables parses is time at start. */
static int
has_rules(const struct policy_plan *pl, uint32_t i, const char *dir, int v)
{
	const struct mud_policy *m =
	    i == POLICY_NO_PROFILE ? NULL : pl->profiles[i].mud;

	for (unsigned j = 0; m != NULL && j < m->naces; j++)
		if (m->aces[j].dir == dir_of(dir) && m->aces[j].family == v &&
		    policy_ace_needed(&m->aces[j]))
			return 1;
	return 0;
}

/* The chain a profile's packets go to, "p3_out4" or "none_in6". */
static void
put_chain(struct obuf *o, uint32_t profile, const char *dir, int v)
{
	if (profile == POLICY_NO_PROFILE)
		obuf_printf(o, "none_%s%d", dir, v);
	else
		obuf_printf(o, "p%u_%s%d", profile, dir, v);
}

/* A profile's number in the mark maps, as nft lists it: profile i is i + 1,
 * and 0 is "no profile". */
static void
put_mark(struct obuf *o, uint32_t profile)
{
	obuf_printf(
	    o, "0x%08x", profile == POLICY_NO_PROFILE ? 0u : profile + 1);
}

static uint32_t
profile_of(const struct policy_plan *pl, const struct policy_endpoint *ep)
{
	return ep->profile < pl->n ? ep->profile : POLICY_NO_PROFILE;
}

/* prof4: each endpoint's address → its profile's number. A data map, not a
 * verdict map: adding a jump element makes the kernel revalidate every jump
 * of the table, 30 ms at 100,000 endpoints, where a mark costs nothing. */
static void
profile_map(struct obuf *o, const struct policy_plan *pl, const struct fam *f,
    const struct policy_endpoint *eps, size_t n)
{
	struct elems e = {o, 0};

	obuf_printf(o, "\n\tmap prof%d {\n\t\ttype %s : mark\n", f->v, f->type);
	for (size_t i = 0; eps != NULL && i < n; i++) {
		if (fam_of(&eps[i].addr) != f->v)
			continue;
		elem_next(&e);
		put_addr(o, &eps[i].addr);
		obuf_puts(o, " : ");
		put_mark(o, profile_of(pl, &eps[i]));
	}
	elem_end(&e);
	obuf_puts(o, "\t}\n");
}

/* out4 and in4: a profile's number → a jump to its chain. Their size is the
 * number of profiles, and they change only with a full reload. */
static void
dispatch_map(struct obuf *o, const struct policy_plan *pl, const char *dir,
    const struct fam *f)
{
	struct elems e = {o, 0};

	obuf_printf(o, "\n\tmap %s%d {\n\t\ttype mark : verdict\n", dir, f->v);
	for (uint32_t i = 0; i <= pl->n; i++) {
		uint32_t p = i == 0 ? POLICY_NO_PROFILE : i - 1;

		elem_next(&e);
		put_mark(o, p);
		obuf_puts(o, " : jump ");
		put_chain(o, has_rules(pl, p, dir, f->v) ? p : POLICY_NO_PROFILE,
		    dir, f->v);
	}
	elem_end(&e);
	obuf_puts(o, "\t}\n");
}

/* Per-address counters the kernel fills as packets come. */
static void
counter_set(struct obuf *o, const char *name, const struct fam *f)
{
	set_open(o, name, f, "size 1048576\n\t\tflags dynamic\n\t\tcounter");
	obuf_puts(o, "\t}\n");
}

static void
indexed_sets(struct obuf *o, const struct policy_plan *pl, const struct fam *f,
    const struct policy_endpoint *eps, size_t n)
{
	char name[32];

	for (size_t i = 0; i < pl->zone->n_groups; i++) {
		snprintf(name, sizeof(name), "g%zu_", i);
		net_set(o, name, f, pl->zone->groups[i].nets,
		    pl->zone->groups[i].n);
	}
	for (size_t i = 0; i < pl->mfgs.n; i++) {
		snprintf(name, sizeof(name), "a%zu_", i);
		member_set(o, pl, name, f, M_MFG, (int)i, eps, n);
	}
	for (size_t i = 0; i < pl->models.n; i++) {
		snprintf(name, sizeof(name), "u%zu_", i);
		member_set(o, pl, name, f, M_MODEL, (int)i, eps, n);
	}
	for (size_t i = 0; i < pl->dns.n; i++) {
		snprintf(name, sizeof(name), "n%zu_", i);
		set_open(o, name, f, "flags timeout");
		obuf_puts(o, "\t}\n");
	}
}

static void
sets(struct obuf *o, const struct policy_plan *pl, const struct fam *f,
    const struct policy_endpoint *eps, size_t n)
{
	const struct policy_zone *z = pl->zone;

	net_set(o, "devnet", f, z->devnets, z->n_devnets);
	net_set(o, "local", f, z->local, z->n_local);
	inside_set(o, z, f);
	member_set(o, pl, "q", f, M_QUARANTINE, 0, eps, n);
	member_set(o, pl, "qr", f, M_REMEDIATION, 0, eps, n);
	member_set(o, pl, "macbound", f, M_MACBOUND, 0, eps, n);
	mac_set(o, f, eps, n);
	profile_map(o, pl, f, eps, n);
	dispatch_map(o, pl, "out", f);
	dispatch_map(o, pl, "in", f);
	indexed_sets(o, pl, f, eps, n);
	counter_set(o, "exposure", f);
	counter_set(o, "violation", f);
	counter_set(o, "unknown", f);
}

/* The remote end of an ACE: " ip daddr @g0_4" and the like. */
static void
put_remote(struct obuf *o, const struct policy_plan *pl,
    const struct mud_policy *m, const struct mud_ace *a, const struct fam *f)
{
	const char *fld = a->dir == MUD_FROM_DEVICE ? "daddr" : "saddr";
	int i = -1;
	char set = 0;

	switch (a->remote) {
	case MUD_REMOTE_ANY:
		return;
	case MUD_REMOTE_NETWORK:
		obuf_printf(o, "%s %s ", f->ip, fld);
		put_cidr(o, &a->network);
		obuf_putc(o, ' ');
		return;
	case MUD_REMOTE_LOCAL:
		obuf_printf(o, "%s %s @local%d ", f->ip, fld, f->v);
		return;
	case MUD_REMOTE_DNSNAME:
		set = 'n';
		i = policy_names_find(&pl->dns, a->text);
		break;
	case MUD_REMOTE_CONTROLLER:
	case MUD_REMOTE_MY_CONTROLLER:
		set = 'g';
		i = policy_plan_controller(pl->zone, m, a);
		break;
	case MUD_REMOTE_SAME_MFG:
		set = 'a';
		i = policy_names_find(&pl->mfgs, m->authority);
		break;
	case MUD_REMOTE_MANUFACTURER:
		set = 'a';
		i = policy_names_find(&pl->mfgs, a->text);
		break;
	case MUD_REMOTE_MODEL:
		set = 'u';
		i = policy_names_find(&pl->models, a->text);
		break;
	}
	obuf_printf(o, "%s %s @%c%d_%d ", f->ip, fld, set, i, f->v);
}

static void
put_ports(struct obuf *o, const char *proto, const char *fld,
    const struct mud_ports *p)
{
	if (p->op == MUD_PORT_ANY)
		return;
	obuf_printf(o, "%s %s ", proto, fld);
	if (p->op == MUD_PORT_NEQ)
		obuf_printf(o, "!= %u ", p->lo);
	else if (p->lo == p->hi)
		obuf_printf(o, "%u ", p->lo);
	else
		obuf_printf(o, "%u-%u ", p->lo, p->hi);
}

/* ICMP type and code, by the names nft lists them with where it has one. */
static void
put_icmp(struct obuf *o, const struct mud_ace *a, const struct fam *f)
{
	const char *const *types = f->v == 4 ? icmp4_types : icmp6_types;
	const char *const *codes = f->v == 4 ? icmp4_codes : icmp6_codes;

	if (a->icmp_type >= 0 && types[a->icmp_type & 255] != NULL)
		obuf_printf(o, "%s type %s ", f->icmp,
		    types[a->icmp_type & 255]);
	else if (a->icmp_type >= 0)
		obuf_printf(o, "%s type %d ", f->icmp, a->icmp_type);
	if (a->icmp_code >= 0 && codes[a->icmp_code & 255] != NULL)
		obuf_printf(o, "%s code %s ", f->icmp,
		    codes[a->icmp_code & 255]);
	else if (a->icmp_code >= 0)
		obuf_printf(o, "%s code %d ", f->icmp, a->icmp_code);
}

/* The protocol: implied by ports or an ICMP type, explicit otherwise. */
static void
put_proto(struct obuf *o, const struct mud_ace *a, const struct fam *f)
{
	const char *l4 = a->protocol == 6    ? "tcp"
	                 : a->protocol == 17 ? "udp"
	                                     : NULL;
	int ports = a->sport.op != MUD_PORT_ANY || a->dport.op != MUD_PORT_ANY;

	if (l4 != NULL && ports) {
		put_ports(o, l4, "sport", &a->sport);
		put_ports(o, l4, "dport", &a->dport);
	} else if (a->icmp_type >= 0 || a->icmp_code >= 0) {
		put_icmp(o, a, f);
	} else if (a->protocol >= 0) {
		if (proto_names[a->protocol] != NULL)
			obuf_printf(
			    o, "meta l4proto %s ", proto_names[a->protocol]);
		else
			obuf_printf(o, "meta l4proto %d ", a->protocol);
	}
}

/* Whether the rule matches a family's header (an address or ICMP), which
 * makes nft spell out what a reject sends. */
static int
family_bound(const struct mud_ace *a)
{
	return a->remote != MUD_REMOTE_ANY || a->icmp_type >= 0 ||
	       a->icmp_code >= 0;
}

static void
ace_rule(struct obuf *o, const struct policy_plan *pl,
    const struct mud_policy *m, const struct mud_ace *a, const struct fam *f)
{
	if (a->family != f->v || !policy_ace_needed(a))
		return;
	obuf_puts(o, "\t\t");
	put_remote(o, pl, m, a, f);
	put_proto(o, a, f);
	if (a->action == MUD_DROP)
		obuf_puts(o, "drop");
	else if (a->action == MUD_REJECT && !family_bound(a))
		obuf_puts(o, "reject");
	else if (a->action == MUD_REJECT) /* as nft lists it */
		obuf_printf(o, "reject with %s port-unreachable", f->icmp);
	else if (a->dir == MUD_FROM_DEVICE)
		obuf_printf(o, "goto dst%d", f->v); /* now the destination */
	else
		obuf_puts(o, "accept");
	obuf_puts(o, " comment \"");
	put_safe(o, a->acl);
	obuf_putc(o, '/');
	put_safe(o, a->name);
	obuf_puts(o, "\"\n");
}

/* What every profile chain ends with: what no ACE allowed is logged (at
 * a bounded rate), counted against the endpoint, and dropped, by a rule
 * of its own (a full counter set must not let a packet on). */
static void
chain_tail(struct obuf *o, const struct policy_zone *z, const char *dir,
    const struct fam *f)
{
	const char *self = strcmp(dir, "out") == 0 ? "saddr" : "daddr";

	obuf_printf(o,
	    "\t\tlimit rate %u/second log prefix \"airlock violation %s \" "
	    "group %u\n",
	    z->log_rate, dir, z->log_group);
	obuf_printf(o, "\t\tadd @violation%d { %s %s }\n\t\tdrop\n", f->v,
	    f->ip, self);
}

static void
profile_chain(struct obuf *o, const struct policy_plan *pl, uint32_t i,
    const char *dir, const struct fam *f)
{
	const struct mud_policy *m =
	    i == POLICY_NO_PROFILE ? NULL : pl->profiles[i].mud;

	obuf_puts(o, "\n\tchain ");
	put_chain(o, i, dir, f->v);
	obuf_puts(o, " {\n\t\tcomment \"");
	if (i == POLICY_NO_PROFILE)
		obuf_puts(o, "no profile: deny all");
	else {
		obuf_puts(o, "profile ");
		put_safe(o, pl->profiles[i].name);
	}
	obuf_puts(o, "\"\n");
	for (unsigned j = 0; m != NULL && j < m->naces; j++)
		if (m->aces[j].dir == dir_of(dir))
			ace_rule(o, pl, m, &m->aces[j], f);
	chain_tail(o, pl->zone, dir, f);
	obuf_puts(o, "\t}\n");
}

static void
remediation_rules(
    struct obuf *o, const struct policy_zone *z, const struct fam *f)
{
	const char *l4 = z->remediation_proto == 17 ? "udp" : "tcp";

	if (!z->remediation)
		return;
	obuf_printf(o,
	    "\t\t%s saddr @qr%d %s daddr @g%u_%d %s dport %u "
	    "accept\n",
	    f->ip, f->v, f->ip, z->remediation_group, f->v, l4,
	    z->remediation_port);
	obuf_printf(o,
	    "\t\t%s daddr @qr%d %s saddr @g%u_%d %s sport %u "
	    "ct state established accept\n",
	    f->ip, f->v, f->ip, z->remediation_group, f->v, l4,
	    z->remediation_port);
}

static void
zone_chain(struct obuf *o, const struct policy_zone *z, const struct fam *f)
{
	int v = f->v;
	const char *ip = f->ip;

	obuf_printf(o, "\n\tchain zone%d {\n", v);
	/* First of all, even established flows: a bound address must come
	 * from its MAC (chain bound4). */
	obuf_printf(o, "\t\t%s saddr @macbound%d jump bound%d\n", ip, v, v);
	remediation_rules(o, z, f);
	obuf_printf(o,
	    "\t\t%s saddr @q%d counter drop comment \"quarantined\"\n"
	    "\t\t%s saddr @qr%d counter drop comment \"quarantined\"\n"
	    "\t\t%s daddr @q%d counter drop comment \"quarantined\"\n"
	    "\t\t%s daddr @qr%d counter drop comment \"quarantined\"\n"
	    "\t\tct state established,related accept\n"
	    "\t\tct state invalid drop\n",
	    ip, v, ip, v, ip, v, ip, v);
	/* The mark is the dispatch register: a failed lookup ends the rule
	 * before the mark is written. */
	obuf_printf(o,
	    "\t\t%s saddr @devnet%d meta mark set %s saddr map @prof%d "
	    "meta mark vmap @out%d\n",
	    ip, v, ip, v, v);
	obuf_printf(o,
	    "\t\t%s saddr @devnet%d limit rate %u/second log prefix "
	    "\"airlock unknown \" group %u\n",
	    ip, v, z->log_rate, z->log_group);
	/* Counting and dropping are separate rules: an element added to a
	 * full set fails and ends its rule, which must never let the packet
	 * on. */
	obuf_printf(o,
	    "\t\t%s saddr @devnet%d add @unknown%d { %s saddr }\n"
	    "\t\t%s saddr @devnet%d drop\n"
	    "\t\t%s saddr != @inside%d add @exposure%d { %s daddr }\n"
	    "\t\t%s saddr != @inside%d drop\n"
	    "\t\tgoto dst%d\n"
	    "\t}\n",
	    ip, v, v, ip, ip, v, ip, v, v, ip, ip, v, v);
	/* A bound address from its own MAC goes back to zone4. The match on
	 * ether saddr implies "meta iiftype ether" (nft adds it, and lists it
	 * not): from a link without MACs (a tunnel) the address is spoofed
	 * too. */
	obuf_printf(o,
	    "\n\tchain bound%d {\n"
	    "\t\t%s saddr . ether saddr @mac%d return\n"
	    "\t\tlimit rate %u/second log prefix \"airlock spoofed \" "
	    "group %u\n"
	    "\t\tcounter drop comment \"spoofed: not from the registered "
	    "MAC\"\n"
	    "\t}\n",
	    v, ip, v, z->log_rate, z->log_group);
	/* Where a packet goes once its source may send it: out of the zone,
	 * or to an endpoint whose to-device chain accepts or drops it. */
	obuf_printf(o,
	    "\n\tchain dst%d {\n"
	    "\t\t%s daddr != @devnet%d accept\n"
	    "\t\tmeta mark set %s daddr map @prof%d meta mark vmap @in%d\n"
	    "\t\tcounter drop comment \"no endpoint at this address\"\n"
	    "\t}\n",
	    v, ip, v, ip, v, v);
}

static void
forward_chain(struct obuf *o)
{
	obuf_puts(o, "\n\tchain forward {\n"
	             "\t\ttype filter hook forward priority filter; "
	             "policy accept;\n");
	for (int i = 0; i < 2; i++)
		obuf_printf(o,
		    "\t\t%s saddr @devnet%d jump zone%d\n"
		    "\t\t%s daddr @devnet%d jump zone%d\n",
		    fams[i].ip, fams[i].v, fams[i].v, fams[i].ip, fams[i].v,
		    fams[i].v);
	obuf_puts(o, "\t}\n");
}

static void
chains(struct obuf *o, const struct policy_plan *pl)
{
	static const char *const dirs[] = {"out", "in"};

	forward_chain(o);
	for (int f = 0; f < 2; f++) {
		zone_chain(o, pl->zone, &fams[f]);
		for (int d = 0; d < 2; d++) {
			profile_chain(
			    o, pl, POLICY_NO_PROFILE, dirs[d], &fams[f]);
			for (uint32_t i = 0; i < pl->n; i++)
				if (has_rules(pl, i, dirs[d], fams[f].v))
					profile_chain(
					    o, pl, i, dirs[d], &fams[f]);
		}
	}
}

int
policy_nft_full(const struct policy_plan *pl, const struct policy_endpoint *eps,
    size_t n, int elements, struct obuf *out)
{
	/* "add table" first, so that the delete finds something to delete
	 * on the first run: the pair is the atomic replacement idiom. */
	obuf_puts(out, "add table " T "\ndelete table " T "\n");
	obuf_puts(out, "table " T " {\n"
	               "\tcomment \"airlock device zone: written by airlockd, "
	               "do not edit\"\n");
	for (int f = 0; f < 2; f++)
		sets(out, pl, &fams[f], elements ? eps : NULL, n);
	chains(out, pl);
	obuf_puts(out, "}\n");
	return obuf_failed(out) ? -1 : 0;
}

static const char *
cut_set(enum policy_cut c)
{
	return c == POLICY_QUARANTINE ? "q" : "qr";
}

/* One element statement: "add element inet airlock q4 { 10.64.0.2 }". */
static void
element(struct obuf *o, int add, const char *set, int v, const struct ipaddr *a)
{
	obuf_printf(
	    o, "%s element " T " %s%d { ", add ? "add" : "delete", set, v);
	put_addr(o, a);
	obuf_puts(o, " }\n");
}

int
policy_nft_endpoint(const struct policy_plan *pl,
    const struct policy_endpoint *ep, int add, struct obuf *out)
{
	uint32_t p = profile_of(pl, ep);
	int v = fam_of(&ep->addr);
	char set[32];

	obuf_printf(
	    out, "%s element " T " prof%d { ", add ? "add" : "delete", v);
	put_addr(out, &ep->addr);
	if (add) {
		obuf_puts(out, " : ");
		put_mark(out, p);
	}
	obuf_puts(out, " }\n");
	if (ep->cut != POLICY_OPEN)
		element(out, add, cut_set(ep->cut), v, &ep->addr);
	if (ep->has_mac) {
		obuf_printf(out, "%s element " T " mac%d { ",
		    add ? "add" : "delete", v);
		put_mac_pair(out, ep);
		obuf_puts(out, " }\n");
		element(out, add, "macbound", v, &ep->addr);
	}
	if (p != POLICY_NO_PROFILE && pl->mfg_of[p] >= 0) {
		snprintf(set, sizeof(set), "a%d_", pl->mfg_of[p]);
		element(out, add, set, v, &ep->addr);
	}
	if (p != POLICY_NO_PROFILE && pl->model_of[p] >= 0) {
		snprintf(set, sizeof(set), "u%d_", pl->model_of[p]);
		element(out, add, set, v, &ep->addr);
	}
	return obuf_failed(out) ? -1 : 0;
}

int
policy_nft_cut(const struct policy_endpoint *ep, enum policy_cut was,
    struct obuf *out)
{
	int v = fam_of(&ep->addr);

	if (was != POLICY_OPEN)
		element(out, 0, cut_set(was), v, &ep->addr);
	if (ep->cut != POLICY_OPEN)
		element(out, 1, cut_set(ep->cut), v, &ep->addr);
	return obuf_failed(out) ? -1 : 0;
}

int
policy_nft_dns(const struct policy_plan *pl, size_t i,
    const struct policy_dns_addr *a, size_t n, struct obuf *out)
{
	if (i >= pl->dns.n)
		return -1;
	for (int f = 4; f <= 6; f += 2) {
		obuf_printf(out, "flush set " T " n%zu_%d\n", i, f);
		for (size_t j = 0; j < n; j++) {
			if (fam_of(&a[j].addr) != f || a[j].timeout == 0)
				continue;
			obuf_printf(out, "add element " T " n%zu_%d { ", i, f);
			put_addr(out, &a[j].addr);
			obuf_printf(out, " timeout %us }\n", a[j].timeout);
		}
	}
	return obuf_failed(out) ? -1 : 0;
}
