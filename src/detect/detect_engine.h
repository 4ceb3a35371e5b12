/*
 * The engine's insides, shared by its two inputs: packets
 * (detect_packet.c) and flow records (detect_conn.c). Both describe the
 * same few things to the detectors: a flow the device started, the
 * responder accepting it, the service it turned out to be, bytes moved
 * and packets that may be a flood.
 */
#ifndef AIRLOCK_DETECT_ENGINE_H
#define AIRLOCK_DETECT_ENGINE_H

#include "detect/btable.h"
#include "detect/detect_state.h"

/* A device network as two masked words, so that telling whether an
 * address is a device, which every packet asks several times, is a few
 * instructions rather than a byte-wise prefix walk. */
struct device_net {
	uint64_t net[2], mask[2];
	int family;
	/* an IPv4 network's broadcast address, its first four bytes as they
	 * lie in memory; has_broadcast is 0 for IPv6 and /31 or /32 */
	uint32_t broadcast;
	int has_broadcast;
};

struct detect {
	struct detect_conf c;
	struct device_net nets[DETECT_NETS_MAX];
	detect_emit_fn emit;
	void *arg;
	struct btable flows, devices, peers, svcs;
	struct detect_stats st;
	struct detection ev; /* the event being filled */
	uint32_t window_seq; /* the last window id given (dev_roll) */
};

/* One instant: microseconds, and the second the tables are aged by. */
struct instant {
	uint64_t us;
	uint32_t sec;
};

struct instant instant_of(uint64_t ts_us);
int engine_is_device(const struct detect *d, const struct ipaddr *a);
/* Multicast, broadcast, or a device network's broadcast address. */
int engine_is_group(const struct detect *d, const struct ipaddr *a);
struct dev_state *engine_device(
    struct detect *d, const struct ipaddr *a, struct instant t);
/* engine_device() with the key's hash worked out ahead (engine_hash_*),
 * never reusing the state keep (a device the caller still holds). */
struct dev_state *engine_device_hashed(struct detect *d, const struct ipaddr *a,
    uint64_t hash, const struct dev_state *keep, struct instant t);
/* The same for a flow record stamped t that lasted until end_us, which
 * may come later than records stamped after it: one whose connection
 * reached into the device's window counts in it. */
struct dev_state *engine_device_record(struct detect *d, const struct ipaddr *a,
    const struct dev_state *keep, struct instant t, uint64_t end_us);
/* The hashes of the engine's lookups, for a caller that prefetches. */
uint64_t engine_hash_device(const struct detect *d, const struct ipaddr *a);
uint64_t engine_hash_peer(const struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote);
uint64_t engine_hash_svc(const struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, uint8_t proto, uint16_t port);
struct peer_state *engine_peer(struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, enum peer_kind kind, struct instant t);
/* 1 when this is the device's first contact with the peer in its window
 * (the peer's counters then start again). */
int engine_peer_touch(struct peer_state *p, const struct dev_state *dev);
/* Fire the ARP sweep detector if the device's window shows one. */
void engine_check_arp(struct detect *d, struct dev_state *dev,
    const struct ipaddr *device, struct instant t);

/* A flow a device started, as told to engine_flow_begin(). */
struct flow_start {
	struct dev_state *dev;
	const struct ipaddr *device, *remote;
	int remote_is_device;
	uint8_t proto;
	uint16_t port; /* the responder's */
	int is_syn;
	uint32_t seq; /* the SYN's sequence number */
	int hashed;   /* the two hashes worked out ahead */
	uint64_t peer_hash, svc_hash;
};
void engine_flow_begin(
    struct detect *d, const struct flow_start *f, struct instant t);
/* The responder accepted a flow the device ini started. */
void engine_flow_accepted(struct detect *d, const struct ipaddr *ini,
    const struct ipaddr *resp, uint8_t proto, uint16_t port, struct instant t);
/* What the responder turned out to be: enum svc_login, whether it refused
 * a login, whether it greeted in SMTP. */
void engine_flow_service(struct detect *d, struct dev_state *dev,
    const struct ipaddr *ini, const struct ipaddr *resp, uint16_t port,
    int login, int refused, int smtp, struct instant t);
/* Bytes to or from a device, and a packet of flood kind k (or -1). */
void engine_volume(struct detect *d, struct dev_state *dev,
    const struct ipaddr *device, const struct ipaddr *remote, uint64_t packets,
    uint64_t bytes, int kind, int outbound, struct instant t);
/* The link-layer source of a packet the device sent. */
void engine_note_mac(struct dev_state *dev, const uint8_t mac[6]);
/* The device's state, or its peer's, when the table holds them (in the
 * device's current window); NULL otherwise, and nothing created. */
struct dev_state *engine_device_find(
    struct detect *d, const struct ipaddr *a, struct instant t);
struct peer_state *engine_peer_find(struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, enum peer_kind kind, struct instant t);

#endif
