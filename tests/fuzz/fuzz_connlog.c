/*
 * The conn.log parser on anything: the input's first line is a header
 * line; when it is refused, or leaves no #fields (a #separator line, say),
 * Zeek's default #fields is used, written with whatever separator is in
 * force. Every other line is a data line. Each line is copied into a
 * buffer of its exact size, with no NUL after it, so that ASan sees a
 * read past its length. Checked promises: a refused header leaves the
 * field map as it was; a data line gives 0, CONNLOG_OTHER_PROTO or -1;
 * -1 comes with a message; a record has two addresses of one family, a
 * protocol that matches Zeek's name and the family, NUL-terminated
 * strings, a time that is not negative and a duration of -1 or more.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include "monitor/connlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char default_fields[] =
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
    "service\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\t"
    "local_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
    "resp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto";

/* The line in a heap buffer of its exact size. */
static char *
exact(const uint8_t *p, size_t n)
{
	char *copy = malloc(n ? n : 1);

	if (copy == NULL)
		abort();
	memcpy(copy, p, n);
	return copy;
}

static void
header(struct connlog_fields *f, const uint8_t *p, size_t n)
{
	struct connlog_fields before = *f;
	char fields[sizeof(default_fields)], err[256];
	char *copy = exact(p, n);
	size_t i;

	if (connlog_header(f, copy, n, err, sizeof(err)) < 0 &&
	    (err[0] == '\0' || memcmp(&before, f, sizeof(*f)) != 0))
		abort();
	free(copy);
	if (f->ncols != 0)
		return;
	memcpy(fields, default_fields, sizeof(fields));
	for (i = 0; i < sizeof(fields) - 1; i++)
		if (fields[i] == '\t')
			fields[i] = f->sep;
	/* a separator that is also in a column's name cannot work */
	if (connlog_header(f, fields, sizeof(fields) - 1, err, sizeof(err)) <
	    0) {
		connlog_fields_init(f);
		if (connlog_header(f, default_fields,
		        sizeof(default_fields) - 1, err, sizeof(err)) < 0)
			abort();
	}
}

static void
check(int rc, const struct conn_record *r, const char *err, size_t errlen)
{
	if (rc < 0) {
		if (rc != -1 || err[0] == '\0' ||
		    strnlen(err, errlen) == errlen)
			abort();
		return;
	}
	if (rc != 0 && rc != CONNLOG_OTHER_PROTO)
		abort();
	if (r->orig.family != r->resp.family ||
	    (r->orig.family != AF_INET && r->orig.family != AF_INET6))
		abort();
	if (rc == 0 && r->proto != IPPROTO_TCP && r->proto != IPPROTO_UDP &&
	    r->proto !=
	        (r->orig.family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6))
		abort();
	if (r->ts_us < 0 || r->duration_us < -1)
		abort();
	if (strnlen(r->service, sizeof(r->service)) == sizeof(r->service) ||
	    strnlen(r->conn_state, sizeof(r->conn_state)) ==
	        sizeof(r->conn_state) ||
	    strnlen(r->history, sizeof(r->history)) == sizeof(r->history))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct connlog_fields f;
	struct conn_record r;
	const uint8_t *p = data, *end = data + size, *nl;
	char err[256], *copy;
	size_t n;
	int rc;

	connlog_fields_init(&f);
	nl = memchr(p, '\n', size);
	n = nl != NULL ? (size_t)(nl - p) : size;
	header(&f, p, n);
	p += n + (nl != NULL);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		copy = exact(p, n);
		err[0] = '\0';
		rc = connlog_line(&f, copy, n, &r, err, sizeof(err));
		check(rc, &r, err, sizeof(err));
		free(copy);
		p += n + (nl != NULL);
	}
	return 0;
}
