#include "monitor/decode.h"

#include <string.h>
#include <sys/socket.h>

#include "common/wire.h"

#define DLT_EN10MB_ 1
#define DLT_RAW_ 12 /* libpcap's DLT_RAW on Linux */
#define DLT_RAW_BSD_ 14
#define LINKTYPE_RAW_ 101
#define DLT_LINUX_SLL_ 113
#define DLT_IPV4_ 228
#define DLT_IPV6_ 229
#define DLT_LINUX_SLL2_ 276

#define ETH_HLEN 14
#define VLAN_HLEN 4
#define VLAN_MAX 2 /* 802.1ad outer tag, 802.1Q inner tag */
#define SLL_HLEN 16
#define SLL2_HLEN 20
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_IPV6 0x86dd
#define ARP_LEN 28 /* Ethernet and IPv4 */
#define IPV4_HLEN 20
#define IPV6_HLEN 40
#define IPV6_EXT_MAX 8
#define TCP_HLEN 20
#define UDP_HLEN 8
#define ICMP_HLEN 4

/* What is left to read of the packet. */
struct cur {
	const uint8_t *p;
	size_t n;
};

static int
advance(struct cur *c, size_t n)
{
	if (c->n < n)
		return DECODE_ETRUNC;
	c->p += n;
	c->n -= n;
	return DECODE_OK;
}

int
decode_link_of(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB_:
		return DECODE_LINK_ETHERNET;
	case DLT_LINUX_SLL_:
		return DECODE_LINK_SLL;
	case DLT_LINUX_SLL2_:
		return DECODE_LINK_SLL2;
	case DLT_RAW_:
	case DLT_RAW_BSD_:
	case LINKTYPE_RAW_:
	case DLT_IPV4_:
	case DLT_IPV6_:
		return DECODE_LINK_RAW;
	}
	return -1;
}

const char *
decode_strerror(int err)
{
	switch (err) {
	case DECODE_OK:
		return "no error";
	case DECODE_ETRUNC:
		return "a header is cut short by the capture";
	case DECODE_EMALFORMED:
		return "a header's length or version is impossible";
	case DECODE_EOTHER:
		return "neither IP nor ARP";
	}
	return "unknown error";
}

/* The transport header at c; l4_total is what the IP header says follows
 * it (the capture may hold less). In a first fragment (partial) that is
 * only the fragment's share: a header may go on in the next one. */
static int
decode_l4(struct cur *c, size_t l4_total, int partial, struct decoded *d)
{
	size_t hl;

	switch (d->proto) {
	case 6:
		if (c->n < TCP_HLEN)
			return DECODE_ETRUNC;
		hl = (size_t)(c->p[12] >> 4) * 4;
		/* a header longer than what the IP header says follows */
		if (hl < TCP_HLEN || (hl > l4_total && !partial))
			return DECODE_EMALFORMED;
		d->sport = wire_be16(c->p);
		d->dport = wire_be16(c->p + 2);
		d->tcp_seq = wire_be32(c->p + 4);
		d->tcp_ack = wire_be32(c->p + 8);
		d->tcp_flags = c->p[13];
		break;
	case 17:
	case 136: /* UDP-Lite */
		if (c->n < UDP_HLEN)
			return DECODE_ETRUNC;
		hl = UDP_HLEN;
		d->sport = wire_be16(c->p);
		d->dport = wire_be16(c->p + 2);
		break;
	case 1:
	case 58:
		if (c->n < ICMP_HLEN)
			return DECODE_ETRUNC;
		hl = 8; /* type, code, checksum and the rest of the header */
		d->icmp_type = c->p[0];
		d->icmp_code = c->p[1];
		break;
	default:
		return DECODE_OK; /* another protocol: IP fields only */
	}
	d->has_l4 = 1;
	d->l4_payload = (uint16_t)(l4_total > hl ? l4_total - hl : 0);
	if (c->n > hl) {
		d->l4_data = c->p + hl;
		d->l4_captured =
		    (uint16_t)(c->n - hl < d->l4_payload ? c->n - hl
		                                         : d->l4_payload);
	}
	return DECODE_OK;
}

static int
decode_ipv4(struct cur *c, struct decoded *d)
{
	size_t hl, total;
	uint16_t frag;

	if (c->n < IPV4_HLEN)
		return DECODE_ETRUNC;
	if (c->p[0] >> 4 != 4)
		return DECODE_EMALFORMED; /* Ethernet said IPv4 */
	hl = (size_t)(c->p[0] & 0x0f) * 4;
	total = wire_be16(c->p + 2);
	if (hl < IPV4_HLEN || total < hl)
		return DECODE_EMALFORMED;
	if (c->n < hl)
		return DECODE_ETRUNC;
	d->kind = DECODE_IP;
	d->src.family = d->dst.family = AF_INET;
	memcpy(d->src.bytes, c->p + 12, 4);
	memcpy(d->dst.bytes, c->p + 16, 4);
	d->proto = c->p[9];
	d->ttl = c->p[8];
	d->ip_len = (uint16_t)total;
	frag = wire_be16(c->p + 6);
	(void)advance(c, hl);
	if (c->n > total - hl)
		c->n = total - hl; /* Ethernet padding is not payload */
	if ((frag & 0x1fff) != 0) {
		d->fragment = 1;
		return DECODE_OK;
	}
	return decode_l4(c, total - hl, (frag & 0x2000) != 0, d);
}

static int
decode_ipv6(struct cur *c, struct decoded *d)
{
	size_t plen, used = 0, hl;
	uint8_t nh;
	int partial = 0; /* a first fragment, more to come */

	if (c->n < IPV6_HLEN)
		return DECODE_ETRUNC;
	if (c->p[0] >> 4 != 6)
		return DECODE_EMALFORMED;
	d->kind = DECODE_IP;
	d->src.family = d->dst.family = AF_INET6;
	memcpy(d->src.bytes, c->p + 8, 16);
	memcpy(d->dst.bytes, c->p + 24, 16);
	plen = wire_be16(c->p + 4);
	nh = c->p[6];
	d->ttl = c->p[7];
	d->ip_len =
	    (uint16_t)(plen + IPV6_HLEN > 0xffff ? 0xffff : plen + IPV6_HLEN);
	(void)advance(c, IPV6_HLEN);
	if (c->n > plen)
		c->n = plen;
	for (int i = 0; i < IPV6_EXT_MAX; i++) {
		switch (nh) {
		case 0:  /* hop-by-hop options */
		case 43: /* routing */
		case 60: /* destination options */
			if (c->n < 8)
				return DECODE_ETRUNC;
			hl = ((size_t)c->p[1] + 1) * 8;
			break;
		case 51: /* authentication header */
			if (c->n < 8)
				return DECODE_ETRUNC;
			hl = ((size_t)c->p[1] + 2) * 4;
			break;
		case 44: /* fragment */
			if (c->n < 8)
				return DECODE_ETRUNC;
			hl = 8;
			/* a later fragment: what follows is the middle of the
			 * packet, not headers */
			if ((wire_be16(c->p + 2) & 0xfff8) != 0) {
				d->fragment = 1;
				d->proto = c->p[0];
				return DECODE_OK;
			}
			partial = wire_be16(c->p + 2) & 1;
			break;
		default:
			d->proto = nh;
			return decode_l4(c, plen - used, partial, d);
		}
		nh = c->p[0];
		if (advance(c, hl) != DECODE_OK)
			return DECODE_ETRUNC;
		used += hl;
		if (used > plen)
			return DECODE_EMALFORMED;
	}
	return DECODE_EMALFORMED; /* a chain longer than any real one */
}

static int
decode_arp(struct cur *c, struct decoded *d)
{
	if (c->n < ARP_LEN)
		return DECODE_ETRUNC;
	/* Ethernet (1), IPv4, 6- and 4-byte addresses: all ARP that is */
	if (wire_be16(c->p) != 1 || wire_be16(c->p + 2) != ETHERTYPE_IPV4 ||
	    c->p[4] != 6 || c->p[5] != 4)
		return DECODE_EOTHER;
	d->kind = DECODE_ARP;
	d->arp_op = wire_be16(c->p + 6);
	memcpy(d->arp_sha, c->p + 8, 6);
	d->src.family = d->dst.family = AF_INET;
	memcpy(d->src.bytes, c->p + 14, 4);
	memcpy(d->arp_tha, c->p + 18, 6);
	memcpy(d->dst.bytes, c->p + 24, 4);
	return DECODE_OK;
}

static int
decode_ethertype(struct cur *c, uint16_t type, struct decoded *d)
{
	switch (type) {
	case ETHERTYPE_IPV4:
		return decode_ipv4(c, d);
	case ETHERTYPE_IPV6:
		return decode_ipv6(c, d);
	case ETHERTYPE_ARP:
		return decode_arp(c, d);
	}
	return DECODE_EOTHER;
}

static int
decode_ethernet(struct cur *c, struct decoded *d)
{
	uint16_t type;

	if (c->n < ETH_HLEN)
		return DECODE_ETRUNC;
	d->has_mac = 1;
	memcpy(d->dst_mac, c->p, 6);
	memcpy(d->src_mac, c->p + 6, 6);
	type = wire_be16(c->p + 12);
	(void)advance(c, ETH_HLEN);
	for (int i = 0;
	     i < VLAN_MAX && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ);
	     i++) {
		if (c->n < VLAN_HLEN)
			return DECODE_ETRUNC;
		if (i == 0)
			d->vlan = wire_be16(c->p) & 0x0fff;
		type = wire_be16(c->p + 2);
		(void)advance(c, VLAN_HLEN);
	}
	return decode_ethertype(c, type, d);
}

/* Linux cooked capture: v1 has the protocol at 14 and the link-layer
 * address at 6 (its length at 4); v2 has the protocol first, the address
 * at 12 (its length at 11). */
static int
decode_sll(struct cur *c, int v2, struct decoded *d)
{
	size_t hl = v2 ? SLL2_HLEN : SLL_HLEN;
	uint16_t type;
	uint8_t alen;

	if (c->n < hl)
		return DECODE_ETRUNC;
	type = wire_be16(c->p + (v2 ? 0 : 14));
	alen = c->p[v2 ? 11 : 5];
	if (alen == 6) {
		d->has_mac = 1;
		memcpy(d->src_mac, c->p + (v2 ? 12 : 6), 6);
	}
	(void)advance(c, hl);
	return decode_ethertype(c, type, d);
}

int
decode_packet(
    enum decode_link link, const uint8_t *p, size_t caplen, struct decoded *out)
{
	struct cur c = {p, caplen};

	memset(out, 0, sizeof(*out));
	switch (link) {
	case DECODE_LINK_ETHERNET:
		return decode_ethernet(&c, out);
	case DECODE_LINK_SLL:
		return decode_sll(&c, 0, out);
	case DECODE_LINK_SLL2:
		return decode_sll(&c, 1, out);
	case DECODE_LINK_RAW:
		if (c.n < 1)
			return DECODE_ETRUNC;
		if (c.p[0] >> 4 == 4)
			return decode_ipv4(&c, out);
		if (c.p[0] >> 4 == 6)
			return decode_ipv6(&c, out);
		return DECODE_EMALFORMED;
	}
	return DECODE_EOTHER;
}
