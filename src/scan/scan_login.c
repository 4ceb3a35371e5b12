/*
 * The dictionary against a host's telnet and SSH services: which port
 * gets it, which pair comes next, when to stop; and the telnet session
 * itself (probe_telnet.c does the talking).
 *
 * One pair a connection, in the dictionary's order, one connection at a
 * time per service and host. Attempts stop at the first pair that
 * works, at the end of the dictionary (or of login-attempts), or when
 * the service stops offering a login: a port that gives no prompt is no
 * login service, and the dictionary moves to the host's next open port
 * of the kind; a later attempt that gets no prompt means the device has
 * had enough of us.
 *
 * A pair that works is checked once: the next attempt types the same
 * user with a random password. A login that takes that too checks
 * nothing (any password: SCAN_LOGIN_ANY); one that refuses it took the
 * pair for what it is. A server that lets everyone in is not a device
 * with a default password, and a report must not say so.
 */
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "scan/http_digest.h"
#include "scan/scan_engine.h"

unsigned
scan_login_budget(const struct scan *s)
{
	unsigned n = s->conf.creds != NULL ? (unsigned)s->conf.creds->n : 0;

	if (s->conf.login_attempts != 0 && s->conf.login_attempts < n)
		n = s->conf.login_attempts;
	return n;
}

const char *
scan_login_user(const struct scan *s, const struct scan_login_state *l)
{
	return s->conf.creds->v[l->next_cred].user;
}

const char *
scan_login_pass(const struct scan *s, const struct scan_login_state *l)
{
	return l->control ? s->control_pass
	                  : s->conf.creds->v[l->next_cred].pass;
}

/* Dictionary attempts on the whole host: login-attempts bounds them. */
static unsigned
host_tries(const struct scan_host *h)
{
	unsigned n = 0;

	for (int k = 0; k < SCAN_LOGIN_KINDS; k++)
		n += h->login[k].tries;
	return n;
}

static int
tried(const struct scan_login_state *l, uint16_t port)
{
	for (size_t i = 0; i < l->n_tried; i++)
		if (l->tried[i] == port)
			return 1;
	return 0;
}

/* Give the dictionary to port: from its first pair. 0 when it had it. */
static int
take_port(struct scan_login_state *l, uint16_t port)
{
	if (tried(l, port) || l->n_tried == SCAN_LOGIN_PORTS_MAX)
		return 0;
	l->tried[l->n_tried++] = port;
	l->port = port;
	l->result = SCAN_LOGIN_NONE;
	l->next_cred = 0;
	l->tries = 0;
	l->retried = 0;
	return 1;
}

void
scan_login_offer(struct scan *s, struct scan_host *h, int kind, uint16_t port)
{
	struct scan_login_state *l = &h->login[kind];

	(void)s;
	if (l->port == 0 && take_port(l, port))
		l->queued = 1;
}

static int
is_kind(const struct scan_open_port *o, int kind)
{
	enum scan_probe p = scan_port_info(o->port)->probe;

	if (o->proto != SCAN_TCP)
		return 0; /* a UDP port of the same number */
	if (kind == SCAN_TELNET)
		return p == SCAN_PROBE_TELNET;
	if (kind == SCAN_HTTP || kind == SCAN_HTTPS)
		return p == (kind == SCAN_HTTP ? SCAN_PROBE_HTTP
		                               : SCAN_PROBE_HTTPS) &&
		       o->answer == 401 &&
		       (o->http_auth == HTTP_AUTH_BASIC ||
		           o->http_auth == HTTP_AUTH_DIGEST);
	return p == SCAN_PROBE_SSH && strncmp(o->banner, "SSH-", 4) == 0;
}

/* The port gave no prompt: the next open port of the kind, if any. */
static void
next_port(struct scan_host *h, int kind)
{
	struct scan_login_state *l = &h->login[kind];

	for (size_t i = 0; i < h->n_open; i++)
		if (is_kind(&h->open[i], kind) &&
		    take_port(l, h->open[i].port)) {
			l->queued = 1;
			return;
		}
}

void
scan_login_done(struct scan *s, struct conn *c, enum attempt a)
{
	struct scan_login_state *l = &c->host->login[c->kind];
	const struct creds *cr = s->conf.creds;

	if (l->control) {
		/* the random password: taken means any would be */
		l->control = 0;
		if (a == ATTEMPT_OK)
			l->result = SCAN_LOGIN_ANY;
		return;
	}
	switch (a) {
	case ATTEMPT_OK:
		l->result = SCAN_LOGIN_OK;
		l->cred = &cr->v[l->next_cred];
		l->control = 1;
		l->queued = 1;
		return;
	case ATTEMPT_NO_AUTH:
		l->result = SCAN_LOGIN_NO_AUTH;
		return;
	case ATTEMPT_NO_PASSWORD:
		l->result = SCAN_LOGIN_NO_PASSWORD;
		return;
	case ATTEMPT_LOOKED:
		return;
	case ATTEMPT_NO_PROMPT:
		if (!l->retried && l->result != SCAN_LOGIN_NO_PASSWORD) {
			/* once: a busy device may just be late */
			l->retried = 1;
			l->tries -= l->tries > 0 && c->kind == SCAN_TELNET &&
			            !telnet_probe_typed(&c->telnet);
			l->queued = 1;
			return;
		}
		if (l->result == SCAN_LOGIN_NONE) {
			l->result = SCAN_LOGIN_NO_PROMPT;
			next_port(c->host, c->kind);
		}
		return;
	case ATTEMPT_FAILED:
		l->result = SCAN_LOGIN_REFUSED;
		if (l->next_cred + 1 < cr->n &&
		    (s->conf.login_attempts == 0
		            ? l->tries < scan_login_budget(s)
		            : host_tries(c->host) < s->conf.login_attempts)) {
			l->next_cred++;
			l->queued = 1;
		}
		return;
	}
}

/* --- HTTP Basic and Digest -------------------------------------------------
 */

/* The port's challenge, as GET / found it. */
static int
port_auth(const struct conn *c)
{
	for (size_t i = 0; i < c->host->n_open; i++)
		if (c->host->open[i].port == c->port &&
		    c->host->open[i].proto == SCAN_TCP)
			return c->host->open[i].http_auth;
	return HTTP_AUTH_NONE;
}

/* Basic: the pair goes with the GET. Digest: a HEAD first, on a
 * connection kept open, for a challenge of this connection's own (a
 * nonce may be good for one answer only), then the GET answering it
 * (scan_login_digest). A HEAD's answer has no body, so the next answer
 * starts where its head ends. */
int
scan_login_http_begin(struct scan *s, struct conn *c)
{
	struct scan_login_state *l = &c->host->login[c->kind];
	char req[HTTP_REQUEST_MAX], host[ADDR_STRLEN + 2];
	size_t n;

	conn_host(c, host);
	if (port_auth(c) == HTTP_AUTH_DIGEST) {
		c->digest_step = 1;
		n = http_probe_head_request(req, host);
	} else {
		n = http_probe_request(
		    req, host, scan_login_user(s, l), scan_login_pass(s, l));
		l->tries += !l->control;
		s->stats.logins++;
	}
	if (n > 0 && conn_send(c, req, n) == (ssize_t)n)
		return 1;
	scan_login_done(s, c, ATTEMPT_NO_PROMPT);
	conn_close(s, c, 1);
	return 0;
}

/* A 2xx logged in; 401, 403 and redirects refused the pair (a redirect
 * is as often to "/login?error" as to the page); anything else means
 * the login is not what it was. */
void
scan_login_http_end(struct scan *s, struct conn *c, int status)
{
	enum attempt a = ATTEMPT_NO_PROMPT;

	if (status >= 200 && status < 300)
		a = ATTEMPT_OK;
	else if (status == 401 || status == 403 ||
	         (status >= 300 && status < 400))
		a = ATTEMPT_FAILED;
	scan_login_done(s, c, a);
	conn_close(s, c, 0);
}

void
scan_login_digest(struct scan *s, struct conn *c)
{
	struct scan_login_state *l = &c->host->login[c->kind];
	char req[HTTP_REQUEST_MAX + DIGEST_HEADER_MAX];
	char auth[DIGEST_HEADER_MAX], host[ADDR_STRLEN + 2], cnonce[17];
	struct http_digest d;
	size_t n = 0;

	/* a fresh client nonce per attempt: the control password's bytes
	 * are random, and the count of tries tells attempts apart */
	snprintf(
	    cnonce, sizeof(cnonce), "%.8s%08x", s->control_pass + 1, l->tries);
	if (http_digest_find(c->answer, c->answer_len, &d) &&
	    http_digest_authorization(auth, &d, scan_login_user(s, l),
	        scan_login_pass(s, l), "GET", "/", cnonce, 1) > 0) {
		conn_host(c, host);
		n = http_probe_request_with(
		    req, sizeof(req), "GET", "/", host, auth);
	}
	if (n == 0) { /* no challenge we can answer: no login offered */
		scan_login_done(s, c, ATTEMPT_NO_PROMPT);
		conn_close(s, c, 0);
		return;
	}
	l->tries += !l->control;
	s->stats.logins++;
	c->digest_step = 2;
	c->answer_len = 0;
	if (conn_send(c, req, n) != (ssize_t)n) {
		scan_login_done(s, c, ATTEMPT_NO_PROMPT);
		conn_close(s, c, 0);
	}
}

/* --- telnet --------------------------------------------------------------- */

int
scan_login_telnet_begin(struct scan *s, struct conn *c)
{
	struct scan_login_state *l = &c->host->login[SCAN_TELNET];

	if (c->kind < 0) {
		/* a port check that found telnet: the first one found takes
		 * the dictionary, the others are only open; with as many
		 * logins under way as max-logins, its first pair waits in
		 * the queue like the others */
		if (l->port != 0 || !take_port(l, c->port)) {
			conn_close(s, c, 1);
			return 0;
		}
		if (s->logins_inflight >= s->conf.max_logins) {
			l->queued = 1;
			conn_close(s, c, 1);
			return 0;
		}
		c->kind = SCAN_TELNET;
		c->queued_login = 1;
		s->logins_inflight++;
		l->busy = 1;
	}
	if (scan_login_budget(s) == 0) {
		telnet_probe_init(&c->telnet, NULL, NULL);
		return 1;
	}
	l->tries += !l->control;
	s->stats.logins++;
	telnet_probe_init(
	    &c->telnet, scan_login_user(s, l), scan_login_pass(s, l));
	return 1;
}

void
scan_login_telnet_end(struct scan *s, struct conn *c, enum telnet_result r)
{
	const char *banner = telnet_probe_banner(&c->telnet);
	int typed = telnet_probe_typed(&c->telnet);
	enum attempt a;

	/* the port's banner, from the first attempt that saw one */
	for (size_t i = 0; i < c->host->n_open; i++)
		if (c->host->open[i].port == c->port &&
		    c->host->open[i].banner[0] == '\0') {
			c->open_idx = i;
			conn_set_banner(c, banner, strlen(banner));
		}
	switch (r) {
	case TELNET_LOGIN_OK:
		a = ATTEMPT_OK;
		break;
	case TELNET_NO_AUTH:
		a = ATTEMPT_NO_AUTH;
		break;
	case TELNET_LOGIN_FAILED:
		a = c->telnet.user == NULL ? ATTEMPT_LOOKED : ATTEMPT_FAILED;
		break;
	default: /* no outcome in time, or the line closed */
		a = typed ? ATTEMPT_FAILED : ATTEMPT_NO_PROMPT;
		break;
	}
	scan_login_done(s, c, a);
	conn_close(s, c, 0);
}

void
scan_login_telnet_read(
    struct scan *s, struct conn *c, const uint8_t *in, size_t n, uint64_t now)
{
	uint8_t out[TELNET_OUT_MAX];
	size_t outlen = 0;
	enum telnet_result r;

	r = telnet_probe_feed(&c->telnet, in, n, out, &outlen);
	if (outlen > 0 && (r == TELNET_PENDING || r == TELNET_QUIET_WAIT) &&
	    send(c->fd, out, outlen, MSG_NOSIGNAL) != (ssize_t)outlen)
		r = TELNET_LOGIN_FAILED; /* a full socket: the line is gone */
	/* more text after a shell prompt ends the wait for quiet */
	c->quiet = r == TELNET_QUIET_WAIT;
	c->deadline =
	    c->quiet ? now + s->conf.quiet_ms * NS_PER_MS : c->read_deadline;
	if (r != TELNET_PENDING && r != TELNET_QUIET_WAIT)
		scan_login_telnet_end(s, c, r);
}
