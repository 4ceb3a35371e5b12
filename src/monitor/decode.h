/*
 * One captured packet decoded, from its link layer down to the transport
 * header: the fields the flow table and the detectors use, nothing more.
 * Pure, and strict about lengths: every read is checked against what was
 * captured, and a packet that claims more than it has is refused, never
 * read past. Link types: Ethernet (with 802.1Q and 802.1ad tags), Linux
 * cooked capture v1 and v2, raw IP. Then ARP, IPv4 and IPv6 (extension
 * headers stepped over), TCP, UDP, ICMP and ICMPv6.
 */
#ifndef AIRLOCK_DECODE_H
#define AIRLOCK_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

enum decode_link {
	DECODE_LINK_ETHERNET,
	DECODE_LINK_SLL,  /* Linux cooked capture (DLT_LINUX_SLL) */
	DECODE_LINK_SLL2, /* its second version (DLT_LINUX_SLL2) */
	DECODE_LINK_RAW,  /* an IP header first, v4 or v6 */
};

enum decode_err {
	DECODE_OK = 0,
	DECODE_ETRUNC = -1,     /* a header cut short by the capture */
	DECODE_EMALFORMED = -2, /* a length or version that cannot be */
	DECODE_EOTHER = -3,     /* not IP nor ARP (LLDP, STP...): skipped */
};

/* What the packet is, as far as it could be read. */
enum decode_kind {
	DECODE_ARP = 1,
	DECODE_IP, /* IPv4 or IPv6; l4 fields set when has_l4 */
};

struct decoded {
	enum decode_kind kind;
	uint8_t has_mac;
	uint8_t src_mac[6], dst_mac[6];
	uint16_t vlan; /* the outermost VLAN id; 0 without a tag */

	/* ARP (Ethernet and IPv4 only) */
	uint16_t arp_op; /* 1 request, 2 reply */
	uint8_t arp_sha[6], arp_tha[6];

	/* IP, and ARP's protocol addresses */
	struct ipaddr src, dst;
	uint8_t proto;      /* after IPv6 extension headers */
	uint8_t ttl;        /* or hop limit */
	uint16_t ip_len;    /* the IP packet's length, as its header says */
	uint8_t fragment;   /* a fragment after the first: no l4 header */

	uint8_t has_l4;
	uint16_t sport, dport; /* TCP, UDP */
	uint8_t tcp_flags;
	uint32_t tcp_seq, tcp_ack;
	uint8_t icmp_type, icmp_code; /* ICMP, ICMPv6 */
	uint16_t l4_payload; /* bytes after the transport header, per IP */
	/* The payload's first bytes as captured (a snap length or a cut
	 * capture can keep fewer than l4_payload); NULL when none. */
	const uint8_t *l4_data;
	uint16_t l4_captured;
};

/* The link type of a libpcap DLT_ value, or -1 for one not decoded. */
int decode_link_of(int dlt);
/* Decode one packet of caplen captured bytes. DECODE_OK, or an error:
 * *out then holds what was decoded before it (kind 0 if nothing). */
int decode_packet(enum decode_link link, const uint8_t *p, size_t caplen,
    struct decoded *out);
const char *decode_strerror(int err);

#endif
