/*
 * Disconnect-Request (RFC 5176) to the NAS that holds a session. A SIM may
 * have several sessions (one per PDN connection, or on several PGWs): one
 * request goes to each, identified by Acct-Session-Id, User-Name and
 * Framed-IP-Address with the NAS's own address, and is retransmitted until
 * it is acknowledged, refused (with its Error-Cause kept) or out of tries.
 * When every request of a disconnect is settled, the outcome goes back to
 * whoever asked, and becomes an event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <openssl/rand.h>

#include "common/log.h"
#include "radius/radius.h"
#include "radius/radius_session.h"

#define GROUPS_MAX 64
#define SESSIONS_PER_GROUP 16
#define TICK_MS 50

enum coa_result { COA_PENDING, COA_ACK, COA_NAK, COA_TIMEOUT, COA_ERROR };

struct coa_req {
	int used;
	int group;
	int item;
	uint8_t auth[RADIUS_AUTH_LEN];
	struct sockaddr_storage to;
	socklen_t tolen;
	uint16_t client;
	uint16_t len;
	uint8_t pkt[600];
	unsigned tries;
	uint64_t deadline_ms;
};

struct coa_item {
	char nas[64];
	char nas_ip[ADDR_STRLEN];
	char acct_id[254];
	enum coa_result result;
	uint32_t error_cause;
};

struct coa_group {
	int used;
	struct msg_disconnect ask;
	unsigned n, pending;
	struct coa_item item[SESSIONS_PER_GROUP];
};

struct radius_coa {
	struct radiusd *rd;
	int fd4, fd6;
	struct event *ev4, *ev6, *tick;
	struct coa_req req[2][256]; /* per socket, by Identifier */
	uint8_t next_id[2];
	struct coa_group group[GROUPS_MAX];
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *
result_name(enum coa_result r)
{
	static const char *const names[] = {"pending", "ack", "nak",
	    "timeout", "error"};

	return names[r];
}

/* The detail array, the event and the answer to the asker. */
static void
group_finish(struct radius_coa *c, struct coa_group *g)
{
	static struct msg_answer done;
	struct radiusd *rd = c->rd;
	char reason[6 * 128];
	unsigned acked = 0;
	size_t off = 1;
	struct obuf out;

	memset(&done, 0, sizeof(done));
	done.id = g->ask.id;
	done.detail[0] = '[';
	for (unsigned i = 0; i < g->n; i++) {
		const struct coa_item *it = &g->item[i];
		const char *cause = radius_dict_error_cause(it->error_cause);
		char id[6 * 64];
		int n;

		radius_json_text(id, sizeof(id), it->acct_id,
		    strlen(it->acct_id));
		acked += it->result == COA_ACK;
		n = snprintf(done.detail + off, sizeof(done.detail) - off - 2,
		    "%s{\"nas\":\"%s\",\"nas_ip\":\"%s\","
		    "\"acct_session_id\":\"%s\",\"result\":\"%s\"",
		    i > 0 ? "," : "", it->nas, it->nas_ip, id,
		    result_name(it->result));
		if (n > 0 && (size_t)n < sizeof(done.detail) - off - 2)
			off += (size_t)n;
		if (it->error_cause != 0) {
			n = snprintf(done.detail + off,
			    sizeof(done.detail) - off - 2,
			    ",\"error_cause\":%u,\"error_cause_name\":\"%s\"",
			    it->error_cause, cause != NULL ? cause : "unknown");
			if (n > 0 && (size_t)n < sizeof(done.detail) - off - 2)
				off += (size_t)n;
		}
		done.detail[off++] = '}';
	}
	done.detail[off++] = ']';
	done.detail[off] = '\0';
	done.outcome = g->n == 0 ? DISCONNECT_NO_SESSION :
	    acked == g->n	 ? DISCONNECT_DONE :
	    acked > 0		 ? DISCONNECT_PARTIAL :
				   DISCONNECT_FAILED;
	radius_json_text(reason, sizeof(reason), g->ask.reason,
	    strlen(g->ask.reason));
	if (g->n > 0)
		radius_event(rd, "radius_disconnect",
		    acked == g->n ? SEV_INFO : SEV_MEDIUM, g->ask.iccid,
		    "\"iccid\":\"%s\",\"outcome\":\"%s\",\"reason\":\"%s\","
		    "\"sessions\":%s", g->ask.iccid,
		    disconnect_outcome_name(done.outcome), reason, done.detail);
	if (g->ask.id != 0) {
		obuf_init(&out, sizeof(done) + 64);
		ipc_encode_answer(&out, MSG_DISCONNECT_DONE, &done);
		if (chan_send(&rd->ch, &out) < 0)
			log_warnx("radius: cannot answer a disconnect");
		obuf_reset(&out);
	}
	g->used = 0;
}

static void
settle(struct radius_coa *c, struct coa_req *q, enum coa_result r,
    uint32_t cause)
{
	struct coa_group *g = &c->group[q->group];
	struct coa_item *it = &g->item[q->item];

	it->result = r;
	it->error_cause = cause;
	q->used = 0;
	if (--g->pending == 0)
		group_finish(c, g);
}

static int
sock_for(const struct radius_coa *c, const struct sockaddr_storage *to)
{
	return to->ss_family == AF_INET6 ? c->fd6 : c->fd4;
}

static void
transmit(struct radius_coa *c, struct coa_req *q)
{
	int fd = sock_for(c, &q->to);

	q->tries++;
	q->deadline_ms = now_ms() + c->rd->rc->coa_timeout_ms;
	radius_stat_add(&c->rd->stats->coa_sent, 1);
	if (fd < 0 || sendto(fd, q->pkt, q->len, MSG_DONTWAIT,
	    (const struct sockaddr *)&q->to, q->tolen) < 0)
		log_debug("radius: disconnect sendto: %s", strerror(errno));
}

/* A free Identifier on the socket for this family, or -1. */
static int
free_id(struct radius_coa *c, int fam)
{
	for (int k = 0; k < 256; k++) {
		uint8_t id = c->next_id[fam]++;

		if (!c->req[fam][id].used)
			return id;
	}
	return -1;
}

/* Build and send the Disconnect-Request of one session. */
static int
start_request(struct radius_coa *c, int group, int item,
    const struct rsession *s)
{
	struct radiusd *rd = c->rd;
	const struct radius_client *cl = &rd->clients[s->client];
	int fam = s->nas.family == AF_INET6;
	struct radius_builder b;
	struct coa_req *q;
	struct in_addr fip;
	ssize_t n;
	int id = free_id(c, fam);

	if (id < 0)
		return -1;
	q = &c->req[fam][id];
	memset(q, 0, sizeof(*q));
	radius_build_begin(&b, q->pkt, sizeof(q->pkt),
	    RADIUS_DISCONNECT_REQUEST, (uint8_t)id, NULL, 1);
	radius_build_attr(&b, RADIUS_ACCT_SESSION_ID, s->acct_id,
	    s->acct_id_len);
	if (s->user_name[0] != '\0')
		radius_build_str(&b, RADIUS_USER_NAME, s->user_name);
	if (s->framed_ip[0] != '\0' && inet_pton(AF_INET, s->framed_ip,
	    &fip) == 1)
		radius_build_attr(&b, RADIUS_FRAMED_IP_ADDRESS, &fip, 4);
	if (s->nas.family == AF_INET)
		radius_build_attr(&b, RADIUS_NAS_IP_ADDRESS, s->nas.bytes, 4);
	else
		radius_build_attr(&b, RADIUS_NAS_IPV6_ADDRESS, s->nas.bytes,
		    16);
	n = radius_build_finish(&b, &cl->secret);
	if (n <= 0)
		return -1;
	q->used = 1;
	q->group = group;
	q->item = item;
	q->client = s->client;
	q->len = (uint16_t)n;
	memcpy(q->auth, q->pkt + 4, RADIUS_AUTH_LEN);
	memset(&q->to, 0, sizeof(q->to));
	if (s->nas.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&q->to;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, s->nas.bytes, 16);
		s6->sin6_port = htons(cl->conf->coa_port);
		q->tolen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&q->to;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, s->nas.bytes, 4);
		s4->sin_port = htons(cl->conf->coa_port);
		q->tolen = sizeof(*s4);
	}
	transmit(c, q);
	return 0;
}

void
radius_coa_disconnect(struct radiusd *rd, const struct msg_disconnect *m)
{
	struct radius_coa *c = rd->coa;
	struct rsim *r = radius_index_by_iccid(rd->index, m->iccid);
	struct coa_group *g = NULL;
	int gi;

	for (gi = 0; gi < GROUPS_MAX; gi++)
		if (!c->group[gi].used) {
			g = &c->group[gi];
			break;
		}
	if (g == NULL) {
		static struct msg_answer busy;
		struct obuf out;

		memset(&busy, 0, sizeof(busy));
		busy.id = m->id;
		busy.outcome = DISCONNECT_UNAVAILABLE;
		snprintf(busy.detail, sizeof(busy.detail), "[]");
		obuf_init(&out, sizeof(busy) + 64);
		ipc_encode_answer(&out, MSG_DISCONNECT_DONE, &busy);
		chan_send(&rd->ch, &out);
		obuf_reset(&out);
		return;
	}
	memset(g, 0, sizeof(*g));
	g->used = 1;
	g->ask = *m;
	g->pending = 1; /* held until every request is started */
	for (uint32_t sid = r != NULL ? r->session : RSESSION_NONE;
	    sid != RSESSION_NONE && g->n < SESSIONS_PER_GROUP;) {
		const struct rsession *s = radius_sessions_at(rd->sessions,
		    sid);
		struct coa_item *it = &g->item[g->n];

		snprintf(it->nas, sizeof(it->nas), "%s",
		    rd->clients[s->client].conf->name);
		ipaddr_format(&s->nas, it->nas_ip, sizeof(it->nas_ip));
		memcpy(it->acct_id, s->acct_id, s->acct_id_len);
		it->acct_id[s->acct_id_len] = '\0';
		g->pending++;
		if (start_request(c, gi, (int)g->n, s) < 0) {
			it->result = COA_ERROR;
			g->pending--;
		}
		g->n++;
		sid = s->next_sim;
	}
	if (--g->pending == 0)
		group_finish(c, g);
}

/* An answer from a NAS: it must come from where the request went, carry
 * its Identifier and prove the secret. */
static void
on_answer(struct radius_coa *c, int fam)
{
	uint8_t buf[RADIUS_MAX_LEN];
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	struct radius_pkt p;
	struct coa_req *q;
	ssize_t n;
	int64_t cause;

	while ((n = recvfrom(fam ? c->fd6 : c->fd4, buf, sizeof(buf),
	    MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen)) > 0) {
		fromlen = sizeof(from);
		if (radius_pkt_decode(&p, buf, (size_t)n) != RADIUS_EOK)
			continue;
		q = &c->req[fam][p.id];
		if (!q->used || memcmp(&from, &q->to, q->tolen) != 0 ||
		    (p.code != RADIUS_DISCONNECT_ACK &&
		    p.code != RADIUS_DISCONNECT_NAK) ||
		    radius_pkt_verify_response(&p, q->auth,
		    &c->rd->clients[q->client].secret) != RADIUS_EOK) {
			radius_stat_add(&c->rd->stats->drops[RDROP_BAD_AUTHENTICATOR],
			    1);
			continue;
		}
		cause = radius_pkt_u32(&p, RADIUS_ERROR_CAUSE);
		if (p.code == RADIUS_DISCONNECT_ACK) {
			radius_stat_add(&c->rd->stats->coa_acked, 1);
			settle(c, q, COA_ACK, 0);
		} else {
			radius_stat_add(&c->rd->stats->coa_naked, 1);
			settle(c, q, COA_NAK, cause > 0 ? (uint32_t)cause : 0);
		}
	}
}

static void
on_readable4(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	on_answer(arg, 0);
}

static void
on_readable6(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	on_answer(arg, 1);
}

/* Retransmit what is due, give up on what ran out of tries. */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct radius_coa *c = arg;
	uint64_t now = now_ms();

	(void)fd;
	(void)what;
	for (int fam = 0; fam < 2; fam++)
		for (int id = 0; id < 256; id++) {
			struct coa_req *q = &c->req[fam][id];

			if (!q->used || now < q->deadline_ms)
				continue;
			if (q->tries > c->rd->rc->coa_retries) {
				radius_stat_add(&c->rd->stats->coa_timeouts,
				    1);
				settle(c, q, COA_TIMEOUT, 0);
			} else {
				transmit(c, q);
			}
		}
}

static int
open_socket(int family)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		log_warn("radius: %s disconnect socket",
		    family == AF_INET ? "IPv4" : "IPv6");
	return fd;
}

struct radius_coa *
radius_coa_new(struct radiusd *rd)
{
	struct radius_coa *c = calloc(1, sizeof(*c));
	struct timeval tv = {0, TICK_MS * 1000};

	if (c == NULL)
		return NULL;
	c->rd = rd;
	RAND_bytes(c->next_id, sizeof(c->next_id));
	c->fd4 = open_socket(AF_INET);
	c->fd6 = open_socket(AF_INET6);
	if (c->fd4 >= 0) {
		c->ev4 = event_new(rd->base, c->fd4, EV_READ | EV_PERSIST,
		    on_readable4, c);
		event_add(c->ev4, NULL);
	}
	if (c->fd6 >= 0) {
		c->ev6 = event_new(rd->base, c->fd6, EV_READ | EV_PERSIST,
		    on_readable6, c);
		event_add(c->ev6, NULL);
	}
	c->tick = event_new(rd->base, -1, EV_PERSIST, on_tick, c);
	event_add(c->tick, &tv);
	return c;
}

void
radius_coa_free(struct radius_coa *c)
{
	if (c == NULL)
		return;
	if (c->ev4 != NULL)
		event_free(c->ev4);
	if (c->ev6 != NULL)
		event_free(c->ev6);
	event_free(c->tick);
	if (c->fd4 >= 0)
		close(c->fd4);
	if (c->fd6 >= 0)
		close(c->fd6);
	free(c);
}
