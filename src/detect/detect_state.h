/*
 * The engine's state, shared by the detector modules: what is kept per
 * flow, per device, per (device, remote host) and per (device, remote
 * service). Each lives in a bounded table; losing an entry to eviction
 * only makes a detector count from zero again.
 */
#ifndef AIRLOCK_DETECT_STATE_H
#define AIRLOCK_DETECT_STATE_H

#include <stdint.h>

#include "detect/detect.h"

/* Packets of one kind in a window of flood_seconds, and the busiest
 * second seen. */
struct rate {
	uint32_t window; /* the second it began, divided by its length */
	uint32_t count;
	uint32_t second, second_count;
	uint32_t peak; /* packets in the window's busiest second */
};

enum flood_kind { FLOOD_SYN, FLOOD_UDP, FLOOD_ICMP, FLOOD_KINDS };

struct dev_state {
	/* what the device's packets touch, first: the lines a lookup
	 * prefetches (up to fired) */
	uint64_t window_start_us;
	uint64_t last_us;
	uint64_t packets_out, packets_in, bytes_out, bytes_in;
	uint64_t flows_out, flows_in; /* flows it started, flows to it */
	uint64_t spike_start_us; /* the volume's window, for the spike */
	uint64_t spike_bytes;
	uint64_t baseline; /* bytes per window, exponential average */
	uint32_t spike_windows;
	uint32_t window_id; /* counts from 1: 0 is "never seen" in peers */
	/* the link-layer source of its packets this window: a forger on the
	 * LAN sending in its name shows as another MAC */
	uint8_t mac[6];
	uint8_t has_mac, macs_differ;
	struct rate flood_out[FLOOD_KINDS], flood_in[FLOOD_KINDS];

	/* the flows' and the events' */
	uint32_t fired;      /* bit per enum detect_type, this window */
	uint32_t fired_ever; /* bit per type, for the once-only ones */
	uint32_t next_level[DT_COUNT]; /* to fire again this window */
	/* the host of the last vertical scan and brute force raised, and the
	 * brute-forced port: where detect_flush() looks again */
	uint8_t vscan_host[16], brute_host[16];
	uint16_t brute_port;

	/* this window */
	uint32_t hosts, hosts_answered;
	uint32_t attempts, mirai;
	uint32_t arp_targets, arp_answered;
	struct detect_sample samples[DETECT_SAMPLES];
	uint8_t n_samples, next_sample;

	uint64_t first_us; /* for the report */
};

/* (device, remote host): kind tells a peer reached over IP from an address
 * asked for over ARP. */
enum peer_kind { PEER_IP, PEER_ARP };

struct peer_key {
	uint8_t device[16], remote[16];
	uint8_t family, kind, pad[6];
};

struct peer_state {
	uint32_t window_id;
	uint8_t answered;
	uint32_t ports, ports_answered;
};

/* (device, remote host, protocol, remote port) */
struct svc_key {
	uint8_t device[16], remote[16];
	uint8_t family, proto;
	uint16_t port;
	uint8_t pad[4];
};

enum svc_login { LOGIN_NONE, LOGIN_PORT, LOGIN_SSH, LOGIN_TELNET, LOGIN_HTTP };

struct svc_state {
	uint32_t window_id;
	uint8_t answered; /* this window */
	uint8_t login;    /* enum svc_login: a service that asks for a login */
	uint32_t sessions;
	uint32_t refused; /* HTTP 401s: logins turned down */
	/* beaconing: the intervals between new flows */
	uint64_t last_start_us;
	uint32_t intervals;
	uint32_t beacon_fired;
	double mean_s, m2;
};

struct flow_state {
	uint8_t initiator_is_b;
	uint8_t attempt;      /* began with a SYN, a UDP datagram or a ping */
	uint8_t answered;     /* the responder accepted (SYN-ACK, a reply) */
	uint8_t refused;      /* RST or ICMP unreachable first */
	uint8_t payload_seen; /* the responder's first payload was looked at */
	uint8_t sent_data;    /* the initiator sent payload once accepted */
	uint8_t pad;
	uint16_t answers; /* UDP: the responder's datagrams still answers */
};

/* What the detectors are told about one flow, from the device's side. */
struct flow_view {
	uint64_t ts_us;
	const struct ipaddr *device, *remote;
	struct dev_state *dev;
	struct peer_state *peer;
	struct svc_state *svc; /* NULL unless the device started the flow */
	uint8_t proto;
	uint16_t port; /* the responder's port */
	int outbound;  /* the device started it */
};

#endif
