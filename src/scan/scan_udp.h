/*
 * A UDP probe's state in a connection slot of the engine (scan_engine.h):
 * the datagram sent (kept for the one resend), what its answer must
 * match, and for SSDP the fetch of the device description over TCP that
 * follows in the same slot.
 */
#ifndef AIRLOCK_SCAN_UDP_H
#define AIRLOCK_SCAN_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "scan/probe_coap.h"
#include "scan/probe_ssdp.h"
#include "scan/probe_upnp.h"

enum udp_step {
	UDP_WAIT,        /* the datagram is out: an answer, or silence */
	UDP_RESEND_HELD, /* silence: the resend waits for the rate limits */
	UDP_FETCH_HELD,  /* the description's connection waits likewise */
	UDP_FETCH_CONNECTING,
	UDP_FETCH_READING,
};

/* The SSDP port's verdict in scan_open_port.answer: bits. */
#define SSDP_ANSWERED 1  /* a 200 answer to the M-SEARCH */
#define SSDP_IGD 2       /* a WANIPConnection or WANPPPConnection */
#define SSDP_DESCRIBED 4 /* the description was read */
#define SSDP_ELSEWHERE 8 /* LOCATION named another host: not fetched */

struct udp_conn {
	enum udp_step step;
	int resent;
	uint8_t req[SSDP_REQUEST_MAX];
	size_t req_len;
	uint16_t mid;                  /* CoAP */
	uint8_t token[COAP_TOKEN_LEN]; /* CoAP */
	uint32_t snmp_id;
	uint16_t fetch_port;
	char fetch_path[SSDP_PATH_MAX];
	size_t head_len; /* the description's HTTP head so far */
	int head_done;
	size_t body_len;
	struct upnp_desc desc;
};

#endif
