/*
 * The radius role's directives. The role runs when at least one
 * radius-client is configured: a gateway with no NAS to answer opens no
 * RADIUS port. Secrets are never echoed in an error message.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "daemon/config_parse.h"

#define SECRET_MIN 8

void
config_radius_defaults(struct radius_conf *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->auth_listen, sizeof(r->auth_listen), "127.0.0.1:1812");
	hostport_parse(r->auth_listen, &r->auth_addr, &r->auth_addrlen);
	snprintf(r->acct_listen, sizeof(r->acct_listen), "127.0.0.1:1813");
	hostport_parse(r->acct_listen, &r->acct_addr, &r->acct_addrlen);
	r->require_msgauth = 1;
	r->n_identity = 2;
	r->identity[0] = RADIUS_ID_IMSI;
	r->identity[1] = RADIUS_ID_USER_NAME;
	r->imei_mismatch_reject = 1;
	r->data_limit_suspend = 1;
	r->spike_factor = 10;
	r->spike_min_bytes = 50ULL << 20;
	r->spike_min_days = 3;
	r->coa_port = 3799;
	r->coa_timeout_ms = 1000;
	r->coa_retries = 2;
	r->dedup_slots = 65536;
	r->acct_flush_ms = 0;
}

static void
listen_arg(struct parser *p, const char *v, const char *what, char *text,
    size_t textsz, struct sockaddr_storage *ss, socklen_t *len)
{
	if (hostport_parse(v, ss, len) < 0) {
		perr(p, "%s wants ADDRESS:PORT or [V6ADDRESS]:PORT, not '%s'",
		    what, v);
		return;
	}
	copy_arg(p, text, textsz, v, what);
}

static void
d_auth_listen(struct parser *p, int argc, char **argv)
{
	struct radius_conf *r = &p->c->radius;

	(void)argc;
	listen_arg(p, argv[0], "radius-auth-listen", r->auth_listen,
	    sizeof(r->auth_listen), &r->auth_addr, &r->auth_addrlen);
}

static void
d_acct_listen(struct parser *p, int argc, char **argv)
{
	struct radius_conf *r = &p->c->radius;

	(void)argc;
	listen_arg(p, argv[0], "radius-acct-listen", r->acct_listen,
	    sizeof(r->acct_listen), &r->acct_addr, &r->acct_addrlen);
}

static int
msgauth_word(struct parser *p, const char *v, int *out)
{
	if (strcmp(v, "required") == 0)
		*out = 1;
	else if (strcmp(v, "optional") == 0)
		*out = 0;
	else {
		perr(p, "message-authenticator must be required or optional, "
			"not '%s'", v);
		return -1;
	}
	return 0;
}

/* coa-port=N and message-authenticator=required|optional, after the
 * three fixed words. -1 (after reporting) on anything else. */
static int
client_option(struct parser *p, struct radius_client_conf *c, const char *opt)
{
	const char *eq = strchr(opt, '=');
	uint64_t v;

	if (eq != NULL && strncmp(opt, "coa-port=", 9) == 0) {
		if (uint_arg(p, eq + 1, 1, 65535, &v, "coa-port") < 0)
			return -1;
		c->coa_port = (uint16_t)v;
		return 0;
	}
	if (eq != NULL && strncmp(opt, "message-authenticator=", 22) == 0)
		return msgauth_word(p, eq + 1, &c->require_msgauth);
	perr(p, "radius-client option '%.64s' is not coa-port=PORT or "
		"message-authenticator=required|optional", opt);
	return -1;
}

static void
d_client(struct parser *p, int argc, char **argv)
{
	struct radius_conf *r = &p->c->radius;
	struct radius_client_conf c;
	char other[CIDR_STRLEN];
	size_t slen = strlen(argv[2]);

	memset(&c, 0, sizeof(c));
	c.require_msgauth = -1;
	if (argv[0][0] == '\0' || strlen(argv[0]) >= sizeof(c.name)) {
		perr(p, "radius-client name must be 1 to %zu characters",
		    sizeof(c.name) - 1);
		return;
	}
	snprintf(c.name, sizeof(c.name), "%s", argv[0]);
	/* A bare address is a single host. */
	if (strchr(argv[1], '/') == NULL && ipaddr_parse(argv[1],
	    &c.net.net) == 0)
		c.net.prefix = c.net.net.family == AF_INET ? 32 : 128;
	else if (cidr_parse(argv[1], &c.net) < 0) {
		perr(p, "radius-client %s: '%s' is not an address or a CIDR "
			"without host bits", c.name, argv[1]);
		return;
	}
	/* The secret's text is never part of a message. */
	if (slen < SECRET_MIN || slen > RADIUS_SECRET_CONF_MAX) {
		perr(p, "radius-client %s: the secret must be %d to %d "
			"characters (it has %zu)", c.name, SECRET_MIN,
		    RADIUS_SECRET_CONF_MAX, slen);
		return;
	}
	memcpy(c.secret, argv[2], slen + 1);
	for (int i = 3; i < argc; i++)
		if (client_option(p, &c, argv[i]) < 0)
			return;
	for (size_t i = 0; i < r->n_clients; i++) {
		if (strcmp(r->clients[i].name, c.name) == 0) {
			perr(p, "radius-client %s is defined twice", c.name);
			return;
		}
		if (cidr_overlaps(&r->clients[i].net, &c.net)) {
			cidr_format(&r->clients[i].net, other, sizeof(other));
			perr(p, "radius-client %s: %s overlaps %s of client "
				"%s", c.name, argv[1], other,
			    r->clients[i].name);
			return;
		}
	}
	if (r->n_clients == RADIUS_CLIENTS_MAX) {
		perr(p, "at most %d radius-client lines", RADIUS_CLIENTS_MAX);
		return;
	}
	r->clients[r->n_clients++] = c;
	explicit_bzero(&c, sizeof(c));
}

static void
d_msgauth(struct parser *p, int argc, char **argv)
{
	(void)argc;
	msgauth_word(p, argv[0], &p->c->radius.require_msgauth);
}

static void
d_identity(struct parser *p, int argc, char **argv)
{
	static const char *const names[RADIUS_ID_COUNT] = {
	    "imsi", "user-name", "msisdn"};
	struct radius_conf *r = &p->c->radius;
	unsigned seen = 0;

	r->n_identity = 0;
	for (int i = 0; i < argc; i++) {
		int k;

		for (k = 0; k < RADIUS_ID_COUNT; k++)
			if (strcmp(argv[i], names[k]) == 0)
				break;
		if (k == RADIUS_ID_COUNT) {
			perr(p, "radius-identity takes imsi, user-name and "
				"msisdn, not '%s'", argv[i]);
			return;
		}
		if (seen & (1u << k)) {
			perr(p, "radius-identity names %s twice", argv[i]);
			return;
		}
		seen |= 1u << k;
		r->identity[r->n_identity++] = (enum radius_identity)k;
	}
}

static void
d_uint32(struct parser *p, const char *v, const char *what, uint32_t max,
    uint32_t *out)
{
	uint64_t n;

	if (uint_arg(p, v, 0, max, &n, what) == 0)
		*out = (uint32_t)n;
}

static void
d_session_timeout(struct parser *p, int argc, char **argv)
{
	(void)argc;
	d_uint32(p, argv[0], "radius-session-timeout", 31536000,
	    &p->c->radius.session_timeout);
}

static void
d_interim(struct parser *p, int argc, char **argv)
{
	uint32_t v = 0;

	(void)argc;
	d_uint32(p, argv[0], "radius-interim-interval", 86400, &v);
	/* RFC 2869 section 5.16: not below 60 seconds. */
	if (v != 0 && v < 60)
		perr(p, "radius-interim-interval must be 0 or at least 60 "
			"seconds (RFC 2869)");
	else
		p->c->radius.interim_interval = v;
}

static void
d_imei_mismatch(struct parser *p, int argc, char **argv)
{
	(void)argc;
	choice_arg(p, argv[0], "radius-imei-mismatch", "reject", "alert",
	    &p->c->radius.imei_mismatch_reject);
}

static void
d_limit_action(struct parser *p, int argc, char **argv)
{
	(void)argc;
	choice_arg(p, argv[0], "radius-data-limit-action", "suspend", "alert",
	    &p->c->radius.data_limit_suspend);
}

static void
d_spike_factor(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 2, 1000, &v, "radius-spike-factor") == 0)
		p->c->radius.spike_factor = (unsigned)v;
}

static void
d_spike_min_bytes(struct parser *p, int argc, char **argv)
{
	(void)argc;
	size_arg(p, argv[0], 0, 1ULL << 50, &p->c->radius.spike_min_bytes,
	    "radius-spike-min-bytes");
}

static void
d_spike_min_days(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 60, &v, "radius-spike-min-days") == 0)
		p->c->radius.spike_min_days = (unsigned)v;
}

static void
d_coa_port(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 65535, &v, "radius-coa-port") == 0)
		p->c->radius.coa_port = (uint16_t)v;
}

static void
d_coa_timeout(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 50, 30000, &v, "radius-coa-timeout") == 0)
		p->c->radius.coa_timeout_ms = (unsigned)v;
}

static void
d_coa_retries(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 0, 10, &v, "radius-coa-retries") == 0)
		p->c->radius.coa_retries = (unsigned)v;
}

static void
d_dedup_slots(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 256, 1u << 24, &v, "radius-dedup-slots") ==
	    0)
		p->c->radius.dedup_slots = (unsigned)v;
}

static void
d_acct_flush(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 0, 1000, &v, "radius-acct-flush") == 0)
		p->c->radius.acct_flush_ms = (unsigned)v;
}

const struct directive config_radius_directives[] = {
    {"radius-auth-listen", 1, 1, 0, d_auth_listen},
    {"radius-acct-listen", 1, 1, 0, d_acct_listen},
    {"radius-client", 3, 5, 1, d_client},
    {"radius-message-authenticator", 1, 1, 0, d_msgauth},
    {"radius-identity", 1, 3, 0, d_identity},
    {"radius-session-timeout", 1, 1, 0, d_session_timeout},
    {"radius-interim-interval", 1, 1, 0, d_interim},
    {"radius-imei-mismatch", 1, 1, 0, d_imei_mismatch},
    {"radius-data-limit-action", 1, 1, 0, d_limit_action},
    {"radius-spike-factor", 1, 1, 0, d_spike_factor},
    {"radius-spike-min-bytes", 1, 1, 0, d_spike_min_bytes},
    {"radius-spike-min-days", 1, 1, 0, d_spike_min_days},
    {"radius-coa-port", 1, 1, 0, d_coa_port},
    {"radius-coa-timeout", 1, 1, 0, d_coa_timeout},
    {"radius-coa-retries", 1, 1, 0, d_coa_retries},
    {"radius-dedup-slots", 1, 1, 0, d_dedup_slots},
    {"radius-acct-flush", 1, 1, 0, d_acct_flush},
    {NULL, 0, 0, 0, NULL},
};

/* Fill what a client left to the global settings, and decide whether the
 * role runs. */
void
config_radius_finish(struct parser *p)
{
	struct radius_conf *r = &p->c->radius;

	for (size_t i = 0; i < r->n_clients; i++) {
		if (r->clients[i].require_msgauth < 0)
			r->clients[i].require_msgauth = r->require_msgauth;
		if (r->clients[i].coa_port == 0)
			r->clients[i].coa_port = r->coa_port;
	}
	r->enabled = r->n_clients > 0;
}
