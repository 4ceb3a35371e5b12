/*
 * ctnetlink by hand: a dump of the flows of one address (the kernel's
 * CTA_FILTER, since Linux 5.9, for IPv4; for IPv6 the kernel's filter
 * matches every address but the one asked for, up to at least 6.18, so
 * the dump is of the family, and the check here does the filtering),
 * then one deletion per flow, in batches. Each deletion names the flow by
 * the original tuple (and zone) the dump gave, copied as it came.
 */
#include "daemon/conntrack.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"

/* The kernel's filter flags (nf_conntrack_netlink.c; Debian 12's uapi
 * header does not spell them): which fields of CTA_TUPLE_ORIG the dump
 * must match. */
#define FILTER_IP_SRC (1u << 0)
#define FILTER_IP_DST (1u << 1)

#define BUF_SIZE (64 * 1024)
#define BATCH_MAX 128  /* flows deleted per round: their acks fit */
#define RCVBUF (1 << 20)
#define TUPLE_MAX 128  /* bytes of a CTA_TUPLE_ORIG attribute */
#define ROUNDS_MAX 64  /* dumps per address: 16,384 flows */

struct tuple {
	uint16_t len;
	uint8_t b[TUPLE_MAX]; /* the CTA_TUPLE_ORIG attribute, header too */
	int has_zone;
	uint16_t zone; /* CTA_ZONE, big-endian as it came */
};

struct conntrack {
	int fd;
	uint32_t seq;
	int refused; /* deletions refused in this batch: logged once */
	size_t n;
	struct tuple t[BATCH_MAX];
	uint8_t out[BUF_SIZE];
	uint8_t in[BUF_SIZE];
};

/* An outgoing batch of netlink messages. */
struct msg {
	uint8_t *b;
	size_t len, cap;
	int failed;
};

static struct nlmsghdr *
msg_start(struct msg *m, uint16_t type, uint16_t flags, uint32_t seq,
    uint8_t family)
{
	size_t need = NLMSG_SPACE(sizeof(struct nfgenmsg));
	struct nlmsghdr *h;
	struct nfgenmsg *g;

	if (m->len + need > m->cap) {
		m->failed = 1;
		return NULL;
	}
	h = (struct nlmsghdr *)(m->b + m->len);
	memset(h, 0, need);
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(sizeof(struct nfgenmsg));
	h->nlmsg_type = (uint16_t)(NFNL_SUBSYS_CTNETLINK << 8 | type);
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	g = NLMSG_DATA(h);
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	m->len += NLMSG_ALIGN(h->nlmsg_len);
	return h;
}

/* Append an attribute to the message h; returns its offset in m (for a
 * nest to be closed), or 0 when it does not fit. */
static size_t
attr_put(struct msg *m, struct nlmsghdr *h, uint16_t type, const void *v,
    size_t n)
{
	size_t off = m->len, sz = NLA_HDRLEN + n;
	struct nlattr *a;

	if (h == NULL || m->failed || off + NLA_ALIGN(sz) > m->cap) {
		m->failed = 1;
		return 0;
	}
	a = (struct nlattr *)(m->b + off);
	a->nla_type = type;
	a->nla_len = (uint16_t)sz;
	if (n > 0)
		memcpy(m->b + off + NLA_HDRLEN, v, n);
	memset(m->b + off + sz, 0, NLA_ALIGN(sz) - sz);
	m->len += NLA_ALIGN(sz);
	h->nlmsg_len = (uint32_t)(m->len - ((uint8_t *)h - m->b));
	return off;
}

static void
nest_end(struct msg *m, struct nlmsghdr *h, size_t off)
{
	if (m->failed)
		return;
	((struct nlattr *)(m->b + off))->nla_len = (uint16_t)(m->len - off);
	h->nlmsg_len = (uint32_t)(m->len - ((uint8_t *)h - m->b));
}

static int
send_all(struct conntrack *ct, const struct msg *m)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

	if (m->failed) {
		errno = EMSGSIZE;
		return -1;
	}
	return sendto(ct->fd, m->b, m->len, 0, (struct sockaddr *)&kernel,
	           sizeof(kernel)) == (ssize_t)m->len
	           ? 0
	           : -1;
}

/* The address attribute of a tuple for a's family, source or not. */
static uint16_t
ip_attr(const struct ipaddr *a, int src)
{
	if (a->family == AF_INET)
		return src ? CTA_IP_V4_SRC : CTA_IP_V4_DST;
	return src ? CTA_IP_V6_SRC : CTA_IP_V6_DST;
}

static size_t
addr_len(const struct ipaddr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

/* The first attribute of type want among [p, p + len). */
static const struct nlattr *
find(const uint8_t *p, size_t len, uint16_t want)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t al = a->nla_len;

		if (al < NLA_HDRLEN || al > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == want)
			return a;
		if (NLA_ALIGN(al) >= len)
			return NULL;
		p += NLA_ALIGN(al);
		len -= NLA_ALIGN(al);
	}
	return NULL;
}

static const uint8_t *
payload(const struct nlattr *a, size_t *len)
{
	*len = a->nla_len - NLA_HDRLEN;
	return (const uint8_t *)a + NLA_HDRLEN;
}

/* Keep the flow of one dumped message if its original tuple really has
 * a on the side asked for. */
static void
collect(struct conntrack *ct, const struct nlmsghdr *h, const struct ipaddr *a,
    int src)
{
	size_t hl = NLMSG_LENGTH(sizeof(struct nfgenmsg)), len, il, vl;
	const struct nlattr *orig, *ip, *v, *zone;
	const uint8_t *attrs, *ipp, *vp;
	struct tuple *t;

	if (h->nlmsg_len < hl || ct->n == BATCH_MAX)
		return;
	attrs = (const uint8_t *)h + NLMSG_ALIGN(hl);
	len = h->nlmsg_len - NLMSG_ALIGN(hl);
	orig = find(attrs, len, CTA_TUPLE_ORIG);
	if (orig == NULL || orig->nla_len > TUPLE_MAX)
		return;
	ipp = payload(orig, &il);
	ip = find(ipp, il, CTA_TUPLE_IP);
	if (ip == NULL)
		return;
	vp = payload(ip, &vl);
	v = find(vp, vl, ip_attr(a, src));
	if (v == NULL || v->nla_len != NLA_HDRLEN + addr_len(a) ||
	    memcmp(payload(v, &vl), a->bytes, addr_len(a)) != 0)
		return;
	t = &ct->t[ct->n++];
	t->len = orig->nla_len;
	memcpy(t->b, orig, orig->nla_len);
	zone = find(attrs, len, CTA_ZONE);
	t->has_zone = zone != NULL && zone->nla_len == NLA_HDRLEN + 2;
	if (t->has_zone)
		memcpy(&t->zone, (const uint8_t *)zone + NLA_HDRLEN, 2);
}

/* One reply to seq: the flow of a dump, or an acknowledgement. Returns 1
 * at the end of a dump, -1 with errno when the dump failed, else 0. */
static int
reply(struct conntrack *ct, const struct nlmsghdr *h, int dump,
    const struct ipaddr *a, int src, int *seen, int *acked)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	if (h->nlmsg_type == NLMSG_DONE)
		return dump ? 1 : 0;
	if (h->nlmsg_type != NLMSG_ERROR) {
		if (dump)
			collect(ct, h, a, src);
		return 0;
	}
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return 0;
	if (dump && e->error != 0) {
		errno = -e->error;
		return -1;
	}
	(*seen)++;
	*acked += e->error == 0;
	/* ENOENT: the flow ended meanwhile */
	if (e->error != 0 && e->error != -ENOENT && !ct->refused++)
		log_warnx("conntrack: a deletion refused: %s",
		    strerror(-e->error));
	return 0;
}

/* Read the replies to seq until DONE (a dump) or n acknowledgements.
 * With a dump, the flows are collected. Returns the acknowledgements
 * without error, or -1 with errno. */
static int
replies(struct conntrack *ct, uint32_t seq, int dump, int n,
    const struct ipaddr *a, int src)
{
	int acked = 0, seen = 0, rc;

	ct->refused = 0;
	while (dump || seen < n) {
		ssize_t got = recv(ct->fd, ct->in, sizeof(ct->in), 0);
		size_t off = 0;

		if (got < 0 && errno == EINTR)
			continue;
		if (got == 0)
			errno = EPIPE;
		if (got <= 0)
			return -1;
		/* message by message, each whole within what came */
		while (off + sizeof(struct nlmsghdr) <= (size_t)got) {
			const struct nlmsghdr *h =
			    (const struct nlmsghdr *)(ct->in + off);

			if (h->nlmsg_len < sizeof(*h) ||
			    h->nlmsg_len > (size_t)got - off)
				break;
			rc = h->nlmsg_seq != seq
			         ? 0
			         : reply(ct, h, dump, a, src, &seen, &acked);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
			off += NLMSG_ALIGN(h->nlmsg_len);
		}
	}
	return acked;
}

static int
dump(struct conntrack *ct, const struct ipaddr *a, int src)
{
	uint8_t family = a->family == AF_INET ? AF_INET : AF_INET6;
	uint32_t flags = src ? FILTER_IP_SRC : FILTER_IP_DST, none = 0;
	struct msg m = {ct->out, 0, sizeof(ct->out), 0};
	struct nlmsghdr *h;
	size_t orig, ip, filter;
	uint32_t seq = ++ct->seq;

	h = msg_start(&m, IPCTNL_MSG_CT_GET, NLM_F_REQUEST | NLM_F_DUMP, seq,
	    family);
	ct->n = 0;
	if (a->family == AF_INET6) { /* see the top of the file */
		if (send_all(ct, &m) < 0)
			return -1;
		return replies(ct, seq, 1, 0, a, src);
	}
	orig = attr_put(&m, h, CTA_TUPLE_ORIG | NLA_F_NESTED, NULL, 0);
	ip = attr_put(&m, h, CTA_TUPLE_IP | NLA_F_NESTED, NULL, 0);
	attr_put(&m, h, ip_attr(a, src), a->bytes, addr_len(a));
	nest_end(&m, h, ip);
	nest_end(&m, h, orig);
	filter = attr_put(&m, h, CTA_FILTER | NLA_F_NESTED, NULL, 0);
	attr_put(&m, h, CTA_FILTER_ORIG_FLAGS, &flags, sizeof(flags));
	attr_put(&m, h, CTA_FILTER_REPLY_FLAGS, &none, sizeof(none));
	nest_end(&m, h, filter);
	if (send_all(ct, &m) < 0)
		return -1;
	return replies(ct, seq, 1, 0, a, src);
}

static int
delete_collected(struct conntrack *ct, const struct ipaddr *a)
{
	uint8_t family = a->family == AF_INET ? AF_INET : AF_INET6;
	struct msg m = {ct->out, 0, sizeof(ct->out), 0};
	uint32_t seq = ++ct->seq;

	for (size_t i = 0; i < ct->n; i++) {
		struct nlmsghdr *h = msg_start(&m, IPCTNL_MSG_CT_DELETE,
		    NLM_F_REQUEST | NLM_F_ACK, seq, family);

		/* the tuple's content as the dump gave it */
		attr_put(&m, h, CTA_TUPLE_ORIG | NLA_F_NESTED,
		    ct->t[i].b + NLA_HDRLEN, ct->t[i].len - NLA_HDRLEN);
		if (ct->t[i].has_zone)
			attr_put(&m, h, CTA_ZONE, &ct->t[i].zone, 2);
	}
	if (send_all(ct, &m) < 0)
		return -1;
	return replies(ct, seq, 0, (int)ct->n, a, 0);
}

int
conntrack_forget(struct conntrack *ct, const struct ipaddr *a)
{
	int total = 0, rc;

	for (int src = 0; src <= 1; src++) {
		for (int round = 0; round < ROUNDS_MAX; round++) {
			if (dump(ct, a, src) < 0)
				return -1;
			if (ct->n == 0)
				break;
			rc = delete_collected(ct, a);
			if (rc < 0)
				return -1;
			total += rc;
			/* a round that deleted nothing would repeat itself */
			if (ct->n < BATCH_MAX || rc == 0)
				break;
		}
	}
	return total;
}

struct conntrack *
conntrack_open(void)
{
	struct conntrack *ct = calloc(1, sizeof(*ct));
	int rcvbuf = RCVBUF;

	if (ct == NULL)
		return NULL;
	ct->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (ct->fd < 0) {
		free(ct);
		return NULL;
	}
	/* Room for a batch's acknowledgements whatever rmem_default is
	 * (FORCE: the parent has CAP_NET_ADMIN; without it, the default). */
	if (setsockopt(ct->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
	        sizeof(rcvbuf)) < 0)
		setsockopt(ct->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof(rcvbuf));
	return ct;
}

void
conntrack_close(struct conntrack *ct)
{
	if (ct == NULL)
		return;
	close(ct->fd);
	free(ct);
}
