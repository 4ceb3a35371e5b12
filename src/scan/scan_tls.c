/*
 * TLS ports in the engine: a handshake through OpenSSL on the engine's
 * own non-blocking socket, driven by its epoll (each SSL_ERROR_WANT_READ
 * or WANT_WRITE waits for that direction), within read-ms. The
 * certificate is read and judged (probe_tls.c), never verified: the
 * scanner audits it, and must not stop at the flaw it is looking for.
 * Then the port's own probe runs over the session (HTTP's GET, MQTT's
 * CONNECT), or the connection closes (a mail port: the certificate was
 * all we wanted).
 *
 * A server whose first handshake settled on TLS 1.2 or later gets one
 * more connection offering only TLS 1.0 and 1.1 (never SSL 3), at
 * security level 0 so that no cipher of theirs is refused on our side:
 * whether it accepts them is the legacy-version finding.
 *
 * Both contexts are made on first use and live as long as the scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include <openssl/err.h>

#include "scan/probe_tls.h"
#include "scan/scan_engine.h"

static SSL_CTX *
make_ctx(int legacy)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* an audit sees what the device offers, however weak */
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_options(
	    ctx, SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_NO_TICKET);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) ||
	    (legacy && !SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION)) ||
	    !SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0")) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

void
scan_tls_free(struct scan *s)
{
	SSL_CTX_free(s->tls_ctx);
	SSL_CTX_free(s->tls_legacy_ctx);
	s->tls_ctx = s->tls_legacy_ctx = NULL;
}

/* The port's facts, made when first needed; NULL out of memory. */
static struct tls_facts *
port_facts(struct conn *c)
{
	struct scan_open_port *o;

	if (c->open_idx == (size_t)-1)
		return NULL;
	o = &c->host->open[c->open_idx];
	if (o->tls == NULL)
		o->tls = calloc(1, sizeof(*o->tls));
	return o->tls;
}

/* The handshake failed, or took too long (timeout). */
static void
failed(struct scan *s, struct conn *c, int timeout)
{
	struct tls_facts *f;

	if (c->kind >= 0) {
		scan_login_done(s, c, ATTEMPT_NO_PROMPT);
	} else if (c->follow == FOLLOW_TLS_LEGACY) {
		f = port_facts(c);
		if (f != NULL && !timeout)
			f->legacy = TLS_LEGACY_REFUSED;
	} else {
		(void)port_facts(c); /* open, and no TLS spoken */
	}
	conn_close(s, c, 1);
}

/* The first handshake's facts; a legacy check queued if it is due. */
static void
first_handshake(struct scan *s, struct conn *c)
{
	struct tls_facts *f = port_facts(c);
	X509 *cert = SSL_get0_peer_certificate(c->ssl);
	int version = SSL_version(c->ssl);

	if (f == NULL) {
		s->stats.errors++;
		return;
	}
	f->handshake = 1;
	snprintf(f->version, sizeof(f->version), "%s", SSL_get_version(c->ssl));
	if (cert != NULL)
		tls_facts_read(f, cert, time(NULL));
	if (version <= TLS1_1_VERSION) {
		f->legacy = TLS_LEGACY_ACCEPTED; /* it chose one itself */
		snprintf(f->legacy_version, sizeof(f->legacy_version), "%s",
		    f->version);
	} else if (scan_follow_add(c->host, c->port, FOLLOW_TLS_LEGACY, 0) <
	           0) {
		s->stats.errors++;
	}
}

static void
handshake_done(struct scan *s, struct conn *c, uint64_t now)
{
	struct tls_facts *f;

	if (c->follow == FOLLOW_TLS_LEGACY) {
		f = port_facts(c);
		if (f != NULL) {
			f->legacy = TLS_LEGACY_ACCEPTED;
			snprintf(f->legacy_version, sizeof(f->legacy_version),
			    "%s", SSL_get_version(c->ssl));
		}
		(void)SSL_shutdown(c->ssl); /* close_notify, no data */
		conn_close(s, c, 0);
		return;
	}
	if (c->kind < 0 && c->follow == FOLLOW_NONE)
		first_handshake(s, c);
	conn_probe(s, c, now);
}

void
scan_tls_begin(struct scan *s, struct conn *c, uint64_t now)
{
	SSL_CTX **ctx =
	    c->follow == FOLLOW_TLS_LEGACY ? &s->tls_legacy_ctx : &s->tls_ctx;

	if (*ctx == NULL)
		*ctx = make_ctx(c->follow == FOLLOW_TLS_LEGACY);
	c->ssl = *ctx != NULL ? SSL_new(*ctx) : NULL;
	if (c->ssl == NULL || !SSL_set_fd(c->ssl, c->fd)) {
		s->stats.errors++;
		failed(s, c, 1);
		return;
	}
	SSL_set_connect_state(c->ssl);
	c->phase = CONN_TLS;
	c->deadline =
	    now +
	    (c->kind >= 0 ? s->conf.login_ms : s->conf.read_ms) * NS_PER_MS;
	scan_tls_event(s, c, now);
}

void
scan_tls_event(struct scan *s, struct conn *c, uint64_t now)
{
	int rc, e;

	ERR_clear_error();
	rc = SSL_do_handshake(c->ssl);
	if (rc == 1) {
		handshake_done(s, c, now);
		return;
	}
	e = SSL_get_error(c->ssl, rc);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		if (conn_watch(s, c,
		        e == SSL_ERROR_WANT_READ ? EPOLLIN | EPOLLRDHUP
		                                 : EPOLLOUT,
		        EPOLL_CTL_MOD) < 0) {
			s->stats.errors++;
			failed(s, c, 1);
		}
		return;
	}
	ERR_clear_error(); /* the reason is the device's: not ours to keep */
	failed(s, c, 0);
}

void
scan_tls_expire(struct scan *s, struct conn *c)
{
	failed(s, c, 1);
}
