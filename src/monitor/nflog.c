/* ibuf's integer getters read big-endian, as the nflog_hdr_t's resource id
 * and the IP headers are; the TLV headers, in host byte order, are read as
 * raw bytes into host integers instead. */
#include "monitor/nflog.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "common/ibuf.h"
#include "common/wire.h"

#define TLV_HDR_LEN 4
#define TLV_TYPE_MASK 0x3fff /* NLA_TYPE_MASK: no nested, byte-order bits */
#define NFULA_HWADDR 8 /* be16 length, u16 padding, 8 bytes */
#define NFULA_PAYLOAD 9
#define NFULA_PREFIX 10

#define IPV4_HDR_LEN 20
#define IPV4_OFFMASK 0x1fff
#define IPV6_HDR_LEN 40
#define IPV6_FRAG_LEN 8
#define IPV6_FRAG_OFFMASK 0xfff8
#define IPV6_EXT_MAX 8

#define TCP_HDR_LEN 20
#define UDP_HDR_LEN 8
#define SCTP_HDR_LEN 12
#define ICMP_HDR_LEN 8

const char *
nflog_strerror(int err)
{
	switch (err) {
	case NFLOG_EOK:
		return "no error";
	case NFLOG_ESHORT:
		return "record shorter than a header or a TLV in it";
	case NFLOG_EFORMAT:
		return "wrong family, version or length in the record";
	case NFLOG_ENOPAYLOAD:
		return "record carries no packet";
	}
	return "unknown error";
}

static int
skip(struct ibuf *b, size_t n)
{
	if (ibuf_left(b) < n)
		return -1;
	b->off += n;
	return 0;
}

/* A reader over the next n bytes of b, which it steps over. */
static int
take(struct ibuf *b, size_t n, struct ibuf *out)
{
	if (ibuf_left(b) < n)
		return -1;
	ibuf_init(out, b->data + b->off, n);
	b->off += n;
	return 0;
}

/* Ends b at end (counted from its start) when that is inside what is left:
 * the IP header's own length, when the capture runs on past it. */
static void
clip(struct ibuf *b, size_t end)
{
	if (end >= b->off && end < b->len)
		b->len = end;
}

static void
set_addr(struct ipaddr *a, int family, const uint8_t *bytes, size_t n)
{
	a->family = family;
	memcpy(a->bytes, bytes, n);
}

/*
 * One TLV. Its header is a netlink attribute's, passed through in host
 * byte order; its length counts the header, and the padding to 4 bytes
 * after it may be missing (or short) at the end of the record.
 */
static int
next_tlv(struct ibuf *b, uint16_t *type, struct ibuf *val)
{
	uint16_t tlen;
	size_t pad;

	if (ibuf_get_bytes(b, &tlen, sizeof(tlen)) < 0 ||
	    ibuf_get_bytes(b, type, sizeof(*type)) < 0)
		return NFLOG_ESHORT;
	if (tlen < TLV_HDR_LEN)
		return NFLOG_EFORMAT;
	if (take(b, (size_t)tlen - TLV_HDR_LEN, val) < 0)
		return NFLOG_ESHORT;
	pad = (4 - tlen % 4) % 4;
	if (pad > ibuf_left(b))
		pad = ibuf_left(b);
	(void)skip(b, pad);
	*type &= TLV_TYPE_MASK;
	return NFLOG_EOK;
}

/* The prefix up to its NUL, which the kernel counts in the TLV but which
 * is not required here; cut to fit out[NFLOG_PREFIX_MAX]. */
static void
copy_prefix(struct ibuf *v, char *out)
{
	const uint8_t *nul;
	size_t n = ibuf_left(v);

	if (n > NFLOG_PREFIX_MAX - 1)
		n = NFLOG_PREFIX_MAX - 1;
	nul = memchr(v->data + v->off, '\0', n);
	if (nul != NULL)
		n = (size_t)(nul - (v->data + v->off));
	(void)ibuf_get_bytes(v, out, n);
	out[n] = '\0';
}

static void
ports(const uint8_t *h, struct nflog_pkt *out)
{
	out->sport = wire_be16(h);
	out->dport = wire_be16(h + 2);
}

/* The transport header at t when it is there in full; anything less, or
 * a protocol without ports or types, leaves the fields at 0. ICMP counts
 * only in IPv4 and ICMPv6 only in IPv6. */
static void
decode_transport(int family, struct ibuf *t, struct nflog_pkt *out)
{
	uint8_t h[TCP_HDR_LEN];

	switch (out->proto) {
	case IPPROTO_TCP:
		if (ibuf_get_bytes(t, h, TCP_HDR_LEN) == 0) {
			ports(h, out);
			out->tcp_flags = h[13];
		}
		break;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
		if (ibuf_get_bytes(t, h, UDP_HDR_LEN) == 0)
			ports(h, out);
		break;
	case IPPROTO_SCTP:
		if (ibuf_get_bytes(t, h, SCTP_HDR_LEN) == 0)
			ports(h, out);
		break;
	case IPPROTO_ICMP:
		if (family == AF_INET &&
		    ibuf_get_bytes(t, h, ICMP_HDR_LEN) == 0)
			out->icmp_type = h[0];
		break;
	case IPPROTO_ICMPV6:
		if (family == AF_INET6 &&
		    ibuf_get_bytes(t, h, ICMP_HDR_LEN) == 0)
			out->icmp_type = h[0];
		break;
	}
}

/* A non-first fragment (offset not 0) carries no transport header. The
 * total length is reported as the header has it, and bounds the transport
 * header only when it lies within the capture: a GSO packet's may be 0. */
static int
decode_ipv4(struct ibuf *p, struct nflog_pkt *out)
{
	uint8_t h[IPV4_HDR_LEN];
	size_t hl;

	if (ibuf_get_bytes(p, h, sizeof(h)) < 0)
		return NFLOG_ESHORT;
	hl = (size_t)(h[0] & 0x0f) * 4;
	if (hl < IPV4_HDR_LEN)
		return NFLOG_EFORMAT;
	if (skip(p, hl - IPV4_HDR_LEN) < 0)
		return NFLOG_ESHORT;
	set_addr(&out->src, AF_INET, h + 12, 4);
	set_addr(&out->dst, AF_INET, h + 16, 4);
	out->proto = h[9];
	out->length = wire_be16(h + 2);
	if ((wire_be16(h + 6) & IPV4_OFFMASK) != 0)
		return NFLOG_EOK;
	clip(p, out->length);
	decode_transport(AF_INET, p, out);
	return NFLOG_EOK;
}

static int
is_ext(uint8_t nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING ||
	       nh == IPPROTO_FRAGMENT || nh == IPPROTO_DSTOPTS ||
	       nh == IPPROTO_AH;
}

/*
 * Steps p over the extension headers that may come before the transport
 * header, *nh being the next header of the one before. Returns 1 when p
 * is left at the transport header of protocol *nh, 0 when there is none:
 * after a non-first fragment (*nh is then the fragment's next header),
 * and at an extension header cut short or one past IPV6_EXT_MAX (*nh is
 * then its own number). Anything else, ESP and "no next header"
 * included, is taken as the transport.
 */
static int
walk_ext(struct ibuf *p, uint8_t *nh)
{
	uint8_t e[IPV6_FRAG_LEN];
	struct ibuf q;
	size_t hlen;
	int i;

	for (i = 0; is_ext(*nh); i++) {
		q = *p;
		if (i == IPV6_EXT_MAX || ibuf_get_bytes(&q, e, 2) < 0)
			return 0;
		if (*nh == IPPROTO_FRAGMENT) {
			if (ibuf_get_bytes(&q, e + 2, IPV6_FRAG_LEN - 2) < 0)
				return 0;
			if ((wire_be16(e + 2) & IPV6_FRAG_OFFMASK) != 0) {
				*nh = e[0];
				return 0;
			}
			hlen = IPV6_FRAG_LEN;
		} else if (*nh == IPPROTO_AH)
			hlen = ((size_t)e[1] + 2) * 4;
		else
			hlen = ((size_t)e[1] + 1) * 8;
		if (skip(p, hlen) < 0)
			return 0;
		*nh = e[0];
	}
	return 1;
}

/* The length is the fixed header's 40 and the payload length, at most
 * UINT16_MAX; a payload length of 0 (a jumbogram, a BIG TCP packet) does
 * not bound the capture. */
static int
decode_ipv6(struct ibuf *p, struct nflog_pkt *out)
{
	uint8_t h[IPV6_HDR_LEN];
	uint16_t plen;

	if (ibuf_get_bytes(p, h, sizeof(h)) < 0)
		return NFLOG_ESHORT;
	set_addr(&out->src, AF_INET6, h + 8, 16);
	set_addr(&out->dst, AF_INET6, h + 24, 16);
	plen = wire_be16(h + 4);
	out->length = plen > UINT16_MAX - IPV6_HDR_LEN
	                  ? UINT16_MAX
	                  : (uint16_t)(plen + IPV6_HDR_LEN);
	if (plen != 0)
		clip(p, (size_t)plen + IPV6_HDR_LEN);
	out->proto = h[6];
	if (walk_ext(p, &out->proto))
		decode_transport(AF_INET6, p, out);
	return NFLOG_EOK;
}

/* The IP version must be the one the record's family announces. */
static int
decode_ip(uint8_t family, struct ibuf *p, struct nflog_pkt *out)
{
	struct ibuf q = *p;
	uint8_t v;

	if (ibuf_get_u8(&q, &v) < 0)
		return NFLOG_ESHORT;
	if (v >> 4 == 4 && family == AF_INET)
		return decode_ipv4(p, out);
	if (v >> 4 == 6 && family == AF_INET6)
		return decode_ipv6(p, out);
	return NFLOG_EFORMAT;
}

/* The sender's link-layer address, when the packet came with one; a
 * length the attribute cannot hold leaves none. */
static void
copy_hwaddr(struct ibuf *v, struct nflog_pkt *out)
{
	uint16_t n, pad;

	if (ibuf_get_u16(v, &n) < 0 || ibuf_get_u16(v, &pad) < 0 ||
	    n == 0 || n > sizeof(out->hwaddr) ||
	    ibuf_get_bytes(v, out->hwaddr, n) < 0) {
		memset(out->hwaddr, 0, sizeof(out->hwaddr));
		return;
	}
	out->hwaddr_len = (uint8_t)n;
}

/*
 * The first NFULA_PREFIX and the first NFULA_PAYLOAD count; every TLV,
 * theirs and the others, must be well formed all the same. On an error
 * out is all zeros, so that no half-decoded packet reaches an event.
 */
int
nflog_decode(const uint8_t *rec, size_t len, struct nflog_pkt *out)
{
	struct ibuf b, val, payload;
	uint8_t family, version;
	uint16_t rid, type;
	int have_prefix = 0, have_payload = 0, have_hw = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	ibuf_init(&b, rec, len);
	ibuf_init(&payload, NULL, 0);
	if (ibuf_get_u8(&b, &family) < 0 || ibuf_get_u8(&b, &version) < 0 ||
	    ibuf_get_u16(&b, &rid) < 0) {
		rc = NFLOG_ESHORT;
		goto out;
	}
	if ((family != AF_INET && family != AF_INET6) || version != 0) {
		rc = NFLOG_EFORMAT;
		goto out;
	}
	(void)rid; /* the group's number, big-endian; the caller knows it */
	while (ibuf_left(&b) > 0) {
		rc = next_tlv(&b, &type, &val);
		if (rc != NFLOG_EOK)
			goto out;
		if (type == NFULA_PREFIX && !have_prefix) {
			copy_prefix(&val, out->prefix);
			have_prefix = 1;
		} else if (type == NFULA_HWADDR && !have_hw) {
			copy_hwaddr(&val, out);
			have_hw = 1;
		} else if (type == NFULA_PAYLOAD && !have_payload) {
			payload = val;
			have_payload = 1;
		}
	}
	rc = have_payload ? decode_ip(family, &payload, out) : NFLOG_ENOPAYLOAD;
out:
	if (rc != NFLOG_EOK)
		memset(out, 0, sizeof(*out));
	return rc;
}
