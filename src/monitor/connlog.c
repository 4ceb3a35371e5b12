#include "monitor/connlog.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define QUOTE_MAX 40 /* bytes of a bad value shown in an error */
#define QUOTED_MAX (2 + 4 * QUOTE_MAX + 3 + 1)
#define REQUIRED CONNLOG_PROTO /* fields 0..REQUIRED must be in #fields */
#define OTHER_PROTO_NONE 255   /* unknown_transport without ip_proto */

/* How parse_u64() and parse_time() fail. */
enum num {
	NUM_OK = 0,
	NUM_BAD = -1,   /* not a number of this kind */
	NUM_RANGE = -2, /* past the maximum */
	NUM_NEG = -3,   /* a time with a minus sign */
};

/* Zeek's transport_proto, as written. */
enum zproto {
	ZP_TCP = 1,
	ZP_UDP,
	ZP_ICMP,
	ZP_OTHER, /* unknown_transport */
};

static const char *const names[CONNLOG_NFIELDS] = {
    [CONNLOG_TS] = "ts",
    [CONNLOG_ORIG_H] = "id.orig_h",
    [CONNLOG_ORIG_P] = "id.orig_p",
    [CONNLOG_RESP_H] = "id.resp_h",
    [CONNLOG_RESP_P] = "id.resp_p",
    [CONNLOG_PROTO] = "proto",
    [CONNLOG_SERVICE] = "service",
    [CONNLOG_DURATION] = "duration",
    [CONNLOG_ORIG_BYTES] = "orig_bytes",
    [CONNLOG_RESP_BYTES] = "resp_bytes",
    [CONNLOG_CONN_STATE] = "conn_state",
    [CONNLOG_HISTORY] = "history",
    [CONNLOG_ORIG_PKTS] = "orig_pkts",
    [CONNLOG_ORIG_IP_BYTES] = "orig_ip_bytes",
    [CONNLOG_RESP_PKTS] = "resp_pkts",
    [CONNLOG_RESP_IP_BYTES] = "resp_ip_bytes",
    [CONNLOG_IP_PROTO] = "ip_proto",
};

/* One data line being parsed: what the record cannot hold until the
 * whole line is read (the protocol needs both addresses' family). */
struct lctx {
	const struct connlog_fields *f;
	struct conn_record *r;
	char *err;
	size_t errlen;
	enum zproto zp;
	int ip_proto; /* -1 when unset or absent */
};

/* The line without its "\n" or "\r\n". */
static size_t
chomp(const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
}

static int
same(const char *p, size_t n, const char *s, size_t slen)
{
	return n == slen && memcmp(p, s, n) == 0;
}

#define SAME(p, n, lit) same(p, n, lit, sizeof(lit) - 1)

/* A value for an error message: quoted, cut to QUOTE_MAX bytes, anything
 * unprintable as \xHH, so that a binary file cannot write control
 * characters to the user's terminal. */
static void
quote(char out[QUOTED_MAX], const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	out[o++] = '"';
	for (i = 0; i < n && i < QUOTE_MAX; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch >= 0x20 && ch < 0x7f) {
			out[o++] = (char)ch;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[ch >> 4];
		out[o++] = hex[ch & 0xf];
	}
	out[o++] = '"';
	if (n > QUOTE_MAX) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static int
field_err(struct lctx *c, int field, const char *what, const char *p, size_t n)
{
	char q[QUOTED_MAX];

	quote(q, p, n);
	snprintf(c->err, c->errlen, "field %s: %s: %s", names[field], what, q);
	return -1;
}

/* Decimal digits, no sign, at most max. A value past max is told apart
 * from one that is not a number at all. */
static enum num
parse_u64(const char *p, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	int over = 0;

	if (n == 0)
		return NUM_BAD;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)((unsigned char)p[i] - '0');

		if (d > 9)
			return NUM_BAD;
		if (over || v > (max - d) / 10) {
			over = 1;
			continue;
		}
		v = v * 10 + d;
	}
	if (over)
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

/* "seconds[.fraction]", as Zeek writes times and intervals, in
 * microseconds. Zeek writes six decimals; digits past the sixth are
 * checked and dropped. */
static enum num
parse_time(const char *p, size_t n, int64_t *out)
{
	const char *dot;
	size_t ni, i;
	uint64_t sec = 0, frac = 0;
	enum num rc;

	if (n > 1 && p[0] == '-') {
		rc = parse_time(p + 1, n - 1, out);
		return rc == NUM_OK || rc == NUM_RANGE ? NUM_NEG : NUM_BAD;
	}
	dot = memchr(p, '.', n);
	ni = dot != NULL ? (size_t)(dot - p) : n;
	if (dot != NULL && ni + 1 == n)
		return NUM_BAD; /* "5." */
	rc = parse_u64(p, ni, INT64_MAX / 1000000, &sec);
	if (rc == NUM_BAD)
		return rc;
	for (i = ni + 1; i < n; i++) {
		unsigned d = (unsigned)((unsigned char)p[i] - '0');

		if (d > 9)
			return NUM_BAD;
		if (i - ni <= 6)
			frac = frac * 10 + d;
	}
	for (i = dot != NULL ? n - ni - 1 : 0; i < 6; i++)
		frac *= 10;
	if (rc == NUM_RANGE || sec * 1000000 > (uint64_t)INT64_MAX - frac)
		return NUM_RANGE;
	*out = (int64_t)(sec * 1000000 + frac);
	return NUM_OK;
}

/* inet_pton wants a string: a bounded copy, after a check that the
 * field holds only what an address can (no NUL to cut it short). */
static int
parse_addr(const char *p, size_t n, struct ipaddr *a)
{
	char buf[ADDR_STRLEN];
	size_t i;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	for (i = 0; i < n; i++) {
		char ch = p[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		        (ch >= 'A' && ch <= 'F') || ch == '.' || ch == ':'))
			return -1;
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	return ipaddr_parse(buf, a) < 0 ? -1 : 0;
}

static int
has_control(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 1;
	return 0;
}

/* A comma-separated list cut to whole names where it can be: a
 * half name would read as another service. */
static void
copy_names(char *dst, size_t dstsz, const char *p, size_t n)
{
	size_t keep = n;

	if (n >= dstsz) {
		keep = dstsz - 1;
		while (keep > 0 && p[keep] != ',')
			keep--;
		if (keep == 0)
			keep = dstsz - 1; /* one name too long: cut it */
	}
	memcpy(dst, p, keep);
	dst[keep] = '\0';
}

static void
copy_cut(char *dst, size_t dstsz, const char *p, size_t n)
{
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/* Counts, ports (max 65535) and ip_proto (255). */
static int
parse_num(struct lctx *c, int field, const char *p, size_t n, uint64_t max,
    uint64_t *out)
{
	char what[48];

	switch (parse_u64(p, n, max, out)) {
	case NUM_OK:
		return 0;
	case NUM_RANGE:
		if (max == UINT64_MAX)
			return field_err(c, field, "out of range", p, n);
		snprintf(what, sizeof(what), "out of range (0..%llu)",
		    (unsigned long long)max);
		return field_err(c, field, what, p, n);
	default:
		return field_err(c, field, "not a number", p, n);
	}
}

static int
parse_port(struct lctx *c, int field, const char *p, size_t n, uint16_t *out)
{
	uint64_t v;

	if (parse_num(c, field, p, n, UINT16_MAX, &v) < 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

/* ts and duration; what is the word for the error. */
static int
parse_when(struct lctx *c, int field, const char *what, const char *p, size_t n,
    int64_t *out)
{
	switch (parse_time(p, n, out)) {
	case NUM_OK:
		return 0;
	case NUM_RANGE:
		return field_err(c, field, "out of range", p, n);
	case NUM_NEG:
		return field_err(c, field, "negative", p, n);
	default:
		return field_err(c, field, what, p, n);
	}
}

static int
parse_proto(struct lctx *c, const char *p, size_t n)
{
	if (SAME(p, n, "tcp"))
		c->zp = ZP_TCP;
	else if (SAME(p, n, "udp"))
		c->zp = ZP_UDP;
	else if (SAME(p, n, "icmp"))
		c->zp = ZP_ICMP;
	else if (SAME(p, n, "unknown_transport"))
		c->zp = ZP_OTHER;
	else
		return field_err(c, CONNLOG_PROTO,
		    "not tcp, udp, icmp or unknown_transport", p, n);
	return 0;
}

/* service, conn_state and history: "" when unset or empty. */
static int
parse_string(struct lctx *c, int field, const char *p, size_t n)
{
	struct conn_record *r = c->r;

	if (same(p, n, c->f->unset, c->f->unset_len) ||
	    same(p, n, c->f->empty, c->f->empty_len))
		return 0;
	if (has_control(p, n))
		return field_err(c, field, "control character", p, n);
	if (field == CONNLOG_SERVICE)
		copy_names(r->service, sizeof(r->service), p, n);
	else if (field == CONNLOG_HISTORY)
		copy_cut(r->history, sizeof(r->history), p, n);
	else if (n >= sizeof(r->conn_state))
		return field_err(c, field, "longer than 7 characters", p, n);
	else
		copy_cut(r->conn_state, sizeof(r->conn_state), p, n);
	return 0;
}

/* The columns that are always set: ts, the addresses, ports, proto. */
static int
parse_required(struct lctx *c, int field, const char *p, size_t n)
{
	struct conn_record *r = c->r;

	if (same(p, n, c->f->unset, c->f->unset_len)) {
		snprintf(c->err, c->errlen, "field %s: unset", names[field]);
		return -1;
	}
	switch (field) {
	case CONNLOG_TS:
		if (parse_when(c, field, "not a time", p, n, &r->ts_us) < 0)
			return -1;
		/* the engine keeps seconds in 32 bits, as pcap does */
		if (r->ts_us / 1000000 > UINT32_MAX)
			return field_err(c, field, "after 2106", p, n);
		return 0;
	case CONNLOG_ORIG_H:
	case CONNLOG_RESP_H:
		if (parse_addr(p, n,
		        field == CONNLOG_ORIG_H ? &r->orig : &r->resp) < 0)
			return field_err(c, field, "not an IP address", p, n);
		return 0;
	case CONNLOG_ORIG_P:
		return parse_port(c, field, p, n, &r->orig_port);
	case CONNLOG_RESP_P:
		return parse_port(c, field, p, n, &r->resp_port);
	}
	return parse_proto(c, p, n);
}

/* The optional columns: unset leaves the record's default. */
static int
parse_optional(struct lctx *c, int field, const char *p, size_t n)
{
	struct conn_record *r = c->r;
	uint64_t v;

	if (field == CONNLOG_SERVICE || field == CONNLOG_CONN_STATE ||
	    field == CONNLOG_HISTORY)
		return parse_string(c, field, p, n);
	if (same(p, n, c->f->unset, c->f->unset_len))
		return 0;
	switch (field) {
	case CONNLOG_DURATION:
		return parse_when(
		    c, field, "not an interval", p, n, &r->duration_us);
	case CONNLOG_ORIG_BYTES:
		return parse_num(c, field, p, n, UINT64_MAX, &r->orig_bytes);
	case CONNLOG_RESP_BYTES:
		return parse_num(c, field, p, n, UINT64_MAX, &r->resp_bytes);
	case CONNLOG_ORIG_PKTS:
		return parse_num(c, field, p, n, UINT64_MAX, &r->orig_pkts);
	case CONNLOG_ORIG_IP_BYTES:
		return parse_num(c, field, p, n, UINT64_MAX, &r->orig_ip_bytes);
	case CONNLOG_RESP_PKTS:
		return parse_num(c, field, p, n, UINT64_MAX, &r->resp_pkts);
	case CONNLOG_RESP_IP_BYTES:
		return parse_num(c, field, p, n, UINT64_MAX, &r->resp_ip_bytes);
	}
	if (parse_num(c, field, p, n, UINT8_MAX, &v) < 0) /* ip_proto */
		return -1;
	c->ip_proto = (int)v;
	return 0;
}

/* What needs the whole line: one family, and ICMP's version from it. */
static int
finish(struct lctx *c)
{
	struct conn_record *r = c->r;

	if (r->orig.family != r->resp.family) {
		snprintf(c->err, c->errlen,
		    "id.orig_h and id.resp_h are of different families");
		return -1;
	}
	switch (c->zp) {
	case ZP_TCP:
		r->proto = IPPROTO_TCP;
		return 0;
	case ZP_UDP:
		r->proto = IPPROTO_UDP;
		return 0;
	case ZP_ICMP:
		r->proto =
		    r->orig.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
		return 0;
	default:
		r->proto = (uint8_t)(c->ip_proto >= 0 ? c->ip_proto
		                                      : OTHER_PROTO_NONE);
		return CONNLOG_OTHER_PROTO;
	}
}

static size_t
count_columns(const char *line, size_t len, char sep)
{
	const char *p = line, *end = line + len, *e;
	size_t n = 1;

	while ((e = memchr(p, sep, (size_t)(end - p))) != NULL) {
		n++;
		p = e + 1;
	}
	return n;
}

int
connlog_line(const struct connlog_fields *f, const char *line, size_t len,
    struct conn_record *r, char *err, size_t errlen)
{
	struct lctx c = {
	    .f = f, .r = r, .err = err, .errlen = errlen, .ip_proto = -1};
	size_t ncols, off = 0, n;
	const char *e;
	int col, field, rc;

	len = chomp(line, len);
	if (f->ncols == 0) {
		snprintf(err, errlen, "a data line before any #fields header");
		return -1;
	}
	ncols = count_columns(line, len, f->sep);
	if (ncols != f->ncols) {
		snprintf(err, errlen,
		    "line has %zu column%s, the #fields header names %u", ncols,
		    ncols == 1 ? "" : "s", (unsigned)f->ncols);
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->duration_us = -1;
	for (col = 0; col < f->ncols; col++) {
		e = memchr(line + off, f->sep, len - off);
		n = e != NULL ? (size_t)(e - (line + off)) : len - off;
		field = f->field_of[col];
		if (field <= REQUIRED && field >= 0)
			rc = parse_required(&c, field, line + off, n);
		else if (field > REQUIRED)
			rc = parse_optional(&c, field, line + off, n);
		else
			rc = 0;
		if (rc < 0)
			return -1;
		off += n + 1;
	}
	return finish(&c);
}

void
connlog_fields_init(struct connlog_fields *f)
{
	memset(f, 0, sizeof(*f));
	memset(f->field_of, -1, sizeof(f->field_of));
	memset(f->col_of, -1, sizeof(f->col_of));
	f->sep = '\t';
	f->unset_len = 1;
	memcpy(f->unset, "-", 2);
	f->empty_len = 7;
	memcpy(f->empty, "(empty)", 8);
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "\x09" as Zeek writes it, or the character itself. A line break or a
 * NUL would make lines or C strings of the columns. */
static int
header_separator(
    struct connlog_fields *f, const char *v, size_t n, char *err, size_t errlen)
{
	char q[QUOTED_MAX];
	int ch = -1;

	if (n == 1)
		ch = (unsigned char)v[0];
	else if (n == 4 && v[0] == '\\' && v[1] == 'x' && hexval(v[2]) >= 0 &&
	         hexval(v[3]) >= 0)
		ch = hexval(v[2]) * 16 + hexval(v[3]);
	quote(q, v, n);
	if (ch < 0) {
		snprintf(err, errlen, "#separator: not one character: %s", q);
		return -1;
	}
	if (ch == '\n' || ch == '\r' || ch == '\0') {
		snprintf(err, errlen, "#separator: cannot be %s", q);
		return -1;
	}
	f->sep = (char)ch;
	return 0;
}

/* #unset_field and #empty_field. */
static int
header_mark(const char *kw, char *mark, uint8_t *mark_len, char sep,
    const char *v, size_t n, char *err, size_t errlen)
{
	char q[QUOTED_MAX];

	if (n == 0 || n >= CONNLOG_MARK_MAX || memchr(v, sep, n) != NULL ||
	    has_control(v, n)) {
		quote(q, v, n);
		snprintf(err, errlen,
		    "%s: not one value of 1 to %d characters: %s", kw,
		    CONNLOG_MARK_MAX - 1, q);
		return -1;
	}
	memcpy(mark, v, n);
	mark[n] = '\0';
	*mark_len = (uint8_t)n;
	return 0;
}

static int
field_by_name(const char *p, size_t n)
{
	int i;

	for (i = 0; i < CONNLOG_NFIELDS; i++)
		if (same(p, n, names[i], strlen(names[i])))
			return i;
	return -1;
}

/* The required fields #fields lacks, into err. */
static int
header_lacks(const struct connlog_fields *f, char *err, size_t errlen)
{
	size_t o;
	int i, lacks = 0;

	o = (size_t)snprintf(err, errlen, "#fields lacks");
	for (i = 0; i <= REQUIRED; i++) {
		if (f->col_of[i] >= 0)
			continue;
		if (o < errlen)
			o += (size_t)snprintf(err + o, errlen - o, "%s %s",
			    lacks ? "," : "", names[i]);
		lacks = 1;
	}
	return lacks ? -1 : 0;
}

static int
header_fields(
    struct connlog_fields *f, const char *v, size_t n, char *err, size_t errlen)
{
	struct connlog_fields nf = *f;
	size_t off = 0, cl;
	const char *e;
	int id;

	memset(nf.field_of, -1, sizeof(nf.field_of));
	memset(nf.col_of, -1, sizeof(nf.col_of));
	for (nf.ncols = 0;; nf.ncols++) {
		e = memchr(v + off, f->sep, n - off);
		cl = e != NULL ? (size_t)(e - (v + off)) : n - off;
		if (nf.ncols == CONNLOG_COLS_MAX) {
			snprintf(err, errlen,
			    "#fields names more than %d columns",
			    CONNLOG_COLS_MAX);
			return -1;
		}
		if (cl == 0) {
			snprintf(err, errlen, "#fields: column %u has no name",
			    nf.ncols + 1u);
			return -1;
		}
		id = field_by_name(v + off, cl);
		if (id >= 0 && nf.col_of[id] >= 0) {
			snprintf(
			    err, errlen, "#fields names %s twice", names[id]);
			return -1;
		}
		if (id >= 0) {
			nf.col_of[id] = (int16_t)nf.ncols;
			nf.field_of[nf.ncols] = (int8_t)id;
		}
		if (e == NULL)
			break;
		off += cl + 1;
	}
	nf.ncols++;
	if (header_lacks(&nf, err, errlen) < 0)
		return -1;
	*f = nf;
	return 0;
}

/* conn, or a variant such as conn_long: not dns, which has every column
 * required here. */
static int
header_path(const char *v, size_t n, char *err, size_t errlen)
{
	char q[QUOTED_MAX];

	if (SAME(v, n, "conn") || (n > 5 && memcmp(v, "conn_", 5) == 0))
		return 0;
	quote(q, v, n);
	snprintf(err, errlen, "#path is %s, not conn", q);
	return -1;
}

int
connlog_header(struct connlog_fields *f, const char *line, size_t len,
    char *err, size_t errlen)
{
	const char *v;
	size_t k = 1, n;

	len = chomp(line, len);
	if (len == 0 || line[0] != '#') {
		snprintf(err, errlen, "not a header line: no '#' first");
		return -1;
	}
	/* The keyword ends at the separator, or at a space: #separator's
	 * own line has a space, before a separator is known. */
	while (k < len && line[k] != f->sep && line[k] != ' ')
		k++;
	v = k < len ? line + k + 1 : line + len;
	n = k < len ? len - k - 1 : 0;
	if (SAME(line, k, "#separator") && k < len)
		return header_separator(f, v, n, err, errlen);
	if (!SAME(line, k, "#separator") && !SAME(line, k, "#fields") &&
	    !SAME(line, k, "#unset_field") && !SAME(line, k, "#empty_field") &&
	    !SAME(line, k, "#path"))
		return 0; /* #types, #open, #close...: comments here */
	if (k == len) {
		snprintf(err, errlen, "%.*s: no value", (int)k, line);
		return -1;
	}
	if (line[k] != f->sep) {
		snprintf(err, errlen,
		    "%.*s: a space after it, not the separator \\x%02x", (int)k,
		    line, (unsigned char)f->sep);
		return -1;
	}
	if (SAME(line, k, "#fields"))
		return header_fields(f, v, n, err, errlen);
	if (SAME(line, k, "#unset_field"))
		return header_mark("#unset_field", f->unset, &f->unset_len,
		    f->sep, v, n, err, errlen);
	if (SAME(line, k, "#empty_field"))
		return header_mark("#empty_field", f->empty, &f->empty_len,
		    f->sep, v, n, err, errlen);
	return header_path(v, n, err, errlen);
}
