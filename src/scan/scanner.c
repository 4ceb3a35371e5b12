/*
 * The scan engine (scanner.h).
 *
 * Hosts are scanned a group at a time, in the order given: a host joins
 * the group when one leaves, so the work per loop stays bounded by the
 * group, not by the size of the scan. Connections live in a table fixed
 * at scan_new() (max_inflight of them), so a scan allocates nothing per
 * probe but a host's list of open ports.
 *
 * A connection's life: CONNECTING (waiting for the handshake), then for
 * the ports that need it READING (a banner, an MQTT answer, a telnet
 * login) or SSH (a login through libssh: scan_ssh.c), then closed. A port that
 * refuses marks its host up; one that cannot be reached (no ARP answer, no
 * route) marks it down, and its other ports are not tried.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "scan/probe_mqtt.h"
#include "scan/probe_rtsp.h"
#include "scan/scan_engine.h"

#define READ_CHUNK 4096
#define RATE_BURST 32 /* new connections overall that may go at once */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

void
scan_conf_defaults(struct scan_conf *c)
{
	const struct scan_port_info *p;
	size_t n;

	memset(c, 0, sizeof(*c));
	p = scan_ports_default(&n);
	for (size_t i = 0; i < n; i++)
		c->ports[i] = p[i].port;
	c->n_ports = n;
	p = scan_udp_ports_default(&n);
	for (size_t i = 0; i < n; i++)
		c->udp_ports[i] = p[i].port;
	c->n_udp_ports = n;
	c->max_inflight = 512;
	c->device_inflight = 8;
	c->device_rate = 200;
	c->rate = 10000;
	c->connect_ms = 1500;
	c->retries = 2;
	c->read_ms = 3000;
	c->quiet_ms = 300;
	c->smtp_ms = 15000;
	c->login_ms = 10000;
	c->max_logins = 32;
}

static int
check_conf(const struct scan_conf *c, char *err, size_t errlen)
{
	const char *bad = NULL;

	if (c->n_ports + c->n_udp_ports == 0 || c->n_ports > SCAN_PORTS_MAX ||
	    c->n_udp_ports > SCAN_UDP_PORTS_MAX)
		bad = "ports";
	else if (c->max_inflight == 0 || c->max_inflight > 65536)
		bad = "max-inflight (1 to 65536)";
	else if (c->device_inflight == 0)
		bad = "device-inflight";
	else if (c->device_rate == 0 || c->rate == 0)
		bad = "rates";
	else if (c->connect_ms == 0 || c->read_ms == 0 || c->quiet_ms == 0 ||
	         c->smtp_ms == 0 || c->login_ms == 0 || c->max_logins == 0)
		bad = "timeouts";
	else if (c->retries > SCAN_RETRIES_MAX)
		bad = "retries";
	if (bad != NULL)
		snprintf(err, errlen, "scan settings: %s out of range", bad);
	return bad != NULL ? -1 : 0;
}

static int
by_number(const void *p, const void *q)
{
	uint16_t a = *(const uint16_t *)p, b = *(const uint16_t *)q;

	return (a > b) - (a < b);
}

/* Sort and drop repeats in place: an address given twice must not get
 * twice the rate, nor a port twice the findings. Returns the new count. */
static size_t
unique(
    void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *v = base;
	size_t k = 0;

	qsort(v, n, size, cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || cmp(v + (k - 1) * size, v + i * size) != 0)
			memmove(v + k++ * size, v + i * size, size);
	return k;
}

/* A password no device has: 16 random hex digits. */
static void
control_password(char *out, size_t outlen)
{
	unsigned char r[8] = {0};

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		uint64_t t = now_ns(); /* no entropy: unlikely still */

		memcpy(r, &t, sizeof(r));
	}
	snprintf(out, outlen, "x%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1],
	    r[2], r[3], r[4], r[5], r[6], r[7]);
}

struct scan *
scan_new(const struct scan_conf *c, const struct ipaddr *targets, size_t n,
    char *err, size_t errlen)
{
	struct scan *s;
	char text[ADDR_STRLEN];

	if (check_conf(c, err, errlen) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!scan_zone_contains(&c->zone, &targets[i])) {
			ipaddr_format(&targets[i], text, sizeof(text));
			snprintf(err, errlen,
			    "target %s is outside the device networks", text);
			return NULL;
		}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		goto nomem;
	s->conf = *c;
	control_password(s->control_pass, sizeof(s->control_pass));
	s->conf.n_ports =
	    unique(s->conf.ports, c->n_ports, sizeof(c->ports[0]), by_number);
	s->conf.n_udp_ports = unique(s->conf.udp_ports, c->n_udp_ports,
	    sizeof(c->udp_ports[0]), by_number);
	s->epfd = -1;
	s->hosts = calloc(n > 0 ? n : 1, sizeof(*s->hosts));
	s->conns = calloc(c->max_inflight, sizeof(*s->conns));
	s->free_conns = calloc(c->max_inflight, sizeof(*s->free_conns));
	if (s->hosts == NULL || s->conns == NULL || s->free_conns == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		s->hosts[i].addr = targets[i];
	/* the address is a host's first member */
	/* a host starts with its address: ordered as addresses */
	s->n_hosts = unique(s->hosts, n, sizeof(*s->hosts), scan_addr_cmp);
	for (size_t i = 0; i < c->max_inflight; i++)
		s->free_conns[s->n_free++] = c->max_inflight - 1 - i;
	/* enough hosts to keep every connection busy, twice over */
	s->group = c->max_inflight / c->device_inflight * 2;
	if (s->group < 16)
		s->group = 16;
	s->total =
	    (uint64_t)s->n_hosts * (s->conf.n_ports + s->conf.n_udp_ports);
	return s;
nomem:
	snprintf(err, errlen, "scan: out of memory");
	scan_free(s);
	return NULL;
}

void
scan_free(struct scan *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->conns != NULL && i < s->conf.max_inflight; i++)
		if (s->conns[i].phase != CONN_FREE)
			conn_close(s, &s->conns[i], 1);
	for (size_t i = 0; s->hosts != NULL && i < s->n_hosts; i++) {
		for (size_t j = 0; j < s->hosts[i].n_open; j++)
			free(s->hosts[i].open[j].tls);
		free(s->hosts[i].open);
		free(s->hosts[i].retry);
		free(s->hosts[i].follow);
	}
	scan_tls_free(s);
	if (s->epfd >= 0)
		close(s->epfd);
	free(s->hosts);
	free(s->conns);
	free(s->free_conns);
	free(s);
}

const struct scan_host *
scan_hosts(const struct scan *s, size_t *n)
{
	*n = s->n_hosts;
	return s->hosts;
}

const struct scan_stats *
scan_stats(const struct scan *s)
{
	return &s->stats;
}

/* --- hosts -------------------------------------------------------------- */

/* Room for one more element in an array of n of cap: doubled when full
 * (a host's lists are short; most hosts never need one). */
static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t more = *cap ? *cap * 2 : 4;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, more * size);
	if (p == NULL)
		return -1;
	*v = p;
	*cap = more;
	return 0;
}

/* Ports still to connect to: the list, then the retries. */
static int
ports_left(const struct scan *s, const struct scan_host *h)
{
	return (h->next_port < s->conf.n_ports || h->n_retry > 0 ||
	           h->next_udp < s->conf.n_udp_ports || h->n_follow > 0) &&
	       h->state != SCAN_HOST_DOWN;
}

/* Follow-ups (admin paths, a legacy TLS handshake) open at once on one
 * device: a small web server serves one request at a time. And none
 * starts while an active host still has ports to check (s->discovering):
 * the port checks first, like a scanner's discovery before its deeper
 * probes, so that no check drowns in a web server's queue. */
#define FOLLOW_INFLIGHT_MAX 2

/* Work h may start now, rates aside: a port, a retry, a follow-up. */
static int
work_ready(const struct scan *s, const struct scan_host *h)
{
	return (h->next_port < s->conf.n_ports || h->n_retry > 0 ||
	           h->next_udp < s->conf.n_udp_ports ||
	           (h->n_follow > 0 && !s->discovering &&
	               h->follow_inflight < FOLLOW_INFLIGHT_MAX)) &&
	       h->state != SCAN_HOST_DOWN;
}

static int
host_pending(const struct scan *s, const struct scan_host *h)
{
	for (int k = 0; k < SCAN_LOGIN_KINDS; k++)
		if (h->login[k].queued)
			return 1;
	return ports_left(s, h);
}

/* A port check timed out: a SYN or its answer lost, or a device too
 * busy to accept (a full backlog drops SYNs). It gets another go, with
 * twice the time, after the other ports: once on any host, and up to
 * conf.retries times on one that answered on another port, where a
 * silent port is more likely a full queue than a filter; never on a host
 * gone down, whose queue is dropped. Returns 0 when queued, 1 when the
 * port is done with (filtered), -1 on no memory. */
static int
add_retry(const struct scan *s, struct scan_host *h, const struct conn *c)
{
	unsigned tries = c->tries + 1;

	if (tries > s->conf.retries || h->state == SCAN_HOST_DOWN ||
	    (tries > 1 && h->state != SCAN_HOST_UP))
		return 1;
	if (grow((void **)&h->retry, &h->cap_retry, h->n_retry,
	        sizeof(*h->retry)) < 0)
		return -1;
	h->retry[h->n_retry++] =
	    (struct scan_retry){.port = c->port, .tries = (uint8_t)tries};
	return 0;
}

int
scan_follow_add(struct scan_host *h, uint16_t port, int what, unsigned index)
{
	if (grow((void **)&h->follow, &h->cap_follow, h->n_follow,
	        sizeof(*h->follow)) < 0)
		return -1;
	h->follow[h->n_follow++] = (struct scan_follow){
	    .port = port, .what = (uint8_t)what, .index = (uint8_t)index};
	return 0;
}

/* A host with nothing pending and nothing in flight leaves the group. */
static void
host_settle(struct scan *s, struct scan_host *h)
{
	if (!h->active || host_pending(s, h) || h->inflight > 0)
		return;
	h->active = 0;
	s->active--;
}

static void
host_down(struct scan *s, struct scan_host *h)
{
	if (h->state == SCAN_HOST_UP)
		return; /* a port answered: a late error is that port's */
	h->state = SCAN_HOST_DOWN;
	s->done += s->conf.n_ports - h->next_port + h->n_retry;
	h->next_port = s->conf.n_ports;
	h->n_retry = 0;
	s->done += s->conf.n_udp_ports - h->next_udp;
	h->next_udp = s->conf.n_udp_ports;
	for (int k = 0; k < SCAN_LOGIN_KINDS; k++)
		h->login[k].queued = 0;
}

long
add_open(struct scan_host *h, uint16_t port)
{
	struct scan_open_port *o;

	if (grow((void **)&h->open, &h->cap_open, h->n_open, sizeof(*o)) < 0)
		return -1;
	o = &h->open[h->n_open];
	o->port = port;
	o->proto = SCAN_TCP;
	o->banner[0] = '\0';
	o->detail[0] = '\0';
	o->answer = 0;
	o->http_auth = HTTP_AUTH_NONE;
	o->tls = NULL;
	o->admin_open = 0;
	o->admin_control = 0;
	return (long)h->n_open++;
}

/* --- connections ------------------------------------------------------ */

void
conn_close(struct scan *s, struct conn *c, int reset)
{
	struct linger hard = {.l_onoff = 1, .l_linger = 0};

	/* out of epoll by name: a duplicate left open would keep it in */
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->ssh != NULL) {
		ssh_free(c->ssh);
		c->ssh = NULL;
		if (c->ssh_fd >= 0 && fcntl(c->ssh_fd, F_GETFD) != -1)
			close(c->ssh_fd); /* libssh had not taken it over */
	} else if (reset) {
		/* a bare port check ends with a reset: no TIME_WAIT on
		 * either side (and a TLS session's close_notify is moot) */
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	}
	SSL_free(c->ssl);
	c->ssl = NULL;
	close(c->fd);
	c->fd = -1;
	c->phase = CONN_FREE;
	if (c->queued_login)
		s->logins_inflight--;
	c->host->inflight--;
	if (c->follow != FOLLOW_NONE)
		c->host->follow_inflight--;
	if (c->kind >= 0)
		c->host->login[c->kind].busy = 0;
	s->free_conns[s->n_free++] = (size_t)(c - s->conns);
	host_settle(s, c->host);
}

void
conn_host(const struct conn *c, char out[ADDR_STRLEN + 2])
{
	char a[ADDR_STRLEN];

	ipaddr_format(&c->host->addr, a, sizeof(a));
	snprintf(out, ADDR_STRLEN + 2,
	    c->host->addr.family == AF_INET6 ? "[%s]" : "%s", a);
}

void
conn_set_banner(struct conn *c, const char *text, size_t len)
{
	struct scan_open_port *o = &c->host->open[c->open_idx];
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < sizeof(o->banner); i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '\r' || ch == '\n')
			break;
		o->banner[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	o->banner[n] = '\0';
}

int
conn_watch(struct scan *s, struct conn *c, uint32_t events, int op)
{
	struct epoll_event ev = {.events = events};

	ev.data.u64 = (uint64_t)(c - s->conns);
	return epoll_ctl(s->epfd, op, c->fd, &ev);
}

ssize_t
conn_send(struct conn *c, const void *buf, size_t n)
{
	size_t done = 0;

	if (c->ssl == NULL)
		return send(c->fd, buf, n, MSG_NOSIGNAL);
	/* a request is small: a new session's buffer takes it whole */
	if (SSL_write_ex(c->ssl, buf, n, &done) != 1) {
		errno = EPIPE;
		return -1;
	}
	return (ssize_t)done;
}

ssize_t
conn_recv(struct conn *c, void *buf, size_t n)
{
	size_t got = 0;
	int e;

	if (c->ssl == NULL)
		return recv(c->fd, buf, n, 0);
	if (SSL_read_ex(c->ssl, buf, n, &got) == 1)
		return (ssize_t)got;
	e = SSL_get_error(c->ssl, 0);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		errno = EAGAIN; /* a record not yet whole, or a ticket */
		return -1;
	}
	return e == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

/* Turn a connected socket to reading: a banner, an answer, a login. */
static void
start_reading(struct scan *s, struct conn *c, uint64_t now)
{
	c->phase = CONN_READING;
	/* a login may be slow: a busy device's prompt, its failure delay */
	c->deadline =
	    now +
	    (c->kind >= 0 ? s->conf.login_ms : s->conf.read_ms) * NS_PER_MS;
	c->read_deadline = c->deadline;
	if (conn_watch(s, c, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD) < 0) {
		s->stats.errors++;
		conn_close(s, c, 1);
	}
}

/* A probe where the client speaks first: its request. 0 when the line
 * refused it (and the connection is closed). */
static int
send_request(struct scan *s, struct conn *c)
{
	char req[HTTP_REQUEST_MAX], host[ADDR_STRLEN + 2];
	size_t n;

	conn_host(c, host);
	if (c->kind == SCAN_HTTP || c->kind == SCAN_HTTPS)
		return scan_login_http_begin(s, c);
	if (c->follow == FOLLOW_ADMIN_PATH)
		n = scan_web_admin_request(s, c, req);
	else if (c->probe == SCAN_PROBE_HTTP || c->probe == SCAN_PROBE_HTTPS ||
	         c->probe == SCAN_PROBE_CWMP)
		n = http_probe_request(req, host, NULL, NULL);
	else if (c->probe == SCAN_PROBE_RTSP)
		n = rtsp_probe_request(req, host, c->port,
		    c->follow == FOLLOW_RTSP_PATH ? rtsp_stream_path(c->path)
		                                  : "/");
	else
		n = mqtt_probe_connect((uint8_t *)req);
	if (n > 0 && conn_send(c, req, n) == (ssize_t)n)
		return 1;
	conn_close(s, c, 1);
	return 0;
}

/* The head of an HTTP answer so far; final when no more will come. The
 * port keeps the Server header and the status; a Basic login offers the
 * dictionary a port. */
static void
on_http_answer(
    struct scan *s, struct conn *c, const char *in, size_t n, int final)
{
	struct http_answer a;
	struct scan_open_port *o;
	enum http_read r;

	if (n > sizeof(c->answer) - c->answer_len)
		n = sizeof(c->answer) - c->answer_len;
	memcpy(c->answer + c->answer_len, in, n);
	c->answer_len += n;
	r = http_probe_answer(c->answer, c->answer_len, &a);
	if (r == HTTP_MORE && !final)
		return;
	if (r == HTTP_NOT_HTTP || a.status == 0) {
		if (c->kind >= 0)
			scan_login_done(s, c, ATTEMPT_NO_PROMPT);
		conn_close(s, c, 0);
		return;
	}
	if (c->kind >= 0 && c->digest_step == 1) {
		scan_login_digest(s, c);
		return;
	}
	if (c->kind >= 0) {
		scan_login_http_end(s, c, a.status);
		return;
	}
	if (c->follow == FOLLOW_ADMIN_PATH) {
		scan_web_admin_answer(s, c, a.status);
		return;
	}
	o = &c->host->open[c->open_idx];
	snprintf(o->banner, sizeof(o->banner), "%s", a.server);
	o->answer = a.status;
	o->http_auth = a.auth;
	if (a.status == 401 &&
	    (a.auth == HTTP_AUTH_BASIC || a.auth == HTTP_AUTH_DIGEST) &&
	    c->probe != SCAN_PROBE_CWMP && scan_login_budget(s) > 0)
		scan_login_offer(s, c->host,
		    c->probe == SCAN_PROBE_HTTPS ? SCAN_HTTPS : SCAN_HTTP,
		    c->port);
	if (c->probe != SCAN_PROBE_CWMP)
		scan_web_queue_admin(s, c);
	conn_close(s, c, 0);
}

/* The MQTT broker's answer so far: kept on the port once it is whole. */
static void
on_mqtt_answer(struct scan *s, struct conn *c, const uint8_t *in, size_t n)
{
	enum mqtt_answer a;

	if (n > 16 - c->answer_len) /* a CONNACK is 4 bytes */
		n = 16 - c->answer_len;
	memcpy(c->answer + c->answer_len, in, n);
	c->answer_len += n;
	a = mqtt_probe_answer((const uint8_t *)c->answer, c->answer_len);
	if (a == MQTT_MORE)
		return;
	c->host->open[c->open_idx].answer = (int)a;
	if (a != MQTT_NOT_MQTT)
		(void)!conn_send(
		    c, mqtt_probe_disconnect, sizeof(mqtt_probe_disconnect));
	conn_close(s, c, 0);
}

static void
on_connected(struct scan *s, struct conn *c, uint64_t now)
{
	struct scan_host *h = c->host;
	long idx;

	h->state = SCAN_HOST_UP;
	if (c->kind < 0 && c->follow == FOLLOW_NONE) {
		idx = add_open(h, c->port);
		if (idx < 0) {
			s->stats.errors++;
			conn_close(s, c, 1);
			return;
		}
		c->open_idx = (size_t)idx;
		s->done++;
	}
	switch (c->probe) {
	case SCAN_PROBE_TLS:
	case SCAN_PROBE_HTTPS:
	case SCAN_PROBE_MQTTS:
		scan_tls_begin(s, c, now);
		return;
	default:
		conn_probe(s, c, now);
		return;
	}
}

void
conn_probe(struct scan *s, struct conn *c, uint64_t now)
{
	switch (c->probe) {
	case SCAN_PROBE_CONNECT:
	case SCAN_PROBE_TLS:
		conn_close(s, c, 1);
		return;
	case SCAN_PROBE_MQTT:
	case SCAN_PROBE_MQTTS:
	case SCAN_PROBE_HTTP:
	case SCAN_PROBE_HTTPS:
	case SCAN_PROBE_RTSP:
	case SCAN_PROBE_CWMP:
		if (!send_request(s, c))
			return;
		break;
	case SCAN_PROBE_TELNET:
		if (!scan_login_telnet_begin(s, c))
			return;
		break;
	case SCAN_PROBE_SMTP:
		smtp_probe_init(&c->smtp);
		start_reading(s, c, now);
		c->deadline = now + s->conf.smtp_ms * NS_PER_MS;
		return;
	case SCAN_PROBE_SSH:
		if (c->kind == SCAN_SSH) {
			scan_ssh_begin(s, c, now);
			return;
		}
		break; /* its banner first */
	default:
		break;
	}
	start_reading(s, c, now);
}

void
on_connect_error(struct scan *s, struct conn *c, int error)
{
	struct scan_host *h = c->host;

	switch (error) {
	case ECONNREFUSED:
		s->stats.refused++;
		h->state = SCAN_HOST_UP;
		break;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
		s->stats.unreachable++;
		host_down(s, h);
		break;
	default:
		s->stats.errors++;
		break;
	}
	if (c->kind >= 0)
		scan_login_done(
		    s, c, ATTEMPT_NO_PROMPT); /* the port went away */
	else if (c->follow == FOLLOW_NONE)
		s->done++;
	conn_close(s, c, 0);
}

/* The SMTP dialogue: each reply gets the next command; the verdict is
 * kept on the port, then QUIT. */
static void
on_smtp(struct scan *s, struct conn *c, const char *in, size_t n, uint64_t now)
{
	struct scan_open_port *o = &c->host->open[c->open_idx];
	char out[SMTP_OUT_MAX];
	size_t outlen;
	enum smtp_result r = smtp_probe_feed(&c->smtp, in, n, out, &outlen);

	snprintf(o->banner, sizeof(o->banner), "%s", c->smtp.greeting);
	if (r == SMTP_PENDING) {
		if (outlen == 0)
			return;
		if (send(c->fd, out, outlen, MSG_NOSIGNAL) != (ssize_t)outlen)
			conn_close(s, c, 0);
		else /* each command gets the time a reply may take */
			c->deadline = now + s->conf.smtp_ms * NS_PER_MS;
		return;
	}
	o->answer = (int)r;
	if (r == SMTP_OPEN_RELAY || r == SMTP_NO_RELAY)
		(void)!send(c->fd, smtp_probe_goodbye,
		    strlen(smtp_probe_goodbye), MSG_NOSIGNAL);
	conn_close(s, c, 0);
}

/* The end of a read: telnet has its outcome to settle. */
static void
finish_read(struct scan *s, struct conn *c, enum telnet_result r)
{
	if (c->probe == SCAN_PROBE_TELNET)
		scan_login_telnet_end(s, c, r);
	else if (c->probe == SCAN_PROBE_HTTP || c->probe == SCAN_PROBE_HTTPS ||
	         c->probe == SCAN_PROBE_CWMP)
		on_http_answer(s, c, "", 0, 1);
	else if (c->probe == SCAN_PROBE_RTSP)
		scan_web_rtsp_answer(s, c, "", 0, 1);
	else
		conn_close(s, c, 0);
}

/* A banner's first line; an SSH server's offers the dictionary a port. */
static void
on_banner(struct scan *s, struct conn *c, const uint8_t *in, size_t n)
{
	conn_set_banner(c, (const char *)in, n);
	if (c->probe == SCAN_PROBE_SSH && n >= 4 &&
	    memcmp(in, "SSH-", 4) == 0 && scan_login_budget(s) > 0)
		scan_login_offer(s, c->host, SCAN_SSH, c->port);
	conn_close(s, c, 0);
}

static void
on_readable(struct scan *s, struct conn *c, uint64_t now)
{
	uint8_t in[READ_CHUNK];
	ssize_t n = conn_recv(c, in, sizeof(in));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		finish_read(s, c, TELNET_PENDING);
		return;
	}
	switch (c->probe) {
	case SCAN_PROBE_MQTT:
	case SCAN_PROBE_MQTTS:
		on_mqtt_answer(s, c, in, (size_t)n);
		break;
	case SCAN_PROBE_HTTP:
	case SCAN_PROBE_HTTPS:
	case SCAN_PROBE_CWMP:
		on_http_answer(s, c, (const char *)in, (size_t)n, 0);
		break;
	case SCAN_PROBE_RTSP:
		scan_web_rtsp_answer(s, c, (const char *)in, (size_t)n, 0);
		break;
	case SCAN_PROBE_SMTP:
		on_smtp(s, c, (const char *)in, (size_t)n, now);
		break;
	case SCAN_PROBE_TELNET:
		scan_login_telnet_read(s, c, in, (size_t)n, now);
		break;
	default:
		on_banner(s, c, in, (size_t)n);
		break;
	}
}

static void
on_event(struct scan *s, struct conn *c, uint32_t events, uint64_t now)
{
	int error = 0;
	socklen_t len = sizeof(error);

	if (c->phase == CONN_UDP) {
		scan_udp_event(s, c, now);
		return;
	}
	if (c->phase == CONN_SSH) {
		scan_ssh_event(s, c);
		return;
	}
	if (c->phase == CONN_TLS) {
		scan_tls_event(s, c, now);
		return;
	}
	/* a TLS record may hold more than one read takes: the rest waits
	 * in the session, not in the socket, and epoll never tells */
	while (c->phase == CONN_READING) {
		on_readable(s, c, now);
		if (c->ssl == NULL || SSL_pending(c->ssl) == 0)
			break;
	}
	if (c->phase != CONN_CONNECTING)
		return;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0)
		error = errno;
	if (error == 0 && (events & (EPOLLERR | EPOLLHUP)))
		error = ECONNRESET;
	if (error != 0)
		on_connect_error(s, c, error);
	else
		on_connected(s, c, now);
}

static void
expire(struct scan *s, struct conn *c)
{
	if (c->phase == CONN_UDP) {
		scan_udp_expire(s, c, now_ns());
		return;
	}
	if (c->phase == CONN_SSH) {
		scan_ssh_expire(s, c);
		return;
	}
	if (c->phase == CONN_TLS) {
		scan_tls_expire(s, c);
		return;
	}
	if (c->phase == CONN_READING) {
		finish_read(s, c,
		    c->quiet ? telnet_probe_quiet(&c->telnet) : TELNET_PENDING);
		return;
	}
	s->stats.timeouts++; /* filtered, or a host that drops */
	if (c->kind >= 0)
		scan_login_done(s, c, ATTEMPT_NO_PROMPT);
	else if (c->follow != FOLLOW_NONE)
		; /* an extra look at an open port: no retry */
	else if (add_retry(s, c->host, c) != 0)
		s->done++;
	conn_close(s, c, 1);
}

/* --- starting connections --------------------------------------------- */

/* A connection to port: a port check (kind -1), or a dictionary attempt
 * of a scan_login_kind. */
static int
start_conn(
    struct scan *s, struct scan_host *h, uint16_t port, int kind, uint64_t now)
{
	struct sockaddr_storage ss = {0};
	socklen_t sslen;
	struct conn *c;
	int fd, rc;

	fd = socket(
	    h->addr.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* never an IPv4 address through an IPv4-mapped IPv6 one */
	if (h->addr.family == AF_INET6)
		setsockopt(
		    fd, IPPROTO_IPV6, IPV6_V6ONLY, &(int){1}, sizeof(int));
	if (h->addr.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, h->addr.bytes, 4);
		sslen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, h->addr.bytes, 16);
		sslen = sizeof(*sin6);
	}
	c = &s->conns[s->free_conns[--s->n_free]];
	*c = (struct conn){.fd = fd,
	    .host = h,
	    .port = port,
	    .probe = scan_port_info(port)->probe,
	    .kind = kind,
	    .open_idx = (size_t)-1,
	    .phase = CONN_CONNECTING,
	    .deadline = now + s->conf.connect_ms * NS_PER_MS};
	h->inflight++;
	s->stats.connections++;
	if (kind >= 0) {
		c->queued_login = 1;
		s->logins_inflight++;
		c->probe = kind == SCAN_TELNET  ? SCAN_PROBE_TELNET
		           : kind == SCAN_SSH   ? SCAN_PROBE_SSH
		           : kind == SCAN_HTTPS ? SCAN_PROBE_HTTPS
		                                : SCAN_PROBE_HTTP;
		h->login[kind].busy = 1;
	}
	rc = connect(fd, (struct sockaddr *)&ss, sslen);
	if (rc < 0 && errno != EINPROGRESS) {
		on_connect_error(s, c, errno); /* an answer too: no route */
		return 0;
	}
	if (conn_watch(s, c, EPOLLOUT, EPOLL_CTL_ADD) < 0) {
		s->stats.errors++;
		conn_close(s, c, 1);
		return -1;
	}
	return 0;
}

int
scan_rate_take(struct scan *s, struct scan_host *h, uint64_t now)
{
	uint64_t dev_gap = NS_PER_S / s->conf.device_rate;
	uint64_t gap = NS_PER_S / s->conf.rate;
	uint64_t burst = s->conf.rate < RATE_BURST ? s->conf.rate : RATE_BURST;

	if (now < h->next_ns || now < s->rate_next)
		return 0;
	h->next_ns = now + dev_gap;
	/* at most `burst` starts at once: an idle spell saves no more */
	if (s->rate_next + gap * (burst - 1) < now)
		s->rate_next = now - gap * (burst - 1);
	s->rate_next += gap;
	return 1;
}

/* May h start a connection now? Spends the rate allowances if so. */
static int
may_start(struct scan *s, struct scan_host *h, uint64_t now)
{
	return s->n_free > 0 && scan_rate_take(s, h, now);
}

/* A login kind whose next attempt may start: queued, and the one before
 * it closed. -1 for none. */
static int
login_ready(const struct scan *s, const struct scan_host *h)
{
	if (s->logins_inflight >= s->conf.max_logins)
		return -1;
	for (int k = 0; k < SCAN_LOGIN_KINDS; k++)
		if (h->login[k].queued && !h->login[k].busy)
			return k;
	return -1;
}

/* The last port to retry, with twice the time of its last connect. */
static int
start_retry(struct scan *s, struct scan_host *h, uint64_t now)
{
	struct scan_retry r = h->retry[--h->n_retry];
	struct conn *c = &s->conns[s->free_conns[s->n_free - 1]];
	int rc = start_conn(s, h, r.port, -1, now);

	if (rc < 0) {
		h->n_retry++; /* not started: still to do */
		return rc;
	}
	if (c->phase == CONN_CONNECTING) {
		c->tries = r.tries;
		c->deadline =
		    now + ((uint64_t)s->conf.connect_ms << r.tries) * NS_PER_MS;
	}
	return 0;
}

/* The last follow-up an answer asked for. */
static int
start_follow(struct scan *s, struct scan_host *h, uint64_t now)
{
	struct scan_follow f = h->follow[--h->n_follow];
	struct conn *c = &s->conns[s->free_conns[s->n_free - 1]];
	int rc = start_conn(s, h, f.port, -1, now);

	if (rc < 0) {
		h->n_follow++; /* not started: still to do */
		return rc;
	}
	if (c->phase == CONN_FREE)
		return 0; /* answered at once (no route): done with */
	c->follow = f.what;
	c->path = f.index;
	h->follow_inflight++;
	for (size_t i = 0; i < h->n_open; i++)
		if (h->open[i].port == f.port && h->open[i].proto == SCAN_TCP)
			c->open_idx = i;
	if (c->phase != CONN_FREE && c->open_idx == (size_t)-1)
		conn_close(s, c, 1); /* cannot be: the port was open */
	return 0;
}

/* h has work it may start now, rates aside: a login, or work_ready. */
static int
can_start(const struct scan *s, const struct scan_host *h)
{
	if (!h->active || h->inflight >= s->conf.device_inflight)
		return 0;
	return login_ready(s, h) >= 0 || work_ready(s, h);
}

static int
start_some(struct scan *s, struct scan_host *h, uint64_t now)
{
	int rc, k;

	while (can_start(s, h) && may_start(s, h, now)) {
		k = login_ready(s, h);
		if (k >= 0) {
			h->login[k].queued = 0;
			rc = start_conn(s, h, h->login[k].port, k, now);
		} else if (h->next_port < s->conf.n_ports) {
			/* taken before it starts: a port that fails at once
			 * (no route) must not be counted again by host_down */
			h->next_port++;
			rc = start_conn(
			    s, h, s->conf.ports[h->next_port - 1], -1, now);
			if (rc < 0 && h->state != SCAN_HOST_DOWN)
				h->next_port--;
		} else if (h->next_udp < s->conf.n_udp_ports) {
			h->next_udp++; /* as above */
			rc = scan_udp_start(
			    s, h, s->conf.udp_ports[h->next_udp - 1], now);
			if (rc < 0 && h->state != SCAN_HOST_DOWN)
				h->next_udp--;
		} else if (h->n_retry > 0) {
			/* a port's second chance before more load */
			rc = start_retry(s, h, now);
		} else {
			rc = start_follow(s, h, now);
		}
		if (rc < 0)
			return -1;
	}
	host_settle(s, h);
	return 0;
}

static int
schedule(struct scan *s, uint64_t now)
{
	while (s->admitted < s->n_hosts && s->active < s->group) {
		s->hosts[s->admitted++].active = 1;
		s->active++;
	}
	while (
	    s->first_active < s->admitted && !s->hosts[s->first_active].active)
		s->first_active++;
	s->discovering = 0;
	for (size_t i = s->first_active; i < s->admitted; i++) {
		const struct scan_host *h = &s->hosts[i];

		if (h->active && h->state != SCAN_HOST_DOWN &&
		    (h->next_port < s->conf.n_ports || h->n_retry > 0)) {
			s->discovering = 1;
			break;
		}
	}
	for (size_t i = s->first_active; i < s->admitted && s->n_free > 0; i++)
		if (s->hosts[i].active && start_some(s, &s->hosts[i], now) < 0)
			return -1;
	return 0;
}

/* How long epoll may sleep: to the next deadline or the next rate slot,
 * in milliseconds, at least 1 so the loop never spins. */
static int
sleep_ms(const struct scan *s, uint64_t now)
{
	uint64_t next = now + NS_PER_S;

	for (size_t i = 0; i < s->conf.max_inflight; i++)
		if (s->conns[i].phase != CONN_FREE &&
		    s->conns[i].deadline < next)
			next = s->conns[i].deadline;
	/* the next start a rate holds back, if any host could start one:
	 * an idle scan waiting on its connections sleeps on their deadlines */
	for (size_t i = s->first_active; s->n_free > 0 && i < s->admitted;
	     i++) {
		const struct scan_host *h = &s->hosts[i];
		uint64_t at =
		    h->next_ns > s->rate_next ? h->next_ns : s->rate_next;

		if (at < next && can_start(s, h))
			next = at;
	}
	return next <= now ? 1
	                   : (int)((next - now + NS_PER_MS - 1) / NS_PER_MS);
}

static void
sort_ports(struct scan *s)
{
	for (size_t i = 0; i < s->n_hosts; i++) {
		struct scan_host *h = &s->hosts[i];

		for (size_t j = 1; j < h->n_open; j++)
			for (size_t k = j;
			     k > 0 &&
			     (h->open[k - 1].proto > h->open[k].proto ||
			         (h->open[k - 1].proto == h->open[k].proto &&
			             h->open[k - 1].port > h->open[k].port));
			     k--) {
				struct scan_open_port t = h->open[k];

				h->open[k] = h->open[k - 1];
				h->open[k - 1] = t;
			}
	}
}

void
scan_stop(struct scan *s)
{
	s->stop = 1;
}

int
scan_run(struct scan *s, scan_progress_fn progress, void *arg, char *err,
    size_t errlen)
{
	struct epoll_event ev[256];
	uint64_t start = now_ns(), now = start;
	int n;

	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0)
		goto fail;
	for (;;) {
		if (schedule(s, now) < 0 && s->n_free == s->conf.max_inflight)
			goto fail; /* no socket at all, nothing to wait for */
		if (s->active == 0 && s->admitted == s->n_hosts)
			break;
		n = epoll_wait(s->epfd, ev, 256, sleep_ms(s, now));
		if (n < 0 && errno != EINTR)
			goto fail;
		now = now_ns();
		for (int i = 0; i < n; i++) {
			struct conn *c = &s->conns[ev[i].data.u64];

			if (c->phase != CONN_FREE)
				on_event(s, c, ev[i].events, now);
		}
		for (size_t i = 0; i < s->conf.max_inflight; i++)
			if (s->conns[i].phase != CONN_FREE &&
			    s->conns[i].deadline <= now)
				expire(s, &s->conns[i]);
		if (progress != NULL)
			progress(arg, s->done, s->total);
		if (s->stop) {
			for (size_t i = 0; i < s->conf.max_inflight; i++)
				if (s->conns[i].phase != CONN_FREE)
					conn_close(s, &s->conns[i], 1);
			return 1;
		}
	}
	sort_ports(s);
	s->stats.seconds = (double)(now_ns() - start) / 1e9;
	return 0;
fail:
	snprintf(err, errlen, "scan: %s", strerror(errno));
	return -1;
}
