/*
 * Packets into the engine: each IP packet with a device at one end finds
 * its flow (both directions under one key), and the flow's first packet,
 * the responder's first answer and its first payload are told to the
 * detectors. ARP requests and replies go to the sweep detector.
 */
#include <string.h>

#include "detect/detect_arp.h"
#include "detect/detect_brute.h"
#include "detect/detect_engine.h"
#include "detect/detect_flood.h"
#include "detect/detect_smtp.h"
#include "monitor/decode.h"

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10

static int
is_echo_request(const struct decoded *p)
{
	return (p->proto == 1 && p->icmp_type == 8) ||
	       (p->proto == 58 && p->icmp_type == 128);
}

static int
is_echo_reply(const struct decoded *p)
{
	return (p->proto == 1 && p->icmp_type == 0) ||
	       (p->proto == 58 && p->icmp_type == 129);
}

/* A total order of addresses, any will do: which end of a flow is side
 * a. Two words compared, not a byte-wise memcmp() call per packet. */
static int
addr_order(const struct ipaddr *x, const struct ipaddr *y)
{
	uint64_t a[2], b[2];

	memcpy(a, x->bytes, 16);
	memcpy(b, y->bytes, 16);
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	if (a[1] != b[1])
		return a[1] < b[1] ? -1 : 1;
	return 0;
}

/* The flow's key; *from_a set when the packet's source is side a. */
static void
flow_key_of(const struct decoded *p, struct flow_key *k, int *from_a)
{
	uint16_t sport = 0, dport = 0;
	int c;

	if (p->has_l4 && (p->proto == 6 || p->proto == 17)) {
		sport = p->sport;
		dport = p->dport;
	}
	memset(k, 0, sizeof(*k));
	c = addr_order(&p->src, &p->dst);
	*from_a = c < 0 || (c == 0 && sport <= dport);
	memcpy(k->a, (*from_a ? &p->src : &p->dst)->bytes, 16);
	memcpy(k->b, (*from_a ? &p->dst : &p->src)->bytes, 16);
	k->port_a = *from_a ? sport : dport;
	k->port_b = *from_a ? dport : sport;
	k->family = (uint8_t)p->src.family;
	k->proto = p->proto;
}

/* The responder's port, as the engine keys services by. */
static uint16_t
flow_port(const struct decoded *p)
{
	return p->proto == 6 || p->proto == 17 ? p->dport : 0;
}

/* A packet between its ends' states: those that are devices, looked up
 * once for all the detectors. */
struct packet {
	const struct decoded *p;
	const struct detect_plan *plan;
	struct dev_state *src, *dst; /* NULL when not a device */
	struct instant t;
};

static int
is_syn(const struct decoded *p)
{
	return p->has_l4 && p->proto == 6 &&
	       (p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN;
}

/* The first packet of a flow: who started it, and whether it is an
 * attempt (a SYN, a datagram or a ping) rather than the middle of a flow
 * that began before the capture. */
static void
flow_first(struct detect *d, struct flow_state *fs, const struct packet *pk,
    int from_a)
{
	const struct decoded *p = pk->p;
	uint8_t syn_ack = p->tcp_flags & (TCP_SYN | TCP_ACK);
	int tcp = p->has_l4 && p->proto == 6;

	memset(fs, 0, sizeof(*fs));
	d->st.flows++;
	if (tcp && syn_ack == (TCP_SYN | TCP_ACK)) {
		fs->initiator_is_b = (uint8_t)from_a; /* the SYN was missed */
		return;
	}
	fs->initiator_is_b = (uint8_t)!from_a;
	fs->attempt = (uint8_t)((tcp && syn_ack == TCP_SYN) ||
	                        (p->has_l4 && p->proto == 17) ||
	                        (p->has_l4 && is_echo_request(p)));
	if (fs->attempt && pk->src != NULL) {
		struct flow_start f = {
		    .dev = pk->src,
		    .device = &p->src,
		    .remote = &p->dst,
		    .remote_is_device = pk->dst != NULL,
		    .proto = p->proto,
		    .port = flow_port(p),
		    .is_syn = tcp,
		    .seq = p->tcp_seq,
		    /* a SYN from a device planned them, for the same
		     * device, remote and port as here */
		    .hashed = pk->plan->syn,
		    .peer_hash = pk->plan->syn ? pk->plan->peer_hash : 0,
		    .svc_hash = pk->plan->syn ? pk->plan->svc_hash : 0,
		};

		engine_flow_begin(d, &f, pk->t);
	}
	if (fs->attempt && pk->dst != NULL)
		pk->dst->flows_in++;
}

/* A packet from the responder of a flow the device started. */
static void
flow_answer(struct detect *d, struct flow_state *fs, const struct packet *pk)
{
	const struct decoded *p = pk->p;
	int tcp = p->proto == 6, login, refused;
	uint16_t port = tcp || p->proto == 17 ? p->sport : 0;

	if (!fs->answered && !fs->refused) {
		if (tcp &&
		    (p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
			fs->answered = 1;
		else if (tcp && (p->tcp_flags & TCP_RST))
			fs->refused = 1;
		else if (p->proto == 17 || is_echo_reply(p))
			fs->answered = 1;
		if (fs->answered)
			engine_flow_accepted(
			    d, &p->dst, &p->src, p->proto, port, pk->t);
	}
	if (tcp && fs->answered && !fs->payload_seen && p->l4_captured > 0) {
		fs->payload_seen = 1;
		login = brute_classify(p->l4_data, p->l4_captured, &refused);
		engine_flow_service(d, pk->dst, &p->dst, &p->src, port, login,
		    refused, smtp_greeting(p->l4_data, p->l4_captured), pk->t);
	}
}

/* A UDP flow's datagrams from its responder are answers, no flood of
 * the responder's own: a forged request flood would otherwise make its
 * victim look like the attacker. But only so many per datagram of the
 * initiator's (a DNS or SNMP answer is one, a QUIC server's a few):
 * beyond them the responder is sending on its own, as a device does that
 * had a datagram sent to it first to pass its flood for answers. */
#define UDP_ANSWERS 16

/* 1 when the datagram p is an answer on its flow fs. */
static int
udp_answer(struct flow_state *fs, const struct decoded *p, int from_initiator)
{
	if (!p->has_l4 || p->proto != 17)
		return 0;
	if (from_initiator) {
		fs->answers = fs->answers > UINT16_MAX - UDP_ANSWERS
		                  ? UINT16_MAX
		                  : (uint16_t)(fs->answers + UDP_ANSWERS);
		return 0;
	}
	if (fs->answers == 0)
		return 0;
	fs->answers--;
	return 1;
}

/* The packet through its flow; 1 when it is a UDP answer (udp_answer). */
static int
flow_packet(struct detect *d, const struct packet *pk)
{
	const struct decoded *p = pk->p;
	struct flow_state *fs;
	int from_a = pk->plan->from_a, created, from_initiator;

	fs = btable_get_hashed(&d->flows, pk->plan->flow_hash, &pk->plan->flow,
	    pk->t.sec, &created, NULL);
	if (created) {
		flow_first(d, fs, pk, from_a);
		return udp_answer(fs, p, 1);
	}
	from_initiator = from_a ? !fs->initiator_is_b : fs->initiator_is_b;
	/* A new connection on the same ports: a SYN is one, unless it is
	 * the initiator's again while its attempt waits for an answer (a
	 * retransmission). A responder never sends a bare SYN: from that
	 * side it is an attempt the other way. So a stray packet sent first
	 * on those ports, from either side and of any kind, cannot hide the
	 * attempts that follow it; nor can a flow seen from its middle,
	 * whose ports are used again. */
	if ((is_syn(p) && !(from_initiator && fs->attempt && !fs->answered &&
	                      !fs->refused)) ||
	    (!fs->attempt && p->has_l4 && is_echo_request(p))) {
		flow_first(d, fs, pk, from_a);
		return 0; /* a SYN or a ping, no datagram */
	}
	if (!from_initiator && fs->attempt && p->has_l4 && pk->dst != NULL)
		flow_answer(d, fs, pk);
	/* Data sent to a mail port once the server accepted: SMTP spoken,
	 * which a scan's SYN to port 25 is not. */
	if (from_initiator && fs->answered && !fs->sent_data && p->proto == 6 &&
	    p->has_l4 && p->l4_payload > 0) {
		fs->sent_data = 1;
		if (smtp_port(&d->c, p->dport) && pk->src != NULL)
			engine_flow_service(d, pk->src, &p->src, &p->dst,
			    p->dport, LOGIN_NONE, 0, 1, pk->t);
	}
	return udp_answer(fs, p, from_initiator);
}

static void
arp_packet(struct detect *d, const struct decoded *p, struct instant t)
{
	static const uint8_t zero[4];
	struct detect_sample s = {p->dst, 0, 0, t.us};
	struct peer_state *peer;
	struct dev_state *dev;

	if (p->arp_op == 1 && memcmp(p->src.bytes, zero, 4) != 0 &&
	    !ipaddr_equal(&p->src, &p->dst) && engine_is_device(d, &p->src)) {
		dev = engine_device(d, &p->src, t);
		if (p->has_mac)
			engine_note_mac(dev, p->src_mac);
		peer = engine_peer(d, &p->src, &p->dst, PEER_ARP, t);
		arp_request(dev, engine_peer_touch(peer, dev), &s);
		engine_check_arp(d, dev, &p->src, t);
	} else if (p->arp_op == 2 && engine_is_device(d, &p->dst)) {
		/* p->src answered the device p->dst: an answer to a question
		 * it asked this window only, and one nobody asked creates no
		 * state (a flood of replies must not push questions out) */
		dev = engine_device_find(d, &p->dst, t);
		peer = dev == NULL
		           ? NULL
		           : engine_peer_find(d, &p->dst, &p->src, PEER_ARP, t);
		if (peer != NULL && peer->window_id == dev->window_id &&
		    !peer->answered) {
			peer->answered = 1;
			arp_answered(dev);
		}
	}
}

/* The packet's plan: which ends are devices, its flow's key, and the
 * hashes of its lookups; for a device's SYN, which begins a flow, its
 * peer's and service's too (a datagram may begin one, but most belong to
 * flows already known). Only what the flags say was worked out is set. */
static void
plan_of(
    const struct detect *d, const struct decoded *p, struct detect_plan *plan)
{
	int from_a;

	plan->src_dev = plan->dst_dev = plan->syn = 0;
	if (p->kind != DECODE_IP)
		return;
	plan->src_dev = (uint8_t)engine_is_device(d, &p->src);
	plan->dst_dev = (uint8_t)engine_is_device(d, &p->dst);
	if (!plan->src_dev && !plan->dst_dev)
		return;
	flow_key_of(p, &plan->flow, &from_a);
	plan->from_a = (uint8_t)from_a;
	plan->flow_hash = btable_hash(&d->flows, &plan->flow);
	if (plan->src_dev)
		plan->src_hash = engine_hash_device(d, &p->src);
	if (plan->dst_dev)
		plan->dst_hash = engine_hash_device(d, &p->dst);
	if (plan->src_dev && is_syn(p)) {
		plan->syn = 1;
		plan->peer_hash = engine_hash_peer(d, &p->src, &p->dst);
		plan->svc_hash = engine_hash_svc(
		    d, &p->src, &p->dst, p->proto, flow_port(p));
	}
}

void
detect_prefetch(const struct detect *d, const struct decoded *p,
    struct detect_plan *plan, enum detect_prefetch_step step)
{
	void (*fetch)(const struct btable *, uint64_t) =
	    step == DETECT_PREFETCH_ENTRIES ? btable_prefetch_entry
	                                    : btable_prefetch;

	if (step == DETECT_PREFETCH_BUCKETS)
		plan_of(d, p, plan);
	if (!plan->src_dev && !plan->dst_dev)
		return;
	fetch(&d->flows, plan->flow_hash);
	if (plan->src_dev)
		fetch(&d->devices, plan->src_hash);
	if (plan->dst_dev)
		fetch(&d->devices, plan->dst_hash);
	if (plan->syn) {
		fetch(&d->peers, plan->peer_hash);
		fetch(&d->svcs, plan->svc_hash);
	}
}

void
detect_packet(
    struct detect *d, const struct decoded *p, uint32_t wirelen, uint64_t ts_us)
{
	struct detect_plan plan = {0};

	plan_of(d, p, &plan);
	detect_packet_planned(d, p, &plan, wirelen, ts_us);
}

void
detect_packet_planned(struct detect *d, const struct decoded *p,
    const struct detect_plan *plan, uint32_t wirelen, uint64_t ts_us)
{
	struct packet pk = {p, plan, NULL, NULL, instant_of(ts_us)};
	int answer, kind;

	d->st.packets++;
	d->st.bytes += wirelen;
	if (p->kind == DECODE_ARP) {
		arp_packet(d, p, pk.t);
		return;
	}
	if (p->kind != DECODE_IP) {
		d->st.not_ip++;
		return;
	}
	if (!plan->src_dev && !plan->dst_dev) {
		d->st.no_device++;
		return;
	}
	/* The second lookup must not push out the first, which a full
	 * bucket of devices seen this second would. */
	if (plan->src_dev)
		pk.src = engine_device_hashed(
		    d, &p->src, plan->src_hash, NULL, pk.t);
	if (plan->dst_dev)
		pk.dst = engine_device_hashed(
		    d, &p->dst, plan->dst_hash, pk.src, pk.t);
	/* the sender's MAC first, so that an event this packet raises
	 * names it */
	if (pk.src != NULL && p->has_mac)
		engine_note_mac(pk.src, p->src_mac);
	answer = flow_packet(d, &pk);
	kind = flood_kind_of(p, 1);
	if (kind == FLOOD_UDP && answer)
		kind = -1;
	if (pk.src != NULL)
		engine_volume(
		    d, pk.src, &p->src, &p->dst, 1, wirelen, kind, 1, pk.t);
	if (pk.dst != NULL)
		engine_volume(d, pk.dst, &p->dst, &p->src, 1, wirelen,
		    flood_kind_of(p, 0), 0, pk.t);
}
