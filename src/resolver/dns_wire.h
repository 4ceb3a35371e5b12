/*
 * DNS on the wire, for the resolver role: an A or AAAA query, and the
 * answer to it. Pure. The answer comes from the network, so its parser is
 * strict: it must answer our question (id, name, type, class IN), and
 * only the addresses of the name (or of the CNAME chain the answer
 * itself gives for it) count; the TTL is the smallest along that chain.
 * The message's structure is checked by libresolv's ns_initparse().
 */
#ifndef AIRLOCK_DNS_WIRE_H
#define AIRLOCK_DNS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

#define DNS_QTYPE_A 1
#define DNS_QTYPE_AAAA 28
#define DNS_NAME_MAX 253  /* without the final dot */
#define DNS_ADDRS_MAX 64  /* addresses kept from one answer */
#define DNS_QUERY_MAX 300 /* bytes: header, the longest name, type, class */

enum dns_error {
	DNS_EOK = 0,
	DNS_ENAME,      /* not a name we can ask for */
	DNS_ESHORT,     /* the buffer is too small */
	DNS_EMALFORMED, /* not a DNS message */
	DNS_ENOTANSWER, /* a query, not a response */
	DNS_EID,        /* the id is not ours */
	DNS_EQUESTION,  /* answers another question */
	DNS_ERCODE,     /* the server failed or refused (rcode) */
};

struct dns_answer {
	int rcode;             /* 0 NOERROR, 3 NXDOMAIN */
	int truncated;         /* TC: the addresses are a part */
	uint32_t ttl;          /* the smallest TTL used; 0 without addresses */
	size_t n;              /* addresses, of the queried family */
	size_t dropped;        /* addresses beyond DNS_ADDRS_MAX */
	struct ipaddr addrs[DNS_ADDRS_MAX];
};

/* Whether name (without a final dot) is a host name we may ask for:
 * labels of 1 to 63 letters, digits, '-' or '_', 253 characters at most. */
int dns_name_valid(const char *name);
/* The query for name and qtype, with id and recursion desired, into buf:
 * its length, or -DNS_ENAME / -DNS_ESHORT. */
int dns_query_build(uint16_t id, const char *name, uint16_t qtype,
    uint8_t *buf, size_t cap);
/* The answer msg[0..len) to that query. DNS_EOK also for NXDOMAIN and an
 * empty answer (n 0): the name has no address now. */
int dns_answer_parse(const uint8_t *msg, size_t len, uint16_t id,
    const char *name, uint16_t qtype, struct dns_answer *out);
const char *dns_strerror(int err);

#endif
