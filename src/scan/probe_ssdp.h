/*
 * SSDP (udp/1900): does the device answer a discovery, and where does it
 * describe itself? The scanner sends one unicast M-SEARCH (UPnP Device
 * Architecture 2.0, section 1.3.2) to the device's own address, with
 * ST ssdp:all and MX 1, and reads the HTTP-over-UDP answer: its status,
 * LOCATION, SERVER, ST and USN. A LOCATION on the device's own address is
 * fetched afterwards (probe_upnp.h); one elsewhere is only recorded.
 */
#ifndef AIRLOCK_PROBE_SSDP_H
#define AIRLOCK_PROBE_SSDP_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

#define SSDP_REQUEST_MAX 192
#define SSDP_FIELD_MAX 160
#define SSDP_PATH_MAX 160

struct ssdp_answer {
	int status; /* 200 for a discovery's answer */
	char location[SSDP_FIELD_MAX], server[SSDP_FIELD_MAX];
	char st[SSDP_FIELD_MAX], usn[SSDP_FIELD_MAX];
};

/* The M-SEARCH, its HOST header naming host (as conn_host writes it),
 * into out (SSDP_REQUEST_MAX); its length. */
size_t ssdp_probe_request(char *out, const char *host);

/* 0 and a filled when in is an HTTPU response ("HTTP/1.x NNN"): the
 * headers' values printable (other bytes '?'), trimmed, cut to fit, ""
 * when absent; -1 for anything else. */
int ssdp_probe_parse(const char *in, size_t n, struct ssdp_answer *a);

/* A LOCATION URL "http://ADDR[:PORT]/PATH": 0 with its address, port
 * (80 by default) and path; -1 for another scheme, a host name, a bad
 * port, or a path with a space or a control byte (it goes into a request
 * line as it is). */
int ssdp_location_parse(const char *url, struct ipaddr *host, uint16_t *port,
    char *path, size_t pathlen);

/* Does the service or device type name an Internet gateway's port
 * mapping service (WANIPConnection, WANPPPConnection)? */
int ssdp_is_igd_type(const char *type);

#endif
