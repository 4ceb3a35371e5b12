/*
 * The radius role's sockets: read datagrams in batches (recvmmsg), check
 * each against its client's secret, answer retransmissions from the
 * cache, hand new requests to authentication or accounting, and send the
 * immediate answers in one sendmmsg. Nothing here allocates: the batch
 * buffers are static, the role is single-threaded.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "radius/radius.h"
#include "radius/radius_writer.h"

/* Batches read per readiness notice, so that one busy socket cannot
 * starve the other and the parent's channel. */
#define ROUNDS 16

void
radius_sockaddr_ip(const struct sockaddr_storage *ss, struct ipaddr *out)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff};

	memset(out, 0, sizeof(*out));
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		if (memcmp(&s6->sin6_addr, mapped, 12) == 0) {
			out->family = AF_INET;
			memcpy(out->bytes, (const uint8_t *)&s6->sin6_addr + 12,
			    4);
		} else {
			out->family = AF_INET6;
			memcpy(out->bytes, &s6->sin6_addr, 16);
		}
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		out->family = AF_INET;
		memcpy(out->bytes, &s4->sin_addr, 4);
	}
}

struct radius_client *
radius_client_find(struct radiusd *rd, const struct sockaddr_storage *from)
{
	static size_t last;
	struct ipaddr ip;

	radius_sockaddr_ip(from, &ip);
	if (last < rd->n_clients &&
	    cidr_contains(&rd->clients[last].conf->net, &ip))
		return &rd->clients[last];
	for (size_t i = 0; i < rd->n_clients; i++)
		if (cidr_contains(&rd->clients[i].conf->net, &ip)) {
			last = i;
			return &rd->clients[i];
		}
	return NULL;
}

void
radius_observe_latency(struct radiusd *rd, uint64_t us)
{
	static const uint64_t bounds[] = RADIUS_LATENCY_BOUNDS_US;
	unsigned b = 0;

	while (b < RADIUS_LATENCY_BUCKETS - 1 && us > bounds[b])
		b++;
	radius_stat_add(&rd->stats->latency[b], 1);
	radius_stat_add(&rd->stats->latency_sum_us, us);
}

void
radius_io_send(int fd, struct radius_out *out, unsigned n)
{
	struct mmsghdr msgs[RADIUS_BATCH];
	struct iovec iov[RADIUS_BATCH];
	unsigned sent = 0;
	int rc;

	memset(msgs, 0, sizeof(msgs[0]) * n);
	for (unsigned i = 0; i < n; i++) {
		iov[i].iov_base = out[i].buf;
		iov[i].iov_len = out[i].len;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &out[i].to;
		msgs[i].msg_hdr.msg_namelen = out[i].tolen;
	}
	while (sent < n) {
		rc = sendmmsg(fd, msgs + sent, n - sent, MSG_DONTWAIT);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			/* A full socket buffer loses answers as the network
			 * would; the NAS retransmits and the cache answers. */
			log_debug("radius: sendmmsg: %s", strerror(errno));
			return;
		}
		sent += (unsigned)rc;
	}
}

/* The checks every request passes before it is looked at: its client,
 * its form, its code for this port, its authenticators. Returns the
 * client, or NULL after counting the drop. */
static struct radius_client *
admit(struct radiusd *rd, const struct sockaddr_storage *from,
    struct radius_pkt *p, const uint8_t *buf, size_t len, int is_acct)
{
	struct radius_client *cl = radius_client_find(rd, from);
	enum radius_drop why;
	int rc;

	if (cl == NULL) {
		why = RDROP_UNKNOWN_NAS;
		goto drop;
	}
	if (radius_pkt_decode(p, buf, len) != RADIUS_EOK) {
		why = RDROP_MALFORMED;
		goto drop;
	}
	if (p->code != (is_acct ? RADIUS_ACCOUNTING_REQUEST :
				  RADIUS_ACCESS_REQUEST)) {
		why = RDROP_UNEXPECTED_CODE;
		goto drop;
	}
	if (is_acct && radius_pkt_verify_request_auth(p, &cl->secret) !=
	    RADIUS_EOK) {
		why = RDROP_BAD_AUTHENTICATOR;
		goto drop;
	}
	rc = radius_pkt_verify_msgauth(p, &cl->secret);
	if (rc == RADIUS_EMSGAUTH_MISSING) {
		/* BlastRADIUS (CVE-2024-3596): an Access-Request without
		 * one can be forged by a man in the middle. */
		if (!is_acct && cl->conf->require_msgauth) {
			why = RDROP_NO_MSGAUTH;
			goto drop;
		}
	} else if (rc != RADIUS_EOK) {
		why = RDROP_BAD_MSGAUTH;
		goto drop;
	}
	return cl;
drop:
	radius_stat_add(&rd->stats->drops[why], 1);
	return NULL;
}

/* One datagram. Returns 1 when out holds an answer to send now. */
static int
handle(struct radiusd *rd, int is_acct, const uint8_t *buf, size_t len,
    const struct sockaddr_storage *from, socklen_t fromlen,
    struct radius_out *out)
{
	struct radius_dedup_key key;
	struct radius_client *cl;
	struct radius_pkt p;
	const uint8_t *cached;
	uint16_t n;

	radius_stat_add(is_acct ? &rd->stats->acct_requests :
				  &rd->stats->access_requests, 1);
	cl = admit(rd, from, &p, buf, len, is_acct);
	if (cl == NULL)
		return 0;
	radius_dedup_key(from, &p, &key);
	switch (radius_dedup_check(rd->dedup, &key, rd->now, &cached, &n)) {
	case DEDUP_REPLAY:
		radius_stat_add(&rd->stats->duplicates, 1);
		memcpy(out->buf, cached, n);
		out->len = n;
		break;
	case DEDUP_PENDING:
		radius_stat_add(&rd->stats->drops[RDROP_IN_PROGRESS], 1);
		return 0;
	case DEDUP_NEW:
		if (is_acct) {
			if (radius_acct_handle(rd, cl, from, fromlen, &p) < 0)
				radius_dedup_forget(rd->dedup, &key);
			return 0; /* answered after the commit */
		}
		out->len = radius_auth_handle(rd, cl, &p, out->buf,
		    sizeof(out->buf));
		if (out->len == 0) {
			radius_dedup_forget(rd->dedup, &key);
			return 0;
		}
		radius_dedup_answer(rd->dedup, &key, out->buf, out->len);
		break;
	}
	out->to = *from;
	out->tolen = fromlen;
	return 1;
}

static uint64_t
elapsed_us(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (uint64_t)((t1.tv_sec - t0->tv_sec) * 1000000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000);
}

void
radius_io_drain(struct radiusd *rd, int fd, int is_acct)
{
	static uint8_t bufs[RADIUS_BATCH][RADIUS_MAX_LEN];
	static struct sockaddr_storage from[RADIUS_BATCH];
	static struct radius_out out[RADIUS_BATCH];
	struct mmsghdr msgs[RADIUS_BATCH];
	struct iovec iov[RADIUS_BATCH];
	struct timespec t0;
	unsigned nout;
	uint64_t us;
	int n;

	for (int round = 0; round < ROUNDS; round++) {
		memset(msgs, 0, sizeof(msgs));
		for (unsigned i = 0; i < RADIUS_BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof(bufs[i]);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_name = &from[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		n = recvmmsg(fd, msgs, RADIUS_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rd->now = time(NULL);
		radius_usage_tick(rd);
		nout = 0;
		for (int i = 0; i < n; i++)
			nout += (unsigned)handle(rd, is_acct, bufs[i],
			    msgs[i].msg_len, &from[i],
			    msgs[i].msg_hdr.msg_namelen, &out[nout]);
		radius_io_send(fd, out, nout);
		us = elapsed_us(&t0);
		for (unsigned i = 0; i < nout; i++)
			radius_observe_latency(rd, us);
		if (n < RADIUS_BATCH)
			break;
	}
}
