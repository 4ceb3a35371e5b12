/*
 * The TCP ports the scanner probes by default, and what it knows of each:
 * the service's usual name, and how to talk to it. The list is the
 * services that matter on connected devices (remote logins, device
 * management, IoT and industrial protocols, the ports botnets exploit),
 * not a general-purpose top-1000.
 */
#ifndef AIRLOCK_SCAN_PORTS_H
#define AIRLOCK_SCAN_PORTS_H

#include <stddef.h>
#include <stdint.h>

enum scan_probe {
	SCAN_PROBE_CONNECT, /* is it open: nothing more */
	SCAN_PROBE_BANNER,  /* the server speaks first: read its first line */
	SCAN_PROBE_TELNET,  /* a login prompt, then the dictionary */
	SCAN_PROBE_MQTT,    /* a CONNECT without credentials: accepted? */
	SCAN_PROBE_SSH,     /* its banner, then the dictionary (libssh) */
	SCAN_PROBE_HTTP,    /* GET /: Server, a login, then the dictionary */
	SCAN_PROBE_SMTP,    /* EHLO, MAIL, RCPT outside: an open relay? */
	SCAN_PROBE_TLS,     /* a TLS handshake: the certificate, nothing more */
	SCAN_PROBE_HTTPS,   /* TLS, then HTTP's probe over it */
	SCAN_PROBE_MQTTS,   /* TLS, then MQTT's anonymous CONNECT over it */
	SCAN_PROBE_RTSP,    /* DESCRIBE without credentials: a stream? */
	SCAN_PROBE_CWMP,    /* TR-069's connection-request server: GET / */
	/* UDP (scan_udp.c): a datagram, an answer, else not open */
	SCAN_PROBE_COAP, /* GET /.well-known/core: the resources */
	SCAN_PROBE_SSDP, /* M-SEARCH, then the UPnP description */
	SCAN_PROBE_SNMP, /* GetRequest sysDescr.0, community "public" */
	SCAN_PROBE_TFTP, /* a read request for a random name */
};

struct scan_port_info {
	uint16_t port;
	const char *service;
	enum scan_probe probe;
};

/* The default list, ascending. */
const struct scan_port_info *scan_ports_default(size_t *n);

/* What is known of a port; a port off the list gets the name "unknown"
 * and SCAN_PROBE_CONNECT. Never NULL. */
const struct scan_port_info *scan_port_info(uint16_t port);

/* The same for UDP (scan_ports.c's second table); a port off it gets
 * "unknown" and SCAN_PROBE_CONNECT: an empty datagram. */
const struct scan_port_info *scan_udp_ports_default(size_t *n);
const struct scan_port_info *scan_udp_port_info(uint16_t port);

#endif
