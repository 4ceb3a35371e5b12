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

struct detect {
	struct detect_conf c;
	detect_emit_fn emit;
	void *arg;
	struct btable flows, devices, peers, svcs;
	struct detect_stats st;
	struct detection ev; /* the event being filled */
	uint32_t last_sec;   /* the latest second seen, to age the tables */
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
/* Prefetch the buckets a packet of dev will look up: its state, and when
 * the packet begins a flow (attempt), its peer and service. */
void engine_prefetch(const struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, uint8_t proto, uint16_t port, int attempt);
struct peer_state *engine_peer(struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, enum peer_kind kind, struct instant t);
/* 1 when this is the device's first contact with the peer in its window
 * (the peer's counters then start again). */
int engine_peer_touch(struct peer_state *p, const struct dev_state *dev);
/* Fire the ARP sweep detector if the device's window shows one. */
void engine_check_arp(struct detect *d, struct dev_state *dev,
    const struct ipaddr *device, struct instant t);

/* The device ini started a flow to resp (port: the responder's; TCP SYN
 * sequence number in seq when is_syn). */
void engine_flow_begin(struct detect *d, const struct ipaddr *ini,
    const struct ipaddr *resp, uint8_t proto, uint16_t port, int is_syn,
    uint32_t seq, struct instant t);
/* The responder accepted that flow. */
void engine_flow_accepted(struct detect *d, const struct ipaddr *ini,
    const struct ipaddr *resp, uint8_t proto, uint16_t port, struct instant t);
/* What the responder turned out to be: enum svc_login, whether it refused
 * a login, whether it greeted in SMTP. */
void engine_flow_service(struct detect *d, const struct ipaddr *ini,
    const struct ipaddr *resp, uint16_t port, int login, int refused, int smtp,
    struct instant t);
/* A remote host started a flow to the device. */
void engine_flow_inbound(
    struct detect *d, const struct ipaddr *device, struct instant t);
/* Bytes to or from a device, and a packet of flood kind k (or -1). */
void engine_volume(struct detect *d, const struct ipaddr *device,
    const struct ipaddr *remote, uint64_t packets, uint64_t bytes, int kind,
    int outbound, struct instant t);
/* The link-layer source of a packet the device sent. */
void engine_note_mac(struct detect *d, const struct ipaddr *device,
    const uint8_t mac[6], struct instant t);
/* The device's state, or its peer's, when the table holds them (in the
 * device's current window); NULL otherwise, and nothing created. */
struct dev_state *engine_device_find(
    struct detect *d, const struct ipaddr *a, struct instant t);
struct peer_state *engine_peer_find(struct detect *d, const struct ipaddr *dev,
    const struct ipaddr *remote, enum peer_kind kind, struct instant t);

#endif
