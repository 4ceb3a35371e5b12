/*
 * Zeek conn.log lines: the default header of Zeek 5 and 6 (21 columns)
 * and of 7.1 (ip_proto added), TCP S0, REJ and SF, UDP, ICMP and ICMPv6,
 * IPv6, unset and empty fields, columns in another order, every header
 * refusal and every line refusal with its exact message; lines given by
 * length, never NUL-terminated. Then files: good ones, logs end to end,
 * CRLF, an error on line N after the records before it, and refusals;
 * and tests/data/connlog/sample.log (AIRLOCK_TESTDATA).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scratch.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "monitor/connlog.h"
#include "monitor/connlog_file.h"

/* Zeek 6's conn.log header, as it writes it. */
#define FIELDS                                                                 \
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\t"       \
	"proto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\t"       \
	"local_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"           \
	"orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents"
#define TYPES                                                                  \
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\t"         \
	"interval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\t"   \
	"count\tcount\tcount\tset[string]"
static const char *const zeek_header[] = {
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    "#path\tconn",
    "#open\t2024-06-10-08-00-00",
    FIELDS,
    TYPES,
    NULL,
};

/* Lines of that log: a SYN unanswered, one refused, a whole TLS
 * connection, DNS, an ICMP echo and an ICMPv6 router solicitation. */
#define L_S0                                                                   \
	"1718006411.003318\tCgH7gJ5iI8gU3bG9Fo\t192.168.1.50\t49840\t"         \
	"52.28.14.201\t443\ttcp\t-\t3.011942\t0\t0\tS0\tT\tF\t0\tS\t3\t180\t"  \
	"0\t0\t-"
#define L_REJ                                                                  \
	"1718006415.290147\tCjK6hH4hU7hT2nF8Dn\t192.168.1.50\t49841\t"         \
	"192.168.1.10\t8080\ttcp\t-\t0.000412\t0\t0\tREJ\tT\tT\t0\tSr\t"       \
	"1\t60\t1\t40\t-"
#define L_SF                                                                   \
	"1718006402.055987\tCw6LrG0v9cQ2kYx1Bn\t192.168.1.50\t49832\t"         \
	"52.28.14.201\t443\ttcp\tssl\t2.431884\t1523\t4821\tSF\tT\tF\t0\t"     \
	"ShADadFf\t14\t2263\t12\t5449\t-"
#define L_DNS                                                                  \
	"1718006402.004877\tCyH1sS3k7dM0pWq9Xa\t192.168.1.50\t51234\t"         \
	"192.168.1.1\t53\tudp\tdns\t0.018233\t38\t102\tSF\tT\tT\t0\tDd\t"      \
	"1\t66\t1\t130\t-"
#define L_PING                                                                 \
	"1718006405.400021\tCaS9eL7kP0dW5cJ1Hq\t192.168.1.50\t8\t"             \
	"192.168.1.1\t0\ticmp\t-\t3.004127\t192\t192\tOTH\tT\tT\t0\t-\t"       \
	"4\t304\t4\t304\t-"
#define L_RS                                                                   \
	"1718006401.230554\tC9mWqQ1a8rXh2Lk7Fd\tfe80::2e3a:e8ff:fe4b:1a2c\t"   \
	"133\tff02::2\t134\ticmp\t-\t-\t-\t-\tOTH\tT\tF\t0\t-\t1\t56\t0\t0\t"  \
	"(empty)"

static struct connlog_fields fields;
static char err[512];

/* The header lines, each accepted. */
static void
header(struct connlog_fields *f, const char *const lines[])
{
	connlog_fields_init(f);
	for (int i = 0; lines[i] != NULL; i++)
		if (connlog_header(
		        f, lines[i], strlen(lines[i]), err, sizeof(err)) != 0)
			fail_msg("header \"%s\": %s", lines[i], err);
}

static int
setup_zeek(void **state)
{
	(void)state;
	header(&fields, zeek_header);
	return 0;
}

/* One line, copied into a buffer of its exact size (no NUL after it). */
static int
line(const struct connlog_fields *f, const char *s, size_t n,
    struct conn_record *r)
{
	char *copy = malloc(n ? n : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, s, n);
	err[0] = '\0';
	rc = connlog_line(f, copy, n, r, err, sizeof(err));
	free(copy);
	return rc;
}

static void
parses(const struct connlog_fields *f, const char *s, struct conn_record *r)
{
	if (line(f, s, strlen(s), r) != 0)
		fail_msg("line \"%s\": %s", s, err);
}

static void
refused(
    const struct connlog_fields *f, const char *s, size_t n, const char *want)
{
	struct conn_record r;

	assert_int_equal(line(f, s, n, &r), -1);
	assert_string_equal(err, want);
}

#define REFUSED(s, want) refused(&fields, s, sizeof(s) - 1, want)

static void
assert_addr(const struct ipaddr *a, const char *want)
{
	struct ipaddr w;

	assert_int_equal(ipaddr_parse(want, &w), 0);
	assert_true(ipaddr_equal(a, &w));
}

static void
test_zeek_header(void **state)
{
	(void)state;
	assert_int_equal(fields.ncols, 21);
	assert_int_equal(fields.sep, '\t');
	assert_string_equal(fields.unset, "-");
	assert_string_equal(fields.empty, "(empty)");
	assert_int_equal(fields.col_of[CONNLOG_TS], 0);
	assert_int_equal(fields.col_of[CONNLOG_ORIG_H], 2);
	assert_int_equal(fields.col_of[CONNLOG_PROTO], 6);
	assert_int_equal(fields.col_of[CONNLOG_HISTORY], 15);
	assert_int_equal(fields.col_of[CONNLOG_RESP_IP_BYTES], 19);
	assert_int_equal(fields.col_of[CONNLOG_IP_PROTO], -1);
	assert_int_equal(fields.field_of[1], -1);  /* uid */
	assert_int_equal(fields.field_of[20], -1); /* tunnel_parents */
}

static void
test_tcp(void **state)
{
	struct conn_record r;

	(void)state;
	parses(&fields, L_S0, &r);
	assert_int_equal(r.ts_us, 1718006411003318);
	assert_addr(&r.orig, "192.168.1.50");
	assert_addr(&r.resp, "52.28.14.201");
	assert_int_equal(r.orig_port, 49840);
	assert_int_equal(r.resp_port, 443);
	assert_int_equal(r.proto, IPPROTO_TCP);
	assert_string_equal(r.service, "");
	assert_int_equal(r.duration_us, 3011942);
	assert_int_equal(r.orig_bytes, 0);
	assert_string_equal(r.conn_state, "S0");
	assert_string_equal(r.history, "S");
	assert_int_equal(r.orig_pkts, 3);
	assert_int_equal(r.orig_ip_bytes, 180);
	assert_int_equal(r.resp_pkts, 0);

	parses(&fields, L_REJ, &r);
	assert_string_equal(r.conn_state, "REJ");
	assert_string_equal(r.history, "Sr");
	assert_int_equal(r.duration_us, 412);
	assert_int_equal(r.resp_port, 8080);
	assert_int_equal(r.resp_ip_bytes, 40);

	parses(&fields, L_SF, &r);
	assert_string_equal(r.service, "ssl");
	assert_string_equal(r.conn_state, "SF");
	assert_string_equal(r.history, "ShADadFf");
	assert_int_equal(r.duration_us, 2431884);
	assert_int_equal(r.orig_bytes, 1523);
	assert_int_equal(r.resp_bytes, 4821);
	assert_int_equal(r.orig_pkts, 14);
	assert_int_equal(r.orig_ip_bytes, 2263);
	assert_int_equal(r.resp_pkts, 12);
	assert_int_equal(r.resp_ip_bytes, 5449);
}

static void
test_udp_icmp(void **state)
{
	struct conn_record r;

	(void)state;
	parses(&fields, L_DNS, &r);
	assert_int_equal(r.proto, IPPROTO_UDP);
	assert_string_equal(r.service, "dns");
	assert_int_equal(r.resp_port, 53);
	assert_int_equal(r.resp_bytes, 102);

	/* type 8 (echo request) in orig_p, code 0 in resp_p */
	parses(&fields, L_PING, &r);
	assert_int_equal(r.proto, IPPROTO_ICMP);
	assert_int_equal(r.orig_port, 8);
	assert_int_equal(r.resp_port, 0);
	assert_string_equal(r.conn_state, "OTH");
	assert_string_equal(r.history, "");

	/* Zeek says icmp for ICMPv6 too */
	parses(&fields, L_RS, &r);
	assert_int_equal(r.proto, IPPROTO_ICMPV6);
	assert_int_equal(r.orig.family, AF_INET6);
	assert_addr(&r.orig, "fe80::2e3a:e8ff:fe4b:1a2c");
	assert_addr(&r.resp, "ff02::2");
	assert_int_equal(r.orig_port, 133);
	assert_int_equal(r.resp_port, 134);
}

static void
test_ipv6(void **state)
{
	static const char s[] =
	    "1718006410.812205\tCdF8fK6jO9fV4vH0Gp\t"
	    "2001:db8:1:0:2e3a:e8ff:fe4b:1a2c\t53817\t2001:db8:1::1\t53\tudp\t"
	    "dns\t0.011407\t36\t112\tSF\tT\tT\t0\tDd\t1\t84\t1\t160\t-";
	static const char mapped[] =
	    "1718006410.812205\tC1\t::ffff:192.168.1.50\t1\t"
	    "0000:0000:0000:0000:0000:ffff:192.168.100.200\t2\ttcp\t-\t-\t-\t-"
	    "\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-";
	struct conn_record r;

	(void)state;
	parses(&fields, s, &r);
	assert_int_equal(r.proto, IPPROTO_UDP);
	assert_addr(&r.orig, "2001:db8:1:0:2e3a:e8ff:fe4b:1a2c");
	assert_addr(&r.resp, "2001:db8:1::1");
	/* the longest form an address can take: 45 characters */
	parses(&fields, mapped, &r);
	assert_addr(&r.resp, "::ffff:192.168.100.200");
}

/* Every optional field unset, then empty: the record's defaults. */
static void
test_unset_empty(void **state)
{
	static const char unset[] =
	    "1.5\tC\t10.0.0.1\t1\t10.0.0.2\t2\tudp\t-\t-"
	    "\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-";
	static const char empty[] =
	    "1.5\t(empty)\t10.0.0.1\t1\t10.0.0.2\t2\tudp\t(empty)\t-\t-\t-\t"
	    "(empty)\t-\t-\t-\t(empty)\t-\t-\t-\t-\t(empty)";
	struct conn_record r;

	(void)state;
	parses(&fields, unset, &r);
	assert_int_equal(r.ts_us, 1500000);
	assert_string_equal(r.service, "");
	assert_int_equal(r.duration_us, -1);
	assert_int_equal(r.orig_bytes, 0);
	assert_int_equal(r.resp_bytes, 0);
	assert_string_equal(r.conn_state, "");
	assert_string_equal(r.history, "");
	assert_int_equal(r.orig_pkts, 0);
	assert_int_equal(r.resp_ip_bytes, 0);
	parses(&fields, empty, &r);
	assert_string_equal(r.service, "");
	assert_string_equal(r.conn_state, "");
	assert_string_equal(r.history, "");
}

/* The same connection as L_SF, with the columns shuffled and others
 * (community_id, vlan) among them. */
static void
test_other_order(void **state)
{
	static const char *const hdr[] = {
	    "#separator \\x09",
	    "#fields\tproto\tid.resp_p\tcommunity_id\tid.resp_h\thistory\t"
	    "id.orig_p\tid.orig_h\tresp_bytes\tvlan\tts\tduration\tservice",
	    NULL,
	};
	static const char s[] = "tcp\t443\t1:xDKcB0G+1Qa0pwkOG2ncbUBqEv4=\t"
	                        "52.28.14.201\tShADadFf\t49832\t192.168.1.50\t"
	                        "4821\t-\t1718006402.055987\t2.431884\tssl";
	struct connlog_fields f;
	struct conn_record r, want;

	(void)state;
	header(&f, hdr);
	assert_int_equal(f.ncols, 12);
	assert_int_equal(f.col_of[CONNLOG_CONN_STATE], -1);
	parses(&f, s, &r);
	parses(&fields, L_SF, &want);
	assert_int_equal(r.ts_us, want.ts_us);
	assert_true(ipaddr_equal(&r.orig, &want.orig));
	assert_true(ipaddr_equal(&r.resp, &want.resp));
	assert_int_equal(r.orig_port, want.orig_port);
	assert_int_equal(r.resp_port, want.resp_port);
	assert_int_equal(r.proto, want.proto);
	assert_string_equal(r.service, want.service);
	assert_int_equal(r.duration_us, want.duration_us);
	assert_int_equal(r.resp_bytes, want.resp_bytes);
	assert_string_equal(r.history, want.history);
	/* absent columns: as if unset */
	assert_int_equal(r.orig_bytes, 0);
	assert_string_equal(r.conn_state, "");
	assert_int_equal(r.orig_pkts, 0);
}

/* Zeek 7.1 adds ip_proto, and logs other IP protocols as
 * unknown_transport: parsed, and told apart. */
static void
test_unknown_transport(void **state)
{
	static const char *const hdr[] = {
	    "#separator \\x09",
	    "#unset_field\t-",
	    FIELDS "\tip_proto",
	    NULL,
	};
	static const char gre[] =
	    "1718006480.000001\tCx\t192.168.1.50\t0\t203.0.113.9\t0\t"
	    "unknown_transport\t-\t10.5\t-\t-\tOTH\tT\tF\t0\t-\t9\t900\t0\t0\t-"
	    "\t47";
	static const char other_no_col[] =
	    "1.0\tCx\t192.168.1.50\t0\t203.0.113.9\t0\tunknown_transport\t-\t-"
	    "\t-\t-\tOTH\t-\t-\t0\t-\t1\t60\t0\t0\t-";
	struct connlog_fields f;
	struct conn_record r;

	(void)state;
	header(&f, hdr);
	assert_int_equal(f.ncols, 22);
	parses(&f, L_SF "\t6", &r);
	assert_int_equal(r.proto, IPPROTO_TCP);
	assert_int_equal(
	    line(&f, gre, sizeof(gre) - 1, &r), CONNLOG_OTHER_PROTO);
	assert_int_equal(r.proto, 47);
	assert_int_equal(r.duration_us, 10500000);
	assert_int_equal(r.orig_ip_bytes, 900);
	refused(&f, L_SF "\t256", sizeof(L_SF "\t256") - 1,
	    "field ip_proto: out of range (0..255): \"256\"");
	assert_int_equal(
	    line(&fields, other_no_col, sizeof(other_no_col) - 1, &r),
	    CONNLOG_OTHER_PROTO);
	assert_int_equal(r.proto, 255);
}

/* A header refused: its message, and the field map left as it was. */
static void
header_refused(const char *s, const char *want)
{
	struct connlog_fields before = fields;

	assert_int_equal(
	    connlog_header(&fields, s, strlen(s), err, sizeof(err)), -1);
	assert_string_equal(err, want);
	assert_memory_equal(&before, &fields, sizeof(fields));
}

static void
test_header_refused(void **state)
{
	char many[2048];
	size_t o;

	(void)state;
	header_refused("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h",
	    "#fields lacks id.resp_p, proto");
	header_refused("#fields\tuid",
	    "#fields lacks ts, id.orig_h, "
	    "id.orig_p, id.resp_h, id.resp_p, proto");
	header_refused("#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\t"
	               "id.resp_p\tproto\tts",
	    "#fields names ts twice");
	header_refused("#fields\tts\tid.orig_h\t\tid.orig_p",
	    "#fields: column 3 has no name");
	header_refused("#fields\t", "#fields: column 1 has no name");
	header_refused("#fields", "#fields: no value");
	header_refused("#fields ts id.orig_h id.orig_p id.resp_h id.resp_p "
	               "proto",
	    "#fields: a space after it, not the separator \\x09");
	header_refused("#path\tdns", "#path is \"dns\", not conn");
	header_refused(
	    "#path\tconnection", "#path is \"connection\", not conn");
	header_refused("#separator \\x0a", "#separator: cannot be \"\\x0a\"");
	header_refused("#separator \\x00", "#separator: cannot be \"\\x00\"");
	header_refused("#separator \\x9", "#separator: not one character: "
	                                  "\"\\x9\"");
	header_refused("#separator \\xg9", "#separator: not one character: "
	                                   "\"\\xg9\"");
	header_refused("#separator \\x09\\x09", "#separator: not one "
	                                        "character: \"\\x09\\x09\"");
	header_refused("#separator", "#separator: no value");
	header_refused("#unset_field\t", "#unset_field: not one value of 1 to "
	                                 "15 characters: \"\"");
	header_refused("#empty_field\t0123456789abcdef",
	    "#empty_field: not one value of 1 to 15 characters: "
	    "\"0123456789abcdef\"");
	header_refused("#unset_field\t-\tx", "#unset_field: not one value of 1 "
	                                     "to 15 characters: \"-\\x09x\"");
	header_refused("fields\tts", "not a header line: no '#' first");
	header_refused("", "not a header line: no '#' first");

	o = (size_t)snprintf(many, sizeof(many),
	    "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto");
	for (int i = 6; i < CONNLOG_COLS_MAX + 1; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o, "\tx%d", i);
	header_refused(many, "#fields names more than 128 columns");
	/* 128 is allowed */
	many[o - strlen("\tx128")] = '\0';
	assert_int_equal(
	    connlog_header(&fields, many, strlen(many), err, sizeof(err)), 0);
	assert_int_equal(fields.ncols, 128);
}

/* Header lines not used, and the variants of #path, are accepted. */
static void
test_header_comments(void **state)
{
	static const char *const ok[] = {
	    "#types\ttime\taddr",
	    "#open\t2024-06-10-08-00-00",
	    "#close\t2024-06-10-09-00-00",
	    "#set_separator\t,",
	    "# written by hand",
	    "#",
	    "#path\tconn_long",
	    "#path\tconn\r\n",
	    NULL,
	};
	struct connlog_fields before = fields;

	(void)state;
	header(&fields, ok);
	fields = before; /* header() started from Zeek's defaults */
	for (int i = 0; ok[i] != NULL; i++)
		assert_int_equal(connlog_header(&fields, ok[i], strlen(ok[i]),
		                     err, sizeof(err)),
		    0);
	assert_memory_equal(&before, &fields, sizeof(fields));
}

/* Another separator, and other markers: what a reconfigured LogAscii
 * writes. */
static void
test_separator(void **state)
{
	static const char *const hdr[] = {
	    "#separator \\x2c",
	    "#unset_field,<unset>",
	    "#empty_field,<none>",
	    "#fields,ts,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,service,"
	    "duration",
	    NULL,
	};
	static const char *const literal[] = {"#separator |", NULL};
	struct connlog_fields f;
	struct conn_record r;

	(void)state;
	header(&f, hdr);
	assert_int_equal(f.sep, ',');
	assert_int_equal(f.ncols, 8);
	assert_string_equal(f.unset, "<unset>");
	parses(&f, "1.25,10.0.0.1,1,10.0.0.2,2,tcp,<none>,<unset>", &r);
	assert_int_equal(r.ts_us, 1250000);
	assert_string_equal(r.service, "");
	assert_int_equal(r.duration_us, -1);
	/* "-" is a value now, and not a number */
	refused(&f, "1,10.0.0.1,1,10.0.0.2,2,tcp,-,-", 31,
	    "field duration: not an interval: \"-\"");
	header(&f, literal);
	assert_int_equal(f.sep, '|');
}

/* Times and intervals: the fraction in microseconds, from any number of
 * digits; the largest time (seconds in 32 bits) and interval that fit. */
static void
test_times(void **state)
{
	static const struct {
		const char *ts;
		int64_t us;
	} cases[] = {
	    {"0", 0}, {"0.000001", 1}, {"1", 1000000}, {"1.5", 1500000},
	    {"1718006402.055987", 1718006402055987},
	    {"1718006402.0559879", 1718006402055987}, {"0001.100", 1100000},
	    {"4294967295.999999", 4294967295999999}, /* the last of 2106 */
	};
	char s[256];
	struct conn_record r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(s, sizeof(s),
		    "%s\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t%s\t-\t-\t-\t-\t-"
		    "\t-\t-\t-\t-\t-\t-\t-",
		    cases[i].ts, cases[i].ts);
		parses(&fields, s, &r);
		assert_int_equal(r.ts_us, cases[i].us);
		assert_int_equal(r.duration_us, cases[i].us);
	}
	/* an interval may be as long as fits */
	parses(&fields,
	    "1\tC\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t9223372036854.775807\t-"
	    "\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-",
	    &r);
	assert_int_equal(r.duration_us, INT64_MAX);
}

/* Lines refused, each with its message. */
#define TAIL "\ttcp\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-"
#define ADDRS "\tC\t10.0.0.1\t1\t10.0.0.2\t2"

/* L_SF with its column col (from 0) replaced by v: refused with want. */
static void
refused_at(int col, const char *v, const char *want)
{
	char s[1024];
	const char *p = L_SF, *e;
	size_t o = 0, n;

	for (int i = 0;; i++) {
		e = strchr(p, '\t');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (i > 0)
			s[o++] = '\t';
		if (i == col) {
			memcpy(s + o, v, strlen(v));
			o += strlen(v);
		} else {
			memcpy(s + o, p, n);
			o += n;
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	refused(&fields, s, o, want);
}

static void
test_line_refused(void **state)
{
	(void)state;
	REFUSED("1.0\tC\t10.0.0.x\t1\t10.0.0.2\t2" TAIL,
	    "field id.orig_h: not an IP address: \"10.0.0.x\"");
	REFUSED("1.0\tC\t10.0.0.1\t1\t10.0.0.256\t2" TAIL,
	    "field id.resp_h: not an IP address: \"10.0.0.256\"");
	REFUSED("1.0\tC\t10.0.0.1 \t1\t10.0.0.2\t2" TAIL,
	    "field id.orig_h: not an IP address: \"10.0.0.1 \"");
	REFUSED("1.0\tC\t[::1]\t1\t::2\t2" TAIL,
	    "field id.orig_h: not an IP address: \"[::1]\"");
	REFUSED("1.0\tC\tfe80::1%eth0\t1\t::2\t2" TAIL,
	    "field id.orig_h: not an IP address: \"fe80::1%eth0\"");
	REFUSED("1.0\tC\t\t1\t::2\t2" TAIL,
	    "field id.orig_h: not an IP address: \"\"");
	/* a NUL would cut a C string short: not "10.0.0.1" */
	REFUSED("1.0\tC\t10.0.0.1\0x\t1\t10.0.0.2\t2" TAIL,
	    "field id.orig_h: not an IP address: \"10.0.0.1\\x00x\"");
	/* one character longer than any address */
	REFUSED("1.0\tC\t0000:0000:0000:0000:0000:ffff:192.168.100.2000\t1\t"
	        "::2\t2" TAIL,
	    "field id.orig_h: not an IP address: "
	    "\"0000:0000:0000:0000:0000:ffff:192.168.10\"...");
	REFUSED("1.0\tC\t10.0.0.1\t1\t::2\t2" TAIL,
	    "id.orig_h and id.resp_h are of different families");
	REFUSED("1.0\tC\t10.0.0.1\t1\t10.0.0.2\t70000" TAIL,
	    "field id.resp_p: out of range (0..65535): \"70000\"");
	REFUSED("1.0\tC\t10.0.0.1\t65536\t10.0.0.2\t2" TAIL,
	    "field id.orig_p: out of range (0..65535): \"65536\"");
	REFUSED("1.0\tC\t10.0.0.1\t-1\t10.0.0.2\t2" TAIL,
	    "field id.orig_p: not a number: \"-1\"");
	REFUSED("1.0\tC\t10.0.0.1\t80/tcp\t10.0.0.2\t2" TAIL,
	    "field id.orig_p: not a number: \"80/tcp\"");
	REFUSED("1.0\tC\t10.0.0.1\t+80\t10.0.0.2\t2" TAIL,
	    "field id.orig_p: not a number: \"+80\"");
	REFUSED("1.0\tC\t10.0.0.1\t\t10.0.0.2\t2" TAIL,
	    "field id.orig_p: not a number: \"\"");
	REFUSED(
	    "1.0\tC\t10.0.0.1\t-\t10.0.0.2\t2" TAIL, "field id.orig_p: unset");
	REFUSED("-1718006402.055987" ADDRS TAIL,
	    "field ts: negative: \"-1718006402.055987\"");
	REFUSED("17180o6402.055987" ADDRS TAIL,
	    "field ts: not a time: \"17180o6402.055987\"");
	REFUSED(
	    "1718006402." ADDRS TAIL, "field ts: not a time: \"1718006402.\"");
	REFUSED(".5" ADDRS TAIL, "field ts: not a time: \".5\"");
	REFUSED("1.5e9" ADDRS TAIL, "field ts: not a time: \"1.5e9\"");
	REFUSED("1.2.3" ADDRS TAIL, "field ts: not a time: \"1.2.3\"");
	REFUSED("--1" ADDRS TAIL, "field ts: not a time: \"--1\"");
	REFUSED("-" ADDRS TAIL, "field ts: unset");
	REFUSED("9223372036854.775808" ADDRS TAIL,
	    "field ts: out of range: \"9223372036854.775808\"");
	REFUSED("99999999999999999999999" ADDRS TAIL,
	    "field ts: out of range: \"99999999999999999999999\"");
	/* seconds past 32 bits: the last second of 2106 and the next */
	REFUSED("4294967296.000000" ADDRS TAIL,
	    "field ts: after 2106: \"4294967296.000000\"");
	refused_at(6, "sctp",
	    "field proto: not tcp, udp, icmp or unknown_transport: \"sctp\"");
	refused_at(6, "TCP",
	    "field proto: not tcp, udp, icmp or unknown_transport: \"TCP\"");
	refused_at(6, "-", "field proto: unset");
	refused_at(8, "-0.5", "field duration: negative: \"-0.5\"");
	refused_at(8, "2.4s", "field duration: not an interval: \"2.4s\"");
	refused_at(9, "12a", "field orig_bytes: not a number: \"12a\"");
	refused_at(10, "18446744073709551616",
	    "field resp_bytes: out of range: \"18446744073709551616\"");
	refused_at(11, "RSTOS0S0",
	    "field conn_state: longer than 7 characters: \"RSTOS0S0\"");
	refused_at(15, "Sh\x1b[2J",
	    "field history: control character: \"Sh\\x1b[2J\"");
	refused_at(7, "dns\x7f",
	    "field service: control character: "
	    "\"dns\\x7f\"");
	refused_at(
	    19, "(empty)", "field resp_ip_bytes: not a number: \"(empty)\"");
}

static void
test_columns_refused(void **state)
{
	struct connlog_fields none;

	(void)state;
	REFUSED("1.0\tC\t10.0.0.1\t1\t10.0.0.2",
	    "line has 5 columns, the #fields header names 21");
	REFUSED(L_SF "\t-", "line has 22 columns, the #fields header names 21");
	REFUSED("", "line has 1 column, the #fields header names 21");
	REFUSED("\n", "line has 1 column, the #fields header names 21");
	/* columns of spaces, as after a copy from a terminal */
	REFUSED("1.0 C 10.0.0.1 1 10.0.0.2 2 tcp",
	    "line has 1 column, the #fields header names 21");
	connlog_fields_init(&none);
	refused(
	    &none, L_SF, strlen(L_SF), "a data line before any #fields header");
}

/* The numbers' limits, which parse. */
static void
test_limits(void **state)
{
	static const char s[] = "1.0\tC\t0.0.0.0\t0\t255.255.255.255\t65535\t"
	                        "udp\t-\t-\t18446744073709551615\t0\t-\t-\t-\t-"
	                        "\t-\t00018446744073709551615\t-\t-\t-\t-";
	struct conn_record r;

	(void)state;
	parses(&fields, s, &r);
	assert_int_equal(r.orig_port, 0);
	assert_int_equal(r.resp_port, 65535);
	assert_true(r.orig_bytes == UINT64_MAX);
	assert_true(r.orig_pkts == UINT64_MAX);
	assert_int_equal(r.resp_bytes, 0);
}

/* Long strings: whole service names kept, history cut. */
static void
test_cut(void **state)
{
	char s[512];
	struct conn_record r;

	(void)state;
	snprintf(s, sizeof(s),
	    "1.0" ADDRS "\ttcp\t%s\t-\t-\t-\t-\t-\t-\t-\t%s\t-\t-\t-\t-\t-",
	    "ssl,spicy_openvpn_udp,http",
	    "ShADadtttttFfTTTTTTTTTTTTTTTTTTTTTTT");
	parses(&fields, s, &r);
	assert_string_equal(r.service, "ssl,spicy_openvpn_udp");
	assert_string_equal(r.history, "ShADadtttttFfTTTTTTTTTTTTTTTTTT");
	snprintf(s, sizeof(s),
	    "1.0" ADDRS "\ttcp\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-",
	    "spicy_a_very_long_analyzer_name,dns");
	parses(&fields, s, &r);
	assert_string_equal(r.service, "spicy_a_very_long_analy");
	/* exactly 23: whole */
	snprintf(s, sizeof(s),
	    "1.0" ADDRS "\ttcp\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-",
	    "dns,ssl,http,quic,ntp12,x");
	parses(&fields, s, &r);
	assert_string_equal(r.service, "dns,ssl,http,quic,ntp12");
}

/* A line inside a larger buffer is read to its length only, with its
 * "\r\n", "\n" or "\r". */
static void
test_bounds(void **state)
{
	char buf[512];
	size_t n = strlen(L_DNS);
	struct conn_record r;

	(void)state;
	memset(buf, '9', sizeof(buf)); /* more digits after resp_ip_bytes? */
	memcpy(buf, L_DNS, n);
	assert_int_equal(
	    connlog_line(&fields, buf, n, &r, err, sizeof(err)), 0);
	assert_int_equal(r.resp_ip_bytes, 130);
	assert_int_equal(
	    connlog_line(&fields, buf, n - 1, &r, err, sizeof(err)), 0);
	assert_int_equal(r.resp_ip_bytes, 130); /* tunnel_parents "" */
	memcpy(buf + n, "\r\n", 2);
	assert_int_equal(
	    connlog_line(&fields, buf, n + 2, &r, err, sizeof(err)), 0);
	assert_int_equal(
	    connlog_line(&fields, buf, n + 1, &r, err, sizeof(err)), 0);
	buf[n] = '\n';
	assert_int_equal(
	    connlog_line(&fields, buf, n + 1, &r, err, sizeof(err)), 0);
	/* cut inside the last field: still 21 columns, a shorter number */
	memcpy(buf, L_DNS, n);
	buf[n - 3] = '9';
	assert_int_equal(
	    connlog_line(&fields, buf, n - 3, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "line has 20 columns, the #fields header "
	                         "names 21");
	/* a small err buffer: cut, terminated */
	assert_int_equal(connlog_line(&fields, buf, 5, &r, err, 8), -1);
	assert_string_equal(err, "line ha");
}

/* Files: scratch.h writes them. */

#define HEADER                                                                 \
	"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n"         \
	"#unset_field\t-\n#path\tconn\n#open\t2024-06-10-08-00-00\n" FIELDS    \
	"\n" TYPES "\n"

/* Records until the end or an error: their count, or -1 - count. */
static int
read_all(struct connlog_file *c, struct conn_record *last)
{
	struct conn_record r;
	int rc, n = 0;

	while ((rc = connlog_file_next(c, &r)) == 1) {
		n++;
		if (last != NULL)
			*last = r;
	}
	return rc < 0 ? -1 - n : n;
}

static void
test_file_good(void **state)
{
	static const char text[] =
	    HEADER L_S0 "\n" L_REJ "\n" L_SF "\n" L_DNS "\n" L_PING "\n" L_RS
	                "\n#close\t2024-06-10-09-00-00\n";
	char path[sizeof(SCRATCH_TEMPLATE)];
	struct connlog_file *c;
	struct conn_record r;

	(void)state;
	scratch_file(path, text, sizeof(text) - 1);
	c = connlog_file_open(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(connlog_file_next(c, &r), 1);
	assert_string_equal(r.conn_state, "S0");
	assert_int_equal(connlog_file_line(c), 9);
	assert_int_equal(connlog_file_offset(c), sizeof(HEADER L_S0 "\n") - 1);
	assert_int_equal(read_all(c, &r), 5);
	assert_int_equal(r.proto, IPPROTO_ICMPV6);
	assert_int_equal(connlog_file_line(c), 15);
	assert_int_equal(connlog_file_offset(c), sizeof(text) - 1);
	assert_int_equal(connlog_file_next(c, &r), 0);
	assert_int_equal(connlog_file_skipped(c), 0);
	connlog_file_close(c);
	unlink(path);
}

/* Two logs end to end, the second with other columns, CRLF line ends,
 * blank lines, an unknown_transport line skipped, no final newline. */
static void
test_file_concatenated(void **state)
{
	static const char text[] = HEADER L_S0
	    "\n\n#close\t2024-06-10-09-00-00\n"
	    "#separator \\x09\r\n#path\tconn\r\n"
	    "#fields\tid.orig_h\tid.resp_h\tts\tid.orig_p\tid.resp_p\tproto\t"
	    "ip_proto\r\n"
	    "10.0.0.1\t10.0.0.2\t5.5\t1\t2\tunknown_transport\t50\r\n"
	    "\r\n"
	    "10.0.0.1\t10.0.0.2\t6.5\t1\t2\tudp\t17";
	char path[sizeof(SCRATCH_TEMPLATE)];
	struct connlog_file *c;
	struct conn_record r;

	(void)state;
	scratch_file(path, text, sizeof(text) - 1);
	c = connlog_file_open(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(read_all(c, &r), 2);
	assert_int_equal(r.ts_us, 6500000);
	assert_int_equal(r.proto, IPPROTO_UDP);
	assert_int_equal(connlog_file_skipped(c), 1);
	assert_int_equal(connlog_file_line(c), 17);
	assert_int_equal(connlog_file_offset(c), sizeof(text) - 1);
	connlog_file_close(c);
	unlink(path);
}

/* An error on line N: the records before it, then "PATH:N: message",
 * again on every later call. */
static void
test_file_bad_line(void **state)
{
	static const char text[] = HEADER L_S0
	    "\n" L_REJ "\n"
	    "1718006420.1\tC\t192.168.1.50\t49842\t93.184.215.14\t70000\ttcp\t-"
	    "\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\n" L_SF "\n";
	char path[sizeof(SCRATCH_TEMPLATE)], want[256];
	struct connlog_file *c;
	struct conn_record r;

	(void)state;
	scratch_file(path, text, sizeof(text) - 1);
	c = connlog_file_open(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(read_all(c, &r), -1 - 2);
	assert_string_equal(r.conn_state, "REJ");
	snprintf(want, sizeof(want),
	    "%s:11: field id.resp_p: out of range (0..65535): \"70000\"", path);
	assert_string_equal(connlog_file_error(c), want);
	assert_int_equal(connlog_file_line(c), 11);
	assert_int_equal(connlog_file_next(c, &r), -1);
	assert_int_equal(connlog_file_line(c), 11);
	connlog_file_close(c);
	unlink(path);
}

/* One file for each refusal, and its message. */
static void
file_refused(const char *text, size_t n, int records, const char *want)
{
	char path[sizeof(SCRATCH_TEMPLATE)], full[512];
	struct connlog_file *c;

	scratch_file(path, text, n);
	c = connlog_file_open(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(read_all(c, NULL), -1 - records);
	snprintf(full, sizeof(full), "%s:%s", path, want);
	assert_string_equal(connlog_file_error(c), full);
	connlog_file_close(c);
	unlink(path);
}

#define FILE_REFUSED(text, records, want)                                      \
	file_refused(text, sizeof(text) - 1, records, want)

static void
test_file_refused(void **state)
{
	static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
	char path[sizeof(SCRATCH_TEMPLATE)], want[256], *big;
	struct connlog_file *c;
	size_t n;

	(void)state;
	FILE_REFUSED(L_S0 "\n", 0, "1: a data line before any #fields header");
	FILE_REFUSED("#separator \\x09\n" L_S0 "\n", 0,
	    "2: a data line before any #fields header");
	FILE_REFUSED("{\"ts\":1718006411.003318,\"uid\":\"C\"}\n", 0,
	    "1: a JSON log: only Zeek's tab-separated logs are read");
	FILE_REFUSED(HEADER L_S0 "\n#fields\tts\n" L_S0 "\n", 1,
	    "10: #fields lacks id.orig_h, id.orig_p, id.resp_h, id.resp_p, "
	    "proto");
	FILE_REFUSED(HEADER "#path\tdns\n", 0, "9: #path is \"dns\", not conn");

	/* a line past CONNLOG_LINE_MAX, after a good one */
	n = sizeof(HEADER L_S0 "\n") - 1;
	big = malloc(n + CONNLOG_LINE_MAX + 2);
	assert_non_null(big);
	memcpy(big, HEADER L_S0 "\n", n);
	memset(big + n, 'x', CONNLOG_LINE_MAX + 1);
	big[n + CONNLOG_LINE_MAX + 1] = '\n';
	file_refused(big, n + CONNLOG_LINE_MAX + 2, 1,
	    "10: line longer than 65536 bytes");
	/* and one of exactly CONNLOG_LINE_MAX, only not a conn line */
	file_refused(big, n + CONNLOG_LINE_MAX, 1,
	    "10: line has 1 column, the #fields header names 21");
	free(big);

	scratch_file(path, gz, sizeof(gz) - 1);
	assert_null(connlog_file_open(path, err, sizeof(err)));
	snprintf(want, sizeof(want),
	    "%s: compressed with gzip; decompress it first (zcat)", path);
	assert_string_equal(err, want);
	unlink(path);

	assert_null(
	    connlog_file_open("/nonexistent/conn.log", err, sizeof(err)));
	assert_string_equal(err, "/nonexistent/conn.log: No such file or "
	                         "directory");
	assert_null(connlog_file_open("/tmp", err, sizeof(err)));
	assert_string_equal(err, "/tmp: Is a directory");

	/* empty: no records, no error */
	scratch_file(path, "", 0);
	c = connlog_file_open(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(read_all(c, NULL), 0);
	assert_string_equal(connlog_file_error(c), "");
	connlog_file_close(c);
	unlink(path);
}

/* The sample log in tests/data: a device at 192.168.1.50 (and its IPv6
 * addresses) doing ordinary things. */
static void
test_sample(void **state)
{
	const char *dir = getenv("AIRLOCK_TESTDATA");
	char path[512];
	struct ipaddr dev, dev6, ll;
	struct connlog_file *c;
	struct conn_record r;
	int n = 0, tcp = 0, udp = 0, icmp = 0, icmp6 = 0;

	(void)state;
	if (dir == NULL)
		skip();
	snprintf(path, sizeof(path), "%s/connlog/sample.log", dir);
	assert_int_equal(ipaddr_parse("192.168.1.50", &dev), 0);
	assert_int_equal(
	    ipaddr_parse("2001:db8:1:0:2e3a:e8ff:fe4b:1a2c", &dev6), 0);
	assert_int_equal(ipaddr_parse("fe80::2e3a:e8ff:fe4b:1a2c", &ll), 0);
	c = connlog_file_open(path, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	while (connlog_file_next(c, &r) == 1) {
		n++;
		assert_true(ipaddr_equal(&r.orig, &dev) ||
		            ipaddr_equal(&r.resp, &dev) ||
		            ipaddr_equal(&r.orig, &dev6) ||
		            ipaddr_equal(&r.orig, &ll));
		tcp += r.proto == IPPROTO_TCP;
		udp += r.proto == IPPROTO_UDP;
		icmp += r.proto == IPPROTO_ICMP;
		icmp6 += r.proto == IPPROTO_ICMPV6;
	}
	if (connlog_file_error(c)[0] != '\0')
		fail_msg("%s", connlog_file_error(c));
	assert_int_equal(n, 20);
	assert_int_equal(tcp, 9);
	assert_int_equal(udp, 9);
	assert_int_equal(icmp, 1);
	assert_int_equal(icmp6, 1);
	connlog_file_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_zeek_header, setup_zeek),
	    cmocka_unit_test_setup(test_tcp, setup_zeek),
	    cmocka_unit_test_setup(test_udp_icmp, setup_zeek),
	    cmocka_unit_test_setup(test_ipv6, setup_zeek),
	    cmocka_unit_test_setup(test_unset_empty, setup_zeek),
	    cmocka_unit_test_setup(test_other_order, setup_zeek),
	    cmocka_unit_test_setup(test_unknown_transport, setup_zeek),
	    cmocka_unit_test_setup(test_header_refused, setup_zeek),
	    cmocka_unit_test_setup(test_header_comments, setup_zeek),
	    cmocka_unit_test(test_separator),
	    cmocka_unit_test_setup(test_times, setup_zeek),
	    cmocka_unit_test_setup(test_line_refused, setup_zeek),
	    cmocka_unit_test_setup(test_columns_refused, setup_zeek),
	    cmocka_unit_test_setup(test_limits, setup_zeek),
	    cmocka_unit_test_setup(test_cut, setup_zeek),
	    cmocka_unit_test_setup(test_bounds, setup_zeek),
	    cmocka_unit_test(test_file_good),
	    cmocka_unit_test(test_file_concatenated),
	    cmocka_unit_test(test_file_bad_line),
	    cmocka_unit_test(test_file_refused),
	    cmocka_unit_test(test_sample),
	};

	return cmocka_run_group_tests_name("connlog", tests, NULL, NULL);
}
