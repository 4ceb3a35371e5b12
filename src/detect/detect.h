/*
 * Compromise detection from traffic: the engine that turns packets (or
 * flow records) into per-device state and events. Pure: no I/O, no
 * globals, no allocation after detect_new(); every table is bounded
 * (btable.h), so memory stays flat under a flood of unique flows.
 *
 * A device is an address inside one of the configured device networks.
 * Only traffic with a device at one end is looked at. Each detector is a
 * module of its own (detect_*.c) with its reasoning in its header; the
 * thresholds are in struct detect_conf and docs/detection.md.
 */
#ifndef AIRLOCK_DETECT_H
#define AIRLOCK_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/severity.h"

#define DETECT_NETS_MAX 64 /* as many as device-network lines */
#define DETECT_SAMPLES 4   /* sample flows an event carries */
#define DETECT_PORTS_MAX 16

enum detect_type {
	DT_SCAN_HORIZONTAL,
	DT_SCAN_VERTICAL,
	DT_ARP_SWEEP,
	DT_BRUTE_FORCE,
	DT_SMTP,
	DT_FLOOD_OUT,
	DT_FLOOD_IN,
	DT_TRAFFIC_SPIKE,
	DT_BEACONING,
	DT_COUNT
};

/* The event type's name ("scan_horizontal"...), and the provisions it
 * concerns (ETSI EN 303 645, GSMA). */
const char *detect_type_name(enum detect_type t);
const char *detect_type_clause(enum detect_type t);
/* -1 for a name that is not a type. */
int detect_type_parse(const char *name, enum detect_type *out);

struct detect_conf {
	struct cidr devices[DETECT_NETS_MAX];
	size_t n_devices;

	/* Table sizes (entries) and how long an idle flow is kept. */
	size_t max_flows, max_devices, max_peers;
	uint32_t flow_idle_s;

	/* Scans, sweeps and brute force are counted in windows of this many
	 * seconds, per device. */
	uint32_t window_s;
	uint32_t scan_hosts;     /* distinct remote hosts that did not answer */
	uint32_t scan_ports;     /* distinct ports of one host, not answered */
	uint32_t arp_targets;    /* distinct addresses asked for, unanswered */
	uint32_t brute_sessions; /* sessions to one login service */
	uint16_t login_ports[DETECT_PORTS_MAX];
	size_t n_login_ports;
	uint16_t smtp_ports[DETECT_PORTS_MAX];
	size_t n_smtp_ports;

	/* Packets per second, averaged over flood_seconds. */
	uint32_t flood_syn_pps, flood_udp_pps, flood_icmp_pps;
	uint32_t flood_seconds;

	/* Bytes per spike_window_s against the device's own average. */
	uint32_t spike_window_s;
	uint32_t spike_learn;  /* windows before a baseline is trusted */
	uint32_t spike_factor; /* times the baseline */
	uint64_t spike_min_bytes;

	/* New flows to one service at a steady period. */
	uint32_t beacon_count;        /* intervals needed */
	uint32_t beacon_min_period_s; /* shorter is a burst, not a beacon */
	uint32_t beacon_max_period_s;
	uint32_t beacon_jitter_pct; /* spread allowed, % of the period */
	uint16_t beacon_ignore_ports[DETECT_PORTS_MAX];
	size_t n_beacon_ignore_ports;

	uint32_t disabled; /* bit (1 << enum detect_type) per detector off */
	/* The tables' hash seed; 0 (the default) for a random one, so that
	 * nobody outside can choose addresses that share a bucket. A fixed
	 * one makes two engines fed the same packets evict alike (tests). */
	uint64_t table_seed;
};

/* The documented defaults (docs/detection.md); no device network. */
void detect_conf_defaults(struct detect_conf *c);
/* Set one setting by name, as airlockd.conf's `detect NAME VALUE` and
 * analyze's --set NAME=VALUE say it ("scan-hosts", "login-ports",
 * "off"...): -1 with the reason in err. */
int detect_conf_set(struct detect_conf *c, const char *name, const char *value,
    char *err, size_t errlen);
/* The device networks; -1 with the reason in err for a bad one or too
 * many. */
int detect_conf_add_devices(
    struct detect_conf *c, const char *cidr, char *err, size_t errlen);
/* Whether port is among the first n of a setting's list of ports. */
int detect_port_listed(
    const uint16_t list[DETECT_PORTS_MAX], size_t n, uint16_t port);

struct detect_sample {
	struct ipaddr remote;
	uint16_t port;
	uint8_t proto;
	uint64_t ts_us;
};

/* One event. Which counters mean something depends on the type;
 * detect_evidence_json() writes those. */
struct detection {
	enum detect_type type;
	enum event_severity severity;
	/* How far it went (hosts, ports, sessions, seconds): the same device
	 * and type fire again in a window only once this has doubled. 0 for
	 * the detectors that fire once. */
	uint32_t level;
	struct ipaddr device;
	uint64_t window_start_us, window_end_us;

	uint64_t count;        /* attempts, sessions, packets or bytes */
	uint32_t hosts, ports; /* distinct remote hosts, ports */
	uint32_t answered;     /* of those, how many answered */
	uint32_t mirai;        /* SYNs whose sequence number is the dst */
	uint32_t rate;         /* packets/s at the peak second */
	uint32_t seconds;      /* the window count was taken in */
	uint64_t baseline;     /* bytes per window, the device's average */
	uint32_t period_ms, jitter_ms;
	const char *service;     /* "ssh", "telnet", "http", "smtp"... */
	const char *packet_kind; /* floods: "syn", "udp", "icmp" */
	int has_target;
	struct ipaddr target;
	uint16_t target_port;
	struct detect_sample samples[DETECT_SAMPLES];
	unsigned n_samples;
	/* The MAC the device's packets came from in the window, and whether
	 * more than one did (someone else sent in its name): the response
	 * checks it against a LAN device's bound MAC before acting. */
	int has_mac, macs_differ;
	uint8_t mac[6];
};

typedef void (*detect_emit_fn)(void *arg, const struct detection *ev);

struct detect;

struct detect_stats {
	uint64_t packets, bytes;
	uint64_t not_ip;    /* neither IP nor ARP */
	uint64_t no_device; /* no device at either end */
	uint64_t flows;     /* flows created */
	uint64_t flows_evicted, peers_evicted, devices_evicted;
	uint64_t events;
	size_t memory;       /* bytes held by the tables */
	uint64_t table_seed; /* the tables' hash seed (never 0) */
};

/* The bytes of the tables detect_new(c) claims, whole, at start (every
 * page is written then): for the caller to check against the memory
 * there is before it asks. */
size_t detect_memory(const struct detect_conf *c);
/* NULL when memory runs out or the configuration is impossible. */
struct detect *detect_new(
    const struct detect_conf *c, detect_emit_fn emit, void *arg);
void detect_free(struct detect *d);

struct decoded;
struct conn_record;

/* One packet as decode.h decoded it; wirelen is its length on the wire. */
void detect_packet(struct detect *d, const struct decoded *p, uint32_t wirelen,
    uint64_t ts_us);
/* A reader that decodes packets a little ahead of the engine can hide
 * most of the memory's latency: detect_prefetch() with the step BUCKETS
 * works out a packet's plan (whether its ends are devices, the hashes of
 * the table lookups it will make) and starts loading the tables' buckets;
 * a few packets later, the step ENTRIES starts loading the entries those
 * buckets point to; a few packets later still, detect_packet_planned()
 * processes the packet with its plan, finding its memory in the cache.
 * The plan's fields are the engine's own. */
/* One flow, both directions; a is the lower (address, port). */
struct flow_key {
	uint8_t a[16], b[16];
	uint16_t port_a, port_b;
	uint8_t family, proto, pad[2];
};
struct detect_plan {
	struct flow_key flow; /* when an end is a device */
	uint64_t flow_hash, src_hash, dst_hash, peer_hash, svc_hash;
	uint8_t src_dev, dst_dev; /* which ends are devices */
	uint8_t from_a;           /* the packet's source is the flow's side a */
	uint8_t syn; /* a device's SYN: peer and svc are worked out */
};
enum detect_prefetch_step { DETECT_PREFETCH_BUCKETS, DETECT_PREFETCH_ENTRIES };
void detect_prefetch(const struct detect *d, const struct decoded *p,
    struct detect_plan *plan, enum detect_prefetch_step step);
void detect_packet_planned(struct detect *d, const struct decoded *p,
    const struct detect_plan *plan, uint32_t wirelen, uint64_t ts_us);
/* One flow record (a Zeek conn.log line). */
void detect_conn(struct detect *d, const struct conn_record *r);
void detect_get_stats(const struct detect *d, struct detect_stats *out);

/* The end of the input (analyze): each scan, sweep and brute force of the
 * devices' current windows that went on growing after its last event is
 * raised once more with what it finally saw, so that a report gives the
 * whole extent rather than the count that crossed the last threshold. */
void detect_flush(struct detect *d);

/* What the engine keeps of each device, beside its detectors' state. */
struct detect_device {
	struct ipaddr addr;
	uint64_t first_us, last_us;
	uint64_t packets_out, packets_in, bytes_out, bytes_in;
	uint64_t flows_out, flows_in; /* flows it started, flows to it */
	uint32_t types;               /* bit per enum detect_type it raised */
};

/* Every device the table still holds (not pushed out by others), in no
 * order. */
void detect_foreach_device(const struct detect *d,
    void (*fn)(const struct detect_device *dev, void *arg), void *arg);
/* Whether addr is in a device network. */
int detect_is_device(const struct detect *d, const struct ipaddr *addr);

struct jsonw;
/* The evidence as one JSON object: the type's counters, its target, the
 * sample flows and the provisions it concerns. */
void detect_evidence_json(const struct detection *ev, struct jsonw *w);

#endif
