/*
 * Accounting-Request (RFC 2866): keep the open sessions, turn the NAS's
 * cumulative counters into per-SIM usage, and queue the session row, the
 * usage row and the Accounting-Response for the writer's next commit.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "radius/radius.h"
#include "radius/radius_session.h"
#include "radius/radius_writer.h"

#define CLASS_PREFIX "airlock:"

/* The SIM of a session: the Class our Accept gave it, else the identity
 * the request carries. */
static struct rsim *
acct_sim(struct radiusd *rd, const struct radius_pkt *p,
    const struct radius_3gpp *g)
{
	char class[64], ident[64];
	int n = radius_pkt_str(p, &p->attr[RADIUS_CLASS], class,
	    sizeof(class));

	if (n > (int)strlen(CLASS_PREFIX) &&
	    strncmp(class, CLASS_PREFIX, strlen(CLASS_PREFIX)) == 0) {
		struct rsim *r = radius_index_by_iccid(rd->index,
		    class + strlen(CLASS_PREFIX));

		if (r != NULL)
			return r;
	}
	return radius_auth_identify(rd, p, g, ident, sizeof(ident));
}

static uint64_t
octets(const struct radius_pkt *p, unsigned lo, unsigned hi)
{
	int64_t l = radius_pkt_u32(p, lo), h = radius_pkt_u32(p, hi);

	return (uint64_t)(l < 0 ? 0 : l) | (uint64_t)(h < 0 ? 0 : h) << 32;
}

/* The session's row as the store keeps it. */
static void
session_row(struct radiusd *rd, const struct rsession *s, int64_t stopped,
    int cause, struct session_rec *out)
{
	const struct radius_client *cl = &rd->clients[s->client];
	struct rsim *r = radius_index_at(rd->index, s->sim);

	memset(out, 0, sizeof(*out));
	snprintf(out->nas, sizeof(out->nas), "%s", cl->conf->name);
	ipaddr_format(&s->nas, out->nas_ip, sizeof(out->nas_ip));
	memcpy(out->acct_session_id, s->acct_id, s->acct_id_len);
	if (r != NULL)
		radius_rsim_iccid(r, out->iccid);
	snprintf(out->imsi, sizeof(out->imsi), "%s", s->imsi);
	snprintf(out->imei, sizeof(out->imei), "%s", s->imei);
	snprintf(out->framed_ip, sizeof(out->framed_ip), "%s", s->framed_ip);
	out->nsapi = s->nsapi;
	out->charging_id = s->charging_id;
	out->rat_type = s->rat_type;
	out->started = s->started;
	out->updated = s->updated;
	out->stopped = stopped;
	out->stop_cause = cause;
	out->octets_in = s->in;
	out->octets_out = s->out;
}

/* What the request tells about the session, kept when it says nothing. */
static void
session_update(struct rsession *s, const struct radius_pkt *p,
    const struct radius_3gpp *g)
{
	struct in_addr a;

	radius_pkt_str(p, &p->attr[RADIUS_USER_NAME], s->user_name,
	    sizeof(s->user_name));
	if (g->imsi[0] != '\0')
		snprintf(s->imsi, sizeof(s->imsi), "%s", g->imsi);
	if (g->imeisv[0] != '\0')
		snprintf(s->imei, sizeof(s->imei), "%s", g->imeisv);
	if (p->attr[RADIUS_FRAMED_IP_ADDRESS].len == 4) {
		memcpy(&a, radius_pkt_value(p, &p->attr[RADIUS_FRAMED_IP_ADDRESS]),
		    4);
		inet_ntop(AF_INET, &a, s->framed_ip, sizeof(s->framed_ip));
	}
	if (g->nsapi >= 0)
		s->nsapi = g->nsapi;
	if (g->rat_type >= 0)
		s->rat_type = g->rat_type;
	if (g->has_charging_id)
		s->charging_id = g->charging_id;
}

/* Close every open session of a NAS that says it (re)started
 * (Accounting-On/Off): they ended when it went down. */
struct nas_close {
	struct radiusd *rd;
	uint16_t client;
};

static void
close_if_nas(void *arg, struct rsession *s)
{
	struct nas_close *c = arg;
	struct radiusd *rd = c->rd;
	struct session_rec row;
	struct rsim *r;

	if (s->client != c->client || !radius_writer_room(rd->writer, 1))
		return;
	session_row(rd, s, rd->now, 11 /* NAS-Reboot */, &row);
	radius_writer_session(rd->writer, &row);
	radius_sessions_stopped(rd->sessions, s->client, s->acct_id,
	    s->acct_id_len, rd->now);
	r = radius_index_at(rd->index, s->sim);
	radius_sessions_detach(rd->sessions, s, r != NULL ? &r->session : NULL);
	radius_sessions_remove(rd->sessions, s);
}

static void
count_status(struct radiusd *rd, int64_t status)
{
	switch (status) {
	case RADIUS_ACCT_START:
		radius_stat_add(&rd->stats->acct_start, 1);
		break;
	case RADIUS_ACCT_INTERIM:
		radius_stat_add(&rd->stats->acct_interim, 1);
		break;
	case RADIUS_ACCT_STOP:
		radius_stat_add(&rd->stats->acct_stop, 1);
		break;
	default:
		radius_stat_add(&rd->stats->acct_onoff, 1);
		break;
	}
}

/* Start, Interim-Update or Stop of one session. */
static int
session_event(struct radiusd *rd, struct radius_client *cl,
    const struct ipaddr *nas, const struct radius_pkt *p, int64_t status)
{
	const struct radius_span *sid = &p->attr[RADIUS_ACCT_SESSION_ID];
	uint16_t client = (uint16_t)(cl - rd->clients);
	const char *id = (const char *)radius_pkt_value(p, sid);
	struct radius_3gpp g;
	struct session_rec row;
	struct rsession *s;
	struct rsim *r;
	uint64_t in, out, din = 0, dout = 0;
	char iccid[21];

	if (!radius_pkt_has(sid) || sid->len == 0)
		return -1;
	radius_dict_3gpp(p, &g);
	s = radius_sessions_find(rd->sessions, client, id, sid->len);
	if (s == NULL && radius_sessions_was_stopped(rd->sessions, client, id,
	    sid->len, rd->now))
		return 0; /* acknowledged, counted once already */
	if (s == NULL) {
		/* A Start, or the first we hear of a session whose Start we
		 * missed: either way it is open from now on. */
		s = radius_sessions_add(rd->sessions, client, id, sid->len);
		if (s == NULL)
			return -1;
		s->started = rd->now;
		s->nas = *nas;
		r = acct_sim(rd, p, &g);
		if (r != NULL) {
			radius_sessions_attach(rd->sessions, s,
			    radius_index_slot(rd->index, r), &r->session);
			radius_rsim_iccid(r, iccid);
			radius_writer_seen(rd->writer, iccid, rd->now, NULL);
		}
	}
	session_update(s, p, &g);
	in = octets(p, RADIUS_ACCT_INPUT_OCTETS, RADIUS_ACCT_INPUT_GIGAWORDS);
	out = octets(p, RADIUS_ACCT_OUTPUT_OCTETS,
	    RADIUS_ACCT_OUTPUT_GIGAWORDS);
	if (in > s->in)
		din = in - s->in, s->in = in;
	if (out > s->out)
		dout = out - s->out, s->out = out;
	s->updated = rd->now;
	r = radius_index_at(rd->index, s->sim);
	if (r != NULL && (din | dout) != 0) {
		radius_rsim_iccid(r, iccid);
		radius_usage_add(rd, r, din, dout);
		radius_writer_usage(rd->writer, iccid, rd->today, din, dout);
	}
	if (status == RADIUS_ACCT_STOP) {
		int64_t cause = radius_pkt_u32(p, RADIUS_ACCT_TERMINATE_CAUSE);

		session_row(rd, s, rd->now, cause > 0 ? (int)cause : 1, &row);
		radius_sessions_stopped(rd->sessions, client, id, sid->len,
		    rd->now);
		radius_sessions_detach(rd->sessions, s,
		    r != NULL ? &r->session : NULL);
		radius_sessions_remove(rd->sessions, s);
	} else {
		session_row(rd, s, 0, 0, &row);
	}
	radius_writer_session(rd->writer, &row);
	return 0;
}

int
radius_acct_handle(struct radiusd *rd, struct radius_client *cl,
    const struct sockaddr_storage *from, socklen_t fromlen,
    const struct radius_pkt *p)
{
	int64_t status = radius_pkt_u32(p, RADIUS_ACCT_STATUS_TYPE);
	struct radius_dedup_key key;
	struct radius_builder b;
	uint8_t reply[64];
	ssize_t n;

	/* Room for the worst case, a session row, a usage row and the
	 * answer; an Accounting-On may close more, best effort. */
	if (!radius_writer_room(rd->writer, 1)) {
		radius_stat_add(&rd->stats->drops[RDROP_OVERLOAD], 1);
		return -1;
	}
	count_status(rd, status);
	if (status == RADIUS_ACCT_ON || status == RADIUS_ACCT_OFF) {
		struct nas_close c = {rd, (uint16_t)(cl - rd->clients)};

		radius_sessions_each(rd->sessions, close_if_nas, &c);
	} else if (status == RADIUS_ACCT_START ||
	    status == RADIUS_ACCT_INTERIM || status == RADIUS_ACCT_STOP) {
		struct ipaddr nas;

		radius_sockaddr_ip(from, &nas);
		if (session_event(rd, cl, &nas, p, status) < 0) {
			radius_stat_add(&rd->stats->drops[RDROP_MALFORMED], 1);
			return -1;
		}
	}
	/* Other types (Failed, tunnel ones) are acknowledged and ignored. */
	radius_stat_add(&rd->stats->sessions_open, 0);
	atomic_store_explicit(&rd->stats->sessions_open,
	    radius_sessions_count(rd->sessions), memory_order_relaxed);
	radius_build_begin(&b, reply, sizeof(reply),
	    RADIUS_ACCOUNTING_RESPONSE, p->id, p->data + 4, 1);
	n = radius_build_finish(&b, &cl->secret);
	if (n <= 0)
		return -1;
	radius_dedup_key(from, p, &key);
	radius_writer_reply(rd->writer, rd->acct_fd, from, fromlen, &key,
	    reply, (uint16_t)n);
	return 0;
}
