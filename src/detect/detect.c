#include "detect/detect_engine.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "detect/detect_arp.h"
#include "detect/detect_beacon.h"
#include "detect/detect_brute.h"
#include "detect/detect_event.h"
#include "detect/detect_flood.h"
#include "detect/detect_scan.h"
#include "detect/detect_smtp.h"
#include "detect/detect_spike.h"

struct dev_key {
	uint8_t addr[16];
	uint8_t family, pad[7];
};

static void
dev_key_of(struct dev_key *k, const struct ipaddr *a)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->addr, a->bytes, 16);
	k->family = (uint8_t)a->family;
}

static void
peer_key_of(struct peer_key *k, const struct ipaddr *dev,
    const struct ipaddr *rem, enum peer_kind kind)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->device, dev->bytes, 16);
	memcpy(k->remote, rem->bytes, 16);
	k->family = (uint8_t)dev->family;
	k->kind = (uint8_t)kind;
}

static void
svc_key_of(struct svc_key *k, const struct ipaddr *dev,
    const struct ipaddr *rem, uint8_t proto, uint16_t port)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->device, dev->bytes, 16);
	memcpy(k->remote, rem->bytes, 16);
	k->family = (uint8_t)dev->family;
	k->proto = proto;
	k->port = port;
}

uint64_t
engine_hash_device(const struct detect *d, const struct ipaddr *a)
{
	struct dev_key k;

	dev_key_of(&k, a);
	return btable_hash(&d->devices, &k);
}

uint64_t
engine_hash_peer(const struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote)
{
	struct peer_key k;

	peer_key_of(&k, dev, remote, PEER_IP);
	return btable_hash(&d->peers, &k);
}

uint64_t
engine_hash_svc(const struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, uint8_t proto, uint16_t port)
{
	struct svc_key k;

	svc_key_of(&k, dev, remote, proto, port);
	return btable_hash(&d->svcs, &k);
}

static void
device_net_of(struct device_net *n, const struct cidr *c)
{
	uint8_t mask[16] = {0}, net[16];

	for (unsigned b = 0; b < c->prefix && b < 128; b++)
		mask[b / 8] |= (uint8_t)(0x80 >> (b % 8));
	for (unsigned i = 0; i < 16; i++)
		net[i] = c->net.bytes[i] & mask[i];
	memcpy(n->net, net, 16);
	memcpy(n->mask, mask, 16);
	n->family = c->net.family;
	n->has_broadcast = c->net.family == AF_INET && c->prefix < 31;
	for (unsigned i = 0; i < 4; i++)
		net[i] |= (uint8_t)~mask[i];
	memcpy(&n->broadcast, net, 4);
}

/* From the kernel; should it have none to give (early at boot), the
 * clock and the process id, which an outsider does not see either. */
static uint64_t
random_seed(void)
{
	uint64_t seed = 0;
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == sizeof(seed) &&
	    seed != 0)
		return seed;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_nsec << 32 ^ (uint64_t)ts.tv_sec ^
	           (uint64_t)getpid() << 16) |
	       1;
}

struct detect *
detect_new(const struct detect_conf *c, detect_emit_fn emit, void *arg)
{
	struct detect *d = calloc(1, sizeof(*d));
	uint64_t seed;
	uint32_t svc_idle;

	/* What detect_conf_set() refuses, refused here too for a caller
	 * that fills the struct itself (a beacon's spread needs 2 intervals).
	 */
	if (d == NULL || c->window_s == 0 || c->spike_window_s == 0 ||
	    c->flood_seconds == 0 || c->beacon_count < 2) {
		free(d);
		return NULL;
	}
	d->c = *c;
	for (size_t i = 0; i < c->n_devices; i++)
		device_net_of(&d->nets[i], &c->devices[i]);
	d->emit = emit;
	d->arg = arg;
	/* A service's state must outlive the longest beacon period; a
	 * device's its baseline's windows. */
	svc_idle = c->beacon_max_period_s > c->window_s ? c->beacon_max_period_s
	                                                : c->window_s;
	if (btable_init(&d->flows, c->max_flows, sizeof(struct flow_key),
	        sizeof(struct flow_state), c->flow_idle_s) < 0 ||
	    btable_init(&d->devices, c->max_devices, sizeof(struct dev_key),
	        sizeof(struct dev_state), 7 * 86400) < 0 ||
	    btable_init(&d->peers, c->max_peers, sizeof(struct peer_key),
	        sizeof(struct peer_state), c->window_s) < 0 ||
	    btable_init(&d->svcs, c->max_peers, sizeof(struct svc_key),
	        sizeof(struct svc_state), svc_idle + 60) < 0) {
		detect_free(d);
		return NULL;
	}
	/* what a device's packets touch comes first in its state */
	d->devices.hot_size = offsetof(struct dev_state, fired);
	seed = c->table_seed != 0 ? c->table_seed : random_seed();
	d->flows.seed = seed;
	d->devices.seed = seed ^ 0x5bd1e9955bd1e995ULL;
	d->peers.seed = seed ^ 0xc2b2ae3d27d4eb4fULL;
	d->svcs.seed = seed ^ 0x165667b19e3779f9ULL;
	return d;
}

size_t
detect_memory(const struct detect_conf *c)
{
	return btable_bytes_for(c->max_flows, sizeof(struct flow_key),
	           sizeof(struct flow_state)) +
	       btable_bytes_for(c->max_devices, sizeof(struct dev_key),
	           sizeof(struct dev_state)) +
	       btable_bytes_for(c->max_peers, sizeof(struct peer_key),
	           sizeof(struct peer_state)) +
	       btable_bytes_for(c->max_peers, sizeof(struct svc_key),
	           sizeof(struct svc_state));
}

void
detect_free(struct detect *d)
{
	if (d == NULL)
		return;
	btable_free(&d->flows);
	btable_free(&d->devices);
	btable_free(&d->peers);
	btable_free(&d->svcs);
	free(d);
}

void
detect_get_stats(const struct detect *d, struct detect_stats *out)
{
	*out = d->st;
	out->flows_evicted = d->flows.evicted;
	out->peers_evicted = d->peers.evicted + d->svcs.evicted;
	out->devices_evicted = d->devices.evicted;
	out->table_seed = d->flows.seed;
	out->memory = btable_bytes(&d->flows) + btable_bytes(&d->devices) +
	              btable_bytes(&d->peers) + btable_bytes(&d->svcs);
}

struct instant
instant_of(uint64_t ts_us)
{
	struct instant t = {ts_us, (uint32_t)(ts_us / 1000000)};

	return t;
}

int
engine_is_device(const struct detect *d, const struct ipaddr *a)
{
	uint64_t w[2];

	memcpy(w, a->bytes, 16);
	for (size_t i = 0; i < d->c.n_devices; i++) {
		const struct device_net *n = &d->nets[i];

		if (n->family == a->family &&
		    (w[0] & n->mask[0]) == n->net[0] &&
		    (w[1] & n->mask[1]) == n->net[1])
			return 1;
	}
	return 0;
}

int
detect_is_device(const struct detect *d, const struct ipaddr *a)
{
	return engine_is_device(d, a);
}

int
engine_is_group(const struct detect *d, const struct ipaddr *a)
{
	uint32_t w;

	if (a->family == AF_INET6)
		return a->bytes[0] == 0xff;
	if (a->bytes[0] >= 224)
		return 1; /* multicast, reserved, limited broadcast */
	if (a->family != AF_INET)
		return 0;
	/* a device network's own broadcast address (all host bits set) */
	memcpy(&w, a->bytes, 4);
	for (size_t i = 0; i < d->c.n_devices; i++)
		if (d->nets[i].has_broadcast && d->nets[i].broadcast == w)
			return 1;
	return 0;
}

/* A window's id comes from one count for all devices: a device's state
 * lost to eviction and made anew must not take up an id its peers and
 * services still hold from before (they would count as this window's). */
static void
dev_roll(struct detect *d, struct dev_state *v, uint64_t ts_us)
{
	if (++d->window_seq == 0)
		d->window_seq = 1; /* 0: a peer never touched */
	v->window_id = d->window_seq;
	v->window_start_us = ts_us;
	v->fired = 0;
	v->hosts = v->hosts_answered = 0;
	v->attempts = v->mirai = 0;
	v->arp_targets = v->arp_answered = 0;
	v->n_samples = v->next_sample = 0;
	v->has_mac = v->macs_differ = 0;
}

/* The device's state at t. A step back of more than a window is a file
 * read out of order or a clock step: a new window. What counts is when
 * the traffic was last alive (until): a packet's own time, but a flow
 * record's end. Zeek writes a record when its connection ends, stamped
 * with its start, so a long connection's record comes hours after
 * records stamped later; it counts in the window it reaches into, while
 * a record far behind (after one stamped far ahead, a clock step) starts
 * the window again. */
static struct dev_state *
device_at(struct detect *d, const struct ipaddr *a, uint64_t hash,
    const struct dev_state *keep, struct instant t, uint64_t until, int record)
{
	uint64_t len = d->c.window_s * 1000000ULL;
	struct dev_key k;
	struct dev_state *v;
	int created;

	dev_key_of(&k, a);
	v = btable_get_hashed(&d->devices, hash, &k, t.sec, &created, keep);
	if (created || t.us >= v->window_start_us + len ||
	    until + len < v->window_start_us)
		dev_roll(d, v, t.us);
	if (created || t.us < v->first_us)
		v->first_us = t.us;
	if (!record || t.us > v->last_us)
		v->last_us =
		    t.us; /* a record's: the latest, as they come late */
	return v;
}

struct dev_state *
engine_device_hashed(struct detect *d, const struct ipaddr *a, uint64_t hash,
    const struct dev_state *keep, struct instant t)
{
	return device_at(d, a, hash, keep, t, t.us, 0);
}

struct dev_state *
engine_device_record(struct detect *d, const struct ipaddr *a,
    const struct dev_state *keep, struct instant t, uint64_t end_us)
{
	return device_at(d, a, engine_hash_device(d, a), keep, t,
	    end_us > t.us ? end_us : t.us, 1);
}

struct dev_state *
engine_device(struct detect *d, const struct ipaddr *a, struct instant t)
{
	return engine_device_hashed(d, a, engine_hash_device(d, a), NULL, t);
}

/* The entry of key in t, by its hash when the caller worked it out
 * ahead (hash not NULL). */
static void *
get_keyed(
    struct btable *t, const void *key, const uint64_t *hash, struct instant at)
{
	int created;

	return btable_get_hashed(t, hash != NULL ? *hash : btable_hash(t, key),
	    key, at.sec, &created, NULL);
}

static struct peer_state *
peer_get(struct detect *d, const struct ipaddr *dev, const struct ipaddr *rem,
    enum peer_kind kind, const uint64_t *hash, struct instant t)
{
	struct peer_key k;

	peer_key_of(&k, dev, rem, kind);
	return get_keyed(&d->peers, &k, hash, t);
}

struct peer_state *
engine_peer(struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *rem, enum peer_kind kind, struct instant t)
{
	return peer_get(d, dev, rem, kind, NULL, t);
}

static struct svc_state *
svc_get(struct detect *d, const struct ipaddr *dev, const struct ipaddr *rem,
    uint8_t proto, uint16_t port, const uint64_t *hash, struct instant t)
{
	struct svc_key k;

	svc_key_of(&k, dev, rem, proto, port);
	return get_keyed(&d->svcs, &k, hash, t);
}

static int
enabled(const struct detect *d, enum detect_type type)
{
	return !(d->c.disabled & (1u << type));
}

/* The level an event fires again at: twice this one, or never for one
 * past half the counters' range. */
static uint32_t
doubled(uint32_t level)
{
	return level > UINT32_MAX / 2 ? UINT32_MAX : level * 2;
}

/* Send the event filled in d->ev: once per device and type in a window,
 * and again each time its level doubles. */
static void
fire(struct detect *d, struct dev_state *dev, const struct ipaddr *device,
    struct instant t)
{
	enum detect_type type = d->ev.type;

	/* Detectors with no level keep their own count of what fired. */
	if (d->ev.level != 0 && (dev->fired & (1u << type)) &&
	    d->ev.level < dev->next_level[type])
		return;
	dev->next_level[type] = doubled(d->ev.level);
	if (type == DT_SCAN_VERTICAL)
		memcpy(dev->vscan_host, d->ev.target.bytes, 16);
	if (type == DT_BRUTE_FORCE) {
		memcpy(dev->brute_host, d->ev.target.bytes, 16);
		dev->brute_port = d->ev.target_port;
	}
	dev->fired |= 1u << d->ev.type;
	dev->fired_ever |= 1u << d->ev.type;
	d->ev.device = *device;
	d->ev.window_end_us = t.us;
	d->ev.has_mac = dev->has_mac;
	d->ev.macs_differ = dev->macs_differ;
	memcpy(d->ev.mac, dev->mac, 6);
	d->st.events++;
	d->emit(d->arg, &d->ev);
}

/* A new window for the peer and the service when this is the device's
 * first contact with them in its window. */
int
engine_peer_touch(struct peer_state *p, const struct dev_state *dev)
{
	if (p->window_id == dev->window_id)
		return 0;
	p->window_id = dev->window_id;
	p->answered = 0;
	p->ports = p->ports_answered = 0;
	return 1;
}

static int
svc_touch(struct svc_state *s, const struct dev_state *dev)
{
	if (s->window_id == dev->window_id)
		return 0;
	s->window_id = dev->window_id;
	s->answered = 0;
	s->sessions = s->refused = 0;
	return 1;
}

void
engine_flow_begin(
    struct detect *d, const struct flow_start *f, struct instant t)
{
	struct dev_state *dev = f->dev;
	const struct ipaddr *resp = f->remote;
	struct peer_state *peer;
	struct svc_state *svc;
	struct detect_sample s = {*resp, f->port, f->proto, t.us};
	int new_host, new_port, mirai, group;

	peer = peer_get(
	    d, f->device, resp, PEER_IP, f->hashed ? &f->peer_hash : NULL, t);
	svc = svc_get(d, f->device, resp, f->proto, f->port,
	    f->hashed ? &f->svc_hash : NULL, t);
	new_host = engine_peer_touch(peer, dev);
	new_port = svc_touch(svc, dev);
	mirai = f->is_syn && resp->family == AF_INET &&
	        f->seq == ((uint32_t)resp->bytes[0] << 24 |
	                      (uint32_t)resp->bytes[1] << 16 |
	                      (uint32_t)resp->bytes[2] << 8 | resp->bytes[3]);
	group = engine_is_group(d, resp);
	dev->flows_out++;
	if (f->proto == 6 && svc->login == LOGIN_NONE)
		svc->login = (uint8_t)brute_port_login(&d->c, f->port);
	if (!group) {
		scan_attempt(dev, peer, new_host, new_port, mirai, &s);
		if (enabled(d, DT_SCAN_HORIZONTAL) &&
		    scan_horizontal(&d->c, dev, &d->ev))
			fire(d, dev, f->device, t);
		if (enabled(d, DT_SCAN_VERTICAL) &&
		    scan_vertical(&d->c, dev, peer, resp, &d->ev))
			fire(d, dev, f->device, t);
	}
	if (!group && !f->remote_is_device &&
	    !beacon_ignored_port(&d->c, f->port) && enabled(d, DT_BEACONING) &&
	    beacon_flow(&d->c, dev, svc, t.us, &d->ev)) {
		d->ev.has_target = 1;
		d->ev.target = *resp;
		d->ev.target_port = f->port;
		fire(d, dev, f->device, t);
	}
}

void
engine_check_arp(struct detect *d, struct dev_state *dev,
    const struct ipaddr *device, struct instant t)
{
	if (enabled(d, DT_ARP_SWEEP) && arp_sweep(&d->c, dev, &d->ev))
		fire(d, dev, device, t);
}

static void
check_brute(struct detect *d, struct dev_state *dev, struct svc_state *svc,
    const struct ipaddr *ini, const struct ipaddr *resp, uint16_t port,
    struct instant t)
{
	if (enabled(d, DT_BRUTE_FORCE) &&
	    brute_force(&d->c, dev, svc, resp, port, &d->ev))
		fire(d, dev, ini, t);
}

void
engine_flow_accepted(struct detect *d, const struct ipaddr *ini,
    const struct ipaddr *resp, uint8_t proto, uint16_t port, struct instant t)
{
	struct dev_state *dev = engine_device_find(d, ini, t);
	struct peer_state *peer =
	    dev == NULL ? NULL : engine_peer_find(d, ini, resp, PEER_IP, t);
	struct svc_key k;
	struct svc_state *svc;
	int first_host = 0, first_port = 0;

	/* Only an answer to an attempt the tables still hold counts: one
	 * whose state was evicted creates none (it would start from a
	 * window of its own and count as unanswered). */
	svc_key_of(&k, ini, resp, proto, port);
	svc = peer == NULL ? NULL : btable_find(&d->svcs, &k, t.sec);
	if (svc == NULL)
		return;
	/* An answer to an attempt of an earlier window is not counted. */
	if (peer->window_id == dev->window_id && !peer->answered) {
		peer->answered = 1;
		first_host = 1;
	}
	if (svc->window_id == dev->window_id && !svc->answered) {
		svc->answered = 1;
		first_port = 1;
	}
	scan_accepted(dev, peer, first_host, first_port);
	/* A session of this window's attempts only: an answer to one of an
	 * earlier window would start the new window's count with the old
	 * one's (the device's window may have been rolled by this very
	 * answer, looked up before its flow). */
	if (proto != 6 || svc->window_id != dev->window_id)
		return;
	svc->sessions++;
	check_brute(d, dev, svc, ini, resp, port, t);
}

void
engine_flow_service(struct detect *d, struct dev_state *dev,
    const struct ipaddr *ini, const struct ipaddr *resp, uint16_t port,
    int login, int refused, int smtp, struct instant t)
{
	struct svc_state *svc = svc_get(d, ini, resp, 6, port, NULL, t);

	svc_touch(svc, dev);
	if (login != LOGIN_NONE &&
	    (svc->login == LOGIN_NONE || svc->login == LOGIN_PORT))
		svc->login = (uint8_t)login;
	if (refused)
		svc->refused++;
	if (login != LOGIN_NONE)
		check_brute(d, dev, svc, ini, resp, port, t);
	if (smtp && !(dev->fired_ever & (1u << DT_SMTP)) &&
	    enabled(d, DT_SMTP)) {
		smtp_fill(&d->ev, dev, resp, port);
		fire(d, dev, ini, t);
	}
}

void
engine_note_mac(struct dev_state *dev, const uint8_t mac[6])
{
	if (!dev->has_mac)
		memcpy(dev->mac, mac, 6);
	else if (memcmp(dev->mac, mac, 6) != 0)
		dev->macs_differ = 1;
	dev->has_mac = 1;
}

struct dev_state *
engine_device_find(struct detect *d, const struct ipaddr *a, struct instant t)
{
	struct dev_key k;
	struct dev_state *v;

	dev_key_of(&k, a);
	v = btable_find(&d->devices, &k, t.sec);
	if (v == NULL ||
	    t.us >= v->window_start_us + d->c.window_s * 1000000ULL)
		return NULL;
	return v;
}

struct peer_state *
engine_peer_find(struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *rem, enum peer_kind kind, struct instant t)
{
	struct peer_key k;

	peer_key_of(&k, dev, rem, kind);
	return btable_find(&d->peers, &k, t.sec);
}

void
engine_volume(struct detect *d, struct dev_state *dev,
    const struct ipaddr *device, const struct ipaddr *remote, uint64_t packets,
    uint64_t bytes, int kind, int outbound, struct instant t)
{
	enum detect_type type = outbound ? DT_FLOOD_OUT : DT_FLOOD_IN;
	struct rate *r;

	if (outbound) {
		dev->packets_out += packets;
		dev->bytes_out += bytes;
	} else {
		dev->packets_in += packets;
		dev->bytes_in += bytes;
	}
	/* What the device sends, only: anyone can send it bytes. */
	if (outbound && !(d->c.disabled & (1u << DT_TRAFFIC_SPIKE)) &&
	    spike_add(&d->c, dev, bytes, t.us, &d->ev))
		fire(d, dev, device, t);
	if (kind < 0)
		return;
	r = outbound ? &dev->flood_out[kind] : &dev->flood_in[kind];
	if (flood_count(r, t.sec, flood_threshold(&d->c, (enum flood_kind)kind),
	        d->c.flood_seconds) &&
	    enabled(d, type)) {
		flood_fill(&d->ev, type, dev, r, (enum flood_kind)kind,
		    d->c.flood_seconds);
		if (outbound) {
			d->ev.has_target = 1;
			d->ev.target = *remote;
		}
		fire(d, dev, device, t);
	}
}

struct foreach_ctx {
	void (*fn)(const struct detect_device *dev, void *arg);
	void *arg;
};

static void
device_of(const void *key, void *val, void *arg)
{
	const struct dev_key *k = key;
	const struct dev_state *v = val;
	struct foreach_ctx *ctx = arg;
	struct detect_device out = {
	    .first_us = v->first_us,
	    .last_us = v->last_us,
	    .packets_out = v->packets_out,
	    .packets_in = v->packets_in,
	    .bytes_out = v->bytes_out,
	    .bytes_in = v->bytes_in,
	    .flows_out = v->flows_out,
	    .flows_in = v->flows_in,
	    .types = v->fired_ever,
	};

	out.addr.family = k->family;
	memcpy(out.addr.bytes, k->addr, 16);
	ctx->fn(&out, ctx->arg);
}

void
detect_foreach_device(const struct detect *d,
    void (*fn)(const struct detect_device *dev, void *arg), void *arg)
{
	struct foreach_ctx ctx = {fn, arg};

	/* every device the table holds, however long ago it was seen: the
	 * latest time of the input is no clock to age them by, as one record
	 * stamped far ahead would make all the others look idle */
	btable_foreach(&d->devices, 0, device_of, &ctx);
}

/* The detector of type again on dev's state as it is now: 1 and d->ev
 * filled when it still fires. */
static int
recheck(struct detect *d, const struct ipaddr *addr, struct dev_state *dev,
    enum detect_type type)
{
	struct ipaddr host = {.family = addr->family};
	/* as of the device's last packet: its peers may have gone idle
	 * since, in a capture that went on without it */
	uint32_t now = (uint32_t)(dev->last_us / 1000000);
	struct peer_key pk;
	struct svc_key sk;
	const struct peer_state *peer;
	const struct svc_state *svc;

	switch (type) {
	case DT_SCAN_HORIZONTAL:
		return scan_horizontal(&d->c, dev, &d->ev);
	case DT_ARP_SWEEP:
		return arp_sweep(&d->c, dev, &d->ev);
	case DT_SCAN_VERTICAL:
		memset(&pk, 0, sizeof(pk));
		memcpy(pk.device, addr->bytes, 16);
		memcpy(pk.remote, dev->vscan_host, 16);
		pk.family = (uint8_t)addr->family;
		pk.kind = PEER_IP;
		memcpy(host.bytes, dev->vscan_host, 16);
		peer = btable_find(&d->peers, &pk, now);
		return peer != NULL && peer->window_id == dev->window_id &&
		       scan_vertical(&d->c, dev, peer, &host, &d->ev);
	case DT_BRUTE_FORCE:
		memset(&sk, 0, sizeof(sk));
		memcpy(sk.device, addr->bytes, 16);
		memcpy(sk.remote, dev->brute_host, 16);
		sk.family = (uint8_t)addr->family;
		sk.proto = 6;
		sk.port = dev->brute_port;
		memcpy(host.bytes, dev->brute_host, 16);
		svc = btable_find(&d->svcs, &sk, now);
		return svc != NULL && svc->window_id == dev->window_id &&
		       brute_force(
		           &d->c, dev, svc, &host, dev->brute_port, &d->ev);
	default:
		return 0;
	}
}

static void
flush_device(const void *key, void *val, void *arg)
{
	static const enum detect_type growing[] = {
	    DT_SCAN_HORIZONTAL, DT_SCAN_VERTICAL, DT_ARP_SWEEP, DT_BRUTE_FORCE};
	const struct dev_key *k = key;
	struct dev_state *dev = val;
	struct detect *d = arg;
	struct ipaddr addr = {.family = k->family};

	memcpy(addr.bytes, k->addr, 16);
	for (size_t i = 0; i < sizeof(growing) / sizeof(growing[0]); i++) {
		enum detect_type t = growing[i];

		if (!(dev->fired & (1u << t)) || !recheck(d, &addr, dev, t) ||
		    d->ev.level <= dev->next_level[t] / 2)
			continue;
		dev->next_level[t] = doubled(d->ev.level);
		d->ev.device = addr;
		d->ev.window_end_us = dev->last_us;
		d->ev.has_mac = dev->has_mac;
		d->ev.macs_differ = dev->macs_differ;
		memcpy(d->ev.mac, dev->mac, 6);
		d->st.events++;
		d->emit(d->arg, &d->ev);
	}
}

void
detect_flush(struct detect *d)
{
	btable_foreach(&d->devices, 0, flush_device, d); /* every device */
}
