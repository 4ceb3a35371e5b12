/*
 * The zone check and the expansion of targets (scan_target.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "scan/scan_target.h"

/* IPv6 ranges whose addresses carry an IPv4 one: mapped (::ffff:0:0/96),
 * compatible (::/96) and NAT64's (64:ff9b::/96). A connection to one can
 * reach the IPv4 address behind it, which the zone's IPv4 networks may
 * not hold: they are never targets, whatever the zone's IPv6 networks. */
static const char *const embedding[] = {
    "::ffff:0:0/96", "::/96", "64:ff9b::/96"};

static int
embeds_ipv4(const struct cidr *c)
{
	struct cidr r;

	for (size_t i = 0; i < sizeof(embedding) / sizeof(*embedding); i++)
		if (cidr_parse(embedding[i], &r) == 0 && cidr_overlaps(&r, c))
			return 1;
	return 0;
}

int
scan_zone_contains(const struct scan_zone *z, const struct ipaddr *a)
{
	struct cidr host = {.net = *a, .prefix = 128};

	if (a->family == AF_INET6 && embeds_ipv4(&host))
		return 0;
	for (size_t i = 0; i < z->n; i++)
		if (cidr_contains(&z->nets[i], a))
			return 1;
	return 0;
}

/* A network lies inside the zone when one zone network holds it whole:
 * the same family, a prefix at least as long, and its base inside. */
static int
zone_holds(const struct scan_zone *z, const struct cidr *c)
{
	for (size_t i = 0; i < z->n; i++)
		if (z->nets[i].net.family == c->net.family &&
		    z->nets[i].prefix <= c->prefix &&
		    cidr_contains(&z->nets[i], &c->net))
			return 1;
	return 0;
}

static void
zone_text(const struct scan_zone *z, char *out, size_t outlen)
{
	char net[CIDR_STRLEN];
	size_t at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < z->n && at < outlen; i++) {
		cidr_format(&z->nets[i], net, sizeof(net));
		at += (size_t)snprintf(
		    out + at, outlen - at, "%s%s", i > 0 ? ", " : "", net);
	}
}

/* Add one to the address's host bits (big-endian bytes). */
static void
next_address(struct ipaddr *a)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	for (size_t i = len; i-- > 0;)
		if (++a->bytes[i] != 0)
			break;
}

static int
parse_spec(const char *spec, struct cidr *c, char *err, size_t errlen)
{
	int rc;

	if (strchr(spec, '/') == NULL) {
		if (ipaddr_parse(spec, &c->net) < 0)
			goto bad;
		c->prefix = c->net.family == AF_INET ? 32 : 128;
		return 0;
	}
	rc = cidr_parse(spec, c);
	if (rc == -ERANGE) {
		snprintf(err, errlen,
		    "target %s: host bits are set after the prefix length",
		    spec);
		return -1;
	}
	if (rc == 0)
		return 0;
bad:
	snprintf(err, errlen,
	    "target '%s' is neither an address nor a network (10.64.0.0/24)",
	    spec);
	return -1;
}

int
scan_target_expand(const struct scan_zone *z, const char *spec,
    struct ipaddr *out, size_t cap, size_t *n, char *err, size_t errlen)
{
	char zone[512];
	struct cidr c;
	unsigned bits, host_bits;
	uint64_t count, first = 0, skip_last = 0;
	struct ipaddr a;

	if (parse_spec(spec, &c, err, errlen) < 0)
		return -EINVAL;
	if (c.net.family == AF_INET6 && embeds_ipv4(&c)) {
		snprintf(err, errlen,
		    "target %s: IPv6 addresses that carry an IPv4 one "
		    "(::ffff:0:0/96, ::/96, 64:ff9b::/96) are refused; give "
		    "the IPv4 address",
		    spec);
		return -EPERM;
	}
	if (!zone_holds(z, &c)) {
		zone_text(z, zone, sizeof(zone));
		snprintf(err, errlen,
		    "target %s is outside the device networks (%s): the "
		    "scanner probes nothing else",
		    spec, zone);
		return -EPERM;
	}
	bits = c.net.family == AF_INET ? 32 : 128;
	host_bits = bits - c.prefix;
	count = host_bits < 32 ? (uint64_t)1 << host_bits : UINT64_MAX;
	if (c.net.family == AF_INET && host_bits >= 2)
		first = skip_last = 1;
	else if (c.net.family == AF_INET6 && host_bits >= 2)
		first = 1;
	count -= first + skip_last;
	if (count > cap - *n) {
		snprintf(err, errlen,
		    "target %s: more addresses than the %zu a scan takes; "
		    "scan it in parts",
		    spec, cap);
		return -E2BIG;
	}
	a = c.net;
	for (uint64_t i = 0; i < first; i++)
		next_address(&a);
	for (uint64_t i = 0; i < count; i++) {
		out[(*n)++] = a;
		next_address(&a);
	}
	return 0;
}

int
scan_addr_cmp(const void *p, const void *q)
{
	const struct ipaddr *a = p, *b = q;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}
