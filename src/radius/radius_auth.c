/*
 * Access-Request: find the SIM, decide, answer. Everything it reads is in
 * memory; what it learns (an IMEI) goes to the writer thread's batch. The
 * checks run in the order an operator reads a rejection: who is it, may
 * it attach at all, on this APN, with an address, from this device.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "radius/radius.h"
#include "radius/radius_writer.h"

#define CLASS_PREFIX "airlock:"

static const char *const reply_text[RREJ_COUNT] = {
    [RREJ_UNKNOWN_SIM] = "unknown SIM",
    [RREJ_NO_IDENTITY] = "no IMSI, User-Name or MSISDN in the request",
    [RREJ_SUSPENDED] = "SIM suspended",
    [RREJ_BLOCKED] = "SIM blocked",
    [RREJ_QUARANTINED] = "SIM quarantined",
    [RREJ_APN] = "APN not allowed for this SIM",
    [RREJ_SIM_SWAP] = "IMEI does not match the SIM's binding",
    [RREJ_NO_STATIC_IP] = "SIM has no static IP address",
};

static const enum event_severity reject_severity[RREJ_COUNT] = {
    [RREJ_UNKNOWN_SIM] = SEV_MEDIUM,
    [RREJ_NO_IDENTITY] = SEV_LOW,
    [RREJ_SUSPENDED] = SEV_LOW,
    [RREJ_BLOCKED] = SEV_HIGH,
    [RREJ_QUARANTINED] = SEV_HIGH,
    [RREJ_APN] = SEV_MEDIUM,
    [RREJ_SIM_SWAP] = SEV_HIGH,
    [RREJ_NO_STATIC_IP] = SEV_LOW,
};

/* A text attribute as digits: a leading "+" and a realm ("@apn") are
 * dropped. 0 when it is not digits. */
static uint64_t
digits_attr(const struct radius_pkt *p, unsigned type, char *text,
    size_t textsz)
{
	char buf[256];
	const char *s = buf;
	size_t n;

	if (radius_pkt_str(p, &p->attr[type], buf, sizeof(buf)) <= 0)
		return 0;
	if (*s == '+')
		s++;
	n = strcspn(s, "@");
	snprintf(text, textsz, "%.*s", (int)n, s);
	return radius_digits_key(s, n);
}

struct rsim *
radius_auth_identify(struct radiusd *rd, const struct radius_pkt *p,
    const struct radius_3gpp *g, char *ident, size_t identsz)
{
	uint64_t key;

	ident[0] = '\0';
	for (size_t i = 0; i < rd->rc->n_identity; i++) {
		switch (rd->rc->identity[i]) {
		case RADIUS_ID_IMSI:
			if (g->imsi[0] == '\0')
				continue;
			snprintf(ident, identsz, "%s", g->imsi);
			return radius_index_by_imsi(rd->index,
			    radius_digits_key(g->imsi, strlen(g->imsi)));
		case RADIUS_ID_USER_NAME: {
			struct rsim *r;

			if (!radius_pkt_has(&p->attr[RADIUS_USER_NAME]))
				continue;
			key = digits_attr(p, RADIUS_USER_NAME, ident,
			    identsz);
			r = radius_index_by_imsi(rd->index, key);
			return r != NULL ? r :
			    radius_index_by_msisdn(rd->index, key);
		}
		case RADIUS_ID_MSISDN:
			if (!radius_pkt_has(&p->attr[RADIUS_CALLING_STATION_ID]))
				continue;
			key = digits_attr(p, RADIUS_CALLING_STATION_ID, ident,
			    identsz);
			return radius_index_by_msisdn(rd->index, key);
		case RADIUS_ID_COUNT:
			break;
		}
	}
	return NULL;
}

/* Called-Station-Id against the SIM's APN, case-insensitively; the
 * operator part a PGW may append ("m2m.example.mnc001.mcc234.gprs") is
 * accepted. A SIM without an APN may use any. */
static int
apn_allowed(struct radiusd *rd, const struct radius_pkt *p,
    const struct rsim *r, char *seen, size_t seensz)
{
	const char *apn = radius_index_string(rd->index, r->apn);
	size_t n = strlen(apn);

	seen[0] = '\0';
	if (radius_pkt_str(p, &p->attr[RADIUS_CALLED_STATION_ID], seen,
	    seensz) < 0)
		return 0;
	if (apn[0] == '\0')
		return 1;
	if (strncasecmp(seen, apn, n) != 0)
		return 0;
	return seen[n] == '\0' || strncasecmp(seen + n, ".mnc", 4) == 0;
}

/* The binding rules in force: the SIM's own unless off, else its
 * profile's. */
static void
effective_binding(struct radiusd *rd, const struct rsim *r,
    enum imei_policy *pol, enum imei_match *match, int *reject)
{
	const struct rprofile *pr = radius_index_profile(rd->index,
	    r->profile);

	*pol = (enum imei_policy)r->imei_policy;
	*match = (enum imei_match)r->imei_match;
	*reject = rd->rc->imei_mismatch_reject;
	if (pr == NULL)
		return;
	if (pr->r.imei_mismatch_reject >= 0)
		*reject = pr->r.imei_mismatch_reject;
	if (*pol == IMEI_POLICY_OFF) {
		*pol = pr->r.imei_policy;
		*match = pr->r.imei_match;
	}
}

/* An IMEI as the registry stores it: a 14-digit IMEI without its check
 * digit gets it (Luhn), others are kept as sent. */
static void
imei_for_store(const char *seen, char out[17])
{
	size_t n = strlen(seen);
	unsigned sum = 0;

	snprintf(out, 17, "%s", seen);
	if (n != 14)
		return;
	for (size_t i = 0; i < 14; i++) {
		unsigned d = (unsigned)(seen[13 - i] - '0');

		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	out[14] = (char)('0' + (10 - sum % 10) % 10);
	out[15] = '\0';
}

/* The IMEI check. Returns 0 to go on, or RREJ_SIM_SWAP + 1 to refuse. */
static int
check_imei(struct radiusd *rd, struct radius_client *cl, struct rsim *r,
    const struct radius_3gpp *g, const char *iccid)
{
	enum imei_policy pol;
	enum imei_match match;
	int reject;
	uint64_t seen = radius_imei_key(g->imeisv, strlen(g->imeisv));
	char imei[17];

	effective_binding(rd, r, &pol, &match, &reject);
	if (seen != r->last_imei) {
		r->last_imei = seen;
		radius_writer_seen(rd->writer, iccid, rd->now, g->imeisv);
	}
	if (pol == IMEI_POLICY_OFF)
		return 0;
	if (seen == 0) {
		/* No IMEISV: nothing to compare, which is not a swap. */
		radius_event(rd, "imei_unknown", SEV_LOW, iccid,
		    "\"iccid\":\"%s\",\"nas\":\"%s\",\"policy\":\"%s\"", iccid,
		    cl->conf->name, imei_policy_name(pol));
		return 0;
	}
	if (r->bound_imei == 0) {
		if (pol != IMEI_POLICY_LEARN)
			return 0;
		r->bound_imei = radius_imei_key(g->imeisv, strlen(g->imeisv));
		r->flags |= RSIM_LEARN_PENDING;
		imei_for_store(g->imeisv, imei);
		radius_writer_learn(rd->writer, iccid, imei);
		radius_stat_add(&rd->stats->imei_learned, 1);
		return 0;
	}
	if (radius_imei_match(r->bound_imei, seen, match))
		return 0;
	radius_stat_add(&rd->stats->sim_swaps, 1);
	radius_event(rd, "sim_swap", SEV_HIGH, iccid,
	    "\"iccid\":\"%s\",\"imsi\":\"%s\",\"seen_imeisv\":\"%s\","
	    "\"match\":\"%s\",\"policy\":\"%s\",\"nas\":\"%s\","
	    "\"action\":\"%s\"", iccid, g->imsi, g->imeisv,
	    imei_match_name(match), imei_policy_name(pol), cl->conf->name,
	    reject ? "reject" : "accept");
	return reject ? RREJ_SIM_SWAP + 1 : 0;
}

static int
state_reason(const struct rsim *r)
{
	switch ((enum sim_state)r->state) {
	case SIM_ACTIVE:
		return 0;
	case SIM_SUSPENDED:
		return RREJ_SUSPENDED + 1;
	case SIM_BLOCKED:
		return RREJ_BLOCKED + 1;
	case SIM_QUARANTINED:
	case SIM_STATE_COUNT:
		break;
	}
	return RREJ_QUARANTINED + 1;
}

static void
add_accept_attrs(struct radiusd *rd, struct radius_builder *b,
    const struct rsim *r, const char *iccid)
{
	const struct rprofile *pr = radius_index_profile(rd->index,
	    r->profile);
	int64_t timeout = rd->rc->session_timeout;
	int64_t interim = rd->rc->interim_interval;
	char class[sizeof(CLASS_PREFIX) + 21];

	if (pr != NULL && pr->r.session_timeout >= 0)
		timeout = pr->r.session_timeout;
	if (pr != NULL && pr->r.interim_interval >= 0)
		interim = pr->r.interim_interval;
	if (r->flags & RSIM_IPV6)
		radius_build_attr(b, RADIUS_FRAMED_IPV6_ADDRESS, r->ip, 16);
	else
		radius_build_attr(b, RADIUS_FRAMED_IP_ADDRESS, r->ip, 4);
	if (timeout > 0)
		radius_build_u32(b, RADIUS_SESSION_TIMEOUT, (uint32_t)timeout);
	if (interim > 0)
		radius_build_u32(b, RADIUS_ACCT_INTERIM_INTERVAL,
		    (uint32_t)interim);
	snprintf(class, sizeof(class), CLASS_PREFIX "%s", iccid);
	radius_build_str(b, RADIUS_CLASS, class);
}

static void
reject_event(struct radiusd *rd, struct radius_client *cl, int why,
    const char *iccid, const char *ident, const struct radius_3gpp *g,
    const char *apn)
{
	char id[6 * 64], apn_text[6 * 64];

	radius_json_text(id, sizeof(id), ident, strlen(ident));
	radius_json_text(apn_text, sizeof(apn_text), apn, strlen(apn));
	radius_event(rd, "radius_reject", reject_severity[why],
	    iccid[0] != '\0' ? iccid : ident,
	    "\"reason\":\"%s\",\"iccid\":\"%s\",\"identity\":\"%s\","
	    "\"imsi\":\"%s\",\"imeisv\":\"%s\",\"apn\":\"%s\",\"nas\":\"%s\"",
	    radius_reason_name((enum radius_reason)why), iccid, id, g->imsi,
	    g->imeisv, apn_text, cl->conf->name);
}

uint16_t
radius_auth_handle(struct radiusd *rd, struct radius_client *cl,
    const struct radius_pkt *p, uint8_t *out, size_t outsz)
{
	struct radius_builder b;
	struct radius_3gpp g;
	char ident[64], iccid[21] = "", apn[256] = "";
	struct rsim *r;
	int why = 0;
	ssize_t n;

	radius_dict_3gpp(p, &g);
	r = radius_auth_identify(rd, p, &g, ident, sizeof(ident));
	if (r == NULL)
		why = 1 + (ident[0] != '\0' ? RREJ_UNKNOWN_SIM :
					      RREJ_NO_IDENTITY);
	else {
		radius_rsim_iccid(r, iccid);
		why = state_reason(r);
		if (why == 0 && !apn_allowed(rd, p, r, apn, sizeof(apn)))
			why = RREJ_APN + 1;
		if (why == 0 && !r->has_ip)
			why = RREJ_NO_STATIC_IP + 1;
		if (why == 0)
			why = check_imei(rd, cl, r, &g, iccid);
	}
	radius_build_begin(&b, out, outsz,
	    why == 0 ? RADIUS_ACCESS_ACCEPT : RADIUS_ACCESS_REJECT, p->id,
	    p->data + 4, 1);
	if (why == 0) {
		add_accept_attrs(rd, &b, r, iccid);
		radius_stat_add(&rd->stats->accepts, 1);
	} else {
		why--;
		radius_build_str(&b, RADIUS_REPLY_MESSAGE, reply_text[why]);
		radius_stat_add(&rd->stats->rejects[why], 1);
		reject_event(rd, cl, why, iccid, ident, &g, apn);
	}
	n = radius_build_finish(&b, &cl->secret);
	return n > 0 ? (uint16_t)n : 0;
}
