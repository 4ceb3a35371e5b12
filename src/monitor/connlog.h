/*
 * Zeek's conn.log in its ASCII form (tab-separated values under "#fields"
 * and "#types" headers), one line at a time, for the offline analyzer.
 * Pure: no I/O, no allocation; lines are (pointer, length) and are never
 * read past their length, nor need a NUL. A trailing "\n" or "\r\n" is
 * ignored.
 *
 * The column order is the one the last "#fields" header gave; columns
 * not used here (uid, local_orig, missed_bytes, tunnel_parents...) are
 * stepped over unread. Data lines are strict: every column the header
 * named, decimal numbers in range, real addresses, one of Zeek's
 * protocols. A bad line is an error, never half a record.
 *
 * Zeek 7.1 and later also log connections of other IP protocols (GRE,
 * ESP...), with proto "unknown_transport" and the number in a new
 * ip_proto column: connlog_line() parses them but returns
 * CONNLOG_OTHER_PROTO, so that a caller expecting TCP, UDP and ICMP only
 * can skip them, and count them, rather than stop at them.
 */
#ifndef AIRLOCK_CONNLOG_H
#define AIRLOCK_CONNLOG_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct conn_record {
	int64_t ts_us;            /* ts: the first packet, microseconds */
	struct ipaddr orig, resp; /* id.orig_h, id.resp_h: one family */
	/* id.orig_p, id.resp_p; for ICMP the type and the code */
	uint16_t orig_port, resp_port;
	/* IPPROTO_TCP, _UDP, _ICMP, or _ICMPV6 for icmp between IPv6
	 * addresses (Zeek calls both icmp); for CONNLOG_OTHER_PROTO the
	 * ip_proto column, or 255 without one */
	uint8_t proto;
	char service[24];    /* whole names kept: "dns,ssl" not "dns,s" */
	int64_t duration_us; /* -1 when unset */
	uint64_t orig_bytes, resp_bytes; /* 0 when unset */
	char conn_state[8];              /* "S0", "REJ", "SF"... */
	uint64_t orig_pkts, resp_pkts;   /* 0 when unset */
	uint64_t orig_ip_bytes, resp_ip_bytes;
	char history[32]; /* cut to fit */
	/* Strings are "" when unset or "(empty)"; Zeek's \xHH escapes are
	 * kept as they are (service names and history letters have none). */
};

/* The columns read; the others are ignored. */
enum connlog_field {
	CONNLOG_TS,
	CONNLOG_ORIG_H,
	CONNLOG_ORIG_P,
	CONNLOG_RESP_H,
	CONNLOG_RESP_P,
	CONNLOG_PROTO, /* the last one required */
	CONNLOG_SERVICE,
	CONNLOG_DURATION,
	CONNLOG_ORIG_BYTES,
	CONNLOG_RESP_BYTES,
	CONNLOG_CONN_STATE,
	CONNLOG_HISTORY,
	CONNLOG_ORIG_PKTS,
	CONNLOG_ORIG_IP_BYTES,
	CONNLOG_RESP_PKTS,
	CONNLOG_RESP_IP_BYTES,
	CONNLOG_IP_PROTO,
	CONNLOG_NFIELDS
};

#define CONNLOG_COLS_MAX 128 /* Zeek's default has 21, or 22 */
#define CONNLOG_MARK_MAX 16  /* the unset and empty markers, with a NUL */

/* What the headers said so far. */
struct connlog_fields {
	uint16_t ncols; /* columns of a data line; 0 before any #fields */
	int8_t field_of[CONNLOG_COLS_MAX]; /* enum connlog_field, or -1 */
	int16_t col_of[CONNLOG_NFIELDS];   /* column, or -1 when absent */
	char sep;                          /* #separator, '\t' */
	uint8_t unset_len, empty_len;
	char unset[CONNLOG_MARK_MAX]; /* #unset_field, "-" */
	char empty[CONNLOG_MARK_MAX]; /* #empty_field, "(empty)" */
};

/* connlog_line()'s success for a line of another IP protocol. */
#define CONNLOG_OTHER_PROTO 1

/* Zeek's defaults, and no #fields yet. */
void connlog_fields_init(struct connlog_fields *f);

/*
 * One header line, '#' first: #separator (in Zeek's \xHH form, or a
 * single character), #unset_field, #empty_field, #fields, and #path,
 * which must be conn or conn_<something> so that a dns.log, which has
 * every column required here, is not read as connections. #types,
 * #open, #close, #set_separator and any other '#' line are comments.
 * #fields must name ts, id.orig_h, id.orig_p, id.resp_h, id.resp_p and
 * proto, in any order and among any other columns; a new #fields (logs
 * put end to end) replaces the old one. 0, or -1 with the problem in err
 * and f left as it was.
 */
int connlog_header(struct connlog_fields *f, const char *line, size_t len,
    char *err, size_t errlen);

/*
 * One data line into r: 0, CONNLOG_OTHER_PROTO, or -1 with err naming
 * the field and the value, as in
 *	field id.orig_h: not an IP address: "10.0.0.x"
 *	line has 5 columns, the #fields header names 21
 * Numbers are plain decimals ("1700000000.123456" for times and
 * durations, which must not be negative), ports 0..65535, and proto tcp,
 * udp, icmp or unknown_transport. r is undefined after an error.
 */
int connlog_line(const struct connlog_fields *f, const char *line, size_t len,
    struct conn_record *r, char *err, size_t errlen);

#endif
