/*
 * The engine's UDP probes (scan_engine.h): CoAP, SSDP (and the UPnP
 * description it points at), SNMP and TFTP, in the engine's connection
 * slots under its epoll and within its rate limits: a datagram, the
 * resend and the description's TCP connection each count as a new
 * connection.
 *
 * Each (host, port) gets one socket with IP_RECVERR, so that an ICMP
 * error comes back as the socket's error: port unreachable is
 * ECONNREFUSED (closed), host unreachable marks the host down as TCP's
 * does. The socket is connected (the kernel drops datagrams from any
 * other endpoint), except TFTP's and SSDP's: a TFTP server answers from
 * a port of its own (RFC 1350's transfer identifier), and so do many
 * SSDP responders (libupnp sends each answer from a new socket); those
 * sockets only send to the device's port and take datagrams from the
 * device's address alone. Nothing is ever sent to another address: the SSDP
 * LOCATION's description is fetched only when the URL names the device's own
 * address, and then from that address, not the URL's.
 *
 * A port is open only when it answered. Silence for read-ms gets one
 * resend, then the port is taken as closed or filtered and not reported.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "scan/probe_snmp.h"
#include "scan/probe_tftp.h"
#include "scan/scan_engine.h"

#define DATAGRAM_MAX 2048   /* more than any answer the probes read */
#define DESC_BODY_MAX 65536 /* a description longer than this is cut */

/* Does the server answer from another port than the one asked? */
static int
any_port(const struct conn *c)
{
	return c->probe == SCAN_PROBE_TFTP || c->probe == SCAN_PROBE_SSDP;
}

static void
random_bytes(void *out, size_t n)
{
	if (getrandom(out, n, 0) != (ssize_t)n)
		memset(out, 0x5a, n); /* no entropy: a fixed id still works */
}

static socklen_t
sockaddr_of(
    const struct scan_host *h, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (h->addr.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, h->addr.bytes, 4);
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	memcpy(&sin6->sin6_addr, h->addr.bytes, 16);
	return sizeof(*sin6);
}

/* The probe's datagram into c->udp.req. */
static void
build_request(struct conn *c)
{
	struct udp_conn *u = &c->udp;
	char host[ADDR_STRLEN + 2], name[32];
	uint8_t r[8];
	long n;

	random_bytes(r, sizeof(r));
	switch (c->probe) {
	case SCAN_PROBE_COAP:
		u->mid = (uint16_t)(r[0] << 8 | r[1]);
		memcpy(u->token, r + 2, COAP_TOKEN_LEN);
		u->req_len = coap_probe_request(u->req, u->mid, u->token);
		break;
	case SCAN_PROBE_SSDP:
		conn_host(c, host);
		u->req_len = ssdp_probe_request((char *)u->req, host);
		break;
	case SCAN_PROBE_SNMP:
		memcpy(&u->snmp_id, r, sizeof(u->snmp_id));
		u->snmp_id = (u->snmp_id & 0x3fffffff) | 0x01000000;
		u->req_len = snmp_probe_request(u->req, u->snmp_id);
		break;
	case SCAN_PROBE_TFTP:
		/* a name no device holds: nothing is handed out */
		snprintf(name, sizeof(name), "airlock-scan-%02x%02x%02x%02x",
		    r[0], r[1], r[2], r[3]);
		n = tftp_probe_request(u->req, name);
		u->req_len = n > 0 ? (size_t)n : 0;
		break;
	default:
		u->req_len = 0; /* an unknown port: an empty datagram */
		break;
	}
}

static int
send_datagram(struct conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (!any_port(c))
		return send(c->fd, c->udp.req, c->udp.req_len, 0) ==
		               (ssize_t)c->udp.req_len
		           ? 0
		           : -1;
	len = sockaddr_of(c->host, c->port, &ss);
	return sendto(c->fd, c->udp.req, c->udp.req_len, 0,
	           (struct sockaddr *)&ss, len) == (ssize_t)c->udp.req_len
	           ? 0
	           : -1;
}

int
scan_udp_start(struct scan *s, struct scan_host *h, uint16_t port, uint64_t now)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_of(h, port, &ss);
	struct conn *c;
	int fd, on = 1;

	fd = socket(
	    h->addr.family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (h->addr.family == AF_INET6) {
		/* never an IPv4 address through an IPv4-mapped one */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
	} else {
		setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	}
	c = &s->conns[s->free_conns[--s->n_free]];
	*c = (struct conn){.fd = fd,
	    .host = h,
	    .port = port,
	    .probe = scan_udp_port_info(port)->probe,
	    .kind = -1,
	    .open_idx = (size_t)-1,
	    .phase = CONN_UDP,
	    .deadline = now + s->conf.read_ms * NS_PER_MS};
	h->inflight++;
	s->stats.connections++;
	build_request(c);
	if (conn_watch(s, c, EPOLLIN, EPOLL_CTL_ADD) < 0) {
		s->stats.errors++;
		conn_close(s, c, 0);
		return -1;
	}
	if ((!any_port(c) && connect(fd, (struct sockaddr *)&ss, len) < 0) ||
	    send_datagram(c) < 0)
		on_connect_error(s, c, errno); /* no route: an answer too */
	return 0;
}

/* The port answered: it is open, with its entry for the verdict. NULL
 * (the slot closed) when memory ran out. */
static struct scan_open_port *
answered(struct scan *s, struct conn *c)
{
	long idx = add_open(c->host, c->port);

	c->host->state = SCAN_HOST_UP;
	s->done++;
	if (idx < 0) {
		s->stats.errors++;
		conn_close(s, c, 0);
		return NULL;
	}
	c->open_idx = (size_t)idx;
	c->host->open[idx].proto = SCAN_UDP;
	return &c->host->open[idx];
}

/* A CoAP datagram: 1 when it was the answer (and the slot is closed). */
static int
on_coap(
    struct scan *s, struct conn *c, const uint8_t *in, size_t n, uint64_t now)
{
	struct udp_conn *u = &c->udp;
	struct scan_open_port *o;
	struct coap_msg m;
	uint8_t ack[4];

	if (coap_probe_parse(in, n, &m) < 0 ||
	    !coap_probe_matches(&m, u->mid, u->token))
		return 0;
	if (m.type == COAP_ACK && m.code == 0) {
		/* the request is taken; the answer comes separately */
		u->resent = 1;
		c->deadline = now + s->conf.read_ms * NS_PER_MS;
		return 0;
	}
	if (m.type == COAP_CON) { /* a separate answer wants its ACK */
		ack[0] = 0x60;
		ack[1] = 0;
		ack[2] = (uint8_t)(m.message_id >> 8);
		ack[3] = (uint8_t)m.message_id;
		(void)!send(c->fd, ack, sizeof(ack), 0);
	}
	o = answered(s, c);
	if (o == NULL)
		return 1;
	o->answer = m.type == COAP_RST ? -1 : m.code;
	if (m.code == COAP_CONTENT && m.payload != NULL)
		coap_probe_links(
		    m.payload, m.payload_len, o->detail, sizeof(o->detail));
	conn_close(s, c, 0);
	return 1;
}

static int
on_snmp(struct scan *s, struct conn *c, const uint8_t *in, size_t n)
{
	struct snmp_answer a;
	struct scan_open_port *o;

	if (snmp_probe_parse(in, n, &a) < 0 || a.request_id != c->udp.snmp_id)
		return 0;
	o = answered(s, c);
	if (o == NULL)
		return 1;
	o->answer = (int)a.error_status;
	snprintf(o->banner, sizeof(o->banner), "%s", a.descr);
	conn_close(s, c, 0);
	return 1;
}

static int
on_tftp(struct scan *s, struct conn *c, const uint8_t *in, size_t n)
{
	struct tftp_answer a;
	struct scan_open_port *o;

	if (tftp_probe_parse(in, n, &a) < 0)
		return 0;
	o = answered(s, c);
	if (o == NULL)
		return 1;
	o->answer = (int)a.opcode;
	if (a.opcode == TFTP_ERROR)
		snprintf(o->detail, sizeof(o->detail), "ERROR %u: %s",
		    a.error_code, a.message);
	else
		snprintf(o->detail, sizeof(o->detail), "%s",
		    a.opcode == TFTP_DATA ? "DATA" : "OACK");
	conn_close(s, c, 0);
	return 1;
}

static void fetch_end(struct scan *s, struct conn *c);

/* The description's connection: in this slot, to the device's own
 * address, now or when the rate limits allow. */
static void
fetch_start(struct scan *s, struct conn *c, uint64_t now)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_of(c->host, c->udp.fetch_port, &ss);
	int fd, on = 1;

	if (!scan_rate_take(s, c->host, now)) {
		c->udp.step = UDP_FETCH_HELD;
		c->deadline = c->host->next_ns > s->rate_next ? c->host->next_ns
		                                              : s->rate_next;
		return;
	}
	fd = socket(c->host->addr.family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fetch_end(s, c);
		return;
	}
	if (c->host->addr.family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = fd;
	s->stats.connections++;
	c->udp.step = UDP_FETCH_CONNECTING;
	c->deadline = now + s->conf.connect_ms * NS_PER_MS;
	if ((connect(fd, (struct sockaddr *)&ss, len) < 0 &&
	        errno != EINPROGRESS) ||
	    conn_watch(s, c, EPOLLOUT, EPOLL_CTL_ADD) < 0)
		fetch_end(s, c);
}

/* An SSDP answer: the port is open; its LOCATION is fetched when it is
 * the device's own address, else only recorded. */
static int
on_ssdp(struct scan *s, struct conn *c, const char *in, size_t n, uint64_t now)
{
	struct ssdp_answer a;
	struct scan_open_port *o;
	struct ipaddr where;

	o = answered(s, c);
	if (o == NULL)
		return 1;
	if (ssdp_probe_parse(in, n, &a) < 0 || a.status != 200) {
		conn_close(s, c, 0); /* it answered, but not SSDP */
		return 1;
	}
	o->answer = SSDP_ANSWERED | (ssdp_is_igd_type(a.st) ? SSDP_IGD : 0);
	snprintf(o->banner, sizeof(o->banner), "%.*s",
	    (int)sizeof(o->banner) - 1, a.server);
	if (ssdp_location_parse(a.location, &where, &c->udp.fetch_port,
	        c->udp.fetch_path, sizeof(c->udp.fetch_path)) < 0 ||
	    !ipaddr_equal(&where, &c->host->addr)) {
		o->answer |= a.location[0] != '\0' ? SSDP_ELSEWHERE : 0;
		snprintf(o->detail, sizeof(o->detail),
		    "LOCATION %.96s not fetched (not http:// on the device's "
		    "address)",
		    a.location[0] != '\0' ? a.location : "(none)");
		conn_close(s, c, 0);
		return 1;
	}
	upnp_desc_init(&c->udp.desc);
	fetch_start(s, c, now);
	return 1;
}

static void
on_datagram(
    struct scan *s, struct conn *c, const uint8_t *in, size_t n, uint64_t now)
{
	int done;

	switch (c->probe) {
	case SCAN_PROBE_COAP:
		done = on_coap(s, c, in, n, now);
		break;
	case SCAN_PROBE_SSDP:
		done = on_ssdp(s, c, (const char *)in, n, now);
		break;
	case SCAN_PROBE_SNMP:
		done = on_snmp(s, c, in, n);
		break;
	case SCAN_PROBE_TFTP:
		done = on_tftp(s, c, in, n);
		break;
	default:
		done = answered(s, c) != NULL;
		if (done)
			conn_close(s, c, 0);
		break;
	}
	(void)done;
}

/* Datagrams waiting on the socket, until the answer or none is left. */
static void
read_datagrams(struct scan *s, struct conn *c, uint64_t now)
{
	uint8_t in[DATAGRAM_MAX];
	struct sockaddr_storage from;
	socklen_t len;
	ssize_t n;

	while (c->phase == CONN_UDP &&
	       (c->udp.step == UDP_WAIT || c->udp.step == UDP_RESEND_HELD)) {
		len = sizeof(from);
		n = recvfrom(
		    c->fd, in, sizeof(in), 0, (struct sockaddr *)&from, &len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0) { /* an ICMP error: refused, unreachable */
			on_connect_error(s, c, errno);
			return;
		}
		/* an unconnected socket: the device's address only */
		if (any_port(c) &&
		    !(from.ss_family == c->host->addr.family &&
		        memcmp(
		            from.ss_family == AF_INET
		                ? (const void *)&((struct sockaddr_in *)&from)
		                      ->sin_addr
		                : (const void *)&((struct sockaddr_in6 *)&from)
		                      ->sin6_addr,
		            c->host->addr.bytes,
		            from.ss_family == AF_INET ? 4 : 16) == 0))
			continue;
		on_datagram(s, c, in, (size_t)n, now);
	}
}

/* The description is read (or given up): the port's verdict. */
static void
fetch_end(struct scan *s, struct conn *c)
{
	struct scan_open_port *o = &c->host->open[c->open_idx];
	const struct upnp_desc *d = &c->udp.desc;

	if (c->udp.head_done &&
	    (d->friendly_name[0] || d->manufacturer[0] || d->n_services)) {
		o->answer |= SSDP_DESCRIBED | (d->igd ? SSDP_IGD : 0);
		upnp_desc_summary(d, o->detail, sizeof(o->detail));
	} else {
		snprintf(o->detail, sizeof(o->detail),
		    "no description at port %u %.100s", c->udp.fetch_port,
		    c->udp.fetch_path);
	}
	conn_close(s, c, 0);
}

static void
fetch_connected(struct scan *s, struct conn *c, uint64_t now)
{
	char req[SSDP_PATH_MAX + ADDR_STRLEN + 128], host[ADDR_STRLEN + 2];
	int error = 0, n;
	socklen_t len = sizeof(error);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0 ||
	    error != 0) {
		fetch_end(s, c);
		return;
	}
	conn_host(c, host);
	/* HTTP/1.0: a body without chunks, closed at its end */
	n = snprintf(req, sizeof(req),
	    "GET %s HTTP/1.0\r\nHost: %s:%u\r\nUser-Agent: airlock-scan\r\n"
	    "Connection: close\r\n\r\n",
	    c->udp.fetch_path, host, c->udp.fetch_port);
	if (n <= 0 || (size_t)n >= sizeof(req) ||
	    send(c->fd, req, (size_t)n, MSG_NOSIGNAL) != n ||
	    conn_watch(s, c, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD) < 0) {
		fetch_end(s, c);
		return;
	}
	c->udp.step = UDP_FETCH_READING;
	c->deadline = now + s->conf.read_ms * NS_PER_MS;
}

/* The answer's head goes to c->answer until its blank line; a 200's
 * body goes to the description reader. */
static void
fetch_feed(struct conn *c, const char *in, size_t n)
{
	struct udp_conn *u = &c->udp;
	const char *end;
	size_t take;

	if (!u->head_done) {
		take = sizeof(c->answer) - 1 - u->head_len;
		take = n < take ? n : take;
		memcpy(c->answer + u->head_len, in, take);
		u->head_len += take;
		c->answer[u->head_len] = '\0';
		end = strstr(c->answer, "\r\n\r\n");
		if (end == NULL)
			return;
		if (strncmp(c->answer, "HTTP/1.", 7) != 0 ||
		    strncmp(c->answer + 8, " 200", 4) != 0) {
			u->body_len = DESC_BODY_MAX; /* no description */
			return;
		}
		u->head_done = 1;
		/* what of this read lies past the head */
		take = (size_t)(end + 4 - c->answer) - (u->head_len - take);
		in += take;
		n -= take;
	}
	if (n > DESC_BODY_MAX - u->body_len)
		n = DESC_BODY_MAX - u->body_len;
	upnp_desc_feed(&u->desc, in, n);
	u->body_len += n;
}

static void
fetch_read(struct scan *s, struct conn *c)
{
	char in[4096];
	ssize_t n = recv(c->fd, in, sizeof(in), 0);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		fetch_feed(c, in, (size_t)n);
	if (n <= 0 || c->udp.body_len >= DESC_BODY_MAX)
		fetch_end(s, c);
}

void
scan_udp_event(struct scan *s, struct conn *c, uint64_t now)
{
	uint8_t in[DATAGRAM_MAX];

	switch (c->udp.step) {
	case UDP_FETCH_CONNECTING:
		fetch_connected(s, c, now);
		break;
	case UDP_FETCH_READING:
		fetch_read(s, c);
		break;
	case UDP_FETCH_HELD:
		/* more SSDP answers (the first was enough), or an ICMP error
		 * queued: read and dropped, or epoll would wake us at once */
		for (int i = 0; i < 64; i++)
			if (recv(c->fd, in, sizeof(in), 0) < 0 &&
			    recv(c->fd, in, sizeof(in), MSG_ERRQUEUE) < 0)
				break;
		break;
	default:
		read_datagrams(s, c, now);
		break;
	}
}

void
scan_udp_expire(struct scan *s, struct conn *c, uint64_t now)
{
	switch (c->udp.step) {
	case UDP_FETCH_HELD:
		fetch_start(s, c, now);
		return;
	case UDP_FETCH_CONNECTING:
	case UDP_FETCH_READING:
		fetch_end(s, c);
		return;
	default:
		break;
	}
	if (c->udp.resent) { /* silence twice: not open (or filtered) */
		s->stats.timeouts++;
		s->done++;
		conn_close(s, c, 0);
		return;
	}
	/* the resend is a new datagram: the rate limits hold it too */
	if (!scan_rate_take(s, c->host, now)) {
		c->udp.step = UDP_RESEND_HELD;
		c->deadline = c->host->next_ns > s->rate_next ? c->host->next_ns
		                                              : s->rate_next;
		return;
	}
	c->udp.step = UDP_WAIT;
	c->udp.resent = 1;
	s->stats.connections++;
	c->deadline = now + s->conf.read_ms * NS_PER_MS;
	if (send_datagram(c) < 0)
		on_connect_error(s, c, errno);
}

const char *
scan_udp_answer_text(const struct scan_open_port *o, char *buf, size_t len)
{
	buf[0] = '\0';
	if (o->proto != SCAN_UDP)
		return buf;
	switch (scan_udp_port_info(o->port)->probe) {
	case SCAN_PROBE_COAP:
		if (o->answer < 0)
			snprintf(buf, len, "reset");
		else
			snprintf(buf, len, "%d.%02d", o->answer >> 5,
			    o->answer & 31);
		break;
	case SCAN_PROBE_SSDP:
		snprintf(buf, len, "%s",
		    !(o->answer & SSDP_ANSWERED) ? "not-ssdp"
		    : o->answer & SSDP_IGD       ? "upnp-igd"
		                                 : "upnp");
		break;
	case SCAN_PROBE_SNMP:
		if (o->answer == 0)
			snprintf(buf, len, "get-response");
		else
			snprintf(buf, len, "get-response, error-status %d",
			    o->answer);
		break;
	case SCAN_PROBE_TFTP:
		snprintf(buf, len, "%s",
		    o->answer == TFTP_DATA   ? "data"
		    : o->answer == TFTP_OACK ? "oack"
		                             : "error");
		break;
	default:
		snprintf(buf, len, "answered");
		break;
	}
	return buf;
}

const char *
scan_udp_service(const struct scan_open_port *o)
{
	return o->proto == SCAN_UDP ? scan_udp_port_info(o->port)->service
	                            : scan_port_info(o->port)->service;
}
