/*
 * The NFLOG decoder against records built here byte by byte (TLV headers
 * in host byte order, as libpcap hands them over; IP headers in network
 * order), every refusal it can give, and three records captured from
 * Linux 6.x: an nftables `log prefix "airlock violation out " group 7`
 * rule on the output hook, read through libpcap's nflog:7 device.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "bytes.h"
#include "monitor/nflog.h"

#define NFULA_PACKET_HDR 1
#define NFULA_HWADDR 8
#define NFULA_PAYLOAD 9
#define NFULA_PREFIX 10
#define PREFIX "airlock violation out "

/* Captured from Linux 6.x: a TCP SYN from 127.0.0.1:38296 to port 4711. */
static const uint8_t cap_tcp4_syn[] = {0x02, 0x00, 0x00, 0x07, 0x08, 0x00, 0x01,
    0x00, 0x08, 0x00, 0x03, 0x00, 0x1b, 0x00, 0x0a, 0x00, 0x61, 0x69, 0x72,
    0x6c, 0x6f, 0x63, 0x6b, 0x20, 0x76, 0x69, 0x6f, 0x6c, 0x61, 0x74, 0x69,
    0x6f, 0x6e, 0x20, 0x6f, 0x75, 0x74, 0x20, 0x00, 0x00, 0x08, 0x00, 0x05,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x08, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x09,
    0x00, 0x45, 0x00, 0x00, 0x3c, 0x14, 0x2c, 0x40, 0x00, 0x40, 0x06, 0x28,
    0x8e, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0x95, 0x98, 0x12,
    0x67, 0x0a, 0xd9, 0x63, 0xe1, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xff,
    0xd7, 0xfe, 0x30, 0x00, 0x00, 0x02, 0x04, 0xff, 0xd7, 0x04, 0x02, 0x08,
    0x0a, 0x4f, 0x3d, 0xec, 0x4d, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03,
    0x0a};

/* Captured from Linux 6.x: "hello\n" from [::1]:48175 to [::1]:5353; the
 * payload TLV (58 bytes) is followed by its 2 bytes of padding. */
static const uint8_t cap_udp6[] = {0x0a, 0x00, 0x00, 0x07, 0x08, 0x00, 0x01,
    0x00, 0x86, 0xdd, 0x03, 0x00, 0x1b, 0x00, 0x0a, 0x00, 0x61, 0x69, 0x72,
    0x6c, 0x6f, 0x63, 0x6b, 0x20, 0x76, 0x69, 0x6f, 0x6c, 0x61, 0x74, 0x69,
    0x6f, 0x6e, 0x20, 0x6f, 0x75, 0x74, 0x20, 0x00, 0x00, 0x08, 0x00, 0x05,
    0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x08, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x00, 0x09,
    0x00, 0x60, 0x01, 0x93, 0x3f, 0x00, 0x0e, 0x11, 0x40, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x01, 0xbc, 0x2f, 0x14, 0xe9, 0x00, 0x0e, 0x00,
    0x21, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a, 0x00, 0x00};

/* Captured from Linux 6.x: busybox ping6 ::1, an echo request with 56
 * bytes of data. */
static const uint8_t cap_icmp6_echo[] = {0x0a, 0x00, 0x00, 0x07, 0x08, 0x00,
    0x01, 0x00, 0x86, 0xdd, 0x03, 0x00, 0x1b, 0x00, 0x0a, 0x00, 0x61, 0x69,
    0x72, 0x6c, 0x6f, 0x63, 0x6b, 0x20, 0x76, 0x69, 0x6f, 0x6c, 0x61, 0x74,
    0x69, 0x6f, 0x6e, 0x20, 0x6f, 0x75, 0x74, 0x20, 0x00, 0x00, 0x08, 0x00,
    0x05, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x0b, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x08, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x6c, 0x00,
    0x09, 0x00, 0x60, 0x03, 0x69, 0x6f, 0x00, 0x40, 0x3a, 0x40, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x25, 0x6c, 0x4a, 0x2f,
    0x00, 0x00, 0x30, 0x54, 0xdf, 0x93, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

static const uint8_t v4_src[4] = {10, 0, 0, 2};
static const uint8_t v4_dst[4] = {192, 0, 2, 1};
static const uint8_t v6_src[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02};
static const uint8_t v6_dst[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
static const uint8_t loop6[16] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};


/* The nflog_hdr_t: family, version 0, resource id 7 (big-endian). */
static void
rec_begin(struct bytes *r, unsigned family)
{
	r->len = 0;
	put8(r, family);
	put8(r, 0);
	put16be(r, 7);
}

/* A TLV header in host byte order, with a length of its own choosing. */
static void
tlv_hdr(struct bytes *r, unsigned tlen, unsigned type)
{
	uint16_t l = (uint16_t)tlen, t = (uint16_t)type;

	put(r, &l, sizeof(l));
	put(r, &t, sizeof(t));
}

/* A whole TLV, then its padding to 4 bytes unless pad is 0. */
static void
tlv(struct bytes *r, unsigned type, const void *v, size_t n, int pad)
{
	tlv_hdr(r, (unsigned)n + 4, type);
	put(r, v, n);
	while (pad && r->len % 4 != 0)
		put8(r, 0);
}

/* The TLVs the kernel sends before the payload: a packet header (hw
 * protocol in network order) and the prefix with its NUL. */
static void
rec_std(struct bytes *r, unsigned family, const char *prefix)
{
	uint8_t ph[4] = {family == AF_INET ? 0x08 : 0x86,
	    family == AF_INET ? 0x00 : 0xdd, 3, 0};

	rec_begin(r, family);
	tlv(r, NFULA_PACKET_HDR, ph, sizeof(ph), 1);
	if (prefix != NULL)
		tlv(r, NFULA_PREFIX, prefix, strlen(prefix) + 1, 1);
}

/* An IPv4 header without options; off is the fragment field (flags and
 * offset, in 8-byte units). */
static void
ipv4(struct bytes *p, unsigned proto, unsigned totlen, unsigned off)
{
	p->len = 0;
	put8(p, 0x45);
	put8(p, 0);
	put16be(p, totlen);
	put16be(p, 0x1234);
	put16be(p, off);
	put8(p, 64);
	put8(p, proto);
	put16be(p, 0);
	put(p, v4_src, 4);
	put(p, v4_dst, 4);
}

static void
ipv6(struct bytes *p, unsigned nh, unsigned plen)
{
	p->len = 0;
	put8(p, 0x60);
	zeros(p, 3);
	put16be(p, plen);
	put8(p, nh);
	put8(p, 64);
	put(p, v6_src, 16);
	put(p, v6_dst, 16);
}

/* A TCP header with the given flags and 4 bytes of options (MSS). */
static void
tcp(struct bytes *p, unsigned sport, unsigned dport, unsigned flags)
{
	put16be(p, sport);
	put16be(p, dport);
	zeros(p, 8);
	put8(p, 6 << 4);
	put8(p, flags);
	put16be(p, 65535);
	zeros(p, 4);
	put8(p, 2);
	put8(p, 4);
	put16be(p, 1460);
}

static void
udp(struct bytes *p, unsigned sport, unsigned dport, unsigned len)
{
	put16be(p, sport);
	put16be(p, dport);
	put16be(p, len);
	put16be(p, 0);
}

/* An ICMP or ICMPv6 echo request with 4 bytes of data. */
static void
echo(struct bytes *p, unsigned type)
{
	put8(p, type);
	put8(p, 0);
	put16be(p, 0);
	put16be(p, 0x42);
	put16be(p, 1);
	put(p, "ping", 4);
}

static int
decode(const struct bytes *r, struct nflog_pkt *out)
{
	return nflog_decode(r->b, r->len, out);
}

/* r with the packet p as its last TLV, padded. */
static void
with_payload(struct bytes *r, const struct bytes *p)
{
	tlv(r, NFULA_PAYLOAD, p->b, p->len, 1);
}

static void
assert_v4(const struct nflog_pkt *k)
{
	assert_int_equal(k->src.family, AF_INET);
	assert_int_equal(k->dst.family, AF_INET);
	assert_memory_equal(k->src.bytes, v4_src, 4);
	assert_memory_equal(k->dst.bytes, v4_dst, 4);
}

static void
assert_v6(const struct nflog_pkt *k)
{
	assert_int_equal(k->src.family, AF_INET6);
	assert_int_equal(k->dst.family, AF_INET6);
	assert_memory_equal(k->src.bytes, v6_src, 16);
	assert_memory_equal(k->dst.bytes, v6_dst, 16);
}

/* The sender's MAC (NFULA_HWADDR: be16 length, u16 padding, 8 bytes):
 * what names the host that forged an address. */
static void
test_hwaddr(void **state)
{
	static const uint8_t mac[6] = {0x02, 0x64, 0, 0, 0, 0xc8};
	uint8_t hw[12] = {0, 6, 0, 0};
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	memcpy(hw + 4, mac, sizeof(mac));
	ipv4(&p, IPPROTO_TCP, 44, 0);
	tcp(&p, 40000, 80, 0x02);
	rec_std(&r, AF_INET, PREFIX);
	tlv(&r, NFULA_HWADDR, hw, sizeof(hw), 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.hwaddr_len, 6);
	assert_memory_equal(k.hwaddr, mac, 6);

	/* None without the attribute (a tunnel has no link layer). */
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.hwaddr_len, 0);

	/* A length the attribute cannot hold, or one past its end: none,
	 * and the packet still decodes. */
	hw[1] = 9;
	rec_std(&r, AF_INET, PREFIX);
	tlv(&r, NFULA_HWADDR, hw, sizeof(hw), 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.hwaddr_len, 0);
	hw[1] = 8;
	rec_std(&r, AF_INET, PREFIX);
	tlv(&r, NFULA_HWADDR, hw, 6, 1); /* cut after two bytes of MAC */
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.hwaddr_len, 0);
	assert_int_equal(k.dport, 80);
}

static void
test_ipv4_tcp_syn(void **state)
{
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	ipv4(&p, IPPROTO_TCP, 44, 0x4000); /* DF */
	tcp(&p, 40000, 443, 0x02);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, PREFIX);
	assert_v4(&k);
	assert_int_equal(k.proto, IPPROTO_TCP);
	assert_int_equal(k.sport, 40000);
	assert_int_equal(k.dport, 443);
	assert_int_equal(k.tcp_flags, 0x02);
	assert_int_equal(k.icmp_type, 0);
	assert_int_equal(k.length, 44);

	/* IPv4 options (IHL 6) are stepped over. */
	p.len = 0;
	put8(&p, 0x46);
	put8(&p, 0);
	put16be(&p, 48);
	zeros(&p, 5);
	put8(&p, IPPROTO_TCP);
	zeros(&p, 2);
	put(&p, v4_src, 4);
	put(&p, v4_dst, 4);
	put8(&p, 1); /* NOP options */
	put8(&p, 1);
	put8(&p, 1);
	put8(&p, 0);
	tcp(&p, 1, 2, 0x12);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 1);
	assert_int_equal(k.dport, 2);
	assert_int_equal(k.tcp_flags, 0x12);
	assert_int_equal(k.length, 48);
}

static void
test_ipv6_udp(void **state)
{
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	ipv6(&p, IPPROTO_UDP, 12);
	udp(&p, 5353, 53, 12);
	put(&p, "abcd", 4);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, PREFIX);
	assert_v6(&k);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 5353);
	assert_int_equal(k.dport, 53);
	assert_int_equal(k.tcp_flags, 0);
	assert_int_equal(k.length, 52);

	/* UDP-Lite and SCTP have their ports where UDP has them. */
	ipv6(&p, IPPROTO_UDPLITE, 8);
	udp(&p, 7, 8, 8);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_UDPLITE);
	assert_int_equal(k.sport, 7);
	assert_int_equal(k.dport, 8);
	ipv4(&p, IPPROTO_SCTP, 32, 0);
	udp(&p, 3868, 3869, 0);
	zeros(&p, 4);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_SCTP);
	assert_int_equal(k.sport, 3868);
	assert_int_equal(k.dport, 3869);

	/* The largest payload length: the length stops at UINT16_MAX. */
	ipv6(&p, IPPROTO_UDP, 65535);
	udp(&p, 1, 2, 0);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.length, UINT16_MAX);
	assert_int_equal(k.dport, 2);
}

/* An IPv6 fragment header: offset in the top 13 bits of its third and
 * fourth bytes, M in the lowest. */
static void
frag6(struct bytes *p, unsigned nh, unsigned offset, unsigned more)
{
	put8(p, nh);
	put8(p, 0);
	put16be(p, offset << 3 | more);
	put16be(p, 0xabcd);
	put16be(p, 0x0001);
}

static void
test_ipv6_ext(void **state)
{
	struct bytes r, p;
	struct nflog_pkt k;
	int i;

	(void)state;
	/* Hop-by-hop (8 bytes), then the first fragment: ports. */
	ipv6(&p, IPPROTO_HOPOPTS, 8 + 8 + 8);
	put8(&p, IPPROTO_FRAGMENT);
	put8(&p, 0);
	put8(&p, 1); /* PadN, 4 bytes */
	put8(&p, 4);
	zeros(&p, 4);
	frag6(&p, IPPROTO_UDP, 0, 1);
	udp(&p, 1000, 2000, 1200);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_v6(&k);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 1000);
	assert_int_equal(k.dport, 2000);
	assert_int_equal(k.length, 64);

	/* The same, a later fragment: the protocol, no ports. */
	ipv6(&p, IPPROTO_HOPOPTS, 8 + 8 + 8);
	put8(&p, IPPROTO_FRAGMENT);
	zeros(&p, 7);
	frag6(&p, IPPROTO_UDP, 150, 0);
	udp(&p, 1000, 2000, 1200); /* data that looks like a header */
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 0);
	assert_int_equal(k.dport, 0);
	assert_int_equal(k.length, 64);

	/* Destination options (16 bytes), routing (8), AH of length 4
	 * ((4 + 2) * 4 = 24 bytes), then TCP. */
	ipv6(&p, IPPROTO_DSTOPTS, 16 + 8 + 24 + 24);
	put8(&p, IPPROTO_ROUTING);
	put8(&p, 1);
	zeros(&p, 14);
	put8(&p, IPPROTO_AH);
	put8(&p, 0);
	zeros(&p, 6);
	put8(&p, IPPROTO_TCP);
	put8(&p, 4);
	zeros(&p, 22);
	tcp(&p, 22, 50000, 0x10);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_TCP);
	assert_int_equal(k.sport, 22);
	assert_int_equal(k.dport, 50000);
	assert_int_equal(k.tcp_flags, 0x10);

	/* Eight extension headers are walked, a ninth is not. */
	ipv6(&p, IPPROTO_DSTOPTS, 9 * 8 + 8);
	for (i = 0; i < 8; i++) {
		put8(&p, IPPROTO_DSTOPTS);
		zeros(&p, 7);
	}
	put8(&p, IPPROTO_UDP);
	zeros(&p, 7);
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_DSTOPTS);
	assert_int_equal(k.sport, 0);
	p.len = 40 + 8 * 8; /* drop the ninth: eight then UDP */
	p.b[40 + 7 * 8] = IPPROTO_UDP;
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 1);
	assert_int_equal(k.dport, 2);

	/* An extension header cut short: its number, no ports, no error. */
	ipv6(&p, IPPROTO_HOPOPTS, 16);
	put8(&p, IPPROTO_UDP);
	put8(&p, 1); /* 16 bytes, 8 there */
	zeros(&p, 6);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_HOPOPTS);
	assert_int_equal(k.sport, 0);

	/* ... down to less than its first two bytes; a fragment header of
	 * six bytes. */
	ipv6(&p, IPPROTO_HOPOPTS, 1);
	put8(&p, IPPROTO_UDP);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_HOPOPTS);
	ipv6(&p, IPPROTO_FRAGMENT, 6);
	frag6(&p, IPPROTO_UDP, 0, 1);
	p.len -= 2;
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_FRAGMENT);
	assert_int_equal(k.sport, 0);

	/* No next header (59): the walk stops there. */
	ipv6(&p, 59, 0);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, 59);
	assert_int_equal(k.length, 40);
}

static void
test_ipv4_fragment(void **state)
{
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	/* The first fragment (MF set, offset 0) has the ports. */
	ipv4(&p, IPPROTO_UDP, 1500, 0x2000);
	udp(&p, 123, 456, 1480);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 123);
	assert_int_equal(k.dport, 456);
	assert_int_equal(k.length, 1500); /* the header's, not the capture's */

	/* A later one does not. */
	ipv4(&p, IPPROTO_UDP, 28, 185);
	udp(&p, 123, 456, 1480);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 0);
	assert_int_equal(k.dport, 0);
	assert_int_equal(k.length, 28);
}

static void
test_icmp(void **state)
{
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	ipv4(&p, IPPROTO_ICMP, 32, 0);
	echo(&p, 8);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_v4(&k);
	assert_int_equal(k.proto, IPPROTO_ICMP);
	assert_int_equal(k.icmp_type, 8);
	assert_int_equal(k.sport, 0);
	assert_int_equal(k.dport, 0);

	ipv6(&p, IPPROTO_ICMPV6, 12);
	echo(&p, 128);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_v6(&k);
	assert_int_equal(k.proto, IPPROTO_ICMPV6);
	assert_int_equal(k.icmp_type, 128);

	/* ICMP counts in IPv4 only, ICMPv6 in IPv6 only. */
	ipv6(&p, IPPROTO_ICMP, 12);
	echo(&p, 8);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_ICMP);
	assert_int_equal(k.icmp_type, 0);
	ipv4(&p, IPPROTO_ICMPV6, 32, 0);
	echo(&p, 128);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.icmp_type, 0);
}

static void
test_prefix(void **state)
{
	char longp[100];
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	ipv4(&p, IPPROTO_TCP, 44, 0);
	tcp(&p, 1, 2, 0x02);

	/* Missing: "". */
	rec_std(&r, AF_INET, NULL);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, "");

	/* Without its NUL. */
	rec_begin(&r, AF_INET);
	tlv(&r, NFULA_PREFIX, "abc", 3, 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, "abc");

	/* Longer than the buffer: cut to NFLOG_PREFIX_MAX - 1 bytes. */
	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	rec_std(&r, AF_INET, longp);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(strlen(k.prefix), NFLOG_PREFIX_MAX - 1);
	assert_memory_equal(k.prefix, longp, NFLOG_PREFIX_MAX - 1);

	/* Exactly NFLOG_PREFIX_MAX - 1 bytes without a NUL. */
	rec_begin(&r, AF_INET);
	tlv(&r, NFULA_PREFIX, longp, NFLOG_PREFIX_MAX - 1, 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(strlen(k.prefix), NFLOG_PREFIX_MAX - 1);

	/* An embedded NUL ends it; an empty TLV is ""; the first counts. */
	rec_begin(&r, AF_INET);
	tlv(&r, NFULA_PREFIX, "ab\0cd", 6, 1);
	tlv(&r, NFULA_PREFIX, "second", 7, 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, "ab");
	rec_begin(&r, AF_INET);
	tlv(&r, NFULA_PREFIX, "", 0, 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, "");
}

static void
test_tlv_walk(void **state)
{
	static const uint8_t junk[5] = {1, 2, 3, 4, 5};
	struct bytes r, p, q;
	struct nflog_pkt k;

	(void)state;
	ipv4(&p, IPPROTO_UDP, 29, 0);
	udp(&p, 68, 67, 9);
	put8(&p, 0x55); /* 29 bytes: the TLV is 33 long */

	/* An unknown TLV type is stepped over, with its padding. */
	rec_begin(&r, AF_INET);
	tlv(&r, 200, junk, sizeof(junk), 1);
	tlv(&r, NFULA_PREFIX, PREFIX, sizeof(PREFIX), 1);
	tlv(&r, 0x7fff, junk, 0, 1);
	with_payload(&r, &p);
	assert_int_equal(r.len % 4, 0);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_string_equal(k.prefix, PREFIX);
	assert_int_equal(k.sport, 68);
	assert_int_equal(k.dport, 67);

	/* The last TLV without its padding. */
	rec_std(&r, AF_INET, PREFIX);
	tlv(&r, NFULA_PAYLOAD, p.b, p.len, 0);
	assert_int_equal(r.len % 4, 1);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.dport, 67);
	/* ... or with part of it. */
	put8(&r, 0);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.dport, 67);

	/* The first payload counts; the netlink flag bits are not part of
	 * the type. */
	ipv4(&q, IPPROTO_TCP, 44, 0);
	tcp(&q, 9, 10, 0x04);
	rec_begin(&r, AF_INET);
	tlv(&r, 0x4000 | NFULA_PAYLOAD, q.b, q.len, 1);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_TCP);
	assert_int_equal(k.sport, 9);
	assert_int_equal(k.tcp_flags, 0x04);
}

static void
test_truncated_transport(void **state)
{
	struct bytes r, p;
	struct nflog_pkt k;

	(void)state;
	/* TCP: the ports and the flags come with the whole 20-byte header,
	 * not before; the total length still is the header's. */
	ipv4(&p, IPPROTO_TCP, 44, 0);
	tcp(&p, 40000, 443, 0x02);
	p.len = 20 + 19;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_TCP);
	assert_int_equal(k.sport, 0);
	assert_int_equal(k.dport, 0);
	assert_int_equal(k.tcp_flags, 0);
	assert_int_equal(k.length, 44);
	assert_v4(&k);
	p.len = 20 + 4;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 0);
	p.len = 20 + 20;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 40000);
	assert_int_equal(k.tcp_flags, 0x02);

	/* UDP short of 8 bytes; ICMPv6 short of 8. */
	ipv6(&p, IPPROTO_UDP, 8);
	udp(&p, 1, 2, 8);
	p.len--;
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 0);
	ipv6(&p, IPPROTO_ICMPV6, 8);
	echo(&p, 128);
	p.len = 40 + 7;
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.icmp_type, 0);

	/* SCTP short of 12 bytes; ICMP short of 8. */
	ipv4(&p, IPPROTO_SCTP, 31, 0);
	udp(&p, 3868, 3869, 0);
	zeros(&p, 3);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_SCTP);
	assert_int_equal(k.sport, 0);
	ipv4(&p, IPPROTO_ICMP, 27, 0);
	echo(&p, 8);
	p.len = 20 + 7;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.proto, IPPROTO_ICMP);
	assert_int_equal(k.icmp_type, 0);

	/* A header whose total length stops before the transport header: the
	 * bytes past it are not read as one. */
	ipv4(&p, IPPROTO_UDP, 24, 0);
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 0);
	assert_int_equal(k.length, 24);
	ipv6(&p, IPPROTO_UDP, 4);
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 0);
	/* A total length of 0 (a GSO packet) bounds nothing. */
	ipv4(&p, IPPROTO_UDP, 0, 0);
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_int_equal(decode(&r, &k), NFLOG_EOK);
	assert_int_equal(k.sport, 1);
	assert_int_equal(k.length, 0);
}

/* rc, and out all zeros: nothing half-decoded is left behind. */
static void
assert_refused(const struct bytes *r, int rc)
{
	struct nflog_pkt k, zero;

	memset(&zero, 0, sizeof(zero));
	memset(&k, 0xa5, sizeof(k));
	assert_int_equal(decode(r, &k), rc);
	assert_memory_equal(&k, &zero, sizeof(k));
}

static void
test_record_errors(void **state)
{
	struct bytes r, p;
	size_t n;

	(void)state;
	ipv4(&p, IPPROTO_TCP, 44, 0);
	tcp(&p, 1, 2, 0x02);

	/* The nflog_hdr_t: short, a family or a version unknown. */
	rec_begin(&r, AF_INET);
	for (n = 0; n < 4; n++)
		assert_int_equal(
		    nflog_decode(r.b, n, &(struct nflog_pkt){0}), NFLOG_ESHORT);
	assert_int_equal(
	    nflog_decode(NULL, 0, &(struct nflog_pkt){0}), NFLOG_ESHORT);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	r.b[1] = 1;
	assert_refused(&r, NFLOG_EFORMAT);
	r.b[1] = 0;
	r.b[0] = 7;
	assert_refused(&r, NFLOG_EFORMAT);
	r.b[0] = 0;
	assert_refused(&r, NFLOG_EFORMAT);

	/* No TLV at all, and none with the packet. */
	rec_begin(&r, AF_INET);
	assert_refused(&r, NFLOG_ENOPAYLOAD);
	rec_std(&r, AF_INET, PREFIX);
	assert_refused(&r, NFLOG_ENOPAYLOAD);

	/* A TLV length under 4 (0 would never move on). */
	for (n = 0; n < 4; n++) {
		rec_std(&r, AF_INET, PREFIX);
		tlv_hdr(&r, (unsigned)n, 200);
		with_payload(&r, &p);
		assert_refused(&r, NFLOG_EFORMAT);
	}

	/* A TLV past the end, by one byte; half a TLV header at the end. */
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	tlv_hdr(&r, 12, 200);
	put(&r, "1234567", 7);
	assert_refused(&r, NFLOG_ESHORT);
	rec_std(&r, AF_INET, PREFIX);
	tlv_hdr(&r, (unsigned)p.len + 5, NFULA_PAYLOAD);
	put(&r, p.b, p.len);
	assert_refused(&r, NFLOG_ESHORT);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	put16be(&r, 8);
	assert_refused(&r, NFLOG_ESHORT);
}

static void
test_packet_errors(void **state)
{
	struct bytes r, p;

	(void)state;
	/* An IPv6 packet in an AF_INET record, and the other way round. */
	ipv6(&p, IPPROTO_UDP, 8);
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_EFORMAT);
	ipv4(&p, IPPROTO_UDP, 28, 0);
	udp(&p, 1, 2, 8);
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_EFORMAT);

	/* An IP version that is neither. */
	p.b[0] = 0x55;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_EFORMAT);

	/* IHL under 5; IHL past the capture. */
	ipv4(&p, IPPROTO_UDP, 28, 0);
	udp(&p, 1, 2, 8);
	p.b[0] = 0x44;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_EFORMAT);
	p.b[0] = 0x48; /* 32 bytes, 28 there */
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_ESHORT);

	/* Fixed headers cut short, and an empty payload. */
	ipv4(&p, IPPROTO_UDP, 28, 0);
	p.len = 19;
	rec_std(&r, AF_INET, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_ESHORT);
	ipv6(&p, IPPROTO_UDP, 0);
	p.len = 39;
	rec_std(&r, AF_INET6, PREFIX);
	with_payload(&r, &p);
	assert_refused(&r, NFLOG_ESHORT);
	rec_std(&r, AF_INET6, PREFIX);
	tlv(&r, NFULA_PAYLOAD, "", 0, 1);
	assert_refused(&r, NFLOG_ESHORT);
}

static void
test_captured(void **state)
{
	static const uint8_t loop4[4] = {127, 0, 0, 1};
	struct nflog_pkt k;
	size_t n;

	(void)state;
	assert_int_equal(
	    nflog_decode(cap_tcp4_syn, sizeof(cap_tcp4_syn), &k), NFLOG_EOK);
	assert_string_equal(k.prefix, PREFIX);
	assert_int_equal(k.src.family, AF_INET);
	assert_int_equal(k.dst.family, AF_INET);
	assert_memory_equal(k.src.bytes, loop4, 4);
	assert_memory_equal(k.dst.bytes, loop4, 4);
	assert_int_equal(k.proto, IPPROTO_TCP);
	assert_int_equal(k.sport, 38296);
	assert_int_equal(k.dport, 4711);
	assert_int_equal(k.tcp_flags, 0x02);
	assert_int_equal(k.length, 60);

	assert_int_equal(
	    nflog_decode(cap_udp6, sizeof(cap_udp6), &k), NFLOG_EOK);
	assert_string_equal(k.prefix, PREFIX);
	assert_int_equal(k.src.family, AF_INET6);
	assert_memory_equal(k.src.bytes, loop6, 16);
	assert_memory_equal(k.dst.bytes, loop6, 16);
	assert_int_equal(k.proto, IPPROTO_UDP);
	assert_int_equal(k.sport, 48175);
	assert_int_equal(k.dport, 5353);
	assert_int_equal(k.length, 54);
	/* Without the padding of its last TLV, it reads the same. */
	assert_int_equal(
	    nflog_decode(cap_udp6, sizeof(cap_udp6) - 2, &k), NFLOG_EOK);
	assert_int_equal(k.dport, 5353);

	assert_int_equal(
	    nflog_decode(cap_icmp6_echo, sizeof(cap_icmp6_echo), &k),
	    NFLOG_EOK);
	assert_string_equal(k.prefix, PREFIX);
	assert_int_equal(k.dst.family, AF_INET6);
	assert_int_equal(k.proto, IPPROTO_ICMPV6);
	assert_int_equal(k.icmp_type, 128);
	assert_int_equal(k.sport, 0);
	assert_int_equal(k.length, 104);

	/* Every cut of a captured record is refused or decodes, and never
	 * reads past the cut (ASan would say). */
	for (n = 0; n < sizeof(cap_tcp4_syn); n++)
		(void)nflog_decode(cap_tcp4_syn, n, &k);
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(nflog_strerror(NFLOG_EOK), "no error");
	assert_string_not_equal(nflog_strerror(NFLOG_ESHORT), "unknown error");
	assert_string_not_equal(nflog_strerror(NFLOG_EFORMAT), "unknown error");
	assert_string_not_equal(
	    nflog_strerror(NFLOG_ENOPAYLOAD), "unknown error");
	assert_string_equal(nflog_strerror(-99), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ipv4_tcp_syn),
	    cmocka_unit_test(test_hwaddr),
	    cmocka_unit_test(test_ipv6_udp),
	    cmocka_unit_test(test_ipv6_ext),
	    cmocka_unit_test(test_ipv4_fragment),
	    cmocka_unit_test(test_icmp),
	    cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_tlv_walk),
	    cmocka_unit_test(test_truncated_transport),
	    cmocka_unit_test(test_record_errors),
	    cmocka_unit_test(test_packet_errors),
	    cmocka_unit_test(test_captured),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("nflog", tests, NULL, NULL);
}
