/*
 * The packet decoder: each link type and header written by hand (bytes.h,
 * independent of the decoder), every header cut short, impossible lengths,
 * and the shared real captures (../shared/data/captures, given by
 * AIRLOCK_CAPTURES): every packet decodes, and what LABELS.md says of the
 * attacks is what the decoder sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bytes.h"
#include "captures.h"
#include "monitor/decode.h"

static const uint8_t mac_a[6] = {0x02, 0, 0, 0, 0, 0x0a};
static const uint8_t mac_b[6] = {0x02, 0, 0, 0, 0, 0x0b};
static const uint8_t v4_a[4] = {10, 64, 0, 2}, v4_b[4] = {203, 0, 113, 9};
static const uint8_t v6_a[16] = {0xfd, 0x64, [15] = 2};
static const uint8_t v6_b[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 9};

static void
ether(struct bytes *m, unsigned type)
{
	put(m, mac_b, 6);
	put(m, mac_a, 6);
	put16be(m, type);
}

/* An IPv4 header of total length total, without options. */
static void
ipv4(struct bytes *m, unsigned proto, unsigned total, unsigned frag)
{
	put8(m, 0x45);
	put8(m, 0);
	put16be(m, total);
	put16be(m, 1);
	put16be(m, frag);
	put8(m, 64);
	put8(m, proto);
	put16be(m, 0);
	put(m, v4_a, 4);
	put(m, v4_b, 4);
}

static void
ipv6(struct bytes *m, unsigned nh, unsigned plen)
{
	put8(m, 0x60);
	zeros(m, 3);
	put16be(m, plen);
	put8(m, nh);
	put8(m, 64);
	put(m, v6_a, 16);
	put(m, v6_b, 16);
}

/* A TCP header of doff 32-bit words (options zero). */
static void
tcp(struct bytes *m, unsigned flags, unsigned doff)
{
	put16be(m, 40000);
	put16be(m, 23);
	put32be(m, 0xcb007109); /* Mirai's seq: 203.0.113.9 */
	put32be(m, 0);
	put8(m, doff << 4);
	put8(m, flags);
	put16be(m, 1024);
	zeros(m, 4);
	zeros(m, (doff - 5) * 4);
}

static int
dec(enum decode_link link, const struct bytes *m, struct decoded *d)
{
	return decode_packet(link, m->b, m->len, d);
}

static void
test_ethernet_tcp(void **state)
{
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	ether(&m, 0x0800);
	ipv4(&m, 6, 20 + 24 + 5, 0);
	tcp(&m, 0x02, 6);
	put(&m, "hello", 5);
	zeros(&m, 7); /* Ethernet padding, beyond the IP length */
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_IP);
	assert_true(d.has_mac);
	assert_memory_equal(d.src_mac, mac_a, 6);
	assert_memory_equal(d.dst_mac, mac_b, 6);
	assert_int_equal(d.src.family, AF_INET);
	assert_memory_equal(d.src.bytes, v4_a, 4);
	assert_memory_equal(d.dst.bytes, v4_b, 4);
	assert_int_equal(d.proto, 6);
	assert_int_equal(d.ttl, 64);
	assert_int_equal(d.ip_len, 49);
	assert_true(d.has_l4);
	assert_int_equal(d.sport, 40000);
	assert_int_equal(d.dport, 23);
	assert_int_equal(d.tcp_flags, 0x02);
	assert_int_equal(d.tcp_seq, 0xcb007109);
	assert_int_equal(d.l4_payload, 5); /* not the padding */
	assert_int_equal(d.vlan, 0);
}

static void
test_vlan_tags(void **state)
{
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	put(&m, mac_b, 6);
	put(&m, mac_a, 6);
	put16be(&m, 0x88a8); /* 802.1ad outer, VLAN 100 */
	put16be(&m, 100);
	put16be(&m, 0x8100); /* 802.1Q inner, VLAN 7 */
	put16be(&m, 0x2007);
	put16be(&m, 0x0800);
	ipv4(&m, 17, 28, 0);
	put16be(&m, 5353);
	put16be(&m, 5353);
	put16be(&m, 8);
	put16be(&m, 0);
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_OK);
	assert_int_equal(d.vlan, 100);
	assert_int_equal(d.proto, 17);
	assert_int_equal(d.dport, 5353);
	assert_int_equal(d.l4_payload, 0);

	/* a tag cut short */
	m.len = 16;
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_ETRUNC);
}

static void
test_cooked(void **state)
{
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	/* SLL v1: packet type, ARPHRD, address length, address, protocol */
	put16be(&m, 0);
	put16be(&m, 1);
	put16be(&m, 6);
	put(&m, mac_a, 6);
	zeros(&m, 2);
	put16be(&m, 0x0800);
	ipv4(&m, 1, 28, 0);
	put8(&m, 8); /* echo request */
	put8(&m, 0);
	zeros(&m, 6);
	assert_int_equal(dec(DECODE_LINK_SLL, &m, &d), DECODE_OK);
	assert_true(d.has_mac);
	assert_memory_equal(d.src_mac, mac_a, 6);
	assert_int_equal(d.proto, 1);
	assert_int_equal(d.icmp_type, 8);

	/* SLL v2: protocol, reserved, ifindex, ARPHRD, type, length, address */
	m.len = 0;
	put16be(&m, 0x86dd);
	zeros(&m, 2);
	put32be(&m, 3);
	put16be(&m, 1);
	put8(&m, 0);
	put8(&m, 6);
	put(&m, mac_a, 6);
	zeros(&m, 2);
	ipv6(&m, 58, 8);
	put8(&m, 128);
	put8(&m, 0);
	zeros(&m, 6);
	assert_int_equal(dec(DECODE_LINK_SLL2, &m, &d), DECODE_OK);
	assert_int_equal(d.src.family, AF_INET6);
	assert_int_equal(d.proto, 58);
	assert_int_equal(d.icmp_type, 128);
	assert_memory_equal(d.src_mac, mac_a, 6);
}

static void
test_ipv6_extensions(void **state)
{
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	/* hop-by-hop (8), destination options (16), then TCP */
	ipv6(&m, 0, 8 + 16 + 20);
	put8(&m, 60);
	put8(&m, 0);
	zeros(&m, 6);
	put8(&m, 6);
	put8(&m, 1);
	zeros(&m, 14);
	tcp(&m, 0x12, 5);
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_OK);
	assert_int_equal(d.proto, 6);
	assert_int_equal(d.tcp_flags, 0x12);
	assert_memory_equal(d.dst.bytes, v6_b, 16);

	/* a fragment that is not the first: no transport header */
	m.len = 0;
	ipv6(&m, 44, 8 + 8);
	put8(&m, 17);
	put8(&m, 0);
	put16be(&m, 0x0100); /* offset 32 */
	put32be(&m, 7);
	zeros(&m, 8);
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_OK);
	assert_true(d.fragment);
	assert_false(d.has_l4);
	assert_int_equal(d.proto, 17);

	/* ...even when the fragment header names an extension header:
	 * what follows is the middle of the packet, not that header */
	m.len = 0;
	ipv6(&m, 44, 8 + 8);
	put8(&m, 60); /* destination options */
	put8(&m, 0);
	put16be(&m, 0x0100);
	put32be(&m, 7);
	put8(&m, 6);
	put8(&m, 200); /* read as a header: 1,608 bytes, cut short */
	zeros(&m, 6);
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_OK);
	assert_true(d.fragment);
	assert_false(d.has_l4);
	assert_int_equal(d.proto, 60);

	/* an extension header longer than the payload length */
	m.len = 0;
	ipv6(&m, 0, 8);
	put8(&m, 6);
	put8(&m, 3); /* 32 bytes */
	zeros(&m, 30);
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_ETRUNC);

	/* a chain of nine: longer than any real one */
	m.len = 0;
	ipv6(&m, 60, 9 * 8);
	for (int i = 0; i < 9; i++) {
		put8(&m, 60);
		put8(&m, 0);
		zeros(&m, 6);
	}
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_EMALFORMED);
}

static void
test_arp(void **state)
{
	static const uint8_t target[4] = {10, 64, 0, 99};
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	ether(&m, 0x0806);
	put16be(&m, 1);
	put16be(&m, 0x0800);
	put8(&m, 6);
	put8(&m, 4);
	put16be(&m, 1);
	put(&m, mac_a, 6);
	put(&m, v4_a, 4);
	zeros(&m, 6);
	put(&m, target, 4);
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_ARP);
	assert_int_equal(d.arp_op, 1);
	assert_memory_equal(d.arp_sha, mac_a, 6);
	assert_memory_equal(d.src.bytes, v4_a, 4);
	assert_memory_equal(d.dst.bytes, target, 4);

	/* ARP over something else than Ethernet and IPv4 */
	m.b[14 + 1] = 6; /* hardware type 6 (IEEE 802) */
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_EOTHER);
}

/* Every header cut at every byte: an error, never a read past the end
 * (ASan watches), and never DECODE_OK with a transport header. */
static void
test_every_cut(void **state)
{
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	ether(&m, 0x0800);
	ipv4(&m, 6, 40, 0);
	tcp(&m, 0x02, 5);
	for (size_t n = 0; n < m.len; n++) {
		uint8_t *cut = malloc(n ? n : 1); /* exactly n bytes */

		assert_non_null(cut);
		memcpy(cut, m.b, n);
		assert_int_equal(
		    decode_packet(DECODE_LINK_ETHERNET, cut, n, &d),
		    DECODE_ETRUNC);
		assert_false(d.has_l4);
		free(cut);
	}
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_OK);
}

static void
test_impossible(void **state)
{
	struct bytes m = {.len = 0};
	struct decoded d;

	(void)state;
	ipv4(&m, 6, 40, 0);
	tcp(&m, 0x02, 5);
	m.b[0] = 0x44; /* IHL 4: shorter than the header */
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_EMALFORMED);
	m.b[0] = 0x45;
	m.b[2] = 0;
	m.b[3] = 10; /* total length shorter than the header */
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_EMALFORMED);
	m.b[3] = 40;
	m.b[20 + 12] = 0x30; /* TCP data offset 3 */
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_EMALFORMED);
	m.b[0] = 0x55; /* IP version 5 */
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_EMALFORMED);
	m.b[20 + 12] = 0x50;

	/* Ethernet says IPv4; the header says version 6 */
	m.len = 0;
	ether(&m, 0x0800);
	ipv4(&m, 6, 40, 0);
	tcp(&m, 0x02, 5);
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_OK);
	m.b[14] = 0x65;
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_EMALFORMED);

	/* a TCP header longer than what the IP header says follows it:
	 * data offset 15 (60 bytes) in 40 bytes of IP */
	m.len = 0;
	ipv4(&m, 6, 40, 0);
	tcp(&m, 0x02, 15);
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_EMALFORMED);
	assert_false(d.has_l4);
	/* ...unless the packet goes on in another fragment: a first
	 * fragment (more fragments) holds only its share of the header */
	m.b[6] = 0x20;
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_OK);
	assert_true(d.has_l4);
	assert_int_equal(d.dport, 23);
	assert_int_equal(d.tcp_flags, 0x02);
	assert_false(d.fragment);

	/* an IPv4 fragment after the first */
	m.len = 0;
	ipv4(&m, 6, 40, 0x0010);
	zeros(&m, 20);
	assert_int_equal(dec(DECODE_LINK_RAW, &m, &d), DECODE_OK);
	assert_true(d.fragment);
	assert_false(d.has_l4);

	/* LLDP: skipped, not an error of the packet */
	m.len = 0;
	ether(&m, 0x88cc);
	zeros(&m, 30);
	assert_int_equal(dec(DECODE_LINK_ETHERNET, &m, &d), DECODE_EOTHER);
	assert_int_equal(decode_link_of(1), DECODE_LINK_ETHERNET);
	assert_int_equal(decode_link_of(113), DECODE_LINK_SLL);
	assert_int_equal(decode_link_of(276), DECODE_LINK_SLL2);
	assert_int_equal(decode_link_of(101), DECODE_LINK_RAW);
	assert_int_equal(decode_link_of(147), -1);
	assert_string_equal(decode_strerror(DECODE_ETRUNC),
	    "a header is cut short by the capture");
}

/* What one capture holds, as the decoder sees it. */
struct tally {
	long packets, errors, syn_to_victim, masscan_syns, arp_requests;
	uint8_t masscan_ports[1001], arp_targets[256];
	int masscan_distinct, arp_distinct;
};

static void
count(struct tally *t, const struct decoded *d)
{
	static const uint8_t victim[4] = {10, 10, 10, 10};
	static const uint8_t masscan[4] = {172, 31, 15, 102};
	static const uint8_t sweeper[4] = {192, 168, 1, 247};
	int syn = d->has_l4 && d->proto == 6 && (d->tcp_flags & 0x12) == 0x02;

	if (syn && d->dport == 25565 && memcmp(d->dst.bytes, victim, 4) == 0)
		t->syn_to_victim++;
	if (syn && memcmp(d->src.bytes, masscan, 4) == 0 && d->dport <= 1000) {
		t->masscan_syns++;
		t->masscan_distinct += !t->masscan_ports[d->dport]++;
	}
	if (d->kind == DECODE_ARP && d->arp_op == 1 &&
	    memcmp(d->src.bytes, sweeper, 4) == 0) {
		t->arp_requests++;
		t->arp_distinct += !t->arp_targets[d->dst.bytes[3]]++;
	}
}

static void
read_capture(const char *path, void *arg)
{
	struct tally *t = arg;
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *b;
	int link;

	if (p == NULL)
		fail_msg("%s: %s", path, err);
	link = decode_link_of(pcap_datalink(p));
	if (link < 0)
		fail_msg("%s: link type %d", path, pcap_datalink(p));
	while (pcap_next_ex(p, &h, &b) == 1) {
		struct decoded d;
		int rc = decode_packet(link, b, h->caplen, &d);

		t->packets++;
		if (rc == DECODE_ETRUNC || rc == DECODE_EMALFORMED)
			t->errors++;
		else if (rc == DECODE_OK)
			count(t, &d);
	}
	pcap_close(p);
}

static void
test_shared_captures(void **state)
{
	const char *root = getenv("AIRLOCK_CAPTURES");
	static struct tally t;
	char dir[4096];
	int files = 0;

	(void)state;
	if (root == NULL || access(root, R_OK) != 0)
		skip(); /* no ../shared beside the tree */
	snprintf(dir, sizeof(dir), "%s/attack", root);
	files += each_capture(dir, read_capture, &t);
	snprintf(dir, sizeof(dir), "%s/benign", root);
	files += each_capture(dir, read_capture, &t);
	assert_true(files > 300);
	assert_true(t.packets > 100000);
	assert_int_equal(t.errors, 0);
	/* LABELS.md: 37,841 SYNs from spoofed sources to 10.10.10.10:25565 */
	assert_int_equal(t.syn_to_victim, 37841);
	/* masscan, ports 0-1000 of one target: each once */
	assert_int_equal(t.masscan_distinct, 1001);
	assert_int_equal(t.masscan_syns, 1001);
	/* an ARP sweep of the /24: every address but the sweeper's own */
	assert_int_equal(t.arp_distinct, 255);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ethernet_tcp),
	    cmocka_unit_test(test_vlan_tags),
	    cmocka_unit_test(test_cooked),
	    cmocka_unit_test(test_ipv6_extensions),
	    cmocka_unit_test(test_arp),
	    cmocka_unit_test(test_every_cut),
	    cmocka_unit_test(test_impossible),
	    cmocka_unit_test(test_shared_captures),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
