/*
 * The records the kernel's nftables `log group N` statements send, as
 * libpcap hands them over from an "nflog:N" capture (link type
 * DLT_NFLOG), decoded into what an event needs: the rule's prefix and the
 * packet's addresses, protocol and ports. Pure: bytes in, struct out, no
 * allocation; every read is bounded by the record's length.
 */
#ifndef AIRLOCK_NFLOG_H
#define AIRLOCK_NFLOG_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

#define NFLOG_PREFIX_MAX 64

struct nflog_pkt {
	char prefix[NFLOG_PREFIX_MAX]; /* NUL-terminated; "" when absent */
	struct ipaddr src, dst;
	uint8_t proto;	     /* IP protocol (after IPv6 extension headers) */
	uint16_t sport, dport; /* TCP, UDP, SCTP, UDP-Lite; 0 otherwise */
	uint8_t icmp_type;   /* ICMP or ICMPv6; 0 otherwise */
	uint8_t tcp_flags;   /* TCP; 0 otherwise */
	uint16_t length;     /* the IP packet's total length, as its header says */
	uint8_t hwaddr_len;  /* the sender's link-layer address (NFULA_HWADDR): */
	uint8_t hwaddr[8];   /* 6 bytes from Ethernet; 0 without one */
};

enum nflog_err {
	NFLOG_EOK = 0,
	NFLOG_ESHORT = -1,  /* a header or a TLV runs past the record */
	NFLOG_EFORMAT = -2, /* a version, family or length that is wrong */
	NFLOG_ENOPAYLOAD = -3, /* no packet in the record */
};

/*
 * Decode one DLT_NFLOG record (the nflog_hdr_t, then TLVs whose lengths
 * include their 4-byte header, each padded to 4 bytes, in host byte
 * order; see libpcap's pcap/nflog.h). The packet is NFULA_PAYLOAD's: an
 * IPv4 or IPv6 header, then the transport header when it is there in
 * full (a truncated one leaves ports at 0, it is not an error).
 * Returns NFLOG_EOK or a negative enum nflog_err.
 */
int nflog_decode(const uint8_t *rec, size_t len, struct nflog_pkt *out);
const char *nflog_strerror(int err);

#endif
