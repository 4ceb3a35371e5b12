/*
 * SNMP (udp/161): does the agent answer the default community? The
 * scanner sends one SNMPv2c GetRequest (RFC 3416) with community
 * "public" for sysDescr.0 (1.3.6.1.2.1.1.1.0), BER-encoded by hand, and
 * reads the GetResponse: its request id must be the request's, and its
 * first value, when an OCTET STRING, is the device's description. One
 * Get, never a Set: the probe reads one object and changes nothing.
 */
#ifndef AIRLOCK_PROBE_SNMP_H
#define AIRLOCK_PROBE_SNMP_H

#include <stddef.h>
#include <stdint.h>

#define SNMP_REQUEST_MAX 64
#define SNMP_DESCR_MAX 128

struct snmp_answer {
	long version; /* 1 for v2c */
	uint32_t request_id;
	long error_status;
	int has_value;              /* an OCTET STRING came back */
	char descr[SNMP_DESCR_MAX]; /* printable (others '?'), cut to fit */
};

/* The GetRequest with request_id (kept below 2^30 so that its encoding
 * is always 4 bytes: see the .c) into out (SNMP_REQUEST_MAX); its
 * length. */
size_t snmp_probe_request(uint8_t *out, uint32_t request_id);

/* 0 and a filled when in is one whole GetResponse-PDU message (any
 * version, any community); -1 for anything else. */
int snmp_probe_parse(const uint8_t *in, size_t n, struct snmp_answer *a);

#endif
