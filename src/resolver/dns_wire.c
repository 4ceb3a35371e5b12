#include "resolver/dns_wire.h"

#include <arpa/nameser.h>
#include <stdio.h>
#include <sys/socket.h>
#include <string.h>
#include <strings.h>

#define CHAIN_MAX 8 /* CNAMEs followed from the question's name */

int
dns_name_valid(const char *name)
{
	size_t label = 0, total = 0;

	for (const char *c = name; *c != '\0'; c++, total++) {
		if (*c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		        (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return total > 0 && total <= DNS_NAME_MAX && label > 0;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int
dns_query_build(
    uint16_t id, const char *name, uint16_t qtype, uint8_t *buf, size_t cap)
{
	size_t len = 12;
	const char *label = name;

	if (!dns_name_valid(name))
		return -DNS_ENAME;
	/* header, the name's labels and its root, type and class */
	if (cap < 12 + strlen(name) + 2 + 4)
		return -DNS_ESHORT;
	memset(buf, 0, 12);
	put16(buf, id);
	buf[2] = 0x01; /* RD: the server is a recursive resolver */
	put16(buf + 4, 1); /* one question */
	while (*label != '\0') {
		size_t n = strcspn(label, ".");

		buf[len++] = (uint8_t)n;
		memcpy(buf + len, label, n);
		len += n;
		label += n;
		if (*label == '.')
			label++;
	}
	buf[len++] = 0;
	put16(buf + len, qtype);
	put16(buf + len + 2, ns_c_in);
	return (int)(len + 4);
}

struct chain {
	size_t n;
	char names[CHAIN_MAX + 1][NS_MAXDNAME];
};

static int
in_chain(const struct chain *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcasecmp(c->names[i], name) == 0)
			return 1;
	return 0;
}

/* Follow the CNAMEs the answer gives, from the question's name on; the
 * smallest TTL of the ones followed in *ttl. */
static void
follow_cnames(ns_msg *m, struct chain *c, uint32_t *ttl)
{
	int count = ns_msg_count(*m, ns_s_an), grew = 1;
	char target[NS_MAXDNAME];
	ns_rr rr;

	while (grew && c->n <= CHAIN_MAX) {
		grew = 0;
		for (int i = 0; i < count && c->n <= CHAIN_MAX; i++) {
			if (ns_parserr(m, ns_s_an, i, &rr) < 0 ||
			    ns_rr_type(rr) != ns_t_cname ||
			    ns_rr_class(rr) != ns_c_in ||
			    !in_chain(c, ns_rr_name(rr)))
				continue;
			if (ns_name_uncompress(ns_msg_base(*m), ns_msg_end(*m),
			        ns_rr_rdata(rr), target, sizeof(target)) < 0 ||
			    in_chain(c, target))
				continue;
			memcpy(c->names[c->n++], target, sizeof(target));
			if (ns_rr_ttl(rr) < *ttl)
				*ttl = ns_rr_ttl(rr);
			grew = 1;
		}
	}
}

static int
check_question(ns_msg *m, const char *name, uint16_t qtype)
{
	ns_rr q;

	if (ns_msg_count(*m, ns_s_qd) != 1 || ns_parserr(m, ns_s_qd, 0, &q) < 0)
		return -DNS_EQUESTION;
	if (strcasecmp(ns_rr_name(q), name) != 0 || ns_rr_type(q) != qtype ||
	    ns_rr_class(q) != ns_c_in)
		return -DNS_EQUESTION;
	return 0;
}

int
dns_answer_parse(const uint8_t *msg, size_t len, uint16_t id,
    const char *name, uint16_t qtype, struct dns_answer *out)
{
	size_t alen = qtype == DNS_QTYPE_A ? 4 : 16;
	uint32_t chain_ttl = UINT32_MAX, ttl = UINT32_MAX;
	struct chain chain; /* 9 KiB on the stack: reentrant */
	ns_msg m;
	ns_rr rr;
	int count;

	memset(out, 0, sizeof(*out));
	if (len > 65535 || ns_initparse(msg, (int)len, &m) < 0)
		return -DNS_EMALFORMED;
	if (!ns_msg_getflag(m, ns_f_qr))
		return -DNS_ENOTANSWER;
	if (ns_msg_id(m) != id)
		return -DNS_EID;
	/* Some servers fail (FORMERR, REFUSED, SERVFAIL) without repeating
	 * the question: with our id, that is our answer. */
	if (ns_msg_count(m, ns_s_qd) == 0 &&
	    ns_msg_getflag(m, ns_f_rcode) != ns_r_noerror &&
	    ns_msg_getflag(m, ns_f_rcode) != ns_r_nxdomain) {
		out->rcode = ns_msg_getflag(m, ns_f_rcode);
		return -DNS_ERCODE;
	}
	if (check_question(&m, name, qtype) < 0)
		return -DNS_EQUESTION;
	out->rcode = ns_msg_getflag(m, ns_f_rcode);
	out->truncated = ns_msg_getflag(m, ns_f_tc);
	if (out->rcode == ns_r_nxdomain)
		return DNS_EOK;
	if (out->rcode != ns_r_noerror)
		return -DNS_ERCODE;
	chain.n = 1;
	snprintf(chain.names[0], sizeof(chain.names[0]), "%s", name);
	follow_cnames(&m, &chain, &chain_ttl);
	count = ns_msg_count(m, ns_s_an);
	for (int i = 0; i < count; i++) {
		if (ns_parserr(&m, ns_s_an, i, &rr) < 0) {
			memset(out, 0, sizeof(*out));
			return -DNS_EMALFORMED;
		}
		if (ns_rr_type(rr) != qtype || ns_rr_class(rr) != ns_c_in ||
		    ns_rr_rdlen(rr) != alen || !in_chain(&chain, ns_rr_name(rr)))
			continue;
		if (out->n == DNS_ADDRS_MAX) {
			out->dropped++;
			continue;
		}
		out->addrs[out->n].family =
		    qtype == DNS_QTYPE_A ? AF_INET : AF_INET6;
		memcpy(out->addrs[out->n].bytes, ns_rr_rdata(rr), alen);
		out->n++;
		if (ns_rr_ttl(rr) < ttl)
			ttl = ns_rr_ttl(rr);
	}
	if (out->n > 0)
		out->ttl = ttl < chain_ttl ? ttl : chain_ttl;
	return DNS_EOK;
}

const char *
dns_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case DNS_EOK:
		return "no error";
	case DNS_ENAME:
		return "not a host name";
	case DNS_ESHORT:
		return "buffer too small";
	case DNS_EMALFORMED:
		return "not a well-formed DNS message";
	case DNS_ENOTANSWER:
		return "a query, not a response";
	case DNS_EID:
		return "the response's id is not the query's";
	case DNS_EQUESTION:
		return "the response answers another question";
	case DNS_ERCODE:
		return "the server answered with an error";
	}
	return "unknown error";
}
