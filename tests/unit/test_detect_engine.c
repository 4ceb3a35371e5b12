/*
 * The detection engine end to end, through its public API only
 * (detect_new, detect_packet, detect_conn): packets decoded by hand
 * (struct decoded filled as decode.h would), flow records as conn.log
 * would give them, and the events collected from the callback. The
 * configuration is detect_conf_defaults() with the device networks
 * added; a test that needs other numbers sets them with
 * detect_conf_set(), as airlockd.conf would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect/detect.h"
#include "ip4.h"
#include "monitor/connlog.h"
#include "monitor/decode.h"

#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

#define SEC 1000000ULL
/* A second that begins a flood window (a multiple of 5) and a device
 * window alike. */
#define BASE (1700000000ULL * SEC)

#define MAX_EVENTS 256

struct sink {
	struct detection ev[MAX_EVENTS];
	size_t n; /* all events, even those not kept */
};

static struct sink sink;

static void
collect(void *arg, const struct detection *ev)
{
	struct sink *s = arg;

	if (s->n < MAX_EVENTS)
		s->ev[s->n] = *ev;
	s->n++;
}

static size_t
count_type(enum detect_type t)
{
	size_t n = 0;

	for (size_t i = 0; i < sink.n && i < MAX_EVENTS; i++)
		if (sink.ev[i].type == t)
			n++;
	return n;
}

static struct ipaddr
ip(const char *s)
{
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	if (ipaddr_parse(s, &a) < 0)
		fail_msg("bad address in test: %s", s);
	return a;
}

/* The i-th of many distinct public addresses, scattered as a worm's
 * random targets are (i < 65536). */
static struct ipaddr
public_host(unsigned i)
{
	static const unsigned first[] = {45, 89, 141, 185};

	return v4(first[i % 4], (i * 37) & 0xff, (i >> 8) & 0xff,
	    (i * 101 + 7) & 0xff);
}

/* The address as Mirai writes it into its SYNs' sequence numbers. */
static uint32_t
mirai_seq(const struct ipaddr *a)
{
	return (uint32_t)a->bytes[0] << 24 | (uint32_t)a->bytes[1] << 16 |
	       (uint32_t)a->bytes[2] << 8 | a->bytes[3];
}

static struct decoded
tcp(struct ipaddr src, uint16_t sport, struct ipaddr dst, uint16_t dport,
    uint8_t flags)
{
	struct decoded p;

	memset(&p, 0, sizeof(p));
	p.kind = DECODE_IP;
	p.src = src;
	p.dst = dst;
	p.proto = 6;
	p.ttl = 64;
	p.has_l4 = 1;
	p.sport = sport;
	p.dport = dport;
	p.tcp_flags = flags;
	p.tcp_seq = 0x12345678;
	return p;
}

static struct decoded
udp(struct ipaddr src, uint16_t sport, struct ipaddr dst, uint16_t dport)
{
	struct decoded p = tcp(src, sport, dst, dport, 0);

	p.proto = 17;
	p.tcp_seq = 0;
	return p;
}

static struct decoded
icmp(struct ipaddr src, struct ipaddr dst, uint8_t type)
{
	struct decoded p = tcp(src, 0, dst, 0, 0);

	p.proto = src.family == AF_INET6 ? 58 : 1;
	p.tcp_seq = 0;
	p.icmp_type = type;
	return p;
}

static void
payload(struct decoded *p, const char *data, size_t len)
{
	p->l4_data = (const uint8_t *)data;
	p->l4_captured = (uint16_t)len;
	p->l4_payload = (uint16_t)len;
}

static struct decoded
arp(uint16_t op, struct ipaddr sender, struct ipaddr target)
{
	struct decoded p;

	memset(&p, 0, sizeof(p));
	p.kind = DECODE_ARP;
	p.has_mac = 1;
	p.arp_op = op;
	p.src = sender;
	p.dst = target;
	return p;
}

static void
pkt(struct detect *d, struct decoded p, uint64_t ts)
{
	detect_packet(d, &p, 60, ts);
}

static void
conf_default(struct detect_conf *c)
{
	char err[256];

	detect_conf_defaults(c);
	assert_int_equal(
	    detect_conf_add_devices(c, "10.64.0.0/16", err, sizeof(err)), 0);
	assert_int_equal(
	    detect_conf_add_devices(c, "fd64::/64", err, sizeof(err)), 0);
}

static void
conf_set(struct detect_conf *c, const char *name, const char *value)
{
	char err[256];

	if (detect_conf_set(c, name, value, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

/* The engines a test made, freed by done() or, when an assertion ends
 * the test first, by the teardown. */
static struct detect *engines[4];

static struct detect *
engine(const struct detect_conf *c)
{
	struct detect *d;
	size_t i;

	memset(&sink, 0, sizeof(sink));
	d = detect_new(c, collect, &sink);
	assert_non_null(d);
	for (i = 0; i < 4 && engines[i] != NULL; i++)
		;
	assert_true(i < 4);
	engines[i] = d;
	return d;
}

static void
done(struct detect *d)
{
	for (size_t i = 0; i < 4; i++)
		if (engines[i] == d)
			engines[i] = NULL;
	detect_free(d);
}

static int
teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		detect_free(engines[i]);
		engines[i] = NULL;
	}
	return 0;
}

static struct detect *
engine_default(void)
{
	struct detect_conf c;

	conf_default(&c);
	return engine(&c);
}

/* A SYN from dev to each of n public hosts' port, one every 10 ms; with
 * Mirai's sequence number when mirai. */
static void
syn_sweep(struct detect *d, struct ipaddr dev, unsigned first, unsigned n,
    uint16_t port, int mirai, uint64_t t0)
{
	for (unsigned i = first; i < first + n; i++) {
		struct ipaddr h = public_host(i);
		struct decoded p =
		    tcp(dev, (uint16_t)(40000 + i), h, port, TCP_SYN);

		if (mirai)
			p.tcp_seq = mirai_seq(&h);
		pkt(d, p, t0 + (i - first) * 10000);
	}
}

static void
assert_device(const struct detection *ev, const struct ipaddr *dev)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];

	if (!ipaddr_equal(&ev->device, dev)) {
		ipaddr_format(&ev->device, a, sizeof(a));
		ipaddr_format(dev, b, sizeof(b));
		fail_msg(
		    "%s event on %s, not %s", detect_type_name(ev->type), a, b);
	}
}

/* --- (a), (b), (k): horizontal scans ---------------------------------- */

static void
test_scan_mirai(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");
	const struct detection *ev = &sink.ev[0];
	struct detect_stats st;

	(void)state;
	syn_sweep(d, dev, 0, 30, 23, 1, BASE + 5 * SEC);
	assert_int_equal(sink.n, 1);
	assert_int_equal(ev->type, DT_SCAN_HORIZONTAL);
	assert_device(ev, &dev);
	assert_true(ev->hosts >= 25);
	assert_int_equal(ev->hosts, 25);
	assert_int_equal(ev->answered, 0);
	assert_int_equal(ev->mirai, 25);
	assert_int_equal(ev->count, 25);
	assert_int_equal(ev->severity, SEV_CRITICAL);
	assert_int_equal(ev->window_start_us, BASE + 5 * SEC);
	assert_int_equal(ev->window_end_us, BASE + 5 * SEC + 24 * 10000);
	/* the last hosts tried, oldest first */
	assert_int_equal(ev->n_samples, DETECT_SAMPLES);
	for (unsigned k = 0; k < DETECT_SAMPLES; k++) {
		struct ipaddr h = public_host(21 + k);

		assert_true(ipaddr_equal(&ev->samples[k].remote, &h));
		assert_int_equal(ev->samples[k].port, 23);
		assert_int_equal(ev->samples[k].proto, 6);
		assert_int_equal(
		    ev->samples[k].ts_us, BASE + 5 * SEC + (21 + k) * 10000);
	}
	detect_get_stats(d, &st);
	assert_int_equal(st.events, 1);
	assert_int_equal(st.packets, 30);
	assert_int_equal(st.bytes, 30 * 60);
	assert_int_equal(st.no_device, 0);
	assert_int_equal(st.flows, 30);

	/* the next window: the same 30 hosts count again, once */
	syn_sweep(d, dev, 0, 30, 23, 1, BASE + 400 * SEC);
	assert_int_equal(sink.n, 2);
	ev = &sink.ev[1];
	assert_int_equal(ev->type, DT_SCAN_HORIZONTAL);
	assert_device(ev, &dev);
	assert_int_equal(ev->hosts, 25);
	assert_int_equal(ev->window_start_us, BASE + 400 * SEC);
	assert_int_equal(ev->window_end_us, BASE + 400 * SEC + 24 * 10000);
	done(d);
}

/* A packet sent first on a flow's ports, before its SYN, must not make
 * the connection look like one picked up midway: malware could hide
 * every attempt behind a stray ACK. */
static void
test_stray_packet_before_syn(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");

	(void)state;
	for (unsigned i = 0; i < 30; i++) {
		struct ipaddr h = public_host(i);

		pkt(d, tcp(dev, (uint16_t)(40000 + i), h, 23, TCP_ACK),
		    BASE + i * 10000);
		pkt(d, tcp(dev, (uint16_t)(40000 + i), h, 23, TCP_SYN),
		    BASE + i * 10000 + 1);
	}
	assert_int_equal(count_type(DT_SCAN_HORIZONTAL), 1);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].hosts, 25);
	done(d);

	/* the same from the other side: a packet to the device first, an
	 * ACK or a SYN (which made the remote the flow's initiator) */
	for (int flags = TCP_ACK; flags >= TCP_SYN;
	     flags -= TCP_ACK - TCP_SYN) {
		d = engine_default();
		for (unsigned i = 0; i < 30; i++) {
			struct ipaddr h = public_host(i);

			pkt(d,
			    tcp(h, 23, dev, (uint16_t)(40000 + i),
			        (uint8_t)flags),
			    BASE + i * 10000);
			pkt(d, tcp(dev, (uint16_t)(40000 + i), h, 23, TCP_SYN),
			    BASE + i * 10000 + 1);
		}
		assert_int_equal(count_type(DT_SCAN_HORIZONTAL), 1);
		done(d);
	}
}

static void
test_scan_not_mirai(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");

	(void)state;
	syn_sweep(d, dev, 0, 30, 23, 0, BASE);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SCAN_HORIZONTAL);
	assert_int_equal(sink.ev[0].mirai, 0);
	assert_int_equal(sink.ev[0].severity, SEV_HIGH);
	done(d);
}

/* 24 hosts, each SYN sent three times: retransmissions are not new
 * flows, so not new attempts. */
static void
test_scan_below_threshold(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");

	(void)state;
	for (int r = 0; r < 3; r++)
		syn_sweep(d, dev, 0, 24, 23, 1, BASE + (uint64_t)r * SEC);
	assert_int_equal(sink.n, 0);
	/* the 25th host */
	syn_sweep(d, dev, 24, 1, 23, 1, BASE + 4 * SEC);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].hosts, 25);
	assert_int_equal(sink.ev[0].count, 25);
	done(d);
}

static void
test_scan_answered(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");
	uint64_t t = BASE;

	(void)state;
	/* every SYN answered with a SYN-ACK: a busy device, not a scan */
	for (unsigned i = 0; i < 60; i++) {
		struct ipaddr h = public_host(i);

		pkt(d, tcp(dev, (uint16_t)(40000 + i), h, 23, TCP_SYN), t);
		pkt(d,
		    tcp(h, 23, dev, (uint16_t)(40000 + i), TCP_SYN | TCP_ACK),
		    t + 20000);
		t += 50000;
	}
	assert_int_equal(sink.n, 0);
	done(d);

	/* five of thirty answered: the scan is the 25 others, at the 30th */
	d = engine_default();
	t = BASE;
	for (unsigned i = 0; i < 30; i++) {
		struct ipaddr h = public_host(i);

		pkt(d, tcp(dev, (uint16_t)(40000 + i), h, 23, TCP_SYN), t);
		if (i < 5)
			pkt(d,
			    tcp(h, 23, dev, (uint16_t)(40000 + i),
			        TCP_SYN | TCP_ACK),
			    t + 20000);
		assert_int_equal(sink.n, i == 29);
		t += 50000;
	}
	assert_int_equal(sink.ev[0].hosts, 30);
	assert_int_equal(sink.ev[0].answered, 5);
	assert_int_equal(sink.ev[0].level, 25);
	done(d);
}

static void
test_scan_escalation(void **state)
{
	static const uint32_t levels[] = {25, 50, 100, 200};
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");

	(void)state;
	syn_sweep(d, dev, 0, 399, 23, 0, BASE);
	assert_int_equal(sink.n, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct detection *ev = &sink.ev[i];

		assert_int_equal(ev->type, DT_SCAN_HORIZONTAL);
		assert_int_equal(ev->level, levels[i]);
		assert_int_equal(ev->hosts, levels[i]);
		assert_device(ev, &dev);
		assert_int_equal(ev->window_start_us, BASE);
		assert_int_equal(
		    ev->window_end_us, BASE + (levels[i] - 1) * 10000ULL);
	}
	/* 400 */
	syn_sweep(d, dev, 399, 1, 23, 0, BASE + 10 * SEC);
	assert_int_equal(sink.n, 5);
	assert_int_equal(sink.ev[4].level, 400);
	/* a new window starts again from 25 */
	syn_sweep(d, dev, 1000, 60, 23, 0, BASE + 301 * SEC);
	assert_int_equal(sink.n, 7);
	assert_int_equal(sink.ev[5].level, 25);
	assert_int_equal(sink.ev[5].window_start_us, BASE + 301 * SEC);
	assert_int_equal(sink.ev[6].level, 50);
	done(d);
}

/* The end of the input: a scan that grew after its last event is raised
 * once more with its final count; one that did not, and a device with no
 * event, are not. */
static void
test_flush(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), quiet = ip("10.64.0.3");

	(void)state;
	syn_sweep(d, dev, 0, 70, 23, 0, BASE);
	syn_sweep(d, quiet, 5000, 10, 23, 0, BASE);
	assert_int_equal(sink.n, 2); /* 25, 50 */
	detect_flush(d);
	assert_int_equal(sink.n, 3);
	assert_int_equal(sink.ev[2].type, DT_SCAN_HORIZONTAL);
	assert_int_equal(sink.ev[2].hosts, 70);
	assert_int_equal(sink.ev[2].level, 70);
	assert_device(&sink.ev[2], &dev);
	assert_int_equal(sink.ev[2].window_start_us, BASE);
	/* nothing grew since */
	detect_flush(d);
	assert_int_equal(sink.n, 3);
	done(d);
}

static void
test_scan_ipv6(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("fd64::2"), h;
	char text[64];

	(void)state;
	for (unsigned i = 0; i < 30; i++) {
		snprintf(text, sizeof(text), "2001:db8:%x::%x", i, i + 1);
		h = ip(text);
		pkt(d, tcp(dev, (uint16_t)(40000 + i), h, 23, TCP_SYN),
		    BASE + i * 1000);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SCAN_HORIZONTAL);
	assert_int_equal(sink.ev[0].hosts, 25);
	assert_int_equal(sink.ev[0].mirai, 0);
	assert_device(&sink.ev[0], &dev);
	done(d);
}

/* Datagrams to 40 multicast groups and the network's broadcast address
 * are not hosts. */
static void
test_scan_groups_not_hosts(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");

	(void)state;
	for (unsigned i = 0; i < 40; i++)
		pkt(d, udp(dev, 5353, v4(239, 1, 2, i), 5000), BASE + i * 1000);
	pkt(d, udp(dev, 68, ip("255.255.255.255"), 67), BASE + 50000);
	pkt(d, udp(dev, 137, ip("10.64.255.255"), 137), BASE + 60000);
	for (unsigned i = 0; i < 40; i++) {
		char text[64];

		snprintf(text, sizeof(text), "ff02::%x", i + 1);
		pkt(d, udp(ip("fd64::2"), 5353, ip(text), 5000),
		    BASE + 100000 + i * 1000);
	}
	assert_int_equal(sink.n, 0);
	done(d);
}

/* The threshold's last host is a network's broadcast address: no scan
 * (it is no host); a fifth unicast host makes one. */
static void
test_broadcast_not_the_last_host(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct ipaddr dev = ip("10.64.0.2");

	(void)state;
	conf_default(&c);
	conf_set(&c, "scan-hosts", "5");
	d = engine(&c);
	syn_sweep(d, dev, 0, 4, 23, 0, BASE);
	pkt(d, tcp(dev, 41000, ip("10.64.255.255"), 23, TCP_SYN), BASE + SEC);
	assert_int_equal(sink.n, 0);
	syn_sweep(d, dev, 4, 1, 23, 0, BASE + 2 * SEC);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].hosts, 5);
	done(d);
}

static void
test_detector_off(void **state)
{
	struct detect_conf c;
	struct detect *d;

	(void)state;
	conf_default(&c);
	conf_set(&c, "off", "scan_horizontal");
	d = engine(&c);
	syn_sweep(d, ip("10.64.0.2"), 0, 100, 23, 1, BASE);
	assert_int_equal(sink.n, 0);
	done(d);

	/* the threshold is the setting's */
	conf_default(&c);
	conf_set(&c, "scan-hosts", "5");
	d = engine(&c);
	syn_sweep(d, ip("10.64.0.2"), 0, 4, 23, 0, BASE);
	assert_int_equal(sink.n, 0);
	syn_sweep(d, ip("10.64.0.2"), 4, 1, 23, 0, BASE + SEC);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].hosts, 5);
	done(d);
}

/* --- (c): vertical scans ---------------------------------------------- */

static void
test_scan_vertical_closed(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), h = ip("198.51.100.7");
	uint64_t t = BASE;

	(void)state;
	for (unsigned i = 0; i < 20; i++) {
		uint16_t sport = (uint16_t)(50000 + i),
		         port = (uint16_t)(1000 + i);

		pkt(d, tcp(dev, sport, h, port, TCP_SYN), t);
		pkt(d, tcp(h, port, dev, sport, TCP_RST | TCP_ACK), t + 1000);
		assert_int_equal(sink.n, i >= 14);
		t += 5000;
	}
	assert_int_equal(sink.ev[0].type, DT_SCAN_VERTICAL);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].ports, 15);
	assert_int_equal(sink.ev[0].answered, 0);
	assert_true(sink.ev[0].has_target);
	assert_true(ipaddr_equal(&sink.ev[0].target, &h));
	assert_int_equal(sink.ev[0].window_start_us, BASE);
	done(d);

	/* nmap tries a closed port again from the same source port: after
	 * the reset, a new SYN is a new attempt (the event counts both) */
	d = engine_default();
	t = BASE;
	for (unsigned i = 0; i < 15; i++) {
		uint16_t sport = (uint16_t)(50000 + i),
		         port = (uint16_t)(1000 + i);

		for (int r = 0; r < (i < 14 ? 2 : 1); r++) {
			pkt(d, tcp(dev, sport, h, port, TCP_SYN), t);
			pkt(d, tcp(h, port, dev, sport, TCP_RST | TCP_ACK),
			    t + 1000);
			t += 5000;
		}
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].ports, 15);
	assert_int_equal(sink.ev[0].count, 29);
	done(d);

	/* the same ports open: no scan */
	d = engine_default();
	t = BASE;
	for (unsigned i = 0; i < 40; i++) {
		uint16_t sport = (uint16_t)(50000 + i),
		         port = (uint16_t)(1000 + i);

		pkt(d, tcp(dev, sport, h, port, TCP_SYN), t);
		pkt(d, tcp(h, port, dev, sport, TCP_SYN | TCP_ACK), t + 1000);
		t += 5000;
	}
	assert_int_equal(sink.n, 0);
	done(d);
}

/* --- (d): brute force ------------------------------------------------- */

/* One session from ini to resp:port: SYN, SYN-ACK, and the server's
 * first bytes when banner is not NULL. */
static void
session(struct detect *d, struct ipaddr ini, uint16_t sport, struct ipaddr resp,
    uint16_t port, const char *banner, size_t len, uint64_t t)
{
	struct decoded p;

	pkt(d, tcp(ini, sport, resp, port, TCP_SYN), t);
	pkt(d, tcp(resp, port, ini, sport, TCP_SYN | TCP_ACK), t + 1000);
	pkt(d, tcp(ini, sport, resp, port, TCP_ACK), t + 2000);
	if (banner == NULL)
		return;
	p = tcp(resp, port, ini, sport, TCP_PSH | TCP_ACK);
	payload(&p, banner, len);
	pkt(d, p, t + 3000);
}

static void
test_brute_ssh_banner(void **state)
{
	static const char banner[] = "SSH-2.0-x";
	struct detect *d = engine_default();
	struct ipaddr ini = ip("10.64.0.2"), target = ip("10.64.0.9");

	(void)state;
	for (unsigned i = 0; i < 12; i++) {
		session(d, ini, (uint16_t)(41000 + i), target, 902, banner,
		    sizeof(banner) - 1, BASE + i * SEC);
		assert_int_equal(sink.n, i >= 9);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_BRUTE_FORCE);
	assert_device(&sink.ev[0], &ini);
	assert_string_equal(sink.ev[0].service, "ssh");
	assert_int_equal(sink.ev[0].count, 10);
	assert_true(sink.ev[0].has_target);
	assert_true(ipaddr_equal(&sink.ev[0].target, &target));
	assert_int_equal(sink.ev[0].target_port, 902);
	assert_int_equal(sink.ev[0].severity, SEV_HIGH);
	for (size_t i = 0; i < sink.n; i++)
		assert_false(ipaddr_equal(&sink.ev[i].device, &target));
	done(d);
}

static void
test_brute_by_port_and_http(void **state)
{
	static const char iac[] = "\xff\xfd\x18\xff\xfd\x20";
	static const char http401[] = "HTTP/1.1 401 Unauthorized\r\n";
	static const char http200[] = "HTTP/1.1 200 OK\r\n";
	struct detect *d = engine_default();
	struct ipaddr t1 = ip("203.0.113.23"), t2 = ip("203.0.113.80"),
	              t3 = ip("203.0.113.81");
	struct ipaddr dev1 = ip("10.64.0.21"), dev2 = ip("10.64.0.22"),
	              dev3 = ip("10.64.0.23"), dev4 = ip("10.64.0.24");

	(void)state;
	/* Each on a device of its own: a device's second brute force in
	 * a window is reported only at twice the first one's level. */
	/* telnet on its port, no banner needed */
	for (unsigned i = 0; i < 10; i++)
		session(d, dev1, (uint16_t)(41000 + i), t1, 23, NULL, 0,
		    BASE + i * SEC);
	assert_int_equal(sink.n, 1);
	assert_string_equal(sink.ev[0].service, "telnet");
	assert_int_equal(sink.ev[0].target_port, 23);
	assert_device(&sink.ev[0], &dev1);

	/* telnet negotiation on an unusual port */
	for (unsigned i = 0; i < 10; i++)
		session(d, dev2, (uint16_t)(42000 + i), t1, 9023, iac,
		    sizeof(iac) - 1, BASE + 20 * SEC + i * SEC);
	assert_int_equal(sink.n, 2);
	assert_string_equal(sink.ev[1].service, "telnet");
	assert_int_equal(sink.ev[1].target_port, 9023);
	assert_device(&sink.ev[1], &dev2);

	/* an SSH server on a telnet port: what it says wins */
	for (unsigned i = 0; i < 10; i++)
		session(d, ip("10.64.0.25"), (uint16_t)(45000 + i), t1, 2323,
		    "SSH-2.0-dropbear", 16, BASE + 30 * SEC + i * SEC / 10);
	assert_int_equal(sink.n, 3);
	assert_string_equal(sink.ev[2].service, "ssh");
	assert_int_equal(sink.ev[2].target_port, 2323);

	/* a web server that says 200 twenty times: no login */
	for (unsigned i = 0; i < 20; i++)
		session(d, dev3, (uint16_t)(43000 + i), t3, 80, http200,
		    sizeof(http200) - 1, BASE + 40 * SEC + i * SEC);
	assert_int_equal(sink.n, 3);

	/* ten 401s */
	for (unsigned i = 0; i < 10; i++) {
		session(d, dev4, (uint16_t)(44000 + i), t2, 80, http401,
		    sizeof(http401) - 1, BASE + 70 * SEC + i * SEC);
		assert_int_equal(sink.n, 3 + (i == 9));
	}
	assert_int_equal(sink.ev[3].type, DT_BRUTE_FORCE);
	assert_string_equal(sink.ev[3].service, "http");
	assert_int_equal(sink.ev[3].answered, 10);
	assert_true(ipaddr_equal(&sink.ev[3].target, &t2));
	assert_device(&sink.ev[3], &dev4);
	done(d);
}

/* Sessions to a port that asks for no login, however many. */
static void
test_brute_not_login(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr ini = ip("10.64.0.2"), target = ip("203.0.113.5");

	(void)state;
	for (unsigned i = 0; i < 50; i++)
		session(d, ini, (uint16_t)(41000 + i), target, 8883, NULL, 0,
		    BASE + i * 2 * SEC);
	assert_int_equal(sink.n, 0);
	done(d);
}

/* An answer that comes in the device's next window, to an attempt of the
 * last, opens no session of the new window: only the new window's own
 * attempts count towards a brute force. With that answer counted, nine
 * sessions of the new window would make ten, and an event. */
static void
test_brute_answer_across_windows(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr ini = ip("10.64.0.2"), target = ip("203.0.113.5");

	(void)state;
	pkt(d, tcp(ini, 40000, target, 22, TCP_SYN), BASE);
	pkt(d, tcp(ini, 40001, target, 22, TCP_SYN), BASE + 299 * SEC);
	/* the device's first packet of its second window: the answer */
	pkt(d, tcp(target, 22, ini, 40001, TCP_SYN | TCP_ACK),
	    BASE + 300 * SEC + SEC / 10);
	for (unsigned i = 0; i < 9; i++)
		session(d, ini, (uint16_t)(41000 + i), target, 22, NULL, 0,
		    BASE + (301 + i) * SEC);
	assert_int_equal(count_type(DT_BRUTE_FORCE), 0);
	/* the tenth of the window's own makes it */
	session(d, ini, 41009, target, 22, NULL, 0, BASE + 310 * SEC);
	assert_int_equal(count_type(DT_BRUTE_FORCE), 1);
	done(d);
}

/* --- (e): SMTP -------------------------------------------------------- */

static void
test_smtp(void **state)
{
	static const char ehlo[] = "EHLO fridge\r\n";
	static const char greeting[] = "220 mx.example.com ESMTP Postfix\r\n";
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), mx = ip("203.0.113.25");
	struct decoded p;
	uint64_t t = BASE;

	(void)state;
	/* a SYN that gets a reset, one that gets nothing */
	pkt(d, tcp(dev, 40000, mx, 25, TCP_SYN), t);
	pkt(d, tcp(mx, 25, dev, 40000, TCP_RST | TCP_ACK), t + 1000);
	pkt(d, tcp(dev, 40001, mx, 587, TCP_SYN), t + 2000);
	/* accepted, but the device says nothing */
	session(d, dev, 40002, mx, 25, NULL, 0, t + 3000);
	/* the device speaks, but not to a mail port */
	session(d, dev, 40004, mx, 443, NULL, 0, t + 10000);
	p = tcp(dev, 40004, mx, 443, TCP_PSH | TCP_ACK);
	payload(&p, ehlo, sizeof(ehlo) - 1);
	pkt(d, p, t + 15000);
	assert_int_equal(sink.n, 0);

	/* accepted, and the device speaks: the event */
	session(d, dev, 40003, mx, 25, NULL, 0, t + SEC);
	p = tcp(dev, 40003, mx, 25, TCP_PSH | TCP_ACK);
	payload(&p, ehlo, sizeof(ehlo) - 1);
	pkt(d, p, t + SEC + 5000);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SMTP);
	assert_device(&sink.ev[0], &dev);
	assert_true(sink.ev[0].has_target);
	assert_true(ipaddr_equal(&sink.ev[0].target, &mx));
	assert_int_equal(sink.ev[0].target_port, 25);
	assert_int_equal(sink.ev[0].window_end_us, t + SEC + 5000);

	/* five more sessions, greeting and all, now and next window: no
	 * more events */
	for (unsigned i = 0; i < 5; i++) {
		uint64_t ts = t + 10 * SEC + i * 200 * SEC;
		uint16_t sport = (uint16_t)(40010 + i);

		session(
		    d, dev, sport, mx, 25, greeting, sizeof(greeting) - 1, ts);
		p = tcp(dev, sport, mx, 25, TCP_PSH | TCP_ACK);
		payload(&p, ehlo, sizeof(ehlo) - 1);
		pkt(d, p, ts + 5000);
	}
	assert_int_equal(sink.n, 1);
	done(d);
}

/* A mail server's greeting on a port that is not a mail port. */
static void
test_smtp_greeting_any_port(void **state)
{
	static const char greeting[] = "220 relay.example ESMTP ready\r\n";
	static const char ftp[] = "220 ProFTPD Server\r\n";
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.4"), srv = ip("203.0.113.26");

	(void)state;
	session(d, dev, 40000, srv, 2121, ftp, sizeof(ftp) - 1, BASE);
	assert_int_equal(sink.n, 0);
	session(d, dev, 40001, srv, 8025, greeting, sizeof(greeting) - 1,
	    BASE + SEC);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SMTP);
	assert_int_equal(sink.ev[0].target_port, 8025);
	assert_device(&sink.ev[0], &dev);
	done(d);
}

/* --- (f): floods ------------------------------------------------------ */

static void
test_flood_in(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr victim = ip("10.64.0.5");
	struct detect_stats st;

	(void)state;
	/* 3000 SYNs from spoofed sources in one second; the victim answers
	 * each with a SYN-ACK */
	for (unsigned i = 0; i < 3000; i++) {
		struct ipaddr src = public_host(i);
		uint64_t t = BASE + i * 300;

		pkt(d, tcp(src, (uint16_t)(1024 + i), victim, 80, TCP_SYN), t);
		pkt(d,
		    tcp(victim, 80, src, (uint16_t)(1024 + i),
		        TCP_SYN | TCP_ACK),
		    t + 100);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_FLOOD_IN);
	assert_device(&sink.ev[0], &victim);
	assert_string_equal(sink.ev[0].packet_kind, "syn");
	assert_int_equal(sink.ev[0].count, 2500);
	assert_int_equal(sink.ev[0].seconds, 5);
	assert_int_equal(sink.ev[0].rate, 2500);
	assert_int_equal(sink.ev[0].window_end_us, BASE + 2499 * 300);
	for (size_t i = 0; i < sink.n; i++)
		assert_device(&sink.ev[i], &victim);
	detect_get_stats(d, &st);
	assert_int_equal(st.flows, 3000);
	done(d);
}

/* A device answering a flood of forged UDP requests (each from another
 * spoofed source) sends as many datagrams as a UDP flood: its answers
 * are no flood of its own, and no scan either. Only the flood in. */
static void
test_udp_answers_not_flood_out(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr victim = ip("10.64.0.5");

	(void)state;
	for (unsigned i = 0; i < 12000; i++) {
		struct ipaddr src = public_host(i);
		uint64_t t = BASE + i * 400;

		pkt(d, udp(src, (uint16_t)(1024 + i % 60000), victim, 161), t);
		pkt(d, udp(victim, 161, src, (uint16_t)(1024 + i % 60000)),
		    t + 100);
	}
	assert_true(sink.n >= 1);
	for (size_t i = 0; i < sink.n; i++) {
		assert_int_equal(sink.ev[i].type, DT_FLOOD_IN);
		assert_device(&sink.ev[i], &victim);
	}
	done(d);
}

/* A datagram sent to the device first makes the remote the flow's
 * initiator; the device's datagrams after it are answers only so far: a
 * flood behind one such datagram is still the device's flood. */
static void
test_udp_flood_behind_one_datagram(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), target = ip("198.51.100.80");

	(void)state;
	pkt(d, udp(target, 80, dev, 5000), BASE);
	for (unsigned i = 0; i < 18000; i++)
		pkt(d, udp(dev, 5000, target, 80), BASE + 1000 + i * 333);
	assert_true(count_type(DT_FLOOD_OUT) >= 1);
	assert_device(&sink.ev[0], &dev);
	done(d);
}

/* Each event names the MAC the device's packets came from, and whether
 * another MAC sent as it too (a forger on the LAN). */
static void
test_event_names_source_mac(void **state)
{
	static const uint8_t own[6] = {2, 0, 0, 0, 0, 5};
	static const uint8_t forger[6] = {2, 0, 0, 0, 0, 0x66};
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.5");

	(void)state;
	for (unsigned i = 0; i < 25; i++) {
		struct decoded p = tcp(
		    dev, (uint16_t)(40000 + i), public_host(i), 23, TCP_SYN);

		p.has_mac = 1;
		memcpy(p.src_mac, i < 20 ? own : forger, 6);
		pkt(d, p, BASE + i * 1000);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SCAN_HORIZONTAL);
	assert_true(sink.ev[0].has_mac);
	assert_memory_equal(sink.ev[0].mac, own, 6);
	assert_true(sink.ev[0].macs_differ);
	done(d);
}

/* The spike counts what the device sends: anyone can send it bytes. */
static void
test_spike_outbound_only(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct ipaddr dev = ip("10.64.0.5"), far = public_host(1);

	(void)state;
	conf_default(&c);
	conf_set(&c, "spike-window", "10");
	conf_set(&c, "spike-learn", "2");
	conf_set(&c, "spike-min-bytes", "1000");
	d = engine(&c);
	/* two quiet windows of 60 bytes out, then a flood in */
	pkt(d, udp(dev, 5000, far, 53), BASE);
	pkt(d, udp(dev, 5000, far, 53), BASE + 10 * SEC);
	for (unsigned i = 0; i < 1000; i++) {
		struct decoded p = udp(far, 53, dev, 5000);

		detect_packet(d, &p, 1500, BASE + 20 * SEC + i);
	}
	assert_int_equal(count_type(DT_TRAFFIC_SPIKE), 0);
	/* the same sent out is a spike */
	for (unsigned i = 0; i < 1000; i++) {
		struct decoded p = udp(dev, 5000, far, 53);

		detect_packet(d, &p, 1500, BASE + 21 * SEC + i);
	}
	assert_int_equal(count_type(DT_TRAFFIC_SPIKE), 1);
	done(d);
}

static void
test_flood_in_icmp(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr victim = ip("10.64.0.5");

	(void)state;
	/* echo replies nobody asked for (a smurf), from 2500 sources */
	for (unsigned i = 0; i < 2500; i++)
		pkt(d, icmp(public_host(i), victim, 0), BASE + i * 1000);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_FLOOD_IN);
	assert_string_equal(sink.ev[0].packet_kind, "icmp");
	done(d);
}

static void
test_flood_out(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr bot = ip("10.64.0.6"), victim = ip("203.0.113.80");

	(void)state;
	for (unsigned i = 0; i < 3000; i++)
		pkt(d, tcp(bot, (uint16_t)(1024 + i), victim, 80, TCP_SYN),
		    BASE + i * 300);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_FLOOD_OUT);
	assert_device(&sink.ev[0], &bot);
	assert_string_equal(sink.ev[0].packet_kind, "syn");
	assert_true(sink.ev[0].has_target);
	assert_true(ipaddr_equal(&sink.ev[0].target, &victim));
	assert_int_equal(sink.ev[0].count, 2500);
	done(d);

	/* a device answering pings is not flooding anyone */
	d = engine_default();
	for (unsigned i = 0; i < 3000; i++) {
		struct ipaddr src = public_host(i);

		pkt(d, icmp(src, bot, 8), BASE + i * 300);
		pkt(d, icmp(bot, src, 0), BASE + i * 300 + 100);
	}
	assert_int_equal(count_type(DT_FLOOD_OUT), 0);
	assert_int_equal(count_type(DT_FLOOD_IN), 1);
	assert_int_equal(sink.n, 1);
	done(d);
}

/* --- (g): ARP ------------------------------------------------------- */

static void
test_arp_sweep(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.3");

	(void)state;
	for (unsigned i = 0; i < 30; i++) {
		pkt(d, arp(1, dev, v4(10, 64, 1, i + 1)), BASE + i * 1000);
		pkt(d, arp(1, dev, v4(10, 64, 1, i + 1)), BASE + i * 1000 + 1);
		assert_int_equal(sink.n, i >= 24);
	}
	assert_int_equal(sink.ev[0].type, DT_ARP_SWEEP);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].hosts, 25);
	assert_int_equal(sink.ev[0].answered, 0);
	assert_int_equal(sink.ev[0].severity, SEV_HIGH);
	assert_int_equal(sink.ev[0].window_start_us, BASE);
	done(d);
}

/* Gratuitous ARP and probes are not questions; answers take targets off;
 * a reply nobody asked for answers nothing. The device networks include
 * 0.0.0.0/8 so that a probe's sender would be a device if it were
 * counted. */
static void
test_arp_not_counted(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct ipaddr dev = ip("10.64.0.3");
	char err[256];
	uint64_t t = BASE;

	(void)state;
	conf_default(&c);
	assert_int_equal(
	    detect_conf_add_devices(&c, "0.0.0.0/8", err, sizeof(err)), 0);
	d = engine(&c);
	for (unsigned i = 0; i < 40; i++) {
		struct ipaddr a = v4(10, 64, 2, i + 1);

		pkt(d, arp(1, a, a), t++);              /* gratuitous */
		pkt(d, arp(2, a, a), t++);              /* gratuitous */
		pkt(d, arp(1, v4(0, 0, 0, 0), a), t++); /* probe */
		pkt(d, arp(1, dev, dev), t++);          /* announcement */
		pkt(d, arp(2, v4(10, 64, 3, i + 1), dev), t++); /* unasked */
	}
	assert_int_equal(sink.n, 0);

	/* 30 asked, the first 10 answered: 20 unanswered */
	for (unsigned i = 0; i < 30; i++) {
		pkt(d, arp(1, dev, v4(10, 64, 3, i + 1)), t++);
		if (i < 10)
			pkt(d, arp(2, v4(10, 64, 3, i + 1), dev), t++);
	}
	assert_int_equal(sink.n, 0);
	/* five more unanswered: 25 */
	for (unsigned i = 30; i < 35; i++)
		pkt(d, arp(1, dev, v4(10, 64, 3, i + 1)), t++);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_ARP_SWEEP);
	assert_device(&sink.ev[0], &dev);
	/* the unasked replies of before did not count as answers */
	assert_int_equal(sink.ev[0].hosts, 35);
	assert_int_equal(sink.ev[0].answered, 10);
	done(d);
}

/* With a threshold of one target, a single gratuitous ARP or probe
 * counted would be a sweep. */
static void
test_arp_one_target(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct ipaddr dev = ip("10.64.0.3");
	char err[256];

	(void)state;
	conf_default(&c);
	conf_set(&c, "arp-targets", "1");
	assert_int_equal(
	    detect_conf_add_devices(&c, "0.0.0.0/8", err, sizeof(err)), 0);
	d = engine(&c);
	pkt(d, arp(1, dev, dev), BASE);
	pkt(d, arp(1, v4(0, 0, 0, 0), v4(10, 64, 0, 77)), BASE + 1);
	pkt(d, arp(1, v4(0, 0, 0, 0), dev), BASE + 2);
	assert_int_equal(sink.n, 0);
	pkt(d, arp(1, dev, v4(10, 64, 0, 1)), BASE + 3);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_ARP_SWEEP);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].hosts, 1);
	done(d);
}

/* A device whose state was pushed out of a full table and made anew must
 * not take its old questions' answers for this window's: those would
 * outnumber its questions, and the count of unanswered ones wrap into a
 * sweep of four billion hosts. */
static void
test_arp_after_state_lost(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct detect_stats st;
	struct ipaddr dev = ip("10.64.0.3"), asked = ip("10.64.9.1");
	uint64_t t = BASE;

	(void)state;
	conf_default(&c);
	conf_set(&c, "max-devices", "16");
	c.table_seed = 1; /* the same evictions run after run */
	d = engine(&c);
	pkt(d, arp(1, dev, asked), t);
	/* 200 other devices later: the table (two buckets of eight) has
	 * let the first one go */
	t += 2 * SEC;
	for (unsigned i = 0; i < 200; i++)
		pkt(d,
		    tcp(ip("198.51.100.1"), 1234, v4(10, 64, 50, (uint8_t)i),
		        80, TCP_SYN),
		    t);
	detect_get_stats(d, &st);
	assert_true(st.devices_evicted > 0);
	t += SEC;
	pkt(d, arp(1, dev, asked), t);
	pkt(d, arp(2, asked, dev), t + 1);
	pkt(d, arp(1, dev, asked), t + 2);
	pkt(d, arp(1, dev, asked), t + 3);
	assert_int_equal(sink.n, 0);
	done(d);
}

/* --- (h): no device --------------------------------------------------- */

static void
test_no_device(void **state)
{
	struct detect *d = engine_default();
	struct detect_stats st;
	struct decoded other;

	(void)state;
	/* a scan between two outside hosts */
	for (unsigned i = 0; i < 100; i++)
		pkt(d,
		    tcp(ip("198.51.100.1"), (uint16_t)(40000 + i),
		        public_host(i), 23, TCP_SYN),
		    BASE + i * 1000);
	/* an ARP sweep by a host outside the device networks */
	for (unsigned i = 0; i < 40; i++)
		pkt(d, arp(1, ip("10.65.0.1"), v4(10, 65, 1, i + 1)),
		    BASE + SEC + i);
	memset(&other, 0, sizeof(other));
	detect_packet(d, &other, 64, BASE + 2 * SEC);
	assert_int_equal(sink.n, 0);
	detect_get_stats(d, &st);
	assert_int_equal(st.no_device, 100);
	assert_int_equal(st.not_ip, 1);
	assert_int_equal(st.packets, 141);
	assert_int_equal(st.bytes, 140 * 60 + 64);
	assert_int_equal(st.flows, 0);
	assert_int_equal(st.events, 0);

	{
		struct ipaddr in = ip("10.64.200.1"), out = ip("10.65.0.1"),
		              in6 = ip("fd64::1234"), out6 = ip("fd65::1");

		assert_true(detect_is_device(d, &in));
		assert_false(detect_is_device(d, &out));
		assert_true(detect_is_device(d, &in6));
		assert_false(detect_is_device(d, &out6));
	}
	done(d);
}

static void
test_new_refuses(void **state)
{
	struct detect_conf c;

	(void)state;
	conf_default(&c);
	c.window_s = 0;
	assert_null(detect_new(&c, collect, &sink));
	conf_default(&c);
	c.flood_seconds = 0;
	assert_null(detect_new(&c, collect, &sink));
	conf_default(&c);
	c.spike_window_s = 0;
	assert_null(detect_new(&c, collect, &sink));
	detect_free(NULL);
}

/* --- (i): memory ------------------------------------------------------ */

static void
test_memory_flat(void **state)
{
	struct detect_conf c;
	struct detect *d, *big;
	struct detect_stats before, after, dflt;
	struct ipaddr dev = ip("10.64.0.2");
	const unsigned n = 2000000;

	(void)state;
	conf_default(&c);
	big = engine(&c);
	detect_get_stats(big, &dflt);
	done(big);

	conf_set(&c, "max-flows", "65536");
	d = engine(&c);
	detect_get_stats(d, &before);
	assert_true(before.memory < dflt.memory);
	/* 2 million distinct flows in 40 seconds, none idle yet */
	for (unsigned i = 0; i < n; i++) {
		struct decoded p = tcp(dev, (uint16_t)(1024 + i / 4096),
		    v4(198, 18, (i % 4096) >> 8, i & 0xff), 443, TCP_SYN);

		detect_packet(d, &p, 60, BASE + i * 20ULL);
		if (i % 500000 == 0) {
			detect_get_stats(d, &after);
			assert_int_equal(after.memory, before.memory);
		}
	}
	detect_get_stats(d, &after);
	assert_int_equal(after.memory, before.memory);
	assert_int_equal(after.flows, n);
	assert_int_equal(after.packets, n);
	assert_true(after.flows_evicted > 0);
	assert_true(after.flows_evicted >= n - 65536);
	done(d);
}

/* --- (j): flow records ------------------------------------------------ */

static struct conn_record
rec(struct ipaddr orig, uint16_t oport, struct ipaddr resp, uint16_t rport,
    const char *state, const char *history, const char *service, uint64_t ts)
{
	struct conn_record r;

	memset(&r, 0, sizeof(r));
	r.ts_us = (int64_t)ts;
	r.orig = orig;
	r.resp = resp;
	r.orig_port = oport;
	r.resp_port = rport;
	r.proto = 6;
	snprintf(r.service, sizeof(r.service), "%s", service);
	snprintf(r.conn_state, sizeof(r.conn_state), "%s", state);
	snprintf(r.history, sizeof(r.history), "%s", history);
	r.duration_us = -1;
	r.orig_pkts = 1;
	r.orig_ip_bytes = 60;
	if (strcmp(state, "S0") != 0) {
		r.resp_pkts = 1;
		r.resp_ip_bytes = 60;
	}
	return r;
}

static void
test_conn_scan(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");
	struct conn_record r;
	struct detect_stats st;

	(void)state;
	for (unsigned i = 0; i < 30; i++) {
		r = rec(dev, (uint16_t)(40000 + i), public_host(i), 23, "S0",
		    "S", "", BASE + i * 10000);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SCAN_HORIZONTAL);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].hosts, 25);
	assert_int_equal(sink.ev[0].window_start_us, BASE);
	detect_get_stats(d, &st);
	assert_int_equal(st.flows, 30);
	assert_int_equal(st.packets, 30);
	done(d);

	/* accepted connections (SF) are not a scan */
	d = engine_default();
	for (unsigned i = 0; i < 30; i++) {
		r = rec(dev, (uint16_t)(40000 + i), public_host(i), 443, "SF",
		    "ShADadFf", "ssl", BASE + i * 10000);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 0);
	/* records that picked a flow up midway are not attempts */
	for (unsigned i = 0; i < 30; i++) {
		r = rec(dev, (uint16_t)(40000 + i), public_host(100 + i), 23,
		    "OTH", "D", "", BASE + SEC + i * 10000);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 0);
	done(d);

	/* REJ: closed ports of one host */
	d = engine_default();
	for (unsigned i = 0; i < 20; i++) {
		r = rec(dev, (uint16_t)(40000 + i), ip("198.51.100.7"),
		    (uint16_t)(1 + i), "REJ", "Sr", "", BASE + i * 10000);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SCAN_VERTICAL);
	assert_int_equal(sink.ev[0].ports, 15);
	done(d);
}

/* Zeek writes a record when its connection ends, stamped with its start:
 * a long connection's record comes an hour late. It must not start the
 * device's window anew, which would wipe the scan it is in. */
static void
test_conn_late_records(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");
	struct conn_record r;
	uint64_t now = BASE + 3600 * SEC;

	(void)state;
	for (unsigned i = 0; i < 40; i++) {
		r = rec(dev, (uint16_t)(40000 + i), public_host(i), 23, "S0",
		    "S", "", now + i * SEC);
		detect_conn(d, &r);
		if (i % 10 == 9) {
			r = rec(dev, (uint16_t)(50000 + i), ip("52.1.2.3"),
			    8883, "SF", "ShADadFf", "ssl", BASE + i * SEC);
			r.duration_us = (int64_t)(3600 * SEC); /* ended now */
			detect_conn(d, &r);
		}
	}
	assert_int_equal(count_type(DT_SCAN_HORIZONTAL), 1);
	assert_int_equal(sink.ev[0].window_start_us, now);
	done(d);
}

/* A record stamped far ahead (a corrupt log, a clock step) must not hold
 * the device's window there: the records after it, far behind, start it
 * again, and hours of them are not counted as one window's. */
static void
test_conn_record_far_ahead(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2");
	struct conn_record r;

	(void)state;
	r = rec(dev, 1, public_host(99), 443, "SF", "ShADadFf", "ssl",
	    BASE + 86400 * SEC);
	detect_conn(d, &r);
	for (unsigned i = 0; i < 30; i++) {
		r = rec(dev, (uint16_t)(40000 + i), public_host(i), 23, "S0",
		    "S", "", BASE + i * 600 * SEC);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 0);
	done(d);
}

/* A connection's record written when it ends comes after the flood's
 * records of the seconds since: it must not restart the flood's count. */
static void
test_conn_flood_late_records(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct ipaddr dev = ip("10.64.0.2");
	struct conn_record r;

	(void)state;
	conf_default(&c);
	conf_set(&c, "flood-syn-pps", "50");
	d = engine(&c);
	for (unsigned s = 0; s < 10; s++) {
		for (unsigned i = 0; i < 60; i++) {
			r = rec(dev, (uint16_t)(1024 + s * 60 + i),
			    ip("198.51.100.7"), 80, "S0", "S", "",
			    BASE + s * SEC + i * 10000);
			detect_conn(d, &r);
		}
		/* a 3-second connection that just ended */
		r = rec(dev, 9, public_host(s), 443, "SF", "ShADadFf", "ssl",
		    BASE + s * SEC - 3 * SEC);
		r.duration_us = (int64_t)(3 * SEC);
		detect_conn(d, &r);
	}
	assert_true(count_type(DT_FLOOD_OUT) >= 1);
	done(d);
}

/* The seed the tables hash with: the one set, or a random one, never 0,
 * which the report gives so that a run can be repeated. */
static void
test_table_seed(void **state)
{
	struct detect_conf c;
	struct detect *a, *b;
	struct detect_stats sa, sb;

	(void)state;
	conf_default(&c);
	a = engine(&c);
	b = engine(&c);
	detect_get_stats(a, &sa);
	detect_get_stats(b, &sb);
	assert_true(sa.table_seed != 0);
	assert_true(sa.table_seed != sb.table_seed);
	done(a);
	done(b);
	conf_set(&c, "table-seed", "12345");
	a = engine(&c);
	detect_get_stats(a, &sa);
	assert_true(sa.table_seed == 12345);
	done(a);
}

/* The report lists every device the table holds: one record stamped far
 * ahead (a corrupt capture's) must not make all the others look idle. */
static void
count_device(const struct detect_device *dev, void *arg)
{
	(void)dev;
	++*(unsigned *)arg;
}

static void
test_time_far_ahead(void **state)
{
	struct detect *d = engine_default();
	unsigned n = 0;

	(void)state;
	for (unsigned i = 0; i < 20; i++)
		pkt(d,
		    tcp(v4(10, 64, 1, (uint8_t)(i + 1)), 1000, ip("8.8.8.8"),
		        443, TCP_ACK),
		    BASE + i * SEC);
	pkt(d, tcp(ip("10.64.1.1"), 1000, ip("8.8.8.8"), 443, TCP_ACK),
	    0xffffffffULL * SEC);
	detect_foreach_device(d, count_device, &n);
	assert_int_equal(n, 20);
	done(d);
}

static void
test_conn_brute(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), target = ip("203.0.113.22");
	struct conn_record r;

	(void)state;
	/* SSH on a port that is not a login port: the service says it */
	for (unsigned i = 0; i < 12; i++) {
		r = rec(dev, (uint16_t)(40000 + i), target, 2200, "SF",
		    "ShAdDaFf", "ssh", BASE + i * SEC);
		r.orig_bytes = 1500;
		r.resp_bytes = 2500;
		detect_conn(d, &r);
		assert_int_equal(sink.n, i >= 9);
	}
	assert_int_equal(sink.ev[0].type, DT_BRUTE_FORCE);
	assert_device(&sink.ev[0], &dev);
	assert_string_equal(sink.ev[0].service, "ssh");
	assert_int_equal(sink.ev[0].target_port, 2200);
	assert_true(ipaddr_equal(&sink.ev[0].target, &target));
	done(d);
}

static void
test_conn_smtp(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), mx = ip("203.0.113.25");
	struct conn_record r;

	(void)state;
	/* unanswered, refused, accepted but silent: none speaks SMTP */
	r = rec(dev, 40000, mx, 25, "S0", "S", "", BASE);
	detect_conn(d, &r);
	r = rec(dev, 40001, mx, 25, "REJ", "Sr", "", BASE + 1000);
	detect_conn(d, &r);
	r = rec(dev, 40002, mx, 25, "SF", "ShAFf", "", BASE + 2000);
	detect_conn(d, &r);
	assert_int_equal(sink.n, 0);

	r = rec(dev, 40003, mx, 25, "SF", "ShAdDaFf", "", BASE + 3000);
	r.orig_bytes = 420;
	detect_conn(d, &r);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SMTP);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].target_port, 25);
	for (unsigned i = 0; i < 5; i++) {
		r = rec(dev, (uint16_t)(40010 + i), mx, 587, "SF", "ShAdDaFf",
		    "smtp", BASE + 10 * SEC + i * SEC);
		r.orig_bytes = 420;
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 1);
	done(d);

	/* Zeek's service "smtp" on another port */
	d = engine_default();
	r = rec(dev, 40000, mx, 2600, "SF", "ShAdDaFf", "smtp", BASE);
	detect_conn(d, &r);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SMTP);
	assert_int_equal(sink.ev[0].target_port, 2600);
	done(d);
}

/*
 * Zeek's service column is a set, kept whole by connlog.c: an SMTP
 * session upgraded with STARTTLS is logged as "smtp,ssl", and is SMTP on
 * any port.
 */
static void
test_conn_smtp_service_list(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.2"), mx = ip("203.0.113.25");
	struct conn_record r;

	(void)state;
	r = rec(dev, 40000, mx, 2600, "SF", "ShAdDaFf", "smtp,ssl", BASE);
	r.orig_bytes = 900;
	detect_conn(d, &r);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_SMTP);
	done(d);
}

static void
test_conn_flood_in(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr victim = ip("10.64.0.5");
	struct conn_record r;

	(void)state;
	for (unsigned i = 0; i < 3000; i++) {
		r = rec(public_host(i), (uint16_t)(1024 + i), victim, 80, "S0",
		    "S", "", BASE + i * 300);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_FLOOD_IN);
	assert_device(&sink.ev[0], &victim);
	assert_string_equal(sink.ev[0].packet_kind, "syn");
	done(d);
}

/* A ping flood as records: one record per (source, victim) pair, Zeek's
 * orig_p the ICMP type (8), resp_p its counterpart (0). */
static struct conn_record
icmp_rec(struct ipaddr orig, struct ipaddr resp, uint16_t type,
    uint16_t counterpart, uint64_t ts)
{
	struct conn_record r =
	    rec(orig, type, resp, counterpart, "OTH", "", "", ts);

	r.proto = 1;
	r.resp_pkts = 0;
	r.resp_ip_bytes = 0;
	return r;
}

static void
test_conn_flood_icmp(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr victim = ip("10.64.0.5"), bot = ip("10.64.0.6");
	struct conn_record r;

	(void)state;
	for (unsigned i = 0; i < 2500; i++) {
		r = icmp_rec(public_host(i), victim, 8, 0, BASE + i * 300);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_FLOOD_IN);
	assert_device(&sink.ev[0], &victim);
	assert_string_equal(sink.ev[0].packet_kind, "icmp");
	done(d);

	/* a device's echo replies are answers, not a flood */
	d = engine_default();
	for (unsigned i = 0; i < 3000; i++) {
		r = icmp_rec(bot, public_host(i), 0, 8, BASE + i * 300);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 0);
	/* its echo requests are (and, unanswered, a ping sweep too:
	 * 25, 50... 1600 hosts) */
	for (unsigned i = 0; i < 2500; i++) {
		r = icmp_rec(
		    bot, public_host(i), 8, 0, BASE + 10 * SEC + i * 300);
		detect_conn(d, &r);
	}
	assert_int_equal(count_type(DT_FLOOD_OUT), 1);
	assert_int_equal(count_type(DT_SCAN_HORIZONTAL), 7);
	assert_int_equal(sink.n, 8);
	for (size_t i = 0; i < sink.n; i++)
		assert_device(&sink.ev[i], &bot);
	done(d);
}

/*
 * Echo replies flooding a device (a reflected ping flood), as records:
 * no attempt, but a flood in, as detect_packet() counts them too.
 */
static void
test_conn_flood_in_echo_replies(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr victim = ip("10.64.0.5");
	struct conn_record r;

	(void)state;
	for (unsigned i = 0; i < 2500; i++) {
		r = icmp_rec(public_host(i), victim, 0, 8, BASE + i * 300);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_FLOOD_IN);
	assert_string_equal(sink.ev[0].packet_kind, "icmp");
	done(d);
}

static void
test_conn_no_device(void **state)
{
	struct detect *d = engine_default();
	struct conn_record r;
	struct detect_stats st;

	(void)state;
	for (unsigned i = 0; i < 40; i++) {
		r = rec(ip("198.51.100.1"), (uint16_t)(40000 + i),
		    public_host(i), 23, "S0", "S", "", BASE + i * 1000);
		detect_conn(d, &r);
	}
	assert_int_equal(sink.n, 0);
	detect_get_stats(d, &st);
	assert_int_equal(st.no_device, 40);
	assert_int_equal(st.flows, 0);
	done(d);
}

/* --- beaconing and data spikes through the engine --------------------- */

static void
test_beaconing(void **state)
{
	struct detect *d = engine_default();
	struct ipaddr dev = ip("10.64.0.7"), c2 = ip("203.0.113.50");
	uint64_t t = BASE;

	(void)state;
	for (unsigned i = 0; i < 9; i++) {
		/* a beacon to the outside, one to NTP, one to another
		 * device: only the first is reported */
		session(d, dev, (uint16_t)(41000 + i), c2, 443, NULL, 0, t);
		pkt(d,
		    udp(dev, (uint16_t)(42000 + i), ip("203.0.113.123"), 123),
		    t + 10000);
		session(d, dev, (uint16_t)(43000 + i), ip("10.64.0.8"), 8443,
		    NULL, 0, t + 20000);
		assert_int_equal(sink.n, i == 8);
		t += 60 * SEC + (i % 2 ? 500000 : 0);
	}
	assert_int_equal(sink.ev[0].type, DT_BEACONING);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].severity, SEV_LOW);
	assert_true(sink.ev[0].has_target);
	assert_true(ipaddr_equal(&sink.ev[0].target, &c2));
	assert_int_equal(sink.ev[0].target_port, 443);
	assert_in_range(sink.ev[0].period_ms, 60000, 60500);
	assert_int_equal(sink.ev[0].count, 9);
	done(d);
}

static void
test_data_spike(void **state)
{
	struct detect_conf c;
	struct detect *d;
	struct ipaddr dev = ip("10.64.0.7"), srv = ip("203.0.113.60");
	struct decoded p = udp(dev, 40000, srv, 9999);

	(void)state;
	conf_default(&c);
	conf_set(&c, "spike-window", "10");
	conf_set(&c, "spike-learn", "3");
	conf_set(&c, "spike-min-bytes", "10k");
	d = engine(&c);
	/* 1000 bytes in each of three windows */
	for (uint64_t w = 0; w < 3; w++)
		detect_packet(d, &p, 1000, BASE + w * 10 * SEC);
	/* ten times that in the fourth */
	for (unsigned i = 0; i < 9; i++)
		detect_packet(d, &p, 1000, BASE + 30 * SEC + i);
	assert_int_equal(sink.n, 0);
	detect_packet(d, &p, 1000, BASE + 30 * SEC + 9);
	assert_int_equal(sink.n, 1);
	assert_int_equal(sink.ev[0].type, DT_TRAFFIC_SPIKE);
	assert_device(&sink.ev[0], &dev);
	assert_int_equal(sink.ev[0].count, 10000);
	assert_int_equal(sink.ev[0].baseline, 1000);
	assert_int_equal(sink.ev[0].window_start_us, BASE + 30 * SEC);
	assert_int_equal(sink.ev[0].window_end_us, BASE + 30 * SEC + 9);
	/* once in the window */
	for (unsigned i = 0; i < 50; i++)
		detect_packet(d, &p, 1000, BASE + 31 * SEC + i);
	assert_int_equal(sink.n, 1);
	done(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_scan_mirai, teardown),
	    cmocka_unit_test_teardown(test_stray_packet_before_syn, teardown),
	    cmocka_unit_test_teardown(test_scan_not_mirai, teardown),
	    cmocka_unit_test_teardown(test_scan_below_threshold, teardown),
	    cmocka_unit_test_teardown(test_scan_answered, teardown),
	    cmocka_unit_test_teardown(test_scan_escalation, teardown),
	    cmocka_unit_test_teardown(test_udp_answers_not_flood_out, teardown),
	    cmocka_unit_test_teardown(
	        test_udp_flood_behind_one_datagram, teardown),
	    cmocka_unit_test_teardown(test_event_names_source_mac, teardown),
	    cmocka_unit_test_teardown(test_spike_outbound_only, teardown),
	    cmocka_unit_test_teardown(test_flush, teardown),
	    cmocka_unit_test_teardown(test_scan_ipv6, teardown),
	    cmocka_unit_test_teardown(test_scan_groups_not_hosts, teardown),
	    cmocka_unit_test_teardown(
	        test_broadcast_not_the_last_host, teardown),
	    cmocka_unit_test_teardown(test_detector_off, teardown),
	    cmocka_unit_test_teardown(test_scan_vertical_closed, teardown),
	    cmocka_unit_test_teardown(test_brute_ssh_banner, teardown),
	    cmocka_unit_test_teardown(test_brute_by_port_and_http, teardown),
	    cmocka_unit_test_teardown(test_brute_not_login, teardown),
	    cmocka_unit_test_teardown(
	        test_brute_answer_across_windows, teardown),
	    cmocka_unit_test_teardown(test_smtp, teardown),
	    cmocka_unit_test_teardown(test_smtp_greeting_any_port, teardown),
	    cmocka_unit_test_teardown(test_flood_in, teardown),
	    cmocka_unit_test_teardown(test_flood_in_icmp, teardown),
	    cmocka_unit_test_teardown(test_flood_out, teardown),
	    cmocka_unit_test_teardown(test_arp_sweep, teardown),
	    cmocka_unit_test_teardown(test_arp_not_counted, teardown),
	    cmocka_unit_test_teardown(test_arp_one_target, teardown),
	    cmocka_unit_test_teardown(test_arp_after_state_lost, teardown),
	    cmocka_unit_test_teardown(test_no_device, teardown),
	    cmocka_unit_test_teardown(test_new_refuses, teardown),
	    cmocka_unit_test_teardown(test_memory_flat, teardown),
	    cmocka_unit_test_teardown(test_conn_scan, teardown),
	    cmocka_unit_test_teardown(test_conn_late_records, teardown),
	    cmocka_unit_test_teardown(test_time_far_ahead, teardown),
	    cmocka_unit_test_teardown(test_conn_record_far_ahead, teardown),
	    cmocka_unit_test_teardown(test_conn_flood_late_records, teardown),
	    cmocka_unit_test_teardown(test_table_seed, teardown),
	    cmocka_unit_test_teardown(test_conn_brute, teardown),
	    cmocka_unit_test_teardown(test_conn_smtp, teardown),
	    cmocka_unit_test_teardown(test_conn_smtp_service_list, teardown),
	    cmocka_unit_test_teardown(test_conn_flood_in, teardown),
	    cmocka_unit_test_teardown(test_conn_flood_icmp, teardown),
	    cmocka_unit_test_teardown(
	        test_conn_flood_in_echo_replies, teardown),
	    cmocka_unit_test_teardown(test_conn_no_device, teardown),
	    cmocka_unit_test_teardown(test_beaconing, teardown),
	    cmocka_unit_test_teardown(test_data_spike, teardown),
	};

	return cmocka_run_group_tests_name("detect_engine", tests, NULL, NULL);
}
