#include "common/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
ipaddr_parse(const char *s, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, out->bytes) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out->bytes) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

int
ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->family == b->family &&
	       memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

void
ipaddr_format(const struct ipaddr *a, char *out, size_t outsz)
{
	if (inet_ntop(a->family, a->bytes, out, (socklen_t)outsz) == NULL)
		snprintf(out, outsz, "?");
}

static int
prefix_parse(const char *s, unsigned max, uint8_t *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -EINVAL;
	*out = (uint8_t)v;
	return 0;
}

int
cidr_parse(const char *s, struct cidr *out)
{
	char addr[ADDR_STRLEN];
	const char *slash = strchr(s, '/');
	size_t n;
	unsigned bits, i;

	if (slash == NULL)
		return -EINVAL;
	n = (size_t)(slash - s);
	if (n >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (ipaddr_parse(addr, &out->net) < 0)
		return -EINVAL;
	bits = out->net.family == AF_INET ? 32 : 128;
	if (prefix_parse(slash + 1, bits, &out->prefix) < 0)
		return -EINVAL;
	for (i = out->prefix; i < bits; i++)
		if (out->net.bytes[i / 8] & (0x80 >> (i % 8)))
			return -ERANGE;
	return 0;
}

void
cidr_format(const struct cidr *c, char *out, size_t outsz)
{
	char a[ADDR_STRLEN];

	ipaddr_format(&c->net, a, sizeof(a));
	snprintf(out, outsz, "%s/%u", a, c->prefix);
}

static int
prefix_match(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[whole] ^ b[whole]) & (0xff00 >> rest)) == 0;
}

int
cidr_contains(const struct cidr *c, const struct ipaddr *a)
{
	if (c->net.family != a->family)
		return 0;
	return prefix_match(c->net.bytes, a->bytes, c->prefix);
}

int
cidr_overlaps(const struct cidr *a, const struct cidr *b)
{
	return cidr_contains(a, &b->net) || cidr_contains(b, &a->net);
}

void
mac_format(const uint8_t m[6], char out[MAC_STRLEN])
{
	snprintf(out, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
	    m[2], m[3], m[4], m[5]);
}

int
hostport_parse(const char *s, struct sockaddr_storage *out, socklen_t *outlen)
{
	char host[ADDR_STRLEN];
	const char *colon, *hs = s;
	size_t n;
	unsigned long port;
	char *end;
	struct ipaddr a;

	if (*s == '[') {
		const char *rb = strchr(s, ']');

		if (rb == NULL || rb[1] != ':')
			return -EINVAL;
		hs = s + 1;
		n = (size_t)(rb - hs);
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return -EINVAL;
		n = (size_t)(colon - s);
	}
	if (n == 0 || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, hs, n);
	host[n] = '\0';
	if (colon[1] < '0' || colon[1] > '9')
		return -EINVAL;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || port == 0 || port > 65535)
		return -EINVAL;
	if (ipaddr_parse(host, &a) < 0)
		return -EINVAL;
	if (*s != '[' && a.family == AF_INET6)
		return -EINVAL; /* v6 needs brackets to be unambiguous */
	memset(out, 0, sizeof(*out));
	if (a.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		memcpy(&sin->sin_addr, a.bytes, 4);
		*outlen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		memcpy(&sin6->sin6_addr, a.bytes, 16);
		*outlen = sizeof(*sin6);
	}
	return 0;
}
