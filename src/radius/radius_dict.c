#include "radius/radius_dict.h"

#include <stdio.h>
#include <string.h>

/* RFC 2865, 2866, 2867, 2868, 2869, 3162, 4372, 4818, 5176, 6911. */
static const char *const attr_names[256] = {
    [1] = "User-Name",
    [2] = "User-Password",
    [3] = "CHAP-Password",
    [4] = "NAS-IP-Address",
    [5] = "NAS-Port",
    [6] = "Service-Type",
    [7] = "Framed-Protocol",
    [8] = "Framed-IP-Address",
    [9] = "Framed-IP-Netmask",
    [10] = "Framed-Routing",
    [11] = "Filter-Id",
    [12] = "Framed-MTU",
    [13] = "Framed-Compression",
    [14] = "Login-IP-Host",
    [15] = "Login-Service",
    [16] = "Login-TCP-Port",
    [18] = "Reply-Message",
    [19] = "Callback-Number",
    [20] = "Callback-Id",
    [22] = "Framed-Route",
    [23] = "Framed-IPX-Network",
    [24] = "State",
    [25] = "Class",
    [26] = "Vendor-Specific",
    [27] = "Session-Timeout",
    [28] = "Idle-Timeout",
    [29] = "Termination-Action",
    [30] = "Called-Station-Id",
    [31] = "Calling-Station-Id",
    [32] = "NAS-Identifier",
    [33] = "Proxy-State",
    [34] = "Login-LAT-Service",
    [35] = "Login-LAT-Node",
    [36] = "Login-LAT-Group",
    [37] = "Framed-AppleTalk-Link",
    [38] = "Framed-AppleTalk-Network",
    [39] = "Framed-AppleTalk-Zone",
    [40] = "Acct-Status-Type",
    [41] = "Acct-Delay-Time",
    [42] = "Acct-Input-Octets",
    [43] = "Acct-Output-Octets",
    [44] = "Acct-Session-Id",
    [45] = "Acct-Authentic",
    [46] = "Acct-Session-Time",
    [47] = "Acct-Input-Packets",
    [48] = "Acct-Output-Packets",
    [49] = "Acct-Terminate-Cause",
    [50] = "Acct-Multi-Session-Id",
    [51] = "Acct-Link-Count",
    [52] = "Acct-Input-Gigawords",
    [53] = "Acct-Output-Gigawords",
    [55] = "Event-Timestamp",
    [60] = "CHAP-Challenge",
    [61] = "NAS-Port-Type",
    [62] = "Port-Limit",
    [63] = "Login-LAT-Port",
    [64] = "Tunnel-Type",
    [65] = "Tunnel-Medium-Type",
    [66] = "Tunnel-Client-Endpoint",
    [67] = "Tunnel-Server-Endpoint",
    [68] = "Acct-Tunnel-Connection",
    [69] = "Tunnel-Password",
    [77] = "Connect-Info",
    [79] = "EAP-Message",
    [80] = "Message-Authenticator",
    [81] = "Tunnel-Private-Group-Id",
    [82] = "Tunnel-Assignment-Id",
    [83] = "Tunnel-Preference",
    [85] = "Acct-Interim-Interval",
    [87] = "NAS-Port-Id",
    [88] = "Framed-Pool",
    [89] = "Chargeable-User-Identity",
    [95] = "NAS-IPv6-Address",
    [96] = "Framed-Interface-Id",
    [97] = "Framed-IPv6-Prefix",
    [98] = "Login-IPv6-Host",
    [99] = "Framed-IPv6-Route",
    [100] = "Framed-IPv6-Pool",
    [101] = "Error-Cause",
    [123] = "Delegated-IPv6-Prefix",
    [168] = "Framed-IPv6-Address",
    [169] = "DNS-Server-IPv6-Address",
    [170] = "Route-IPv6-Information",
    [171] = "Delegated-IPv6-Prefix-Pool",
    [172] = "Stateful-IPv6-Address-Pool",
};

/* TS 29.061 section 16.4.7, with FreeRADIUS's spellings. */
static const char *const tgpp_names[] = {
    [1] = "3GPP-IMSI",
    [2] = "3GPP-Charging-ID",
    [3] = "3GPP-PDP-Type",
    [4] = "3GPP-Charging-Gateway-Address",
    [5] = "3GPP-GPRS-Negotiated-QoS-Profile",
    [6] = "3GPP-SGSN-Address",
    [7] = "3GPP-GGSN-Address",
    [8] = "3GPP-IMSI-MCC-MNC",
    [9] = "3GPP-GGSN-MCC-MNC",
    [10] = "3GPP-NSAPI",
    [11] = "3GPP-Session-Stop-Indicator",
    [12] = "3GPP-Selection-Mode",
    [13] = "3GPP-Charging-Characteristics",
    [14] = "3GPP-Charging-Gateway-IPv6-Address",
    [15] = "3GPP-SGSN-IPv6-Address",
    [16] = "3GPP-GGSN-IPv6-Address",
    [17] = "3GPP-IPv6-DNS-Servers",
    [18] = "3GPP-SGSN-MCC-MNC",
    [19] = "3GPP-Teardown-Indicator",
    [20] = "3GPP-IMEISV",
    [21] = "3GPP-RAT-Type",
    [22] = "3GPP-User-Location-Info",
    [23] = "3GPP-MS-TimeZone",
    [24] = "3GPP-Camel-Charging-Info",
    [25] = "3GPP-Packet-Filter",
    [26] = "3GPP-Negotiated-DSCP",
    [27] = "3GPP-Allocate-IP-Type",
};

/* A name from a table, or prefix and the number written into buf. */
static const char *
lookup(const char *const *names, size_t n, unsigned i, const char *prefix,
    char *buf, size_t bufsz)
{
	if (i < n && names[i] != NULL)
		return names[i];
	if (bufsz == 0)
		return "";
	snprintf(buf, bufsz, "%s%u", prefix, i);
	return buf;
}

const char *
radius_dict_attr_name(unsigned type, char *buf, size_t bufsz)
{
	return lookup(attr_names, sizeof(attr_names) / sizeof(attr_names[0]),
	    type, "Attr-", buf, bufsz);
}

/* Unknown subtypes are named as FreeRADIUS names them. */
const char *
radius_dict_3gpp_name(unsigned subtype, char *buf, size_t bufsz)
{
	return lookup(tgpp_names, sizeof(tgpp_names) / sizeof(tgpp_names[0]),
	    subtype, "Attr-26.10415.", buf, bufsz);
}

const char *
radius_dict_error_cause(uint32_t cause)
{
	switch (cause) {
	case 201:
		return "Residual-Session-Context-Removed";
	case 202:
		return "Invalid-EAP-Packet";
	case 401:
		return "Unsupported-Attribute";
	case 402:
		return "Missing-Attribute";
	case 403:
		return "NAS-Identification-Mismatch";
	case 404:
		return "Invalid-Request";
	case 405:
		return "Unsupported-Service";
	case 406:
		return "Unsupported-Extension";
	case 407:
		return "Invalid-Attribute-Value";
	case 501:
		return "Administratively-Prohibited";
	case 502:
		return "Request-Not-Routable";
	case 503:
		return "Session-Context-Not-Found";
	case 504:
		return "Session-Context-Not-Removable";
	case 505:
		return "Other-Proxy-Processing-Error";
	case 506:
		return "Resources-Unavailable";
	case 507:
		return "Request-Initiated";
	case 508:
		return "Multiple-Session-Selection-Unsupported";
	}
	return NULL;
}

const char *
radius_dict_rat_name(int rat)
{
	switch (rat) {
	case 1:
		return "UTRAN";
	case 2:
		return "GERAN";
	case 3:
		return "WLAN";
	case 4:
		return "GAN";
	case 5:
		return "HSPA Evolution";
	case 6:
		return "EUTRAN";
	case 7:
		return "Virtual";
	case 8:
		return "EUTRAN-NB-IoT";
	case 9:
		return "LTE-M";
	case 10:
		return "NR";
	case 101:
		return "IEEE-802.16e";
	case 102:
		return "3GPP2 eHRPD";
	case 103:
		return "3GPP2 HRPD";
	case 104:
		return "3GPP2 1xRTT";
	case 105:
		return "3GPP2 UMB";
	}
	return "unknown";
}

/* A run of min to max ASCII digits, copied with a NUL into dst (which has
 * room for max + 1); -1 for anything else. */
static int
get_digits(const uint8_t *v, size_t len, size_t min, size_t max, char *dst)
{
	size_t i;

	if (len < min || len > max)
		return -1;
	for (i = 0; i < len; i++)
		if (v[i] < '0' || v[i] > '9')
			return -1;
	memcpy(dst, v, len);
	dst[len] = '\0';
	return 0;
}

/* One hex digit, the NSAPI's encoding; -1 for anything else. */
static int
hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The location type in decimal, a colon, then the location's octets in
 * hex, as many whole octets as fit in dst: the geographic identifiers are
 * for logs and matching, not to be re-encoded, so a cut is harmless. A
 * location of type alone carries nothing and is refused.
 */
static int
get_uli(const uint8_t *v, size_t len, char *dst, size_t dstsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n;
	int w;

	if (len < 2)
		return -1;
	w = snprintf(dst, dstsz, "%u:", (unsigned)v[0]);
	if (w < 0 || (size_t)w >= dstsz)
		return -1;
	n = (size_t)w;
	for (i = 1; i < len && dstsz - n > 2; i++) {
		dst[n++] = hex[v[i] >> 4];
		dst[n++] = hex[v[i] & 0xf];
	}
	dst[n] = '\0';
	return 0;
}

/* Decode one present attribute into out; -1 when its value is malformed,
 * in which case its field is left empty. */
static int
decode_one(unsigned st, const uint8_t *v, size_t len, struct radius_3gpp *out)
{
	int x;

	switch (st) {
	case RADIUS_3GPP_IMSI:
		return get_digits(v, len, 1, sizeof(out->imsi) - 1, out->imsi);
	case RADIUS_3GPP_CHARGING_ID:
		if (len != 4)
			return -1;
		out->charging_id = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
		                   (uint32_t)v[2] << 8 | v[3];
		out->has_charging_id = 1;
		return 0;
	case RADIUS_3GPP_IMSI_MCC_MNC:
		return get_digits(v, len, 5, 6, out->mcc_mnc);
	case RADIUS_3GPP_NSAPI:
		if (len != 1)
			return -1;
		x = hex_value(v[0]);
		if (x < 0)
			return -1;
		out->nsapi = x;
		return 0;
	case RADIUS_3GPP_IMEISV:
		return get_digits(v, len, 14, 16, out->imeisv);
	case RADIUS_3GPP_RAT_TYPE:
		if (len != 1)
			return -1;
		out->rat_type = v[0];
		return 0;
	case RADIUS_3GPP_USER_LOCATION_INFO:
		if (get_uli(v, len, out->uli, sizeof(out->uli)) < 0) {
			out->uli[0] = '\0';
			return -1;
		}
		return 0;
	}
	return 0;
}

void
radius_dict_3gpp(const struct radius_pkt *p, struct radius_3gpp *out)
{
	static const uint8_t wanted[] = {RADIUS_3GPP_IMSI,
	    RADIUS_3GPP_CHARGING_ID, RADIUS_3GPP_IMSI_MCC_MNC,
	    RADIUS_3GPP_NSAPI, RADIUS_3GPP_IMEISV, RADIUS_3GPP_RAT_TYPE,
	    RADIUS_3GPP_USER_LOCATION_INFO};
	const struct radius_span *s;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->nsapi = -1;
	out->rat_type = -1;
	for (i = 0; i < sizeof(wanted); i++) {
		s = &p->tgpp[wanted[i]];
		if (!radius_pkt_has(s))
			continue;
		if (decode_one(wanted[i], radius_pkt_value(p, s), s->len, out) <
		    0)
			out->bad++;
	}
}
