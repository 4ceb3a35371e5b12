/*
 * What the numbers on the wire mean: attribute names (for logs and
 * errors), Error-Cause values (RFC 5176 section 3.6), and the value
 * formats of the 3GPP attributes (TS 29.061 section 16.4.7), each decoded
 * into a fixed-size field so that the hot path never allocates.
 */
#ifndef AIRLOCK_RADIUS_DICT_H
#define AIRLOCK_RADIUS_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "radius/radius_pkt.h"

/* "User-Name", "3GPP-IMSI"...; "Attr-N" for unknown ones (in buf). */
const char *radius_dict_attr_name(unsigned type, char *buf, size_t bufsz);
const char *radius_dict_3gpp_name(unsigned subtype, char *buf, size_t bufsz);
/* "Session-Context-Not-Found" for 503...; NULL for unknown values. */
const char *radius_dict_error_cause(uint32_t cause);

/* The 3GPP attributes of a request, each empty/zero when absent or when
 * its value is malformed (counted in bad). Texts are NUL-terminated. */
struct radius_3gpp {
	char imsi[16];	       /* 3GPP-IMSI: up to 15 digits */
	uint32_t charging_id;  /* 3GPP-Charging-ID */
	int has_charging_id;
	char mcc_mnc[7];       /* 3GPP-IMSI-MCC-MNC: 5 or 6 digits */
	int nsapi;	       /* 3GPP-NSAPI: 0-15, or -1 */
	char imeisv[17];       /* 3GPP-IMEISV: 14-16 digits */
	int rat_type;	       /* 3GPP-RAT-Type, or -1 */
	char uli[64];	       /* 3GPP-User-Location-Info, as "type:hex" */
	unsigned bad;	       /* how many were present but malformed */
};

/* Decode the 3GPP attributes of p; absent ones stay empty. */
void radius_dict_3gpp(const struct radius_pkt *p, struct radius_3gpp *out);
/* "EUTRAN", "UTRAN", "NR"... for a RAT-Type value (TS 29.274 8.17 /
 * TS 29.061); "unknown" otherwise. */
const char *radius_dict_rat_name(int rat);

#endif
