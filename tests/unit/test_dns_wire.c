/*
 * The resolver's DNS wire format: the exact bytes of a query, which names
 * may be asked for, and the answer parser against messages built here byte
 * by byte (RFC 1035 section 4, independently of dns_wire.c): compression
 * pointers, both families, CNAME chains, every rcode and mismatch it must
 * refuse, the cap on addresses, and hostile messages (cuts, pointer loops)
 * that must end in an error, never in a crash or a read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/socket.h>

#include "bytes.h"
#include "resolver/dns_wire.h"

#define ID 0xbeef
#define QR 0x8000
#define TC 0x0200
#define RD 0x0100
#define RA 0x0080
#define RESPONSE (QR | RD | RA) /* a recursive server's NOERROR */
#define T_A 1
#define T_NS 2
#define T_CNAME 5
#define T_SOA 6
#define T_AAAA 28
#define C_IN 1
#define C_CH 3
#define QNAME_OFF 12 /* the question's name, right after the header */


/* The labels of a dotted name, without the root. */
static void
labels(struct bytes *m, const char *dotted)
{
	while (*dotted != '\0') {
		size_t n = strcspn(dotted, ".");

		put8(m, (unsigned)n);
		put(m, dotted, n);
		dotted += n;
		if (*dotted == '.')
			dotted++;
	}
}

/* A whole name, uncompressed. */
static void
name(struct bytes *m, const char *dotted)
{
	labels(m, dotted);
	put8(m, 0);
}

/* Labels (may be ""), then a pointer to the rest of the name at off. */
static void
name_ptr(struct bytes *m, const char *prefix, unsigned off)
{
	labels(m, prefix);
	put16be(m, 0xc000 | off);
}

static void
hdr(struct bytes *m, unsigned id, unsigned flags, unsigned qd, unsigned an,
    unsigned ns)
{
	m->len = 0;
	put16be(m, id);
	put16be(m, flags);
	put16be(m, qd);
	put16be(m, an);
	put16be(m, ns);
	put16be(m, 0);
}

/* Patch the answer count once the records are written. */
static void
set_an(struct bytes *m, unsigned an)
{
	m->b[6] = (uint8_t)(an >> 8);
	m->b[7] = (uint8_t)an;
}

static void
question(struct bytes *m, const char *qname, unsigned type, unsigned class)
{
	name(m, qname);
	put16be(m, type);
	put16be(m, class);
}

/* A response with our id and flags, echoing the question. */
static void
reply(struct bytes *m, unsigned flags, const char *qname, unsigned qtype,
    unsigned an)
{
	hdr(m, ID, flags, 1, an, 0);
	question(m, qname, qtype, C_IN);
}

/* What follows a record's owner: type, class, TTL and rdlength. */
static void
rr_fixed(
    struct bytes *m, unsigned type, unsigned class, uint32_t ttl, unsigned rdlen)
{
	put16be(m, type);
	put16be(m, class);
	put32be(m, ttl);
	put16be(m, rdlen);
}

/* An A record of the question's name, its owner compressed. */
static void
a_qname(struct bytes *m, uint32_t ttl, const uint8_t ip[4])
{
	name_ptr(m, "", QNAME_OFF);
	rr_fixed(m, T_A, C_IN, ttl, 4);
	put(m, ip, 4);
}

/* An A record of another owner, uncompressed. */
static void
a_of(struct bytes *m, const char *owner, uint32_t ttl, const uint8_t ip[4])
{
	name(m, owner);
	rr_fixed(m, T_A, C_IN, ttl, 4);
	put(m, ip, 4);
}

/* A CNAME record, both names uncompressed. */
static void
cname_of(struct bytes *m, const char *owner, uint32_t ttl, const char *target)
{
	name(m, owner);
	rr_fixed(m, T_CNAME, C_IN, ttl, (unsigned)strlen(target) + 2);
	name(m, target);
}

/* Parse a copy of m of exactly its size, so that ASan sees a read one
 * byte past the message. */
static int
parse_as(const struct bytes *m, uint16_t id, const char *qname, uint16_t qtype,
    struct dns_answer *a)
{
	uint8_t *copy = malloc(m->len ? m->len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, m->b, m->len);
	rc = dns_answer_parse(copy, m->len, id, qname, qtype, a);
	free(copy);
	return rc;
}

static int
parse(const struct bytes *m, const char *qname, uint16_t qtype,
    struct dns_answer *a)
{
	return parse_as(m, ID, qname, qtype, a);
}

static const uint8_t ip1[4] = {192, 0, 2, 1};
static const uint8_t ip2[4] = {192, 0, 2, 2};
static const uint8_t ip3[4] = {198, 51, 100, 1};
static const uint8_t ip4[4] = {198, 51, 100, 2};
static const uint8_t other[4] = {203, 0, 113, 9};
static const uint8_t ip6a[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
static const uint8_t ip6b[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02};

/* What a recursive server sends for www.example.com A: both records'
 * owners point at the question's name, and the authority's NS names
 * point into it too (ns1 + pointer to "example.com" at offset 16). */
static void
real_answer(struct bytes *m)
{
	hdr(m, ID, RESPONSE, 1, 2, 2);
	question(m, "www.example.com", T_A, C_IN);
	a_qname(m, 300, ip1);
	a_qname(m, 120, ip2);
	name_ptr(m, "", QNAME_OFF + 4); /* example.com */
	rr_fixed(m, T_NS, C_IN, 86400, 6);
	name_ptr(m, "ns1", QNAME_OFF + 4);
	name_ptr(m, "", QNAME_OFF + 4);
	rr_fixed(m, T_NS, C_IN, 86400, 6);
	name_ptr(m, "ns2", QNAME_OFF + 4);
}

static void
test_query_build(void **state)
{
	static const uint8_t want[] = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 1, 'a', 7, 'e', 'x', 'a', 'm', 'p',
	    'l', 'e', 3, 'c', 'o', 'm', 0, 0x00, 0x01, 0x00, 0x01};
	uint8_t buf[DNS_QUERY_MAX];
	char longest[4 * 64];
	int len;

	(void)state;
	/* id, RD only, one question; labels, root, type A, class IN */
	len = dns_query_build(
	    0x1234, "a.example.com", DNS_QTYPE_A, buf, sizeof(buf));
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));

	/* AAAA differs in the type only; the name's case is kept. */
	len = dns_query_build(
	    0x1234, "A.Example.com", DNS_QTYPE_AAAA, buf, sizeof(buf));
	assert_int_equal(len, sizeof(want));
	assert_int_equal(buf[13], 'A');
	assert_memory_equal(buf + 15, "Example", 7);
	assert_int_equal(buf[len - 4], 0);
	assert_int_equal(buf[len - 3], DNS_QTYPE_AAAA);
	assert_int_equal(buf[len - 1], 1);

	/* The buffer must hold the whole query, and exactly that is enough. */
	assert_int_equal(dns_query_build(0x1234, "a.example.com", DNS_QTYPE_A,
	                     buf, sizeof(want) - 1),
	    -DNS_ESHORT);
	assert_int_equal(dns_query_build(0x1234, "a.example.com", DNS_QTYPE_A,
	                     buf, sizeof(want)),
	    (int)sizeof(want));
	assert_int_equal(
	    dns_query_build(1, "a", DNS_QTYPE_A, buf, 0), -DNS_ESHORT);

	/* The longest name fits DNS_QUERY_MAX. */
	for (int i = 0; i < 4; i++)
		memset(longest + i * 64, 'a' + i, 63);
	for (int i = 0; i < 3; i++)
		longest[i * 64 + 63] = '.';
	longest[DNS_NAME_MAX] = '\0';
	len = dns_query_build(7, longest, DNS_QTYPE_A, buf, sizeof(buf));
	assert_int_equal(len, 12 + DNS_NAME_MAX + 2 + 4);
	assert_true(len <= DNS_QUERY_MAX);
	assert_int_equal(buf[12], 63);
	assert_int_equal(buf[12 + 3 * 64], 61);

	/* A bad name is refused before the buffer is looked at. */
	assert_int_equal(
	    dns_query_build(1, "a..b", DNS_QTYPE_A, buf, sizeof(buf)),
	    -DNS_ENAME);
	assert_int_equal(
	    dns_query_build(1, "", DNS_QTYPE_A, buf, 0), -DNS_ENAME);
}

static void
test_name_valid(void **state)
{
	char n[300];

	(void)state;
	assert_true(dns_name_valid("a.example.com"));
	assert_true(dns_name_valid("localhost"));
	assert_true(dns_name_valid("A-1.B_2.example"));
	assert_true(dns_name_valid("1.2.3.4"));

	assert_false(dns_name_valid(""));
	assert_false(dns_name_valid("."));
	assert_false(dns_name_valid(".example.com"));
	assert_false(dns_name_valid("a..example.com"));
	/* The final dot is the caller's to strip. */
	assert_false(dns_name_valid("example.com."));
	assert_false(dns_name_valid("a b.example.com"));
	assert_false(dns_name_valid("*.example.com"));
	assert_false(dns_name_valid("a/b.example.com"));
	assert_false(dns_name_valid("a\\.b.example.com"));
	assert_false(dns_name_valid("caf\xc3\xa9.example.com"));
	assert_false(dns_name_valid("a\tb"));

	/* 63 characters in a label, not 64. */
	memset(n, 'x', 63);
	strcpy(n + 63, ".example.com");
	assert_true(dns_name_valid(n));
	memset(n, 'x', 64);
	strcpy(n + 64, ".example.com");
	assert_false(dns_name_valid(n));
	memset(n, 'x', 64);
	n[64] = '\0';
	assert_false(dns_name_valid(n));

	/* 253 characters in all, not 254. */
	for (int i = 0; i < 4; i++)
		memset(n + i * 64, 'a' + i, 63);
	for (int i = 0; i < 3; i++)
		n[i * 64 + 63] = '.';
	n[253] = '\0';
	assert_true(dns_name_valid(n));
	n[253] = 'd';
	n[254] = '\0';
	assert_false(dns_name_valid(n));
}

static void
test_answer_compressed(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	real_answer(&m);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.rcode, 0);
	assert_int_equal(a.truncated, 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.dropped, 0);
	assert_int_equal(a.ttl, 120);
	assert_int_equal(a.addrs[0].family, AF_INET);
	assert_memory_equal(a.addrs[0].bytes, ip1, 4);
	assert_int_equal(a.addrs[1].family, AF_INET);
	assert_memory_equal(a.addrs[1].bytes, ip2, 4);
}

static void
test_answer_aaaa(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	reply(&m, RESPONSE, "v6.example.com", T_AAAA, 3);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_AAAA, C_IN, 600, 16);
	put(&m, ip6a, 16);
	/* An A record of the name does not answer an AAAA question. */
	a_qname(&m, 5, ip1);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_AAAA, C_IN, 900, 16);
	put(&m, ip6b, 16);
	assert_int_equal(
	    parse(&m, "v6.example.com", DNS_QTYPE_AAAA, &a), DNS_EOK);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.ttl, 600);
	assert_int_equal(a.addrs[0].family, AF_INET6);
	assert_memory_equal(a.addrs[0].bytes, ip6a, 16);
	assert_int_equal(a.addrs[1].family, AF_INET6);
	assert_memory_equal(a.addrs[1].bytes, ip6b, 16);

	/* Asked for A, the same records are another question. */
	assert_int_equal(
	    parse(&m, "v6.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);
}

static void
test_cname_chain(void **state)
{
	struct dns_answer a;
	struct bytes m;
	size_t edge;

	(void)state;
	/* app -> edge.cdn.example.net -> e1.cdn.example.net -> two A; the
	 * second CNAME's owner and the A records' owners are pointers into
	 * the CNAMEs' data, as a server compresses them. An A record for
	 * an owner off the chain is ignored, TTL included. */
	reply(&m, RESPONSE, "app.example.com", T_A, 5);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_CNAME, C_IN, 600, 22);
	edge = m.len;
	name(&m, "edge.cdn.example.net");
	name_ptr(&m, "", (unsigned)edge);
	rr_fixed(&m, T_CNAME, C_IN, 60, 5);
	name_ptr(&m, "e1", (unsigned)edge + 5); /* e1 + cdn.example.net */
	a_of(&m, "unrelated.example.org", 5, other);
	name_ptr(&m, "e1", (unsigned)edge + 5);
	rr_fixed(&m, T_A, C_IN, 300, 4);
	put(&m, ip3, 4);
	a_of(&m, "E1.CDN.example.NET", 200, ip4);
	assert_int_equal(
	    parse(&m, "app.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 2);
	assert_memory_equal(a.addrs[0].bytes, ip3, 4);
	assert_memory_equal(a.addrs[1].bytes, ip4, 4);
	assert_int_equal(a.ttl, 60); /* the second CNAME's */

	/* The records in any order: the A records first, the chain from
	 * its end to its start. The addresses' TTL is the smallest now. */
	reply(&m, RESPONSE, "app.example.com", T_A, 4);
	a_of(&m, "e1.cdn.example.net", 40, ip3);
	a_of(&m, "unrelated.example.org", 1, other);
	cname_of(&m, "edge.cdn.example.net", 600, "e1.cdn.example.net");
	cname_of(&m, "app.example.com", 900, "edge.cdn.example.net");
	assert_int_equal(
	    parse(&m, "app.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 1);
	assert_memory_equal(a.addrs[0].bytes, ip3, 4);
	assert_int_equal(a.ttl, 40);

	/* A chain that the answer does not end: no address, no TTL. */
	reply(&m, RESPONSE, "app.example.com", T_A, 2);
	cname_of(&m, "app.example.com", 900, "edge.cdn.example.net");
	a_of(&m, "elsewhere.example.net", 30, other);
	assert_int_equal(
	    parse(&m, "app.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.ttl, 0);

	/* A CNAME loop ends the chain; the A of a name in it still counts.
	 * The CNAME back to the start leads nowhere new: its TTL is not
	 * taken. */
	reply(&m, RESPONSE, "a.example.com", T_A, 3);
	cname_of(&m, "a.example.com", 100, "b.example.com");
	cname_of(&m, "b.example.com", 50, "a.example.com");
	a_of(&m, "b.example.com", 70, ip1);
	assert_int_equal(parse(&m, "a.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.ttl, 70);

	/* A chain of 20 CNAMEs is cut (at 8, where a recursive server would
	 * have given up too): its end's address is not taken. */
	reply(&m, RESPONSE, "c0.example.com", T_A, 21);
	for (int i = 0; i < 20; i++) {
		char from[32], to[32];

		snprintf(from, sizeof(from), "c%d.example.com", i);
		snprintf(to, sizeof(to), "c%d.example.com", i + 1);
		cname_of(&m, from, 300, to);
	}
	a_of(&m, "c20.example.com", 300, ip1);
	assert_int_equal(parse(&m, "c0.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 0);
}

static void
test_ttl(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	/* The chain's TTL above the addresses': the addresses' smallest. */
	reply(&m, RESPONSE, "x.example.com", T_A, 3);
	cname_of(&m, "x.example.com", 3600, "y.example.com");
	a_of(&m, "y.example.com", 90, ip1);
	a_of(&m, "y.example.com", 45, ip2);
	assert_int_equal(parse(&m, "x.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.ttl, 45);

	/* A TTL of 0 is a TTL (the resolver clamps it to its minimum): an
	 * address with ttl 0. */
	reply(&m, RESPONSE, "x.example.com", T_A, 1);
	a_qname(&m, 0, ip1);
	assert_int_equal(parse(&m, "x.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.ttl, 0);

	/* The largest TTL the wire holds survives. */
	reply(&m, RESPONSE, "x.example.com", T_A, 1);
	a_qname(&m, UINT32_MAX, ip1);
	assert_int_equal(parse(&m, "x.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.ttl, UINT32_MAX);
}

static void
test_rcodes(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	/* NXDOMAIN, with the zone's SOA in the authority section: the name
	 * has no address now, which is an answer, not a failure. */
	hdr(&m, ID, RESPONSE | 3, 1, 0, 1);
	question(&m, "gone.example.com", T_A, C_IN);
	name_ptr(&m, "", QNAME_OFF + 5); /* example.com */
	rr_fixed(&m, T_SOA, C_IN, 900, 5 + 2 + 20);
	name_ptr(&m, "ns", QNAME_OFF + 5);
	name_ptr(&m, "", QNAME_OFF + 5);
	for (int i = 0; i < 5; i++)
		put32be(&m, 900);
	assert_int_equal(
	    parse(&m, "gone.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.rcode, 3);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.ttl, 0);

	/* NOERROR without records (NODATA): the same. */
	reply(&m, RESPONSE, "v4only.example.com", T_AAAA, 0);
	assert_int_equal(
	    parse(&m, "v4only.example.com", DNS_QTYPE_AAAA, &a), DNS_EOK);
	assert_int_equal(a.rcode, 0);
	assert_int_equal(a.n, 0);

	/* SERVFAIL, REFUSED and the others: the server failed. Even with a
	 * record, no address is taken. */
	for (unsigned rcode = 1; rcode < 16; rcode++) {
		if (rcode == 3)
			continue;
		reply(&m, RESPONSE | rcode, "www.example.com", T_A, 1);
		a_qname(&m, 300, ip1);
		assert_int_equal(
		    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_ERCODE);
		assert_int_equal(a.rcode, rcode);
		assert_int_equal(a.n, 0);
	}

	/* A failure that does not repeat the question, with our id, is our
	 * answer: failed now, not ignored until the query times out. */
	hdr(&m, ID, RESPONSE | 2, 0, 0, 0);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_ERCODE);
	assert_int_equal(a.rcode, 2);
	/* ... but a success without the question answers nothing. */
	hdr(&m, ID, RESPONSE, 0, 0, 0);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);
}

static void
test_wrong_id(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	real_answer(&m);
	assert_int_equal(
	    parse_as(&m, ID + 1, "www.example.com", DNS_QTYPE_A, &a), -DNS_EID);
	assert_int_equal(a.n, 0);
	assert_int_equal(
	    parse_as(&m, 0, "www.example.com", DNS_QTYPE_A, &a), -DNS_EID);
}

static void
test_question_mismatch(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	real_answer(&m);
	/* Another name, a longer or a shorter one. */
	assert_int_equal(
	    parse(&m, "www.example.org", DNS_QTYPE_A, &a), -DNS_EQUESTION);
	assert_int_equal(
	    parse(&m, "a.www.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);
	assert_int_equal(
	    parse(&m, "example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);
	/* Another type. */
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_AAAA, &a), -DNS_EQUESTION);

	/* Another class (CHAOS), its records IN. */
	hdr(&m, ID, RESPONSE, 1, 1, 0);
	question(&m, "www.example.com", T_A, C_CH);
	a_qname(&m, 300, ip1);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);

	/* No question, or two. */
	hdr(&m, ID, RESPONSE, 0, 1, 0);
	a_of(&m, "www.example.com", 300, ip1);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);
	hdr(&m, ID, RESPONSE, 2, 0, 0);
	question(&m, "www.example.com", T_A, C_IN);
	question(&m, "www.example.com", T_A, C_IN);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);

	/* Records of class CHAOS do not count for a question IN. */
	reply(&m, RESPONSE, "www.example.com", T_A, 2);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_A, C_CH, 300, 4);
	put(&m, ip1, 4);
	a_qname(&m, 300, ip2);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 1);
	assert_memory_equal(a.addrs[0].bytes, ip2, 4);
}

/* Names compare without case (RFC 4343): servers and 0x20 randomisation
 * may change it. */
static void
test_case_insensitive(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	reply(&m, RESPONSE, "WwW.ExAmPlE.cOm", T_A, 2);
	a_of(&m, "www.EXAMPLE.com", 300, ip1);
	a_of(&m, "WWW.example.COM", 300, ip2);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 2);
	assert_int_equal(
	    parse(&m, "WWW.EXAMPLE.COM", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 2);
}

static void
test_not_an_answer(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	/* Our own query, reflected: QR clear. */
	reply(&m, RD, "www.example.com", T_A, 1);
	a_qname(&m, 300, ip1);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_ENOTANSWER);
	assert_int_equal(a.n, 0);
}

static void
test_truncated_bytes(void **state)
{
	struct dns_answer a;
	struct bytes m, cut;
	size_t full;

	(void)state;
	/* Every cut of the message, header included, is refused and never
	 * read past (the copy is exactly the cut's size). */
	real_answer(&m);
	full = m.len;
	for (size_t n = 0; n < full; n++) {
		cut = m;
		cut.len = n;
		if (parse(&cut, "www.example.com", DNS_QTYPE_A, &a) !=
		    -DNS_EMALFORMED)
			fail_msg("a cut to %zu of %zu bytes was not refused", n,
			    full);
	}
	/* So is a byte after the last record. */
	m.b[m.len++] = 0;
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);

	/* A count past the records actually there. */
	reply(&m, RESPONSE, "www.example.com", T_A, 2);
	a_qname(&m, 300, ip1);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);
	/* An rdlength past the end. */
	reply(&m, RESPONSE, "www.example.com", T_A, 1);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_A, C_IN, 300, 8);
	put(&m, ip1, 4);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);
}

static void
test_tc_flag(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	/* A UDP answer cut by the server: what it holds is a part. */
	reply(&m, RESPONSE | TC, "www.example.com", T_A, 1);
	a_qname(&m, 300, ip1);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.truncated, 1);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.ttl, 300);
	/* Even with no record at all. */
	reply(&m, RESPONSE | TC, "www.example.com", T_A, 0);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.truncated, 1);
	assert_int_equal(a.n, 0);
}

static void
test_addrs_cap(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	/* 70 records: the first 64 kept, 6 counted; the TTL is that of the
	 * addresses kept (the dropped ones have a smaller one). */
	reply(&m, RESPONSE, "pool.example.com", T_A, 70);
	for (unsigned i = 0; i < 70; i++) {
		uint8_t ip[4] = {10, 0, (uint8_t)(i >> 8), (uint8_t)i};

		a_qname(&m, i < DNS_ADDRS_MAX ? 1000 + i : 5, ip);
	}
	assert_int_equal(
	    parse(&m, "pool.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, DNS_ADDRS_MAX);
	assert_int_equal(a.dropped, 6);
	assert_int_equal(a.ttl, 1000);
	for (unsigned i = 0; i < DNS_ADDRS_MAX; i++) {
		assert_int_equal(a.addrs[i].family, AF_INET);
		assert_int_equal(a.addrs[i].bytes[3], i);
	}

	/* Exactly 64: nothing dropped. */
	set_an(&m, DNS_ADDRS_MAX);
	m.len = 12 + 18 + 4 + DNS_ADDRS_MAX * 16;
	assert_int_equal(
	    parse(&m, "pool.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, DNS_ADDRS_MAX);
	assert_int_equal(a.dropped, 0);
}

static void
test_bad_rdlength(void **state)
{
	struct dns_answer a;
	struct bytes m;

	(void)state;
	/* An A record of 5 bytes (and one of 3) is not an address. */
	reply(&m, RESPONSE, "www.example.com", T_A, 3);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_A, C_IN, 10, 5);
	put(&m, ip1, 4);
	put8(&m, 9);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_A, C_IN, 10, 3);
	put(&m, ip1, 3);
	a_qname(&m, 300, ip2);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 1);
	assert_memory_equal(a.addrs[0].bytes, ip2, 4);
	assert_int_equal(a.ttl, 300);

	/* An AAAA record of 4 bytes neither. */
	reply(&m, RESPONSE, "www.example.com", T_AAAA, 1);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_AAAA, C_IN, 10, 4);
	put(&m, ip1, 4);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_AAAA, &a), DNS_EOK);
	assert_int_equal(a.n, 0);
}

static void
test_pointer_loops(void **state)
{
	struct dns_answer a;
	struct bytes m;
	size_t at;

	(void)state;
	/* The question's name is a pointer to itself: unreadable, so it
	 * cannot be our question. */
	hdr(&m, ID, RESPONSE, 1, 0, 0);
	name_ptr(&m, "", QNAME_OFF);
	put16be(&m, T_A);
	put16be(&m, C_IN);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EQUESTION);

	/* Two answers' owners, each a pointer to the other's (a record is
	 * 16 bytes: pointer, fixed part, address), after a good one. */
	reply(&m, RESPONSE, "www.example.com", T_A, 3);
	a_qname(&m, 300, ip1);
	at = m.len;
	name_ptr(&m, "", (unsigned)at + 16);
	rr_fixed(&m, T_A, C_IN, 300, 4);
	put(&m, ip2, 4);
	name_ptr(&m, "", (unsigned)at);
	rr_fixed(&m, T_A, C_IN, 300, 4);
	put(&m, ip2, 4);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);

	/* An owner pointing to itself, after a label: a name that would
	 * grow for ever. */
	reply(&m, RESPONSE, "www.example.com", T_A, 1);
	name_ptr(&m, "x", (unsigned)m.len);
	rr_fixed(&m, T_A, C_IN, 300, 4);
	put(&m, ip1, 4);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);

	/* A pointer past the end of the message. */
	reply(&m, RESPONSE, "www.example.com", T_A, 1);
	name_ptr(&m, "", 0x3fff);
	rr_fixed(&m, T_A, C_IN, 300, 4);
	put(&m, ip1, 4);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);

	/* A CNAME whose target loops is not followed; the rest stands. */
	reply(&m, RESPONSE, "www.example.com", T_A, 2);
	name_ptr(&m, "", QNAME_OFF);
	rr_fixed(&m, T_CNAME, C_IN, 300, 2);
	name_ptr(&m, "", (unsigned)m.len);
	a_qname(&m, 300, ip1);
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), DNS_EOK);
	assert_int_equal(a.n, 1);
}

static void
test_sizes(void **state)
{
	struct dns_answer a;
	uint8_t *big = calloc(1, 65536);
	struct bytes m;

	(void)state;
	assert_non_null(big);
	/* More than a DNS message can be. */
	real_answer(&m);
	memcpy(big, m.b, m.len);
	assert_int_equal(dns_answer_parse(big, 65536, ID, "www.example.com",
	                     DNS_QTYPE_A, &a),
	    -DNS_EMALFORMED);
	free(big);
	/* Nothing at all. */
	m.len = 0;
	assert_int_equal(
	    parse(&m, "www.example.com", DNS_QTYPE_A, &a), -DNS_EMALFORMED);
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(dns_strerror(DNS_EOK), "no error");
	for (int e = DNS_ENAME; e <= DNS_ERCODE; e++) {
		assert_string_not_equal(dns_strerror(e), "unknown error");
		assert_string_equal(dns_strerror(-e), dns_strerror(e));
	}
	assert_string_equal(dns_strerror(DNS_ERCODE + 1), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_query_build),
	    cmocka_unit_test(test_name_valid),
	    cmocka_unit_test(test_answer_compressed),
	    cmocka_unit_test(test_answer_aaaa),
	    cmocka_unit_test(test_cname_chain),
	    cmocka_unit_test(test_ttl),
	    cmocka_unit_test(test_rcodes),
	    cmocka_unit_test(test_wrong_id),
	    cmocka_unit_test(test_question_mismatch),
	    cmocka_unit_test(test_case_insensitive),
	    cmocka_unit_test(test_not_an_answer),
	    cmocka_unit_test(test_truncated_bytes),
	    cmocka_unit_test(test_tc_flag),
	    cmocka_unit_test(test_addrs_cap),
	    cmocka_unit_test(test_bad_rdlength),
	    cmocka_unit_test(test_pointer_loops),
	    cmocka_unit_test(test_sizes),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("dns_wire", tests, NULL, NULL);
}
