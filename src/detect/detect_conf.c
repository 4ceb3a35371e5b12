/*
 * The detectors' defaults. Each is argued in docs/detection.md from the
 * attack it is meant to catch, not fitted to a capture.
 */
#include "detect/detect.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/sizes.h"

static const uint16_t login_ports[] = {
    21, 22, 23, 110, 143, 993, 995, 2222, 2323, 3389, 5900, 8291};
static const uint16_t smtp_ports[] = {25, 465, 587, 2525};
static const uint16_t beacon_ignore[] = {
    53, 67, 68, 123, 137, 138, 1900, 5353, 5355};

#define COPY_PORTS(dst, n, src)                                                \
	do {                                                                   \
		memcpy((dst), (src), sizeof(src));                             \
		(n) = sizeof(src) / sizeof((src)[0]);                          \
	} while (0)

void
detect_conf_defaults(struct detect_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->max_flows = 1u << 21; /* 1M concurrent flows, under 1% evicted */
	c->max_devices = 1u << 16;
	c->max_peers = 1u << 18;
	c->flow_idle_s = 120;

	c->window_s = 300;
	c->scan_hosts = 25;
	c->scan_ports = 15;
	c->arp_targets = 25;
	c->brute_sessions = 10;
	COPY_PORTS(c->login_ports, c->n_login_ports, login_ports);
	COPY_PORTS(c->smtp_ports, c->n_smtp_ports, smtp_ports);

	c->flood_syn_pps = 500;
	c->flood_udp_pps = 2000;
	c->flood_icmp_pps = 500;
	c->flood_seconds = 5;

	c->spike_window_s = 600;
	c->spike_learn = 6;
	c->spike_factor = 10;
	c->spike_min_bytes = 10u << 20;

	c->beacon_count = 8;
	c->beacon_min_period_s = 5;
	c->beacon_max_period_s = 3600;
	c->beacon_jitter_pct = 10;
	COPY_PORTS(
	    c->beacon_ignore_ports, c->n_beacon_ignore_ports, beacon_ignore);
}

enum setting_kind { SET_U32, SET_U64, SET_SIZE, SET_BYTES, SET_PORTS };

struct setting {
	const char *name;
	enum setting_kind kind;
	size_t offset, count_offset;
	uint64_t min, max;
};

#define U32(n, f, lo, hi)                                                      \
	{                                                                      \
		n, SET_U32, offsetof(struct detect_conf, f), 0, lo, hi         \
	}
#define SIZE(n, f, lo, hi)                                                     \
	{                                                                      \
		n, SET_SIZE, offsetof(struct detect_conf, f), 0, lo, hi        \
	}
#define PORTS(n, f, nf)                                                        \
	{                                                                      \
		n, SET_PORTS, offsetof(struct detect_conf, f),                 \
		    offsetof(struct detect_conf, nf), 0, 65535                 \
	}

static const struct setting settings[] = {
    SIZE("max-flows", max_flows, 1024, 1u << 28),
    SIZE("max-devices", max_devices, 16, 1u << 26),
    SIZE("max-peers", max_peers, 1024, 1u << 28),
    U32("flow-idle", flow_idle_s, 1, 86400),
    U32("window", window_s, 1, 86400),
    U32("scan-hosts", scan_hosts, 1, 1000000),
    U32("scan-ports", scan_ports, 1, 65536),
    U32("arp-targets", arp_targets, 1, 1000000),
    U32("brute-sessions", brute_sessions, 1, 1000000),
    PORTS("login-ports", login_ports, n_login_ports),
    PORTS("smtp-ports", smtp_ports, n_smtp_ports),
    U32("flood-syn-pps", flood_syn_pps, 1, 100000000),
    U32("flood-udp-pps", flood_udp_pps, 1, 100000000),
    U32("flood-icmp-pps", flood_icmp_pps, 1, 100000000),
    U32("flood-seconds", flood_seconds, 1, 3600),
    U32("spike-window", spike_window_s, 1, 7 * 86400),
    U32("spike-learn", spike_learn, 1, 10000),
    U32("spike-factor", spike_factor, 2, 1000000),
    {"spike-min-bytes", SET_BYTES,
        offsetof(struct detect_conf, spike_min_bytes), 0, 0, UINT64_MAX},
    U32("beacon-count", beacon_count, 3, 100000),
    U32("beacon-min-period", beacon_min_period_s, 1, 86400),
    U32("beacon-max-period", beacon_max_period_s, 1, 7 * 86400),
    U32("beacon-jitter-pct", beacon_jitter_pct, 0, 100),
    PORTS("beacon-ignore-ports", beacon_ignore_ports, n_beacon_ignore_ports),
    {"table-seed", SET_U64, offsetof(struct detect_conf, table_seed), 0, 0,
        UINT64_MAX},
};

static int
parse_uint(const char *s, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

/* "23,2323,8080" or "none"; at most DETECT_PORTS_MAX. A list refused
 * leaves ports as they were: it is parsed aside first. */
static int
parse_ports(const char *s, uint16_t *ports, size_t *n, char *err, size_t errlen)
{
	char buf[256], *tok, *save = NULL;
	uint16_t parsed[DETECT_PORTS_MAX];
	uint64_t v;
	size_t k = 0;

	if (strcmp(s, "none") == 0) {
		*n = 0;
		return 0;
	}
	if (strlen(s) >= sizeof(buf)) {
		snprintf(err, errlen, "too long a port list");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (parse_uint(tok, &v) < 0 || v == 0 || v > 65535) {
			snprintf(err, errlen, "not a port: \"%s\"", tok);
			return -1;
		}
		if (k == DETECT_PORTS_MAX) {
			snprintf(err, errlen, "more than %d ports",
			    DETECT_PORTS_MAX);
			return -1;
		}
		parsed[k++] = (uint16_t)v;
	}
	if (k == 0) {
		snprintf(err, errlen, "no port (say \"none\" for none)");
		return -1;
	}
	memcpy(ports, parsed, k * sizeof(parsed[0]));
	*n = k;
	return 0;
}

static int
set_off(struct detect_conf *c, const char *value, char *err, size_t errlen)
{
	enum detect_type t;

	if (detect_type_parse(value, &t) < 0) {
		snprintf(
		    err, errlen, "off: no detector is called \"%s\"", value);
		return -1;
	}
	c->disabled |= 1u << t;
	return 0;
}

int
detect_conf_set(struct detect_conf *c, const char *name, const char *value,
    char *err, size_t errlen)
{
	const struct setting *s = NULL;
	char *base = (char *)c;
	uint64_t v;

	if (strcmp(name, "off") == 0)
		return set_off(c, value, err, errlen);
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(settings[i].name, name) == 0)
			s = &settings[i];
	if (s == NULL) {
		snprintf(
		    err, errlen, "no detection setting is called \"%s\"", name);
		return -1;
	}
	if (s->kind == SET_PORTS) {
		if (parse_ports(value, (uint16_t *)(base + s->offset),
		        (size_t *)(base + s->count_offset), err, errlen) == 0)
			return 0;
		/* err names the port; add the setting */
		char why[128];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	if ((s->kind == SET_BYTES ? size_parse(value, &v)
	                          : parse_uint(value, &v)) < 0 ||
	    v < s->min || v > s->max) {
		snprintf(err, errlen,
		    "%s: \"%s\" is not a number from %llu to "
		    "%llu",
		    name, value, (unsigned long long)s->min,
		    (unsigned long long)s->max);
		return -1;
	}
	if (s->kind == SET_U32)
		*(uint32_t *)(base + s->offset) = (uint32_t)v;
	else if (s->kind == SET_SIZE)
		*(size_t *)(base + s->offset) = (size_t)v;
	else
		*(uint64_t *)(base + s->offset) = v;
	return 0;
}

int
detect_conf_add_devices(
    struct detect_conf *c, const char *cidr, char *err, size_t errlen)
{
	struct cidr net;

	if (cidr_parse(cidr, &net) < 0) {
		snprintf(err, errlen,
		    "not a network (address/prefix, host "
		    "bits zero): \"%s\"",
		    cidr);
		return -1;
	}
	if (c->n_devices == DETECT_NETS_MAX) {
		snprintf(err, errlen, "more than %d device networks",
		    DETECT_NETS_MAX);
		return -1;
	}
	c->devices[c->n_devices++] = net;
	return 0;
}

int
detect_port_listed(
    const uint16_t list[DETECT_PORTS_MAX], size_t n, uint16_t port)
{
	/* the whole list at once where the machine can (SSE2 is part of
	 * x86-64): asked on every new flow, once per list */
#if defined(__SSE2__) && DETECT_PORTS_MAX == 16
	__m128i want = _mm_set1_epi16((short)port);
	unsigned hits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(
	                    _mm_loadu_si128((const __m128i *)list), want)) |
	                (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(
	                    _mm_loadu_si128((const __m128i *)&list[8]), want))
	                    << 16;

	/* two mask bits a port; those past the list's end do not count */
	return n < DETECT_PORTS_MAX ? (hits & ((1u << (2 * n)) - 1)) != 0
	                            : hits != 0;
#else
	for (size_t i = 0; i < n; i++)
		if (list[i] == port)
			return 1;
	return 0;
#endif
}
